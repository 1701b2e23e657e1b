/** torch.distributions.kl: KL(p ‖ q) between two distributions of a kind. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { Bernoulli } from "./bernoulli.ts";
import { Categorical } from "./categorical.ts";
import type { Distribution } from "./distribution.ts";
import { Exponential } from "./exponential.ts";
import { Laplace } from "./laplace.ts";
import { Normal } from "./normal.ts";
import { Uniform } from "./uniform.ts";

const softplus = (x: Tensor) => torch.nn.functional.softplus(x);

function klNormalNormal(p: Normal, q: Normal): Tensor {
  const varRatio = torch.pow(torch.div(p.scale, q.scale), 2);
  const t1 = torch.pow(torch.div(torch.sub(p.loc, q.loc), q.scale), 2);
  return torch.mul(torch.sub(torch.sub(torch.add(varRatio, t1), 1), torch.log(varRatio)), 0.5);
}

function klUniformUniform(p: Uniform, q: Uniform): Tensor {
  const result = torch.log(torch.div(torch.sub(q.high, q.low), torch.sub(p.high, p.low)));
  return torch.where(torch.logicalOr(torch.gt(q.low, p.low), torch.lt(q.high, p.high)), Infinity, result);
}

function klBernoulliBernoulli(p: Bernoulli, q: Bernoulli): Tensor {
  // PyTorch's masked assignments (t[mask] = inf / 0) as where: the same values, and no gradient where masked
  let t1 = torch.mul(p.probs, torch.sub(softplus(torch.neg(q.logits)), softplus(torch.neg(p.logits))));
  t1 = torch.where(torch.eq(q.probs, 0), Infinity, t1);
  t1 = torch.where(torch.eq(p.probs, 0), 0, t1);
  let t2 = torch.mul(torch.add(torch.neg(p.probs), 1), torch.sub(softplus(q.logits), softplus(p.logits)));
  t2 = torch.where(torch.eq(q.probs, 1), Infinity, t2);
  t2 = torch.where(torch.eq(p.probs, 1), 0, t2);
  return torch.add(t1, t2);
}

function klCategoricalCategorical(p: Categorical, q: Categorical): Tensor {
  let t = torch.mul(p.probs, torch.sub(p.logits, q.logits));
  t = torch.where(torch.eq(q.probs, 0).expandAs(t), Infinity, t);
  t = torch.where(torch.eq(p.probs, 0).expandAs(t), 0, t);
  return torch.sum(t, -1);
}

function klExponentialExponential(p: Exponential, q: Exponential): Tensor {
  const rateRatio = torch.div(q.rate, p.rate);
  return torch.sub(torch.add(torch.neg(torch.log(rateRatio)), rateRatio), 1);
}

function klLaplaceLaplace(p: Laplace, q: Laplace): Tensor {
  const scaleRatio = torch.div(p.scale, q.scale);
  const locAbsDiff = torch.abs(torch.sub(p.loc, q.loc));
  const t1 = torch.neg(torch.log(scaleRatio));
  const t2 = torch.div(locAbsDiff, q.scale);
  const t3 = torch.mul(scaleRatio, torch.exp(torch.div(torch.neg(locAbsDiff), p.scale)));
  return torch.sub(torch.add(torch.add(t1, t2), t3), 1);
}

// deno-lint-ignore no-explicit-any
const KL: [new (...a: any[]) => Distribution, (p: any, q: any) => Tensor][] = [
  [Normal, klNormalNormal],
  [Uniform, klUniformUniform],
  [Bernoulli, klBernoulliBernoulli],
  [Categorical, klCategoricalCategorical],
  [Exponential, klExponentialExponential],
  [Laplace, klLaplaceLaplace],
];

/**
 * KL(p ‖ q), batched over the distributions' batch shapes and differentiable w.r.t. both sets of parameters
 * (torch.distributions.kl.kl_divergence). Implemented for pairs of Normal, Uniform, Bernoulli, Categorical, Exponential or
 * Laplace distributions.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const { Normal, klDivergence } = torch.distributions;
 * assert.equal(klDivergence(new Normal(0, 1), new Normal(0, 1)).item(), 0);
 * ```
 */
export function klDivergence(p: Distribution, q: Distribution): Tensor {
  const entry = KL.find(([cls]) => p.constructor === cls && q.constructor === cls);
  if (!entry) {
    throw new torch.RuntimeError(
      `No KL(p || q) is implemented for p type ${p.constructor.name} and q type ${q.constructor.name}`,
    );
  }
  return entry[1](p, q);
}

/**
 * torch.distributions.kl.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * assert.equal(torch.distributions.kl.klDivergence, torch.distributions.klDivergence);
 * ```
 */
export const kl = { klDivergence };
