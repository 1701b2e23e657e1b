/**
 * LBFGS with a closure against PyTorch's: a least-squares + quartic
 * problem, float32 and float64, with and without the strong-Wolfe line
 * search, small histories and tolerances; and a state round trip.
 */
import assert from "node:assert/strict";
import { optim, torch } from "../../mod.ts";
import { diff, normals, oracle, values } from "./helpers.ts";

interface LbfgsCase {
  kind: "lbfgs";
  name: string;
  dtype: "float32" | "float64";
  A: number[][];
  b: number[];
  x0: number[];
  kwargs: Record<string, unknown>;
  steps: number;
}

function makeCase(
  name: string,
  dtype: "float32" | "float64",
  kwargs: Record<string, unknown>,
  seed: number,
): LbfgsCase {
  const next = normals(seed);
  const A = Array.from({ length: 8 }, () => values(next, 5, dtype));
  return { kind: "lbfgs", name, dtype, A, b: values(next, 8, dtype), x0: values(next, 5, dtype), kwargs, steps: 4 };
}

const OPTIONS: Record<string, unknown>[] = [
  { maxIter: 5 },
  { lr: 0.5, maxIter: 6, historySize: 3 },
  { maxIter: 5, lineSearchFn: "strong_wolfe" },
  { lr: 0.8, maxIter: 8, maxEval: 12, historySize: 2, lineSearchFn: "strong_wolfe" },
  { maxIter: 20, toleranceGrad: 1e-4, toleranceChange: 1e-6 },
];
const cases: LbfgsCase[] = [];
OPTIONS.forEach((o, i) => {
  for (const dtype of ["float32", "float64"] as const) {
    cases.push(makeCase(`${JSON.stringify(o)} ${dtype}`, dtype, o, 40 + i));
  }
});
const results = await oracle(cases);

function problem(c: LbfgsCase) {
  const A = torch.tensor(c.A, { dtype: c.dtype }), b = torch.tensor(c.b, { dtype: c.dtype });
  const x = torch.tensor(c.x0, { dtype: c.dtype }).requiresGrad_();
  return { A, b, x };
}

Deno.test("LBFGS with a closure follows PyTorch's iterates (plain and strong_wolfe)", () => {
  cases.forEach((c, k) => {
    const theirs = results[k];
    assert.ok(!theirs.error, theirs.error);
    const { A, b, x } = problem(c);
    const opt = new optim.LBFGS([x], c.kwargs);
    const closure = () => {
      opt.zeroGrad();
      const loss = A.matmul(x).sub(b).pow(2).sum().add(x.pow(4).sum().mul(0.1));
      loss.backward();
      return loss;
    };
    for (let s = 0; s < c.steps; s++) {
      const loss = torch.tidy(() => Number(opt.step(closure)));
      const want = theirs.losses[s] as number;
      const d = diff(x.tolist() as number[], theirs.params[s]);
      if (Deno.env.get("OPTIM_REPORT")) console.log(c.name, s + 1, d.abs, loss - want);
      if (c.dtype === "float64") {
        assert.ok(
          Math.abs(loss - want) <= 1e-12 * Math.abs(want),
          `${c.name}: loss at step ${s + 1}: ${loss} vs ${want}`,
        );
        assert.ok(d.rel <= 1e-9, `${c.name}: step ${s + 1}: max difference ${d.abs}`);
      } else {
        // float32: the same losses to float32 rounding; the same iterates until the problem is solved
        // to float32's noise floor, where PyTorch's own stopping tests (gtd > -1e-9, |dt| <= 1e-9) act on noise
        assert.ok(
          Math.abs(loss - want) <= 1e-6 * Math.abs(want),
          `${c.name}: loss at step ${s + 1}: ${loss} vs ${want}`,
        );
        const next = theirs.losses[s + 1] as number | undefined;
        if (next !== undefined && want - next > 1e-4 * want) {
          assert.ok(d.rel <= 1e-4, `${c.name}: step ${s + 1}: max difference ${d.abs}`);
        }
      }
    }
    const st = opt.state.get(x)!;
    if (c.dtype === "float64") {
      assert.equal(st.funcEvals, theirs.func_evals, `${c.name}: function evaluations`);
      assert.equal(st.nIter, theirs.n_iter, `${c.name}: iterations`);
    }
  });
});

Deno.test("LBFGS: state survives tidy and a stateDict round trip continues identically", async () => {
  const c = cases[6];
  const run = (opt: optim.LBFGS, p: { A: torch.Tensor; b: torch.Tensor; x: torch.Tensor }, n: number) => {
    const closure = () => {
      opt.zeroGrad();
      const loss = p.A.matmul(p.x).sub(p.b).pow(2).sum().add(p.x.pow(4).sum().mul(0.1));
      loss.backward();
      return loss;
    };
    for (let i = 0; i < n; i++) torch.tidy(() => opt.step(closure));
  };
  const ref = problem(c);
  run(new optim.LBFGS([ref.x], c.kwargs), ref, 4);
  const half = problem(c);
  const o1 = new optim.LBFGS([half.x], c.kwargs);
  run(o1, half, 2);
  const path = await Deno.makeTempFile({ suffix: ".safetensors" });
  await torch.save(o1.stateDict(), path);
  const sd = await torch.load<optim.StateDict>(path);
  await Deno.remove(path);
  const again = { ...half, x: half.x.detach().clone().requiresGrad_() };
  const o2 = new optim.LBFGS([again.x], c.kwargs);
  o2.loadStateDict(sd);
  run(o2, again, 2);
  assert.deepEqual(again.x.tolist(), ref.x.tolist());
  assert.throws(() => o2.step(), /requires a closure/);
});
