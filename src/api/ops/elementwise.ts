/**
 * Element-wise ops, one line each: the kernel (src/ops/ufuncs.ts, whose
 * loops are kernels/include/ops.h), NumPy's names and PyTorch's names.
 * `unary` and `binary` turn a line into a full declaration: np functions
 * and ndarray methods with NumPy's ufunc signature (`out`, `dtype`), torch
 * functions, Tensor methods and their in-place `_` twins with PyTorch's
 * signature and promotion.
 */
import { type DType, isFloat, TORCH_TYPE_NAME } from "../../core/dtype.ts";
import { RuntimeError } from "../../core/errors.ts";
import { broadcastShapes } from "../../core/shape.ts";
import type { BinaryFn, UnaryFn } from "../../ops/elementwise.ts";
import { where as whereOp } from "../../ops/elementwise.ts";
import { nonzeroCoords } from "../../ops/index.ts";
import {
  atLeast1d,
  castTo,
  contiguous,
  fromElement,
  scalarOperand,
  torchElement,
  torchWrap,
} from "../../ops/operand.ts";
import * as R from "../../ops/reduce.ts";
import * as U from "../../ops/ufuncs.ts";
import { type Args, type Ctx, defineOp } from "../define.ts";
import { opt, req } from "../signature.ts";
import {
  checkFoundDtype,
  checkTorchOut,
  deviceOf,
  floatOf,
  isScalar,
  type Operand,
  operandOf,
  promote,
  type Scalar,
  torchSameOut,
} from "./common.ts";
import { intoOut } from "./reduce.ts";

export const NP_UNARY = {
  pos: [req("x", "array"), opt("out", "out", null)],
  kw: [opt("where", "arrayOrScalar", true), opt("dtype", "dtype", null)],
  ufunc: true,
} as const;
export const TORCH_UNARY = { pos: [req("input", "array")], kw: [opt("out", "out", null)] } as const;
/** The unary ops PyTorch gives no `out` (isnan, positive, ...). */
const TORCH_UNARY_NO_OUT = { pos: [req("input", "array")], kw: [] } as const;

/** How torch treats integer (and bool) inputs of a unary op. */
type IntRule =
  /** compute in the default float dtype (exp, sin, ...) */
  | "float"
  /** keep the dtype (abs, neg, square) */
  | "keep"
  /** a copy of the input (rounding integers) */
  | "copy";

interface UnarySpec<N extends string, T extends string, I extends boolean> {
  readonly kernel: UnaryFn;
  readonly np?: readonly N[];
  readonly torch?: readonly T[];
  /** torch's rule for integer inputs (default "float") */
  readonly ints?: IntRule;
  /** torch's error for bool input */
  readonly boolError?: string;
  /** torch's rule for bool input when it differs from the integers' ("copy": sign; a dtype: square's int64) */
  readonly bools?: "copy" | DType;
  /** false: PyTorch has no in-place `_` twin (isnan_, positive_) */
  readonly inplace?: I;
  /**
   * torch's `out` must have the result's dtype (neg, abs, floor, ...: "Found dtype Double but expected Float"),
   * or a message of its own (signbit)
   */
  readonly exactOut?: true | string;
  /** PyTorch has no `out` for it (isnan, isinf, isfinite, positive) */
  readonly noOut?: true;
  /** torch's kernel where it differs from NumPy's (sign of NaN) */
  readonly torchKernel?: UnaryFn;
  readonly doc: string;
}

/** The bool-valued ufuncs (predicates, comparisons): NumPy's `dtype` may only name bool. */
function checkBoolLoop(name: string, dtype: DType | null): void {
  if (dtype && dtype !== "bool") {
    throw new TypeError(`No loop matching the specified signature and casting was found for ufunc ${name}`);
  }
}

function npUnary(kernel: UnaryFn, name: string) {
  if (PREDICATES.has(kernel)) {
    return (a: Args) => {
      checkBoolLoop(name, a.dtype);
      return kernel(a.x, a.out ?? undefined);
    };
  }
  return (a: Args) => kernel(a.dtype ? castTo(a.x, a.dtype) : a.x, a.out ?? undefined);
}

/** A unary kernel with torch's rules for integer and bool inputs and its `out` checks. */
export function torchUnary(
  kernel: UnaryFn,
  ints: IntRule,
  boolError?: string,
  bools?: "copy" | DType,
  exactOut?: true | string,
) {
  return (a: Args, ctx: Ctx): Operand => {
    const x: Operand = a.input;
    const d = x.storage.dtype;
    if (boolError && d === "bool") throw new RuntimeError(boolError);
    let src = x, run = kernel;
    if (d === "bool" && bools) {
      if (bools === "copy") run = copyOf;
      else src = castTo(x, bools);
    } else if (!isFloat(d)) {
      if (ints === "float") src = castTo(x, floatOf(ctx, d));
      else if (ints === "copy") run = copyOf;
    }
    const dt = resultDtype(run, src);
    if (exactOut && a.out) {
      if (exactOut === true) checkFoundDtype(dt, a.out.storage.dtype);
      else if (a.out.storage.dtype !== dt) throw new RuntimeError(exactOut);
    }
    return intoTorchOut(dt, a.out, (o) => run(src, o));
  };
}

/** A copy (into `out` when given): PyTorch's rounding of integers. */
const copyOf: UnaryFn = (x, out) => {
  if (!out) return contiguous(x, true);
  if (x.storage.dtype === out.storage.dtype) return intoOut(x, out, "copy");
  return U.positive(x.storage.dtype === "bool" ? castTo(x, "uint8") : x, out);
};

/** The dtype a unary kernel produces for an input (bool for predicates). */
function resultDtype(k: UnaryFn, x: Operand): DType {
  return PREDICATES.has(k) ? "bool" : x.storage.dtype;
}
const PREDICATES = new Set<UnaryFn>([U.isnan, U.isinf, U.isfinite, U.logicalNot, U.signbit]);

/** A fast lane (`Overload.fast`) that takes float arrays only: torch promotes or refuses the others. */
function floatsFast(kernel: UnaryFn | BinaryFn): (x: Operand, y?: Operand) => Operand | undefined {
  // a one-array lane passes no `y`: a unary kernel's second parameter is its `out`
  return (x, y) => isFloat(x.storage.dtype) ? (kernel as (x: Operand, y?: Operand) => Operand)(x, y) : undefined;
}

/** Declares a unary element-wise op for both front-ends. */
export function unary<const N extends string = never, const T extends string = never, const I extends boolean = true>(
  name: string,
  s: UnarySpec<N, T, I>,
) {
  return defineOp({
    name,
    doc: s.doc,
    np: s.np && {
      names: s.np,
      methods: s.np,
      overloads: [{ sig: NP_UNARY, impl: npUnary(s.kernel, name), fast: s.kernel }] as const,
    },
    torch: s.torch && {
      names: s.torch,
      methods: s.torch,
      inplace: (s.inplace === false ? [] : s.torch.map((t) => `${t}_`)) as (I extends false ? never : `${T}_`)[],
      overloads: [{
        sig: s.noOut ? TORCH_UNARY_NO_OUT : TORCH_UNARY,
        impl: torchUnary(s.torchKernel ?? s.kernel, s.ints ?? "float", s.boolError, s.bools, s.exactOut),
        // torch's rules for integer and bool inputs are the only difference from the kernel
        fast: floatsFast(s.torchKernel ?? s.kernel),
      }] as const,
    },
  });
}

/** PyTorch's sign: 0 at NaN, where NumPy's is NaN. */
function torchSign(x: Operand, out?: Operand): Operand {
  if (!isFloat(x.storage.dtype)) return U.sign(x, out);
  return intoOut(whereOp(U.isnan(x), scalarOperand(0, x.storage.dtype), U.sign(x)), out, "sign");
}

/** PyTorch's error for an op its CPU kernels lack for bool ("abs_cpu" not implemented for 'Bool'). */
const noBool = (kernel: string) => `"${kernel}" not implemented for 'Bool'`;

const NEG_BOOL =
  "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.";

/** The unary element-wise ops. */
export const UNARY = {
  negative: unary("negative", {
    exactOut: true,
    kernel: U.negative,
    np: ["negative"],
    torch: ["neg", "negative"],
    ints: "keep",
    boolError: NEG_BOOL,
    doc: "Numerical negative, element-wise.",
  }),
  positive: unary("positive", {
    noOut: true,
    kernel: U.positive,
    np: ["positive"],
    torch: ["positive"],
    ints: "keep",
    boolError: "The `+` operator, on a bool tensor is not supported.",
    inplace: false,
    doc: "+x.",
  }),
  abs: unary("abs", {
    exactOut: true,
    kernel: U.abs,
    np: ["abs", "absolute"],
    torch: ["abs", "absolute"],
    ints: "keep",
    boolError: noBool("abs_cpu"),
    doc: "|x|.",
  }),
  sign: unary("sign", {
    exactOut: true,
    kernel: U.sign,
    torchKernel: torchSign,
    np: ["sign"],
    torch: ["sign"],
    ints: "keep",
    bools: "copy",
    doc: "The sign: -1, 0 or 1.",
  }),
  square: unary("square", {
    kernel: U.square,
    np: ["square"],
    torch: ["square"],
    ints: "keep",
    bools: "int64",
    doc: "x * x.",
  }),
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
  arcsin: unary("arcsin", {
    kernel: U.arcsin,
    np: ["arcsin", "asin"],
    torch: ["asin", "arcsin"],
    doc: "Inverse sine.",
  }),
  arccos: unary("arccos", {
    kernel: U.arccos,
    np: ["arccos", "acos"],
    torch: ["acos", "arccos"],
    doc: "Inverse cosine.",
  }),
  arctan: unary("arctan", {
    kernel: U.arctan,
    np: ["arctan", "atan"],
    torch: ["atan", "arctan"],
    doc: "Inverse tangent.",
  }),
  sinh: unary("sinh", { kernel: U.sinh, np: ["sinh"], torch: ["sinh"], doc: "Hyperbolic sine." }),
  cosh: unary("cosh", { kernel: U.cosh, np: ["cosh"], torch: ["cosh"], doc: "Hyperbolic cosine." }),
  tanh: unary("tanh", { kernel: U.tanh, np: ["tanh"], torch: ["tanh"], doc: "Hyperbolic tangent." }),
  arcsinh: unary("arcsinh", {
    kernel: U.arcsinh,
    np: ["arcsinh", "asinh"],
    torch: ["asinh", "arcsinh"],
    doc: "Inverse sinh.",
  }),
  arccosh: unary("arccosh", {
    kernel: U.arccosh,
    np: ["arccosh", "acosh"],
    torch: ["acosh", "arccosh"],
    doc: "Inverse cosh.",
  }),
  arctanh: unary("arctanh", {
    kernel: U.arctanh,
    np: ["arctanh", "atanh"],
    torch: ["atanh", "arctanh"],
    doc: "Inverse tanh.",
  }),
  erf: unary("erf", { kernel: U.erf, torch: ["erf"], doc: "The error function." }),
  erfc: unary("erfc", { kernel: U.erfc, torch: ["erfc"], doc: "1 - erf(x)." }),
  lgamma: unary("lgamma", { kernel: U.lgamma, torch: ["lgamma"], doc: "log |Gamma(x)|." }),
  sigmoid: unary("sigmoid", { kernel: U.sigmoid, torch: ["sigmoid"], doc: "1 / (1 + exp(-x))." }),
  relu: unary("relu", {
    noOut: true,
    kernel: U.relu,
    torch: ["relu"],
    ints: "keep",
    boolError: "Boolean inputs not supported for relu",
    doc: "max(x, 0).",
  }),
  rint: unary("rint", { kernel: U.rint, np: ["rint"], ints: "copy", doc: "Rounds half to even." }),
  floor: unary("floor", {
    exactOut: true,
    kernel: U.floor,
    np: ["floor"],
    torch: ["floor"],
    ints: "copy",
    boolError: noBool("floor_vml_cpu"),
    doc: "Floor.",
  }),
  ceil: unary("ceil", {
    exactOut: true,
    kernel: U.ceil,
    np: ["ceil"],
    torch: ["ceil"],
    ints: "copy",
    boolError: noBool("ceil_vml_cpu"),
    doc: "Ceiling.",
  }),
  trunc: unary("trunc", {
    exactOut: true,
    kernel: U.trunc,
    np: ["trunc"],
    torch: ["trunc", "fix"],
    ints: "copy",
    boolError: noBool("trunc_vml_cpu"),
    doc: "Rounds toward 0.",
  }),
  // np.fix is a plain function over trunc in NumPy, not a ufunc: no where=, dtype= or method
  fix: defineOp({
    name: "fix",
    doc: "Rounds toward 0 (np.fix: trunc without the ufunc keywords).",
    np: {
      names: ["fix"],
      overloads: [{
        sig: { pos: [req("x", "array"), opt("out", "out", null)], kw: [] },
        impl: (a: Args) => U.trunc(a.x, a.out ?? undefined),
      }],
    },
  }),
  isnan: unary("isnan", {
    noOut: true,
    kernel: U.isnan,
    np: ["isnan"],
    torch: ["isnan"],
    ints: "keep",
    inplace: false,
    doc: "Whether x is NaN.",
  }),
  isinf: unary("isinf", {
    noOut: true,
    kernel: U.isinf,
    np: ["isinf"],
    torch: ["isinf"],
    ints: "keep",
    inplace: false,
    doc: "Whether x is ±inf.",
  }),
  isfinite: unary("isfinite", {
    noOut: true,
    kernel: U.isfinite,
    np: ["isfinite"],
    torch: ["isfinite"],
    ints: "keep",
    inplace: false,
    doc: "Whether x is finite.",
  }),
  signbit: unary("signbit", {
    exactOut: "signbit does not support non-boolean outputs.",
    kernel: U.signbit,
    np: ["signbit"],
    torch: ["signbit"],
    inplace: false,
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
    exactOut: true,
    kernel: U.invert,
    np: ["invert", "bitwiseNot"],
    torch: ["bitwiseNot"],
    ints: "keep",
    doc: "Bitwise not (logical not of bools).",
  }),
};

// ---------- binary ----------

/** NumPy's binary ufunc signature. */
export const NP_BINARY = {
  pos: [req("x1", "arrayOrScalar"), req("x2", "arrayOrScalar"), opt("out", "out", null)],
  kw: [opt("where", "arrayOrScalar", true), opt("dtype", "dtype", null)],
  ufunc: true,
} as const;
/** torch's binary signature: either operand may be a number. */
export const TORCH_BINARY = {
  pos: [req("input", "arrayOrScalar"), req("other", "arrayOrScalar")],
  kw: [opt("out", "out", null)],
} as const;
/** torch's binary ops whose operands must both be tensors (gcd, lcm, nextafter, igamma). */
export const TORCH_TENSORS = {
  pos: [req("input", "array"), req("other", "array")],
  kw: [opt("out", "out", null)],
} as const;
/** torch's binary ops with a Tensor and a Scalar schema but none with a number first (comparisons, fmod). */
const TORCH_TENSOR_FIRST = {
  pos: [req("input", "array"), req("other", "arrayOrScalar")],
  kw: [opt("out", "out", null)],
} as const;
/** Which operands of a torch binary op may be numbers: both (add, mul...), `other` only, or neither. */
const TORCH_OPERANDS = { both: TORCH_BINARY, other: TORCH_TENSOR_FIRST, neither: TORCH_TENSORS } as const;
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

/** A binary kernel as NumPy's ufunc call (`dtype` casts the arrays; a bool loop checks its `dtype`). */
export function npBinary(kernel: BinaryFn, boolLoop?: string) {
  if (boolLoop) {
    return (a: Args): Operand => {
      checkBoolLoop(boolLoop, a.dtype);
      return kernel(a.x1, a.x2, a.out ?? undefined);
    };
  }
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
  // two tensors of one dtype (most calls) promote to it: no promotion table walk
  const p = !isScalar(x) && !isScalar(y) && x.storage.dtype === y.storage.dtype ? x.storage.dtype : promote(ctx, x, y);
  const dt = rule === "float" ? floatOf(ctx, p) : p;
  const dev = deviceOf(x, y);
  // a float tensor of the computation's dtype with a JS number: the number as is (the kernels' weak scalar keeps
  // that dtype, as torch's promotion does, and takes their scalar fast path)
  const plainY = typeof y === "number" && isFloat(dt) && !isScalar(x) && x.storage.dtype === dt;
  // an integer number wraps into an integer dtype, as PyTorch casts it (no overflow check in arithmetic)
  const arg = (v: Operand | Scalar) => operandOf(isScalar(v) ? torchWrap(v, dt) : v, dt, dev);
  return intoTorchOut(rule === "compare" ? "bool" : dt, out, (o) => kernel(arg(x), plainY ? y : arg(y), o));
}

/**
 * Runs `run` into torch's `out` under PyTorch's canCast rule: an `out` of
 * the result's dtype is written by the kernel, another one (int64 into
 * uint8, float32 into float64) gets the result cast in after, since the
 * kernels' own check is NumPy's same_kind, which refuses int into uint8.
 */
function intoTorchOut(dt: DType, out: Operand | null | undefined, run: (o?: Operand) => Operand): Operand {
  if (!out) return run();
  checkTorchOut(dt, out);
  return out.storage.dtype === dt ? run(out) : intoOut(run(), out, "copy");
}

interface BinarySpec<N extends string, T extends string, I extends boolean> {
  readonly kernel: BinaryFn;
  readonly np?: readonly N[];
  readonly torch?: readonly T[];
  readonly rule?: TorchRule;
  /** torch raises on an integer division by zero and has no bool kernel (fmod, remainder, floor_divide): its name */
  readonly intDivision?: string;
  /** torch has only float kernels (the CPU kernel's name, for PyTorch's error on other dtypes) */
  readonly floatsOnly?: string;
  /** false: PyTorch has no in-place `_` twin (maximum_, logaddexp_) */
  readonly inplace?: I;
  /** which operands PyTorch's schemas let be a number (default both) */
  readonly numbers?: keyof typeof TORCH_OPERANDS;
  readonly doc: string;
}

/** PyTorch's errors for an integer division (fmod, remainder, rounded div) by zero, and for bool operands. */
function checkIntDivisor(ctx: Ctx, x: Operand | Scalar, y: Operand | Scalar, kernel: string): void {
  const p = promote(ctx, x, y);
  if (isFloat(p)) return;
  if (p === "bool") throw new RuntimeError(noBool(kernel));
  // (a number wraps into the dtype first: 256 divides a uint8 tensor as 0 does)
  const zero = isScalar(y) ? Number(torchWrap(y, p)) === 0 : y.layout.size > 0 && !fromElement(R.all(y).storage, 0);
  if (zero) throw new RuntimeError("ZeroDivisionError");
}

/** PyTorch's error for a binary op it has only float kernels for (`kernel`: the CPU kernel's name in it). */
export function checkFloatsOnly(ctx: Ctx, x: Operand | Scalar, y: Operand | Scalar, kernel: string): void {
  const p = promote(ctx, x, y);
  if (!isFloat(p)) throw new RuntimeError(`"${kernel}" not implemented for '${TORCH_TYPE_NAME[p]}'`);
}

/** PyTorch's error for a binary op it has only integer kernels for (gcd, lcm, the shifts): floats and bool. */
export function checkIntsOnly(ctx: Ctx, x: Operand | Scalar, y: Operand | Scalar, kernel: string): DType {
  const p = promote(ctx, x, y);
  if (isFloat(p) || p === "bool") throw new RuntimeError(`"${kernel}" not implemented for '${TORCH_TYPE_NAME[p]}'`);
  return p;
}

/** Declares a binary element-wise op for both front-ends. */
function binary<const N extends string = never, const T extends string = never, const I extends boolean = true>(
  name: string,
  s: BinarySpec<N, T, I>,
) {
  const rule = s.rule ?? "promote";
  const npImpl = npBinary(s.kernel, rule === "compare" ? name : undefined);
  return defineOp({
    name,
    doc: s.doc,
    np: s.np && { names: s.np, methods: s.np, overloads: [{ sig: NP_BINARY, impl: npImpl, fast: s.kernel }] as const },
    torch: s.torch && {
      names: s.torch,
      methods: s.torch,
      inplace: (s.inplace === false ? [] : s.torch.map((t) => `${t}_`)) as (I extends false ? never : `${T}_`)[],
      overloads: [{
        sig: TORCH_OPERANDS[s.numbers ?? "both"],
        impl: (a: Args, ctx: Ctx) => {
          if (s.intDivision) checkIntDivisor(ctx, a.input, a.other, s.intDivision);
          if (s.floatsOnly) checkFloatsOnly(ctx, a.input, a.other, s.floatsOnly);
          return torchBinary(s.kernel, rule, a.input, a.other, ctx, a.out);
        },
        // the checks above and the "float" rule's cast concern integer and bool operands only
        fast: (rule === "promote" && !s.intDivision && !s.floatsOnly) || rule === "compare"
          ? s.kernel
          : floatsFast(s.kernel),
      }] as const,
    },
  });
}

/** torch.sub's `input - alpha * other`, with PyTorch's refusals of bool operands. */
function torchSub(x: Operand | Scalar, y: Operand | Scalar, alpha: Scalar, ctx: Ctx, out?: Operand | null): Operand {
  const isBool = (v: Operand | Scalar) => typeof v === "boolean" || (!isScalar(v) && v.storage.dtype === "bool");
  if (isBool(x) && isBool(y)) {
    throw new RuntimeError(
      "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.",
    );
  }
  if (isBool(x) || isBool(y)) {
    throw new RuntimeError(
      "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.",
    );
  }
  return torchBinary(U.subtract, "promote", x, scaled(y, alpha, ctx, x), ctx, out);
}

/** `other * alpha` (PyTorch's add/sub alpha), checked as PyTorch checks it. */
function scaled(other: Operand | Scalar, alpha: Scalar, ctx: Ctx, input: Operand | Scalar): Operand | Scalar {
  if (alpha === 1) return other;
  const p = promote(ctx, input, other);
  if (!isFloat(p) && typeof alpha === "number" && !Number.isInteger(alpha)) {
    throw new RuntimeError("For integral input tensors, argument alpha must not be a floating point number.");
  }
  if (p !== "bool" && typeof alpha === "boolean") {
    throw new RuntimeError("Boolean alpha only supported for Boolean results.");
  }
  // a bool result: other scaled by a truthy alpha is other itself, by a falsy one false
  if (p === "bool") {
    return alpha ? other : isScalar(other) ? false : torchBinary(U.logicalAnd, "compare", other, false, ctx);
  }
  // PyTorch converts alpha into the result's dtype with its overflow check (uint8 wraps -1)
  alpha = torchElement(alpha, p);
  return isScalar(other) ? Number(other) * Number(alpha) : torchBinary(U.multiply, "promote", other, alpha, ctx);
}

/** The binary element-wise ops. */
export const BINARY = {
  add: defineOp({
    name: "add",
    doc: "x1 + x2 (torch: input + alpha * other).",
    np: { names: ["add"], methods: ["add"], overloads: [{ sig: NP_BINARY, impl: npBinary(U.add), fast: U.add }] },
    torch: {
      names: ["add"],
      methods: ["add"],
      inplace: ["add_"],
      overloads: [{
        sig: TORCH_ALPHA,
        impl: (a: Args, ctx: Ctx) =>
          torchBinary(U.add, "promote", a.input, scaled(a.other, a.alpha, ctx, a.input), ctx, a.out),
        fast: U.add,
      }],
    },
  }),
  subtract: defineOp({
    name: "subtract",
    doc: "x1 - x2 (torch: input - alpha * other).",
    np: {
      names: ["subtract"],
      methods: ["subtract"],
      overloads: [{ sig: NP_BINARY, impl: npBinary(U.subtract), fast: U.subtract }],
    },
    torch: {
      names: ["sub", "subtract"],
      methods: ["sub", "subtract"],
      inplace: ["sub_", "subtract_"],
      overloads: [{
        sig: TORCH_ALPHA,
        impl: (a: Args, ctx: Ctx) => torchSub(a.input, a.other, a.alpha, ctx, a.out),
        fast: (x: Operand, y: Operand) => x.storage.dtype === "bool" ? undefined : U.subtract(x, y),
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
      overloads: [{ sig: NP_BINARY, impl: npBinary(U.divide), fast: U.divide }],
    },
    torch: {
      names: ["div", "divide", "trueDivide"],
      methods: ["div", "divide", "trueDivide"],
      inplace: ["div_", "divide_", "trueDivide_"],
      overloads: [{
        sig: TORCH_DIV,
        impl: (a: Args, ctx: Ctx) => {
          if (a.roundingMode !== null) checkIntDivisor(ctx, a.input, a.other, `div_${a.roundingMode}_cpu`);
          if (a.roundingMode === "floor") return torchBinary(U.floorDivide, "promote", a.input, a.other, ctx, a.out);
          if (a.roundingMode === "trunc") {
            const p = promote(ctx, a.input, a.other);
            if (!isFloat(p)) return torchBinary(truncDivInt, "promote", a.input, a.other, ctx, a.out);
            const q = torchBinary(U.divide, "promote", a.input, a.other, ctx);
            return intoTorchOut(p, a.out, (o) => U.trunc(q, o));
          }
          return torchBinary(U.divide, "float", a.input, a.other, ctx, a.out);
        },
        fast: floatsFast(U.divide),
      }],
    },
  }),
  floorDivide: binary("floorDivide", {
    kernel: U.floorDivide,
    np: ["floorDivide"],
    torch: ["floorDivide"],
    intDivision: "div_floor_cpu",
    doc: "Division rounded toward -inf.",
  }),
  remainder: binary("remainder", {
    kernel: U.mod,
    np: ["mod", "remainder"],
    torch: ["remainder"],
    intDivision: "remainder_cpu",
    doc: "Python's modulus (the sign of the divisor).",
  }),
  fmod: binary("fmod", {
    kernel: U.fmod,
    np: ["fmod"],
    torch: ["fmod"],
    intDivision: "fmod_cpu",
    numbers: "other",
    doc: "C's fmod (the sign of the dividend).",
  }),
  power: defineOp({
    name: "power",
    doc: "x1 ** x2 (torch: input ** exponent).",
    np: {
      names: ["power", "pow"],
      methods: ["power", "pow"],
      overloads: [{ sig: NP_BINARY, impl: npPower }],
    },
    torch: {
      names: ["pow"],
      methods: ["pow"],
      inplace: ["pow_"],
      overloads: [{
        // PyTorch's name is `exponent`; `other` is kept for the derivative and the other binary ops' callers
        sig: {
          pos: [req("input", "arrayOrScalar"), req("other", "arrayOrScalar", { aliases: ["exponent"] })],
          kw: [opt("out", "out", null)],
        },
        impl: (a: Args, ctx: Ctx) => {
          if (typeof a.other === "number" && !isScalar(a.input) && isFloat(a.input.storage.dtype)) {
            if (a.out) checkTorchOut(a.input.storage.dtype, a.out);
            const r = torchPowScalar(a.input, a.other, a.out ?? undefined);
            if (r) return r;
          }
          return torchPow(a.input, a.other, ctx, a.out);
        },
      }],
    },
  }),
  maximum: binary("maximum", {
    kernel: U.maximum,
    np: ["maximum"],
    torch: ["maximum"],
    inplace: false,
    numbers: "neither",
    doc: "Element-wise max (NaN wins).",
  }),
  minimum: binary("minimum", {
    kernel: U.minimum,
    np: ["minimum"],
    torch: ["minimum"],
    inplace: false,
    numbers: "neither",
    doc: "Element-wise min (NaN wins).",
  }),
  fmax: binary("fmax", {
    kernel: U.fmax,
    np: ["fmax"],
    torch: ["fmax"],
    inplace: false,
    numbers: "neither",
    doc: "Element-wise max ignoring NaN.",
  }),
  fmin: binary("fmin", {
    kernel: U.fmin,
    np: ["fmin"],
    torch: ["fmin"],
    inplace: false,
    numbers: "neither",
    doc: "Element-wise min ignoring NaN.",
  }),
  arctan2: binary("arctan2", {
    kernel: U.arctan2,
    np: ["arctan2", "atan2"],
    torch: ["atan2", "arctan2"],
    rule: "float",
    numbers: "neither",
    doc: "The angle of (x2, x1).",
  }),
  hypot: binary("hypot", {
    kernel: U.hypot,
    np: ["hypot"],
    torch: ["hypot"],
    rule: "float",
    floatsOnly: "hypot_cpu",
    numbers: "neither",
    doc: "sqrt(x1² + x2²).",
  }),
  copysign: binary("copysign", {
    kernel: U.copysign,
    np: ["copysign"],
    torch: ["copysign"],
    rule: "float",
    numbers: "other",
    doc: "|x1| with the sign of x2.",
  }),
  logaddexp: binary("logaddexp", {
    kernel: U.logaddexp,
    np: ["logaddexp"],
    torch: ["logaddexp"],
    rule: "float",
    floatsOnly: "logaddexp_cpu",
    inplace: false,
    numbers: "neither",
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
  equal: binary("equal", {
    kernel: U.equal,
    np: ["equal"],
    torch: ["eq"],
    rule: "compare",
    numbers: "other",
    doc: "x1 == x2.",
  }),
  notEqual: binary("notEqual", {
    kernel: U.notEqual,
    np: ["notEqual"],
    torch: ["ne", "notEqual"],
    rule: "compare",
    numbers: "other",
    doc: "x1 != x2.",
  }),
  less: binary("less", {
    kernel: U.less,
    np: ["less"],
    torch: ["lt", "less"],
    rule: "compare",
    numbers: "other",
    doc: "x1 < x2.",
  }),
  lessEqual: binary("lessEqual", {
    kernel: U.lessEqual,
    np: ["lessEqual"],
    torch: ["le", "lessEqual"],
    rule: "compare",
    numbers: "other",
    doc: "x1 <= x2.",
  }),
  greater: binary("greater", {
    kernel: U.greater,
    np: ["greater"],
    torch: ["gt", "greater"],
    rule: "compare",
    numbers: "other",
    doc: "x1 > x2.",
  }),
  greaterEqual: binary("greaterEqual", {
    kernel: U.greaterEqual,
    np: ["greaterEqual"],
    torch: ["ge", "greaterEqual"],
    rule: "compare",
    numbers: "other",
    doc: "x1 >= x2.",
  }),
  logicalAnd: binary("logicalAnd", {
    kernel: U.logicalAnd,
    np: ["logicalAnd"],
    torch: ["logicalAnd"],
    rule: "compare",
    numbers: "neither",
    doc: "x1 and x2.",
  }),
  logicalOr: binary("logicalOr", {
    kernel: U.logicalOr,
    np: ["logicalOr"],
    torch: ["logicalOr"],
    rule: "compare",
    numbers: "neither",
    doc: "x1 or x2.",
  }),
  logicalXor: binary("logicalXor", {
    kernel: U.logicalXor,
    np: ["logicalXor"],
    torch: ["logicalXor"],
    rule: "compare",
    numbers: "neither",
    doc: "x1 xor x2.",
  }),
};

/**
 * PyTorch's pow(float tensor, number) special cases (PowKernel.cpp), so the
 * results round as PyTorch's: x*x, x*x*x, 1/(x*x), sqrt, rsqrt, 1/x.
 */
function torchPowScalar(x: Operand, y: number, out: Operand | undefined): Operand | null {
  switch (y) {
    case 0.5:
      return U.sqrt(x, out);
    case -0.5:
      return U.rsqrt(x, out);
    case -1:
      return U.reciprocal(x, out);
    case 2:
      return U.multiply(x, x, out);
    case 3:
      return U.multiply(U.multiply(x, x), x, out);
    case -2:
      return U.reciprocal(U.multiply(x, x), out);
    default:
      return null;
  }
}

const npPowerKernel = npBinary(U.power);

/**
 * np.power: integers to negative integer powers are NumPy's error, raised here before the kernel runs, as torchPow
 * does: the kernel's own flag for it is one static of the native library, which Workers running ops at the same time
 * (`deno test --parallel`, data-loader threads) share, so another call's error could surface in this one.
 */
function npPower(a: Args, ctx: Ctx): Operand {
  const p = a.dtype ?? promote(ctx, a.x1, a.x2), x: Operand | Scalar = a.x1, y: Operand | Scalar = a.x2;
  // (an unsigned loop cannot hold a negative number: its conversion fails first, as NumPy's OverflowError; an
  // empty base computes nothing)
  if (!isFloat(p) && p !== "bool" && !(isScalar(y) && p === "uint8") && (isScalar(x) || x.layout.size > 0)) {
    const neg = isScalar(y) ? Number(y) < 0 : y.layout.size > 0 && !!fromElement(R.any(U.less(y, 0)).storage, 0);
    if (neg) throw new RangeError("Integers to negative integer powers are not allowed.");
  }
  return npPowerKernel(a);
}

/**
 * torch.pow: integers to negative powers are an error with a scalar exponent
 * and 1, -1 or 0 (1 / x truncated) element-wise with a tensor one, as PyTorch's.
 */
function torchPow(x: Operand | Scalar, y: Operand | Scalar, ctx: Ctx, out?: Operand | null): Operand {
  const p = promote(ctx, x, y);
  if (p === "bool") throw new RuntimeError(`"pow" not implemented for 'Bool'`);
  if (isFloat(p)) return torchBinary(U.power, "promote", x, y, ctx, out);
  if (isScalar(y)) {
    if (Number(y) < 0) throw new RuntimeError("Integers to negative integer powers are not allowed.");
    return torchBinary(U.power, "promote", x, y, ctx, out);
  }
  const neg = U.less(y, 0);
  if (!fromElement(R.any(neg).storage, 0)) return torchBinary(U.power, "promote", x, y, ctx, out);
  const dev = deviceOf(x, y), xo = operandOf(x, p, dev), yo = operandOf(y, p, dev);
  const pos = U.power(xo, U.maximum(yo, 0));
  // x ** -k: 1 for x = 1, (-1) ** k for x = -1, else 0
  const odd = U.notEqual(U.mod(yo, 2), 0);
  const minusOne = whereOp(odd, operandOf(-1, p, dev), operandOf(1, p, dev));
  const inv = whereOp(U.equal(xo, 1), operandOf(1, p, dev), whereOp(U.equal(xo, -1), minusOne, operandOf(0, p, dev)));
  const r = whereOp(neg, inv, pos);
  if (out) checkTorchOut(p, out);
  return intoOut(r, out, "pow");
}

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
      overloads: [
        {
          sig: {
            pos: [req("condition", "array"), req("input", "arrayOrScalar"), req("other", "arrayOrScalar")],
            kw: [opt("out", "out", null)],
          },
          outDtype: torchSameOut((f, t) =>
            `Expected out type to be ${TORCH_TYPE_NAME[f]} but got ${TORCH_TYPE_NAME[t]}`
          ),
          impl: (a: Args, ctx: Ctx) => whereTorch(a.condition, a.input, a.other, ctx),
        },
        {
          // torch.where(condition) is torch.nonzero(condition, as_tuple=True): integer results, no derivative
          sig: { pos: [req("condition", "array")], kw: [] },
          returns: "arrays",
          id: "nonzero",
          impl: (a: Args) => nonzeroTuple(a.condition),
        },
      ],
    },
  }),
};

/** torch.nonzero(x, as_tuple=True), which torch.where(x) is: a 0-d x counts as 1-d. */
export function nonzeroTuple(x: Operand): Operand[] {
  return nonzeroCoords(atLeast1d(x)).map((c) => contiguous(c, true));
}

/** torch.where with PyTorch's promotion of the two value operands. */
export function whereTorch(cond: Operand, x: Operand | Scalar, y: Operand | Scalar, ctx: Ctx): Operand {
  if (cond.storage.dtype !== "bool" && cond.storage.dtype !== "uint8") {
    throw new RuntimeError(
      `where expected condition to be a boolean tensor, but got a tensor with dtype ${cond.storage.dtype}`,
    );
  }
  const dt = promote(ctx, x, y), dev = deviceOf(cond, x, y);
  broadcastShapes("where", cond.layout.shape, isScalar(x) ? [] : x.layout.shape, isScalar(y) ? [] : y.layout.shape);
  // a number is checked as PyTorch converts it into the result's dtype
  const value = (v: Operand | Scalar) => operandOf(isScalar(v) ? torchElement(v, dt) : v, dt, dev);
  return whereOp(cond, value(x), value(y));
}
