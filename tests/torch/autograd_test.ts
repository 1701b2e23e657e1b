/**
 * Autograd against PyTorch, driven by the declarations: every op torch
 * declares (TORCH_OPS and torch.linalg) has a derivative, is NONDIFF, is a
 * composite, or raises PyTorch's error when an input requires grad; every
 * derivative has samples below, whose gradients are compared with
 * PyTorch's and checked by gradcheck (float64 central differences). Then
 * in-place ops under autograd, hooks, torch.autograd.backward and the
 * functional API (jacobian, hessian, vjp, jvp) against PyTorch, and
 * linalg gradients. One Python process answers every case.
 */
import { LINALG_FACTOR_DERIVATIVES } from "../../src/torch/derivatives_linalg_factor.ts";
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import { TORCH_OPS } from "../../src/torch/tensor.ts";
import { LINALG_DECLS } from "../../src/torch/functions.ts";
import { SPECIAL_FNS } from "../../src/api/ops/special.ts";
import { DERIVATIVES, NONDIFF } from "../../src/torch/derivatives.ts";
import { returnsTensors } from "../../src/torch/runner.ts";
import { NN_DERIVATIVES } from "../../src/torch/derivatives_nn.ts";
import type { OpDecl } from "../../src/api/define.ts";
import { assertMatches, buildT, type Case, type Input, numpy, rng } from "../helpers/oracle.ts";

type T = torch.Tensor;
const f64 = { dtype: "float64" } as const;
const r = rng(33);

/** float64 input data of a shape, values from `lo` to `hi`, distinct (no ties, no kinks hit). */
function inp(shape: number[], lo = -2, hi = 2): Input {
  const n = shape.reduce((p, d) => p * d, 1);
  const data = Array.from({ length: n }, () => Math.round((lo + (hi - lo) * r()) * 1e6) / 1e6);
  return { data, dtype: "float64", shape };
}
/** A well-conditioned square matrix: random plus a multiple of the identity. */
function square(n: number, shift = 3): Input {
  const x = inp([n, n]);
  for (let i = 0; i < n; i++) (x.data as number[])[i * n + i] += shift;
  return x;
}
/** A symmetric matrix with well-separated eigenvalues (and SPD when `spd`). */
function sym(n: number, spd = false): Input {
  const m = inp([n, n]).data as number[];
  const data = Array.from({ length: n * n }, (_, k) => {
    const i = Math.floor(k / n), j = k % n;
    return (m[i * n + j] + m[j * n + i]) / 2 + (i === j ? (spd ? 6 : 0) + 2.5 * i : 0);
  });
  return { data, dtype: "float64", shape: [n, n] };
}
const long = (data: number[], shape = [data.length]): Input => ({ data, dtype: "int64", shape });
const bool = (data: boolean[], shape = [data.length]): Input => ({ data, dtype: "bool", shape });

const A = inp([3, 4]), B = inp([3, 4]), P = inp([3, 4], 0.5, 3), V = inp([4]), M = inp([4, 2]);
const U = inp([3, 4], -0.9, 0.9), G1 = inp([3, 4], 1.2, 3), S3 = square(3), SYM = sym(3), SPD = sym(3, true);
const R53 = inp([5, 3]), R35 = inp([3, 5]), B3 = inp([2, 3, 4]), B4 = inp([2, 4, 2]);
const IDX = long([2, 0, 2]),
  MASK = bool([true, false, true, false, false, true, true, false, true, false, true, true], [
    3,
    4,
  ]);

/** One sample: a PyTorch expression of the inputs a, b, c, ... and dendrite's same computation. */
interface Sample {
  py: string;
  ts: (...xs: T[]) => T | T[];
  inputs: Input[];
  /** Skip gradcheck (random results, float32 round trips). */
  nocheck?: boolean;
  tol?: { rtol?: number; atol?: number };
}
const s = (py: string, ts: Sample["ts"], inputs: Input[] = [A, B], extra: Partial<Sample> = {}): Sample => ({
  py,
  ts,
  inputs,
  ...extra,
});

/** Samples per derivative id (the op's overload id in DERIVATIVES). */
const SAMPLES: Record<string, Sample[]> = {
  negative: [s("-a", (a) => a.neg())],
  positive: [s("torch.positive(a)", (a) => torch.positive(a))],
  abs: [s("a.abs()", (a) => a.abs())],
  square: [s("a.square()", (a) => a.square())],
  reciprocal: [s("a.reciprocal()", (a) => a.reciprocal(), [P])],
  sqrt: [s("a.sqrt()", (a) => a.sqrt(), [P])],
  rsqrt: [s("a.rsqrt()", (a) => a.rsqrt(), [P])],
  exp: [s("a.exp()", (a) => a.exp())],
  exp2: [s("a.exp2()", (a) => a.exp2())],
  expm1: [s("a.expm1()", (a) => a.expm1())],
  log: [s("a.log()", (a) => a.log(), [P])],
  log2: [s("a.log2()", (a) => a.log2(), [P])],
  log10: [s("a.log10()", (a) => a.log10(), [P])],
  log1p: [s("a.log1p()", (a) => a.log1p(), [P])],
  sin: [s("a.sin()", (a) => a.sin())],
  cos: [s("a.cos()", (a) => a.cos())],
  tan: [s("a.tan()", (a) => a.tan(), [U])],
  arcsin: [s("a.asin()", (a) => a.asin(), [U])],
  arccos: [s("a.acos()", (a) => a.acos(), [U])],
  arctan: [s("a.atan()", (a) => a.atan())],
  sinh: [s("a.sinh()", (a) => a.sinh())],
  cosh: [s("a.cosh()", (a) => a.cosh())],
  tanh: [s("a.tanh()", (a) => a.tanh())],
  arcsinh: [s("a.asinh()", (a) => a.asinh())],
  arccosh: [s("a.acosh()", (a) => a.acosh(), [G1])],
  arctanh: [s("a.atanh()", (a) => a.atanh(), [U])],
  erf: [s("a.erf()", (a) => a.erf())],
  erfc: [s("a.erfc()", (a) => a.erfc())],
  sigmoid: [s("a.sigmoid()", (a) => a.sigmoid())],
  relu: [s("a.relu()", (a) => a.relu())],
  frac: [s("a.frac()", (a) => a.frac())],
  lgamma: [s("a.lgamma()", (a) => a.lgamma(), [A], { tol: { rtol: 1e-10, atol: 1e-10 } })],
  round: [s("a.round()", (a) => a.round())],
  sign: [s("a.sign()", (a) => a.sign())],
  floor: [s("a.floor()", (a) => a.floor())],
  ceil: [s("a.ceil()", (a) => a.ceil())],
  trunc: [s("a.trunc()", (a) => a.trunc())],
  add: [s("a + b", (a, b) => a.add(b)), s("a.add(b[0], alpha=2)", (a, b) => a.add(b.get(0), { alpha: 2 }))],
  subtract: [s("a - 2 * b", (a, b) => a.sub(b, { alpha: 2 })), s("3 - a", (a) => torch.sub(3, a))],
  multiply: [
    s("a * b", (a, b) => a.mul(b)),
    s("a * 3.5", (a) => a.mul(3.5)),
    s("a * b[:, :1]", (a, b) => a.mul(b.get(":, :1"))),
  ],
  divide: [s("a / b", (a, b) => a.div(b), [A, P]), s("2 / b", (_a, b) => torch.div(2, b), [A, P])],
  power: [
    s("a.pow(3)", (a) => a.pow(3)),
    s("a.pow(b)", (a, b) => a.pow(b), [P, B]),
    s("torch.pow(2.5, a)", (a) => torch.pow(2.5, a)),
    s("a.pow(-1.5)", (a) => a.pow(-1.5), [P]),
  ],
  remainder: [s("torch.remainder(a, b)", (a, b) => torch.remainder(a, b), [A, P])],
  fmod: [s("torch.fmod(a, b)", (a, b) => torch.fmod(a, b), [A, P])],
  maximum: [s("torch.maximum(a, b)", (a, b) => torch.maximum(a, b))],
  minimum: [s("torch.minimum(a, b)", (a, b) => torch.minimum(a, b))],
  fmax: [s("torch.fmax(a, b)", (a, b) => torch.fmax(a, b))],
  fmin: [s("torch.fmin(a, b)", (a, b) => torch.fmin(a, b))],
  arctan2: [s("torch.atan2(a, b)", (a, b) => torch.atan2(a, b))],
  hypot: [s("torch.hypot(a, b)", (a, b) => torch.hypot(a, b))],
  copysign: [s("torch.copysign(a, b)", (a, b) => torch.copysign(a, b))],
  logaddexp: [s("torch.logaddexp(a, b)", (a, b) => torch.logaddexp(a, b))],
  where: [s("torch.where(a > b, a, b)", (a, b) => torch.where(a.gt(b), a, b))],
  whereMethod: [s("a.where(a > 0, b)", (a, b) => a.where(a.gt(0), b))],
  sum: [s("a.sum()", (a) => a.sum()), s("a.sum(1, keepdim=True)", (a) => a.sum(1, { keepdim: true }))],
  mean: [s("a.mean(0)", (a) => a.mean(0)), s("a.mean()", (a) => a.mean())],
  prod: [s("a.prod(1)", (a) => a.prod(1)), s("a.prod()", (a) => a.prod())],
  max: [s("a.max()", (a) => a.max())],
  min: [s("a.min()", (a) => a.min())],
  "max.dim": [s("a.max(1)[0]", (a) => a.max(1)[0])],
  "min.dim": [s("a.min(0, keepdim=True)[0]", (a) => a.min(0, { keepdim: true })[0])],
  amax: [s("a.amax((0, 1))", (a) => a.amax([0, 1])), s("a.amax(1)", (a) => a.amax(1))],
  amin: [s("a.amin(0)", (a) => a.amin(0))],
  median: [s("a.median()", (a) => a.median())],
  "median.dim": [s("a.median(1)[0]", (a) => a.median(1)[0])],
  cumsum: [s("a.cumsum(1)", (a) => a.cumsum(1))],
  cumprod: [s("a.cumprod(1)", (a) => a.cumprod(1))],
  reshape: [s("a.t().reshape(-1)", (a) => a.t().reshape(-1))],
  view: [s("a.view(2, 6)", (a) => a.view(2, 6))],
  ravel: [s("a.t().ravel()", (a) => a.t().ravel())],
  flatten: [s("a.flatten()", (a) => a.flatten())],
  unflatten: [s("a.unflatten(1, (2, 2))", (a) => a.unflatten(1, [2, 2]))],
  squeeze: [s("a[:1].squeeze(0)", (a) => a.get(":1").squeeze(0))],
  unsqueeze: [s("a.unsqueeze(1)", (a) => a.unsqueeze(1))],
  atleast1d: [s("torch.atleast_1d(a[0, 0])", (a) => torch.atleast1d(a.get("0, 0")))],
  atleast2d: [s("torch.atleast_2d(a[0])", (a) => torch.atleast2d(a.get(0)))],
  atleast3d: [s("torch.atleast_3d(a)", (a) => torch.atleast3d(a))],
  transpose: [s("a.transpose(0, 1)", (a) => a.transpose(0, 1))],
  t: [s("a.t()", (a) => a.t())],
  permute: [s("a.permute(1, 0)", (a) => a.permute(1, 0))],
  moveaxis: [s("a.movedim(0, 2)", (a) => a.movedim(0, 2), [B3])],
  expand: [s("a[:1].expand(5, 4)", (a) => a.get(":1").expand(5, 4)), s("a.expand(2, 3, 4)", (a) => a.expand(2, 3, 4))],
  flip: [s("a.flip(1)", (a) => a.flip(1))],
  roll: [s("a.roll(1, 1)", (a) => a.roll(1, 1))],
  tile: [s("a.tile((2, 1))", (a) => a.tile([2, 1]))],
  repeat: [s("a.repeat(2, 1, 2)", (a) => a.repeat(2, 1, 2))],
  repeatInterleave: [s("a.repeat_interleave(2, 0)", (a) => a.repeatInterleave(2, 0))],
  diagonal: [s("a.diagonal(1)", (a) => a.diagonal(1))],
  select: [s("a.select(1, 2)", (a) => a.select(1, 2))],
  narrow: [s("a.narrow(1, 1, 2)", (a) => a.narrow(1, 1, 2))],
  unfold: [s("a.unfold(1, 2, 1)", (a) => a.unfold(1, 2, 1), [A])],
  asStrided: [s("a.as_strided((2, 3), (1, 2), 1)", (a) => a.asStrided([2, 3], [1, 2], 1), [A])],
  nanToNum: [s("a.nan_to_num()", (a) => a.nanToNum(), [A])],
  sinc: [s("a.sinc()", (a) => a.sinc(), [A])],
  frexp: [s("torch.frexp(a)[0]", (a) => torch.frexp(a)[0], [A])],
  // non-negative exponents: PyTorch's LdexpBackward0 computes 2 ** other in integers, so a negative one gives 0
  ldexp: [s("torch.ldexp(a, torch.tensor([1, 2, 0, 3]))", (a) => torch.ldexp(a, torch.tensor([1, 2, 0, 3])), [A])],
  cummax: [s("a.cummax(1)[0]", (a) => a.cummax(1)[0], [A])],
  cummin: [s("a.cummin(1)[0]", (a) => a.cummin(1)[0], [A])],
  logcumsumexp: [s("a.logcumsumexp(1)", (a) => a.logcumsumexp(1), [A])],
  nextafter: [s("torch.nextafter(a, b)", (a, b) => torch.nextafter(a, b))],
  // src/api/ops/special.ts (src/torch/derivatives_special.ts)
  erfinv: [s("a.erfinv()", (a) => a.erfinv(), [U])],
  digamma: [s("a.digamma()", (a) => a.digamma(), [A], { tol: { rtol: 1e-9, atol: 1e-9 } })],
  polygamma: [s("torch.polygamma(2, a)", (a) => torch.polygamma(2, a), [P])],
  polygammaMethod: [s("a.polygamma(1)", (a) => a.polygamma(1), [P])],
  i0: [s("a.i0()", (a) => a.i0())],
  mvlgamma: [s("(a + 2).mvlgamma(3)", (a) => a.add(2).mvlgamma(3), [P])],
  // (no derivative in the first argument: a constant there)
  igamma: [s("torch.igamma(torch.full_like(a, 2.5), a)", (a) => torch.igamma(torch.fullLike(a, 2.5), a), [G1])],
  igammac: [s("torch.igammac(torch.full_like(a, 0.7), a)", (a) => torch.igammac(torch.fullLike(a, 0.7), a), [G1])],
  erfcx: [s("torch.special.erfcx(a)", (a) => torch.special.erfcx(a))],
  i0e: [s("torch.special.i0e(a)", (a) => torch.special.i0e(a))],
  i1: [s("torch.special.i1(a)", (a) => torch.special.i1(a))],
  i1e: [s("torch.special.i1e(a)", (a) => torch.special.i1e(a))],
  ndtri: [
    s("torch.special.ndtri(a)", (a) => torch.special.ndtri(a), [{
      data: [0.05, 0.2, 0.5, 0.7, 0.93, 0.31],
      dtype: "float64",
      shape: [2, 3],
    }]),
  ],
  logNdtr: [s("torch.special.log_ndtr(a)", (a) => torch.special.logNdtr(a))],
  entr: [s("torch.special.entr(a)", (a) => torch.special.entr(a), [P])],
  xlog1py: [
    s("torch.special.xlog1py(a, b)", (a, b) => torch.special.xlog1py(a, b), [A, P]),
    s("torch.special.xlog1py(2.5, b)", (_a, b) => torch.special.xlog1py(2.5, b), [A, P]),
  ],
  zeta: [
    s("torch.special.zeta(torch.full_like(a, 3.5), a)", (a) => torch.special.zeta(torch.fullLike(a, 3.5), a), [G1]),
    s("torch.special.zeta(3., a)", (a) => torch.special.zeta(3, a), [G1]),
  ],
  diag: [s("torch.diag(a)", (a) => torch.diag(a)), s("torch.diag(a, -1)", (a) => torch.diag(a, -1), [V])],
  mode: [s("a.round().mode(1)[0]", (a) => a.round().mode(1)[0])],
  diagEmbed: [s("torch.diag_embed(a)", (a) => torch.diagEmbed(a))],
  tril: [s("a.tril(1)", (a) => a.tril(1))],
  triu: [s("a.triu(-1)", (a) => a.triu(-1))],
  concatenate: [s("torch.cat([a, b], 1)", (a, b) => torch.cat([a, b], 1))],
  stack: [s("torch.stack([a, b])", (a, b) => torch.stack([a, b]))],
  hstack: [s("torch.hstack([a, b])", (a, b) => torch.hstack([a, b]))],
  vstack: [s("torch.vstack([a[0], b])", (a, b) => torch.vstack([a.get(0), b]))],
  dstack: [s("torch.dstack([a, b])", (a, b) => torch.dstack([a, b]))],
  split: [s("a.split(3, 1)[0]", (a) => a.split(3, 1)[0]), s("a.split([1, 2])", (a) => a.split([1, 2]))],
  arraySplit: [s("a.tensor_split(3, 1)", (a) => a.tensorSplit(3, 1))],
  chunk: [s("a.chunk(2, 1)[1]", (a) => a.chunk(2, 1)[1])],
  unbind: [s("a.unbind(1)[2]", (a) => a.unbind(1)[2]), s("a.unbind(0)", (a) => a.unbind(0))],
  get: [
    s("a[1:, ::2]", (a) => a.get("1:, ::2")),
    s("a[[0, 2, 0]]", (a) => a.get([[0, 2, 0]])),
    s("a[b]", (a, c) => a.get([c]), [A, MASK]),
    s("a[1, [3, 1]]", (a) => a.get([1, [3, 1]])),
  ],
  set: [
    s("x = a.clone(); x[1:, 2] = b[0, :2]; x", (a, b) => {
      const x = a.clone();
      x.set("1:, 2", b.get("0, :2"));
      return x;
    }),
    s("x = a.clone(); x[[0, 2]] = b[1]; x", (a, b) => {
      const x = a.clone();
      x.set([[0, 2]], b.get(1));
      return x;
    }),
  ],
  take: [s("torch.take(a, b)", (a, c) => torch.take(a, c), [A, IDX])],
  gather: [
    s(
      "a.gather(1, torch.tensor([[0, 0], [1, 3], [2, 2]]))",
      (a) => a.gather(1, torch.tensor([[0, 0], [1, 3], [2, 2]])),
    ),
  ],
  scatter: [
    s(
      "a.scatter(1, torch.tensor([[0, 2], [1, 3], [3, 0]]), b[:, :2])",
      (a, b) => a.scatter(1, torch.tensor([[0, 2], [1, 3], [3, 0]]), b.get(":, :2")),
    ),
    s("a.scatter(0, torch.tensor([[2, 0, 1, 1]]), 5.)", (a) => a.scatter(0, torch.tensor([[2, 0, 1, 1]]), 5)),
  ],
  scatterAdd: [
    s(
      "a.scatter_add(1, torch.tensor([[0, 0], [1, 3], [3, 3]]), b[:, :2])",
      (a, b) => a.scatterAdd(1, torch.tensor([[0, 0], [1, 3], [3, 3]]), b.get(":, :2")),
    ),
  ],
  scatterReduce: ["sum", "prod", "mean", "amax", "amin"].map((r) =>
    s(
      `a.scatter_reduce(1, torch.tensor([[0, 0], [1, 3], [3, 3]]), b[:, :2], '${r}', include_self=False)`,
      (a, b) => a.scatterReduce(1, torch.tensor([[0, 0], [1, 3], [3, 3]]), b.get(":, :2"), r, { includeSelf: false }),
    )
  ),
  indexSelect: [s("a.index_select(1, torch.tensor([3, 0, 3]))", (a) => a.indexSelect(1, torch.tensor([3, 0, 3])))],
  indexAdd: [s("a.index_add(0, c, b, alpha=2)", (a, b, c) => a.indexAdd(0, c, b, { alpha: 2 }), [A, B, IDX])],
  indexCopy: [
    s(
      "a.index_copy(1, torch.tensor([2, 0]), b[:, :2])",
      (a, b) => a.indexCopy(1, torch.tensor([2, 0]), b.get(":, :2")),
    ),
  ],
  indexFill: [
    s("a.index_fill(1, torch.tensor([2, 0]), -1.)", (a) => a.indexFill(1, torch.tensor([2, 0]), -1)),
    s("a.index_fill(0, torch.tensor([1]), b[0, 0])", (a, b) => a.indexFill(0, torch.tensor([1]), b.get("0, 0"))),
  ],
  maskedFill: [
    s("a.masked_fill(a > 0, 0.)", (a) => a.maskedFill(a.gt(0), 0)),
    s("a.masked_fill(a > 0, b[0, 0])", (a, b) => a.maskedFill(a.gt(0), b.get("0, 0"))),
  ],
  maskedSelect: [s("a.masked_select(b)", (a, c) => a.maskedSelect(c), [A, MASK])],
  clip: [
    s("a.clamp(-1, 1)", (a) => a.clamp(-1, 1)),
    s("a.clamp(min=b)", (a, b) => a.clamp(b)),
    s("a.clamp(b - 1, b + 1)", (a, b) => a.clamp(b.sub(1), b.add(1))),
  ],
  sort: [
    s("a.sort(1)[0]", (a) => a.sort(1)[0]),
    s("a.sort(0, descending=True)[0]", (a) => a.sort(0, { descending: true })[0]),
  ],
  topk: [s("a.topk(2)[0]", (a) => a.topk(2)[0])],
  kthvalue: [s("a.kthvalue(2, 1)[0]", (a) => a.kthvalue(2, 1)[0])],
  indexPut: [
    s("a.index_put((c,), b[0, :3])", (a, b, c) => a.indexPut([c], b.get("0, :3")), [V, B, long([2, 0, 1])]),
    s("a.index_put((c,), b[0, :3], accumulate=True)", (a, b, c) => a.indexPut([c], b.get("0, :3"), true), [V, B, IDX]),
  ],
  matmul: [
    s("a @ b", (a, b) => a.matmul(b), [A, M]),
    s("a @ b", (a, b) => a.matmul(b), [B3, B4]),
    s("a @ b", (a, b) => a.matmul(b), [V, M]),
  ],
  mm: [s("a.mm(b)", (a, b) => a.mm(b), [A, M])],
  bmm: [s("a.bmm(b)", (a, b) => a.bmm(b), [B3, B4])],
  mv: [s("a.mv(b)", (a, b) => a.mv(b), [A, V])],
  dot: [s("a.dot(b)", (a, b) => a.dot(b), [V, inp([4])])],
  outer: [s("torch.outer(a, b)", (a, b) => torch.outer(a, b), [V, inp([3])])],
  copy: [s("a.clone() * 2", (a) => a.clone().mul(2))],
  contiguous: [s("a.t().contiguous()", (a) => a.t().contiguous())],
  to: [
    s("a.to(torch.float32).double()", (a) => a.float().double(), [A], {
      nocheck: true,
      tol: { rtol: 1e-6, atol: 1e-7 },
    }),
    s("a.to(torch.float64)", (a) => a.to("float64")),
  ],
  fill: [
    s("a.clone().fill_(2.)", (a) => a.clone().fill_(2)),
    s("a.clone().fill_(b[0, 1])", (a, b) => a.clone().fill_(b.get("0, 1"))),
  ],
  zero: [s("a.clone().zero_() + a", (a) => a.clone().zero_().add(a))],
  fillDiagonal: [
    s("a.clone().fill_diagonal_(2.) * a", (a) => a.clone().fillDiagonal_(2).mul(a)),
    s("a.clone().fill_diagonal_(2., True) * a", (a) => a.clone().fillDiagonal_(2, true).mul(a), [R53]),
  ],
  copy_: [s("a.clone().copy_(b[0])", (a, b) => a.clone().copy_(b.get(0)))],
  uniform_: [s("(a * 1).uniform_() + a", (a) => a.mul(1).uniform_().add(a), [A], { nocheck: true })],
  normal_: [s("(a * 1).normal_() + a", (a) => a.mul(1).normal_().add(a), [A], { nocheck: true })],
  bernoulli_: [s("(a * 1).bernoulli_(0.5) + a", (a) => a.mul(1).bernoulli_(0.5).add(a), [A], { nocheck: true })],
  exponential_: [s("(a * 1).exponential_() + a", (a) => a.mul(1).exponential_().add(a), [A], { nocheck: true })],
  cauchy_: [s("(a * 1).cauchy_() + a", (a) => a.mul(1).cauchy_().add(a), [A], { nocheck: true })],
  poisson: [s("torch.poisson(a.abs()) * 0 + a", (a) => torch.poisson(a.abs()).mul(0).add(a), [A], { nocheck: true })],
  logNormal_: [s("(a * 1).log_normal_() + a", (a) => a.mul(1).logNormal_().add(a), [A], { nocheck: true })],
  geometric_: [s("(a * 1).geometric_(0.4) + a", (a) => a.mul(1).geometric_(0.4).add(a), [A], { nocheck: true })],
  random_: [
    s("(a * 1).random_() + a", (a) => a.mul(1).random_().add(a), [A], { nocheck: true }),
    s("(a * 1).random_(2, 3) * a", (a) => a.mul(1).random_(2, 3).mul(a), [A], { nocheck: true }),
  ],
  bernoulli: [
    s("torch.bernoulli(a.sigmoid()) + a", (a) => torch.bernoulli(a.sigmoid()).add(a), [A], { nocheck: true }),
  ],
  "normal.tensor": [
    s("torch.normal(a, b.abs()) * 0 + a", (a, b) => torch.normal(a, b.abs()).mul(0).add(a), [A, B], { nocheck: true }),
    s("torch.normal(a, 0.5) * 0 + a", (a) => torch.normal(a, 0.5).mul(0).add(a), [A], { nocheck: true }),
  ],
  softmax: [s("a.softmax(1)", (a) => a.softmax(1))],
  logSoftmax: [s("a.log_softmax(0)", (a) => a.logSoftmax(0))],
  logsumexp: [
    s("a.logsumexp(1)", (a) => a.logsumexp(1)),
    s("a.logsumexp((0, 1), keepdim=True)", (a) => a.logsumexp([0, 1], { keepdim: true })),
  ],
  // torch.linalg (gauge-invariant functions of eigenvectors and singular vectors)
  inv: [s("torch.linalg.inv(a)", (a) => torch.linalg.inv(a), [S3])],
  det: [s("torch.linalg.det(a)", (a) => torch.linalg.det(a), [S3])],
  slogdet: [s("torch.linalg.slogdet(a)[1]", (a) => torch.linalg.slogdet(a)[1], [S3])],
  solve: [
    s("torch.linalg.solve(a, b)", (a, b) => torch.linalg.solve(a, b), [S3, inp([3, 2])]),
    s("torch.linalg.solve(a, b)", (a, b) => torch.linalg.solve(a, b), [S3, inp([3])]),
  ],
  // functions of a symmetric matrix read one triangle: differentiated through (a + a^T) / 2 as PyTorch's tests do
  cholesky: [s("torch.linalg.cholesky((a + a.mT) / 2)", (a) => torch.linalg.cholesky(a.add(a.mT).div(2)), [SPD])],
  eigh: [
    s("torch.linalg.eigh((a + a.mT) / 2)[0]", (a) => torch.linalg.eigh(a.add(a.mT).div(2))[0], [SYM]),
    s("w, v = torch.linalg.eigh((a + a.mT) / 2); (v * v, v @ torch.diag(w.exp()) @ v.mT)", (a) => {
      const [w, v] = torch.linalg.eigh(a.add(a.mT).div(2));
      return [v.mul(v), v.matmul(torch.diag(w.exp())).matmul(v.mT)];
    }, [SYM]),
  ],
  eigvalsh: [s("torch.linalg.eigvalsh((a + a.mT) / 2)", (a) => torch.linalg.eigvalsh(a.add(a.mT).div(2)), [SYM])],
  svd: [
    s(
      "u, sv, vh = torch.linalg.svd(a, full_matrices=False); (sv, u * u, vh * vh, u @ torch.diag(sv.sqrt()) @ vh)",
      (a) => {
        const [u, sv, vh] = torch.linalg.svd(a, false);
        return [sv, u.mul(u), vh.mul(vh), u.matmul(torch.diag(sv.sqrt())).matmul(vh)];
      },
      [R53],
    ),
    s("u, sv, vh = torch.linalg.svd(a, full_matrices=False); (u * u, vh * vh)", (a) => {
      const [u, , vh] = torch.linalg.svd(a, false);
      return [u.mul(u), vh.mul(vh)];
    }, [R35]),
  ],
  svdvals: [s("torch.linalg.svdvals(a)", (a) => torch.linalg.svdvals(a), [R53])],
  // src/torch/ops/scatter_views.ts
  diagonalScatter: [
    s("torch.diagonal_scatter(a, b[0, :3])", (a, b) => torch.diagonalScatter(a, b.get("0, :3"))),
    s("torch.diagonal_scatter(a, b[1, :3], -1, 1, 0)", (a, b) => torch.diagonalScatter(a, b.get("1, :3"), -1, 1, 0)),
  ],
  selectScatter: [s("torch.select_scatter(a, b[:, 0], 1, -2)", (a, b) => torch.selectScatter(a, b.get(":, 0"), 1, -2))],
  sliceScatter: [
    s(
      "torch.slice_scatter(a, b[:, :2], 1, 1, None, 2)",
      (a, b) => torch.sliceScatter(a, b.get(":, :2"), 1, 1, null, 2),
    ),
    s("torch.slice_scatter(a, b[:2], end=-1)", (a, b) => torch.sliceScatter(a, b.get(":2"), { end: -1 })),
  ],
  qr: [
    s("q, rr = torch.linalg.qr(a); (q * q, rr.abs(), q @ rr)", (a) => {
      const [q, rr] = torch.linalg.qr(a);
      return [q.mul(q), rr.abs(), q.matmul(rr)];
    }, [R53]),
  ],
  vectorNorm: [
    s("torch.linalg.vector_norm(a)", (a) => torch.linalg.vectorNorm(a)),
    s("torch.linalg.vector_norm(a, 3, dim=1)", (a) => torch.linalg.vectorNorm(a, 3, 1)),
    s("torch.linalg.vector_norm(a, float('inf'), dim=0)", (a) => torch.linalg.vectorNorm(a, Infinity, 0)),
    s("torch.linalg.vector_norm(a, 1)", (a) => torch.linalg.vectorNorm(a, 1)),
  ],
  // src/api/ops/linalg_more.ts
  solveTriangular: [
    s(
      "torch.linalg.solve_triangular(a, b, upper=True)",
      (a, b) => torch.linalg.solveTriangular(a, b, { upper: true }),
      [
        S3,
        inp([3, 2]),
      ],
    ),
    s(
      "torch.linalg.solve_triangular(a, b, upper=False, left=False, unitriangular=True)",
      (a, b) => torch.linalg.solveTriangular(a, b, { upper: false, left: false, unitriangular: true }),
      [S3, inp([2, 3])],
    ),
  ],
  luFactorEx: [
    s("torch.linalg.lu_factor_ex(a)[0]", (a) => torch.linalg.luFactorEx(a)[0], [S3]),
    s("torch.linalg.lu_factor_ex(a)[0]", (a) => torch.linalg.luFactorEx(a)[0], [R53]),
    s("torch.linalg.lu_factor_ex(a)[0]", (a) => torch.linalg.luFactorEx(a)[0], [R35]),
  ],
  invEx: [s("torch.linalg.inv_ex(a)[0]", (a) => torch.linalg.invEx(a)[0], [S3])],
  choleskyEx: [
    s("torch.linalg.cholesky_ex((a + a.mT) / 2)[0]", (a) => torch.linalg.choleskyEx(a.add(a.mT).div(2))[0], [SPD]),
  ],
};

/** Composites (no derivative of their own): gradients through their steps. */
const COMPOSITE_SAMPLES: Sample[] = [
  s("a.std(1)", (a) => a.std(1)),
  s("a.var(0, unbiased=False)", (a) => a.var(0, { unbiased: false })),
  s("torch.var_mean(a, 1)", (a) => torch.varMean(a, 1)),
  s("torch.std_mean(a)", (a) => torch.stdMean(a)),
  s("a.norm()", (a) => a.norm()),
  s("a.norm(1, 1)", (a) => a.norm(1, 1)),
  s("a.norm('nuc')", (a) => a.norm("nuc")),
  s("torch.dist(a, b, 3)", (a, b) => torch.dist(a, b, 3)),
  s("torch.lerp(a, b, 0.25)", (a, b) => a.lerp(b, 0.25)),
  s("torch.addcmul(a, a, b, value=0.5)", (a, b) => a.addcmul(a, b, { value: 0.5 })),
  s("torch.addcdiv(a, a, b, value=2)", (a, b) => a.addcdiv(a, b, { value: 2 }), [A, P]),
  s(
    "torch.addmm(a[:, :3], a, b.t(), beta=0.5, alpha=2)",
    (a, b) => torch.addmm(a.get(":, :3"), a, b.t(), { beta: 0.5, alpha: 2 }),
    [
      A,
      B,
    ],
  ),

  s("u, sv, v = torch.svd(a); (sv, u @ torch.diag(sv) @ v.mT)", (a) => {
    const [u, sv, v] = torch.svd(a);
    return [sv, u.matmul(torch.diag(sv)).matmul(v.mT)];
  }, [R53]),
  s("torch.linalg.pinv(a)", (a) => torch.linalg.pinv(a), [R53]),
  s("torch.linalg.matrix_norm(a)", (a) => torch.linalg.matrixNorm(a), [S3]),
  s("torch.linalg.matrix_norm(a, 'nuc')", (a) => torch.linalg.matrixNorm(a, "nuc"), [S3]),
  s("torch.linalg.matrix_norm(a, 2)", (a) => torch.linalg.matrixNorm(a, 2), [S3]),
  s("torch.linalg.matrix_norm(a, 1)", (a) => torch.linalg.matrixNorm(a, 1), [S3]),
  s("torch.linalg.matrix_norm(a, -float('inf'))", (a) => torch.linalg.matrixNorm(a, -Infinity), [S3]),
  s("torch.linalg.norm(a)", (a) => torch.linalg.norm(a), [S3]),
  s("torch.linalg.norm(a, 2)", (a) => torch.linalg.norm(a, 2), [S3]),
  s("torch.linalg.norm(a, dim=1)", (a) => torch.linalg.norm(a, null, 1)),
  // src/api/ops/misc_more.ts
  s("torch.narrow_copy(a, 1, 1, 2)", (a) => torch.narrowCopy(a, 1, 1, 2)),
  s("a.sum_to_size(1, 4)", (a) => a.sumToSize(1, 4)),
  s("a.adjoint()", (a) => a.adjoint(), [R53]),
  // src/torch/ops/linalg_more.ts
  s("torch.linalg.lu(a)[1:]", (a) => torch.linalg.lu(a).slice(1), [S3]),
  s("torch.linalg.lu_solve(*torch.linalg.lu_factor(a), b)", (a, b) => {
    const [LU, piv] = torch.linalg.luFactor(a);
    return torch.linalg.luSolve(LU, piv, b);
  }, [S3, inp([3, 2])]),
  s("torch.linalg.lstsq(a, b).solution", (a, b) => torch.linalg.lstsq(a, b)[0], [R53, inp([5, 2])]),
  s("torch.linalg.matrix_power(a, -3)", (a) => torch.linalg.matrixPower(a, -3), [S3]),
  s("torch.linalg.cond(a)", (a) => torch.linalg.cond(a), [S3]),
  s("torch.linalg.tensorsolve(a, b)", (a, b) => torch.linalg.tensorsolve(a, b), [square(4), inp([4])]),
  s("torch.linalg.vander(a)", (a) => torch.linalg.vander(a), [V]),
  s(
    "torch.cholesky_inverse(torch.linalg.cholesky((a + a.mT) / 2))",
    (a) => torch.choleskyInverse(torch.linalg.cholesky(a.add(a.mT).div(2))),
    [SPD],
  ),
  // torch.gradient (src/api/ops/calculus.ts): uniform spacings, and sample coordinates (gradients reach them too)
  s("torch.gradient(a, spacing=0.5, edge_order=2)", (a) => torch.gradient(a, { spacing: 0.5, edgeOrder: 2 })),
  s(
    "torch.gradient(a, spacing=[b], dim=1, edge_order=2)",
    (a, b) => torch.gradient(a, { spacing: [b], dim: 1, edgeOrder: 2 }),
    [A, { data: [0, 0.7, 1.5, 3.1], dtype: "float64", shape: [4] }],
  ),
];

/** Ops PyTorch has no derivative for: calling them with an input that requires grad raises. */
const RAISES: Record<string, () => unknown> = {
  "floorDivide (floorDivide)": () => torch.floorDivide(torch.ones(2, { requiresGrad: true }), 2),
  "heaviside (heaviside)": () => torch.heaviside(torch.ones(2, { requiresGrad: true }), torch.tensor(0.5)),
  "uniqueConsecutive (uniqueConsecutive)": () => torch.uniqueConsecutive(torch.ones(2, { requiresGrad: true })),
};

/** Ids whose samples are not required (internal primitives exercised through views and double backward). */
const INTERNAL = new Set(["_viewScatter", "_viewGather", "_indexPutAcc"]);
/**
 * Nodes whose backward raises PyTorch's not-implemented error (tests/torch/linalg_factor_test.ts and, for binomial,
 * tests/torch/distributions_gamma_test.ts check they do).
 */
const RAISING = new Set([...Object.keys(LINALG_FACTOR_DERIVATIVES), "binomial"]);

// ---------------------------------------------------------------- python
const PY_GRADS = `
ins = [x.clone().requires_grad_() if x.is_floating_point() else x for x in inputs]
out = f(*ins)
outs = [o for o in (out if isinstance(out, (tuple, list)) else (out,)) if o.requires_grad]
loss = sum((o * torch.linspace(-1, 1, o.numel(), dtype=o.dtype).reshape(o.shape)).sum() for o in outs)
reqs = [x for x in ins if x.requires_grad]
gs = torch.autograd.grad(loss, reqs, allow_unused=True)
r = tuple(g if g is not None else torch.zeros_like(x) for g, x in zip(gs, reqs))`;

const ALL: { label: string; sample: Sample }[] = [
  ...Object.entries(SAMPLES).flatMap(([id, ss]) => ss.map((sample) => ({ label: `${id}: ${sample.py}`, sample }))),
  ...COMPOSITE_SAMPLES.map((sample) => ({ label: `composite: ${sample.py}`, sample })),
];
const NAMES = "abcdefgh";
function gradCase(sm: Sample): Case {
  const names = sm.inputs.map((_, i) => NAMES[i]);
  const body = sm.py.split("; ");
  const expr = body.pop()!;
  const fn = `def f(${names.join(", ")}):\n${body.map((l) => `    ${l}\n`).join("")}    return ${expr}`;
  return {
    torch: true,
    inputs: Object.fromEntries(sm.inputs.map((x, i) => [names[i], x])),
    setup: `${fn}\ninputs = [${names.join(", ")}]${PY_GRADS}`,
    expr: "r",
  };
}

/** dendrite's gradients of the same loss. */
function ourGrads(sm: Sample): T[] {
  const ins = sm.inputs.map((x) => {
    const t = buildT(x);
    return t.isFloatingPoint() ? t.clone().requiresGrad_() : t;
  });
  const out = sm.ts(...ins);
  const outs = (Array.isArray(out) ? out : [out]).filter((o) => o.requiresGrad);
  let loss: T | null = null;
  for (const o of outs) {
    const term = o.mul(torch.linspace(-1, 1, o.numel(), { dtype: o.dtype }).reshape(o.shape)).sum();
    loss = loss ? loss.add(term) : term;
  }
  const reqs = ins.filter((x) => x.requiresGrad);
  return torch.autograd.grad(loss!, reqs, { allowUnused: true }).map((g, i) => g ?? torch.zerosLike(reqs[i]));
}

// in-place ops under autograd, hooks, backward, functional API: [python (last statement: the value), ours]
const MISC: { label: string; py: string; ts: () => unknown; tol?: { rtol?: number; atol?: number } }[] = [];
const misc = (label: string, py: string, ts: () => unknown, tol?: { rtol?: number; atol?: number }) =>
  MISC.push({ label, py, ts, tol });

const xs = () => torch.tensor([0.5, -1.5, 2.0, 0.25], { dtype: "float64", requiresGrad: true });
const PX = "x = torch.tensor([0.5, -1.5, 2.0, 0.25], dtype=torch.float64, requires_grad=True)";
for (
  const [py, ts] of [
    ["y.add_(x, alpha=-2)", (y: T, x: T) => y.add_(x, { alpha: -2 })],
    ["y.mul_(x)", (y: T, x: T) => y.mul_(x)],
    ["y.mul_(y)", (y: T) => y.mul_(y)],
    ["y.div_(x.abs() + 1)", (y: T, x: T) => y.div_(x.abs().add(1))],
    ["y.exp_()", (y: T) => y.exp_()],
    ["y.clamp_(-1, 1)", (y: T) => y.clamp_(-1, 1)],
    ["y.zero_()", (y: T) => y.zero_()],
    ["y.fill_(x[2])", (y: T, x: T) => y.fill_(x.get(2))],
    ["y.copy_(x.flip(0))", (y: T, x: T) => y.copy_(x.flip(0))],
    ["y.masked_fill_(x > 0, 3.)", (y: T, x: T) => y.maskedFill_(x.gt(0), 3)],
    ["y[torch.tensor([1, 3])] = x[:2] * 2", (y: T, x: T) => y.set([torch.tensor([1, 3])], x.get(":2").mul(2))],
    ["y[1:3] = x[0]", (y: T, x: T) => y.set("1:3", x.get(0))],
    ["y.scatter_(0, torch.tensor([3, 0]), x[1:3])", (y: T, x: T) => y.scatter_(0, torch.tensor([3, 0]), x.get("1:3"))],
    ["y.index_add_(0, torch.tensor([0, 0]), x[:2])", (y: T, x: T) => y.indexAdd_(0, torch.tensor([0, 0]), x.get(":2"))],
    ["y[1:].mul_(x[:3])", (y: T, x: T) => y.get("1:").mul_(x.get(":3"))],
    ["y.view(2, 2)[0].sigmoid_()", (y: T) => y.view(2, 2).get(0).sigmoid_()],
    ["y.t_() if False else y.sqrt_() if False else y.tanh_()", (y: T) => y.tanh_()],
    ["y.pow_(3)", (y: T) => y.pow_(3)],
    ["y.neg_().abs_()", (y: T) => y.neg_().abs_()],
    ["y.lerp_(x, 0.3)", (y: T, x: T) => y.lerp_(x, 0.3)],
  ] as [string, (y: T, x: T) => unknown][]
) {
  misc(
    `in-place ${py}`,
    `${PX}\nw = torch.tensor([1.5, 2.5, -0.5, 1.0], dtype=torch.float64, requires_grad=True)\ny = w * 1\n${py}\nz = (y * torch.tensor([1., -2., 3., 0.5], dtype=torch.float64)).sum()\ngs = torch.autograd.grad(z, [x, w], allow_unused=True)\n(y, *(g if g is not None else torch.zeros(4, dtype=torch.float64) for g in gs))`,
    () => {
      const x = xs(), w = torch.tensor([1.5, 2.5, -0.5, 1.0], { dtype: "float64", requiresGrad: true });
      const y = w.mul(1);
      ts(y, x);
      const z = y.mul(torch.tensor([1, -2, 3, 0.5], { dtype: "float64" })).sum();
      const gs = torch.autograd.grad(z, [x, w], { allowUnused: true });
      return [y, ...gs.map((g) => g ?? torch.zeros(4, { dtype: "float64" }))];
    },
  );
}
misc(
  "version-counter error",
  `${PX}\ny = x * 2\nz = y.sin()\ny.add_(1)\nz.sum().backward()\n0`,
  () => {
    const x = xs(), y = x.mul(2), z = y.sin();
    y.add_(1);
    z.sum().backward();
    return 0;
  },
);
misc(
  "version-counter error on an in-place op's saved input",
  `${PX}\ny = x * 2\nz = y * 1\nz.mul_(y)\ny.add_(1)\nz.sum().backward()\n0`,
  () => {
    const x = xs(), y = x.mul(2), z = y.mul(1);
    z.mul_(y);
    y.add_(1);
    z.sum().backward();
    return 0;
  },
);
misc(
  "hook replacing the gradient, on a leaf and a non-leaf, and removal",
  `${PX}\ny = x * 3\nh1 = y.register_hook(lambda g: g * 2)\nh2 = x.register_hook(lambda g: g + 1)\ny.sum().backward(retain_graph=True)\na = x.grad.clone()\nh1.remove()\nx.grad = None\ny.sum().backward()\n(a, x.grad)`,
  () => {
    const x = xs(), y = x.mul(3);
    const h1 = y.registerHook((g) => g.mul(2));
    x.registerHook((g) => g.add(1));
    y.sum().backward(null, { retainGraph: true });
    const a = x.grad!.clone();
    h1.remove();
    x.grad = null;
    y.sum().backward();
    return [a, x.grad];
  },
);
misc(
  "hooks see the incoming gradient; retain_grad",
  `${PX}\ny = x.exp()\nseen = []\ny.register_hook(lambda g: seen.append(g * 1))\ny.retain_grad()\n(y * y).sum().backward()\n(seen[0], y.grad, x.grad)`,
  () => {
    const x = xs(), y = x.exp(), seen: T[] = [];
    y.registerHook((g) => void seen.push(g.mul(1)));
    y.retainGrad();
    y.mul(y).sum().backward();
    return [seen[0], y.grad, x.grad];
  },
);
misc(
  "graph-node hooks: prehooks and post-hooks replacing gradients, on a function and on AccumulateGrad",
  `${PX}
y = x * 3
z = y.exp()
seen = []
def post(gi, go):
    seen.extend([gi[0], go[0]])
    return (gi[0] * 2,) + tuple(gi[1:])
def pre(go):
    seen.append(go[0])
    return (go[0] + 1,)
y.grad_fn.register_hook(post)
y.grad_fn.register_prehook(pre)
y.register_hook(lambda g: g * 10)
y.retain_grad()
acc = y.grad_fn.next_functions[0][0]
acc.register_prehook(lambda go: seen.append(go[0]))
acc.register_hook(lambda gi, go: seen.append(torch.tensor(float(len(gi)), dtype=torch.float64)))
acc.register_prehook(lambda go: seen.append(go[0] * 0 - 7)).remove()
z.sum().backward()
(*seen, x.grad, y.grad)`,
  () => {
    const x = xs(), y = x.mul(3), z = y.exp(), seen: T[] = [];
    y.gradFn!.registerHook((gi, go) => {
      seen.push(gi[0] as T, go[0] as T);
      return [(gi[0] as T).mul(2), ...gi.slice(1)];
    });
    y.gradFn!.registerPrehook((go) => {
      seen.push(go[0] as T);
      return [(go[0] as T).add(1)];
    });
    y.registerHook((g) => g.mul(10));
    y.retainGrad();
    const acc = y.gradFn!.nextFunctions[0][0]!;
    acc.registerPrehook((go) => void seen.push(go[0] as T));
    acc.registerHook((gi) => void seen.push(torch.tensor(gi.length, f64)));
    acc.registerPrehook((go) => void seen.push((go[0] as T).mul(0).sub(7))).remove();
    z.sum().backward();
    return [...seen, x.grad, y.grad];
  },
);
misc(
  "post-accumulate-grad hooks and AccumulateGrad hooks: run by backward after .grad is stored, not by autograd.grad",
  `${PX}
y = (x * 2).sum()
acc = (x * 1).grad_fn.next_functions[0][0]
seen = []
acc.register_prehook(lambda go: seen.append(go[0] * 0 + 1))
acc.register_hook(lambda gi, go: seen.append(go[0] * 0 + 2))
x.register_post_accumulate_grad_hook(lambda t: seen.append(t.grad * 10))
x.register_hook(lambda g: seen.append(g * 0 + 3))
torch.autograd.grad(y, x, retain_graph=True)
n = torch.tensor(float(len(seen)), dtype=torch.float64)
y.backward()
(n, *seen)`,
  () => {
    const x = xs(), y = x.mul(2).sum(), seen: T[] = [];
    const acc = x.mul(1).gradFn!.nextFunctions[0][0]!;
    acc.registerPrehook((go: (T | null)[]) => void seen.push(go[0]!.mul(0).add(1)));
    acc.registerHook((_gi: (T | null)[], go: (T | null)[]) => void seen.push(go[0]!.mul(0).add(2)));
    x.registerPostAccumulateGradHook((t) => void seen.push(t.grad!.mul(10)));
    x.registerHook((g) => void seen.push(g.mul(0).add(3)));
    torch.autograd.grad(y, x, { retainGraph: true });
    const n = torch.tensor(seen.length, f64);
    y.backward();
    return [n, ...seen];
  },
);
misc(
  "post-accumulate-grad hook on a non-leaf",
  `${PX}
(x * 2).register_post_accumulate_grad_hook(lambda t: None)
0`,
  () => {
    xs().mul(2).registerPostAccumulateGradHook(() => {});
    return 0;
  },
);
misc(
  "a node hook returning the wrong number of gradients",
  `${PX}
def post(gi, go):
    return (gi[0],)
y = x * 3
y.grad_fn.register_hook(post)
y.sum().backward()
0`,
  () => {
    const y = xs().mul(3);
    y.gradFn!.registerHook(function post(gi) {
      return [gi[0]];
    });
    y.sum().backward();
    return 0;
  },
);
misc(
  "torch.autograd.backward with several roots",
  `${PX}\ntorch.autograd.backward([x * x, x.sum()], [torch.linspace(-1, 1, 4, dtype=torch.float64), torch.tensor(2., dtype=torch.float64)])\nx.grad`,
  () => {
    const x = xs();
    torch.autograd.backward([x.mul(x), x.sum()], [
      torch.linspace(-1, 1, 4, { dtype: "float64" }),
      torch.tensor(2, { dtype: "float64" }),
    ]);
    return x.grad;
  },
);
misc(
  "non-scalar backward with a gradient (the tutorial's Jacobian-vector product)",
  `x = torch.tensor([[1., 2.], [3., 4.]], dtype=torch.float64, requires_grad=True)\ny = x * 2\nwhile y.data.norm() < 1000:\n    y = y * 2\ny.backward(torch.tensor([[0.1, 1.0], [0.0001, 2.]], dtype=torch.float64))\nx.grad`,
  () => {
    const x = torch.tensor([[1, 2], [3, 4]], { dtype: "float64", requiresGrad: true });
    let y = x.mul(2);
    while ((y.data.norm().item() as number) < 1000) y = y.mul(2);
    y.backward(torch.tensor([[0.1, 1.0], [0.0001, 2]], { dtype: "float64" }));
    return x.grad;
  },
);
misc(
  "index assignment builds a graph (CopySlices)",
  `w = torch.tensor([1., 2., 3.], dtype=torch.float64, requires_grad=True)\nz = torch.zeros(2, 3, dtype=torch.float64)\nz[1] = w.mul(5)\nz[0, :2] = w[1:] ** 2\n(z * torch.arange(6.).reshape(2, 3)).sum().backward()\n(z.requires_grad, type(z.grad_fn).__name__, w.grad)`,
  () => {
    const w = torch.tensor([1, 2, 3], { dtype: "float64", requiresGrad: true });
    const z = torch.zeros(2, 3, { dtype: "float64" });
    z.set(1, w.mul(5));
    z.set("0, :2", w.get("1:").pow(2));
    z.mul(torch.arange(6).reshape(2, 3)).sum().backward();
    return [z.requiresGrad, z.gradFn!.name, w.grad];
  },
);
// torch.autograd.functional
const fpy =
  "def f(x):\n    return (x.sin() * x.roll(1)).cumsum(0)\ndef g(x, y):\n    return (x.exp() * y).sum() + (x * x * y).sum()";
const ff = (x: T) => x.sin().mul(x.roll(1)).cumsum(0);
const gg = (x: T, y: T) => x.exp().mul(y).sum().add(x.mul(x).mul(y).sum());
const x0 = "torch.tensor([0.3, -0.8, 1.1], dtype=torch.float64)",
  y0 = "torch.tensor([1.5, 0.5, -2.], dtype=torch.float64)";
const X0 = () => torch.tensor([0.3, -0.8, 1.1], { dtype: "float64" });
const Y0 = () => torch.tensor([1.5, 0.5, -2], { dtype: "float64" });
const F = torch.autograd.functional;
misc("jacobian", `${fpy}\ntorch.autograd.functional.jacobian(f, ${x0})`, () => F.jacobian(ff, X0()));
misc(
  "jacobian of two inputs",
  `${fpy}\ntorch.autograd.functional.jacobian(g, (${x0}, ${y0}))`,
  () => F.jacobian(gg, [X0(), Y0()]),
);
misc(
  "hessian",
  `${fpy}\ntorch.autograd.functional.hessian(lambda x: g(x, ${y0}), ${x0})`,
  () => F.hessian((x: T) => gg(x, Y0()), X0()),
);
misc(
  "hessian of two inputs",
  `${fpy}\ntorch.autograd.functional.hessian(g, (${x0}, ${y0}))`,
  () => F.hessian(gg, [X0(), Y0()]),
);
misc(
  "vjp",
  `${fpy}\ntorch.autograd.functional.vjp(f, ${x0}, torch.tensor([1., -1., 2.], dtype=torch.float64))`,
  () => F.vjp(ff, X0(), torch.tensor([1, -1, 2], { dtype: "float64" })),
);
misc(
  "jvp",
  `${fpy}\ntorch.autograd.functional.jvp(f, ${x0}, torch.tensor([1., -1., 2.], dtype=torch.float64))`,
  () => F.jvp(ff, X0(), torch.tensor([1, -1, 2], { dtype: "float64" })),
);
// torch.autograd.grad runs only the nodes on a path to its inputs: the rest of the graph stays for a later backward
const gpy = "a = torch.tensor([1., 2., 3.], dtype=torch.float64, requires_grad=True)\n" +
  "t = torch.tensor([1., 1., 1.], dtype=torch.float64, requires_grad=True)\ny = a.exp()";
const GA = () => torch.tensor([1, 2, 3], { dtype: "float64", requiresGrad: true });
const GT = () => torch.tensor([1, 1, 1], { dtype: "float64", requiresGrad: true });
misc(
  "grad leaves the graph off its inputs' paths to a later backward",
  `${gpy}\ng, = torch.autograd.grad((t * y).sum(), t)\ny.sum().backward()\n(g, a.grad)`,
  () => {
    const a = GA(), t = GT(), y = a.exp();
    const [g] = torch.autograd.grad(t.mul(y).sum(), t);
    y.sum().backward();
    return [g, a.grad];
  },
);
misc(
  "backward with inputs leaves the rest of the graph too",
  `${gpy}\ntorch.autograd.backward((t * y).sum(), inputs=[t])\ny.sum().backward()\n(t.grad, a.grad)`,
  () => {
    const a = GA(), t = GT(), y = a.exp();
    torch.autograd.backward(t.mul(y).sum(), { inputs: [t] });
    y.sum().backward();
    return [t.grad, a.grad];
  },
);
// grad / backward's gradients: fewer than outputs is an error, null entries are implicit ones, a batch of them
const apy =
  "a = torch.tensor([1., 2., 3.], dtype=torch.float64, requires_grad=True)\nf = lambda v: torch.tensor(v, dtype=torch.float64)";
const AA = () => torch.tensor([1, 2, 3], { dtype: "float64", requiresGrad: true });
const ff64 = (v: number) => torch.tensor(v, { dtype: "float64" });
for (
  const [label, py, ts] of [
    ["grad with fewer gradients than outputs", "torch.autograd.grad([a.sum(), a.pow(2).sum()], a, [f(5.)])", () => {
      const a = AA();
      return torch.autograd.grad([a.sum(), a.pow(2).sum()], a, [ff64(5)]);
    }],
    [
      "backward with fewer gradients than outputs",
      "torch.autograd.backward([a.sum(), a.pow(2).sum()], [f(5.)])",
      () => {
        const a = AA();
        torch.autograd.backward([a.sum(), a.pow(2).sum()], [ff64(5)]);
        return a.grad;
      },
    ],
    ["grad with more gradients than outputs", "torch.autograd.grad([a.sum()], a, [f(5.), f(1.)])", () => {
      const a = AA();
      return torch.autograd.grad([a.sum()], a, [ff64(5), ff64(1)]);
    }],
    ["grad with a null gradient", "torch.autograd.grad([a.pow(2).sum()], a, [None])", () => {
      const a = AA();
      return torch.autograd.grad([a.pow(2).sum()], a, [null]);
    }],
    ["grad with a null gradient for a non-scalar", "torch.autograd.grad(a.pow(2), a, [None])", () => {
      const a = AA();
      return torch.autograd.grad(a.pow(2), a, [null]);
    }],
    [
      "backward with a null gradient",
      "torch.autograd.backward([a.sum(), a.pow(2).sum()], [f(5.), None])\na.grad",
      () => {
        const a = AA();
        torch.autograd.backward([a.sum(), a.pow(2).sum()], [ff64(5), null]);
        return a.grad;
      },
    ],
    ["grad without inputs", "torch.autograd.grad(a.sum(), [])", () => torch.autograd.grad(AA().sum(), [])],
    ["backward without inputs", "torch.autograd.backward(a.sum(), inputs=[])", () => {
      torch.autograd.backward(AA().sum(), { inputs: [] });
      return torch.zeros(1);
    }],
    [
      "grad with a batch of gradients",
      "torch.autograd.grad(a.pow(2), a, torch.eye(3, dtype=torch.float64), is_grads_batched=True)",
      () => {
        const a = AA();
        return torch.autograd.grad(a.pow(2), a, torch.eye(3, { dtype: "float64" }), { isGradsBatched: true });
      },
    ],
    [
      "grad with a batch of gradients, two inputs, one unused",
      "b = f([1., 1.]).requires_grad_()\ntorch.autograd.grad(a.pow(3), [a, b], torch.eye(3, dtype=torch.float64)[:2], " +
      "is_grads_batched=True, allow_unused=True, materialize_grads=True)",
      () => {
        const a = AA(), b = torch.tensor([1, 1], { dtype: "float64", requiresGrad: true });
        return torch.autograd.grad(a.pow(3), [a, b], torch.eye(3, { dtype: "float64" }).get(":2"), {
          isGradsBatched: true,
          materializeGrads: true,
        });
      },
    ],
  ] as [string, string, () => unknown][]
) misc(`autograd: ${label}`, `${apy}\n${py}`, ts);
// every call form of the functional API, lists of outputs, v left out, createGraph and strict mode's errors
const hpy = `${fpy}\ndef h(x, y):\n    return (x * y.sin(), (x.exp() * y).sum())\n` +
  "v3 = torch.tensor([1., -1., 2.], dtype=torch.float64)\nw3 = torch.tensor([0.5, 2., -1.], dtype=torch.float64)";
const hh = (x: T, y: T) => [x.mul(y.sin()), x.exp().mul(y).sum()];
const V3 = () => torch.tensor([1, -1, 2], { dtype: "float64" }),
  W3 = () => torch.tensor([0.5, 2, -1], { dtype: "float64" });
const G0 = (x: T) => gg(x, Y0());
for (
  const [label, py, ts] of [
    [
      "vjp of a list of outputs",
      `vjp(h, (${x0}, ${y0}), (v3, torch.tensor(2., dtype=torch.float64)))`,
      () => F.vjp(hh, [X0(), Y0()], [V3(), torch.tensor(2, { dtype: "float64" })]),
    ],
    ["vjp without v (one-element output)", `vjp(lambda x: g(x, ${y0}), ${x0})`, () => F.vjp(G0, X0())],
    ["vjp without v, as an option", `vjp(lambda x: g(x, ${y0}), ${x0}, v=None)`, () => F.vjp(G0, X0(), { v: null })],
    [
      "vjp with createGraph, differentiated again",
      `x = ${x0}.requires_grad_()\n_, r = vjp(f, x, v3, create_graph=True)\ntorch.autograd.grad(r.sum(), x)`,
      () => {
        const x = X0().requiresGrad_();
        const [, r] = F.vjp(ff, x, V3(), { createGraph: true });
        return torch.autograd.grad((r as T).sum(), x);
      },
    ],
    [
      "vjp's strict mode (an unused input)",
      `vjp(lambda x, y: x * 2, (${x0}, ${y0}), v3, strict=True)`,
      () => F.vjp((x: T) => x.mul(2), [X0(), Y0()], V3(), false, true),
    ],
    [
      "vjp's strict mode (an output without a graph)",
      `vjp(lambda x: x.detach(), ${x0}, v3, False, True)`,
      () => F.vjp((x: T) => x.detach(), X0(), V3(), { strict: true }),
    ],
    ["vjp without v, many elements", `vjp(f, ${x0})`, () => F.vjp(ff, X0())],
    ["vjp with a v of the wrong size", `vjp(f, ${x0}, v3[:2])`, () => F.vjp(ff, X0(), V3().get(":2"))],
    ["vjp with too few vs", `vjp(h, (${x0}, ${y0}), (v3,))`, () => F.vjp(hh, [X0(), Y0()], [V3()])],
    [
      "jvp of two inputs and two outputs",
      `jvp(h, (${x0}, ${y0}), (v3, w3))`,
      () => F.jvp(hh, [X0(), Y0()], [V3(), W3()]),
    ],
    [
      "jvp without v (one one-element input)",
      "jvp(lambda x: x.exp() * 3, torch.tensor([0.5], dtype=torch.float64))",
      () => F.jvp((x: T) => x.exp().mul(3), torch.tensor([0.5], { dtype: "float64" })),
    ],
    ["jvp without v, many elements", `jvp(f, ${x0})`, () => F.jvp(ff, X0())],
    [
      "jvp's strict mode (an unused input)",
      `jvp(lambda x, y: x * 2, (${x0}, ${y0}), (v3, w3), strict=True)`,
      () => F.jvp((x: T) => x.mul(2), [X0(), Y0()], [V3(), W3()], { strict: true }),
    ],
    [
      "jvp with createGraph, differentiated again",
      `x = ${x0}.requires_grad_()\n_, r = jvp(f, x, v3, create_graph=True)\ntorch.autograd.grad(r.sum(), x)`,
      () => {
        const x = X0().requiresGrad_();
        const [, r] = F.jvp(ff, x, V3(), true);
        return torch.autograd.grad((r as T).sum(), x);
      },
    ],
    ["vhp", `vhp(lambda x: g(x, ${y0}), ${x0}, v3)`, () => F.vhp(G0, X0(), V3())],
    ["vhp of two inputs", `vhp(g, (${x0}, ${y0}), (v3, w3))`, () => F.vhp(gg, [X0(), Y0()], [V3(), W3()])],
    ["hvp", `hvp(lambda x: g(x, ${y0}), ${x0}, v3)`, () => F.hvp(G0, X0(), { v: V3() })],
    ["hvp of two inputs", `hvp(g, (${x0}, ${y0}), (v3, w3))`, () => F.hvp(gg, [X0(), Y0()], [V3(), W3()])],
    [
      "vhp's strict mode (a linear function)",
      `vhp(lambda x: (x * 2).sum(), ${x0}, v3, strict=True)`,
      () => F.vhp((x: T) => x.mul(2).sum(), X0(), V3(), { strict: true }),
    ],
    [
      "hvp's strict mode (a quadratic function)",
      `hvp(lambda x: (x * x).sum(), ${x0}, v3, strict=True)`,
      () => F.hvp((x: T) => x.mul(x).sum(), X0(), V3(), false, true),
    ],
    ["vhp of a non-scalar function", `vhp(f, ${x0}, v3)`, () => F.vhp(ff as (x: T) => T, X0(), V3())],
    [
      "hessian with createGraph, differentiated again",
      `x = ${x0}.requires_grad_()\nH = hessian(lambda x: (x.sin() * x.sum()).sum(), x, create_graph=True)\ntorch.autograd.grad(H.sum(), x)`,
      () => {
        const x = X0().requiresGrad_();
        const H = F.hessian((t: T) => t.sin().mul(t.sum()).sum(), x, { createGraph: true }) as T;
        return torch.autograd.grad(H.sum(), x);
      },
    ],
    [
      "hessian's strict mode (a linear function)",
      `hessian(lambda x: (x * 2).sum(), ${x0}, strict=True)`,
      () => F.hessian((x: T) => x.mul(2).sum(), X0(), false, true),
    ],
    ["hessian of a non-scalar function", `hessian(f, ${x0})`, () => F.hessian(ff, X0())],
    [
      "jacobian's strict mode (an unused input)",
      `jacobian(lambda x, y: x * 2, (${x0}, ${y0}), strict=True)`,
      () => F.jacobian((x: T) => x.mul(2), [X0(), Y0()], { strict: true }),
    ],
    [
      "jacobian with createGraph and strict (a linear function)",
      `x = ${x0}.requires_grad_()\njacobian(lambda x: x * 2, x, True, True)`,
      () => F.jacobian((x: T) => x.mul(2), X0().requiresGrad_(), true, true),
    ],
    ["jacobian, vectorized", `jacobian(f, ${x0}, vectorize=True)`, () => F.jacobian(ff, X0(), { vectorize: true })],
    [
      "jacobian, forward mode (vectorized)",
      `jacobian(f, ${x0}, False, False, True, "forward-mode")`,
      () => F.jacobian(ff, X0(), false, false, true, "forward-mode"),
    ],
    [
      "jacobian, forward mode without vectorize",
      `jacobian(f, ${x0}, strategy="forward-mode")`,
      () => F.jacobian(ff, X0(), { strategy: "forward-mode" }),
    ],
    [
      "jacobian, forward mode with createGraph",
      `jacobian(f, ${x0}, True, strategy="forward-mode", vectorize=True)`,
      () => F.jacobian(ff, X0(), true, { strategy: "forward-mode", vectorize: true }),
    ],
    [
      "jacobian, forward mode with strict",
      `jacobian(f, ${x0}, strict=True, strategy="forward-mode", vectorize=True)`,
      () => F.jacobian(ff, X0(), { strict: true, strategy: "forward-mode", vectorize: true }),
    ],
    [
      "jacobian, vectorized with strict",
      `jacobian(f, ${x0}, strict=True, vectorize=True)`,
      () => F.jacobian(ff, X0(), { strict: true, vectorize: true }),
    ],
    ["jacobian, strict None", `jacobian(f, ${x0}, False, None)`, () => F.jacobian(ff, X0(), false, null)],
    ["vjp, strict None", `vjp(f, ${x0}, v3, strict=None)`, () => F.vjp(ff, X0(), V3(), { strict: null })],
    ["jacobian of an empty output", `jacobian(lambda x: x[:0], ${x0})`, () => F.jacobian((x: T) => x.get(":0"), X0())],
    [
      "hessian, forward-mode outer jacobian",
      `hessian(lambda x: g(x, ${y0}), ${x0}, outer_jacobian_strategy="forward-mode")`,
      () => F.hessian(G0, X0(), { outerJacobianStrategy: "forward-mode" }),
    ],
    [
      "hessian, vectorized forward-mode outer jacobian",
      `hessian(lambda x: g(x, ${y0}), ${x0}, vectorize=True, outer_jacobian_strategy="forward-mode")`,
      () => F.hessian(G0, X0(), false, false, true, "forward-mode"),
    ],
  ] as [string, string, () => unknown][]
) misc(`torch.autograd.functional: ${label}`, `${hpy}\nfrom torch.autograd.functional import *\n${py}`, ts);
misc(
  "higher-order gradients",
  `x = torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64, requires_grad=True)\ny = (x.sin() * x.pow(3)).sum()\ng, = torch.autograd.grad(y, x, create_graph=True)\nh, = torch.autograd.grad(g.sum(), x)\n(g, h)`,
  () => {
    const x = torch.tensor([0.5, -1.0, 2.0], { dtype: "float64", requiresGrad: true });
    const [g] = torch.autograd.grad(x.sin().mul(x.pow(3)).sum(), x, { createGraph: true });
    const [h] = torch.autograd.grad(g!.sum(), x);
    return [g, h];
  },
);
misc(
  "higher-order gradients through softmax, logSoftmax, logsumexp and an indexed view",
  `x = torch.tensor([[0.5, -1.0, 2.0], [0.1, 0.2, -0.3]], dtype=torch.float64, requires_grad=True)\ny = (x.softmax(1) * x.log_softmax(0) + x.logsumexp(1, keepdim=True) ** 2).sum() + x[:, 1:][[1, 0]].prod()\ng, = torch.autograd.grad(y, x, create_graph=True)\nh, = torch.autograd.grad((g * g).sum(), x)\n(g, h)`,
  () => {
    const x = torch.tensor([[0.5, -1.0, 2.0], [0.1, 0.2, -0.3]], { dtype: "float64", requiresGrad: true });
    const y = x.softmax(1).mul(x.logSoftmax(0)).add(x.logsumexp(1, { keepdim: true }).pow(2)).sum()
      .add(x.get(":, 1:").get([[1, 0]]).prod());
    const [g] = torch.autograd.grad(y, x, { createGraph: true });
    const [h] = torch.autograd.grad(g!.mul(g!).sum(), x);
    return [g, h];
  },
);

// ---------------------------------------------------------------- one oracle call
const gradCases = ALL.map(({ sample }) => gradCase(sample));
const miscCases: Case[] = MISC.map((m) => {
  const lines = m.py.split("\n");
  const expr = lines.pop()!;
  return { torch: true, setup: lines.join("\n"), expr };
});
const results = await numpy([...gradCases, ...miscCases]);
const gradResults = results.slice(0, gradCases.length), miscResults = results.slice(gradCases.length);

// ---------------------------------------------------------------- tests
Deno.test("every op torch declares has a derivative, is non-differentiable, is a composite, or raises", () => {
  const missing: string[] = [];
  const decls: [string, OpDecl][] = [
    ...TORCH_OPS.entries(),
    ...Object.values(LINALG_DECLS).map((d) => [d.name, d] as [string, OpDecl]),
    ...Object.values(SPECIAL_FNS).map((d) => [d.name, d] as [string, OpDecl]),
  ];
  for (const [name, decl] of decls) {
    for (const o of decl.torch?.overloads ?? []) {
      const id = o.id ?? decl.name;
      // an op returning no tensor (numel, stride) has nothing to differentiate
      if (o.composite || DERIVATIVES[id] || NONDIFF.has(id) || !returnsTensors({ returns: o.returns ?? "array" })) {
        continue;
      }
      missing.push(`${name} (${id})`);
    }
  }
  // those without one raise PyTorch's error when an input requires grad, never drop the gradient silently
  assert.deepEqual(missing.filter((m) => !RAISES[m]), []);
  for (const m of missing) {
    assert.throws(
      RAISES[m],
      (e: Error) => e instanceof torch.RuntimeError && /derivative for aten::\w+ is not implemented/.test(e.message),
      m,
    );
  }
  // and every derivative has samples here (nn's are checked by tests/torch/nn tests)
  const unsampled = Object.keys(DERIVATIVES).filter((id) =>
    !INTERNAL.has(id) && !RAISING.has(id) && !(id in NN_DERIVATIVES) && !SAMPLES[id]?.length
  );
  assert.deepEqual(unsampled, []);
});

Deno.test("gradients of every differentiable op match PyTorch", () => {
  const failures: string[] = [];
  ALL.forEach(({ label, sample }, i) => {
    try {
      const res = gradResults[i];
      assert.ok("value" in res, `PyTorch raised: ${JSON.stringify(res)}`);
      assertMatches(ourGrads(sample), res.value, label, sample.tol ?? { rtol: 1e-9, atol: 1e-10 });
    } catch (e) {
      failures.push(`${label}: ${(e as Error).message.split("\n")[0]}`);
    }
  });
  assert.deepEqual(failures, []);
});

Deno.test("every differentiable op passes gradcheck (central differences, float64)", () => {
  const failures: string[] = [];
  for (const { label, sample } of ALL) {
    if (sample.nocheck) continue;
    const ins = sample.inputs.map((x) => {
      const t = buildT(x);
      return t.isFloatingPoint() ? t.requiresGrad_() : t;
    });
    const fn = (...xs: T[]) => {
      const out = sample.ts(...xs);
      const outs = (Array.isArray(out) ? out : [out]).filter((o) => o.isFloatingPoint());
      return outs.length === 1 ? outs[0] : torch.cat(outs.map((o) => o.reshape(-1)));
    };
    try {
      torch.autograd.gradcheck(fn, ins, { eps: 1e-6, atol: 1e-5, rtol: 1e-4 });
    } catch (e) {
      failures.push(`${label}: ${(e as Error).message}`);
    }
  }
  assert.deepEqual(failures, []);
});

Deno.test("in-place ops under autograd, hooks, backward and autograd.functional match PyTorch", () => {
  const failures: string[] = [];
  MISC.forEach((m, i) => {
    const res = miscResults[i];
    try {
      if ("error" in res) {
        assert.throws(
          m.ts,
          (e: Error) => e instanceof torch.RuntimeError && e.message === res.message,
          `${m.label}: ${res.message}`,
        );
      } else assertMatches(m.ts(), res.value, m.label, m.tol ?? { rtol: 1e-10, atol: 1e-12 });
    } catch (e) {
      failures.push(`${m.label}: ${(e as Error).message.split("\n")[0]}`);
    }
  });
  assert.deepEqual(failures, []);
});

Deno.test("gradcheck passes for composite functions and catches wrong gradients", () => {
  const x = torch.tensor([[0.3, -0.7, 1.2], [0.5, 0.1, -1.5]], { dtype: "float64", requiresGrad: true });
  const w = torch.tensor([[0.2], [-0.4], [0.9]], { dtype: "float64", requiresGrad: true });
  assert.ok(torch.autograd.gradcheck((p, q) => p.matmul(q).tanh().sum(), [x, w]));
  assert.ok(torch.autograd.gradcheck((p) => p.softmax(1).mul(p).sum(0), [x]));
  assert.throws(() => torch.autograd.gradcheck((p) => p.detach().mul(p).sum(), [x]), /Jacobian mismatch/);
});

Deno.test("graph structure: gradFn names, nextFunctions, isLeaf, retainGrad, printing", () => {
  const x = torch.tensor([1, 2, 3], { dtype: "float32", requiresGrad: true });
  const y = x.mul(2);
  const z = y.sum();
  assert.equal(y.gradFn!.name, "MulBackward0");
  assert.equal(z.gradFn!.name, "SumBackward0");
  assert.equal(z.gradFn!.nextFunctions[0][0], y.gradFn);
  assert.equal(y.gradFn!.nextFunctions[0][0]!.name, "AccumulateGrad");
  assert.equal(x.softmax(0).gradFn!.name, "SoftmaxBackward0");
  assert.ok(x.isLeaf && !y.isLeaf);
  y.retainGrad();
  z.backward();
  assert.deepEqual(x.grad!.tolist(), [2, 2, 2]);
  assert.deepEqual(y.grad!.tolist(), [1, 1, 1]);
  assert.equal(String(y).includes("grad_fn=<MulBackward0>"), true);
  assert.equal(String(x), "tensor([1., 2., 3.], requires_grad=True)");
});

Deno.test("noGrad, enableGrad, detach", () => {
  const x = torch.tensor([1.0], { requiresGrad: true });
  assert.equal(torch.noGrad(() => x.mul(2)).requiresGrad, false);
  {
    using _ = torch.noGrad();
    assert.equal(x.mul(3).requiresGrad, false);
    assert.equal(torch.enableGrad(() => x.mul(3)).requiresGrad, true);
  }
  assert.equal(x.mul(3).requiresGrad, true);
  // setGradEnabled: a plain call sets the mode, a `using` block restores the previous one (set_grad_enabled's forms)
  torch.setGradEnabled(false);
  assert.equal(x.mul(3).requiresGrad, false);
  {
    using _ = torch.setGradEnabled(true);
    assert.equal(x.mul(3).requiresGrad, true);
  }
  assert.equal(torch.isGradEnabled(), false);
  torch.setGradEnabled(true);
  assert.equal(x.mul(3).requiresGrad, true);
  const d = x.mul(2).detach();
  assert.ok(!d.requiresGrad && d.isLeaf);
  const k = x.mul(2);
  k.detach_();
  assert.ok(!k.requiresGrad && k.gradFn === null);
});
