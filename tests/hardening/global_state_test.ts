/**
 * Issue 13, global state: a junk argument to a function that sets
 * process-wide state (gradient mode, default dtype, seeds, the pool limit)
 * is a typed error and leaves the state as it was, so one bad call cannot
 * break every later op. PyTorch: `torch.set_grad_enabled("x")` is a
 * TypeError ("enabled must be a bool (got str)").
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";

Deno.test("setGradEnabled, noGrad and enableGrad refuse junk and keep the mode a boolean", () => {
  for (const junk of ["x", 1, null, {}, new Proxy({}, {})]) {
    assert.throws(() => torch.setGradEnabled(junk as never), /setGradEnabled: enabled must be a boolean/);
    assert.equal(torch.isGradEnabled(), true);
  }
  assert.throws(() => torch.noGrad("x" as never), /noGrad: expected a function, not string/);
  assert.throws(() => torch.enableGrad(3 as never), /enableGrad: expected a function, not number/);
  assert.equal(torch.isGradEnabled(), true);
  // a function that throws restores the mode
  assert.throws(() =>
    torch.noGrad(() => {
      throw new RangeError("inside");
    }), RangeError);
  assert.equal(torch.isGradEnabled(), true);
  const w = torch.ones([2], { requiresGrad: true });
  w.mul(2).sum().backward();
  assert.deepEqual(w.grad!.tolist(), [2, 2]);
});

Deno.test("default dtype, seeds and the pool limit refuse junk and keep their values", () => {
  for (const junk of ["int64", "int8", {}, null, 3]) {
    assert.throws(() => torch.setDefaultDtype(junk as never), TypeError);
  }
  assert.equal(torch.getDefaultDtype(), "float32");
  for (const junk of [1.5, NaN, "1", 2 ** 70, 2n ** 70n]) {
    assert.throws(
      () => torch.manualSeed(junk as never),
      (e: Error) => e instanceof TypeError || e instanceof RangeError,
    );
  }
  for (const junk of [-1, 2 ** 40, 1.5, NaN]) {
    assert.throws(() => np.random.seed(junk), (e: Error) => e instanceof TypeError || e instanceof RangeError);
  }
  for (const junk of [-1, NaN, "x"]) assert.throws(() => torch.setPoolLimit(junk as never), RangeError);
  // NumPy: TypeError "SeedSequence expects int or sequence of ints for entropy" (it was BigInt's SyntaxError); `{}` is
  // no junk here: defaultRng takes its seed in a trailing options object too, so `{}` is the default seed
  for (const junk of [[[1, 2], [3]], ["1"], [1.5]]) {
    assert.throws(() => np.random.defaultRng(junk as never), /SeedSequence expects int or sequence of ints/);
  }
  torch.manualSeed(0);
  assert.deepEqual(torch.rand(2).tolist(), [0.49625658988952637, 0.7682217955589294]); // torch.manual_seed(0); torch.rand(2)
});

Deno.test("a tensor's autograd fields refuse junk, so backward never walks a junk graph", () => {
  const w = torch.ones([2], { requiresGrad: true });
  const set = (k: string, v: unknown) => () => {
    (w as unknown as Record<string, unknown>)[k] = v;
  };
  assert.throws(set("gradFn", "x"), /gradFn must be an autograd node or null, not string/);
  assert.throws(set("gradFn", { next: 1 }), TypeError);
  assert.throws(set("grad", "x"), /assigned grad expected to be a Tensor or None/); // PyTorch's words
  assert.throws(set("grad", torch.ones([5])), /attempting to assign a gradient of size '\[5\]'/);
  assert.throws(set("requiresGrad", "x"), TypeError);
  assert.throws(set("data", [1, 2]), TypeError);
  for (const k of ["shape", "dtype", "device", "isLeaf", "layout", "storage"]) assert.throws(set(k, "x"), TypeError, k);
  w.mul(w).sum().backward();
  assert.deepEqual(w.grad!.tolist(), [2, 2]);
});
