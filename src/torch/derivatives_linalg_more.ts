/**
 * The derivatives of torch.linalg's LU and triangular primitives
 * (src/api/ops/linalg_more.ts), as PyTorch's derivatives.yaml entries
 * (linalg_solve_triangular_backward, linalg_lu_backward), merged into the
 * one table (src/torch/derivatives.ts). inv_ex and cholesky_ex share
 * inv's and cholesky's entries there.
 */
import type { Derivative, VjpCtx } from "./derivatives.ts";
import { luUnpack } from "./ops/linalg_more.ts";
import type { Tensor } from "./tensor.ts";

/** The part of a gradient a triangular matrix can take (its triangle, without the unit diagonal). */
function triangle(g: Tensor, upper: boolean, unit: boolean): Tensor {
  const k = unit ? 1 : 0;
  return upper ? g.triu(k) : g.tril(-k);
}

/**
 * PyTorch's linalg_lu_backward for A = P L U (L m x k unit lower, U k x n upper), given the gradients of the
 * packed factors: square, wide (m < n) and tall (m > n) cases.
 */
function luBackward(gLU: Tensor, c: VjpCtx): Tensor {
  const [P, Lo, Up] = luUnpack(c.outputs[0], c.outputs[1]);
  const st = (A: Tensor, B: Tensor, upper: boolean, left: boolean, unitriangular: boolean) =>
    c.L.solveTriangular(A, B, { upper, left, unitriangular });
  const m = Lo.shape[Lo.ndim - 2], n = Up.shape[Up.ndim - 1], k = Math.min(m, n);
  const gL = gLU.narrow(-1, 0, k).tril(-1), gU = gLU.narrow(-2, 0, k).triu();
  let gA: Tensor;
  if (m === n) {
    // P L^-T [(L^T gL) o 1_L + (gU U^T) o 1_U] U^-T
    gA = Lo.mT.matmul(gL).tril(-1).add(gU.matmul(Up.mT).triu());
    gA = st(Up.mT, gA, false, false, false);
    gA = st(Lo.mT, gA, true, true, true);
  } else if (m < n) {
    const U1 = Up.narrow(-1, 0, k);
    gA = Lo.mT.matmul(gL).sub(gU.matmul(Up.mT));
    gA = st(U1.mT, gA.tril(-1), false, false, false);
    gA = c.F.cat([gA.add(gU.narrow(-1, 0, k)), gU.narrow(-1, k, n - k)], -1);
    gA = st(Lo.mT, gA, true, true, true);
  } else {
    const L1 = Lo.narrow(-2, 0, k);
    gA = gU.matmul(Up.mT).sub(Lo.mT.matmul(gL));
    gA = st(L1.mT, gA.triu(), true, true, true);
    gA = c.F.cat([gA.add(gL.narrow(-2, 0, k)), gL.narrow(-2, k, m - k)], -2);
    gA = st(Up.mT, gA, false, false, false);
  }
  return P.matmul(gA);
}

/** By overload id. */
export const LINALG_MORE_DERIVATIVES: Readonly<Record<string, Derivative>> = {
  // X = A^-1 B: gB = A^-T g, gA = -gB X^T on A's triangle (X A = B: gB = g A^-T, gA = -X^T gB)
  solveTriangular: {
    name: "LinalgSolveTriangularBackward0",
    inputs: ["A", "B"],
    saves: ["A", "result"],
    vjp: (g, c) => {
      const A = c.a.A as Tensor, X = c.result, { upper, left, unitriangular } = c.a;
      const gB = c.L.solveTriangular(A.mT, g, { upper: !upper, left, unitriangular });
      const gA = c.needs[0] ? triangle((left ? gB.matmul(X.mT) : X.mT.matmul(gB)).neg(), upper, unitriangular) : null;
      return [gA, gB];
    },
  },
  luFactorEx: {
    name: "LinalgLuFactorExBackward0",
    inputs: ["A"],
    saves: ["result"],
    vjp: (g, c) => [luBackward(g, c)],
  },
};
