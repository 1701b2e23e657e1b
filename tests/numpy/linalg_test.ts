/** np.linalg against NumPy: values directly where the decomposition is unique, invariants where signs are free. */
import assert from "node:assert/strict";
import { np } from "../../mod.ts";
import { build, checkRuns, type Input, randomInput, rng, type Run } from "../helpers/oracle.ts";

const r = rng(9);
const runs: Run[] = [];
const sq = (dt: string, n: number, batch: number[] = [], view?: string): Input =>
  randomInput(r, dt, [...batch, n, n], view);
for (const dt of ["float64", "float32", "int64"]) {
  const tol = dt === "float32" ? { rtol: 1e-3, atol: 1e-4 } : { rtol: 1e-9, atol: 1e-10 };
  for (const a of [sq(dt, 3), sq(dt, 4, [2]), sq(dt, 5, [], "::-1, ::-1"), sq(dt, 1)]) {
    runs.push({ c: { expr: "np.linalg.inv(a)", inputs: { a } }, ours: () => np.linalg.inv(build(a)), tol });
    runs.push({ c: { expr: "np.linalg.det(a)", inputs: { a } }, ours: () => np.linalg.det(build(a)), tol });
    const b = randomInput(r, dt, [...a.shape.slice(0, -1)]);
    runs.push({
      c: { expr: "np.linalg.solve(a, b[..., None])[..., 0]", inputs: { a, b } },
      ours: () => np.linalg.solve(build(a), build(b).get("..., None")).get("..., 0"),
      tol,
    });
    runs.push({
      c: { expr: "np.linalg.svd(a, compute_uv=False)", inputs: { a } },
      ours: () => np.linalg.svd(build(a), { computeUV: false }),
      tol,
    });
    runs.push({
      c: { expr: "np.linalg.eigh(a + np.swapaxes(a, -1, -2))[0]", inputs: { a } },
      ours: () => np.linalg.eigh(build(a).add(np.swapaxes(build(a), -1, -2)))[0],
      tol,
    });
    runs.push({
      c: { expr: "np.abs(np.linalg.qr(a)[1])", inputs: { a } },
      ours: () => np.abs(np.linalg.qr(build(a))[1]),
      tol,
    });
  }
  const v = randomInput(r, dt, [6]), m = randomInput(r, dt, [3, 4]);
  for (const ord of ["None", "1", "2", "np.inf", "-np.inf", "0", "3"]) {
    const tsOrd = ord === "None" ? null : ord === "np.inf" ? Infinity : ord === "-np.inf" ? -Infinity : Number(ord);
    runs.push({
      c: { expr: `np.linalg.norm(v, ${ord})`, inputs: { v } },
      ours: () => np.linalg.norm(build(v), tsOrd),
      tol,
    });
  }
  for (const ord of ["None", "'fro'", "'nuc'", "1", "-1", "2", "-2", "np.inf", "-np.inf"]) {
    const tsOrd = ord === "None"
      ? null
      : ord === "'fro'"
      ? "fro"
      : ord === "'nuc'"
      ? "nuc"
      : ord === "np.inf"
      ? Infinity
      : ord === "-np.inf"
      ? -Infinity
      : Number(ord);
    runs.push({
      c: { expr: `np.linalg.norm(m, ${ord})`, inputs: { m } },
      ours: () => np.linalg.norm(build(m), tsOrd as np.linalg.Ord),
      tol,
    });
  }
  runs.push({
    c: { expr: "np.linalg.norm(m, axis=1, keepdims=True)", inputs: { m } },
    ours: () => np.linalg.norm(build(m), null, 1, { keepdims: true }),
    tol,
  });
  runs.push({
    c: { expr: "np.linalg.norm(m, axis=0)", inputs: { m } },
    ours: () => np.linalg.norm(build(m), null, 0),
    tol,
  });
}
runs.push({ c: { expr: "np.linalg.inv(np.ones((2, 2)))" }, ours: () => np.linalg.inv(np.ones([2, 2])) });
runs.push({ c: { expr: "np.linalg.inv(np.ones((2, 3)))" }, ours: () => np.linalg.inv(np.ones([2, 3])) });
runs.push({ c: { expr: "np.linalg.det(np.ones(3))" }, ours: () => np.linalg.det(np.ones(3)) });

Deno.test("linalg matches NumPy", () => checkRuns(runs));

function close(a: np.NDArray, b: np.NDArray, tol = 1e-10): void {
  const d = np.abs(a.subtract(b)).max().item() as number;
  assert.ok(d < tol, `max difference ${d}`);
}

Deno.test("svd, qr and eigh reconstruct their input", () => {
  const a = new np.random.RandomState(0).randn(5, 3) as np.NDArray;
  const [u, s, vh] = np.linalg.svd(a);
  assert.deepEqual([u.shape, s.shape, vh.shape], [[5, 5], [3], [3, 3]]);
  const [ur, , vhr] = np.linalg.svd(a, { fullMatrices: false });
  close(ur.multiply(s).matmul(vhr), a);
  close(u.T.matmul(u), np.eye(5));
  const [q, rr] = np.linalg.qr(a);
  close(q.matmul(rr), a);
  const qc = np.linalg.qr(a, "complete");
  assert.deepEqual([qc.Q.shape, qc.R.shape], [[5, 5], [5, 3]]);
  const sym = a.T.matmul(a);
  const [w, v] = np.linalg.eigh(sym);
  close(sym.matmul(v), v.multiply(w));
  close(np.linalg.solve(sym, np.ones(3)), np.linalg.inv(sym).matmul(np.ones(3)));
});
