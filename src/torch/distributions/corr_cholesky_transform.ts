/** torch.distributions.transforms.CorrCholeskyTransform and the lower-triangle <-> vector maps it is built on. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { Transform } from "./transform.ts";

// the row-major flat positions (i * n + j) of the n x n entries with j <= i + diag
function trilPositions(n: number, diag: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j <= Math.min(i + diag, n - 1); j++) out.push(i * n + j);
  return out;
}

/**
 * The entries of each n x n matrix on and below diagonal `diag`, in row order, as a vector (PyTorch's
 * distributions.utils.tril_matrix_to_vec); differentiable.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { trilMatrixToVec } from "./corr_cholesky_transform.ts";
 * const m = torch.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
 * assert.deepEqual(trilMatrixToVec(m, -1).tolist(), [4, 7, 8]);
 * ```
 */
export function trilMatrixToVec(mat: Tensor, diag = 0): Tensor {
  const n = mat.shape.at(-1)!;
  if (diag < -n || diag >= n) throw new RangeError(`diag (${diag}) provided is outside [${-n}, ${n - 1}].`);
  const index = torch.tensor(trilPositions(n, diag), { dtype: "int64" });
  return torch.indexSelect(mat.reshape([...mat.shape.slice(0, -2), n * n]), -1, index);
}

/**
 * The n x n lower-triangular matrices (zero above diagonal `diag`) whose entries, in row order, are each vector's
 * (PyTorch's distributions.utils.vec_to_tril_matrix); differentiable.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { vecToTrilMatrix } from "./corr_cholesky_transform.ts";
 * const m = vecToTrilMatrix(torch.tensor([4, 7, 8], { dtype: torch.float64 }), -1);
 * assert.deepEqual(m.tolist(), [[0, 0, 0], [4, 0, 0], [7, 8, 0]]);
 * ```
 */
export function vecToTrilMatrix(vec: Tensor, diag = 0): Tensor {
  const m = vec.shape.at(-1)!, b = 1 + 2 * diag;
  // the positive root of D² + (1 + 2 diag) D - |diag| (diag + 1) - 2m = 0
  const root = (-b + Math.sqrt(b * b + 8 * m + 4 * Math.abs(diag) * (diag + 1))) / 2;
  if (Math.round(root) - root > torch.finfo(vec.dtype as "float32").eps) {
    throw new RangeError(
      `The size of last dimension is ${m} which cannot be expressed as the lower triangular part of a square D x D ` +
        "matrix.",
    );
  }
  const n = Math.round(root), positions = trilPositions(n, diag);
  // PyTorch's root test is one-sided: a length just above a triangular number fails in its masked assignment
  if (positions.length !== m) {
    const batch = vec.shape.slice(0, -1);
    throw new torch.RuntimeError(
      `shape mismatch: value tensor of shape [${vec.shape.join(", ")}] cannot be broadcast to indexing result of ` +
        `shape [${[...batch, positions.length].join(", ")}]`,
    );
  }
  // each matrix entry gathers from [0, ...vec]: index 0 (the zero) above the band, 1 + k for the k-th tril entry
  const source = new Array<number>(n * n).fill(0);
  positions.forEach((p, k) => (source[p] = k + 1));
  const padded = torch.cat([torch.zeros([...vec.shape.slice(0, -1), 1], { dtype: vec.dtype }), vec], -1);
  const flat = torch.indexSelect(padded, -1, torch.tensor(source, { dtype: "int64" }));
  return flat.reshape([...vec.shape.slice(0, -1), n, n]);
}

const pad1 = (x: Tensor) => torch.nn.functional.pad(x, [1, 0], "constant", 1);

/**
 * Unconstrained vectors of D(D-1)/2 entries to Cholesky factors of D x D correlation matrices
 * (torch.distributions.transforms.CorrCholeskyTransform): tanh into (-1, 1), laid out row by row below the
 * diagonal, then each row stick-broken (signed) onto the unit sphere with a positive diagonal. Bijective; its
 * log-determinant is that of x against the flattened strict lower triangle of y.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const t = new torch.distributions.transforms.CorrCholeskyTransform();
 * const y = t.call(torch.tensor([0.5, -0.3, 1.2], { dtype: torch.float64 }));
 * assert.deepEqual(y.shape, [3, 3]);
 * assert.ok(torch.allclose(torch.linalg.vectorNorm(y, { dim: -1 }), torch.ones([3], { dtype: torch.float64 })));
 * ```
 */
export class CorrCholeskyTransform extends Transform {
  /** Real vectors. */
  get domain(): Constraint {
    return constraints.realVector;
  }
  /** Cholesky factors of correlation matrices. */
  get codomain(): Constraint {
    return constraints.corrCholesky;
  }
  /** True. */
  override get bijective(): boolean {
    return true;
  }
  protected override forward(x: Tensor): Tensor {
    const eps = torch.finfo(x.dtype as "float32").eps;
    const r = vecToTrilMatrix(torch.clamp(torch.tanh(x), { min: -1 + eps, max: 1 - eps }), -1);
    // y = sign(r) sqrt(z · cumprod(1 - z)) with z = r², which is r · sqrt(cumprod(1 - z)) shifted by one column
    const z1mCumprodSqrt = torch.cumprod(torch.sqrt(torch.rsub(torch.pow(r, 2), 1)), -1);
    const n = r.shape.at(-1)!;
    const rDiag = torch.add(r, torch.eye(n, { dtype: r.dtype }));
    return torch.mul(rDiag, pad1(z1mCumprodSqrt.narrow(-1, 0, n - 1)));
  }
  protected override inverse(y: Tensor): Tensor {
    const n = y.shape.at(-1)!;
    const yCumsum = torch.rsub(torch.cumsum(torch.mul(y, y), -1), 1);
    const yCumsumShifted = pad1(yCumsum.narrow(-1, 0, n - 1));
    const t = torch.div(trilMatrixToVec(y, -1), torch.sqrt(trilMatrixToVec(yCumsumShifted, -1)));
    // atanh(t), written as PyTorch writes it
    return torch.div(torch.sub(torch.log1p(t), torch.log1p(torch.neg(t))), 2);
  }
  /** Stick-breaking's ½ Σ log(1 - cumsum(y²)) below the diagonal plus tanh's -2 Σ (x + softplus(-2x) - log 2). */
  override logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    const y1mCumsum = torch.rsub(torch.cumsum(torch.mul(y, y), -1), 1);
    // diagonal -2 picks the entries left of each strict-lower one: the shift of the cumulative sum for free
    const stickBreaking = torch.mul(torch.sum(torch.log(trilMatrixToVec(y1mCumsum, -2)), -1), 0.5);
    const softplus = torch.nn.functional.softplus(torch.mul(x, -2));
    const tanh = torch.mul(torch.sum(torch.sub(torch.add(x, softplus), Math.log(2)), -1), -2);
    return torch.add(stickBreaking, tanh);
  }
  /** (..., N) to (..., D, D) with N = D(D-1)/2. */
  override forwardShape(shape: readonly number[]): number[] {
    if (shape.length < 1) throw new RangeError("Too few dimensions on input");
    const N = shape.at(-1)!, D = Math.round(Math.sqrt(0.25 + 2 * N) + 0.5);
    if ((D * (D - 1)) / 2 !== N) throw new RangeError("Input is not a flattened lower-diagonal number");
    return [...shape.slice(0, -1), D, D];
  }
  /** (..., D, D) to (..., D(D-1)/2). */
  override inverseShape(shape: readonly number[]): number[] {
    if (shape.length < 2) throw new RangeError("Too few dimensions on input");
    if (shape.at(-2) !== shape.at(-1)) throw new RangeError("Input is not square");
    const D = shape.at(-1)!;
    return [...shape.slice(0, -2), (D * (D - 1)) / 2];
  }
}
