/** torch.distributions.HalfNormal. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { Folded, type FoldedOptions } from "./folded.ts";
import { Normal } from "./normal.ts";
import type { Param } from "./utils.ts";

/** HalfNormal's arguments, as an options object (scale, validateArgs). */
export type HalfNormalOptions = FoldedOptions;

/**
 * |X| for X ~ Normal(0, scale) (torch.distributions.HalfNormal).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.HalfNormal(torch.tensor([1, 2], { dtype: torch.float64 }));
 * assert.deepEqual(d.mean.tolist(), [Math.sqrt(2 / Math.PI), 2 * Math.sqrt(2 / Math.PI)]);
 * ```
 */
export class HalfNormal extends Folded {
  /** The Normal folded. */
  declare baseDist: Normal;
  /** `new HalfNormal(scale, validateArgs?)` or with an options object. */
  constructor(scale: Param | HalfNormalOptions, validateArgs?: boolean | null | HalfNormalOptions);
  constructor(...args: unknown[]) {
    super("HalfNormal", args, (scale) => new Normal(0, scale, false));
  }
  /** scale √(2/π). */
  override get mean(): Tensor {
    return torch.mul(this.scale, Math.sqrt(2 / Math.PI));
  }
  /** scale² (1 - 2/π). */
  override get variance(): Tensor {
    return torch.mul(torch.pow(this.scale, 2), 1 - 2 / Math.PI);
  }
}
