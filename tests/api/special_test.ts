/**
 * The special functions and bitwise shifts against PyTorch 2.13 / NumPy 2.4:
 * values over wide input ranges with the edge values (0, ±inf, NaN, poles,
 * ±1 for erfinv) in float64, float32 and integer inputs, every call form
 * (function, method, in-place, out=, torch.special aliases), the shifts'
 * out-of-range counts, promotion and errors, and float64 gradients checked
 * by finite differences and against PyTorch's.
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";
import { build, buildT, checkRuns, type Input, type Run } from "../helpers/oracle.ts";
import { npRun, tRun } from "../helpers/op_runs.ts";

type T = torch.Tensor;
const arr = (dtype: string, data: (number | boolean)[]): Input => ({ data, dtype, shape: [data.length] });

/** A wide sweep: a log-spaced grid of both signs plus the edge values. */
function sweep(lo: number, hi: number, n: number, extra: number[] = []): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = lo * Math.pow(hi / lo, i / (n - 1));
    out.push(v, -v);
  }
  return [...out, 0, NaN, Infinity, -Infinity, ...extra];
}
const WIDE = sweep(1e-8, 800, 60, [1, 2, 3, 8, 8.5, 20, 21, 0.5, 1.5, -1, -2, -2.5, 1e-300, 5e-324]);
const UNIT = [...sweep(1e-12, 1, 40, [0.7, -0.7, 0.70001, 0.9999999, -0.9999999, 0.5]), 1.5, -2];
const PROB = [0, 1, 0.5, 0.25, 0.75, 0.2499, 0.7501, 1e-300, 5e-324, 1e-100, 1e-20, 1e-5, 0.01, 0.1, 0.3, 0.6, 0.9]
  .concat([0.99, 0.999999, 1 - 1e-12, 1 - 2 ** -53, -0.1, 1.1, NaN]);

/** Around float32's exp overflow (88.72): PyTorch's float32 i0 and i1 overflow there, and so do ours. */
const F32_EXP_EDGE = [88.7, 88.72283, 88.7229, 89, -89, 90, 91.5, -91.5];
/** torch's float32 kernels compute in float (its algorithms' own errors), ours in double then round: a few ulps. */
const F32_TOL = { rtol: 2e-6, atol: 1e-6 };

function unaryRuns(py: string, ours: (x: T) => T, data: number[], tol64 = { rtol: 1e-13, atol: 1e-300 }): Run[] {
  return [
    { ...tRun(`${py}(a0)`, [arr("float64", data)], (a) => ours(a)), tol: tol64 },
    { ...tRun(`${py}(a0)`, [arr("float32", data)], (a) => ours(a)), tol: F32_TOL },
  ];
}

Deno.test("torch: erfinv, digamma, i0 and torch.special's unary functions against PyTorch in float64 and float32", async () => {
  const S = torch.special;
  const POSISH = WIDE.filter((v) => !(v < 0 && Math.abs(v) > 50));
  await checkRuns([
    ...unaryRuns("torch.erfinv", (x) => torch.erfinv(x), UNIT),
    ...unaryRuns("torch.digamma", (x) => x.digamma(), [...WIDE, -1e-8, -0.5, -3.7, -100.25, 1e17, 1.4616321449683622]),
    ...unaryRuns("torch.i0", (x) => torch.i0(x), [...WIDE, ...F32_EXP_EDGE]),
    ...unaryRuns("torch.special.i0e", (x) => S.i0e(x), WIDE),
    ...unaryRuns("torch.special.i1", (x) => S.i1(x), [...WIDE, ...F32_EXP_EDGE]),
    ...unaryRuns("torch.special.i1e", (x) => S.i1e(x), WIDE),
    ...unaryRuns("torch.special.erfcx", (x) => S.erfcx(x), [...POSISH, -26, -6, -6.2, 5e7, 1e300]),
    ...unaryRuns("torch.special.ndtri", (x) => S.ndtri(x), PROB, { rtol: 1e-12, atol: 1e-15 }),
    ...unaryRuns("torch.special.log_ndtr", (x) => S.logNdtr(x), [...POSISH, -30, -1, -0.999, 38]),
    ...unaryRuns("torch.special.entr", (x) => S.entr(x), WIDE),
    // 1 + erf(x / sqrt 2) cancels below about -5: the absolute error of each library's erf remains
    ...unaryRuns("torch.special.ndtr", (x) => S.ndtr(x), WIDE, { rtol: 1e-13, atol: 1e-15 }),
    // integer and bool inputs compute in the default float dtype
    ...["int64", "int32", "uint8", "bool"].flatMap((dt) => {
      const x = arr(dt, dt === "bool" ? [true, false] : [0, 1, 2, 7, 100]);
      return [
        tRun("torch.digamma(a0)", [x], (a) => torch.digamma(a)),
        tRun("torch.i0(a0)", [x], (a) => a.i0()),
        tRun("torch.erfinv(a0)", [x], (a) => a.erfinv()),
        tRun("torch.special.i1e(a0)", [x], (a) => S.i1e(a)),
        tRun("torch.special.ndtri(a0)", [x], (a) => S.ndtri(a)),
        tRun("torch.special.ndtr(a0)", [x], (a) => S.ndtr(a)),
        tRun("torch.mvlgamma(a0, 1)", [x], (a) => torch.mvlgamma(a, 1)),
        tRun("torch.polygamma(2, a0)", [x], (a) => torch.polygamma(2, a)),
      ];
    }),
  ]);
});

Deno.test("torch: polygamma and mvlgamma against PyTorch", async () => {
  const xs = [...sweep(1e-3, 300, 25, [1, 2, 0.5, -0.5, -1, -2.5, -7.25, 1e-300]), -3.999];
  await checkRuns([
    ...[0, 1, 2, 3, 4, 7].flatMap((n) =>
      unaryRuns(`(lambda x: torch.polygamma(${n}, x))`, (x) => torch.polygamma(n, x), xs)
    ),
    ...[1, 2, 3, 5].flatMap((p) =>
      unaryRuns(`(lambda x: torch.mvlgamma(x, ${p}))`, (x) => x.mvlgamma(p), [3.5, 2.25, 10, 100.5, 1e5, 2.75])
    ),
  ]);
});

Deno.test("torch: igamma, igammac, zeta and xlog1py against PyTorch", async () => {
  const as = [1e-3, 0.1, 0.5, 1, 1.5, 3, 10, 25, 50, 199, 250, 1e3, 1e4];
  const xs = [0, 1e-4, 0.05, 0.3, 0.6, 1, 1.05, 2, 5, 9.5, 24, 26, 55, 230, 260, 1100, 1e4 + 50, Infinity];
  const A: number[] = [], X: number[] = [];
  for (const a of as) for (const x of xs) A.push(a), X.push(x);
  A.push(-1, 0, 0, Infinity, Infinity, NaN, 2), X.push(1, 1, 0, 2, Infinity, 1, -1);
  const zs = [1, 1.5, 2, 3, 4.5, 7, 20, 0.5, NaN], qs = [1, 0.5, 2, 10, -1.5, -2, 1e-3, 100, 0, Infinity];
  const Z: number[] = [], Q: number[] = [];
  for (const z of zs) for (const q of qs) Z.push(z), Q.push(q);
  const ys = [0, -1, -0.5, 1e-10, 3, NaN, Infinity, -2];
  const XL: number[] = [], YL: number[] = [];
  for (const x of [0, 2.5, -1, NaN]) for (const y of ys) XL.push(x), YL.push(y);
  const pair = (py: string, f: (a: T, b: T) => T, a: number[], b: number[], rtol: number): Run[] => [
    { ...tRun(`${py}(a0, a1)`, [arr("float64", a), arr("float64", b)], f), tol: { rtol, atol: 1e-300 } },
    { ...tRun(`${py}(a0, a1)`, [arr("float32", a), arr("float32", b)], f), tol: { rtol: 1e-5, atol: 1e-6 } },
  ];
  await checkRuns([
    // PyTorch's asymptotic branch (a > 20, x near a) scales by sqrt(2 pi a) with pi in float32, so it is ~1e-9 off
    // there; ours is checked to 1e-13 against SciPy below
    ...pair("torch.igamma", (a, b) => torch.igamma(a, b), A, X, 3e-9),
    ...pair("torch.igammac", (a, b) => a.igammac(b), A, X, 3e-9),
    ...pair("torch.special.gammainc", (a, b) => torch.special.gammainc(a, b), A, X, 3e-9),
    ...["gammainc", "gammaincc"].map((f): Run => ({
      ...tRun(
        `torch.from_numpy(__import__("scipy.special", fromlist=["x"]).${f}(a0.numpy(), a1.numpy()))`,
        [arr("float64", A), arr("float64", X)],
        (a, b) => (torch.special as unknown as Record<string, (a: T, b: T) => T>)[f](a, b),
      ),
      tol: { rtol: 5e-13, atol: 1e-300 },
    })),
    ...pair("torch.special.zeta", (a, b) => torch.special.zeta(a, b), Z, Q, 1e-13),
    ...pair("torch.special.xlog1py", (a, b) => torch.special.xlog1py(a, b), XL, YL, 1e-15),
    // scalars on either side, and the integer operands PyTorch computes in the default float
    tRun("torch.special.zeta(2, a0)", [arr("float64", [1, 2, 3.5])], (a) => torch.special.zeta(2, a)),
    tRun("torch.special.zeta(a0, 2)", [arr("int64", [2, 3, 4])], (a) => torch.special.zeta(a, 2)),
    tRun("torch.special.xlog1py(a0, 1)", [arr("int32", [0, 2, 3])], (a) => torch.special.xlog1py(a, 1)),
    tRun(
      "torch.special.xlog1py(a0, a1)",
      [arr("bool", [true, false]), arr("bool", [true, true])],
      (a, b) => torch.special.xlog1py(a, b),
    ),
    tRun("torch.igamma(a0, a1)", [arr("int64", [1, 2]), arr("float32", [1, 2])], (a, b) => torch.igamma(a, b)),
    // float-only kernels
    tRun("torch.igamma(a0, a1)", [arr("int64", [1, 2]), arr("int64", [1, 2])], (a, b) => torch.igamma(a, b)),
    tRun("torch.igammac(a0, a1)", [arr("bool", [true]), arr("bool", [true])], (a, b) => torch.igammac(a, b)),
  ]);
  assert.throws(() => torch.special.zeta(2 as never, 3 as never), TypeError);
});

Deno.test("np.i0 against NumPy: floats keep their dtype, other dtypes compute in float64", async () => {
  const xs = sweep(1e-6, 700, 30, [8, 8.5, 1]);
  await checkRuns([
    { ...npRun("np.i0(a0)", [arr("float64", xs)], (a) => np.i0(a)), tol: { rtol: 1e-13, atol: 0 } },
    // NumPy's float32 i0 runs Cephes' Chebyshev series in float32 (exp(|x|) overflowing past 88.72, as ours)
    { ...npRun("np.i0(a0)", [arr("float32", [...xs, 88.7, 88.73, -89, 95])], (a) => np.i0(a)), tol: F32_TOL },
    npRun("np.i0(a0)", [arr("int64", [0, 1, -3, 50])], (a) => np.i0(a)),
    npRun("np.i0(a0)", [arr("bool", [true, false])], (a) => np.i0(a)),
    npRun("np.i0(a0)", [arr("uint8", [0, 9, 200])], (a) => np.i0(a)),
  ]);
});

const SHIFT_COUNTS = [
  -200,
  -65,
  -64,
  -33,
  -32,
  -9,
  -8,
  -1,
  0,
  1,
  5,
  7,
  8,
  9,
  31,
  32,
  33,
  63,
  64,
  65,
  127,
  128,
  255,
  1000,
];
const SHIFT_VALUES = [0, 1, -1, 5, -5, 127, 255, -128, 2 ** 31 - 1, -(2 ** 31), 12345];

/** Every (value, count) pair of the tables, as two arrays of a dtype (values wrapped into it). */
function shiftInputs(dv: string, dc: string): [Input, Input] {
  const wrap = (d: string, v: number) => {
    if (d === "uint8") return ((v % 256) + 256) % 256;
    if (d === "int32") return v | 0;
    return d === "bool" ? v !== 0 : v;
  };
  const vs: (number | boolean)[] = [], cs: (number | boolean)[] = [];
  for (const v of SHIFT_VALUES) for (const c of SHIFT_COUNTS) vs.push(wrap(dv, v)), cs.push(wrap(dc, c));
  return [arr(dv, vs), arr(dc, cs)];
}

Deno.test("shifts: out-of-range and negative counts, promotion and errors against NumPy and PyTorch", async () => {
  const ints = ["uint8", "int32", "int64"], runs: Run[] = [];
  for (const dv of [...ints, "bool"]) {
    for (const dc of [...ints, "bool"]) {
      const ins = shiftInputs(dv, dc);
      runs.push(
        npRun("np.left_shift(a0, a1)", ins, (a, b) => np.leftShift(a, b)),
        npRun("np.right_shift(a0, a1)", ins, (a, b) => np.rightShift(a, b)),
        npRun("np.bitwise_left_shift(a0, a1)", ins, (a, b) => np.bitwiseLeftShift(a, b)),
        npRun("np.bitwise_right_shift(a0, a1)", ins, (a, b) => np.bitwiseRightShift(a, b)),
        tRun("torch.bitwise_left_shift(a0, a1)", ins, (a, b) => torch.bitwiseLeftShift(a, b)),
        tRun("torch.bitwise_right_shift(a0, a1)", ins, (a, b) => a.bitwiseRightShift(b)),
      );
    }
  }
  const i32 = arr("int32", [1, -7, 300]), u8 = arr("uint8", [1, 7, 200]), f = arr("float64", [1, 2, 3]);
  runs.push(
    // Python scalars on either side (NEP 50 / PyTorch's wrapped numbers), uint8 with an out-of-range scalar
    npRun("np.left_shift(a0, 3)", [u8], (a) => np.leftShift(a, 3)),
    npRun("np.left_shift(a0, 300)", [u8], (a) => np.leftShift(a, 300)),
    npRun("np.right_shift(a0, -1)", [i32], (a) => np.rightShift(a, -1)),
    npRun("np.left_shift(3, a0)", [i32], (a) => np.leftShift(3, a)),
    tRun("torch.bitwise_left_shift(a0, 3)", [u8], (a) => torch.bitwiseLeftShift(a, 3)),
    tRun("torch.bitwise_left_shift(a0, -1)", [u8], (a) => torch.bitwiseLeftShift(a, -1)),
    tRun("torch.bitwise_right_shift(a0, 40)", [i32], (a) => torch.bitwiseRightShift(a, 40)),
    tRun("torch.bitwise_left_shift(5, a0)", [u8], (a) => torch.bitwiseLeftShift(5, a)),
    tRun("torch.bitwise_left_shift(a0, 1)", [arr("bool", [true, false])], (a) => torch.bitwiseLeftShift(a, 1)),
    // floats: no loop
    npRun("np.left_shift(a0, 1)", [f], (a) => np.leftShift(a, 1)),
    npRun("np.right_shift(a0, a1)", [i32, f], (a, b) => np.rightShift(a, b)),
    tRun("torch.bitwise_left_shift(a0, 1.5)", [i32], (a) => torch.bitwiseLeftShift(a, 1.5)),
    tRun("torch.bitwise_right_shift(a0, a1)", [f, f], (a, b) => torch.bitwiseRightShift(a, b)),
    // out= and dtype=
    npRun("np.left_shift(a0, 2, out=np.zeros(3, np.int64))", [i32], (a) => np.leftShift(a, 2, np.zeros(3, "int64"))),
    npRun("np.left_shift(a0, 2, dtype=np.int64)", [i32], (a) => np.leftShift(a, 2, { dtype: "int64" })),
    tRun(
      "torch.bitwise_left_shift(a0, 2, out=torch.zeros(3, dtype=torch.int64))",
      [i32],
      (a) => torch.bitwiseLeftShift(a, 2, { out: torch.zeros(3, { dtype: "int64" }) }),
    ),
    tRun(
      "torch.bitwise_left_shift(a0, 2, out=torch.zeros(3, dtype=torch.uint8))",
      [arr("int64", [1, 2, 3])],
      (a) => torch.bitwiseLeftShift(a, 2, { out: torch.zeros(3, { dtype: "uint8" }) }),
    ),
    tRun("a0.bitwise_left_shift_(a1)", [i32, arr("int32", [1, 31, 32])], (a, b) => a.bitwiseLeftShift_(b)),
    tRun("a0.bitwise_right_shift_(2)", [u8], (a) => a.bitwiseRightShift_(2)),
    tRun("a0.bitwise_right_shift_(a1)", [u8, arr("int64", [1, 2, 3])], (a, b) => a.bitwiseRightShift_(b)),
  );
  await checkRuns(runs);
});

Deno.test("np.bitwiseCount against NumPy: the bits of |x| as uint8, floats refused", async () => {
  await checkRuns([
    ...["int64", "int32", "uint8"].map((dt) =>
      npRun("np.bitwise_count(a0)", [arr(dt, dt === "uint8" ? [0, 1, 255, 128, 7] : [0, -1, 7, -128, 2 ** 31 - 1])], (
        a,
      ) => np.bitwiseCount(a))
    ),
    npRun("np.bitwise_count(a0)", [arr("int64", [-(2 ** 53), 2 ** 53 - 1])], (a) => np.bitwiseCount(a)),
    npRun("np.bitwise_count(a0)", [arr("bool", [true, false])], (a) => np.bitwiseCount(a)),
    npRun("np.bitwise_count(a0)", [arr("float64", [1])], (a) => np.bitwiseCount(a)),
    npRun(
      "np.bitwise_count(a0, out=np.zeros(2, np.int64))",
      [arr("int32", [3, -3])],
      (a) => np.bitwiseCount(a, np.zeros(2, "int64")),
    ),
  ]);
});

Deno.test("call forms: methods, in-place twins, out= and torch.special's aliases", async () => {
  const x = arr("float64", [0.1, 0.5, 2.5]), y = arr("float64", [0.3, 1.5, 2]);
  await checkRuns([
    tRun("a0.erfinv_()", [x], (a) => a.erfinv_()),
    tRun("a0.digamma_()", [x], (a) => a.digamma_()),
    tRun("a0.polygamma(2)", [x], (a) => a.polygamma(2)),
    tRun("a0.polygamma_(1)", [x], (a) => a.polygamma_(1)),
    tRun("a0.i0_()", [x], (a) => a.i0_()),
    tRun("a0.mvlgamma(2)", [arr("float64", [2, 3])], (a) => a.mvlgamma(2)),
    tRun("a0.mvlgamma_(2)", [arr("float64", [2, 3])], (a) => a.mvlgamma_(2)),
    tRun("a0.igamma_(a1)", [x, y], (a, b) => a.igamma_(b)),
    tRun("a0.igammac(a1)", [x, y], (a, b) => a.igammac(b)),
    tRun(
      "torch.polygamma(1, a0, out=torch.zeros(3, dtype=torch.float64))",
      [x],
      (a) => torch.polygamma(1, a, { out: torch.zeros(3, { dtype: "float64" }) }),
    ),
    tRun(
      "torch.erfinv(a0, out=torch.zeros(3, dtype=torch.float32))",
      [x],
      (a) => torch.erfinv(a, { out: torch.zeros(3) }),
    ),
    tRun(
      "torch.digamma(a0, out=torch.zeros(3, dtype=torch.int64))",
      [x],
      (a) => torch.digamma(a, { out: torch.zeros(3, { dtype: "int64" }) }),
    ),
    tRun(
      "torch.mvlgamma(a0, p=3, out=torch.zeros(2, dtype=torch.float64))",
      [arr("float64", [2, 3])],
      (a) => torch.mvlgamma(a, { p: 3, out: torch.zeros(2, { dtype: "float64" }) }),
    ),
    tRun(
      "torch.special.i1(a0, out=torch.zeros(3, dtype=torch.float64))",
      [x],
      (a) => torch.special.i1(a, { out: torch.zeros(3, { dtype: "float64" }) }),
    ),
    tRun(
      "torch.special.ndtr(a0, out=torch.zeros(3, dtype=torch.float64))",
      [x],
      (a) => torch.special.ndtr(a, { out: torch.zeros(3, { dtype: "float64" }) }),
    ),
    tRun(
      "torch.igamma(a0, a1, out=torch.zeros(3, dtype=torch.float64))",
      [x, y],
      (a, b) => torch.igamma(a, b, { out: torch.zeros(3, { dtype: "float64" }) }),
    ),
    tRun("torch.special.multigammaln(a0, 2)", [arr("float64", [2, 3])], (a) => torch.special.multigammaln(a, 2)),
    tRun("torch.special.psi(a0)", [x], (a) => torch.special.psi(a)),
    tRun("torch.special.gammaincc(a0, a1)", [x, y], (a, b) => torch.special.gammaincc(a, b)),
    tRun("torch.special.polygamma(3, a0)", [x], (a) => torch.special.polygamma(3, a)),
    tRun("torch.special.softmax(a0, 0)", [x], (a) => torch.special.softmax(a, 0)),
    tRun("torch.special.log_softmax(a0, 0)", [x], (a) => torch.special.logSoftmax(a, 0)),
    tRun("torch.special.logsumexp(a0, 0)", [x], (a) => torch.special.logsumexp(a, 0)),
    tRun("torch.special.round(a0)", [x], (a) => torch.special.round(a)),
    tRun("torch.special.xlogy(a0, a1)", [x, y], (a, b) => torch.special.xlogy(a, b)),
    tRun("torch.special.logit(a0, eps=0.2)", [x], (a) => torch.special.logit(a, { eps: 0.2 })),
    // errors
    tRun("torch.polygamma(-1, a0)", [x], (a) => torch.polygamma(-1, a)),
    tRun("torch.mvlgamma(a0, 0)", [x], (a) => torch.mvlgamma(a, 0)),
    tRun("a0.erfinv_()", [arr("int64", [0, 1])], (a) => a.erfinv_()),
  ]);
  // the aliases are torch's own functions
  const S = torch.special;
  assert.equal(S.expit, torch.sigmoid);
  assert.equal(S.gammaln, torch.lgamma);
  assert.equal(S.psi, torch.digamma);
  assert.equal(S.digamma, torch.digamma);
  assert.equal(S.multigammaln, torch.mvlgamma);
  assert.equal(S.gammainc, torch.igamma);
  assert.equal(S.gammaincc, torch.igammac);
  assert.equal(S.erf, torch.erf);
  assert.equal(S.logSoftmax, torch.logSoftmax);
  // options object and keyword names
  const t = buildT(x);
  assert.deepEqual(torch.polygamma({ n: 2, input: t } as never).tolist(), torch.polygamma(2, t).tolist());
  assert.throws(() => torch.erfinv(t, { bogus: 1 } as never), /bogus/);
});

/** float64 leaves for the gradient checks. */
const leaf = (data: number[]) => torch.tensor(data, { dtype: torch.float64, requiresGrad: true });

Deno.test("gradients: finite differences in float64 and PyTorch's errors for igamma's, igammac's and zeta's first argument", () => {
  const S = torch.special;
  const gc = (f: (...xs: T[]) => T, ...xs: T[]) => assert.ok(torch.autograd.gradcheck(f, xs, { atol: 1e-6 }));
  gc((x) => x.erfinv(), leaf([-0.9, -0.3, 0.1, 0.6]));
  gc((x) => x.digamma(), leaf([-2.5, 0.3, 1.7, 12]));
  gc((x) => torch.polygamma(2, x), leaf([-1.5, 0.6, 3, 9]));
  gc((x) => x.polygamma(1), leaf([0.4, 2.2]));
  gc((x) => x.i0(), leaf([-3, -0.2, 0.5, 25]));
  gc((x) => x.mvlgamma(3), leaf([1.6, 2.5, 7]));
  gc((x) => S.i0e(x), leaf([-3, -0.2, 0.5, 25]));
  gc((x) => S.i1(x), leaf([-3, -0.2, 0.5, 25]));
  gc((x) => S.i1e(x), leaf([-3, -0.2, 0.5, 25]));
  gc((x) => S.erfcx(x), leaf([-3, -0.2, 0.5, 25]));
  gc((x) => S.ndtri(x), leaf([0.01, 0.3, 0.5, 0.97]));
  gc((x) => S.logNdtr(x), leaf([-20, -2, 0.5, 3]));
  gc((x) => S.entr(x), leaf([0.01, 0.3, 2]));
  gc((x) => S.ndtr(x), leaf([-2, 0.1, 1.5]));
  gc((x, y) => S.xlog1py(x, y), leaf([-1.5, 0.3, 2]), leaf([0.2, -0.5, 4]));
  const a = torch.tensor([0.5, 2, 7], { dtype: torch.float64 }), q = leaf([0.4, 1.3, 8]);
  gc((x) => torch.igamma(a, x), q);
  gc((x) => torch.igammac(a, x), q);
  gc((x) => S.zeta(torch.tensor([2, 3.5, 5], { dtype: torch.float64 }), x), leaf([0.5, 1.5, 4]));
  gc((x) => S.zeta(3, x), leaf([0.5, 1.5, 4]));
  // the grad at 0 of i1 and i1e is 1/2
  const z = leaf([0]);
  S.i1(z).sum().backward();
  assert.deepEqual(z.grad!.tolist(), [0.5]);
  const notImpl = (f: () => void, msg: RegExp) =>
    assert.throws(f, (e: Error) => e instanceof torch.RuntimeError && msg.test(e.message));
  notImpl(
    () => torch.igamma(leaf([1, 2]), q.detach().get("1:")).sum().backward(),
    /'igamma: input' is not implemented/,
  );
  notImpl(
    () => torch.igammac(leaf([1, 2]), q.detach().get("1:")).sum().backward(),
    /'igammac: input' is not implemented/,
  );
  notImpl(
    () => S.zeta(leaf([2, 3]), torch.tensor([1, 2], { dtype: torch.float64 })).sum().backward(),
    /'zeta' is not implemented/,
  );
});

Deno.test("special.h edge values: erfinv(±1), digamma's poles, ndtri's ends, i0 at ±inf (NaN, as PyTorch) and overflow", () => {
  const d = { dtype: torch.float64 } as const;
  assert.deepEqual(torch.erfinv(torch.tensor([-1, 1, 1.0000001, NaN], d)).tolist(), [-Infinity, Infinity, NaN, NaN]);
  assert.deepEqual(torch.digamma(torch.tensor([0, -0, -1, -2, Infinity], d)).tolist(), [
    -Infinity,
    Infinity,
    NaN,
    NaN,
    Infinity,
  ]);
  assert.deepEqual(torch.special.ndtri(torch.tensor([0, 1, -0.5, 2], d)).tolist(), [-Infinity, Infinity, NaN, NaN]);
  assert.deepEqual(torch.i0(torch.tensor([Infinity, -Infinity, 720], d)).tolist(), [NaN, NaN, Infinity]);
  assert.deepEqual(torch.special.i0e(torch.tensor([Infinity], d)).tolist(), [0]);
  assert.equal(np.i0(build(arr("float64", [0]))).tolist()[0], 1);
});
