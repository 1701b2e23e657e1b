/** torch.distributions.MultivariateNormal. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { Distribution, type SampleShape } from "./distribution.ts";
import { bindArgs } from "./utils.ts";

/** MultivariateNormal's arguments, as an options object: loc and exactly one of the three matrices. */
export interface MultivariateNormalOptions {
  /** the mean, (..., n) */
  loc?: Tensor;
  /** the covariance, (..., n, n), positive definite */
  covarianceMatrix?: Tensor | null;
  /** the inverse covariance, (..., n, n), positive definite */
  precisionMatrix?: Tensor | null;
  /** the lower Cholesky factor of the covariance, (..., n, n), positive diagonal */
  scaleTril?: Tensor | null;
  /** validate the parameters and scored values */
  validateArgs?: boolean | null;
}

const MATRICES = [
  ["covarianceMatrix", "covariance_matrix"],
  ["precisionMatrix", "precision_matrix"],
  ["scaleTril", "scale_tril"],
] as const;
/** How a Gaussian-family constructor was given its matrix. */
export type MatrixKey = typeof MATRICES[number][0];

/**
 * The one matrix a call gave of covarianceMatrix, precisionMatrix and scaleTril (PyTorch's AssertionError otherwise):
 * its key, PyTorch's name for it and its value (MultivariateNormal, Wishart).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { givenMatrix } from "./multivariate_normal.ts";
 * assert.deepEqual(givenMatrix({ scaleTril: 1 }), ["scaleTril", "scale_tril", 1]);
 * assert.throws(() => givenMatrix({}), RangeError);
 * ```
 */
export function givenMatrix(a: Record<string, unknown>): [MatrixKey, string, unknown] {
  const given = MATRICES.filter(([k]) => a[k] != null);
  if (given.length !== 1) {
    throw new RangeError("Exactly one of covariance_matrix or precision_matrix or scale_tril may be specified.");
  }
  const [key, name] = given[0];
  return [key, name, a[key]];
}

/**
 * L with Σ = L Lᵀ from the matrix given as `key` (not broadcast).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { scaleTrilFrom } from "./multivariate_normal.ts";
 * assert.deepEqual(scaleTrilFrom("covarianceMatrix", torch.eye(2).mul(4)).tolist(), [[2, 0], [0, 2]]);
 * ```
 */
export function scaleTrilFrom(key: MatrixKey, m: Tensor): Tensor {
  if (key === "scaleTril") return m;
  return key === "covarianceMatrix" ? torch.linalg.cholesky(m) : precisionToScaleTril(m);
}

/**
 * Σ_i (L⁻¹ x)_i² for each vector of `x` against a lower-triangular L, batch dimensions broadcast (PyTorch's
 * _batch_mahalanobis).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { batchMahalanobis } from "./multivariate_normal.ts";
 * const L = torch.tensor([[2, 0], [0, 1]], { dtype: torch.float64 });
 * assert.deepEqual(batchMahalanobis(L, torch.tensor([[2, 3]], { dtype: torch.float64 })).tolist(), [10]);
 * ```
 */
export function batchMahalanobis(L: Tensor, x: Tensor): Tensor {
  const n = x.shape.at(-1)!;
  const batch = torch.broadcastShapes(L.shape.slice(0, -2), x.shape.slice(0, -1));
  const solved = torch.linalg.solveTriangular(L.expand([...batch, n, n]), x.expand([...batch, n]).unsqueeze(-1), {
    upper: false,
  });
  return torch.sum(torch.pow(solved.squeeze(-1), 2), -1);
}

/**
 * The lower Cholesky factor of P⁻¹ without inverting P (PyTorch's _precision_to_scale_tril).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { precisionToScaleTril } from "./multivariate_normal.ts";
 * const L = precisionToScaleTril(torch.tensor([[4, 0], [0, 0.25]], { dtype: torch.float64 }));
 * assert.deepEqual(L.tolist(), [[0.5, 0], [0, 2]]);
 * ```
 */
export function precisionToScaleTril(P: Tensor): Tensor {
  const Lf = torch.linalg.cholesky(torch.flip(P, [-2, -1]));
  const LInv = torch.transpose(torch.flip(Lf, [-2, -1]), -2, -1);
  const eye = torch.eye(P.shape.at(-1)!, { dtype: P.dtype });
  return torch.linalg.solveTriangular(LInv, eye, { upper: false });
}

/**
 * The multivariate normal N(loc, Σ), Σ given as `covarianceMatrix`, `precisionMatrix` (Σ⁻¹) or `scaleTril` (L with
 * Σ = L Lᵀ); densities and samples go through the Cholesky factor (torch.distributions.MultivariateNormal).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.MultivariateNormal(torch.zeros([2], { dtype: torch.float64 }), {
 *   covarianceMatrix: torch.eye(2, { dtype: torch.float64 }),
 * });
 * assert.equal(d.logProb(torch.zeros([2], { dtype: torch.float64 })).item(), -Math.log(2 * Math.PI));
 * ```
 */
export class MultivariateNormal extends Distribution {
  /** rsample is implemented. */
  static override hasRsample = true;
  /** L, the Cholesky factor as given or computed, not broadcast to the batch shape (what KL divergences use). */
  unbroadcastedScaleTril: Tensor;
  /** `new MultivariateNormal(loc, covarianceMatrix?, precisionMatrix?, scaleTril?, validateArgs?)` or options. */
  constructor(
    loc: Tensor | MultivariateNormalOptions,
    covarianceMatrix?: Tensor | null | MultivariateNormalOptions,
    precisionMatrix?: Tensor | null | MultivariateNormalOptions,
    scaleTril?: Tensor | null | MultivariateNormalOptions,
    validateArgs?: boolean | null | MultivariateNormalOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs(
      "MultivariateNormal.__init__()",
      ["loc", "covarianceMatrix", "precisionMatrix", "scaleTril", "validateArgs"],
      args,
    );
    const loc = a.loc as Tensor;
    if (!torch.isTensor(loc)) throw new TypeError("MultivariateNormal.__init__(): loc must be a Tensor");
    if (loc.ndim < 1) throw new RangeError("loc must be at least one-dimensional.");
    const [key, name, given] = givenMatrix(a), m = given as Tensor;
    if (m.ndim < 2) {
      throw new RangeError(
        `${name === "scale_tril" ? "scale_tril matrix" : name} must be at least two-dimensional, with optional ` +
          "leading batch dimensions",
      );
    }
    const batch = torch.broadcastShapes(m.shape.slice(0, -2), loc.shape.slice(0, -1));
    const locB = loc.expand([...batch, -1]);
    super(batch, locB.shape.slice(-1), a.validateArgs as boolean | undefined);
    this.params.set("loc", locB).set(name, m.expand([...batch, -1, -1]));
    this.checkArgs();
    this.unbroadcastedScaleTril = scaleTrilFrom(key, m);
  }
  /** loc: real vector; the matrices: positive definite, or lower Cholesky for scale_tril. */
  get argConstraints(): Record<string, Constraint> {
    return {
      loc: constraints.realVector,
      covariance_matrix: constraints.positiveDefinite,
      precision_matrix: constraints.positiveDefinite,
      scale_tril: constraints.lowerCholesky,
    };
  }
  /** Real vectors. */
  get support(): Constraint {
    return constraints.realVector;
  }
  /** The mean. */
  get loc(): Tensor {
    return this.params.get("loc")!;
  }
  private get matrixShape(): number[] {
    return [...this.batchShape, ...this.eventShape, ...this.eventShape];
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
  /** Σ⁻¹, from L, over the batch shape. */
  get precisionMatrix(): Tensor {
    return this.lazy(
      "precision_matrix",
      () => torch.choleskyInverse(this.unbroadcastedScaleTril).expand(this.matrixShape),
    );
  }
  /** loc. */
  get mean(): Tensor {
    return this.loc;
  }
  /** loc. */
  get mode(): Tensor {
    return this.loc;
  }
  /** diag(Σ): the row sums of L². */
  get variance(): Tensor {
    return torch.sum(torch.pow(this.unbroadcastedScaleTril, 2), -1).expand([...this.batchShape, ...this.eventShape]);
  }
  /** A copy over a new batch shape (loc and the matrices expanded, L shared). */
  override expand(batchShape: number[]): this {
    const d = Object.assign(Object.create(Object.getPrototypeOf(this)), this) as this;
    d.batchShape = [...batchShape];
    d.params = new Map(
      [...this.params].map(([k, v]) => [k, v.expand([...batchShape, ...v.shape.slice(k === "loc" ? -1 : -2)])]),
    );
    return d;
  }
  /** loc + L eps with eps standard normal (PyTorch's stream): differentiable w.r.t. loc and the matrix. */
  override rsample(sampleShape: SampleShape = []): Tensor {
    const eps = torch.empty(this.extendedShape(sampleShape), { dtype: this.loc.dtype }).normal_();
    return torch.add(this.loc, torch.matmul(this.unbroadcastedScaleTril, eps.unsqueeze(-1)).squeeze(-1));
  }
  /** -(n log 2π + Mahalanobis²) / 2 - log det L. */
  logProb(value: Tensor | number): Tensor {
    if (this.validateArgs) this.validateSample(value);
    const M = batchMahalanobis(this.unbroadcastedScaleTril, torch.sub(value as Tensor, this.loc));
    return torch.sub(torch.mul(torch.add(M, this.eventShape[0] * Math.log(2 * Math.PI)), -0.5), this.halfLogDet());
  }
  /** n (1 + log 2π) / 2 + log det L, over the batch shape. */
  entropy(): Tensor {
    const H = torch.add(this.halfLogDet(), 0.5 * this.eventShape[0] * (1 + Math.log(2 * Math.PI)));
    return this.batchShape.length ? H.expand(this.batchShape) : H;
  }
  /** log det L = Σ log diag(L) (half of log det Σ). */
  halfLogDet(): Tensor {
    return torch.sum(torch.log(torch.diagonal(this.unbroadcastedScaleTril, { dim1: -2, dim2: -1 })), -1);
  }
}
