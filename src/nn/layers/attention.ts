/**
 * MultiheadAttention and TransformerEncoderLayer, as PyTorch's
 * (F.multi_head_attention_forward's steps: packed or separate input
 * projections, bias_k / bias_v, zero attention, key padding and attention
 * masks, averaged weights; the encoder layer's post- or pre-norm blocks).
 */
import { opt, req } from "../../api/signature.ts";
import { RuntimeError } from "../../core/errors.ts";
import type { Tensor } from "../../torch/tensor.ts";
import { functional as F } from "../functional.ts";
import { constant_, xavierNormal_, xavierUniform_ } from "../init.ts";
import { type ArgsOf, bind, binder, Module, type Parameter } from "../module.ts";
import { canonicalMask, multiHeadAttentionForward } from "../multi_head_attention_forward.ts";
import { Dropout } from "./dropout.ts";
import { emptyParam, FACTORY } from "./common.ts";
import { Linear, NonDynamicallyQuantizableLinear } from "./linear.ts";
import { LayerNorm } from "./norm.ts";

const MHA = {
  pos: [
    req("embedDim", "int"),
    req("numHeads", "int"),
    opt("dropout", "number", 0),
    opt("bias", "bool", true),
    opt("addBiasKv", "bool", false),
    opt("addZeroAttn", "bool", false),
    opt("kdim", "int", null),
    opt("vdim", "int", null),
    opt("batchFirst", "bool", false),
    ...FACTORY,
  ],
  kw: [],
} as const;
const MHA_B = binder("MultiheadAttention", MHA);
const MHA_FWD = binder("MultiheadAttention.forward", {
  pos: [
    req("query", "array"),
    req("key", "array"),
    req("value", "array"),
    opt("keyPaddingMask", "array", null),
    opt("needWeights", "bool", true),
    opt("attnMask", "array", null),
    opt("averageAttnWeights", "bool", true),
    opt("isCausal", "bool", false),
  ],
  kw: [],
});

/** A bool mask (true: masked out) as an additive float mask (PyTorch's _canonical_mask). */
export function floatMask(m: Tensor | null, like: Tensor): Tensor | null {
  return canonicalMask(m, "mask", like);
}

/** Multi-head attention (PyTorch's nn.MultiheadAttention): forward(query, key, value, options) returns [output, weights]. */
export class MultiheadAttention extends Module {
  readonly embedDim: number;
  readonly kdim: number;
  readonly vdim: number;
  readonly numHeads: number;
  readonly dropout: number;
  readonly batchFirst: boolean;
  readonly headDim: number;
  readonly addZeroAttn: boolean;
  readonly qkvSameEmbedDim: boolean;
  qProjWeight: Parameter | null = null;
  kProjWeight: Parameter | null = null;
  vProjWeight: Parameter | null = null;
  inProjWeight: Parameter | null = null;
  inProjBias: Parameter | null = null;
  outProj: Linear;
  biasK: Parameter | null = null;
  biasV: Parameter | null = null;

  constructor(...args: ArgsOf<typeof MHA>) {
    super();
    const a = bind(MHA_B, args);
    const e: number = a.embedDim;
    if (e <= 0 || a.numHeads <= 0) {
      throw new RangeError(
        `embed_dim and num_heads must be greater than 0, got embed_dim=${e} and num_heads=${a.numHeads} instead`,
      );
    }
    this.embedDim = e;
    this.kdim = a.kdim ?? e;
    this.vdim = a.vdim ?? e;
    this.qkvSameEmbedDim = this.kdim === e && this.vdim === e;
    this.numHeads = a.numHeads;
    this.dropout = a.dropout;
    this.batchFirst = a.batchFirst;
    this.headDim = Math.floor(e / a.numHeads);
    if (this.headDim * a.numHeads !== e) throw new RangeError("embed_dim must be divisible by num_heads");
    if (!this.qkvSameEmbedDim) {
      this.qProjWeight = emptyParam([e, e], a);
      this.kProjWeight = emptyParam([e, this.kdim], a);
      this.vProjWeight = emptyParam([e, this.vdim], a);
    } else this.inProjWeight = emptyParam([3 * e, e], a);
    if (a.bias) this.inProjBias = emptyParam([3 * e], a);
    this.outProj = new NonDynamicallyQuantizableLinear(e, e, { bias: a.bias, dtype: a.dtype, device: a.device });
    if (a.addBiasKv) {
      this.biasK = emptyParam([1, 1, e], a);
      this.biasV = emptyParam([1, 1, e], a);
    }
    this.addZeroAttn = a.addZeroAttn;
    this.resetParameters();
  }

  /** PyTorch's _reset_parameters: xavier_uniform_ on the projections, zero biases, xavier_normal_ on bias_k/v. */
  resetParameters(): void {
    if (this.qkvSameEmbedDim) xavierUniform_(this.inProjWeight!);
    else {
      xavierUniform_(this.qProjWeight!);
      xavierUniform_(this.kProjWeight!);
      xavierUniform_(this.vProjWeight!);
    }
    if (this.inProjBias) {
      constant_(this.inProjBias, 0);
      constant_(this.outProj.bias!, 0);
    }
    if (this.biasK) xavierNormal_(this.biasK);
    if (this.biasV) xavierNormal_(this.biasV);
  }

  /**
   * Attention of query over key/value: (L, N, E) ((N, L, E) with
   * batchFirst, or unbatched (L, E)); returns [output, weights or null].
   * Masks: keyPaddingMask (N, S) and attnMask (L, S) or (N*heads, L, S),
   * bool (true: not attended) or additive float.
   */
  override forward(...args: unknown[]): [Tensor, Tensor | null] {
    const a = bind(MHA_FWD, args);
    let q: Tensor = a.query, k: Tensor = a.key, v: Tensor = a.value;
    const batched = q.ndim === 3;
    if (this.batchFirst && batched) {
      // transposed once each, so that self-attention stays q === k === v (one packed projection)
      const t = new Map<Tensor, Tensor>();
      const tr = (x: Tensor) => t.get(x) ?? t.set(x, x.transpose(1, 0)).get(x)!;
      [q, k, v] = [tr(q), tr(k), tr(v)];
    }
    const [o, w] = multiHeadAttentionForward({
      query: q,
      key: k,
      value: v,
      embedDimToCheck: this.embedDim,
      numHeads: this.numHeads,
      inProjWeight: this.inProjWeight,
      inProjBias: this.inProjBias,
      biasK: this.biasK,
      biasV: this.biasV,
      addZeroAttn: this.addZeroAttn,
      dropoutP: this.dropout,
      outProjWeight: this.outProj.weight,
      outProjBias: this.outProj.bias,
      training: this.training,
      keyPaddingMask: a.keyPaddingMask,
      needWeights: a.needWeights,
      attnMask: a.attnMask,
      useSeparateProjWeight: !this.qkvSameEmbedDim,
      qProjWeight: this.qProjWeight,
      kProjWeight: this.kProjWeight,
      vProjWeight: this.vProjWeight,
      staticK: null,
      staticV: null,
      averageAttnWeights: a.averageAttnWeights,
      isCausal: a.isCausal,
    });
    return [this.batchFirst && batched ? o.transpose(1, 0) : o, w];
  }
}

/** TransformerEncoderLayer's constructor arguments (also TransformerDecoderLayer's). */
export const TEL = {
  pos: [
    req("dModel", "int"),
    req("nhead", "int"),
    opt("dimFeedforward", "int", 2048),
    opt("dropout", "number", 0.1),
    opt("activation", "any", "relu"),
    opt("layerNormEps", "number", 1e-5),
    opt("batchFirst", "bool", false),
    opt("normFirst", "bool", false),
    opt("bias", "bool", true),
    ...FACTORY,
  ],
  kw: [],
} as const;
const TEL_B = binder("TransformerEncoderLayer", TEL);
const TEL_FWD = binder("TransformerEncoderLayer.forward", {
  pos: [
    req("src", "array"),
    opt("srcMask", "array", null),
    opt("srcKeyPaddingMask", "array", null),
    opt("isCausal", "bool", false),
  ],
  kw: [],
});

/** A Transformer layer's activation: "relu" / "gelu" (PyTorch's F.relu / F.gelu), or the function or module given. */
export function transformerActivation(act: unknown): Module | ((x: Tensor) => Tensor) {
  if (act === "relu") return (x: Tensor) => x.relu();
  if (act === "gelu") return (x: Tensor) => F.gelu(x);
  if (typeof act === "string") throw new RuntimeError(`activation should be relu/gelu, not ${act}`);
  if (act instanceof Module || typeof act === "function") return act as Module;
  throw new TypeError(`activation should be relu/gelu, a function or a Module, not ${String(act)}`);
}

/**
 * An attention block of a Transformer layer (PyTorch's _sa_block / _mha_block): x attending over mem (x itself
 * for self-attention), without weights, then the block's dropout.
 */
export function attentionBlock(
  attn: MultiheadAttention,
  drop: Dropout,
  x: Tensor,
  mem: Tensor,
  mask: Tensor | null,
  kpm: Tensor | null,
  isCausal: boolean,
): Tensor {
  const [o] = attn.forward(x, mem, mem, { attnMask: mask, keyPaddingMask: kpm, needWeights: false, isCausal });
  return drop.forward(o);
}

/** A Transformer layer's feed-forward block (PyTorch's _ff_block): linear2(dropout(activation(linear1(x)))), then `drop`. */
export function feedForwardBlock(
  l: { linear1: Linear; dropout: Dropout; linear2: Linear; activation: Module | ((x: Tensor) => Tensor) },
  x: Tensor,
  drop: Dropout,
): Tensor {
  const act = l.activation, h = l.linear1.forward(x);
  return drop.forward(l.linear2.forward(l.dropout.forward(act instanceof Module ? act.forward(h) : act(h))));
}

/**
 * Self-attention and a feed-forward block, each with a residual and a
 * LayerNorm (after each block, or before with normFirst).
 *
 * @example
 * ```ts
 * import { nn, torch } from "../../../mod.ts";
 * const layer = new nn.TransformerEncoderLayer(16, 4, { dimFeedforward: 32, batchFirst: true });
 * console.log(layer.forward(torch.randn(2, 5, 16)).shape); // [2, 5, 16]
 * ```
 */
export class TransformerEncoderLayer extends Module {
  selfAttn: MultiheadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  readonly normFirst: boolean;
  norm1: LayerNorm;
  norm2: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;
  activation: Module | ((x: Tensor) => Tensor);

  constructor(...args: ArgsOf<typeof TEL>) {
    super();
    const a = bind(TEL_B, args);
    const f = { dtype: a.dtype, device: a.device };
    this.selfAttn = new MultiheadAttention(a.dModel, a.nhead, {
      dropout: a.dropout,
      bias: a.bias,
      batchFirst: a.batchFirst,
      ...f,
    });
    this.linear1 = new Linear(a.dModel, a.dimFeedforward, { bias: a.bias, ...f });
    this.dropout = new Dropout(a.dropout);
    this.linear2 = new Linear(a.dimFeedforward, a.dModel, { bias: a.bias, ...f });
    this.normFirst = a.normFirst;
    this.norm1 = new LayerNorm(a.dModel, { eps: a.layerNormEps, bias: a.bias, ...f });
    this.norm2 = new LayerNorm(a.dModel, { eps: a.layerNormEps, bias: a.bias, ...f });
    this.dropout1 = new Dropout(a.dropout);
    this.dropout2 = new Dropout(a.dropout);
    this.activation = transformerActivation(a.activation);
  }

  /** forward(src, srcMask?, srcKeyPaddingMask?, isCausal?). */
  override forward(...args: unknown[]): Tensor {
    const a = bind(TEL_FWD, args);
    let x: Tensor = a.src;
    const sa = (y: Tensor) =>
      attentionBlock(this.selfAttn, this.dropout1, y, y, a.srcMask, a.srcKeyPaddingMask, a.isCausal);
    if (this.normFirst) {
      x = x.add(sa(this.norm1.forward(x)));
      x = x.add(feedForwardBlock(this, this.norm2.forward(x), this.dropout2));
    } else {
      x = this.norm1.forward(x.add(sa(x)));
      x = this.norm2.forward(x.add(feedForwardBlock(this, x, this.dropout2)));
    }
    return x;
  }
}
