/** torch.distributions.LKJCholesky. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { Beta } from "./beta.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { Distribution, type SampleShape } from "./distribution.ts";
import { bindArgs, broadcastAll, type Param } from "./utils.ts";

/** LKJCholesky's arguments, as an options object. */
export interface LKJCholeskyOptions {
  /** the matrices' dimension D (>= 2) */
  dim?: number;
  /** the concentration η (> 0; default 1: uniform over correlation matrices) */
  concentration?: Param;
  /** validate the parameters and scored values */
  validateArgs?: boolean | null;
}

/**
 * The LKJ distribution over lower Cholesky factors L of D x D correlation matrices, with density of L Lᵀ
 * proportional to det(L Lᵀ)^(η - 1) (torch.distributions.LKJCholesky). sample is PyTorch's onion method: its Beta
 * draws, then its normal draws, so seeded samples equal PyTorch's; there is no rsample, as in PyTorch.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.LKJCholesky(3, torch.tensor(2, { dtype: torch.float64 }));
 * torch.manualSeed(0);
 * const L = d.sample();
 * assert.deepEqual(L.shape, [3, 3]);
 * assert.ok(Number.isFinite(d.logProb(L).item() as number));
 * ```
 */
export class LKJCholesky extends Distribution {
  /** The matrices' dimension D. */
  readonly dim: number;
  /** The Beta variables of the onion method (one per row). */
  protected beta: Beta;
  /** `new LKJCholesky(dim, concentration?, validateArgs?)` or with an options object. */
  constructor(
    dim: number | LKJCholeskyOptions,
    concentration?: Param | LKJCholeskyOptions,
    validateArgs?: boolean | null | LKJCholeskyOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs("LKJCholesky.__init__()", ["dim", "concentration", "validateArgs"], args);
    const dim = a.dim as number;
    if (dim === undefined) throw new TypeError("LKJCholesky.__init__() missing required argument 'dim'");
    if (!Number.isInteger(dim)) throw new TypeError(`LKJCholesky.__init__(): dim must be an integer, got ${dim}`);
    if (dim < 2) {
      throw new RangeError(`Expected dim to be an integer greater than or equal to 2. Found dim=${dim}.`);
    }
    const [concentration] = broadcastAll((a.concentration ?? 1) as Param);
    // the Beta marginals of Sec. 3.2 of Lewandowski et al. (2009), one per row, the first a placeholder
    const marginal = torch.add(concentration, 0.5 * (dim - 2));
    const offset = torch.cat([
      torch.zeros([1], { dtype: concentration.dtype }),
      torch.arange(dim - 1, { dtype: concentration.dtype }),
    ]);
    const beta = new Beta(torch.add(offset, 0.5), torch.sub(marginal.unsqueeze(-1), torch.mul(offset, 0.5)));
    super(concentration.shape, [dim, dim], a.validateArgs as boolean | undefined);
    this.dim = dim;
    this.beta = beta;
    this.params.set("concentration", concentration);
    this.checkArgs();
  }
  /** concentration: positive. */
  get argConstraints(): Record<string, Constraint> {
    return { concentration: constraints.positive };
  }
  /** Lower Cholesky factors of correlation matrices. */
  get support(): Constraint {
    return constraints.corrCholesky;
  }
  /** The concentration η, over the batch shape. */
  get concentration(): Tensor {
    return this.params.get("concentration")!;
  }
  /** A copy over a new batch shape (η and the Beta variables expanded). */
  override expand(batchShape: number[]): this {
    const d = super.expand(batchShape);
    d.beta = this.beta.expand([...batchShape, this.dim]);
    return d;
  }
  /**
   * The onion method: each row a uniform direction below the diagonal (normals, normalised; the first row none)
   * scaled by √y with y ~ Beta, its diagonal entry completing the unit norm.
   */
  override sample(sampleShape: SampleShape = []): Tensor {
    return torch.noGrad(() => {
      const y = this.beta.sample(sampleShape).unsqueeze(-1);
      const uNormal = torch.tril(torch.randn(this.extendedShape(sampleShape), { dtype: y.dtype }), -1);
      const firstRow = torch.eq(torch.arange(this.dim), 0).unsqueeze(-1);
      // the first row is 0 / 0: PyTorch fills it with zeros
      const uHypersphere = torch.where(
        firstRow,
        0,
        torch.div(uNormal, torch.linalg.vectorNorm(uNormal, { dim: -1, keepdim: true })),
      );
      const w = torch.mul(torch.sqrt(y), uHypersphere);
      const tiny = torch.finfo(w.dtype as "float32").tiny;
      const diag = torch.sqrt(torch.clamp(torch.rsub(torch.sum(torch.pow(w, 2), -1), 1), { min: tiny }));
      return torch.add(w, torch.diagEmbed(diag));
    });
  }
  /** Σ_i (2(η - 1) + D - i) log L_ii over rows i >= 2 (1-based), less the normaliser of p. 1999 of [1]. */
  logProb(value: Tensor | number): Tensor {
    if (this.validateArgs) this.validateSample(value);
    const diag = torch.diagonal(value as Tensor, { dim1: -1, dim2: -2 }).narrow(-1, 1, this.dim - 1);
    const c = this.concentration, dm1 = this.dim - 1;
    const orders = torch.sub(
      torch.add(torch.mul(torch.sub(c, 1).unsqueeze(-1), 2), this.dim),
      torch.arange(2, this.dim + 1),
    );
    const unnormalized = torch.sum(torch.mul(orders, torch.log(diag)), -1);
    const alpha = torch.add(c, 0.5 * dm1);
    const denominator = torch.mul(torch.lgamma(alpha), dm1);
    const numerator = torch.mvlgamma(torch.sub(alpha, 0.5), dm1);
    // D (D - 1) / 4 log π in [1] against (D - 1)(D - 2) / 4 log π in mvlgamma
    const normalize = torch.sub(torch.add(numerator, 0.5 * dm1 * Math.log(Math.PI)), denominator);
    return torch.sub(unnormalized, normalize);
  }
  /** Not implemented by PyTorch (its NotImplementedError). */
  get mean(): Tensor {
    throw new torch.RuntimeError("LKJCholesky does not implement mean");
  }
  /** Not implemented by PyTorch (its NotImplementedError). */
  get mode(): Tensor {
    throw new torch.RuntimeError("LKJCholesky does not implement mode");
  }
  /** Not implemented by PyTorch (its NotImplementedError). */
  get variance(): Tensor {
    throw new torch.RuntimeError("LKJCholesky does not implement variance");
  }
  /** Not implemented by PyTorch (its NotImplementedError). */
  entropy(): Tensor {
    throw new torch.RuntimeError("LKJCholesky does not implement entropy");
  }
}
