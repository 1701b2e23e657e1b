/**
 * gather / scatter addressing: PyTorch's index rules (no negative indices,
 * unlike NumPy's take_along_axis) and the threaded offset kernel on large,
 * strided indices (each dim, against a plain JS walk; the first bad element
 * in C order is the one reported, whichever thread meets it).
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";

Deno.test("gather and scatter reject negative indices with PyTorch's message", () => {
  const x = torch.arange(6).reshape(2, 3).float(), neg = torch.tensor([[-1], [0]]);
  const msg = { name: "RangeError", message: "index -1 is out of bounds for dimension 1 with size 3" };
  assert.throws(() => x.gather(1, neg), msg);
  assert.throws(() => torch.zeros(2, 3).scatter(1, neg, 1.0), msg);
  assert.throws(() => torch.zeros(2, 3).scatterAdd(1, neg, torch.ones(2, 1)), msg);
  assert.throws(() => torch.ones(2, 3).scatter_(1, neg, torch.ones(2, 1), { reduce: "multiply" }), msg);
  assert.deepEqual(x.gather(1, torch.tensor([[2], [0]])).tolist(), [[2], [3]]);
});

/** x[i0, .., index[e], .., ik] for every element e of index, walked one element at a time. */
function reference(x: number[], xs: number[], idx: number[], is: number[], d: number): number[] {
  const out: number[] = [];
  const pos = is.map(() => 0);
  for (let e = 0; e < idx.length; e++) {
    let off = 0;
    for (let k = 0; k < xs.length; k++) off = off * xs[k] + (k === d ? idx[e] : pos[k]);
    out.push(x[off]);
    for (let k = is.length - 1; k >= 0 && ++pos[k] === is[k]; k--) pos[k] = 0;
  }
  return out;
}

Deno.test("gather along each dim of a large strided index matches an element-by-element walk", () => {
  const xs = [48, 44, 46];
  const x = torch.rand(xs);
  const flat = x.flatten().tolist() as number[];
  for (let d = 0; d < 3; d++) {
    // a [44, 40, 84] index sliced to every other column: 73,920 elements (several threads), not contiguous
    const full = torch.randint(0, xs[d], [44, 40, 84], { generator: new torch.Generator().manualSeed(d) });
    const index = full.get("..., ::2");
    assert.ok(!index.isContiguous());
    const got = x.gather(d, index).flatten().tolist() as number[];
    const want = reference(flat, xs, index.flatten().tolist() as number[], index.shape, d);
    assert.deepEqual(got, want, `gather along dim ${d}`);
  }
});

Deno.test("a bad index is reported at its first element in C order, on any thread", () => {
  const x = torch.zeros(1000);
  const index = torch.zeros(200_000, { dtype: "int64" });
  index.get(150_000).fill_(5000); // in the second half (another thread)
  index.get(30_000).fill_(1234);
  assert.throws(() => x.gather(0, index), {
    name: "RangeError",
    message: "index 1234 is out of bounds for dimension 0 with size 1000",
  });
  index.get(30_000).fill_(0);
  assert.throws(() => x.gather(0, index), {
    name: "RangeError",
    message: "index 5000 is out of bounds for dimension 0 with size 1000",
  });
});
