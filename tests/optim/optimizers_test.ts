/**
 * Every optimizer against PyTorch's single-tensor implementation: the same
 * parameters and the same 20 gradients (float32 and float64), every option,
 * param groups with different lrs, lr changes between steps, parameters
 * without gradients, and a PyTorch state dict loaded here continuing as
 * PyTorch continues.
 */
import assert from "node:assert/strict";
import { optim, torch } from "../../mod.ts";
import { diff, normals, oracle, TOL, values } from "./helpers.ts";

type Opts = Record<string, unknown>;
interface OptCase {
  kind: "optimizer";
  name: string;
  opt: string;
  kwargs: Opts;
  groups?: { params: number[]; kwargs: Opts }[];
  dtype: "float32" | "float64";
  params: { shape: number[]; data: number[] }[];
  grads: (number[] | null)[][];
  lr_changes?: Record<string, Record<string, number>>;
  export_state_at?: number;
}

const SHAPES = [[3, 4], [5], []];
const STEPS = 20;

function makeCase(
  name: string,
  opt: string,
  kwargs: Opts,
  dtype: "float32" | "float64",
  seed: number,
  extra: Partial<OptCase> = {},
): OptCase {
  const next = normals(seed);
  const numel = (s: number[]) => s.reduce((a, b) => a * b, 1);
  const params = SHAPES.map((shape) => ({ shape, data: values(next, numel(shape), dtype) }));
  const grads = Array.from({ length: STEPS }, () => SHAPES.map((s) => values(next, numel(s), dtype, 0.5)));
  return { kind: "optimizer", name, opt, kwargs, dtype, params, grads, ...extra };
}

const OPTIONS: [string, Opts[]][] = [
  ["SGD", [
    { lr: 0.1 },
    { lr: 0.1, momentum: 0.9 },
    { lr: 0.05, momentum: 0.9, dampening: 0.3 },
    { lr: 0.05, momentum: 0.9, nesterov: true },
    { lr: 0.1, momentum: 0.5, weightDecay: 0.01 },
    { lr: 0.1, momentum: 0.9, maximize: true, weightDecay: 0.1 },
    { lr: 0.1, fused: true },
  ]],
  ["Adam", [
    { lr: 0.01 },
    { lr: 0.01, amsgrad: true },
    { lr: 0.01, weightDecay: 0.1 },
    { lr: 0.01, weightDecay: 0.1, decoupledWeightDecay: true },
    { lr: 0.02, betas: [0.8, 0.99], eps: 1e-6, maximize: true },
    { lr: 0.01, amsgrad: true, weightDecay: 0.05, maximize: true },
  ]],
  ["AdamW", [{ lr: 0.01 }, { lr: 0.01, amsgrad: true, weightDecay: 0.05 }, {
    lr: 0.03,
    betas: [0.5, 0.9],
    maximize: true,
  }]],
  ["Adamax", [{ lr: 0.02 }, { lr: 0.02, weightDecay: 0.1 }, {
    lr: 0.02,
    betas: [0.8, 0.95],
    eps: 1e-4,
    maximize: true,
  }]],
  ["NAdam", [
    { lr: 0.01 },
    { lr: 0.01, momentumDecay: 0.01 },
    { lr: 0.01, weightDecay: 0.1 },
    { lr: 0.01, weightDecay: 0.1, decoupledWeightDecay: true },
    { lr: 0.01, betas: [0.8, 0.99], maximize: true },
  ]],
  ["RAdam", [
    { lr: 0.01 },
    { lr: 0.01, weightDecay: 0.1 },
    { lr: 0.01, weightDecay: 0.1, decoupledWeightDecay: true },
    { lr: 0.01, betas: [0.8, 0.9], eps: 1e-5, maximize: true },
  ]],
  ["Adagrad", [
    { lr: 0.1 },
    { lr: 0.1, lrDecay: 0.05 },
    { lr: 0.1, initialAccumulatorValue: 0.1, eps: 1e-6 },
    { lr: 0.1, weightDecay: 0.1, maximize: true },
  ]],
  ["RMSprop", [
    { lr: 0.01 },
    { lr: 0.01, centered: true },
    { lr: 0.01, momentum: 0.9 },
    { lr: 0.01, centered: true, momentum: 0.8, alpha: 0.9 },
    { lr: 0.01, weightDecay: 0.1, eps: 1e-4, maximize: true },
  ]],
  ["Adadelta", [
    { lr: 1.0 },
    { lr: 0.5, rho: 0.95, eps: 1e-5 },
    { lr: 1.0, weightDecay: 0.1, maximize: true },
  ]],
];

// deno-lint-ignore no-explicit-any
type AnyOptimizer = new (params: any, opts?: any) => optim.Optimizer;

function runOurs(c: OptCase): number[][][] {
  const params = c.params.map((p) => torch.tensor(p.data, { dtype: c.dtype }).reshape(p.shape).requiresGrad_());
  const Cls = (optim as unknown as Record<string, AnyOptimizer>)[c.opt];
  const opt = c.groups
    ? new Cls(c.groups.map((g) => ({ params: g.params.map((i) => params[i]), ...g.kwargs })), c.kwargs)
    : new Cls(params, c.kwargs);
  const out: number[][][] = [];
  c.grads.forEach((grads, s) => {
    grads.forEach((g, i) => {
      params[i].grad = g === null ? null : torch.tensor(g, { dtype: c.dtype }).reshape(c.params[i].shape);
    });
    for (const [gi, lr] of Object.entries(c.lr_changes?.[s] ?? {})) opt.paramGroups[Number(gi)].lr = lr;
    torch.tidy(() => opt.step());
    out.push(params.map((p) => p.detach().reshape(-1).tolist() as number[]));
  });
  return out;
}

const cases: OptCase[] = [];
let seed = 1;
for (const [opt, list] of OPTIONS) {
  for (const kwargs of list) {
    for (const dtype of ["float32", "float64"] as const) {
      cases.push(makeCase(`${opt} ${JSON.stringify(kwargs)} ${dtype}`, opt, kwargs, dtype, seed++));
    }
  }
  // param groups with their own lrs (and options), and lrs changed between steps
  const base = list[list.length > 1 ? 1 : 0];
  cases.push(makeCase(`${opt} groups + lr changes`, opt, base, "float32", seed++, {
    groups: [{ params: [0], kwargs: {} }, { params: [1, 2], kwargs: { lr: (base.lr as number) * 0.3 } }],
    lr_changes: { "5": { "0": (base.lr as number) * 2 }, "12": { "0": (base.lr as number) * 0.5, "1": 0.001 } },
  }));
}
// parameters without gradients at some steps are skipped (and their state stays lazy)
{
  const c = makeCase("Adam with missing grads", "Adam", { lr: 0.01 }, "float32", seed++);
  c.grads.forEach((g, s) => {
    if (s < 3 || s % 4 === 0) g[1] = null;
  });
  cases.push(c);
}

// PyTorch state dicts exported half-way, for the loading test below
const EXPORTS: [string, Opts][] = [
  ["SGD", { lr: 0.1, momentum: 0.9, nesterov: true }],
  ["Adam", { lr: 0.01, amsgrad: true, weightDecay: 0.01 }],
  ["NAdam", { lr: 0.01 }],
  ["RMSprop", { lr: 0.01, centered: true, momentum: 0.5 }],
  ["Adagrad", { lr: 0.1, lrDecay: 0.01 }],
];
const HALF = STEPS / 2;
const exportCases = EXPORTS.map(([opt, kwargs], i) =>
  makeCase(`${opt} export`, opt, kwargs, "float32", 500 + i, { export_state_at: HALF })
);
const all = await oracle([...cases, ...exportCases]);
const results = all.slice(0, cases.length), exported = all.slice(cases.length);

Deno.test("optimizers match PyTorch's single-tensor updates over 20 steps (float32, float64)", () => {
  const worst: Record<string, { abs: number; rel: number }> = {};
  cases.forEach((c, k) => {
    const theirs = results[k];
    assert.ok(!theirs.error, `${c.name}: PyTorch failed: ${theirs.error}`);
    const ours = runOurs(c);
    for (let s = 0; s < STEPS; s++) {
      for (let i = 0; i < c.params.length; i++) {
        const d = diff(ours[s][i], theirs.params[s][i]);
        assert.ok(
          d.rel <= TOL[c.dtype],
          `${c.name}: step ${s + 1}, param ${i}: max difference ${d.abs} (rel ${d.rel})`,
        );
        const key = `${c.opt} ${c.dtype}`;
        const w = (worst[key] ??= { abs: 0, rel: 0 });
        w.abs = Math.max(w.abs, d.abs);
        w.rel = Math.max(w.rel, d.rel);
      }
    }
  });
  if (Deno.env.get("OPTIM_REPORT")) console.table(worst);
});

Deno.test("a PyTorch optimizer state dict (snake_case, tensor steps) loads and continues as PyTorch does", () => {
  const half = HALF;
  exportCases.forEach((c, k) => {
    const theirs = exported[k];
    assert.ok(!theirs.error, theirs.error);
    // our optimizer starts from PyTorch's parameters and state after 10 steps
    const params = theirs.params[half - 1].map((d: number[], i: number) =>
      torch.tensor(d, { dtype: c.dtype }).reshape(c.params[i].shape).requiresGrad_()
    );
    const Cls = (optim as unknown as Record<string, AnyOptimizer>)[c.opt];
    const opt = new Cls(params, c.kwargs);
    type Enc = { shape: number[]; data: number[]; dtype: string };
    const toTensor = (v: unknown): unknown => {
      if (!v || typeof v !== "object" || !("shape" in v)) return v;
      const e = v as Enc;
      return torch.tensor(e.data, { dtype: e.dtype }).reshape(e.shape);
    };
    const state = Object.fromEntries(
      Object.entries(theirs.state.state as Record<string, Record<string, unknown>>).map((
        [k, st],
      ) => [k, Object.fromEntries(Object.entries(st).map(([n, v]) => [n, toTensor(v)]))]),
    );
    opt.loadStateDict({ state, param_groups: theirs.state.param_groups });
    for (let s = half; s < STEPS; s++) {
      c.grads[s].forEach((g, i) => (params[i].grad = torch.tensor(g!, { dtype: c.dtype }).reshape(c.params[i].shape)));
      opt.step();
      params.forEach((p: torch.Tensor, i: number) => {
        const d = diff(p.detach().reshape(-1).tolist() as number[], theirs.params[s][i]);
        assert.ok(d.rel <= TOL.float32, `${c.opt}: step ${s + 1} after loading PyTorch's state: ${d.abs}`);
      });
    }
  });
});
