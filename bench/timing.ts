/** Shared timing and table printing for the bench scripts (same method as bench/numpy_bench.py's timeit). */

/**
 * Best per-call seconds over repeated batches after a warm-up. Batches are
 * short (10 ms) and many (1 s in all) because this shared 2-core machine
 * has slow stretches of tens of milliseconds: the best of many short
 * batches is what the code costs, the same rule on both sides.
 */
export function timeit(fn: () => unknown, minTime = 1.0): number {
  const t0 = performance.now();
  while (performance.now() - t0 < 200) fn(); // warm-up: JIT and allocator steady state
  let n = 1, dt = 0;
  for (;;) {
    const t = performance.now();
    for (let i = 0; i < n; i++) fn();
    dt = (performance.now() - t) / 1e3;
    if (dt > 0.01) break;
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

const fmt = (s: number) => (s < 1e-3 ? `${(s * 1e6).toFixed(2)} us` : `${(s * 1e3).toFixed(3)} ms`);

/**
 * Times `cases` here and the same-named cases in the Python `script`, then
 * prints a markdown table with the ratio dendrite / reference. The two
 * sides alternate for `rounds` rounds and each keeps its best, so a slow
 * stretch of the machine cannot land on one side only.
 */
export async function report(
  refName: string,
  script: string,
  cases: Record<string, () => unknown>,
  time: (fn: () => unknown) => number,
  rounds = 2,
): Promise<void> {
  const names = Object.keys(cases).filter((k) => Deno.args.length === 0 || Deno.args.includes(k));
  const ref: Record<string, number> = {}, ours: Record<string, number> = {};
  const keepBest = (into: Record<string, number>, k: string, t: number) => (into[k] = Math.min(into[k] ?? Infinity, t));
  for (let r = 0; r < rounds; r++) {
    const out = await new Deno.Command("python3", { args: [script, ...names], stdout: "piped", stderr: "inherit" })
      .output();
    const got: Record<string, number> = JSON.parse(new TextDecoder().decode(out.stdout));
    for (const k of names) keepBest(ref, k, got[k]);
    for (const k of names) keepBest(ours, k, time(cases[k]));
  }
  console.log(`| case | dendrite | ${refName} | ratio |`);
  console.log("|---|---:|---:|---:|");
  for (const k of names) console.log(`| ${k} | ${fmt(ours[k])} | ${fmt(ref[k])} | ${(ours[k] / ref[k]).toFixed(2)}x |`);
}
