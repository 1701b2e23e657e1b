/**
 * nn.functional's margin, embedding, Poisson / Gaussian NLL, triplet and
 * multi-label losses, softmin and pairwise_distance against PyTorch 2.13:
 * values in every reduction and the input's gradient, float64; their
 * modules; pixel shuffle / unshuffle and the Softmin, PairwiseDistance and
 * CosineSimilarity modules.
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import { caseFailures, numpy, vg, VG_SETUP as SETUP } from "../helpers/oracle.ts";

type T = torch.Tensor;
const F = torch.nn.functional;
const d = (v: number[] | number[][]) => torch.tensor(v, { dtype: "float64" });
const X = [[0.5, -1.2, 2], [1.5, 0.3, -0.7]], Y = [[1, -0.5, 0.25], [-2, 0.3, 1]];
const pm = [[1, -1, 1], [-1, 1, 1]];

const CASES: [py: string, ours: () => unknown][] = [];
for (const red of ["mean", "sum", "none"] as const) {
  const r = `reduction='${red}'`;
  CASES.push(
    [
      `vg(lambda x: F.margin_ranking_loss(x, d(${JSON.stringify(Y)}), d(${JSON.stringify(pm)}), 0.3, ${r}), ${
        JSON.stringify(X)
      })`,
      () => vg((x) => F.marginRankingLoss(x, d(Y), d(pm), 0.3, { reduction: red }), X),
    ],
    [
      `vg(lambda x: F.hinge_embedding_loss(x, d(${JSON.stringify(pm)}), 1.5, ${r}), ${JSON.stringify(X)})`,
      () => vg((x) => F.hingeEmbeddingLoss(x, d(pm), 1.5, { reduction: red }), X),
    ],
    [
      `vg(lambda x: F.soft_margin_loss(x, d(${JSON.stringify(pm)}), ${r}), ${JSON.stringify(X)})`,
      () => vg((x) => F.softMarginLoss(x, d(pm), { reduction: red }), X),
    ],
    [
      `vg(lambda x: F.cosine_embedding_loss(x, d(${JSON.stringify(Y)}), d([1, -1]), 0.1, ${r}), ${JSON.stringify(X)})`,
      () => vg((x) => F.cosineEmbeddingLoss(x, d(Y), d([1, -1]), 0.1, { reduction: red }), X),
    ],
    [
      `vg(lambda x: F.poisson_nll_loss(x, d([[1, 0, 3], [2, 5, 0]]), ${r}), ${JSON.stringify(X)})`,
      () => vg((x) => F.poissonNllLoss(x, d([[1, 0, 3], [2, 5, 0]]), { reduction: red }), X),
    ],
    [
      `vg(lambda x: F.poisson_nll_loss(x.abs(), d([[1, 0, 3], [2, 5, 0]]), log_input=False, full=True, ${r}), ${
        JSON.stringify(X)
      })`,
      () => vg((x) => F.poissonNllLoss(x.abs(), d([[1, 0, 3], [2, 5, 0]]), false, true, { reduction: red }), X),
    ],
    [
      `vg(lambda x: F.gaussian_nll_loss(x, d(${JSON.stringify(Y)}), d([[0.5, 1e-9, 2], [1, 1, 0.1]]), ${r}), ${
        JSON.stringify(X)
      })`,
      () => vg((x) => F.gaussianNllLoss(x, d(Y), d([[0.5, 1e-9, 2], [1, 1, 0.1]]), { reduction: red }), X),
    ],
    [
      `vg(lambda x: F.gaussian_nll_loss(x, d(${JSON.stringify(Y)}), d([0.5, 2]), full=True, ${r}), ${
        JSON.stringify(X)
      })`,
      () => vg((x) => F.gaussianNllLoss(x, d(Y), d([0.5, 2]), true, { reduction: red }), X),
    ],
    [
      `vg(lambda x: F.triplet_margin_loss(x, d(${JSON.stringify(Y)}), d([[0, 0, 1], [1, 1, 1]]), ${r}), ${
        JSON.stringify(X)
      })`,
      () => vg((x) => F.tripletMarginLoss(x, d(Y), d([[0, 0, 1], [1, 1, 1]]), { reduction: red }), X),
    ],
    [
      `vg(lambda x: F.triplet_margin_loss(x, d(${
        JSON.stringify(Y)
      }), d([[0, 0, 1], [1, 1, 1]]), margin=2., p=1., swap=True, ${r}), ${JSON.stringify(X)})`,
      () => vg((x) => F.tripletMarginLoss(x, d(Y), d([[0, 0, 1], [1, 1, 1]]), 2, 1, { swap: true, reduction: red }), X),
    ],
    [
      `vg(lambda x: F.multilabel_soft_margin_loss(x, d([[1, 0, 1], [0, 0, 1]]), ${r}), ${JSON.stringify(X)})`,
      () => vg((x) => F.multilabelSoftMarginLoss(x, d([[1, 0, 1], [0, 0, 1]]), { reduction: red }), X),
    ],
    [
      `vg(lambda x: F.multilabel_soft_margin_loss(x, d([[1, 0, 1], [0, 0, 1]]), weight=d([1, 2, 0.5]), ${r}), ${
        JSON.stringify(X)
      })`,
      () => vg((x) => F.multilabelSoftMarginLoss(x, d([[1, 0, 1], [0, 0, 1]]), d([1, 2, 0.5]), { reduction: red }), X),
    ],
  );
}
CASES.push(
  [`vg(lambda x: F.softmin(x, 1), ${JSON.stringify(X)})`, () => vg((x) => F.softmin(x, 1), X)],
  [`vg(lambda x: F.softmin(x, 0), ${JSON.stringify(X)})`, () => vg((x) => F.softmin(x, 0), X)],
  [
    `vg(lambda x: F.pairwise_distance(x, d(${JSON.stringify(Y)})), ${JSON.stringify(X)})`,
    () => vg((x) => F.pairwiseDistance(x, d(Y)), X),
  ],
  [
    `vg(lambda x: F.pairwise_distance(x, d(${JSON.stringify(Y)}), 3., 1e-3, keepdim=True), ${JSON.stringify(X)})`,
    () => vg((x) => F.pairwiseDistance(x, d(Y), 3, 1e-3, { keepdim: true }), X),
  ],
  [
    "F.margin_ranking_loss(torch.ones(2), torch.ones(2, 1), torch.ones(2))",
    () => F.marginRankingLoss(torch.ones(2), torch.ones(2, 1), torch.ones(2)),
  ],
  [
    "F.gaussian_nll_loss(d([[1., 2.]]), d([[1., 2.]]), d([3.]))",
    () => F.gaussianNllLoss(d([[1, 2]]), d([[1, 2]]), d([3])),
  ],
  [
    "F.gaussian_nll_loss(d([[1., 2.]]), d([[1., 2.]]), d([[-1., 1.]]))",
    () => F.gaussianNllLoss(d([[1, 2]]), d([[1, 2]]), d([[-1, 1]])),
  ],
);
const results = await numpy(CASES.map(([py]) => ({ torch: true, setup: SETUP, expr: py })));

Deno.test("margin, embedding, NLL, triplet and multi-label losses, softmin and pairwise_distance as PyTorch's", () => {
  assert.deepEqual(caseFailures(CASES, results, { tol: { rtol: 1e-12, atol: 1e-14 } }), []);
});

Deno.test("the loss modules give their functional's results, options by position or by name", () => {
  const nn = torch.nn;
  const x = d(X), y = d(Y), t = d(pm), z = d([[0, 0, 1], [1, 1, 1]]);
  const same = (m: T, f: T) => assert.deepEqual(m.tolist(), f.tolist());
  same(new nn.MarginRankingLoss(0.3).forward(x, y, t), F.marginRankingLoss(x, y, t, 0.3));
  same(
    new nn.MarginRankingLoss({ margin: 0.3, reduction: "sum" }).forward(x, y, t),
    F.marginRankingLoss(x, y, t, 0.3, { reduction: "sum" }),
  );
  same(new nn.HingeEmbeddingLoss(1.5).forward(x, t), F.hingeEmbeddingLoss(x, t, 1.5));
  same(new nn.SoftMarginLoss({ reduction: "none" }).forward(x, t), F.softMarginLoss(x, t, { reduction: "none" }));
  same(new nn.CosineEmbeddingLoss(0.1).forward(x, y, d([1, -1])), F.cosineEmbeddingLoss(x, y, d([1, -1]), 0.1));
  same(new nn.PoissonNLLLoss(false, true).forward(x.abs(), z), F.poissonNllLoss(x.abs(), z, false, true));
  same(new nn.GaussianNLLLoss({ full: true }).forward(x, y, d([0.5, 2])), F.gaussianNllLoss(x, y, d([0.5, 2]), true));
  same(
    new nn.TripletMarginLoss({ margin: 2, swap: true }).forward(x, y, z),
    F.tripletMarginLoss(x, y, z, 2, { swap: true }),
  );
  same(
    new nn.MultiLabelSoftMarginLoss(d([1, 2, 0.5])).forward(x, t.clampMin(0)),
    F.multilabelSoftMarginLoss(x, t.clampMin(0), d([1, 2, 0.5])),
  );
  // PyTorch's legacy sizeAverage / reduce resolve the reduction
  same(new nn.SoftMarginLoss(null, false).forward(x, t), F.softMarginLoss(x, t, { reduction: "none" }));
  assert.throws(() => new nn.GaussianNLLLoss({ margin: 1 } as never), /margin/);
});

const SHUFFLE_CASES: [py: string, ours: () => unknown][] = [
  [
    "F.pixel_shuffle(torch.arange(32.).reshape(1, 8, 2, 2), 2)",
    () => F.pixelShuffle(torch.arange(32, { dtype: "float32" }).reshape(1, 8, 2, 2), 2),
  ],
  [
    "F.pixel_shuffle(torch.arange(36.).reshape(9, 2, 2), 3)",
    () => F.pixelShuffle(torch.arange(36, { dtype: "float32" }).reshape(9, 2, 2), 3),
  ],
  [
    "F.pixel_unshuffle(torch.arange(48.).reshape(2, 1, 1, 4, 6), 2)",
    () => F.pixelUnshuffle(torch.arange(48, { dtype: "float32" }).reshape(2, 1, 1, 4, 6), 2),
  ],
  ["F.pixel_shuffle(torch.zeros(1, 3, 2, 2), 2)", () => F.pixelShuffle(torch.zeros(1, 3, 2, 2), 2)],
  ["F.pixel_unshuffle(torch.zeros(1, 1, 3, 2), 2)", () => F.pixelUnshuffle(torch.zeros(1, 1, 3, 2), 2)],
  ["F.pixel_unshuffle(torch.zeros(1, 1, 2, 3), 2)", () => F.pixelUnshuffle(torch.zeros(1, 1, 2, 3), 2)],
  ["F.pixel_shuffle(torch.zeros(3, 2), 2)", () => F.pixelShuffle(torch.zeros(3, 2), 2)],
  [
    "torch.nn.PixelUnshuffle(2)(torch.nn.PixelShuffle(2)(torch.arange(32.).reshape(1, 8, 2, 2)))",
    () =>
      new torch.nn.PixelUnshuffle(2).forward(
        new torch.nn.PixelShuffle(2).forward(torch.arange(32, { dtype: "float32" }).reshape(1, 8, 2, 2)),
      ),
  ],
  [
    "torch.nn.Softmin(1)(torch.tensor([[1., 2., 3.]]))",
    () => new torch.nn.Softmin(1).forward(torch.tensor([[1, 2, 3]], { dtype: "float32" })),
  ],
  [
    "torch.nn.PairwiseDistance(1., keepdim=True)(torch.ones(2, 3), torch.zeros(2, 3))",
    () => new torch.nn.PairwiseDistance(1, { keepdim: true }).forward(torch.ones(2, 3), torch.zeros(2, 3)),
  ],
  [
    "torch.nn.CosineSimilarity(0)(torch.tensor([[1., 2.], [3., 4.]]), torch.tensor([[1., 0.], [0., 1.]]))",
    () =>
      new torch.nn.CosineSimilarity(0).forward(
        torch.tensor([[1, 2], [3, 4]], { dtype: "float32" }),
        torch.tensor([[1, 0], [0, 1]], { dtype: "float32" }),
      ),
  ],
];
const shuffleResults = await numpy(SHUFFLE_CASES.map(([py]) => ({ torch: true, setup: SETUP, expr: py })));

Deno.test("pixel shuffle / unshuffle and the Softmin, PairwiseDistance, CosineSimilarity modules as PyTorch's", () => {
  assert.deepEqual(caseFailures(SHUFFLE_CASES, shuffleResults), []);
  assert.equal(String(new torch.nn.PixelShuffle(3)), "PixelShuffle(upscale_factor=3)");
});

const NORM_SETUP = `${SETUP}
torch.manual_seed(0)
x = torch.randn(2, 3, 5, dtype=torch.float64)
x4 = torch.randn(2, 3, 4, 4, dtype=torch.float64)
def run_in(m, inp, steps=2):
    outs = [m(inp) for _ in range(steps)]
    m.eval()
    return (outs[-1], m(inp), m.running_mean if m.running_mean is not None else torch.zeros(0), m.running_var if m.running_var is not None else torch.zeros(0))`;
const fromPy = (values: number[], shape: number[]) => torch.tensor(values, { dtype: "float64" }).reshape(shape);
const NORM_INPUTS = await numpy([
  { torch: true, setup: NORM_SETUP, expr: "x" },
  { torch: true, setup: NORM_SETUP, expr: "x4" },
]);
const nx = () => {
  const v = NORM_INPUTS[0] as { value: { data: number[]; shape: number[] } };
  return fromPy(v.value.data, v.value.shape);
};
const nx4 = () => {
  const v = NORM_INPUTS[1] as { value: { data: number[]; shape: number[] } };
  return fromPy(v.value.data, v.value.shape);
};
const runIn = (m: InstanceType<typeof torch.nn.Module>, inp: T, steps = 2) => {
  let out = inp;
  for (let i = 0; i < steps; i++) out = m.forward(inp) as T;
  m.eval();
  const mm = m as unknown as { runningMean: T | null; runningVar: T | null };
  return [out, m.forward(inp) as T, mm.runningMean ?? torch.zeros(0), mm.runningVar ?? torch.zeros(0)];
};
const NORM_CASES: [py: string, ours: () => unknown][] = [
  ["vg(lambda v: F.instance_norm(v), x.tolist())", () => vg((v) => F.instanceNorm(v), nx().tolist() as number[][])],
  [
    "vg(lambda v: F.instance_norm(v, weight=d([1., 2., 3.]), bias=d([0., .5, -1.]), eps=1e-3), x.tolist())",
    () =>
      vg(
        (v) => F.instanceNorm(v, { weight: d([1, 2, 3]), bias: d([0, 0.5, -1]), eps: 1e-3 }),
        nx().tolist() as number[][],
      ),
  ],
  ["F.instance_norm(torch.randn(2, 3, 1))", () => F.instanceNorm(torch.randn(2, 3, 1))],
  [
    "run_in(torch.nn.InstanceNorm1d(3, affine=True, track_running_stats=True).double(), x)",
    () => runIn(new torch.nn.InstanceNorm1d(3, { affine: true, trackRunningStats: true, dtype: "float64" }), nx()),
  ],
  [
    "run_in(torch.nn.InstanceNorm2d(3).double(), x4)",
    () => runIn(new torch.nn.InstanceNorm2d(3, { dtype: "float64" }), nx4()),
  ],
  [
    "run_in(torch.nn.InstanceNorm2d(3, momentum=None, track_running_stats=True).double(), x4, 3)",
    () => runIn(new torch.nn.InstanceNorm2d(3, 1e-5, null, { trackRunningStats: true, dtype: "float64" }), nx4(), 3),
  ],
  [
    "torch.nn.InstanceNorm1d(3)(torch.zeros(2, 3, 4, 5))",
    () => new torch.nn.InstanceNorm1d(3).forward(torch.zeros(2, 3, 4, 5)),
  ],
  [
    "torch.nn.InstanceNorm1d(3).double()(x[0])",
    () => new torch.nn.InstanceNorm1d(3, { dtype: "float64" }).forward(nx().get(0)),
  ],
  ["str(torch.nn.InstanceNorm2d(4, affine=True))", () => String(new torch.nn.InstanceNorm2d(4, { affine: true }))],
];
const normResults = await numpy(NORM_CASES.map(([py]) => ({ torch: true, setup: NORM_SETUP, expr: py })));

Deno.test("instance_norm and the InstanceNorm modules (running statistics, eval, unbatched, repr) as PyTorch's", () => {
  assert.deepEqual(caseFailures(NORM_CASES, normResults, { tol: { rtol: 1e-10, atol: 1e-12 } }), []);
});
