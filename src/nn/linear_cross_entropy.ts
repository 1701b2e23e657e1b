/**
 * F.linearCrossEntropy (PyTorch 2.13's linear_cross_entropy; its module,
 * nn.LinearCrossEntropyLoss, is in layers/linear_cross_entropy_loss.ts): cross entropy of `linear(input, linearWeight,
 * linearBias)` against the target, the logits shaped (N, C, d1, ..., dK)
 * for a (C, d1, ..., dK, in) weight (a K-dimensional loss). This is
 * PyTorch's reference path (`options=None`), composed of F.linear and
 * F.crossEntropy, so autograd reaches input, weight and bias; PyTorch's
 * chunked path (`options`, a memory saving with the same result) is not
 * offered.
 */
import type { Args } from "../api/define.ts";
import { RuntimeError } from "../core/errors.ts";
import type { Tensor } from "../torch/tensor.ts";
import { functional as F } from "./functional.ts";
import { P } from "./prims.ts";

/** A shape as Python prints a tuple. */
export const tuple = (s: readonly number[]) => `(${s.join(", ")}${s.length === 1 ? "," : ""})`;

/** F.linear_cross_entropy with bound arguments (PyTorch's checks and messages). */
export function linearCrossEntropy(a: Args): Tensor {
  const x: Tensor = a.input, w: Tensor = a.linearWeight, t: Tensor = a.target;
  let b: Tensor | null = a.linearBias;
  if (x.ndim < 1 || x.ndim > 2) throw new RuntimeError(`expected input with dimensionality 1 or 2, got ${x.ndim}`);
  if (w.ndim < 2) {
    throw new RuntimeError(`expected linear_weight with dimensionality at least 2, got ${w.ndim}`);
  }
  const batch = x.shape.slice(0, -1), inF = x.shape[x.ndim - 1];
  if (inF !== w.shape[w.ndim - 1]) {
    throw new RuntimeError(
      "expected equal input and linear_weight last dimensions (in_features), " +
        `got ${inF} and ${w.shape[w.ndim - 1]}, respectively`,
    );
  }
  const C = w.shape[0], outF = w.shape.slice(1, -1);
  if (b && b.shape.join() !== [C, ...outF].join()) {
    throw new RuntimeError(`expected linear_bias shape ${tuple([C, ...outF])}, got ${tuple(b.shape)}`);
  }
  if (outF.length > 0 && batch.length === 0) {
    throw new RuntimeError(
      `K-dimensional loss defined by linear_weight shape ${tuple(w.shape)} requires batched input, (N, ${inF}), ` +
        `got unbatched input with shape ${tuple(x.shape)}`,
    );
  }
  const logitsShape = [...batch, C, ...outF];
  // cross_entropy tells class probabilities from indices by the shapes being equal
  if (t.shape.join() === logitsShape.join() && t.ndim === logitsShape.length && a.ignoreIndex !== null) {
    throw new RuntimeError("ignore_index cannot be specified when target contains probabilities");
  }
  const n = outF.reduce((p, d) => p * d, C);
  const w2 = outF.length ? w.reshape([n, inF]) : w;
  if (b && outF.length) b = b.reshape([n]);
  const logits = P.linear(x, w2, b).reshape(logitsShape);
  return F.crossEntropy(logits, t, a.weight, {
    reduction: a.reduction,
    ignoreIndex: a.ignoreIndex ?? -100,
    labelSmoothing: a.labelSmoothing,
  });
}
