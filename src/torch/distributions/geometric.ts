/** torch.distributions.Geometric. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { Distribution, type SampleShape, tupleStr } from "./distribution.ts";
import { bindArgs, broadcastAll, logitsToProbs, type Param, probsOrLogits, probsToLogits } from "./utils.ts";

/** Geometric's arguments, as an options object: exactly one of probs and logits. */
export interface GeometricOptions {
  /** probability of success of each trial, in (0, 1] */
  probs?: Param | null;
  /** log-odds of success */
  logits?: Param | null;
  /** validate the parameters and scored values */
  validateArgs?: boolean | null;
}

/**
 * The number of failures before the first success in Bernoulli(probs) trials (torch.distributions.Geometric).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.Geometric(torch.tensor([0.5], { dtype: torch.float64 }));
 * assert.deepEqual(d.mean.tolist(), [1]);
 * assert.deepEqual(d.logProb(torch.tensor([0], { dtype: torch.float64 })).tolist(), [Math.log(0.5)]);
 * ```
 */
export class Geometric extends Distribution {
  /** `new Geometric(probs)`, `new Geometric(null, logits)` or `{ probs }` / `{ logits }`. */
  constructor(
    probs?: Param | null | GeometricOptions,
    logits?: Param | null | GeometricOptions,
    validateArgs?: boolean | null | GeometricOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs("Geometric.__init__()", ["probs", "logits", "validateArgs"], args);
    const [name, given] = probsOrLogits(a);
    const [param] = broadcastAll(given as Param);
    super(typeof given === "number" ? [] : param.shape, [], a.validateArgs as boolean | undefined);
    this.params.set(name, param);
    this.checkArgs();
    if (this.validateArgs && name === "probs") {
      const valid = torch.gt(param, 0);
      if (!torch.all(valid).item()) {
        throw new RangeError(
          `Expected parameter probs (Tensor of shape ${tupleStr(param.shape)}) of distribution ${this} ` +
            `to be positive but found invalid values:\n${torch.maskedSelect(param.detach(), torch.logicalNot(valid))}`,
        );
      }
    }
  }
  /** The probability of success. */
  get probs(): Tensor {
    return this.lazy("probs", () => logitsToProbs(this.logits, true));
  }
  /** The log-odds of success. */
  get logits(): Tensor {
    return this.lazy("logits", () => probsToLogits(this.probs, true));
  }
  /** probs: unit interval, logits: real. */
  get argConstraints(): Record<string, Constraint> {
    return { probs: constraints.unitInterval, logits: constraints.real };
  }
  /** The integers >= 0. */
  get support(): Constraint {
    return constraints.nonnegativeInteger;
  }
  /** 1 / probs - 1. */
  get mean(): Tensor {
    return torch.sub(torch.reciprocal(this.probs), 1);
  }
  /** 0. */
  get mode(): Tensor {
    return torch.zerosLike(this.probs);
  }
  /** (1 / probs - 1) / probs. */
  get variance(): Tensor {
    return torch.div(torch.sub(torch.reciprocal(this.probs), 1), this.probs);
  }
  /** floor(log u / log1p(-probs)) with u from uniform_(tiny, 1) (PyTorch's stream). */
  override sample(sampleShape: SampleShape = []): Tensor {
    const probs = this.probs, tiny = torch.finfo(probs.dtype as "float32").tiny;
    return torch.noGrad(() => {
      const u = torch.empty(this.extendedShape(sampleShape), { dtype: probs.dtype }).uniform_(tiny, 1);
      return torch.floor(torch.div(torch.log(u), torch.log1p(torch.neg(probs))));
    });
  }
  /** v log1p(-probs) + log probs (0 log 0 taken as 0 where probs is 1 and v is 0). */
  logProb(value: Tensor | number): Tensor {
    if (this.validateArgs) this.validateSample(value);
    const [v, p] = broadcastAll(value, this.probs);
    const probs = torch.where(torch.logicalAnd(torch.eq(p, 1), torch.eq(v, 0)), 0, p);
    return torch.add(torch.mul(v, torch.log1p(torch.neg(probs))), torch.log(this.probs));
  }
  /** binary_cross_entropy_with_logits(logits, probs) / probs. */
  entropy(): Tensor {
    const bce = torch.nn.functional.binaryCrossEntropyWithLogits(this.logits, this.probs, { reduction: "none" });
    return torch.div(bce, this.probs);
  }
}
