/**
 * What a device must provide: memory and the primitive kernels every op
 * dispatches to, as a table of functions per device. Ops never name a
 * device: they ask `backendOf(...)` for the backend of their operands'
 * storage (all operands must share one device, as in PyTorch), and a
 * kernel a backend lacks is PyTorch's "not implemented" error.
 *
 * Operands arrive with shapes, strides, dtypes and indices already checked
 * by the ops layer; backends check liveness and view bounds right before
 * each native call (`checkOperand`).
 */
import type { DType } from "../core/dtype.ts";
import { RuntimeError } from "../core/errors.ts";
import type { Operand, Storage } from "../core/storage.ts";
import type { View } from "../core/view.ts";
import type * as NN from "./nn_types.ts";

export type { Operand };

/** The kernel surface of one device. */
export interface Backend {
  /** Device key: "cpu", "cuda:0", ... */
  readonly device: string;
  /** Memory for `length` elements of `dtype` (zeroed when `zero`). */
  alloc(dtype: DType, length: number, zero: boolean): Storage;
  /** A copy of `src` (host memory, or this device's) in this device's memory. */
  copyFrom(src: Storage, nonBlocking?: boolean): Storage;
  /** Copies a storage of this device into host bytes (device backends; host-memory backends read `bytes`). */
  toHost?(src: Storage, dst: Uint8Array): void;
  /** Element-wise kernels over views already broadcast to `out`'s shape; `code` is the op's index in the shared op table. */
  unary(code: number, x: Operand, out: Operand): void;
  binary(code: number, a: Operand, b: Operand, out: Operand): void;
  /**
   * `unary` and `binary` over `n` contiguous elements of each storage from element offsets `xo` (`ao`, `bo`) and
   * `oo` (the op layer's commonest calls, without views); a binary input of step 0 (`as`, `bs`) is one element read
   * `n` times (an array with a JS scalar). Optional: the op layer calls `unary`/`binary` where a backend lacks them.
   */
  unaryFlat?(code: number, x: Storage, xo: number, out: Storage, oo: number, n: number): void;
  binaryFlat?(
    code: number,
    a: Storage,
    ao: number,
    as: 0 | 1,
    b: Storage,
    bo: number,
    bs: 0 | 1,
    out: Storage,
    oo: number,
    n: number,
  ): void;
  where(cond: Operand, x: Operand, y: Operand, out: Operand): void;
  /** Strided copy with dtype conversion (plain copy when dtypes agree). */
  cast(x: Operand, out: Operand): void;
  /**
   * Fills all of `out` in one pass: zeros, except the contiguous `g` through `view` (a view of `out` with positive
   * strides that reaches no element twice): the backward of a view. Optional: otherwise zeros and a copy.
   */
  viewScatter?(g: Operand, out: Storage, view: View): void;
  /** Reduces `x` over `axes` into the contiguous `out` (kept dims only). */
  reduce(code: number, x: Operand, axes: readonly number[], out: Storage): void;
  argreduce(op: "argmax" | "argmin", x: Operand, axis: number, out: Storage): void;
  scan(op: "cumsum" | "cumprod", x: Operand, axis: number, out: Operand): void;
  /**
   * softmax (log_softmax when `log`) of float `x` along `axis` into `out` of its shape and dtype, in one pass per row.
   * Optional: the op layer computes the composite where a backend lacks it.
   */
  softmax?(x: Operand, axis: number, out: Operand, log: boolean): void;
  /**
   * Dropout's noise drawn on the device from its own generator: each of `out`'s contiguous float elements is `scale`
   * where a uniform draw falls below `keep`, else 0. Optional: host memory takes its noise from the CPU generator
   * (PyTorch's stream for the seed), which a device would have to copy in every step.
   */
  dropoutNoise?(out: Storage, keep: number, scale: number): void;
  /**
   * One fused SGD step of contiguous float `p` from `g` (and the momentum buffer `buf`), in place; `s` and `flags` as
   * kernels/include/optim_step.h reads them. Optional (the CPU's goes through src/optim/fused.ts on host bytes); the
   * optimizer takes its op-by-op path where a backend lacks it.
   */
  sgdStep?(p: Operand, g: Operand, buf: Operand | null, s: readonly number[], flags: number): void;
  /** One fused Adam step (see sgdStep): p, m, v and, with amsgrad, vmax in place. */
  adamStep?(
    p: Operand,
    g: Operand,
    m: Operand,
    v: Operand,
    vmax: Operand | null,
    s: readonly number[],
    flags: number,
  ): void;
  /** Sorts / argsorts contiguous rows of length n in place / into idx. */
  sort(data: Storage, rows: number, n: number, descending: boolean): void;
  argsort(data: Storage, idx: Storage, rows: number, n: number, descending: boolean): void;
  /**
   * torch.topk(sorted=True) of each contiguous row (descending: the largest first; ties in PyTorch's order) into rows
   * of k values and int64 indices. Optional: the op layer takes argsort's first k where a backend lacks it.
   */
  topk?(data: Storage, vals: Storage, idx: Storage, rows: number, n: number, k: number, descending: boolean): void;
  /**
   * Sub-block copies at element offsets: mode 0 gathers `src` blocks at
   * `offsets` into `dst`'s leading dim, mode 1 scatters `src`'s leading dim
   * to `dst` at `offsets`, mode 2 scatters adding (repeated offsets
   * accumulate), mode 3 multiplying.
   */
  indexCopy(src: Operand, dst: Operand, offsets: BigInt64Array, rest: number, mode: 0 | 1 | 2 | 3): void;
  /**
   * Coordinates of the non-zero elements of a contiguous bool storage of
   * `shape`, dim-major: [coords of dim 0 (count), coords of dim 1, ...].
   */
  nonzero(mask: Storage, shape: readonly number[]): { count: number; coords: BigInt64Array };
  /**
   * Gather (mode 0: `vals` = `x` at the walk's offsets, in the index's C
   * order) or scatter (mode 1 writes `vals` there, 2 adds, 3 multiplies)
   * along dim `d`, the offsets of alongOffsets computed as it goes; `vals`
   * is contiguous, of `x`'s dtype. A scatter checks every index before it
   * writes. Optional: the op layer goes through alongOffsets where a
   * backend lacks it.
   */
  along?(index: Operand, d: number, x: Operand, vals: Operand, mode: 0 | 1 | 2 | 3, wrap: boolean): void;
  /**
   * Element offsets of gather/scatter along dim `d` (PyTorch's addressing):
   * one per element of the int64 `index`, into a tensor of `xShape` with
   * `xStrides`; every index is bounds-checked. Negative indices count
   * from the end when `wrap` (NumPy's take_along_axis), else they are out
   * of bounds (PyTorch's gather and scatter). A large result is a pool
   * scratch array (core/host_pool.ts), which the consumer gives back.
   */
  alongOffsets(
    index: Operand,
    d: number,
    xShape: readonly number[],
    xStrides: readonly number[],
    wrap: boolean,
  ): BigInt64Array;
  /**
   * Offsets from k broadcast int64 index columns (`cols` holds k rows of
   * n): the sum of each index (negatives wrap, bounds-checked against
   * `sizes`) times its stride.
   */
  combineOffsets(cols: Storage, n: number, sizes: number[], strides: number[], axes: number[]): BigInt64Array;
  matmul(a: Operand, b: Operand, out: Storage, batch: readonly number[], m: number, n: number, k: number): void;
  solve(a: Storage, b: Storage, n: number, nrhs: number): void;
  det(a: Storage, n: number): number;
  /**
   * LU with partial pivoting (LAPACK's getrf) of `count` contiguous m x n matrices, in place: min(m, n) 1-based
   * int32 pivots and an int32 info (the first zero pivot, 1-based, or 0) per matrix.
   */
  luFactor(a: Storage, pivots: Storage, info: Storage, count: number, m: number, n: number): void;
  /** Solves A X = B in place for `count` contiguous triangular n x n A and n x k B (no singularity check). */
  triangularSolve(a: Storage, b: Storage, count: number, n: number, k: number, upper: boolean, unit: boolean): void;
  svd(a: Storage, s: Storage, u: Storage, vt: Storage, m: number, n: number, mode: number): void;
  qr(a: Storage, q: Storage, r: Storage, m: number, n: number, complete: boolean): void;
  eigh(a: Storage, w: Storage, v: Storage, n: number, lower: boolean): void;
  /** Householder QR (LAPACK's geqrf) of `count` contiguous m x n matrices in place, min(m, n) taus per matrix. */
  geqrf?(a: Storage, tau: Storage, count: number, m: number, n: number): void;
  /**
   * LDL^T with Bunch-Kaufman pivoting (sytrf, lower) of `count` contiguous symmetric n x n matrices in place: n
   * 1-based int32 pivots and an int32 info per matrix.
   */
  ldlFactor?(a: Storage, pivots: Storage, info: Storage, count: number, n: number): void;
  /** Solves A X = B in place (sytrs) for `count` LDL^T factorizations (n x n) and right-hand sides (n x k). */
  ldlSolve?(ld: Storage, pivots: Storage, b: Storage, count: number, n: number, k: number): void;
  haveLapack(): boolean;
  // ---- nn kernels (src/nn): C-contiguous float operands, NCHW; a backend without one gives notImplemented ----
  conv2dForward?(x: Operand, w: Operand, bias: Operand | null, y: Operand, g: NN.Conv2dGeometry): void;
  conv2dBackwardInput?(gy: Operand, w: Operand, gx: Operand, g: NN.Conv2dGeometry): void;
  conv2dBackwardWeight?(x: Operand, gy: Operand, gw: Operand, gb: Operand | null, g: NN.Conv2dGeometry): void;
  maxPool2d?(x: Operand, y: Operand, indices: Operand, g: NN.MaxPool2dGeometry): void;
  maxPool2dBackward?(gy: Operand, indices: Operand, gx: Operand, p: NN.PlanesShape): void;
  avgPool2d?(x: Operand, y: Operand, g: NN.AvgPool2dGeometry): void;
  avgPool2dBackward?(gy: Operand, gx: Operand, g: NN.AvgPool2dGeometry): void;
  adaptiveAvgPool2d?(x: Operand, y: Operand, p: NN.PlanesShape): void;
  adaptiveAvgPool2dBackward?(gy: Operand, gx: Operand, p: NN.PlanesShape): void;
  adaptiveMaxPool2d?(x: Operand, y: Operand, indices: Operand, p: NN.PlanesShape): void;
  batchNorm?(args: NN.BatchNormArgs<Operand>): void;
  batchNormBackward?(args: NN.BatchNormBackwardArgs<Operand>): void;
  // ---- resampling (F.interpolate, F.grid_sample): a backend without them takes the composite path ----
  /** Applies interpolation taps (backward: scatters gy into gx, `x` the gradient and `y` the input's gradient). */
  upsample?(
    x: Operand,
    y: Operand,
    index: Operand,
    weight: Operand | null,
    g: NN.UpsampleGeometry,
    backward: boolean,
  ): void;
  gridSample?(x: Operand, grid: Operand, y: Operand, g: NN.GridSampleGeometry): void;
  gridSampleBackward?(
    gy: Operand,
    x: Operand,
    grid: Operand,
    gx: Operand | null,
    gGrid: Operand | null,
    g: NN.GridSampleGeometry,
  ): void;
}

const BACKENDS = new Map<string, Backend>();

/**
 * Makes a backend available for its device key.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { backendFor } from "./backend.ts";
 * import "./cpu.ts";
 * assert(backendFor("cpu").device === "cpu");
 * ```
 */
export function registerBackend(b: Backend): void {
  BACKENDS.set(b.device, b);
}

const FACTORIES = new Map<string, (device: string) => Backend>();

/**
 * Makes the backends of a device type available on first use: `make` is
 * called (once per device key, e.g. "cuda:1") the first time an op needs
 * one, so nothing loads a device's libraries until that device is used.
 */
export function registerBackendFactory(type: string, make: (device: string) => Backend): void {
  FACTORIES.set(type, make);
}

/** The backend of a device key; PyTorch's error when none is registered. */
export function backendFor(device: string): Backend {
  const b = BACKENDS.get(device);
  if (b) return b;
  const make = FACTORIES.get(device.split(":")[0]);
  if (make) {
    const made = make(device);
    BACKENDS.set(device, made);
    return made;
  }
  throw new RuntimeError(`no backend for device '${device}' (available: ${[...BACKENDS.keys()].join(", ")})`);
}

/** The devices with a registered backend. */
export function devices(): string[] {
  return [...BACKENDS.keys()];
}

/**
 * The backend of the operands' storage; they must all live on one device
 * (PyTorch's "Expected all tensors to be on the same device" otherwise).
 */
export function backendOf(...xs: (Operand | Storage | null | undefined)[]): Backend {
  // the common case, every operand on the CPU, without building messages or maps
  if (xs.length <= 4 && allCpu(xs)) return cpuBackend ??= backendFor("cpu");
  let dev: string | undefined;
  for (const x of xs) {
    if (!x) continue;
    const d = "storage" in x ? x.storage.device : x.device;
    if (dev === undefined) dev = d;
    else if (d !== dev) {
      throw new RuntimeError(
        `Expected all tensors to be on the same device, but found at least two devices, ${dev} and ${d}!`,
      );
    }
  }
  return backendFor(dev ?? "cpu");
}

let cpuBackend: Backend | undefined;

function allCpu(xs: readonly (Operand | Storage | null | undefined)[]): boolean {
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (x && (x instanceof Object && "layout" in x ? (x as Operand).storage.device : (x as Storage).device) !== "cpu") {
      return false;
    }
  }
  return true;
}

/** PyTorch's error for a kernel a backend does not have. */
export function notImplemented(op: string, device: string): RuntimeError {
  const key = device.split(":")[0].toUpperCase();
  return new RuntimeError(`"${op}" not implemented for '${key}'`);
}
