/** Array creation: from data, filled, ranges and identity matrices. */
import { type DType, isFloat, toDType } from "../core/dtype.ts";
import { checkShape } from "../core/shape.ts";
import { Storage } from "../core/storage.ts";
import { View } from "../core/view.ts";
import { castTo, type Scalar, zeros as zerosOp } from "../ops/operand.ts";
import * as U from "../ops/ufuncs.ts";
import { type ArrayData, toOperand } from "./convert.ts";
import { NDArray } from "./ndarray.ts";

/** A shape: one size or a list of sizes. */
export type ShapeLike = number | readonly number[];
/** The `dtype` option. */
export interface DTypeOption {
  dtype?: DType | string;
}

const shapeOf = (op: string, s: ShapeLike): number[] => checkShape(op, typeof s === "number" ? [s] : s);

/**
 * A new array from nested arrays, typed arrays, scalars or arrays (copied).
 * JS cannot tell `1.0` from `1`: integral numbers infer int64, so pass
 * `{ dtype: "float64" }` (or a non-integer) for floats.
 *
 * @example
 * ```ts
 * import { np } from "../../mod.ts";
 * const a = np.array([[1, 2], [3, 4]], { dtype: "float32" });
 * console.log(String(a)); // array([[1., 2.], [3., 4.]], dtype=float32) (over two lines)
 * ```
 */
export function array(data: ArrayData, opts: DTypeOption = {}): NDArray {
  return NDArray.wrap(toOperand("array", data, opts.dtype));
}

/** Like `array`, without copying an array that already has the dtype. */
export function asarray(data: ArrayData, opts: DTypeOption = {}): NDArray {
  return NDArray.wrap(toOperand("asarray", data, opts.dtype, false));
}

function filled(op: string, shape: ShapeLike, value: Scalar, dtype: DType | string | undefined, dflt: DType): NDArray {
  const dt = dtype === undefined ? dflt : toDType(dtype, op);
  const a = NDArray.wrap(zerosOp(shapeOf(op, shape), dt));
  if (value !== 0) a.fill(value);
  return a;
}

/**
 * Zeros of a shape (float64 unless `dtype`).
 *
 * @example
 * ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.zeros([2, 3]).shape); // [2, 3]
 * ```
 */
export function zeros(shape: ShapeLike, opts: DTypeOption = {}): NDArray {
  return filled("zeros", shape, 0, opts.dtype, "float64");
}
/** Ones of a shape. */
export function ones(shape: ShapeLike, opts: DTypeOption = {}): NDArray {
  return filled("ones", shape, 1, opts.dtype, "float64");
}
/** An uninitialized array (dendrite's memory starts zeroed). */
export function empty(shape: ShapeLike, opts: DTypeOption = {}): NDArray {
  return filled("empty", shape, 0, opts.dtype, "float64");
}
/** An array filled with `value` (dtype inferred from value unless given). */
export function full(shape: ShapeLike, value: Scalar, opts: DTypeOption = {}): NDArray {
  const dflt: DType = typeof value === "boolean"
    ? "bool"
    : typeof value === "bigint" || Number.isInteger(value)
    ? "int64"
    : "float64";
  return filled("full", shape, value, opts.dtype, dflt);
}
/** Zeros shaped (and typed) like `a`. */
export function zerosLike(a: NDArray, opts: DTypeOption = {}): NDArray {
  return filled("zerosLike", a.shape, 0, opts.dtype, a.dtype);
}
/** Ones shaped like `a`. */
export function onesLike(a: NDArray, opts: DTypeOption = {}): NDArray {
  return filled("onesLike", a.shape, 1, opts.dtype, a.dtype);
}
/** Uninitialized, shaped like `a`. */
export function emptyLike(a: NDArray, opts: DTypeOption = {}): NDArray {
  return filled("emptyLike", a.shape, 0, opts.dtype, a.dtype);
}
/** `value` everywhere, shaped like `a`. */
export function fullLike(a: NDArray, value: Scalar, opts: DTypeOption = {}): NDArray {
  return filled("fullLike", a.shape, value, opts.dtype, a.dtype);
}

/** N x M with ones on the k-th diagonal. */
export function eye(n: number, m: number | null = null, k = 0, opts: DTypeOption = {}): NDArray {
  const cols = m ?? n;
  const a = filled("eye", [n, cols], 0, opts.dtype, "float64");
  const d = a.diagonal(k);
  if (d.size > 0) d.fill(1);
  return a;
}
/** The n x n identity. */
export function identity(n: number, opts: DTypeOption = {}): NDArray {
  return eye(n, null, 0, opts);
}

/**
 * Evenly spaced values in [start, stop): `arange(stop)`,
 * `arange(start, stop, step)`; int64 when all arguments are integers.
 *
 * @example
 * ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.arange(0, 1, 0.25).tolist()); // [0, 0.25, 0.5, 0.75]
 * ```
 */
export function arange(start: number, stop?: number | null, step = 1, opts: DTypeOption = {}): NDArray {
  if (stop === undefined || stop === null) [start, stop] = [0, start];
  if (step === 0) throw new RangeError("Maximum allowed size exceeded (step 0)");
  const allInt = [start, stop, step].every(Number.isInteger);
  const dt = opts.dtype ? toDType(opts.dtype, "arange") : allInt ? "int64" : "float64";
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const s = Storage.host("float64", n);
  const d = s.data as Float64Array;
  for (let i = 0; i < n; i++) d[i] = start + i * step;
  const o = { storage: s, layout: new View([n]) };
  return NDArray.wrap(castTo(o, dt));
}

/** `num` evenly spaced values from start to stop (inclusive unless `endpoint: false`). */
export function linspace(
  start: number,
  stop: number,
  num = 50,
  opts: DTypeOption & { endpoint?: boolean } = {},
): NDArray {
  if (!Number.isInteger(num) || num < 0) throw new RangeError(`Number of samples, ${num}, must be non-negative.`);
  const endpoint = opts.endpoint ?? true;
  const div = endpoint ? num - 1 : num;
  const delta = stop - start, step = div > 0 ? delta / div : NaN;
  const s = Storage.host("float64", num);
  const d = s.data as Float64Array;
  for (let i = 0; i < num; i++) {
    d[i] = div > 0 ? (step === 0 ? (i / div) * delta : i * step) + start : i * delta + start;
  }
  if (endpoint && num > 1) d[num - 1] = stop;
  const dt = opts.dtype ? toDType(opts.dtype, "linspace") : "float64";
  let o = { storage: s, layout: new View([num]) };
  if (!isFloat(dt)) o = U.floor(o) as typeof o;
  return NDArray.wrap(castTo(o, dt));
}

/** `base ** linspace(start, stop, num)`. */
export function logspace(
  start: number,
  stop: number,
  num = 50,
  opts: DTypeOption & { endpoint?: boolean; base?: number } = {},
): NDArray {
  const y = linspace(start, stop, num, { endpoint: opts.endpoint });
  const r = U.power(opts.base ?? 10, y);
  return NDArray.wrap(opts.dtype ? castTo(r, toDType(opts.dtype, "logspace")) : r);
}
