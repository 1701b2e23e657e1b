/**
 * The nn functions PyTorch also exposes at top level (`torch.conv2d`,
 * `torch.dropout`, `torch.kl_div`, `torch.lstm_cell`, ...), with their
 * *native* signatures: positional order of the ATen schema (weight first in
 * `torch.embedding`, the affine parameters before the running statistics in
 * `torch.batch_norm`), required arguments where the schema has no default
 * (`torch.dropout(input, p, train)`), losses' reduction as ATen's enum
 * (0 none, 1 mean, 2 sum; any other value leaves the loss unreduced as ATen
 * does; left out, 0 as PyTorch's Python binding passes) and grid_sampler's
 * modes as integers.
 *
 * Each routes to the nn implementation (torch.nn.functional, the RNN cells'
 * step). nn sits above torch, so these reach it through NN_ALIAS_BRIDGE,
 * which src/nn/mod.ts fills when loaded (dendrite's mod.ts loads it), as
 * NN_BRIDGE connects `torch.nn`.
 */
import { type Args, defineOp, torchComposite } from "../api/define.ts";
import { nullableReq, opt, req } from "../api/signature.ts";
import type { Functions } from "../api/surface.ts";
import { RuntimeError } from "../core/errors.ts";
import type { Tensor } from "./tensor.ts";
import { torchFunctions } from "./tensor.ts";

/**
 * What the aliases need from nn (type-only: nn sits above torch).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * import { NN_ALIAS_BRIDGE, type NnAliasHooks } from "./nn_aliases.ts";
 * const hooks: NnAliasHooks = NN_ALIAS_BRIDGE.hooks!;
 * assert.equal(hooks.F, nn.functional);
 * ```
 */
export interface NnAliasHooks {
  /** torch.nn.functional. */
  F: typeof import("../nn/functional.ts").functional;
  /** One step of an RNN / LSTM / GRU cell from its two projections (src/nn/layers/rnn.ts). */
  cellStep: typeof import("../nn/layers/rnn.ts").cellStep;
  /** torch.lstm / gru / rnn_tanh / rnn_relu from their bound arguments (src/nn/rnn_functional.ts). */
  rnn: typeof import("../nn/rnn_functional.ts").rnnFunction;
  /** torch.embedding_bag from its bound arguments (src/nn/embedding_bag.ts). */
  embeddingBag: typeof import("../nn/embedding_bag.ts").embeddingBagNative;
  /** torch.embedding_renorm_'s rescaling (src/nn/functional.ts). */
  embeddingRenorm: typeof import("../nn/functional.ts").embeddingRenorm;
}

/**
 * Filled by src/nn/mod.ts when nn is loaded.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import "../../mod.ts";
 * import { NN_ALIAS_BRIDGE } from "./nn_aliases.ts";
 * assert.ok(NN_ALIAS_BRIDGE.hooks !== null);
 * assert.equal(typeof NN_ALIAS_BRIDGE.hooks.cellStep, "function");
 * ```
 */
export const NN_ALIAS_BRIDGE: { hooks: NnAliasHooks | null } = { hooks: null };

/**
 * The hooks nn filled (an error when nn is not loaded).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn as torchNn } from "../../mod.ts";
 * import { nnHooks } from "./nn_aliases.ts";
 * assert.equal(nnHooks().F, torchNn.functional);
 * ```
 */
export function nnHooks(): NnAliasHooks {
  if (!NN_ALIAS_BRIDGE.hooks) {
    throw new Error("torch's nn functions are connected by dendrite's mod.ts (or src/nn/mod.ts)");
  }
  return NN_ALIAS_BRIDGE.hooks;
}
const nn = nnHooks;
const F = () => nn().F;

const alias = torchComposite;

const IN = req("input", "array");
const W = req("weight", "array");
const B = opt("bias", "array", null);
/**
 * ATen's Reduction enum: 0 none, 1 mean, 2 sum. Left out it is 0: the schemas say `reduction=Mean`, but PyTorch's
 * Python binding passes 0 for an omitted enum default (torch.kl_div(x, t) is unreduced), and that is what users see.
 */
const REDUCTION = opt("reduction", "int", 0);
/** The reduction string F takes for ATen's enum (other values leave the loss unreduced, as ATen's apply_loss_reduction). */
const reduction = (r: number) => r === 1 ? "mean" : r === 2 ? "sum" : "none";

const CONV = [
  IN,
  W,
  B,
  opt("stride", "ints", 1),
  opt("padding", "any", 0),
  opt("dilation", "ints", 1),
  opt("groups", "int", 1),
] as const;
const CONV_T = [
  IN,
  W,
  B,
  opt("stride", "ints", 1),
  opt("padding", "ints", 0),
  opt("outputPadding", "ints", 0),
  opt("groups", "int", 1),
  opt("dilation", "ints", 1),
] as const;
/** max_pool*'s schema: stride [] (the default) means the kernel size. */
const MAXPOOL = [
  IN,
  req("kernelSize", "ints"),
  opt("stride", "ints", null),
  opt("padding", "ints", 0),
  opt("dilation", "ints", 1),
  opt("ceilMode", "bool", false),
] as const;
const strideOf = (s: number | readonly number[] | null) => Array.isArray(s) && s.length === 0 ? null : s;
const maxPool = (a: Args) => [a.input, a.kernelSize, strideOf(a.stride), a.padding, a.dilation, a.ceilMode] as const;
/** Dropouts' schema: p and train are required. */
const DROPOUT = { pos: [IN, req("p", "number"), req("train", "bool")], kw: [] } as const;
/** batch_norm / instance_norm's schema: every argument required, the affine parameters first. */
const norm = (training: string) =>
  ({
    pos: [
      IN,
      nullableReq("weight"),
      nullableReq("bias"),
      nullableReq("runningMean"),
      nullableReq("runningVar"),
      req(training, "bool"),
      req("momentum", "number"),
      req("eps", "number"),
      req("cudnnEnabled", "bool"),
    ],
    kw: [],
  }) as const;
const RRELU = [
  IN,
  opt("lower", "number", 1 / 8),
  opt("upper", "number", 1 / 3),
  opt("training", "bool", false),
] as const;
/** The cells' weights after the input and hidden state. */
const CELL_WEIGHTS = [
  req("wIh", "array"),
  req("wHh", "array"),
  opt("bIh", "array", null),
  opt("bHh", "array", null),
] as const;
const CELL = [IN, req("hx", "array"), ...CELL_WEIGHTS] as const;
/** The new hidden state (and LSTM's cell state) of one cell step: PyTorch's *_cell ops. */
function cell(mode: "RNN_TANH" | "RNN_RELU" | "LSTM" | "GRU", a: Args, hx: Tensor, cx: Tensor | null) {
  const f = F();
  return nn().cellStep(mode, f.linear(a.input, a.wIh, a.bIh), f.linear(hx, a.wHh, a.bHh), hx, cx);
}
/** ctc_loss's schemas: both lengths tensors, or both integer lists. */
const ctcSig = <const K extends "array" | "ints">(k: K) =>
  ({
    pos: [
      req("logProbs", "array"),
      req("targets", "array"),
      req("inputLengths", k),
      req("targetLengths", k),
      opt("blank", "int", 0),
      REDUCTION,
      opt("zeroInfinity", "bool", false),
    ],
    kw: [],
  }) as const;
const ctcLoss = (a: Args) =>
  F().ctcLoss(a.logProbs, a.targets, a.inputLengths, a.targetLengths, a.blank, reduction(a.reduction), a.zeroInfinity);
/** grid_sampler's integer modes (GridSamplerInterpolation / GridSamplerPadding). */
const GRID_MODES = ["bilinear", "nearest", "bicubic"], GRID_PADDINGS = ["zeros", "border", "reflection"];
function gridMode(names: string[], v: number, what: string): string {
  if (!(v in names)) throw new RuntimeError(`grid_sampler(): expected ${what} 0, 1 or 2, got ${v}`);
  return names[v];
}
const dropoutIn = (kind: "dropout" | "alphaDropout" | "featureAlphaDropout", inplace: boolean) => (a: Args) =>
  F()[kind](a.input, a.p, a.train, inplace);
/**
 * feature_dropout: one dropout draw per (sample, channel), broadcast over the rest (dropout of a ones tensor of
 * that shape draws the same noise, from the same stream, as F.dropout2d's channel noise).
 */
function featureDropout(a: Args, inplace: boolean): Tensor {
  const x: Tensor = a.input;
  if (x.ndim < 2) throw new RuntimeError("Feature dropout requires at least 2 dimensions in the input");
  if (!a.train || a.p === 0) return inplace ? x : x.clone();
  const noise = F().dropout(x.newOnes([x.shape[0], x.shape[1], ...x.shape.slice(2).map(() => 1)]), a.p, true);
  return inplace ? x.mul_(noise) : x.mul(noise);
}

/**
 * The declarations of torch's nn aliases.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { NN_ALIAS_DECLS } from "./nn_aliases.ts";
 * assert.ok("conv2d" in NN_ALIAS_DECLS && "lstmCell" in NN_ALIAS_DECLS);
 * assert.equal(NN_ALIAS_DECLS.dropout.name, "dropout");
 * ```
 */
export const NN_ALIAS_DECLS = {
  conv1d: alias(
    "conv1d",
    "1-d convolution (torch.nn.functional.conv1d).",
    { pos: CONV, kw: [] },
    (a) => F().conv1d(a.input, a.weight, a.bias, a.stride, a.padding, a.dilation, a.groups),
  ),
  conv2d: alias(
    "conv2d",
    "2-d convolution (torch.nn.functional.conv2d).",
    { pos: CONV, kw: [] },
    (a) => F().conv2d(a.input, a.weight, a.bias, a.stride, a.padding, a.dilation, a.groups),
  ),
  conv3d: alias(
    "conv3d",
    "3-d convolution (torch.nn.functional.conv3d).",
    { pos: CONV, kw: [] },
    (a) => F().conv3d(a.input, a.weight, a.bias, a.stride, a.padding, a.dilation, a.groups),
  ),
  convTranspose1d: alias(
    "convTranspose1d",
    "1-d transposed convolution.",
    { pos: CONV_T, kw: [] },
    (a) => F().convTranspose1d(a.input, a.weight, a.bias, a.stride, a.padding, a.outputPadding, a.groups, a.dilation),
  ),
  convTranspose2d: alias(
    "convTranspose2d",
    "2-d transposed convolution.",
    { pos: CONV_T, kw: [] },
    (a) => F().convTranspose2d(a.input, a.weight, a.bias, a.stride, a.padding, a.outputPadding, a.groups, a.dilation),
  ),
  convTranspose3d: alias(
    "convTranspose3d",
    "3-d transposed convolution.",
    { pos: CONV_T, kw: [] },
    (a) => F().convTranspose3d(a.input, a.weight, a.bias, a.stride, a.padding, a.outputPadding, a.groups, a.dilation),
  ),
  convolution: alias(
    "convolution",
    "Convolution or transposed convolution of 1, 2 or 3 spatial dims (from the weight's rank).",
    {
      pos: [
        IN,
        W,
        nullableReq("bias"),
        req("stride", "ints"),
        req("padding", "ints"),
        req("dilation", "ints"),
        req("transposed", "bool"),
        req("outputPadding", "ints"),
        req("groups", "int"),
      ],
      kw: [],
    },
    (a) => {
      const d = (a.weight as Tensor).ndim - 2, f = F();
      if (d < 1 || d > 3) {
        throw new RuntimeError(`convolution(): expected a 3-d, 4-d or 5-d weight, got ${(a.weight as Tensor).ndim}-d`);
      }
      if (!a.transposed && [a.outputPadding].flat().some((p: number) => p !== 0)) {
        throw new RuntimeError(
          `output_padding is not supported for non-transposed convolutions; got: ${[a.outputPadding].flat().join(" ")}`,
        );
      }
      if (a.transposed) {
        const ct = [f.convTranspose1d, f.convTranspose2d, f.convTranspose3d][d - 1];
        return ct(a.input, a.weight, a.bias, a.stride, a.padding, a.outputPadding, a.groups, a.dilation);
      }
      return [f.conv1d, f.conv2d, f.conv3d][d - 1](
        a.input,
        a.weight,
        a.bias,
        a.stride,
        a.padding,
        a.dilation,
        a.groups,
      );
    },
  ),
  maxPool1d: alias("maxPool1d", "1-d max pooling.", { pos: MAXPOOL, kw: [] }, (a) => F().maxPool1d(...maxPool(a))),
  maxPool2d: alias("maxPool2d", "2-d max pooling.", { pos: MAXPOOL, kw: [] }, (a) => F().maxPool2d(...maxPool(a))),
  maxPool3d: alias("maxPool3d", "3-d max pooling.", { pos: MAXPOOL, kw: [] }, (a) => F().maxPool3d(...maxPool(a))),
  maxPool1dWithIndices: alias(
    "maxPool1dWithIndices",
    "1-d max pooling: [values, indices].",
    { pos: MAXPOOL, kw: [] },
    (a) => F().maxPool1dWithIndices(...maxPool(a)),
    "arrays",
  ),
  avgPool1d: alias(
    "avgPool1d",
    "1-d average pooling.",
    {
      pos: [
        IN,
        req("kernelSize", "ints"),
        opt("stride", "ints", null),
        opt("padding", "ints", 0),
        opt("ceilMode", "bool", false),
        opt("countIncludePad", "bool", true),
      ],
      kw: [],
    },
    (a) => F().avgPool1d(a.input, a.kernelSize, strideOf(a.stride), a.padding, a.ceilMode, a.countIncludePad),
  ),
  adaptiveAvgPool1d: alias(
    "adaptiveAvgPool1d",
    "1-d adaptive average pooling.",
    { pos: [IN, req("outputSize", "ints")], kw: [] },
    (a) => F().adaptiveAvgPool1d(a.input, a.outputSize),
  ),
  adaptiveMaxPool1d: alias(
    "adaptiveMaxPool1d",
    "1-d adaptive max pooling: [values, indices].",
    { pos: [IN, req("outputSize", "ints")], kw: [] },
    (a) => F().adaptiveMaxPool1dWithIndices(a.input, a.outputSize),
    "arrays",
  ),
  batchNorm: alias(
    "batchNorm",
    "Batch normalization (ATen's order: weight, bias, running mean, running var, training, momentum, eps, cudnn).",
    norm("training"),
    (a) => F().batchNorm(a.input, a.runningMean, a.runningVar, a.weight, a.bias, a.training, a.momentum, a.eps),
  ),
  instanceNorm: alias(
    "instanceNorm",
    "Instance normalization (ATen's order: weight, bias, running mean, running var, useInputStats, momentum, eps, cudnn).",
    norm("useInputStats"),
    (a) => F().instanceNorm(a.input, a.runningMean, a.runningVar, a.weight, a.bias, a.useInputStats, a.momentum, a.eps),
  ),
  layerNorm: alias(
    "layerNorm",
    "Layer normalization over the trailing dims.",
    {
      pos: [
        IN,
        req("normalizedShape", "ints"),
        opt("weight", "array", null),
        B,
        opt("eps", "number", 1e-5),
        opt("cudnnEnable", "bool", true),
      ],
      kw: [],
    },
    (a) => F().layerNorm(a.input, a.normalizedShape, a.weight, a.bias, a.eps),
  ),
  groupNorm: alias(
    "groupNorm",
    "Group normalization.",
    {
      pos: [
        IN,
        req("numGroups", "int"),
        opt("weight", "array", null),
        B,
        opt("eps", "number", 1e-5),
        opt("cudnnEnabled", "bool", true),
      ],
      kw: [],
    },
    (a) => F().groupNorm(a.input, a.numGroups, a.weight, a.bias, a.eps),
  ),
  rmsNorm: alias(
    "rmsNorm",
    "RMS normalization over the trailing dims (eps null: the dtype's machine epsilon).",
    { pos: [IN, req("normalizedShape", "ints"), opt("weight", "array", null), opt("eps", "number", null)], kw: [] },
    (a) => F().rmsNorm(a.input, a.normalizedShape, a.weight, a.eps),
  ),
  dropout: alias("dropout", "Dropout (p and train required).", DROPOUT, dropoutIn("dropout", false)),
  dropout_: alias("dropout_", "In-place dropout.", DROPOUT, dropoutIn("dropout", true)),
  alphaDropout: alias("alphaDropout", "Alpha dropout.", DROPOUT, dropoutIn("alphaDropout", false)),
  alphaDropout_: alias("alphaDropout_", "In-place alpha dropout.", DROPOUT, dropoutIn("alphaDropout", true)),
  featureAlphaDropout: alias(
    "featureAlphaDropout",
    "Channel-wise alpha dropout.",
    DROPOUT,
    dropoutIn("featureAlphaDropout", false),
  ),
  featureAlphaDropout_: alias(
    "featureAlphaDropout_",
    "In-place channel-wise alpha dropout.",
    DROPOUT,
    dropoutIn("featureAlphaDropout", true),
  ),
  featureDropout: alias(
    "featureDropout",
    "Channel-wise dropout: one draw per (dim 0, dim 1) index.",
    DROPOUT,
    (a) => featureDropout(a, false),
  ),
  featureDropout_: alias("featureDropout_", "In-place channel-wise dropout.", DROPOUT, (a) => featureDropout(a, true)),
  embedding: alias(
    "embedding",
    "Rows of weight at the indices (ATen's order: weight first; paddingIdx -1 means none).",
    {
      pos: [
        W,
        req("indices", "array"),
        opt("paddingIdx", "int", -1),
        opt("scaleGradByFreq", "bool", false),
        opt("sparse", "bool", false),
      ],
      kw: [],
    },
    // ATen's backward skips rows equal to paddingIdx: a negative one never matches an index
    (a) =>
      F().embedding(a.indices, a.weight, a.paddingIdx < 0 ? null : a.paddingIdx, null, 2, a.scaleGradByFreq, a.sparse),
  ),
  bilinear: alias(
    "bilinear",
    "x1^T A x2 + b for each output feature.",
    { pos: [req("input1", "array"), req("input2", "array"), W, B], kw: [] },
    (a) => F().bilinear(a.input1, a.input2, a.weight, a.bias),
  ),
  celu: alias("celu", "CELU.", { pos: [IN, opt("alpha", "number", 1)], kw: [] }, (a) => F().celu(a.input, a.alpha)),
  celu_: alias(
    "celu_",
    "In-place CELU.",
    { pos: [IN, opt("alpha", "number", 1)], kw: [] },
    (a) => F().celu_(a.input, a.alpha),
  ),
  selu: alias("selu", "SELU.", { pos: [IN], kw: [] }, (a) => F().selu(a.input)),
  selu_: alias("selu_", "In-place SELU.", { pos: [IN], kw: [] }, (a) => F().selu_(a.input)),
  prelu: alias("prelu", "x for x > 0, else weight * x.", { pos: [IN, W], kw: [] }, (a) => F().prelu(a.input, a.weight)),
  rrelu: alias(
    "rrelu",
    "Randomized leaky ReLU (training false by default).",
    { pos: RRELU, kw: [] },
    (a) => F().rrelu(a.input, a.lower, a.upper, a.training),
  ),
  rrelu_: alias(
    "rrelu_",
    "In-place randomized leaky ReLU.",
    { pos: RRELU, kw: [] },
    (a) => F().rrelu_(a.input, a.lower, a.upper, a.training),
  ),
  relu_: alias("relu_", "In-place ReLU.", { pos: [IN], kw: [] }, (a) => F().relu_(a.input)),
  threshold: alias(
    "threshold",
    "x where x > threshold, else value.",
    { pos: [IN, req("threshold", "number"), req("value", "number")], kw: [] },
    (a) => F().threshold(a.input, a.threshold, a.value),
  ),
  threshold_: alias(
    "threshold_",
    "In-place threshold.",
    { pos: [IN, req("threshold", "number"), req("value", "number")], kw: [] },
    (a) => F().threshold_(a.input, a.threshold, a.value),
  ),
  pixelShuffle: alias(
    "pixelShuffle",
    "(*, C r^2, H, W) -> (*, C, H r, W r).",
    { pos: [IN, req("upscaleFactor", "int")], kw: [] },
    (a) => F().pixelShuffle(a.input, a.upscaleFactor),
  ),
  pixelUnshuffle: alias(
    "pixelUnshuffle",
    "(*, C, H r, W r) -> (*, C r^2, H, W).",
    { pos: [IN, req("downscaleFactor", "int")], kw: [] },
    (a) => F().pixelUnshuffle(a.input, a.downscaleFactor),
  ),
  channelShuffle: alias(
    "channelShuffle",
    "Shuffles the channels of groups.",
    { pos: [IN, req("groups", "int")], kw: [] },
    (a) => F().channelShuffle(a.input, a.groups),
  ),
  nativeChannelShuffle: alias(
    "nativeChannelShuffle",
    "Shuffles the channels of groups (the native kernel's checks).",
    { pos: [IN, req("groups", "int")], kw: [] },
    (a) => F().nativeChannelShuffle(a.input, a.groups),
  ),
  pairwiseDistance: alias(
    "pairwiseDistance",
    "The p-norm of x1 - x2 + eps along the last dim.",
    {
      pos: [
        req("x1", "array"),
        req("x2", "array"),
        opt("p", "number", 2),
        opt("eps", "number", 1e-6),
        opt("keepdim", "bool", false),
      ],
      kw: [],
    },
    (a) => F().pairwiseDistance(a.x1, a.x2, a.p, a.eps, { keepdim: a.keepdim }),
  ),
  cosineEmbeddingLoss: alias(
    "cosineEmbeddingLoss",
    "Cosine embedding loss (reduction: 0 none, 1 mean, 2 sum).",
    {
      pos: [
        req("input1", "array"),
        req("input2", "array"),
        req("target", "array"),
        opt("margin", "number", 0),
        REDUCTION,
      ],
      kw: [],
    },
    (a) => F().cosineEmbeddingLoss(a.input1, a.input2, a.target, a.margin, { reduction: reduction(a.reduction) }),
  ),
  ctcLoss: defineOp({
    name: "ctcLoss",
    doc: "Connectionist temporal classification loss (reduction: 0 none, 1 mean, 2 sum).",
    torch: {
      names: ["ctcLoss"],
      overloads: [
        { sig: ctcSig("array"), composite: true, impl: ctcLoss },
        { sig: ctcSig("ints"), composite: true, impl: ctcLoss },
      ],
    },
  }),
  hingeEmbeddingLoss: alias(
    "hingeEmbeddingLoss",
    "Hinge embedding loss (reduction: 0 none, 1 mean, 2 sum).",
    { pos: [IN, req("target", "array"), opt("margin", "number", 1), REDUCTION], kw: [] },
    (a) => F().hingeEmbeddingLoss(a.input, a.target, a.margin, { reduction: reduction(a.reduction) }),
  ),
  klDiv: alias(
    "klDiv",
    "KL divergence (reduction: 0 none, the default; 1 mean over all elements; 2 sum).",
    { pos: [IN, req("target", "array"), REDUCTION], kw: [opt("logTarget", "bool", false)] },
    (a) => F().klDiv(a.input, a.target, { reduction: reduction(a.reduction), logTarget: a.logTarget }),
  ),
  marginRankingLoss: alias(
    "marginRankingLoss",
    "Margin ranking loss (reduction: 0 none, 1 mean, 2 sum).",
    {
      pos: [
        req("input1", "array"),
        req("input2", "array"),
        req("target", "array"),
        opt("margin", "number", 0),
        REDUCTION,
      ],
      kw: [],
    },
    (a) => F().marginRankingLoss(a.input1, a.input2, a.target, a.margin, { reduction: reduction(a.reduction) }),
  ),
  poissonNllLoss: alias(
    "poissonNllLoss",
    "Poisson negative log-likelihood (every argument required; reduction: 0 none, 1 mean, 2 sum).",
    {
      pos: [
        IN,
        req("target", "array"),
        req("logInput", "bool"),
        req("full", "bool"),
        req("eps", "number"),
        req("reduction", "int"),
      ],
      kw: [],
    },
    (a) => F().poissonNllLoss(a.input, a.target, a.logInput, a.full, { eps: a.eps, reduction: reduction(a.reduction) }),
  ),
  tripletMarginLoss: alias(
    "tripletMarginLoss",
    "Triplet margin loss (reduction: 0 none, 1 mean, 2 sum).",
    {
      pos: [
        req("anchor", "array"),
        req("positive", "array"),
        req("negative", "array"),
        opt("margin", "number", 1),
        opt("p", "number", 2),
        opt("eps", "number", 1e-6),
        opt("swap", "bool", false),
        REDUCTION,
      ],
      kw: [],
    },
    (a) =>
      F().tripletMarginLoss(a.anchor, a.positive, a.negative, a.margin, a.p, a.eps, a.swap, {
        reduction: reduction(a.reduction),
      }),
  ),
  binaryCrossEntropyWithLogits: alias(
    "binaryCrossEntropyWithLogits",
    "Binary cross-entropy of logits (reduction: 0 none, 1 mean, 2 sum).",
    {
      pos: [IN, req("target", "array"), opt("weight", "array", null), opt("posWeight", "array", null), REDUCTION],
      kw: [],
    },
    (a) =>
      F().binaryCrossEntropyWithLogits(a.input, a.target, a.weight, {
        posWeight: a.posWeight,
        reduction: reduction(a.reduction),
      }),
  ),
  constantPadNd: alias(
    "constantPadNd",
    "Pads the last dims with a constant (pairs from the last dim; negative pads crop).",
    { pos: [IN, req("pad", "ints"), opt("value", "number", 0)], kw: [] },
    (a) => F().pad(a.input, a.pad, "constant", a.value),
  ),
  gridSampler: alias(
    "gridSampler",
    "grid_sample with integer modes (interpolation 0 bilinear, 1 nearest, 2 bicubic; padding 0 zeros, 1 border, 2 reflection).",
    {
      pos: [
        IN,
        req("grid", "array"),
        req("interpolationMode", "int"),
        req("paddingMode", "int"),
        req("alignCorners", "bool"),
      ],
      kw: [],
    },
    (a) =>
      F().gridSample(
        a.input,
        a.grid,
        gridMode(GRID_MODES, a.interpolationMode, "interpolation_mode"),
        gridMode(GRID_PADDINGS, a.paddingMode, "padding_mode"),
        a.alignCorners,
      ),
  ),
  affineGridGenerator: alias(
    "affineGridGenerator",
    "The grid_sampler grid of a batch of affine maps.",
    { pos: [req("theta", "array"), req("size", "ints"), req("alignCorners", "bool")], kw: [] },
    (a) => F().affineGrid(a.theta, a.size, a.alignCorners),
  ),
  rnnTanhCell: alias(
    "rnnTanhCell",
    "One Elman RNN step (tanh).",
    { pos: CELL, kw: [] },
    (a) => cell("RNN_TANH", a, a.hx, null)[0],
  ),
  rnnReluCell: alias(
    "rnnReluCell",
    "One Elman RNN step (relu).",
    { pos: CELL, kw: [] },
    (a) => cell("RNN_RELU", a, a.hx, null)[0],
  ),
  gruCell: alias("gruCell", "One GRU step.", { pos: CELL, kw: [] }, (a) => cell("GRU", a, a.hx, null)[0]),
  lstmCell: alias(
    "lstmCell",
    "One LSTM step: [h', c'] from hx = [h, c].",
    { pos: [IN, req("hx", "arrays"), ...CELL_WEIGHTS], kw: [] },
    (a) => {
      if (a.hx.length !== 2) throw new RuntimeError(`lstm_cell expects two hidden states, got ${a.hx.length}`);
      return cell("LSTM", a, a.hx[0], a.hx[1]);
    },
    "arrays",
  ),
};

/**
 * The nn aliases' types.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import type { NnAliasFns } from "./nn_aliases.ts";
 * const dropout: NnAliasFns["dropout"] = torch.dropout;
 * assert.deepEqual(dropout(torch.ones(3), 0.5, false).tolist(), [1, 1, 1]); // (input, p, train): not training
 * ```
 */
export type NnAliasFns = Functions<typeof NN_ALIAS_DECLS, "torch", Tensor, Tensor>;
/**
 * torch's nn aliases (spread into the torch namespace).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * assert.deepEqual(torch.conv1d(torch.ones(1, 1, 4), torch.ones(1, 1, 2)).tolist(), [[[2, 2, 2]]]);
 * assert.deepEqual(torch.celu(torch.tensor([-1, 2], { dtype: torch.float64 }), 1).tolist(), [
 *   Math.expm1(-1),
 *   2,
 * ]);
 * // a loss's reduction is ATen's enum: 0 none, 1 mean, 2 sum
 * const x = torch.tensor([0.5, 2]), y = torch.tensor([1, -1]);
 * assert.deepEqual(torch.hingeEmbeddingLoss(x, y, 1, 0).tolist(), [0.5, 0]);
 * assert.equal(torch.hingeEmbeddingLoss(x, y, 1, 2).item(), 0.5);
 * ```
 */
export const nnAliases: NnAliasFns = torchFunctions(NN_ALIAS_DECLS) as unknown as NnAliasFns;
