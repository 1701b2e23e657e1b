import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";
import { memOverlap } from "../../src/ops/mem_overlap.ts";
import { zeros } from "../../src/ops/operand.ts";
import { View } from "../../src/core/view.ts";

type T = ReturnType<typeof torch.zeros>;
const OVERLAP = /unsupported operation: some elements of the input tensor and the written-to tensor refer to a single/;
/** A fresh 6x2 float32 tensor 0..11 for each case. */
const fresh = (): T => torch.arange(12, { dtype: "float32" }).reshape(6, 2);
const idx = (v: number[][] | number[]) => torch.tensor(v, { dtype: "int64" });

Deno.test("memOverlap: PyTorch's statuses (full needs the same strides; non-dense views are undecided)", () => {
  const x = zeros([12], "float32");
  const at = (shape: number[], strides: number[], off: number) => ({
    storage: x.storage,
    layout: new View(shape, strides, off),
  });
  assert.equal(memOverlap(at([2, 2], [2, 1], 0), at([2, 2], [2, 1], 0)), "full");
  assert.equal(memOverlap(at([2, 2], [2, 1], 0), at([2, 2], [1, 2], 0)), "partial"); // a transpose of the same block
  assert.equal(memOverlap(at([4], [1], 0), at([4], [1], 3)), "partial");
  assert.equal(memOverlap(at([4], [1], 0), at([4], [1], 4)), "no");
  assert.equal(memOverlap(at([4], [2], 0), at([4], [2], 1)), "tooHard"); // interleaved: gaps
  assert.equal(memOverlap(at([0], [1], 0), at([4], [1], 0)), "no");
  assert.equal(memOverlap(at([4], [1], 0), { storage: zeros([4], "float32").storage, layout: new View([4]) }), "no");
  const g = at([4], [2], 0);
  assert.equal(memOverlap(g, g), "full"); // the same operand, as PyTorch's a == b
});

// Each case's outcome as PyTorch 2.13 gives it (checked in Python on the same geometry).
const REFUSED: Record<string, (x: T) => unknown> = {
  "copy_ from a shifted view": (x) => x.get("1:").copy_(x.get(":-1")),
  "copy_ from its transpose": (x) => x.get(":2").copy_(x.get(":2").t()),
  "mul_ by a shifted view": (x) => x.get("1:").mul_(x.get(":-1")),
  "add_ of its own transpose": (x) => x.get(":2").add_(x.get(":2").t()),
  "addcmul_ partial": (x) => x.get("1:3").addcmul_(x.get(":2"), x.get(":2")),
  "lerp_ partial": (x) => x.get("1:3").lerp_(x.get(":2"), 0.5),
  "pow_ partial": (x) => x.get("1:3").pow_(x.get(":2")),
  "exp out= partial": (x) => torch.exp(x.get(":2"), { out: x.get("1:3") }),
  "maximum out= partial": (x) => torch.maximum(x.get(":2"), x.get("2:4"), { out: x.get("1:3") }),
  "clamp out= partial": (x) => torch.clamp(x.get(":2"), 0, 3, { out: x.get("1:3") }),
  "cumsum out= partial": (x) => torch.cumsum(x.get(":2"), 0, { out: x.get("1:3") }),
  "addmm out= partial": (x) => torch.addmm(x.get(":2"), x.get(":2"), torch.eye(2), { out: x.get("1:3") }),
  "cat out= partial": (x) => torch.cat([x.get(":1"), x.get("1:2")], { out: x.get("1:3") }),
  "cat out= full": (x) => torch.cat([x.get(":2")], { out: x.get(":2") }),
  "gather out= full": (x) => torch.gather(x.get(":2"), 0, idx([[1, 0], [0, 1]]), { out: x.get(":2") }),
  "indexSelect out= full": (x) => torch.indexSelect(x.get(":2"), 0, idx([1, 0]), { out: x.get(":2") }),
  "indexAdd_ from itself": (x) => x.indexAdd_(0, torch.arange(6), x),
  "indexCopy_ from itself": (x) => x.indexCopy_(0, torch.arange(6), x),
  "scatterAdd_ from itself": (x) => x.scatterAdd_(0, torch.zeros(1, 2, { dtype: "int64" }), x),
  "index set from a shifted view": (x) => x.set("1:", x.get(":-1")),
};
const ALLOWED: Record<string, [(x: T) => unknown, number[][]]> = {
  // the same elements with the same strides: element-wise ops read each element before writing it
  "add out= the same tensor": [(x) => torch.add(x, x, { out: x }), [[0, 2], [4, 6], [8, 10], [12, 14], [16, 18], [
    20,
    22,
  ]]],
  "copy_ from itself": [(x) => x.copy_(x), [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9], [10, 11]]],
  "cumsum out= full": [(x) => torch.cumsum(x.get(":2"), 0, { out: x.get(":2") }), [[0, 1], [2, 4], [4, 5], [6, 7], [
    8,
    9,
  ], [10, 11]]],
  // PyTorch decides nothing for views with gaps: here they compute as if the source were copied first
  "copy_ between interleaved views": [(x) => x.get("::2").copy_(x.get("1::2")), [[2, 3], [2, 3], [6, 7], [6, 7], [
    10,
    11,
  ], [10, 11]]],
  // products, reductions over dims and tril check nothing in PyTorch; here they compute from the inputs' old values
  "mm out= partial": [(x) => torch.mm(x.get(":2"), torch.eye(2), { out: x.get("1:3") }), [
    [0, 1],
    [0, 1],
    [2, 3],
    [6, 7],
    [8, 9],
    [10, 11],
  ]],
  "sum(dim) out= partial": [
    (x) => torch.sum(x.get(":3"), 1, { out: x.reshape(-1).get("1:4") }),
    [[0, 1], [5, 9], [4, 5], [6, 7], [8, 9], [10, 11]],
  ],
  "tril out= partial": [(x) => torch.tril(x.get(":2"), { out: x.get("1:3") }), [
    [0, 1],
    [0, 0],
    [2, 3],
    [6, 7],
    [8, 9],
    [10, 11],
  ]],
};

Deno.test("torch refuses inputs that overlap the written memory where PyTorch does", () => {
  for (const [name, f] of Object.entries(REFUSED)) {
    const x = fresh();
    assert.throws(() => f(x), OVERLAP, name);
    assert.deepEqual(x.tolist(), fresh().tolist(), `${name}: nothing written before the error`);
  }
});

Deno.test("torch computes overlapping writes PyTorch allows as if the inputs were read first", () => {
  for (const [name, [f, want]] of Object.entries(ALLOWED)) {
    const x = fresh();
    f(x);
    assert.deepEqual(x.tolist(), want, name);
  }
});

Deno.test("np computes overlapping writes as NumPy does (a copy of the overlapping input first)", () => {
  const a = np.arange(8, { dtype: "float64" });
  np.add(a.get("1:"), a.get(":-1"), { out: a.get("1:") });
  assert.deepEqual(a.tolist(), [0, 1, 3, 5, 7, 9, 11, 13]);
  const b = np.arange(8, { dtype: "float64" });
  b.set("1:", b.get(":-1"));
  assert.deepEqual(b.tolist(), [0, 0, 1, 2, 3, 4, 5, 6]);
  const c = np.arange(9, { dtype: "float64" }).reshape(3, 3);
  c.set("...", c.T);
  assert.deepEqual(c.tolist(), [[0, 3, 6], [1, 4, 7], [2, 5, 8]]);
});
