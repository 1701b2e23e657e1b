/**
 * Element-wise math beyond the ufunc tables: nan_to_num, divmod, heaviside,
 * sinc, ldexp, frexp, gcd, lcm and nextafter for both front-ends (the
 * kernels are in kernels/include/ops.h; here are each library's dtype
 * rules and errors around them), and torch's logcumsumexp, cummax and
 * cummin (scans in JS over host memory, PyTorch's CPU loops).
 */
import { canCastSafely, CPP_TYPE_NAME, type DType, isFloat, TORCH_TYPE_NAME, torchCanCast } from "../../core/dtype.ts";
import { RuntimeError } from "../../core/errors.ts";
import { torchDim } from "../../core/shape.ts";
import type { BinaryFn } from "../../ops/elementwise.ts";
import { where as whereOp } from "../../ops/elementwise.ts";
import { castTo, contiguous, empty, onHost, scalarOperand, toDevice } from "../../ops/operand.ts";
import * as U from "../../ops/ufuncs.ts";
import { type Args, type Ctx, defineOp } from "../define.ts";
import { opt, req } from "../signature.ts";
import { deviceOf, floatOf, isScalar, type Operand, operandOf, promote, type Scalar, torchSameOut } from "./common.ts";
import { checkIntsOnly, NP_BINARY, npBinary, TORCH_TENSORS, torchBinary, torchUnary } from "./elementwise.ts";
import { intoOut } from "./reduce.ts";

const FLOAT32_MAX = 3.4028234663852886e38;

/** NaN, +inf and -inf replaced (by default 0 and the dtype's largest and lowest); other dtypes copied. */
function nanToNum(x: Operand, nan: number, posinf: number | null, neginf: number | null): Operand {
  const d = x.storage.dtype;
  if (!isFloat(d)) return contiguous(x, true);
  const big = d === "float32" ? FLOAT32_MAX : Number.MAX_VALUE;
  const s = (v: number) => scalarOperand(v, d, x.storage.device);
  const inf = whereOp(U.equal(x, Infinity), s(posinf ?? big), whereOp(U.equal(x, -Infinity), s(neginf ?? -big), x));
  return whereOp(U.isnan(x), s(nan), inf);
}

/** The float loop NumPy's float-only ufuncs pick for an input dtype (float16's inputs take float32 here). */
export const npFloatLoop = (d: DType): DType => isFloat(d) ? d : canCastSafely(d, "float32") ? "float32" : "float64";

export const npNoLoop = (ufunc: string) =>
  new TypeError(
    `ufunc '${ufunc}' not supported for the input types, and the inputs could not be safely coerced to any supported types according to the casting rule ''safe''`,
  );

/** np.heaviside: a float ufunc (integers compute in float). */
function npHeaviside(a: Args, ctx: Ctx): Operand {
  if (a.dtype && !isFloat(a.dtype)) throw npNoLoop("heaviside");
  const l = a.dtype ?? npFloatLoop(promote(ctx, a.x1, a.x2)), dev = deviceOf(a.x1, a.x2);
  return U.heaviside(operandOf(a.x1, l, dev), operandOf(a.x2, l, dev), a.out ?? undefined);
}

/** Whether a value is of NumPy's integer kinds (bool included): ldexp's exponent. */
const isIntLike = (v: Operand | Scalar) =>
  isScalar(v) ? typeof v !== "number" || Number.isInteger(v) : !isFloat(v.storage.dtype);

/** np.ldexp: x1 * 2 ** x2 in x1's float dtype, x2 of an integer kind. */
function npLdexp(a: Args): Operand {
  const x1: Operand | Scalar = a.x1, x2: Operand | Scalar = a.x2;
  if (!isIntLike(x2) || (a.dtype && !isFloat(a.dtype))) throw npNoLoop("ldexp");
  if (a.dtype && !isScalar(x1) && !canCastSafely(x1.storage.dtype, a.dtype)) {
    throw new TypeError("No loop matching the specified signature and casting was found for ufunc ldexp");
  }
  const l = a.dtype ?? (isScalar(x1) ? "float64" : npFloatLoop(x1.storage.dtype)), dev = deviceOf(x1, x2);
  return U.ldexp(operandOf(x1, l, dev), operandOf(x2, l, dev), a.out ?? undefined);
}

/**
 * torch.ldexp as PyTorch 2.13's: a float input with an integer exponent scales exactly (C's ldexp; a bool
 * exponent has no kernel), anything else is input * pow(2, other), the power in the exponent's float dtype.
 */
function torchLdexp(a: Args, ctx: Ctx): Operand {
  const x: Operand = a.input, e: Operand = a.other, ed = e.storage.dtype, out: Operand | null = a.out;
  let r: Operand;
  if (isFloat(x.storage.dtype) && !isFloat(ed)) {
    if (ed === "bool") throw new RuntimeError(`"ldexp_cpu_exp" not implemented for 'Bool'`);
    const dt = promote(ctx, x, e);
    // PyTorch takes the exponent as a C int (int64 exponents wrap)
    r = U.ldexp(castTo(x, dt), castTo(castTo(e, "int32"), dt));
  } else {
    r = torchBinary(U.multiply, "promote", x, U.exp2(castTo(e, floatOf(ctx, ed))), ctx);
  }
  if (out && !torchCanCast(r.storage.dtype, out.storage.dtype)) {
    throw new RuntimeError(`ldexp can't be cast to the desired output type ${TORCH_TYPE_NAME[out.storage.dtype]}`);
  }
  return intoOut(r, out, "ldexp");
}

/** PyTorch's heaviside: NaN input gives 0 (NumPy's keeps NaN). */
const torchHeaviside: BinaryFn = (x, v, out) => {
  const h = U.heaviside(x, v);
  return intoOut(isScalar(x) || !isFloat(h.storage.dtype) ? h : whereOp(U.isnan(x), 0, h), out, "heaviside");
};

/** The mantissa in [0.5, 1) and the int32 exponent of x (NumPy's float loops; 0, inf and NaN keep exponent 0). */
function frexp(x: Operand): [Operand, Operand] {
  return [U.frexpMantissa(x), castTo(U.frexpExponent(x), "int32")];
}

/** PyTorch's integer-only kernels (gcd, lcm): its error for floats and bool. */
function torchIntsOnly(kernel: BinaryFn, name: string) {
  return (a: Args, ctx: Ctx): Operand => {
    checkIntsOnly(ctx, a.input, a.other, `${name}_cpu`);
    return torchBinary(kernel, "promote", a.input, a.other, ctx, a.out);
  };
}

/** NumPy's integer-only ufuncs (gcd, lcm): bool has no loop either. */
function npIntsOnly(kernel: BinaryFn, name: string) {
  const run = npBinary(kernel);
  return (a: Args, ctx: Ctx): Operand => {
    if ((a.dtype ?? promote(ctx, a.x1, a.x2)) === "bool") {
      throw new TypeError(`ufunc '${name}' did not contain a loop with signature matching types (dtype bool)`);
    }
    return run(a);
  };
}

/** PyTorch's lcm is |a / gcd * b| after the wrap, NumPy's |a| / gcd * |b|: they differ by a sign on overflow. */
const torchLcm: BinaryFn = (a, b, out) => U.abs(U.lcm(a, b), out);

/** Elements of a host typed array (bigints for int64). */
type Lane = { [i: number]: number | bigint };

/**
 * Runs `fill` over every lane of x along dim (each `n` consecutive elements of a C-order host copy with dim
 * swapped last; a 0-d x is one lane of one) into new arrays of `dtypes`, laid out like x on its device.
 */
function lanes(
  x: Operand,
  dim: number,
  dtypes: DType[],
  fill: (src: Lane, outs: Lane[], base: number, n: number) => void,
) {
  const nd = x.layout.ndim, last = Math.max(nd - 1, 0);
  const swap = (o: Operand): Operand => nd ? { storage: o.storage, layout: o.layout.swap("scan", dim, last) } : o;
  const c = contiguous(onHost(swap(x)), true), shape = c.layout.shape, n = nd ? shape[last] : 1;
  const outs = dtypes.map((d) => empty(shape, d));
  const src = c.storage.data.subarray(c.layout.offset) as Lane, dst = outs.map((o) => o.storage.data as Lane);
  for (let base = 0; n && base < c.layout.size; base += n) fill(src, dst, base, n);
  return outs.map((o) => toDevice(contiguous(swap(o), true), x.storage.device));
}

/** PyTorch's check of an `out` that must have the result's dtype ("expected scalar_type Float but found Double"). */
const scalarTypeOut = torchSameOut((want, got) =>
  `expected scalar_type ${TORCH_TYPE_NAME[want]} but found ${TORCH_TYPE_NAME[got]}`
);

/**
 * torch.cummax / cummin: the running max (min) and the index it was last taken at: ties move the index on
 * (>=, <=), a NaN wins and each later NaN takes the index, as PyTorch's loop.
 */
function cumExtreme(max: boolean) {
  return (a: Args): Operand[] => {
    const x: Operand = a.input;
    const dim = torchDim(a.dim, x.layout.ndim);
    return lanes(x, dim, [x.storage.dtype, "int64"], (src, [vals, idx], base, n) => {
      let best = src[base], at = 0;
      for (let k = 0; k < n; k++) {
        const e = src[base + k];
        if (e !== e || (best === best && (max ? e >= best : e <= best))) {
          best = e;
          at = k;
        }
        vals[base + k] = best;
        idx[base + k] = BigInt(at);
      }
    });
  };
}

/** log(exp(acc) + exp(x)) as PyTorch's _log_add_exp_helper (in double): infinities of one sign stay. */
function logAddExp(x: number, acc: number): number {
  const lo = Number.isNaN(acc) ? acc : Math.min(x, acc), hi = Number.isNaN(acc) ? acc : Math.max(x, acc);
  return lo !== hi || Number.isFinite(lo) ? hi + Math.log1p(Math.exp(lo - hi)) : x;
}

/** torch.logcumsumexp: floats only, accumulated in double. */
function logcumsumexp(a: Args): Operand {
  const x: Operand = a.input, d = x.storage.dtype, out: Operand | null = a.out;
  const dim = torchDim(a.dim, x.layout.ndim);
  if (!isFloat(d)) throw new RuntimeError(`"logcumsumexp_out_cpu" not implemented for '${TORCH_TYPE_NAME[d]}'`);
  if (out) scalarTypeOut(d, out.storage.dtype);
  const [r] = lanes(x, dim, [d], (src, [dst], base, n) => {
    let acc = -Infinity;
    for (let k = 0; k < n; k++) dst[base + k] = acc = logAddExp(src[base + k] as number, acc);
  });
  return intoOut(r, out, "logcumsumexp");
}

/** The ops. */
export const MATH_EXTRA = {
  nanToNum: defineOp({
    name: "nanToNum",
    doc:
      "NaN, +inf and -inf replaced by nan (0), posinf and neginf (the dtype's largest and lowest); ints as they are.",
    np: {
      names: ["nanToNum"],
      overloads: [{
        sig: {
          pos: [
            req("x", "array"),
            opt("copy", "bool", true),
            opt("nan", "number", 0),
            opt("posinf", "number", null),
            opt("neginf", "number", null),
          ],
          kw: [],
        },
        impl: (a: Args) => {
          const r = nanToNum(a.x, a.nan, a.posinf, a.neginf);
          return a.copy ? r : intoOut(r, a.x, "nan_to_num");
        },
      }],
    },
    torch: {
      names: ["nanToNum"],
      methods: ["nanToNum"],
      inplace: ["nanToNum_"],
      overloads: [{
        sig: {
          pos: [
            req("input", "array"),
            opt("nan", "number", 0),
            opt("posinf", "number", null),
            opt("neginf", "number", null),
          ],
          kw: [opt("out", "out", null)],
        },
        impl: (a: Args) => {
          const d: DType = a.input.storage.dtype, o: Operand | null = a.out;
          if (o && o.storage.dtype !== d) {
            throw new RuntimeError(
              `nan_to_num: dtype of out: ${TORCH_TYPE_NAME[o.storage.dtype]} should be same as input: ${
                TORCH_TYPE_NAME[d]
              }`,
            );
          }
          return intoOut(nanToNum(a.input, a.nan, a.posinf, a.neginf), o, "nan_to_num");
        },
      }],
    },
  }),
  divmod: defineOp({
    name: "divmod",
    doc: "[floor_divide(x1, x2), remainder(x1, x2)] (out: a pair of arrays).",
    np: {
      names: ["divmod"],
      overloads: [{
        sig: {
          pos: [req("x1", "arrayOrScalar"), req("x2", "arrayOrScalar")],
          kw: [opt("out", "arrays", null), opt("dtype", "dtype", null)],
        },
        returns: "arrays",
        impl: (a: Args) => {
          const out: (Operand | null)[] = a.out ?? [null, null];
          if (out.length !== 2) {
            throw new RangeError("The 'out' tuple must have exactly 2 entries: one per ufunc output");
          }
          return [
            npBinary(U.floorDivide)({ ...a, out: out[0] }),
            npBinary(U.mod)({ ...a, out: out[1] }),
          ];
        },
      }],
    },
  }),
  heaviside: defineOp({
    name: "heaviside",
    doc: "0 where x1 < 0, 1 where x1 > 0, x2 where x1 is 0 (NaN stays NaN).",
    np: { names: ["heaviside"], overloads: [{ sig: NP_BINARY, impl: npHeaviside }] },
    torch: {
      names: ["heaviside"],
      methods: ["heaviside"],
      inplace: ["heaviside_"],
      overloads: [{
        sig: { pos: [req("input", "array"), req("values", "array")], kw: [opt("out", "out", null)] },
        impl: (a: Args, ctx: Ctx) => {
          const d = a.input.storage.dtype;
          if (a.values.storage.dtype !== d || (a.out && a.out.storage.dtype !== d)) {
            throw new RuntimeError("heaviside is not yet implemented for tensors with different dtypes.");
          }
          return torchBinary(torchHeaviside, "promote", a.input, a.values, ctx, a.out);
        },
      }],
    },
  }),
  sinc: defineOp({
    name: "sinc",
    doc: "sin(pi x) / (pi x), 1 at 0.",
    np: { names: ["sinc"], overloads: [{ sig: { pos: [req("x", "array")], kw: [] }, impl: (a: Args) => U.sinc(a.x) }] },
    torch: {
      names: ["sinc"],
      methods: ["sinc"],
      inplace: ["sinc_"],
      overloads: [{
        sig: { pos: [req("input", "array")], kw: [opt("out", "out", null)] },
        impl: torchUnary(U.sinc, "float"),
      }],
    },
  }),
  ldexp: defineOp({
    name: "ldexp",
    doc:
      "x1 * 2 ** x2 (np: x2 of an integer dtype, in x1's float dtype; torch: exact for a float input and integer other, else input * pow(2, other)).",
    np: { names: ["ldexp"], overloads: [{ sig: NP_BINARY, impl: npLdexp }] },
    torch: {
      names: ["ldexp"],
      methods: ["ldexp"],
      inplace: ["ldexp_"],
      overloads: [{
        sig: { pos: [req("input", "array"), req("other", "array")], kw: [opt("out", "out", null)] },
        impl: torchLdexp,
      }],
    },
  }),
  frexp: defineOp({
    name: "frexp",
    doc: "The mantissa (|m| in [0.5, 1)) and the int32 exponent e with x = m * 2 ** e.",
    np: {
      names: ["frexp"],
      overloads: [{
        sig: { pos: [req("x", "array")], kw: [opt("out", "arrays", null)] },
        returns: "arrays",
        impl: (a: Args) => {
          const [m, e] = frexp(a.x);
          if (!a.out) return [m, e];
          if (a.out.length !== 2) {
            throw new RangeError("The 'out' tuple must have exactly 2 entries: one per ufunc output");
          }
          return [U.frexpMantissa(a.x, a.out[0]), intoOut(e, a.out[1], "frexp")];
        },
      }],
    },
    torch: {
      names: ["frexp"],
      methods: ["frexp"],
      overloads: [{
        sig: { pos: [req("input", "array")], kw: [opt("out", "outs", null)] },
        returns: "values",
        // PyTorch's named tuple fields
        names: ["mantissa", "exponent"],
        // out=(mantissa, exponent) is written by the torch runner; the exponent is the int32 result
        outDtype: torchSameOut((want, got) =>
          want === "int32"
            ? `torch.frexp() expects exponent to have int dtype but got ${CPP_TYPE_NAME[got]}`
            : `torch.frexp() expects mantissa to have dtype ${CPP_TYPE_NAME[want]} but got ${CPP_TYPE_NAME[got]}`
        ),
        impl: (a: Args) => {
          const x: Operand = a.input;
          if (!isFloat(x.storage.dtype)) throw new RuntimeError("torch.frexp() only supports floating-point dtypes");
          return frexp(x);
        },
      }],
    },
  }),
  gcd: defineOp({
    name: "gcd",
    doc: "Greatest common divisor of |x1| and |x2| (integers only).",
    np: { names: ["gcd"], overloads: [{ sig: NP_BINARY, impl: npIntsOnly(U.gcd, "gcd") }] },
    torch: {
      names: ["gcd"],
      methods: ["gcd"],
      inplace: ["gcd_"],
      overloads: [{ sig: TORCH_TENSORS, impl: torchIntsOnly(U.gcd, "gcd") }],
    },
  }),
  lcm: defineOp({
    name: "lcm",
    doc: "Least common multiple of |x1| and |x2| (integers only; 0 when either is 0).",
    np: { names: ["lcm"], overloads: [{ sig: NP_BINARY, impl: npIntsOnly(U.lcm, "lcm") }] },
    torch: {
      names: ["lcm"],
      methods: ["lcm"],
      inplace: ["lcm_"],
      overloads: [{ sig: TORCH_TENSORS, impl: torchIntsOnly(torchLcm, "lcm") }],
    },
  }),
  nextafter: defineOp({
    name: "nextafter",
    doc: "The next float after x1 toward x2.",
    np: { names: ["nextafter"], overloads: [{ sig: NP_BINARY, impl: npBinary(U.nextafter) }] },
    torch: {
      names: ["nextafter"],
      methods: ["nextafter"],
      inplace: ["nextafter_"],
      overloads: [{
        sig: TORCH_TENSORS,
        impl: (a: Args, ctx: Ctx) => {
          const p = promote(ctx, a.input, a.other);
          if (!isFloat(p)) throw new RuntimeError(`"nextafter_cpu" not implemented for '${TORCH_TYPE_NAME[p]}'`);
          return torchBinary(U.nextafter, "promote", a.input, a.other, ctx, a.out);
        },
      }],
    },
  }),
  cummax: cumDecl("cummax", "The running maximum along dim and the index where it was (last) reached."),
  cummin: cumDecl("cummin", "The running minimum along dim and the index where it was (last) reached."),
  logcumsumexp: defineOp({
    name: "logcumsumexp",
    doc: "log(cumsum(exp(x))) along dim, computed without overflow.",
    torch: {
      names: ["logcumsumexp"],
      methods: ["logcumsumexp"],
      overloads: [{
        sig: { pos: [req("input", "array"), req("dim", "int")], kw: [opt("out", "out", null)] },
        impl: logcumsumexp,
      }],
    },
  }),
};

/** torch.cummax / cummin: (values, indices), as max(dim) returns them. */
function cumDecl<const N extends "cummax" | "cummin">(name: N, doc: string) {
  return defineOp({
    name,
    doc,
    torch: {
      names: [name],
      methods: [name],
      overloads: [{
        sig: { pos: [req("input", "array"), req("dim", "int")], kw: [opt("out", "outs", null)] },
        returns: "values",
        // out=(values, indices) is written by the torch runner, with this op's wording of PyTorch's dtype check
        outDtype: scalarTypeOut,
        impl: cumExtreme(name === "cummax"),
      }],
    },
  });
}
