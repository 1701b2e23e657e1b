/**
 * NumPy's 13 quantile methods and weighted quantiles (src/api/ops/quantile_methods.ts), histogram bin estimators,
 * histogramBinEdges, histogram2d/histogramdd and torch.histogramdd (src/api/ops/histogram_more.ts), and the
 * partition methods, against NumPy 2.4 / PyTorch 2.13 on random inputs with ties, NaNs, empty arrays, q = 0 and 1,
 * zero weights and the error cases, in every call form.
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";
import { build, buildT, checkRuns, type Input, randomInput, rng, type Run } from "../helpers/oracle.ts";
import { QUANTILE_METHODS } from "../../src/api/ops/quantile_methods.ts";

const R = rng(23);
type Fn = (...a: unknown[]) => unknown;
const NP = np as unknown as Record<string, Fn>;

/** Random data: few distinct values (ties) when `ties`, a quarter NaNs when `nans` (floats only). */
function data(dtype: string, shape: number[], { ties = false, nans = false } = {}): Input {
  const x = randomInput(R, dtype, shape);
  if (ties) x.data = x.data.map((v) => (dtype === "bool" ? v : Math.floor(R() * 4) - 1));
  if (nans && dtype.startsWith("float")) x.data = x.data.map((v) => (R() < 0.25 ? NaN : v));
  return x;
}
const lit = (x: number[], dtype = "float64", shape = [x.length]): Input => ({ data: x, dtype, shape });

/** Python's text of a value (`float`: a number as a Python float, as NumPy takes a JS number q). */
function py(v: unknown, float = false): string {
  if (v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (Array.isArray(v)) return `(${v.map((x) => py(x, float)).join(", ")},)`;
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number") {
    return Number.isNaN(v) ? "float('nan')" : Number.isInteger(v) && float ? `${v}.0` : String(v);
  }
  return String(v);
}
const snake = (k: string) => k.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());

/**
 * `np.fn(*args, **opts)` in Python against ours, in the call form `form`: 0 all keywords in the options object,
 * 1 the positional parameters `pos` by position and the rest in the options object.
 */
function npCall(fn: string, args: Record<string, unknown>, pos: string[] = [], form = 0): Run {
  const inputs: Record<string, Input> = {};
  const isIn = (v: unknown): v is Input => typeof v === "object" && v !== null && "dtype" in v;
  const text = (k: string, v: unknown) => (isIn(v) ? ((inputs[k] = v), k) : py(v, k === "q"));
  // the leading positional parameters given (a gap ends them)
  const gap = pos.findIndex((k) => !(k in args));
  const byPos = form === 1 ? pos.slice(0, gap < 0 ? pos.length : gap) : [];
  const pyArgs = [
    ...byPos.map((k) => text(k, args[k])),
    ...Object.entries(args).filter(([k]) => !byPos.includes(k)).map(([k, v]) => `${snake(k)}=${text(k, v)}`),
  ];
  const mk = (v: unknown) => (isIn(v) ? build(v) : v);
  return {
    c: { expr: `np.${snake(fn)}(${pyArgs.join(", ")})`, inputs },
    ours: () =>
      NP[fn](
        ...byPos.map((k) => mk(args[k])),
        Object.fromEntries(Object.entries(args).filter(([k]) => !byPos.includes(k)).map(([k, v]) => [k, mk(v)])),
      ),
  };
}

const Q_POS = ["a", "q", "axis", "out", "overwriteInput", "method", "keepdims"];
const QUANTILES = [["quantile", 1], ["percentile", 100], ["nanquantile", 1], ["nanpercentile", 100]] as const;

Deno.test("np.quantile & co: all 13 methods, q scalar/array (0 and 1 included), ties, NaN, axes, dtypes", async () => {
  const runs: Run[] = [];
  const shapes: [number[], (number | number[] | null)[]][] = [[[1], [null]], [[2], [0]], [[7], [null]], [[3, 5], [
    1,
    0,
  ]], [[2, 3, 4], [[0, 2], null]]];
  for (const [fn, scale] of QUANTILES) {
    const nan = fn.startsWith("nan");
    for (const method of QUANTILE_METHODS) {
      for (const dtype of ["float64", "float32", "int64"]) {
        for (const [shape, axes] of shapes) {
          const a = data(dtype, shape, { ties: R() < 0.5, nans: nan || R() < 0.2 });
          for (const axis of axes) {
            const qs = [0, 0.1, 0.25, 1 / 3, 0.5, 0.7, 0.9, 1].map((v) => v * scale);
            const form = runs.length % 2;
            runs.push(npCall(fn, { a, q: qs[Math.floor(R() * qs.length)], axis, method }, Q_POS, form));
            runs.push(npCall(fn, { a, q: lit(qs), axis, method, keepdims: axis !== null }, Q_POS, 1 - form));
            runs.push(npCall(fn, { a, q: lit(qs.slice(0, 4), "float32", [2, 2]), axis, method }, Q_POS, form));
          }
        }
      }
      // every position of a q grid on n = 1..6 (the boundaries where the methods differ)
      const grid = Array.from({ length: 21 }, (_, i) => (i / 20) * scale);
      for (let n = 1; n <= 6; n++) runs.push(npCall(fn, { a: data("float64", [n]), q: lit(grid), method }, Q_POS, 1));
    }
  }
  await checkRuns(runs, { rtol: 1e-6, atol: 1e-9 });
});

Deno.test("np.quantile & co: out, all-NaN rows, empty, bool, infinities, errors (method, q, interpolation)", async () => {
  const runs: Run[] = [];
  const a = data("float64", [3, 4]);
  for (const method of QUANTILE_METHODS) {
    runs.push(npCall("quantile", { a: lit([1, Infinity, -Infinity, 2]), q: lit([0, 0.4, 1]), method }));
    runs.push(
      npCall("nanquantile", { a: lit([NaN, NaN, NaN, 1, NaN, 2], "float32", [2, 3]), q: 0.5, axis: 1, method }),
    );
    runs.push(npCall("quantile", { a: lit([1, 0, 1], "bool"), q: 0.5, method }));
    runs.push(npCall("nanquantile", { a: lit([], "float64", [2, 0]), q: 0.3, axis: 1, method }));
  }
  for (const fn of ["quantile", "nanquantile"]) {
    for (const [method, dtype] of [["hazen", "float64"], ["lower", "float64"], ["nearest", "int64"]]) {
      runs.push({
        c: {
          setup: `o = np.zeros(3, np.${dtype})`,
          expr: `(np.${fn}(a, 0.4, 1, o, method="${method}"), o)`,
          inputs: { a },
        },
        ours: () => {
          const o = np.zeros([3], { dtype });
          return [NP[fn](build(a), 0.4, 1, o, { method }), o];
        },
      });
    }
  }
  runs.push(
    npCall("quantile", { a, q: 0.5, method: "foo" }),
    npCall("quantile", { a, q: 0.5, interpolation: "linear" }),
  );
  runs.push(npCall("quantile", { a, q: 1.5, method: "hazen" }), npCall("percentile", { a, q: -1, method: "weibull" }));
  runs.push(npCall("quantile", { a: lit([], "float64", [0]), q: 0.5, method: "hazen" }));
  await checkRuns(runs, { rtol: 1e-6, atol: 1e-9 });
});

Deno.test("np.quantile & co: weights (inverted_cdf), zero weights, 1-d along an axis, NaN rows, errors", async () => {
  const runs: Run[] = [];
  const weights = (shape: number[], zeros = 0.3) => {
    const w = randomInput(R, "float64", shape);
    w.data = w.data.map((v) => (R() < zeros ? 0 : Math.abs(v as number)));
    return w;
  };
  for (const [fn, scale] of QUANTILES) {
    const nan = fn.startsWith("nan");
    for (const dtype of ["float64", "float32", "int64"]) {
      const a = data(dtype, [4, 6], { ties: R() < 0.5, nans: nan || R() < 0.3 });
      const qs = [0, 0.05, 0.25, 0.5, 0.75, 1].map((v) => v * scale);
      const method = "inverted_cdf";
      runs.push(npCall(fn, { a, q: lit(qs), axis: 1, method, weights: weights([4, 6]) }, Q_POS, 1));
      runs.push(npCall(fn, { a, q: qs[2], method, weights: weights([4, 6]) }, Q_POS, 0));
      runs.push(npCall(fn, { a, q: lit(qs, "float32"), axis: 0, method, weights: weights([4, 6]), keepdims: true }));
      // integer weights (exact cumulative sums, so q can land on a step) along one axis; NumPy's nanquantile
      // indexes 1-d weights wrongly for 2-d input (IndexError), so only quantile/percentile take them here
      const iw = { ...randomInput(R, "int64", [6]), data: Array.from({ length: 6 }, () => Math.floor(R() * 3)) };
      iw.data[5] = 1;
      if (!nan) runs.push(npCall(fn, { a, q: lit(qs), axis: 1, method, weights: iw }, Q_POS, 1));
      runs.push(npCall(fn, { a: { ...a, shape: [24] }, q: lit(qs), method, weights: { ...iw, shape: [6] } }));
      runs.push(npCall(fn, { a: lit([3, 1, 2, 5]), q: lit(qs), method, weights: lit([0, 0, 1, 1]) }));
      runs.push(npCall(fn, { a: lit([3, 1, 2, 5]), q: lit(qs), method, weights: lit([1, 1, 0, 0], "bool") }));
    }
    const a = data("float64", [3, 4]);
    runs.push(npCall(fn, { a, q: 0.5 * scale, weights: weights([3, 4]) })); // linear: weights not supported
    runs.push(npCall(fn, { a, q: 0.5 * scale, method: "inverted_cdf", weights: weights([4]) })); // no axis
    runs.push(npCall(fn, { a, q: 0.5 * scale, axis: 1, method: "inverted_cdf", weights: weights([3]) })); // wrong length
    runs.push(
      npCall(fn, { a, q: 0.5 * scale, method: "inverted_cdf", weights: lit(Array(12).fill(-1), "float64", [3, 4]) }),
    );
    runs.push(npCall(fn, { a, q: 0.5 * scale, axis: 1, method: "inverted_cdf", weights: weights([3, 4], 1) })); // all zero
    runs.push(npCall(fn, { a, q: 0.5 * scale, axis: [1, 0], method: "inverted_cdf", weights: weights([3, 4]) }));
  }
  const a = data("float64", [3, 4]), w = weights([4]);
  for (const dtype of ["float32", "int64"]) {
    runs.push({
      c: {
        setup: `o = np.zeros(3, np.${dtype})`,
        expr: `(np.quantile(a, 0.5, 1, o, method="inverted_cdf", weights=w), o)`,
        inputs: { a, w },
      },
      ours: () => {
        const o = np.zeros([3], { dtype });
        return [np.quantile(build(a), 0.5, 1, o, { method: "inverted_cdf", weights: build(w) }), o];
      },
    });
  }
  runs.push(npCall("quantile", { a, q: lit([0.5], "float32", []), axis: 1, method: "hazen", overwriteInput: true }));
  runs.push(npCall("quantile", { a: lit([]), q: 0.5, method: "inverted_cdf", weights: lit([]) }));
  await checkRuns(runs, { rtol: 1e-6, atol: 1e-9 });
});

const ESTIMATORS = ["auto", "fd", "doane", "scott", "stone", "rice", "sturges", "sqrt"];
const H_POS = ["a", "bins", "range", "density", "weights"];

Deno.test("np.histogram / histogramBinEdges: every bin estimator, sizes, dtypes, range, density, errors", async () => {
  const runs: Run[] = [];
  for (const bins of ESTIMATORS) {
    for (const dtype of ["float64", "float32", "int64", "bool"]) {
      for (const n of [1, 2, 3, 10, 57, 300]) {
        const a = data(dtype, [n], { ties: n > 50 && R() < 0.3 });
        const form = runs.length % 2;
        runs.push(
          npCall("histogram", { a, bins }, H_POS, form),
          npCall("histogramBinEdges", { a, bins }, H_POS, 1 - form),
        );
        if (n > 2) {
          runs.push(npCall("histogram", { a, bins, range: [-3, 4.5], density: true }, H_POS, form));
          runs.push(npCall("histogramBinEdges", { a, bins, range: [-3, 4.5] }, H_POS, 1 - form));
        }
      }
      runs.push(
        npCall("histogram", { a: lit([2, 2, 2], dtype), bins }),
        npCall("histogram", { a: lit([], dtype), bins }),
      );
    }
    runs.push(npCall("histogram", { a: data("float64", [3, 4]), bins }));
    runs.push(npCall("histogram", { a: data("float64", [5]), bins, weights: data("float64", [5]) })); // weighted
    runs.push(
      npCall("histogram", { a: lit([1, NaN]), bins }),
      npCall("histogram", { a: lit([1, NaN]), bins, range: [0, 2] }),
    );
  }
  runs.push(npCall("histogram", { a: data("float64", [5]), bins: "foo" }));
  for (const bins of [1, 7, lit([-8, -2, 0, 0, 0.5, 9])]) {
    runs.push(npCall("histogramBinEdges", { a: data("float32", [9]), bins }, H_POS, 1));
    runs.push(npCall("histogramBinEdges", { a: data("int64", [9]), bins, range: [-2, 5] }));
  }
  runs.push(npCall("histogramBinEdges", { a: data("float64", [4]), bins: 3, weights: data("float64", [3]) }));
  runs.push(npCall("histogram", { a: lit([1, 1 + 2 ** -50]), bins: 10 })); // too many bins for the range
  await checkRuns(runs);
});

const H2_POS = ["x", "y", "bins", "range", "density", "weights"];

Deno.test("np.histogram2d / np.histogramdd: bins as counts, per-dim counts and edges, range, density, weights", async () => {
  const runs: Run[] = [];
  for (const dtype of ["float64", "float32", "int64"]) {
    const x = data(dtype, [20]), y = data(dtype, [20]), w = data("float64", [20]);
    const ex = lit([-9, -3, 0, 0.5, 2, 10]);
    for (
      const opts of [
        {},
        { bins: 4 },
        { bins: [3, 5] },
        { bins: ex },
        { bins: 2, range: [[-5, 5], [0, 8]] },
        { bins: [2, 6], density: true },
        { bins: ex, density: true, weights: w },
        { bins: 3, weights: w },
      ]
    ) {
      runs.push(npCall("histogram2d", { x, y, ...opts }, H2_POS, runs.length % 2));
    }
    runs.push({
      c: { expr: "np.histogram2d(x, y, bins=[e, 3], density=True)", inputs: { x, y, e: ex } },
      ours: () => np.histogram2d(build(x), build(y), { bins: [build(ex), 3], density: true }),
    });
    for (const d of [1, 2, 3]) {
      const s = data(dtype, [15, d]);
      runs.push(npCall("histogramdd", { sample: s }), npCall("histogramdd", { sample: s, bins: 3, density: true }));
      runs.push(npCall("histogramdd", { sample: s, bins: Array.from({ length: d }, (_, i) => i + 2) }));
      runs.push(
        npCall("histogramdd", { sample: s, bins: 4, range: Array(d).fill([-4, 6]), weights: data("float64", [15]) }),
      );
    }
    const s2 = data(dtype, [12, 2]);
    runs.push({
      c: { expr: "np.histogramdd(s, bins=[e, 2], range=[None, (-1, 1)])", inputs: { s: s2, e: ex } },
      ours: () => np.histogramdd(build(s2), [build(ex), 2], [null, [-1, 1]]),
    });
    runs.push({
      c: { expr: "np.histogramdd([x, y], bins=3, density=True)", inputs: { x, y } },
      ours: () => np.histogramdd([build(x), build(y)], 3, null, true),
    });
  }
  // edge cases: empty, constant data, NaN, a 1-d sample, errors
  runs.push(npCall("histogramdd", { sample: lit([], "float64", [0, 2]) }));
  runs.push(npCall("histogramdd", { sample: lit([2, 2, 2, 2], "float32", [2, 2]), bins: 2 }));
  runs.push(
    npCall("histogramdd", { sample: lit([1, NaN, 2, 3], "float64", [2, 2]), bins: 2, range: [[0, 4], [0, 4]] }),
  );
  runs.push(npCall("histogramdd", { sample: data("float64", [7]), bins: 3 }));
  runs.push(npCall("histogramdd", { sample: data("float64", [7, 2]), bins: [3] }));
  runs.push(npCall("histogramdd", { sample: data("float64", [7, 2]), bins: [3, 0] }));
  runs.push(npCall("histogramdd", { sample: data("float64", [7, 2]), bins: 2.5 }));
  runs.push(npCall("histogramdd", { sample: data("float64", [7, 2]), range: [[0, 1]] }));
  runs.push(npCall("histogramdd", { sample: data("float64", [7, 2]), bins: [lit([3, 1]), 2] }));
  runs.push(npCall("histogramdd", { sample: data("float64", [7, 2]), weights: data("float64", [6]) }));
  runs.push(npCall("histogram2d", { x: data("float64", [5]), y: data("float64", [6]) }));
  runs.push(npCall("histogram2d", { x: data("float64", [5]), y: data("float64", [5]), bins: [2, 2, 2] }));
  await checkRuns(runs);
});

Deno.test("torch.histogramdd: int, per-dim and tensor bins, range, weight, density, leading dims, errors", async () => {
  const runs: Run[] = [];
  const T = torch as unknown as Record<string, Fn>;
  const tcall = (expr: string, inputs: Record<string, Input>, ours: () => unknown): Run => ({
    c: { expr, inputs, torch: true },
    ours,
  });
  for (const dtype of ["float32", "float64"]) {
    for (const shape of [[20, 1], [20, 2], [4, 5, 3]]) {
      const x = data(dtype, shape), n = shape[shape.length - 1], lead = shape.slice(0, -1);
      // non-negative weights: a float32 density of weights that cancel is ill-conditioned (PyTorch's summation order)
      const w = { ...data(dtype, lead) }, counts = Array.from({ length: n }, (_, i) => i + 2);
      w.data = w.data.map((v) => Math.abs(v as number));
      const edges = Array.from({ length: n }, () => lit([-9, -2.5, 0, 0.5, 3, 10], dtype));
      const eIn = Object.fromEntries(edges.map((e, i) => [`e${i}`, e]));
      const eList = `[${edges.map((_, i) => `e${i}`).join(", ")}]`;
      const range = Array.from({ length: 2 * n }, (_, i) => (i % 2 ? 4 : -3));
      runs.push(tcall("torch.histogramdd(x, 3)", { x }, () => T.histogramdd(buildT(x), 3)));
      runs.push(
        tcall(
          `torch.histogramdd(x, ${py(counts)}, density=True)`,
          { x },
          () => T.histogramdd(buildT(x), counts, { density: true }),
        ),
      );
      runs.push(
        tcall(
          `torch.histogramdd(x, bins=4, range=${py(range)}, weight=w)`,
          { x, w },
          () => T.histogramdd(buildT(x), { bins: 4, range, weight: buildT(w) }),
        ),
      );
      runs.push(
        tcall(
          `torch.histogramdd(x, ${eList}, weight=w, density=True)`,
          { x, w, ...eIn },
          () => T.histogramdd(buildT(x), edges.map(buildT), { weight: buildT(w), density: true }),
        ),
      );
    }
  }
  const x = data("float32", [6, 2]);
  runs.push(
    tcall(
      "torch.histogramdd(x, 2)",
      { x: lit([2, 2, 2, 2], "float32", [2, 2]) },
      () => T.histogramdd(buildT(lit([2, 2, 2, 2], "float32", [2, 2])), 2),
    ),
  );
  runs.push(
    tcall(
      "torch.histogramdd(x, 3)",
      { x: lit([], "float64", [0, 2]) },
      () => T.histogramdd(buildT(lit([], "float64", [0, 2])), 3),
    ),
  );
  const errors: [string, Record<string, Input>, () => unknown][] = [
    ["torch.histogramdd(x.long(), 3)", { x }, () => T.histogramdd(buildT(x).long(), 3)],
    ["torch.histogramdd(x[:, 0], 3)", { x }, () => T.histogramdd(buildT(x).get(":, 0"), 3)],
    ["torch.histogramdd(x, [3])", { x }, () => T.histogramdd(buildT(x), [3])],
    ["torch.histogramdd(x, [3, 0])", { x }, () => T.histogramdd(buildT(x), [3, 0])],
    ["torch.histogramdd(x, 3, range=[0, 1])", { x }, () => T.histogramdd(buildT(x), 3, { range: [0, 1] })],
    ["torch.histogramdd(x, 3, range=[0, 1, 2, 1])", { x }, () => T.histogramdd(buildT(x), 3, { range: [0, 1, 2, 1] })],
    [
      "torch.histogramdd(x, 3, weight=w)",
      { x, w: data("float32", [5]) },
      () => T.histogramdd(buildT(x), 3, { weight: buildT(data("float32", [5])) }),
    ],
    [
      "torch.histogramdd(x, 3, weight=w)",
      { x, w: data("float64", [6]) },
      () => T.histogramdd(buildT(x), 3, { weight: buildT(data("float64", [6])) }),
    ],
    [
      "torch.histogramdd(x, [e])",
      { x, e: lit([0, 1], "float32") },
      () => T.histogramdd(buildT(x), [buildT(lit([0, 1], "float32"))]),
    ],
    [
      "torch.histogramdd(x, [e, f])",
      { x, e: lit([0, 1], "float32"), f: lit([0, 1]) },
      () => T.histogramdd(buildT(x), [buildT(lit([0, 1], "float32")), buildT(lit([0, 1]))]),
    ],
    [
      "torch.histogramdd(x, [e, e])",
      { x, e: lit([0.5], "float32") },
      () => T.histogramdd(buildT(x), [buildT(lit([0.5], "float32")), buildT(lit([0.5], "float32"))]),
    ],
    [
      "torch.histogramdd(x, [e, e])",
      { x, e: lit([], "float32") },
      () => T.histogramdd(buildT(x), [buildT(lit([], "float32")), buildT(lit([], "float32"))]),
    ],
    [
      "torch.histogramdd(x, 3)",
      { x: lit([NaN, 1], "float32", [1, 2]) },
      () => T.histogramdd(buildT(lit([NaN, 1], "float32", [1, 2])), 3),
    ],
  ];
  for (const [expr, inputs, ours] of errors) runs.push(tcall(expr, inputs, ours));
  await checkRuns(runs);
  const r = torch.histogramdd(torch.tensor([[0, 1], [1, 1]], { dtype: "float32" }), 2) as unknown as {
    hist: torch.Tensor;
    binEdges: torch.Tensor[];
  };
  assert.deepEqual([r.hist.shape, r.binEdges.length], [[2, 2], 2]);
});

Deno.test("np.partition / argpartition (introselect): kth in sorted place, smaller before, larger after, NaN last", () => {
  const key = (v: unknown) => (typeof v === "boolean" ? Number(v) : Number.isNaN(v) ? Infinity : Number(v));
  const nanLast = (a: unknown, b: unknown) =>
    Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : Number.isNaN(b) ? -1 : key(a) - key(b);
  for (let t = 0; t < 400; t++) {
    const n = 1 + Math.floor(R() * (t % 10 === 0 ? 3000 : 60)), dtype = ["float64", "int64", "float32", "uint8"][t % 4];
    const spread = t % 3 === 0 ? 3 : 200;
    const v = Array.from(
      { length: 2 * n },
      () =>
        dtype.startsWith("float") && R() < 0.1 ? NaN : Math.floor(R() * spread) +
          (t % 7 === 0 ? 0 : 0.5 * (R() < 0.5 ? 1 : 0)) * Number(dtype.startsWith("float")),
    );
    const kth = Array.from({ length: 1 + Math.floor(R() * 3) }, () => Math.floor(R() * n) - (R() < 0.3 ? n : 0));
    const a = np.array(v, { dtype }).reshape([2, n]).T; // a strided (n, 2) view, partitioned along axis 0
    const p = np.partition(a, kth, 0).T.tolist() as unknown[][];
    const ip = np.argpartition(a, kth, 0).T.tolist() as number[][];
    const inPlace = a.copy();
    inPlace.partition(kth, 0);
    const rows = a.T.tolist() as unknown[][];
    rows.forEach((row, r) => {
      const sorted = [...row].sort(nanLast);
      assert.deepEqual([...ip[r]].sort((x, y) => x - y), [...row.keys()], "argpartition is a permutation");
      for (const k0 of kth) {
        const k = k0 < 0 ? k0 + n : k0;
        for (const [got, name] of [[p[r], "partition"], [ip[r].map((i) => row[i]), "argpartition"]] as const) {
          assert.ok(Object.is(got[k], sorted[k]), `${name} kth ${k}`);
          assert.ok(got.slice(0, k).every((x) => nanLast(x, got[k]) <= 0), `${name}: smaller before ${k}`);
          assert.ok(got.slice(k + 1).every((x) => nanLast(x, got[k]) >= 0), `${name}: larger after ${k}`);
        }
      }
      assert.deepEqual((inPlace.T.tolist() as unknown[][])[r], p[r], "ndarray.partition in place");
    });
  }
});
