/**
 * np.gradient / torch.gradient, np.ediff1d, np.unwrap, np.trimZeros and
 * np.cumulativeSum / cumulativeProd against NumPy 2.4 / PyTorch 2.13:
 * spacings (scalars, per-axis values, coordinates), edge orders, dtypes,
 * empty and 0-d inputs, errors, call forms, and torch.gradient's gradient
 * (PyTorch's, and float64 finite differences).
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";
import { build as b, buildT as bt, checkRuns, type Run } from "../helpers/oracle.ts";
import { f32, f64, i64, npCase as n, tCase as t, typed } from "../helpers/op_runs.ts";

const Y = f64([1, 2, 4, 7, 11, 16.5]);
const M = f64([1, 2, 6, 3, 4, 5, -1, 0.5, 2, 8, 9, 10], [3, 4]);
const MF = f32([1, 2, 6, 3, 4, 5, -1, 0.5, 2, 8, 9, 10], [3, 4]);
const MI = i64([1, 2, 6, 3, 4, 5, -1, 7, 2, 8, 9, 10], [3, 4]);
const X = f64([0, 1, 1.5, 3.5, 4, 6]), XI = i64([0, 1, 3, 4, 7, 8]), XU = i64([0, 2, 4, 6, 8, 10]);
const C3 = f64([0, 0.5, 2]), C4 = f64([-1, 0, 1.5, 4]);

Deno.test("np.gradient against NumPy", async () => {
  await checkRuns([
    n("np.gradient(Y)", { Y }, () => np.gradient(b(Y))),
    n("np.gradient(Y, 2)", { Y }, () => np.gradient(b(Y), 2)),
    n("np.gradient(Y, 0.5, edge_order=2)", { Y }, () => np.gradient(b(Y), 0.5, { edgeOrder: 2 })),
    n("np.gradient(Y, X)", { Y, X }, () => np.gradient(b(Y), b(X))),
    n("np.gradient(Y, X, edge_order=2)", { Y, X }, () => np.gradient(b(Y), b(X), { edgeOrder: 2 })),
    n("np.gradient(Y, XI, edge_order=2)", { Y, XI }, () => np.gradient(b(Y), b(XI), { edgeOrder: 2 })),
    // evenly spaced coordinates reduce to their step (a NumPy scalar)
    n("np.gradient(Y, XU)", { Y, XU }, () => np.gradient(b(Y), b(XU))),
    n("np.gradient(Y, np.float64(2.5))", { Y }, () => np.gradient(b(Y), np.array(2.5))),
    n("np.gradient(M)", { M }, () => np.gradient(b(M))),
    n("np.gradient(M, 2, 0.5)", { M }, () => np.gradient(b(M), 2, 0.5)),
    n("np.gradient(M, C3, C4, edge_order=2)", { M, C3, C4 }, () => np.gradient(b(M), b(C3), b(C4), { edgeOrder: 2 })),
    n("np.gradient(M, 2, C4)", { M, C4 }, () => np.gradient(b(M), 2, b(C4))),
    n("np.gradient(M, axis=1)", { M }, () => np.gradient(b(M), { axis: 1 })),
    n("np.gradient(M, C4, axis=-1)", { M, C4 }, () => np.gradient(b(M), b(C4), { axis: -1 })),
    n("np.gradient(M, 3, axis=[1, 0])", { M }, () => np.gradient(b(M), 3, { axis: [1, 0] })),
    n("np.gradient(M, axis=[0])", { M }, () => np.gradient(b(M), { axis: [0] })),
    n("np.gradient(M, axis=())", { M }, () => np.gradient(b(M), { axis: [] })),
    n("np.gradient(MF, 0.3)", { MF }, () => np.gradient(b(MF), 0.3)),
    n(
      "np.gradient(MF, C3, C4, edge_order=2)",
      { MF, C3, C4 },
      () => np.gradient(b(MF), b(C3), b(C4), { edgeOrder: 2 }),
    ),
    n("np.gradient(MI, edge_order=2)", { MI }, () => np.gradient(b(MI), { edgeOrder: 2 })),
    n(
      "np.gradient(U, edge_order=2)",
      { U: typed("uint8", [5, 1, 200, 3]) },
      () => np.gradient(b(typed("uint8", [5, 1, 200, 3])), { edgeOrder: 2 }),
    ),
    n("np.gradient(np.float64(3))", {}, () => np.gradient(np.array(3, { dtype: "float64" }))),
    n("np.gradient(np.zeros((0, 3)), axis=1)", {}, () => np.gradient(np.zeros([0, 3]), { axis: 1 })),
    // errors
    n(
      "np.gradient(B)",
      { B: typed("bool", [true, false, true]) },
      () => np.gradient(b(typed("bool", [true, false, true]))),
    ),
    n("np.gradient(Y[:2], edge_order=2)", { Y }, () => np.gradient(b(f64([1, 2])), { edgeOrder: 2 })),
    n("np.gradient(Y, edge_order=3)", { Y }, () => np.gradient(b(Y), { edgeOrder: 3 })),
    n("np.gradient(M, 1, 2, 3)", { M }, () => np.gradient(b(M), 1, 2, 3)),
    n("np.gradient(Y, C3)", { Y, C3 }, () => np.gradient(b(Y), b(C3))),
    n("np.gradient(Y, M)", { Y, M }, () => np.gradient(b(Y), { varargs: [b(M)] })),
    n("np.gradient(M, axis=2)", { M }, () => np.gradient(b(M), { axis: 2 })),
    n("np.gradient(M, axis=(0, 0))", { M }, () => np.gradient(b(M), { axis: [0, 0] })),
  ]);
  // every call form: spread spacings, the list in the options, axis / edgeOrder positionally in the options
  const [g0, g1] = np.gradient(b(M), { varargs: [2, 0.5] }) as np.NDArray[];
  const [h0, h1] = np.gradient(b(M), 2, 0.5) as np.NDArray[];
  assert.deepEqual([g0.tolist(), g1.tolist()], [h0.tolist(), h1.tolist()]);
  assert.deepEqual((np.gradient(b(Y), [2]) as np.NDArray).tolist(), (np.gradient(b(Y), 2) as np.NDArray).tolist());
  assert.throws(() => np.gradient(b(Y), { edge: 2 } as never), /unknown option 'edge'/);
});

Deno.test("torch.gradient against PyTorch", async () => {
  const T5 = f32([1, 2, 4, 7, 11]);
  await checkRuns([
    t("torch.gradient(T5)", { T5 }, () => torch.gradient(bt(T5))),
    t("torch.gradient(T5, spacing=2.)", { T5 }, () => torch.gradient(bt(T5), { spacing: 2 })),
    t(
      "torch.gradient(T5, spacing=0.5, edge_order=2)",
      { T5 },
      () => torch.gradient(bt(T5), { spacing: 0.5, edgeOrder: 2 }),
    ),
    t(
      "torch.gradient(T5, spacing=(X[:5],), edge_order=2)",
      { T5, X },
      () => torch.gradient(bt(T5), { spacing: [bt(f64([0, 1, 1.5, 3.5, 4]))], edgeOrder: 2 }),
    ),
    t("torch.gradient(Y, spacing=[X])", { Y, X }, () => torch.gradient(bt(Y), { spacing: [bt(X)] })),
    t(
      "torch.gradient(Y, spacing=[XI], edge_order=2)",
      { Y, XI },
      () => torch.gradient(bt(Y), { spacing: [bt(XI)], edgeOrder: 2 }),
    ),
    t("torch.gradient(MI)", { MI }, () => torch.gradient(bt(MI))),
    t("torch.gradient(MI, spacing=2)", { MI }, () => torch.gradient(bt(MI), { spacing: 2 })),
    t(
      "torch.gradient(M, spacing=[2., 0.5], edge_order=2)",
      { M },
      () => torch.gradient(bt(M), { spacing: [2, 0.5], edgeOrder: 2 }),
    ),
    t("torch.gradient(M, dim=1)", { M }, () => torch.gradient(bt(M), { dim: 1 })),
    t("torch.gradient(M, spacing=3., dim=-2)", { M }, () => torch.gradient(bt(M), { spacing: 3, dim: -2 })),
    t("torch.gradient(M, dim=[1, 0])", { M }, () => torch.gradient(bt(M), { dim: [1, 0] })),
    t(
      "torch.gradient(MF, spacing=[C4, C3], dim=[1, 0], edge_order=2)",
      { MF, C4, C3 },
      () => torch.gradient(bt(MF), { spacing: [bt(C4), bt(C3)], dim: [1, 0], edgeOrder: 2 }),
    ),
    t(
      "torch.gradient(MF, spacing=[C4], dim=1)",
      { MF, C4 },
      () => torch.gradient(bt(MF), { spacing: [bt(C4)], dim: 1 }),
    ),
    t(
      "torch.gradient(T5, spacing=torch.tensor(2.))",
      { T5 },
      () => torch.gradient(bt(T5), { spacing: torch.tensor(2) }),
    ),
    t("torch.gradient(torch.tensor(3.))", {}, () => torch.gradient(torch.tensor(3))),
    t("torch.gradient(torch.zeros(0, 3), dim=1)", {}, () => torch.gradient(torch.zeros(0, 3), { dim: 1 })),
    // errors
    t("torch.gradient(U)", { U: typed("uint8", [1, 2, 4]) }, () => torch.gradient(bt(typed("uint8", [1, 2, 4])))),
    t(
      "torch.gradient(B)",
      { B: typed("bool", [true, false, true]) },
      () => torch.gradient(bt(typed("bool", [true, false, true]))),
    ),
    t("torch.gradient(T5, spacing=[2., 3.])", { T5 }, () => torch.gradient(bt(T5), { spacing: [2, 3] })),
    t("torch.gradient(M, spacing=[2.], dim=[0, 1])", { M }, () => torch.gradient(bt(M), { spacing: [2], dim: [0, 1] })),
    t("torch.gradient(T5, edge_order=3)", { T5 }, () => torch.gradient(bt(T5), { edgeOrder: 3 })),
    t("torch.gradient(M[:2], edge_order=2)", { M }, () => torch.gradient(bt(M).get(":2"), { edgeOrder: 2 })),
    t("torch.gradient(M, dim=[0, 0])", { M }, () => torch.gradient(bt(M), { dim: [0, 0] })),
    t("torch.gradient(M, dim=2)", { M }, () => torch.gradient(bt(M), { dim: 2 })),
    t("torch.gradient(T5, spacing=[M])", { T5, M }, () => torch.gradient(bt(T5), { spacing: [bt(M)] })),
  ]);
  assert.throws(() => torch.gradient(bt(T5), { spacing: [1, torch.tensor([1, 2])] as never }), TypeError);
});

Deno.test("torch.gradient is differentiable: PyTorch's gradients, finite differences", async () => {
  const p = (data: number[], shape = [data.length]) =>
    torch.tensor(data, { dtype: "float64", requiresGrad: true }).reshape(shape).detach().requiresGrad_();
  const ok = (f: (...ts: torch.Tensor[]) => torch.Tensor, ...xs: torch.Tensor[]) =>
    assert.ok(torch.autograd.gradcheck(f, xs));
  ok((x) => torch.gradient(x)[0], p([0.3, -1.7, 2, 0.5, 4]));
  ok((x) => torch.gradient(x, { spacing: 0.7, edgeOrder: 2 })[0], p([0.3, -1.7, 2, 0.5, 4]));
  ok(
    (x) => torch.gradient(x, { dim: [1, 0], edgeOrder: 2 })[1],
    p([0.3, -1.7, 2, 0.5, 4, 1, 2, 3, 0, 1, 2, 9], [3, 4]),
  );
  ok((x, c) => torch.gradient(x, { spacing: [c] })[0], p([0.3, -1.7, 2, 0.5, 4]), p([0, 1, 1.5, 3.5, 4]));
  ok((x, c) => torch.gradient(x, { spacing: [c], edgeOrder: 2 })[0], p([0.3, -1.7, 2, 0.5, 4]), p([0, 1, 1.5, 3.5, 4]));
  // the gradients PyTorch computes for the same product of the two results
  const x = f64([0.3, -1.7, 2, 0.5, 4, 1, 2, 3, 0, 1, 2, 9], [3, 4]), c0 = f64([0, 0.5, 2]), c1 = f64([0, 1, 1.5, 3.5]);
  const grads = (): torch.Tensor[] => {
    const xt = bt(x).requiresGrad_(), ct0 = bt(c0).requiresGrad_(), ct1 = bt(c1).requiresGrad_();
    const [g0, g1] = torch.gradient(xt, { spacing: [ct0, ct1], edgeOrder: 2 });
    g0.mul(g1).sum().backward();
    return [xt.grad!, ct0.grad!, ct1.grad!];
  };
  await checkRuns([{
    c: {
      expr: "(lambda x, c0, c1: (lambda g: (g[0] * g[1]).sum().backward() or (x.grad, c0.grad, c1.grad))" +
        "(torch.gradient(x, spacing=[c0, c1], edge_order=2)))" +
        "(x.requires_grad_(), c0.requires_grad_(), c1.requires_grad_())",
      inputs: { x, c0, c1 },
      torch: true,
    },
    ours: grads,
  }]);
});

Deno.test("np.ediff1d, np.unwrap against NumPy", async () => {
  const U8 = typed("uint8", [5, 1, 200, 3]), B = typed("bool", [true, false]);
  const P = f64([0, 3, 6.5, 0.1, -3, 2.5, 9]), PM = f64([0, 3, 6.5, 0.1, -3, 2.5, 9, 1], [2, 4]);
  const PI = i64([0, 5, 9, 1, 8, -4, 2]), PF = f32([0, 3, 6.5, 0.1, -3, 2.5, 9]);
  await checkRuns([
    n("np.ediff1d(M)", { M }, () => np.ediff1d(b(M))),
    n("np.ediff1d(U8)", { U8 }, () => np.ediff1d(b(U8))),
    n("np.ediff1d(U8, 300, [1, 2])", { U8 }, () => np.ediff1d(b(U8), 300, [1, 2])),
    n("np.ediff1d(Y, to_begin=-1)", { Y }, () => np.ediff1d(b(Y), { toBegin: -1 })),
    n("np.ediff1d(Y, to_end=np.array([[1.5, 2]]))", { Y }, () => np.ediff1d(b(Y), { toEnd: [[1.5, 2]] })),
    n("np.ediff1d(MI, 2.5)", { MI }, () => np.ediff1d(b(MI), 2.5)),
    n("np.ediff1d(MI, None, True)", { MI }, () => np.ediff1d(b(MI), null, true)),
    n("np.ediff1d(np.zeros(0), 1)", {}, () => np.ediff1d(np.zeros([0]), 1)),
    n("np.ediff1d(np.float64(3), 1)", {}, () => np.ediff1d(np.array(3, { dtype: "float64" }), 1)),
    n("np.ediff1d(B)", { B }, () => np.ediff1d(b(B))),
    n("np.unwrap(P)", { P }, () => np.unwrap(b(P))),
    n("np.unwrap(PF)", { PF }, () => np.unwrap(b(PF))),
    n("np.unwrap(P, 4)", { P }, () => np.unwrap(b(P), 4)),
    n("np.unwrap(PM, axis=0)", { PM }, () => np.unwrap(b(PM), { axis: 0 })),
    n("np.unwrap(PM, None, 1, period=5.5)", { PM }, () => np.unwrap(b(PM), null, 1, { period: 5.5 })),
    n("np.unwrap(PI, period=6)", { PI }, () => np.unwrap(b(PI), { period: 6 })),
    n("np.unwrap(PI, period=7)", { PI }, () => np.unwrap(b(PI), { period: 7 })),
    n("np.unwrap(PI, 2, period=6)", { PI }, () => np.unwrap(b(PI), 2, { period: 6 })),
    n("np.unwrap(PI)", { PI }, () => np.unwrap(b(PI))),
    n(
      "np.unwrap(np.array([0, 3.0, 6.0, 3.0]), period=6)",
      {},
      () => np.unwrap(np.array([0, 3, 6, 3], { dtype: "float64" }), { period: 6 }),
    ),
    n("np.unwrap(np.zeros(0))", {}, () => np.unwrap(np.zeros([0]))),
    n("np.unwrap(np.float64(1))", {}, () => np.unwrap(np.array(1, { dtype: "float64" }))),
    n("np.unwrap(P, axis=1)", { P }, () => np.unwrap(b(P), { axis: 1 })),
  ]);
});

Deno.test("np.trimZeros against NumPy", async () => {
  const Z = f64([0, 0, 1, 2, 0, 3, 0]), ZN = f64([0, NaN, 0]), Zero = i64([0, 0, 0]);
  const Z2 = i64([0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 3, 0, 0, 0, 0, 0], [4, 4]);
  await checkRuns([
    n("np.trim_zeros(Z)", { Z }, () => np.trimZeros(b(Z))),
    n("np.trim_zeros(Z, 'f')", { Z }, () => np.trimZeros(b(Z), "f")),
    n("np.trim_zeros(Z, 'B')", { Z }, () => np.trimZeros(b(Z), "B")),
    n("np.trim_zeros(Z, 'bf')", { Z }, () => np.trimZeros(b(Z), "bf")),
    n("np.trim_zeros(ZN)", { ZN }, () => np.trimZeros(b(ZN))),
    n("np.trim_zeros(Zero)", { Zero }, () => np.trimZeros(b(Zero))),
    n("np.trim_zeros(Zero, 'f')", { Zero }, () => np.trimZeros(b(Zero), "f")),
    n("np.trim_zeros(Z2)", { Z2 }, () => np.trimZeros(b(Z2))),
    n("np.trim_zeros(Z2, 'b', axis=0)", { Z2 }, () => np.trimZeros(b(Z2), "b", 0)),
    n("np.trim_zeros(Z2, axis=(-1,))", { Z2 }, () => np.trimZeros(b(Z2), { axis: [-1] })),
    n("np.trim_zeros(Z2 * 0, axis=1)", { Z2 }, () => np.trimZeros(np.zeros([4, 4], { dtype: "int64" }), { axis: 1 })),
    n("np.trim_zeros(np.float64(0))", {}, () => np.trimZeros(np.array(0, { dtype: "float64" }))),
    n("np.trim_zeros(Z, 'x')", { Z }, () => np.trimZeros(b(Z), "x")),
    n("np.trim_zeros(Z2, axis=2)", { Z2 }, () => np.trimZeros(b(Z2), { axis: 2 })),
    n("np.trim_zeros(Z2, axis=(0, 0))", { Z2 }, () => np.trimZeros(b(Z2), { axis: [0, 0] })),
  ]);
  // a view of the input, as NumPy's slice
  const z = b(Z), v = np.trimZeros(z);
  v.set(0, 9);
  assert.equal((z.tolist() as number[])[2], 9);
});

Deno.test("np.cumulativeSum, np.cumulativeProd against NumPy", async () => {
  const I32 = typed("int32", [1, 2, 3, -4, 5, 6], [2, 3]), U8 = typed("uint8", [200, 100, 7]);
  const B = typed("bool", [true, false, true]), F = f32([0.5, 2, -3, 4.25]);
  const out = (dtype: string, shape: number[]) =>
    typed(dtype, new Array(shape.reduce((p, d) => p * d, 1)).fill(0), shape);
  const runs: Run[] = [];
  for (const [py, ts] of [["cumulative_sum", "cumulativeSum"], ["cumulative_prod", "cumulativeProd"]] as const) {
    const f = (np as unknown as Record<string, (...a: unknown[]) => unknown>)[ts];
    runs.push(
      n(`np.${py}(Y)`, { Y }, () => f(b(Y))),
      n(`np.${py}(F, include_initial=True)`, { F }, () => f(b(F), { includeInitial: true })),
      n(`np.${py}(I32, axis=1)`, { I32 }, () => f(b(I32), { axis: 1 })),
      n(`np.${py}(I32, axis=0, include_initial=True)`, { I32 }, () => f(b(I32), { axis: 0, includeInitial: true })),
      n(`np.${py}(I32, axis=-1, dtype=np.float32)`, { I32 }, () => f(b(I32), { axis: -1, dtype: "float32" })),
      n(
        `np.${py}(M, axis=1, dtype=np.int32, include_initial=True)`,
        { M },
        () => f(b(M), { axis: 1, dtype: "int32", includeInitial: true }),
      ),
      n(`np.${py}(U8)`, { U8 }, () => f(b(U8))),
      n(`np.${py}(B)`, { B }, () => f(b(B))),
      n(`np.${py}(np.int64(5))`, {}, () => f(np.array(5))),
      n(
        `np.${py}(np.zeros((2, 0)), axis=1, include_initial=True)`,
        {},
        () => f(np.zeros([2, 0]), { axis: 1, includeInitial: true }),
      ),
      n(`np.${py}(M)`, { M }, () => f(b(M))),
      n(`np.${py}(M, axis=2)`, { M }, () => f(b(M), { axis: 2 })),
      n(
        `np.${py}(I32, axis=1, out=o)`,
        { I32, o: out("float32", [2, 3]) },
        () => f(b(I32), { axis: 1, out: b(out("float32", [2, 3])) }),
      ),
      n(`np.${py}(F, out=o)`, { F, o: out("int64", [4]) }, () => f(b(F), { out: b(out("int64", [4])) })),
      n(
        `np.${py}(F, out=o, include_initial=True)`,
        { F, o: out("float64", [5]) },
        () => f(b(F), { out: b(out("float64", [5])), includeInitial: true }),
      ),
      n(
        `np.${py}(F, out=o, include_initial=True)`,
        { F, o: out("float64", [4]) },
        () => f(b(F), { out: b(out("float64", [4])), includeInitial: true }),
      ),
    );
  }
  await checkRuns(runs);
});
