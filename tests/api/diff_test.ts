/** np.diff and torch.diff against NumPy 2.4 / PyTorch 2.13's answers (the registry test also calls every form). */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";

Deno.test("np.diff: orders, axes, prepend/append (numbers span the other axes), bool, uint8 wrap, errors", () => {
  const a = np.array([[1, 4, 9], [2, 2, 5]]);
  assert.deepEqual(np.diff(a).tolist(), [[3, 5], [0, 3]]);
  assert.deepEqual(np.diff(a, { axis: 0 }).tolist(), [[1, -2, -4]]);
  assert.deepEqual(np.diff(a, 2).tolist(), [[2], [3]]);
  assert.deepEqual(np.diff(a, 5).shape, [2, 0]);
  assert.deepEqual(np.diff(a, { prepend: 0 }).tolist(), [[1, 3, 5], [2, 0, 3]]);
  assert.deepEqual(np.diff(a, { append: np.array([[7], [8]]) }).tolist(), [[3, 5, -2], [0, 3, 3]]);
  assert.equal(np.diff(a, 0), a); // NumPy returns the array itself
  assert.deepEqual(np.diff(np.array([true, false, false])).tolist(), [true, false]);
  const u = np.diff(np.array([5, 1], { dtype: "uint8" }));
  assert.deepEqual([u.dtype, u.tolist()], ["uint8", [252]]);
  assert.deepEqual(np.diff(np.array([1.5, 2]), { prepend: 1 }).tolist(), [0.5, 0.5]);
  assert.throws(() => np.diff(np.array(5)), /diff requires input that is at least one dimensional/);
  assert.throws(() => np.diff(a, -1), /order must be non-negative but got -1/);
});

Deno.test("torch.diff: values, bool xor, prepend tensors only, gradient", () => {
  const t = torch.tensor([[1, 4, 9], [2, 2, 5]]);
  assert.deepEqual(torch.diff(t).tolist(), [[3, 5], [0, 3]]);
  assert.deepEqual(t.diff({ dim: 0 }).tolist(), [[1, -2, -4]]);
  assert.deepEqual(torch.diff(t, 2).tolist(), [[2], [3]]);
  assert.deepEqual(torch.diff(t, { prepend: torch.zeros(2, 1, { dtype: "int64" }) }).tolist(), [[1, 3, 5], [2, 0, 3]]);
  assert.deepEqual(torch.diff(torch.tensor([true, false, false])).tolist(), [true, false]);
  assert.throws(() => torch.diff(torch.tensor(5)), /diff expects input to be at least one-dimensional/);
  assert.throws(() => (torch.diff as (...a: unknown[]) => unknown)(t, { prepend: 0 }), TypeError);
  const x = torch.tensor([1, 4, 9], { dtype: "float32", requiresGrad: true });
  torch.diff(x).sum().backward();
  assert.deepEqual(x.grad!.tolist(), [-1, 0, 1]);
});
