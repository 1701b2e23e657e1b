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

/** Positions of `index`'s elements (C order) in a C-order array of shape xs, along d. */
function positions(xs: number[], idx: number[], is: number[], d: number): number[] {
  const out: number[] = [];
  const pos = is.map(() => 0);
  for (let e = 0; e < idx.length; e++) {
    let off = 0;
    for (let k = 0; k < xs.length; k++) off = off * xs[k] + (k === d ? idx[e] : pos[k]);
    out.push(off);
    for (let k = is.length - 1; k >= 0 && ++pos[k] === is[k]; k--) pos[k] = 0;
  }
  return out;
}

Deno.test("scatter along each dim of a large strided index writes, adds and multiplies as one thread in index order", () => {
  const xs = [48, 44, 46];
  for (let d = 0; d < 3; d++) {
    const g = new torch.Generator().manualSeed(10 + d);
    // many repeats per element (a dim of 44-48 entries): float32 sums and products are exact only in index order
    const index = torch.randint(0, xs[d], [44, 40, 84], { generator: g }).get("..., ::2");
    const src = torch.rand([44, 40, 42], { generator: g }).add(0.5);
    const at = positions(xs, index.flatten().tolist() as number[], index.shape, d);
    const vals = src.flatten().tolist() as number[];
    for (
      const [name, run, step] of [
        ["scatter", (x: torch.Tensor) => x.scatter_(d, index, src), (_: number, v: number) => v],
        ["scatterAdd", (x: torch.Tensor) => x.scatterAdd_(d, index, src), (a: number, v: number) => Math.fround(a + v)],
        [
          "scatter multiply",
          (x: torch.Tensor) => x.scatter_(d, index, src, { reduce: "multiply" }),
          (a: number, v: number) => Math.fround(a * v),
        ],
      ] as const
    ) {
      // a transposed view: the walk follows x's strides
      const x = torch.rand([48, 46, 44], { generator: g }).transpose(1, 2);
      const want = x.flatten().tolist() as number[];
      at.forEach((p, e) => want[p] = step(want[p], vals[e]));
      run(x);
      assert.deepEqual(x.flatten().tolist(), want, `${name} along dim ${d}`);
    }
  }
});

Deno.test("a scatter with a bad index anywhere writes nothing", () => {
  const x = torch.zeros(1000), index = torch.zeros(200_000, { dtype: "int64" });
  index.get(199_999).fill_(1000);
  assert.throws(() => x.scatterAdd_(0, index, torch.ones(200_000)), {
    name: "RangeError",
    message: "index 1000 is out of bounds for dimension 0 with size 1000",
  });
  assert.equal(x.countNonzero().item(), 0);
});

Deno.test("a scatter into its own index's memory addresses with the indices it started with", () => {
  const n = 100_000;
  const index = torch.randint(0, n, [n], { generator: new torch.Generator().manualSeed(3) });
  // x is the index's bytes as float64 (PyTorch's overlap check sees another storage): 1.5 read back as an int64 is
  // far out of bounds, so a walk reading indices it has overwritten would write astray
  const x = index.view(torch.float64), src = torch.full([n], 1.5, { dtype: torch.float64 });
  const want = index.clone().view(torch.float64).scatter_(0, index.clone(), src).tolist();
  x.scatter_(0, index, src);
  assert.deepEqual(x.tolist(), want);
});
