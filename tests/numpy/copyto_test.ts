import assert from "node:assert/strict";
import { np } from "../../mod.ts";

// Messages and outcomes as NumPy 2.4 gives them for the same calls.
Deno.test("np.copyto writes in place with NumPy's casting rules, broadcasting and where", () => {
  const a = np.zeros(3, { dtype: "int64" });
  np.copyto(a, 7);
  assert.deepEqual(a.tolist(), [7, 7, 7]);
  np.copyto(a, 2, { where: np.array([true, false, true]) });
  assert.deepEqual(a.tolist(), [2, 7, 2]);
  np.copyto(a, 1.5, "unsafe");
  assert.deepEqual(a.tolist(), [1, 1, 1]);
  np.copyto(a, np.array([4, 5, 6], { dtype: "int32" }), { casting: "safe" });
  assert.deepEqual(a.tolist(), [4, 5, 6]);
  const b = np.zeros([2, 3]);
  np.copyto(b, np.array([[1, 2, 3]])); // broadcast over rows
  np.copyto(b.get(0), np.array([[[9, 9, 9]]])); // leading ones beyond dst's rank are dropped
  assert.deepEqual(b.tolist(), [[9, 9, 9], [1, 2, 3]]);
  const c = np.arange(6, { dtype: "float64" });
  np.copyto(c.get("1:"), c.get(":-1")); // an overlapping source is read before it is written
  assert.deepEqual(c.tolist(), [0, 0, 1, 2, 3, 4]);
});

Deno.test("np.copyto and astype refuse what NumPy's casting rule refuses", () => {
  const a = np.zeros(3, { dtype: "int64" });
  const cast = (from: string, rule: string) =>
    new RegExp(
      `Cannot cast array data from dtype\\('${from}'\\) to dtype\\('int64'\\) according to the rule '${rule}'`,
    );
  assert.throws(() => np.copyto(a, np.ones(3)), cast("float64", "same_kind"));
  assert.throws(() => np.copyto(a, np.ones(3, { dtype: "int32" }), "no"), cast("int32", "no"));
  assert.throws(() => np.copyto(a, np.ones(3, { dtype: "uint8" }), "equiv"), cast("uint8", "equiv"));
  assert.throws(() => np.ones(3).astype("int64", { casting: "safe" }), cast("float64", "safe"));
  assert.throws(
    () => np.copyto(a, 1.5),
    /Cannot cast scalar from dtype\('float64'\) to dtype\('int64'\) according to the rule 'same_kind'/,
  );
  assert.throws(() => np.copyto(np.zeros(2, { dtype: "bool" }), 1), /Cannot cast scalar from dtype\('int64'\)/);
  assert.throws(() => np.copyto(np.zeros(3, { dtype: "uint8" }), 300), /Python integer 300 out of bounds for uint8/);
  assert.throws(
    () => np.copyto(a, 2, { where: np.array([1, 0, 1]) }),
    /Cannot cast array data from dtype\('int64'\) to dtype\('bool'\) according to the rule 'safe'/,
  );
  assert.throws(
    () => np.copyto(np.zeros([3, 4]), np.ones([2, 3])),
    (e) => e instanceof RangeError && /from shape \(2,3\) into shape \(3,4\)/.test(e.message),
  );
  assert.throws(() => np.copyto(a, np.ones(3), "bogus"), /casting must be one of 'no', 'equiv', 'safe'/);
  assert.throws(() => np.copyto([1, 2] as never, 1), /argument 'dst' \(position 1\) must be an array, not Array/);
  assert.deepEqual(a.tolist(), [0, 0, 0], "nothing written by a refused call");
});
