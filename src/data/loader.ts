/**
 * torch.utils.data.DataLoader: batches from a dataset through a sampler,
 * collated, in the main thread or in parallel Web Workers.
 *
 * Randomness follows PyTorch: each new iterator draws its base seed with
 * one int64 `random_()` from the loader's generator (else torch's default
 * one), then a shuffling RandomSampler draws its own seed the same way and
 * takes `randperm`; so `torch.manualSeed(s)` gives PyTorch's order.
 * Workers seed their default generator with base seed + worker id.
 *
 * With `numWorkers > 0`, workers are Deno module workers started through
 * node:worker_threads (whose Worker can be unref'd: idle workers never keep
 * the process alive). Each worker gets a copy of the dataset (see
 * serialize.ts), batch requests go out round-robin, `prefetchFactor` per
 * worker ahead, and batches come back in order with their buffers
 * transferred. Both `for...of` (the main thread blocks on a shared counter
 * and takes messages with receiveMessageOnPort) and `for await` work.
 * Workers stop when the iteration ends, breaks or throws, unless
 * `persistentWorkers` (then `loader.shutdown()` or `using` stops them).
 */
import { receiveMessageOnPort, Worker as ThreadWorker } from "node:worker_threads";
import { Binder, opt, req } from "../api/signature.ts";
import { RuntimeError } from "../core/errors.ts";
import { canPin } from "../backend/pinned.ts";
import { mapLeaves } from "../torch/pytree.ts";
import { Tensor } from "../torch/tensor.ts";
import type { TorchGenerator } from "../random/torch_generator.ts";
import { defaultCollate, defaultConvert } from "./collate.ts";
import { type Dataset, isIterableDataset, lengthOf } from "./dataset.ts";
import { fetchIterable, fetchMap, type FetchPlan } from "./fetch.ts";
import { BatchSampler, RandomSampler, Sampler, SequentialSampler } from "./sampler.ts";
import { decodeSync, encode } from "./serialize.ts";
import { CONV, generatorOf, randomInt64 } from "./util.ts";
import type { Task, WorkerInit } from "./worker.ts";

const LOADER = new Binder("DataLoader", {
  pos: [
    req("dataset", "any"),
    opt("batchSize", "int", 1, { nullable: true }),
    opt("shuffle", "any", null),
    opt("sampler", "any", null),
    opt("batchSampler", "any", null),
    opt("numWorkers", "int", 0),
    opt("collateFn", "fn", null),
    opt("pinMemory", "bool", false),
    opt("dropLast", "bool", false),
    opt("timeout", "number", 0),
    opt("workerInitFn", "fn", null),
    opt("multiprocessingContext", "any", null),
    opt("generator", "any", null),
  ],
  kw: [
    opt("prefetchFactor", "int", null),
    opt("persistentWorkers", "bool", false),
    opt("pinMemoryDevice", "string", ""),
    opt("inOrder", "bool", true),
  ],
});

/** DataLoader's options (PyTorch's keyword arguments, camelCased). */
export interface DataLoaderOptions {
  batchSize?: number | null;
  shuffle?: boolean | null;
  sampler?: Iterable<unknown> | null;
  batchSampler?: Iterable<number[]> | null;
  numWorkers?: number;
  collateFn?: ((batch: never) => unknown) | null;
  pinMemory?: boolean;
  dropLast?: boolean;
  timeout?: number;
  workerInitFn?: ((id: number) => void) | null;
  multiprocessingContext?: unknown;
  generator?: TorchGenerator | null;
  prefetchFactor?: number | null;
  persistentWorkers?: boolean;
  pinMemoryDevice?: string;
  inOrder?: boolean;
}

/** A sampler for iterable datasets: endless nulls. */
class InfiniteConstantSampler {
  *[Symbol.iterator](): Iterator<null> {
    while (true) yield null;
  }
}

let liveWorkers = 0;
/** How many DataLoader workers are running now (tests check that none outlive their loop). */
export function activeWorkers(): number {
  return liveWorkers;
}

/**
 * Loads batches from a dataset.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DataLoader } from "./loader.ts";
 * const loader = new DataLoader([1, 2, 3, 4, 5], { batchSize: 2 });
 * assert.deepEqual([...loader].map((b) => (b as { tolist(): unknown }).tolist()), [[1, 2], [3, 4], [5]]);
 * assert.equal(loader.length, 3);
 * ```
 */
// deno-lint-ignore no-explicit-any
export class DataLoader<B = any> implements Iterable<B>, AsyncIterable<B> {
  /** The dataset batches are read from. */
  readonly dataset: Dataset | unknown[] | Iterable<unknown>;
  /** Samples per batch (null: no batching). */
  readonly batchSize: number | null;
  /** Whether a last, smaller batch is dropped. */
  readonly dropLast: boolean;
  /** The index stream. */
  readonly sampler: Iterable<unknown>;
  /** The batch index stream (null without batching). */
  readonly batchSampler: Iterable<number[]> | null;
  /** Worker count (0: load in the main thread). */
  readonly numWorkers: number;
  /** Merges a batch's samples. */
  readonly collateFn: (batch: never) => unknown;
  /** Batches loaded ahead per worker. */
  readonly prefetchFactor: number | null;
  /** Whether workers outlive an epoch. */
  readonly persistentWorkers: boolean;
  /** Seconds to wait for a worker's batch (0: forever). */
  readonly timeout: number;
  /** Called in each worker with its id. */
  readonly workerInitFn: ((id: number) => void) | null;
  /** The generator shuffling draws from. */
  readonly generator: TorchGenerator | null;
  /** PyTorch's pin_memory (no effect on CPU). */
  readonly pinMemory: boolean;
  #iterable: boolean;
  #customCollate: boolean;
  #pool: WorkerPool | null = null;

  /** A loader over `dataset`: options by position (PyTorch's order) or in an options object. */
  constructor(dataset: Dataset | unknown[] | Iterable<unknown>, ...rest: unknown[]) {
    const a = LOADER.bind([dataset, ...rest], CONV);
    if (a.numWorkers < 0) {
      throw new RangeError(
        "num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.",
      );
    }
    if (a.timeout < 0) throw new RangeError("timeout option should be non-negative");
    if (a.numWorkers === 0 && a.prefetchFactor !== null) {
      throw new RangeError(
        "prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 to enable " +
          "multiprocessing, otherwise set prefetch_factor to None.",
      );
    }
    if (a.prefetchFactor !== null && a.prefetchFactor < 0) {
      throw new RangeError("prefetch_factor option should be non-negative");
    }
    if (a.persistentWorkers && a.numWorkers === 0) {
      throw new RangeError("persistent_workers option needs num_workers > 0");
    }
    if (a.shuffle !== null && typeof a.shuffle !== "boolean") {
      throw new TypeError(`DataLoader(): argument 'shuffle' must be a boolean or null, not ${typeof a.shuffle}`);
    }
    const iterable = isIterableDataset(dataset);
    if (iterable) {
      if (a.shuffle) {
        throw new RangeError(
          `DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=${a.shuffle}`,
        );
      }
      if (a.sampler !== null) {
        throw new RangeError("DataLoader with IterableDataset: expected unspecified sampler option");
      }
      if (a.batchSampler !== null) {
        throw new RangeError("DataLoader with IterableDataset: expected unspecified batch_sampler option");
      }
    }
    if (a.sampler !== null && a.shuffle) throw new RangeError("sampler option is mutually exclusive with shuffle");
    let batchSize: number | null = a.batchSize, dropLast: boolean = a.dropLast;
    if (a.batchSampler !== null) {
      if (batchSize !== 1 || a.shuffle || a.sampler !== null || dropLast) {
        throw new RangeError(
          "batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last",
        );
      }
      batchSize = null;
      dropLast = false;
    } else if (batchSize === null && dropLast) {
      throw new RangeError(
        "batch_size=None option disables auto-batching and is mutually exclusive with drop_last",
      );
    }
    if (batchSize !== null && batchSize <= 0) {
      throw new RangeError(`batch_size should be a positive integer value, but got batch_size=${batchSize}`);
    }
    const generator = a.generator === null ? null : generatorOf(a.generator, "DataLoader");
    let sampler: Iterable<unknown> = a.sampler;
    if (sampler === null) {
      if (iterable) sampler = new InfiniteConstantSampler();
      else {
        if (!Array.isArray(dataset) && typeof (dataset as Dataset | null)?.getItem !== "function") {
          throw new TypeError(
            "DataLoader: the dataset must be a Dataset (getItem and length), an IterableDataset or an array",
          );
        }
        sampler = a.shuffle
          ? new RandomSampler(dataset as { length: number }, { generator })
          : new SequentialSampler(dataset as { length: number });
      }
    }
    let batchSampler: Iterable<number[]> | null = a.batchSampler;
    if (batchSize !== null && batchSampler === null && !iterable) {
      batchSampler = new BatchSampler(sampler as Iterable<number>, batchSize, dropLast);
    }
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.dropLast = dropLast;
    this.sampler = sampler;
    this.batchSampler = batchSampler;
    this.numWorkers = a.numWorkers;
    this.#customCollate = a.collateFn !== null;
    this.collateFn = a.collateFn ?? (batchSize !== null || batchSampler !== null ? defaultCollate : defaultConvert);
    this.prefetchFactor = a.numWorkers > 0 ? a.prefetchFactor ?? 2 : null;
    this.persistentWorkers = a.persistentWorkers;
    this.timeout = a.timeout;
    this.workerInitFn = a.workerInitFn;
    this.generator = generator;
    this.pinMemory = a.pinMemory;
    this.#iterable = iterable;
  }

  /** Whether samples are grouped into lists and collated (a batch size or a batch sampler). */
  get autoCollation(): boolean {
    return this.batchSampler !== null || (this.#iterable && this.batchSize !== null);
  }

  /** The indices each step takes: the batch sampler, else the sampler. */
  get indexSampler(): Iterable<unknown> {
    return this.batchSampler ?? this.sampler;
  }

  /** Number of batches per pass (for an IterableDataset, from its length when it has one). */
  get length(): number {
    if (this.#iterable) {
      const n = lengthOf(this.dataset);
      if (this.batchSize === null) return n;
      return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
    }
    return lengthOf(this.indexSampler, "sampler");
  }

  #plan(): FetchPlan {
    return {
      autoCollation: this.autoCollation,
      collate: this.collateFn,
      batchSize: this.batchSize,
      dropLast: this.dropLast,
    };
  }

  /** One pass, synchronously (workers included: the loop blocks until the next batch is in). */
  [Symbol.iterator](): IterableIterator<B> & { return(): IteratorResult<B> } {
    const run = this.#start();
    const it = {
      next: (): IteratorResult<B> => run.nextSync(),
      return: (): IteratorResult<B> => {
        run.close();
        return { done: true, value: undefined };
      },
      throw: (e: unknown): IteratorResult<B> => {
        run.close();
        throw e;
      },
      [Symbol.iterator]: () => it,
    };
    return it as never;
  }

  /** One pass for `for await` (the event loop keeps running while workers load). */
  [Symbol.asyncIterator](): AsyncIterableIterator<B> {
    const run = this.#start();
    const it = {
      next: (): Promise<IteratorResult<B>> => run.nextAsync(),
      return: (): Promise<IteratorResult<B>> => {
        run.close();
        return Promise.resolve({ done: true, value: undefined });
      },
      [Symbol.asyncIterator]: () => it,
    };
    return it as never;
  }

  /** Stops persistent workers (also `using loader = ...`). */
  shutdown(): void {
    this.#pool?.close();
    this.#pool = null;
  }
  /** `using loader = new DataLoader(...)` shuts its workers down at the end of the block. */
  [Symbol.dispose](): void {
    this.shutdown();
  }

  #start(): Run<B> {
    const run = this.#run();
    if (!this.pinMemory) return run;
    if (!canPin()) {
      console.warn(
        "UserWarning: 'pin_memory' argument is set as true but no accelerator is found, then device pinned memory " +
          "won't be used.",
      );
      return run;
    }
    return new PinnedRun(run);
  }

  #run(): Run<B> {
    if (this.numWorkers === 0) {
      randomInt64(generatorOf(this.generator, "DataLoader")); // the base seed PyTorch's iterator draws
      return new SingleRun<B>(this.dataset, this.indexSampler, this.#plan(), this.#iterable);
    }
    let pool = this.#pool;
    if (pool === null || pool.closed) {
      const seed = randomInt64(generatorOf(this.generator, "DataLoader"));
      pool = new WorkerPool(this, seed, this.#iterable, this.#customCollate);
      if (this.persistentWorkers) this.#pool = pool;
    }
    return new MultiRun<B>(
      pool,
      this.indexSampler,
      this.#iterable,
      this.prefetchFactor!,
      !this.persistentWorkers,
      this.timeout,
    );
  }
}

interface Run<B> {
  nextSync(): IteratorResult<B>;
  nextAsync(): Promise<IteratorResult<B>>;
  close(): void;
}

/**
 * Every tensor of a batch copied into pinned memory, as PyTorch's pin_memory thread: through arrays and records (the
 * pytree walk) and Maps (a custom collateFn's mappings).
 */
function pinBatch(batch: unknown): unknown {
  return mapLeaves(batch, (v) => {
    if (v instanceof Tensor) return v.device === "cpu" ? v.pinMemory() : v;
    if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, pinBatch(x)]));
    return v;
  });
}

/** A run whose batches come pinned (pinMemory: true with an accelerator). */
class PinnedRun<B> implements Run<B> {
  constructor(readonly run: Run<B>) {}
  nextSync(): IteratorResult<B> {
    const r = this.run.nextSync();
    return r.done ? r : { done: false, value: pinBatch(r.value) as B };
  }
  async nextAsync(): Promise<IteratorResult<B>> {
    const r = await this.run.nextAsync();
    return r.done ? r : { done: false, value: pinBatch(r.value) as B };
  }
  close(): void {
    this.run.close();
  }
}

/** numWorkers 0: fetch in the calling thread. */
class SingleRun<B> implements Run<B> {
  #indices: Iterator<unknown> | null = null;
  #stream: Iterator<unknown> | null = null;
  #done = false;
  constructor(
    readonly dataset: unknown,
    readonly sampler: Iterable<unknown>,
    readonly plan: FetchPlan,
    readonly iterable: boolean,
  ) {}
  nextSync(): IteratorResult<B> {
    if (this.#done) return { done: true, value: undefined };
    if (this.iterable) {
      this.#stream ??= (this.dataset as Iterable<unknown>)[Symbol.iterator]();
      const r = fetchIterable(this.#stream, this.plan);
      if (r.done) return this.#finish();
      return { done: false, value: r.value as B };
    }
    this.#indices ??= this.sampler[Symbol.iterator]();
    const r = this.#indices.next();
    if (r.done) return this.#finish();
    return { done: false, value: fetchMap(asDataset(this.dataset), this.plan, r.value as number[]) as B };
  }
  nextAsync(): Promise<IteratorResult<B>> {
    try {
      return Promise.resolve(this.nextSync());
    } catch (e) {
      return Promise.reject(e);
    }
  }
  #finish(): IteratorResult<B> {
    this.close();
    return { done: true, value: undefined };
  }
  close(): void {
    this.#done = true;
    this.#indices?.return?.();
    this.#stream?.return?.();
  }
}

/** Arrays are datasets too: getItem(i) is a[i]. */
function asDataset(d: unknown): Dataset {
  if (Array.isArray(d)) {
    return { getItem: (i: number) => d[i], length: d.length } as unknown as Dataset;
  }
  return d as Dataset;
}

type Reply =
  | { type: "batch"; task: number; epoch: number; value: unknown }
  | { type: "end"; task: number; epoch: number }
  | {
    type: "error";
    task: number | null;
    epoch: number;
    index: number | null;
    name: string;
    message: string;
    stack: string;
  };

const WORKER_URL = new URL("./worker.ts", import.meta.url);

/** A loader's Web Workers, their ports and the shared wake-up counter. */
class WorkerPool {
  readonly workers: ThreadWorker[] = [];
  readonly ports: MessagePort[] = [];
  readonly signal = new Int32Array(new SharedArrayBuffer(4));
  closed = false;
  epoch = 0;
  readonly numWorkers: number;

  constructor(loader: DataLoader, baseSeed: bigint, iterable: boolean, customCollate: boolean) {
    this.numWorkers = loader.numWorkers;
    // encoded once: SharedArrayBuffer-backed data is shared by every worker
    const dataset = encode(loader.dataset);
    const collate = customCollate ? encode(loader.collateFn) : null;
    const initFn = loader.workerInitFn ? encode(loader.workerInitFn) : null;
    try {
      for (let id = 0; id < this.numWorkers; id++) {
        // node:worker_threads' Worker is a Deno module worker that can be unref'd: idle workers (a persistent
        // pool, an abandoned iterator) never keep the process alive
        const w = new ThreadWorker(WORKER_URL, { name: `DataLoader worker ${id}` });
        w.unref();
        liveWorkers++;
        const ch = new MessageChannel();
        const init: WorkerInit = {
          signal: this.signal.buffer as SharedArrayBuffer,
          id,
          numWorkers: this.numWorkers,
          seed: String(baseSeed + BigInt(id)),
          dataset,
          iterable,
          collate,
          autoCollation: loader.autoCollation,
          batchSize: loader.batchSize,
          dropLast: loader.dropLast,
          workerInitFn: initFn,
        };
        // the port alone through the worker's own channel (slow for large messages), the rest through the port
        w.postMessage({ port: ch.port2 }, [ch.port2 as never]);
        ch.port1.postMessage(init);
        this.workers.push(w);
        this.ports.push(ch.port1);
      }
    } catch (e) {
      this.close();
      throw e;
    }
  }

  send(worker: number, t: Task): void {
    this.ports[worker].postMessage(t);
  }

  /** A waiting reply from any worker, or null. */
  poll(): { worker: number; reply: Reply } | null {
    for (let i = 0; i < this.ports.length; i++) {
      const r = receiveMessageOnPort(this.ports[i] as never) as { message: Reply } | undefined;
      if (r) return { worker: i, reply: r.message };
    }
    return null;
  }

  /** Blocks until a reply arrives. */
  waitSync(timeoutMs: number): { worker: number; reply: Reply } {
    const end = timeoutMs > 0 ? performance.now() + timeoutMs : Infinity;
    while (true) {
      const seen = Atomics.load(this.signal, 0);
      const m = this.poll();
      if (m) return m;
      if (performance.now() > end) throw timeoutError(timeoutMs);
      Atomics.wait(this.signal, 0, seen, 50);
    }
  }

  /** Waits (without blocking the event loop) until a reply arrives. */
  async waitAsync(timeoutMs: number): Promise<{ worker: number; reply: Reply }> {
    const end = timeoutMs > 0 ? performance.now() + timeoutMs : Infinity;
    while (true) {
      const seen = Atomics.load(this.signal, 0);
      const m = this.poll();
      if (m) return m;
      if (performance.now() > end) throw timeoutError(timeoutMs);
      // workers are ref'd only while the event loop waits on them
      for (const w of this.workers) w.ref();
      try {
        const r = Atomics.waitAsync(this.signal, 0, seen, 50);
        if (r.async) await r.value;
      } finally {
        for (const w of this.workers) w.unref();
      }
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const w of this.workers) {
      w.terminate();
      liveWorkers--;
    }
    for (const p of this.ports) p.close();
  }
}

function timeoutError(ms: number): RuntimeError {
  return new RuntimeError(`DataLoader timed out after ${ms / 1000} seconds`);
}

/** numWorkers > 0: requests out round-robin, replies back in order. */
class MultiRun<B> implements Run<B> {
  #indices: Iterator<unknown> | null = null;
  #sent = 0;
  #next = 0;
  #outstanding = 0;
  #exhausted = false;
  #done = false;
  #active: boolean[];
  #turn = 0;
  #taskWorker = new Map<number, number>();
  #ready = new Map<number, Reply>();
  readonly epoch: number;

  constructor(
    readonly pool: WorkerPool,
    readonly sampler: Iterable<unknown>,
    readonly iterable: boolean,
    readonly prefetch: number,
    readonly ownsPool: boolean,
    readonly timeout: number,
  ) {
    this.epoch = ++pool.epoch;
    this.#active = new Array(pool.numWorkers).fill(true);
    if (iterable) { for (let w = 0; w < pool.numWorkers; w++) pool.send(w, { type: "reset", epoch: this.epoch }); }
  }

  /** Sends requests until prefetchFactor per worker are out. */
  #fill(): void {
    const limit = Math.max(1, this.prefetch * this.pool.numWorkers);
    while (this.#outstanding < limit && !this.#exhausted) {
      const w = this.#nextWorker();
      if (w < 0) {
        this.#exhausted = true;
        break;
      }
      const task = this.#sent;
      if (this.iterable) this.pool.send(w, { type: "next", task, epoch: this.epoch });
      else {
        this.#indices ??= this.sampler[Symbol.iterator]();
        const r = this.#indices.next();
        if (r.done) {
          this.#exhausted = true;
          break;
        }
        this.pool.send(w, { type: "fetch", task, epoch: this.epoch, indices: r.value as number[] });
      }
      this.#taskWorker.set(task, w);
      this.#sent++;
      this.#outstanding++;
    }
  }

  #nextWorker(): number {
    const n = this.pool.numWorkers;
    for (let k = 0; k < n; k++) {
      const w = (this.#turn + k) % n;
      if (this.#active[w]) {
        this.#turn = w + 1;
        return w;
      }
    }
    return -1;
  }

  #accept(m: { worker: number; reply: Reply }): void {
    const r = m.reply;
    if (r.type === "error" && r.task === null) throw workerError(m.worker, r);
    if (r.epoch !== this.epoch) return; // a reply to an abandoned pass (persistent workers)
    this.#ready.set(r.task!, r);
    this.#outstanding--;
  }

  /** The reply for the next task in order, if it is in; null when the pass is over. */
  #take(): IteratorResult<B> | "wait" {
    while (true) {
      if (this.#done) return { done: true, value: undefined };
      this.#fill();
      if (this.#next >= this.#sent && this.#exhausted) return this.#finish();
      const r = this.#ready.get(this.#next);
      if (!r) return "wait";
      this.#ready.delete(this.#next);
      const w = this.#taskWorker.get(this.#next)!;
      this.#taskWorker.delete(this.#next);
      this.#next++;
      if (r.type === "batch") return { done: false, value: decodeSync(r.value) as B };
      if (r.type === "end") {
        this.#active[w] = false;
        if (this.#active.every((x) => !x)) this.#exhausted = true;
        continue;
      }
      this.close();
      throw workerError(w, r);
    }
  }

  nextSync(): IteratorResult<B> {
    try {
      while (true) {
        const t = this.#take();
        if (t !== "wait") return t;
        this.#accept(this.pool.waitSync(this.timeout * 1000));
      }
    } catch (e) {
      this.close();
      throw e;
    }
  }

  async nextAsync(): Promise<IteratorResult<B>> {
    try {
      while (true) {
        const t = this.#take();
        if (t !== "wait") return t;
        this.#accept(await this.pool.waitAsync(this.timeout * 1000));
      }
    } catch (e) {
      this.close();
      throw e;
    }
  }

  #finish(): IteratorResult<B> {
    this.close();
    return { done: true, value: undefined };
  }

  close(): void {
    if (this.#done) return;
    this.#done = true;
    this.#indices?.return?.();
    if (this.ownsPool) this.pool.close();
  }
}

/** An error raised in a worker, with where it happened. */
export class WorkerError extends RuntimeError {
  constructor(
    message: string,
    readonly worker: number,
    readonly index: number | null,
    readonly originalName: string,
    readonly originalStack: string,
  ) {
    super(message);
    this.name = "WorkerError";
  }
}

function workerError(w: number, r: Extract<Reply, { type: "error" }>): WorkerError {
  const where = r.task === null
    ? "while starting"
    : r.index !== null
    ? `at dataset index ${r.index}`
    : `in batch ${r.task}`;
  return new WorkerError(
    `Caught ${r.name} in DataLoader worker ${w} ${where}: ${r.message}\nOriginal traceback:\n${r.stack}`,
    w,
    r.index,
    r.name,
    r.stack,
  );
}

/** Whether a value is a sampler-like iterable of indices. */
export function isSampler(v: unknown): v is Sampler {
  return v instanceof Sampler;
}
