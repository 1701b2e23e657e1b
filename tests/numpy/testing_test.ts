/**
 * np.testing against NumPy: each case runs in dendrite and in NumPy (one oracle process); both must pass or both
 * fail with the same AssertionError text.
 */
import assert from "node:assert/strict";
import { AssertionError } from "node:assert";
import { np, torch } from "../../mod.ts";
import { numpy } from "../helpers/oracle.ts";

const t = np.testing;
const f64 = (a: number[]) => np.array(a, { dtype: "float64" });
const f32 = (a: number[]) => np.array(a, { dtype: "float32" });

/** [NumPy call (numpy.testing as t), dendrite call]. */
const CASES: [string, () => void][] = [
  // assert_allclose: pass, mismatch stats, shapes, nan / inf positions, tolerances, scalars, strict, errMsg, verbose
  [
    "t.assert_allclose(np.array([1., 2, 3]), [1, 2, 3.0000001])",
    () => t.assertAllclose(f64([1, 2, 3]), [1, 2, 3.0000001]),
  ],
  [
    "t.assert_allclose(np.array([1., 2, 3]), np.array([1, 2.1, 3]))",
    () => t.assertAllclose(f64([1, 2, 3]), f64([1, 2.1, 3])),
  ],
  ["t.assert_allclose(np.array([1., 2]), np.array([1, 2, 3]))", () => t.assertAllclose(f64([1, 2]), [1, 2, 3])],
  ["t.assert_allclose(np.array([1., np.nan]), np.array([1., 2]))", () => t.assertAllclose(f64([1, NaN]), f64([1, 2]))],
  [
    "t.assert_allclose(np.array([1., np.nan]), np.array([1., np.nan]))",
    () => t.assertAllclose(f64([1, NaN]), f64([1, NaN])),
  ],
  [
    "t.assert_allclose(np.array([1., np.nan]), np.array([1., np.nan]), equal_nan=False)",
    () => t.assertAllclose(f64([1, NaN]), f64([1, NaN]), { equalNan: false }),
  ],
  [
    "t.assert_allclose(np.array([1., np.inf]), np.array([1., 2]))",
    () => t.assertAllclose(f64([1, Infinity]), f64([1, 2])),
  ],
  [
    "t.assert_allclose(np.array([1., np.inf]), np.array([1., -np.inf]))",
    () => t.assertAllclose(f64([1, Infinity]), f64([1, -Infinity])),
  ],
  [
    "t.assert_allclose(np.array([1., 2.5]), np.array([1., 2]), rtol=0.3)",
    () => t.assertAllclose(f64([1, 2.5]), f64([1, 2]), 0.3),
  ],
  [
    "t.assert_allclose(np.array([1., 2.5]), np.array([1., 2]), 0.1, 0.2)",
    () => t.assertAllclose(f64([1, 2.5]), f64([1, 2]), 0.1, 0.2),
  ],
  [
    "t.assert_allclose(np.array([1., 2.5]), np.array([1., 2]), 1e-3, atol=0.6)",
    () => t.assertAllclose(f64([1, 2.5]), f64([1, 2]), 1e-3, { atol: 0.6 }),
  ],
  [
    "t.assert_allclose(np.arange(12.).reshape(3, 4), np.arange(12.).reshape(3, 4) * 1.5)",
    () =>
      t.assertAllclose(
        np.arange(12, { dtype: "float64" }).reshape(3, 4),
        np.multiply(np.arange(12, { dtype: "float64" }).reshape(3, 4), 1.5),
      ),
  ],
  [
    "t.assert_allclose(np.array([1., 2, 3], dtype=np.float32), np.array([1.5, 2, 3.25], dtype=np.float32))",
    () => t.assertAllclose(f32([1, 2, 3]), f32([1.5, 2, 3.25])),
  ],
  [
    "t.assert_allclose(np.array(2.), np.array([2., 2.5]))",
    () => t.assertAllclose(np.array(2, { dtype: "float64" }), f64([2, 2.5])),
  ],
  ["t.assert_allclose(np.array([1., 2]), 1.)", () => t.assertAllclose(f64([1, 2]), np.array(1, { dtype: "float64" }))],
  [
    "t.assert_allclose(np.array([1., 1]), 1., strict=True)",
    () => t.assertAllclose(f64([1, 1]), np.array(1, { dtype: "float64" }), { strict: true }),
  ],
  [
    "t.assert_allclose(np.array([1., 3]), np.array([1., 2]), rtol=0, err_msg='hi', verbose=False)",
    () => t.assertAllclose(f64([1, 3]), f64([1, 2]), { rtol: 0, errMsg: "hi", verbose: false }),
  ],
  [
    "t.assert_allclose(np.array([1., 3]), np.array([1., 2]), 0, 0, True, 'a\\nb')",
    () => t.assertAllclose(f64([1, 3]), f64([1, 2]), 0, 0, true, "a\nb"),
  ],
  // assert_array_equal
  ["t.assert_array_equal([1, 2, 3], [1, 2, 4])", () => t.assertArrayEqual([1, 2, 3], [1, 2, 4])],
  ["t.assert_array_equal([1, 2, 3], [1, 2, 3])", () => t.assertArrayEqual([1, 2, 3], [1, 2, 3])],
  [
    "t.assert_array_equal(np.arange(10), np.arange(10) * 2)",
    () => t.assertArrayEqual(np.arange(10), np.multiply(np.arange(10), 2)),
  ],
  [
    "t.assert_array_equal(np.arange(4), np.array([0, 1, 5, 9]))",
    () => t.assertArrayEqual(np.arange(4), np.array([0, 1, 5, 9])),
  ],
  ["t.assert_array_equal([True, False], [True, True])", () => t.assertArrayEqual([true, false], [true, true])],
  [
    "t.assert_array_equal(np.array([1, 0]), np.array([1, 3]))",
    () => t.assertArrayEqual(np.array([1, 0]), np.array([1, 3])),
  ],
  ["t.assert_array_equal(np.array([1, 2]), 1)", () => t.assertArrayEqual(np.array([1, 2]), 1)],
  [
    "t.assert_array_equal(np.array([1, 1]), 1, strict=True)",
    () => t.assertArrayEqual(np.array([1, 1]), 1, { strict: true }),
  ],
  [
    "t.assert_array_equal(np.array([1, 2], dtype=np.float32), np.array([1., 2]), strict=True)",
    () => t.assertArrayEqual(f32([1, 2]), f64([1, 2]), { strict: true }),
  ],
  [
    "t.assert_array_equal(np.array([1, 2], dtype=np.float32), np.array([1., 2]), '', True, strict=True)",
    () => t.assertArrayEqual(f32([1, 2]), f64([1, 2]), "", true, { strict: true }),
  ],
  ["t.assert_array_equal([1, 2], [1, 3], 'ctx', False)", () => t.assertArrayEqual([1, 2], [1, 3], "ctx", false)],
  // assert_array_almost_equal / assert_almost_equal / assert_approx_equal
  [
    "t.assert_array_almost_equal(np.array([1., 2]), np.array([1., 2.1]))",
    () => t.assertArrayAlmostEqual(f64([1, 2]), f64([1, 2.1])),
  ],
  [
    "t.assert_array_almost_equal(np.array([1., 2]), np.array([1., 2.0000001]))",
    () => t.assertArrayAlmostEqual(f64([1, 2]), f64([1, 2.0000001])),
  ],
  [
    "t.assert_array_almost_equal(np.array([1.123456, 2]), np.array([1.12, 2]), decimal=2)",
    () => t.assertArrayAlmostEqual(f64([1.123456, 2]), f64([1.12, 2]), { decimal: 2 }),
  ],
  [
    "t.assert_array_almost_equal(np.array([1.123456, 2]), np.array([1.12, 2]), 3)",
    () => t.assertArrayAlmostEqual(f64([1.123456, 2]), f64([1.12, 2]), 3),
  ],
  ["t.assert_almost_equal(1.5, 1.6)", () => t.assertAlmostEqual(1.5, 1.6)],
  ["t.assert_almost_equal(1.5, 1.50000001)", () => t.assertAlmostEqual(1.5, 1.50000001)],
  ["t.assert_almost_equal(1.5, 1.52, decimal=1)", () => t.assertAlmostEqual(1.5, 1.52, { decimal: 1 })],
  ["t.assert_almost_equal(np.nan, np.nan)", () => t.assertAlmostEqual(NaN, NaN)],
  ["t.assert_almost_equal(np.nan, 1.5)", () => t.assertAlmostEqual(NaN, 1.5)],
  ["t.assert_almost_equal([1.5, 2.5], [1.5, 2.6])", () => t.assertAlmostEqual([1.5, 2.5], [1.5, 2.6])],
  ["t.assert_approx_equal(1.5, 1.6)", () => t.assertApproxEqual(1.5, 1.6)],
  ["t.assert_approx_equal(1234567.5, 1234567.6)", () => t.assertApproxEqual(1234567.5, 1234567.6)],
  [
    "t.assert_approx_equal(1234.5, 1235.5, significant=3)",
    () => t.assertApproxEqual(1234.5, 1235.5, { significant: 3 }),
  ],
  ["t.assert_approx_equal(1234.5, 1244.5, 3, 'why')", () => t.assertApproxEqual(1234.5, 1244.5, 3, "why")],
  // assert_array_less
  ["t.assert_array_less([1, 2], [2, 3])", () => t.assertArrayLess([1, 2], [2, 3])],
  ["t.assert_array_less([1, 2], [1, 3])", () => t.assertArrayLess([1, 2], [1, 3])],
  [
    "t.assert_array_less(np.array([1., np.inf]), np.array([2., np.inf]))",
    () => t.assertArrayLess(f64([1, Infinity]), f64([2, Infinity])),
  ],
  ["t.assert_array_less(np.array([1., 5]), 3.5)", () => t.assertArrayLess(f64([1, 5]), 3.5)],
  // assert_equal: recursion into lists and dicts, nan, signed zero, arrays
  ["t.assert_equal([1, 2], [1, 3])", () => t.assertEqual([1, 2], [1, 3])],
  ["t.assert_equal([1, [2, 3]], [1, [2, 4]])", () => t.assertEqual([1, [2, 3]], [1, [2, 4]])],
  ["t.assert_equal({'a': 1}, {'a': 2})", () => t.assertEqual({ a: 1 }, { a: 2 })],
  ["t.assert_equal({'a': [1, 2]}, {'a': [1, 2]})", () => t.assertEqual({ a: [1, 2] }, { a: [1, 2] })],
  ["t.assert_equal([1, 2], [1, 2, 3])", () => t.assertEqual([1, 2], [1, 2, 3])],
  ["t.assert_equal(1, 2)", () => t.assertEqual(1, 2)],
  ["t.assert_equal(1, 2, 'note')", () => t.assertEqual(1, 2, "note")],
  ["t.assert_equal('ab', 'ac')", () => t.assertEqual("ab", "ac")],
  ["t.assert_equal(np.nan, np.nan)", () => t.assertEqual(NaN, NaN)],
  ["t.assert_equal(0, -0.0)", () => t.assertEqual(0, -0)],
  ["t.assert_equal(np.array([1, 2]), np.array([1, 3]))", () => t.assertEqual(np.array([1, 2]), np.array([1, 3]))],
  ["t.assert_equal(np.array([1, 1]), 1, strict=True)", () => t.assertEqual(np.array([1, 1]), 1, "", { strict: true })],
];

Deno.test("np.testing: pass/fail and messages match NumPy", async () => {
  const results = await numpy(CASES.map(([expr]) => ({ expr: `(${expr}, 0)[1]`, setup: "import numpy.testing as t" })));
  CASES.forEach(([expr, run], i) => {
    const r = results[i];
    let ours: Error | null = null;
    try {
      run();
    } catch (e) {
      ours = e as Error;
    }
    if ("value" in r) {
      assert.equal(ours, null, `${expr}: NumPy passes, dendrite threw ${ours?.message}`);
    } else {
      assert.equal(r.error, "AssertionError", `${expr}: NumPy raised ${r.error}: ${r.message}`);
      assert.ok(
        ours instanceof AssertionError,
        `${expr}: NumPy fails, dendrite ${ours ? ours.constructor.name : "passed"}`,
      );
      assert.equal(ours.message, r.message, expr);
    }
  });
});

Deno.test("np.testing: tensors are refused, unknown options and missing arguments are errors", () => {
  assert.throws(() => t.assertAllclose(torch.tensor([1]), [1]), TypeError);
  assert.throws(() => t.assertArrayEqual([1], torch.tensor([1])), TypeError);
  assert.throws(() => t.assertEqual(torch.tensor([1]), [1]), TypeError);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => (t.assertAllclose as any)([1], [1], { rtoll: 1 }), /rtoll/);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => (t.assertEqual as any)(1, 1, "", { bogus: 1 }), /bogus/);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => (t.assertArrayEqual as any)([1]), /desired/);
});

Deno.test("np.testing: assertRaises and assertRaisesRegex", () => {
  t.assertRaises(RangeError, (n: number) => new Array(n), -1);
  t.assertRaises(RangeError, () => np.array([1]).reshape(3));
  assert.throws(
    () => t.assertRaises(TypeError, () => 1),
    (e) => e instanceof AssertionError && /TypeError not raised/.test(e.message),
  );
  // an error of another class propagates unchanged
  assert.throws(() =>
    t.assertRaises(TypeError, () => {
      throw new RangeError("r");
    }), RangeError);
  t.assertRaisesRegex(RangeError, "Invalid array", (n: number) => new Array(n), -1);
  t.assertRaisesRegex(RangeError, /invalid/i, (n: number) => new Array(n), -1);
  assert.throws(() => t.assertRaisesRegex(RangeError, "^nope", (n: number) => new Array(n), -1), AssertionError);
  assert.throws(() => t.assertRaisesRegex(RangeError, "x", () => 0), /RangeError not raised/);
});
