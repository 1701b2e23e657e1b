/**
 * Typed wrappers over the convolution, pooling and batch-norm kernels
 * (kernels/cpu/conv.c, pool.c, batchnorm.c): contiguous NCHW operands as byte views,
 * geometry as plain numbers. Sizes are checked here (the C side cannot see
 * a buffer's length) and the geometry again in C.
 *
 * conv_transpose2d is the convolution read backwards: its forward is
 * `conv2dBackwardInput` (plus the bias), its input gradient `conv2dForward`
 * and its weight gradient `conv2dBackwardWeight(gy, x)`, all with the
 * geometry of the convolution that maps its output to its input.
 */
import { K, lastError } from "../../ffi/lib.ts";
import { DTYPES } from "../core/dtype.ts";

/** The dtypes these kernels run. */
export type FloatDType = "float32" | "float64";

/**
 * A 2-d convolution: input n x c x h x w, weight k x c/groups x r x s.
 * Padding is explicit per side ([top, left, bottom, right]).
 */
export interface Conv2dGeometry {
  n: number;
  c: number;
  h: number;
  w: number;
  k: number;
  r: number;
  s: number;
  stride: readonly [number, number];
  padding: readonly [number, number, number, number];
  dilation: readonly [number, number];
  groups: number;
}

/** "auto" picks per call; "im2col" and "onednn" force a path (oneDNN: float32, when linked). */
export type ConvImpl = "auto" | "im2col" | "onednn";
const IMPL: Record<ConvImpl, number> = { auto: 0, im2col: 1, onednn: 2 };

/** A pooling window over n x c x h x w planes (symmetric padding per dim, as PyTorch's). */
export interface Pool2dGeometry {
  n: number;
  c: number;
  h: number;
  w: number;
  kernel: readonly [number, number];
  stride: readonly [number, number];
  padding: readonly [number, number];
  ceilMode: boolean;
}

/** max_pool2d's window adds dilation. */
export interface MaxPool2dGeometry extends Pool2dGeometry {
  dilation: readonly [number, number];
}

/** avg_pool2d's divisor rules. */
export interface AvgPool2dGeometry extends Pool2dGeometry {
  countIncludePad: boolean;
  divisorOverride: number | null;
}

/** Input planes and output size, for adaptive pools and the max-pool gradient. */
export interface PlanesShape {
  n: number;
  c: number;
  h: number;
  w: number;
  oh: number;
  ow: number;
}

const META = new BigInt64Array(24);
const M32 = new Int32Array(META.buffer);

/** meta as int64 without BigInt conversions (values are safe integers). */
function pack(values: readonly number[]): BigInt64Array {
  values.forEach((v, i) => {
    if (!Number.isSafeInteger(v)) throw new RangeError(`nn kernels: ${v} is not an integer`);
    M32[2 * i] = v;
    M32[2 * i + 1] = Math.floor(v / 4294967296);
  });
  return META;
}

/** The kernels' messages start with the op's name. */
function check(rc: number): void {
  if (rc !== 0) throw new RangeError(lastError());
}

function expectBytes(buf: Uint8Array, elements: number, itemsize: number, what: string, op: string): void {
  if (buf.byteLength !== elements * itemsize) {
    throw new RangeError(`${op}: ${what} has ${buf.byteLength} bytes, expected ${elements * itemsize}`);
  }
}

const code = (d: FloatDType) => {
  if (d !== "float32" && d !== "float64") throw new TypeError(`nn kernels: dtype must be float32 or float64, got ${d}`);
  return DTYPES[d].code;
};

/** Output height and width of a convolution (PyTorch's formula). */
export function conv2dOutputSize(g: Conv2dGeometry): [number, number] {
  const [sh, sw] = g.stride, [pt, pl, pb, pr] = g.padding, [dh, dw] = g.dilation;
  return [
    Math.floor((g.h + pt + pb - dh * (g.r - 1) - 1) / sh) + 1,
    Math.floor((g.w + pl + pr - dw * (g.s - 1) - 1) / sw) + 1,
  ];
}

function convMeta(g: Conv2dGeometry): { meta: BigInt64Array; x: number; wt: number; y: number } {
  const [oh, ow] = conv2dOutputSize(g);
  const meta = pack([
    g.n,
    g.c,
    g.h,
    g.w,
    g.k,
    g.r,
    g.s,
    ...g.stride,
    ...g.padding,
    ...g.dilation,
    g.groups,
    oh,
    ow,
  ]);
  const wt = g.k * Math.floor(g.c / g.groups) * g.r * g.s;
  return { meta, x: g.n * g.c * g.h * g.w, wt, y: Math.max(g.n * g.k * oh * ow, 0) };
}

/** y = conv2d(x, w) + bias (bias may be null). */
export function conv2dForward(
  dtype: FloatDType,
  x: Uint8Array,
  w: Uint8Array,
  bias: Uint8Array | null,
  y: Uint8Array,
  g: Conv2dGeometry,
  impl: ConvImpl = "auto",
): void {
  const c = code(dtype), isz = DTYPES[dtype].itemsize, m = convMeta(g), op = "conv2d";
  expectBytes(x, m.x, isz, "input", op);
  expectBytes(w, m.wt, isz, "weight", op);
  if (bias) expectBytes(bias, g.k, isz, "bias", op);
  expectBytes(y, m.y, isz, "output", op);
  check(K.dk_conv2d_forward(c, x, w, bias, y, m.meta, IMPL[impl]));
}

/** gx = the gradient of conv2d w.r.t. its input, from gy (also conv_transpose2d's forward). */
export function conv2dBackwardInput(
  dtype: FloatDType,
  gy: Uint8Array,
  w: Uint8Array,
  gx: Uint8Array,
  g: Conv2dGeometry,
  impl: ConvImpl = "auto",
): void {
  const c = code(dtype), isz = DTYPES[dtype].itemsize, m = convMeta(g), op = "conv2d backward";
  expectBytes(gy, m.y, isz, "output gradient", op);
  expectBytes(w, m.wt, isz, "weight", op);
  expectBytes(gx, m.x, isz, "input gradient", op);
  check(K.dk_conv2d_backward_input(c, gy, w, gx, m.meta, IMPL[impl]));
}

/** gw (and gb = the sum of gy over batch and positions, unless null) from x and gy. */
export function conv2dBackwardWeight(
  dtype: FloatDType,
  x: Uint8Array,
  gy: Uint8Array,
  gw: Uint8Array,
  gb: Uint8Array | null,
  g: Conv2dGeometry,
  impl: ConvImpl = "auto",
): void {
  const c = code(dtype), isz = DTYPES[dtype].itemsize, m = convMeta(g), op = "conv2d backward";
  expectBytes(x, m.x, isz, "input", op);
  expectBytes(gy, m.y, isz, "output gradient", op);
  expectBytes(gw, m.wt, isz, "weight gradient", op);
  if (gb) expectBytes(gb, g.k, isz, "bias gradient", op);
  check(K.dk_conv2d_backward_weight(c, x, gy, gw, gb, m.meta, IMPL[impl]));
}

/** Whether the library was built with oneDNN. */
export function haveOneDNN(): boolean {
  return K.dk_have_dnnl() === 1;
}

/** PyTorch's pooling_output_shape for one dim. */
export function poolOutputSize(
  size: number,
  k: number,
  pad: number,
  stride: number,
  dil: number,
  ceil: boolean,
): number {
  let out = Math.floor((size + 2 * pad - dil * (k - 1) - 1 + (ceil ? stride - 1 : 0)) / stride) + 1;
  if (ceil && (out - 1) * stride >= size + pad) out--;
  return out;
}

/** Output height and width of a pooling window. */
export function pool2dOutputSize(g: Pool2dGeometry & { dilation?: readonly [number, number] }): [number, number] {
  const [dh, dw] = g.dilation ?? [1, 1];
  return [
    poolOutputSize(g.h, g.kernel[0], g.padding[0], g.stride[0], dh, g.ceilMode),
    poolOutputSize(g.w, g.kernel[1], g.padding[1], g.stride[1], dw, g.ceilMode),
  ];
}

function poolSizes(dtype: FloatDType, g: Pool2dGeometry & { dilation?: readonly [number, number] }) {
  const [oh, ow] = pool2dOutputSize(g);
  const planes = g.n * g.c;
  return { isz: DTYPES[dtype].itemsize, x: planes * g.h * g.w, y: Math.max(planes * oh * ow, 0), oh, ow };
}

/** y = max_pool2d(x), idx = the flat h * w index of each maximum within its plane (int64). */
export function maxPool2d(
  dtype: FloatDType,
  x: Uint8Array,
  y: Uint8Array,
  idx: Uint8Array,
  g: MaxPool2dGeometry,
): void {
  const c = code(dtype), s = poolSizes(dtype, g), op = "max_pool2d";
  expectBytes(x, s.x, s.isz, "input", op);
  expectBytes(y, s.y, s.isz, "output", op);
  expectBytes(idx, s.y, 8, "indices", op);
  const meta = pack([
    g.n,
    g.c,
    g.h,
    g.w,
    ...g.kernel,
    ...g.stride,
    ...g.padding,
    ...g.dilation,
    g.ceilMode ? 1 : 0,
    s.oh,
    s.ow,
  ]);
  check(K.dk_max_pool2d(c, x, y, idx, meta));
}

/** gx = 0, then gx[plane, idx] += gy: the gradient of max_pool2d and adaptive_max_pool2d. */
export function maxPool2dBackward(
  dtype: FloatDType,
  gy: Uint8Array,
  idx: Uint8Array,
  gx: Uint8Array,
  p: PlanesShape,
): void {
  const c = code(dtype), isz = DTYPES[dtype].itemsize, op = "max_pool2d backward";
  const planes = p.n * p.c;
  expectBytes(gy, planes * p.oh * p.ow, isz, "output gradient", op);
  expectBytes(idx, planes * p.oh * p.ow, 8, "indices", op);
  expectBytes(gx, planes * p.h * p.w, isz, "input gradient", op);
  check(K.dk_max_pool2d_backward(c, gy, idx, gx, pack([p.n, p.c, p.h, p.w, p.oh, p.ow])));
}

function avgMeta(g: AvgPool2dGeometry, oh: number, ow: number): BigInt64Array {
  return pack([
    g.n,
    g.c,
    g.h,
    g.w,
    ...g.kernel,
    ...g.stride,
    ...g.padding,
    g.ceilMode ? 1 : 0,
    g.countIncludePad ? 1 : 0,
    g.divisorOverride ?? 0,
    oh,
    ow,
  ]);
}

/** y = avg_pool2d(x). */
export function avgPool2d(dtype: FloatDType, x: Uint8Array, y: Uint8Array, g: AvgPool2dGeometry): void {
  const c = code(dtype), s = poolSizes(dtype, g), op = "avg_pool2d";
  if (g.divisorOverride !== null && g.divisorOverride <= 0) throw new RangeError(`${op}: divisor must be not zero`);
  expectBytes(x, s.x, s.isz, "input", op);
  expectBytes(y, s.y, s.isz, "output", op);
  check(K.dk_avg_pool2d(c, x, y, avgMeta(g, s.oh, s.ow)));
}

/** gx = the gradient of avg_pool2d, from gy. */
export function avgPool2dBackward(dtype: FloatDType, gy: Uint8Array, gx: Uint8Array, g: AvgPool2dGeometry): void {
  const c = code(dtype), s = poolSizes(dtype, g), op = "avg_pool2d backward";
  if (g.divisorOverride !== null && g.divisorOverride <= 0) throw new RangeError(`${op}: divisor must be not zero`);
  expectBytes(gy, s.y, s.isz, "output gradient", op);
  expectBytes(gx, s.x, s.isz, "input gradient", op);
  check(K.dk_avg_pool2d_backward(c, gy, gx, avgMeta(g, s.oh, s.ow)));
}

function adaptive(
  mode: number,
  op: string,
  dtype: FloatDType,
  a: Uint8Array,
  b: Uint8Array,
  idx: Uint8Array | null,
  p: PlanesShape,
): void {
  const c = code(dtype), isz = DTYPES[dtype].itemsize, planes = p.n * p.c;
  const [inN, outN] = mode === 2
    ? [planes * p.oh * p.ow, planes * p.h * p.w]
    : [planes * p.h * p.w, planes * p.oh * p.ow];
  expectBytes(a, inN, isz, mode === 2 ? "output gradient" : "input", op);
  expectBytes(b, outN, isz, mode === 2 ? "input gradient" : "output", op);
  if (idx) expectBytes(idx, outN, 8, "indices", op);
  check(K.dk_adaptive_pool2d(mode, c, a, b, idx, pack([p.n, p.c, p.h, p.w, p.oh, p.ow])));
}

/** y = adaptive_avg_pool2d(x) to p.oh x p.ow. */
export function adaptiveAvgPool2d(dtype: FloatDType, x: Uint8Array, y: Uint8Array, p: PlanesShape): void {
  adaptive(0, "adaptive_avg_pool2d", dtype, x, y, null, p);
}

/** gx = the gradient of adaptive_avg_pool2d, from gy. */
export function adaptiveAvgPool2dBackward(dtype: FloatDType, gy: Uint8Array, gx: Uint8Array, p: PlanesShape): void {
  adaptive(2, "adaptive_avg_pool2d backward", dtype, gy, gx, null, p);
}

/** y = adaptive_max_pool2d(x), idx as maxPool2d's; its gradient is maxPool2dBackward. */
export function adaptiveMaxPool2d(
  dtype: FloatDType,
  x: Uint8Array,
  y: Uint8Array,
  idx: Uint8Array,
  p: PlanesShape,
): void {
  adaptive(1, "adaptive_max_pool2d", dtype, x, y, idx, p);
}

/** Batch-norm operands: n x c x hw (statistics per channel over n and hw). */
export interface BatchNormShape {
  n: number;
  c: number;
  hw: number;
}

/**
 * y = batch_norm(x). Training: batch statistics, and the running ones
 * (when given) updated in place with `momentum`; else the running ones.
 * saveMean / saveInvstd (c elements) receive what the backward needs.
 */
export function batchNorm(
  dtype: FloatDType,
  x: Uint8Array,
  gamma: Uint8Array | null,
  beta: Uint8Array | null,
  runningMean: Uint8Array | null,
  runningVar: Uint8Array | null,
  y: Uint8Array,
  saveMean: Uint8Array,
  saveInvstd: Uint8Array,
  p: BatchNormShape,
  momentum: number,
  eps: number,
  training: boolean,
): void {
  const c = code(dtype), isz = DTYPES[dtype].itemsize, op = "batch_norm";
  expectBytes(x, p.n * p.c * p.hw, isz, "input", op);
  expectBytes(y, p.n * p.c * p.hw, isz, "output", op);
  for (
    const [b, what] of [[gamma, "weight"], [beta, "bias"], [runningMean, "running_mean"], [
      runningVar,
      "running_var",
    ]] as const
  ) {
    if (b) expectBytes(b, p.c, isz, what, op);
  }
  expectBytes(saveMean, p.c, isz, "saved mean", op);
  expectBytes(saveInvstd, p.c, isz, "saved invstd", op);
  const meta = pack([p.n, p.c, p.hw]);
  check(
    K.dk_batch_norm(
      c,
      x,
      gamma,
      beta,
      runningMean,
      runningVar,
      y,
      saveMean,
      saveInvstd,
      meta,
      momentum,
      eps,
      training ? 1 : 0,
    ),
  );
}

/** The gradients of batchNorm (each output may be null) from gy, x and what the forward saved. */
export function batchNormBackward(
  dtype: FloatDType,
  gy: Uint8Array,
  x: Uint8Array,
  gamma: Uint8Array | null,
  saveMean: Uint8Array,
  saveInvstd: Uint8Array,
  gx: Uint8Array | null,
  ggamma: Uint8Array | null,
  gbeta: Uint8Array | null,
  p: BatchNormShape,
  training: boolean,
): void {
  const c = code(dtype), isz = DTYPES[dtype].itemsize, op = "batch_norm backward", n = p.n * p.c * p.hw;
  expectBytes(gy, n, isz, "output gradient", op);
  expectBytes(x, n, isz, "input", op);
  if (gx) expectBytes(gx, n, isz, "input gradient", op);
  for (const [b, what] of [[gamma, "weight"], [ggamma, "weight gradient"], [gbeta, "bias gradient"]] as const) {
    if (b) expectBytes(b, p.c, isz, what, op);
  }
  expectBytes(saveMean, p.c, isz, "saved mean", op);
  expectBytes(saveInvstd, p.c, isz, "saved invstd", op);
  const meta = pack([p.n, p.c, p.hw]);
  check(K.dk_batch_norm_backward(c, gy, x, gamma, saveMean, saveInvstd, gx, ggamma, gbeta, meta, training ? 1 : 0));
}

/** SGD's dk_sgd_step flags. */
export interface SgdFlags {
  nesterov: boolean;
  maximize: boolean;
  /** The momentum buffer starts as the gradient (first step). */
  first: boolean;
}

/**
 * One SGD update of n contiguous elements in place (p, and buf unless
 * momentum is 0): PyTorch's single-tensor SGD fused (kernels/cpu/optim_step.c).
 */
export function sgdStep(
  dtype: FloatDType,
  p: Uint8Array,
  g: Uint8Array,
  buf: Uint8Array | null,
  lr: number,
  momentum: number,
  dampening: number,
  weightDecay: number,
  f: SgdFlags,
): void {
  const isz = DTYPES[dtype].itemsize, n = p.byteLength / isz, op = "sgd step";
  expectBytes(g, n, isz, "gradient", op);
  if (buf) expectBytes(buf, n, isz, "momentum buffer", op);
  check(K.dk_sgd_step(code(dtype), p, g, buf, BigInt(n), lr, momentum, dampening, weightDecay, sgdFlags(f, momentum)));
}

/** The flags of an SGD step as kernels/include/optim_step.h reads them. */
export function sgdFlags(f: SgdFlags, momentum: number): number {
  return (f.nesterov ? 1 : 0) | (f.maximize ? 2 : 0) | (f.first ? 4 : 0) | (momentum !== 0 ? 8 : 0);
}

/** Adam's scalars: lr, betas, eps, weight decay, the step size lr / bc1 and sqrt(bc2), and its flags. */
export interface AdamScalars {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  stepSize: number;
  bc2Sqrt: number;
  maximize: boolean;
  decoupled: boolean;
  amsgrad: boolean;
}

const ADAM_S = new Float64Array(7);

/** One Adam / AdamW update of n contiguous elements in place (p, m, v and vmax with amsgrad), fused. */
export function adamStep(
  dtype: FloatDType,
  p: Uint8Array,
  g: Uint8Array,
  m: Uint8Array,
  v: Uint8Array,
  vmax: Uint8Array | null,
  s: AdamScalars,
): void {
  const isz = DTYPES[dtype].itemsize, n = p.byteLength / isz, op = "adam step";
  expectBytes(g, n, isz, "gradient", op);
  expectBytes(m, n, isz, "exp_avg", op);
  expectBytes(v, n, isz, "exp_avg_sq", op);
  if (vmax) expectBytes(vmax, n, isz, "max_exp_avg_sq", op);
  const packed = adamPacked(s);
  ADAM_S.set(packed.scalars);
  check(K.dk_adam_step(code(dtype), p, g, m, v, vmax, BigInt(n), ADAM_S, packed.flags));
}

/** Adam's scalars and flags as kernels/include/optim_step.h reads them. */
export function adamPacked(s: AdamScalars): { scalars: number[]; flags: number } {
  return {
    scalars: [s.lr, s.beta1, s.beta2, s.eps, s.weightDecay, s.stepSize, s.bc2Sqrt],
    flags: (s.maximize ? 1 : 0) | (s.decoupled ? 2 : 0) | (s.amsgrad ? 4 : 0),
  };
}
