/** torch.distributions.Exponential. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { ExponentialFamily } from "./exp_family.ts";
import type { SampleShape } from "./distribution.ts";
import { bindArgs, broadcastAll, type Param } from "./utils.ts";

/** Exponential's arguments, as an options object. */
export interface ExponentialOptions {
  /** rate (> 0), the inverse of the mean */
  rate?: Param;
  /** validate the parameters and scored values */
  validateArgs?: boolean | null;
}

/**
 * The exponential distribution of rate λ: density λ e^(-λx) on x >= 0 (torch.distributions.Exponential).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.Exponential(torch.tensor([2, 4], { dtype: torch.float64 }));
 * assert.deepEqual(d.mean.tolist(), [0.5, 0.25]);
 * ```
 */
export class Exponential extends ExponentialFamily {
  /** rsample is implemented. */
  static override hasRsample = true;
  /** Builds Exp(rate): `new Exponential(rate, validateArgs?)` or with an options object. */
  constructor(rate: Param | ExponentialOptions, validateArgs?: boolean | null | ExponentialOptions);
  constructor(...args: unknown[]) {
    const a = bindArgs("Exponential.__init__()", ["rate", "validateArgs"], args);
    if (a.rate === undefined) throw new TypeError("Exponential.__init__() missing required argument 'rate'");
    const [rate] = broadcastAll(a.rate as Param);
    super(typeof a.rate === "number" ? [] : rate.shape, [], a.validateArgs as boolean | undefined);
    this.params.set("rate", rate);
    this.checkArgs();
  }
  /** The rate. */
  get rate(): Tensor {
    return this.params.get("rate")!;
  }
  /** rate: positive. */
  get argConstraints(): Record<string, Constraint> {
    return { rate: constraints.positive };
  }
  /** [0, ∞). */
  get support(): Constraint {
    return constraints.nonnegative;
  }
  /** 1 / rate. */
  get mean(): Tensor {
    return torch.reciprocal(this.rate);
  }
  /** 0. */
  get mode(): Tensor {
    return torch.zerosLike(this.rate);
  }
  /** 1 / rate. */
  override get stddev(): Tensor {
    return torch.reciprocal(this.rate);
  }
  /** rate⁻². */
  get variance(): Tensor {
    return torch.pow(this.rate, -2);
  }
  /** e / rate with e from exponential_() (PyTorch's stream): differentiable w.r.t. rate. */
  override rsample(sampleShape: SampleShape = []): Tensor {
    const e = torch.empty(this.extendedShape(sampleShape), { dtype: this.rate.dtype }).exponential_();
    return torch.div(e, this.rate);
  }
  /** log(rate) - rate v. */
  logProb(value: Tensor | number): Tensor {
    const v = this.value(value, this.rate);
    return torch.sub(torch.log(this.rate), torch.mul(this.rate, v));
  }
  /** 1 - e^(-rate v). */
  cdf(value: Tensor | number): Tensor {
    const v = this.value(value, this.rate);
    return torch.add(torch.neg(torch.exp(torch.mul(torch.neg(this.rate), v))), 1);
  }
  /** -log1p(-v) / rate (not validated, as in PyTorch). */
  icdf(value: Tensor | number): Tensor {
    const v = torch.isTensor(value) ? value : torch.tensor(value, { dtype: this.rate.dtype });
    return torch.div(torch.neg(torch.log1p(torch.neg(v))), this.rate);
  }
  /** 1 - log(rate). */
  override entropy(): Tensor {
    return torch.add(torch.neg(torch.log(this.rate)), 1);
  }
  /** [-rate]. */
  override get _naturalParams(): Tensor[] {
    return [torch.neg(this.rate)];
  }
  /** -log(-x). */
  override _logNormalizer(x: Tensor): Tensor {
    return torch.neg(torch.log(torch.neg(x)));
  }
  /** 0. */
  override get _meanCarrierMeasure(): number {
    return 0;
  }
}
