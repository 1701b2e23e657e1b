/**
 * torch.svd_lowrank and torch.pca_lowrank: PyTorch's randomized range finder
 * (Halko, Martinsson and Tropp 2009, algorithms 4.4 and 5.1) step by step
 * (torch/_lowrank.py), so with the same seed the Gaussian test matrix is
 * PyTorch's draw from the torch generator and the results are PyTorch's.
 * Written from Tensor ops: differentiable through qr and svd.
 */
import { type Args, defineOp } from "../api/define.ts";
import { opt, req } from "../api/signature.ts";
import { isFloat } from "../core/dtype.ts";
import type { TorchFns, TorchLinalgFns } from "./functions.ts";
import type { Tensor } from "./tensor.ts";

let F: TorchFns;
let L: TorchLinalgFns;
/**
 * Gives these composites the torch and torch.linalg functions (set once by functions.ts).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import { F, linalg } from "./functions.ts";
 * import { setLowrankFns } from "./lowrank.ts";
 * setLowrankFns(F, linalg); // what functions.ts has already done
 * assert.equal(torch.svdLowrank(torch.eye(3), 2)[1].shape[0], 2);
 * ```
 */
export function setLowrankFns(f: TorchFns, l: TorchLinalgFns): void {
  F = f;
  L = l;
}

/** Q with q orthonormal columns such that Q Q^T (A - M) approximates A - M (M: null or broadcast to A). */
function approximateBasis(A: Tensor, q: number, niter: number, M: Tensor | null): Tensor {
  // (PyTorch's get_floating_dtype: integer inputs draw float32)
  const dtype = isFloat(A.dtype) ? A.dtype : "float32";
  const R = F.randn([A.shape[A.ndim - 1], q], { dtype, device: A.device });
  const times = (B: Tensor, X: Tensor, Mx: Tensor | null) => (Mx ? B.matmul(X).sub(Mx.matmul(X)) : B.matmul(X));
  let Q = L.qr(times(A, R, M))[0];
  for (let i = 0; i < niter; i++) {
    Q = L.qr(times(A.mT, Q, M && M.mT))[0];
    Q = L.qr(times(A, Q, M))[0];
  }
  return Q;
}

/** PyTorch's _svd_lowrank: [U, S, V] with A - M ~ U diag(S) V^T. */
function svdLowrank(A: Tensor, q: number, niter: number, M: Tensor | null): Tensor[] {
  const [m, n] = A.shape.slice(-2);
  let Mb = M ? M.broadcastTo(A.shape) : null;
  // the range finder works on the tall one of A and A^T
  const wide = m < n;
  const At = wide ? A.mT : A;
  if (wide && Mb) Mb = Mb.mT;
  const Q = approximateBasis(At, q, niter, Mb);
  let B = Q.mT.matmul(At);
  if (Mb) B = B.sub(Q.mT.matmul(Mb));
  const [Ub, S, Vh] = L.svd(B, false);
  const U = Q.matmul(Ub), V = Vh.mT;
  return wide ? [V, S, U] : [U, S, V];
}

/** torch.pca_lowrank: svd_lowrank of the centered A (q defaults to min(6, m, n)). */
function pcaLowrank(A: Tensor, q: number | null, center: boolean, niter: number): Tensor[] {
  const [m, n] = A.shape.slice(-2);
  if (q === null) q = Math.min(6, m, n);
  else if (!(q >= 0 && q <= Math.min(m, n))) {
    throw new RangeError(`q(=${q}) must be non-negative integer and not greater than min(m, n)=${Math.min(m, n)}`);
  }
  if (!(niter >= 0)) throw new RangeError(`niter(=${niter}) must be non-negative integer`);
  if (!center) return svdLowrank(A, q, niter, null);
  return svdLowrank(A.sub(A.mean(-2, true)), q, niter, null);
}

/**
 * torch's low-rank SVD and PCA.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const A = torch.tensor([[4, 1], [1, 3]], { dtype: torch.float64 });
 * torch.manualSeed(0);
 * const [U, S, V] = torch.svdLowrank(A, 2);
 * // rank 2 of a 2 x 2 matrix: its singular values (7 +- sqrt(5)) / 2, and U diag(S) V^T = A
 * assert.ok(Math.abs(Number(S.get(0).item()) - (7 + Math.sqrt(5)) / 2) < 1e-12);
 * assert.ok(Number(U.mul(S).matmul(V.mT).sub(A).abs().max().item()) < 1e-12);
 * // pcaLowrank centers the rows first
 * const [, S1] = torch.pcaLowrank(torch.tensor([[1, 2], [3, 4], [5, 6]], { dtype: torch.float64 }), 1);
 * assert.ok(Math.abs(Number(S1.item()) - 4) < 1e-12);
 * ```
 */
export const LOWRANK = {
  svdLowrank: defineOp({
    name: "svdLowrank",
    doc: "A randomized SVD [U, S, V] of A (of A - M) of rank q (PyTorch's algorithm and draws: seeded results match).",
    torch: {
      names: ["svdLowrank"],
      overloads: [{
        sig: {
          pos: [req("A", "array"), opt("q", "int", 6), opt("niter", "int", 2), opt("M", "array", null)],
          kw: [],
        },
        composite: true,
        returns: "arrays",
        names: ["U", "S", "V"],
        impl: (a: Args): Tensor[] => svdLowrank(a.A, a.q ?? 6, a.niter ?? 2, a.M),
      }],
    },
  }),
  pcaLowrank: defineOp({
    name: "pcaLowrank",
    doc: "A randomized PCA: svd_lowrank of A centered over its rows (unless center is false).",
    torch: {
      names: ["pcaLowrank"],
      overloads: [{
        sig: {
          pos: [req("A", "array"), opt("q", "int", null), opt("center", "bool", true), opt("niter", "int", 2)],
          kw: [],
        },
        composite: true,
        returns: "arrays",
        names: ["U", "S", "V"],
        impl: (a: Args): Tensor[] => pcaLowrank(a.A, a.q, a.center, a.niter),
      }],
    },
  }),
};
