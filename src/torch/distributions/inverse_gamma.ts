/** torch.distributions.InverseGamma. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { Gamma, type GammaOptions } from "./gamma.ts";
import { TransformedDistribution } from "./transformed_distribution.ts";
import { PowerTransform } from "./transforms_pointwise.ts";
import { bindArgs, type Param } from "./utils.ts";

/** InverseGamma's arguments, as an options object (concentration, rate, validateArgs). */
export type InverseGammaOptions = GammaOptions;

/**
 * 1 / X for X ~ Gamma(concentration, rate) (torch.distributions.InverseGamma); rsample is reparameterized.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.InverseGamma(torch.tensor([3], { dtype: torch.float64 }), 4);
 * assert.deepEqual(d.mean.tolist(), [2]);
 * torch.manualSeed(0);
 * assert.deepEqual(d.rsample([2]).shape, [2, 1]);
 * ```
 */
export class InverseGamma extends TransformedDistribution {
  /** rsample is implemented. */
  static override hasRsample = true;
  /** The underlying Gamma. */
  declare baseDist: Gamma;
  /** `new InverseGamma(concentration, rate, validateArgs?)` or with an options object. */
  constructor(
    concentration: Param | InverseGammaOptions,
    rate?: Param | InverseGammaOptions,
    validateArgs?: boolean | null | InverseGammaOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs("InverseGamma.__init__()", ["concentration", "rate", "validateArgs"], args);
    if (a.concentration === undefined || a.rate === undefined) {
      const missing = a.concentration === undefined ? "concentration" : "rate";
      throw new TypeError(`InverseGamma.__init__() missing required argument '${missing}'`);
    }
    const validateArgs = a.validateArgs as boolean | undefined;
    const base = new Gamma(a.concentration as Param, a.rate as Param, validateArgs);
    super(base, new PowerTransform(torch.tensor(-1, { dtype: base.rate.dtype })), validateArgs);
  }
  /** concentration and rate: positive (checked by the base Gamma). */
  override get argConstraints(): Record<string, Constraint> {
    return { concentration: constraints.positive, rate: constraints.positive };
  }
  /** (0, ∞). */
  override get support(): Constraint {
    return constraints.positive;
  }
  /** The Gamma's shape α. */
  get concentration(): Tensor {
    return this.baseDist.concentration;
  }
  /** The Gamma's rate β. */
  get rate(): Tensor {
    return this.baseDist.rate;
  }
  /** β / (α - 1), infinite for α <= 1. */
  override get mean(): Tensor {
    const c = this.concentration;
    return torch.where(torch.gt(c, 1), torch.div(this.rate, torch.sub(c, 1)), Infinity);
  }
  /** β / (α + 1). */
  override get mode(): Tensor {
    return torch.div(this.rate, torch.add(this.concentration, 1));
  }
  /** β² / ((α - 1)² (α - 2)), infinite for α <= 2. */
  override get variance(): Tensor {
    const c = this.concentration;
    const v = torch.div(torch.square(this.rate), torch.mul(torch.square(torch.sub(c, 1)), torch.sub(c, 2)));
    return torch.where(torch.gt(c, 2), v, Infinity);
  }
  /** α + log β + lgamma(α) - (1 + α) digamma(α). */
  override entropy(): Tensor {
    const c = this.concentration;
    return torch.sub(
      torch.add(torch.add(c, torch.log(this.rate)), torch.lgamma(c)),
      torch.mul(torch.add(c, 1), torch.digamma(c)),
    );
  }
}
