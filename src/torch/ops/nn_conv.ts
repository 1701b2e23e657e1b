/**
 * The convolution primitives behind nn.Conv1d / Conv2d / ConvTranspose2d
 * and F.conv*: forward, and the two halves of the backward as ops of their
 * own (so their derivatives, in src/torch/derivatives_nn.ts, give double
 * backward). Each runs the device's kernel from the Backend table
 * (`conv2dForward`, `conv2dBackwardInput`, `conv2dBackwardWeight`; on the
 * CPU kernels/cpu/conv.c, oneDNN when linked). Padding is explicit per
 * side here ([top, left, bottom, right]); F.conv2d resolves "same" and
 * "valid" and the padding modes before calling these.
 *
 * conv_transpose2d is the convolution read backwards: its forward is the
 * convolution's input gradient for the geometry that maps its output to
 * its input.
 */
import { type Args, defineOp } from "../../api/define.ts";
import { opt, req } from "../../api/signature.ts";
import type { Conv2dGeometry } from "../../backend/nn_types.ts";
import { conv2dOutputSize } from "../../backend/cpu_nn.ts";
import { RuntimeError } from "../../core/errors.ts";
import type { Operand } from "../../core/storage.ts";
import { empty } from "../../ops/operand.ts";
import * as U from "../../ops/ufuncs.ts";
import { dense, floatOnly, fmtSize, nnKernel, sameDtype, tuple } from "./nn_common.ts";

/** The geometry parameters every convolution op takes after its operands. */
const GEOM = [
  opt("stride", "ints", 1),
  opt("padding", "ints", 0),
  opt("dilation", "ints", 1),
  opt("groups", "int", 1),
] as const;

/** [top, left, bottom, right] from 1, 2 or 4 numbers. */
function pad4(op: string, p: number | readonly number[]): [number, number, number, number] {
  const l = typeof p === "number" ? [p] : [...p];
  if (l.length === 1) return tuple(op, "padding", l[0], 4) as [number, number, number, number];
  if (l.length === 2) return tuple(op, "padding", [l[0], l[1], l[0], l[1]], 4) as [number, number, number, number];
  return tuple(op, "padding", l, 4) as [number, number, number, number];
}

/** The geometry of a convolution of an input of `xs` with a weight of `ws` (checked, PyTorch's messages). */
export function convGeometry(op: string, xs: readonly number[], ws: readonly number[], a: Args): Conv2dGeometry {
  if (ws.length !== 4) throw new RuntimeError(`${op}: expected a 4-dimensional weight, got size ${fmtSize(ws)}`);
  if (xs.length !== 4) {
    throw new RuntimeError(
      `Expected 3D (unbatched) or 4D (batched) input to ${op}, but got input of size: ${fmtSize(xs)}`,
    );
  }
  const groups: number = a.groups;
  if (!(groups > 0)) throw new RuntimeError("non-positive groups is not supported");
  const stride = tuple(op, "stride", a.stride, 2, 1) as [number, number];
  const dilation = tuple(op, "dilation", a.dilation, 2, 1) as [number, number];
  const padding = pad4(op, a.padding);
  const [n, c, h, w] = xs, [k, cg, r, s] = ws;
  if (k % groups !== 0) {
    throw new RuntimeError(
      `Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size ${
        fmtSize(ws)
      } instead`,
    );
  }
  if (cg * groups !== c) {
    throw new RuntimeError(
      `Given groups=${groups}, weight of size ${fmtSize(ws)}, expected input${fmtSize(xs)} to have ${
        cg * groups
      } channels, but got ${c} channels instead`,
    );
  }
  const hp = h + padding[0] + padding[2], wp = w + padding[1] + padding[3];
  const er = dilation[0] * (r - 1) + 1, es = dilation[1] * (s - 1) + 1;
  if (hp < er || wp < es) {
    throw new RuntimeError(
      `Calculated padded input size per channel: (${hp} x ${wp}). Kernel size: (${er} x ${es}). Kernel size can't be greater than actual input size`,
    );
  }
  return { n, c, h, w, k, r, s, stride, padding, dilation, groups };
}

function checkBias(b: Operand | null, ws: readonly number[], k: number): void {
  if (b && (b.layout.ndim !== 1 || b.layout.shape[0] !== k)) {
    throw new RuntimeError(
      `Given weight of size ${
        fmtSize(ws)
      }, expected bias to be 1-dimensional with ${k} elements, but got bias of size ${fmtSize(b.layout.shape)} instead`,
    );
  }
}

/** y += bias over channels (y: n x k x ...). */
function addBias(y: Operand, b: Operand): void {
  const shape = [1, b.layout.shape[0], ...Array(y.layout.ndim - 2).fill(1)];
  U.add(y, { storage: b.storage, layout: b.layout.reshape("conv", shape)! }, y);
}

function conv2d(a: Args): Operand {
  const x: Operand = a.input, w: Operand = a.weight, b: Operand | null = a.bias;
  floatOnly("conv2d", x);
  sameDtype("conv2d", x, w, "weight");
  sameDtype("conv2d", x, b, "bias");
  const g = convGeometry("conv2d", x.layout.shape, w.layout.shape, a);
  checkBias(b, w.layout.shape, g.k);
  const [oh, ow] = conv2dOutputSize(g);
  const y = empty([g.n, g.k, oh, ow], x.storage.dtype, x.storage.device);
  if (y.layout.size === 0) return y;
  nnKernel("conv2dForward", "conv2d", x, w, b, y)(dense(x), dense(w), b && dense(b), y, g);
  return y;
}

/** The convolution's input gradient (conv_transpose2d without bias) for an input of `inputSize`. */
function inputGrad(a: Args): Operand {
  const gy: Operand = a.gradOutput, w: Operand = a.weight;
  floatOnly("conv2d_backward", gy);
  sameDtype("conv2d_backward", gy, w, "weight");
  const g = convGeometry("conv2d", tuple("conv2d", "inputSize", a.inputSize, 4), w.layout.shape, a);
  const [oh, ow] = conv2dOutputSize(g);
  const want = [g.n, g.k, oh, ow];
  if (gy.layout.shape.join() !== want.join()) {
    throw new RuntimeError(
      `conv2d backward: grad_output of size ${fmtSize(gy.layout.shape)}, expected ${fmtSize(want)}`,
    );
  }
  const gx = empty([g.n, g.c, g.h, g.w], gy.storage.dtype, gy.storage.device);
  if (gx.layout.size === 0) return gx;
  if (gy.layout.size === 0) return U.multiply(gx, 0, gx);
  nnKernel("conv2dBackwardInput", "conv2d_backward", gy, w, gx)(dense(gy), dense(w), gx, g);
  return gx;
}

/** The convolution's weight gradient (and the bias's, the sum of gy over all but channels, when `bias`). */
function weightGrad(a: Args): Operand[] {
  const x: Operand = a.input, gy: Operand = a.gradOutput;
  floatOnly("conv2d_backward", x);
  sameDtype("conv2d_backward", x, gy, "grad_output");
  const ws = tuple("conv2d", "weightSize", a.weightSize, 4);
  const g = convGeometry("conv2d", x.layout.shape, ws, a);
  const dt = x.storage.dtype, dev = x.storage.device;
  const gw = empty(ws, dt, dev), gb = a.bias ? empty([g.k], dt, dev) : null;
  if (gw.layout.size > 0 || gb) {
    if (x.layout.size === 0 || gy.layout.size === 0) {
      U.multiply(gw, 0, gw);
      if (gb) U.multiply(gb, 0, gb);
    } else nnKernel("conv2dBackwardWeight", "conv2d_backward", x, gy, gw)(dense(x), dense(gy), gw, gb, g);
  }
  return gb ? [gw, gb] : [gw];
}

/** conv_transpose2d's output size per dim. */
function transposedSize(h: number, s: number, p: number, d: number, k: number, op: number): number {
  return (h - 1) * s - 2 * p + d * (k - 1) + op + 1;
}

function convTranspose2d(a: Args): Operand {
  const x: Operand = a.input, w: Operand = a.weight, b: Operand | null = a.bias;
  const op = "conv_transpose2d";
  floatOnly("slow_conv_transpose2d", x);
  sameDtype(op, x, w, "weight");
  sameDtype(op, x, b, "bias");
  const xs = x.layout.shape, ws = w.layout.shape;
  if (xs.length !== 4) {
    throw new RuntimeError(
      `Expected 3D (unbatched) or 4D (batched) input to ${op}, but got input of size: ${fmtSize(xs)}`,
    );
  }
  if (ws.length !== 4) throw new RuntimeError(`${op}: expected a 4-dimensional weight, got size ${fmtSize(ws)}`);
  const groups: number = a.groups;
  if (!(groups > 0)) throw new RuntimeError("non-positive groups is not supported");
  const stride = tuple(op, "stride", a.stride, 2, 1), dil = tuple(op, "dilation", a.dilation, 2, 1);
  const pad = tuple(op, "padding", a.padding, 2), outPad = tuple(op, "outputPadding", a.outputPadding, 2);
  if (outPad[0] >= Math.max(stride[0], dil[0]) || outPad[1] >= Math.max(stride[1], dil[1])) {
    throw new RuntimeError(
      `output padding must be smaller than either stride or dilation, but got output_padding_height: ${
        outPad[0]
      } output_padding_width: ${outPad[1]} stride_height: ${stride[0]} stride_width: ${stride[1]} dilation_height: ${
        dil[0]
      } dilation_width: ${dil[1]}`,
    );
  }
  const [n, cin, h, wd] = xs;
  if (ws[0] !== cin) {
    throw new RuntimeError(
      `Given transposed=1, weight of size ${fmtSize(ws)}, expected input${fmtSize(xs)} to have ${
        ws[0]
      } channels, but got ${cin} channels instead`,
    );
  }
  const cout = ws[1] * groups;
  const oh = transposedSize(h, stride[0], pad[0], dil[0], ws[2], outPad[0]);
  const ow = transposedSize(wd, stride[1], pad[1], dil[1], ws[3], outPad[1]);
  if (oh < 1 || ow < 1) {
    throw new RuntimeError(`${op}: the output size (${oh} x ${ow}) is too small for input size (${h} x ${wd})`);
  }
  checkBias(b, [ws[1] * groups, ...ws.slice(1)], cout);
  // the convolution that maps the output (n x cout x oh x ow) to the input (n x cin x h x w)
  const g = convGeometry("conv2d", [n, cout, oh, ow], ws, {
    stride,
    padding: [pad[0], pad[1], pad[0], pad[1]],
    dilation: dil,
    groups,
  });
  const y = empty([n, cout, oh, ow], x.storage.dtype, x.storage.device);
  if (y.layout.size === 0) return y;
  if (x.layout.size === 0) U.multiply(y, 0, y);
  else nnKernel("conv2dBackwardInput", op, x, w, y)(dense(x), dense(w), y, g);
  if (b) addBias(y, b);
  return y;
}

const IN = req("input", "array"), W = req("weight", "array"), B = opt("bias", "array", null);

/** The convolution primitives (generated by src/nn/prims.ts). */
export const NN_CONV = {
  conv2d: defineOp({
    name: "conv2d",
    doc: "2-d convolution (cross-correlation) of an n x c x h x w input, explicit padding per side.",
    torch: { names: ["conv2d"], overloads: [{ sig: { pos: [IN, W, B, ...GEOM], kw: [] }, impl: conv2d }] },
  }),
  _conv2dInputGrad: defineOp({
    name: "_conv2dInputGrad",
    doc: "The gradient of conv2d with respect to its input.",
    torch: {
      names: ["_conv2dInputGrad"],
      overloads: [{
        sig: { pos: [req("gradOutput", "array"), W, req("inputSize", "ints"), ...GEOM], kw: [] },
        impl: inputGrad,
      }],
    },
  }),
  _conv2dWeightGrad: defineOp({
    name: "_conv2dWeightGrad",
    doc: "The gradients of conv2d with respect to its weight (and bias).",
    torch: {
      names: ["_conv2dWeightGrad"],
      overloads: [{
        sig: {
          pos: [IN, req("gradOutput", "array"), req("weightSize", "ints"), ...GEOM, opt("bias", "bool", false)],
          kw: [],
        },
        returns: "arrays",
        impl: weightGrad,
      }],
    },
  }),
  convTranspose2d: defineOp({
    name: "convTranspose2d",
    doc: "2-d transposed convolution (the gradient of conv2d as a layer).",
    torch: {
      names: ["convTranspose2d"],
      overloads: [{
        sig: {
          pos: [
            IN,
            W,
            B,
            opt("stride", "ints", 1),
            opt("padding", "ints", 0),
            opt("outputPadding", "ints", 0),
            opt("groups", "int", 1),
            opt("dilation", "ints", 1),
          ],
          kw: [],
        },
        impl: convTranspose2d,
      }],
    },
  }),
};
