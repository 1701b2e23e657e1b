/**
 * The six dtypes, their storage and NumPy's promotion rules.
 *
 * JS values map as follows: float dtypes hold JS numbers; int32/uint8/bool
 * hold numbers (bool as 0/1, read back as `true`/`false`); int64 stores
 * exact 64-bit integers: writes accept `number` (any safe integer) or
 * `bigint`, reads give a `number` when the value is a safe integer
 * (|v| <= 2^53 - 1) and a `bigint` otherwise, so every int64 value
 * round-trips exactly.
 */

/** A dtype name. */
export type DType = "bool" | "uint8" | "int32" | "int64" | "float32" | "float64";

type TypedArrayCtor =
  | Uint8ArrayConstructor
  | Int32ArrayConstructor
  | BigInt64ArrayConstructor
  | Float32ArrayConstructor
  | Float64ArrayConstructor;

/** A typed array over a storage, by dtype. */
export type TypedArray = Uint8Array | Int32Array | BigInt64Array | Float32Array | Float64Array;

/** Static facts about one dtype. */
export interface DTypeInfo {
  readonly name: DType;
  /** The code shared with the C kernels (kernels/include/dendrite.h). */
  readonly code: number;
  readonly itemsize: number;
  /** NumPy's kind character: b, u, i or f. */
  readonly kind: "b" | "u" | "i" | "f";
  readonly array: TypedArrayCtor;
  /** NumPy's `dtype.str` (little-endian), as in .npy headers. */
  readonly descr: string;
}

/** Every dtype, keyed by name, in code order. */
export const DTYPES: Readonly<Record<DType, DTypeInfo>> = {
  bool: { name: "bool", code: 0, itemsize: 1, kind: "b", array: Uint8Array, descr: "|b1" },
  uint8: { name: "uint8", code: 1, itemsize: 1, kind: "u", array: Uint8Array, descr: "|u1" },
  int32: { name: "int32", code: 2, itemsize: 4, kind: "i", array: Int32Array, descr: "<i4" },
  int64: { name: "int64", code: 3, itemsize: 8, kind: "i", array: BigInt64Array, descr: "<i8" },
  float32: { name: "float32", code: 4, itemsize: 4, kind: "f", array: Float32Array, descr: "<f4" },
  float64: { name: "float64", code: 5, itemsize: 8, kind: "f", array: Float64Array, descr: "<f8" },
};

/** Rounds a double to a float dtype's precision. */
export type Round = (v: number) => number;

const exact: Round = (v) => v;

/**
 * The rounding of `dt`'s arithmetic done in doubles: Math.fround for float32, for every other dtype the identity
 * (one shared function, so callers may compare against `roundTo("float64")`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { roundTo } from "./dtype.ts";
 * assert.equal(roundTo("float32")(0.1), Math.fround(0.1));
 * assert.equal(roundTo("float64")(0.1), 0.1);
 * ```
 */
export function roundTo(dt: DType): Round {
  return dt === "float32" ? Math.fround : exact;
}

/** The value range of each integer dtype, exact (int64's bounds are beyond JS numbers' exact integers). */
export const INT_RANGES: Readonly<Record<"uint8" | "int32" | "int64", readonly [bigint, bigint]>> = {
  uint8: [0n, 255n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
};

/** dtypes by code. */
export const DTYPE_BY_CODE: readonly DType[] = ["bool", "uint8", "int32", "int64", "float32", "float64"];

const ALIASES: Record<string, DType> = {
  bool: "bool",
  bool_: "bool",
  uint8: "uint8",
  int32: "int32",
  int: "int64",
  int64: "int64",
  long: "int64",
  float32: "float32",
  float: "float64",
  float64: "float64",
  double: "float64",
};

/**
 * Resolves a dtype name or alias (`"float"` is float64 as in NumPy, `"int"`
 * int64); throws a TypeError naming the supported dtypes otherwise.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toDType } from "./dtype.ts";
 * assert(toDType("double") === "float64");
 * ```
 */
export function toDType(name: unknown, op = "dtype"): DType {
  if (typeof name === "string" && Object.hasOwn(ALIASES, name)) return ALIASES[name];
  throw new TypeError(
    `${op}: unsupported dtype ${
      typeof name === "string" ? JSON.stringify(name.slice(0, 100)) : typeof name
    } (supported: ${DTYPE_BY_CODE.join(", ")})`,
  );
}

/** Whether `d` is a float dtype. */
export const isFloat = (d: DType): boolean => d === "float32" || d === "float64";
/** Whether `d` is bool or an integer dtype. */
export const isIntegral = (d: DType): boolean => !isFloat(d);

// NumPy's promote_types over our six dtypes (row/column in code order).
const B = "bool", U = "uint8", I = "int32", L = "int64", F = "float32", D = "float64";
const NUMPY_PROMOTE: readonly (readonly DType[])[] = [
  /* bool    */ [B, U, I, L, F, D],
  /* uint8   */ [U, U, I, L, F, D],
  /* int32   */ [I, I, I, L, D, D],
  /* int64   */ [L, L, L, L, D, D],
  /* float32 */ [F, F, D, D, F, D],
  /* float64 */ [D, D, D, D, D, D],
];

/**
 * NumPy's `np.promote_types(a, b)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { promoteTypes } from "./dtype.ts";
 * assert(promoteTypes("int32", "float32") === "float64");
 * ```
 */
export function promoteTypes(a: DType, b: DType): DType {
  return NUMPY_PROMOTE[DTYPES[a].code][DTYPES[b].code];
}

/** Whether NumPy's "safe" casting allows `from` -> `to`. */
export function canCastSafely(from: DType, to: DType): boolean {
  return promoteTypes(from, to) === to;
}

/** The kind of a JS scalar operand, which NEP 50 treats as "weak". */
export type ScalarKind = "bool" | "int" | "float";

/** The weak kind of a JS scalar. */
export function scalarKind(v: number | boolean | bigint): ScalarKind {
  if (typeof v === "boolean") return "bool";
  if (typeof v === "bigint") return "int";
  return Number.isInteger(v) ? "int" : "float";
}

/**
 * NumPy 2 (NEP 50) result dtype of arrays and weak JS scalars: a scalar
 * only lifts the kind (bool < int < float), never the precision of an array
 * operand; with no arrays, scalars give int64/float64/bool.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resultType } from "./dtype.ts";
 * assert(resultType(["float32"], ["int"]) === "float32");
 * assert(resultType(["int32"], ["float"]) === "float64");
 * ```
 */
export function resultType(arrays: readonly DType[], scalars: readonly ScalarKind[] = []): DType {
  let r: DType | undefined;
  for (const d of arrays) r = r === undefined ? d : promoteTypes(r, d);
  for (const k of scalars) {
    const weak: DType = k === "bool" ? "bool" : k === "int" ? "int64" : "float64";
    if (r === undefined) r = weak;
    else if (k === "int" && r === "bool") r = "int64";
    else if (k === "float" && !isFloat(r)) r = "float64";
  }
  return r ?? "float64";
}

/** What PyTorch's type promotion needs to know about one operand. */
export interface TorchOperandKind {
  /** The tensor's dtype, or undefined for a JS scalar. */
  dtype?: DType;
  /** 0-d tensors promote more weakly than dimensioned ones. */
  zeroDim?: boolean;
  /** For JS scalars: their kind. */
  scalar?: ScalarKind;
}

const CATEGORY: Record<DType, number> = { bool: 0, uint8: 1, int32: 1, int64: 1, float32: 2, float64: 2 };
const SCALAR_CATEGORY: Record<ScalarKind, number> = { bool: 0, int: 1, float: 2 };

/**
 * PyTorch's `torch.result_type`: the highest category (bool < integer <
 * float) wins; within it, dimensioned tensors beat 0-d tensors, which beat
 * JS scalars (which take int64 or the default float dtype). Unlike NumPy,
 * int32 + float32 is float32.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torchResultType } from "./dtype.ts";
 * assert(torchResultType([{ dtype: "int32" }, { dtype: "float32" }], "float32") === "float32");
 * assert(torchResultType([{ dtype: "int64" }, { scalar: "float" }], "float32") === "float32");
 * ```
 */
export function torchResultType(ops: readonly TorchOperandKind[], defaultFloat: DType): DType {
  const cat = (o: TorchOperandKind) => (o.dtype !== undefined ? CATEGORY[o.dtype] : SCALAR_CATEGORY[o.scalar!]);
  const top = Math.max(...ops.map(cat));
  const pick = (list: TorchOperandKind[]) => list.map((o) => o.dtype!).reduce(promoteTypesTorch);
  const inTop = ops.filter((o) => cat(o) === top);
  const dims = inTop.filter((o) => o.dtype !== undefined && !o.zeroDim);
  if (dims.length) return pick(dims);
  const zero = inTop.filter((o) => o.dtype !== undefined);
  if (zero.length) return pick(zero);
  return top === 2 ? defaultFloat : top === 1 ? "int64" : "bool";
}

/** PyTorch's promote_types: like NumPy's except integers with float32 give float32. */
export function promoteTypesTorch(a: DType, b: DType): DType {
  if (isFloat(a) !== isFloat(b)) return isFloat(a) ? a : b;
  return promoteTypes(a, b);
}

/**
 * PyTorch's `can_cast` for writing a result into an existing tensor
 * (in-place ops, `out=`): floats never go into integer tensors, nor
 * integers into bool ones.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torchCanCast } from "./dtype.ts";
 * assert(!torchCanCast("float32", "int64") && torchCanCast("int64", "float32"));
 * ```
 */
export function torchCanCast(from: DType, to: DType): boolean {
  if (isFloat(from) && !isFloat(to)) return false;
  if (from !== "bool" && to === "bool") return false;
  return true;
}

/** PyTorch's capitalized dtype names in messages ("Float", "Long"). */
export const TORCH_TYPE_NAME: Readonly<Record<DType, string>> = {
  bool: "Bool",
  uint8: "Byte",
  int32: "Int",
  int64: "Long",
  float32: "Float",
  float64: "Double",
};

/** The C++ names of the dtypes, as PyTorch's messages print them ("float", "long int"). */
export const CPP_TYPE_NAME: Readonly<Record<DType, string>> = {
  bool: "bool",
  uint8: "unsigned char",
  int32: "int",
  int64: "long int",
  float32: "float",
  float64: "double",
};
