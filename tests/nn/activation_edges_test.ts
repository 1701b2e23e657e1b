/**
 * Edge cases of the activations against PyTorch 2.13's results (taken from it and written here): signed zeros,
 * empty softmax dims, and in-place forms that autograd must see through.
 */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";

const F = nn.functional;
/** The values with each zero's sign kept ("-0" for a negative zero), to compare signed zeros. */
const signed = (t: torch.Tensor) => (t.tolist() as number[]).map((v) => (Object.is(v, -0) ? "-0" : v));
const X = () => torch.tensor([-1.5, 0, 2, -0, 7, NaN]);

Deno.test("relu, relu6, hardtanh, clamp: PyTorch's signed zeros (clamp_min's values)", () => {
  // torch.tensor([-1.5, 0, 2, -0., 7, nan]).relu() etc. in PyTorch 2.13
  assert.deepEqual(signed(X().relu()), [0, 0, 2, "-0", 7, NaN]);
  assert.deepEqual(signed(X().relu_()), [0, 0, 2, "-0", 7, NaN]);
  assert.deepEqual(signed(F.relu6(X())), [0, 0, 2, "-0", 6, NaN]);
  assert.deepEqual(signed(F.hardtanh(X(), 0, 1)), [0, 0, 1, "-0", 1, NaN]);
  assert.deepEqual(signed(F.hardtanh(X(), -1, 0)), [-1, 0, 0, "-0", 0, NaN]);
  assert.deepEqual(signed(X().clamp(0)), [0, 0, 2, "-0", 7, NaN]);
  assert.deepEqual(signed(torch.tensor([-3, 0, 4], { dtype: "int64" }).relu()), [0, 0, 4]);
});

Deno.test("hardtanh's gradient is 1 strictly inside (min, max), 0 at and past the bounds", () => {
  const x = torch.tensor([-2, -1, -0.5, 0, 1, 3], { requiresGrad: true });
  F.hardtanh(x).sum().backward();
  assert.deepEqual(x.grad!.tolist(), [0, 0, 1, 1, 0, 0]);
  const y = torch.tensor([-1, 0, 3, 6, 7], { requiresGrad: true });
  F.relu6(y).sum().backward();
  assert.deepEqual(y.grad!.tolist(), [0, 0, 1, 0, 0]);
});

Deno.test("softmax / logSoftmax / softmin over an empty dim give an empty result, and backward runs", () => {
  for (
    const f of [
      (t: torch.Tensor) => t.softmax(1),
      (t: torch.Tensor) => t.logSoftmax(1),
      (t: torch.Tensor) => F.softmin(t, 1),
    ]
  ) {
    const x = torch.zeros(2, 0, { requiresGrad: true });
    const y = f(x);
    assert.deepEqual(y.shape, [2, 0]);
    y.sum().backward();
    assert.deepEqual(x.grad!.shape, [2, 0]);
  }
  assert.deepEqual(torch.zeros(0, 3, { dtype: "float64" }).softmax(1).shape, [0, 3]);
  assert.deepEqual(torch.logsumexp(torch.zeros(2, 0), 1).tolist(), [-Infinity, -Infinity]);
});

Deno.test("inplace=true activations and dropouts keep autograd right (their saved inputs are not overwritten)", () => {
  const cases: [string, (t: torch.Tensor, inplace: boolean) => torch.Tensor][] = [
    ["relu6", (t, i) => F.relu6(t, i)],
    ["silu", (t, i) => F.silu(t, i)],
    ["mish", (t, i) => F.mish(t, i)],
    ["hardsigmoid", (t, i) => F.hardsigmoid(t, i)],
    ["hardswish", (t, i) => F.hardswish(t, i)],
    ["dropout", (t, i) => F.dropout(t, 0.3, true, i)],
    ["dropout1d", (t, i) => F.dropout1d(t, 0.3, true, i)],
    ["alphaDropout", (t, i) => F.alphaDropout(t, 0.3, true, i)],
    ["featureAlphaDropout", (t, i) => F.featureAlphaDropout(t, 0.3, true, i)],
  ];
  for (const [name, f] of cases) {
    const run = (inplace: boolean) => {
      torch.manualSeed(7);
      const leaf = torch.linspace(-4, 4, 24).reshape(2, 3, 4).requiresGrad_();
      const mid = leaf.mul(1.5); // a tensor with history: in place is legal on it
      const y = f(mid, inplace);
      if (inplace) assert.equal(y, mid, name);
      y.mul(y).sum().backward();
      return [y.detach().tolist(), leaf.grad!.tolist()];
    };
    assert.deepEqual(run(true), run(false), name);
    // on a leaf that requires grad, PyTorch's error, before anything is drawn or written
    const leaf = torch.ones(2, 3, 4, { requiresGrad: true });
    assert.throws(() => f(leaf, true), /a leaf Variable that requires grad/, name);
    assert.deepEqual(leaf.detach().sum().item(), 24, name);
  }
});
