/**
 * Issue 13, shapes: negative, fractional, NaN and oversized shapes are
 * typed errors wherever a shape enters (creation, the legacy Tensor
 * constructor, resize, broadcastTo, ranges), and lists that are not lists
 * of integers are refused by the binder. Bad shapes in .npy headers are
 * covered by tests/numpy/npy_validation_test.ts ("np.load rejects headers
 * with invalid shapes, naming the file and the field").
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";
import { AllocationError } from "../../src/core/errors.ts";

Deno.test("negative and fractional dims: RangeError or the binder's TypeError, never an array", () => {
  // PyTorch: RuntimeError "Trying to create tensor with negative dimension -2"; NumPy: ValueError
  assert.throws(() => torch.zeros(-2, -3), /negative or non-integer dimension -2/);
  assert.throws(() => torch.zeros([-2, 3]), RangeError);
  assert.throws(() => np.zeros([2, -1]), RangeError);
  assert.throws(() => np.ones(-1), RangeError);
  assert.throws(() => np.full([-1], 3), RangeError);
  // PyTorch: TypeError "argument 'size' must be tuple of ints, but found element of type float at pos 0"
  assert.throws(() => torch.zeros(2.5), /found element of type number \(2\.5\) at pos 0/);
  assert.throws(() => torch.zeros([2, NaN]), /found element of type number \(NaN\) at pos 1/);
  assert.throws(() => np.zeros([2 ** 53]), TypeError); // not a safe integer
  assert.throws(() => new torch.Tensor(-2, -3), RangeError);
  assert.throws(() => new torch.Tensor(2.5), RangeError);
  assert.throws(() => torch.FloatTensor(-1), RangeError);
});

Deno.test("resize to an invalid shape is refused and leaves the array as it was", () => {
  const x = np.arange(6);
  assert.throws(() => x.resize(-2, -3), RangeError);
  assert.throws(() => x.resize([2.5]), TypeError);
  assert.deepEqual(x.tolist(), [0, 1, 2, 3, 4, 5]);
  const t = torch.arange(6);
  // PyTorch's class and text for a negative size ("numel: integer multiplication overflow")
  assert.throws(() => t.resize_(-2, -3), torch.RuntimeError);
  assert.deepEqual(t.tolist(), [0, 1, 2, 3, 4, 5]);
});

Deno.test("broadcastTo a negative shape: NumPy's 'all elements of broadcast shape must be non-negative'", () => {
  assert.throws(() => np.broadcastTo(np.ones(1), [-3, -4]), /broadcast shape must be non-negative/);
  // torch's -1 keeps a dim; other negatives are errors
  assert.deepEqual(torch.ones([1, 3]).expand(2, -1).shape, [2, 3]);
  assert.throws(() => torch.ones([1]).expand(-3, -4), Error);
});

Deno.test("ranges with NaN or infinite bounds are RangeErrors (NumPy: 'arange: cannot compute length')", () => {
  assert.throws(() => np.arange(NaN), RangeError);
  assert.throws(() => np.arange(0, Infinity), RangeError);
  assert.throws(() => np.arange(0, 1, 0), RangeError);
  assert.throws(() => np.arange(0, 2 ** 60), RangeError); // cannot be allocated
  assert.throws(() => np.linspace(0, 1, -1), RangeError);
  assert.throws(() => torch.arange(NaN), Error);
});

Deno.test("torch sizes must be integers: an ndarray inside a size list is PyTorch's TypeError", () => {
  // PyTorch: TypeError "ones(): argument 'size' failed to unpack the object at pos 2 ..."
  assert.throws(
    () => torch.ones([2, np.arange(3).get("::-1")] as never),
    /ones\(\): argument 'size' \(position 1\) must be an integer or a list of integers, but found element of type NDArray at pos 1/,
  );
  assert.throws(() => torch.ones([2, torch.tensor(3)] as never), TypeError);
  assert.throws(() => torch.ones([2, 3n] as never), TypeError);
  assert.throws(() => np.zeros(["2"] as never), TypeError);
});

Deno.test("shapes are limited to 64 dims (NumPy's NPY_MAXDIMS), and sizes to 2^53 elements", () => {
  assert.throws(() => np.zeros(new Array(65).fill(1)), /maximum supported dimension/);
  let deep: unknown = 1;
  for (let i = 0; i < 70; i++) deep = [deep];
  assert.throws(() => np.array(deep as never), /maximum supported dimension/);
  for (let i = 0; i < 5000; i++) deep = [deep];
  assert.throws(() => np.array(deep as never), RangeError); // no stack overflow walking it
  assert.equal(np.zeros(new Array(64).fill(1)).ndim, 64);
  assert.throws(() => np.broadcastTo(np.ones(1), [2 ** 30, 2 ** 30, 2 ** 30]), /too big/);
  assert.throws(() => np.zeros([2 ** 40, 2 ** 40]), RangeError);
});

Deno.test("a shape list is read once: a Proxy or a sparse list cannot change it after the check", () => {
  let n = 0;
  const lying = new Proxy([2, 3], { get: (t, k) => (k === "0" ? (n++ ? 1e9 : 2) : Reflect.get(t, k)) });
  const a = np.zeros(lying as never);
  assert.deepEqual(a.shape, [2, 3]);
  assert.throws(() => np.zeros(new Array(5) as never), TypeError);
  assert.throws(() => np.zeros(new Array(1e9) as never), TypeError); // refused at the first hole, at once
});

Deno.test("memory that cannot be had is an AllocationError (a RangeError) naming the op, the shape, dtype and bytes", () => {
  // NumPy: numpy._core._exceptions._ArrayMemoryError "Unable to allocate 2.00 PiB for an array with shape
  // (16777216, 16777216) and data type float64". 2^51 bytes is past any machine's address space.
  const big = [2 ** 24, 2 ** 24];
  const msg = (op: string, dtype: string, bytes: number) =>
    new RegExp(`^${op}: cannot allocate ${bytes} bytes for an array of shape \\[16777216, 16777216\\] \\(${dtype}\\)`);
  const row = np.ones([2 ** 24], { dtype: "uint8" }), col = row.reshape(2 ** 24, 1);
  const cases: [string, () => unknown, RegExp][] = [
    ["np.zeros", () => np.zeros(big), msg("zeros", "float64", 2 ** 51)],
    ["np.empty", () => np.empty(big, { dtype: "uint8" }), msg("empty", "uint8", 2 ** 48)],
    ["torch.ones", () => torch.ones(big), msg("ones", "float32", 2 ** 50)],
    ["np.add (broadcast result)", () => np.add(col, row), msg("add", "uint8", 2 ** 48)],
    ["a method", () => col.add(row), msg("add", "uint8", 2 ** 48)],
    ["np.outer", () => np.outer(row, row), msg("outer", "uint8", 2 ** 48)],
  ];
  for (const [what, f, re] of cases) {
    assert.throws(f, (e: unknown) => {
      assert.ok(e instanceof AllocationError && e instanceof RangeError, `${what}: ${e}`);
      assert.match(e.message, re, what);
      assert.deepEqual([e.shape, e.op], [big, re.source.slice(1, re.source.indexOf(":"))], what);
      return true;
    });
  }
  // more elements than 2^53: refused before asking the allocator
  assert.throws(
    () => np.eye(2 ** 27),
    /eye: cannot allocate more than 2\^53 bytes for an array of shape \[134217728, 134217728\]/,
  );
  // the random streams allocate directly: still the shape, dtype and bytes
  assert.throws(
    () => np.random.random([2 ** 48]),
    /cannot allocate 2251799813685248 bytes for an array of shape \[281474976710656\] \(float64\)/,
  );
  // nothing was left half-made: the next allocation works
  assert.equal(np.ones([3]).sum().item(), 3);
});
