/**
 * The derivative of scatter_reduce (src/api/ops/linalg_extra.ts), as
 * PyTorch's scatter_reduce_backward, merged into the one table
 * (src/torch/derivatives.ts).
 */
import type { Derivative, VjpCtx } from "./derivatives.ts";
import type { Tensor } from "./tensor.ts";

/** Gradients for self and src of each reduction (self's before include_self=false zeroes the scattered ones). */
function scatterReduceBackward(g: Tensor, c: VjpCtx): [Tensor, Tensor] {
  const x = c.a.input as Tensor, src = c.a.src as Tensor, index = c.a.index as Tensor, dim: number = c.a.dim;
  const reduce: string = c.a.reduce, inc: boolean = c.a.includeSelf, result = c.result;
  if (reduce === "sum") return [g, g.gather(dim, index)];
  if (reduce === "mean") {
    const counts = (inc ? g.newOnes(g.shape) : g.newZeros(g.shape)).scatterAdd(dim, index, src.newOnes(src.shape));
    const n = counts.maskedFill(counts.eq(0), 1);
    return [g.div(n), g.gather(dim, index).div(n.gather(dim, index))];
  }
  if (reduce === "prod") {
    // the products without each zero: a lone zero's gradient is the product of the others
    const maskedSelf = x.maskedFill(x.eq(0), 1);
    const gradSelf = g.mul(maskedSelf.scatterReduce(dim, index, src, "prod", { includeSelf: inc })).div(maskedSelf);
    const srcZero = src.eq(0);
    const zeros = x.newZeros(x.shape).scatterAdd(dim, index, srcZero.to(x.dtype)).gather(dim, index);
    const single = srcZero.logicalAnd(zeros.eq(1));
    const maskedSrcResult = x.scatterReduce(dim, index, src.maskedFill(single, 1), "prod", { includeSelf: inc });
    const gradSrc = g.mul(maskedSrcResult).gather(dim, index).where(
      single,
      g.mul(result).gather(dim, index).div(src.maskedFill(srcZero, 1)),
    );
    return [gradSelf, gradSrc];
  }
  // amax/amin: the gradient shared evenly by the elements equal to the result (self counted even when excluded,
  // as PyTorch does)
  const value = result.gather(dim, index);
  const selfIs = x.eq(result).to(x.dtype), srcIs = src.eq(value).to(x.dtype);
  const shared = g.div(selfIs.scatterAdd(dim, index, srcIs));
  return [selfIs.mul(shared), srcIs.mul(shared.gather(dim, index))];
}

/** By overload id. */
export const LINALG_EXTRA_DERIVATIVES: Readonly<Record<string, Derivative>> = {
  scatterReduce: {
    name: "ScatterReduceBackward0",
    inputs: ["input", "src"],
    saves: ["input", "src", "index", "result"],
    vjp: (g, c) => {
      const [gs, gsrc] = scatterReduceBackward(g, c);
      return [c.a.includeSelf ? gs : gs.scatter(c.a.dim, c.a.index, 0), gsrc];
    },
  },
};
