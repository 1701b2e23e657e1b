/** clipGradNorm_, clipGradValue_, parametersToVector, vectorToParameters (PyTorch's nn.utils semantics). */
import assert from "node:assert/strict";
import { optim, torch } from "../../mod.ts";

function params() {
  const a = torch.zeros(2, 2, { requiresGrad: true }), b = torch.zeros(3, { requiresGrad: true });
  const c = torch.zeros(1, { requiresGrad: true }); // no gradient: ignored
  a.grad = torch.tensor([[1, -2], [3, -4]], { dtype: "float32" });
  b.grad = torch.tensor([0.5, -6, 2], { dtype: "float32" });
  return [a, b, c];
}

Deno.test("clipGradNorm_: total norm over all gradients, scale min(max / (total + 1e-6), 1)", () => {
  const ps = params();
  const total = Math.hypot(1, 2, 3, 4, 0.5, 6, 2);
  const before = ps.slice(0, 2).map((p) => p.grad!.tolist() as number[] | number[][]);
  const n = optim.clipGradNorm_(ps, 2.0);
  assert.ok(Math.abs((n.item() as number) - total) < 1e-5);
  const coef = 2.0 / (total + 1e-6);
  const got = (ps[0].grad!.tolist() as number[][]).flat().concat(ps[1].grad!.tolist() as number[]);
  const want = [...(before[0] as number[][]).flat(), ...(before[1] as number[])].map((v) => v * coef);
  got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-6));
  // below the threshold nothing changes; other norms
  const qs = params();
  optim.clipGradNorm_(qs, 100);
  assert.deepEqual(qs[1].grad!.tolist(), [0.5, -6, 2]);
  const inf = optim.clipGradNorm_(params(), 1, { normType: Infinity });
  assert.equal(inf.item(), 6);
  const l1 = optim.clipGradNorm_(params(), 1, 1);
  assert.ok(Math.abs((l1.item() as number) - 18.5) < 1e-5);
  // one tensor; no gradients at all
  const single = params()[1];
  optim.clipGradNorm_(single, 1);
  assert.ok(Math.abs((single.grad!.norm().item() as number) - 1) < 1e-5);
  assert.equal(optim.clipGradNorm_([torch.zeros(1, { requiresGrad: true })], 1).item(), 0);
  // non-finite
  const bad = params();
  bad[0].grad!.fill_(NaN);
  assert.throws(() => optim.clipGradNorm_(bad, 1, { errorIfNonfinite: true }), /non-finite/);
  assert.throws(() => optim.clipGradNorm_(params(), 1, { max_norm: 2 } as never), /unknown option 'max_norm'/);
});

Deno.test("clipGradValue_ clamps every gradient in place", () => {
  const ps = params();
  const g = ps[1].grad!;
  optim.clipGradValue_(ps, 1.5);
  assert.equal(ps[1].grad, g);
  assert.deepEqual(g.tolist(), [0.5, -1.5, 1.5]);
  assert.deepEqual(ps[0].grad!.tolist(), [[1, -1.5], [1.5, -1.5]]);
  assert.throws(() => optim.clipGradValue_(ps, 1, { clip: 1 } as never), /unknown option 'clip'/);
});

Deno.test("parametersToVector / vectorToParameters", () => {
  const a = torch.tensor([[1, 2], [3, 4]], { dtype: "float32" }), b = torch.tensor([5, 6], { dtype: "float32" });
  const v = optim.parametersToVector([a, b]);
  assert.deepEqual(v.tolist(), [1, 2, 3, 4, 5, 6]);
  const w = torch.arange(6, { dtype: "float32" });
  optim.vectorToParameters(w, [a, b]);
  assert.deepEqual(a.tolist(), [[0, 1], [2, 3]]);
  assert.deepEqual(b.tolist(), [4, 5]);
  w.mul_(10); // the parameters share the vector's memory, as in PyTorch
  assert.deepEqual(b.tolist(), [40, 50]);
  assert.throws(() => optim.vectorToParameters([1, 2] as never, [a]), /expected torch.Tensor/);
  // gradients flow through parametersToVector
  const p = torch.ones(2, { requiresGrad: true });
  optim.parametersToVector([p]).mul(3).sum().backward();
  assert.deepEqual(p.grad!.tolist(), [3, 3]);
});
