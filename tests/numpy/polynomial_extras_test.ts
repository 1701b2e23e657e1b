import assert from "node:assert/strict";
import { np } from "../../src/numpy/mod.ts";
import { caseFailures, numpy } from "../helpers/oracle.ts";

const NP = np.polynomial;
const F32 = (c: unknown) => np.array(c as number[], { dtype: "float32" });
const X = [0.1, -0.4, 0.7], Y = [0.3, 0.5, -0.9], Z = [0.2, -0.6, 0.8];
const C2 = [[1, 2, -1], [0.5, -3, 2]], C3 = [[[1, 2], [3, -1]], [[0.5, 1], [-2, 0.25]], [[2, 0], [1, 1]]];
const SETUP = `from numpy.polynomial import *; import numpy.polynomial as NP; X = np.array(${
  JSON.stringify(X)
}); Y = np.array(${JSON.stringify(Y)}); Z = np.array(${JSON.stringify(Z)}); C2 = np.array(${
  JSON.stringify(C2)
}); C3 = np.array(${JSON.stringify(C3)}); F32 = lambda c: np.array(c, np.float32)`;

type Fns = Record<string, (...a: unknown[]) => unknown>;
// [class name, module name, function prefix] of every kind
const KINDS = [
  ["Polynomial", "polynomial", "poly"],
  ["Chebyshev", "chebyshev", "cheb"],
  ["Legendre", "legendre", "leg"],
  ["Laguerre", "laguerre", "lag"],
  ["Hermite", "hermite", "herm"],
  ["HermiteE", "hermite_e", "herme"],
] as const;

/** The cases of one kind: [Python expression, dendrite computation]. */
function kindCases(name: string, mod: string, p: string): [string, () => unknown][] {
  // deno-lint-ignore no-explicit-any
  const K = (NP as any)[name] as any, M = (NP as any)[mod] as Fns, f = (n: string) => M[`${p}${n}`];
  const M_ = `NP.${mod}.${p}`;
  // NumPy's hermeder leaves the derivative of order >= the length on axis 0 (the other kinds move it back)
  const back = (e: string, ax: number) => (p === "herme" ? `np.moveaxis(${e}, 0, ${ax})` : e);
  const grid = [[0.1, 0.5], [-0.3, 0.9]], gridY = [[0.2, -0.7], [0.4, 0.6]];
  return [
    // val2d / val3d (same-shape points; c's extra axes stay in front)
    [`${M_}val2d(X, Y, C2)`, () => f("val2d")(X, Y, C2)],
    [`${M_}val2d(0.5, -0.25, C2)`, () => f("val2d")(0.5, -0.25, C2)],
    [
      `${M_}val2d(np.array(${JSON.stringify(grid)}), np.array(${JSON.stringify(gridY)}), C2)`,
      () => f("val2d")(np.array(grid), np.array(gridY), C2),
    ],
    [`${M_}val2d(X, Y, C3)`, () => f("val2d")(X, Y, C3)],
    [`${M_}val2d(F32(X), F32(Y), F32(C2))`, () => f("val2d")(F32(X), F32(Y), F32(C2))],
    [`${M_}val3d(X, Y, Z, C3)`, () => f("val3d")(X, Y, Z, C3)],
    [`${M_}val3d(1, 2, 3, C3)`, () => f("val3d")(1, 2, 3, C3)],
    [`${M_}val2d(X, [1, 2], C2)`, () => f("val2d")(X, [1, 2], C2)],
    [`${M_}val3d(X, Y, [1], C3)`, () => f("val3d")(X, Y, [1], C3)],
    // grid2d / grid3d
    [`${M_}grid2d(X, Y[:2], C2)`, () => f("grid2d")(X, Y.slice(0, 2), C2)],
    [`${M_}grid2d(0.5, Y, C2)`, () => f("grid2d")(0.5, Y, C2)],
    [`${M_}grid2d(X, Y, C3)`, () => f("grid2d")(X, Y, C3)],
    [`${M_}grid3d(X, Y[:2], Z, C3)`, () => f("grid3d")(X, Y.slice(0, 2), Z, C3)],
    [`${M_}grid3d(F32(X), F32(Y), F32(Z), F32(C3))`, () => f("grid3d")(F32(X), F32(Y), F32(Z), F32(C3))],
    // vander2d / vander3d
    [`${M_}vander2d(X, Y, [2, 1])`, () => f("vander2d")(X, Y, [2, 1])],
    [
      `${M_}vander2d(np.array(${JSON.stringify(grid)}), np.array(${JSON.stringify(gridY)}), [1, 3])`,
      () => f("vander2d")(np.array(grid), np.array(gridY), [1, 3]),
    ],
    [`${M_}vander2d(X, Y, np.array([2, 2]))`, () => f("vander2d")(X, Y, np.array([2, 2]))],
    [`${M_}vander2d(F32(X), F32(Y), [1, 1])`, () => f("vander2d")(F32(X), F32(Y), [1, 1])],
    [`${M_}vander2d([1, 2], [3, 4], [0, 2])`, () => f("vander2d")([1, 2], [3, 4], [0, 2])],
    [`${M_}vander3d(X, Y, Z, [1, 2, 1])`, () => f("vander3d")(X, Y, Z, [1, 2, 1])],
    [`${M_}vander3d(0.5, 0.25, -1, [2, 0, 1])`, () => f("vander3d")(0.5, 0.25, -1, [2, 0, 1])],
    [`${M_}vander2d(X, Y, [1])`, () => f("vander2d")(X, Y, [1])],
    [`${M_}vander3d(X, Y, Z, [1, 2, -1])`, () => f("vander3d")(X, Y, Z, [1, 2, -1])],
    [`${M_}vander2d(X, Y, [1, 1.5])`, () => f("vander2d")(X, Y, [1, 1.5])],
    // the vander2d matrix evaluates the flattened coefficients as val2d does
    [`${M_}vander2d(X, Y, [1, 2]) @ C2.ravel()`, () => np.matmul(f("vander2d")(X, Y, [1, 2]) as np.NDArray, C2.flat())],
    // companion
    [`${M_}companion([1, 2, 3])`, () => f("companion")([1, 2, 3])],
    [`${M_}companion([1, -2, 0.5, 3, 0.25])`, () => f("companion")([1, -2, 0.5, 3, 0.25])],
    [`${M_}companion([3, 2])`, () => f("companion")([3, 2])],
    [`${M_}companion([1, 2, 3, 0])`, () => f("companion")([1, 2, 3, 0])],
    [`${M_}companion(F32([1, 2, 3]))`, () => f("companion")(F32([1, 2, 3]))],
    [`${M_}companion([1])`, () => f("companion")([1])],
    [`${M_}companion([1, 0])`, () => f("companion")([1, 0])],
    [`${M_}companion([[1, 2]])`, () => f("companion")([[1, 2]])],
    // roots (from the companion matrix)
    [
      `${M_}roots(${M_}fromroots([-0.5, 0.25, 0.75, 2, 3]))`,
      () => f("roots")(f("fromroots")([-0.5, 0.25, 0.75, 2, 3])),
    ],
    [`${M_}roots(${M_}fromroots([1, 1.5, 2]))`, () => f("roots")(f("fromroots")([1, 1.5, 2]))],
    [`${M_}roots([3, 2])`, () => f("roots")([3, 2])],
    [`${M_}roots(F32([3, 2]))`, () => f("roots")(F32([3, 2]))],
    [`${M_}roots(F32(${M_}fromroots([0.5, -1, 0.25])))`, () => f("roots")(F32(f("fromroots")([0.5, -1, 0.25])))],
    [`${M_}roots([2])`, () => f("roots")([2])],
    [`${M_}roots([2, 0, 0])`, () => f("roots")([2, 0, 0])],
    [`${name}.fromroots([0.5, 1.5, 3], domain=[0, 4]).roots()`, () => K.fromroots([0.5, 1.5, 3], [0, 4]).roots()],
    [`${name}([1, -2, 0.25, 0.1], domain=[-2, 6]).roots()`, () => new K([1, -2, 0.25, 0.1], [-2, 6]).roots()],
    // der with axis (2-d and 3-d coefficients), m, scl; the call forms
    [`${M_}der(C2)`, () => f("der")(C2)],
    [`${M_}der(C2, axis=1)`, () => f("der")(C2, { axis: 1 })],
    [back(`${M_}der(C3, 2, 3, 2)`, 2), () => f("der")(C3, 2, 3, 2)],
    [back(`${M_}der(C3, 2, scl=3, axis=-1)`, 2), () => f("der")(C3, 2, { scl: 3, axis: -1 })],
    [`${M_}der(C3, m=1, axis=1)`, () => f("der")(C3, { m: 1, axis: 1 })],
    [back(`${M_}der(C2, 3, axis=1)`, 1), () => f("der")(C2, 3, { axis: 1 })],
    [`${M_}der(C2, 0, axis=1)`, () => f("der")(C2, 0, { axis: 1 })],
    [`${M_}der(F32(C2), 1, 2, 1)`, () => f("der")(F32(C2), 1, 2, 1)],
    [`${M_}der([[1, 2], [3, 4]], 1)`, () => f("der")([[1, 2], [3, 4]], 1)],
    [`${M_}der(np.zeros((3, 0)))`, () => f("der")(np.zeros([3, 0]))],
    [`${M_}der([])`, () => f("der")([])],
    [`${M_}der(C2, 1, axis=2)`, () => f("der")(C2, 1, { axis: 2 })],
    [`${M_}der(C2, 1.5)`, () => f("der")(C2, 1.5)],
    [`${M_}der(C2, axis=0.5)`, () => f("der")(C2, { axis: 0.5 })],
    [`${M_}der(C2, -1)`, () => f("der")(C2, -1)],
    // int with axis, k, lbnd, scl; the call forms
    [`${M_}int(C2)`, () => f("int")(C2)],
    [`${M_}int(C2, axis=1)`, () => f("int")(C2, { axis: 1 })],
    [`${M_}int(C3, 2, [1, -2], 0.5, 2, 2)`, () => f("int")(C3, 2, [1, -2], 0.5, 2, 2)],
    [`${M_}int(C3, 2, k=[1, -2], lbnd=0.5, axis=1)`, () => f("int")(C3, 2, { k: [1, -2], lbnd: 0.5, axis: 1 })],
    [`${M_}int(C2, m=3, k=3, scl=-1, axis=-1)`, () => f("int")(C2, { m: 3, k: 3, scl: -1, axis: -1 })],
    [`${M_}int(F32(C2), 1, [2], axis=1)`, () => f("int")(F32(C2), 1, [2], { axis: 1 })],
    [`${M_}int([[0, 0]], 2, [1, 2])`, () => f("int")([[0, 0]], 2, [1, 2])],
    [`${M_}int([[0, 1]], 2, [1, 2], 0.5)`, () => f("int")([[0, 1]], 2, [1, 2], 0.5)],
    [`${M_}int([[1, 2], [3, 4]], 0, axis=1)`, () => f("int")([[1, 2], [3, 4]], 0, { axis: 1 })],
    [`${M_}int(C2, 1, axis=-3)`, () => f("int")(C2, 1, { axis: -3 })],
    [`${M_}int(C2, 1, [1, 2])`, () => f("int")(C2, 1, [1, 2])],
    [`${M_}int(C2, 1, lbnd=[1, 2])`, () => f("int")(C2, 1, { lbnd: [1, 2] })],
    [`${M_}int(C2, 1, scl=[1])`, () => f("int")(C2, 1, { scl: [1] })],
    [`${M_}int(C2, 2.5)`, () => f("int")(C2, 2.5)],
    [`${M_}int(C2, -1)`, () => f("int")(C2, -1)],
    // the 1-d forms still give NumPy's results, and der undoes int
    [`${M_}der(${M_}int([1, 2, 3], 2, [1, 2], 1), 2)`, () => f("der")(f("int")([1, 2, 3], 2, [1, 2], 1), 2)],
  ];
}

const CASES: [string, () => unknown][] = [
  ...KINDS.flatMap(([n, m, p]) => kindCases(n, m, p)),
  // polyvalfromroots
  ["NP.polynomial.polyvalfromroots(X, [1, 2, -0.5])", () => NP.polynomial.polyvalfromroots(X, [1, 2, -0.5])],
  ["NP.polynomial.polyvalfromroots(0.5, C2)", () => NP.polynomial.polyvalfromroots(0.5, C2)],
  ["NP.polynomial.polyvalfromroots(X, C2)", () => NP.polynomial.polyvalfromroots(X, C2)],
  [
    "NP.polynomial.polyvalfromroots(X, C2, tensor=False)",
    () => NP.polynomial.polyvalfromroots(X, C2, { tensor: false }),
  ],
  ["NP.polynomial.polyvalfromroots([1, 2, 3], C2, False)", () => NP.polynomial.polyvalfromroots([1, 2, 3], C2, false)],
  [
    "NP.polynomial.polyvalfromroots(F32(X), F32([1, 2]))",
    () => NP.polynomial.polyvalfromroots(F32(X), F32([1, 2])),
  ],
  [
    "NP.polynomial.polyvalfromroots(np.array([[1, 2]]), C2, tensor=False)",
    () => NP.polynomial.polyvalfromroots(np.array([[1, 2]]), C2, { tensor: false }),
  ],
  // chebinterpolate and Chebyshev.interpolate
  ["NP.chebyshev.chebinterpolate(np.cos, 6)", () => NP.chebyshev.chebinterpolate(np.cos as never, 6)],
  ["NP.chebyshev.chebinterpolate(np.exp, 0)", () => NP.chebyshev.chebinterpolate(np.exp as never, 0)],
  [
    "NP.chebyshev.chebinterpolate(lambda x, a, b: a * x ** 3 + b, 4, (2, -1))",
    () =>
      NP.chebyshev.chebinterpolate(
        (x: np.NDArray, a: number, b: number) => np.add(np.multiply(a, np.power(x, 3)), b),
        4,
        [2, -1],
      ),
  ],
  [
    "NP.chebyshev.chebinterpolate(lambda x, a: np.sin(a * x), 5, args=(3,))",
    () => NP.chebyshev.chebinterpolate((x: np.NDArray, a: number) => np.sin(np.multiply(a, x)), 5, { args: [3] }),
  ],
  [
    "NP.chebyshev.chebinterpolate(lambda x: np.stack([x, x ** 2], -1), 3)",
    () => NP.chebyshev.chebinterpolate((x: np.NDArray) => np.stack([x, np.power(x, 2)], -1), 3),
  ],
  ["NP.chebyshev.chebinterpolate(np.cos, 2.5)", () => NP.chebyshev.chebinterpolate(np.cos as never, 2.5)],
  ["NP.chebyshev.chebinterpolate(np.cos, -1)", () => NP.chebyshev.chebinterpolate(np.cos as never, -1)],
  ["Chebyshev.interpolate(np.exp, 5).coef", () => NP.Chebyshev.interpolate(np.exp as never, 5).coef],
  ["repr(Chebyshev.interpolate(np.exp, 1))", () => NP.Chebyshev.interpolate(np.exp as never, 1).toString()],
  [
    "Chebyshev.interpolate(np.sqrt, 4, [1, 9]).coef",
    () => NP.Chebyshev.interpolate(np.sqrt as never, 4, [1, 9]).coef,
  ],
  [
    "Chebyshev.interpolate(np.sqrt, 4, domain=[1, 9])(np.array([1.5, 4, 8]))",
    () => NP.Chebyshev.interpolate(np.sqrt as never, 4, { domain: [1, 9] }).call([1.5, 4, 8]),
  ],
  [
    "repr(Chebyshev.interpolate(lambda x, a: a * x, 2, [0, 2], (3,)))",
    () => NP.Chebyshev.interpolate((x: np.NDArray, a: number) => np.multiply(a, x), 2, [0, 2], [3]).toString(),
  ],
  [
    "Chebyshev.interpolate(lambda x, a: x ** a, 3, args=(2,)).coef",
    () => NP.Chebyshev.interpolate((x: np.NDArray, a: number) => np.power(x, a), 3, { args: [2] }).coef,
  ],
  [
    "Chebyshev.interpolate(lambda x, a: x ** a, 3, [0, 1], args=(3,)).coef",
    () => NP.Chebyshev.interpolate((x: np.NDArray, a: number) => np.power(x, a), 3, [0, 1], { args: [3] }).coef,
  ],
  ["Chebyshev.interpolate(np.exp, -2)", () => NP.Chebyshev.interpolate(np.exp as never, -2)],
  // chebpts1 / chebpts2 (already there) at a few sizes
  ["NP.chebyshev.chebpts1(1)", () => NP.chebyshev.chebpts1(1)],
  ["NP.chebyshev.chebpts2(7)", () => NP.chebyshev.chebpts2(7)],
];

Deno.test("np.polynomial's n-d, companion, roots, axis calculus and interpolation functions match NumPy", async () => {
  const r = await numpy(CASES.map(([expr]) => ({ expr, setup: SETUP })));
  // float32 results may differ from NumPy's by a few ulps (dendrite computes in doubles and rounds once)
  const f32 = CASES.map(([expr]) => expr.includes("F32"));
  const pick = <T>(xs: readonly T[], want: boolean) => xs.filter((_, i) => f32[i] === want);
  const failures = [
    ...caseFailures(pick(CASES, false), pick(r, false), { tol: { rtol: 1e-9, atol: 1e-9 } }),
    ...caseFailures(pick(CASES, true), pick(r, true), { tol: { rtol: 1e-5, atol: 1e-5 } }),
  ];
  assert.deepEqual(failures, []);
});

Deno.test("np.polynomial's new functions refuse bad arguments with typed errors", () => {
  const C = NP.chebyshev, H = NP.hermite;
  // complex roots stay a TypeError (dendrite has no complex dtype), for the functions and the classes
  assert.throws(() => C.chebroots([2, 0, 1]), /chebroots: the polynomial has complex roots/);
  assert.throws(() => new NP.Hermite([3, 0, 1]).roots(), TypeError);
  assert.throws(() => NP.polynomial.polyroots([1, 2, 3]), TypeError);
  // NumPy's own messages for shapes it cannot combine (its message there is about array construction)
  assert.throws(() => C.chebvander2d([1, 2], [1, 2, 3], [1, 1]), RangeError);
  assert.throws(() => C.chebvander2d([1, 2], [1, 2], 1 as never), TypeError);
  // points that do not broadcast against the roots (NumPy's message is its broadcasting error's)
  assert.throws(() => NP.polynomial.polyvalfromroots([1, 2], C2, false), RangeError);
  // NumPy's eigvals refuses a companion matrix with an infinity or a NaN
  assert.throws(() => NP.legendre.legroots([1, NaN, 2]), /Array must not contain infs or NaNs/);
  // an order or degree too large to hold fails at once instead of running out of memory step by step
  assert.throws(
    () => C.chebint([1, 2], 2 ** 53),
    /chebint: an integral of order 9007199254740992 has more coefficients/,
  );
  assert.throws(() => C.chebvander([0.5], 2 ** 53), Error);
  // unknown options name themselves
  assert.throws(() => H.hermder([1, 2], { axes: 1 }), /hermder\(\): unknown option 'axes'/);
  assert.throws(() => H.hermint([1, 2], { lbound: 1 }), /hermint\(\): unknown option 'lbound'/);
  assert.throws(() => NP.polynomial.polyvalfromroots(1, [1], { tensr: true }), /unknown option 'tensr'/);
  assert.throws(() => C.chebinterpolate(np.cos as never, 3, { arg: [] }), /unknown option 'arg'/);
  assert.throws(() => NP.Chebyshev.interpolate(np.cos as never, 3, { window: [0, 1] }), /unknown option 'window'/);
  // the companion matrix of a float64 series is float64 and square
  assert.deepEqual((NP.laguerre.lagcompanion([1, 2, 3, 4]) as np.NDArray).shape, [3, 3]);
});
