/** Creation functions, products and dtype handling against NumPy. */
import assert from "node:assert/strict";
import { np } from "../../mod.ts";
import { build, checkRuns, randomInput, rng, type Run } from "../helpers/oracle.ts";

const r = rng(3);
const runs: Run[] = [
  { c: { expr: "np.array([[1, 2], [3, 4]])" }, ours: () => np.array([[1, 2], [3, 4]]) },
  { c: { expr: "np.array([1, 2.5, True])" }, ours: () => np.array([1, 2.5, true]) },
  { c: { expr: "np.array([True, False])" }, ours: () => np.array([true, false]) },
  {
    c: { expr: "np.array([[1, 2], [3, 4]], dtype=np.float32)" },
    ours: () => np.array([[1, 2], [3, 4]], { dtype: "float32" }),
  },
  { c: { expr: "np.array(5)" }, ours: () => np.array(5) },
  { c: { expr: "np.array([])" }, ours: () => np.array([]) },
  { c: { expr: "np.array([2**62, -2**63 + 1])" }, ours: () => np.array([2n ** 62n, -(2n ** 63n) + 1n]) },
  { c: { expr: "np.zeros((2, 3))" }, ours: () => np.zeros([2, 3]) },
  { c: { expr: "np.ones((2, 3), dtype=np.int32)" }, ours: () => np.ones([2, 3], { dtype: "int32" }) },
  { c: { expr: "np.array(np.empty((2, 0)).shape)" }, ours: () => np.array(np.empty([2, 0]).shape) },
  { c: { expr: "np.full((2, 2), 7)" }, ours: () => np.full([2, 2], 7) },
  { c: { expr: "np.full((2, 2), 0.5)" }, ours: () => np.full([2, 2], 0.5) },
  {
    c: { expr: "np.zeros_like(np.ones((2, 3), dtype=np.uint8))" },
    ours: () => np.zerosLike(np.ones([2, 3], { dtype: "uint8" })),
  },
  { c: { expr: "np.ones_like(np.zeros(3))" }, ours: () => np.onesLike(np.zeros(3)) },
  {
    c: { expr: "np.full_like(np.zeros(3, dtype=np.int32), 4)" },
    ours: () => np.fullLike(np.zeros(3, { dtype: "int32" }), 4),
  },
  {
    c: { expr: "np.array(np.empty_like(np.zeros((2, 2))).shape)" },
    ours: () => np.array(np.emptyLike(np.zeros([2, 2])).shape),
  },
  { c: { expr: "np.eye(3)" }, ours: () => np.eye(3) },
  { c: { expr: "np.eye(3, 4, k=1)" }, ours: () => np.eye(3, 4, 1) },
  { c: { expr: "np.eye(4, 3, k=-2, dtype=np.int32)" }, ours: () => np.eye(4, 3, -2, { dtype: "int32" }) },
  { c: { expr: "np.identity(2)" }, ours: () => np.identity(2) },
  { c: { expr: "np.arange(5)" }, ours: () => np.arange(5) },
  { c: { expr: "np.arange(1, 10, 3)" }, ours: () => np.arange(1, 10, 3) },
  { c: { expr: "np.arange(0, 1, 0.1)" }, ours: () => np.arange(0, 1, 0.1) },
  { c: { expr: "np.arange(10, 0, -2.5)" }, ours: () => np.arange(10, 0, -2.5) },
  { c: { expr: "np.arange(5, dtype=np.float32)" }, ours: () => np.arange(5, null, 1, { dtype: "float32" }) },
  { c: { expr: "np.linspace(0, 1, 5)" }, ours: () => np.linspace(0, 1, 5) },
  { c: { expr: "np.linspace(-3, 7, 11, endpoint=False)" }, ours: () => np.linspace(-3, 7, 11, { endpoint: false }) },
  { c: { expr: "np.linspace(0, 10, 4, dtype=np.int64)" }, ours: () => np.linspace(0, 10, 4, { dtype: "int64" }) },
  { c: { expr: "np.linspace(2, 2, 1)" }, ours: () => np.linspace(2, 2, 1) },
  { c: { expr: "np.logspace(0, 3, 4)" }, ours: () => np.logspace(0, 3, 4) },
  { c: { expr: "np.logspace(0, 3, 4, base=2)" }, ours: () => np.logspace(0, 3, 4, { base: 2 }) },
];
// products: NumPy's dot / matmul / inner / outer shape rules
const PROD: [number[], number[]][] = [
  [[3], [3]],
  [[2, 3], [3]],
  [[3], [3, 4]],
  [[2, 3], [3, 4]],
  [[5, 2, 3], [3, 4]],
  [[5, 2, 3], [5, 3, 4]],
  [[2, 3, 4], [5, 4, 2]],
  [[1, 2, 3], [4, 3, 2]],
];
for (const dt of ["int64", "float32", "float64", "int32", "uint8", "bool"]) {
  for (const [sa, sb] of PROD) {
    const a = randomInput(r, dt, sa), b = randomInput(r, dt, sb);
    const tol = { rtol: 1e-5, atol: 1e-4 };
    runs.push({ c: { expr: "np.dot(a, b)", inputs: { a, b } }, ours: () => np.dot(build(a), build(b)), tol });
    runs.push({ c: { expr: "np.matmul(a, b)", inputs: { a, b } }, ours: () => np.matmul(build(a), build(b)), tol });
    if (sa[sa.length - 1] === sb[sb.length - 1]) {
      runs.push({
        c: { expr: "np.inner(a, b)", inputs: { a, b } },
        ours: () => np.inner(build(a), build(b)),
        tol,
      });
    }
    runs.push({ c: { expr: "np.outer(a, b)", inputs: { a, b } }, ours: () => np.outer(build(a), build(b)), tol });
  }
}
// products big enough (over 2^21 multiply-adds) to be split over threads:
// row bands, column bands (short wide), whole matrices per thread, and a
// single batch matrix split in bands; transposed operands go to BLAS as such
const BIG: [number[], number[], string?][] = [
  [[160, 130], [130, 120]],
  [[16, 300], [300, 600]],
  [[4, 64, 96], [4, 96, 100]],
  [[1, 150, 120], [120, 130]],
  [[130, 160], [130, 120], "T"],
];
for (const dt of ["float32", "float64", "int32", "int64"]) {
  for (const [sa, sb, t] of BIG) {
    const a = randomInput(r, dt, sa), b = randomInput(r, dt, sb);
    const tol = { rtol: 1e-5, atol: 1e-3 };
    if (t) runs.push({ c: { expr: "a.T @ b", inputs: { a, b } }, ours: () => build(a).T.matmul(build(b)), tol });
    else {runs.push({
        c: { expr: "np.matmul(a, b)", inputs: { a, b } },
        ours: () => np.matmul(build(a), build(b)),
        tol,
      });}
  }
}
{
  const a = randomInput(r, "float64", [6, 4], "::2, ::-1"), b = randomInput(r, "float32", [4, 5], ":, ::2");
  runs.push({ c: { expr: "a @ b", inputs: { a, b } }, ours: () => build(a).matmul(build(b)) });
  runs.push({ c: { expr: "a.T @ a", inputs: { a, b } }, ours: () => build(a).T.matmul(build(a)) });
  runs.push({ c: { expr: "np.matmul(a, b.T)", inputs: { a, b } }, ours: () => np.matmul(build(a), build(b).T) });
  runs.push({ c: { expr: "np.dot(a, a)", inputs: { a } }, ours: () => np.dot(build(a), build(a)) });
  runs.push({
    c: { expr: "np.matmul(a, np.float64(2))", inputs: { a } },
    ours: () => np.matmul(build(a), np.array(2.5)),
  });
}

// misc functions
{
  const a = randomInput(r, "float64", [3, 5]), i = randomInput(r, "int32", [4, 3], "::-1");
  runs.push({
    c: { expr: "np.where(a > 0, a, -1)", inputs: { a } },
    ours: () => np.where(build(a).greater(0), build(a), -1),
  });
  // each value operand an array, a broadcast scalar or strided, in 1-, 4- and 8-byte kinds
  const f = randomInput(r, "float32", [6, 7]), u = randomInput(r, "uint8", [6, 7]);
  runs.push({
    c: { expr: "np.where(f > 0, 2.5, f)", inputs: { f } },
    ours: () => np.where(build(f).greater(0), 2.5, build(f)),
  });
  runs.push({ c: { expr: "np.where(f > 0, 1, 0)", inputs: { f } }, ours: () => np.where(build(f).greater(0), 1, 0) });
  runs.push({
    c: { expr: "np.where(u > 9, u, 7)", inputs: { u } },
    ours: () => np.where(build(u).greater(9), build(u), 7),
  });
  runs.push({
    c: { expr: "np.where(f > 0, f, f[::-1])", inputs: { f } },
    ours: () => np.where(build(f).greater(0), build(f), build(f).get("::-1")),
  });
  runs.push({ c: { expr: "np.where(a > 0)", inputs: { a } }, ours: () => np.where(build(a).greater(0)) });
  runs.push({ c: { expr: "np.nonzero(i)", inputs: { i } }, ours: () => np.nonzero(build(i)) });
  runs.push({ c: { expr: "np.clip(a, -1, 2.5)", inputs: { a } }, ours: () => np.clip(build(a), -1, 2.5) });
  runs.push({ c: { expr: "np.clip(i, None, 3)", inputs: { i } }, ours: () => np.clip(build(i), null, 3) });
  runs.push({ c: { expr: "np.round(a, 2)", inputs: { a } }, ours: () => np.round(build(a), 2) });
  runs.push({ c: { expr: "np.round(a)", inputs: { a } }, ours: () => np.round(build(a)) });
  runs.push({ c: { expr: "np.round(i, -1)", inputs: { i } }, ours: () => np.round(build(i), -1) });
  runs.push({ c: { expr: "np.sort(a, axis=0)", inputs: { a } }, ours: () => np.sort(build(a), 0) });
  runs.push({ c: { expr: "np.sort(i, axis=None)", inputs: { i } }, ours: () => np.sort(build(i), null) });
  runs.push({ c: { expr: "np.argsort(a)", inputs: { a } }, ours: () => np.argsort(build(a)) });
  runs.push({ c: { expr: "a.trace()", inputs: { a } }, ours: () => build(a).trace() });
  runs.push({ c: { expr: "a.diagonal(1)", inputs: { a } }, ours: () => build(a).diagonal(1) });
  runs.push({ c: { expr: "np.abs(i) % 3", inputs: { i } }, ours: () => np.mod(np.abs(build(i)), 3) });
  runs.push({ c: { expr: "a.astype(np.int32)", inputs: { a } }, ours: () => build(a).astype("int32") });
}

Deno.test("creation and products match NumPy", () => checkRuns(runs));

Deno.test("array inputs: typed arrays, ragged data, bad dtypes", () => {
  assert.equal(np.array(new Float32Array([1, 2])).dtype, "float32");
  assert.equal(np.array(new Int32Array([1, 2])).dtype, "int32");
  assert.throws(() => np.array([[1, 2], [3]]), np.ShapeError);
  assert.throws(() => np.array([1, [2, 3]] as never), np.ShapeError);
  assert.throws(() => np.zeros([2], { dtype: "complex64" }), /unsupported dtype "complex64"/);
  assert.throws(() => np.zeros([-1]), RangeError);
  assert.throws(() => np.matmul(np.zeros([2, 3]), np.zeros([2, 3])), /mismatch in its core dimension 0/);
  assert.throws(() => np.dot(np.zeros([2, 3]), np.zeros([2])), /not aligned/);
});

Deno.test("int64 values round-trip exactly through numbers and bigints", () => {
  const big = 2n ** 62n + 1n;
  const a = np.array([big, -5, 9007199254740991]);
  assert.equal(a.item(0), big);
  assert.equal(a.item(1), -5);
  assert.equal(a.item(2), 9007199254740991);
  assert.deepEqual(a.tolist(), [big, -5, 9007199254740991]);
});

Deno.test("ndarray properties", () => {
  const a = np.zeros([2, 3], { dtype: "float32" });
  assert.deepEqual([a.shape, a.ndim, a.size, a.itemsize, a.nbytes], [[2, 3], 2, 6, 4, 24]);
  assert.deepEqual(a.strides, [12, 4]);
  assert.deepEqual(a.T.strides, [4, 12]);
  assert.equal(a.astype("int32").dtype, "int32");
  assert.deepEqual(np.array([1.7, -1.7]).astype("int64").tolist(), [1, -1]);
  assert.deepEqual(np.array([0.5, 0]).astype("bool").tolist(), [true, false]);
  assert.deepEqual(np.zeros(3).fill(2).tolist(), [2, 2, 2]);
});
