/**
 * nanToNum, divmod, heaviside, sinc, ldexp, frexp, gcd, lcm and nextafter
 * against NumPy 2.4 / PyTorch 2.13 on random inputs with NaN, ±inf and -0,
 * empty and broadcast shapes, every dtype; errors; torch gradients (the
 * registry test calls every form).
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";
import { build, buildT, checkRuns, type Input, rng, type Run } from "../helpers/oracle.ts";
import { DTYPES, f32, f64, i64, opRuns, tf } from "../helpers/op_runs.ts";

const INTS = ["uint8", "int32", "int64"];
// (-0 does not survive the oracle's JSON: it has a test of its own)
const SPECIAL = [NaN, Infinity, -Infinity, 0, 0.5, 5e-324];

const { input, unaryRuns, binaryRuns } = opRuns(SPECIAL);

Deno.test("np: nanToNum, sinc, frexp, heaviside, ldexp, gcd, lcm, nextafter, divmod on every dtype", async () => {
  await checkRuns([
    ...unaryRuns("nanToNum", "nan_to_num", "np"),
    ...unaryRuns("sinc", "sinc", "np"),
    // (bool and uint8 give NumPy's float16 mantissas, float32 here: not adapted inside the pair)
    ...unaryRuns("frexp", "frexp", "np", DTYPES.slice(2)),
    ...binaryRuns("heaviside", "heaviside", "np"),
    ...binaryRuns("ldexp", "ldexp", "np", DTYPES, ["bool", ...INTS, "float64"]),
    ...binaryRuns("gcd", "gcd", "np", ["bool", ...INTS, "float32"], ["bool", ...INTS]),
    ...binaryRuns("lcm", "lcm", "np", ["bool", ...INTS], ["bool", ...INTS, "float64"]),
    ...binaryRuns("nextafter", "nextafter", "np"),
    // (bool's floor_divide is NumPy's int8, which dendrite lacks)
    ...binaryRuns("divmod", "divmod", "np", DTYPES.slice(1), DTYPES.slice(1)),
  ]);
});

Deno.test("torch: nanToNum, sinc, frexp, heaviside, ldexp, gcd, lcm, nextafter on every dtype", async () => {
  await checkRuns([
    ...unaryRuns("nanToNum", "nan_to_num", "torch"),
    ...unaryRuns("sinc", "sinc", "torch"),
    ...unaryRuns("frexp", "frexp", "torch"),
    ...binaryRuns("heaviside", "heaviside", "torch"),
    ...binaryRuns("ldexp", "ldexp", "torch", DTYPES, ["bool", ...INTS, "float32"]),
    ...binaryRuns("gcd", "gcd", "torch"),
    ...binaryRuns("lcm", "lcm", "torch", DTYPES, ["int64"]),
    ...binaryRuns("nextafter", "nextafter", "torch"),
  ]);
});

const i32 = (data: number[]): Input => ({ data, dtype: "int32", shape: [data.length] });

Deno.test("np: options, scalars, out, dtype, extreme values and errors against NumPy", async () => {
  const x = f32([NaN, Infinity, -Infinity, 1]), e = i64([2 ** 40, -(2 ** 40), 3, -1100]);
  const big = i64([-4, 0, -(2 ** 40), 2 ** 40, 7]), big2 = i64([6, 0, 3, 3, -21]);
  const o64 = f64([0, 0, 0, 0]), o32 = f32([0, 0, 0, 0]);
  await checkRuns([
    {
      c: { expr: "np.nan_to_num(x, nan=1, posinf=1e300, neginf=-2)", inputs: { x } },
      ours: () => np.nanToNum(build(x), { nan: 1, posinf: 1e300, neginf: -2 }),
    },
    { c: { expr: "np.nan_to_num(x, True, 5.0)", inputs: { x } }, ours: () => np.nanToNum(build(x), true, 5) },
    {
      c: { expr: "(np.nan_to_num(x, copy=False), x)[1]", inputs: { x } },
      ours: () => {
        const a = build(x);
        assert.equal(np.nanToNum(a, { copy: false }), a);
        return a;
      },
    },
    { c: { expr: "np.nan_to_num(np.float64('nan'))" }, ours: () => np.nanToNum(NaN) },
    { c: { expr: "np.nan_to_num([1, 2])" }, ours: () => np.nanToNum([1, 2]) },
    { c: { expr: "np.ldexp(x, e)", inputs: { x, e } }, ours: () => np.ldexp(build(x), build(e)) },
    { c: { expr: "np.ldexp(np.float64(1e-300), 1100)" }, ours: () => np.ldexp(1e-300, 1100) },
    {
      c: { expr: "np.ldexp(5e-324, np.array([1074, 1075, -1]))" },
      ours: () => np.ldexp(5e-324, np.array([1074, 1075, -1])),
    },
    { c: { expr: "np.ldexp(2, 3)" }, ours: () => np.ldexp(2, 3) },
    { c: { expr: "np.ldexp(x, 2.5)", inputs: { x } }, ours: () => np.ldexp(build(x), 2.5) },
    { c: { expr: "np.ldexp(x, x)", inputs: { x } }, ours: () => np.ldexp(build(x), build(x)) },
    {
      c: { expr: "np.ldexp(e, 2, dtype='float32')", inputs: { e } },
      ours: () => np.ldexp(build(e), 2, { dtype: "float32" }),
    },
    {
      c: { expr: "np.ldexp(x, 2, dtype='int64')", inputs: { x } },
      ours: () => np.ldexp(build(x), 2, { dtype: "int64" }),
    },
    {
      c: { expr: "np.ldexp(x, 3, o64)", inputs: { x, o64 } },
      ours: () => {
        const o = build(o64);
        assert.equal(np.ldexp(build(x), 3, o), o);
        return o;
      },
    },
    { c: { expr: "np.ldexp(o64, 3, o32)", inputs: { o64, o32 } }, ours: () => np.ldexp(build(o64), 3, build(o32)) },
    { c: { expr: "np.gcd(big, big2)", inputs: { big, big2 } }, ours: () => np.gcd(build(big), build(big2)) },
    { c: { expr: "np.lcm(big, big2)", inputs: { big, big2 } }, ours: () => np.lcm(build(big), build(big2)) },
    { c: { expr: "np.gcd(big, 12)", inputs: { big } }, ours: () => np.gcd(build(big), 12) },
    { c: { expr: "np.lcm(12, 18)" }, ours: () => np.lcm(12, 18) },
    { c: { expr: "np.gcd(big, 1.5)", inputs: { big } }, ours: () => np.gcd(build(big), 1.5) },
    { c: { expr: "np.gcd(True, True)" }, ours: () => np.gcd(true, true) },
    {
      c: { expr: "np.gcd(big, big2, dtype='float64')", inputs: { big, big2 } },
      ours: () => np.gcd(build(big), build(big2), { dtype: "float64" }),
    },
    { c: { expr: "np.heaviside(x, 0.5)", inputs: { x } }, ours: () => np.heaviside(build(x), 0.5) },
    { c: { expr: "np.heaviside(big, 2)", inputs: { big } }, ours: () => np.heaviside(build(big), 2) },
    {
      c: { expr: "np.heaviside(x, 0.5, dtype='float64')", inputs: { x } },
      ours: () => np.heaviside(build(x), 0.5, { dtype: "float64" }),
    },
    {
      c: { expr: "np.heaviside(x, 0.5, dtype='int32')", inputs: { x } },
      ours: () => np.heaviside(build(x), 0.5, { dtype: "int32" }),
    },
    { c: { expr: "np.heaviside(0.0, -1)" }, ours: () => np.heaviside(0.0, -1) },
    { c: { expr: "np.nextafter(x, np.inf)", inputs: { x } }, ours: () => np.nextafter(build(x), Infinity) },
    { c: { expr: "np.nextafter(np.float64(0), -1)" }, ours: () => np.nextafter(0, -1) },
    {
      c: { expr: "np.nextafter(x, 1, dtype='float64')", inputs: { x } },
      ours: () => np.nextafter(build(x), 1, { dtype: "float64" }),
    },
    { c: { expr: "np.divmod(big, 7)", inputs: { big } }, ours: () => np.divmod(build(big), 7) },
    { c: { expr: "np.divmod(x, -2.5)", inputs: { x } }, ours: () => np.divmod(build(x), -2.5) },
    {
      c: { expr: "np.divmod(big, big2, dtype='float64')", inputs: { big, big2 } },
      ours: () => np.divmod(build(big), build(big2), { dtype: "float64" }),
    },
    { c: { expr: "np.divmod(7, -2)" }, ours: () => np.divmod(7, -2) },
    { c: { expr: "np.sinc(3)" }, ours: () => np.sinc(3) },
    { c: { expr: "np.sinc([0, 0.5, -1e-30])" }, ours: () => np.sinc([0, 0.5, -1e-30]) },
    { c: { expr: "np.frexp(1.5)" }, ours: () => np.frexp(1.5) },
    {
      c: { expr: "np.frexp(np.array([1, 2, 1000], dtype=np.int32))" },
      ours: () => np.frexp(np.array([1, 2, 1000], { dtype: "int32" })),
    },
  ]);
});

Deno.test("gcd/lcm wrap on overflow as NumPy's and PyTorch's (|INT64_MIN|, lcm's sign)", () => {
  // (values beyond 2^53 checked here: the oracle harness compares numbers)
  const x = [-4n, 0n, -(2n ** 63n), -(2n ** 62n), 7n], y = [6n, 0n, 0n, 3n, -21n];
  assert.deepEqual(np.gcd(np.array(x), np.array(y)).tolist(), [2, 0, -(2n ** 63n), 1, 7]);
  assert.deepEqual(np.lcm(np.array(x), np.array(y)).tolist(), [12, 0, 0, -(2n ** 62n), 21]);
  assert.deepEqual(torch.gcd(torch.tensor(x), torch.tensor(y)).tolist(), [2, 0, -(2n ** 63n), 1, 7]);
  assert.deepEqual(torch.lcm(torch.tensor(x), torch.tensor(y)).tolist(), [12, 0, 0, 2n ** 62n, 21]);
});

Deno.test("-0: sinc 1, frexp keeps it, heaviside takes x2, nanToNum keeps it, nextafter steps below", () => {
  const z = (v: unknown) => Object.is(v, -0);
  for (
    const [fe, m] of [["np", np.array([-0], { dtype: "float64" })], [
      "torch",
      torch.tensor([-0], { dtype: "float64" }),
    ]] as const
  ) {
    const mm = (fe === "np" ? np.frexp(m as np.NDArray) : torch.frexp(m as torch.Tensor))[0].tolist() as number[];
    assert.ok(z(mm[0]), fe);
    assert.deepEqual((fe === "np" ? np.sinc(m as np.NDArray) : torch.sinc(m as torch.Tensor)).tolist(), [1]);
    assert.ok(z((fe === "np" ? np.nanToNum(m as np.NDArray) : torch.nanToNum(m as torch.Tensor)).tolist()[0]));
  }
  assert.deepEqual(np.heaviside(np.array([-0], { dtype: "float64" }), 0.25).tolist(), [0.25]);
  assert.deepEqual(np.nextafter(np.array([-0], { dtype: "float64" }), -1).tolist(), [-5e-324]);
  assert.deepEqual(np.divmod(np.array([3], { dtype: "float64" }), np.array([-0], { dtype: "float64" }))[0].tolist(), [
    -Infinity,
  ]);
});

Deno.test("np: divmod and frexp write a pair of outs", () => {
  const q = np.zeros([3]), m = np.zeros([3]);
  const r = np.divmod(np.array([7, -7, 7.5]), 2, { out: [q, m] });
  assert.equal(r[0], q);
  assert.equal(r[1], m);
  assert.deepEqual([q.tolist(), m.tolist()], [[3, -4, 3], [1, 1, 1.5]]);
  const mm = np.zeros([2]), ee = np.zeros([2], { dtype: "int64" });
  np.frexp(np.array([8, 0.25]), { out: [mm, ee] });
  assert.deepEqual([mm.tolist(), ee.tolist()], [[0.5, 0.5], [4, -1]]);
  assert.throws(() => np.divmod(np.array([1]), 2, { out: [q] }), RangeError);
  assert.throws(() => np.divmod(np.array([1.5]), 2, { out: [np.zeros([1], { dtype: "int64" }), m] }), TypeError);
});

Deno.test("torch: options, out, in-place twins, promotion and errors against PyTorch", async () => {
  const x = f32([NaN, Infinity, -Infinity, 1, -0]), d = f64([NaN, 1, Infinity, -2, -0]);
  const a = i64([-4, 0, -(2 ** 40), 2 ** 40, 7]),
    c = i64([4, 6, 9, 10, -14]),
    b = i64([6, 0, 3, 3, -21]),
    n = i32([12, 18, 0, -5, 3]);
  const u: Input = { data: [12, 18, 0, 255, 3], dtype: "uint8", shape: [5] };
  const z: Input = { data: [0.5], dtype: "float32", shape: [] }, zi: Input = { data: [6], dtype: "int64", shape: [] };
  const T = (s: string) => ({ expr: s, torch: true });
  const r = (expr: string, inputs: Record<string, Input>, ours: () => unknown): Run => ({
    c: { ...T(expr), inputs },
    ours,
  });
  const o = (dtype: string) => torch.empty(5, { dtype });
  await checkRuns([
    r("torch.nan_to_num(x, 1.0, 1e300, -2.0)", { x }, () => torch.nanToNum(buildT(x), 1, 1e300, -2)),
    r("torch.nan_to_num(d, neginf=7.0)", { d }, () => torch.nanToNum(buildT(d), { neginf: 7 })),
    r("x.nan_to_num_(posinf=3.0)", { x }, () => buildT(x).nanToNum_({ posinf: 3 })),
    r("a.nan_to_num_()", { a }, () => buildT(a).nanToNum_()),
    r(
      "torch.nan_to_num(x, out=torch.empty(5, dtype=torch.float64))",
      { x },
      () => torch.nanToNum(buildT(x), { out: o("float64") }),
    ),
    r("torch.nan_to_num(x, out=torch.empty(5))", { x }, () => torch.nanToNum(buildT(x), { out: o("float32") })),
    r("torch.heaviside(x, z)", { x, z }, () => torch.heaviside(buildT(x), buildT(z))),
    r("x.heaviside_(z)", { x, z }, () => buildT(x).heaviside_(buildT(z))),
    r("torch.heaviside(a, zi)", { a, zi }, () => torch.heaviside(buildT(a), buildT(zi))),
    r("torch.heaviside(x, d)", { x, d }, () => torch.heaviside(buildT(x), buildT(d))),
    r(
      "torch.heaviside(x, z, out=torch.empty(5, dtype=torch.float64))",
      { x, z },
      () => torch.heaviside(buildT(x), buildT(z), { out: o("float64") }),
    ),
    r("torch.sinc(a)", { a }, () => torch.sinc(buildT(a))),
    r("a.sinc_()", { a }, () => buildT(a).sinc_()),
    r("x.sinc_()", { x }, () => buildT(x).sinc_()),
    r(
      "torch.sinc(x, out=torch.empty(5, dtype=torch.float64))",
      { x },
      () => torch.sinc(buildT(x), { out: o("float64") }),
    ),
    r("torch.sinc(a, out=torch.empty(5, dtype=torch.int64))", { a }, () => torch.sinc(buildT(a), { out: o("int64") })),
    r("torch.ldexp(x, a)", { x, a }, () => torch.ldexp(buildT(x), buildT(a))),
    r("torch.ldexp(a, b)", { a, b }, () => torch.ldexp(buildT(a), buildT(b))),
    r("torch.ldexp(x, d)", { x, d }, () => torch.ldexp(buildT(x), buildT(d))),
    r("x.ldexp_(b)", { x, b }, () => buildT(x).ldexp_(buildT(b))),
    r("a.ldexp_(b)", { a, b }, () => buildT(a).ldexp_(buildT(b))),
    r(
      "torch.ldexp(a, b, out=torch.empty(5, dtype=torch.int64))",
      { a, b },
      () => torch.ldexp(buildT(a), buildT(b), { out: o("int64") }),
    ),
    r("torch.frexp(d)", { d }, () => torch.frexp(buildT(d))),
    r("d.frexp()", { d }, () => buildT(d).frexp()),
    r(
      "torch.frexp(x, out=(torch.empty(5), torch.empty(5, dtype=torch.int32)))",
      { x },
      () => torch.frexp(buildT(x), { out: [o("float32"), o("int32")] }),
    ),
    r(
      "torch.frexp(x, out=(torch.empty(5, dtype=torch.float64), torch.empty(5, dtype=torch.int32)))",
      { x },
      () => torch.frexp(buildT(x), { out: [o("float64"), o("int32")] }),
    ),
    r(
      "torch.frexp(x, out=(torch.empty(5), torch.empty(5, dtype=torch.int64)))",
      { x },
      () => torch.frexp(buildT(x), { out: [o("float32"), o("int64")] }),
    ),
    r("torch.gcd(a, b)", { a, b }, () => torch.gcd(buildT(a), buildT(b))),
    r("torch.lcm(a, b)", { a, b }, () => torch.lcm(buildT(a), buildT(b))),
    r("torch.gcd(u, zi)", { u, zi }, () => torch.gcd(buildT(u), buildT(zi))),
    r("torch.lcm(n, u)", { n, u }, () => torch.lcm(buildT(n), buildT(u))),
    r("a.gcd_(b)", { a, b }, () => buildT(a).gcd_(buildT(b))),
    r("n.lcm_(c)", { n, c }, () => buildT(n).lcm_(buildT(c))),
    r("torch.gcd(a, b, out=torch.empty(5))", { a, b }, () => torch.gcd(buildT(a), buildT(b), { out: o("float32") })),
    r(
      "torch.gcd(a, b, out=torch.empty(5, dtype=torch.uint8))",
      { a, b },
      () => torch.gcd(buildT(a), buildT(b), { out: o("uint8") }),
    ),
    r("torch.nextafter(x, z)", { x, z }, () => torch.nextafter(buildT(x), buildT(z))),
    r("torch.nextafter(x, d)", { x, d }, () => torch.nextafter(buildT(x), buildT(d))),
    r("x.nextafter_(d)", { x, d }, () => buildT(x).nextafter_(buildT(d))),
    r("torch.nextafter(a, b)", { a, b }, () => torch.nextafter(buildT(a), buildT(b))),
  ]);
});

Deno.test("torch: scalar operands where PyTorch takes tensors only are TypeErrors", () => {
  const t = torch.tensor([4, 6]);
  for (const f of ["gcd", "lcm", "ldexp", "nextafter", "heaviside"]) {
    assert.throws(() => tf[f](t as never, 2 as never), TypeError, f);
  }
});

Deno.test("torch gradients: nanToNum, sinc, frexp, ldexp, nextafter (gradcheck); heaviside has none", () => {
  const p = (data: number[]) => torch.tensor(data, { dtype: "float64", requiresGrad: true });
  assert.ok(torch.autograd.gradcheck((x) => torch.sinc(x), [p([0.3, -1.7, 2.5, 0.01])]));
  assert.ok(torch.autograd.gradcheck((x) => torch.nanToNum(x), [p([0.3, -1.7, 2.5])]));
  assert.ok(torch.autograd.gradcheck((x) => torch.frexp(x)[0], [p([0.3, -1.7, 2.6, 100.5])]));
  assert.ok(
    torch.autograd.gradcheck((x, e) => torch.ldexp(x, e), [p([0.3, -1.7, 2.5]), p([1.5, -2, 0.25])]),
  );
  assert.ok(torch.autograd.gradcheck((x, y) => torch.nextafter(x, y), [p([0.3, -1.7]), p([1, 2])], { atol: 1e-4 }));
  // the gradients PyTorch gives at the special points: sinc'(0) = 0, nan_to_num's replaced values 0
  const x = p([0, NaN, Infinity, 2]);
  torch.nanToNum(x).sum().backward();
  assert.deepEqual(x.grad!.tolist(), [1, 0, 0, 1]);
  const s = p([0, 1]);
  torch.sinc(s).sum().backward();
  assert.deepEqual((s.grad!.tolist() as number[]).map((v) => Math.round(v * 1e12) / 1e12), [0, -1]);
  const y = p([1, 2]), q = p([3, 0]);
  torch.nextafter(y, q).sum().backward();
  assert.deepEqual([y.grad!.tolist(), q.grad!.tolist()], [[1, 1], [0, 0]]);
  assert.equal(torch.sinc(p([1])).gradFn?.name, "SincBackward0");
  assert.equal(torch.frexp(p([1]))[0].gradFn?.name, "FrexpBackward0");
  assert.equal(torch.frexp(p([1]))[1].requiresGrad, false);
  assert.throws(
    () => torch.heaviside(p([1, -1]), torch.tensor(0.5, { dtype: "float64" })).sum().backward(),
    /heaviside/,
  );
});

Deno.test("torch: cummax, cummin, logcumsumexp on every dtype, dims, 0-d, empty, out and errors", async () => {
  const r = rng(99);
  const runs: Run[] = [];
  const shapes: [number[], number][] = [
    [[3, 5], 1],
    [[3, 5], 0],
    [[4, 2], -1],
    [[], 0],
    [[], -1],
    [[2, 0], 1],
    [
      [0, 3],
      0,
    ],
    [[5], 0],
    [[5], 1],
    [[2, 3], -3],
  ];
  for (const dt of DTYPES) {
    for (const [s, dim] of shapes) {
      const x = input(r, dt, s);
      // ties: small integers repeat, so the index rule is exercised
      if (!dt.startsWith("float") && dt !== "bool") x.data = x.data.map((v) => Number(v) % 4);
      for (const op of ["cummax", "cummin", "logcumsumexp"]) {
        runs.push({
          c: { expr: `torch.${op}(x, ${dim})`, inputs: { x }, torch: true },
          ours: () => tf[op](buildT(x) as never, dim as never),
        });
      }
    }
  }
  const x = f32([1, NaN, 3, Infinity, -Infinity]), o = (dtype: string) => torch.empty(5, { dtype });
  const T = (expr: string, ours: () => unknown): Run => ({ c: { expr, inputs: { x }, torch: true }, ours });
  runs.push(
    T("x.cummax(dim=0)", () => buildT(x).cummax({ dim: 0 })),
    T("x.logcumsumexp(0)", () => buildT(x).logcumsumexp(0)),
    T("torch.logcumsumexp(x, 0, out=torch.empty(5))", () => torch.logcumsumexp(buildT(x), 0, { out: o("float32") })),
    T(
      "torch.logcumsumexp(x, 0, out=torch.empty(5, dtype=torch.float64))",
      () => torch.logcumsumexp(buildT(x), 0, { out: o("float64") }),
    ),
    T(
      "torch.cummin(x, 0, out=(torch.empty(5), torch.empty(5, dtype=torch.int64)))",
      () => torch.cummin(buildT(x), 0, { out: [o("float32"), o("int64")] }),
    ),
    T(
      "torch.cummin(x, 0, out=(torch.empty(5, dtype=torch.float64), torch.empty(5, dtype=torch.int64)))",
      () => torch.cummin(buildT(x), 0, { out: [o("float64"), o("int64")] }),
    ),
    T(
      "torch.cummax(x, 0, out=(torch.empty(5), torch.empty(5, dtype=torch.int32)))",
      () => torch.cummax(buildT(x), 0, { out: [o("float32"), o("int32")] }),
    ),
    T(
      "torch.logcumsumexp(torch.tensor([1e30, -1e30, 3.0]), 0)",
      () => torch.logcumsumexp(torch.tensor([1e30, -1e30, 3]), 0),
    ),
  );
  await checkRuns(runs);
});

Deno.test("torch gradients: cummax, cummin, logcumsumexp (gradcheck, double backward, node names)", () => {
  const x = torch.tensor([[0.3, -1.2, 2.0, 0.1], [1.0, 1.4, 0.5, 3.0]], { dtype: "float64", requiresGrad: true });
  const gc = torch.autograd.gradcheck;
  assert.ok(gc((t) => torch.logcumsumexp(t, 1), [x]));
  assert.ok(gc((t) => torch.logcumsumexp(t, 0), [x]));
  assert.ok(gc((t) => torch.cummax(t, 1)[0], [x]));
  assert.ok(gc((t) => torch.cummin(t, 0)[0], [x]));
  // second order: the vjp is itself differentiable (PyTorch's numbers)
  const [g1] = torch.autograd.grad([torch.logcumsumexp(x, 1).pow(2).sum()], [x], { createGraph: true });
  g1!.sum().backward();
  const want = [
    [4.199892452586832, 0.4908623552550219, 3.091376209912187, 0.21786898224595813],
    [3.6388332573249382, 2.4448519285932346, 0.5071861401986687, 1.4091286738831585],
  ];
  (x.grad!.tolist() as number[][]).flat().forEach((v, i) => assert.ok(Math.abs(v - want.flat()[i]) < 1e-12, `${i}`));
  assert.equal(torch.logcumsumexp(x, 1).gradFn?.name, "LogcumsumexpBackward0");
  assert.equal(torch.cummax(x, 1)[0].gradFn?.name, "CummaxBackward0");
  assert.equal(torch.cummin(x, 1)[0].gradFn?.name, "CumminBackward0");
  assert.equal(torch.cummin(x, 1)[1].requiresGrad, false);
  // ties: each output's gradient goes to the index it last moved to (indices [0, 0, 2, 3]), as PyTorch's
  const t = torch.tensor([2, 1, 2, 2], { dtype: "float64", requiresGrad: true });
  torch.cummax(t, 0)[0].sum().backward();
  assert.deepEqual(t.grad!.tolist(), [2, 0, 1, 1]);
  const e = torch.zeros([2, 0], { dtype: "float64", requiresGrad: true });
  torch.logcumsumexp(e, 1).sum().backward();
  assert.deepEqual(e.grad!.shape, [2, 0]);
});
