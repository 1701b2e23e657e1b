/**
 * The convolution and pooling kernels of src/backend/cpu_nn.ts against PyTorch (CPU, 2 threads; oneDNN
 * convolutions) on the layers of a small conv net, LeNet-5 and the demo CNN,
 * batch 64. Each call takes fresh outputs on both sides (here from
 * dendrite's host allocator, released after the call: see withOutputs).
 *
 * Per case, the sides take turns for `ROUNDS` rounds of `SLICE` seconds of
 * calls run back to back, each call timed alone; the table gives each
 * side's median over all its calls. Taking turns in short slices lets a
 * busy stretch of this shared 2-core machine land on both sides alike.
 *
 *   deno run -A bench/nn_kernels_bench.ts [substring filter...]
 *   (environment: THREADS (2), ROUNDS (6), SLICE (0.1 s))
 *
 * Columns: dendrite (impl "auto"), then each path forced (im2col; oneDNN
 * when the library links it), PyTorch, and dendrite / PyTorch.
 */
import { K } from "../ffi/lib.ts";
import * as nn from "../src/backend/cpu_nn.ts";
import { Storage } from "../src/core/storage.ts";
import { median, pythonSide } from "./timing.ts";

const ROUNDS = Number(Deno.env.get("ROUNDS") ?? 6);
const SLICE = Number(Deno.env.get("SLICE") ?? 0.1);
/** Threads on both sides (the Python side reads the same variable). */
const THREADS = Number(Deno.env.get("THREADS") ?? 2);
K.dk_set_num_threads(THREADS);

function callTimes(fn: () => unknown, seconds: number, warm: boolean): number[] {
  const t0 = performance.now();
  while (warm && performance.now() - t0 < 100) fn();
  const times: number[] = [];
  const start = performance.now();
  while (performance.now() - start < seconds * 1e3 || times.length < 5) {
    const t = performance.now();
    fn();
    times.push((performance.now() - t) / 1e3);
  }
  return times;
}

type D = nn.FloatDType;
// name, N, C, H, W, K, R, S, padH, padW (stride 1): as in nn_kernels_bench.py, which runs H = 1 as conv1d
const LAYERS: [string, number, number, number, number, number, number, number, number, number][] = [
  ["conv 64x3x32x32 k64 3x3 p1", 64, 3, 32, 32, 64, 3, 3, 1, 1],
  ["LeNet conv1 64x1x28x28 k6 5x5", 64, 1, 28, 28, 6, 5, 5, 0, 0],
  ["LeNet conv2 64x6x12x12 k16 5x5", 64, 6, 12, 12, 16, 5, 5, 0, 0],
  ["CNN conv1 64x1x28x28 k32 3x3 p1", 64, 1, 28, 28, 32, 3, 3, 1, 1],
  ["CNN conv2 64x32x14x14 k64 3x3 p1", 64, 32, 14, 14, 64, 3, 3, 1, 1],
  ["conv1d 64x16x256 k32 5 p2", 64, 16, 1, 256, 32, 1, 5, 0, 2],
];
const POOLS: [string, number, number, number, number][] = [
  ["LeNet pool1 64x6x24x24", 64, 6, 24, 24],
  ["LeNet pool2 64x16x8x8", 64, 16, 8, 8],
  ["CNN pool1 64x32x28x28", 64, 32, 28, 28],
  ["CNN pool2 64x64x14x14", 64, 64, 14, 14],
];

/** A case: its run for each path ("auto" always). */
type Paths = Partial<Record<nn.ConvImpl, () => void>>;
const cases = new Map<string, Paths>();

/**
 * Runs f on fresh outputs (bytes each) from dendrite's host allocator and
 * releases them after, as a training step's temporaries are: a reused
 * block comes back hot, as PyTorch's from malloc.
 */
function withOutputs(sizes: number[], f: (...outs: Uint8Array[]) => void): void {
  const outs = sizes.map((n) => Storage.host("uint8", n, false));
  try {
    f(...outs.map((o) => o.bytes));
  } finally {
    for (const o of outs) o.release();
  }
}

function filled(d: D, n: number): Uint8Array {
  const a = d === "float32" ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.random() * 2 - 1;
  return new Uint8Array(a.buffer);
}

for (const [d, tag] of [["float32", "f32"], ["float64", "f64"]] as [D, string][]) {
  const isz = d === "float32" ? 4 : 8;
  const impls: nn.ConvImpl[] = d === "float32" && nn.haveOneDNN() ? ["auto", "im2col", "onednn"] : ["auto", "im2col"];
  for (const [name, n, c, h, w, k, r, s, ph, pw] of LAYERS) {
    const g: nn.Conv2dGeometry = {
      n,
      c,
      h,
      w,
      k,
      r,
      s,
      stride: [1, 1],
      padding: [ph, pw, ph, pw],
      dilation: [1, 1],
      groups: 1,
    };
    const [oh, ow] = nn.conv2dOutputSize(g);
    const x = filled(d, n * c * h * w),
      wt = filled(d, k * c * r * s),
      b = filled(d, k),
      gy = filled(d, n * k * oh * ow);
    const fwd = (i: nn.ConvImpl) => withOutputs([gy.length], (y) => nn.conv2dForward(d, x, wt, b, y, g, i));
    const bin = (i: nn.ConvImpl) => withOutputs([x.length], (gx) => nn.conv2dBackwardInput(d, gy, wt, gx, g, i));
    const bw = (i: nn.ConvImpl) =>
      withOutputs([wt.length, k * isz], (gw, gb) => nn.conv2dBackwardWeight(d, x, gy, gw, gb, g, i));
    const all = (f: (i: nn.ConvImpl) => void) => Object.fromEntries(impls.map((i) => [i, () => f(i)])) as Paths;
    cases.set(`${name} fwd ${tag}`, all(fwd));
    cases.set(`${name} bwd input ${tag}`, all(bin));
    cases.set(`${name} bwd weight+bias ${tag}`, all(bw));
    cases.set(`${name} fwd+bwd ${tag}`, all((i) => (fwd(i), bin(i), bw(i))));
  }
  for (const [name, n, c, h, w] of POOLS) {
    const pg = { n, c, h, w, kernel: [2, 2], stride: [2, 2], padding: [0, 0], ceilMode: false } as const;
    const mg: nn.MaxPool2dGeometry = { ...pg, dilation: [1, 1] };
    const [oh, ow] = nn.pool2dOutputSize(pg);
    const x = filled(d, n * c * h * w), gy = filled(d, n * c * oh * ow), idx = new Uint8Array(n * c * oh * ow * 8);
    nn.maxPool2d(d, x, new Uint8Array(gy.length), idx, mg);
    const planes = { n, c, h, w, oh, ow };
    cases.set(`${name} max fwd ${tag}`, {
      auto: () => withOutputs([gy.length, idx.length], (y, ix) => nn.maxPool2d(d, x, y, ix, mg)),
    });
    cases.set(`${name} max bwd ${tag}`, {
      auto: () => withOutputs([x.length], (gx) => nn.maxPool2dBackward(d, gy, idx, gx, planes)),
    });
    const ag: nn.AvgPool2dGeometry = { ...pg, countIncludePad: true, divisorOverride: null };
    cases.set(`${name} avg fwd ${tag}`, { auto: () => withOutputs([gy.length], (y) => nn.avgPool2d(d, x, y, ag)) });
    const ap = { n, c, h, w, oh: 5, ow: 5 };
    cases.set(`${name} adaptive avg 5x5 fwd ${tag}`, {
      auto: () => withOutputs([n * c * 25 * isz], (y) => nn.adaptiveAvgPool2d(d, x, y, ap)),
    });
  }
}

const names = [...cases.keys()].filter((k) => Deno.args.length === 0 || Deno.args.some((a) => k.includes(a)));
// quiet: PyTorch warns on every call that NNPACK does not support this CPU
const py = pythonSide(new URL("./nn_kernels_bench.py", import.meta.url).pathname, [], true);
async function ask(name: string, warm: boolean): Promise<number[]> {
  return JSON.parse(await py.ask(`${SLICE} ${warm ? 1 : 0} ${name}`));
}

// the machine's other load, printed with the table: it decides how far 2-thread timings can be trusted
const loadBefore = Deno.loadavg()[0];
const medians = new Map<string, Record<string, number>>();
for (const name of names) {
  const times: Record<string, number[]> = { torch: [] };
  for (let round = 0; round < ROUNDS; round++) {
    times.torch.push(...await ask(name, round === 0));
    for (const [impl, fn] of Object.entries(cases.get(name)!)) {
      // a pause: the other side's OpenMP workers spin a while after their last call
      await new Promise((r) => setTimeout(r, 30));
      (times[impl] ??= []).push(...callTimes(fn, SLICE, round === 0));
    }
  }
  medians.set(name, Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])));
}
await py.close();

const fmt = (s: number | undefined) =>
  s === undefined ? "-" : s < 1e-3 ? `${(s * 1e6).toFixed(1)} us` : `${(s * 1e3).toFixed(3)} ms`;
console.log(
  `${THREADS} thread(s), 1-min load average ${loadBefore.toFixed(1)} before, ${Deno.loadavg()[0].toFixed(1)} after\n`,
);
console.log(`| case | dendrite | im2col | oneDNN | PyTorch | ratio |`);
console.log("|---|---:|---:|---:|---:|---:|");
for (const name of names) {
  const r = medians.get(name)!;
  const cells = [r.auto, r.im2col, r.onednn, r.torch].map(fmt);
  console.log(`| ${name} | ${cells.join(" | ")} | ${(r.auto / r.torch).toFixed(2)}x |`);
}
