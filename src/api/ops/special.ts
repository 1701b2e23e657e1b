/**
 * Special functions and bitwise shifts: torch's erfinv, digamma, polygamma,
 * i0, mvlgamma, igamma and igammac (functions, Tensor methods, in-place
 * twins), np.i0, the shifts of both libraries (np.leftShift / rightShift and
 * NumPy 2's bitwiseLeftShift / bitwiseRightShift aliases, torch's
 * bitwiseLeftShift / bitwiseRightShift) and np.bitwiseCount; SPECIAL_FNS
 * holds the functions only torch.special has (erfcx, i0e, i1, i1e, ndtr,
 * ndtri, logNdtr, entr, xlog1py, zeta), from which src/torch/special.ts
 * builds the namespace. The scalar algorithms are C (kernels/include/
 * special.h); here are each library's dtype rules and errors around them.
 */
import { type DType, isFloat } from "../../core/dtype.ts";
import { RuntimeError } from "../../core/errors.ts";
import type { BinaryFn, UnaryFn } from "../../ops/elementwise.ts";
import { castTo } from "../../ops/operand.ts";
import * as U from "../../ops/ufuncs.ts";
import { type Args, type Ctx, defineOp } from "../define.ts";
import { opt, req } from "../signature.ts";
import { floatOf, npUfuncOut, type Operand, promote, type Scalar, torchCastOut } from "./common.ts";
import {
  checkFloatsOnly,
  checkIntsOnly,
  NP_BINARY,
  NP_UNARY,
  npBinary,
  TORCH_BINARY,
  TORCH_TENSORS,
  TORCH_UNARY,
  torchBinary,
  torchUnary,
  unary,
} from "./elementwise.ts";
import { npNoLoop } from "./math_extra.ts";
import { intoOut } from "./reduce.ts";

/** A float op of one tensor that only torch.special has (no method). */
function specialUnary<const N extends string>(name: N, kernel: UnaryFn, doc: string) {
  return defineOp({
    name,
    doc,
    torch: { names: [name], overloads: [{ sig: TORCH_UNARY, impl: torchUnary(kernel, "float") }] },
  });
}

/** PyTorch's float-only binary kernels (igamma, igammac): its error for integer and bool operands. */
function torchFloatPair(kernel: BinaryFn, cpuName: string) {
  return (a: Args, ctx: Ctx): Operand => {
    checkFloatsOnly(ctx, a.input, a.other, cpuName);
    return torchBinary(kernel, "promote", a.input, a.other, ctx, a.out);
  };
}

/** torch.polygamma(n, input): n >= 0, integers in the default float. */
function polygamma(a: Args, ctx: Ctx): Operand {
  if (a.n < 0) throw new RuntimeError("polygamma(n, x) does not support negative n.");
  return torchBinary(U.polygamma, "float", a.n, a.input, ctx, a.out);
}

/**
 * torch.mvlgamma: sum_j lgamma(x - j / 2) over j < p plus p (p - 1) / 4 log(pi), the terms added in PyTorch's
 * order (its arange of -(p - 1) / 2 ... 0 added to x).
 */
function mvlgamma(a: Args, ctx: Ctx): Operand {
  const p: number = a.p;
  if (p < 1) throw new RuntimeError("p has to be greater than or equal to 1");
  const x: Operand = a.input, d = x.storage.dtype;
  if (d === "bool") throw new RuntimeError("The input tensor may not be a boolean tensor.");
  const xf = isFloat(d) ? x : castTo(x, floatOf(ctx, d));
  let acc: Operand | null = null;
  for (let j = p - 1; j >= 0; j--) {
    const t = U.lgamma(U.add(xf, -j / 2));
    acc = acc ? U.add(acc, t) : t;
  }
  return intoOut(U.add(acc!, (p * (p - 1) * Math.log(Math.PI)) / 4), a.out, "mvlgamma", torchCastOut);
}

/** np.i0 (a Python function, not a ufunc): floats keep their dtype, everything else computes in float64. */
function npI0(a: Args): Operand {
  const x: Operand = a.x;
  return U.i0(isFloat(x.storage.dtype) ? x : castTo(x, "float64"));
}

/**
 * NumPy's shift ufuncs: integer loops only. Bool operands take NumPy's int8 loop, uint8 here (dendrite has no
 * int8: the README's int8 -> uint8 rule).
 */
function npShift(kernel: BinaryFn, ufunc: string) {
  const run = npBinary(kernel);
  return (a: Args, ctx: Ctx): Operand => {
    if (isFloat(a.dtype ?? promote(ctx, a.x1, a.x2))) throw npNoLoop(ufunc);
    return run(a);
  };
}

/** A JS integer wrapped into an integer dtype, as PyTorch converts a wrapped number (-1 as uint8 is 255). */
function wrapInt(v: Operand | Scalar, d: DType): Operand | Scalar {
  if (typeof v !== "number") return v;
  if (d === "uint8") return ((v % 256) + 256) % 256;
  return d === "int32" ? v | 0 : v;
}

/** torch's shifts: integer dtypes only ("lshift_cpu" not implemented for 'Float' / 'Bool'). */
function torchShift(kernel: BinaryFn, cpuName: string) {
  return (a: Args, ctx: Ctx): Operand => {
    const p = checkIntsOnly(ctx, a.input, a.other, cpuName);
    return torchBinary(kernel, "promote", wrapInt(a.input, p), wrapInt(a.other, p), ctx, a.out);
  };
}

/** np.bitwise_count: the set bits of |x| as uint8 (integers and bool). */
function npBitwiseCount(a: Args): Operand {
  const x: Operand = a.x;
  if (isFloat(x.storage.dtype)) throw npNoLoop("bitwise_count");
  if (a.dtype && a.dtype !== "uint8") {
    throw new TypeError("No loop matching the specified signature and casting was found for ufunc bitwise_count");
  }
  return intoOut(castTo(U.bitwiseCount(x), "uint8"), a.out, "bitwise_count", npUfuncOut("bitwise_count"));
}

/** The Tensor methods torch.special.ndtr is written with (api cannot import torch's class). */
interface T extends Operand {
  readonly dtype: DType;
  to(dtype: DType): T;
  mul(o: number): T;
  add(o: number): T;
  erf(): T;
}

/** Shift declarations for both front-ends. */
function shiftDecl<const Np extends string, const Tn extends string>(
  name: Tn,
  np: readonly Np[],
  kernel: BinaryFn,
  ufunc: string,
  cpuName: string,
  doc: string,
) {
  return defineOp({
    name,
    doc,
    np: { names: np, overloads: [{ sig: NP_BINARY, impl: npShift(kernel, ufunc) }] },
    torch: {
      names: [name],
      methods: [name],
      inplace: [`${name}_` as `${Tn}_`],
      overloads: [{ sig: TORCH_BINARY, impl: torchShift(kernel, cpuName) }],
    },
  });
}

/** The ops with a face in np or torch (torch functions and Tensor methods). */
export const SPECIAL = {
  erfinv: unary("erfinv", {
    kernel: U.erfinv,
    torch: ["erfinv"],
    doc: "The inverse error function (±inf at ±1, NaN beyond).",
  }),
  digamma: unary("digamma", {
    kernel: U.digamma,
    torch: ["digamma"],
    doc: "The logarithmic derivative of the gamma function (poles at 0, -1, ...).",
  }),
  polygamma: defineOp({
    name: "polygamma",
    doc: "The n-th derivative of digamma at input.",
    torch: {
      names: ["polygamma"],
      overloads: [{
        sig: { pos: [req("n", "int"), req("input", "array")], kw: [opt("out", "out", null)] },
        impl: polygamma,
      }],
    },
  }),
  // the method's receiver is the input: x.polygamma(n) (PyTorch's Tensor.polygamma)
  polygammaMethod: defineOp({
    name: "polygammaMethod",
    doc: "x.polygamma(n): the n-th derivative of digamma at x.",
    torch: {
      names: [],
      methods: ["polygamma"],
      inplace: ["polygamma_"],
      overloads: [{ sig: { pos: [req("input", "array"), req("n", "int")], kw: [] }, impl: polygamma }],
    },
  }),
  i0: defineOp({
    name: "i0",
    doc: "The modified Bessel function of the first kind of order 0.",
    np: { names: ["i0"], overloads: [{ sig: { pos: [req("x", "array")], kw: [] }, impl: npI0 }] },
    torch: {
      names: ["i0"],
      methods: ["i0"],
      inplace: ["i0_"],
      overloads: [{ sig: TORCH_UNARY, impl: torchUnary(U.i0, "float") }],
    },
  }),
  mvlgamma: defineOp({
    name: "mvlgamma",
    doc: "The log of the multivariate gamma function of dimension p.",
    torch: {
      names: ["mvlgamma"],
      methods: ["mvlgamma"],
      inplace: ["mvlgamma_"],
      overloads: [{
        sig: { pos: [req("input", "array"), req("p", "int")], kw: [opt("out", "out", null)] },
        impl: mvlgamma,
      }],
    },
  }),
  igamma: defineOp({
    name: "igamma",
    doc: "The regularized lower incomplete gamma function P(input, other).",
    torch: {
      names: ["igamma"],
      methods: ["igamma"],
      inplace: ["igamma_"],
      overloads: [{ sig: TORCH_TENSORS, impl: torchFloatPair(U.igamma, "igamma_cpu") }],
    },
  }),
  igammac: defineOp({
    name: "igammac",
    doc: "The regularized upper incomplete gamma function Q(input, other) = 1 - P(input, other).",
    torch: {
      names: ["igammac"],
      methods: ["igammac"],
      inplace: ["igammac_"],
      overloads: [{ sig: TORCH_TENSORS, impl: torchFloatPair(U.igammac, "igammac_cpu") }],
    },
  }),
  bitwiseLeftShift: shiftDecl(
    "bitwiseLeftShift",
    ["leftShift", "bitwiseLeftShift"],
    U.leftShift,
    "left_shift",
    "lshift_cpu",
    "x1 << x2 for integers (0 once the count is negative or at least the bit width).",
  ),
  bitwiseRightShift: shiftDecl(
    "bitwiseRightShift",
    ["rightShift", "bitwiseRightShift"],
    U.rightShift,
    "right_shift",
    "rshift_cpu",
    "x1 >> x2 for integers, sign-filling (-1 or 0 once the count is negative or at least the bit width).",
  ),
  bitwiseCount: defineOp({
    name: "bitwiseCount",
    doc: "The number of 1-bits in |x| (uint8), for integers and bool.",
    np: { names: ["bitwiseCount"], overloads: [{ sig: NP_UNARY, impl: npBitwiseCount }] },
  }),
};

/** torch.special's own functions (no torch-level function or method in PyTorch). */
export const SPECIAL_FNS = {
  erfcx: specialUnary("erfcx", U.erfcx, "The scaled complementary error function exp(x²) erfc(x)."),
  i0e: specialUnary("i0e", U.i0e, "The exponentially scaled Bessel function i0(x) exp(-|x|)."),
  i1: specialUnary("i1", U.i1, "The modified Bessel function of the first kind of order 1."),
  i1e: specialUnary("i1e", U.i1e, "The exponentially scaled Bessel function i1(x) exp(-|x|)."),
  ndtri: specialUnary("ndtri", U.ndtri, "The standard normal quantile function (the inverse of ndtr)."),
  logNdtr: specialUnary("logNdtr", U.logNdtr, "The log of the standard normal CDF, accurate in the lower tail."),
  entr: specialUnary("entr", U.entr, "-x log x (0 at 0, -inf below 0)."),
  ndtr: defineOp({
    name: "ndtr",
    doc: "The standard normal CDF, (1 + erf(x / sqrt 2)) / 2 as PyTorch computes it.",
    torch: {
      names: ["ndtr"],
      overloads: [{
        sig: TORCH_UNARY,
        composite: true,
        impl: (a: Args, ctx: Ctx): T => {
          const x: T = a.input, xf = isFloat(x.dtype) ? x : x.to(floatOf(ctx, x.dtype));
          return xf.mul(Math.SQRT1_2).erf().add(1).mul(0.5);
        },
      }],
    },
  }),
  xlog1py: defineOp({
    name: "xlog1py",
    doc: "input * log1p(other), 0 where input is 0 (unless other is NaN).",
    torch: {
      names: ["xlog1py"],
      overloads: [{
        sig: TORCH_BINARY,
        impl: (a: Args, ctx: Ctx) => torchBinary(U.xlog1py, "float", a.input, a.other, ctx, a.out),
      }],
    },
  }),
  zeta: defineOp({
    name: "zeta",
    doc: "The Hurwitz zeta function sum over k >= 0 of (k + other) ** -input.",
    torch: {
      names: ["zeta"],
      overloads: [{
        sig: TORCH_BINARY,
        impl: (a: Args, ctx: Ctx) => torchBinary(U.zeta, "float", a.input, a.other, ctx, a.out),
      }],
    },
  }),
};
