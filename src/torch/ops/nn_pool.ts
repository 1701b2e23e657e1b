/**
 * The pooling primitives behind nn.MaxPool1d/2d, AvgPool2d and the
 * adaptive pools: forward and backward ops over n x c x h x w inputs,
 * running the device's kernels from the Backend table (kernels/cpu/pool.c
 * on the CPU: PyTorch's window rules, tie-breaking, NaN propagation and
 * int64 indices, flat h * w within a plane). The backward ops have
 * derivatives of their own (src/torch/derivatives_nn.ts).
 */
import { type Args, defineOp } from "../../api/define.ts";
import { opt, req } from "../../api/signature.ts";
import { poolOutputSize } from "../../backend/cpu_nn.ts";
import type { AvgPool2dGeometry, MaxPool2dGeometry, PlanesShape } from "../../backend/nn_types.ts";
import { RuntimeError } from "../../core/errors.ts";
import type { Operand } from "../../core/storage.ts";
import { empty } from "../../ops/operand.ts";
import { dense, floatOnly, fmtSize, nnKernel, tuple } from "./nn_common.ts";

function input4(op: string, x: Operand, what = "non-empty 3D or 4D (batch mode) tensor expected for input"): number[] {
  const s = x.layout.shape;
  if (s.length !== 4 || s[1] * s[2] * s[3] === 0) throw new RuntimeError(what);
  floatOnly(op, x);
  return [...s];
}

/** A pooling window's geometry (PyTorch's pool2d_shape_check messages). */
function poolGeometry(op: string, xs: number[], a: Args, dilated: boolean) {
  const kernel = tuple(op, "kernelSize", a.kernelSize, 2, 0) as [number, number];
  const stride =
    (a.stride === null || (Array.isArray(a.stride) && a.stride.length === 0)
      ? kernel
      : tuple(op, "stride", a.stride, 2, 0)) as [number, number];
  const padding = tuple(op, "padding", a.padding, 2) as [number, number];
  const dilation = (dilated ? tuple(op, "dilation", a.dilation, 2, 0) : [1, 1]) as [number, number];
  if (kernel[0] <= 0 || kernel[1] <= 0) {
    throw new RuntimeError(`kernel size should be greater than zero, but got kH: ${kernel[0]} kW: ${kernel[1]}`);
  }
  if (stride[0] <= 0 || stride[1] <= 0) {
    throw new RuntimeError(`stride should be greater than zero, but got dH: ${stride[0]} dW: ${stride[1]}`);
  }
  if (dilation[0] <= 0 || dilation[1] <= 0) {
    throw new RuntimeError(
      `dilation should be greater than zero, but got dilationH: ${dilation[0]} dilationW: ${dilation[1]}`,
    );
  }
  for (let i = 0; i < 2; i++) {
    if (padding[i] > Math.floor((dilation[i] * (kernel[i] - 1) + 1) / 2)) {
      throw new RuntimeError(
        `pad should be at most half of effective kernel size, but got pad=${padding[i]}, kernel_size=${
          kernel[i]
        } and dilation=${dilation[i]}`,
      );
    }
  }
  const [n, c, h, w] = xs;
  const oh = poolOutputSize(h, kernel[0], padding[0], stride[0], dilation[0], a.ceilMode);
  const ow = poolOutputSize(w, kernel[1], padding[1], stride[1], dilation[1], a.ceilMode);
  if (oh < 1 || ow < 1) {
    throw new RuntimeError(
      `Given input size: (${c}x${h}x${w}). Calculated output size: (${c}x${oh}x${ow}). Output size is too small`,
    );
  }
  return { n, c, h, w, kernel, stride, padding, dilation, ceilMode: a.ceilMode as boolean, oh, ow };
}

function maxPool2d(a: Args): Operand[] {
  const x: Operand = a.input;
  const g = poolGeometry("max_pool2d", input4("max_pool2d", x), a, true);
  const dt = x.storage.dtype, dev = x.storage.device;
  const y = empty([g.n, g.c, g.oh, g.ow], dt, dev), idx = empty([g.n, g.c, g.oh, g.ow], "int64", dev);
  if (g.n > 0) nnKernel("maxPool2d", "max_pool2d", x, y, idx)(dense(x), y, idx, g as MaxPool2dGeometry);
  return [y, idx];
}

/** gx = 0 with gy added at the indices (max_pool2d's and adaptive_max_pool2d's gradient). */
function maxPoolBackward(a: Args): Operand {
  const gy: Operand = a.gradOutput, idx: Operand = a.indices;
  const [n, c, h, w] = tuple("max_pool2d_backward", "inputSize", a.inputSize, 4);
  floatOnly("max_pool2d_backward", gy);
  const s = gy.layout.shape;
  if (s.length !== 4 || s[0] !== n || s[1] !== c || idx.layout.shape.join() !== s.join()) {
    throw new RuntimeError(
      `max_pool2d_backward: grad_output ${fmtSize(s)} and indices ${fmtSize(idx.layout.shape)} do not fit input ${
        fmtSize([n, c, h, w])
      }`,
    );
  }
  const gx = empty([n, c, h, w], gy.storage.dtype, gy.storage.device);
  const p: PlanesShape = { n, c, h, w, oh: s[2], ow: s[3] };
  if (gx.layout.size > 0) {
    nnKernel("maxPool2dBackward", "max_pool2d_backward", gy, idx, gx)(dense(gy), dense(idx), gx, p);
  }
  return gx;
}

/** avg_pool2d's window and output size, with PyTorch's checks (also int64 average pooling's, src/nn/pool3d.ts). */
export function avgGeometry(op: string, xs: number[], a: Args): AvgPool2dGeometry & { oh: number; ow: number } {
  const g = poolGeometry(op, xs, a, false);
  if (a.divisorOverride !== null && a.divisorOverride === 0) throw new RuntimeError("divisor must be not zero");
  return { ...g, countIncludePad: a.countIncludePad, divisorOverride: a.divisorOverride };
}

function avgPool2d(a: Args): Operand {
  const x: Operand = a.input;
  const g = avgGeometry("avg_pool2d", input4("avg_pool2d", x), a);
  const y = empty([g.n, g.c, g.oh, g.ow], x.storage.dtype, x.storage.device);
  if (g.n > 0) nnKernel("avgPool2d", "avg_pool2d", x, y)(dense(x), y, g);
  return y;
}

function avgPoolBackward(a: Args): Operand {
  const gy: Operand = a.gradOutput;
  floatOnly("avg_pool2d_backward", gy);
  const xs = tuple("avg_pool2d_backward", "inputSize", a.inputSize, 4);
  const g = avgGeometry("avg_pool2d_backward", xs, a);
  const want = [g.n, g.c, g.oh, g.ow];
  if (gy.layout.shape.join() !== want.join()) {
    throw new RuntimeError(
      `avg_pool2d_backward: grad_output of size ${fmtSize(gy.layout.shape)}, expected ${fmtSize(want)}`,
    );
  }
  const gx = empty(xs, gy.storage.dtype, gy.storage.device);
  if (gx.layout.size > 0) nnKernel("avgPool2dBackward", "avg_pool2d_backward", gy, gx)(dense(gy), gx, g);
  return gx;
}

function adaptiveShape(op: string, x: Operand, size: number | readonly number[]): PlanesShape {
  const s = x.layout.shape;
  if (s.length !== 4 || s[1] * s[2] * s[3] === 0) {
    throw new RuntimeError(`${op}(): Expected 3D or 4D tensor, but got ${fmtSize(s)}`);
  }
  floatOnly(op, x);
  const [oh, ow] = tuple(op, "outputSize", size, 2);
  return { n: s[0], c: s[1], h: s[2], w: s[3], oh, ow };
}

function adaptiveAvgPool2d(a: Args): Operand {
  const x: Operand = a.input, p = adaptiveShape("adaptive_avg_pool2d", x, a.outputSize);
  const y = empty([p.n, p.c, p.oh, p.ow], x.storage.dtype, x.storage.device);
  if (y.layout.size > 0) nnKernel("adaptiveAvgPool2d", "adaptive_avg_pool2d", x, y)(dense(x), y, p);
  return y;
}

function adaptiveAvgBackward(a: Args): Operand {
  const gy: Operand = a.gradOutput;
  floatOnly("adaptive_avg_pool2d_backward", gy);
  const [n, c, h, w] = tuple("adaptive_avg_pool2d_backward", "inputSize", a.inputSize, 4);
  const s = gy.layout.shape;
  if (s.length !== 4 || s[0] !== n || s[1] !== c) {
    throw new RuntimeError(
      `adaptive_avg_pool2d_backward: grad_output of size ${fmtSize(s)} for input ${fmtSize([n, c, h, w])}`,
    );
  }
  const gx = empty([n, c, h, w], gy.storage.dtype, gy.storage.device);
  const p: PlanesShape = { n, c, h, w, oh: s[2], ow: s[3] };
  if (gx.layout.size > 0) {
    nnKernel("adaptiveAvgPool2dBackward", "adaptive_avg_pool2d_backward", gy, gx)(dense(gy), gx, p);
  }
  return gx;
}

function adaptiveMaxPool2d(a: Args): Operand[] {
  const x: Operand = a.input, p = adaptiveShape("adaptive_max_pool2d", x, a.outputSize);
  const y = empty([p.n, p.c, p.oh, p.ow], x.storage.dtype, x.storage.device);
  const idx = empty([p.n, p.c, p.oh, p.ow], "int64", x.storage.device);
  if (y.layout.size > 0) nnKernel("adaptiveMaxPool2d", "adaptive_max_pool2d", x, y, idx)(dense(x), y, idx, p);
  return [y, idx];
}

const IN = req("input", "array"), GY = req("gradOutput", "array"), SIZE = req("inputSize", "ints");
const WINDOW = [
  req("kernelSize", "ints"),
  opt("stride", "ints", null),
  opt("padding", "ints", 0),
] as const;
const AVG = [
  opt("ceilMode", "bool", false),
  opt("countIncludePad", "bool", true),
  opt("divisorOverride", "int", null),
] as const;

/** The pooling primitives (generated by src/nn/prims.ts). */
export const NN_POOL = {
  maxPool2d: defineOp({
    name: "maxPool2d",
    doc: "2-d max pooling: (values, flat indices within each plane).",
    torch: {
      names: ["maxPool2d"],
      overloads: [{
        sig: { pos: [IN, ...WINDOW, opt("dilation", "ints", 1), opt("ceilMode", "bool", false)], kw: [] },
        returns: "values",
        impl: maxPool2d,
      }],
    },
  }),
  _maxPool2dBackward: defineOp({
    name: "_maxPool2dBackward",
    doc: "The gradient of max pooling: gy added at the indices of a zero input.",
    torch: {
      names: ["_maxPool2dBackward"],
      overloads: [{ sig: { pos: [GY, req("indices", "array"), SIZE], kw: [] }, impl: maxPoolBackward }],
    },
  }),
  avgPool2d: defineOp({
    name: "avgPool2d",
    doc: "2-d average pooling.",
    torch: { names: ["avgPool2d"], overloads: [{ sig: { pos: [IN, ...WINDOW, ...AVG], kw: [] }, impl: avgPool2d }] },
  }),
  _avgPool2dBackward: defineOp({
    name: "_avgPool2dBackward",
    doc: "The gradient of average pooling.",
    torch: {
      names: ["_avgPool2dBackward"],
      overloads: [{ sig: { pos: [GY, SIZE, ...WINDOW, ...AVG], kw: [] }, impl: avgPoolBackward }],
    },
  }),
  adaptiveAvgPool2d: defineOp({
    name: "adaptiveAvgPool2d",
    doc: "2-d adaptive average pooling to an output size.",
    torch: {
      names: ["adaptiveAvgPool2d"],
      overloads: [{ sig: { pos: [IN, req("outputSize", "ints")], kw: [] }, impl: adaptiveAvgPool2d }],
    },
  }),
  _adaptiveAvgPool2dBackward: defineOp({
    name: "_adaptiveAvgPool2dBackward",
    doc: "The gradient of adaptive average pooling.",
    torch: {
      names: ["_adaptiveAvgPool2dBackward"],
      overloads: [{ sig: { pos: [GY, SIZE], kw: [] }, impl: adaptiveAvgBackward }],
    },
  }),
  adaptiveMaxPool2d: defineOp({
    name: "adaptiveMaxPool2d",
    doc: "2-d adaptive max pooling: (values, flat indices within each plane).",
    torch: {
      names: ["adaptiveMaxPool2d"],
      overloads: [{
        sig: { pos: [IN, req("outputSize", "ints")], kw: [] },
        returns: "values",
        impl: adaptiveMaxPool2d,
      }],
    },
  }),
};
