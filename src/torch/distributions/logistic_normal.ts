/** torch.distributions.LogisticNormal. */
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import type { LocScaleOptions } from "./loc_scale.ts";
import { Normal } from "./normal.ts";
import { TransformedDistribution } from "./transformed_distribution.ts";
import { StickBreakingTransform } from "./transforms_vector.ts";
import { bindArgs, type Param } from "./utils.ts";

/** LogisticNormal's arguments, as an options object (loc, scale, validateArgs). */
export type LogisticNormalOptions = LocScaleOptions;

/**
 * A point on the simplex from a Normal vector through the stick-breaking transform
 * (torch.distributions.LogisticNormal): K normal coordinates give K + 1 probabilities.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.LogisticNormal(torch.zeros([2]), torch.ones([2]));
 * assert.deepEqual(d.eventShape, [3]);
 * torch.manualSeed(0);
 * assert.ok(Math.abs((d.rsample().sum().item() as number) - 1) < 1e-6);
 * ```
 */
export class LogisticNormal extends TransformedDistribution {
  /** rsample is implemented. */
  static override hasRsample = true;
  /** `new LogisticNormal(loc, scale, validateArgs?)` or with an options object. */
  constructor(
    loc: Param | LogisticNormalOptions,
    scale?: Param | LogisticNormalOptions,
    validateArgs?: boolean | null | LogisticNormalOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs("LogisticNormal.__init__()", ["loc", "scale", "validateArgs"], args);
    if (a.loc === undefined || a.scale === undefined) {
      const missing = a.loc === undefined ? "loc" : "scale";
      throw new TypeError(`LogisticNormal.__init__() missing required argument '${missing}'`);
    }
    const validateArgs = a.validateArgs as boolean | undefined;
    let base = new Normal(a.loc as Param, a.scale as Param, validateArgs);
    // a scalar Normal becomes a one-coordinate vector, as in PyTorch
    if (!base.batchShape.length) base = base.expand([1]);
    super(base, new StickBreakingTransform(), validateArgs);
  }
  /** The Normal underneath (the base is Independent over it). */
  private get normal(): Normal {
    return (this.baseDist as unknown as { baseDist: Normal }).baseDist;
  }
  /** The normal coordinates' means. */
  get loc(): Tensor {
    return this.normal.loc;
  }
  /** The normal coordinates' standard deviations. */
  get scale(): Tensor {
    return this.normal.scale;
  }
  /** loc: real, scale: positive (checked by the base Normal). */
  override get argConstraints(): Record<string, Constraint> {
    return { loc: constraints.real, scale: constraints.positive };
  }
  /** The probability simplex. */
  override get support(): Constraint {
    return constraints.simplex;
  }
}
