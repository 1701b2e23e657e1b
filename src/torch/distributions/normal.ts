/** torch.distributions.Normal. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import type { SampleShape } from "./distribution.ts";
import { LocScale, type LocScaleOptions } from "./loc_scale.ts";
import type { Param } from "./utils.ts";

/** Normal's arguments, as an options object (loc, scale, validateArgs). */
export type NormalOptions = LocScaleOptions;

/**
 * The normal (Gaussian) distribution N(loc, scale²), parameters broadcast together (torch.distributions.Normal).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.Normal(0, 1);
 * assert.equal(d.logProb(torch.tensor(0, { dtype: torch.float32 })).item(), -0.9189385175704956);
 * torch.manualSeed(0);
 * assert.deepEqual(d.sample([2]).shape, [2]);
 * ```
 */
export class Normal extends LocScale {
  /** Builds N(loc, scale²): `new Normal(loc, scale, validateArgs?)` or with an options object. */
  constructor(loc: Param | NormalOptions, scale?: Param | NormalOptions, validateArgs?: boolean | null | NormalOptions);
  constructor(...args: unknown[]) {
    super("Normal", args);
  }
  /** scale. */
  override get stddev(): Tensor {
    return this.scale;
  }
  /** scale². */
  get variance(): Tensor {
    return torch.pow(this.stddev, 2);
  }
  /** torch.normal on the expanded parameters (PyTorch's stream), without gradient history. */
  override sample(sampleShape: SampleShape = []): Tensor {
    const shape = this.extendedShape(sampleShape);
    return torch.noGrad(() => torch.normal(this.loc.expand(shape), this.scale.expand(shape)));
  }
  /** loc + eps * scale with eps standard normal (PyTorch's stream): differentiable w.r.t. loc and scale. */
  override rsample(sampleShape: SampleShape = []): Tensor {
    const shape = this.extendedShape(sampleShape);
    const eps = torch.empty(shape, { dtype: this.loc.dtype }).normal_();
    return torch.add(this.loc, torch.mul(eps, this.scale));
  }
  /** The log density. */
  logProb(value: Tensor | number): Tensor {
    const v = this.value(value, this.loc);
    const variance = torch.pow(this.scale, 2);
    const sq = torch.pow(torch.sub(v, this.loc), 2);
    return torch.sub(
      torch.sub(torch.div(torch.neg(sq), torch.mul(variance, 2)), torch.log(this.scale)),
      Math.log(Math.sqrt(2 * Math.PI)),
    );
  }
  /** The distribution function. */
  cdf(value: Tensor | number): Tensor {
    const v = this.value(value, this.loc);
    const z = torch.div(torch.mul(torch.sub(v, this.loc), torch.reciprocal(this.scale)), Math.SQRT2);
    return torch.mul(torch.add(torch.erf(z), 1), 0.5);
  }
  /** The quantile function (not validated, as in PyTorch). */
  icdf(value: Tensor | number): Tensor {
    const v = torch.isTensor(value) ? value : torch.tensor(value, { dtype: this.loc.dtype });
    return torch.add(
      this.loc,
      torch.mul(torch.mul(this.scale, torch.erfinv(torch.sub(torch.mul(v, 2), 1))), Math.SQRT2),
    );
  }
  /** 0.5 + 0.5 log(2π) + log(scale). */
  entropy(): Tensor {
    return torch.add(torch.log(this.scale), 0.5 + 0.5 * Math.log(2 * Math.PI));
  }
  /** [loc / scale², -1 / (2 scale²)]: Normal is an exponential family (`instanceof ExponentialFamily`). */
  get _naturalParams(): Tensor[] {
    const variance = torch.pow(this.scale, 2);
    return [torch.div(this.loc, variance), torch.mul(torch.reciprocal(variance), -0.5)];
  }
  /** -x² / (4y) + log(-π / y) / 2. */
  _logNormalizer(x: Tensor, y: Tensor): Tensor {
    return torch.add(
      torch.div(torch.mul(torch.pow(x, 2), -0.25), y),
      torch.mul(torch.log(torch.div(-Math.PI, y)), 0.5),
    );
  }
  /** 0. */
  get _meanCarrierMeasure(): number {
    return 0;
  }
}
