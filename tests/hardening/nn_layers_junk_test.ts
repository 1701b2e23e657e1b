/**
 * Hostile inputs to every nn layer: each class nn exports is built from a table of valid small arguments, then its
 * `forward` gets junk (undefined, null, a string, a number, a Symbol, {}, [], tensors of the wrong rank or dtype, an
 * empty tensor, a released tensor) and its constructor junk arguments (wrong types, negative / NaN / infinite / huge
 * sizes, fractions, unknown options). Every call must return or throw a library error whose message names the
 * layer: never an engine error (a property read off undefined, "is not a function"), never a hang.
 */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";
import { ReleasedError, RuntimeError, ShapeError } from "../../src/core/errors.ts";
import { ERROR_CLASS, numpy } from "../helpers/oracle.ts";

// deno-lint-ignore no-explicit-any
type Any = any;
/** How to build a layer and what a valid forward call gets. */
interface Entry {
  /** Valid constructor arguments. */
  args: () => unknown[];
  /** Valid forward arguments (the first is the one junk replaces). */
  input: () => unknown[];
  /** Also put junk in the second forward argument (losses, attention, pairs). */
  second?: boolean;
}
const r = (...shape: number[]) => torch.randn(shape);
const idx = (v: number[]) => torch.tensor(v, { dtype: "int64" });
const enc = () => new nn.TransformerEncoderLayer(4, 2, 8, 0);
const dec = () => new nn.TransformerDecoderLayer(4, 2, 8, 0);
const pair = (x: () => unknown[]): Entry => ({ args: () => [], input: x, second: true });
const same = (shape: number[]) => pair(() => [r(...shape), r(...shape)]);

/** Every module class nn exports, with a valid construction and a valid forward call. */
const TABLE: Record<string, Entry> = {
  // ----- linear and shape layers
  Identity: { args: () => [], input: () => [r(2, 3)] },
  Linear: { args: () => [3, 2], input: () => [r(2, 3)] },
  NonDynamicallyQuantizableLinear: { args: () => [3, 2], input: () => [r(2, 3)] },
  LazyLinear: { args: () => [2], input: () => [r(2, 3)] },
  Bilinear: { args: () => [3, 4, 2], input: () => [r(2, 3), r(2, 4)], second: true },
  Flatten: { args: () => [], input: () => [r(2, 3, 4)] },
  Unflatten: { args: () => [1, [2, 3]], input: () => [r(2, 6)] },
  PixelShuffle: { args: () => [2], input: () => [r(1, 4, 2, 2)] },
  PixelUnshuffle: { args: () => [2], input: () => [r(1, 1, 4, 4)] },
  ChannelShuffle: { args: () => [2], input: () => [r(1, 4, 2, 2)] },
  CosineSimilarity: { args: () => [], input: () => [r(2, 3), r(2, 3)], second: true },
  PairwiseDistance: { args: () => [], input: () => [r(2, 3), r(2, 3)], second: true },
  // ----- convolutions
  Conv1d: { args: () => [2, 3, 3], input: () => [r(1, 2, 8)] },
  Conv2d: { args: () => [2, 3, 3], input: () => [r(1, 2, 6, 6)] },
  Conv3d: { args: () => [2, 3, 3], input: () => [r(1, 2, 5, 5, 5)] },
  ConvTranspose1d: { args: () => [2, 3, 3], input: () => [r(1, 2, 8)] },
  ConvTranspose2d: { args: () => [2, 3, 3], input: () => [r(1, 2, 6, 6)] },
  ConvTranspose3d: { args: () => [2, 3, 3], input: () => [r(1, 2, 4, 4, 4)] },
  LazyConv1d: { args: () => [3, 3], input: () => [r(1, 2, 8)] },
  LazyConv2d: { args: () => [3, 3], input: () => [r(1, 2, 6, 6)] },
  LazyConv3d: { args: () => [3, 3], input: () => [r(1, 2, 5, 5, 5)] },
  LazyConvTranspose1d: { args: () => [3, 3], input: () => [r(1, 2, 8)] },
  LazyConvTranspose2d: { args: () => [3, 3], input: () => [r(1, 2, 6, 6)] },
  LazyConvTranspose3d: { args: () => [3, 3], input: () => [r(1, 2, 4, 4, 4)] },
  Fold: { args: () => [[3, 3], 2], input: () => [r(1, 4, 4)] },
  Unfold: { args: () => [2], input: () => [r(1, 2, 3, 3)] },
  // ----- pooling
  MaxPool1d: { args: () => [2], input: () => [r(1, 2, 8)] },
  MaxPool2d: { args: () => [2], input: () => [r(1, 2, 4, 4)] },
  MaxPool3d: { args: () => [2], input: () => [r(1, 2, 4, 4, 4)] },
  AvgPool1d: { args: () => [2], input: () => [r(1, 2, 8)] },
  AvgPool2d: { args: () => [2], input: () => [r(1, 2, 4, 4)] },
  AvgPool3d: { args: () => [2], input: () => [r(1, 2, 4, 4, 4)] },
  LPPool1d: { args: () => [2, 2], input: () => [r(1, 2, 8)] },
  LPPool2d: { args: () => [2, 2], input: () => [r(1, 2, 4, 4)] },
  LPPool3d: { args: () => [2, 2], input: () => [r(1, 2, 4, 4, 4)] },
  AdaptiveAvgPool1d: { args: () => [2], input: () => [r(1, 2, 8)] },
  AdaptiveAvgPool2d: { args: () => [2], input: () => [r(1, 2, 4, 4)] },
  AdaptiveAvgPool3d: { args: () => [2], input: () => [r(1, 2, 4, 4, 4)] },
  AdaptiveMaxPool1d: { args: () => [2], input: () => [r(1, 2, 8)] },
  AdaptiveMaxPool2d: { args: () => [2], input: () => [r(1, 2, 4, 4)] },
  AdaptiveMaxPool3d: { args: () => [2], input: () => [r(1, 2, 4, 4, 4)] },
  FractionalMaxPool2d: { args: () => [2, { outputSize: 2 }], input: () => [r(1, 2, 5, 5)] },
  FractionalMaxPool3d: { args: () => [2, { outputSize: 2 }], input: () => [r(1, 2, 5, 5, 5)] },
  MaxUnpool1d: {
    args: () => [2],
    input: () => [r(1, 2, 4), idx([0, 3, 5, 6, 1, 2, 4, 7]).reshape([1, 2, 4])],
    second: true,
  },
  MaxUnpool2d: {
    args: () => [2],
    input: () => [r(1, 1, 2, 2), idx([0, 3, 8, 10]).reshape([1, 1, 2, 2])],
    second: true,
  },
  MaxUnpool3d: { args: () => [2], input: () => [r(1, 1, 1, 1, 1), idx([0]).reshape([1, 1, 1, 1, 1])], second: true },
  // ----- normalization
  BatchNorm1d: { args: () => [3], input: () => [r(4, 3)] },
  BatchNorm2d: { args: () => [3], input: () => [r(2, 3, 2, 2)] },
  BatchNorm3d: { args: () => [3], input: () => [r(2, 3, 2, 2, 2)] },
  LazyBatchNorm1d: { args: () => [], input: () => [r(4, 3)] },
  LazyBatchNorm2d: { args: () => [], input: () => [r(2, 3, 2, 2)] },
  LazyBatchNorm3d: { args: () => [], input: () => [r(2, 3, 2, 2, 2)] },
  SyncBatchNorm: { args: () => [3], input: () => [r(2, 3, 2, 2)] },
  InstanceNorm1d: { args: () => [3], input: () => [r(2, 3, 4)] },
  InstanceNorm2d: { args: () => [3], input: () => [r(2, 3, 4, 4)] },
  InstanceNorm3d: { args: () => [3], input: () => [r(2, 3, 2, 2, 2)] },
  LazyInstanceNorm1d: { args: () => [], input: () => [r(2, 3, 4)] },
  LazyInstanceNorm2d: { args: () => [], input: () => [r(2, 3, 4, 4)] },
  LazyInstanceNorm3d: { args: () => [], input: () => [r(2, 3, 2, 2, 2)] },
  LayerNorm: { args: () => [3], input: () => [r(2, 3)] },
  GroupNorm: { args: () => [2, 4], input: () => [r(2, 4, 3)] },
  RMSNorm: { args: () => [3], input: () => [r(2, 3)] },
  LocalResponseNorm: { args: () => [2], input: () => [r(1, 4, 3, 3)] },
  CrossMapLRN2d: { args: () => [2], input: () => [r(1, 4, 3, 3)] },
  // ----- dropout
  Dropout: { args: () => [], input: () => [r(2, 3)] },
  Dropout1d: { args: () => [], input: () => [r(2, 3, 4)] },
  Dropout2d: { args: () => [], input: () => [r(2, 3, 4, 4)] },
  Dropout3d: { args: () => [], input: () => [r(2, 3, 2, 2, 2)] },
  AlphaDropout: { args: () => [], input: () => [r(2, 3)] },
  FeatureAlphaDropout: { args: () => [], input: () => [r(2, 3, 4, 4)] },
  // ----- upsampling and padding
  Upsample: { args: () => [{ scaleFactor: 2 }], input: () => [r(1, 1, 2, 2)] },
  UpsamplingNearest2d: { args: () => [{ scaleFactor: 2 }], input: () => [r(1, 1, 2, 2)] },
  UpsamplingBilinear2d: { args: () => [{ scaleFactor: 2 }], input: () => [r(1, 1, 2, 2)] },
  CircularPad1d: { args: () => [1], input: () => [r(1, 2, 4)] },
  CircularPad2d: { args: () => [1], input: () => [r(1, 2, 4, 4)] },
  CircularPad3d: { args: () => [1], input: () => [r(1, 2, 3, 3, 3)] },
  ConstantPad1d: { args: () => [1, 0.5], input: () => [r(1, 2, 4)] },
  ConstantPad2d: { args: () => [1, 0.5], input: () => [r(1, 2, 4, 4)] },
  ConstantPad3d: { args: () => [1, 0.5], input: () => [r(1, 2, 3, 3, 3)] },
  ReflectionPad1d: { args: () => [1], input: () => [r(1, 2, 4)] },
  ReflectionPad2d: { args: () => [1], input: () => [r(1, 2, 4, 4)] },
  ReflectionPad3d: { args: () => [1], input: () => [r(1, 2, 3, 3, 3)] },
  ReplicationPad1d: { args: () => [1], input: () => [r(1, 2, 4)] },
  ReplicationPad2d: { args: () => [1], input: () => [r(1, 2, 4, 4)] },
  ReplicationPad3d: { args: () => [1], input: () => [r(1, 2, 3, 3, 3)] },
  ZeroPad1d: { args: () => [1], input: () => [r(1, 2, 4)] },
  ZeroPad2d: { args: () => [1], input: () => [r(1, 2, 4, 4)] },
  ZeroPad3d: { args: () => [1], input: () => [r(1, 2, 3, 3, 3)] },
  // ----- embeddings
  Embedding: { args: () => [5, 3], input: () => [idx([0, 4, 2])] },
  EmbeddingBag: { args: () => [5, 3], input: () => [idx([0, 4, 2, 1]).reshape([2, 2])] },
  // ----- recurrent
  RNN: { args: () => [3, 2], input: () => [r(4, 1, 3)] },
  LSTM: { args: () => [3, 2], input: () => [r(4, 1, 3)] },
  GRU: { args: () => [3, 2], input: () => [r(4, 1, 3)] },
  RNNCell: { args: () => [3, 2], input: () => [r(1, 3)] },
  LSTMCell: { args: () => [3, 2], input: () => [r(1, 3)] },
  GRUCell: { args: () => [3, 2], input: () => [r(1, 3)] },
  // ----- attention and transformers
  MultiheadAttention: { args: () => [4, 2], input: () => [r(3, 1, 4), r(3, 1, 4), r(3, 1, 4)], second: true },
  TransformerEncoderLayer: { args: () => [4, 2, 8, 0], input: () => [r(3, 1, 4)] },
  TransformerDecoderLayer: { args: () => [4, 2, 8, 0], input: () => [r(3, 1, 4), r(2, 1, 4)], second: true },
  TransformerEncoder: { args: () => [enc(), 2], input: () => [r(3, 1, 4)] },
  TransformerDecoder: { args: () => [dec(), 2], input: () => [r(3, 1, 4), r(2, 1, 4)], second: true },
  Transformer: {
    args: () => [4, 2, 1, 1, 8, 0],
    input: () => [r(3, 1, 4), r(2, 1, 4)],
    second: true,
  },
  // ----- activations
  CELU: { args: () => [], input: () => [r(2, 3)] },
  ELU: { args: () => [], input: () => [r(2, 3)] },
  GELU: { args: () => [], input: () => [r(2, 3)] },
  GLU: { args: () => [], input: () => [r(2, 4)] },
  Hardshrink: { args: () => [], input: () => [r(2, 3)] },
  Hardsigmoid: { args: () => [], input: () => [r(2, 3)] },
  Hardswish: { args: () => [], input: () => [r(2, 3)] },
  Hardtanh: { args: () => [], input: () => [r(2, 3)] },
  LeakyReLU: { args: () => [], input: () => [r(2, 3)] },
  LogSigmoid: { args: () => [], input: () => [r(2, 3)] },
  LogSoftmax: { args: () => [1], input: () => [r(2, 3)] },
  Mish: { args: () => [], input: () => [r(2, 3)] },
  ReLU: { args: () => [], input: () => [r(2, 3)] },
  ReLU6: { args: () => [], input: () => [r(2, 3)] },
  SELU: { args: () => [], input: () => [r(2, 3)] },
  Sigmoid: { args: () => [], input: () => [r(2, 3)] },
  SiLU: { args: () => [], input: () => [r(2, 3)] },
  Softmax: { args: () => [1], input: () => [r(2, 3)] },
  Softmin: { args: () => [1], input: () => [r(2, 3)] },
  Softmax2d: { args: () => [], input: () => [r(1, 2, 3, 3)] },
  Softplus: { args: () => [], input: () => [r(2, 3)] },
  Softshrink: { args: () => [], input: () => [r(2, 3)] },
  Softsign: { args: () => [], input: () => [r(2, 3)] },
  Tanh: { args: () => [], input: () => [r(2, 3)] },
  Tanhshrink: { args: () => [], input: () => [r(2, 3)] },
  Threshold: { args: () => [0.1, 20], input: () => [r(2, 3)] },
  PReLU: { args: () => [], input: () => [r(2, 3)] },
  RReLU: { args: () => [], input: () => [r(2, 3)] },
  // ----- losses
  L1Loss: same([2, 3]),
  MSELoss: same([2, 3]),
  SmoothL1Loss: same([2, 3]),
  HuberLoss: same([2, 3]),
  SoftMarginLoss: same([2, 3]),
  MultiLabelSoftMarginLoss: same([2, 3]),
  KLDivLoss: same([2, 3]),
  BCELoss: pair(() => [torch.rand([2, 3]), torch.rand([2, 3])]),
  BCEWithLogitsLoss: same([2, 3]),
  PoissonNLLLoss: same([2, 3]),
  CrossEntropyLoss: pair(() => [r(2, 3), idx([0, 2])]),
  NLLLoss: pair(() => [r(2, 3), idx([0, 2])]),
  NLLLoss2d: pair(() => [r(2, 3), idx([0, 2])]),
  MultiMarginLoss: pair(() => [r(2, 3), idx([0, 2])]),
  MultiLabelMarginLoss: pair(() => [r(2, 3), idx([0, 2, -1, 1, -1, 0]).reshape([2, 3])]),
  HingeEmbeddingLoss: same([2, 3]),
  MarginRankingLoss: pair(() => [r(3), r(3), torch.tensor([1, -1, 1])]),
  CosineEmbeddingLoss: pair(() => [r(2, 3), r(2, 3), torch.tensor([1, -1])]),
  GaussianNLLLoss: pair(() => [r(2, 3), r(2, 3), torch.rand([2, 3])]),
  TripletMarginLoss: pair(() => [r(2, 3), r(2, 3), r(2, 3)]),
  TripletMarginWithDistanceLoss: pair(() => [r(2, 3), r(2, 3), r(2, 3)]),
  CTCLoss: pair(() => [
    r(5, 1, 3).logSoftmax(2),
    idx([1, 2]).reshape([1, 2]),
    idx([5]),
    idx([2]),
  ]),
  AdaptiveLogSoftmaxWithLoss: { args: () => [4, 6, [3]], input: () => [r(2, 4), idx([0, 5])], second: true },
  LinearCrossEntropyLoss: { args: () => [4, 3], input: () => [r(2, 4), idx([0, 2])], second: true },
  // ----- containers and wrappers
  Module: { args: () => [], input: () => [r(2, 3)] },
  Sequential: { args: () => [new nn.Linear(3, 2)], input: () => [r(2, 3)] },
  ModuleList: { args: () => [[new nn.Linear(3, 2)]], input: () => [r(2, 3)] },
  ModuleDict: { args: () => [{ a: new nn.Linear(3, 2) }], input: () => [r(2, 3)] },
  ParameterList: { args: () => [[new nn.Parameter(r(2))]], input: () => [r(2, 3)] },
  ParameterDict: { args: () => [{ a: new nn.Parameter(r(2)) }], input: () => [r(2, 3)] },
  DataParallel: { args: () => [new nn.Linear(3, 2)], input: () => [r(2, 3)] },
};

/** Exports that are not constructible layers: errors, tensors, abstract bases. */
const NOT_LAYERS = new Set([
  "AttributeError",
  "KeyError",
  "Buffer",
  "Parameter",
  "UninitializedBuffer",
  "UninitializedParameter",
  "BatchNormNd",
  "ConvNd",
  "InstanceNormNd",
  "Loss",
  "RNNBase",
  "RNNCellBase",
]);

/** Modules without a forward of their own (PyTorch's containers raise too). */
const NO_FORWARD = new Set(["Module", "ModuleList", "ModuleDict", "ParameterList", "ParameterDict"]);

const classes = Object.entries(nn).filter(([k, v]) => typeof v === "function" && /^[A-Z]/.test(k)) as [
  string,
  new (...a: unknown[]) => Any,
][];

/** V8's own messages (and the leaks of an unchecked value into a message): no library check named the problem. */
const ENGINE =
  /Cannot read properties|is not a function|is not iterable|Cannot convert|undefinedD|NaND|\bNaN\b.*size|Invalid array length|Maximum call stack|is not a constructor|Cannot destructure|Cannot mix BigInt|serialize a BigInt|Invalid FFI|\[object Object\]/;
const LIBRARY = [TypeError, RangeError, ShapeError, RuntimeError, ReleasedError];

/**
 * The first problem with how `f()` ended, or null: it returned, or threw a library error (whose message names `name`
 * when `named`: PyTorch's own text for a tensor of the wrong shape or dtype rarely names the module).
 */
function problem(name: string, what: string, f: () => unknown, named = true): string | null {
  try {
    f();
    return null;
  } catch (e) {
    if (!(e instanceof Error)) return `${what}: threw a non-Error ${String(e)}`;
    const msg = e.message;
    if (!LIBRARY.some((c) => e instanceof c)) return `${what}: ${e.name}: ${msg}`;
    if (ENGINE.test(msg)) return `${what}: engine error ${e.name}: ${msg}`;
    if (named && !namesOp(name, msg) && !PYTORCH_TEXT.some((re) => re.test(msg))) {
      return `${what}: ${e.name} does not name the op: ${msg}`;
    }
    return null;
  }
}

/**
 * Whether `msg` names the module or an op it runs: `MaxPool2d` as max_pool2d, `LazyLinear` as Linear, a loss as its
 * functional's binder error (`binaryCrossEntropy(): argument 'input' ...`), a parameter's allocation as `empty: ...`.
 */
function namesOp(name: string, msg: string): boolean {
  if (/^[A-Za-z_][\w.]*(\(\))?: /.test(msg)) return true;
  const flat = (s: string) => s.toLowerCase().replaceAll("_", "");
  const m = flat(msg);
  return [name, name.replace(/^Lazy/, ""), name.replace(/Loss$/, "")].some((n) => m.includes(flat(n)));
}
/** PyTorch's own constructor messages (its ValueErrors name the argument, not the module). */
const PYTORCH_TEXT = [
  /^dropout probability has to be between 0 and 1, but got/,
  /^embed_dim and num_heads must be greater than 0/,
  /^embed_dim must be divisible by num_heads$/,
  /^hidden_size must be greater than zero$/,
  /^num_channels must be divisible by num_groups$/,
  /^max_val must be greater than min_val$/,
  /^only p == 1 and p == 2 supported$/,
  /^cutoffs should be a sequence of unique, positive integers/,
  /^kernel_size must be greater than 0, but got/,
  /^object of type '\w+' has no len\(\)$/,
  /^ParametersDict.update should be called with an iterable of key\/value pairs/,
];

const released = () => {
  const t = r(2, 3);
  t.dispose();
  return t;
};
/** Junk JS values for a forward argument: the error must name the layer. */
const JUNK_VALUES: [string, () => unknown][] = [
  ["undefined", () => undefined],
  ["null", () => null],
  ["a string", () => "x"],
  ["a number", () => 3],
  ["a Symbol", () => Symbol("s")],
  ["{}", () => ({})],
  ["[]", () => []],
  ["a bigint", () => 2n],
  ["a plain array", () => [[1, 2, 3], [4, 5, 6]]],
];
/** Tensors a layer cannot take (wrong rank, dtype, empty): PyTorch's own error text is fine. */
const JUNK_TENSORS: [string, (valid: unknown) => unknown][] = [
  ["a 0-d tensor", () => torch.tensor(1.5)],
  ["a 1-d tensor", () => r(2)],
  ["a 6-d tensor", () => r(1, 1, 1, 1, 1, 2)],
  ["an empty tensor", () => torch.zeros([0])],
  ["an int tensor", (v) => (v instanceof torch.Tensor ? v.to({ dtype: "int32" }) : idx([1, 2]))],
  ["a bool tensor", (v) => (v instanceof torch.Tensor ? v.gt(0) : torch.tensor([true]))],
  ["a float64 tensor", (v) => (v instanceof torch.Tensor ? v.double() : r(2).double())],
];

/** Runs `f` with console.warn silenced (the lazy modules' and dropout2d's UserWarnings, as PyTorch warns). */
function quiet<T>(f: () => T): T {
  const warn = console.warn;
  console.warn = () => {};
  try {
    return f();
  } finally {
    console.warn = warn;
  }
}

Deno.test("every class nn exports has a table entry or is named as not a layer", () => {
  const missing = classes.map(([k]) => k).filter((k) => !(k in TABLE) && !NOT_LAYERS.has(k));
  assert.deepEqual(missing, [], `add these nn classes to TABLE in ${import.meta.url}`);
  const stale = Object.keys(TABLE).filter((k) => !(k in nn));
  assert.deepEqual(stale, []);
});

Deno.test("the table's arguments build every layer and its valid forward call works", () => {
  const bad: string[] = [];
  quiet(() => buildAll(bad));
  assert.deepEqual(bad, []);
});

/** Builds every layer from the table and runs its valid forward call. */
function buildAll(bad: string[]): void {
  for (const [name, e] of Object.entries(TABLE)) {
    if (NO_FORWARD.has(name)) continue;
    try {
      const m = new (nn as Any)[name](...e.args());
      m.forward(...e.input());
    } catch (err) {
      bad.push(`${name}: ${(err as Error).message}`);
    }
  }
}

Deno.test("forward with junk returns or throws a library error naming the layer", () => {
  const bad: string[] = [];
  quiet(() => sweepForward(bad));
  assert.deepEqual(bad, []);
});

/** Every layer's forward with each junk value in its first (and, for pairs, second) argument. */
function sweepForward(bad: string[]): void {
  for (const [name, e] of Object.entries(TABLE)) {
    const m = new (nn as Any)[name](...e.args());
    const positions = e.second ? [0, 1] : [0];
    for (const p of positions) {
      for (const [what, junk] of JUNK_VALUES) {
        const args = e.input();
        args[p] = junk();
        const err = problem(name, `${name}.forward(arg ${p} = ${what})`, () => m.forward(...args));
        if (err) bad.push(err);
      }
      for (const [what, junk] of JUNK_TENSORS) {
        const args = e.input();
        args[p] = junk(args[p]);
        const err = problem(name, `${name}.forward(arg ${p} = ${what})`, () => m.forward(...args), false);
        if (err) bad.push(err);
      }
      // a released tensor: ReleasedError (Identity hands it back untouched; forward-less modules refuse any call)
      const args = e.input();
      args[p] = released();
      try {
        if (m.forward(...args) !== args[p]) bad.push(`${name}.forward(arg ${p} = a released tensor): returned`);
      } catch (err) {
        if (!(err instanceof ReleasedError) && !NO_FORWARD.has(name)) {
          bad.push(`${name}.forward(arg ${p} = a released tensor): ${err}`);
        }
      }
    }
    const none = problem(name, `${name}.forward()`, () => m.forward());
    if (none) bad.push(none);
  }
}

/**
 * Constructors that accept any arguments: PyTorch's Identity ignores them ("unused argument"); nn.Module's (a base
 * class that subclasses call with `super()`) is src/nn/module.ts's, reported rather than changed here.
 */
const TAKES_ANYTHING = new Set(["Identity", "Module"]);

/** Junk for a constructor argument. */
const CTOR_JUNK: [string, unknown][] = [
  ["undefined", undefined],
  ["null", null],
  ["a string", "x"],
  ["a Symbol", Symbol("s")],
  ["{}", {}],
  ["-1", -1],
  ["NaN", NaN],
  ["Infinity", Infinity],
  ["2^53", 2 ** 53],
  ["1.5", 1.5],
  ["a bigint", 3n],
  ["a function", () => 1],
];

Deno.test("constructors with junk arguments return or throw a library error naming the layer", () => {
  const bad: string[] = [];
  for (const [name, e] of Object.entries(TABLE)) {
    const C = (nn as Any)[name];
    const valid = e.args();
    const n = Math.max(valid.filter((a) => !isOptions(a)).length, 1);
    for (let p = 0; p < n; p++) {
      for (const [what, junk] of CTOR_JUNK) {
        const args = e.args();
        args[p] = junk;
        const err = problem(name, `new ${name}(arg ${p} = ${what})`, () => new C(...args));
        if (err) bad.push(err);
      }
    }
    const unknown = e.args().filter((a) => !isOptions(a));
    const err = problem(name, `new ${name}({ bogus })`, () => {
      new C(...unknown, { bogus: 1 });
      throw new Error("accepted an unknown option");
    });
    if (err && !TAKES_ANYTHING.has(name)) bad.push(err);
  }
  assert.deepEqual(bad, []);
});

function isOptions(a: unknown): boolean {
  return typeof a === "object" && a !== null && !Array.isArray(a) && !(a instanceof torch.Tensor) &&
    !(a instanceof nn.Module);
}

Deno.test("secondary forward arguments: junk states, sizes, masks and lengths are library errors naming the layer", () => {
  const x3 = () => r(4, 1, 3);
  const calls: [string, () => unknown][] = [
    ["RNN", () => new nn.RNN(3, 2).forward(x3(), "x" as Any)],
    ["GRU", () => new nn.GRU(3, 2).forward(x3(), 3 as Any)],
    ["LSTM", () => new nn.LSTM(3, 2).forward(x3(), 3 as Any)],
    ["LSTM", () => new nn.LSTM(3, 2).forward(x3(), [1, 2] as Any)],
    ["LSTM", () => new nn.LSTM(3, 2).forward(x3(), [r(1, 1, 2), null] as Any)],
    ["LSTMCell", () => new nn.LSTMCell(3, 2).forward(r(1, 3), 3 as Any)],
    ["RNNCell", () => new nn.RNNCell(3, 2).forward(r(1, 3), "x" as Any)],
    ["ConvTranspose2d", () => new nn.ConvTranspose2d(2, 3, 3).forward(r(1, 2, 4, 4), 3 as Any)],
    ["ConvTranspose2d", () => new nn.ConvTranspose2d(2, 3, 3).forward(r(1, 2, 4, 4), ["a", "b"] as Any)],
    ["ConvTranspose1d", () => new nn.ConvTranspose1d(2, 3, 3).forward(r(1, 2, 4), [NaN] as Any)],
    [
      "MaxUnpool2d",
      () => new nn.MaxUnpool2d(2).forward(r(1, 1, 2, 2), idx([0, 3, 8, 10]).reshape([1, 1, 2, 2]), 3 as Any),
    ],
    ["EmbeddingBag", () => new nn.EmbeddingBag(5, 3).forward(idx([1, 2]), 3 as Any)],
    ["MultiheadAttention", () => new nn.MultiheadAttention(4, 2).forward(r(3, 1, 4), r(3, 1, 4), undefined)],
    ["MultiheadAttention", () => new nn.MultiheadAttention(4, 2).forward(r(3, 1, 4), r(3, 1, 4), r(3, 1, 4), 3)],
    ["ctcLoss", () => new nn.CTCLoss().forward(r(5, 1, 3), idx([1, 2]).reshape([1, 2]), "x" as Any, idx([2]))],
    ["Transformer", () => new nn.Transformer(4, 2, 1, 1, 8, 0).forward(r(3, 1, 4), r(2, 1, 4), { srcMask: 3 as Any })],
    ["tripletMarginLoss", () => new nn.TripletMarginLoss().forward(r(2, 3), r(2, 3), null as Any)],
    ["marginRankingLoss", () => new nn.MarginRankingLoss().forward(r(3), r(3), "x" as Any)],
  ];
  const bad = calls.map(([name, f], i) => problem(name, `call ${i} (${name})`, f)).filter((p) => p !== null);
  assert.deepEqual(bad, []);
});

Deno.test("the fixed checks: a non-tensor is a TypeError naming the layer and what it got", () => {
  const msg = (m: string) => ({ name: "TypeError", message: m });
  assert.throws(
    () => new nn.BatchNorm1d(3).forward(undefined as Any),
    msg("BatchNorm1d.forward(): expected a Tensor, got undefined"),
  );
  assert.throws(
    () => new nn.Conv2d(1, 1, 3).forward(undefined as Any),
    msg("Conv2d.forward(): expected a Tensor, got undefined"),
  );
  assert.throws(
    () => new nn.LayerNorm(3).forward("x" as Any),
    msg("LayerNorm.forward(): expected a Tensor, got string"),
  );
  assert.throws(
    () => new nn.LSTM(3, 2).forward(undefined as Any),
    msg("LSTM.forward(): expected a Tensor, got undefined"),
  );
  assert.throws(
    () => new nn.GroupNorm(2, 4).forward(null as Any),
    msg("GroupNorm.forward(): expected a Tensor, got null"),
  );
  assert.throws(() => new nn.Tanh().forward([1, 2] as Any), msg("Tanh.forward(): expected a Tensor, got Array"));
  assert.throws(() => new nn.Flatten().forward({} as Any), msg("Flatten.forward(): expected a Tensor, got Object"));
  assert.throws(
    () => new nn.LazyLinear(2).forward(3 as Any),
    msg("LazyLinear.forward(): expected a Tensor, got number"),
  );
  assert.throws(
    () => new nn.SyncBatchNorm(3).forward(2n as Any),
    msg("SyncBatchNorm.forward(): expected a Tensor, got bigint"),
  );
  assert.throws(
    () => new nn.AdaptiveLogSoftmaxWithLoss(4, 6, [3]).forward(r(2, 4), null as Any),
    msg("AdaptiveLogSoftmaxWithLoss.forward(): expected a Tensor for target, got null"),
  );
  assert.throws(
    () => new nn.GRU(3, 2).forward(r(4, 1, 3), "h" as Any),
    msg("GRU.forward(): expected a Tensor for hidden, got string"),
  );
  assert.throws(
    () => new nn.LSTM(3, 2).forward(r(4, 1, 3), 3 as Any),
    msg("LSTM.forward(): expected hx to be a pair [h_0, c_0] of Tensors, got number"),
  );
  assert.throws(
    () => new nn.ConvTranspose2d(2, 3, 3).forward(r(1, 2, 4, 4), 3 as Any),
    msg("ConvTranspose2d.forward(): output_size must be a list of integers, not number"),
  );
  // a valid call still works after the checks
  assert.deepEqual(new nn.LazyConv2d(3, 3).forward(r(1, 2, 6, 6)).shape, [1, 3, 4, 4]);
  assert.deepEqual(new nn.ModuleList(null).length, 0);
  assert.deepEqual(new nn.ParameterList(null).length, 0);
  assert.deepEqual(new nn.ModuleDict(null).keys(), []);
});

/** A wrong-rank (or wrong-size) call on both sides: PyTorch's module built by `py`, called on `arg`. */
const RANK_CASES: [string, string, () => unknown][] = [
  ["nn.BatchNorm1d(3)", "torch.randn(3)", () => new nn.BatchNorm1d(3).forward(r(3))],
  ["nn.BatchNorm2d(3)", "torch.randn(2, 3, 4)", () => new nn.BatchNorm2d(3).forward(r(2, 3, 4))],
  ["nn.BatchNorm3d(3)", "torch.randn(2, 3, 4, 4)", () => new nn.BatchNorm3d(3).forward(r(2, 3, 4, 4))],
  ["nn.InstanceNorm1d(3)", "torch.randn(3)", () => new nn.InstanceNorm1d(3).forward(r(3))],
  ["nn.InstanceNorm2d(3)", "torch.randn(3, 4)", () => new nn.InstanceNorm2d(3).forward(r(3, 4))],
  [
    "nn.InstanceNorm3d(3)",
    "torch.randn(1, 1, 1, 1, 1, 3)",
    () => new nn.InstanceNorm3d(3).forward(r(1, 1, 1, 1, 1, 3)),
  ],
  ["nn.CircularPad1d(1)", "torch.randn(3)", () => new nn.CircularPad1d(1).forward(r(3))],
  ["nn.CircularPad2d(1)", "torch.randn(3, 3)", () => new nn.CircularPad2d(1).forward(r(3, 3))],
  ["nn.CircularPad3d(1)", "torch.randn(3, 3, 3)", () => new nn.CircularPad3d(1).forward(r(3, 3, 3))],
  ["nn.RNN(3, 2)", "torch.randn(3)", () => new nn.RNN(3, 2).forward(r(3))],
  ["nn.GRU(3, 2)", "torch.randn(1, 1, 1, 3)", () => new nn.GRU(3, 2).forward(r(1, 1, 1, 3))],
  ["nn.LSTM(3, 2)", "torch.randn(4, 1, 5)", () => new nn.LSTM(3, 2).forward(r(4, 1, 5))],
  ["nn.Softmax2d()", "torch.randn(3, 3)", () => new nn.Softmax2d().forward(r(3, 3))],
  ["nn.CrossMapLRN2d(2)", "torch.randn(1, 4, 3)", () => new nn.CrossMapLRN2d(2).forward(r(1, 4, 3))],
  ["nn.GroupNorm(2, 4)", "torch.randn(4)", () => new nn.GroupNorm(2, 4).forward(r(4))],
  ["nn.LayerNorm(3)", "torch.randn(2, 2)", () => new nn.LayerNorm(3).forward(r(2, 2))],
  ["nn.LocalResponseNorm(2)", "torch.randn(4)", () => new nn.LocalResponseNorm(2).forward(r(4))],
  ["nn.MaxPool2d(2)", "torch.randn(4)", () => new nn.MaxPool2d(2).forward(r(4))],
  ["nn.PixelShuffle(2)", "torch.randn(4)", () => new nn.PixelShuffle(2).forward(r(4))],
  ["nn.Linear(3, 2)", "torch.randn(2, 2)", () => new nn.Linear(3, 2).forward(r(2, 2))],
  ["nn.Flatten()", "torch.tensor(1.5)", () => new nn.Flatten().forward(torch.tensor(1.5))],
  ["nn.MultiheadAttention(4, 2)", "torch.randn(4), torch.randn(4), torch.randn(4)", () => {
    const m = new nn.MultiheadAttention(4, 2);
    return m.forward(r(4), r(4), r(4));
  }],
  ["nn.Dropout1d()", "torch.randn(2, 3, 4, 5)", () => new nn.Dropout1d().forward(r(2, 3, 4, 5))],
  ["nn.FeatureAlphaDropout()", "torch.randn(3)", () => new nn.FeatureAlphaDropout().forward(r(3))],
  ["nn.Upsample(scale_factor=2)", "torch.randn(4)", () => new nn.Upsample({ scaleFactor: 2 }).forward(r(4))],
  ["nn.ReflectionPad2d(1)", "torch.randn(4)", () => new nn.ReflectionPad2d(1).forward(r(4))],
  ["nn.Fold((3, 3), 2)", "torch.randn(4)", () => new nn.Fold([3, 3], 2).forward(r(4))],
  ["nn.ModuleList", "3", () => new nn.ModuleList(3 as Any)],
  ["nn.ParameterList", "3", () => new nn.ParameterList(3 as Any)],
  ["nn.ModuleDict", "3", () => new nn.ModuleDict(3 as Any)],
  ["(lambda *a: nn.ModuleList([], 1))", "", () => new (nn.ModuleList as Any)([], 1)],
  ["(lambda x: nn.functional.layer_norm(x, []))", "torch.randn(2, 3)", () => nn.F.layerNorm(r(2, 3), [])],
];

Deno.test("wrong-rank inputs: PyTorch's error class and message", async () => {
  const res = await numpy(
    RANK_CASES.map(([py, arg]) => ({ expr: `(${py})(${arg})`, setup: "import torch.nn as nn", torch: true })),
  );
  const bad: string[] = [];
  RANK_CASES.forEach(([py, arg, ours], i) => {
    const want = res[i];
    if (!("error" in want)) return bad.push(`${py}(${arg}): PyTorch returned, not an error`);
    try {
      ours();
      bad.push(`${py}(${arg}): returned; PyTorch raised ${want.error}: ${want.message}`);
    } catch (e) {
      // (PyTorch's multi_head_attention_forward asserts: dendrite's RuntimeError carries the same text)
      const cls = want.error === "AssertionError" ? RuntimeError : ERROR_CLASS[want.error];
      const err = e as Error;
      if (!cls || !(err instanceof cls) || err.message !== want.message) {
        bad.push(`${py}(${arg}): ${err.name}: ${err.message}\n   PyTorch ${want.error}: ${want.message}`);
      }
    }
  });
  assert.deepEqual(bad, []);
});
