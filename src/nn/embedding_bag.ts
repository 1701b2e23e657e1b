/**
 * nn.functional.embedding_bag: sums, means or maxima of bags of embedding
 * rows, written with tensor ops so that autograd gives PyTorch's
 * gradients (the weight's, per_sample_weights'), as PyTorch's
 * _embedding_bag_cpu_impl computes them:
 *
 * - element i belongs to bag (number of bag starts <= i) - 1 (PyTorch's
 *   offset2bag: the last bag runs to the end of the input, with
 *   includeLastOffset too);
 * - sum / mean gather the rows through the embedding primitive (whose
 *   backward scales by frequency with scaleGradByFreq) and index_add them
 *   into their bags; padding entries take no part, a mean divides by the
 *   bag's count of other entries (an empty bag is zeros);
 * - max lays the bags out as (bags, longest bag, dim) and reduces with
 *   max(1): the first maximum wins, as the kernel's strict `>`; a NaN counts
 *   only as the bag's first entry, which the kernel's comparisons never
 *   replace; an empty bag is zeros with no gradient.
 *
 * The checks, their order and their messages are the Python wrapper's,
 * then the C++ op's. sparse gradients do not exist here: sparse=true gives
 * the dense gradient.
 *
 * torch.embedding_bag (embeddingBagNative) is ATen's op on the same code:
 * its checks and messages, its integer modes, and its three other outputs
 * as the CPU kernels fill them (offset2bag, bag_size, max_indices).
 *
 * Deliberate differences from PyTorch's CPU kernels: with
 * scaleGradByFreq each row's gradient is divided by that row's own count
 * in the input (as F.embedding's and the documentation's), where PyTorch's
 * CPU backward divides the k-th distinct index's gradient by the count of
 * the k-th entry of the sorted indices; and with includeLastOffset and a
 * last offset short of the input's length, the last bag runs to the end
 * of the input (PyTorch's offset2bag, which its float64, padding and max
 * paths follow) where its float32 sum / mean fast path stops at the last
 * offset.
 */
import type { Args } from "../api/define.ts";
import { isFloat, promoteTypesTorch, TORCH_TYPE_NAME } from "../core/dtype.ts";
import { RuntimeError } from "../core/errors.ts";
import { torch } from "../torch/mod.ts";
import type { Tensor } from "../torch/tensor.ts";
import { embeddingRenorm } from "./functional.ts";
import { P } from "./prims.ts";

const size = (t: Tensor) => `torch.Size([${t.shape.join(", ")}])`;

/**
 * F.embeddingBag's implementation (bound arguments: input, weight, offsets, maxNorm, normType, scaleGradByFreq, mode,
 * sparse, perSampleWeights, includeLastOffset, paddingIdx).
 */
export function embeddingBag(a: Args): Tensor {
  return bags(a).output;
}

/** The bags and what ATen's other outputs are made of. */
interface Bags {
  output: Tensor;
  /** Each index's bag (ATen's offset2bag), int64. */
  bag: Tensor;
  /** The indices as int64. */
  ids: Tensor;
  /** Which indices are not the padding index (null: no padding index). */
  keep: Tensor | null;
  /** The offsets as given (before includeLastOffset drops the last), int64. */
  offsets: Tensor;
  /** max: the index of each bag's maximum for each column (0 for a bag with no entry). */
  argmax: Tensor | null;
  weight: Tensor;
  padding: number | null;
}

function bags(a: Args): Bags {
  let input: Tensor = a.input, weight: Tensor = a.weight;
  if (weight.dtype === "int64" && isFloat(input.dtype)) {
    console.warn(
      "UserWarning: Argument order of nn.functional.embedding_bag was changed. Usage `embedding_bag(weight, input, " +
        "...)` is deprecated, and should now be `embedding_bag(input, weight, ...)`.",
    );
    [input, weight] = [weight, input];
  }
  const mode: string = a.mode, psw: Tensor | null = a.perSampleWeights;
  if (psw && psw.shape.join() !== input.shape.join()) {
    throw new RangeError(
      `embedding_bag: If per_sample_weights (${size(psw)}) is not None, then it must have the same shape as the ` +
        `input (${size(input)})`,
    );
  }
  if (weight.ndim !== 2) {
    throw new RangeError(`weight has to be a 2D Tensor, but got Tensor of dimension ${weight.ndim}`);
  }
  let idx = input, offsets: Tensor | null = a.offsets, includeLast: boolean = a.includeLastOffset;
  // (a 2-d input's bag starts are PyTorch's arange in the input's dtype: what the dtype check below sees)
  let offsetsDtype = offsets?.dtype;
  if (input.ndim === 2) {
    if (offsets !== null) {
      throw new RangeError(
        "if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length sequences. " +
          "However, found offsets of type <class 'torch.Tensor'>",
      );
    }
    if (input.shape[1] === 0) throw new RuntimeError("step must be nonzero");
    offsets = torch.arange(0, input.numel(), input.shape[1], { device: input.device });
    offsetsDtype = input.dtype;
    includeLast = false;
    idx = input.reshape(-1);
  } else if (input.ndim === 1) {
    if (offsets === null) throw new RangeError("offsets has to be a 1D Tensor but got None");
    if (offsets.ndim !== 1) throw new RangeError("offsets has to be a 1D Tensor");
  } else {
    throw new RangeError(`input has to be 1D or 2D Tensor, but got Tensor of dimension ${input.ndim}`);
  }
  if (mode !== "sum" && mode !== "mean" && mode !== "max") {
    throw new RangeError("mode has to be one of sum, mean or max");
  }
  if (mode === "max" && a.scaleGradByFreq) {
    throw new RangeError("max mode does not support scaling the gradient by the frequency");
  }
  if (mode === "max" && a.sparse) throw new RangeError("max mode does not support sparse weights");
  if (a.maxNorm !== null) embeddingRenorm(weight, idx, a.maxNorm, a.normType);
  if (psw && mode !== "sum") {
    throw new RuntimeError(
      `embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for mode='sum' (got ` +
        `mode='${mode}'). Please open a feature request on GitHub.`,
    );
  }
  const pad = paddingIndex(a.paddingIdx, weight.shape[0]);
  const [off, starts] = checkedStarts(idx, offsets, offsetsDtype!, weight, psw, includeLast);
  const ids = idx.to("int64"), n = ids.numel(), b = starts.numel(), dim = weight.shape[1];
  if (n > 0) {
    const bad = ids.lt(0).logicalOr(ids.ge(weight.shape[0]));
    if (bad.any().item()) {
      throw new RuntimeError(
        "embedding_bag: Expected idx >= 0 && idx < num_embeddings but found idx to be " +
          Number(ids.maskedSelect(bad).select(0, 0).item()),
      );
    }
  }
  // offset2bag: a one at each bag start (starts equal to n open empty trailing bags), summed, minus one
  const bag = ids.newZeros([n + 1]).indexAdd(0, starts, ids.newOnes([b])).narrow(0, 0, n).cumsum(0).sub(1);
  const keep = pad === null ? null : ids.ne(pad);
  const result = (output: Tensor, argmax: Tensor | null = null): Bags => ({
    output,
    bag,
    ids,
    keep,
    offsets: off,
    argmax,
    weight,
    padding: pad,
  });
  if (b === 0) return result(weight.narrow(0, 0, 0).clone());
  if (mode === "max" && n > 0) return result(...maxBags(weight, ids, bag, keep, b));
  let rows = P.embedding(weight, ids, null, a.scaleGradByFreq);
  if (psw) rows = rows.mul(psw.reshape([n, 1]));
  if (keep) rows = rows.where(keep.unsqueeze(1), 0);
  const out = weight.newZeros([b, dim]).indexAdd(0, bag, rows);
  // (max of no entries: zero bags, no maxima, the sum path's graph)
  if (mode !== "mean") return result(out, mode === "max" ? ids.newZeros([b, dim]) : null);
  const counts = weight.newZeros([b]).indexAdd(0, bag, keep ? keep.to(weight.dtype) : weight.newOnes([n]));
  return result(out.div(counts.clampMin(1).unsqueeze(1)));
}

/** padding_idx in [-rows, rows), made non-negative; null when none. */
function paddingIndex(p: number | null, rows: number): number | null {
  if (p === null) return null;
  if (p < -rows || p >= rows) {
    throw new RuntimeError(
      `padding_idx must be within the number of embeddings, -${rows} through ${rows - 1}, but got ${p}`,
    );
  }
  return p < 0 ? p + rows : p;
}

/** The C++ op's argument checks (check_arguments), in its order; returns the offsets and the bags' starts as int64. */
function checkedStarts(
  idx: Tensor,
  offsets: Tensor,
  offsetsDtype: string,
  weight: Tensor,
  psw: Tensor | null,
  includeLast: boolean,
): [Tensor, Tensor] {
  // indices and offsets are promoted to one type first, so the message names 'indices' for either
  const common = promoteTypesTorch(idx.dtype, offsetsDtype as Tensor["dtype"]);
  const name = TORCH_TYPE_NAME[common];
  if (common !== "int64" && common !== "int32") {
    throw new RuntimeError(
      "Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got " +
        `torch.${name}Tensor instead (while checking arguments for embedding_bag)`,
    );
  }
  if (!isFloat(weight.dtype)) {
    throw new RuntimeError(
      "Expected tensor for argument #1 'weight' to have one of the following scalar types: Half, BFloat16, Float, " +
        `Double; but got ${weight.type()} instead (while checking arguments for embedding_bag)`,
    );
  }
  const off = offsets.to("int64"), m = off.numel();
  if (m > 0) {
    const first = Number(off.select(0, 0).item()), last = Number(off.select(0, m - 1).item());
    if (first !== 0) {
      throw new RuntimeError(
        "offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start from position 0. However, " +
          `got ${first}\n[ torch.${name}Tensor{} ]`,
      );
    }
    if (last > idx.numel()) {
      throw new RuntimeError(
        `offsets[-1] can not be greater than input's length ${idx.numel()} but got offsets[-1] of ${last}`,
      );
    }
  }
  if (psw && psw.dtype !== weight.dtype) {
    throw new RuntimeError(
      "Expected tensor for argument #1 'weight' to have the same type as tensor for argument #1 " +
        `'per_sample_weights'; but type ${weight.type()} does not equal ${psw.type()} (while checking arguments for ` +
        "embedding_bag)",
    );
  }
  if (includeLast && m < 1) throw new RuntimeError("include_last_offset: number of offset should be at least 1");
  return [off, includeLast ? off.narrow(0, 0, m - 1) : off];
}

/**
 * mode "max": each bag's entries laid out in a row of (bags, longest bag, dim), reduced by max(1); also the index
 * (into weight) each maximum came from.
 */
function maxBags(weight: Tensor, ids: Tensor, bag: Tensor, keep: Tensor | null, b: number): [Tensor, Tensor] {
  const n = ids.numel(), dim = weight.shape[1];
  const len = ids.newZeros([b]).indexAdd(0, bag, ids.newOnes([n]));
  const longest = Number(len.max().item());
  const all = torch.arange(n, { device: ids.device });
  // each element's slot: its bag's row, its place in the bag
  const slot = bag.mul(longest).add(all.sub(len.cumsum(0).sub(len).indexSelect(0, bag)));
  const which = ids.newFull([b * longest], -1).scatter(0, slot, all);
  const elem = which.clampMin(0), words = ids.indexSelect(0, elem);
  // (padding entries hold a slot but take no part)
  const used = keep ? which.ge(0).logicalAnd(keep.indexSelect(0, elem)) : which.ge(0);
  const used2 = used.reshape([b, longest]);
  const first = used2.logicalAnd(used2.cumsum(1).eq(1)).unsqueeze(2);
  const vals = weight.indexSelect(0, words).reshape([b, longest, dim]);
  const counted = used2.unsqueeze(2).logicalAnd(first.logicalOr(vals.isnan().logicalNot()));
  const [best, at] = vals.where(counted, -Infinity).max(1);
  const any = used2.any(1).unsqueeze(1);
  return [best.where(any, 0), words.reshape([b, longest]).gather(1, at).where(any, 0)];
}

/** ATen's integer modes. */
const MODES = ["sum", "mean", "max"] as const;

/**
 * torch.embeddingBag (ATen's embedding_bag; bound arguments: weight, indices, offsets, scaleGradByFreq, mode 0 sum /
 * 1 mean / 2 max, sparse, perSampleWeights, includeLastOffset, paddingIdx, negative counted from the end): [output,
 * offset2bag, bag_size, max_indices] as PyTorch's CPU kernels give them. offset2bag is empty on the float32 sum path
 * without a padding index (the kernel's fast path), else each index's bag; bag_size is each bag's count of
 * non-padding entries for mean and max, zeros for sum (one per offset unless the weight requires grad); max_indices
 * is, for max, the weight row of each maximum (0 for a bag with none), else a copy of bag_size.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const w = torch.tensor([[1, 5], [3, 2], [0, 4]], { dtype: torch.float32 });
 * const [out, offset2bag, bagSize, maxIndices] = torch.embeddingBag(w, torch.tensor([0, 1, 2]), torch.tensor([0, 2]), false, 2);
 * assert.deepEqual(out.tolist(), [[3, 5], [0, 4]]);
 * assert.deepEqual([offset2bag.tolist(), bagSize.tolist(), maxIndices.tolist()], [[0, 0, 1], [2, 1], [[1, 0], [2, 2]]]);
 * ```
 */
export function embeddingBagNative(a: Args): Tensor[] {
  const mode = MODES[a.mode as number];
  if (mode === undefined) throw new RuntimeError("`mode` must be sum, mean, or max.");
  const indices: Tensor = a.indices, psw: Tensor | null = a.perSampleWeights;
  if (indices.ndim !== 1) {
    throw new RuntimeError(`embedding_bag: expected 1-D indices, got ${indices.ndim}-D [${indices.shape.join(", ")}]`);
  }
  if (psw && mode !== "sum") {
    throw new RuntimeError("embedding_bag: per_sample_weights only supported with mode='sum'");
  }
  if (psw && psw.numel() !== indices.numel()) {
    throw new RuntimeError(
      "Expected per_sample_weights.value().numel() == indices.numel() to be true, but got false.  (Could this error " +
        "message be improved?  If so, please report an enhancement request to PyTorch.)",
    );
  }
  const weight: Tensor = a.weight, rows = weight.shape[0];
  // (ATen checks the weight's rank before the indices' range, as a RuntimeError: F's is a ValueError)
  if (weight.ndim !== 2) {
    throw new RuntimeError(`weight has to be a 2D Tensor, but got Tensor of dimension ${weight.ndim}`);
  }
  if (isFloat(weight.dtype) && !isFloat(indices.dtype) && indices.numel() > 0) {
    const ids = indices.to("int64"), bad = ids.lt(0).logicalOr(ids.ge(rows));
    if (bad.any().item()) {
      const at = Number(bad.to("uint8").argmax().item());
      throw new RuntimeError(
        `Index ${at} of input takes value ${ids.select(0, at).item()} which is not in the valid range [0, ${rows})`,
      );
    }
  }
  const r = bags({
    input: indices,
    weight,
    offsets: a.offsets,
    maxNorm: null,
    normType: 2,
    // (F refuses these for max; ATen's max mode ignores them)
    scaleGradByFreq: mode !== "max" && a.scaleGradByFreq,
    mode,
    sparse: mode !== "max" && a.sparse,
    perSampleWeights: psw,
    includeLastOffset: a.includeLastOffset,
    paddingIdx: a.paddingIdx,
  });
  const nBags = r.output.shape[0];
  const fastPath = mode === "sum" && r.weight.dtype === "float32" && r.padding === null;
  const offset2bag = fastPath ? r.ids.newEmpty([0]) : r.bag;
  let bagSize: Tensor;
  if (mode === "sum") bagSize = r.ids.newZeros([r.weight.requiresGrad ? nBags : r.offsets.numel()]);
  else {
    const counted = r.keep ? r.keep.to("int64") : r.ids.newOnes([r.ids.numel()]);
    bagSize = nBags === 0 ? r.ids.newZeros([0]) : r.ids.newZeros([nBags]).indexAdd(0, r.bag, counted);
  }
  return [r.output, offset2bag, bagSize, r.argmax ?? bagSize.clone()];
}
