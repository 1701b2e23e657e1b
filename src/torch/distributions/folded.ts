/** What HalfNormal and HalfCauchy share: |X| for X centred at 0 with a positive scale. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import type { Distribution } from "./distribution.ts";
import { TransformedDistribution } from "./transformed_distribution.ts";
import { AbsTransform } from "./transforms_pointwise.ts";
import { bindArgs, type Param } from "./utils.ts";

/** A half distribution's arguments, as an options object. */
export interface FoldedOptions {
  /** scale (> 0) of the distribution folded */
  scale?: Param;
  /** validate the parameters and scored values */
  validateArgs?: boolean | null;
}

/** A symmetric distribution centred at 0 whose density, cdf and icdf the fold reuses. */
interface Symmetric extends Distribution {
  readonly scale: Tensor;
  cdf(value: Tensor | number): Tensor;
  icdf(value: Tensor | number): Tensor;
}

/**
 * The base of HalfNormal and HalfCauchy: |X| for X = base(0, scale) (built unvalidated; the scale is checked here):
 * density twice the base's on [0, ∞), cdf 2F - 1, entropy the base's less log 2.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { Folded } from "./folded.ts";
 * const d = new torch.distributions.HalfNormal(1);
 * assert.ok(d instanceof Folded);
 * assert.equal(d.mode.item(), 0);
 * ```
 */
export abstract class Folded extends TransformedDistribution {
  /** rsample is implemented. */
  static override hasRsample = true;
  /** The distribution folded. */
  declare baseDist: Symmetric;
  /** Binds `(scale, validateArgs?)` for the distribution `name` and folds `makeBase(scale)`. */
  protected constructor(name: string, args: unknown[], makeBase: (scale: Param) => Symmetric) {
    const a = bindArgs(`${name}.__init__()`, ["scale", "validateArgs"], args);
    if (a.scale === undefined) throw new TypeError(`${name}.__init__() missing required argument 'scale'`);
    super(makeBase(a.scale as Param), new AbsTransform(), a.validateArgs as boolean | undefined);
    this.checkDerivedArgs({ scale: this.scale });
  }
  /** scale: positive. */
  override get argConstraints(): Record<string, Constraint> {
    return { scale: constraints.positive };
  }
  /** [0, ∞). */
  override get support(): Constraint {
    return constraints.nonnegative;
  }
  /** The scale. */
  get scale(): Tensor {
    return this.baseDist.scale;
  }
  /** 0. */
  override get mode(): Tensor {
    return torch.zerosLike(this.scale);
  }
  /** log 2 + the base's log-density, -inf below 0. */
  override logProb(value: Tensor | number): Tensor {
    if (this.validateArgs) this.validateSample(value);
    const v = torch.isTensor(value) ? value : torch.tensor(value, { dtype: this.scale.dtype });
    return torch.where(torch.ge(v, 0), torch.add(this.baseDist.logProb(v), Math.log(2)), -Infinity);
  }
  /** 2 F(value) - 1. */
  override cdf(value: Tensor | number): Tensor {
    if (this.validateArgs) this.validateSample(value);
    return torch.sub(torch.mul(this.baseDist.cdf(value), 2), 1);
  }
  /** The base's icdf at (prob + 1) / 2. */
  override icdf(prob: Tensor | number): Tensor {
    const p = torch.isTensor(prob) ? prob : torch.tensor(prob, { dtype: this.scale.dtype });
    return this.baseDist.icdf(torch.div(torch.add(p, 1), 2));
  }
  /** The base's entropy - log 2. */
  override entropy(): Tensor {
    return torch.sub(this.baseDist.entropy(), Math.log(2));
  }
}
