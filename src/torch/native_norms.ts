/**
 * ATen's fused normalisation and dropout ops with their extra outputs:
 * torch.native_batch_norm (output, save_mean, save_invstd),
 * native_layer_norm (output, mean, rstd), native_group_norm (output, mean,
 * rstd), native_dropout (output, mask) and batch_norm_update_stats (mean,
 * biased variance). The outputs are nn.functional's (reached through
 * NN_ALIAS_BRIDGE); the statistics are computed beside them as PyTorch
 * returns them: the batch and layer norms' detached (their autograd
 * formulas give them no gradient), the group norm's differentiable.
 */
import { type Args, torchComposite as alias } from "../api/define.ts";
import { nullableReq, req } from "../api/signature.ts";
import type { Functions } from "../api/surface.ts";
import { RuntimeError } from "../core/errors.ts";
import { torchDim } from "../core/shape.ts";
import { nnHooks } from "./nn_aliases.ts";
import type { Tensor } from "./tensor.ts";
import { torchFunctions } from "./tensor.ts";

const F = () => nnHooks().F;
const IN = req("input", "array");

/** The batch statistics of dim 1: the mean and the biased variance over every other dim. */
function channelStats(x: Tensor): [Tensor, Tensor] {
  const dims = x.shape.map((_, i) => i).filter((i) => i !== 1);
  const d = x.detach();
  return [d.mean(dims), d.var(dims, { correction: 0 })];
}

/** The batch statistics' input checks, as ATen's: a dim 1 (the channels), and an element when they are taken. */
function checkBatch(x: Tensor): void {
  torchDim(1, x.ndim);
  if (x.numel() === 0) {
    throw new RuntimeError(
      `input tensor must have at least one element, but got input_sizes = [${x.shape.join(", ")}]`,
    );
  }
}

function nativeBatchNorm(a: Args): Tensor[] {
  const x: Tensor = a.input;
  if (a.training) checkBatch(x);
  // (the statistics of this batch, before F.batchNorm updates the running ones in place)
  const stats = a.training ? channelStats(x) : null;
  const out = F().batchNorm(x, a.runningMean, a.runningVar, a.weight, a.bias, a.training, a.momentum, a.eps);
  if (!stats) return [out, x.newEmpty([0]), x.newEmpty([0])];
  return [out, stats[0], stats[1].add(a.eps).rsqrt()];
}

function nativeLayerNorm(a: Args): Tensor[] {
  const x: Tensor = a.input, shape: number[] = [a.normalizedShape].flat();
  const out = F().layerNorm(x, shape, a.weight, a.bias, a.eps);
  // (F.layerNorm checked the shapes) the statistics keep the normalized dims as ones
  const dims = shape.map((_, i) => x.ndim - shape.length + i), d = x.detach();
  const mean = d.mean(dims, true), rstd = d.var(dims, { correction: 0, keepdim: true }).add(a.eps).rsqrt();
  return [out, mean, rstd];
}

function nativeGroupNorm(a: Args): Tensor[] {
  const x: Tensor = a.input, n: number = a.N, c: number = a.C, hw: number = a.HxW, g: number = a.group;
  // (ATen's order: the group count, then the statistics' shape [N, group], then the element count)
  if (g <= 0) throw new RuntimeError(`Expected num groups to be greater than 0, got ${g}`);
  if (n < 0) throw new RuntimeError(`Trying to create tensor with negative dimension ${n}: [${n}, ${g}]`);
  if (x.numel() !== n * c * hw) {
    throw new RuntimeError(
      "Expected X.numel() == N * C * HxW to be true, but got false.  (Could this error message be improved?  If so, " +
        "please report an enhancement request to PyTorch.)",
    );
  }
  const out = F().groupNorm(x.reshape([n, c, hw]), g, a.weight, a.bias, a.eps).reshape(x.shape);
  // (F.groupNorm checked that g divides c; an explicit size, as -1 is ambiguous for an empty batch)
  const grouped = x.reshape([n, g, (c / g) * hw]);
  const mean = grouped.mean(2), rstd = grouped.var(2, { correction: 0 }).add(a.eps).rsqrt();
  return [out, mean, rstd];
}

function nativeDropout(a: Args): Tensor[] {
  const x: Tensor = a.input, p: number = a.p;
  // train null counts as training, as ATen's native_dropout
  if (a.train === false) return [x.clone(), x.newOnes(x.shape, { dtype: "bool" })];
  if (!(p >= 0 && p <= 1)) throw new RuntimeError(`bernoulli_ expects p to be in [0, 1], but got p=${1 - p}`);
  // F.dropout of ones is the scaled noise (0 or 1 / (1 - p)), drawn from the stream dropout of x would use
  const noise = F().dropout(x.newOnes(x.shape), p, true), mask = noise.ne(0);
  if (a.train) return [x.mul(noise), mask];
  // train null: ATen's backward formula scales by 1 unless train is true, so the gradient is the bare mask
  const kept = x.mul(mask);
  return [kept.add(kept.detach().mul(p === 1 ? 0 : p / (1 - p))), mask];
}

function batchNormUpdateStats(a: Args): Tensor[] {
  checkBatch(a.input);
  const x: Tensor = a.input, [mean, v] = channelStats(x);
  const m: number = a.momentum, count = x.numel() / x.shape[1];
  if (a.runningMean) a.runningMean.mul_(1 - m).add_(mean, { alpha: m });
  if (a.runningVar) a.runningVar.mul_(1 - m).add_(v.mul(count / (count - 1)), { alpha: m });
  return [mean, v];
}

/**
 * The declarations of torch's fused normalisation and dropout ops.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NATIVE_NORM_DECLS } from "./native_norms.ts";
 * assert.ok("nativeBatchNorm" in NATIVE_NORM_DECLS && "nativeDropout" in NATIVE_NORM_DECLS);
 * ```
 */
export const NATIVE_NORM_DECLS = {
  nativeBatchNorm: alias(
    "nativeBatchNorm",
    "Batch normalization: [output, save_mean, save_invstd] (the batch's statistics in training, empty otherwise).",
    {
      pos: [
        IN,
        nullableReq("weight"),
        nullableReq("bias"),
        nullableReq("runningMean"),
        nullableReq("runningVar"),
        req("training", "bool"),
        req("momentum", "number"),
        req("eps", "number"),
      ],
      kw: [],
    },
    nativeBatchNorm,
    "arrays",
  ),
  nativeLayerNorm: alias(
    "nativeLayerNorm",
    "Layer normalization: [output, mean, rstd] (statistics shaped as the input with ones for the normalized dims).",
    {
      pos: [IN, req("normalizedShape", "ints"), nullableReq("weight"), nullableReq("bias"), req("eps", "number")],
      kw: [],
    },
    nativeLayerNorm,
    "arrays",
  ),
  nativeGroupNorm: alias(
    "nativeGroupNorm",
    "Group normalization of an (N, C, HxW elements) input: [output, mean, rstd], statistics (N, group).",
    {
      pos: [
        IN,
        nullableReq("weight"),
        nullableReq("bias"),
        req("N", "int"),
        req("C", "int"),
        req("HxW", "int"),
        req("group", "int"),
        req("eps", "number"),
      ],
      kw: [],
    },
    nativeGroupNorm,
    "arrays",
  ),
  nativeDropout: alias(
    "nativeDropout",
    "Dropout: [output, mask] (the kept elements as a bool tensor; not training: a copy and an all-true mask).",
    { pos: [IN, req("p", "number"), { ...req("train", "bool"), nullable: true }], kw: [] },
    nativeDropout,
    "arrays",
  ),
  batchNormUpdateStats: alias(
    "batchNormUpdateStats",
    "The batch's [mean, biased variance] over every dim but 1, updating the running statistics in place.",
    { pos: [IN, nullableReq("runningMean"), nullableReq("runningVar"), req("momentum", "number")], kw: [] },
    batchNormUpdateStats,
    "arrays",
  ),
};

/**
 * The types of torch's fused normalisation and dropout ops.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import type { NativeNormFns } from "./native_norms.ts";
 * const f: NativeNormFns["nativeLayerNorm"] = torch.nativeLayerNorm;
 * const [, mean, rstd] = f(torch.tensor([[1, 3]], { dtype: torch.float32 }), [2], null, null, 0);
 * assert.deepEqual([mean.tolist(), rstd.tolist()], [[[2]], [[1]]]);
 * ```
 */
export type NativeNormFns = Functions<typeof NATIVE_NORM_DECLS, "torch", Tensor, Tensor>;
/**
 * torch.nativeBatchNorm, nativeLayerNorm, nativeGroupNorm, nativeDropout and batchNormUpdateStats (spread into the
 * torch namespace).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const x = torch.tensor([[1, 2], [3, 6]], { dtype: torch.float32 });
 * const [out, mean, invstd] = torch.nativeBatchNorm(x, null, null, null, null, true, 0.1, 0);
 * assert.deepEqual([out.tolist(), mean.tolist(), invstd.tolist()], [[[-1, -1], [1, 1]], [2, 4], [1, 0.5]]);
 * ```
 */
export const nativeNorms: NativeNormFns = torchFunctions(NATIVE_NORM_DECLS) as unknown as NativeNormFns;
