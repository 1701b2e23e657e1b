/** torch.distributions.kl: KL(p ‖ q) between two distributions of a kind. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { Bernoulli } from "./bernoulli.ts";
import { Categorical } from "./categorical.ts";
import { Distribution } from "./distribution.ts";
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
type DistributionClass = abstract new (...a: any[]) => Distribution;
// deno-lint-ignore no-explicit-any
type KLFn = (p: any, q: any) => Tensor;
const KL: [DistributionClass, DistributionClass, KLFn][] = [];

/**
 * Registers KL(p ‖ q) for p an instance of `typeP` and q of `typeQ` (torch.distributions.kl.register_kl).
 * `registerKl(P, Q, fn)` registers at once; `registerKl(P, Q)` returns a function that registers its argument and
 * returns it, as PyTorch's decorator does. A later registration of the same pair replaces the earlier one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const { Normal, registerKl, klDivergence } = torch.distributions;
 * class MyNormal extends Normal {}
 * registerKl(MyNormal, MyNormal, () => torch.tensor(42));
 * assert.equal(klDivergence(new MyNormal(0, 1), new MyNormal(1, 1)).item(), 42);
 * ```
 */
export function registerKl(typeP: DistributionClass, typeQ: DistributionClass): (fn: KLFn) => KLFn;
export function registerKl(typeP: DistributionClass, typeQ: DistributionClass, fn: KLFn): KLFn;
export function registerKl(
  typeP: DistributionClass,
  typeQ: DistributionClass,
  fn?: KLFn,
): KLFn | ((fn: KLFn) => KLFn) {
  for (const [t, name] of [[typeP, "type_p"], [typeQ, "type_q"]] as const) {
    if (typeof t !== "function" || !(t === Distribution || t.prototype instanceof Distribution)) {
      throw new TypeError(`registerKl: expected ${name} to be a subclass of Distribution but got ${String(t)}`);
    }
  }
  const register = (f: KLFn) => {
    if (typeof f !== "function") throw new TypeError(`registerKl: expected a function, got ${typeof f}`);
    const i = KL.findIndex(([p, q]) => p === typeP && q === typeQ);
    if (i >= 0) KL[i] = [typeP, typeQ, f];
    else KL.push([typeP, typeQ, f]);
    return f;
  };
  return fn === undefined ? register : register(fn);
}

// how far up `cls`'s prototype chain `base` sits (0: itself)
function depth(cls: DistributionClass, base: DistributionClass): number {
  let n = 0;
  for (let c: unknown = cls; c && c !== base; c = Object.getPrototypeOf(c)) n++;
  return n;
}

// PyTorch's _dispatch_kl: among the registered pairs that match, the most specific one, p's type first
function dispatch(p: Distribution, q: Distribution): KLFn | undefined {
  const P = p.constructor as DistributionClass, Q = q.constructor as DistributionClass;
  let best: [number, number, KLFn] | undefined;
  for (const [tp, tq, fn] of KL) {
    if (!(p instanceof tp) || !(q instanceof tq)) continue;
    const dp = depth(P, tp), dq = depth(Q, tq);
    if (!best || dp < best[0] || (dp === best[0] && dq < best[1])) best = [dp, dq, fn];
  }
  return best?.[2];
}

registerKl(Normal, Normal, klNormalNormal);
registerKl(Uniform, Uniform, klUniformUniform);
registerKl(Bernoulli, Bernoulli, klBernoulliBernoulli);
registerKl(Categorical, Categorical, klCategoricalCategorical);
registerKl(Exponential, Exponential, klExponentialExponential);
registerKl(Laplace, Laplace, klLaplaceLaplace);

/**
 * KL(p ‖ q), batched over the distributions' batch shapes and differentiable w.r.t. both sets of parameters
 * (torch.distributions.kl.kl_divergence), through the most specific pair registered with {@link registerKl}.
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
  const fn = dispatch(p, q);
  if (!fn) {
    throw new torch.RuntimeError(
      `No KL(p || q) is implemented for p type ${p.constructor.name} and q type ${q.constructor.name}`,
    );
  }
  return fn(p, q);
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
export const kl = { klDivergence, registerKl };
