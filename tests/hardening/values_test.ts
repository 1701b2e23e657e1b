/**
 * Issue 13, values: a JS value that does not fit the dtype it is stored in
 * is a typed error (NumPy's OverflowError / ValueError, PyTorch's "value
 * cannot be converted to type uint8 without overflow"), never a wrapped
 * value. Expected results are NumPy 2.4's / PyTorch 2.13's for the same
 * Python values.
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";

Deno.test("np.array of integers beyond int64: OverflowError as a RangeError (NumPy: 'Python int too large')", () => {
  assert.throws(() => np.array([2n ** 70n]), /: Python int too large to convert to C long$/);
  assert.throws(() => np.array([2n ** 63n]), RangeError);
  assert.throws(() => np.array([-(2n ** 63n) - 1n]), RangeError);
  assert.deepEqual(np.array([2n ** 63n - 1n, -(2n ** 63n)]).tolist(), [2n ** 63n - 1n, -(2n ** 63n)]);
  // a bigint stored into a float dtype is its value: np.array([2**70], dtype=float) -> 1.1805916207174113e+21
  assert.deepEqual(np.array([2n ** 70n], { dtype: "float64" }).tolist(), [1.1805916207174113e21]);
  assert.throws(() => torch.tensor([2n ** 70n]), RangeError); // PyTorch: "Overflow when unpacking long long"
});

Deno.test("np.array([2 ** 63]): a JS number is a double, so the array is float64 (NumPy's np.array([2.0 ** 63]))", () => {
  // NumPy gives uint64 for the Python int 2**63 (dendrite has no uint64); for the double it is float64,
  // which is what a JS number is: never the wrapped int64 -2**63
  const a = np.array([2 ** 63]);
  assert.equal(a.dtype, "float64");
  assert.deepEqual(a.tolist(), [9223372036854775808]);
  assert.equal(np.array([2 ** 64, 1]).dtype, "float64");
  assert.equal(np.array([1e300]).dtype, "float64");
  assert.equal(np.array([-(2 ** 63)]).dtype, "int64"); // fits
  assert.equal(np.array([2 ** 62]).dtype, "int64");
  assert.throws(() => np.array([2 ** 63], { dtype: "int64" }), /Python int too large to convert to C long/);
});

Deno.test("integers that do not fit a smaller dtype, NaN and infinities into integer dtypes are RangeErrors", () => {
  // NumPy: OverflowError "Python integer 300 out of bounds for uint8"; ValueError "cannot convert float NaN to integer"
  assert.throws(() => np.array([300], { dtype: "uint8" }), /Python integer 300 out of bounds for uint8/);
  assert.throws(() => np.array([-1], { dtype: "uint8" }), /out of bounds for uint8/);
  assert.throws(() => np.array([300.5], { dtype: "uint8" }), /Python integer 300 out of bounds for uint8/);
  assert.throws(() => np.array([2 ** 40], { dtype: "int32" }), /out of bounds for int32/);
  assert.throws(() => np.array([1e10], { dtype: "int32" }), /out of bounds for int32/);
  assert.throws(() => np.array([NaN], { dtype: "int32" }), /cannot convert float NaN to integer/);
  assert.throws(() => np.array([Infinity], { dtype: "int64" }), /: cannot convert float infinity to integer$/);
  // what fits is truncated toward zero, as Python's int()
  assert.deepEqual(np.array([2.7, -2.7, -0.5], { dtype: "int32" }).tolist(), [2, -2, 0]);
  assert.deepEqual(np.array([255, 0], { dtype: "uint8" }).tolist(), [255, 0]);
  assert.deepEqual(np.array([NaN, 0, 2], { dtype: "bool" }).tolist(), [true, false, true]);
  // PyTorch: RuntimeError "value cannot be converted to type uint8 without overflow" (uint8 wraps -1..-255)
  const overflow = (dt: string) => (e: Error) =>
    e instanceof torch.RuntimeError && e.message === `value cannot be converted to type ${dt} without overflow`;
  assert.throws(() => torch.tensor([300], { dtype: "uint8" }), overflow("uint8"));
  assert.throws(() => torch.tensor([NaN], { dtype: "int32" }), overflow("int32"));
  assert.deepEqual(torch.tensor([-1], { dtype: "uint8" }).tolist(), [255]);
});

Deno.test("full, fill and set check the value against the dtype", () => {
  // np.full([2], "x") is a '<U1' array in NumPy; dendrite has no string dtype: a TypeError
  assert.throws(() => np.full([2], "x" as never), TypeError);
  const a = np.zeros([2], { dtype: "int64" });
  assert.throws(() => a.fill("x" as never), TypeError); // NumPy: ValueError "invalid literal for int()"
  assert.throws(() => a.fill(NaN), RangeError); // NumPy: ValueError
  assert.throws(() => a.fill(2n ** 64n), RangeError);
  assert.throws(() => a.set([0], 2n ** 64n), RangeError);
  assert.deepEqual(a.tolist(), [0, 0]);
  const u = np.zeros([2], { dtype: "uint8" });
  assert.throws(() => u.fill(300), /out of bounds for uint8/);
  assert.throws(() => u.set([0], 300), /out of bounds for uint8/);
  assert.throws(() => u.set("0", -1), /out of bounds for uint8/);
  assert.throws(() => np.full([2], 300, { dtype: "uint8" }), RangeError);
  assert.deepEqual(u.tolist(), [0, 0]);
  // PyTorch: RuntimeError "value cannot be converted to type uint8_t without overflow"
  assert.throws(() => torch.full([2], 300, { dtype: "uint8" }), Error);
  assert.throws(() => torch.zeros([2], { dtype: "uint8" }).fill_(300), Error);
  assert.throws(() => torch.zeros([2], { dtype: "int64" }).fill_(NaN), Error);
  const t = torch.zeros([2], { dtype: "uint8" });
  assert.throws(
    () => t.set([0], 300),
    (e: Error) =>
      e instanceof torch.RuntimeError && e.message === "value cannot be converted to type uint8_t without overflow",
  );
  assert.deepEqual(t.tolist(), [0, 0]);
});

Deno.test("a ufunc's scalar that does not fit the array's dtype is NumPy 2's OverflowError", () => {
  assert.throws(() => np.add(np.zeros([2], { dtype: "uint8" }), 300), /out of bounds for uint8/);
  assert.throws(() => np.add(np.zeros([2], { dtype: "int64" }), 2n ** 70n), RangeError);
  // a float scalar promotes instead (NEP 50)
  assert.equal(np.add(np.zeros([2], { dtype: "int64" }), 2.5).dtype, "float64");
});

Deno.test("np.random.randint with bounds beyond int64 is refused (NumPy: 'high is out of bounds for int64')", () => {
  // a bound that is not a safe integer is the binder's TypeError; one past int64 is NumPy's ValueError
  const refused = (f: () => unknown) =>
    assert.throws(f, (e: Error) => e instanceof RangeError || e instanceof TypeError, f.toString());
  refused(() => np.random.randint(0, 2 ** 70, 3));
  refused(() => np.random.randint(-(2 ** 64), 0, 3));
  refused(() => np.random.randint(0, 2 ** 40, 3, { dtype: "int32" }));
  const r = np.random.randint(-(2 ** 52), 2 ** 52, 5) as np.NDArray;
  assert.equal(r.dtype, "int64");
  assert.ok((r.tolist() as number[]).every((v) => Math.abs(v) <= 2 ** 52));
  assert.throws(() => torch.randint(0, 2 ** 70, [3]), Error); // PyTorch: "Overflow when unpacking long long"
});
