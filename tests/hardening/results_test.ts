/**
 * Issue 13, results: products over a zero-length axis are zeros, an empty
 * list index is an empty integer index, SVD of a matrix holding NaN is
 * NumPy's LinAlgError, and np.random.permutation of a huge n either works
 * in bounded time and memory or is a RangeError (it used to build a JS
 * array of n numbers: 35 s and 2.4 GB at 1e8, and an abort at 2e8).
 * Expected values are NumPy 2.4's.
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";
import { LIBRARY_PATH } from "../../ffi/lib.ts";

Deno.test("dot, inner and matmul over a zero-length axis give zeros (NumPy)", () => {
  const d = np.dot(np.zeros([2, 3, 0]), np.zeros([0, 4]));
  assert.deepEqual(d.shape, [2, 3, 4]);
  assert.deepEqual(d.tolist(), np.zeros([2, 3, 4]).tolist());
  const i = np.inner(np.ones([2, 0]), np.ones([3, 0]));
  assert.deepEqual(i.tolist(), [[0, 0, 0], [0, 0, 0]]);
  assert.deepEqual(np.matmul(np.ones([2, 0]), np.ones([0, 2])).tolist(), [[0, 0], [0, 0]]);
  assert.equal(np.dot(np.ones([0]), np.ones([0])).item(), 0);
  assert.deepEqual(torch.mm(torch.ones([2, 0]), torch.ones([0, 3])).tolist(), [[0, 0, 0], [0, 0, 0]]);
});

Deno.test("an empty list index is an empty integer index: a.get([[]]) is NumPy's a[[]]", () => {
  const e = np.arange(3).get([[]]);
  assert.deepEqual([e.shape, e.dtype, e.tolist()], [[0], "int64", []]);
  assert.deepEqual(np.ones([2, 3]).get([[]]).shape, [0, 3]); // NumPy: shape (0, 3)
  const x = np.arange(3);
  x.set([[]], 7); // assigns nothing
  assert.deepEqual(x.tolist(), [0, 1, 2]);
  assert.throws(() => np.arange(3).get([[1.5]]), TypeError); // float indices are still refused
});

Deno.test("SVD of a matrix holding NaN is NumPy's LinAlgError 'SVD did not converge'", () => {
  const m = np.array([[NaN, 1], [1, 1]]);
  assert.throws(() => np.linalg.svd(m), np.linalg.LinAlgError);
  assert.throws(() => np.linalg.svd(m), /SVD did not converge/);
  assert.throws(() => np.linalg.svd(m, { computeUv: false }), np.linalg.LinAlgError);
  assert.throws(() => np.linalg.pinv(m), np.linalg.LinAlgError);
  assert.throws(() => np.linalg.matrixRank(m), np.linalg.LinAlgError);
  assert.throws(() => torch.linalg.svd(torch.tensor([[NaN, 1], [1, 1]])), /did not converge/);
  // infinities are not NaN to LAPACK: NumPy returns NaN singular values
  const s = np.linalg.svd(np.array([[Infinity, 1], [1, 1]]), { computeUv: false }) as np.NDArray;
  assert.ok((s.tolist() as number[]).every(Number.isNaN));
});

Deno.test("permutation and shuffle keep NumPy's streams with the word-wise swaps", () => {
  np.random.seed(5);
  const p = np.random.permutation(1e6);
  assert.deepEqual(p.get("0:5").tolist(), [399883, 634096, 624405, 861097, 813582]);
  assert.deepEqual(p.get("-3:").tolist(), [544751, 18638, 297827]);
  np.random.seed(5);
  const u = np.arange(10, { dtype: "uint8" });
  np.random.shuffle(u);
  assert.deepEqual(u.tolist(), [9, 5, 2, 4, 7, 1, 0, 8, 6, 3]);
  np.random.seed(5);
  const x = np.arange(10, { dtype: "int32" });
  np.random.shuffle(x.get("::-2")); // a strided view, shuffled in place
  assert.deepEqual(x.tolist(), [0, 3, 2, 5, 4, 7, 6, 9, 8, 1]);
  assert.deepEqual(np.random.defaultRng(5).permutation(1e6).get("0:5").tolist(), [
    507818,
    59261,
    468220,
    484364,
    52113,
  ]);
  assert.throws(() => np.random.permutation(2.5), Error);
  assert.throws(() => np.random.permutation(-1), Error);
});

Deno.test("np.random.permutation(2e8) under a 1 GiB memory cap is a RangeError, not an abort", async () => {
  if (!Deno.statSync("/bin/bash").isFile) return;
  const script = `import { np } from ${JSON.stringify(new URL("../../mod.ts", import.meta.url).href)};
try { np.random.permutation(2e8); console.log("allocated"); }
catch (e) { console.log(e instanceof RangeError ? "RangeError" : "other " + e); }`;
  const out = await new Deno.Command("/bin/bash", {
    args: ["-c", `ulimit -d ${1024 * 1024} && exec "$@"`, "perm", Deno.execPath(), "eval", "--no-lock", script],
    env: { DENDRITE_LIB: LIBRARY_PATH, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout).trim();
  assert.ok(out.success, `exit ${out.code} ${out.signal ?? ""}: ${new TextDecoder().decode(out.stderr).slice(-2000)}`);
  assert.equal(text, "RangeError");
});

Deno.test("torch: gradients through views of an expanded tensor are PyTorch's (they were every alias's sum)", () => {
  // PyTorch 2.13's y.grad for each f(y)
  const cases: [string, (y: torch.Tensor) => torch.Tensor, number[]][] = [
    ["x[0]", (y) => y.expand(3, 4).get(0).sum(), [1, 1, 1, 1]],
    ["x[:, 0]", (y) => y.expand(3, 4).select(1, 0).sum(), [3, 0, 0, 0]],
    ["x[:, 1] * w", (y) => y.expand(3, 4).select(1, 1).mul(torch.tensor([1, 2, 3])).sum(), [0, 6, 0, 0]],
    ["diagonal", (y) => y.expand(4, 4).diagonal().mul(torch.tensor([1, 2, 3, 4])).sum(), [1, 2, 3, 4]],
    ["narrow", (y) => y.expand(3, 4).narrow(0, 1, 2).mul(torch.arange(8).reshape(2, 4)).sum(), [4, 6, 8, 10]],
  ];
  for (const [name, f, want] of cases) {
    const y = torch.ones([1, 4], { requiresGrad: true });
    f(y).backward();
    assert.deepEqual(y.grad!.tolist(), [want], name);
  }
  // second order through the same path
  const y = torch.tensor([[1, 2, 3, 4]], { requiresGrad: true, dtype: "float64" });
  const [gy] = torch.autograd.grad(y.expand(3, 4).get(0).pow(2).sum(), y, { createGraph: true }) as torch.Tensor[];
  assert.deepEqual(gy.tolist(), [[2, 4, 6, 8]]);
  gy.sum().backward();
  assert.deepEqual(y.grad!.tolist(), [[2, 2, 2, 2]]);
});
