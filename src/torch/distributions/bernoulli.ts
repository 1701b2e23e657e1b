/** torch.distributions.Bernoulli. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { ExponentialFamily } from "./exp_family.ts";
import type { SampleShape } from "./distribution.ts";
import { bindArgs, broadcastAll, logitsToProbs, type Param, probsOrLogits, probsToLogits } from "./utils.ts";

/** Bernoulli's arguments, as an options object: exactly one of probs and logits. */
export interface BernoulliOptions {
  /** probability of 1, in [0, 1] */
  probs?: Param | null;
  /** log-odds of 1 */
  logits?: Param | null;
  /** validate the parameters and scored values */
  validateArgs?: boolean | null;
}

/**
 * The Bernoulli distribution: 1 with probability `probs` (or sigmoid(`logits`)), else 0
 * (torch.distributions.Bernoulli).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.Bernoulli({ logits: torch.tensor([0], { dtype: torch.float32 }) });
 * assert.deepEqual(d.probs.tolist(), [0.5]);
 * assert.deepEqual(d.enumerateSupport().tolist(), [[0], [1]]);
 * ```
 */
export class Bernoulli extends ExponentialFamily {
  /** enumerateSupport is implemented. */
  static override hasEnumerateSupport = true;
  /** Builds it from `probs` or `logits`: `new Bernoulli(probs)`, `new Bernoulli(null, logits)`, `{ logits }`. */
  constructor(
    probs?: Param | null | BernoulliOptions,
    logits?: Param | null | BernoulliOptions,
    validateArgs?: boolean | null | BernoulliOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs("Bernoulli.__init__()", ["probs", "logits", "validateArgs"], args);
    const [name, given] = probsOrLogits(a);
    const [param] = broadcastAll(given as Param);
    super(typeof given === "number" ? [] : param.shape, [], a.validateArgs as boolean | undefined);
    this.params.set(name, param);
    this.checkArgs();
  }
  /** The parameter given (probs or logits). */
  protected get param(): Tensor {
    return this.params.get("probs") ?? this.params.get("logits")!;
  }
  /** The probability of 1. */
  get probs(): Tensor {
    return this.lazy("probs", () => logitsToProbs(this.logits, true));
  }
  /** The log-odds of 1. */
  get logits(): Tensor {
    return this.lazy("logits", () => probsToLogits(this.probs, true));
  }
  /** probs: unit interval, logits: real. */
  get argConstraints(): Record<string, Constraint> {
    return { probs: constraints.unitInterval, logits: constraints.real };
  }
  /** {0, 1}. */
  get support(): Constraint {
    return constraints.boolean;
  }
  /** The shape of the parameter given. */
  get paramShape(): number[] {
    return this.param.shape;
  }
  /** probs. */
  get mean(): Tensor {
    return this.probs;
  }
  /** 1 where probs > 0.5, 0 below, nan at 0.5. */
  get mode(): Tensor {
    const mode = torch.ge(this.probs, 0.5).to(this.probs.dtype);
    return torch.where(torch.eq(this.probs, 0.5), NaN, mode);
  }
  /** probs (1 - probs). */
  get variance(): Tensor {
    return torch.mul(this.probs, torch.rsub(this.probs, 1));
  }
  /** torch.bernoulli on the expanded probs (PyTorch's stream). */
  override sample(sampleShape: SampleShape = []): Tensor {
    const shape = this.extendedShape(sampleShape);
    // contiguous: dendrite's torch.bernoulli reads a stride-0 (expanded) input's storage as if dense; PyTorch draws
    // one number per output element in order, which is what a dense copy gives
    return torch.noGrad(() => torch.bernoulli(this.probs.expand(shape).contiguous()));
  }
  /** -binary_cross_entropy_with_logits(logits, value). */
  logProb(value: Tensor | number): Tensor {
    if (this.validateArgs) this.validateSample(value);
    const [logits, v] = broadcastAll(this.logits, value);
    return torch.neg(torch.nn.functional.binaryCrossEntropyWithLogits(logits, v, { reduction: "none" }));
  }
  /** binary_cross_entropy_with_logits(logits, probs). */
  override entropy(): Tensor {
    return torch.nn.functional.binaryCrossEntropyWithLogits(this.logits, this.probs, { reduction: "none" });
  }
  /** [0, 1] along a new first dimension, expanded over the batch shape unless `expand` is false. */
  enumerateSupport(expand = true): Tensor {
    const values = torch.arange(2, { dtype: this.param.dtype }).view([-1, ...this.batchShape.map(() => 1)]);
    return expand ? values.expand([-1, ...this.batchShape]) : values;
  }
  /** [logit(probs)]. */
  override get _naturalParams(): Tensor[] {
    return [torch.logit(this.probs)];
  }
  /** log(1 + e^x). */
  override _logNormalizer(x: Tensor): Tensor {
    return torch.log1p(torch.exp(x));
  }
  /** 0. */
  override get _meanCarrierMeasure(): number {
    return 0;
  }
}
