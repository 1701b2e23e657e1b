/**
 * The `np.*` functions over array-likes: ufuncs, reductions and
 * statistics, shape manipulation, joining and splitting, products.
 * Most delegate to the ndarray methods so each behaviour lives once.
 */
import { ShapeError } from "../core/errors.ts";
import { normalizeAxis } from "../core/shape.ts";
import { View } from "../core/view.ts";
import type { BinaryFn, UnaryFn } from "../ops/elementwise.ts";
import { Slice } from "../ops/index.ts";
import { arraySplit as splitOp, concatenate as concatOp } from "../ops/join.ts";
import { inner as innerOp, outer as outerOp } from "../ops/linear.ts";
import { castTo, contiguous, empty as emptyOp } from "../ops/operand.ts";
import { axesOf, type Axis, reducedShape } from "../ops/reduce.ts";
import { rowsAlong } from "../ops/sort.ts";
import * as U from "../ops/ufuncs.ts";
import {
  type ArrayLike,
  asOperand,
  NDArray,
  operandOrScalar,
  reduceArgs,
  type ReduceOptions,
  type VarOptions,
  whereOf,
} from "./ndarray.ts";

const A = (x: ArrayLike): NDArray => NDArray.wrap(asOperand(x));

/** An `out` option: write the result into an existing array. */
export interface OutOption {
  out?: NDArray;
}

function unary(fn: UnaryFn) {
  return (x: ArrayLike, opts: OutOption = {}): NDArray => NDArray.wrap(fn(asOperand(x), opts.out));
}
function binary(fn: BinaryFn) {
  return (a: ArrayLike, b: ArrayLike, opts: OutOption = {}): NDArray =>
    NDArray.wrap(fn(operandOrScalar(a), operandOrScalar(b), opts.out));
}

export const negative = unary(U.negative), positive = unary(U.positive), abs = unary(U.abs), absolute = abs;
export const sign = unary(U.sign), square = unary(U.square), reciprocal = unary(U.reciprocal);
export const sqrt = unary(U.sqrt), exp = unary(U.exp), exp2 = unary(U.exp2), expm1 = unary(U.expm1);
export const log = unary(U.log), log2 = unary(U.log2), log10 = unary(U.log10), log1p = unary(U.log1p);
export const sin = unary(U.sin), cos = unary(U.cos), tan = unary(U.tan);
export const arcsin = unary(U.arcsin), arccos = unary(U.arccos), arctan = unary(U.arctan);
export const sinh = unary(U.sinh), cosh = unary(U.cosh), tanh = unary(U.tanh);
export const rint = unary(U.rint), floor = unary(U.floor), ceil = unary(U.ceil), trunc = unary(U.trunc);
export const isnan = unary(U.isnan), isinf = unary(U.isinf), isfinite = unary(U.isfinite);
export const logicalNot = unary(U.logicalNot);

export const add = binary(U.add), subtract = binary(U.subtract), multiply = binary(U.multiply);
export const divide = binary(U.divide), trueDivide = divide, floorDivide = binary(U.floorDivide);
export const mod = binary(U.mod), remainder = mod, fmod = binary(U.fmod), power = binary(U.power);
export const maximum = binary(U.maximum), minimum = binary(U.minimum);
export const arctan2 = binary(U.arctan2), hypot = binary(U.hypot);
export const bitwiseAnd = binary(U.bitwiseAnd), bitwiseOr = binary(U.bitwiseOr), bitwiseXor = binary(U.bitwiseXor);
export const equal = binary(U.equal), notEqual = binary(U.notEqual), less = binary(U.less);
export const lessEqual = binary(U.lessEqual), greater = binary(U.greater), greaterEqual = binary(U.greaterEqual);
export const logicalAnd = binary(U.logicalAnd), logicalOr = binary(U.logicalOr), logicalXor = binary(U.logicalXor);

/** Rounds half to even at `decimals` digits. */
export const round = (a: ArrayLike, decimals = 0): NDArray => A(a).round(decimals);
/** Limits values to [lo, hi]. */
export const clip = (a: ArrayLike, lo: ArrayLike | null, hi: ArrayLike | null): NDArray => A(a).clip(lo, hi);
/** `x` where `cond`, else `y`; with one argument, `nonzero(cond)`. */
export function where(cond: ArrayLike, x?: ArrayLike, y?: ArrayLike): NDArray | NDArray[] {
  if (x === undefined && y === undefined) return A(cond).nonzero();
  if (x === undefined || y === undefined) {
    throw new TypeError("where: either both or neither of x and y should be given");
  }
  return whereOf(cond, x, y);
}
/** Indices of non-zero elements per dim. */
export const nonzero = (a: ArrayLike): NDArray[] => A(a).nonzero();

// ---------- reductions and statistics ----------
type R = (a: ArrayLike, axis?: Axis | ReduceOptions, opts?: ReduceOptions) => NDArray;
export const sum: R = (a, ax, o) => A(a).sum(ax, o);
export const prod: R = (a, ax, o) => A(a).prod(ax, o);
export const mean: R = (a, ax, o) => A(a).mean(ax, o);
export const max: R = (a, ax, o) => A(a).max(ax, o), amax = max;
export const min: R = (a, ax, o) => A(a).min(ax, o), amin = min;
export const all: R = (a, ax, o) => A(a).all(ax, o);
export const any: R = (a, ax, o) => A(a).any(ax, o);
export const std = (a: ArrayLike, ax?: Axis | VarOptions, o?: VarOptions): NDArray => A(a).std(ax, o);
export const variance = (a: ArrayLike, ax?: Axis | VarOptions, o?: VarOptions): NDArray => A(a).var(ax, o);
export const argmax = (a: ArrayLike, axis: number | null = null, o: { keepdims?: boolean } = {}): NDArray =>
  A(a).argmax(axis, o);
export const argmin = (a: ArrayLike, axis: number | null = null, o: { keepdims?: boolean } = {}): NDArray =>
  A(a).argmin(axis, o);
export const cumsum = (a: ArrayLike, axis: number | null = null): NDArray => A(a).cumsum(axis);
export const cumprod = (a: ArrayLike, axis: number | null = null): NDArray => A(a).cumprod(axis);

/**
 * Median along axes (mean of the two middle values for even counts; NaN
 * when a NaN is present), as np.median.
 *
 * @example
 * ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.median(np.array([[1, 5, 2], [4, 3, 6]]), 1).tolist()); // [2, 4]
 * ```
 */
export function median(a: ArrayLike, axis?: Axis | ReduceOptions, opts?: ReduceOptions): NDArray {
  const o = reduceArgs(axis, opts);
  const x = asOperand(a);
  const dt = x.storage.dtype === "float32" ? "float32" : "float64";
  const axes = axesOf("median", o.axis, x.layout.ndim);
  const outShape = reducedShape(x.layout.shape, axes, o.keepdims ?? false);
  // move the reduced axes last and merge them into one
  const keep = [...Array(x.layout.ndim).keys()].filter((d) => !axes.includes(d));
  const moved = contiguous({ storage: x.storage, layout: x.layout.permute("median", [...keep, ...axes]) }, true);
  const n = axes.reduce((p, d) => p * x.layout.shape[d], 1);
  const rowsN = n === 0 ? 0 : moved.layout.size / n;
  const flat = { storage: moved.storage, layout: new View([rowsN, n]) };
  const sorted = rowsAlong(castTo(flat, dt), 1).rows;
  if (n > 0) NDArray.wrap(sorted).sort(-1);
  const out = emptyOp(outShape, dt);
  const d = sorted.storage.data as Float64Array | Float32Array, od = out.storage.data as Float64Array | Float32Array;
  for (let r = 0; r < (n === 0 ? out.layout.size : rowsN); r++) {
    if (n === 0) {
      od[r] = NaN;
      continue;
    }
    const row = r * n, last = d[row + n - 1];
    const mid = n >> 1;
    od[r] = Number.isNaN(last) ? NaN : n % 2 ? d[row + mid] : (d[row + mid - 1] + d[row + mid]) / 2;
  }
  return NDArray.wrap(out);
}

/** Covariance matrix of variables in rows (or columns with `rowvar: false`). */
export function cov(
  m: ArrayLike,
  opts: { y?: ArrayLike; rowvar?: boolean; bias?: boolean; ddof?: number } = {},
): NDArray {
  let x = A(m);
  if (x.ndim > 2) throw new RangeError("m has more than 2 dimensions");
  const dt = "float64"; // NumPy: result_type(m, float64)
  x = x.astype(dt);
  if (x.ndim === 1) x = x.reshape(1, -1);
  if (opts.rowvar === false && x.shape[0] !== 1) x = x.T;
  if (opts.y !== undefined) {
    let y = A(opts.y).astype(dt);
    if (y.ndim === 1) y = y.reshape(1, -1);
    if (opts.rowvar === false && y.shape[0] !== 1) y = y.T;
    x = concatenate([x, y], 0);
  }
  const ddof = opts.ddof ?? (opts.bias ? 0 : 1);
  const n = x.shape[1];
  const xc = x.subtract(x.mean({ axis: 1, keepdims: true }));
  const c = xc.matmul(xc.T).divide(Math.max(n - ddof, 0));
  return c.squeeze();
}

/** Pearson correlation coefficients, clipped to [-1, 1] as NumPy does. */
export function corrcoef(x: ArrayLike, opts: { y?: ArrayLike; rowvar?: boolean } = {}): NDArray {
  const c = cov(x, opts);
  if (c.ndim === 0) return c.divide(c);
  const d = sqrt(c.diagonal().copy());
  const r = c.divide(d.reshape(-1, 1)).divide(d.reshape(1, -1));
  return r.clip(-1, 1);
}

// ---------- shape ----------
export const reshape = (a: ArrayLike, shape: number | readonly number[]): NDArray =>
  A(a).reshape(typeof shape === "number" ? [shape] : shape);
export const transpose = (a: ArrayLike, axes?: readonly number[]): NDArray => A(a).transpose(...(axes ? [axes] : []));
export const swapaxes = (a: ArrayLike, x: number, y: number): NDArray => A(a).swapaxes(x, y);
export const ravel = (a: ArrayLike): NDArray => A(a).ravel();
export const squeeze = (a: ArrayLike, axis?: number | readonly number[]): NDArray => A(a).squeeze(axis);

/** Inserts size-1 axes (a view). */
export function expandDims(a: ArrayLike, axis: number | readonly number[]): NDArray {
  const x = A(a);
  const list = typeof axis === "number" ? [axis] : axis;
  const nd = x.ndim + list.length;
  const axes = list.map((ax) => normalizeAxis("expandDims", ax, nd)).sort((p, q) => p - q);
  let v = x.layout;
  for (const ax of axes) v = v.unsqueeze(ax);
  return new NDArray(x.storage, v);
}

/** A read-only-in-spirit broadcast view of `a` (stride 0 along new dims). */
export function broadcastTo(a: ArrayLike, shape: readonly number[]): NDArray {
  const x = A(a);
  return new NDArray(x.storage, x.layout.expand("broadcastTo", shape));
}

/** np.resize: a new array of `shape`, repeating `a`'s elements cyclically. */
export function resize(a: ArrayLike, shape: number | readonly number[]): NDArray {
  const x = A(a).ravel();
  const s = typeof shape === "number" ? [shape] : [...shape];
  const total = s.reduce((p, d) => p * d, 1);
  if (x.size === 0 || total === 0) return NDArray.wrap(emptyOp(s, x.dtype));
  const reps = Math.ceil(total / x.size);
  const tiled = concatenate(Array(reps).fill(x), 0);
  return tiled.get([new Slice(0, total)]).reshape(s);
}

// ---------- joining and splitting ----------
/** Joins arrays along an existing axis (null: flattened). */
export function concatenate(arrays: readonly ArrayLike[], axis: number | null = 0): NDArray {
  return NDArray.wrap(concatOp(arrays.map(asOperand), axis));
}
/** Joins along a new axis. */
export function stack(arrays: readonly ArrayLike[], axis = 0): NDArray {
  const xs = arrays.map(A);
  if (xs.length === 0) throw new RangeError("need at least one array to stack");
  const shape = xs[0].shape;
  xs.forEach((x, i) => {
    if (x.ndim !== shape.length || x.shape.some((d, j) => d !== shape[j])) {
      throw new ShapeError(
        "stack",
        `all input arrays must have the same shape (array 0 has [${shape}], array ${i} has [${x.shape}])`,
        xs.map((y) => y.shape),
      );
    }
  });
  const ax = normalizeAxis("stack", axis, shape.length + 1);
  return concatenate(xs.map((x) => expandDims(x, ax)), ax);
}
const atleast = (x: NDArray, n: number): NDArray => {
  if (x.ndim >= n) return x;
  if (n === 2) return x.reshape(1, x.size);
  // 3-d: (N,) -> (1, N, 1); (M, N) -> (M, N, 1)
  if (x.ndim === 0) return x.reshape(1, 1, 1);
  if (x.ndim === 1) return x.reshape(1, x.size, 1);
  return x.reshape(...x.shape, 1);
};
/** Stacks horizontally (columns; axis 0 for 1-d). */
export function hstack(arrays: readonly ArrayLike[]): NDArray {
  const xs = arrays.map(A).map((x) => (x.ndim === 0 ? x.reshape(1) : x));
  return concatenate(xs, xs[0]?.ndim === 1 ? 0 : 1);
}
/** Stacks vertically (rows). */
export function vstack(arrays: readonly ArrayLike[]): NDArray {
  return concatenate(arrays.map(A).map((x) => atleast(x, 2)), 0);
}
/** Stacks along the third axis. */
export function dstack(arrays: readonly ArrayLike[]): NDArray {
  return concatenate(arrays.map(A).map((x) => atleast(x, 3)), 2);
}
/** Appends values (flattened unless axis is given). */
export function append(arr: ArrayLike, values: ArrayLike, axis: number | null = null): NDArray {
  if (axis === null) return concatenate([A(arr).ravel(), A(values).ravel()], 0);
  return concatenate([arr, values], axis);
}
/** Splits into equal parts (error if not possible) or at indices: views. */
export function split(a: ArrayLike, sections: number | readonly number[], axis = 0): NDArray[] {
  return splitOp(asOperand(a), sections, axis, true).map(NDArray.wrap);
}
/** Like split, allowing unequal parts. */
export function arraySplit(a: ArrayLike, sections: number | readonly number[], axis = 0): NDArray[] {
  return splitOp(asOperand(a), sections, axis).map(NDArray.wrap);
}
/** Splits columns (axis 1; axis 0 for 1-d). */
export function hsplit(a: ArrayLike, sections: number | readonly number[]): NDArray[] {
  const x = A(a);
  if (x.ndim === 0) throw new RangeError("hsplit only works on arrays of 1 or more dimensions");
  return split(x, sections, x.ndim > 1 ? 1 : 0);
}
/** Splits rows (axis 0; needs 2+ dims). */
export function vsplit(a: ArrayLike, sections: number | readonly number[]): NDArray[] {
  const x = A(a);
  if (x.ndim < 2) throw new RangeError("vsplit only works on arrays of 2 or more dimensions");
  return split(x, sections, 0);
}
/** Splits along axis 2 (needs 3+ dims). */
export function dsplit(a: ArrayLike, sections: number | readonly number[]): NDArray[] {
  const x = A(a);
  if (x.ndim < 3) throw new RangeError("dsplit only works on arrays of 3 or more dimensions");
  return split(x, sections, 2);
}

// ---------- products ----------
export const dot = (a: ArrayLike, b: ArrayLike): NDArray => A(a).dot(b);
export const matmul = (a: ArrayLike, b: ArrayLike): NDArray => A(a).matmul(b);
export const inner = (a: ArrayLike, b: ArrayLike): NDArray => NDArray.wrap(innerOp(asOperand(a), asOperand(b)));
export const outer = (a: ArrayLike, b: ArrayLike): NDArray => NDArray.wrap(outerOp(asOperand(a), asOperand(b)));

/** Sorted copy along an axis (null: flattened). */
export function sort(a: ArrayLike, axis: number | null = -1): NDArray {
  const x = axis === null ? A(a).flatten() : A(a).copy();
  x.sort(axis === null ? 0 : axis);
  return x;
}
export const argsort = (a: ArrayLike, axis: number | null = -1): NDArray => A(a).argsort(axis);
