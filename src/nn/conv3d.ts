/**
 * F.conv3d, F.convTranspose1d and F.convTranspose3d, written over the 2-d
 * convolution primitives (src/torch/ops/nn_conv.ts) so that autograd (and
 * double backward) comes from theirs.
 *
 * conv3d: each output depth position reads kd input depth slices; those
 * slices are gathered (one indexSelect) into the channels of a 2-d
 * convolution whose batch is (batch x output depth) and whose weight holds
 * the kd depth taps side by side, so the whole 3-d convolution is one
 * grouped conv2d. conv_transpose3d is its adjoint: one conv_transpose2d per
 * input depth slice (again one call, batched), whose kd depth taps are then
 * added (one indexAdd) into the output depth positions they reach.
 * conv_transpose1d is conv_transpose2d over a height of 1.
 *
 * The checks come first, in PyTorch's order and with its messages
 * (at::_convolution, check_shape_forward, then its kernels' own checks).
 */
import { opt, req } from "../api/signature.ts";
import { type DType, isFloat, TORCH_TYPE_NAME } from "../core/dtype.ts";
import { RuntimeError } from "../core/errors.ts";
import { torch } from "../torch/mod.ts";
import type { Tensor } from "../torch/tensor.ts";
import { P } from "./prims.ts";

type Ints = number | readonly number[];

/** F.conv_transpose1d/2d/3d's arguments after the input, in PyTorch's order. */
export const CONV_TRANSPOSE_ARGS = [
  req("weight", "array"),
  opt("bias", "array", null),
  opt("stride", "ints", 1),
  opt("padding", "ints", 0),
  opt("outputPadding", "ints", 0),
  opt("groups", "int", 1),
  opt("dilation", "ints", 1),
] as const;

const fmt = (s: readonly number[]) => `[${s.join(", ")}]`;
/** c10's scalar type names, as the bias type message prints them. */
const C10_NAME: Partial<Record<DType, string>> = {
  float32: "float",
  float64: "double",
  int64: "long int",
  int32: "int",
  uint8: "unsigned char",
  bool: "bool",
};
const tensorType = (d: DType) => `torch.${TORCH_TYPE_NAME[d]}Tensor`;

/** A convolution's parameters, each expanded to one value per spatial dim of the weight. */
interface Geometry {
  stride: number[];
  padding: number[];
  dilation: number[];
  outputPadding: number[];
  groups: number;
}

/** The arguments a convolution takes after its tensors (ints as given: a number or a list). */
interface ConvArgs {
  stride: Ints;
  padding: Ints;
  dilation: Ints;
  outputPadding: Ints;
  groups: number;
}

/** F.convNd's check of the input's rank (PyTorch's batchify), then `f` on a batched input. */
function batched(op: string, n: number, x: Tensor, f: (x: Tensor) => Tensor): Tensor {
  if (x.ndim !== n + 1 && x.ndim !== n + 2) {
    throw new RuntimeError(
      `Expected ${n + 1}D (unbatched) or ${n + 2}D (batched) input to ${op}, but got input of size: ${fmt(x.shape)}`,
    );
  }
  // our kernels are float-only (PyTorch also has slow integer convolutions)
  if (!isFloat(x.dtype)) throw new RuntimeError(`"${op}" not implemented for '${TORCH_TYPE_NAME[x.dtype]}'`);
  return x.ndim === n + 1 ? f(x.unsqueeze(0)).squeeze(0) : f(x);
}

/**
 * at::_convolution's checks and check_shape_forward's, in their order and with their messages: the weight's rank,
 * groups, each parameter's length (a number stands for `n` copies, as the Python binding expands it; a list of one
 * for as many as the weight has spatial dims), signs, ranks, groups against the weight, channels, bias, kernel size.
 */
function checkConv(x: Tensor, w: Tensor, b: Tensor | null, n: number, a: ConvArgs, transposed: boolean): Geometry {
  const xs = x.shape, ws = w.shape;
  if (ws.length < 3) throw new RuntimeError("weight should have at least three dimensions");
  const groups = a.groups;
  if (!(groups > 0)) throw new RuntimeError("non-positive groups is not supported");
  const dim = ws.length - 2;
  const expand = (name: string, v: Ints): number[] => {
    const l = typeof v === "number" ? Array(n).fill(v) : [...v];
    if (l.length === 1) return Array(dim).fill(l[0]);
    if (l.length !== dim) {
      throw new RuntimeError(
        `expected ${name} to be a single integer value or a list of ${dim} values to match the convolution dimensions, but got ${name}=${
          fmt(l)
        }`,
      );
    }
    return l;
  };
  const stride = expand("stride", a.stride), padding = expand("padding", a.padding);
  const dilation = expand("dilation", a.dilation), outputPadding = expand("output_padding", a.outputPadding);
  if (padding.some((p) => p < 0)) throw new RuntimeError("negative padding is not supported");
  if (outputPadding.some((p) => p < 0)) throw new RuntimeError("negative output_padding is not supported");
  if (stride.some((s) => s <= 0)) throw new RuntimeError("non-positive stride is not supported");
  if (dilation.some((d) => d < 0)) throw new RuntimeError("dilation should be greater than zero");
  if (ws.length !== xs.length) {
    throw new RuntimeError(
      `Expected ${ws.length}-dimensional input for ${ws.length}-dimensional weight ${
        fmt(ws)
      }, but got ${xs.length}-dimensional input of size ${fmt(xs)} instead`,
    );
  }
  if (ws[0] < groups) {
    throw new RuntimeError(
      `Given groups=${groups}, expected weight to be at least ${groups} at dimension 0, but got weight of size ${
        fmt(ws)
      } instead`,
    );
  }
  if (ws[0] % groups !== 0) {
    throw new RuntimeError(
      `Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size [${
        fmt(ws)
      }] instead`,
    );
  }
  const given = transposed
    ? `Given transposed=1, weight of size ${fmt(ws)}`
    : `Given groups=${groups}, weight of size ${fmt(ws)}`;
  const channels = transposed ? ws[0] : ws[1] * groups;
  if (xs[1] !== channels) {
    throw new RuntimeError(
      `${given}, expected input${fmt(xs)} to have ${channels} channels, but got ${xs[1]} channels instead`,
    );
  }
  const outChannels = transposed ? ws[1] * groups : ws[0];
  if (b && (b.ndim !== 1 || b.shape[0] !== outChannels)) {
    throw new RuntimeError(
      `${
        transposed ? given : `Given weight of size ${fmt(ws)}`
      }, expected bias to be 1-dimensional with ${outChannels} elements, but got bias of size ${fmt(b.shape)} instead`,
    );
  }
  if (!transposed) {
    const padded = xs.slice(2).map((s, i) => s + 2 * padding[i]);
    const kernel = ws.slice(2).map((k, i) => dilation[i] * (k - 1) + 1);
    if (padded.some((s, i) => s < kernel[i])) {
      throw new RuntimeError(
        `Calculated padded input size per channel: (${padded.join(" x ")}). Kernel size: (${
          kernel.join(" x ")
        }). Kernel size can't be greater than actual input size`,
      );
    }
  }
  return { stride, padding, dilation, outputPadding, groups };
}

/** The kernels' dtype checks of weight and bias (PyTorch's CPU messages: oneDNN's for float, the slow kernels'). */
function checkTypes(x: Tensor, other: Tensor | null, name: "weight" | "bias"): void {
  if (!other || other.dtype === x.dtype) return;
  throw new RuntimeError(
    x.dtype === "float32"
      ? `Input type (${tensorType(x.dtype)}) and ${name} type (${
        tensorType(other.dtype)
      }) should be the same or input should be a MKLDNN tensor and ${name} is a dense tensor`
      : `expected scalar type ${TORCH_TYPE_NAME[x.dtype]} but found ${TORCH_TYPE_NAME[other.dtype]}`,
  );
}

/** at::_convolution's refusal of an empty spatial dim (the size PyTorch prints is the kernel's view, `xs`). */
function checkNonEmpty(xs: readonly number[]): void {
  if (xs[0] !== 0 && xs[1] !== 0 && xs.slice(2).some((s) => s === 0)) {
    throw new RuntimeError(`Only zero batch or zero channel inputs are supported, but got input shape: ${fmt(xs)}`);
  }
}

/**
 * The transposed kernels' own checks (slow_conv_transpose's shape check) on the geometry they run (`xs`: the input,
 * `ks`: the kernel's spatial sizes, in the kernel's view: 2-d for conv_transpose1d), and the output's spatial sizes.
 */
function transposedSizes(xs: readonly number[], ks: readonly number[], g: Geometry): number[] {
  const names = ["depth", "height", "width"].slice(3 - ks.length);
  const list = (what: string, v: number[], sep: string) => names.map((nm, i) => `${what}_${nm}: ${v[i]}`).join(sep);
  checkNonEmpty(xs);
  if (g.dilation.some((d) => d === 0)) {
    throw new RuntimeError(`dilation should be greater than zero, but got ${list("dilation", g.dilation, ", ")}`);
  }
  if (g.outputPadding.some((p, i) => p >= Math.max(g.stride[i], g.dilation[i]))) {
    throw new RuntimeError(
      `output padding must be smaller than either stride or dilation, but got ${
        list("output_padding", g.outputPadding, " ")
      } ${list("stride", g.stride, " ")} ${list("dilation", g.dilation, " ")}`,
    );
  }
  const ins = xs.slice(2);
  const out = ins.map((s, i) =>
    (s - 1) * g.stride[i] - 2 * g.padding[i] + g.dilation[i] * (ks[i] - 1) + g.outputPadding[i] + 1
  );
  if (out.some((s) => s < 1)) {
    throw new RuntimeError(
      `Given input size per channel: (${ins.join(" x ")}). Calculated output size per channel: (${
        out.join(" x ")
      }). Output size is too small`,
    );
  }
  return out;
}

/**
 * conv_transpose2d through the primitive, which runs output paddings below the stride only: in a dim whose output
 * padding reaches the stride (a larger dilation allows that), it runs unpadded and the output is its window
 * [padding, padding + size), zeros past what the primitive gives (`size`: the output's sizes, transposedSizes').
 */
function convTranspose2d(x: Tensor, w: Tensor, b: Tensor | null, g: Geometry, size: readonly number[]): Tensor {
  const wide = g.outputPadding.map((p, i) => p >= g.stride[i]), direct = !wide.some((v) => v);
  const unless = (v: number[]) => v.map((p, i) => (wide[i] ? 0 : p));
  let y = P.convTranspose2d(
    x,
    w,
    direct ? b : null,
    g.stride,
    unless(g.padding),
    unless(g.outputPadding),
    g.groups,
    g.dilation,
  );
  for (let i = 0; i < 2; i++) {
    if (!wide[i]) continue;
    const dim = i + 2, n = y.shape[dim], start = Math.min(g.padding[i], n), have = Math.min(size[i], n - start);
    y = y.narrow(dim, start, have);
    if (have < size[i]) {
      const zeros = [...y.shape];
      zeros[dim] = size[i] - have;
      y = torch.cat([y, y.newZeros(zeros)], dim);
    }
  }
  return direct || !b ? y : y.add(b.reshape([1, b.shape[0], 1, 1]));
}

/** An int64 index tensor on `like`'s device. */
const indexTensor = (idx: BigInt64Array, like: Tensor) => torch.tensor(idx, { device: like.device });

/**
 * The depth positions of a 3-d convolution's taps, for each output depth i, group j and depth tap t (in that order):
 * j * depth + i * stride + t * dilation, `depth` the (padded) input depth of each group.
 */
function depthTaps(out: number, groups: number, taps: number, depth: number, stride: number, dil: number) {
  const idx = new BigInt64Array(out * groups * taps);
  let k = 0;
  for (let i = 0; i < out; i++) {
    for (let j = 0; j < groups; j++) for (let t = 0; t < taps; t++) idx[k++] = BigInt(j * depth + i * stride + t * dil);
  }
  return idx;
}

/** The padding argument of conv3d: [low sides, extra on the high sides] (PyTorch's 'same' pads one more above). */
function conv3dPadding(w: Tensor, stride: Ints, padding: unknown, dilation: Ints): [Ints, number[]] {
  if (typeof padding === "string") {
    if (padding === "valid") return [0, [0, 0, 0]];
    if (padding !== "same") throw new RuntimeError(`Invalid padding string: '${padding}'`);
    // at::_convolution_mode
    if (w.ndim < 3) throw new RuntimeError("weight should have at least three dimensions");
    const dim = w.ndim - 2;
    const d = typeof dilation === "number" ? Array(dim).fill(dilation) : [...dilation];
    if (d.length === 1) d.length = dim, d.fill(d[0]);
    if (d.length !== dim) throw new RuntimeError(`dilation cannot broadcast to ${dim} dimensions`);
    if ((typeof stride === "number" ? [stride] : stride).some((s) => s !== 1)) {
      throw new RuntimeError("padding='same' is not supported for strided convolutions");
    }
    const total = w.shape.slice(2).map((k, i) => d[i] * (k - 1));
    return [total.map((t) => Math.floor(t / 2)), total.map((t) => t % 2)];
  }
  const ints = (v: unknown) => typeof v === "number" && Number.isSafeInteger(v);
  if (ints(padding) || (Array.isArray(padding) && padding.every(ints))) return [padding as Ints, [0, 0, 0]];
  throw new TypeError("conv3d(): argument 'padding' must be a tuple of ints or a string ('valid' or 'same')");
}

/**
 * F.conv3d: 3-d convolution (cross-correlation) of an (N, C, D, H, W) or (C, D, H, W) input with a
 * (K, C / groups, kd, kh, kw) weight; padding a number, three numbers, "valid" or "same".
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import { conv3d } from "./conv3d.ts";
 * const y = conv3d(torch.ones(1, 2, 4, 4, 4), torch.ones(3, 2, 3, 3, 3), null, 1, "same", 1, 1);
 * assert.deepEqual(y.shape, [1, 3, 4, 4, 4]);
 * assert.equal(y.get([0, 0, 1, 1, 1]).item(), 54);
 * ```
 */
export function conv3d(
  input: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  stride: Ints,
  padding: unknown,
  dilation: Ints,
  groups: number,
): Tensor {
  return batched("conv3d", 3, input, (x) => {
    if (bias && bias.dtype !== x.dtype) {
      throw new RuntimeError(
        `Input type (${C10_NAME[x.dtype]}) and bias type (${
          C10_NAME[bias.dtype] ?? TORCH_TYPE_NAME[bias.dtype]
        }) should be the same`,
      );
    }
    const [pad, extra] = conv3dPadding(weight, stride, padding, dilation);
    const g = checkConv(x, weight, bias, 3, { stride, padding: pad, dilation, outputPadding: 0, groups }, false);
    checkTypes(x, weight, "weight");
    if (g.dilation.some((d) => d === 0)) throw new RuntimeError("non-positive dilation is not supported");
    checkNonEmpty(x.shape);
    const [n, c, depth, h, wd] = x.shape, [k, cg, kd, kh, kw] = weight.shape;
    const lo = g.padding, hi = lo.map((p, i) => p + extra[i]);
    const [sd, sh, sw] = g.stride, [dd, dh, dw] = g.dilation;
    const padded = depth + lo[0] + hi[0];
    const od = Math.floor((padded - dd * (kd - 1) - 1) / sd) + 1;
    let xp = x;
    if (lo[0] || hi[0]) {
      const zeros = (m: number) => x.newZeros([n, c, m, h, wd]);
      xp = torch.cat([zeros(lo[0]), x, zeros(hi[0])], 2);
    }
    // (n, groups * padded depth, c / groups, h, w): each group's depth slices in a row, so one gather takes, per
    // output depth, every group's kd taps as the grouped conv2d's input channels (group, tap, channel)
    const rows = groups === 1
      ? xp.transpose(1, 2)
      : xp.reshape([n, groups, cg, padded, h, wd]).transpose(2, 3).reshape([n, groups * padded, cg, h, wd]);
    const idx = depthTaps(od, groups, kd, padded, sd, dd);
    // (every slice once, in order, for a kernel depth of 1 at stride 1: no gather)
    const identity = idx.length === groups * padded && idx.every((v, i) => v === BigInt(i));
    const taps = identity ? rows : rows.indexSelect(1, indexTensor(idx, x));
    const cols = taps.reshape([n * od, groups * kd * cg, h, wd]);
    const w2 = weight.transpose(1, 2).reshape([k, kd * cg, kh, kw]);
    const y = P.conv2d(cols, w2, bias, [sh, sw], [lo[1], lo[2], hi[1], hi[2]], [dh, dw], groups);
    return y.reshape([n, od, k, y.shape[2], y.shape[3]]).transpose(1, 2).contiguous();
  });
}

/** F.conv_transposeNd's arguments and result. */
export type TransposedConv = (
  input: Tensor,
  weight: Tensor,
  bias: Tensor | null,
  stride: Ints,
  padding: Ints,
  outputPadding: Ints,
  groups: number,
  dilation: Ints,
) => Tensor;

/**
 * F.conv_transposeNd: the rank check and PyTorch's argument checks, then `run` on the batched input and the checked
 * geometry.
 */
function transposedConv(
  n: number,
  run: (x: Tensor, weight: Tensor, bias: Tensor | null, g: Geometry) => Tensor,
): TransposedConv {
  return (input, weight, bias, stride, padding, outputPadding, groups, dilation) =>
    batched(`conv_transpose${n}d`, n, input, (x) => {
      const g = checkConv(x, weight, bias, n, { stride, padding, dilation, outputPadding, groups }, true);
      checkTypes(x, weight, "weight");
      checkTypes(x, bias, "bias");
      return run(x, weight, bias, g);
    });
}

/**
 * F.conv_transpose3d: the transposed 3-d convolution (the gradient of conv3d as a layer) of an (N, C, D, H, W) or
 * (C, D, H, W) input with a (C, K / groups, kd, kh, kw) weight.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import { convTranspose3d } from "./conv3d.ts";
 * const y = convTranspose3d(torch.ones(1, 2, 3, 3, 3), torch.ones(2, 4, 2, 2, 2), null, 2, 0, 1, 1, 1);
 * assert.deepEqual(y.shape, [1, 4, 7, 7, 7]);
 * ```
 */
export const convTranspose3d: TransposedConv = transposedConv(3, (x, weight, bias, g) => {
  const groups = g.groups;
  const [n, cin, depth, h, wd] = x.shape, [, cog, kd, kh, kw] = weight.shape;
  const [od, oh, ow] = transposedSizes(x.shape, weight.shape.slice(2), g);
  const [sd] = g.stride, [dd] = g.dilation, [pd] = g.padding;
  // each input depth slice through conv_transpose2d, with the kd depth taps as output channels (group, tap, channel)
  const x2 = x.transpose(1, 2).reshape([n * depth, cin, h, wd]);
  const w2 = weight.transpose(1, 2).reshape([cin, kd * cog, kh, kw]);
  const hw = (v: number[]) => v.slice(1);
  const g2 = {
    stride: hw(g.stride),
    padding: hw(g.padding),
    dilation: hw(g.dilation),
    outputPadding: hw(g.outputPadding),
    groups,
  };
  const y2 = convTranspose2d(x2, w2, null, g2, [oh, ow]);
  // each (depth, group, tap) slice added at depth + tap position i * stride + t * dilation of its group, in a depth
  // that holds every position and the output's window [pd, pd + od)
  const full = Math.max((depth - 1) * sd + dd * (kd - 1) + 1, pd + od);
  const src = y2.reshape([n, depth * groups * kd, cog, oh, ow]);
  const sum = src.newZeros([n, groups * full, cog, oh, ow]).indexAdd(
    1,
    indexTensor(depthTaps(depth, groups, kd, full, sd, dd), x),
    src,
  );
  // (contiguous as PyTorch's result: with one group the reshape can be a view)
  const y = sum.reshape([n, groups, full, cog, oh, ow]).narrow(2, pd, od).transpose(2, 3)
    .reshape([n, groups * cog, od, oh, ow]).contiguous();
  return bias ? y.add(bias.reshape([1, groups * cog, 1, 1, 1])) : y;
});

/**
 * F.conv_transpose2d: the transposed 2-d convolution of an (N, C, H, W) or (C, H, W) input with a
 * (C, K / groups, kh, kw) weight; an output padding may reach the stride when the dilation is larger (PyTorch's bound
 * is max(stride, dilation)).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import { convTranspose2dF } from "./conv3d.ts";
 * const y = convTranspose2dF(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 2, 2), null, 1, 0, 2, 1, 3);
 * assert.deepEqual(y.shape, [1, 1, 7, 7]);
 * ```
 */
export const convTranspose2dF: TransposedConv = transposedConv(
  2,
  (x, weight, bias, g) => convTranspose2d(x, weight, bias, g, transposedSizes(x.shape, weight.shape.slice(2), g)),
);

/**
 * F.conv_transpose1d: the transposed 1-d convolution of an (N, C, L) or (C, L) input with a (C, K / groups, k)
 * weight (conv_transpose2d over a height of 1, as PyTorch runs it; its kernel's messages name the 2-d view).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import { convTranspose1d } from "./conv3d.ts";
 * const y = convTranspose1d(torch.ones(1, 1, 3), torch.ones(1, 1, 2), null, 1, 0, 0, 1, 1);
 * assert.deepEqual(y.reshape(-1).tolist(), [1, 2, 2, 1]);
 * ```
 */
export const convTranspose1d: TransposedConv = transposedConv(1, (x, weight, bias, g) => {
  const view: Geometry = {
    stride: [1, g.stride[0]],
    padding: [0, g.padding[0]],
    dilation: [1, g.dilation[0]],
    outputPadding: [0, g.outputPadding[0]],
    groups: g.groups,
  };
  const size = transposedSizes([x.shape[0], x.shape[1], 1, x.shape[2]], [1, weight.shape[2]], view);
  return convTranspose2d(x.unsqueeze(2), weight.unsqueeze(2), bias, view, size).squeeze(2);
});
