/**
 * The derivative of every differentiable torch op, in one table keyed by
 * the op's overload id (PyTorch's derivatives.yaml): the node's name, the
 * parameters whose gradients it returns, what it saves, and the
 * vector-Jacobian product written with Tensor ops (so double backward
 * works). Broadcasting is undone by the engine (Node.apply), never here.
 * NONDIFF lists the ops whose outputs never carry gradients (comparisons,
 * indices, integer results).
 */
import type { Args } from "../api/define.ts";
import { isBasic, torchParts } from "../api/ops/index.ts";
import { Slice } from "../ops/index.ts";
import { RuntimeError } from "../core/errors.ts";
import { normalizeAxis } from "../core/shape.ts";
import type { TorchFns, TorchLinalgFns } from "./functions.ts";
import { MATH_DERIVATIVES } from "./derivatives_math.ts";
import { LINALG_EXTRA_DERIVATIVES } from "./derivatives_linalg_extra.ts";
import { LINALG_MORE_DERIVATIVES } from "./derivatives_linalg_more.ts";
import { LINALG_FACTOR_DERIVATIVES } from "./derivatives_linalg_factor.ts";
import { NN_DERIVATIVES } from "./derivatives_nn.ts";
import { SPECIAL_DERIVATIVES } from "./derivatives_special.ts";
import { SPECIAL_BESSEL_FNS } from "../api/ops/special_bessel.ts";
import { SPECIAL_POLYNOMIAL_FNS } from "../api/ops/special_polynomials.ts";
import { SCATTER_VIEWS_DERIVATIVES } from "./derivatives_scatter_views.ts";
import type { Tensor } from "./tensor.ts";

/** What a vjp gets besides the output gradient. */
export interface VjpCtx {
  /** torch's functions (zeros, cat, stack, ...). */
  readonly F: TorchFns;
  /** torch.linalg's functions. */
  readonly L: TorchLinalgFns;
  /** The call's bound arguments (tensors the op overwrote in place are saved copies). */
  readonly a: Args;
  /** The (first) output. */
  readonly result: Tensor;
  /** Every differentiable output. */
  readonly outputs: Tensor[];
  /** Each output's gradient (null where none arrived). */
  readonly grads: (Tensor | null)[];
  /** Whether each input (in `inputs` order, lists flattened) needs a gradient (the node has an edge for it). */
  readonly needs: readonly boolean[];
}

/** One op's derivative. */
export interface Derivative {
  /** The node's name, as PyTorch's (`MulBackward0`), or a function of the call's arguments. */
  readonly name: string | ((a: Args) => string);
  /** The parameters the vjp returns gradients for, in order (a list parameter gives one per element). */
  readonly inputs: readonly string[];
  /** Parameters (and "result") the vjp reads: saved and checked against in-place changes. */
  readonly saves?: readonly string[];
  readonly vjp: (g: Tensor, c: VjpCtx) => (Tensor | null)[];
}

type V = (g: Tensor, c: VjpCtx) => (Tensor | null)[];
const d = (name: Derivative["name"], inputs: string[], vjp: V, saves: string[] = []): Derivative => ({
  name,
  inputs,
  saves,
  vjp,
});
const T = (v: unknown): v is Tensor => typeof v === "object" && v !== null && "gradFn" in v;

/** The input's dims of a `dim` argument (all when null). */
function dims(x: Tensor, dim: number | readonly number[] | null | undefined): number[] {
  const nd = x.ndim;
  if (dim === null || dim === undefined) return [...Array(nd).keys()];
  const list = typeof dim === "number" ? [dim] : [...dim];
  return list.map((a) => normalizeAxis("backward", a, Math.max(nd, 1))).filter((a) => a < Math.max(nd, 1));
}

/** Puts reduced dims back (size 1) so a reduced gradient broadcasts against the input. */
function unreduce(g: Tensor, shape: readonly number[], ds: number[], keepdim: boolean): Tensor {
  if (keepdim || shape.length === 0) return g;
  return g.reshape(shape.map((n, i) => (ds.includes(i) ? 1 : n)));
}

/** A reduction's gradient spread evenly over the elements equal to the result (max, min, median). */
function evenly(g: Tensor, x: Tensor, result: Tensor, ds: number[], keepdim: boolean): Tensor {
  const r = unreduce(result, x.shape, ds, keepdim), gg = unreduce(g, x.shape, ds, keepdim);
  const mask = x.eq(r).to(g.dtype);
  return mask.mul(gg).div(mask.sum(ds, true));
}

/** The gradient of values picked at `index` along `dim` (sort, topk, max.dim, ...). */
function pickBackward(g: Tensor, x: Tensor, dim: number, index: Tensor, keepdim: boolean): Tensor {
  const d0 = normalizeAxis("backward", dim, Math.max(x.ndim, 1));
  if (x.ndim === 0) return g.reshape([]);
  const gi = keepdim ? g : g.unsqueeze(d0), ii = keepdim ? index : index.unsqueeze(d0);
  return g.newZeros(x.shape).scatterAdd_(d0, ii, gi);
}

/** PyTorch's node name for `x[index]`: the last view op a basic index applies, or IndexBackward0. */
function indexName(index: unknown): string {
  const parts = torchParts(index);
  if (!isBasic(parts)) return "IndexBackward0";
  for (let i = parts.length - 1; i >= 0; i--) {
    const p = parts[i];
    if (typeof p === "number") return "SelectBackward0";
    if (p === null) return "UnsqueezeBackward0";
    if (p instanceof Slice && (p.start ?? 0) === 0 && p.stop === null && (p.step ?? 1) === 1) continue;
    if (p instanceof Slice) return "SliceBackward0";
  }
  return "AliasBackward0";
}

/** PyTorch's node name for `z[index] = v` (see `set`). */
function setName(parts: ReturnType<typeof torchParts>): string {
  const view = parts.some((p) =>
    typeof p === "number" || p === null ||
    (p instanceof Slice && !((p.start ?? 0) === 0 && p.stop === null && (p.step ?? 1) === 1))
  );
  return view ? "CopySlices" : isBasic(parts) ? "CopyBackwards" : "IndexPutBackward0";
}

/** x^T over the last two dims. */
const mT = (x: Tensor): Tensor => x.transpose(-2, -1);

/** Zero where `cond` holds (the subgradient PyTorch picks at kinks). */
const zeroWhere = (v: Tensor, cond: Tensor): Tensor => v.maskedFill(cond, 0);

/** matmul's gradients as if both operands were (batches of) matrices (only those the node needs). */
function matmulGrads(g: Tensor, a: Tensor, b: Tensor, needs: readonly boolean[]): (Tensor | null)[] {
  if (a.ndim === 1 && b.ndim === 1) return [needs[0] ? g.mul(b) : null, needs[1] ? g.mul(a) : null];
  const a2 = a.ndim === 1 ? a.unsqueeze(0) : a, b2 = b.ndim === 1 ? b.unsqueeze(1) : b;
  let g2 = g;
  if (a.ndim === 1) g2 = g2.unsqueeze(-2);
  if (b.ndim === 1) g2 = g2.unsqueeze(-1);
  // only the gradients some input needs: a data batch x in x @ w needs none
  let ga = needs[0] ? g2.matmul(mT(b2)) : null;
  let gb = needs[1] ? mT(a2).matmul(g2) : null;
  if (ga && a.ndim === 1) ga = ga.squeeze(-2);
  if (gb && b.ndim === 1) gb = gb.squeeze(-1);
  return [ga, gb];
}

/** PyTorch's node name for a matmul of these ranks. */
function matmulName(a: Tensor, b: Tensor): string {
  if (a.ndim === 1 && b.ndim === 1) return "DotBackward0";
  if (a.ndim === 2 && b.ndim === 2) return "MmBackward0";
  if (a.ndim === 2 && b.ndim === 1) return "MvBackward0";
  return "UnsafeViewBackward0";
}

/** add/sub's `other * alpha` gradient. */
const scaled = (g: Tensor, alpha: unknown): Tensor => (alpha === 1 ? g : g.mul(alpha as number));

/** The gradient of an op that reads a view of its input: g on the view's elements, zeros elsewhere. */
const viewBack = (g: Tensor, c: VjpCtx, input: string, out = c.result): Tensor => {
  const x = c.a[input] as Tensor;
  return c.F._viewScatter(g, x.layout, out.layout, x.storage.length);
};

/** The ops whose outputs carry no gradient. */
export const NONDIFF: ReadonlySet<string> = new Set([
  "isnan",
  "isinf",
  "isfinite",
  "signbit",
  "logicalNot",
  "invert",
  "equal",
  "notEqual",
  "less",
  "lessEqual",
  "greater",
  "greaterEqual",
  "logicalAnd",
  "logicalOr",
  "logicalXor",
  "bitwiseAnd",
  "bitwiseOr",
  "bitwiseXor",
  "bitwiseLeftShift",
  "bitwiseRightShift",
  "argmax",
  "argmin",
  "all",
  "any",
  "countNonzero",
  "argsort",
  "nonzero",
  "argwhere",
  "searchsorted",
  "unique",
  "trilIndices",
  "triuIndices",
  "unravelIndex",
  "isin",
  "arrayEqual",
  "isclose",
  "allclose",
  "resultType",
  "promoteTypes",
  "canCast",
  "item",
  "tolist",
  "size",
  "zeros",
  "ones",
  "empty",
  "full",
  "zerosLike",
  "onesLike",
  "emptyLike",
  "fullLike",
  "eye",
  "arange",
  "linspace",
  "logspace",
  "array",
  "asarray",
  "frombuffer",
  "meshgrid",
  "rint",
  "newZeros",
  "newOnes",
  "newEmpty",
  "newFull",
  "randLike",
  "randnLike",
  "randintLike",
  "multinomial",
  "rand",
  "randn",
  "randint",
  "randperm",
  "normal",
  // statistics with integer or counted results (PyTorch's histogram and weighted bincount record a node that
  // raises only in backward: here their results carry no gradient)
  "histc",
  "bucketize",
  "histogram",
  "histogramdd",
  "bincount",
  // integer-only ops
  "gcd",
  "lcm",
  "repeatInterleaveIndices",
  // src/api/ops/misc_more.ts: new memory, and bytes reinterpreted (PyTorch records no node for a dtype view)
  "emptyStrided",
  "newEmptyStrided",
  "viewDtype",
  // src/api/ops/windows.ts and np_misc.ts: new memory computed from sizes, and bool results
  "hannWindow",
  "hammingWindow",
  "blackmanWindow",
  "bartlettWindow",
  "kaiserWindow",
  "isreal",
  // torch.special's Bessel functions and orthogonal polynomials: PyTorch records no node (results never require grad)
  ...Object.keys(SPECIAL_BESSEL_FNS),
  ...Object.keys(SPECIAL_POLYNOMIAL_FNS),
]);

/** PyTorch's comparison node names (an in-place comparison on a tensor with history records one). */
const COMPARE_NAMES: Record<string, string> = {
  equal: "Eq",
  notEqual: "Ne",
  less: "Lt",
  lessEqual: "Le",
  greater: "Gt",
  greaterEqual: "Ge",
};

/**
 * The zero-gradient node an op of NONDIFF records when it overwrites a
 * tensor with history in place (`y.gt_(0)`: GtBackward0, whose gradient
 * is zero): PyTorch ends that history there rather than let gradients flow
 * through values that are gone.
 */
export function zeroGradient(id: string, a: Args): Derivative {
  const stem = COMPARE_NAMES[id] ?? `${id[0].toUpperCase()}${id.slice(1)}`;
  const name = `${stem}Backward${COMPARE_NAMES[id] && T(a.other) ? 1 : 0}`;
  return d(name, ["input"], (g) => [g.mul(0)]);
}

const UNARY: Record<string, Derivative> = {
  negative: d("NegBackward0", ["input"], (g) => [g.neg()]),
  positive: d("PositiveBackward0", ["input"], (g) => [g]),
  abs: d("AbsBackward0", ["input"], (g, c) => [g.mul(c.a.input.sign())], ["input"]),
  square: d("PowBackward0", ["input"], (g, c) => [g.mul(c.a.input).mul(2)], ["input"]),
  reciprocal: d("ReciprocalBackward0", ["input"], (g, c) => [g.mul(c.result.mul(c.result)).neg()], ["result"]),
  sqrt: d("SqrtBackward0", ["input"], (g, c) => [g.div(c.result.mul(2))], ["result"]),
  rsqrt: d("RsqrtBackward0", ["input"], (g, c) => [g.mul(c.result.pow(3)).mul(-0.5)], ["result"]),
  exp: d("ExpBackward0", ["input"], (g, c) => [g.mul(c.result)], ["result"]),
  exp2: d("Exp2Backward0", ["input"], (g, c) => [g.mul(c.result).mul(Math.LN2)], ["result"]),
  expm1: d("Expm1Backward0", ["input"], (g, c) => [g.mul(c.result.add(1))], ["result"]),
  log: d("LogBackward0", ["input"], (g, c) => [g.div(c.a.input)], ["input"]),
  log2: d("Log2Backward0", ["input"], (g, c) => [g.div(c.a.input.mul(Math.LN2))], ["input"]),
  log10: d("Log10Backward0", ["input"], (g, c) => [g.div(c.a.input.mul(Math.LN10))], ["input"]),
  log1p: d("Log1PBackward0", ["input"], (g, c) => [g.div(c.a.input.add(1))], ["input"]),
  sin: d("SinBackward0", ["input"], (g, c) => [g.mul(c.a.input.cos())], ["input"]),
  cos: d("CosBackward0", ["input"], (g, c) => [g.mul(c.a.input.sin()).neg()], ["input"]),
  tan: d("TanBackward0", ["input"], (g, c) => [g.mul(c.result.square().add(1))], ["result"]),
  arcsin: d("AsinBackward0", ["input"], (g, c) => [g.div(c.a.input.square().neg().add(1).sqrt())], ["input"]),
  arccos: d("AcosBackward0", ["input"], (g, c) => [g.div(c.a.input.square().neg().add(1).sqrt()).neg()], ["input"]),
  arctan: d("AtanBackward0", ["input"], (g, c) => [g.div(c.a.input.square().add(1))], ["input"]),
  sinh: d("SinhBackward0", ["input"], (g, c) => [g.mul(c.a.input.cosh())], ["input"]),
  cosh: d("CoshBackward0", ["input"], (g, c) => [g.mul(c.a.input.sinh())], ["input"]),
  tanh: d("TanhBackward0", ["input"], (g, c) => [g.mul(c.result.square().neg().add(1))], ["result"]),
  arcsinh: d("AsinhBackward0", ["input"], (g, c) => [g.div(c.a.input.square().add(1).sqrt())], ["input"]),
  arccosh: d("AcoshBackward0", ["input"], (g, c) => [g.div(c.a.input.square().sub(1).sqrt())], ["input"]),
  arctanh: d("AtanhBackward0", ["input"], (g, c) => [g.div(c.a.input.square().neg().add(1))], ["input"]),
  erf: d("ErfBackward0", ["input"], (g, c) => [g.mul(c.a.input.square().neg().exp()).mul(2 / Math.sqrt(Math.PI))], [
    "input",
  ]),
  erfc: d("ErfcBackward0", ["input"], (g, c) => [g.mul(c.a.input.square().neg().exp()).mul(-2 / Math.sqrt(Math.PI))], [
    "input",
  ]),
  sigmoid: d("SigmoidBackward0", ["input"], (g, c) => [g.mul(c.result).mul(c.result.neg().add(1))], ["result"]),
  relu: d("ReluBackward0", ["input"], (g, c) => [zeroWhere(g, c.result.le(0))], ["result"]),
  frac: d("FracBackward0", ["input"], (g) => [g]),
  lgamma: d("LgammaBackward0", ["input"], (g, c) => [g.mul(c.a.input.digamma())], ["input"]),
  // piecewise constant: differentiable with a zero gradient, as in PyTorch
  round: d("RoundBackward0", ["input"], (g) => [g.mul(0)]),
  sign: d("SignBackward0", ["input"], (g) => [g.mul(0)]),
  floor: d("FloorBackward0", ["input"], (g) => [g.mul(0)]),
  ceil: d("CeilBackward0", ["input"], (g) => [g.mul(0)]),
  trunc: d("TruncBackward0", ["input"], (g) => [g.mul(0)]),
};

const BINARY: Record<string, Derivative> = {
  add: d("AddBackward0", ["input", "other"], (g, c) => [g, scaled(g, c.a.alpha)]),
  subtract: d("SubBackward0", ["input", "other"], (g, c) => [g, scaled(g, c.a.alpha).neg()]),
  multiply: d("MulBackward0", ["input", "other"], (g, c) => {
    const x = c.a.input, y = c.a.other;
    return [c.needs[0] ? g.mul(y) : null, c.needs[1] ? g.mul(x) : null];
  }, ["input", "other"]),
  divide: d("DivBackward0", ["input", "other"], (g, c) => {
    if (c.a.roundingMode) return [g.mul(0), T(c.a.other) ? g.mul(0) : null];
    const x = c.a.input, y = c.a.other;
    return [c.needs[0] ? g.div(y) : null, c.needs[1] ? g.mul(x).div(y.mul(y)).neg() : null];
  }, ["input", "other"]),
  power: d((a) => (T(a.other) ? (T(a.input) ? "PowBackward1" : "PowBackward2") : "PowBackward0"), [
    "input",
    "other",
  ], (g, c) => {
    const x = c.a.input, y = c.a.other;
    // d/dx x^y = y x^(y-1), taken as 0 where y == 0 (PyTorch's choice, also at x == 0)
    let gx: Tensor | null = null;
    if (c.needs[0]) {
      gx = T(y) ? zeroWhere(g.mul(y).mul(x.pow(y.sub(1))), y.eq(0)) : y === 0 ? g.mul(0) : g.mul(y).mul(x.pow(y - 1));
    }
    // d/dy x^y = x^y log x, taken as 0 where x == 0 and y >= 0 (PyTorch's choice)
    let gy: Tensor | null = null;
    if (c.needs[1]) {
      gy = T(x)
        ? g.mul(zeroWhere(c.result.mul(x.log()), x.eq(0).logicalAnd(y.ge(0))))
        : x === 0
        ? g.mul(zeroWhere(c.result.mul(-Infinity), y.ge(0)))
        : g.mul(c.result.mul(Math.log(Number(x))));
    }
    return [gx, gy];
  }, ["input", "other", "result"]),
  remainder: d("RemainderBackward0", ["input", "other"], (g, c) => {
    const y = c.a.other;
    return [g, T(y) ? g.mul(c.a.input.div(y, { roundingMode: "floor" })).neg() : null];
  }, ["input", "other"]),
  fmod: d("FmodBackward0", ["input", "other"], (g, c) => {
    const y = c.a.other;
    return [g, T(y) ? g.mul(c.a.input.div(y, { roundingMode: "trunc" })).neg() : null];
  }, ["input", "other"]),
  maximum: d("MaximumBackward0", ["input", "other"], (g, c) => tieSplit(g, c.a.input, c.a.other, true), [
    "input",
    "other",
  ]),
  minimum: d("MinimumBackward0", ["input", "other"], (g, c) => tieSplit(g, c.a.input, c.a.other, false), [
    "input",
    "other",
  ]),
  fmax: d("FmaxBackward0", ["input", "other"], (g, c) => {
    const x = c.a.input as Tensor, y = c.a.other as Tensor;
    const wx = x.ge(y).logicalOr(y.isnan()).to(g.dtype);
    return [g.mul(wx), g.mul(wx.neg().add(1))];
  }, ["input", "other"]),
  fmin: d("FminBackward0", ["input", "other"], (g, c) => {
    const x = c.a.input as Tensor, y = c.a.other as Tensor;
    const wx = x.le(y).logicalOr(y.isnan()).to(g.dtype);
    return [g.mul(wx), g.mul(wx.neg().add(1))];
  }, ["input", "other"]),
  arctan2: d("Atan2Backward0", ["input", "other"], (g, c) => {
    const x = c.a.input, y = c.a.other;
    const r = c.F.hypot(x, y).square();
    return [g.mul(y).div(r), g.mul(x).div(r).neg()];
  }, ["input", "other"]),
  hypot: d(
    "HypotBackward0",
    ["input", "other"],
    (g, c) => [g.mul(c.a.input).div(c.result), T(c.a.other) ? g.mul(c.a.other).div(c.result) : null],
    ["input", "other", "result"],
  ),
  copysign: d(
    "CopysignBackward0",
    ["input", "other"],
    (g, c) => [zeroWhere(g.mul(c.result).div(c.a.input), c.a.input.eq(0)), T(c.a.other) ? g.mul(0) : null],
    ["input", "result"],
  ),
  logaddexp: d("LogaddexpBackward0", ["input", "other"], (g, c) => {
    const x = c.a.input, y = c.a.other;
    return [g.div(y.sub(x).exp().add(1)), g.div(x.sub(y).exp().add(1))];
  }, ["input", "other"]),
  where: d(
    "WhereBackward0",
    ["condition", "input", "other"],
    (g, c) => [null, g.maskedFill(c.a.condition.logicalNot(), 0), g.maskedFill(c.a.condition, 0)],
    ["condition"],
  ),
  whereMethod: d(
    "WhereBackward0",
    ["input", "condition", "other"],
    (g, c) => [g.maskedFill(c.a.condition.logicalNot(), 0), null, g.maskedFill(c.a.condition, 0)],
    ["condition"],
  ),
};

/** maximum/minimum: the gradient goes to the larger (smaller) operand, split evenly on ties. */
function tieSplit(g: Tensor, x: unknown, y: unknown, max: boolean): (Tensor | null)[] {
  const xt = x as Tensor, yt = y as Tensor;
  const win = (max ? xt.gt(yt) : xt.lt(yt)).to(g.dtype).add(xt.eq(yt).to(g.dtype).mul(0.5));
  return [g.mul(win), T(y) ? g.mul(win.neg().add(1)) : null];
}

const REDUCE: Record<string, Derivative> = {
  sum: d((a) => (a.dim === null ? "SumBackward0" : "SumBackward1"), ["input"], (g, c) => {
    const x = c.a.input as Tensor;
    return [unreduce(g, x.shape, dims(x, c.a.dim), c.a.keepdim).expand(x.shape)];
  }),
  mean: d((a) => (a.dim === null ? "MeanBackward0" : "MeanBackward1"), ["input"], (g, c) => {
    const x = c.a.input as Tensor, ds = dims(x, c.a.dim);
    const n = ds.reduce((p, i) => p * x.shape[i], 1);
    return [unreduce(g, x.shape, ds, c.a.keepdim).expand(x.shape).div(n)];
  }),
  prod: d((a) => (a.dim === null ? "ProdBackward0" : "ProdBackward1"), ["input"], (g, c) => {
    const x = c.a.input as Tensor, ds = dims(x, c.a.dim);
    return [unreduce(g, x.shape, ds, c.a.keepdim).mul(exclusiveProd(x, ds, c.F))];
  }, ["input"]),
  max: d("MaxBackward1", ["input"], (g, c) => [evenly(g, c.a.input, c.result, dims(c.a.input, null), false)], [
    "input",
    "result",
  ]),
  min: d("MinBackward1", ["input"], (g, c) => [evenly(g, c.a.input, c.result, dims(c.a.input, null), false)], [
    "input",
    "result",
  ]),
  "max.dim": d(
    "MaxBackward0",
    ["input"],
    (g, c) => [pickBackward(g, c.a.input, c.a.dim, c.outputs[1] ?? idx(c), c.a.keepdim)],
    ["indices"],
  ),
  "min.dim": d(
    "MinBackward0",
    ["input"],
    (g, c) => [pickBackward(g, c.a.input, c.a.dim, c.outputs[1] ?? idx(c), c.a.keepdim)],
    ["indices"],
  ),
  amax: d(
    "AmaxBackward0",
    ["input"],
    (g, c) => [evenly(g, c.a.input, c.result, dims(c.a.input, c.a.dim), c.a.keepdim)],
    ["input", "result"],
  ),
  amin: d(
    "AminBackward0",
    ["input"],
    (g, c) => [evenly(g, c.a.input, c.result, dims(c.a.input, c.a.dim), c.a.keepdim)],
    ["input", "result"],
  ),
  median: d("MedianBackward0", ["input"], (g, c) => [evenly(g, c.a.input, c.result, dims(c.a.input, null), false)], [
    "input",
    "result",
  ]),
  cumsum: d("CumsumBackward0", ["input"], (g, c) => {
    const dd = normalizeAxis("cumsum", c.a.dim, Math.max(g.ndim, 1));
    return [g.ndim === 0 ? g : g.flip(dd).cumsum(dd).flip(dd)];
  }),
  cumprod: d("CumprodBackward0", ["input"], (g, c) => {
    const x = c.a.input as Tensor, dd = normalizeAxis("cumprod", c.a.dim, Math.max(x.ndim, 1));
    if (x.ndim === 0) return [g];
    return [g.mul(c.result).flip(dd).cumsum(dd).flip(dd).div(x)];
  }, ["input", "result"]),
};
/** The indices output of a values/indices op (kept with the node's outputs). */
const idx = (c: VjpCtx): Tensor => {
  throw new RuntimeError(`indices of ${c.result.gradFn?.name} are unavailable`);
};

/** prod_{j != i} x_j over the reduced dims, exact with zeros (prefix and suffix products). */
function exclusiveProd(x: Tensor, ds: number[], F: TorchFns): Tensor {
  const cat = (a: Tensor, b: Tensor): Tensor => F.cat([a, b], 1);
  const keep = [...Array(x.ndim).keys()].filter((i) => !ds.includes(i));
  const moved = x.permute([...keep, ...ds]);
  const n = ds.reduce((p, i) => p * x.shape[i], 1);
  const rows = moved.reshape(-1, n);
  const ones = rows.newOnes([rows.shape[0], 1]);
  const left = cat(ones, rows.narrow(1, 0, n - 1).cumprod(1));
  const right = cat(ones, rows.flip(1).narrow(1, 0, n - 1).cumprod(1)).flip(1);
  const ex = left.mul(right).reshape(moved.shape);
  const inv = new Array<number>(x.ndim);
  [...keep, ...ds].forEach((p, i) => (inv[p] = i));
  return ex.permute(inv);
}

const SHAPE: Record<string, Derivative> = {
  reshape: d("ReshapeAliasBackward0", ["input"], (g, c) => [g.reshape(c.a.input.shape)]),
  view: d("ViewBackward0", ["input"], (g, c) => [g.reshape(c.a.input.shape)]),
  ravel: d("ViewBackward0", ["input"], (g, c) => [g.reshape(c.a.input.shape)]),
  flatten: d("ViewBackward0", ["input"], (g, c) => [g.reshape(c.a.input.shape)]),
  unflatten: d("ViewBackward0", ["input"], (g, c) => [g.reshape(c.a.input.shape)]),
  squeeze: d("SqueezeBackward0", ["input"], (g, c) => [g.reshape(c.a.input.shape)]),
  // (PyTorch's grad.squeeze(dim): the input's shape may have changed since, by an in-place view op such as unsqueeze_)
  unsqueeze: d("UnsqueezeBackward0", ["input"], (g, c) => [g.squeeze(c.a.dim as number)]),
  atleast1d: d("ViewBackward0", ["input"], (g, c) => [g.reshape(c.a.input.shape)]),
  atleast2d: d("ViewBackward0", ["input"], (g, c) => [g.reshape(c.a.input.shape)]),
  atleast3d: d("ViewBackward0", ["input"], (g, c) => [g.reshape(c.a.input.shape)]),
  transpose: d("TransposeBackward0", ["input"], (g, c) => [g.transpose(c.a.dim0, c.a.dim1)]),
  t: d("TBackward0", ["input"], (g) => [g.t()]),
  permute: d("PermuteBackward0", ["input"], (g, c) => {
    const p = (typeof c.a.dims === "number" ? [c.a.dims] : c.a.dims as number[]).map((x) =>
      normalizeAxis("permute", x, g.ndim)
    );
    const inv = new Array<number>(p.length);
    p.forEach((x, i) => (inv[x] = i));
    return [g.permute(inv)];
  }),
  moveaxis: d("MovedimBackward0", ["input"], (g, c) => [g.movedim(c.a.destination, c.a.source)]),
  expand: d("ExpandBackward0", ["input"], (g) => [g]),
  flip: d("FlipBackward0", ["input"], (g, c) => [g.flip(c.a.dims)]),
  roll: d("RollBackward0", ["input"], (g, c) => {
    const neg = typeof c.a.shifts === "number" ? -c.a.shifts : (c.a.shifts as number[]).map((s) => -s);
    return [g.roll(neg, c.a.dims)];
  }),
  tile: d("TileBackward0", ["input"], (g, c) => [tileBack(g, c.a.input.shape, c.a.dims)]),
  repeat: d("RepeatBackward0", ["input"], (g, c) => [tileBack(g, c.a.input.shape, c.a.repeats)]),
  repeatInterleave: d("RepeatInterleaveBackward0", ["input"], (g, c) => {
    const x = c.a.input as Tensor;
    const src = c.a.dim === null ? x.reshape(-1) : x;
    const dd = c.a.dim === null ? 0 : normalizeAxis("repeat_interleave", c.a.dim, x.ndim);
    const n = src.shape[dd];
    const index = c.F.arange(n, { device: g.device }).repeatInterleave(c.a.repeats);
    return [g.newZeros(src.shape).indexAdd(dd, index, g).reshape(x.shape)];
  }),
  diagonal: d("DiagonalBackward0", ["input"], (g, c) => [viewBack(g, c, "input")]),
  select: d("SelectBackward0", ["input"], (g, c) => [viewBack(g, c, "input")]),
  narrow: d("NarrowBackward0", ["input"], (g, c) => [viewBack(g, c, "input")]),
  unfold: d("UnfoldBackward0", ["input"], (g, c) => [viewBack(g, c, "input")]),
  asStrided: d("AsStridedBackward0", ["input"], (g, c) => [viewBack(g, c, "input")]),
  diag: d("DiagBackward0", ["input"], (g, c) => {
    const x = c.a.input as Tensor;
    if (x.ndim === 1) return [g.diagonal(c.a.diagonal)];
    // the diagonal of a matrix: g on that diagonal of a zero matrix
    return [c.F._viewScatter(g, x.layout, x.layout.diagonal("diag", c.a.diagonal, 0, 1), x.storage.length)];
  }),
  mode: d(
    "ModeBackward0",
    ["input"],
    (g, c) => [pickBackward(g, c.a.input, c.a.dim, c.outputs[1] ?? idx(c), c.a.keepdim)],
    ["indices"],
  ),
  diagEmbed: d("DiagEmbedBackward0", ["input"], (g, c) => [g.diagonal(c.a.offset, c.a.dim1, c.a.dim2)]),
  tril: d("TrilBackward0", ["input"], (g, c) => [g.tril(c.a.diagonal)]),
  triu: d("TriuBackward0", ["input"], (g, c) => [g.triu(c.a.diagonal)]),
  concatenate: d("CatBackward0", ["tensors"], (g, c) => splitLike(g, c.a.tensors, c.a.dim)),
  stack: d("StackBackward0", ["tensors"], (g, c) => {
    const dd = normalizeAxis("stack", c.a.dim, g.ndim);
    return g.unbind(dd);
  }),
  hstack: d("CatBackward0", ["tensors"], (g, c) => {
    const ts = c.a.tensors as Tensor[];
    const at = ts.map((t) => (t.ndim === 0 ? t.reshape(1) : t));
    return splitLike(g, at, at[0].ndim === 1 ? 0 : 1).map((x, i) => x!.reshape(ts[i].shape));
  }),
  vstack: d("CatBackward0", ["tensors"], (g, c) => {
    const ts = c.a.tensors as Tensor[];
    const at = ts.map((t) => c.F.atleast2d(t));
    return splitLike(g, at, 0).map((x, i) => x!.reshape(ts[i].shape));
  }),
  dstack: d("CatBackward0", ["tensors"], (g, c) => {
    const ts = c.a.tensors as Tensor[];
    const at = ts.map((t) => c.F.atleast3d(t));
    return splitLike(g, at, 2).map((x, i) => x!.reshape(ts[i].shape));
  }),
  split: d("SplitBackward0", ["tensor"], (_g, c) => [joinGrads(c, c.a.tensor, c.a.dim)], ["tensor"]),
  arraySplit: d("SplitBackward0", ["input"], (_g, c) => [joinGrads(c, c.a.input, c.a.dim)], ["input"]),
  chunk: d("SplitBackward0", ["input"], (_g, c) => [joinGrads(c, c.a.input, c.a.dim)], ["input"]),
  unbind: d("UnbindBackward0", ["input"], (_g, c) => {
    const x = c.a.input as Tensor, dd = normalizeAxis("unbind", c.a.dim, x.ndim);
    return [stackGrads(c, x, dd)];
  }, ["input"]),
};

/** Sums a tiled gradient back over its tiles. */
function tileBack(g: Tensor, shape: number[], reps: number | readonly number[]): Tensor {
  const r = typeof reps === "number" ? [reps] : [...reps];
  const nd = Math.max(r.length, shape.length);
  const rr = [...Array(nd - r.length).fill(1), ...r], ss = [...Array(nd - shape.length).fill(1), ...shape];
  const inter: number[] = [];
  ss.forEach((s, i) => inter.push(rr[i], s));
  const summed = g.reshape(inter).sum(inter.map((_, i) => i).filter((i) => i % 2 === 0));
  return summed.reshape(shape);
}

/** cat's gradient: g split back into its inputs' sizes along dim. */
function splitLike(g: Tensor, ts: Tensor[], dim: number): (Tensor | null)[] {
  const used = ts.filter((t) => !(t.ndim === 1 && t.numel() === 0));
  const dd = normalizeAxis("cat", dim, g.ndim);
  let at = 0;
  return ts.map((t) => {
    if (!used.includes(t)) return null;
    const n = t.shape[dd];
    const part = g.narrow(dd, at, n);
    at += n;
    return part;
  });
}

/** split/chunk's gradient: the outputs' gradients joined (zeros for missing ones). */
function joinGrads(c: VjpCtx, x: Tensor, dim: number): Tensor {
  const dd = normalizeAxis("split", dim, x.ndim);
  const parts = c.outputs.map((o, i) => c.grads[i] ?? o.newZeros(o.shape));
  return c.F.cat(parts, dd);
}

/** unbind's gradient: the outputs' gradients stacked (zeros for missing ones). */
function stackGrads(c: VjpCtx, _x: Tensor, dd: number): Tensor {
  const parts = c.outputs.map((o, i) => c.grads[i] ?? o.newZeros(o.shape));
  return c.F.stack(parts, dd);
}

const INDEX: Record<string, Derivative> = {
  get: d(
    (a) => indexName(a.index),
    ["input"],
    (g, c) => {
      const x = c.a.input as Tensor;
      // basic indexing is a view: g on its elements; advanced indexing accumulates
      if (isBasic(torchParts(c.a.index))) return [viewBack(g, c, "input")];
      return [c.F._indexPutAcc(g.newZeros(x.shape), c.a.index, g)];
    },
    ["index"],
  ),
  // `z[i] = v`: PyTorch's indexing first takes a view for integers, slices and None (then CopySlices), and
  // index_put_ on z itself (IndexPutBackward0), or copy_ when the index is all full slices (CopyBackwards)
  set: d(
    (a) => setName(torchParts(a.index)),
    ["input", "value"],
    (g, c) => [g.clone().set(c.a.index, 0), T(c.a.value) ? g.get(c.a.index) : null],
    ["index"],
  ),
  take: d(
    "TakeBackward0",
    ["input"],
    (g, c) => [c.F._indexPutAcc(g.newZeros([c.a.input.numel()]), [c.a.index], g).reshape(c.a.input.shape)],
    ["index"],
  ),
  gather: d(
    "GatherBackward0",
    ["input"],
    (g, c) => [g.newZeros(c.a.input.shape).scatterAdd_(c.a.dim, c.a.index, g)],
    ["index"],
  ),
  scatter: d(
    (a) => (T(a.src) ? "ScatterBackward0" : "ScatterBackward1"),
    ["input", "src"],
    (g, c) => {
      if (c.a.reduce !== null && c.a.reduce !== undefined) {
        throw new RuntimeError("derivative for aten::scatter with reduce is not implemented");
      }
      return [g.scatter(c.a.dim, c.a.index, 0), T(c.a.src) ? g.gather(c.a.dim, c.a.index) : null];
    },
    ["index"],
  ),
  scatterAdd: d("ScatterAddBackward0", ["input", "src"], (g, c) => [g, g.gather(c.a.dim, c.a.index)], ["index"]),
  indexSelect: d(
    "IndexSelectBackward0",
    ["input"],
    (g, c) => [g.newZeros(c.a.input.shape).indexAdd(c.a.dim, c.a.index.reshape(-1), g)],
    ["index"],
  ),
  indexAdd: d(
    "IndexAddBackward0",
    ["input", "source"],
    (g, c) => [g, scaled(g.indexSelect(c.a.dim, c.a.index.reshape(-1)), c.a.alpha)],
    ["index"],
  ),
  indexCopy: d(
    "IndexCopyBackward0",
    ["input", "source"],
    (g, c) => [g.indexFill(c.a.dim, c.a.index, 0), g.indexSelect(c.a.dim, c.a.index)],
    ["index"],
  ),
  indexFill: d(
    (a) => (T(a.value) ? "IndexFillBackward1" : "IndexFillBackward0"),
    ["input", "value"],
    (g, c) => [g.indexFill(c.a.dim, c.a.index, 0), T(c.a.value) ? g.indexSelect(c.a.dim, c.a.index).sum() : null],
    ["index"],
  ),
  fillDiagonal: d("FillDiagonalBackward0", ["input"], (g, c) => [g.clone().fillDiagonal_(0, c.a.wrap)]),
  maskedFill: d(
    (a) => (T(a.value) ? "MaskedFillBackward1" : "MaskedFillBackward0"),
    ["input", "value"],
    (g, c) => [g.maskedFill(c.a.mask, 0), T(c.a.value) ? g.maskedSelect(c.a.mask).sum() : null],
    ["mask"],
  ),
  maskedSelect: d("MaskedSelectBackward0", ["input"], (g, c) => {
    const x = c.a.input as Tensor, mask = c.a.mask as Tensor;
    const shape = x.add(mask.to(x.dtype)).shape;
    return [c.F._indexPutAcc(g.newZeros(shape), [mask.expand(shape)], g)];
  }, ["mask"]),
  clip: d("ClampBackward1", ["input", "min", "max"], (g, c) => {
    const x = c.a.input as Tensor, lo = c.a.min, hi = c.a.max;
    let inside = x.eq(x);
    if (lo !== null) inside = inside.logicalAnd(x.ge(lo));
    if (hi !== null) inside = inside.logicalAnd(x.le(hi));
    const gl = T(lo) ? g.maskedFill(x.ge(lo), 0) : null;
    const gh = T(hi) ? g.maskedFill(x.le(hi), 0) : null;
    return [g.maskedFill(inside.logicalNot(), 0), gl, gh];
  }, ["input", "min", "max"]),
  sort: d(
    "SortBackward0",
    ["input"],
    (g, c) => [pickBackward(g, c.a.input, c.a.dim, c.outputs[1] ?? idx(c), true)],
    ["indices"],
  ),
  topk: d(
    "TopkBackward0",
    ["input"],
    (g, c) => [pickBackward(g, c.a.input, c.a.dim, c.outputs[1] ?? idx(c), true)],
    ["indices"],
  ),
  kthvalue: d(
    "KthvalueBackward0",
    ["input"],
    (g, c) => [pickBackward(g, c.a.input, c.a.dim, c.outputs[1] ?? idx(c), c.a.keepdim)],
    ["indices"],
  ),
  "median.dim": d(
    "MedianBackward1",
    ["input"],
    (g, c) => [pickBackward(g, c.a.input, c.a.dim, c.outputs[1] ?? idx(c), c.a.keepdim)],
    ["indices"],
  ),
  indexPut: d("IndexPutBackward0", ["input", "values"], (g, c) => {
    const index = Array.isArray(c.a.indices) ? c.a.indices : [c.a.indices];
    return [c.a.accumulate ? g : g.clone().set(index, 0), T(c.a.values) ? g.get(index) : null];
  }, ["indices"]),
  _indexPutAcc: d("IndexPutBackward0", ["input", "values"], (g, c) => [g, g.get(c.a.index)], ["index"]),
  _viewScatter: d("AsStridedScatterBackward0", ["g"], (gg, c) => [c.F._viewGather(gg, c.a.base, c.a.view, c.a.length)]),
  _viewGather: d("AsStridedBackward0", ["g"], (gg, c) => [c.F._viewScatter(gg, c.a.base, c.a.view, c.a.length)]),
};

const LINALG: Record<string, Derivative> = {
  matmul: d(
    (a) => matmulName(a.input, a.other),
    ["input", "other"],
    (g, c) => matmulGrads(g, c.a.input, c.a.other, c.needs),
    [
      "input",
      "other",
    ],
  ),
  mm: d("MmBackward0", ["input", "mat2"], (g, c) => matmulGrads(g, c.a.input, c.a.mat2, c.needs), ["input", "mat2"]),
  bmm: d("BmmBackward0", ["input", "mat2"], (g, c) => matmulGrads(g, c.a.input, c.a.mat2, c.needs), ["input", "mat2"]),
  mv: d("MvBackward0", ["input", "vec"], (g, c) => matmulGrads(g, c.a.input, c.a.vec, c.needs), ["input", "vec"]),
  dot: d("DotBackward0", ["input", "tensor"], (g, c) => matmulGrads(g, c.a.input, c.a.tensor, c.needs), [
    "input",
    "tensor",
  ]),
  outer: d("OuterBackward0", ["input", "vec2"], (g, c) => [g.mv(c.a.vec2), g.t().mv(c.a.input)], ["input", "vec2"]),
  inv: d("LinalgInvExBackward0", ["A"], (g, c) => [mT(c.result).matmul(g).matmul(mT(c.result)).neg()], ["result"]),
  det: d("LinalgDetBackward0", ["A"], (g, c) => [g.mul(c.result).unsqueeze(-1).unsqueeze(-1).mul(mT(c.L.inv(c.a.A)))], [
    "A",
    "result",
  ]),
  slogdet: d("LinalgSlogdetBackward0", ["A"], (_g, c) => {
    const gl = c.grads[1];
    return [gl ? gl.unsqueeze(-1).unsqueeze(-1).mul(mT(c.L.inv(c.a.A))) : null];
  }, ["A"]),
  solve: d("LinalgSolveExBackward0", ["A", "B"], (g, c) => {
    const A = c.a.A as Tensor, X = c.result;
    if (c.a.left === false) {
      // X A = B: gB = g A^-T, gA = -X^T gB
      const gBr = mT(c.L.solve(A, mT(g)));
      return [mT(X).matmul(gBr).neg(), gBr];
    }
    const vec = c.a.B.ndim === 1;
    const gB = c.L.solve(mT(A), g);
    const gA = vec ? gB.unsqueeze(-1).matmul(X.unsqueeze(-2)).neg() : gB.matmul(mT(X)).neg();
    return [gA, gB];
  }, ["A", "result"]),
  cholesky: d("LinalgCholeskyExBackward0", ["A"], (g, c) => {
    const L = c.a.upper ? mT(c.result) : c.result, gL = c.a.upper ? mT(g) : g;
    // A = L L^T: gA = L^-T Phi(L^T gL) L^-1, symmetrized (Phi: lower triangle, diagonal halved)
    const phi = mT(L).matmul(gL).tril();
    const P = phi.sub(phi.diagonal(0, -2, -1).diagEmbed().mul(0.5));
    const Linv = c.L.inv(L);
    const S = mT(Linv).matmul(P).matmul(Linv);
    return [S.add(mT(S)).mul(0.5)];
  }, ["result"]),
  eigh: d("LinalgEighBackward0", ["A"], (_g, c) => {
    const [w, V] = c.outputs;
    const gw = c.grads[0], gV = c.grads[1];
    let inner = gw ? gw.diagEmbed() : w.newZeros([...w.shape, w.shape[w.ndim - 1]]);
    if (gV) {
      const VtgV = mT(V).matmul(gV);
      const E = w.unsqueeze(-2).sub(w.unsqueeze(-1));
      const F = E.eq(0).logicalNot().to(E.dtype).div(E.add(E.eq(0).to(E.dtype)));
      inner = inner.add(VtgV.sub(mT(VtgV)).mul(0.5).mul(F));
    }
    return [V.matmul(inner).matmul(mT(V))];
  }, ["result"]),
  eigvalsh: d("LinalgEighBackward0", ["A"], (g, c) => {
    const [, V] = c.L.eigh(c.a.A, c.a.UPLO);
    return [V.matmul(g.diagEmbed()).matmul(mT(V))];
  }, ["A"]),
  svd: d("LinalgSvdBackward0", ["A"], (_g, c) => [svdBackward(c)], ["result"]),
  svdvals: d("LinalgSvdBackward0", ["A"], (g, c) => {
    const [U, , Vh] = c.L.svd(c.a.A, false);
    return [U.mul(g.unsqueeze(-2)).matmul(Vh)];
  }, ["A"]),
  qr: d("LinalgQrBackward0", ["A"], (_g, c) => [qrBackward(c)], ["result"]),
  vectorNorm: d(
    "LinalgVectorNormBackward0",
    ["x"],
    (g, c) => [normBackward(g, c.a.x, c.result, c.a.ord, dims(c.a.x, c.a.dim), c.a.keepdim)],
    ["x", "result"],
  ),
};

/** The p-norm's gradient, with PyTorch's zero subgradient where the norm is 0. */
function normBackward(g: Tensor, x: Tensor, norm: Tensor, p: number, ds: number[], keepdim: boolean): Tensor {
  const gg = unreduce(g, x.shape, ds, keepdim), n = unreduce(norm, x.shape, ds, keepdim);
  if (p === 0) return x.mul(0);
  if (p === 1) return gg.mul(x.sign());
  if (p === Infinity || p === -Infinity) {
    const ax = x.abs(), mask = ax.eq(n).to(g.dtype);
    return gg.mul(x.sign()).mul(mask).div(mask.sum(ds, true));
  }
  if (p === 2) return zeroWhere(gg.mul(x).div(n), n.eq(0));
  return zeroWhere(gg.mul(x).mul(x.abs().pow(p - 2)).div(n.pow(p - 1)), n.eq(0));
}

/** The reduced SVD's gradient (distinct, non-zero singular values). */
function svdBackward(c: VjpCtx): Tensor {
  const [U, S, Vh] = c.outputs;
  const [gU, gS, gVh] = c.grads;
  const V = mT(Vh);
  const k = S.shape[S.ndim - 1];
  const m = U.shape[U.ndim - 2], n = V.shape[V.ndim - 2];
  if (!c.a.fullMatrices || (m === k && n === k) || (!gU && !gVh)) {
    let inner = gS ? gS.diagEmbed() : S.newZeros([...S.shape, k]);
    const s2 = S.square(), E = s2.unsqueeze(-2).sub(s2.unsqueeze(-1));
    const F = E.eq(0).logicalNot().to(E.dtype).div(E.add(E.eq(0).to(E.dtype)));
    const Sd = S.diagEmbed();
    let extra: Tensor | null = null;
    if (gU) {
      const J = F.mul(mT(U).matmul(gU).sub(mT(gU).matmul(U)));
      inner = inner.add(J.matmul(Sd));
      if (m > k) extra = gU.sub(U.matmul(mT(U).matmul(gU))).div(S.unsqueeze(-2)).matmul(Vh);
    }
    const gV = gVh ? mT(gVh) : null;
    if (gV) {
      const K = F.mul(mT(V).matmul(gV).sub(mT(gV).matmul(V)));
      inner = inner.add(Sd.matmul(K));
      if (n > k) {
        const e2 = U.div(S.unsqueeze(-2)).matmul(mT(gV.sub(V.matmul(mT(V).matmul(gV)))));
        extra = extra ? extra.add(e2) : e2;
      }
    }
    const gA = U.matmul(inner).matmul(Vh);
    return extra ? gA.add(extra) : gA;
  }
  throw new RuntimeError(
    "linalg.svd: the gradient with fullMatrices=True is not defined when U or Vh is used; use fullMatrices=False",
  );
}

/** The reduced QR's gradient (m >= n), as PyTorch's linalg_qr_backward. */
function qrBackward(c: VjpCtx): Tensor {
  const [Q, R] = c.outputs;
  const [gQ0, gR0] = c.grads;
  const m = Q.shape[Q.ndim - 2], n = R.shape[R.ndim - 1];
  if (m < n) {
    throw new RuntimeError("The derivative of linalg.qr is not implemented when mode='complete' and nrows > ncols.");
  }
  const gQ = gQ0 ?? Q.newZeros(Q.shape), gR = gR0 ?? R.newZeros(R.shape);
  const M = R.matmul(mT(gR)).sub(mT(gQ).matmul(Q));
  const copyltu = M.tril(-1).add(mT(M.tril(-1))).add(M.diagonal(0, -2, -1).diagEmbed());
  const b = gQ.add(Q.matmul(copyltu));
  return b.matmul(mT(c.L.inv(R)));
}

const MISC: Record<string, Derivative> = {
  copy: d("CloneBackward0", ["input"], (g) => [g]),
  contiguous: d("CloneBackward0", ["input"], (g) => [g]),
  to: d("ToCopyBackward0", ["input"], (g, c) => [g.to(c.a.input.device, c.a.input.dtype)]),
  fill: d((a) => (T(a.value) ? "FillBackward3" : "FillBackward2"), ["input", "value"], (g, c) => [
    g.mul(0),
    T(c.a.value) ? g.sum() : null,
  ]),
  // random fills: the old values are gone and the new ones carry no gradient
  uniform_: d("UniformBackward0", ["input"], (g) => [g.mul(0)]),
  normal_: d("NormalBackward0", ["input"], (g) => [g.mul(0)]),
  bernoulli_: d("BernoulliBackward2", ["input"], (g) => [g.mul(0)]),
  exponential_: d("ExponentialBackward0", ["input"], (g) => [g.mul(0)]),
  cauchy_: d("CauchyBackward0", ["input"], (g) => [g.mul(0)]),
  poisson: d("PoissonBackward0", ["input"], (g) => [g.mul(0)]),
  // PyTorch records binomial (grad_fn NotImplemented) and raises in backward
  binomial: d("NotImplemented", ["count", "prob"], () => {
    throw new RuntimeError("derivative for aten::binomial is not implemented");
  }),
  logNormal_: d("LogNormalBackward0", ["input"], (g) => [g.mul(0)]),
  geometric_: d("GeometricBackward0", ["input"], (g) => [g.mul(0)]),
  random_: d(
    (a) => (a.from !== undefined ? "RandomBackward0" : a.to !== undefined ? "RandomBackward1" : "RandomBackward2"),
    ["input"],
    (g) => [g.mul(0)],
  ),
  bernoulli: d("BernoulliBackward0", ["input"], (g) => [g.mul(0)]),
  // PyTorch's normal(mean, std) with tensors is not reparameterized: zero gradients for both
  "normal.tensor": d(
    (a) => (T(a.mean) && T(a.std) ? "NormalBackward3" : T(a.mean) ? "NormalBackward1" : "NormalBackward2"),
    ["mean", "std"],
    (g) => [g.mul(0), g.mul(0)],
  ),
  zero: d("ZeroBackward0", ["input"], (g) => [g.mul(0)]),
  copy_: d("CopyBackwards", ["input", "src"], (g, c) => [g.mul(0), g.to(c.a.src.dtype)]),
};

/** softmax and friends (src/torch/ops/softmax.ts). */
const SOFTMAX: Record<string, Derivative> = {
  softmax: d("SoftmaxBackward0", ["input"], (g, c) => {
    const dd = normalizeAxis("softmax", c.a.dim, Math.max(g.ndim, 1));
    return [c.result.mul(g.sub(g.mul(c.result).sum(dd, true)))];
  }, ["result"]),
  logSoftmax: d("LogSoftmaxBackward0", ["input"], (g, c) => {
    const dd = normalizeAxis("logSoftmax", c.a.dim, Math.max(g.ndim, 1));
    return [g.sub(c.result.exp().mul(g.sum(dd, true)))];
  }, ["result"]),
  logsumexp: d("LogsumexpBackward0", ["input"], (g, c) => {
    const x = c.a.input as Tensor, ds = dims(x, c.a.dim);
    return [unreduce(g, x.shape, ds, c.a.keepdim).mul(x.sub(unreduce(c.result, x.shape, ds, c.a.keepdim)).exp())];
  }, ["input", "result"]),
};

/** The derivatives, by overload id. */
export const DERIVATIVES: Readonly<Record<string, Derivative>> = {
  ...UNARY,
  ...BINARY,
  ...REDUCE,
  ...SHAPE,
  ...INDEX,
  ...LINALG,
  ...MISC,
  ...SOFTMAX,
  ...NN_DERIVATIVES,
  ...MATH_DERIVATIVES,
  ...LINALG_EXTRA_DERIVATIVES,
  ...LINALG_MORE_DERIVATIVES,
  ...LINALG_FACTOR_DERIVATIVES,
  // torch.linalg.inv and cholesky are inv_ex's and cholesky_ex's results in PyTorch: the same nodes
  invEx: LINALG.inv,
  choleskyEx: LINALG.cholesky,
  ...SCATTER_VIEWS_DERIVATIVES,
  ...SPECIAL_DERIVATIVES,
};
