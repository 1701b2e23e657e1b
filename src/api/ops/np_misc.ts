/**
 * NumPy functions that round out np: the callback helpers (applyAlongAxis,
 * applyOverAxes, fromfunction, piecewise, maskIndices), fromiter,
 * arrayEquiv, sharesMemory / mayShareMemory, the dtype questions (canCast,
 * commonType, minScalarType, mintypecode, issubdtype, isdtype), the array
 * facts (isscalar, ndim, shape, size, isfortran), require and
 * asarrayChkfinite, binaryRepr / baseRepr, uniqueValues, and the
 * complex-number functions over dendrite's real dtypes (real, imag, conj,
 * angle, isreal, iscomplex, ...; torch's real, imag, conj, conjPhysical
 * and isreal too). np.linalg's array-API aliases (matmul, tensordot) are
 * NP_LINALG_ALIASES.
 *
 * Callbacks receive ndarrays: np's front-end sets `NP_CALLBACKS.wrap`
 * (this layer cannot import the ndarray class).
 */
import { type DType, DTYPES, isFloat, promoteTypes, toDType } from "../../core/dtype.ts";
import { RuntimeError } from "../../core/errors.ts";
import { fortranStrides, type NpOrder, npOrderStrides } from "../../core/memory_format.ts";
import { broadcastShapes, contiguousStrides } from "../../core/shape.ts";
import { canCastSameKind, defineUnary } from "../../ops/elementwise.ts";
import { getIndex, setIndex } from "../../ops/index.ts";
import { concatenate } from "../../ops/join.ts";
import {
  castTo,
  copyWithStrides,
  fromElement,
  isScalar,
  type Operand,
  type Scalar,
  toElement,
  zeros,
} from "../../ops/operand.ts";
import * as R from "../../ops/reduce.ts";
import * as U from "../../ops/ufuncs.ts";
import { asOperand, isOperand } from "../convert.ts";
import { type Args, type Ctx, defineOp } from "../define.ts";
import { opt, req } from "../signature.ts";
import { asArray, list, view } from "./common.ts";
import { CONTRACT } from "./contract.ts";
import { PRODUCTS } from "./linalg.ts";
import { INDEX, uniqueOp } from "./index.ts";
import { MANIP_EXTRA } from "./manip_extra.ts";
import { sharesMemory } from "./shares_memory.ts";
import { baseOf, recordBase } from "./view_base.ts";

/** How np's callbacks get their array arguments: as ndarrays once np is loaded (src/numpy/ndarray.ts sets it). */
export const NP_CALLBACKS: { wrap: (o: Operand) => Operand } = { wrap: (o) => o };

type Impl = (a: Args, ctx: Ctx) => unknown;
const NP: Ctx = { fe: "np", defaultFloat: "float64" };
const npIndices = MANIP_EXTRA.indices.np.overloads[0].impl as Impl;
const npNonzero = INDEX.nonzero.np.overloads[0].impl as (a: Args) => Operand[];
const npMatmul = PRODUCTS.matmul.np.overloads[0].impl as Impl;
const npTensordot = CONTRACT.tensordot.np.overloads[0].impl as Impl;

/** NumPy's AxisError words (normalizeAxis prefixes the op). */
function axisOf(axis: number, nd: number): number {
  if (!(axis >= -nd && axis < nd)) throw new RangeError(`axis ${axis} is out of bounds for array of dimension ${nd}`);
  return axis < 0 ? axis + nd : axis;
}

/** The multi-index of flat position k in `shape` (C order). */
function unravel(k: number, shape: readonly number[]): number[] {
  const out = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    out[d] = k % shape[d];
    k = Math.floor(k / shape[d]);
  }
  return out;
}

// ---------------------------------------------------------------- callbacks

/**
 * np.apply_along_axis: `f` on each 1-d slice along `axis` (a view); the results (all of the first one's shape,
 * cast to its dtype) replace the axis with their own dims.
 */
function applyAlongAxis(f: (...a: unknown[]) => unknown, axis: number, arr: Operand, extra: unknown[]): Operand {
  const nd = arr.layout.ndim, ax = axisOf(axis, nd);
  const dims = [...Array(nd).keys()];
  const perm = [...dims.filter((d) => d !== ax), ax];
  const moved = view(arr, arr.layout.permute("apply_along_axis", perm));
  const outer = moved.layout.shape.slice(0, -1), count = outer.reduce((p, n) => p * n, 1);
  if (count === 0) throw new RangeError("Cannot apply_along_axis when any iteration dimensions are 0");
  let buff: Operand | undefined, resNd = 0;
  for (let k = 0; k < count; k++) {
    const ind = unravel(k, outer);
    let row = moved.layout;
    for (const i of ind) row = row.select(0, i);
    const slice = recordBase(NP_CALLBACKS.wrap(view(moved, row)), arr);
    const res = asArray("apply_along_axis", f(slice, ...extra));
    if (!buff) {
      buff = zeros([...outer, ...res.layout.shape], res.storage.dtype);
      resNd = res.layout.ndim;
    }
    setIndex(buff, ind, res);
  }
  const bd = buff!.layout.ndim;
  const order = [...Array(bd).keys()];
  const back = [...order.slice(0, ax), ...order.slice(bd - resNd), ...order.slice(ax, bd - resNd)];
  return view(buff!, buff!.layout.permute("apply_along_axis", back));
}

/** np.apply_over_axes: `f(a, axis)` for each axis in turn, a lost dim put back as a size-1 one. */
function applyOverAxes(f: (...a: unknown[]) => unknown, a: Operand, axes: number[]): Operand {
  let val = a;
  const n = a.layout.ndim;
  for (let axis of axes) {
    if (axis < 0) axis += n;
    let res = asArray("apply_over_axes", f(NP_CALLBACKS.wrap(val), axis));
    if (res.layout.ndim !== val.layout.ndim) {
      res = view(res, res.layout.unsqueeze(axisOf(axis, res.layout.ndim + 1)));
      if (res.layout.ndim !== val.layout.ndim) {
        throw new RangeError("function is not returning an array of the correct shape");
      }
    }
    val = res;
  }
  return val;
}

/** np.fromfunction: `f` called with one index array per dim (np.indices' grids, of `dtype`); its result as is. */
function fromfunction(f: (...a: unknown[]) => unknown, shape: number[], dtype: DType): unknown {
  const grid = npIndices({ dimensions: shape, dtype, sparse: false }, NP) as Operand;
  return f(...shape.map((_, i) => NP_CALLBACKS.wrap(view(grid, grid.layout.select(0, i)))));
}

/**
 * np.piecewise: y (zeros like x) gets, where each condition holds, its function's value on x there (or the value
 * itself when it is no function); one function more than conditions is the "otherwise" case.
 */
function piecewise(x: Operand, condlist: unknown, funclist: unknown, extra: unknown[]): Operand {
  if (!Array.isArray(funclist)) throw new TypeError("piecewise: funclist must be a list of functions or values");
  const n2 = funclist.length;
  // NumPy's rule: a single condition (a scalar, or a list or array whose first item is no list or array) is a
  // list of one condition
  let conds: Operand;
  if (isScalar(condlist)) conds = castTo(asArray("piecewise", [condlist]), "bool");
  else if (isOperand(condlist)) {
    // (a 0-d array stands for NumPy's bool scalar: one condition)
    const b = castTo(asOperand(condlist)!, "bool"), nd = b.layout.ndim;
    conds = nd === 0 || (nd === 1 && x.layout.ndim !== 0) ? view(b, b.layout.unsqueeze(0)) : b;
  } else if (Array.isArray(condlist)) {
    if (condlist.length === 0) throw new RangeError("list index out of range");
    const single = !(Array.isArray(condlist[0]) || isOperand(condlist[0])) && x.layout.ndim !== 0;
    conds = castTo(asArray("piecewise", single ? [condlist] : condlist), "bool");
  } else throw new TypeError("piecewise: condlist must be a boolean array or a list of them");
  let n = conds.layout.shape[0];
  if (n === n2 - 1) {
    const otherwise = U.logicalNot(R.any(conds, [0], true));
    conds = concatenate([conds, otherwise], 0);
    n += 1;
  } else if (n !== n2) {
    throw new RangeError(`with ${n} condition(s), either ${n} or ${n + 1} functions are expected`);
  }
  const y = zeros(x.layout.shape, x.storage.dtype);
  for (let k = 0; k < n; k++) {
    const cond = view(conds, conds.layout.select(0, k)), f = funclist[k];
    if (typeof f !== "function") {
      setIndex(y, [cond], isScalar(f) ? f : asArray("piecewise", f));
      continue;
    }
    const vals = getIndex(x, [cond]);
    if (vals.layout.size === 0) continue;
    const r = f(NP_CALLBACKS.wrap(vals), ...extra);
    setIndex(y, [cond], isScalar(r) ? r : asArray("piecewise", r));
  }
  return y;
}

/** np.mask_indices: the indices where `maskFunc(ones((n, n)), k)` is nonzero. */
function maskIndices(n: number, maskFunc: (...a: unknown[]) => unknown, k: number): Operand[] {
  const m = zeros([n, n], "int64");
  if (n > 0) (m.storage.data as BigInt64Array).fill(1n);
  const a = asArray("mask_indices", maskFunc(NP_CALLBACKS.wrap(m), k));
  return npNonzero({ a: U.notEqual(a, 0) });
}

// ---------------------------------------------------------------- data

/** np.fromiter: the first `count` items (all for -1) of a JS iterable as a 1-d array of `dtype`. */
function fromiter(iter: unknown, dtype: DType, count: number): Operand {
  const it = iter as { [Symbol.iterator]?: unknown } | null | undefined;
  if (it === null || it === undefined || typeof it[Symbol.iterator] !== "function") {
    // (NumPy: "'int' object is not iterable"; the op named, as every dendrite error)
    throw new TypeError(`fromiter(): expected an iterable, got '${it === null ? "null" : typeof it}'`);
  }
  const items: unknown[] = [];
  if (count >= -1 && count !== 0) {
    for (const v of it as Iterable<unknown>) {
      items.push(v);
      if (items.length === count) break;
    }
  }
  if (count > items.length) {
    throw new RangeError(`iterator too short: Expected ${count} but iterator had only ${items.length} items.`);
  }
  const out = zeros([items.length], dtype), d = out.storage.data;
  items.forEach((v, i) => {
    const o = isScalar(v) ? undefined : asOperand(v);
    if (!isScalar(v) && (o === undefined || o.layout.size !== 1)) {
      if (Array.isArray(v) || o) throw new RangeError("setting an array element with a sequence.");
      throw new TypeError(`fromiter: cannot store ${typeof v} as ${dtype}`);
    }
    d[i] = toElement(o ? fromElement(o.storage, o.layout.offset) : v as Scalar, dtype) as never;
  });
  return out;
}

/** np.array_equiv: same elements after broadcasting (false when they do not broadcast or convert). */
function arrayEquiv(a1: unknown, a2: unknown): boolean {
  let x: Operand, y: Operand;
  try {
    [x, y] = [asArray("array_equiv", a1), asArray("array_equiv", a2)];
    broadcastShapes("array_equiv", x.layout.shape, y.layout.shape);
  } catch {
    return false;
  }
  return fromElement(R.all(U.equal(x, y), null, false).storage, 0) as boolean;
}

// ---------------------------------------------------------------- dtypes

/** NumPy's one-character codes of the dtypes (int64 is a C long here, as on Linux). */
const TYPECODE: Record<DType, string> = { bool: "?", uint8: "B", int32: "i", int64: "l", float32: "f", float64: "d" };

/** can_cast's `from`: a dtype name or an array's dtype (JS numbers are refused as NumPy 2 does, and lists). */
function dtypeOf(op: string, v: unknown): DType {
  if (typeof v === "string") return toDType(v, op);
  if (isScalar(v)) {
    throw new TypeError(
      `${op}() does not support Python ints, floats, and complex because the result used to depend on the value.\n` +
        "This change was part of adopting NEP 50, we may explicitly allow them again in the future.",
    );
  }
  const o = asOperand(v);
  if (!o) throw new TypeError("did not understand one of the types; 'None' not accepted");
  return o.storage.dtype;
}

const CASTINGS = ["no", "equiv", "safe", "same_kind", "unsafe"];

/** np.can_cast: whether `from` converts to `to` under the casting rule. */
function canCast(from: unknown, to: DType, casting: string): boolean {
  if (!CASTINGS.includes(casting)) {
    throw new RangeError(`casting must be one of 'no', 'equiv', 'safe', 'same_kind', 'unsafe' (got '${casting}')`);
  }
  const f = dtypeOf("can_cast", from);
  if (casting === "unsafe" || f === to) return true;
  if (casting === "safe") return promoteTypes(f, to) === to;
  return casting === "same_kind" && canCastSameKind(f, to);
}

/**
 * np.common_type: the float dtype the arrays convert to (integers need float64); with no arrays NumPy's float16,
 * float32 here.
 */
function commonType(arrays: Operand[]): DType {
  let precision = 0;
  for (const a of arrays) {
    const d = a.storage.dtype;
    if (d === "bool") throw new TypeError("can't get common type for non-numeric array");
    precision = Math.max(precision, d === "float32" ? 1 : 2);
  }
  return precision === 2 ? "float64" : "float32";
}

const TWO63 = 2 ** 63;

/**
 * np.min_scalar_type: a scalar's (or 0-d array's) smallest dtype of its kind that holds its value; other arrays'
 * own dtype. NumPy's smaller dtypes map to the nearest dendrite has: uint16 and int8/int16 to int32, uint32 and
 * uint64 to int64, float16 to float32.
 */
function minScalarType(a: Operand | Scalar): DType {
  let v: Scalar;
  let kind: "b" | "i" | "f";
  if (isScalar(a)) {
    v = a;
    kind = typeof a === "boolean"
      ? "b"
      : typeof a === "bigint" || (Number.isInteger(a) && a >= -TWO63 && a < TWO63)
      ? "i"
      : "f";
  } else {
    if (a.layout.ndim > 0) return a.storage.dtype;
    v = fromElement(a.storage, a.layout.offset);
    const k = DTYPES[a.storage.dtype].kind;
    kind = k === "u" ? "i" : k;
  }
  if (kind === "b") return "bool";
  if (kind === "f") {
    const x = Number(v);
    return !Number.isFinite(x) || (x > -3.4e38 && x < 3.4e38) ? "float32" : "float64";
  }
  const x = BigInt(v as number | bigint);
  if (x >= 0n) return x <= 255n ? "uint8" : x <= 65535n ? "int32" : "int64";
  return x >= -(2n ** 31n) ? "int32" : "int64";
}

/** NumPy's typecodes from the smallest to the largest element (what mintypecode picks among). */
const BY_ELSIZE = "GDFgdfQqLlIiHhBb?";

/** np.mintypecode: the smallest typecode of `typeset` the inputs' typecodes convert to. */
function mintypecode(typechars: unknown, typeset: string, dflt: string): string {
  const items = typeof typechars === "string" ? [...typechars] : typechars;
  if (!Array.isArray(items)) throw new TypeError("mintypecode: typechars must be a string or a list");
  const codes = items.map((t) => (typeof t === "string" && t ? t : TYPECODE[asArray("mintypecode", t).storage.dtype]));
  const found = new Set(codes.filter((t) => typeset.includes(t)));
  if (found.size === 0) return dflt;
  if (found.has("F") && found.has("d")) return "D";
  const rank = (t: string) => {
    const i = BY_ELSIZE.indexOf(t);
    if (i < 0) throw new RangeError("substring not found");
    return i;
  };
  return [...found].reduce((m, t) => (rank(t) < rank(m) ? t : m));
}

/** NumPy's abstract scalar types above each dtype, nearest first. */
const ABSTRACT: Record<string, string[]> = {
  generic: [],
  number: ["generic"],
  integer: ["number", "generic"],
  signedinteger: ["integer", "number", "generic"],
  unsignedinteger: ["integer", "number", "generic"],
  inexact: ["number", "generic"],
  floating: ["inexact", "number", "generic"],
  complexfloating: ["inexact", "number", "generic"],
};
const PARENT: Record<DType, string> = {
  bool: "generic",
  uint8: "unsignedinteger",
  int32: "signedinteger",
  int64: "signedinteger",
  float32: "floating",
  float64: "floating",
};

/** A type's name and everything above it in NumPy's hierarchy (`"floating"`: floating, inexact, number, generic). */
function typeChain(v: unknown): string[] {
  if (typeof v !== "string") {
    throw new TypeError(
      isOperand(v) ? "Cannot construct a dtype from an array" : `Cannot interpret ${typeof v} as a data type`,
    );
  }
  if (Object.hasOwn(ABSTRACT, v)) return [v, ...ABSTRACT[v]];
  let d: DType;
  try {
    d = toDType(v);
  } catch {
    throw new TypeError(`data type '${v}' not understood`);
  }
  return [d, PARENT[d], ...(ABSTRACT[PARENT[d]] ?? [])];
}

/** np.issubdtype: whether arg1 is arg2 or below it (dtype names and NumPy's abstract names: "integer", ...). */
function issubdtype(arg1: unknown, arg2: unknown): boolean {
  return typeChain(arg1).includes(typeChain(arg2)[0]);
}

/** The dtypes of each array-API kind name. */
const KINDS: Record<string, DType[]> = {
  bool: ["bool"],
  "signed integer": ["int32", "int64"],
  "unsigned integer": ["uint8"],
  integral: ["uint8", "int32", "int64"],
  "real floating": ["float32", "float64"],
  "complex floating": [],
  numeric: ["uint8", "int32", "int64", "float32", "float64"],
};

/** np.isdtype: whether a dtype is of a kind (a kind name, a dtype name, or a list of them). */
function isdtype(dtype: unknown, kind: unknown): boolean {
  let d: DType;
  try {
    d = toDType(dtype);
  } catch {
    throw new TypeError(`dtype argument must be a NumPy dtype, but it is a ${typeof dtype}.`);
  }
  // every kind is checked before the answer, as NumPy builds their set first
  const dtypes = (Array.isArray(kind) ? kind : [kind]).flatMap((k): DType[] => {
    if (typeof k !== "string") {
      throw new TypeError(`kind argument must be comprised of NumPy dtypes or strings only, but is a ${typeof k}.`);
    }
    if (Object.hasOwn(KINDS, k)) return KINDS[k];
    try {
      return [toDType(k)]; // a dtype name stands for the dtype (NumPy takes dtype objects)
    } catch {
      throw new RangeError(`kind argument is a string, but '${k}' is not a known kind name.`);
    }
  });
  return dtypes.includes(d);
}

// ---------------------------------------------------------------- arrays

/** np.size: the element count, or the product of the lengths of the given axes. */
function size(a: Operand, axis: number | number[] | null): number {
  if (axis === null) return a.layout.size;
  const nd = a.layout.ndim, axes = list(axis).map((x) => axisOf(x, nd));
  if (new Set(axes).size !== axes.length) throw new RangeError("repeated axis");
  return axes.reduce((p, d) => p * a.layout.shape[d], 1);
}

/** np.require's flag names (NumPy's possible_flags). */
const FLAGS: Record<string, string> = {
  C: "C",
  C_CONTIGUOUS: "C",
  CONTIGUOUS: "C",
  F: "F",
  F_CONTIGUOUS: "F",
  FORTRAN: "F",
  A: "A",
  ALIGNED: "A",
  W: "W",
  WRITEABLE: "W",
  O: "O",
  OWNDATA: "O",
  E: "E",
  ENSUREARRAY: "E",
};

/** A copy of `x` in NumPy's order (A: Fortran for a Fortran-contiguous array). */
const copyIn = (x: Operand, order: NpOrder, dtype = x.storage.dtype): Operand =>
  copyWithStrides(x, npOrderStrides(x.layout, order), dtype);

/**
 * np.require: `a` as an array of `dtype` that has the requirements (C or F contiguous, aligned, writeable, owning
 * its memory): itself when it has them, else a copy.
 */
function require(a: Operand, dtype: DType | null, requirements: unknown): Operand {
  const reqs = typeof requirements === "string" ? [...requirements] : requirements ?? [];
  if (!Array.isArray(reqs)) throw new TypeError("require: requirements must be a string or a list of strings");
  const dt = dtype ?? a.storage.dtype;
  if (reqs.length === 0) return castTo(a, dt);
  const flags = new Set<string>();
  for (const r of reqs) {
    const f = typeof r === "string" ? FLAGS[r.toUpperCase()] : undefined;
    if (f === undefined) throw new RangeError(`require: unknown requirement '${String(r)}'`);
    if (f !== "E") flags.add(f);
  }
  if (flags.has("C") && flags.has("F")) throw new RangeError('Cannot specify both "C" and "F" order');
  const order: NpOrder = flags.has("C") ? "C" : flags.has("F") ? "F" : "A";
  flags.delete("C");
  flags.delete("F");
  const v = a.layout;
  const inOrder = order === "C" ? v.isContiguous : order === "F" ? v.isFContiguous : true;
  // (np.array's copy with order A keeps the input's order of strides: K)
  const arr = dt !== a.storage.dtype || !inOrder ? copyIn(a, order === "A" ? "K" : order, dt) : a;
  const owns = arr !== a || baseOf(a) === null;
  if ((flags.has("W") && !arr.layout.writeable) || (flags.has("O") && !owns)) return copyIn(arr, order);
  return arr;
}

/** np.asarray_chkfinite: np.asarray, refusing infinities and NaN in float arrays. */
function asarrayChkfinite(a: Operand, dtype: DType | null, order: string | null): Operand {
  const dt = dtype ?? a.storage.dtype, v = a.layout;
  let r = castTo(a, dt);
  if (order === "C" && !v.isContiguous) r = copyWithStrides(r, contiguousStrides(v.shape));
  if (order === "F" && !v.isFContiguous) r = copyWithStrides(r, fortranStrides(v.shape));
  if (isFloat(dt) && !(fromElement(R.all(U.isfinite(r), null, false).storage, 0) as boolean)) {
    throw new RangeError("array must not contain infs or NaNs");
  }
  return r;
}

// ---------------------------------------------------------------- strings

/** A Python int argument (operator.index): a safe integer, a bigint, a boolean or a 0-d integer array. */
function pyIndex(v: unknown): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "boolean") return v ? 1n : 0n;
  if (typeof v === "number" && Number.isSafeInteger(v)) return BigInt(v);
  const o = asOperand(v);
  if (o && o.layout.ndim === 0 && !isFloat(o.storage.dtype)) return BigInt(fromElement(o.storage, o.layout.offset));
  throw new TypeError(`'${typeof v === "number" ? "float" : typeof v}' object cannot be interpreted as an integer`);
}

/** np.binary_repr: the binary digits of an integer; negative ones in two's complement when a width is given. */
function binaryRepr(num: unknown, width: number | null): string {
  const n = pyIndex(num);
  const insufficient = (binwidth: number) => {
    if (width !== null && width < binwidth) {
      throw new RangeError(`Insufficient bit width=${width} provided for binwidth=${binwidth}`);
    }
  };
  if (n === 0n) return "0".repeat(width || 1);
  if (n > 0n) {
    const binary = n.toString(2);
    insufficient(binary.length);
    return binary.padStart(width === null ? 0 : width, "0");
  }
  if (width === null) return `-${(-n).toString(2)}`;
  let poswidth = (-n).toString(2).length;
  if (2n ** BigInt(poswidth - 1) === -n) poswidth -= 1; // NumPy's gh-8679: powers of two need one digit less
  const binary = (2n ** BigInt(poswidth + 1) + n).toString(2);
  insufficient(binary.length);
  return "1".repeat(Math.max(0, width - binary.length)) + binary;
}

/** Python's int() of a JS number (truncation; NaN and infinities refused). */
function pyInt(v: unknown): bigint {
  if (typeof v === "number") {
    if (Number.isNaN(v)) throw new RangeError("cannot convert float NaN to integer");
    if (!Number.isFinite(v)) throw new RangeError("cannot convert float infinity to integer");
    return BigInt(Math.trunc(v));
  }
  return pyIndex(v);
}

/** np.base_repr: the digits of int(number) in a base up to 36, zero-padded on the left by `padding` digits. */
function baseRepr(number: unknown, base: number, padding: number): string {
  if (base > 36) throw new RangeError("Bases greater than 36 not handled in base_repr.");
  if (base < 2) throw new RangeError("Bases less than 2 not handled in base_repr.");
  const n = pyInt(number), abs = n < 0n ? -n : n;
  let s = abs === 0n ? "" : abs.toString(base).toUpperCase();
  if (padding > 0) s = "0".repeat(padding) + s;
  const negative = typeof number === "bigint" ? number < 0n : Number(number) < 0;
  if (negative) s = "-" + s;
  return s === "" ? "0" : s;
}

// ---------------------------------------------------------------- complex (real dtypes)

/** np.conjugate of a real array: a copy. */
const conjugate = defineUnary("conjugate", "positive");

/** np.imag of a real array: zeros, read-only as NumPy's. */
function imagZeros(x: Operand): Operand {
  const z = zeros(x.layout.shape, x.storage.dtype, x.storage.device);
  return view(z, z.layout.asReadonly());
}

/** np.angle of a real array: arctan2(0, z) (0, or pi for negatives and -0), in degrees when `deg`. */
function angle(z: Operand, deg: boolean): Operand {
  // the 0 is NumPy's weak Python int: bool computes as int64, uint8 in the float16 (float32) loop
  const a = U.arctan2(0, z);
  return deg ? U.multiply(a, 180 / Math.PI) : a;
}

/** All-true (or all-false) bools of x's shape on its device. */
const bools = (x: Operand, value: boolean): Operand => {
  const o = zeros(x.layout.shape, "bool", x.storage.device);
  return value ? U.logicalNot(o) : o;
};

// ---------------------------------------------------------------- declarations

const ARRAY = <const N extends string>(name: N) => req(name, "array");
const FN = <const N extends string>(name: N) => req(name, "fn");
const EXTRA = req("args", "any", { varargs: true });
const INPUT = req("input", "array");

/** The Tensor the torch faces return (api cannot import torch's class). */
type T = Operand;

/** The declarations. */
export const NP_MISC = {
  applyAlongAxis: defineOp({
    name: "applyAlongAxis",
    doc: "func1d on each 1-d slice along an axis (extra positional arguments passed on), results stacked in its place.",
    np: {
      names: ["applyAlongAxis"],
      overloads: [{
        sig: { pos: [FN("func1d"), req("axis", "int"), ARRAY("arr"), EXTRA], kw: [] },
        impl: (a: Args) => applyAlongAxis(a.func1d, a.axis, a.arr, a.args),
      }],
    },
  }),
  applyOverAxes: defineOp({
    name: "applyOverAxes",
    doc: "func(a, axis) repeatedly over the axes, each result keeping the dims (a lost one put back as size 1).",
    np: {
      names: ["applyOverAxes"],
      overloads: [{
        sig: { pos: [FN("func"), ARRAY("a"), req("axes", "ints")], kw: [] },
        impl: (a: Args) => applyOverAxes(a.func, a.a, list(a.axes)),
      }],
    },
  }),
  fromfunction: defineOp({
    name: "fromfunction",
    doc: "What a function returns for the index arrays of a shape (one array of coordinates per dim).",
    np: {
      names: ["fromfunction"],
      overloads: [{
        sig: {
          pos: [FN("function"), req("shape", "ints")],
          kw: [opt("dtype", "dtype", "float64"), opt("like", "any", null)],
        },
        returns: "any",
        impl: (a: Args) => fromfunction(a.function, list(a.shape), a.dtype),
      }],
    },
  }),
  fromiter: defineOp({
    name: "fromiter",
    doc: "A 1-d array of a dtype from the items of a JS iterable (the first count of them when count >= 0).",
    np: {
      names: ["fromiter"],
      overloads: [{
        sig: {
          pos: [req("iter", "any"), req("dtype", "dtype"), opt("count", "int", -1)],
          kw: [opt("like", "any", null)],
        },
        impl: (a: Args) => fromiter(a.iter, a.dtype, a.count),
      }],
    },
  }),
  piecewise: defineOp({
    name: "piecewise",
    doc: "Values of functions (or constants) of x where their conditions hold, zero elsewhere.",
    np: {
      names: ["piecewise"],
      overloads: [{
        sig: { pos: [ARRAY("x"), req("condlist", "any"), req("funclist", "any"), EXTRA], kw: [] },
        impl: (a: Args) => piecewise(a.x, a.condlist, a.funclist, a.args),
      }],
    },
  }),
  maskIndices: defineOp({
    name: "maskIndices",
    doc: "The indices of an n x n array where maskFunc(ones, k) is nonzero (np.triu gives the upper triangle's).",
    np: {
      names: ["maskIndices"],
      overloads: [{
        sig: { pos: [req("n", "int"), FN("maskFunc"), opt("k", "int", 0)], kw: [] },
        returns: "arrays",
        impl: (a: Args) => maskIndices(a.n, a.maskFunc, a.k),
      }],
    },
  }),
  arrayEquiv: defineOp({
    name: "arrayEquiv",
    doc: "Whether two arrays are equal element-wise after broadcasting (false when they do not broadcast).",
    np: {
      names: ["arrayEquiv"],
      overloads: [{
        sig: { pos: [req("a1", "any"), req("a2", "any")], kw: [] },
        returns: "bool",
        impl: (a: Args) => arrayEquiv(a.a1, a.a2),
      }],
    },
  }),
  sharesMemory: defineOp({
    name: "sharesMemory",
    doc: "Whether two arrays share memory (exactly; maxWork 0: only their bounds, TooHardError when they overlap).",
    np: {
      names: ["sharesMemory"],
      overloads: [{
        sig: { pos: [req("a", "any"), req("b", "any"), opt("maxWork", "int", null)], kw: [] },
        returns: "bool",
        impl: (a: Args) => sharesMemory(a.a, a.b, a.maxWork ?? -1, true),
      }],
    },
  }),
  mayShareMemory: defineOp({
    name: "mayShareMemory",
    doc: "Whether two arrays might share memory: their byte bounds overlap (exactly with maxWork -1).",
    np: {
      names: ["mayShareMemory"],
      overloads: [{
        sig: { pos: [req("a", "any"), req("b", "any"), opt("maxWork", "int", null)], kw: [] },
        returns: "bool",
        impl: (a: Args) => sharesMemory(a.a, a.b, a.maxWork ?? 0, false),
      }],
    },
  }),
  isscalar: defineOp({
    name: "isscalar",
    doc: "Whether the value is a JS scalar (number, bigint, boolean, string): arrays, 0-d ones too, are not.",
    np: {
      names: ["isscalar"],
      overloads: [{
        sig: { pos: [req("element", "any")], kw: [] },
        returns: "bool",
        impl: (a: Args) => isScalar(a.element) || typeof a.element === "string",
      }],
    },
  }),
  ndimNp: defineOp({
    name: "ndimNp",
    doc: "The number of dims of an array (or of the array JS data makes).",
    np: {
      names: ["ndim"],
      overloads: [{ sig: { pos: [ARRAY("a")], kw: [] }, returns: "number", impl: (a: Args) => a.a.layout.ndim }],
    },
  }),
  shapeNp: defineOp({
    name: "shapeNp",
    doc: "The shape of an array (or of the array JS data makes), as a list.",
    np: {
      names: ["shape"],
      overloads: [{
        sig: { pos: [ARRAY("a")], kw: [] },
        returns: "any",
        impl: (a: Args): number[] => [...(a.a as Operand).layout.shape],
      }],
    },
  }),
  sizeNp: defineOp({
    name: "sizeNp",
    doc: "The number of elements, or the product of the lengths of the given axes.",
    np: {
      names: ["size"],
      overloads: [{
        sig: { pos: [ARRAY("a"), opt("axis", "ints", null)], kw: [] },
        returns: "number",
        impl: (a: Args) => size(a.a, a.axis),
      }],
    },
  }),
  canCastNp: defineOp({
    name: "canCastNp",
    doc:
      "Whether a dtype (or an array's) converts to another under a casting rule (no, equiv, safe, same_kind, unsafe).",
    np: {
      names: ["canCast"],
      overloads: [{
        sig: {
          pos: [req("from_", "any", { aliases: ["from"] }), req("to", "dtype"), opt("casting", "string", "safe")],
          kw: [],
        },
        returns: "bool",
        impl: (a: Args) => canCast(a.from_, a.to, a.casting),
      }],
    },
  }),
  commonType: defineOp({
    name: "commonType",
    doc: "The float dtype a set of numeric arrays converts to (integer arrays need float64).",
    np: {
      names: ["commonType"],
      overloads: [{
        sig: { pos: [req("arrays", "arrays", { varargs: true })], kw: [] },
        returns: "string",
        impl: (a: Args) => commonType(a.arrays),
      }],
    },
  }),
  minScalarType: defineOp({
    name: "minScalarType",
    doc: "The smallest dtype of a scalar's kind that holds its value (an array's own dtype unless 0-d).",
    np: {
      names: ["minScalarType"],
      overloads: [{
        sig: { pos: [req("a", "arrayOrScalar")], kw: [] },
        returns: "string",
        impl: (a: Args) => minScalarType(a.a),
      }],
    },
  }),
  mintypecode: defineOp({
    name: "mintypecode",
    doc: "The smallest typecode of typeset that the typecodes (or arrays' dtypes) safely convert to.",
    np: {
      names: ["mintypecode"],
      overloads: [{
        sig: {
          pos: [req("typechars", "any"), opt("typeset", "string", "GDFgdf"), opt("default", "string", "d")],
          kw: [],
        },
        returns: "string",
        impl: (a: Args) => mintypecode(a.typechars, a.typeset, a.default),
      }],
    },
  }),
  issubdtype: defineOp({
    name: "issubdtype",
    doc: "Whether a dtype is another or below it in NumPy's type hierarchy (abstract names: integer, floating, ...).",
    np: {
      names: ["issubdtype"],
      overloads: [{
        sig: { pos: [req("arg1", "any"), req("arg2", "any")], kw: [] },
        returns: "bool",
        impl: (a: Args) => issubdtype(a.arg1, a.arg2),
      }],
    },
  }),
  isdtype: defineOp({
    name: "isdtype",
    doc: "Whether a dtype is of an array-API kind ('integral', 'real floating', 'numeric', ...) or one of several.",
    np: {
      names: ["isdtype"],
      overloads: [{
        sig: { pos: [req("dtype", "any"), req("kind", "any")], kw: [] },
        returns: "bool",
        impl: (a: Args) => isdtype(a.dtype, a.kind),
      }],
    },
  }),
  isfortran: defineOp({
    name: "isfortran",
    doc: "Whether the array is Fortran-contiguous and not C-contiguous.",
    np: {
      names: ["isfortran"],
      overloads: [{
        sig: { pos: [ARRAY("a")], kw: [] },
        returns: "bool",
        impl: (a: Args) => a.a.layout.isFContiguous && !a.a.layout.isContiguous,
      }],
    },
  }),
  require: defineOp({
    name: "require",
    doc: "The array with a dtype and requirements (C, F, A, W, O, E flags): itself when it meets them, else a copy.",
    np: {
      names: ["require"],
      overloads: [{
        sig: {
          pos: [ARRAY("a"), opt("dtype", "dtype", null), opt("requirements", "any", null)],
          kw: [opt("like", "any", null)],
        },
        impl: (a: Args) => require(a.a, a.dtype, a.requirements),
      }],
    },
  }),
  asarrayChkfinite: defineOp({
    name: "asarrayChkfinite",
    doc: "np.asarray, with a ValueError for infinities and NaN.",
    np: {
      names: ["asarrayChkfinite"],
      overloads: [{
        sig: {
          pos: [
            ARRAY("a"),
            opt("dtype", "dtype", null),
            opt("order", "string", null, { choices: ["C", "F", "A", "K"] }),
          ],
          kw: [],
        },
        impl: (a: Args) => asarrayChkfinite(a.a, a.dtype, a.order),
      }],
    },
  }),
  binaryRepr: defineOp({
    name: "binaryRepr",
    doc: "The binary digits of an integer (two's complement for negatives when a width is given).",
    np: {
      names: ["binaryRepr"],
      overloads: [{
        sig: { pos: [req("num", "any"), opt("width", "int", null)], kw: [] },
        returns: "string",
        impl: (a: Args) => binaryRepr(a.num, a.width),
      }],
    },
  }),
  baseRepr: defineOp({
    name: "baseRepr",
    doc: "The digits of a number in a base up to 36, with padding zeros on the left.",
    np: {
      names: ["baseRepr"],
      overloads: [{
        sig: { pos: [req("number", "any"), opt("base", "int", 2), opt("padding", "int", 0)], kw: [] },
        returns: "string",
        impl: (a: Args) => baseRepr(a.number, a.base, a.padding),
      }],
    },
  }),
  uniqueValues: defineOp({
    name: "uniqueValues",
    doc: "The unique values of the flattened array (sorted here: NumPy's order is unspecified; NaNs stay distinct).",
    np: {
      names: ["uniqueValues"],
      overloads: [{
        sig: { pos: [ARRAY("x")], kw: [] },
        impl: (a: Args) => uniqueOp(a.x, false, false, false, false)[0],
      }],
    },
  }),
  // ---- complex-number functions of real arrays ----
  real: defineOp({
    name: "real",
    doc: "The real part: a real array (or scalar) itself.",
    np: {
      names: ["real"],
      overloads: [{ sig: { pos: [req("val", "arrayOrScalar")], kw: [] }, returns: "any", impl: (a: Args) => a.val }],
    },
    torch: {
      names: ["real"],
      overloads: [{ sig: { pos: [INPUT], kw: [] }, composite: true, impl: (a: Args): T => a.input }],
    },
  }),
  imag: defineOp({
    name: "imag",
    doc: "The imaginary part: read-only zeros for a real array, 0 for a scalar (torch: an error for real tensors).",
    np: {
      names: ["imag"],
      overloads: [{
        sig: { pos: [req("val", "arrayOrScalar")], kw: [] },
        returns: "any",
        impl: (a: Args) => (isScalar(a.val) ? 0 : imagZeros(a.val)),
      }],
    },
    torch: {
      names: ["imag"],
      overloads: [{
        sig: { pos: [INPUT], kw: [] },
        composite: true,
        impl: (): T => {
          throw new RuntimeError("imag is not implemented for tensors with non-complex dtypes.");
        },
      }],
    },
  }),
  conj: defineOp({
    name: "conj",
    doc: "The complex conjugate: a copy of a real array (np's ufunc); the tensor itself in torch.",
    np: {
      names: ["conjugate", "conj"],
      overloads: [{
        sig: {
          pos: [req("x", "array"), opt("out", "out", null)],
          kw: [opt("where", "arrayOrScalar", true), opt("dtype", "dtype", null)],
          ufunc: true,
        },
        impl: (a: Args) => {
          const x: Operand = a.dtype ? castTo(a.x, a.dtype) : a.x;
          // NumPy's bool input takes the int8 loop: uint8 here
          return conjugate(x.storage.dtype === "bool" ? castTo(x, "uint8") : x, a.out ?? undefined);
        },
      }],
    },
    torch: {
      names: ["conj"],
      methods: ["conj"],
      overloads: [{ sig: { pos: [INPUT], kw: [] }, composite: true, impl: (a: Args): T => a.input }],
    },
  }),
  conjMethod: defineOp({
    name: "conjMethod",
    doc: "ndarray.conj / conjugate: the array itself (its dtype is real).",
    np: {
      names: [],
      methods: ["conj", "conjugate"],
      overloads: [{ sig: { pos: [req("a", "array")], kw: [] }, impl: (a: Args) => a.a }],
    },
  }),
  conjPhysical: defineOp({
    name: "conjPhysical",
    doc: "The conjugate written out: the tensor itself for real dtypes.",
    torch: {
      names: ["conjPhysical"],
      methods: ["conjPhysical"],
      overloads: [{ sig: { pos: [INPUT], kw: [] }, composite: true, impl: (a: Args): T => a.input }],
    },
  }),
  angle: defineOp({
    name: "angle",
    doc: "The argument of each element: 0, or pi for negatives (and -0), as a float array; degrees when deg.",
    np: {
      names: ["angle"],
      overloads: [{
        sig: { pos: [req("z", "array"), opt("deg", "bool", false)], kw: [] },
        impl: (a: Args) => angle(a.z, a.deg),
      }],
    },
  }),
  isreal: defineOp({
    name: "isreal",
    doc: "Whether each element has a zero imaginary part: all true here (true for a scalar).",
    np: {
      names: ["isreal"],
      overloads: [{
        sig: { pos: [req("x", "arrayOrScalar")], kw: [] },
        returns: "any",
        impl: (a: Args) => (isScalar(a.x) ? true : bools(a.x, true)),
      }],
    },
    torch: {
      names: ["isreal"],
      methods: ["isreal"],
      overloads: [{ sig: { pos: [INPUT], kw: [] }, impl: (a: Args) => bools(a.input, true) }],
    },
  }),
  iscomplex: defineOp({
    name: "iscomplex",
    doc: "Whether each element has a nonzero imaginary part: all false here (false for a scalar).",
    np: {
      names: ["iscomplex"],
      overloads: [{
        sig: { pos: [req("x", "arrayOrScalar")], kw: [] },
        returns: "any",
        impl: (a: Args) => (isScalar(a.x) ? false : bools(a.x, false)),
      }],
    },
  }),
  isrealobj: defineOp({
    name: "isrealobj",
    doc: "Whether the value's dtype is not complex: always here.",
    np: {
      names: ["isrealobj"],
      overloads: [{ sig: { pos: [req("x", "any")], kw: [] }, returns: "bool", impl: () => true }],
    },
  }),
  iscomplexobj: defineOp({
    name: "iscomplexobj",
    doc: "Whether the value's dtype is complex: never here.",
    np: {
      names: ["iscomplexobj"],
      overloads: [{ sig: { pos: [req("x", "any")], kw: [] }, returns: "bool", impl: () => false }],
    },
  }),
  realIfClose: defineOp({
    name: "realIfClose",
    doc: "The array as a real one when its imaginary parts are within tol: a real array itself.",
    np: {
      names: ["realIfClose"],
      overloads: [{ sig: { pos: [ARRAY("a"), opt("tol", "number", 100)], kw: [] }, impl: (a: Args) => a.a }],
    },
  }),
};

/** np.linalg's array-API aliases of np.matmul and np.tensordot (positional-only operands, as NumPy 2's). */
export const NP_LINALG_ALIASES = {
  matmulLinalg: defineOp({
    name: "matmulLinalg",
    doc: "np.linalg.matmul: np.matmul without out or dtype.",
    np: {
      names: ["matmul"],
      overloads: [{
        sig: { pos: [ARRAY("x1"), ARRAY("x2")], kw: [] },
        impl: (a: Args, ctx: Ctx) => npMatmul({ ...a, out: null, dtype: null }, ctx),
      }],
    },
  }),
  tensordotLinalg: defineOp({
    name: "tensordotLinalg",
    doc: "np.linalg.tensordot: np.tensordot with axes by keyword.",
    np: {
      names: ["tensordot"],
      overloads: [{
        sig: { pos: [ARRAY("x1"), ARRAY("x2")], kw: [opt("axes", "any", 2)] },
        impl: (a: Args, ctx: Ctx) => npTensordot({ a: a.x1, b: a.x2, axes: a.axes }, ctx),
      }],
    },
  }),
};
