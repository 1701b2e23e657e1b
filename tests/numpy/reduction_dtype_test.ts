/**
 * np.mean, var, std and trace with an integer or bool `dtype`, against NumPy
 * 2.4: the sum in that dtype (uint8 wraps, bool is any), quotients cast back
 * unsafely (truncated); std's sqrt refused into an integer array, allowed
 * into an integer scalar. Also a where mask's dtype, and sort / argsort /
 * partition / matrix_rank on 0-d and empty arrays.
 */
import assert from "node:assert/strict";
import { np } from "../../mod.ts";
import { caseFailures, numpy } from "../helpers/oracle.ts";

const SETUP = [
  "a = np.array([[1, 2, 3], [4, 5, 7]])",
  "f = np.array([[1.5, 2., 9.], [4.5, 4., 0.]])",
  "u8 = np.array([200, 100, 50], np.uint8)",
  "b = np.array([True, False, True])",
  "e = np.eye(3) * 200",
  "g = np.array([[1.5, 2., 9.], [4.5, np.nan, 0.]])",
  "w = np.array([True, False, True])",
].join("\n");
const g = () => np.array([[1.5, 2, 9], [4.5, NaN, 0]]);
const w = () => np.array([true, false, true]);
const a = () => np.array([[1, 2, 3], [4, 5, 7]]);
const f = () => np.array([[1.5, 2, 9], [4.5, 4, 0]]);
const u8 = () => np.array([200, 100, 50], { dtype: "uint8" });
const b = () => np.array([true, false, true]);
const e = () => np.multiply(np.eye(3), 200);

const CASES: [py: string, ours: () => unknown][] = [
  ["np.mean(f, dtype=np.int64)", () => np.mean(f(), { dtype: "int64" })],
  ["np.mean(a, axis=0, dtype=np.int32)", () => np.mean(a(), 0, { dtype: "int32" })],
  ["np.mean(u8, dtype=np.uint8)", () => np.mean(u8(), { dtype: "uint8" })],
  ["np.mean(b, dtype=bool)", () => np.mean(b(), { dtype: "bool" })],
  ["np.mean(a, dtype=np.float32)", () => np.mean(a(), { dtype: "float32" })],
  ["np.var(a, dtype=np.int64)", () => np.var(a(), { dtype: "int64" })],
  ["np.var(f, axis=0, dtype=np.int32)", () => np.var(f(), 0, { dtype: "int32" })],
  ["np.var(b, dtype=np.int64)", () => np.var(b(), { dtype: "int64" })],
  ["np.var(u8, dtype=np.uint8)", () => np.var(u8(), { dtype: "uint8" })],
  ["np.var(a, axis=1, dtype=np.int64, ddof=1)", () => np.var(a(), 1, { dtype: "int64", ddof: 1 })],
  ["np.std(a, dtype=np.int64)", () => np.std(a(), { dtype: "int64" })],
  ["np.std(f, dtype=np.int64)", () => np.std(f(), { dtype: "int64" })],
  ["np.std(a, axis=1, dtype=np.int32)", () => np.std(a(), 1, { dtype: "int32" })],
  ["np.std(a, dtype=np.int32, keepdims=True)", () => np.std(a(), { dtype: "int32", keepdims: true })],
  ["np.std(b, dtype=bool)", () => np.std(b(), { dtype: "bool" })],
  ["np.trace(e, dtype=np.uint8)", () => np.trace(e(), { dtype: "uint8" })],
  ["np.trace(e, dtype=np.int32)", () => np.trace(e(), { dtype: "int32" })],
  ["np.trace(e, dtype=bool)", () => np.trace(e(), { dtype: "bool" })],
  ["np.trace(a, dtype=np.float32)", () => np.trace(a(), { dtype: "float32" })],
  // mean / var / std over a where mask, var / std with the mean given
  ["np.mean(g, axis=1, where=g > 2)", () => np.mean(g(), 1, { where: np.greater(g(), 2) })],
  ["np.mean(g, where=w)", () => np.mean(g(), { where: w() })],
  ["np.var(g, axis=0, where=w)", () => np.var(g(), 0, { where: w() })],
  ["np.std(g, axis=1, where=w, ddof=1)", () => np.std(g(), 1, { where: w(), ddof: 1 })],
  [
    "np.var(g, mean=np.mean(g, axis=1, keepdims=True), axis=1)",
    () => np.var(g(), 1, { mean: np.mean(g(), 1, { keepdims: true }) }),
  ],
  ["np.mean(g, where=np.zeros(3, bool))", () => np.mean(g(), { where: np.zeros(3, { dtype: "bool" }) })],
  ["np.var(a, axis=1, where=w)", () => np.var(a(), 1, { where: w() })],
  ["np.nanmean(g, axis=0, where=w)", () => np.nanmean(g(), 0, { where: w() })],
  ["np.nanvar(g, axis=1)", () => np.nanvar(g(), 1)],
  // a where mask must be bool
  ["np.sum(a, where=np.array([1, 0, 1]))", () => np.sum(a(), { where: np.array([1, 0, 1]) })],
  ["np.sum(a, where=np.array([True, False, True]))", () => np.sum(a(), { where: np.array([true, false, true]) })],
  // 0-d and empty inputs of sort, argsort, partition, matrix_rank
  ["np.sort(np.array(5))", () => np.sort(np.array(5))],
  ["np.sort(np.array(5), axis=None)", () => np.sort(np.array(5), null)],
  ["np.argsort(np.array(7))", () => np.argsort(np.array(7))],
  ["np.argsort(np.array(7), axis=None)", () => np.argsort(np.array(7), null)],
  ["np.partition(np.zeros(0), 0)", () => np.partition(np.zeros(0), 0)],
  ["np.partition(np.zeros(0), 1)", () => np.partition(np.zeros(0), 1)],
  ["np.argpartition(np.zeros((0, 2)), 1)", () => np.argpartition(np.zeros([0, 2]), 1)],
  ["np.argpartition(np.array(7), 0)", () => np.argpartition(np.array(7), 0)],
  ["np.partition(np.array(7), 0)", () => np.partition(np.array(7), 0)],
  ["np.linalg.matrix_rank(np.array([1., 2., 3.]))", () => np.linalg.matrixRank(np.array([1, 2, 3]))],
  ["np.linalg.matrix_rank(np.zeros(3))", () => np.linalg.matrixRank(np.zeros(3))],
  ["np.linalg.matrix_rank(np.array(5.))", () => np.linalg.matrixRank(np.array(5))],
  ["np.linalg.matrix_rank(np.zeros((0, 3)))", () => np.linalg.matrixRank(np.zeros([0, 3]))],
  ["np.linalg.matrix_rank(np.zeros((2, 0, 3)))", () => np.linalg.matrixRank(np.zeros([2, 0, 3]))],
];
const results = await numpy(CASES.map(([py]) => ({ setup: SETUP, expr: py })));

Deno.test("reductions' dtype and where, and 0-d / empty sorts and ranks, as NumPy's", () => {
  assert.deepEqual(caseFailures(CASES, results), []);
});
