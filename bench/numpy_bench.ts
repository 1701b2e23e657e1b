/**
 * `deno task bench`: dendrite vs NumPy on the same machine in one run.
 * Prints a table of times and the ratio dendrite / NumPy (lower is better).
 */
import { np } from "../mod.ts";

function timeit(fn: () => unknown, minTime = 0.3): number {
  fn();
  let n = 1, dt = 0;
  for (;;) {
    const t = performance.now();
    for (let i = 0; i < n; i++) fn();
    dt = (performance.now() - t) / 1e3;
    if (dt > 0.05) break;
    n *= 2;
  }
  const reps = Math.max(3, Math.floor(minTime / dt));
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    for (let i = 0; i < n; i++) fn();
    best = Math.min(best, (performance.now() - t) / 1e3 / n);
  }
  return best;
}

const f32 = (shape: number[]) => (np.random.random(shape) as np.NDArray).astype("float32");
const cases: Record<string, () => unknown> = {};
for (const n of [1e6, 1e7]) {
  const a = f32([n]), b = f32([n]);
  const tag = n.toExponential(0).replace("e+", "e+0");
  cases[`add f32 ${tag}`] = () => np.add(a, b);
  cases[`multiply f32 ${tag}`] = () => np.multiply(a, b);
  cases[`exp f32 ${tag}`] = () => np.exp(a);
}
const big = f32([1e7]);
cases["sum f32 1e7"] = () => big.sum();
cases["mean f32 1e7"] = () => big.mean();
const m = f32([4096, 4096]);
cases["sum axis=0 4096x4096"] = () => m.sum(0);
cases["sum axis=1 4096x4096"] = () => m.sum(1);
const t1 = f32([2048, 2048]), t2 = f32([2048, 2048]);
cases["add a.T + b 2048^2"] = () => np.add(t1.T, t2);
for (const n of [256, 1024, 2048]) {
  const x = f32([n, n]), y = f32([n, n]);
  cases[`matmul f32 ${n}`] = () => np.matmul(x, y);
}
const s1 = np.arange(10, null, 1, { dtype: "float32" }), s2 = np.arange(10, null, 1, { dtype: "float32" });
cases["np.add 10 elements"] = () => np.add(s1, s2);

const only = Deno.args;
const names = Object.keys(cases).filter((k) => only.length === 0 || only.includes(k));
const py = new Deno.Command("python3", {
  args: [new URL("./numpy_bench.py", import.meta.url).pathname, ...names],
  stdout: "piped",
  stderr: "inherit",
}).spawn();
const ours: Record<string, number> = {};
const fmt = (s: number) => (s < 1e-3 ? `${(s * 1e6).toFixed(2)} us` : `${(s * 1e3).toFixed(3)} ms`);
const ref: Record<string, number> = JSON.parse(new TextDecoder().decode((await py.output()).stdout));
for (const k of names) ours[k] = timeit(cases[k]);

console.log(`| case | dendrite | NumPy ${JSON.stringify(await npVersion())} | ratio |`);
console.log("|---|---:|---:|---:|");
for (const k of names) {
  console.log(`| ${k} | ${fmt(ours[k])} | ${fmt(ref[k])} | ${(ours[k] / ref[k]).toFixed(2)}x |`);
}

async function npVersion(): Promise<string> {
  const out = await new Deno.Command("python3", {
    args: ["-c", "import numpy; print(numpy.__version__)"],
    stdout: "piped",
  }).output();
  return new TextDecoder().decode(out.stdout).trim();
}
