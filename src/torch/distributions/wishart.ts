/** torch.distributions.Wishart. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { Chi2 } from "./chi2.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { vecToTrilMatrix } from "./corr_cholesky_transform.ts";
import type { SampleShape } from "./distribution.ts";
import { ExponentialFamily } from "./exp_family.ts";
import { givenMatrix, scaleTrilFrom } from "./multivariate_normal.ts";
import { bindArgs, fmt, type Param } from "./utils.ts";

/** Wishart's arguments, as an options object: df and exactly one of the three matrices. */
export interface WishartOptions {
  /** the degrees of freedom ν (> p - 1) */
  df?: Param;
  /** the scale matrix Σ, (..., p, p), positive definite */
  covarianceMatrix?: Tensor | null;
  /** Σ⁻¹, (..., p, p), positive definite */
  precisionMatrix?: Tensor | null;
  /** the lower Cholesky factor L of Σ = L Lᵀ, (..., p, p), positive diagonal */
  scaleTril?: Tensor | null;
  /** validate the parameters and scored values */
  validateArgs?: boolean | null;
}

/** Wishart.rsample's arguments, as an options object. */
export interface WishartSampleOptions {
  /** the sample shape */
  sampleShape?: readonly number[];
  /** how many times flagged samples are drawn again (default 10) */
  maxTryCorrection?: number | null;
}

const LOG2 = Math.log(2);

/**
 * The Wishart distribution W(ν, Σ) over p x p positive definite matrices, Σ given as `covarianceMatrix`,
 * `precisionMatrix` (Σ⁻¹) or `scaleTril` (L with Σ = L Lᵀ) (torch.distributions.Wishart). rsample is PyTorch's
 * Bartlett decomposition with its stream of chi-squared then normal draws, and its correction pass as it is:
 * PyTorch flags the samples that pass the positive-definite check (not those that fail), warns "Singular sample
 * detected." and draws those again, so seeded samples equal PyTorch's.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.Wishart(3, { covarianceMatrix: torch.eye(2, { dtype: torch.float64 }) });
 * assert.deepEqual(d.mean.tolist(), [[3, 0], [0, 3]]);
 * assert.deepEqual([d.batchShape, d.eventShape], [[], [2, 2]]);
 * ```
 */
export class Wishart extends ExponentialFamily {
  /** rsample is implemented. */
  static override hasRsample = true;
  /** L, the Cholesky factor as given or computed, not broadcast to the batch shape. */
  unbroadcastedScaleTril: Tensor;
  /** The chi-squared variables of the Bartlett decomposition: ν - i for i < p. */
  protected distChi2: Chi2;
  /** `new Wishart(df, covarianceMatrix?, precisionMatrix?, scaleTril?, validateArgs?)` or with options. */
  constructor(
    df: Param | WishartOptions,
    covarianceMatrix?: Tensor | null | WishartOptions,
    precisionMatrix?: Tensor | null | WishartOptions,
    scaleTril?: Tensor | null | WishartOptions,
    validateArgs?: boolean | null | WishartOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs(
      "Wishart.__init__()",
      ["df", "covarianceMatrix", "precisionMatrix", "scaleTril", "validateArgs"],
      args,
    );
    const df = a.df as Param;
    if (typeof df !== "number" && !torch.isTensor(df)) {
      throw new TypeError("Wishart.__init__(): df must be a number or a Tensor");
    }
    const [key, name, given] = givenMatrix(a), m = given as Tensor;
    if (!torch.isTensor(m)) throw new TypeError(`Wishart.__init__(): ${name} must be a Tensor`);
    if (m.ndim < 2) {
      throw new RangeError("scale_tril must be at least two-dimensional, with optional leading batch dimensions");
    }
    const batch = typeof df === "number" ? m.shape.slice(0, -2) : torch.broadcastShapes(m.shape.slice(0, -2), df.shape);
    const dfT = typeof df === "number" ? torch.tensor(df, { dtype: m.dtype }) : df.expand(batch);
    const p = m.shape.at(-1)!;
    if (torch.any(torch.le(dfT, p - 1)).item()) {
      throw new RangeError(`Value of df=${fmt(df)} expected to be greater than ndim - 1 = ${p - 1}.`);
    }
    if (torch.any(torch.lt(dfT, p)).item()) {
      console.warn(
        "UserWarning: Low df values detected. Singular samples are highly likely to occur for ndim - 1 < df < ndim.",
      );
    }
    super(batch, m.shape.slice(-2), a.validateArgs as boolean | undefined);
    this.params.set(name, m.expand([...batch, -1, -1])).set("df", dfT);
    this.checkArgs();
    this.unbroadcastedScaleTril = scaleTrilFrom(key, m);
    this.distChi2 = this.chi2();
  }
  // Chi2(ν - [0, 1, ..., p - 1]) over the batch shape
  private chi2(): Chi2 {
    const p = this.eventShape[1], L = this.unbroadcastedScaleTril;
    return new Chi2(
      torch.sub(this.df.unsqueeze(-1), torch.arange(p, { dtype: L.dtype }).expand([...this.batchShape, -1])),
    );
  }
  /** The matrices: positive definite, or lower Cholesky for scale_tril; df: greater than p - 1. */
  get argConstraints(): Record<string, Constraint> {
    return {
      covariance_matrix: constraints.positiveDefinite,
      precision_matrix: constraints.positiveDefinite,
      scale_tril: constraints.lowerCholesky,
      df: constraints.greaterThan(this.eventShape[1] - 1),
    };
  }
  /** Positive definite matrices. */
  get support(): Constraint {
    return constraints.positiveDefinite;
  }
  /** ν, over the batch shape. */
  get df(): Tensor {
    return this.params.get("df")!;
  }
  private get matrixShape(): number[] {
    return [...this.batchShape, ...this.eventShape];
  }
  /** L with Σ = L Lᵀ, over the batch shape. */
  get scaleTril(): Tensor {
    return this.lazy("scale_tril", () => this.unbroadcastedScaleTril.expand(this.matrixShape));
  }
  /** Σ = L Lᵀ, over the batch shape. */
  get covarianceMatrix(): Tensor {
    const L = this.unbroadcastedScaleTril;
    return this.lazy("covariance_matrix", () => torch.matmul(L, L.mT).expand(this.matrixShape));
  }
  /** Σ⁻¹, solved from L, over the batch shape. */
  get precisionMatrix(): Tensor {
    const eye = torch.eye(this.eventShape[1], { dtype: this.unbroadcastedScaleTril.dtype });
    return this.lazy("precision_matrix", () => this.covSolve(eye).expand(this.matrixShape));
  }
  // Σ⁻¹ B solved against L Lᵀ rather than by two triangular solves: PyTorch's cholesky_solve passes gradient to
  // every entry of L (the upper ones of a given scale_tril too), where solve_triangular's keeps the lower ones
  private covSolve(B: Tensor): Tensor {
    const L = this.unbroadcastedScaleTril;
    return torch.linalg.solve(torch.matmul(L, L.mT), B);
  }
  // ν viewed as (..., 1, 1), to scale matrices
  private get dfMatrix(): Tensor {
    return this.df.view([...this.batchShape, 1, 1]);
  }
  /** ν Σ. */
  get mean(): Tensor {
    return torch.mul(this.dfMatrix, this.covarianceMatrix);
  }
  /** (ν - p - 1) Σ, NaN where ν <= p + 1. */
  get mode(): Tensor {
    const factor = torch.sub(this.df, this.eventShape[1] + 1);
    const masked = torch.where(torch.le(factor, 0), NaN, factor);
    return torch.mul(masked.view([...this.batchShape, 1, 1]), this.covarianceMatrix);
  }
  /** ν (Σ_ij² + Σ_ii Σ_jj). */
  get variance(): Tensor {
    const V = this.covarianceMatrix, d = torch.diagonal(V, { dim1: -2, dim2: -1 });
    return torch.mul(this.dfMatrix, torch.add(torch.pow(V, 2), torch.mul(d.unsqueeze(-1), d.unsqueeze(-2))));
  }
  /** A copy over a new batch shape (df and the matrices expanded, L shared, the chi-squared rebuilt). */
  override expand(batchShape: number[]): this {
    const d = Object.assign(Object.create(Object.getPrototypeOf(this)), this) as this;
    const covShape = [...batchShape, ...this.eventShape];
    d.batchShape = [...batchShape];
    d.unbroadcastedScaleTril = this.unbroadcastedScaleTril.expand(covShape);
    d.params = new Map(
      [...this.params].map(([k, v]) => [k, k === "df" ? v.expand(batchShape) : v.expand(covShape)]),
    );
    d.distChi2 = d.chi2();
    return d;
  }
  // L · A · (L · A)ᵀ, A lower-triangular with √χ² on the diagonal (at least eps) and normals below
  private bartlett(sampleShape: number[]): Tensor {
    const p = this.eventShape[1];
    const chi = this.distChi2.rsample(sampleShape);
    const diag = torch.clamp(torch.sqrt(chi), { min: torch.finfo(chi.dtype as "float32").eps });
    const below = torch.randn([...sampleShape, ...this.batchShape, (p * (p - 1)) / 2], { dtype: chi.dtype });
    const chol = torch.matmul(
      this.unbroadcastedScaleTril,
      torch.add(torch.diagEmbed(diag), vecToTrilMatrix(below, -1)),
    );
    return torch.matmul(chol, chol.mT);
  }
  // PyTorch's flags per sample: the support check, true where any batch member passes
  private flags(sample: Tensor): Tensor {
    const ok = this.support.check(sample);
    if (!this.batchShape.length) return ok;
    return torch.amax(ok, this.batchShape.map((_, i) => -(i + 1)));
  }
  /**
   * A sample by the Bartlett decomposition, then PyTorch's correction pass (up to `maxTryCorrection` more draws,
   * default 10): differentiable w.r.t. ν and the matrix. (PyTorch's own backward fails once the pass has run with
   * a non-empty sample shape, the mask it saves being updated in place; here the mask is copied, so it does not.)
   */
  override rsample(
    sampleShape?: SampleShape | WishartSampleOptions,
    maxTryCorrection?: number | null | WishartSampleOptions,
  ): Tensor;
  override rsample(...args: unknown[]): Tensor {
    const a = bindArgs("Wishart.rsample()", ["sampleShape", "maxTryCorrection"], args);
    const shape = [...((a.sampleShape ?? []) as number[])], tries = (a.maxTryCorrection ?? 10) as number;
    const sample = this.bartlett(shape), flagged = this.flags(sample);
    if (torch.any(flagged).item()) {
      console.warn("UserWarning: Singular sample detected.");
      for (let k = 0; k < tries; k++) {
        const fresh = this.bartlett([torch.sum(flagged).item() as number]);
        // a copy: the mask is updated below, and index_put's backward needs the one used here
        sample.indexPut_([flagged.clone()], fresh);
        flagged.indexPut_([flagged.clone()], torch.logicalNot(this.flags(fresh)));
        if (!torch.any(flagged).item()) break;
      }
    }
    return sample;
  }
  /**
   * -ν (p log 2 / 2 + log det L) - log Γ_p(ν / 2) + (ν - p - 1) / 2 · log |det X| - tr(Σ⁻¹ X) / 2.
   */
  logProb(value: Tensor | number): Tensor {
    if (this.validateArgs) this.validateSample(value);
    const X = value as Tensor, nu = this.df, p = this.eventShape[1];
    const norm = torch.mul(torch.neg(nu), torch.add(this.halfLogDet(), (p * LOG2) / 2));
    const logDetX = torch.linalg.slogdet(X)[1];
    const trace = torch.sum(torch.diagonal(this.covSolve(X), { dim1: -2, dim2: -1 }), -1);
    return torch.sub(
      torch.add(
        torch.sub(norm, torch.mvlgamma(torch.div(nu, 2), p)),
        torch.mul(torch.div(torch.sub(nu, p + 1), 2), logDetX),
      ),
      torch.div(trace, 2),
    );
  }
  /** (p + 1)(p log 2 / 2 + log det L) + log Γ_p(ν / 2) - (ν - p - 1) / 2 · ψ_p(ν / 2) + ν p / 2. */
  override entropy(): Tensor {
    const nu = this.df, p = this.eventShape[1], half = torch.div(nu, 2);
    // the multivariate digamma ψ_p(x) = Σ_{i<p} ψ(x - i / 2)
    const mvdigamma = torch.sum(
      torch.digamma(torch.sub(half.unsqueeze(-1), torch.div(torch.arange(p, { dtype: nu.dtype }), 2))),
      -1,
    );
    return torch.add(
      torch.sub(
        torch.add(torch.mul(torch.add(this.halfLogDet(), (p * LOG2) / 2), p + 1), torch.mvlgamma(half, p)),
        torch.mul(torch.div(torch.sub(nu, p + 1), 2), mvdigamma),
      ),
      torch.mul(nu, p / 2),
    );
  }
  // log det L = Σ log diag(L)
  private halfLogDet(): Tensor {
    return torch.sum(torch.log(torch.diagonal(this.unbroadcastedScaleTril, { dim1: -2, dim2: -1 })), -1);
  }
  /** [-precisionMatrix / 2, (df - p - 1) / 2], p the matrices' size. */
  override get _naturalParams(): Tensor[] {
    const p = this.eventShape.at(-1)!;
    return [torch.div(torch.neg(this.precisionMatrix), 2), torch.div(torch.sub(this.df, p + 1), 2)];
  }
  /** (y + (p + 1) / 2) (p log 2 - log |det(-2x)|) + mvlgamma(y + (p + 1) / 2, p). */
  override _logNormalizer(x: Tensor, y: Tensor): Tensor {
    const p = this.eventShape.at(-1)!, a = torch.add(y, (p + 1) / 2);
    const logDet = torch.linalg.slogdet(torch.mul(x, -2))[1];
    return torch.add(torch.mul(a, torch.add(torch.neg(logDet), Math.log(2) * p)), torch.mvlgamma(a, p));
  }
  /** 0. */
  override get _meanCarrierMeasure(): number {
    return 0;
  }
}
