/** Indexing (basic views, fancy, masks, assignment), shape ops and joins against NumPy, plus view/copy semantics. */
import assert from "node:assert/strict";
import { np } from "../../mod.ts";
import { build, checkRuns, randomInput, rng, type Run } from "../helpers/oracle.ts";

const runs: Run[] = [];
const r = rng(5);
const x = randomInput(r, "int64", [4, 5, 6]);
const f = randomInput(r, "float32", [4, 5, 6], "::-1, 1:, ::2");

const GETS = [
  "1",
  "-1",
  "1:3",
  "::-1",
  "::-2, 1",
  "..., 0",
  "..., None, 1:4",
  "None, 2, ..., ::3",
  "1:3, ::-1, ..., None",
  "-3:, :2, -1",
  "10:",
  ":, 7:1:-2",
  "::, 1::2, ::-3",
];
for (const g of GETS) {
  for (const inp of [x, f]) runs.push({ c: { expr: `a[${g}]`, inputs: { a: inp } }, ours: () => build(inp).get(g) });
}
// advanced indexing: integer arrays, masks, mixtures (NumPy's dim placement rules)
const ADV: [string, () => unknown[]][] = [
  ["[0, 2, -1]", () => [[0, 2, -1]]],
  ["[0, 1], [2, 3]", () => [[0, 1], [2, 3]]],
  ["np.array([[0, 1], [2, 3]])", () => [np.array([[0, 1], [2, 3]])]],
  [":, [1, 3]", () => [np.slice(), [1, 3]]],
  [":, [1, 3], 2", () => [np.slice(), [1, 3], 2]],
  ["[1, 3], :, [0, 5]", () => [[1, 3], np.slice(), [0, 5]]],
  ["[0, 1], None, [2, 3]", () => [[0, 1], null, [2, 3]]],
  ["..., [0, 0, 1]", () => ["...", [0, 0, 1]]],
  ["1, [0, 2], ::2", () => [1, [0, 2], np.slice(null, null, 2)]],
];
for (const [py, ts] of ADV) {
  for (const inp of [x, f]) {
    runs.push({
      c: { expr: `a[${py}]`, inputs: { a: inp } },
      ours: () => build(inp).get(ts() as np.Index[]),
    });
  }
}
runs.push({ c: { expr: "a[a > 0]", inputs: { a: x } }, ours: () => build(x).get([build(x).greater(0)]) });
runs.push({
  c: { expr: "a[:, (a > 0)[0, :, 0]]", inputs: { a: f } },
  ours: () => build(f).get([np.slice(), build(f).greater(0).get("0, :, 0")]),
});
runs.push({
  c: { expr: "a[(a > 0)[..., 0]]", inputs: { a: x } },
  ours: () => build(x).get([build(x).greater(0).get("..., 0")]),
});
// the kernel's two walks: a block per index (rows of 16 or more contiguous elements) or, for short or strided rows,
// every index inside each position of the rest (over threads when large); bool is one byte per element
{
  const big = randomInput(r, "float32", [300, 400]), bools = randomInput(r, "bool", [4, 5, 6]);
  const cols = Array.from({ length: 500 }, (_, i) => (i * 37) % 400 - 200);
  runs.push({
    c: { expr: `a[:, ${JSON.stringify(cols)}]`, inputs: { a: big } },
    ours: () => build(big).get([np.slice(), cols]),
  });
  runs.push({
    c: { expr: `a[${JSON.stringify(cols.slice(0, 50).map((c) => c % 300))}]`, inputs: { a: big } },
    ours: () => build(big).get([cols.slice(0, 50).map((c) => c % 300)]),
  });
  runs.push({
    c: { expr: "a[::-3, ::2][:, [5, 0, 5]]", inputs: { a: big } },
    ours: () => build(big).get("::-3, ::2").get([np.slice(), [5, 0, 5]]),
  });
  const BOOL_GETS: [string, np.Index[]][] = [
    ["a[:, [1, 3]]", [np.slice(), [1, 3]]],
    ["a[..., [0, 0, 5]]", ["...", [0, 0, 5]]],
    ["a[[3, 0], :, 1:]", [[3, 0], np.slice(), np.slice(1)]],
  ];
  for (const [py, parts] of BOOL_GETS) {
    runs.push({ c: { expr: py, inputs: { a: bools } }, ours: () => build(bools).get(parts) });
  }
  runs.push({
    c: { expr: "a", setup: `a = a.copy()\na[..., [0, 2, 0]] = np.array([True, False, False])`, inputs: { a: bools } },
    ours: () => {
      const a = build(bools).copy();
      a.set(["...", [0, 2, 0]], np.array([true, false, false]));
      return a;
    },
  });
}
// assignment
const SETS: [string, (a: np.NDArray) => void][] = [
  ["a[1:3, ::-1] = 7", (a) => a.set("1:3, ::-1", 7)],
  ["a[..., 0] = np.arange(5)", (a) => a.set("..., 0", np.arange(5))],
  ["a[[0, 2], 1] = -1", (a) => a.set([[0, 2], 1], -1)],
  ["a[a > 0] = 0", (a) => a.set([a.greater(0)], 0)],
  [
    "a[:, [1, 3], 2] = np.array([[5], [6], [7], [8]])",
    (a) => a.set([np.slice(), [1, 3], 2], np.array([[5], [6], [7], [8]])),
  ],
  ["a[[1, 1, 1]] = a[0]", (a) => a.set([[1, 1, 1]], a.get(0))],
  ["a[1:] = a[:-1]", (a) => a.set("1:", a.get(":-1"))],
  ["a[::2] = 2.7", (a) => a.set("::2", 2.7)],
  // repeated indices along a strided row: the last write wins at every position
  [
    "a[:, [1, 3, 1], 2] = np.arange(12).reshape(4, 3)",
    (a) => a.set([np.slice(), [1, 3, 1], 2], np.arange(12).reshape(4, 3)),
  ],
  ["a[..., [0, 2, 0]] = np.array([1, 2, 3])", (a) => a.set(["...", [0, 2, 0]], np.array([1, 2, 3]))],
];
for (const [py, ts] of SETS) {
  for (const inp of [x, f]) {
    runs.push({
      c: { expr: "a", setup: `a = a.copy()\n${py}`, inputs: { a: inp } },
      ours: () => {
        const a = build(inp).copy();
        ts(a);
        return a;
      },
    });
  }
}
// errors
for (const g of ["4", "0, 0, 0, 0", "..., ..."]) {
  runs.push({
    c: { expr: `a[${g}]`, inputs: { a: x } },
    ours: () => build(x).get(g),
  });
}
runs.push({ c: { expr: "a[[0, 9]]", inputs: { a: x } }, ours: () => build(x).get([[0, 9]]) });
runs.push({ c: { expr: "a[[0, 1], [0, 1, 2]]", inputs: { a: x } }, ours: () => build(x).get([[0, 1], [0, 1, 2]]) });

// shape manipulation
const S: [string, (a: np.NDArray) => unknown][] = [
  ["a.reshape(6, -1)", (a) => a.reshape(6, -1)],
  ["a.reshape(-1)", (a) => a.reshape(-1)],
  ["a.T", (a) => a.T],
  ["a.transpose(1, 0, 2)", (a) => a.transpose(1, 0, 2)],
  ["np.swapaxes(a, 0, 2)", (a) => np.swapaxes(a, 0, 2)],
  ["a.ravel()", (a) => a.ravel()],
  ["a.flatten()", (a) => a.flatten()],
  ["a[:1].squeeze()", (a) => a.get(":1").squeeze()],
  ["a[:1].squeeze(0)", (a) => a.get(":1").squeeze(0)],
  ["np.expand_dims(a, (0, -1))", (a) => np.expandDims(a, [0, -1])],
  ["np.broadcast_to(a[:, :1], (4, 3, 6))", (a) => np.broadcastTo(a.get(":, :1"), [4, 3, 6])],
  ["np.resize(a, (3, 7))", (a) => np.resize(a, [3, 7])],
  ["np.concatenate([a, a], axis=1)", (a) => np.concatenate([a, a], 1)],
  ["np.concatenate([a, a], axis=None)", (a) => np.concatenate([a, a], null)],
  ["np.stack([a, a], axis=-1)", (a) => np.stack([a, a], -1)],
  ["np.hstack([a, a])", (a) => np.hstack([a, a])],
  ["np.vstack([a, a])", (a) => np.vstack([a, a])],
  ["np.dstack([a, a])", (a) => np.dstack([a, a])],
  ["np.append(a, a)", (a) => np.append(a, a)],
  ["np.append(a, a, axis=0)", (a) => np.append(a, a, 0)],
  ["np.split(a, 2)", (a) => np.split(a, 2)],
  ["np.split(a, [1, 3], axis=1)", (a) => np.split(a, [1, 3], 1)],
  ["np.array_split(a, 3, axis=2)", (a) => np.arraySplit(a, 3, 2)],
  ["np.hsplit(a, 2)", (a) => np.hsplit(a, 2)],
  ["np.vsplit(a, [1])", (a) => np.vsplit(a, [1])],
  ["np.dsplit(a, 3)", (a) => np.dsplit(a, 3)],
  ["np.split(a, 3)", (a) => np.split(a, 3)],
  ["a.reshape(7, -1)", (a) => a.reshape(7, -1)],
  ["np.concatenate([a, a[0]])", (a) => np.concatenate([a, a.get(0)])],
  ["np.vstack([a[0, 0], a[1, 1]])", (a) => np.vstack([a.get("0, 0"), a.get("1, 1")])],
  ["np.hstack([a[0, 0], a[1, 1]])", (a) => np.hstack([a.get("0, 0"), a.get("1, 1")])],
];
for (const [py, ts] of S) {
  for (const inp of [x, f]) runs.push({ c: { expr: py, inputs: { a: inp } }, ours: () => ts(build(inp)) });
}
// np.take_along_axis: negative indices wrap, the other axes broadcast both ways, axis=None flattens
const idx = (shape: number[], hi: number, view?: string) => {
  const inp = randomInput(r, "int64", shape, view);
  return { ...inp, data: inp.data.map((v) => (Number(v) + 100) % (2 * hi) - hi) };
};
const TAL: [string, Record<string, ReturnType<typeof idx>>, (a: np.NDArray, i: np.NDArray) => unknown][] = [
  ["np.take_along_axis(a, i, axis=1)", { i: idx([4, 7, 6], 5) }, (a, i) => np.takeAlongAxis(a, i, 1)],
  ["np.take_along_axis(a, i, 0)", { i: idx([1, 5, 6], 4) }, (a, i) => np.takeAlongAxis(a, i, 0)],
  ["np.take_along_axis(a, i)", { i: idx([4, 1, 3], 6) }, (a, i) => np.takeAlongAxis(a, i)],
  ["np.take_along_axis(a[:1], i, -1)", { i: idx([3, 5, 2], 6) }, (a, i) => np.takeAlongAxis(a.get(":1"), i, -1)],
  ["np.take_along_axis(a, i, axis=None)", { i: idx([9], 120) }, (a, i) => np.takeAlongAxis(a, i, { axis: null })],
  ["np.take_along_axis(a, i, 2)", { i: idx([4, 5, 12], 6, "..., ::2") }, (a, i) => np.takeAlongAxis(a, i, 2)],
  ["np.take_along_axis(a, i, 2)", { i: idx([4, 5, 1], 9) }, (a, i) => np.takeAlongAxis(a, i, 2)],
  ["np.take_along_axis(a, i, 1)", { i: idx([3, 2, 6], 5) }, (a, i) => np.takeAlongAxis(a, i, 1)],
  ["np.take_along_axis(a, i, axis=None)", { i: idx([2, 2], 5) }, (a, i) => np.takeAlongAxis(a, i, null)],
  ["np.take_along_axis(a, i, 0)", { i: idx([2, 5], 2) }, (a, i) => np.takeAlongAxis(a, i, 0)],
  [
    "np.take_along_axis(a, i.astype(np.float64), 0)",
    { i: idx([2, 5, 6], 2) },
    (a, i) => np.takeAlongAxis(a, i.astype("float64"), 0),
  ],
];
for (const [py, ins, ts] of TAL) {
  for (const inp of [x, f]) {
    runs.push({ c: { expr: py, inputs: { a: inp, ...ins } }, ours: () => ts(build(inp), build(ins.i)) });
  }
}

Deno.test("indexing, shape ops and joins match NumPy", () => checkRuns(runs));

Deno.test("basic indexing and reshape return views; advanced indexing and flatten copy", () => {
  const a = np.arange(12).reshape(3, 4);
  const v = a.get("1:, ::-1");
  v.set("0, 0", 100);
  assert.equal(a.item(1, 3), 100);
  const t = a.T;
  t.set("0, 0", -5);
  assert.equal(a.item(0, 0), -5);
  const rv = a.ravel();
  rv.set("1", 42);
  assert.equal(a.item(0, 1), 42);
  const fancy = a.get([[0, 1]]);
  fancy.set("0, 0", 999);
  assert.notEqual(a.item(0, 0), 999);
  const flat = a.flatten();
  flat.set("0", 7);
  assert.equal(a.item(0, 0), -5);
  // ravel of a non-contiguous view copies
  const tr = a.T.ravel();
  tr.set("0", 1234);
  assert.equal(a.item(0, 0), -5);
});

Deno.test("ndarray.resize works in place and zero-fills", () => {
  const a = np.arange(4);
  a.resize(2, 3);
  assert.deepEqual(a.tolist(), [[0, 1, 2], [3, 0, 0]]);
});

Deno.test("index strings parse NumPy syntax and reject garbage", () => {
  assert.throws(() => np.arange(3).get("1.5"), TypeError);
  assert.throws(() => np.arange(3).get("1:2:3:4"), TypeError);
  assert.throws(() => np.arange(3).get("::0"), RangeError);
  assert.throws(() => np.arange(3).get([np.array([0.5])]), TypeError);
});
