/**
 * The collectives and point-to-point calls of torch.distributed, with
 * PyTorch's positional order, a trailing options object naming any
 * parameter, and PyTorch's in-place semantics (`allReduce(t)` writes `t`,
 * `allGather(list, t)` fills `list`, ...).
 *
 * Every call returns a Promise (`await dist.allReduce(t)`), or a `Work`
 * with `asyncOp: true`. A call without `asyncOp` blocks the JS thread
 * while MPI runs it, as PyTorch's blocking collectives block Python, and
 * its tensors hold the result as soon as it returns; with `asyncOp` it runs
 * on a pool thread and `await work.wait()` says when it is done. CUDA
 * tensors go through NCCL, which queues the call on the GPU and returns at
 * once (later GPU work sees the result).
 *
 * Ranks given as `src` / `dst` are world ranks (`groupSrc` / `groupDst`
 * name a rank within `group`). A process outside `group` does nothing, as
 * in PyTorch. Non-contiguous tensors are copied to contiguous memory and
 * back. Tensors stay retained while a call runs, so disposing one early
 * cannot hand its memory to another tensor mid-transfer.
 */
import { Binder, type Converters, opt, req } from "../api/signature.ts";
import type { DType } from "../core/dtype.ts";
import { fmtShape } from "../core/errors.ts";
import { checkOperand, checkOutput, type Operand, type Storage } from "../core/storage.ts";
import { View } from "../core/view.ts";
import { contiguous, copyInto, empty } from "../ops/operand.ts";
import { torchDType } from "../torch/default_dtype.ts";
import { Tensor } from "../torch/tensor.ts";
import type { Comm, Done, Run } from "./comm.ts";
import { DistError } from "./errors.ts";
import { defaultGroup, type ProcessGroup, resolveGroup } from "./process_group.ts";
import { effectiveOp, REDUCE_OPS, ReduceOp } from "./reduce_op.ts";
import { Work } from "./work.ts";

const CONV: Converters = {
  array: (v: unknown) => (v instanceof Tensor ? v : undefined),
  isArray: (v: unknown) => v instanceof Tensor,
  dtype: torchDType,
  arrayName: "Tensor",
};

// ---------- call forms (types) ----------

type Prefixes<P extends unknown[]> = P extends [...infer I, unknown] ? P | Prefixes<I> : [];
/** The argument lists after the first parameter(s) of a blocking call: a positional prefix, then options. */
export type SyncArgs<P extends unknown[], O> = [...Prefixes<P>, (O & { asyncOp?: false })?] | [...P, false];
/** The argument lists of an `asyncOp: true` call. */
export type AsyncArgs<P extends unknown[], O> = [...Prefixes<P>, O & { asyncOp: true }] | [...P, true];

/** A group argument: a ProcessGroup, or null for the default group. */
export type GroupArg = ProcessGroup | null;

// ---------- staging tensors as contiguous runs ----------

/** A tensor's elements as one contiguous run, and what to do when the call is over. */
interface Staged {
  readonly run: Run;
  /** Copies a staging buffer back into the tensor (outputs only). */
  finish(): void;
}

function runOf(storage: Storage, offset: number, count: number): Run {
  return { storage, offset, count };
}

/**
 * Checks `t` and gives its memory as a run: its own when contiguous, else
 * a staging copy. The storage and view are taken now: `t` may be disposed
 * before an asyncOp call ends (its memory is retained until then).
 */
function stage(t: Tensor, fn: string, output: boolean, holds: Storage[]): Staged {
  const x: Operand = { storage: t.storage, layout: t.layout };
  if (output) checkOutput(x, fn);
  else checkOperand(x, fn);
  holds.push(x.storage);
  const n = x.layout.size;
  if (x.layout.isContiguous) {
    return { run: runOf(x.storage, x.layout.offset, n), finish: output ? () => x.storage.version++ : () => {} };
  }
  const c = contiguous(x, true);
  holds.push(c.storage);
  return { run: runOf(c.storage, 0, n), finish: output ? () => written(c, x) : () => {} };
}

/** Copies a result into an output and marks the output changed (autograd's version check). */
function written(src: Operand, dst: Operand): void {
  copyInto(src, dst);
  dst.storage.version++;
}

/** The outputs of a list, checked and retained. */
function outputs(list: readonly Tensor[], fn: string, holds: Storage[]): Operand[] {
  return list.map((o) => {
    const x: Operand = { storage: o.storage, layout: o.layout };
    checkOutput(x, fn);
    holds.push(x.storage);
    return x;
  });
}

/** A fresh contiguous buffer of `count` elements on `device` (for gathers, concatenations). */
function scratch(count: number, dtype: DType, device: string, holds: Storage[]): Operand {
  const o = empty([count], dtype, device);
  holds.push(o.storage);
  return o;
}

/** The operand of block `i` (of `like`'s size) of a flat buffer, shaped like `like`. */
function block(flat: Operand, i: number, like: Operand): Operand {
  return { storage: flat.storage, layout: new View(like.layout.shape, undefined, i * like.layout.size) };
}

/**
 * Runs `call` with every storage in `holds` retained until it is over,
 * then the finishing steps; returns what the caller's mode asks for.
 */
function launch<T>(
  asyncOp: boolean,
  holds: Storage[],
  outputs: Tensor[],
  call: (sync: boolean) => Done<T>,
  finish: () => void,
  comm: Comm | null,
): Work | Promise<T> {
  for (const s of holds) s.retain();
  const release = () => {
    for (const s of holds) s.drop();
  };
  let done: Done<T>;
  try {
    done = call(!asyncOp);
  } catch (e) {
    release();
    throw e;
  }
  const end = (v: T) => {
    try {
      finish();
      return v;
    } finally {
      release();
    }
  };
  const result = done instanceof Promise
    ? done.then(end, (e) => {
      release();
      throw e;
    })
    : end(done);
  // a collective's wait() runs it now if the communication thread has not started it (a message's wait cannot)
  if (asyncOp) return new Work(result, outputs, comm ? () => comm.drain() : null);
  return result instanceof Promise ? result : Promise.resolve(result);
}

/** What a process outside `group` gets: nothing done, as in PyTorch. */
function skipped<T>(asyncOp: boolean, value: T): Work | Promise<T> {
  return asyncOp ? new Work(value, []) : Promise.resolve(value);
}

const warned = new Set<string>();
function notInGroup(g: ProcessGroup, fn: string): boolean {
  if (g.isMember) return false;
  if (!warned.has(fn)) {
    warned.add(fn);
    console.warn(`${fn}: this process is not in the group ${g}; nothing was done`);
  }
  return true;
}

/** A root rank in `g`: `groupRank` when given, else world rank `rank` translated (PyTorch's rules and errors). */
function rootOf(g: ProcessGroup, rank: number | null, groupRank: number | null, fn: string, what: string): number {
  if (rank !== null && groupRank !== null) {
    throw new DistError(`${fn}: Can only specify ${what} or group_${what}`);
  }
  if (groupRank !== null) {
    if (groupRank < 0 || groupRank >= g.size()) throw new DistError(`${fn}: invalid root rank: ${groupRank}`);
    return groupRank;
  }
  const r = rank ?? 0;
  const i = g.ranks.indexOf(r);
  if (i < 0) {
    throw new DistError(
      r >= 0 && r < defaultGroup().size()
        ? `${fn}: Global rank ${r} is not part of group ${g}`
        : `${fn}: invalid root rank: ${r}`,
    );
  }
  return i;
}

function sameKind(ts: readonly Tensor[], ref: Tensor, fn: string, sizeOf: (t: Tensor) => boolean): void {
  ts.forEach((t, i) => {
    if (t.dtype !== ref.dtype) {
      throw new TypeError(`${fn}: Invalid usage of tensors with different dtypes: found ${ref.dtype} and ${t.dtype}`);
    }
    if (t.device !== ref.device) {
      throw new DistError(`${fn}: Tensors must be on the same device: found ${ref.device} and ${t.device}`);
    }
    if (!sizeOf(t)) {
      throw new DistError(
        `${fn}: invalid tensor size at index ${i} (expected ${fmtShape(ref.shape)}, got ${fmtShape(t.shape)})`,
      );
    }
  });
}

function listSize(list: readonly Tensor[], g: ProcessGroup, fn: string, what: string): void {
  if (list.length !== g.size()) {
    throw new DistError(
      `${fn}: Incorrect ${what} list size ${list.length}. ${what[0].toUpperCase()}${what.slice(1)} list size ` +
        `should be ${g.size()}, same as size of the process group.`,
    );
  }
}

function commOf(g: ProcessGroup, t: Tensor, fn: string): Comm {
  return g.commFor(t.device, fn);
}

const sameShape = (ref: Tensor) => (t: Tensor) =>
  t.ndim === ref.ndim && t.layout.shape.every((d, i) => d === ref.layout.shape[i]);

// ---------- collectives ----------

const GROUP = opt("group", "any", null);
const ASYNC = opt("asyncOp", "bool", false);
const OP = opt("op", "string", ReduceOp.SUM, { choices: REDUCE_OPS });

const ALL_REDUCE = new Binder("allReduce", { pos: [req("tensor", "array"), OP, GROUP, ASYNC], kw: [] });
/** allReduce's options. */
export interface AllReduceOptions {
  op?: ReduceOp;
  group?: GroupArg;
}

/**
 * Reduces `tensor` across the group with `op` (default SUM) and writes the
 * result into `tensor` on every rank.
 *
 * @example
 * ```ts ignore
 * import { torch } from "../torch/mod.ts";
 * import * as dist from "./mod.ts";
 * dist.initProcessGroup("mpi");
 * const t = torch.tensor([dist.getRank() + 1.0]);
 * await dist.allReduce(t); // [3] on both ranks of a 2-process job
 * const w = dist.allReduce(t, { op: dist.ReduceOp.MAX, asyncOp: true });
 * await w.wait();
 * ```
 */
export function allReduce(tensor: Tensor, ...args: AsyncArgs<[op: ReduceOp, group: GroupArg], AllReduceOptions>): Work;
export function allReduce(
  tensor: Tensor,
  ...args: SyncArgs<[op: ReduceOp, group: GroupArg], AllReduceOptions>
): Promise<void>;
export function allReduce(...args: unknown[]): Work | Promise<void> {
  const a = ALL_REDUCE.bind(args, CONV), t: Tensor = a.tensor;
  const g = resolveGroup(a.group, "allReduce");
  if (notInGroup(g, "allReduce")) return skipped(a.asyncOp, undefined);
  const op = effectiveOp(a.op, t.dtype, "allReduce"), comm = commOf(g, t, "allReduce"), holds: Storage[] = [];
  const s = stage(t, "allReduce", true, holds);
  return launch(a.asyncOp, holds, [t], (sync) => comm.allReduce(s.run, t.dtype, op, sync), s.finish, comm);
}

const BROADCAST = new Binder("broadcast", {
  pos: [req("tensor", "array"), opt("src", "int", null), GROUP, ASYNC],
  kw: [opt("groupSrc", "int", null)],
});
/** broadcast's options. */
export interface BroadcastOptions {
  src?: number | null;
  group?: GroupArg;
  groupSrc?: number | null;
}

/**
 * Copies `tensor` of rank `src` into `tensor` on every rank.
 *
 * @example
 * ```ts ignore
 * import { torch } from "../torch/mod.ts";
 * import * as dist from "./mod.ts";
 * dist.initProcessGroup("mpi");
 * const w = dist.getRank() === 0 ? torch.randn(3) : torch.empty(3);
 * await dist.broadcast(w, 0); // every rank now holds rank 0's values
 * ```
 */
export function broadcast(tensor: Tensor, ...args: AsyncArgs<[src: number, group: GroupArg], BroadcastOptions>): Work;
export function broadcast(
  tensor: Tensor,
  ...args: SyncArgs<[src: number, group: GroupArg], BroadcastOptions>
): Promise<void>;
export function broadcast(...args: unknown[]): Work | Promise<void> {
  const a = BROADCAST.bind(args, CONV), t: Tensor = a.tensor;
  const g = resolveGroup(a.group, "broadcast");
  if (notInGroup(g, "broadcast")) return skipped(a.asyncOp, undefined);
  const root = rootOf(g, a.src, a.groupSrc, "broadcast", "src");
  const comm = commOf(g, t, "broadcast"), holds: Storage[] = [];
  const s = stage(t, "broadcast", true, holds);
  return launch(a.asyncOp, holds, [t], (sync) => comm.broadcast(s.run, t.dtype, root, sync), s.finish, comm);
}

const REDUCE = new Binder("reduce", {
  pos: [req("tensor", "array"), opt("dst", "int", null), OP, GROUP, ASYNC],
  kw: [opt("groupDst", "int", null)],
});
/** reduce's options. */
export interface ReduceOptions {
  dst?: number | null;
  op?: ReduceOp;
  group?: GroupArg;
  groupDst?: number | null;
}

/**
 * Reduces `tensor` across the group into `tensor` of rank `dst` (the other
 * ranks' tensors are left as they were).
 *
 * @example
 * ```ts ignore
 * import { torch } from "../torch/mod.ts";
 * import * as dist from "./mod.ts";
 * dist.initProcessGroup("mpi");
 * const t = torch.ones(2);
 * await dist.reduce(t, 0); // rank 0: [world, world]
 * ```
 */
export function reduce(
  tensor: Tensor,
  ...args: AsyncArgs<[dst: number, op: ReduceOp, group: GroupArg], ReduceOptions>
): Work;
export function reduce(
  tensor: Tensor,
  ...args: SyncArgs<[dst: number, op: ReduceOp, group: GroupArg], ReduceOptions>
): Promise<void>;
export function reduce(...args: unknown[]): Work | Promise<void> {
  const a = REDUCE.bind(args, CONV), t: Tensor = a.tensor;
  const g = resolveGroup(a.group, "reduce");
  if (notInGroup(g, "reduce")) return skipped(a.asyncOp, undefined);
  const root = rootOf(g, a.dst, a.groupDst, "reduce", "dst");
  const op = effectiveOp(a.op, t.dtype, "reduce"), comm = commOf(g, t, "reduce"), holds: Storage[] = [];
  const s = stage(t, "reduce", g.rank === root, holds);
  return launch(a.asyncOp, holds, [t], (sync) => comm.reduce(s.run, t.dtype, op, root, sync), s.finish, comm);
}

const ALL_GATHER = new Binder("allGather", {
  pos: [req("tensorList", "arrays"), req("tensor", "array"), GROUP, ASYNC],
  kw: [],
});
/** allGather's options. */
export interface GroupOptions {
  group?: GroupArg;
}

/**
 * Gathers every rank's `tensor` into `tensorList` (one tensor per rank, in
 * rank order, each shaped like `tensor`) on every rank.
 *
 * @example
 * ```ts ignore
 * import { torch } from "../torch/mod.ts";
 * import * as dist from "./mod.ts";
 * dist.initProcessGroup("mpi");
 * const out = [torch.empty(2), torch.empty(2)];
 * await dist.allGather(out, torch.full([2], dist.getRank())); // out: [[0, 0], [1, 1]]
 * ```
 */
export function allGather(
  tensorList: Tensor[],
  tensor: Tensor,
  ...args: AsyncArgs<[group: GroupArg], GroupOptions>
): Work;
export function allGather(
  tensorList: Tensor[],
  tensor: Tensor,
  ...args: SyncArgs<[group: GroupArg], GroupOptions>
): Promise<void>;
export function allGather(...args: unknown[]): Work | Promise<void> {
  const a = ALL_GATHER.bind(args, CONV), list: Tensor[] = a.tensorList, t: Tensor = a.tensor;
  const g = resolveGroup(a.group, "allGather");
  if (notInGroup(g, "allGather")) return skipped(a.asyncOp, undefined);
  listSize(list, g, "allGather", "output");
  sameKind(list, t, "allGather", sameShape(t));
  const comm = commOf(g, t, "allGather"), holds: Storage[] = [], n = t.layout.size;
  const outs = outputs(list, "allGather", holds), s = stage(t, "allGather", false, holds);
  const flat = scratch(g.size() * n, t.dtype, t.device, holds);
  const finish = () => outs.forEach((o, i) => written(block(flat, i, o), o));
  return launch(
    a.asyncOp,
    holds,
    list,
    (sync) => comm.allGather(s.run, runOf(flat.storage, 0, flat.storage.length), t.dtype, sync),
    finish,
    comm,
  );
}

const ALL_GATHER_INTO = new Binder("allGatherIntoTensor", {
  pos: [req("outputTensor", "array"), req("inputTensor", "array"), GROUP, ASYNC],
  kw: [],
});

/**
 * Gathers every rank's `inputTensor` into `outputTensor`, concatenated in
 * rank order (`outputTensor` has `worldSize` times its elements: shaped
 * [worldSize * n, ...] or [worldSize, n, ...]).
 *
 * @example
 * ```ts ignore
 * import { torch } from "../torch/mod.ts";
 * import * as dist from "./mod.ts";
 * dist.initProcessGroup("mpi");
 * const out = torch.empty(2 * dist.getWorldSize());
 * await dist.allGatherIntoTensor(out, torch.full([2], dist.getRank()));
 * ```
 */
export function allGatherIntoTensor(
  outputTensor: Tensor,
  inputTensor: Tensor,
  ...args: AsyncArgs<[group: GroupArg], GroupOptions>
): Work;
export function allGatherIntoTensor(
  outputTensor: Tensor,
  inputTensor: Tensor,
  ...args: SyncArgs<[group: GroupArg], GroupOptions>
): Promise<void>;
export function allGatherIntoTensor(...args: unknown[]): Work | Promise<void> {
  const a = ALL_GATHER_INTO.bind(args, CONV), out: Tensor = a.outputTensor, t: Tensor = a.inputTensor;
  const g = resolveGroup(a.group, "allGatherIntoTensor");
  if (notInGroup(g, "allGatherIntoTensor")) return skipped(a.asyncOp, undefined);
  sameKind([out], t, "allGatherIntoTensor", () => true);
  if (out.numel() !== g.size() * t.numel()) {
    throw new DistError(
      `allGatherIntoTensor: output tensor size must be equal to world_size times input tensor size ` +
        `(output ${fmtShape(out.shape)}, input ${fmtShape(t.shape)}, world size ${g.size()})`,
    );
  }
  const comm = commOf(g, t, "allGatherIntoTensor"), holds: Storage[] = [];
  const s = stage(t, "allGatherIntoTensor", false, holds), o = stage(out, "allGatherIntoTensor", true, holds);
  return launch(a.asyncOp, holds, [out], (sync) => comm.allGather(s.run, o.run, t.dtype, sync), o.finish, comm);
}

const REDUCE_SCATTER = new Binder("reduceScatter", {
  pos: [req("output", "array"), req("inputList", "arrays"), OP, GROUP, ASYNC],
  kw: [],
});
/** reduceScatter's options. */
export interface ReduceScatterOptions {
  op?: ReduceOp;
  group?: GroupArg;
}

/**
 * Reduces the ranks' `inputList`s element-wise with `op` and gives rank i
 * the reduced `inputList[i]`, written into `output`.
 *
 * @example
 * ```ts ignore
 * import { torch } from "../torch/mod.ts";
 * import * as dist from "./mod.ts";
 * dist.initProcessGroup("mpi");
 * const out = torch.empty(2);
 * await dist.reduceScatter(out, [torch.ones(2), torch.ones(2)]); // [2, 2] on 2 ranks
 * ```
 */
export function reduceScatter(
  output: Tensor,
  inputList: Tensor[],
  ...args: AsyncArgs<[op: ReduceOp, group: GroupArg], ReduceScatterOptions>
): Work;
export function reduceScatter(
  output: Tensor,
  inputList: Tensor[],
  ...args: SyncArgs<[op: ReduceOp, group: GroupArg], ReduceScatterOptions>
): Promise<void>;
export function reduceScatter(...args: unknown[]): Work | Promise<void> {
  const a = REDUCE_SCATTER.bind(args, CONV), out: Tensor = a.output, list: Tensor[] = a.inputList;
  const g = resolveGroup(a.group, "reduceScatter");
  if (notInGroup(g, "reduceScatter")) return skipped(a.asyncOp, undefined);
  if (list.length !== g.size()) {
    throw new DistError("reduceScatter: invalid input tensor list size, must be world size");
  }
  sameKind(list, out, "reduceScatter", sameShape(out));
  const op = effectiveOp(a.op, out.dtype, "reduceScatter"), comm = commOf(g, out, "reduceScatter");
  const holds: Storage[] = [], n = out.layout.size;
  for (const x of list) checkOperand(x, "reduceScatter");
  const flat = scratch(g.size() * n, out.dtype, out.device, holds);
  const o = stage(out, "reduceScatter", true, holds);
  list.forEach((x, i) => copyInto(x, block(flat, i, out)));
  return launch(
    a.asyncOp,
    holds,
    [out],
    (sync) => comm.reduceScatter(runOf(flat.storage, 0, g.size() * n), o.run, out.dtype, op, sync),
    o.finish,
    comm,
  );
}

const REDUCE_SCATTER_TENSOR = new Binder("reduceScatterTensor", {
  pos: [req("output", "array"), req("input", "array"), OP, GROUP, ASYNC],
  kw: [],
});

/**
 * reduceScatter over one input tensor holding `worldSize` blocks (of
 * `output`'s size), concatenated.
 *
 * @example
 * ```ts ignore
 * import { torch } from "../torch/mod.ts";
 * import * as dist from "./mod.ts";
 * dist.initProcessGroup("mpi");
 * const out = torch.empty(2);
 * await dist.reduceScatterTensor(out, torch.ones(2 * dist.getWorldSize()));
 * ```
 */
export function reduceScatterTensor(
  output: Tensor,
  input: Tensor,
  ...args: AsyncArgs<[op: ReduceOp, group: GroupArg], ReduceScatterOptions>
): Work;
export function reduceScatterTensor(
  output: Tensor,
  input: Tensor,
  ...args: SyncArgs<[op: ReduceOp, group: GroupArg], ReduceScatterOptions>
): Promise<void>;
export function reduceScatterTensor(...args: unknown[]): Work | Promise<void> {
  const a = REDUCE_SCATTER_TENSOR.bind(args, CONV), out: Tensor = a.output, input: Tensor = a.input;
  const g = resolveGroup(a.group, "reduceScatterTensor");
  if (notInGroup(g, "reduceScatterTensor")) return skipped(a.asyncOp, undefined);
  sameKind([input], out, "reduceScatterTensor", () => true);
  if (input.numel() !== g.size() * out.numel()) {
    throw new DistError(
      `reduceScatterTensor: input tensor size must be equal to world_size times output tensor size ` +
        `(input ${fmtShape(input.shape)}, output ${fmtShape(out.shape)}, world size ${g.size()})`,
    );
  }
  const op = effectiveOp(a.op, out.dtype, "reduceScatterTensor"), comm = commOf(g, out, "reduceScatterTensor");
  const holds: Storage[] = [];
  const s = stage(input, "reduceScatterTensor", false, holds), o = stage(out, "reduceScatterTensor", true, holds);
  return launch(
    a.asyncOp,
    holds,
    [out],
    (sync) => comm.reduceScatter(s.run, o.run, out.dtype, op, sync),
    o.finish,
    comm,
  );
}

const GATHER = new Binder("gather", {
  pos: [req("tensor", "array"), opt("gatherList", "arrays", null), opt("dst", "int", null), GROUP, ASYNC],
  kw: [opt("groupDst", "int", null)],
});
/** gather's options. */
export interface GatherOptions {
  gatherList?: Tensor[] | null;
  dst?: number | null;
  group?: GroupArg;
  groupDst?: number | null;
}

/**
 * Gathers every rank's `tensor` into `gatherList` on rank `dst` (which
 * alone passes a list: one tensor per rank, shaped like `tensor`).
 *
 * @example
 * ```ts ignore
 * import { torch } from "../torch/mod.ts";
 * import * as dist from "./mod.ts";
 * dist.initProcessGroup("mpi");
 * const list = dist.getRank() === 0 ? [torch.empty(1), torch.empty(1)] : null;
 * await dist.gather(torch.full([1], dist.getRank()), list, 0);
 * ```
 */
export function gather(
  tensor: Tensor,
  ...args: AsyncArgs<[gatherList: Tensor[] | null, dst: number, group: GroupArg], GatherOptions>
): Work;
export function gather(
  tensor: Tensor,
  ...args: SyncArgs<[gatherList: Tensor[] | null, dst: number, group: GroupArg], GatherOptions>
): Promise<void>;
export function gather(...args: unknown[]): Work | Promise<void> {
  const a = GATHER.bind(args, CONV), t: Tensor = a.tensor, list: Tensor[] | null = a.gatherList;
  const g = resolveGroup(a.group, "gather");
  if (notInGroup(g, "gather")) return skipped(a.asyncOp, undefined);
  const root = rootOf(g, a.dst, a.groupDst, "gather", "dst"), isRoot = g.rank === root;
  if (isRoot && !list) throw new DistError("gather: Argument ``gather_list`` must be specified on destination rank.");
  if (!isRoot && list) {
    throw new DistError("gather: Argument ``gather_list`` must NOT be specified on non-destination ranks.");
  }
  const comm = commOf(g, t, "gather"), holds: Storage[] = [], n = t.layout.size;
  const s = stage(t, "gather", false, holds);
  let outs: Operand[] = [], recv: Run | null = null;
  const flat = list ? scratch(g.size() * n, t.dtype, t.device, holds) : null;
  if (list) {
    listSize(list, g, "gather", "output");
    sameKind(list, t, "gather", sameShape(t));
    outs = outputs(list, "gather", holds);
    recv = runOf(flat!.storage, 0, g.size() * n);
  }
  const finish = () => outs.forEach((o, i) => written(block(flat!, i, o), o));
  return launch(a.asyncOp, holds, list ?? [], (sync) => comm.gather(s.run, recv, t.dtype, root, sync), finish, comm);
}

const SCATTER = new Binder("scatter", {
  pos: [req("tensor", "array"), opt("scatterList", "arrays", null), opt("src", "int", null), GROUP, ASYNC],
  kw: [opt("groupSrc", "int", null)],
});
/** scatter's options. */
export interface ScatterOptions {
  scatterList?: Tensor[] | null;
  src?: number | null;
  group?: GroupArg;
  groupSrc?: number | null;
}

/**
 * Writes `scatterList[i]` of rank `src` (which alone passes a list) into
 * `tensor` of rank i.
 *
 * @example
 * ```ts ignore
 * import { torch } from "../torch/mod.ts";
 * import * as dist from "./mod.ts";
 * dist.initProcessGroup("mpi");
 * const list = dist.getRank() === 0 ? [torch.zeros(2), torch.ones(2)] : null;
 * const t = torch.empty(2);
 * await dist.scatter(t, list, 0); // rank 1: [1, 1]
 * ```
 */
export function scatter(
  tensor: Tensor,
  ...args: AsyncArgs<[scatterList: Tensor[] | null, src: number, group: GroupArg], ScatterOptions>
): Work;
export function scatter(
  tensor: Tensor,
  ...args: SyncArgs<[scatterList: Tensor[] | null, src: number, group: GroupArg], ScatterOptions>
): Promise<void>;
export function scatter(...args: unknown[]): Work | Promise<void> {
  const a = SCATTER.bind(args, CONV), t: Tensor = a.tensor, list: Tensor[] | null = a.scatterList;
  const g = resolveGroup(a.group, "scatter");
  if (notInGroup(g, "scatter")) return skipped(a.asyncOp, undefined);
  const root = rootOf(g, a.src, a.groupSrc, "scatter", "src"), isRoot = g.rank === root;
  if (isRoot && !list) throw new DistError("scatter: Argument ``scatter_list`` must be specified on source rank.");
  if (!isRoot && list) {
    throw new DistError("scatter: Argument ``scatter_list`` must NOT be specified on non-source ranks.");
  }
  const comm = commOf(g, t, "scatter"), holds: Storage[] = [], n = t.layout.size;
  let send: Run | null = null;
  if (list) {
    listSize(list, g, "scatter", "input");
    sameKind(list, t, "scatter", sameShape(t));
    for (const x of list) checkOperand(x, "scatter");
    const flat = scratch(g.size() * n, t.dtype, t.device, holds);
    list.forEach((x, i) => copyInto(x, block(flat, i, t)));
    send = runOf(flat.storage, 0, g.size() * n);
  }
  const o = stage(t, "scatter", true, holds);
  return launch(a.asyncOp, holds, [t], (sync) => comm.scatter(send, o.run, t.dtype, root, sync), o.finish, comm);
}

const BARRIER = new Binder("barrier", { pos: [GROUP, ASYNC, opt("deviceIds", "any", null)], kw: [] });
/** barrier's options. */
export interface BarrierOptions {
  group?: GroupArg;
  deviceIds?: number[] | null;
}

/**
 * Waits until every rank of the group has called barrier (`deviceIds` is
 * accepted and not needed: the nccl backend's barrier runs on this
 * process's NCCL device).
 *
 * @example
 * ```ts ignore
 * import * as dist from "./mod.ts";
 * dist.initProcessGroup("mpi");
 * await dist.barrier();
 * ```
 */
export function barrier(...args: AsyncArgs<[group: GroupArg], BarrierOptions>): Work;
export function barrier(...args: SyncArgs<[group: GroupArg], BarrierOptions>): Promise<void>;
export function barrier(...args: unknown[]): Work | Promise<void> {
  const a = BARRIER.bind(args, CONV);
  const g = resolveGroup(a.group, "barrier");
  if (notInGroup(g, "barrier")) return skipped(a.asyncOp, undefined);
  const comm = g.barrierComm();
  return launch(a.asyncOp, [], [], (sync) => comm.barrier(sync), () => {}, comm);
}

// ---------- point to point ----------

const P2P = (name: string, peer: "dst" | "src") =>
  new Binder(name, {
    pos: [req("tensor", "array"), opt(peer, "int", null), GROUP, opt("tag", "int", 0)],
    kw: [opt(peer === "dst" ? "groupDst" : "groupSrc", "int", null)],
  });
const SEND = P2P("send", "dst"), ISEND = P2P("isend", "dst"), RECV = P2P("recv", "src"), IRECV = P2P("irecv", "src");

/** send's options. */
export interface SendOptions {
  dst?: number | null;
  group?: GroupArg;
  tag?: number;
  groupDst?: number | null;
}
/** recv's options. */
export interface RecvOptions {
  src?: number | null;
  group?: GroupArg;
  tag?: number;
  groupSrc?: number | null;
}
type SendArgs = [...Prefixes<[dst: number, group: GroupArg, tag: number]>, SendOptions?];
type RecvArgs = [...Prefixes<[src: number | null, group: GroupArg, tag: number]>, RecvOptions?];

function peerOf(g: ProcessGroup, rank: number | null, groupRank: number | null, fn: string, what: string): number {
  if (rank === null && groupRank === null) throw new DistError(`${fn}: ${what} rank is required`);
  const r = rootOf(g, rank, groupRank, fn, what);
  if (r === g.rank) {
    throw new DistError(
      what === "dst"
        ? "Invalid destination rank: destination rank should not be the same as the rank of the current process."
        : "Invalid source rank: source rank should not be the same as the rank of the current process.",
    );
  }
  return r;
}

function sendImpl(b: Binder, args: unknown[], asyncOp: boolean): Work | Promise<void> {
  const a = b.bind(args, CONV), t: Tensor = a.tensor;
  const g = resolveGroup(a.group, b.op);
  if (notInGroup(g, b.op)) return skipped(asyncOp, undefined);
  const dst = peerOf(g, a.dst, a.groupDst, b.op, "dst");
  const comm = commOf(g, t, b.op), holds: Storage[] = [];
  const s = stage(t, b.op, false, holds);
  return launch(asyncOp, holds, [t], (sync) => comm.send(s.run, t.dtype, dst, a.tag, sync), () => {}, null);
}

function recvImpl(b: Binder, args: unknown[], asyncOp: boolean): Work | Promise<number> {
  const a = b.bind(args, CONV), t: Tensor = a.tensor;
  const g = resolveGroup(a.group, b.op);
  if (notInGroup(g, b.op)) return skipped(asyncOp, -1);
  const src = a.src === null && a.groupSrc === null ? null : peerOf(g, a.src, a.groupSrc, b.op, "src");
  const comm = commOf(g, t, b.op), holds: Storage[] = [];
  const s = stage(t, b.op, true, holds);
  const call = (sync: boolean) => {
    const from = comm.recv(s.run, t.dtype, src, a.tag, sync);
    // the sender's world rank, as PyTorch returns it
    return from instanceof Promise ? from.then((r) => g.ranks[r]) : g.ranks[from];
  };
  return launch(asyncOp, holds, [t], call, s.finish, null);
}

/**
 * Sends `tensor` to rank `dst` (tag 0 unless given); resolves once the
 * message has left this process's hands (MPI may still buffer it).
 *
 * @example
 * ```ts ignore
 * import { torch } from "../torch/mod.ts";
 * import * as dist from "./mod.ts";
 * dist.initProcessGroup("mpi");
 * if (dist.getRank() === 0) await dist.send(torch.arange(4), 1, { tag: 7 });
 * else if (dist.getRank() === 1) await dist.recv(torch.empty(4, { dtype: "int64" }), 0, { tag: 7 });
 * ```
 */
export function send(tensor: Tensor, ...args: SendArgs): Promise<void> {
  return sendImpl(SEND, [tensor, ...args], false) as Promise<void>;
}

/**
 * Receives into `tensor` from rank `src` (any rank when omitted); resolves
 * to the sender's rank.
 *
 * @example
 * ```ts ignore
 * import { torch } from "../torch/mod.ts";
 * import * as dist from "./mod.ts";
 * dist.initProcessGroup("mpi");
 * const t = torch.empty(4);
 * if (dist.getRank() === 1) console.log(await dist.recv(t)); // 0, the sender
 * ```
 */
export function recv(tensor: Tensor, ...args: RecvArgs): Promise<number> {
  return recvImpl(RECV, [tensor, ...args], false) as Promise<number>;
}

/**
 * Starts sending `tensor` to `dst`; returns a Work (`await work.wait()`).
 * `tensor` must not change until then.
 *
 * @example
 * ```ts ignore
 * import { torch } from "../torch/mod.ts";
 * import * as dist from "./mod.ts";
 * dist.initProcessGroup("mpi");
 * const peer = 1 - dist.getRank(), out = torch.ones(3), got = torch.empty(3);
 * const works = [dist.isend(out, peer), dist.irecv(got, peer)];
 * for (const w of works) await w.wait();
 * ```
 */
export function isend(tensor: Tensor, ...args: SendArgs): Work {
  return sendImpl(ISEND, [tensor, ...args], true) as Work;
}

/**
 * Starts receiving into `tensor` from `src` (any rank when omitted);
 * returns a Work whose `sourceRank()` names the sender once done.
 *
 * @example
 * ```ts ignore
 * import { torch } from "../torch/mod.ts";
 * import * as dist from "./mod.ts";
 * dist.initProcessGroup("mpi");
 * const w = dist.irecv(torch.empty(3));
 * await w.wait();
 * console.log(w.sourceRank());
 * ```
 */
export function irecv(tensor: Tensor, ...args: RecvArgs): Work {
  return recvImpl(IRECV, [tensor, ...args], true) as Work;
}
