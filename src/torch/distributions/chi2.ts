/** torch.distributions.Chi2. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { Gamma } from "./gamma.ts";
import { bindArgs, fmt, type Param } from "./utils.ts";

/** Chi2's arguments, as an options object. */
export interface Chi2Options {
  /** degrees of freedom (> 0) */
  df?: Param;
  /** validate the parameters and scored values */
  validateArgs?: boolean | null;
}

/**
 * The chi-squared distribution with `df` degrees of freedom: exactly Gamma(df / 2, 1 / 2)
 * (torch.distributions.Chi2).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.Chi2(torch.tensor([4], { dtype: torch.float64 }));
 * assert.deepEqual([d.mean.tolist(), d.variance.tolist(), d.df.tolist()], [[4], [8], [4]]);
 * ```
 */
export class Chi2 extends Gamma {
  /** Builds Chi2(df): `new Chi2(df, validateArgs?)` or with an options object. */
  constructor(df: Param | Chi2Options, validateArgs?: boolean | null | Chi2Options);
  constructor(...args: unknown[]) {
    const a = bindArgs("Chi2.__init__()", ["df", "validateArgs"], args);
    if (a.df === undefined) throw new TypeError("Chi2.__init__() missing required argument 'df'");
    const df = a.df as Param;
    super(typeof df === "number" ? 0.5 * df : torch.mul(df, 0.5), 0.5, a.validateArgs as boolean | undefined);
  }
  /** 2α. */
  get df(): Tensor {
    return torch.mul(this.concentration, 2);
  }
  /** df: positive. */
  override get argConstraints(): Record<string, Constraint> {
    return { df: constraints.positive };
  }
  /** PyTorch validates df (a property, 2α); its repr lists no parameters (`Chi2()`). */
  protected override checkArgs(): void {
    if (!this.validateArgs || !this.params.has("concentration")) return;
    const df = this.df;
    if (!torch.all(constraints.positive.check(df)).item()) {
      const shape = df.ndim === 1 ? `(${df.shape[0]},)` : `(${df.shape.join(", ")})`;
      throw new RangeError(
        `Expected parameter df (Tensor of shape ${shape}) of distribution ${this} to satisfy the constraint ` +
          `${constraints.positive}, but found invalid values:\n${fmt(df)}`,
      );
    }
  }
}
