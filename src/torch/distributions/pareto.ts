/** torch.distributions.Pareto. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { Exponential } from "./exponential.ts";
import { TransformedDistribution } from "./transformed_distribution.ts";
import { AffineTransform, ExpTransform } from "./transforms_pointwise.ts";
import { bindArgs, broadcastAll, type Param } from "./utils.ts";

/** Pareto's arguments, as an options object. */
export interface ParetoOptions {
  /** scale x_m (> 0), the least value */
  scale?: Param;
  /** shape α (> 0) */
  alpha?: Param;
  /** validate the parameters and scored values */
  validateArgs?: boolean | null;
}

/**
 * The Pareto type-I distribution: scale e^E for E ~ Exponential(α) (torch.distributions.Pareto).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.Pareto(torch.tensor([1], { dtype: torch.float64 }), 3);
 * assert.deepEqual(d.mean.tolist(), [1.5]);
 * torch.manualSeed(0);
 * assert.ok(d.sample([4]).ge(1).all().item());
 * ```
 */
export class Pareto extends TransformedDistribution {
  /** rsample is implemented (through the Exponential base). */
  static override hasRsample = true;
  /** `new Pareto(scale, alpha, validateArgs?)` or with an options object. */
  constructor(
    scale: Param | ParetoOptions,
    alpha?: Param | ParetoOptions,
    validateArgs?: boolean | null | ParetoOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs("Pareto.__init__()", ["scale", "alpha", "validateArgs"], args);
    if (a.scale === undefined || a.alpha === undefined) {
      throw new TypeError(`Pareto.__init__() missing required argument '${a.scale === undefined ? "scale" : "alpha"}'`);
    }
    const validateArgs = a.validateArgs as boolean | undefined;
    const [scale, alpha] = broadcastAll(a.scale as Param, a.alpha as Param);
    // the base validates alpha first, under its own name (rate), as PyTorch's does
    super(new Exponential(alpha, validateArgs), [new ExpTransform(), new AffineTransform(0, scale)], validateArgs);
    this.params.set("scale", scale).set("alpha", alpha);
    this.checkArgs();
  }
  /** The scale x_m. */
  get scale(): Tensor {
    return this.params.get("scale")!;
  }
  /** The shape α. */
  get alpha(): Tensor {
    return this.params.get("alpha")!;
  }
  /** alpha and scale: positive. */
  override get argConstraints(): Record<string, Constraint> {
    return { alpha: constraints.positive, scale: constraints.positive };
  }
  /** [scale, ∞) (PyTorch's greater_than_eq(scale)). */
  override get support(): Constraint {
    return constraints.greaterThanEq(this.scale);
  }
  /** α scale / (α - 1), infinite for α <= 1. */
  override get mean(): Tensor {
    const a = torch.clamp(this.alpha, { min: 1 });
    return torch.div(torch.mul(a, this.scale), torch.sub(a, 1));
  }
  /** The scale. */
  override get mode(): Tensor {
    return this.scale;
  }
  /** scale² α / ((α - 1)² (α - 2)), infinite for α <= 2. */
  override get variance(): Tensor {
    const a = torch.clamp(this.alpha, { min: 2 });
    return torch.div(
      torch.mul(torch.pow(this.scale, 2), a),
      torch.mul(torch.pow(torch.sub(a, 1), 2), torch.sub(a, 2)),
    );
  }
  /** log(scale / α) + 1 + 1/α. */
  override entropy(): Tensor {
    return torch.add(torch.log(torch.div(this.scale, this.alpha)), torch.add(torch.reciprocal(this.alpha), 1));
  }
}
