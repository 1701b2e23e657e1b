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
import { Cauchy } from "./cauchy.ts";
import { Geometric } from "./geometric.ts";
import { Gumbel } from "./gumbel.ts";
import { HalfCauchy } from "./half_cauchy.ts";
import { HalfNormal } from "./half_normal.ts";
import { Independent } from "./independent.ts";
import { LogNormal } from "./log_normal.ts";
import { MultivariateNormal } from "./multivariate_normal.ts";
import { OneHotCategorical, OneHotCategoricalStraightThrough } from "./one_hot_categorical.ts";
import { TransformedDistribution } from "./transformed_distribution.ts";
import { transforms } from "./transforms.ts";
import "./kl_more.ts";
import { Beta } from "./beta.ts";
import { Binomial } from "./binomial.ts";
import { Chi2 } from "./chi2.ts";
import { Dirichlet } from "./dirichlet.ts";
import { Gamma } from "./gamma.ts";
import { Poisson } from "./poisson.ts";
import { StudentT } from "./student_t.ts";
import "./kl_gamma_family.ts";
import { InverseGamma } from "./inverse_gamma.ts";
import { Kumaraswamy } from "./kumaraswamy.ts";
import { Pareto } from "./pareto.ts";
import { Weibull } from "./weibull.ts";
import { FisherSnedecor } from "./fisher_snedecor.ts";
import { NegativeBinomial } from "./negative_binomial.ts";
import { ContinuousBernoulli } from "./continuous_bernoulli.ts";
import { LogisticNormal } from "./logistic_normal.ts";
import { Multinomial } from "./multinomial.ts";
import { VonMises } from "./von_mises.ts";
import "./kl_batch3.ts";
import { LKJCholesky } from "./lkj_cholesky.ts";
import { Wishart } from "./wishart.ts";
import { LowRankMultivariateNormal } from "./lowrank_multivariate_normal.ts";
import { MixtureSameFamily } from "./mixture_same_family.ts";
import { LogitRelaxedBernoulli, RelaxedBernoulli } from "./relaxed_bernoulli.ts";
import { ExpRelaxedCategorical, RelaxedOneHotCategorical } from "./relaxed_categorical.ts";
import "./kl_lowrank.ts";
import { ExponentialFamily } from "./exp_family.ts";
import "./kl_exp_family.ts";
import { GeneralizedPareto } from "./generalized_pareto.ts";
import { bijectTo, ConstraintRegistry, transformTo } from "./constraint_registry.ts";

export type { BernoulliOptions } from "./bernoulli.ts";
export type { CategoricalOptions } from "./categorical.ts";
export type { ExponentialOptions } from "./exponential.ts";
export type { LaplaceOptions } from "./laplace.ts";
export { LocScale, type LocScaleOptions } from "./loc_scale.ts";
export { CountProbs } from "./count_probs.ts";
export type { NormalOptions } from "./normal.ts";
export type { UniformOptions } from "./uniform.ts";
export type { CauchyOptions } from "./cauchy.ts";
export type { FoldedOptions } from "./folded.ts";
export { Folded } from "./folded.ts";
export type { GeometricOptions } from "./geometric.ts";
export type { GumbelOptions } from "./gumbel.ts";
export type { HalfCauchyOptions } from "./half_cauchy.ts";
export type { HalfNormalOptions } from "./half_normal.ts";
export type { IndependentOptions } from "./independent.ts";
export type { LogNormalOptions } from "./log_normal.ts";
export type { MultivariateNormalOptions } from "./multivariate_normal.ts";
export type { OneHotCategoricalOptions } from "./one_hot_categorical.ts";
export type { TransformedDistributionOptions } from "./transformed_distribution.ts";
export type {
  AffineTransformOptions,
  ComposeTransformOptions,
  IndependentTransformOptions,
  PowerTransformOptions,
  ReshapeTransformOptions,
  Sign,
  TransformOptions,
} from "./transforms.ts";
export type { BetaOptions } from "./beta.ts";
export type { BinomialOptions } from "./binomial.ts";
export type { Chi2Options } from "./chi2.ts";
export type { DirichletOptions } from "./dirichlet.ts";
export type { GammaOptions } from "./gamma.ts";
export type { PoissonOptions } from "./poisson.ts";
export type { StudentTOptions } from "./student_t.ts";
export type { InverseGammaOptions } from "./inverse_gamma.ts";
export type { KumaraswamyOptions } from "./kumaraswamy.ts";
export type { ParetoOptions } from "./pareto.ts";
export type { WeibullOptions } from "./weibull.ts";
export type { FisherSnedecorOptions } from "./fisher_snedecor.ts";
export type { NegativeBinomialOptions } from "./negative_binomial.ts";
export type { ContinuousBernoulliOptions } from "./continuous_bernoulli.ts";
export type { LogisticNormalOptions } from "./logistic_normal.ts";
export type { MultinomialOptions } from "./multinomial.ts";
export type { VonMisesOptions } from "./von_mises.ts";
export type { WishartOptions, WishartSampleOptions } from "./wishart.ts";
export type { LKJCholeskyOptions } from "./lkj_cholesky.ts";
export type { LowRankMultivariateNormalOptions } from "./lowrank_multivariate_normal.ts";
export type { MixtureSameFamilyOptions } from "./mixture_same_family.ts";
export type { RelaxedBernoulliOptions } from "./relaxed_bernoulli.ts";
export type { RelaxedCategoricalOptions } from "./relaxed_categorical.ts";
export type { Param } from "./utils.ts";
export type { GeneralizedParetoOptions } from "./generalized_pareto.ts";
export type { CallableConstraintRegistry, RegisterOptions, TransformFactory } from "./constraint_registry.ts";
export type { SampleShape } from "./distribution.ts";
export {
  Bernoulli,
  Beta,
  bijectTo,
  Binomial,
  Categorical,
  Cauchy,
  Chi2,
  Constraint,
  ConstraintRegistry,
  constraints,
  ContinuousBernoulli,
  Dirichlet,
  Distribution,
  Exponential,
  ExponentialFamily,
  ExpRelaxedCategorical,
  FisherSnedecor,
  Gamma,
  GeneralizedPareto,
  Geometric,
  Gumbel,
  HalfCauchy,
  HalfNormal,
  Independent,
  InverseGamma,
  kl,
  klDivergence,
  Kumaraswamy,
  Laplace,
  LKJCholesky,
  LogisticNormal,
  LogitRelaxedBernoulli,
  LogNormal,
  LowRankMultivariateNormal,
  MixtureSameFamily,
  Multinomial,
  MultivariateNormal,
  NegativeBinomial,
  Normal,
  OneHotCategorical,
  OneHotCategoricalStraightThrough,
  Pareto,
  Poisson,
  registerKl,
  RelaxedBernoulli,
  RelaxedOneHotCategorical,
  StudentT,
  TransformedDistribution,
  transforms,
  transformTo,
  Uniform,
  VonMises,
  Weibull,
  Wishart,
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
  Cauchy,
  Geometric,
  Gumbel,
  HalfCauchy,
  HalfNormal,
  Independent,
  LogNormal,
  MultivariateNormal,
  OneHotCategorical,
  OneHotCategoricalStraightThrough,
  TransformedDistribution,
  transforms,
  Beta,
  Binomial,
  Chi2,
  Dirichlet,
  Gamma,
  Poisson,
  StudentT,
  Weibull,
  Pareto,
  Kumaraswamy,
  InverseGamma,
  FisherSnedecor,
  NegativeBinomial,
  ContinuousBernoulli,
  LogisticNormal,
  Multinomial,
  VonMises,
  LowRankMultivariateNormal,
  MixtureSameFamily,
  LogitRelaxedBernoulli,
  RelaxedBernoulli,
  ExpRelaxedCategorical,
  RelaxedOneHotCategorical,
  Wishart,
  LKJCholesky,
  ExponentialFamily,
  GeneralizedPareto,
  bijectTo,
  transformTo,
  constraintRegistry: { ConstraintRegistry, bijectTo, transformTo },
  ...transforms,
};
DISTRIBUTIONS_BRIDGE.distributions = distributions;
