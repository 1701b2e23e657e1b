/** Tensor creation, dtypes, memory sharing with numpy, printing and errors. */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";
import { numpy } from "../helpers/oracle.ts";

Deno.test("dtype inference follows PyTorch", () => {
  assert.equal(torch.tensor([1, 2]).dtype, "int64");
  assert.equal(torch.tensor([1.5, 2]).dtype, "float32");
  assert.equal(torch.tensor([true]).dtype, "bool");
  assert.equal(torch.tensor(1).dim(), 0);
  assert.equal(torch.Tensor(1).shape.join(), "1");
  assert.deepEqual(new torch.Tensor(2, 3).shape, [2, 3]);
  assert.equal(torch.Tensor([1, 2]).dtype, "float32");
  assert.ok(torch.Tensor(2) instanceof torch.Tensor);
  torch.setDefaultDtype("float64");
  try {
    assert.equal(torch.tensor([0.5]).dtype, "float64");
    assert.equal(torch.tensor([1, 2]).div(2).dtype, "float64");
  } finally {
    torch.setDefaultDtype("float32");
  }
  assert.equal(torch.getDefaultDtype(), "float32");
  const t = torch.tensor([1.7, -2.2]);
  assert.deepEqual([t.long().tolist(), t.int().dtype, t.double().dtype, t.bool().tolist()], [
    [1, -2],
    "int32",
    "float64",
    [true, true],
  ]);
  assert.equal(torch.arange(5).dtype, "int64");
  assert.equal(torch.arange(0, 1, 0.5).dtype, "float32");
});

Deno.test("creation ops", () => {
  assert.deepEqual(torch.zeros(2, 3).shape, [2, 3]);
  assert.deepEqual(torch.ones([2]).tolist(), [1, 1]);
  assert.deepEqual(torch.full([2], 7).tolist(), [7, 7]);
  assert.deepEqual(torch.eye(2, 3).tolist(), [[1, 0, 0], [0, 1, 0]]);
  assert.deepEqual(torch.linspace(0, 1, 5).tolist(), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(torch.logspace(0, 2, 3).tolist(), [1, 10, 100]);
  torch.manualSeed(7);
  const a = torch.rand(3), b = torch.randn(2, 2), c = torch.randint(0, 10, [4]), p = torch.randperm(5);
  torch.manualSeed(7);
  assert.deepEqual(torch.rand(3).tolist(), a.tolist());
  assert.deepEqual(torch.randn(2, 2).tolist(), b.tolist());
  assert.deepEqual(torch.randint(0, 10, [4]).tolist(), c.tolist());
  assert.deepEqual(torch.randperm(5).tolist(), p.tolist());
  assert.deepEqual([...(p.tolist() as number[])].sort(), [0, 1, 2, 3, 4]);
  assert.ok((a.tolist() as number[]).every((x) => x >= 0 && x < 1));
  assert.deepEqual(torch.bernoulli(torch.tensor([0, 1], { dtype: "float32" })).tolist(), [0, 1]);
  assert.deepEqual(torch.onesLike(torch.zeros(2)).tolist(), [1, 1]);
  assert.equal(torch.randnLike(torch.zeros(3, { dtype: "float64" })).dtype, "float64");
  assert.equal(torch.normal(torch.zeros(4), torch.ones(4)).shape[0], 4);
});

Deno.test("fromNumpy, numpy() and views share memory both ways", () => {
  const a = np.arange(6, null, 1, { dtype: "float32" }).reshape(2, 3);
  const t = torch.fromNumpy(a);
  t.set("0, 0", 100);
  assert.equal(a.item(0, 0), 100);
  a.set("1, 2", -1);
  assert.equal(t.get("1, 2").item(), -1);
  const back = t.numpy();
  back.set("0, 1", 55);
  assert.equal(t.get("0, 1").item(), 55);
  const v = t.view(3, 2);
  v.set("2, 1", 9);
  assert.equal(a.item(1, 2), 9);
  const s = t.get(":, 1:");
  s.fill_(0);
  assert.deepEqual(a.tolist(), [[100, 0, 0], [3, 0, 0]]);
  assert.throws(() => torch.ones(2, { requiresGrad: true }).numpy(), /requires grad/);
});

Deno.test("printing matches PyTorch", async () => {
  const cases: [string, () => torch.Tensor][] = [
    ["torch.tensor([[1., 2.], [3., 4.]])", () => torch.tensor([[1, 2], [3, 4]], { dtype: "float32" })],
    ["torch.tensor([1.5, 2.25, -3.])", () => torch.tensor([1.5, 2.25, -3])],
    ["torch.tensor([1e-5, 1., 1000.])", () => torch.tensor([1e-5, 1, 1000])],
    ["torch.tensor([1, 2, 3])", () => torch.tensor([1, 2, 3])],
    ["torch.tensor([1, 2], dtype=torch.int32)", () => torch.tensor([1, 2], { dtype: "int32" })],
    ["torch.tensor([0.5], dtype=torch.float64)", () => torch.tensor([0.5], { dtype: "float64" })],
    ["torch.tensor(3.5)", () => torch.tensor(3.5)],
    ["torch.tensor([True, False])", () => torch.tensor([true, false])],
    ["torch.zeros(0, 3)", () => torch.zeros(0, 3)],
    ["torch.tensor([], dtype=torch.int64)", () => torch.tensor([], { dtype: "int64" })],
    ["torch.arange(2000.)", () => torch.arange(2000, { dtype: "float32" })],
    ["torch.arange(60).reshape(3, 4, 5)", () => torch.arange(60).reshape(3, 4, 5)],
    ["torch.tensor([float('nan'), 1., float('-inf')])", () => torch.tensor([NaN, 1, -Infinity])],
    ["torch.tensor([1., 2.], requires_grad=True)", () => torch.tensor([1, 2], { requiresGrad: true })],
    ["torch.linspace(0, 1, 30)", () => torch.linspace(0, 1, 30)],
  ];
  const res = await numpy(cases.map(([py]) => ({ torch: true, expr: `repr(${py})` })));
  const bad: string[] = [];
  cases.forEach(([py, ts], i) => {
    const want = (res[i] as { value: { str: string } }).value.str, got = ts().toString();
    if (got !== want) bad.push(`${py}\n--- ours\n${got}\n--- torch\n${want}`);
  });
  assert.equal(bad.join("\n\n"), "");
});

Deno.test("errors carry PyTorch's class and message", () => {
  const x = torch.arange(6).reshape(2, 3);
  assert.throws(() => x.t().view(6), (e: Error) => e instanceof torch.RuntimeError && /Use \.reshape/.test(e.message));
  assert.throws(
    () => torch.ones(2, 3).mm(torch.ones(2, 3)),
    /mat1 and mat2 shapes cannot be multiplied \(2x3 and 2x3\)/,
  );
  assert.throws(() => torch.ones(3).dot(torch.ones(4)), /inconsistent tensor size/);
  assert.throws(() => x.mean(), /mean\(\): could not infer output dtype/);
  assert.throws(() => torch.ones(2).item(), /cannot be converted to Scalar/);
  assert.throws(() => x.get("::-1"), /step must be greater than zero/);
  assert.throws(() => x.t().t().t().t().transpose(0, 5), RangeError);
});

Deno.test("shape helpers", () => {
  const x = torch.arange(24).reshape(2, 3, 4);
  assert.deepEqual([x.size(), x.size(-1), x.dim(), x.numel(), x.nelement()], [[2, 3, 4], 4, 3, 24, 24]);
  assert.ok(x.isContiguous() && !x.transpose(0, 2).isContiguous() && x.transpose(0, 2).contiguous().isContiguous());
  assert.deepEqual(x.expandAs(torch.zeros(2, 2, 3, 4)).shape, [2, 2, 3, 4]);
  const r = torch.zeros(2, 2);
  r.resize_(3);
  assert.deepEqual(r.shape, [3]);
  assert.deepEqual(x.chunk(3, 1).map((c) => c.shape[1]), [1, 1, 1]);
});

Deno.test("fill_ and zero_ write every element, contiguous or strided", () => {
  const t = torch.rand(3, 5);
  t.fill_(2.5);
  assert.deepEqual(t.flatten().tolist(), Array(15).fill(2.5));
  t.t().get("::2").zero_();
  assert.deepEqual(t.tolist(), [[0, 2.5, 0, 2.5, 0], [0, 2.5, 0, 2.5, 0], [0, 2.5, 0, 2.5, 0]]);
  const i = torch.zeros(100_000, { dtype: "int32" }).fill_(7);
  assert.equal(i.sum().item(), 700_000);
});
