/** Reductions and statistics against NumPy: axes (ints, tuples, negatives), keepdims, dtypes, layouts, empty inputs. */
import assert from "node:assert/strict";
import { np } from "../../mod.ts";
import { build, checkRuns, randomInput, rng, type Run } from "../helpers/oracle.ts";

const DTYPES = ["bool", "uint8", "int32", "int64", "float32", "float64"];
const runs: Run[] = [];
const r = rng(11);
const npAny = np as unknown as Record<string, (...a: unknown[]) => unknown>;

const AXES: [string, unknown][] = [["None", undefined], ["0", 0], ["-1", -1], ["(0, 2)", [0, 2]], ["(2, 1)", [2, 1]]];
for (const dt of DTYPES) {
  for (
    const [shape, view] of [[[3, 4, 5], undefined], [[4, 6, 5], "::-1, ::2, 1:"], [[2, 0, 3], undefined]] as [
      number[],
      string | undefined,
    ][]
  ) {
    const x = randomInput(r, dt, shape, view);
    for (const op of ["sum", "prod", "mean", "max", "min", "all", "any", "std", "var", "median"]) {
      for (const [pyAxis, axis] of AXES) {
        for (const keepdims of [false, true]) {
          const pyOp = op === "var" ? "var" : op;
          const tsOp = op === "var" ? "var" : op;
          if (op === "prod" && dt !== "bool" && dt !== "float64") continue; // overflow noise is not interesting
          if (op === "median" && shape.includes(0)) continue; // NumPy's median of empty stacks raises inconsistently
          runs.push({
            c: { expr: `np.${pyOp}(x, axis=${pyAxis}, keepdims=${keepdims ? "True" : "False"})`, inputs: { x } },
            ours: () => npAny[tsOp](build(x), { axis, keepdims }),
            tol: dt === "float32" ? { rtol: 1e-5, atol: 1e-5 } : undefined,
          });
        }
      }
    }
    for (const op of ["argmax", "argmin", "cumsum", "cumprod"]) {
      for (const [pyAxis, axis] of [["None", null], ["1", 1], ["-1", -1]] as [string, number | null][]) {
        if (op === "cumprod" && dt !== "bool" && dt !== "float64") continue;
        runs.push({ c: { expr: `np.${op}(x, axis=${pyAxis})`, inputs: { x } }, ours: () => npAny[op](build(x), axis) });
      }
    }
  }
}
// ddof and NaN propagation
{
  const x = { data: [1, 2, NaN, 4, 5, 6], dtype: "float64", shape: [2, 3] };
  for (const op of ["sum", "max", "min", "mean", "median", "argmax", "argmin"]) {
    runs.push({ c: { expr: `np.${op}(x, axis=1)`, inputs: { x } }, ours: () => npAny[op](build(x), 1) });
  }
  const y = randomInput(r, "float64", [4, 5]);
  runs.push({ c: { expr: "np.std(y, axis=0, ddof=1)", inputs: { y } }, ours: () => np.std(build(y), 0, { ddof: 1 }) });
  runs.push({ c: { expr: "np.var(y, ddof=2)", inputs: { y } }, ours: () => np.var(build(y), { ddof: 2 }) });
  runs.push({ c: { expr: "np.cov(y)", inputs: { y } }, ours: () => np.cov(build(y)) });
  runs.push({ c: { expr: "np.cov(y, rowvar=False)", inputs: { y } }, ours: () => np.cov(build(y), { rowvar: false }) });
  runs.push({ c: { expr: "np.corrcoef(y)", inputs: { y } }, ours: () => np.corrcoef(build(y)) });
  runs.push({
    c: { expr: "np.corrcoef(y[0], y[1])", inputs: { y } },
    ours: () => np.corrcoef(build(y).get(0), { y: build(y).get(1) }),
  });
  runs.push({
    c: { expr: "np.sum(y, dtype=np.float32)", inputs: { y } },
    ours: () => np.sum(build(y), { dtype: "float32" }),
  });
}
// large reductions take the parallel and vertical paths
{
  const big = randomInput(r, "float32", [300, 400]);
  for (const [py, ax] of [["None", undefined], ["0", 0], ["1", 1]] as [string, number | undefined][]) {
    runs.push({
      c: { expr: `np.sum(b.astype(np.float64), axis=${py}).astype(np.float32)`, inputs: { b: big } },
      ours: () => np.sum(build(big), ax),
      tol: { rtol: 1e-5, atol: 1e-3 },
    });
    runs.push({ c: { expr: `np.max(b, axis=${py})`, inputs: { b: big } }, ours: () => np.max(build(big), ax) });
  }
  // float32 rows long enough for the blocked float32 sum, from unaligned starts
  for (const [shape, view, ax] of [[[5001], "1:", "None"], [[3, 3000], ":, 3:", "1"]] as [number[], string, string][]) {
    const b = randomInput(r, "float32", shape, view);
    runs.push({
      c: { expr: `np.sum(b.astype(np.float64), axis=${ax}).astype(np.float32)`, inputs: { b } },
      ours: () => np.sum(build(b), ax === "None" ? undefined : Number(ax)),
      tol: { rtol: 1e-6, atol: 1e-4 },
    });
  }
  // vertical reductions split in row bands over several reduced dims, with
  // several outer rows, and in column bands when there is a single row
  const cases: [string, number[], number[]][] = [
    ["float32", [50, 40, 60], [0, 1]],
    ["int64", [30, 80, 50], [1]],
    ["float64", [1, 70000], [0]],
    ["int32", [3, 70000], [0]],
  ];
  for (const [dt, shape, axes] of cases) {
    const b = randomInput(r, dt, shape);
    const ax = `(${axes.join(",")},)`;
    runs.push({
      c: { expr: `np.sum(b, axis=${ax})`, inputs: { b } },
      ours: () => np.sum(build(b), axes),
      tol: { rtol: 1e-5, atol: 1e-3 },
    });
    runs.push({ c: { expr: `np.min(b, axis=${ax})`, inputs: { b } }, ours: () => np.min(build(b), axes) });
  }
}

// NumPy's leniency for 0-d arrays: an integer axis 0 or -1 (not a tuple) passes its ufunc reductions (which reduce
// nothing) and its axis-checking ops (which see a 1-d array); mean, var, median and sort keep the AxisError
for (const dt of ["int64", "float64"]) {
  const x = { data: [dt === "int64" ? 5 : 2.5], dtype: dt, shape: [] };
  const ops = [
    ..."sum prod max min amax amin all any ptp nansum nanprod nanmax nanmin nanmean nanvar nanstd".split(" "),
    ..."argmax argmin nanargmax nanargmin cumsum cumprod nancumsum nancumprod countNonzero squeeze".split(" "),
    ..."mean var std median sort".split(" "),
  ];
  for (const op of ops) {
    const py = op === "countNonzero" ? "count_nonzero" : op;
    for (const [pyAxis, axis] of [["0", 0], ["-1", -1], ["1", 1], ["(0,)", [0]]] as [string, unknown][]) {
      if (Array.isArray(axis) && /^(nan)?(arg|cum)|sort/.test(op)) continue; // these take one integer axis
      runs.push({ c: { expr: `np.${py}(x, ${pyAxis})`, inputs: { x } }, ours: () => npAny[op](build(x), axis) });
    }
  }
  for (const op of ["sum", "max", "argmax"]) {
    runs.push({
      c: { expr: `np.${op}(x, 0, keepdims=True)`, inputs: { x } },
      ours: () => npAny[op](build(x), 0, { keepdims: true }),
    });
  }
  runs.push({ c: { expr: "x.sum(0)", inputs: { x } }, ours: () => build(x).sum(0) });
  runs.push({ c: { expr: "x.cumsum(-1)", inputs: { x } }, ours: () => build(x).cumsum(-1) });
}

Deno.test("reductions match NumPy", () => checkRuns(runs));

Deno.test("reduction errors", () => {
  assert.throws(
    () => np.max(np.zeros([0, 3]), 0),
    /zero-size array to reduction operation maximum which has no identity/,
  );
  assert.throws(() => np.sum(np.zeros([2, 3]), 2), RangeError);
  assert.throws(() => np.sum(np.zeros([2, 3]), [0, 0]), /repeated axis/);
  assert.throws(() => np.argmax(np.zeros([0])), /empty sequence/);
});
