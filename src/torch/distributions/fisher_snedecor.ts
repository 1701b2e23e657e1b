/** torch.distributions.FisherSnedecor. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { Distribution } from "./distribution.ts";
import type { SampleShape } from "./distribution.ts";
import { Gamma } from "./gamma.ts";
import { bindArgs, broadcastAll, type Param } from "./utils.ts";

/** FisherSnedecor's arguments, as an options object. */
export interface FisherSnedecorOptions {
  /** degrees of freedom of the numerator (> 0) */
  df1?: Param;
  /** degrees of freedom of the denominator (> 0) */
  df2?: Param;
  /** validate the parameters and scored values */
  validateArgs?: boolean | null;
}

/**
 * The Fisher–Snedecor (F) distribution: X1 / X2 for X_i ~ Gamma(df_i / 2, df_i) (torch.distributions.FisherSnedecor);
 * rsample is reparameterized through the gammas.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.FisherSnedecor(torch.tensor([3], { dtype: torch.float64 }), 6);
 * assert.deepEqual(d.mean.tolist(), [1.5]);
 * torch.manualSeed(0);
 * assert.deepEqual(d.rsample([2]).shape, [2, 1]);
 * ```
 */
export class FisherSnedecor extends Distribution {
  /** rsample is implemented. */
  static override hasRsample = true;
  /** The gamma of the numerator, Gamma(df1 / 2, df1). */
  protected gamma1: Gamma;
  /** The gamma of the denominator, Gamma(df2 / 2, df2). */
  protected gamma2: Gamma;
  /** `new FisherSnedecor(df1, df2, validateArgs?)` or with an options object. */
  constructor(
    df1: Param | FisherSnedecorOptions,
    df2?: Param | FisherSnedecorOptions,
    validateArgs?: boolean | null | FisherSnedecorOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs("FisherSnedecor.__init__()", ["df1", "df2", "validateArgs"], args);
    if (a.df1 === undefined || a.df2 === undefined) {
      throw new TypeError(
        `FisherSnedecor.__init__() missing required argument '${a.df1 === undefined ? "df1" : "df2"}'`,
      );
    }
    const [df1, df2] = broadcastAll(a.df1 as Param, a.df2 as Param);
    // built (and validated, under Gamma's name) before the F distribution itself, as in PyTorch
    const gamma1 = new Gamma(torch.mul(df1, 0.5), df1), gamma2 = new Gamma(torch.mul(df2, 0.5), df2);
    const numbers = typeof a.df1 === "number" && typeof a.df2 === "number";
    super(numbers ? [] : df1.shape, [], a.validateArgs as boolean | undefined);
    this.gamma1 = gamma1;
    this.gamma2 = gamma2;
    this.params.set("df1", df1).set("df2", df2);
    this.checkArgs();
  }
  /** The numerator's degrees of freedom. */
  get df1(): Tensor {
    return this.params.get("df1")!;
  }
  /** The denominator's degrees of freedom. */
  get df2(): Tensor {
    return this.params.get("df2")!;
  }
  /** df1 and df2: positive. */
  get argConstraints(): Record<string, Constraint> {
    return { df1: constraints.positive, df2: constraints.positive };
  }
  /** (0, ∞). */
  get support(): Constraint {
    return constraints.positive;
  }
  /** A copy over a batch shape (its gammas expanded). */
  override expand(batchShape: number[]): this {
    const d = super.expand(batchShape);
    d.gamma1 = this.gamma1.expand(batchShape);
    d.gamma2 = this.gamma2.expand(batchShape);
    return d;
  }
  /** df2 / (df2 - 2), nan for df2 <= 2. */
  get mean(): Tensor {
    const df2 = torch.where(torch.le(this.df2, 2), NaN, this.df2);
    return torch.div(df2, torch.sub(df2, 2));
  }
  /** (df1 - 2) / df1 · df2 / (df2 + 2), nan for df1 <= 2. */
  get mode(): Tensor {
    const df1 = this.df1, df2 = this.df2;
    const mode = torch.div(torch.mul(torch.div(torch.sub(df1, 2), df1), df2), torch.add(df2, 2));
    return torch.where(torch.le(df1, 2), NaN, mode);
  }
  /** 2 df2² (df1 + df2 - 2) / (df1 (df2 - 2)² (df2 - 4)), nan for df2 <= 4. */
  get variance(): Tensor {
    const df1 = this.df1, df2 = torch.where(torch.le(this.df2, 4), NaN, this.df2);
    return torch.div(
      torch.mul(torch.mul(torch.pow(df2, 2), 2), torch.sub(torch.add(df1, df2), 2)),
      torch.mul(torch.mul(df1, torch.pow(torch.sub(df2, 2), 2)), torch.sub(df2, 4)),
    );
  }
  /** X1 / X2 from the two gammas' rsamples (drawn in that order), each ratio term at least the dtype's tiny. */
  override rsample(sampleShape: SampleShape = []): Tensor {
    const shape = this.extendedShape(sampleShape);
    const x1 = this.gamma1.rsample(sampleShape).view(shape), x2 = this.gamma2.rsample(sampleShape).view(shape);
    const tiny = torch.finfo(x2.dtype as "float32").tiny;
    return torch.clamp(torch.div(x1, torch.clamp(x2, { min: tiny })), { min: tiny });
  }
  /** lgamma((df1 + df2) / 2) - lgamma(df1 / 2) - lgamma(df2 / 2) + ... (PyTorch's formula). */
  logProb(value: Tensor | number): Tensor {
    if (this.validateArgs) this.validateSample(value);
    const v = value as Tensor;
    const ct1 = torch.mul(this.df1, 0.5), ct2 = torch.mul(this.df2, 0.5), ct3 = torch.div(this.df1, this.df2);
    const sum = torch.add(ct1, ct2);
    const t1 = torch.sub(torch.sub(torch.lgamma(sum), torch.lgamma(ct1)), torch.lgamma(ct2));
    const t2 = torch.add(torch.mul(ct1, torch.log(ct3)), torch.mul(torch.sub(ct1, 1), torch.log(v)));
    const t3 = torch.mul(sum, torch.log1p(torch.mul(ct3, v)));
    return torch.sub(torch.add(t1, t2), t3);
  }
  /** Not implemented by PyTorch (its NotImplementedError). */
  entropy(): Tensor {
    throw new torch.RuntimeError("FisherSnedecor does not implement entropy");
  }
}
