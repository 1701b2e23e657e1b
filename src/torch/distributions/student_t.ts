/** torch.distributions.StudentT. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { Chi2 } from "./chi2.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { Distribution } from "./distribution.ts";
import type { SampleShape } from "./distribution.ts";
import { bindArgs, broadcastAll, type Param } from "./utils.ts";

/** Python's math.lgamma(0.5) (log √π rounded as glibc's lgamma rounds it, one ulp from 0.5 * Math.log(Math.PI)). */
const LGAMMA_HALF = 0.5723649429247004;

/** StudentT's arguments, as an options object. */
export interface StudentTOptions {
  /** degrees of freedom ν (> 0) */
  df?: Param;
  /** location (default 0) */
  loc?: Param;
  /** scale (> 0, default 1) */
  scale?: Param;
  /** validate the parameters and scored values */
  validateArgs?: boolean | null;
}

/**
 * Student's t-distribution with `df` degrees of freedom, location `loc` and scale `scale`
 * (torch.distributions.StudentT). rsample is reparameterized: loc + scale·X/√(Z/ν), X standard normal, Z ~ χ²(ν).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.StudentT(torch.tensor([1, 3], { dtype: torch.float64 }));
 * assert.deepEqual(d.variance.tolist(), [NaN, 3]);
 * torch.manualSeed(0);
 * assert.deepEqual(d.rsample([2]).shape, [2, 2]);
 * ```
 */
export class StudentT extends Distribution {
  /** rsample is implemented. */
  static override hasRsample = true;
  /** χ²(df), the denominator's distribution. */
  protected chi2: Chi2;
  /** Builds StudentT(ν, loc, scale): `new StudentT(df, loc?, scale?, validateArgs?)` or with an options object. */
  constructor(
    df: Param | StudentTOptions,
    loc?: Param | StudentTOptions,
    scale?: Param | StudentTOptions,
    validateArgs?: boolean | null | StudentTOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs("StudentT.__init__()", ["df", "loc", "scale", "validateArgs"], args);
    if (a.df === undefined) throw new TypeError("StudentT.__init__() missing required argument 'df'");
    const [df, loc, scale] = broadcastAll(a.df as Param, (a.loc ?? 0) as Param, (a.scale ?? 1) as Param);
    // as in PyTorch, the χ² is built (and validated by default) before StudentT's own checks
    const chi2 = new Chi2(df);
    super(df.shape, [], a.validateArgs as boolean | undefined);
    this.chi2 = chi2;
    this.params.set("df", df).set("loc", loc).set("scale", scale);
    this.checkArgs();
  }
  /** The degrees of freedom ν. */
  get df(): Tensor {
    return this.params.get("df")!;
  }
  /** The location. */
  get loc(): Tensor {
    return this.params.get("loc")!;
  }
  /** The scale. */
  get scale(): Tensor {
    return this.params.get("scale")!;
  }
  /** df: positive, loc: real, scale: positive. */
  get argConstraints(): Record<string, Constraint> {
    return { df: constraints.positive, loc: constraints.real, scale: constraints.positive };
  }
  /** The real line. */
  get support(): Constraint {
    return constraints.real;
  }
  /** A copy over a batch shape (its χ² expanded). */
  override expand(batchShape: number[]): this {
    const d = super.expand(batchShape);
    d.chi2 = this.chi2.expand(batchShape);
    return d;
  }
  /** loc where ν > 1, else nan. */
  get mean(): Tensor {
    return torch.where(torch.le(this.df, 1), NaN, this.loc);
  }
  /** loc. */
  get mode(): Tensor {
    return this.loc;
  }
  /** scale² ν / (ν - 2) where ν > 2, ∞ where 1 < ν <= 2, nan where ν <= 1. */
  get variance(): Tensor {
    const df = this.df, above2 = torch.gt(df, 2);
    // a stand-in ν where the formula is not used keeps its (masked) gradient finite
    const safe = torch.where(above2, df, 3);
    const v = torch.div(torch.mul(torch.pow(this.scale, 2), safe), torch.sub(safe, 2));
    return torch.where(above2, v, torch.where(torch.gt(df, 1), Infinity, torch.fullLike(df, NaN)));
  }
  /** loc + scale X / √(Z / ν), X from normal_() then Z from the χ²'s rsample (PyTorch's stream and order). */
  override rsample(sampleShape: SampleShape = []): Tensor {
    const shape = this.extendedShape(sampleShape);
    const x = torch.empty(shape, { dtype: this.df.dtype }).normal_();
    const z = this.chi2.rsample(sampleShape);
    const y = torch.mul(x, torch.rsqrt(torch.div(z, this.df)));
    return torch.add(this.loc, torch.mul(this.scale, y));
  }
  /** The log density. */
  logProb(value: Tensor | number): Tensor {
    if (this.validateArgs) this.validateSample(value);
    const df = this.df;
    const y = torch.div(torch.sub(value as Tensor, this.loc), this.scale);
    const z = torch.sub(
      torch.add(
        torch.add(torch.add(torch.log(this.scale), torch.mul(torch.log(df), 0.5)), 0.5 * Math.log(Math.PI)),
        torch.lgamma(torch.mul(df, 0.5)),
      ),
      torch.lgamma(torch.mul(torch.add(df, 1), 0.5)),
    );
    const t = torch.log1p(torch.div(torch.pow(y, 2), df));
    return torch.sub(torch.mul(torch.mul(torch.add(df, 1), -0.5), t), z);
  }
  /** log scale + (ν+1)/2 (ψ((ν+1)/2) - ψ(ν/2)) + log(ν)/2 + log B(ν/2, 1/2). */
  entropy(): Tensor {
    const df = this.df, half = torch.mul(df, 0.5), halfP1 = torch.mul(torch.add(df, 1), 0.5);
    const lbeta = torch.sub(torch.add(torch.lgamma(half), LGAMMA_HALF), torch.lgamma(halfP1));
    const t = torch.mul(torch.mul(torch.add(df, 1), 0.5), torch.sub(torch.digamma(halfP1), torch.digamma(half)));
    return torch.add(torch.add(torch.add(torch.log(this.scale), t), torch.mul(torch.log(df), 0.5)), lbeta);
  }
}
