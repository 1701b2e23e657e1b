/** View movement ops: no-copy results where strides allow, null where a copy is needed. */
import assert from "node:assert/strict";
import { View } from "../../src/core/view.ts";
import { ShapeError } from "../../src/core/errors.ts";

Deno.test("reshape of contiguous views is free; of permuted views only where NumPy's no-copy rule allows", () => {
  const v = new View([2, 3, 4]);
  assert.deepEqual(v.reshape("t", [6, -1])!.strides, [4, 1]);
  const t = v.permute("t", [2, 1, 0]); // (4, 3, 2) strides (1, 4, 12)
  assert.equal(t.reshape("t", [24]), null);
  const s = v.slice(2, 0, 2, 2); // (2, 3, 2) strides (12, 4, 2)
  assert.deepEqual(s.reshape("t", [6, 2])!.strides, [4, 2]);
  assert.deepEqual(s.reshape("t", [12])!.strides, [2]); // every stride a multiple of the next
  assert.equal(v.slice(1, 0, 2, 1).reshape("t", [16]), null);
  assert.deepEqual(s.reshape("t", [2, 1, 3, 2])!.strides, [12, 12, 4, 2]);
  assert.throws(() => v.reshape("t", [5, -1]), ShapeError);
  assert.throws(() => v.reshape("t", [-1, -1]), RangeError);
});

Deno.test("slices, selection, expansion and diagonals share the storage", () => {
  const v = new View([4, 5]);
  const s = v.slice(1, 4, 3, -1); // columns 4, 3, 2
  assert.deepEqual([s.shape, s.strides, s.offset], [[4, 3], [5, -1], 4]);
  const row = v.select(0, 2);
  assert.deepEqual([row.shape, row.offset], [[5], 10]);
  const e = new View([3, 1]).expand("t", [2, 3, 4]);
  assert.deepEqual(e.strides, [0, 1, 0]);
  assert.throws(() => new View([3]).expand("t", [4]), ShapeError);
  const d = v.diagonal("t", 1, 0, 1);
  assert.deepEqual([d.shape, d.strides, d.offset], [[4], [6], 1]);
  assert.deepEqual(v.unsqueeze(1).shape, [4, 1, 5]);
  assert.deepEqual(new View([1, 3, 1]).squeeze("t").shape, [3]);
  assert.throws(() => new View([2, 3]).squeeze("t", [0]), ShapeError);
});

Deno.test("contiguity flags", () => {
  assert.ok(new View([2, 3]).isContiguous);
  assert.ok(new View([2, 3]).permute("t", [1, 0]).isFContiguous);
  assert.ok(!new View([2, 3]).permute("t", [1, 0]).isContiguous);
  assert.ok(new View([0, 3], [7, 9]).isContiguous);
});
