/**
 * torch.lobpcg against PyTorch 2.13 (one Python run): from the same X (or the
 * same seed) both sides take the same steps, so the tracker sees the same
 * istep / converged_count / converged_end / iterations_left at every step,
 * and E and X agree (X up to the sign of each eigenvector: eigh's sign is
 * LAPACK's choice). The "ortho" and "basic" methods, largest both ways, B,
 * iK, niter limits, ortho parameters, a tracker's force_stop, batches,
 * float32 and float64, gradients of A, call forms and errors.
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import { type Encoded, type Input, numpy, type OracleResult } from "../helpers/oracle.ts";
import type { LobpcgState } from "../../src/torch/lobpcg.ts";

type T = torch.Tensor;
type DT = "float32" | "float64";

/** A symmetric positive definite m x m matrix with eigenvalues (1..m)^1.5 in a random orthonormal basis. */
function spd(m: number, seed: number, batch: number[] = []): T {
  torch.manualSeed(seed);
  const Q = torch.linalg.qr(torch.randn([...batch, m, m], { dtype: "float64" }))[0];
  const lam = torch.arange(1, m + 1, { dtype: "float64" }).pow(1.5);
  return Q.mul(lam).matmul(Q.mT);
}
/** A well-conditioned symmetric positive definite B = I + N N^T / (4 m). */
function massMatrix(m: number, seed: number): T {
  torch.manualSeed(seed);
  const N = torch.randn(m, m, { dtype: "float64" });
  return torch.eye(m, { dtype: "float64" }).add(N.matmul(N.mT).div(4 * m));
}
function randn(shape: number[], seed: number): T {
  torch.manualSeed(seed);
  return torch.randn(shape, { dtype: "float64" });
}
const input = (t: T): Input => ({ data: t.flatten().tolist() as number[], dtype: "float64", shape: t.shape });

interface Call {
  label: string;
  A: T;
  B?: T;
  X?: T;
  iK?: T;
  dtype: DT;
  /** torch.manual_seed before the call (for the random initial X) */
  seed?: number;
  /** the tracker sets force_stop from this istep on */
  force?: number;
  /** lobpcg's other arguments, camelCase (Python's are snake_case) */
  kw: Record<string, number | boolean | string | Record<string, number | boolean>>;
}

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const pyValue = (v: unknown): string =>
  typeof v === "boolean"
    ? (v ? "True" : "False")
    : typeof v === "string"
    ? `'${v}'`
    : typeof v === "object"
    ? `{${Object.entries(v as object).map(([k, x]) => `'${snake(k)}': ${pyValue(x)}`).join(", ")}}`
    : String(v);

// one thread: lobpcg's many small products and eighs ran ~10x slower with PyTorch's thread pool on a busy machine
const SETUP = `
torch.set_num_threads(1)
def run(A, B=None, X=None, iK=None, dtype='float64', seed=None, force=None, **kw):
    dt = getattr(torch, dtype)
    cast = lambda t: None if t is None else t.to(dt)
    steps = []
    def tracker(w):
        steps.append([w.ivars['istep'], w.ivars['converged_count'], w.ivars['converged_end'], w.ivars['iterations_left']])
        if force is not None and w.ivars['istep'] >= force:
            w.bvars['force_stop'] = True
    if seed is not None:
        torch.manual_seed(seed)
    E, V = torch.lobpcg(cast(A), B=cast(B), X=cast(X), iK=cast(iK), tracker=tracker, **kw)
    return E, V, torch.tensor(steps, dtype=torch.float64).reshape(-1, 4)

def grad(A, W, seed, **kw):
    A = A.clone().requires_grad_()
    torch.manual_seed(seed)
    E, V = torch.lobpcg(A, **kw)
    # V V^T does not depend on the eigenvectors' signs
    (E.sum() + ((V @ V.mT) * W).sum()).backward()
    return E, A.grad
`;

function pyCall(c: Call): { expr: string; inputs: Record<string, Input> } {
  const inputs: Record<string, Input> = { A: input(c.A) };
  const args = ["A"];
  for (const name of ["B", "X", "iK"] as const) {
    const t = c[name];
    if (t) {
      inputs[name] = input(t);
      args.push(`${name}=${name}`);
    }
  }
  args.push(`dtype='${c.dtype}'`);
  if (c.seed !== undefined) args.push(`seed=${c.seed}`);
  if (c.force !== undefined) args.push(`force=${c.force}`);
  for (const [k, v] of Object.entries(c.kw)) args.push(`${snake(k)}=${pyValue(v)}`);
  return { expr: `run(${args.join(", ")})`, inputs };
}

function ours(c: Call): T[] {
  const cast = (t?: T) => (t ? t.to(c.dtype) : null);
  const steps: number[][] = [];
  if (c.seed !== undefined) torch.manualSeed(c.seed);
  const [E, V] = torch.lobpcg(c.A.to(c.dtype), {
    B: cast(c.B),
    X: cast(c.X),
    iK: cast(c.iK),
    tracker: (w: LobpcgState) => {
      const { istep, convergedCount, convergedEnd, iterationsLeft } = w.ivars;
      steps.push([istep, convergedCount, convergedEnd, iterationsLeft]);
      if (c.force !== undefined && istep >= c.force) w.bvars.forceStop = true;
    },
    ...c.kw,
  });
  return [E, V, torch.tensor(steps, { dtype: "float64" }).reshape(-1, 4)];
}

const data = (e: Encoded): number[] => ("data" in e ? e.data as number[] : []);
function close(got: number[], want: number[], tol: number, label: string): void {
  assert.equal(got.length, want.length, `${label}: size`);
  const scale = Math.max(1, ...want.map(Math.abs));
  want.forEach((w, i) => assert.ok(Math.abs(got[i] - w) <= tol * scale, `${label}[${i}]: got ${got[i]}, PyTorch ${w}`));
}

/** Compares [E, V, steps] with PyTorch's: steps exactly, E and each eigenvector (up to its sign) to tol. */
function compare(c: Call, want: OracleResult): void {
  assert.ok(!("error" in want), `${c.label}: PyTorch raised ${JSON.stringify(want)}`);
  const [eE, eV, eSteps] = (want.value as { tuple: Encoded[] }).tuple;
  const [E, V, steps] = ours(c);
  assert.deepEqual(steps.flatten().tolist(), data(eSteps), `${c.label}: tracker steps`);
  assert.equal(E.dtype, c.dtype);
  assert.equal(V.dtype, c.dtype);
  assert.deepEqual(E.shape, "shape" in eE ? eE.shape : []);
  assert.deepEqual(V.shape, "shape" in eV ? eV.shape : []);
  const tol = c.dtype === "float32" ? 2e-3 : 1e-6;
  close(E.flatten().tolist() as number[], data(eE), tol, `${c.label}: E`);
  const [m, k] = V.shape.slice(-2);
  const got = V.reshape([-1, m, k]), ref = torch.tensor(data(eV), { dtype: "float64" }).reshape([-1, m, k]);
  const sign = got.to("float64").mul(ref).sum(-2, true).sign();
  close(got.to("float64").mul(sign).flatten().tolist() as number[], data(eV), tol * 10, `${c.label}: X`);
}

const A20 = spd(20, 1), A33 = spd(33, 2), A48 = spd(48, 3), A60 = spd(60, 4);
const CALLS: Call[] = [];
for (const dtype of ["float64", "float32"] as const) {
  for (const method of ["ortho", "basic"]) {
    for (const largest of [true, false]) {
      CALLS.push(
        { label: `${dtype} ${method} k=1`, A: A20, X: randn([20, 1], 10), dtype, kw: { method, largest } },
        { label: `${dtype} ${method} k=2 n=3`, A: A33, X: randn([33, 3], 11), dtype, kw: { k: 2, method, largest } },
        {
          label: `${dtype} ${method} k=3 B`,
          A: A48,
          B: massMatrix(48, 5),
          X: randn([48, 3], 12),
          dtype,
          kw: { k: 3, method, largest },
        },
        {
          label: `${dtype} ${method} k=4 iK`,
          A: A60,
          X: randn([60, 4], 13),
          iK: torch.diag(A60.diagonal().reciprocal()),
          dtype,
          // in float32 the pairs after the first converged one grow sensitive: PyTorch's own run from X * (1 + 1e-7)
          // takes other steps after ~20 of them, so float32 compares the first 20 steps (the niter option)
          kw: dtype === "float32" ? { k: 4, method, largest, niter: 20 } : { k: 4, method, largest },
        },
      );
    }
  }
}
CALLS.push(
  // ortho's first step leaves E at zero: one iteration returns zeros
  { label: "niter=1 ortho", A: A20, X: randn([20, 2], 14), dtype: "float64", kw: { k: 2, niter: 1 } },
  { label: "niter=4 basic", A: A33, X: randn([33, 2], 15), dtype: "float64", kw: { k: 2, niter: 4, method: "basic" } },
  { label: "niter=-1", A: A33, X: randn([33, 2], 15), dtype: "float64", kw: { niter: -1, tol: 1e-10 } },
  { label: "random X, n", A: A48, seed: 7, dtype: "float64", kw: { k: 2, n: 4 } },
  { label: "random X, float32", A: A33, seed: 8, dtype: "float32", kw: {} },
  { label: "force_stop", A: A60, X: randn([60, 2], 16), force: 3, dtype: "float64", kw: { k: 2 } },
  { label: "batch", A: spd(21, 6, [2]), X: randn([2, 21, 2], 17), dtype: "float64", kw: { k: 2, largest: false } },
  { label: "batch, random X", A: spd(24, 7, [3, 1]), seed: 9, dtype: "float64", kw: { k: 1 } },
  {
    label: "ortho params",
    A: A48,
    X: randn([48, 3], 18),
    dtype: "float64",
    kw: { k: 3, orthoIparams: { orthoIMax: 1, orthoJMax: 2 }, orthoFparams: { orthoTol: 1e-12 } },
  },
  {
    label: "ortho drop",
    A: A48,
    X: randn([48, 3], 19),
    dtype: "float64",
    kw: { k: 3, largest: false, orthoBparams: { orthoUseDrop: true }, orthoFparams: { orthoTolDrop: 1e-6 } },
  },
);

const W24 = randn([24, 24], 20), A24 = spd(24, 8);
const GRADS: { k: number; largest: boolean }[] = [
  { k: 1, largest: true },
  { k: 2, largest: true },
  { k: 3, largest: false },
  { k: 2, largest: false },
];

const z = (shape: number[]) => torch.zeros(shape, { dtype: "float64" });
const ERRORS: [py: string, ours: () => unknown][] = [
  ["torch.lobpcg(torch.zeros(3, 4, dtype=torch.float64))", () => torch.lobpcg(z([3, 4]))],
  ["torch.lobpcg(torch.zeros(12, 12), B=torch.zeros(11, 11))", () => torch.lobpcg(z([12, 12]), { B: z([11, 11]) })],
  ["torch.lobpcg(torch.eye(12), 5)", () => torch.lobpcg(torch.eye(12), 5)],
  ["torch.lobpcg(torch.eye(12), X=torch.ones(12, 5))", () => torch.lobpcg(torch.eye(12), { X: torch.ones(12, 5) })],
  ["torch.lobpcg(torch.eye(12), X=torch.ones(11, 2))", () => torch.lobpcg(torch.eye(12), { X: torch.ones(11, 2) })],
  ["torch.lobpcg(torch.eye(12), 1, n=5)", () => torch.lobpcg(torch.eye(12), 1, { n: 5 })],
  [
    "torch.lobpcg(torch.eye(12).requires_grad_(), B=torch.eye(12))[0].sum().backward()",
    () => torch.lobpcg(torch.eye(12).requiresGrad_(), { B: torch.eye(12) })[0].sum().backward(),
  ],
];
const ERROR_KIND: Record<string, new (...a: never[]) => Error> = { AssertionError: RangeError, ValueError: RangeError };

const results = await numpy([
  ...CALLS.map((c) => ({ torch: true, setup: SETUP, ...pyCall(c) })),
  ...GRADS.map(({ k, largest }) => ({
    torch: true,
    setup: SETUP,
    inputs: { A: input(A24), W: input(W24) },
    expr: `grad(A, W, 3, k=${k}, largest=${largest ? "True" : "False"})`,
  })),
  ...ERRORS.map(([expr]) => ({ torch: true, expr })),
]);
const callResults = results.slice(0, CALLS.length);
const gradResults = results.slice(CALLS.length, CALLS.length + GRADS.length);
const errorResults = results.slice(CALLS.length + GRADS.length);

Deno.test("lobpcg follows PyTorch's iteration: tracker steps, eigenvalues, eigenvectors", () => {
  const failures: string[] = [];
  CALLS.forEach((c, i) => {
    try {
      compare(c, callResults[i]);
    } catch (e) {
      failures.push(`${c.label} ${JSON.stringify(c.kw)}: ${(e as Error).message.split("\n")[0]}`);
    }
  });
  assert.deepEqual(failures, []);
});

Deno.test("lobpcg's one ortho iteration leaves E at zero, as PyTorch's", () => {
  const c = CALLS.find((c) => c.label === "niter=1 ortho")!;
  assert.deepEqual(ours(c)[0].tolist(), [0, 0]);
});

Deno.test("lobpcg's gradient of A is PyTorch's (symmetric eigenproblem backward)", () => {
  GRADS.forEach(({ k, largest }, i) => {
    const want = gradResults[i];
    assert.ok(!("error" in want), JSON.stringify(want));
    const [eE, eG] = (want.value as { tuple: Encoded[] }).tuple;
    const A = A24.clone().requiresGrad_();
    torch.manualSeed(3);
    const [E, V] = torch.lobpcg(A, k, { largest });
    assert.equal(E.gradFn?.name, "LOBPCGAutogradFunctionBackward");
    E.sum().add(V.matmul(V.mT).mul(W24).sum()).backward();
    close(E.tolist() as number[], data(eE), 1e-9, `k=${k} largest=${largest}: E`);
    close(A.grad!.flatten().tolist() as number[], data(eG), 1e-6, `k=${k} largest=${largest}: A.grad`);
  });
  // without grad mode nothing is recorded
  const A = A24.clone().requiresGrad_();
  const [E] = torch.noGrad(() => torch.lobpcg(A, { X: randn([24, 1], 1) }));
  assert.equal(E.requiresGrad, false);
});

Deno.test("lobpcg raises PyTorch's errors", () => {
  ERRORS.forEach(([py, f], i) => {
    const want = errorResults[i];
    assert.ok("error" in want, `${py}: PyTorch did not raise`);
    const cls = ERROR_KIND[want.error];
    assert.ok(cls, `${py}: PyTorch raised ${want.error}`);
    assert.throws(f, (e: Error) => e instanceof cls && e.message.includes(want.message), `${py}: ${want.message}`);
  });
});

Deno.test("lobpcg takes every call form; unknown options and ortho keys are named", () => {
  const A = A33, X = randn([33, 2], 21);
  const want = torch.lobpcg(A, 2, null, X, null, null, 5, null, false, "basic");
  for (
    const got of [
      torch.lobpcg(A, { k: 2, X, niter: 5, largest: false, method: "basic" }),
      torch.lobpcg(A, 2, { X, niter: 5, largest: false, method: "basic" }),
      torch.lobpcg(A, 2, null, X, { niter: 5, largest: false, method: "basic" }),
    ]
  ) {
    assert.deepEqual(got[0].tolist(), want[0].tolist());
    assert.deepEqual(got[1].tolist(), want[1].tolist());
  }
  assert.throws(() => torch.lobpcg(A, { kk: 2 } as never), /kk/);
  assert.throws(() => torch.lobpcg(A, { method: "lanczos" } as never), /method/);
  assert.throws(() => torch.lobpcg(A, { orthoIparams: { orthoKMax: 2 } }), /orthoKMax/);
  assert.throws(() => torch.lobpcg(A, { orthoBparams: { orthoUseDrop: 1 } }), /orthoUseDrop/);
  // the tracker sees the state with camelCase names
  const seen: string[] = [];
  torch.lobpcg(A, { X, niter: 2, tracker: (w: LobpcgState) => seen.push(Object.keys(w.fvars).join()) });
  assert.ok(seen[0].includes("ANorm") && seen[0].includes("orthoVBURerr[0]"), seen[0]);
});
