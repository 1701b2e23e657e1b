/**
 * np.unique along an axis (and torch.unique's dim), and NumPy 2's
 * unique_all / unique_counts / unique_inverse, against NumPy 2.4 and
 * PyTorch 2.13: slices sorted lexicographically, first indices, inverse
 * and counts; NaN slices never merged along an axis.
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";
import { caseFailures, numpy } from "../helpers/oracle.ts";

const SETUP = [
  "a = np.array([[1, 0, 0], [1, 0, 0], [2, 3, 4], [0, 9, 9]])",
  "f = np.array([[1., np.nan], [1., np.nan], [0., 1.]])",
  "x = np.array([3., 1., 2., 1., np.nan, np.nan])",
  "t = torch.tensor([[1, 0, 0], [1, 0, 0], [2, 3, 4], [0, 9, 9]])",
].join("\n");
const a = () => np.array([[1, 0, 0], [1, 0, 0], [2, 3, 4], [0, 9, 9]]);
const f = () => np.array([[1, NaN], [1, NaN], [0, 1]]);
const x = () => np.array([3, 1, 2, 1, NaN, NaN]);
const t = () => torch.tensor([[1, 0, 0], [1, 0, 0], [2, 3, 4], [0, 9, 9]]);

const CASES: [py: string, ours: () => unknown][] = [
  [
    "np.unique(a, axis=0, return_index=True, return_inverse=True, return_counts=True)",
    () => np.unique(a(), { axis: 0, returnIndex: true, returnInverse: true, returnCounts: true }),
  ],
  ["np.unique(a, axis=1, return_inverse=True)", () => np.unique(a(), { axis: 1, returnInverse: true })],
  ["np.unique(a, axis=-1)", () => np.unique(a(), { axis: -1 })],
  ["np.unique(f, axis=0)", () => np.unique(f(), { axis: 0 })],
  ["np.unique(np.zeros((0, 3)), axis=0)", () => np.unique(np.zeros([0, 3]), { axis: 0 })],
  ["np.unique(np.zeros((2, 0)), axis=0)", () => np.unique(np.zeros([2, 0]), { axis: 0 })],
  [
    "np.unique(np.array([[True, False], [True, False]]), axis=0)",
    () => np.unique(np.array([[true, false], [true, false]]), { axis: 0 }),
  ],
  [
    "np.unique(np.arange(8).reshape(2, 2, 2) % 2, axis=1, return_inverse=True)",
    () => np.unique(np.remainder(np.arange(8).reshape(2, 2, 2), 2), { axis: 1, returnInverse: true }),
  ],
  ["tuple(np.unique_all(x))", () => np.uniqueAll(x())],
  ["tuple(np.unique_counts(x))", () => np.uniqueCounts(x())],
  ["tuple(np.unique_inverse(np.array([[3, 1], [2, 1]])))", () => np.uniqueInverse(np.array([[3, 1], [2, 1]]))],
  [
    "torch.unique(t, dim=0, return_inverse=True, return_counts=True)",
    () => torch.unique(t(), { dim: 0, returnInverse: true, returnCounts: true }),
  ],
  ["torch.unique(t, dim=1)", () => torch.unique(t(), { dim: 1 })],
];
const results = await numpy(CASES.map(([py]) => ({ torch: true, setup: `import numpy as np\n${SETUP}`, expr: py })));

Deno.test("unique along an axis and the array-API unique functions match NumPy and PyTorch", () => {
  assert.deepEqual(caseFailures(CASES, results, { tol: { rtol: 0, atol: 0 } }), []);
});

Deno.test("the array-API unique results are named in camelCase", () => {
  const r = np.uniqueAll(np.array([2, 1, 2])) as unknown as Record<string, np.NDArray>;
  assert.deepEqual(r.values.tolist(), [1, 2]);
  assert.deepEqual(r.indices.tolist(), [1, 0]);
  assert.deepEqual(r.inverseIndices.tolist(), [1, 0, 1]);
  assert.deepEqual(r.counts.tolist(), [1, 2]);
  assert.throws(() => np.unique(np.zeros([2, 2]), { axis: 2 }), RangeError);
});
