/**
 * Turning JS data into operands: nested arrays (with NumPy's shape and
 * dtype inference), typed arrays, scalars and existing arrays.
 */
import { type DType, DTYPES, promoteTypes, toDType } from "../core/dtype.ts";
import { fmtShape, ShapeError } from "../core/errors.ts";
import { Storage } from "../core/storage.ts";
import { View } from "../core/view.ts";
import { type IndexPart, parseIndex, Slice } from "../ops/index.ts";
import { castTo, contiguous, isScalar, type Operand, type Scalar, toElement } from "../ops/operand.ts";

/** Nested JS arrays of scalars. */
export type NestedArray = Scalar | readonly NestedArray[];
/** Typed arrays accepted as 1-d data. */
export type TypedInput = Float32Array | Float64Array | Int32Array | Uint8Array | BigInt64Array;
/** Anything `np.array` accepts. */
export type ArrayData = Operand | NestedArray | TypedInput | readonly Operand[];

/** Whether `v` is an operand (an ndarray or tensor). */
export function isOperand(v: unknown): v is Operand {
  if (typeof v !== "object" || v === null || !("storage" in v) || !("layout" in v)) return false;
  // real storages and views only: a look-alike object could point kernels anywhere
  return (v as Operand).storage instanceof Storage && (v as Operand).layout instanceof View;
}

function typedDType(t: TypedInput): DType | undefined {
  if (t instanceof Float32Array) return "float32";
  if (t instanceof Float64Array) return "float64";
  if (t instanceof Int32Array) return "int32";
  if (t instanceof Uint8Array) return "uint8";
  if (t instanceof BigInt64Array) return "int64";
  return undefined;
}

function inferShape(data: NestedArray | readonly Operand[]): number[] {
  const shape: number[] = [];
  let cur: unknown = data;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0];
  }
  if (isOperand(cur)) shape.push(...cur.layout.shape);
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
    throw ragged(op, shape, d);
  }
  if (isOperand(data)) {
    const rest = shape.slice(d);
    if (data.layout.shape.length !== rest.length || data.layout.shape.some((n, i) => n !== rest[i])) {
      throw new ShapeError(
        op,
        `setting an array element with a sequence. The requested array has an inhomogeneous shape after ${d} dimensions`,
        [shape, data.layout.shape],
      );
    }
    const c = contiguous(data);
    const s = c.storage;
    for (let i = 0; i < data.layout.size; i++) {
      const v = s.data[i];
      out.push(s.dtype === "bool" ? v !== 0 : v);
    }
    return;
  }
  if (!Array.isArray(data) || data.length !== shape[d]) {
    throw ragged(op, shape, d);
  }
  for (const x of data) flatten(op, x, shape, d + 1, out);
}

/** NumPy's default dtype for JS values: bool, int64 (integers, bigints) or float64. */
function inferDType(values: readonly Scalar[]): DType {
  let kind: DType = "bool";
  for (const v of values) {
    if (typeof v === "boolean") continue;
    if (typeof v === "bigint" || Number.isInteger(v)) {
      if (kind === "bool") kind = "int64";
    } else return "float64";
  }
  return kind;
}

/** Fills a new storage with JS values converted to `dtype`. */
function storageOf(values: readonly Scalar[], dtype: DType): Storage {
  const s = Storage.host(dtype, values.length);
  const d = s.data;
  for (let i = 0; i < values.length; i++) d[i] = toElement(values[i], dtype) as never;
  return s;
}

/**
 * Converts data to an operand. `copy` false reuses an operand of the right
 * dtype as it is (np.asarray); typed arrays are always copied.
 */
export function toOperand(op: string, data: ArrayData, dtype?: DType | string, copy = true): Operand {
  const dt = dtype === undefined ? undefined : toDType(dtype, op);
  if (isOperand(data)) {
    const target = dt ?? data.storage.dtype;
    if (!copy && target === data.storage.dtype) return data;
    const c = castTo(data, target);
    return c === data ? contiguous(data, true) : c;
  }
  if (ArrayBuffer.isView(data)) {
    const t = data as TypedInput;
    const src = typedDType(t);
    if (!src) throw new TypeError(`${op}: unsupported typed array ${data.constructor.name}`);
    const s = Storage.host(src, t.length);
    s.bytes.set(new Uint8Array(t.buffer, t.byteOffset, t.length * DTYPES[src].itemsize));
    const o = { storage: s, layout: new View([t.length]) };
    return dt ? castTo(o, dt) : o;
  }
  if (isScalar(data)) {
    const target = dt ?? inferDType([data]);
    return { storage: storageOf([data], target), layout: new View([]) };
  }
  if (!Array.isArray(data)) throw new TypeError(`${op}: cannot make an array from ${typeof data}`);
  const shape = inferShape(data as NestedArray);
  const values: Scalar[] = [];
  flatten(op, data, shape, 0, values);
  const target = dt ??
    (data.length > 0 && (data as unknown[]).some(isOperand)
      ? (data as Operand[]).map((x) => x.storage.dtype).reduce(promoteTypes)
      : values.length
      ? inferDType(values)
      : "float64");
  return { storage: storageOf(values, target), layout: new View(shape) };
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
  return (index as readonly unknown[]).map((p) => (Array.isArray(p) ? toOperand("index", p as ArrayData) : part(p)));
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
  if (typeof p === "bigint") return Number(p);
  if (p === null || p === "..." || p instanceof Slice || isOperand(p)) return p as IndexPart;
  throw new TypeError(`invalid index part ${typeof p === "object" ? Object.prototype.toString.call(p) : String(p)}`);
}
