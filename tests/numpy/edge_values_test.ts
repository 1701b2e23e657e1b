/**
 * NumPy corner cases found by a hostile probe (each checked against NumPy 2.4): a dtype asked of a reduction is the
 * result's, an empty max/min is its initial, |-0| and sign(-0) are +0.
 */
import assert from "node:assert/strict";
import { np } from "../../mod.ts";

const signs = (a: np.NDArray) => (a.tolist() as number[]).map((v) => (Object.is(v, -0) ? "-0" : String(v)));

Deno.test("a dtype given to sum/prod/cumsum is the result's (integers wrap as NumPy's)", () => {
  const u8 = np.array([200, 100], { dtype: "uint8" });
  let r = np.sum(u8, { dtype: "uint8" });
  assert.deepEqual([r.dtype, r.tolist()], ["uint8", 44]);
  r = np.prod(np.array([65536, 65536], { dtype: "int32" }), { dtype: "int32" });
  assert.deepEqual([r.dtype, r.tolist()], ["int32", 0]);
  r = np.cumsum(u8, { dtype: "uint8" });
  assert.deepEqual([r.dtype, r.tolist()], ["uint8", [200, 44]]);
  r = np.sum(np.array([1.5, 2.7]), { dtype: "int32" }); // each element cast first: 1 + 2
  assert.deepEqual([r.dtype, r.tolist()], ["int32", 3]);
  r = u8.sum({ dtype: "uint8" });
  assert.deepEqual([r.dtype, r.tolist()], ["uint8", 44]);
});

Deno.test("max/min of nothing is their initial", () => {
  assert.deepEqual(np.max(np.array([]), { initial: 5 }).tolist(), 5);
  assert.deepEqual(np.min(np.zeros([0, 3]), { axis: 0, initial: -1 }).tolist(), [-1, -1, -1]);
  assert.throws(() => np.max(np.array([])), /zero-size array/);
});

Deno.test("abs and sign of -0 are +0; sign of NaN is NaN", () => {
  const x = np.array([-0.5, -0.0, 0.0, NaN, -3]);
  assert.deepEqual(signs(np.abs(x)), ["0.5", "0", "0", "NaN", "3"]);
  assert.deepEqual(signs(np.abs(x.astype("float32"))), ["0.5", "0", "0", "NaN", "3"]);
  assert.deepEqual(signs(np.sign(x)), ["-1", "0", "0", "NaN", "-1"]);
});

Deno.test("unique merges NaNs (equalNan, NumPy 2's default); searchsorted puts NaN last; choice refuses NaN p", () => {
  const x = np.array([NaN, 2, 1, NaN, 1]);
  const [u, idx, inv, counts] = np.unique(x, {
    returnIndex: true,
    returnInverse: true,
    returnCounts: true,
  }) as np.NDArray[];
  assert.deepEqual([u.tolist(), idx.tolist(), inv.tolist(), counts.tolist()], [
    [1, 2, NaN],
    [2, 1, 0],
    [2, 1, 0, 2, 0],
    [2, 1, 2],
  ]);
  assert.deepEqual((np.unique(x, { equalNan: false }) as np.NDArray).tolist(), [1, 2, NaN, NaN]);
  assert.deepEqual(np.searchsorted(np.array([1, 2, NaN]), np.array([NaN, 3])).tolist(), [2, 2]);
  assert.deepEqual(np.searchsorted(np.array([1, 2, NaN, NaN]), np.array([NaN, 2]), { side: "right" }).tolist(), [4, 2]);
  assert.throws(() => np.random.choice(3, 2, { p: [NaN, 0.5, 0.5] }), /probabilities contain NaN/);
  assert.throws(() => np.random.choice(3, 2, { p: [Infinity, 0.5, 0.5] }), /probabilities contain NaN/);
});

Deno.test("linspace's step is NaN where there is no interval", () => {
  assert.ok(Number.isNaN(np.linspace(0, 1, 1, { retstep: true })[1] as number));
  assert.ok(Number.isNaN(np.linspace(0, 1, 0, { retstep: true })[1] as number));
  assert.equal(np.linspace(0, 1, 1, { endpoint: false, retstep: true })[1], 1);
  assert.equal(np.linspace(0, 1, 5, { retstep: true })[1], 0.25);
});

Deno.test("nanmax/nanmin leave NaNs out; a slice of NaNs only is NaN unless an initial is given", () => {
  const a = np.array([[1, NaN, 3], [NaN, NaN, NaN]]);
  assert.equal(np.nanmax(a).tolist(), 3);
  assert.deepEqual(np.nanmax(a, 1).tolist(), [3, NaN]);
  assert.deepEqual(np.nanmin(a, { axis: 0, keepdims: true }).tolist(), [[1, NaN, 3]]);
  assert.deepEqual(np.nanmax(a, 1, { initial: 10 }).tolist(), [10, 10]);
  assert.equal(np.nanmax(np.array([-Infinity, NaN])).tolist(), -Infinity);
  assert.equal(np.nanmax(np.array([1, 5], { dtype: "int32" })).dtype, "int32");
  assert.throws(() => np.nanmax(np.array([])), /zero-size array/);
});

Deno.test("arange into an integer dtype: its first two values must fit (NumPy's), later ones wrap; step 0", () => {
  assert.throws(() => np.arange(-2, 2, 1, { dtype: "uint8" }), /Python integer -2 out of bounds for uint8/);
  assert.throws(() => np.arange(0, -5, -1, { dtype: "uint8" }), /Python integer -1 out of bounds for uint8/);
  assert.deepEqual(np.arange(3, -5, -1, { dtype: "uint8" }).tolist(), [3, 2, 1, 0, 255, 254, 253, 252]);
  assert.deepEqual(np.arange(0, 5, 300, { dtype: "uint8" }).tolist(), [0]);
  assert.deepEqual(np.arange(-3, null, 1, { dtype: "uint8" }).tolist(), []);
  assert.throws(() => np.arange(0, 5, 0), /division by zero/);
});

Deno.test("max/min/nanmax with a where mask and no initial: NumPy's error naming the ufunc", () => {
  const x = np.array([1, 2]), m = np.array([true, false]);
  assert.throws(() => np.max(x, { where: m }), /reduction operation 'maximum' does not have an identity/);
  assert.throws(() => np.min(x, { where: m }), /reduction operation 'minimum' does not have an identity/);
  assert.throws(() => np.nanmax(x, { where: m }), /reduction operation 'fmax' does not have an identity/);
  assert.equal(np.max(x, { where: m, initial: 0 }).tolist(), 1);
});
