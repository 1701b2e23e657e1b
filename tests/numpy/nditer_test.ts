import assert from "node:assert/strict";
import { np } from "../../mod.ts";
import { numpy } from "../helpers/oracle.ts";

/** NumPy's answers, as JSON strings of Python lists (the oracle's `str` results). */
async function py(exprs: string[]): Promise<unknown[]> {
  const setup = "import json\na = np.arange(6).reshape(2, 3)";
  const r = await numpy(exprs.map((e) => ({ expr: `json.dumps(${e})`, setup })));
  return r.map((x, i) => {
    assert.ok("value" in x && "str" in x.value, `${exprs[i]}: ${JSON.stringify(x)}`);
    return JSON.parse((x.value as { str: string }).str);
  });
}

Deno.test("ndindex, ndenumerate and broadcast iterate as NumPy's", async () => {
  const a = np.arange(6).reshape(2, 3);
  const b = np.broadcast([[1], [2]], [10, 20, 30]);
  const ours = [
    [...np.ndindex(2, 3)],
    [...np.ndindex([3, 1, 2])],
    [...np.ndindex()],
    [...np.ndindex(2, 0)],
    [...np.ndenumerate(a)],
    [...np.ndenumerate(np.array([[1.5, 2.5]]))],
    [b.shape, b.ndim, b.nd, b.size, b.numiter, [...b]],
  ];
  const theirs = await py([
    "[list(i) for i in np.ndindex(2, 3)]",
    "[list(i) for i in np.ndindex((3, 1, 2))]",
    "[list(i) for i in np.ndindex()]",
    "[list(i) for i in np.ndindex(2, 0)]",
    "[[list(i), int(v)] for i, v in np.ndenumerate(a)]",
    "[[list(i), float(v)] for i, v in np.ndenumerate(np.array([[1.5, 2.5]]))]",
    "(lambda b: [list(b.shape), b.ndim, b.nd, b.size, b.numiter, [[int(x) for x in t] for t in b]])" +
    "(np.broadcast([[1], [2]], [10, 20, 30]))",
  ]);
  ours.forEach((o, i) => assert.deepEqual(o, theirs[i], `case ${i}`));
  // index counts tuples taken; reset starts again
  const c = np.broadcast([1, 2, 3], 5);
  assert.equal(c.index, 0);
  assert.deepEqual(c.next().value, [1, 5]);
  assert.equal(c.index, 1);
  c.reset();
  assert.equal(c.index, 0);
  assert.equal([...c].length, 3);
  assert.throws(() => np.broadcast([1, 2], [1, 2, 3]), RangeError);
  assert.throws(() => np.ndindex(-1), { name: "RangeError", message: "negative dimensions are not allowed" });
});

Deno.test("nditer: order, multi_index, c_index / f_index, broadcasting and writes through its views", async () => {
  const a = np.arange(6).reshape(2, 3);
  const walk = (it: np.Nditer, f: () => unknown) => {
    const out: unknown[] = [];
    for (const v of it) out.push([(v as np.NDArray).item(), f()]);
    return out;
  };
  let it = np.nditer(a.T, { flags: ["c_index"] });
  const cIdx = walk(it, () => it.index);
  it = np.nditer(a.T, { flags: ["f_index"], order: "C" });
  const fIdx = walk(it, () => it.index);
  it = np.nditer(a, { flags: ["multi_index"], order: "F" });
  const multi = walk(it, () => it.multiIndex);
  it = np.nditer(a.T, { order: "K" });
  const kOrder = walk(it, () => it.iterindex);
  const pairs = [...np.nditer([np.array([[1], [2]]), np.array([10, 20, 30])])].map((v) =>
    (v as np.NDArray[]).map((x) => x.item())
  );
  const theirs = await py([
    "(lambda it: [[int(x), it.index] for x in it])(np.nditer(a.T, flags=['c_index']))",
    "(lambda it: [[int(x), it.index] for x in it])(np.nditer(a.T, flags=['f_index'], order='C'))",
    "(lambda it: [[int(x), list(it.multi_index)] for x in it])(np.nditer(a, flags=['multi_index'], order='F'))",
    "(lambda it: [[int(x), it.iterindex] for x in it])(np.nditer(a.T, order='K'))",
    "[[int(x), int(y)] for x, y in np.nditer([np.array([[1], [2]]), np.array([10, 20, 30])])]",
  ]);
  assert.deepEqual([cIdx, fIdx, multi, kOrder, pairs], theirs);

  // allocate + writeonly: the output gets the broadcast shape and the inputs' result type
  const out = np.nditer([a, np.array(0.5), null], {
    opFlags: [["readonly"], ["readonly"], ["writeonly", "allocate"]],
  });
  for (const [x, y, z] of out as Iterable<np.NDArray[]>) z.set([], (x.item() as number) + (y.item() as number));
  assert.equal(out.operands[2].dtype, "float64");
  assert.deepEqual(out.operands[2].tolist(), [[0.5, 1.5, 2.5], [3.5, 4.5, 5.5]]);
  // readwrite writes into the operand; readonly views refuse writes
  const w = np.zeros([2, 2], { dtype: "float32" });
  for (const v of np.nditer(w, { opFlags: ["readwrite"] })) (v as np.NDArray).set([], 7);
  assert.deepEqual(w.tolist(), [[7, 7], [7, 7]]);
  assert.throws(() => {
    for (const v of np.nditer(w)) (v as np.NDArray).set([], 1);
  }, /read-only/);
  // the while-loop form: value / iternext / finished
  const it2 = np.nditer(np.arange(3));
  const seen: unknown[] = [];
  while (!it2.finished) {
    seen.push((it2.value as np.NDArray).item());
    it2.iternext();
  }
  assert.deepEqual(seen, [0, 1, 2]);
  it2.reset();
  assert.equal([...it2].length, 3);
  assert.equal(it2.itersize, 3);
  assert.equal(np.nditer([a, a]).nop, 2);
});

Deno.test("nditer refuses what NumPy refuses", () => {
  const a = np.arange(6).reshape(2, 3);
  assert.throws(() => np.nditer(a).multiIndex, {
    name: "RangeError",
    message: "Iterator is not tracking a multi-index",
  });
  assert.throws(() => np.nditer(a).index, { name: "RangeError", message: "Iterator does not have an index" });
  assert.throws(() => np.nditer([a, np.zeros(3)], { opFlags: [["readonly"], ["readwrite"]] }), RangeError);
  assert.throws(() => np.nditer([a, null]), /automatic allocation/);
  assert.throws(() => np.nditer(a, { flags: ["c_index", "f_index"] }), RangeError);
  assert.throws(() => np.nditer(a, { flags: ["bogus" as "c_index"] }), /Unexpected iterator global flag/);
  assert.throws(() => np.nditer(a, { flags: ["external_loop" as "c_index"] }), /not supported/);
  assert.throws(() => np.nditer(a, { opFlags: ["bogus" as "readonly"] }), /Unexpected per-op iterator flag/);
  assert.throws(() => np.nditer(a, { bad: 1 } as never), /unexpected keyword argument 'bad'/);
  assert.throws(() => np.nditer(np.broadcastTo(np.zeros(1), [3]), { opFlags: ["readwrite"] }), /read-only/);
});
