/**
 * F.multiMarginLoss / nn.MultiMarginLoss, F.multilabelMarginLoss / nn.MultiLabelMarginLoss,
 * F.tripletMarginWithDistanceLoss / nn.TripletMarginWithDistanceLoss, nn.NLLLoss2d and
 * nn.AdaptiveLogSoftmaxWithLoss against PyTorch 2.13: values and gradients (inputs and parameters) for every
 * reduction, p, margin, weight, swap and distance, float32 and float64, hinge terms exactly at the margin (no
 * gradient), unbatched inputs; seeded initial weights, logProb and predict; PyTorch's errors and messages; the
 * call forms; reprs and warnings.
 */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";
import { caseFailures, numpy, VG_SETUP } from "../helpers/oracle.ts";
import { type ParityCase, randint, randn, report, runParity } from "./harness.ts";

const F = nn.F;
type T = torch.Tensor;
const cases: ParityCase[] = [];
const add = (c: ParityCase) => cases.push(c);
const fn = (id: string, py: string, f: (...xs: T[]) => unknown, inputs: () => T[], extra: Partial<ParityCase> = {}) =>
  add({ id, py, fn: f, inputs, ...extra });
const REDUCTIONS = ["none", "mean", "sum"] as const;
const DTYPES = ["float32", "float64"] as const;

/** Multi-label targets: leading classes, -1 ending the list (the rest ignored), a repeated class in the last row. */
const labels = () => torch.tensor([[3, 0, -1, 1, 2], [1, 2, 3, 4, 0], [-1, 0, 0, 0, 0], [4, 4, -1, 0, 0]]);
/** Integer-valued inputs: many hinge terms are exactly 0 at margin 1, where the gradient must be 0. */
const ties = (dt: "float32" | "float64") =>
  torch.tensor([[1, 0, 2, 1, 0], [0, 0, 0, 0, 0], [2, 1, 1, 3, 2], [1, 1, 0, 0, 1]], { dtype: dt });

for (const r of REDUCTIONS) {
  for (const dt of DTYPES) {
    const pr = `reduction='${r}'`, s = dt === "float64" ? 100 : 0, dbl = dt === "float64";
    add({
      id: `MultiMarginLoss ${r} ${dt}`,
      py: `nn.MultiMarginLoss(${pr})`,
      make: () => new nn.MultiMarginLoss({ reduction: r }),
      inputs: () => [randn(1 + s, [6, 5], dt), randint(2 + s, 0, 5, [6])],
    });
    add({
      id: `MultiMarginLoss p=2 margin weight ${r} ${dt}`,
      py: `nn.MultiMarginLoss(p=2, margin=0.7, weight=torch.tensor([0.5, 1.0, 2.0, 1.5, 0.25]), ${pr})`,
      make: () => new nn.MultiMarginLoss(2, 0.7, torch.tensor([0.5, 1, 2, 1.5, 0.25]), { reduction: r }),
      inputs: () => [randn(3 + s, [6, 5], dt), randint(4 + s, 0, 5, [6])],
      double: dbl,
    });
    add({
      id: `MultiMarginLoss ties ${r} ${dt}`,
      py: `nn.MultiMarginLoss(${pr})`,
      make: () => new nn.MultiMarginLoss({ reduction: r }),
      inputs: () => [ties(dt), torch.tensor([0, 3, 1, 4])],
    });
    add({
      id: `MultiLabelMarginLoss ${r} ${dt}`,
      py: `nn.MultiLabelMarginLoss(${pr})`,
      make: () => new nn.MultiLabelMarginLoss({ reduction: r }),
      inputs: () => [randn(5 + s, [4, 5], dt), labels()],
    });
    add({
      id: `MultiLabelMarginLoss ties ${r} ${dt}`,
      py: `nn.MultiLabelMarginLoss(${pr})`,
      make: () => new nn.MultiLabelMarginLoss({ reduction: r }),
      inputs: () => [ties(dt), labels()],
    });
    add({
      id: `TripletMarginWithDistanceLoss ${r} ${dt}`,
      py: `nn.TripletMarginWithDistanceLoss(${pr})`,
      make: () => new nn.TripletMarginWithDistanceLoss({ reduction: r }),
      inputs: () => [randn(6 + s, [5, 4], dt), randn(7 + s, [5, 4], dt), randn(8 + s, [5, 4], dt)],
    });
    add({
      id: `TripletMarginWithDistanceLoss cosine swap ${r} ${dt}`,
      py: `nn.TripletMarginWithDistanceLoss(distance_function=lambda a, b: 1 - F.cosine_similarity(a, b), ` +
        `margin=0.5, swap=True, ${pr})`,
      make: () =>
        new nn.TripletMarginWithDistanceLoss({
          distanceFunction: (a: T, b: T) => F.cosineSimilarity(a, b).neg().add(1),
          margin: 0.5,
          swap: true,
          reduction: r,
        }),
      inputs: () => [randn(9 + s, [6, 3], dt), randn(10 + s, [6, 3], dt), randn(11 + s, [6, 3], dt)],
    });
  }
  add({
    id: `NLLLoss2d ${r}`,
    py: `nn.NLLLoss2d(weight=torch.tensor([1.0, 0.5, 2.0]), ignore_index=1, reduction='${r}')`,
    make: () => new nn.NLLLoss2d({ weight: torch.tensor([1, 0.5, 2]), ignoreIndex: 1, reduction: r }),
    inputs: () => [randn(12, [2, 3, 4, 5]).logSoftmax(1), randint(13, 0, 3, [2, 4, 5])],
  });
}
add({
  id: "TripletMarginWithDistanceLoss PairwiseDistance module swap",
  py: "nn.TripletMarginWithDistanceLoss(distance_function=nn.PairwiseDistance(p=1.5), margin=2.0, swap=True)",
  make: () =>
    new nn.TripletMarginWithDistanceLoss({ distanceFunction: new nn.PairwiseDistance(1.5), margin: 2, swap: true }),
  inputs: () => [randn(14, [5, 4]), randn(15, [5, 4]), randn(16, [5, 4])],
});
add({
  id: "MultiMarginLoss legacy size_average",
  py: "nn.MultiMarginLoss(size_average=False)",
  make: () => new nn.MultiMarginLoss({ sizeAverage: false }),
  inputs: () => [randn(17, [4, 3]), randint(18, 0, 3, [4])],
});

// ---- AdaptiveLogSoftmaxWithLoss: seeded weights, forward, logProb, predict ----
const asmTarget = () => torch.tensor([0, 3, 5, 8, 9, 1, 4, 7, 6, 2, 9, 5]);
for (const dt of DTYPES) {
  const dbl = dt === "float64";
  add({
    id: `AdaptiveLogSoftmaxWithLoss ${dt}`,
    py: "nn.AdaptiveLogSoftmaxWithLoss(16, 10, [4, 8])",
    make: () => new nn.AdaptiveLogSoftmaxWithLoss(16, 10, [4, 8]),
    inputs: () => [randn(20, [12, 16], dt), asmTarget()],
    initSeed: 3,
    double: dbl,
  });
  add({
    id: `AdaptiveLogSoftmaxWithLoss head bias div 2 ${dt}`,
    py: "nn.AdaptiveLogSoftmaxWithLoss(12, 20, [3, 9, 15], div_value=2.0, head_bias=True)",
    make: () => new nn.AdaptiveLogSoftmaxWithLoss(12, 20, [3, 9, 15], 2, true),
    inputs: () => [randn(21, [9, 12], dt), torch.tensor([0, 19, 3, 9, 14, 15, 2, 8, 10])],
    initSeed: 4,
    double: dbl,
  });
  add({
    id: `AdaptiveLogSoftmaxWithLoss log_prob ${dt}`,
    py: "nn.AdaptiveLogSoftmaxWithLoss(16, 10, [4, 8], head_bias=True)",
    make: () => new nn.AdaptiveLogSoftmaxWithLoss(16, 10, [4, 8], { headBias: true }),
    call: { py: "m.log_prob(x0)", ts: (m, xs) => (m as nn.AdaptiveLogSoftmaxWithLoss).logProb(xs[0]) },
    inputs: () => [randn(22, [7, 16], dt)],
    initSeed: 5,
    double: dbl,
  });
}
add({
  id: "AdaptiveLogSoftmaxWithLoss unbatched",
  py: "nn.AdaptiveLogSoftmaxWithLoss(8, 6, [2])",
  make: () => new nn.AdaptiveLogSoftmaxWithLoss(8, 6, [2]),
  inputs: () => [randn(23, [8]), torch.tensor(4)],
  initSeed: 6,
});
add({
  id: "AdaptiveLogSoftmaxWithLoss one cluster only",
  py: "nn.AdaptiveLogSoftmaxWithLoss(8, 6, [2])",
  make: () => new nn.AdaptiveLogSoftmaxWithLoss(8, 6, [2]),
  inputs: () => [randn(24, [3, 8]), torch.tensor([5, 4, 3])],
  initSeed: 7,
});
// predict: the head's argmax, a cluster's where the head picks one (the head's bias decides which rows go where)
for (const [id, bias] of [["mixed", "[3.0, 0.0, 0.0, 3.1]"], ["all in clusters", "[0.0, 0.0, 0.0, 9.0]"]] as const) {
  add({
    id: `AdaptiveLogSoftmaxWithLoss predict ${id}`,
    py: "nn.AdaptiveLogSoftmaxWithLoss(6, 8, [3], head_bias=True)",
    make: () => {
      const m = new nn.AdaptiveLogSoftmaxWithLoss(6, 8, [3], { headBias: true });
      m.head.bias!.data = torch.tensor(JSON.parse(bias));
      return m;
    },
    call: { py: "m.predict(x0)", ts: (m, xs) => (m as nn.AdaptiveLogSoftmaxWithLoss).predict(xs[0]) },
    inputs: () => [randn(25, [16, 6])],
  });
}

// ---- functional forms ----
fn(
  "F.multi_margin_loss options",
  "lambda x, t, w: F.multi_margin_loss(x, t, p=2, margin=1.5, weight=w, reduction='sum')",
  (x, t, w) => F.multiMarginLoss(x, t, { p: 2, margin: 1.5, weight: w, reduction: "sum" }),
  () => [randn(30, [5, 7]), randint(31, 0, 7, [5]), randn(32, [7]).abs()],
  { grad: [true, false, false] },
);
fn(
  "F.multi_margin_loss unbatched",
  "lambda x, t: F.multi_margin_loss(x, t, reduction='none')",
  (x, t) => F.multiMarginLoss(x, t, { reduction: "none" }),
  () => [randn(33, [6]), torch.tensor(2)],
);
fn(
  "F.multi_margin_loss unbatched 1-element target",
  "lambda x, t: F.multi_margin_loss(x, t, 1, 0.3, None, None, None, 'none')",
  (x, t) => F.multiMarginLoss(x, t, 1, 0.3, null, null, null, "none"),
  () => [randn(34, [6], "float64"), torch.tensor([5])],
);
fn(
  "F.multi_margin_loss 0-d",
  "lambda x, t: F.multi_margin_loss(x, t, reduction='none')",
  (x, t) => F.multiMarginLoss(x, t, { reduction: "none" }),
  () => [randn(35, []), torch.tensor(0)],
);
fn(
  "F.multilabel_margin_loss unbatched",
  "lambda x, t: F.multilabel_margin_loss(x, t, reduction='none')",
  (x, t) => F.multilabelMarginLoss(x, t, { reduction: "none" }),
  () => [randn(36, [5]), torch.tensor([4, 1, -1, 2, 2])],
);
fn(
  "F.multilabel_margin_loss legacy reduce",
  "lambda x, t: F.multilabel_margin_loss(x, t, reduce=False)",
  (x, t) => F.multilabelMarginLoss(x, t, { reduce: false }),
  () => [randn(37, [4, 5], "float64"), labels()],
);
fn(
  "F.multilabel_margin_loss empty batch",
  "lambda x, t: F.multilabel_margin_loss(x, t, reduction='none')",
  (x, t) => F.multilabelMarginLoss(x, t, { reduction: "none" }),
  () => [randn(38, [0, 4]), torch.zeros([0, 4], { dtype: "int64" })],
);
fn(
  "F.triplet_margin_with_distance_loss",
  "lambda a, p, n: F.triplet_margin_with_distance_loss(a, p, n, margin=0.25, swap=True, reduction='none')",
  (a, p, n) => F.tripletMarginWithDistanceLoss(a, p, n, { margin: 0.25, swap: true, reduction: "none" }),
  () => [randn(39, [4, 6]), randn(40, [4, 6]), randn(41, [4, 6])],
);
fn(
  "F.triplet_margin_with_distance_loss custom distance unbatched",
  "lambda a, p, n: F.triplet_margin_with_distance_loss(a, p, n, distance_function=lambda x, y: (x - y).pow(2).sum(-1))",
  (a, p, n) => F.tripletMarginWithDistanceLoss(a, p, n, { distanceFunction: (x: T, y: T) => x.sub(y).pow(2).sum(-1) }),
  () => [randn(42, [6], "float64"), randn(43, [6], "float64"), randn(44, [6], "float64")],
);

Deno.test("nn.NLLLoss2d warns once (PyTorch's FutureWarning) and is an NLLLoss", () => {
  const warn = console.warn, got: string[] = [];
  console.warn = (...a: unknown[]) => got.push(a.join(" "));
  try {
    const m = new nn.NLLLoss2d({ ignoreIndex: 2 });
    new nn.NLLLoss2d();
    assert.ok(m instanceof nn.NLLLoss);
    assert.equal(m.ignoreIndex, 2);
  } finally {
    console.warn = warn;
  }
  assert.deepEqual(got, [
    "FutureWarning: `NLLLoss2d` has been deprecated. Please use `NLLLoss` instead as a drop-in replacement and see " +
    "https://pytorch.org/docs/main/nn.html#torch.nn.NLLLoss for more details.",
  ]);
});

Deno.test("the new losses match PyTorch: values and gradients, seeded weights", async () => {
  report("loss_more", await runParity(cases));
});

const x34 = "torch.tensor([[0.1, 0.2, 0.4, 0.8], [0.5, -0.3, 0.2, 0.9], [1.0, 0.0, -1.0, 0.5]])";
const X34 = () => torch.tensor([[0.1, 0.2, 0.4, 0.8], [0.5, -0.3, 0.2, 0.9], [1, 0, -1, 0.5]]);
const t = (v: number[] | number[][], dtype = "int64") => torch.tensor(v, { dtype });
const CASES: [py: string, ours: () => unknown][] = [
  // multi_margin_loss
  [
    "F.multi_margin_loss(torch.zeros(3, 0), torch.zeros(3, dtype=torch.long))",
    () => F.multiMarginLoss(torch.zeros(3, 0), torch.zeros([3], { dtype: "int64" })),
  ],
  [
    "F.multi_margin_loss(torch.zeros(2, 3, 4), torch.tensor([0, 1]))",
    () => F.multiMarginLoss(torch.zeros(2, 3, 4), t([0, 1])),
  ],
  [`F.multi_margin_loss(${x34}, torch.tensor([0, 1, 4]))`, () => F.multiMarginLoss(X34(), t([0, 1, 4]))],
  [`F.multi_margin_loss(${x34}, torch.tensor([0, 1, -1]))`, () => F.multiMarginLoss(X34(), t([0, 1, -1]))],
  [`F.multi_margin_loss(${x34}, torch.tensor([0, 1]))`, () => F.multiMarginLoss(X34(), t([0, 1]))],
  [`F.multi_margin_loss(${x34}, torch.tensor([[0, 1, 2]]))`, () => F.multiMarginLoss(X34(), t([[0, 1, 2]]))],
  [
    `F.multi_margin_loss(${x34}, torch.tensor([0, 1, 2], dtype=torch.int32))`,
    () => F.multiMarginLoss(X34(), t([0, 1, 2], "int32")),
  ],
  [`F.multi_margin_loss(${x34}, torch.tensor([0., 1, 2]))`, () => F.multiMarginLoss(X34(), t([0, 1, 2], "float32"))],
  [`F.multi_margin_loss(${x34}, torch.tensor([0, 1, 2]), p=3)`, () => F.multiMarginLoss(X34(), t([0, 1, 2]), 3)],
  [
    `F.multi_margin_loss(${x34}, torch.tensor([0, 1, 2]), weight=torch.ones(3))`,
    () => F.multiMarginLoss(X34(), t([0, 1, 2]), { weight: torch.ones(3) }),
  ],
  [
    `F.multi_margin_loss(${x34}, torch.tensor([0, 1, 2]), weight=torch.ones(1, 4))`,
    () => F.multiMarginLoss(X34(), t([0, 1, 2]), { weight: torch.ones(1, 4) }),
  ],
  [
    `F.multi_margin_loss(${x34}, torch.tensor([0, 1, 2]), weight=torch.ones(4, dtype=torch.float64))`,
    () => F.multiMarginLoss(X34(), t([0, 1, 2]), { weight: torch.ones(4, { dtype: "float64" }) }),
  ],
  [
    `F.multi_margin_loss(${x34}.long(), torch.tensor([0, 1, 2]))`,
    () => F.multiMarginLoss(X34().to("int64"), t([0, 1, 2])),
  ],
  [
    `F.multi_margin_loss(${x34}, torch.tensor([0, 1, 2]), weight=torch.ones(4, requires_grad=True))`,
    () => F.multiMarginLoss(X34(), t([0, 1, 2]), { weight: torch.ones(4).requiresGrad_() }),
  ],
  [
    `F.multi_margin_loss(torch.zeros(0, 4), torch.zeros(0, dtype=torch.long), reduction='none')`,
    () => F.multiMarginLoss(torch.zeros(0, 4), torch.zeros([0], { dtype: "int64" }), { reduction: "none" }),
  ],
  [
    `F.multi_margin_loss(${x34}, torch.tensor([0, 1, 2]), margin=-1.)`,
    () => F.multiMarginLoss(X34(), t([0, 1, 2]), { margin: -1 }),
  ],
  ["nn.MultiMarginLoss(p=3)", () => new nn.MultiMarginLoss(3)],
  ["nn.MultiMarginLoss(weight=torch.ones(2, 2))", () => new nn.MultiMarginLoss({ weight: torch.ones(2, 2) })],
  // multilabel_margin_loss
  [
    `F.multilabel_margin_loss(${x34}, torch.tensor([[3, 4, -1, 1]] * 3))`,
    () => F.multilabelMarginLoss(X34(), t([[3, 4, -1, 1], [3, 4, -1, 1], [3, 4, -1, 1]])),
  ],
  [
    `F.multilabel_margin_loss(${x34}, torch.tensor([[3, -2, 0, 1]] * 3))`,
    () => F.multilabelMarginLoss(X34(), t([[3, -2, 0, 1], [3, -2, 0, 1], [3, -2, 0, 1]])),
  ],
  [
    `F.multilabel_margin_loss(${x34}, torch.tensor([[3, -1, 7, 1]] * 3))`,
    () => F.multilabelMarginLoss(X34(), t([[3, -1, 7, 1], [3, -1, 7, 1], [3, -1, 7, 1]])),
  ],
  [
    `F.multilabel_margin_loss(${x34}, torch.tensor([[3, 0, 1]] * 3))`,
    () => F.multilabelMarginLoss(X34(), t([[3, 0, 1], [3, 0, 1], [3, 0, 1]])),
  ],
  [
    `F.multilabel_margin_loss(${x34}, torch.tensor([3, 0, 1, 1]))`,
    () => F.multilabelMarginLoss(X34(), t([3, 0, 1, 1])),
  ],
  [
    "F.multilabel_margin_loss(torch.zeros(4), torch.zeros(2, 2, dtype=torch.long))",
    () => F.multilabelMarginLoss(torch.zeros(4), torch.zeros([2, 2], { dtype: "int64" })),
  ],
  [
    `F.multilabel_margin_loss(${x34}, torch.tensor([[3, 0, -1, 1]] * 3, dtype=torch.int32))`,
    () => F.multilabelMarginLoss(X34(), t([[3, 0, -1, 1], [3, 0, -1, 1], [3, 0, -1, 1]], "int32")),
  ],
  [
    `F.multilabel_margin_loss(${x34}.long(), torch.tensor([[3, 0, -1, 1]] * 3))`,
    () => F.multilabelMarginLoss(X34().to("int64"), t([[3, 0, -1, 1], [3, 0, -1, 1], [3, 0, -1, 1]])),
  ],
  [
    "F.multilabel_margin_loss(torch.zeros(2, 0), torch.zeros(2, 0, dtype=torch.long))",
    () => F.multilabelMarginLoss(torch.zeros(2, 0), torch.zeros([2, 0], { dtype: "int64" })),
  ],
  [
    "F.multilabel_margin_loss(torch.tensor(0.3), torch.tensor(-1), reduction='none')",
    () => F.multilabelMarginLoss(torch.tensor(0.3), torch.tensor(-1), { reduction: "none" }),
  ],
  [
    "F.multilabel_margin_loss(torch.tensor(0.3), torch.tensor([0]), reduction='none')",
    () => F.multilabelMarginLoss(torch.tensor(0.3), t([0]), { reduction: "none" }),
  ],
  // triplet_margin_with_distance_loss
  [
    "F.triplet_margin_with_distance_loss(torch.zeros(3), torch.zeros(3), torch.zeros(3), margin=0.)",
    () => F.tripletMarginWithDistanceLoss(torch.zeros(3), torch.zeros(3), torch.zeros(3), { margin: 0 }),
  ],
  [
    "F.triplet_margin_with_distance_loss(torch.zeros(3), torch.zeros(3), torch.zeros(3), margin=-0.5)",
    () => F.tripletMarginWithDistanceLoss(torch.zeros(3), torch.zeros(3), torch.zeros(3), { margin: -0.5 }),
  ],
  [
    "F.triplet_margin_with_distance_loss(torch.zeros(3), torch.zeros(3), torch.zeros(2, 3))",
    () => F.tripletMarginWithDistanceLoss(torch.zeros(3), torch.zeros(3), torch.zeros(2, 3)),
  ],
  ["nn.TripletMarginWithDistanceLoss(margin=0.)", () => new nn.TripletMarginWithDistanceLoss({ margin: 0 })],
  // AdaptiveLogSoftmaxWithLoss
  ["nn.AdaptiveLogSoftmaxWithLoss(8, 10, [])", () => new nn.AdaptiveLogSoftmaxWithLoss(8, 10, [])],
  ...[[5, 3], [3, 3], [0, 4], [4, 10], [2.5]].map((c) =>
    [
      `nn.AdaptiveLogSoftmaxWithLoss(8, 10, ${JSON.stringify(c)})`,
      () => new nn.AdaptiveLogSoftmaxWithLoss(8, 10, c),
    ] as [string, () => unknown]
  ),
  ...[
    ["torch.zeros(3, 8), torch.tensor([0, 1])", () => [torch.zeros(3, 8), t([0, 1])]],
    ["torch.zeros(3, 2, 8), torch.tensor([0, 1, 2])", () => [torch.zeros(3, 2, 8), t([0, 1, 2])]],
    ["torch.zeros(3, 8), torch.tensor(1)", () => [torch.zeros(3, 8), torch.tensor(1)]],
    ["torch.zeros(3, 8), torch.zeros(3, 2, dtype=torch.long)", () => [torch.zeros(3, 8), t([[0, 1], [0, 1], [0, 1]])]],
    ["torch.zeros(3, 8), torch.tensor([0, 10, 2])", () => [torch.zeros(3, 8), t([0, 10, 2])]],
    ["torch.zeros(3, 8), torch.tensor([-1, 3, 2])", () => [torch.zeros(3, 8), t([-1, 3, 2])]],
  ].map(([py, xs]) =>
    [
      `nn.AdaptiveLogSoftmaxWithLoss(8, 10, [4])(${py})`,
      () => new nn.AdaptiveLogSoftmaxWithLoss(8, 10, [4]).forward(...(xs as () => [T, T])()),
    ] as [string, () => unknown]
  ),
  // reprs
  [
    "[str(m) for m in [nn.MultiMarginLoss(p=2, margin=0.5, weight=torch.ones(3)), nn.MultiLabelMarginLoss(), " +
    "nn.TripletMarginWithDistanceLoss(), nn.TripletMarginWithDistanceLoss(distance_function=lambda a, b: a), " +
    "nn.AdaptiveLogSoftmaxWithLoss(16, 30, [4, 8, 12], div_value=2.0), nn.NLLLoss2d()]]",
    () =>
      [
        new nn.MultiMarginLoss({ p: 2, margin: 0.5, weight: torch.ones(3) }),
        new nn.MultiLabelMarginLoss(),
        new nn.TripletMarginWithDistanceLoss(),
        new nn.TripletMarginWithDistanceLoss({ distanceFunction: (a: T) => a }),
        new nn.AdaptiveLogSoftmaxWithLoss(16, 30, [4, 8, 12], { divValue: 2 }),
        new nn.NLLLoss2d(),
      ].map(String),
  ],
];

Deno.test("the new losses raise PyTorch's errors; edge cases", async () => {
  const warn = console.warn;
  console.warn = () => {};
  try {
    const results = await numpy(
      CASES.map(([py]) => ({ torch: true, setup: `${VG_SETUP}\nimport torch.nn as nn`, expr: py })),
    );
    assert.deepEqual(caseFailures(CASES, results), []);
  } finally {
    console.warn = warn;
  }
});

Deno.test("multi_margin_loss's weight may require grad with grad mode off; the modules' fields", () => {
  const w = torch.ones(4).requiresGrad_();
  const l = torch.noGrad(() => F.multiMarginLoss(X34(), t([0, 1, 2]), { weight: w }));
  assert.ok(Math.abs((l.item() as number) - (F.multiMarginLoss(X34(), t([0, 1, 2])).item() as number)) < 1e-7);
  const m = new nn.MultiMarginLoss(2, 0.5, torch.ones(4));
  assert.deepEqual([m.p, m.margin, m.reduction, Object.keys(m.stateDict())], [2, 0.5, "mean", ["weight"]]);
  const tl = new nn.TripletMarginWithDistanceLoss({ margin: 3, swap: true });
  assert.deepEqual([tl.margin, tl.swap, tl.distanceFunction instanceof nn.PairwiseDistance], [3, true, true]);
  const asm = new nn.AdaptiveLogSoftmaxWithLoss(16, 10, [4, 8]);
  assert.deepEqual(
    [asm.cutoffs, asm.shortlistSize, asm.nClusters, asm.headSize, asm.divValue, asm.headBias],
    [[4, 8, 10], 4, 2, 6, 4, false],
  );
  assert.deepEqual(Object.keys(asm.stateDict()), [
    "head.weight",
    "tail.0.0.weight",
    "tail.0.1.weight",
    "tail.1.0.weight",
    "tail.1.1.weight",
  ]);
  const res = asm.forward(torch.randn(3, 16), t([0, 5, 9]));
  assert.ok(res.output === res[0] && res.loss === res[1]);
  // resetParameters redraws in the constructor's order
  torch.manualSeed(1);
  const fresh = new nn.AdaptiveLogSoftmaxWithLoss(16, 10, [4, 8], { headBias: true });
  const before = Object.entries(fresh.stateDict()).map(([k, v]) => [k, v.tolist()]);
  torch.manualSeed(1);
  fresh.resetParameters();
  assert.deepEqual(Object.entries(fresh.stateDict()).map(([k, v]) => [k, v.tolist()]), before);
});

Deno.test("the new losses take every call form; an unknown option is named", () => {
  const x = randn(50, [5, 4]), y = randint(51, 0, 4, [5]), w = randn(52, [4]).abs();
  const want = F.multiMarginLoss(x, y, 2, 0.5, w, null, null, "sum").item();
  for (
    const l of [
      F.multiMarginLoss(x, y, { p: 2, margin: 0.5, weight: w, reduction: "sum" }),
      F.multiMarginLoss(x, y, 2, { margin: 0.5, weight: w, reduction: "sum" }),
      F.multiMarginLoss({ input: x, target: y, p: 2, margin: 0.5, weight: w, reduction: "sum" }),
      new nn.MultiMarginLoss(2, 0.5, w, { reduction: "sum" }).forward(x, y),
      new nn.MultiMarginLoss({ p: 2, margin: 0.5, weight: w, reduction: "sum" }).forward(x, y),
    ]
  ) assert.equal(l.item(), want);
  const lab = t([[3, 0, -1, 1], [1, -1, 0, 0], [0, 1, 2, 3], [2, 2, -1, 0], [-1, 0, 0, 0]]);
  assert.equal(
    F.multilabelMarginLoss(x, lab, { reduction: "sum" }).item(),
    F.multilabelMarginLoss(x, lab, null, null, "sum").item(),
  );
  const [a, p, n] = [randn(53, [3, 4]), randn(54, [3, 4]), randn(55, [3, 4])];
  assert.equal(
    F.tripletMarginWithDistanceLoss({ anchor: a, positive: p, negative: n, margin: 2 }).item(),
    F.tripletMarginWithDistanceLoss(a, p, n, { margin: 2 }).item(),
  );
  assert.throws(() => F.multiMarginLoss(x, y, { marg: 1 } as never), /marg/);
  assert.throws(() => F.multilabelMarginLoss(x, lab, { weight: w } as never), /weight/);
  // (PyTorch's distance_function, margin, swap and reduction are keyword-only)
  assert.throws(() => F.tripletMarginWithDistanceLoss(a, p, n, (() => a) as never), TypeError);
  assert.throws(() => new nn.TripletMarginWithDistanceLoss(2 as never), TypeError);
  assert.throws(() => new nn.TripletMarginWithDistanceLoss({ distanceFunction: 3 as never }), TypeError);
  assert.throws(() => new nn.AdaptiveLogSoftmaxWithLoss(8, 10, [4], { div: 2 } as never), /div/);
  assert.throws(() => new nn.AdaptiveLogSoftmaxWithLoss(8, 10, 4 as never), TypeError);
});
