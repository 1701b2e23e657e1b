/**
 * PyTorch's in-place view ops (unsqueeze_, squeeze_, transpose_, swapaxes_,
 * swapdims_, t_) and ndarray.mT: the tensor takes the view's geometry over
 * the same memory, gradients flow through the new history, views made
 * before keep theirs, and a leaf that requires grad is PyTorch's error
 * (values checked against PyTorch 2.13 by hand: the geometry is exact).
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";

Deno.test("in-place view ops change shape and strides over the same storage", () => {
  const x = torch.arange(6).reshape(2, 3), s = x.storage;
  assert.equal(x.unsqueeze_(0), x);
  assert.deepEqual([x.shape, x.stride()], [[1, 2, 3], [6, 3, 1]]);
  x.squeeze_(0);
  assert.deepEqual(x.shape, [2, 3]);
  x.t_();
  assert.deepEqual([x.shape, x.stride()], [[3, 2], [1, 3]]);
  x.transpose_(0, 1).swapaxes_(0, 1).swapdims_(1, 0);
  assert.deepEqual([x.shape, x.stride()], [[2, 3], [3, 1]]);
  x.unsqueeze_({ dim: -1 }).squeeze_();
  assert.deepEqual(x.shape, [2, 3]);
  assert.equal(x.storage, s);
  assert.deepEqual(x.tolist(), [[0, 1, 2], [3, 4, 5]]);
});

Deno.test("views made before an in-place view op keep their own geometry; writes are shared", () => {
  const z = torch.zeros(2, 3), row = z.get(0);
  z.t_();
  assert.deepEqual(z.shape, [3, 2]);
  row.fill_(7);
  assert.deepEqual(z.tolist(), [[7, 0], [7, 0], [7, 0]]);
});

Deno.test("a leaf that requires grad refuses them (PyTorch's error); under noGrad it may change", () => {
  const w = torch.ones(2, 3, { requiresGrad: true });
  assert.throws(() => w.unsqueeze_(0), /a leaf Variable that requires grad is being used in an in-place operation/);
  torch.noGrad(() => w.t_());
  assert.deepEqual(w.shape, [3, 2]);
  // and PyTorch's other in-place checks: a view of such a leaf, one of several views a function returned
  assert.throws(
    () => torch.ones(2, 3, { requiresGrad: true }).view(6).unsqueeze_(0),
    /a view of a leaf Variable that requires grad is being used in an in-place operation/,
  );
  assert.throws(() => w.mul(1).split(1)[0].unsqueeze_(0), /Output 0 of Split is a view and is being modified inplace/);
});

Deno.test("gradients flow through the new history of a non-leaf and of a view", () => {
  const x = torch.tensor([[1, 2, 3], [4, 5, 6]], { dtype: "float64", requiresGrad: true });
  const y = x.mul(2);
  y.unsqueeze_(0).transpose_(1, 2); // [1, 3, 2]
  const w = torch.tensor([[[1, 10], [2, 20], [3, 30]]], { dtype: "float64" });
  y.mul(w).sum().backward();
  // d/dx sum(2 x^T * w) = 2 w^T
  assert.deepEqual(x.grad!.tolist(), [[2, 4, 6], [20, 40, 60]]);

  const x2 = torch.tensor([[1, 2], [3, 4]], { dtype: "float64", requiresGrad: true });
  const v = x2.mul(1).get(":, 0:2"); // a view of a non-leaf
  v.t_();
  v.mul(torch.tensor([[1, 2], [3, 4]], { dtype: "float64" })).sum().backward();
  assert.deepEqual(x2.grad!.tolist(), [[1, 3], [2, 4]]);
});

Deno.test("ndarray.mT swaps the last two axes (a view), NumPy's error below 2 dims", () => {
  const a = np.arange(6).reshape([1, 2, 3]);
  assert.deepEqual(a.mT.shape, [1, 3, 2]);
  assert.deepEqual(a.mT.tolist(), [[[0, 3], [1, 4], [2, 5]]]);
  assert.equal(a.mT.storage, a.storage);
  assert.throws(() => np.arange(3).mT, /matrix transpose with ndim < 2 is undefined/);
});
