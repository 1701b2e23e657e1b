/**
 * Reductions, arg-reductions and scans over axes, with NumPy's dtype rules
 * (integer sums accumulate in int64) and its errors (max of an empty axis).
 */
import { backendOf } from "../backend/backend.ts";
import { loopOut, OP_CODES } from "../backend/cpu.ts";
import type { DType } from "../core/dtype.ts";
import { normalizeAxes, normalizeAxis, sizeOf } from "../core/shape.ts";
import { View } from "../core/view.ts";
import { castTo, contiguous, empty, type Operand } from "./operand.ts";

/** Axis argument: one axis, several, or null/undefined for all. */
export type Axis = number | readonly number[] | null | undefined;

/** Normalizes an axis argument to a sorted list of dims. */
export function axesOf(op: string, axis: Axis, ndim: number): number[] {
  if (axis === null || axis === undefined) {
    const all: number[] = [];
    for (let d = 0; d < ndim; d++) all.push(d);
    return all;
  }
  const list = typeof axis === "number" ? [axis] : axis;
  return normalizeAxes(op, list, ndim).sort((a, b) => a - b);
}

/** The shape left after reducing `axes` (with 1s kept when keepdims). */
export function reducedShape(shape: readonly number[], axes: readonly number[], keepdims: boolean): number[] {
  // every axis (axes are distinct): the common full reduction without a set
  if (axes.length === shape.length) return keepdims ? shape.map(() => 1) : [];
  const set = new Set(axes);
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!set.has(i)) out.push(d);
    else if (keepdims) out.push(1);
  });
  return out;
}

const NO_IDENTITY: Record<string, string> = { max: "maximum", min: "minimum" };

/** A reduction primitive: `(x, axis, keepdims, dtype?) => result`. */
export type ReduceFn = (x: Operand, axis?: Axis, keepdims?: boolean, dtype?: DType) => Operand;

function defineReduce(name: "sum" | "prod" | "max" | "min" | "all" | "any"): ReduceFn {
  const code = OP_CODES.reduce.get(name)!;
  return (x, axis, keepdims = false, dtype) => {
    const src = dtype ? castTo(x, dtype) : x;
    const axes = axesOf(name, axis, src.layout.ndim);
    const shape = src.layout.shape;
    const outShape = reducedShape(shape, axes, keepdims);
    const n = axes.reduce((p, a) => p * shape[a], 1);
    if (n === 0 && name in NO_IDENTITY && sizeOf(outShape) > 0) {
      throw new RangeError(`zero-size array to reduction operation ${NO_IDENTITY[name]} which has no identity`);
    }
    const outDtype = loopOut.reduce(code, src.storage.dtype);
    const out = empty(outShape, outDtype, src.storage.device);
    if (out.layout.size > 0) backendOf(src).reduce(code, src, axes, out.storage);
    return out;
  };
}

export const sum: ReduceFn = defineReduce("sum");
export const prod: ReduceFn = defineReduce("prod");
export const max: ReduceFn = defineReduce("max");
export const min: ReduceFn = defineReduce("min");
export const all: ReduceFn = defineReduce("all");
export const any: ReduceFn = defineReduce("any");

/** argmax/argmin along one axis (null: over the flattened array). */
export function argReduce(op: "argmax" | "argmin", x: Operand, axis: number | null = null, keepdims = false): Operand {
  let src = x, ax: number;
  if (axis === null) {
    src = { storage: contiguous(x).storage, layout: new View([x.layout.size]) };
    ax = 0;
  } else ax = normalizeAxis(op, axis, x.layout.ndim);
  if (src.layout.shape[ax] === 0) throw new RangeError(`attempt to get ${op} of an empty sequence`);
  const outShape = axis === null
    ? (keepdims ? x.layout.shape.map(() => 1) : [])
    : reducedShape(src.layout.shape, [ax], keepdims);
  const out = empty(outShape, "int64", src.storage.device);
  if (out.layout.size > 0) backendOf(src).argreduce(op, src, ax, out.storage);
  return out;
}

/** cumsum/cumprod along `axis` (null: over the flattened array). */
export function scan(op: "cumsum" | "cumprod", x: Operand, axis: number | null = null, dtype?: DType): Operand {
  let src = dtype ? castTo(x, dtype) : x;
  let ax: number;
  if (axis === null) {
    src = { storage: contiguous(src).storage, layout: new View([src.layout.size]) };
    ax = 0;
  } else ax = normalizeAxis(op, axis, src.layout.ndim);
  const outDtype = loopOut.reduce(OP_CODES.reduce.get("sum")!, src.storage.dtype);
  const out = empty(src.layout.shape, outDtype, src.storage.device);
  if (out.layout.size > 0) backendOf(src).scan(op, src, ax, out);
  return out;
}
