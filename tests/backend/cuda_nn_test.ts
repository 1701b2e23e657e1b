/**
 * The CUDA backend's nn slots (convolution, pooling, batch norm) and its
 * sort / argsort / nonzero / gather-offset members against the CPU
 * backend: the same inputs through both, results equal (indices exactly,
 * floats within a tolerance per dtype).
 *
 * Runs on the real cuda:0 when a GPU is present, and (where g++ is) on the
 * host emulation of tests/backend/cuda_emulator.ts: there the pooling,
 * batch-norm and sort kernels are the real kernels/cuda sources, and the
 * convolution checks what the backend hands cuDNN (padding, addresses,
 * output size) with the CPU kernels standing in for cuDNN.
 */
import assert from "node:assert/strict";
import type { Backend } from "../../src/backend/backend.ts";
import { CPU } from "../../src/backend/cpu.ts";
import { conv2dOutputSize, pool2dOutputSize } from "../../src/backend/cpu_nn.ts";
import { type CudaBackend, cudaBackend, useCudaDevice } from "../../src/backend/cuda.ts";
import { isAvailable, unavailableReason } from "../../src/backend/cuda_device.ts";
import type * as NN from "../../src/backend/nn_types.ts";
import type { DType } from "../../src/core/dtype.ts";
import type { Operand, Storage } from "../../src/core/storage.ts";
import { View } from "../../src/core/view.ts";
import { emulatedCuda } from "./cuda_emulator.ts";

const TARGETS: { name: string; be: () => CudaBackend }[] = [];
const emulated = Deno.env.get("DENDRITE_NO_CUDA_EMULATION")
  ? "DENDRITE_NO_CUDA_EMULATION is set"
  : await emulatedCuda();
if (typeof emulated === "string") console.log(`cuda_nn_test: emulated device skipped: ${emulated}`);
else {
  const be = cudaBackend(emulated);
  TARGETS.push({ name: "emulated cuda", be: () => be });
}
if (isAvailable()) TARGETS.push({ name: "cuda:0", be: () => useCudaDevice("cuda:0") });
else console.log(`cuda_nn_test: cuda:0 skipped (no GPU): ${unavailableReason()}`);

let seed = 7;
function random(): number {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 4294967296;
}

type F = "float32" | "float64";
const TOL: Record<F, number> = { float32: 2e-5, float64: 1e-12 };
const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** A host operand of `shape` with values in (-2, 2) (or from `values`). */
function host(dtype: DType, shape: number[], values?: (i: number) => number): Operand {
  const s = CPU.alloc(dtype, size(shape), false);
  for (let i = 0; i < s.length; i++) {
    const v = values ? values(i) : (random() - 0.5) * 4;
    if (dtype === "int64") (s.data as BigInt64Array)[i] = BigInt(v);
    else s.data[i] = v;
  }
  return { storage: s, layout: new View(shape) };
}
const zeros = (be: Backend, dtype: DType, shape: number[]): Operand => ({
  storage: be.alloc(dtype, size(shape), true),
  layout: new View(shape),
});

/** Runs `f` with operands on the CPU and on the device; `outs` are compared afterwards. */
function both(
  be: CudaBackend,
  ins: Operand[],
  outs: { dtype: DType; shape: number[] }[],
  f: (b: Backend, ops: Operand[]) => void,
  what: string,
  tol?: number,
): void {
  const run = (b: Backend) => {
    const inOps = ins.map((x) => b === CPU ? x : { storage: b.copyFrom(x.storage), layout: x.layout });
    const outOps = outs.map((o) => zeros(b, o.dtype, o.shape));
    f(b, [...inOps, ...outOps]);
    return outOps.map((o) => o.storage);
  };
  const want = run(CPU), got = run(be);
  want.forEach((w, i) => close(be, w, got[i], `${what}: output ${i}`, tol));
}

function close(be: CudaBackend, cpu: Storage, dev: Storage, what: string, tol?: number): void {
  const h = CPU.alloc(dev.dtype, dev.length, false);
  be.toHost(dev, h.bytes);
  const t = tol ?? (cpu.dtype === "float32" || cpu.dtype === "float64" ? TOL[cpu.dtype] : 0);
  for (let i = 0; i < cpu.length; i++) {
    const x = cpu.data[i], y = h.data[i];
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") {
      if (Number.isNaN(x) && Number.isNaN(y)) continue;
      if (Math.abs(x - y) <= t * Math.max(1, Math.abs(x))) continue;
    }
    assert.fail(`${what}: element ${i} is ${y} on the CUDA backend, ${x} on the cpu`);
  }
}

function suite(name: string, get: () => CudaBackend): void {
  const test = (label: string, fn: (be: CudaBackend) => void) => Deno.test(`${name} vs cpu: ${label}`, () => fn(get()));

  test("conv2d forward, input and weight gradients (padding, stride, dilation, groups, asymmetric padding)", (be) => {
    const cases: (Omit<NN.Conv2dGeometry, "stride" | "dilation" | "padding"> & Partial<NN.Conv2dGeometry>)[] = [
      { n: 2, c: 3, h: 7, w: 6, k: 4, r: 3, s: 3, groups: 1, padding: [1, 1, 1, 1] },
      { n: 1, c: 4, h: 9, w: 8, k: 6, r: 3, s: 2, groups: 2, stride: [2, 1], dilation: [1, 2], padding: [0, 1, 0, 1] },
      { n: 2, c: 2, h: 5, w: 5, k: 3, r: 2, s: 2, groups: 1, padding: [0, 0, 1, 1] }, // padding="same", even kernel
    ];
    for (const dtype of ["float32", "float64"] as const) {
      for (const c of cases) {
        const g: NN.Conv2dGeometry = { stride: [1, 1], dilation: [1, 1], padding: [0, 0, 0, 0], ...c };
        const [oh, ow] = conv2dOutputSize(g);
        const xs = [g.n, g.c, g.h, g.w], ws = [g.k, g.c / g.groups, g.r, g.s], ys = [g.n, g.k, oh, ow];
        const x = host(dtype, xs), w = host(dtype, ws), b = host(dtype, [g.k]), gy = host(dtype, ys);
        const what = `${dtype} ${JSON.stringify(c)}`;
        both(
          be,
          [x, w, b],
          [{ dtype, shape: ys }],
          (k, [x, w, b, y]) => k.conv2dForward!(x, w, b, y, g),
          `fwd ${what}`,
        );
        both(
          be,
          [gy, w],
          [{ dtype, shape: xs }],
          (k, [gy, w, gx]) => k.conv2dBackwardInput!(gy, w, gx, g),
          `bwd x ${what}`,
        );
        both(
          be,
          [x, gy],
          [{ dtype, shape: ws }, { dtype, shape: [g.k] }],
          (k, [x, gy, gw, gb]) => k.conv2dBackwardWeight!(x, gy, gw, gb, g),
          `bwd w ${what}`,
          dtype === "float32" ? 1e-4 : undefined,
        );
      }
    }
  });

  test("max_pool2d / avg_pool2d and their gradients (padding, ceil mode, dilation, divisor rules)", (be) => {
    const base = { n: 2, c: 3, h: 7, w: 8 };
    const maxCases: NN.MaxPool2dGeometry[] = [
      { ...base, kernel: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1], ceilMode: false },
      { ...base, kernel: [3, 2], stride: [2, 1], padding: [1, 1], dilation: [1, 2], ceilMode: true },
    ];
    for (const dtype of ["float32", "float64"] as const) {
      for (const g of maxCases) {
        const [oh, ow] = pool2dOutputSize(g);
        const xs = [g.n, g.c, g.h, g.w], ys = [g.n, g.c, oh, ow];
        // ties (values from a small set) and a NaN check the first-maximum and NaN rules
        const x = host(dtype, xs, (i) => i === 5 ? NaN : Math.floor(random() * 4));
        const what = `${dtype} ${JSON.stringify(g)}`;
        both(
          be,
          [x],
          [{ dtype, shape: ys }, { dtype: "int64", shape: ys }],
          (k, [x, y, i]) => k.maxPool2d!(x, y, i, g),
          `max ${what}`,
        );
        // the gradient through the CPU's indices, on both
        const y = zeros(CPU, dtype, ys), idx = zeros(CPU, "int64", ys);
        CPU.maxPool2d!(x, y, idx, g);
        const p = { n: g.n, c: g.c, h: g.h, w: g.w, oh, ow };
        both(
          be,
          [host(dtype, ys), idx],
          [{ dtype, shape: xs }],
          (k, [gy, i, gx]) => k.maxPool2dBackward!(gy, i, gx, p),
          `max bwd ${what}`,
        );
      }
      const avgCases: NN.AvgPool2dGeometry[] = [
        {
          ...base,
          kernel: [3, 3],
          stride: [2, 2],
          padding: [1, 1],
          ceilMode: true,
          countIncludePad: true,
          divisorOverride: null,
        },
        {
          ...base,
          kernel: [3, 2],
          stride: [2, 3],
          padding: [1, 0],
          ceilMode: false,
          countIncludePad: false,
          divisorOverride: null,
        },
        {
          ...base,
          kernel: [2, 2],
          stride: [1, 1],
          padding: [0, 0],
          ceilMode: false,
          countIncludePad: true,
          divisorOverride: 3,
        },
      ];
      for (const g of avgCases) {
        const [oh, ow] = pool2dOutputSize(g);
        const xs = [g.n, g.c, g.h, g.w], ys = [g.n, g.c, oh, ow];
        const what = `${dtype} ${JSON.stringify(g)}`;
        both(be, [host(dtype, xs)], [{ dtype, shape: ys }], (k, [x, y]) => k.avgPool2d!(x, y, g), `avg ${what}`);
        both(
          be,
          [host(dtype, ys)],
          [{ dtype, shape: xs }],
          (k, [gy, gx]) => k.avgPool2dBackward!(gy, gx, g),
          `avg bwd ${what}`,
        );
      }
    }
  });

  test("adaptive avg / max pools and the adaptive avg gradient", (be) => {
    for (const dtype of ["float32", "float64"] as const) {
      for (const [oh, ow] of [[1, 1], [3, 5], [7, 8]]) {
        const p = { n: 2, c: 2, h: 7, w: 8, oh, ow }, xs = [2, 2, 7, 8], ys = [2, 2, oh, ow];
        const x = host(dtype, xs, () => Math.floor(random() * 5));
        both(be, [x], [{ dtype, shape: ys }], (k, [x, y]) => k.adaptiveAvgPool2d!(x, y, p), `adaptive avg ${oh}x${ow}`);
        both(
          be,
          [host(dtype, ys)],
          [{ dtype, shape: xs }],
          (k, [gy, gx]) => k.adaptiveAvgPool2dBackward!(gy, gx, p),
          `adaptive avg bwd ${oh}x${ow}`,
        );
        both(
          be,
          [x],
          [{ dtype, shape: ys }, { dtype: "int64", shape: ys }],
          (k, [x, y, i]) => k.adaptiveMaxPool2d!(x, y, i, p),
          `adaptive max ${oh}x${ow}`,
        );
      }
    }
  });

  test("batch norm: training (running stats updated) and evaluation, affine or not, forward and backward", (be) => {
    const shape = { n: 3, c: 4, hw: 10 }, xs = [3, 4, 10];
    for (const dtype of ["float32", "float64"] as const) {
      for (const affine of [true, false]) {
        for (const training of [true, false]) {
          const what = `${dtype} affine=${affine} training=${training}`;
          const x = host(dtype, xs), gy = host(dtype, xs);
          const wt = affine ? host(dtype, [4]) : null, bs = affine ? host(dtype, [4]) : null;
          const rm = host(dtype, [4]), rv = host(dtype, [4], () => 0.5 + random());
          // inputs: x, (w, b), rm, rv; outputs: y, saveMean, saveInvstd, then the running stats copied in
          const ins = [x, ...(affine ? [wt!, bs!] : []), gy];
          const run = (b: Backend) => {
            const dev = (o: Operand) => b === CPU ? o : { storage: b.copyFrom(o.storage), layout: o.layout };
            const [xd, ...rest] = ins.map(dev);
            const gyd = rest.pop()!;
            const [wd, bd] = affine ? rest : [null, null];
            const rmd = { storage: b.copyFrom(rm.storage), layout: rm.layout };
            const rvd = { storage: b.copyFrom(rv.storage), layout: rv.layout };
            const y = zeros(b, dtype, xs), sm = zeros(b, dtype, [4]), si = zeros(b, dtype, [4]);
            b.batchNorm!({
              x: xd,
              weight: wd,
              bias: bd,
              runningMean: rmd,
              runningVar: rvd,
              y,
              saveMean: sm,
              saveInvstd: si,
              shape,
              momentum: 0.1,
              eps: 1e-5,
              training,
            });
            const gx = zeros(b, dtype, xs), gw = zeros(b, dtype, [4]), gb = zeros(b, dtype, [4]);
            b.batchNormBackward!({
              gy: gyd,
              x: xd,
              weight: wd,
              saveMean: sm,
              saveInvstd: si,
              gx,
              gWeight: gw,
              gBias: gb,
              shape,
              training,
            });
            return [y, sm, si, rmd, rvd, gx, gw, gb].map((o) => o.storage);
          };
          const want = run(CPU), got = run(be);
          want.forEach((w, i) => close(be, w, got[i], `${what}: output ${i}`, dtype === "float32" ? 1e-4 : 1e-10));
        }
      }
    }
    const one = zeros(be, "float32", [1, 2, 1]);
    assert.throws(
      () =>
        be.batchNorm!({
          x: one,
          weight: null,
          bias: null,
          runningMean: null,
          runningVar: null,
          y: one,
          saveMean: one,
          saveInvstd: one,
          shape: { n: 1, c: 2, hw: 1 },
          momentum: 0.1,
          eps: 1e-5,
          training: true,
        }),
      /more than 1 value per channel/,
    );
  });

  test("sort and argsort: stable, NaN last ascending / first descending, every dtype", (be) => {
    for (const dtype of ["float32", "float64", "int32", "int64", "uint8", "bool"] as const) {
      for (const desc of [false, true]) {
        const rows = 3, n = 37;
        const vals = (i: number) =>
          dtype === "bool"
            ? i % 3 === 0 ? 1 : 0
            : isFloatish(dtype) && i % 11 === 4
            ? NaN
            : Math.floor(random() * 9) - (dtype === "uint8" ? 0 : 4);
        const x = host(dtype, [rows, n], vals);
        const what = `${dtype} descending=${desc}`;
        both(be, [], [{ dtype: "int64", shape: [rows, n] }], (k, [idx]) => {
          const d = k === CPU ? x.storage : k.copyFrom(x.storage);
          k.argsort(d, idx.storage, rows, n, desc);
        }, `argsort ${what}`);
        const onCpu = CPU.copyFrom(x.storage), onDev = be.copyFrom(x.storage);
        CPU.sort(onCpu, rows, n, desc);
        be.sort(onDev, rows, n, desc);
        close(be, onCpu, onDev, `sort ${what}`);
      }
    }
  });

  test("nonzero and the gather / index offsets (bounds errors as on the CPU)", (be) => {
    const mask = host("bool", [4, 5], (i) => (i * 7) % 3 === 0 ? 1 : 0);
    const want = CPU.nonzero(mask.storage, [4, 5]), got = be.nonzero(be.copyFrom(mask.storage), [4, 5]);
    assert.equal(got.count, want.count);
    assert.deepEqual([...got.coords], [...want.coords]);
    const index = host("int64", [3, 2], (i) => (i * 5) % 4);
    const dev = { storage: be.copyFrom(index.storage), layout: index.layout };
    assert.deepEqual([...be.alongOffsets(dev, 1, [3, 4], [4, 1], false)], [
      ...CPU.alongOffsets(index, 1, [3, 4], [4, 1], false),
    ]);
    const bad = host("int64", [2], () => 9);
    assert.throws(
      () => be.alongOffsets({ storage: be.copyFrom(bad.storage), layout: bad.layout }, 0, [4], [1], false),
      /out of bounds|index/,
    );
    const cols = host("int64", [2, 3], (i) => [0, -1, 2, 1, 0, -2][i]);
    assert.deepEqual(
      [...be.combineOffsets(be.copyFrom(cols.storage), 3, [3, 4], [4, 1], [0, 1])],
      [...CPU.combineOffsets(cols.storage, 3, [3, 4], [4, 1], [0, 1])],
    );
  });
}

function isFloatish(d: DType): boolean {
  return d === "float32" || d === "float64";
}

for (const t of TARGETS) suite(t.name, t.be);
