/** torch.distributions.HalfCauchy. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { Cauchy } from "./cauchy.ts";
import { Folded, type FoldedOptions } from "./folded.ts";
import type { Param } from "./utils.ts";

/** HalfCauchy's arguments, as an options object (scale, validateArgs). */
export type HalfCauchyOptions = FoldedOptions;

/**
 * |X| for X ~ Cauchy(0, scale) (torch.distributions.HalfCauchy).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.HalfCauchy(1);
 * assert.equal(d.cdf(torch.tensor(1, { dtype: torch.float32 })).item(), 0.5);
 * ```
 */
export class HalfCauchy extends Folded {
  /** The Cauchy folded. */
  declare baseDist: Cauchy;
  /** `new HalfCauchy(scale, validateArgs?)` or with an options object. */
  constructor(scale: Param | HalfCauchyOptions, validateArgs?: boolean | null | HalfCauchyOptions);
  constructor(...args: unknown[]) {
    super("HalfCauchy", args, (scale) => new Cauchy(0, scale, false));
  }
  /** Infinite. */
  override get mean(): Tensor {
    return torch.full(this.extendedShape(), Infinity, { dtype: this.scale.dtype });
  }
  /** The Cauchy's variance (infinite). */
  override get variance(): Tensor {
    return this.baseDist.variance;
  }
}
