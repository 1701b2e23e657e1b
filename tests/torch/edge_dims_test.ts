/**
 * PyTorch corner cases found by a hostile probe (each checked against PyTorch 2.13): a 0-d tensor has one dim to
 * reduce (0 or -1), argmax along a non-empty dim of an empty tensor is empty, chunk of an empty dim gives `chunks`
 * parts, and a dtype given to sum is the result's.
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";

Deno.test("a 0-d tensor's dim 0 (or -1) reduces nothing; dim 1 is out of range", () => {
  const i = torch.tensor(3), f = torch.tensor(3, { dtype: "float32" });
  for (const r of [i.sum(0), i.prod(0), i.amax(-1), f.mean(0), torch.logsumexp(f, 0), i.argmin(0)]) {
    assert.deepEqual(r.shape, []);
  }
  assert.equal(i.sum(0).item(), 3);
  assert.equal(i.argmin(0).item(), 0);
  assert.equal(i.any(0).item(), true);
  assert.deepEqual(f.mean(0, true).shape, []);
  assert.throws(() => i.sum(1), { name: "RangeError", message: /expected to be in range of \[-1, 0\], but got 1/ });
  // count_nonzero and the norms too (PyTorch 2.13: count_nonzero(3.5, 0) is 1, norm(3.5, 2, 0) is 3.5)
  assert.equal(torch.countNonzero(f, 0).item(), 1);
  assert.equal(torch.countNonzero(i, -1).item(), 1);
  assert.equal(torch.linalg.vectorNorm(torch.tensor(-3.5), 2, 0).item(), 3.5);
  assert.equal(torch.norm(torch.tensor(-3.5), 2, -1).item(), 3.5);
  assert.throws(() => torch.countNonzero(i, 1), /expected to be in range of \[-1, 0\], but got 1/);
});

Deno.test("argmax/argmin of an empty tensor along a non-empty dim is empty; along the empty one, PyTorch's error", () => {
  const r = torch.zeros(0, 3).argmin(1);
  assert.deepEqual([r.shape, r.dtype], [[0], "int64"]);
  assert.deepEqual(torch.zeros(3, 0).argmax(0).shape, [0]);
  assert.throws(() => torch.zeros(0, 3).argmax(0), /Expected reduction dim 0 to have non-zero size/);
  assert.throws(() => torch.zeros(0, 3).argmax(), /Expected reduction dim to be specified/);
});

Deno.test("chunk of an empty dim gives `chunks` empty parts", () => {
  assert.deepEqual(torch.zeros(0).chunk(3).map((t) => t.shape), [[0], [0], [0]]);
  assert.deepEqual(torch.zeros(0, 4).chunk(2, 0).map((t) => t.shape), [[0, 4], [0, 4]]);
  assert.deepEqual(torch.arange(5).chunk(2).map((t) => t.tolist()), [[0, 1, 2], [3, 4]]);
});

Deno.test("sum's dtype is the result's; abs and sign of -0 are +0", () => {
  const r = torch.tensor([[1, 2], [3, 4]]).sum(1, { dtype: "int32" });
  assert.deepEqual([r.dtype, r.tolist()], ["int32", [3, 7]]);
  const z = torch.tensor([-0.0]);
  assert.ok(Object.is(z.abs().item(), 0) && Object.is(z.sign().item(), 0));
});

Deno.test("sign of NaN is 0 in torch (NaN in np); unique keeps NaNs apart", () => {
  assert.deepEqual(torch.tensor([NaN, -2, 0, 3]).sign().tolist(), [0, -1, 0, 1]);
  assert.deepEqual(torch.unique(torch.tensor([NaN, 1, NaN])).tolist(), [1, NaN, NaN]);
});

Deno.test("double backward through an in-place op sees the value before the write (PyTorch's original self)", () => {
  const a = torch.tensor([2, 3], { dtype: "float32", requiresGrad: true });
  const b = a.mul(1);
  b.get(":1").mul_(a.get("1:")); // b = [a0 * a1, a1]
  const g = torch.autograd.grad(b.sum(), [a], { createGraph: true })[0]!;
  g.sum().backward();
  assert.deepEqual([g.tolist(), a.grad!.tolist()], [[3, 3], [1, 1]]); // PyTorch's (a.grad was [0, 1])
  const c = torch.tensor([2], { dtype: "float32", requiresGrad: true });
  const d = c.mul(1);
  d.pow_(3);
  const h = torch.autograd.grad(d.sum(), [c], { createGraph: true })[0]!;
  assert.equal(h.requiresGrad, true);
  h.sum().backward();
  assert.deepEqual(c.grad!.tolist(), [12]); // d2(c^3) = 6c
});

Deno.test("transpose/swapaxes/movedim of a 0-d tensor name its one dim", () => {
  const t = torch.tensor(3);
  assert.equal(t.transpose(0, -1).item(), 3);
  assert.equal(torch.swapaxes(t, 0, 0).item(), 3);
  assert.equal(t.movedim(0, 0).item(), 3);
  assert.throws(() => t.transpose(0, 1), /expected to be in range of \[-1, 0\], but got 1/);
});

Deno.test("dim=[] reduces every dim (all/any: none); casts to integers carry no gradient; nanmean's dtype", () => {
  const x = torch.ones(2, 3);
  assert.equal(x.sum({ dim: [] }).item(), 6);
  assert.equal(x.mean({ dim: [] }).item(), 1);
  assert.equal(x.std({ dim: [] }).item(), 0);
  assert.equal(torch.nansum(x, { dim: [] }).item(), 6);
  assert.deepEqual(x.any({ dim: [] }).shape, [2, 3]);
  // PyTorch 2.13: x.to(torch.int64) of a tensor that requires grad is a plain int64 tensor
  const g = torch.tensor([1.5, 2.5], { dtype: "float32", requiresGrad: true });
  const i = g.to("int64");
  assert.deepEqual([i.requiresGrad, i.gradFn, i.tolist()], [false, null, [1, 2]]);
  const q = torch.tensor([0.3], { dtype: "float32", requiresGrad: true });
  torch.quantile(torch.tensor([1, 2, 4], { dtype: "float32" }), q).sum().backward();
  assert.deepEqual(q.grad!.tolist(), [2]);
  assert.throws(
    () => torch.nanmean(torch.tensor([1.5, NaN], { dtype: "float32" }), { dtype: "int64" }),
    /nanmean\(\): could not infer output dtype\. Optional dtype must be either a floating point or complex dtype\. Got: Long/,
  );
});
