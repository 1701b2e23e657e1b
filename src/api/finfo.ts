/**
 * Machine limits of dendrite's dtypes: NumPy's `np.finfo` / `np.iinfo` and
 * PyTorch's `torch.finfo` / `torch.iinfo` (the fields each library has,
 * computed from the IEEE formats, and each library's errors for inputs that
 * are not a float or integer dtype; bool is neither, as in both libraries).
 */
import { Binder, type Converters, type Forms, opt, req } from "./signature.ts";
import { type DType, DTYPES, INT_RANGES, toDType } from "../core/dtype.ts";

/** IEEE binary formats by float dtype: mantissa bits and exponent bits. */
const FORMATS = { float32: { nmant: 23, nexp: 8 }, float64: { nmant: 52, nexp: 11 } } as const;

/** Machine epsilon of a float dtype (float64's for any other dtype: integers compute in float64). */
export function epsOf(dt: DType): number {
  return 2 ** -FORMATS[dt === "float32" ? "float32" : "float64"].nmant;
}

/** The limits of a float dtype that NumPy and PyTorch share. */
export interface FloatLimits {
  /** Bits of one element. */
  readonly bits: number;
  /** The difference between 1 and the next larger representable number. */
  readonly eps: number;
  /** The largest finite value. */
  readonly max: number;
  /** The most negative finite value (-max). */
  readonly min: number;
  /** The smallest positive normal number. */
  readonly smallestNormal: number;
  /** The smallest positive normal number (an alias of smallestNormal). */
  readonly tiny: number;
  /** 10 ** -precision: the approximate decimal resolution. */
  readonly resolution: number;
  /** The dtype's name. */
  readonly dtype: DType;
}

/** NumPy's finfo: the shared limits and NumPy's extra fields. */
export interface NpFInfo extends FloatLimits {
  /** The difference between 1 and the next smaller representable number. */
  readonly epsneg: number;
  /** The smallest positive subnormal number. */
  readonly smallestSubnormal: number;
  /** The approximate number of exact decimal digits. */
  readonly precision: number;
  /** The exponent of eps (a power of 2). */
  readonly machep: number;
  /** The exponent of epsneg. */
  readonly negep: number;
  /** The smallest normal exponent. */
  readonly minexp: number;
  /** The first exponent that overflows. */
  readonly maxexp: number;
  /** Exponent bits. */
  readonly nexp: number;
  /** Exponent bits (NumPy's iexp: the same as nexp). */
  readonly iexp: number;
  /** Mantissa bits. */
  readonly nmant: number;
}

/** The limits of an integer dtype (int64's as bigints: they exceed JS numbers' exact range). */
export interface IInfo {
  /** Bits of one element. */
  readonly bits: number;
  /** The smallest value. */
  readonly min: number | bigint;
  /** The largest value. */
  readonly max: number | bigint;
  /** The dtype's name. */
  readonly dtype: DType;
}

/** NumPy's iinfo: the limits and NumPy's kind character. */
export interface NpIInfo extends IInfo {
  /** "u" (unsigned) or "i" (signed). */
  readonly kind: "u" | "i";
}

/** A float dtype's limits from its IEEE format. */
function floatLimits(d: "float32" | "float64"): NpFInfo {
  const { nmant, nexp } = FORMATS[d];
  const maxexp = 2 ** (nexp - 1), minexp = 2 - maxexp;
  const max = (2 - 2 ** -nmant) * 2 ** (maxexp - 1), tiny = 2 ** minexp;
  // NumPy's precision: the decimal digits the mantissa carries for sure
  const precision = Math.floor(-Math.log10(2 ** -nmant));
  return {
    bits: DTYPES[d].itemsize * 8,
    eps: 2 ** -nmant,
    epsneg: 2 ** -(nmant + 1),
    max,
    min: -max,
    smallestNormal: tiny,
    tiny,
    smallestSubnormal: 2 ** (minexp - nmant),
    resolution: d === "float32" ? Math.fround(decimal(precision)) : decimal(precision),
    precision,
    machep: -nmant,
    negep: -(nmant + 1),
    minexp,
    maxexp,
    nexp,
    iexp: nexp,
    nmant,
    dtype: d,
  };
}

/** 10 ** -p, exactly as the literal `1e-p` reads (`10 ** -6` is 9.999999999999999e-7). */
const decimal = (p: number): number => Number(`1e-${p}`);

/** An integer dtype's limits (numbers where they are exact, int64's as bigints). */
function intLimits(d: "uint8" | "int32" | "int64"): NpIInfo {
  const [lo, hi] = INT_RANGES[d], n = (v: bigint) => (d === "int64" ? v : Number(v));
  return { bits: DTYPES[d].itemsize * 8, min: n(lo), max: n(hi), dtype: d, kind: d === "uint8" ? "u" : "i" };
}

/** `v` as Python's repr of a float of the dtype: the shortest digits that round back, exponent as Python writes it. */
function pyRepr(v: number, d: DType): string {
  let s = String(v);
  if (d === "float32") {
    for (let p = 1; p <= 9; p++) {
      const t = Number(v.toPrecision(p));
      if (Math.fround(t) === v) {
        s = String(t);
        break;
      }
    }
  }
  // Python switches to an exponent below 1e-4 (JS below 1e-6) and writes two exponent digits at least
  const a = Math.abs(v);
  if (a !== 0 && a < 1e-4) s = Number(s).toExponential();
  return s.replace(/e([+-])(\d)$/, "e$10$2");
}

/** C's %g (six significant digits), as PyTorch's finfo / iinfo reprs print. */
function g6(v: number | bigint): string {
  const x = Number(v);
  if (x === 0) return "0";
  const e = Math.floor(Math.log10(Math.abs(Number(x.toPrecision(6)))));
  const strip = (m: string) => (m.includes(".") ? m.replace(/\.?0+$/, "") : m);
  if (e < -4 || e >= 6) {
    const [m, ex] = x.toExponential(5).split("e");
    const n = Number(ex);
    return `${strip(m)}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
  }
  return strip(x.toFixed(Math.max(0, 5 - e)));
}

/** What NumPy's finfo / iinfo make of an argument: a dtype, or the NumPy type name its error message shows. */
function npType(x: unknown, op: string): DType | string {
  if (typeof x === "number") return Number.isInteger(x) && op === "iinfo" ? "int64" : "float64";
  if (typeof x === "bigint") return "int64";
  if (typeof x === "boolean") return "bool";
  if (x === null || x === undefined) return "float64";
  if (typeof x === "string") {
    // a name dendrite lacks (float16, int8) is dendrite's unsupported-dtype TypeError
    return NUMPY_CODES[x] ?? toDType(x, `np.${op}`);
  }
  // an array is no dtype-like to NumPy 2.4 (np.finfo(a) raises: pass a.dtype)
  return "object_";
}

/** NumPy's type codes of dendrite's dtypes ("f4", "<i8", "d", ...). */
const NUMPY_CODES: Record<string, DType> = {
  "?": "bool",
  b1: "bool",
  u1: "uint8",
  B: "uint8",
  i4: "int32",
  "<i4": "int32",
  i: "int32",
  i8: "int64",
  "<i8": "int64",
  l: "int64",
  q: "int64",
  f4: "float32",
  "<f4": "float32",
  f: "float32",
  f8: "float64",
  "<f8": "float64",
  d: "float64",
};

/** NumPy's kind character of a type name in its iinfo error. */
const npKind = (t: DType | string): string => t in DTYPES ? DTYPES[t as DType].kind : t === "object_" ? "O" : "?";

/** np.finfo's signature: any argument (NumPy's type names and Python scalars too), checked by npType. */
export const NP_FINFO_SIG = { pos: [opt("dtype", "any", null)], kw: [] } as const;
/** np.iinfo's signature (NumPy's parameter is int_type). */
export const NP_IINFO_SIG = { pos: [req("intType", "any")], kw: [] } as const;
/** np.finfo's call forms: `finfo()`, `finfo("float32")`, `finfo({ dtype: "float32" })`. */
export type NpFinfoArgs = Forms<typeof NP_FINFO_SIG, never, never>;
/** np.iinfo's call forms: `iinfo("int32")`, `iinfo({ intType: "int32" })`. */
export type NpIinfoArgs = Forms<typeof NP_IINFO_SIG, never, never>;
const NP_FINFO = new Binder("finfo", NP_FINFO_SIG);
const NP_IINFO = new Binder("iinfo", NP_IINFO_SIG);
/** No array or dtype parameter is checked by the binder here: the ops check their argument themselves. */
const NP_CONV: Converters = {
  array: () => undefined,
  isArray: () => false,
  dtype: () => undefined,
  arrayName: "ndarray",
};

/**
 * NumPy's finfo: the limits of a float dtype (a name or type code, a JS
 * number as Python's float); NumPy's ValueError for integers, bool and
 * arrays (pass `a.dtype`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { npFinfo } from "./finfo.ts";
 * assert.equal(npFinfo("float32").eps, 2 ** -23);
 * assert.equal(npFinfo("float64").precision, 15);
 * ```
 */
export function npFinfo(...args: NpFinfoArgs): NpFInfo {
  const t = npType(NP_FINFO.bind(args, NP_CONV).dtype, "finfo");
  if (t !== "float32" && t !== "float64") {
    throw new RangeError(`data type <class 'numpy.${t}'> not inexact`);
  }
  const f = floatLimits(t);
  return Object.freeze({
    ...f,
    toString: () =>
      `finfo(resolution=${pyRepr(f.resolution, t)}, min=${pyRepr(f.min, t)}, max=${pyRepr(f.max, t)}, dtype=${t})`,
  });
}

/**
 * NumPy's iinfo: the limits of an integer dtype (a name or type code, a JS
 * integer as Python's int); NumPy's ValueError for floats, bool and arrays.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { npIinfo } from "./finfo.ts";
 * assert.equal(npIinfo("uint8").max, 255);
 * assert.equal(npIinfo("int64").min, -(2n ** 63n));
 * ```
 */
export function npIinfo(...args: NpIinfoArgs): NpIInfo {
  const t = npType(NP_IINFO.bind(args, NP_CONV).intType, "iinfo");
  if (t !== "uint8" && t !== "int32" && t !== "int64") {
    throw new RangeError(`Invalid integer data type '${npKind(t)}'.`);
  }
  const f = intLimits(t);
  return Object.freeze({ ...f, toString: () => `iinfo(min=${f.min}, max=${f.max}, dtype=${t})` });
}

/** torch's dtype argument: a dtype name (torch.float32 is "float32" here); PyTorch's TypeError for anything else. */
function torchType(x: unknown, op: string): DType {
  if (typeof x === "string") {
    try {
      return toDType(x);
    } catch { /* PyTorch's message below */ }
  }
  const what = typeof x === "object" && x !== null && "storage" in x
    ? "Tensor"
    : typeof x === "string"
    ? "str"
    : typeof x;
  throw new TypeError(`${op}(): argument 'type' (position 1) must be torch.dtype, not ${what}`);
}

/** torch.finfo's signature: its dtype left out is the default dtype (null is PyTorch's TypeError, as any non-dtype). */
export const TORCH_FINFO_SIG = { pos: [opt("type", "dtype", undefined)], kw: [] } as const;
/** torch.iinfo's signature. */
export const TORCH_IINFO_SIG = { pos: [req("type", "dtype")], kw: [] } as const;
/** torch.finfo's call forms: `finfo()`, `finfo("float32")`, `finfo({ type: "float32" })`. */
export type TorchFinfoArgs = Forms<typeof TORCH_FINFO_SIG, never, never>;
/** torch.iinfo's call forms: `iinfo("int32")`, `iinfo({ type: "int32" })`. */
export type TorchIinfoArgs = Forms<typeof TORCH_IINFO_SIG, never, never>;
const TORCH_FINFO = new Binder("finfo", TORCH_FINFO_SIG);
const TORCH_IINFO = new Binder("iinfo", TORCH_IINFO_SIG);
/** The converters of torch's finfo / iinfo: a value that is not a dtype throws PyTorch's TypeError (torchType). */
const torchConv = (op: string): Converters => ({
  array: () => undefined,
  isArray: () => false,
  dtype: (v) => torchType(v, op),
  arrayName: "Tensor",
});
const FINFO_CONV = torchConv("finfo"), IINFO_CONV = torchConv("iinfo");

/**
 * PyTorch's finfo: the limits of a float dtype (`defaultFloat` when left
 * out); PyTorch's TypeError for integer dtypes, bool and anything not a dtype.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torchFinfo } from "./finfo.ts";
 * assert.equal(torchFinfo("float64", "float32").max, 3.4028234663852886e38);
 * assert.equal(torchFinfo("float32", { type: "float64" }).eps, 2 ** -52);
 * ```
 */
export function torchFinfo(defaultFloat: DType, ...args: TorchFinfoArgs): FloatLimits {
  const t: DType = TORCH_FINFO.bind(args, FINFO_CONV).type ?? defaultFloat;
  if (t !== "float32" && t !== "float64") {
    throw new TypeError("torch.finfo() requires a floating point input type. Use torch.iinfo to handle 'torch.finfo'");
  }
  const { bits, eps, max, min, smallestNormal, tiny, precision } = floatLimits(t);
  // a Python float, not one of the dtype (NumPy's float32 resolution is np.float32(1e-06))
  const resolution = decimal(precision);
  return Object.freeze({
    bits,
    eps,
    max,
    min,
    smallestNormal,
    tiny,
    resolution,
    dtype: t,
    toString: () =>
      `finfo(resolution=${g6(resolution)}, min=${g6(min)}, max=${g6(max)}, eps=${g6(eps)}, ` +
      `smallest_normal=${g6(tiny)}, tiny=${g6(tiny)}, dtype=${t})`,
  });
}

/**
 * PyTorch's iinfo: the limits of an integer dtype; PyTorch's TypeError for
 * float dtypes, bool and anything not a dtype.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torchIinfo } from "./finfo.ts";
 * assert.equal(torchIinfo("int32").max, 2147483647);
 * ```
 */
export function torchIinfo(...args: TorchIinfoArgs): IInfo {
  const t: DType = TORCH_IINFO.bind(args, IINFO_CONV).type;
  if (t === "bool") throw new TypeError("torch.bool is not supported by torch.iinfo");
  if (t === "float32" || t === "float64") {
    throw new TypeError("torch.iinfo() requires an integer input type. Use torch.finfo to handle 'torch.iinfo'");
  }
  const { bits, min, max } = intLimits(t);
  return Object.freeze({
    bits,
    min,
    max,
    dtype: t,
    toString: () => `iinfo(min=${g6(min)}, max=${g6(max)}, dtype=${t})`,
  });
}
