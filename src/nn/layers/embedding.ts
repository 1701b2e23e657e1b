/** Embedding (padding index, max norm, frozen pretrained weights). */
import { opt, req } from "../../api/signature.ts";
import { withGradMode } from "../../autograd/grad_mode.ts";
import type { Tensor } from "../../torch/tensor.ts";
import { functional as F } from "../functional.ts";
import { normal_ } from "../init.ts";
import { type ArgsOf, bind, binder, Module, Parameter } from "../module.ts";
import { pyFloat } from "../repr.ts";
import { emptyParam, FACTORY } from "./common.ts";

const EMB = {
  pos: [
    req("numEmbeddings", "int"),
    req("embeddingDim", "int"),
    opt("paddingIdx", "int", null),
    opt("maxNorm", "number", null),
    opt("normType", "number", 2),
    opt("scaleGradByFreq", "bool", false),
    opt("sparse", "bool", false),
    opt("_weight", "array", null),
    opt("_freeze", "bool", false),
    ...FACTORY,
  ],
  kw: [],
} as const;
const EMB_B = binder("Embedding", EMB);

/**
 * A lookup table of numEmbeddings vectors, initialized N(0, 1) with the
 * padding row zero (its gradient stays zero).
 *
 * @example
 * ```ts
 * import { nn, torch } from "../../../mod.ts";
 * const emb = new nn.Embedding(10, 3, { paddingIdx: 0 });
 * console.log(emb.forward(torch.tensor([[0, 2], [4, 9]])).shape); // [2, 2, 3]
 * ```
 */
export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | null;
  readonly maxNorm: number | null;
  readonly normType: number;
  readonly scaleGradByFreq: boolean;
  readonly sparse: boolean;
  weight: Parameter;
  constructor(...args: ArgsOf<typeof EMB>) {
    super();
    const a = bind(EMB_B, args);
    let pad: number | null = a.paddingIdx;
    if (pad !== null) {
      if (pad >= a.numEmbeddings || pad < -a.numEmbeddings) {
        throw new RangeError("Padding_idx must be within num_embeddings");
      }
      if (pad < 0) pad += a.numEmbeddings;
    }
    this.numEmbeddings = a.numEmbeddings;
    this.embeddingDim = a.embeddingDim;
    this.paddingIdx = pad;
    this.maxNorm = a.maxNorm;
    this.normType = a.normType;
    this.scaleGradByFreq = a.scaleGradByFreq;
    this.sparse = a.sparse;
    if (a._weight) {
      const w = a._weight as Tensor;
      if (w.shape.join() !== [a.numEmbeddings, a.embeddingDim].join()) {
        throw new RangeError("Shape of weight does not match num_embeddings and embedding_dim");
      }
      this.weight = new Parameter(w, !a._freeze);
    } else {
      this.weight = emptyParam([a.numEmbeddings, a.embeddingDim], a);
      if (a._freeze) this.weight.requiresGrad = false;
      this.resetParameters();
    }
  }
  /** N(0, 1), the padding row zero. */
  resetParameters(): void {
    normal_(this.weight);
    this.fillPaddingIdxWithZero();
  }
  protected fillPaddingIdxWithZero(): void {
    if (this.paddingIdx !== null) withGradMode(false, () => this.weight.select(0, this.paddingIdx!).fill_(0));
  }
  /** An Embedding over given weights (frozen unless freeze is false). */
  static fromPretrained(
    embeddings: Tensor,
    opts: {
      freeze?: boolean;
      paddingIdx?: number | null;
      maxNorm?: number | null;
      normType?: number;
      scaleGradByFreq?: boolean;
      sparse?: boolean;
    } = {},
  ): Embedding {
    if (embeddings.ndim !== 2) throw new RangeError("Embeddings parameter is expected to be 2-dimensional");
    const { freeze = true, ...rest } = opts;
    return new Embedding(embeddings.shape[0], embeddings.shape[1], { ...rest, _weight: embeddings, _freeze: freeze });
  }
  override forward(x: Tensor): Tensor {
    return F.embedding(x, this.weight, this.paddingIdx, this.maxNorm, this.normType, this.scaleGradByFreq, this.sparse);
  }
  override extraRepr(): string {
    let s = `${this.numEmbeddings}, ${this.embeddingDim}`;
    if (this.paddingIdx !== null) s += `, padding_idx=${this.paddingIdx}`;
    if (this.maxNorm !== null) s += `, max_norm=${pyFloat(this.maxNorm)}`;
    if (this.normType !== 2) s += `, norm_type=${pyFloat(this.normType)}`;
    if (this.scaleGradByFreq) s += ", scale_grad_by_freq=True";
    if (this.sparse) s += ", sparse=True";
    return s;
  }
}
