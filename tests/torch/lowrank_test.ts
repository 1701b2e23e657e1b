/**
 * torch.svd_lowrank and torch.pca_lowrank against PyTorch with the same
 * seed: the Gaussian draws are PyTorch's, so S matches exactly and U, V
 * match up to the sign of each singular pair (the small SVD's sign is
 * LAPACK's choice: PyTorch's MKL and dendrite's OpenBLAS may differ).
 * Batching, M, centering, q / niter, gradients of A and errors.
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import { type Encoded, numpy, rng } from "../helpers/oracle.ts";

type T = torch.Tensor;

function data(seed: number, n: number): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => Math.round((r() * 4 - 2) * 1e4) / 1e4);
}

interface LowrankCase {
  /** Python call on A (and M), after torch.manual_seed(0) */
  py: string;
  shape: number[];
  dtype: "float32" | "float64";
  ours: (A: T, M: T) => T[];
}

const values = (e: Encoded): number[] => ("data" in e ? e.data as number[] : []);

/** Compares [U, S, V] with PyTorch's: S exactly; each column pair of U and V up to one common sign. */
function sameUpToSign(ours: T[], want: Encoded, label: string, tol: number): void {
  assert.ok("tuple" in want, label);
  const [U, S, V] = ours, [Uw, Sw, Vw] = want.tuple;
  assert.deepEqual(S.shape, "shape" in Sw ? Sw.shape : [], `${label}: S shape`);
  const close = (a: number[], b: number[], what: string) =>
    a.forEach((v, i) =>
      assert.ok(Math.abs(v - b[i]) <= tol * (1 + Math.abs(b[i])), `${label} ${what}[${i}]: ${v} vs ${b[i]}`)
    );
  close(S.reshape([-1]).tolist() as number[], values(Sw), "S");
  for (const [X, W, what] of [[U, Uw, "U"], [V, Vw, "V"]] as const) {
    assert.deepEqual(X.shape, "shape" in W ? W.shape : [], `${label}: ${what} shape`);
  }
  // flip our pairs to PyTorch's signs, read from U's largest entry of each column
  const q = S.shape[S.ndim - 1], u = U.reshape([-1]).tolist() as number[], uw = values(Uw);
  const v = V.reshape([-1]).tolist() as number[], vw = values(Vw);
  const [m, n] = [U.shape[U.ndim - 2], V.shape[V.ndim - 2]], batches = u.length / (m * q);
  for (let b = 0; b < batches; b++) {
    for (let j = 0; j < q; j++) {
      let best = 0;
      for (let i = 0; i < m; i++) {
        if (Math.abs(uw[b * m * q + i * q + j]) > Math.abs(uw[b * m * q + best * q + j])) best = i;
      }
      const s = Math.sign(u[b * m * q + best * q + j]) === Math.sign(uw[b * m * q + best * q + j]) ? 1 : -1;
      for (let i = 0; i < m; i++) u[b * m * q + i * q + j] *= s;
      for (let i = 0; i < n; i++) v[b * n * q + i * q + j] *= s;
    }
  }
  close(u, uw, "U");
  close(v, vw, "V");
}

Deno.test("svd_lowrank and pca_lowrank match PyTorch's seeded results", async () => {
  const cases: LowrankCase[] = [];
  for (const dtype of ["float32", "float64"] as const) {
    cases.push(
      { py: "torch.svd_lowrank(A)", shape: [8, 7], dtype, ours: (A) => torch.svdLowrank(A) },
      {
        py: "torch.svd_lowrank(A, q=3, niter=1)",
        shape: [6, 9],
        dtype,
        ours: (A) => torch.svdLowrank(A, { q: 3, niter: 1 }),
      },
      { py: "torch.svd_lowrank(A, 4, 2, M)", shape: [2, 7, 5], dtype, ours: (A, M) => torch.svdLowrank(A, 4, 2, M) },
      {
        py: "torch.svd_lowrank(A, 2, niter=0)",
        shape: [5, 5],
        dtype,
        ours: (A) => torch.svdLowrank(A, 2, { niter: 0 }),
      },
      { py: "torch.pca_lowrank(A)", shape: [9, 5], dtype, ours: (A) => torch.pcaLowrank(A) },
      {
        py: "torch.pca_lowrank(A, q=3, center=False)",
        shape: [2, 6, 8],
        dtype,
        ours: (A) => torch.pcaLowrank(A, { q: 3, center: false }),
      },
      { py: "torch.pca_lowrank(A, 2, True, 3)", shape: [7, 4], dtype, ours: (A) => torch.pcaLowrank(A, 2, true, 3) },
    );
  }
  const results = await numpy(cases.map((c, i) => {
    const n = c.shape.reduce((p, d) => p * d, 1);
    return {
      torch: true,
      inputs: {
        A: { data: data(i, n), dtype: c.dtype, shape: c.shape },
        M: { data: data(100 + i, c.shape[c.shape.length - 1]), dtype: c.dtype, shape: [c.shape[c.shape.length - 1]] },
      },
      setup: "torch.manual_seed(0)",
      expr: c.py,
    };
  }));
  cases.forEach((c, i) => {
    const n = c.shape.reduce((p, d) => p * d, 1), last = c.shape[c.shape.length - 1];
    const A = torch.tensor(data(i, n), { dtype: c.dtype }).reshape(c.shape);
    const M = torch.tensor(data(100 + i, last), { dtype: c.dtype });
    torch.manualSeed(0);
    const r = results[i];
    assert.ok("value" in r, `${c.py}: ${JSON.stringify(r)}`);
    sameUpToSign(c.ours(A, M), r.value, `${c.py} ${c.dtype}`, c.dtype === "float32" ? 2e-4 : 1e-9);
  });
});

Deno.test("svd_lowrank: gradients of A through qr and svd (sign-invariant loss)", async () => {
  const A = data(7, 24);
  const [res] = await numpy([{
    torch: true,
    setup: "torch.manual_seed(0)",
    expr:
      "(lambda A: (torch.svd_lowrank(A, 3)[1].sum() + (lambda r: (r[0] @ r[2].mT).pow(2).sum())(torch.svd_lowrank(A, 3))).backward() or A.grad)(" +
      `torch.tensor(${JSON.stringify(A)}, dtype=torch.float64).reshape(6, 4).requires_grad_())`,
  }]);
  torch.manualSeed(0);
  const x = torch.tensor(A, { dtype: "float64" }).reshape([6, 4]).requiresGrad_();
  const [, S] = torch.svdLowrank(x, 3), [U, , V] = torch.svdLowrank(x, 3);
  S.sum().add(U.matmul(V.mT).pow(2).sum()).backward();
  assert.ok("value" in res && "data" in res.value);
  const want = res.value.data as number[], got = x.grad!.reshape([-1]).tolist() as number[];
  got.forEach((g, i) => assert.ok(Math.abs(g - want[i]) < 1e-8, `grad[${i}]: ${g} vs ${want[i]}`));
});

Deno.test("pca_lowrank: PyTorch's errors", () => {
  const A = torch.ones([4, 3]);
  assert.throws(() => torch.pcaLowrank(A, 4), {
    message: "q(=4) must be non-negative integer and not greater than min(m, n)=3",
  });
  assert.throws(() => torch.pcaLowrank(A, -1), RangeError);
  assert.throws(() => torch.pcaLowrank(A, { niter: -1 }), { message: "niter(=-1) must be non-negative integer" });
  assert.throws(() => torch.svdLowrank(A, { bogus: 1 } as never), TypeError);
});
