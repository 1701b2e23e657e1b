/** torch.distributions.Multinomial. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { Binomial } from "./binomial.ts";
import { Categorical } from "./categorical.ts";
import { Constraint, constraints } from "./constraints.ts";
import { Distribution } from "./distribution.ts";
import type { SampleShape } from "./distribution.ts";
import { bindArgs, broadcastAll, type Param } from "./utils.ts";

/** Multinomial's arguments, as an options object. */
export interface MultinomialOptions {
  /** the number of trials, one integer for the whole batch (default 1) */
  totalCount?: number;
  /** the categories' (unnormalized) probabilities along the last dimension */
  probs?: Param | null;
  /** the categories' unnormalized log-probabilities */
  logits?: Param | null;
  /** validate the parameters and scored values */
  validateArgs?: boolean | null;
}

/**
 * The counts of each category in `totalCount` independent categorical draws (torch.distributions.Multinomial).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.Multinomial(4, torch.tensor([1, 1, 2], { dtype: torch.float64 }));
 * assert.deepEqual(d.mean.tolist(), [1, 1, 2]);
 * torch.manualSeed(0);
 * assert.equal(d.sample().sum().item(), 4);
 * ```
 */
export class Multinomial extends Distribution {
  /** The number of trials. */
  readonly totalCount: number;
  /** The categorical of one trial. */
  protected categorical: Categorical;
  /** The binomial marginal of each category (the entropy's second term). */
  protected binomial: Binomial;
  /** `new Multinomial(totalCount, probs)`, `new Multinomial(n, null, logits)`, `{ totalCount, logits }`. */
  constructor(
    totalCount?: number | MultinomialOptions,
    probs?: Param | null | MultinomialOptions,
    logits?: Param | null | MultinomialOptions,
    validateArgs?: boolean | null | MultinomialOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs("Multinomial.__init__()", ["totalCount", "probs", "logits", "validateArgs"], args);
    const n = a.totalCount ?? 1;
    if (!Number.isInteger(n)) throw new torch.RuntimeError("inhomogeneous total_count is not supported");
    const categorical = new Categorical(a.probs as Tensor | null, a.logits as Tensor | null);
    super(categorical.batchShape, categorical.paramShape.slice(-1), a.validateArgs as boolean | undefined);
    this.totalCount = n as number;
    this.categorical = categorical;
    // built here as in PyTorch: this computes the probs with their gradient history, before any no-grad sampling
    this.binomial = new Binomial(n as number, categorical.probs);
  }
  /** probs: simplex, logits: real vectors (checked by the Categorical). */
  get argConstraints(): Record<string, Constraint> {
    return { probs: constraints.simplex, logits: constraints.realVector };
  }
  /** Non-negative integer vectors summing to at most totalCount (PyTorch's constraints.multinomial). */
  get support(): Constraint {
    const n = this.totalCount;
    return new Constraint(
      "Multinomial",
      (v) => torch.logicalAnd(torch.all(torch.ge(v, 0), -1), torch.le(torch.sum(v, -1), n)),
      [],
      1,
    );
  }
  /** The categories' normalized probabilities. */
  get probs(): Tensor {
    return this.categorical.probs;
  }
  /** The categories' normalized log-probabilities. */
  get logits(): Tensor {
    return this.categorical.logits;
  }
  /** The shape of the parameter given. */
  get paramShape(): number[] {
    return this.categorical.paramShape;
  }
  /** A copy over a batch shape (its Categorical expanded). */
  override expand(batchShape: number[]): this {
    const d = super.expand(batchShape);
    d.categorical = this.categorical.expand(batchShape);
    d.binomial = new Binomial(this.totalCount, d.categorical.probs);
    return d;
  }
  /** n probs. */
  get mean(): Tensor {
    return torch.mul(this.probs, this.totalCount);
  }
  /** Not defined by PyTorch (its NotImplementedError). */
  get mode(): Tensor {
    throw new torch.RuntimeError("Multinomial does not implement mode");
  }
  /** n probs (1 - probs). */
  get variance(): Tensor {
    return torch.mul(torch.mul(this.probs, this.totalCount), torch.rsub(this.probs, 1));
  }
  /** totalCount categorical draws counted per category (PyTorch's stream and its scatter_add of the indices). */
  override sample(sampleShape: SampleShape = []): Tensor {
    const shape = this.sampleShapeOf(sampleShape);
    return torch.noGrad(() => {
      const samples = this.categorical.sample([this.totalCount, ...shape]);
      const order = [...Array(samples.ndim).keys()];
      order.push(order.shift()!);
      const idx = samples.permute(order);
      const counts = torch.zeros(this.extendedShape(shape), { dtype: idx.dtype });
      return counts.scatterAdd_(-1, idx, torch.onesLike(idx)).to(this.probs.dtype);
    });
  }
  /** log n! - Σ log x_i! + Σ x_i logits_i (0 · -inf taken as 0). */
  logProb(value: Tensor | number): Tensor {
    if (this.validateArgs) this.validateSample(value);
    const [logits, v] = broadcastAll(this.logits, value);
    const safe = torch.where(torch.logicalAnd(torch.eq(v, 0), torch.eq(logits, -Infinity)), 0, logits);
    const logFactorialN = torch.lgamma(torch.add(torch.sum(v, -1), 1));
    const logFactorialXs = torch.sum(torch.lgamma(torch.add(v, 1)), -1);
    return torch.add(torch.sub(logFactorialN, logFactorialXs), torch.sum(torch.mul(safe, v), -1));
  }
  /** n H(categorical) - log n! + Σ_k Σ_i P(X_i = k) log k! over each category's binomial marginal. */
  entropy(): Tensor {
    const n = this.totalCount;
    // PyTorch's torch.tensor(total_count) is an integer tensor: its lgamma comes out in the default dtype
    const logFactorialN = torch.lgamma(torch.tensor(n + 1, { dtype: torch.getDefaultDtype() }));
    const term1 = torch.sub(torch.mul(this.categorical.entropy(), n), logFactorialN);
    const binomial = this.binomial;
    const support = torch.narrow(binomial.enumerateSupport(false), 0, 1, n);
    const binomialProbs = torch.exp(binomial.logProb(support));
    const term2 = torch.sum(torch.mul(binomialProbs, torch.lgamma(torch.add(support, 1))), [0, -1]);
    return torch.add(term1, term2);
  }
}
