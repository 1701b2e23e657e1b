/**
 * Householder QR in LAPACK's packed form and the symmetric indefinite LDL^T
 * factorization: torch.geqrf, torch.orgqr, torch.ormqr and
 * torch.linalg.householder_product, ldl_factor(_ex), ldl_solve; with them
 * torch.linalg.solve_ex, torch.linalg.matmul and the deprecated
 * torch.cholesky. geqrf, ldl_factor_ex and ldl_solve run LAPACK
 * (kernels/cpu/linalg_qr_ldl.c); the products of Householder reflectors are
 * written from Tensor ops, so they are differentiable as in PyTorch.
 * Derivatives (and PyTorch's errors where it has none) are in
 * src/torch/derivatives_linalg_factor.ts.
 */
import { type Args, defineOp } from "../../api/define.ts";
import { torchExactOut } from "../../api/ops/common.ts";
import { T_A } from "../../api/ops/linalg.ts";
import { torchMatrix } from "../../api/ops/linalg_more.ts";
import { opt, req } from "../../api/signature.ts";
import { CPU } from "../../backend/cpu.ts";
import { type DType, isFloat, TORCH_TYPE_NAME } from "../../core/dtype.ts";
import { LinAlgError, RuntimeError } from "../../core/errors.ts";
import { broadcastShapes, sizeOf } from "../../core/shape.ts";
import { castTo, contiguous, onHost, type Operand, toDevice, zeros } from "../../ops/operand.ts";
import type { TorchFns, TorchLinalgFns } from "../functions.ts";
import type { Tensor } from "../tensor.ts";

let F: TorchFns;
let L: TorchLinalgFns;
/**
 * Gives these composites the torch and torch.linalg functions (set once by functions.ts).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { F, linalg } from "../functions.ts";
 * import { setLinalgFactorFns } from "./linalg_factor.ts";
 * setLinalgFactorFns(F, linalg); // what functions.ts has already done
 * const [a, tau] = torch.geqrf(torch.eye(2, { dtype: torch.float64 }).mul(2));
 * assert.deepEqual(torch.linalg.householderProduct(a, tau).abs().tolist(), [[1, 0], [0, 1]]);
 * ```
 */
export function setLinalgFactorFns(f: TorchFns, l: TorchLinalgFns): void {
  F = f;
  L = l;
}

const T = (d: DType): string => TORCH_TYPE_NAME[d];
const INPUT = req("input", "array");
const OUT = opt("out", "out", null);
const fmt = (s: readonly number[]): string => `[${s.join(", ")}]`;

/** A kernel of the CPU backend that a build may lack (kernels/cpu/linalg_qr_ldl.c). */
function kernel<K extends "geqrf" | "ldlFactor" | "ldlSolve">(k: K, op: string): NonNullable<typeof CPU[K]> {
  const f = CPU[k];
  if (!f || !CPU.haveLapack()) {
    throw new RuntimeError(`${op} needs LAPACK: install OpenBLAS (Debian: apt-get install libopenblas-dev)`);
  }
  return f.bind(CPU) as NonNullable<typeof CPU[K]>;
}

/** A contiguous host copy of x that the kernels may overwrite. */
const hostCopy = (x: Operand): Operand => contiguous(onHost(x), true);

/** PyTorch's squareCheckInputs then checkFloatingOrComplex. */
function squareFloat(op: string, A: Operand): void {
  torchMatrix(op, A, true, { float: false });
  torchMatrix(op, A, false);
}

/** The first non-zero info of a stack and its batch position, or null. */
function firstInfo(info: Tensor): { at: number; info: number } | null {
  const d = info.reshape([-1]).tolist() as number[], at = d.findIndex((v) => v !== 0);
  return at < 0 ? null : { at, info: d[at] };
}

/** torch.geqrf: each matrix's Householder vectors below the diagonal, R on and above, and the taus. */
function geqrf(A: Operand): Operand[] {
  if (A.layout.ndim < 2) throw new RuntimeError("torch.geqrf: input must have at least 2 dimensions.");
  if (!isFloat(A.storage.dtype)) {
    throw new RuntimeError(`"geqrf_cpu" not implemented for '${T(A.storage.dtype)}'`);
  }
  const shape = A.layout.shape, [m, n] = shape.slice(-2), batch = shape.slice(0, -2), count = sizeOf(batch);
  const a = hostCopy(A), tau = zeros([...batch, Math.min(m, n)], A.storage.dtype);
  if (a.layout.size > 0) kernel("geqrf", "torch.geqrf")(a.storage, tau.storage, count, m, n);
  const dev = A.storage.device;
  return [toDevice(a, dev), toDevice(tau, dev)];
}

/** torch.linalg.ldl_factor_ex: LD (L and D packed in the lower triangle), sytrf's pivots and the infos. */
function ldlFactorEx(A: Operand, checkErrors: boolean): Operand[] {
  const op = "torch.linalg.ldl_factor_ex";
  squareFloat(op, A);
  const shape = A.layout.shape, n = shape[shape.length - 1], batch = shape.slice(0, -2), count = sizeOf(batch);
  const ld = hostCopy(A), pivots = zeros([...batch, n], "int32"), info = zeros(batch, "int32");
  if (ld.layout.size > 0) kernel("ldlFactor", op)(ld.storage, pivots.storage, info.storage, count, n);
  const bad = (info.storage.data as Int32Array).find((v) => v !== 0);
  if (checkErrors && bad) throw ldlError(op, bad);
  const dev = A.storage.device;
  return [toDevice(ld, dev), toDevice(pivots, dev), toDevice(info, dev)];
}

/**
 * PyTorch's error for a singular D (LAPACK's info i > 0: D[i, i] is exactly zero), worded as PyTorch's internal
 * assert words it.
 */
function ldlError(op: string, info: number): RuntimeError {
  return new RuntimeError(`${op}: Unknown error code: ${info}.`);
}

/**
 * Checks LAPACK pivots (1-based; a 2x2 block of D is marked by the same negative pivot in its two rows) so that
 * sytrs never reads outside the matrix, and gives them as int32.
 */
function checkedPivots(op: string, pivots: Operand, n: number): Operand {
  const p = castTo(contiguous(onHost(pivots)), "float64"), d = p.storage.data as Float64Array;
  const count = sizeOf(pivots.layout.shape.slice(0, -1));
  for (let b = 0; b < count; b++) {
    for (let i = 0; i < n; i++) {
      const v = d[p.layout.offset + b * n + i];
      if (!(Math.abs(v) >= 1)) {
        throw new RuntimeError(
          "Pivots given to ldl_solve must all satisfy |pivot| >= 1. Did you properly pass the result of ldl_factor?",
        );
      }
      // (a 2x2 block takes rows i and i + 1 and swaps row i + 1 with row -v)
      const bad = Math.abs(v) > n || (v < 0 && (i + 1 >= n || d[p.layout.offset + b * n + i + 1] !== v));
      if (bad) {
        throw new RuntimeError(
          `${op}: pivots are not those of an LDL factorization of ${n} by ${n} matrices (got ${v} at position ${i})`,
        );
      }
      if (v < 0) i++;
    }
  }
  return castTo(pivots, "int32");
}

/** torch.linalg.ldl_solve: A X = B from A's LDL^T factorization, batch dims broadcast. */
function ldlSolve(LD: Operand, pivots: Operand, B: Operand): Operand {
  const op = "torch.linalg.ldl_solve";
  squareFloat(op, LD);
  const ls = LD.layout.shape, bs = B.layout.shape, n = ls[ls.length - 1];
  if (B.storage.dtype !== LD.storage.dtype) {
    throw new RuntimeError(
      `Expected b and A to have the same dtype, but found b of type ${T(B.storage.dtype)} and A of type ${
        T(LD.storage.dtype)
      } instead.`,
    );
  }
  if (bs.length < 2) {
    throw new RangeError(
      bs.length === 0
        ? "Dimension specified as -2 but tensor has no dimensions"
        : "Dimension out of range (expected to be in range of [-1, 0], but got -2)",
    );
  }
  const [bm, k] = bs.slice(-2);
  if (bm !== n) {
    throw new RuntimeError(
      `Incompatible matrix sizes for ${op}: each A matrix is ${n} by ${n} but each b matrix is ${bm} by ${k}`,
    );
  }
  const ps = pivots.layout.shape;
  if (ps.length !== ls.length - 1 || ps.some((d, i) => d !== ls[i])) {
    throw new RuntimeError(
      `${op}: Expected LD.shape[:-1] and pivots.shape to be the same, but got pivots with shape ${fmt(ps)} instead`,
    );
  }
  if (isFloat(pivots.storage.dtype) || pivots.storage.dtype === "bool") {
    throw new RuntimeError(`${op}: Expected pivots to be integers. Got ${T(pivots.storage.dtype)}`);
  }
  const piv = checkedPivots(op, pivots, n);
  const batch = broadcastShapes(op, ls.slice(0, -2), bs.slice(0, -2)), count = sizeOf(batch);
  const full = (o: Operand, tail: number[]) => ({
    storage: o.storage,
    layout: o.layout.expand(op, [...batch, ...tail]),
  });
  const X = hostCopy(full(B, [n, k]));
  if (X.layout.size > 0) {
    const f = contiguous(onHost(full(LD, [n, n]))), p = contiguous(onHost(full(piv, [n])));
    kernel("ldlSolve", op)(f.storage, p.storage, X.storage, count, n, k);
  }
  return toDevice(X, B.storage.device);
}

/** PyTorch's checks of torch.linalg.householder_product (and orgqr, which is it). */
function checkHouseholder(A: Tensor, tau: Tensor): void {
  const op = "torch.linalg.householder_product";
  if (A.ndim < 2) throw new RuntimeError(`${op}: input must have at least 2 dimensions.`);
  const [m, n] = A.shape.slice(-2);
  if (m < n) throw new RuntimeError(`${op}: input.shape[-2] must be greater than or equal to input.shape[-1]`);
  if (tau.ndim === 0 || n < tau.shape[tau.ndim - 1]) {
    throw new RuntimeError(`${op}: input.shape[-1] must be greater than or equal to tau.shape[-1]`);
  }
  if (A.ndim - tau.ndim !== 1) {
    throw new RuntimeError(
      `${op}: Expected tau to have one dimension less than input, but got tau.ndim equal to ${tau.ndim} and input.ndim is equal to ${A.ndim}`,
    );
  }
  const tb = tau.shape.slice(0, -1);
  if (tb.some((d, i) => d !== A.shape[i])) {
    throw new RuntimeError(
      `${op}: Expected batch dimensions of tau to be equal to input.shape[:-2], but got ${fmt(tb)}`,
    );
  }
  if (tau.dtype !== A.dtype) {
    throw new RuntimeError(`${op}: tau dtype ${T(tau.dtype)} does not match input dtype ${T(A.dtype)}`);
  }
  if (!isFloat(A.dtype)) throw new RuntimeError(`"orgqr_cpu" not implemented for '${T(A.dtype)}'`);
}

/**
 * C with the reflectors H_i = I - tau_i v_i v_i^T of `A` (v_i: column i below the diagonal, a unit diagonal)
 * applied in the given order: from the left (H C) or the right (C H). Written with Tensor ops, so autograd
 * reaches A's lower part, tau and C.
 */
function applyReflectors(A: Tensor, tau: Tensor, C: Tensor, left: boolean, order: "forward" | "backward"): Tensor {
  const [m, n] = A.shape.slice(-2), k = tau.shape[tau.ndim - 1];
  const V = A.tril(-1).add(F.eye(m, n, { dtype: A.dtype, device: A.device }));
  let X = C;
  for (let s = 0; s < k; s++) {
    const i = order === "forward" ? s : k - 1 - s;
    const v = V.narrow(-1, i, 1), t = tau.narrow(-1, i, 1).unsqueeze(-1);
    // H X = X - tau v (v^T X);  X H = X - (X v) tau v^T
    X = left ? X.sub(v.mul(t).matmul(v.mT.matmul(X))) : X.sub(X.matmul(v).mul(t).matmul(v.mT));
  }
  return X;
}

/** torch.linalg.householder_product: the first n columns of H_0 H_1 ... H_{k-1}. */
function householderProduct(A: Tensor, tau: Tensor): Tensor {
  checkHouseholder(A, tau);
  const [m, n] = A.shape.slice(-2);
  const E = F.eye(m, n, { dtype: A.dtype, device: A.device }).expand(A.shape).clone();
  return applyReflectors(A, tau, E, true, "backward");
}

/** torch.ormqr: Q C, Q^T C, C Q or C Q^T for Q = H_0 H_1 ... H_{k-1} of geqrf's result. */
function ormqr(A: Tensor, tau: Tensor, C: Tensor, left: boolean, transpose: boolean): Tensor {
  const op = "torch.ormqr";
  if (A.ndim < 2) throw new RuntimeError(`${op}: input must have at least 2 dimensions.`);
  if (C.ndim < 2) throw new RuntimeError(`${op}: other must have at least 2 dimensions.`);
  const cond = left ? -2 : -1, m = A.shape[A.ndim - 2], n = A.shape[A.ndim - 1], c = C.shape[C.ndim + cond];
  if (c !== m) throw new RuntimeError(`${op}: other.shape[${cond}] must be equal to input.shape[-2]`);
  if (tau.ndim === 0 || Math.min(c, n) !== tau.shape[tau.ndim - 1]) {
    throw new RuntimeError(`${op}: tau.shape[-1] must be equal to min(other.shape[${cond}], input.shape[-1])`);
  }
  if (A.ndim - tau.ndim !== 1) {
    throw new RuntimeError(
      `${op}: Expected tau to have one dimension less than input, but got tau.ndim equal to ${tau.ndim} and input.ndim is equal to ${A.ndim}`,
    );
  }
  if (A.ndim !== C.ndim) {
    throw new RuntimeError(
      `${op}: Expected other to have the same number of dimensions as input, but got other.ndim equal to ${C.ndim} and input.ndim is equal to ${A.ndim}`,
    );
  }
  const batch = A.shape.slice(0, -2);
  for (const [what, x] of [["tau", tau], ["other", C]] as const) {
    const b = x.shape.slice(0, batch.length);
    if (b.some((d, i) => d !== batch[i])) {
      throw new RuntimeError(
        `${op}: Expected batch dimensions of ${what} to be equal to input.shape[:-2], but got ${fmt(b)}`,
      );
    }
  }
  for (const [what, x] of [["tau", tau], ["other", C]] as const) {
    if (x.dtype !== A.dtype) {
      throw new RuntimeError(
        `${op}: Expected input and ${what} to have the same dtype, but input has dtype${
          T(A.dtype)
        } and ${what} has dtype ${T(x.dtype)}`,
      );
    }
  }
  if (!isFloat(A.dtype)) throw new RuntimeError(`"ormqr_cpu" not implemented for '${T(A.dtype)}'`);
  // Q = H_0 ... H_{k-1}: Q C applies H_{k-1} first, Q^T C H_0 first; C Q applies H_0 first, C Q^T H_{k-1} first
  const order = left !== transpose ? "backward" : "forward";
  return applyReflectors(A, tau, C, left, order);
}

/** torch.linalg.solve_ex: [X, info], X from A's LU factors (infs and NaNs where A is singular). */
function solveEx(A: Tensor, B: Tensor, left: boolean, checkErrors: boolean): Tensor[] {
  torchMatrix("linalg.solve", A, true);
  // PyTorch's vector case: B of one dim, or A's batch of vectors
  const vec = B.ndim === 1 || (B.ndim === A.ndim - 1 && B.shape.every((d, i) => d === A.shape[i]));
  const Bm = vec ? B.unsqueeze(left ? -1 : -2) : B;
  const [LU, pivots, info] = L.luFactorEx(A.detach());
  const bad = firstInfo(info);
  if (bad && checkErrors) {
    throw new LinAlgError(
      `torch.linalg.solve_ex: ${
        A.ndim > 2 ? `(Batch element ${bad.at}): ` : ""
      }The solver failed because the input matrix is singular.`,
    );
  }
  // a regular A: linalg.solve (its node, LinalgSolveExBackward0, as PyTorch's); a singular one: the LU solve's
  // infs and NaNs (PyTorch's values there)
  const X = bad ? L.luSolve(LU, pivots, Bm, { left }) : L.solve(A, Bm, { left });
  return [vec ? X.squeeze(left ? -1 : -2) : X, info];
}

/** torch.cholesky: linalg.cholesky with the deprecated function's messages. */
function choleskyTop(A: Tensor, upper: boolean): Tensor {
  const op = "cholesky";
  if (A.ndim < 2) throw new RuntimeError(`${op}: The input tensor A must have at least 2 dimensions.`);
  const [m, n] = A.shape.slice(-2);
  if (m !== n) {
    throw new RuntimeError(`${op}: A must be batches of square matrices, but they are ${m} by ${n} matrices`);
  }
  if (!isFloat(A.dtype)) throw new RuntimeError(`"cholesky_cpu" not implemented for '${T(A.dtype)}'`);
  const [R, info] = L.choleskyEx(A, { upper });
  const bad = firstInfo(info);
  if (bad) {
    throw new LinAlgError(
      `${op}: ${
        A.ndim > 2 ? `(Batch element ${bad.at}): ` : ""
      }The factorization could not be completed because the input is not positive-definite (the leading minor of order ${bad.info} is not positive-definite).`,
    );
  }
  return R;
}

/**
 * torch.linalg's functions of this family (merged into torch.linalg by src/torch/functions.ts).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const A = torch.tensor([[4, 1], [1, 3]], { dtype: torch.float64 });
 * const [LD, pivots] = torch.linalg.ldlFactor(A);
 * assert.deepEqual(LD.tolist(), [[4, 0], [0.25, 2.75]]); // L = [[1, 0], [0.25, 1]], D = diag(4, 2.75)
 * assert.deepEqual(pivots.tolist(), [1, 2]);
 * const B = torch.tensor([[5], [4]], { dtype: torch.float64 });
 * assert.deepEqual(torch.linalg.ldlSolve(LD, pivots, B).tolist(), [[1], [1]]);
 * const [x, info] = torch.linalg.solveEx(A, B);
 * assert.deepEqual([x.tolist(), info.item()], [[[1], [1]], 0]);
 * ```
 */
export const TORCH_LINALG_FACTOR = {
  ldlFactorEx: defineOp({
    name: "ldlFactorEx",
    doc: "LDL^T with Bunch-Kaufman pivoting (LAPACK's sytrf, lower): the packed LD, 1-based int32 pivots, int32 infos.",
    torch: {
      names: ["ldlFactorEx"],
      overloads: [{
        sig: { pos: [INPUT], kw: [opt("hermitian", "bool", false), opt("checkErrors", "bool", false)] },
        returns: "arrays",
        names: ["LD", "pivots", "info"],
        // (for real matrices hermitian is symmetric)
        impl: (a: Args): Operand[] => ldlFactorEx(a.input, a.checkErrors),
      }],
    },
  }),
  ldlFactor: defineOp({
    name: "ldlFactor",
    doc: "LDL^T with Bunch-Kaufman pivoting: the packed LD and 1-based int32 pivots (a singular D is an error).",
    torch: {
      names: ["ldlFactor"],
      overloads: [{
        sig: { pos: [INPUT], kw: [opt("hermitian", "bool", false)] },
        composite: true,
        returns: "arrays",
        names: ["LD", "pivots"],
        impl: (a: Args): Tensor[] => {
          const [LD, pivots, info] = L.ldlFactorEx(a.input, { hermitian: a.hermitian });
          const bad = firstInfo(info);
          if (bad) throw ldlError("torch.linalg.ldl_factor", bad.info);
          return [LD, pivots];
        },
      }],
    },
  }),
  ldlSolve: defineOp({
    name: "ldlSolve",
    doc: "Solves A X = B from A's LDL^T factorization (ldl_factor's LD and pivots), batch dims broadcast.",
    torch: {
      names: ["ldlSolve"],
      overloads: [{
        sig: {
          pos: [req("LD", "array"), req("pivots", "array"), req("B", "array")],
          kw: [opt("hermitian", "bool", false), OUT],
        },
        outDtype: torchExactOut,
        impl: (a: Args): Operand => ldlSolve(a.LD, a.pivots, a.B),
      }],
    },
  }),
  solveEx: defineOp({
    name: "solveEx",
    doc: "Solves A X = B (X A = B when not left) with int32 infos (non-zero where A is singular).",
    torch: {
      names: ["solveEx"],
      overloads: [{
        sig: {
          pos: [T_A, req("B", "array", { aliases: ["other"] })],
          kw: [opt("left", "bool", true), opt("checkErrors", "bool", false), opt("out", "outs", null)],
        },
        composite: true,
        returns: "arrays",
        names: ["result", "info"],
        impl: (a: Args): Tensor[] => solveEx(a.A, a.B, a.left, a.checkErrors),
      }],
    },
  }),
  matmul: defineOp({
    name: "matmul",
    doc: "The matrix product (torch.matmul).",
    torch: {
      names: ["matmul"],
      overloads: [{
        sig: { pos: [INPUT, req("other", "array")], kw: [OUT] },
        composite: true,
        outDtype: torchExactOut,
        impl: (a: Args): Tensor => F.matmul(a.input, a.other),
      }],
    },
  }),
  householderProduct: defineOp({
    name: "householderProduct",
    doc: "The first n columns of the product of the Householder reflectors I - tau_i v_i v_i^T of A's columns.",
    torch: {
      names: ["householderProduct"],
      overloads: [{
        sig: { pos: [INPUT, req("tau", "array")], kw: [OUT] },
        composite: true,
        outDtype: torchExactOut,
        impl: (a: Args): Tensor => householderProduct(a.input, a.tau),
      }],
    },
  }),
};

/**
 * torch's functions (and Tensor methods) of this family.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const A = torch.tensor([[4, 1], [1, 3]], { dtype: torch.float64 });
 * const [a, tau] = A.geqrf(); // R on and above the diagonal, the Householder vector below it
 * assert.ok(Math.abs(Number(a.get([0, 0]).item()) + Math.sqrt(17)) < 1e-12);
 * const Q = torch.orgqr(a, tau);
 * assert.ok(Number(Q.matmul(a.triu()).sub(A).abs().max().item()) < 1e-12); // Q R = A
 * assert.deepEqual(torch.cholesky(A).get([0, 0]).item(), 2);
 * ```
 */
export const TORCH_LINALG_FACTOR_TOP = {
  geqrf: defineOp({
    name: "geqrf",
    doc: "LAPACK's geqrf: Householder vectors below the diagonal and R on and above it, with the reflectors' taus.",
    torch: {
      names: ["geqrf"],
      methods: ["geqrf"],
      overloads: [{
        sig: { pos: [INPUT], kw: [opt("out", "outs", null)] },
        returns: "arrays",
        names: ["a", "tau"],
        impl: (a: Args): Operand[] => geqrf(a.input),
      }],
    },
  }),
  orgqr: defineOp({
    name: "orgqr",
    doc: "The Q of geqrf's result (torch.linalg.householder_product).",
    torch: {
      names: ["orgqr"],
      methods: ["orgqr"],
      overloads: [{
        sig: { pos: [INPUT, req("input2", "array")], kw: [OUT] },
        composite: true,
        impl: (a: Args): Tensor => householderProduct(a.input, a.input2),
      }],
    },
  }),
  ormqr: defineOp({
    name: "ormqr",
    doc: "Multiplies other by the Q of geqrf's result: Q C (left), C Q (not left), with Q^T when transpose.",
    torch: {
      names: ["ormqr"],
      methods: ["ormqr"],
      overloads: [{
        sig: {
          pos: [
            INPUT,
            req("input2", "array"),
            req("input3", "array"),
            opt("left", "bool", true),
            opt("transpose", "bool", false),
          ],
          kw: [OUT],
        },
        composite: true,
        outDtype: torchExactOut,
        impl: (a: Args): Tensor => ormqr(a.input, a.input2, a.input3, a.left, a.transpose),
      }],
    },
  }),
  choleskyTop: defineOp({
    name: "cholesky",
    doc: "The Cholesky factor, lower (upper when upper): deprecated, torch.linalg.cholesky with its old messages.",
    torch: {
      names: ["cholesky"],
      methods: ["cholesky"],
      overloads: [{
        sig: { pos: [INPUT, opt("upper", "bool", false)], kw: [OUT] },
        composite: true,
        impl: (a: Args): Tensor => choleskyTop(a.input, a.upper),
      }],
    },
  }),
};
