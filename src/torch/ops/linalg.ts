/**
 * torch.linalg functions written from other ops (so they are
 * differentiable through them): norm, matrix_norm, pinv, cond.
 */
import { type Args, defineOp } from "../../api/define.ts";
import { torchExactOut } from "../../api/ops/common.ts";
import { OUT, type TensorOps, torchCross } from "../../api/ops/contract.ts";
import { opt, req } from "../../api/signature.ts";
import { fmtValue, RuntimeError } from "../../core/errors.ts";
import type { TorchLinalgFns } from "../functions.ts";
import type { Tensor } from "../tensor.ts";
import { floatNormInput } from "./composites.ts";

let L: TorchLinalgFns;
/** Gives these composites torch.linalg (set once by functions.ts). */
export function setLinalgFns(l: TorchLinalgFns): void {
  L = l;
}

/** The matrix norm of the last two dims (or `dim`). */
function matrixNorm(A: Tensor, ord: number | string, dim: number[], keepdim: boolean): Tensor {
  const [r, c] = dim.map((d) => (d < 0 ? d + A.ndim : d));
  if (ord === "fro") return L.vectorNorm(A, 2, [r, c], keepdim);
  if (ord === 1 || ord === -1 || ord === Infinity || ord === -Infinity) {
    const sumDim = ord === 1 || ord === -1 ? r : c, redDim = ord === 1 || ord === -1 ? c : r;
    const s = A.abs().sum(sumDim, true);
    const m = ord === 1 || ord === Infinity ? s.amax(redDim, true) : s.amin(redDim, true);
    return keepdim ? m : m.squeeze([r, c]);
  }
  if (ord === "nuc" || ord === 2 || ord === -2) {
    const rest = [...Array(A.ndim).keys()].filter((d) => d !== r && d !== c);
    const s = L.svdvals(A.permute([...rest, r, c]));
    const v = ord === "nuc" ? s.sum(-1) : ord === 2 ? s.amax(-1) : s.amin(-1);
    return keepdim ? v.unsqueeze(Math.min(r, c)).unsqueeze(Math.max(r, c)) : v;
  }
  throw new RuntimeError(`linalg.matrix_norm: Order ${fmtValue(ord)} not supported.`);
}

/** torch.svd (the legacy form: V rather than Vh, reduced unless some is false). */
export const LEGACY_SVD = {
  svd: defineOp({
    name: "svd",
    doc: "torch.svd: [U, S, V] with A = U diag(S) V^T (reduced unless some: false).",
    torch: {
      names: ["svd"],
      methods: ["svd"],
      overloads: [{
        sig: {
          pos: [req("input", "array"), opt("some", "bool", true), opt("computeUv", "bool", true)],
          kw: [opt("out", "outs", null)],
        },
        composite: true,
        returns: "arrays",
        names: ["U", "S", "V"],
        impl: (a: Args): Tensor[] => {
          const [U, S, Vh] = L.svd(a.input, !a.some);
          return a.computeUv ? [U, S, Vh.mT] : [U.newZeros(U.shape), S, Vh.newZeros(Vh.shape)];
        },
      }],
    },
  }),
};

/** torch.linalg composites. */
export const LINALG_COMPOSITES = {
  cross: defineOp({
    name: "cross",
    doc: "Cross product of 3-vectors along dim (-1 by default), other dims broadcast.",
    torch: {
      names: ["cross"],
      overloads: [{
        sig: { pos: [req("input", "array"), req("other", "array")], kw: [opt("dim", "int", -1), OUT] },
        composite: true,
        outDtype: torchExactOut,
        impl: (a: Args): TensorOps => torchCross(a.input, a.other, a.dim),
      }],
    },
  }),
  matrixNorm: defineOp({
    name: "matrixNorm",
    doc: "Matrix norm of the last two dims ('fro' by default; 'nuc', ±1, ±2, ±inf).",
    torch: {
      names: ["matrixNorm"],
      overloads: [{
        sig: {
          pos: [
            req("A", "array", { aliases: ["input"] }),
            opt("ord", "any", "fro"),
            opt("dim", "ints", [-2, -1]),
            opt("keepdim", "bool", false),
          ],
          kw: [opt("dtype", "dtype", null)],
        },
        composite: true,
        impl: (a: Args): Tensor => {
          floatNormInput(a.A);
          const A: Tensor = a.dtype ? (a.A as Tensor).to(a.dtype) : a.A;
          const dim = typeof a.dim === "number" ? [a.dim] : a.dim as number[];
          if (dim.length !== 2) {
            throw new RuntimeError(`linalg.matrix_norm: dim must be a 2-tuple. Got ${dim.join(" ")}`);
          }
          return matrixNorm(A, a.ord as number | string, dim, a.keepdim);
        },
      }],
    },
  }),
  norm: defineOp({
    name: "norm",
    doc: "Vector norm (1 dim or flattened) or matrix norm (2 dims), as torch.linalg.norm.",
    torch: {
      names: ["norm"],
      overloads: [{
        sig: {
          pos: [
            req("input", "array", { aliases: ["A"] }),
            opt("ord", "any", null),
            opt("dim", "ints", null),
            opt("keepdim", "bool", false),
          ],
          kw: [opt("dtype", "dtype", null)],
        },
        composite: true,
        impl: (a: Args): Tensor => {
          floatNormInput(a.input);
          const A: Tensor = a.dtype ? (a.input as Tensor).to(a.dtype) : a.input;
          const dim = a.dim === null ? null : typeof a.dim === "number" ? [a.dim] : a.dim as number[];
          if (
            typeof a.ord === "string" || (dim && dim.length === 2) || (dim === null && a.ord !== null && A.ndim === 2)
          ) {
            return matrixNorm(A, a.ord ?? "fro", dim ?? [-2, -1], a.keepdim);
          }
          return L.vectorNorm(A, a.ord ?? 2, dim, a.keepdim);
        },
      }],
    },
  }),
  pinv: defineOp({
    name: "pinv",
    doc: "Pseudo-inverse through the SVD (singular values below rtol * max cut).",
    torch: {
      names: ["pinv"],
      overloads: [{
        sig: {
          pos: [req("A", "array", { aliases: ["input"] })],
          kw: [opt("atol", "number", null), opt("rtol", "number", null), opt("hermitian", "bool", false)],
        },
        composite: true,
        impl: (a: Args): Tensor => {
          // hermitian: the lower triangle mirrored, what eigh (PyTorch's route for it) reads
          const A = a.hermitian ? (a.A as Tensor).tril().add((a.A as Tensor).tril(-1).mT) : a.A as Tensor;
          const m = A.shape[A.ndim - 2], n = A.shape[A.ndim - 1];
          if (A.numel() === 0) return A.mT.mul(0);
          const [U, S, Vh] = L.svd(A, false);
          // PyTorch's tolerance: max(atol, rtol * max(S)); rtol defaults to eps * max(m, n) unless atol is positive
          const atol = a.atol ?? 0;
          const rtol = a.rtol ??
            (atol > 0 ? 0 : Math.max(m, n) * (A.dtype === "float32" ? 1.1920929e-7 : 2.220446049250313e-16));
          const keep = S.gt(S.amax(-1, true).mul(rtol).clampMin(atol));
          const sinv = S.reciprocal().maskedFill(keep.logicalNot(), 0);
          return Vh.mT.mul(sinv.unsqueeze(-2)).matmul(U.mT);
        },
      }],
    },
  }),
};
