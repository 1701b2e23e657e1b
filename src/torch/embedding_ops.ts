/**
 * torch.embedding_bag and torch.embedding_renorm_ with ATen's signatures:
 * embedding_bag's integer mode (0 sum, 1 mean, 2 max), its four outputs
 * (output, offset2bag, bag_size, max_indices) and its two schemas (with and
 * without padding_idx, one declaration here: paddingIdx null means none).
 * Both run nn's code (src/nn/embedding_bag.ts, F.embedding's renorm),
 * reached through NN_ALIAS_BRIDGE.
 */
import { type Args, torchComposite as alias } from "../api/define.ts";
import { opt, req } from "../api/signature.ts";
import type { Functions } from "../api/surface.ts";
import { isFloat, TORCH_TYPE_NAME } from "../core/dtype.ts";
import { RuntimeError } from "../core/errors.ts";
import { nnHooks } from "./nn_aliases.ts";
import type { Tensor } from "./tensor.ts";
import { torchFunctions } from "./tensor.ts";

function embeddingRenorm_(a: Args): Tensor {
  const w: Tensor = a.input, idx: Tensor = a.indices;
  if (idx.dtype !== "int64" && idx.dtype !== "int32") {
    throw new RuntimeError(
      "Expected tensor for argument #2 'indices' to have one of the following scalar types: Long, Int; but got " +
        `torch.${TORCH_TYPE_NAME[idx.dtype]}Tensor instead (while checking arguments for embedding_renorm_)`,
    );
  }
  if (w.ndim !== 2) {
    throw new RuntimeError(
      `Expected 2-dimensional tensor, but got ${w.ndim}-dimensional tensor for argument #1 'self' (while checking ` +
        "arguments for embedding_renorm_)",
    );
  }
  if (w.requiresGrad && w.isLeaf) {
    throw new RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.");
  }
  if (idx.numel() > 0) {
    const ids = idx.reshape(-1), hi = Number(ids.max().item()), lo = Number(ids.min().item());
    const bad = lo < 0 ? lo : hi >= w.shape[0] ? hi : null;
    if (bad !== null) {
      throw new RangeError(
        `select(): index ${bad} out of range for tensor of size [${w.shape.join(", ")}] at dimension 0`,
      );
    }
    // (ATen takes each picked row's norm, so an integer weight fails only when a row is picked)
    if (!isFloat(w.dtype)) {
      throw new RuntimeError(
        `norm(): input dtype should be either floating point or complex. Got ${TORCH_TYPE_NAME[w.dtype]} instead.`,
      );
    }
  }
  nnHooks().embeddingRenorm(w, idx, a.maxNorm, a.normType);
  return w;
}

/**
 * The declarations of torch.embeddingBag and torch.embeddingRenorm_.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { EMBEDDING_OP_DECLS } from "./embedding_ops.ts";
 * assert.equal(EMBEDDING_OP_DECLS.embeddingBag.name, "embeddingBag");
 * ```
 */
export const EMBEDDING_OP_DECLS = {
  embeddingBag: alias(
    "embeddingBag",
    "Sums (mode 0), means (1) or maxima (2) of bags of weight rows: [output, offset2bag, bag_size, max_indices].",
    {
      pos: [
        req("weight", "array"),
        req("indices", "array"),
        req("offsets", "array"),
        opt("scaleGradByFreq", "bool", false),
        opt("mode", "int", 0),
        opt("sparse", "bool", false),
        opt("perSampleWeights", "array", null),
        opt("includeLastOffset", "bool", false),
        opt("paddingIdx", "int", null),
      ],
      kw: [],
    },
    (a) => nnHooks().embeddingBag(a),
    "arrays",
  ),
  embeddingRenorm_: alias(
    "embeddingRenorm_",
    "Rescales in place the rows the indices pick whose normType-norm exceeds maxNorm; returns the weight.",
    {
      pos: [req("input", "array"), req("indices", "array"), req("maxNorm", "number"), req("normType", "number")],
      kw: [],
    },
    embeddingRenorm_,
  ),
};

/**
 * The types of torch.embeddingBag and torch.embeddingRenorm_.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import type { EmbeddingOpFns } from "./embedding_ops.ts";
 * const renorm: EmbeddingOpFns["embeddingRenorm_"] = torch.embeddingRenorm_;
 * const w = torch.tensor([[3, 4], [0, 1]], { dtype: torch.float32 });
 * renorm(w, torch.tensor([0]), 1, 2);
 * assert.ok(w.allclose(torch.tensor([[0.6, 0.8], [0, 1]])));
 * ```
 */
export type EmbeddingOpFns = Functions<typeof EMBEDDING_OP_DECLS, "torch", Tensor, Tensor>;
/**
 * torch.embeddingBag and torch.embeddingRenorm_ (spread into the torch namespace).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const w = torch.tensor([[1, 2], [3, 4], [5, 6]], { dtype: torch.float32 });
 * const [out, , bagSize] = torch.embeddingBag(w, torch.tensor([0, 1, 2]), torch.tensor([0, 2]), false, 1);
 * assert.deepEqual([out.tolist(), bagSize.tolist()], [[[2, 3], [5, 6]], [2, 1]]);
 * ```
 */
export const embeddingOps: EmbeddingOpFns = torchFunctions(EMBEDDING_OP_DECLS) as unknown as EmbeddingOpFns;
