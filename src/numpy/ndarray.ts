/**
 * `np.ndarray`: a (Storage, View) pair with NumPy's methods, so calls chain
 * (`a.reshape(2, 3).sum({ axis: 0 })`).
 */
import { type DType, DTYPES, toDType } from "../core/dtype.ts";
import { sizeOf } from "../core/shape.ts";
import { Storage } from "../core/storage.ts";
import { View } from "../core/view.ts";
import { type BinaryFn, type UnaryFn, where as whereOp } from "../ops/elementwise.ts";
import { getIndex, nonzeroCoords, setIndex, type Slice } from "../ops/index.ts";
import { dot as dotOp, matmul as matmulOp } from "../ops/linear.ts";
import {
  castTo,
  contiguous,
  copyInto,
  elementReader,
  fromElement,
  type Operand,
  type Scalar,
  toElement,
  toNested,
} from "../ops/operand.ts";
import { all, any, argReduce, axesOf, type Axis, max, min, prod, type ReduceFn, scan, sum } from "../ops/reduce.ts";
import { argsort as argsortOp, sort as sortOp } from "../ops/sort.ts";
import * as U from "../ops/ufuncs.ts";
import { type ArrayData, isOperand, toIndexParts, toOperand } from "./convert.ts";
import { arrayRepr } from "./format.ts";

/** What binary ops accept for their other operand. */
export type ArrayLike = NDArray | ArrayData;

/** One index part of `get`/`set`: see {@link NDArray.get}. */
export type Index = number | Slice | null | "..." | NDArray | readonly number[] | readonly boolean[];

/** Options of the reductions. */
export interface ReduceOptions {
  axis?: Axis;
  keepdims?: boolean;
  dtype?: DType | string;
}

/** Options of var/std. */
export interface VarOptions extends ReduceOptions {
  /** Delta degrees of freedom: divides by N - ddof. */
  ddof?: number;
}

/** A reduction method: `(axis | options, options?)` to the primitive. */
function reduced(fn: ReduceFn, x: Operand, axis?: Axis | ReduceOptions, opts?: ReduceOptions): NDArray {
  const o = reduceArgs(axis, opts);
  return NDArray.wrap(fn(x, o.axis, o.keepdims, o.dtype ? toDType(o.dtype) : undefined));
}

/** Splits `(axis | options, options?)` call forms. */
export function reduceArgs<T extends ReduceOptions>(a?: Axis | T, b?: T): T {
  if (a !== null && typeof a === "object" && !Array.isArray(a)) return a as T;
  return { ...(b ?? {}), axis: a as Axis } as T;
}

const toOp = (x: ArrayLike): Operand | Scalar =>
  typeof x === "number" || typeof x === "boolean" || typeof x === "bigint"
    ? x
    : isOperand(x)
    ? x
    : toOperand("array", x);

/** An N-dimensional array. */
export class NDArray implements Operand {
  storage: Storage;
  layout: View;

  /** Wraps a storage and layout (no copy). Use `np.array` to make arrays from data. */
  constructor(storage: Storage, layout: View) {
    this.storage = storage;
    this.layout = layout;
  }

  /** Wraps an operand. */
  static wrap(o: Operand): NDArray {
    return o instanceof NDArray ? o : new NDArray(o.storage, o.layout);
  }

  /** Dimensions. */
  get shape(): number[] {
    return [...this.layout.shape];
  }
  get dtype(): DType {
    return this.storage.dtype;
  }
  get ndim(): number {
    return this.layout.ndim;
  }
  get size(): number {
    return this.layout.size;
  }
  /** Bytes to step along each dim, as NumPy reports them. */
  get strides(): number[] {
    return this.layout.strides.map((s) => s * this.itemsize);
  }
  get itemsize(): number {
    return DTYPES[this.dtype].itemsize;
  }
  get nbytes(): number {
    return this.size * this.itemsize;
  }
  /** The transpose (a view). */
  get T(): NDArray {
    return this.transpose();
  }

  /** A copy converted to `dtype`. */
  astype(dtype: DType | string, opts: { copy?: boolean } = {}): NDArray {
    const dt = toDType(dtype, "astype");
    if (dt === this.dtype && opts.copy === false) return this;
    return NDArray.wrap(dt === this.dtype ? contiguous(this, true) : castTo(this, dt));
  }
  /** A C-contiguous copy. */
  copy(): NDArray {
    return NDArray.wrap(contiguous(this, true));
  }
  /** Nested JS arrays of the elements (see dtype.ts for how int64 maps). */
  tolist(): unknown {
    return toNested(this);
  }
  /** One element as a JS value: no index for size-1 arrays, a flat index, or one index per dim. */
  item(...index: number[]): number | boolean | bigint {
    let flat: number;
    if (index.length === 0) {
      if (this.size !== 1) throw new RangeError("can only convert an array of size 1 to a Python scalar");
      flat = 0;
    } else if (index.length === 1 && this.ndim !== 1) {
      const n = this.size;
      let i = index[0];
      if (i < -n || i >= n) throw new RangeError(`index ${i} is out of bounds for size ${n}`);
      if (i < 0) i += n;
      const idx: number[] = [];
      for (let d = this.ndim - 1; d >= 0; d--) {
        idx.unshift(i % this.layout.shape[d]);
        i = Math.floor(i / this.layout.shape[d]);
      }
      return this.item(...idx);
    } else {
      if (index.length !== this.ndim) throw new RangeError(`incorrect number of indices for array`);
      flat = this.layout.offset;
      index.forEach((i, d) => {
        const n = this.layout.shape[d];
        if (!Number.isInteger(i) || i < -n || i >= n) {
          throw new RangeError(`index ${i} is out of bounds for axis ${d} with size ${n}`);
        }
        flat += (i < 0 ? i + n : i) * this.layout.strides[d];
      });
      return fromElement(this.storage, flat);
    }
    return fromElement(this.storage, this.layout.offset + flat);
  }
  /** Sets every element to `value`, in place. */
  fill(value: Scalar): this {
    const s = Storage.host(this.dtype, 1);
    s.data[0] = toElement(value, this.dtype) as never;
    copyInto({ storage: s, layout: new View([]) }, this);
    return this;
  }

  /**
   * `a[index]`: `index` is a NumPy index string (`"1:3, ::-1, ..., None"`)
   * or a list of parts: integers, `np.slice(start, stop, step)`, `null`
   * (new axis), `"..."`, integer arrays (fancy indexing) and boolean masks.
   * Basic indexing returns a view sharing memory; advanced indexing a copy.
   *
   * @example
   * ```ts
   * import { np } from "../../mod.ts";
   * const a = np.arange(12).reshape(3, 4);
   * console.log(a.get("1:, ::-1").tolist()); // [[7, 6, 5, 4], [11, 10, 9, 8]]
   * console.log(a.get([[0, 2], 1]).tolist()); // [1, 9]
   * ```
   */
  get(index: string | number | readonly Index[]): NDArray {
    return NDArray.wrap(getIndex(this, toIndexParts(index)));
  }
  /**
   * `a[index] = value` (same index forms as `get`), broadcasting value.
   *
   * @example
   * ```ts
   * import { np } from "../../mod.ts";
   * const a = np.zeros([2, 3]);
   * a.set("0, 1:", 7);
   * a.set([a.get("...").greater(5)], -1);
   * console.log(a.tolist()); // [[0, -1, -1], [0, 0, 0]]
   * ```
   */
  set(index: string | number | readonly Index[], value: ArrayLike): this {
    const v = toOp(value);
    setIndex(this, toIndexParts(index), v);
    return this;
  }

  // ---------- shape ----------
  /** A view with a new shape when the strides allow, else a copy (-1 inferred). */
  reshape(...shape: (number | readonly number[])[]): NDArray {
    const req = flatShape(shape);
    const v = this.layout.reshape("reshape", req);
    if (v) return new NDArray(this.storage, v);
    const c = contiguous(this, true);
    return new NDArray(c.storage, c.layout.reshape("reshape", req)!);
  }
  /**
   * Resizes in place (ndarray.resize): elements kept in C order, new ones zero.
   */
  resize(...shape: (number | readonly number[])[]): void {
    const req = flatShape(shape);
    const size = sizeOf(req);
    const flat = contiguous(this);
    const s = Storage.host(this.dtype, size);
    const n = Math.min(size, this.size);
    s.bytes.set(flat.storage.bytes.subarray(0, n * this.itemsize));
    this.storage = s;
    this.layout = new View(req);
  }
  /** Permutes dims (reversed when no axes given): a view. */
  transpose(...axes: (number | readonly number[])[]): NDArray {
    const ax = flatShape(axes);
    const perm = ax.length === 0 ? [...Array(this.ndim).keys()].reverse() : ax;
    return new NDArray(this.storage, this.layout.permute("transpose", perm));
  }
  swapaxes(a: number, b: number): NDArray {
    return new NDArray(this.storage, this.layout.swap("swapaxes", a, b));
  }
  /** 1-d: a view when the layout allows, else a copy. */
  ravel(): NDArray {
    return this.reshape(-1);
  }
  /** 1-d copy. */
  flatten(): NDArray {
    const c = contiguous(this, true);
    return new NDArray(c.storage, new View([this.size]));
  }
  /** Drops size-1 dims (all, or the given ones). */
  squeeze(axis?: number | readonly number[]): NDArray {
    const dims = axis === undefined ? undefined : typeof axis === "number" ? [axis] : axis;
    return new NDArray(this.storage, this.layout.squeeze("squeeze", dims));
  }
  /** Diagonal (a view), as ndarray.diagonal. */
  diagonal(offset = 0, axis1 = 0, axis2 = 1): NDArray {
    return new NDArray(this.storage, this.layout.diagonal("diagonal", offset, axis1, axis2));
  }
  /** Sum along the diagonal. */
  trace(offset = 0, axis1 = 0, axis2 = 1): NDArray {
    return this.diagonal(offset, axis1, axis2).sum(-1);
  }

  // ---------- reductions ----------
  sum(axis?: Axis | ReduceOptions, opts?: ReduceOptions): NDArray {
    return reduced(sum, this, axis, opts);
  }
  prod(axis?: Axis | ReduceOptions, opts?: ReduceOptions): NDArray {
    return reduced(prod, this, axis, opts);
  }
  max(axis?: Axis | ReduceOptions, opts?: ReduceOptions): NDArray {
    return reduced(max, this, axis, opts);
  }
  min(axis?: Axis | ReduceOptions, opts?: ReduceOptions): NDArray {
    return reduced(min, this, axis, opts);
  }
  all(axis?: Axis | ReduceOptions, opts?: ReduceOptions): NDArray {
    return reduced(all, this, axis, opts);
  }
  any(axis?: Axis | ReduceOptions, opts?: ReduceOptions): NDArray {
    return reduced(any, this, axis, opts);
  }
  /** Arithmetic mean; integers average in float64. */
  mean(axis?: Axis | ReduceOptions, opts?: ReduceOptions): NDArray {
    const o = reduceArgs(axis, opts);
    const dt = o.dtype ? toDType(o.dtype) : this.dtype === "float32" ? "float32" : "float64";
    const n = axesOf("mean", o.axis, this.ndim).reduce((p, a) => p * this.layout.shape[a], 1);
    const s = sum(this, o.axis, o.keepdims, dt);
    return NDArray.wrap(U.divide(s, n, s));
  }
  /** Variance with `ddof` (divides by N - ddof). */
  var(axis?: Axis | VarOptions, opts?: VarOptions): NDArray {
    const o = reduceArgs<VarOptions>(axis, opts);
    const dt = o.dtype ? toDType(o.dtype) : this.dtype === "float32" ? "float32" : "float64";
    const x = castTo(this, dt);
    const n = axesOf("var", o.axis, this.ndim).reduce((p, a) => p * this.layout.shape[a], 1);
    const mu = NDArray.wrap(x).mean({ axis: o.axis, keepdims: true });
    const d = U.subtract(x, mu);
    const s = sum(U.multiply(d, d), o.axis, o.keepdims);
    return NDArray.wrap(U.divide(s, Math.max(n - (o.ddof ?? 0), 0), s));
  }
  /** Standard deviation with `ddof`. */
  std(axis?: Axis | VarOptions, opts?: VarOptions): NDArray {
    const v = this.var(axis, opts);
    return NDArray.wrap(U.sqrt(v, v));
  }
  argmax(axis: number | null = null, opts: { keepdims?: boolean } = {}): NDArray {
    return NDArray.wrap(argReduce("argmax", this, axis, opts.keepdims));
  }
  argmin(axis: number | null = null, opts: { keepdims?: boolean } = {}): NDArray {
    return NDArray.wrap(argReduce("argmin", this, axis, opts.keepdims));
  }
  cumsum(axis: number | null = null, opts: { dtype?: DType | string } = {}): NDArray {
    return NDArray.wrap(scan("cumsum", this, axis, opts.dtype ? toDType(opts.dtype) : undefined));
  }
  cumprod(axis: number | null = null, opts: { dtype?: DType | string } = {}): NDArray {
    return NDArray.wrap(scan("cumprod", this, axis, opts.dtype ? toDType(opts.dtype) : undefined));
  }

  // ---------- element-wise extras ----------
  /** Limits values to [min, max] (either may be null). */
  clip(lo: ArrayLike | null, hi: ArrayLike | null): NDArray {
    const floored = lo === null ? this : U.maximum(this, toOp(lo));
    const r = hi === null ? floored : U.minimum(floored, toOp(hi));
    return NDArray.wrap(r === this ? contiguous(this, true) : r);
  }
  /** Rounds half to even at `decimals` digits, as np.round. */
  round(decimals = 0): NDArray {
    if (this.dtype !== "float32" && this.dtype !== "float64") {
      if (decimals >= 0) return this.copy();
      const f = 10 ** -decimals;
      return NDArray.wrap(castTo(U.multiply(U.rint(U.divide(this, f)), f), this.dtype));
    }
    if (decimals === 0) return NDArray.wrap(U.rint(this));
    const f = 10 ** decimals;
    return NDArray.wrap(U.divide(U.rint(U.multiply(this, f)), f));
  }
  /** np.dot(a, b). */
  dot(b: ArrayLike): NDArray {
    return NDArray.wrap(dotOp(this, asOperand(b)));
  }
  /** a @ b. */
  matmul(b: ArrayLike): NDArray {
    return NDArray.wrap(matmulOp(this, asOperand(b)));
  }
  /** Indices of the non-zero elements, one int64 array per dim. */
  nonzero(): NDArray[] {
    return nonzeroCoords(this).map((c) => NDArray.wrap(contiguous(c)));
  }
  /** Sorts in place along `axis`, as ndarray.sort. */
  sort(axis = -1): void {
    copyInto(sortOp(this, axis), this);
  }
  argsort(axis: number | null = -1): NDArray {
    return NDArray.wrap(argsortOp(this, axis));
  }

  /** NumPy's repr. */
  toString(): string {
    return arrayRepr({ shape: this.layout.shape, dtype: this.dtype, at: elementReader(this) });
  }
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
}

/** Unary ufuncs available as methods (`a.sqrt()`). */
export const UNARY_METHODS = [
  "negative",
  "positive",
  "abs",
  "sign",
  "square",
  "reciprocal",
  "sqrt",
  "exp",
  "exp2",
  "expm1",
  "log",
  "log2",
  "log10",
  "log1p",
  "sin",
  "cos",
  "tan",
  "arcsin",
  "arccos",
  "arctan",
  "sinh",
  "cosh",
  "tanh",
  "rint",
  "floor",
  "ceil",
  "trunc",
  "isnan",
  "isinf",
  "isfinite",
  "logicalNot",
] as const;
/** Binary ufuncs available as methods (`a.add(b)`). */
export const BINARY_METHODS = [
  "add",
  "subtract",
  "multiply",
  "divide",
  "floorDivide",
  "mod",
  "fmod",
  "power",
  "maximum",
  "minimum",
  "arctan2",
  "hypot",
  "bitwiseAnd",
  "bitwiseOr",
  "bitwiseXor",
  "equal",
  "notEqual",
  "less",
  "lessEqual",
  "greater",
  "greaterEqual",
  "logicalAnd",
  "logicalOr",
  "logicalXor",
] as const;

type UnaryMethods = { [K in typeof UNARY_METHODS[number]]: () => NDArray };
type BinaryMethods = { [K in typeof BINARY_METHODS[number]]: (b: ArrayLike) => NDArray };
export interface NDArray extends UnaryMethods, BinaryMethods {}

for (const name of UNARY_METHODS) {
  const fn = (U as unknown as Record<string, UnaryFn>)[name];
  Object.defineProperty(NDArray.prototype, name, {
    value: function (this: NDArray) {
      return NDArray.wrap(fn(this));
    },
  });
}
for (const name of BINARY_METHODS) {
  const fn = (U as unknown as Record<string, BinaryFn>)[name];
  Object.defineProperty(NDArray.prototype, name, {
    value: function (this: NDArray, b: ArrayLike) {
      return NDArray.wrap(fn(this, toOp(b)));
    },
  });
}

/** Operand of any array-like (scalars become 0-d arrays). */
export function asOperand(x: ArrayLike): Operand {
  return isOperand(x) ? x : toOperand("array", x as ArrayData);
}

/** Operand or JS scalar, as binary ufuncs take them. */
export const operandOrScalar = toOp;

/** `where` on array-likes. */
export function whereOf(c: ArrayLike, x: ArrayLike, y: ArrayLike): NDArray {
  return NDArray.wrap(whereOp(toOp(c), toOp(x), toOp(y)));
}

function flatShape(parts: readonly (number | readonly number[])[]): number[] {
  return parts.length === 1 && typeof parts[0] !== "number" ? [...parts[0]] : (parts as number[]);
}
