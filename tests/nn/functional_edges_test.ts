/**
 * nn.functional values and gradients at their edges against PyTorch 2.13:
 * softplus above its threshold (no NaN gradient), logsigmoid and
 * binary_cross_entropy_with_logits at 0 (PyTorch's 0.5), binary_cross_entropy
 * at inputs 0 and 1 (PyTorch's finite gradient), cosine_similarity (each
 * norm clamped to eps), normalize with p = inf / 0 and on zero rows.
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import { caseFailures, numpy, vg, VG_SETUP as SETUP } from "../helpers/oracle.ts";

const F = torch.nn.functional;
const f64 = (v: number[][]) => torch.tensor(v, { dtype: "float64" });

const CASES: [py: string, ours: () => unknown][] = [
  ["vg(lambda x: F.softplus(x), [[-100., 0., 30., 100.]])", () => vg((x) => F.softplus(x), [[-100, 0, 30, 100]])],
  [
    "vg(lambda x: F.softplus(x, 2., 5.), [[-1., 2., 2.5, 40.]])",
    () => vg((x) => F.softplus(x, 2, 5), [[-1, 2, 2.5, 40]]),
  ],
  [
    "vg(lambda x: F.logsigmoid(x), [[-100., -1., 0., 1., 100.]])",
    () => vg((x) => F.logsigmoid(x), [[-100, -1, 0, 1, 100]]),
  ],
  [
    "vg(lambda x: F.binary_cross_entropy_with_logits(x, torch.tensor([[1., .5, 0.]], dtype=torch.float64), reduction='none'), [[0., 0., 0.]])",
    () => vg((x) => F.binaryCrossEntropyWithLogits(x, f64([[1, 0.5, 0]]), { reduction: "none" }), [[0, 0, 0]]),
  ],
  [
    "vg(lambda x: F.binary_cross_entropy_with_logits(x, torch.tensor([[1., 0.]], dtype=torch.float64), pos_weight=torch.tensor([2., 3.], dtype=torch.float64)), [[0., 1.5]])",
    () =>
      vg(
        (x) =>
          F.binaryCrossEntropyWithLogits(x, f64([[1, 0]]), { posWeight: torch.tensor([2, 3], { dtype: "float64" }) }),
        [[0, 1.5]],
      ),
  ],
  [
    "vg(lambda x: F.binary_cross_entropy(x, torch.tensor([[1., 0., .5], [0., 1., .75]], dtype=torch.float64), reduction='none'), [[0., 1., .5], [1., 0., .25]])",
    () =>
      vg(
        (x) => F.binaryCrossEntropy(x, f64([[1, 0, 0.5], [0, 1, 0.75]]), { reduction: "none" }),
        [[0, 1, 0.5], [1, 0, 0.25]],
      ),
  ],
  [
    "vg(lambda x: F.binary_cross_entropy(x, torch.tensor([[1., 0.]], dtype=torch.float64), weight=torch.tensor([2., 3.], dtype=torch.float64)), [[.3, .9]])",
    () =>
      vg((x) => F.binaryCrossEntropy(x, f64([[1, 0]]), { weight: torch.tensor([2, 3], { dtype: "float64" }) }), [[
        0.3,
        0.9,
      ]]),
  ],
  [
    "vg(lambda x: F.cosine_similarity(x, x), [[1e-5, 0.], [0., 0.], [3., 4.]])",
    () => vg((x) => F.cosineSimilarity(x, x), [[1e-5, 0], [0, 0], [3, 4]]),
  ],
  [
    "vg(lambda x: F.cosine_similarity(x, torch.tensor([[1., 2.]], dtype=torch.float64), eps=100.), [[1., 1.], [30., 40.]])",
    () => vg((x) => F.cosineSimilarity(x, f64([[1, 2]]), { eps: 100 }), [[1, 1], [30, 40]]),
  ],
  [
    "vg(lambda x: F.normalize(x, p=float('inf')), [[3., -4., 1.], [0., 0., 0.]])",
    () => vg((x) => F.normalize(x, { p: Infinity }), [[3, -4, 1], [0, 0, 0]]),
  ],
  ["vg(lambda x: F.normalize(x, p=0.), [[3., -4., 0.]])", () => vg((x) => F.normalize(x, { p: 0 }), [[3, -4, 0]])],
  ["vg(lambda x: F.normalize(x), [[3., -4.], [0., 0.]])", () => vg((x) => F.normalize(x), [[3, -4], [0, 0]])],
  [
    "vg(lambda x: F.normalize(x, p=1., dim=0), [[3., -4.], [1., 0.]])",
    () => vg((x) => F.normalize(x, { p: 1, dim: 0 }), [[3, -4], [1, 0]]),
  ],
];
const A = () => torch.tensor([[[0, 1, 2, 3, 4]]], { dtype: "float32" });
const VALUES: [py: string, ours: () => unknown][] = [
  // circular padding: negative pads crop first, positive ones wrap around what is left
  [
    "F.pad(torch.tensor([[[0., 1, 2, 3, 4]]]), (-1, 2), mode='circular')",
    () => F.pad(A(), [-1, 2], { mode: "circular" }),
  ],
  [
    "F.pad(torch.tensor([[[0., 1, 2, 3, 4]]]), (2, -2), mode='circular')",
    () => F.pad(A(), [2, -2], { mode: "circular" }),
  ],
  [
    "F.pad(torch.arange(40.).reshape(1, 2, 4, 5), (-1, 2, 1, -1), mode='circular')",
    () => F.pad(torch.arange(40, { dtype: "float32" }).reshape(1, 2, 4, 5), [-1, 2, 1, -1], { mode: "circular" }),
  ],
  // glu halves an even dim only
  ["F.glu(torch.tensor([[1., 2., 3.]]))", () => F.glu(torch.tensor([[1, 2, 3]], { dtype: "float32" }))],
  ["F.glu(torch.tensor(1.))", () => F.glu(torch.tensor(1, { dtype: "float32" }))],
  ["F.glu(torch.tensor([[1., 2., 3., 4.]]), 1)", () => F.glu(torch.tensor([[1, 2, 3, 4]], { dtype: "float32" }), 1)],
  // mse_loss promotes a float input with an integer target; label smoothing below 0 is computed
  [
    "F.mse_loss(torch.tensor([[1., 2.]]), torch.tensor([[3, 5]]))",
    () => F.mseLoss(torch.tensor([[1, 2]], { dtype: "float32" }), torch.tensor([[3, 5]])),
  ],
  [
    "F.mse_loss(torch.tensor([[1, 2]]), torch.tensor([[3, 5]]))",
    () => F.mseLoss(torch.tensor([[1, 2]]), torch.tensor([[3, 5]])),
  ],
  [
    "F.cross_entropy(torch.tensor([[1., 2., 3.]]), torch.tensor([2]), label_smoothing=-0.1)",
    () => F.crossEntropy(torch.tensor([[1, 2, 3]], { dtype: "float32" }), torch.tensor([2]), { labelSmoothing: -0.1 }),
  ],
  [
    "F.cross_entropy(torch.tensor([[1., 2., 3.]]), torch.tensor([2]), label_smoothing=1.5)",
    () => F.crossEntropy(torch.tensor([[1, 2, 3]], { dtype: "float32" }), torch.tensor([2]), { labelSmoothing: 1.5 }),
  ],
  // integer inputs: the float kernels refuse them by name (softmax's named for a last or an inner dim)
  [
    "F.smooth_l1_loss(torch.ones(2, dtype=torch.long), torch.ones(2, dtype=torch.long))",
    () => F.smoothL1Loss(torch.ones(2, { dtype: "int64" }), torch.ones(2, { dtype: "int64" })),
  ],
  [
    "F.huber_loss(torch.ones(2, dtype=torch.long), torch.ones(2, dtype=torch.long))",
    () => F.huberLoss(torch.ones(2, { dtype: "int64" }), torch.ones(2, { dtype: "int64" })),
  ],
  [
    "F.smooth_l1_loss(torch.ones(2), torch.ones(2, dtype=torch.long))",
    () => F.smoothL1Loss(torch.ones(2), torch.ones(2, { dtype: "int64" })),
  ],
  ["F.softmax(torch.ones(2, 3, dtype=torch.long), 1)", () => F.softmax(torch.ones(2, 3, { dtype: "int64" }), 1)],
  ["F.softmax(torch.ones(2, 3, dtype=torch.long), 0)", () => F.softmax(torch.ones(2, 3, { dtype: "int64" }), 0)],
  ["F.log_softmax(torch.ones(2, 3, dtype=torch.long), 0)", () => F.logSoftmax(torch.ones(2, 3, { dtype: "int64" }), 0)],
  ["F.softmax(torch.ones(2, 3, dtype=torch.bool), 1)", () => F.softmax(torch.ones(2, 3, { dtype: "bool" }), 1)],
  [
    "F.softmax(torch.ones(2, 3, dtype=torch.long), 1, dtype=torch.float32)",
    () => F.softmax(torch.ones(2, 3, { dtype: "int64" }), 1, { dtype: "float32" }),
  ],
  ["torch.logsumexp(torch.arange(4), 0)", () => torch.logsumexp(torch.arange(4), 0)],
  ["F.one_hot(torch.tensor([], dtype=torch.long))", () => F.oneHot(torch.zeros(0, { dtype: "int64" }))],
  ["F.one_hot(torch.tensor([], dtype=torch.long), 3)", () => F.oneHot(torch.zeros(0, { dtype: "int64" }), 3)],
];
const results = await numpy(CASES.map(([py]) => ({ torch: true, setup: SETUP, expr: py })));
const valueResults = await numpy(VALUES.map(([py]) => ({ torch: true, setup: SETUP, expr: py })));

Deno.test("nn.functional's pad, glu, mse_loss, label smoothing and one_hot at their edges, as PyTorch", () => {
  assert.deepEqual(caseFailures(VALUES, valueResults), []);
});

Deno.test("F.batchNorm's momentum is a number (PyTorch's TypeError for None)", () => {
  const x = torch.randn(4, 3), rm = torch.zeros(3), rv = torch.ones(3);
  assert.throws(() => F.batchNorm(x, rm, rv, { training: true, momentum: null as never }), TypeError);
});

Deno.test("nn.functional at its edges: PyTorch's values and gradients", () => {
  assert.deepEqual(caseFailures(CASES, results, { tol: { rtol: 1e-12, atol: 1e-15 } }), []);
});
