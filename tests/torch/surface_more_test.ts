/**
 * torch's in-place function forms, view copies, unsafe splits, angle,
 * nonzero_static, frobenius/nuclear norms against PyTorch (values and
 * gradients, float32 and float64), and the constants, predicates, settings
 * and Tensor methods (facts checked with PyTorch 2.13).
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import { type ParityCase, randn, report, runParity } from "../nn/harness.ts";
import { INPLACE_FUNCTION_NAMES } from "../../src/torch/inplace_functions.ts";

type T = torch.Tensor;
const cases: ParityCase[] = [];
const fn = (id: string, py: string, f: (...xs: T[]) => unknown, inputs: () => T[], extra: Partial<ParityCase> = {}) =>
  cases.push({ id, py, fn: f, inputs, ...extra });

for (const dt of ["float32", "float64"] as const) {
  const r = (seed: number, shape: number[]) => randn(seed, shape, dt);
  const pos = (seed: number, shape: number[]) => randn(seed, shape, dt).sigmoid().mul(0.8).add(0.1);
  // in-place functions: torch.X_(t, ...) on a non-leaf copy, gradients through it
  for (
    const [name, ts, make] of [
      ["abs_", (x: T) => torch.abs_(x), r],
      ["sqrt_", (x: T) => torch.sqrt_(x), pos],
      ["arcsin_", (x: T) => torch.arcsin_(x), pos],
      ["square_", (x: T) => torch.square_(x), r],
      ["negative_", (x: T) => torch.negative_(x), r],
      ["fix_", (x: T) => torch.fix_(x), r],
      ["sigmoid_", (x: T) => torch.sigmoid_(x), r],
      ["zero_", (x: T) => torch.zero_(x), r],
    ] as const
  ) {
    fn(`torch.${name} ${dt}`, `lambda x: torch.${name}(x * 1)`, (x) => ts(x.mul(1)), () => [make(1, [3, 4])]);
  }
  fn(`torch.logit_ ${dt}`, "lambda x: torch.logit_(x * 1)", (x) => torch.logit_(x.mul(1)), () => [pos(41, [5])], {
    grad: [false],
  });
  fn(
    `torch.clamp_ ${dt}`,
    "lambda x: torch.clamp_(x * 1, -0.5, max=0.5)",
    (x) => torch.clamp_(x.mul(1), -0.5, { max: 0.5 }),
    () => [r(2, [8])],
  );
  fn(`torch.clip_ ${dt}`, "lambda x: torch.clip_(x * 1, -0.2)", (x) => torch.clip_(x.mul(1), -0.2), () => [r(3, [8])]);
  // values only: dendrite's Tensor.xlogy_ / logit_ record a node that needs the overwritten input (a version error
  // on backward that PyTorch does not raise)
  fn(
    `torch.xlogy_ ${dt}`,
    "lambda x, y: torch.xlogy_(x * 1, y)",
    (x, y) => torch.xlogy_(x.mul(1), y),
    () => [r(4, [6]), pos(5, [6])],
    { grad: [false, false] },
  );
  fn(
    `torch.nan_to_num_ ${dt}`,
    "lambda x: torch.nan_to_num_(x.log(), posinf=5.0)",
    (x) => torch.nanToNum_(x.log(), { posinf: 5 }),
    () => [r(6, [8])],
  );
  fn(
    `torch.index_put_ ${dt}`,
    "lambda x, v: torch.index_put_(x * 1, (torch.tensor([0, 2]),), v, True)",
    (x, v) => torch.indexPut_(x.mul(1), [torch.tensor([0, 2])], v, true),
    () => [r(7, [4, 3]), r(8, [2, 3])],
  );
  fn(`torch.fill ${dt}`, "lambda x: torch.fill(x, 2.5)", (x) => torch.fill(x, 2.5), () => [r(9, [3])]);
  fn(`torch.fill_ ${dt}`, "lambda x: torch.fill_(x * 1, -1)", (x) => torch.fill_(x.mul(1), -1), () => [r(10, [3])]);
  // view copies: C-order results, gradients through the view
  fn(`alias_copy ${dt}`, "lambda x: torch.alias_copy(x.t())", (x) => torch.aliasCopy(x.t()), () => [r(11, [3, 4])]);
  fn(`detach_copy ${dt}`, "lambda x: torch.detach_copy(x)", (x) => torch.detachCopy(x), () => [r(12, [3])], {
    grad: [false],
  });
  fn(
    `as_strided_copy ${dt}`,
    "lambda x: torch.as_strided_copy(x, (2, 2), (1, 3), 1)",
    (x) => torch.asStridedCopy(x, [2, 2], [1, 3], 1),
    () => [r(13, [3, 3])],
  );
  fn(
    `as_strided_scatter ${dt}`,
    "lambda x, s: torch.as_strided_scatter(x, s, (2, 2), (1, 3), 1)",
    (x, s) => torch.asStridedScatter(x, s, [2, 2], [1, 3], 1),
    () => [r(14, [3, 3]), r(15, [2, 2])],
    // PyTorch's input gradient zeroes positions that ignore the storage offset (0, 3, 6 here, not the scattered
    // 1, 2, 4, 5); ours zeroes the scattered ones: only src's gradient is compared
    { grad: [false, true] },
  );
  fn(
    `diagonal_copy ${dt}`,
    "lambda x: torch.diagonal_copy(x, 1, 1, 2)",
    (x) => torch.diagonalCopy(x, 1, 1, 2),
    () => [r(16, [2, 3, 4])],
  );
  fn(
    `expand_copy ${dt}`,
    "lambda x: torch.expand_copy(x, (2, 3, 4))",
    (x) => torch.expandCopy(x, [2, 3, 4]),
    () => [r(17, [3, 1])],
  );
  fn(
    `permute_copy ${dt}`,
    "lambda x: torch.permute_copy(x, (2, 0, 1))",
    (x) => torch.permuteCopy(x, [2, 0, 1]),
    () => [r(18, [2, 3, 4])],
  );
  fn(`select_copy ${dt}`, "lambda x: torch.select_copy(x, 1, -1)", (x) => torch.selectCopy(x, 1, -1), () => [
    r(19, [2, 3, 4]),
  ]);
  fn(
    `slice_copy ${dt}`,
    "lambda x: torch.slice_copy(x, 1, 1, 100, 2)",
    (x) => torch.sliceCopy(x, 1, 1, 100, 2),
    () => [r(20, [2, 7])],
  );
  fn(
    `slice_copy ${dt} negative`,
    "lambda x: torch.slice_copy(x, end=-1)",
    (x) => torch.sliceCopy(x, { end: -1 }),
    () => [r(21, [4, 2])],
  );
  fn(`split_copy ${dt}`, "lambda x: torch.split_copy(x, 2, 1)", (x) => torch.splitCopy(x, 2, 1), () => [r(22, [2, 5])]);
  fn(
    `split_with_sizes ${dt}`,
    "lambda x: torch.split_with_sizes(x, [1, 3], -1)",
    (x) => torch.splitWithSizes(x, [1, 3], -1),
    () => [r(23, [2, 4])],
  );
  fn(
    `split_with_sizes_copy ${dt}`,
    "lambda x: torch.split_with_sizes_copy(x, [2, 1])",
    (x) => torch.splitWithSizesCopy(x, [2, 1]),
    () => [r(24, [3, 2])],
  );
  fn(`squeeze_copy ${dt}`, "lambda x: torch.squeeze_copy(x, 1)", (x) => torch.squeezeCopy(x, 1), () => [
    r(25, [2, 1, 3]),
  ]);
  fn(`squeeze_copy ${dt} all`, "lambda x: torch.squeeze_copy(x)", (x) => torch.squeezeCopy(x), () => [
    r(26, [1, 3, 1]),
  ]);
  fn(`t_copy ${dt}`, "lambda x: torch.t_copy(x)", (x) => torch.tCopy(x), () => [r(27, [2, 3])]);
  fn(`transpose_copy ${dt}`, "lambda x: torch.transpose_copy(x, 0, 2)", (x) => torch.transposeCopy(x, 0, 2), () => [
    r(28, [2, 3, 4]),
  ]);
  fn(`unbind_copy ${dt}`, "lambda x: torch.unbind_copy(x, 1)", (x) => torch.unbindCopy(x, 1), () => [r(29, [2, 3])]);
  fn(`unfold_copy ${dt}`, "lambda x: torch.unfold_copy(x, 1, 2, 1)", (x) => torch.unfoldCopy(x, 1, 2, 1), () => [
    r(30, [2, 5]),
  ]);
  fn(`unsqueeze_copy ${dt}`, "lambda x: torch.unsqueeze_copy(x, -1)", (x) => torch.unsqueezeCopy(x, -1), () => [
    r(31, [2, 3]),
  ]);
  fn(`view_copy ${dt}`, "lambda x: torch.view_copy(x, (3, -1))", (x) => torch.viewCopy(x, [3, -1]), () => [
    r(32, [2, 3, 2]),
  ]);
  fn(`unsafe_chunk ${dt}`, "lambda x: torch.unsafe_chunk(x, 3, 1)", (x) => torch.unsafeChunk(x, 3, 1), () => [
    r(33, [2, 7]),
  ]);
  fn(`unsafe_split ${dt}`, "lambda x: torch.unsafe_split(x, 3)", (x) => torch.unsafeSplit(x, 3), () => [r(34, [7, 2])]);
  fn(
    `unsafe_split_with_sizes ${dt}`,
    "lambda x: torch.unsafe_split_with_sizes(x, [2, 5])",
    (x) => torch.unsafeSplitWithSizes(x, [2, 5]),
    () => [r(35, [7])],
  );
  fn(
    `unsafe_split ${dt} in-place on a piece`,
    "lambda x: [p.mul_(2) for p in torch.unsafe_split(x * 1, 2)]",
    (x) => torch.unsafeSplit(x.mul(1), 2).map((p) => p.mul_(2)),
    () => [r(36, [4, 3])],
  );
  fn(`angle ${dt}`, "lambda x: torch.angle(x)", (x) => torch.angle(x), () => [r(37, [10])]);
  fn(
    `frobenius_norm ${dt}`,
    "lambda x: torch.frobenius_norm(x, [0, 2], True)",
    (x) => torch.frobeniusNorm(x, [0, 2], true),
    () => [r(38, [2, 3, 4])],
  );
  fn(`nuclear_norm ${dt}`, "lambda x: torch.nuclear_norm(x)", (x) => torch.nuclearNorm(x), () => [r(39, [4, 3])]);
  fn(
    `nuclear_norm ${dt} dim`,
    "lambda x: torch.nuclear_norm(x, [0, 2], keepdim=True)",
    (x) => torch.nuclearNorm(x, [0, 2], { keepdim: true }),
    () => [r(40, [3, 2, 4])],
  );
}
fn(
  "nonzero_static",
  "lambda x: (torch.nonzero_static(x, size=5), torch.nonzero_static(x, size=1, fill_value=7))",
  (x) => [torch.nonzeroStatic(x, { size: 5 }), torch.nonzeroStatic(x, { size: 1, fillValue: 7 })],
  () => [torch.tensor([[1, 0, 2], [0, 0, 3]])],
);
fn("angle int64", "lambda x: torch.angle(x)", (x) => torch.angle(x), () => [torch.tensor([3, -2, 0])]);

Deno.test("in-place functions, view copies and misc ops match PyTorch: values and gradients", async () => {
  const rows = await runParity(cases);
  report("torch surface", rows);
});

Deno.test("in-place functions are the methods on their first argument", () => {
  for (const name of INPLACE_FUNCTION_NAMES) assert.equal(typeof torch[name], "function", name);
  const x = torch.tensor([-1.5, 2.25]);
  assert.equal(torch.abs_(x), x);
  assert.deepEqual(x.tolist(), [1.5, 2.25]);
  assert.throws(() => torch.abs_([1, 2] as never), /abs_\(\): argument 'input' \(position 1\) must be Tensor/);
  assert.throws(() => torch.clampMax_(x, { bogus: 1 } as never), /bogus/);
  const y = torch.zeros(2, 3);
  assert.equal(torch.resizeAs_(y, torch.zeros(3)), y);
  assert.deepEqual(y.shape, [3]);
  const z = torch.zeros(2, 3);
  torch.asStrided_(z, [3], [2]);
  assert.deepEqual([z.shape, z.stride()], [[3], [2]]);
  const d = torch.ones(2, { requiresGrad: true }).mul(1);
  assert.equal(torch.detach_(d), d);
  assert.equal(d.requiresGrad, false);
  assert.equal(torch.conjPhysical_(x), x);
  assert.deepEqual(torch.fill(torch.zeros(2, { dtype: "int64" }), 2.7).tolist(), [2, 2]);
  assert.deepEqual(torch.fill(torch.zeros(2), torch.tensor(3)).tolist(), [3, 3]);
});

Deno.test("constants, predicates and settings", () => {
  assert.equal(torch.e, Math.E);
  assert.equal(torch.pi, Math.PI);
  assert.equal(torch.inf, Infinity);
  assert.ok(Number.isNaN(torch.nan));
  assert.equal(torch.newaxis, null);
  assert.deepEqual(torch.zeros(3).get(torch.newaxis).shape, [1, 3]);
  const t = torch.zeros(2);
  assert.deepEqual(
    [torch.isComplex(t), torch.isConj(t), torch.isNeg(t), torch.isSigned(t), torch.isStorage(t)],
    [false, false, false, true, false],
  );
  assert.equal(torch.isSigned(torch.zeros(2, { dtype: "uint8" })), false);
  assert.deepEqual([torch.isSameSize(t, torch.zeros(3)), torch.isSameSize(t, torch.ones(2))], [false, true]);
  assert.equal(torch.isInference(t), false);
  assert.equal(torch.inferenceMode(() => torch.isInference(torch.zeros(1))), true);
  assert.throws(() => torch.isConj(3 as never), TypeError);
  // scalar_tensor: the default float dtype whatever the scalar, unless dtype is given
  assert.deepEqual([torch.scalarTensor(3).dtype, torch.scalarTensor(true).dtype], ["float32", "float32"]);
  assert.deepEqual(torch.scalarTensor(2, { dtype: "int64" }).dtype, "int64");
  assert.equal(torch.scalarTensor(2.5).ndim, 0);
  assert.throws(() => torch.scalarTensor(1, { device: "cpu" } as never), /unknown option 'device'/);
  for (const junk of [null, 3, "float32"]) assert.throws(() => torch.scalarTensor(1, junk as never), TypeError);
  assert.throws(() => (torch.scalarTensor as (...a: unknown[]) => unknown)(1, {}, 2), TypeError);
  assert.throws(() => torch.useDeterministicAlgorithms(false, null as never), TypeError);
  // the default device
  assert.equal(torch.getDefaultDevice(), "cpu");
  torch.setDefaultDevice("cpu");
  torch.setDefaultDevice(null);
  assert.throws(() => torch.setDefaultDevice("cuda"), torch.RuntimeError);
  // deterministic algorithms (PyTorch's flag combinations)
  assert.deepEqual(
    [torch.areDeterministicAlgorithmsEnabled(), torch.isDeterministicAlgorithmsWarnOnlyEnabled()],
    [false, false],
  );
  assert.equal(torch.getDeterministicDebugMode(), 0);
  torch.useDeterministicAlgorithms(true, { warnOnly: true });
  assert.deepEqual(
    [torch.areDeterministicAlgorithmsEnabled(), torch.isDeterministicAlgorithmsWarnOnlyEnabled()],
    [true, true],
  );
  assert.equal(torch.getDeterministicDebugMode(), 1);
  torch.setDeterministicDebugMode("error");
  assert.deepEqual(
    [
      torch.getDeterministicDebugMode(),
      torch.areDeterministicAlgorithmsEnabled(),
      torch.isDeterministicAlgorithmsWarnOnlyEnabled(),
    ],
    [2, true, false],
  );
  torch.setDeterministicDebugMode(0);
  assert.equal(torch.areDeterministicAlgorithmsEnabled(), false);
  assert.throws(
    () => torch.setDeterministicDebugMode("foo"),
    /invalid value of debug_mode, expected one of `default`, `warn`, `error`, but got foo/,
  );
  assert.throws(
    () => torch.setDeterministicDebugMode(3),
    /invalid value of debug_mode, expected 0, 1, or 2, but got 3/,
  );
  // matmul precision: an unknown value warns and changes nothing
  assert.equal(torch.getFloat32MatmulPrecision(), "highest");
  torch.setFloat32MatmulPrecision("high");
  assert.equal(torch.getFloat32MatmulPrecision(), "high");
  const warn = console.warn;
  let warned = "";
  console.warn = (m: string) => void (warned = m);
  try {
    torch.setFloat32MatmulPrecision("foo");
  } finally {
    console.warn = warn;
  }
  assert.match(warned, /foo is not one of 'highest', 'high', or 'medium'/);
  assert.equal(torch.getFloat32MatmulPrecision(), "high");
  torch.setFloat32MatmulPrecision("highest");
  assert.equal(torch.setFlushDenormal(true), false);
  torch.setNumInteropThreads(2);
  assert.equal(torch.getNumInteropThreads(), 2);
  assert.throws(() => torch.setNumInteropThreads(0), /Expected positive number of threads/);
  assert.deepEqual(
    [torch.typename(torch.zeros(1)), torch.typename(torch.zeros(1, { dtype: "int64" })), torch.typename(t.bool())],
    ["torch.FloatTensor", "torch.LongTensor", "torch.BoolTensor"],
  );
  assert.equal(torch.typename(torch.zeros(1, { dtype: "float64" })), "torch.DoubleTensor");
});

Deno.test("Tensor methods: predicates, angle, callbacks, splits", () => {
  const x = torch.tensor([[1.5, -2], [0, NaN]]);
  assert.deepEqual(
    [x.isConj(), x.isNeg(), x.isCpu, x.isMeta, x.isSparse, x.isQuantized, x.isNested, x.isPinned(), x.isShared()],
    [false, false, true, false, false, false, false, false, false],
  );
  assert.equal(x.resolveConj(), x);
  assert.equal(x.resolveNeg(), x);
  assert.equal(x.shareMemory_(), x);
  assert.deepEqual(torch.zeros(2, 3, 4).permute(2, 0, 1).dimOrder(), [1, 2, 0]);
  assert.deepEqual(torch.zeros(2).dimOrder(), [0]);
  if (!torch.cuda.isAvailable()) {
    assert.throws(() => x.pinMemory(), /Cannot access accelerator device when none is available/);
  }
  assert.deepEqual((x.angle().tolist() as number[][]).flat().map((v) => Number.isNaN(v) ? "nan" : v), [
    0,
    Math.fround(Math.PI),
    0,
    "nan",
  ]);
  const a = torch.tensor([1, 2, 3, 4]);
  assert.equal(a.apply_((v) => v * 10), a);
  assert.deepEqual(a.tolist(), [10, 20, 30, 40]);
  a.map_(torch.tensor([1, 2, 3, 4]), (p, q) => p + q);
  assert.deepEqual(a.tolist(), [11, 22, 33, 44]);
  a.map2_(torch.tensor([1]), torch.tensor([2, 2, 2, 2]), (p, q, s) => p - q * s);
  assert.deepEqual(a.tolist(), [9, 20, 31, 42]);
  assert.throws(() => torch.ones(2, { requiresGrad: true }).apply_((v) => v), torch.RuntimeError);
  assert.throws(() => a.apply_(3 as never), TypeError);
  const s = torch.arange(7);
  assert.deepEqual(s.splitWithSizes([3, 4]).map((p) => p.shape[0]), [3, 4]);
  assert.deepEqual(s.unsafeChunk(3).map((p) => p.shape[0]), [3, 3, 1]);
  assert.deepEqual(s.unsafeSplit(5).map((p) => p.shape[0]), [5, 2]);
  assert.deepEqual(s.unsafeSplitWithSizes([1, 6]).map((p) => p.shape[0]), [1, 6]);
  assert.deepEqual(s.nonzeroStatic({ size: 2 }).tolist(), [[1], [2]]);
  assert.throws(() => s.splitWithSizes([3, 3]), /split_with_sizes expects split_sizes to sum exactly to 7/);
  assert.throws(() => torch.frobeniusNorm(torch.ones(2, 2, 2), [0, 1, 2]), /Expected at most 2 dimensions, but got 3/);
  // x.real is x for real dtypes (writes through it reach x); x.imag is PyTorch's error
  const r = torch.tensor([1.5, -2]);
  assert.equal(r.real, r);
  r.real.add_(1);
  assert.deepEqual(r.tolist(), [2.5, -1]);
  assert.throws(() => r.imag, /imag is not implemented for tensors with non-complex dtypes/);
});
