/**
 * The padding modules (src/nn/layers/padding.ts: ZeroPad, ConstantPad, ReflectionPad, ReplicationPad and
 * CircularPad in 1, 2 and 3 dims) and F.pad (src/nn/pad.ts) against PyTorch 2.13: values and input gradients in
 * float32 and float64 (batched and unbatched, asymmetric and negative pads), integer and bool inputs, reprs,
 * PyTorch's errors (class and message), call forms and fields.
 */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";
import { assertMatches, buildT, caseFailures, numpy, randomInput, rng } from "../helpers/oracle.ts";

const F = nn.F;
type Tensor = torch.Tensor;
const z = (...shape: number[]) => torch.zeros(shape, { dtype: "float32" });

// ---------- values and gradients ----------

/** [Python callable (a module or a lambda) applied to x, ours, input shape] */
type Spec = [py: string, ours: (x: Tensor) => Tensor, shape: number[]];

const SPECS: Spec[] = [
  // zero padding: an integer, asymmetric and negative pads, batched and unbatched
  ["nn.ZeroPad1d(2)", (x) => new nn.ZeroPad1d(2).forward(x), [2, 3, 4]],
  ["nn.ZeroPad1d((3, -1))", (x) => new nn.ZeroPad1d([3, -1]).forward(x), [3, 5]],
  ["nn.ZeroPad2d((1, 1, 2, 0))", (x) => new nn.ZeroPad2d([1, 1, 2, 0]).forward(x), [2, 2, 3, 4]],
  ["nn.ZeroPad2d((-1, 2, 1, -2))", (x) => new nn.ZeroPad2d([-1, 2, 1, -2]).forward(x), [2, 4, 5]],
  ["nn.ZeroPad3d(1)", (x) => new nn.ZeroPad3d(1).forward(x), [1, 2, 2, 3, 2]],
  ["nn.ZeroPad3d((1, 0, -1, 2, 0, 1))", (x) => new nn.ZeroPad3d([1, 0, -1, 2, 0, 1]).forward(x), [2, 3, 3, 2]],
  // constant padding (any rank: PyTorch's modules do not check it)
  ["nn.ConstantPad1d((3, 3), 3.5)", (x) => new nn.ConstantPad1d([3, 3], 3.5).forward(x), [2, 2, 3]],
  ["nn.ConstantPad1d(2, -1.25)", (x) => new nn.ConstantPad1d(2, -1.25).forward(x), [2, 4]],
  ["nn.ConstantPad1d((1, -2), 7.)", (x) => new nn.ConstantPad1d([1, -2], 7).forward(x), [1, 2, 2, 3]],
  ["nn.ConstantPad2d((0, 2, -1, 1), 0.5)", (x) => new nn.ConstantPad2d([0, 2, -1, 1], 0.5).forward(x), [1, 2, 3, 4]],
  ["nn.ConstantPad2d(1, 2.)", (x) => new nn.ConstantPad2d(1, 2).forward(x), [2, 3, 3]],
  [
    "nn.ConstantPad3d((1, 2, 0, 1, 2, -1), -3.)",
    (x) => new nn.ConstantPad3d([1, 2, 0, 1, 2, -1], -3).forward(x),
    [1, 1, 3, 2, 3],
  ],
  ["nn.ConstantPad3d(1, 1.5)", (x) => new nn.ConstantPad3d(1, 1.5).forward(x), [2, 2, 2, 2]],
  // reflection: pads up to size - 1, negative pads crop (the reflection stays about the input's own edges)
  ["nn.ReflectionPad1d((3, 1))", (x) => new nn.ReflectionPad1d([3, 1]).forward(x), [2, 3, 5]],
  ["nn.ReflectionPad1d(2)", (x) => new nn.ReflectionPad1d(2).forward(x), [2, 3]],
  ["nn.ReflectionPad1d((-1, 2))", (x) => new nn.ReflectionPad1d([-1, 2]).forward(x), [2, 2, 4]],
  ["nn.ReflectionPad1d((-3, 2))", (x) => new nn.ReflectionPad1d([-3, 2]).forward(x), [2, 3]],
  ["nn.ReflectionPad2d((1, 2, 2, 0))", (x) => new nn.ReflectionPad2d([1, 2, 2, 0]).forward(x), [2, 2, 3, 4]],
  ["nn.ReflectionPad2d((2, -1, -1, 1))", (x) => new nn.ReflectionPad2d([2, -1, -1, 1]).forward(x), [2, 4, 3]],
  ["nn.ReflectionPad2d(1)", (x) => new nn.ReflectionPad2d(1).forward(x), [1, 3, 3]],
  ["nn.ReflectionPad2d((-2, -1, 1, 0))", (x) => new nn.ReflectionPad2d([-2, -1, 1, 0]).forward(x), [1, 2, 3]],
  [
    "nn.ReflectionPad3d((1, 0, 2, 1, 1, 1))",
    (x) => new nn.ReflectionPad3d([1, 0, 2, 1, 1, 1]).forward(x),
    [1, 2, 2, 3, 3],
  ],
  [
    "nn.ReflectionPad3d((-1, 1, 1, -1, 0, 1))",
    (x) => new nn.ReflectionPad3d([-1, 1, 1, -1, 0, 1]).forward(x),
    [2, 2, 3, 3],
  ],
  // a 2-long padding on a 3-d input: F.pad's 1-d reflection
  ["nn.ReflectionPad2d((1, 2))", (x) => new nn.ReflectionPad2d([1, 2]).forward(x), [1, 2, 3]],
  // replication: any pad size, negative pads past the size (the edge element repeated)
  ["nn.ReplicationPad1d((4, 1))", (x) => new nn.ReplicationPad1d([4, 1]).forward(x), [2, 3, 3]],
  ["nn.ReplicationPad1d((-2, 3))", (x) => new nn.ReplicationPad1d([-2, 3]).forward(x), [2, 4]],
  ["nn.ReplicationPad1d((-5, 7))", (x) => new nn.ReplicationPad1d([-5, 7]).forward(x), [2, 3]],
  ["nn.ReplicationPad2d((2, 0, 1, 3))", (x) => new nn.ReplicationPad2d([2, 0, 1, 3]).forward(x), [2, 2, 2, 3]],
  ["nn.ReplicationPad2d((-1, 2, 3, -1))", (x) => new nn.ReplicationPad2d([-1, 2, 3, -1]).forward(x), [1, 3, 4]],
  [
    "nn.ReplicationPad3d((1, 2, 0, 1, 2, 1))",
    (x) => new nn.ReplicationPad3d([1, 2, 0, 1, 2, 1]).forward(x),
    [1, 2, 2, 2, 3],
  ],
  [
    "nn.ReplicationPad3d((-1, 1, 2, -1, 1, 0))",
    (x) => new nn.ReplicationPad3d([-1, 1, 2, -1, 1, 0]).forward(x),
    [2, 3, 3, 3],
  ],
  // circular: pads up to the size, negative pads crop before the wrap
  ["nn.CircularPad1d((2, 1))", (x) => new nn.CircularPad1d([2, 1]).forward(x), [2, 3, 4]],
  ["nn.CircularPad1d((-1, 2))", (x) => new nn.CircularPad1d([-1, 2]).forward(x), [2, 4]],
  ["nn.CircularPad1d(3)", (x) => new nn.CircularPad1d(3).forward(x), [1, 2, 3]],
  ["nn.CircularPad2d((1, 2, 2, 0))", (x) => new nn.CircularPad2d([1, 2, 2, 0]).forward(x), [2, 2, 3, 4]],
  ["nn.CircularPad2d((-1, 1, 2, -1))", (x) => new nn.CircularPad2d([-1, 1, 2, -1]).forward(x), [2, 4, 4]],
  [
    "nn.CircularPad3d((1, 1, 0, 2, 1, 0))",
    (x) => new nn.CircularPad3d([1, 1, 0, 2, 1, 0]).forward(x),
    [1, 2, 2, 3, 3],
  ],
  [
    "nn.CircularPad3d((-1, 1, 1, -1, 1, 1))",
    (x) => new nn.CircularPad3d([-1, 1, 1, -1, 1, 1]).forward(x),
    [2, 3, 3, 2],
  ],
  // F.pad itself: constant padding of any rank and length, zero and empty paddings, its call forms
  ["lambda x: F.pad(x, (1, 2))", (x) => F.pad(x, [1, 2]), [3]],
  [
    "lambda x: F.pad(x, (1, 1, 0, 0, 2, 1, 1, 0), value=-2.)",
    (x) => F.pad(x, [1, 1, 0, 0, 2, 1, 1, 0], { value: -2 }),
    [1, 2, 2, 3, 2],
  ],
  ["lambda x: F.pad(x, (0, 0))", (x) => F.pad(x, [0, 0]), [2, 3]],
  ["lambda x: F.pad(x, ())", (x) => F.pad(x, []), [2, 3]],
  ["lambda x: F.pad(x, (-1, -1, 0, -1))", (x) => F.pad(x, [-1, -1, 0, -1]), [3, 4]],
  ["lambda x: F.pad(x, (-3, 0))", (x) => F.pad(x, [-3, 0]), [2, 3]],
  ["lambda x: F.pad(x, (1, 2), 'constant', 4.)", (x) => F.pad(x, { pad: [1, 2], value: 4 }), [2, 3]],
  ["lambda x: F.pad(x, (1, 1), mode='reflect', value=0)", (x) => F.pad(x, [1, 1], "reflect", 0), [2, 3]],
  ["lambda x: F.pad(x, (0, 0), mode='reflect')", (x) => F.pad(x, [0, 0], { mode: "reflect" }), [2, 3]],
  [
    "lambda x: F.pad(x, (2, 1, 1, 1, 1, 0), mode='replicate')",
    (x) => F.pad(x, [2, 1, 1, 1, 1, 0], { mode: "replicate" }),
    [2, 1, 2, 3, 2],
  ],
  [
    "lambda x: F.pad(x, (1, 2, 1, 0, 1, 1), 'circular')",
    (x) => F.pad(x, [1, 2, 1, 0, 1, 1], "circular"),
    [2, 2, 3, 2],
  ],
  // empty batches (and empty dims, which circular padding allows)
  ["nn.ReflectionPad1d(1)", (x) => new nn.ReflectionPad1d(1).forward(x), [0, 2, 3]],
  ["nn.ReplicationPad2d((1, 0, 0, 2))", (x) => new nn.ReplicationPad2d([1, 0, 0, 2]).forward(x), [0, 1, 2, 3]],
  ["nn.CircularPad1d(1)", (x) => new nn.CircularPad1d(1).forward(x), [2, 0, 3]],
  ["nn.ZeroPad2d(1)", (x) => new nn.ZeroPad2d(1).forward(x), [0, 3]],
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

const r = rng(20260521);
const PARITY = ["float32", "float64"].flatMap((dtype) =>
  SPECS.map(([py, ours, shape]) => ({ label: `${dtype} ${py} ${shape}`, py, ours, x: randomInput(r, dtype, shape) }))
);

// integer and bool inputs, and fill values: values only (the value of constant padding cast as PyTorch's fill does)
const INTS: [py: string, ours: (x: Tensor) => Tensor, dtype: string, shape: number[]][] = [
  ["lambda x: F.pad(x, (1, 2), value=2.7)", (x) => F.pad(x, [1, 2], { value: 2.7 }), "int64", [2, 3]],
  ["lambda x: F.pad(x, (1, 1, 1, 0), value=-2.7)", (x) => F.pad(x, [1, 1, 1, 0], { value: -2.7 }), "int32", [2, 3]],
  ["lambda x: F.pad(x, (2, 1), value=255.)", (x) => F.pad(x, [2, 1], { value: 255 }), "uint8", [2, 3]],
  ["lambda x: F.pad(x, (1, 1), value=0.5)", (x) => F.pad(x, [1, 1], { value: 0.5 }), "bool", [2, 3]],
  // a value that does not fill is not converted
  ["lambda x: F.pad(x, (-1, 0), value=-1.)", (x) => F.pad(x, [-1, 0], { value: -1 }), "uint8", [2, 3]],
  ["lambda x: F.pad(x, (0, 0, 0, -1), value=1e300)", (x) => F.pad(x, [0, 0, 0, -1], { value: 1e300 }), "float32", [
    2,
    3,
  ]],
  ["nn.ReflectionPad2d((2, 1, 1, 1))", (x) => new nn.ReflectionPad2d([2, 1, 1, 1]).forward(x), "int64", [1, 3, 4]],
  ["nn.ReplicationPad1d((2, 3))", (x) => new nn.ReplicationPad1d([2, 3]).forward(x), "uint8", [2, 3]],
  ["nn.ReplicationPad3d(1)", (x) => new nn.ReplicationPad3d(1).forward(x), "int32", [1, 2, 2, 2]],
  ["nn.CircularPad2d((1, 2, 0, 1))", (x) => new nn.CircularPad2d([1, 2, 0, 1]).forward(x), "bool", [1, 2, 3]],
  ["nn.CircularPad1d((-1, 2))", (x) => new nn.CircularPad1d([-1, 2]).forward(x), "int64", [2, 4]],
];
const INT_CASES = INTS.map(([py, ours, dtype, shape]) => ({ py, ours, x: randomInput(r, dtype, shape) }));

const [parity, ints] = await Promise.all([
  numpy(PARITY.map((c) => ({ torch: true, setup: RUN_PY, inputs: { x: c.x }, expr: `run(x, ${c.py})` }))),
  numpy(INT_CASES.map((c) => ({ torch: true, setup: RUN_PY, inputs: { x: c.x }, expr: `(${c.py})(x)` }))),
]);

Deno.test("the padding modules and F.pad give PyTorch's values and input gradients in float32 and float64", () => {
  const failures: string[] = [];
  PARITY.forEach((c, k) => {
    const want = parity[k];
    try {
      assert.ok("value" in want, `PyTorch raised ${JSON.stringify(want)}`);
      assertMatches(run(buildT(c.x), c.ours), want.value, c.label);
    } catch (e) {
      failures.push(`${c.label}: ${(e as Error).message.split("\n")[0]}`);
    }
  });
  assert.deepEqual(failures, []);
});

Deno.test("integer and bool inputs pad as PyTorch's (constant values cast as its fill)", () => {
  assert.deepEqual(caseFailures(INT_CASES.map((c) => [c.py, () => c.ours(buildT(c.x))] as const), ints), []);
});

Deno.test("F.pad always returns a new tensor, as PyTorch's kernels", () => {
  const x = torch.arange(6, { dtype: "float32" }).reshape(2, 3);
  for (
    const y of [
      F.pad(x, [0, 0]),
      F.pad(x, []),
      F.pad(x, [-1, 0]),
      F.pad(x, [0, 0, -1, 0]),
      F.pad(x, [0, 0], "reflect"),
      F.pad(x, [0, 0], "circular"),
    ]
  ) {
    assert.notEqual(y, x);
    y.fill_(-1);
  }
  assert.deepEqual(x.tolist(), [[0, 1, 2], [3, 4, 5]]);
});

// ---------- reprs ----------

const REPRS: [py: string, ours: () => nn.Module][] = [
  ["nn.ZeroPad1d(2)", () => new nn.ZeroPad1d(2)],
  ["nn.ZeroPad1d((3, -1))", () => new nn.ZeroPad1d([3, -1])],
  ["nn.ZeroPad2d((1, 1, 2, 0))", () => new nn.ZeroPad2d([1, 1, 2, 0])],
  ["nn.ZeroPad2d(padding=1)", () => new nn.ZeroPad2d({ padding: 1 })],
  ["nn.ZeroPad3d(1)", () => new nn.ZeroPad3d(1)],
  ["nn.ZeroPad3d([1, 2, 3, 4, 5, 6])", () => new nn.ZeroPad3d([1, 2, 3, 4, 5, 6])],
  ["nn.ConstantPad1d((3, 3), 3.5)", () => new nn.ConstantPad1d([3, 3], 3.5)],
  ["nn.ConstantPad1d(3, 2.)", () => new nn.ConstantPad1d(3, 2)],
  ["nn.ConstantPad2d(1, -0.5)", () => new nn.ConstantPad2d(1, -0.5)],
  ["nn.ConstantPad2d(value=1.5, padding=2)", () => new nn.ConstantPad2d({ value: 1.5, padding: 2 })],
  ["nn.ConstantPad3d((1, 2, 3, 4, 5, 6), 1e-5)", () => new nn.ConstantPad3d([1, 2, 3, 4, 5, 6], 1e-5)],
  ["nn.ConstantPad3d(0, float('nan'))", () => new nn.ConstantPad3d(0, NaN)],
  ["nn.ConstantPad1d(1, float('-inf'))", () => new nn.ConstantPad1d(1, -Infinity)],
  ["nn.ReflectionPad1d(2)", () => new nn.ReflectionPad1d(2)],
  ["nn.ReflectionPad2d([1, 2, 3, 4])", () => new nn.ReflectionPad2d([1, 2, 3, 4])],
  ["nn.ReflectionPad3d((1,))", () => new nn.ReflectionPad3d([1])],
  ["nn.ReplicationPad1d((1, 2, 3))", () => new nn.ReplicationPad1d([1, 2, 3])],
  ["nn.ReplicationPad2d(0)", () => new nn.ReplicationPad2d(0)],
  ["nn.ReplicationPad3d((-1, 1, 0, 0, 2, 2))", () => new nn.ReplicationPad3d([-1, 1, 0, 0, 2, 2])],
  ["nn.CircularPad1d(1)", () => new nn.CircularPad1d(1)],
  ["nn.CircularPad2d(1)", () => new nn.CircularPad2d(1)],
  ["nn.CircularPad3d(())", () => new nn.CircularPad3d([])],
  [
    "nn.Sequential(nn.ReflectionPad2d(1), nn.Conv2d(1, 2, 3), nn.ConstantPad2d((0, 1, 0, 1), 0.25))",
    () =>
      new nn.Sequential(new nn.ReflectionPad2d(1), new nn.Conv2d(1, 2, 3), new nn.ConstantPad2d([0, 1, 0, 1], 0.25)),
  ],
];

// ---------- errors (PyTorch's class and message) ----------

const bool = (...shape: number[]) => torch.zeros(shape, { dtype: "bool" });
const ERRORS: [py: string, ours: () => unknown][] = [
  // F.pad's own checks
  ["F.pad(z(2, 3), (1, 2, 3))", () => F.pad(z(2, 3), [1, 2, 3])],
  ["F.pad(z(2, 3), (1, 2, 3, 4, 5, 6))", () => F.pad(z(2, 3), [1, 2, 3, 4, 5, 6])],
  ["F.pad(z(3), (1, 1, 1, 1), value=2.)", () => F.pad(z(3), [1, 1, 1, 1], { value: 2 })],
  ["F.pad(z(2, 3), (1, 1), mode='reflect', value=1.)", () => F.pad(z(2, 3), [1, 1], "reflect", 1)],
  ["F.pad(z(2, 3), (1, 1), mode='circular', value=float('nan'))", () => F.pad(z(2, 3), [1, 1], "circular", NaN)],
  ["F.pad(z(2, 3), 1)", () => F.pad(z(2, 3), 1)],
  // the modes other than constant pad the last 1-3 dims of a (C, ...) or (N, C, ...) input
  ["F.pad(z(3), (1, 1), mode='reflect')", () => F.pad(z(3), [1, 1], "reflect")],
  ["F.pad(z(3), (1, 1), mode='replicate')", () => F.pad(z(3), [1, 1], "replicate")],
  ["F.pad(z(3), (1, 1), mode='circular')", () => F.pad(z(3), [1, 1], "circular")],
  ["F.pad(z(2, 3), (1, 1, 1, 1), mode='reflect')", () => F.pad(z(2, 3), [1, 1, 1, 1], "reflect")],
  ["F.pad(z(1, 2, 2, 3), (1, 1), mode='replicate')", () => F.pad(z(1, 2, 2, 3), [1, 1], "replicate")],
  [
    "F.pad(z(1, 1, 1, 2, 2, 3), (1, 1, 1, 1, 1, 1), mode='circular')",
    () => F.pad(z(1, 1, 1, 2, 2, 3), [1, 1, 1, 1, 1, 1], "circular"),
  ],
  [
    "F.pad(z(1, 1, 2, 2, 3), (1, 1, 1, 1, 1, 1, 1, 1), mode='reflect')",
    () => F.pad(z(1, 1, 2, 2, 3), [1, 1, 1, 1, 1, 1, 1, 1], "reflect"),
  ],
  ["F.pad(z(2, 3), (), mode='reflect')", () => F.pad(z(2, 3), [], "reflect")],
  // reflection: each pad below the size, named by its argument number (W first)
  ["F.pad(z(2, 3), (3, 0), mode='reflect')", () => F.pad(z(2, 3), [3, 0], "reflect")],
  ["F.pad(z(2, 3), (-1, 3), mode='reflect')", () => F.pad(z(2, 3), [-1, 3], "reflect")],
  ["F.pad(z(2, 1, 3), (3, 1), mode='reflect')", () => F.pad(z(2, 1, 3), [3, 1], "reflect")],
  ["F.pad(z(1, 2, 3), (1, 1, 2, 0), mode='reflect')", () => F.pad(z(1, 2, 3), [1, 1, 2, 0], "reflect")],
  ["F.pad(z(1, 2, 3), (3, 1, 2, 0), mode='reflect')", () => F.pad(z(1, 2, 3), [3, 1, 2, 0], "reflect")],
  ["F.pad(z(2, 1, 2, 3), (1, 1, 2, 0), mode='reflect')", () => F.pad(z(2, 1, 2, 3), [1, 1, 2, 0], "reflect")],
  [
    "F.pad(z(1, 2, 3, 4), (1, 1, 1, 1, 2, 0), mode='reflect')",
    () => F.pad(z(1, 2, 3, 4), [1, 1, 1, 1, 2, 0], "reflect"),
  ],
  [
    "F.pad(z(1, 2, 3, 4), (1, 1, 3, 1, 1, 0), mode='reflect')",
    () => F.pad(z(1, 2, 3, 4), [1, 1, 3, 1, 1, 0], "reflect"),
  ],
  // empty dims other than the batch
  ["F.pad(z(2, 0, 3), (1, 1), mode='reflect')", () => F.pad(z(2, 0, 3), [1, 1], "reflect")],
  ["F.pad(z(0, 3), (1, 1), mode='replicate')", () => F.pad(z(0, 3), [1, 1], "replicate")],
  ["F.pad(z(1, 0, 3), (1, 1, 0, 0), mode='reflect')", () => F.pad(z(1, 0, 3), [1, 1, 0, 0], "reflect")],
  ["F.pad(z(1, 0, 2, 3), (1, 1, 1, 1), mode='replicate')", () => F.pad(z(1, 0, 2, 3), [1, 1, 1, 1], "replicate")],
  [
    "F.pad(z(1, 0, 2, 2, 3), (1, 1, 1, 1, 1, 1), mode='reflect')",
    () => F.pad(z(1, 0, 2, 2, 3), [1, 1, 1, 1, 1, 1], "reflect"),
  ],
  ["F.pad(z(1, 0, 3), (5, 1, 2, 0), mode='reflect')", () => F.pad(z(1, 0, 3), [5, 1, 2, 0], "reflect")],
  // outputs too small (1-d: empty; 2-d and 3-d: every dim empty), then negative sizes
  ["F.pad(z(2, 3), (-2, -1), mode='reflect')", () => F.pad(z(2, 3), [-2, -1], "reflect")],
  ["F.pad(z(1, 3), (-3, -1), mode='replicate')", () => F.pad(z(1, 3), [-3, -1], "replicate")],
  ["F.pad(z(1, 2, 3), (-2, -1, -1, -1), mode='reflect')", () => F.pad(z(1, 2, 3), [-2, -1, -1, -1], "reflect")],
  ["F.pad(z(1, 2, 3), (-2, -1, -1, -1), mode='replicate')", () => F.pad(z(1, 2, 3), [-2, -1, -1, -1], "replicate")],
  ["F.pad(z(1, 2, 3), (-2, -1, -2, -1), mode='replicate')", () => F.pad(z(1, 2, 3), [-2, -1, -2, -1], "replicate")],
  [
    "F.pad(z(1, 2, 3, 4), (-2, -2, -2, -1, -1, -1), mode='reflect')",
    () => F.pad(z(1, 2, 3, 4), [-2, -2, -2, -1, -1, -1], "reflect"),
  ],
  [
    "F.pad(z(1, 2, 3, 4), (-2, -2, -2, -1, -1, -1), mode='replicate')",
    () => F.pad(z(1, 2, 3, 4), [-2, -2, -2, -1, -1, -1], "replicate"),
  ],
  ["F.pad(z(1, 2, 3), (-3, -1, 0, 0), mode='replicate')", () => F.pad(z(1, 2, 3), [-3, -1, 0, 0], "replicate")],
  ["F.pad(z(1, 2, 3), (0, 0, -2, -1), mode='replicate')", () => F.pad(z(1, 2, 3), [0, 0, -2, -1], "replicate")],
  [
    "F.pad(z(1, 2, 3, 4), (0, 0, 0, 0, -2, -1), mode='reflect')",
    () => F.pad(z(1, 2, 3, 4), [0, 0, 0, 0, -2, -1], "reflect"),
  ],
  [
    "F.pad(z(1, 2, 3, 4), (0, 0, 0, 0, -2, -1), mode='replicate')",
    () => F.pad(z(1, 2, 3, 4), [0, 0, 0, 0, -2, -1], "replicate"),
  ],
  // bool inputs (after the shape checks)
  ["F.pad(b(2, 3), (1, 1), mode='reflect')", () => F.pad(bool(2, 3), [1, 1], "reflect")],
  ["F.pad(b(1, 2, 3), (1, 1, 1, 0), mode='replicate')", () => F.pad(bool(1, 2, 3), [1, 1, 1, 0], "replicate")],
  [
    "F.pad(b(1, 2, 2, 3), (1, 1, 1, 0, 0, 0), mode='reflect')",
    () => F.pad(bool(1, 2, 2, 3), [1, 1, 1, 0, 0, 0], "reflect"),
  ],
  ["F.pad(b(1, 2, 3), (5, 1, 1, 0), mode='reflect')", () => F.pad(bool(1, 2, 3), [5, 1, 1, 0], "reflect")],
  // circular: wrapping more than once, negative sizes (outer padded dim first)
  ["F.pad(z(2, 3), (4, 1), mode='circular')", () => F.pad(z(2, 3), [4, 1], "circular")],
  ["F.pad(z(2, 0), (1, 1), mode='circular')", () => F.pad(z(2, 0), [1, 1], "circular")],
  ["F.pad(z(1, 2, 3), (1, 1, 3, 0), mode='circular')", () => F.pad(z(1, 2, 3), [1, 1, 3, 0], "circular")],
  ["F.pad(z(2, 3), (-2, -2), mode='circular')", () => F.pad(z(2, 3), [-2, -2], "circular")],
  ["F.pad(z(1, 2, 3), (4, 4, -3, 0), mode='circular')", () => F.pad(z(1, 2, 3), [4, 4, -3, 0], "circular")],
  ["F.pad(z(1, 2, 3), (-4, -4, 3, 3), mode='circular')", () => F.pad(z(1, 2, 3), [-4, -4, 3, 3], "circular")],
  // constant: negative pads past the size (narrow's message)
  ["F.pad(z(2, 3), (-2, -2))", () => F.pad(z(2, 3), [-2, -2])],
  ["F.pad(z(2, 3), (1, -5))", () => F.pad(z(2, 3), [1, -5])],
  ["F.pad(z(2, 3), (-5, 1))", () => F.pad(z(2, 3), [-5, 1])],
  ["F.pad(z(2, 3), (0, 0, -3, -1))", () => F.pad(z(2, 3), [0, 0, -3, -1])],
  // the constant value as F.pad's double converts it
  [
    "F.pad(torch.zeros(1, 3, dtype=torch.uint8), (1, 1), value=-1.)",
    () => F.pad(torch.zeros(1, 3, { dtype: "uint8" }), [1, 1], { value: -1 }),
  ],
  [
    "F.pad(torch.zeros(1, 3, dtype=torch.int32), (1, 1), value=1e10)",
    () => F.pad(torch.zeros(1, 3, { dtype: "int32" }), [1, 1], { value: 1e10 }),
  ],
  ["F.pad(z(1, 3), (1, 1), value=1e300)", () => F.pad(z(1, 3), [1, 1], { value: 1e300 })],
  // the modules: CircularPad checks its input's rank, the others leave it to F.pad
  ["nn.CircularPad1d(1)(z(3))", () => new nn.CircularPad1d(1).forward(z(3))],
  ["nn.CircularPad2d(1)(z(3, 3))", () => new nn.CircularPad2d(1).forward(z(3, 3))],
  ["nn.CircularPad3d(1)(z(1, 1, 1, 1, 3, 3))", () => new nn.CircularPad3d(1).forward(z(1, 1, 1, 1, 3, 3))],
  ["nn.ReflectionPad1d(1)(z(3))", () => new nn.ReflectionPad1d(1).forward(z(3))],
  ["nn.ReflectionPad2d(1)(z(3, 3))", () => new nn.ReflectionPad2d(1).forward(z(3, 3))],
  ["nn.ReflectionPad3d(1)(z(1, 2, 2, 2, 3, 3))", () => new nn.ReflectionPad3d(1).forward(z(1, 2, 2, 2, 3, 3))],
  ["nn.ReplicationPad1d(1)(z(1, 1, 2, 3))", () => new nn.ReplicationPad1d(1).forward(z(1, 1, 2, 3))],
  ["nn.ReplicationPad2d(1)(z(3))", () => new nn.ReplicationPad2d(1).forward(z(3))],
  ["nn.ReplicationPad3d(1)(z(2, 3, 3))", () => new nn.ReplicationPad3d(1).forward(z(2, 3, 3))],
  ["nn.ReflectionPad2d(3)(z(1, 3, 3))", () => new nn.ReflectionPad2d(3).forward(z(1, 3, 3))],
  ["nn.ReplicationPad1d((1, 2, 3))(z(2, 3))", () => new nn.ReplicationPad1d([1, 2, 3]).forward(z(2, 3))],
  ["nn.ZeroPad2d(1)(z(3))", () => new nn.ZeroPad2d(1).forward(z(3))],
  ["nn.ConstantPad3d(-2, 1.)(z(1, 3, 3, 3))", () => new nn.ConstantPad3d(-2, 1).forward(z(1, 3, 3, 3))],
  ["nn.CircularPad1d(4)(z(1, 3))", () => new nn.CircularPad1d(4).forward(z(1, 3))],
];

const ERRORS_PY = [
  "F = torch.nn.functional",
  "nn = torch.nn",
  "z = lambda *s: torch.zeros(*s)",
  "b = lambda *s: torch.zeros(*s, dtype=torch.bool)",
].join("\n");
const [reprs, errors] = await Promise.all([
  numpy(REPRS.map(([py]) => ({ torch: true, setup: "nn = torch.nn", expr: `str(${py})` }))),
  numpy(ERRORS.map(([py]) => ({ torch: true, setup: ERRORS_PY, expr: py }))),
]);

Deno.test("the padding modules print as PyTorch prints them", () => {
  assert.deepEqual(caseFailures(REPRS.map(([py, m]) => [py, () => String(m())] as const), reprs), []);
});

Deno.test("F.pad and the padding modules raise PyTorch's errors (class and message)", () => {
  assert.deepEqual(caseFailures(ERRORS, errors), []);
});

Deno.test("where PyTorch's kernels misbehave, F.pad refuses with a clear error", () => {
  // a positive circular pad beyond what the other side's negative pad leaves: PyTorch refuses an overlapping copy
  // ("some elements of the input tensor and the written-to tensor refer to a single memory location") or, when
  // nothing is left, returns memory it never wrote; both wrap around more than once
  const wrap = "Padding value causes wrapping around more than once.";
  for (const p of [[-2, 2], [-1, 3], [3, -1], [2, -2], [-3, 1], [-4, 2]]) {
    assert.throws(() => F.pad(z(1, 3), p, "circular"), { name: "RuntimeError", message: wrap }, String(p));
  }
  // (exactly what is left wraps: PyTorch's values)
  const x = torch.tensor([[1, 2, 3]], { dtype: "float32" });
  assert.deepEqual(F.pad(x, [-1, 2], "circular").tolist(), [[2, 3, 2, 3]]);
  assert.deepEqual(F.pad(x, [1, -2], "circular").tolist(), [[1, 1]]);
  // a negative 2-d reflection size: PyTorch's "numel: integer multiplication overflow"; the allocation's message
  assert.throws(() => F.pad(z(1, 2, 3), [-3, -1, 0, 0], "reflect"), {
    name: "RuntimeError",
    message: "Trying to create tensor with negative dimension -1: [1, 2, -1]",
  });
  // an unknown mode: the binder's TypeError naming the choices (PyTorch's NotImplementedError
  // "Unrecognised padding mode foo")
  assert.throws(
    () => F.pad(z(2, 3), [1, 1], "foo" as never),
    (e: Error) => e instanceof TypeError && /mode/.test(e.message),
  );
});

// ---------- call forms, fields, options ----------

Deno.test("every call form binds the same arguments; fields hold PyTorch's attributes", () => {
  const x = torch.randn(2, 3, 4, { dtype: "float64" });
  const want = F.pad(x, [1, 2, 2, 1], "constant", 1.5).tolist();
  for (
    const m of [
      new nn.ConstantPad2d([1, 2, 2, 1], 1.5),
      new nn.ConstantPad2d([1, 2, 2, 1], { value: 1.5 }),
      new nn.ConstantPad2d({ padding: [1, 2, 2, 1], value: 1.5 }),
    ]
  ) {
    assert.deepEqual([m.padding, m.value], [[1, 2, 2, 1], 1.5]);
    assert.deepEqual(m.forward(x).tolist(), want);
  }
  for (const m of [new nn.ZeroPad3d(2), new nn.ZeroPad3d({ padding: 2 })]) {
    assert.ok(m instanceof nn.ConstantPad3d && m instanceof nn.Module);
    assert.deepEqual([m.padding, m.value], [[2, 2, 2, 2, 2, 2], 0]);
  }
  for (const m of [new nn.ReflectionPad1d([2, 1]), new nn.ReflectionPad1d({ padding: [2, 1] })]) {
    assert.deepEqual(m.padding, [2, 1]);
    assert.deepEqual(m.forward(x).tolist(), F.pad(x, { pad: [2, 1], mode: "reflect" }).tolist());
  }
  // a list is kept as given (PyTorch's _ntuple), and a copy
  const p = [1, 2];
  const m = new nn.ReplicationPad2d(p);
  p[0] = 5;
  assert.deepEqual(m.padding, [1, 2]);
  assert.deepEqual(new nn.CircularPad2d([3]).padding, [3]);
  // no parameters or buffers; the class names
  for (const M of [nn.ZeroPad1d, nn.ReflectionPad3d, nn.ReplicationPad1d, nn.CircularPad2d]) {
    const mod = new M(1);
    assert.deepEqual([mod.parameters(), Object.keys(mod.stateDict())], [[], []]);
    assert.equal(mod.constructor.name, M.name);
  }
  assert.equal(new nn.ConstantPad1d(1, 0).constructor.name, "ConstantPad1d");
  // F.pad's call forms
  const y = F.pad(x, [1, 1], "replicate").tolist();
  assert.deepEqual(F.pad(x, [1, 1], { mode: "replicate" }).tolist(), y);
  assert.deepEqual(F.pad(x, { pad: [1, 1], mode: "replicate", value: null }).tolist(), y);
  assert.deepEqual(F.pad(x, [1, 1], "replicate", { value: 0 }).tolist(), y);
});

Deno.test("unknown options, missing and ill-typed arguments are TypeErrors naming them", () => {
  const named = (name: string) => (e: Error) => e instanceof TypeError && e.message.includes(name);
  assert.throws(() => new nn.ZeroPad2d(1, { value: 0 } as never), named("value"));
  assert.throws(() => new nn.ReflectionPad1d({ padding: 1, mode: "reflect" } as never), named("mode"));
  // @ts-expect-error: the types require the value too
  assert.throws(() => new nn.ConstantPad2d(1), named("value"));
  // @ts-expect-error: and the padding
  assert.throws(() => new nn.ReplicationPad3d(), named("padding"));
  assert.throws(() => new nn.CircularPad1d(1.5), named("padding"));
  assert.throws(() => new nn.ConstantPad1d(1, "2" as never), named("value"));
  assert.throws(() => F.pad(z(2, 3), [1, 1], { fill: 2 } as never), named("fill"));
  assert.throws(() => F.pad(z(2, 3), [1.5, 1]), named("pad"));
});
