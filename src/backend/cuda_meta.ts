/**
 * Kernel arguments and launch geometry of the CUDA backend, pure host
 * logic (tested without a GPU).
 *
 * Every kernel in kernels/cuda/ takes one struct by value; the structs'
 * byte layouts are `LAYOUT` here (the tests compile offsetof checks of
 * them with NVRTC and compare the kernels' parameter sizes in the PTX).
 * Arguments are written into one reusable block (`ARGS`), whose address
 * `cuLaunchKernel` receives as its `void**` (the driver copies the struct
 * at launch, so the block is free again when the call returns). Values go
 * in as two int32 halves: no BigInt per value; device addresses are stored
 * as the bigints the allocator handed out.
 *
 * Iteration spaces are simplified as for the CPU (cpu_meta.ts: size-1
 * dims dropped, dims merged), then stored innermost dim first.
 */
import type { View } from "../core/view.ts";
import { elementwiseMeta, reduceMeta } from "./cpu_meta.ts";

/** The most dims a kernel takes after merging (DK_CUDA_MAXDIM in kernels/cuda/common.cuh). */
export const MAXDIM = 25;
/** Threads per block of the element-wise, index and row kernels. */
export const THREADS = 256;
/** grid.x / grid.y limits of every CUDA GPU since compute capability 3.0. */
export const MAX_GRID_X = 2 ** 31 - 1;
export const MAX_GRID_Y = 65535;
/** EwArgs flags (common.cuh). */
export const EW_CONTIG = 1;
export const EW_VEC = 2;

const ew = (n: number) => {
  const shape = 16 * n + 16;
  return {
    p: 0,
    off: 8 * n,
    n: 16 * n,
    ndim: 16 * n + 8,
    flags: 16 * n + 12,
    shape,
    strides: shape + 8 * MAXDIM,
    size: shape + 8 * MAXDIM * (n + 1),
  };
};
const D = 8 * MAXDIM;

/** Byte offsets of the argument structs' fields and their sizes (kernels/cuda/*.cu). */
export const LAYOUT = {
  /** EwArgs<n>: element-wise spaces of n operands. */
  ew,
  /** RedArgs (reduce.cu). */
  red: {
    in: 0,
    out: 8,
    partial: 16,
    partialIdx: 24,
    inOff: 32,
    nout: 40,
    nred: 48,
    chunk: 56,
    k: 64,
    r: 68,
    kshape: 72,
    kstride: 72 + D,
    rshape: 72 + 2 * D,
    rstride: 72 + 3 * D,
    size: 72 + 4 * D,
  },
  /** RowArgs (rows.cuh). */
  row: {
    in: 0,
    out: 8,
    inOff: 16,
    outOff: 24,
    nrows: 32,
    n: 40,
    inStep: 48,
    outStep: 56,
    nd: 64,
    flags: 68,
    shape: 72,
    inStrides: 72 + D,
    outStrides: 72 + 2 * D,
    size: 72 + 3 * D,
  },
  /** IndexArgs (index.cu). */
  index: {
    src: 0,
    dst: 8,
    offs: 16,
    srcOff: 24,
    dstOff: 32,
    nidx: 40,
    block: 48,
    total: 56,
    srcIstride: 64,
    dstIstride: 72,
    rdim: 80,
    mode: 84,
    rshape: 88,
    srcRstride: 88 + D,
    dstRstride: 88 + 2 * D,
    size: 88 + 3 * D,
  },
  /** FillArgs (copy.cu): the value's bits, then EwArgs<1>. */
  fill: { value: 0, nd: 8, size: 8 + ew(1).size },
  /** PoolArgs (pool.cu). */
  pool: {
    x: 0,
    y: 8,
    idx: 16,
    planes: 24,
    h: 32,
    w: 40,
    oh: 48,
    ow: 56,
    kh: 64,
    kw: 72,
    sh: 80,
    sw: 88,
    ph: 96,
    pw: 104,
    dh: 112,
    dw: 120,
    div: 128,
    incl: 136,
    kind: 144,
    size: 152,
  },
  /** BnArgs (batchnorm.cu). */
  bn: {
    x: 0,
    gamma: 8,
    beta: 16,
    rmean: 24,
    rvar: 32,
    y: 40,
    mean: 48,
    invstd: 56,
    gy: 64,
    gx: 72,
    ggamma: 80,
    gbeta: 88,
    n: 96,
    c: 104,
    hw: 112,
    momentum: 120,
    eps: 128,
    training: 136,
    size: 144,
  },
  /** OptimArgs (optim.cu). */
  optim: { p: 0, g: 8, m: 16, v: 24, vmax: 32, n: 40, s: 48, flags: 104, size: 112 },
  /** RandArgs (random.cu). */
  rand: { out: 0, n: 8, seed: 16, offset: 24, keep: 32, scale: 40, size: 48 },
  /** SortArgs (sort.cu). */
  sort: { data: 0, out: 8, idx: 16, rows: 24, n: 32, desc: 40, size: 48 },
} as const;

const TWO32 = 4294967296;
const BLOCK_BYTES = 8192;
/** Where the void** slot lives in the block: past every struct. */
const SLOT = BLOCK_BYTES - 8;

/** The reusable argument block of kernel launches. */
export class KernelArgs {
  readonly buffer: ArrayBuffer = new ArrayBuffer(BLOCK_BYTES);
  readonly #i32 = new Int32Array(this.buffer);
  readonly #u64 = new BigUint64Array(this.buffer);
  readonly #f64 = new Float64Array(this.buffer);
  #params: Deno.PointerValue = null;

  /** Writes an int64 (a safe integer) at byte offset `at`. */
  i64(at: number, v: number): void {
    this.#i32[at >> 2] = v;
    this.#i32[(at >> 2) + 1] = Math.floor(v / TWO32);
  }

  /** Writes a float64 at byte offset `at`. */
  f64(at: number, v: number): void {
    this.#f64[at >> 3] = v;
  }

  /** Writes an int32 at byte offset `at`. */
  i32(at: number, v: number): void {
    this.#i32[at >> 2] = v;
  }

  /** Writes a device address (or raw 64 bits) at byte offset `at`. */
  u64(at: number, v: bigint): void {
    this.#u64[at >> 3] = v;
  }

  /** Reads back the int64 at byte offset `at` (tests). */
  read(at: number): number {
    return (this.#i32[at >> 2] >>> 0) + this.#i32[(at >> 2) + 1] * TWO32;
  }

  /** The `void**` for cuLaunchKernel: one pointer, to the struct at the start of the block. */
  get params(): Deno.PointerValue {
    if (this.#params === null) {
      const base = Deno.UnsafePointer.of(this.buffer);
      this.#u64[SLOT >> 3] = BigInt(Deno.UnsafePointer.value(base));
      this.#params = Deno.UnsafePointer.offset(base!, SLOT);
    }
    return this.#params;
  }
}

/** The block every launch writes its arguments into. */
export const ARGS: KernelArgs = new KernelArgs();

/** Reads int64 slot `i` of a CPU meta buffer (safe integers). */
function metaAt(m32: Int32Array, i: number): number {
  return (m32[2 * i] >>> 0) + m32[2 * i + 1] * TWO32;
}

function tooManyDims(op: string, nd: number): RangeError {
  return new RangeError(`${op}: CUDA kernels take at most ${MAXDIM} dims after merging, got ${nd}`);
}

/** Elements per vector access of a contiguous element-wise loop (dk_vwidth in common.cuh). */
export function vecWidth(itemsizes: readonly number[]): number {
  return Math.max(...itemsizes) > 4 ? 2 : 4;
}

/** What a packed element-wise space needs for its launch. */
export interface EwSpace {
  /** Elements. */
  n: number;
  flags: number;
  /** Elements per vector access, when flags has EW_VEC. */
  vec: number;
}

/**
 * Writes EwArgs<k> at byte `at` for `views` (already broadcast to one
 * shape; the last is the output) over the device addresses `ptrs`.
 * `vector`: whether the kernel has a vector path (where and fill do not).
 */
export function packElementwise(
  args: KernelArgs,
  at: number,
  ptrs: readonly bigint[],
  views: readonly View[],
  itemsizes: readonly number[],
  vector = true,
): EwSpace {
  const k = views.length, L = ew(k);
  const m32 = new Int32Array(elementwiseMeta(views).buffer);
  const nd = metaAt(m32, 0);
  if (nd > MAXDIM) throw tooManyDims("element-wise", nd);
  let n = 1, contiguous = true;
  for (let d = 0; d < nd; d++) {
    const size = metaAt(m32, 1 + d);
    n *= size;
    args.i64(at + L.shape + 8 * (nd - 1 - d), size);
  }
  for (let j = 0; j < k; j++) {
    args.u64(at + L.p + 8 * j, ptrs[j]);
    for (let d = 0; d < nd; d++) {
      const s = metaAt(m32, 1 + nd + j * nd + d);
      if (nd > 1 || s !== 1) contiguous = false;
      args.i64(at + L.strides + 8 * (j * MAXDIM + nd - 1 - d), s);
    }
  }
  const vec = vecWidth(itemsizes);
  let aligned = contiguous && vector;
  for (let j = 0; j < k; j++) {
    const off = metaAt(m32, 1 + nd + k * nd + j);
    args.i64(at + L.off + 8 * j, off);
    // allocator blocks are 512-byte aligned, so the offset decides
    if (off % vec !== 0) aligned = false;
  }
  const flags = contiguous ? EW_CONTIG | (aligned ? EW_VEC : 0) : 0;
  args.i64(at + L.n, n);
  args.i32(at + L.ndim, nd);
  args.i32(at + L.flags, flags);
  return { n, flags, vec };
}

/** grid x block of a launch. */
export interface Geometry {
  gx: number;
  gy: number;
  bx: number;
  by: number;
}

/** One thread per element (per vector of elements on the vector path), THREADS per block. */
export function elementwiseGeometry(space: EwSpace): Geometry {
  const work = space.flags & EW_VEC ? Math.ceil(space.n / space.vec) : space.n;
  return { gx: Math.min(Math.max(1, Math.ceil(work / THREADS)), MAX_GRID_X), gy: 1, bx: THREADS, by: 1 };
}

/** The smallest power of two >= n (1 for n <= 1). */
export function pow2ceil(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** What a packed reduction needs for its launch. */
export interface ReduceSpace {
  nout: number;
  nred: number;
  /** The innermost kept dim has the smaller stride: adjacent outputs are adjacent in memory. */
  vertical: boolean;
}

/**
 * Writes RedArgs for reducing `x` over `axes` (input at `inPtr`, output
 * at `outPtr`); the split fields (partial, chunk) are the caller's.
 */
export function packReduce(
  args: KernelArgs,
  inPtr: bigint,
  outPtr: bigint,
  x: View,
  axes: readonly number[],
): ReduceSpace {
  const L = LAYOUT.red;
  const m32 = new Int32Array(reduceMeta(x, axes).buffer);
  const k = metaAt(m32, 0), r = metaAt(m32, 1);
  if (k > MAXDIM || r > MAXDIM) throw tooManyDims("reduce", Math.max(k, r));
  let nout = 1, nred = 1;
  for (let d = 0; d < k; d++) {
    const size = metaAt(m32, 2 + d);
    nout *= size;
    args.i64(L.kshape + 8 * (k - 1 - d), size);
    args.i64(L.kstride + 8 * (k - 1 - d), metaAt(m32, 2 + k + r + d));
  }
  for (let d = 0; d < r; d++) {
    const size = metaAt(m32, 2 + k + d);
    nred *= size;
    args.i64(L.rshape + 8 * (r - 1 - d), size);
    args.i64(L.rstride + 8 * (r - 1 - d), metaAt(m32, 2 + 2 * k + r + d));
  }
  args.u64(L.in, inPtr);
  args.u64(L.out, outPtr);
  args.i64(L.inOff, metaAt(m32, 2 + 2 * k + 2 * r));
  args.i64(L.nout, nout);
  args.i64(L.nred, nred);
  args.i32(L.k, k);
  args.i32(L.r, r);
  const kin = k > 0 ? Math.abs(metaAt(m32, 2 + k + r + k - 1)) : 0;
  const rin = r > 0 ? Math.abs(metaAt(m32, 2 + 2 * k + r + r - 1)) : 0;
  const vertical = k > 0 && metaAt(m32, 2 + k - 1) > 1 && kin < rin;
  return { nout, nred, vertical };
}

/** A reduction's launch: block (bx, by), grid (gx, gy), and the reduced elements of each grid.y split. */
export interface ReduceGeometry extends Geometry {
  chunk: number;
}

/** Below this many reduced elements per thread a split is not worth its second pass. */
const MIN_PER_THREAD = 64;

/**
 * Block and grid of a reduction (reduce.cu explains the roles of bx, by
 * and gy). `sms` is the GPU's multiprocessor count: when the outputs give
 * fewer than four blocks per multiprocessor, the reduced elements are
 * split over grid.y until they do (each thread keeping at least
 * MIN_PER_THREAD elements).
 */
export function reduceGeometry(space: ReduceSpace, sms: number): ReduceGeometry {
  const { nout, nred, vertical } = space;
  let bx: number, by: number;
  if (vertical) {
    bx = Math.min(32, pow2ceil(nout));
    by = Math.min(THREADS / bx, pow2ceil(nred));
  } else {
    by = Math.min(THREADS, pow2ceil(nred));
    bx = Math.min(THREADS / by, pow2ceil(nout));
  }
  const gx = Math.ceil(nout / bx);
  const target = 4 * sms;
  let gy = 1;
  if (gx < target) gy = Math.min(Math.ceil(target / gx), Math.floor(nred / (by * MIN_PER_THREAD)), MAX_GRID_Y);
  gy = Math.max(1, gy);
  const chunk = Math.ceil(nred / gy);
  if (nred > 0) gy = Math.ceil(nred / chunk);
  return { gx: Math.min(gx, MAX_GRID_X), gy, bx, by, chunk };
}

/** One thread per output for the pass that combines a split reduction's partial results. */
export function finishGeometry(nout: number): Geometry {
  return { gx: Math.min(Math.max(1, Math.ceil(nout / THREADS)), MAX_GRID_X), gy: 1, bx: THREADS, by: 1 };
}

/** What a packed row space needs for its launch. */
export interface RowSpace {
  nrows: number;
  n: number;
}

/**
 * Writes RowArgs for the rows of `x` along `axis` into `out` (same shape):
 * the scans and softmax. `flags` is the kernel's (softmax: 1 = log).
 */
export function packRows(
  args: KernelArgs,
  inPtr: bigint,
  outPtr: bigint,
  x: View,
  out: View,
  axis: number,
  flags = 0,
): RowSpace {
  const L = LAYOUT.row;
  const dims: number[] = [];
  for (let d = x.ndim - 1; d >= 0; d--) if (d !== axis && x.shape[d] !== 1) dims.push(d);
  if (dims.length > MAXDIM) throw tooManyDims("scan", dims.length);
  let nrows = 1;
  dims.forEach((d, i) => {
    nrows *= x.shape[d];
    args.i64(L.shape + 8 * i, x.shape[d]);
    args.i64(L.inStrides + 8 * i, x.strides[d]);
    args.i64(L.outStrides + 8 * i, out.strides[d]);
  });
  const n = x.shape[axis];
  args.u64(L.in, inPtr);
  args.u64(L.out, outPtr);
  args.i64(L.inOff, x.offset);
  args.i64(L.outOff, out.offset);
  args.i64(L.nrows, nrows);
  args.i64(L.n, n);
  args.i64(L.inStep, x.strides[axis]);
  args.i64(L.outStep, out.strides[axis]);
  args.i32(L.nd, dims.length);
  args.i32(L.flags, flags);
  return { nrows, n };
}

/** A block per row (each loops over further rows), as many threads as a row has elements, 32 to THREADS. */
export function rowGeometry(space: RowSpace, sms: number): Geometry {
  return {
    gx: Math.max(1, Math.min(space.nrows, 32 * sms)),
    gy: 1,
    bx: Math.min(THREADS, Math.max(32, pow2ceil(space.n))),
    by: 1,
  };
}

/**
 * Writes IndexArgs for the CPU's dk_index_copy / dk_index_add addressing:
 * mode 0 gathers `src` blocks at `nidx` offsets into `dst`'s leading dim,
 * modes 1 to 3 scatter `src`'s leading dim to `dst` at the offsets (the
 * offsets are at device address `offsPtr`). Returns the elements to copy.
 */
export function packIndex(
  args: KernelArgs,
  src: { ptr: bigint; view: View },
  dst: { ptr: bigint; view: View },
  offsPtr: bigint,
  nidx: number,
  rest: number,
  mode: 0 | 1 | 2 | 3,
): number {
  const L = LAYOUT.index;
  // the operand with the leading index dim is dst when gathering, src when scattering
  const [lead, base] = mode === 0 ? [dst.view, src.view] : [src.view, dst.view];
  if (rest > MAXDIM) throw tooManyDims("index", rest);
  const rshape = base.shape.slice(base.ndim - rest);
  const leadRest = lead.strides.slice(1), baseRest = base.strides.slice(base.ndim - rest);
  const [sr, dr] = mode === 0 ? [baseRest, leadRest] : [leadRest, baseRest];
  let block = 1;
  for (let i = 0; i < rest; i++) {
    const d = rest - 1 - i;
    block *= rshape[d];
    args.i64(L.rshape + 8 * i, rshape[d]);
    args.i64(L.srcRstride + 8 * i, sr[d]);
    args.i64(L.dstRstride + 8 * i, dr[d]);
  }
  const istride = lead.strides[0] ?? 0;
  args.u64(L.src, src.ptr);
  args.u64(L.dst, dst.ptr);
  args.u64(L.offs, offsPtr);
  args.i64(L.srcOff, src.view.offset);
  args.i64(L.dstOff, dst.view.offset);
  args.i64(L.nidx, nidx);
  args.i64(L.block, block);
  args.i64(L.total, nidx * block);
  args.i64(L.srcIstride, mode === 0 ? 0 : istride);
  args.i64(L.dstIstride, mode === 0 ? istride : 0);
  args.i32(L.rdim, rest);
  args.i32(L.mode, mode === 0 ? 0 : 1);
  return nidx * block;
}

/**
 * How cuBLAS (column-major) reads a row-major `rows` x `cols` matrix view
 * with strides (rs, cs): `trans` false when memory holds it row-major
 * (column-major, it is the transpose, with leading dimension `ld`), true
 * when it holds it column-major; null when neither (it needs a copy).
 */
export function gemmOperand(rows: number, cols: number, rs: number, cs: number): { trans: boolean; ld: number } | null {
  if ((cs === 1 || cols === 1) && (rows === 1 || rs >= Math.max(1, cols))) {
    return { trans: false, ld: rows === 1 ? Math.max(1, cols) : rs };
  }
  if ((rs === 1 || rows === 1) && (cols === 1 || cs >= Math.max(1, rows))) {
    return { trans: true, ld: cols === 1 ? Math.max(1, rows) : cs };
  }
  return null;
}

/** A batched matmul's batch dims as one strided batch (per operand) repeated over the outer dims. */
export interface BatchPlan {
  /** Matrices per strided-batched call. */
  count: number;
  /** Each operand's stride between them (elements). */
  strides: number[];
  /** The remaining outer dims, looped on the host, and each operand's strides along them. */
  outerShape: number[];
  outerStrides: number[][];
}

/**
 * Merges batch dims, innermost first, while every operand steps through
 * them with one stride (broadcast dims: stride 0 in that operand).
 */
export function batchPlan(batch: readonly number[], strides: readonly (readonly number[])[]): BatchPlan {
  const dims = batch.map((_, i) => i).filter((i) => batch[i] !== 1);
  const ops = strides.length;
  if (dims.length === 0) {
    return { count: 1, strides: new Array(ops).fill(0), outerShape: [], outerStrides: strides.map(() => []) };
  }
  let last = dims.length - 1;
  const inner = dims[last];
  let count = batch[inner];
  const st = strides.map((s) => s[inner]);
  while (last > 0) {
    const d = dims[last - 1];
    if (!strides.every((s, j) => s[d] === st[j] * count)) break;
    count *= batch[d];
    last--;
  }
  const outer = dims.slice(0, last);
  return {
    count,
    strides: st,
    outerShape: outer.map((d) => batch[d]),
    outerStrides: strides.map((s) => outer.map((d) => s[d])),
  };
}
