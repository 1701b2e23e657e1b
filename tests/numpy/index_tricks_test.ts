import assert from "node:assert/strict";
import { np } from "../../mod.ts";
import { assertMatches, numpy } from "../helpers/oracle.ts";

// [dendrite call, the NumPy expression it mirrors]
const CASES: [() => unknown, string][] = [
  [() => np.r_("1:4", [0, 0], 5), "np.r_[1:4, [0, 0], 5]"],
  [() => np.r_("0:1:3j"), "np.r_[0:1:3j]"],
  [() => np.r_("-1:1:6j", [0], 5), "np.r_[-1:1:6j, [0], 5]"],
  [() => np.r_("0.5:2"), "np.r_[0.5:2]"],
  [() => np.r_("0:10:3"), "np.r_[0:10:3]"],
  [() => np.r_(np.array([1, 2], { dtype: "int32" }), 5.5), "np.r_[np.array([1, 2], np.int32), 5.5]"],
  [() => np.r_(np.array([1, 2], { dtype: "float32" }), 5), "np.r_[np.array([1, 2], np.float32), 5]"],
  [() => np.r_("0,2", [1, 2], [3, 4]), "np.r_['0,2', [1, 2], [3, 4]]"],
  [() => np.r_("1,2", [1, 2], [3, 4]), "np.r_['1,2', [1, 2], [3, 4]]"],
  [() => np.r_("0,2,0", [1, 2, 3], [4, 5, 6]), "np.r_['0,2,0', [1, 2, 3], [4, 5, 6]]"],
  [() => np.r_("-1,2,0", [1, 2, 3], [4, 5, 6]), "np.r_['-1,2,0', [1, 2, 3], [4, 5, 6]]"],
  [() => np.r_("0,3,0", [1, 2], [3, 4]), "np.r_['0,3,0', [1, 2], [3, 4]]"],
  [
    () => np.r_("2,3,-1", np.arange(4).reshape(2, 2), np.ones([2, 2])),
    "np.r_['2,3,-1', np.arange(4).reshape(2, 2), np.ones((2, 2))]",
  ],
  [() => np.r_("1", np.ones([2, 2]), np.zeros([2, 1])), "np.r_['1', np.ones((2, 2)), np.zeros((2, 1))]"],
  [() => np.r_("r", [1, 2], [3]), "np.asarray(np.r_['r', [1, 2], [3]])"],
  [() => np.r_("c", [1, 2], [3]), "np.asarray(np.r_['c', [1, 2], [3]])"],
  [() => np.c_([1, 2], [3, 4]), "np.c_[[1, 2], [3, 4]]"],
  [() => np.c_(np.array([[1, 2], [3, 4]]), [5, 6]), "np.c_[np.array([[1, 2], [3, 4]]), [5, 6]]"],
  [() => np.c_("0:3", [1.5, 2, 3]), "np.c_[0:3, [1.5, 2, 3]]"],
  [
    () => np.c_(np.array([[1, 2, 3]]), 0, 0, np.array([[4, 5, 6]])),
    "np.c_[np.array([[1,2,3]]), 0, 0, np.array([[4,5,6]])]",
  ],
  [() => np.mgrid("0:2", "0:3"), "np.mgrid[0:2, 0:3]"],
  [() => np.mgrid("0:2, 0:3"), "np.mgrid[0:2, 0:3]"],
  [() => np.mgrid("-1:1:5j"), "np.mgrid[-1:1:5j]"],
  [() => np.mgrid("0:1:3j", "0:2"), "np.mgrid[0:1:3j, 0:2]"],
  [() => np.mgrid("0:5:2"), "np.mgrid[0:5:2]"],
  [() => np.mgrid("0:5,"), "np.mgrid[0:5,]"],
  [() => np.mgrid("0:1:0.25", "1:3"), "np.mgrid[0:1:0.25, 1:3]"],
  [() => np.mgrid("3:0:-1"), "np.mgrid[3:0:-1]"],
  [() => np.mgrid("0:3:1j"), "np.mgrid[0:3:1j]"],
  [() => np.ogrid("0:2", "0:3"), "np.ogrid[0:2, 0:3]"],
  [() => np.ogrid("0:1:3j", "2:4"), "np.ogrid[0:1:3j, 2:4]"],
  [() => np.ogrid("0:4"), "np.ogrid[0:4]"],
];

Deno.test("np.r_, np.c_, np.mgrid and np.ogrid match the NumPy expressions they mirror", async () => {
  const expected = await numpy(CASES.map(([, expr]) => ({ expr })));
  CASES.forEach(([f, expr], i) => {
    const e = expected[i];
    assert.ok("value" in e, `${expr}: ${JSON.stringify(e)}`);
    assertMatches(f(), e.value, expr, { rtol: 0, atol: 0 });
  });
});

Deno.test("np.s_ and np.indexExp build indices get/set use as NumPy's do", async () => {
  const a = np.arange(24).reshape(2, 3, 4);
  const pairs: [unknown, string][] = [
    [a.get(np.s_("1:", "::2") as np.Index), "a[np.s_[1:, ::2]]"],
    [a.get(np.s_("1, ..., ::-1") as np.Index), "a[np.s_[1, ..., ::-1]]"],
    [a.get(np.s_(0, null, "1:3") as np.Index), "a[np.s_[0, None, 1:3]]"],
    [a.get(np.s_([1, 0]) as np.Index), "a[np.s_[[1, 0]]]"],
    [a.get(np.indexExp("::-1")), "a[np.index_exp[::-1]]"],
    [a.get(np.indexExp(1, "2")), "a[np.index_exp[1, 2]]"],
  ];
  const expected = await numpy(pairs.map(([, expr]) => ({ expr, setup: "a = np.arange(24).reshape(2, 3, 4)" })));
  pairs.forEach(([got, expr], i) => assertMatches(got, (expected[i] as { value: never }).value, expr));
  // one part comes back alone (NumPy's s_[1:3] is a slice), several as a list (its tuple)
  assert.deepEqual(np.s_("1:3"), np.slice(1, 3));
  assert.equal(np.s_(3), 3);
  assert.deepEqual(np.s_("1:3,"), [np.slice(1, 3)]);
  assert.deepEqual(np.indexExp("1:3"), [np.slice(1, 3)]);
  assert.deepEqual(np.s_("1:", "::2"), [np.slice(1, null), np.slice(null, null, 2)]);
  const b = np.zeros(6);
  b.set(np.indexExp("::2"), 1);
  assert.deepEqual(b.tolist(), [1, 0, 1, 0, 1, 0]);
});

Deno.test("index tricks refuse what NumPy refuses", () => {
  assert.throws(() => np.r_([1], "0,2"), {
    name: "RangeError",
    message: "special directives must be the first entry.",
  });
  assert.throws(() => np.r_("x,y", [1]), { name: "RangeError", message: "unknown special directive 'x,y'" });
  assert.throws(() => np.r_("abc", [1]), RangeError);
  assert.throws(() => np.mgrid("0:2", "abc"), TypeError);
  assert.throws(() => np.r_("0:a"), TypeError);
  assert.throws(() => np.r_([[1, 2]], [1, 2]), RangeError); // concatenate's dimension mismatch
  assert.deepEqual(np.r_().tolist(), []);
});

Deno.test("mgrid / ogrid: no slices as NumPy's [()], and junk arguments are a TypeError naming the op", () => {
  const empty = np.mgrid() as np.NDArray;
  assert.deepEqual([empty.dtype, empty.shape], ["int64", [0]]); // np.mgrid[()]
  assert.deepEqual(np.ogrid(), []); // np.ogrid[()] is ()
  assert.throws(() => np.mgrid(np.ones([2]) as never), /mgrid: expected slice strings/);
  assert.throws(() => np.ogrid("0:2", 5 as never), /ogrid: expected slice strings/);
});
