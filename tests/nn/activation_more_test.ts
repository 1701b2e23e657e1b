/**
 * F.prelu / nn.PReLU, F.rrelu / F.rrelu_ / nn.RReLU, nn.Threshold, nn.Softmax2d, F.channel_shuffle /
 * F.native_channel_shuffle / nn.ChannelShuffle, F.rms_norm / nn.RMSNorm, F.gumbel_softmax and the in-place
 * activations (F.relu_, F.elu_, F.celu_, F.selu_, F.leaky_relu_, F.hardtanh_, F.threshold_, F.rrelu_ and the
 * `inplace` flags) against PyTorch 2.13: values and gradients (inputs, weights) in float32 and float64, seeded draws
 * (rrelu's slopes, gumbel_softmax's noise), PyTorch's errors, reprs, state dicts and call forms.
 */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";
import { caseFailures, numpy, vg, VG_SETUP } from "../helpers/oracle.ts";
import { type ParityCase, randn, report, runParity } from "./harness.ts";

const F = nn.F;
type T = torch.Tensor;
type D = "float32" | "float64";
const DTYPES: D[] = ["float32", "float64"];
const pyDtype = (d: D) => (d === "float32" ? "torch.float32" : "torch.float64");

// ---------- values and gradients (tests/nn/harness.ts: same inputs, weights and seeds on both sides) ----------

const cases: ParityCase[] = [];
const add = (c: ParityCase) => cases.push(c);
/** A non-leaf copy (in-place ops on a leaf that requires grad are PyTorch's error). */
const copy = (x: T) => x.mul(1);

for (const d of DTYPES) {
  const r = (seed: number, shape: number[]) => randn(seed, shape, d);
  const w = (seed: number, shape: number[]) => randn(seed, shape, d).mul(0.3);
  // prelu: a weight per channel (dim 1) at every rank, one shared weight (1-d or 0-d)
  add({
    id: `prelu 3d per channel ${d}`,
    py: "F.prelu",
    fn: (x, a) => F.prelu(x, a),
    inputs: () => [r(1, [2, 3, 4]), w(2, [3])],
  });
  add({
    id: `prelu 4d per channel ${d}`,
    py: "F.prelu",
    fn: (x, a) => F.prelu(x, a),
    inputs: () => [r(3, [2, 3, 2, 2]), w(4, [3])],
  });
  add({
    id: `prelu 2d per channel ${d}`,
    py: "F.prelu",
    fn: (x, a) => F.prelu(x, a),
    inputs: () => [r(5, [4, 5]), w(6, [5])],
  });
  add({
    id: `prelu shared ${d}`,
    py: "F.prelu",
    fn: (x, a) => F.prelu(x, a),
    inputs: () => [r(7, [3, 4, 2]), w(8, [1])],
  });
  add({
    id: `prelu 0-d weight ${d}`,
    py: "F.prelu",
    fn: (x, a) => F.prelu(x, a),
    inputs: () => [r(9, [3, 4]), w(10, [])],
  });
  add({ id: `prelu 1d ${d}`, py: "F.prelu", fn: (x, a) => F.prelu(x, a), inputs: () => [r(11, [6]), w(12, [1])] });
  add({
    id: `PReLU(3, 0.1) ${d}`,
    py: "nn.PReLU(3, 0.1)",
    make: () => new nn.PReLU(3, 0.1),
    initSeed: 0,
    double: d === "float64",
    inputs: () => [r(13, [2, 3, 5])],
  });
  add({
    id: `PReLU() ${d}`,
    py: `nn.PReLU(dtype=${pyDtype(d)})`,
    make: () => new nn.PReLU({ dtype: d }),
    initSeed: 0,
    inputs: () => [r(14, [4, 6])],
  });
  // rrelu: training draws (PyTorch's stream for the seed, row-major over a transposed input too), evaluation
  add({
    id: `rrelu training ${d}`,
    py: "lambda x0: F.rrelu(x0, 0.1, 0.4, True)",
    fn: (x) => F.rrelu(x, 0.1, 0.4, true),
    seed: 5,
    inputs: () => [r(15, [6, 7])],
  });
  add({
    id: `rrelu training transposed ${d}`,
    py: "lambda x0: F.rrelu(x0.t(), training=True)",
    fn: (x) => F.rrelu(x.t(), { training: true }),
    seed: 6,
    inputs: () => [r(16, [5, 4])],
  });
  add({
    id: `rrelu training negative bounds ${d}`,
    py: "lambda x0: F.rrelu(x0, -0.5, -0.2, True)",
    fn: (x) => F.rrelu(x, -0.5, -0.2, true),
    seed: 7,
    inputs: () => [r(17, [20])],
  });
  add({ id: `rrelu eval ${d}`, py: "lambda x0: F.rrelu(x0)", fn: (x) => F.rrelu(x), inputs: () => [r(18, [3, 5])] });
  add({
    id: `rrelu inplace training ${d}`,
    py: "lambda x0: F.rrelu(x0 * 1, 0.1, 0.3, True, True)",
    fn: (x) => F.rrelu(copy(x), 0.1, 0.3, true, true),
    seed: 8,
    inputs: () => [r(19, [4, 4])],
  });
  add({
    id: `rrelu_ training ${d}`,
    py: "lambda x0: F.rrelu_(x0 * 1, 0.1, 0.3, True)",
    fn: (x) => F.rrelu_(copy(x), 0.1, 0.3, true),
    seed: 9,
    inputs: () => [r(20, [4, 4])],
  });
  add({
    id: `rrelu_ eval ${d}`,
    py: "lambda x0: F.rrelu_(x0 * 1, 0.2, 0.6)",
    fn: (x) => F.rrelu_(copy(x), { lower: 0.2, upper: 0.6 }),
    inputs: () => [r(21, [4, 4])],
  });
  add({
    id: `RReLU train ${d}`,
    py: "nn.RReLU(0.1, 0.3)",
    make: () => new nn.RReLU(0.1, 0.3),
    seed: 10,
    inputs: () => [r(22, [3, 8])],
  });
  add({
    id: `RReLU eval ${d}`,
    py: "nn.RReLU()",
    make: () => new nn.RReLU(),
    train: false,
    inputs: () => [r(23, [3, 8])],
  });
  add({
    id: `RReLU inplace train ${d}`,
    py: "nn.RReLU(inplace=True)",
    make: () => new nn.RReLU({ inplace: true }),
    call: { py: "m(x0 * 1)", ts: (m, xs) => m.forward(copy(xs[0])) },
    seed: 11,
    inputs: () => [r(24, [3, 8])],
  });
  // Threshold, Softmax2d, ChannelShuffle
  add({
    id: `Threshold ${d}`,
    py: "nn.Threshold(0.1, 20.)",
    make: () => new nn.Threshold(0.1, 20),
    inputs: () => [r(25, [3, 6])],
  });
  add({
    id: `Threshold inplace ${d}`,
    py: "nn.Threshold(-0.2, 3., True)",
    make: () => new nn.Threshold(-0.2, 3, true),
    call: { py: "m(x0 * 1)", ts: (m, xs) => m.forward(copy(xs[0])) },
    inputs: () => [r(26, [3, 6])],
  });
  add({
    id: `Softmax2d 4d ${d}`,
    py: "nn.Softmax2d()",
    make: () => new nn.Softmax2d(),
    inputs: () => [r(27, [2, 3, 4, 2])],
  });
  add({
    id: `Softmax2d 3d ${d}`,
    py: "nn.Softmax2d()",
    make: () => new nn.Softmax2d(),
    inputs: () => [r(28, [3, 4, 2])],
  });
  add({
    id: `ChannelShuffle ${d}`,
    py: "nn.ChannelShuffle(3)",
    make: () => new nn.ChannelShuffle(3),
    inputs: () => [r(29, [2, 6, 3, 2])],
  });
  add({
    id: `channel_shuffle 3d ${d}`,
    py: "lambda x0: F.channel_shuffle(x0, 2)",
    fn: (x) => F.channelShuffle(x, 2),
    inputs: () => [r(30, [2, 4, 5])],
  });
  add({
    id: `native_channel_shuffle 5d ${d}`,
    py: "lambda x0: F.native_channel_shuffle(x0, 4)",
    fn: (x) => F.nativeChannelShuffle(x, { groups: 4 }),
    inputs: () => [r(31, [1, 8, 2, 1, 3])],
    grad: [false],
  });
  // rms_norm: default eps (the dtype's), given eps, several trailing dims, weight of the other dtype
  add({
    id: `rms_norm weight ${d}`,
    py: "lambda x0, x1: F.rms_norm(x0, [5], x1)",
    fn: (x, a) => F.rmsNorm(x, [5], a),
    inputs: () => [r(32, [3, 4, 5]), r(33, [5])],
  });
  add({
    id: `rms_norm 2 dims eps ${d}`,
    py: "lambda x0, x1: F.rms_norm(x0, (4, 5), x1, 1e-3)",
    fn: (x, a) => F.rmsNorm(x, [4, 5], a, 1e-3),
    inputs: () => [r(34, [3, 4, 5]), r(35, [4, 5])],
  });
  add({
    id: `rms_norm no weight ${d}`,
    py: "lambda x0: F.rms_norm(x0, [6], eps=0.5)",
    fn: (x) => F.rmsNorm(x, [6], { eps: 0.5 }),
    inputs: () => [r(36, [2, 6])],
  });
  add({
    id: `rms_norm tiny rows ${d}`,
    py: "lambda x0: F.rms_norm(x0 * 1e-5, [4])",
    fn: (x) => F.rmsNorm(x.mul(1e-5), [4]),
    inputs: () => [r(37, [3, 4])],
  });
  add({
    id: `rms_norm mixed weight dtype ${d}`,
    py: "lambda x0, x1: F.rms_norm(x0, [4], x1)",
    fn: (x, a) => F.rmsNorm(x, [4], a),
    inputs: () => [r(38, [3, 4]), randn(39, [4], d === "float32" ? "float64" : "float32")],
  });
  add({
    id: `RMSNorm([3, 4]) ${d}`,
    py: "nn.RMSNorm([3, 4])",
    make: () => new nn.RMSNorm([3, 4]),
    initSeed: 0,
    double: d === "float64",
    inputs: () => [r(40, [2, 3, 4])],
  });
  add({
    id: `RMSNorm no affine ${d}`,
    py: `nn.RMSNorm(4, eps=1e-5, elementwise_affine=False, dtype=${pyDtype(d)})`,
    make: () => new nn.RMSNorm(4, { eps: 1e-5, elementwiseAffine: false, dtype: d }),
    inputs: () => [r(41, [5, 4])],
  });
  // gumbel_softmax: PyTorch's noise for the seed, soft and hard (straight-through gradient), another dim
  add({
    id: `gumbel_softmax ${d}`,
    py: "lambda x0: F.gumbel_softmax(x0, tau=0.5)",
    fn: (x) => F.gumbelSoftmax(x, { tau: 0.5 }),
    seed: 12,
    inputs: () => [r(42, [4, 6])],
  });
  add({
    id: `gumbel_softmax hard ${d}`,
    py: "lambda x0: F.gumbel_softmax(x0, 2.0, True)",
    fn: (x) => F.gumbelSoftmax(x, 2, true),
    seed: 13,
    inputs: () => [r(43, [4, 6])],
  });
  add({
    id: `gumbel_softmax hard dim 0 ${d}`,
    py: "lambda x0: F.gumbel_softmax(x0, hard=True, dim=0)",
    fn: (x) => F.gumbelSoftmax(x, { hard: true, dim: 0 }),
    seed: 14,
    inputs: () => [r(44, [5, 3, 2])],
  });
  // the in-place activations on a tensor with history (their gradients through the overwritten input)
  const inplace: [string, (x: T) => T][] = [
    ["F.relu_(x0 * 1)", (x) => F.relu_(copy(x))],
    ["F.elu_(x0 * 1, 0.7)", (x) => F.elu_(copy(x), 0.7)],
    ["F.elu(x0 * 1, 1.3, True)", (x) => F.elu(copy(x), 1.3, true)],
    ["F.celu_(x0 * 1, 2.)", (x) => F.celu_(copy(x), 2)],
    ["F.celu(x0 * 1, 0.5, inplace=True)", (x) => F.celu(copy(x), 0.5, { inplace: true })],
    ["F.selu_(x0 * 1)", (x) => F.selu_(copy(x))],
    ["F.selu(x0 * 1, True)", (x) => F.selu(copy(x), true)],
    ["F.leaky_relu_(x0 * 1, 0.2)", (x) => F.leakyRelu_(copy(x), 0.2)],
    ["F.leaky_relu(x0 * 1, 0.05, True)", (x) => F.leakyRelu(copy(x), 0.05, true)],
    ["F.leaky_relu(x0 * 1, -0.3)", (x) => F.leakyRelu(copy(x), -0.3)],
    ["F.hardtanh_(x0 * 1, -0.5, 0.7)", (x) => F.hardtanh_(copy(x), -0.5, 0.7)],
    ["F.hardtanh_(x0 * 1, 0.5, -0.5)", (x) => F.hardtanh_(copy(x), 0.5, -0.5)],
    ["F.hardtanh(x0 * 1, -0.5, 0.7, True)", (x) => F.hardtanh(copy(x), -0.5, 0.7, true)],
    ["F.threshold_(x0 * 1, 0.1, 2.)", (x) => F.threshold_(copy(x), 0.1, 2)],
    ["F.threshold(x0 * 1, -0.1, 5., True)", (x) => F.threshold(copy(x), -0.1, 5, true)],
    // on a view of a tensor with history (PyTorch's CopySlices)
    ["(lambda b: (F.elu_(b[:, 1:]), b)[1])(x0 * 1)", (x) => [copy(x)].map((b) => (F.elu_(b.get(":, 1:")), b))[0]],
  ];
  for (const [py, f] of inplace) {
    add({ id: `${py} ${d}`, py: `lambda x0: ${py}`, fn: f, inputs: () => [r(45, [4, 5])] });
  }
  add({
    id: `ELU(inplace=True) ${d}`,
    py: "nn.ELU(inplace=True)",
    make: () => new nn.ELU({ inplace: true }),
    call: { py: "m(x0 * 1)", ts: (m, xs) => m.forward(copy(xs[0])) },
    inputs: () => [r(46, [3, 5])],
  });
}

Deno.test("the new activations, norms and in-place activations: values and gradients", async () => {
  report("activation_more", await runParity(cases));
});

// ---------- PyTorch's errors, edge values, exact draws, reprs ----------

const f32 = (v: number[] | number[][]) => torch.tensor(v, { dtype: "float32" });
const f64 = (v: number[] | number[][]) => torch.tensor(v, { dtype: "float64" });
const long = (v: number[]) => torch.tensor(v, { dtype: "int64" });
const scalar = (v: number) => torch.tensor(v, { dtype: "float32" });
const leafF = () => torch.tensor([1, -2], { dtype: "float32" }).requiresGrad_();
const seeded = <R>(seed: number, f: () => R) => {
  torch.manualSeed(seed);
  return f();
};
const SPECIAL = [NaN, -Infinity, Infinity, -0, 0, -1.5, 2];
const special = () => torch.tensor(SPECIAL, { dtype: "float32" });
const PY_SPECIAL = "torch.tensor([float('nan'), -float('inf'), float('inf'), -0.0, 0.0, -1.5, 2.0])";
const stateShapes = (m: nn.Module) =>
  Object.entries(m.stateDict()).map(([k, v]) => `${k}: [${v.shape.join(", ")}]`).join(", ");

const CASES: [py: string, ours: () => unknown][] = [
  // prelu
  [
    "F.prelu(torch.zeros(2, 3, 4), torch.ones(3, dtype=torch.float64))",
    () => F.prelu(torch.zeros(2, 3, 4), f64([1, 1, 1])),
  ],
  ["F.prelu(torch.zeros(2, 3, 4), torch.ones(2))", () => F.prelu(torch.zeros(2, 3, 4), torch.ones(2))],
  ["F.prelu(torch.zeros(2, 3, 4), torch.ones(3, 1))", () => F.prelu(torch.zeros(2, 3, 4), torch.ones(3, 1))],
  ["F.prelu(torch.zeros(2, 3, 4), torch.ones(1, 1))", () => F.prelu(torch.zeros(2, 3, 4), torch.ones(1, 1))],
  ["F.prelu(torch.tensor(-2.), torch.ones(3))", () => F.prelu(scalar(-2), torch.ones(3))],
  ["F.prelu(torch.tensor(-2.), torch.tensor([0.25]))", () => F.prelu(scalar(-2), f32([0.25]))],
  ["F.prelu(torch.tensor([-2., 1.]), torch.ones(2))", () => F.prelu(f32([-2, 1]), torch.ones(2))],
  ["F.prelu(torch.tensor([1, -2]), torch.tensor([2]))", () => F.prelu(long([1, -2]), long([2]))],
  ["F.prelu(torch.zeros(2, 0, 3), torch.ones(0))", () => F.prelu(torch.zeros(2, 0, 3), torch.ones(0))],
  ["F.prelu(torch.zeros(0, 3), torch.ones(3))", () => F.prelu(torch.zeros(0, 3), torch.ones(3))],
  [`F.prelu(${PY_SPECIAL}, torch.tensor([0.5]))`, () => F.prelu(special(), f32([0.5]))],
  ["F.prelu(torch.zeros(2, 3), 0.25)", () => F.prelu(torch.zeros(2, 3), 0.25 as unknown as T)],
  // its gradients where x is 0 or -0 (the weight side, as PyTorch's x > 0 test)
  [
    "vg(lambda x: F.prelu(x, d([0.3])), [-1., -0., 0., 2.])",
    () => vg((x) => F.prelu(x, f64([0.3])), [-1, -0, 0, 2]),
  ],
  [
    "(lambda w: (F.prelu(d([[-1., 2.], [0., -3.]]), w).sum().backward(), w.grad)[1])(d([0.5, 0.2]).requires_grad_())",
    () => {
      const w = f64([0.5, 0.2]).requiresGrad_();
      F.prelu(f64([[-1, 2], [0, -3]]), w).sum().backward();
      return w.grad;
    },
  ],
  // rrelu: the exact draws of a seed, PyTorch's bound checks and conversions, special values
  [
    "(torch.manual_seed(3), F.rrelu(torch.linspace(-2, 1, 16), training=True))[1]",
    () => seeded(3, () => F.rrelu(torch.linspace(-2, 1, 16), { training: true })),
  ],
  [
    "(torch.manual_seed(4), F.rrelu(torch.linspace(-2, 1, 16, dtype=torch.float64), 0.01, 0.99, True))[1]",
    () => seeded(4, () => F.rrelu(torch.linspace(-2, 1, 16, { dtype: "float64" }), 0.01, 0.99, true)),
  ],
  // the generator moves by one draw per element <= 0 only
  [
    "(torch.manual_seed(5), F.rrelu(torch.tensor([1., -1., 2., -0., 0.]), training=True), torch.rand(2))[1:]",
    () => seeded(5, () => [F.rrelu(f32([1, -1, 2, -0, 0]), { training: true }), torch.rand(2)]),
  ],
  [
    `(torch.manual_seed(6), F.rrelu(${PY_SPECIAL}, training=True))[1]`,
    () => seeded(6, () => F.rrelu(special(), { training: true })),
  ],
  [`F.rrelu(${PY_SPECIAL})`, () => F.rrelu(special())],
  ["F.rrelu(torch.tensor([-1.]), 0.2, 0.2, True)", () => F.rrelu(f32([-1]), 0.2, 0.2, true)],
  ["F.rrelu(torch.zeros(0), training=True)", () => F.rrelu(torch.zeros(0), { training: true })],
  ["F.rrelu(torch.tensor([-1.]), float('nan'), 1., True)", () => F.rrelu(f32([-1]), NaN, 1, true)],
  ["F.rrelu(torch.tensor([-1.]), 0., float('inf'))", () => F.rrelu(f32([-1]), 0, Infinity)],
  ["F.rrelu(torch.tensor([-1.]), 0.5, 0.1, True)", () => F.rrelu(f32([-1]), 0.5, 0.1, true)],
  ["F.rrelu(torch.tensor([-1.]), 0.5, 0.1)", () => F.rrelu(f32([-1]), 0.5, 0.1)],
  ["F.rrelu(torch.tensor([1, -2]), training=True)", () => F.rrelu(long([1, -2]), { training: true })],
  ["F.rrelu(torch.tensor([1, -2]))", () => F.rrelu(long([1, -2]))],
  ["F.rrelu_(torch.tensor([1, -2]))", () => F.rrelu_(long([1, -2]))],
  ["F.rrelu(torch.tensor([-1.]), -1e39, 0., True)", () => F.rrelu(f32([-1]), -1e39, 0, true)],
  ["F.rrelu(torch.tensor([-1.]), 1e38, 3e38)", () => F.rrelu(f32([-1]), 1e38, 3e38)],
  [
    "F.rrelu(torch.tensor([-1.], dtype=torch.float64), -1e308, 1e308, True)",
    () => F.rrelu(f64([-1]), -1e308, 1e308, true),
  ],
  // in-place: a leaf that requires grad is PyTorch's error; a negative slope's in-place backward is PyTorch's error
  ["F.relu_(torch.tensor([1., -2.], requires_grad=True))", () => F.relu_(leafF())],
  ["F.elu_(torch.tensor([1., -2.], requires_grad=True))", () => F.elu_(leafF())],
  ["F.celu_(torch.tensor([1., -2.], requires_grad=True))", () => F.celu_(leafF())],
  ["F.selu_(torch.tensor([1., -2.], requires_grad=True))", () => F.selu_(leafF())],
  ["F.leaky_relu_(torch.tensor([1., -2.], requires_grad=True))", () => F.leakyRelu_(leafF())],
  ["F.hardtanh_(torch.tensor([1., -2.], requires_grad=True))", () => F.hardtanh_(leafF())],
  ["F.threshold_(torch.tensor([1., -2.], requires_grad=True), 0., 1.)", () => F.threshold_(leafF(), 0, 1)],
  ["F.rrelu_(torch.tensor([1., -2.], requires_grad=True))", () => F.rrelu_(leafF())],
  ["F.elu(torch.tensor([1., -2.], requires_grad=True), inplace=True)", () => F.elu(leafF(), { inplace: true })],
  [
    "F.leaky_relu_(torch.tensor([1., -2.], requires_grad=True)[:1])",
    () => F.leakyRelu_(leafF().get(":1")),
  ],
  ["vg(lambda x: F.elu_(x * 1, -1.), [0.5, -1.])", () => vg((x) => F.elu_(copy(x), -1), [0.5, -1])],
  ["vg(lambda x: F.celu_(x * 1, -1.), [0.5, -1.])", () => vg((x) => F.celu_(copy(x), -1), [0.5, -1])],
  ["vg(lambda x: F.leaky_relu_(x * 1, -0.1), [0.5, -1.])", () => vg((x) => F.leakyRelu_(copy(x), -0.1), [0.5, -1])],
  ["vg(lambda x: F.rrelu_(x * 1, -0.3, -0.1), [0.5, -1.])", () => vg((x) => F.rrelu_(copy(x), -0.3, -0.1), [0.5, -1])],
  ["vg(lambda x: F.elu(x, -1.), [0.5, -1.])", () => vg((x) => F.elu(x, -1), [0.5, -1])],
  ["vg(lambda x: F.rrelu(x, -0.5, -0.1), [0.5, -1.])", () => vg((x) => F.rrelu(x, -0.5, -0.1), [0.5, -1])],
  // the forward of a negative slope in place works (no gradient asked)
  ["F.leaky_relu_(torch.tensor([1., -2.]), -0.5)", () => F.leakyRelu_(f32([1, -2]), -0.5)],
  ["vg(lambda x: F.elu_(x * 1, 0.), [0.5, -1.])", () => vg((x) => F.elu_(copy(x), 0), [0.5, -1])],
  ["vg(lambda x: F.hardtanh_(x * 1, 0.5, 0.5), [0.5, 1.])", () => vg((x) => F.hardtanh_(copy(x), 0.5, 0.5), [0.5, 1])],
  // dtypes: integer tensors where PyTorch has the kernel, its errors where not
  ["F.relu_(torch.tensor([1, -2]))", () => F.relu_(long([1, -2]))],
  ["F.threshold_(torch.tensor([1, -2]), 0, 5)", () => F.threshold_(long([1, -2]), 0, 5)],
  ["F.hardtanh_(torch.tensor([1, -2]), -1, 1)", () => F.hardtanh_(long([1, -2]), -1, 1)],
  ["F.hardtanh_(torch.tensor([True, False]))", () => F.hardtanh_(torch.tensor([true, false]))],
  [
    "F.hardtanh_(torch.tensor([1, 2], dtype=torch.uint8), -1, 1)",
    () => F.hardtanh_(torch.tensor([1, 2], { dtype: "uint8" }), -1, 1),
  ],
  ["F.hardtanh_(torch.tensor([1., -2.]), 1, -1)", () => F.hardtanh_(f32([1, -2]), 1, -1)],
  ["F.hardtanh_(torch.tensor([1., -2.]), float('nan'), 1)", () => F.hardtanh_(f32([1, -2]), NaN, 1)],
  ["F.hardtanh(torch.tensor([1., -2.]), 1, -1, True)", () => F.hardtanh(f32([1, -2]), 1, -1, true)],
  ["F.elu_(torch.tensor([1, -2]))", () => F.elu_(long([1, -2]))],
  ["F.celu_(torch.tensor([1, -2]))", () => F.celu_(long([1, -2]))],
  ["F.selu_(torch.tensor([1, -2]))", () => F.selu_(long([1, -2]))],
  ["F.leaky_relu_(torch.tensor([1, -2]))", () => F.leakyRelu_(long([1, -2]))],
  ["F.celu_(torch.tensor([1., -2.]), 0.)", () => F.celu_(f32([1, -2]), 0)],
  // the in-place functions return their input, written
  [
    "(lambda x: (F.elu_(x, 2.) is x, x))(torch.tensor([-1., 3.]))",
    () => [f32([-1, 3])].map((x) => [F.elu_(x, 2) === x, x])[0],
  ],
  [
    "(lambda x: (F.rrelu(x, 0.1, 0.3, False, True) is x, x))(torch.tensor([-1., 3.]))",
    () => [f32([-1, 3])].map((x) => [F.rrelu(x, 0.1, 0.3, false, true) === x, x])[0],
  ],
  [
    "(lambda x: (F.threshold_(x[::2], 0., 9.), x))(torch.tensor([-1., 3., -4., 5.]))[1]",
    () => [f32([-1, 3, -4, 5])].map((x) => (F.threshold_(x.get("::2"), 0, 9), x))[0],
  ],
  // channel_shuffle
  [
    "F.channel_shuffle(torch.arange(8.).reshape(1, 4, 2), 2)",
    () => F.channelShuffle(torch.arange(8, { dtype: "float32" }).reshape(1, 4, 2), 2),
  ],
  [
    "F.channel_shuffle(torch.arange(8).reshape(1, 4, 2), 4)",
    () => F.channelShuffle(torch.arange(8).reshape(1, 4, 2), 4),
  ],
  [
    "F.channel_shuffle(torch.arange(8).reshape(1, 4, 2) > 3, 2)",
    () => F.channelShuffle(torch.arange(8).reshape(1, 4, 2).gt(3), 2),
  ],
  ["F.channel_shuffle(torch.zeros(0, 4, 2), 2)", () => F.channelShuffle(torch.zeros(0, 4, 2), 2)],
  ["F.channel_shuffle(torch.zeros(2, 4), 2)", () => F.channelShuffle(torch.zeros(2, 4), 2)],
  ["F.channel_shuffle(torch.zeros(8), 2)", () => F.channelShuffle(torch.zeros(8), 2)],
  ["F.channel_shuffle(torch.zeros(1, 4, 2), 0)", () => F.channelShuffle(torch.zeros(1, 4, 2), 0)],
  ["F.channel_shuffle(torch.zeros(1, 4, 2), -1)", () => F.channelShuffle(torch.zeros(1, 4, 2), -1)],
  ["F.channel_shuffle(torch.zeros(1, 4, 2), 3)", () => F.channelShuffle(torch.zeros(1, 4, 2), 3)],
  ["F.native_channel_shuffle(torch.zeros(1, 4, 2), 3)", () => F.nativeChannelShuffle(torch.zeros(1, 4, 2), 3)],
  ["F.native_channel_shuffle(torch.zeros(4, 2), 2)", () => F.nativeChannelShuffle(torch.zeros(4, 2), 2)],
  // native_channel_shuffle has no derivative in PyTorch: its backward is the error, its forward works
  [
    "(lambda x: F.native_channel_shuffle(x, 2).sum().backward())(torch.zeros(1, 4, 2, requires_grad=True))",
    () => F.nativeChannelShuffle(torch.zeros(1, 4, 2).requiresGrad_(), 2).sum().backward(),
  ],
  [
    "F.native_channel_shuffle(torch.arange(8.).reshape(1, 4, 2).requires_grad_(), 2).detach()",
    () => F.nativeChannelShuffle(torch.arange(8, { dtype: "float32" }).reshape(1, 4, 2).requiresGrad_(), 2).detach(),
  ],
  // rms_norm
  ["F.rms_norm(torch.zeros(2, 3, 4), [3])", () => F.rmsNorm(torch.zeros(2, 3, 4), [3])],
  ["F.rms_norm(torch.zeros(2, 3, 4), [3, 5])", () => F.rmsNorm(torch.zeros(2, 3, 4), [3, 5])],
  ["F.rms_norm(torch.zeros(2, 3, 4), [4], torch.ones(3))", () => F.rmsNorm(torch.zeros(2, 3, 4), [4], torch.ones(3))],
  ["F.rms_norm(torch.zeros(2, 3, 4), [])", () => F.rmsNorm(torch.zeros(2, 3, 4), [])],
  ["F.rms_norm(torch.zeros(2, 3, 4), [2, 3, 4, 5])", () => F.rmsNorm(torch.zeros(2, 3, 4), [2, 3, 4, 5])],
  [
    "F.rms_norm(torch.zeros(2, 3, 4), [2, 3, 4, 5], torch.ones(3))",
    () => F.rmsNorm(torch.zeros(2, 3, 4), [2, 3, 4, 5], torch.ones(3)),
  ],
  ["F.rms_norm(torch.tensor(1.), [1])", () => F.rmsNorm(scalar(1), [1])],
  ["F.rms_norm(torch.tensor([[1, 2]]), [2])", () => F.rmsNorm(long([1, 2]).reshape(1, 2), [2])],
  ["F.rms_norm(torch.tensor([[1, 2]]), [3])", () => F.rmsNorm(long([1, 2]).reshape(1, 2), [3])],
  ["F.rms_norm(torch.zeros(2, 2), [2])", () => F.rmsNorm(torch.zeros(2, 2), [2])],
  ["F.rms_norm(torch.zeros(2, 2), [2], eps=0.)", () => F.rmsNorm(torch.zeros(2, 2), [2], { eps: 0 })],
  ["F.rms_norm(torch.zeros(2, 0), [0])", () => F.rmsNorm(torch.zeros(2, 0), [0])],
  [
    "F.rms_norm(torch.tensor([[3., 4.]]), [2], torch.tensor([1, 2]))",
    () => F.rmsNorm(f32([[3, 4]]), [2], long([1, 2])),
  ],
  [
    "F.rms_norm(torch.tensor([[3., 4.]], dtype=torch.float64), [2], torch.tensor([1., 2.]))",
    () => F.rmsNorm(f64([[3, 4]]), [2], f32([1, 2])),
  ],
  // gumbel_softmax
  [
    "(torch.manual_seed(7), F.gumbel_softmax(torch.zeros(3, 5)))[1]",
    () => seeded(7, () => F.gumbelSoftmax(torch.zeros(3, 5))),
  ],
  [
    "(torch.manual_seed(8), F.gumbel_softmax(torch.zeros(3, 5).t(), hard=True))[1]",
    () => seeded(8, () => F.gumbelSoftmax(torch.zeros(3, 5).t(), { hard: true })),
  ],
  ["F.gumbel_softmax(torch.zeros(3, dtype=torch.long))", () => F.gumbelSoftmax(torch.zeros(3, { dtype: "int64" }))],
  ["F.gumbel_softmax(torch.zeros(3) > 1)", () => F.gumbelSoftmax(torch.zeros(3).gt(1))],
  ["F.gumbel_softmax(torch.zeros(3), tau=0)", () => F.gumbelSoftmax(torch.zeros(3), { tau: 0 })],
  ["F.gumbel_softmax(torch.tensor(1.))", () => F.gumbelSoftmax(scalar(1))],
  ["F.gumbel_softmax(torch.tensor(1.), hard=True)", () => F.gumbelSoftmax(scalar(1), { hard: true })],
  ["F.gumbel_softmax(torch.zeros(2, 3), dim=2)", () => F.gumbelSoftmax(torch.zeros(2, 3), { dim: 2 })],
  ["F.gumbel_softmax(torch.zeros(0, 3), hard=True)", () => F.gumbelSoftmax(torch.zeros(0, 3), { hard: true })],
  // the modules: Softmax2d's rank check, reprs, state dicts, options
  ["nn.Softmax2d()(torch.zeros(2, 3))", () => new nn.Softmax2d().forward(torch.zeros(2, 3))],
  ["nn.Softmax2d()(torch.zeros(1, 2, 3, 1, 1))", () => new nn.Softmax2d().forward(torch.zeros(1, 2, 3, 1, 1))],
  [
    "[str(m) for m in (nn.PReLU(), nn.PReLU(3, 0.1), nn.RReLU(), nn.RReLU(0.1, 0.3, True), nn.RReLU(0, 1), " +
    "nn.Threshold(0.1, 20), nn.Threshold(1e-5, -2.5, True), nn.Softmax2d(), nn.ChannelShuffle(2), nn.RMSNorm(4), " +
    "nn.RMSNorm([3, 4], eps=1e-5, elementwise_affine=False), nn.RMSNorm((4,), 0.5))]",
    () =>
      [
        new nn.PReLU(),
        new nn.PReLU(3, 0.1),
        new nn.RReLU(),
        new nn.RReLU(0.1, 0.3, true),
        new nn.RReLU(0, 1),
        new nn.Threshold(0.1, 20),
        new nn.Threshold(1e-5, -2.5, true),
        new nn.Softmax2d(),
        new nn.ChannelShuffle(2),
        new nn.RMSNorm(4),
        new nn.RMSNorm([3, 4], { eps: 1e-5, elementwiseAffine: false }),
        new nn.RMSNorm([4], 0.5),
      ].map(String),
  ],
  [
    "str(nn.Sequential(nn.PReLU(2), nn.RMSNorm(2)))",
    () => String(new nn.Sequential(new nn.PReLU(2), new nn.RMSNorm(2))),
  ],
  [
    "[', '.join(f'{k}: [{\", \".join(map(str, v.shape))}]' for k, v in m.state_dict().items()) for m in " +
    "(nn.PReLU(), nn.PReLU(3), nn.RMSNorm([3, 4]), nn.RMSNorm(4, elementwise_affine=False), nn.RReLU())]",
    () =>
      [
        new nn.PReLU(),
        new nn.PReLU(3),
        new nn.RMSNorm([3, 4]),
        new nn.RMSNorm(4, { elementwiseAffine: false }),
        new nn.RReLU(),
      ].map(stateShapes),
  ],
  ["nn.PReLU(3, 0.1).weight", () => new nn.PReLU(3, 0.1).weight],
  ["nn.PReLU(2, dtype=torch.float64).weight", () => new nn.PReLU(2, { dtype: "float64" }).weight],
  ["nn.RMSNorm(3, dtype=torch.float64).weight", () => new nn.RMSNorm(3, { dtype: "float64" }).weight],
  ["nn.RMSNorm(4, bias=False)", () => new nn.RMSNorm(4, { bias: false } as never)],
  ["nn.Softmax2d(3)", () => new (nn.Softmax2d as unknown as new (d: number) => nn.Module)(3)],
];
const results = await numpy(
  CASES.map(([py]) => ({ torch: true, setup: `${VG_SETUP}\nimport torch.nn as nn`, expr: py })),
);

Deno.test("PyTorch's errors, edge values, exact seeded draws, reprs and state dicts", () => {
  // (our binder words its TypeErrors its own way; the draws must be PyTorch's to float32 rounding)
  assert.deepEqual(caseFailures(CASES, results, { anyMessage: ["TypeError"], tol: { rtol: 1e-6, atol: 1e-7 } }), []);
});

Deno.test("every call form binds the same way; unknown options are named", () => {
  const x = f32([[-1, 2, -3], [4, -5, 6]]), w = f32([0.1, 0.2, 0.3]);
  const same = (a: T, b: T) => assert.deepEqual(a.tolist(), b.tolist());
  same(F.prelu(x, w), F.prelu(x, { weight: w }));
  same(F.prelu(x, w), F.prelu({ input: x, weight: w }));
  same(F.rrelu(x, 0.2, 0.4), F.rrelu(x, { lower: 0.2, upper: 0.4 }));
  same(F.rrelu(x, 0.2, 0.4, false), F.rrelu(x, 0.2, { upper: 0.4, training: false }));
  same(
    seeded(1, () => F.rrelu(x, 0.2, 0.4, true)),
    seeded(1, () => F.rrelu(x, { training: true, lower: 0.2, upper: 0.4 })),
  );
  same(seeded(2, () => F.rrelu_(x.clone(), 0.2, 0.4, true)), seeded(2, () => F.rrelu(x.clone(), 0.2, 0.4, true, true)));
  same(F.channelShuffle(x.reshape(1, 6, 1), 3), F.channelShuffle(x.reshape(1, 6, 1), { groups: 3 }));
  same(F.rmsNorm(x, [3], w, 0.1), F.rmsNorm(x, [3], { eps: 0.1, weight: w }));
  same(F.rmsNorm(x, 3), F.rmsNorm(x, { normalizedShape: [3] }));
  same(seeded(3, () => F.gumbelSoftmax(x, 0.5, true)), seeded(3, () => F.gumbelSoftmax(x, { hard: true, tau: 0.5 })));
  same(
    seeded(3, () => F.gumbelSoftmax(x, 1, false, 1e-10, 0)),
    seeded(3, () => F.gumbelSoftmax({ logits: x, dim: 0 })),
  );
  same(F.elu_(x.clone(), 0.5), F.elu(x, { alpha: 0.5 }));
  same(F.leakyRelu_(x.clone(), { negativeSlope: 0.3 }), F.leakyRelu(x, 0.3));
  same(F.hardtanh_(x.clone(), { maxVal: 3 }), F.hardtanh(x, -1, 3));
  same(F.threshold_(x.clone(), { threshold: 0, value: 7 }), F.threshold(x, 0, 7));
  same(F.celu_(x.clone(), { alpha: 2 }), F.celu(x, 2));
  same(F.selu_(x.clone()), F.selu(x));
  same(F.relu_(x.clone()), F.relu(x));
  for (
    const [f, name] of [
      [() => F.prelu(x, w, { slope: 1 } as never), "slope"],
      [() => F.rrelu(x, { seed: 1 } as never), "seed"],
      [() => F.rrelu_(x, { inplace: true } as never), "inplace"],
      [() => F.rmsNorm(x, [3], { bias: null } as never), "bias"],
      [() => F.gumbelSoftmax(x, { temperature: 1 } as never), "temperature"],
      [() => F.elu_(x, { inplace: true } as never), "inplace"],
      [() => new nn.PReLU({ num: 2 } as never), "num"],
      [() => new nn.RReLU({ training: true } as never), "training"],
      [() => new nn.Threshold(0.1, { val: 2 } as never), "val"],
      [() => new nn.ChannelShuffle({ group: 2 } as never), "group"],
      [() => new nn.RMSNorm(4, { bias: true } as never), "bias"],
    ] as const
  ) {
    assert.throws(f, (e: Error) => e instanceof TypeError && e.message.includes(name), name);
  }
  // the modules take PyTorch's positional and keyword forms
  same(new nn.PReLU(3, 0.1).weight, new nn.PReLU({ numParameters: 3, init: 0.1 }).weight);
  same(
    new nn.RMSNorm([3], 0.1, false).forward(x),
    new nn.RMSNorm(3, { eps: 0.1, elementwiseAffine: false }).forward(x),
  );
  same(new nn.Threshold(0, 7).forward(x), new nn.Threshold({ threshold: 0, value: 7 }).forward(x));
  const rr = new nn.RReLU({ upper: 0.5 });
  assert.deepEqual([rr.lower, rr.upper, rr.inplace], [1 / 8, 0.5, false]);
  assert.equal((new nn.ChannelShuffle(4) as unknown as { groups: number }).groups, 4); // (oneOptModule's attribute)
  const rms = new nn.RMSNorm(4);
  assert.deepEqual([rms.normalizedShape, rms.eps, rms.elementwiseAffine], [[4], null, true]);
});

Deno.test("RReLU draws only in training; the in-place module writes its input", () => {
  const x = f32([-1, -2, 3]);
  const m = new nn.RReLU(0.1, 0.3);
  const fresh = seeded(9, () => torch.rand(1).item());
  const trained = seeded(9, () => [m.forward(x).tolist(), torch.rand(1).item()]);
  const evaluated = seeded(9, () => [m.eval().forward(x).tolist(), torch.rand(1).item()]);
  assert.notEqual(trained[1], fresh); // training drew two slopes
  assert.equal(evaluated[1], fresh); // evaluation draws nothing
  assert.deepEqual(evaluated[0], [-0.2, -0.4, 3].map(Math.fround));
  const y = f32([-1, 2]);
  assert.equal(new nn.RReLU(0.1, 0.3, true).eval().forward(y), y);
  assert.equal(new nn.Threshold(0, 5, true).forward(y), y);
  assert.deepEqual(y.tolist(), [5, 2].map(Math.fround));
  // an in-place call PyTorch refuses (a leaf that requires grad) draws nothing: its check comes before the kernel
  const refused = seeded(1, () => {
    assert.throws(() => F.rrelu_(f32([-1, -2]).requiresGrad_(), { training: true }), /leaf Variable/);
    return torch.rand(1).item();
  });
  assert.equal(refused, seeded(1, () => torch.rand(1).item()));
});
