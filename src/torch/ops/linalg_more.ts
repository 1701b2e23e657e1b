/**
 * torch.linalg's and torch's linear algebra written from other torch ops
 * (autograd records their steps): lstsq, matrix_power, cond, matrix_rank,
 * lu, lu_factor, lu_solve, tensorinv, tensorsolve, vander, vecdot,
 * diagonal, and torch's det, inverse, pinverse, slogdet, matrix_power,
 * cholesky_solve, cholesky_inverse, qr, lu, lu_solve, lu_unpack and
 * triangular_solve. Their primitives (LU
 * factorization, triangular solves, inv_ex, cholesky_ex) are declared in
 * src/api/ops/linalg_more.ts.
 */
import { type Args, defineOp } from "../../api/define.ts";
import { torchExactOut } from "../../api/ops/common.ts";
import { T_A } from "../../api/ops/linalg.ts";
import {
  axesLast,
  luFactorError,
  matrixPowerOf,
  pivotPermutation,
  TORCH_LINALG_MORE,
  torchMatrix,
  torchRhs,
} from "../../api/ops/linalg_more.ts";
import { opt, req } from "../../api/signature.ts";
import { isFloat, TORCH_TYPE_NAME } from "../../core/dtype.ts";
import { fmtValue, RuntimeError } from "../../core/errors.ts";
import { epsOf } from "../../api/finfo.ts";
import { broadcastShapes, sizeOf } from "../../core/shape.ts";
import type { TorchFns, TorchLinalgFns } from "../functions.ts";
import type { Tensor } from "../tensor.ts";

let F: TorchFns;
let L: TorchLinalgFns;
/** Gives these composites the torch and torch.linalg functions (set once by functions.ts). */
export function setLinalgMoreFns(f: TorchFns, l: TorchLinalgFns): void {
  F = f;
  L = l;
}

const T = (t: Tensor): string => TORCH_TYPE_NAME[t.dtype];
const INPUT = req("input", "array");
const OUT = opt("out", "out", null);

/** The row permutations of m rows (pivotPermutation) of each matrix of the pivots' batch, concatenated. */
function permutations(pivots: Tensor, m: number): number[] {
  const k = pivots.shape[pivots.ndim - 1], count = sizeOf(pivots.shape.slice(0, -1));
  const flat = pivots.reshape([-1]).tolist() as number[], perms: number[] = [];
  for (let b = 0; b < count; b++) perms.push(...pivotPermutation(flat, b * k, k, m));
  return perms;
}

/** The permutation matrices P (A = P L U) of LAPACK's 1-based sequential row swaps, batched like pivots. */
function permutation(pivots: Tensor, m: number, dtype: Tensor["dtype"]): Tensor {
  const batch = pivots.shape.slice(0, -1);
  // P[perm[i], i] = 1
  const index = F.tensor(permutations(pivots, m), { dtype: "int64", device: pivots.device }).reshape([...batch, 1, m]);
  return F.zeros([...batch, m, m], { dtype, device: pivots.device }).scatter(-2, index, 1);
}

/**
 * P^T B (P B when `inverse`) for the permutation matrices P of the pivots, batch dims broadcast: B's rows gathered
 * (row i of P^T B is row perm[i] of B) instead of a product with P.
 */
function permuteRows(pivots: Tensor, B: Tensor, inverse: boolean): Tensor {
  const [m, k] = B.shape.slice(-2), pb = pivots.shape.slice(0, -1);
  let perms = permutations(pivots, m);
  if (inverse) {
    const inv = new Array<number>(perms.length);
    // P B: row perm[i] of the result is row i of B
    for (let i = 0; i < perms.length; i++) inv[i - (i % m) + perms[i]] = i % m;
    perms = inv;
  }
  const batch = broadcastShapes("linalg.lu_solve", pb, B.shape.slice(0, -2));
  const index = F.tensor(perms, { dtype: "int64", device: pivots.device }).reshape([...pb, m, 1]);
  return B.expand([...batch, m, k]).gather(-2, index.expand([...batch, m, k]));
}

/** [P, L, U] of a packed LU factorization. */
export function luUnpack(LU: Tensor, pivots: Tensor): Tensor[] {
  return [permutation(pivots, LU.shape[LU.ndim - 2], LU.dtype), ...triangles(LU)];
}

/** [L, U] of a packed LU factorization (L unit lower m x k, U upper k x n). */
function triangles(LU: Tensor): Tensor[] {
  const [m, n] = LU.shape.slice(-2), k = Math.min(m, n);
  const eye = F.eye(m, k, { dtype: LU.dtype, device: LU.device });
  return [LU.narrow(-1, 0, k).tril(-1).add(eye), LU.narrow(-2, 0, k).triu()];
}

/** torch.linalg.lu_solve: A X = B (A^T X = B with adjoint; X A = B when not left) from A's LU factors. */
function luSolve(LU: Tensor, pivots: Tensor, B: Tensor, left: boolean, adjoint: boolean): Tensor {
  const op = "linalg.lu_solve";
  torchMatrix(op, LU, true, { what: "input tensor LU" });
  torchRhs(op, B, LU.shape[LU.ndim - 1], left);
  if (pivots.dtype !== "int32") throw new RuntimeError(`${op}: pivots should be a Tensor of scalar type torch.int32`);
  if (LU.dtype !== B.dtype) {
    throw new RuntimeError(
      `${op}: Expected LU and B to have the same dtype, but found LU of type ${T(LU)} and B of type ${T(B)} instead`,
    );
  }
  // X A = B is A^T X^T = B^T, X A^T = B is A X^T = B^T
  if (!left) return luSolve(LU, pivots, B.mT, true, !adjoint).mT;
  const [Lo, Up] = triangles(LU);
  if (adjoint) {
    const y = L.solveTriangular(Up.mT, B, { upper: false });
    return permuteRows(pivots, L.solveTriangular(Lo.mT, y, { upper: true, unitriangular: true }), true);
  }
  const y = L.solveTriangular(Lo, permuteRows(pivots, B, false), { upper: false, unitriangular: true });
  return L.solveTriangular(Up, y, { upper: true });
}

/** torch.linalg.lstsq through the SVD: the minimum-norm solution, with each driver's residuals, rank and values. */
function lstsq(A: Tensor, B: Tensor, rcond: number | null, driver: string | null): Tensor[] {
  const op = "torch.linalg.lstsq";
  if (A.ndim < 2) throw new RuntimeError(`${op}: input must have at least 2 dimensions.`);
  if (B.ndim < 1) throw new RuntimeError(`${op}: other must have at least 1 dimension.`);
  if (!isFloat(A.dtype) || !isFloat(B.dtype)) {
    throw new RuntimeError("This function doesn't handle types other than float and double");
  }
  if (A.dtype !== B.dtype) {
    throw new RuntimeError(
      `${op}: Expected input and other to have the same dtype, but got input's dtype ${T(A)} and other's dtype ${T(B)}`,
    );
  }
  const drv = driver ?? "gelsy";
  if (!["gels", "gelsy", "gelsd", "gelss"].includes(drv)) {
    throw new RuntimeError(`${op}: parameter \`driver\` should be one of (gels, gelsy, gelsd, gelss)`);
  }
  const vec = B.ndim === A.ndim - 1, B2 = vec ? B.unsqueeze(-1) : B;
  const [m, n] = A.shape.slice(-2), k = B2.shape[B2.ndim - 1];
  if (B2.shape[B2.ndim - 2] !== m) throw new RuntimeError(`${op}: input.size(-2) should match other.size(-2)`);
  // batch dims broadcast (the ranks and singular values have the broadcast batch shape)
  const batch = broadcastShapes("linalg.lstsq", A.shape.slice(0, -2), B2.shape.slice(0, -2));
  const A2 = A.expand([...batch, m, n]), Bm = B2.expand([...batch, m, k]);
  const [Uu, S, Vh] = L.svd(A2, false);
  const cut = rcond !== null && rcond > 0 ? rcond : epsOf(A.dtype) * Math.max(m, n);
  const keep = S.gt(S.amax(-1, true).mul(cut));
  const sinv = S.reciprocal().maskedFill(keep.logicalNot(), 0);
  const X = Vh.mT.matmul(sinv.unsqueeze(-1).mul(Uu.mT.matmul(Bm)));
  const rank = keep.sum(-1);
  const empty = A.newZeros([0]);
  const full = drv === "gels" || Boolean(rank.eq(Math.min(m, n)).all().item());
  const residuals = m > n && drv !== "gelsy" && full ? A2.matmul(X).sub(Bm).square().sum(-2) : empty;
  return [
    vec ? X.squeeze(-1) : X,
    residuals,
    drv === "gels" ? F.zeros([0], { dtype: "int64", device: A.device }) : rank,
    drv === "gelsd" || drv === "gelss" ? S : empty,
  ];
}

/** torch.linalg.matrix_power (and torch.matrix_power). */
function matrixPower(A: Tensor, n: number): Tensor {
  torchMatrix("linalg.matrix_power", A, true, { float: false });
  const r = A.shape[A.ndim - 1];
  return matrixPowerOf(
    A,
    n,
    (p, q) => p.matmul(q),
    (p) => L.inv(p),
    () => F.eye(r, { dtype: A.dtype, device: A.device }).expand(A.shape).clone(),
    (p) => p.clone(),
  );
}

const CONDS: readonly (string | number | null)[] = [null, "fro", "nuc", 1, -1, 2, -2, Infinity, -Infinity];

/** torch.linalg.cond: the ratio of extreme singular values (p null, ±2), else norm(A) * norm(inv(A)). */
function cond(A: Tensor, p: string | number | null): Tensor {
  if (A.ndim < 2) throw new RuntimeError("linalg.cond: The input tensor must have at least 2 dimensions.");
  if (!CONDS.includes(p)) throw new RuntimeError(`linalg.cond got an invalid norm type: ${fmtValue(p)}`);
  if (p === null || p === 2 || p === -2) {
    const s = L.svdvals(A), hi = s.select(-1, 0), lo = s.select(-1, -1);
    return p === -2 ? lo.div(hi) : hi.div(lo);
  }
  const [r, c] = A.shape.slice(-2);
  if (r !== c) {
    throw new RuntimeError(
      `linalg.cond(ord=${
        p === Infinity ? "inf" : p === -Infinity ? "-inf" : p
      }): A must be batches of square matrices, but they are ${r} by ${c} matrices`,
    );
  }
  const [inv, info] = L.invEx(A);
  return L.matrixNorm(A, p).mul(L.matrixNorm(inv, p)).maskedFill(info.gt(0), Infinity);
}

/** torch.linalg.matrix_rank: singular values (|eigenvalues| when hermitian) above max(atol, rtol * largest). */
function matrixRank(A: Tensor, atol: number | null, rtol: number | null, hermitian: boolean): Tensor {
  if (!isFloat(A.dtype)) throw new RuntimeError("This function doesn't handle types other than float and double");
  const [m, n] = A.shape.slice(-2);
  const s = hermitian ? L.eigvalsh(A).abs() : L.svdvals(A);
  const rt = rtol ?? (atol !== null && atol > 0 ? 0 : epsOf(A.dtype) * Math.max(m, n));
  const smax = s.numel() ? s.amax(-1, true) : s.newZeros([...s.shape.slice(0, -1), 1]);
  return s.gt(smax.mul(rt).clampMin(atol ?? 0)).sum(-1);
}

/** torch.linalg.tensorinv. */
function tensorinv(A: Tensor, ind: number): Tensor {
  if (ind <= 0) throw new RuntimeError(`Expected a strictly positive integer for 'ind', but got ${ind}`);
  const front = A.shape.slice(0, ind), back = A.shape.slice(ind);
  const p = sizeOf(front), q = sizeOf(back);
  if (p !== q) {
    throw new RuntimeError(
      `Expected self to satisfy the requirement prod(self.shape[ind:]) == prod(self.shape[:ind]), but got ${q} != ${p}`,
    );
  }
  return L.inv(A.reshape([p, q])).reshape([...back, ...front]);
}

/** torch.linalg.tensorsolve. */
function tensorsolve(A: Tensor, B: Tensor, dims: number | readonly number[] | null): Tensor {
  const a = dims === null ? A : A.permute(axesLast(A.ndim, dims));
  const front = a.shape.slice(0, B.ndim), back = a.shape.slice(B.ndim);
  const p = sizeOf(front), q = sizeOf(back);
  if (p !== q) {
    throw new RuntimeError(
      `Expected self to satisfy the requirement prod(self.shape[other.ndim:]) == prod(self.shape[:other.ndim]), but got ${q} != ${p}`,
    );
  }
  return L.solve(a.reshape([p, q]), B.reshape([p])).reshape(back);
}

/** torch.linalg.vander: powers 0..N-1 of x along a new last dim, as PyTorch's cumulative product of [1, x, x, ...]. */
function vander(x: Tensor, N: number | null): Tensor {
  if (x.dtype === "bool") {
    throw new RuntimeError("linalg.vander supports floating point, complex, and integer tensors, but got Bool");
  }
  const n = N ?? (x.ndim ? x.shape[x.ndim - 1] : 1);
  if (x.ndim === 0 || n <= 1) throw new RuntimeError("N must be greater than 1.");
  const ones = x.newOnes([...x.shape, 1]);
  return F.cat([ones, x.unsqueeze(-1).expand([...x.shape, n - 1])], -1).cumprod(-1);
}

/** The factorization of luFactor/lu, its errors checked unless asked for the infos. */
function luChecked(A: Tensor, pivot: boolean): Tensor[] {
  const [LU, pivots, info] = L.luFactorEx(A, { pivot });
  luFactorError(A, info);
  return [LU, pivots];
}

/** torch.linalg's functions of this family (merged into torch.linalg by src/torch/functions.ts). */
export const LINALG_MORE_FNS = {
  ...TORCH_LINALG_MORE,
  luFactor: defineOp({
    name: "luFactor",
    doc: "The packed LU factorization with partial pivoting and its 1-based int32 pivots (a zero pivot is an error).",
    torch: {
      names: ["luFactor"],
      overloads: [{
        sig: { pos: [T_A], kw: [opt("pivot", "bool", true)] },
        composite: true,
        returns: "arrays",
        names: ["LU", "pivots"],
        impl: (a: Args): Tensor[] => luChecked(a.A, a.pivot),
      }],
    },
  }),
  lu: defineOp({
    name: "lu",
    doc: "[P, L, U] with A = P L U (L unit lower, U upper).",
    torch: {
      names: ["lu"],
      overloads: [{
        sig: { pos: [T_A], kw: [opt("pivot", "bool", true)] },
        composite: true,
        returns: "arrays",
        names: ["P", "L", "U"],
        impl: (a: Args): Tensor[] => {
          const [LU, pivots] = L.luFactorEx(a.A, { pivot: a.pivot });
          return luUnpack(LU, pivots);
        },
      }],
    },
  }),
  luSolve: defineOp({
    name: "luSolve",
    doc: "Solves A X = B from A's LU factorization (A^T X = B with adjoint, X A = B when not left).",
    torch: {
      names: ["luSolve"],
      overloads: [{
        sig: {
          pos: [req("LU", "array"), req("pivots", "array"), req("B", "array")],
          kw: [opt("left", "bool", true), opt("adjoint", "bool", false), OUT],
        },
        composite: true,
        outDtype: torchExactOut,
        impl: (a: Args): Tensor => luSolve(a.LU, a.pivots, a.B, a.left, a.adjoint),
      }],
    },
  }),
  lstsq: defineOp({
    name: "lstsq",
    doc: "The least-squares solution of A X = B with the driver's residuals, ranks and singular values.",
    torch: {
      names: ["lstsq"],
      overloads: [{
        sig: {
          pos: [T_A, req("B", "array", { aliases: ["other"] }), opt("rcond", "number", null)],
          kw: [opt("driver", "string", null)],
        },
        composite: true,
        returns: "arrays",
        names: ["solution", "residuals", "rank", "singularValues"],
        impl: (a: Args): Tensor[] => lstsq(a.A, a.B, a.rcond, a.driver),
      }],
    },
  }),
  matrixPower: defineOp({
    name: "matrixPower",
    doc: "Square matrices raised to an integer power (negative: of the inverse).",
    torch: {
      names: ["matrixPower"],
      overloads: [{
        sig: { pos: [T_A, req("n", "int")], kw: [OUT] },
        composite: true,
        outDtype: torchExactOut,
        impl: (a: Args): Tensor => matrixPower(a.A, a.n),
      }],
    },
  }),
  cond: defineOp({
    name: "cond",
    doc: "The condition number of matrices in the p norm (2 by default; inf where singular for the other norms).",
    torch: {
      names: ["cond"],
      overloads: [{
        sig: { pos: [T_A, opt("p", "any", null)], kw: [OUT] },
        composite: true,
        impl: (a: Args): Tensor => cond(a.A, a.p as string | number | null),
      }],
    },
  }),
  matrixRank: defineOp({
    name: "matrixRank",
    doc: "The numerical rank: singular values above max(atol, rtol * the largest).",
    torch: {
      names: ["matrixRank"],
      overloads: [{
        sig: {
          pos: [T_A],
          kw: [opt("atol", "number", null), opt("rtol", "number", null), opt("hermitian", "bool", false), OUT],
        },
        composite: true,
        impl: (a: Args): Tensor => matrixRank(a.A, a.atol, a.rtol, a.hermitian),
      }],
    },
  }),
  tensorinv: defineOp({
    name: "tensorinv",
    doc: "The inverse of a tensor under tensordot over its first ind dims.",
    torch: {
      names: ["tensorinv"],
      overloads: [{
        sig: { pos: [T_A, opt("ind", "int", 2)], kw: [OUT] },
        composite: true,
        impl: (a: Args): Tensor => tensorinv(a.A, a.ind),
      }],
    },
  }),
  tensorsolve: defineOp({
    name: "tensorsolve",
    doc: "The X with tensordot(A, X, X.ndim) = B (dims of A moved last first).",
    torch: {
      names: ["tensorsolve"],
      overloads: [{
        sig: { pos: [T_A, req("B", "array", { aliases: ["other"] }), opt("dims", "ints", null)], kw: [OUT] },
        composite: true,
        impl: (a: Args): Tensor => tensorsolve(a.A, a.B, a.dims),
      }],
    },
  }),
  vander: defineOp({
    name: "vander",
    doc: "The Vandermonde matrix of x: powers 0 to N - 1 along a new last dim.",
    torch: {
      names: ["vander"],
      overloads: [{
        sig: { pos: [req("x", "array")], kw: [opt("N", "int", null)] },
        composite: true,
        impl: (a: Args): Tensor => vander(a.x, a.N),
      }],
    },
  }),
  vecdot: defineOp({
    name: "vecdot",
    doc: "The dot products of vectors along dim, the other dims broadcast.",
    torch: {
      names: ["vecdot"],
      overloads: [{
        sig: { pos: [req("x", "array"), req("y", "array")], kw: [opt("dim", "int", -1), OUT] },
        composite: true,
        outDtype: torchExactOut,
        impl: (a: Args): Tensor => {
          const x = a.x as Tensor, y = a.y as Tensor;
          if (!isFloat(x.dtype)) {
            throw new RuntimeError(`linalg.vecdot: Expected a floating point or complex tensor as input. Got ${T(x)}`);
          }
          if (x.dtype !== y.dtype) {
            throw new RuntimeError(
              `linalg.vecdot: Expected x and y to have the same dtype, but found x of type ${T(x)} and y of type ${
                T(y)
              } instead`,
            );
          }
          return x.mul(y).sum(a.dim);
        },
      }],
    },
  }),
  diagonal: defineOp({
    name: "diagonal",
    doc: "The diagonals of the matrices of dims dim1 and dim2 (the last two by default), offset from the main one.",
    torch: {
      names: ["diagonal"],
      overloads: [{
        sig: { pos: [T_A], kw: [opt("offset", "int", 0), opt("dim1", "int", -2), opt("dim2", "int", -1)] },
        composite: true,
        impl: (a: Args): Tensor => (a.A as Tensor).diagonal(a.offset, a.dim1, a.dim2),
      }],
    },
  }),
};

/** The dtype check of torch's older solvers (cholesky_solve, triangular_solve): b and A of one dtype. */
function checkBA(B: Tensor, A: Tensor): void {
  if (B.dtype !== A.dtype) {
    throw new RuntimeError(
      `Expected b and A to have the same dtype, but found b of type ${T(B)} and A of type ${T(A)} instead.`,
    );
  }
}

/** X with (L L^T) X = B (U^T U with upper). */
function choleskySolve(B: Tensor, Lf: Tensor, upper: boolean): Tensor {
  for (const [name, x] of [["b", B], ["A", Lf]] as const) {
    if (x.ndim < 2) {
      throw new RuntimeError(`${name} should have at least 2 dimensions, but has ${x.ndim} dimensions instead`);
    }
  }
  checkBA(B, Lf);
  const lower = upper ? Lf.mT : Lf;
  return L.solveTriangular(lower.mT, L.solveTriangular(lower, B, { upper: false }), { upper: true });
}

/** torch's top-level linear algebra (and Tensor methods) of this family. */
export const TORCH_LINALG_MORE_TOP = {
  detTop: defineOp({
    name: "det",
    doc: "The determinants of square matrices.",
    torch: {
      names: ["det"],
      methods: ["det"],
      overloads: [{ sig: { pos: [INPUT], kw: [] }, composite: true, impl: (a: Args): Tensor => L.det(a.input) }],
    },
  }),
  inverse: defineOp({
    name: "inverse",
    doc: "The inverses of square matrices.",
    torch: {
      names: ["inverse"],
      methods: ["inverse"],
      overloads: [{
        sig: { pos: [INPUT], kw: [OUT] },
        composite: true,
        outDtype: torchExactOut,
        impl: (a: Args): Tensor => L.inv(a.input),
      }],
    },
  }),
  pinverse: defineOp({
    name: "pinverse",
    doc: "The pseudo-inverse (singular values below rcond times the largest cut).",
    torch: {
      names: ["pinverse"],
      methods: ["pinverse"],
      overloads: [{
        sig: { pos: [INPUT, opt("rcond", "number", 1e-15)], kw: [] },
        composite: true,
        impl: (a: Args): Tensor => L.pinv(a.input, { rtol: a.rcond }),
      }],
    },
  }),
  slogdetTop: defineOp({
    name: "slogdet",
    doc: "The signs and log absolute values of the determinants.",
    torch: {
      names: ["slogdet"],
      methods: ["slogdet"],
      overloads: [{
        sig: { pos: [INPUT], kw: [] },
        composite: true,
        returns: "arrays",
        names: ["sign", "logabsdet"],
        impl: (a: Args): Tensor[] => L.slogdet(a.input),
      }],
    },
  }),
  matrixPowerTop: defineOp({
    name: "matrixPower",
    doc: "Square matrices raised to an integer power (negative: of the inverse).",
    torch: {
      names: ["matrixPower"],
      methods: ["matrixPower"],
      overloads: [{
        sig: { pos: [INPUT, req("n", "int")], kw: [OUT] },
        composite: true,
        outDtype: torchExactOut,
        impl: (a: Args): Tensor => matrixPower(a.input, a.n),
      }],
    },
  }),
  choleskySolve: defineOp({
    name: "choleskySolve",
    doc: "Solves A X = B given A's Cholesky factor (lower, or upper).",
    torch: {
      names: ["choleskySolve"],
      methods: ["choleskySolve"],
      overloads: [{
        sig: { pos: [INPUT, req("input2", "array"), opt("upper", "bool", false)], kw: [OUT] },
        composite: true,
        impl: (a: Args): Tensor => choleskySolve(a.input, a.input2, a.upper),
      }],
    },
  }),
  choleskyInverse: defineOp({
    name: "choleskyInverse",
    doc: "The inverse of A given its Cholesky factor (lower, or upper).",
    torch: {
      names: ["choleskyInverse"],
      methods: ["choleskyInverse"],
      overloads: [{
        sig: { pos: [INPUT, opt("upper", "bool", false)], kw: [OUT] },
        composite: true,
        impl: (a: Args): Tensor => {
          const Lf = a.input as Tensor;
          if (Lf.ndim < 2) {
            throw new RuntimeError(`cholesky_inverse: The input tensor A must have at least 2 dimensions.`);
          }
          const n = Lf.shape[Lf.ndim - 1];
          const eye = F.eye(n, { dtype: Lf.dtype, device: Lf.device }).expand(Lf.shape);
          return choleskySolve(eye, Lf, a.upper);
        },
      }],
    },
  }),
  qrTop: defineOp({
    name: "qr",
    doc: "[Q, R] (reduced unless some is false).",
    torch: {
      names: ["qr"],
      methods: ["qr"],
      overloads: [{
        sig: { pos: [INPUT, opt("some", "bool", true)], kw: [opt("out", "outs", null)] },
        composite: true,
        returns: "arrays",
        names: ["Q", "R"],
        impl: (a: Args): Tensor[] => L.qr(a.input, a.some ? "reduced" : "complete"),
      }],
    },
  }),
  luSolveTop: defineOp({
    name: "luSolve",
    doc: "Solves A X = b from A's LU factorization (torch.linalg.lu_solve's arguments in the old order).",
    torch: {
      names: ["luSolve"],
      methods: ["luSolve"],
      overloads: [{
        sig: { pos: [INPUT, req("LUData", "array"), req("LUPivots", "array")], kw: [OUT] },
        composite: true,
        outDtype: torchExactOut,
        impl: (a: Args): Tensor => luSolve(a.LUData, a.LUPivots, a.input, true, false),
      }],
    },
  }),
  luUnpack: defineOp({
    name: "luUnpack",
    doc: "[P, L, U] of a packed LU factorization (empty P without unpackPivots, empty L and U without unpackData).",
    torch: {
      names: ["luUnpack"],
      overloads: [{
        sig: {
          pos: [
            req("LUData", "array"),
            req("LUPivots", "array"),
            opt("unpackData", "bool", true),
            opt("unpackPivots", "bool", true),
          ],
          kw: [],
        },
        composite: true,
        returns: "arrays",
        names: ["P", "L", "U"],
        impl: (a: Args): Tensor[] => {
          const [P, Lo, Up] = luUnpack(a.LUData, a.LUPivots), empty = (a.LUData as Tensor).newZeros([0]);
          return [a.unpackPivots ? P : empty, a.unpackData ? Lo : empty, a.unpackData ? Up : empty];
        },
      }],
    },
  }),
  triangularSolve: defineOp({
    name: "triangularSolve",
    doc: "[X, a copy of A] with A X = b (A^T X = b with transpose) for triangular A, batch dims broadcast.",
    torch: {
      names: ["triangularSolve"],
      methods: ["triangularSolve"],
      overloads: [{
        sig: {
          pos: [
            INPUT,
            req("A", "array"),
            opt("upper", "bool", true),
            opt("transpose", "bool", false),
            opt("unitriangular", "bool", false),
          ],
          kw: [],
        },
        composite: true,
        returns: "arrays",
        names: ["solution", "clonedCoefficient"],
        impl: (a: Args): Tensor[] => {
          const A = a.A as Tensor, B = a.input as Tensor;
          for (const [name, x] of [["b", B], ["A", A]] as const) {
            if (x.ndim < 2) {
              throw new RuntimeError(
                `torch.triangular_solve: Expected ${name} to have at least 2 dimensions, but it has ${x.ndim} dimensions instead`,
              );
            }
          }
          checkBA(B, A);
          const X = a.transpose
            ? L.solveTriangular(A.mT, B, { upper: !a.upper, unitriangular: a.unitriangular })
            : L.solveTriangular(A, B, { upper: a.upper, unitriangular: a.unitriangular });
          return [X, A.expand([...X.shape.slice(0, -2), ...A.shape.slice(-2)]).clone()];
        },
      }],
    },
  }),
  luTop: defineOp({
    name: "lu",
    doc: "[LU, pivots] (and the infos with getInfos) of the LU factorization with partial pivoting.",
    torch: {
      names: ["lu"],
      methods: ["lu"],
      overloads: [{
        sig: { pos: [INPUT, opt("pivot", "bool", true), opt("getInfos", "bool", false)], kw: [] },
        composite: true,
        returns: "arrays",
        // (PyTorch's _lu_with_info checks only the arguments: a zero pivot is no error here)
        impl: (a: Args): Tensor[] => L.luFactorEx(a.input, { pivot: a.pivot }).slice(0, a.getInfos ? 3 : 2),
      }],
    },
  }),
};
