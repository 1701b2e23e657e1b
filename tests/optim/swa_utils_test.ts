/**
 * optim.swaUtils against PyTorch's torch.optim.swa_utils: SWALR's lr
 * sequences (cos / linear, per-group swa lrs, no annealing) and state
 * dict, AveragedModel's averaged parameters and buffers (SWA, EMA through
 * multiAvgFn and avgFn, useBuffers) and its state dict keys and repr,
 * updateBn's running statistics, and the error cases.
 */
import assert from "node:assert/strict";
import { nn, optim, torch } from "../../mod.ts";
import { diff, normals, TOL, values } from "./helpers.ts";
import { moreOracle } from "./more_oracle.ts";

const { AveragedModel, SWALR, updateBn, getEmaAvgFn, getEmaMultiAvgFn, getSwaAvgFn, getSwaMultiAvgFn } = optim.swaUtils;

// ---------- SWALR ----------

const SWALR_CASES: { lrs: number[]; kwargs: Record<string, unknown>; steps: number }[] = [
  { lrs: [0.5, 0.1], kwargs: { swaLr: 0.05 }, steps: 15 },
  { lrs: [0.5, 0.1], kwargs: { swaLr: [0.05, 0.2], annealEpochs: 4, annealStrategy: "linear" }, steps: 8 },
  { lrs: [0.3], kwargs: { swaLr: 0.01, annealEpochs: 0 }, steps: 4 },
  { lrs: [0.3], kwargs: { swaLr: 0.01, annealEpochs: 1, annealStrategy: "cos" }, steps: 4 },
];

// ---------- AveragedModel / updateBn ----------

type DT = "float32" | "float64";
function makeModel(dtype: DT, seed: number): nn.Sequential {
  torch.manualSeed(seed);
  const m = new nn.Sequential(new nn.Linear(3, 4), new nn.BatchNorm1d(4), new nn.Linear(4, 2));
  return dtype === "float64" ? m.double() : m;
}

function encState(m: nn.Module): Record<string, { data: number[]; shape: number[]; dtype: string }> {
  return Object.fromEntries(
    Object.entries(m.stateDict()).map(([k, v]) => [
      k,
      {
        data: (v as torch.Tensor).reshape(-1).tolist() as number[],
        shape: (v as torch.Tensor).shape,
        dtype: (v as torch.Tensor).dtype,
      },
    ]),
  );
}

interface AvgCase {
  kind: "averaged";
  dtype: DT;
  fn: null | "ema" | "ema_avg" | "swa_avg" | "swa_multi";
  decay?: number;
  use_buffers: boolean;
  state: ReturnType<typeof encState>;
  deltas: number[][][];
  inputs: number[][];
}

function avgCase(dtype: DT, fn: AvgCase["fn"], useBuffers: boolean, seed: number, decay?: number): AvgCase {
  const next = normals(seed);
  const model = makeModel(dtype, seed);
  const sizes = model.parameters().map((p) => p.numel());
  const deltas = Array.from({ length: 5 }, () => sizes.map((n) => values(next, n, dtype, 0.3)));
  const inputs = Array.from({ length: 5 }, () => values(next, 15, dtype));
  return { kind: "averaged", dtype, fn, decay, use_buffers: useBuffers, state: encState(model), deltas, inputs };
}

const AVG_CASES: AvgCase[] = [];
let seed = 1;
for (const dtype of ["float32", "float64"] as const) {
  AVG_CASES.push(avgCase(dtype, null, false, seed++));
  AVG_CASES.push(avgCase(dtype, "ema", false, seed++, 0.9));
  AVG_CASES.push(avgCase(dtype, "ema", true, seed++, 0.7));
  AVG_CASES.push(avgCase(dtype, "ema_avg", false, seed++, 0.8));
  AVG_CASES.push(avgCase(dtype, "swa_avg", true, seed++));
  AVG_CASES.push(avgCase(dtype, "swa_multi", false, seed++));
  AVG_CASES.push(avgCase(dtype, null, true, seed++));
}

const BN_CASES = (["float32", "float64"] as const).flatMap((dtype) =>
  [true, false].map((training) => {
    const next = normals(seed);
    return {
      kind: "update_bn",
      dtype,
      training,
      state: encState(makeModel(dtype, seed++)),
      inputs: Array.from({ length: 4 }, (_, i) => values(next, 3 * (i + 2), dtype)),
    };
  })
);

const all = [
  ...SWALR_CASES.map((c) => ({ kind: "swalr", ...c, kwargs: snakeKw(c.kwargs) })),
  ...AVG_CASES,
  ...BN_CASES,
];
const results = await moreOracle(all);
const swalrResults = results.slice(0, SWALR_CASES.length);
const avgResults = results.slice(SWALR_CASES.length, SWALR_CASES.length + AVG_CASES.length);
const bnResults = results.slice(SWALR_CASES.length + AVG_CASES.length);

function snakeKw(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase()), v]));
}

for (const [i, c] of SWALR_CASES.entries()) {
  Deno.test(`SWALR ${JSON.stringify(c.kwargs)}: lr sequence and state dict`, () => {
    const r = swalrResults[i];
    assert.ok(!r.error, r.error);
    const opt = new optim.SGD(c.lrs.map((lr) => ({ params: [torch.zeros([2], { requiresGrad: true })], lr })), {
      lr: 0.1,
    });
    const { swaLr, ...rest } = c.kwargs;
    const sched = new SWALR(opt, swaLr as number, rest);
    const lrs = [sched.getLastLr()];
    for (let s = 0; s < c.steps; s++) {
      opt.step();
      sched.step();
      lrs.push(sched.getLastLr());
    }
    lrs.forEach((l, s) => {
      const d = diff(l, r.lrs[s]);
      assert.ok(d.rel <= 1e-15, `step ${s}: ${l} vs ${r.lrs[s]}`);
    });
    assert.deepEqual(opt.paramGroups.map((g) => g.swaLr), r.swa_lr);
    const sd = sched.stateDict();
    assert.equal(sd.annealEpochs, r.state.anneal_epochs);
    assert.equal(sd._annealStrategy, r.state._anneal_strategy);
    assert.equal(sd._stepCount, r.state._step_count);
    assert.equal(sd.lastEpoch, r.state.last_epoch);
    assert.deepEqual(sd.baseLrs, r.state.base_lrs);
    // a state dict loaded into a fresh scheduler continues the same sequence
    const opt2 = new optim.SGD(c.lrs.map((lr) => ({ params: [torch.zeros([2], { requiresGrad: true })], lr })));
    const sched2 = new SWALR(opt2, 0.5, { annealStrategy: c.kwargs.annealStrategy === "linear" ? "cos" : "linear" });
    sched2.loadStateDict(sd);
    opt2.paramGroups.forEach((g, j) => {
      g.lr = opt.paramGroups[j].lr;
      g.swaLr = opt.paramGroups[j].swaLr;
    });
    opt.step();
    sched.step();
    sched2.step();
    assert.deepEqual(sched2.getLastLr(), sched.getLastLr());
  });
}

Deno.test("SWALR: PyTorch's errors", () => {
  const opt = new optim.SGD([{ params: [torch.zeros([1], { requiresGrad: true })] }, {
    params: [torch.zeros([1], { requiresGrad: true })],
  }], { lr: 0.1 });
  assert.throws(
    () => new SWALR(opt, 0.1, { annealStrategy: "exp" }),
    (e: Error) =>
      e instanceof RangeError && e.message === "anneal_strategy must be one of 'cos' or 'linear', instead got exp",
  );
  assert.throws(
    () => new SWALR(opt, 0.1, -1),
    (e: Error) => e instanceof RangeError && e.message === "anneal_epochs must be equal or greater than 0, got -1",
  );
  assert.throws(
    () => new SWALR(opt, [0.1]),
    (e: Error) =>
      e instanceof RangeError &&
      e.message ===
        "swa_lr must have the same length as optimizer.param_groups. swa_lr has 1 values, param_groups has 2.",
  );
  assert.throws(() => new SWALR(opt, 0.1, { annealEpochs: 2.5 }), TypeError);
  assert.throws(() => new SWALR(opt, 0.1, { bogus: 1 } as never), /bogus/);
});

function loadModel(dtype: DT, state: AvgCase["state"]): nn.Sequential {
  const m = makeModel(dtype, 0);
  m.loadStateDict(
    Object.fromEntries(
      Object.entries(state).map(([k, v]) => [k, torch.tensor(v.data, { dtype: v.dtype }).reshape(v.shape)]),
    ),
  );
  return m;
}

function compareState(
  name: string,
  ours: Record<string, unknown>,
  theirs: Record<string, { data: number[]; dtype: string }>,
  dtype: DT,
) {
  assert.deepEqual(Object.keys(ours), Object.keys(theirs), `${name}: state dict keys`);
  for (const [k, v] of Object.entries(theirs)) {
    const t = ours[k] as torch.Tensor;
    assert.equal(t.dtype, v.dtype, `${name}: ${k} dtype`);
    const d = diff(t.reshape(-1).tolist() as number[], v.data);
    assert.ok(d.rel <= TOL[dtype], `${name}: ${k} off by ${d.rel}`);
  }
}

for (const [i, c] of AVG_CASES.entries()) {
  const name = `AveragedModel fn=${c.fn} useBuffers=${c.use_buffers} ${c.dtype}`;
  Deno.test(name, () => {
    const r = avgResults[i];
    assert.ok(!r.error, r.error);
    const model = loadModel(c.dtype, c.state);
    const fns = {
      ema: { multiAvgFn: getEmaMultiAvgFn(c.decay) },
      ema_avg: { avgFn: getEmaAvgFn(c.decay) },
      swa_avg: { avgFn: getSwaAvgFn() },
      swa_multi: { multiAvgFn: getSwaMultiAvgFn() },
    };
    const avg = new AveragedModel(model, { useBuffers: c.use_buffers, ...(c.fn ? fns[c.fn] : {}) });
    c.deltas.forEach((deltas, s) => {
      torch.noGrad(() =>
        model.parameters().forEach((p, j) => p.add_(torch.tensor(deltas[j], { dtype: c.dtype }).reshape(p.shape)))
      );
      model.train();
      model.forward(torch.tensor(c.inputs[s], { dtype: c.dtype }).reshape(-1, 3));
      avg.updateParameters(model);
    });
    compareState(name, avg.stateDict(), r.state, c.dtype);
    const y = avg.forward(torch.tensor(c.inputs[0], { dtype: c.dtype }).reshape(-1, 3));
    const d = diff(y.reshape(-1).tolist() as number[], r.out.data);
    assert.ok(d.rel <= TOL[c.dtype] * 10, `${name}: forward off by ${d.rel}`);
    assert.equal(String(avg), r.repr);
  });
}

for (const [i, c] of BN_CASES.entries()) {
  Deno.test(`updateBn ${c.dtype} training=${c.training}`, () => {
    const r = bnResults[i];
    assert.ok(!r.error, r.error);
    const model = loadModel(c.dtype, c.state);
    model.train(c.training);
    // a batch may be an [input, target] pair: its first element is the input
    const loader = c.inputs.map((x, j) => {
      const t = torch.tensor(x, { dtype: c.dtype }).reshape(-1, 3);
      return j % 2 ? [t, 0] : t;
    });
    updateBn(loader, model);
    compareState(`updateBn ${c.dtype}`, model.stateDict(), r.state, c.dtype);
    assert.equal(model.training, r.training);
    assert.equal((model.at(1) as nn.BatchNorm1d).momentum, r.momentum);
  });
}

Deno.test("updateBn: a model without batch norm is left alone; instance norms are not batch norms", () => {
  const lin = new nn.Linear(2, 2);
  lin.eval();
  updateBn([torch.ones([2, 2])], lin);
  assert.equal(lin.training, false);
  const inorm = new nn.InstanceNorm1d(2, { trackRunningStats: true });
  inorm.runningMean!.fill_(5);
  updateBn([torch.ones([1, 2, 3])], inorm);
  assert.deepEqual(inorm.runningMean!.tolist(), [5, 5]);
  assert.throws(() => updateBn(5 as never, lin), TypeError);
});

Deno.test("averaging functions: PyTorch's decay check; AveragedModel's errors and call forms", () => {
  for (const f of [getEmaAvgFn, getEmaMultiAvgFn]) {
    assert.throws(
      () => f(1.5),
      (e: Error) =>
        e instanceof RangeError &&
        e.message === "Invalid decay value 1.5 provided. Please provide a value in [0,1] range.",
    );
  }
  const m = new nn.Linear(2, 2);
  assert.throws(
    () => new AveragedModel(m, { avgFn: getSwaAvgFn(), multiAvgFn: getSwaMultiAvgFn() }),
    /Only one of avg_fn and multi_avg_fn should be provided/,
  );
  assert.throws(() => new AveragedModel(m, { bogus: 1 } as never), /bogus/);
  assert.throws(() => new AveragedModel(5 as never), TypeError);
  // positional: model, device, avgFn, multiAvgFn, useBuffers
  const a = new AveragedModel(m, "cpu", null, getEmaMultiAvgFn(0.5), true);
  assert.equal(a.useBuffers, true);
  a.updateParameters(m);
  torch.noGrad(() => m.weight.add_(2));
  a.updateParameters(m);
  const want = m.weight.sub(1).tolist() as number[][];
  assert.ok(diff((a.module as nn.Linear).weight.reshape(-1).tolist() as number[], want.flat()).abs < 1e-6);
  assert.equal(a.nAveraged.item(), 2);
  assert.equal(a.nAveraged.dtype, "int64");
});
