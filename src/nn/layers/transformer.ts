/**
 * The Transformer stack as PyTorch's: TransformerEncoder and
 * TransformerDecoder (num_layers deep copies of a layer, an optional final
 * norm), TransformerDecoderLayer (self-attention, cross-attention over the
 * memory and a feed-forward block, post- or pre-norm) and Transformer (an
 * encoder and a decoder of those, xavier-uniform matrices). Masks are
 * PyTorch's: attention masks (L, S) or (N * heads, L, S), key padding masks
 * (N, S), bool (true: not attended) or additive float; a mask equal to the
 * causal mask is detected as such (the is_causal hint).
 */
import { opt, req, type Sig } from "../../api/signature.ts";
import { RuntimeError } from "../../core/errors.ts";
import { snakeCase } from "../../core/names.ts";
import { torch } from "../../torch/mod.ts";
import { Tensor } from "../../torch/tensor.ts";
import { ModuleList } from "../containers.ts";
import { xavierUniform_ } from "../init.ts";
import { type ArgsOf, bind, binder, Module, Parameter } from "../module.ts";
import {
  attentionBlock,
  feedForwardBlock,
  floatMask,
  MultiheadAttention,
  TEL,
  transformerActivation,
  TransformerEncoderLayer,
} from "./attention.ts";
import { FACTORY } from "./common.ts";
import { Dropout } from "./dropout.ts";
import { Linear } from "./linear.ts";
import { LayerNorm } from "./norm.ts";

// ---------- copies of a layer (PyTorch's _get_clones: copy.deepcopy) ----------

/** Module's registration API for names kept verbatim (containers, registerParameter), reached from outside it. */
interface Verbatim {
  _verbatim(): [string, Module | Parameter | null][];
  _registerVerbatim(name: string, value: Module | Parameter | null): void;
}

/**
 * copy.deepcopy of a value inside a module: tensors and parameters copied
 * (values, dtype, requiresGrad), modules copied field by field, arrays,
 * plain objects and Maps copied; a value reached twice is copied once
 * (`memo`). Functions and other objects (generators, ...) are shared.
 */
export function deepcopy<V>(v: V, memo: Map<unknown, unknown>): V {
  if (v === null || typeof v !== "object") return v;
  if (memo.has(v)) return memo.get(v) as V;
  let out: unknown;
  if (v instanceof Tensor) {
    const t = v.detach().clone();
    out = v instanceof Parameter ? new Parameter(t, v.requiresGrad) : v.requiresGrad ? t.requiresGrad_(true) : t;
  } else if (v instanceof Module) return copyModule(v, memo) as V;
  else if (Array.isArray(v)) {
    const a: unknown[] = [];
    memo.set(v, a);
    for (const x of v) a.push(deepcopy(x, memo));
    return a as V;
  } else if (v instanceof Map) {
    const m = new Map();
    memo.set(v, m);
    for (const [k, x] of v) m.set(deepcopy(k, memo), deepcopy(x, memo));
    return m as V;
  } else {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return v;
    const o: Record<string, unknown> = Object.create(proto);
    memo.set(v, o);
    for (const [k, x] of Object.entries(v)) o[k] = deepcopy(x, memo);
    return o as V;
  }
  memo.set(v, out);
  return out as V;
}

/**
 * A copy of a module: an object of its class made by Module's constructor
 * alone (the class's constructor does not run, so nothing is drawn from
 * the generator, as deepcopy), its fields, buffers and verbatim
 * registrations copied in their order. Hooks are not copied.
 */
function copyModule(m: Module, memo: Map<unknown, unknown>): Module {
  const c = Reflect.construct(Module, [], m.constructor) as Module;
  memo.set(m, c);
  const verbatim = (m as unknown as Verbatim)._verbatim(), names = new Set(verbatim.map(([k]) => k));
  const persistent = new Set(Object.keys(m.stateDict({ keepVars: true })));
  for (const k of Object.getOwnPropertyNames(m)) {
    if (k === "forward" || names.has(k)) continue; // forward: Module's constructor made the copy's own
    const d = Object.getOwnPropertyDescriptor(m, k)!;
    if ("value" in d) Object.defineProperty(c, k, { ...d, value: deepcopy(d.value, memo) });
    else {
      // an accessor on the instance that is not a verbatim registration: a buffer (registerBuffer)
      const b = (m as unknown as Record<string, Tensor | null>)[k];
      c.registerBuffer(k, deepcopy(b, memo), { persistent: b === null || persistent.has(snakeCase(k)) });
    }
  }
  for (const [k, v] of verbatim) (c as unknown as Verbatim)._registerVerbatim(k, deepcopy(v, memo));
  return c;
}

/** A ModuleList of n copies of a layer (PyTorch's _get_clones: they start with the layer's weights). */
function clones(layer: unknown, n: number, what: string): ModuleList {
  if (!(layer instanceof Module)) throw new TypeError(`${what}: ${describe(layer)} is not a Module subclass`);
  return new ModuleList(Array.from({ length: Math.max(n, 0) }, () => deepcopy(layer, new Map())));
}

function describe(v: unknown): string {
  return v === null ? "null" : typeof v === "object" ? (v as object).constructor?.name ?? "object" : typeof v;
}

// ---------- masks ----------

/** torch.triu(torch.full((sz, sz), -inf), 1): -inf above the diagonal (true for bool), zeros elsewhere. */
function squareSubsequentMask(sz: number, dtype: string | null, device: unknown): Tensor {
  const o: Record<string, unknown> = {};
  if (dtype !== null) o.dtype = dtype;
  if (device !== null && device !== undefined) o.device = device;
  return torch.full([sz, sz], -Infinity, o).triu(1);
}

/**
 * PyTorch's F._canonical_mask: a bool mask becomes an additive float mask
 * of the input's dtype; other dtypes than bool and floats are refused; a
 * mask whose dtype differs from the other mask's is PyTorch's warning.
 */
function canonicalMask(
  mask: Tensor | null,
  name: string,
  like: Tensor,
  other: Tensor | null,
  otherName = "",
): Tensor | null {
  if (mask === null) return null;
  if (mask.dtype !== "bool" && !mask.isFloatingPoint()) {
    throw new RuntimeError(`only bool and floating types of ${name} are supported`);
  }
  if (other !== null && other.dtype !== mask.dtype) {
    console.warn(
      `UserWarning: Support for mismatched ${name} and ${otherName} is deprecated. Use same type for both instead.`,
    );
  }
  return mask.dtype === "bool" ? floatMask(mask, like) : mask;
}

/** The sequence length of a layer's input (PyTorch's _get_seq_len). */
function seqLen(x: Tensor, batchFirst: boolean): number {
  return x.ndim === 2 ? x.shape[0] : x.shape[batchFirst ? 1 : 0];
}

/** PyTorch's _detect_is_causal_mask: the hint when given, else whether the mask is the causal mask of that size. */
function detectIsCausal(mask: Tensor | null, isCausal: boolean | null, size: number | null): boolean {
  if (isCausal !== null || mask === null) return isCausal === true;
  const causal = squareSubsequentMask(size ?? mask.shape[mask.ndim - 2], mask.dtype, mask.device);
  return mask.shape.join() === causal.shape.join() && Boolean(mask.eq(causal).all().item());
}

/** The batch-first flag of a stack's first layer's self-attention (PyTorch reads layers[0].self_attn.batch_first). */
function firstBatchFirst(layers: ModuleList): boolean {
  return Boolean((layers.at(0) as { selfAttn?: { batchFirst?: boolean } }).selfAttn?.batchFirst);
}

function asModule(v: unknown, what: string): Module | null {
  if (v !== null && !(v instanceof Module)) throw new TypeError(`${what} must be a Module or null, not ${describe(v)}`);
  return v;
}

// ---------- TransformerEncoder ----------

const ENC = {
  pos: [
    req("encoderLayer", "any"),
    req("numLayers", "int"),
    opt("norm", "any", null),
    opt("enableNestedTensor", "bool", true),
    opt("maskCheck", "bool", true),
  ],
  kw: [],
} as const satisfies Sig;
const ENC_FWD = {
  pos: [
    req("src", "array"),
    opt("mask", "array", null),
    opt("srcKeyPaddingMask", "array", null),
    opt("isCausal", "bool", null),
  ],
  kw: [],
} as const satisfies Sig;
const ENC_B = binder("TransformerEncoder", ENC), ENC_FWD_B = binder("TransformerEncoder.forward", ENC_FWD);

/**
 * A stack of numLayers copies of an encoder layer (each starts with the
 * given layer's weights, as PyTorch's deepcopy), then an optional norm.
 * enableNestedTensor and maskCheck are kept as PyTorch's attributes:
 * dendrite has no nested tensors, so every path is the padded one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const layer = new nn.TransformerEncoderLayer(16, 4, { dimFeedforward: 32, batchFirst: true });
 * const encoder = new nn.TransformerEncoder(layer, 2, new nn.LayerNorm(16)).eval();
 * const mask = nn.Transformer.generateSquareSubsequentMask(5);
 * assert.deepEqual(encoder.forward(torch.randn(2, 5, 16), { mask }).shape, [2, 5, 16]);
 * assert.ok("layers.1.self_attn.in_proj_weight" in encoder.stateDict());
 * ```
 */
export class TransformerEncoder extends Module {
  layers: ModuleList;
  readonly numLayers: number;
  norm: Module | null;
  readonly enableNestedTensor: boolean;
  readonly maskCheck: boolean;

  constructor(...args: ArgsOf<typeof ENC>) {
    super();
    const a = bind(ENC_B, args);
    this.layers = clones(a.encoderLayer, a.numLayers, "encoder_layer");
    this.numLayers = a.numLayers;
    this.norm = asModule(a.norm, "norm");
    this.enableNestedTensor = a.enableNestedTensor;
    this.maskCheck = a.maskCheck;
  }

  /** forward(src, mask?, srcKeyPaddingMask?, isCausal?): each layer in turn, then the norm. */
  override forward(...args: ArgsOf<typeof ENC_FWD>): Tensor {
    const a = bind(ENC_FWD_B, args);
    const src: Tensor = a.src;
    const kpm = canonicalMask(a.srcKeyPaddingMask, "src_key_padding_mask", src, a.mask, "mask");
    const mask = canonicalMask(a.mask, "mask", src, null);
    const isCausal = detectIsCausal(mask, a.isCausal, seqLen(src, firstBatchFirst(this.layers)));
    let out = src;
    for (const layer of this.layers) {
      out = layer.forward(out, { srcMask: mask, isCausal, srcKeyPaddingMask: kpm });
    }
    return this.norm ? this.norm.forward(out) : out;
  }
}

// ---------- TransformerDecoderLayer ----------

const DEC_LAYER_B = binder("TransformerDecoderLayer", TEL);
const DEC_LAYER_FWD = {
  pos: [
    req("tgt", "array"),
    req("memory", "array"),
    opt("tgtMask", "array", null),
    opt("memoryMask", "array", null),
    opt("tgtKeyPaddingMask", "array", null),
    opt("memoryKeyPaddingMask", "array", null),
    opt("tgtIsCausal", "bool", false),
    opt("memoryIsCausal", "bool", false),
  ],
  kw: [],
} as const satisfies Sig;
const DEC_LAYER_FWD_B = binder("TransformerDecoderLayer.forward", DEC_LAYER_FWD);

/**
 * Self-attention over the target, attention over the memory (the
 * encoder's output) and a feed-forward block, each with a residual and a
 * LayerNorm (after each block, or before with normFirst). Takes
 * TransformerEncoderLayer's arguments: dModel, nhead, dimFeedforward,
 * dropout, activation ("relu", "gelu", a function or a module),
 * layerNormEps, batchFirst, normFirst, bias, device, dtype.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const layer = new nn.TransformerDecoderLayer(8, 2, { dimFeedforward: 16, normFirst: true }).eval();
 * const out = layer.forward(torch.randn(4, 3, 8), torch.randn(6, 3, 8), { tgtIsCausal: false });
 * assert.deepEqual(out.shape, [4, 3, 8]);
 * ```
 */
export class TransformerDecoderLayer extends Module {
  selfAttn: MultiheadAttention;
  multiheadAttn: MultiheadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  readonly normFirst: boolean;
  norm1: LayerNorm;
  norm2: LayerNorm;
  norm3: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;
  dropout3: Dropout;
  activation: Module | ((x: Tensor) => Tensor);

  constructor(...args: ArgsOf<typeof TEL>) {
    super();
    const a = bind(DEC_LAYER_B, args);
    const f = { dtype: a.dtype, device: a.device };
    const attn = () =>
      new MultiheadAttention(a.dModel, a.nhead, { dropout: a.dropout, batchFirst: a.batchFirst, bias: a.bias, ...f });
    this.selfAttn = attn();
    this.multiheadAttn = attn();
    this.linear1 = new Linear(a.dModel, a.dimFeedforward, { bias: a.bias, ...f });
    this.dropout = new Dropout(a.dropout);
    this.linear2 = new Linear(a.dimFeedforward, a.dModel, { bias: a.bias, ...f });
    this.normFirst = a.normFirst;
    const norm = () => new LayerNorm(a.dModel, { eps: a.layerNormEps, bias: a.bias, ...f });
    this.norm1 = norm();
    this.norm2 = norm();
    this.norm3 = norm();
    this.dropout1 = new Dropout(a.dropout);
    this.dropout2 = new Dropout(a.dropout);
    this.dropout3 = new Dropout(a.dropout);
    this.activation = transformerActivation(a.activation);
  }

  /**
   * forward(tgt, memory, tgtMask?, memoryMask?, tgtKeyPaddingMask?,
   * memoryKeyPaddingMask?, tgtIsCausal?, memoryIsCausal?).
   */
  override forward(...args: ArgsOf<typeof DEC_LAYER_FWD>): Tensor {
    const a = bind(DEC_LAYER_FWD_B, args);
    const mem: Tensor = a.memory;
    const sa = (y: Tensor) =>
      attentionBlock(this.selfAttn, this.dropout1, y, y, a.tgtMask, a.tgtKeyPaddingMask, a.tgtIsCausal);
    const mha = (y: Tensor) =>
      attentionBlock(this.multiheadAttn, this.dropout2, y, mem, a.memoryMask, a.memoryKeyPaddingMask, a.memoryIsCausal);
    let x: Tensor = a.tgt;
    if (this.normFirst) {
      x = x.add(sa(this.norm1.forward(x)));
      x = x.add(mha(this.norm2.forward(x)));
      x = x.add(feedForwardBlock(this, this.norm3.forward(x), this.dropout3));
    } else {
      x = this.norm1.forward(x.add(sa(x)));
      x = this.norm2.forward(x.add(mha(x)));
      x = this.norm3.forward(x.add(feedForwardBlock(this, x, this.dropout3)));
    }
    return x;
  }
}

// ---------- TransformerDecoder ----------

const DEC = {
  pos: [req("decoderLayer", "any"), req("numLayers", "int"), opt("norm", "any", null)],
  kw: [],
} as const satisfies Sig;
const DEC_FWD = {
  pos: [
    req("tgt", "array"),
    req("memory", "array"),
    opt("tgtMask", "array", null),
    opt("memoryMask", "array", null),
    opt("tgtKeyPaddingMask", "array", null),
    opt("memoryKeyPaddingMask", "array", null),
    opt("tgtIsCausal", "bool", null),
    opt("memoryIsCausal", "bool", false),
  ],
  kw: [],
} as const satisfies Sig;
const DEC_B = binder("TransformerDecoder", DEC), DEC_FWD_B = binder("TransformerDecoder.forward", DEC_FWD);

/**
 * A stack of numLayers copies of a decoder layer (each starts with the
 * given layer's weights), then an optional norm.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const decoder = new nn.TransformerDecoder(new nn.TransformerDecoderLayer(8, 2, 16), 3).eval();
 * const tgtMask = nn.Transformer.generateSquareSubsequentMask(4);
 * assert.deepEqual(decoder.forward(torch.randn(4, 2, 8), torch.randn(5, 2, 8), { tgtMask }).shape, [4, 2, 8]);
 * ```
 */
export class TransformerDecoder extends Module {
  layers: ModuleList;
  readonly numLayers: number;
  norm: Module | null;

  constructor(...args: ArgsOf<typeof DEC>) {
    super();
    const a = bind(DEC_B, args);
    this.layers = clones(a.decoderLayer, a.numLayers, "decoder_layer");
    this.numLayers = a.numLayers;
    this.norm = asModule(a.norm, "norm");
  }

  /**
   * forward(tgt, memory, tgtMask?, memoryMask?, tgtKeyPaddingMask?,
   * memoryKeyPaddingMask?, tgtIsCausal?, memoryIsCausal?): each layer in
   * turn, then the norm.
   */
  override forward(...args: ArgsOf<typeof DEC_FWD>): Tensor {
    const a = bind(DEC_FWD_B, args);
    const tgtIsCausal = detectIsCausal(a.tgtMask, a.tgtIsCausal, seqLen(a.tgt, firstBatchFirst(this.layers)));
    let out: Tensor = a.tgt;
    for (const layer of this.layers) {
      out = layer.forward(out, a.memory, {
        tgtMask: a.tgtMask,
        memoryMask: a.memoryMask,
        tgtKeyPaddingMask: a.tgtKeyPaddingMask,
        memoryKeyPaddingMask: a.memoryKeyPaddingMask,
        tgtIsCausal,
        memoryIsCausal: a.memoryIsCausal,
      });
    }
    return this.norm ? this.norm.forward(out) : out;
  }
}

// ---------- Transformer ----------

const TRANSFORMER = {
  pos: [
    opt("dModel", "int", 512),
    opt("nhead", "int", 8),
    opt("numEncoderLayers", "int", 6),
    opt("numDecoderLayers", "int", 6),
    opt("dimFeedforward", "int", 2048),
    opt("dropout", "number", 0.1),
    opt("activation", "any", "relu"),
    opt("customEncoder", "any", null),
    opt("customDecoder", "any", null),
    opt("layerNormEps", "number", 1e-5),
    opt("batchFirst", "bool", false),
    opt("normFirst", "bool", false),
    opt("bias", "bool", true),
    ...FACTORY,
  ],
  kw: [],
} as const satisfies Sig;
const TRANSFORMER_FWD = {
  pos: [
    req("src", "array"),
    req("tgt", "array"),
    opt("srcMask", "array", null),
    opt("tgtMask", "array", null),
    opt("memoryMask", "array", null),
    opt("srcKeyPaddingMask", "array", null),
    opt("tgtKeyPaddingMask", "array", null),
    opt("memoryKeyPaddingMask", "array", null),
    opt("srcIsCausal", "bool", null),
    opt("tgtIsCausal", "bool", null),
    opt("memoryIsCausal", "bool", false),
  ],
  kw: [],
} as const satisfies Sig;
const MASK_SIG = {
  pos: [req("sz", "int"), opt("device", "device", null), opt("dtype", "dtype", null)],
  kw: [],
} as const satisfies Sig;
const TRANSFORMER_B = binder("Transformer", TRANSFORMER);
const TRANSFORMER_FWD_B = binder("Transformer.forward", TRANSFORMER_FWD);
const MASK_B = binder("Transformer.generateSquareSubsequentMask", MASK_SIG);

/**
 * The encoder-decoder Transformer ("Attention Is All You Need"):
 * TransformerEncoder and TransformerDecoder of the given depths, each with
 * a final LayerNorm (or custom ones), every parameter matrix then
 * re-initialized xavier-uniform (PyTorch's order, so a seed gives
 * PyTorch's weights).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const model = new nn.Transformer({ dModel: 16, nhead: 4, numEncoderLayers: 2, numDecoderLayers: 2, dimFeedforward: 32 });
 * const tgtMask = nn.Transformer.generateSquareSubsequentMask(7);
 * const out = model.eval().forward(torch.randn(10, 2, 16), torch.randn(7, 2, 16), { tgtMask });
 * assert.deepEqual(out.shape, [7, 2, 16]);
 * ```
 */
export class Transformer extends Module {
  encoder: Module;
  decoder: Module;
  readonly dModel: number;
  readonly nhead: number;
  readonly batchFirst: boolean;

  constructor(...args: ArgsOf<typeof TRANSFORMER>) {
    super();
    const a = bind(TRANSFORMER_B, args);
    const layerArgs = {
      dimFeedforward: a.dimFeedforward,
      dropout: a.dropout,
      activation: a.activation,
      layerNormEps: a.layerNormEps,
      batchFirst: a.batchFirst,
      normFirst: a.normFirst,
      bias: a.bias,
      dtype: a.dtype,
      device: a.device,
    };
    const norm = () => new LayerNorm(a.dModel, { eps: a.layerNormEps, bias: a.bias, dtype: a.dtype, device: a.device });
    this.encoder = asModule(a.customEncoder, "custom_encoder") ??
      new TransformerEncoder(new TransformerEncoderLayer(a.dModel, a.nhead, layerArgs), a.numEncoderLayers, norm());
    this.decoder = asModule(a.customDecoder, "custom_decoder") ??
      new TransformerDecoder(new TransformerDecoderLayer(a.dModel, a.nhead, layerArgs), a.numDecoderLayers, norm());
    this.resetParameters();
    this.dModel = a.dModel;
    this.nhead = a.nhead;
    this.batchFirst = a.batchFirst;
  }

  /** PyTorch's _reset_parameters: xavier_uniform_ on every parameter of more than one dimension, in order. */
  resetParameters(): void {
    for (const p of this.parameters()) if (p.ndim > 1) xavierUniform_(p);
  }

  /**
   * forward(src, tgt, srcMask?, tgtMask?, memoryMask?, srcKeyPaddingMask?,
   * tgtKeyPaddingMask?, memoryKeyPaddingMask?, srcIsCausal?, tgtIsCausal?,
   * memoryIsCausal?): the encoder over src, then the decoder over tgt and
   * the encoder's output.
   */
  override forward(...args: ArgsOf<typeof TRANSFORMER_FWD>): Tensor {
    const a = bind(TRANSFORMER_FWD_B, args);
    const src: Tensor = a.src, tgt: Tensor = a.tgt;
    const b = this.batchFirst ? 0 : 1;
    if (src.ndim === 3 && src.shape[b] !== tgt.shape[b]) {
      throw new RuntimeError("the batch number of src and tgt must be equal");
    }
    if (src.shape[src.ndim - 1] !== this.dModel || tgt.shape[tgt.ndim - 1] !== this.dModel) {
      throw new RuntimeError("the feature number of src and tgt must be equal to d_model");
    }
    const memory = this.encoder.forward(src, {
      mask: a.srcMask,
      srcKeyPaddingMask: a.srcKeyPaddingMask,
      isCausal: a.srcIsCausal,
    });
    return this.decoder.forward(tgt, memory, {
      tgtMask: a.tgtMask,
      memoryMask: a.memoryMask,
      tgtKeyPaddingMask: a.tgtKeyPaddingMask,
      memoryKeyPaddingMask: a.memoryKeyPaddingMask,
      tgtIsCausal: a.tgtIsCausal,
      memoryIsCausal: a.memoryIsCausal,
    });
  }

  /**
   * The causal mask of a sequence of length sz: -inf above the diagonal,
   * 0 elsewhere (dtype: the default float dtype unless given).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { nn } from "../../../mod.ts";
   * assert.deepEqual(nn.Transformer.generateSquareSubsequentMask(2).tolist(), [[0, -Infinity], [0, 0]]);
   * ```
   */
  static generateSquareSubsequentMask(...args: ArgsOf<typeof MASK_SIG>): Tensor {
    const a = bind(MASK_B, args);
    return squareSubsequentMask(a.sz, a.dtype, a.device);
  }
}
