/**
 * KL divergences PyTorch registers for the distributions beyond kl.ts's same-kind pairs: the wrappers
 * (Independent, TransformedDistribution, so LogNormal too), MultivariateNormal, Gumbel, Geometric,
 * OneHotCategorical, HalfNormal, Cauchy, and the mixed pairs among Normal, Laplace, Uniform, Exponential and Gumbel.
 * Imported for its side effect (the registrations).
 */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { Cauchy } from "./cauchy.ts";
import { Exponential } from "./exponential.ts";
import { Geometric } from "./geometric.ts";
import { EULER_GAMMA, Gumbel } from "./gumbel.ts";
import { HalfNormal } from "./half_normal.ts";
import { Independent } from "./independent.ts";
import { klDivergence, registerKl } from "./kl.ts";
import { Laplace } from "./laplace.ts";
import { batchMahalanobis, MultivariateNormal } from "./multivariate_normal.ts";
import { Normal } from "./normal.ts";
import { OneHotCategorical } from "./one_hot_categorical.ts";
import { sumRightmost } from "./transform.ts";
import { TransformedDistribution } from "./transformed_distribution.ts";
import { Uniform } from "./uniform.ts";

const sameShape = (a: number[], b: number[]) => a.length === b.length && a.every((s, i) => s === b[i]);
// PyTorch raises a bare NotImplementedError for pairs it cannot reduce
const notImplemented = (what: string) => new torch.RuntimeError(`No KL(p || q) is implemented for ${what}`);
const infiniteLike = (t: Tensor) => torch.fullLike(t, Infinity);

registerKl(Independent, Independent, (p: Independent, q: Independent) => {
  if (p.reinterpretedBatchNdims !== q.reinterpretedBatchNdims) {
    throw notImplemented("Independent distributions of different reinterpreted_batch_ndims");
  }
  return sumRightmost(klDivergence(p.baseDist, q.baseDist), p.reinterpretedBatchNdims);
});

registerKl(
  TransformedDistribution,
  TransformedDistribution,
  (p: TransformedDistribution, q: TransformedDistribution) => {
    const same = p.transforms.length === q.transforms.length && p.transforms.every((t, i) => t.equals(q.transforms[i]));
    if (!same) throw notImplemented("TransformedDistributions with different transforms");
    if (!sameShape(p.eventShape, q.eventShape)) {
      throw notImplemented("TransformedDistributions with different event shapes");
    }
    return klDivergence(p.baseDist, q.baseDist);
  },
);

registerKl(MultivariateNormal, MultivariateNormal, (p: MultivariateNormal, q: MultivariateNormal) => {
  if (!sameShape(p.eventShape, q.eventShape)) {
    throw new RangeError(
      "KL-divergence between two Multivariate Normals with                          different event shapes cannot be computed",
    );
  }
  const pL = p.unbroadcastedScaleTril, qL = q.unbroadcastedScaleTril, n = p.eventShape[0];
  const halfTerm1 = torch.sub(q.halfLogDet(), p.halfLogDet());
  const batch = torch.broadcastShapes(qL.shape.slice(0, -2), pL.shape.slice(0, -2));
  const solved = torch.linalg.solveTriangular(qL.expand([...batch, n, n]), pL.expand([...batch, n, n]), {
    upper: false,
  });
  const term2 = torch.sum(torch.pow(solved.reshape([-1, n * n]), 2), -1).reshape(batch); // trace(X Xᵀ)
  const term3 = batchMahalanobis(qL, torch.sub(q.loc, p.loc));
  return torch.add(halfTerm1, torch.mul(torch.sub(torch.add(term2, term3), n), 0.5));
});

registerKl(Gumbel, Gumbel, (p: Gumbel, q: Gumbel) => {
  const ct1 = torch.div(p.scale, q.scale), ct2 = torch.div(q.loc, q.scale), ct3 = torch.div(p.loc, q.scale);
  const t1 = torch.add(torch.sub(torch.neg(torch.log(ct1)), ct2), ct3);
  const t2 = torch.mul(ct1, EULER_GAMMA);
  const t3 = torch.exp(torch.sub(torch.add(ct2, torch.lgamma(torch.add(ct1, 1))), ct3));
  return torch.sub(torch.add(torch.add(t1, t2), t3), 1 + EULER_GAMMA);
});

registerKl(Geometric, Geometric, (p: Geometric, q: Geometric) =>
  torch.sub(
    torch.sub(torch.neg(p.entropy()), torch.div(torch.log1p(torch.neg(q.probs)), p.probs)),
    q.logits,
  ));

registerKl(HalfNormal, HalfNormal, (p: HalfNormal, q: HalfNormal) => klDivergence(p.baseDist, q.baseDist));

registerKl(
  OneHotCategorical,
  OneHotCategorical,
  (p: OneHotCategorical, q: OneHotCategorical) => klDivergence(p.categorical, q.categorical),
);

registerKl(Cauchy, Cauchy, (p: Cauchy, q: Cauchy) => {
  const t1 = torch.log(torch.add(torch.pow(torch.add(p.scale, q.scale), 2), torch.pow(torch.sub(p.loc, q.loc), 2)));
  const t2 = torch.log(torch.mul(torch.mul(p.scale, 4), q.scale));
  return torch.sub(t1, t2);
});

// ---- mixed pairs: infinite where q's support misses part of p's
for (
  const [P, Q] of [
    [Exponential, Uniform],
    [Gumbel, Exponential],
    [Gumbel, Uniform],
    [Laplace, Exponential],
    [
      Laplace,
      Uniform,
    ],
    [Normal, Exponential],
    [Normal, Uniform],
  ] as const
) {
  registerKl(
    P,
    Q,
    (p: Exponential | Gumbel | Laplace | Normal) => infiniteLike(p instanceof Exponential ? p.rate : p.loc),
  );
}

registerKl(Exponential, Gumbel, (p: Exponential, q: Gumbel) => {
  const scaleRateProd = torch.mul(p.rate, q.scale), locScaleRatio = torch.div(q.loc, q.scale);
  const t1 = torch.sub(torch.log(scaleRateProd), 1);
  const t2 = torch.div(torch.mul(torch.exp(locScaleRatio), scaleRateProd), torch.add(scaleRateProd, 1));
  const t3 = torch.reciprocal(scaleRateProd);
  return torch.add(torch.add(torch.sub(t1, locScaleRatio), t2), t3);
});

registerKl(Exponential, Normal, (p: Exponential, q: Normal) => {
  const varNormal = torch.pow(q.scale, 2), rateSqr = torch.pow(p.rate, 2);
  const t1 = torch.mul(torch.log(torch.mul(torch.mul(torch.mul(rateSqr, varNormal), 2), Math.PI)), 0.5);
  const t2 = torch.reciprocal(rateSqr), t3 = torch.div(q.loc, p.rate), t4 = torch.mul(torch.pow(q.loc, 2), 0.5);
  return torch.add(torch.sub(t1, 1), torch.div(torch.add(torch.sub(t2, t3), t4), varNormal));
});

registerKl(Gumbel, Normal, (p: Gumbel, q: Normal) => {
  const paramRatio = torch.div(p.scale, q.scale);
  const t1 = torch.log(torch.div(paramRatio, Math.sqrt(2 * Math.PI)));
  const t2 = torch.div(torch.pow(torch.mul(torch.mul(paramRatio, Math.PI), 0.5), 2), 3);
  const z = torch.div(torch.sub(torch.add(p.loc, torch.mul(p.scale, EULER_GAMMA)), q.loc), q.scale);
  const t3 = torch.mul(torch.pow(z, 2), 0.5);
  return torch.sub(torch.add(torch.add(torch.neg(t1), t2), t3), EULER_GAMMA + 1);
});

registerKl(Laplace, Normal, (p: Laplace, q: Normal) => {
  const varNormal = torch.pow(q.scale, 2), ratio = torch.div(torch.pow(p.scale, 2), varNormal);
  const t1 = torch.mul(torch.log(torch.div(torch.mul(ratio, 2), Math.PI)), 0.5);
  const t2 = torch.mul(torch.pow(p.loc, 2), 0.5),
    t3 = torch.mul(p.loc, q.loc),
    t4 = torch.mul(torch.pow(q.loc, 2), 0.5);
  return torch.sub(
    torch.add(torch.add(torch.neg(t1), ratio), torch.div(torch.add(torch.sub(t2, t3), t4), varNormal)),
    1,
  );
});

registerKl(Normal, Gumbel, (p: Normal, q: Gumbel) => {
  const meanScaleRatio = torch.div(p.loc, q.scale), varScaleSqrRatio = torch.pow(torch.div(p.scale, q.scale), 2);
  const locScaleRatio = torch.div(q.loc, q.scale);
  const t1 = torch.mul(torch.log(varScaleSqrRatio), 0.5), t2 = torch.sub(meanScaleRatio, locScaleRatio);
  const t3 = torch.exp(
    torch.add(torch.add(torch.neg(meanScaleRatio), torch.mul(varScaleSqrRatio, 0.5)), locScaleRatio),
  );
  return torch.sub(torch.add(torch.add(torch.neg(t1), t2), t3), 0.5 * (1 + Math.log(2 * Math.PI)));
});

registerKl(Normal, Laplace, (p: Normal, q: Laplace) => {
  const locDiff = torch.sub(p.loc, q.loc), scaleRatio = torch.div(p.scale, q.scale);
  const locDiffScaleRatio = torch.div(locDiff, p.scale);
  const t1 = torch.log(scaleRatio);
  const t2 = torch.mul(
    torch.mul(p.scale, Math.sqrt(2 / Math.PI)),
    torch.exp(torch.mul(torch.pow(locDiffScaleRatio, 2), -0.5)),
  );
  const t3 = torch.mul(locDiff, torch.erf(torch.mul(locDiffScaleRatio, Math.sqrt(0.5))));
  return torch.sub(
    torch.add(torch.neg(t1), torch.div(torch.add(t2, t3), q.scale)),
    0.5 * (1 + Math.log(0.5 * Math.PI)),
  );
});

registerKl(Uniform, Exponential, (p: Uniform, q: Exponential) => {
  const result = torch.sub(
    torch.div(torch.mul(q.rate, torch.add(p.high, p.low)), 2),
    torch.log(torch.mul(torch.sub(p.high, p.low), q.rate)),
  );
  return torch.where(torch.lt(p.low, 0), Infinity, result); // 0: the Exponential support's lower bound
});

registerKl(Uniform, Gumbel, (p: Uniform, q: Gumbel) => {
  const commonTerm = torch.div(q.scale, torch.sub(p.high, p.low));
  const highLocDiff = torch.div(torch.sub(p.high, q.loc), q.scale);
  const lowLocDiff = torch.div(torch.sub(p.low, q.loc), q.scale);
  const t1 = torch.add(torch.log(commonTerm), torch.mul(torch.add(highLocDiff, lowLocDiff), 0.5));
  const t2 = torch.mul(commonTerm, torch.sub(torch.exp(torch.neg(highLocDiff)), torch.exp(torch.neg(lowLocDiff))));
  return torch.sub(t1, t2);
});

registerKl(Uniform, Normal, (p: Uniform, q: Normal) => {
  const commonTerm = torch.sub(p.high, p.low);
  const t1 = torch.log(torch.div(torch.mul(q.scale, Math.sqrt(Math.PI * 2)), commonTerm));
  const t2 = torch.div(torch.pow(commonTerm, 2), 12);
  const t3 = torch.pow(torch.div(torch.sub(torch.add(p.high, p.low), torch.mul(q.loc, 2)), 2), 2);
  return torch.add(t1, torch.div(torch.mul(torch.add(t2, t3), 0.5), torch.pow(q.scale, 2)));
});
