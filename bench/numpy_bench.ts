/**
 * `deno task bench`: dendrite vs NumPy on the same machine in one run.
 * Prints a table of medians (and the ratio of bests) dendrite / NumPy (lower
 * is better). "released" rows dispose each result (`using`), as NumPy's
 * reference counting frees it; the others leave results to the GC.
 */
import { np } from "../mod.ts";
import { report } from "./timing.ts";

const f32 = (shape: number[]) => (np.random.random(shape) as np.NDArray).astype("float32");
const cases: Record<string, () => unknown> = {};
for (const n of [1e6, 1e7]) {
  const a = f32([n]), b = f32([n]);
  const tag = n.toExponential(0).replace("e+", "e+0");
  cases[`add f32 ${tag}`] = () => np.add(a, b);
  cases[`multiply f32 ${tag}`] = () => np.multiply(a, b);
  cases[`exp f32 ${tag}`] = () => np.exp(a);
  cases[`add f32 ${tag}, released`] = () => void np.add(a, b).dispose();
  cases[`multiply f32 ${tag}, released`] = () => void np.multiply(a, b).dispose();
  cases[`exp f32 ${tag}, released`] = () => void np.exp(a).dispose();
}
const big = f32([1e7]);
cases["sum f32 1e7"] = () => big.sum();
cases["mean f32 1e7"] = () => big.mean();
const m = f32([4096, 4096]);
cases["sum axis=0 4096x4096"] = () => m.sum(0);
cases["sum axis=1 4096x4096"] = () => m.sum(1);
const t1 = f32([2048, 2048]), t2 = f32([2048, 2048]);
cases["add a.T + b 2048^2"] = () => np.add(t1.T, t2);
for (const n of [64, 256, 1024, 2048]) {
  const x = f32([n, n]), y = f32([n, n]);
  cases[`matmul f32 ${n}`] = () => np.matmul(x, y);
}
const s1 = np.arange(10, null, 1, { dtype: "float32" }), s2 = np.arange(10, null, 1, { dtype: "float32" });
cases["np.add 10 elements"] = () => np.add(s1, s2);
cases["a few small ops"] = () => np.add(np.multiply(s1, s2), s1).sum();
cases["a few small ops in a scope"] = () => np.tidy(() => np.add(np.multiply(s1, s2), s1).sum());

await report("NumPy", new URL("./numpy_bench.py", import.meta.url).pathname, cases);
