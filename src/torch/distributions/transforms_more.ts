/**
 * torch.distributions.transforms through a distribution's CDF (CumulativeDistributionTransform) and onto positive
 * definite matrices (PositiveDefiniteTransform).
 */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { Distribution } from "./distribution.ts";
import { type Sign, Transform, type TransformOptions } from "./transform.ts";
import { LowerCholeskyTransform } from "./transforms_vector.ts";
import { bindArgs } from "./utils.ts";

/** CumulativeDistributionTransform's options. */
export type CumulativeDistributionTransformOptions = TransformOptions & {
  /** the distribution whose cdf / icdf / logProb the transform runs */
  distribution?: Distribution;
};

// the distribution's method `name`, or PyTorch's NotImplementedError (a RuntimeError here) when it has none
function method(d: Distribution, name: "cdf" | "icdf"): (v: Tensor) => Tensor {
  const f = (d as unknown as Record<string, unknown>)[name];
  if (typeof f !== "function") throw new torch.RuntimeError(`${d.constructor.name}.${name} is not implemented`);
  return f.bind(d);
}

/**
 * y = distribution.cdf(x), x = distribution.icdf(y), log |dy/dx| = distribution.logProb(x): the probability
 * integral transform onto [0, 1] (torch.distributions.transforms.CumulativeDistributionTransform), e.g. to build a
 * copula.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const { CumulativeDistributionTransform, Normal } = torch.distributions;
 * const t = new CumulativeDistributionTransform(new Normal(0, 1));
 * const x = torch.tensor([0], { dtype: torch.float32 });
 * assert.deepEqual(t.call(x).tolist(), [0.5]);
 * assert.deepEqual(t.inv.call(t.call(x)).tolist(), [0]);
 * ```
 */
export class CumulativeDistributionTransform extends Transform {
  /** The distribution whose CDF maps values to [0, 1]. */
  readonly distribution: Distribution;
  /** `new CumulativeDistributionTransform(distribution, cacheSize?)` or with an options object. */
  constructor(
    distribution: Distribution | CumulativeDistributionTransformOptions,
    cacheSize?: number | CumulativeDistributionTransformOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs("CumulativeDistributionTransform.__init__()", ["distribution", "cacheSize"], args);
    if (!(a.distribution instanceof Distribution)) {
      throw new TypeError("CumulativeDistributionTransform.__init__(): distribution must be a Distribution");
    }
    super((a.cacheSize ?? 0) as number);
    this.distribution = a.distribution;
  }
  /** The distribution's support. */
  get domain(): Constraint {
    return this.distribution.support;
  }
  /** [0, 1]. */
  get codomain(): Constraint {
    return constraints.unitInterval;
  }
  /** True. */
  override get bijective(): boolean {
    return true;
  }
  /** +1. */
  override get sign(): Sign {
    return 1;
  }
  override withCache(cacheSize = 1): Transform {
    return this.cacheSize === cacheSize ? this : new CumulativeDistributionTransform(this.distribution, cacheSize);
  }
  protected override forward(x: Tensor): Tensor {
    return method(this.distribution, "cdf")(x);
  }
  protected override inverse(y: Tensor): Tensor {
    return method(this.distribution, "icdf")(y);
  }
  /** The distribution's log density at x (the CDF's derivative is the density). */
  override logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor {
    return this.distribution.logProb(x);
  }
}

/**
 * Unconstrained square matrices to positive definite ones, L Lᵀ with L the LowerCholeskyTransform of the input;
 * inverted through the Cholesky factor (torch.distributions.transforms.PositiveDefiniteTransform). No
 * log-determinant, as in PyTorch.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const t = new torch.distributions.PositiveDefiniteTransform();
 * const y = t.call(torch.tensor([[0, 7], [2, 0]], { dtype: torch.float64 }));
 * assert.deepEqual(y.tolist(), [[1, 2], [2, 5]]);
 * assert.deepEqual(t.inv.call(y).tolist(), [[0, 0], [2, 0]]);
 * ```
 */
export class PositiveDefiniteTransform extends Transform {
  /** Real matrices. */
  get domain(): Constraint {
    return constraints.independent(constraints.real, 2);
  }
  /** Positive definite matrices. */
  get codomain(): Constraint {
    return constraints.positiveDefinite;
  }
  override equals(other: Transform): boolean {
    return other instanceof PositiveDefiniteTransform;
  }
  protected override forward(x: Tensor): Tensor {
    const l = new LowerCholeskyTransform().call(x);
    return torch.matmul(l, l.mT);
  }
  protected override inverse(y: Tensor): Tensor {
    return new LowerCholeskyTransform().inv.call(torch.linalg.cholesky(y));
  }
}
