/**
 * KL(p ‖ q) for Pareto and ContinuousBernoulli, as torch/distributions/kl.py registers them, with themselves, each
 * other and Beta, Exponential, Gamma, Gumbel, Laplace, Normal and Uniform. Imported for its side effect.
 */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { Beta } from "./beta.ts";
import { ContinuousBernoulli } from "./continuous_bernoulli.ts";
import { Exponential } from "./exponential.ts";
import { Gamma } from "./gamma.ts";
import { Gumbel } from "./gumbel.ts";
import { registerKl } from "./kl.ts";
import { Laplace } from "./laplace.ts";
import { Normal } from "./normal.ts";
import { Pareto } from "./pareto.ts";
import { Uniform } from "./uniform.ts";

const { add, sub, mul, div, log, reciprocal, pow } = torch;
const xLogX = (t: Tensor) => torch.xlogy(t, t);

registerKl(Pareto, Pareto, (p: Pareto, q: Pareto) => {
  const alphaRatio = div(q.alpha, p.alpha);
  const t1 = mul(q.alpha, log(div(p.scale, q.scale)));
  const result = sub(add(sub(t1, log(alphaRatio)), alphaRatio), 1);
  // PyTorch compares the supports' lower bounds, the scales
  return torch.where(torch.lt(p.scale, q.scale), Infinity, result);
});

registerKl(Pareto, Exponential, (p: Pareto, q: Exponential) => {
  const scaleRate = mul(p.scale, q.rate);
  const t1 = log(div(p.alpha, scaleRate));
  const t3 = div(mul(p.alpha, scaleRate), sub(p.alpha, 1));
  return torch.where(torch.le(p.alpha, 1), Infinity, sub(add(sub(t1, reciprocal(p.alpha)), t3), 1));
});

registerKl(Pareto, Gamma, (p: Pareto, q: Gamma) => {
  const common = add(log(p.scale), reciprocal(p.alpha));
  const t1 = sub(log(p.alpha), common);
  const t2 = sub(torch.lgamma(q.concentration), mul(q.concentration, log(q.rate)));
  const t3 = mul(torch.rsub(q.concentration, 1), common);
  const t4 = div(mul(mul(q.rate, p.alpha), p.scale), sub(p.alpha, 1));
  return torch.where(torch.le(p.alpha, 1), Infinity, sub(add(add(add(t1, t2), t3), t4), 1));
});

registerKl(Pareto, Normal, (p: Pareto, q: Normal) => {
  const varNormal = mul(pow(q.scale, 2), 2);
  const common = div(p.scale, sub(p.alpha, 1));
  const t1 = log(div(mul(mul(q.scale, Math.sqrt(2 * Math.PI)), p.alpha), p.scale));
  const t3 = div(mul(p.alpha, pow(common, 2)), sub(p.alpha, 2));
  const t4 = pow(sub(mul(p.alpha, common), q.loc), 2);
  const result = sub(add(sub(t1, reciprocal(p.alpha)), div(add(t3, t4), varNormal)), 1);
  return torch.where(torch.le(p.alpha, 2), Infinity, result);
});

registerKl(Uniform, Pareto, (p: Uniform, q: Pareto) => {
  const support = sub(p.high, p.low);
  const t1 = log(mul(mul(q.alpha, pow(q.scale, q.alpha)), support));
  const t2 = div(sub(sub(xLogX(p.high), xLogX(p.low)), support), support);
  return torch.where(torch.lt(p.low, q.scale), Infinity, sub(mul(t2, add(q.alpha, 1)), t1));
});

registerKl(ContinuousBernoulli, ContinuousBernoulli, (p: ContinuousBernoulli, q: ContinuousBernoulli) => {
  const t1 = mul(p.mean, sub(p.logits, q.logits));
  const t2 = add(p.contBernLogNorm(), torch.log1p(torch.neg(p.probs)));
  const t3 = sub(torch.neg(q.contBernLogNorm()), torch.log1p(torch.neg(q.probs)));
  return add(add(t1, t2), t3);
});

// -H(p) - E_p[v] logits_q - log(1 - λ_q) - log C(λ_q): p on [0, 1] against a continuous Bernoulli
const crossContinuousBernoulli = (p: Beta | Uniform, q: ContinuousBernoulli) =>
  sub(sub(sub(torch.neg(p.entropy()), mul(p.mean, q.logits)), torch.log1p(torch.neg(q.probs))), q.contBernLogNorm());

registerKl(Beta, ContinuousBernoulli, crossContinuousBernoulli);

registerKl(Uniform, ContinuousBernoulli, (p: Uniform, q: ContinuousBernoulli) => {
  const result = crossContinuousBernoulli(p, q);
  return torch.where(torch.logicalOr(torch.ge(p.high, 1), torch.le(p.low, 0)), Infinity, result);
});

registerKl(
  ContinuousBernoulli,
  Exponential,
  (p: ContinuousBernoulli, q: Exponential) => add(sub(torch.neg(p.entropy()), log(q.rate)), mul(q.rate, p.mean)),
);

registerKl(ContinuousBernoulli, Normal, (p: ContinuousBernoulli, q: Normal) => {
  const t1 = torch.neg(p.entropy());
  const t2 = add(mul(add(torch.square(div(q.loc, q.scale)), Math.log(2 * Math.PI)), 0.5), log(q.scale));
  const t3 = div(
    sub(add(p.variance, torch.square(p.mean)), mul(mul(q.loc, 2), p.mean)),
    mul(torch.square(q.scale), 2),
  );
  return add(add(t1, t2), t3);
});

registerKl(ContinuousBernoulli, Uniform, (p: ContinuousBernoulli, q: Uniform) => {
  const result = add(torch.neg(p.entropy()), log(sub(q.high, q.low)));
  return torch.where(torch.logicalOr(torch.ge(q.low, 0), torch.le(q.high, 1)), Infinity, result);
});

// pairs whose q has no density where p has mass
for (
  const [P, Q, param] of [
    [Beta, Pareto, "concentration1"],
    [Exponential, Pareto, "rate"],
    [Gamma, Pareto, "concentration"],
    [Gumbel, Pareto, "loc"],
    [Laplace, Pareto, "loc"],
    [Normal, Pareto, "loc"],
    [Pareto, Beta, "scale"],
    [Pareto, ContinuousBernoulli, "scale"],
    [ContinuousBernoulli, Pareto, "probs"],
    [Exponential, ContinuousBernoulli, "rate"],
    [Gamma, ContinuousBernoulli, "concentration"],
    [Gumbel, ContinuousBernoulli, "loc"],
    [Laplace, ContinuousBernoulli, "loc"],
    [Normal, ContinuousBernoulli, "loc"],
    [Pareto, Uniform, "scale"],
  ] as const
) {
  registerKl(P, Q, (p: Record<string, Tensor>) => torch.fullLike(p[param], Infinity));
}
