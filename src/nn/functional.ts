/**
 * torch.nn.functional (also `nn.F`): the functional form of every layer
 * and loss, with PyTorch's positional order and an options object for the
 * rest (`F.crossEntropy(logits, target, { labelSmoothing: 0.1 })`). Each
 * function is declared once (defineOp) and generated through torch's
 * runner like torch's own functions, so the binder checks every call
 * (unknown options, wrong types) and the TypeScript types come from the
 * same declarations.
 *
 * Convolution, pooling, batch norm, linear, embedding and the class-index
 * losses call the nn primitives (src/torch/ops/nn*.ts: backend kernels and
 * derivatives of their own); the rest are written with tensor ops
 * (autograd records their steps).
 */
import { type Args, defineOp, torchComposite } from "../api/define.ts";
import { nullableReq, opt, req, type Sig } from "../api/signature.ts";
import type { Functions } from "../api/surface.ts";
import { isGradEnabled, withGradMode } from "../autograd/grad_mode.ts";
import { isFloat, TORCH_TYPE_NAME } from "../core/dtype.ts";
import { cppDouble, RuntimeError } from "../core/errors.ts";
import { backendFor } from "../backend/backend.ts";
import { torchDim } from "../core/shape.ts";
import { Storage } from "../core/storage.ts";
import { View } from "../core/view.ts";
import { toDevice, torchElement } from "../ops/operand.ts";
import { defaultGenerator } from "../torch/ops/random.ts";
import { Tensor, torchFunctions } from "../torch/tensor.ts";
import { COMPOSITES } from "../torch/ops/composites.ts";
import { interpolate } from "./interpolate.ts";
import { ctcLoss } from "./ctc_loss.ts";
import { embeddingBag } from "./embedding_bag.ts";
import { multilabelMarginLoss, multiMarginLoss, tripletMarginWithDistanceLoss } from "./loss_more.ts";
import {
  conv3d,
  CONV_TRANSPOSE_ARGS,
  convTranspose1d,
  convTranspose2dF,
  convTranspose3d,
  type TransposedConv,
} from "./conv3d.ts";
import { affineGrid, gridSample } from "./grid_sample.ts";
import {
  activateInPlace,
  channelShuffle,
  gumbelSoftmax,
  inPlaceIf,
  leaky,
  nativeChannelShuffle,
  prelu,
  rmsNorm,
  rrelu,
} from "./activation_more.ts";
import { pad } from "./pad.ts";
import { multiHeadAttentionForward } from "./multi_head_attention_forward.ts";
import { checkSdpaBackend } from "./sdpa_backend.ts";
import { CausalBias } from "./attention_bias.ts";
import { linearCrossEntropy } from "./linear_cross_entropy.ts";
import { P } from "./prims.ts";
import {
  adaptiveAvgPool3d,
  adaptiveMaxPool3d,
  avgPool2dAnyDtype,
  avgPool3d,
  fractionalMaxPool,
  maxPool3d,
  maxPoolAnyDtype,
  maxUnpool,
} from "./pool3d.ts";
import { py } from "./repr.ts";

type TensorT = Tensor;

// ---------- helpers ----------

const fn = torchComposite;

const IN = req("input", "array");
const INPLACE = opt("inplace", "bool", false);
/** The dropouts' signature (F.dropout* train by default, F.alpha_dropout and its feature form do not). */
const DROPOUT = { pos: [IN, opt("p", "number", 0.5), opt("training", "bool", true), INPLACE], kw: [] } as const;
const ALPHA_DROPOUT = { pos: [IN, opt("p", "number", 0.5), opt("training", "bool", false), INPLACE], kw: [] } as const;
/** unfold / fold's block geometry after their sizes (also the Unfold / Fold modules'). */
export const BLOCKS = [
  req("kernelSize", "ints"),
  opt("dilation", "ints", 1),
  opt("padding", "ints", 0),
  opt("stride", "ints", 1),
] as const;
/** lp_pool1d / lp_pool2d's arguments after the input (also the LPPool modules'). */
export const LPPOOL = [
  req("normType", "number"),
  req("kernelSize", "ints"),
  opt("stride", "ints", null),
  opt("ceilMode", "bool", false),
] as const;
/** local_response_norm's arguments after the input (also LocalResponseNorm's). */
export const LRN = [
  req("size", "int"),
  opt("alpha", "number", 1e-4),
  opt("beta", "number", 0.75),
  opt("k", "number", 1),
] as const;
/** A loss's reduction (also the loss modules'). */
export const REDUCTION = opt("reduction", "string", "mean", { choices: ["none", "mean", "sum"] });
/** PyTorch's legacy sizeAverage and reduce (also the loss modules'). */
export const LEGACY = [opt("sizeAverage", "bool", null), opt("reduce", "bool", null)] as const;
/** triplet_margin_loss's options after its three tensors (also TripletMarginLoss's constructor's). */
export const TRIPLET_OPTIONS = [
  opt("margin", "number", 1),
  opt("p", "number", 2),
  opt("eps", "number", 1e-6),
  opt("swap", "bool", false),
  ...LEGACY,
  REDUCTION,
] as const;
/** ctc_loss's options after its four tensors (also CTCLoss's constructor's). */
export const CTC_OPTIONS = [opt("blank", "int", 0), REDUCTION, opt("zeroInfinity", "bool", false)] as const;
/** upsample_nearest / upsample_bilinear's arguments after the input (also UpsamplingNearest2d / Bilinear2d's). */
export const UPSAMPLE_SIZE = [opt("size", "ints", null), opt("scaleFactor", "any", null)] as const;
/** upsample's arguments after the input (the Upsample module's, before its recomputeScaleFactor). */
export const UPSAMPLE = [
  ...UPSAMPLE_SIZE,
  opt("mode", "string", "nearest"),
  opt("alignCorners", "bool", null),
] as const;
/** ctc_loss's signatures: both lengths tensors, or both integer lists (PyTorch's two overloads). */
const ctcSig = <const K extends "array" | "ints">(k: K) =>
  ({
    pos: [
      req("logProbs", "array"),
      req("targets", "array"),
      req("inputLengths", k),
      req("targetLengths", k),
      ...CTC_OPTIONS,
    ],
    kw: [],
  }) as const;
const T = (d: string) => TORCH_TYPE_NAME[d as keyof typeof TORCH_TYPE_NAME];
const fmt = (s: readonly number[]) => `[${s.join(", ")}]`;

/** PyTorch's legacy size_average / reduce arguments turned into a reduction. */
function reductionOf(a: Args): string {
  if (a.sizeAverage === null && a.reduce === null) return a.reduction;
  const sizeAverage = a.sizeAverage ?? true, reduce = a.reduce ?? true;
  return !reduce ? "none" : sizeAverage ? "mean" : "sum";
}
/** A loss reduced as `reduction` asks ("none", "sum" or "mean"). */
export function reduceLoss(l: TensorT, reduction: string): TensorT {
  return reduction === "none" ? l : reduction === "sum" ? l.sum() : l.mean();
}

/** Runs `f` on a 3-d (unbatched) input as a batch of one. */
function batched(x: TensorT, dims: number, f: (x: TensorT) => TensorT): TensorT {
  if (x.ndim === dims - 1) return f(x.unsqueeze(0)).squeeze(0);
  return f(x);
}

/** A host array as a tensor on `like`'s device. */
function hostTensor(values: Float32Array | Float64Array | BigInt64Array, shape: number[], like: TensorT): TensorT {
  const dt = values instanceof BigInt64Array ? "int64" : values instanceof Float32Array ? "float32" : "float64";
  const o = {
    storage: Storage.wrap(dt, values.length, values.buffer as ArrayBuffer, values.byteOffset),
    layout: new View(shape),
  };
  return Tensor._wrap(toDevice(o, like.device));
}

function floatCheck(op: string, x: TensorT): void {
  if (!isFloat(x.dtype)) throw new RuntimeError(`"${op}" not implemented for '${T(x.dtype)}'`);
}

const FLOAT32_MAX = 3.4028234663852886e38;

/** An activation PyTorch has float kernels only for (`kernel`: the name its error gives). */
const floatOnly = (kernel: string, impl: (a: Args) => unknown) => (a: Args): unknown => {
  floatCheck(kernel, a.input);
  return impl(a);
};

// ---------- linear and convolution ----------

/** conv padding: a number, a list, "valid" or "same" -> [top, left, bottom, right] per spatial dim pair. */
function convPadding(op: string, padding: unknown, kernel: number[], dilation: number[], stride: number[]): number[] {
  const n = kernel.length;
  if (padding === "valid") return Array(2 * n).fill(0);
  if (padding === "same") {
    if (stride.some((s) => s !== 1)) throw new RuntimeError("padding='same' is not supported for strided convolutions");
    const lo: number[] = [], hi: number[] = [];
    for (let i = 0; i < n; i++) {
      const total = dilation[i] * (kernel[i] - 1);
      lo.push(Math.floor(total / 2));
      hi.push(total - Math.floor(total / 2));
    }
    return [...lo, ...hi];
  }
  if (typeof padding === "string") {
    throw new RuntimeError(`Invalid padding string '${padding}', should be one of ['valid', 'same']`);
  }
  const p = typeof padding === "number" ? Array(n).fill(padding) : [...(padding as number[])];
  if (p.length === 1) { while (p.length < n) p.push(p[0]); }
  if (p.length !== n || p.some((v) => !Number.isSafeInteger(v) || v < 0)) {
    throw new RuntimeError(`${op}: padding must be ${n} non-negative integers, got ${fmt(p)}`);
  }
  return [...p, ...p];
}

const list = (v: number | readonly number[], n: number): number[] =>
  typeof v === "number" ? Array(n).fill(v) : v.length === 1 ? Array(n).fill(v[0]) : [...v];

function conv2d(
  x: TensorT,
  w: TensorT,
  b: TensorT | null,
  stride: number | number[],
  padding: unknown,
  dil: number | number[],
  groups: number,
): TensorT {
  if (x.ndim !== 3 && x.ndim !== 4) {
    throw new RuntimeError(
      `Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: ${fmt(x.shape)}`,
    );
  }
  const s = list(stride, 2), d = list(dil, 2);
  const p = convPadding("conv2d", padding, w.ndim === 4 ? [w.shape[2], w.shape[3]] : [1, 1], d, s);
  return batched(x, 4, (x4) => P.conv2d(x4, w, b, s, p, d, groups));
}

function conv1d(
  x: TensorT,
  w: TensorT,
  b: TensorT | null,
  stride: number | number[],
  padding: unknown,
  dil: number | number[],
  groups: number,
): TensorT {
  if (x.ndim !== 2 && x.ndim !== 3) {
    throw new RuntimeError(
      `Expected 2D (unbatched) or 3D (batched) input to conv1d, but got input of size: ${fmt(x.shape)}`,
    );
  }
  if (w.ndim !== 3) throw new RuntimeError(`conv1d: expected a 3-dimensional weight, got size ${fmt(w.shape)}`);
  const s = list(stride, 1), d = list(dil, 1);
  const [pl, pr] = convPadding("conv1d", padding, [w.shape[2]], d, s);
  return batched(
    x,
    3,
    (x3) => P.conv2d(x3.unsqueeze(2), w.unsqueeze(2), b, [1, s[0]], [0, pl, 0, pr], [1, d[0]], groups).squeeze(2),
  );
}

// ---------- pooling ----------

const pair = (v: number | number[] | null, dflt: number[] | null): number[] | null => v === null ? dflt : list(v, 2);

function pool4(op: string, x: TensorT): void {
  if (x.ndim !== 3 && x.ndim !== 4) throw new RuntimeError("non-empty 3D or 4D (batch mode) tensor expected for input");
  void op;
}

function maxPool2d(a: Args, indices: boolean): TensorT | TensorT[] {
  const x: TensorT = a.input;
  pool4("max_pool2d", x);
  const k = list(a.kernelSize, 2), s = pair(a.stride, k)!;
  const r = (x4: TensorT) =>
    maxPoolAnyDtype(
      x4,
      (t) => P.maxPool2d(t, k, s.length ? s : k, list(a.padding, 2), list(a.dilation, 2), a.ceilMode),
    );
  if (x.ndim === 3) {
    const [v, i] = r(x.unsqueeze(0));
    return indices ? [v.squeeze(0), i.squeeze(0)] : v.squeeze(0);
  }
  const [v, i] = r(x);
  return indices ? [v, i] : v;
}

function maxPool1d(a: Args, indices: boolean): TensorT | TensorT[] {
  const x: TensorT = a.input;
  if (x.ndim !== 2 && x.ndim !== 3) {
    throw new RuntimeError(`max_pool1d() Expected 2D or 3D input tensor, but got ${fmt(x.shape)}`);
  }
  // (without indices PyTorch runs max_pool1d_impl, which has float loops only)
  if (!indices) floatCheck("max_pool1d_impl", x);
  const k = list(a.kernelSize, 1)[0], s = a.stride === null ? k : list(a.stride, 1)[0];
  const x4 = x.ndim === 2 ? x.unsqueeze(0).unsqueeze(2) : x.unsqueeze(2);
  const [v, i] = maxPoolAnyDtype(
    x4,
    (t) => P.maxPool2d(t, [1, k], [1, s || k], [0, list(a.padding, 1)[0]], [1, list(a.dilation, 1)[0]], a.ceilMode),
  );
  const back = (t: TensorT) => (x.ndim === 2 ? t.squeeze(2).squeeze(0) : t.squeeze(2));
  return indices ? [back(v), back(i)] : back(v);
}

function avgPool2d(a: Args): TensorT {
  const x: TensorT = a.input;
  pool4("avg_pool2d", x);
  const k = list(a.kernelSize, 2), s = pair(a.stride, k)!;
  return batched(
    x,
    4,
    (x4) =>
      avgPool2dAnyDtype(
        x4,
        k,
        s.length ? s : k,
        list(a.padding, 2),
        a.ceilMode,
        a.countIncludePad,
        a.divisorOverride ?? null,
      ),
  );
}

function avgPool1d(a: Args): TensorT {
  const x: TensorT = a.input;
  if (x.ndim !== 2 && x.ndim !== 3) {
    throw new RuntimeError(`avg_pool1d() Expected 2D or 3D input tensor, but got ${fmt(x.shape)}`);
  }
  const k = list(a.kernelSize, 1)[0], s = a.stride === null ? k : list(a.stride, 1)[0];
  const x4 = x.ndim === 2 ? x.unsqueeze(0).unsqueeze(2) : x.unsqueeze(2);
  const y = avgPool2dAnyDtype(x4, [1, k], [1, s || k], [0, list(a.padding, 1)[0]], a.ceilMode, a.countIncludePad, null);
  return x.ndim === 2 ? y.squeeze(2).squeeze(0) : y.squeeze(2);
}

/** lp_pool1d / lp_pool2d as PyTorch writes them: (sum over the window of x^p)^(1/p), from an average pool. */
function lpPool(a: Args, dims: 1 | 2 | 3): TensorT {
  // (lp_pool2d's wrapper reads size(-3) first: PyTorch's dim error for a 1-d or 2-d input)
  if (dims === 2 && (a.input.ndim === 1 || a.input.ndim === 2)) torchDim(-3, a.input.ndim);
  const k = list(a.kernelSize, dims), p: number = a.normType;
  if (Math.abs(p) === Infinity) {
    // PyTorch's: the largest |x| of each window (the smallest for -inf), a max pool without padding
    const max = [maxPool1d, maxPool2d, maxPool3d][dims - 1];
    const x = (a.input as TensorT).abs();
    const o = { kernelSize: a.kernelSize, stride: a.stride, padding: 0, dilation: 1, ceilMode: a.ceilMode };
    if (p > 0) return max({ input: x, ...o }, false) as TensorT;
    return (max({ input: x.neg(), ...o }, false) as TensorT).neg();
  }
  const pooled = [avgPool1d, avgPool2d, avgPool3d][dims - 1]({
    input: (a.input as TensorT).pow(p),
    kernelSize: k,
    stride: a.stride,
    padding: 0,
    ceilMode: a.ceilMode,
    countIncludePad: true,
    divisorOverride: null,
  });
  return pooled.sign().mul(pooled.abs().relu()).mul(k.reduce((m, v) => m * v, 1)).pow(1 / p);
}

/**
 * local_response_norm: x / (k + alpha * mean of x^2 over `size` neighbouring channels)^beta, the window zero-padded
 * by size / 2 channels before and (size - 1) / 2 after (PyTorch's average pool, count_include_pad).
 */
function localResponseNorm(x: TensorT, size: number, alpha: number, beta: number, k: number): TensorT {
  if (x.ndim < 3) {
    throw new RangeError(
      `Expected 3D or higher dimensionality                          input (got ${x.ndim} dimensions)`,
    );
  }
  if (size <= 0) throw new RuntimeError(`kernel size should be greater than zero, but got kH: ${size} kW: 1`);
  if (x.numel() === 0) return x;
  const c = x.shape[1], lo = Math.floor(size / 2), hi = Math.floor((size - 1) / 2);
  const padded = pad(x.mul(x), [...Array(2 * (x.ndim - 2)).fill(0), lo, hi], "constant", 0);
  let sum = padded.narrow(1, 0, c);
  for (let t = 1; t < size; t++) sum = sum.add(padded.narrow(1, t, c));
  const mean = isFloat(sum.dtype) ? sum.div(size) : sum.div(size, { roundingMode: "trunc" });
  return x.div(mean.mul(alpha).add(k).pow(beta));
}

/** unfold / fold's geometry: kernel, dilation, padding, stride (pairs) and the count of blocks along each dim. */
interface Blocks {
  k: number[];
  d: number[];
  p: number[];
  s: number[];
  blocks: number[];
}

/** An unfold / fold size given as an int or a pair, as a pair (PyTorch's error for any other length). */
function pairArg(v: number | number[], name: string): number[] {
  const l = list(v, 2);
  if (l.length !== 2) throw new RuntimeError(`It is expected ${name} equals to 2, but got size ${l.length}`);
  return l;
}

function blockGeometry(a: Args, spatial: readonly number[]): Blocks {
  const k = pairArg(a.kernelSize, "kernel_size"), d = pairArg(a.dilation, "dilation");
  const p = pairArg(a.padding, "padding"), s = pairArg(a.stride, "stride");
  const bad = (what: string, v: number[], hw: string[]) => `${what}, but got ${hw[0]}: ${v[0]} ${hw[1]}: ${v[1]}`;
  if (k[0] <= 0 || k[1] <= 0) {
    throw new RuntimeError(bad("kernel size should be greater than zero", k, ["kernel_height", "kernel_width"]));
  }
  if (s[0] <= 0 || s[1] <= 0) {
    throw new RuntimeError(bad("stride should be greater than zero", s, ["stride_height", "stride_width"]));
  }
  if (d[0] <= 0 || d[1] <= 0) {
    throw new RuntimeError(bad("dilation should be greater than zero", d, ["dilation_height", "dilation_width"]));
  }
  if (p[0] < 0 || p[1] < 0) {
    throw new RuntimeError(bad("padding should be non-negative", p, ["pad_height", "pad_width"]));
  }
  const blocks = [0, 1].map((i) => Math.floor((spatial[i] + 2 * p[i] - d[i] * (k[i] - 1) - 1) / s[i]) + 1);
  return { k, d, p, s, blocks };
}

/**
 * Where each (kernel offset, block) reads in the padded (H + 2 ph) x (W + 2 pw) plane, kernel offsets major: the
 * index im2col gathers with and col2im adds back with.
 */
function blockIndex(g: Blocks, paddedW: number, like: TensorT): TensorT {
  const { k, d, s, blocks } = g, l = blocks[0] * blocks[1];
  const idx = new BigInt64Array(k[0] * k[1] * l);
  for (let i = 0; i < k[0]; i++) {
    for (let j = 0; j < k[1]; j++) {
      const row = (i * k[1] + j) * l;
      for (let bh = 0; bh < blocks[0]; bh++) {
        for (let bw = 0; bw < blocks[1]; bw++) {
          idx[row + bh * blocks[1] + bw] = BigInt((bh * s[0] + i * d[0]) * paddedW + bw * s[1] + j * d[1]);
        }
      }
    }
  }
  return hostTensor(idx, [idx.length], like);
}

/** im2col's dtypes (floats and bool), as PyTorch's CPU kernels dispatch them. */
function im2colDtype(op: string, x: TensorT): void {
  if (!isFloat(x.dtype) && x.dtype !== "bool") {
    throw new RuntimeError(`"${op}_out_cpu" not implemented for '${T(x.dtype)}'`);
  }
}

/** F.unfold (im2col): (N, C, H, W) -> (N, C kh kw, L), each column one sliding block of the padded input. */
function unfold(a: Args): TensorT {
  const x: TensorT = a.input;
  // (PyTorch's wrapper reads size(2) first: its dim error for a 1-d or 2-d input)
  if (x.ndim === 1 || x.ndim === 2) torchDim(2, x.ndim);
  if ((x.ndim !== 3 && x.ndim !== 4) || x.shape.slice(-3).some((v) => v === 0)) {
    throw new RuntimeError(
      `Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: ${
        fmt(x.shape)
      }`,
    );
  }
  const [c, h, w] = x.shape.slice(-3), g = blockGeometry(a, [h, w]);
  if (g.blocks[0] < 1 || g.blocks[1] < 1) {
    throw new RuntimeError(
      `Given input with spatial size ${py([h, w])}, kernel_size=${py(g.k)}, dilation=${py(g.d)}, padding=${
        py(g.p)
      }, calculated shape of the array of sliding blocks as ${py(g.blocks)}, but its components must be at least one.`,
    );
  }
  im2colDtype("im2col", x);
  return batched(x, 4, (x4) => {
    const n = x4.shape[0], hp = h + 2 * g.p[0], wp = w + 2 * g.p[1];
    const flat = pad(x4, [g.p[1], g.p[1], g.p[0], g.p[0]], "constant", 0).reshape([n, c, hp * wp]);
    return flat.indexSelect(2, blockIndex(g, wp, x)).reshape([n, c * g.k[0] * g.k[1], g.blocks[0] * g.blocks[1]]);
  });
}

/** F.fold (col2im): (N, C kh kw, L) -> (N, C, H, W), summing each column back over its sliding block. */
function fold(a: Args): TensorT {
  const x: TensorT = a.input;
  if ((x.ndim !== 2 && x.ndim !== 3) || x.shape.slice(-2).some((v) => v === 0)) {
    throw new RuntimeError(
      `Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero dimensions for input, but got: ${
        fmt(x.shape)
      }`,
    );
  }
  const out = pairArg(a.outputSize, "output_size");
  const g = blockGeometry(a, out), kk = g.k[0] * g.k[1], [ck, l] = x.shape.slice(-2);
  if (ck % kk) {
    throw new RuntimeError(
      `Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=${ck} and kernel_size=${
        py(g.k)
      }.`,
    );
  }
  if (l !== g.blocks[0] * g.blocks[1]) {
    throw new RuntimeError(
      `Given output_size=${py(out)}, kernel_size=${py(g.k)}, dilation=${py(g.d)}, padding=${py(g.p)}, stride=${
        py(g.s)
      }, expected size of input's dimension 2 to match the calculated number of sliding blocks ${g.blocks[0]} * ${
        g.blocks[1]
      } = ${g.blocks[0] * g.blocks[1]}, but got input.size(2)=${l}.`,
    );
  }
  im2colDtype("col2im", x);
  return batched(x, 3, (x3) => {
    const n = x3.shape[0], c = ck / kk, hp = out[0] + 2 * g.p[0], wp = out[1] + 2 * g.p[1];
    const summed = x3.newZeros([n, c, hp * wp]).indexAdd(2, blockIndex(g, wp, x), x3.reshape([n, c, kk * l]));
    return summed.reshape([n, c, hp, wp]).narrow(2, g.p[0], out[0]).narrow(3, g.p[1], out[1]);
  });
}

/** F.pdist: the p-norm distance of every pair of rows i < j, in row-major pair order. */
function pdist(x: TensorT, p: number): TensorT {
  if (x.ndim !== 2) throw new RuntimeError(`pdist only supports 2D tensors, got: ${x.ndim}D`);
  if (!isFloat(x.dtype)) throw new RuntimeError("pdist only supports floating-point dtypes");
  if (!(p >= 0)) throw new RuntimeError("pdist only supports non-negative p values");
  const n = x.shape[0], m = n * (n - 1) / 2;
  if (m === 0) return x.newZeros([0]);
  const i = new BigInt64Array(m), j = new BigInt64Array(m);
  for (let a = 0, k = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++, k++) {
      i[k] = BigInt(a);
      j[k] = BigInt(b);
    }
  }
  return x.indexSelect(0, hostTensor(i, [m], x)).sub(x.indexSelect(0, hostTensor(j, [m], x))).norm(p, [1]);
}

/** An adaptive pool's output size (null entries keep the input's size). */
function outSize(x: TensorT, size: unknown, n: number): number[] {
  const l = typeof size === "number" || size === null ? Array(n).fill(size) : [...(size as (number | null)[])];
  if (l.length === 1) { while (l.length < n) l.push(l[0]); }
  if (l.length !== n) throw new RuntimeError(`output_size must be ${n}, got ${fmt(l as number[])}`);
  return l.map((v, i) => (v === null ? x.shape[x.ndim - n + i] : v));
}

function adaptive2d(x: TensorT, size: unknown, max: boolean, indices: boolean): TensorT | TensorT[] {
  const op = max ? "adaptive_max_pool2d" : "adaptive_avg_pool2d";
  if (x.ndim !== 3 && x.ndim !== 4) {
    throw new RuntimeError(`${op}(): Expected 3D or 4D tensor, but got ${fmt(x.shape)}`);
  }
  const o = outSize(x, size, 2);
  const x4 = x.ndim === 3 ? x.unsqueeze(0) : x;
  const un = (t: TensorT) => (x.ndim === 3 ? t.squeeze(0) : t);
  if (!max) return un(P.adaptiveAvgPool2d(x4, o));
  const [v, i] = P.adaptiveMaxPool2d(x4, o);
  return indices ? [un(v), un(i)] : un(v);
}

function adaptive1d(x: TensorT, size: unknown, max: boolean, indices: boolean): TensorT | TensorT[] {
  const op = max ? "adaptive_max_pool1d" : "adaptive_avg_pool1d";
  if (x.ndim !== 2 && x.ndim !== 3) {
    throw new RuntimeError(`${op}() argument 'input' should have 2 or 3 dimensions, got ${x.ndim}`);
  }
  const o = outSize(x, size, 1)[0];
  const x4 = x.ndim === 2 ? x.unsqueeze(0).unsqueeze(2) : x.unsqueeze(2);
  const un = (t: TensorT) => (x.ndim === 2 ? t.squeeze(2).squeeze(0) : t.squeeze(2));
  if (!max) return un(P.adaptiveAvgPool2d(x4, [1, o]));
  const [v, i] = P.adaptiveMaxPool2d(x4, [1, o]);
  return indices ? [un(v), un(i)] : un(v);
}

// ---------- dropout ----------

/** PyTorch's dropout noise for `n` elements: 1/(1-p) where kept, 0 where dropped (the default generator's stream). */
function dropoutNoise(n: number, p: number, dtype: string, shape: number[], like: TensorT): TensorT {
  const be = backendFor(like.device);
  if (be.dropoutNoise) {
    // drawn where the tensor lives: a host draw would cost a copy (and its wait) every training step
    const noise = like.newEmpty(shape, { dtype: dtype as "float32" | "float64" });
    be.dropoutNoise(noise.storage, 1 - p, 1 / (1 - p));
    return noise;
  }
  const buf = dtype === "float64" ? new Float64Array(n) : new Float32Array(n);
  const { noise } = defaultGenerator.dropout(buf, p);
  return hostTensor(noise, shape, like);
}

/** PyTorch's error for dropout of an integer or bool tensor: its float noise cannot be multiplied in. */
function dropoutDtype(x: TensorT): void {
  if (!isFloat(x.dtype)) {
    throw new RuntimeError(`result type Float can't be cast to the desired output type ${T(x.dtype)}`);
  }
}

function checkP(p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`dropout probability has to be between 0 and 1, but got ${p}`);
}

/** F.dropout: x * noise in training (PyTorch's stream for the seed), x itself otherwise. */
export function dropout(x: TensorT, p = 0.5, training = true, inplace = false): TensorT {
  checkP(p);
  if (!training || p === 0) return x;
  if (p === 1) return inPlaceIf(x, (c) => c.mul(0), inplace); // (integer tensors too: no noise is drawn)
  dropoutDtype(x);
  return inPlaceIf(x, (c) => c.mul(dropoutNoise(c.numel(), p, c.dtype, c.shape, c)), inplace);
}

/**
 * Channel dropout as PyTorch's feature_dropout: one draw for each index of the first `lead` dims, shared by the rest.
 */
function featureDropout(x: TensorT, p: number, training: boolean, inplace: boolean, lead: number): TensorT {
  if (!training || p === 0) return x;
  if (p === 1) return inPlaceIf(x, (c) => c.mul(0), inplace); // (integer tensors too: no noise is drawn)
  dropoutDtype(x);
  if (x.ndim < 2) throw new RuntimeError("Feature dropout requires at least 2 dimensions in the input");
  const shape = [...x.shape.slice(0, lead), ...Array(x.ndim - lead).fill(1)];
  const n = shape.reduce((a, v) => a * v, 1);
  return inPlaceIf(x, (c) => c.mul(dropoutNoise(n, p, c.dtype, shape, c)), inplace);
}

/** SELU's negative saturation, -lambda * alpha: where alpha dropout sets the dropped elements before its affine map. */
const SELU_SATURATION = 1.7580993408473766;

/**
 * alpha_dropout / feature_alpha_dropout as PyTorch's _dropout_impl: the same draws as dropout (per element, or per
 * (dim 0, dim 1) for the feature variant), then x * (mask a) + (mask - 1) alpha' a + alpha' a p, which keeps SELU's
 * zero mean and unit variance.
 */
function alphaDropout(x: TensorT, p: number, training: boolean, inplace: boolean, feature: boolean): TensorT {
  checkP(p);
  if (!training || p === 0 || x.numel() === 0) return x;
  if (p === 1) return inPlaceIf(x, (c) => c.mul(0), inplace); // (integer tensors too: no noise is drawn)
  dropoutDtype(x);
  if (feature && x.ndim < 2) throw new RuntimeError("Feature dropout requires at least 2 dimensions in the input");
  const lead = feature ? 2 : x.ndim, shape = [...x.shape.slice(0, lead), ...Array(x.ndim - lead).fill(1)];
  const a = 1 / Math.sqrt((SELU_SATURATION * SELU_SATURATION * p + 1) * (1 - p));
  return inPlaceIf(x, (c) => {
    const mask = dropoutNoise(shape.reduce((m, v) => m * v, 1), p, c.dtype, shape, c).ne(0).to(c.dtype);
    return c.mul(mask.mul(a)).add(mask.add(-1).mul(SELU_SATURATION * a).add(SELU_SATURATION * a * p));
  }, inplace);
}

/** PyTorch's warning for a dropoutNd input of a rank it does not expect. */
function warnRank(op: string, x: TensorT, spatial: number): void {
  const ok = [spatial + 1, spatial + 2];
  if (ok.includes(x.ndim)) return;
  console.warn(
    `UserWarning: ${op}: Received a ${x.ndim}-D input to ${op}, which is deprecated and will result in an error in a ` +
      `future release. To retain the behavior and silence this warning, please use dropout instead. Note that ${op} ` +
      `exists to provide channel-wise dropout on inputs with ${spatial} spatial dimensions, a channel dimension, and ` +
      `an optional batch dimension (i.e. ${ok[0]}D or ${ok[1]}D inputs).`,
  );
}

/** dropout1d: (N, C, L) or an unbatched (C, L); other ranks are PyTorch's error. */
function dropout1d(x: TensorT, p: number, training: boolean, inplace: boolean): TensorT {
  checkP(p);
  if (x.ndim !== 2 && x.ndim !== 3) {
    throw new RuntimeError(
      `dropout1d: Expected 2D or 3D input, but received a ${x.ndim}D input. Note that dropout1d exists to provide ` +
        "channel-wise dropout on inputs with 1 spatial dimension, a channel dimension, and an optional batch " +
        "dimension (i.e. 2D or 3D inputs).",
    );
  }
  return featureDropout(x, p, training, inplace, x.ndim - 1);
}

/**
 * dropout2d as PyTorch's wrapper runs it: draws per (dim 0, dim 1) whatever the rank, so a 3-d input is (N, C, L),
 * with its warnings.
 */
function dropout2d(x: TensorT, p: number, training: boolean, inplace: boolean): TensorT {
  checkP(p);
  warnRank("dropout2d", x, 2);
  if (x.ndim === 3) {
    console.warn(
      "UserWarning: dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior " +
        "is desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior will change " +
        "in a future release to interpret the input as one without a batch dimension, i.e. shape (C, H, W). To " +
        "maintain the 1D channel-wise dropout behavior, please switch to using dropout1d instead.",
    );
  }
  return featureDropout(x, p, training, inplace, 2);
}

/**
 * dropout3d as PyTorch's wrapper runs it: a 5-d input is a batch, anything else one sample (warned about unless
 * 4-d), so the draws are per (batch, channel) or per first-dim entry.
 */
function dropout3d(x: TensorT, p: number, training: boolean, inplace: boolean): TensorT {
  checkP(p);
  warnRank("dropout3d", x, 3);
  if (x.ndim === 5) return featureDropout(x, p, training, inplace, 2);
  // (the wrapper's unsqueeze(0): a 0-d input has too few dims even then)
  if (x.ndim === 0 && training && p > 0 && p < 1) {
    throw new RuntimeError("Feature dropout requires at least 2 dimensions in the input");
  }
  return x.ndim === 1 ? dropout(x, p, training, inplace) : featureDropout(x, p, training, inplace, 1);
}

/**
 * F.upsample / upsample_nearest / upsample_bilinear (`op`: PyTorch's name): interpolate with PyTorch's
 * deprecation warning, once per function (Python shows a warning once per calling line).
 */
const upsampleWarned = new Set<string>();
function upsample(op: string, a: Args): TensorT {
  if (!upsampleWarned.has(op)) {
    upsampleWarned.add(op);
    console.warn(`UserWarning: \`nn.functional.${op}\` is deprecated. Use \`nn.functional.interpolate\` instead.`);
  }
  return interpolate({ ...a, recomputeScaleFactor: null, antialias: false });
}

// ---------- normalization ----------

function batchNorm(a: Args): TensorT {
  const x: TensorT = a.input;
  if (a.training) {
    let size = 1;
    for (let i = 0; i < x.ndim; i++) if (i !== 1) size *= x.shape[i];
    if (size === 1) {
      throw new RangeError(
        `Expected more than 1 value per channel when training, got input size torch.Size([${x.shape.join(", ")}])`,
      );
    }
  }
  return P._batchNorm(x, a.weight, a.bias, a.runningMean, a.runningVar, a.training, a.momentum, a.eps)[0];
}

/**
 * instance_norm as PyTorch computes it: a batch norm of the (1, N C, *spatial) view, with the running statistics,
 * weight and bias repeated N times; the running statistics then take the mean of the N copies' updates.
 */
function instanceNorm(a: Args): TensorT {
  const x: TensorT = a.input, [b, c] = x.shape, spatial = x.shape.slice(2);
  if (a.useInputStats && spatial.reduce((p, d) => p * d, 1) === 1) {
    throw new RangeError(
      `Expected more than 1 spatial element when training, got input size torch.Size([${x.shape.join(", ")}])`,
    );
  }
  const rep = (t: TensorT | null) => (t ? t.repeat(b) : null);
  const rm = rep(a.runningMean), rv = rep(a.runningVar);
  const y = P._batchNorm(
    x.reshape([1, b * c, ...spatial]),
    rep(a.weight),
    rep(a.bias),
    rm,
    rv,
    a.useInputStats,
    a.momentum,
    a.eps,
  )[0];
  withGradMode(false, () => {
    if (rm) (a.runningMean as TensorT).copy_(rm.view(b, c).mean(0));
    if (rv) (a.runningVar as TensorT).copy_(rv.view(b, c).mean(0));
  });
  return y.reshape(x.shape);
}

/** layer_norm: normalized over the trailing `shape` dims (biased variance), then the affine. */
export function layerNorm(x: TensorT, shape: number[], w: TensorT | null, b: TensorT | null, eps: number): TensorT {
  const n = shape.length, xs = x.shape;
  if (n === 0) {
    throw new RuntimeError(
      `Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, but got normalized_shape = []`,
    );
  }
  if (xs.length < n || shape.some((d, i) => xs[xs.length - n + i] !== d)) {
    throw new RuntimeError(
      `Given normalized_shape=${fmt(shape)}, expected input with shape [*, ${shape.join(", ")}], but got input of size${
        fmt(xs)
      }`,
    );
  }
  for (const [t, what] of [[w, "weight"], [b, "bias"]] as const) {
    if (t && t.shape.join() !== shape.join()) {
      throw new RuntimeError(
        `Expected ${what} to be of same shape as normalized_shape, but got ${what} of shape ${
          fmt(t.shape)
        } and normalized_shape = ${fmt(shape)}`,
      );
    }
  }
  floatCheck("LayerNormKernelImpl", x);
  const dims = shape.map((_, i) => xs.length - n + i);
  const mu = x.mean(dims, true);
  const xc = x.sub(mu);
  const rstd = xc.square().mean(dims, true).add(eps).rsqrt();
  let y = xc.mul(rstd);
  if (w) y = y.mul(w);
  if (b) y = y.add(b);
  return y;
}

function groupNorm(x: TensorT, groups: number, w: TensorT | null, b: TensorT | null, eps: number): TensorT {
  if (x.ndim < 2) throw new RuntimeError(`Expected at least 2 dimensions for input tensor but received ${x.ndim}`);
  const [n, c] = x.shape;
  if (c % groups !== 0) {
    throw new RuntimeError(
      `Expected number of channels in input to be divisible by num_groups, but got input of shape ${
        fmt(x.shape)
      } and num_groups=${groups}`,
    );
  }
  floatCheck("GroupNormKernelImpl", x);
  // (an explicit group size: -1 is ambiguous for an empty batch)
  const g = x.reshape([n, groups, x.shape.slice(2).reduce((p, d) => p * d, c / groups)]);
  const mu = g.mean([2], true);
  const gc = g.sub(mu);
  const rstd = gc.square().mean([2], true).add(eps).rsqrt();
  let y = gc.mul(rstd).reshape(x.shape);
  const shape = [1, c, ...Array(x.ndim - 2).fill(1)];
  if (w) y = y.mul(w.reshape(shape));
  if (b) y = y.add(b.reshape(shape));
  return y;
}

// ---------- embedding ----------

function embedding(a: Args): TensorT {
  const idx: TensorT = a.input, w: TensorT = a.weight;
  let pad: number | null = a.paddingIdx;
  if (pad !== null) {
    if (pad > 0 && pad >= w.shape[0]) throw new RuntimeError("Padding_idx must be within num_embeddings");
    if (pad < 0) {
      if (pad < -w.shape[0]) throw new RuntimeError("Padding_idx must be within num_embeddings");
      pad += w.shape[0];
    }
  }
  if (a.maxNorm !== null) embeddingRenorm(w, idx, a.maxNorm, a.normType);
  return P.embedding(w, idx, pad, a.scaleGradByFreq);
}

/** Rescales (in place, unrecorded) the rows `idx` picks whose norm exceeds maxNorm (PyTorch's embedding_renorm_). */
export function embeddingRenorm(w: TensorT, idx: TensorT, maxNorm: number, normType: number): void {
  withGradMode(false, () => {
    const rows = idx.reshape(-1).unique().to("int64"); // index_copy_ takes int64 indices only
    const sel = w.indexSelect(0, rows);
    const norms = normType === 2 ? sel.square().sum([1]).sqrt() : sel.abs().pow(normType).sum([1]).pow(1 / normType);
    const scale = norms.add(1e-7).reciprocal().mul(maxNorm).where(norms.gt(maxNorm), 1);
    w.indexCopy_(0, rows, sel.mul(scale.unsqueeze(1)).to(w.dtype));
  });
}

function oneHot(t: TensorT, numClasses: number): TensorT {
  if (t.dtype !== "int64") throw new RuntimeError("one_hot is only applicable to index tensor of type LongTensor.");
  let n = numClasses;
  if (n === -1 && !t.numel()) throw new RuntimeError("Can not infer total number of classes from empty tensor.");
  if (n === -1) n = Number(t.max().item()) + 1;
  if (t.numel() && Number(t.min().item()) < 0) throw new RuntimeError("Class values must be non-negative.");
  if (t.numel() && Number(t.max().item()) >= n) {
    throw new RuntimeError("Class values must be smaller than num_classes.");
  }
  return t.newZeros([...t.shape, n]).scatter(-1, t.unsqueeze(-1), 1);
}

// ---------- attention ----------

function sdpa(a: Args): TensorT {
  const q: TensorT = a.query;
  let k: TensorT = a.key, v: TensorT = a.value;
  if (a.isCausal && a.attnMask instanceof CausalBias) {
    throw new RangeError("CausalBias should not be used with causal=True");
  }
  checkSdpaBackend(q, k, v, a.dropoutP, a.enableGqa);
  const L = q.shape[q.ndim - 2], S = k.shape[k.ndim - 2], E = q.shape[q.ndim - 1];
  const scale = a.scale ?? 1 / Math.sqrt(E);
  if (a.enableGqa && q.ndim >= 3 && k.shape[k.ndim - 3] !== q.shape[q.ndim - 3]) {
    const r = q.shape[q.ndim - 3] / k.shape[k.ndim - 3];
    k = k.repeatInterleave(r, k.ndim - 3);
    v = v.repeatInterleave(r, v.ndim - 3);
  }
  let w = q.matmul(k.transpose(-2, -1)).mul(scale);
  if (a.isCausal) {
    if (a.attnMask !== null) {
      throw new RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True");
    }
    const causal = q.newOnes([L, S]).tril().eq(0);
    w = w.maskedFill(causal, -Infinity);
  }
  const m: TensorT | null = a.attnMask;
  if (m) w = m.dtype === "bool" ? w.maskedFill(m.logicalNot(), -Infinity) : w.add(m);
  if (m || a.isCausal) {
    // PyTorch's _safe_softmax: a row masked everywhere attends to nothing (zeros, zero gradient), not NaN
    const dead = w.eq(-Infinity).all(-1, true);
    w = w.maskedFill(dead, 0).softmax(-1).maskedFill(dead, 0);
  } else w = w.softmax(-1);
  if (a.dropoutP > 0) w = dropout(w, a.dropoutP, true);
  return w.matmul(v);
}

// ---------- losses ----------

function crossEntropy(a: Args): TensorT {
  const x: TensorT = a.input, t: TensorT = a.target, w: TensorT | null = a.weight;
  const red = reductionOf(a), eps: number = a.labelSmoothing;
  // (PyTorch checks only the upper bound, and smooths only for a positive value: a negative one is none)
  if (eps > 1) throw new RuntimeError(`label_smoothing must be between 0.0 and 1.0. Got: ${eps}`);
  const cdim = x.ndim === 1 ? 0 : 1, nc = x.shape[cdim];
  if (x.shape.join() === t.shape.join() && x.ndim > 0) {
    // class probabilities
    if (!isFloat(t.dtype)) {
      throw new RuntimeError(`Expected floating point type for target with class probabilities, got ${T(t.dtype)}`);
    }
    if (a.ignoreIndex >= 0) throw new RuntimeError("ignore_index is not supported for floating point target");
    let lsm = x.logSoftmax(cdim);
    const tt = eps > 0 ? t.mul(1 - eps).add(eps / nc) : t;
    if (w) lsm = lsm.mul(w.reshape([nc, ...Array(x.ndim - cdim - 1).fill(1)]));
    const l = lsm.mul(tt).sum([cdim]).neg();
    if (red === "none") return l;
    if (red === "sum") return l.sum();
    return x.numel() === 0 ? l.sum().div(0) : l.sum().div(x.numel() / nc);
  }
  if (!(eps > 0)) return P._crossEntropy(x, t, w, red as "mean", a.ignoreIndex);
  const nll = P._crossEntropy(x, t, w, red as "mean", a.ignoreIndex);
  const lsm = x.logSoftmax(cdim);
  const wb = w ? lsm.mul(w.reshape([nc, ...Array(x.ndim - cdim - 1).fill(1)])) : lsm;
  const ignore = t.eq(a.ignoreIndex);
  const smooth = wb.sum([cdim]).neg().maskedFill(ignore, 0);
  let ret: TensorT;
  if (red === "none") ret = smooth;
  else if (red === "sum") ret = smooth.sum();
  else if (w) ret = smooth.sum().div(w.indexSelect(0, t.maskedSelect(ignore.logicalNot()).reshape(-1)).sum());
  else ret = smooth.sum().div(ignore.logicalNot().sum());
  return nll.mul(1 - eps).add(ret.mul(eps / nc));
}

function sameSize(op: string, x: TensorT, t: TensorT): void {
  if (x.shape.join() !== t.shape.join()) {
    // PyTorch warns and broadcasts; the broadcast itself gives its error when the shapes do not fit
    void op;
  }
}

function mseLoss(a: Args): TensorT {
  const x: TensorT = a.input, t: TensorT = a.target;
  sameSize("mse_loss", x, t);
  // the two promote (a float input with an integer target computes)
  return weighted(floatDiff("mse_cpu", x, t).square(), a.weight, x, reductionOf(a));
}

/** Losses with an element weight (PyTorch 2.6+): the weighted mean divides by the weights' sum. */
function weighted(l: TensorT, w: TensorT | null, x: TensorT, reduction: string): TensorT {
  if (!w) return reduceLoss(l, reduction);
  if (w.shape.join() !== x.shape.join()) throw new RangeError("Weights and input must have the same size.");
  const lw = l.mul(w);
  return reduction === "mean" ? lw.sum().div(w.sum()) : reduceLoss(lw, reduction);
}

function l1Loss(a: Args): TensorT {
  const x: TensorT = a.input;
  return weighted(x.sub(a.target).abs(), a.weight, x, reductionOf(a));
}

/** input - target, promoted; an integer result has no kernel (`kernel`: PyTorch's name in its error). */
function floatDiff(kernel: string, x: TensorT, t: TensorT): TensorT {
  const d = x.sub(t);
  if (!isFloat(d.dtype)) throw new RuntimeError(`"${kernel}" not implemented for '${T(d.dtype)}'`);
  return d;
}

/**
 * pixel_shuffle (r > 1 up) and pixel_unshuffle: (*, C r^2, H, W) <-> (*, C, H r, W r) by one reshape, permute and
 * reshape, with PyTorch's checks.
 */
function pixelShuffle(x: TensorT, r: number, up: boolean): TensorT {
  const op = up ? "pixel_shuffle" : "pixel_unshuffle";
  if (x.ndim < 3) {
    throw new RuntimeError(
      `${op} expects input to have at least 3 dimensions, but got input with ${x.ndim} dimension(s)`,
    );
  }
  if (r <= 0) {
    throw new RuntimeError(`${op} expects ${up ? "upscale" : "downscale"}_factor to be greater than 0, but got: ${r}`);
  }
  const lead = x.shape.slice(0, -3), [c, h, w] = x.shape.slice(-3), n = lead.length;
  if (up) {
    if (c % (r * r)) {
      throw new RuntimeError(
        `pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=${c} is not divisible by ${
          r * r
        }`,
      );
    }
    const oc = c / (r * r);
    const y = x.reshape([...lead, oc, r, r, h, w]);
    const perm = [...lead.keys(), n, n + 3, n + 1, n + 4, n + 2];
    return y.permute(perm).reshape([...lead, oc, h * r, w * r]);
  }
  for (const [name, v, k] of [["height", h, -2], ["width", w, -1]] as const) {
    if (v % r) {
      throw new RuntimeError(
        `pixel_unshuffle expects ${name} to be divisible by downscale_factor, but input.size(${k})=${v} is not divisible by ${r}`,
      );
    }
  }
  const y = x.reshape([...lead, c, h / r, r, w / r, r]);
  const perm = [...lead.keys(), n, n + 2, n + 4, n + 1, n + 3];
  return y.permute(perm).reshape([...lead, c * r * r, h / r, w / r]);
}

/** PyTorch's pairwise_distance: the p-norm of x1 - x2 + eps over the last dim (a 0-d difference is its own). */
export function pairwiseDistance(x1: TensorT, x2: TensorT, p: number, eps: number, keepdim: boolean): TensorT {
  const d = x1.sub(x2).add(eps);
  return d.ndim === 0 ? d.abs() : d.norm(p, [-1], keepdim);
}

/** The simpler losses PyTorch composes from element-wise steps (its formulas, step by step). */
const LOSSES = {
  marginRanking(a: Args): TensorT {
    const x1: TensorT = a.input1, x2: TensorT = a.input2, t: TensorT = a.target;
    if (x1.ndim !== x2.ndim || x1.ndim !== t.ndim) {
      throw new RuntimeError(
        `margin_ranking_loss : All input tensors should have same dimension but got sizes: input1: torch.Size(${
          fmt(x1.shape)
        }), input2: torch.Size(${fmt(x2.shape)}), target: torch.Size(${fmt(t.shape)}) `,
      );
    }
    return reduceLoss(t.neg().mul(x1.sub(x2)).add(a.margin).clampMin(0), reductionOf(a));
  },
  hingeEmbedding(a: Args): TensorT {
    const x: TensorT = a.input, t: TensorT = a.target, zeros = x.mul(0);
    const marginPart = x.neg().add(a.margin).clampMin(0).where(t.ne(1), zeros);
    return reduceLoss(marginPart.add(x.where(t.ne(-1), zeros)), reductionOf(a));
  },
  softMargin(a: Args): TensorT {
    return reduceLoss((a.input as TensorT).neg().mul(a.target).exp().log1p(), reductionOf(a));
  },
  cosineEmbedding(a: Args): TensorT {
    const x1: TensorT = a.input1, x2: TensorT = a.input2, t: TensorT = a.target;
    const dim = x1.ndim - 1, eps = 1e-12;
    const prod = x1.mul(x2).sum([dim]);
    const m1 = x1.mul(x1).sum([dim]).add(eps), m2 = x2.mul(x2).sum([dim]).add(eps);
    const cos = prod.div(m1.mul(m2).sqrt()), zeros = cos.mul(0);
    const pos = cos.neg().add(1).where(t.eq(1), zeros), neg = cos.sub(a.margin).clampMin(0).where(t.eq(-1), zeros);
    return reduceLoss(pos.add(neg), reductionOf(a));
  },
  poissonNll(a: Args): TensorT {
    const x: TensorT = a.input, t: TensorT = a.target;
    let l = a.logInput ? x.exp().sub(t.mul(x)) : x.sub(t.mul(x.add(a.eps).log()));
    if (a.full) {
      // Stirling's approximation of log(target!), where target > 1
      const st = t.mul(t.log()).sub(t).add(t.mul(2 * Math.PI).log().mul(0.5));
      l = l.add(st.maskedFill(t.le(1), 0));
    }
    return reduceLoss(l, reductionOf(a));
  },
  gaussianNll(a: Args): TensorT {
    const x: TensorT = a.input, t: TensorT = a.target;
    let v: TensorT = typeof a.var === "number" ? x.mul(0).add(a.var) : a.var;
    if (v.shape.join() !== x.shape.join()) {
      const lead = (s: readonly number[]) => s.slice(0, -1).join();
      if (lead(x.shape) === v.shape.join()) v = v.unsqueeze(-1);
      else if (!(lead(x.shape) === lead(v.shape) && v.shape[v.ndim - 1] === 1)) {
        throw new RangeError("var is of incorrect size");
      }
    }
    if (v.numel() && v.lt(0).any().item()) throw new RangeError("var has negative entry/entries");
    // clamped in place under no_grad there: the value clamped, the gradient the unclamped variance's
    v = v.add(v.clampMin(a.eps).sub(v).detach());
    let l = v.log().add(x.sub(t).square().div(v)).mul(0.5);
    if (a.full) l = l.add(0.5 * Math.log(2 * Math.PI));
    return reduceLoss(l, a.reduction);
  },
  tripletMargin(a: Args): TensorT {
    const an: TensorT = a.anchor, po: TensorT = a.positive, ne: TensorT = a.negative;
    const dp = pairwiseDistance(an, po, a.p, a.eps, false);
    let dn = pairwiseDistance(an, ne, a.p, a.eps, false);
    if (a.swap) dn = dn.minimum(pairwiseDistance(po, ne, a.p, a.eps, false));
    return reduceLoss(dp.sub(dn).add(a.margin).clampMin(0), reductionOf(a));
  },
  multilabelSoftMargin(a: Args): TensorT {
    const x: TensorT = a.input, t: TensorT = a.target;
    let l = t.mul(logSigmoid(x)).add(t.neg().add(1).mul(logSigmoid(x.neg()))).neg();
    if (a.weight) l = l.mul(a.weight);
    const c = x.ndim - 1;
    return reduceLoss(l.sum([c]).div(x.shape[c]), reductionOf(a));
  },
};

function smoothL1(a: Args): TensorT {
  const beta: number = a.beta;
  if (beta < 0) throw new RuntimeError("smooth_l1_loss does not support negative values for beta.");
  const d = floatDiff("smooth_l1_cpu", a.input, a.target), ad = d.abs();
  const l = beta === 0 ? ad : d.square().mul(0.5 / beta).where(ad.lt(beta), ad.sub(0.5 * beta));
  return reduceLoss(l, reductionOf(a));
}

function huber(a: Args): TensorT {
  const delta: number = a.delta;
  if (!(delta > 0)) throw new RuntimeError("huber_loss does not support non-positive values for delta.");
  const d = floatDiff("huber_cpu", a.input, a.target), ad = d.abs();
  let l = d.square().mul(0.5).where(ad.lt(delta), ad.sub(0.5 * delta).mul(delta));
  if (a.weight) {
    if ((a.weight as TensorT).shape.join() !== (a.input as TensorT).shape.join()) {
      throw new RangeError("Weights and input must have the same size.");
    }
    l = l.mul(a.weight);
  }
  return reduceLoss(l, a.reduction);
}

function bce(a: Args): TensorT {
  const x: TensorT = a.input, t: TensorT = a.target;
  if (x.shape.join() !== t.shape.join()) {
    throw new RangeError(
      `Using a target size (torch.Size([${t.shape.join(", ")}])) that is different to the input size (torch.Size([${
        x.shape.join(", ")
      }])) is deprecated. Please ensure they have the same size.`,
    );
  }
  if (!isFloat(t.dtype)) {
    throw new RuntimeError(`result type ${T(x.dtype)} can't be cast to the desired output type ${T(t.dtype)}`);
  }
  if (x.numel() && (Number(x.min().item()) < 0 || Number(x.max().item()) > 1)) {
    throw new RuntimeError("all elements of input should be between 0 and 1");
  }
  // the value from the logs clamped at -100; the input's gradient PyTorch's (x - t) / max(x (1 - x), eps), finite
  // at 0 and 1 where the logs' chain rule gives 0 * inf (x * c - the same detached adds c's gradient and no value)
  const xd = x.detach();
  const lx = xd.log().clamp(-100), l1x = xd.neg().add(1).log().clamp(-100);
  // (PyTorch's EPSILON is the float 1e-12)
  const c = xd.sub(t.detach()).div(xd.mul(xd.neg().add(1)).clampMin(Math.fround(1e-12)));
  let l = t.mul(lx).add(t.neg().add(1).mul(l1x)).neg().add(x.mul(c).sub(xd.mul(c)));
  if (a.weight) l = l.mul(a.weight);
  return reduceLoss(l, reductionOf(a));
}

/**
 * log(sigmoid(x)), stable: min(x, 0) - log1p(exp(-|x|)), the min written (x - |x|) / 2 (the same value) so the
 * gradient at 0 is PyTorch's 1 - sigmoid(0) = 0.5 (relu's or clamp's derivative there would give 0 or 1).
 */
function logSigmoid(x: TensorT): TensorT {
  return x.sub(x.abs()).mul(0.5).sub(x.abs().neg().exp().log1p());
}

function bceLogits(a: Args): TensorT {
  const x: TensorT = a.input, t: TensorT = a.target;
  if (x.shape.join() !== t.shape.join()) {
    throw new RangeError(
      `Target size (torch.Size([${t.shape.join(", ")}])) must be the same as input size (torch.Size([${
        x.shape.join(", ")
      }]))`,
    );
  }
  let ls = logSigmoid(x);
  if (a.posWeight) ls = ls.mul((a.posWeight as TensorT).sub(1).mul(t).add(1));
  let l = t.neg().add(1).mul(x).sub(ls);
  if (a.weight) l = l.mul(a.weight);
  return reduceLoss(l, reductionOf(a));
}

function klDiv(a: Args): TensorT {
  const x: TensorT = a.input, t: TensorT = a.target;
  if (!isFloat(x.dtype) || !isFloat(t.dtype)) throw new RuntimeError("kl_div: Integral inputs not supported.");
  const l = a.logTarget ? t.exp().mul(t.sub(x)) : t.mul(t.log()).maskedFill(t.eq(0), 0).sub(t.mul(x));
  const red = a.sizeAverage === null && a.reduce === null ? a.reduction : reductionOf(a);
  if (red === "batchmean") return x.ndim === 0 ? l.sum() : l.sum().div(x.shape[0]);
  return reduceLoss(l, red);
}

// ---------- activations ----------

function softmaxDim(dim: number | null, ndim: number): number {
  return dim !== null ? dim : ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

/** hardtanh; `unchecked` (F.hardtanh_, C++ without the Python check): min above max is clamp's, every element max. */
function hardtanh(x: TensorT, lo: number, hi: number, unchecked = false): TensorT {
  if (lo > hi && !unchecked) throw new RangeError("min_val cannot be greater than max_val");
  if (x.dtype === "bool") throw new RuntimeError("Bool inputs not supported for hardtanh");
  if (x.dtype === "uint8" && (lo < 0 || hi < 0)) {
    throw new RuntimeError("cannot do hardtanh on an unsigned type with negative limits");
  }
  // the bounds in x's dtype, as PyTorch converts them (an integer input truncates them and keeps its dtype)
  const l = torchElement(lo, x.dtype), h = torchElement(hi, x.dtype);
  if (Number.isNaN(l) || Number.isNaN(h) || l > h) return x.clamp(l, h); // a NaN bound makes every element NaN
  // clamp's values (a -0 at a bound of 0 stays -0) with gradient 1 strictly inside (lo, hi), as PyTorch's
  // hardtanh_backward
  return x.where(x.gt(l).logicalAnd(x.lt(h)), x.detach().clamp(l, h));
}

/** GELU: exact (erf) or the tanh approximation. */
function gelu(x: TensorT, approximate: string): TensorT {
  if (approximate === "tanh") {
    const inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return x.mul(0.5).mul(inner.tanh().add(1));
  }
  return x.mul(0.5).mul(x.mul(Math.SQRT1_2).erf().add(1));
}

function softplus(x: TensorT, beta: number, threshold: number): TensorT {
  const bx = x.mul(beta);
  // the branch above the threshold never exponentiates: exp overflowing there made the gradient 0 * inf = NaN
  return x.where(bx.gt(threshold), bx.clampMax(threshold).exp().log1p().div(beta));
}

/**
 * PyTorch's elu kernel: scale * x for x > 0, else alpha * scale * expm1(x * inputScale), with elu_backward's
 * gradient there, grad * s * alpha * scale * exp(x * s) (not expm1's grad * (result + 1), which cancels), or with
 * `isResult` (the in-place forms) grad * s * (result + alpha * scale); s is `gradInputScale`: the input scale
 * itself, or celu's 1 / alpha rounded through float32 (derivatives.yaml's `1.0/alpha.toFloat()`).
 */
function elu(
  x: TensorT,
  alpha: number,
  scale = 1,
  inputScale = 1,
  gradInputScale = inputScale,
  isResult = false,
): TensorT {
  torchElement(alpha, x.dtype); // (alpha must fit x's dtype: PyTorch's overflow error)
  const negcoef = alpha * scale;
  // the exponent clamped at 0: the branch x > 0 never overflows (0 * inf was a NaN gradient there)
  const z = x.clampMax(0);
  let neg = withGradMode(false, () => z.mul(inputScale).expm1().mul(negcoef));
  if (x.requiresGrad && isGradEnabled()) {
    // the gradient through a zero-valued term: the values stay expm1's
    const e = isResult ? z.mul(neg.add(negcoef).mul(gradInputScale)) : z.mul(gradInputScale).exp().mul(negcoef);
    neg = neg.add(e.sub(e.detach()));
  }
  return (scale === 1 ? x : x.mul(scale)).where(x.gt(0), neg);
}

// ---------- declarations ----------

const B = opt("bias", "array", null), W = opt("weight", "array", null);
const CONV = [
  req("input", "array"),
  req("weight", "array"),
  B,
  opt("stride", "ints", 1),
  opt("padding", "any", 0),
  opt("dilation", "ints", 1),
  opt("groups", "int", 1),
] as const;
/** F.conv1d/2d/3d's declaration over the function of rank `n` (the same arguments). */
const convFn = <const N extends string>(
  name: N,
  n: number,
  f: (
    x: TensorT,
    w: TensorT,
    b: TensorT | null,
    stride: number[],
    padding: unknown,
    dilation: number[],
    groups: number,
  ) => TensorT,
) =>
  fn(
    name,
    `${n}-d convolution (padding a number, list, 'same' or 'valid').`,
    { pos: CONV, kw: [] },
    (a) => f(a.input, a.weight, a.bias, a.stride, a.padding, a.dilation, a.groups),
  );
/** F.conv_transpose1d/2d/3d's declaration over the function of rank `n` (the same arguments). */
const transposedFn = <const N extends string>(name: N, n: number, f: TransposedConv) =>
  fn(
    name,
    `${n}-d transposed convolution.`,
    { pos: [IN, ...CONV_TRANSPOSE_ARGS], kw: [] },
    (a) => f(a.input, a.weight, a.bias, a.stride, a.padding, a.outputPadding, a.groups, a.dilation),
  );
const MAXPOOL = [
  IN,
  req("kernelSize", "ints"),
  opt("stride", "ints", null),
  opt("padding", "ints", 0),
  opt("dilation", "ints", 1),
  opt("ceilMode", "bool", false),
] as const;
/** max_pool1d/2d/3d_with_indices: max pooling's arguments and an ignored returnIndices; [values, indices]. */
const MAXPOOL_WITH_INDICES = { pos: [...MAXPOOL, opt("returnIndices", "bool", false)], kw: [] } as const;
/** avg_pool2d / avg_pool3d's arguments. */
const AVGPOOL = [
  IN,
  req("kernelSize", "ints"),
  opt("stride", "ints", null),
  opt("padding", "ints", 0),
  opt("ceilMode", "bool", false),
  opt("countIncludePad", "bool", true),
  opt("divisorOverride", "int", null),
] as const;
const ADAPTIVE_WITH_INDICES = {
  pos: [IN, req("outputSize", "any"), opt("returnIndices", "bool", false)],
  kw: [],
} as const;
const UNPOOL = {
  pos: [
    IN,
    req("indices", "array"),
    req("kernelSize", "ints"),
    opt("stride", "ints", null),
    opt("padding", "ints", 0),
    opt("outputSize", "ints", null),
  ],
  kw: [],
} as const;
/** fractional_max_pool2d / 3d's arguments before returnIndices (`_randomSamples` by name only). */
const FRACTIONAL = {
  pos: [IN, req("kernelSize", "ints"), opt("outputSize", "ints", null), opt("outputRatio", "any", null)],
  kw: [opt("_randomSamples", "array", null)],
} as const;
const FRACTIONAL_WITH_INDICES = {
  pos: [...FRACTIONAL.pos, opt("returnIndices", "bool", false), ...FRACTIONAL.kw],
  kw: [],
} as const;
const SOFTMAX = {
  pos: [IN, opt("dim", "int", null), opt("_stacklevel", "int", 3), opt("dtype", "dtype", null)],
  kw: [],
} as const;
/** rrelu's bounds (also the RReLU module's). */
export const RRELU_BOUNDS = [opt("lower", "number", 1 / 8), opt("upper", "number", 1 / 3)] as const;
/** rrelu's arguments before its inplace flag (rrelu_'s). */
const RRELU = [IN, ...RRELU_BOUNDS, opt("training", "bool", false)] as const;

/** A function whose `returnIndices` flag adds the indices (two overloads: the plain call types as a tensor). */
function withIndices<const N extends string, const S extends Sig>(
  name: N,
  doc: string,
  sig: S,
  f: (a: Args, indices: boolean) => unknown,
) {
  const sig2 = { pos: [...sig.pos, req("returnIndices", "bool")], kw: sig.kw } as unknown as {
    pos: [...S["pos"], ReturnType<typeof req<"returnIndices", "bool">>];
    kw: S["kw"];
  };
  return defineOp({
    name,
    doc,
    torch: {
      names: [name] as [N],
      overloads: [
        { sig, composite: true, impl: (a: Args) => f(a, false), returns: "array" },
        { sig: sig2, composite: true, impl: (a: Args) => f(a, a.returnIndices), returns: "any" },
      ] as [
        { sig: S; composite: true; impl: (a: Args) => unknown; returns: "array" },
        { sig: typeof sig2; composite: true; impl: (a: Args) => unknown; returns: "any" },
      ],
    },
  });
}

/**
 * batch_norm's and instance_norm's parameters: input, running statistics, affine, the flag choosing batch statistics,
 * momentum (a number: PyTorch's functions refuse None; the modules turn None into their own factor), eps.
 */
const normSig = <const K extends string>(flag: K, dflt: boolean) =>
  ({
    pos: [
      IN,
      opt("runningMean", "array", null),
      opt("runningVar", "array", null),
      W,
      B,
      opt(flag, "bool", dflt),
      opt("momentum", "number", 0.1),
      opt("eps", "number", 1e-5),
    ],
    kw: [],
  }) as const;

/** margin_ranking_loss's and cosine_embedding_loss's parameters: two inputs, the ±1 target, margin, reduction. */
const PAIR_MARGIN = {
  pos: [
    req("input1", "array"),
    req("input2", "array"),
    req("target", "array"),
    opt("margin", "number", 0),
    ...LEGACY,
    REDUCTION,
  ],
  kw: [],
} as const;

/** The declarations of torch.nn.functional. */
export const FUNCTIONAL_DECLS = {
  linear: fn(
    "linear",
    "x @ weight^T + bias.",
    { pos: [IN, req("weight", "array"), B], kw: [] },
    (a) => P.linear(a.input, a.weight, a.bias),
  ),
  bilinear: fn(
    "bilinear",
    "x1^T A x2 + b for each output feature.",
    { pos: [req("input1", "array"), req("input2", "array"), req("weight", "array"), B], kw: [] },
    (a) => {
      const x1: TensorT = a.input1, x2: TensorT = a.input2, w: TensorT = a.weight;
      const [o, i1, i2] = w.shape;
      if (x1.shape[x1.ndim - 1] !== i1 || x2.shape[x2.ndim - 1] !== i2) {
        throw new RuntimeError(
          `bilinear(): input sizes ${fmt(x1.shape)} and ${fmt(x2.shape)} do not fit weight ${fmt(w.shape)}`,
        );
      }
      const lead = x1.shape.slice(0, -1);
      const a1 = x1.reshape([-1, i1]), a2 = x2.reshape([-1, i2]);
      const t = a1.matmul(w.permute([1, 0, 2]).reshape([i1, o * i2])).reshape([-1, o, i2]);
      let y = t.mul(a2.unsqueeze(1)).sum([2]);
      if (a.bias) y = y.add(a.bias);
      return y.reshape([...lead, o]);
    },
  ),
  conv1d: convFn("conv1d", 1, conv1d),
  conv2d: convFn("conv2d", 2, conv2d),
  convTranspose2d: transposedFn("convTranspose2d", 2, convTranspose2dF),
  conv3d: convFn("conv3d", 3, conv3d),
  convTranspose1d: transposedFn("convTranspose1d", 1, convTranspose1d),
  convTranspose3d: transposedFn("convTranspose3d", 3, convTranspose3d),
  maxPool1d: withIndices("maxPool1d", "1-d max pooling.", { pos: MAXPOOL, kw: [] }, maxPool1d),
  maxPool2d: withIndices("maxPool2d", "2-d max pooling.", { pos: MAXPOOL, kw: [] }, maxPool2d),
  avgPool1d: fn(
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
    avgPool1d,
  ),
  avgPool2d: fn(
    "avgPool2d",
    "2-d average pooling.",
    { pos: AVGPOOL, kw: [] },
    avgPool2d,
  ),
  lpPool1d: fn(
    "lpPool1d",
    "1-d power-average pooling: (sum of x^p)^(1/p).",
    { pos: [IN, ...LPPOOL], kw: [] },
    (a) => lpPool(a, 1),
  ),
  lpPool2d: fn(
    "lpPool2d",
    "2-d power-average pooling: (sum of x^p)^(1/p).",
    { pos: [IN, ...LPPOOL], kw: [] },
    (a) => lpPool(a, 2),
  ),
  adaptiveAvgPool1d: fn(
    "adaptiveAvgPool1d",
    "1-d adaptive average pooling.",
    { pos: [IN, req("outputSize", "any")], kw: [] },
    (a) => adaptive1d(a.input, a.outputSize, false, false),
  ),
  adaptiveAvgPool2d: fn(
    "adaptiveAvgPool2d",
    "2-d adaptive average pooling (null sizes keep the input's).",
    { pos: [IN, req("outputSize", "any")], kw: [] },
    (a) => adaptive2d(a.input, a.outputSize, false, false),
  ),
  adaptiveMaxPool1d: withIndices(
    "adaptiveMaxPool1d",
    "1-d adaptive max pooling.",
    { pos: [IN, req("outputSize", "any")], kw: [] },
    (a, i) => adaptive1d(a.input, a.outputSize, true, i),
  ),
  adaptiveMaxPool2d: withIndices(
    "adaptiveMaxPool2d",
    "2-d adaptive max pooling.",
    { pos: [IN, req("outputSize", "any")], kw: [] },
    (a, i) => adaptive2d(a.input, a.outputSize, true, i),
  ),
  // ---- the 3-d pools, the *WithIndices forms, unpooling, fractional pooling (src/nn/pool3d.ts) ----
  maxPool3d: withIndices("maxPool3d", "3-d max pooling.", { pos: MAXPOOL, kw: [] }, maxPool3d),
  avgPool3d: fn("avgPool3d", "3-d average pooling.", { pos: AVGPOOL, kw: [] }, avgPool3d),
  lpPool3d: fn(
    "lpPool3d",
    "3-d power-average pooling: (sum of x^p)^(1/p).",
    { pos: [IN, ...LPPOOL], kw: [] },
    (a) => lpPool(a, 3),
  ),
  adaptiveAvgPool3d: fn(
    "adaptiveAvgPool3d",
    "3-d adaptive average pooling (null sizes keep the input's).",
    { pos: [IN, req("outputSize", "any")], kw: [] },
    (a) => adaptiveAvgPool3d(a.input, a.outputSize),
  ),
  adaptiveMaxPool3d: withIndices(
    "adaptiveMaxPool3d",
    "3-d adaptive max pooling (null sizes keep the input's).",
    { pos: [IN, req("outputSize", "any")], kw: [] },
    (a, i) => adaptiveMaxPool3d(a.input, a.outputSize, i),
  ),
  maxPool1dWithIndices: fn(
    "maxPool1dWithIndices",
    "1-d max pooling: [values, indices].",
    MAXPOOL_WITH_INDICES,
    (a) => maxPool1d(a, true),
    "arrays",
  ),
  maxPool2dWithIndices: fn(
    "maxPool2dWithIndices",
    "2-d max pooling: [values, flat h * W + w indices].",
    MAXPOOL_WITH_INDICES,
    (a) => maxPool2d(a, true),
    "arrays",
  ),
  maxPool3dWithIndices: fn(
    "maxPool3dWithIndices",
    "3-d max pooling: [values, flat (d * H + h) * W + w indices].",
    MAXPOOL_WITH_INDICES,
    (a) => maxPool3d(a, true),
    "arrays",
  ),
  adaptiveMaxPool1dWithIndices: fn(
    "adaptiveMaxPool1dWithIndices",
    "1-d adaptive max pooling: [values, indices].",
    ADAPTIVE_WITH_INDICES,
    (a) => adaptive1d(a.input, a.outputSize, true, true),
    "arrays",
  ),
  adaptiveMaxPool2dWithIndices: fn(
    "adaptiveMaxPool2dWithIndices",
    "2-d adaptive max pooling: [values, indices].",
    ADAPTIVE_WITH_INDICES,
    (a) => adaptive2d(a.input, a.outputSize, true, true),
    "arrays",
  ),
  adaptiveMaxPool3dWithIndices: fn(
    "adaptiveMaxPool3dWithIndices",
    "3-d adaptive max pooling: [values, indices].",
    ADAPTIVE_WITH_INDICES,
    (a) => adaptiveMaxPool3d(a.input, a.outputSize, true),
    "arrays",
  ),
  maxUnpool1d: fn(
    "maxUnpool1d",
    "The partial inverse of max_pool1d: values written at their indices, zeros elsewhere.",
    UNPOOL,
    (a) => maxUnpool(a, 1),
  ),
  maxUnpool2d: fn(
    "maxUnpool2d",
    "The partial inverse of max_pool2d: values written at their indices, zeros elsewhere.",
    UNPOOL,
    (a) => maxUnpool(a, 2),
  ),
  maxUnpool3d: fn(
    "maxUnpool3d",
    "The partial inverse of max_pool3d: values written at their indices, zeros elsewhere.",
    UNPOOL,
    (a) => maxUnpool(a, 3),
  ),
  fractionalMaxPool2d: withIndices(
    "fractionalMaxPool2d",
    "2-d fractional max pooling: windows at pseudo-random steps to an output size or ratio.",
    FRACTIONAL,
    (a, i) => fractionalMaxPool(a, 2, i),
  ),
  fractionalMaxPool3d: withIndices(
    "fractionalMaxPool3d",
    "3-d fractional max pooling: windows at pseudo-random steps to an output size or ratio.",
    FRACTIONAL,
    (a, i) => fractionalMaxPool(a, 3, i),
  ),
  fractionalMaxPool2dWithIndices: fn(
    "fractionalMaxPool2dWithIndices",
    "2-d fractional max pooling: [values, indices].",
    FRACTIONAL_WITH_INDICES,
    (a) => fractionalMaxPool(a, 2, true),
    "arrays",
  ),
  fractionalMaxPool3dWithIndices: fn(
    "fractionalMaxPool3dWithIndices",
    "3-d fractional max pooling: [values, indices].",
    FRACTIONAL_WITH_INDICES,
    (a) => fractionalMaxPool(a, 3, true),
    "arrays",
  ),
  dropout: fn(
    "dropout",
    "Zeroes elements with probability p in training, scaling the rest by 1/(1-p).",
    DROPOUT,
    (a) => dropout(a.input, a.p, a.training, a.inplace),
  ),
  dropout1d: fn(
    "dropout1d",
    "Zeroes whole channels (1-d) with probability p in training.",
    DROPOUT,
    (a) => dropout1d(a.input, a.p, a.training, a.inplace),
  ),
  dropout2d: fn(
    "dropout2d",
    "Zeroes whole channels (2-d) with probability p in training.",
    DROPOUT,
    (a) => dropout2d(a.input, a.p, a.training, a.inplace),
  ),
  alphaDropout: fn(
    "alphaDropout",
    "Dropout for SELU networks: dropped elements saturate and an affine map keeps zero mean and unit variance.",
    ALPHA_DROPOUT,
    (a) => alphaDropout(a.input, a.p, a.training, a.inplace, false),
  ),
  featureAlphaDropout: fn(
    "featureAlphaDropout",
    "Alpha dropout of whole channels (one draw per (batch, channel)).",
    ALPHA_DROPOUT,
    (a) => alphaDropout(a.input, a.p, a.training, a.inplace, true),
  ),
  dropout3d: fn(
    "dropout3d",
    "Zeroes whole channels (3-d) with probability p in training.",
    DROPOUT,
    (a) => dropout3d(a.input, a.p, a.training, a.inplace),
  ),
  localResponseNorm: fn(
    "localResponseNorm",
    "x / (k + alpha * mean of x^2 over size neighbouring channels)^beta.",
    { pos: [IN, ...LRN], kw: [] },
    (a) => localResponseNorm(a.input, a.size, a.alpha, a.beta, a.k),
  ),
  unfold: fn("unfold", "Sliding blocks of a 4-d input as columns (im2col).", { pos: [IN, ...BLOCKS], kw: [] }, unfold),
  fold: fn(
    "fold",
    "Columns of sliding blocks summed back into a 4-d output (col2im).",
    { pos: [IN, req("outputSize", "ints"), ...BLOCKS], kw: [] },
    fold,
  ),
  pdist: fn(
    "pdist",
    "The p-norm distances between every pair of rows i < j.",
    { pos: [IN, opt("p", "number", 2)], kw: [] },
    (a) => pdist(a.input, a.p),
  ),
  batchNorm: fn(
    "batchNorm",
    "Batch normalization (batch statistics in training, updating the running ones; else the running ones).",
    normSig("training", false),
    batchNorm,
  ),
  instanceNorm: fn(
    "instanceNorm",
    "Per-sample, per-channel normalization over the spatial dims (running statistics optional).",
    normSig("useInputStats", true),
    instanceNorm,
  ),
  layerNorm: fn(
    "layerNorm",
    "Layer normalization over the trailing dims.",
    { pos: [IN, req("normalizedShape", "ints"), W, B, opt("eps", "number", 1e-5)], kw: [] },
    (a) => layerNorm(a.input, list(a.normalizedShape, 1), a.weight, a.bias, a.eps),
  ),
  groupNorm: fn(
    "groupNorm",
    "Group normalization: statistics over groups of channels.",
    { pos: [IN, req("numGroups", "int"), W, B, opt("eps", "number", 1e-5)], kw: [] },
    (a) => groupNorm(a.input, a.numGroups, a.weight, a.bias, a.eps),
  ),
  embedding: fn(
    "embedding",
    "Rows of weight at the input's indices.",
    {
      pos: [
        IN,
        req("weight", "array"),
        opt("paddingIdx", "int", null),
        opt("maxNorm", "number", null),
        opt("normType", "number", 2),
        opt("scaleGradByFreq", "bool", false),
        opt("sparse", "bool", false),
      ],
      kw: [],
    },
    embedding,
  ),
  embeddingBag: fn(
    "embeddingBag",
    "Sums, means or maxima of bags of embedding rows (bags of a 1-d input start at offsets; a 2-d input's rows).",
    {
      pos: [
        IN,
        req("weight", "array"),
        opt("offsets", "array", null),
        opt("maxNorm", "number", null),
        opt("normType", "number", 2),
        opt("scaleGradByFreq", "bool", false),
        opt("mode", "string", "mean"),
        opt("sparse", "bool", false),
        opt("perSampleWeights", "array", null),
        opt("includeLastOffset", "bool", false),
        opt("paddingIdx", "int", null),
      ],
      kw: [],
    },
    embeddingBag,
  ),
  oneHot: fn(
    "oneHot",
    "int64 one-hot vectors of class indices.",
    { pos: [req("tensor", "array"), opt("numClasses", "int", -1)], kw: [] },
    (a) => oneHot(a.tensor, a.numClasses),
  ),
  pad: fn(
    "pad",
    "Pads the last dims: constant (value), reflect, replicate or circular.",
    {
      pos: [
        IN,
        req("pad", "ints"),
        opt("mode", "string", "constant", { choices: ["constant", "reflect", "replicate", "circular"] }),
        opt("value", "number", null),
      ],
      kw: [],
    },
    (a) => pad(a.input, a.pad, a.mode, a.value),
  ),
  interpolate: fn(
    "interpolate",
    "Resizes by nearest, nearest-exact, (bi/tri)linear, bicubic, lanczos or area interpolation, optionally antialiased.",
    {
      pos: [
        IN,
        opt("size", "ints", null),
        opt("scaleFactor", "any", null),
        opt("mode", "string", "nearest"),
        opt("alignCorners", "bool", null),
        opt("recomputeScaleFactor", "bool", null),
        opt("antialias", "bool", false),
      ],
      kw: [],
    },
    interpolate,
  ),
  upsample: fn(
    "upsample",
    "Deprecated (warns once): interpolate without recomputeScaleFactor and antialias.",
    { pos: [IN, ...UPSAMPLE], kw: [] },
    (a) => upsample("upsample", a),
  ),
  upsampleNearest: fn(
    "upsampleNearest",
    "Deprecated (warns once): interpolate in nearest mode.",
    { pos: [IN, ...UPSAMPLE_SIZE], kw: [] },
    (a) => upsample("upsample_nearest", { ...a, mode: "nearest", alignCorners: null }),
  ),
  upsampleBilinear: fn(
    "upsampleBilinear",
    "Deprecated (warns once): interpolate in bilinear mode with alignCorners true.",
    { pos: [IN, ...UPSAMPLE_SIZE], kw: [] },
    (a) => upsample("upsample_bilinear", { ...a, mode: "bilinear", alignCorners: true }),
  ),
  gridSample: fn(
    "gridSample",
    "Samples the input at the grid's normalized coordinates (bilinear, nearest or bicubic; three paddings).",
    {
      pos: [
        IN,
        req("grid", "array"),
        opt("mode", "string", "bilinear"),
        opt("paddingMode", "string", "zeros"),
        opt("alignCorners", "bool", null),
      ],
      kw: [],
    },
    (a) => gridSample(a.input, a.grid, a.mode, a.paddingMode, a.alignCorners),
  ),
  affineGrid: fn(
    "affineGrid",
    "The grid_sample grid of a batch of affine maps (theta [N, 2, 3] for 4-d sizes, [N, 3, 4] for 5-d).",
    { pos: [req("theta", "array"), req("size", "ints"), opt("alignCorners", "bool", null)], kw: [] },
    (a) => affineGrid(a.theta, a.size, a.alignCorners),
  ),
  scaledDotProductAttention: fn(
    "scaledDotProductAttention",
    "softmax(q k^T * scale + mask) v, with causal masking and dropout.",
    {
      pos: [
        req("query", "array"),
        req("key", "array"),
        req("value", "array"),
        opt("attnMask", "array", null),
        opt("dropoutP", "number", 0),
        opt("isCausal", "bool", false),
        opt("scale", "number", null),
        opt("enableGqa", "bool", false),
      ],
      kw: [],
    },
    sdpa,
  ),
  multiHeadAttentionForward: fn(
    "multiHeadAttentionForward",
    "Multi-head attention with explicit weights (nn.MultiheadAttention's computation): [output, weights or null].",
    {
      pos: [
        req("query", "array"),
        req("key", "array"),
        req("value", "array"),
        req("embedDimToCheck", "int"),
        req("numHeads", "int"),
        nullableReq("inProjWeight"),
        nullableReq("inProjBias"),
        nullableReq("biasK"),
        nullableReq("biasV"),
        req("addZeroAttn", "bool"),
        req("dropoutP", "number"),
        req("outProjWeight", "array"),
        nullableReq("outProjBias"),
        opt("training", "bool", true),
        opt("keyPaddingMask", "array", null),
        opt("needWeights", "bool", true),
        opt("attnMask", "array", null),
        opt("useSeparateProjWeight", "bool", false),
        opt("qProjWeight", "array", null),
        opt("kProjWeight", "array", null),
        opt("vProjWeight", "array", null),
      ],
      // the rest keyword-only here (PyTorch also takes them by position): 25 positional parameters exceed
      // TypeScript's instantiation depth for the call-form types
      kw: [
        opt("staticK", "array", null),
        opt("staticV", "array", null),
        opt("averageAttnWeights", "bool", true),
        opt("isCausal", "bool", false),
      ],
    },
    multiHeadAttentionForward,
    "any",
  ),
  // ---- activations ----
  relu: fn(
    "relu",
    "max(x, 0).",
    { pos: [IN, INPLACE], kw: [] },
    (a) => a.inplace ? (a.input as TensorT).relu_() : (a.input as TensorT).relu(),
  ),
  relu6: fn(
    "relu6",
    "min(max(x, 0), 6).",
    { pos: [IN, INPLACE], kw: [] },
    (a) => inPlaceIf(a.input, (x) => hardtanh(x, 0, 6), a.inplace),
  ),
  leakyRelu: fn(
    "leakyRelu",
    "x for x > 0, else negativeSlope * x.",
    { pos: [IN, opt("negativeSlope", "number", 0.01), INPLACE], kw: [] },
    floatOnly("leaky_relu_cpu", (a) => {
      const x = a.input as TensorT, slope = torchElement(a.negativeSlope, x.dtype) as number;
      return inPlaceIf(x, (c) => leaky(c, slope), a.inplace, { op: "leakyReLu", slope });
    }),
  ),
  elu: fn(
    "elu",
    "x for x > 0, else alpha * (exp(x) - 1).",
    { pos: [IN, opt("alpha", "number", 1), INPLACE], kw: [] },
    floatOnly(
      "elu_cpu",
      (a) => inPlaceIf(a.input, (x) => elu(x, a.alpha, 1, 1, 1, a.inplace), a.inplace, { op: "elu", slope: a.alpha }),
    ),
  ),
  celu: fn("celu", "max(0, x) + min(0, alpha * (exp(x / alpha) - 1)).", {
    pos: [IN, opt("alpha", "number", 1), INPLACE],
    kw: [],
  }, (a) => {
    if (a.alpha === 0) throw new RuntimeError("ZeroDivisionError: alpha cannot be 0 for CELU");
    floatCheck("elu_cpu", a.input);
    const celu = (x: TensorT) => elu(x, a.alpha, 1, 1 / a.alpha, 1 / Math.fround(a.alpha), a.inplace);
    return inPlaceIf(a.input, celu, a.inplace, { op: "elu", slope: a.alpha });
  }),
  selu: fn(
    "selu",
    "scale * elu(x, alpha) with SELU's constants.",
    { pos: [IN, INPLACE], kw: [] },
    floatOnly("elu_cpu", (a) =>
      inPlaceIf(
        a.input,
        (x) => elu(x, 1.6732632423543772848170429916717, 1.0507009873554804934193349852946, 1, 1, a.inplace),
        a.inplace,
      )),
  ),
  gelu: fn(
    "gelu",
    "x * Phi(x), exact (erf) or the tanh approximation.",
    { pos: [IN], kw: [opt("approximate", "string", "none", { choices: ["none", "tanh"] })] },
    floatOnly("GeluKernelImpl", (a) => gelu(a.input, a.approximate)),
  ),
  silu: fn(
    "silu",
    "x * sigmoid(x).",
    { pos: [IN, INPLACE], kw: [] },
    floatOnly(
      "silu_cpu",
      (a) => inPlaceIf(a.input, (x) => x.mul(x.sigmoid()), a.inplace),
    ),
  ),
  mish: fn(
    "mish",
    "x * tanh(softplus(x)).",
    { pos: [IN, INPLACE], kw: [] },
    floatOnly(
      "mish_cpu",
      (a) => inPlaceIf(a.input, (x) => x.mul(softplus(x, 1, 20).tanh()), a.inplace),
    ),
  ),
  sigmoid: fn("sigmoid", "1 / (1 + exp(-x)).", { pos: [IN], kw: [] }, (a) => (a.input as TensorT).sigmoid()),
  tanh: fn("tanh", "tanh(x).", { pos: [IN], kw: [] }, (a) => (a.input as TensorT).tanh()),
  hardtanh: fn(
    "hardtanh",
    "x clamped to [minVal, maxVal].",
    { pos: [IN, opt("minVal", "number", -1), opt("maxVal", "number", 1), INPLACE], kw: [] },
    (a) => inPlaceIf(a.input, (x) => hardtanh(x, a.minVal, a.maxVal), a.inplace),
  ),
  hardsigmoid: fn(
    "hardsigmoid",
    "relu6(x + 3) / 6.",
    { pos: [IN, INPLACE], kw: [] },
    floatOnly(
      "hardsigmoid_cpu",
      (a) => inPlaceIf(a.input, (x) => hardtanh(x.add(3), 0, 6).div(6), a.inplace),
    ),
  ),
  hardswish: fn(
    "hardswish",
    "x * relu6(x + 3) / 6.",
    { pos: [IN, INPLACE], kw: [] },
    floatOnly(
      "hardswish_cpu",
      (a) => inPlaceIf(a.input, (x) => x.mul(hardtanh(x.add(3), 0, 6).div(6)), a.inplace),
    ),
  ),
  logsigmoid: fn(
    "logsigmoid",
    "log(sigmoid(x)), stable.",
    { pos: [IN], kw: [] },
    floatOnly("log_sigmoid_cpu", (a) => logSigmoid(a.input)),
  ),
  softsign: fn(
    "softsign",
    "x / (1 + |x|).",
    { pos: [IN], kw: [] },
    (a) => (a.input as TensorT).div((a.input as TensorT).abs().add(1)),
  ),
  softshrink: fn(
    "softshrink",
    "x - lambd above lambd, x + lambd below -lambd, 0 between.",
    { pos: [IN, opt("lambd", "number", 0.5)], kw: [] },
    floatOnly("softshrink_check", (a) => {
      const x = a.input as TensorT, l: number = a.lambd;
      const [max, shown] = x.dtype === "float32" ? [FLOAT32_MAX, "3.40282e+38"] : [Number.MAX_VALUE, "1.79769e+308"];
      if (!(l >= 0 && l <= max)) {
        throw new RuntimeError(
          `lambda must be in range [0, ${shown}] for input dtype ${T(x.dtype)}, but found ${cppDouble(l)}`,
        );
      }
      // (x * 0 between the bounds, as PyTorch: a NaN stays NaN and a negative x gives -0)
      return x.sub(l).where(x.gt(l), x.add(l).where(x.lt(-l), x.mul(0)));
    }),
  ),
  // torch.hardshrink and Tensor.hardshrink's declaration (PyTorch has all three)
  hardshrink: COMPOSITES.hardshrink,
  tanhshrink: fn(
    "tanhshrink",
    "x - tanh(x).",
    { pos: [IN], kw: [] },
    (a) => (a.input as TensorT).sub((a.input as TensorT).tanh()),
  ),
  softplus: fn(
    "softplus",
    "log(1 + exp(beta x)) / beta (x itself above the threshold).",
    { pos: [IN, opt("beta", "number", 1), opt("threshold", "number", 20)], kw: [] },
    floatOnly("softplus_cpu", (a) => {
      const dt = (a.input as TensorT).dtype;
      return softplus(a.input, torchElement(a.beta, dt) as number, torchElement(a.threshold, dt) as number);
    }),
  ),
  threshold: fn(
    "threshold",
    "x where x > threshold, else value.",
    { pos: [IN, req("threshold", "number"), req("value", "number"), INPLACE], kw: [] },
    (a) => {
      const x = a.input as TensorT;
      if (x.dtype === "bool") throw new RuntimeError(`"threshold_cpu" not implemented for 'Bool'`);
      // both numbers in x's dtype (PyTorch's checked conversion); x <= threshold takes value, so a NaN threshold
      // replaces nothing and a NaN element stays
      const t = torchElement(a.threshold, x.dtype), v = torchElement(a.value, x.dtype);
      return inPlaceIf(x, (c) => c.where(c.le(t).logicalNot(), v), a.inplace);
    },
  ),
  // ---- in-place activations (PyTorch's F.*_), new activations and norms (implemented in activation_more.ts) ----
  relu_: fn("relu_", "In-place relu.", { pos: [IN], kw: [] }, (a) => (a.input as TensorT).relu_()),
  elu_: fn(
    "elu_",
    "In-place elu.",
    { pos: [IN, opt("alpha", "number", 1)], kw: [] },
    (a): TensorT => functional.elu(a.input, a.alpha, true),
  ),
  celu_: fn(
    "celu_",
    "In-place celu.",
    { pos: [IN, opt("alpha", "number", 1)], kw: [] },
    (a): TensorT => functional.celu(a.input, a.alpha, true),
  ),
  selu_: fn("selu_", "In-place selu.", { pos: [IN], kw: [] }, (a): TensorT => functional.selu(a.input, true)),
  leakyRelu_: fn(
    "leakyRelu_",
    "In-place leaky_relu.",
    { pos: [IN, opt("negativeSlope", "number", 0.01)], kw: [] },
    (a): TensorT => functional.leakyRelu(a.input, a.negativeSlope, true),
  ),
  hardtanh_: fn(
    "hardtanh_",
    "In-place hardtanh (without F.hardtanh's check: minVal above maxVal makes every element maxVal, as clamp_).",
    { pos: [IN, opt("minVal", "number", -1), opt("maxVal", "number", 1)], kw: [] },
    (a) => activateInPlace(a.input, (x) => hardtanh(x, a.minVal, a.maxVal, true)),
  ),
  threshold_: fn(
    "threshold_",
    "In-place threshold.",
    { pos: [IN, req("threshold", "number"), req("value", "number")], kw: [] },
    (a): TensorT => functional.threshold(a.input, a.threshold, a.value, true),
  ),
  rrelu: fn(
    "rrelu",
    "x for x > 0, else a * x: a uniform in [lower, upper) per element in training, (lower + upper) / 2 otherwise.",
    { pos: [...RRELU, INPLACE], kw: [] },
    (a) => rrelu(a.input, a.lower, a.upper, a.training, a.inplace),
  ),
  rrelu_: fn(
    "rrelu_",
    "In-place rrelu.",
    { pos: RRELU, kw: [] },
    (a) => rrelu(a.input, a.lower, a.upper, a.training, true),
  ),
  prelu: fn(
    "prelu",
    "x for x > 0, else weight * x (one weight, or one per channel: dim 1).",
    { pos: [IN, req("weight", "array")], kw: [] },
    (a) => prelu(a.input, a.weight),
  ),
  channelShuffle: fn(
    "channelShuffle",
    "(N, C, *) with dim 1 regrouped as (groups, C / groups) and transposed.",
    { pos: [IN, req("groups", "int")], kw: [] },
    (a) => channelShuffle(a.input, a.groups),
  ),
  nativeChannelShuffle: fn(
    "nativeChannelShuffle",
    "channel_shuffle (PyTorch's native kernel: no derivative).",
    { pos: [IN, req("groups", "int")], kw: [] },
    (a) => nativeChannelShuffle(a.input, a.groups),
  ),
  rmsNorm: fn(
    "rmsNorm",
    "x / sqrt(mean(x^2 over the trailing normalizedShape dims) + eps) * weight (eps null: the dtype's epsilon).",
    { pos: [IN, req("normalizedShape", "ints"), W, opt("eps", "number", null)], kw: [] },
    (a) => rmsNorm(a.input, list(a.normalizedShape, 1), a.weight, a.eps),
  ),
  gumbelSoftmax: fn(
    "gumbelSoftmax",
    "softmax((logits + Gumbel noise) / tau) along dim; hard: one-hot with the soft sample's gradient.",
    {
      pos: [
        req("logits", "array"),
        opt("tau", "number", 1),
        opt("hard", "bool", false),
        opt("eps", "number", 1e-10),
        opt("dim", "int", -1),
      ],
      kw: [],
    },
    (a) => gumbelSoftmax(a.logits, a.tau, a.hard, a.eps, a.dim),
  ),
  glu: fn("glu", "a * sigmoid(b) for the two halves of a dim.", { pos: [IN, opt("dim", "int", -1)], kw: [] }, (a) => {
    const x = a.input as TensorT;
    if (x.ndim === 0) throw new RuntimeError("glu does not support scalars because halving size must be even");
    const d = torchDim(a.dim, x.ndim);
    if (x.shape[d] % 2) {
      throw new RuntimeError(`Halving dimension must be even, but dimension ${d} is size ${x.shape[d]}`);
    }
    const [x1, x2] = x.chunk(2, d);
    return x1.mul(x2.sigmoid());
  }),
  softmax: fn(
    "softmax",
    "exp(x) / sum(exp(x)) along a dim.",
    SOFTMAX,
    (a) => (a.input as TensorT).softmax(softmaxDim(a.dim, (a.input as TensorT).ndim), { dtype: a.dtype }),
  ),
  softmin: fn(
    "softmin",
    "softmax(-x) along a dim.",
    SOFTMAX,
    (a) => (a.input as TensorT).neg().softmax(softmaxDim(a.dim, (a.input as TensorT).ndim), { dtype: a.dtype }),
  ),
  pixelShuffle: fn(
    "pixelShuffle",
    "(*, C r^2, H, W) to (*, C, H r, W r).",
    { pos: [IN, req("upscaleFactor", "int")], kw: [] },
    (a) => pixelShuffle(a.input, a.upscaleFactor, true),
  ),
  pixelUnshuffle: fn(
    "pixelUnshuffle",
    "(*, C, H r, W r) to (*, C r^2, H, W).",
    { pos: [IN, req("downscaleFactor", "int")], kw: [] },
    (a) => pixelShuffle(a.input, a.downscaleFactor, false),
  ),
  pairwiseDistance: fn(
    "pairwiseDistance",
    "The p-norm of x1 - x2 + eps over the last dim.",
    {
      pos: [req("x1", "array"), req("x2", "array"), opt("p", "number", 2), opt("eps", "number", 1e-6)],
      kw: [opt("keepdim", "bool", false)],
    },
    (a) => pairwiseDistance(a.x1, a.x2, a.p, a.eps, a.keepdim),
  ),
  logSoftmax: fn(
    "logSoftmax",
    "log(softmax(x)) along a dim.",
    SOFTMAX,
    (a) => (a.input as TensorT).logSoftmax(softmaxDim(a.dim, (a.input as TensorT).ndim), { dtype: a.dtype }),
  ),
  normalize: fn(
    "normalize",
    "x / max(||x||_p, eps) along a dim.",
    { pos: [IN, opt("p", "number", 2), opt("dim", "int", 1), opt("eps", "number", 1e-12)], kw: [] },
    (a) => {
      // PyTorch's: the p-norm (inf: the largest |x|, 0: the count of non-zeros; a zero vector's gradient is 0)
      const x: TensorT = a.input;
      return x.div(x.norm(a.p, [a.dim], true).clampMin(a.eps).expandAs(x));
    },
  ),
  cosineSimilarity: fn(
    "cosineSimilarity",
    "(x1 / max(||x1||, eps)) . (x2 / max(||x2||, eps)) along a dim.",
    { pos: [req("x1", "array"), req("x2", "array"), opt("dim", "int", 1), opt("eps", "number", 1e-8)], kw: [] },
    (a) => {
      // PyTorch's: each vector over its own norm clamped to eps (not their product), then the dot product; the
      // clamp is in place under no_grad there, so the gradient is the unclamped norm's (norm + detached difference)
      const x1: TensorT = a.x1, x2: TensorT = a.x2;
      const clamped = (n: TensorT) => n.add(n.clampMin(a.eps).sub(n).detach());
      const n1 = clamped(x1.norm(2, [a.dim], true)), n2 = clamped(x2.norm(2, [a.dim], true));
      return x1.div(n1).mul(x2.div(n2)).sum([a.dim]);
    },
  ),
  // ---- losses ----
  mseLoss: fn(
    "mseLoss",
    "Mean squared error.",
    { pos: [IN, req("target", "array"), ...LEGACY, REDUCTION, W], kw: [] },
    mseLoss,
  ),
  l1Loss: fn(
    "l1Loss",
    "Mean absolute error.",
    { pos: [IN, req("target", "array"), ...LEGACY, REDUCTION, W], kw: [] },
    l1Loss,
  ),
  smoothL1Loss: fn(
    "smoothL1Loss",
    "Squared error below beta, absolute error above.",
    { pos: [IN, req("target", "array"), ...LEGACY, REDUCTION, opt("beta", "number", 1)], kw: [] },
    smoothL1,
  ),
  huberLoss: fn(
    "huberLoss",
    "Squared error below delta, delta-scaled absolute error above.",
    { pos: [IN, req("target", "array"), REDUCTION, opt("delta", "number", 1), W], kw: [] },
    huber,
  ),
  marginRankingLoss: fn(
    "marginRankingLoss",
    "max(0, -target (input1 - input2) + margin).",
    PAIR_MARGIN,
    LOSSES.marginRanking,
  ),
  hingeEmbeddingLoss: fn(
    "hingeEmbeddingLoss",
    "x where target is 1, max(0, margin - x) where it is -1.",
    { pos: [IN, req("target", "array"), opt("margin", "number", 1), ...LEGACY, REDUCTION], kw: [] },
    LOSSES.hingeEmbedding,
  ),
  softMarginLoss: fn(
    "softMarginLoss",
    "log(1 + exp(-target x)).",
    { pos: [IN, req("target", "array"), ...LEGACY, REDUCTION], kw: [] },
    LOSSES.softMargin,
  ),
  cosineEmbeddingLoss: fn(
    "cosineEmbeddingLoss",
    "1 - cos(x1, x2) where target is 1, max(0, cos(x1, x2) - margin) where it is -1.",
    PAIR_MARGIN,
    LOSSES.cosineEmbedding,
  ),
  poissonNllLoss: fn(
    "poissonNllLoss",
    "exp(x) - target x (logInput), or x - target log(x + eps); Stirling's term with full.",
    {
      pos: [
        IN,
        req("target", "array"),
        opt("logInput", "bool", true),
        opt("full", "bool", false),
        opt("sizeAverage", "bool", null),
        opt("eps", "number", 1e-8),
        opt("reduce", "bool", null),
        REDUCTION,
      ],
      kw: [],
    },
    LOSSES.poissonNll,
  ),
  gaussianNllLoss: fn(
    "gaussianNllLoss",
    "0.5 (log(var) + (x - target)^2 / var), var clamped to eps.",
    {
      pos: [
        IN,
        req("target", "array"),
        req("var", "arrayOrScalar"),
        opt("full", "bool", false),
        opt("eps", "number", 1e-6),
        REDUCTION,
      ],
      kw: [],
    },
    LOSSES.gaussianNll,
  ),
  tripletMarginLoss: fn(
    "tripletMarginLoss",
    "max(0, d(anchor, positive) - d(anchor, negative) + margin), d the pairwise p-distance.",
    {
      pos: [req("anchor", "array"), req("positive", "array"), req("negative", "array"), ...TRIPLET_OPTIONS],
      kw: [],
    },
    LOSSES.tripletMargin,
  ),
  multilabelSoftMarginLoss: fn(
    "multilabelSoftMarginLoss",
    "The mean over classes of the per-class logistic losses.",
    { pos: [IN, req("target", "array"), W, ...LEGACY, REDUCTION], kw: [] },
    LOSSES.multilabelSoftMargin,
  ),
  multiMarginLoss: fn(
    "multiMarginLoss",
    "The multi-class hinge loss: max(0, margin - x[y] + x[d])^p over the classes d != y, over the class count.",
    {
      pos: [IN, req("target", "array"), opt("p", "number", 1), opt("margin", "number", 1), W, ...LEGACY, REDUCTION],
      kw: [],
    },
    (a) => multiMarginLoss(a.input, a.target, a.p, a.margin, a.weight, reductionOf(a)),
  ),
  multilabelMarginLoss: fn(
    "multilabelMarginLoss",
    "The multi-label hinge loss: max(0, 1 - x[j] + x[d]) over target classes j and the other classes d.",
    { pos: [IN, req("target", "array"), ...LEGACY, REDUCTION], kw: [] },
    (a) => multilabelMarginLoss(a.input, a.target, reductionOf(a)),
  ),
  tripletMarginWithDistanceLoss: fn(
    "tripletMarginWithDistanceLoss",
    "max(0, margin + d(anchor, positive) - d(anchor, negative)) for a distance function d (pairwise by default).",
    {
      pos: [req("anchor", "array"), req("positive", "array"), req("negative", "array")],
      kw: [opt("distanceFunction", "fn", null), opt("margin", "number", 1), opt("swap", "bool", false), REDUCTION],
    },
    (a) =>
      tripletMarginWithDistanceLoss(
        a.anchor,
        a.positive,
        a.negative,
        a.distanceFunction,
        a.margin,
        a.swap,
        a.reduction,
      ),
  ),
  crossEntropy: fn(
    "crossEntropy",
    "Cross entropy of logits against class indices or class probabilities.",
    {
      pos: [
        IN,
        req("target", "array"),
        W,
        LEGACY[0],
        opt("ignoreIndex", "int", -100),
        LEGACY[1],
        REDUCTION,
        opt("labelSmoothing", "number", 0),
      ],
      kw: [],
    },
    crossEntropy,
  ),
  linearCrossEntropy: fn(
    "linearCrossEntropy",
    "Cross entropy of linear(input, linearWeight, linearBias) against the target (a (C, d1..dK, in) weight: K-d loss).",
    {
      pos: [IN, req("linearWeight", "array"), req("target", "array")],
      kw: [
        opt("linearBias", "array", null),
        W,
        REDUCTION,
        opt("ignoreIndex", "int", null),
        opt("labelSmoothing", "number", 0),
      ],
    },
    linearCrossEntropy,
  ),
  nllLoss: fn(
    "nllLoss",
    "Negative log-likelihood of class indices under log-probabilities.",
    { pos: [IN, req("target", "array"), W, LEGACY[0], opt("ignoreIndex", "int", -100), LEGACY[1], REDUCTION], kw: [] },
    (a) => P.nllLoss(a.input, a.target, a.weight, reductionOf(a) as "mean", a.ignoreIndex),
  ),
  binaryCrossEntropy: fn(
    "binaryCrossEntropy",
    "Binary cross entropy of probabilities.",
    { pos: [IN, req("target", "array"), W, ...LEGACY, REDUCTION], kw: [] },
    bce,
  ),
  binaryCrossEntropyWithLogits: fn(
    "binaryCrossEntropyWithLogits",
    "Binary cross entropy of logits (sigmoid fused, stable), with posWeight.",
    { pos: [IN, req("target", "array"), W, ...LEGACY, REDUCTION, opt("posWeight", "array", null)], kw: [] },
    bceLogits,
  ),
  ctcLoss: defineOp({
    name: "ctcLoss",
    doc: "Connectionist temporal classification loss of (T, N, C) log-probabilities against label sequences.",
    torch: {
      names: ["ctcLoss"],
      overloads: [
        { sig: ctcSig("array"), composite: true, impl: ctcLoss },
        { sig: ctcSig("ints"), composite: true, impl: ctcLoss },
      ],
    },
  }),
  klDiv: fn(
    "klDiv",
    "Kullback-Leibler divergence of log-probabilities from a target.",
    {
      pos: [
        IN,
        req("target", "array"),
        ...LEGACY,
        opt("reduction", "string", "mean", { choices: ["none", "mean", "sum", "batchmean"] }),
        opt("logTarget", "bool", false),
      ],
      kw: [],
    },
    klDiv,
  ),
};

/** torch.nn.functional's types. */
export type Functional = Functions<typeof FUNCTIONAL_DECLS, "torch", TensorT, TensorT>;

/** torch.nn.functional. */
export const functional: Functional = torchFunctions(FUNCTIONAL_DECLS) as unknown as Functional;

export { gelu as geluFn, hardtanh as hardtanhFn, softplus as softplusFn };
