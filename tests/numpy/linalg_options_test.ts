/**
 * np.linalg's NumPy 2 options and empty inputs against NumPy 2.4: pinv's
 * rtol (beside rcond, never both) and hermitian (the lower triangle, as
 * eigh reads it), matrix_rank's rtol and hermitian, cholesky's upper, and
 * the norms of empty arrays (a max over nothing is 0, a min an error);
 * torch.linalg.pinv's atol / rtol / hermitian against PyTorch.
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";
import { caseFailures, numpy } from "../helpers/oracle.ts";

const SETUP = "a = np.array([[1., 2.], [3., 4.], [5., 6.01]])\nh = np.array([[4., 1.], [7., 3.]])";
const a = () => np.array([[1, 2], [3, 4], [5, 6.01]]);
const h = () => np.array([[4, 1], [7, 3]]);
const ta = () => torch.tensor([[1, 2], [3, 4], [5, 6.01]], { dtype: "float64" });
const th = () => torch.tensor([[4, 1], [7, 3]], { dtype: "float64" });

const CASES: [py: string, ours: () => unknown][] = [
  ["np.linalg.pinv(a, rtol=0.01)", () => np.linalg.pinv(a(), { rtol: 0.01 })],
  ["np.linalg.pinv(a, rcond=0.01)", () => np.linalg.pinv(a(), 0.01)],
  ["np.linalg.pinv(a)", () => np.linalg.pinv(a())],
  ["np.linalg.pinv(h, hermitian=True)", () => np.linalg.pinv(h(), { hermitian: true })],
  ["np.linalg.pinv(a, rcond=0.1, rtol=0.1)", () => np.linalg.pinv(a(), 0.1, { rtol: 0.1 })],
  ["np.linalg.pinv(np.zeros((0, 3)))", () => np.linalg.pinv(np.zeros([0, 3]))],
  ["np.linalg.matrix_rank(a, rtol=0.01)", () => np.linalg.matrixRank(a(), { rtol: 0.01 })],
  ["np.linalg.matrix_rank(a, rtol=0.5)", () => np.linalg.matrixRank(a(), { rtol: 0.5 })],
  ["np.linalg.matrix_rank(h, hermitian=True)", () => np.linalg.matrixRank(h(), { hermitian: true })],
  [
    "np.linalg.cholesky(np.array([[4., 1.], [1., 3.]]), upper=True)",
    () => np.linalg.cholesky(np.array([[4, 1], [1, 3]]), { upper: true }),
  ],
  ["np.linalg.norm(np.zeros((0, 3)), 2)", () => np.linalg.norm(np.zeros([0, 3]), 2)],
  ["np.linalg.norm(np.zeros(0), np.inf)", () => np.linalg.norm(np.zeros(0), Infinity)],
  ["np.linalg.norm(np.zeros(0), -np.inf)", () => np.linalg.norm(np.zeros(0), -Infinity)],
  ["np.linalg.norm(np.zeros((0, 3)), 'nuc')", () => np.linalg.norm(np.zeros([0, 3]), "nuc")],
  ["np.linalg.norm(np.zeros((3, 0)), 1)", () => np.linalg.norm(np.zeros([3, 0]), 1)],
  ["np.linalg.norm(np.zeros((0, 3)), -1)", () => np.linalg.norm(np.zeros([0, 3]), -1)],
  ["np.linalg.norm(np.zeros((0, 3)), np.inf)", () => np.linalg.norm(np.zeros([0, 3]), Infinity)],
  ["np.linalg.norm(np.zeros((0, 3)), -np.inf)", () => np.linalg.norm(np.zeros([0, 3]), -Infinity)],
  ["np.linalg.norm(np.zeros((2, 0, 3)), 2, axis=(1, 2))", () => np.linalg.norm(np.zeros([2, 0, 3]), 2, [1, 2])],
  [
    "np.linalg.norm(np.zeros((0, 3)), 2, axis=(0, 1), keepdims=True)",
    () => np.linalg.norm(np.zeros([0, 3]), 2, [0, 1], true),
  ],
  ["torch.linalg.pinv(torch.tensor(a), atol=1.0)", () => torch.linalg.pinv(ta(), { atol: 1 })],
  ["torch.linalg.pinv(torch.tensor(a))", () => torch.linalg.pinv(ta())],
  ["torch.linalg.pinv(torch.tensor(a), rtol=0.01)", () => torch.linalg.pinv(ta(), { rtol: 0.01 })],
  ["torch.linalg.pinv(torch.tensor(h), hermitian=True)", () => torch.linalg.pinv(th(), { hermitian: true })],
];
const results = await numpy(CASES.map(([py]) => ({ torch: true, setup: `import numpy as np\n${SETUP}`, expr: py })));

Deno.test("np.linalg's rtol / hermitian / upper options and empty norms as NumPy's; torch pinv's tolerances", () => {
  assert.deepEqual(caseFailures(CASES, results, { tol: { rtol: 1e-10, atol: 1e-12 } }), []);
});
