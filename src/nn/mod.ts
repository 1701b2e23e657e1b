/**
 * torch.nn for Deno: modules (layers, containers, losses) constructed with
 * PyTorch's positional arguments and a trailing options object for its
 * keyword arguments, nn.functional (also `F`), nn.init and nn.utils.
 * Also reachable as `torch.nn`.
 *
 * @example
 * ```ts
 * import { nn, torch } from "../../mod.ts";
 * class Net extends nn.Module {
 *   conv = new nn.Conv2d(1, 8, 3, { padding: 1 });
 *   pool = new nn.MaxPool2d(2);
 *   fc = new nn.Linear(8 * 14 * 14, 10);
 *   override forward(x: torch.Tensor): torch.Tensor {
 *     return this.fc.forward(this.pool.forward(this.conv.forward(x).relu()).flatten(1));
 *   }
 * }
 * const net = new Net();
 * const loss = new nn.CrossEntropyLoss({ labelSmoothing: 0.1 });
 * const l = loss.forward(net.forward(torch.randn(4, 1, 28, 28)), torch.tensor([1, 2, 3, 4]));
 * l.backward();
 * console.log(net.conv.weight.grad!.shape, net.numParameters()); // [8, 1, 3, 3] 15770
 * ```
 * @module
 */
import { NN_BRIDGE } from "../torch/mod.ts";
import { NN_ALIAS_BRIDGE } from "../torch/nn_aliases.ts";
import { cellStep } from "./layers/rnn.ts";
import { rnnFunction } from "./rnn_functional.ts";
import { embeddingBagNative } from "./embedding_bag.ts";
import { embeddingRenorm, functional } from "./functional.ts";
import * as self from "./mod.ts";

export { AttributeError, Buffer, KeyError, Module, Parameter } from "./module.ts";
export { isLazy, UninitializedBuffer, type UninitializedOptions, UninitializedParameter } from "./uninitialized.ts";
/** nn.parallel: DistributedDataParallel (torch.nn.parallel). */
export * as parallel from "./parallel.ts";
export type { BackwardHook, ForwardHook, ForwardPreHook, IncompatibleKeys, RemovableHandle } from "./module.ts";
export { ModuleDict, ModuleList, ParameterList, Sequential } from "./containers.ts";
export { ParameterDict, type ParameterDictInput } from "./parameter_dict.ts";
export {
  Bilinear,
  CosineSimilarity,
  Flatten,
  Identity,
  Linear,
  NonDynamicallyQuantizableLinear,
  PairwiseDistance,
  PixelShuffle,
  PixelUnshuffle,
  Unflatten,
} from "./layers/linear.ts";
export { Conv1d, Conv2d, ConvNd, ConvTranspose2d } from "./layers/conv.ts";
export { Conv3d, ConvTranspose1d, ConvTranspose3d } from "./layers/conv3d.ts";
export {
  LazyBatchNorm1d,
  LazyBatchNorm2d,
  LazyBatchNorm3d,
  LazyConv1d,
  LazyConv2d,
  LazyConv3d,
  LazyConvTranspose1d,
  LazyConvTranspose2d,
  LazyConvTranspose3d,
  LazyInstanceNorm1d,
  LazyInstanceNorm2d,
  LazyInstanceNorm3d,
  LazyLinear,
} from "./layers/lazy.ts";
export {
  AdaptiveAvgPool1d,
  AdaptiveAvgPool2d,
  AdaptiveMaxPool1d,
  AdaptiveMaxPool2d,
  AvgPool1d,
  AvgPool2d,
  LPPool1d,
  LPPool2d,
  MaxPool1d,
  MaxPool2d,
} from "./layers/pool.ts";
export {
  AdaptiveAvgPool3d,
  AdaptiveMaxPool3d,
  AvgPool3d,
  FractionalMaxPool2d,
  FractionalMaxPool3d,
  LPPool3d,
  MaxPool3d,
  MaxUnpool1d,
  MaxUnpool2d,
  MaxUnpool3d,
} from "./layers/pool3d.ts";
export {
  BatchNorm1d,
  BatchNorm2d,
  BatchNorm3d,
  BatchNormNd,
  GroupNorm,
  InstanceNorm1d,
  InstanceNorm2d,
  InstanceNorm3d,
  InstanceNormNd,
  LayerNorm,
  LocalResponseNorm,
} from "./layers/norm.ts";
export { AlphaDropout, Dropout, Dropout1d, Dropout2d, Dropout3d, FeatureAlphaDropout } from "./layers/dropout.ts";
export { Fold, Unfold } from "./layers/fold.ts";
export { Upsample, UpsamplingBilinear2d, UpsamplingNearest2d } from "./layers/upsample.ts";
export {
  CircularPad1d,
  CircularPad2d,
  CircularPad3d,
  ConstantPad1d,
  ConstantPad2d,
  ConstantPad3d,
  ReflectionPad1d,
  ReflectionPad2d,
  ReflectionPad3d,
  ReplicationPad1d,
  ReplicationPad2d,
  ReplicationPad3d,
  ZeroPad1d,
  ZeroPad2d,
  ZeroPad3d,
} from "./layers/padding.ts";
export { Embedding } from "./layers/embedding.ts";
export { EmbeddingBag, type EmbeddingBagPretrainedOptions } from "./layers/embedding_bag.ts";
export { GRU, LSTM, RNN, RNNBase } from "./layers/rnn.ts";
export { GRUCell, LSTMCell, RNNCell, RNNCellBase } from "./layers/rnn_cell.ts";
export { MultiheadAttention, TransformerEncoderLayer } from "./layers/attention.ts";
export { Transformer, TransformerDecoder, TransformerDecoderLayer, TransformerEncoder } from "./layers/transformer.ts";
export {
  CELU,
  ELU,
  GELU,
  GLU,
  Hardshrink,
  Hardsigmoid,
  Hardswish,
  Hardtanh,
  LeakyReLU,
  LogSigmoid,
  LogSoftmax,
  Mish,
  ReLU,
  ReLU6,
  SELU,
  Sigmoid,
  SiLU,
  Softmax,
  Softmin,
  Softplus,
  Softshrink,
  Softsign,
  Tanh,
  Tanhshrink,
} from "./layers/activation.ts";
export { ChannelShuffle, PReLU, RMSNorm, RReLU, Softmax2d, Threshold } from "./layers/activation_more.ts";
export { CrossMapLRN2d } from "./layers/cross_map_lrn2d.ts";
export { DataParallel } from "./layers/data_parallel.ts";
export { LinearCrossEntropyLoss } from "./layers/linear_cross_entropy_loss.ts";
export { SyncBatchNorm } from "./layers/sync_batch_norm.ts";
export {
  BCELoss,
  BCEWithLogitsLoss,
  CosineEmbeddingLoss,
  CrossEntropyLoss,
  CTCLoss,
  GaussianNLLLoss,
  HingeEmbeddingLoss,
  HuberLoss,
  KLDivLoss,
  L1Loss,
  Loss,
  MarginRankingLoss,
  MSELoss,
  MultiLabelMarginLoss,
  MultiLabelSoftMarginLoss,
  MultiMarginLoss,
  NLLLoss,
  NLLLoss2d,
  PoissonNLLLoss,
  SmoothL1Loss,
  SoftMarginLoss,
  TripletMarginLoss,
  TripletMarginWithDistanceLoss,
} from "./loss.ts";
export type { DistanceFunction } from "./loss_more.ts";
export { AdaptiveLogSoftmaxWithLoss, type ASMOutput } from "./adaptive_log_softmax.ts";
export { type Functional, functional, functional as F } from "./functional.ts";
/** nn.init: in-place parameter initializers (`nn.init.kaimingUniform_`, ...). */
export * as init from "./init.ts";
/** nn.utils: gradient clipping and parameter/vector conversion. */
export * as utils from "./utils.ts";
/** nn.grad: the gradients of conv1d/2d/3d with respect to their input and weight. */
export * as grad from "./grad.ts";
/** nn.attention: choosing the scaled-dot-product-attention backend (SDPBackend, sdpaKernel). */
export * as attention from "./attention_ctx.ts";

NN_BRIDGE.nn = self;
NN_ALIAS_BRIDGE.hooks = {
  F: functional,
  cellStep,
  rnn: rnnFunction,
  embeddingBag: embeddingBagNative,
  embeddingRenorm,
};
