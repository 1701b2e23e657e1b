/**
 * The JS value protocol of np.ndarray and torch.Tensor: size-1 arrays are
 * numbers in arithmetic and comparisons, strings in templates; arrays
 * iterate over their first axis, have a length and serialize to nested
 * lists; gradFn prints its name; a bare array, tensor or number is a whole
 * index.
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";

Deno.test("size-1 arrays and tensors convert to numbers", () => {
  const a = np.array([[1.5, -2], [3, 4]]);
  const t = torch.tensor([[1.5, -2], [3, 4]]);
  for (const x of [a, t]) {
    assert.ok((x.sum() as unknown as number) > 0);
    assert.equal(+x.max(), 4);
    assert.equal(Number(x.min()), -2);
    assert.equal((x.sum() as unknown as number) * 2, 13);
    assert.equal(Math.abs(x.get([0, 1]) as unknown as number), 2);
    assert.equal(+x.get([0]).get([0]), 1.5);
    assert.throws(() => +x, TypeError, "a 4-element array is not a number");
  }
  // integers, bools and 1-element arrays of any rank
  assert.equal(+np.array([[7]]), 7);
  assert.equal(+np.array(true), 1);
  assert.equal(+torch.tensor([3], { dtype: "int64" }), 3);
  assert.equal(+torch.tensor(false), 0);
});

Deno.test("template literals give the value of size-1 arrays and the repr of the others", () => {
  const a = np.array([1, 2, 3]), t = torch.tensor([1.5, 2.5]);
  assert.equal(`${a.sum()}`, "6");
  assert.equal(`${t.sum()}`, "4");
  assert.equal(`${np.array(2.5)}`, "2.5");
  // larger arrays: Python's f"{a}" (NumPy's str, PyTorch's repr)
  assert.equal(`${a}`, "[1 2 3]");
  assert.equal(`${t}`, "tensor([1.5000, 2.5000])");
  assert.equal(String(a), "[1 2 3]");
  assert.equal(a.toString(), "array([1, 2, 3])");
});

Deno.test("arrays iterate over the first axis and have a length", () => {
  const a = np.arange(6).reshape(3, 2), t = torch.arange(6).reshape(3, 2);
  for (const x of [a, t]) {
    assert.equal(x.length, 3);
    const rows = [...x];
    assert.equal(rows.length, 3);
    assert.deepEqual(rows.map((r) => (r as typeof x).tolist()), [[0, 1], [2, 3], [4, 5]]);
    const [first, ...rest] = x;
    assert.deepEqual((first as typeof x).tolist(), [0, 1]);
    assert.equal(rest.length, 2);
    assert.deepEqual(Array.from(x.get([0]), Number), [0, 1]);
  }
  assert.throws(() => np.array(1).length, TypeError);
  assert.throws(() => [...torch.tensor(1)], TypeError);
});

Deno.test("JSON.stringify gives nested lists", () => {
  assert.equal(JSON.stringify(np.array([[1, 2], [3, 4]])), "[[1,2],[3,4]]");
  assert.equal(JSON.stringify(torch.tensor([[1.5, 2], [3, 4]])), "[[1.5,2],[3,4]]");
  assert.equal(JSON.stringify({ x: np.array([true, false]) }), '{"x":[true,false]}');
  assert.equal(JSON.stringify(np.array(5)), "5");
  // views serialize what they show
  assert.equal(JSON.stringify(np.arange(6).reshape(2, 3).T), "[[0,3],[1,4],[2,5]]");
});

Deno.test("gradFn prints its name", () => {
  const x = torch.ones(2, { requiresGrad: true });
  const y = x.mul(2);
  assert.ok(y.gradFn);
  assert.equal(y.gradFn.name, "MulBackward0");
  assert.match(String(y.gradFn), /MulBackward0/);
  assert.match(`${y.sum().gradFn}`, /SumBackward0/);
  assert.match(Deno.inspect(y.gradFn), /MulBackward0/);
  assert.match(String(y), /grad_fn=<MulBackward0>/);
});

Deno.test("a bare array, tensor or number is a whole index", () => {
  const a = np.arange(6).reshape(2, 3);
  const mask = np.array([[true, false, true], [false, true, false]]);
  assert.deepEqual(a.get(mask).tolist(), [0, 2, 4]);
  assert.deepEqual(a.get(np.array([1, 0])).tolist(), [[3, 4, 5], [0, 1, 2]]);
  assert.deepEqual(a.get(1).tolist(), [3, 4, 5]);
  assert.deepEqual(a.get(-1).tolist(), [3, 4, 5]);
  const t = torch.arange(6).reshape(2, 3);
  assert.deepEqual(t.get(torch.tensor([[true, false, true], [false, true, false]])).tolist(), [0, 2, 4]);
  assert.deepEqual(t.get(torch.tensor([1, 0])).tolist(), [[3, 4, 5], [0, 1, 2]]);
  assert.deepEqual(t.get(0).tolist(), [0, 1, 2]);
  // set with the same forms
  const b = np.zeros([2, 3]);
  b.set(mask, 1);
  assert.deepEqual(b.tolist(), [[1, 0, 1], [0, 1, 0]]);
  const u = torch.zeros(2, 3);
  u.set(torch.tensor([1]), 7);
  assert.deepEqual(u.tolist(), [[0, 0, 0], [7, 7, 7]]);
  // a list is a tuple of parts; a nested list inside it is an index array
  assert.deepEqual(a.get([[1, 0], 0]).tolist(), [3, 0]);
});
