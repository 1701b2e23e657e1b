/**
 * Making operands: allocation, scalars, casts and contiguous copies. Every
 * op builds its outputs through these.
 */
import { backendFor, backendOf } from "../backend/backend.ts";
import { CPU } from "../backend/cpu.ts";
import { type DType, DTYPES, isFloat } from "../core/dtype.ts";
import { AllocationError, RuntimeError } from "../core/errors.ts";
import { checkShape, contiguousStrides, sizeOf } from "../core/shape.ts";
import type { Operand, Storage } from "../core/storage.ts";
import { sameShape, View } from "../core/view.ts";

export type { Operand };

/** A JS scalar an op accepts in place of an array. */
export type Scalar = number | boolean | bigint;

/** Whether `v` is a JS scalar. */
export function isScalar(v: unknown): v is Scalar {
  const t = typeof v;
  return t === "number" || t === "boolean" || t === "bigint";
}

/**
 * A new contiguous operand on `device`, uninitialized: it may hold a
 * released array's old values, so only kernels that write every element
 * may fill it (use `zeros` otherwise).
 */
export function empty(shape: readonly number[], dtype: DType, device = "cpu"): Operand {
  return { storage: allocate(shape, dtype, device, false), layout: new View(shape) };
}

/** A new contiguous operand of zeros on `device`. */
export function zeros(shape: readonly number[], dtype: DType, device = "cpu"): Operand {
  return { storage: allocate(shape, dtype, device, true), layout: new View(shape) };
}

/** Memory for `shape`: the shape is checked and a failed allocation names the shape, dtype and bytes. */
function allocate(shape: readonly number[], dtype: DType, device: string, zero: boolean): Storage {
  let n = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (!Number.isSafeInteger(d) || d < 0) checkShape("allocate", shape); // throws the shape error
    n *= d;
  }
  const bytes = n * DTYPES[dtype].itemsize;
  if (!Number.isSafeInteger(bytes)) throw new AllocationError(shape, dtype, bytes, "too many elements");
  const be = device === "cpu" ? CPU : backendFor(device);
  try {
    return be.alloc(dtype, n, zero);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new AllocationError(shape, dtype, bytes, e instanceof AllocationError ? e.reason : e.message);
  }
}

/**
 * A new dense operand of `shape` with `strides` (a permutation's contiguous strides, as `permutedStrides` and the
 * memory-format rules give): uninitialized unless `zero`, as `empty` / `zeros`.
 */
export function emptyStrided(
  shape: readonly number[],
  strides: readonly number[],
  dtype: DType,
  device = "cpu",
  zero = false,
): Operand {
  return { storage: allocate([sizeOf(shape)], dtype, device, zero), layout: new View(shape, strides, 0) };
}

/**
 * A new operand of `shape` laid out like `like` when `like` is a dense
 * permutation of C order (so `a.T + b.T` gives an F-ordered result and runs
 * as one contiguous loop, as NumPy's K order does), C order otherwise.
 */
export function emptyLike(shape: readonly number[], dtype: DType, like: readonly View[], device = "cpu"): Operand {
  const n = shape.length;
  if (n < 2) return empty(shape, dtype, device);
  let perm: number[] | undefined;
  for (const v of like) {
    if (v.ndim !== n || v.isContiguous) continue;
    let full = true;
    for (let i = 0; i < n; i++) if (v.shape[i] !== shape[i] || v.strides[i] === 0) full = false;
    if (!full) continue;
    const p = [...Array(n).keys()].sort((a, b) => Math.abs(v.strides[b]) - Math.abs(v.strides[a]));
    if (perm === undefined) perm = p;
    else if (p.some((x, i) => x !== perm![i])) return empty(shape, dtype, device);
  }
  if (!perm) return empty(shape, dtype, device);
  const pshape = perm.map((a) => shape[a]);
  const pstr = contiguousStrides(pshape);
  const strides = new Array<number>(n);
  perm.forEach((a, i) => (strides[a] = pstr[i]));
  return emptyStrided(shape, strides, dtype, device);
}

const INT_RANGE: Partial<Record<DType, readonly [number, number]>> = {
  uint8: [0, 255],
  int32: [-(2 ** 31), 2 ** 31 - 1],
};
const MIN64 = -(2n ** 63n), MAX64 = 2n ** 63n - 1n;

/**
 * Converts a JS scalar for storing into a `dtype` element, as NumPy converts
 * a Python scalar (np.array, fill, setitem, a ufunc's scalar operand):
 * floats keep the value (float32 rounds), bool takes truthiness, and an
 * integer dtype takes the value truncated toward zero, which must fit
 * (`checkNpInt`): NaN, infinities and out-of-range values are RangeErrors
 * (NumPy's ValueError / OverflowError, in its words) instead of wrapping
 * into garbage.
 */
export function toElement(v: Scalar, dtype: DType): number | bigint {
  const t = typeof v;
  if (t !== "number" && t !== "boolean" && t !== "bigint") {
    throw new TypeError(`expected a number, bigint or boolean for a ${dtype} element, got ${t}`);
  }
  if (isFloat(dtype)) return typeof v === "boolean" ? (v ? 1 : 0) : Number(v);
  if (dtype === "bool") return typeof v === "bigint" ? (v !== 0n ? 1 : 0) : v ? 1 : Number.isNaN(v) ? 1 : 0;
  if (typeof v === "boolean") return dtype === "int64" ? (v ? 1n : 0n) : v ? 1 : 0;
  const r = INT_RANGE[dtype];
  if (typeof v === "number") {
    if (!Number.isFinite(v)) {
      throw new RangeError(`cannot convert float ${Number.isNaN(v) ? "NaN" : "infinity"} to integer`);
    }
    const n = Math.trunc(v) + 0; // + 0: -0 becomes 0
    // (the common case: a number that fits, no BigInt)
    if (r ? n >= r[0] && n <= r[1] : Number.isSafeInteger(n)) return r ? n : BigInt(n);
    v = BigInt(n);
  }
  checkNpInt(v, dtype);
  return r ? Number(v) : v;
}

/**
 * NumPy's check of a Python int stored into an integer dtype: past int64 (a C long) first, then the dtype's range
 * (bool takes any C long).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkNpInt } from "./operand.ts";
 * assert.throws(() => checkNpInt(300n, "uint8"), /Python integer 300 out of bounds for uint8/);
 * assert.throws(() => checkNpInt(2n ** 63n, "bool"), /Python int too large to convert to C long/);
 * ```
 */
export function checkNpInt(v: bigint, dtype: DType): void {
  if (v < MIN64 || v > MAX64) throw new RangeError("Python int too large to convert to C long");
  const r = INT_RANGE[dtype];
  if (r && (v < BigInt(r[0]) || v > BigInt(r[1]))) {
    throw new RangeError(`Python integer ${v} out of bounds for ${dtype}`);
  }
}

/** The C++ type names PyTorch's overflow message prints. */
const OVERFLOW_NAME: Readonly<Record<DType, string>> = {
  bool: "bool",
  uint8: "uint8_t",
  int32: "int",
  int64: "int64_t",
  float32: "float",
  float64: "double",
};
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * A JS scalar for a `dtype` element as PyTorch checks a Python scalar it stores (c10's checked_convert: fill_,
 * full, masked_fill, index_fill, clamp's bounds, where's and scatter's scalars, setitem): a float beyond the
 * dtype's finite range is an error, not an infinity (infinities and NaN pass); an integer dtype refuses NaN,
 * infinities and values outside its range, except that an unsigned dtype takes the negative integers its width
 * wraps (uint8: -255..-1 store as 1..255), and a non-integral value inside the range truncates. Any value
 * converts to bool. The error is PyTorch's RuntimeError "value cannot be converted to type float without
 * overflow". `data`: torch.tensor's conversion of its data, which checks integer dtypes only.
 */
export function torchElement(v: Scalar, dtype: DType, data = false): Scalar {
  if (dtype === "bool" || typeof v === "boolean") return v;
  // (torch.tensor's data: the message names the dtype as PyTorch's ScalarType does, and floats are not checked)
  const name = data ? dtype : OVERFLOW_NAME[dtype];
  const overflow = () => new RuntimeError(`value cannot be converted to type ${name} without overflow`);
  if (data && typeof v === "bigint" && (v < MIN64 || v > MAX64)) {
    throw new RangeError("Overflow when unpacking long long");
  }
  if (data && isFloat(dtype)) return v;
  if (isFloat(dtype)) {
    const x = Number(v);
    if (Number.isFinite(x) ? dtype === "float32" && Math.abs(x) > FLOAT32_MAX : typeof v === "bigint") throw overflow();
    return v;
  }
  const [lo, hi] = dtype === "int64" ? [MIN64, MAX64] : INT_RANGE[dtype]!.map(BigInt) as [bigint, bigint];
  // an integral value is a Python int (C++ int64); anything else a double
  if (typeof v === "bigint" || Number.isInteger(v)) {
    const big = typeof v === "bigint" ? v : BigInt(v);
    if (dtype === "uint8" && big < 0n && -big <= hi) return Number(big & 255n);
    if (big < lo || big > hi) throw overflow();
    return v;
  }
  const x = v as number;
  if (!Number.isFinite(x) || x < Number(lo) || x > Number(hi)) throw overflow();
  return Math.trunc(x);
}

/**
 * A JS integer operand of torch arithmetic (add, a comparison, a bitwise op...) for an integer computation dtype:
 * PyTorch casts a Python int there without a check, modulo 2^width (uint8: -1 is 255, 257 is 1); only an int
 * beyond 64 bits is refused, as Python's "int too big to convert". Other values pass unchanged.
 */
export function torchWrap(v: Scalar, dtype: DType): Scalar {
  if (typeof v === "boolean" || dtype === "bool" || isFloat(dtype)) return v;
  if (typeof v === "number" && (!Number.isInteger(v) || (v >= -(2 ** 31) && v < 2 ** 31 && dtype !== "uint8"))) {
    return v; // (an int32 / int64 in range: the common case, no BigInt)
  }
  const big = typeof v === "bigint" ? v : BigInt(v);
  if (big < MIN64 || big >= 2n ** 64n) throw new RangeError("int too big to convert");
  if (dtype === "uint8") return Number(BigInt.asUintN(8, big));
  if (dtype === "int32") return Number(BigInt.asIntN(32, big));
  const w = BigInt.asIntN(64, big);
  return Number.isSafeInteger(Number(w)) ? Number(w) : w;
}

/** Reads element `i` (a flat storage index) as a JS value; device memory copies that one element to the host. */
export function fromElement(s: Storage, i: number): number | boolean | bigint {
  if (!s.isHost) return fromElement(onHost({ storage: s, layout: new View([], [], i) }).storage, 0);
  const v = s.data[i];
  if (s.dtype === "bool") return v !== 0;
  if (typeof v === "bigint") {
    return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
  }
  return v;
}

/** `x` itself when its memory is the host's, else a host copy (what reads element values go through). */
export function onHost(x: Operand): Operand {
  return x.storage.isHost ? x : toDevice(x, "cpu");
}

/** The elements as nested JS arrays (tolist). */
export function toNested(x: Operand): unknown {
  const c = contiguous(onHost(x)), shape = x.layout.shape;
  let i = c.layout.offset;
  const rec = (d: number): unknown =>
    d === shape.length ? fromElement(c.storage, i++) : Array.from({ length: shape[d] }, () => rec(d + 1));
  return rec(0);
}

/** A reader of elements by multi-index (what the printers walk). */
export function elementReader(x: Operand): (index: number[]) => number | boolean | bigint {
  const c = contiguous(onHost(x)), strides = c.layout.strides, off = c.layout.offset;
  return (index) => fromElement(c.storage, index.reduce((p, i, d) => p + i * strides[d], off));
}

/** A 0-d operand holding `v` (host memory: a device backend copies it when it needs to). */
export function scalarOperand(v: Scalar, dtype: DType, device = "cpu"): Operand {
  const o = empty([], dtype);
  o.storage.data[0] = toElement(v, dtype) as never;
  return device === "cpu" ? o : { storage: backendFor(device).copyFrom(o.storage), layout: o.layout };
}

/** Copies `src` into `dst` (broadcasting src), converting dtype; a src that overlaps dst is read before any write. */
export function copyInto(src: Operand, dst: Operand): void {
  if (readsWritten(src, dst)) src = contiguous(src, true);
  const v = src.layout.ndim === dst.layout.ndim && src.layout.shape.every((d, i) => d === dst.layout.shape[i])
    ? src
    : { storage: src.storage, layout: src.layout.expand("copy", dst.layout.shape) };
  backendOf(v, dst).cast(v, dst);
}

/** Whether `src` reaches elements of `dst` other than in the same place (a kernel would read them after writing). */
export function readsWritten(src: Operand, dst: Operand): boolean {
  if (src.storage !== dst.storage || src.layout.size === 0 || dst.layout.size === 0) return false;
  const [sl, sh] = src.layout.span, [dl, dh] = dst.layout.span;
  if (sh < dl || dh < sl) return false;
  const a = src.layout, b = dst.layout;
  return a.offset !== b.offset || !sameShape(a.shape, b.shape) || a.strides.some((s, i) => s !== b.strides[i]);
}

/** `x`, or a one-element 1-d view of a 0-d `x` (PyTorch's index and reduction ops treat 0-d as 1-d). */
export function atLeast1d(x: Operand): Operand {
  return x.layout.ndim === 0 ? { storage: x.storage, layout: x.layout.unsqueeze(0) } : x;
}

/** `x` with leading 1-dims up to `ndim` dims (a view; x itself when it has them: NumPy's ndmin). */
export function atLeastNd(x: Operand, ndim: number): Operand {
  let o = x;
  while (o.layout.ndim < ndim) o = { storage: o.storage, layout: o.layout.unsqueeze(0) };
  return o;
}

/** `x` converted to `dtype` (x itself when it already is). */
export function castTo(x: Operand, dtype: DType): Operand {
  if (x.storage.dtype === dtype) return x;
  const out = emptyLike(x.layout.shape, dtype, [x.layout], x.storage.device);
  backendOf(x, out).cast(x, out);
  return out;
}

/** A copy of `x`, converted to `dtype`, into a new dense operand with `strides` (see `emptyStrided`). */
export function copyWithStrides(x: Operand, strides: readonly number[], dtype: DType = x.storage.dtype): Operand {
  const out = emptyStrided(x.layout.shape, strides, dtype, x.storage.device);
  if (out.layout.size > 0) backendOf(x, out).cast(x, out);
  return out;
}

/** A C-contiguous copy of `x` (x itself when already contiguous at offset 0, unless `force`). */
export function contiguous(x: Operand, force = false): Operand {
  if (!force && x.layout.isContiguous && x.layout.offset === 0 && x.storage.length === x.layout.size) return x;
  const out = empty(x.layout.shape, x.storage.dtype, x.storage.device);
  backendOf(x, out).cast(x, out);
  return out;
}

/** The dtype's item size in bytes. */
export const itemsize = (d: DType): number => DTYPES[d].itemsize;

/**
 * PyTorch lets a 0-d CPU tensor (a scalar) join operands on another device:
 * such operands are copied to the first device operand's device. Any other
 * mix is left to the backend lookup, which throws PyTorch's error.
 */
export function colocate(ins: Operand[]): Operand[] {
  let device: string | undefined;
  for (let i = 0; i < ins.length && device === undefined; i++) {
    if (ins[i].storage.device !== "cpu") device = ins[i].storage.device;
  }
  if (device === undefined) return ins;
  return ins.map((x) => x.storage.device === "cpu" && x.layout.ndim === 0 ? toDevice(x, device) : x);
}

/**
 * `x` on `device`: itself when already there, else a contiguous copy moved by the target's backend (`nonBlocking`:
 * a copy from pinned memory may still run when this returns, as PyTorch's non_blocking).
 */
export function toDevice(x: Operand, device: string, nonBlocking = false): Operand {
  if (x.storage.device === device) return x;
  const c = contiguous(x);
  // a device backend copies from host memory; anything else goes through the host first
  const src = c.storage.isHost ? c.storage : backendFor("cpu").copyFrom(c.storage);
  return { storage: backendFor(device).copyFrom(src, nonBlocking), layout: new View(x.layout.shape) };
}

/**
 * The elements `x` reaches, each once: an expanded (zero-stride) dim
 * shrinks to one. Writing one value through it is what PyTorch's fill_
 * and zero_ do to an expanded tensor, which the kernels' overlap check
 * would otherwise refuse.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { eachOnce, zeros } from "./operand.ts";
 * const z = zeros([4], "float32");
 * const e = { storage: z.storage, layout: z.layout.expand("expand", [3, 4]) };
 * assert.deepEqual(eachOnce(e).layout.shape, [1, 4]);
 * ```
 */
export function eachOnce(x: Operand): Operand {
  const v = x.layout;
  if (!v.strides.some((s, i) => s === 0 && v.shape[i] > 1)) return x;
  const shape = v.shape.map((d, i) => (v.strides[i] === 0 && d > 1 ? 1 : d));
  return { storage: x.storage, layout: new View(shape, v.strides, v.offset) };
}
