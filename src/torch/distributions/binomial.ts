/** torch.distributions.Binomial. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { Constraint, constraints } from "./constraints.ts";
import { CountProbs } from "./count_probs.ts";
import type { SampleShape } from "./distribution.ts";
import type { Param } from "./utils.ts";

/** Binomial's arguments, as an options object: exactly one of probs and logits. */
export interface BinomialOptions {
  /** the number of trials n (a non-negative integer; default 1) */
  totalCount?: Param;
  /** the success probability of each trial, in [0, 1] */
  probs?: Param | null;
  /** the log-odds of success */
  logits?: Param | null;
  /** validate the parameters and scored values */
  validateArgs?: boolean | null;
}

/** PyTorch's _clamp_by_zero: max(x, 0) with gradient 1/2 at 0. */
const clampByZero = (x: Tensor) =>
  torch.div(torch.sub(torch.add(torch.clamp(x, { min: 0 }), x), torch.clamp(x, { max: 0 })), 2);

/**
 * The binomial distribution: successes in `totalCount` trials of probability `probs` (or sigmoid(`logits`)),
 * parameters broadcast together (torch.distributions.Binomial).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.Binomial(10, torch.tensor([0.5], { dtype: torch.float64 }));
 * assert.deepEqual([d.mean.tolist(), d.variance.tolist()], [[5], [2.5]]);
 * torch.manualSeed(0);
 * assert.deepEqual(d.sample([2]).shape, [2, 1]);
 * ```
 */
export class Binomial extends CountProbs {
  /** enumerateSupport is implemented. */
  static override hasEnumerateSupport = true;
  /** Builds it: `new Binomial(totalCount, probs)`, `new Binomial(n, null, logits)`, `{ totalCount, logits }`. */
  constructor(
    totalCount?: Param | BinomialOptions,
    probs?: Param | null | BinomialOptions,
    logits?: Param | null | BinomialOptions,
    validateArgs?: boolean | null | BinomialOptions,
  );
  constructor(...args: unknown[]) {
    super("Binomial", args, 1);
  }
  /** total_count (PyTorch's key): non-negative integer, probs: unit interval, logits: real. */
  get argConstraints(): Record<string, Constraint> {
    return { total_count: constraints.nonnegativeInteger, probs: constraints.unitInterval, logits: constraints.real };
  }
  /** The integers 0..totalCount (constraints.integerInterval takes number bounds; this one is a tensor). */
  get support(): Constraint {
    const n = this.totalCount;
    return new Constraint(
      "IntegerInterval",
      (v) => torch.logicalAnd(torch.eq(torch.remainder(v, 1), 0), torch.logicalAnd(torch.ge(v, 0), torch.le(v, n))),
      [["lower_bound", 0], ["upper_bound", n]],
    );
  }
  /** The shape of the parameter given. */
  get paramShape(): number[] {
    return this.param.shape;
  }
  /** n p. */
  get mean(): Tensor {
    return torch.mul(this.totalCount, this.probs);
  }
  /** min(⌊(n + 1) p⌋, n). */
  get mode(): Tensor {
    return torch.minimum(torch.floor(torch.mul(torch.add(this.totalCount, 1), this.probs)), this.totalCount);
  }
  /** n p (1 - p). */
  get variance(): Tensor {
    return torch.mul(torch.mul(this.totalCount, this.probs), torch.rsub(this.probs, 1));
  }
  /** torch.binomial on the expanded parameters (PyTorch's stream). */
  override sample(sampleShape: SampleShape = []): Tensor {
    const shape = this.extendedShape(sampleShape);
    return torch.noGrad(() => torch.binomial(this.totalCount.expand(shape), this.probs.expand(shape)));
  }
  /** The log mass, through the logits (stable for probabilities near 0 and 1). */
  logProb(value: Tensor | number): Tensor {
    if (this.validateArgs) this.validateSample(value);
    const n = this.totalCount, logits = this.logits, v = value as Tensor;
    const logFactorialN = torch.lgamma(torch.add(n, 1));
    const logFactorialK = torch.lgamma(torch.add(v, 1));
    const logFactorialNmk = torch.lgamma(torch.add(torch.sub(n, v), 1));
    const normalize = torch.sub(
      torch.add(torch.mul(n, clampByZero(logits)), torch.mul(n, torch.log1p(torch.exp(torch.neg(torch.abs(logits)))))),
      logFactorialN,
    );
    return torch.sub(torch.sub(torch.sub(torch.mul(v, logits), logFactorialK), logFactorialNmk), normalize);
  }
  /** -Σ p log p over the support (one total count across the batch only). */
  entropy(): Tensor {
    this.homogeneousCount("entropy");
    const lp = this.logProb(this.enumerateSupport(false));
    return torch.neg(torch.sum(torch.mul(torch.exp(lp), lp), 0));
  }
  /** 0..n along a new first dimension, expanded over the batch shape unless `expand` is false. */
  enumerateSupport(expand = true): Tensor {
    const n = this.homogeneousCount("enumerate_support");
    const values = torch.arange(1 + n, { dtype: this.param.dtype }).view([-1, ...this.batchShape.map(() => 1)]);
    return expand ? values.expand([-1, ...this.batchShape]) : values;
  }
  /** The one total count of the batch (PyTorch's NotImplementedError when they differ). */
  private homogeneousCount(what: string): number {
    const max = Math.trunc(torch.max(this.totalCount).item() as number);
    if (torch.min(this.totalCount).item() !== max) {
      throw new torch.RuntimeError(`Inhomogeneous total count not supported by \`${what}\`.`);
    }
    return max;
  }
}
