/** Every unary and binary ufunc against NumPy, for every dtype, on contiguous, strided, broadcast, 0-d and empty inputs. */
import assert from "node:assert/strict";
import { np } from "../../mod.ts";
import { BINARY as BINARY_DECLS, UNARY as UNARY_DECLS } from "../../src/api/ops/elementwise.ts";
import { build, checkRuns, randomInput, rng, type Run } from "../helpers/oracle.ts";

const DTYPES = ["bool", "uint8", "int32", "int64", "float32", "float64"];
// every element-wise op np declares is checked, by each of its np names
const npNames = (decls: Record<string, { np?: { names: readonly string[] } }>) =>
  Object.values(decls).flatMap((d) => d.np?.names ?? []);
const UNARY = npNames(UNARY_DECLS), BINARY = npNames(BINARY_DECLS);
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());

const LAYOUTS: [number[], string | undefined][] = [
  [[3, 4], undefined],
  [[4, 3], "::-1, ::2"],
  [[3, 4], "...".replace("...", ":, 1:").trim()],
  [[2, 3, 4], "1"],
  [[], undefined],
  [[0, 3], undefined],
];

const runs: Run[] = [];
const r = rng(7);

for (const dt of DTYPES) {
  for (const [shape, view] of LAYOUTS) {
    const x = randomInput(r, dt, shape, view);
    for (const op of UNARY) {
      runs.push({
        c: { expr: `np.${snake(op)}(x)`, inputs: { x } },
        ours: () => (np as unknown as Record<string, (a: unknown) => unknown>)[op](build(x)),
      });
    }
  }
}
const PAIRS: [number[], string | undefined, number[], string | undefined][] = [
  [[3, 4], undefined, [3, 4], undefined],
  [[3, 4], undefined, [4], undefined],
  [[3, 1], undefined, [1, 4], undefined],
  [[4, 3], "::-1", [3], "::-1"],
  [[5, 4], "::2, :].T", [], undefined],
  [[0, 4], undefined, [4], undefined],
];
for (const da of DTYPES) {
  for (const db of DTYPES) {
    for (const [sa, va, sb, vb] of da === db ? PAIRS : PAIRS.slice(0, 2)) {
      const a = randomInput(r, da, sa, va?.replace(", :].T", "").replace("::2", "::2")), b = randomInput(r, db, sb, vb);
      if (va?.endsWith(".T")) a.view = "::2";
      for (const op of BINARY) {
        runs.push({
          c: { expr: `np.${snake(op)}(a, b)`, inputs: { a, b } },
          ours: () => (np as unknown as Record<string, (x: unknown, y: unknown) => unknown>)[op](build(a), build(b)),
        });
      }
    }
  }
}
// JS scalars follow NumPy 2's weak-scalar promotion (NEP 50)
for (const dt of DTYPES) {
  const a = randomInput(r, dt, [5]);
  for (const s of [2, 2.5, true, -3]) {
    for (const op of ["add", "multiply", "subtract", "divide", "power", "maximum", "greater"]) {
      runs.push({
        c: { expr: `np.${snake(op)}(a, ${s === true ? "True" : s})`, inputs: { a } },
        ours: () => (np as unknown as Record<string, (x: unknown, y: unknown) => unknown>)[op](build(a), s),
      });
    }
  }
}

// big enough to run on several threads: one long row split between them
// (from an unaligned start too), and many rows shared out
for (const [shape, view] of [[[70001], "1:"], [[70001], undefined], [[3, 40000], ":, ::2"]] as [number[], string?][]) {
  const a = randomInput(r, "float32", shape, view), b = randomInput(r, "float64", shape, view);
  runs.push({ c: { expr: "np.add(a, b)", inputs: { a, b } }, ours: () => np.add(build(a), build(b)) });
  runs.push({ c: { expr: "np.exp(a)", inputs: { a } }, ours: () => np.exp(build(a)) });
}

Deno.test("ufuncs match NumPy across dtypes and layouts", () => checkRuns(runs, { rtol: 4e-6, atol: 1e-6 }));

Deno.test("ufuncs: out= writes in place with same_kind casting", () => {
  const a = np.arange(5, undefined, 1, { dtype: "float64" });
  np.add(a, 1, { out: a });
  assert.deepEqual(a.tolist(), [1, 2, 3, 4, 5]);
  const i = np.arange(3);
  assert.throws(() => np.add(i, 1.5, { out: i }), TypeError);
  assert.throws(() => np.add(np.zeros([2, 3]), np.zeros([4])), /Cannot broadcast shapes \[2, 3\] and \[4\] in "add"/);
});

Deno.test("ufuncs: overlapping out is computed through a temporary", () => {
  const a = np.arange(6);
  np.add(a.get("1:"), a.get(":-1"), { out: a.get("1:") });
  assert.deepEqual(a.tolist(), [0, 1, 3, 5, 7, 9]);
});
