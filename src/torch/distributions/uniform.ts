/** torch.distributions.Uniform. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { Distribution } from "./distribution.ts";
import type { SampleShape } from "./distribution.ts";
import { bindArgs, broadcastAll, type Param } from "./utils.ts";

/** Uniform's arguments, as an options object. */
export interface UniformOptions {
  /** lower bound (inclusive) */
  low?: Param;
  /** upper bound (exclusive) */
  high?: Param;
  /** validate the parameters and scored values */
  validateArgs?: boolean | null;
}

/**
 * The continuous uniform distribution on [low, high) (torch.distributions.Uniform).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.Uniform(0, 4);
 * assert.equal(d.mean.item(), 2);
 * assert.equal(d.cdf(torch.tensor(1, { dtype: torch.float32 })).item(), 0.25);
 * ```
 */
export class Uniform extends Distribution {
  /** rsample is implemented. */
  static override hasRsample = true;
  /** Builds U(low, high): `new Uniform(low, high, validateArgs?)` or with an options object. */
  constructor(
    low: Param | UniformOptions,
    high?: Param | UniformOptions,
    validateArgs?: boolean | null | UniformOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs("Uniform.__init__()", ["low", "high", "validateArgs"], args);
    if (a.low === undefined || a.high === undefined) {
      throw new TypeError(`Uniform.__init__() missing required argument '${a.low === undefined ? "low" : "high"}'`);
    }
    const [low, high] = broadcastAll(a.low as Param, a.high as Param);
    const numbers = typeof a.low === "number" && typeof a.high === "number";
    super(numbers ? [] : low.shape, [], a.validateArgs as boolean | undefined);
    this.params.set("low", low).set("high", high);
    this.checkArgs();
  }
  /** The lower bound. */
  get low(): Tensor {
    return this.params.get("low")!;
  }
  /** The upper bound. */
  get high(): Tensor {
    return this.params.get("high")!;
  }
  /** low < high. */
  get argConstraints(): Record<string, Constraint> {
    return { low: constraints.lessThan(this.high), high: constraints.greaterThan(this.low) };
  }
  /** [low, high]. */
  get support(): Constraint {
    return constraints.interval(this.low, this.high);
  }
  /** (low + high) / 2. */
  get mean(): Tensor {
    return torch.div(torch.add(this.high, this.low), 2);
  }
  /** Undefined: nan. */
  get mode(): Tensor {
    return torch.mul(this.high, NaN);
  }
  /** (high - low) / √12. */
  override get stddev(): Tensor {
    return torch.div(torch.sub(this.high, this.low), 12 ** 0.5);
  }
  /** (high - low)² / 12. */
  get variance(): Tensor {
    return torch.div(torch.pow(torch.sub(this.high, this.low), 2), 12);
  }
  /** low + u (high - low) with u from torch.rand (PyTorch's stream): differentiable w.r.t. low and high. */
  override rsample(sampleShape: SampleShape = []): Tensor {
    const rand = torch.rand(this.extendedShape(sampleShape), { dtype: this.low.dtype });
    return torch.add(this.low, torch.mul(rand, torch.sub(this.high, this.low)));
  }
  /** log(1[low <= v < high]) - log(high - low). */
  logProb(value: Tensor | number): Tensor {
    const v = this.value(value, this.low);
    const lb = torch.le(this.low, v).to(this.low.dtype), ub = torch.gt(this.high, v).to(this.low.dtype);
    return torch.sub(torch.log(torch.mul(lb, ub)), torch.log(torch.sub(this.high, this.low)));
  }
  /** (v - low) / (high - low), clamped to [0, 1]. */
  cdf(value: Tensor | number): Tensor {
    const v = this.value(value, this.low);
    return torch.clamp(torch.div(torch.sub(v, this.low), torch.sub(this.high, this.low)), { min: 0, max: 1 });
  }
  /** v (high - low) + low (not validated, as in PyTorch). */
  icdf(value: Tensor | number): Tensor {
    return torch.add(torch.mul(value as Tensor, torch.sub(this.high, this.low)), this.low);
  }
  /** log(high - low). */
  entropy(): Tensor {
    return torch.log(torch.sub(this.high, this.low));
  }
}
