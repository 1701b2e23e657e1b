/**
 * deg2rad / rad2deg (radians / degrees), floatPower, fabs, isposinf /
 * isneginf, modf, logaddexp2 and torch's clampMin / clampMax, sgn, logit and
 * xlogy against NumPy 2.4 / PyTorch 2.13 on inputs with NaN, ±inf and 0 in
 * every dtype and broadcast / empty / 0-d shapes; errors; torch gradients
 * (the registry test calls every form).
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";
import { build, buildT, checkRuns, type Input, type Run } from "../helpers/oracle.ts";
import { DTYPES, f32, f64, i64, npCase, opRuns, tCase } from "../helpers/op_runs.ts";

const FLOATS = ["float32", "float64"];
const SPECIAL = [NaN, Infinity, -Infinity, 0, 0.5, 1];

const { unaryRuns, binaryRuns } = opRuns(SPECIAL);

// (bool and uint8 give NumPy's float16 in its float-only ufuncs, float32 here: left out of np's dtypes)
const NP_DTYPES = DTYPES.slice(2);

Deno.test("np: deg2rad, rad2deg, radians, degrees, fabs, isposinf, isneginf, modf, floatPower, logaddexp2", async () => {
  await checkRuns([
    ...["deg2rad", "rad2deg", "radians", "degrees", "fabs", "modf"].flatMap((f) => unaryRuns(f, f, "np", NP_DTYPES)),
    ...unaryRuns("isposinf", "isposinf", "np"),
    ...unaryRuns("isneginf", "isneginf", "np"),
    ...binaryRuns("floatPower", "float_power", "np"),
    ...binaryRuns("logaddexp2", "logaddexp2", "np", NP_DTYPES, NP_DTYPES),
  ]);
});

Deno.test("torch: deg2rad, rad2deg, floatPower, isposinf, isneginf, logaddexp2, sgn, logit, xlogy, clamps", async () => {
  await checkRuns([
    ...["deg2rad", "rad2deg", "isposinf", "isneginf", "sgn", "logit"].flatMap((f) => unaryRuns(f, f, "torch")),
    ...unaryRuns("logit", "logit", "torch", FLOATS, ["0.25", 0.25]),
    ...unaryRuns("clampMin", "clamp_min", "torch", DTYPES.slice(1), ["0.5", 0.5]),
    ...unaryRuns("clampMax", "clamp_max", "torch", DTYPES.slice(1), ["2", 2]),
    ...binaryRuns("floatPower", "float_power", "torch"),
    ...binaryRuns("logaddexp2", "logaddexp2", "torch"),
    ...binaryRuns("xlogy", "xlogy", "torch"),
    ...binaryRuns("clampMin", "clamp_min", "torch"),
    ...binaryRuns("clampMax", "clamp_max", "torch"),
  ]);
});

Deno.test("np: out, dtype, scalars and errors against NumPy", async () => {
  const x = f32([-2, -0.5, Infinity, -Infinity, NaN, 3.25]), n = i64([1, -2, 0]);
  const o = (d: number) => ({ data: new Array(d).fill(0), dtype: "float64", shape: [d] });
  await checkRuns([
    { c: { expr: "np.modf(x)", inputs: { x } }, ours: () => np.modf(build(x)) },
    {
      c: { expr: "np.modf(x, out=(a, b))", inputs: { x, a: o(6), b: o(6) } },
      ours: () => np.modf(build(x), { out: [build(o(6)), build(o(6))] }),
    },
    { c: { expr: "np.modf(n, dtype='float32')", inputs: { n } }, ours: () => np.modf(build(n), { dtype: "float32" }) },
    { c: { expr: "np.modf(n, dtype='int64')", inputs: { n } }, ours: () => np.modf(build(n), { dtype: "int64" }) },
    { c: { expr: "np.deg2rad(x, o)", inputs: { x, o: o(6) } }, ours: () => np.deg2rad(build(x), build(o(6))) },
    {
      c: { expr: "np.deg2rad(n, dtype='float32')", inputs: { n } },
      ours: () => np.deg2rad(build(n), { dtype: "float32" }),
    },
    {
      c: { expr: "np.rad2deg(n, dtype='int64')", inputs: { n } },
      ours: () => np.rad2deg(build(n), { dtype: "int64" }),
    },
    { c: { expr: "np.fabs(n)", inputs: { n } }, ours: () => np.fabs(build(n)) },
    { c: { expr: "np.float_power(2, 3)" }, ours: () => np.floatPower(2, 3) },
    { c: { expr: "np.float_power(x, 2)", inputs: { x } }, ours: () => np.floatPower(build(x), 2) },
    { c: { expr: "np.float_power(n, -1)", inputs: { n } }, ours: () => np.floatPower(build(n), -1) },
    {
      c: { expr: "np.float_power(x, 2, dtype='float32')", inputs: { x } },
      ours: () => np.floatPower(build(x), 2, { dtype: "float32" }),
    },
    { c: { expr: "np.logaddexp2(x, 1)", inputs: { x } }, ours: () => np.logaddexp2(build(x), 1) },
    { c: { expr: "np.logaddexp2(1000.0, 1000.0)" }, ours: () => np.logaddexp2(1000, 1000) },
    { c: { expr: "np.logaddexp2(x, x)", inputs: { x } }, ours: () => np.logaddexp2(build(x), build(x)) },
    {
      c: { expr: "np.isposinf(x, np.zeros(6, bool))", inputs: { x } },
      ours: () => np.isposinf(build(x), np.zeros([6], { dtype: "bool" })),
    },
    { c: { expr: "np.isneginf(x, o)", inputs: { x, o: o(6) } }, ours: () => np.isneginf(build(x), build(o(6))) },
  ]);
  // -0 does not survive the oracle's JSON
  const [frac, whole] = np.modf(np.array([-2, -Infinity, -0.0]));
  assert.ok([...frac.tolist() as number[], ...(whole.tolist() as number[]).slice(2)].every((v) => Object.is(v, -0)));
});

Deno.test("torch: out, in place, scalars and errors against PyTorch", async () => {
  const x = f32([0, 0.25, 1, -1, NaN, Infinity]), d = f64([0, 2, NaN, 0.5, 1, Infinity]);
  const n = i64([0, 1, 2, 3, 0, 5]);
  const e = (dtype: string) => ({ data: new Array(6).fill(0), dtype, shape: [6] });
  const r = (expr: string, inputs: Record<string, Input>, ours: () => unknown): Run => ({
    c: { expr, inputs, torch: true },
    ours,
  });
  await checkRuns([
    r("torch.xlogy(x, d)", { x, d }, () => torch.xlogy(buildT(x), buildT(d))),
    r("torch.xlogy(0, d)", { d }, () => torch.xlogy(0, buildT(d))),
    r("torch.xlogy(2, n)", { n }, () => torch.xlogy(2, buildT(n))),
    r("torch.xlogy(x, float('nan'))", { x }, () => torch.xlogy(buildT(x), NaN)),
    r("torch.xlogy(n, 2.5)", { n }, () => torch.xlogy(buildT(n), 2.5)),
    r("x.xlogy_(d)", { x, d }, () => buildT(x).xlogy_(buildT(d))),
    r("n.xlogy_(d)", { n, d }, () => buildT(n).xlogy_(buildT(d))),
    r(
      "torch.xlogy(x, x, out=o)",
      { x, o: e("int64") },
      () => torch.xlogy(buildT(x), buildT(x), { out: buildT(e("int64")) }),
    ),
    r("torch.logit(x, 0.1)", { x }, () => torch.logit(buildT(x), 0.1)),
    r(
      "torch.logit(x, eps=0.1, out=o)",
      { x, o: e("float64") },
      () => torch.logit(buildT(x), { eps: 0.1, out: buildT(e("float64")) }),
    ),
    r("n.logit_()", { n }, () => buildT(n).logit_()),
    r("n.deg2rad_()", { n }, () => buildT(n).deg2rad_()),
    r("x.rad2deg_()", { x }, () => buildT(x).rad2deg_()),
    r("torch.deg2rad(x, out=o)", { x, o: e("int64") }, () => torch.deg2rad(buildT(x), { out: buildT(e("int64")) })),
    r("torch.float_power(2, n)", { n }, () => torch.floatPower(2, buildT(n))),
    r("torch.float_power(x, 2)", { x }, () => torch.floatPower(buildT(x), 2)),
    r("d.float_power_(x)", { d, x }, () => buildT(d).floatPower_(buildT(x))),
    r("x.float_power_(2)", { x }, () => buildT(x).floatPower_(2)),
    r(
      "torch.float_power(x, 2, out=o)",
      { x, o: e("float32") },
      () => torch.floatPower(buildT(x), 2, { out: buildT(e("float32")) }),
    ),
    r(
      "torch.isposinf(x, out=o)",
      { x, o: e("float32") },
      () => torch.isposinf(buildT(x), { out: buildT(e("float32")) }),
    ),
    r("torch.logaddexp2(n, n)", { n }, () => torch.logaddexp2(buildT(n), buildT(n))),
    r(
      "torch.logaddexp2(x, d, out=o)",
      { x, d, o: e("float64") },
      () => torch.logaddexp2(buildT(x), buildT(d), { out: buildT(e("float64")) }),
    ),
    r("torch.sgn(x, out=o)", { x, o: e("float64") }, () => torch.sgn(buildT(x), { out: buildT(e("float64")) })),
    r("n.clamp_min_(1.5)", { n }, () => buildT(n).clampMin_(1.5)),
    r("n.clamp_max_(2)", { n }, () => buildT(n).clampMax_(2)),
    r("torch.clamp_min(n > 0, 1)", { n }, () => torch.clampMin(buildT(n).gt(0), 1)),
    r("torch.clamp_min(n > 0, True)", { n }, () => torch.clampMin(buildT(n).gt(0), true)),
    r("torch.clamp_max(n > 0, n > 1)", { n }, () => torch.clampMax(buildT(n).gt(0), buildT(n).gt(1))),
    r(
      "torch.clamp_min(x, 0.5, out=o)",
      { x, o: e("float64") },
      () => torch.clampMin(buildT(x), 0.5, { out: buildT(e("float64")) }),
    ),
  ]);
  assert.throws(() => torch.floatPower(2, 3 as never), TypeError);
  assert.throws(() => torch.xlogy(2, 3 as never), TypeError);
  assert.throws(() => torch.logaddexp2(torch.tensor([1]), 2 as never), TypeError);
});

Deno.test("torch gradients: the composites' gradients are PyTorch's", () => {
  const p = (data: number[]) => torch.tensor(data, { dtype: "float64", requiresGrad: true });
  const ok = (f: (...t: torch.Tensor[]) => torch.Tensor, ...xs: torch.Tensor[]) =>
    assert.ok(torch.autograd.gradcheck(f, xs));
  ok((x) => torch.deg2rad(x), p([0.3, -1.7]));
  ok((x) => torch.rad2deg(x), p([0.3, -1.7]));
  ok((x, y) => torch.floatPower(x, y), p([0.3, 1.7]), p([1.5, -2]));
  ok((x, y) => torch.logaddexp2(x, y), p([0.3, -1.7, 2]), p([1.5, -2, 2.5]));
  ok((x) => torch.logit(x), p([0.3, 0.7, 0.01]));
  ok((x) => torch.logit(x, 0.1), p([0.3, 0.7, 0.01]));
  ok((x, y) => torch.xlogy(x, y), p([0.3, -1.7, 2]), p([1.5, 2, 0.5]));
  ok((x, y) => torch.clampMin(x, y), p([0.3, -1.7]), p([1.5, -2]));
  ok((x) => torch.clampMax(x, 0.5), p([0.3, -1.7, 2]));
  // at the special points, PyTorch's: logaddexp2 of equal inputs splits 1/2, 1/2; xlogy at input 0 gives log(other)
  // (0 where other <= 0) and d/dother NaN at other 0; logit's clamped values 0; clamp_min's ties go to input
  const a = p([1, 0, 0]), b = p([1, 2, 0]);
  torch.logaddexp2(a.narrow(0, 0, 1), b.narrow(0, 0, 1)).sum().backward();
  assert.deepEqual([a.grad!.tolist(), b.grad!.tolist()], [[0.5, 0, 0], [0.5, 0, 0]]);
  const u = p([0, 0, 2]), v = p([2, 0, 1]);
  torch.xlogy(u, v).sum().backward();
  assert.deepEqual(u.grad!.tolist(), [Math.log(2), 0, 0]);
  assert.ok(Number.isNaN((v.grad!.tolist() as number[])[1]));
  assert.equal((v.grad!.tolist() as number[])[2], 2);
  const w = p([0.05, 0.5, 0.95]);
  torch.logit(w, 0.1).sum().backward();
  assert.deepEqual(w.grad!.tolist(), [0, 4, 0]);
  const m = p([1, 2]), lo = p([1, 1]);
  torch.clampMin(m, lo).sum().backward();
  assert.deepEqual([m.grad!.tolist(), lo.grad!.tolist()], [[1, 1], [0, 0]]);
});

Deno.test("trapezoid, trapz, cumulativeTrapezoid against NumPy / PyTorch", async () => {
  const y = { data: [1, 2, 3, 4, 5, 7], dtype: "int64", shape: [2, 3] };
  const yf = { data: [0.5, -2, 3, NaN, 5, 7.5], dtype: "float32", shape: [2, 3] };
  const yb = { data: [true, false, true], dtype: "bool", shape: [3] };
  const x1 = f64([1, 2, 4]), x2 = { data: [0, 1, 3, 0, 2, 2.5], dtype: "float64", shape: [2, 3] };
  const xc = f64([0, 1]), e = { data: [], dtype: "float32", shape: [2, 0] };
  const n = npCase, t = tCase;
  await checkRuns([
    n("np.trapezoid(y)", { y }, () => np.trapezoid(build(y))),
    n("np.trapezoid(y, dx=2, axis=0)", { y }, () => np.trapezoid(build(y), { dx: 2, axis: 0 })),
    n("np.trapezoid(yf, x1)", { yf, x1 }, () => np.trapezoid(build(yf), build(x1))),
    n("np.trapezoid(yf, x2)", { yf, x2 }, () => np.trapezoid(build(yf), build(x2))),
    n("np.trapezoid(y, xc, axis=0)", { y, xc }, () => np.trapezoid(build(y), build(xc), { axis: 0 })),
    n("np.trapezoid(y, x1, axis=0)", { y, x1 }, () => np.trapezoid(build(y), build(x1), { axis: 0 })),
    n("np.trapezoid(yb)", { yb }, () => np.trapezoid(build(yb))),
    n("np.trapezoid(e)", { e }, () => np.trapezoid(build(e))),
    n("np.trapezoid(y, axis=2)", { y }, () => np.trapezoid(build(y), { axis: 2 })),
    t("torch.trapezoid(y)", { y }, () => torch.trapezoid(buildT(y))),
    t("torch.trapz(y, dx=2, dim=0)", { y }, () => torch.trapz(buildT(y), { dx: 2, dim: 0 })),
    t("torch.trapezoid(yf, x1)", { yf, x1 }, () => torch.trapezoid(buildT(yf), buildT(x1))),
    t("torch.trapezoid(yf, x2)", { yf, x2 }, () => torch.trapezoid(buildT(yf), buildT(x2))),
    t("torch.trapezoid(y, xc, dim=0)", { y, xc }, () => torch.trapezoid(buildT(y), buildT(xc), { dim: 0 })),
    t("torch.trapezoid(y, x1, dim=0)", { y, x1 }, () => torch.trapezoid(buildT(y), buildT(x1), { dim: 0 })),
    t("torch.trapezoid(yb)", { yb }, () => torch.trapezoid(buildT(yb))),
    t("torch.trapezoid(e)", { e }, () => torch.trapezoid(buildT(e))),
    t("torch.trapezoid(torch.tensor(3.0))", {}, () => torch.trapezoid(torch.tensor(3))),
    t("torch.cumulative_trapezoid(y)", { y }, () => torch.cumulativeTrapezoid(buildT(y))),
    t(
      "torch.cumulative_trapezoid(y, dx=2, dim=0)",
      { y },
      () => torch.cumulativeTrapezoid(buildT(y), { dx: 2, dim: 0 }),
    ),
    t("torch.cumulative_trapezoid(yf, x2)", { yf, x2 }, () => torch.cumulativeTrapezoid(buildT(yf), buildT(x2))),
    t("torch.cumulative_trapezoid(yf, x1)", { yf, x1 }, () => torch.cumulativeTrapezoid(buildT(yf), buildT(x1))),
    t("torch.cumulative_trapezoid(y, xc)", { y, xc }, () => torch.cumulativeTrapezoid(buildT(y), buildT(xc))),
    t("torch.cumulative_trapezoid(e)", { e }, () => torch.cumulativeTrapezoid(buildT(e))),
    t("torch.cumulative_trapezoid(yb)", { yb }, () => torch.cumulativeTrapezoid(buildT(yb))),
  ]);
  const p = (data: number[]) => torch.tensor(data, { dtype: "float64", requiresGrad: true });
  assert.ok(torch.autograd.gradcheck((a, b) => torch.trapezoid(a, b), [p([0.3, -1.7, 2]), p([0, 1.5, 2])]));
  assert.ok(torch.autograd.gradcheck((a) => torch.trapezoid(a, { dx: 0.5 }), [p([0.3, -1.7, 2])]));
  assert.ok(torch.autograd.gradcheck((a, b) => torch.cumulativeTrapezoid(a, b), [p([0.3, -1.7, 2]), p([0, 1.5, 2])]));
});

Deno.test("np.polyval, np.convolve, np.correlate against NumPy", async () => {
  const p = i64([3, 0, -2]), pf = f64([0.5, NaN, 2]), x = f32([-1.5, 0, 2, Infinity]);
  const a = f64([1, 2, 3, 4, 5]), v = i64([1, -2, 4]), b = { data: [true, false, true], dtype: "bool", shape: [3] };
  const u = { data: [200, 100], dtype: "uint8", shape: [2] }, w = i64([2]);
  const e = f64([]), m = { data: [1, 2, 3, 4], dtype: "float64", shape: [2, 2] };
  const n = (expr: string, inputs: Record<string, Input>, ours: () => unknown): Run => ({ c: { expr, inputs }, ours });
  await checkRuns([
    n("np.polyval(p, x)", { p, x }, () => np.polyval(build(p), build(x))),
    n("np.polyval(pf, x)", { pf, x }, () => np.polyval(build(pf), build(x))),
    n("np.polyval(p, v)", { p, v }, () => np.polyval(build(p), build(v))),
    n("np.polyval(e, x)", { e, x }, () => np.polyval(build(e), build(x))),
    n("np.polyval(m, a[:2])", { m, a }, () => np.polyval(build(m), build(f64([1, 2])))),
    n("np.polyval([1, 2], 3)", {}, () => np.polyval([1, 2], 3)),
    ...["valid", "same", "full"].flatMap((mode) => [
      n(`np.correlate(a, v, '${mode}')`, { a, v }, () => np.correlate(build(a), build(v), mode)),
      n(`np.correlate(v, a, '${mode}')`, { a, v }, () => np.correlate(build(v), build(a), mode)),
      n(`np.convolve(a, v, '${mode}')`, { a, v }, () => np.convolve(build(a), build(v), mode)),
      n(`np.convolve(v, a, mode='${mode}')`, { a, v }, () => np.convolve(build(v), build(a), { mode })),
      n(
        `np.correlate(a[:4], a[:2], '${mode}')`,
        { a },
        () => np.correlate(build(f64([1, 2, 3, 4])), build(f64([1, 2])), mode),
      ),
      n(`np.convolve(b, b, '${mode}')`, { b }, () => np.convolve(build(b), build(b), mode)),
      n(`np.convolve(u, u, '${mode}')`, { u }, () => np.convolve(build(u), build(u), mode)),
    ]),
    n("np.correlate(a, w)", { a, w }, () => np.correlate(build(a), build(w))),
    n("np.convolve(a, 2)", { a }, () => np.convolve(build(a), 2)),
    n("np.convolve(e, a)", { e, a }, () => np.convolve(build(e), build(a))),
    n("np.convolve(a, e)", { e, a }, () => np.convolve(build(a), build(e))),
    n("np.correlate(a, e)", { e, a }, () => np.correlate(build(a), build(e))),
    n("np.correlate(e, a)", { e, a }, () => np.correlate(build(e), build(a))),
    n("np.correlate(m, a)", { m, a }, () => np.correlate(build(m), build(a))),
    n("np.correlate(a, v, 'bad')", { a, v }, () => np.correlate(build(a), build(v), "bad")),
  ]);
});

Deno.test("np.interp against NumPy", async () => {
  const x = { data: [-1, 0, 0.5, 1, 2.5, 3.9, 4, 7, NaN, -Infinity, Infinity, 2], dtype: "float32", shape: [3, 4] };
  const xp = f64([0, 1, 2.5, 4]), fp = f64([1, -1, Infinity, 0.5]), fi = i64([3, 3, 3, -2]);
  const one = f64([2]), fone = f64([5]), dup = f64([0, 1, 1, 4]), xi = i64([0, 1, 2, 3, 4, 5]);
  const n = (expr: string, inputs: Record<string, Input>, ours: () => unknown): Run => ({ c: { expr, inputs }, ours });
  const b = (v: Input) => build(v);
  await checkRuns([
    n("np.interp(x, xp, fp)", { x, xp, fp }, () => np.interp(b(x), b(xp), b(fp))),
    n("np.interp(x, xp, fi, -5, 9)", { x, xp, fi }, () => np.interp(b(x), b(xp), b(fi), -5, 9)),
    n("np.interp(x, xp, fi, right=9)", { x, xp, fi }, () => np.interp(b(x), b(xp), b(fi), { right: 9 })),
    n("np.interp(x, xp, fi, period=3)", { x, xp, fi }, () => np.interp(b(x), b(xp), b(fi), { period: 3 })),
    n("np.interp(xi, xp, fi, period=-2.5)", { xi, xp, fi }, () => np.interp(b(xi), b(xp), b(fi), { period: -2.5 })),
    n("np.interp(x, one, fone)", { x, one, fone }, () => np.interp(b(x), b(one), b(fone))),
    n("np.interp(x, dup, fi)", { x, dup, fi }, () => np.interp(b(x), b(dup), b(fi))),
    n("np.interp(2.0, xp, fp)", { xp, fp }, () => np.interp(2, b(xp), b(fp))),
    n("np.interp(x, xp, fp[:3])", { x, xp, fp }, () => np.interp(b(x), b(xp), b(f64([1, 2, 3])))),
    n("np.interp(x, xp[:0], fp[:0])", { x, xp, fp }, () => np.interp(b(x), b(f64([])), b(f64([])))),
    n("np.interp(x, xp, fp, period=0)", { x, xp, fp }, () => np.interp(b(x), b(xp), b(fp), { period: 0 })),
    n("np.interp(x, x, x)", { x }, () => np.interp(b(x), b(x), b(x))),
  ]);
});
