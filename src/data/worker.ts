/**
 * The DataLoader worker (a Deno module worker started through node:worker_threads): rebuilds the
 * dataset and the collate function sent by the main thread, seeds torch's
 * default generator with the loader's base seed + its id (as PyTorch's
 * workers do), then answers fetch requests on its MessagePort. Batches go
 * back with their buffers transferred (no copy); after each post the
 * worker bumps and notifies a shared counter so a main thread blocked in a
 * synchronous `for...of` wakes up.
 */
// The first message comes through node:worker_threads' parentPort (the loader starts node:worker_threads
// Workers: Deno module workers that can be unref'd). dendrite itself is imported inside the handler, with
// computed specifiers: a module that fails to load (or to type-check, under `deno test`) then rejects an
// import that the handler catches and reports, instead of killing the worker before it can answer.
import { parentPort } from "node:worker_threads";

/** What fetch.ts's functions need (declared here: this module imports nothing statically). */
interface FetchPlan {
  autoCollation: boolean;
  collate: (x: never) => unknown;
  batchSize: number | null;
  dropLast: boolean;
}
type Dataset = { getItem(i: number): unknown; length: number };

/** The first message a worker gets. */
export interface WorkerInit {
  signal: SharedArrayBuffer;
  id: number;
  numWorkers: number;
  seed: string;
  dataset: unknown;
  iterable: boolean;
  collate: unknown;
  autoCollation: boolean;
  batchSize: number | null;
  dropLast: boolean;
  workerInitFn: unknown;
}

/** A request: a map-style step (indices) or the next step of an iterable stream. */
export type Task =
  | { type: "fetch"; task: number; epoch: number; indices: number | number[] }
  | { type: "next"; task: number; epoch: number }
  | { type: "reset"; epoch: number };

/** What the worker uses from dendrite. */
interface Lib {
  torch: { manualSeed(seed: bigint): unknown };
  defaultCollate: (x: never) => unknown;
  defaultConvert: (x: never) => unknown;
  fetchMap(ds: Dataset, plan: FetchPlan, idx: number | number[]): unknown;
  fetchIterable(it: Iterator<unknown>, plan: FetchPlan): { done: true } | { done: false; value: unknown };
  encode(v: unknown, transfer: Set<ArrayBuffer>): unknown;
  decode(e: unknown): Promise<unknown>;
  FUNCTION_SCOPE: Record<string, unknown>;
  WORKER: { info: unknown };
}

/** Imports a module of this library (a computed specifier: it is loaded, and checked, only here). */
const load1 = (path: string) => import(new URL(path, import.meta.url).href);

/** Imports dendrite's modules once the first message is in. */
async function load(functions: boolean): Promise<Lib> {
  const [torchMod, collate, fetch, serialize, info] = await Promise.all([
    load1("../torch/mod.ts"),
    load1("./collate.ts"),
    load1("./fetch.ts"),
    load1("./serialize.ts"),
    load1("./worker_info.ts"),
    load1("../bridge.ts"),
    load1("./mod.ts"),
  ]);
  if (functions) {
    // functions sent by source see dendrite's namespaces
    const all = await load1("../../mod.ts");
    Object.assign(serialize.FUNCTION_SCOPE, { torch: all.torch, np: all.np, data: all.data, vision: all.vision });
  }
  return { torch: torchMod.torch, ...collate, ...fetch, ...serialize, WORKER: info.WORKER };
}

let port: MessagePort;
let signal: Int32Array;

function post(msg: Record<string, unknown>, transfer: ArrayBuffer[] = []): void {
  port.postMessage(msg, transfer);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

function errorMessage(e: unknown, task: number | null, epoch: number, index: number | null) {
  const fe = e instanceof Error && e.name === "FetchError" ? e as Error & { index: number | null } : null;
  const err = fe ? fe.cause : e;
  return {
    type: "error",
    task,
    epoch,
    index: fe ? fe.index : index,
    name: err instanceof Error ? err.name : "Error",
    message: err instanceof Error ? err.message : String(err),
    stack: err instanceof Error ? err.stack ?? "" : "",
  };
}

// Only the port comes through parentPort: Deno's node:worker_threads messages cost about a second per MB, even for
// shared memory, while a MessagePort's are structured clones (shared buffers shared). The init message (the
// dataset) and the tasks come through the port; tasks that arrive while the init is still loading wait in order.
parentPort!.once("message", ({ port: p }: { port: MessagePort }) => {
  port = p;
  const pending: Task[] = [];
  let handle: ((t: Task) => void) | null = null, started = false;
  port.onmessage = (m: MessageEvent) => {
    if (handle) handle(m.data as Task);
    else if (started) pending.push(m.data as Task);
    else {
      started = true;
      void start(m.data as WorkerInit, (h) => {
        handle = h;
        for (const t of pending.splice(0)) h(t);
      });
    }
  };
});

async function start(init: WorkerInit, ready: (handle: (t: Task) => void) => void): Promise<void> {
  signal = new Int32Array(init.signal);
  let dataset: unknown, plan: FetchPlan;
  let lib: Lib;
  try {
    lib = await load(
      JSON.stringify(
        [init.dataset, init.collate, init.workerInitFn],
        (_k, v) => ArrayBuffer.isView(v) || v instanceof ArrayBuffer || v instanceof SharedArrayBuffer ? null : v,
      ).includes(
        '"__fn"',
      ),
    );
    const { decode, defaultCollate, defaultConvert, WORKER, torch } = lib;
    const [ds, collate, initFn] = (await decode([init.dataset, init.collate, init.workerInitFn])) as unknown[];
    dataset = ds;
    plan = {
      autoCollation: init.autoCollation,
      collate: (collate ?? (init.autoCollation ? defaultCollate : defaultConvert)) as FetchPlan["collate"],
      batchSize: init.batchSize,
      dropLast: init.dropLast,
    };
    const seed = BigInt(init.seed);
    WORKER.info = Object.freeze({ id: init.id, numWorkers: init.numWorkers, seed, dataset });
    torch.manualSeed(seed);
    if (typeof initFn === "function") initFn(init.id);
  } catch (e) {
    post(errorMessage(e, null, -1, null));
    return;
  }
  const { encode, fetchIterable, fetchMap } = lib;
  let stream: Iterator<unknown> | null = null;
  ready((t: Task) => {
    if (t.type === "reset") {
      stream = null;
      return;
    }
    try {
      let out: { done: true } | { done: false; value: unknown };
      if (t.type === "fetch") out = { done: false, value: fetchMap(dataset as Dataset, plan, t.indices) };
      else {
        stream ??= (dataset as Iterable<unknown>)[Symbol.iterator]();
        out = fetchIterable(stream, plan);
      }
      if (out.done) post({ type: "end", task: t.task, epoch: t.epoch });
      else {
        const transfer = new Set<ArrayBuffer>();
        const value = encode(out.value, transfer);
        post({ type: "batch", task: t.task, epoch: t.epoch, value }, [...transfer]);
      }
    } catch (e) {
      post(errorMessage(e, t.task, t.epoch, t.type === "fetch" && !Array.isArray(t.indices) ? t.indices : null));
    }
  });
}
