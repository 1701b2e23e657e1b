/** torch ops against real PyTorch 2.13: element-wise (with torch's promotion), reductions, shape, index and matrix ops. */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import { buildT, checkRuns, type Input, randomInput, rng, type Run } from "../helpers/oracle.ts";

type T = torch.Tensor;
const runs: Run[] = [];
const r = rng(21);
const add = (expr: string, inputs: Record<string, Input>, ours: (...t: T[]) => unknown, tol?: Run["tol"]) =>
  runs.push({ c: { expr, inputs, torch: true }, ours: () => ours(...Object.values(inputs).map(buildT)), tol });

const F = ["float32", "float64"], ALL = ["bool", "uint8", "int32", "int64", "float32", "float64"];
// element-wise with PyTorch's promotion (int32 + float32 -> float32, int / int -> float32)
for (const da of ALL) {
  for (const db of ALL) {
    const a = randomInput(r, da, [3, 4]), b = randomInput(r, db, [4]);
    if (da !== "bool" || db !== "bool") add("torch.sub(a, b)", { a, b }, (x, y) => x.sub(y));
    add("a + b", { a, b }, (x, y) => x.add(y));
    add("a * b", { a, b }, (x, y) => x.mul(y));
    add("a / b", { a, b }, (x, y) => x.div(y));
    add("torch.maximum(a, b)", { a, b }, (x, y) => torch.maximum(x, y));
    add("a < b", { a, b }, (x, y) => x.lt(y));
    add("a == b", { a, b }, (x, y) => x.eq(y));
  }
  const a = randomInput(r, da, [2, 5], "::2");
  for (const s of [2, 2.5, true]) {
    const py = s === true ? "True" : String(s);
    add(`a * ${py}`, { a }, (x) => x.mul(s));
    if (da !== "bool") add(`a + ${py}`, { a }, (x) => x.add(s));
  }
  if (da !== "bool") add("torch.abs(a)", { a }, (x) => x.abs());
  add("torch.sqrt(a)", { a }, (x) => x.sqrt());
  add("torch.exp(a)", { a }, (x) => x.exp());
  add("torch.sigmoid(a)", { a }, (x) => x.sigmoid());
}
// topk through ties: PyTorch returns them in index order, as the stable sort's first k
for (const dt of ["uint8", "int32", "int64"]) {
  const t = { data: Array.from({ length: 2 * 90 }, (_, i) => (i * 7) % 5), dtype: dt, shape: [2, 90] };
  for (const k of [1, 4, 20, 40]) {
    add(`torch.topk(t, ${k})`, { t }, (v) => v.topk(k));
    add(`torch.topk(t, ${k}, largest=False)`, { t }, (v) => v.topk(k, { largest: false }));
  }
}
for (const dt of F) {
  const a = randomInput(r, dt, [3, 5]), b = randomInput(r, dt, [3, 10], ":, 1::2");
  const U = [
    "abs",
    "ceil",
    "floor",
    "round",
    "trunc",
    "frac",
    "exp",
    "expm1",
    "log",
    "log1p",
    "log2",
    "sqrt",
    "rsqrt",
    "neg",
    "reciprocal",
    "sign",
    "sigmoid",
    "tanh",
    "relu",
    "sin",
    "cos",
  ];
  for (const op of U) add(`torch.${op}(a)`, { a }, (x) => (x as unknown as Record<string, () => T>)[op]());
  add("torch.softmax(a, 1)", { a }, (x) => x.softmax(1));
  add("torch.log_softmax(a, 0)", { a }, (x) => x.logSoftmax(0));
  // the fused softmax kernel: every dim of 2-d and 3-d inputs, strided and transposed views, rows with infinities and
  // NaN (a row of -inf is NaN, +inf gives NaN where it meets itself), and one large enough for threads
  const t3 = randomInput(r, dt, [2, 3, 5]), tv = randomInput(r, dt, [6, 8], "1::2, ::3");
  const odd = {
    data: [1, -Infinity, 2, 0, -Infinity, -Infinity, -Infinity, -Infinity, 1, Infinity, 2, 3, NaN, 1, 2, 3],
    dtype: dt,
    shape: [4, 4],
  };
  const big = randomInput(r, dt, [40, 2000]);
  for (const [name, x] of [["t3", t3], ["tv", tv], ["odd", odd], ["big", big]] as const) {
    for (const d of name === "t3" ? [0, 1, 2, -1] : [0, 1]) {
      add(`torch.softmax(x, ${d})`, { x }, (v) => v.softmax(d));
      add(`torch.log_softmax(x, ${d})`, { x }, (v) => v.logSoftmax(d));
    }
  }
  add("torch.softmax(x.reshape(6, 5).t(), 1)", { x: t3 }, (v) => v.reshape(6, 5).t().softmax(1));
  // topk by selection (k <= 32) and by a full sort (k > 32): both orders, both dims, NaN (the largest)
  const w = randomInput(r, dt, [5, 70]);
  w.data[3] = NaN;
  w.data[141] = NaN;
  for (const k of [1, 5, 32, 33]) {
    for (const largest of [true, false]) {
      const py = largest ? "True" : "False";
      add(`torch.topk(w, ${k}, 1, ${py})`, { w }, (v) => v.topk(k, 1, largest));
      if (k <= 5) add(`torch.topk(w.t(), ${k}, 0, ${py})`, { w }, (v) => v.t().topk(k, 0, largest));
    }
  }
  add("torch.clamp(a, -1, 2)", { a }, (x) => x.clamp(-1, 2));
  add("torch.clamp(a, max=b)", { a, b }, (x, y) => x.clamp(null, y));
  add("torch.lerp(a, b, 0.3)", { a, b }, (x, y) => x.lerp(y, 0.3));
  add("torch.addcmul(a, a, b, value=0.5)", { a, b }, (x, y) => x.addcmul(x, y, { value: 0.5 }));
  add("torch.addcdiv(a, a, b, value=2)", { a, b }, (x, y) => x.addcdiv(x, y, { value: 2 }));
  add("torch.pow(a, 2)", { a }, (x) => x.pow(2));
  add("torch.pow(a.abs(), b)", { a, b }, (x, y) => x.abs().pow(y));
  add("torch.fmod(a, 1.5)", { a }, (x) => x.fmod(1.5));
  add("torch.remainder(a, 1.5)", { a }, (x) => x.remainder(1.5));
  add("torch.div(a, b, rounding_mode='floor')", { a, b }, (x, y) => x.div(y, { roundingMode: "floor" }));
  add("torch.div(a, b, rounding_mode='trunc')", { a, b }, (x, y) => x.div(y, { roundingMode: "trunc" }));
  add("torch.add(a, b, alpha=2)", { a, b }, (x, y) => x.add(y, { alpha: 2 }));
  // reductions
  for (
    const [py, dim] of [["", undefined], ["1", 1], ["-2", -2], ["(0, 1)", [0, 1]]] as [
      string,
      number | number[] | undefined,
    ][]
  ) {
    const k = py ? `, ${py}` : "";
    add(`torch.sum(a${k})`, { a }, (x) => x.sum(dim));
    add(`torch.mean(a${k})`, { a }, (x) => x.mean(dim));
    add(`torch.std(a${k})`, { a }, (x) => x.std(dim), { rtol: 1e-5, atol: 1e-6 });
    add(`torch.var(a${k}, unbiased=False)`, { a }, (x) => x.var(dim, { unbiased: false }), { rtol: 1e-5, atol: 1e-6 });
    add(`torch.logsumexp(a${k || ", (0, 1)"})`, { a }, (x) => x.logsumexp(dim ?? [0, 1]), { rtol: 1e-5, atol: 1e-6 });
    add(`torch.norm(a${k ? ", 2" + k : ""})`, { a }, (x) => x.norm(2, dim), { rtol: 1e-5, atol: 1e-6 });
    add(`torch.amax(a${k})`, { a }, (x) => x.amax(dim));
  }
  add("torch.sum(a, 1, keepdim=True)", { a }, (x) => x.sum(1, { keepdim: true }));
  add("torch.prod(a, 1)", { a }, (x) => x.prod(1), { rtol: 1e-5, atol: 1e-6 });
  add("torch.max(a)", { a }, (x) => x.max());
  add("tuple(torch.max(a, 1))", { a }, (x) => x.max(1));
  add("tuple(torch.min(a, 0, keepdim=True))", { a }, (x) => x.min(0, { keepdim: true }));
  add("torch.median(a)", { a }, (x) => x.median());
  add("tuple(torch.median(a, 1))", { a }, (x) => x.median(1));
  add("torch.argmax(a)", { a }, (x) => x.argmax());
  add("torch.argmin(a, 1)", { a }, (x) => x.argmin(1));
  add("torch.cumsum(a, 1)", { a }, (x) => x.cumsum(1), { rtol: 1e-5, atol: 1e-5 });
  add("torch.cumprod(a, 0)", { a }, (x) => x.cumprod(0), { rtol: 1e-5, atol: 1e-5 });
  add("torch.dist(a, b)", { a, b }, (x, y) => x.dist(y), { rtol: 1e-5, atol: 1e-5 });
  add("torch.norm(a, 1)", { a }, (x) => x.norm(1));
  add("tuple(torch.topk(a, 2))", { a }, (x) => x.topk(2));
  add("tuple(torch.topk(a, 3, dim=0, largest=False))", { a }, (x) => x.topk(3, 0, { largest: false }));
  add("tuple(torch.sort(a, 1))", { a }, (x) => x.sort(1));
  add("tuple(torch.sort(a, 0, descending=True))", { a }, (x) => x.sort(0, { descending: true }));
  add("torch.argsort(a, 1)", { a }, (x) => x.argsort(1));
  add("tuple(torch.kthvalue(a, 2, 1))", { a }, (x) => x.kthvalue(2, 1));
  add("torch.isclose(a, b)", { a, b }, (x, y) => x.isclose(y));
  add("torch.allclose(a, a + 1e-9)", { a }, (x) => x.allclose(x.add(1e-9)));
  // matrix
  const m = randomInput(r, dt, [3, 4]), n = randomInput(r, dt, [4, 2]), v = randomInput(r, dt, [4]);
  const bm = randomInput(r, dt, [2, 3, 4]), bn = randomInput(r, dt, [2, 4, 5]);
  const tol = { rtol: 1e-5, atol: 1e-5 };
  add("torch.mm(m, n)", { m, n }, (x, y) => x.mm(y), tol);
  add("torch.mv(m, v)", { m, v }, (x, y) => x.mv(y), tol);
  add("torch.dot(v, v)", { v }, (x) => x.dot(x), tol);
  add("torch.bmm(bm, bn)", { bm, bn }, (x, y) => x.bmm(y), tol);
  add("torch.matmul(bm, n)", { bm, n }, (x, y) => x.matmul(y), tol);
  add("torch.matmul(v, bn)", { v, bn }, (x, y) => x.matmul(y), tol);
  add("torch.outer(v, v)", { v }, (x) => x.outer(x), tol);
  add("torch.mm(m, m)", { m }, (x) => x.mm(x));
  add("torch.dot(v, m[0, :3])", { v, m }, (x, y) => x.dot(y.get("0, :3")));
}
// integer reductions and others
{
  const a = randomInput(r, "int64", [4, 5]);
  add("torch.sum(a, 0)", { a }, (x) => x.sum(0));
  add("torch.mean(a)", { a }, (x) => x.mean());
  add("tuple(torch.mode(a, 1))", { a }, (x) => x.mode(1));
  add("torch.unique(a)", { a }, (x) => x.unique());
  add(
    "tuple(torch.unique(a, return_inverse=True, return_counts=True))",
    { a },
    (x) => x.unique({ returnInverse: true, returnCounts: true }),
  );
  add("torch.all(a > -100)", { a }, (x) => x.gt(-100).all());
  add("torch.any(a > 50, 1)", { a }, (x) => x.gt(50).any(1));
}
// shape and index ops
{
  const a = randomInput(r, "float32", [3, 4, 2]), idx = { data: [2, 0, 2], dtype: "int64", shape: [3] };
  add("a.view(4, -1)", { a }, (x) => x.view(4, -1));
  add("a.reshape(-1)", { a }, (x) => x.reshape(-1));
  add("a.transpose(0, 2)", { a }, (x) => x.transpose(0, 2));
  add("a.permute(2, 0, 1)", { a }, (x) => x.permute(2, 0, 1));
  add("a.unsqueeze(1)", { a }, (x) => x.unsqueeze(1));
  add("a[:1].squeeze()", { a }, (x) => x.get(":1").squeeze());
  add("torch.flip(a, [0, 2])", { a }, (x) => x.flip([0, 2]));
  add("a[::-1]", { a }, (x) => x.get("::-1"));
  add("a.flatten(1)", { a }, (x) => x.flatten(1));
  add("a.unflatten(1, (2, 2))", { a }, (x) => x.unflatten(1, [2, 2]));
  add("a[:, :1].expand(3, 4, 2)", { a }, (x) => x.get(":, :1").expand(3, 4, 2));
  add("a.repeat(2, 1, 3)", { a }, (x) => x.repeat(2, 1, 3));
  add("a[0].t()", { a }, (x) => x.get(0).t());
  add("torch.cat([a, a], 1)", { a }, (x) => torch.cat([x, x], 1));
  add("torch.stack([a, a], 3)", { a }, (x) => torch.stack([x, x], 3));
  add("torch.split(a, 2, 1)", { a }, (x) => x.split(2, 1));
  add("torch.split(a, [1, 3], 1)", { a }, (x) => x.split([1, 3], 1));
  add("torch.chunk(a, 2, 0)", { a }, (x) => x.chunk(2, 0));
  add("a.narrow(1, 1, 2)", { a }, (x) => x.narrow(1, 1, 2));
  add("torch.index_select(a, 1, i)", { a, i: idx }, (x, i) => x.indexSelect(1, i));
  add("a[1:, ::2]", { a }, (x) => x.get("1:, ::2"));
  add("a[a > 0]", { a }, (x) => x.get([x.gt(0)]));
  add("torch.masked_select(a, a > 0)", { a }, (x) => x.maskedSelect(x.gt(0)));
  add("a.masked_fill(a > 0, -1.0)", { a }, (x) => x.maskedFill(x.gt(0), -1));
  add("torch.where(a > 0, a, torch.zeros(()))", { a }, (x) => torch.where(x.gt(0), x, 0));
  add("torch.nonzero(a > 0)", { a }, (x) => x.gt(0).nonzero());
  add("torch.nonzero(a > 0, as_tuple=True)", { a }, (x) => x.gt(0).nonzero({ asTuple: true }));
  add("torch.take(a, i)", { a, i: idx }, (x, i) => x.take(i));
  const gi = { data: [0, 1, 1, 0, 2, 2, 1, 0], dtype: "int64", shape: [2, 4, 1] };
  add("torch.gather(a, 0, i)", { a, i: gi }, (x, i) => x.gather(0, i));
  const s = randomInput(r, "float32", [2, 4, 1]);
  add("torch.zeros(3, 4, 2).scatter(0, i, s)", { i: gi, s }, (i, src) => torch.zeros(3, 4, 2).scatter(0, i, src));
  add(
    "torch.zeros(3, 4, 2).scatter_add(0, i, s)",
    { i: gi, s },
    (i, src) => torch.zeros(3, 4, 2).scatterAdd(0, i, src),
  );
  add(
    "torch.ones(3, 4, 2).scatter(0, i, s, reduce='multiply')",
    { i: gi, s },
    (i, src) => torch.ones(3, 4, 2).scatter(0, i, src, { reduce: "multiply" }),
  );
  add(
    "torch.zeros(3, 4, 2).index_add_(1, i, a[:, :3])",
    { i: idx, a },
    (i, x) => torch.zeros(3, 4, 2).indexAdd_(1, i, x.get(":, :3")),
  );
  // errors
  add("a.t().contiguous().T.view(-1)", { a }, (x) => x.get(0).t().view(-1));
  add("torch.mm(a[0], a[0])", { a }, (x) => x.get(0).mm(x.get(0)));
  add("a[5]", { a }, (x) => x.get(5));
  add("torch.cat([a, a[0]])", { a }, (x) => torch.cat([x, x.get(0)]));
}

// linalg
{
  const sq = randomInput(r, "float64", [4, 4]),
    rhs = randomInput(r, "float64", [4, 2]),
    rect = randomInput(r, "float32", [5, 3]);
  const tol = { rtol: 1e-8, atol: 1e-9 };
  add("torch.linalg.inv(a)", { a: sq }, (x) => torch.linalg.inv(x), tol);
  add("torch.linalg.det(a)", { a: sq }, (x) => torch.linalg.det(x), tol);
  add("torch.linalg.solve(a, b)", { a: sq, b: rhs }, (x, y) => torch.linalg.solve(x, y), tol);
  add("torch.linalg.svd(a)[1]", { a: rect }, (x) => torch.linalg.svd(x)[1], { rtol: 1e-5, atol: 1e-5 });
  add("torch.svd(a)[1]", { a: rect }, (x) => torch.svd(x)[1], { rtol: 1e-5, atol: 1e-5 });
  add("torch.linalg.qr(a)[1].abs()", { a: rect }, (x) => torch.linalg.qr(x)[1].abs(), { rtol: 1e-5, atol: 1e-5 });
  add("torch.linalg.norm(a)", { a: sq }, (x) => torch.linalg.norm(x), tol);
}

Deno.test("torch ops match PyTorch", () => checkRuns(runs, { rtol: 2e-6, atol: 1e-6 }));

Deno.test("softmax's composite (a backend without the kernel) gives the kernel's results, infinities and NaN too", async () => {
  const { registerBackend } = await import("../../src/backend/backend.ts");
  const { cpuBackend } = await import("../../src/backend/cpu.ts");
  const { softmax: _, ...composite } = cpuBackend("privateuseone:1");
  registerBackend(composite);
  const x = torch.tensor([[1, -Infinity, 2, 0], [-Infinity, -Infinity, -Infinity, -Infinity], [1, Infinity, 2, 3], [
    NaN,
    1,
    2,
    3,
  ], [0.5, -3, 7.25, 1]]);
  for (const dt of ["float32", "float64"] as const) {
    const a = x.to(dt), b = a.to("privateuseone:1");
    for (const d of [0, 1]) {
      for (const f of ["softmax", "logSoftmax"] as const) {
        const want = a[f](d).tolist() as number[][], got = b[f](d).to("cpu").tolist() as number[][];
        want.flat().forEach((w, i) => {
          const g = got.flat()[i];
          if (Number.isNaN(w)) assert.ok(Number.isNaN(g), `${f}(${d}) ${dt} [${i}]: ${g}, expected NaN`);
          else {assert.ok(
              g === w || Math.abs(g - w) <= 1e-6 * Math.max(1, Math.abs(w)),
              `${f}(${d}) ${dt} [${i}]: ${g} vs ${w}`,
            );}
        });
      }
    }
  }
});
