/**
 * Array creation: from data, filled (zeros/ones/empty/full and their
 * `Like` forms), identities, ranges (arange/linspace/logspace), meshgrid,
 * wrapping existing memory (np.frombuffer). Torch's forms take `dtype`,
 * `device` and `requiresGrad` keywords.
 */
import { type DType, DTYPES, isFloat } from "../../core/dtype.ts";
import { cppDouble, RuntimeError } from "../../core/errors.ts";
import { checkShape, contiguousStrides, normalizeAxis } from "../../core/shape.ts";
import {
  fortranStrides,
  type MemoryFormat,
  type NpOrder,
  npOrderStrides,
  torchFormatStrides,
} from "../../core/memory_format.ts";
import { Storage } from "../../core/storage.ts";
import { View } from "../../core/view.ts";
import {
  atLeastNd,
  castTo,
  checkNpInt,
  contiguous,
  copyInto,
  copyWithStrides,
  emptyStrided,
  fromElement,
  type Operand,
  type Scalar,
  scalarOperand,
  toDevice,
  torchElement,
  zeros,
} from "../../ops/operand.ts";
import * as U from "../../ops/ufuncs.ts";
import { type ArrayData, isOperand, toOperand } from "../convert.ts";
import { type Args, type Ctx, defineOp } from "../define.ts";
import { opt, req } from "../signature.ts";
import { deviceKey } from "./device.ts";
import { list, MEMORY_FORMAT, ORDER } from "./common.ts";

/** A new array of `shape` filled with `value`. */
export function filled(
  op: string,
  shape: readonly number[],
  value: Scalar,
  dtype: DType,
  device = "cpu",
  strides?: readonly number[],
): Operand {
  const s = checkShape(op, shape);
  const o = strides ? emptyStrided(s, strides, dtype, device, true) : zeros(s, dtype, device);
  if (value !== 0 && value !== false && o.layout.size > 0) copyInto(scalarOperand(value, dtype, device), o);
  return o;
}

/** The dtype `full` infers from its fill value (np: float64 for floats; torch: the default float). */
function fillDType(v: Scalar, ctx: Ctx): DType {
  if (typeof v === "boolean") return "bool";
  if (typeof v === "bigint" || Number.isInteger(v)) return "int64";
  return ctx.defaultFloat;
}

/**
 * The value `full` and its kin store. NumPy's copyto with unsafe casting: a float (a fraction, NaN, an infinity)
 * converts into an integer dtype as C's cast does; an integer is checked (`checkNpInt`). PyTorch converts as c10's
 * checked_convert (`torchElement`).
 */
function fillValue(v: Scalar, dt: DType, ctx: Ctx): Scalar {
  if (ctx.fe === "torch") return torchElement(v, dt);
  if (typeof v === "boolean" || isFloat(dt)) return v;
  if (typeof v === "number" && !Number.isInteger(v)) {
    return fromElement(castTo(scalarOperand(v, "float64"), dt).storage, 0);
  }
  checkNpInt(BigInt(v), dt);
  return v;
}

/** NumPy's arange: evenly spaced values in [start, stop) with step (int64 when all are integers). */
function arangeNp(start: number, stop: number | null, step: number, dtype: DType | null, ctx: Ctx): Operand {
  if (stop === null) [start, stop] = [0, start];
  for (const [n, v] of [["start", start], ["stop", stop], ["step", step]] as const) {
    if (!Number.isFinite(v)) throw new RangeError(`arange: ${n} must be finite, got ${v}`);
  }
  if (step === 0) throw new RangeError("division by zero");
  const dt = dtype ?? ([start, stop, step].every(Number.isInteger) ? "int64" : "float64");
  const n = rangeLength("arange", Math.ceil((stop - start) / step));
  // NumPy converts the first two values to the dtype (an integer out of its range is an error), then adds on in it
  if (Number.isInteger(start) && Number.isInteger(step)) {
    for (const v of [start, start + step].slice(0, n)) fillValue(v, dt, ctx);
  }
  return castTo(steps(n, start, step), dt);
}

/** A range's element count, refused where it cannot be allocated. */
function rangeLength(op: string, n: number): number {
  n = Math.max(0, n);
  if (!Number.isSafeInteger(n)) throw new RangeError(`${op}: ${n} elements cannot be allocated`);
  return n;
}

/** float64 `start + i * step` for i < n. */
function steps(n: number, start: number, step: number): Operand {
  const o = zeros([n], "float64");
  const d = o.storage.data as Float64Array;
  for (let i = 0; i < n; i++) d[i] = start + i * step;
  return o;
}

/**
 * PyTorch's arange (RangeFactories.cpp): the bounds checked in double first; then start, end and step converted
 * (checked) into the accumulator, int64 for every integer dtype (a fractional step truncates: zero is a ValueError
 * for int64, silently a run of `start` for the narrower ones, whose length comes from the doubles); each value
 * `start + step * i` in the accumulator, wrapping into the dtype.
 */
function arangeTorch(start: number, end: number | null, step: number, dtype: DType | null, ctx: Ctx): Operand {
  if (end === null) [start, end] = [0, start];
  const dt = dtype ?? ([start, end, step].every(Number.isInteger) ? "int64" : ctx.defaultFloat);
  if (dt === "bool") throw new RuntimeError(`"arange_cpu" not implemented for 'Bool'`);
  if (!(step > 0 || step < 0)) throw new RuntimeError("step must be nonzero");
  if (!Number.isFinite(start) || !Number.isFinite(end)) {
    throw new RuntimeError(`unsupported range: ${cppDouble(start)} -> ${cppDouble(end)}`);
  }
  if (step > 0 ? end < start : end > start) {
    throw new RuntimeError("upper bound and lower bound inconsistent with step sign");
  }
  const [s0, s1, st] = [start, end, step].map((v) => isFloat(dt) ? v : Number(torchElement(v, "int64")));
  let n: number;
  if (dt === "int64") {
    if (st === 0) throw new RangeError("step must be nonzero");
    // in int64: C++'s truncating division of the converted bounds
    const [b0, b1, bs] = [s0, s1, st].map(BigInt);
    n = Number((b1 - b0 + bs - (bs > 0n ? 1n : -1n)) / bs);
  } else n = Math.ceil((end - start) / step);
  if (!(n >= 0 && n <= 2 ** 63)) throw new RuntimeError("invalid size, possible overflow?");
  if (isFloat(dt)) return castTo(steps(rangeLength("arange", n), start, step), dt);
  n = rangeLength("arange", n);
  const exact = Math.abs(s0) + Math.abs(st) * n <= Number.MAX_SAFE_INTEGER;
  // an int64 wraps into a narrower dtype as PyTorch's conversion does; beyond 2^53 the int64 steps take BigInts
  return castTo(exact ? castTo(steps(n, s0, st), "int64") : bigSteps(n, BigInt(s0), BigInt(st)), dt);
}

/** int64 `start + i * step` for i < n, wrapping at 64 bits as the C++ accumulator does. */
function bigSteps(n: number, start: bigint, step: bigint): Operand {
  const o = zeros([n], "int64");
  const d = o.storage.data as BigInt64Array;
  for (let i = 0; i < n; i++) d[i] = BigInt.asIntN(64, start + BigInt(i) * step);
  return o;
}

/** NumPy's linspace (inclusive unless endpoint is false). */
export function linspaceNp(start: number, stop: number, num: number, endpoint: boolean, dtype: DType | null): Operand {
  if (num < 0) throw new RangeError(`Number of samples, ${num}, must be non-negative.`);
  const div = endpoint ? num - 1 : num;
  const delta = stop - start, step = div > 0 ? delta / div : NaN;
  const o = zeros([num], "float64");
  const d = o.storage.data as Float64Array;
  for (let i = 0; i < num; i++) {
    d[i] = div > 0 ? (step === 0 ? (i / div) * delta : i * step) + start : i * delta + start;
  }
  if (endpoint && num > 1) d[num - 1] = stop;
  const dt = dtype ?? "float64";
  return castTo(isFloat(dt) ? o : U.floor(o), dt);
}

/**
 * What PyTorch's linspace and logspace do before their kernels: no steps, nothing (no check); one step, `fill_` with
 * `first()` (checked into the dtype); else refuse bool (their kernels have none) and convert start and end into the
 * dtype (checked: uint8 wraps negatives down to -255, a fraction truncates), float32 rounding. Null where the
 * kernel runs on the returned bounds.
 */
function rangeEnds(
  op: string,
  start: number,
  end: number,
  steps: number,
  dtype: DType,
  first: () => number,
): Operand | [number, number] {
  if (steps < 0) throw new RuntimeError("number of steps must be non-negative");
  if (steps < 2) return filled(op, [steps], steps ? torchElement(first(), dtype) : 0, dtype);
  if (dtype === "bool") throw new RuntimeError(`"${op}_cpu" not implemented for 'Bool'`);
  const round = dtype === "float32" ? Math.fround : (x: number) => x;
  return [round(Number(torchElement(start, dtype))), round(Number(torchElement(end, dtype)))];
}

/**
 * PyTorch's linspace (RangeFactoriesKernel.cpp): start and end in the dtype, step = (end - start) / (steps - 1)
 * in the dtype (double for integers), `start + step * i` for the first half and `end - step * (steps - 1 - i)` for
 * the second, each a fused multiply-add rounded once to the dtype as PyTorch's compiled kernel does.
 */
export function linspaceTorch(start: number, end: number, steps: number, dtype: DType): Operand {
  const ends = rangeEnds("linspace", start, end, steps, dtype, () => start);
  if (!Array.isArray(ends)) return ends;
  const [s0, s1] = ends;
  const o = zeros([steps], "float64");
  const d = o.storage.data as Float64Array;
  const round = dtype === "float32" ? Math.fround : (x: number) => x;
  // end - start is rounded to the dtype before the division, as in the kernel's float arithmetic
  const step = round(round(s1 - s0) / (steps - 1)), half = Math.floor(steps / 2);
  const fma = dtype === "float32" ? fma32 : fma64;
  for (let i = 0; i < steps; i++) d[i] = i < half ? fma(step, i, s0) : fma(-step, steps - 1 - i, s1);
  return castTo(isFloat(dtype) ? o : U.trunc(o), dtype);
}

/**
 * PyTorch's logspace: pow(base, start + step * i) in double (step in double from the dtype's start and end; the
 * second half from the end), converted to the dtype as the kernel's C++ conversion does. pow runs element by
 * element (libm's pow, as PyTorch's loop).
 */
function logspaceTorch(start: number, end: number, steps: number, base: number, dtype: DType): Operand {
  const ends = rangeEnds("logspace", start, end, steps, dtype, () => Math.pow(base, start));
  if (!Array.isArray(ends)) return ends;
  const [s0, s1] = ends;
  // end - start in the dtype (float32 rounds it), the division in double
  const span = dtype === "float32" ? Math.fround(s1 - s0) : s1 - s0;
  const step = span / (steps - 1), half = Math.floor(steps / 2);
  // exponents at stride 2: the kernel's strided loop calls the scalar pow
  const e = zeros([2 * steps], "float64");
  const d = e.storage.data as Float64Array;
  for (let i = 0; i < steps; i++) d[2 * i] = i < half ? fma64(step, i, s0) : fma64(-step, steps - 1 - i, s1);
  const x = { storage: e.storage, layout: new View([steps], [2], 0) };
  const out = { storage: zeros([2 * steps], "float64").storage, layout: new View([steps], [2], 0) };
  U.power(scalarOperand(base, "float64"), x, out);
  return castTo(contiguous(out, true), dtype);
}

/** The rounding error of a + b (Knuth's TwoSum). */
function twoSumErr(a: number, b: number, s: number): number {
  const bb = s - a;
  return (a - (s - bb)) + (b - bb);
}

/** a * b + c rounded once, in double (Dekker's exact product, then TwoSum). */
function fma64(a: number, b: number, c: number): number {
  const p = a * b;
  if (!Number.isFinite(p) || p === 0) return p + c;
  const split = (x: number) => {
    const t = 134217729 * x;
    const hi = t - (t - x);
    return [hi, x - hi];
  };
  const [ah, al] = split(a), [bh, bl] = split(b);
  const pe = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  const s = p + c;
  return s + (twoSumErr(p, c, s) + pe);
}

const F32 = new Float32Array(1), U32 = new Uint32Array(F32.buffer);
/** a * b + c rounded once to float32 (a, c float32, b an integer: the product is exact in double). */
function fma32(a: number, b: number, c: number): number {
  const p = a * b, s = p + c;
  const f = Math.fround(s);
  if (!Number.isFinite(s) || f === s) return f;
  const err = twoSumErr(p, c, s);
  if (err === 0) return f;
  // a tie between two floats in double may lean either way in the exact sum
  F32[0] = f;
  U32[0] += (s > f) === (f >= 0) ? 1 : -1;
  const other = F32[0];
  if ((f + other) / 2 !== s) return f;
  return (err > 0) === (other > f) ? other : f;
}

/** Coordinate arrays from 1-d vectors ('xy' swaps the first two, as NumPy's default). */
function meshgrid(xs: readonly Operand[], indexing: "xy" | "ij", sparse = false): Operand[] {
  const n = xs.length;
  const shape = xs.map((x) => x.layout.size);
  if (indexing === "xy" && n > 1) [shape[0], shape[1]] = [shape[1], shape[0]];
  return xs.map((x, i) => {
    const axis = indexing === "xy" && n > 1 && i < 2 ? 1 - i : i;
    const s = shape.map((_, j) => (j === axis ? x.layout.size : 1));
    const flat = contiguous(x);
    const v = new View(s, s.map((_, j) => (j === axis ? 1 : 0)), flat.layout.offset);
    // sparse: each vector shaped to broadcast against the others (NumPy's sparse=True)
    return contiguous({ storage: flat.storage, layout: sparse ? v : v.expand("meshgrid", shape) }, true);
  });
}

const onDevice = toDevice;

/** N x M with ones on the k-th diagonal. */
export function eye(n: number, m: number | null, k: number, dtype: DType, device = "cpu"): Operand {
  const cols = m ?? n;
  const o = zeros(checkShape("eye", [n, cols]), dtype, device);
  const d = { storage: o.storage, layout: o.layout.diagonal("eye", k, 0, 1) };
  if (d.layout.size > 0) copyInto(scalarOperand(1, dtype, device), d);
  return o;
}

/** np.frombuffer: the bytes of a buffer as a 1-d array sharing its memory. */
function frombuffer(buffer: unknown, dtype: DType, count: number, offset: number): Operand {
  const view = ArrayBuffer.isView(buffer) ? buffer : null;
  const buf = view ? view.buffer : buffer;
  if (!(buf instanceof ArrayBuffer)) throw new TypeError("frombuffer: expected an ArrayBuffer or a typed array");
  const base = (view?.byteOffset ?? 0) + offset, avail = (view?.byteLength ?? buf.byteLength) - offset;
  const isz = DTYPES[dtype].itemsize;
  if (offset < 0 || avail < 0) throw new RangeError("offset must be non-negative and no greater than buffer length");
  if (count < 0 && avail % isz !== 0) throw new RangeError("buffer size must be a multiple of element size");
  const n = count < 0 ? avail / isz : count;
  if (n * isz > avail) throw new RangeError("buffer is smaller than requested size");
  return { storage: Storage.wrap(dtype, n, buf, base), layout: new View([n]) };
}

const DTYPE = opt("dtype", "dtype", null);
const DEVICE = opt("device", "device", null);
const REQ_GRAD = opt("requiresGrad", "bool", false);
const TORCH_KW = [DTYPE, DEVICE, REQ_GRAD, opt("layout", "any", null), opt("pinMemory", "bool", false)] as const;
const dev = (a: Args) => deviceKey(a.device);
/** NumPy's order of a new array that copies none: C or Fortran. */
const NEW_ORDER = opt("order", "string", "C", { choices: ["C", "F"] });

/** Creation functions, declared once for both front-ends. */
export const CREATION = {
  array: defineOp({
    name: "array",
    doc: "A new array from nested JS arrays, typed arrays, scalars or arrays (copied).",
    np: {
      names: ["array"],
      overloads: [{
        sig: {
          pos: [req("object", "any"), opt("dtype", "dtype", null)],
          kw: [opt("copy", "bool", true, { nullable: true }), opt("ndmin", "int", 0), ORDER("K")],
        },
        impl: (a: Args) => {
          const o = a.object, order: NpOrder = a.order;
          const host = isOperand(o) && o.storage.device === "cpu";
          const v = host ? o.layout : null;
          const inOrder = !v || (order === "C" ? v.isContiguous : order === "F" ? v.isFContiguous : true);
          // NumPy 2's copy: true always, null when needed, false never (an error when one is needed)
          if (a.copy === false && (!isOperand(o) || (a.dtype && a.dtype !== o.storage.dtype) || !inOrder)) {
            throw new RangeError("Unable to avoid copy while creating an array as requested.");
          }
          let r: Operand;
          if (v && (a.copy === true || (a.dtype && a.dtype !== o.storage.dtype) || !inOrder)) {
            // an array's copy takes the order asked for (K: the array's own)
            r = copyWithStrides(o, npOrderStrides(v, order), a.dtype ?? o.storage.dtype);
          } else {
            r = toOperand("array", o as ArrayData, a.dtype ?? undefined, a.copy === true);
            if (order === "F" && !r.layout.isFContiguous) r = copyWithStrides(r, fortranStrides(r.layout.shape));
          }
          return atLeastNd(r, a.ndmin);
        },
      }],
    },
    torch: {
      names: ["tensor"],
      overloads: [{
        sig: { pos: [req("data", "any")], kw: TORCH_KW },
        impl: (a: Args, ctx: Ctx) =>
          onDevice(
            torchData(a.data, a.dtype ?? (a.requiresGrad && !isOperand(a.data) ? ctx.defaultFloat : null), ctx, true),
            dev(a),
          ),
      }],
    },
  }),
  asarray: defineOp({
    name: "asarray",
    doc: "An array from data, without copying an array that already has the dtype.",
    np: {
      names: ["asarray", "asanyarray"],
      overloads: [{
        sig: {
          pos: [req("a", "any"), opt("dtype", "dtype", null)],
          kw: [opt("order", "string", null), opt("copy", "bool", null)],
        },
        impl: (a: Args) => toOperand("asarray", a.a as ArrayData, a.dtype ?? undefined, a.copy === true),
      }],
    },
    torch: {
      names: ["asTensor", "asarray"],
      overloads: [{
        // torch.asarray calls it obj, torch.as_tensor data
        sig: {
          pos: [req("data", "any", { aliases: ["obj"] })],
          kw: [DTYPE, DEVICE, opt("copy", "bool", null), REQ_GRAD],
        },
        impl: (a: Args, ctx: Ctx) => onDevice(torchData(a.data, a.dtype, ctx, a.copy === true), dev(a)),
      }],
    },
  }),
  ascontiguousarray: defineOp({
    name: "ascontiguousarray",
    doc: "A C-contiguous array (the input itself when it already is).",
    np: {
      names: ["ascontiguousarray"],
      overloads: [{
        sig: { pos: [req("a", "array"), opt("dtype", "dtype", null)], kw: [] },
        impl: (a: Args) => inOrder(a, "C"),
      }],
    },
  }),
  asfortranarray: defineOp({
    name: "asfortranarray",
    doc: "A Fortran-contiguous array (the input itself when it already is).",
    np: {
      names: ["asfortranarray"],
      overloads: [{
        sig: { pos: [req("a", "array"), opt("dtype", "dtype", null)], kw: [] },
        impl: (a: Args) => inOrder(a, "F"),
      }],
    },
  }),
  frombuffer: defineOp({
    name: "frombuffer",
    doc: "A 1-d array sharing the memory of an ArrayBuffer or typed array.",
    np: {
      names: ["frombuffer"],
      overloads: [{
        sig: {
          pos: [
            req("buffer", "any"),
            opt("dtype", "dtype", "float64"),
            opt("count", "int", -1),
            opt("offset", "int", 0),
          ],
          kw: [],
        },
        impl: (a: Args) => frombuffer(a.buffer, a.dtype, a.count, a.offset),
      }],
    },
    torch: {
      names: ["frombuffer"],
      overloads: [{
        sig: {
          pos: [req("buffer", "any")],
          kw: [req("dtype", "dtype"), opt("count", "int", -1), opt("offset", "int", 0), REQ_GRAD],
        },
        impl: (a: Args) => frombuffer(a.buffer, a.dtype, a.count, a.offset),
      }],
    },
  }),
  zeros: fillDecl("zeros", 0),
  ones: fillDecl("ones", 1),
  empty: fillDecl("empty", 0),
  full: defineOp({
    name: "full",
    doc: "An array filled with a value (dtype inferred from the value unless given).",
    np: {
      names: ["full"],
      overloads: [{
        sig: {
          pos: [req("shape", "ints"), req("fillValue", "scalar"), opt("dtype", "dtype", null)],
          kw: [NEW_ORDER],
        },
        impl: (a: Args, ctx: Ctx) => {
          const dt = a.dtype ?? fillDType(a.fillValue, ctx), shape = list(a.shape);
          return filled("full", shape, fillValue(a.fillValue, dt, ctx), dt, "cpu", newOrder(shape, a.order));
        },
      }],
    },
    torch: {
      names: ["full"],
      overloads: [{
        sig: { pos: [req("size", "ints"), req("fillValue", "scalar")], kw: [...TORCH_KW, opt("out", "out", null)] },
        impl: (a: Args, ctx: Ctx) => {
          const dt = a.dtype ?? fillDType(a.fillValue, ctx);
          return filled("full", list(a.size), fillValue(a.fillValue, dt, ctx), dt, dev(a));
        },
      }],
    },
  }),
  zerosLike: likeDecl("zerosLike", 0),
  onesLike: likeDecl("onesLike", 1),
  emptyLike: likeDecl("emptyLike", 0),
  fullLike: defineOp({
    name: "fullLike",
    doc: "An array shaped (and typed) like another, filled with a value.",
    np: {
      names: ["fullLike"],
      overloads: [{
        sig: {
          pos: [req("a", "array"), req("fillValue", "scalar"), opt("dtype", "dtype", null)],
          kw: [ORDER("K"), opt("subok", "bool", true), opt("shape", "ints", null)],
        },
        impl: (a: Args, ctx: Ctx) => {
          const dt = a.dtype ?? (a.a as Operand).storage.dtype;
          return npLike("fullLike", a, fillValue(a.fillValue, dt, ctx), dt);
        },
      }],
    },
    torch: {
      names: ["fullLike"],
      overloads: [{
        sig: { pos: [req("input", "array"), req("fillValue", "scalar")], kw: [...TORCH_KW, MEMORY_FORMAT] },
        impl: (a: Args, ctx: Ctx) => {
          const dt = a.dtype ?? (a.input as Operand).storage.dtype;
          return torchLike("fullLike", a, fillValue(a.fillValue, dt, ctx), dt);
        },
      }],
    },
  }),
  eye: defineOp({
    name: "eye",
    doc: "N x M with ones on the k-th diagonal.",
    np: {
      names: ["eye"],
      overloads: [{
        sig: {
          pos: [req("N", "int"), opt("M", "int", null), opt("k", "int", 0), opt("dtype", "dtype", "float64")],
          kw: [NEW_ORDER],
        },
        impl: (a: Args) => {
          const e = eye(a.N, a.M, a.k, a.dtype);
          return a.order === "F" ? copyWithStrides(e, fortranStrides(e.layout.shape)) : e;
        },
      }],
    },
    torch: {
      names: ["eye"],
      overloads: [{
        sig: { pos: [req("n", "int"), opt("m", "int", null)], kw: [...TORCH_KW, opt("out", "out", null)] },
        impl: (a: Args, ctx: Ctx) => eye(a.n, a.m, 0, a.dtype ?? ctx.defaultFloat, dev(a)),
      }],
    },
  }),
  identity: defineOp({
    name: "identity",
    doc: "The n x n identity.",
    np: {
      names: ["identity"],
      overloads: [{
        sig: { pos: [req("n", "int"), opt("dtype", "dtype", "float64")], kw: [] },
        impl: (a: Args) => eye(a.n, null, 0, a.dtype),
      }],
    },
  }),
  arange: defineOp({
    name: "arange",
    doc:
      "Evenly spaced values in [start, stop): arange(stop) or arange(start, stop, step); int64 when all are integers.",
    np: {
      names: ["arange"],
      overloads: [{
        sig: {
          pos: [
            req("start", "number"),
            opt("stop", "number", null),
            opt("step", "number", 1),
            opt("dtype", "dtype", null),
          ],
          kw: [],
        },
        impl: (a: Args, ctx: Ctx) => arangeNp(a.start, a.stop, a.step, a.dtype, ctx),
      }],
    },
    torch: {
      names: ["arange"],
      overloads: [{
        sig: {
          pos: [req("start", "number"), opt("end", "number", null), opt("step", "number", 1)],
          kw: [...TORCH_KW, opt("out", "out", null)],
        },
        impl: (a: Args, ctx: Ctx) => onDevice(arangeTorch(a.start, a.end, a.step, a.dtype, ctx), dev(a)),
      }],
    },
  }),
  linspace: defineOp({
    name: "linspace",
    doc: "`num` evenly spaced values from start to stop.",
    np: {
      names: ["linspace"],
      overloads: [{
        sig: {
          pos: [
            req("start", "number"),
            req("stop", "number"),
            opt("num", "int", 50),
            opt("endpoint", "bool", true),
            opt("retstep", "bool", false),
            opt("dtype", "dtype", null),
            opt("axis", "int", 0),
          ],
          kw: [],
        },
        // with retstep: [samples, step]
        returns: "any",
        impl: (a: Args) => {
          normalizeAxis("linspace", a.axis, 1);
          const r = linspaceNp(a.start, a.stop, a.num, a.endpoint, a.dtype);
          // NumPy's step: NaN when there is no interval (num 0, or 1 with the endpoint)
          const div = a.endpoint ? a.num - 1 : a.num;
          return a.retstep ? [r, div > 0 ? (a.stop - a.start) / div : NaN] : r;
        },
      }],
    },
    torch: {
      names: ["linspace"],
      overloads: [{
        sig: {
          pos: [req("start", "number"), req("end", "number"), req("steps", "int")],
          kw: [...TORCH_KW, opt("out", "out", null)],
        },
        impl: (a: Args, ctx: Ctx) =>
          onDevice(linspaceTorch(a.start, a.end, a.steps, a.dtype ?? ctx.defaultFloat), dev(a)),
      }],
    },
  }),
  logspace: defineOp({
    name: "logspace",
    doc: "base ** linspace(start, stop, num).",
    np: {
      names: ["logspace"],
      overloads: [{
        sig: {
          pos: [
            req("start", "number"),
            req("stop", "number"),
            opt("num", "int", 50),
            opt("endpoint", "bool", true),
            opt("base", "number", 10),
            opt("dtype", "dtype", null),
            opt("axis", "int", 0),
          ],
          kw: [],
        },
        impl: (a: Args) => {
          normalizeAxis("logspace", a.axis, 1);
          const r = U.power(a.base, linspaceNp(a.start, a.stop, a.num, a.endpoint, null));
          return a.dtype ? castTo(r, a.dtype) : r;
        },
      }],
    },
    torch: {
      names: ["logspace"],
      overloads: [{
        sig: {
          pos: [req("start", "number"), req("end", "number"), req("steps", "int"), opt("base", "number", 10)],
          kw: [...TORCH_KW, opt("out", "out", null)],
        },
        impl: (a: Args, ctx: Ctx) =>
          onDevice(logspaceTorch(a.start, a.end, a.steps, a.base, a.dtype ?? ctx.defaultFloat), dev(a)),
      }],
    },
  }),
  meshgrid: defineOp({
    name: "meshgrid",
    doc: "Coordinate arrays from 1-d vectors.",
    np: {
      names: ["meshgrid"],
      overloads: [{
        sig: {
          pos: [req("xi", "arrays", { varargs: true })],
          kw: [
            opt("indexing", "string", "xy", { choices: ["xy", "ij"] }),
            opt("sparse", "bool", false),
            opt("copy", "bool", true),
          ],
        },
        returns: "arrays",
        impl: (a: Args) => meshgrid(a.xi, a.indexing, a.sparse),
      }],
    },
    torch: {
      names: ["meshgrid"],
      overloads: [{
        sig: {
          pos: [req("tensors", "arrays", { varargs: true })],
          kw: [opt("indexing", "string", "ij", { choices: ["xy", "ij"] })],
        },
        returns: "arrays",
        impl: (a: Args) => meshgrid(a.tensors, a.indexing),
      }],
    },
  }),
};

/** torch.tensor's conversion of its JS values (integer dtypes checked, uint8 wrapping -1..-255, as PyTorch's). */
const TENSOR_DATA = (v: Scalar, dt: DType) => torchElement(v, dt, true);

/** torch.tensor's dtype inference: bools, int64 for integers, the default float for any float. */
export function torchData(data: unknown, dtype: DType | null, ctx: Ctx, copy: boolean): Operand {
  if (dtype !== null) return toOperand("tensor", data as ArrayData, dtype, copy, TENSOR_DATA);
  const o = toOperand("tensor", data as ArrayData, undefined, copy, TENSOR_DATA);
  const fromJs = !isOperand(data) && !ArrayBuffer.isView(data);
  return o.storage.dtype === "float64" && fromJs ? castTo(o, ctx.defaultFloat) : o;
}

function fillDecl<const N extends "zeros" | "ones" | "empty">(name: N, value: 0 | 1) {
  return defineOp({
    name,
    doc: `An array of ${name === "empty" ? "uninitialized values (zeros here)" : name}.`,
    np: {
      names: [name],
      overloads: [{
        sig: {
          pos: [req("shape", "ints"), opt("dtype", "dtype", "float64")],
          kw: [NEW_ORDER, opt("device", "device", null)],
        },
        impl: (a: Args) => {
          const shape = list(a.shape);
          return filled(name, shape, value, a.dtype, "cpu", newOrder(shape, a.order));
        },
      }],
    },
    torch: {
      names: [name],
      overloads: [{
        sig: {
          pos: [req("size", "ints", { varargs: true })],
          // (torch.empty alone takes a memory format)
          kw: [...TORCH_KW, opt("out", "out", null), ...(name === "empty" ? [MEMORY_FORMAT] : [])],
        },
        impl: (a: Args, ctx: Ctx) => {
          const size = list(a.size), fmt: MemoryFormat | null = a.memoryFormat ?? null;
          if (fmt === "preserveFormat") throw new RuntimeError("unsupported memory format Preserve");
          const strides = fmt === null ? undefined : torchFormatStrides(new View(checkShape(name, size)), fmt);
          return filled(name, size, value, a.dtype ?? ctx.defaultFloat, dev(a), strides);
        },
      }],
    },
  });
}

/** np.ascontiguousarray / asfortranarray: `a` (0-d as 1-d) itself when it has the dtype and order, else a copy. */
function inOrder(a: Args, order: "C" | "F"): Operand {
  const x = atLeastNd(a.a, 1), dt: DType = a.dtype ?? x.storage.dtype, v = x.layout;
  if (dt === x.storage.dtype && (order === "C" ? v.isContiguous : v.isFContiguous)) return x;
  return copyWithStrides(x, order === "C" ? contiguousStrides(v.shape) : fortranStrides(v.shape), dt);
}

/** NumPy's *_like: `a`'s shape (or `shape`) in `order` (K: `a`'s own memory order), filled with `value`. */
function npLike(op: string, a: Args, value: Scalar, dtype: DType): Operand {
  const x: Operand = a.a, shape = a.shape === null ? x.layout.shape : list(a.shape);
  return filled(op, shape, value, dtype, "cpu", npOrderStrides(x.layout, a.order, shape));
}

/**
 * PyTorch's *_like: `input`'s shape in its memory format (preserve_format: `input`'s layout), filled with
 * `value`, on `input`'s device unless one is given.
 */
export function torchLike(op: string, a: Args, value: Scalar, dtype: DType): Operand {
  const x: Operand = a.input;
  const strides = torchFormatStrides(x.layout, a.memoryFormat ?? "preserveFormat");
  return filled(op, x.layout.shape, value, dtype, a.device === null ? x.storage.device : dev(a), strides);
}

/** NumPy's order of a new array: C or Fortran (`undefined`: C). */
const newOrder = (shape: number[], order: "C" | "F") => order === "F" ? fortranStrides(shape) : undefined;

function likeDecl<const N extends "zerosLike" | "onesLike" | "emptyLike">(name: N, value: 0 | 1) {
  return defineOp({
    name,
    doc: `${name.slice(0, -4)} shaped (and typed) like another array.`,
    np: {
      names: [name],
      overloads: [{
        sig: {
          pos: [req("a", "array"), opt("dtype", "dtype", null)],
          kw: [ORDER("K"), opt("subok", "bool", true), opt("shape", "ints", null)],
        },
        impl: (a: Args) => npLike(name, a, value, a.dtype ?? a.a.storage.dtype),
      }],
    },
    torch: {
      names: [name],
      overloads: [{
        sig: { pos: [req("input", "array")], kw: [...TORCH_KW, MEMORY_FORMAT] },
        impl: (a: Args) => torchLike(name, a, value, a.dtype ?? a.input.storage.dtype),
      }],
    },
  });
}
