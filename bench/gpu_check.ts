/**
 * dendrite's side of bench/gpu_check.sh, on cuda:0. Prints one JSON object:
 *
 * - `perf`: sgemm 4096 (TFLOP/s), add on 2^26 float32 (GB/s: two reads
 *   and a write), the host time of a small add (us), one training step of
 *   the Fashion-MNIST CNN at batch 256 (ms), ResNet18 forward at batch 64
 *   (ms), and the allocator over a steady training loop (driver
 *   allocations after warm-up, allocated bytes before and after);
 * - `cases`: op and layer results on the GPU with their inputs, for
 *   bench/gpu_check.py to recompute with PyTorch CUDA and compare;
 * - `errors`: what failed, by row: one failure never loses the others.
 *
 * GPU times come from CUDA events on the device's stream; training steps
 * and forwards by wall clock between synchronizations (host overhead is
 * part of what they measure).
 *
 * `DENDRITE_GPU_CHECK_DRY=1` runs the cases on the CPU and skips the
 * timings: how the script and its PyTorch counterpart are checked on a
 * machine without a GPU.
 */
import { nn, optim, torch, vision } from "../mod.ts";
import { CPU, OP_CODES } from "../src/backend/cpu.ts";
import { useCudaDevice } from "../src/backend/cuda.ts";
import { cudaContext } from "../src/backend/cuda_context.ts";
import type { Operand } from "../src/core/storage.ts";
import { View } from "../src/core/view.ts";
import { FashionCNN } from "../examples/fashion_mnist_cnn.ts";

type T = torch.Tensor;
const perf: Record<string, number> = {};
const errors: Record<string, string> = {};
const cases: unknown[] = [];

const DRY = Deno.env.get("DENDRITE_GPU_CHECK_DRY") === "1";
const DEVICE = DRY ? "cpu" : "cuda";
const be = DRY ? null! : useCudaDevice("cuda:0");
const ctx = DRY ? null! : cudaContext(0);

/** Where the JSON goes after every row (a crash keeps the rows before it); stdout at the end either way. */
const OUT_FILE = Deno.env.get("DENDRITE_GPU_CHECK_OUT");
const report = () => JSON.stringify({ device: DRY ? "cpu (dry run)" : ctx.name, perf, errors, cases });

/** Runs one row; its failure is recorded, not thrown. */
function row(name: string, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    errors[name] = String((e as Error)?.stack ?? e).slice(0, 2000);
  }
  if (OUT_FILE) Deno.writeTextFileSync(`${OUT_FILE}.tmp`, report()), Deno.renameSync(`${OUT_FILE}.tmp`, OUT_FILE);
}

function randomDevice(shape: number[]): Operand {
  const n = shape.reduce((a, b) => a * b, 1);
  const h = CPU.alloc("float32", n, false), d = h.data as Float32Array;
  for (let i = 0; i < n; i++) d[i] = Math.random() * 2 - 1;
  return { storage: be.copyFrom(h), layout: new View(shape) };
}

/** Milliseconds per call on the GPU: events around `iters` calls after `warmup` ones. */
function gpuTime(fn: () => void, warmup: number, iters: number): number {
  for (let i = 0; i < warmup; i++) fn();
  const start = ctx.event(), end = ctx.event();
  start.record();
  for (let i = 0; i < iters; i++) fn();
  end.record().synchronize();
  const ms = end.elapsedSince(start) / iters;
  start.destroy();
  end.destroy();
  return ms;
}

/** Wall milliseconds per call, the GPU drained before and after. */
function wallTime(fn: () => void, warmup: number, iters: number): number {
  for (let i = 0; i < warmup; i++) fn();
  ctx.synchronize();
  const t0 = performance.now();
  for (let i = 0; i < iters; i++) fn();
  ctx.synchronize();
  return (performance.now() - t0) / iters;
}

/** The perf rows (after the cases: a crash in a timing loses no comparison). */
function timings(): void {
  row("sgemm", () => {
    const N = 4096;
    const a = randomDevice([N, N]), b = randomDevice([N, N]);
    const c = be.alloc("float32", N * N, false);
    perf.sgemm_tflops = 2 * N ** 3 / (gpuTime(() => be.matmul(a, b, c, [], N, N, N), 3, 20) / 1e3) / 1e12;
    for (const s of [a.storage, b.storage, c]) s.release();
  });

  row("add", () => {
    const M = 2 ** 26, add = OP_CODES.binary.get("add")!;
    const x = randomDevice([M]), y = randomDevice([M]);
    const z = { storage: be.alloc("float32", M, false), layout: new View([M]) };
    perf.add_gbs = 3 * 4 * M / (gpuTime(() => be.binary(add, x, y, z), 3, 50) / 1e3) / 1e9;
    // host cost of one small op: launches queue faster than 1024-element adds run
    const s = randomDevice([1024]), t = { storage: be.alloc("float32", 1024, false), layout: new View([1024]) };
    perf.small_add_us = wallTime(() => be.binary(add, s, s, t), 1000, 10000) * 1000;
    for (const o of [x, y, z, s, t]) o.storage.release();
  });

  row("cnn_step", () => {
    torch.manualSeed(0);
    const model = new FashionCNN().to("cuda");
    const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
    const x = torch.randn(256, 1, 28, 28).to("cuda"), y = torch.randint(0, 10, [256]).to("cuda");
    model.train();
    const step = () =>
      torch.tidy(() => {
        opt.zeroGrad();
        nn.F.crossEntropy(model.forward(x), y).backward();
        opt.step();
      });
    perf.cnn_step_ms = wallTime(step, 10, 50);
    // a steady loop after warm-up: no driver allocations, allocated bytes flat
    const before = torch.cuda.memoryStats(0)!;
    for (let i = 0; i < 1000; i++) step();
    torch.cuda.synchronize();
    const after = torch.cuda.memoryStats(0)!;
    perf.cnn_driver_allocs_in_1000_steps = after.driverAllocs - before.driverAllocs;
    perf.cnn_allocated_growth_bytes = after.allocated - before.allocated;
  });

  row("resnet18_fwd", () => {
    torch.manualSeed(0);
    const model = vision.models.resnet18().to("cuda");
    model.eval();
    const x = torch.randn(64, 3, 224, 224).to("cuda");
    perf.resnet18_fwd_ms = wallTime(() => torch.noGrad(() => torch.tidy(() => void model.forward(x))), 3, 10);
  });
}

// ---- op and layer cases for the comparison with PyTorch CUDA ----

/** A case: named inputs (random normal, shapes given), a function of them on cuda, and whether to check gradients. */
interface Case {
  name: string;
  inputs: Record<string, number[]>;
  run: (t: Record<string, T>) => T;
  grad?: boolean;
  /** Integer inputs: name -> [shape, high] (randint(0, high)). */
  ints?: Record<string, [number[], number]>;
}

const F = nn.F;
const CASES: Case[] = [
  { name: "add_broadcast", inputs: { a: [64, 128], b: [128] }, run: (t) => t.a.add(t.b), grad: true },
  { name: "mul_exp_tanh", inputs: { a: [1000] }, run: (t) => t.a.exp().mul(t.a.tanh()), grad: true },
  { name: "sigmoid", inputs: { a: [1000] }, run: (t) => t.a.sigmoid(), grad: true },
  { name: "sum_dim1", inputs: { a: [64, 300] }, run: (t) => t.a.sum(1), grad: true },
  { name: "mean_all", inputs: { a: [64, 300] }, run: (t) => t.a.mean(), grad: true },
  { name: "amax_dim0", inputs: { a: [64, 300] }, run: (t) => t.a.amax(0) },
  { name: "cumsum_dim1", inputs: { a: [16, 500] }, run: (t) => t.a.cumsum(1), grad: true },
  { name: "softmax_dim1", inputs: { a: [32, 100] }, run: (t) => t.a.softmax(1), grad: true },
  { name: "log_softmax_dim1", inputs: { a: [32, 100] }, run: (t) => t.a.logSoftmax(1), grad: true },
  { name: "matmul", inputs: { a: [64, 96], b: [96, 32] }, run: (t) => t.a.matmul(t.b), grad: true },
  { name: "bmm", inputs: { a: [4, 16, 8], b: [4, 8, 12] }, run: (t) => t.a.matmul(t.b), grad: true },
  {
    name: "conv2d",
    inputs: { x: [4, 3, 16, 16], w: [8, 3, 3, 3], b: [8] },
    run: (t) => F.conv2d(t.x, t.w, t.b, { padding: 1 }),
    grad: true,
  },
  {
    name: "conv2d_stride_groups",
    inputs: { x: [2, 4, 15, 15], w: [6, 2, 3, 3] },
    run: (t) => F.conv2d(t.x, t.w, null, { stride: 2, groups: 2 }),
    grad: true,
  },
  { name: "max_pool2d", inputs: { x: [4, 3, 16, 16] }, run: (t) => F.maxPool2d(t.x, 2) as T, grad: true },
  {
    name: "avg_pool2d",
    inputs: { x: [4, 3, 15, 15] },
    run: (t) => F.avgPool2d(t.x, 3, { stride: 2, padding: 1 }),
    grad: true,
  },
  {
    name: "adaptive_avg_pool2d",
    inputs: { x: [4, 3, 7, 9] },
    run: (t) => F.adaptiveAvgPool2d(t.x, [3, 4]),
    grad: true,
  },
  {
    name: "batch_norm_train",
    inputs: { x: [8, 4, 6, 6], w: [4], b: [4] },
    run: (t) => F.batchNorm(t.x, null, null, { weight: t.w, bias: t.b, training: true }),
    grad: true,
  },
  {
    name: "cross_entropy",
    inputs: { x: [32, 10] },
    ints: { y: [[32], 10] },
    run: (t) => F.crossEntropy(t.x, t.y),
    grad: true,
  },
  { name: "sort_values", inputs: { a: [8, 200] }, run: (t) => t.a.sort(1)[0] },
  { name: "argsort", inputs: { a: [8, 200] }, run: (t) => t.a.argsort(1, true) },
  {
    name: "gather",
    inputs: { a: [16, 20] },
    ints: { i: [[16, 5], 20] },
    run: (t) => t.a.gather(1, t.i),
    grad: true,
  },
  {
    name: "index_select",
    inputs: { a: [16, 20] },
    ints: { i: [[7], 16] },
    run: (t) => t.a.indexSelect(0, t.i),
    grad: true,
  },
];

const flat = (t: T) => (t.cpu().flatten().tolist() as (number | boolean)[]).map(Number);

for (const c of CASES) {
  row(`case ${c.name}`, () => {
    torch.manualSeed(cases.length + 1);
    const host: Record<string, T> = {};
    for (const [k, shape] of Object.entries(c.inputs)) host[k] = torch.randn(...shape);
    for (const [k, [shape, high]] of Object.entries(c.ints ?? {})) host[k] = torch.randint(0, high, shape);
    const dev: Record<string, T> = {};
    for (const [k, v] of Object.entries(host)) {
      dev[k] = v.to(DEVICE).detach();
      if (c.grad && v.dtype === "float32") dev[k].requiresGrad_();
    }
    const out = c.run(dev);
    const rec: Record<string, unknown> = {
      name: c.name,
      inputs: Object.fromEntries(
        Object.entries(host).map(([k, v]) => [k, { shape: v.shape, dtype: v.dtype, data: flat(v) }]),
      ),
      out: { shape: out.shape, data: flat(out) },
    };
    if (c.grad) {
      const gout = out.ndim === 0 ? torch.tensor(0.75) : torch.randn(...out.shape);
      out.backward(gout.to(DEVICE));
      rec.gout = flat(gout);
      rec.grads = Object.fromEntries(
        Object.entries(dev).filter(([, v]) => v.grad).map(([k, v]) => [k, flat(v.grad!)]),
      );
    }
    cases.push(rec);
  });
}

if (!DRY) timings();
console.log(report());
