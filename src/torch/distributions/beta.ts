/** torch.distributions.Beta. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { Dirichlet } from "./dirichlet.ts";
import { ExponentialFamily } from "./exp_family.ts";
import type { SampleShape } from "./distribution.ts";
import { bindArgs, broadcastAll, type Param } from "./utils.ts";

/** Beta's arguments, as an options object. */
export interface BetaOptions {
  /** α (> 0), the exponent of x */
  concentration1?: Param;
  /** β (> 0), the exponent of 1 - x */
  concentration0?: Param;
  /** validate the parameters and scored values */
  validateArgs?: boolean | null;
}

/**
 * The beta distribution on [0, 1] with density x^(α-1) (1-x)^(β-1) / B(α, β), α = `concentration1`,
 * β = `concentration0` (torch.distributions.Beta): the first coordinate of a Dirichlet([α, β]), which it holds
 * and which validates (its messages name the Dirichlet, as PyTorch's do).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.Beta(2, 2);
 * assert.equal(d.mean.item(), 0.5);
 * torch.manualSeed(0);
 * assert.deepEqual(d.rsample([3]).shape, [3]);
 * ```
 */
export class Beta extends ExponentialFamily {
  /** rsample is implemented. */
  static override hasRsample = true;
  /** The Dirichlet over [α, β] whose first coordinate this is. */
  protected dirichlet: Dirichlet;
  /** Builds Beta(α, β): `new Beta(concentration1, concentration0, validateArgs?)` or with an options object. */
  constructor(
    concentration1: Param | BetaOptions,
    concentration0?: Param | BetaOptions,
    validateArgs?: boolean | null | BetaOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs("Beta.__init__()", ["concentration1", "concentration0", "validateArgs"], args);
    const c1 = a.concentration1 as Param | undefined, c0 = a.concentration0 as Param | undefined;
    if (c1 === undefined || c0 === undefined) {
      const missing = c1 === undefined ? "concentration1" : "concentration0";
      throw new TypeError(`Beta.__init__() missing required argument '${missing}'`);
    }
    const validateArgs = a.validateArgs as boolean | null | undefined;
    // two numbers become a pair of the default dtype (PyTorch: torch.tensor of two floats), tensors stack last
    const pair = typeof c1 === "number" && typeof c0 === "number"
      ? torch.tensor([c1, c0], { dtype: torch.getDefaultDtype() })
      : torch.stack(broadcastAll(c1, c0), -1);
    const dirichlet = new Dirichlet(pair, validateArgs);
    super(dirichlet.batchShape, [], validateArgs);
    this.dirichlet = dirichlet;
  }
  /** α. */
  get concentration1(): Tensor {
    return this.dirichlet.concentration.select(-1, 0);
  }
  /** β. */
  get concentration0(): Tensor {
    return this.dirichlet.concentration.select(-1, 1);
  }
  /** concentration1 and concentration0: positive. */
  get argConstraints(): Record<string, Constraint> {
    return { concentration1: constraints.positive, concentration0: constraints.positive };
  }
  /** [0, 1]. */
  get support(): Constraint {
    return constraints.unitInterval;
  }
  /** A copy over a batch shape (its Dirichlet expanded). */
  override expand(batchShape: number[]): this {
    const d = super.expand(batchShape);
    d.dirichlet = this.dirichlet.expand(batchShape);
    return d;
  }
  /** α / (α + β). */
  get mean(): Tensor {
    return torch.div(this.concentration1, torch.add(this.concentration1, this.concentration0));
  }
  /** The Dirichlet's mode, first coordinate. */
  get mode(): Tensor {
    return this.dirichlet.mode.select(-1, 0);
  }
  /** αβ / ((α + β)² (α + β + 1)). */
  get variance(): Tensor {
    const total = torch.add(this.concentration1, this.concentration0);
    return torch.div(
      torch.mul(this.concentration1, this.concentration0),
      torch.mul(torch.pow(total, 2), torch.add(total, 1)),
    );
  }
  /** The Dirichlet's rsample, first coordinate: differentiable w.r.t. α and β. */
  override rsample(sampleShape: SampleShape = []): Tensor {
    return this.dirichlet.rsample(sampleShape).select(-1, 0);
  }
  /** The Dirichlet's log density at [v, 1 - v]. */
  logProb(value: Tensor | number): Tensor {
    if (this.validateArgs) this.validateSample(value);
    return this.dirichlet.logProb(torch.stack([value as Tensor, torch.rsub(value as Tensor, 1)], -1));
  }
  /** The Dirichlet's entropy. */
  override entropy(): Tensor {
    return this.dirichlet.entropy();
  }
  /** [concentration1, concentration0]. */
  override get _naturalParams(): Tensor[] {
    return [this.concentration1, this.concentration0];
  }
  /** log B(x, y). */
  override _logNormalizer(x: Tensor, y: Tensor): Tensor {
    return torch.sub(torch.add(torch.lgamma(x), torch.lgamma(y)), torch.lgamma(torch.add(x, y)));
  }
}
