/**
 * The CPU backend's one-pass view scatter (kernels/cpu/view_scatter.c, every
 * view's backward): against a brute-force scatter for random views of 1-4
 * dims (steps, offsets, permuted and diagonal strides), each item size, and
 * views too small for every thread; its refusals; and slicing backward
 * through autograd.
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import { CPU } from "../../src/backend/cpu.ts";
import type { DType } from "../../src/core/dtype.ts";
import { Storage } from "../../src/core/storage.ts";
import { View } from "../../src/core/view.ts";
import { rng } from "../helpers/oracle.ts";

/** zeros(length) with g (in the view's C order) written through the view, element by element. */
function bruteForce(g: ArrayLike<number>, view: View, length: number): number[] {
  const out = new Array(length).fill(0);
  const idx = new Array(view.ndim).fill(0);
  for (let e = 0; e < view.size; e++) {
    let at = view.offset;
    for (let k = 0; k < view.ndim; k++) at += idx[k] * view.strides[k];
    out[at] = g[e];
    for (let k = view.ndim - 1; k >= 0; k--) {
      if (++idx[k] < view.shape[k]) break;
      idx[k] = 0;
    }
  }
  return out;
}

/** A random non-overlapping view with positive strides: dims nested by stride, each beyond the extent inside it. */
function randomView(r: () => number): { view: View; length: number } {
  const nd = 1 + Math.floor(r() * 4), shape: number[] = [], strides: number[] = [];
  let extent = 0;
  for (let k = 0; k < nd; k++) {
    const n = 1 + Math.floor(r() * 5), s = extent + 1 + Math.floor(r() * 3);
    shape.push(n);
    strides.push(s);
    extent += s * (n - 1);
  }
  // a random order of the dims (permuted views walk the buffer out of C order)
  const perm = [...shape.keys()].sort(() => r() - 0.5);
  const offset = Math.floor(r() * 4), length = offset + extent + 1 + Math.floor(r() * 4);
  return { view: new View(perm.map((i) => shape[i]), perm.map((i) => strides[i]), offset), length };
}

Deno.test("view scatter: random views of each item size match a brute-force scatter", () => {
  const r = rng(7);
  const dtypes: DType[] = ["uint8", "int32", "float32", "int64", "float64"];
  for (let t = 0; t < 300; t++) {
    const dt = dtypes[t % dtypes.length], { view, length } = randomView(r);
    const g = Storage.host(dt, view.size + 3);
    const data = g.data;
    for (let i = 0; i < data.length; i++) {
      if (data instanceof BigInt64Array) data[i] = BigInt(i + 1);
      else data[i] = (i + 1) % 250;
    }
    // the gradient starts 3 elements into its storage
    const gOp = { storage: g, layout: new View([view.size], [1], 3) };
    const out = Storage.host(dt, length, false);
    out.data.fill(dt === "int64" ? 77n as never : 77 as never); // stale values the pass must overwrite
    CPU.viewScatter!(gOp, out, view);
    const src = [...g.data].slice(3).map(Number);
    assert.deepEqual([...out.data].map(Number), bruteForce(src, view, length), `${dt} ${JSON.stringify(view.shape)}`);
  }
});

Deno.test("view scatter: large views split across threads; empty views zero everything", () => {
  for (
    const [shape, strides, offset, length] of [
      [[1_000_001], [2], 1, 2_000_010],
      [[300, 700], [2000, 2], 5, 600_010],
      [[700, 300], [1, 1400], 0, 980_000], // the walk goes by the larger stride first
    ] as [number[], number[], number, number][]
  ) {
    const view = new View(shape, strides, offset);
    const g = Storage.host("float32", view.size, false);
    const gd = g.data as Float32Array;
    for (let i = 0; i < gd.length; i++) gd[i] = i % 1000 + 1;
    const out = Storage.host("float32", length, false);
    (out.data as Float32Array).fill(-1);
    CPU.viewScatter!({ storage: g, layout: new View([view.size]) }, out, view);
    const want = bruteForce(gd, view, length), got = out.data as Float32Array;
    let bad = -1;
    for (let i = 0; i < length && bad < 0; i++) if (got[i] !== want[i]) bad = i;
    assert.equal(bad, -1, `element ${bad} of ${JSON.stringify(shape)}`);
  }
  const out = Storage.host("float64", 10, false);
  (out.data as Float64Array).fill(3);
  CPU.viewScatter!({ storage: Storage.host("float64", 0), layout: new View([0]) }, out, new View([0, 4], [4, 1]));
  assert.deepEqual([...out.data], new Array(10).fill(0));
});

Deno.test("view scatter refuses overlapping, non-positive and out-of-range views (no write)", () => {
  const g = { storage: Storage.host("float32", 4), layout: new View([4]) };
  for (const view of [new View([2, 2], [1, 1]), new View([4], [0]), new View([4], [-1], 3), new View([4], [3])]) {
    const out = Storage.host("float32", 8, false);
    (out.data as Float32Array).fill(5);
    assert.throws(() => CPU.viewScatter!(g, out, view), /view_scatter/);
    assert.ok((out.data as Float32Array).every((v) => v === 5));
  }
  assert.throws(() => CPU.viewScatter!(g, Storage.host("float64", 8), new View([4])), /view_scatter/);
});

Deno.test("slicing, diagonal and transposed views: autograd's gradient is g through the view, zeros elsewhere", () => {
  const x = torch.randn(6, 8, 5, { requiresGrad: true });
  const cases = ["::2, 1:7:3, :", "1, 1::3, 2:", ":, 4, ::2", "2:5, :, 1:4"];
  for (const spec of cases) {
    x.grad = null;
    const y = x.get(spec);
    const g = torch.randn(...y.shape);
    y.backward(g);
    // the reference: zeros with g assigned through the same index (a copy into a view, no autograd)
    const want = torch.zeros(6, 8, 5);
    want.set(spec, g);
    assert.deepEqual(x.grad!.tolist(), want.tolist(), spec);
  }
  // a diagonal (stride 45) and a slice of a transposed view (the walk's order is not C order)
  for (
    const [name, view] of [
      ["diagonal", (t: torch.Tensor) => t.diagonal(0, 0, 1)],
      ["transpose slice", (t: torch.Tensor) => t.transpose(0, 2).get("1:4, ::3")],
    ] as const
  ) {
    x.grad = null;
    const y = view(x), g = torch.randn(...y.shape);
    y.backward(g);
    const want = torch.zeros(6, 8, 5);
    view(want).copy_(g);
    assert.deepEqual(x.grad!.tolist(), want.tolist(), name);
  }
});
