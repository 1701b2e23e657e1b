/** torch.distributions.kl's fallback between two members of one exponential family: a Bregman divergence. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { ExponentialFamily } from "./exp_family.ts";
import { registerKl } from "./kl.ts";
import { sumRightmost } from "./transform.ts";

/**
 * KL(p ‖ q) for p and q of the same exponential family (PyTorch's _kl_expfamily_expfamily): the Bregman divergence
 * F(θq) - F(θp) - ⟨θq - θp, ∇F(θp)⟩ of the log normalizer F, ∇F by autograd at p's natural parameters (detached, as
 * in PyTorch, so the result carries gradient through q's parameters only). Used when no more specific pair is
 * registered; two different families are PyTorch's NotImplementedError (a RuntimeError here).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { klExpFamilyExpFamily } from "./kl_exp_family.ts";
 * const { Exponential, klDivergence } = torch.distributions;
 * const p = new Exponential(torch.tensor(1, { dtype: torch.float64 }));
 * const q = new Exponential(torch.tensor(2, { dtype: torch.float64 }));
 * const k = klExpFamilyExpFamily(p, q).item() as number;
 * assert.ok(Math.abs(k - (klDivergence(p, q).item() as number)) < 1e-12);
 * ```
 */
export function klExpFamilyExpFamily(p: ExponentialFamily, q: ExponentialFamily): Tensor {
  if (p.constructor !== q.constructor) {
    // PyTorch's message, with the spaces its line continuation leaves in it
    throw new torch.RuntimeError(
      "The cross KL-divergence between different exponential families cannot" + " ".repeat(29) +
        "be computed using Bregman divergences",
    );
  }
  const pParams = p._naturalParams.map((t) => t.detach().requiresGrad_());
  const qParams = q._naturalParams;
  const lgNormal = p._logNormalizer(...pParams);
  const grads = torch.autograd.grad(lgNormal.sum(), pParams, { createGraph: true });
  let result = torch.sub(q._logNormalizer(...qParams), lgNormal);
  pParams.forEach((pp, i) => {
    result = torch.sub(result, sumRightmost(torch.mul(torch.sub(qParams[i], pp), grads[i]!), q.eventShape.length));
  });
  return result;
}

registerKl(ExponentialFamily, ExponentialFamily, klExpFamilyExpFamily);
