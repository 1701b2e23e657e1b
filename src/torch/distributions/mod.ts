/** torch.distributions: probability distributions with PyTorch's sampling streams, densities and KL divergences. */
import { Bernoulli } from "./bernoulli.ts";
import { Categorical } from "./categorical.ts";
import { Constraint, constraints } from "./constraints.ts";
import { Distribution } from "./distribution.ts";
import { Exponential } from "./exponential.ts";
import { Laplace } from "./laplace.ts";
import { kl, klDivergence, registerKl } from "./kl.ts";
import { Normal } from "./normal.ts";
import { DISTRIBUTIONS_BRIDGE } from "../mod.ts";
import { Uniform } from "./uniform.ts";

export type { BernoulliOptions } from "./bernoulli.ts";
export type { CategoricalOptions } from "./categorical.ts";
export type { ExponentialOptions } from "./exponential.ts";
export type { LaplaceOptions } from "./laplace.ts";
export { LocScale, type LocScaleOptions } from "./loc_scale.ts";
export type { NormalOptions } from "./normal.ts";
export type { UniformOptions } from "./uniform.ts";
export type { Param } from "./utils.ts";
export type { SampleShape } from "./distribution.ts";
export {
  Bernoulli,
  Categorical,
  Constraint,
  constraints,
  Distribution,
  Exponential,
  kl,
  klDivergence,
  Laplace,
  Normal,
  registerKl,
  Uniform,
};

/**
 * torch.distributions.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const { Normal } = torch.distributions;
 * torch.manualSeed(0);
 * const x = new Normal(torch.zeros(3), torch.ones(3)).rsample();
 * assert.deepEqual(x.shape, [3]);
 * ```
 */
export const distributions = {
  Distribution,
  Normal,
  Uniform,
  Bernoulli,
  Categorical,
  Exponential,
  Laplace,
  constraints,
  kl,
  klDivergence,
  registerKl,
};
DISTRIBUTIONS_BRIDGE.distributions = distributions;
