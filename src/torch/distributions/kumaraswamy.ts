/** torch.distributions.Kumaraswamy. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import type { BetaOptions } from "./beta.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { EULER_GAMMA } from "./gumbel.ts";
import { TransformedDistribution } from "./transformed_distribution.ts";
import { AffineTransform, PowerTransform } from "./transforms_pointwise.ts";
import { Uniform } from "./uniform.ts";
import { bindArgs, broadcastAll, type Param } from "./utils.ts";

/** Kumaraswamy's arguments, as an options object (concentration1, concentration0, validateArgs). */
export type KumaraswamyOptions = BetaOptions;

/** The n-th raw moment b B(1 + n/a, b) (PyTorch's _moments). */
function moments(a: Tensor, b: Tensor, n: number): Tensor {
  const arg1 = torch.add(torch.div(n, a), 1);
  const logValue = torch.sub(torch.add(torch.lgamma(arg1), torch.lgamma(b)), torch.lgamma(torch.add(arg1, b)));
  return torch.mul(b, torch.exp(logValue));
}

/**
 * The Kumaraswamy distribution on [0, 1], density ab x^(a-1) (1 - x^a)^(b-1): (1 - U^(1/b))^(1/a) for U uniform
 * (torch.distributions.Kumaraswamy).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.Kumaraswamy(torch.tensor([1], { dtype: torch.float64 }), 1);
 * assert.deepEqual(d.mean.tolist(), [0.5]);
 * torch.manualSeed(0);
 * assert.deepEqual(d.rsample([2]).shape, [2, 1]);
 * ```
 */
export class Kumaraswamy extends TransformedDistribution {
  /** rsample is implemented (through the Uniform base). */
  static override hasRsample = true;
  /** `new Kumaraswamy(concentration1, concentration0, validateArgs?)` or with an options object. */
  constructor(
    concentration1: Param | KumaraswamyOptions,
    concentration0?: Param | KumaraswamyOptions,
    validateArgs?: boolean | null | KumaraswamyOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs("Kumaraswamy.__init__()", ["concentration1", "concentration0", "validateArgs"], args);
    if (a.concentration1 === undefined || a.concentration0 === undefined) {
      const missing = a.concentration1 === undefined ? "concentration1" : "concentration0";
      throw new TypeError(`Kumaraswamy.__init__() missing required argument '${missing}'`);
    }
    const validateArgs = a.validateArgs as boolean | undefined;
    const [c1, c0] = broadcastAll(a.concentration1 as Param, a.concentration0 as Param);
    const base = new Uniform(torch.fullLike(c0, 0), torch.fullLike(c0, 1), validateArgs);
    const transforms = [
      new PowerTransform(torch.reciprocal(c0)),
      new AffineTransform(1, -1),
      new PowerTransform(torch.reciprocal(c1)),
    ];
    super(base, transforms, validateArgs);
    this.params.set("concentration1", c1).set("concentration0", c0);
    this.checkArgs();
  }
  /** a, the exponent of x. */
  get concentration1(): Tensor {
    return this.params.get("concentration1")!;
  }
  /** b, the exponent of 1 - x^a. */
  get concentration0(): Tensor {
    return this.params.get("concentration0")!;
  }
  /** concentration1 and concentration0: positive. */
  override get argConstraints(): Record<string, Constraint> {
    return { concentration1: constraints.positive, concentration0: constraints.positive };
  }
  /** [0, 1]. */
  override get support(): Constraint {
    return constraints.unitInterval;
  }
  /** b B(1 + 1/a, b). */
  override get mean(): Tensor {
    return moments(this.concentration1, this.concentration0, 1);
  }
  /** PyTorch's log-space formula exp(log1p(-b) / b - log1p(-ab)), nan where a < 1 or b < 1. */
  override get mode(): Tensor {
    const c1 = this.concentration1, c0 = this.concentration0;
    const logMode = torch.sub(
      torch.mul(torch.reciprocal(c0), torch.log1p(torch.neg(c0))),
      torch.log1p(torch.mul(torch.neg(c0), c1)),
    );
    return torch.exp(torch.where(torch.logicalOr(torch.lt(c0, 1), torch.lt(c1, 1)), NaN, logMode));
  }
  /** The second moment less the mean squared. */
  override get variance(): Tensor {
    return torch.sub(moments(this.concentration1, this.concentration0, 2), torch.pow(this.mean, 2));
  }
  /** (1 - 1/b) + (1 - 1/a) H_b - log a - log b, with H_b = digamma(b + 1) + γ. */
  override entropy(): Tensor {
    const t1 = torch.rsub(torch.reciprocal(this.concentration1), 1);
    const t0 = torch.rsub(torch.reciprocal(this.concentration0), 1);
    const h0 = torch.add(torch.digamma(torch.add(this.concentration0, 1)), EULER_GAMMA);
    return torch.sub(
      torch.sub(torch.add(t0, torch.mul(t1, h0)), torch.log(this.concentration1)),
      torch.log(this.concentration0),
    );
  }
}
