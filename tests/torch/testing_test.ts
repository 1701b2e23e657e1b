/**
 * torch.testing against PyTorch: each assertClose case runs in dendrite and in PyTorch (one oracle process); both
 * must pass or both fail with the same error family and text. makeTensor is checked for its ranges and flags.
 */
import assert from "node:assert/strict";
import { AssertionError } from "node:assert";
import { torch } from "../../mod.ts";
import { numpy } from "../helpers/oracle.ts";

const ac = torch.testing.assertClose;
const f32 = (a: number[] | number[][] | number) => torch.tensor(a, { dtype: "float32" });
const f64 = (a: number[] | number[][] | number) => torch.tensor(a, { dtype: "float64" });
const i64 = (a: number[] | number) => torch.tensor(a, { dtype: "int64" });
const PY_SETUP =
  "from torch.testing import assert_close as ac\nT = torch.tensor\nf32 = torch.float32\nf64 = torch.float64";

/** [PyTorch call, dendrite call]. */
const CASES: [string, () => void][] = [
  ["ac(T([1., 2, 3]), T([1., 2.000001, 3]))", () => ac(f32([1, 2, 3]), f32([1, 2.000001, 3]))],
  ["ac(T([1., 2, 3]), T([1., 2.5, 3]))", () => ac(f32([1, 2, 3]), f32([1, 2.5, 3]))],
  ["ac(T([1., 2, 3], dtype=f64), T([1., 2.5, 3.5], dtype=f64))", () => ac(f64([1, 2, 3]), f64([1, 2.5, 3.5]))],
  ["ac(T([1., 2], dtype=f64), T([1., 2 + 1e-8], dtype=f64))", () => ac(f64([1, 2]), f64([1, 2 + 1e-8]))],
  ["ac(T([[1., 2], [3, 4]]), T([[1., 2], [3, 5]]))", () => ac(f32([[1, 2], [3, 4]]), f32([[1, 2], [3, 5]]))],
  ["ac(T([[1., 9], [3, 4]]), T([[1., 2], [3, 5]]))", () => ac(f32([[1, 9], [3, 4]]), f32([[1, 2], [3, 5]]))],
  ["ac(T([1., 2]), T([1., 2], dtype=f64))", () => ac(f32([1, 2]), f64([1, 2]))],
  ["ac(T([1., 2]), T([1., 2, 3]))", () => ac(f32([1, 2]), f32([1, 2, 3]))],
  ["ac(T([1, 2]), T([1, 3]))", () => ac(i64([1, 2]), i64([1, 3]))],
  ["ac(T([1, 0]), T([1, 0]))", () => ac(i64([1, 0]), i64([1, 0]))],
  ["ac(T([True, False]), T([True, True]))", () => ac(torch.tensor([true, false]), torch.tensor([true, true]))],
  ["ac(T([float('nan')]), T([float('nan')]))", () => ac(f32([NaN]), f32([NaN]))],
  ["ac(T([float('nan')]), T([float('nan')]), equal_nan=True)", () => ac(f32([NaN]), f32([NaN]), { equalNan: true })],
  ["ac(T([1., float('inf')]), T([1., 2]))", () => ac(f32([1, Infinity]), f32([1, 2]))],
  ["ac(T([1., float('inf')]), T([1., float('inf')]))", () => ac(f32([1, Infinity]), f32([1, Infinity]))],
  ["ac(T([1., 2.5]), T([1., 2]), rtol=0, atol=0.6)", () => ac(f32([1, 2.5]), f32([1, 2]), { rtol: 0, atol: 0.6 })],
  ["ac(T([1., 2.5]), T([1., 2]), rtol=0.1, atol=0)", () => ac(f32([1, 2.5]), f32([1, 2]), { rtol: 0.1, atol: 0 })],
  ["ac(T([1., 2.5]), T([1., 2]), rtol=0, atol=0)", () => ac(f32([1, 2.5]), f32([1, 2]), { rtol: 0, atol: 0 })],
  ["ac(T([1., 2]), T([1., 2]), rtol=1e-3)", () => ac(f32([1, 2]), f32([1, 2]), { rtol: 1e-3 })],
  ["ac(T([1., 2]), T([1., 2]), atol=1e-3)", () => ac(f32([1, 2]), f32([1, 2]), { atol: 1e-3 })],
  ["ac(T([1., 2]), T([1, 2]), check_dtype=False)", () => ac(f32([1, 2]), i64([1, 2]), { checkDtype: false })],
  ["ac(T([1., 2.5]), T([1, 2]), check_dtype=False)", () => ac(f32([1, 2.5]), i64([1, 2]), { checkDtype: false })],
  ["ac(T([1., 2]), T([1, 2]))", () => ac(f32([1, 2]), i64([1, 2]))],
  [
    "ac(T([[1., 2], [3, 4]]).t().contiguous(), T([[1., 2], [3, 4]]).t(), check_stride=True)",
    () => ac(f32([[1, 2], [3, 4]]).t().contiguous(), f32([[1, 2], [3, 4]]).t(), { checkStride: true }),
  ],
  [
    "ac(T([[1., 2], [3, 4]]).t().contiguous(), T([[1., 2], [3, 4]]).t())",
    () => ac(f32([[1, 2], [3, 4]]).t().contiguous(), f32([[1, 2], [3, 4]]).t()),
  ],
  ["ac(T(1.), T(2.))", () => ac(f32(1), f32(2))],
  ["ac(T(1), T(3))", () => ac(i64(1), i64(3))],
  ["ac(T([1., 2]), T([1., 3]), msg='custom')", () => ac(f32([1, 2]), f32([1, 3]), { msg: "custom" })],
  [
    "ac(T([1., 2]), T([1., 3]), msg=lambda m: 'X' + m[:6])",
    () => ac(f32([1, 2]), f32([1, 3]), { msg: (m) => "X" + m.slice(0, 6) }),
  ],
  ["ac([T([1.]), T([2.])], [T([1.]), T([3.])])", () => ac([f32([1]), f32([2])], [f32([1]), f32([3])])],
  [
    "ac([T([1.]), T([2.])], [T([1.]), T([3.])], msg='m')",
    () => ac([f32([1]), f32([2])], [f32([1]), f32([3])], { msg: "m" }),
  ],
  [
    "ac([T([1.]), T([2.])], [T([1.]), T([3.])], msg=lambda m: m[-30:])",
    () => ac([f32([1]), f32([2])], [f32([1]), f32([3])], { msg: (m) => m.slice(-30) }),
  ],
  ["ac({'a': T([1.])}, {'a': T([2.])})", () => ac({ a: f32([1]) }, { a: f32([2]) })],
  ["ac({'a': [T([1.]), 2.5]}, {'a': [T([1.]), 3.5]})", () => ac({ a: [f32([1]), 2.5] }, { a: [f32([1]), 3.5] })],
  ["ac([T([1.])], [T([1.]), T([2.])])", () => ac([f32([1])], [f32([1]), f32([2])])],
  ["ac({'a': T([1.])}, {'b': T([1.])})", () => ac({ a: f32([1]) }, { b: f32([1]) })],
  ["ac({'a': T([1.])}, {'a': T([1.]), 'b': T([1.])})", () => ac({ a: f32([1]) }, { a: f32([1]), b: f32([1]) })],
  ["ac(1.5, 2.5)", () => ac(1.5, 2.5)],
  ["ac(1.5, 1.5 + 1e-9)", () => ac(1.5, 1.5 + 1e-9)],
  ["ac(2, 3)", () => ac(2, 3)],
  ["ac(True, False)", () => ac(true, false)],
  ["ac(T([1., 2]), [1., 2])", () => ac(f32([1, 2]), [1, 2])],
];

Deno.test("torch.testing.assertClose: pass/fail and messages match PyTorch", async () => {
  const results = await numpy(CASES.map(([expr]) => ({ expr: `(${expr}, 0)[1]`, setup: PY_SETUP, torch: true })));
  const family: Record<string, new (...a: never[]) => Error> = {
    AssertionError,
    TypeError,
    ValueError: RangeError,
  };
  CASES.forEach(([expr, run], i) => {
    const r = results[i];
    let ours: Error | null = null;
    try {
      run();
    } catch (e) {
      ours = e as Error;
    }
    if ("value" in r) {
      assert.equal(ours, null, `${expr}: PyTorch passes, dendrite threw ${ours?.message}`);
    } else {
      assert.ok(
        ours instanceof family[r.error],
        `${expr}: PyTorch raised ${r.error}, dendrite ${ours?.constructor.name}`,
      );
      assert.equal(ours.message, r.message, expr);
    }
  });
});

Deno.test("torch.testing.assertClose: call forms and option errors", () => {
  ac({ actual: f32([1]), expected: f32([1]) });
  ac({ actual: f32([1]), expected: f32([1.5]), rtol: 0, atol: 1 });
  assert.throws(() => ac({ actual: f32([1]), expected: f32([2]) }), AssertionError);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => (ac as any)(f32([1]), f32([1]), { rtoll: 1 }), /rtoll/);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => (ac as any)(f32([1])), TypeError);
  // dendrite has one device and one layout: the checks are accepted and pass
  ac(f32([1]), f32([1]), { checkDevice: true, checkLayout: true, allowSubclasses: false });
});

Deno.test("torch.testing.makeTensor: ranges, dtypes and flags", () => {
  torch.manualSeed(0);
  const mk = torch.testing.makeTensor;
  const range = (t: torch.Tensor) => [t.min().item() as number, t.max().item() as number];
  const [lo, hi] = range(mk([1000], { dtype: "float32" }));
  assert.ok(lo >= -9 && hi < 9 && hi - lo > 15);
  const f = mk([2, 3], { dtype: "float64", low: -1, high: 1 });
  assert.equal(f.dtype, "float64");
  assert.deepEqual(f.shape, [2, 3]);
  assert.ok(range(f)[0] >= -1 && range(f)[1] < 1);
  const [ilo, ihi] = range(mk([2000], { dtype: "int64" }));
  assert.deepEqual([ilo, ihi], [-9, 9]);
  assert.deepEqual(range(mk([2000], { dtype: "uint8" })), [0, 9]);
  assert.deepEqual(range(mk([2000], { dtype: "uint8", low: -1000, high: 1000 })), [0, 255]);
  assert.deepEqual(range(mk([200], { dtype: "int32", low: 2.5, high: 4.5 })), [3, 4]);
  const b = mk([100], { dtype: "bool" });
  assert.equal(b.dtype, "bool");
  assert.deepEqual(new Set(b.tolist() as boolean[]), new Set([true, false]));
  // noncontiguous: a strided view of a doubled last dimension; ignored below two elements
  const nc = mk([3, 4], { dtype: "float32", noncontiguous: true });
  assert.deepEqual(nc.shape, [3, 4]);
  assert.deepEqual(nc.stride(), [8, 2]);
  assert.equal(nc.isContiguous(), false);
  assert.equal(mk([1], { dtype: "float32", noncontiguous: true }).isContiguous(), true);
  const cl = mk([2, 3, 4, 5], { dtype: "float32", memoryFormat: torch.channelsLast });
  assert.equal(cl.isContiguous({ memoryFormat: torch.channelsLast }), true);
  // excludeZero: zeros become 1 for integers and tiny for floats (a 0..1 integer range is all zeros before)
  assert.deepEqual(mk([5], { dtype: "int64", low: 0, high: 1, excludeZero: true }).tolist(), [1, 1, 1, 1, 1]);
  const nz = mk([4, 4], { dtype: "int64", low: -1, high: 2, excludeZero: true, noncontiguous: true });
  assert.ok((nz.tolist() as number[][]).flat().every((v) => v !== 0));
  assert.equal(nz.isContiguous(), false);
  assert.deepEqual(mk([3], { dtype: "float32", low: 0, high: 0, excludeZero: true }).tolist(), [
    2 ** -126,
    2 ** -126,
    2 ** -126,
  ]);
  const g = mk([3], { dtype: "float32", requiresGrad: true });
  assert.equal(g.requiresGrad, true);
  assert.equal(g.isLeaf, true);
  assert.equal(mk([3], { dtype: "float32" }).requiresGrad, false);
  // the whole float range is drawn without overflow
  assert.ok(Number.isFinite(range(mk([100], { dtype: "float32", low: -3e38, high: 3e38 }))[1]));
});

Deno.test("torch.testing.makeTensor: errors match PyTorch's", async () => {
  const mk = torch.testing.makeTensor;
  const cases: [string, () => unknown][] = [
    [
      "make_tensor(3, dtype=torch.float32, device='cpu', low=2, high=1)",
      () => mk(3, { dtype: "float32", low: 2, high: 1 }),
    ],
    [
      "make_tensor(3, dtype=torch.int64, device='cpu', low=1, high=1)",
      () => mk(3, { dtype: "int64", low: 1, high: 1 }),
    ],
    [
      "make_tensor(3, dtype=torch.float32, device='cpu', low=float('nan'))",
      () => mk(3, { dtype: "float32", low: NaN }),
    ],
    [
      "make_tensor(3, dtype=torch.uint8, device='cpu', low=-5, high=-1)",
      () => mk(3, { dtype: "uint8", low: -5, high: -1 }),
    ],
    [
      "make_tensor(3, dtype=torch.int64, device='cpu', requires_grad=True)",
      () => mk(3, { dtype: "int64", requiresGrad: true }),
    ],
    [
      "make_tensor((2, 2), dtype=torch.float32, device='cpu', noncontiguous=True, memory_format=torch.contiguous_format)",
      () => mk([2, 2], { dtype: "float32", noncontiguous: true, memoryFormat: torch.contiguousFormat }),
    ],
  ];
  const results = await numpy(
    cases.map(([expr]) => ({ expr: `(${expr}, 0)[1]`, setup: "from torch.testing import make_tensor", torch: true })),
  );
  cases.forEach(([expr, run], i) => {
    const r = results[i];
    assert.ok("error" in r && r.error === "ValueError", expr);
    // PyTorch's memory_format prints as torch.contiguous_format; dendrite's is a string
    if (!expr.includes("memory_format")) {
      assert.throws(run, (e) => e instanceof RangeError && e.message === r.message, expr);
    } else {assert.throws(run, (e) =>
        e instanceof RangeError && e.message.startsWith(r.message.split("memory_format=")[0]));}
  });
  // deno-lint-ignore no-explicit-any
  assert.throws(() => (mk as any)(3, {}), /dtype/);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => (mk as any)(3, { dtype: "float32", lo: 1 }), /lo/);
});
