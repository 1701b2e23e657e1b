/**
 * A JS number or bigint stored into a NumPy array's dtype, against NumPy
 * 2.4: np.array's and ndarray.fill's / setitem's conversion (a float
 * truncates, then the integer is checked: past int64 "Python int too large
 * to convert to C long", past the dtype "Python integer N out of bounds";
 * NaN and infinities refused) and np.full's (copyto with unsafe casting: a
 * float converts as C converts it, only an integer is checked), and
 * np.clip's integer bounds (dropped at or past the dtype's limit). A JS
 * integer is a Python int here, any other number a Python float.
 */
import assert from "node:assert/strict";
import { np } from "../../mod.ts";
import { caseFailures, numpy } from "../helpers/oracle.ts";

type A = np.NDArray;
const filled = (dtype: string, v: number | bigint): A => {
  const a = np.zeros([2], { dtype: dtype as np.DType });
  a.fill(v);
  return a;
};
const setAt = (dtype: string, v: number | bigint): A => {
  const a = np.zeros([2], { dtype: dtype as np.DType });
  a.set(0, v);
  return a;
};
const u8 = () => np.array([200, 100, 50], { dtype: "uint8" });
const i32 = () => np.array([1, -5, 2 ** 31 - 1], { dtype: "int32" });
const NAN = "float('nan')", INF = "float('inf')";
const CASES: [py: string, ours: () => A][] = [
  // np.full: a float converts as C's cast does (NaN, infinities and 1e20 as a float: INT_MIN)
  [`np.full(2, ${NAN}, dtype=np.int32)`, () => np.full(2, NaN, { dtype: "int32" })],
  [`np.full(2, ${INF}, dtype=np.int32)`, () => np.full(2, Infinity, { dtype: "int32" })],
  [`np.full(2, ${NAN}, dtype=np.int64)`, () => np.full(2, NaN, { dtype: "int64" })],
  [`np.full(2, -1.5, dtype=np.uint8)`, () => np.full(2, -1.5, { dtype: "uint8" })],
  [`np.full(2, 2.7, dtype=np.int32)`, () => np.full(2, 2.7, { dtype: "int32" })],
  [`np.full(2, 0.5, dtype=bool)`, () => np.full(2, 0.5, { dtype: "bool" })],
  [`np.full(2, ${NAN}, dtype=bool)`, () => np.full(2, NaN, { dtype: "bool" })],
  // np.full: an integer is checked (past int64 first)
  [`np.full(2, 10**20, dtype=np.int32)`, () => np.full(2, 1e20, { dtype: "int32" })],
  [`np.full(2, 300, dtype=np.uint8)`, () => np.full(2, 300, { dtype: "uint8" })],
  [`np.full(2, -1, dtype=np.uint8)`, () => np.full(2, -1, { dtype: "uint8" })],
  [`np.full(2, 2**63, dtype=np.int64)`, () => np.full(2, 2n ** 63n, { dtype: "int64" })],
  [`np.full(2, 2**63, dtype=np.uint8)`, () => np.full(2, 2n ** 63n, { dtype: "uint8" })],
  [`np.full(2, 2**64, dtype=bool)`, () => np.full(2, 2n ** 64n, { dtype: "bool" })],
  [`np.full(2, 2**63 - 1, dtype=bool)`, () => np.full(2, 2n ** 63n - 1n, { dtype: "bool" })],
  [`np.full(2, -2**63 - 1, dtype=np.int64)`, () => np.full(2, -(2n ** 63n) - 1n, { dtype: "int64" })],
  [`np.full(2, 2**31, dtype=np.int32)`, () => np.full(2, 2 ** 31, { dtype: "int32" })],
  // ndarray.fill and setitem: a float truncates, then is checked as an integer
  [`(lambda a: (a.fill(${NAN}), a)[1])(np.zeros(2, np.int32))`, () => filled("int32", NaN)],
  [`(lambda a: (a.fill(${INF}), a)[1])(np.zeros(2, np.int32))`, () => filled("int32", Infinity)],
  [`(lambda a: (a.fill(2**31), a)[1])(np.zeros(2, np.int32))`, () => filled("int32", 2 ** 31)],
  [`(lambda a: (a.fill(-1), a)[1])(np.zeros(2, np.uint8))`, () => filled("uint8", -1)],
  [`(lambda a: (a.fill(-1.5), a)[1])(np.zeros(2, np.uint8))`, () => filled("uint8", -1.5)],
  [`(lambda a: (a.fill(-0.5), a)[1])(np.zeros(2, np.uint8))`, () => filled("uint8", -0.5)],
  [`(lambda a: (a.fill(10**20), a)[1])(np.zeros(2, np.int32))`, () => filled("int32", 1e20)],
  [`(lambda a: (a.fill(2**63), a)[1])(np.zeros(2, np.int64))`, () => filled("int64", 2n ** 63n)],
  [`(lambda a: (a.fill(2**64), a)[1])(np.zeros(2, bool))`, () => filled("bool", 2n ** 64n)],
  [`(lambda a: (a.__setitem__(0, 2**63), a)[1])(np.zeros(2, np.int32))`, () => setAt("int32", 2n ** 63n)],
  [`(lambda a: (a.__setitem__(0, 300), a)[1])(np.zeros(2, np.uint8))`, () => setAt("uint8", 300)],
  [`(lambda a: (a.__setitem__(0, ${INF}), a)[1])(np.zeros(2, np.int64))`, () => setAt("int64", Infinity)],
  // np.array with a dtype
  [`np.array([${INF}], dtype=np.int64)`, () => np.array([Infinity], { dtype: "int64" })],
  [`np.array([${NAN}], dtype=np.int32)`, () => np.array([NaN], { dtype: "int32" })],
  [`np.array([300.5], dtype=np.uint8)`, () => np.array([300.5], { dtype: "uint8" })],
  [`np.array([-0.5], dtype=np.uint8)`, () => np.array([-0.5], { dtype: "uint8" })],
  [`np.array([2**63], dtype=np.int64)`, () => np.array([2n ** 63n], { dtype: "int64" })],
  [`np.array([2**70], dtype=np.int32)`, () => np.array([2n ** 70n], { dtype: "int32" })],
  // np.clip: a Python int bound at or past the dtype's own limit is dropped, one past the other limit refused
  [`np.clip(np.array([200, 100, 50], np.uint8), -5, 150)`, () => np.clip(u8(), -5, 150)],
  [`np.clip(np.array([200, 100, 50], np.uint8), 0, 300)`, () => np.clip(u8(), 0, 300)],
  [`np.clip(np.array([200, 100, 50], np.uint8), 300, 400)`, () => np.clip(u8(), 300, 400)],
  [`np.clip(np.array([200, 100, 50], np.uint8), -10, -5)`, () => np.clip(u8(), -10, -5)],
  [`np.clip(np.array([200, 100, 50], np.uint8), 2.5, 150)`, () => np.clip(u8(), 2.5, 150)],
  [`np.clip(np.array([1, -5, 2**31 - 1], np.int32), 0, 2**40)`, () => np.clip(i32(), 0, 2 ** 40)],
  [`np.clip(np.array([1, -5, 2**31 - 1], np.int32), -2**40, 0)`, () => np.clip(i32(), -(2 ** 40), 0)],
  [`np.clip(np.array([1, -5, 2**31 - 1], np.int32), 2**63, None)`, () => np.clip(i32(), 2n ** 63n, null)],
];

const results = await numpy(CASES.map(([py]) => ({ expr: py })));

Deno.test("numbers stored into NumPy dtypes convert and fail as NumPy's (full's unsafe cast, fill's checks)", () => {
  assert.deepEqual(caseFailures(CASES, results, { tol: { rtol: 0, atol: 0 } }), []);
});
