/**
 * KL(p ‖ q) for the gamma family (Gamma, Chi2 through Gamma, Beta, Dirichlet, Poisson, Binomial) and its mixed pairs
 * with the other distributions (Bernoulli, Exponential, Gumbel, Laplace, Normal, Uniform), as torch/distributions/kl.py
 * registers them. Imported for its side effect.
 */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { Bernoulli } from "./bernoulli.ts";
import { Beta } from "./beta.ts";
import { Binomial } from "./binomial.ts";
import { Dirichlet } from "./dirichlet.ts";
import { Exponential } from "./exponential.ts";
import { Gamma } from "./gamma.ts";
import { EULER_GAMMA, Gumbel } from "./gumbel.ts";
import { registerKl } from "./kl.ts";
import { Laplace } from "./laplace.ts";
import { Normal } from "./normal.ts";
import { Poisson } from "./poisson.ts";
import { Uniform } from "./uniform.ts";

const infiniteLike = (t: Tensor) => torch.fullLike(t, Infinity);
const xLogX = (t: Tensor) => torch.xlogy(t, t);
const { add, sub, mul, div, log, lgamma, digamma } = torch;

registerKl(Beta, Beta, (p: Beta, q: Beta) => {
  const sumP = add(p.concentration1, p.concentration0), sumQ = add(q.concentration1, q.concentration0);
  const t1 = add(add(lgamma(q.concentration1), lgamma(q.concentration0)), lgamma(sumP));
  const t2 = add(add(lgamma(p.concentration1), lgamma(p.concentration0)), lgamma(sumQ));
  const t3 = mul(sub(p.concentration1, q.concentration1), digamma(p.concentration1));
  const t4 = mul(sub(p.concentration0, q.concentration0), digamma(p.concentration0));
  const t5 = mul(sub(sumQ, sumP), digamma(sumP));
  return add(add(add(sub(t1, t2), t3), t4), t5);
});

registerKl(Binomial, Binomial, (p: Binomial, q: Binomial) => {
  if (torch.any(torch.lt(p.totalCount, q.totalCount)).item()) {
    // PyTorch's NotImplementedError
    throw new torch.RuntimeError("KL between Binomials where q.total_count > p.total_count is not implemented");
  }
  const kl = mul(
    p.totalCount,
    sub(add(mul(p.probs, sub(p.logits, q.logits)), torch.log1p(torch.neg(p.probs))), torch.log1p(torch.neg(q.probs))),
  );
  return torch.where(torch.gt(p.totalCount, q.totalCount), Infinity, kl);
});

registerKl(Dirichlet, Dirichlet, (p: Dirichlet, q: Dirichlet) => {
  const sumP = torch.sum(p.concentration, -1), sumQ = torch.sum(q.concentration, -1);
  const t1 = sub(lgamma(sumP), lgamma(sumQ));
  const t2 = torch.sum(sub(lgamma(p.concentration), lgamma(q.concentration)), -1);
  const t3 = sub(p.concentration, q.concentration);
  const t4 = sub(digamma(p.concentration), digamma(sumP).unsqueeze(-1));
  return add(sub(t1, t2), torch.sum(mul(t3, t4), -1));
});

registerKl(Gamma, Gamma, (p: Gamma, q: Gamma) => {
  const t1 = mul(q.concentration, log(div(p.rate, q.rate)));
  const t2 = sub(lgamma(q.concentration), lgamma(p.concentration));
  const t3 = mul(sub(p.concentration, q.concentration), digamma(p.concentration));
  const t4 = mul(sub(q.rate, p.rate), div(p.concentration, p.rate));
  return add(add(add(t1, t2), t3), t4);
});

registerKl(
  Poisson,
  Poisson,
  (p: Poisson, q: Poisson) => sub(mul(p.rate, sub(log(p.rate), log(q.rate))), sub(p.rate, q.rate)),
);

registerKl(
  Bernoulli,
  Poisson,
  (p: Bernoulli, q: Poisson) => sub(torch.neg(p.entropy()), sub(mul(p.probs, log(q.rate)), q.rate)),
);

registerKl(Beta, Exponential, (p: Beta, q: Exponential) =>
  add(
    sub(torch.neg(p.entropy()), log(q.rate)),
    mul(q.rate, div(p.concentration1, add(p.concentration1, p.concentration0))),
  ));

registerKl(Beta, Gamma, (p: Beta, q: Gamma) => {
  const t1 = torch.neg(p.entropy());
  const t2 = sub(lgamma(q.concentration), mul(q.concentration, log(q.rate)));
  const total = add(p.concentration1, p.concentration0);
  const t3 = mul(sub(q.concentration, 1), sub(digamma(p.concentration1), digamma(total)));
  const t4 = div(mul(q.rate, p.concentration1), total);
  return add(sub(add(t1, t2), t3), t4);
});

registerKl(Beta, Normal, (p: Beta, q: Normal) => {
  const total = add(p.concentration1, p.concentration0);
  const eBeta = div(p.concentration1, total);
  const varNormal = torch.pow(q.scale, 2);
  const t1 = torch.neg(p.entropy());
  const t2 = mul(log(mul(mul(varNormal, 2), Math.PI)), 0.5);
  const t3 = mul(add(div(mul(eBeta, torch.rsub(eBeta, 1)), add(total, 1)), torch.pow(eBeta, 2)), 0.5);
  const t4 = mul(q.loc, eBeta);
  const t5 = mul(torch.pow(q.loc, 2), 0.5);
  return add(add(t1, t2), div(add(sub(t3, t4), t5), varNormal));
});

registerKl(Beta, Uniform, (p: Beta, q: Uniform) => {
  const result = add(torch.neg(p.entropy()), log(sub(q.high, q.low)));
  return torch.where(torch.logicalOr(torch.gt(q.low, 0), torch.lt(q.high, 1)), Infinity, result);
});

// pairs whose q has no density where p has mass
for (
  const [P, Q, param] of [
    [Exponential, Beta, "rate"],
    [Gamma, Beta, "concentration"],
    [Gamma, Uniform, "concentration"],
    [Gumbel, Beta, "loc"],
    [Gumbel, Gamma, "loc"],
    [Laplace, Beta, "loc"],
    [Laplace, Gamma, "loc"],
    [Normal, Beta, "loc"],
    [Normal, Gamma, "loc"],
    [Poisson, Bernoulli, "rate"],
    [Poisson, Binomial, "rate"],
  ] as const
) {
  registerKl(P, Q, (p: Record<string, Tensor>) => infiniteLike(p[param]));
}

registerKl(Exponential, Gamma, (p: Exponential, q: Gamma) => {
  const ratio = div(q.rate, p.rate);
  const t1 = mul(torch.neg(q.concentration), log(ratio));
  return sub(add(add(add(t1, ratio), lgamma(q.concentration)), mul(q.concentration, EULER_GAMMA)), 1 + EULER_GAMMA);
});

registerKl(
  Gamma,
  Exponential,
  (p: Gamma, q: Exponential) =>
    add(sub(torch.neg(p.entropy()), log(q.rate)), div(mul(q.rate, p.concentration), p.rate)),
);

registerKl(Gamma, Gumbel, (p: Gamma, q: Gumbel) => {
  const betaScale = mul(p.rate, q.scale), locScale = div(q.loc, q.scale);
  const t1 = sub(sub(mul(sub(p.concentration, 1), digamma(p.concentration)), lgamma(p.concentration)), p.concentration);
  const t2 = add(log(betaScale), div(p.concentration, betaScale));
  const t3 = sub(
    mul(torch.exp(locScale), torch.pow(add(torch.reciprocal(betaScale), 1), torch.neg(p.concentration))),
    locScale,
  );
  return add(add(t1, t2), t3);
});

registerKl(Gamma, Normal, (p: Gamma, q: Normal) => {
  const varNormal = torch.pow(q.scale, 2), betaSqr = torch.pow(p.rate, 2);
  const t1 = sub(
    sub(mul(log(mul(mul(mul(betaSqr, varNormal), 2), Math.PI)), 0.5), p.concentration),
    lgamma(p.concentration),
  );
  const t2 = div(mul(add(torch.pow(p.concentration, 2), p.concentration), 0.5), betaSqr);
  const t3 = div(mul(q.loc, p.concentration), p.rate);
  const t4 = mul(torch.pow(q.loc, 2), 0.5);
  return add(
    add(t1, mul(sub(p.concentration, 1), digamma(p.concentration))),
    div(add(sub(t2, t3), t4), varNormal),
  );
});

registerKl(Uniform, Beta, (p: Uniform, q: Beta) => {
  const common = sub(p.high, p.low);
  const t1 = log(common);
  const t2 = div(mul(sub(q.concentration1, 1), sub(sub(xLogX(p.high), xLogX(p.low)), common)), common);
  const t3 = div(
    mul(sub(q.concentration0, 1), add(sub(xLogX(torch.rsub(p.high, 1)), xLogX(torch.rsub(p.low, 1))), common)),
    common,
  );
  const t4 = sub(
    add(lgamma(q.concentration1), lgamma(q.concentration0)),
    lgamma(add(q.concentration1, q.concentration0)),
  );
  const result = sub(sub(add(t3, t4), t1), t2);
  return torch.where(torch.logicalOr(torch.gt(p.high, 1), torch.lt(p.low, 0)), Infinity, result);
});

registerKl(Uniform, Gamma, (p: Uniform, q: Gamma) => {
  const common = sub(p.high, p.low);
  const t1 = log(common);
  const t2 = sub(lgamma(q.concentration), mul(q.concentration, log(q.rate)));
  const t3 = div(mul(torch.rsub(q.concentration, 1), sub(sub(xLogX(p.high), xLogX(p.low)), common)), common);
  const t4 = div(mul(q.rate, add(p.high, p.low)), 2);
  const result = add(add(add(torch.neg(t1), t2), t3), t4);
  return torch.where(torch.lt(p.low, 0), Infinity, result);
});
