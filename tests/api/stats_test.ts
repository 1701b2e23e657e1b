/**
 * Statistics (src/api/ops/stats.ts, src/torch/ops/stats.ts) against NumPy 2.4 / PyTorch 2.13 on random inputs with
 * NaNs, empty arrays, negative and tuple axes, every interpolation method, the error cases, and torch gradients (the
 * registry test also calls every form).
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";
import { build, buildT, checkRuns, type Input, randomInput, rng, type Run } from "../helpers/oracle.ts";

const R = rng(11);
/** Random data with about a quarter NaNs (floats only). */
function data(dtype: string, shape: number[], nans = true): Input {
  const x = randomInput(R, dtype, shape);
  if (nans && dtype.startsWith("float")) x.data = x.data.map((v) => (R() < 0.25 ? NaN : v));
  return x;
}
const lit = (x: number[], dtype = "float64"): Input => ({ data: x, dtype, shape: [x.length] });

/** Python's text of a keyword value. */
function py(v: unknown): string {
  if (v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (Array.isArray(v)) return `(${v.map(py).join(", ")},)`;
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" && Number.isNaN(v)) return "float('nan')";
  return String(v);
}
const snake = (k: string) => k.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());

type Fn = (...a: unknown[]) => unknown;
type Arg = number | Input;
const isInput = (v: unknown): v is Input => typeof v === "object" && v !== null && "dtype" in v;

/**
 * `ns.fn(*args, **opts)` in Python against ours with the same positional arguments and the options object
 * (Inputs become arrays / tensors on both sides; torch's dtype options are torch.<name>).
 */
function call(ns: "np" | "torch", fn: string, args: Arg[], opts: Record<string, unknown> = {}): Run {
  const inputs: Record<string, Input> = {};
  const name = (k: string, v: Input) => ((inputs[k] = v), k);
  const pyArgs = args.map((v, i) => (isInput(v) ? name(`p${i}`, v) : py(v)));
  const pyOpts = Object.entries(opts).map(([k, v]) =>
    `${snake(k)}=${isInput(v) ? name(`k_${k}`, v) : ns === "torch" && k === "dtype" ? `torch.${v}` : py(v)}`
  );
  const lib = (ns === "np" ? np : torch) as unknown as Record<string, Fn>;
  const mk = (v: Input) => (ns === "np" ? build(v) : buildT(v));
  return {
    c: { expr: `${ns}.${snake(fn)}(${[...pyArgs, ...pyOpts].join(", ")})`, inputs, torch: ns === "torch" },
    ours: () =>
      lib[fn](
        ...args.map((v) => (isInput(v) ? mk(v) : v)),
        Object.fromEntries(Object.entries(opts).map(([k, v]) => [k, isInput(v) ? mk(v) : v])),
      ),
  };
}
const npRun = (fn: string, a: Input, opts: Record<string, unknown> = {}, ...rest: Arg[]) =>
  call("np", fn, [a, ...rest], opts);
const torchRun = (fn: string, a: Input, opts: Record<string, unknown> = {}, ...rest: Arg[]) =>
  call("torch", fn, [a, ...rest], opts);

const SHAPES: [number[], (number | number[] | null)[]][] = [
  [[7], [null, 0, -1]],
  [[3, 4], [null, 0, -1, [0, 1]]],
  [[2, 3, 4], [null, 1, -1, [0, 2], [-1, 0]]],
  [[0, 3], [null, 0, 1]],
];

Deno.test("np.nansum/nanprod/nanmean/nanvar/nanstd: NaNs, axes, keepdims, dtype, where, ddof, empty", async () => {
  const runs: Run[] = [];
  for (const fn of ["nansum", "nanprod", "nanmean", "nanvar", "nanstd"]) {
    for (const dtype of ["float64", "float32", "int64"]) {
      for (const [shape, axes] of SHAPES) {
        const a = data(dtype, shape);
        for (const axis of axes) {
          runs.push(npRun(fn, a, { axis }), npRun(fn, a, { axis, keepdims: true }));
        }
      }
    }
    const a = data("float64", [3, 4]);
    runs.push(npRun(fn, a, { axis: 1, dtype: "float32" }), npRun(fn, lit([NaN, NaN, 1]), {}));
    runs.push(npRun(fn, data("float32", [3, 4]), { axis: 0, dtype: "float64" }));
    const where = {
      data: [true, false, true, true, false, true, true, true, false, true, true, true],
      dtype: "bool",
      shape: [3, 4],
    };
    runs.push({
      c: { expr: `np.${fn}(a, axis=1, where=w)`, inputs: { a, w: where } },
      ours: () => ((np as unknown as Record<string, Fn>)[fn])(build(a), { axis: 1, where: build(where) }),
    });
  }
  for (const fn of ["nanvar", "nanstd"]) {
    const a = data("float64", [4, 3]);
    runs.push(npRun(fn, a, { axis: 0, ddof: 1 }), npRun(fn, a, { ddof: 2 }), npRun(fn, lit([1, NaN, 2]), { ddof: 2 }));
    runs.push(npRun(fn, data("int32", [4, 3]), { axis: 0, ddof: 1 }));
    runs.push(npRun(fn, a, { axis: 1, mean: data("float64", [4, 1], false) }));
  }
  runs.push(npRun("nansum", data("float64", [3, 4]), { axis: 0, initial: 2 }));
  runs.push(npRun("nanmean", data("float64", [3]), { dtype: "int64" })); // TypeError: dtype must be inexact
  runs.push(npRun("nanvar", data("float64", [3]), { ddof: 1, correction: 1 })); // both given
  await checkRuns(runs, { rtol: 1e-5, atol: 1e-6 });
});

Deno.test("np.quantile/percentile/nanquantile/nanpercentile: methods, q scalar/array, axes, NaN rows, dtypes, errors", async () => {
  const runs: Run[] = [];
  const methods = ["linear", "lower", "higher", "nearest", "midpoint"];
  const qs: [number | number[], number][] = [[0.3, 1], [[0, 0.25, 0.5, 0.9, 1], 1], [37.5, 100], [[0, 50, 100], 100]];
  for (
    const [fn, nan] of [["quantile", false], ["nanquantile", true], ["percentile", false], [
      "nanpercentile",
      true,
    ]] as const
  ) {
    for (const [q, scale] of qs) {
      if ((scale === 100) !== fn.includes("percentile")) continue;
      for (const dtype of ["float64", "float32", "int64"]) {
        for (const [shape, axes] of SHAPES.slice(0, 3)) {
          const a = data(dtype, shape, nan || R() < 0.3);
          for (const axis of axes) {
            for (const method of methods) {
              const keepdims = axis !== null && method === "linear";
              runs.push(npRun(fn, a, { q: Array.isArray(q) ? lit(q) : q, axis, method, keepdims }));
            }
          }
        }
      }
    }
  }
  const a = data("float64", [3, 4]);
  runs.push(npRun("quantile", a, { q: 1.5 }), npRun("percentile", a, { q: -1 }), npRun("nanquantile", a, { q: NaN }));
  runs.push({
    c: {
      expr: "np.quantile(a, q, axis=1)",
      inputs: { a, q: { data: [0.1, 0.5, 0.2, 0.7], dtype: "float32", shape: [2, 2] } },
    },
    ours: () => np.quantile(build(a), np.array([[0.1, 0.5], [0.2, 0.7]], { dtype: "float32" }), 1),
  });
  const empty = { data: [], dtype: "float64", shape: [2, 0] };
  runs.push(npRun("nanquantile", empty, { q: 0.3, axis: 1 }), npRun("quantile", empty, { q: 0.3, axis: 1 }));
  runs.push(npRun("quantile", empty, { q: 0.3, axis: 0 }), npRun("quantile", lit([1, Infinity]), { q: 0.75 }));
  runs.push(npRun("quantile", lit([1, 0, 1], "bool"), { q: 0.5, method: "lower" }));
  runs.push(npRun("quantile", lit([1, 0, 1], "bool"), { q: 0.5 })); // bool subtract: TypeError
  await checkRuns(runs, { rtol: 1e-5, atol: 1e-6 });
});

Deno.test("torch.nansum/nanmean: NaNs, dims, keepdim, dtype, integer inputs, errors", async () => {
  const runs: Run[] = [];
  for (const fn of ["nansum", "nanmean"]) {
    for (const dtype of ["float32", "float64", "int64"]) {
      for (const [shape, dims] of SHAPES) {
        const a = data(dtype, shape);
        for (const dim of dims) runs.push(torchRun(fn, a, { dim }), torchRun(fn, a, { dim, keepdim: true }));
      }
    }
    runs.push(torchRun(fn, data("float32", [3, 4]), { dim: 1, dtype: "float64" }));
    runs.push(torchRun(fn, lit([NaN, NaN]), {}));
  }
  runs.push(torchRun("nansum", lit([1.5, NaN, 2.5]), { dtype: "int64" }));
  runs.push(torchRun("nansum", lit([1, 0, 1], "bool")), torchRun("nansum", lit([200, 100], "uint8")));
  await checkRuns(runs, { rtol: 1e-5, atol: 1e-6 });
});

Deno.test("torch.quantile/nanquantile: interpolations, q float and tensor, dims, keepdim, NaN rows, errors", async () => {
  const runs: Run[] = [];
  for (const fn of ["quantile", "nanquantile"]) {
    for (const dtype of ["float32", "float64"]) {
      for (
        const [shape, dims] of [[[7], [null, 0, -1]], [[3, 4], [null, 0, -1]], [[2, 3, 4], [null, 1, -1]]] as const
      ) {
        const a = data(dtype, [...shape], fn === "nanquantile" || R() < 0.3);
        for (const dim of dims) {
          for (const interpolation of ["linear", "lower", "higher", "nearest", "midpoint"]) {
            runs.push(torchRun(fn, a, { q: 0.3, dim, interpolation }));
            runs.push(
              torchRun(fn, a, { dim, keepdim: true, interpolation, q: lit([0, 0.25, 0.5, 0.9, 1], dtype) }),
            );
          }
        }
      }
    }
  }
  const a = data("float32", [3, 4], false);
  runs.push(torchRun("quantile", a, { q: 1.5 }), torchRun("quantile", a, { q: lit([0.5, 1.5], "float32") }));
  runs.push(torchRun("quantile", a, { q: lit([0.5], "float64") })); // q of another dtype
  runs.push(torchRun("quantile", data("int64", [3]), { q: 0.5 }), torchRun("quantile", lit([], "float32"), { q: 0.5 }));
  runs.push(torchRun("quantile", a, { q: { data: [0.5], dtype: "float32", shape: [1, 1] } }));
  runs.push(torchRun("quantile", a, { q: 0.5, interpolation: "foo" }), torchRun("quantile", a, { q: 0.5, dim: 2 }));
  runs.push(torchRun("quantile", { data: [3], dtype: "float32", shape: [] }, { q: 0.5, dim: 0, keepdim: true }));
  runs.push(torchRun("nanquantile", lit([NaN, NaN, 1, 2]), { q: 0.5 }));
  await checkRuns(runs, { rtol: 1e-5, atol: 1e-6 });
});

Deno.test("torch gradients: nansum, nanmean, quantile (gradcheck), aminmax; none through counts", () => {
  const x = torch.tensor([[0.3, NaN, -1.2, 2], [1.1, 0.4, NaN, -0.7], [0.9, -2.2, 1.6, 0.05]], {
    dtype: "float64",
    requiresGrad: true,
  });
  const gc = (f: (t: torch.Tensor) => torch.Tensor, t = x) => torch.autograd.gradcheck(f, [t]);
  assert.ok(gc((t) => torch.nansum(t, 1)));
  assert.ok(gc((t) => torch.nanmean(t, { dim: 0, keepdim: true })));
  assert.ok(gc((t) => t.nanmean()));
  const y = torch.tensor([[0.3, 1.7, -1.2, 2], [1.1, 0.4, 3.3, -0.7], [0.9, -2.2, 1.6, 0.05]], {
    dtype: "float64",
    requiresGrad: true,
  });
  for (const interpolation of ["linear", "midpoint", "lower", "nearest"]) {
    assert.ok(gc((t) => torch.quantile(t, torch.tensor([0.2, 0.7], { dtype: "float64" }), 1, { interpolation }), y));
  }
  assert.ok(gc((t) => torch.nanquantile(t, 0.4), x));
  const [mn, mx] = torch.aminmax(y, { dim: 1 });
  mn.sum().add(mx.sum()).backward();
  assert.deepEqual(y.grad!.tolist(), [[0, 0, 1, 1], [0, 0, 1, 1], [0, 1, 1, 0]]);
  // PyTorch: d quantile / d x is the interpolation weights on the two neighbours
  const z = torch.tensor([4, 1, 3, 2], { dtype: "float64", requiresGrad: true });
  torch.quantile(z, 0.5).backward();
  assert.deepEqual(z.grad!.tolist(), [0, 0, 0.5, 0.5]);
  // counts and bucket indices carry no gradient (PyTorch: none for histc/bucketize, a node raising in backward for
  // histogram/bincount)
  const h = torch.histc(z, 3), b = torch.bucketize(z, torch.tensor([1.5, 2.5], { dtype: "float64" }));
  const [hh] = torch.histogram(z, 2), bc = torch.bincount(torch.tensor([0, 1, 1, 3]), { weights: z });
  assert.deepEqual([h, b, hh, bc].map((t) => t.requiresGrad), [false, false, false, false]);
});

Deno.test("np.histogram / torch.histc / torch.histogram: bins and edges, range, density, weights, empty, errors", async () => {
  const runs: Run[] = [];
  for (const dtype of ["float64", "float32", "int64"]) {
    const a = data(dtype, [5, 6], false);
    runs.push(
      npRun("histogram", a),
      npRun("histogram", a, { bins: 7 }),
      npRun("histogram", a, { bins: 3, density: true }),
    );
    runs.push(npRun("histogram", a, { bins: 4, range: [-5, 5] }));
    const w = data("float64", [5, 6], false), edges = lit([-8, -2, 0, 0.5, 9]);
    runs.push({
      c: { expr: "np.histogram(a, bins=e, weights=w)", inputs: { a, w, e: edges } },
      ours: () => np.histogram(build(a), { bins: build(edges), weights: build(w) }),
    });
    runs.push({
      c: { expr: "np.histogram(a, 5, None, True, w)", inputs: { a, w } },
      ours: () => np.histogram(build(a), 5, null, true, build(w)),
    });
  }
  runs.push(npRun("histogram", lit([])), npRun("histogram", lit([2, 2, 2]), { bins: 3 }));
  runs.push(npRun("histogram", lit([2, 2, 2], "float32"), { bins: 3 }), npRun("histogram", lit([1, NaN])));
  runs.push(npRun("histogram", lit([1, NaN]), { range: [0, 2] }), npRun("histogram", lit([1, 2]), { range: [3, 1] }));
  runs.push(npRun("histogram", lit([1, 2]), { bins: 0 }));
  runs.push({
    c: { expr: "np.histogram(a, bins=e)", inputs: { a: lit([1, 2]), e: lit([2, 1]) } },
    ours: () => np.histogram(build(lit([1, 2])), { bins: build(lit([2, 1])) }),
  });
  for (const dtype of ["float32", "float64"]) {
    const a = data(dtype, [4, 5], false);
    runs.push(
      torchRun("histc", a),
      torchRun("histc", a, { bins: 7 }),
      torchRun("histc", a, { bins: 4, min: -5, max: 5 }),
    );
    runs.push(torchRun("histc", a, { bins: 3, min: 0, max: 2.5 }), torchRun("histc", lit([2, 2], dtype), { bins: 4 }));
    runs.push(
      torchRun("histc", lit([], dtype), { bins: 4 }),
      torchRun("histc", lit([1, NaN, 3], dtype), { min: 0, max: 4 }),
    );
  }
  for (const dtype of ["float32", "float64"]) {
    const a = data(dtype, [4, 5], false), w = data(dtype, [4, 5], false);
    runs.push(torchRun("histogram", a, {}, 4), torchRun("histogram", a, { weight: w, density: true }, 3));
    runs.push(
      torchRun("histogram", a, { range: [-5, 5], density: true }, 6),
      torchRun("histogram", lit([], dtype), {}, 3),
    );
    runs.push(torchRun("histogram", a, { weight: w }, lit([-8, -2, 0, 0.5, 9], dtype)));
    runs.push(torchRun("histogram", lit([2, 2], dtype), {}, 3), torchRun("histogram", a, { range: [1, 1] }, 3));
  }
  runs.push(torchRun("histogram", lit([1, NaN]), {}, 3), torchRun("histogram", lit([1, 2]), { range: [3, 1] }, 3));
  runs.push(torchRun("histogram", lit([1, 2], "int64"), {}, 3), torchRun("histogram", lit([1, 2]), {}, 0));
  runs.push(
    torchRun("histogram", lit([1, 2]), {}, lit([1, 2], "float32")),
    torchRun("histogram", lit([1, 2]), {}, lit([1])),
  );
  runs.push(torchRun("histogram", lit([1, 2]), { weight: lit([1, 2], "float32") }, 3));
  runs.push(torchRun("histc", lit([1, 2], "int64")), torchRun("histc", lit([1, 2]), { bins: 0 }));
  runs.push(
    torchRun("histc", lit([1, 2]), { bins: 4, min: 3, max: 1 }),
    torchRun("histc", lit([1, Infinity]), { bins: 4 }),
  );
  await checkRuns(
    runs.map((r) => ({
      ...r,
      c: { ...r.c, expr: r.c.expr.replace(/range=\((-?[\d.]+), (-?[\d.]+),\)/, "range=($1, $2)") },
    })),
  );
});

Deno.test("np.bincount / torch.bincount: weights, minlength, dtypes, empty, errors", async () => {
  const runs: Run[] = [];
  const x = lit([0, 3, 3, 1, 7, 3], "int64"), w = data("float64", [6], false), w32 = data("float32", [6], false);
  for (const minlength of [0, 4, 10]) {
    runs.push(npRun("bincount", x, { minlength }), torchRun("bincount", x, { minlength }));
    runs.push({
      c: { expr: `np.bincount(a, w, ${minlength})`, inputs: { a: x, w } },
      ours: () => np.bincount(build(x), build(w), minlength),
    });
    for (const ww of [w, w32, lit([1, 2, 3, 4, 5, 6], "int64")]) {
      runs.push(torchRun("bincount", x, { minlength, weights: ww }));
    }
  }
  runs.push(
    npRun("bincount", lit([1, 2], "uint8")),
    npRun("bincount", lit([1, 0], "bool")),
    npRun("bincount", lit([], "int64")),
  );
  runs.push(npRun("bincount", lit([], "int64"), { minlength: 3 }), npRun("bincount", lit([1, -1], "int64")));
  runs.push(npRun("bincount", lit([1.5])), npRun("bincount", lit([1], "int64"), { minlength: -1 }));
  runs.push(
    npRun("bincount", { data: [3], dtype: "int64", shape: [] }),
    npRun("bincount", { data: [3], dtype: "int64", shape: [1, 1] }),
  );
  runs.push(torchRun("bincount", lit([1, 2], "uint8")), torchRun("bincount", lit([1, 0], "bool")));
  runs.push(torchRun("bincount", lit([], "int64"), { minlength: 3 }), torchRun("bincount", lit([1, -1], "int64")));
  runs.push(torchRun("bincount", lit([1.5])), torchRun("bincount", lit([1], "int64"), { minlength: -1 }));
  runs.push(torchRun("bincount", lit([1, 2], "int64"), { weights: lit([1]) }));
  await checkRuns(runs);
});

Deno.test("np.digitize / torch.bucketize: increasing and decreasing bins, right, scalars, int32 out, errors", async () => {
  const runs: Run[] = [];
  const x = data("float64", [3, 4], false);
  for (const bins of [lit([-5, -1, 0, 0, 2.5, 6]), lit([6, 2.5, 0, 0, -1, -5]), lit([1]), lit([])]) {
    for (const right of [false, true]) {
      runs.push({
        c: { expr: `np.digitize(x, b, ${py(right)})`, inputs: { x, b: bins } },
        ours: () => np.digitize(build(x), build(bins), right),
      });
    }
  }
  const inc = lit([-5, -1, 0, 0, 2.5, 6], "float32"), xt = data("float32", [3, 4], false);
  for (const right of [false, true]) {
    for (const outInt32 of [false, true]) {
      runs.push({
        c: {
          expr: `torch.bucketize(x, b, right=${py(right)}, out_int32=${py(outInt32)})`,
          inputs: { x: xt, b: inc },
          torch: true,
        },
        ours: () => torch.bucketize(buildT(xt), buildT(inc), { right, outInt32 }),
      });
    }
  }
  runs.push({ c: { expr: "np.digitize(0, b)", inputs: { b: inc } }, ours: () => np.digitize(0, build(inc)) });
  runs.push({
    c: { expr: "torch.bucketize(0, b)", inputs: { b: inc }, torch: true },
    ours: () => torch.bucketize(0, buildT(inc)),
  });
  runs.push({
    c: { expr: "np.digitize(x, b)", inputs: { x, b: lit([1, 3, 2]) } },
    ours: () => np.digitize(build(x), build(lit([1, 3, 2]))),
  });
  const b2 = { data: [1, 2], dtype: "float32", shape: [1, 2] };
  runs.push({ c: { expr: "np.digitize(x, b)", inputs: { x, b: b2 } }, ours: () => np.digitize(build(x), build(b2)) });
  runs.push({
    c: { expr: "torch.bucketize(x, b)", inputs: { x: xt, b: b2 }, torch: true },
    ours: () => torch.bucketize(buildT(xt), buildT(b2)),
  });
  await checkRuns(runs);
});

Deno.test("np.ptp / np.average / torch.aminmax: axes, keepdims, weights, returned, wrap, errors", async () => {
  const runs: Run[] = [];
  for (const dtype of ["float64", "float32", "int64", "uint8"]) {
    for (const [shape, axes] of SHAPES.slice(0, 3)) {
      const a = data(dtype, shape, false);
      for (const axis of axes) {
        runs.push(npRun("ptp", a, { axis }), npRun("ptp", a, { axis, keepdims: true }));
        runs.push(npRun("average", a, { axis }), npRun("average", a, { axis, returned: true, keepdims: true }));
      }
    }
  }
  runs.push(npRun("ptp", lit([])), npRun("ptp", lit([1], "bool")), npRun("average", lit([])));
  const a = data("float32", [3, 4], false), wFull = data("float64", [3, 4], false), wRow = data("int64", [4], false);
  const wrun = (expr: string, w: Input, opts: Record<string, unknown>): Run => ({
    c: { expr, inputs: { a, w } },
    ours: () => np.average(build(a), { ...opts, weights: build(w) }),
  });
  runs.push(
    wrun("np.average(a, weights=w)", wFull, {}),
    wrun("np.average(a, 1, w, True)", wFull, { axis: 1, returned: true }),
  );
  runs.push(wrun("np.average(a, axis=-1, weights=w, keepdims=True)", wRow, { axis: -1, keepdims: true }));
  runs.push(wrun("np.average(a, weights=w)", wRow, {}), wrun("np.average(a, axis=0, weights=w)", wRow, { axis: 0 }));
  const w2 = { data: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], dtype: "float32", shape: [4, 3] };
  runs.push(wrun("np.average(a, axis=(1, 0), weights=w, returned=True)", w2, { axis: [1, 0], returned: true }));
  runs.push(wrun("np.average(a, axis=0, weights=w)", lit([1, -1, 0], "float32"), { axis: 0 })); // sums to zero
  for (const dtype of ["float32", "int64", "bool"]) {
    for (const [shape, dims] of [[[7], [null, 0, -1]], [[3, 4], [null, 0, -1]], [[2, 0], [0]]] as const) {
      const t = data(dtype, [...shape], false);
      for (const dim of dims) {
        runs.push(torchRun("aminmax", t, { dim }), torchRun("aminmax", t, { dim, keepdim: true }));
      }
    }
  }
  runs.push(
    torchRun("aminmax", lit([])),
    torchRun("aminmax", { data: [], dtype: "float32", shape: [2, 0] }, { dim: 1 }),
  );
  runs.push(torchRun("aminmax", { data: [3], dtype: "float32", shape: [] }, { dim: 0 }));
  runs.push(torchRun("aminmax", data("float32", [2, 3], true), { dim: 1 }));
  await checkRuns(runs);
  // the names are run-time properties (the declared result type is a list, as np.linalg.svd's)
  const r = torch.aminmax(torch.tensor([[1, 5], [3, 0]]), { dim: 0 }) as unknown as Record<string, torch.Tensor>;
  assert.deepEqual([r.min.tolist(), r.max.tolist()], [[1, 0], [3, 5]]);
});
