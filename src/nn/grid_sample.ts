/**
 * torch.nn.functional.grid_sample and affine_grid, written with tensor ops (floor, round, where, gather, mul, sum)
 * so that autograd gives the input's and the grid's gradients.
 *
 * The arithmetic follows PyTorch's CPU kernels step by step: a 4-d input goes through its vectorised 2-d kernel
 * (cpu/GridSamplerKernel.cpp), a 5-d input through its scalar 3-d loop (GridSampler.cpp). The two differ where the
 * grid holds NaN or infinities: the 2-d kernel multiplies the zero it reads outside the image by the (NaN) weight
 * and clips NaN to 0, the 3-d loop skips corners outside the image and clips NaN to size - 1. Both are kept.
 *
 * Bilinear (trilinear) and nearest sampling of float input run fused where the backend has the kernels
 * (kernels/cpu/resample.c through P._gridSampler): the same arithmetic, NaN rules and deliberate differences as
 * the tensor ops below, which remain for bicubic and other backends.
 *
 * Deliberate differences, where PyTorch's backward contradicts its own forward: at a NaN coordinate with border or
 * reflection padding (and an infinite one with reflection) the gradients here are those of the clipped coordinate
 * the forward read (the 2-d kernel's backward reads outside the image there, the 3-d loop's gives the input no
 * gradient); and the 3-d loop's reflection of coordinates beyond 2^31 (its flip count overflows an int) is exact
 * here.
 */
import { linspaceTorch } from "../api/ops/creation.ts";
import { backendOf } from "../backend/backend.ts";
import { isFloat, TORCH_TYPE_NAME } from "../core/dtype.ts";
import { RuntimeError } from "../core/errors.ts";
import { toDevice } from "../ops/operand.ts";
import { Tensor } from "../torch/tensor.ts";
import { P } from "./prims.ts";
import { setGridSampleWithGraph } from "../torch/derivatives_nn.ts";
import { torch } from "../torch/mod.ts";

type Padding = "zeros" | "border" | "reflection";
const MODES = ["bilinear", "nearest", "bicubic"];
const PADDINGS = ["zeros", "border", "reflection"];
const sizes = (s: readonly number[]) => `[${s.join(", ")}]`;

/** How one spatial dim maps grid coordinates to pixels. */
interface Axis {
  /** the input's extent */
  size: number;
  /** the dim's stride in the input's flattened spatial dims */
  stride: number;
}

/** What the 2-d kernel and the 3-d loop are given. */
interface Setting {
  padding: Padding;
  align: boolean;
  /** a 5-d input: the 3-d loop's roundings and NaN handling */
  volumetric: boolean;
}

/** [-1, 1] to pixel indices, with each kernel's operation order (align_corners: -1 and 1 are the corner centres). */
function unnormalize(g: Tensor, size: number, s: Setting): Tensor {
  if (s.volumetric) return s.align ? g.add(1).div(2).mul(size - 1) : g.add(1).mul(size).sub(1).div(2);
  return s.align ? g.add(1).mul((size - 1) / 2) : g.add(1).mul(size / 2).sub(0.5);
}

/**
 * clip_coordinates: into [0, size - 1] with a zero derivative at the borders and beyond (PyTorch counts the borders
 * as outside for the gradient; clamp's derivative passes there). NaN becomes 0 in the 2-d kernel (its vector max
 * drops NaN) and size - 1 in the 3-d loop (std::min(size - 1, std::max(NaN, 0))).
 */
function clip(x: Tensor, size: number, s: Setting): Tensor {
  const max = size - 1;
  return s.volumetric ? x.where(x.gt(0), 0).where(x.lt(max), max) : x.where(x.lt(max), max).where(x.gt(0), 0);
}

/**
 * reflect_coordinates as the 2-d kernel computes it: the distance from the low edge (0, or -0.5 without
 * align_corners) modulo twice the span, mirrored when past the span. (abs's and minimum's derivatives differ from
 * PyTorch's sign choice only at the edges themselves, where the clip that follows zeroes the gradient.)
 */
function reflect(x: Tensor, size: number, s: Setting): Tensor {
  const twice = s.align ? 2 * (size - 1) : 2 * size;
  // a one-pixel axis with align_corners reflects everything to 0: the clip that follows does it
  if (twice === 0) return x;
  const d = (s.align ? x : x.add(0.5)).abs();
  const extra = d.sub(d.div(twice).trunc().mul(twice));
  const r = extra.minimum(extra.neg().add(twice));
  return s.align ? r : r.sub(0.5);
}

/** The padding applied to a pixel coordinate (compute_coordinates). */
function pad(x: Tensor, size: number, s: Setting): Tensor {
  if (s.padding === "border") return clip(x, size, s);
  if (s.padding === "reflection") return clip(reflect(x, size, s), size, s);
  return x;
}

/** The integers lo..hi as a [1, k, 1] tensor like `like` (tap offsets; linspace of consecutive integers is exact). */
function offsets(lo: number, hi: number, like: Tensor): Tensor {
  return Tensor._wrap(toDevice(linspaceTorch(lo, hi, hi - lo + 1, like.dtype), like.device)).reshape([1, -1, 1]);
}

/**
 * Axis a's [N, k, P] tensor (k taps of P points) on its dim of the corner layout [N, k_z, k_y, k_x, P]: x varies
 * fastest, as PyTorch's corner order (nw, ne, sw, se; tnw, tne, ...).
 */
function place(t: Tensor, a: number, nd: number): Tensor {
  const shape = [t.shape[0], ...Array(nd).fill(1), t.shape[2]];
  shape[nd - a] = t.shape[1];
  return t.reshape(shape);
}

/**
 * The input ([N, C, ...spatial]) at every corner of the axes' taps (taps[a]: axis a's integer-valued pixel
 * coordinates, [N, k, P]): [N, C, k_z, k_y, k_x, P], read by one gather. A tap outside the image reads a zero
 * appended after the pixels: an exact zero even beside infinities, whose gradient goes nowhere.
 */
function corners(input: Tensor, axes: readonly Axis[], taps: readonly Tensor[]): Tensor {
  const [n, c] = input.shape, nd = axes.length, pixels = axes.reduce((p, ax) => p * ax.size, 1);
  let ok: Tensor | null = null, at: Tensor | null = null;
  axes.forEach((ax, a) => {
    const t = place(taps[a], a, nd), inside = t.gt(-1).logicalAnd(t.lt(ax.size));
    const idx = t.where(inside, 0).long().mul(ax.stride);
    ok = ok ? ok.logicalAnd(inside) : inside;
    at = at ? at.add(idx) : idx;
  });
  const index = at!.where(ok!, pixels);
  const padded = input.newZeros([n, c, pixels + 1]);
  padded.narrow(2, 0, pixels).copy_(input.reshape([n, c, pixels]));
  const flat = index.reshape([n, 1, index.numel() / n]);
  return padded.gather(2, flat.expand([n, c, flat.shape[2]])).reshape([n, c, ...index.shape.slice(1)]);
}

/** Linear interpolation between the pixels around each coordinate (bilinear in 2-d, trilinear in 3-d). */
function linear(input: Tensor, axes: readonly Axis[], coords: readonly Tensor[]): Tensor {
  const o = offsets(0, 1, coords[0]), second = o.gt(0), nd = axes.length;
  const taps: Tensor[] = [];
  let w: Tensor | null = null;
  coords.forEach((x, a) => {
    const lo = x.floor(), t = x.sub(lo).unsqueeze(1);
    taps.push(lo.unsqueeze(1).add(o));
    // a corner's weight: the product of its axes' (1 - t, t), x first as in both kernels
    const wa = place(t.where(second, t.neg().add(1)), a, nd);
    w = w ? w.mul(wa) : wa;
  });
  const [n, c] = input.shape, points = coords[0].shape[1];
  return corners(input, axes, taps).mul(w!.unsqueeze(1)).reshape([n, c, 2 ** nd, points]).sum(2);
}

/** The nearest pixel (round half to even, as nearbyint and the vector round). */
function nearest(input: Tensor, axes: readonly Axis[], coords: readonly Tensor[]): Tensor {
  const [n, c] = input.shape;
  return corners(input, axes, coords.map((x) => x.round().unsqueeze(1))).reshape([n, c, coords[0].shape[1]]);
}

/**
 * Bicubic interpolation over the 4 x 4 pixels around each coordinate with Keys' kernel (A = -0.75): each row of
 * taps weighted along x, then the rows along y (PyTorch's order). The coordinate itself is not padded, each integer
 * tap is.
 */
function bicubic(input: Tensor, axes: readonly Axis[], coords: readonly Tensor[], s: Setting): Tensor {
  const A = -0.75, o = offsets(-1, 2, coords[0]), inner = o.gt(-1).logicalAnd(o.lt(2));
  const far = (x: Tensor) => x.mul(A).sub(5 * A).mul(x).add(8 * A).mul(x).sub(4 * A);
  const near = (x: Tensor) => x.mul(A + 2).sub(A + 3).mul(x).mul(x).add(1);
  const taps: Tensor[] = [], weights: Tensor[] = [];
  coords.forEach((x, a) => {
    const lo = x.floor().unsqueeze(1);
    taps.push(pad(lo.add(o), axes[a].size, s));
    // the distances t + 1, t, 1 - t, 2 - t to the taps (none is 0 where abs's derivative would be)
    const d = x.unsqueeze(1).sub(lo).sub(o).abs();
    weights.push(near(d).where(inner, far(d)));
  });
  const rows = corners(input, axes, taps).mul(place(weights[0], 0, 2).unsqueeze(1)).sum(3);
  return rows.mul(weights[1].unsqueeze(1)).sum(2);
}

/** grid_sampler's checks, in PyTorch's order (check_grid_sampler_common, then the 2-d / 3-d ones). */
function check(x: Tensor, grid: Tensor, mode: string): void {
  if (x.device !== grid.device) {
    throw new RuntimeError(
      `grid_sampler(): expected input and grid to be on same device, but input is on ${x.device} and grid is on ${grid.device}`,
    );
  }
  if (x.ndim === 0 || grid.ndim === 0) throw new RangeError("Dimension specified as 0 but tensor has no dimensions");
  const xs = sizes(x.shape), gs = sizes(grid.shape);
  if (x.shape[0] !== grid.shape[0]) {
    throw new RuntimeError(
      `grid_sampler(): expected grid and input to have same batch size, but got input with sizes ${xs} and grid with sizes ${gs}`,
    );
  }
  if (grid.shape[grid.ndim - 1] !== x.ndim - 2) {
    throw new RuntimeError(
      `grid_sampler(): expected grid to have size ${x.ndim - 2} in last dimension, but got grid with sizes ${gs}`,
    );
  }
  for (let i = 2; i < x.ndim; i++) {
    if (x.shape[i] === 0) {
      throw new RuntimeError(
        `grid_sampler(): expected input to have non-empty spatial dimensions, but input has sizes ${xs} with dimension ${i} being empty`,
      );
    }
  }
  // a 4-d input goes to grid_sampler_2d, anything else to grid_sampler_3d
  const want = x.ndim === 4 ? 4 : 5;
  if (x.ndim !== want || grid.ndim !== want) {
    throw new RuntimeError(
      `grid_sampler(): expected ${want}D input and grid with same number of dimensions, but got input with sizes ${xs} and grid with sizes ${gs}`,
    );
  }
  if (want === 5 && mode === "bicubic") {
    throw new RuntimeError("grid_sampler(): bicubic interpolation only supports 4D input");
  }
}

/**
 * PyTorch's grid_sample: the input ([N, C, H, W] or [N, C, D, H, W]) sampled at the grid's normalized coordinates
 * ([N, H_out, W_out, 2] as (x, y), or [N, D_out, H_out, W_out, 3] as (x, y, z)), -1 and 1 the image's edges (its
 * corner pixels' centres with alignCorners). Modes bilinear (trilinear on 5-d), nearest and bicubic (4-d only);
 * outside the image the padding gives zeros, the border pixels, or the image reflected at its edges.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const x = torch.arange(4, { dtype: "float32" }).reshape(1, 1, 2, 2);
 * const grid = torch.tensor([[[[0, 0], [1, 1]]]], { dtype: "float32" }); // the centre, the bottom-right corner
 * const y = nn.F.gridSample(x, grid, { alignCorners: true });
 * assert.deepEqual(y.tolist(), [[[[1.5, 3]]]]);
 * ```
 */
export function gridSample(
  input: Tensor,
  grid: Tensor,
  mode: string,
  paddingMode: string,
  alignCorners: boolean | null,
): Tensor {
  if (!MODES.includes(mode)) {
    throw new RangeError(
      `nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or 'bicubic', but got: '${mode}'`,
    );
  }
  if (!PADDINGS.includes(paddingMode)) {
    throw new RangeError(
      `nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or 'reflection', but got: '${paddingMode}'`,
    );
  }
  check(input, grid, mode);
  const volumetric = input.ndim === 5, [n, c] = input.shape;
  const outShape = [n, c, ...grid.shape.slice(1, -1)];
  const empty = outShape.includes(0);
  // the 3-d loop dispatches on the dtype first; the 2-d kernel returns before it when there is nothing to compute
  const kernel = volumetric ? "grid_sampler3d_cpu" : "grid_sampler_2d_cpu_kernel_impl";
  if (!isFloat(input.dtype) && (volumetric || !empty)) {
    throw new RuntimeError(`"${kernel}" not implemented for '${TORCH_TYPE_NAME[input.dtype]}'`);
  }
  if (grid.dtype !== input.dtype) {
    if (empty) return input.newZeros(outShape);
    throw new RuntimeError(
      `expected scalar type ${TORCH_TYPE_NAME[input.dtype]} but found ${TORCH_TYPE_NAME[grid.dtype]}`,
    );
  }
  if (empty) {
    // nothing to sample (PyTorch's kernels return early too): an empty result that depends on both operands
    return input.flatten().narrow(0, 0, 0).add(grid.flatten().narrow(0, 0, 0)).reshape(outShape);
  }
  const s: Setting = { padding: paddingMode as Padding, align: alignCorners ?? false, volumetric };
  if (mode !== "bicubic" && backendOf(input).gridSample) {
    // the fused kernels (kernels/cpu/resample.c)
    return P._gridSampler(input, grid, mode as "bilinear" | "nearest", s.padding, s.align);
  }
  return sampleWithOps(input, grid, mode, s);
}

/** grid_sample written with tensor ops (bicubic, backends without the kernels, gradients with a graph). */
function sampleWithOps(input: Tensor, grid: Tensor, mode: string, s: Setting): Tensor {
  const [n, c] = input.shape, spatial = input.shape.slice(2), volumetric = s.volumetric;
  const outShape = [n, c, ...grid.shape.slice(1, -1)];
  // grid coordinate k is spatial dim -1 - k: x is the width, y the height, z the depth
  const axes: Axis[] = [];
  for (let k = 0, stride = 1; k < spatial.length; k++) {
    axes.push({ size: spatial[spatial.length - 1 - k], stride });
    stride *= spatial[spatial.length - 1 - k];
  }
  const points = outShape.slice(2).reduce((p, d) => p * d, 1);
  const coords = axes.map((ax, k) => {
    const x = unnormalize(grid.select(-1, k).reshape([n, points]), ax.size, s);
    if (mode === "bicubic") return x;
    const p = pad(x, ax.size, s);
    // the 3-d loop's safe_downgrade_to_int_range: a non-finite coordinate becomes -100, outside the image
    return volumetric && s.padding === "zeros" ? p.where(p.isfinite(), -100) : p;
  });
  let out = mode === "bilinear"
    ? linear(input, axes, coords)
    : mode === "nearest"
    ? nearest(input, axes, coords)
    : bicubic(input, axes, coords, s);
  if (mode === "nearest" && grid.requiresGrad) {
    // PyTorch's nearest mode gives the grid a zero gradient (not none): a zero that depends on the grid
    out = out.add(coords[0].round().nanToNum(0, 0, 0).mul(0).unsqueeze(1));
  }
  return out.reshape(outShape);
}

// the kernels' backward has no derivative of its own: gradients with a graph (createGraph) come from the tensor ops
setGridSampleWithGraph((g, a, [gi, gg]) => {
  const x: Tensor = a.input, grid: Tensor = a.grid;
  const s: Setting = { padding: a.paddingMode, align: a.alignCorners, volumetric: x.ndim === 5 };
  const inputs = [gi ? x : null, gg ? grid : null].filter((t): t is Tensor => t !== null);
  const r = torch.autograd.grad(sampleWithOps(x, grid, a.mode, s), inputs, g, { createGraph: true, allowUnused: true });
  return [gi ? r[0] : null, gg ? r[gi ? 1 : 0] ?? grid.mul(0) : null];
});

/**
 * PyTorch's affine_grid: the sampling grid of a batch of affine maps for grid_sample, theta [N, 2, 3] with size
 * [N, C, H, W] (a grid [N, H, W, 2]) or theta [N, 3, 4] with size [N, C, D, H, W] (a grid [N, D, H, W, 3]): each
 * output pixel's normalized (x, y[, z], 1) times theta transposed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const identity = torch.tensor([[[1, 0, 0], [0, 1, 0]]], { dtype: "float32" });
 * const grid = nn.F.affineGrid(identity, [1, 1, 2, 2], { alignCorners: true });
 * assert.deepEqual(grid.tolist(), [[[[-1, -1], [1, -1]], [[-1, 1], [1, 1]]]]);
 * ```
 */
export function affineGrid(theta: Tensor, size: number | readonly number[], alignCorners: boolean | null): Tensor {
  if (typeof size === "number") throw new TypeError("object of type 'int' has no len()");
  const align = alignCorners ?? false;
  if (!isFloat(theta.dtype)) {
    throw new RangeError(`Expected theta to have floating point type, but got torch.${theta.dtype}`);
  }
  const nd = size.length - 2;
  if (nd !== 2 && nd !== 3) {
    throw new RuntimeError(
      `affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, respectively. Got size ${
        sizes(size)
      }.`,
    );
  }
  if (theta.ndim !== 3 || theta.shape[1] !== nd || theta.shape[2] !== nd + 1) {
    throw new RangeError(
      `Expected a batch of ${nd}D affine matrices of shape Nx${nd}x${nd + 1} for size ${sizes(size)}. Got torch.Size(${
        sizes(theta.shape)
      }).`,
    );
  }
  const spatial = size.slice(2);
  // PyTorch only warns about unit-size grids with align_corners (and skips the size check then)
  if (!(align && Math.min(...spatial) === 1) && Math.min(...size) <= 0) {
    throw new RangeError(`Expected non-zero, positive output size. Got ${sizes(size)}`);
  }
  const n = size[0], baseShape = [...spatial, nd + 1];
  if (n < 0) {
    throw new RuntimeError(`Trying to create tensor with negative dimension ${n}: ${sizes([n, ...baseShape])}`);
  }
  if (theta.shape[0] !== n) {
    // bmm's message (base grid [N, H W, 3] times theta transposed)
    throw new RuntimeError(
      `Expected size for first two dimensions of batch2 tensor to be: [${n}, ${nd + 1}] but got: [${theta.shape[0]}, ${
        nd + 1
      }].`,
    );
  }
  // the base grid (x, y[, z], 1) per output pixel, x along the last dim; one step is the coordinate 0
  const base = theta.newZeros(baseShape);
  base.select(-1, nd).fill_(1);
  for (let k = 0; k < nd; k++) {
    const steps = spatial[nd - 1 - k];
    if (steps <= 1) continue;
    let r = Tensor._wrap(toDevice(linspaceTorch(-1, 1, steps, theta.dtype), theta.device));
    if (!align) r = r.mul(steps - 1).div(steps);
    base.select(-1, k).copy_(r.reshape([steps, ...Array(k).fill(1)]));
  }
  const points = spatial.reduce((p, d) => p * d, 1);
  return base.reshape([1, points, nd + 1]).matmul(theta.transpose(1, 2)).reshape([n, ...spatial, nd]);
}
