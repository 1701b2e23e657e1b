/**
 * nn.functional.ctcLoss: the connectionist temporal classification loss,
 * as PyTorch's ctc_loss composite (LossCTC.cpp) runs it around the
 * _ctc_loss primitive (src/torch/ops/nn_ctc.ts, whose CtcLossBackward0
 * node gives PyTorch's gradient): lengths given as tensors or integer
 * lists, an unbatched (T, C) input as a batch of one, zero_infinity's
 * where, and the reduction ("mean" divides each loss by its target length
 * clamped to 1, then averages over the batch).
 */
import type { Args } from "../api/define.ts";
import { isFloat } from "../core/dtype.ts";
import { RuntimeError } from "../core/errors.ts";
import { torchDim } from "../core/shape.ts";
import type { Tensor } from "../torch/tensor.ts";
import { P } from "./prims.ts";

/** Tensor lengths (any integer dtype, any shape) or an integer list as a JS list, with PyTorch's checks. */
function lengths(name: string, v: Tensor | number | readonly number[]): readonly number[] {
  // (the binder gives one integer for an "ints" parameter; PyTorch's int[] refuses a bare int)
  if (typeof v === "number") {
    throw new TypeError(`ctcLoss(): argument '${name}' must be a tensor or a list of integers`);
  }
  if (Array.isArray(v)) return v;
  const t = v as Tensor;
  if (isFloat(t.dtype) || t.dtype === "bool") throw new RuntimeError(`${name} must be integral`);
  return (t.reshape(-1).tolist() as (number | bigint)[]).map(Number);
}

/**
 * F.ctcLoss's implementation (bound arguments: logProbs, targets, inputLengths, targetLengths, blank, reduction,
 * zeroInfinity).
 */
export function ctcLoss(a: Args): Tensor {
  const x: Tensor = a.logProbs;
  // both overloads' lengths are checked before anything else, input_lengths first
  const il = lengths("input_lengths", a.inputLengths), tl = lengths("target_lengths", a.targetLengths);
  // (torch's unsqueeze message for a 0-d input: dendrite's unsqueeze words it as NumPy's axis error)
  const batched = x.ndim === 3, lp = batched ? x : x.unsqueeze(torchDim(1, x.ndim + 1));
  // the targets as int64 on the input's device (PyTorch's service: float or bool targets are cast too)
  const targets = (a.targets as Tensor).to(lp.device, "int64");
  let res = P._ctcLoss(lp, targets, il, tl, a.blank, a.zeroInfinity);
  if (a.zeroInfinity) res = res.where(res.ne(Infinity), 0);
  if (a.reduction === "mean") return res.div(res.newTensor(tl).clampMin(1)).mean();
  if (a.reduction === "sum") return res.sum();
  return batched ? res : res.squeeze(0);
}
