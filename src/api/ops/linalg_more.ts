/**
 * The rest of np.linalg (lstsq, matrix_power, cond, tensorsolve, tensorinv,
 * NumPy 2's matrix_norm, vector_norm, svdvals, matrix_transpose, outer,
 * trace, diagonal, vecdot, cross) and torch.linalg's primitives of LU and
 * triangular systems (lu_factor_ex, solve_triangular, inv_ex, cholesky_ex),
 * whose derivatives are in src/torch/derivatives_linalg_more.ts; torch's
 * composites of this family are in src/torch/ops/linalg_more.ts. eig and
 * eigvals are left out: real matrices have complex eigenvalues and there is
 * no complex dtype.
 */
import { type DType, isFloat, promoteTypes, TORCH_TYPE_NAME } from "../../core/dtype.ts";
import { LinAlgError, RuntimeError } from "../../core/errors.ts";
import { epsOf } from "../finfo.ts";
import { normalizeAxis, sizeOf } from "../../core/shape.ts";
import { where as whereOp } from "../../ops/elementwise.ts";
import * as L from "../../ops/linalg.ts";
import { matmul, outer } from "../../ops/linear.ts";
import { castTo, contiguous, onHost, type Operand, toDevice, zeros } from "../../ops/operand.ts";
import * as R from "../../ops/reduce.ts";
import * as U from "../../ops/ufuncs.ts";
import { type Args, defineOp } from "../define.ts";
import { opt, req } from "../signature.ts";
import { floatOf, torchExactOut, view } from "./common.ts";
import { npCross } from "./contract.ts";
import { eye } from "./creation.ts";
import { cholesky as choleskyHost, matrixNorm, NP_CTX, npLinalg, T_A, vectorNorm } from "./linalg.ts";
import { MISC_MORE } from "./misc_more.ts";
import { intoOut } from "./reduce.ts";
import { reshapeOp, SHAPE } from "./shape.ts";

/**
 * The row permutation perm (row i of P^T A is row perm[i] of A) of LAPACK's 1-based sequential row swaps: the k
 * pivots of one matrix of m rows, read from `pivots` at `at`.
 */
export function pivotPermutation(pivots: ArrayLike<number>, at: number, k: number, m: number): number[] {
  const perm = [...Array(m).keys()];
  for (let j = 0; j < k; j++) {
    const p = pivots[at + j] - 1;
    [perm[j], perm[p]] = [perm[p], perm[j]];
  }
  return perm;
}

/** The inverse of each matrix from its LU factors (infs and NaNs where a U is singular, no error). */
function luInverse(f: { lu: Operand; pivots: Operand }): Operand {
  const lu = f.lu.layout, n = lu.shape[lu.ndim - 1], batch = lu.shape.slice(0, -2), count = sizeOf(batch);
  // P^T I: the identity's rows swapped as the factorization swapped A's
  const pi = zeros([...batch, n, n], f.lu.storage.dtype), x = pi.storage.data;
  const piv = onHost(f.pivots), pd = piv.storage.data as Int32Array;
  for (let b = 0; b < count; b++) {
    const perm = pivotPermutation(pd, piv.layout.offset + b * n, n, n);
    for (let i = 0; i < n; i++) x[b * n * n + i * n + perm[i]] = 1;
  }
  return L.solveTriangular(f.lu, L.solveTriangular(f.lu, pi, false, true), true, false);
}

/** The first non-zero info (and its batch position), or null. */
function firstFailure(info: Operand): { at: number; info: number } | null {
  const h = onHost(info), d = h.storage.data as Int32Array;
  for (let i = 0; i < h.layout.size; i++) {
    if (d[h.layout.offset + i] !== 0) return { at: i, info: d[h.layout.offset + i] };
  }
  return null;
}

/** PyTorch's "(Batch element i): " prefix of batched linalg errors. */
function batchPrefix(x: Operand, at: number): string {
  return x.layout.ndim > 2 ? `(Batch element ${at}): ` : "";
}

/**
 * PyTorch's checks of a linalg input: at least 2-d, float (unless `float` is false: matrix_power takes integers),
 * square when asked.
 */
export function torchMatrix(
  op: string,
  x: Operand,
  square: boolean,
  { what = "input tensor A", float = true }: { what?: string; float?: boolean } = {},
): void {
  const nd = x.layout.ndim;
  if (nd < 2) throw new RuntimeError(`${op}: The ${what} must have at least 2 dimensions.`);
  if (float && !isFloat(x.storage.dtype)) {
    throw new RuntimeError(
      `${op}: Expected a floating point or complex tensor as input. Got ${TORCH_TYPE_NAME[x.storage.dtype]}`,
    );
  }
  const [m, n] = x.layout.shape.slice(-2);
  if (square && m !== n) {
    throw new RuntimeError(`${op}: A must be batches of square matrices, but they are ${m} by ${n} matrices`);
  }
}

/** PyTorch's checks of the right-hand side B of A X = B (X A = B when not `left`), A being n x n. */
export function torchRhs(op: string, B: Operand, n: number, left: boolean): void {
  if (B.layout.ndim < 2) throw new RuntimeError(`${op}: The input tensor B must have at least 2 dimensions.`);
  const bs = B.layout.shape.slice(-2);
  if (bs[left ? 0 : 1] !== n) {
    throw new RuntimeError(
      `${op}: Incompatible shapes of A and B for the equation ${left ? "AX = B" : "XA = B"} (${n}x${n} and ${
        bs.join("x")
      })`,
    );
  }
}

/** PyTorch's message for a zero pivot of lu_factor (its checked forms). */
export function luFactorError(x: Operand, info: Operand): void {
  const f = firstFailure(info);
  if (!f) return;
  throw new RuntimeError(
    `torch.linalg.lu_factor: ${
      batchPrefix(x, f.at)
    }U[${f.info},${f.info}] is zero and using it on lu_solve would result in a division by zero. If you still want to perform the factorization, consider calling linalg.lu(A, pivot) or linalg.lu_factor_ex(A, pivot)`,
  );
}

/**
 * A^n by repeated squaring in NumPy's and PyTorch's order (n 0: the identity, negative: the inverse's power), for
 * either front-end's arrays given its product, inverse and identity.
 */
export function matrixPowerOf<M>(
  a: M,
  n: number,
  mul: (p: M, q: M) => M,
  inv: (p: M) => M,
  eye: () => M,
  copy: (p: M) => M,
): M {
  if (n === 0) return eye();
  let z = n < 0 ? inv(a) : a;
  n = Math.abs(n);
  if (n === 1) return copy(z);
  if (n === 2) return mul(z, z);
  if (n === 3) return mul(mul(z, z), z);
  let result: M | null = null;
  for (;;) {
    if (n & 1) result = result === null ? z : mul(result, z);
    n = Math.floor(n / 2);
    if (n === 0) return result!;
    z = mul(z, z);
  }
}

/** np.linalg.matrix_power. */
function npMatrixPower(a: Operand, n: number): Operand {
  L.checkMatrices(a, true);
  // the identity stack of a's shape and dtype for n 0; n 1 gives the input itself, as NumPy
  const eyes = () => {
    const e = eye(a.layout.shape[a.layout.ndim - 1], null, 0, a.storage.dtype, a.storage.device);
    return contiguous(view(e, e.layout.expand("matrix_power", a.layout.shape)), true);
  };
  return matrixPowerOf(a, n, matmul, L.inv, eyes, (x) => x);
}

const MATRIX_ORDS: readonly (string | number)[] = ["fro", "nuc", 1, -1, 2, -2, Infinity, -Infinity];

/** np.linalg.cond: the 2-norm ratio of singular values, else norm(A) * norm(inv(A)); singular matrices give inf. */
function npCond(x: Operand, p: string | number | null): Operand {
  L.checkMatrices(x, false);
  const nd = x.layout.ndim;
  if (p !== null && !MATRIX_ORDS.includes(p)) throw new RangeError("Invalid norm order for matrices.");
  const dt = floatOf(NP_CTX, x.storage.dtype), a = castTo(x, dt);
  let r: Operand;
  if (p === null || p === 2 || p === -2) {
    const s = L.svd(a, false, false)[0], last = [s.layout.ndim - 1];
    const hi = R.max(s, last, false), lo = R.min(s, last, false);
    r = p === -2 ? U.divide(lo, hi) : U.divide(hi, lo);
  } else {
    L.checkMatrices(a, true);
    const f = L.luFactor(a), axes: [number, number] = [nd - 2, nd - 1];
    r = U.multiply(matrixNorm(a, p, axes, false, dt), matrixNorm(luInverse(f), p, axes, false, dt));
  }
  // NaNs from singular matrices become inf, those of matrices holding NaNs stay
  const nanIn = R.any(U.isnan(a), [nd - 2, nd - 1], false);
  const fix = U.logicalAnd(U.isnan(r), U.logicalNot(nanIn));
  return whereOp(fix, Infinity, r);
}

/**
 * NumPy's lstsq (LAPACK gelsd) through the SVD: singular values at or below rcond * s_max count as zero, the
 * minimum-norm solution; residuals (the squared norm of b - a x per column) only at full rank with more rows than
 * columns. Computed in float64, as NumPy does for every real input, and returned in `dt` (np.linalg.lstsq, polyfit).
 */
export function lstsqF64(a: Operand, b: Operand, rcond: number, dt: DType) {
  const [m, n] = a.layout.shape, vec = b.layout.ndim === 1;
  const A = castTo(a, "float64"), B0 = castTo(b, "float64");
  const B = vec ? reshapeOp("lstsq", B0, [m, 1]) : B0;
  const [u, s, vh] = L.svd(A, false, true);
  const sv = onHost(s), cut = rcond * ((sv.storage.data as Float64Array)[sv.layout.offset] ?? 0);
  const keep = U.greater(s, cut), rank = Number(onHostScalar(R.sum(keep)));
  const inv0 = whereOp(keep, U.divide(1, s), 0);
  const ut = view(u, u.layout.swap("lstsq", 0, 1)), v = view(vh, vh.layout.swap("lstsq", 0, 1));
  let x = matmul(v, U.multiply(matmul(ut, B), view(inv0, inv0.layout.unsqueeze(1))));
  const resid = rank === n && m > n ? R.sum(U.square(U.subtract(B, matmul(A, x))), [0]) : zeros([0], "float64");
  if (vec) x = reshapeOp("lstsq", x, [n]);
  return { x: castTo(x, dt), resid: castTo(resid, dt), rank, s: castTo(s, dt) };
}

/** np.linalg.lstsq: the minimum-norm solution through the SVD (NumPy's gelsd), [x, residuals, rank, sv]. */
function npLstsq(a: Operand, b: Operand, rcond: number | null): Operand[] {
  for (const x of [a, b]) {
    if (x.layout.ndim !== 2 && !(x === b && x.layout.ndim === 1)) {
      throw new LinAlgError(`${x.layout.ndim}-dimensional array given. Array must be two-dimensional`);
    }
  }
  const [m, n] = a.layout.shape, vec = b.layout.ndim === 1;
  if (b.layout.shape[0] !== m) throw new LinAlgError("Incompatible dimensions");
  const dt = floatOf(NP_CTX, promoteTypes(a.storage.dtype, b.storage.dtype));
  const rk = zeros([], "int32");
  if (Math.min(m, n) === 0) return [zeros(vec ? [n] : [n, b.layout.shape[1]], dt), zeros([0], dt), rk, zeros([0], dt)];
  // NumPy's default cutoff is float64's eps whatever the input dtype: it computes in float64
  const r = lstsqF64(a, b, rcond ?? epsOf("float64") * Math.max(m, n), dt);
  (rk.storage.data as Int32Array)[0] = r.rank;
  return [r.x, r.resid, rk, r.s];
}

/** The value of a 0-d operand. */
function onHostScalar(x: Operand): number | bigint | boolean {
  const h = onHost(x);
  return (h.storage.data as unknown as ArrayLike<number>)[h.layout.offset];
}

/**
 * tensorsolve's axis order: each of `axes` in turn taken out and put last (NumPy's loop; unlike moveaxis it takes
 * an axis twice).
 */
export function axesLast(nd: number, axes: number | readonly number[]): number[] {
  const all = [...Array(nd).keys()];
  for (const k of typeof axes === "number" ? [axes] : axes) {
    const d = normalizeAxis("tensorsolve", k, nd);
    all.splice(all.indexOf(d), 1);
    all.push(d);
  }
  return all;
}

/** np.linalg.tensorsolve: a's first b.ndim axes (after moving `axes` last) against the rest. */
function npTensorsolve(a: Operand, b: Operand, axes: number | readonly number[] | null): Operand {
  const an = a.layout.ndim;
  const A = axes === null ? a : view(a, a.layout.permute("tensorsolve", axesLast(an, axes)));
  const old = A.layout.shape.slice(an - b.layout.ndim === 0 ? 0 : -(an - b.layout.ndim));
  const p = sizeOf(old);
  if (sizeOf(A.layout.shape.slice(0, b.layout.ndim)) !== p) {
    throw new LinAlgError(
      "Input arrays must satisfy the requirement             prod(a.shape[b.ndim:]) == prod(a.shape[:b.ndim])",
    );
  }
  const flat = (x: Operand, shape: number[]) => reshapeOp("tensorsolve", x, shape);
  // b raveled, as NumPy: a b of another size is solve's mismatch error
  return flat(L.solve(flat(A, [p, p]), flat(b, [b.layout.size])), old);
}

/** np.linalg.tensorinv: the inverse of a reshaped to (prod(shape[:ind]), -1), shaped shape[ind:] + shape[:ind]. */
function npTensorinv(a: Operand, ind: number): Operand {
  if (ind <= 0) throw new RangeError("Invalid ind argument.");
  const shape = a.layout.shape, p = sizeOf(shape.slice(0, ind));
  const inv = L.inv(reshapeOp("tensorinv", a, [p, sizeOf(shape.slice(ind))]));
  return reshapeOp("tensorinv", inv, [...shape.slice(ind), ...shape.slice(0, ind)]);
}

/** An array with at least 2 dims (NumPy 2's matrix functions). */
function atLeast2(x: Operand, message: (nd: number) => string): void {
  if (x.layout.ndim < 2) throw new RangeError(message(x.layout.ndim));
}

const X = req("x", "array");
const X1 = req("x1", "array"), X2 = req("x2", "array");

/** An np op's implementation (bound when called: the modules import each other). */
const npImpl = (decl: { np: { overloads: readonly { impl: unknown }[] } }) =>
  decl.np.overloads[0].impl as (a: Args) => Operand;

/** np.linalg's functions of this family (merged into np.linalg by src/numpy/mod.ts). */
export const NP_LINALG_MORE = {
  lstsq: defineOp({
    name: "lstsq",
    doc: "The least-squares solution of a x = b with its residuals, the rank of a and its singular values.",
    np: {
      names: ["lstsq"],
      overloads: [{
        sig: { pos: [req("a", "array"), req("b", "array"), opt("rcond", "number", null)], kw: [] },
        returns: "arrays",
        impl: (a: Args) => npLstsq(a.a, a.b, a.rcond),
      }],
    },
  }),
  matrixPower: npLinalg(
    "matrixPower",
    "A square matrix (stack) raised to an integer power (negative: of the inverse).",
    { pos: [req("a", "array"), req("n", "int")], kw: [] },
    (a) => npMatrixPower(a.a, a.n),
  ),
  cond: npLinalg(
    "cond",
    "The condition number of matrices in the given norm (2-norm by default; inf for singular matrices).",
    { pos: [X, opt("p", "any", null)], kw: [] },
    (a) => npCond(a.x, a.p as string | number | null),
  ),
  tensorsolve: npLinalg("tensorsolve", "The x with tensordot(a, x, x.ndim) = b.", {
    pos: [req("a", "array"), req("b", "array"), opt("axes", "ints", null)],
    kw: [],
  }, (a) => npTensorsolve(a.a, a.b, a.axes)),
  tensorinv: npLinalg("tensorinv", "The inverse of a tensor under tensordot over its first ind axes.", {
    pos: [req("a", "array"), opt("ind", "int", 2)],
    kw: [],
  }, (a) => npTensorinv(a.a, a.ind)),
  matrixNorm: npLinalg("matrixNorm", "The matrix norm of the last two axes ('fro' by default).", {
    pos: [X],
    kw: [opt("keepdims", "bool", false), opt("ord", "any", "fro")],
  }, (a) => {
    const x: Operand = a.x, nd = x.layout.ndim;
    normalizeAxis("matrix_norm", -2, nd);
    return matrixNorm(x, a.ord as string | number, [nd - 2, nd - 1], a.keepdims, floatOf(NP_CTX, x.storage.dtype));
  }),
  vectorNorm: npLinalg("vectorNorm", "The vector norm over the axes (all, flattened, by default).", {
    pos: [X],
    kw: [opt("axis", "ints", null), opt("keepdims", "bool", false), opt("ord", "number", 2)],
  }, (a) => {
    const x: Operand = a.x;
    return vectorNorm(
      x,
      a.ord,
      R.axesOf("vector_norm", a.axis, x.layout.ndim),
      a.keepdims,
      floatOf(NP_CTX, x.storage.dtype),
    );
  }),
  svdvals: npLinalg(
    "svdvals",
    "The singular values of matrices, descending.",
    { pos: [X], kw: [] },
    (a) => L.svd(castTo(a.x, floatOf(NP_CTX, a.x.storage.dtype)), false, false)[0],
  ),
  matrixTranspose: npLinalg(
    "matrixTranspose",
    "Matrices with their last two axes swapped.",
    { pos: [X], kw: [] },
    (a) => {
      atLeast2(a.x, (nd) => `Input array must be at least 2-dimensional, but it is ${nd}`);
      return npImpl(MISC_MORE.matrixTranspose)({ x: a.x });
    },
  ),
  outer: npLinalg("outer", "The outer product of two 1-d arrays.", { pos: [X1, X2], kw: [] }, (a) => {
    if (a.x1.layout.ndim !== 1 || a.x2.layout.ndim !== 1) {
      throw new RangeError(
        `Input arrays must be one-dimensional, but they are x1.ndim=${a.x1.layout.ndim} and x2.ndim=${a.x2.layout.ndim}.`,
      );
    }
    return outer(a.x1, a.x2);
  }),
  trace: npLinalg(
    "trace",
    "The sums of the diagonals (offset from the main one) of the matrices of the last two axes.",
    { pos: [X], kw: [opt("offset", "int", 0), opt("dtype", "dtype", null)] },
    (a) => {
      atLeast2(a.x, () => "diag requires an array of at least two dimensions");
      return npImpl(SHAPE.trace)({ a: a.x, offset: a.offset, axis1: -2, axis2: -1, dtype: a.dtype, out: null });
    },
  ),
  diagonal: npLinalg("diagonal", "The diagonals (offset from the main one) of the matrices of the last two axes.", {
    pos: [X],
    kw: [opt("offset", "int", 0)],
  }, (a) => {
    atLeast2(a.x, () => "diag requires an array of at least two dimensions");
    return npImpl(SHAPE.diagonal)({ a: a.x, offset: a.offset, axis1: -2, axis2: -1 });
  }),
  vecdot: npLinalg("vecdot", "The dot products of vectors along axis, the other axes broadcast.", {
    pos: [X1, X2],
    kw: [opt("axis", "int", -1)],
  }, (a) => npImpl(MISC_MORE.vecdot)({ x1: a.x1, x2: a.x2, axis: a.axis, dtype: null, out: null })),
  cross: npLinalg("cross", "The cross products of 3-vectors along axis, the other axes broadcast.", {
    pos: [X1, X2],
    kw: [opt("axis", "int", -1)],
  }, (a) => {
    const n1 = a.x1.layout.shape.at(normalizeAxis("cross", a.axis, a.x1.layout.ndim));
    const n2 = a.x2.layout.shape.at(normalizeAxis("cross", a.axis, a.x2.layout.ndim));
    if (n1 !== 3 || n2 !== 3) {
      throw new RangeError(
        `Both input arrays must be (arrays of) 3-dimensional vectors, but they are ${n1} and ${n2} dimensional instead.`,
      );
    }
    return npCross(a.x1, a.x2, -1, -1, -1, a.axis);
  }),
};

/** torch.linalg's primitives of this family (differentiable through src/torch/derivatives_linalg_more.ts). */
export const TORCH_LINALG_MORE = {
  luFactorEx: defineOp({
    name: "luFactorEx",
    doc: "The packed LU factorization with partial pivoting, its 1-based int32 pivots and int32 infos.",
    torch: {
      names: ["luFactorEx"],
      overloads: [{
        sig: { pos: [T_A], kw: [opt("pivot", "bool", true), opt("checkErrors", "bool", false)] },
        returns: "arrays",
        names: ["LU", "pivots", "info"],
        impl: (a: Args): Operand[] => {
          const A: Operand = a.A;
          if (A.layout.ndim < 2) {
            throw new RuntimeError(
              `torch.lu_factor: Expected tensor with 2 or more dimensions. Got size: [${
                A.layout.shape.join(", ")
              }] instead`,
            );
          }
          if (!isFloat(A.storage.dtype)) {
            throw new RuntimeError(`"lu_cpu" not implemented for '${TORCH_TYPE_NAME[A.storage.dtype]}'`);
          }
          if (!a.pivot) throw new RuntimeError("linalg.lu_factor: LU without pivoting is not implemented on the CPU");
          const f = L.luFactor(A);
          if (a.checkErrors) luFactorError(A, f.info);
          return [f.lu, f.pivots, f.info];
        },
      }],
    },
  }),
  solveTriangular: defineOp({
    name: "solveTriangular",
    doc: "Solves A X = B (or X A = B) for triangular A, batch dims broadcast.",
    torch: {
      names: ["solveTriangular"],
      overloads: [{
        sig: {
          pos: [T_A, req("B", "array", { aliases: ["other"] })],
          kw: [
            req("upper", "bool"),
            opt("left", "bool", true),
            opt("unitriangular", "bool", false),
            opt("out", "out", null),
          ],
        },
        impl: (a: Args): Operand => {
          const op = "linalg.solve_triangular", A: Operand = a.A, B: Operand = a.B;
          torchMatrix(op, A, true);
          torchRhs(op, B, A.layout.shape[A.layout.ndim - 1], a.left);
          const Bc = castTo(B, A.storage.dtype);
          const t = (o: Operand) => view(o, o.layout.swap("solve_triangular", -1, -2));
          // X A = B: A^T X^T = B^T, A^T the other triangle
          const r = a.left
            ? L.solveTriangular(A, Bc, a.upper, a.unitriangular)
            : t(L.solveTriangular(t(A), t(Bc), !a.upper, a.unitriangular));
          return intoOut(r, a.out, "solve_triangular", torchExactOut);
        },
      }],
    },
  }),
  invEx: defineOp({
    name: "invEx",
    doc: "The inverses of square matrices with int32 infos (non-zero where singular: no error unless checkErrors).",
    torch: {
      names: ["invEx"],
      overloads: [{
        sig: { pos: [T_A], kw: [opt("checkErrors", "bool", false)] },
        returns: "arrays",
        names: ["inverse", "info"],
        impl: (a: Args): Operand[] => {
          const op = "linalg.inv_ex", A: Operand = a.A;
          torchMatrix(op, A, true);
          const f = L.luFactor(A), bad = firstFailure(f.info);
          if (bad && a.checkErrors) {
            throw new LinAlgError(
              `${op}: ${
                batchPrefix(A, bad.at)
              }The diagonal element ${bad.info} is zero, the inversion could not be completed because the input matrix is singular.`,
            );
          }
          return [bad ? luInverse(f) : L.inv(A), f.info];
        },
      }],
    },
  }),
  choleskyEx: defineOp({
    name: "choleskyEx",
    doc: "The Cholesky factor with int32 infos (the order of the first minor that is not positive-definite, or 0).",
    torch: {
      names: ["choleskyEx"],
      overloads: [{
        sig: { pos: [T_A], kw: [opt("upper", "bool", false), opt("checkErrors", "bool", false)] },
        returns: "arrays",
        names: ["L", "info"],
        impl: (a: Args): Operand[] => {
          const op = "linalg.cholesky_ex", A: Operand = a.A;
          torchMatrix(op, A, true);
          const info = zeros(A.layout.shape.slice(0, -2), "int32");
          const Lf = choleskyHost(A, a.upper, info.storage.data as Int32Array);
          const bad = firstFailure(info);
          if (bad && a.checkErrors) {
            throw new LinAlgError(
              `${op}: ${
                batchPrefix(A, bad.at)
              }The factorization could not be completed because the input is not positive-definite (the leading minor of order ${bad.info} is not positive-definite).`,
            );
          }
          return [Lf, toDevice(info, A.storage.device)];
        },
      }],
    },
  }),
};
