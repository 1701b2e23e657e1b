/**
 * F.interpolate: PyTorch's resampling of the spatial dims of an (N, C, ...)
 * tensor in every mode it has (nearest, nearest-exact, linear, bilinear,
 * trilinear, bicubic, lanczos, area) and with antialias.
 *
 * Each mode is separable: along one spatial dim at a time (the last first,
 * the order of PyTorch's sums), an output element is a weighted sum of a few
 * input elements ("taps"). The taps' indices and weights are computed on the
 * host exactly as PyTorch's CPU kernels compute them (float arithmetic for
 * float32 input, double for float64) and applied with indexSelect / mul /
 * add (a matrix product for antialiasing's wide windows), so autograd gives
 * the adjoint of the same weights: PyTorch's backward, except in the cases
 * where its backward kernels take other weights than its forward, which
 * resampleWithBackward reproduces. Area mode is adaptive average pooling,
 * as PyTorch calls it.
 *
 * Nearest and linear taps on float input run fused instead, where the
 * backend has the kernel (kernels/cpu/resample.c through P._upsample): the
 * same taps, PyTorch's sum order, its backward's scatter order, and the
 * backward kernels' nearest indices.
 */
import type { Args } from "../api/define.ts";
import { backendOf } from "../backend/backend.ts";
import { isFloat, TORCH_TYPE_NAME } from "../core/dtype.ts";
import { RuntimeError } from "../core/errors.ts";
import { torch } from "../torch/mod.ts";
import type { Tensor } from "../torch/tensor.ts";
import { adaptiveAvgPool3d } from "./pool3d.ts";
import { P } from "./prims.ts";
import { pyFloat } from "./repr.ts";

/** Rounds a host computation to the kernel's precision (Math.fround for float32, identity for float64). */
type Round = (x: number) => number;

/** The taps along one dim: per tap j, each output's input index, weight and (optionally) whether it counts. */
interface Taps {
  idx: BigInt64Array[];
  /** absent: a plain gather (nearest: values copied, any dtype) */
  w?: Float64Array[];
  /** per tap, outputs whose window is shorter than the tap count (PyTorch's loop stops before them) */
  off?: (Uint8Array | null)[];
}

const f32 = Math.fround;
const f64: Round = (x) => x;
const fmt = (s: readonly number[]) => `[${s.join(", ")}]`;
const T = (d: string) => TORCH_TYPE_NAME[d as keyof typeof TORCH_TYPE_NAME];
const MODES = "nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact";
const AA_MODES = ["bilinear", "bicubic", "lanczos"];
const LINEAR_NDIM: Record<string, number> = { linear: 3, bilinear: 4, trilinear: 5 };

// ---------- source coordinates (aten/src/ATen/native/UpSample.h) ----------

/** area_pixel_compute_scale: the input step per output step. */
function areaScale(n: number, o: number, alignCorners: boolean, scale: number | null, r: Round): number {
  if (alignCorners) return o > 1 ? r((n - 1) / (o - 1)) : 0;
  return scale !== null && scale > 0 ? r(1 / scale) : r(n / o);
}

/** area_pixel_compute_source_index (its double intermediate rounded once, as C++ does). */
function sourceIndex(s: number, i: number, alignCorners: boolean, cubic: boolean, r: Round): number {
  if (alignCorners) return r(s * i);
  const src = r(s * (i + 0.5) - 0.5);
  return !cubic && src < 0 ? 0 : src;
}

/** guard_index_and_lambda: the left neighbour (floorf: through float even for double) and the distance to it. */
function guard(real: number, n: number, r: Round): [number, number] {
  const i0 = Math.min(Math.floor(f32(real)), n - 1);
  return [i0, Math.min(Math.max(r(real - i0), 0), 1)];
}

// ---------- taps per mode ----------

/**
 * Nearest neighbours. `vectorized`: nearest_idx / nearest_exact_idx (float scale, equal sizes copied, a doubling
 * halved), which the 2-d channels-last kernel and every backward kernel use; else the generic kernel's indices.
 */
function nearestTaps(n: number, o: number, scale: number | null, exact: boolean, vectorized: boolean, r: Round): Taps {
  const idx = new BigInt64Array(o);
  const s = vectorized ? f32(scale !== null && scale > 0 ? 1 / scale : n / o) : areaScale(n, o, false, scale, r);
  for (let i = 0; i < o; i++) {
    let j: number;
    if (vectorized && !exact && o === n) j = i;
    else if (vectorized && !exact && o === 2 * n) j = i >> 1;
    else if (vectorized) j = Math.floor(f32(exact ? (i + 0.5) * s : i * s));
    else j = Math.floor(f32(exact ? sourceIndex(s, i, false, false, r) + 0.5 : sourceIndex(s, i, true, false, r)));
    idx[i] = BigInt(Math.min(j, n - 1));
  }
  return { idx: [idx] };
}

/** `count` taps of `o` outputs, indices and weights zero. */
function weightedTaps(count: number, o: number) {
  const idx: BigInt64Array[] = [], w: Float64Array[] = [], off: (Uint8Array | null)[] = [];
  for (let j = 0; j < count; j++) {
    idx.push(new BigInt64Array(o));
    w.push(new Float64Array(o));
    off.push(null);
  }
  return { idx, w, off };
}

/** Linear interpolation's two taps (compute_source_index_and_lambda; equal sizes keep both taps on one element). */
function linearTaps(n: number, o: number, scale: number | null, alignCorners: boolean, r: Round): Taps {
  const t = weightedTaps(2, o);
  const s = areaScale(n, o, alignCorners, scale, r);
  for (let i = 0; i < o; i++) {
    const [i0, lam] = n === o ? [i, 0] : guard(sourceIndex(s, i, alignCorners, false, r), n, r);
    t.idx[0][i] = BigInt(i0);
    t.idx[1][i] = BigInt(n === o ? i0 : i0 + (i0 < n - 1 ? 1 : 0));
    t.w[0][i] = r(1 - lam);
    t.w[1][i] = lam;
  }
  return t;
}

/** Keys' cubic convolution kernel for |x| <= 1 and 1 < |x| < 2 (cubic_convolution1 / 2), in the kernel's precision. */
const cubic1 = (x: number, A: number, r: Round) => r(r(r(r(r((A + 2) * x) - (A + 3)) * x) * x) + 1);
const cubic2 = (x: number, A: number, r: Round) => r(r(r(r(r(r(A * x) - 5 * A) * x) + 8 * A) * x) - 4 * A);

/** Bicubic's four taps (A = -0.75) around the source index, reads past a border clamped to it. */
function cubicTaps(n: number, o: number, scale: number | null, alignCorners: boolean, r: Round): Taps {
  const t = weightedTaps(4, o);
  const s = areaScale(n, o, alignCorners, scale, r), A = -0.75;
  for (let i = 0; i < o; i++) {
    const [i0, lam] = guard(sourceIndex(s, i, alignCorners, true, r), n, r);
    const x2 = r(1 - lam);
    const c = [cubic2(r(lam + 1), A, r), cubic1(lam, A, r), cubic1(x2, A, r), cubic2(r(x2 + 1), A, r)];
    for (let j = 0; j < 4; j++) {
      t.idx[j][i] = BigInt(Math.min(Math.max(i0 - 1 + j, 0), n - 1));
      t.w[j][i] = c[j];
    }
  }
  return t;
}

/** The antialiasing filters of PyTorch's _upsample_*_aa kernels (x already scaled). */
const AA_FILTERS: Record<string, { size: number; f: (x: number, r: Round) => number }> = {
  bilinear: { size: 2, f: (x, r) => ((x = Math.abs(x)) < 1 ? r(1 - x) : 0) },
  // PIL's a = -0.5, not upsample_bicubic2d's -0.75
  bicubic: { size: 4, f: (x, r) => ((x = Math.abs(x)) < 1 ? cubic1(x, -0.5, r) : x < 2 ? cubic2(x, -0.5, r) : 0) },
  lanczos: {
    size: 6,
    f: (x, r) => {
      const sinc = (v: number) => (v === 0 ? 1 : Math.sin(Math.PI * v) / (Math.PI * v));
      return x > -3 && x < 3 ? r(sinc(x) * sinc(x / 3)) : 0;
    },
  },
};

/**
 * _compute_indices_min_size_weights_aa: a window of input elements per
 * output, its support widened by the downscale factor, weights normalised
 * to sum 1. Taps past an output's window are marked off (PyTorch's loop
 * stops there; their weight 0 must not turn an infinity into NaN).
 */
function aaTaps(n: number, o: number, scale: number | null, alignCorners: boolean, mode: string, r: Round): Taps {
  const { size, f } = AA_FILTERS[mode];
  const s = areaScale(n, o, alignCorners, scale, r);
  const support = r(s >= 1 ? size * 0.5 * s : size * 0.5);
  const taps = Math.ceil(support) * 2 + 1, invscale = s >= 1 ? r(1 / s) : 1;
  const t = weightedTaps(taps, o);
  const w = new Float64Array(taps);
  for (let i = 0; i < o; i++) {
    const center = r(s * (i + 0.5));
    const xmin = Math.max(Math.trunc(r(center - support) + 0.5), 0);
    const xsize = Math.min(Math.max(Math.min(Math.trunc(r(center + support) + 0.5), n) - xmin, 0), taps);
    let total = 0;
    for (let j = 0; j < xsize; j++) {
      w[j] = f(r((r(j + xmin - center) + 0.5) * invscale), r);
      total = r(total + w[j]);
    }
    for (let j = 0; j < taps; j++) {
      t.idx[j][i] = BigInt(j < xsize ? xmin + j : xmin);
      t.w[j][i] = j < xsize && total !== 0 ? r(w[j] / total) : 0;
      // the first tap is always read (with weight 0 when the window is empty)
      if (j > 0 && j >= xsize) (t.off[j] ??= new Uint8Array(o))[i] = 1;
    }
  }
  return t;
}

// ---------- applying taps ----------

/** Σ_j w_j · x[idx_j] along `dim`, tap 0 first (PyTorch's accumulation order). */
function applyTaps(x: Tensor, dim: number, taps: Taps): Tensor {
  const o = taps.idx[0].length, bshape = Array(x.ndim).fill(1);
  bshape[dim] = o;
  const opts = { device: x.device };
  if (!taps.w) return x.indexSelect(dim, torch.tensor(taps.idx[0], opts));
  const cast = (w: Float64Array) => torch.tensor(x.dtype === "float32" ? Float32Array.from(w) : w, opts);
  if (wideWindow(x.shape[dim], taps) && x.isfinite().all().item()) return bandProduct(x, dim, taps, cast);
  let y: Tensor | null = null;
  taps.idx.forEach((idx, j) => {
    let term = x.indexSelect(dim, torch.tensor(idx, opts)).mul(cast(taps.w![j]).reshape(bshape));
    const off = taps.off?.[j];
    if (off) term = term.maskedFill(torch.tensor(off, { ...opts, dtype: "bool" }).reshape(bshape), 0);
    y = y === null ? term : y.add(term);
  });
  return y!;
}

/**
 * Whether a gather per tap costs more than one product with the dense
 * (output x input) weight matrix: many taps over a short input, as when
 * antialiasing downscales (a gather, a multiply and two adds per tap and
 * output element against one multiply-add per input element).
 */
const wideWindow = (n: number, taps: Taps) => taps.idx.length >= 8 && n <= 32 * taps.idx.length;

/**
 * The taps as a matrix product along `dim` (finite input only: the
 * matrix's zeros would turn an infinity into NaN where PyTorch reads no
 * such element). The sums' order is BLAS's, within float rounding of
 * PyTorch's.
 */
function bandProduct(x: Tensor, dim: number, taps: Taps, cast: (w: Float64Array) => Tensor): Tensor {
  const n = x.shape[dim], o = taps.idx[0].length, m = new Float64Array(o * n);
  taps.idx.forEach((idx, j) => {
    const w = taps.w![j], off = taps.off?.[j];
    for (let i = 0; i < o; i++) if (!off?.[i]) m[i * n + Number(idx[i])] += w[i];
  });
  const before = x.shape.slice(0, dim).reduce((p, d) => p * d, 1);
  const after = x.shape.slice(dim + 1).reduce((p, d) => p * d, 1);
  const shape = x.shape.with(dim, o), mat = cast(m).reshape([o, n]);
  if (after === 1) return x.reshape([before, n]).matmul(mat.t()).reshape(shape);
  return mat.matmul(x.reshape([before, n, after])).reshape(shape);
}

/** Applies per spatial dim i its taps (null: the dim is left as it is), the last dim first. */
function resample(x: Tensor, plan: (Taps | null)[]): Tensor {
  let y = x;
  // the last dim first: PyTorch's nested sums read as h-weights * (w-weights * values)
  for (let i = plan.length - 1; i >= 0; i--) if (plan[i]) y = applyTaps(y, 2 + i, plan[i]!);
  // every dim left: PyTorch still returns a new tensor
  return y === x ? x.clone() : y;
}

/** Per output, its nonzero weights by input index: the linear map taps stand for (null: the identity). */
function weightsOf(t: Taps | null, o: number): Map<number, number>[] {
  const rows = Array.from({ length: o }, (_, i) => new Map(t === null ? [[i, 1]] : []));
  t?.idx.forEach((idx, j) => {
    for (let i = 0; i < o; i++) {
      const w = t.w ? t.w[j][i] : 1, k = Number(idx[i]);
      if (w !== 0 && !t.off?.[j]?.[i]) rows[i].set(k, (rows[i].get(k) ?? 0) + w);
    }
  });
  return rows;
}

/** Whether two plans for a dim of `o` outputs have the same gradient (zero weights read nothing back). */
function sameGradient(a: Taps | null, b: Taps | null, o: number): boolean {
  if (a === b) return true;
  if (a && b && !a.w && !b.w) return a.idx[0].every((k, i) => k === b.idx[0][i]);
  const wb = weightsOf(b, o);
  return weightsOf(a, o).every((row, i) => row.size === wb[i].size && [...row].every(([k, w]) => wb[i].get(k) === w));
}

/**
 * The forward plan's values with the backward plan's gradient. PyTorch's
 * backward kernels do not always take the forward's weights: where a size
 * does not change under a scale factor other than 1, upsample_nearest*'s
 * backward copies (its generic forward does not), upsample_bicubic2d's
 * copies when neither size changes, and the antialiased ones interpolate a
 * dim their forward skips. Then y = forward(x) as a constant plus
 * backward(x) - backward(x) (zero, differentiable); where backward(x) is
 * not finite that zero would be NaN, so the constant alone is taken there
 * (and those outputs pass no gradient).
 */
function resampleWithBackward(x: Tensor, sizes: number[], forward: (Taps | null)[], backward: (Taps | null)[]) {
  if (!x.requiresGrad || forward.every((t, i) => sameGradient(t, backward[i], sizes[i]))) return resample(x, forward);
  const value = resample(x.detach(), forward), b = resample(x, backward), bd = b.detach();
  return torch.where(bd.isfinite(), value.add(b.sub(bd)), value);
}

/** One tensor of every dim's taps in order, each dim's taps one block after another (the kernel's layout). */
function packTaps(x: Tensor, plan: Taps[]): { index: Tensor; weight: Tensor | null } {
  const opts = { device: x.device };
  const join = <A extends BigInt64Array | Float64Array>(parts: A[], make: (n: number) => A) => {
    const out = make(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (out.set(p as never, at), at + p.length), 0);
    return out;
  };
  const index = torch.tensor(join(plan.flatMap((t) => t.idx), (n) => new BigInt64Array(n)), opts);
  if (!plan[0].w) return { index, weight: null };
  const w = join(plan.flatMap((t) => t.w!), (n) => new Float64Array(n));
  return { index, weight: torch.tensor(x.dtype === "float32" ? Float32Array.from(w) : w, opts) };
}

/**
 * The fused kernel (kernels/cpu/resample.c) for nearest and linear taps on a float32 / float64 input, where the
 * input's backend has it (else null: the composite path). `backward`: the nearest indices PyTorch's backward
 * kernel scatters to, where they differ from the forward's.
 */
function fusedResample(
  x: Tensor,
  sizes: number[],
  plan: Taps[],
  mode: "nearest" | "nearest-exact" | "linear",
  backward?: Taps[],
): Tensor | null {
  if ((x.dtype !== "float32" && x.dtype !== "float64") || !backendOf(x).upsample) return null;
  const { index, weight } = packTaps(x, plan);
  const same = !backward || backward.every((t, i) => t.idx[0].every((k, j) => k === plan[i].idx[0][j]));
  return P._upsample(x, sizes, index, weight, same ? null : packTaps(x, backward!).index, mode);
}

// ---------- argument handling (torch/nn/functional.py) ----------

/** Python's int() of a float (output sizes from recompute_scale_factor). */
function pyInt(v: number): number {
  if (Number.isNaN(v)) throw new RangeError("cannot convert float NaN to integer");
  if (!Number.isFinite(v)) throw new RangeError("cannot convert float infinity to integer");
  return Math.trunc(v);
}

/** c10::checked_convert<int64_t>(double): the C++ side's output size from a scale factor. */
function checkedInt(v: number): number {
  if (!(Math.abs(v) < 2 ** 63)) throw new RuntimeError("value cannot be converted to type int64_t without overflow");
  return Math.trunc(v);
}

/** The scale factors, one per spatial dim (a number applies to all). */
function scaleList(v: unknown, dim: number, spatial: number[]): number[] {
  if (typeof v === "number") return Array(Math.max(dim, 0)).fill(v);
  if (!Array.isArray(v) || v.some((s) => typeof s !== "number")) {
    throw new TypeError("interpolate(): argument 'scale_factor' must be a number or a list of numbers");
  }
  if (v.length !== dim) {
    throw new RangeError(
      `Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of ${
        fmt(spatial)
      } and scale_factor of shape [${
        v.map(pyFloat).join(", ")
      }]. Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.`,
    );
  }
  return [...v];
}

/** PyTorch's checks of the upsample_* kernels' sizes. */
function checkSizes(x: Tensor, out: number[]): void {
  const spatial = x.shape.slice(2), names = ["D", "H", "W"].slice(3 - out.length);
  if (spatial.some((n) => n <= 0) || out.some((n) => n <= 0)) {
    const show = (s: number[]) => s.map((v, i) => `${names[i]}: ${v}`).join(", ");
    throw new RuntimeError(
      `Input and output sizes should be greater than 0, but got input (${show(spatial)})${
        out.length === 1 ? " and" : ""
      } output (${show(out)})`,
    );
  }
  if (x.shape[1] === 0) {
    throw new RuntimeError(`Non-empty ${x.ndim}D data tensor expected but got a tensor with sizes ${fmt(x.shape)}`);
  }
}

/** PyTorch's is_channels_last_strides_2d: whether a 4-d input's results are laid out channels-last. */
function channelsLast(x: Tensor): boolean {
  const { shape, strides } = x.layout;
  if (strides[1] === 0) return false;
  let min = 0;
  for (const d of [1, 3, 2, 0]) {
    if (shape[d] === 0 || strides[d] < min || (d === 0 && min === strides[1])) return false;
    min = strides[d] * (shape[d] > 1 ? shape[d] : 1);
  }
  return true;
}

/**
 * The dtype check of PyTorch's kernels (`kernel`: the name its error gives). `uint8`: PyTorch has a uint8
 * kernel, `gather`: one dendrite's gather serves.
 */
function kernelDtype(x: Tensor, kernel: string, uint8: boolean, gather = false): void {
  if (isFloat(x.dtype) || (x.dtype === "uint8" && gather)) return;
  if (x.dtype === "uint8" && uint8) {
    // PyTorch's uint8 bilinear / bicubic kernels use fixed-point weights this separable float path does not have
    throw new RuntimeError(`interpolate: uint8 input in this mode is not supported by dendrite; convert it to float`);
  }
  throw new RuntimeError(`"${kernel}" not implemented for '${T(x.dtype)}'`);
}

// ---------- the modes ----------

/** An empty result still connected to x's graph. */
const emptyLike = (x: Tensor, shape: number[]) => x.flatten().narrow(0, 0, 0).reshape(shape);

/**
 * 'area': adaptive average pooling to the output size, as PyTorch calls it: F.adaptiveAvgPool3d for 3-d (its
 * checks, messages and 1x1x1 mean shortcut), adaptive_avg_pool2d (which serves adaptive_avg_pool1d) otherwise.
 */
function area(x: Tensor, out: number[]): Tensor {
  if (out.length === 3) return adaptiveAvgPool3d(x, out);
  const x4 = out.length === 1 ? x.unsqueeze(-2) : x, o = out.length === 1 ? [1, out[0]] : out;
  const back = (y: Tensor) => (out.length === 1 ? y.squeeze(-2) : y);
  if (o.some((v) => v < 0)) {
    throw new RuntimeError(
      `adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {${o[0]}, ${o[1]}}`,
    );
  }
  if (o.every((v) => v === 1)) return back(x4.mean([-2, -1], true));
  const shape = [...x4.shape.slice(0, 2), ...o];
  for (const i of [2, 3]) {
    if (x4.shape[i] === 0) {
      throw new RuntimeError(
        `adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes ${
          fmt(x4.shape)
        } with dimension ${i} being empty`,
      );
    }
  }
  if (shape.includes(0)) return back(emptyLike(x, shape));
  kernelDtype(x, "adaptive_avg_pool2d", false);
  return back(P.adaptiveAvgPool2d(x4, o));
}

/**
 * F.interpolate's implementation (declared in nn/functional.ts): PyTorch's
 * argument checks, then the mode's separable taps or adaptive pooling.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const x = torch.arange(16, { dtype: "float32" }).reshape([1, 1, 4, 4]);
 * assert.deepEqual(nn.F.interpolate(x, { size: 2, mode: "area" }).flatten().tolist(), [2.5, 4.5, 10.5, 12.5]);
 * assert.deepEqual(nn.F.interpolate(x, { scaleFactor: 2, mode: "bicubic" }).shape, [1, 1, 8, 8]);
 * ```
 */
export function interpolate(a: Args): Tensor {
  const x: Tensor = a.input, mode: string = a.mode, antialias: boolean = a.antialias;
  let alignCorners: boolean | null = a.alignCorners;
  if (mode === "nearest" || mode === "area" || mode === "nearest-exact") {
    if (alignCorners !== null) {
      throw new RangeError(
        "align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear",
      );
    }
  } else alignCorners ??= false;
  const dim = x.ndim - 2, spatial = x.shape.slice(2);
  let out: number[] | null = null, scales: (number | null)[] = Array(Math.max(dim, 0)).fill(null);
  if (a.size !== null && a.scaleFactor !== null) {
    throw new RangeError("only one of size or scale_factor should be defined");
  }
  if (a.size !== null) {
    if (typeof a.size !== "number" && a.size.length !== dim) {
      throw new RangeError(
        `Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of ${
          fmt(spatial)
        } and output size of ${
          fmt(a.size)
        }. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.`,
      );
    }
    out = typeof a.size === "number" ? Array(Math.max(dim, 0)).fill(a.size) : [...a.size];
  } else if (a.scaleFactor !== null) scales = scaleList(a.scaleFactor, dim, spatial);
  else throw new RangeError("either size or scale_factor should be defined");
  let recompute = a.recomputeScaleFactor === true;
  if (recompute && a.size !== null) {
    throw new RangeError("recompute_scale_factor is not meaningful with an explicit size.");
  }
  // area always works from an output size (PyTorch reuses the recompute path)
  if (mode === "area" && out === null) recompute = true;
  if (recompute) {
    out = spatial.map((n, i) => pyInt(n * (scales[i] as number)));
    scales = scales.map(() => null);
  }
  if (antialias && !(AA_MODES.includes(mode) && x.ndim === 4)) {
    throw new RangeError(
      "Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and requires a 4-D tensor as input",
    );
  }
  const nd = x.ndim, supported = nd >= 3 && nd <= 5;
  const linear = LINEAR_NDIM[mode] === nd;
  if (mode === "lanczos" && nd === 4) {
    if (alignCorners) throw new RangeError("Lanczos mode does not support align_corners=True");
    if (!antialias) throw new RangeError("Lanczos mode requires antialias=True");
  }
  const known = (mode === "nearest" || mode === "nearest-exact" || mode === "area") && supported || linear ||
    (mode === "bicubic" || mode === "lanczos") && nd === 4;
  if (!known) {
    if (supported && LINEAR_NDIM[mode] !== undefined) {
      throw new RuntimeError(`Got ${nd}D input, but ${mode} mode needs ${LINEAR_NDIM[mode]}D input`);
    }
    throw new RuntimeError(
      `Input Error: Only 3D, 4D and 5D input Tensors supported (got ${nd}D) for the modes: ${MODES} (got ${mode})`,
    );
  }
  if (mode === "area") return area(x, out!);
  const sizes = out ?? spatial.map((n, i) => checkedInt(n * (scales[i] as number)));
  checkSizes(x, sizes);
  // the 2-d kernels' channels-last path (small outputs too): nearest's shortcuts and the kernel names differ there
  const vectorized = nd === 4 && (sizes[0] + sizes[1] <= 128 || (x.shape[1] > 3 && channelsLast(x)));
  const r = x.dtype === "float64" ? f64 : f32;
  const ends = spatial.map((n, i) => [n, sizes[i], scales[i]] as const);
  if (mode === "nearest" || mode === "nearest-exact") {
    const exact = mode === "nearest-exact";
    kernelDtype(x, vectorized ? "upsample_nearest2d_channels_last" : "compute_indices_weights_nearest", false, true);
    const plan = (vec: boolean) => ends.map(([n, o, s]) => nearestTaps(n, o, s, exact, vec, r));
    const forward = plan(vectorized), backward = plan(true);
    const fused = fusedResample(x, sizes, forward, exact ? "nearest-exact" : "nearest", backward);
    return fused ?? resampleWithBackward(x, sizes, forward, backward);
  }
  if (antialias) {
    kernelDtype(x, "compute_index_ranges_weights", true);
    const plan = ends.map(([n, o, s]) => aaTaps(n, o, s, alignCorners!, mode, r));
    // the forward skips a dim whose size does not change
    return resampleWithBackward(x, sizes, plan.map((t, i) => (spatial[i] === sizes[i] ? null : t)), plan);
  }
  if (mode === "bicubic") {
    kernelDtype(x, "compute_indices_weights_cubic", true);
    const plan = ends.map(([n, o, s]) => cubicTaps(n, o, s, alignCorners!, r));
    const same = spatial.every((n, i) => n === sizes[i]);
    return resampleWithBackward(x, sizes, plan, same ? plan.map(() => null) : plan);
  }
  kernelDtype(
    x,
    mode === "bilinear" && vectorized ? "upsample_bilinear2d_channels_last" : "compute_indices_weights_linear",
    mode === "bilinear",
  );
  const plan = ends.map(([n, o, s]) => linearTaps(n, o, s, alignCorners!, r));
  return fusedResample(x, sizes, plan, "linear") ?? resample(x, plan);
}
