/**
 * The nn members of the CUDA Backend table: convolution through cuDNN
 * (`CudaDevice.conv`), pooling and batch norm as NVRTC kernels
 * (kernels/cuda/pool.cu, batchnorm.cu) that follow the CPU kernels' window
 * rules, tie-breaking and accumulation, as PyTorch's own CUDA pooling and
 * batch-norm kernels do (max_pool2d must return the int64 indices the
 * slot's backward takes, which cuDNN's pooling has no output for).
 *
 * Operands are C-contiguous NCHW at any offset, like the CPU slots'.
 */
import { DTYPES } from "../core/dtype.ts";
import { RuntimeError } from "../core/errors.ts";
import { checkOperand, checkOutput, type Operand } from "../core/storage.ts";
import { View } from "../core/view.ts";
import { conv2dOutputSize, pool2dOutputSize } from "./cpu_nn.ts";
import type { ConvCall, CudaDevice } from "./cuda_context.ts";
import { ARGS, elementwiseGeometry, LAYOUT, MAX_GRID_X, MAX_GRID_Y, pow2ceil, THREADS } from "./cuda_meta.ts";
import type * as NN from "./nn_types.ts";

type Float = "float32" | "float64";

/** What the nn kernels need from the backend that hosts them. */
export interface NnHost {
  ctx: CudaDevice;
  /** The device address of an operand's storage (checked live, on this device, in bounds). */
  opnd(x: Operand, op: string): bigint;
  /** A fresh C-contiguous operand of `shape` on this device. */
  fresh(dtype: Float, shape: number[], zero: boolean): Operand;
  /** Strided copy (the backend's cast). */
  cast(x: Operand, out: Operand): void;
}

/**
 * The cuDNN call of a convolution of geometry `g` over an h x w input
 * with symmetric padding `pad` ([ph, pw]; the caller pads asymmetric
 * ones explicitly); device addresses are the caller's.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { convCallOf } from "./cuda_nn.ts";
 * const g = {
 *   n: 2, c: 3, h: 9, w: 9, k: 4, r: 3, s: 3, groups: 1,
 *   stride: [2, 2], padding: [1, 1, 1, 1], dilation: [1, 1],
 * } as const;
 * const call = convCallOf("forward", "float32", g, 9, 9, [1, 1]);
 * assert.deepEqual([call.n, call.k, call.oh, call.ow], [2, 4, 5, 5]);
 * ```
 */
export function convCallOf(
  op: ConvCall["op"],
  dtype: Float,
  g: NN.Conv2dGeometry,
  h: number,
  w: number,
  pad: [number, number],
): ConvCall {
  const [oh, ow] = conv2dOutputSize({ ...g, h, w, padding: [pad[0], pad[1], pad[0], pad[1]] });
  return {
    op,
    dtype,
    n: g.n,
    c: g.c,
    h,
    w,
    k: g.k,
    r: g.r,
    s: g.s,
    oh,
    ow,
    pad,
    stride: g.stride,
    dilation: g.dilation,
    groups: g.groups,
    x: 0n,
    filter: 0n,
    y: 0n,
    bias: 0n,
  };
}

/** The CUDA implementations of the Backend's nn kernels. */
export function cudaNnKernels(host: NnHost): NN.NnKernels {
  const { ctx } = host;
  const floatOf = (x: Operand, op: string): Float => {
    const d = x.storage.dtype;
    if (d !== "float32" && d !== "float64") throw new TypeError(`${op}: expected float32 or float64, got ${d}`);
    return d;
  };
  /** The address of a contiguous operand's first element. */
  const at = (x: Operand, op: string, out = false): bigint => {
    if (out) checkOutput(x, op);
    else checkOperand(x, op);
    if (!x.layout.isContiguous) throw new TypeError(`${op}: the kernels take C-contiguous operands`);
    return host.opnd(x, op) + BigInt(x.layout.offset * DTYPES[x.storage.dtype].itemsize);
  };
  const atOpt = (x: Operand | null, op: string, out = false) => (x ? at(x, op, out) : 0n);
  const expect = (x: Operand, n: number, what: string, op: string) => {
    if (x.layout.size !== n) throw new RangeError(`${op}: ${what} has ${x.layout.size} elements, expected ${n}`);
  };
  const zero = (x: Operand, op: string) => ctx.zero(at(x, op, true), x.layout.size * DTYPES[x.storage.dtype].itemsize);
  const launch = (module: string, kernel: string, total: number) => {
    if (total > 0) ctx.launch(ctx.kernel(module, kernel), elementwiseGeometry({ n: total, flags: 0, vec: 1 }));
  };

  // ---- convolution ----

  /**
   * cuDNN pads symmetrically: an asymmetric padding (padding="same" with
   * an even kernel) runs on an explicitly zero-padded input instead.
   */
  const symmetric = (g: NN.Conv2dGeometry) => g.padding[0] === g.padding[2] && g.padding[1] === g.padding[3];
  const padded = (g: NN.Conv2dGeometry) => ({
    h: g.h + g.padding[0] + g.padding[2],
    w: g.w + g.padding[1] + g.padding[3],
  });
  /** The interior of a padded n x c x H x W buffer that holds the unpadded input. */
  const interior = (p: Operand, g: NN.Conv2dGeometry): Operand => {
    const { h: H, w: W } = padded(g);
    const strides = [g.c * H * W, H * W, W, 1];
    return { storage: p.storage, layout: new View([g.n, g.c, g.h, g.w], strides, g.padding[0] * W + g.padding[1]) };
  };
  const padInput = (x: Operand, dtype: Float, g: NN.Conv2dGeometry): Operand => {
    const { h, w } = padded(g);
    const p = host.fresh(dtype, [g.n, g.c, h, w], true);
    host.cast(x, interior(p, g));
    return p;
  };
  const checkConv = (g: NN.Conv2dGeometry, op: string) => {
    if (g.groups < 1 || g.c % g.groups !== 0 || g.k % g.groups !== 0) {
      throw new RangeError(`${op}: channels (${g.c} in, ${g.k} out) must be divisible by groups (${g.groups})`);
    }
    const [oh, ow] = conv2dOutputSize(g);
    if (oh < 1 || ow < 1) throw new RangeError(`${op}: output size is too small (${oh} x ${ow})`);
    return g.n * g.k * oh * ow;
  };
  const inputSize = (g: NN.Conv2dGeometry) => g.n * g.c * g.h * g.w;
  const weightSize = (g: NN.Conv2dGeometry) => g.k * (g.c / g.groups) * g.r * g.s;

  // ---- pooling ----

  /** Writes PoolArgs (kind 0 max, 1 avg, 2 adaptive) and returns the outputs. */
  const pool = (
    x: bigint,
    y: bigint,
    idx: bigint,
    p: NN.PlanesShape,
    kind: 0 | 1 | 2,
    win: Partial<NN.MaxPool2dGeometry & NN.AvgPool2dGeometry> = {},
  ): number => {
    const L = LAYOUT.pool;
    ARGS.u64(L.x, x);
    ARGS.u64(L.y, y);
    ARGS.u64(L.idx, idx);
    const fields: [number, number][] = [
      [L.planes, p.n * p.c],
      [L.h, p.h],
      [L.w, p.w],
      [L.oh, p.oh],
      [L.ow, p.ow],
      [L.kh, win.kernel?.[0] ?? 1],
      [L.kw, win.kernel?.[1] ?? 1],
      [L.sh, win.stride?.[0] ?? 1],
      [L.sw, win.stride?.[1] ?? 1],
      [L.ph, win.padding?.[0] ?? 0],
      [L.pw, win.padding?.[1] ?? 0],
      [L.dh, win.dilation?.[0] ?? 1],
      [L.dw, win.dilation?.[1] ?? 1],
      [L.div, win.divisorOverride ?? 0],
      [L.incl, win.countIncludePad ? 1 : 0],
      [L.kind, kind],
    ];
    for (const [o, v] of fields) ARGS.i64(o, v);
    return p.n * p.c * p.oh * p.ow;
  };
  /** The planes of a pooling geometry, checked as the CPU kernels check it. */
  const planes = (g: NN.Pool2dGeometry & { dilation?: readonly [number, number] }, op: string): NN.PlanesShape => {
    const [dh, dw] = g.dilation ?? [1, 1];
    if (g.kernel.some((k) => k < 1) || g.stride.some((s) => s < 1) || dh < 1 || dw < 1) {
      throw new RangeError(`${op}: kernel, stride and dilation must be positive`);
    }
    if (
      g.padding[0] < 0 || g.padding[1] < 0 || g.padding[0] > Math.floor(((g.kernel[0] - 1) * dh + 1) / 2) ||
      g.padding[1] > Math.floor(((g.kernel[1] - 1) * dw + 1) / 2)
    ) {
      throw new RangeError(`${op}: pad should be at most half of effective kernel size`);
    }
    const [oh, ow] = pool2dOutputSize(g);
    if (oh < 1 || ow < 1) throw new RangeError(`${op}: output size is too small`);
    return { n: g.n, c: g.c, h: g.h, w: g.w, oh, ow };
  };
  const planeSizes = (p: NN.PlanesShape) => ({ input: p.n * p.c * p.h * p.w, output: p.n * p.c * p.oh * p.ow });

  // ---- batch norm ----

  /** A block per channel, with as many threads as a channel has elements (32 to THREADS). */
  const bnLaunch = (kernel: string, s: NN.BatchNormShape) => {
    if (s.c === 0) return;
    const bx = Math.min(THREADS, Math.max(32, pow2ceil(s.n * s.hw)));
    ctx.launch(ctx.kernel("batchnorm", kernel), { gx: Math.min(s.c, 32 * ctx.smCount), gy: 1, bx, by: 1 });
  };
  const bnArgs = (s: NN.BatchNormShape, ptrs: Partial<Record<keyof typeof LAYOUT.bn, bigint>>) => {
    const L = LAYOUT.bn;
    const names = [
      "x",
      "gamma",
      "beta",
      "rmean",
      "rvar",
      "y",
      "mean",
      "invstd",
      "gy",
      "gx",
      "ggamma",
      "gbeta",
    ] as const;
    for (const k of names) ARGS.u64(L[k], ptrs[k] ?? 0n);
    ARGS.i64(L.n, s.n);
    ARGS.i64(L.c, s.c);
    ARGS.i64(L.hw, s.hw);
  };

  return {
    conv2dForward(x, w, bias, y, g) {
      const op = "conv2d", dt = floatOf(x, op), ny = checkConv(g, op);
      expect(x, inputSize(g), "input", op);
      expect(w, weightSize(g), "weight", op);
      expect(y, ny, "output", op);
      if (bias) expect(bias, g.k, "bias", op);
      if (ny === 0) return;
      const pw = at(w, op), pb = atOpt(bias, op), py = at(y, op, true);
      if (symmetric(g)) {
        ctx.conv({
          ...convCallOf("forward", dt, g, g.h, g.w, [g.padding[0], g.padding[1]]),
          x: at(x, op),
          filter: pw,
          y: py,
          bias: pb,
        });
        return;
      }
      const xp = padInput(x, dt, g), { h, w: ww } = padded(g);
      try {
        ctx.conv({ ...convCallOf("forward", dt, g, h, ww, [0, 0]), x: at(xp, op), filter: pw, y: py, bias: pb });
      } finally {
        xp.storage.release();
      }
    },
    conv2dBackwardInput(gy, w, gx, g) {
      const op = "conv2d backward", dt = floatOf(gy, op), ny = checkConv(g, op);
      expect(gy, ny, "output gradient", op);
      expect(w, weightSize(g), "weight", op);
      expect(gx, inputSize(g), "input gradient", op);
      if (ny === 0) {
        if (gx.layout.size > 0) zero(gx, op);
        return;
      }
      const pw = at(w, op), pgy = at(gy, op);
      if (symmetric(g)) {
        const c = convCallOf("backwardData", dt, g, g.h, g.w, [g.padding[0], g.padding[1]]);
        ctx.conv({ ...c, x: at(gx, op, true), filter: pw, y: pgy });
        return;
      }
      // the gradient of the padded input, then its interior
      const { h, w: ww } = padded(g);
      const gp = host.fresh(dt, [g.n, g.c, h, ww], false);
      try {
        ctx.conv({ ...convCallOf("backwardData", dt, g, h, ww, [0, 0]), x: at(gp, op), filter: pw, y: pgy });
        host.cast(interior(gp, g), gx);
      } finally {
        gp.storage.release();
      }
    },
    conv2dBackwardWeight(x, gy, gw, gb, g) {
      const op = "conv2d backward", dt = floatOf(x, op), ny = checkConv(g, op);
      expect(x, inputSize(g), "input", op);
      expect(gy, ny, "output gradient", op);
      expect(gw, weightSize(g), "weight gradient", op);
      if (gb) expect(gb, g.k, "bias gradient", op);
      if (ny === 0) {
        if (gw.layout.size > 0) zero(gw, op);
        if (gb && gb.layout.size > 0) zero(gb, op);
        return;
      }
      const pgw = at(gw, op, true), pgb = atOpt(gb, op, true), pgy = at(gy, op);
      if (symmetric(g)) {
        const c = convCallOf("backwardFilter", dt, g, g.h, g.w, [g.padding[0], g.padding[1]]);
        ctx.conv({ ...c, x: at(x, op), filter: pgw, y: pgy, bias: pgb });
        return;
      }
      const xp = padInput(x, dt, g), { h, w: ww } = padded(g);
      try {
        ctx.conv({
          ...convCallOf("backwardFilter", dt, g, h, ww, [0, 0]),
          x: at(xp, op),
          filter: pgw,
          y: pgy,
          bias: pgb,
        });
      } finally {
        xp.storage.release();
      }
    },
    maxPool2d(x, y, idx, g) {
      const op = "max_pool2d", dt = floatOf(x, op), p = planes(g, op), s = planeSizes(p);
      expect(x, s.input, "input", op);
      expect(y, s.output, "output", op);
      expect(idx, s.output, "indices", op);
      launch("pool", `dk_pool_max_${dt}`, pool(at(x, op), at(y, op, true), at(idx, op, true), p, 0, g));
    },
    maxPool2dBackward(gy, idx, gx, p) {
      const op = "max_pool2d backward", dt = floatOf(gy, op), s = planeSizes(p);
      expect(gy, s.output, "output gradient", op);
      expect(idx, s.output, "indices", op);
      expect(gx, s.input, "input gradient", op);
      if (s.input === 0) return;
      zero(gx, op);
      launch("pool", `dk_pool_max_bwd_${dt}`, pool(at(gx, op, true), at(gy, op), at(idx, op), p, 0));
    },
    avgPool2d(x, y, g) {
      const op = "avg_pool2d", dt = floatOf(x, op);
      if (g.divisorOverride !== null && g.divisorOverride <= 0) throw new RangeError(`${op}: divisor must be not zero`);
      const p = planes(g, op), s = planeSizes(p);
      expect(x, s.input, "input", op);
      expect(y, s.output, "output", op);
      launch("pool", `dk_pool_avg_${dt}`, pool(at(x, op), at(y, op, true), 0n, p, 1, g));
    },
    avgPool2dBackward(gy, gx, g) {
      const op = "avg_pool2d backward", dt = floatOf(gy, op);
      if (g.divisorOverride !== null && g.divisorOverride <= 0) throw new RangeError(`${op}: divisor must be not zero`);
      const p = planes(g, op), s = planeSizes(p);
      expect(gy, s.output, "output gradient", op);
      expect(gx, s.input, "input gradient", op);
      if (s.input === 0) return;
      zero(gx, op);
      launch("pool", `dk_pool_avg_bwd_${dt}`, pool(at(gx, op, true), at(gy, op), 0n, p, 1, g));
    },
    adaptiveAvgPool2d(x, y, p) {
      const op = "adaptive_avg_pool2d", dt = floatOf(x, op), s = planeSizes(p);
      expect(x, s.input, "input", op);
      expect(y, s.output, "output", op);
      launch("pool", `dk_pool_avg_${dt}`, pool(at(x, op), at(y, op, true), 0n, p, 2));
    },
    adaptiveAvgPool2dBackward(gy, gx, p) {
      const op = "adaptive_avg_pool2d backward", dt = floatOf(gy, op), s = planeSizes(p);
      expect(gy, s.output, "output gradient", op);
      expect(gx, s.input, "input gradient", op);
      if (s.input === 0) return;
      zero(gx, op);
      launch("pool", `dk_pool_avg_bwd_${dt}`, pool(at(gx, op, true), at(gy, op), 0n, p, 2));
    },
    adaptiveMaxPool2d(x, y, idx, p) {
      const op = "adaptive_max_pool2d", dt = floatOf(x, op), s = planeSizes(p);
      expect(x, s.input, "input", op);
      expect(y, s.output, "output", op);
      expect(idx, s.output, "indices", op);
      launch("pool", `dk_pool_max_${dt}`, pool(at(x, op), at(y, op, true), at(idx, op, true), p, 2));
    },
    batchNorm(a) {
      const op = "batch_norm", dt = floatOf(a.x, op), s = a.shape, n = s.n * s.c * s.hw;
      if (a.training && s.n * s.hw <= 1) {
        throw new RangeError(`${op}: expected more than 1 value per channel when training`);
      }
      if (!a.training && (!a.runningMean || !a.runningVar)) {
        throw new RuntimeError(`${op}: evaluation needs the running statistics`);
      }
      expect(a.x, n, "input", op);
      expect(a.y, n, "output", op);
      for (
        const [b, what] of [
          [a.weight, "weight"],
          [a.bias, "bias"],
          [a.runningMean, "running_mean"],
          [a.runningVar, "running_var"],
          [a.saveMean, "saved mean"],
          [a.saveInvstd, "saved invstd"],
        ] as const
      ) {
        if (b) expect(b, s.c, what, op);
      }
      bnArgs(s, {
        x: at(a.x, op),
        gamma: atOpt(a.weight, op),
        beta: atOpt(a.bias, op),
        rmean: atOpt(a.runningMean, op, true),
        rvar: atOpt(a.runningVar, op, true),
        y: at(a.y, op, true),
        mean: at(a.saveMean, op, true),
        invstd: at(a.saveInvstd, op, true),
      });
      ARGS.f64(LAYOUT.bn.momentum, a.momentum);
      ARGS.f64(LAYOUT.bn.eps, a.eps);
      ARGS.i32(LAYOUT.bn.training, a.training ? 1 : 0);
      bnLaunch(`dk_bn_fwd_${dt}`, s);
      // the same arguments: the statistics are on the stream before the pass that applies them
      if (s.c > 0 && s.n * s.hw > 0) {
        const gx = Math.min(Math.ceil(s.hw / THREADS), MAX_GRID_X);
        ctx.launch(ctx.kernel("batchnorm", `dk_bn_apply_${dt}`), {
          gx,
          gy: Math.min(s.n * s.c, MAX_GRID_Y),
          bx: THREADS,
          by: 1,
        });
      }
    },
    batchNormBackward(a) {
      const op = "batch_norm backward", dt = floatOf(a.x, op), s = a.shape, n = s.n * s.c * s.hw;
      expect(a.gy, n, "output gradient", op);
      expect(a.x, n, "input", op);
      if (a.gx) expect(a.gx, n, "input gradient", op);
      for (
        const [b, what] of [[a.weight, "weight"], [a.gWeight, "weight gradient"], [a.gBias, "bias gradient"], [
          a.saveMean,
          "saved mean",
        ], [a.saveInvstd, "saved invstd"]] as const
      ) {
        if (b) expect(b, s.c, what, op);
      }
      bnArgs(s, {
        x: at(a.x, op),
        gamma: atOpt(a.weight, op),
        mean: at(a.saveMean, op),
        invstd: at(a.saveInvstd, op),
        gy: at(a.gy, op),
        gx: atOpt(a.gx, op, true),
        ggamma: atOpt(a.gWeight, op, true),
        gbeta: atOpt(a.gBias, op, true),
      });
      ARGS.i32(LAYOUT.bn.training, a.training ? 1 : 0);
      bnLaunch(`dk_bn_bwd_${dt}`, s);
    },
  };
}
