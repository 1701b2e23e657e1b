/**
 * scatterReduce, the addmm family, chainMatmul, vdot, logdet, cdist, pdist,
 * cosineSimilarity, renorm, put, typeAs, detach and np's NaN-aware scans
 * against PyTorch 2.13 / NumPy 2.4: every reduction with and without self,
 * dtypes, ties, NaNs, errors, and gradients compared with PyTorch's (the
 * registry test calls every form).
 */
import assert from "node:assert/strict";
import { np, torch } from "../../mod.ts";
import { build, buildT, checkRuns, type Input, type Run } from "../helpers/oracle.ts";

const inp = (dtype: string, shape: number[], data: (number | boolean)[]): Input => ({ dtype, shape, data });
const I = (shape: number[], data: number[]) => inp("int64", shape, data);

const REDUCES = ["sum", "prod", "mean", "amax", "amin"];

/** A torch call run by the oracle as `expr` and by us as `ours`. */
const tr = (expr: string, inputs: Record<string, Input>, ours: (t: Record<string, torch.Tensor>) => unknown): Run => ({
  c: { expr, inputs, torch: true },
  ours: () => ours(Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, buildT(v)]))),
});

/** The same for NumPy. */
const nr = (expr: string, inputs: Record<string, Input>, ours: (a: Record<string, np.NDArray>) => unknown): Run => ({
  c: { expr, inputs },
  ours: () => ours(Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, build(v)]))),
});

/** Gradients of sum(f(...) * w) for the inputs named in `wrt` (w fixed, so each output's gradient differs). */
function gradRun(
  pyCall: string,
  inputs: Record<string, Input>,
  wrt: string[],
  ours: (t: Record<string, torch.Tensor>) => torch.Tensor,
): Run {
  const leaves = wrt.map((k) => `(${k}:=${k}.clone().requires_grad_())`);
  const expr = `(lambda ${wrt.join(", ")}: torch.autograd.grad((lambda r: (r * torch.arange(1, r.numel() + 1, ` +
    `dtype=r.dtype).reshape(r.shape).sin()).sum())(${pyCall}), [${wrt.join(", ")}]))(${leaves.join(", ")})`;
  return {
    c: { expr, inputs, torch: true },
    ours: () => {
      const t = Object.fromEntries(
        Object.entries(inputs).map(([k, v]) => [k, wrt.includes(k) ? buildT(v).requiresGrad_() : buildT(v)]),
      );
      const r = ours(t);
      const w = torch.arange(1, r.numel() + 1, { dtype: r.dtype }).reshape(r.shape).sin();
      return torch.autograd.grad([r.mul(w).sum()], wrt.map((k) => t[k]));
    },
  };
}

const X = inp("float64", [2, 4], [1, 2, 3, 0, 4, 5, 6, 7]);
const IX = I([2, 3], [0, 0, 2, 1, 3, 3]);
// ties with self (2 at [0, 1]... ) and among src (5, 5), a zero
const SRC = inp("float64", [2, 3], [7, 2, 0, 5, 5, -1]);

Deno.test("scatterReduce: every reduction, with and without self, dims, dtypes, NaN, in place", async () => {
  const runs: Run[] = [];
  for (const reduce of REDUCES) {
    for (const inc of [true, false]) {
      const py = `'${reduce}', include_self=${inc ? "True" : "False"}`;
      runs.push(
        tr(
          `x.scatter_reduce(1, i, s, ${py})`,
          { x: X, i: IX, s: SRC },
          (t) => t.x.scatterReduce(1, t.i, t.s, reduce, { includeSelf: inc }),
        ),
        tr(
          `torch.scatter_reduce(x, 0, i, s, ${py})`,
          { x: X, i: I([1, 3], [1, 1, 0]), s: SRC },
          (t) => torch.scatterReduce(t.x, 0, t.i, t.s, reduce, { includeSelf: inc }),
        ),
        tr(
          `x.scatter_reduce_(1, i, s, ${py})`,
          { x: X, i: IX, s: SRC },
          (t) => t.x.scatterReduce_(1, t.i, t.s, reduce, { includeSelf: inc }),
        ),
      );
      for (const dt of ["float32", "int32", "int64", "uint8", "bool"]) {
        if (dt === "bool" && reduce === "mean") continue;
        const conv = (x: Input) =>
          inp(dt, x.shape, x.data.map((v) => (dt === "bool" ? v !== 0 : Math.abs(v as number))));
        runs.push(
          tr(
            `x.scatter_reduce(1, i, s, ${py})`,
            { x: conv(X), i: IX, s: conv(SRC) },
            (t) => t.x.scatterReduce(1, t.i, t.s, reduce, { includeSelf: inc }),
          ),
        );
      }
    }
    // NaN wins in amax/amin and propagates through the others
    runs.push(
      tr(
        `x.scatter_reduce(0, i, s, '${reduce}')`,
        { x: inp("float32", [2], [1, 2]), i: I([3], [0, 0, 1]), s: inp("float32", [3], [NaN, 3, 4]) },
        (t) => t.x.scatterReduce(0, t.i, t.s, reduce),
      ),
    );
  }
  // integer mean floors; uint8 sums wrap; a 0-d input; an index smaller than src; an empty index
  runs.push(
    tr(
      "x.scatter_reduce(0, i, s, 'mean')",
      { x: I([2], [-5, 2]), i: I([2], [0, 0]), s: I([2], [2, 2]) },
      (t) => t.x.scatterReduce(0, t.i, t.s, "mean"),
    ),
    tr(
      "x.scatter_reduce(0, i, s, 'sum')",
      { x: inp("uint8", [2], [1, 2]), i: I([2], [0, 0]), s: inp("uint8", [2], [200, 100]) },
      (t) => t.x.scatterReduce(0, t.i, t.s, "sum"),
    ),
    tr("x.scatter_reduce(0, i, s, 'prod')", { x: inp("float64", [], [3]), i: I([], [0]), s: inp("float64", [], [5]) }, (
      t,
    ) => t.x.scatterReduce(0, t.i, t.s, "prod")),
    tr(
      "x.scatter_reduce(1, i, s, 'amax')",
      { x: X, i: I([1, 2], [3, 3]), s: SRC },
      (t) => t.x.scatterReduce(1, t.i, t.s, "amax"),
    ),
    tr(
      "x.scatter_reduce(0, i, s, 'sum')",
      { x: X, i: I([0, 4], []), s: X },
      (t) => t.x.scatterReduce(0, t.i, t.s, "sum"),
    ),
  );
  // errors: the reduce name, dtypes, bounds, ranks, bool mean
  runs.push(
    tr("x.scatter_reduce(1, i, s, 'max2')", { x: X, i: IX, s: SRC }, (t) => t.x.scatterReduce(1, t.i, t.s, "max2")),
    tr(
      "x.scatter_reduce(1, i, s.float(), 'sum')",
      { x: X, i: IX, s: SRC },
      (t) => t.x.scatterReduce(1, t.i, t.s.float(), "sum"),
    ),
    tr(
      "x.scatter_reduce(1, i + 4, s, 'sum')",
      { x: X, i: IX, s: SRC },
      (t) => t.x.scatterReduce(1, t.i.add(4), t.s, "sum"),
    ),
    tr(
      "x.scatter_reduce(1, i[0], s, 'sum')",
      { x: X, i: IX, s: SRC },
      (t) => t.x.scatterReduce(1, t.i.get(0), t.s, "sum"),
    ),
    tr("x.scatter_reduce(5, i, s, 'sum')", { x: X, i: IX, s: SRC }, (t) => t.x.scatterReduce(5, t.i, t.s, "sum")),
    tr(
      "x.scatter_reduce(0, i, x, 'mean')",
      { x: inp("bool", [2], [true, false]), i: I([2], [0, 1]) },
      (t) => t.x.scatterReduce(0, t.i, t.x, "mean"),
    ),
  );
  await checkRuns(runs);
});

Deno.test("scatterReduce: gradients as PyTorch's (ties shared, zeros in prod, excluded self)", async () => {
  const runs: Run[] = [];
  const xs = inp("float64", [2, 4], [1, 2, 3, 0, 4, 5, 6, 7]);
  for (const reduce of REDUCES) {
    for (const inc of [true, false]) {
      const py = `'${reduce}', include_self=${inc ? "True" : "False"}`;
      runs.push(
        gradRun(
          `x.scatter_reduce(1, i, s, ${py})`,
          { x: xs, i: IX, s: SRC },
          ["x", "s"],
          (t) => t.x.scatterReduce(1, t.i, t.s, reduce, { includeSelf: inc }),
        ),
      );
      // two zeros scattered to one place (prod), self equal to src (amax/amin ties)
      const s2 = inp("float64", [2, 3], [0, 0, 3, 7, 4, 6]);
      runs.push(
        gradRun(
          `x.scatter_reduce(1, i, s, ${py})`,
          { x: xs, i: IX, s: s2 },
          ["x", "s"],
          (t) => t.x.scatterReduce(1, t.i, t.s, reduce, { includeSelf: inc }),
        ),
      );
    }
  }
  await checkRuns(runs, { rtol: 1e-9, atol: 1e-12 });
  const x = torch.tensor([1.5, 2], { requiresGrad: true });
  assert.equal(
    x.scatterReduce(0, torch.tensor([0]), torch.tensor([3.5]), "amax").gradFn?.name,
    "ScatterReduceBackward0",
  );
  assert.ok(torch.autograd.gradcheck((a, b) => a.scatterReduce(0, torch.tensor([0, 1, 0]), b, "prod"), [
    torch.tensor([1.5, -2], { dtype: "float64", requiresGrad: true }),
    torch.tensor([0.5, 3, -1.25], { dtype: "float64", requiresGrad: true }),
  ]));
});

const F64 = (shape: number[], seed: number) =>
  inp(
    "float64",
    shape,
    Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 1.7 + seed) * 2),
  );

Deno.test("addmm, addbmm, baddbmm, addmv, addr: beta, alpha, in place, integer alpha errors, gradients", async () => {
  const b1 = F64([2, 3, 4], 1), b2 = F64([2, 4, 2], 2), m = F64([3, 2], 3), v = F64([2], 4), v3 = F64([3], 5);
  const nan = inp("float64", [3, 2], [NaN, 1, 2, 3, 4, 5]);
  const runs: Run[] = [
    tr(
      "torch.addbmm(m, b1, b2, beta=0.5, alpha=2)",
      { m, b1, b2 },
      (t) => torch.addbmm(t.m, t.b1, t.b2, { beta: 0.5, alpha: 2 }),
    ),
    tr("m.addbmm_(b1, b2, alpha=-1)", { m, b1, b2 }, (t) => t.m.addbmm_(t.b1, t.b2, { alpha: -1 })),
    tr(
      "m.addmm_(a, b, beta=0.5, alpha=2)",
      { m, a: F64([3, 4], 7), b: F64([4, 2], 8) },
      (t) => t.m.addmm_(t.a, t.b, { beta: 0.5, alpha: 2 }),
    ),
    tr(
      "n.addmm_(a, b, beta=0)",
      { n: nan, a: F64([3, 4], 7), b: F64([4, 2], 8) },
      (t) => t.n.addmm_(t.a, t.b, { beta: 0 }),
    ),
    tr("torch.addbmm(n, b1, b2, beta=0)", { n: nan, b1, b2 }, (t) => torch.addbmm(t.n, t.b1, t.b2, { beta: 0 })),
    tr(
      "torch.baddbmm(m, b1, b2, beta=2)",
      { m: F64([2], 6), b1, b2 },
      (t) => torch.baddbmm(t.m, t.b1, t.b2, { beta: 2 }),
    ),
    tr("torch.addmv(v3, m, v, alpha=3)", { v3, m, v }, (t) => torch.addmv(t.v3, t.m, t.v, { alpha: 3 })),
    tr("v3.addmv_(m, v, beta=0)", { v3, m, v }, (t) => t.v3.addmv_(t.m, t.v, { beta: 0 })),
    tr(
      "torch.addr(m, v3, v, beta=2, alpha=0.5)",
      { m, v3, v },
      (t) => torch.addr(t.m, t.v3, t.v, { beta: 2, alpha: 0.5 }),
    ),
    tr("torch.addr(m, m, v)", { m, v }, (t) => torch.addr(t.m, t.m, t.v)),
    tr("torch.addmv(v, m, v)", { m, v }, (t) => torch.addmv(t.v, t.m, t.v)),
    tr(
      "torch.addr(a, b, c, alpha=0.5)",
      { a: I([2, 2], [1, 2, 3, 4]), b: I([2], [1, 2]), c: I([2], [3, 4]) },
      (t) => torch.addr(t.a, t.b, t.c, { alpha: 0.5 }),
    ),
    tr(
      "torch.addr(a, b, c, beta=2)",
      { a: I([2, 2], [1, 2, 3, 4]), b: I([2], [1, 2]), c: I([2], [3, 4]) },
      (t) => torch.addr(t.a, t.b, t.c, { beta: 2 }),
    ),
    gradRun(
      "torch.addbmm(m, b1, b2, beta=0.5, alpha=2)",
      { m, b1, b2 },
      ["m", "b1", "b2"],
      (t) => torch.addbmm(t.m, t.b1, t.b2, { beta: 0.5, alpha: 2 }),
    ),
    gradRun(
      "torch.addr(m, v3, v, alpha=3)",
      { m, v3, v },
      ["m", "v3", "v"],
      (t) => torch.addr(t.m, t.v3, t.v, { alpha: 3 }),
    ),
    gradRun(
      "torch.addmv(v3, m, v, beta=-1)",
      { m, v3, v },
      ["v3", "m", "v"],
      (t) => torch.addmv(t.v3, t.m, t.v, { beta: -1 }),
    ),
  ];
  await checkRuns(runs, { rtol: 1e-9, atol: 1e-12 });
});

Deno.test("chainMatmul, vdot, logdet: values, errors, gradients", async () => {
  const a = F64([2, 3], 1), b = F64([3, 5], 2), c = F64([5, 1], 3), d = F64([1, 4], 4);
  // a positive and a negative determinant
  const sq = inp("float64", [2, 3, 3], [2, 1, 0, 1, 3, 1, 0, 1, 4, 1, 2, 0, 2, 1, 1, 0, 1, -3]);
  const runs: Run[] = [
    tr("torch.chain_matmul(a, b, c, d)", { a, b, c, d }, (t) => torch.chainMatmul(t.a, t.b, t.c, t.d)),
    tr("torch.chain_matmul(a)", { a }, (t) => torch.chainMatmul(t.a)),
    tr("torch.chain_matmul(a, b)", { a, b }, (t) => torch.chainMatmul(t.a, t.b)),
    tr("torch.chain_matmul(a, a)", { a }, (t) => torch.chainMatmul(t.a, t.a)),
    tr("torch.chain_matmul(a, d[0])", { a, d }, (t) => torch.chainMatmul(t.a, t.d.get(0))),
    tr("torch.chain_matmul()", {}, () => torch.chainMatmul()),
    tr("torch.vdot(x, y)", { x: F64([4], 1), y: F64([4], 2) }, (t) => torch.vdot(t.x, t.y)),
    tr("x.vdot(y)", { x: I([3], [1, 2, 3]), y: I([3], [4, 5, 6]) }, (t) => t.x.vdot(t.y)),
    tr("torch.vdot(x, y)", { x: F64([4], 1), y: F64([3], 2) }, (t) => torch.vdot(t.x, t.y)),
    tr("torch.vdot(x, y.float())", { x: F64([4], 1), y: F64([4], 2) }, (t) => torch.vdot(t.x, t.y.float())),
    tr("torch.logdet(x)", { x: sq }, (t) => torch.logdet(t.x)),
    tr("x.logdet()", { x: inp("float32", [2, 2], [1, 2, 3, 4]) }, (t) => t.x.logdet()),
    tr("x.logdet()", { x: inp("float64", [2, 2], [1, 2, 2, 4]) }, (t) => t.x.logdet()),
    tr("x.logdet()", { x: F64([3], 1) }, (t) => t.x.logdet()),
    tr("x.logdet()", { x: I([2, 2], [1, 2, 3, 4]) }, (t) => t.x.logdet()),
    gradRun(
      "torch.chain_matmul(a, b, c, d)",
      { a, b, c, d },
      ["a", "b", "c", "d"],
      (t) => torch.chainMatmul(t.a, t.b, t.c, t.d),
    ),
    gradRun("torch.vdot(x, y)", { x: F64([4], 1), y: F64([4], 2) }, ["x", "y"], (t) => torch.vdot(t.x, t.y)),
    gradRun("torch.logdet(x)", { x: inp("float64", [2, 2], [3, 1, 0.5, 2]) }, ["x"], (t) => torch.logdet(t.x)),
  ];
  await checkRuns(runs, { rtol: 1e-9, atol: 1e-12 });
});

Deno.test("cdist, pdist, cosineSimilarity, renorm: p values, batches, zeros, errors, gradients", async () => {
  const x1 = F64([2, 3, 4], 1), x2 = F64([2, 5, 4], 2), m = F64([4, 3], 3);
  // a repeated row: zero distances (zero gradients there, as PyTorch's)
  const dup = inp("float64", [3, 2], [1, 2, 1, 2, -1, 0.5]);
  const runs: Run[] = [];
  for (const p of [0, 1, 2, 3, 0.5, Infinity]) {
    const py = p === Infinity ? "float('inf')" : String(p);
    runs.push(
      tr(`torch.cdist(x1, x2, ${py})`, { x1, x2 }, (t) => torch.cdist(t.x1, t.x2, p)),
      tr(`torch.pdist(m, ${py})`, { m }, (t) => torch.pdist(t.m, p)),
      gradRun(`torch.cdist(x1, x2, ${py})`, { x1, x2 }, ["x1", "x2"], (t) => torch.cdist(t.x1, t.x2, p)),
    );
    if (p >= 1) runs.push(gradRun(`torch.pdist(d, ${py})`, { d: dup }, ["d"], (t) => torch.pdist(t.d, p)));
  }
  runs.push(
    tr("torch.cdist(x1, x2[0])", { x1, x2 }, (t) => torch.cdist(t.x1, t.x2.get(0))),
    tr("torch.cdist(m[0], m)", { m }, (t) => torch.cdist(t.m.get(0), t.m)),
    tr("torch.cdist(x1, m)", { x1, m }, (t) => torch.cdist(t.x1, t.m)),
    tr("torch.cdist(m, m, -1)", { m }, (t) => torch.cdist(t.m, t.m, -1)),
    tr("torch.cdist(a, a)", { a: I([2, 2], [1, 2, 3, 4]) }, (t) => torch.cdist(t.a, t.a)),
    tr("torch.pdist(m[:1])", { m }, (t) => torch.pdist(t.m.get(":1"))),
    tr("torch.pdist(m[0])", { m }, (t) => torch.pdist(t.m.get(0))),
    tr("torch.pdist(m, -2)", { m }, (t) => torch.pdist(t.m, -2)),
    tr("torch.cosine_similarity(x1, x2[:, :3])", { x1, x2 }, (t) => torch.cosineSimilarity(t.x1, t.x2.get(":, :3"))),
    tr("torch.cosine_similarity(m, m[:1], 1)", { m }, (t) => torch.cosineSimilarity(t.m, t.m.get(":1"), 1)),
    tr(
      "torch.cosine_similarity(m, m.flip(0), dim=0, eps=0.5)",
      { m },
      (t) => torch.cosineSimilarity(t.m, t.m.flip(0), { dim: 0, eps: 0.5 }),
    ),
    tr("torch.cosine_similarity(m * 0, m)", { m }, (t) => torch.cosineSimilarity(t.m.mul(0), t.m)),
    tr("torch.cosine_similarity(a, a)", { a: I([2, 2], [1, 2, 3, 4]) }, (t) => torch.cosineSimilarity(t.a, t.a)),
    tr(
      "torch.cosine_similarity(a, m[:2, :2].float())",
      { a: I([2, 2], [1, 2, 3, 4]), m },
      (t) => torch.cosineSimilarity(t.a, t.m.get(":2, :2").float()),
    ),
    gradRun(
      "torch.cosine_similarity(x1, x2[:, :3], -1)",
      { x1, x2 },
      ["x1", "x2"],
      (t) => torch.cosineSimilarity(t.x1, t.x2.get(":, :3"), -1),
    ),
    tr("torch.renorm(m, 2, 0, 1.5)", { m }, (t) => torch.renorm(t.m, 2, 0, 1.5)),
    tr("m.renorm(1, 1, 2)", { m }, (t) => t.m.renorm(1, 1, 2)),
    tr("m.renorm_(float('inf'), -1, 0.5)", { m }, (t) => t.m.renorm_(Infinity, -1, 0.5)),
    tr("m.renorm(2, 0, -1)", { m }, (t) => t.m.renorm(2, 0, -1)),
    tr("m.renorm(0, 0, 1)", { m }, (t) => t.m.renorm(0, 0, 1)),
    tr("a.renorm(2, 0, 1)", { a: I([2, 2], [1, 2, 3, 4]) }, (t) => t.a.renorm(2, 0, 1)),
    gradRun("torch.renorm(m, 2, 0, 1.5)", { m }, ["m"], (t) => torch.renorm(t.m, 2, 0, 1.5)),
  );
  await checkRuns(runs, { rtol: 1e-7, atol: 1e-10 });
});

Deno.test("put, put_, typeAs, detach", async () => {
  const x = F64([2, 3], 1), src = F64([4], 2), idx = I([2, 2], [0, -1, 5, 0]);
  const runs: Run[] = [
    tr("torch.put(x, i, s.reshape(2, 2))", { x, i: idx, s: src }, (t) => torch.put(t.x, t.i, t.s.reshape(2, 2))),
    tr("x.put(i, s, accumulate=True)", { x, i: idx, s: src }, (t) => t.x.put(t.i, t.s, { accumulate: true })),
    tr("x.put_(i, s, True)", { x, i: idx, s: src }, (t) => t.x.put_(t.i, t.s, true)),
    tr("x.put(i, s[:3])", { x, i: idx, s: src }, (t) => t.x.put(t.i, t.s.get(":3"))),
    tr("x.put(i, s.float())", { x, i: idx, s: src }, (t) => t.x.put(t.i, t.s.float())),
    tr("x.put(i.int(), s)", { x, i: idx, s: src }, (t) => t.x.put(t.i.int(), t.s)),
    tr("x.put(i + 6, s)", { x, i: idx, s: src }, (t) => t.x.put(t.i.add(6), t.s)),
    gradRun(
      "x.put(i, s, accumulate=True)",
      { x, i: idx, s: src },
      ["x", "s"],
      (t) => t.x.put(t.i, t.s, { accumulate: true }),
    ),
    gradRun("x.put(i, s)", { x, i: I([2], [4, 1]), s: F64([2], 3) }, ["x", "s"], (t) => t.x.put(t.i, t.s)),
    tr("x.type_as(i)", { x, i: idx }, (t) => t.x.typeAs(t.i)),
    tr("i.type_as(x)", { x, i: idx }, (t) => t.i.typeAs(t.x)),
  ];
  await checkRuns(runs, { rtol: 1e-9, atol: 1e-12 });
  const a = torch.tensor([1.5, 2], { requiresGrad: true });
  const n = a.newTensor([[1, 2], [3, 4]]);
  assert.deepEqual([n.dtype, n.shape, n.requiresGrad, n.tolist()], ["float32", [2, 2], false, [[1, 2], [3, 4]]]);
  assert.equal(a.newTensor([1], { dtype: "int64", requiresGrad: false }).dtype, "int64");
  assert.ok(a.newTensor([1.5], { requiresGrad: true }).isLeaf);
  const d = torch.detach(a.mul(2));
  assert.equal(d.requiresGrad, false);
  assert.deepEqual(d.tolist(), [3, 4]);
  const y = a.typeAs(torch.tensor([1], { dtype: "float64" }));
  y.sum().backward();
  assert.deepEqual([y.dtype, a.grad!.tolist()], ["float64", [1, 1]]);
});

Deno.test("np.vdot, nancumsum, nancumprod, nanargmax, nanargmin", async () => {
  const a = inp("float64", [2, 3], [1, NaN, 3, NaN, 5, -6]);
  const allNan = inp("float64", [2, 2], [NaN, 1, NaN, NaN]);
  const runs: Run[] = [
    nr("np.vdot(x, y)", { x: I([2, 2], [1, 2, 3, 4]), y: inp("float32", [4], [1, 2, 3, 4]) }, (t) => np.vdot(t.x, t.y)),
    nr("np.vdot(x, y)", { x: I([2, 2], [1, 2, 3, 4]), y: I([4], [1, 2, 3, 4]) }, (t) => np.vdot(t.x, t.y)),
    nr("np.vdot(x, y)", { x: I([3], [1, 2, 3]), y: I([4], [1, 2, 3, 4]) }, (t) => np.vdot(t.x, t.y)),
    nr("np.vdot(x.T, x)", { x: F64([2, 3], 1) }, (t) => np.vdot(t.x.T, t.x)),
  ];
  for (const f of ["nancumsum", "nancumprod"] as const) {
    runs.push(
      nr(`np.${f}(a)`, { a }, (t) => np[f](t.a)),
      nr(`np.${f}(a, 1)`, { a }, (t) => np[f](t.a, 1)),
      nr(`np.${f}(a, axis=0, dtype=np.float32)`, { a }, (t) => np[f](t.a, { axis: 0, dtype: "float32" })),
      nr(`np.${f}(a, -1)`, { a: inp("int32", [2, 2], [1, 2, 3, 4]) }, (t) => np[f](t.a, -1)),
      nr(`np.${f}(a)`, { a: inp("bool", [3], [true, false, true]) }, (t) => np[f](t.a)),
      nr(`np.${f}(a, 0)`, { a: inp("float32", [0, 2], []) }, (t) => np[f](t.a, 0)),
    );
  }
  for (const f of ["nanargmax", "nanargmin"] as const) {
    runs.push(
      nr(`np.${f}(a)`, { a }, (t) => np[f](t.a)),
      nr(`np.${f}(a, 1)`, { a }, (t) => np[f](t.a, 1)),
      nr(`np.${f}(a, 0, keepdims=True)`, { a }, (t) => np[f](t.a, 0, { keepdims: true })),
      nr(`np.${f}(a, 1)`, { a: allNan }, (t) => np[f](t.a, 1)),
      nr(`np.${f}(a, 0)`, { a: allNan }, (t) => np[f](t.a, 0)),
      nr(`np.${f}(a * np.nan)`, { a }, (t) => np[f](t.a.multiply(NaN))),
      nr(`np.${f}(a, 1)`, { a: I([2, 2], [3, 1, 1, 3]) }, (t) => np[f](t.a, 1)),
      nr(`np.${f}(a)`, { a: inp("float64", [0], []) }, (t) => np[f](t.a)),
    );
  }
  await checkRuns(runs);
});

Deno.test("indexReduce: reductions, in place, errors, gradients", async () => {
  const x = inp("float64", [3, 2], [1, 2, 3, 4, 5, 6]), src = inp("float64", [4, 2], [0, 5, 7, 3, 2, 8, -1, 4]);
  const ix = I([4], [0, 2, 0, 1]);
  const runs: Run[] = [];
  for (const reduce of ["prod", "mean", "amax", "amin"]) {
    for (const inc of [true, false]) {
      const py = `'${reduce}', include_self=${inc ? "True" : "False"}`;
      runs.push(
        tr(
          `x.index_reduce(0, i, s, ${py})`,
          { x, i: ix, s: src },
          (t) => t.x.indexReduce(0, t.i, t.s, reduce, { includeSelf: inc }),
        ),
        tr(
          `x.index_reduce_(1, i, s, ${py})`,
          { x, i: I([3], [1, 1, 0]), s: F64([3, 3], 1) },
          (t) => t.x.indexReduce_(1, t.i, t.s, reduce, { includeSelf: inc }),
        ),
        gradRun(
          `x.index_reduce(0, i, s, ${py})`,
          { x, i: ix, s: src },
          ["x", "s"],
          (t) => t.x.indexReduce(0, t.i, t.s, reduce, { includeSelf: inc }),
        ),
      );
    }
  }
  runs.push(
    tr(
      "x.index_reduce(0, i, s, 'mean')",
      { x: I([2], [-5, 2]), i: I([2], [0, 0]), s: I([2], [2, 2]) },
      (t) => t.x.indexReduce(0, t.i, t.s, "mean"),
    ),
    tr("x.index_reduce(0, i, s, 'sum')", { x, i: ix, s: src }, (t) => t.x.indexReduce(0, t.i, t.s, "sum")),
    tr(
      "x.index_reduce(0, i[None], s, 'prod')",
      { x, i: ix, s: src },
      (t) => t.x.indexReduce(0, t.i.unsqueeze(0), t.s, "prod"),
    ),
    tr("x.index_reduce(0, i - 1, s, 'prod')", { x, i: ix, s: src }, (t) => t.x.indexReduce(0, t.i.sub(1), t.s, "prod")),
    tr("x.index_reduce(0, i * 2, s, 'prod')", { x, i: ix, s: src }, (t) => t.x.indexReduce(0, t.i.mul(2), t.s, "prod")),
    tr(
      "x.index_reduce(0, i.float(), s, 'prod')",
      { x, i: ix, s: src },
      (t) => t.x.indexReduce(0, t.i.float(), t.s, "prod"),
    ),
    tr(
      "x.index_reduce(0, i[:3], s, 'prod')",
      { x, i: ix, s: src },
      (t) => t.x.indexReduce(0, t.i.get(":3"), t.s, "prod"),
    ),
    tr(
      "x.index_reduce(0, i, s.float(), 'prod')",
      { x, i: ix, s: src },
      (t) => t.x.indexReduce(0, t.i, t.s.float(), "prod"),
    ),
  );
  await checkRuns(runs, { rtol: 1e-9, atol: 1e-12 });
});

Deno.test("np.nanmedian and torch.nanmedian: NaNs left out, all-NaN slices, dims, indices, gradients", async () => {
  const a = inp("float64", [3, 4], [NaN, 3, 1, 2, NaN, NaN, NaN, NaN, 4, NaN, 4, 1]);
  const f = inp("float32", [2, 3], [1.5, NaN, 2.25, 7, 3, -1]);
  const ints = inp("int32", [2, 3], [5, 1, 3, 2, 8, 4]);
  const runs: Run[] = [
    nr("np.nanmedian(a)", { a }, (t) => np.nanmedian(t.a)),
    nr("np.nanmedian(a, 1)", { a }, (t) => np.nanmedian(t.a, 1)),
    nr("np.nanmedian(a, 0, keepdims=True)", { a }, (t) => np.nanmedian(t.a, 0, { keepdims: true })),
    nr("np.nanmedian(a, (0, 1))", { a }, (t) => np.nanmedian(t.a, [0, 1])),
    nr("np.nanmedian(f, -1)", { f }, (t) => np.nanmedian(t.f, -1)),
    nr("np.nanmedian(i, 1)", { i: ints }, (t) => np.nanmedian(t.i, 1)),
    nr("np.nanmedian(i)", { i: ints }, (t) => np.nanmedian(t.i)),
    nr("np.nanmedian(e, 0)", { e: inp("float64", [0, 2], []) }, (t) => np.nanmedian(t.e, 0)),
    nr("np.nanmedian(a, 2)", { a }, (t) => np.nanmedian(t.a, 2)),
    tr("torch.nanmedian(a)", { a }, (t) => torch.nanmedian(t.a)),
    tr("torch.nanmedian(f)", { f }, (t) => torch.nanmedian(t.f)),
    tr("torch.nanmedian(i)", { i: ints }, (t) => torch.nanmedian(t.i)),
    tr("a[1].nanmedian()", { a }, (t) => t.a.get(1).nanmedian()),
    tr("tuple(torch.nanmedian(a[[0, 2]], 1))", { a }, (t) => torch.nanmedian(t.a.get([[0, 2]]), 1)),
    tr("tuple(a.nanmedian(0, keepdim=True))", { a }, (t) => t.a.nanmedian(0, { keepdim: true })),
    tr("tuple(f.nanmedian(-1))", { f }, (t) => t.f.nanmedian(-1)),
    tr("tuple(i.nanmedian(1))", { i: ints }, (t) => t.i.nanmedian(1)),
    tr("tuple(x.nanmedian(0))", { x: inp("float64", [], [2.5]) }, (t) => t.x.nanmedian(0)),
    tr("tuple(e.nanmedian(1))", { e: inp("float64", [0, 3], []) }, (t) => t.e.nanmedian(1)),
    tr("tuple(e.nanmedian(0))", { e: inp("float64", [0, 3], []) }, (t) => t.e.nanmedian(0)),
    tr("a.nanmedian(2)", { a }, (t) => t.a.nanmedian(2)),
    gradRun(
      "torch.nanmedian(f)",
      { f: inp("float64", [2, 3], [1.5, NaN, 2.25, 7, 3, -1]) },
      ["f"],
      (t) => torch.nanmedian(t.f),
    ),
    gradRun(
      "torch.nanmedian(f, 1)[0]",
      { f: inp("float64", [2, 3], [1.5, NaN, 2.25, 7, 3, -1]) },
      ["f"],
      (t) => torch.nanmedian(t.f, 1)[0],
    ),
  ];
  await checkRuns(runs);
});

Deno.test("linalg.multiDot, matrixExp: orders, vectors, errors, gradients", async () => {
  const a = F64([3], 1), b = F64([3, 5], 2), c = F64([5, 2], 3), d = F64([2], 4);
  const m = inp("float64", [2, 3, 3], [0.5, 2.5, -1, 1, -3, 0.25, 4, 1.5, 2, 0.1, 0.2, 0, 0, 0.1, 0.3, 0.2, 0, 0.1]);
  const runs: Run[] = [
    tr("torch.linalg.multi_dot([a, b, c, d])", { a, b, c, d }, (t) => torch.linalg.multiDot([t.a, t.b, t.c, t.d])),
    tr("torch.linalg.multi_dot([b, c])", { b, c }, (t) => torch.linalg.multiDot([t.b, t.c])),
    tr("torch.linalg.multi_dot([b, c, d])", { b, c, d }, (t) => torch.linalg.multiDot([t.b, t.c, t.d])),
    tr("torch.linalg.multi_dot([b])", { b }, (t) => torch.linalg.multiDot([t.b])),
    tr("torch.linalg.multi_dot([b, b])", { b }, (t) => torch.linalg.multiDot([t.b, t.b])),
    tr("torch.linalg.multi_dot([b, d, c])", { b, c, d }, (t) => torch.linalg.multiDot([t.b, t.d, t.c])),
    tr("torch.linalg.multi_dot([b, c.float()])", { b, c }, (t) => torch.linalg.multiDot([t.b, t.c.float()])),
    gradRun(
      "torch.linalg.multi_dot([a, b, c, d])",
      { a, b, c, d },
      ["a", "b", "c", "d"],
      (t) => torch.linalg.multiDot([t.a, t.b, t.c, t.d]),
    ),
    nr("np.linalg.multi_dot([a, b, c, d])", { a, b, c, d }, (t) => np.linalg.multiDot([t.a, t.b, t.c, t.d])),
    nr("np.linalg.multi_dot([b, c])", { b, c }, (t) => np.linalg.multiDot([t.b, t.c])),
    nr("np.linalg.multi_dot([b, c, d])", { b, c, d }, (t) => np.linalg.multiDot([t.b, t.c, t.d])),
    nr(
      "np.linalg.multi_dot([a, b.astype(np.int32), c.astype(np.float32)])",
      { a, b, c },
      (t) => np.linalg.multiDot([t.a, t.b.astype("int32"), t.c.astype("float32")]),
    ),
    nr("np.linalg.multi_dot([b])", { b }, (t) => np.linalg.multiDot([t.b])),
    nr("np.linalg.multi_dot([b, d, c])", { b, c, d }, (t) => np.linalg.multiDot([t.b, t.d, t.c])),
    nr("np.linalg.multi_dot([b, b])", { b }, (t) => np.linalg.multiDot([t.b, t.b])),
    tr("torch.linalg.matrix_exp(m)", { m }, (t) => torch.linalg.matrixExp(t.m)),
    // PyTorch's float32 kernel rounds differently (ours is closer to the float64 value)
    { ...tr("torch.matrix_exp(m.float())", { m }, (t) => torch.matrixExp(t.m.float())), tol: { rtol: 1e-5 } },
    tr("m[0].matrix_exp()", { m }, (t) => t.m.get(0).matrixExp()),
    tr("torch.matrix_exp(m * 10)", { m }, (t) => torch.matrixExp(t.m.mul(10))),
    tr("torch.matrix_exp(m[:, :2])", { m }, (t) => torch.matrixExp(t.m.get(":, :2"))),
    tr("torch.matrix_exp(m.long())", { m }, (t) => torch.matrixExp(t.m.long())),
    gradRun("torch.linalg.matrix_exp(m)", { m }, ["m"], (t) => torch.linalg.matrixExp(t.m)),
  ];
  await checkRuns(runs, { rtol: 1e-9, atol: 1e-10 });
});
