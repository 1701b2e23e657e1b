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
 * Times `cases` here and the same-named cases in the Python `script` (kept
 * running, one case per request), then prints a markdown table with the
 * ratio dendrite / reference. Each case is timed on both sides back to
 * back, for `rounds` rounds, and each side keeps its best: a slow stretch of
 * this shared machine cannot land on one side only.
 */
export async function report(
  refName: string,
  script: string,
  cases: Record<string, () => unknown>,
  time: (fn: () => unknown) => number,
  rounds = 2,
): Promise<void> {
  const names = Object.keys(cases).filter((k) => Deno.args.length === 0 || Deno.args.includes(k));
  const child = new Deno.Command("python3", { args: [script], stdin: "piped", stdout: "piped", stderr: "inherit" })
    .spawn();
  const writer = child.stdin.getWriter(), enc = new TextEncoder();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).pipeThrough(splitLines()).getReader();
  const ref: Record<string, number> = {}, ours: Record<string, number> = {};
  for (let r = 0; r < rounds; r++) {
    for (const k of names) {
      await writer.write(enc.encode(k + "\n"));
      const { value } = await lines.read();
      if (value === undefined) throw new Error(`${script} stopped before timing ${k}`);
      ref[k] = Math.min(ref[k] ?? Infinity, JSON.parse(value));
      ours[k] = Math.min(ours[k] ?? Infinity, time(cases[k]));
    }
  }
  await writer.close();
  await child.status;
  console.log(`| case | dendrite | ${refName} | ratio |`);
  console.log("|---|---:|---:|---:|");
  for (const k of names) console.log(`| ${k} | ${fmt(ours[k])} | ${fmt(ref[k])} | ${(ours[k] / ref[k]).toFixed(2)}x |`);
}

/** Splits a text stream into lines. */
function splitLines(): TransformStream<string, string> {
  let rest = "";
  return new TransformStream({
    transform(chunk, out) {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop()!;
      for (const p of parts) out.enqueue(p);
    },
    flush(out) {
      if (rest) out.enqueue(rest);
    },
  });
}
