/**
 * Turning JS data into operands: nested arrays (with NumPy's shape and
 * dtype inference), typed arrays, scalars and existing arrays.
 */
import { type DType, DTYPES, promoteTypes, toDType } from "../core/dtype.ts";
import { fmtShape, ShapeError } from "../core/errors.ts";
import { Storage } from "../core/storage.ts";
import { MAXDIM, View } from "../core/view.ts";
import { type IndexPart, parseIndex, Slice } from "../ops/index.ts";
import { castTo, contiguous, isScalar, type Operand, type Scalar, toElement } from "../ops/operand.ts";
import { ArrayBase } from "./array_base.ts";

/** Nested JS arrays of scalars. */
export type NestedArray = Scalar | readonly NestedArray[];
/** Typed arrays accepted as 1-d data. */
export type TypedInput = Float32Array | Float64Array | Int32Array | Uint8Array | BigInt64Array;
/** Anything `np.array` accepts. */
export type ArrayData = Operand | NestedArray | TypedInput | readonly Operand[];

/**
 * `v` as an operand: an ndarray or tensor itself, or for any other object
 * with a real `storage` and `layout` (a Proxy of an array, a `{ storage,
 * layout }` object) a snapshot of the two read once, so that a getter or a
 * Proxy trap cannot answer differently after the bounds check; undefined
 * when `v` is none. Look-alike storages and views are refused: they could
 * point kernels anywhere.
 */
export function asOperand(v: unknown): Operand | undefined {
  if (typeof v !== "object" || v === null) return undefined;
  if (ArrayBase.isGenuine(v)) return v;
  try {
    if (!("storage" in v) || !("layout" in v)) return undefined;
    const storage = (v as Operand).storage, layout = (v as Operand).layout;
    if (!Storage.isStorage(storage) || !View.isView(layout)) return undefined;
    return Object.freeze({ storage, layout });
  } catch {
    return undefined; // a getter or trap that throws: not an operand
  }
}

/** Whether `v` is an operand (an ndarray or tensor, or an object holding a real storage and view). */
export function isOperand(v: unknown): v is Operand {
  if (typeof v !== "object" || v === null) return false;
  if (ArrayBase.isGenuine(v)) return true;
  try {
    return "storage" in v && "layout" in v && Storage.isStorage((v as Operand).storage) &&
      View.isView((v as Operand).layout);
  } catch {
    return false;
  }
}

function typedDType(t: TypedInput): DType | undefined {
  if (t instanceof Float32Array) return "float32";
  if (t instanceof Float64Array) return "float64";
  if (t instanceof Int32Array) return "int32";
  if (t instanceof Uint8Array) return "uint8";
  if (t instanceof BigInt64Array) return "int64";
  return undefined;
}

function inferShape(op: string, data: NestedArray | readonly Operand[]): number[] {
  const shape: number[] = [];
  let cur: unknown = data;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (shape.length > MAXDIM) {
      throw new RangeError(`${op}: maximum supported dimension for an ndarray is currently ${MAXDIM}`);
    }
    if (cur.length === 0) break;
    cur = cur[0];
  }
  const o = asOperand(cur);
  if (o) shape.push(...o.layout.shape);
  return shape;
}

/** NumPy's error for nested data that is not rectangular. */
function ragged(op: string, shape: number[], d: number): ShapeError {
  return new ShapeError(
    op,
    `setting an array element with a sequence. The requested array has an inhomogeneous shape after ${d} dimensions. The detected shape was ${
      fmtShape(shape.slice(0, d))
    } + inhomogeneous part`,
    [shape],
  );
}

/** Flattens nested data in C order, checking it is rectangular. */
function flatten(op: string, data: unknown, shape: number[], d: number, out: Scalar[]): void {
  if (d === shape.length) {
    if (isScalar(data)) {
      out.push(data);
      return;
    }
    if (Array.isArray(data) || ArrayBuffer.isView(data) || asOperand(data)) throw ragged(op, shape, d);
    // NumPy makes string or object arrays of these; dendrite has neither
    throw new TypeError(`${op}: cannot make an array element from ${describe(data)}`);
  }
  const o = asOperand(data);
  if (o) {
    const rest = shape.slice(d);
    if (o.layout.shape.length !== rest.length || o.layout.shape.some((n, i) => n !== rest[i])) {
      throw new ShapeError(
        op,
        `setting an array element with a sequence. The requested array has an inhomogeneous shape after ${d} dimensions`,
        [shape, o.layout.shape],
      );
    }
    const c = contiguous(o);
    const s = c.storage, dv = s.data, off = c.layout.offset;
    for (let i = 0; i < o.layout.size; i++) {
      const v = dv[off + i];
      out.push(s.dtype === "bool" ? v !== 0 : v);
    }
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[d]) {
    throw ragged(op, shape, d);
  }
  for (const x of data) flatten(op, x, shape, d + 1, out);
}

const TWO63 = 2 ** 63;

/**
 * NumPy's default dtype for JS values: bool, int64 (integers, bigints) or
 * float64. A JS number is a double: an integral one beyond int64's range
 * (`2 ** 63`, `1e300`) makes the array float64, as the same double does in
 * NumPy, instead of wrapping; a bigint beyond it is NumPy's OverflowError
 * (raised when the value is stored, see `toElement`).
 */
function inferDType(values: readonly Scalar[]): DType {
  let kind: DType = "bool";
  for (const v of values) {
    if (typeof v === "boolean") continue;
    if (typeof v === "bigint" || (Number.isInteger(v) && v >= -TWO63 && v < TWO63)) {
      if (kind === "bool") kind = "int64";
    } else return "float64";
  }
  return kind;
}

/** How a front-end takes a JS value for a dtype before it is stored (torch's checked conversion; np: as given). */
export type ElementRule = (v: Scalar, dtype: DType) => Scalar;

/** Fills a new storage with JS values converted to `dtype`. */
function storageOf(values: readonly Scalar[], dtype: DType, rule?: ElementRule): Storage {
  const s = Storage.host(dtype, values.length);
  const d = s.data;
  for (let i = 0; i < values.length; i++) d[i] = toElement(rule ? rule(values[i], dtype) : values[i], dtype) as never;
  return s;
}

/**
 * Converts data to an operand. `copy` false reuses an operand of the right
 * dtype as it is (np.asarray); typed arrays are always copied. `rule` takes
 * each JS value first (torch's checked conversion).
 */
export function toOperand(
  op: string,
  data: ArrayData,
  dtype?: DType | string,
  copy = true,
  rule?: ElementRule,
): Operand {
  const dt = dtype === undefined ? undefined : toDType(dtype, op);
  const o = asOperand(data);
  if (o) {
    const target = dt ?? o.storage.dtype;
    if (!copy && target === o.storage.dtype) return o;
    const c = castTo(o, target);
    return c === o ? contiguous(o, true) : c;
  }
  if (ArrayBuffer.isView(data)) {
    const t = data as TypedInput;
    const src = typedDType(t);
    if (!src) throw new TypeError(`${op}: unsupported typed array ${Object.prototype.toString.call(data)}`);
    if ((t.buffer as ArrayBuffer).detached) throw new TypeError(`${op}: the typed array's buffer is detached`);
    const s = Storage.host(src, t.length);
    s.bytes.set(new Uint8Array(t.buffer, t.byteOffset, t.length * DTYPES[src].itemsize));
    const o = { storage: s, layout: new View([t.length]) };
    return dt ? castTo(o, dt) : o;
  }
  if (isScalar(data)) {
    const target = dt ?? inferDType([data]);
    return { storage: storageOf([data], target, rule), layout: new View([]) };
  }
  if (!Array.isArray(data)) throw new TypeError(`${op}: cannot make an array from ${typeof data}`);
  const shape = inferShape(op, data as NestedArray);
  const values: Scalar[] = [];
  flatten(op, data, shape, 0, values);
  const layout = new View(shape);
  // a Proxy or a getter could have answered differently while the data was walked
  if (values.length !== layout.size) throw new TypeError(`${op}: the data changed while it was read`);
  const ops = Array.from(data as unknown[], asOperand).filter((x) => x !== undefined);
  let target = dt;
  if (target === undefined) {
    target = values.length ? inferDType(values) : "float64";
    if (ops.length) {
      const arrays = ops.map((x) => x.storage.dtype).reduce(promoteTypes);
      target = ops.length === data.length ? arrays : promoteTypes(arrays, target);
    }
  }
  return { storage: storageOf(values, target, rule), layout };
}

/** What `get`/`set` accept as an index. */
export type IndexLike = string | number | Slice | null | Operand | readonly unknown[];

/**
 * Index parts from the forms `get`/`set` accept: an index string, a single
 * part (an integer, a slice, null, an index array or mask), or a list of
 * parts: integers, slices, null, "...", arrays (nested JS arrays become
 * index arrays and masks).
 */
export function toIndexParts(index: IndexLike): IndexPart[] {
  if (typeof index === "string") return parseIndex(index);
  if (!Array.isArray(index)) return [part(index)];
  return Array.from(index as readonly unknown[], (p) => (Array.isArray(p) ? indexArray(p) : part(p)));
}

/**
 * A nested JS list used as an index: an integer or boolean array. An empty
 * list is an empty integer index (NumPy's `a[[]]`), not a float64 array.
 */
function indexArray(p: readonly unknown[]): Operand {
  const o = toOperand("index", p as ArrayData);
  return o.layout.size === 0 && o.storage.dtype === "float64" ? castTo(o, "int64") : o;
}

function part(p: unknown): IndexPart {
  if (typeof p === "number") {
    if (!Number.isSafeInteger(p)) {
      throw new TypeError(
        `only integers, slices, "...", null and integer or boolean arrays are valid indices (got ${p})`,
      );
    }
    return p;
  }
  if (typeof p === "bigint") {
    if (p < -(2n ** 53n) || p > 2n ** 53n) throw new RangeError(`index ${p} is out of bounds`);
    return Number(p);
  }
  if (p === null || p === "...") return p;
  // a fresh slice: a Proxy of one (or a subclass) could change its parts between checks
  if (p instanceof Slice) return new Slice(p.start, p.stop, p.step);
  const o = asOperand(p);
  if (o) return o;
  throw new TypeError(`invalid index part ${describe(p)}`);
}

/** A short description of a JS value for messages (never throws). */
function describe(v: unknown): string {
  if (typeof v === "symbol") return v.toString();
  if (typeof v === "function") return "function";
  if (typeof v === "object" && v !== null) {
    try {
      return Object.prototype.toString.call(v);
    } catch {
      return "object";
    }
  }
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? v.slice(0, 40) + "..." : v);
  return String(v);
}
