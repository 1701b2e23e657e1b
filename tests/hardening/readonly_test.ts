/**
 * Issue 13, writes into broadcast views: NumPy's `broadcast_to` returns a
 * read-only view (`flags.writeable` false, inherited by its views) and
 * refuses out=, assignment, fill and in-place sorts into it ("output array
 * is read-only"); PyTorch refuses to write into an expanded tensor ("more
 * than one element of the written-to tensor refers to a single memory
 * location"). The kernels check both before writing, so no write path can
 * land on the elements a broadcast repeats.
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";
import { RuntimeError } from "../../src/core/errors.ts";

const readOnly = /read-only/;
const overlap = /more than one element of the written-to tensor refers to a single memory location/;

Deno.test("np.broadcastTo results are read-only, and so are their views", () => {
  const z = np.zeros(4);
  const b = np.broadcastTo(z, [3, 4]);
  assert.equal(b.flags.writeable, false);
  assert.equal(b.get(0).flags.writeable, false); // NumPy: a view of a read-only array is read-only
  assert.equal(b.get("1:, ::-1").flags.writeable, false);
  assert.equal(b.T.flags.writeable, false);
  assert.equal(b.reshape(12).flags.writeable, true); // a copy (NumPy: True)
  assert.equal(np.broadcastTo(np.zeros([3, 1]), [3, 4]).reshape(3, 2, 2).flags.writeable, false); // a view
  assert.equal(z.flags.writeable, true);
  assert.equal(b.copy().flags.writeable, true); // copies own their memory
  assert.equal(np.add(b, 1).flags.writeable, true);
  assert.equal(np.ones([2]).flags.writeable, true);
});

Deno.test("np: out=, set, fill and sort into a read-only view are refused; the base is untouched", () => {
  const z = np.zeros(4);
  const b = np.broadcastTo(z, [3, 4]);
  // NumPy: ValueError "output array is read-only" / "assignment destination is read-only"
  assert.throws(() => np.add(np.ones([3, 4]), 1, { out: b }), readOnly);
  assert.throws(() => np.negative(np.ones([3, 4]), { out: b }), readOnly);
  assert.throws(() => np.sum(np.ones([5, 3, 4]), { axis: 0, out: b }), readOnly);
  assert.throws(() => b.set([0], 5), readOnly);
  assert.throws(() => b.set("0, 1", 5), readOnly);
  assert.throws(() => b.set([[0, 1]], 5), readOnly);
  assert.throws(() => b.get(0).set("1:", 7), readOnly); // a row of it: also read-only, as NumPy's
  assert.throws(() => b.fill(9), readOnly);
  assert.throws(() => b.get(0).fill(9), readOnly);
  assert.throws(() => b.get(0).sort(), readOnly);
  assert.throws(() => np.random.shuffle(b), readOnly);
  assert.deepEqual(z.tolist(), [0, 0, 0, 0]);
  // reading it works as before
  assert.deepEqual(np.add(b, 1).tolist(), [[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]]);
  // the base stays writeable
  z.set([0], 1);
  assert.deepEqual(b.get(2).tolist(), [1, 0, 0, 0]);
});

Deno.test("torch: in-place ops, out= and copies into an expanded tensor are PyTorch's RuntimeError", () => {
  const z = torch.zeros([4]);
  const e = z.expand(3, 4);
  assert.throws(() => e.add_(1), overlap);
  assert.throws(() => e.copy_(torch.ones([3, 4])), overlap);
  assert.throws(() => torch.add(torch.ones([3, 4]), 1, { out: e }), RuntimeError);
  assert.throws(() => e.set(":, 0", 5), overlap); // torch: e[:, 0] = 5 copies into a column that repeats
  assert.throws(() => e.uniform_(), overlap);
  assert.deepEqual(z.tolist(), [0, 0, 0, 0]);
  // a row of it reaches each element once: PyTorch allows writing it (e[0] = ..., e[0].add_(1))
  e.get(0).add_(1);
  assert.deepEqual(z.tolist(), [1, 1, 1, 1]);
  e.set(0, torch.arange(4));
  assert.deepEqual(z.tolist(), [0, 1, 2, 3]);
  // fill_ and zero_ write one value, which PyTorch allows through the repeats too
  e.fill_(7);
  assert.deepEqual(z.tolist(), [7, 7, 7, 7]);
  e.zero_();
  assert.deepEqual(z.tolist(), [0, 0, 0, 0]);
  // torch's expand is not NumPy's read-only flag: a non-overlapping expand stays writeable
  const one = torch.zeros([2, 1]);
  one.expand(2, 1).add_(1);
  assert.deepEqual(one.tolist(), [[1], [1]]);
});
