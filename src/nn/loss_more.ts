/**
 * nn.functional's multi_margin_loss, multilabel_margin_loss and
 * triplet_margin_with_distance_loss, written with tensor ops (gather,
 * where, sums) so that autograd gives PyTorch's gradients: each hinge term
 * counts only where it is strictly positive, as PyTorch's kernels test
 * `z > 0`, so a term exactly at the margin has no gradient.
 *
 * The shape checks, their order and their messages are PyTorch's
 * (LossMultiMargin.cpp, LossMultiLabelMargin.cpp and the Python wrappers).
 */
import { isGradEnabled } from "../autograd/grad_mode.ts";
import { isFloat, TORCH_TYPE_NAME } from "../core/dtype.ts";
import { RuntimeError } from "../core/errors.ts";
import { torch } from "../torch/mod.ts";
import type { Tensor } from "../torch/tensor.ts";
import { pairwiseDistance, reduceLoss } from "./functional.ts";
import { pyFloat } from "./repr.ts";

const fmt = (s: readonly number[]) => `[${s.join(", ")}]`;
const T = (t: Tensor) => TORCH_TYPE_NAME[t.dtype];

/** (frames, classes) of a margin loss's input: 0-d, (C) or (N, C) with C > 0 (PyTorch's shape check). */
function frames(x: Tensor): [number, number] {
  const nd = x.ndim;
  if (!((nd === 2 && x.shape[1] !== 0) || (nd === 1 && x.shape[0] !== 0) || nd === 0)) {
    throw new RuntimeError(
      `Expected non-empty vector or matrix with optional 0-dim batch size, but got: ${fmt(x.shape)}`,
    );
  }
  return nd <= 1 ? [1, nd === 0 ? 1 : x.shape[0]] : [x.shape[0], x.shape[1]];
}

/** The kernels' dtype dispatch: a float input (`kernel`: the name PyTorch's error gives) and an int64 target. */
function dtypes(kernel: string, x: Tensor, t: Tensor): void {
  if (!isFloat(x.dtype)) throw new RuntimeError(`"${kernel}" not implemented for '${T(x)}'`);
  if (t.dtype !== "int64") throw new RuntimeError(`expected scalar type Long but found ${T(t)}`);
}

/**
 * F.multi_margin_loss: per sample, sum over classes d != y of max(0, margin - x[y] + x[d])^p (times weight[y]),
 * divided by the number of classes. Reduction "none" gives a 0-d result for a 0-d target.
 */
export function multiMarginLoss(
  x: Tensor,
  t: Tensor,
  p: number,
  margin: number,
  w: Tensor | null,
  reduction: string,
): Tensor {
  if (p !== 1 && p !== 2) throw new RangeError("only p == 1 and p == 2 supported");
  if (w && w.ndim !== 1) throw new RangeError("weight must be one-dimensional");
  if (w && w.requiresGrad && isGradEnabled()) {
    throw new RuntimeError(
      "The function 'multi_margin_loss' is not differentiable with respect to argument 'weight'. This input cannot " +
        "have requires_grad True.",
    );
  }
  const [n, c] = frames(x);
  if (t.ndim > 1 || t.numel() !== n) {
    throw new RuntimeError(
      "multi_margin_loss: target tensor should be 1-D with size equal to the number of input samples (batch size). " +
        `Expected target size [${n}], but got ${fmt(t.shape)}. Input has shape ${fmt(x.shape)}.`,
    );
  }
  if (w && w.numel() !== c) throw new RuntimeError(`inconsistent weight size, expected ${c} but got ${fmt(w.shape)}`);
  // (an empty input returns before the kernel's dispatch)
  if (x.numel() > 0) {
    dtypes("multi_margin_loss_cpu_kernel", x, t);
    if (w && w.dtype !== x.dtype) throw new RuntimeError(`expected scalar type ${T(x)} but found ${T(w)}`);
  }
  const y = t.reshape([n]), col = y.unsqueeze(1), x2 = x.reshape([n, c]);
  if (n > 0 && (Number(y.min().item()) < 0 || Number(y.max().item()) >= c)) {
    throw new RuntimeError("target out of range");
  }
  // margin - x[y] + x[d], rounded in the kernel's order
  const z = x2.gather(1, col).neg().add(margin).add(x2);
  const active = z.gt(0).logicalAnd(torch.arange(c, { device: x.device }).ne(col));
  let h = z.where(active, 0);
  if (p === 2) h = h.mul(h);
  if (w) h = h.mul(w.gather(0, y).unsqueeze(1));
  const l = h.sum([1]).div(c);
  if (reduction === "none") return t.ndim === 0 ? l.reshape([]) : l;
  return reduceLoss(l, reduction);
}

/**
 * F.multilabel_margin_loss: per sample, the target's leading non-negative entries (up to the first -1) are the
 * sample's classes j; the loss sums max(0, 1 - x[j] + x[d]) over those j and every d that is not one of them, divided
 * by the number of classes. Reduction "none" gives one value per row of a 2-d input, else a 0-d result.
 */
export function multilabelMarginLoss(x: Tensor, t: Tensor, reduction: string): Tensor {
  const [n, c] = frames(x);
  const fits = x.ndim <= 1 ? t.ndim <= 1 && t.numel() === c : t.ndim === 2 && t.shape[0] === n && t.shape[1] === c;
  if (!fits) {
    throw new RuntimeError(`inconsistent target size: ${fmt(t.shape)} for input of size: ${fmt(x.shape)}`);
  }
  // (every entry is checked, also those after the first -1)
  if (t.numel() > 0 && (Number(t.min().item()) < -1 || Number(t.max().item()) >= c)) {
    throw new RuntimeError("argument #2 'target' is out of range");
  }
  if (x.numel() > 0) dtypes("multilabel_margin_loss_forward_out_frame", x, t);
  const x2 = x.reshape([n, c]), t2 = t.reshape([n, c]);
  const listed = t2.lt(0).cumsum(1).eq(0);
  const j = t2.where(listed, 0);
  const isTarget = x2.newZeros([n, c]).scatterAdd(1, j, listed.to(x2.dtype)).gt(0);
  // (n, j, d): 1 - x[target j] + x[d], rounded in the kernel's order
  const z = x2.gather(1, j).neg().add(1).unsqueeze(2).add(x2.unsqueeze(1));
  const active = z.gt(0).logicalAnd(listed.unsqueeze(2)).logicalAnd(isTarget.logicalNot().unsqueeze(1));
  const l = z.where(active, 0).sum([1, 2]).div(c);
  if (reduction === "none") return t.ndim <= 1 ? l.reshape([]) : l;
  return reduceLoss(l, reduction);
}

/** A distance between two batches of embeddings (F.tripletMarginWithDistanceLoss's distanceFunction). */
export type DistanceFunction = (x1: Tensor, x2: Tensor) => Tensor;

/**
 * F.triplet_margin_with_distance_loss: max(0, margin + d(anchor, positive) - d(anchor, negative)), d the given
 * distance (the pairwise 2-norm distance by default); with swap, d(anchor, negative) is replaced by
 * d(positive, negative) where that is smaller.
 */
export function tripletMarginWithDistanceLoss(
  anchor: Tensor,
  positive: Tensor,
  negative: Tensor,
  distance: DistanceFunction | null,
  margin: number,
  swap: boolean,
  reduction: string,
): Tensor {
  if (margin <= 0) throw new RangeError(`margin must be greater than 0, got ${pyFloat(margin)}`);
  if (anchor.ndim !== positive.ndim || positive.ndim !== negative.ndim) {
    throw new RuntimeError(
      "The anchor, positive, and negative tensors are expected to have the same number of dimensions, but got: " +
        `anchor ${anchor.ndim}D, positive ${positive.ndim}D, and negative ${negative.ndim}D inputs`,
    );
  }
  const d = distance ?? ((x1: Tensor, x2: Tensor) => pairwiseDistance(x1, x2, 2, 1e-6, false));
  const dp = d(anchor, positive);
  let dn = d(anchor, negative);
  if (swap) dn = dn.minimum(d(positive, negative));
  return reduceLoss(dp.add(margin).sub(dn).clampMin(0), reduction);
}
