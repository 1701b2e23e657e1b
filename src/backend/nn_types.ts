/**
 * The geometry records of the nn kernels in the Backend table
 * (convolution, pooling, batch norm): what every backend's implementation
 * of them receives. The CPU kernels' wrappers (cpu_nn.ts) define the
 * geometry types; batch norm's operand records are here.
 */
export type {
  AvgPool2dGeometry,
  BatchNormShape,
  Conv2dGeometry,
  MaxPool2dGeometry,
  PlanesShape,
  Pool2dGeometry,
} from "./cpu_nn.ts";
export type { GridSampleGeometry, ResampleKernel, UpsampleGeometry } from "./cpu_resample.ts";
import type { BatchNormShape } from "./cpu_nn.ts";
import type { Backend } from "./backend.ts";

/** The nn kernels of the Backend table (every backend that has them implements all of them). */
export type NnKernel =
  | "conv2dForward"
  | "conv2dBackwardInput"
  | "conv2dBackwardWeight"
  | "maxPool2d"
  | "maxPool2dBackward"
  | "avgPool2d"
  | "avgPool2dBackward"
  | "adaptiveAvgPool2d"
  | "adaptiveAvgPool2dBackward"
  | "adaptiveMaxPool2d"
  | "batchNorm"
  | "batchNormBackward";

/** A backend's table of the nn kernels. */
export type NnKernels = Required<Pick<Backend, NnKernel>>;

/**
 * batch_norm's operands: x and y are n x c x hw; the per-channel ones (c
 * elements) may be null where absent (affine=False,
 * track_running_stats=False). Training uses the batch statistics and
 * updates the running ones in place; saveMean / saveInvstd receive what
 * the backward reads.
 */
export interface BatchNormArgs<O> {
  x: O;
  weight: O | null;
  bias: O | null;
  runningMean: O | null;
  runningVar: O | null;
  y: O;
  saveMean: O;
  saveInvstd: O;
  shape: BatchNormShape;
  momentum: number;
  eps: number;
  training: boolean;
}

/** batch_norm's backward: gradients (each may be null: not needed) from gy, x and the forward's saved statistics. */
export interface BatchNormBackwardArgs<O> {
  gy: O;
  x: O;
  weight: O | null;
  saveMean: O;
  saveInvstd: O;
  gx: O | null;
  gWeight: O | null;
  gBias: O | null;
  shape: BatchNormShape;
  training: boolean;
}
