import assert from "node:assert/strict";
import { torch } from "../../mod.ts";

const x = () => torch.tensor([[3, 1, 2, 1], [0, 5, 4, 5]], { dtype: "float32" });
const outs = () => [torch.empty(0), torch.empty(0, { dtype: "int64" })];

// Values and indices as PyTorch 2.13 gives them for the same input.
const CASES: Record<string, [(o: torch.Tensor[]) => unknown, unknown, unknown]> = {
  "max(dim)": [(o) => torch.max(x(), 1, { out: o }), [3, 5], [0, 1]],
  "min(dim, keepdim)": [(o) => torch.min(x(), 0, true, { out: o }), [[0, 1, 2, 1]], [[1, 0, 0, 0]]],
  "sort": [(o) => torch.sort(x(), 1, true, { out: o }), [[3, 2, 1, 1], [5, 5, 4, 0]], null],
  "sort(stable)": [(o) => torch.sort(x(), { stable: true, dim: 1, out: o }), [[1, 1, 2, 3], [0, 4, 5, 5]], [
    [1, 3, 2, 0],
    [0, 2, 1, 3],
  ]],
  "topk": [(o) => torch.topk(x(), 1, { out: o }), [[3], [5]], null],
  "kthvalue": [(o) => torch.kthvalue(x(), 2, 1, { out: o }), [1, 4], [3, 2]],
  "median(dim)": [(o) => torch.median(x(), 1, { out: o }), [1, 4], [3, 2]],
  "mode": [(o) => torch.mode(x(), 1, { out: o }), [1, 5], [3, 3]],
};

Deno.test("torch out=[values, indices]: results written into the given tensors, which come back", () => {
  for (const [name, [f, values, indices]] of Object.entries(CASES)) {
    const o = outs();
    const r = f(o) as torch.Tensor[] & { values: torch.Tensor; indices: torch.Tensor };
    assert.equal(r.values, o[0], name);
    assert.equal(r.indices, o[1], name);
    assert.deepEqual(o[0].tolist(), values, name);
    if (indices !== null) assert.deepEqual(o[1].tolist(), indices, name);
  }
  const [u, s, v] = [torch.empty(0), torch.empty(0), torch.empty(0)];
  const r = torch.svd(torch.tensor([[2, 0], [0, 1]], { dtype: "float32" }), { out: [u, s, v] });
  assert.equal(r[1], s);
  assert.deepEqual(s.tolist(), [2, 1]);
});

Deno.test("torch out=[values, indices]: PyTorch's errors, nothing written", () => {
  const o = outs();
  assert.throws(
    () => torch.max(x(), 1, { out: [o[0]] }),
    (e) => e instanceof TypeError && /expected tuple of 2 elements but got 1/.test(e.message),
  );
  assert.throws(
    () => torch.max(x(), 1, { out: [torch.empty(0, { dtype: "float64" }), o[1]] }),
    /Expected out tensor to have dtype float, but got double instead/,
  );
  assert.throws(
    () => torch.sort(x(), { out: [o[0], torch.empty(0, { dtype: "int32" })] }),
    /Expected out tensor to have dtype long int, but got int instead/,
  );
  assert.throws(
    () => torch.max(x().requiresGrad_(), 1, { out: o }),
    /max\(\): functions with out=\.\.\. arguments don't support automatic differentiation/,
  );
  assert.throws(() => torch.max(x(), 1, { out: [o[0], 3] as never }), /argument 'out' must be a list of arrays/);
  assert.deepEqual(o[0].shape, [0]);
  assert.deepEqual(o[1].shape, [0]);
});
