/**
 * Dense linear algebra over stacks of matrices (..., M, N), through the
 * backend's LAPACK kernels. Integer inputs compute in float64, as NumPy.
 */
import { backendOf } from "../backend/backend.ts";
import { CPU } from "../backend/cpu.ts";
import { type DType, isFloat } from "../core/dtype.ts";
import { fmtShape, LinAlgError } from "../core/errors.ts";
import { broadcastShapes, sizeOf } from "../core/shape.ts";
import { Storage } from "../core/storage.ts";
import { View } from "../core/view.ts";
import { castTo, contiguous, onHost, type Operand, toDevice, zeros } from "./operand.ts";

const floatOf = (d: DType): DType => (isFloat(d) ? d : "float64");

/** NumPy's check of a stack of matrices: at least 2-d, square when asked (LinAlgError). */
export function checkMatrices(x: Operand, square: boolean): void {
  const nd = x.layout.ndim;
  if (nd < 2) throw new LinAlgError(`${nd}-dimensional array given. Array must be at least two-dimensional`);
  if (square && x.layout.shape[nd - 2] !== x.layout.shape[nd - 1]) {
    throw new LinAlgError("Last 2 dimensions of the array must be square");
  }
}

function matrices(x: Operand, square: boolean): { a: Operand; batch: number[]; m: number; n: number } {
  checkMatrices(x, square);
  const nd = x.layout.ndim, m = x.layout.shape[nd - 2], n = x.layout.shape[nd - 1];
  const a = contiguous(castTo(x, floatOf(x.storage.dtype)), true);
  return { a, batch: x.layout.shape.slice(0, -2), m, n };
}

/** The i-th matrix of a contiguous stack as its own storage (shares memory). */
function mat(s: Storage, i: number, count: number): Storage {
  const isz = s.bytes.byteLength / Math.max(s.length, 1);
  return Storage.wrap(s.dtype, count, s.bytes.buffer as ArrayBuffer, s.bytes.byteOffset + i * count * isz);
}

function requireLapack(op: string): void {
  if (!CPU.haveLapack()) {
    throw new Error(
      `np.linalg.${op} needs LAPACK: install OpenBLAS (Debian: apt-get install libopenblas-dev) and let dendrite rebuild its kernels`,
    );
  }
}

/** Solves a X = b for each matrix in the stack. */
export function solve(a: Operand, b: Operand): Operand {
  requireLapack("solve");
  const A = matrices(a, true);
  const n = A.m;
  const dt = A.a.storage.dtype === "float32" && b.storage.dtype === "float32" ? "float32" : "float64";
  const vec = b.layout.ndim === 1;
  const bshape = vec ? [...b.layout.shape, 1] : b.layout.shape;
  if (bshape[bshape.length - 2] !== n) {
    throw new RangeError(
      `solve: Input operand 1 has a mismatch in its core dimension 0 (size ${
        bshape[bshape.length - 2]
      } is different from ${n}), shapes ${fmtShape(a.layout.shape)} and ${fmtShape(b.layout.shape)}`,
    );
  }
  const k = bshape[bshape.length - 1];
  const batch = broadcastShapes("solve", A.batch, bshape.slice(0, -2));
  const aB = contiguous(
    { storage: castTo(A.a, dt).storage, layout: A.a.layout.expand("solve", [...batch, n, n]) },
    true,
  );
  const bv = {
    storage: b.storage,
    layout: new View(bshape, vec ? [...b.layout.strides, 0] : b.layout.strides, b.layout.offset),
  };
  const bB = contiguous(castTo({ storage: bv.storage, layout: bv.layout.expand("solve", [...batch, n, k]) }, dt), true);
  const count = sizeOf(batch);
  for (let i = 0; i < count; i++) backendOf(aB).solve(mat(aB.storage, i, n * n), mat(bB.storage, i, n * k), n, k);
  return { storage: bB.storage, layout: new View(vec ? [...batch, n] : [...batch, n, k]) };
}

/** A contiguous host copy of x that no other array shares (a device array's trip to the host is one already). */
function privateHostCopy(x: Operand): Operand {
  const h = onHost(x);
  return h === x ? contiguous(x, true) : h;
}

/**
 * LU factorization with partial pivoting (LAPACK's getrf) of each matrix of a float stack: the packed LU (unit
 * lower L below the diagonal, U on and above), the 1-based int32 pivots and the int32 infos (a zero pivot is
 * recorded, the elimination goes on). Computed on the host; the results are on x's device.
 */
export function luFactor(x: Operand): { lu: Operand; pivots: Operand; info: Operand } {
  requireLapack("lu_factor");
  const shape = x.layout.shape, nd = shape.length, m = shape[nd - 2], n = shape[nd - 1], batch = shape.slice(0, -2);
  const lu = privateHostCopy(x), count = sizeOf(batch);
  const pivots = zeros([...batch, Math.min(m, n)], "int32"), info = zeros(batch, "int32");
  if (count > 0) CPU.luFactor(lu.storage, pivots.storage, info.storage, count, m, n);
  const dev = x.storage.device;
  return { lu: toDevice(lu, dev), pivots: toDevice(pivots, dev), info: toDevice(info, dev) };
}

/**
 * Solves A X = B for triangular A (upper or lower, unit diagonal when `unit`), batch dims broadcast, by trsm in
 * a's dtype: no singularity check (a zero diagonal gives infs and NaNs, as PyTorch's). Computed on the host.
 */
export function solveTriangular(a: Operand, b: Operand, upper: boolean, unit: boolean): Operand {
  requireLapack("solve_triangular");
  const n = a.layout.shape[a.layout.ndim - 1], k = b.layout.shape[b.layout.ndim - 1];
  const batch = broadcastShapes("solve_triangular", a.layout.shape.slice(0, -2), b.layout.shape.slice(0, -2));
  const dt = a.storage.dtype;
  // both stacks broadcast to the batch, contiguous on the host; X is solved in place, so it is a private copy
  const full = (o: Operand) => {
    const v = o.layout.expand("solve_triangular", [...batch, ...o.layout.shape.slice(-2)]);
    return castTo({ storage: o.storage, layout: v }, dt);
  };
  const A = contiguous(onHost(full(a))), X = privateHostCopy(full(b));
  const count = sizeOf(batch);
  if (count > 0) CPU.triangularSolve(A.storage, X.storage, count, n, k, upper, unit);
  return toDevice(X, a.storage.device);
}

/** Inverse of each matrix in the stack (LinAlgError when singular). */
export function inv(a: Operand): Operand {
  requireLapack("inv");
  const { a: A, batch, n } = matrices(a, true);
  const count = sizeOf(batch);
  const out = zeros([...batch, n, n], A.storage.dtype);
  const eye = out.storage.data;
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < n; j++) eye[i * n * n + j * n + j] = 1;
    backendOf(A.storage).solve(mat(A.storage, i, n * n), mat(out.storage, i, n * n), n, n);
  }
  return out;
}

/** Determinant of each matrix in the stack. */
export function det(a: Operand): Operand {
  requireLapack("det");
  const { a: A, batch, n } = matrices(a, true);
  const count = sizeOf(batch);
  const out = zeros(batch, A.storage.dtype);
  for (let i = 0; i < count; i++) out.storage.data[i] = backendOf(A.storage).det(mat(A.storage, i, n * n), n);
  return out;
}

/**
 * The sign and log|det| of each matrix from its LU factors (LAPACK's getrf): the logs of |u_ii| summed, the sign
 * from the u_ii's signs and the row swaps; a zero pivot gives sign 0 and -inf. No overflow or underflow where the
 * determinant itself would (a 50x50 1e10 * I).
 */
export function slogdet(a: Operand): [Operand, Operand] {
  const { a: A, batch, n } = matrices(a, true);
  const { lu, pivots } = luFactor(A);
  const count = sizeOf(batch), dt = A.storage.dtype;
  const sign = zeros(batch, "float64"), logabs = zeros(batch, "float64");
  const f = onHost(lu).storage.data as Float64Array | Float32Array, p = onHost(pivots).storage.data as Int32Array;
  const sd = sign.storage.data as Float64Array, ld = logabs.storage.data as Float64Array;
  for (let b = 0; b < count; b++) {
    let s = 1, acc = 0;
    for (let i = 0; i < n; i++) {
      const u = f[b * n * n + i * n + i];
      if (p[b * n + i] !== i + 1) s = -s;
      if (u < 0) s = -s;
      acc += Math.log(Math.abs(u));
    }
    [sd[b], ld[b]] = acc === -Infinity ? [0, -Infinity] : [Number.isNaN(acc) ? NaN : s, acc];
  }
  const dev = a.storage.device;
  return [toDevice(castTo(sign, dt), dev), toDevice(castTo(logabs, dt), dev)];
}

/** SVD of each matrix: [U, S, Vh] (U and Vh omitted when !computeUV). */
export function svd(a: Operand, fullMatrices = true, computeUV = true): Operand[] {
  requireLapack("svd");
  const { a: A, batch, m, n } = matrices(a, false);
  const k = Math.min(m, n), count = sizeOf(batch), dt = A.storage.dtype;
  const mode = computeUV ? (fullMatrices ? 2 : 1) : 0;
  const uc = mode === 2 ? m : k, vr = mode === 2 ? n : k;
  const S = zeros([...batch, k], dt), U = zeros([...batch, m, uc], dt), V = zeros([...batch, vr, n], dt);
  for (let i = 0; i < count; i++) {
    backendOf(A.storage).svd(
      mat(A.storage, i, m * n),
      mat(S.storage, i, k),
      mat(U.storage, i, m * uc),
      mat(V.storage, i, vr * n),
      m,
      n,
      mode,
    );
  }
  return computeUV ? [U, S, V] : [S];
}

/** QR of each matrix: [Q, R] ("reduced"/"complete") or [R] ("r"). */
export function qr(a: Operand, mode: "reduced" | "complete" | "r" = "reduced"): Operand[] {
  requireLapack("qr");
  const { a: A, batch, m, n } = matrices(a, false);
  const k = Math.min(m, n), count = sizeOf(batch), dt = A.storage.dtype;
  const qc = mode === "complete" ? m : k;
  const Q = zeros([...batch, m, qc], dt), R = zeros([...batch, qc, n], dt);
  for (let i = 0; i < count; i++) {
    backendOf(A.storage).qr(
      mat(A.storage, i, m * n),
      mat(Q.storage, i, m * qc),
      mat(R.storage, i, qc * n),
      m,
      n,
      mode === "complete",
    );
  }
  return mode === "r" ? [R] : [Q, R];
}

/** Eigen-decomposition of symmetric matrices: [eigenvalues (ascending), eigenvectors (columns)]. */
export function eigh(a: Operand, uplo: "L" | "U" = "L"): Operand[] {
  requireLapack("eigh");
  const { a: A, batch, n } = matrices(a, true);
  const count = sizeOf(batch), dt = A.storage.dtype;
  const W = zeros([...batch, n], dt), V = zeros([...batch, n, n], dt);
  for (let i = 0; i < count; i++) {
    backendOf(A.storage).eigh(
      mat(A.storage, i, n * n),
      mat(W.storage, i, n),
      mat(V.storage, i, n * n),
      n,
      uplo === "L",
    );
  }
  return [W, V];
}
