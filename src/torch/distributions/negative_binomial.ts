/** torch.distributions.NegativeBinomial. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { Constraint, constraints } from "./constraints.ts";
import { CountProbs } from "./count_probs.ts";
import type { SampleShape } from "./distribution.ts";
import { Gamma } from "./gamma.ts";
import type { Param } from "./utils.ts";

/** NegativeBinomial's arguments, as an options object. */
export interface NegativeBinomialOptions {
  /** the number of failures to stop at (>= 0, may be fractional) */
  totalCount?: Param;
  /** the probability of success of each trial, in [0, 1) */
  probs?: Param | null;
  /** the log-odds of success */
  logits?: Param | null;
  /** validate the parameters and scored values */
  validateArgs?: boolean | null;
}

const { add, sub, mul, exp, lgamma } = torch;
const logSigmoid = (t: Tensor) => torch.nn.functional.logsigmoid(t);

/**
 * The number of successes before `totalCount` failures, each trial succeeding with `probs`
 * (torch.distributions.NegativeBinomial). Sampled as a gamma–Poisson mixture with PyTorch's stream.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.NegativeBinomial(4, torch.tensor([0.5], { dtype: torch.float64 }));
 * assert.deepEqual(d.mean.tolist(), [4]);
 * torch.manualSeed(0);
 * assert.deepEqual(d.sample([3]).shape, [3, 1]);
 * ```
 */
export class NegativeBinomial extends CountProbs {
  /** `new NegativeBinomial(totalCount, probs)`, `new NegativeBinomial(n, null, logits)`, `{ totalCount, logits }`. */
  constructor(
    totalCount: Param | NegativeBinomialOptions,
    probs?: Param | null | NegativeBinomialOptions,
    logits?: Param | null | NegativeBinomialOptions,
    validateArgs?: boolean | null | NegativeBinomialOptions,
  );
  constructor(...args: unknown[]) {
    super("NegativeBinomial", args);
  }
  /** total_count (PyTorch's key): >= 0, probs: [0, 1), logits: real. */
  get argConstraints(): Record<string, Constraint> {
    return {
      total_count: constraints.greaterThanEq(0),
      probs: new Constraint(
        "HalfOpenInterval",
        (v) => torch.logicalAnd(torch.ge(v, 0), torch.lt(v, 1)),
        [["lower_bound", "0.0"], ["upper_bound", "1.0"]],
        0,
        { lowerBound: 0, upperBound: 1 },
      ),
      logits: constraints.real,
    };
  }
  /** The integers >= 0. */
  get support(): Constraint {
    return constraints.nonnegativeInteger;
  }
  /** The shape of the parameter given. */
  get paramShape(): number[] {
    return this.param.shape;
  }
  /** n e^logits. */
  get mean(): Tensor {
    return mul(this.totalCount, exp(this.logits));
  }
  /** max(⌊(n - 1) e^logits⌋, 0). */
  get mode(): Tensor {
    return torch.clamp(torch.floor(mul(sub(this.totalCount, 1), exp(this.logits))), { min: 0 });
  }
  /** mean / sigmoid(-logits). */
  get variance(): Tensor {
    return torch.div(this.mean, torch.sigmoid(torch.neg(this.logits)));
  }
  /** torch.poisson of a Gamma(n, e^-logits) draw (PyTorch's stream). */
  override sample(sampleShape: SampleShape = []): Tensor {
    return torch.noGrad(() => {
      const gamma = new Gamma(this.totalCount, exp(torch.neg(this.logits)), false);
      return torch.poisson(gamma.sample(sampleShape));
    });
  }
  /** n logsigmoid(-logits) + v logsigmoid(logits) - log of the normalisation (0 where n + v is 0). */
  logProb(value: Tensor | number): Tensor {
    if (this.validateArgs) this.validateSample(value);
    const n = this.totalCount, v = value as Tensor;
    const unnormalized = add(mul(n, logSigmoid(torch.neg(this.logits))), mul(v, logSigmoid(this.logits)));
    const normalization = add(add(torch.neg(lgamma(add(n, v))), lgamma(add(v, 1))), lgamma(n));
    return sub(unnormalized, torch.maskedFill(normalization, torch.eq(add(n, v), 0), 0));
  }
  /** Not implemented by PyTorch (its NotImplementedError). */
  entropy(): Tensor {
    throw new torch.RuntimeError("NegativeBinomial does not implement entropy");
  }
}
