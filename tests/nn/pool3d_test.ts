/**
 * The rest of the pooling family (src/nn/pool3d.ts, src/nn/layers/pool3d.ts) against PyTorch 2.13: F.maxPool3d,
 * avgPool3d, adaptiveAvgPool3d, adaptiveMaxPool3d, lpPool3d (and lp_pool's infinite norms in every dimension), the
 * *WithIndices forms, maxUnpool1d/2d/3d, fractionalMaxPool2d/3d (seeded: the samples drawn as PyTorch draws them,
 * or given), integer max / average pooling, and the modules. Values, PyTorch's flat indices and gradients over an
 * options matrix in float32 and float64 (inputs with many ties, so the scan order is tested); NaN and -inf windows;
 * int64 beyond 2^53; empty batches; call forms; reprs, buffers; PyTorch's errors in its order.
 */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";
import { buildT, caseFailures, type Input, numpy } from "../helpers/oracle.ts";
import { type ParityCase, randint, randn, report, runParity } from "./harness.ts";

const F = nn.F;
type T = torch.Tensor;
type DT = "float32" | "float64";
const DTYPES: DT[] = ["float32", "float64"];
type Ints = number | number[];

/** Python's spelling of a JS value (lists as tuples, null as None). */
const py = (v: unknown): string =>
  v === null
    ? "None"
    : typeof v === "boolean"
    ? (v ? "True" : "False")
    : Array.isArray(v)
    ? `(${v.map(py).join(", ")}${v.length === 1 ? "," : ""})`
    : typeof v === "number" && !Number.isFinite(v)
    ? (Number.isNaN(v) ? "float('nan')" : v > 0 ? "float('inf')" : "-float('inf')")
    : String(v);

/** Random values with many ties (integers in [-3, 3] as floats). */
const ties = (seed: number, shape: number[], dt: DT) => randint(seed, -3, 4, shape).to(dt);

const cases: ParityCase[] = [];
let seed = 100;

// ---------- max_pool3d: values, flat indices and gradients over the options ----------

interface MaxOpts {
  k: Ints;
  s: Ints | null;
  p: Ints;
  d: Ints;
  ceil: boolean;
}
const MAX3D: MaxOpts[] = [
  { k: 2, s: null, p: 0, d: 1, ceil: false },
  { k: [2, 3, 2], s: 1, p: [1, 1, 0], d: 1, ceil: false },
  { k: 3, s: 2, p: 1, d: 1, ceil: true },
  { k: [1, 2, 3], s: [2, 1, 2], p: [0, 1, 1], d: [2, 1, 1], ceil: true },
  { k: 2, s: [1, 2, 3], p: 1, d: [1, 2, 2], ceil: false },
  { k: [3, 1, 2], s: [3, 1, 1], p: [1, 0, 1], d: 1, ceil: true },
];
for (const dt of DTYPES) {
  MAX3D.forEach((o, j) => {
    const s = seed += 2;
    const pyF = `F.max_pool3d(x0, ${py(o.k)}, ${py(o.s)}, ${py(o.p)}, ${py(o.d)}, ${py(o.ceil)}, True)`;
    const ours = (x: T) => F.maxPool3d(x, o.k, o.s, o.p, o.d, o.ceil, true);
    cases.push({
      id: `max_pool3d #${j} ties ${dt}`,
      py: `lambda x0: ${pyF}`,
      fn: ours,
      inputs: () => [ties(s, [2, 3, 5, 6, 7], dt)],
    });
    cases.push({
      id: `max_pool3d #${j} unbatched ${dt}`,
      py: `lambda x0: ${pyF}`,
      fn: ours,
      inputs: () => [randn(s + 1, [2, 4, 5, 6], dt)],
    });
  });
}

// ---------- avg_pool3d ----------

interface AvgOpts {
  k: Ints;
  s: Ints | null;
  p: Ints;
  ceil: boolean;
  cip: boolean;
  div: number | null;
}
const AVG3D: AvgOpts[] = [
  { k: 2, s: null, p: 0, ceil: false, cip: true, div: null },
  { k: [2, 3, 2], s: 1, p: [1, 1, 0], ceil: false, cip: true, div: null },
  { k: 3, s: 2, p: 1, ceil: true, cip: false, div: null },
  { k: [3, 2, 2], s: [2, 1, 3], p: [1, 0, 1], ceil: true, cip: true, div: null },
  { k: 2, s: 1, p: 1, ceil: false, cip: false, div: 3 },
  { k: [1, 2, 3], s: 2, p: [0, 1, 1], ceil: true, cip: false, div: -2 },
];
for (const dt of DTYPES) {
  AVG3D.forEach((o, j) => {
    const s = seed += 2;
    const pyF = `F.avg_pool3d(x0, ${py(o.k)}, ${py(o.s)}, ${py(o.p)}, ${py(o.ceil)}, ${py(o.cip)}, ${py(o.div)})`;
    const ours = (x: T) => F.avgPool3d(x, o.k, o.s, o.p, o.ceil, o.cip, o.div);
    cases.push({
      id: `avg_pool3d #${j} ${dt}`,
      py: `lambda x0: ${pyF}`,
      fn: ours,
      inputs: () => [randn(s, [2, 3, 5, 6, 7], dt)],
    });
    cases.push({
      id: `avg_pool3d #${j} unbatched ${dt}`,
      py: `lambda x0: ${pyF}`,
      fn: ours,
      inputs: () => [randn(s + 1, [2, 5, 4, 6], dt)],
    });
  });
}

// ---------- adaptive pools, lp_pool, the *WithIndices forms ----------

const SIZES: (number | (number | null)[])[] = [[3, 2, 4], [1, 1, 1], [7, 9, 8], [null, 2, 1], 2, [5, 6, 7]];
for (const dt of DTYPES) {
  for (const size of SIZES) {
    const s = seed += 2, ps = py(size);
    cases.push({
      id: `adaptive_avg_pool3d ${ps} ${dt}`,
      py: `lambda x0: F.adaptive_avg_pool3d(x0, ${ps})`,
      fn: (x) => F.adaptiveAvgPool3d(x, size),
      inputs: () => [randn(s, [2, 3, 5, 6, 7], dt)],
    });
    cases.push({
      id: `adaptive_max_pool3d ${ps} ${dt}`,
      py: `lambda x0: F.adaptive_max_pool3d(x0, ${ps}, True)`,
      fn: (x) => F.adaptiveMaxPool3d(x, size, true),
      inputs: () => [ties(s + 1, [2, 3, 5, 6, 7], dt)],
    });
  }
  const s = seed += 2;
  cases.push({
    id: `adaptive pools 3d unbatched ${dt}`,
    py: "lambda x0: (F.adaptive_avg_pool3d(x0, (2, 3, 2)), F.adaptive_max_pool3d(x0, (3, 2, 4), True))",
    fn: (x) => [F.adaptiveAvgPool3d(x, [2, 3, 2]), ...F.adaptiveMaxPool3d(x, [3, 2, 4], true)],
    inputs: () => [ties(s, [2, 4, 5, 6], dt)],
  });
  const LP: [number, Ints, Ints | null, boolean][] = [
    [2, 2, null, false],
    [1.5, [2, 3, 2], 1, false],
    [3, 2, [1, 2, 1], true],
    [Infinity, 2, null, true],
    [-Infinity, [2, 1, 2], 1, false],
  ];
  for (const [p, k, st, ceil] of LP) {
    const s2 = seed += 2;
    cases.push({
      id: `lp_pool3d p=${p} k=${k} ${dt}`,
      py: `lambda x0: F.lp_pool3d(x0, ${py(p)}, ${py(k)}, ${py(st)}, ${py(ceil)})`,
      fn: (x) => F.lpPool3d(x, p, k, st, ceil),
      // positive: x^1.5 of a negative is NaN on both sides, which would hide a wrong gradient
      inputs: () => [randn(s2, [2, 3, 4, 5, 6], dt).abs().add(0.1)],
    });
  }
  for (const p of [Infinity, -Infinity]) {
    cases.push({
      id: `lp_pool1d / lp_pool2d p=${p} ${dt}`,
      py: `lambda x0: (F.lp_pool1d(x0[0], ${py(p)}, 2), F.lp_pool2d(x0, ${py(p)}, 2, 1, True))`,
      fn: (x) => [F.lpPool1d(x.get(0), p, 2), F.lpPool2d(x, p, 2, 1, true)],
      inputs: () => [randn(seed += 2, [2, 3, 5, 6], dt)],
    });
  }
  const w = seed += 2;
  cases.push({
    id: `*_with_indices ${dt}`,
    py: "lambda x0: (F.max_pool1d_with_indices(x0[0], 3, 2, 1), F.max_pool2d_with_indices(x0, 2, ceil_mode=True), " +
      "F.max_pool3d_with_indices(x0[None], 2, 1), F.adaptive_max_pool1d_with_indices(x0[0], 3), " +
      "F.adaptive_max_pool2d_with_indices(x0, (2, 3)), F.adaptive_max_pool3d_with_indices(x0, (2, 3, 4)))",
    fn: (x) => [
      F.maxPool1dWithIndices(x.get(0), 3, 2, 1),
      F.maxPool2dWithIndices(x, 2, { ceilMode: true }),
      F.maxPool3dWithIndices(x.unsqueeze(0), 2, 1),
      F.adaptiveMaxPool1dWithIndices(x.get(0), 3),
      F.adaptiveMaxPool2dWithIndices(x, [2, 3]),
      F.adaptiveMaxPool3dWithIndices(x, [2, 3, 4]),
    ],
    inputs: () => [ties(w, [3, 5, 6, 7], dt)],
  });
}

// ---------- max unpooling: the indices of a max pool (an input without gradient) ----------

const pooled = (dims: 1 | 2 | 3, shape: number[], k: Ints, s: Ints | null, p: Ints, dt: DT) => () => {
  const x = randn(seed += 2, shape, dt);
  const f = [F.maxPool1d, F.maxPool2d, F.maxPool3d][dims - 1] as unknown as (...a: unknown[]) => T[];
  // the pooled values with their indices: overlapping windows repeat an index with the same value (PyTorch's
  // kernel writes repeats in no fixed order)
  return f(x, k, s, p, 1, false, true);
};
for (const dt of DTYPES) {
  const UNPOOL: [1 | 2 | 3, number[], Ints, Ints | null, Ints, string, number[] | null][] = [
    [1, [2, 3, 8], 2, null, 0, "", null],
    [1, [3, 9], 3, 2, 1, ", output_size=[9]", [9]],
    [2, [2, 3, 6, 8], 2, null, 0, "", null],
    [2, [2, 3, 7, 6], 3, 2, 1, ", output_size=[2, 3, 7, 6]", [2, 3, 7, 6]],
    [2, [3, 5, 5], [2, 3], [1, 2], [1, 0], "", null],
    [3, [2, 2, 4, 6, 6], 2, null, 0, "", null],
    [3, [2, 2, 5, 6, 7], 3, 2, 1, ", output_size=[5, 6, 7]", [5, 6, 7]],
    [3, [2, 4, 5, 6], [1, 2, 3], [1, 2, 2], [0, 1, 1], ", output_size=[4, 5, 6]", [4, 5, 6]],
  ];
  for (const [dims, shape, k, s, p, pyOut, out] of UNPOOL) {
    cases.push({
      id: `max_unpool${dims}d ${shape} k=${k} s=${s} p=${p}${pyOut} ${dt}`,
      py: `lambda x0, x1: F.max_unpool${dims}d(x0, x1, ${py(k)}, ${py(s)}, ${py(p)}${pyOut})`,
      fn: (x, i) => [F.maxUnpool1d, F.maxUnpool2d, F.maxUnpool3d][dims - 1](x, i, k, s, p, out),
      inputs: pooled(dims, shape, k, s, p, dt),
      grad: [true, false],
    });
  }
}

// ---------- fractional max pooling: samples drawn from the seeded generator as PyTorch draws them, or given ----------

for (const dt of DTYPES) {
  const FRAC: [string, string, (x: T) => unknown, number[]][] = [
    [
      "2d size",
      "F.fractional_max_pool2d(x0, 3, output_size=(4, 5), return_indices=True)",
      (x) => F.fractionalMaxPool2d(x, 3, { outputSize: [4, 5], returnIndices: true }),
      [2, 3, 9, 10],
    ],
    [
      "2d ratio unbatched",
      "F.fractional_max_pool2d(x0, (2, 3), output_ratio=(0.5, 0.7), return_indices=True)",
      (x) => F.fractionalMaxPool2d(x, [2, 3], null, [0.5, 0.7], true),
      [3, 9, 10],
    ],
    ["2d one output", "F.fractional_max_pool2d(x0, 2, 1)", (x) => F.fractionalMaxPool2d(x, 2, 1), [2, 2, 5, 4]],
    ["2d full", "F.fractional_max_pool2d(x0, 2, (8, 9))", (x) => F.fractionalMaxPool2d(x, 2, [8, 9]), [1, 2, 9, 10]],
    [
      "3d size",
      "F.fractional_max_pool3d(x0, 2, output_size=(3, 4, 2), return_indices=True)",
      (x) => F.fractionalMaxPool3d(x, 2, { outputSize: [3, 4, 2], returnIndices: true }),
      [2, 3, 6, 7, 5],
    ],
    [
      "3d ratio unbatched",
      "F.fractional_max_pool3d(x0, (2, 1, 3), output_ratio=0.5, return_indices=True)",
      (x) => F.fractionalMaxPool3d(x, [2, 1, 3], { outputRatio: 0.5, returnIndices: true }),
      [2, 7, 6, 8],
    ],
    [
      "2d with_indices",
      "F.fractional_max_pool2d_with_indices(x0, 2, 3)",
      (x) => F.fractionalMaxPool2dWithIndices(x, 2, 3),
      [2, 2, 6, 6],
    ],
    [
      "3d with_indices",
      "F.fractional_max_pool3d_with_indices(x0, 2, 3)",
      (x) => F.fractionalMaxPool3dWithIndices(x, 2, 3),
      [2, 2, 6, 5, 7],
    ],
  ];
  for (const [name, pyF, ours, shape] of FRAC) {
    const s = seed += 2;
    cases.push({
      id: `fractional ${name} ${dt}`,
      py: `lambda x0: ${pyF}`,
      fn: ours,
      inputs: () => [ties(s, shape, dt)],
      seed: s,
    });
  }
  // given samples (more batches than the input: the first are used), also at huge values and NaN (C++'s int
  // conversion of an out-of-range float: INT_MIN on x86) and outside [0, 1)
  const given: [string, () => T][] = [
    ["rand", () => torch.rand([3, 3, 2], { generator: new torch.Generator().manualSeed(seed += 2), dtype: dt })],
    [
      "wild",
      () => torch.tensor([[[1e10, NaN], [-1e10, 0.5], [1, 0.999]], [[0, 1.5], [-0.3, 2], [0.25, 0.75]]], { dtype: dt }),
    ],
  ];
  for (const [name, samples] of given) {
    cases.push({
      id: `fractional 2d given samples ${name} ${dt}`,
      py: "lambda x0, x1: F.fractional_max_pool2d(x0, (3, 2), (3, 4), return_indices=True, _random_samples=x1)",
      fn: (x, u) => F.fractionalMaxPool2d(x, [3, 2], [3, 4], { returnIndices: true, _randomSamples: u }),
      inputs: () => [randn(seed += 2, [2, 3, 8, 9], dt), samples()],
      grad: [true, false],
    });
  }
  cases.push({
    id: `fractional 3d given samples ${dt}`,
    py: "lambda x0, x1: F.fractional_max_pool3d_with_indices(x0, 2, (2, 3, 4), None, False, x1)",
    fn: (x, u) => F.fractionalMaxPool3dWithIndices(x, 2, [2, 3, 4], null, false, u),
    inputs: () => [randn(seed += 2, [3, 5, 6, 7], dt), torch.rand([1, 3, 3], { dtype: dt })],
    grad: [true, false],
  });
}

// ---------- integer inputs: max_pool 1d (with indices) / 2d / 3d of uint8, int32, int64; avg_pool of int64 ----------

for (const dtype of ["uint8", "int32", "int64"] as const) {
  const s = seed += 2;
  const x = () => [randint(s, 0, 5, [2, 3, 6, 7]).to(dtype)];
  cases.push({
    id: `max_pool2d ${dtype}`,
    py:
      "lambda x0: (F.max_pool2d(x0, 3, 2, 1, return_indices=True), F.max_pool2d(x0, (2, 3), 1, (1, 0), (2, 1), True))",
    fn: (t) => [...F.maxPool2d(t, 3, 2, 1, 1, false, true), F.maxPool2d(t, [2, 3], 1, [1, 0], [2, 1], true)],
    inputs: x,
  });
  cases.push({
    id: `max_pool1d with indices / max_pool3d ${dtype}`,
    py:
      "lambda x0: (F.max_pool1d(x0[0], 2, 1, 1, return_indices=True), F.max_pool3d(x0, (2, 3, 2), 1, 1, 1, True, True))",
    fn: (t) => [...F.maxPool1d(t.get(0), 2, 1, 1, 1, false, true), ...F.maxPool3d(t, [2, 3, 2], 1, 1, 1, true, true)],
    inputs: x,
  });
}
cases.push({
  id: "avg_pool 1d / 2d / 3d int64",
  py: "lambda x0: (F.avg_pool1d(x0[0], 3, 2, 1), F.avg_pool2d(x0, 3, 1, 1, True, False), " +
    "F.avg_pool2d(x0, (2, 3), 2, (1, 0), True, True, -3), F.avg_pool3d(x0, 2, 1, 1), " +
    "F.avg_pool3d(x0, (2, 3, 2), (1, 2, 2), (1, 1, 0), True, False), F.avg_pool3d(x0, 2, divisor_override=5))",
  fn: (t) => [
    F.avgPool1d(t.get(0), 3, 2, 1),
    F.avgPool2d(t, 3, 1, 1, true, false),
    F.avgPool2d(t, [2, 3], 2, [1, 0], true, true, -3),
    F.avgPool3d(t, 2, 1, 1),
    F.avgPool3d(t, [2, 3, 2], [1, 2, 2], [1, 1, 0], true, false),
    F.avgPool3d(t, 2, { divisorOverride: 5 }),
  ],
  inputs: () => [randint(seed += 2, -50, 50, [2, 3, 5, 6])],
});

// ---------- the modules ----------

for (const dt of DTYPES) {
  const s = seed += 10;
  const x5 = () => [ties(s, [2, 3, 5, 6, 7], dt)];
  cases.push(
    {
      id: `MaxPool3d ${dt}`,
      py: "nn.MaxPool3d((2, 3, 2), 1, 1, (1, 1, 2), True, True)",
      make: () => new nn.MaxPool3d([2, 3, 2], 1, 1, [1, 1, 2], true, true),
      inputs: x5,
    },
    {
      id: `AvgPool3d ${dt}`,
      py: "nn.AvgPool3d(3, 2, 1, True, False, None)",
      make: () => new nn.AvgPool3d(3, 2, 1, true, false),
      inputs: x5,
    },
    {
      id: `AdaptiveAvgPool3d ${dt}`,
      py: "nn.AdaptiveAvgPool3d((3, None, 4))",
      make: () => new nn.AdaptiveAvgPool3d([3, null, 4]),
      inputs: x5,
    },
    {
      id: `AdaptiveMaxPool3d ${dt}`,
      py: "nn.AdaptiveMaxPool3d(3, return_indices=True)",
      make: () => new nn.AdaptiveMaxPool3d(3, { returnIndices: true }),
      inputs: x5,
    },
    {
      id: `LPPool3d ${dt}`,
      py: "nn.LPPool3d(2, (2, 3, 2), 1, True)",
      make: () => new nn.LPPool3d(2, [2, 3, 2], 1, true),
      inputs: () => [randn(s + 1, [2, 3, 5, 6, 7], dt).abs().add(0.1)],
    },
    {
      id: `FractionalMaxPool2d ${dt}`,
      py: "nn.FractionalMaxPool2d(3, output_ratio=(0.5, 0.6), return_indices=True)",
      make: () => new nn.FractionalMaxPool2d(3, { outputRatio: [0.5, 0.6], returnIndices: true }),
      inputs: () => [ties(s + 2, [2, 3, 9, 10], dt)],
      seed: s,
    },
    {
      id: `FractionalMaxPool3d ${dt}`,
      py: "nn.FractionalMaxPool3d(2, output_size=(2, 3, 4))",
      make: () => new nn.FractionalMaxPool3d(2, [2, 3, 4]),
      inputs: x5,
      seed: s + 1,
    },
    {
      id: `FractionalMaxPool2d with _random_samples ${dt}`,
      py: "nn.FractionalMaxPool2d(2, 4, _random_samples=torch.zeros(2, 3, 2))",
      make: () => new nn.FractionalMaxPool2d(2, 4, { _randomSamples: torch.rand([2, 3, 2], { dtype: dt }) }),
      inputs: () => [ties(s + 3, [2, 3, 7, 8], dt)],
      double: dt === "float64",
    },
  );
  for (const dims of [1, 2, 3] as const) {
    const shape = [[2, 3, 8], [2, 3, 6, 8], [2, 3, 4, 6, 8]][dims - 1];
    const Cls = [nn.MaxUnpool1d, nn.MaxUnpool2d, nn.MaxUnpool3d][dims - 1];
    cases.push({
      id: `MaxUnpool${dims}d ${dt}`,
      py: `nn.MaxUnpool${dims}d(2)`,
      make: () => new Cls(2),
      call: { py: "m(x0, x1)", ts: (m, xs) => (m as InstanceType<typeof Cls>).forward(xs[0], xs[1]) },
      inputs: pooled(dims, shape, 2, null, 0, dt),
      grad: [true, false],
    });
  }
}

Deno.test("3-d pools, unpooling, fractional and integer pooling: values, indices and gradients against PyTorch", async () => {
  report("pool3d", await runParity(cases));
});

// ---------- exact values, edge cases, call forms, reprs and errors (one Python process) ----------

const N = NaN, I = Infinity;
/** A float input with NaN and -inf in chosen windows. */
const SPECIAL: Input = {
  // windows of 2 x 2 x 2: [NaN first], [two NaNs], [-inf only], [-inf and a number], [NaN and inf]
  data: [N, 1, 2, 3, 4, 5, 6, 7, N, 1, 2, N, 4, 5, 6, 7, -I, -I, -I, -I, -I, -I, -I, -I, -I, 3, -I, -I, -I, -I, 3, -I]
    .concat([I, N, 0, 1, 2, 3, 4, 5]),
  dtype: "float32",
  shape: [1, 5, 2, 2, 2],
};
const BIG: Input = {
  data: [-(2n ** 63n), 2n ** 60n + 1n, 2n ** 60n, 2n ** 60n + 1n, -5n, 9n, 2n ** 62n - 1n, 2n ** 62n, 3n],
  dtype: "int64",
  shape: [1, 1, 1, 3, 3],
};

type Case = [py: string, ours: () => unknown, inputs?: Record<string, Input>];
const x = (...s: number[]) => torch.zeros(s);
const X = (...s: number[]) => `torch.zeros(${s.join(", ")})`;
const xi = (...s: number[]) => torch.zeros(s, { dtype: "int64" });
const r5 = () => torch.arange(120, { dtype: "float32" }).reshape(1, 2, 3, 4, 5);
const R5 = "torch.arange(120.).reshape(1, 2, 3, 4, 5)";

const CASES: Case[] = [
  // NaN and -inf: PyTorch's scan keeps the last NaN and starts at the window's first element
  ["F.max_pool3d(s, 2, return_indices=True)", () => F.maxPool3d(buildT(SPECIAL), 2, { returnIndices: true }), {
    s: SPECIAL,
  }],
  [
    "F.max_pool3d(s, 2, 1, 1, return_indices=True)",
    () => F.maxPool3d(buildT(SPECIAL), 2, 1, 1, { returnIndices: true }),
    { s: SPECIAL },
  ],
  ["F.adaptive_max_pool3d(s, (1, 2, 1), True)", () => F.adaptiveMaxPool3d(buildT(SPECIAL), [1, 2, 1], true), {
    s: SPECIAL,
  }],
  [
    "F.fractional_max_pool3d(s, (2, 1, 2), 1, return_indices=True, _random_samples=torch.full((1, 5, 3), 0.5))",
    () =>
      F.fractionalMaxPool3d(buildT(SPECIAL), [2, 1, 2], 1, {
        returnIndices: true,
        _randomSamples: torch.full([1, 5, 3], 0.5),
      }),
    { s: SPECIAL },
  ],
  [
    "F.fractional_max_pool2d(s[0], 2, 1, return_indices=True, _random_samples=torch.full((5, 2, 2), 0.5))",
    () =>
      F.fractionalMaxPool2d(buildT(SPECIAL).get(0), 2, 1, {
        returnIndices: true,
        _randomSamples: torch.full([5, 2, 2], 0.5),
      }),
    { s: SPECIAL },
  ],
  // int64 beyond 2^53: exact values, ties broken as PyTorch breaks them
  [
    "F.max_pool3d(b, (1, 2, 2), 1, return_indices=True)",
    () => F.maxPool3d(buildT(BIG), [1, 2, 2], 1, { returnIndices: true }),
    { b: BIG },
  ],
  [
    "F.max_pool2d(b[0], 2, 1, 1, return_indices=True)",
    () => F.maxPool2d(buildT(BIG).get(0), 2, 1, 1, { returnIndices: true }),
    { b: BIG },
  ],
  ["F.avg_pool3d(b // 64, (1, 2, 2), 1)", () => F.avgPool3d(buildT(BIG).floorDivide(64), [1, 2, 2], 1), { b: BIG }],
  // integer average rounding: truncated toward zero
  [
    "F.avg_pool2d(torch.tensor([[[[-7, 5, -3, 2, 9]]]]), (1, 3), 1, (0, 1))",
    () => F.avgPool2d(torch.tensor([[[[-7, 5, -3, 2, 9]]]]), [1, 3], 1, [0, 1]),
  ],
  [
    "F.avg_pool3d(torch.tensor([[[[[-7, 5, -3, 2, 9]]]]]), (1, 1, 2), ceil_mode=True)",
    () => F.avgPool3d(torch.tensor([[[[[-7, 5, -3, 2, 9]]]]]), [1, 1, 2], { ceilMode: true }),
  ],
  // empty batches and outputs
  [
    `F.max_pool3d(${X(0, 2, 3, 4, 5)}, 2, return_indices=True)`,
    () => F.maxPool3d(x(0, 2, 3, 4, 5), 2, { returnIndices: true }),
  ],
  [`F.avg_pool3d(${X(0, 2, 3, 4, 5)}, 2)`, () => F.avgPool3d(x(0, 2, 3, 4, 5), 2)],
  [`F.adaptive_avg_pool3d(${X(0, 2, 3, 4, 5)}, 2)`, () => F.adaptiveAvgPool3d(x(0, 2, 3, 4, 5), 2)],
  [
    `F.adaptive_max_pool3d(${X(2, 2, 3, 4, 5)}, (2, 0, 2), True)`,
    () => F.adaptiveMaxPool3d(x(2, 2, 3, 4, 5), [2, 0, 2], true),
  ],
  [`F.adaptive_avg_pool3d(${X(2, 2, 3, 4, 5)}, (2, 0, 2))`, () => F.adaptiveAvgPool3d(x(2, 2, 3, 4, 5), [2, 0, 2])],
  [
    `F.max_unpool2d(${X(0, 2, 2, 2)}, ${X(0, 2, 2, 2)}.long(), 2)`,
    () => F.maxUnpool2d(x(0, 2, 2, 2), xi(0, 2, 2, 2), 2),
  ],
  [
    `F.max_unpool2d(${X(1, 2, 2, 2)}, ${X(1, 2, 2, 2)}.long(), 0)`,
    () => F.maxUnpool2d(x(1, 2, 2, 2), xi(1, 2, 2, 2), 0),
  ],
  [`F.fractional_max_pool2d(${X(0, 2, 5, 5)}, 2, 3)`, () => F.fractionalMaxPool2d(x(0, 2, 5, 5), 2, 3)],
  [
    `F.fractional_max_pool3d(${X(2, 2, 5, 5, 5)}, 2, 0, return_indices=True)`,
    () => F.fractionalMaxPool3d(x(2, 2, 5, 5, 5), 2, 0, { returnIndices: true }),
  ],
  // adaptive_avg_pool3d to 1 x 1 x 1 is a mean over the last three dims, of any input with three or more
  [`F.adaptive_avg_pool3d(${R5}[0, 0], 1)`, () => F.adaptiveAvgPool3d(r5().get(0).get(0), 1)],
  // call forms
  [
    `F.max_pool3d(${R5}, kernel_size=2, stride=1, padding=1, ceil_mode=True)`,
    () => F.maxPool3d(r5(), { kernelSize: 2, stride: 1, padding: 1, ceilMode: true }),
  ],
  [
    `F.max_pool3d(${R5}, 2, stride=(1, 2, 1), return_indices=True)`,
    () => F.maxPool3d(r5(), 2, { stride: [1, 2, 1], returnIndices: true }),
  ],
  [
    `F.avg_pool3d(${R5}, 2, stride=1, count_include_pad=False, padding=1)`,
    () => F.avgPool3d(r5(), 2, { stride: 1, countIncludePad: false, padding: 1 }),
  ],
  [
    `F.avg_pool3d(input=${R5}, kernel_size=(1, 2, 2), divisor_override=2)`,
    () => F.avgPool3d({ input: r5(), kernelSize: [1, 2, 2], divisorOverride: 2 }),
  ],
  [
    `F.adaptive_max_pool3d(${R5}, output_size=(2, 2, 3), return_indices=True)`,
    () => F.adaptiveMaxPool3d(r5(), { outputSize: [2, 2, 3], returnIndices: true }),
  ],
  [
    `F.lp_pool3d(${R5}, 2, kernel_size=2, ceil_mode=True)`,
    () => F.lpPool3d(r5(), 2, { kernelSize: 2, ceilMode: true }),
  ],
  [
    `F.max_unpool3d(*F.max_pool3d(${R5}, 2, return_indices=True), kernel_size=2, output_size=(3, 5, 5))`,
    () =>
      F.maxUnpool3d(...(F.maxPool3d(r5(), 2, { returnIndices: true }) as [T, T]), {
        kernelSize: 2,
        outputSize: [3, 5, 5],
      }),
  ],
  // errors: max_pool3d (argument lists, then the input's dims, per axis output shape, the shape check, the dtype)
  [`F.max_pool3d(${X(1, 1, 3)}, (2, 2))`, () => F.maxPool3d(x(1, 1, 3), [2, 2])],
  [`F.max_pool3d(${X(1, 1, 3)}, 2, (2, 2))`, () => F.maxPool3d(x(1, 1, 3), 2, [2, 2])],
  [`F.max_pool3d(${X(1, 1, 3)}, 2, 1, (1, 1))`, () => F.maxPool3d(x(1, 1, 3), 2, 1, [1, 1])],
  [`F.max_pool3d(${X(1, 1, 3)}, 2, 1, 0, (1, 1))`, () => F.maxPool3d(x(1, 1, 3), 2, 1, 0, [1, 1])],
  [`F.max_pool3d(${X(1, 1, 3)}, 2)`, () => F.maxPool3d(x(1, 1, 3), 2)],
  [`F.max_pool3d(${X(1, 1, 1, 3, 3, 3)}, 2)`, () => F.maxPool3d(x(1, 1, 1, 3, 3, 3), 2)],
  [`F.max_pool3d(${X(1, 3, 4, 5)}, 0)`, () => F.maxPool3d(x(1, 3, 4, 5), 0)],
  [`F.max_pool3d(${X(1, 3, 4, 5)}, (2, 0, 2), 1)`, () => F.maxPool3d(x(1, 3, 4, 5), [2, 0, 2], 1)],
  [`F.max_pool3d(${X(1, 3, 4, 5)}, 2, (1, -1, 1))`, () => F.maxPool3d(x(1, 3, 4, 5), 2, [1, -1, 1])],
  [`F.max_pool3d(${X(1, 3, 4, 5)}, 2, 1, (0, -1, 0))`, () => F.maxPool3d(x(1, 3, 4, 5), 2, 1, [0, -1, 0])],
  [`F.max_pool3d(${X(1, 3, 4, 5)}, 2, 1, (0, 0, 2))`, () => F.maxPool3d(x(1, 3, 4, 5), 2, 1, [0, 0, 2])],
  [`F.max_pool3d(${X(1, 3, 4, 5)}, 2, 1, 0, (1, 0, 1))`, () => F.maxPool3d(x(1, 3, 4, 5), 2, 1, 0, [1, 0, 1])],
  [
    `F.max_pool3d(${X(1, 3, 4, 5)}, 2, 1, (2, 0, 0), (3, 1, 1))`,
    () => F.maxPool3d(x(1, 3, 4, 5), 2, 1, [2, 0, 0], [3, 1, 1]),
  ],
  [`F.max_pool3d(${X(2, 0, 3, 4, 5)}, 2)`, () => F.maxPool3d(x(2, 0, 3, 4, 5), 2)],
  [`F.max_pool3d(${X(0, 3, 4, 5)}, 2)`, () => F.maxPool3d(x(0, 3, 4, 5), 2)],
  [`F.max_pool3d(${X(1, 3, 4, 5)}, (4, 2, 2))`, () => F.maxPool3d(x(1, 3, 4, 5), [4, 2, 2])],
  [`F.max_pool3d(${X(1, 3, 4, 5)}.bool(), 2)`, () => F.maxPool3d(x(1, 3, 4, 5).bool(), 2)],
  [`F.max_pool3d(${X(1, 3, 4, 5)}.bool(), (2, 2))`, () => F.maxPool3d(x(1, 3, 4, 5).bool(), [2, 2])],
  // avg_pool3d
  [`F.avg_pool3d(${X(1, 1, 3)}, (2, 2))`, () => F.avgPool3d(x(1, 1, 3), [2, 2])],
  [`F.avg_pool3d(${X(1, 1, 3)}, 2, (2, 2))`, () => F.avgPool3d(x(1, 1, 3), 2, [2, 2])],
  [`F.avg_pool3d(${X(1, 1, 3)}, 2, 1, (1, 1))`, () => F.avgPool3d(x(1, 1, 3), 2, 1, [1, 1])],
  [`F.avg_pool3d(${X(1, 1, 3)}, 2, divisor_override=0)`, () => F.avgPool3d(x(1, 1, 3), 2, { divisorOverride: 0 })],
  [
    `F.avg_pool3d(${X(1, 3, 4, 5)}, 0, divisor_override=0)`,
    () => F.avgPool3d(x(1, 3, 4, 5), 0, { divisorOverride: 0 }),
  ],
  [`F.avg_pool3d(${X(1, 3, 4, 5)}, 0)`, () => F.avgPool3d(x(1, 3, 4, 5), 0)],
  [`F.avg_pool3d(${X(1, 3, 4, 5)}, 2, 1, (0, 2, 0))`, () => F.avgPool3d(x(1, 3, 4, 5), 2, 1, [0, 2, 0])],
  [`F.avg_pool3d(${X(2, 1, 0, 4, 5)}, 2)`, () => F.avgPool3d(x(2, 1, 0, 4, 5), 2)],
  [`F.avg_pool3d(${X(1, 1, 4, 5)}, 2, 1, 1)`, () => F.avgPool3d(x(1, 1, 4, 5), 2, 1, 1)],
  [`F.avg_pool3d(${X(1, 3, 4, 5)}, (4, 2, 2))`, () => F.avgPool3d(x(1, 3, 4, 5), [4, 2, 2])],
  [`F.avg_pool3d(${X(1, 3, 4, 5)}.int(), 2)`, () => F.avgPool3d(x(1, 3, 4, 5).int(), 2)],
  [`F.avg_pool3d(${X(1, 3, 4, 5)}.byte(), 2)`, () => F.avgPool3d(x(1, 3, 4, 5).byte(), 2)],
  [`F.avg_pool3d(${X(1, 3, 4, 5)}.bool(), 2)`, () => F.avgPool3d(x(1, 3, 4, 5).bool(), 2)],
  // integer dtypes of the 1-d / 2-d pools
  [`F.max_pool1d(${X(1, 3, 4)}.long(), 2)`, () => F.maxPool1d(x(1, 3, 4).long(), 2)],
  [`F.max_pool2d(${X(1, 3, 4)}.bool(), 2)`, () => F.maxPool2d(x(1, 3, 4).bool(), 2)],
  [`F.avg_pool2d(${X(1, 3, 4)}.int(), 2)`, () => F.avgPool2d(x(1, 3, 4).int(), 2)],
  [`F.avg_pool1d(${X(1, 3, 4)}.byte(), 2)`, () => F.avgPool1d(x(1, 3, 4).byte(), 2)],
  [`F.avg_pool2d(${X(1, 3, 4)}.long(), (0, 2), 1)`, () => F.avgPool2d(x(1, 3, 4).long(), [0, 2], 1)],
  [
    `F.avg_pool2d(${X(1, 3, 4)}.long(), 2, divisor_override=0)`,
    () => F.avgPool2d(x(1, 3, 4).long(), 2, { divisorOverride: 0 }),
  ],
  // adaptive pools
  [`F.adaptive_avg_pool3d(${X(4, 5, 6)}, 2)`, () => F.adaptiveAvgPool3d(x(4, 5, 6), 2)],
  [`F.adaptive_avg_pool3d(${X(4, 0, 6)}, 2)`, () => F.adaptiveAvgPool3d(x(4, 0, 6), 2)],
  [`F.adaptive_avg_pool3d(${X(1, 2, 3, 4, 5, 6)}, 2)`, () => F.adaptiveAvgPool3d(x(1, 2, 3, 4, 5, 6), 2)],
  [`F.adaptive_avg_pool3d(${X(2, 0, 4, 5, 6)}, 2)`, () => F.adaptiveAvgPool3d(x(2, 0, 4, 5, 6), 2)],
  [`F.adaptive_avg_pool3d(${X(3, 0, 5, 6)}, 2)`, () => F.adaptiveAvgPool3d(x(3, 0, 5, 6), 2)],
  [`F.adaptive_avg_pool3d(${X(2, 3, 4, 5, 6)}, (2, -1, 2))`, () => F.adaptiveAvgPool3d(x(2, 3, 4, 5, 6), [2, -1, 2])],
  [`F.adaptive_avg_pool3d(${X(2, 3, 4, 5, 6)}, (2, 2))`, () => F.adaptiveAvgPool3d(x(2, 3, 4, 5, 6), [2, 2])],
  [
    `F.adaptive_avg_pool3d(${X(2, 3, 4, 5, 6)}, (2, 2, 2, 2))`,
    () => F.adaptiveAvgPool3d(x(2, 3, 4, 5, 6), [2, 2, 2, 2]),
  ],
  [`F.adaptive_avg_pool3d(${X(4, 5, 6)}, (2, None, 2))`, () => F.adaptiveAvgPool3d(x(4, 5, 6), [2, null, 2])],
  [`F.adaptive_avg_pool3d(${X(2, 3, 4, 5, 6)}.long(), 2)`, () => F.adaptiveAvgPool3d(xi(2, 3, 4, 5, 6), 2)],
  [`F.adaptive_max_pool3d(${X(4, 5, 6)}, 2)`, () => F.adaptiveMaxPool3d(x(4, 5, 6), 2)],
  [`F.adaptive_max_pool3d(${X(1, 2, 3, 4, 5, 6)}, 2)`, () => F.adaptiveMaxPool3d(x(1, 2, 3, 4, 5, 6), 2)],
  [`F.adaptive_max_pool3d(${X(2, 3, 0, 5, 6)}, 2)`, () => F.adaptiveMaxPool3d(x(2, 3, 0, 5, 6), 2)],
  [`F.adaptive_max_pool3d(${X(2, 3, 4, 5, 6)}, (2, 2))`, () => F.adaptiveMaxPool3d(x(2, 3, 4, 5, 6), [2, 2])],
  [`F.adaptive_max_pool3d(${X(2, 3, 4, 5, 6)}, (2, -1, 2))`, () => F.adaptiveMaxPool3d(x(2, 3, 4, 5, 6), [2, -1, 2])],
  [`F.adaptive_max_pool3d(${X(2, 3, 4, 5, 6)}.long(), 2)`, () => F.adaptiveMaxPool3d(xi(2, 3, 4, 5, 6), 2)],
  [`F.adaptive_max_pool3d(${X(2, 3, 4, 5, 6)}, None)`, () => F.adaptiveMaxPool3d(x(2, 3, 4, 5, 6), null)],
  // max_unpool
  [
    `F.max_unpool2d(${X(2, 3, 2, 2)}, ${X(2, 3, 2, 2)}.int(), 2)`,
    () => F.maxUnpool2d(x(2, 3, 2, 2), xi(2, 3, 2, 2).int(), 2),
  ],
  [
    `F.max_unpool3d(${X(2, 3, 2, 2, 2)}, ${X(2, 3, 2, 2, 2)}.int(), 2)`,
    () => F.maxUnpool3d(x(2, 3, 2, 2, 2), xi(2, 3, 2, 2, 2).int(), 2),
  ],
  [`F.max_unpool2d(${X(2, 2)}, ${X(2, 2)}.long(), 2)`, () => F.maxUnpool2d(x(2, 2), xi(2, 2), 2)],
  [`F.max_unpool3d(${X(2, 2, 2)}, ${X(2, 2, 2)}.long(), 2)`, () => F.maxUnpool3d(x(2, 2, 2), xi(2, 2, 2), 2)],
  [`F.max_unpool1d(${X(2)}, ${X(2)}.long(), 2)`, () => F.maxUnpool1d(x(2), xi(2), 2)],
  [
    `F.max_unpool2d(${X(2, 3, 2, 2)}, ${X(1, 3, 2, 2)}.long(), 2)`,
    () => F.maxUnpool2d(x(2, 3, 2, 2), xi(1, 3, 2, 2), 2),
  ],
  [
    `F.max_unpool3d(${X(2, 3, 2, 2, 2)}, ${X(1, 3, 2, 2, 2)}.long(), 2)`,
    () => F.maxUnpool3d(x(2, 3, 2, 2, 2), xi(1, 3, 2, 2, 2), 2),
  ],
  [
    `F.max_unpool2d(${X(2, 0, 2, 2)}, ${X(2, 0, 2, 2)}.long(), 2)`,
    () => F.maxUnpool2d(x(2, 0, 2, 2), xi(2, 0, 2, 2), 2),
  ],
  [
    `F.max_unpool3d(${X(2, 0, 2, 2, 2)}, ${X(2, 0, 2, 2, 2)}.long(), 2)`,
    () => F.maxUnpool3d(x(2, 0, 2, 2, 2), xi(2, 0, 2, 2, 2), 2),
  ],
  [
    `F.max_unpool2d(${X(1, 2, 2, 2)}, ${X(1, 2, 2, 2)}.long() + torch.tensor([0, 16, 5, 17]).reshape(1, 1, 2, 2), 2)`,
    () => F.maxUnpool2d(x(1, 2, 2, 2), xi(1, 2, 2, 2).add(torch.tensor([0, 16, 5, 17]).reshape(1, 1, 2, 2)), 2),
  ],
  [
    `F.max_unpool2d(${X(1, 1, 2, 2)}, ${X(1, 1, 2, 2)}.long() - 1, 2)`,
    () => F.maxUnpool2d(x(1, 1, 2, 2), xi(1, 1, 2, 2).sub(1), 2),
  ],
  [
    `F.max_unpool3d(${X(2, 1, 2, 2, 2)}, ${X(2, 1, 2, 2, 2)}.long() + 64, 2)`,
    () => F.maxUnpool3d(x(2, 1, 2, 2, 2), xi(2, 1, 2, 2, 2).add(64), 2),
  ],
  [`F.max_unpool1d(${X(3, 4)}, ${X(3, 4)}.long() + 9, 2)`, () => F.maxUnpool1d(x(3, 4), xi(3, 4).add(9), 2)],
  [
    `F.max_unpool2d(${X(2, 3, 2, 2)}, ${X(2, 3, 2, 2)}.long(), 2, output_size=[6, 5])`,
    () => F.maxUnpool2d(x(2, 3, 2, 2), xi(2, 3, 2, 2), 2, { outputSize: [6, 5] }),
  ],
  [
    `F.max_unpool2d(${X(2, 3, 2, 2)}, ${X(2, 3, 2, 2)}.long(), 2, output_size=[5, 5, 5])`,
    () => F.maxUnpool2d(x(2, 3, 2, 2), xi(2, 3, 2, 2), 2, { outputSize: [5, 5, 5] }),
  ],
  [
    `F.max_unpool1d(${X(3, 4)}, ${X(3, 4)}.long(), 2, output_size=[10])`,
    () => F.maxUnpool1d(x(3, 4), xi(3, 4), 2, { outputSize: [10] }),
  ],
  [
    `F.max_unpool2d(${X(2, 3, 2, 2)}, ${X(2, 3, 2, 2)}.long(), 1, padding=1)`,
    () => F.maxUnpool2d(x(2, 3, 2, 2), xi(2, 3, 2, 2), 1, { padding: 1 }),
  ],
  [
    `F.max_unpool2d(${X(2, 3, 2, 2)}, ${X(2, 3, 2, 2)}.long(), 1, padding=2)`,
    () => F.maxUnpool2d(x(2, 3, 2, 2), xi(2, 3, 2, 2), 1, { padding: 2 }),
  ],
  [
    `F.max_unpool3d(${X(2, 3, 2, 2, 2)}, ${X(2, 3, 2, 2, 2)}.long(), 2, (1, 0, 1))`,
    () => F.maxUnpool3d(x(2, 3, 2, 2, 2), xi(2, 3, 2, 2, 2), 2, [1, 0, 1]),
  ],
  [
    `F.max_unpool2d(${X(2, 3, 2, 2)}.long(), ${X(2, 3, 2, 2)}.long(), 2)`,
    () => F.maxUnpool2d(xi(2, 3, 2, 2), xi(2, 3, 2, 2), 2),
  ],
  [
    `F.max_unpool3d(${X(2, 3, 2, 2, 2)}.long(), ${X(2, 3, 2, 2, 2)}.long(), 2)`,
    () => F.maxUnpool3d(xi(2, 3, 2, 2, 2), xi(2, 3, 2, 2, 2), 2),
  ],
  // fractional max pooling (Python's checks, then the C++ op's, then the samples')
  [`F.fractional_max_pool2d(${X(2, 3, 6, 7)}, 2)`, () => F.fractionalMaxPool2d(x(2, 3, 6, 7), 2)],
  [`F.fractional_max_pool3d(${X(2, 3, 6, 7, 5)}, 2)`, () => F.fractionalMaxPool3d(x(2, 3, 6, 7, 5), 2)],
  [
    `F.fractional_max_pool2d(${X(2, 3, 6, 7)}, 2, output_ratio=(0.5, 0.5, 0.5))`,
    () => F.fractionalMaxPool2d(x(2, 3, 6, 7), 2, { outputRatio: [0.5, 0.5, 0.5] }),
  ],
  [
    `F.fractional_max_pool3d(${X(2, 3, 6, 7, 5)}, 2, output_ratio=(0.5, 0.5))`,
    () => F.fractionalMaxPool3d(x(2, 3, 6, 7, 5), 2, { outputRatio: [0.5, 0.5] }),
  ],
  [
    `F.fractional_max_pool2d(${X(6)}, 2, output_ratio=(0.5, 0.5))`,
    () => F.fractionalMaxPool2d(x(6), 2, { outputRatio: [0.5, 0.5] }),
  ],
  [`F.fractional_max_pool2d(${X(6, 7)}, 2, 2)`, () => F.fractionalMaxPool2d(x(6, 7), 2, 2)],
  [`F.fractional_max_pool2d(${X(3, 6, 7)}.int(), 2, 2)`, () => F.fractionalMaxPool2d(x(3, 6, 7).int(), 2, 2)],
  [`F.fractional_max_pool2d(${X(3, 6, 7)}.bool(), 2, 2)`, () => F.fractionalMaxPool2d(x(3, 6, 7).bool(), 2, 2)],
  [`F.fractional_max_pool2d(${X(3, 6, 7)}, (2, 2, 2), 2)`, () => F.fractionalMaxPool2d(x(3, 6, 7), [2, 2, 2], 2)],
  [`F.fractional_max_pool3d(${X(3, 6, 7, 5)}, 2, (2, 2))`, () => F.fractionalMaxPool3d(x(3, 6, 7, 5), 2, [2, 2])],
  [
    `F.fractional_max_pool2d(${X(2, 3, 6, 7, 5)}, 2, 2, _random_samples=torch.rand(2, 3, 2))`,
    () => F.fractionalMaxPool2d(x(2, 3, 6, 7, 5), 2, 2, { _randomSamples: torch.rand([2, 3, 2]) }),
  ],
  [
    `F.fractional_max_pool3d(${X(6, 7, 5)}, 2, 2, _random_samples=torch.rand(1, 6, 3))`,
    () => F.fractionalMaxPool3d(x(6, 7, 5), 2, 2, { _randomSamples: torch.rand([1, 6, 3]) }),
  ],
  [`F.fractional_max_pool2d(${X(2, 0, 6, 7)}, 7, 7)`, () => F.fractionalMaxPool2d(x(2, 0, 6, 7), 7, 7)],
  [`F.fractional_max_pool3d(${X(2, 3, 0, 7, 5)}, 2, 2)`, () => F.fractionalMaxPool3d(x(2, 3, 0, 7, 5), 2, 2)],
  [`F.fractional_max_pool2d(${X(2, 3, 6, 7)}, 3, 5)`, () => F.fractionalMaxPool2d(x(2, 3, 6, 7), 3, 5)],
  [`F.fractional_max_pool2d(${X(2, 3, 6, 7)}, 3, (4, 6))`, () => F.fractionalMaxPool2d(x(2, 3, 6, 7), 3, [4, 6])],
  [
    `F.fractional_max_pool3d(${X(2, 3, 6, 7, 5)}, 2, (5, 2, 2))`,
    () => F.fractionalMaxPool3d(x(2, 3, 6, 7, 5), 2, [5, 2, 2]),
  ],
  [
    `F.fractional_max_pool3d(${X(2, 3, 6, 7, 5)}, 2, (2, 6, 4))`,
    () => F.fractionalMaxPool3d(x(2, 3, 6, 7, 5), 2, [2, 6, 4]),
  ],
  [`F.fractional_max_pool2d(${X(2, 3, 6, 7)}, 9, -1)`, () => F.fractionalMaxPool2d(x(2, 3, 6, 7), 9, -1)],
  [
    `F.fractional_max_pool3d(${X(2, 3, 6, 7, 5)}, 2, (2, -1, 2))`,
    () => F.fractionalMaxPool3d(x(2, 3, 6, 7, 5), 2, [2, -1, 2]),
  ],
  ...([
    ["torch.rand(2, 3, 2, dtype=torch.float64)", () => torch.rand([2, 3, 2], { dtype: "float64" })],
    ["torch.rand(3, 2)", () => torch.rand([3, 2])],
    ["torch.rand(1, 3, 2)", () => torch.rand([1, 3, 2])],
    ["torch.rand(2, 4, 2)", () => torch.rand([2, 4, 2])],
    ["torch.rand(2, 3, 3)", () => torch.rand([2, 3, 3])],
  ] as const).map(([pys, ts]): Case => [
    `F.fractional_max_pool2d(${X(2, 3, 6, 7)}, 2, 3, _random_samples=${pys})`,
    () => F.fractionalMaxPool2d(x(2, 3, 6, 7), 2, 3, { _randomSamples: ts() }),
  ]),
  [
    `F.fractional_max_pool3d(${X(2, 3, 6, 7, 5)}, 2, 3, _random_samples=torch.rand(2, 3, 2))`,
    () => F.fractionalMaxPool3d(x(2, 3, 6, 7, 5), 2, 3, { _randomSamples: torch.rand([2, 3, 2]) }),
  ],
  [
    `F.fractional_max_pool2d(${X(2, 3, 6, 7)}.long(), 2, 3, _random_samples=torch.zeros(2, 3, 2).long())`,
    () => F.fractionalMaxPool2d(xi(2, 3, 6, 7), 2, 3, { _randomSamples: xi(2, 3, 2) }),
  ],
  // module constructors
  ["nn.FractionalMaxPool2d(2)", () => new nn.FractionalMaxPool2d(2)],
  ["nn.FractionalMaxPool2d(2, 3, 0.5)", () => new nn.FractionalMaxPool2d(2, 3, 0.5)],
  [
    "nn.FractionalMaxPool2d(2, output_ratio=(0.5, 1.5))",
    () => new nn.FractionalMaxPool2d(2, { outputRatio: [0.5, 1.5] }),
  ],
  ["nn.FractionalMaxPool3d(2, output_ratio=0)", () => new nn.FractionalMaxPool3d(2, { outputRatio: 0 })],
  ["nn.FractionalMaxPool3d((2, 0, 1), 2)", () => new nn.FractionalMaxPool3d([2, 0, 1], 2)],
];

const REPRS: [string, () => nn.Module][] = [
  ["nn.MaxPool3d(2)", () => new nn.MaxPool3d(2)],
  [
    "nn.MaxPool3d((1, 2, 3), stride=1, padding=(0, 1, 1), dilation=2, return_indices=True, ceil_mode=True)",
    () =>
      new nn.MaxPool3d([1, 2, 3], { stride: 1, padding: [0, 1, 1], dilation: 2, returnIndices: true, ceilMode: true }),
  ],
  ["nn.AvgPool3d(2)", () => new nn.AvgPool3d(2)],
  ["nn.AvgPool3d((2, 2, 3), 1, 1, True, False, 3)", () => new nn.AvgPool3d([2, 2, 3], 1, 1, true, false, 3)],
  ["nn.AdaptiveAvgPool3d((2, None, 3))", () => new nn.AdaptiveAvgPool3d([2, null, 3])],
  ["nn.AdaptiveMaxPool3d(2, True)", () => new nn.AdaptiveMaxPool3d(2, true)],
  ["nn.LPPool3d(2, 3)", () => new nn.LPPool3d(2, 3)],
  ["nn.LPPool3d(1.5, (1, 2, 3), 2, True)", () => new nn.LPPool3d(1.5, [1, 2, 3], 2, true)],
  ["nn.MaxUnpool1d(2)", () => new nn.MaxUnpool1d(2)],
  ["nn.MaxUnpool2d(2, stride=(1, 2))", () => new nn.MaxUnpool2d(2, { stride: [1, 2] })],
  ["nn.MaxUnpool3d((1, 2, 3), 1, (0, 1, 1))", () => new nn.MaxUnpool3d([1, 2, 3], 1, [0, 1, 1])],
  ["nn.FractionalMaxPool2d(2, output_size=3)", () => new nn.FractionalMaxPool2d(2, { outputSize: 3 })],
  ["nn.FractionalMaxPool3d(2, output_ratio=0.5)", () => new nn.FractionalMaxPool3d(2, { outputRatio: 0.5 })],
];

const SETUP = "F = torch.nn.functional\nnn = torch.nn\nnan = float('nan')\ninf = float('inf')";
const [results, reprs] = await Promise.all([
  numpy(CASES.map(([expr, , inputs]) => ({ torch: true, setup: SETUP, expr, inputs }))),
  numpy(REPRS.map(([expr]) => ({ torch: true, setup: SETUP, expr: `str(${expr})` }))),
]);

Deno.test("pool3d: NaN / -inf windows, int64 beyond 2^53, empty inputs, call forms and PyTorch's errors", () => {
  assert.deepEqual(caseFailures(CASES.map(([p, f]) => [p, f] as const), results), []);
});

Deno.test("pool3d: the modules' reprs are PyTorch's", () => {
  assert.deepEqual(caseFailures(REPRS.map(([p, m]) => [p, () => String(m())] as const), reprs), []);
});

Deno.test("pool3d: attributes, buffers, unknown options and the samples' draw", () => {
  const m = new nn.MaxPool3d([2, 1, 2]);
  assert.deepEqual([m.kernelSize, m.stride, m.padding, m.dilation, m.ceilMode], [[2, 1, 2], [2, 1, 2], 0, 1, false]);
  const f = new nn.FractionalMaxPool2d(2, { outputRatio: 0.5 });
  assert.deepEqual([f.kernelSize, f.outputSize, f.outputRatio, f._randomSamples], [[2, 2], null, [0.5, 0.5], null]);
  assert.deepEqual(Object.keys(f.stateDict()), []);
  const u = torch.rand([1, 2, 3]);
  const f3 = new nn.FractionalMaxPool3d(2, 2, { _randomSamples: u });
  assert.deepEqual(Object.keys(f3.stateDict()), ["_random_samples"]);
  assert.equal(f3._randomSamples, u);
  assert.deepEqual(new nn.MaxUnpool3d(2, { padding: 1 }).stride, [2, 2, 2]);
  assert.throws(() => F.maxPool3d(x(1, 3, 4, 5), 2, { strides: 1 } as never), TypeError);
  assert.throws(() => F.fractionalMaxPool2d(x(1, 3, 4, 5), 2, { outputRatio: "half" } as never), TypeError);
  assert.throws(() => new nn.AvgPool3d(2, { divisor: 2 } as never), TypeError);
  // the samples come from the default generator: the same seed, the same windows
  const v = torch.randn([2, 3, 9, 9]);
  torch.manualSeed(5);
  const a = F.fractionalMaxPool2dWithIndices(v, 2, 4)[1];
  torch.manualSeed(5);
  const b = F.fractionalMaxPool2dWithIndices(v, 2, 4, { _randomSamples: torch.rand([2, 3, 2]) })[1];
  assert.deepEqual(a.tolist(), b.tolist());
  // a huge sample whose float32 rounding moves a window past the input: an error here (PyTorch reads outside it)
  assert.throws(
    () => F.fractionalMaxPool2d(v, 2, 4, { _randomSamples: torch.full([2, 3, 2], 39866452, { dtype: "float32" }) }),
    /outside the input/,
  );
  assert.throws(() => F.fractionalMaxPool2d(v, 0, 4), /kernel_size must be greater than zero/);
});

Deno.test("pool3d: max_pool3d's double backward: 2 at each maximum, times the windows that chose it", () => {
  const v = randn(3, [1, 2, 4, 5, 6], "float64").requiresGrad_();
  const [y, idx] = F.maxPool3d(v, 2, 1, { returnIndices: true }) as T[];
  const [g] = torch.autograd.grad(y.pow(2).sum(), [v], { createGraph: true });
  const [gg] = torch.autograd.grad(g!.sum(), [v]);
  const flat = idx.flatten(2);
  const want = torch.zeros([1, 2, 120], { dtype: "float64" }).scatterAdd(
    2,
    flat,
    torch.full(flat.shape, 2, { dtype: "float64" }),
  );
  assert.deepEqual(gg!.flatten(2).tolist(), want.tolist());
});
