/** torch.distributions.ExpRelaxedCategorical and RelaxedOneHotCategorical. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { Categorical } from "./categorical.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { Distribution, type SampleShape } from "./distribution.ts";
import { relaxedArgs, temperatureTensor } from "./relaxed_bernoulli.ts";
import { TransformedDistribution } from "./transformed_distribution.ts";
import { ExpTransform } from "./transforms_pointwise.ts";
import { broadcastAll, clampProbs, type Param } from "./utils.ts";

/** The relaxed categorical distributions' arguments, as an options object: temperature and one of probs and logits. */
export interface RelaxedCategoricalOptions {
  /** the relaxation temperature (a number becomes a 0-d tensor of the parameter's dtype) */
  temperature?: Param;
  /** non-negative weights over the last dimension */
  probs?: Tensor | null;
  /** unnormalized log-probabilities over the last dimension */
  logits?: Tensor | null;
  /** validate the parameters and scored values */
  validateArgs?: boolean | null;
}

/**
 * The log of a point on the simplex drawn by the Gumbel-softmax trick: log softmax((logits + g) / temperature) with
 * g standard Gumbel (torch.distributions.ExpRelaxedCategorical). The Categorical holding the parameters is built
 * with the default validation, as in PyTorch.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.ExpRelaxedCategorical(0.5, torch.tensor([1, 2, 1], { dtype: torch.float64 }));
 * torch.manualSeed(0);
 * const x = d.rsample();
 * assert.ok(Math.abs((x.exp().sum().item() as number) - 1) < 1e-12);
 * ```
 */
export class ExpRelaxedCategorical extends Distribution {
  /** rsample is implemented. */
  static override hasRsample = true;
  /** The relaxation temperature. */
  readonly temperature: Tensor;
  /** The Categorical over the indices (holding probs and logits). */
  categorical: Categorical;
  /** `new ExpRelaxedCategorical(temperature, probs?, logits?, validateArgs?)` or with an options object. */
  constructor(
    temperature: Param | RelaxedCategoricalOptions,
    probs?: Tensor | null | RelaxedCategoricalOptions,
    logits?: Tensor | null | RelaxedCategoricalOptions,
    validateArgs?: boolean | null | RelaxedCategoricalOptions,
  );
  constructor(...args: unknown[]) {
    const a = relaxedArgs("ExpRelaxedCategorical", args);
    const categorical = new Categorical(a.probs as Tensor | null, a.logits as Tensor | null);
    super(categorical.batchShape, categorical.paramShape.slice(-1), a.validateArgs as boolean | undefined);
    this.categorical = categorical;
    this.temperature = temperatureTensor(a.temperature as Param, categorical.logits);
    // PyTorch validates probs and logits through the properties (both computed on the Categorical); its repr, quoted
    // in the message, shows neither
    if (this.validateArgs) {
      const view = Object.create(this) as this;
      view.params = new Map([["probs", this.probs], ["logits", this.logits]]);
      view.toString = () => String(this);
      view.checkArgs();
    }
  }
  /** probs: simplex, logits: real vector. */
  get argConstraints(): Record<string, Constraint> {
    return { probs: constraints.simplex, logits: constraints.realVector };
  }
  /** Real vectors (the true support is a submanifold of them). */
  get support(): Constraint {
    return constraints.realVector;
  }
  /** The shape of the parameter given. */
  get paramShape(): number[] {
    return this.categorical.paramShape;
  }
  /** The normalized probabilities. */
  get probs(): Tensor {
    return this.categorical.probs;
  }
  /** The normalized log-probabilities. */
  get logits(): Tensor {
    return this.categorical.logits;
  }
  /** Not defined (PyTorch's NotImplementedError). */
  get mean(): Tensor {
    throw new torch.RuntimeError("ExpRelaxedCategorical does not implement mean");
  }
  /** Not defined (PyTorch's NotImplementedError). */
  get mode(): Tensor {
    throw new torch.RuntimeError("ExpRelaxedCategorical does not implement mode");
  }
  /** Not defined (PyTorch's NotImplementedError). */
  get variance(): Tensor {
    throw new torch.RuntimeError("ExpRelaxedCategorical does not implement variance");
  }
  /** Not defined (PyTorch's NotImplementedError). */
  entropy(): Tensor {
    throw new torch.RuntimeError("ExpRelaxedCategorical does not implement entropy");
  }
  /** A copy over a new batch shape. */
  override expand(batchShape: number[]): this {
    const d = super.expand(batchShape);
    d.categorical = this.categorical.expand(batchShape);
    return d;
  }
  /** s - logsumexp(s), s = (logits + g) / τ, g = -log(-log u), u = torch.rand clamped (PyTorch's stream). */
  override rsample(sampleShape: SampleShape = []): Tensor {
    const shape = this.extendedShape(sampleShape);
    const u = clampProbs(torch.rand(shape, { dtype: this.logits.dtype }));
    const gumbels = torch.neg(torch.log(torch.neg(torch.log(u))));
    const scores = torch.div(torch.add(this.logits, gumbels), this.temperature);
    return torch.sub(scores, torch.logsumexp(scores, -1, { keepdim: true }));
  }
  /** The Gumbel-softmax log-density: log Γ(K) + (K - 1) log τ + Σ log softmax(logits - τ value). */
  logProb(value: Tensor | number): Tensor {
    const K = this.categorical.numEvents;
    const [logits, v] = broadcastAll(this.logits, this.value(value, this.logits));
    const logScale = torch.sub(
      torch.lgamma(torch.fullLike(this.temperature, K)),
      torch.mul(torch.log(this.temperature), -(K - 1)),
    );
    const score = torch.sub(logits, torch.mul(v, this.temperature));
    const normalized = torch.sum(torch.sub(score, torch.logsumexp(score, -1, { keepdim: true })), -1);
    return torch.add(normalized, logScale);
  }
}

/**
 * A relaxation of OneHotCategorical on the simplex: the exp of an ExpRelaxedCategorical (the Gumbel-softmax /
 * Concrete distribution), reparameterized (torch.distributions.RelaxedOneHotCategorical).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const logits = torch.tensor([0.5, -1, 2], { dtype: torch.float64 }).requiresGrad_();
 * const d = new torch.distributions.RelaxedOneHotCategorical(0.3, { logits });
 * torch.manualSeed(0);
 * const x = d.rsample([2]);
 * assert.deepEqual(x.shape, [2, 3]);
 * assert.ok(x.requiresGrad && Math.abs((x.sum().item() as number) - 2) < 1e-12);
 * ```
 */
export class RelaxedOneHotCategorical extends TransformedDistribution {
  /** rsample is implemented. */
  static override hasRsample = true;
  /** The ExpRelaxedCategorical transformed. */
  declare baseDist: ExpRelaxedCategorical;
  /** `new RelaxedOneHotCategorical(temperature, probs?, logits?, validateArgs?)` or with an options object. */
  constructor(
    temperature: Param | RelaxedCategoricalOptions,
    probs?: Tensor | null | RelaxedCategoricalOptions,
    logits?: Tensor | null | RelaxedCategoricalOptions,
    validateArgs?: boolean | null | RelaxedCategoricalOptions,
  );
  constructor(...args: unknown[]) {
    const a = relaxedArgs("RelaxedOneHotCategorical", args);
    const validateArgs = a.validateArgs as boolean | undefined;
    const base = new ExpRelaxedCategorical(
      a.temperature as Param,
      a.probs as Tensor | null,
      a.logits as Tensor | null,
      validateArgs,
    );
    // the base validates probs and logits as this would (PyTorch checks them twice)
    super(base, new ExpTransform(), validateArgs);
  }
  /** Reparameterized. */
  override get hasRsample(): boolean {
    return true;
  }
  /** probs: simplex, logits: real vector. */
  override get argConstraints(): Record<string, Constraint> {
    return { probs: constraints.simplex, logits: constraints.realVector };
  }
  /** The probability simplex. */
  override get support(): Constraint {
    return constraints.simplex;
  }
  /** The relaxation temperature. */
  get temperature(): Tensor {
    return this.baseDist.temperature;
  }
  /** The normalized probabilities. */
  get probs(): Tensor {
    return this.baseDist.probs;
  }
  /** The normalized log-probabilities. */
  get logits(): Tensor {
    return this.baseDist.logits;
  }
}
