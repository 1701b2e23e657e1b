/**
 * Host-side launch logic of the CUDA backend, without a GPU: argument
 * packing into the kernel structs (read back field by field), launch
 * geometry, and the cuBLAS operand and batch planning. The struct layouts
 * themselves are checked against the compiled kernels in
 * cuda_compile_test.ts.
 */
import assert from "node:assert/strict";
import { View } from "../../src/core/view.ts";
import {
  batchPlan,
  elementwiseGeometry,
  EW_CONTIG,
  EW_VEC,
  finishGeometry,
  gemmOperand,
  KernelArgs,
  LAYOUT,
  MAX_GRID_Y,
  MAXDIM,
  packElementwise,
  packIndex,
  packReduce,
  packRows,
  pow2ceil,
  reduceGeometry,
  rowGeometry,
  THREADS,
  vecWidth,
} from "../../src/backend/cuda_meta.ts";

const args = new KernelArgs();
const list = (at: number, n: number) => Array.from({ length: n }, (_, i) => args.read(at + 8 * i));
const i32 = (at: number) => new Int32Array(args.buffer)[at >> 2];
const u64 = (at: number) => new BigUint64Array(args.buffer)[at >> 3];

Deno.test("int64 fields round-trip through the int32 halves, negatives and beyond 2^32 included", () => {
  for (const v of [0, 1, -1, 2 ** 32, -(2 ** 32) - 5, 2 ** 53 - 1, -(2 ** 53) + 1]) {
    args.i64(16, v);
    assert.equal(args.read(16), v);
  }
});

Deno.test("contiguous operands: one flat loop, vectorized when every offset is aligned", () => {
  const v = new View([4, 6]);
  const sp = packElementwise(args, 0, [0x1000n, 0x2000n, 0x3000n], [v, v, v], [4, 4, 4]);
  const L = LAYOUT.ew(3);
  assert.deepEqual(sp, { n: 24, flags: EW_CONTIG | EW_VEC, vec: 4 });
  assert.equal(i32(L.ndim), 1);
  assert.equal(args.read(L.n), 24);
  assert.deepEqual([u64(L.p), u64(L.p + 8), u64(L.p + 16)], [0x1000n, 0x2000n, 0x3000n]);
  const off = new View([4, 6], undefined, 2);
  const sp2 = packElementwise(args, 0, [1n, 2n, 3n], [off, v, v], [4, 4, 4]);
  assert.equal(sp2.flags, EW_CONTIG, "an offset of 2 float32 elements is not 16-byte aligned");
  assert.deepEqual(list(L.off, 3), [2, 0, 0]);
  assert.equal(packElementwise(args, 0, [1n, 2n, 3n], [v, v, v], [4, 4, 4], false).flags, EW_CONTIG);
});

Deno.test("8-byte types take 2-element vectors, narrower ones 4", () => {
  assert.equal(vecWidth([8, 8, 1]), 2);
  assert.equal(vecWidth([4, 4, 1]), 4);
  assert.equal(vecWidth([1, 1]), 4);
});

Deno.test("broadcast operands: dims stored innermost first with stride 0 where broadcast", () => {
  const a = new View([3, 1]).expand("t", [3, 4]), b = new View([1, 4]).expand("t", [3, 4]);
  const out = new View([3, 4]);
  const sp = packElementwise(args, 0, [1n, 2n, 3n], [a, b, out], [8, 8, 8]);
  const L = LAYOUT.ew(3);
  assert.equal(sp.flags, 0);
  assert.equal(i32(L.ndim), 2);
  assert.deepEqual(list(L.shape, 2), [4, 3]);
  assert.deepEqual(list(L.strides, 2), [0, 1], "a");
  assert.deepEqual(list(L.strides + 8 * MAXDIM, 2), [1, 0], "b");
  assert.deepEqual(list(L.strides + 16 * MAXDIM, 2), [1, 4], "out");
});

Deno.test("a transposed input with a contiguous output is walked in the output's order", () => {
  const x = new View([3, 5]).permute("t", [1, 0]); // shape [5, 3], strides [1, 5]
  const out = new View([5, 3]);
  packElementwise(args, 0, [1n, 2n], [x, out], [4, 4]);
  const L = LAYOUT.ew(2);
  assert.deepEqual(list(L.shape, 2), [3, 5]);
  assert.deepEqual(list(L.strides, 2), [5, 1]);
  assert.deepEqual(list(L.strides + 8 * MAXDIM, 2), [1, 3]);
});

Deno.test("a packed space can start past a leading field (fill's value)", () => {
  const v = new View([7]);
  args.u64(LAYOUT.fill.value, 0xdeadbeefn);
  packElementwise(args, LAYOUT.fill.nd, [0x5000n], [v], [4], false);
  const L = LAYOUT.ew(1);
  assert.equal(u64(LAYOUT.fill.value), 0xdeadbeefn);
  assert.equal(u64(LAYOUT.fill.nd + L.p), 0x5000n);
  assert.equal(args.read(LAYOUT.fill.nd + L.n), 7);
});

Deno.test("more dims than the kernels take is a RangeError naming the limit", () => {
  const nd = MAXDIM + 1;
  const shape = new Array(nd).fill(2);
  const strides = shape.map((_, d) => 4 ** (nd - 1 - d)); // ratio 4: no two dims merge
  const v = new View(shape, strides);
  assert.throws(() => packElementwise(args, 0, [1n, 2n], [v, new View(shape)], [4, 4]), /at most 25 dims/);
});

Deno.test("element-wise geometry: one thread per element or vector, 256 per block", () => {
  assert.deepEqual(elementwiseGeometry({ n: 1, flags: 0, vec: 4 }), { gx: 1, gy: 1, bx: THREADS, by: 1 });
  assert.equal(elementwiseGeometry({ n: 2 ** 26, flags: EW_CONTIG | EW_VEC, vec: 4 }).gx, 2 ** 26 / 4 / THREADS);
  assert.equal(
    elementwiseGeometry({ n: 2 ** 26 + 3, flags: EW_CONTIG, vec: 4 }).gx,
    Math.ceil((2 ** 26 + 3) / THREADS),
  );
});

Deno.test("reduce packing: kept and reduced dims innermost first, vertical when the kept dim is the inner one", () => {
  const L = LAYOUT.red;
  const x = new View([4, 5, 6]);
  const rows = packReduce(args, 0x10n, 0x20n, x, [2]);
  assert.deepEqual(rows, { nout: 20, nred: 6, vertical: false });
  assert.deepEqual([i32(L.k), i32(L.r)], [1, 1], "the kept dims merge");
  assert.deepEqual(list(L.kshape, 1), [20]);
  assert.deepEqual(list(L.kstride, 1), [6]);
  assert.deepEqual(list(L.rstride, 1), [1]);
  const cols = packReduce(args, 0x10n, 0x20n, x, [0]);
  assert.deepEqual(cols, { nout: 30, nred: 4, vertical: true });
  assert.deepEqual(list(L.rstride, 1), [30]);
  const mid = packReduce(args, 0x10n, 0x20n, new View([4, 5, 6], undefined, 7), [0, 2]);
  assert.deepEqual(mid, { nout: 5, nred: 24, vertical: false });
  assert.deepEqual(list(L.rshape, 2), [6, 4]);
  assert.deepEqual(list(L.rstride, 2), [1, 30]);
  assert.equal(args.read(L.inOff), 7);
  assert.deepEqual([u64(L.in), u64(L.out)], [0x10n, 0x20n]);
});

Deno.test("reduce geometry: block shapes, and splits only when outputs are too few", () => {
  const sms = 132;
  // a full reduction of 2^26 elements: one row, split over grid.y
  const full = reduceGeometry({ nout: 1, nred: 2 ** 26, vertical: false }, sms);
  assert.deepEqual([full.bx, full.by, full.gx], [1, 256, 1]);
  assert.ok(full.gy > 1 && full.gy <= 4 * sms);
  assert.ok(full.gy * full.chunk >= 2 ** 26 && (full.gy - 1) * full.chunk < 2 ** 26);
  // many short rows: several outputs per block
  const short = reduceGeometry({ nout: 100000, nred: 10, vertical: false }, sms);
  assert.deepEqual([short.bx, short.by, short.gy], [16, 16, 1]);
  assert.equal(short.gx, Math.ceil(100000 / 16));
  // columns of a tall matrix: a warp of adjacent outputs
  const tall = reduceGeometry({ nout: 1000, nred: 100000, vertical: true }, sms);
  assert.deepEqual([tall.bx, tall.by], [32, 8]);
  assert.equal(tall.gx, 32);
  assert.ok(tall.gy > 1);
  // few reduced elements: no split, however few the outputs
  const tiny = reduceGeometry({ nout: 1, nred: 100, vertical: false }, sms);
  assert.deepEqual([tiny.by, tiny.gy, tiny.chunk], [128, 1, 100]);
  // nothing to reduce (empty axis): one pass writing identities
  const empty = reduceGeometry({ nout: 3, nred: 0, vertical: false }, sms);
  assert.equal(empty.gy, 1);
  for (const g of [full, short, tall, tiny]) {
    assert.ok(g.bx * g.by <= THREADS && g.gy <= MAX_GRID_Y);
    assert.equal(pow2ceil(g.by), g.by, "by is a power of two (the tree in shared memory)");
  }
  assert.deepEqual(finishGeometry(1000), { gx: 4, gy: 1, bx: THREADS, by: 1 });
});

Deno.test("row packing (scans, softmax): the axis is the row, other dims place the rows", () => {
  const L = LAYOUT.row;
  const x = new View([2, 3, 4]).permute("t", [0, 2, 1]); // shape [2, 4, 3], strides [12, 1, 4]
  const out = new View([2, 4, 3]);
  const sp = packRows(args, 1n, 2n, x, out, 2, 1);
  assert.deepEqual(sp, { nrows: 8, n: 3 });
  assert.deepEqual([args.read(L.inStep), args.read(L.outStep)], [4, 1]);
  assert.deepEqual([i32(L.nd), i32(L.flags)], [2, 1]);
  assert.deepEqual(list(L.shape, 2), [4, 2]);
  assert.deepEqual(list(L.inStrides, 2), [1, 12]);
  assert.deepEqual(list(L.outStrides, 2), [3, 12]);
  assert.deepEqual(rowGeometry({ nrows: 8, n: 3 }, 132), { gx: 8, gy: 1, bx: 32, by: 1 });
  assert.deepEqual(rowGeometry({ nrows: 10 ** 7, n: 1000 }, 132), { gx: 32 * 132, gy: 1, bx: 256, by: 1 });
});

Deno.test("index packing mirrors the CPU's gather/scatter addressing", () => {
  const L = LAYOUT.index;
  // gather rows of a [10, 3] source into a [4, 3] result
  const src = new View([10, 3]), dst = new View([4, 3]);
  const total = packIndex(args, { ptr: 1n, view: src }, { ptr: 2n, view: dst }, 3n, 4, 1, 0);
  assert.equal(total, 12);
  assert.deepEqual([i32(L.rdim), i32(L.mode)], [1, 0]);
  assert.deepEqual([args.read(L.block), args.read(L.srcIstride), args.read(L.dstIstride)], [3, 0, 3]);
  assert.deepEqual([list(L.rshape, 1), list(L.srcRstride, 1), list(L.dstRstride, 1)], [[3], [1], [1]]);
  assert.equal(u64(L.offs), 3n);
  // scatter-multiply: the leading dim is src's
  packIndex(args, { ptr: 1n, view: dst }, { ptr: 2n, view: src }, 3n, 4, 1, 3);
  assert.deepEqual([i32(L.mode), args.read(L.srcIstride), args.read(L.dstIstride)], [1, 3, 0]);
});

Deno.test("cuBLAS operands: row-major, column-major (transposed), vectors, and views that need a copy", () => {
  assert.deepEqual(gemmOperand(3, 4, 4, 1), { trans: false, ld: 4 });
  assert.deepEqual(gemmOperand(3, 4, 8, 1), { trans: false, ld: 8 }, "a column slice keeps its row stride");
  assert.deepEqual(gemmOperand(3, 4, 1, 3), { trans: true, ld: 3 }, "the transpose of a contiguous [4, 3]");
  assert.deepEqual(gemmOperand(1, 4, 999, 1), { trans: false, ld: 4 }, "one row: any row stride");
  assert.deepEqual(gemmOperand(4, 1, 1, 999), { trans: false, ld: 1 }, "one column, unit row stride");
  assert.equal(gemmOperand(3, 4, 8, 2), null, "strided in both dims");
  assert.equal(gemmOperand(3, 4, 2, 1), null, "overlapping rows");
  assert.equal(gemmOperand(3, 4, -4, 1), null, "a negative stride");
});

Deno.test("batch plans: merged strided batches, broadcast operands, and outer dims looped", () => {
  // contiguous [2, 3] batches of 4x5 @ 5x6: one call of 6
  assert.deepEqual(batchPlan([2, 3], [[60, 20], [90, 30], [72, 24]]), {
    count: 6,
    strides: [20, 30, 24],
    outerShape: [],
    outerStrides: [[], [], []],
  });
  // B broadcast over the batch (stride 0)
  assert.deepEqual(batchPlan([2, 3], [[60, 20], [0, 0], [72, 24]]).count, 6);
  // A broadcast over the outer dim only: cannot merge
  const p = batchPlan([2, 3], [[0, 20], [90, 30], [72, 24]]);
  assert.deepEqual(p, { count: 3, strides: [20, 30, 24], outerShape: [2], outerStrides: [[0], [90], [72]] });
  // size-1 batch dims are dropped; no batch at all is one matrix
  assert.equal(batchPlan([1, 4, 1], [[7, 20, 3], [0, 30, 1], [0, 24, 0]]).count, 4);
  assert.deepEqual(batchPlan([], [[], [], []]), {
    count: 1,
    strides: [0, 0, 0],
    outerShape: [],
    outerStrides: [[], [], []],
  });
});
