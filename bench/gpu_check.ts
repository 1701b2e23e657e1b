/**
 * dendrite's side of bench/gpu_check.sh: sgemm 4096 (TFLOP/s), add on
 * 2^26 float32 (GB/s moved: two reads and a write) and the host time of a
 * small add, on cuda:0 through the CUDA backend, timed with CUDA events on
 * the device's stream. Prints one JSON object (bench/gpu_check.py prints
 * PyTorch's, measured the same way).
 */
import { CPU, OP_CODES } from "../src/backend/cpu.ts";
import { useCudaDevice } from "../src/backend/cuda.ts";
import { cudaContext } from "../src/backend/cuda_context.ts";
import type { Operand } from "../src/core/storage.ts";
import { View } from "../src/core/view.ts";

const be = useCudaDevice("cuda:0");
const ctx = cudaContext(0);

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

const N = 4096;
const a = randomDevice([N, N]), b = randomDevice([N, N]);
const c = be.alloc("float32", N * N, false);
const sgemmMs = gpuTime(() => be.matmul(a, b, c, [], N, N, N), 3, 20);

const M = 2 ** 26, add = OP_CODES.binary.get("add")!;
const x = randomDevice([M]), y = randomDevice([M]);
const z = { storage: be.alloc("float32", M, false), layout: new View([M]) };
const addMs = gpuTime(() => be.binary(add, x, y, z), 3, 50);

// host cost of one small op: launches queue faster than 1024-element adds run, so this is the host's time per op
const s = randomDevice([1024]), t = { storage: be.alloc("float32", 1024, false), layout: new View([1024]) };
for (let i = 0; i < 1000; i++) be.binary(add, s, s, t);
ctx.synchronize();
const t0 = performance.now();
for (let i = 0; i < 10000; i++) be.binary(add, s, s, t);
ctx.synchronize();
const smallUs = (performance.now() - t0) * 1000 / 10000;

console.log(JSON.stringify({
  device: ctx.name,
  sgemm_tflops: 2 * N ** 3 / (sgemmMs / 1e3) / 1e12,
  add_gbs: 3 * 4 * M / (addMs / 1e3) / 1e9,
  small_add_us: smallUs,
}));
