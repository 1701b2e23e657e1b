/**
 * np.polyfit (full, weights, cov, 2-d y, rank-deficient fits), polyder,
 * polyint, polyadd, polysub, polymul, polydiv, poly and np.block against
 * NumPy 2.4: values, dtypes, shapes and errors.
 */
import assert from "node:assert/strict";
import { np } from "../../mod.ts";
import { build as b, checkRuns, type Run } from "../helpers/oracle.ts";
import { f32, f64, i64, npCase as n, typed } from "../helpers/op_runs.ts";

const X = f64([0, 0.5, 1.25, 2, 3, 4.5, 5]), Y = f64([1.1, 1.9, 3.2, 5.1, 9.8, 20.5, 26]);
const XI = i64([0, 1, 2, 3, 4, 5, 6]), YI = i64([1, 3, 2, 5, 4, 8, 7]);
const Y2 = f64([1, 0, 2, 1, 3, 4, 5, 9, 7, 16, 11, 25, 13, 36], [7, 2]);
const W = f64([1, 2, 1, 0.5, 1, 3, 1]);
const XF = f32([0, 0.5, 1.25, 2, 3, 4.5, 5]), YF = f32([1.1, 1.9, 3.2, 5.1, 9.8, 20.5, 26]);
/** polyfit's results pass through an SVD here and LAPACK's gelsd there: equal to rounding. */
const FIT = { rtol: 1e-9, atol: 1e-9 };

Deno.test("np.polyfit against NumPy", async () => {
  await checkRuns([
    n("np.polyfit(X, Y, 2)", { X, Y }, () => np.polyfit(b(X), b(Y), 2), FIT),
    n("np.polyfit(X, Y, 0)", { X, Y }, () => np.polyfit(b(X), b(Y), 0), FIT),
    n("np.polyfit(XI, YI, 3)", { XI, YI }, () => np.polyfit(b(XI), b(YI), 3), FIT),
    n("np.polyfit(X, Y2, 2)", { X, Y2 }, () => np.polyfit(b(X), b(Y2), 2), FIT),
    n("np.polyfit(X, Y, 2, w=W)", { X, Y, W }, () => np.polyfit(b(X), b(Y), 2, { w: b(W) }), FIT),
    n("np.polyfit(X, Y2, 1, None, False, W)", { X, Y2, W }, () => np.polyfit(b(X), b(Y2), 1, null, false, b(W)), FIT),
    n("np.polyfit(X, Y, 2, full=True)", { X, Y }, () => np.polyfit(b(X), b(Y), 2, { full: true }), FIT),
    n("np.polyfit(X, Y2, 3, 1e-3, True)", { X, Y2 }, () => np.polyfit(b(X), b(Y2), 3, 1e-3, true), FIT),
    // more coefficients than points: rank deficient, no residuals
    n(
      "np.polyfit(X[:3], Y[:3], 4, full=True)",
      { X, Y },
      () => np.polyfit(b(f64([0, 0.5, 1.25])), b(f64([1.1, 1.9, 3.2])), 4, { full: true }),
      FIT,
    ),
    n("np.polyfit(X, Y, 2, cov=True)", { X, Y }, () => np.polyfit(b(X), b(Y), 2, { cov: true }), FIT),
    n("np.polyfit(X, Y2, 2, cov=True)", { X, Y2 }, () => np.polyfit(b(X), b(Y2), 2, { cov: true }), FIT),
    n(
      "np.polyfit(X, Y, 1, w=W, cov='unscaled')",
      { X, Y, W },
      () => np.polyfit(b(X), b(Y), 1, { w: b(W), cov: "unscaled" }),
      FIT,
    ),
    n("np.polyfit(XF, YF, 2, full=True)", { XF, YF }, () => np.polyfit(b(XF), b(YF), 2, { full: true }), FIT),
    n("np.polyfit(XF, YF, 2)", { XF, YF }, () => np.polyfit(b(XF), b(YF), 2), FIT),
    // errors
    n("np.polyfit(X, Y, -1)", { X, Y }, () => np.polyfit(b(X), b(Y), -1)),
    n("np.polyfit(Y2, Y2, 1)", { Y2 }, () => np.polyfit(b(Y2), b(Y2), 1)),
    n("np.polyfit(X[:0], Y[:0], 1)", { X, Y }, () => np.polyfit(np.zeros([0]), np.zeros([0]), 1)),
    n("np.polyfit(X, np.float64(1), 1)", { X }, () => np.polyfit(b(X), np.array(1, { dtype: "float64" }), 1)),
    n("np.polyfit(X[:3], Y, 1)", { X, Y }, () => np.polyfit(b(f64([0, 1, 2])), b(Y), 1)),
    n("np.polyfit(X, Y, 1, w=Y2)", { X, Y, Y2 }, () => np.polyfit(b(X), b(Y), 1, { w: b(Y2) })),
    n("np.polyfit(X, Y, 1, w=W[:3])", { X, Y, W }, () => np.polyfit(b(X), b(Y), 1, { w: b(f64([1, 2, 3])) })),
    n(
      "np.polyfit(X[:3], Y[:3], 2, cov=True)",
      { X, Y },
      () => np.polyfit(b(f64([0, 0.5, 1.25])), b(f64([1.1, 1.9, 3.2])), 2, { cov: true }),
    ),
  ]);
  assert.throws(() => np.polyfit(b(X), b(Y), 1, { cov: "scaled" }), TypeError);
});

Deno.test("np.polyder, np.polyint against NumPy", async () => {
  const P = i64([3, 0, -2, 5]), PF = f32([0.5, 2, -1]), PB = typed("bool", [true, false, true]);
  const PU = typed("uint8", [200, 3, 7]), E = f64([]), M = f64([1, 2, 3, 4, 5, 6], [3, 2]);
  await checkRuns([
    n("np.polyder(P)", { P }, () => np.polyder(b(P))),
    n("np.polyder(P, 2)", { P }, () => np.polyder(b(P), 2)),
    n("np.polyder(P, m=5)", { P }, () => np.polyder(b(P), { m: 5 })),
    n("np.polyder(P, 0)", { P }, () => np.polyder(b(P), 0)),
    n("np.polyder(PF)", { PF }, () => np.polyder(b(PF))),
    n("np.polyder(PB)", { PB }, () => np.polyder(b(PB))),
    n("np.polyder(PU)", { PU }, () => np.polyder(b(PU))),
    n("np.polyder(E)", { E }, () => np.polyder(b(E))),
    n("np.polyder(M)", { M }, () => np.polyder(b(M))),
    n("np.polyder(P, -1)", { P }, () => np.polyder(b(P), -1)),
    n("np.polyder(np.float64(2))", {}, () => np.polyder(np.array(2, { dtype: "float64" }))),
    n("np.polyint(P)", { P }, () => np.polyint(b(P))),
    n("np.polyint(P, 3)", { P }, () => np.polyint(b(P), 3)),
    n("np.polyint(P, 2, 5)", { P }, () => np.polyint(b(P), 2, 5)),
    n("np.polyint(P, 2, [1.5, -2])", { P }, () => np.polyint(b(P), 2, [1.5, -2])),
    n("np.polyint(P, k=[7], m=3)", { P }, () => np.polyint(b(P), { k: [7], m: 3 })),
    n("np.polyint(PF, 1, np.float32(2))", { PF }, () => np.polyint(b(PF), 1, np.array(2, { dtype: "float32" }))),
    n("np.polyint(PB)", { PB }, () => np.polyint(b(PB))),
    n("np.polyint(E)", { E }, () => np.polyint(b(E))),
    n("np.polyint(P, 0)", { P }, () => np.polyint(b(P), 0)),
    n("np.polyint(P, -1)", { P }, () => np.polyint(b(P), -1)),
    n("np.polyint(P, 3, [1, 2])", { P }, () => np.polyint(b(P), 3, [1, 2])),
  ]);
});

Deno.test("np.polyadd, polysub, polymul, polydiv against NumPy", async () => {
  const A = i64([3, 0, -2, 5]), B = f64([0.5, 2]), C = f32([0, 0, 1.5, -1]), U = typed("uint8", [250, 3]);
  const Z = i64([0, 0]), BO = typed("bool", [true, false]), M = f64([1, 2, 3, 4], [2, 2]);
  const runs: Run[] = [];
  for (const f of ["polyadd", "polysub", "polymul"] as const) {
    const ours = np[f] as (x: unknown, y: unknown) => np.NDArray;
    runs.push(
      n(`np.${f}(A, B)`, { A, B }, () => ours(b(A), b(B))),
      n(`np.${f}(B, A)`, { A, B }, () => ours(b(B), b(A))),
      n(`np.${f}(A, A)`, { A }, () => ours(b(A), b(A))),
      n(`np.${f}(C, U)`, { C, U }, () => ours(b(C), b(U))),
      n(`np.${f}(U, U)`, { U }, () => ours(b(U), b(U))),
      n(`np.${f}(Z, A)`, { Z, A }, () => ours(b(Z), b(A))),
      n(`np.${f}(BO, BO)`, { BO }, () => ours(b(BO), b(BO))),
      n(`np.${f}(A, 2)`, { A }, () => ours(b(A), 2)),
      n(`np.${f}([1, 2], [3.5])`, {}, () => ours([1, 2], [3.5])),
      n(`np.${f}(M, B)`, { M, B }, () => ours(b(M), b(B))),
    );
  }
  const D = f64([1, -3, 0, 2]), V = f64([2, 1]), VF = f32([2, 1]), I = i64([1, 5, 6]);
  runs.push(
    n("np.polydiv(D, V)", { D, V }, () => np.polydiv(b(D), b(V))),
    n("np.polydiv(V, D)", { D, V }, () => np.polydiv(b(V), b(D))),
    n("np.polydiv(I, np.array([1, 2]))", { I }, () => np.polydiv(b(I), [1, 2])),
    n("np.polydiv(C, VF)", { C, VF }, () => np.polydiv(b(C), b(VF))),
    n("np.polydiv(D, VF)", { D, VF }, () => np.polydiv(b(D), b(VF))),
    n("np.polydiv(C, V)", { C, V }, () => np.polydiv(b(C), b(V))),
    n("np.polydiv(D, 4)", { D }, () => np.polydiv(b(D), 4)),
    n("np.polydiv(D, D)", { D }, () => np.polydiv(b(D), b(D))),
    n("np.polydiv(D, np.array([0., 1]))", { D }, () => np.polydiv(b(D), [0.5, 1].map((x) => x - 0.5))),
  );
  await checkRuns(runs);
  // the [q, r] pair names no properties: a list, as NumPy's tuple
  assert.equal(np.polydiv([1, 2], [1]).length, 2);
});

Deno.test("np.poly against NumPy", async () => {
  const R = f64([1, -2, 0.5]), RI = i64([3, 3, -1]), RF = f32([0.25, 2]);
  const S = f64([2, 1, 0, 1, 3, 1, 0, 1, 4], [3, 3]), SI = i64([2, -1, -1, 2], [2, 2]);
  await checkRuns([
    n("np.poly(R)", { R }, () => np.poly(b(R))),
    n("np.poly(RI)", { RI }, () => np.poly(b(RI))),
    n("np.poly(RF)", { RF }, () => np.poly(b(RF))),
    n("np.poly(np.zeros(0))", {}, () => np.poly(np.zeros([0]))),
    n("np.poly(2.5)", {}, () => np.poly(2.5)),
    n("np.poly(S)", { S }, () => np.poly(b(S)), { rtol: 1e-12, atol: 1e-12 }),
    n("np.poly(SI)", { SI }, () => np.poly(b(SI)), { rtol: 1e-12, atol: 1e-12 }),
    n("np.poly(np.zeros((2, 3)))", {}, () => np.poly(np.zeros([2, 3]))),
    n("np.poly(np.zeros((0, 0)))", {}, () => np.poly(np.zeros([0, 0]))),
    n("np.poly(np.zeros((2, 2, 2)))", {}, () => np.poly(np.zeros([2, 2, 2]))),
  ]);
  // a non-symmetric matrix needs complex eigenvalues: refused clearly
  assert.throws(() => np.poly(np.array([[1, 2], [3, 4]])), /non-symmetric matrix needs np.linalg.eigvals/);
});

Deno.test("np.block against NumPy", async () => {
  const A = f64([1, 2, 3, 4], [2, 2]), B = i64([5, 6], [2, 1]), C = f32([7, 8, 9], [1, 3]);
  const V = i64([1, 2, 3]), W = typed("bool", [true, false]), T = f64([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
  await checkRuns([
    n("np.block([[A, B], [C]])", { A, B, C }, () => np.block([[b(A), b(B)], [b(C)]])),
    n("np.block([V, W, 7])", { V, W }, () => np.block([b(V), b(W), 7])),
    n("np.block([[V], [V]])", { V }, () => np.block([[b(V)], [b(V)]])),
    n("np.block([[1, 2], [3, 4]])", {}, () => np.block([[1, 2], [3, 4]])),
    n("np.block(A)", { A }, () => np.block(b(A))),
    n("np.block(5)", {}, () => np.block(5)),
    n("np.block([A, A])", { A }, () => np.block([b(A), b(A)])),
    n("np.block([[[T, T]], [[T, T]]])", { T }, () => np.block([[[b(T), b(T)]], [[b(T), b(T)]]])),
    n("np.block([[T], [A]])", { T, A }, () => np.block([[b(T)], [b(A)]])),
    n("np.block([[[V]]])", { V }, () => np.block([[[b(V)]]])),
    // errors: depths, empty lists, shapes
    n("np.block([[A], B])", { A, B }, () => np.block([[b(A)], b(B)])),
    n("np.block([A, [B]])", { A, B }, () => np.block([b(A), [b(B)]])),
    n("np.block([])", {}, () => np.block([])),
    n("np.block([[], [A]])", { A }, () => np.block([[], [b(A)]])),
    n("np.block([[A], []])", { A }, () => np.block([[b(A)], []])),
    n("np.block([[A, C]])", { A, C }, () => np.block([[b(A), b(C)]])),
  ]);
  const err = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as Error).message;
    }
    return "";
  };
  assert.equal(
    err(() => np.block([[b(A)], b(B)])),
    "List depths are mismatched. First element was at depth 2, but there is an element at depth 1 (arrays[1])",
  );
  assert.equal(err(() => np.block([[b(A)], []])), "List at arrays[1] cannot be empty");
  assert.equal(err(() => np.block([])), "List at arrays cannot be empty");
  // a copy, also of a single block
  const a = b(A), r = np.block(a);
  r.set(0, 9);
  assert.equal((a.tolist() as number[][])[0][0], 1);
});
