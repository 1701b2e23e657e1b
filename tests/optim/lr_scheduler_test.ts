/**
 * Learning-rate schedulers against PyTorch's: the lr of every group after
 * construction and after each step (and momentum / beta1 for OneCycleLR),
 * ReduceLROnPlateau on a metric sequence, OneCycleLR's anneal strategies
 * and three-phase schedule, SequentialLR's milestones; state dicts.
 */
import assert from "node:assert/strict";
import { optim, torch } from "../../mod.ts";
import { oracle } from "./helpers.ts";

interface Spec {
  name: string;
  kwargs?: Record<string, unknown>;
}
interface SchedCase {
  kind: "scheduler";
  lrs: number[];
  opt?: "SGD" | "Adam";
  momentum?: number;
  sched: Spec;
  steps: number;
  metrics?: number[];
}

const plateauMetrics = [
  10,
  9,
  9.5,
  9.2,
  9.1,
  9.3,
  9.4,
  9.0,
  8.0,
  8.5,
  8.6,
  8.7,
  8.4,
  8.45,
  8.5,
  8.6,
  8.7,
  8.8,
  8.9,
  9.0,
  9.1,
  9.2,
  7,
  7.1,
  7.2,
];

const CASES: [string, SchedCase][] = [
  ["StepLR", {
    kind: "scheduler",
    lrs: [0.1, 0.05],
    sched: { name: "StepLR", kwargs: { stepSize: 3, gamma: 0.5 } },
    steps: 20,
  }],
  ["MultiStepLR (repeated milestone)", {
    kind: "scheduler",
    lrs: [0.1, 0.03],
    sched: { name: "MultiStepLR", kwargs: { milestones: [2, 5, 5, 11], gamma: 0.3 } },
    steps: 20,
  }],
  ["ExponentialLR", {
    kind: "scheduler",
    lrs: [0.1, 0.05],
    sched: { name: "ExponentialLR", kwargs: { gamma: 0.9 } },
    steps: 20,
  }],
  ["CosineAnnealingLR", {
    kind: "scheduler",
    lrs: [0.1, 0.05],
    sched: { name: "CosineAnnealingLR", kwargs: { TMax: 7, etaMin: 0.001 } },
    steps: 30,
  }],
  ["LambdaLR", {
    kind: "scheduler",
    lrs: [0.1, 0.05],
    sched: { name: "LambdaLR", kwargs: { lrLambda: "lambda e: 0.95 ** e / (1 + 0.1 * e)" } },
    steps: 20,
  }],
  ["LinearLR", {
    kind: "scheduler",
    lrs: [0.1, 0.05],
    sched: { name: "LinearLR", kwargs: { startFactor: 0.25, endFactor: 0.9, totalIters: 6 } },
    steps: 12,
  }],
  ["ConstantLR", {
    kind: "scheduler",
    lrs: [0.1],
    sched: { name: "ConstantLR", kwargs: { factor: 0.5, totalIters: 3 } },
    steps: 8,
  }],
  ["PolynomialLR", {
    kind: "scheduler",
    lrs: [0.1],
    sched: { name: "PolynomialLR", kwargs: { totalIters: 6, power: 2.0 } },
    steps: 9,
  }],
  ["OneCycleLR cos (SGD momentum)", {
    kind: "scheduler",
    lrs: [0.1, 0.05],
    momentum: 0.9,
    sched: { name: "OneCycleLR", kwargs: { maxLr: [1.0, 0.5], totalSteps: 25 } },
    steps: 25,
  }],
  ["OneCycleLR linear, three phases (Adam betas)", {
    kind: "scheduler",
    lrs: [0.1],
    opt: "Adam",
    sched: {
      name: "OneCycleLR",
      kwargs: { maxLr: 0.3, epochs: 4, stepsPerEpoch: 5, annealStrategy: "linear", threePhase: true, pctStart: 0.25 },
    },
    steps: 20,
  }],
  ["OneCycleLR without momentum cycling", {
    kind: "scheduler",
    lrs: [0.1],
    sched: {
      name: "OneCycleLR",
      kwargs: { maxLr: 0.2, totalSteps: 12, cycleMomentum: false, divFactor: 10, finalDivFactor: 100 },
    },
    steps: 12,
  }],
  ["ReduceLROnPlateau min rel", {
    kind: "scheduler",
    lrs: [0.1, 0.05],
    sched: { name: "ReduceLROnPlateau", kwargs: { patience: 2, factor: 0.5, minLr: [0.01, 0.02] } },
    steps: plateauMetrics.length,
    metrics: plateauMetrics,
  }],
  ["ReduceLROnPlateau max abs cooldown", {
    kind: "scheduler",
    lrs: [0.1],
    sched: {
      name: "ReduceLROnPlateau",
      kwargs: { mode: "max", thresholdMode: "abs", threshold: 0.05, patience: 1, cooldown: 2, factor: 0.3 },
    },
    steps: plateauMetrics.length,
    metrics: plateauMetrics.map((m) => -m),
  }],
  ["SequentialLR (LinearLR warmup -> ExponentialLR)", {
    kind: "scheduler",
    lrs: [0.1, 0.05],
    sched: {
      name: "SequentialLR",
      kwargs: {
        schedulers: [
          { name: "LinearLR", kwargs: { startFactor: 0.1, totalIters: 4 } },
          { name: "ExponentialLR", kwargs: { gamma: 0.9 } },
        ],
        milestones: [5],
      },
    },
    steps: 15,
  }],
  ["SequentialLR (three schedulers, cosine)", {
    kind: "scheduler",
    lrs: [0.1],
    sched: {
      name: "SequentialLR",
      kwargs: {
        schedulers: [
          { name: "ConstantLR", kwargs: { factor: 0.2, totalIters: 3 } },
          { name: "CosineAnnealingLR", kwargs: { TMax: 5 } },
          { name: "StepLR", kwargs: { stepSize: 2, gamma: 0.5 } },
        ],
        milestones: [3, 9],
      },
    },
    steps: 16,
  }],
];

const LAMBDA = (e: number) => 0.95 ** e / (1 + 0.1 * e);
const results = await oracle(CASES.map(([, c]) => c));

function build(opt: optim.Optimizer, spec: Spec): optim.LRScheduler {
  const S = optim.lrScheduler as unknown as Record<string, new (o: optim.Optimizer, a: unknown) => optim.LRScheduler>;
  const kwargs: Record<string, unknown> = { ...spec.kwargs };
  if ("lrLambda" in kwargs) kwargs.lrLambda = LAMBDA;
  if ("schedulers" in kwargs) kwargs.schedulers = (kwargs.schedulers as Spec[]).map((s) => build(opt, s));
  return new S[spec.name](opt, kwargs);
}

function momentumOf(opt: optim.Optimizer): (number | null)[] {
  return opt.paramGroups.map((
    g,
  ) => ("betas" in g ? (g.betas as number[])[0] : (g.momentum as number | undefined) ?? null));
}

function makeOptimizer(c: SchedCase): optim.Optimizer {
  const groups = c.lrs.map((lr) => ({ params: [torch.zeros(2, { requiresGrad: true })], lr }));
  return c.opt === "Adam" ? new optim.Adam(groups) : new optim.SGD(groups, { momentum: c.momentum ?? 0 });
}

for (const [name, c] of CASES) {
  Deno.test(`${name}: the lr sequence equals PyTorch's`, () => {
    const theirs = results[CASES.findIndex(([n]) => n === name)];
    assert.ok(!theirs.error, theirs.error);
    const opt = makeOptimizer(c);
    const sched = build(opt, c.sched);
    const lrs = [sched.getLastLr()], moms = [momentumOf(opt)];
    for (let s = 0; s < c.steps; s++) {
      opt.step();
      if (c.metrics) (sched as optim.lrScheduler.ReduceLROnPlateau).step(c.metrics[s]);
      else sched.step();
      lrs.push(sched.getLastLr());
      moms.push(momentumOf(opt));
    }
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-14 * Math.max(Math.abs(b), 1e-300);
    lrs.forEach((row, s) =>
      row.forEach((v, g) =>
        assert.ok(close(v, theirs.lrs[s][g]), `step ${s}, group ${g}: lr ${v} vs ${theirs.lrs[s][g]}`)
      )
    );
    moms.forEach((row, s) =>
      row.forEach((v, g) => {
        const t = theirs.momentum[s][g];
        assert.ok(v === t || close(v!, t), `step ${s}, group ${g}: momentum ${v} vs ${t}`);
      })
    );
  });
}

Deno.test("scheduler state dicts round trip (and go through torch.save)", async () => {
  const mk = () => {
    const opt = new optim.SGD([torch.zeros(2, { requiresGrad: true })], { lr: 0.1, momentum: 0.9 });
    const s = new optim.lrScheduler.SequentialLR(opt, {
      schedulers: [
        new optim.lrScheduler.LinearLR(opt, { startFactor: 0.1, totalIters: 4 }),
        new optim.lrScheduler.CosineAnnealingLR(opt, 10),
      ],
      milestones: [5],
    });
    return { opt, s };
  };
  const a = mk();
  const seq: number[] = [];
  for (let i = 0; i < 12; i++) {
    a.s.step();
    seq.push(a.opt.paramGroups[0].lr);
  }
  const b = mk();
  for (let i = 0; i < 6; i++) b.s.step();
  const path = await Deno.makeTempFile({ suffix: ".safetensors" });
  await torch.save({ optimizer: b.opt.stateDict(), scheduler: b.s.stateDict() }, path);
  const ck = await torch.load<{ optimizer: optim.StateDict; scheduler: Record<string, unknown> }>(path);
  await Deno.remove(path);
  const c = mk();
  c.opt.loadStateDict(ck.optimizer);
  c.s.loadStateDict(ck.scheduler);
  const rest: number[] = [];
  for (let i = 6; i < 12; i++) {
    c.s.step();
    rest.push(c.opt.paramGroups[0].lr);
  }
  assert.deepEqual(rest, seq.slice(6));

  // ReduceLROnPlateau's best (Infinity before the first metric) survives the metadata JSON
  const opt = new optim.SGD([torch.zeros(1, { requiresGrad: true })], 0.1);
  const r = new optim.lrScheduler.ReduceLROnPlateau(opt);
  const p2 = await Deno.makeTempFile({ suffix: ".safetensors" });
  await torch.save(r.stateDict(), p2);
  const back = await torch.load<Record<string, unknown>>(p2);
  await Deno.remove(p2);
  assert.equal(back.best, Infinity);
});

Deno.test("scheduler errors", () => {
  const opt = new optim.SGD([torch.zeros(1, { requiresGrad: true })], 0.1);
  assert.throws(() => new optim.lrScheduler.StepLR({} as never, 2), /is not an Optimizer/);
  assert.throws(() => new optim.lrScheduler.OneCycleLR(opt, 0.1), /total_steps OR/);
  const oc = new optim.lrScheduler.OneCycleLR(opt, 0.1, { totalSteps: 2 });
  oc.step();
  oc.step();
  assert.throws(() => oc.step(), /Tried to step 3 times/);
  assert.throws(() => new optim.lrScheduler.ReduceLROnPlateau(opt, { factor: 1.5 }), /Factor should be < 1.0/);
  assert.throws(
    () => new optim.lrScheduler.LambdaLR(opt, [(e: number) => e, (e: number) => e]),
    /Expected 1 lr_lambdas/,
  );
  const other = new optim.SGD([torch.zeros(1, { requiresGrad: true })], 0.1);
  const s1 = new optim.lrScheduler.StepLR(other, 2);
  assert.throws(() => new optim.lrScheduler.SequentialLR(opt, [s1], []), /same optimizer/);
  assert.throws(
    () => new optim.lrScheduler.SequentialLR(opt, [new optim.lrScheduler.StepLR(opt, 2)], [3]),
    /one more than the number of milestone/,
  );
  const plateau = new optim.lrScheduler.ReduceLROnPlateau(opt);
  assert.throws(() => plateau.step("low" as never), /metrics must be a number/);
  plateau.step(torch.tensor(0.5));
});
