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

Deno.test("a spread parameter given by name must be a list, and a spread list may not have holes", () => {
  // (each reached the op as a value it could not read: "a.args.map is not a function")
  assert.throws(
    () => np.broadcastShapes({ args: null } as never),
    /broadcastShapes\(\): argument 'args' must be a list, not null/,
  );
  assert.throws(() => torch.broadcastShapes({ shapes: -0 } as never), /argument 'shapes' must be a list, not number/);
  assert.throws(() => np.resultType({ arraysAndDtypes: -1 } as never), /argument 'arraysAndDtypes' must be a list/);
  assert.throws(
    () => np.gradient(np.arange(3), { varargs: 0n } as never),
    /argument 'varargs' must be a list, not bigint/,
  );
  assert.throws(
    () => np.broadcastShapes(new Array(5) as never),
    /argument 'args' \(position 1\) must be a list without holes/,
  );
  assert.throws(
    () => np.broadcastShapes({ args: [[2], , [2]] } as never),
    /argument 'args' must be a list without holes/,
  );
  // lists still work both ways
  assert.deepEqual(np.broadcastShapes({ args: [[2], [3, 1]] } as never), [3, 2]);
  assert.deepEqual(np.broadcastShapes([2], [3, 1]), [3, 2]);
});

Deno.test("values the binder passes through ('any' parameters) are checked by their ops, with named errors", () => {
  let reads = 0;
  // a list whose length changes between reads: block reads it once
  const lying = new Proxy([1, 2, 3], {
    get: (t, k) => (k === "length" ? (reads++ % 2 ? 3 : 10000) : Reflect.get(t, k)),
  });
  assert.throws(() => np.block(lying as never), /block: cannot make an array from undefined/);
  assert.throws(() => np.lexsort(new Array(3) as never), /lexsort: cannot make an array from undefined/);
  const x = np.arange(3);
  assert.throws(
    () => np.histogram2d(x, x, null as never),
    /histogram2d\(\): bins must be an integer, a list or an array, not null/,
  );
  assert.throws(
    () => np.linalg.norm(np.ones([2, 2]), Symbol() as never),
    /norm\(\): argument 'ord' must be a number, "fro" or "nuc", not symbol/,
  );
  assert.throws(() => np.linalg.norm(np.ones([2]), { ord: [] } as never), /argument .ord. must be a number/);
  assert.throws(
    () => torch.linalg.matrixNorm(torch.ones([2, 2]), Symbol() as never),
    /linalg.matrix_norm: Order Symbol\(\) not supported/,
  );
  // PyTorch: spacing must be numbers or Tensors (an ndarray is neither)
  assert.throws(
    () => torch.gradient(torch.ones([2]), { spacing: [np.ones([2])] } as never),
    /argument 'spacing' must be/,
  );
  // a bigint or bool mean / std is its number, as Python's float() makes it
  assert.deepEqual(torch.normal(torch.ones([2]), 0n as never).tolist(), [1, 1]);
  assert.deepEqual(torch.normal(true as never, torch.zeros([2])).tolist(), [1, 1]);
});
