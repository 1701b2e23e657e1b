/**
 * Conversions and small utilities: astype/to and the dtype shorthands,
 * copies, item/tolist, fill, rounding, closeness tests, and np's
 * statistics helpers (cov, corrcoef).
 */
import {
  type DType,
  DTYPES,
  isFloat,
  promoteTypes,
  resultType,
  type ScalarKind,
  scalarKind,
  toDType,
  TORCH_TYPE_NAME,
} from "../../core/dtype.ts";
import { fmtTuple, RuntimeError } from "../../core/errors.ts";
import { normalizeAxis } from "../../core/shape.ts";
import {
  isContiguousIn,
  type MemoryFormat,
  type NpOrder,
  npOrderStrides,
  torchFormatStrides,
} from "../../core/memory_format.ts";
import { View } from "../../core/view.ts";
import { where as whereOp } from "../../ops/elementwise.ts";
import { matmul } from "../../ops/linear.ts";
import {
  castTo,
  contiguous,
  copyInto,
  copyWithStrides,
  eachOnce,
  fromElement,
  onHost,
  type Operand,
  scalarOperand,
  toDevice,
  toNested,
  torchElement,
} from "../../ops/operand.ts";
import * as R from "../../ops/reduce.ts";
import * as U from "../../ops/ufuncs.ts";
import { type ArrayData, asOperand, toOperand } from "../convert.ts";
import { type Args, type Ctx, defineOp } from "../define.ts";
import { opt, req } from "../signature.ts";
import {
  checkCasting,
  checkFoundDtype,
  isScalar,
  MEMORY_FORMAT,
  npDataOut,
  npUfuncOut,
  ORDER,
  type Scalar,
  view,
} from "./common.ts";
import { intoOut } from "./reduce.ts";
import { deviceKey } from "./device.ts";

/** One element as a JS value: no index for size-1 arrays, a flat index, or one index per dim. */
export function item(x: Operand, index: readonly number[], fe: "np" | "torch"): Scalar {
  x = onHost(x);
  const v = x.layout;
  if (index.length === 0) {
    if (v.size !== 1) {
      throw fe === "np"
        ? new RangeError("can only convert an array of size 1 to a Python scalar")
        : new RuntimeError(`a Tensor with ${v.size} elements cannot be converted to Scalar`);
    }
    return fromElement(x.storage, v.offset);
  }
  let idx = [...index];
  if (idx.length === 1 && v.ndim !== 1) {
    let i = idx[0];
    if (!Number.isInteger(i) || i < -v.size || i >= v.size) {
      throw new RangeError(`index ${i} is out of bounds for size ${v.size}`);
    }
    if (i < 0) i += v.size;
    idx = [];
    for (let d = v.ndim - 1; d >= 0; d--) {
      idx.unshift(i % v.shape[d]);
      i = Math.floor(i / v.shape[d]);
    }
  }
  if (idx.length !== v.ndim) throw new RangeError("incorrect number of indices for array");
  let off = v.offset;
  idx.forEach((i, d) => {
    const n = v.shape[d];
    if (!Number.isInteger(i) || i < -n || i >= n) {
      throw new RangeError(`index ${i} is out of bounds for axis ${d} with size ${n}`);
    }
    off += (i < 0 ? i + n : i) * v.strides[d];
  });
  return fromElement(x.storage, off);
}

/** Writes `value` into every element (checked against the dtype as NumPy checks a stored scalar: toElement). */
function fill(x: Operand, value: Scalar | Operand): void {
  const dt = x.storage.dtype;
  if (typeof value === "string" || (typeof value === "object" && value === null)) {
    throw new TypeError(`fill: expected a number, got ${value === null ? "null" : typeof value}`);
  }
  const src = isScalar(value) ? scalarOperand(value, dt, x.storage.device) : value;
  copyInto(src, x);
  x.storage.version++;
}

/** Rounds half to even at `decimals` digits. */
function roundOp(x: Operand, decimals: number, out?: Operand | null): Operand {
  let r: Operand;
  if (!isFloat(x.storage.dtype)) {
    if (decimals >= 0) r = contiguous(x, true);
    else {
      const f = 10 ** -decimals;
      r = castTo(U.multiply(U.rint(U.divide(x, f)), f), x.storage.dtype);
    }
  } else if (decimals === 0) r = U.rint(x);
  else {
    const f = 10 ** decimals;
    r = U.divide(U.rint(U.multiply(x, f)), f);
  }
  return intoOut(r, out, "round");
}

/** PyTorch's isclose/allclose compare tensors of one dtype only. */
function sameDtype(a: Operand, b: Operand): Operand {
  if (a.storage.dtype !== b.storage.dtype) {
    throw new RuntimeError(`${TORCH_TYPE_NAME[a.storage.dtype]} did not match ${TORCH_TYPE_NAME[b.storage.dtype]}`);
  }
  return b;
}

/** |a - b| <= atol + rtol * |b| (or both NaN with equalNan), in float64. */
function isclose(a: Operand | Scalar, b: Operand | Scalar, rtol: number, atol: number, equalNan: boolean): Operand {
  const x = isScalar(a) ? scalarOperand(Number(a), "float64") : castTo(a, "float64");
  const y = isScalar(b) ? scalarOperand(Number(b), "float64") : castTo(b, "float64");
  const diff = U.abs(U.subtract(x, y));
  // exact equality covers equal infinities, whose difference is NaN
  let close = U.logicalOr(U.lessEqual(diff, U.add(U.multiply(U.abs(y), rtol), atol)), U.equal(x, y));
  close = U.logicalAnd(close, U.logicalNot(U.logicalAnd(U.isinf(y), U.notEqual(x, y))));
  if (equalNan) close = U.logicalOr(close, U.logicalAnd(U.isnan(x), U.isnan(y)));
  return close;
}

/** Whether two arrays have the same shape and elements. */
function arrayEqual(a: Operand, b: Operand, equalNan: boolean): boolean {
  if (a.layout.ndim !== b.layout.ndim || a.layout.shape.some((d, i) => d !== b.layout.shape[i])) return false;
  let eq = U.equal(a, b);
  if (equalNan) eq = U.logicalOr(eq, U.logicalAnd(U.isnan(a), U.isnan(b)));
  return fromElement(R.all(eq, null, false).storage, 0) as boolean;
}

/** np.cov: variables in rows (columns with rowvar false), float64. */
function cov(m: Operand, y: Operand | null, rowvar: boolean, bias: boolean, ddof: number | null): Operand {
  const rows = (o: Operand): Operand => {
    if (o.layout.ndim > 2) throw new RangeError("m has more than 2 dimensions");
    let x = castTo(o, "float64");
    if (x.layout.ndim < 2) x = view(contiguous(x), new View([1, x.layout.size]));
    if (!rowvar && x.layout.shape[0] !== 1) x = view(x, x.layout.swap("cov", 0, 1));
    return x;
  };
  let x = rows(m);
  if (y) x = concat2(x, rows(y));
  const n = x.layout.shape[1], dd = ddof ?? (bias ? 0 : 1);
  const mu = U.divide(R.sum(x, [1], true), n);
  const xc = U.subtract(x, mu);
  const c = U.divide(matmul(xc, view(xc, xc.layout.swap("cov", 0, 1))), Math.max(n - dd, 0));
  return view(c, c.layout.squeeze("cov"));
}

function concat2(a: Operand, b: Operand): Operand {
  // (a may be a transposed view: concatenate reads it through its own strides)
  return joinRows(a, b);
}
import { concatenate } from "../../ops/join.ts";
const joinRows = (a: Operand, b: Operand): Operand => concatenate([a, b], 0);

/** np.corrcoef: covariance normalized by the standard deviations, clipped to [-1, 1]. */
function corrcoef(m: Operand, y: Operand | null, rowvar: boolean): Operand {
  const c = cov(m, y, rowvar, false, null);
  if (c.layout.ndim === 0) return U.divide(c, c);
  const d = U.sqrt(contiguous(view(c, c.layout.diagonal("corrcoef", 0, 0, 1)), true));
  const n = d.layout.size;
  const r = U.divide(U.divide(c, view(d, new View([n, 1], [1, 0]))), view(d, new View([1, n], [0, 1])));
  return U.minimum(U.maximum(r, -1), 1);
}

const CLOSE_KW = [opt("rtol", "number", 1e-5), opt("atol", "number", 1e-8), opt("equalNan", "bool", false)] as const;
const INPUT = req("input", "array");
const PRESERVE: MemoryFormat = "preserveFormat";

/** Small utilities, declared once for both front-ends. */
/** np.copyto: a JS number is a weak scalar (its kind is checked, its value must fit dst's dtype). */
function copyto(dst: Operand, src: Operand | Scalar, casting: string, where: Operand | Scalar): void {
  let s: Operand;
  if (isScalar(src)) {
    const kind = scalarKind(src), d = dst.storage.dtype;
    // the dtype NumPy gives the number against dst: dst's own unless the kind is higher (1.5 into ints, 1 into bools)
    const weak: DType = kind === "bool"
      ? "bool"
      : kind === "int"
      ? (d === "bool" ? "int64" : d)
      : (isFloat(d) ? d : "float64");
    checkCasting(weak, d, casting, "scalar");
    s = scalarOperand(src, d, dst.storage.device);
  } else {
    checkCasting(src.storage.dtype, dst.storage.dtype, casting);
    s = src;
  }
  // leading ones beyond dst's rank are dropped, as NumPy's copyto does
  const extra = s.layout.ndim - dst.layout.ndim;
  if (extra > 0 && s.layout.shape.slice(0, extra).every((n) => n === 1)) {
    s = {
      storage: s.storage,
      layout: new View(s.layout.shape.slice(extra), s.layout.strides.slice(extra), s.layout.offset),
    };
  }
  const from = s.layout.shape, to = dst.layout.shape, lead = to.length - from.length;
  if (lead < 0 || from.some((n, i) => n !== 1 && n !== to[lead + i])) {
    throw new RangeError(
      `could not broadcast input array from shape ${fmtTuple(from)} into shape ${fmtTuple(to)}`,
    );
  }
  if (where === true) return copyInto(s, dst);
  const mask = isScalar(where) ? scalarOperand(where, typeof where === "boolean" ? "bool" : "int64") : where;
  checkCasting(mask.storage.dtype, "bool", "safe");
  copyInto(whereOp(mask, s, dst), dst);
}

export const MISC = {
  astype: defineOp({
    name: "astype",
    doc: "A copy converted to a dtype (no copy with copy: false when it already has it).",
    np: {
      names: ["astype"],
      methods: ["astype"],
      overloads: [{
        sig: {
          pos: [req("x", "array"), req("dtype", "dtype")],
          kw: [
            ORDER("K"),
            opt("casting", "string", "unsafe"),
            opt("subok", "bool", true),
            opt("copy", "bool", true),
          ],
        },
        impl: (a: Args) => {
          checkCasting(a.x.storage.dtype, a.dtype, a.casting);
          const x: Operand = a.x, v = x.layout, order: NpOrder = a.order;
          // copy=False returns the array itself when it already has the dtype and order
          const inOrder = order === "C" ? v.isContiguous : order === "F" ? v.isFContiguous : true;
          if (!a.copy && a.dtype === x.storage.dtype && inOrder) return x;
          return copyWithStrides(x, npOrderStrides(v, order), a.dtype);
        },
      }],
    },
  }),
  copyto: defineOp({
    name: "copyto",
    doc: "Copies src into dst in place (broadcasting src; NumPy's casting rule; only where `where` is true).",
    np: {
      names: ["copyto"],
      overloads: [{
        sig: {
          pos: [
            req("dst", "out"),
            req("src", "arrayOrScalar"),
            opt("casting", "string", "same_kind"),
            opt("where", "arrayOrScalar", true),
          ],
          kw: [],
        },
        returns: "void",
        mutates: true,
        impl: (a: Args) => copyto(a.dst, a.src, a.casting, a.where),
      }],
    },
  }),
  copy: defineOp({
    name: "copy",
    doc: "A copy (np.copy: in the array's own memory order by default; torch.clone: its memory format).",
    np: {
      names: ["copy"],
      overloads: [{
        sig: { pos: [req("a", "array"), ORDER("K")], kw: [] },
        impl: (a: Args) => copyWithStrides(a.a, npOrderStrides(a.a.layout, a.order)),
      }],
    },
    torch: {
      names: ["clone"],
      methods: ["clone"],
      overloads: [{
        sig: { pos: [INPUT], kw: [MEMORY_FORMAT] },
        impl: (a: Args) => copyWithStrides(a.input, torchFormatStrides(a.input.layout, a.memoryFormat ?? PRESERVE)),
      }],
    },
  }),
  copyMethod: defineOp({
    name: "copyMethod",
    doc: "A copy (ndarray.copy: C order by default).",
    np: {
      names: [],
      methods: ["copy"],
      overloads: [{
        sig: { pos: [req("a", "array"), ORDER("C")], kw: [] },
        impl: (a: Args) => copyWithStrides(a.a, npOrderStrides(a.a.layout, a.order)),
      }],
    },
  }),
  contiguous: defineOp({
    name: "contiguous",
    doc: "The tensor itself when contiguous in the memory format (C order by default), else a copy that is.",
    torch: {
      names: [],
      methods: ["contiguous"],
      overloads: [{
        sig: { pos: [INPUT], kw: [MEMORY_FORMAT] },
        impl: (a: Args) => {
          const x: Operand = a.input, fmt: MemoryFormat = a.memoryFormat ?? "contiguousFormat";
          if (isContiguousIn(x.layout, fmt)) return x;
          if (fmt === PRESERVE) {
            throw new RuntimeError("preserve memory format is unsupported by the contiguous operator");
          }
          return copyWithStrides(x, torchFormatStrides(x.layout, fmt));
        },
      }],
    },
  }),
  to: defineOp({
    name: "to",
    doc: "A tensor with another dtype and/or device (the tensor itself when nothing changes).",
    torch: {
      names: [],
      methods: ["to"],
      overloads: [
        {
          sig: {
            pos: [INPUT, req("dtype", "dtype")],
            kw: [opt("nonBlocking", "bool", false), opt("copy", "bool", false), MEMORY_FORMAT],
          },
          impl: (a: Args) => convert(a.input, a.dtype, null, a.copy, a.memoryFormat),
        },
        {
          sig: {
            pos: [INPUT, req("device", "device"), opt("dtype", "dtype", null)],
            kw: [opt("nonBlocking", "bool", false), opt("copy", "bool", false), MEMORY_FORMAT],
          },
          impl: (a: Args) => convert(a.input, a.dtype, deviceKey(a.device), a.copy, a.memoryFormat, a.nonBlocking),
        },
        {
          sig: {
            // PyTorch's Tensor.to calls it tensor
            pos: [INPUT, req("other", "array", { aliases: ["tensor"] })],
            kw: [opt("nonBlocking", "bool", false), opt("copy", "bool", false), MEMORY_FORMAT],
          },
          impl: (a: Args) => convert(a.input, a.other.storage.dtype, a.other.storage.device, a.copy, a.memoryFormat),
        },
        {
          sig: {
            pos: [INPUT],
            kw: [
              opt("dtype", "dtype", null),
              opt("device", "device", null),
              opt("nonBlocking", "bool", false),
              opt("copy", "bool", false),
              MEMORY_FORMAT,
            ],
          },
          impl: (a: Args) =>
            convert(
              a.input,
              a.dtype,
              a.device === null ? null : deviceKey(a.device),
              a.copy,
              a.memoryFormat,
              a.nonBlocking,
            ),
        },
      ],
    },
  }),
  float: dtypeShorthand("float", "float32"),
  double: dtypeShorthand("double", "float64"),
  long: dtypeShorthand("long", "int64"),
  int: dtypeShorthand("int", "int32"),
  byte: dtypeShorthand("byte", "uint8"),
  bool: dtypeShorthand("bool", "bool"),
  cpu: defineOp({
    name: "cpu",
    doc: "A copy in CPU memory (the tensor itself when already there).",
    torch: {
      names: [],
      methods: ["cpu"],
      overloads: [{ sig: { pos: [INPUT], kw: [] }, id: "to", impl: (a: Args) => convert(a.input, null, "cpu", false) }],
    },
  }),
  cuda: defineOp({
    name: "cuda",
    doc: "A copy on a GPU (cuda:0 by default).",
    torch: {
      names: [],
      methods: ["cuda"],
      overloads: [{
        sig: { pos: [INPUT, opt("device", "any", null)], kw: [opt("nonBlocking", "bool", false)] },
        id: "to",
        impl: (a: Args) =>
          convert(
            a.input,
            null,
            typeof a.device === "number" ? `cuda:${a.device}` : deviceKey(a.device ?? "cuda"),
            false,
            null,
            a.nonBlocking,
          ),
      }],
    },
  }),
  item: defineOp({
    name: "item",
    doc: "One element as a JS value (number, or bigint for int64 beyond 2^53; boolean for bool).",
    np: {
      names: [],
      methods: ["item"],
      overloads: [{
        sig: { pos: [req("a", "array"), opt("index", "ints", null, { varargs: true })], kw: [] },
        returns: "scalar",
        impl: (a: Args) => item(a.a, a.index === null ? [] : typeof a.index === "number" ? [a.index] : a.index, "np"),
      }],
    },
    torch: {
      names: [],
      methods: ["item"],
      overloads: [{ sig: { pos: [INPUT], kw: [] }, returns: "scalar", impl: (a: Args) => item(a.input, [], "torch") }],
    },
  }),
  tolist: defineOp({
    name: "tolist",
    doc: "The elements as nested JS arrays (a scalar for 0-d).",
    np: {
      names: [],
      methods: ["tolist"],
      overloads: [{ sig: { pos: [req("a", "array")], kw: [] }, returns: "any", impl: (a: Args) => toNested(a.a) }],
    },
    torch: {
      names: [],
      methods: ["tolist"],
      overloads: [{ sig: { pos: [INPUT], kw: [] }, returns: "any", impl: (a: Args) => toNested(a.input) }],
    },
  }),
  fill: defineOp({
    name: "fill",
    doc: "Sets every element to a value, in place.",
    np: {
      names: [],
      methods: ["fill"],
      overloads: [{
        sig: { pos: [req("a", "array"), req("value", "scalar")], kw: [] },
        returns: "self",
        impl: (a: Args) => fill(a.a, a.value),
      }],
    },
    torch: {
      names: [],
      methods: ["fill_"],
      overloads: [{
        sig: { pos: [INPUT, req("value", "arrayOrScalar")], kw: [] },
        returns: "self",
        mutates: true,
        impl: (a: Args) => {
          if (!isScalar(a.value) && (a.value as Operand).layout.ndim !== 0) {
            throw new RuntimeError(
              `fill_ only supports 0-dimension value tensor but got tensor with ${a.value.layout.ndim} dimensions.`,
            );
          }
          const x: Operand = eachOnce(a.input);
          fill(x, isScalar(a.value) ? torchElement(a.value, x.storage.dtype) : a.value);
        },
      }],
    },
  }),
  zero: defineOp({
    name: "zero",
    doc: "Sets every element to zero, in place.",
    torch: {
      names: [],
      methods: ["zero_"],
      overloads: [{
        sig: { pos: [INPUT], kw: [] },
        returns: "self",
        mutates: true,
        impl: (a: Args) => fill(eachOnce(a.input), 0),
      }],
    },
  }),
  round: defineOp({
    name: "round",
    doc: "Rounds half to even at `decimals` digits.",
    np: {
      names: ["round", "around"],
      methods: ["round"],
      overloads: [{
        sig: { pos: [req("a", "array"), opt("decimals", "int", 0), opt("out", "out", null)], kw: [] },
        impl: (a: Args) => {
          const x: Operand = a.a;
          // NumPy's out rule: its integers copy (array data), its floats go through rint or multiply (a ufunc)
          const check = isFloat(x.storage.dtype) ? npUfuncOut(a.decimals === 0 ? "rint" : "multiply") : npDataOut;
          if (a.out && x.storage.dtype !== "bool") check(x.storage.dtype, a.out.storage.dtype);
          if (x.storage.dtype !== "bool") return roundOp(x, a.decimals, a.out);
          // NumPy rounds bools in its smallest float (float16, float32 here) and cannot cast a scaled result back
          if (a.decimals !== 0) {
            throw new TypeError(
              "Cannot cast ufunc 'multiply' output from dtype('float64') to dtype('bool') with casting rule 'same_kind'",
            );
          }
          return roundOp(castTo(x, "float32"), 0, a.out);
        },
      }],
    },
    torch: {
      names: ["round"],
      methods: ["round"],
      inplace: ["round_"],
      overloads: [{
        sig: { pos: [INPUT], kw: [opt("decimals", "int", 0), opt("out", "out", null)] },
        impl: (a: Args) => {
          const d = (a.input as Operand).storage.dtype;
          if (d === "bool") throw new RuntimeError(`"round_vml_cpu" not implemented for 'Bool'`);
          if (!isFloat(d) && a.decimals !== 0) {
            throw new RuntimeError(`"round_cpu" not implemented for '${TORCH_TYPE_NAME[d]}'`);
          }
          if (a.out) checkFoundDtype(a.input.storage.dtype, a.out.storage.dtype);
          return roundOp(a.input, a.decimals, a.out);
        },
      }],
    },
  }),
  frac: defineOp({
    name: "frac",
    doc: "x - trunc(x).",
    torch: {
      names: ["frac"],
      methods: ["frac"],
      inplace: ["frac_"],
      overloads: [{
        sig: { pos: [INPUT], kw: [opt("out", "out", null)] },
        impl: (a: Args) => {
          const x: Operand = a.input;
          if (!isFloat(x.storage.dtype)) throw new RuntimeError(`"frac_cpu" not implemented for '${x.storage.dtype}'`);
          if (a.out) checkFoundDtype(x.storage.dtype, a.out.storage.dtype);
          return U.subtract(x, U.trunc(x), a.out ?? undefined);
        },
      }],
    },
  }),
  isclose: defineOp({
    name: "isclose",
    doc: "Element-wise |a - b| <= atol + rtol * |b|.",
    np: {
      names: ["isclose"],
      overloads: [{
        sig: { pos: [req("a", "arrayOrScalar"), req("b", "arrayOrScalar"), ...CLOSE_KW], kw: [] },
        impl: (a: Args) => isclose(a.a, a.b, a.rtol, a.atol, a.equalNan),
      }],
    },
    torch: {
      names: ["isclose"],
      methods: ["isclose"],
      overloads: [{
        sig: { pos: [INPUT, req("other", "array"), ...CLOSE_KW], kw: [] },
        impl: (a: Args) => isclose(a.input, sameDtype(a.input, a.other), a.rtol, a.atol, a.equalNan),
      }],
    },
  }),
  allclose: defineOp({
    name: "allclose",
    doc: "Whether every element is close.",
    np: {
      names: ["allclose"],
      overloads: [{
        sig: { pos: [req("a", "arrayOrScalar"), req("b", "arrayOrScalar"), ...CLOSE_KW], kw: [] },
        returns: "bool",
        impl: (a: Args) => allTrue(isclose(a.a, a.b, a.rtol, a.atol, a.equalNan)),
      }],
    },
    torch: {
      names: ["allclose"],
      methods: ["allclose"],
      overloads: [{
        sig: { pos: [INPUT, req("other", "array"), ...CLOSE_KW], kw: [] },
        returns: "bool",
        impl: (a: Args) => allTrue(isclose(a.input, sameDtype(a.input, a.other), a.rtol, a.atol, a.equalNan)),
      }],
    },
  }),
  arrayEqual: defineOp({
    name: "arrayEqual",
    doc: "Whether two arrays have the same shape and elements.",
    np: {
      names: ["arrayEqual"],
      overloads: [{
        sig: { pos: [req("a1", "array"), req("a2", "array"), opt("equalNan", "bool", false)], kw: [] },
        returns: "bool",
        impl: (a: Args) => arrayEqual(a.a1, a.a2, a.equalNan),
      }],
    },
    torch: {
      names: ["equal"],
      methods: ["equal"],
      overloads: [{
        sig: { pos: [INPUT, req("other", "array")], kw: [] },
        returns: "bool",
        impl: (a: Args) => a.input.storage.dtype === a.other.storage.dtype && arrayEqual(a.input, a.other, false),
      }],
    },
  }),
  cov: defineOp({
    name: "cov",
    doc: "Covariance matrix of variables in rows (columns with rowvar false).",
    np: {
      names: ["cov"],
      overloads: [{
        sig: {
          pos: [
            req("m", "array"),
            opt("y", "array", null),
            opt("rowvar", "bool", true),
            opt("bias", "bool", false),
            opt("ddof", "int", null),
          ],
          kw: [opt("dtype", "dtype", null)],
        },
        impl: (a: Args) => cov(a.m, a.y, a.rowvar, a.bias, a.ddof),
      }],
    },
    torch: {
      names: ["cov"],
      methods: ["cov"],
      overloads: [{
        sig: {
          pos: [INPUT],
          kw: [opt("correction", "int", 1), opt("fweights", "array", null), opt("aweights", "array", null)],
        },
        composite: true,
        impl: (a: Args, ctx: Ctx) => torchCov(a.input, a.correction, a.fweights, a.aweights, ctx),
      }],
    },
  }),
  corrcoef: defineOp({
    name: "corrcoef",
    doc: "Pearson correlation coefficients.",
    np: {
      names: ["corrcoef"],
      overloads: [{
        sig: {
          pos: [req("x", "array"), opt("y", "array", null), opt("rowvar", "bool", true)],
          kw: [opt("dtype", "dtype", null)],
        },
        impl: (a: Args) => corrcoef(a.x, a.y, a.rowvar),
      }],
    },
    torch: {
      names: ["corrcoef"],
      methods: ["corrcoef"],
      overloads: [{
        sig: { pos: [INPUT], kw: [] },
        composite: true,
        impl: (a: Args, ctx: Ctx) => {
          const c = torchCov(a.input, 1, null, null, ctx, "corrcoef");
          if (c.ndim === 0) return c.div(c);
          const sd = c.diagonal().sqrt();
          return c.div(sd.view(-1, 1)).div(sd.view(1, -1)).clip(-1, 1);
        },
      }],
    },
  }),
  size: defineOp({
    name: "size",
    doc: "The shape, or the size of one dim.",
    torch: {
      names: [],
      methods: ["size"],
      overloads: [
        { sig: { pos: [INPUT], kw: [] }, returns: "any", impl: (a: Args) => [...(a.input as Operand).layout.shape] },
        {
          sig: { pos: [INPUT, req("dim", "int")], kw: [] },
          returns: "number",
          impl: (a: Args) => (a.input as Operand).layout.shape[normalizeAxis("size", a.dim, a.input.layout.ndim)],
        },
      ],
    },
  }),
  stride: defineOp({
    name: "stride",
    doc: "The strides in elements, or one dim's.",
    torch: {
      names: [],
      methods: ["stride"],
      overloads: [
        { sig: { pos: [INPUT], kw: [] }, returns: "any", impl: (a: Args) => [...(a.input as Operand).layout.strides] },
        {
          sig: { pos: [INPUT, req("dim", "int")], kw: [] },
          returns: "number",
          impl: (a: Args) => (a.input as Operand).layout.strides[normalizeAxis("stride", a.dim, a.input.layout.ndim)],
        },
      ],
    },
  }),
  storageOffset: metadata(
    "storageOffset",
    [],
    ["storageOffset"],
    "The first element's offset in the storage, in elements.",
    (x) => x.layout.offset,
    "number",
  ),
  dim: metadata("dim", [], ["dim", "ndimension"], "The number of dims.", (x) => x.layout.ndim, "number"),
  numel: metadata("numel", ["numel"], ["numel", "nelement"], "The number of elements.", (x) => x.layout.size, "number"),
  elementSize: metadata(
    "elementSize",
    [],
    ["elementSize"],
    "Bytes per element.",
    (x) => DTYPES[x.storage.dtype].itemsize,
    "number",
  ),
  isFloatingPoint: metadata(
    "isFloatingPoint",
    ["isFloatingPoint"],
    ["isFloatingPoint"],
    "Whether the dtype is a float dtype.",
    (x) => isFloat(x.storage.dtype),
    "bool",
  ),
  promoteTypesNp: defineOp({
    name: "promoteTypesNp",
    doc: "np.promote_types: the smallest dtype both dtypes convert to safely.",
    np: {
      names: ["promoteTypes"],
      overloads: [{
        sig: { pos: [req("type1", "dtype"), req("type2", "dtype")], kw: [] },
        returns: "string",
        impl: (a: Args) => promoteTypes(a.type1, a.type2),
      }],
    },
  }),
  resultTypeNp: defineOp({
    name: "resultTypeNp",
    doc: "np.result_type: the dtype of an op on arrays, dtypes and JS numbers (weak scalars, NEP 50).",
    np: {
      names: ["resultType"],
      overloads: [{
        sig: { pos: [req("arraysAndDtypes", "any", { varargs: true })], kw: [] },
        returns: "string",
        impl: (a: Args) => npResultType(a.arraysAndDtypes),
      }],
    },
  }),
  isContiguous: defineOp({
    name: "isContiguous",
    doc: "Whether the layout is contiguous in the memory format (C order by default).",
    torch: {
      names: [],
      methods: ["isContiguous"],
      overloads: [{
        sig: { pos: [INPUT], kw: [MEMORY_FORMAT] },
        returns: "bool",
        impl: (a: Args) => isContiguousIn((a.input as Operand).layout, a.memoryFormat ?? "contiguousFormat"),
      }],
    },
  }),
};

/**
 * torch.cov, as ATen computes it (variables in rows, observations in
 * columns; fweights and aweights multiply), written with tensor ops so that
 * autograd records it. `T` is the torch Tensor (api/ops cannot import it).
 */
// deno-lint-ignore no-explicit-any
function torchCov(x: any, correction: number, fw: any, aw: any, ctx: Ctx, op = "cov"): any {
  if (x.ndim > 2) {
    throw new RuntimeError(
      `${op}(): expected input to have two or fewer dimensions but got an input with ${x.ndim} dimensions`,
    );
  }
  if (x.dtype === "bool") throw new RuntimeError(`${op}(): bool dtype is not supported for input`);
  let m = x.ndim < 2 ? x.reshape(1, -1) : x;
  if (!isFloat(m.dtype)) m = m.to(ctx.defaultFloat);
  const n = m.shape[1];
  for (const [w, name] of [[fw, "fweights"], [aw, "aweights"]] as const) {
    if (w === null) continue;
    if (w.ndim > 1) throw new RuntimeError(`cov(): expected ${name} to have one or fewer dimensions`);
    if (w.numel() !== n) {
      throw new RuntimeError(`cov(): expected ${name} to have the same numel as there are observations in the input`);
    }
    if (name === "fweights" && isFloat(w.dtype)) {
      throw new RuntimeError("cov(): expected fweights to have integral dtype");
    }
    if (name === "aweights" && !isFloat(w.dtype)) {
      throw new RuntimeError("cov(): expected aweights to have floating point dtype");
    }
  }
  const w = fw === null ? aw : aw === null ? fw : fw.mul(aw);
  const wsum = w === null ? n : w.sum();
  if (w !== null && !(+wsum !== 0)) throw new RuntimeError("cov(): weights sum to zero, can't be normalized");
  const avg = (w === null ? m : m.mul(w)).sum(1).div(wsum);
  let norm = w !== null && aw !== null && correction !== 0
    ? wsum.sub(w.mul(aw).sum().mul(correction).div(wsum))
    : w === null
    ? n - correction
    : wsum.sub(correction);
  if (+norm <= 0) norm = 0;
  const d = m.sub(avg.unsqueeze(1));
  return d.mm((w === null ? d : d.mul(w)).t()).div(norm).squeeze();
}

/** NumPy 2's result_type: arrays and dtype names are strong, JS numbers weak; anything else is a TypeError. */
function npResultType(xs: readonly unknown[]): DType {
  if (xs.length === 0) throw new TypeError("result_type(): at least one array or dtype is required");
  const arrays: DType[] = [], scalars: ScalarKind[] = [];
  for (const x of xs) {
    if (isScalar(x)) scalars.push(scalarKind(x));
    else if (typeof x === "string") arrays.push(toDType(x, "result_type()"));
    else {
      const o = asOperand(x) ??
        (Array.isArray(x) || ArrayBuffer.isView(x) ? toOperand("result_type", x as ArrayData) : undefined);
      if (!o) throw new TypeError(`result_type(): expected arrays, dtypes or numbers, not ${typeof x}`);
      arrays.push(o.storage.dtype);
    }
  }
  return resultType(arrays, scalars);
}

/** A tensor fact read off its layout or dtype (`t.dim()`, `torch.numel(t)`): no arguments besides the tensor. */
function metadata<
  const N extends string,
  const F extends string,
  const M extends string,
  const R extends "number" | "bool",
>(
  name: N,
  names: readonly F[],
  methods: readonly M[],
  doc: string,
  read: (x: Operand) => number | boolean,
  returns: R,
) {
  return defineOp({
    name,
    doc,
    torch: {
      names,
      methods,
      overloads: [{ sig: { pos: [INPUT], kw: [] }, returns, impl: (a: Args) => read(a.input) }],
    },
  });
}

function allTrue(x: Operand): boolean {
  return fromElement(R.all(x, null, false).storage, 0) as boolean;
}

/**
 * `to`: converted to dtype and/or moved to a device, and laid out in a memory format; the input itself when none
 * of these changes it (unless copy). A copy keeps the input's layout unless a format is asked for (PyTorch's
 * preserve_format).
 */
export function convert(
  x: Operand,
  dtype: DType | null,
  device: string | null,
  copy: boolean,
  fmt: MemoryFormat | null = null,
  nonBlocking = false,
): Operand {
  const r = device === null ? x : toDevice(x, device, nonBlocking);
  const relayout = fmt !== null && fmt !== PRESERVE && !isContiguousIn(r.layout, fmt);
  if (!relayout && (dtype === null || dtype === r.storage.dtype) && !(r === x && copy)) return r;
  // (a format asked for lays out any copy, even of a tensor already contiguous in it)
  return copyWithStrides(r, torchFormatStrides(r.layout, fmt ?? PRESERVE), dtype ?? r.storage.dtype);
}

function dtypeShorthand<const N extends string>(name: N, dtype: DType) {
  return defineOp({
    name,
    doc: `The tensor as ${dtype} (itself when it already is).`,
    torch: {
      names: [],
      methods: [name],
      overloads: [{
        sig: { pos: [INPUT], kw: [MEMORY_FORMAT] },
        id: "to",
        impl: (a: Args) => convert(a.input, dtype, null, false, a.memoryFormat),
      }],
    },
  });
}

export type { Ctx };
