/**
 * The resampling primitives behind F.interpolate's nearest, nearest-exact
 * and (bi/tri)linear modes and F.grid_sample's 2-d / 3-d bilinear and
 * nearest modes, running the device's kernels from the Backend table
 * (kernels/cpu/resample.c on the CPU). interpolate's taps (indices and
 * weights per output along each spatial dim) are computed on the host by
 * src/nn/interpolate.ts and passed in as tensors; the backward ops scatter
 * through the same taps and have derivatives of their own
 * (src/torch/derivatives_nn.ts).
 */
import { type Args, defineOp } from "../../api/define.ts";
import { opt, req } from "../../api/signature.ts";
import type { GridSampleGeometry, UpsampleGeometry } from "../../backend/nn_types.ts";
import { RuntimeError } from "../../core/errors.ts";
import type { Operand } from "../../core/storage.ts";
import { empty } from "../../ops/operand.ts";
import { dense, floatOnly, fmtSize, nnKernel, sameDtype, tuple } from "./nn_common.ts";

const prod = (s: readonly number[]) => s.reduce((p, d) => p * d, 1);

/** The geometry of an interpolation from `inSize` to `outSize` (spatial dims) over the planes of `shape`. */
function upsampleGeometry(op: string, shape: readonly number[], a: Args, inSize: number[], outSize: number[]) {
  const index: Operand = a.index, weight: Operand | null = a.weight, k = inSize.length;
  if (k < 1 || k > 3 || outSize.length !== k || shape.length !== k + 2) {
    throw new RuntimeError(`${op}: expected a 3-d to 5-d input and one size per spatial dim, got ${fmtSize(shape)}`);
  }
  const taps = weight ? 2 : 1, entries = outSize.reduce((s, o) => s + taps * o, 0);
  const sizes = [index.layout.size, weight?.layout.size ?? entries];
  if (index.storage.dtype !== "int64" || sizes.some((n) => n !== entries)) {
    throw new RuntimeError(`${op}: expected ${entries} int64 indices${weight ? " and weights" : ""} for ${k} dims`);
  }
  return { planes: shape[0] * shape[1], taps, inSize, outSize } as UpsampleGeometry;
}

function upsample(a: Args): Operand {
  const x: Operand = a.input, op = "upsample";
  floatOnly(op, x);
  sameDtype(op, x, a.weight, "weight");
  const s = x.layout.shape, out = tuple(op, "outputSize", a.outputSize, s.length - 2, 1);
  const g = upsampleGeometry(op, s, a, s.slice(2), out);
  const y = empty([s[0], s[1], ...out], x.storage.dtype, x.storage.device);
  if (y.layout.size > 0) {
    const w = a.weight && dense(a.weight);
    nnKernel("upsample", op, x, y, a.index, w)(dense(x), y, dense(a.index), w, g, false);
  }
  return y;
}

function upsampleBackward(a: Args): Operand {
  const gy: Operand = a.gradOutput, op = "upsample_backward";
  floatOnly(op, gy);
  sameDtype(op, gy, a.weight, "weight");
  const s = gy.layout.shape, xs = tuple(op, "inputSize", a.inputSize, s.length, 1);
  if (xs[0] !== s[0] || xs[1] !== s[1]) {
    throw new RuntimeError(`${op}: grad_output ${fmtSize(s)} does not fit input ${fmtSize(xs)}`);
  }
  const g = upsampleGeometry(op, s, a, xs.slice(2), s.slice(2));
  const gx = empty(xs, gy.storage.dtype, gy.storage.device);
  if (gx.layout.size > 0) {
    const w = a.weight && dense(a.weight);
    nnKernel("upsample", op, gy, gx, a.index, w)(dense(gy), gx, dense(a.index), w, g, true);
  }
  return gx;
}

/** grid_sampler_2d / 3d's geometry (the checks of F.gridSample ran before). */
function gridGeometry(op: string, x: Operand, grid: Operand, a: Args): GridSampleGeometry {
  const s = x.layout.shape, gs = grid.layout.shape, k = s.length - 2;
  if (
    (k !== 2 && k !== 3) || gs.length !== s.length || gs[0] !== s[0] || gs[k + 1] !== k || s.slice(2).includes(0)
  ) {
    throw new RuntimeError(
      `${op}: expected input [N, C, (D,) H, W] and grid [N, (D_out,) H_out, W_out, ${k}], got ${fmtSize(s)} and ${
        fmtSize(gs)
      }`,
    );
  }
  floatOnly(op, x);
  if (grid.storage.dtype !== x.storage.dtype) {
    throw new RuntimeError(`${op}: expected grid of the input's dtype, got ${grid.storage.dtype}`);
  }
  const points = prod(gs.slice(1, -1));
  return {
    n: s[0],
    c: s[1],
    spatial: s.slice(2),
    points,
    mode: a.mode,
    padding: a.paddingMode,
    alignCorners: a.alignCorners,
  };
}

function gridSampler(a: Args): Operand {
  const x: Operand = a.input, grid: Operand = a.grid, op = "grid_sampler";
  const g = gridGeometry(op, x, grid, a);
  const y = empty([g.n, g.c, ...grid.layout.shape.slice(1, -1)], x.storage.dtype, x.storage.device);
  if (y.layout.size > 0) nnKernel("gridSample", op, x, grid, y)(dense(x), dense(grid), y, g);
  return y;
}

function gridSamplerBackward(a: Args): Operand[] {
  const gy: Operand = a.gradOutput, x: Operand = a.input, grid: Operand = a.grid, op = "grid_sampler_backward";
  const g = gridGeometry(op, x, grid, a);
  sameDtype(op, x, gy, "grad_output");
  if (gy.layout.size !== g.n * g.c * g.points) {
    throw new RuntimeError(`${op}: grad_output ${fmtSize(gy.layout.shape)} does not fit the output`);
  }
  const dt = x.storage.dtype, dev = x.storage.device;
  const gx = a.inputGrad ? empty(x.layout.shape, dt, dev) : null;
  const gGrid = a.gridGrad ? empty(grid.layout.shape, dt, dev) : null;
  if ((gx && gx.layout.size > 0) || (gGrid && gGrid.layout.size > 0)) {
    nnKernel("gridSampleBackward", op, gy, x, grid, gx, gGrid)(dense(gy), dense(x), dense(grid), gx, gGrid, g);
  }
  return [gx, gGrid].filter((t): t is Operand => t !== null);
}

const TAPS = [req("index", "array"), opt("weight", "array", null)] as const;
const MODE = opt("mode", "string", "nearest", { choices: ["nearest", "nearest-exact", "linear"] });
const GRID = [
  req("mode", "string", { choices: ["bilinear", "nearest"] }),
  req("paddingMode", "string", { choices: ["zeros", "border", "reflection"] }),
  req("alignCorners", "bool"),
] as const;

/** The resampling primitives (generated by src/nn/prims.ts). */
export const NN_RESAMPLE = {
  _upsample: defineOp({
    name: "_upsample",
    doc: "Interpolation from taps: per spatial dim, `index` (and for linear modes `weight`) per output.",
    torch: {
      names: ["_upsample"],
      overloads: [{
        sig: {
          pos: [req("input", "array"), req("outputSize", "ints"), ...TAPS, opt("backwardIndex", "array", null), MODE],
          kw: [],
        },
        impl: upsample,
      }],
    },
  }),
  _upsampleBackward: defineOp({
    name: "_upsampleBackward",
    doc: "The gradient of _upsample: the output gradient scattered through the taps.",
    torch: {
      names: ["_upsampleBackward"],
      overloads: [{
        sig: { pos: [req("gradOutput", "array"), req("inputSize", "ints"), ...TAPS, MODE], kw: [] },
        impl: upsampleBackward,
      }],
    },
  }),
  _gridSampler: defineOp({
    name: "_gridSampler",
    doc: "2-d or 3-d grid sampling, (tri)linear or nearest.",
    torch: {
      names: ["_gridSampler"],
      overloads: [{
        sig: { pos: [req("input", "array"), req("grid", "array"), ...GRID], kw: [] },
        impl: gridSampler,
      }],
    },
  }),
  _gridSamplerBackward: defineOp({
    name: "_gridSamplerBackward",
    doc: "The gradients of _gridSampler: [input's, grid's], each only where asked for.",
    torch: {
      names: ["_gridSamplerBackward"],
      overloads: [{
        sig: {
          pos: [
            req("gradOutput", "array"),
            req("input", "array"),
            req("grid", "array"),
            ...GRID,
            req("inputGrad", "bool"),
            req("gridGrad", "bool"),
          ],
          kw: [],
        },
        returns: "arrays",
        impl: gridSamplerBackward,
      }],
    },
  }),
};
