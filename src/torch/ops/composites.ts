/**
 * torch ops written from other torch ops (so autograd records their steps
 * and they need no derivative of their own): var/std (with PyTorch's
 * `correction` and legacy `unbiased` forms), norms and distances, lerp,
 * addcmul/addcdiv, pseudo-inverse, copy_.
 */
import { type Args, defineOp } from "../../api/define.ts";
import { checkFoundDtype, torchExactOut } from "../../api/ops/common.ts";
import { opt, req } from "../../api/signature.ts";
import { RuntimeError } from "../../core/errors.ts";
import { isFloat, TORCH_TYPE_NAME, torchResultType } from "../../core/dtype.ts";
import { copyInto, type Operand, torchElement } from "../../ops/operand.ts";
import type { TorchFns } from "../functions.ts";
import type { Tensor } from "../tensor.ts";

let F: TorchFns;
/** Gives these composites the torch functions (set once by functions.ts). */
export function setCompositeFns(f: TorchFns): void {
  F = f;
}

const INPUT = req("input", "array");
const DIM = opt("dim", "ints", null, { aliases: ["axis"] });
const KEEPDIM = opt("keepdim", "bool", false, { aliases: ["keepdims"] });

/** other - alpha * input, torch.sub with the operands swapped (its checks and its gradients). */
function rsub(a: Args): Tensor {
  return F.sub(a.other, a.input, { alpha: a.alpha });
}

/** Variance with `correction` (N - correction in the denominator), over dims. */
function variance(x: Tensor, dim: number | readonly number[] | null, correction: number, keepdim: boolean): Tensor {
  if (!isFloat(x.dtype)) {
    throw new RuntimeError(
      `std and var only support floating point and complex dtypes, got ${TORCH_TYPE_NAME[x.dtype]}`,
    );
  }
  // dim=[] is every dim, as PyTorch's reductions read it
  const all = dim === null || (typeof dim !== "number" && dim.length === 0);
  const dims = all ? [...Array(x.ndim).keys()] : typeof dim === "number" ? [dim] : [...dim];
  const n = dims.reduce((p, d) => p * x.shape[d < 0 ? d + x.ndim : d], 1);
  const mu = x.mean(dims, true);
  const dev = x.sub(mu);
  return dev.mul(dev).sum(dims, keepdim).div(Math.max(n - correction, 0));
}

/** Binds var/std's three call forms to (dim, correction, keepdim). */
function varArgs(a: Args): [number | readonly number[] | null, number, boolean] {
  const correction = a.unbiased !== undefined && a.unbiased !== null ? (a.unbiased ? 1 : 0) : (a.correction ?? 1);
  return [a.dim ?? null, correction, a.keepdim ?? false];
}

function varDecl<const N extends "var" | "std">(name: N) {
  const f = (a: Args): Tensor => {
    const [dim, corr, keep] = varArgs(a);
    const v = variance(a.input, dim, corr, keep);
    return name === "std" ? v.sqrt() : v;
  };
  return defineOp({
    name,
    doc: `${
      name === "var" ? "Variance" : "Standard deviation"
    } over dims, dividing by N - correction (correction 1 by default).`,
    torch: {
      names: [name],
      methods: [name],
      overloads: [
        { sig: { pos: [INPUT, req("unbiased", "bool")], kw: [] }, composite: true, impl: f },
        {
          sig: {
            pos: [INPUT, req("dim", "ints", { aliases: ["axis"] }), req("unbiased", "bool"), KEEPDIM],
            kw: [opt("out", "out", null)],
          },
          composite: true,
          impl: f,
        },
        {
          sig: {
            pos: [INPUT, DIM],
            kw: [opt("correction", "number", null), KEEPDIM, opt("unbiased", "bool", null), opt("out", "out", null)],
          },
          composite: true,
          impl: f,
        },
      ],
    },
  });
}

function varMeanDecl<const N extends "varMean" | "stdMean">(name: N) {
  return defineOp({
    name,
    doc: `[${name === "varMean" ? "var" : "std"}, mean] over dims.`,
    torch: {
      names: [name],
      overloads: [{
        sig: { pos: [INPUT, DIM], kw: [opt("correction", "number", null), KEEPDIM, opt("unbiased", "bool", null)] },
        composite: true,
        returns: "arrays",
        impl: (a: Args): Tensor[] => {
          const [dim, corr, keep] = varArgs(a);
          const v = variance(a.input, dim, corr, keep);
          return [name === "stdMean" ? v.sqrt() : v, (a.input as Tensor).mean(dim, keep)];
        },
      }],
    },
  });
}

/** PyTorch's norms refuse integer input (even with a float dtype). */
export function floatNormInput(x: Tensor): void {
  if (!isFloat(x.dtype)) {
    throw new RuntimeError(
      `linalg.vector_norm: Expected a floating point or complex tensor as input. Got ${TORCH_TYPE_NAME[x.dtype]}`,
    );
  }
}

/** torch.norm's dispatch: vector p-norms, "fro" and "nuc" matrix norms. */
function norm(
  x: Tensor,
  p: number | string,
  dim: number | readonly number[] | null,
  keepdim: boolean,
  L: TorchLinalgLike,
): Tensor {
  // (PyTorch's torch.norm: "fro" over more than two dims is a matrix norm, whose dim check refuses it)
  if (p === "fro" && !(Array.isArray(dim) && dim.length > 2)) return L.vectorNorm(x, 2, dim, keepdim);
  if (p === "fro") return L.matrixNorm(x, "fro", dim as readonly number[], keepdim);
  if (p === "nuc") return L.matrixNorm(x, "nuc", dim ?? [-2, -1], keepdim);
  return L.vectorNorm(x, p as number, dim, keepdim);
}

/** The torch.linalg functions composites use (supplied at call time). */
interface TorchLinalgLike {
  vectorNorm(x: Tensor, ord: number, dim: number | readonly number[] | null, keepdim: boolean): Tensor;
  matrixNorm(x: Tensor, ord: number | string, dim: number | readonly number[], keepdim: boolean): Tensor;
  svd(x: Tensor, fullMatrices: boolean): Tensor[];
}
let linalgRef: TorchLinalgLike | null = null;
/** Gives composites torch.linalg (set once by src/torch/functions.ts). */
export function setLinalg(l: TorchLinalgLike): void {
  linalgRef = l;
}

/** torch composites. */
/**
 * x + value * t (addcmul, addcdiv): value converts into the result's dtype with PyTorch's checked conversion, which
 * truncates a fraction for an integer result (add's alpha refuses one).
 */
function addScaled(x: Tensor, t: Tensor, value: number | boolean | bigint): Tensor {
  // (two tensors: the default float dtype never applies)
  const kinds = [{ dtype: x.dtype, zeroDim: x.ndim === 0 }, { dtype: t.dtype, zeroDim: t.ndim === 0 }];
  const dt = torchResultType(kinds, "float32");
  return x.add(t, { alpha: torchElement(value, dt) });
}

export const COMPOSITES = {
  diff: defineOp({
    name: "diff",
    doc: "The n-th differences along dim (prepend and append joined first; bool gives logical xor).",
    torch: {
      names: ["diff"],
      methods: ["diff"],
      overloads: [{
        sig: {
          pos: [
            INPUT,
            opt("n", "int", 1),
            opt("dim", "int", -1),
            opt("prepend", "array", null),
            opt("append", "array", null),
          ],
          kw: [opt("out", "out", null)],
        },
        composite: true,
        impl: (a: Args): Tensor => {
          const x = a.input as Tensor;
          if (x.ndim === 0) throw new RuntimeError("diff expects input to be at least one-dimensional");
          if (a.n < 0) throw new RuntimeError(`order must be non-negative but got ${a.n}`);
          const d = a.dim < 0 ? a.dim + x.ndim : a.dim;
          if (d < 0 || d >= x.ndim) {
            throw new RangeError(
              `Dimension out of range (expected to be in range of [${-x.ndim}, ${x.ndim - 1}], but got ${a.dim})`,
            );
          }
          const parts = [a.prepend, x, a.append].filter((t) => t !== null) as Tensor[];
          let y = parts.length > 1 ? F.cat(parts, d) : x;
          for (let i = 0; i < a.n && y.shape[d] > 0; i++) {
            const m = y.shape[d], hi = y.narrow(d, 1, m - 1), lo = y.narrow(d, 0, m - 1);
            y = y.dtype === "bool" ? hi.logicalXor(lo) : hi.sub(lo);
          }
          return y;
        },
      }],
    },
  }),
  var: varDecl("var"),
  std: varDecl("std"),
  varMean: varMeanDecl("varMean"),
  stdMean: varMeanDecl("stdMean"),
  norm: defineOp({
    name: "norm",
    doc: "Vector p-norm (2 by default, over all elements), or the Frobenius / nuclear matrix norm.",
    torch: {
      names: ["norm"],
      methods: ["norm"],
      overloads: [{
        sig: { pos: [INPUT, opt("p", "any", "fro"), DIM, KEEPDIM], kw: [opt("dtype", "dtype", null)] },
        composite: true,
        impl: (a: Args): Tensor => {
          floatNormInput(a.input);
          const x: Tensor = a.dtype ? (a.input as Tensor).to(a.dtype) : a.input;
          return norm(x, a.p as number | string, a.dim, a.keepdim, linalgRef!);
        },
      }],
    },
  }),
  dist: defineOp({
    name: "dist",
    doc: "The p-norm of input - other.",
    torch: {
      names: ["dist"],
      methods: ["dist"],
      overloads: [{
        sig: { pos: [INPUT, req("other", "array"), opt("p", "number", 2)], kw: [] },
        composite: true,
        impl: (a: Args): Tensor => linalgRef!.vectorNorm((a.input as Tensor).sub(a.other), a.p, null, false),
      }],
    },
  }),
  hardshrink: defineOp({
    name: "hardshrink",
    doc: "x where |x| > lambd, else 0 (also torch.nn.functional.hardshrink).",
    torch: {
      names: ["hardshrink"],
      methods: ["hardshrink"],
      overloads: [{
        sig: { pos: [INPUT, opt("lambd", "number", 0.5)], kw: [] },
        composite: true,
        impl: (a: Args): Tensor => {
          const x = a.input as Tensor;
          if (!isFloat(x.dtype)) {
            throw new RuntimeError(`"hardshrink_cpu" not implemented for '${TORCH_TYPE_NAME[x.dtype]}'`);
          }
          // lambd in the input's dtype, with PyTorch's overflow check
          const l = torchElement(a.lambd, x.dtype) as number;
          return x.where(x.ge(-l).logicalAnd(x.le(l)).logicalNot(), 0);
        },
      }],
    },
  }),
  rsub: defineOp({
    name: "rsub",
    doc: "torch.rsub: other - alpha * input (alpha by position only after a number `other`, as PyTorch's schemas).",
    torch: {
      names: ["rsub"],
      overloads: [
        { sig: { pos: [INPUT, req("other", "array")], kw: [opt("alpha", "scalar", 1)] }, composite: true, impl: rsub },
        {
          sig: { pos: [INPUT, req("other", "scalar"), opt("alpha", "scalar", 1)], kw: [] },
          composite: true,
          impl: rsub,
        },
      ],
    },
  }),
  lerp: defineOp({
    name: "lerp",
    doc: "input + weight * (end - input).",
    torch: {
      names: ["lerp"],
      methods: ["lerp"],
      inplace: ["lerp_"],
      overloads: [{
        sig: { pos: [INPUT, req("end", "array"), req("weight", "arrayOrScalar")], kw: [opt("out", "out", null)] },
        composite: true,
        outDtype: checkFoundDtype,
        impl: (a: Args): Tensor => {
          const x = a.input as Tensor;
          if (!isFloat(x.dtype)) {
            const k = typeof a.weight === "object" ? "lerp_kernel_tensor" : "lerp_kernel_scalar";
            throw new RuntimeError(`"${k}" not implemented for '${TORCH_TYPE_NAME[x.dtype]}'`);
          }
          // a number weight converts into the dtype with PyTorch's overflow check
          const w = typeof a.weight === "object" ? a.weight : torchElement(a.weight, x.dtype);
          return x.add((a.end as Tensor).sub(x).mul(w));
        },
      }],
    },
  }),
  addcmul: defineOp({
    name: "addcmul",
    doc: "input + value * tensor1 * tensor2.",
    torch: {
      names: ["addcmul"],
      methods: ["addcmul"],
      inplace: ["addcmul_"],
      overloads: [{
        sig: {
          pos: [INPUT, req("tensor1", "array"), req("tensor2", "array")],
          kw: [opt("value", "scalar", 1), opt("out", "out", null)],
        },
        composite: true,
        impl: (a: Args): Tensor => {
          if ((a.input as Tensor).dtype === "bool") {
            throw new RuntimeError(`"addcmul_cpu_out" not implemented for 'Bool'`);
          }
          return addScaled(a.input, (a.tensor1 as Tensor).mul(a.tensor2), a.value);
        },
      }],
    },
  }),
  addcdiv: defineOp({
    name: "addcdiv",
    doc: "input + value * tensor1 / tensor2.",
    torch: {
      names: ["addcdiv"],
      methods: ["addcdiv"],
      inplace: ["addcdiv_"],
      overloads: [{
        sig: {
          pos: [INPUT, req("tensor1", "array"), req("tensor2", "array")],
          kw: [opt("value", "scalar", 1), opt("out", "out", null)],
        },
        composite: true,
        impl: (a: Args): Tensor => {
          const t1 = a.tensor1 as Tensor, t2 = a.tensor2 as Tensor;
          if (!isFloat(t1.dtype) && !isFloat(t2.dtype)) {
            throw new RuntimeError(
              "Integer division with addcdiv is no longer supported, and in a future release addcdiv will perform a true division of tensor1 and tensor2.",
            );
          }
          return addScaled(a.input, t1.div(t2), a.value);
        },
      }],
    },
  }),
  innerTorch: defineOp({
    name: "inner",
    doc: "Sum product over the last dims (a product with a 0-d tensor is element-wise).",
    torch: {
      names: ["inner"],
      methods: ["inner"],
      overloads: [{
        sig: { pos: [INPUT, req("other", "array")], kw: [opt("out", "out", null)] },
        composite: true,
        outDtype: torchExactOut,
        impl: (a: Args): Tensor => {
          const x = a.input as Tensor, y = a.other as Tensor;
          if (x.ndim === 0 || y.ndim === 0) return x.mul(y);
          const n = x.shape[x.ndim - 1];
          if (y.shape[y.ndim - 1] !== n) {
            throw new RuntimeError(
              `inner() the last dimension must match on both input tensors but got shapes [${x.shape}] and [${y.shape}]`,
            );
          }
          const r = x.reshape(-1, n).matmul(y.reshape(-1, n).mT);
          return r.reshape([...x.shape.slice(0, -1), ...y.shape.slice(0, -1)]);
        },
      }],
    },
  }),
  maskedScatter: defineOp({
    name: "maskedScatter",
    doc: "The tensor with the elements where mask (broadcast) is true replaced by source's first elements, in order.",
    torch: {
      names: ["maskedScatter"],
      methods: ["maskedScatter"],
      inplace: ["maskedScatter_"],
      overloads: [{
        sig: { pos: [INPUT, req("mask", "array"), req("source", "array")], kw: [] },
        composite: true,
        impl: (a: Args): Tensor => {
          const x = a.input as Tensor, mask = a.mask as Tensor, src = a.source as Tensor;
          if (mask.dtype !== "bool") {
            throw new RuntimeError(
              `masked_scatter_ only supports boolean masks, but got mask with dtype ${TORCH_TYPE_NAME[mask.dtype]}`,
            );
          }
          if (src.dtype !== x.dtype) {
            throw new RuntimeError(
              `masked_scatter: expected self and source to have same dtypes but got${TORCH_TYPE_NAME[x.dtype]} and ` +
                TORCH_TYPE_NAME[src.dtype],
            );
          }
          const [base, m] = F.broadcastTensors(x, mask);
          const n = Number(m.sum().item());
          if (src.numel() < n) throw new RuntimeError("Number of elements of source < number of ones in mask");
          // an index put of source's first n elements: autograd gives self g off the mask and source g on it
          const out = base.clone();
          out.set(m, src.reshape(-1).narrow(0, 0, n));
          return out;
        },
      }],
    },
  }),
  copyInPlace: defineOp({
    name: "copy_",
    doc: "Copies src into the tensor (broadcasting, converting dtype), in place.",
    torch: {
      names: [],
      inplace: ["copy_"],
      overloads: [{
        // PyTorch's Python binding calls it `other`
        sig: {
          pos: [INPUT, req("src", "array", { aliases: ["other"] })],
          kw: [opt("nonBlocking", "bool", false), opt("out", "out", null)],
        },
        id: "copy_",
        impl: (a: Args): Operand => {
          const out: Operand = a.out ?? a.input;
          copyInto(a.src, out);
          return out;
        },
      }],
    },
  }),
};
