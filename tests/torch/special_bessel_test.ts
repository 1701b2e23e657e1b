/**
 * torch.special's Bessel and Airy functions (src/api/ops/special_bessel.ts)
 * and orthogonal polynomials (src/api/ops/special_polynomials.ts) against
 * PyTorch 2.13, all cases evaluated in one Python process: values on grids
 * that cross every branch of PyTorch's approximations (the breakpoints 2, 5,
 * 8, ±2.09, 8.32, 103.892, the zeros, tiny, huge, ±0, ±inf, NaN) and on
 * x × n grids (|x| < 1, |x| = 1, |x| > 1, the shifted edges 0 and 1;
 * negative, non-integer, NaN, infinite and huge degrees, the trigonometric
 * forms' degree thresholds, Hermite's NaN limits) in float32 and float64,
 * compared in ulps; a parallel-sized input; dtype promotion (integers,
 * bool, numbers for either operand, mixed float dtypes, 0-d tensors); the
 * call forms (positional, options object, mixed, `out=`); the errors; and
 * the absence of autograd (PyTorch records no node for these ops).
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import { type Case, caseFailures, type Encoded, type Input, numpy, type OracleResult } from "../helpers/oracle.ts";

type T = torch.Tensor;
// deno-lint-ignore no-explicit-any
const S = torch.special as any as Record<string, (...a: unknown[]) => T>;

/** dendrite name -> PyTorch name. */
const BESSEL: Record<string, string> = {
  airyAi: "airy_ai",
  besselJ0: "bessel_j0",
  besselJ1: "bessel_j1",
  besselY0: "bessel_y0",
  besselY1: "bessel_y1",
  modifiedBesselI0: "modified_bessel_i0",
  modifiedBesselI1: "modified_bessel_i1",
  modifiedBesselK0: "modified_bessel_k0",
  modifiedBesselK1: "modified_bessel_k1",
  scaledModifiedBesselK0: "scaled_modified_bessel_k0",
  scaledModifiedBesselK1: "scaled_modified_bessel_k1",
  sphericalBesselJ0: "spherical_bessel_j0",
};
const POLY: Record<string, string> = {
  chebyshevPolynomialT: "chebyshev_polynomial_t",
  chebyshevPolynomialU: "chebyshev_polynomial_u",
  chebyshevPolynomialV: "chebyshev_polynomial_v",
  chebyshevPolynomialW: "chebyshev_polynomial_w",
  shiftedChebyshevPolynomialT: "shifted_chebyshev_polynomial_t",
  shiftedChebyshevPolynomialU: "shifted_chebyshev_polynomial_u",
  shiftedChebyshevPolynomialV: "shifted_chebyshev_polynomial_v",
  shiftedChebyshevPolynomialW: "shifted_chebyshev_polynomial_w",
  hermitePolynomialH: "hermite_polynomial_h",
  hermitePolynomialHe: "hermite_polynomial_he",
  laguerrePolynomialL: "laguerre_polynomial_l",
  legendrePolynomialP: "legendre_polynomial_p",
};
const DTYPES = ["float32", "float64"] as const;

// ---------- grids ----------
/** Every branch point of the approximations, both sides of it, the zeros of J0, Y0 and Ai, and the edges. */
const X: number[] = [
  ...[-Infinity, Infinity, NaN, 0, -0, 1e-300, 1e-8, 1e-6, 9.99e-6, 1e-5, 1.01e-5],
  ...[2.404825557695773, 5.520078110286311, 0.8935769662791675, 3.957678419314858, 2.197141326031017],
  ...[-2.338107410459767, -4.087949444130971, -2.09, -2.0899, -2.0901, 2.09, 2.0899, 2.0901],
  ...[2, 1.9999, 2.0001, 5, 4.9999, 5.0001, 8, 7.9999, 8.0001, 8.3203353, 8.33, 8.31],
  ...[103.892, 103.8, 104, 88.7, 89, 700, 710, 1e4, 1e6, 1e20, -1e4, -1e20],
];
for (let i = -600; i <= 600; i++) X.push(i / 20);
for (let e = -8; e <= 3; e += 0.25) X.push(10 ** e, -(10 ** e));

/** x for the polynomials: inside, on and outside [-1, 1] and the shifted edges 0 and 1. */
const PX: number[] = [
  ...[-Infinity, -1e10, -3, -2.5, -1.0001, -1, -0.999, -0.7, -0.5, -0.3, -0.1, -0, 0, 0.1, 0.25, 0.3, 0.5],
  ...[0.6, 0.75, 0.9, 0.9999, 1, 1.0001, 1.5, 2, 3, 10, 1e10, Infinity],
];
for (let i = -40; i <= 40; i++) PX.push(i / 16 + 0.013);
/** Degrees: negative, the small cases, the trigonometric thresholds (4, 6, 8), Hermite's limits, huge and odd ones. */
const INT_N = [-3, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 30, 100, 128, 129, 512, 513, 1000];
const PN = [...INT_N, 2.7, -0.5, 0.999, NaN, Infinity, -Infinity, 1e30, -1e30];

const vec = (data: number[], dtype: string, shape = [data.length]): Input => ({ data, dtype, shape });

// ---------- the oracle cases ----------
interface GridCase {
  label: string;
  case: Case;
  ours: () => T;
}
const grids: GridCase[] = [];
for (const [k, py] of Object.entries(BESSEL)) {
  for (const dt of DTYPES) {
    grids.push({
      label: `${k} ${dt}`,
      case: { torch: true, expr: `torch.special.${py}(x)`, inputs: { x: vec(X, dt) } },
      ours: () => S[k](torch.tensor(X, { dtype: dt })),
    });
  }
}
// parallel-sized inputs (the kernels' OpenMP path)
const BIG = Array.from({ length: 70001 }, (_, i) => -35 + i / 1000);
for (const [k, py] of [["besselY1", "bessel_y1"], ["airyAi", "airy_ai"]]) {
  grids.push({
    label: `${k} float64 ${BIG.length} elements`,
    case: { torch: true, expr: `torch.special.${py}(x)`, inputs: { x: vec(BIG, "float64") } },
    ours: () => S[k](torch.tensor(BIG, { dtype: "float64" })),
  });
}
grids.push({
  label: `legendrePolynomialP float32 ${BIG.length} elements`,
  case: { torch: true, expr: "torch.special.legendre_polynomial_p(x / 35, 40)", inputs: { x: vec(BIG, "float32") } },
  ours: () => S.legendrePolynomialP(torch.tensor(BIG, { dtype: "float32" }).div(35), 40),
});
for (const [k, py] of Object.entries(POLY)) {
  for (const dt of DTYPES) {
    // x as a column, n as a row of x's dtype: the result broadcasts to every pair
    grids.push({
      label: `${k} ${dt}`,
      case: {
        torch: true,
        expr: `torch.special.${py}(x, n.to(x.dtype))`,
        inputs: { x: vec(PX, dt, [PX.length, 1]), n: vec(PN, "float64", [1, PN.length]) },
      },
      ours: () =>
        S[k](torch.tensor(PX, { dtype: dt }).reshape([PX.length, 1]), torch.tensor(PN, { dtype: dt }).reshape([1, -1])),
    });
    // integer degrees as an int64 tensor: promoted to x's float dtype
    grids.push({
      label: `${k} ${dt} int64 n`,
      case: {
        torch: true,
        expr: `torch.special.${py}(x, n)`,
        inputs: { x: vec(PX, dt, [PX.length, 1]), n: vec(INT_N, "int64", [1, INT_N.length]) },
      },
      ours: () => S[k](torch.tensor(PX, { dtype: dt }).reshape([PX.length, 1]), torch.tensor(INT_N).reshape([1, -1])),
    });
    // NaN x where PyTorch's result is defined: degrees below 2 (and every degree of the Hermite polynomials, whose
    // recurrence has no early stop); see the NaN test below for the rest
    const hermite = k.startsWith("hermite");
    const nanN = hermite ? [-1, 0, 1, 2, 5, 200, 600] : [-1, 0, 1];
    grids.push({
      label: `${k} ${dt} NaN x`,
      case: {
        torch: true,
        expr: `torch.special.${py}(x, n)`,
        inputs: { x: vec([NaN], dt), n: vec(nanN, dt) },
      },
      ours: () => S[k](torch.tensor([NaN], { dtype: dt }), torch.tensor(nanN, { dtype: dt })),
    });
  }
}

/** [PyTorch expression, dendrite computation] cases compared by caseFailures (values, dtypes, errors). */
const xf = () => torch.tensor([0.25, 0.5, 2], { dtype: "float32" });
const calls: [string, () => unknown][] = [
  // integer and bool inputs compute in the default float dtype
  ["torch.special.bessel_j0(torch.tensor([1, 2, 7]))", () => S.besselJ0(torch.tensor([1, 2, 7]))],
  [
    "torch.special.modified_bessel_k1(torch.tensor([True, False]))",
    () => S.modifiedBesselK1(torch.tensor([true, false])),
  ],
  [
    "torch.special.airy_ai(torch.tensor([-3, 0, 3], dtype=torch.int32))",
    () => S.airyAi(torch.tensor([-3, 0, 3], { dtype: "int32" })),
  ],
  [
    "torch.special.chebyshev_polynomial_t(torch.tensor([1, 2]), torch.tensor([2, 3]))",
    () => S.chebyshevPolynomialT(torch.tensor([1, 2]), torch.tensor([2, 3])),
  ],
  [
    "torch.special.legendre_polynomial_p(torch.tensor([True, False]), torch.tensor([True, True]))",
    () => S.legendrePolynomialP(torch.tensor([true, false]), torch.tensor([true, true])),
  ],
  // a number for either operand
  [
    "torch.special.hermite_polynomial_h(0.5, torch.tensor([0, 1, 2, 3]))",
    () => S.hermitePolynomialH(0.5, torch.tensor([0, 1, 2, 3])),
  ],
  [
    "torch.special.laguerre_polynomial_l(2, torch.tensor([0, 1, 2, 3]))",
    () => S.laguerrePolynomialL(2, torch.tensor([0, 1, 2, 3])),
  ],
  ["torch.special.chebyshev_polynomial_u(torch.tensor([0.25, 0.5, 2.0]), 3)", () => S.chebyshevPolynomialU(xf(), 3)],
  [
    "torch.special.chebyshev_polynomial_v(torch.tensor([0.25, 0.5, 2.0]), 2.5)",
    () => S.chebyshevPolynomialV(xf(), 2.5),
  ],
  [
    "torch.special.hermite_polynomial_he(torch.tensor([1, 2]), 2.5)",
    () => S.hermitePolynomialHe(torch.tensor([1, 2]), 2.5),
  ],
  // mixed float dtypes; a 0-d tensor does not raise a dimensioned one's dtype
  [
    "torch.special.chebyshev_polynomial_w(torch.tensor([0.25, 0.5, 2.0], dtype=torch.float64), torch.tensor([4.0]))",
    () => S.chebyshevPolynomialW(xf().double(), torch.tensor([4], { dtype: "float32" })),
  ],
  [
    "torch.special.shifted_chebyshev_polynomial_t(torch.tensor([0.25, 0.5, 2.0]), torch.tensor(5.0, dtype=torch.float64))",
    () => S.shiftedChebyshevPolynomialT(xf(), torch.tensor(5, { dtype: "float64" })),
  ],
  [
    "torch.special.shifted_chebyshev_polynomial_u(torch.tensor([1, 2]), torch.tensor([3.0], dtype=torch.float64))",
    () => S.shiftedChebyshevPolynomialU(torch.tensor([1, 2]), torch.tensor([3], { dtype: "float64" })),
  ],
  // broadcasting
  [
    "torch.special.shifted_chebyshev_polynomial_v(torch.tensor([[0.1], [0.6], [0.9]]), torch.tensor([0, 1, 7, 12]))",
    () => S.shiftedChebyshevPolynomialV(torch.tensor([[0.1], [0.6], [0.9]]), torch.tensor([0, 1, 7, 12])),
  ],
  // call forms: options object, mixed, out=
  ["torch.special.bessel_y0(input=torch.tensor([0.25, 0.5, 2.0]))", () => S.besselY0({ input: xf() })],
  // the functions without a Python wrapper name their tensor x (those with one take x as well as input)
  ["torch.special.bessel_y0(x=torch.tensor([0.25, 0.5, 2.0]))", () => S.besselY0({ x: xf() })],
  ["torch.special.airy_ai(x=torch.tensor([0.25, 0.5, 2.0]))", () => S.airyAi({ x: xf() })],
  ["torch.special.spherical_bessel_j0(input=torch.tensor([0.5]))", () => S.sphericalBesselJ0({ input: xf() })],
  [
    "torch.special.scaled_modified_bessel_k1(x=torch.tensor([0.25, 0.5, 2.0]), out=torch.empty(3))",
    () => S.scaledModifiedBesselK1({ x: xf(), out: torch.empty([3]) }),
  ],
  [
    "torch.special.shifted_chebyshev_polynomial_w(x=torch.tensor([0.25, 0.5, 2.0]), n=6)",
    () => S.shiftedChebyshevPolynomialW({ x: xf(), n: 6 }),
  ],
  [
    "torch.special.legendre_polynomial_p(torch.tensor([0.25, 0.5, 2.0]), n=3)",
    () => S.legendrePolynomialP(xf(), { n: 3 }),
  ],
  [
    "(lambda o: (torch.special.spherical_bessel_j0(torch.tensor([0.25, 0.5, 2.0]), out=o), o))(torch.empty(3, dtype=torch.float64))[1]",
    () => {
      const o = torch.empty([3], { dtype: "float64" });
      S.sphericalBesselJ0(xf(), { out: o });
      return o;
    },
  ],
  [
    "(lambda o: (torch.special.chebyshev_polynomial_t(torch.tensor([0.25, 0.5, 2.0]), 4, out=o), o))(torch.empty(3))[1]",
    () => {
      const o = torch.empty([3]);
      const r = S.chebyshevPolynomialT(xf(), 4, { out: o });
      assert.equal(r, o);
      return o;
    },
  ],
  // errors: an integer out, two numbers
  [
    "torch.special.bessel_j1(torch.tensor([0.5]), out=torch.empty(1, dtype=torch.int64))",
    () => S.besselJ1(torch.tensor([0.5]), { out: torch.empty([1], { dtype: "int64" }) }),
  ],
  [
    "torch.special.laguerre_polynomial_l(torch.tensor([0.5]), 2, out=torch.empty(1, dtype=torch.int64))",
    () => S.laguerrePolynomialL(torch.tensor([0.5]), 2, { out: torch.empty([1], { dtype: "int64" }) }),
  ],
  ["torch.special.chebyshev_polynomial_t(0.5, 2)", () => S.chebyshevPolynomialT(0.5, 2)],
  // no autograd: backward through a result finds no graph
  [
    "torch.special.bessel_j0(torch.tensor([0.5], requires_grad=True)).sum().backward()",
    () => S.besselJ0(torch.tensor([0.5], { requiresGrad: true })).sum().backward(),
  ],
  [
    "torch.special.hermite_polynomial_h(torch.tensor([0.5], requires_grad=True), 3).sum().backward()",
    () => S.hermitePolynomialH(torch.tensor([0.5], { requiresGrad: true }), 3).sum().backward(),
  ],
];

const results: OracleResult[] = await numpy([
  ...grids.map((g) => g.case),
  ...calls.map(([expr]): Case => ({ torch: true, expr })),
]);
const gridResults = results.slice(0, grids.length), callResults = results.slice(grids.length);

// ---------- comparisons ----------
const decode = (v: number | boolean | string): number =>
  v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number);

/** One unit in the last place of v in dtype (subnormals share the smallest normal's). */
function ulp(v: number, dtype: string): number {
  const [mant, minExp] = dtype === "float32" ? [23, -126] : [52, -1022];
  const a = Math.abs(v);
  return 2 ** ((a === 0 ? minExp : Math.max(Math.floor(Math.log2(a)), minExp)) - mant);
}

/** Our result against PyTorch's: same dtype and shape, the same non-finite values, finite ones within `maxUlps`. */
function ulpsOff(ours: T, want: Encoded, label: string, maxUlps: number): void {
  assert.ok("data" in want, `${label}: the oracle returned no tensor`);
  assert.equal(ours.dtype, want.dtype, `${label}: dtype`);
  assert.deepEqual(ours.shape, want.shape, `${label}: shape`);
  const got = ours.ravel().tolist() as number[];
  want.data.forEach((w, i) => {
    const e = decode(w as number | string), g = got[i];
    if (!Number.isFinite(e)) {
      assert.ok(Object.is(g, e) || (Number.isNaN(e) && Number.isNaN(g)), `${label}[${i}]: got ${g}, PyTorch ${e}`);
      return;
    }
    const u = Math.abs(g - e) / ulp(e, want.dtype);
    assert.ok(u <= maxUlps, `${label}[${i}]: got ${g}, PyTorch ${e} (${u} ulps)`);
  });
}

/**
 * The largest difference found, per grid: 0 ulps on this machine (the kernels run PyTorch's algorithms in the
 * tensor's type with its FMA contraction). The bound allows a different libm's last-bit differences.
 */
const MAX_ULPS = 4;

Deno.test("Bessel and Airy functions match PyTorch on every branch, float32 and float64", () => {
  let n = 0;
  grids.forEach((g, i) => {
    if (!(g.label.split(" ")[0] in BESSEL)) return;
    const r = gridResults[i];
    assert.ok("value" in r, `${g.label}: ${JSON.stringify(r)}`);
    ulpsOff(g.ours(), r.value, g.label, MAX_ULPS);
    n++;
  });
  assert.equal(n, 2 * 12 + 2);
});

Deno.test("orthogonal polynomials match PyTorch over x × n grids, float32 and float64", () => {
  let n = 0;
  grids.forEach((g, i) => {
    if (!(g.label.split(" ")[0] in POLY)) return;
    const r = gridResults[i];
    assert.ok("value" in r, `${g.label}: ${JSON.stringify(r)}`);
    ulpsOff(g.ours(), r.value, g.label, MAX_ULPS);
    n++;
  });
  assert.equal(n, 12 * 2 * 3 + 1);
});

Deno.test("polynomials at NaN x: NaN (PyTorch returns an uninitialized value there)", () => {
  // PyTorch's recurrences stop before their first step when q is already NaN and return the never-assigned r
  // (whatever the register held: a neighbouring element's value); dendrite returns NaN
  for (const k of Object.keys(POLY).filter((k) => !k.startsWith("hermite"))) {
    for (const dt of DTYPES) {
      const r = S[k](torch.tensor([NaN, NaN], { dtype: dt }), torch.tensor([2, 9], { dtype: dt })).tolist() as number[];
      assert.ok(r.every(Number.isNaN), `${k} ${dt}: ${r}`);
    }
  }
});

Deno.test("dtype promotion, call forms, out= and errors as PyTorch", () => {
  const failures = caseFailures(calls, callResults, { anyMessage: ["TypeError"] });
  assert.deepEqual(failures, []);
});

Deno.test("unknown options are TypeErrors naming them", () => {
  const x = torch.tensor([0.5]);
  assert.throws(() => S.besselJ0(x, { alpha: 1 }), (e: Error) => e instanceof TypeError && /'alpha'/.test(e.message));
  assert.throws(
    () => S.legendrePolynomialP(x, 2, { degree: 1 }),
    (e: Error) => e instanceof TypeError && /'degree'/.test(e.message),
  );
  assert.throws(() => S.hermitePolynomialH(x), TypeError);
});

Deno.test("no autograd: results of inputs that require grad do not require grad (PyTorch records no node)", () => {
  for (const dt of DTYPES) {
    const x = torch.tensor([0.3, 1.5], { dtype: dt, requiresGrad: true });
    const n = torch.tensor([2, 3], { dtype: dt, requiresGrad: true });
    for (const k of Object.keys(BESSEL)) {
      const r = S[k](x);
      assert.equal(r.requiresGrad, false, k);
      assert.equal(r.gradFn, null, k);
    }
    for (const k of Object.keys(POLY)) {
      for (const r of [S[k](x, n), S[k](x, 3), S[k](0.5, n)]) {
        assert.equal(r.requiresGrad, false, k);
        assert.equal(r.gradFn, null, k);
      }
    }
  }
});
