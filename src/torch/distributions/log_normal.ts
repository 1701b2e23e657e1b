/** torch.distributions.LogNormal. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import type { LocScaleOptions } from "./loc_scale.ts";
import { Normal } from "./normal.ts";
import { TransformedDistribution } from "./transformed_distribution.ts";
import { ExpTransform } from "./transforms_pointwise.ts";
import { bindArgs, type Param } from "./utils.ts";

/** LogNormal's arguments, as an options object (loc, scale, validateArgs). */
export type LogNormalOptions = LocScaleOptions;

/**
 * exp(X) for X ~ Normal(loc, scale) (torch.distributions.LogNormal).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.LogNormal(0, 1);
 * assert.equal(d.mode.item(), Math.fround(Math.exp(-1)));
 * assert.equal(d.cdf(torch.tensor(1, { dtype: torch.float32 })).item(), 0.5);
 * ```
 */
export class LogNormal extends TransformedDistribution {
  /** rsample is implemented. */
  static override hasRsample = true;
  /** The underlying Normal. */
  declare baseDist: Normal;
  /** `new LogNormal(loc, scale, validateArgs?)` or with an options object. */
  constructor(
    loc: Param | LogNormalOptions,
    scale?: Param | LogNormalOptions,
    validateArgs?: boolean | null | LogNormalOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs("LogNormal.__init__()", ["loc", "scale", "validateArgs"], args);
    if (a.loc === undefined || a.scale === undefined) {
      throw new TypeError(`LogNormal.__init__() missing required argument '${a.loc === undefined ? "loc" : "scale"}'`);
    }
    const validateArgs = a.validateArgs as boolean | undefined;
    super(new Normal(a.loc as Param, a.scale as Param, validateArgs), new ExpTransform(), validateArgs);
  }
  /** loc: real, scale: positive (checked by the base Normal). */
  override get argConstraints(): Record<string, Constraint> {
    return { loc: constraints.real, scale: constraints.positive };
  }
  /** (0, ∞). */
  override get support(): Constraint {
    return constraints.positive;
  }
  /** The log's mean. */
  get loc(): Tensor {
    return this.baseDist.loc;
  }
  /** The log's standard deviation. */
  get scale(): Tensor {
    return this.baseDist.scale;
  }
  /** exp(loc + scale² / 2). */
  override get mean(): Tensor {
    return torch.exp(torch.add(this.loc, torch.div(torch.pow(this.scale, 2), 2)));
  }
  /** exp(loc - scale²). */
  override get mode(): Tensor {
    return torch.exp(torch.sub(this.loc, torch.square(this.scale)));
  }
  /** expm1(scale²) exp(2 loc + scale²). */
  override get variance(): Tensor {
    const s2 = torch.pow(this.scale, 2);
    return torch.mul(torch.expm1(s2), torch.exp(torch.add(torch.mul(this.loc, 2), s2)));
  }
  /** The Normal's entropy + loc. */
  override entropy(): Tensor {
    return torch.add(this.baseDist.entropy(), this.loc);
  }
}
