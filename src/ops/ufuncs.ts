/**
 * Every element-wise primitive, declared once. Names follow NumPy; the
 * kernels live in kernels/cpu/elementwise.c.
 */
import { defineBinary, defineUnary } from "./elementwise.ts";

// unary
export const negative = defineUnary("negative", "negative", "noBool");
export const positive = defineUnary("positive", "positive", "noBool");
export const abs = defineUnary("abs");
export const sign = defineUnary("sign", "sign", "noBool");
export const square = defineUnary("square");
export const reciprocal = defineUnary("reciprocal");
export const sqrt = defineUnary("sqrt");
export const rsqrt = defineUnary("rsqrt");
export const exp = defineUnary("exp");
export const exp2 = defineUnary("exp2");
export const expm1 = defineUnary("expm1");
export const log = defineUnary("log");
export const log2 = defineUnary("log2");
export const log10 = defineUnary("log10");
export const log1p = defineUnary("log1p");
export const sin = defineUnary("sin");
export const cos = defineUnary("cos");
export const tan = defineUnary("tan");
export const arcsin = defineUnary("arcsin");
export const arccos = defineUnary("arccos");
export const arctan = defineUnary("arctan");
export const sinh = defineUnary("sinh");
export const cosh = defineUnary("cosh");
export const tanh = defineUnary("tanh");
export const sigmoid = defineUnary("sigmoid");
export const relu = defineUnary("relu");
export const rint = defineUnary("rint");
export const floor = defineUnary("floor");
export const ceil = defineUnary("ceil");
export const trunc = defineUnary("trunc");
export const isnan = defineUnary("isnan");
export const isinf = defineUnary("isinf");
export const isfinite = defineUnary("isfinite");
export const logicalNot = defineUnary("logicalNot", "logical_not");

// binary
export const add = defineBinary("add");
export const subtract = defineBinary("subtract", "subtract", "noBool");
export const multiply = defineBinary("multiply");
export const divide = defineBinary("divide", "divide", "trueDivide");
export const floorDivide = defineBinary("floorDivide", "floor_divide");
export const mod = defineBinary("mod", "remainder");
export const fmod = defineBinary("fmod");
export const power = defineBinary("power");
export const maximum = defineBinary("maximum");
export const minimum = defineBinary("minimum");
export const arctan2 = defineBinary("arctan2");
export const hypot = defineBinary("hypot");
export const bitwiseAnd = defineBinary("bitwiseAnd", "bitwise_and");
export const bitwiseOr = defineBinary("bitwiseOr", "bitwise_or");
export const bitwiseXor = defineBinary("bitwiseXor", "bitwise_xor");
export const equal = defineBinary("equal");
export const notEqual = defineBinary("notEqual", "not_equal");
export const less = defineBinary("less");
export const lessEqual = defineBinary("lessEqual", "less_equal");
export const greater = defineBinary("greater");
export const greaterEqual = defineBinary("greaterEqual", "greater_equal");
export const logicalAnd = defineBinary("logicalAnd", "logical_and");
export const logicalOr = defineBinary("logicalOr", "logical_or");
export const logicalXor = defineBinary("logicalXor", "logical_xor");
export const arcsinh = defineUnary("arcsinh");
export const arccosh = defineUnary("arccosh");
export const arctanh = defineUnary("arctanh");
export const erf = defineUnary("erf");
export const erfc = defineUnary("erfc");
export const lgamma = defineUnary("lgamma");
export const cbrt = defineUnary("cbrt");
export const invert = defineUnary("invert");
export const signbit = defineUnary("signbit");
export const copysign = defineBinary("copysign");
export const logaddexp = defineBinary("logaddexp");
export const fmax = defineBinary("fmax");
export const fmin = defineBinary("fmin");
// sinc's ints compute in float64 (NumPy's pi * x), as true division's
export const sinc = defineUnary("sinc", "sinc", "trueDivide");
export const frexpMantissa = defineUnary("frexpMantissa", "frexp_mantissa");
/** frexp's exponent, as a float of the input's dtype (cast to int32 by the caller). */
export const frexpExponent = defineUnary("frexpExponent", "frexp_exponent");
export const heaviside = defineBinary("heaviside");
/** ldexp with the exponent given in the mantissa's float dtype. */
export const ldexp = defineBinary("ldexp");
export const nextafter = defineBinary("nextafter");
export const gcd = defineBinary("gcd");
export const lcm = defineBinary("lcm");
// special functions (kernels/include/special.h)
export const erfinv = defineUnary("erfinv");
export const digamma = defineUnary("digamma");
export const i0 = defineUnary("i0");
export const i0e = defineUnary("i0e");
export const i1 = defineUnary("i1");
export const i1e = defineUnary("i1e");
export const erfcx = defineUnary("erfcx");
export const ndtri = defineUnary("ndtri");
export const logNdtr = defineUnary("logNdtr", "log_ndtr");
export const entr = defineUnary("entr");
/** polygamma(n, x) with the order n given as a float operand. */
export const polygamma = defineBinary("polygamma");
export const zeta = defineBinary("zeta");
export const igamma = defineBinary("igamma");
export const igammac = defineBinary("igammac");
export const xlog1py = defineBinary("xlog1py");
// NumPy's ufunc names: its error messages name them
export const leftShift = defineBinary("left_shift");
export const rightShift = defineBinary("right_shift");
/** The set bits of |x|, in x's dtype (cast to uint8 by the caller). */
export const bitwiseCount = defineUnary("bitwise_count");
