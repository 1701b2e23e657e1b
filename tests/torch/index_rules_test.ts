/**
 * PyTorch's rules for index_select / index_add / index_copy / index_fill,
 * take, scatter, masked_fill, nonzero and writes through tensor indices
 * (index dtypes, bounds, source shapes, 0-d operands, uint8 masks), and
 * NumPy's for np.take and np.nonzero. Each expectation was read off
 * PyTorch 2.13 / NumPy 2.4 running the same call.
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";

type Want = unknown | { error: string };
const i64 = (...v: number[]) => torch.tensor(v);
const typed = (dtype: string, ...v: number[]) => torch.tensor(v, { dtype });
const x = () => torch.zeros(3, 2);
const t24 = () => torch.arange(24).reshape(2, 3, 4);

const CASES: [string, () => { tolist(): unknown } | { tolist(): unknown }[], Want][] = [
  // index_add: no negative or out-of-range index, int32/int64 only, source shaped like self at the index
  ["indexAdd negative", () => x().indexAdd(0, i64(-1), torch.ones(1, 2)), {
    error: "index -1 is out of bounds for dimension 0 with size 3",
  }],
  ["indexAdd int32", () => x().indexAdd(0, typed("int32", 1), torch.ones(1, 2)), [[0, 0], [1, 1], [0, 0]]],
  ["indexAdd uint8", () => x().indexAdd(0, typed("uint8", 1), torch.ones(1, 2)), {
    error: "index_add_(): Expected dtype int32/int64 for index but got: Byte",
  }],
  ["indexAdd count", () => x().indexAdd(0, i64(0, 1), torch.ones(1, 2)), {
    error: "index_add_(): Number of indices (2) should be equal to source.size(dim): (1), for dim: 0",
  }],
  ["indexAdd slice shape", () => x().indexAdd(0, i64(0), torch.ones(1, 3)), {
    error:
      "source tensor shape must match self tensor shape, excluding the specified dimension. Got self.shape = [3, 2] source.shape = [1, 3]",
  }],
  ["indexAdd 0-d index", () => x().indexAdd(0, torch.tensor(1), torch.ones(1, 2)), [[0, 0], [1, 1], [0, 0]]],
  ["indexAdd 0-d self", () => torch.tensor(5.5).indexAdd(0, i64(0), torch.tensor(2.5)), 8],
  ["indexAdd 0-d self, 1-d source", () => torch.tensor(5.5).indexAdd(0, i64(0), torch.tensor([2.5])), {
    error:
      "source tensor shape must match self tensor shape, excluding the specified dimension. Got self.shape = [] source.shape = [1]",
  }],
  // index_copy: int64 only, bounds, ranks must match (a 0-d and a one-element 1-d stand for each other)
  ["indexCopy negative", () => x().indexCopy(0, i64(-1), torch.ones(1, 2)), {
    error: "index_copy_(): index -1 is out of bounds for dimension 0 with size 3",
  }],
  ["indexCopy int32", () => x().indexCopy(0, typed("int32", 1), torch.ones(1, 2)), {
    error: "index_copy_(): Expected a long tensor for index, but got Int",
  }],
  ["indexCopy count", () => x().indexCopy(0, i64(0, 1), torch.ones(1, 2)), {
    error: "index_copy_(): Number of indices (2) should be equal to source.size(dim) (1)",
  }],
  ["indexCopy rank", () => x().indexCopy(0, i64(0), torch.ones(2)), {
    error:
      "index_copy_(): When source and destination are not scalars, their dimensionality must match. Source dimensionality (1), destination dimensionality (2)",
  }],
  ["indexCopy 0-d self", () => torch.tensor(5.5).indexCopy(0, i64(0), torch.tensor([2.5])), 2.5],
  ["indexCopy 0-d index", () => x().indexCopy(0, torch.tensor(1), torch.ones(1, 2)), [[0, 0], [1, 1], [0, 0]]],
  // index_fill: int64 only, negatives count from the end, a 0-d value
  ["indexFill negative", () => x().indexFill(0, i64(-1), 7), [[0, 0], [0, 0], [7, 7]]],
  ["indexFill out of range", () => x().indexFill(0, i64(3), 7), {
    error: "index 3 is out of bounds for dimension 0 with size 3",
  }],
  ["indexFill int32", () => x().indexFill(0, typed("int32", 1), 7), {
    error: "index_fill_(): Expected dtype int64 for index.",
  }],
  ["indexFill 1-d value", () => x().indexFill(0, i64(1), torch.tensor([7.5])), {
    error: "index_fill_ only supports a 0-dimensional value tensor, but got tensor with 1 dimension(s).",
  }],
  ["indexFill 0-d self", () => torch.tensor(5.5).indexFill(0, i64(0), 7), 7],
  // index_select: int32/int64, a 0-d self gives a 0-d result
  ["indexSelect uint8", () => x().indexSelect(0, typed("uint8", 1)), {
    error: "index_select(): Expected dtype int32 or int64 for index",
  }],
  ["indexSelect 0-d self", () => torch.tensor(5.5).indexSelect(0, torch.tensor(0)), 5.5],
  ["indexSelect negative", () => x().indexSelect(0, i64(-1)), { error: "index out of range in self" }],
  ["indexSelect past the end", () => x().indexSelect(0, i64(1, 3)), { error: "index out of range in self" }],
  ["indexSelect last dim, negative", () => torch.zeros(2, 3, 4).indexSelect(2, i64(-1)), {
    error: "index out of range in self",
  }],
  ["indexSelect middle dim, int32, repeats", () => t24().indexSelect(1, typed("int32", 2, 0, 2)), [
    [[8, 9, 10, 11], [0, 1, 2, 3], [8, 9, 10, 11]],
    [[20, 21, 22, 23], [12, 13, 14, 15], [20, 21, 22, 23]],
  ]],
  ["indexSelect transposed", () => t24().transpose(0, 2).indexSelect(1, i64(1)), [
    [[4, 16]],
    [[5, 17]],
    [[6, 18]],
    [[7, 19]],
  ]],
  ["indexSelect strided, 0-d index", () => t24().get(":, ::2").indexSelect(0, torch.tensor(1)), [[
    [12, 13, 14, 15],
    [20, 21, 22, 23],
  ]]],
  ["indexSelect no indices", () => torch.tensor(t24().indexSelect(2, torch.tensor([], { dtype: "int64" })).shape), [
    2,
    3,
    0,
  ]],
  // take: int64 only (a bool tensor is no mask here)
  ["take int32", () => x().take(typed("int32", 1)), {
    error: "take(): Expected a long tensor for index, but got Int",
  }],
  ["take bool", () => x().take(torch.ones(6, { dtype: "bool" })), {
    error: "take(): Expected a long tensor for index, but got Bool",
  }],
  // scatter / gather: int32 indices too; no implicit cast of src; 0-d src counts as 1-d
  ["scatterAdd src dtype", () => torch.zeros(4).scatterAdd(0, i64(1), torch.ones(1, { dtype: "float64" })), {
    error: "scatter(): Expected self.dtype to be equal to src.dtype",
  }],
  ["scatter 0-d src", () => torch.zeros(3).scatter(0, i64(1), torch.tensor(4.5)), [0, 4.5, 0]],
  ["scatterAdd 0-d src", () => torch.zeros(3).scatterAdd(0, i64(1), torch.tensor(2.5)), [0, 2.5, 0]],
  ["scatter src rank", () => torch.zeros(3, 4).scatter(1, torch.tensor([[1]]), torch.ones(3, 4, 1)), {
    error: "Index tensor must have the same number of dimensions as src tensor",
  }],
  ["gather int32", () => torch.arange(12).reshape(3, 4).gather(1, torch.tensor([[1]], { dtype: "int32" })), [[1]]],
  ["gather uint8", () => torch.arange(12).reshape(3, 4).gather(1, torch.tensor([[1]], { dtype: "uint8" })), {
    error: "gather(): Expected dtype int32/int64 for index",
  }],
  // masked_fill out of place broadcasts self up to the mask
  ["maskedFill broadcast", () => torch.zeros(3).maskedFill(torch.ones(2, 3, { dtype: "bool" }), 1), [
    [1, 1, 1],
    [1, 1, 1],
  ]],
  // nonzero(asTuple) and where(cond) treat a 0-d tensor as 1-d
  ["nonzero asTuple 0-d", () => torch.nonzero(torch.tensor(3), { asTuple: true }), [[0]]],
  ["where 0-d zero", () => torch.where(torch.tensor(0)), [[]]],
  // uint8 tensor indices are masks; a single value through one is masked_fill's error; no cast through index_put
  ["get uint8 mask", () => torch.arange(12).reshape(3, 4).get([typed("uint8", 1, 0, 1)]), [[0, 1, 2, 3], [
    8,
    9,
    10,
    11,
  ]]],
  ["set uint8 mask, scalar", () => torch.zeros(3).set([typed("uint8", 1, 0, 1)], 5), {
    error: "masked_fill_ only supports boolean masks, but got mask with dtype unsigned char",
  }],
  ["set tensor index, other dtype", () => torch.zeros(4, { dtype: "int64" }).set([i64(1)], torch.tensor([2.5])), {
    error:
      "Index put requires the source and destination dtypes match, got Long for the destination and Float for the source.",
  }],
  // NumPy: take's modes, bool indices as 0/1, an empty list; nonzero refuses 0-d
  ["np.take wrap", () => np.take(np.arange(12), [5, -7, 20], { mode: "wrap" }), [5, 5, 8]],
  ["np.take clip", () => np.take(np.arange(12).reshape(3, 4), [1, -9], 0, { mode: "clip" }), [[4, 5, 6, 7], [
    0,
    1,
    2,
    3,
  ]]],
  ["np.take bool indices", () => np.take(np.arange(3), np.array([true, false, true])), [1, 0, 1]],
  ["np.take empty list", () => np.take(np.arange(12).reshape(3, 4), [], 0).reshape(-1), []],
  ["np.take float indices", () => np.take(np.arange(3), np.array([1.5])), {
    error: "Cannot cast array data from dtype('float64') to dtype('int64') according to the rule 'same_kind'",
  }],
  ["np.nonzero 0-d", () => np.nonzero(np.array(5)), {
    error: "Calling nonzero on 0d arrays is not allowed. Use np.atleast_1d(scalar).nonzero() instead.",
  }],
];

for (const [name, run, want] of CASES) {
  Deno.test(`index rules: ${name}`, () => {
    if (want !== null && typeof want === "object" && "error" in want) {
      assert.throws(run, (e: Error) => e.message === want.error, `${name}: expected "${want.error}"`);
      return;
    }
    const r = run();
    assert.deepEqual(Array.isArray(r) ? r.map((t) => t.tolist()) : r.tolist(), want);
  });
}

Deno.test("index rules: nonzero writes into out (int64 only)", () => {
  const o = torch.zeros([2, 1], { dtype: "int64" });
  torch.nonzero(torch.tensor([0, 1, 0, 1]), { out: o });
  assert.deepEqual(o.tolist(), [[1], [3]]);
  assert.throws(() => torch.nonzero(torch.tensor([0, 1]), { out: torch.zeros(1, 1) }), /scalar type Long/);
});

Deno.test("index rules: np.take's empty-list result keeps the other axes", () => {
  assert.deepEqual(np.take(np.arange(12).reshape(3, 4), [], 0).shape, [0, 4]);
});

Deno.test("index rules: indexPut_ keeps the value's leading 1-dims (assignment drops them)", () => {
  assert.throws(() => torch.zeros(4).indexPut_([i64(1, 2)], torch.ones([1, 2])), /shape mismatch/);
  assert.deepEqual(torch.zeros(4).set([i64(1, 2)], torch.ones([1, 2])).tolist(), [0, 1, 1, 0]);
});

Deno.test("index rules: set refuses a source that overlaps the written memory, as PyTorch", () => {
  const overlap = /^unsupported operation: some elements of the input tensor and the written-to tensor refer/;
  const y = () => torch.arange(4).float();
  y().set("1:4", y().get("0:3")); // distinct tensors
  const a = y();
  assert.throws(() => a.set("1:4", a.get("0:3")), (e: Error) => overlap.test(e.message));
  assert.throws(() => a.set([i64(0, 1)], a.get("2:4")), (e: Error) => overlap.test(e.message));
  const b = y();
  b.set("0:2", b.get("2:4"));
  assert.deepEqual(b.tolist(), [2, 3, 2, 3]);
  b.set(":", b);
  b.set("::2", b.get("1::2")); // strided: PyTorch does not decide, and writes
  assert.deepEqual(b.tolist(), [3, 3, 3, 3]);
});
