/**
 * nn.Upsample, nn.UpsamplingNearest2d, nn.UpsamplingBilinear2d and the deprecated F.upsample /
 * F.upsampleNearest / F.upsampleBilinear (src/nn/layers/upsample.ts, src/nn/functional.ts) against PyTorch 2.13:
 * values and input gradients in float32 and float64, reprs, PyTorch's deprecation warnings, errors, call forms,
 * unknown options, and train / eval.
 */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";
import { assertMatches, buildT, caseFailures, numpy, randomInput, rng } from "../helpers/oracle.ts";

const F = nn.F;
type Tensor = torch.Tensor;
const z = (...shape: number[]) => torch.zeros(shape, { dtype: "float32" });

/** Runs `f` with console.warn collected; returns what it printed. */
function warnings(f: () => void): string[] {
  const warn = console.warn, got: string[] = [];
  console.warn = (...a: unknown[]) => got.push(a.join(" "));
  try {
    f();
  } finally {
    console.warn = warn;
  }
  return got;
}

// ---------- warnings (first: each F.upsample* warns only at its first call in this process) ----------

const WARN_PY = [
  "import warnings",
  "F = torch.nn.functional",
  "def record():",
  "    x = torch.zeros(1, 1, 2, 2)",
  "    with warnings.catch_warnings(record=True) as w:",
  "        warnings.simplefilter('default')",
  "        for _ in range(3):",
  "            F.upsample(x, 3); F.upsample_nearest(x, 3); F.upsample_bilinear(x, 3)",
  "            torch.nn.Upsample(3)(x); torch.nn.UpsamplingNearest2d(3)(x); torch.nn.UpsamplingBilinear2d(3)(x)",
  "    return '\\n'.join(f'{r.category.__name__}: {r.message}' for r in w)",
].join("\n");
const [warnWant] = await numpy([{ torch: true, setup: WARN_PY, expr: "record()" }]);

Deno.test("F.upsample* warn PyTorch's deprecation warnings once each; the modules and interpolate do not warn", () => {
  const x = z(1, 1, 2, 2);
  const got = warnings(() => {
    for (let i = 0; i < 3; i++) {
      F.upsample(x, 3);
      F.upsampleNearest(x, 3);
      F.upsampleBilinear(x, 3);
      new nn.Upsample(3).forward(x);
      new nn.UpsamplingNearest2d(3).forward(x);
      new nn.UpsamplingBilinear2d(3).forward(x);
      F.interpolate(x, 3);
    }
  });
  assert.ok("value" in warnWant && "str" in warnWant.value, JSON.stringify(warnWant));
  assert.deepEqual(got, warnWant.value.str.split("\n"));
  assert.equal(got.length, 3);
});

// ---------- values and gradients ----------

/** [label, Python callable (module or lambda) applied to x, ours, input shape] */
type Spec = [py: string, ours: (x: Tensor) => Tensor, shape: number[]];

const SPECS: Spec[] = [
  // Upsample in each mode, by size and by scale factor
  ["nn.Upsample(scale_factor=2)", (x) => new nn.Upsample({ scaleFactor: 2 }).forward(x), [2, 3, 3, 4]],
  ["nn.Upsample(size=(5, 7))", (x) => new nn.Upsample([5, 7]).forward(x), [1, 2, 3, 4]],
  ["nn.Upsample(size=7)", (x) => new nn.Upsample(7).forward(x), [2, 3, 4]],
  [
    "nn.Upsample(scale_factor=1.5, mode='nearest-exact')",
    (x) => new nn.Upsample(null, 1.5, "nearest-exact").forward(x),
    [1, 2, 3, 5],
  ],
  ["nn.Upsample(size=9, mode='linear')", (x) => new nn.Upsample(9, { mode: "linear" }).forward(x), [2, 3, 5]],
  [
    "nn.Upsample(scale_factor=2.5, mode='linear', align_corners=True)",
    (x) => new nn.Upsample(null, 2.5, "linear", true).forward(x),
    [2, 3, 5],
  ],
  [
    "nn.Upsample(size=(5, 7), mode='bilinear')",
    (x) => new nn.Upsample({ size: [5, 7], mode: "bilinear" }).forward(x),
    [1, 2, 3, 4],
  ],
  [
    "nn.Upsample(scale_factor=(1.5, 0.6), mode='bilinear', align_corners=True)",
    (x) => new nn.Upsample({ scaleFactor: [1.5, 0.6], mode: "bilinear", alignCorners: true }).forward(x),
    [1, 2, 4, 5],
  ],
  [
    "nn.Upsample(scale_factor=1.7, mode='bicubic', recompute_scale_factor=True)",
    (x) => new nn.Upsample(null, 1.7, "bicubic", { recomputeScaleFactor: true }).forward(x),
    [1, 2, 4, 5],
  ],
  [
    "nn.Upsample(scale_factor=1.7, mode='bicubic', align_corners=False)",
    (x) => new nn.Upsample(null, 1.7, "bicubic", false).forward(x),
    [1, 2, 4, 5],
  ],
  [
    "nn.Upsample(scale_factor=(1.5, 2, 0.5), mode='trilinear')",
    (x) => new nn.Upsample({ scaleFactor: [1.5, 2, 0.5], mode: "trilinear" }).forward(x),
    [1, 2, 2, 3, 4],
  ],
  [
    "nn.Upsample(size=(3, 5, 2), mode='trilinear', align_corners=True)",
    (x) => new nn.Upsample([3, 5, 2], { mode: "trilinear", alignCorners: true }).forward(x),
    [1, 2, 2, 3, 4],
  ],
  ["nn.Upsample(size=(2, 3), mode='area')", (x) => new nn.Upsample([2, 3], null, "area").forward(x), [1, 2, 5, 7]],
  // a zero scale factor counts as not given (PyTorch's `float(s) if s else None`)
  ["nn.Upsample(size=3, scale_factor=0)", (x) => new nn.Upsample(3, 0).forward(x), [1, 2, 2, 2]],
  // the 2d modules (any rank, as PyTorch's: they are Upsample)
  ["nn.UpsamplingNearest2d(size=(5, 3))", (x) => new nn.UpsamplingNearest2d([5, 3]).forward(x), [1, 2, 3, 4]],
  ["nn.UpsamplingNearest2d(scale_factor=2)", (x) => new nn.UpsamplingNearest2d(null, 2).forward(x), [2, 1, 3, 2]],
  [
    "nn.UpsamplingNearest2d(scale_factor=(1.5, 2.5))",
    (x) => new nn.UpsamplingNearest2d({ scaleFactor: [1.5, 2.5] }).forward(x),
    [1, 2, 3, 4],
  ],
  ["nn.UpsamplingNearest2d(size=6)", (x) => new nn.UpsamplingNearest2d(6).forward(x), [1, 2, 4]],
  ["nn.UpsamplingBilinear2d(scale_factor=2)", (x) => new nn.UpsamplingBilinear2d(null, 2).forward(x), [2, 2, 3, 4]],
  [
    "nn.UpsamplingBilinear2d(size=(7, 3))",
    (x) => new nn.UpsamplingBilinear2d({ size: [7, 3] }).forward(x),
    [1, 2, 3, 4],
  ],
  [
    "nn.UpsamplingBilinear2d(scale_factor=(0.5, 1.7))",
    (x) => new nn.UpsamplingBilinear2d(null, { scaleFactor: [0.5, 1.7] }).forward(x),
    [1, 2, 6, 4],
  ],
  // the deprecated functions
  ["lambda x: F.upsample(x, size=(5, 6))", (x) => F.upsample(x, [5, 6]), [1, 2, 3, 4]],
  [
    "lambda x: F.upsample(x, scale_factor=1.5, mode='bicubic')",
    (x) => F.upsample(x, { scaleFactor: 1.5, mode: "bicubic" }),
    [1, 2, 4, 5],
  ],
  [
    "lambda x: F.upsample(x, None, 2, 'linear', True)",
    (x) => F.upsample(x, null, 2, "linear", true),
    [2, 3, 5],
  ],
  [
    "lambda x: F.upsample(x, size=(2, 3, 4), mode='trilinear')",
    (x) => F.upsample(x, [2, 3, 4], { mode: "trilinear" }),
    [1, 2, 3, 2, 5],
  ],
  ["lambda x: F.upsample(x, size=(3, 2), mode='area')", (x) => F.upsample(x, [3, 2], null, "area"), [1, 2, 5, 7]],
  ["lambda x: F.upsample_nearest(x, size=(5, 7))", (x) => F.upsampleNearest(x, [5, 7]), [1, 2, 3, 4]],
  ["lambda x: F.upsample_nearest(x, scale_factor=3)", (x) => F.upsampleNearest(x, null, 3), [2, 3, 4]],
  [
    "lambda x: F.upsample_nearest(x, scale_factor=(1.5, 0.7))",
    (x) => F.upsampleNearest(x, { scaleFactor: [1.5, 0.7] }),
    [1, 2, 4, 5],
  ],
  ["lambda x: F.upsample_bilinear(x, size=(5, 7))", (x) => F.upsampleBilinear(x, [5, 7]), [1, 2, 3, 4]],
  ["lambda x: F.upsample_bilinear(x, scale_factor=2)", (x) => F.upsampleBilinear(x, { scaleFactor: 2 }), [2, 2, 3, 4]],
  [
    "lambda x: F.upsample_bilinear(x, None, (0.5, 1.5))",
    (x) => F.upsampleBilinear(x, null, [0.5, 1.5]),
    [1, 2, 6, 4],
  ],
];

const RUN_PY = [
  "F = torch.nn.functional",
  "nn = torch.nn",
  "def run(x, f):",
  "    x = x.clone().requires_grad_()",
  "    y = f(x)",
  "    g = ((torch.arange(y.numel()) * 7) % 11 - 5).to(y.dtype).reshape(y.shape) / 4",
  "    (y * g).sum().backward()",
  "    return (y.detach(), x.grad)",
].join("\n");

/** [value, gradient of sum(y * g)] for a fixed g of small exact weights, as RUN_PY's `run`. */
function run(x: Tensor, f: (x: Tensor) => Tensor): Tensor[] {
  const leaf = x.clone().requiresGrad_();
  const y = f(leaf);
  const g = torch.arange(y.numel()).mul(7).remainder(11).sub(5).to(y.dtype).reshape(y.shape).div(4);
  y.mul(g).sum().backward();
  return [y.detach(), leaf.grad!];
}

const r = rng(20260514);
const PARITY = ["float32", "float64"].flatMap((dtype) =>
  SPECS.map(([py, ours, shape]) => ({ label: `${dtype} ${py}`, py, ours, x: randomInput(r, dtype, shape) }))
);
const parity = await numpy(
  PARITY.map((c) => ({ torch: true, setup: RUN_PY, inputs: { x: c.x }, expr: `run(x, ${c.py})` })),
);

Deno.test("the modules and F.upsample* give PyTorch's values and input gradients in float32 and float64", () => {
  const failures: string[] = [];
  warnings(() =>
    PARITY.forEach((c, k) => {
      const want = parity[k];
      try {
        assert.ok("value" in want, `PyTorch raised ${JSON.stringify(want)}`);
        const tol = c.x.dtype === "float32" ? { rtol: 1e-5, atol: 1e-5 } : undefined;
        assertMatches(run(buildT(c.x), c.ours), want.value, c.label, tol);
      } catch (e) {
        failures.push(`${c.label}: ${(e as Error).message.split("\n")[0]}`);
      }
    })
  );
  assert.deepEqual(failures, []);
});

// ---------- reprs ----------

const REPRS: [py: string, ours: () => nn.Module][] = [
  ["nn.Upsample(scale_factor=2)", () => new nn.Upsample({ scaleFactor: 2 })],
  ["nn.Upsample(scale_factor=0.1)", () => new nn.Upsample(null, 0.1)],
  ["nn.Upsample(scale_factor=1e-5)", () => new nn.Upsample(null, 1e-5)],
  ["nn.Upsample(scale_factor=1e16)", () => new nn.Upsample(null, 1e16)],
  ["nn.Upsample(scale_factor=-2)", () => new nn.Upsample(null, -2)],
  ["nn.Upsample(scale_factor=float('nan'))", () => new nn.Upsample(null, NaN)],
  ["nn.Upsample(scale_factor=float('inf'))", () => new nn.Upsample(null, Infinity)],
  ["nn.Upsample(scale_factor=0)", () => new nn.Upsample(null, 0)],
  ["nn.Upsample(scale_factor=-0.)", () => new nn.Upsample(null, -0)],
  ["nn.Upsample(scale_factor=(2, 3))", () => new nn.Upsample(null, [2, 3])],
  ["nn.Upsample(scale_factor=(1.5,))", () => new nn.Upsample(null, [1.5])],
  ["nn.Upsample(scale_factor=(0, 2.5, 1))", () => new nn.Upsample(null, [0, 2.5, 1])],
  ["nn.Upsample(scale_factor=())", () => new nn.Upsample(null, [])],
  ["nn.Upsample(size=4)", () => new nn.Upsample(4)],
  ["nn.Upsample(size=(4, 4), mode='bilinear')", () => new nn.Upsample([4, 4], { mode: "bilinear" })],
  ["nn.Upsample(size=(4,))", () => new nn.Upsample([4])],
  ["nn.Upsample(size=(2, 3, 4), mode='trilinear')", () => new nn.Upsample([2, 3, 4], null, "trilinear")],
  ["nn.Upsample()", () => new nn.Upsample()],
  ["nn.Upsample(mode='bicubic')", () => new nn.Upsample({ mode: "bicubic" })],
  ["nn.Upsample(size=3, scale_factor=0)", () => new nn.Upsample(3, 0)],
  ["nn.Upsample(size=3, scale_factor=2)", () => new nn.Upsample(3, 2)],
  ["nn.Upsample(size=3, scale_factor=(2, 2))", () => new nn.Upsample(3, [2, 2])],
  [
    "nn.Upsample(scale_factor=2, mode='bicubic', align_corners=True, recompute_scale_factor=True)",
    () => new nn.Upsample(null, 2, "bicubic", true, true),
  ],
  [
    "nn.Upsample(size=(5, 6), mode='bilinear', align_corners=False)",
    () => new nn.Upsample([5, 6], { mode: "bilinear", alignCorners: false }),
  ],
  ["nn.Upsample(scale_factor=2, mode='nearest-exact')", () => new nn.Upsample(null, 2, "nearest-exact")],
  ["nn.Upsample(scale_factor=0.5, mode='area')", () => new nn.Upsample(null, 0.5, "area")],
  ["nn.Upsample(size=2, mode='linear')", () => new nn.Upsample(2, null, "linear")],
  ["nn.UpsamplingNearest2d(scale_factor=2)", () => new nn.UpsamplingNearest2d(null, 2)],
  ["nn.UpsamplingNearest2d(scale_factor=(1.5, 2))", () => new nn.UpsamplingNearest2d({ scaleFactor: [1.5, 2] })],
  ["nn.UpsamplingNearest2d(size=4)", () => new nn.UpsamplingNearest2d(4)],
  ["nn.UpsamplingNearest2d(size=(3, 5))", () => new nn.UpsamplingNearest2d([3, 5])],
  ["nn.UpsamplingNearest2d()", () => new nn.UpsamplingNearest2d()],
  ["nn.UpsamplingNearest2d(size=3, scale_factor=2)", () => new nn.UpsamplingNearest2d(3, 2)],
  ["nn.UpsamplingBilinear2d(scale_factor=2)", () => new nn.UpsamplingBilinear2d({ scaleFactor: 2 })],
  ["nn.UpsamplingBilinear2d(scale_factor=(0.5, 3))", () => new nn.UpsamplingBilinear2d(null, [0.5, 3])],
  ["nn.UpsamplingBilinear2d(size=(3, 5))", () => new nn.UpsamplingBilinear2d([3, 5])],
  ["nn.UpsamplingBilinear2d(size=7)", () => new nn.UpsamplingBilinear2d({ size: 7 })],
  ["nn.UpsamplingBilinear2d()", () => new nn.UpsamplingBilinear2d()],
  ["nn.UpsamplingBilinear2d(scale_factor=0)", () => new nn.UpsamplingBilinear2d(null, 0)],
  // inside a container
  [
    "nn.Sequential(nn.Conv2d(1, 2, 3), nn.Upsample(scale_factor=2, mode='bilinear'))",
    () => new nn.Sequential(new nn.Conv2d(1, 2, 3), new nn.Upsample(null, 2, "bilinear")),
  ],
];

// ---------- errors (PyTorch's class and message; the constructors defer every check to forward) ----------

const x4 = () => z(1, 1, 2, 3);
const ERRORS: [py: string, ours: () => unknown][] = [
  ["nn.Upsample(size=3, scale_factor=2)(x4)", () => new nn.Upsample(3, 2).forward(x4())],
  ["nn.Upsample()(x4)", () => new nn.Upsample().forward(x4())],
  ["nn.Upsample(scale_factor=0)(x4)", () => new nn.Upsample(null, 0).forward(x4())],
  ["nn.Upsample(mode='bilinear')(x4)", () => new nn.Upsample({ mode: "bilinear" }).forward(x4())],
  ["nn.Upsample(scale_factor=())(x4)", () => new nn.Upsample(null, []).forward(x4())],
  ["nn.Upsample(scale_factor=(2, 2, 2))(x4)", () => new nn.Upsample(null, [2, 2, 2]).forward(x4())],
  ["nn.Upsample(size=[2, 2, 2])(x4)", () => new nn.Upsample([2, 2, 2]).forward(x4())],
  ["nn.Upsample(scale_factor=2, mode='foo')(x4)", () => new nn.Upsample(null, 2, "foo").forward(x4())],
  ["nn.Upsample(scale_factor=2, mode='linear')(x4)", () => new nn.Upsample(null, 2, "linear").forward(x4())],
  [
    "nn.Upsample(scale_factor=2, align_corners=True)(x4)",
    () => new nn.Upsample(null, 2, { alignCorners: true }).forward(x4()),
  ],
  [
    "nn.Upsample(size=4, recompute_scale_factor=True)(x4)",
    () => new nn.Upsample(4, { recomputeScaleFactor: true }).forward(x4()),
  ],
  ["nn.Upsample(scale_factor=-1., mode='bilinear')(x4)", () => new nn.Upsample(null, -1, "bilinear").forward(x4())],
  ["nn.UpsamplingNearest2d(size=3, scale_factor=2)(x4)", () => new nn.UpsamplingNearest2d(3, 2).forward(x4())],
  ["nn.UpsamplingNearest2d()(x4)", () => new nn.UpsamplingNearest2d().forward(x4())],
  ["nn.UpsamplingBilinear2d(size=3, scale_factor=2)(x4)", () => new nn.UpsamplingBilinear2d(3, 2).forward(x4())],
  ["nn.UpsamplingBilinear2d()(x4)", () => new nn.UpsamplingBilinear2d().forward(x4())],
  ["nn.UpsamplingBilinear2d(size=3)(torch.zeros(1, 1, 3))", () => new nn.UpsamplingBilinear2d(3).forward(z(1, 1, 3))],
  ["F.upsample(x4, 3, 2)", () => F.upsample(x4(), 3, 2)],
  ["F.upsample(x4)", () => F.upsample(x4())],
  ["F.upsample(x4, 3, mode='nearest', align_corners=False)", () => F.upsample(x4(), 3, { alignCorners: false })],
  ["F.upsample(x4, 3, mode='trilinear')", () => F.upsample(x4(), 3, { mode: "trilinear" })],
  ["F.upsample_nearest(x4, 3, 2)", () => F.upsampleNearest(x4(), 3, 2)],
  ["F.upsample_nearest(x4)", () => F.upsampleNearest(x4())],
  ["F.upsample_bilinear(x4, 3, 2)", () => F.upsampleBilinear(x4(), 3, 2)],
  ["F.upsample_bilinear(x4)", () => F.upsampleBilinear(x4())],
  ["F.upsample_bilinear(torch.zeros(1, 1, 3), 3)", () => F.upsampleBilinear(z(1, 1, 3), 3)],
  ["F.upsample_bilinear(x4, [2, 2, 2])", () => F.upsampleBilinear(x4(), [2, 2, 2])],
  [
    "F.upsample_bilinear(torch.zeros(1, 1, 2, 2, dtype=torch.long), 3)",
    () => F.upsampleBilinear(torch.zeros(1, 1, 2, 2, { dtype: "int64" }), 3),
  ],
];

const ERRORS_PY = "F = torch.nn.functional\nnn = torch.nn\nx4 = torch.zeros(1, 1, 2, 3)";
const [reprs, errors] = await Promise.all([
  numpy(REPRS.map(([py]) => ({ torch: true, setup: "nn = torch.nn", expr: `str(${py})` }))),
  numpy(ERRORS.map(([py]) => ({ torch: true, setup: ERRORS_PY, expr: py }))),
]);

Deno.test("the modules print as PyTorch prints them for every option combination", () => {
  assert.deepEqual(caseFailures(REPRS.map(([py, m]) => [py, () => String(m())] as const), reprs), []);
});

Deno.test("the modules and F.upsample* raise PyTorch's errors (class and message)", () => {
  // Upsample keeps a scale factor as a tuple, which interpolate's message prints as such; dendrite prints the
  // JS array as a list (its size messages follow the Python expressions above, which pass lists)
  const want = errors.map((e) =>
    "error" in e
      ? { ...e, message: e.message.replace(/scale_factor of shape \((.*?)\)\./, "scale_factor of shape [$1].") }
      : e
  );
  let failures: string[] = [];
  warnings(() => failures = caseFailures(ERRORS, want));
  assert.deepEqual(failures, []);
});

Deno.test("the modules defer every check to forward, as PyTorch's constructors", () => {
  for (
    const make of [
      () => new nn.Upsample(3, 2),
      () => new nn.Upsample(),
      () => new nn.Upsample(null, 2, "foo", true),
      () => new nn.Upsample(4, { recomputeScaleFactor: true }),
      () => new nn.Upsample([2, 2, 2, 2, 2], [-1, NaN]),
      () => new nn.UpsamplingNearest2d(3, 2),
      () => new nn.UpsamplingBilinear2d(),
    ]
  ) assert.ok(make() instanceof nn.Upsample);
});

// ---------- call forms, fields, options ----------

Deno.test("every call form binds the same arguments; fields hold them as PyTorch's attributes", () => {
  const x = torch.randn(1, 2, 3, 4, { dtype: "float64" });
  const forms = [
    new nn.Upsample(null, 1.5, "bicubic", true, true),
    new nn.Upsample({ scaleFactor: 1.5, mode: "bicubic", alignCorners: true, recomputeScaleFactor: true }),
    new nn.Upsample(null, 1.5, { mode: "bicubic", alignCorners: true, recomputeScaleFactor: true }),
    new nn.Upsample(null, 1.5, "bicubic", { recomputeScaleFactor: true, alignCorners: true }),
  ];
  const want = F.interpolate(x, null, 1.5, "bicubic", true, true).tolist();
  for (const m of forms) {
    assert.deepEqual(
      [m.size, m.scaleFactor, m.mode, m.alignCorners, m.recomputeScaleFactor],
      [null, 1.5, "bicubic", true, true],
    );
    assert.deepEqual(m.forward(x).tolist(), want);
  }
  // defaults, and a zero scale factor kept as null (PyTorch's None)
  const d = new nn.Upsample();
  assert.deepEqual([d.size, d.scaleFactor, d.mode, d.alignCorners, d.recomputeScaleFactor], [
    null,
    null,
    "nearest",
    null,
    null,
  ]);
  assert.equal(new nn.Upsample(3, 0).scaleFactor, null);
  assert.deepEqual(new nn.Upsample(null, [2, 3]).scaleFactor, [2, 3]);
  // the 2d modules are Upsamples with their mode fixed
  for (
    const m of [new nn.UpsamplingBilinear2d([5, 6]), new nn.UpsamplingBilinear2d({ size: [5, 6] })]
  ) {
    assert.ok(m instanceof nn.Upsample);
    assert.deepEqual([m.size, m.scaleFactor, m.mode, m.alignCorners, m.recomputeScaleFactor], [
      [5, 6],
      null,
      "bilinear",
      true,
      null,
    ]);
    assert.deepEqual(
      m.forward(x).tolist(),
      F.interpolate(x, [5, 6], { mode: "bilinear", alignCorners: true }).tolist(),
    );
  }
  for (const m of [new nn.UpsamplingNearest2d(null, 2), new nn.UpsamplingNearest2d({ scaleFactor: 2 })]) {
    assert.deepEqual([m.size, m.scaleFactor, m.mode, m.alignCorners], [null, 2, "nearest", null]);
    assert.deepEqual(m.forward(x).tolist(), F.interpolate(x, { scaleFactor: 2 }).tolist());
  }
  warnings(() => {
    const up = F.interpolate(x, [5, 7], { mode: "bilinear", alignCorners: true }).tolist();
    for (
      const y of [
        F.upsample(x, [5, 7], null, "bilinear", true),
        F.upsample(x, { size: [5, 7], mode: "bilinear", alignCorners: true }),
        F.upsample(x, [5, 7], { mode: "bilinear", alignCorners: true }),
        F.upsample(x, [5, 7], null, "bilinear", { alignCorners: true }),
        F.upsampleBilinear(x, [5, 7]),
        F.upsampleBilinear(x, { size: [5, 7] }),
        F.upsampleBilinear(x, [5, 7], { scaleFactor: null }),
      ]
    ) assert.deepEqual(y.tolist(), up);
    const near = F.interpolate(x, null, 2).tolist();
    for (
      const y of [
        F.upsampleNearest(x, null, 2),
        F.upsampleNearest(x, { scaleFactor: 2 }),
        F.upsampleNearest(x, null, {
          scaleFactor: 2,
        }),
      ]
    ) assert.deepEqual(y.tolist(), near);
  });
});

Deno.test("an unknown or wrongly typed option is a TypeError naming it", () => {
  const x = z(1, 1, 2, 2);
  const cases: [() => unknown, RegExp][] = [
    [() => new nn.Upsample({ scale: 2 } as never), /Upsample\(\): unknown option 'scale'/],
    [() => new nn.Upsample({ size: 2, antialias: true } as never), /unknown option 'antialias'/],
    [() => new nn.UpsamplingNearest2d({ mode: "nearest" } as never), /UpsamplingNearest2d\(\): unknown option 'mode'/],
    [() => new nn.UpsamplingBilinear2d({ alignCorners: false } as never), /UpsamplingBilinear2d.*'alignCorners'/],
    [() => new nn.UpsamplingBilinear2d(2, 2, 2 as never), /UpsamplingBilinear2d/],
    [() => new nn.Upsample(2.5 as never), /size/],
    [() => new nn.Upsample({ mode: 3 } as never), /mode/],
    [() => new nn.Upsample({ alignCorners: 1 } as never), /alignCorners/],
    [() => new nn.Upsample(null, "2" as never), /Upsample\(\): argument 'scaleFactor'/],
    [() => new nn.Upsample(null, [2, "2"] as never), /scaleFactor/],
    [() => new nn.UpsamplingNearest2d(null, true as never), /UpsamplingNearest2d\(\): argument 'scaleFactor'/],
    [() => F.upsample(x, 3, { antialias: true } as never), /unknown option 'antialias'/],
    [() => F.upsample(x, 3, { recomputeScaleFactor: true } as never), /unknown option 'recomputeScaleFactor'/],
    [() => F.upsampleNearest(x, 3, { mode: "nearest" } as never), /unknown option 'mode'/],
    [() => F.upsampleBilinear(x, 3, { alignCorners: true } as never), /unknown option 'alignCorners'/],
    [() => F.upsampleBilinear(x, [2.5, 3] as never), /size/],
  ];
  warnings(() => {
    for (const [f, re] of cases) {
      assert.throws(
        f,
        (e: Error) => e instanceof TypeError && re.test(e.message),
        String(f),
      );
    }
  });
});

// ---------- train / eval ----------

Deno.test("train and eval modes give the same results; the modules hold no parameters or buffers", () => {
  const x = torch.randn(2, 3, 4, 5);
  for (
    const m of [
      new nn.Upsample(null, 1.5, "bilinear"),
      new nn.Upsample([3, 7], null, "area"),
      new nn.UpsamplingNearest2d(null, 2),
      new nn.UpsamplingBilinear2d([6, 2]),
    ]
  ) {
    const train = m.forward(x).tolist();
    m.eval();
    assert.equal(m.training, false);
    assert.deepEqual(m.forward(x).tolist(), train);
    m.train();
    assert.deepEqual(m.forward(x).tolist(), train);
    assert.equal(m.numParameters(), 0);
    assert.deepEqual(Object.keys(m.stateDict()), []);
  }
});
