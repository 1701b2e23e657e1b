/** EmbeddingBag: sums, means or maxima of bags of embeddings without materializing the rows of each bag. */
import { opt, req } from "../../api/signature.ts";
import { withGradMode } from "../../autograd/grad_mode.ts";
import type { Tensor } from "../../torch/tensor.ts";
import { functional as F } from "../functional.ts";
import { normal_ } from "../init.ts";
import { type ArgsOf, bind, binder, Module, Parameter } from "../module.ts";
import { py, pyFloat } from "../repr.ts";
import { emptyParam, FACTORY } from "./common.ts";

const EMB_BAG = {
  pos: [
    req("numEmbeddings", "int"),
    req("embeddingDim", "int"),
    opt("maxNorm", "number", null),
    opt("normType", "number", 2),
    opt("scaleGradByFreq", "bool", false),
    opt("mode", "string", "mean"),
    opt("sparse", "bool", false),
    opt("_weight", "array", null),
    opt("includeLastOffset", "bool", false),
    opt("paddingIdx", "int", null),
    ...FACTORY,
  ],
  kw: [],
} as const;
const EMB_BAG_B = binder("EmbeddingBag", EMB_BAG);
const FWD = {
  pos: [req("input", "array"), opt("offsets", "array", null), opt("perSampleWeights", "array", null)],
  kw: [],
} as const;
const FWD_B = binder("EmbeddingBag.forward", FWD);

/** EmbeddingBag.fromPretrained's options (its constructor's, with freeze). */
export interface EmbeddingBagPretrainedOptions {
  freeze?: boolean;
  maxNorm?: number | null;
  normType?: number;
  scaleGradByFreq?: boolean;
  mode?: string;
  sparse?: boolean;
  includeLastOffset?: boolean;
  paddingIdx?: number | null;
}

/**
 * A lookup table whose forward reduces bags of rows (mode "sum", "mean" or "max"): forward(input, offsets?,
 * perSampleWeights?) with a 1-d input and the bags' start offsets, or a 2-d input of equal bags. The weight is
 * initialized N(0, 1) with the padding row zero; padding entries take no part in the bags.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const bag = new nn.EmbeddingBag(10, 3, { mode: "sum" });
 * const out = bag.forward(torch.tensor([1, 2, 4, 5, 4, 3, 2, 9]), torch.tensor([0, 4]));
 * assert.deepEqual(out.shape, [2, 3]);
 * assert.equal(String(bag), "EmbeddingBag(10, 3, mode='sum')");
 * ```
 */
export class EmbeddingBag extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly maxNorm: number | null;
  readonly normType: number;
  readonly scaleGradByFreq: boolean;
  readonly mode: string;
  readonly sparse: boolean;
  readonly includeLastOffset: boolean;
  readonly paddingIdx: number | null;
  weight: Parameter;
  constructor(...args: ArgsOf<typeof EMB_BAG>) {
    super();
    const a = bind(EMB_BAG_B, args);
    let pad: number | null = a.paddingIdx;
    if (pad !== null) {
      if (pad >= a.numEmbeddings || pad < -a.numEmbeddings) {
        throw new RangeError("padding_idx must be within num_embeddings");
      }
      if (pad < 0) pad += a.numEmbeddings;
    }
    this.numEmbeddings = a.numEmbeddings;
    this.embeddingDim = a.embeddingDim;
    this.maxNorm = a.maxNorm;
    this.normType = a.normType;
    this.scaleGradByFreq = a.scaleGradByFreq;
    this.paddingIdx = pad;
    if (a._weight) {
      const w = a._weight as Tensor;
      if (w.shape.join() !== [a.numEmbeddings, a.embeddingDim].join()) {
        throw new RangeError("Shape of weight does not match num_embeddings and embedding_dim");
      }
      this.weight = new Parameter(w);
    } else {
      this.weight = emptyParam([a.numEmbeddings, a.embeddingDim], a);
      this.resetParameters();
    }
    this.mode = a.mode;
    this.sparse = a.sparse;
    this.includeLastOffset = a.includeLastOffset;
  }
  /** N(0, 1), the padding row zero. */
  resetParameters(): void {
    normal_(this.weight);
    if (this.paddingIdx !== null) withGradMode(false, () => this.weight.select(0, this.paddingIdx!).fill_(0));
  }
  /** An EmbeddingBag over given weights (frozen unless freeze is false). */
  static fromPretrained(embeddings: Tensor, opts: EmbeddingBagPretrainedOptions = {}): EmbeddingBag {
    if (embeddings.ndim !== 2) throw new RangeError("Embeddings parameter is expected to be 2-dimensional");
    const { freeze = true, ...rest } = opts;
    const bag = new EmbeddingBag(embeddings.shape[0], embeddings.shape[1], { ...rest, _weight: embeddings });
    bag.weight.requiresGrad = !freeze;
    return bag;
  }
  /** The bags' reductions (B, embeddingDim): forward(input, offsets?, perSampleWeights?). */
  override forward(...args: ArgsOf<typeof FWD>): Tensor {
    const a = bind(FWD_B, args);
    return F.embeddingBag(
      a.input,
      this.weight,
      a.offsets,
      this.maxNorm,
      this.normType,
      this.scaleGradByFreq,
      this.mode,
      this.sparse,
      a.perSampleWeights,
      this.includeLastOffset,
      this.paddingIdx,
    );
  }
  override extraRepr(): string {
    let s = `${this.numEmbeddings}, ${this.embeddingDim}`;
    if (this.maxNorm !== null) s += `, max_norm=${pyFloat(this.maxNorm)}`;
    if (this.normType !== 2) s += `, norm_type=${pyFloat(this.normType)}`;
    if (this.scaleGradByFreq) s += `, scale_grad_by_freq=${py(true)}`;
    s += `, mode='${this.mode}'`;
    if (this.paddingIdx !== null) s += `, padding_idx=${this.paddingIdx}`;
    return s;
  }
}
