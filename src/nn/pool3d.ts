/**
 * The rest of torch.nn.functional's pooling family, as PyTorch 2.13's CPU kernels compute it: 3-d max / average /
 * adaptive pooling, max unpooling, fractional max pooling, and the integer inputs of max and average pooling.
 *
 * 3-d max, average and adaptive pooling are separable and run the 2-d kernels (src/torch/ops/nn_pool.ts) twice:
 * (H, W) of every depth slice, then depth alone, as a [k, 1] window over the [D, OH * OW] planes of that result.
 * Max pooling stays exact this way: the kernels scan PyTorch's window order and keep the first maximum or the last
 * NaN, so the depth stage picks the first slice holding the window's first maximum (or the last slice holding a
 * NaN, and in it the last NaN): PyTorch's choice in its d, h, w scan. Average pooling's divisor is a product of
 * per-axis factors (count_include_pad or not), so two averages give the 3-d one; a divisor_override divides the
 * two stages' sum once. The kernels' derivatives give the gradients.
 *
 * Integer max pooling runs the same float kernels on float64 keys that order and tie as the values do (the values
 * themselves for uint8 / int32, their rank among the distinct values for int64, which a double cannot hold), then
 * gathers the values at the indices. int64 average pooling sums each window exactly (a gather of its elements, a
 * sentinel zero for padding) and divides as C++ divides integers, truncating.
 *
 * Fractional max pooling's windows start at PyTorch's pseudo-random intervals (computed on the host from
 * `_random_samples`, in the input's float precision, one sample per plane and axis); the maximum of each window is
 * found with tensor ops in the kernel's scan order, and the values gathered at it carry the gradient.
 */
import type { Args } from "../api/define.ts";
import { poolOutputSize } from "../backend/cpu_nn.ts";
import { isFloat, TORCH_TYPE_NAME } from "../core/dtype.ts";
import { RuntimeError } from "../core/errors.ts";
import { torchDim } from "../core/shape.ts";
import { avgGeometry } from "../torch/ops/nn_pool.ts";
import { torch } from "../torch/mod.ts";
import type { Tensor } from "../torch/tensor.ts";
import { P } from "./prims.ts";

type Ints = number | readonly number[];

const fmt = (s: readonly number[]) => `[${s.join(", ")}]`;
const prod = (s: readonly number[]) => s.reduce((p, v) => p * v, 1);
const typeName = (x: Tensor) => TORCH_TYPE_NAME[x.dtype];
const INTEGER = new Set(["uint8", "int32", "int64"]);
/** PyTorch's error for a dtype a kernel has no loop for. */
const notImplemented = (kernel: string, x: Tensor) =>
  new RuntimeError(`"${kernel}" not implemented for '${typeName(x)}'`);
/** An empty result still connected to x's graph. */
const emptyLike = (x: Tensor, shape: number[]) => x.flatten().narrow(0, 0, 0).reshape(shape);

/** Runs `f` on an input with a batch dim (`dims` spatial dims): an unbatched one as a batch of one. */
function batched(x: Tensor, dims: number, f: (x: Tensor) => Tensor[]): Tensor[] {
  return x.ndim === dims + 1 ? f(x.unsqueeze(0)).map((t) => t.squeeze(0)) : f(x);
}

const pick = (r: Tensor[], indices: boolean): Tensor | Tensor[] => (indices ? r : r[0]);

// ---------- integer inputs of max and average pooling ----------

/** float64 keys that order and tie as x's integers do. */
function orderKeys(x: Tensor): Tensor {
  if (x.dtype !== "int64") return x.to("float64");
  return (torch.unique(x, { sorted: true, returnInverse: true }) as Tensor[])[1].to("float64");
}

/**
 * Max pooling of an (N, C, ...) tensor of any dtype PyTorch max-pools: `pool` (a float kernel's [values, indices])
 * runs on float inputs as they are and on integer ones as float64 keys, whose indices pick the integer values.
 * Other dtypes reach `pool`, which refuses them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const x = torch.tensor([[[[1, 5], [5, 2]]]]);
 * const [v, i] = nn.F.maxPool2d(x, 2, { returnIndices: true });
 * assert.deepEqual([v.dtype, v.tolist(), i.tolist()], ["int64", [[[[5]]]], [[[[1]]]]]);
 * ```
 */
export function maxPoolAnyDtype(x: Tensor, pool: (x: Tensor) => Tensor[]): Tensor[] {
  if (!INTEGER.has(x.dtype)) return pool(x);
  const [, idx] = pool(orderKeys(x));
  return [x.flatten(2).gather(2, idx.flatten(2)).reshape(idx.shape), idx];
}

/** One spatial axis of a pooling window: input size, kernel, stride, padding and output size. */
interface Axis {
  size: number;
  kernel: number;
  stride: number;
  pad: number;
  out: number;
}

/**
 * The flat index (row-major over `sizes`) of every window element, from each axis's coordinates (`coords[a]`:
 * [B, O_a, K_a]): [B, O_1 * ... * O_n, K_1 * ... * K_n].
 */
function windowIndex(coords: Tensor[], sizes: readonly number[]): Tensor {
  const n = coords.length, b = coords[0].shape[0];
  let flat: Tensor | null = null, stride = 1;
  for (let a = n - 1; a >= 0; a--) {
    const shape = [b, ...Array(2 * n).fill(1)];
    shape[1 + a] = coords[a].shape[1];
    shape[1 + n + a] = coords[a].shape[2];
    const term = coords[a].mul(stride).reshape(shape);
    flat = flat ? term.add(flat) : term;
    stride *= sizes[a];
  }
  return flat!.reshape([b, prod(coords.map((c) => c.shape[1])), prod(coords.map((c) => c.shape[2]))]);
}

/** int64 average pooling of an (N, C, ...) tensor: each window's exact sum over its divisor, truncated. */
function avgPoolInt64(x: Tensor, axes: Axis[], countIncludePad: boolean, divisorOverride: number | null): Tensor {
  const [n, c] = x.shape, s = prod(axes.map((a) => a.size)), outs = axes.map((a) => a.out);
  const coords: Tensor[] = [];
  let divisor: Tensor | number = divisorOverride ?? 1;
  axes.forEach((a, i) => {
    const cs: number[] = [], dv: number[] = [];
    for (let o = 0; o < a.out; o++) {
      const lo = o * a.stride - a.pad, hi = Math.min(lo + a.kernel, a.size + a.pad);
      dv.push(countIncludePad ? hi - lo : Math.min(hi, a.size) - Math.max(lo, 0));
      // padding reads the zero appended after the s elements (any coordinate past them clamps to it)
      for (let j = 0; j < a.kernel; j++) cs.push(lo + j >= 0 && lo + j < a.size ? lo + j : s);
    }
    coords.push(torch.tensor(cs, { dtype: "int64" }).reshape([1, a.out, a.kernel]));
    if (divisorOverride === null) {
      const shape = outs.map((_, k) => (k === i ? a.out : 1));
      const d = torch.tensor(dv, { dtype: "int64" }).reshape(shape);
      divisor = typeof divisor === "number" ? d : divisor.mul(d);
    }
  });
  const idx = windowIndex(coords, axes.map((a) => a.size)).clampMax(s);
  const [, p, k] = idx.shape;
  const xs = torch.cat([x.reshape([n, c, s]), torch.zeros([n, c, 1], { dtype: "int64" })], 2);
  const sums = xs.gather(2, idx.reshape([1, 1, p * k]).expand([n, c, p * k])).reshape([n, c, ...outs, k]).sum(-1);
  return sums.div(divisor, { roundingMode: "trunc" });
}

/**
 * 2-d average pooling of an (N, C, H, W) tensor of any dtype PyTorch average-pools: int64 summed exactly and
 * divided as integers (PyTorch's truncation), the rest through the float kernel (which refuses other dtypes).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const x = torch.tensor([[[[-7, 5, -3, 2]]]]);
 * assert.deepEqual(nn.F.avgPool2d(x, [1, 3], 1, [0, 1]).tolist(), [[[[0, -1, 1, 0]]]]);
 * ```
 */
export function avgPool2dAnyDtype(
  x: Tensor,
  kernelSize: number[],
  stride: number[],
  padding: number[],
  ceilMode: boolean,
  countIncludePad: boolean,
  divisorOverride: number | null,
): Tensor {
  if (x.dtype !== "int64") {
    return P.avgPool2d(x, kernelSize, stride, padding, ceilMode, countIncludePad, divisorOverride);
  }
  const g = avgGeometry("avg_pool2d", [...x.shape], {
    kernelSize,
    stride,
    padding,
    ceilMode,
    countIncludePad,
    divisorOverride,
  });
  const axes = [0, 1].map((i) => ({
    size: [g.h, g.w][i],
    kernel: g.kernel[i],
    stride: g.stride[i],
    pad: g.padding[i],
    out: [g.oh, g.ow][i],
  }));
  return avgPoolInt64(x, axes, countIncludePad, divisorOverride);
}

// ---------- 3-d max and average pooling ----------

/** A 3-d pooling window, per axis (T, H, W), and the output size. */
interface Geometry3d {
  kernel: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
  ceilMode: boolean;
  out: number[];
}

/** A size argument of one or three values as three (`what`: PyTorch's error when it is neither). */
function three(v: Ints, what: string): number[] {
  const l = typeof v === "number" ? [v] : [...v];
  if (l.length !== 1 && l.length !== 3) throw new RuntimeError(what);
  return l.length === 1 ? [l[0], l[0], l[0]] : l;
}

/** The messages of max_pool3d's and avg_pool3d's argument checks. */
const PHRASES = {
  max_pool3d: {
    kernel: "kernel_size must either be a single int, or a tuple of three ints",
    stride: "stride must either be omitted, a single int, or a tuple of three ints",
    padding: "padding must either be a single int, or a tuple of three ints",
    fn: "max_pool3d_with_indices_out_cpu_template()",
  },
  avg_pool3d: {
    kernel: "kernel_size must be a single int, or a tuple of three ints",
    stride: "stride must be omitted, a single int, or a tuple of three ints",
    padding: "padding must be a single int, or a tuple of three ints",
    fn: "avg_pool3d()",
  },
};

/** max_pool3d's / avg_pool3d's checks in PyTorch's order (pooling_output_shape per axis, then pool3d_shape_check). */
function geometry3d(op: "max_pool3d" | "avg_pool3d", x: Tensor, a: Args): Geometry3d {
  const ph = PHRASES[op], max = op === "max_pool3d";
  const kernel = three(a.kernelSize, `${op}: ${ph.kernel}`);
  const omitted = a.stride === null || (Array.isArray(a.stride) && a.stride.length === 0);
  const stride = omitted ? kernel : three(a.stride, `${op}: ${ph.stride}`);
  const padding = three(a.padding, `${op}: ${ph.padding}`);
  const dilation = max
    ? three(a.dilation, "max_pool3d: dilation must be either a single int, or a tuple of three ints")
    : [1, 1, 1];
  if (x.ndim !== 4 && x.ndim !== 5) throw new RuntimeError("non-empty 4D or 5D (batch mode) tensor expected for input");
  if (!max && a.divisorOverride === 0) throw new RuntimeError("divisor must be not zero");
  const size = x.shape.slice(-3);
  const out = size.map((n, i) => {
    const k = kernel[i], s = stride[i], p = padding[i], d = dilation[i];
    if (s === 0) throw new RuntimeError("stride should not be zero");
    if (p < 0) throw new RuntimeError(`pad must be non-negative, but got pad: ${p}`);
    if (p > Math.trunc(((k - 1) * d + 1) / 2)) {
      throw new RuntimeError(
        `pad should be at most half of effective kernel size, but got pad=${p}, kernel_size=${k} and dilation=${d}`,
      );
    }
    return poolOutputSize(n, k, p, s, d, a.ceilMode);
  });
  const [kt, kh, kw] = kernel, [st, sh, sw] = stride, [pt, phh, pw] = padding, [dt, dh, dw] = dilation;
  if (!(kt > 0 && kh > 0 && kw > 0)) {
    throw new RuntimeError(`kernel size should be greater than zero, but got kT: ${kt} kH: ${kh} kW: ${kw}`);
  }
  if (!(st > 0 && sh > 0 && sw > 0)) {
    throw new RuntimeError(`stride should be greater than zero, but got dT: ${st} dH: ${sh} dW: ${sw}`);
  }
  if (!(dt > 0 && dh > 0 && dw > 0)) {
    throw new RuntimeError(
      `dilation should be greater than zero, but got dilationT: ${dt} dilationH: ${dh} dilationW: ${dw}`,
    );
  }
  x.shape.forEach((n, i) => {
    if (n === 0 && !(x.ndim === 5 && i === 0)) {
      // (PyTorch prints the dim's length where it means the dim)
      throw new RuntimeError(
        `${ph.fn}: Expected input's non-batch dimensions to have positive length, but input has a shape of ${
          fmt(x.shape)
        } and non-batch dimension 0 has length zero!`,
      );
    }
  });
  const [t, h, w] = size;
  if (!max && !(t >= kt && h >= kh && w >= kw)) {
    throw new RuntimeError(
      `input image (T: ${t} H: ${h} W: ${w}) smaller than kernel size (kT: ${kt} kH: ${kh} kW: ${kw})`,
    );
  }
  if (!(Math.trunc(kt / 2) >= pt && Math.trunc(kw / 2) >= pw && Math.trunc(kh / 2) >= phh)) {
    throw new RuntimeError(
      `pad should be smaller than or equal to half of kernel size, but got kT: ${kt} kW: ${kw} kH: ${kh} padT: ${pt} padW: ${pw} padH: ${phh}`,
    );
  }
  const c = x.shape[x.ndim - 4];
  if (!out.every((o) => o >= 1)) {
    throw new RuntimeError(
      `Given input size: (${c}x${t}x${h}x${w}). Calculated output size: (${c}x${
        out.join("x")
      }). Output size is too small`,
    );
  }
  return { kernel, stride, padding, dilation, ceilMode: a.ceilMode, out };
}

/**
 * A 3-d max's flat (d * H * W + h * W + w) indices from the (H, W) stage's ([N, C * D, OH, OW]) and the depth
 * stage's ([N, C, OD, OH * OW], within [D, OH * OW] planes).
 */
function depthIndices(hw: Tensor, depth: Tensor, d: number, h: number, w: number, shape: number[]): Tensor {
  const [n, c, , l] = depth.shape;
  const slice = depth.div(l, { roundingMode: "floor" });
  return hw.reshape([n, c, d, l]).gather(2, slice).add(slice.mul(h * w)).reshape(shape);
}

/** Float 3-d max pooling of an (N, C, D, H, W) tensor: [values, indices]. */
function maxPool3dFloat(x: Tensor, g: Geometry3d): Tensor[] {
  const [n, c, d, h, w] = x.shape, [od, oh, ow] = g.out, [k, s, p, dl] = [g.kernel, g.stride, g.padding, g.dilation];
  const [v1, i1] = P.maxPool2d(
    x.reshape([n, c * d, h, w]),
    k.slice(1),
    s.slice(1),
    p.slice(1),
    dl.slice(1),
    g.ceilMode,
  );
  const [v2, i2] = P.maxPool2d(v1.reshape([n, c, d, oh * ow]), [k[0], 1], [s[0], 1], [p[0], 0], [dl[0], 1], g.ceilMode);
  const shape = [n, c, od, oh, ow];
  return [v2.reshape(shape), depthIndices(i1, i2, d, h, w, shape)];
}

/**
 * F.maxPool3d / maxPool3dWithIndices (declared in nn/functional.ts): [values, flat indices] when `indices`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const x = torch.arange(8, { dtype: "float32" }).reshape(1, 1, 2, 2, 2);
 * const [v, i] = nn.F.maxPool3dWithIndices(x, [2, 1, 2]);
 * assert.deepEqual([v.flatten().tolist(), i.flatten().tolist()], [[5, 7], [5, 7]]);
 * ```
 */
export function maxPool3d(a: Args, indices: boolean): Tensor | Tensor[] {
  const x: Tensor = a.input, g = geometry3d("max_pool3d", x, a);
  if (!isFloat(x.dtype) && !INTEGER.has(x.dtype)) throw notImplemented("max_pool3d", x);
  return pick(batched(x, 3, (x5) => maxPoolAnyDtype(x5, (t) => maxPool3dFloat(t, g))), indices);
}

/**
 * F.avgPool3d (declared in nn/functional.ts).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const x = torch.arange(8, { dtype: "float32" }).reshape(1, 1, 2, 2, 2);
 * assert.deepEqual(nn.F.avgPool3d(x, 2, { divisorOverride: 4 }).flatten().tolist(), [7]);
 * ```
 */
export function avgPool3d(a: Args): Tensor {
  const x: Tensor = a.input, g = geometry3d("avg_pool3d", x, a);
  const cip: boolean = a.countIncludePad, div: number | null = a.divisorOverride;
  if (x.dtype === "int64") {
    const axes = g.out.map((out, i) => ({
      size: x.shape[x.ndim - 3 + i],
      kernel: g.kernel[i],
      stride: g.stride[i],
      pad: g.padding[i],
      out,
    }));
    return batched(x, 3, (x5) => [avgPoolInt64(x5, axes, cip, div)])[0];
  }
  if (!isFloat(x.dtype)) throw notImplemented("avg_pool3d_out_frame", x);
  return batched(x, 3, (x5) => {
    const [n, c, d, h, w] = x5.shape, [od, oh, ow] = g.out, [k, s, p] = [g.kernel, g.stride, g.padding];
    // with a divisor_override both stages sum (divisor 1) and the override divides once
    const stageDiv = div === null ? null : 1;
    const hw = P.avgPool2d(x5.reshape([n, c * d, h, w]), k.slice(1), s.slice(1), p.slice(1), g.ceilMode, cip, stageDiv);
    const y = P.avgPool2d(hw.reshape([n, c, d, oh * ow]), [k[0], 1], [s[0], 1], [p[0], 0], g.ceilMode, cip, stageDiv)
      .reshape([n, c, od, oh, ow]);
    return [div === null ? y : y.div(div)];
  })[0];
}

// ---------- 3-d adaptive pooling ----------

/** Python's _list_with_default: a list's nulls take the input's trailing sizes; a number stays one. */
function listWithDefault(size: unknown, x: Tensor): number | number[] {
  if (typeof size === "number") return size;
  if (!Array.isArray(size)) {
    throw new TypeError(`object of type '${size === null ? "NoneType" : typeof size}' has no len()`);
  }
  if (x.ndim <= size.length) throw new RangeError(`Input dimension should be at least ${size.length + 1}`);
  return size.map((v, i) => (v === null ? x.shape[x.ndim - size.length + i] : v));
}

/** An adaptive pool's non-batch dims must be non-empty (PyTorch checks dims 1.. even of an unbatched input). */
function adaptiveNonEmpty(op: string, x: Tensor): void {
  for (let i = 1; i < x.ndim; i++) {
    if (x.shape[i] === 0) {
      throw new RuntimeError(
        `${op}(): Expected input to have non-zero size for non-batch dimensions, but input has sizes ${
          fmt(x.shape)
        } with dimension ${i} being empty`,
      );
    }
  }
}

/** The output shape of an adaptive 3-d pool (PyTorch's error for a negative size). */
function adaptiveShape(x: Tensor, o: number[]): number[] {
  const shape = [...x.shape.slice(0, -3), ...o];
  if (o.some((v) => v < 0)) {
    throw new RuntimeError(`Trying to create tensor with negative dimension ${o.find((v) => v < 0)}: ${fmt(shape)}`);
  }
  return shape;
}

/**
 * F.adaptiveAvgPool3d (declared in nn/functional.ts): PyTorch's checks, the mean for a 1x1x1 output, else (H, W)
 * then depth.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const x = torch.arange(8, { dtype: "float32" }).reshape(1, 2, 2, 2);
 * assert.deepEqual(nn.F.adaptiveAvgPool3d(x, [1, null, 1]).flatten().tolist(), [2.5, 4.5]);
 * ```
 */
export function adaptiveAvgPool3d(x: Tensor, outputSize: unknown): Tensor {
  const size = listWithDefault(outputSize, x);
  const o = typeof size === "number" ? [size, size, size] : size;
  if (o.length !== 3) throw new RuntimeError("adaptive_avg_pool3d: output_size must be 3");
  if (o.some((v) => v < 0)) {
    // (PyTorch's message lacks the last space)
    throw new RuntimeError(
      `adaptive_avg_pool3d: elements of output_size must be greater than or equal to 0 but received {${o[0]}, ${o[1]},${
        o[2]
      }}`,
    );
  }
  if (o.every((v) => v === 1)) return x.mean([-3, -2, -1], true);
  adaptiveNonEmpty("adaptive_avg_pool3d", x);
  if (x.ndim !== 4 && x.ndim !== 5) {
    throw new RuntimeError(`adaptive_avg_pool3d(): Expected 4D or 5D tensor, but got ${fmt(x.shape)}`);
  }
  if (!isFloat(x.dtype)) throw notImplemented("adaptive_avg_pool3d_cpu", x);
  const shape = adaptiveShape(x, o);
  if (prod(shape) === 0) return emptyLike(x, shape);
  return batched(x, 3, (x5) => {
    const [n, c, d, h, w] = x5.shape;
    const hw = P.adaptiveAvgPool2d(x5.reshape([n, c * d, h, w]), [o[1], o[2]]);
    return [P.adaptiveAvgPool2d(hw.reshape([n, c, d, o[1] * o[2]]), [o[0], o[1] * o[2]]).reshape([n, c, ...o])];
  })[0];
}

/**
 * F.adaptiveMaxPool3d / adaptiveMaxPool3dWithIndices (declared in nn/functional.ts): [values, indices] when
 * `indices`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const x = torch.arange(8, { dtype: "float32" }).reshape(1, 2, 2, 2);
 * assert.deepEqual(nn.F.adaptiveMaxPool3d(x, [2, 1, 1]).flatten().tolist(), [3, 7]);
 * ```
 */
export function adaptiveMaxPool3d(x: Tensor, outputSize: unknown, indices: boolean): Tensor | Tensor[] {
  const size = listWithDefault(outputSize, x);
  if (x.ndim !== 4 && x.ndim !== 5) {
    throw new RuntimeError(`adaptive_max_pool3d(): Expected 4D or 5D tensor, but got: ${fmt(x.shape)}`);
  }
  adaptiveNonEmpty("adaptive_max_pool3d", x);
  const o = typeof size === "number" ? [size, size, size] : size;
  if (o.length !== 3) throw new RuntimeError("adaptive_max_pool3d(): internal error: output_size.size() must be 3");
  const shape = adaptiveShape(x, o);
  if (!isFloat(x.dtype)) throw notImplemented("adaptive_max_pool3d_cpu", x);
  if (prod(shape) === 0) return pick([emptyLike(x, shape), torch.zeros(shape, { dtype: "int64" })], indices);
  return pick(
    batched(x, 3, (x5) => {
      const [n, c, d, h, w] = x5.shape, l = o[1] * o[2];
      const [v1, i1] = P.adaptiveMaxPool2d(x5.reshape([n, c * d, h, w]), [o[1], o[2]]);
      const [v2, i2] = P.adaptiveMaxPool2d(v1.reshape([n, c, d, l]), [o[0], l]);
      return [v2.reshape([n, c, ...o]), depthIndices(i1, i2, d, h, w, [n, c, ...o])];
    }),
    indices,
  );
}

// ---------- max unpooling ----------

/** A size argument as `n` values (Python's _single / _pair / _triple; other lengths refused here). */
function ntuple(op: string, name: string, v: Ints, n: number): number[] {
  const l = typeof v === "number" ? Array(n).fill(v) : [...v];
  if (l.length !== n) throw new RangeError(`${op}: ${name} must be an int or a list of ${n} ints, got ${fmt(l)}`);
  return l;
}

/** Python's _unpool_output_size: the default size, or the given one checked against it. */
function unpoolOutputSize(
  x: Tensor,
  kernel: number[],
  stride: number[],
  padding: number[],
  outputSize: Ints | null,
): number[] {
  const n = kernel.length;
  const dflt = kernel.map((k, d) => (x.shape[x.ndim - n + d] - 1) * stride[d] + k - 2 * padding[d]);
  let ret = dflt;
  if (outputSize !== null) {
    if (typeof outputSize === "number") throw new TypeError("object of type 'int' has no len()");
    let os = [...outputSize];
    if (os.length === n + 2) os = os.slice(2);
    if (os.length !== n) {
      throw new RangeError(
        `output_size should be a sequence containing ${n} or ${n + 2} elements, but it has a length of '${os.length}'`,
      );
    }
    os.forEach((v, d) => {
      const lo = dflt[d] - stride[d], hi = dflt[d] + stride[d];
      if (!(lo < v && v < hi)) {
        throw new RangeError(`invalid output_size "${fmt(os)}" (dim ${d} must be between ${lo} and ${hi})`);
      }
    });
    ret = os;
  }
  ret.forEach((v, d) => {
    if (v < 0) {
      throw new RangeError(
        `max_unpooling: output_size must contain non-negative spatial dimensions, but got output_size[${d}]=${v}`,
      );
    }
  });
  return ret;
}

/** max_unpool2d / max_unpool3d's kernel (`out`: the spatial output size): x written at its flat indices into zeros. */
function unpool(x: Tensor, idx: Tensor, out: number[], stride: number[] | null): Tensor {
  const n = out.length, op = `max_unpooling${n}d`;
  if (idx.dtype !== "int64") {
    throw new RuntimeError(`elements in indices should be type int64${n === 2 ? ` but got: ${typeName(idx)}` : ""}`);
  }
  if (x.ndim !== n + 1 && x.ndim !== n + 2) {
    throw new RuntimeError(
      `Input to ${op} should be a ${n + 1}d or ${n + 2}d Tensor, but got a tensor with ${x.ndim} dimensions.`,
    );
  }
  if (x.shape.join() !== idx.shape.join()) {
    throw new RuntimeError(
      `Expected shape of indices to be same as that of the input tensor (${
        fmt(x.shape)
      }) but got indices tensor with shape: ${fmt(idx.shape)}`,
    );
  }
  for (let i = 1; i < x.ndim; i++) {
    if (x.shape[i] === 0) {
      throw new RuntimeError(
        `${op}_forward_out_cpu(): Expected input to have non-zero size for non-batch dimensions, but got ${
          fmt(x.shape)
        } with dimension ${i} being empty.`,
      );
    }
  }
  if (stride && !stride.every((s) => s > 0)) {
    throw new RuntimeError(`strides should be greater than zero, but got stride: ${fmt(stride)}`);
  }
  if (!isFloat(x.dtype)) throw notImplemented(`max_unpool${n}d`, x);
  const shape = [...x.shape.slice(0, -n), ...out], s = prod(out);
  if (prod(shape) === 0) return emptyLike(x, shape);
  return batched(x, n, (xb) => {
    const [b, c] = xb.shape, ib = idx.ndim === n + 1 ? idx.unsqueeze(0) : idx;
    const flat = ib.reshape([b, c, -1]);
    const bad = flat.lt(0).logicalOr(flat.ge(s));
    if (bad.any().item()) {
      // (the kernel reports the last invalid index it meets)
      const wrong = flat.maskedSelect(bad);
      const last = wrong.get(wrong.numel() - 1).item();
      throw new RuntimeError(`Found an invalid max index: ${last} (output volumes are of size ${out.join("x")})`);
    }
    return [
      torch.zeros([b, c, s], { dtype: xb.dtype }).scatter(2, flat, xb.reshape([b, c, -1])).reshape([b, c, ...out]),
    ];
  })[0];
}

/**
 * F.maxUnpool1d / 2d / 3d (declared in nn/functional.ts): the values written at their flat indices into zeros of the
 * output size (the default, or one within a stride of it).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const [v, i] = nn.F.maxPool1dWithIndices(torch.tensor([[[1, 3, 2, 0, 5]]], { dtype: "float32" }), 2);
 * assert.deepEqual(nn.F.maxUnpool1d(v, i, 2, { outputSize: [5] }).flatten().tolist(), [0, 3, 2, 0, 0]);
 * ```
 */
export function maxUnpool(a: Args, dims: 1 | 2 | 3): Tensor {
  const x: Tensor = a.input, op = `max_unpool${dims}d`;
  const kernel = ntuple(op, "kernel_size", a.kernelSize, dims);
  const stride = a.stride === null ? kernel : ntuple(op, "stride", a.stride, dims);
  const padding = ntuple(op, "padding", a.padding, dims);
  const out = unpoolOutputSize(x, kernel, stride, padding, a.outputSize);
  // max_unpool1d is max_unpool2d of a trailing unit dim, as PyTorch runs it
  if (dims === 1) return unpool(x.unsqueeze(-1), (a.indices as Tensor).unsqueeze(-1), [out[0], 1], null).squeeze(-1);
  return unpool(x, a.indices, out, dims === 3 ? stride : null);
}

// ---------- fractional max pooling ----------

/** C++'s (x86) conversion of a float to int: out of range and NaN give INT_MIN. */
const toInt = (v: number) => (v > -2147483649 && v < 2147483648 ? Math.trunc(v) : -2147483648);

/** PyTorch's generate_intervals: the window starts along one axis for one sample, in the input's float precision. */
function intervals(u: number, size: number, out: number, k: number, round: (v: number) => number): number[] {
  const seq: number[] = Array(out);
  if (out > 1) {
    const alpha = round(round(size - k) / round(out - 1));
    for (let i = 0; i < out - 1; i++) seq[i] = (toInt(round(round(i + u) * alpha)) - toInt(round(u * alpha))) | 0;
  }
  seq[out - 1] = size - k;
  return seq;
}

/**
 * The window element of each row of `g` ([..., K]) PyTorch's scan keeps: the last NaN, else the first maximum
 * (a value-weighted argmax: each candidate's weight is unique, so ties cannot reorder it).
 */
function scanMax(g: Tensor): Tensor {
  const k = g.shape[g.ndim - 1];
  const up = torch.arange(1, k + 1, { dtype: "int64" }), down = up.flip(0);
  const nan = g.isnan();
  const lastNaN = nan.mul(up).argmax(-1, true);
  const firstMax = g.eq(g.amax(-1, true)).mul(down).argmax(-1, true);
  return torch.where(nan.any(-1, true), lastNaN, firstMax);
}

/** The output size: given, or the ratio of the input's size (Python's int() of the product). */
function fractionalSize(op: string, x: Tensor, dims: 2 | 3, a: Args): Ints {
  if (a.outputSize !== null) return a.outputSize;
  if (a.outputRatio === null) {
    throw new RangeError(`${op} requires specifying either an output_size or an output_ratio`);
  }
  const r: unknown = a.outputRatio;
  if (typeof r !== "number" && !(Array.isArray(r) && r.every((v) => typeof v === "number"))) {
    throw new TypeError(`${op}(): argument 'outputRatio' must be a number or a list of numbers, not ${typeof r}`);
  }
  if (dims === 2 && Array.isArray(r) && r.length > 2) {
    throw new RangeError(`${op} requires output_ratio to either be a single Int or tuple of Ints.`);
  }
  const ratio = typeof r === "number" ? Array(dims).fill(r) : r;
  if (ratio.length < dims) throw new RangeError("tuple index out of range");
  return Array.from({ length: dims }, (_, i) => Math.trunc(x.shape[torchDim(i - dims, x.ndim)] * ratio[i]));
}

/** The C++ op's size arguments (an int repeats; a list must have `dims` values). */
function sizeArg(v: Ints, dims: number, what: string): number[] {
  const l = typeof v === "number" ? Array(dims).fill(v) : [...v];
  if (l.length !== dims) throw new RuntimeError(what);
  return l;
}

/**
 * F.fractionalMaxPool2d / 3d and their WithIndices forms (declared in nn/functional.ts): [values, indices] when
 * `indices`. Without `_randomSamples`, one sample per (batch, plane, axis) comes from torch.rand, as PyTorch draws.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const x = torch.arange(16, { dtype: "float32" }).reshape(1, 1, 4, 4);
 * const y = nn.F.fractionalMaxPool2d(x, 2, 3, { _randomSamples: torch.tensor([[[0.5, 0.5]]]) });
 * assert.deepEqual(y.flatten().tolist(), [5, 6, 7, 9, 10, 11, 13, 14, 15]);
 * ```
 */
export function fractionalMaxPool(a: Args, dims: 2 | 3, indices: boolean): Tensor | Tensor[] {
  const x: Tensor = a.input, op = `fractional_max_pool${dims}d`;
  const outArg = fractionalSize(op, x, dims, a);
  let samples: Tensor | null = a._randomSamples;
  if (samples === null) {
    const nBatch = x.ndim === dims + 1 ? 1 : x.shape[0], planes = x.shape[torchDim(-dims - 1, x.ndim)];
    if (!isFloat(x.dtype)) throw notImplemented("check_uniform_bounds", x);
    samples = torch.rand([nBatch, planes, dims], { dtype: x.dtype });
  }
  // the C++ op's checks (the 3-d op's messages name its _out function and check its pool sizes strictly)
  const of3 = dims === 3 ? " three" : "", cxx = dims === 3 ? `${op}_out` : op;
  const k = sizeArg(a.kernelSize, dims, `${op}: kernel_size must either be a single Int or tuple of${of3} Ints`);
  const o = sizeArg(outArg, dims, `${op}: output_size must either be a single Int or tuple of${of3} Ints`);
  if (x.ndim !== dims + 1 && x.ndim !== dims + 2) {
    throw new RuntimeError(`${cxx}(): Expected ${dims + 1}D or ${dims + 2}D tensor, but got: ${fmt(x.shape)}`);
  }
  for (let i = 1; i < x.ndim; i++) {
    if (x.shape[i] === 0) {
      throw new RuntimeError(
        `${cxx}(): Expected input to have non-zero size for non-batch dimensions, but got${
          fmt(x.shape)
        } with dimension ${i} being empty.`,
      );
    }
  }
  const size = x.shape.slice(-dims);
  const names = dims === 3 ? ["time", "height", "width"] : ["height", "width"];
  for (const i of dims === 3 ? [0, 2, 1] : [0, 1]) {
    if (!(dims === 3 ? o[i] + k[i] - 1 < size[i] : o[i] + k[i] - 1 <= size[i])) {
      throw new RuntimeError(
        `${cxx}(): pool ${names[i]} ${k[i]} too large relative to input ${names[i]} ${size[i]}`,
      );
    }
  }
  const shape = [...x.shape.slice(0, -dims), ...o];
  if (o.some((v) => v < 0)) {
    throw new RuntimeError(`Trying to create tensor with negative dimension ${o.find((v) => v < 0)}: ${fmt(shape)}`);
  }
  if (samples.dtype !== x.dtype) throw new RuntimeError("Expect _random_samples to have the same dtype as input");
  if (samples.ndim !== 3) throw new RuntimeError(`Expect _random_samples to have 3 dimensions, got ${samples.ndim}`);
  const [batch, planes] = x.ndim === dims + 2 ? x.shape : [1, x.shape[0]];
  if (samples.shape[0] < batch) {
    throw new RuntimeError("Expect _random_samples.size(0) no less then input batch size.");
  }
  if (samples.shape[1] !== planes) {
    throw new RuntimeError("Expect _random_samples.size(1) equals to input channel size.");
  }
  if (samples.shape[2] !== dims) {
    throw new RuntimeError(`Expect _random_samples.size(2) equals to ${dims}; got ${samples.shape[2]}.`);
  }
  if (!isFloat(x.dtype)) throw notImplemented(`${op}_out_frame`, x);
  // (PyTorch runs a window of no element: refused rather than reading outside the input)
  if (k.some((v) => v <= 0)) throw new RuntimeError(`${op}(): kernel_size must be greater than zero, got ${fmt(k)}`);
  if (prod(shape) === 0) return pick([emptyLike(x, shape), torch.zeros(shape, { dtype: "int64" })], indices);
  const round = x.dtype === "float32" ? Math.fround : (v: number) => v;
  const u = samples.detach().narrow(0, 0, batch).to("float64").reshape([-1]).tolist() as number[];
  // the sample each axis uses: 2-d (W, H), 3-d (T, H, W)
  const slot = dims === 3 ? [0, 1, 2] : [1, 0];
  const coords = size.map((n, i) => {
    const starts: number[] = [];
    for (let pl = 0; pl < batch * planes; pl++) {
      for (const v of intervals(u[pl * dims + slot[i]], n, o[i], k[i], round)) {
        if (!(v >= 0 && v <= n - k[i])) {
          throw new RuntimeError(`${op}(): _random_samples place a window outside the input (start ${v})`);
        }
        starts.push(v);
      }
    }
    const s = torch.tensor(starts, { dtype: "int64" }).reshape([batch * planes, o[i], 1]);
    return s.add(torch.arange(k[i], { dtype: "int64" }));
  });
  return pick(
    batched(x, dims, (xb) => {
      const idx = windowIndex(coords, size), [, p, kk] = idx.shape;
      const flat = xb.flatten(2), windows = idx.reshape([batch, planes, p, kk]);
      const g = flat.detach().gather(2, windows.reshape([batch, planes, p * kk])).reshape([batch, planes, p, kk]);
      const at = windows.gather(3, scanMax(g)).reshape([batch, planes, p]);
      return [flat.gather(2, at).reshape([batch, planes, ...o]), at.reshape([batch, planes, ...o])];
    }),
    indices,
  );
}
