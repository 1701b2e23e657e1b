/** torch.distributions.Cauchy. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import type { SampleShape } from "./distribution.ts";
import { LocScale, type LocScaleOptions } from "./loc_scale.ts";
import type { Param } from "./utils.ts";

/** Cauchy's arguments, as an options object (loc, scale, validateArgs). */
export type CauchyOptions = LocScaleOptions;

/**
 * The Cauchy (Lorentz) distribution: density 1 / (π scale (1 + ((x - loc) / scale)²)) (torch.distributions.Cauchy).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.Cauchy(0, 1);
 * assert.equal(d.cdf(torch.tensor(0, { dtype: torch.float32 })).item(), 0.5);
 * assert.ok(Number.isNaN(d.mean.item() as number));
 * ```
 */
export class Cauchy extends LocScale {
  /** `new Cauchy(loc, scale, validateArgs?)` or with an options object. */
  constructor(loc: Param | CauchyOptions, scale?: Param | CauchyOptions, validateArgs?: boolean | null | CauchyOptions);
  constructor(...args: unknown[]) {
    super("Cauchy", args);
  }
  /** Undefined: nan. */
  override get mean(): Tensor {
    return torch.full(this.extendedShape(), NaN, { dtype: this.loc.dtype });
  }
  /** Infinite. */
  get variance(): Tensor {
    return torch.full(this.extendedShape(), Infinity, { dtype: this.loc.dtype });
  }
  /** loc + eps scale with eps from cauchy_() (PyTorch's stream): differentiable w.r.t. loc and scale. */
  override rsample(sampleShape: SampleShape = []): Tensor {
    const eps = torch.empty(this.extendedShape(sampleShape), { dtype: this.loc.dtype }).cauchy_();
    return torch.add(this.loc, torch.mul(eps, this.scale));
  }
  /** -log π - log scale - log1p(((v - loc) / scale)²). */
  logProb(value: Tensor | number): Tensor {
    const z = torch.div(torch.sub(this.value(value, this.loc), this.loc), this.scale);
    return torch.sub(torch.rsub(torch.log(this.scale), -Math.log(Math.PI)), torch.log1p(torch.pow(z, 2)));
  }
  /** atan((v - loc) / scale) / π + 1/2. */
  cdf(value: Tensor | number): Tensor {
    const z = torch.div(torch.sub(this.value(value, this.loc), this.loc), this.scale);
    return torch.add(torch.div(torch.atan(z), Math.PI), 0.5);
  }
  /** tan(π (v - 1/2)) scale + loc (not validated, as in PyTorch). */
  icdf(value: Tensor | number): Tensor {
    const v = torch.isTensor(value) ? value : torch.tensor(value, { dtype: this.loc.dtype });
    return torch.add(torch.mul(torch.tan(torch.mul(torch.sub(v, 0.5), Math.PI)), this.scale), this.loc);
  }
  /** log(4π) + log scale. */
  entropy(): Tensor {
    return torch.add(torch.log(this.scale), Math.log(4 * Math.PI));
  }
}
