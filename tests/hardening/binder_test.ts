/**
 * Issue 13, the binder: what it checks once for every generated function
 * and method. Device objects are read once (a copy) and need a string type
 * and an index that is null or a non-negative integer (torch.device:
 * "Device index must not be negative"); torch.device checks its own
 * arguments the same way.
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";

Deno.test("device objects: a string type and a null or non-negative integer index, read once", () => {
  for (const index of [-5, 1.5, "0", NaN, 2 ** 53, {}]) {
    assert.throws(
      () => torch.ones([2], { device: { type: "cpu", index } as never }),
      /ones\(\): argument 'device' must be a device \("cpu", "cuda:1" or \{ type, index \} with an integer index >= 0\)/,
      String(index),
    );
  }
  assert.throws(() => torch.ones([2], { device: { type: 3 } as never }), TypeError);
  assert.equal(torch.ones([2], { device: { type: "cpu", index: null } }).device, "cpu");
  assert.equal(torch.zeros([2], { device: torch.device("cpu") }).device, "cpu");
  // a getter that answers "cpu" to the check and something else later is read once
  let n = 0;
  const flipping = {
    get type() {
      return n++ === 0 ? "cpu" : "cuda";
    },
    index: null,
  };
  assert.equal(torch.ones([2], { device: flipping as never }).device, "cpu");
  assert.equal(n, 1);
});

Deno.test("torch.device checks its spec and index (PyTorch: 'Device index must not be negative')", () => {
  assert.throws(() => torch.device("cuda", -1), /Device index must not be negative/);
  assert.throws(() => torch.device("cuda", 1.5), /Device index must not be negative or fractional, got 1.5/);
  assert.throws(() => torch.device({} as never), /device\(\): expected a device string or a device, not object/);
  assert.throws(() => torch.device("cpu:-1"), /Invalid device string: 'cpu:-1'/);
  assert.equal(String(torch.device("cuda", 1)), "cuda:1");
});

Deno.test("np.save / savez / load take path strings only (a RegExp read the file '')", async () => {
  for (const junk of [/x/, 3, null, undefined, {}, ["a.npy"]]) {
    await assert.rejects(() => np.load(junk as never), /load\(\): the file must be a path string/);
    await assert.rejects(() => np.save(junk as never, np.ones(2)), /save\(\): the file must be a path string/);
    await assert.rejects(() => np.savez(junk as never, [np.ones(2)]), /savez\(\): the file must be a path string/);
  }
});
