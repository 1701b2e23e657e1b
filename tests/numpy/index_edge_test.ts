/**
 * Indexing edge cases against values checked with NumPy 2.4 and PyTorch 2.13:
 * assigned values with extra leading 1-dims, and 0-d boolean indices.
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";

const ROWS = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]];

Deno.test("set: a value's extra leading 1-dims are dropped before broadcasting (NumPy)", () => {
  for (const index of ["1:3", [[1, 2]]]) {
    const b = np.zeros(4);
    b.set(index as string, np.ones([1, 1, 2]));
    assert.deepEqual(b.tolist(), [0, 1, 1, 0]);
  }
  const c = np.zeros([2, 3]);
  c.set("...", np.arange(3).reshape(1, 1, 3));
  assert.deepEqual(c.tolist(), [[0, 1, 2], [0, 1, 2]]);
  // what still cannot broadcast is still refused
  assert.throws(() => np.zeros(4).set("1:3", np.ones([1, 1, 3])), /broadcast/);
  assert.throws(() => np.zeros(4).set([[1, 2]], np.ones([1, 1, 3])), /value array of shape \[1, 1, 3\]/);
  assert.throws(() => np.zeros(4).set("1:3", np.ones([2, 1, 2])), /broadcast/);
});

Deno.test("set: a value's extra leading 1-dims are dropped before broadcasting (torch)", () => {
  const y = torch.zeros(4);
  y.set([torch.tensor([1, 2])], torch.ones([1, 2]));
  assert.deepEqual(y.tolist(), [0, 1, 1, 0]);
  const z = torch.zeros(4);
  z.set("1:3", torch.ones([1, 2]));
  assert.deepEqual(z.tolist(), [0, 1, 1, 0]);
});

Deno.test("get: a 0-d boolean index adds an axis of length 1 (true) or 0 (false) (NumPy)", () => {
  const a = np.arange(12).reshape(3, 4), T = np.array(true), F = np.array(false);
  const cases: [unknown[], number[], unknown][] = [
    [[T], [1, 3, 4], [ROWS]],
    [[F], [0, 3, 4], []],
    [[T, 1], [1, 4], [ROWS[1]]],
    [[F, 1], [0, 4], []],
    [[np.slice(), T], [3, 1, 4], ROWS.map((r) => [r])],
    // the integer joins the advanced indices; not adjacent to the mask, the index dims go first
    [[1, np.slice(), T], [1, 4], [ROWS[1]]],
    [[T, [0, 2]], [2, 4], [ROWS[0], ROWS[2]]],
    [["...", T], [3, 4, 1], ROWS.map((r) => r.map((v) => [v]))],
    [[T, F], [0, 3, 4], []],
    [[1, T, [0, 1]], [2], [4, 5]],
    [[null, T], [1, 1, 3, 4], [[ROWS]]],
  ];
  for (const [index, shape, values] of cases) {
    const r = a.get(index as never);
    assert.deepEqual(r.shape, shape, `a[${index}]`);
    assert.deepEqual(r.tolist(), values, `a[${index}]`);
  }
  assert.deepEqual(np.array(5).get([T]).tolist(), [5]);
  assert.deepEqual(np.array(5).get([F]).shape, [0]);
  assert.throws(() => a.get([T, 0, 0, 0]), RangeError);
});

Deno.test("set: a 0-d boolean index writes everything (true) or nothing (false) (NumPy)", () => {
  const b = np.arange(12).reshape(3, 4);
  b.set([np.array(false)], 5);
  assert.deepEqual(b.tolist(), ROWS);
  b.set([np.array(true)], 5);
  assert.deepEqual(b.tolist(), [[5, 5, 5, 5], [5, 5, 5, 5], [5, 5, 5, 5]]);
  b.set([np.array(true), 1], np.array([7, 8, 9, 10]));
  assert.deepEqual(b.tolist(), [[5, 5, 5, 5], [7, 8, 9, 10], [5, 5, 5, 5]]);
});

Deno.test("get/set: a 0-d boolean index (torch)", () => {
  const a = torch.arange(12).reshape(3, 4), T = torch.tensor(true), F = torch.tensor(false);
  assert.deepEqual(a.get([T]).shape, [1, 3, 4]);
  assert.deepEqual(a.get([F]).shape, [0, 3, 4]);
  assert.deepEqual(a.get([T, 1]).tolist(), [ROWS[1]]);
  // PyTorch applies the integer as a view first, so the mask's axis stays in place
  assert.deepEqual(a.get([1, np.slice(), T]).tolist(), ROWS[1].map((v) => [v]));
  assert.deepEqual(torch.tensor(5).get([T]).tolist(), [5]);
  const b = torch.arange(12).reshape(3, 4);
  b.set([F], 5);
  assert.deepEqual(b.tolist(), ROWS);
  b.set([T], 5);
  assert.deepEqual(b.tolist(), [[5, 5, 5, 5], [5, 5, 5, 5], [5, 5, 5, 5]]);
  const x = torch.ones([3, 4], { requiresGrad: true });
  x.get([T, 1]).sum().backward();
  assert.deepEqual(x.grad!.tolist(), [[0, 0, 0, 0], [1, 1, 1, 1], [0, 0, 0, 0]]);
});
