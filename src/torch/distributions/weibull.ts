/** torch.distributions.Weibull. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { Exponential } from "./exponential.ts";
import { EULER_GAMMA } from "./gumbel.ts";
import { TransformedDistribution } from "./transformed_distribution.ts";
import { AffineTransform, PowerTransform } from "./transforms_pointwise.ts";
import { bindArgs, broadcastAll, type Param } from "./utils.ts";

/** Weibull's arguments, as an options object. */
export interface WeibullOptions {
  /** scale λ (> 0) */
  scale?: Param;
  /** shape k (> 0) */
  concentration?: Param;
  /** validate the parameters and scored values */
  validateArgs?: boolean | null;
}

/**
 * The two-parameter Weibull distribution: scale E^(1/k) for E ~ Exponential(1) (torch.distributions.Weibull).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.Weibull(torch.tensor([2], { dtype: torch.float64 }), 1);
 * assert.deepEqual(d.mean.tolist(), [2]);
 * torch.manualSeed(0);
 * assert.deepEqual(d.rsample([3]).shape, [3, 1]);
 * ```
 */
export class Weibull extends TransformedDistribution {
  /** rsample is implemented (through the Exponential base). */
  static override hasRsample = true;
  /** `new Weibull(scale, concentration, validateArgs?)` or with an options object. */
  constructor(
    scale: Param | WeibullOptions,
    concentration?: Param | WeibullOptions,
    validateArgs?: boolean | null | WeibullOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs("Weibull.__init__()", ["scale", "concentration", "validateArgs"], args);
    if (a.scale === undefined || a.concentration === undefined) {
      const missing = a.scale === undefined ? "scale" : "concentration";
      throw new TypeError(`Weibull.__init__() missing required argument '${missing}'`);
    }
    const validateArgs = a.validateArgs as boolean | undefined;
    const [scale, concentration] = broadcastAll(a.scale as Param, a.concentration as Param);
    const reciprocal = torch.reciprocal(concentration);
    const base = new Exponential(torch.onesLike(scale), validateArgs);
    super(base, [new PowerTransform(reciprocal), new AffineTransform(0, scale)], validateArgs);
    this.params.set("scale", scale).set("concentration", concentration);
    this.checkArgs();
  }
  /** The scale λ. */
  get scale(): Tensor {
    return this.params.get("scale")!;
  }
  /** The shape k. */
  get concentration(): Tensor {
    return this.params.get("concentration")!;
  }
  /** 1 / k. */
  get concentrationReciprocal(): Tensor {
    return torch.reciprocal(this.concentration);
  }
  /** scale and concentration: positive. */
  override get argConstraints(): Record<string, Constraint> {
    return { scale: constraints.positive, concentration: constraints.positive };
  }
  /** (0, ∞). */
  override get support(): Constraint {
    return constraints.positive;
  }
  /** λ Γ(1 + 1/k). */
  override get mean(): Tensor {
    return torch.mul(this.scale, torch.exp(torch.lgamma(torch.add(this.concentrationReciprocal, 1))));
  }
  /** λ ((k - 1) / k)^(1/k): nan for k < 1, as in PyTorch. */
  override get mode(): Tensor {
    const k = this.concentration;
    return torch.mul(this.scale, torch.pow(torch.div(torch.sub(k, 1), k), torch.reciprocal(k)));
  }
  /** λ² (Γ(1 + 2/k) - Γ(1 + 1/k)²). */
  override get variance(): Tensor {
    const r = this.concentrationReciprocal;
    return torch.mul(
      torch.pow(this.scale, 2),
      torch.sub(
        torch.exp(torch.lgamma(torch.add(torch.mul(r, 2), 1))),
        torch.exp(torch.mul(torch.lgamma(torch.add(r, 1)), 2)),
      ),
    );
  }
  /** γ (1 - 1/k) + log(λ / k) + 1. */
  override entropy(): Tensor {
    const r = this.concentrationReciprocal;
    return torch.add(
      torch.add(torch.mul(torch.rsub(r, 1), EULER_GAMMA), torch.log(torch.mul(this.scale, r))),
      1,
    );
  }
}
