/**
 * ASGD, Rprop, Adafactor and Muon against PyTorch's single-tensor
 * implementations: 20-step trajectories (float32 and float64) for every
 * option, the state dict after steps (keys and values), a PyTorch state
 * dict loaded here continuing as PyTorch continues, the call forms, and
 * PyTorch's errors for bad hyper-parameters.
 */
import assert from "node:assert/strict";
import { optim, torch } from "../../mod.ts";
import { diff, normals, snake, TOL, values } from "./helpers.ts";
import { moreOracle } from "./more_oracle.ts";

type Opts = Record<string, unknown>;
interface OptCase {
  kind: "optimizer";
  name: string;
  opt: string;
  kwargs: Opts;
  dtype: "float32" | "float64";
  params: { shape: number[]; data: number[] }[];
  grads: (number[] | null)[][];
  export_state_at?: number;
}

const STEPS = 20;
// Muon takes matrices only (a tall one and a wide one: the iteration transposes the tall)
const SHAPES: Record<string, number[][]> = { Muon: [[5, 3], [3, 4]], default: [[3, 4], [5], [], [2, 3, 2]] };

function makeCase(opt: string, kwargs: Opts, dtype: "float32" | "float64", seed: number, exportAt?: number): OptCase {
  const next = normals(seed);
  const shapes = SHAPES[opt] ?? SHAPES.default;
  const numel = (s: number[]) => s.reduce((a, b) => a * b, 1);
  const params = shapes.map((shape) => ({ shape, data: values(next, numel(shape), dtype) }));
  const grads = Array.from({ length: STEPS }, (_, s) =>
    // the last parameter has no gradient on some steps (skipped, its state stays as it was)
    shapes.map((sh, i) => (i === shapes.length - 1 && s % 5 === 1 ? null : values(next, numel(sh), dtype, 0.5))));
  const name = `${opt} ${JSON.stringify(kwargs)} ${dtype}`;
  return { kind: "optimizer", name, opt, kwargs, dtype, params, grads, export_state_at: exportAt };
}

const OPTIONS: [string, Opts[]][] = [
  ["ASGD", [
    { lr: 0.05 },
    { lr: 0.05, t0: 5 },
    { lr: 0.1, lambd: 0.01, alpha: 0.5, t0: 3, weightDecay: 0.1 },
    { lr: 0.05, t0: 0, maximize: true, foreach: false, capturable: false },
  ]],
  ["Rprop", [
    { lr: 0.01 },
    { lr: 0.05, etas: [0.3, 1.5], stepSizes: [0.01, 0.08] },
    { lr: 0.02, maximize: true, foreach: false },
  ]],
  ["Adafactor", [
    { lr: 0.01 },
    { lr: 0.05, beta2Decay: -0.5, eps: [1e-20, 1e-2], d: 1.5 },
    { lr: 0.01, weightDecay: 0.1, maximize: true },
    { lr: 0.3, d: 1.0, eps: [null, 1e-3], foreach: false },
  ]],
  ["Muon", [
    { lr: 0.02 },
    { lr: 0.02, weightDecay: 0.0, momentum: 0.9, nesterov: false },
    { lr: 0.01, adjustLrFn: "match_rms_adamw", nsSteps: 3 },
    { lr: 0.01, adjustLrFn: "original", nsCoefficients: [2.0, -1.5, 0.5], eps: 1e-5 },
  ]],
];

// deno-lint-ignore no-explicit-any
type AnyOptimizer = new (params: any, opts?: any) => optim.Optimizer;

function tensors(c: OptCase): torch.Tensor[] {
  return c.params.map((p) => torch.tensor(p.data, { dtype: c.dtype }).reshape(p.shape).requiresGrad_());
}

function setGrads(c: OptCase, params: torch.Tensor[], s: number): void {
  c.grads[s].forEach((g, i) => {
    params[i].grad = g === null ? null : torch.tensor(g, { dtype: c.dtype }).reshape(c.params[i].shape);
  });
}

function run(c: OptCase, opt: optim.Optimizer, params: torch.Tensor[], from = 0): number[][][] {
  const out: number[][][] = [];
  for (let s = from; s < c.grads.length; s++) {
    setGrads(c, params, s);
    torch.tidy(() => opt.step());
    out.push(params.map((p) => p.detach().reshape(-1).tolist() as number[]));
  }
  return out;
}

const Cls = (name: string) => (optim as unknown as Record<string, AnyOptimizer>)[name];

const cases: OptCase[] = [];
let seed = 100;
for (const [opt, list] of OPTIONS) {
  for (const kwargs of list) {
    for (const dtype of ["float32", "float64"] as const) cases.push(makeCase(opt, kwargs, dtype, seed++, 7));
  }
}
// bad hyper-parameters: PyTorch's ValueError (a RangeError here) with its message
const BAD: [string, Opts][] = [
  ["ASGD", { lr: -0.1 }],
  ["ASGD", { weightDecay: -1 }],
  ["Rprop", { lr: -1 }],
  ["Rprop", { etas: [1.5, 1.2] }],
  ["Rprop", { etas: [0.5, 0.9] }],
  ["Adafactor", { lr: -0.5 }],
  ["Adafactor", { beta2Decay: 0.5 }],
  ["Adafactor", { eps: [-1, 1e-3] }],
  ["Adafactor", { eps: [null, -0.5] }],
  ["Adafactor", { d: 0.5 }],
  ["Adafactor", { weightDecay: -0.5 }],
  ["Muon", { lr: -0.5 }],
  ["Muon", { momentum: -0.5 }],
  ["Muon", { weightDecay: -0.5 }],
  ["Muon", { adjustLrFn: "nope" }],
];
const badCases = BAD.map(([opt, kwargs], i) => makeCase(opt, kwargs, "float32", 900 + i));
const results = await moreOracle([...cases, ...badCases]);

function compareTrajectory(c: OptCase, ours: number[][][], theirs: number[][][], from = 0): void {
  const tol = TOL[c.dtype];
  for (let s = 0; s < ours.length; s++) {
    ours[s].forEach((p, i) => {
      const d = diff(p, theirs[s + from][i]);
      assert.ok(d.rel <= tol, `${c.name}: step ${s + from + 1}, param ${i}: off by ${d.rel} (tol ${tol})`);
    });
  }
}

for (const [i, c] of cases.entries()) {
  Deno.test(`trajectory: ${c.name}`, () => {
    const r = results[i];
    assert.ok(!r.error, `oracle: ${r.error}`);
    const params = tensors(c);
    const opt = new (Cls(c.opt))(params, c.kwargs);
    compareTrajectory(c, run(c, opt, params), r.params);
  });
}

/** A tensor as the oracle encodes it. */
interface PyTensor {
  data: number[];
  shape: number[];
  dtype: string;
}
const pyTensor = (v: PyTensor) => torch.tensor(v.data, { dtype: v.dtype }).reshape(v.shape);

/** A PyTorch state tensor/number as a flat list. */
// deno-lint-ignore no-explicit-any
const flat = (v: any): number[] => (typeof v === "object" && v !== null && "data" in v ? v.data : [v]);

for (const [i, c] of cases.entries()) {
  if (c.dtype !== "float64") continue;
  Deno.test(`state dict after ${c.export_state_at} steps, and a PyTorch state dict loaded: ${c.name}`, () => {
    const r = results[i];
    const theirs = r.state as { state: Record<string, Record<string, unknown>>; param_groups: Opts[] };
    const params = tensors(c);
    const opt = new (Cls(c.opt))(params, c.kwargs);
    const at = c.export_state_at!;
    for (let s = 0; s < at; s++) {
      setGrads(c, params, s);
      torch.tidy(() => opt.step());
    }
    const sd = opt.stateDict();
    // the same parameters have state, with PyTorch's keys (camelCase) in PyTorch's order, and its values
    assert.deepEqual(Object.keys(sd.state), Object.keys(theirs.state));
    for (const [k, st] of Object.entries(theirs.state)) {
      assert.deepEqual(Object.keys(sd.state[k]).map(snake), Object.keys(st));
      for (const [name, v] of Object.entries(st)) {
        const mine = sd.state[k][Object.keys(sd.state[k])[Object.keys(st).indexOf(name)]];
        const ours = mine instanceof torch.Tensor ? mine.reshape(-1).tolist() as number[] : [mine as number];
        const d = diff(ours, flat(v));
        assert.ok(d.rel <= 1e-6, `${c.name}: state ${k}.${name} off by ${d.rel}`);
      }
    }
    // every group option PyTorch saves is saved here (camelCase)
    for (const key of Object.keys(theirs.param_groups[0])) {
      assert.ok(Object.keys(sd.paramGroups[0]).map(snake).includes(key), `${c.name}: group key ${key}`);
    }
    // PyTorch's state dict (snake_case keys, tensor scalars) loaded into a fresh optimizer continues PyTorch's run
    const params2 = c.params.map((p, j) =>
      torch.tensor(r.params[at - 1][j], { dtype: c.dtype }).reshape(p.shape).requiresGrad_()
    );
    const opt2 = new (Cls(c.opt))(params2, c.kwargs);
    const pySd = {
      state: Object.fromEntries(
        Object.entries(theirs.state).map(([k, st]) => [
          k,
          Object.fromEntries(
            Object.entries(st).map(([n, v]) => [
              n,
              typeof v === "object" ? pyTensor(v as PyTensor) : v,
            ]),
          ),
        ]),
      ),
      param_groups: theirs.param_groups,
    };
    opt2.loadStateDict(pySd);
    compareTrajectory(c, run(c, opt2, params2, at), r.params, at);
    // and our own state dict round-trips
    const opt3 = new (Cls(c.opt))(params2.map((p) => p.detach().clone().requiresGrad_()), c.kwargs);
    opt3.loadStateDict(opt2.stateDict());
    assert.deepEqual(Object.keys(opt3.stateDict().state), Object.keys(opt2.stateDict().state));
  });
}

for (const [i, c] of badCases.entries()) {
  Deno.test(`error: ${c.name}`, () => {
    const r = results[cases.length + i];
    assert.match(r.error, /^ValueError: /);
    const msg = r.error.slice("ValueError: ".length);
    assert.throws(
      () => new (Cls(c.opt))(tensors(c), c.kwargs),
      (e: Error) => e instanceof RangeError && e.message === msg,
    );
  });
}

Deno.test("Muon: parameters must be 2-D (PyTorch's message); step-time checks of nsSteps and nsCoefficients", () => {
  const w = torch.zeros([2, 3, 1], { requiresGrad: true });
  assert.throws(
    () => new optim.Muon([w]),
    (e: Error) =>
      e instanceof RangeError &&
      e.message === "Muon only supports 2D parameters whereas we found a parameter with size: torch.Size([2, 3, 1])",
  );
  for (
    const [o, msg] of [
      [{ nsSteps: 100 }, "Number of steps must be less than 100 for computational efficiency"],
      [{ nsCoefficients: [1, 2] }, "Coefficients must be a tuple of exactly 3 values"],
    ] as const
  ) {
    const m = torch.ones([2, 2], { requiresGrad: true });
    const opt = new optim.Muon([m], o as Opts);
    m.grad = torch.ones([2, 2]);
    assert.throws(() => opt.step(), (e: Error) => e instanceof RangeError && e.message === msg);
  }
});

Deno.test("call forms: positional, options object and mixed bind to the same options; unknown options are errors", () => {
  const p = () => [torch.ones([2, 2], { requiresGrad: true })];
  const forms: [string, unknown[], unknown[], Opts][] = [
    ["ASGD", [0.1, 1e-3, 0.5, 7, 0.01, null, true, false, false], [0.1, {
      lambd: 1e-3,
      alpha: 0.5,
      t0: 7,
      weightDecay: 0.01,
      maximize: true,
    }], { lambd: 1e-3, t0: 7, maximize: true }],
    ["Rprop", [0.1, [0.4, 1.3], [1e-5, 1]], [0.1, [0.4, 1.3], { stepSizes: [1e-5, 1], maximize: true }], {
      etas: [0.4, 1.3],
      stepSizes: [1e-5, 1],
    }],
    ["Adafactor", [0.1, -0.6, [null, 1e-4], 2, 0.01], [{
      lr: 0.1,
      beta2Decay: -0.6,
      eps: [null, 1e-4],
      d: 2,
      weightDecay: 0.01,
    }], { beta2Decay: -0.6, d: 2 }],
    ["Muon", [0.1, 0.01, 0.8, false, [3, -4, 2], 1e-6, 4, "original"], [0.1, 0.01, {
      momentum: 0.8,
      nesterov: false,
      nsCoefficients: [3, -4, 2],
      eps: 1e-6,
      nsSteps: 4,
      adjustLrFn: "original",
    }], { momentum: 0.8, nesterov: false, nsSteps: 4 }],
  ];
  for (const [name, positional, mixed, expect] of forms) {
    // deno-lint-ignore no-explicit-any
    const C = Cls(name) as any;
    const a = new C(p(), ...positional), b = new C(p(), ...mixed);
    for (const [k, v] of Object.entries(expect)) {
      assert.deepEqual(a.paramGroups[0][k], v, `${name} positional ${k}`);
      assert.deepEqual(b.paramGroups[0][k], v, `${name} mixed ${k}`);
    }
    assert.throws(
      () => new C(p(), { lr: 0.1, bogus: 1 }),
      (e: Error) => e instanceof TypeError && /bogus/.test(e.message),
    );
    // param groups are checked by the same declaration
    assert.throws(
      () => new C([{ params: p(), nope: 2 }]),
      (e: Error) => e instanceof TypeError && /nope/.test(e.message),
    );
  }
  // differentiable updates are not supported (as the other optimizers here)
  assert.throws(() => new optim.ASGD(p(), { differentiable: true }), RangeError);
  assert.throws(() => new optim.Rprop(p(), { differentiable: true }), RangeError);
});

Deno.test("param groups with their own options, and lr changed between steps, as PyTorch's per-group loop", () => {
  // a group's options reach its update: Rprop's etas per group
  const a = torch.ones([3], { requiresGrad: true }), b = torch.ones([3], { requiresGrad: true });
  const opt = new optim.Rprop([{ params: [a] }, { params: [b], lr: 0.5 }], { lr: 0.1 });
  a.grad = torch.ones([3]);
  b.grad = torch.ones([3]);
  opt.step();
  assert.deepEqual(a.tolist(), [0.9, 0.9, 0.9].map(Math.fround));
  assert.deepEqual(b.tolist(), [0.5, 0.5, 0.5]);
});
