/** torch.distributions.LowRankMultivariateNormal. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { Distribution, type SampleShape } from "./distribution.ts";
import { batchMahalanobis } from "./multivariate_normal.ts";
import { bindArgs, sizeStr } from "./utils.ts";

/** LowRankMultivariateNormal's arguments, as an options object. */
export interface LowRankMultivariateNormalOptions {
  /** the mean, (..., n) */
  loc?: Tensor;
  /** W in Σ = W Wᵀ + diag(D), (..., n, rank) */
  covFactor?: Tensor;
  /** D in Σ = W Wᵀ + diag(D), (..., n), positive */
  covDiag?: Tensor;
  /** validate the parameters and scored values */
  validateArgs?: boolean | null;
}

// W D⁻¹ as PyTorch forms it: Wᵀ / D, (..., rank, n)
const wtDinv = (W: Tensor, D: Tensor) => torch.div(W.mT, D.unsqueeze(-2));
// a batch of matrices times a batch of vectors (PyTorch's _batch_mv)
const batchMv = (M: Tensor, v: Tensor) => torch.matmul(M, v.unsqueeze(-1)).squeeze(-1);

/**
 * The Cholesky factor of the capacitance matrix I + Wᵀ D⁻¹ W, (..., rank, rank) (PyTorch's _batch_capacitance_tril).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { batchCapacitanceTril } from "./lowrank_multivariate_normal.ts";
 * const W = torch.tensor([[1], [1]], { dtype: torch.float64 }), D = torch.tensor([1, 2], { dtype: torch.float64 });
 * assert.deepEqual(batchCapacitanceTril(W, D).tolist(), [[Math.sqrt(2.5)]]);
 * ```
 */
export function batchCapacitanceTril(W: Tensor, D: Tensor): Tensor {
  const K = torch.matmul(wtDinv(W, D), W);
  return torch.linalg.cholesky(torch.add(K, torch.eye(W.shape.at(-1)!, { dtype: K.dtype })));
}

/**
 * log det(W Wᵀ + diag(D)) by the matrix determinant lemma: 2 log det C + Σ log D, from D and the capacitance
 * factor C of W and D (PyTorch's _batch_lowrank_logdet, less its unused W argument).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { batchCapacitanceTril, batchLowrankLogdet } from "./lowrank_multivariate_normal.ts";
 * const W = torch.zeros([2, 1], { dtype: torch.float64 }), D = torch.tensor([1, 4], { dtype: torch.float64 });
 * assert.equal(batchLowrankLogdet(D, batchCapacitanceTril(W, D)).item(), Math.log(4));
 * ```
 */
export function batchLowrankLogdet(D: Tensor, capacitanceTril: Tensor): Tensor {
  const logDiag = torch.log(torch.diagonal(capacitanceTril, { dim1: -2, dim2: -1 }));
  return torch.add(torch.mul(torch.sum(logDiag, -1), 2), torch.sum(torch.log(D), -1));
}

/**
 * xᵀ (W Wᵀ + diag(D))⁻¹ x by the Woodbury identity: Σ x²/D less the capacitance's Mahalanobis term of Wᵀ D⁻¹ x
 * (PyTorch's _batch_lowrank_mahalanobis).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { batchCapacitanceTril, batchLowrankMahalanobis } from "./lowrank_multivariate_normal.ts";
 * const W = torch.zeros([2, 1], { dtype: torch.float64 }), D = torch.tensor([1, 4], { dtype: torch.float64 });
 * const x = torch.tensor([1, 2], { dtype: torch.float64 });
 * assert.equal(batchLowrankMahalanobis(W, D, x, batchCapacitanceTril(W, D)).item(), 2);
 * ```
 */
export function batchLowrankMahalanobis(W: Tensor, D: Tensor, x: Tensor, capacitanceTril: Tensor): Tensor {
  const term1 = torch.sum(torch.div(torch.pow(x, 2), D), -1);
  return torch.sub(term1, batchMahalanobis(capacitanceTril, batchMv(wtDinv(W, D), x)));
}

/**
 * A = C⁻¹ Wᵀ D⁻¹ for the capacitance factor C, so that Σ⁻¹ = D⁻¹ - Aᵀ A (the Woodbury identity).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { batchCapacitanceTril, woodburyFactor } from "./lowrank_multivariate_normal.ts";
 * const W = torch.zeros([2, 1], { dtype: torch.float64 }), D = torch.ones([2], { dtype: torch.float64 });
 * assert.deepEqual(woodburyFactor(W, D, batchCapacitanceTril(W, D)).tolist(), [[0, 0]]);
 * ```
 */
export function woodburyFactor(W: Tensor, D: Tensor, capacitanceTril: Tensor): Tensor {
  return torch.linalg.solveTriangular(capacitanceTril, wtDinv(W, D), { upper: false });
}

/**
 * The multivariate normal whose covariance has the low-rank-plus-diagonal form Σ = W Wᵀ + diag(D), W = `covFactor`
 * (n × rank), D = `covDiag` (torch.distributions.LowRankMultivariateNormal): log-densities and entropies go through
 * the small rank × rank capacitance matrix I + Wᵀ D⁻¹ W (Woodbury identity, determinant lemma), never Σ itself.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const f64 = { dtype: torch.float64 };
 * const d = new torch.distributions.LowRankMultivariateNormal(
 *   torch.zeros([2], f64),
 *   torch.tensor([[1], [0]], f64),
 *   torch.ones([2], f64),
 * );
 * assert.deepEqual(d.covarianceMatrix.tolist(), [[2, 0], [0, 1]]);
 * assert.ok(Math.abs((d.logProb(torch.zeros([2], f64)).item() as number) + Math.log(2 * Math.PI * Math.SQRT2)) < 1e-12);
 * ```
 */
export class LowRankMultivariateNormal extends Distribution {
  /** rsample is implemented. */
  static override hasRsample = true;
  /** W as given, not broadcast to the batch shape. */
  readonly unbroadcastedCovFactor: Tensor;
  /** D as given, not broadcast to the batch shape. */
  readonly unbroadcastedCovDiag: Tensor;
  /** The Cholesky factor of I + Wᵀ D⁻¹ W, unbroadcast. */
  readonly capacitanceTril: Tensor;
  /** `new LowRankMultivariateNormal(loc, covFactor, covDiag, validateArgs?)` or with an options object. */
  constructor(
    loc: Tensor | LowRankMultivariateNormalOptions,
    covFactor?: Tensor | LowRankMultivariateNormalOptions,
    covDiag?: Tensor | LowRankMultivariateNormalOptions,
    validateArgs?: boolean | null | LowRankMultivariateNormalOptions,
  );
  constructor(...args: unknown[]) {
    const where = "LowRankMultivariateNormal.__init__()";
    const a = bindArgs(where, ["loc", "covFactor", "covDiag", "validateArgs"], args);
    for (const k of ["loc", "covFactor", "covDiag"]) {
      if (a[k] === undefined) throw new TypeError(`${where} missing required argument '${k}'`);
      if (!torch.isTensor(a[k])) throw new TypeError(`${where}: ${k} must be a Tensor`);
    }
    const loc = a.loc as Tensor, W = a.covFactor as Tensor, D = a.covDiag as Tensor;
    if (loc.ndim < 1) throw new RangeError("loc must be at least one-dimensional.");
    const n = loc.shape.at(-1)!;
    if (W.ndim < 2) {
      throw new RangeError("cov_factor must be at least two-dimensional, with optional leading batch dimensions");
    }
    if (W.shape.at(-2) !== n) throw new RangeError(`cov_factor must be a batch of matrices with shape ${n} x m`);
    if (D.ndim < 1 || D.shape.at(-1) !== n) {
      throw new RangeError(`cov_diag must be a batch of vectors with shape ${sizeStr([n])}`);
    }
    let broadcast: Tensor[];
    try {
      broadcast = torch.broadcastTensors(loc.unsqueeze(-1), W, D.unsqueeze(-1)) as Tensor[];
    } catch {
      throw new RangeError(
        `Incompatible batch shapes: loc ${sizeStr(loc.shape)}, cov_factor ${sizeStr(W.shape)}, cov_diag ${
          sizeStr(D.shape)
        }`,
      );
    }
    const [locB, WB, DB] = broadcast;
    // PyTorch factors the capacitance before validating, so a factorization failure comes first
    const capacitanceTril = batchCapacitanceTril(W, D);
    super(locB.shape.slice(0, -2), [n], a.validateArgs as boolean | undefined);
    this.params.set("loc", locB.select(-1, 0)).set("cov_factor", WB).set("cov_diag", DB.select(-1, 0));
    this.unbroadcastedCovFactor = W;
    this.unbroadcastedCovDiag = D;
    this.capacitanceTril = capacitanceTril;
    this.checkArgs();
  }
  /** loc: real vector; cov_factor: real matrices; cov_diag: positive vectors. */
  get argConstraints(): Record<string, Constraint> {
    return {
      loc: constraints.realVector,
      cov_factor: constraints.independent(constraints.real, 2),
      cov_diag: constraints.independent(constraints.positive, 1),
    };
  }
  /** Real vectors. */
  get support(): Constraint {
    return constraints.realVector;
  }
  /** The mean, over the batch shape. */
  get loc(): Tensor {
    return this.params.get("loc")!;
  }
  /** W, over the batch shape. */
  get covFactor(): Tensor {
    return this.params.get("cov_factor")!;
  }
  /** D, over the batch shape. */
  get covDiag(): Tensor {
    return this.params.get("cov_diag")!;
  }
  private get matrixShape(): number[] {
    return [...this.batchShape, ...this.eventShape, ...this.eventShape];
  }
  /** loc. */
  get mean(): Tensor {
    return this.loc;
  }
  /** loc. */
  get mode(): Tensor {
    return this.loc;
  }
  /** diag(Σ) = Σ_j W_ij² + D_i. */
  get variance(): Tensor {
    return this.lazy(
      "variance",
      () =>
        torch.add(torch.sum(torch.pow(this.unbroadcastedCovFactor, 2), -1), this.unbroadcastedCovDiag)
          .expand([...this.batchShape, ...this.eventShape]),
    );
  }
  /** L with Σ = L Lᵀ: √D · cholesky(I + D^-½ W Wᵀ D^-½), as PyTorch factors it. */
  get scaleTril(): Tensor {
    return this.lazy("scale_tril", () => {
      const sqrtD = torch.sqrt(this.unbroadcastedCovDiag).unsqueeze(-1);
      const X = torch.div(this.unbroadcastedCovFactor, sqrtD);
      const K = torch.add(torch.matmul(X, X.mT), torch.eye(this.eventShape[0], { dtype: X.dtype }));
      return torch.mul(sqrtD, torch.linalg.cholesky(K)).expand(this.matrixShape);
    });
  }
  /** Σ = W Wᵀ + diag(D). */
  get covarianceMatrix(): Tensor {
    return this.lazy("covariance_matrix", () => {
      const W = this.unbroadcastedCovFactor;
      return torch.add(torch.matmul(W, W.mT), torch.diagEmbed(this.unbroadcastedCovDiag)).expand(this.matrixShape);
    });
  }
  /** Σ⁻¹ = D⁻¹ - Aᵀ A by the Woodbury identity. */
  get precisionMatrix(): Tensor {
    return this.lazy("precision_matrix", () => {
      const D = this.unbroadcastedCovDiag;
      const A = woodburyFactor(this.unbroadcastedCovFactor, D, this.capacitanceTril);
      return torch.sub(torch.diagEmbed(torch.reciprocal(D)), torch.matmul(A.mT, A)).expand(this.matrixShape);
    });
  }
  /** A copy over a new batch shape (loc, W and D expanded; the unbroadcast factors shared). */
  override expand(batchShape: number[]): this {
    const d = Object.assign(Object.create(Object.getPrototypeOf(this)), this) as this;
    d.batchShape = [...batchShape];
    const locShape = [...batchShape, ...this.eventShape];
    d.params = new Map([
      ["loc", this.loc.expand(locShape)],
      ["cov_factor", this.covFactor.expand([...locShape, this.covFactor.shape.at(-1)!])],
      ["cov_diag", this.covDiag.expand(locShape)],
    ]);
    return d;
  }
  /** loc + W eps_W + √D eps_D, eps_W (rank-sized) drawn before eps_D (PyTorch's stream). */
  override rsample(sampleShape: SampleShape = []): Tensor {
    const shape = this.extendedShape(sampleShape), dtype = this.loc.dtype;
    const epsW = torch.empty([...shape.slice(0, -1), this.covFactor.shape.at(-1)!], { dtype }).normal_();
    const epsD = torch.empty(shape, { dtype }).normal_();
    return torch.add(
      torch.add(this.loc, batchMv(this.unbroadcastedCovFactor, epsW)),
      torch.mul(torch.sqrt(this.unbroadcastedCovDiag), epsD),
    );
  }
  /** log det Σ by the determinant lemma. */
  private logDet(): Tensor {
    return batchLowrankLogdet(this.unbroadcastedCovDiag, this.capacitanceTril);
  }
  /** -(n log 2π + log det Σ + Mahalanobis²) / 2, through the capacitance matrix. */
  logProb(value: Tensor | number): Tensor {
    if (this.validateArgs) this.validateSample(value);
    const diff = torch.sub(value as Tensor, this.loc);
    const M = batchLowrankMahalanobis(
      this.unbroadcastedCovFactor,
      this.unbroadcastedCovDiag,
      diff,
      this.capacitanceTril,
    );
    return torch.mul(torch.add(torch.add(this.logDet(), this.eventShape[0] * Math.log(2 * Math.PI)), M), -0.5);
  }
  /** (n (1 + log 2π) + log det Σ) / 2, over the batch shape. */
  entropy(): Tensor {
    const H = torch.mul(torch.add(this.logDet(), this.eventShape[0] * (1 + Math.log(2 * Math.PI))), 0.5);
    return this.batchShape.length ? H.expand(this.batchShape) : H;
  }
}
