/**
 * Every loss (module and function, reduction none / mean / sum) and the
 * functional-only operations (pad, oneHot, interpolate,
 * scaledDotProductAttention, embedding, ...) against PyTorch: values and
 * gradients.
 */
import { nn, torch } from "../../mod.ts";
import { type ParityCase, randint, randn, report, runParity } from "./harness.ts";

const F = nn.F;
type T = torch.Tensor;
const cases: ParityCase[] = [];
const add = (c: ParityCase) => cases.push(c);
const REDUCTIONS = ["none", "mean", "sum"] as const;

const probs = (seed: number, shape: number[]) => randn(seed, shape).sigmoid();
const ints = (seed: number, hi: number, shape: number[]) => randint(seed, 0, hi, shape);

for (const r of REDUCTIONS) {
  const pr = `reduction='${r}'`;
  add({
    id: `MSELoss ${r}`,
    py: `nn.MSELoss(${pr})`,
    make: () => new nn.MSELoss({ reduction: r }),
    inputs: () => [randn(1, [4, 5]), randn(2, [4, 5])],
  });
  add({
    id: `L1Loss ${r}`,
    py: `nn.L1Loss(${pr})`,
    make: () => new nn.L1Loss({ reduction: r }),
    inputs: () => [randn(3, [4, 5]), randn(4, [4, 5])],
  });
  add({
    id: `SmoothL1Loss ${r}`,
    py: `nn.SmoothL1Loss(${pr}, beta=0.5)`,
    make: () => new nn.SmoothL1Loss({ reduction: r, beta: 0.5 }),
    inputs: () => [randn(5, [4, 5]), randn(6, [4, 5])],
  });
  add({
    id: `HuberLoss ${r}`,
    py: `nn.HuberLoss(${pr}, delta=0.7)`,
    make: () => new nn.HuberLoss({ reduction: r, delta: 0.7 }),
    inputs: () => [randn(7, [4, 5]), randn(8, [4, 5])],
  });
  add({
    id: `CrossEntropyLoss ${r}`,
    py: `nn.CrossEntropyLoss(${pr})`,
    make: () => new nn.CrossEntropyLoss({ reduction: r }),
    inputs: () => [randn(9, [6, 5]), ints(10, 5, [6])],
  });
  add({
    id: `CrossEntropyLoss weight ignore smoothing ${r}`,
    py: `nn.CrossEntropyLoss(weight=torch.tensor([0.5, 1.0, 2.0, 1.5]), ignore_index=1, label_smoothing=0.2, ${pr})`,
    make: () =>
      new nn.CrossEntropyLoss({
        weight: torch.tensor([0.5, 1, 2, 1.5]),
        ignoreIndex: 1,
        labelSmoothing: 0.2,
        reduction: r,
      }),
    inputs: () => [randn(11, [7, 4]), torch.tensor([0, 1, 2, 3, 1, 2, 0])],
  });
  add({
    id: `CrossEntropyLoss probabilities smoothing ${r}`,
    py: `nn.CrossEntropyLoss(label_smoothing=0.1, ${pr})`,
    make: () => new nn.CrossEntropyLoss({ labelSmoothing: 0.1, reduction: r }),
    inputs: () => [randn(12, [5, 4]), randn(13, [5, 4]).softmax(1)],
    grad: [true, false],
  });
  add({
    id: `CrossEntropyLoss 4d weight ${r}`,
    py: `nn.CrossEntropyLoss(weight=torch.tensor([1.0, 2.0, 0.5]), ${pr})`,
    make: () => new nn.CrossEntropyLoss({ weight: torch.tensor([1, 2, 0.5]), reduction: r }),
    inputs: () => [randn(14, [2, 3, 4, 5]), ints(15, 3, [2, 4, 5])],
  });
  add({
    id: `NLLLoss ${r}`,
    py: `nn.NLLLoss(weight=torch.tensor([1.0, 0.5, 2.0, 1.0, 3.0]), ignore_index=2, ${pr})`,
    make: () => new nn.NLLLoss({ weight: torch.tensor([1, 0.5, 2, 1, 3]), ignoreIndex: 2, reduction: r }),
    inputs: () => [randn(16, [8, 5]).logSoftmax(1), ints(17, 5, [8])],
  });
  add({
    id: `NLLLoss 3d ${r}`,
    py: `nn.NLLLoss(${pr})`,
    make: () => new nn.NLLLoss({ reduction: r }),
    inputs: () => [randn(18, [3, 4, 6]), ints(19, 4, [3, 6])],
  });
  add({
    id: `BCELoss ${r}`,
    py: `nn.BCELoss(weight=torch.linspace(0.5, 1.5, 5), ${pr})`,
    make: () => new nn.BCELoss({ weight: torch.linspace(0.5, 1.5, 5), reduction: r }),
    inputs: () => [probs(20, [4, 5]), probs(21, [4, 5]).round()],
    grad: [true, false],
  });
  add({
    id: `BCEWithLogitsLoss ${r}`,
    py: `nn.BCEWithLogitsLoss(${pr})`,
    make: () => new nn.BCEWithLogitsLoss({ reduction: r }),
    inputs: () => [randn(22, [4, 5]).mul(3), probs(23, [4, 5])],
  });
  add({
    id: `BCEWithLogitsLoss pos_weight ${r}`,
    py: `nn.BCEWithLogitsLoss(weight=torch.tensor([1.0, 2.0, 0.5]), pos_weight=torch.tensor([3.0, 0.5, 1.0]), ${pr})`,
    make: () =>
      new nn.BCEWithLogitsLoss({
        weight: torch.tensor([1, 2, 0.5]),
        posWeight: torch.tensor([3, 0.5, 1]),
        reduction: r,
      }),
    inputs: () => [randn(24, [6, 3]).mul(2), probs(25, [6, 3]).round()],
  });
  add({
    id: `KLDivLoss ${r}`,
    py: `nn.KLDivLoss(${pr})`,
    make: () => new nn.KLDivLoss({ reduction: r }),
    inputs: () => [randn(26, [4, 5]).logSoftmax(1), randn(27, [4, 5]).softmax(1)],
  });
}
add({
  id: "KLDivLoss batchmean log_target",
  py: "nn.KLDivLoss(reduction='batchmean', log_target=True)",
  make: () => new nn.KLDivLoss({ reduction: "batchmean", logTarget: true }),
  inputs: () => [randn(28, [4, 5]).logSoftmax(1), randn(29, [4, 5]).logSoftmax(1)],
});
add({
  id: "CrossEntropyLoss legacy size_average",
  py: "nn.CrossEntropyLoss(size_average=False)",
  make: () => new nn.CrossEntropyLoss({ sizeAverage: false }),
  inputs: () => [randn(30, [4, 3]), ints(31, 3, [4])],
});
add({
  id: "CrossEntropyLoss unbatched",
  py: "nn.CrossEntropyLoss()",
  make: () => new nn.CrossEntropyLoss(),
  inputs: () => [randn(32, [6]), torch.tensor(4)],
});
add({
  id: "CrossEntropyLoss float64",
  py: "nn.CrossEntropyLoss(label_smoothing=0.3)",
  make: () => new nn.CrossEntropyLoss({ labelSmoothing: 0.3 }),
  inputs: () => [randn(33, [5, 7], "float64"), ints(34, 7, [5])],
});
add({
  id: "MSELoss float64",
  py: "nn.MSELoss()",
  make: () => new nn.MSELoss(),
  inputs: () => [randn(35, [3, 4], "float64"), randn(36, [3, 4], "float64")],
});

// ---- functional forms ----
const fn = (id: string, py: string, f: (...xs: T[]) => unknown, inputs: () => T[], extra: Partial<ParityCase> = {}) =>
  add({ id, py, fn: f, inputs, ...extra });
fn(
  "F.cross_entropy",
  "lambda x, t: F.cross_entropy(x, t, label_smoothing=0.05)",
  (x, t) => F.crossEntropy(x, t, { labelSmoothing: 0.05 }),
  () => [randn(40, [5, 6]), ints(41, 6, [5])],
);
fn(
  "F.nll_loss",
  "lambda x, t: F.nll_loss(x, t, reduction='sum')",
  (x, t) => F.nllLoss(x, t, { reduction: "sum" }),
  () => [randn(42, [5, 6]), ints(43, 6, [5])],
);
fn(
  "F.mse_loss weight",
  "lambda x, t, w: F.mse_loss(x, t, weight=w)",
  (x, t, w) => F.mseLoss(x, t, { weight: w }),
  () => [randn(44, [3, 4]), randn(45, [3, 4]), randn(46, [3, 4]).abs()],
  { grad: [true, true, false] },
);
fn(
  "F.l1_loss weight",
  "lambda x, t, w: F.l1_loss(x, t, weight=w, reduction='sum')",
  (x, t, w) => F.l1Loss(x, t, { weight: w, reduction: "sum" }),
  () => [randn(105, [3, 4]), randn(106, [3, 4]), randn(107, [3, 4]).abs()],
  { grad: [true, true, false] },
);
fn(
  "F.huber_loss weight",
  "lambda x, t, w: F.huber_loss(x, t, weight=w)",
  (x, t, w) => F.huberLoss(x, t, { weight: w }),
  () => [randn(108, [3, 4]), randn(109, [3, 4]), randn(110, [3, 4]).abs()],
  { grad: [true, true, false] },
);
fn(
  "F.huber_loss",
  "lambda x, t: F.huber_loss(x, t, delta=0.3)",
  (x, t) => F.huberLoss(x, t, { delta: 0.3 }),
  () => [randn(47, [3, 4]), randn(48, [3, 4])],
);
fn(
  "F.binary_cross_entropy_with_logits",
  "lambda x, t: F.binary_cross_entropy_with_logits(x, t)",
  (x, t) => F.binaryCrossEntropyWithLogits(x, t),
  () => [randn(49, [8]).mul(5), probs(50, [8])],
);
fn(
  "F.linear",
  "lambda x, w, b: F.linear(x, w, b)",
  (x, w, b) => F.linear(x, w, b),
  () => [randn(51, [3, 4]), randn(52, [5, 4]), randn(53, [5])],
);
fn(
  "F.conv2d",
  "lambda x, w: F.conv2d(x, w, stride=2, padding=1, groups=2)",
  (x, w) => F.conv2d(x, w, null, 2, 1, 1, 2),
  () => [randn(54, [2, 4, 7, 7]), randn(55, [6, 2, 3, 3])],
);
fn(
  "F.conv_transpose2d",
  "lambda x, w, b: F.conv_transpose2d(x, w, b, stride=2, padding=1)",
  (x, w, b) => F.convTranspose2d(x, w, b, 2, 1),
  () => [randn(56, [2, 3, 4, 4]), randn(57, [3, 2, 3, 3]), randn(58, [2])],
);
fn(
  "F.max_pool2d",
  "lambda x: F.max_pool2d(x, 2, return_indices=True)",
  (x) => F.maxPool2d(x, 2, { returnIndices: true }),
  () => [randn(59, [2, 3, 6, 6])],
);
fn(
  "F.avg_pool2d",
  "lambda x: F.avg_pool2d(x, 3, stride=1, padding=1)",
  (x) => F.avgPool2d(x, 3, 1, 1),
  () => [randn(60, [2, 3, 5, 5])],
);
fn(
  "F.adaptive_avg_pool2d",
  "lambda x: F.adaptive_avg_pool2d(x, 1)",
  (x) => F.adaptiveAvgPool2d(x, 1),
  () => [randn(61, [2, 3, 5, 4])],
);
fn(
  "F.batch_norm train",
  "lambda x, m, v, w, b: F.batch_norm(x, m, v, w, b, training=True, momentum=0.2)",
  (x, m, v, w, b) => F.batchNorm(x, m, v, w, b, true, 0.2),
  () => [randn(62, [4, 3, 2]), torch.zeros(3), torch.ones(3), randn(63, [3]), randn(64, [3])],
  { grad: [true, false, false, true, true] },
);
fn(
  "F.layer_norm",
  "lambda x, w, b: F.layer_norm(x, (4,), w, b)",
  (x, w, b) => F.layerNorm(x, [4], w, b),
  () => [randn(65, [3, 4]), randn(66, [4]), randn(67, [4])],
);
fn("F.group_norm", "lambda x: F.group_norm(x, 2)", (x) => F.groupNorm(x, 2), () => [randn(68, [2, 4, 3])]);
fn(
  "F.embedding",
  "lambda i, w: F.embedding(i, w, padding_idx=1)",
  (i, w) => F.embedding(i, w, 1),
  () => [torch.tensor([[0, 1], [3, 1]]), randn(69, [4, 3])],
);
fn("F.dropout", "lambda x: F.dropout(x, 0.25)", (x) => F.dropout(x, 0.25), () => [randn(70, [6, 7])], { seed: 11 });
fn(
  "F.dropout eval",
  "lambda x: F.dropout(x, 0.25, training=False)",
  (x) => F.dropout(x, 0.25, false),
  () => [randn(71, [6, 7])],
);
fn("F.dropout2d", "lambda x: F.dropout2d(x, 0.5)", (x) => F.dropout2d(x, 0.5), () => [randn(72, [3, 5, 2, 2])], {
  seed: 12,
});
fn("F.dropout3d", "lambda x: F.dropout3d(x, 0.5)", (x) => F.dropout3d(x, 0.5), () => [randn(150, [3, 4, 2, 2, 2])], {
  seed: 13,
});
fn(
  "F.dropout3d unbatched",
  "lambda x: F.dropout3d(x, 0.3)",
  (x) => F.dropout3d(x, 0.3),
  () => [randn(151, [5, 2, 2, 2])],
  {
    seed: 14,
  },
);
add({
  id: "Dropout3d",
  py: "nn.Dropout3d(0.4)",
  make: () => new nn.Dropout3d(0.4),
  inputs: () => [randn(152, [2, 3, 2, 1, 2])],
  seed: 15,
});
// dropout2d's draws are per (dim 0, dim 1) at every rank (a 3-d input is (N, C, L)); dropout3d's per first dim below 5-d
fn("F.dropout2d 3d", "lambda x: F.dropout2d(x, 0.5)", (x) => F.dropout2d(x, 0.5), () => [randn(170, [4, 5, 3])], {
  seed: 16,
});
fn("F.dropout2d 2d", "lambda x: F.dropout2d(x, 0.5)", (x) => F.dropout2d(x, 0.5), () => [randn(171, [4, 5])], {
  seed: 17,
});
fn("F.dropout2d 5d", "lambda x: F.dropout2d(x, 0.5)", (x) => F.dropout2d(x, 0.5), () => [randn(172, [2, 3, 2, 2, 2])], {
  seed: 18,
});
fn("F.dropout3d 2d", "lambda x: F.dropout3d(x, 0.5)", (x) => F.dropout3d(x, 0.5), () => [randn(173, [4, 5])], {
  seed: 19,
});
fn("F.dropout3d 1d", "lambda x: F.dropout3d(x, 0.5)", (x) => F.dropout3d(x, 0.5), () => [randn(174, [7])], {
  seed: 20,
});
fn("F.dropout1d unbatched", "lambda x: F.dropout1d(x, 0.5)", (x) => F.dropout1d(x, 0.5), () => [randn(175, [6, 4])], {
  seed: 21,
});
fn(
  "F.alpha_dropout",
  "lambda x: F.alpha_dropout(x, 0.3, True)",
  (x) => F.alphaDropout(x, 0.3, true),
  () => [randn(176, [6, 7])],
  { seed: 22 },
);
fn(
  "F.alpha_dropout float64",
  "lambda x: F.alpha_dropout(x, 0.6, training=True)",
  (x) => F.alphaDropout(x, 0.6, { training: true }),
  () => [randn(177, [5, 4], "float64")],
  { seed: 23 },
);
fn(
  "F.feature_alpha_dropout",
  "lambda x: F.feature_alpha_dropout(x, 0.4, True)",
  (x) => F.featureAlphaDropout(x, 0.4, true),
  () => [randn(178, [3, 4, 2, 2])],
  { seed: 24 },
);
add({
  id: "AlphaDropout",
  py: "nn.AlphaDropout(0.25)",
  make: () => new nn.AlphaDropout(0.25),
  inputs: () => [randn(179, [4, 6])],
  seed: 25,
});
add({
  id: "FeatureAlphaDropout",
  py: "nn.FeatureAlphaDropout(0.5)",
  make: () => new nn.FeatureAlphaDropout(0.5),
  inputs: () => [randn(180, [2, 5, 3])],
  seed: 26,
});
fn("F.unfold", "lambda x: F.unfold(x, 2)", (x) => F.unfold(x, 2), () => [randn(153, [2, 3, 4, 5])]);
fn(
  "F.unfold geometry",
  "lambda x: F.unfold(x, (2, 3), dilation=(1, 2), padding=1, stride=(2, 1))",
  (x) => F.unfold(x, [2, 3], [1, 2], 1, [2, 1]),
  () => [randn(154, [3, 5, 6])],
);
add({
  id: "Unfold",
  py: "nn.Unfold(3, padding=1, stride=2)",
  make: () => new nn.Unfold(3, { padding: 1, stride: 2 }),
  inputs: () => [randn(155, [1, 2, 5, 5])],
});
fn("F.fold", "lambda x: F.fold(x, (4, 5), 2)", (x) => F.fold(x, [4, 5], 2), () => [randn(156, [2, 12, 12])]);
fn(
  "F.fold geometry",
  "lambda x: F.fold(x, (5, 6), (2, 3), dilation=(1, 2), padding=1, stride=(2, 1))",
  (x) => F.fold(x, [5, 6], [2, 3], [1, 2], 1, [2, 1]),
  () => [randn(157, [12, 12])],
);
add({
  id: "Fold",
  py: "nn.Fold((5, 5), 3, padding=1, stride=2)",
  make: () => new nn.Fold([5, 5], 3, { padding: 1, stride: 2 }),
  inputs: () => [randn(158, [1, 18, 9])],
});
fn("F.pdist", "lambda x: F.pdist(x)", (x) => F.pdist(x), () => [randn(159, [5, 3])]);
fn("F.pdist p=1", "lambda x: F.pdist(x, 1.)", (x) => F.pdist(x, 1), () => [randn(160, [4, 3])]);
fn("F.pdist p=inf", "lambda x: F.pdist(x, float('inf'))", (x) => F.pdist(x, Infinity), () => [randn(161, [4, 3])]);
fn("F.pdist p=3", "lambda x: F.pdist(x, 3.)", (x) => F.pdist(x, 3), () => [randn(162, [4, 2])]);
fn(
  "F.local_response_norm 3d",
  "lambda x: F.local_response_norm(x, 3, alpha=0.1, beta=0.5, k=2.)",
  (x) => F.localResponseNorm(x, 3, 0.1, 0.5, 2),
  () => [randn(163, [2, 5, 4])],
);
fn(
  "F.local_response_norm 4d",
  "lambda x: F.local_response_norm(x, 2)",
  (x) => F.localResponseNorm(x, 2),
  () => [randn(164, [2, 4, 3, 3])],
);
add({
  id: "LocalResponseNorm 5d",
  py: "nn.LocalResponseNorm(4, alpha=0.5)",
  make: () => new nn.LocalResponseNorm(4, 0.5),
  inputs: () => [randn(165, [1, 6, 2, 2, 3])],
});
fn(
  "F.lp_pool1d",
  "lambda x: F.lp_pool1d(x, 2., 3, stride=2, ceil_mode=True)",
  (x) => F.lpPool1d(x, 2, 3, 2, true),
  () => [randn(166, [2, 3, 8])],
);
fn(
  "F.lp_pool2d",
  "lambda x: F.lp_pool2d(x, 3., 2)",
  (x) => F.lpPool2d(x, 3, 2),
  () => [randn(167, [2, 3, 4, 5]).abs()],
);
add({
  id: "LPPool2d",
  py: "nn.LPPool2d(1.5, (2, 3), stride=1)",
  make: () => new nn.LPPool2d(1.5, [2, 3], 1),
  inputs: () => [randn(168, [3, 4, 5]).abs()],
});
add({
  id: "LPPool1d",
  py: "nn.LPPool1d(2, 2)",
  make: () => new nn.LPPool1d(2, 2),
  inputs: () => [randn(169, [3, 6])],
});
fn(
  "F.gelu tanh",
  "lambda x: F.gelu(x, approximate='tanh')",
  (x) => F.gelu(x, { approximate: "tanh" }),
  () => [randn(73, [10])],
);
fn("F.leaky_relu", "lambda x: F.leaky_relu(x, 0.1)", (x) => F.leakyRelu(x, 0.1), () => [randn(74, [10])]);
fn(
  "F.softmax dtype",
  "lambda x: F.softmax(x, dim=0, dtype=torch.float64)",
  (x) => F.softmax(x, 0, { dtype: "float64" }),
  () => [randn(75, [4, 3])],
);
fn("F.softmax default dim", "lambda x: F.softmax(x)", (x) => F.softmax(x), () => [randn(76, [4, 3])]);
fn("F.log_softmax", "lambda x: F.log_softmax(x, -1)", (x) => F.logSoftmax(x, -1), () => [randn(77, [4, 3])]);
fn("F.normalize", "lambda x: F.normalize(x, dim=1)", (x) => F.normalize(x, { dim: 1 }), () => [randn(78, [4, 3])]);
fn(
  "F.cosine_similarity",
  "lambda a, b: F.cosine_similarity(a, b)",
  (a, b) => F.cosineSimilarity(a, b),
  () => [randn(79, [4, 3]), randn(80, [4, 3])],
);
fn("F.one_hot", "lambda t: F.one_hot(t, 5)", (t) => F.oneHot(t, 5), () => [ints(81, 5, [2, 3])]);
fn("F.one_hot auto", "lambda t: F.one_hot(t)", (t) => F.oneHot(t), () => [torch.tensor([0, 3, 1])]);
for (const mode of ["constant", "reflect", "replicate", "circular"] as const) {
  fn(
    `F.pad ${mode}`,
    `lambda x: F.pad(x, (1, 2, 2, 1), mode='${mode}')`,
    (x) => F.pad(x, [1, 2, 2, 1], mode),
    () => [randn(82, [2, 3, 4, 5])],
  );
}
fn(
  "F.pad constant value negative",
  "lambda x: F.pad(x, (2, -1, 0, 0, 1, 1), value=3.5)",
  (x) => F.pad(x, [2, -1, 0, 0, 1, 1], "constant", 3.5),
  () => [randn(83, [2, 3, 4])],
);
fn(
  "F.interpolate nearest size",
  "lambda x: F.interpolate(x, size=(5, 7))",
  (x) => F.interpolate(x, [5, 7]),
  () => [randn(84, [2, 3, 3, 4])],
);
fn(
  "F.interpolate nearest scale",
  "lambda x: F.interpolate(x, scale_factor=2)",
  (x) => F.interpolate(x, { scaleFactor: 2 }),
  () => [randn(85, [1, 2, 3, 3])],
);
fn(
  "F.interpolate nearest-exact",
  "lambda x: F.interpolate(x, size=(4, 7), mode='nearest-exact')",
  (x) => F.interpolate(x, [4, 7], { mode: "nearest-exact" }),
  () => [randn(86, [1, 2, 3, 5])],
);
fn(
  "F.interpolate bilinear",
  "lambda x: F.interpolate(x, size=(5, 7), mode='bilinear')",
  (x) => F.interpolate(x, [5, 7], { mode: "bilinear" }),
  () => [randn(87, [2, 3, 3, 4])],
);
fn(
  "F.interpolate bilinear align_corners",
  "lambda x: F.interpolate(x, scale_factor=1.5, mode='bilinear', align_corners=True)",
  (x) => F.interpolate(x, { scaleFactor: 1.5, mode: "bilinear", alignCorners: true }),
  () => [randn(88, [1, 2, 4, 4])],
);
fn(
  "F.interpolate bilinear down",
  "lambda x: F.interpolate(x, scale_factor=0.5, mode='bilinear')",
  (x) => F.interpolate(x, { scaleFactor: 0.5, mode: "bilinear" }),
  () => [randn(89, [1, 2, 7, 6])],
);
fn(
  "F.interpolate linear",
  "lambda x: F.interpolate(x, size=9, mode='linear')",
  (x) => F.interpolate(x, 9, { mode: "linear" }),
  () => [randn(90, [2, 3, 5])],
);
fn(
  "F.scaled_dot_product_attention",
  "lambda q, k, v: F.scaled_dot_product_attention(q, k, v)",
  (q, k, v) => F.scaledDotProductAttention(q, k, v),
  () => [randn(91, [2, 3, 5, 4]), randn(92, [2, 3, 6, 4]), randn(93, [2, 3, 6, 4])],
);
fn(
  "F.scaled_dot_product_attention causal scale",
  "lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True, scale=0.3)",
  (q, k, v) => F.scaledDotProductAttention(q, k, v, { isCausal: true, scale: 0.3 }),
  () => [randn(94, [2, 5, 4]), randn(95, [2, 5, 4]), randn(96, [2, 5, 4])],
);
fn(
  "F.scaled_dot_product_attention masks",
  "lambda q, k, v, m: F.scaled_dot_product_attention(q, k, v, attn_mask=m)",
  (q, k, v, m) => F.scaledDotProductAttention(q, k, v, m),
  () => [randn(97, [2, 4, 3]), randn(98, [2, 5, 3]), randn(99, [2, 5, 3]), torch.ones(4, 5, { dtype: "bool" }).tril()],
);
fn(
  "F.bilinear",
  "lambda a, b, w: F.bilinear(a, b, w)",
  (a, b, w) => F.bilinear(a, b, w),
  () => [randn(100, [3, 2]), randn(101, [3, 4]), randn(102, [5, 2, 4])],
);
fn("F.hardtanh", "lambda x: F.hardtanh(x, -0.3, 0.4)", (x) => F.hardtanh(x, -0.3, 0.4), () => [randn(103, [12])]);
fn("F.threshold", "lambda x: F.threshold(x, 0.1, -2.0)", (x) => F.threshold(x, 0.1, -2), () => [randn(104, [12])]);

Deno.test("every loss and functional op matches PyTorch: values and gradients", async () => {
  const rows = await runParity(cases);
  report("losses and functional", rows);
});
