/**
 * NumPy's scalar-type names and `np.dtype`. A dtype is dendrite's dtype name
 * (what `a.dtype` returns), so every alias is that string: `np.double ===
 * "float64"`, and `np.dtype(x)` gives the string any dtype argument accepts.
 * The abstract types (`np.floating`, `np.integer`, ...) are the names
 * `np.issubdtype` understands. Only aliases of dendrite's six dtypes exist:
 * NumPy's int8/int16/uint16/uint32/uint64/float16/complex types (np.byte,
 * np.short, np.uintp, np.half, ...) have no dtype here.
 */
import { type DType, DTYPE_BY_CODE } from "../core/dtype.ts";
import { fmtValue } from "../core/errors.ts";

/** float64 (C double). */
export const double = "float64";
/** float32 (C float). */
export const single = "float32";
/** int64: NumPy 2's default integer (C long on 64-bit Linux). */
export const int_ = "int64";
/** int64: the pointer-sized integer. */
export const intp = "int64";
/** int64 (C long). */
export const long = "int64";
/** int64 (C long long). */
export const longlong = "int64";
/** int32 (C int). */
export const intc = "int32";
/** uint8 (C unsigned char). */
export const ubyte = "uint8";

/** NumPy's abstract scalar types: the names `np.issubdtype` places dtypes under. */
export const generic = "generic",
  number = "number",
  integer = "integer",
  signedinteger = "signedinteger",
  unsignedinteger = "unsignedinteger",
  inexact = "inexact",
  floating = "floating",
  complexfloating = "complexfloating";

/** Every name np.dtype resolves: dtype names, NumPy's type codes and array-protocol strings. */
const NAMES: Readonly<Record<string, DType>> = (() => {
  const m: Record<string, DType> = {
    int: "int64",
    float: "float64",
    double: "float64",
    single: "float32",
    long: "int64",
    longlong: "int64",
    intp: "int64",
    int_: "int64",
    intc: "int32",
    ubyte: "uint8",
    bool_: "bool",
    "?": "bool",
    b1: "bool",
    B: "uint8",
    u1: "uint8",
    i: "int32",
    i4: "int32",
    l: "int64",
    q: "int64",
    p: "int64",
    i8: "int64",
    f: "float32",
    f4: "float32",
    d: "float64",
    f8: "float64",
  };
  for (const d of DTYPE_BY_CODE) m[d] = d;
  // a byte-order prefix: "=" and "<" are this machine's order, "|" marks one-byte types ("|u1", "|b1")
  for (const k of Object.keys(m)) {
    if (/^[a-z?]\d$/.test(k) || k.length === 1) {
      for (const p of ["<", "="]) m[p + k] = m[k];
      if (k === "u1" || k === "b1" || k === "B" || k === "?") m["|" + k] = m[k];
    }
  }
  return m;
})();

/** Dtype names NumPy knows and dendrite does not (an unsupported dtype, not a misspelt one). */
const NUMPY_ONLY = new RegExp(
  "^(>.*|[<=|]?(i1|i2|u2|u4|u8|f2|f16|c8|c16|c32|[bhHIQLPegGFDcSUVOMm]\\d*)" +
    "|u?int(8|16)|uint(32|64)?|float(16|96|128)|complex(64|128|256)|byte|short|ushort|uintc|ulong|ulonglong" +
    "|uintp|half|longdouble|csingle|cdouble|clongdouble|object|str|bytes|void|datetime64|timedelta64)(\\[.*\\])?$",
);

/**
 * np.dtype: the dtype of a name (`"float32"`, `"f4"`, `"<f8"`, `"i8"`, `"int"`, `"float"`, `"bool"`, `"u1"`, ...),
 * a type (`np.float32`, `np.double`; JS's `Number`, `BigInt` and `Boolean` as Python's float, int and bool), or an
 * existing dtype (`a.dtype`); null (Python's None) is the default float64. The result is dendrite's dtype name, so
 * it compares with `===` and goes wherever a dtype does (`DTYPES` in src/core/dtype.ts holds its itemsize, kind and
 * `str`). A dtype NumPy has and dendrite lacks is a TypeError naming it; anything else is NumPy's TypeError
 * ("data type 'x' not understood").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * assert.equal(np.dtype("f4"), "float32");
 * assert.equal(np.dtype(np.double), np.ones([3]).dtype);
 * assert.equal(np.dtype(Number), "float64");
 * assert.throws(() => np.dtype("float16"), TypeError);
 * ```
 */
export function dtype(x: unknown): DType {
  // None is NumPy's default dtype
  if (x === null || x === Number) return "float64";
  if (x === BigInt) return "int64";
  if (x === Boolean) return "bool";
  if (typeof x !== "string") {
    // (fmtValue: String throws on a Symbol inside a list and on an object whose toString throws)
    const shown = typeof x === "function" ? x.name || "function" : fmtValue(x);
    throw new TypeError(`Cannot interpret '${shown.slice(0, 100)}' as a data type`);
  }
  if (Object.hasOwn(NAMES, x)) return NAMES[x];
  const shown = x.slice(0, 100);
  if (NUMPY_ONLY.test(x)) {
    throw new TypeError(
      `data type '${shown}' is not supported by dendrite (supported: ${DTYPE_BY_CODE.join(", ")})`,
    );
  }
  throw new TypeError(`data type '${shown}' not understood`);
}
