/** Progress bars: counts, postfix, TTY redraws in place, sparse plain lines otherwise. */
import assert from "node:assert/strict";
import { progress } from "../../mod.ts";

Deno.test("plain output: one final line with count, rate and postfix", () => {
  const out: string[] = [];
  const bar = progress([1, 2, 3, 4], { desc: "train", tty: false, write: (s) => out.push(s) });
  let sum = 0;
  for (const v of bar) {
    sum += v;
    bar.setPostfix({ loss: 1 / v });
  }
  assert.equal(sum, 10);
  assert.equal(out.length, 1);
  assert.match(out[0], /^train: 100%\|█+\| 4\/4 \[\d\d:\d\d<\d\d:\d\d, [\d.]+it\/s, loss=0\.25\]\n$/);
});

Deno.test("TTY output redraws in place with carriage returns", () => {
  const out: string[] = [];
  const bar = progress(Array(3).fill(0), { tty: true, write: (s) => out.push(s) });
  for (const _ of bar) { /* consume */ }
  assert.ok(out.every((s) => s.startsWith("\r")));
  assert.ok(out.at(-1)!.endsWith("\n") && out.at(-1)!.includes("3/3"));
});

Deno.test("async iterables and unknown totals", async () => {
  const out: string[] = [];
  async function* gen() {
    for (let i = 0; i < 5; i++) yield i;
  }
  let n = 0;
  for await (const _ of progress(gen(), { tty: false, write: (s) => out.push(s) })) n++;
  assert.equal(n, 5);
  assert.match(out.at(-1)!, /^5it \[/);
});
