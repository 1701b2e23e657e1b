/**
 * `DistributedDataParallel` (torch.nn.parallel): data-parallel training
 * over a process group. Each process runs the same module on its own part
 * of the batch; gradients are averaged over the processes during
 * backward, so every optimizer works unchanged.
 *
 * How (PyTorch's reducer, in small): at construction, rank 0's parameters
 * and buffers are broadcast; parameters are grouped into buckets in
 * reverse order (the order backward produces their gradients; the first
 * bucket capped at 1 MiB, the others at `bucketCapMb`). A hook on each
 * parameter, run after backward accumulated its gradient into `.grad`
 * (where `noSync` steps' gradients already are), copies `.grad` divided by
 * the world size into its bucket; a full
 * bucket is all-reduced on the communication thread while backward goes
 * on. Buckets are launched in bucket order on every rank, so collectives
 * always match across ranks. The last bucket is all-reduced on the JS
 * thread, after the ones before it; then the JS thread waits for them all
 * (backward is synchronous, as in PyTorch) and writes the averaged
 * gradients back into `.grad`. As PyTorch's reducer hooks the gradient
 * accumulator, backward keeps each gradient it made as `.grad` without a
 * copy, and the bucket copies are the only ones.
 *
 * With `gradientAsBucketView`, each `.grad` becomes its slot in the bucket
 * (PyTorch's option): the averages need no copy back, and when the
 * gradients are zeroed instead of set to null, backward accumulates into the
 * buckets and the copy in goes too.
 */
import { Binder, opt, req } from "../api/signature.ts";
import { isGradEnabled, withGradMode } from "../autograd/grad_mode.ts";
import type { Node } from "../autograd/graph.ts";
import { DTYPES } from "../core/dtype.ts";
import { RuntimeError } from "../core/errors.ts";
import type { Storage } from "../core/storage.ts";
import { View } from "../core/view.ts";
import { Module, type Parameter } from "../nn/module.ts";
import { empty } from "../ops/operand.ts";
import { adoptGrad, peekGrad, Tensor } from "../torch/tensor.ts";
import { torch } from "../torch/mod.ts";
import type { Comm } from "./comm.ts";
import { DistError } from "./errors.ts";
import { commThreadDrain } from "./mpi_thread.ts";
import { type ProcessGroup, resolveGroup } from "./process_group.ts";

const MIB = 2 ** 20;
/** PyTorch's `dist._DEFAULT_FIRST_BUCKET_BYTES`: a small first bucket starts communication early. */
const FIRST_BUCKET_BYTES = MIB;

const CONV = {
  array: (v: unknown) => (v instanceof Tensor ? v : undefined),
  isArray: (v: unknown) => v instanceof Tensor,
  dtype: () => undefined,
  arrayName: "Tensor",
};

const SIG = new Binder("DistributedDataParallel", {
  pos: [
    req("module", "any"),
    opt("deviceIds", "any", null),
    opt("outputDevice", "any", null),
    opt("dim", "int", 0),
    opt("broadcastBuffers", "bool", true),
    opt("initSync", "bool", true),
    opt("processGroup", "any", null),
    opt("bucketCapMb", "number", null),
    opt("findUnusedParameters", "bool", false),
    opt("checkReduction", "bool", false),
    opt("gradientAsBucketView", "bool", false),
    opt("staticGraph", "bool", false),
  ],
  kw: [],
});

/** DistributedDataParallel's options (PyTorch's keyword arguments). */
export interface DDPOptions {
  /** The one device this process's module lives on, as in PyTorch (optional: taken from the parameters). */
  deviceIds?: (number | string)[] | null;
  outputDevice?: number | string | null;
  /** Accepted for compatibility (the batch dimension is the caller's to split). */
  dim?: number;
  /** Broadcast rank 0's buffers (batch-norm statistics) before every forward (default true). */
  broadcastBuffers?: boolean;
  /** Broadcast rank 0's parameters and buffers at construction (default true). */
  initSync?: boolean;
  /** The group to average over (default: the default group). */
  processGroup?: ProcessGroup | null;
  /** Bucket size in MiB (default 25). */
  bucketCapMb?: number | null;
  /** Find, at each forward, the parameters the output does not depend on (needed when some go unused). */
  findUnusedParameters?: boolean;
  checkReduction?: boolean;
  /**
   * Make each parameter's `.grad` a view of its slot in the communication
   * bucket (default false): no copy of the averages back into `.grad`, and
   * none into the bucket either while gradients are zeroed rather than set
   * to null. A `.grad` is then never detached in place (`zeroGrad()`'s
   * default, setting it to null, is fine).
   */
  gradientAsBucketView?: boolean;
  staticGraph?: boolean;
}

/** One bucket: a flat buffer of several parameters' gradients. */
interface Bucket {
  readonly params: number[];
  readonly storage: Storage;
  /** Each parameter's gradient, as a view of the buffer. */
  readonly slots: Tensor[];
  filled: number;
}

/**
 * Wraps a module for data-parallel training: `forward` runs the module, and
 * backward leaves every parameter's gradient averaged over the processes.
 *
 * @example
 * ```ts ignore
 * import { nn, optim, torch } from "../../mod.ts";
 * import * as dist from "./mod.ts";
 * dist.initProcessGroup("mpi");
 * const model = new DistributedDataParallel(new nn.Linear(10, 1));
 * const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
 * const loss = model.forward(torch.randn(8, 10)).pow(2).mean();
 * loss.backward(); // gradients are averaged over the ranks here
 * opt.step();
 * ```
 */
export class DistributedDataParallel extends Module {
  /** The wrapped module (its parameters are the ones trained). */
  module: Module;
  readonly broadcastBuffers: boolean;
  readonly findUnusedParameters: boolean;
  /** The bucket cap in bytes (PyTorch's `bucket_bytes_cap`). */
  readonly bucketBytesCap: number;
  /** Whether each `.grad` is a view of its bucket slot. */
  readonly gradientAsBucketView: boolean;
  readonly #group: ProcessGroup;
  readonly #comm: Comm;
  readonly #params: Parameter[];
  readonly #buckets: Bucket[];
  /** Bucket and slot of each parameter. */
  readonly #where: [number, number][];
  #sync = true;
  /** Buckets launched in this step (they are launched in order). */
  #nextBucket = 0;
  /** Parameters whose gradient reached their bucket in this step. */
  readonly #ready: boolean[];
  /** Parameters this rank found unused at forward (findUnusedParameters). */
  #unused = new Set<number>();

  /** `new DistributedDataParallel(module, deviceIds?, ..., { bucketCapMb, findUnusedParameters, broadcastBuffers })`. */
  constructor(module: Module, ...args: unknown[]) {
    super();
    const a = SIG.bind(args, CONV, module);
    if (!(module instanceof Module)) throw new TypeError("DistributedDataParallel(): module must be an nn.Module");
    this.module = module;
    this.broadcastBuffers = a.broadcastBuffers;
    this.findUnusedParameters = a.findUnusedParameters;
    this.gradientAsBucketView = a.gradientAsBucketView;
    this.bucketBytesCap = (a.bucketCapMb ?? 25) * MIB;
    this.#group = resolveGroup(a.processGroup, "DistributedDataParallel");
    this.#params = module.parameters().filter((p) => p.requiresGrad);
    if (this.#params.length === 0) {
      throw new RuntimeError(
        "DistributedDataParallel is not needed when a module doesn't have any parameter that requires a gradient.",
      );
    }
    const device = this.#params[0].device;
    for (const p of this.#params) {
      if (p.device !== device) {
        throw new DistError(
          `DistributedDataParallel: all parameters must be on one device (${device} and ${p.device})`,
        );
      }
    }
    this.#comm = this.#group.commFor(device, "DistributedDataParallel");
    this.#verifyShapes();
    if (a.initSync) this.#broadcastState(true);
    [this.#buckets, this.#where] = this.#assignBuckets(device);
    if (this.gradientAsBucketView) {
      // gradients that exist already move into their slots (PyTorch's initialize_bucket_views)
      withGradMode(false, () =>
        this.#params.forEach((p, i) => {
          const g = peekGrad(p);
          if (g) p.grad = this.#slot(i).copy_(g);
        }));
    }
    this.#ready = this.#params.map(() => false);
    this.#params.forEach((p, i) => p.registerPostAccumulateGradHook(() => this.#onGrad(i)));
  }

  /**
   * The parameters (indices into `module.parameters()`) of each bucket, in
   * the order the buckets are all-reduced.
   */
  get bucketParams(): number[][] {
    const all = this.module.parameters();
    return this.#buckets.map((b) => b.params.map((i) => all.indexOf(this.#params[i])));
  }

  /** The group gradients are averaged over. */
  get processGroup(): ProcessGroup {
    return this.#group;
  }

  /** Runs the module; syncs buffers first (broadcastBuffers) and finds unused parameters (findUnusedParameters). */
  // deno-lint-ignore no-explicit-any
  override forward(...args: any[]): any {
    if (this.#nextBucket > 0 || this.#ready.some(Boolean)) {
      this.#reset();
      throw new RuntimeError(
        "Expected to have finished reduction in the prior iteration before starting a new one. This error indicates " +
          "that your module has parameters that were not used in producing loss. You can enable unused parameter " +
          "detection by passing the keyword argument `findUnusedParameters: true` to DistributedDataParallel, and by " +
          "making sure all `forward` function outputs participate in calculating loss.",
      );
    }
    // as PyTorch: buffers follow rank 0 only in forwards that will sync gradients (not under noSync or noGrad)
    if (this.broadcastBuffers && this.#sync && isGradEnabled()) this.#broadcastState(false);
    const out = this.module.forward(...args);
    if (this.findUnusedParameters && this.#sync && isGradEnabled()) this.#markUnused(out);
    return out;
  }

  /**
   * Turns gradient averaging off: within `fn` (or until the returned
   * handle is disposed) gradients only accumulate locally; the next
   * backward outside averages the accumulated gradients.
   *
   * @example
   * ```ts ignore
   * ddp.noSync(() => ddp.forward(x1).sum().backward()); // local only
   * ddp.forward(x2).sum().backward(); // averages the sum of both steps' gradients
   * using _ = ddp.noSync(); // or for the rest of a block
   * ```
   */
  noSync(): Disposable;
  noSync<T>(fn: () => T): T;
  noSync<T>(fn?: () => T): T | Disposable {
    const before = this.#sync;
    this.#sync = false;
    const restore = () => void (this.#sync = before);
    if (!fn) return { [Symbol.dispose]: restore };
    let r: T;
    try {
      r = fn();
    } catch (e) {
      restore();
      throw e;
    }
    if (r instanceof Promise) return r.finally(restore) as T;
    restore();
    return r;
  }

  // ---------- construction ----------

  /** PyTorch's check that every rank wraps the same model: parameter count and total size agree. */
  #verifyShapes(): void {
    const counts = [this.#params.length, this.#params.reduce((s, p) => s + p.numel(), 0)];
    const mine = new Float64Array([...counts, ...counts.map((c) => -c)]);
    const t = this.#hostTensor(mine);
    this.#syncCall(() => this.#comm.allReduce(run(t), "float64", "MAX", true));
    const got = t.tolist() as number[];
    if (got[0] !== counts[0] || got[1] !== counts[1] || -got[2] !== counts[0] || -got[3] !== counts[1]) {
      throw new DistError(
        `DDP expects the same model across all ranks, but this rank (${this.#group.rank}) has ${counts[0]} ` +
          `parameters of ${counts[1]} elements, while the ranks range over ${-got[2]}..${got[0]} parameters of ` +
          `${-got[3]}..${got[1]} elements`,
      );
    }
  }

  /** A CPU float64 tensor of `values`, moved to the parameters' device. */
  #hostTensor(values: Float64Array): Tensor {
    const t = new Tensor(empty([values.length], "float64", "cpu").storage, new View([values.length]));
    (t.storage.data as Float64Array).set(values);
    return this.#params[0].device === "cpu" ? t : t.to(this.#params[0].device);
  }

  /** Makes blocking collectives after the queued ones finished, so they complete before this returns. */
  #syncCall(fn: () => void | Promise<unknown>): void {
    commThreadDrain();
    const r = fn();
    if (r instanceof Promise) throw new DistError("DistributedDataParallel: a blocking collective was queued");
  }

  /** Broadcasts rank 0's buffers (and parameters, at construction) to every rank. */
  #broadcastState(withParams: boolean): void {
    const root = 0;
    const tensors = [...(withParams ? this.module.parameters() : []), ...this.module.buffers()];
    withGradMode(false, () => {
      for (const t of tensors) {
        if (t.device !== this.#params[0].device) continue;
        const c = t.isContiguous() ? t : t.contiguous();
        this.#syncCall(() => this.#comm.broadcast(run(c), c.dtype, root, true));
        if (c !== t) t.copy_(c);
        t.storage.version++;
      }
    });
  }

  /** Buckets in reverse parameter order, by dtype, the first capped at 1 MiB. */
  #assignBuckets(device: string): [Bucket[], [number, number][]] {
    const groups = new Map<string, number[][]>(), sizes = new Map<string, number>();
    for (let i = this.#params.length - 1; i >= 0; i--) {
      const p = this.#params[i], key = p.dtype;
      const list = groups.get(key) ?? [[]];
      groups.set(key, list);
      list[list.length - 1].push(i);
      const bytes = (sizes.get(key) ?? 0) + p.numel() * DTYPES[p.dtype].itemsize;
      const cap = list.length === 1 ? Math.min(FIRST_BUCKET_BYTES, this.bucketBytesCap) : this.bucketBytesCap;
      if (bytes >= cap) {
        list.push([]);
        sizes.set(key, 0);
      } else sizes.set(key, bytes);
    }
    // buckets in the order their first parameter's gradient comes (reverse parameter order)
    const lists = [...groups.values()].flat().filter((l) => l.length > 0).sort((x, y) => y[0] - x[0]);
    const where: [number, number][] = this.#params.map(() => [0, 0]);
    const buckets = lists.map((params, b): Bucket => {
      const dtype = this.#params[params[0]].dtype;
      const numel = params.reduce((s, i) => s + this.#params[i].numel(), 0);
      const storage = empty([numel], dtype, device).storage;
      storage.retain(); // the DDP owns its buckets for its lifetime
      let offset = 0;
      const slots = params.map((i, k) => {
        const p = this.#params[i];
        where[i] = [b, k];
        const slot = new Tensor(storage, new View(p.shape, undefined, offset));
        offset += p.numel();
        return slot;
      });
      return { params, storage, slots, filled: 0 };
    });
    return [buckets, where];
  }

  // ---------- backward ----------

  /** Parameter `i`'s hook, after backward accumulated its gradient into `.grad`. */
  #onGrad(i: number): void {
    if (!this.#sync || this.#ready[i]) return;
    this.#fill(i);
    this.#launchReady();
    if (this.#nextBucket === this.#buckets.length) this.#finish();
  }

  /** Parameter i's slot in its bucket. */
  #slot(i: number): Tensor {
    const [b, k] = this.#where[i];
    return this.#buckets[b].slots[k];
  }

  /**
   * Writes parameter i's `.grad` (this step's gradient plus `noSync` steps'
   * ones) / world into its slot; with gradientAsBucketView, a `.grad` that
   * is the slot is divided in place, and another becomes the slot.
   */
  #fill(i: number): void {
    const p = this.#params[i], slot = this.#slot(i);
    // read unseen: the .grad stays releasable by zeroGrad (DDP keeps no reference to it)
    const held = peekGrad(p);
    withGradMode(false, () => {
      if (held === slot) slot.div_(this.#group.size());
      else if (held) {
        torch.div(held, this.#group.size(), { out: slot });
        // the engine's gradient goes back to the pool as the setter replaces it
        if (this.gradientAsBucketView) p.grad = slot;
      } else slot.zero_();
    });
    this.#ready[i] = true;
    this.#buckets[this.#where[i][0]].filled++;
  }

  /**
   * Launches the full buckets, in bucket order, each on the communication
   * thread but the last: backward waits for it at once, so it runs here
   * (waking the thread for it would only add the wake-up, milliseconds on a
   * loaded machine).
   */
  #launchReady(): void {
    while (this.#nextBucket < this.#buckets.length) {
      const bucket = this.#buckets[this.#nextBucket];
      if (bucket.filled < bucket.params.length) return;
      const last = this.#nextBucket === this.#buckets.length - 1;
      const r = this.#comm.allReduce(
        { storage: bucket.storage, offset: 0, count: bucket.storage.length },
        bucket.storage.dtype,
        "SUM",
        last,
      );
      // a queued bucket's failure is thrown by the synchronous wait in #finish (the last one's, here)
      if (r instanceof Promise) r.catch(() => {});
      this.#nextBucket++;
    }
  }

  /** Waits for every bucket's all-reduce and copies the averages into `.grad`. */
  #finish(): void {
    this.#comm.waitSync();
    const used = this.findUnusedParameters ? this.#globalUse() : null;
    withGradMode(false, () => {
      this.#params.forEach((p, i) => {
        // a parameter no rank used keeps its gradient, as in PyTorch
        if (used && !used[i]) return;
        const avg = this.#slot(i), g = peekGrad(p);
        if (this.gradientAsBucketView) {
          if (!g) p.grad = avg; // unused here, used elsewhere
          else if (g !== avg) {
            throw new DistError(
              "DistributedDataParallel: a parameter's gradient stopped being its bucket view during backward " +
                "(gradientAsBucketView)",
            );
          }
        } else if (g) g.copy_(avg);
        else adoptGrad(p, avg.clone()); // unused here, used elsewhere; nothing else holds the copy
      });
    });
    this.#reset();
  }

  /** Which parameters some rank used in this step (PyTorch's local_used_map, all-reduced with MAX). */
  #globalUse(): boolean[] {
    const t = this.#hostTensor(Float64Array.from(this.#params, (_, i) => (this.#unused.has(i) ? 0 : 1)));
    this.#syncCall(() => this.#comm.allReduce(run(t), "float64", "MAX", true));
    return (t.tolist() as number[]).map((v) => v > 0);
  }

  #reset(): void {
    this.#nextBucket = 0;
    this.#ready.fill(false);
    this.#unused = new Set();
    for (const b of this.#buckets) b.filled = 0;
  }

  /** Marks the parameters the outputs do not depend on as ready (their slots hold only .grad). */
  #markUnused(out: unknown): void {
    const reached = new Set<Node>(), stack: Node[] = [];
    const visit = (v: unknown) => {
      if (v instanceof Tensor) {
        if (v.gradFn && !reached.has(v.gradFn)) stack.push(v.gradFn);
      } else if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
        Object.values(v).forEach(visit);
      }
    };
    visit(out);
    const leaves = new Set<unknown>();
    while (stack.length) {
      const n = stack.pop()!;
      if (reached.has(n)) continue;
      reached.add(n);
      if (n.variable) leaves.add(n.variable);
      for (const e of n.next) if (e && !reached.has(e.node)) stack.push(e.node);
    }
    this.#params.forEach((p, i) => {
      if (leaves.has(p)) return;
      this.#unused.add(i);
      this.#fill(i);
    });
    this.#launchReady();
    if (this.#nextBucket === this.#buckets.length) this.#finish();
  }

  override extraRepr(): string {
    return `bucket_cap_mb=${this.bucketBytesCap / MIB}, find_unused_parameters=${this.findUnusedParameters}`;
  }
}

/** The run of a contiguous tensor's elements. */
function run(t: Tensor) {
  return { storage: t.storage, offset: t.layout.offset, count: t.numel() };
}
