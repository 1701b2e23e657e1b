/** torch.distributions.ExponentialFamily: densities exp(⟨t(x), θ⟩ - F(θ) + k(x)), entropy from F by autograd. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { Distribution } from "./distribution.ts";
import { Normal } from "./normal.ts";

// PyTorch's NotImplementedError for a member a family does not define (a RuntimeError, as elsewhere in dendrite)
const notImplemented = (d: object, member: string) =>
  new torch.RuntimeError(`${d.constructor.name}.${member} is not implemented (NotImplementedError in PyTorch)`);

/**
 * The base of the exponential families (torch.distributions.ExponentialFamily): a family gives its natural
 * parameters θ (`_naturalParams`), its log normalizer F (`_logNormalizer(...θ)`) and the expected carrier measure
 * E[k(x)] (`_meanCarrierMeasure`); the entropy is then F(θ) - ⟨θ, ∇F(θ)⟩ - E[k(x)], ∇F by autograd (the Bregman
 * divergence of F), and KL between two members of one family is that divergence too.
 *
 * Bernoulli, Beta, Chi2, ContinuousBernoulli, Dirichlet, Exponential, Gamma, Normal, Poisson and Wishart are
 * exponential families, as in PyTorch (Normal through `instanceof` only: it shares its constructor with Laplace and
 * Cauchy, which are not).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const { ExponentialFamily, Exponential, Laplace } = torch.distributions;
 * const d = new Exponential(torch.tensor([2], { dtype: torch.float64 }));
 * assert.ok(d instanceof ExponentialFamily);
 * assert.ok(!(new Laplace(0, 1) instanceof ExponentialFamily));
 * // the Bregman entropy equals the closed form 1 - log(rate)
 * const h = ExponentialFamily.prototype.entropy.call(d);
 * assert.ok(Math.abs((h.item() as number) - (1 - Math.log(2))) < 1e-12);
 * ```
 */
export abstract class ExponentialFamily extends Distribution {
  /** Members of an exponential family outside this class chain (Normal); subclasses use ordinary instanceof. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return Function.prototype[Symbol.hasInstance].call(this, value) ||
      (this === ExponentialFamily && value instanceof Normal);
  }
  /** The natural parameters θ. */
  get _naturalParams(): Tensor[] {
    throw notImplemented(this, "_naturalParams");
  }
  /** The log normalizer F(θ), batched. */
  _logNormalizer(..._naturalParams: Tensor[]): Tensor {
    throw notImplemented(this, "_logNormalizer");
  }
  /** The expected carrier measure E[k(x)], needed by the entropy. */
  get _meanCarrierMeasure(): number {
    throw notImplemented(this, "_meanCarrierMeasure");
  }
  /**
   * F(θ) - ⟨θ, ∇F(θ)⟩ - E[k(x)], ∇F by autograd with its graph kept. As in PyTorch, θ is detached first: the
   * result carries no gradient back to the distribution's parameters.
   */
  entropy(): Tensor {
    const carrier = this._meanCarrierMeasure;
    const nparams = this._naturalParams.map((p) => p.detach().requiresGrad_());
    const lgNormal = this._logNormalizer(...nparams);
    const grads = torch.autograd.grad(lgNormal.sum(), nparams, { createGraph: true });
    let result = torch.sub(lgNormal, carrier);
    nparams.forEach((p, i) => {
      result = torch.sub(result, torch.sum(torch.mul(p, grads[i]!).reshape([...this.batchShape, -1]), -1));
    });
    return result;
  }
}
