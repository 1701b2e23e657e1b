/**
 * nn.utils.parametrizations: orthogonal, spectralNorm and weightNorm as
 * parametrizations (PyTorch's torch/nn/utils/parametrizations.py), built on
 * nn.utils.parametrize.registerParametrization.
 */
import { withGradMode } from "../autograd/grad_mode.ts";
import { torchDim } from "../core/shape.ts";
import { torch } from "../torch/mod.ts";
import { Tensor } from "../torch/tensor.ts";
import { callArgs } from "./call_args.ts";
import { functional as F } from "./functional.ts";
import { Module } from "./module.ts";
import { NotImplementedError, type ParametrizedModule, registerParametrization } from "./parametrize.ts";
import {
  checkIterations,
  defaultDim,
  normalizeInto,
  randomUnit,
  type SpectralNormOptions,
  weightToMatrix,
} from "./spectral_norm.ts";
import { normExceptDim, weightNormFrom } from "./weight_norm.ts";

type OrthMap = "matrix_exp" | "cayley" | "householder";
const ORTH_MAPS: readonly string[] = ["matrix_exp", "cayley", "householder"];

/** Q.mH @ Q is the identity to 10 n eps (PyTorch's _is_orthogonal). */
function isOrthogonal(q: Tensor): boolean {
  const [n, k] = q.shape.slice(-2);
  const eps = 10 * n * torch.finfo(q.dtype).eps;
  return torch.allclose(q.mH.matmul(q), torch.eye(k, { dtype: q.dtype }), { atol: eps });
}

/** The Q of A's QR decomposition with R's diagonal made positive (PyTorch's _make_orthogonal). */
function makeOrthogonal(a: Tensor): Tensor {
  const [x, tau] = torch.geqrf(a);
  return torch.linalg.householderProduct(x, tau).mul(x.diagonal(0, -2, -1).sgn().unsqueeze(-2));
}

/** PyTorch's _Orthogonal: maps a matrix (or batch) to an orthogonal one by the matrix exponential, Cayley or Householder. */
class Orthogonal extends Module {
  /** The shape of the parametrized tensor. */
  readonly shape: number[];
  /** The map from the original to an orthogonal matrix. */
  readonly orthogonalMap: OrthMap;
  /** With the trivialization, Q = base @ map(original), base set by rightInverse. */
  declare base: Tensor | null;
  readonly #trivial: boolean;

  constructor(weight: Tensor, orthogonalMap: OrthMap, useTrivialization = true) {
    super();
    this.shape = [...weight.shape];
    this.orthogonalMap = orthogonalMap;
    this.#trivial = useTrivialization;
    if (useTrivialization) this.registerBuffer("base", null);
  }

  protected override _getName(): string {
    return "_Orthogonal";
  }

  override forward(x: Tensor): Tensor {
    let [n, k] = x.shape.slice(-2);
    const transposed = n < k;
    if (transposed) {
      x = x.mT;
      [n, k] = [k, n];
    }
    let q: Tensor;
    if (this.orthogonalMap === "householder") {
      const a = x.tril(-1);
      const tau = a.mul(a).sum(-2).add(1).reciprocal().mul(2);
      q = torch.linalg.householderProduct(a, tau).mul(x.diagonal(0, -2, -1).int().unsqueeze(-2));
    } else {
      // the lower triangle (padded to a square) minus its transpose: a skew-symmetric matrix
      x = x.tril();
      if (n !== k) x = torch.cat([x, x.newZeros([n, n - k]).expand([...x.shape.slice(0, -2), n, n - k])], -1);
      const a = x.sub(x.mH);
      if (this.orthogonalMap === "matrix_exp") q = torch.matrixExp(a);
      else {
        const id = torch.eye(n, { dtype: a.dtype });
        q = torch.linalg.solve(id.add(a, { alpha: -0.5 }), id.add(a, { alpha: 0.5 }));
      }
      if (n !== k) q = q.narrow(-1, 0, k);
    }
    if (this.#trivial) q = this.base!.matmul(q);
    return transposed ? q.mT : q;
  }

  /** An original whose image is q: with the trivialization, base := q (orthogonalized) and the original -I. */
  rightInverse(q: Tensor): Tensor {
    return withGradMode(false, () => {
      if (q.shape.join() !== this.shape.join()) {
        throw new RangeError(
          `Expected a matrix or batch of matrices of shape torch.Size([${
            this.shape.join(", ")
          }]). Got a tensor of shape torch.Size([${q.shape.join(", ")}]).`,
        );
      }
      const qInit = q;
      let [n, k] = q.shape.slice(-2);
      const transpose = n < k;
      if (transpose) {
        q = q.mT;
        [n, k] = [k, n];
      }
      if (!this.#trivial) {
        if (this.orthogonalMap !== "householder") {
          throw new NotImplementedError(
            "It is not possible to assign to the matrix exponential or the Cayley parametrizations when use_trivialization=False.",
          );
        }
        // householder's original: the reflectors below the diagonal, the signs of R on it (-1 where tau is 0)
        const [a, tau] = torch.geqrf(q);
        const d = a.diagonal(0, -2, -1), s = d.sign();
        d.copy_(torch.where(tau.eq(0), s.neg(), s));
        return transpose ? a.mT : a;
      }
      if (n === k) q = isOrthogonal(q) ? q.clone() : makeOrthogonal(q);
      else {
        const noise = torch.randn([...q.shape.slice(0, -2), n, n - k], { dtype: q.dtype });
        q = makeOrthogonal(torch.cat([q, noise], -1));
      }
      this.base = q;
      const negId = torch.zerosLike(qInit);
      negId.diagonal(0, -2, -1).fill_(-1);
      return negId;
    });
  }
}

/** Options of orthogonal (name and orthogonalMap may also be positional). */
export interface OrthogonalOptions {
  /** The tensor to parametrize ("weight"). */
  name?: string;
  /** "matrix_exp", "cayley" or "householder"; null: matrix_exp for square matrices, else householder. */
  orthogonalMap?: OrthMap | null;
  /** Keep the orthogonalized initial weight as the buffer `base` (default true). */
  useTrivialization?: boolean;
}

/**
 * Makes the matrix (or batch of matrices) `name` orthogonal (PyTorch's
 * parametrizations.orthogonal): "matrix_exp" or "cayley" of a
 * skew-symmetric matrix, or a product of Householder reflectors (the
 * default map: matrix_exp for square matrices, householder otherwise).
 * With `useTrivialization` (default) the current weight, orthogonalized,
 * becomes the buffer `base` and the original starts at -I.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const m = nn.utils.parametrizations.orthogonal(new nn.Linear(4, 3));
 * const w = m.weight;
 * assert.ok(w.matmul(w.mT).allclose(torch.eye(3), { atol: 1e-5 }));
 * assert.equal(String(m.parametrizations.weight), "ParametrizationList(\n  (0): _Orthogonal()\n)");
 * ```
 */
export function orthogonal<M extends Module>(
  module: M,
  ...args:
    | [name?: string, orthogonalMap?: OrthMap | null, opts?: OrthogonalOptions]
    | [name: string, opts: OrthogonalOptions]
    | [opts: OrthogonalOptions]
): ParametrizedModule<M> {
  const a = callArgs("orthogonal", args, ["name", "orthogonalMap", "useTrivialization"], {
    name: "weight",
    orthogonalMap: null,
    useTrivialization: true,
  });
  const name = a.name as string, weight = (module as unknown as Record<string, unknown>)[name];
  if (!(weight instanceof Tensor)) {
    throw new RangeError(`Module '${module}' has no parameter or buffer with name '${name}'`);
  }
  if (weight.ndim < 2) {
    throw new RangeError(`Expected a matrix or batch of matrices. Got a tensor of ${weight.ndim} dimensions.`);
  }
  const [n, k] = weight.shape.slice(-2);
  const map = a.orthogonalMap ?? (n === k ? "matrix_exp" : "householder");
  if (!ORTH_MAPS.includes(map as string)) {
    throw new RangeError(`orthogonal_map has to be one of "matrix_exp", "cayley", "householder". Got: ${map}`);
  }
  const orth = new Orthogonal(weight, map as OrthMap, a.useTrivialization as boolean);
  return registerParametrization(module, name, orth, { unsafe: true }) as ParametrizedModule<M>;
}

/** PyTorch's _WeightNorm: (g, v) -> v * g / ||v|| (norms over every dim but `dim`; the whole tensor when -1). */
class WeightNorm extends Module {
  readonly dim: number;
  constructor(dim: number | null = 0) {
    super();
    this.dim = dim ?? -1;
  }
  protected override _getName(): string {
    return "_WeightNorm";
  }
  override forward(weightG: Tensor, weightV: Tensor): Tensor {
    return weightNormFrom(weightV, weightG, this.dim);
  }
  /** The original pair (g, v) of a weight. */
  rightInverse(weight: Tensor): Tensor[] {
    return [normExceptDim(weight, this.dim), weight];
  }
}

/**
 * Weight normalization as a parametrization (PyTorch's
 * parametrizations.weight_norm): `parametrizations.<name>.original0` is the
 * magnitude g (norms over every dim but `dim`; the whole tensor when dim
 * is null), `original1` the direction v, and `module[name]` reads
 * v * g / ||v||.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * const m = nn.utils.parametrizations.weightNorm(new nn.Linear(3, 2));
 * assert.deepEqual(Object.keys(m.stateDict()), [
 *   "bias",
 *   "parametrizations.weight.original0",
 *   "parametrizations.weight.original1",
 * ]);
 * ```
 */
export function weightNorm<M extends Module>(
  module: M,
  ...args: [name?: string, dim?: number | null, opts?: { name?: string; dim?: number | null }] | [
    opts: { name?: string; dim?: number | null },
  ]
): ParametrizedModule<M> {
  const a = callArgs("weightNorm", args, ["name", "dim"], { name: "weight", dim: 0 });
  return registerParametrization(module, a.name as string, new WeightNorm(a.dim as number | null), {
    unsafe: true,
  }) as ParametrizedModule<M>;
}

/** PyTorch's _SpectralNorm: weight / sigma, sigma by power iteration on the buffers _u and _v. */
class SpectralNorm extends Module {
  readonly dim: number;
  readonly eps: number;
  readonly nPowerIterations: number;
  declare _u: Tensor;
  declare _v: Tensor;

  constructor(weight: Tensor, nPowerIterations = 1, dim = 0, eps = 1e-12) {
    super();
    const ndim = weight.ndim;
    if (dim >= ndim || dim < -ndim) {
      throw new RangeError(
        `Dimension out of range (expected to be in range of [-${ndim}, ${ndim - 1}] but got ${dim})`,
      );
    }
    checkIterations(nPowerIterations);
    this.dim = torchDim(dim, ndim);
    this.eps = eps;
    this.nPowerIterations = nPowerIterations;
    if (ndim > 1) {
      const wm = weightToMatrix(weight, this.dim);
      const [h, w] = wm.shape;
      this.registerBuffer("_u", randomUnit(wm, h, eps));
      this.registerBuffer("_v", randomUnit(wm, w, eps));
      this.#powerMethod(wm, 15);
    }
  }
  protected override _getName(): string {
    return "_SpectralNorm";
  }

  #powerMethod(wm: Tensor, n: number): void {
    withGradMode(false, () => {
      for (let i = 0; i < n; i++) {
        normalizeInto(this._u, wm.mv(this._v), this.eps);
        normalizeInto(this._v, wm.mH.mv(this._u), this.eps);
      }
    });
  }

  override forward(weight: Tensor): Tensor {
    if (weight.ndim === 1) return F.normalize(weight, 2, 0, this.eps);
    const wm = weightToMatrix(weight, this.dim);
    if (this.training) this.#powerMethod(wm, this.nPowerIterations);
    // copies: the buffers change in place at the next step; the graph keeps these values
    const u = this._u.clone(), v = this._v.clone();
    return weight.div(torch.vdot(u, wm.mv(v)));
  }

  /** The original is the weight itself (any scale is normalized away). */
  rightInverse(value: Tensor): Tensor {
    return value;
  }
}

/**
 * Spectral normalization as a parametrization (PyTorch's
 * parametrizations.spectral_norm): `module[name]` reads weight / sigma,
 * sigma the largest singular value of the weight seen as a matrix whose
 * rows are the slices of `dim` (default 0; 1 for transposed
 * convolutions), estimated by power iteration on the buffers `_u` and `_v`
 * (drawn from torch's generator, then 15 steps at registration;
 * `nPowerIterations` steps per read in training mode, none in eval mode).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * const m = nn.utils.parametrizations.spectralNorm(new nn.Linear(4, 3));
 * assert.deepEqual(Object.keys(m.stateDict()), [
 *   "bias",
 *   "parametrizations.weight.original",
 *   "parametrizations.weight.0._u",
 *   "parametrizations.weight.0._v",
 * ]);
 * ```
 */
export function spectralNorm<M extends Module>(
  module: M,
  ...args:
    | [name?: string, nPowerIterations?: number, eps?: number, dim?: number | null, opts?: SpectralNormOptions]
    | [opts: SpectralNormOptions]
): ParametrizedModule<M> {
  const a = callArgs("spectralNorm", args, ["name", "nPowerIterations", "eps", "dim"], {
    name: "weight",
    nPowerIterations: 1,
    eps: 1e-12,
    dim: null,
  });
  const name = a.name as string, weight = (module as unknown as Record<string, unknown>)[name];
  if (!(weight instanceof Tensor)) {
    throw new RangeError(`Module '${module}' has no parameter or buffer with name '${name}'`);
  }
  const dim = a.dim === null ? defaultDim(module) : a.dim as number;
  const sn = new SpectralNorm(weight, a.nPowerIterations as number, dim, a.eps as number);
  return registerParametrization(module, name, sn) as ParametrizedModule<M>;
}
