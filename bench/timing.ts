/** Shared timing and table printing for the bench scripts (the same method as bench/numpy_bench.py's measure). */

/** Per-call seconds of one case: the median a user's loop sees, and the best. */
export interface Timing {
  median: number;
  best: number;
}

/**
 * Times back-to-back calls, each returning a fresh result, after a warm-up:
 * samples are single calls (or the smallest batch of calls that takes at
 * least 20 us, for ops too fast to time one by one), and the median over
 * the samples is what a loop sees, allocation, page faults and GC pauses
 * included. The best sample stands beside it. bench/numpy_bench.py applies
 * the same rule on the Python side.
 */
export function measure(fn: () => unknown, minTime = 1.0): Timing {
  const t0 = performance.now();
  while (performance.now() - t0 < 200) fn(); // warm-up: JIT and allocator steady state
  let k = 1;
  for (;;) {
    const t = performance.now();
    for (let i = 0; i < k; i++) fn();
    if (performance.now() - t >= 0.02) break;
    k *= 2;
  }
  const samples: number[] = [];
  const end = performance.now() + minTime * 1e3;
  while (samples.length < 5 || (performance.now() < end && samples.length < 20000)) {
    const t = performance.now();
    for (let i = 0; i < k; i++) fn();
    samples.push((performance.now() - t) / 1e3 / k);
  }
  return { median: median(samples), best: Math.min(...samples) };
}

/** The median of `xs` (the mean of the two middle values for an even count): what a user's loop sees. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const fmt = (s: number) => (s < 1e-3 ? `${(s * 1e6).toFixed(2)} us` : `${(s * 1e3).toFixed(3)} ms`);

/**
 * Times `cases` here and the same-named cases in the Python `script` (kept
 * running, one case per request), then prints a markdown table with the
 * ratio dendrite / reference. Each case is timed on both sides back to
 * back, for `rounds` rounds, so a slow stretch of the machine cannot land
 * on one side only; each side reports the median of its rounds' medians,
 * with the ratio of bests beside it.
 */
export async function report(
  refName: string,
  script: string,
  cases: Record<string, () => unknown>,
  rounds = 2,
): Promise<void> {
  const names = Object.keys(cases).filter((k) => Deno.args.length === 0 || Deno.args.includes(k));
  const py = pythonSide(script);
  const ref: Record<string, Timing[]> = {}, ours: Record<string, Timing[]> = {};
  for (let r = 0; r < rounds; r++) {
    for (const k of names) {
      (ref[k] ??= []).push(JSON.parse(await py.ask(k)));
      (ours[k] ??= []).push(measure(cases[k]));
    }
  }
  await py.close();
  // each side's median over the rounds' medians; best of the rounds' bests
  const med = (ts: Timing[]) => median(ts.map((t) => t.median));
  const best = (ts: Timing[]) => Math.min(...ts.map((t) => t.best));
  console.log(`| case | dendrite median | ${refName} median | ratio (median) | ratio (best) |`);
  console.log("|---|---:|---:|---:|---:|");
  for (const k of names) {
    const o = ours[k], p = ref[k];
    console.log(
      `| ${k} | ${fmt(med(o))} | ${fmt(med(p))} | ${(med(o) / med(p)).toFixed(2)}x | ${
        (best(o) / best(p)).toFixed(2)
      }x |`,
    );
  }
}

/** The reference side of a bench: a Python script kept running that answers one line per request line. */
export interface PythonSide {
  /** Sends `request` (one line) and returns the script's one-line answer. */
  ask(request: string): Promise<string>;
  /** The next line the script prints unasked (its "ready" line). */
  read(): Promise<string>;
  /** Closes the script's input and waits for it to end. */
  close(): Promise<void>;
}

/** Starts `python3 script ...args`; its stderr shows unless `quiet` (PyTorch's per-call warnings). */
export function pythonSide(script: string, args: string[] = [], quiet = false): PythonSide {
  const child = new Deno.Command("python3", {
    args: [script, ...args],
    stdin: "piped",
    stdout: "piped",
    stderr: quiet ? "null" : "inherit",
  }).spawn();
  const writer = child.stdin.getWriter(), enc = new TextEncoder();
  const lines = child.stdout.pipeThrough(new TextDecoderStream()).pipeThrough(splitLines()).getReader();
  const read = async () => {
    const { value } = await lines.read();
    if (value === undefined) throw new Error(`${script} stopped`);
    return value;
  };
  return {
    read,
    async ask(request) {
      await writer.write(enc.encode(request + "\n"));
      return await read();
    },
    async close() {
      await writer.close();
      await child.status;
    },
  };
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
