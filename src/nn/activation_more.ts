/**
 * nn.functional's prelu, rrelu, channel_shuffle, rms_norm and gumbel_softmax, and the in-place writing of an
 * activation (F.elu_, F.leaky_relu_, ... and the `inplace` flags), as PyTorch 2.13 computes them: its checks and
 * messages, its random draws from the default generator (rrelu's slopes, gumbel_softmax's noise: PyTorch's values
 * for a seed) and its gradients, written with tensor ops so that autograd records them.
 */
import { isGradEnabled } from "../autograd/grad_mode.ts";
import { isFloat, TORCH_TYPE_NAME } from "../core/dtype.ts";
import { cppDouble, fmtShape, RuntimeError } from "../core/errors.ts";
import { torchDim } from "../core/shape.ts";
import { torchElement } from "../ops/operand.ts";
import { torch } from "../torch/mod.ts";
import { checkInplaceWrite } from "../torch/runner.ts";
import type { Tensor } from "../torch/tensor.ts";

const T = (d: string) => TORCH_TYPE_NAME[d as keyof typeof TORCH_TYPE_NAME];

function floatCheck(kernel: string, x: Tensor): void {
  if (!isFloat(x.dtype)) throw new RuntimeError(`"${kernel}" not implemented for '${T(x.dtype)}'`);
}

/**
 * x where x > 0, else slope * x: leaky_relu's formula, prelu's (a weight tensor) and rrelu's in evaluation.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import { leaky } from "./activation_more.ts";
 * assert.deepEqual(leaky(torch.tensor([-2, 3], { dtype: "float32" }), 0.5).tolist(), [-1, 3]);
 * ```
 */
export function leaky(x: Tensor, slope: number | Tensor): Tensor {
  return x.where(x.gt(0), x.mul(slope));
}

/** Which in-place backward PyTorch refuses for a negative slope (it computes the gradient from the result). */
export interface NegativeSlope {
  op: "elu" | "leakyReLu";
  slope: number;
}

const NEGATIVE_SLOPE = {
  elu: "In-place elu backward calculation is triggered with a negative slope which is not supported. This is caused " +
    "by calling in-place forward function with a negative slope, please call out-of-place version instead.",
  leakyReLu: "In-place leakyReLu backward calculation is triggered with a negative slope which is not supported. " +
    "This is caused by calling in-place forward function with a negative slope, please call out-of-place version " +
    "instead. File an issue at https://github.com/pytorch/pytorch if you do require supporting in-place leakRelu " +
    "backward calculation with negative slope",
};

/** Makes a backward pass that reaches `y` raise PyTorch's error `message` (its forward works, as PyTorch's). */
function failBackward(y: Tensor, message: string): Tensor {
  y.registerHook(() => {
    throw new RuntimeError(message);
  });
  return y;
}

/**
 * Writes `f(x)` into x and returns x, as PyTorch's in-place activations: a leaf that requires grad (or a view of
 * one) is PyTorch's error, a tensor with history gets the history of f. When autograd records, f runs on a copy: its
 * graph may save its input (elu saves x for exp(x)), and writing x would make that saved value stale (PyTorch's
 * kernels save the result instead). With `negative` below zero, a gradient reaching the op is PyTorch's error.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import { activateInPlace } from "./activation_more.ts";
 * const x = torch.tensor([-1, 2], { dtype: "float32" });
 * assert.equal(activateInPlace(x, (t) => t.mul(3)), x);
 * assert.deepEqual(x.tolist(), [-3, 6]);
 * ```
 */
export function activateInPlace(x: Tensor, f: (x: Tensor) => Tensor, negative?: NegativeSlope): Tensor {
  checkInplaceWrite(x); // (before f: a refused call draws nothing, as PyTorch checks before its kernel)
  const recording = isGradEnabled() && x.requiresGrad;
  const y = f(recording ? x.clone() : x);
  if (recording && negative && negative.slope < 0) failBackward(y, NEGATIVE_SLOPE[negative.op]);
  return x.copy_(y);
}

/**
 * `f(x)` written into x when `inplace` (activateInPlace), else a new tensor.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import { inPlaceIf } from "./activation_more.ts";
 * const x = torch.tensor([-1, 2], { dtype: "float32" });
 * assert.deepEqual(inPlaceIf(x, (t) => t.abs(), false).tolist(), [1, 2]);
 * assert.deepEqual(x.tolist(), [-1, 2]);
 * ```
 */
export function inPlaceIf(x: Tensor, f: (x: Tensor) => Tensor, inplace: boolean, negative?: NegativeSlope): Tensor {
  return inplace ? activateInPlace(x, f, negative) : f(x);
}

/**
 * F.prelu: x where x > 0, else weight * x, the weight (one value, or one per channel: dim 1, the only dim of a 1-d
 * weight) broadcast over the other dims as PyTorch reshapes it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import { prelu } from "./activation_more.ts";
 * const f = (v: number[] | number[][]) => torch.tensor(v, { dtype: "float32" });
 * assert.deepEqual(prelu(f([[-2, 2], [-4, 4]]), f([0.5, 0.25])).tolist(), [[-1, 2], [-2, 4]]);
 * ```
 */
export function prelu(x: Tensor, weight: Tensor): Tensor {
  if (x.dtype !== weight.dtype) {
    throw new RuntimeError(`prelu: Type promoting not supported. Got ${T(x.dtype)} and ${T(weight.dtype)}`);
  }
  const n = weight.numel();
  if (n !== 1) {
    if (x.ndim === 0) throw new RuntimeError("Not allow zero-dim input tensor.");
    const channels = x.ndim > 1 ? x.shape[1] : 1;
    if (channels !== n) {
      throw new RuntimeError(
        "Mismatch of parameter numbers and input channel size. " +
          `Found parameter numbers = ${n} and channel size = ${channels}.`,
      );
    }
  }
  if (weight.ndim > 1) {
    throw new RuntimeError(`prelu: Expected \`weight\` to be a scalar or 1D tensor, but got: ndim = ${weight.ndim}`);
  }
  floatCheck("prelu_cpu", x);
  let w = weight;
  if (x.ndim !== w.ndim) w = w.reshape(Array.from({ length: x.ndim }, (_, i) => (i === 1 ? n : 1)));
  return leaky(x, w);
}

/** rrelu's checks of its bounds (PyTorch's order and words). */
function rreluBounds(lower: number, upper: number): void {
  for (const [v, what] of [[lower, "lower"], [upper, "upper"]] as const) {
    if (!Number.isFinite(v)) throw new RuntimeError(`rrelu: ${what} bound must be finite, got ${cppDouble(v)}`);
  }
  if (!(lower <= upper)) throw new RuntimeError("Lower bound should be less than or equal to the upper bound");
}

/**
 * rrelu's noise in training: for each element <= 0, in row-major order (PyTorch reads x.contiguous()), a slope
 * drawn as at::uniform_real_distribution<double>(lower, upper) draws it: the low 53 bits of one 64-bit word times
 * 2^-53 (torch.rand's float64 draw), times (upper - lower) plus lower in double, with the bounds in x's precision,
 * then rounded to x's dtype; 1 elsewhere.
 */
function rreluNoise(x: Tensor, lower: number, upper: number): Tensor {
  floatCheck("rrelu_with_noise_out_cpu", x);
  // (both bounds must fit x's dtype: PyTorch's overflow error for float32)
  for (const v of [lower, upper]) torchElement(v, x.dtype);
  const [lo, hi] = x.dtype === "float32" ? [Math.fround(lower), Math.fround(upper)] : [lower, upper];
  if (!(hi - lo <= Number.MAX_VALUE)) {
    throw new RuntimeError(
      "Expected to - from <= std::numeric_limits<T>::max() to be true, but got false.  (Could this error message " +
        "be improved?  If so, please report an enhancement request to PyTorch.)",
    );
  }
  const drawn = x.le(0);
  const k = Number(drawn.sum().item());
  const slopes = torch.rand(k, { dtype: "float64", device: x.device }).mul(hi - lo).add(lo).to(x.dtype);
  return torch.onesLike(x, { memoryFormat: torch.contiguousFormat }).maskedScatter(drawn, slopes);
}

/**
 * F.rrelu: in training x * a per element, a drawn uniformly in [lower, upper) for x <= 0 (PyTorch's stream), 1
 * above; the gradient is the noise. In evaluation leaky_relu with the slope (lower + upper) / 2.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import { rrelu } from "./activation_more.ts";
 * const y = rrelu(torch.tensor([-1, 2], { dtype: "float64" }), 0.1, 0.3, false, false);
 * assert.deepEqual(y.tolist(), [-0.2, 2]);
 * ```
 */
export function rrelu(x: Tensor, lower: number, upper: number, training: boolean, inplace: boolean): Tensor {
  rreluBounds(lower, upper);
  if (training) return inPlaceIf(x, (c) => c.mul(rreluNoise(c, lower, upper)), inplace);
  floatCheck("leaky_relu_cpu", x);
  const slope = torchElement((lower + upper) / 2, x.dtype) as number;
  return inPlaceIf(x, (c) => leaky(c, slope), inplace, { op: "leakyReLu", slope });
}

/**
 * F.channel_shuffle / F.native_channel_shuffle: dim 1 seen as (groups, C / groups), transposed to (C / groups, groups).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import { channelShuffle } from "./activation_more.ts";
 * const y = channelShuffle(torch.arange(6).reshape(1, 6, 1), 2);
 * assert.deepEqual(y.flatten().tolist(), [0, 3, 1, 4, 2, 5]);
 * ```
 */
export function channelShuffle(x: Tensor, groups: number): Tensor {
  if (x.ndim <= 2) {
    throw new RuntimeError(
      `channel_shuffle expects input with > 2 dims, but got input with sizes ${fmtShape(x.shape)}`,
    );
  }
  if (groups <= 0) {
    throw new RuntimeError(`Number of groups to divide channels in must be positive. Value of groups:${groups}`);
  }
  const [n, c, ...rest] = x.shape;
  if (c % groups !== 0) {
    throw new RuntimeError(`Number of channels must be divisible by groups. Got ${c} channels and ${groups} groups.`);
  }
  return x.reshape([n, groups, c / groups, ...rest]).transpose(1, 2).reshape(x.shape);
}

/**
 * F.native_channel_shuffle: channel_shuffle, whose backward is PyTorch's "not implemented" error.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import { nativeChannelShuffle } from "./activation_more.ts";
 * const y = nativeChannelShuffle(torch.arange(4).reshape(1, 4, 1), 2);
 * assert.deepEqual(y.flatten().tolist(), [0, 2, 1, 3]);
 * ```
 */
export function nativeChannelShuffle(x: Tensor, groups: number): Tensor {
  const y = channelShuffle(x, groups);
  return y.requiresGrad ? failBackward(y, "derivative for aten::native_channel_shuffle is not implemented") : y;
}

/**
 * F.rms_norm as PyTorch's CPU composite: x * rsqrt(mean(x^2 over the trailing dims) + eps), times the weight, in
 * x's dtype; eps null is the machine epsilon of x's dtype.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import { rmsNorm } from "./activation_more.ts";
 * const y = rmsNorm(torch.tensor([[3, 4]], { dtype: "float64" }), [2], null, 0);
 * assert.ok(Math.abs((y.tolist() as number[][])[0][0] - 3 / Math.sqrt(12.5)) < 1e-12);
 * ```
 */
export function rmsNorm(x: Tensor, shape: number[], weight: Tensor | null, eps: number | null): Tensor {
  const n = shape.length, xs = x.shape;
  if (n === 0) {
    throw new RuntimeError(
      "Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, but got " +
        "normalized_shape = []",
    );
  }
  if (weight && weight.shape.join() !== shape.join()) {
    throw new RuntimeError(
      `Expected weight to be of same shape as normalized_shape, but got weight of shape ${
        fmtShape(weight.shape)
      } and normalized_shape = ${fmtShape(shape)}`,
    );
  }
  if (xs.length < n) throw new RangeError(`Input tensor must have at least ${n} dimensions, but got ${xs.length}`);
  if (shape.some((d, i) => xs[xs.length - n + i] !== d)) {
    throw new RuntimeError(
      `Given normalized_shape=${fmtShape(shape)}, expected input with shape [*${
        shape.join(", ")
      }], but got input of size${fmtShape(xs)}`,
    );
  }
  floatCheck("rms_norm", x);
  const dims = shape.map((_, i) => xs.length - n + i);
  const e = eps ?? torch.finfo(x.dtype as "float32" | "float64").eps;
  const y = x.mul(x.pow(2).mean(dims, true).add(e).rsqrt());
  return weight ? y.mul(weight).to(x.dtype) : y;
}

/**
 * F.gumbel_softmax: softmax((logits + g) / tau) along dim with g = -log(Exponential(1)) drawn as PyTorch draws it
 * (a contiguous tensor like logits filled by exponential_, so a seed gives PyTorch's values); hard: the one-hot of
 * each argmax, with the soft sample's gradient (y_hard - y_soft.detach() + y_soft).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import { gumbelSoftmax } from "./activation_more.ts";
 * torch.manualSeed(0);
 * const y = gumbelSoftmax(torch.zeros(2, 5), 1, true, 1e-10, -1);
 * assert.deepEqual(y.sum(-1).tolist(), [1, 1]);
 * ```
 */
export function gumbelSoftmax(logits: Tensor, tau: number, hard: boolean, eps: number, dim: number): Tensor {
  if (eps !== 1e-10) console.warn("UserWarning: `eps` parameter is deprecated and has no effect.");
  if (!isFloat(logits.dtype)) {
    throw new RuntimeError(
      "Exponential distribution is a continuous probability distribution. dtype must be a floating point but you " +
        `specified ${T(logits.dtype)}`,
    );
  }
  const noise = torch.empty(logits.shape, { dtype: logits.dtype, device: logits.device }).exponential_();
  dim = torchDim(dim, logits.ndim); // (PyTorch's message; the draws come first, as there)
  const ySoft = logits.add(noise.log().neg()).div(tau).softmax(dim);
  if (!hard) return ySoft;
  const index = ySoft.max(dim, true)[1];
  const yHard = torch.zerosLike(logits, { memoryFormat: torch.contiguousFormat }).scatter_(dim, index, 1);
  return yHard.sub(ySoft.detach()).add(ySoft);
}
