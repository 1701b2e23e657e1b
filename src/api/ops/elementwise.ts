/**
 * Element-wise ops, one line each: the kernel (src/ops/ufuncs.ts, whose
 * loops are kernels/include/ops.h), NumPy's names and PyTorch's names.
 * `unary` and `binary` turn a line into a full declaration: np functions
 * and ndarray methods with NumPy's ufunc signature (`out`, `dtype`), torch
 * functions, Tensor methods and their in-place `_` twins with PyTorch's
 * signature and promotion.
 */
import { type DType, isFloat } from "../../core/dtype.ts";
import { RuntimeError } from "../../core/errors.ts";
import { broadcastShapes } from "../../core/shape.ts";
import type { BinaryFn, UnaryFn } from "../../ops/elementwise.ts";
import { where as whereOp } from "../../ops/elementwise.ts";
import { castTo, contiguous } from "../../ops/operand.ts";
import * as U from "../../ops/ufuncs.ts";
import { type Args, type Ctx, defineOp } from "../define.ts";
import { opt, req } from "../signature.ts";
import { checkTorchOut, deviceOf, floatOf, isScalar, type Operand, operandOf, promote, type Scalar } from "./common.ts";

const NP_UNARY = { pos: [req("x", "array"), opt("out", "out", null)], kw: [opt("dtype", "dtype", null)] } as const;
const TORCH_UNARY = { pos: [req("input", "array")], kw: [opt("out", "out", null)] } as const;

/** How torch treats integer (and bool) inputs of a unary op. */
type IntRule =
  /** compute in the default float dtype (exp, sin, ...) */
  | "float"
  /** keep the dtype (abs, neg, square) */
  | "keep"
  /** a copy of the input (rounding integers) */
  | "copy";

interface UnarySpec<N extends string, T extends string> {
  readonly kernel: UnaryFn;
  readonly np?: readonly N[];
  readonly torch?: readonly T[];
  /** torch's rule for integer inputs (default "float") */
  readonly ints?: IntRule;
  /** torch's error for bool input */
  readonly boolError?: string;
  readonly doc: string;
}

function npUnary(kernel: UnaryFn) {
  return (a: Args) => kernel(a.dtype ? castTo(a.x, a.dtype) : a.x, a.out ?? undefined);
}

function torchUnary(kernel: UnaryFn, ints: IntRule, boolError?: string) {
  return (a: Args, ctx: Ctx): Operand => {
    const x: Operand = a.input;
    const d = x.storage.dtype;
    if (boolError && d === "bool") throw new RuntimeError(boolError);
    let src = x, run = kernel;
    if (!isFloat(d)) {
      if (ints === "float") src = castTo(x, floatOf(ctx, d));
      else if (ints === "copy") run = copyOf;
    }
    const out: Operand | null = a.out;
    if (out) checkTorchOut(resultDtype(run, src), out);
    return run(src, out ?? undefined);
  };
}

/** A copy (into `out` when given): PyTorch's rounding of integers. */
const copyOf: UnaryFn = (x, out) => {
  if (!out) return contiguous(x, true);
  return U.positive(x.storage.dtype === "bool" ? castTo(x, "uint8") : x, out);
};

/** The dtype a unary kernel produces for an input (bool for predicates). */
function resultDtype(k: UnaryFn, x: Operand): DType {
  return PREDICATES.has(k) ? "bool" : x.storage.dtype;
}
const PREDICATES = new Set<UnaryFn>([U.isnan, U.isinf, U.isfinite, U.logicalNot, U.signbit]);

/** Declares a unary element-wise op for both front-ends. */
function unary<const N extends string = never, const T extends string = never>(name: string, s: UnarySpec<N, T>) {
  return defineOp({
    name,
    doc: s.doc,
    np: s.np && { names: s.np, methods: s.np, overloads: [{ sig: NP_UNARY, impl: npUnary(s.kernel) }] as const },
    torch: s.torch && {
      names: s.torch,
      methods: s.torch,
      inplace: s.torch.map((t) => `${t}_` as `${T}_`),
      overloads: [{ sig: TORCH_UNARY, impl: torchUnary(s.kernel, s.ints ?? "float", s.boolError) }] as const,
    },
  });
}

const NEG_BOOL =
  "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.";

/** The unary element-wise ops. */
export const UNARY = {
  negative: unary("negative", {
    kernel: U.negative,
    np: ["negative"],
    torch: ["neg", "negative"],
    ints: "keep",
    boolError: NEG_BOOL,
    doc: "Numerical negative, element-wise.",
  }),
  positive: unary("positive", { kernel: U.positive, np: ["positive"], torch: ["positive"], ints: "keep", doc: "+x." }),
  abs: unary("abs", { kernel: U.abs, np: ["abs", "absolute"], torch: ["abs", "absolute"], ints: "keep", doc: "|x|." }),
  sign: unary("sign", { kernel: U.sign, np: ["sign"], torch: ["sign"], ints: "keep", doc: "The sign: -1, 0 or 1." }),
  square: unary("square", { kernel: U.square, np: ["square"], torch: ["square"], ints: "keep", doc: "x * x." }),
  reciprocal: unary("reciprocal", { kernel: U.reciprocal, np: ["reciprocal"], torch: ["reciprocal"], doc: "1 / x." }),
  sqrt: unary("sqrt", { kernel: U.sqrt, np: ["sqrt"], torch: ["sqrt"], doc: "Square root." }),
  rsqrt: unary("rsqrt", { kernel: U.rsqrt, torch: ["rsqrt"], doc: "1 / sqrt(x)." }),
  cbrt: unary("cbrt", { kernel: U.cbrt, np: ["cbrt"], doc: "Cube root." }),
  exp: unary("exp", { kernel: U.exp, np: ["exp"], torch: ["exp"], doc: "e ** x." }),
  exp2: unary("exp2", { kernel: U.exp2, np: ["exp2"], torch: ["exp2"], doc: "2 ** x." }),
  expm1: unary("expm1", { kernel: U.expm1, np: ["expm1"], torch: ["expm1"], doc: "exp(x) - 1, accurate near 0." }),
  log: unary("log", { kernel: U.log, np: ["log"], torch: ["log"], doc: "Natural logarithm." }),
  log2: unary("log2", { kernel: U.log2, np: ["log2"], torch: ["log2"], doc: "Base-2 logarithm." }),
  log10: unary("log10", { kernel: U.log10, np: ["log10"], torch: ["log10"], doc: "Base-10 logarithm." }),
  log1p: unary("log1p", { kernel: U.log1p, np: ["log1p"], torch: ["log1p"], doc: "log(1 + x), accurate near 0." }),
  sin: unary("sin", { kernel: U.sin, np: ["sin"], torch: ["sin"], doc: "Sine." }),
  cos: unary("cos", { kernel: U.cos, np: ["cos"], torch: ["cos"], doc: "Cosine." }),
  tan: unary("tan", { kernel: U.tan, np: ["tan"], torch: ["tan"], doc: "Tangent." }),
  arcsin: unary("arcsin", { kernel: U.arcsin, np: ["arcsin"], torch: ["asin", "arcsin"], doc: "Inverse sine." }),
  arccos: unary("arccos", { kernel: U.arccos, np: ["arccos"], torch: ["acos", "arccos"], doc: "Inverse cosine." }),
  arctan: unary("arctan", { kernel: U.arctan, np: ["arctan"], torch: ["atan", "arctan"], doc: "Inverse tangent." }),
  sinh: unary("sinh", { kernel: U.sinh, np: ["sinh"], torch: ["sinh"], doc: "Hyperbolic sine." }),
  cosh: unary("cosh", { kernel: U.cosh, np: ["cosh"], torch: ["cosh"], doc: "Hyperbolic cosine." }),
  tanh: unary("tanh", { kernel: U.tanh, np: ["tanh"], torch: ["tanh"], doc: "Hyperbolic tangent." }),
  arcsinh: unary("arcsinh", { kernel: U.arcsinh, np: ["arcsinh"], torch: ["asinh", "arcsinh"], doc: "Inverse sinh." }),
  arccosh: unary("arccosh", { kernel: U.arccosh, np: ["arccosh"], torch: ["acosh", "arccosh"], doc: "Inverse cosh." }),
  arctanh: unary("arctanh", { kernel: U.arctanh, np: ["arctanh"], torch: ["atanh", "arctanh"], doc: "Inverse tanh." }),
  erf: unary("erf", { kernel: U.erf, torch: ["erf"], doc: "The error function." }),
  erfc: unary("erfc", { kernel: U.erfc, torch: ["erfc"], doc: "1 - erf(x)." }),
  lgamma: unary("lgamma", { kernel: U.lgamma, torch: ["lgamma"], doc: "log |Gamma(x)|." }),
  sigmoid: unary("sigmoid", { kernel: U.sigmoid, torch: ["sigmoid"], doc: "1 / (1 + exp(-x))." }),
  relu: unary("relu", { kernel: U.relu, torch: ["relu"], ints: "keep", doc: "max(x, 0)." }),
  rint: unary("rint", { kernel: U.rint, np: ["rint"], ints: "copy", doc: "Rounds half to even." }),
  floor: unary("floor", { kernel: U.floor, np: ["floor"], torch: ["floor"], ints: "copy", doc: "Floor." }),
  ceil: unary("ceil", { kernel: U.ceil, np: ["ceil"], torch: ["ceil"], ints: "copy", doc: "Ceiling." }),
  trunc: unary("trunc", {
    kernel: U.trunc,
    np: ["trunc", "fix"],
    torch: ["trunc", "fix"],
    ints: "copy",
    doc: "Rounds toward 0.",
  }),
  isnan: unary("isnan", { kernel: U.isnan, np: ["isnan"], torch: ["isnan"], ints: "keep", doc: "Whether x is NaN." }),
  isinf: unary("isinf", { kernel: U.isinf, np: ["isinf"], torch: ["isinf"], ints: "keep", doc: "Whether x is ±inf." }),
  isfinite: unary("isfinite", {
    kernel: U.isfinite,
    np: ["isfinite"],
    torch: ["isfinite"],
    ints: "keep",
    doc: "Whether x is finite.",
  }),
  signbit: unary("signbit", {
    kernel: U.signbit,
    np: ["signbit"],
    torch: ["signbit"],
    doc: "Whether the sign bit is set.",
  }),
  logicalNot: unary("logicalNot", {
    kernel: U.logicalNot,
    np: ["logicalNot"],
    torch: ["logicalNot"],
    ints: "keep",
    doc: "Logical not.",
  }),
  invert: unary("invert", {
    kernel: U.invert,
    np: ["invert", "bitwiseNot"],
    torch: ["bitwiseNot"],
    ints: "keep",
    doc: "Bitwise not (logical not of bools).",
  }),
};

// ---------- binary ----------

const NP_BINARY = {
  pos: [req("x1", "arrayOrScalar"), req("x2", "arrayOrScalar"), opt("out", "out", null)],
  kw: [opt("dtype", "dtype", null)],
} as const;
const TORCH_BINARY = {
  pos: [req("input", "arrayOrScalar"), req("other", "arrayOrScalar")],
  kw: [opt("out", "out", null)],
} as const;
const TORCH_ALPHA = {
  pos: [req("input", "arrayOrScalar"), req("other", "arrayOrScalar")],
  kw: [opt("alpha", "scalar", 1), opt("out", "out", null)],
} as const;
const TORCH_DIV = {
  pos: [req("input", "arrayOrScalar"), req("other", "arrayOrScalar")],
  kw: [opt("roundingMode", "string", null, { choices: ["trunc", "floor"] }), opt("out", "out", null)],
} as const;

/** How torch picks the computation dtype from the promoted one. */
type TorchRule =
  /** the promoted dtype */
  | "promote"
  /** integers compute in the default float dtype (true division, atan2) */
  | "float"
  /** comparisons: the promoted dtype in, bool out */
  | "compare";

function npBinary(kernel: BinaryFn) {
  return (a: Args): Operand => {
    const x1 = a.dtype && !isScalar(a.x1) ? castTo(a.x1, a.dtype) : a.x1;
    const x2 = a.dtype && !isScalar(a.x2) ? castTo(a.x2, a.dtype) : a.x2;
    return kernel(x1, x2, a.out ?? undefined);
  };
}

/** Runs a binary kernel with PyTorch's promotion (and `out` check). */
export function torchBinary(
  kernel: BinaryFn,
  rule: TorchRule,
  x: Operand | Scalar,
  y: Operand | Scalar,
  ctx: Ctx,
  out?: Operand | null,
): Operand {
  if (isScalar(x) && isScalar(y)) throw new TypeError("expected at least one tensor operand");
  const p = promote(ctx, x, y);
  const dt = rule === "float" ? floatOf(ctx, p) : p;
  const dev = deviceOf(x, y);
  if (out) checkTorchOut(rule === "compare" ? "bool" : dt, out);
  return kernel(operandOf(x, dt, dev), operandOf(y, dt, dev), out ?? undefined);
}

interface BinarySpec<N extends string, T extends string> {
  readonly kernel: BinaryFn;
  readonly np?: readonly N[];
  readonly torch?: readonly T[];
  readonly rule?: TorchRule;
  readonly doc: string;
}

/** Declares a binary element-wise op for both front-ends. */
function binary<const N extends string = never, const T extends string = never>(name: string, s: BinarySpec<N, T>) {
  const rule = s.rule ?? "promote";
  return defineOp({
    name,
    doc: s.doc,
    np: s.np && { names: s.np, methods: s.np, overloads: [{ sig: NP_BINARY, impl: npBinary(s.kernel) }] as const },
    torch: s.torch && {
      names: s.torch,
      methods: s.torch,
      inplace: s.torch.map((t) => `${t}_` as `${T}_`),
      overloads: [{
        sig: TORCH_BINARY,
        impl: (a: Args, ctx: Ctx) => torchBinary(s.kernel, rule, a.input, a.other, ctx, a.out),
      }] as const,
    },
  });
}

const SUB_BOOL =
  "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.";

/** `other * alpha` (PyTorch's add/sub alpha), checked as PyTorch checks it. */
function scaled(other: Operand | Scalar, alpha: Scalar, ctx: Ctx, input: Operand | Scalar): Operand | Scalar {
  if (alpha === 1) return other;
  const p = promote(ctx, input, other);
  if (!isFloat(p) && typeof alpha === "number" && !Number.isInteger(alpha)) {
    throw new RuntimeError("For integral input tensors, argument alpha must not be a floating point number.");
  }
  if (p === "bool" && typeof alpha !== "boolean") {
    throw new RuntimeError("Boolean alpha only supported for Boolean results.");
  }
  return isScalar(other) ? Number(other) * Number(alpha) : torchBinary(U.multiply, "promote", other, alpha, ctx);
}

/** The binary element-wise ops. */
export const BINARY = {
  add: defineOp({
    name: "add",
    doc: "x1 + x2 (torch: input + alpha * other).",
    np: { names: ["add"], methods: ["add"], overloads: [{ sig: NP_BINARY, impl: npBinary(U.add) }] },
    torch: {
      names: ["add"],
      methods: ["add"],
      inplace: ["add_"],
      overloads: [{
        sig: TORCH_ALPHA,
        impl: (a: Args, ctx: Ctx) =>
          torchBinary(U.add, "promote", a.input, scaled(a.other, a.alpha, ctx, a.input), ctx, a.out),
      }],
    },
  }),
  subtract: defineOp({
    name: "subtract",
    doc: "x1 - x2 (torch: input - alpha * other).",
    np: { names: ["subtract"], methods: ["subtract"], overloads: [{ sig: NP_BINARY, impl: npBinary(U.subtract) }] },
    torch: {
      names: ["sub", "subtract"],
      methods: ["sub", "subtract"],
      inplace: ["sub_", "subtract_"],
      overloads: [{
        sig: TORCH_ALPHA,
        impl: (a: Args, ctx: Ctx) => {
          const isBool = (v: unknown) =>
            typeof v === "boolean" || (!isScalar(v) && (v as Operand).storage.dtype === "bool");
          if (isBool(a.input) || isBool(a.other)) throw new RuntimeError(SUB_BOOL);
          return torchBinary(U.subtract, "promote", a.input, scaled(a.other, a.alpha, ctx, a.input), ctx, a.out);
        },
      }],
    },
  }),
  multiply: binary("multiply", { kernel: U.multiply, np: ["multiply"], torch: ["mul", "multiply"], doc: "x1 * x2." }),
  divide: defineOp({
    name: "divide",
    doc: "True division (torch: optional rounding mode 'trunc' or 'floor').",
    np: {
      names: ["divide", "trueDivide"],
      methods: ["divide", "trueDivide"],
      overloads: [{ sig: NP_BINARY, impl: npBinary(U.divide) }],
    },
    torch: {
      names: ["div", "divide", "trueDivide"],
      methods: ["div", "divide", "trueDivide"],
      inplace: ["div_", "divide_", "trueDivide_"],
      overloads: [{
        sig: TORCH_DIV,
        impl: (a: Args, ctx: Ctx) => {
          if (a.roundingMode === "floor") return torchBinary(U.floorDivide, "promote", a.input, a.other, ctx, a.out);
          if (a.roundingMode === "trunc") {
            const p = promote(ctx, a.input, a.other);
            if (!isFloat(p)) return torchBinary(truncDivInt, "promote", a.input, a.other, ctx, a.out);
            const q = torchBinary(U.divide, "promote", a.input, a.other, ctx);
            return U.trunc(q, a.out ?? undefined);
          }
          return torchBinary(U.divide, "float", a.input, a.other, ctx, a.out);
        },
      }],
    },
  }),
  floorDivide: binary("floorDivide", {
    kernel: U.floorDivide,
    np: ["floorDivide"],
    torch: ["floorDivide"],
    doc: "Division rounded toward -inf.",
  }),
  remainder: binary("remainder", {
    kernel: U.mod,
    np: ["mod", "remainder"],
    torch: ["remainder"],
    doc: "Python's modulus (the sign of the divisor).",
  }),
  fmod: binary("fmod", { kernel: U.fmod, np: ["fmod"], torch: ["fmod"], doc: "C's fmod (the sign of the dividend)." }),
  power: binary("power", { kernel: U.power, np: ["power"], torch: ["pow"], doc: "x1 ** x2." }),
  maximum: binary("maximum", {
    kernel: U.maximum,
    np: ["maximum"],
    torch: ["maximum"],
    doc: "Element-wise max (NaN wins).",
  }),
  minimum: binary("minimum", {
    kernel: U.minimum,
    np: ["minimum"],
    torch: ["minimum"],
    doc: "Element-wise min (NaN wins).",
  }),
  fmax: binary("fmax", { kernel: U.fmax, np: ["fmax"], torch: ["fmax"], doc: "Element-wise max ignoring NaN." }),
  fmin: binary("fmin", { kernel: U.fmin, np: ["fmin"], torch: ["fmin"], doc: "Element-wise min ignoring NaN." }),
  arctan2: binary("arctan2", {
    kernel: U.arctan2,
    np: ["arctan2"],
    torch: ["atan2", "arctan2"],
    rule: "float",
    doc: "The angle of (x2, x1).",
  }),
  hypot: binary("hypot", { kernel: U.hypot, np: ["hypot"], torch: ["hypot"], rule: "float", doc: "sqrt(x1² + x2²)." }),
  copysign: binary("copysign", {
    kernel: U.copysign,
    np: ["copysign"],
    torch: ["copysign"],
    rule: "float",
    doc: "|x1| with the sign of x2.",
  }),
  logaddexp: binary("logaddexp", {
    kernel: U.logaddexp,
    np: ["logaddexp"],
    torch: ["logaddexp"],
    rule: "float",
    doc: "log(exp(x1) + exp(x2)).",
  }),
  bitwiseAnd: binary("bitwiseAnd", {
    kernel: U.bitwiseAnd,
    np: ["bitwiseAnd"],
    torch: ["bitwiseAnd"],
    doc: "x1 & x2.",
  }),
  bitwiseOr: binary("bitwiseOr", { kernel: U.bitwiseOr, np: ["bitwiseOr"], torch: ["bitwiseOr"], doc: "x1 | x2." }),
  bitwiseXor: binary("bitwiseXor", {
    kernel: U.bitwiseXor,
    np: ["bitwiseXor"],
    torch: ["bitwiseXor"],
    doc: "x1 ^ x2.",
  }),
  equal: binary("equal", { kernel: U.equal, np: ["equal"], torch: ["eq"], rule: "compare", doc: "x1 == x2." }),
  notEqual: binary("notEqual", {
    kernel: U.notEqual,
    np: ["notEqual"],
    torch: ["ne", "notEqual"],
    rule: "compare",
    doc: "x1 != x2.",
  }),
  less: binary("less", { kernel: U.less, np: ["less"], torch: ["lt", "less"], rule: "compare", doc: "x1 < x2." }),
  lessEqual: binary("lessEqual", {
    kernel: U.lessEqual,
    np: ["lessEqual"],
    torch: ["le", "lessEqual"],
    rule: "compare",
    doc: "x1 <= x2.",
  }),
  greater: binary("greater", {
    kernel: U.greater,
    np: ["greater"],
    torch: ["gt", "greater"],
    rule: "compare",
    doc: "x1 > x2.",
  }),
  greaterEqual: binary("greaterEqual", {
    kernel: U.greaterEqual,
    np: ["greaterEqual"],
    torch: ["ge", "greaterEqual"],
    rule: "compare",
    doc: "x1 >= x2.",
  }),
  logicalAnd: binary("logicalAnd", {
    kernel: U.logicalAnd,
    np: ["logicalAnd"],
    torch: ["logicalAnd"],
    rule: "compare",
    doc: "x1 and x2.",
  }),
  logicalOr: binary("logicalOr", {
    kernel: U.logicalOr,
    np: ["logicalOr"],
    torch: ["logicalOr"],
    rule: "compare",
    doc: "x1 or x2.",
  }),
  logicalXor: binary("logicalXor", {
    kernel: U.logicalXor,
    np: ["logicalXor"],
    torch: ["logicalXor"],
    rule: "compare",
    doc: "x1 xor x2.",
  }),
};

/** Integer division rounded toward zero (PyTorch's rounding_mode='trunc' on integers). */
const truncDivInt: BinaryFn = (x, y, out) => {
  const q = U.floorDivide(x, y);
  // floor and trunc differ where the remainder is non-zero and the signs differ
  const r = U.mod(x, y);
  const fix = U.logicalAnd(U.notEqual(r, 0), U.notEqual(U.less(x, 0), U.less(y, 0)));
  return U.add(q, fix, out);
};

/** `where`: x where cond holds, else y. */
export const WHERE = {
  where: defineOp({
    name: "where",
    doc: "x where cond is true, else y (one argument: the indices of the non-zero elements).",
    torch: {
      names: ["where"],
      methods: [],
      overloads: [{
        sig: { pos: [req("condition", "array"), req("input", "arrayOrScalar"), req("other", "arrayOrScalar")], kw: [] },
        impl: (a: Args, ctx: Ctx) => whereTorch(a.condition, a.input, a.other, ctx),
      }],
    },
  }),
};

/** torch.where with PyTorch's promotion of the two value operands. */
export function whereTorch(cond: Operand, x: Operand | Scalar, y: Operand | Scalar, ctx: Ctx): Operand {
  if (cond.storage.dtype !== "bool" && cond.storage.dtype !== "uint8") {
    throw new RuntimeError(
      `where expected condition to be a boolean tensor, but got a tensor with dtype ${cond.storage.dtype}`,
    );
  }
  const dt = promote(ctx, x, y), dev = deviceOf(cond, x, y);
  broadcastShapes("where", cond.layout.shape, isScalar(x) ? [] : x.layout.shape, isScalar(y) ? [] : y.layout.shape);
  return whereOp(cond, operandOf(x, dt, dev), operandOf(y, dt, dev));
}
