/** Printing: a.toString() and console.log show NumPy's repr exactly; String(a) is str(a). */
import assert from "node:assert/strict";
import { np } from "../../mod.ts";
import { numpy } from "../helpers/oracle.ts";

const CASES: [string, () => np.NDArray][] = [
  ["np.array([[1., 2.], [3., 4.]], dtype=np.float32)", () => np.array([[1, 2], [3, 4]], { dtype: "float32" })],
  ["np.array([1.5, 2.25, -3.])", () => np.array([1.5, 2.25, -3])],
  ["np.array([0.1, 0.2, 0.3], dtype=np.float32)", () => np.array([0.1, 0.2, 0.3], { dtype: "float32" })],
  ["np.array([1/3, 2/3])", () => np.array([1 / 3, 2 / 3])],
  ["np.array([1e-5, 1., 1000.])", () => np.array([1e-5, 1, 1000])],
  ["np.array([1e10, 1.])", () => np.array([1e10, 1], { dtype: "float64" })],
  ["np.array([123456789.0, 0.5])", () => np.array([123456789.0, 0.5])],
  ["np.array([np.nan, 1., -np.inf])", () => np.array([NaN, 1, -Infinity])],
  ["np.array([np.nan])", () => np.array([NaN])],
  ["np.array([-0., 0.])", () => np.array([-0, 0], { dtype: "float64" })],
  ["np.array([True, False])", () => np.array([true, false])],
  ["np.array(True)", () => np.array(true)],
  ["np.array(5)", () => np.array(5)],
  ["np.array(2.5, dtype=np.float32)", () => np.array(2.5, { dtype: "float32" })],
  ["np.array([1, 200, -3], dtype=np.int32)", () => np.array([1, 200, -3], { dtype: "int32" })],
  ["np.array([0, 255], dtype=np.uint8)", () => np.array([0, 255], { dtype: "uint8" })],
  ["np.arange(2000)", () => np.arange(2000)],
  ["np.arange(2000.).reshape(40, 50)", () => np.arange(2000, null, 1, { dtype: "float64" }).reshape(40, 50)],
  ["np.arange(30).reshape(2, 3, 5)", () => np.arange(30).reshape(2, 3, 5)],
  ["np.arange(40) * 1000", () => np.arange(40).multiply(1000)],
  ["np.linspace(0, 1, 30)", () => np.linspace(0, 1, 30)],
  ["np.zeros((0, 3))", () => np.zeros([0, 3])],
  ["np.zeros(0, dtype=np.int32)", () => np.zeros(0, { dtype: "int32" })],
  ["np.array([])", () => np.array([])],
  ["np.eye(3, dtype=np.float32) * 0.5", () => np.eye(3, null, 0, { dtype: "float32" }).multiply(0.5)],
  ["np.array([[1e-5, 2], [3, 4]])", () => np.array([[1e-5, 2], [3, 4]])],
  ["np.array([3.14159265358979, 2.71828182845904])", () => np.array([3.14159265358979, 2.71828182845904])],
  ["np.array([1e20, -1e-20])", () => np.array([1e20, -1e-20])],
  ["np.array([2**62, 5])", () => np.array([2n ** 62n, 5n])],
];

Deno.test("repr matches NumPy", async () => {
  const res = await numpy(CASES.map(([py]) => ({ expr: `repr(${py})` })));
  const bad: string[] = [];
  CASES.forEach(([py, ts], i) => {
    const r = res[i];
    assert.ok("value" in r && "str" in r.value, py);
    const want = (r.value as { str: string }).str, got = ts().toString();
    if (got !== want) bad.push(`${py}\n--- ours\n${got}\n--- numpy\n${want}`);
  });
  assert.equal(bad.join("\n\n"), "");
});

Deno.test("console.log prints the repr", () => {
  assert.equal(Deno.inspect(np.array([1, 2])), "array([1, 2])");
});
