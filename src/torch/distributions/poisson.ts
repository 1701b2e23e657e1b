/** torch.distributions.Poisson. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { ExponentialFamily } from "./exp_family.ts";
import type { SampleShape } from "./distribution.ts";
import { bindArgs, broadcastAll, type Param } from "./utils.ts";

/** Poisson's arguments, as an options object. */
export interface PoissonOptions {
  /** the rate λ (>= 0), also the mean */
  rate?: Param;
  /** validate the parameters and scored values */
  validateArgs?: boolean | null;
}

/**
 * The Poisson distribution of rate λ: P(k) = λ^k e^(-λ) / k! on the non-negative integers
 * (torch.distributions.Poisson).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.Poisson(torch.tensor([2.5], { dtype: torch.float64 }));
 * assert.deepEqual(d.mode.tolist(), [2]);
 * torch.manualSeed(0);
 * assert.deepEqual(d.sample([3]).shape, [3, 1]);
 * ```
 */
export class Poisson extends ExponentialFamily {
  /** Builds Poisson(λ): `new Poisson(rate, validateArgs?)` or with an options object. */
  constructor(rate: Param | PoissonOptions, validateArgs?: boolean | null | PoissonOptions);
  constructor(...args: unknown[]) {
    const a = bindArgs("Poisson.__init__()", ["rate", "validateArgs"], args);
    if (a.rate === undefined) throw new TypeError("Poisson.__init__() missing required argument 'rate'");
    const [rate] = broadcastAll(a.rate as Param);
    super(typeof a.rate === "number" ? [] : rate.shape, [], a.validateArgs as boolean | undefined);
    this.params.set("rate", rate);
    this.checkArgs();
  }
  /** The rate λ. */
  get rate(): Tensor {
    return this.params.get("rate")!;
  }
  /** rate: non-negative. */
  get argConstraints(): Record<string, Constraint> {
    return { rate: constraints.nonnegative };
  }
  /** The non-negative integers. */
  get support(): Constraint {
    return constraints.nonnegativeInteger;
  }
  /** λ. */
  get mean(): Tensor {
    return this.rate;
  }
  /** ⌊λ⌋. */
  get mode(): Tensor {
    return torch.floor(this.rate);
  }
  /** λ. */
  get variance(): Tensor {
    return this.rate;
  }
  /** torch.poisson on the expanded rate (PyTorch's stream). */
  override sample(sampleShape: SampleShape = []): Tensor {
    const shape = this.extendedShape(sampleShape);
    return torch.noGrad(() => torch.poisson(this.rate.expand(shape)));
  }
  /** xlogy(k, λ) - λ - lgamma(k + 1). */
  logProb(value: Tensor | number): Tensor {
    if (this.validateArgs) this.validateSample(value);
    const [rate, v] = broadcastAll(this.rate, value);
    return torch.sub(torch.sub(torch.xlogy(v, rate), rate), torch.lgamma(torch.add(v, 1)));
  }
  /** [log(rate)]. */
  override get _naturalParams(): Tensor[] {
    return [torch.log(this.rate)];
  }
  /** e^x. */
  override _logNormalizer(x: Tensor): Tensor {
    return torch.exp(x);
  }
}
