/** Autograd against PyTorch: every differentiable op's gradient, node names, higher order, gradcheck and errors. */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import { assertMatches, buildT, type Case, type Input, numpy, randomInput, rng } from "../helpers/oracle.ts";

type T = torch.Tensor;
const r = rng(33);
const a: Input = randomInput(r, "float64", [3, 4]), b: Input = randomInput(r, "float64", [3, 4]);
const v: Input = randomInput(r, "float64", [4]), m: Input = randomInput(r, "float64", [4, 2]);
const pos: Input = {
  ...randomInput(r, "float64", [3, 4]),
  data: randomInput(r, "float64", [3, 4]).data.map((x) => Math.abs(x as number) + 0.5),
};

/** [python expr of a, b (requires grad), ts fn] */
const OPS: [string, (x: T, y: T) => T, Input?, Input?][] = [
  ["a + b", (x, y) => x.add(y)],
  ["a - 2 * b", (x, y) => x.sub(y, { alpha: 2 })],
  ["a * b", (x, y) => x.mul(y)],
  ["a / b", (x, y) => x.div(y), a, pos],
  ["a * 3.5", (x) => x.mul(3.5)],
  ["a.pow(3)", (x) => x.pow(3)],
  ["a.pow(b)", (x, y) => x.pow(y), pos, b],
  ["-a", (x) => x.neg()],
  ["a.exp()", (x) => x.exp()],
  ["a.log()", (x) => x.log(), pos],
  ["a.sqrt()", (x) => x.sqrt(), pos],
  ["a.rsqrt()", (x) => x.rsqrt(), pos],
  ["a.reciprocal()", (x) => x.reciprocal(), pos],
  ["a.sin()", (x) => x.sin()],
  ["a.cos()", (x) => x.cos()],
  ["a.tanh()", (x) => x.tanh()],
  ["a.sigmoid()", (x) => x.sigmoid()],
  ["a.relu()", (x) => x.relu()],
  ["a.abs()", (x) => x.abs()],
  ["a.expm1()", (x) => x.expm1()],
  ["a.log1p()", (x) => x.log1p(), pos],
  ["a.log2()", (x) => x.log2(), pos],
  ["a.clamp(-1, 1)", (x) => x.clamp(-1, 1)],
  ["torch.maximum(a, b)", (x, y) => torch.maximum(x, y)],
  ["torch.minimum(a, b)", (x, y) => torch.minimum(x, y)],
  ["torch.lerp(a, b, 0.25)", (x, y) => x.lerp(y, 0.25)],
  ["torch.addcmul(a, a, b, value=0.5)", (x, y) => x.addcmul(x, y, { value: 0.5 })],
  ["torch.addcdiv(a, a, b, value=2)", (x, y) => x.addcdiv(x, y, { value: 2 }), a, pos],
  ["a.sum()", (x) => x.sum()],
  ["a.sum(1, keepdim=True)", (x) => x.sum(1, { keepdim: true })],
  ["a.mean(0)", (x) => x.mean(0)],
  ["a.prod(1)", (x) => x.prod(1)],
  ["a.max()", (x) => x.max()],
  ["a.max(1)[0]", (x) => x.max(1)[0]],
  ["a.min(0, keepdim=True)[0]", (x) => x.min(0, { keepdim: true })[0]],
  ["a.amax((0, 1))", (x) => x.amax([0, 1])],
  ["a.std(1)", (x) => x.std(1)],
  ["a.var(0, unbiased=False)", (x) => x.var(0, { unbiased: false })],
  ["a.norm()", (x) => x.norm()],
  ["a.norm(1, 1)", (x) => x.norm(1, 1)],
  ["a.logsumexp(1)", (x) => x.logsumexp(1)],
  ["a.softmax(1)", (x) => x.softmax(1)],
  ["a.log_softmax(0)", (x) => x.logSoftmax(0)],
  ["a.cumsum(1)", (x) => x.cumsum(1)],
  ["a.cumprod(1)", (x) => x.cumprod(1)],
  ["a @ b", (x, y) => x.matmul(y), a, m],
  ["a @ b", (x, y) => x.mv(y), a, v],
  ["a.dot(a)", (x) => x.dot(x), v],
  ["torch.outer(a, a)", (x) => x.outer(x), v],
  ["a.view(2, 6)", (x) => x.view(2, 6)],
  ["a.t().reshape(-1)", (x) => x.t().reshape(-1)],
  ["a.transpose(0, 1)", (x) => x.transpose(0, 1)],
  ["a.permute(1, 0)", (x) => x.permute(1, 0)],
  ["a[:1].expand(5, 4)", (x) => x.get(":1").expand(5, 4)],
  ["a.unsqueeze(0).squeeze(0)", (x) => x.unsqueeze(0).squeeze(0)],
  ["a[1:, ::2]", (x) => x.get("1:, ::2")],
  ["a[[0, 2, 0]]", (x) => x.get([[0, 2, 0]])],
  ["a[a > 0]", (x) => x.get([x.gt(0)])],
  ["torch.cat([a, b], 1)", (x, y) => torch.cat([x, y], 1)],
  ["torch.stack([a, b])", (x, y) => torch.stack([x, y])],
  ["a.split(2, 1)[1]", (x) => x.split(2, 1)[1]],
  ["a.index_select(1, torch.tensor([3, 0, 3]))", (x) => x.indexSelect(1, torch.tensor([3, 0, 3]))],
  ["a.gather(1, torch.tensor([[0, 0], [1, 3], [2, 2]]))", (x) => x.gather(1, torch.tensor([[0, 0], [1, 3], [2, 2]]))],
  ["a.masked_fill(a > 0, 0.0)", (x) => x.maskedFill(x.gt(0), 0)],
  ["torch.where(a > b, a, b)", (x, y) => torch.where(x.gt(y), x, y)],
  ["a.flip([1])", (x) => x.flip([1])],
  ["a.repeat(2, 1)", (x) => x.repeat(2, 1)],
  ["a.clone() * 2", (x) => x.clone().mul(2)],
  ["a.float().double()", (x) => x.float().double()],
  ["a.sort(1)[0]", (x) => x.sort(1)[0]],
  ["a.topk(2)[0]", (x) => x.topk(2)[0]],
];

function pyCase(expr: string, x: Input, y: Input): Case {
  return {
    torch: true,
    inputs: { a: x, b: y },
    setup: `a = a.clone().requires_grad_(); b = b.clone().requires_grad_()
out = ${expr}
go = torch.linspace(-1, 1, out.numel(), dtype=out.dtype).reshape(out.shape)
gs = torch.autograd.grad(out, [a, b], grad_outputs=go, allow_unused=True)
r = tuple(g if g is not None else torch.zeros_like(t) for g, t in zip(gs, [a, b]))`,
    expr: "r",
  };
}

Deno.test("gradients of every differentiable op match PyTorch", async () => {
  const cases = OPS.map(([py, , x, y]) => pyCase(py, x ?? a, y ?? b));
  const results = await numpy(cases);
  const failures: string[] = [];
  OPS.forEach(([py, fn, x, y], i) => {
    try {
      const res = results[i];
      assert.ok("value" in res, `${py}: ${JSON.stringify(res)}`);
      const A = buildT(x ?? a).requiresGrad_(), B = buildT(y ?? b).requiresGrad_();
      const out = fn(A, B);
      const go = torch.linspace(-1, 1, out.numel(), { dtype: out.dtype }).reshape(out.shape);
      const gs = torch.autograd.grad(out, [A, B], { gradOutputs: go, allowUnused: true });
      assertMatches(gs.map((g, k) => g ?? torch.zerosLike([A, B][k])), res.value, py, { rtol: 1e-9, atol: 1e-10 });
    } catch (e) {
      failures.push((e as Error).message.split("\n")[0]);
    }
  });
  assert.deepEqual(failures, []);
});

Deno.test("every differentiable op passes gradcheck (central differences, float64)", () => {
  const failures: string[] = [];
  for (const [py, fn, x, y] of OPS) {
    if (py.includes(".float()")) continue; // a float32 round trip is not differentiable to float64 precision
    const A = buildT(x ?? a).requiresGrad_(), B = buildT(y ?? b).requiresGrad_();
    try {
      torch.autograd.gradcheck((p, q) => fn(p, q), [A, B], { eps: 1e-6, atol: 1e-5, rtol: 1e-4 });
    } catch (e) {
      failures.push(`${py}: ${(e as Error).message}`);
    }
  }
  assert.deepEqual(failures, []);
});

Deno.test("gradcheck passes for composite functions", () => {
  const x = torch.tensor([[0.3, -0.7, 1.2], [0.5, 0.1, -1.5]], { dtype: "float64", requiresGrad: true });
  const w = torch.tensor([[0.2], [-0.4], [0.9]], { dtype: "float64", requiresGrad: true });
  assert.ok(torch.autograd.gradcheck((p, q) => p.matmul(q).tanh().sum(), [x, w]));
  assert.ok(torch.autograd.gradcheck((p) => p.softmax(1).mul(p).sum(0), [x]));
  assert.ok(torch.autograd.gradcheck((p) => p.pow(2).logsumexp(1), [x]));
  assert.throws(() => torch.autograd.gradcheck((p) => p.detach().mul(p).sum(), [x]), /Jacobian mismatch/);
});

Deno.test("higher-order gradients match PyTorch", async () => {
  const [res] = await numpy([{
    torch: true,
    setup: `x = torch.tensor([0.5, -1.0, 2.0], dtype=torch.float64, requires_grad=True)
y = (x.sin() * x.pow(3)).sum()
g, = torch.autograd.grad(y, x, create_graph=True)
h, = torch.autograd.grad(g.sum(), x)`,
    expr: "(g, h)",
  }]);
  const x = torch.tensor([0.5, -1.0, 2.0], { dtype: "float64", requiresGrad: true });
  const y = x.sin().mul(x.pow(3)).sum();
  const [g] = torch.autograd.grad(y, x, { createGraph: true });
  const [h] = torch.autograd.grad(g!.sum(), x);
  assert.ok("value" in res);
  assertMatches([g, h], res.value, "grad of grad", { rtol: 1e-12, atol: 1e-12 });
});

Deno.test("higher-order gradients through softmax, logSoftmax and logsumexp match PyTorch", async () => {
  const [res] = await numpy([{
    torch: true,
    setup: `x = torch.tensor([[0.5, -1.0, 2.0], [0.1, 0.2, -0.3]], dtype=torch.float64, requires_grad=True)
y = (x.softmax(1) * x.log_softmax(0) + x.logsumexp(1, keepdim=True) ** 2).sum()
g, = torch.autograd.grad(y, x, create_graph=True)
h, = torch.autograd.grad((g * g).sum(), x)`,
    expr: "(g, h)",
  }]);
  const x = torch.tensor([[0.5, -1.0, 2.0], [0.1, 0.2, -0.3]], { dtype: "float64", requiresGrad: true });
  const y = x.softmax(1).mul(x.logSoftmax(0)).add(x.logsumexp(1, { keepdim: true }).pow(2)).sum();
  const [g] = torch.autograd.grad(y, x, { createGraph: true });
  const [h] = torch.autograd.grad(g!.mul(g!).sum(), x);
  assert.ok("value" in res);
  assertMatches([g, h], res.value, "grad of grad", { rtol: 1e-10, atol: 1e-12 });
});

Deno.test("graph structure: gradFn names, nextFunctions, isLeaf, retainGrad", () => {
  const x = torch.tensor([1, 2, 3], { dtype: "float32", requiresGrad: true });
  const y = x.mul(2);
  const z = y.sum();
  assert.equal(y.gradFn!.name, "MulBackward0");
  assert.equal(z.gradFn!.name, "SumBackward0");
  assert.equal(z.gradFn!.nextFunctions[0][0], y.gradFn);
  assert.equal(y.gradFn!.nextFunctions[0][0]!.name, "AccumulateGrad");
  assert.equal(x.softmax(0).gradFn!.name, "SoftmaxBackward0");
  assert.equal(x.logSoftmax(0).gradFn!.name, "LogSoftmaxBackward0");
  assert.equal(x.logsumexp(0).gradFn!.name, "LogsumexpBackward0");
  assert.ok(x.isLeaf && !y.isLeaf);
  y.retainGrad();
  z.backward();
  assert.deepEqual(x.grad!.tolist(), [2, 2, 2]);
  assert.deepEqual(y.grad!.tolist(), [1, 1, 1]);
  assert.equal(String(y).includes("grad_fn=<MulBackward0>"), true);
  assert.equal(String(x), "tensor([1., 2., 3.], requires_grad=True)");
});

Deno.test("gradients accumulate; graphs are freed unless retainGraph", () => {
  const x = torch.tensor([1.0, 2.0], { requiresGrad: true });
  const y = x.mul(x).sum();
  y.backward(null, { retainGraph: true });
  y.backward();
  assert.deepEqual(x.grad!.tolist(), [4, 8]);
  assert.throws(() => y.backward(), /backward through the graph a second time/);
  const n = x.add(1).mul(2);
  assert.equal(n.grad, null);
  assert.throws(() => x.mul(2).backward(), /grad can be implicitly created only for scalar outputs/);
  x.mul(2).backward(torch.ones(2));
  assert.deepEqual(x.grad!.tolist(), [6, 10]);
});

Deno.test("in-place changes to saved tensors are detected", () => {
  const x = torch.tensor([1.0, 2.0], { requiresGrad: true });
  const e = x.exp();
  const y = e.sum();
  e.add_(1);
  assert.throws(() => y.backward(), /modified by an inplace operation/);
  assert.throws(() => x.add_(1), /leaf Variable that requires grad/);
});

Deno.test("noGrad, enableGrad, detach", () => {
  const x = torch.tensor([1.0], { requiresGrad: true });
  const y = torch.noGrad(() => x.mul(2));
  assert.equal(y.requiresGrad, false);
  {
    using _ = torch.noGrad();
    assert.equal(x.mul(3).requiresGrad, false);
    assert.equal(torch.enableGrad(() => x.mul(3)).requiresGrad, true);
  }
  assert.equal(x.mul(3).requiresGrad, true);
  const d = x.mul(2).detach();
  assert.ok(!d.requiresGrad && d.isLeaf);
  const k = x.mul(2);
  k.detach_();
  assert.ok(!k.requiresGrad && k.gradFn === null);
  assert.throws(() => torch.tensor([1, 2]).requiresGrad_(), /floating point/);
});
