/**
 * torch.geqrf / orgqr / ormqr, torch.linalg.householder_product,
 * ldl_factor(_ex), ldl_solve, solve_ex, matmul and torch.cholesky against
 * PyTorch: values (float32 and float64, batched), gradients where PyTorch
 * has them, call forms, and errors (class and message).
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import { assertMatches, buildT, type Case, type Input, numpy, type OracleResult, rng } from "../helpers/oracle.ts";

type T = torch.Tensor;
/** The first two results of a factorization, as a pair. */
const pair = (r: T[]): [T, T] => [r[0], r[1]];

/** Random float data of a shape, rounded so both sides build the same values. */
function rand(seed: number, shape: number[], dtype = "float64"): Input {
  const r = rng(seed), n = shape.reduce((p, d) => p * d, 1);
  return { data: Array.from({ length: n }, () => Math.round((r() * 4 - 2) * 1e4) / 1e4), dtype, shape };
}

/** A symmetric matrix stack (indefinite: Bunch-Kaufman picks 2x2 blocks) from random data. */
function symmetric(seed: number, shape: number[], dtype = "float64"): Input {
  const x = rand(seed, shape, dtype), n = shape[shape.length - 1], d = x.data as number[];
  for (let b = 0; b < d.length; b += n * n) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) d[b + j * n + i] = d[b + i * n + j];
      d[b + i * n + i] = i % 2 ? 0 : d[b + i * n + i] / 10; // small diagonals force 2x2 pivots
    }
  }
  return x;
}

/** A symmetric positive-definite stack: X X^T + n I. */
function spd(seed: number, shape: number[], dtype = "float64"): Input {
  const x = rand(seed, shape, "float64"), n = shape[shape.length - 1], d = x.data as number[];
  const out: number[] = [];
  for (let b = 0; b < d.length; b += n * n) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = i === j ? n : 0;
        for (let k = 0; k < n; k++) s += d[b + i * n + k] * d[b + j * n + k];
        out.push(Math.round(s * 1e4) / 1e4);
      }
    }
  }
  return { data: out, dtype, shape };
}

/** Python: vg(f, *xs) is [f's (first) value, the gradients of sum(sin(value)) for each x]. */
const SETUP = [
  "def vg(f, *xs):",
  "    xs = [x.detach().clone().requires_grad_() for x in xs]",
  "    y = f(*xs)",
  "    y = y[0] if isinstance(y, tuple) else y",
  "    y.sin().sum().backward()",
  "    return (y.detach(), *[x.grad for x in xs])",
].join("\n");

/** The TS twin of the Python vg. */
function vg(f: (...xs: T[]) => T | T[], ...inputs: T[]): T[] {
  const xs = inputs.map((x) => x.detach().clone().requiresGrad_());
  const r = f(...xs), y = Array.isArray(r) ? r[0] : r;
  y.sin().sum().backward();
  return [y.detach(), ...xs.map((x) => x.grad!)];
}

interface Check {
  py: string;
  inputs: Record<string, Input>;
  ours: (x: Record<string, T>) => unknown;
  tol?: { rtol?: number; atol?: number };
  /** compare the error's class only (the message is another op's: dendrite's matmul words its own) */
  anyMessage?: boolean;
}

/** Runs the checks' Python in one process and compares each result (or error: class and message). */
async function run(checks: Check[]): Promise<void> {
  const cases: Case[] = checks.map((c) => ({ expr: c.py, inputs: c.inputs, setup: SETUP, torch: true }));
  const results: OracleResult[] = await numpy(cases);
  const failures: string[] = [];
  checks.forEach((c, i) => {
    const want = results[i];
    const x = Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, buildT(v)]));
    try {
      if ("error" in want) {
        assert.throws(
          () => c.ours(x),
          (e: Error) => {
            const cls = want.error === "TypeError" ? TypeError : want.error === "IndexError" ? RangeError : Error;
            assert.ok(e instanceof cls, `${e.constructor.name} for ${want.error}`);
            if (want.error === "_LinAlgError") assert.equal(e.name, "LinAlgError");
            else if (want.error !== "TypeError") assert.ok(e instanceof torch.RuntimeError || e instanceof RangeError);
            if (c.anyMessage) return true;
            assert.equal(
              e.message,
              want.message.replace(/^.*INTERNAL ASSERT FAILED.*please report a bug to PyTorch\. /, ""),
            );
            return true;
          },
        );
      } else {
        const f32 = c.inputs[Object.keys(c.inputs)[0]]?.dtype === "float32";
        assertMatches(
          c.ours(x),
          want.value,
          c.py,
          c.tol ?? (f32 ? { rtol: 2e-3, atol: 2e-3 } : { rtol: 1e-9, atol: 1e-9 }),
        );
      }
    } catch (e) {
      failures.push(`${c.py}: ${(e as Error).message.split("\n")[0]}`);
    }
  });
  assert.deepEqual(failures, [], `${failures.length} of ${checks.length} cases differ`);
}

const DTYPES = ["float32", "float64"] as const;

Deno.test("geqrf, householder_product, orgqr and ormqr: values, batching and gradients", async () => {
  const checks: Check[] = [];
  for (const dt of DTYPES) {
    for (const shape of [[4, 3], [3, 5], [2, 3, 5, 3], [0, 3], [3, 3]]) {
      checks.push({ py: "torch.geqrf(a)", inputs: { a: rand(1, shape, dt) }, ours: (x) => torch.geqrf(x.a) });
    }
    checks.push({ py: "a.geqrf()", inputs: { a: rand(2, [2, 4, 2], dt) }, ours: (x) => x.a.geqrf() });
    // householder_product of geqrf's result, k = n and k < n, batched; orgqr's two forms
    for (const [shape, k] of [[[5, 3], 3], [[5, 3], 2], [[2, 4, 4], 4]] as const) {
      const inputs = { a: rand(3, [...shape], dt), t: rand(4, [...shape.slice(0, -2), k], dt) };
      checks.push({
        py: "vg(torch.linalg.householder_product, a, t)",
        inputs,
        ours: (x) => vg((a, t) => torch.linalg.householderProduct(a, t), x.a, x.t),
      });
    }
    // no reflectors: the identity's first columns
    checks.push({
      py: "torch.linalg.householder_product(a, t)",
      inputs: { a: rand(12, [3, 2], dt), t: rand(13, [0], dt) },
      ours: (x) => torch.linalg.householderProduct(x.a, { tau: x.t }),
    });
    const qr = { a: rand(5, [2, 5, 3], dt), t: rand(6, [2, 3], dt) };
    checks.push({
      py: "torch.orgqr(*torch.geqrf(a))",
      inputs: qr,
      ours: (x) => torch.orgqr(...pair(torch.geqrf(x.a))),
    });
    checks.push({
      py: "vg(lambda a, t: a.orgqr(t), a, t)",
      inputs: qr,
      ours: (x) => vg((a, t) => a.orgqr(t), x.a, x.t),
    });
    checks.push({
      py: "torch.orgqr(a, input2=t)",
      inputs: qr,
      ours: (x) => torch.orgqr(x.a, { input2: x.t }),
    });
    // ormqr: every side and transpose, gradients of input, tau and other
    for (const left of [true, false]) {
      for (const transpose of [false, true]) {
        const inputs = {
          a: rand(7, [2, 4, 3], dt),
          t: rand(8, [2, 3], dt),
          c: rand(9, left ? [2, 4, 2] : [2, 5, 4], dt),
        };
        const flags = `left=${left ? "True" : "False"}, transpose=${transpose ? "True" : "False"}`;
        checks.push({
          py: `vg(lambda a, t, c: torch.ormqr(a, t, c, ${flags}), a, t, c)`,
          inputs,
          ours: (x) => vg((a, t, c) => torch.ormqr(a, t, c, left, transpose), x.a, x.t, x.c),
        });
        checks.push({
          py: `a.ormqr(t, c, ${flags})`,
          inputs,
          ours: (x) => x.a.ormqr(x.t, x.c, { left, transpose }),
        });
      }
    }
    // Q of geqrf applied: ormqr(geqrf) C equals orgqr's Q times C (square case, k = min(m, n))
    checks.push({
      py: "torch.ormqr(*torch.geqrf(a), c, transpose=True)",
      inputs: { a: rand(10, [4, 4], dt), c: rand(11, [4, 3], dt) },
      ours: (x) => torch.ormqr(...pair(torch.geqrf(x.a)), x.c, { transpose: true }),
    });
  }
  await run(checks);
});

Deno.test("ldl_factor(_ex) and ldl_solve: LD, sytrf's pivots (2x2 blocks), infos, broadcasting", async () => {
  const checks: Check[] = [];
  for (const dt of DTYPES) {
    for (const shape of [[3, 3], [5, 5], [2, 4, 4], [0, 0], [2, 0, 3, 3]]) {
      const inputs = { a: symmetric(20, shape, dt) };
      checks.push({ py: "torch.linalg.ldl_factor_ex(a)", inputs, ours: (x) => torch.linalg.ldlFactorEx(x.a) });
      checks.push({
        py: "torch.linalg.ldl_factor(a, hermitian=True)",
        inputs,
        ours: (x) => torch.linalg.ldlFactor(x.a, { hermitian: true }),
      });
    }
    // singular D: info > 0 without check_errors
    checks.push({
      py: "torch.linalg.ldl_factor_ex(a)",
      inputs: { a: { data: [0, 0, 0, 0, 1, 2, 0, 2, 1], dtype: dt, shape: [3, 3] } },
      ours: (x) => torch.linalg.ldlFactorEx(x.a),
    });
    const a = symmetric(21, [2, 4, 4], dt);
    // (B with more batch dims than LD crashes PyTorch 2.13's ldl_solve: checked below through A X = B)
    for (const bshape of [[2, 4, 3], [4, 1]]) {
      checks.push({
        py: "torch.linalg.ldl_solve(*torch.linalg.ldl_factor(a), b)",
        inputs: { a, b: rand(22, bshape, dt) },
        ours: (x) => torch.linalg.ldlSolve(...pair(torch.linalg.ldlFactor(x.a)), x.b),
        tol: dt === "float32" ? { rtol: 1e-3, atol: 1e-3 } : undefined,
      });
    }
    checks.push({
      py: "torch.linalg.ldl_solve(LD=f[0], pivots=f[1].long(), B=b, hermitian=True)",
      inputs: { a: symmetric(23, [4, 4], dt), b: rand(24, [4, 2], dt) },
      ours: (x) => {
        const [LD, pivots] = torch.linalg.ldlFactor(x.a);
        return torch.linalg.ldlSolve({ LD, pivots: pivots.long(), B: x.b, hermitian: true });
      },
      tol: dt === "float32" ? { rtol: 1e-3, atol: 1e-3 } : undefined,
    }, {
      // the solution solves A X = B, batch dims broadcast both ways
      py: "b",
      inputs: { a: symmetric(25, [2, 5, 5], dt), b: rand(26, [3, 2, 5, 2], dt) },
      ours: (x) => x.a.matmul(torch.linalg.ldlSolve(...pair(torch.linalg.ldlFactor(x.a)), x.b)),
      tol: dt === "float32" ? { rtol: 1e-3, atol: 1e-3 } : undefined,
    });
  }
  // the Python lambdas need f: defined per case
  for (const c of checks) c.py = c.py.includes("f[0]") ? `(lambda f: ${c.py})(torch.linalg.ldl_factor(a))` : c.py;
  await run(checks);
});

Deno.test("solve_ex, linalg.matmul and torch.cholesky: values, infos, gradients, call forms", async () => {
  const checks: Check[] = [];
  for (const dt of DTYPES) {
    const A = spd(30, [2, 3, 3], dt);
    for (const [bshape, left] of [[[2, 3, 2], true], [[3], true], [[2, 3], true], [[2, 4, 3], false]] as const) {
      checks.push({
        py: `vg(lambda A, B: torch.linalg.solve_ex(A, B, left=${left ? "True" : "False"}), A, B)`,
        inputs: { A, B: rand(31, [...bshape], dt) },
        ours: (x) => vg((a, b) => torch.linalg.solveEx(a, b, { left }), x.A, x.B),
      });
    }
    checks.push({
      py: "torch.linalg.solve_ex(A, B, check_errors=True)[1]",
      inputs: { A, B: rand(32, [3, 1], dt) },
      ours: (x) => torch.linalg.solveEx({ A: x.A, B: x.B, checkErrors: true })[1],
    });
    // singular: infs / NaNs and the info, no error
    checks.push({
      py: "torch.linalg.solve_ex(A, B)",
      inputs: { A: { data: [1, 2, 2, 4], dtype: dt, shape: [2, 2] }, B: { data: [1, 1], dtype: dt, shape: [2] } },
      ours: (x) => torch.linalg.solveEx(x.A, x.B),
    });
    checks.push({
      py: "torch.linalg.matmul(a, b)",
      inputs: { a: rand(33, [2, 3, 4], dt), b: rand(34, [4, 2], dt) },
      ours: (x) => torch.linalg.matmul(x.a, { other: x.b }),
    });
    for (const upper of [false, true]) {
      checks.push({
        py: `vg(lambda a: torch.cholesky(a, ${upper ? "True" : "False"}), a)`,
        inputs: { a: spd(35, [2, 4, 4], dt) },
        ours: (x) => vg((a) => torch.cholesky(a, upper), x.a),
      });
      checks.push({
        py: `a.cholesky(upper=${upper ? "True" : "False"})`,
        inputs: { a: spd(36, [3, 3], dt) },
        ours: (x) => x.a.cholesky({ upper }),
      });
    }
  }
  await run(checks);
});

Deno.test("errors: PyTorch's classes and messages", async () => {
  const z = (shape: number[], dtype = "float32"): Input => ({
    data: new Array(shape.reduce((p, d) => p * d, 1)).fill(0),
    dtype,
    shape,
  });
  const one = (shape: number[], dtype = "int32"): Input => ({
    data: new Array(shape.reduce((p, d) => p * d, 1)).fill(1),
    dtype,
    shape,
  });
  const L = torch.linalg;
  const checks: Check[] = [
    { py: "torch.geqrf(a)", inputs: { a: z([3]) }, ours: (x) => torch.geqrf(x.a) },
    { py: "torch.geqrf(a)", inputs: { a: z([3, 3], "int64") }, ours: (x) => torch.geqrf(x.a) },
    {
      py: "torch.linalg.householder_product(a, t)",
      inputs: { a: z([3, 2]), t: z([3]) },
      ours: (x) => L.householderProduct(x.a, x.t),
    },
    {
      py: "torch.linalg.householder_product(a, t)",
      inputs: { a: z([2, 3]), t: z([2]) },
      ours: (x) => L.householderProduct(x.a, x.t),
    },
    {
      py: "torch.linalg.householder_product(a, t)",
      inputs: { a: z([3]), t: z([2]) },
      ours: (x) => L.householderProduct(x.a, x.t),
    },
    {
      py: "torch.linalg.householder_product(a, t)",
      inputs: { a: z([3, 2]), t: z([2, 2]) },
      ours: (x) => L.householderProduct(x.a, x.t),
    },
    {
      py: "torch.linalg.householder_product(a, t)",
      inputs: { a: z([2, 3, 2]), t: z([3, 2]) },
      ours: (x) => L.householderProduct(x.a, x.t),
    },
    {
      py: "torch.linalg.householder_product(a, t)",
      inputs: { a: z([3, 2]), t: z([2], "float64") },
      ours: (x) => L.householderProduct(x.a, x.t),
    },
    { py: "torch.orgqr(a, t)", inputs: { a: z([3, 2]), t: z([3]) }, ours: (x) => torch.orgqr(x.a, x.t) },
    {
      py: "torch.ormqr(a, t, c)",
      inputs: { a: z([3, 2]), t: z([3]), c: z([3, 2]) },
      ours: (x) => torch.ormqr(x.a, x.t, x.c),
    },
    {
      py: "torch.ormqr(a, t, c)",
      inputs: { a: z([3, 2]), t: z([2]), c: z([4, 2]) },
      ours: (x) => torch.ormqr(x.a, x.t, x.c),
    },
    {
      py: "torch.ormqr(a, t, c, left=False)",
      inputs: { a: z([3, 2]), t: z([2]), c: z([2, 4]) },
      ours: (x) => torch.ormqr(x.a, x.t, x.c, { left: false }),
    },
    {
      py: "torch.ormqr(a, t, c)",
      inputs: { a: z([3, 2]), t: z([2]), c: z([3]) },
      ours: (x) => torch.ormqr(x.a, x.t, x.c),
    },
    {
      py: "torch.ormqr(a, t, c)",
      inputs: { a: z([3, 2]), t: z([2]), c: z([3, 2], "float64") },
      ours: (x) => torch.ormqr(x.a, x.t, x.c),
    },
    {
      py: "torch.ormqr(a, t, c)",
      inputs: { a: z([2, 3, 2]), t: z([2, 2]), c: z([3, 3, 2]) },
      ours: (x) => torch.ormqr(x.a, x.t, x.c),
    },
    {
      py: "torch.ormqr(a, t, c)",
      inputs: { a: z([3, 2]), t: z([2]), c: z([1, 3, 3]) },
      ours: (x) => torch.ormqr(x.a, x.t, x.c),
    },
    {
      py: "torch.ormqr(a, t, c)",
      inputs: { a: z([2, 3, 2]), t: z([1, 2]), c: z([2, 3, 3]) },
      ours: (x) => torch.ormqr(x.a, x.t, x.c),
    },
    { py: "torch.linalg.ldl_factor(a)", inputs: { a: z([3, 3]) }, ours: (x) => L.ldlFactor(x.a) },
    {
      py: "torch.linalg.ldl_factor_ex(a, check_errors=True)",
      inputs: { a: z([2, 3, 3]) },
      ours: (x) => L.ldlFactorEx(x.a, { checkErrors: true }),
    },
    { py: "torch.linalg.ldl_factor(a)", inputs: { a: z([3, 2]) }, ours: (x) => L.ldlFactor(x.a) },
    { py: "torch.linalg.ldl_factor(a)", inputs: { a: z([3]) }, ours: (x) => L.ldlFactor(x.a) },
    { py: "torch.linalg.ldl_factor(a)", inputs: { a: z([3, 3], "int64") }, ours: (x) => L.ldlFactor(x.a) },
    {
      py: "torch.linalg.ldl_solve(a, p, b)",
      inputs: { a: z([3, 3]), p: z([3], "int64"), b: z([3, 1]) },
      ours: (x) => L.ldlSolve(x.a, x.p, x.b),
    },
    {
      py: "torch.linalg.ldl_solve(a, p, b)",
      inputs: { a: z([3, 3]), p: one([3]), b: z([2, 1]) },
      ours: (x) => L.ldlSolve(x.a, x.p, x.b),
    },
    {
      py: "torch.linalg.ldl_solve(a, p, b)",
      inputs: { a: z([3, 3]), p: one([2]), b: z([3, 1]) },
      ours: (x) => L.ldlSolve(x.a, x.p, x.b),
    },
    {
      py: "torch.linalg.ldl_solve(a, p, b)",
      inputs: { a: z([3, 3]), p: one([3]), b: z([3]) },
      ours: (x) => L.ldlSolve(x.a, x.p, x.b),
    },
    {
      py: "torch.linalg.ldl_solve(a, p, b)",
      inputs: { a: z([3, 3]), p: one([3]), b: z([3, 1], "float64") },
      ours: (x) => L.ldlSolve(x.a, x.p, x.b),
    },
    {
      py: "torch.linalg.ldl_solve(a, p, b)",
      inputs: { a: z([3, 3]), p: one([3]), b: z([3, 1]) },
      ours: (x) => L.ldlSolve(x.a, x.p, x.b),
    },
    {
      py: "torch.linalg.ldl_solve(a, p, b)",
      inputs: { a: z([2, 3]), p: one([2]), b: z([3, 1]) },
      ours: (x) => L.ldlSolve(x.a, x.p, x.b),
    },
    {
      py: "torch.linalg.ldl_solve(a, p, b)",
      inputs: { a: z([3, 3], "int64"), p: one([3]), b: z([3, 1], "int64") },
      ours: (x) => L.ldlSolve(x.a, x.p, x.b),
    },
    {
      py: "torch.linalg.solve_ex(a, b, check_errors=True)",
      inputs: { a: z([3, 3]), b: z([3]) },
      ours: (x) => L.solveEx(x.a, x.b, { checkErrors: true }),
    },
    {
      py: "torch.linalg.solve_ex(a, b, check_errors=True)",
      inputs: { a: z([2, 3, 3]), b: z([3]) },
      ours: (x) => L.solveEx(x.a, x.b, { checkErrors: true }),
    },
    { py: "torch.linalg.solve_ex(a, b)", inputs: { a: z([3, 2]), b: z([3]) }, ours: (x) => L.solveEx(x.a, x.b) },
    { py: "torch.cholesky(a)", inputs: { a: z([3, 3]) }, ours: (x) => torch.cholesky(x.a) },
    { py: "torch.cholesky(a)", inputs: { a: z([2, 3, 3]) }, ours: (x) => torch.cholesky(x.a) },
    { py: "torch.cholesky(a)", inputs: { a: z([3, 2]) }, ours: (x) => torch.cholesky(x.a) },
    { py: "torch.cholesky(a)", inputs: { a: z([3]) }, ours: (x) => torch.cholesky(x.a) },
    { py: "torch.cholesky(a)", inputs: { a: z([3, 3], "int64") }, ours: (x) => torch.cholesky(x.a) },
    {
      py: "torch.linalg.matmul(a, b)",
      inputs: { a: z([3, 2]), b: z([3]) },
      ours: (x) => L.matmul(x.a, x.b),
      anyMessage: true,
    },
    // no derivatives: geqrf raises in backward, ldl_factor_ex and ldl_solve too
    {
      py: "torch.geqrf(a.requires_grad_())[0].sum().backward()",
      inputs: { a: rand(40, [3, 2]) },
      ours: (x) => torch.geqrf(x.a.requiresGrad_())[0].sum().backward(),
    },
    {
      py: "torch.linalg.ldl_factor_ex(a.requires_grad_())[0].sum().backward()",
      inputs: { a: symmetric(41, [3, 3]) },
      ours: (x) => L.ldlFactorEx(x.a.requiresGrad_())[0].sum().backward(),
    },
    {
      py: "torch.linalg.ldl_solve(*torch.linalg.ldl_factor(a), b.requires_grad_()).sum().backward()",
      inputs: { a: symmetric(42, [3, 3]), b: rand(43, [3, 1]) },
      ours: (x) => L.ldlSolve(...pair(L.ldlFactor(x.a)), x.b.requiresGrad_()).sum().backward(),
    },
  ];
  await run(checks);
});

Deno.test("unknown options and invalid pivots are refused", () => {
  const A = torch.eye(3);
  assert.throws(() => torch.geqrf(A, { bogus: 1 } as never), TypeError);
  assert.throws(() => torch.linalg.ldlFactorEx(A, { upper: true } as never), TypeError);
  // pivots that would make sytrs read outside the matrix
  const LD = torch.eye(3), B = torch.ones([3, 1]);
  for (const p of [[1, 2, 4], [1, 2, -3], [-2, 1, 3]]) {
    assert.throws(() => torch.linalg.ldlSolve(LD, torch.tensor(p, { dtype: "int32" }), B), torch.RuntimeError);
  }
  assert.throws(() => torch.linalg.ldlSolve(LD, torch.ones([3]), B), /Expected pivots to be integers. Got Float/);
});
