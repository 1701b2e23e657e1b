/**
 * The nn members of the CPU Backend table (convolution, pooling, batch
 * norm): operands checked and turned into the byte views the kernels of
 * cpu_nn.ts take. Operands must be C-contiguous (any offset); outputs are
 * checked writable.
 */
import { DTYPES } from "../core/dtype.ts";
import { checkOperand, checkOutput, type Operand } from "../core/storage.ts";
import type { NnKernels } from "./nn_types.ts";
import * as K from "./cpu_nn.ts";

/** The bytes of a C-contiguous operand (checked live and in bounds). */
function bytes(x: Operand, op: string, out = false): Uint8Array {
  if (out) checkOutput(x, op);
  else checkOperand(x, op);
  if (!x.layout.isContiguous) throw new TypeError(`${op}: the kernels take C-contiguous operands`);
  const isz = DTYPES[x.storage.dtype].itemsize, b = x.storage.bytes;
  return b.subarray(x.layout.offset * isz, (x.layout.offset + x.layout.size) * isz);
}
const opt = (x: Operand | null, op: string, out = false) => (x ? bytes(x, op, out) : null);

function floatOf(x: Operand, op: string): K.FloatDType {
  const d = x.storage.dtype;
  if (d !== "float32" && d !== "float64") throw new TypeError(`${op}: expected float32 or float64, got ${d}`);
  return d;
}

/** The CPU implementations of the Backend's nn kernels. */
export function cpuNnKernels(): NnKernels {
  return {
    conv2dForward(x, w, bias, y, g) {
      const op = "conv2d";
      K.conv2dForward(floatOf(x, op), bytes(x, op), bytes(w, op), opt(bias, op), bytes(y, op, true), g);
    },
    conv2dBackwardInput(gy, w, gx, g) {
      const op = "conv2d backward";
      K.conv2dBackwardInput(floatOf(gy, op), bytes(gy, op), bytes(w, op), bytes(gx, op, true), g);
    },
    conv2dBackwardWeight(x, gy, gw, gb, g) {
      const op = "conv2d backward";
      K.conv2dBackwardWeight(floatOf(x, op), bytes(x, op), bytes(gy, op), bytes(gw, op, true), opt(gb, op, true), g);
    },
    maxPool2d(x, y, idx, g) {
      const op = "max_pool2d";
      K.maxPool2d(floatOf(x, op), bytes(x, op), bytes(y, op, true), bytes(idx, op, true), g);
    },
    maxPool2dBackward(gy, idx, gx, p) {
      const op = "max_pool2d backward";
      K.maxPool2dBackward(floatOf(gy, op), bytes(gy, op), bytes(idx, op), bytes(gx, op, true), p);
    },
    avgPool2d(x, y, g) {
      const op = "avg_pool2d";
      K.avgPool2d(floatOf(x, op), bytes(x, op), bytes(y, op, true), g);
    },
    avgPool2dBackward(gy, gx, g) {
      const op = "avg_pool2d backward";
      K.avgPool2dBackward(floatOf(gy, op), bytes(gy, op), bytes(gx, op, true), g);
    },
    adaptiveAvgPool2d(x, y, p) {
      const op = "adaptive_avg_pool2d";
      K.adaptiveAvgPool2d(floatOf(x, op), bytes(x, op), bytes(y, op, true), p);
    },
    adaptiveAvgPool2dBackward(gy, gx, p) {
      const op = "adaptive_avg_pool2d backward";
      K.adaptiveAvgPool2dBackward(floatOf(gy, op), bytes(gy, op), bytes(gx, op, true), p);
    },
    adaptiveMaxPool2d(x, y, idx, p) {
      const op = "adaptive_max_pool2d";
      K.adaptiveMaxPool2d(floatOf(x, op), bytes(x, op), bytes(y, op, true), bytes(idx, op, true), p);
    },
    batchNorm(a) {
      const op = "batch_norm";
      K.batchNorm(
        floatOf(a.x, op),
        bytes(a.x, op),
        opt(a.weight, op),
        opt(a.bias, op),
        opt(a.runningMean, op, true),
        opt(a.runningVar, op, true),
        bytes(a.y, op, true),
        bytes(a.saveMean, op, true),
        bytes(a.saveInvstd, op, true),
        a.shape,
        a.momentum,
        a.eps,
        a.training,
      );
    },
    batchNormBackward(a) {
      const op = "batch_norm backward";
      K.batchNormBackward(
        floatOf(a.x, op),
        bytes(a.gy, op),
        bytes(a.x, op),
        opt(a.weight, op),
        bytes(a.saveMean, op),
        bytes(a.saveInvstd, op),
        opt(a.gx, op, true),
        opt(a.gWeight, op, true),
        opt(a.gBias, op, true),
        a.shape,
        a.training,
      );
    },
  };
}
