/**
 * torch's top-level nn functions (torch.conv2d, torch.batch_norm,
 * torch.kl_div, torch.lstm_cell, ...) against PyTorch's own top-level
 * functions with their native signatures: values and gradients (float32 and
 * float64), integer reductions, the call forms and the error cases.
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import { type ParityCase, randint, randn, report, runParity } from "../nn/harness.ts";

type T = torch.Tensor;
const cases: ParityCase[] = [];
const fn = (id: string, py: string, f: (...xs: T[]) => unknown, inputs: () => T[], extra: Partial<ParityCase> = {}) =>
  cases.push({ id, py, fn: f, inputs, ...extra });
const probs = (seed: number, shape: number[], dt: "float32" | "float64") => randn(seed, shape, dt).sigmoid();

for (const dt of ["float32", "float64"] as const) {
  const r = (seed: number, shape: number[]) => randn(seed, shape, dt);
  fn(`conv1d ${dt}`, "lambda x, w, b: torch.conv1d(x, w, b, 2, 1)", (x, w, b) => torch.conv1d(x, w, b, 2, 1), () => [
    r(1, [2, 3, 9]),
    r(2, [4, 3, 3]),
    r(3, [4]),
  ]);
  fn(
    `conv2d ${dt} same`,
    "lambda x, w: torch.conv2d(x, w, padding='same', dilation=2)",
    (x, w) => torch.conv2d(x, w, { padding: "same", dilation: 2 }),
    () => [r(4, [2, 2, 6, 7]), r(5, [3, 2, 3, 3])],
  );
  fn(`conv3d ${dt}`, "lambda x, w: torch.conv3d(x, w, None, 1, 1)", (x, w) => torch.conv3d(x, w, null, 1, 1), () => [
    r(6, [1, 2, 4, 4, 4]),
    r(7, [2, 2, 3, 3, 3]),
  ]);
  fn(
    `conv_transpose1d ${dt}`,
    "lambda x, w, b: torch.conv_transpose1d(x, w, b, 2, 1, 1)",
    (x, w, b) => torch.convTranspose1d(x, w, b, 2, 1, 1),
    () => [r(8, [2, 3, 5]), r(9, [3, 2, 3]), r(10, [2])],
  );
  fn(
    `conv_transpose2d ${dt} groups`,
    "lambda x, w: torch.conv_transpose2d(x, w, groups=2, stride=2)",
    (x, w) => torch.convTranspose2d(x, w, { groups: 2, stride: 2 }),
    () => [r(11, [1, 4, 3, 3]), r(12, [4, 1, 2, 2])],
  );
  fn(
    `conv_transpose3d ${dt}`,
    "lambda x, w: torch.conv_transpose3d(x, w, None, 1, 0, 0, 1, 2)",
    (x, w) => torch.convTranspose3d(x, w, null, 1, 0, 0, 1, 2),
    () => [r(13, [1, 2, 3, 3, 3]), r(14, [2, 2, 2, 2, 2])],
  );
  for (const transposed of [false, true]) {
    const op = transposed ? "[1, 0]" : "[0, 0]";
    fn(
      `convolution ${dt} transposed=${transposed}`,
      `lambda x, w, b: torch.convolution(x, w, b, [2, 1], [1, 0], [1, 1], ${transposed ? "True" : "False"}, ${op}, 1)`,
      (x, w, b) => torch.convolution(x, w, b, [2, 1], [1, 0], [1, 1], transposed, transposed ? [1, 0] : [0, 0], 1),
      () => [r(15, [2, 3, 5, 6]), r(16, [3, 3, 2, 3]), r(17, [3])],
    );
  }
  fn(
    `max_pool1d ${dt} stride []`,
    "lambda x: torch.max_pool1d(x, 3, [], 1, 1, True)",
    (x) => torch.maxPool1d(x, 3, [], 1, 1, true),
    () => [r(18, [2, 3, 10])],
  );
  fn(`max_pool2d ${dt}`, "lambda x: torch.max_pool2d(x, [2, 3], 2)", (x) => torch.maxPool2d(x, [2, 3], 2), () => [
    r(19, [2, 2, 7, 8]),
  ]);
  fn(
    `max_pool3d ${dt}`,
    "lambda x: torch.max_pool3d(x, 2, dilation=1, padding=1)",
    (x) => torch.maxPool3d(x, 2, { dilation: 1, padding: 1 }),
    () => [r(20, [1, 2, 4, 5, 4])],
  );
  fn(
    `max_pool1d_with_indices ${dt}`,
    "lambda x: torch.max_pool1d_with_indices(x, 2)",
    (x) => torch.maxPool1dWithIndices(x, 2),
    () => [r(21, [2, 3, 9])],
  );
  fn(
    `avg_pool1d ${dt}`,
    "lambda x: torch.avg_pool1d(x, 3, 2, 1, True, False)",
    (x) => torch.avgPool1d(x, 3, 2, 1, true, false),
    () => [r(22, [2, 3, 10])],
  );
  fn(
    `adaptive_avg_pool1d ${dt}`,
    "lambda x: torch.adaptive_avg_pool1d(x, 4)",
    (x) => torch.adaptiveAvgPool1d(x, 4),
    () => [r(23, [2, 3, 10])],
  );
  fn(
    `adaptive_max_pool1d ${dt}`,
    "lambda x: torch.adaptive_max_pool1d(x, [3])",
    (x) => torch.adaptiveMaxPool1d(x, [3]),
    () => [r(24, [2, 3, 10])],
  );
  for (const training of [true, false]) {
    const py = training ? "True" : "False";
    fn(
      `batch_norm ${dt} training=${training}`,
      `lambda x, w, b, m, v: torch.batch_norm(x, w, b, m.clone(), v.clone(), ${py}, 0.2, 1e-4, False)`,
      (x, w, b, m, v) => torch.batchNorm(x, w, b, m.clone(), v.clone(), training, 0.2, 1e-4, false),
      () => [r(25, [4, 3, 5]), r(26, [3]), r(27, [3]), r(28, [3]), probs(29, [3], dt)],
      { grad: [true, true, true, false, false] },
    );
    fn(
      `instance_norm ${dt} useInputStats=${training}`,
      `lambda x, w, b, m, v: torch.instance_norm(x, w, b, m.clone(), v.clone(), ${py}, 0.1, 1e-5, False)`,
      (x, w, b, m, v) => torch.instanceNorm(x, w, b, m.clone(), v.clone(), training, 0.1, 1e-5, false),
      () => [r(30, [2, 3, 6]), r(31, [3]), r(32, [3]), r(33, [3]), probs(34, [3], dt)],
      { grad: [true, true, true, false, false] },
    );
  }
  fn(
    `batch_norm ${dt} no affine no stats`,
    "lambda x: torch.batch_norm(x, None, None, None, None, True, 0.1, 1e-5, True)",
    (x) => torch.batchNorm(x, null, null, null, null, true, 0.1, 1e-5, true),
    () => [r(35, [5, 2, 3])],
  );
  fn(
    `layer_norm ${dt}`,
    "lambda x, w, b: torch.layer_norm(x, [4, 5], w, b, 1e-3)",
    (x, w, b) => torch.layerNorm(x, [4, 5], w, b, 1e-3),
    () => [r(36, [2, 4, 5]), r(37, [4, 5]), r(38, [4, 5])],
  );
  fn(
    `group_norm ${dt}`,
    "lambda x, w, b: torch.group_norm(x, 2, w, b)",
    (x, w, b) => torch.groupNorm(x, 2, w, b),
    () => [r(39, [2, 4, 3]), r(40, [4]), r(41, [4])],
  );
  fn(
    `rms_norm ${dt}`,
    "lambda x, w: torch.rms_norm(x, [5], w)",
    (x, w) => torch.rmsNorm(x, [5], w),
    () => [r(42, [3, 5]), r(43, [5])],
  );
  fn(
    `rms_norm ${dt} eps`,
    "lambda x: torch.rms_norm(x, [2, 5], eps=0.5)",
    (x) => torch.rmsNorm(x, [2, 5], { eps: 0.5 }),
    () => [r(44, [3, 2, 5])],
  );
  // dropouts: both sides seeded right before the call, so the draws must match
  for (
    const [name, ts] of [
      ["dropout", torch.dropout],
      ["alpha_dropout", torch.alphaDropout],
      ["feature_alpha_dropout", torch.featureAlphaDropout],
      ["feature_dropout", torch.featureDropout],
    ] as const
  ) {
    fn(`${name} ${dt} train`, `lambda x: torch.${name}(x, 0.3, True)`, (x) => ts(x, 0.3, true), () => [
      r(45, [4, 5, 3]),
    ], { seed: 7 });
    fn(`${name} ${dt} eval`, `lambda x: torch.${name}(x, 0.3, False)`, (x) => ts(x, 0.3, false), () => [
      r(46, [4, 5, 3]),
    ]);
  }
  for (
    const [name, ts] of [
      ["dropout_", torch.dropout_],
      ["alpha_dropout_", torch.alphaDropout_],
      ["feature_alpha_dropout_", torch.featureAlphaDropout_],
      ["feature_dropout_", torch.featureDropout_],
    ] as const
  ) {
    fn(
      `${name} ${dt}`,
      `lambda x: torch.${name}(x * 1, 0.4, True)`,
      (x) => {
        const y = x.mul(1), out = ts(y, 0.4, true);
        assert.equal(out, y, `${name} returns its input`);
        return out;
      },
      () => [r(47, [3, 4, 2])],
      { seed: 11 },
    );
  }
  fn(
    `embedding ${dt} padding_idx`,
    "lambda w, i: torch.embedding(w, i, 2)",
    (w, i) => torch.embedding(w, i, 2),
    () => [r(48, [5, 3]), randint(49, 0, 5, [2, 6])],
  );
  fn(
    `embedding ${dt} default`,
    "lambda w, i: torch.embedding(w, i)",
    (w, i) => torch.embedding(w, i),
    () => [r(50, [5, 3]), randint(51, 0, 5, [7])],
  );
  fn(
    `bilinear ${dt}`,
    "lambda a, b, w, c: torch.bilinear(a, b, w, c)",
    (a, b, w, c) => torch.bilinear(a, b, w, c),
    () => [r(52, [3, 2]), r(53, [3, 4]), r(54, [5, 2, 4]), r(55, [5])],
  );
  fn(`celu ${dt}`, "lambda x: torch.celu(x, 0.7)", (x) => torch.celu(x, 0.7), () => [r(56, [10])], {
    tol: { rtol: 1e-7 },
  });
  fn(`celu_ ${dt}`, "lambda x: torch.celu_(x * 1, alpha=1.5)", (x) => torch.celu_(x.mul(1), { alpha: 1.5 }), () => [
    r(57, [10]),
  ]);
  fn(`selu ${dt}`, "lambda x: torch.selu(x)", (x) => torch.selu(x), () => [r(58, [10])]);
  fn(`selu_ ${dt}`, "lambda x: torch.selu_(x * 1)", (x) => torch.selu_(x.mul(1)), () => [r(59, [10])]);
  fn(
    `prelu ${dt}`,
    "lambda x, w: torch.prelu(x, w)",
    (x, w) => torch.prelu(x, w),
    () => [r(60, [2, 3, 4]), r(61, [3])],
  );
  fn(`rrelu ${dt} eval`, "lambda x: torch.rrelu(x, 0.1, 0.3)", (x) => torch.rrelu(x, 0.1, 0.3), () => [r(62, [10])]);
  fn(
    `rrelu ${dt} training`,
    "lambda x: torch.rrelu(x, 0.1, 0.3, True)",
    (x) => torch.rrelu(x, 0.1, 0.3, true),
    () => [r(63, [10])],
    { seed: 3 },
  );
  fn(
    `rrelu_ ${dt} training`,
    "lambda x: torch.rrelu_(x * 1, training=True)",
    (x) => torch.rrelu_(x.mul(1), { training: true }),
    () => [r(64, [10])],
    { seed: 4 },
  );
  fn(`relu_ ${dt}`, "lambda x: torch.relu_(x * 1)", (x) => torch.relu_(x.mul(1)), () => [r(65, [10])]);
  fn(`threshold ${dt}`, "lambda x: torch.threshold(x, 0.2, -3)", (x) => torch.threshold(x, 0.2, -3), () => [
    r(66, [10]),
  ]);
  fn(
    `threshold_ ${dt}`,
    "lambda x: torch.threshold_(x * 1, 0.2, -3)",
    (x) => torch.threshold_(x.mul(1), 0.2, -3),
    () => [
      r(67, [10]),
    ],
  );
  fn(`pixel_shuffle ${dt}`, "lambda x: torch.pixel_shuffle(x, 2)", (x) => torch.pixelShuffle(x, 2), () => [
    r(68, [2, 8, 2, 3]),
  ]);
  fn(`pixel_unshuffle ${dt}`, "lambda x: torch.pixel_unshuffle(x, 2)", (x) => torch.pixelUnshuffle(x, 2), () => [
    r(69, [2, 2, 4, 6]),
  ]);
  fn(`channel_shuffle ${dt}`, "lambda x: torch.channel_shuffle(x, 3)", (x) => torch.channelShuffle(x, 3), () => [
    r(70, [2, 6, 2]),
  ]);
  fn(
    `native_channel_shuffle ${dt}`,
    "lambda x: torch.native_channel_shuffle(x, 2)",
    (x) => torch.nativeChannelShuffle(x, 2),
    () => [r(71, [2, 6, 2])],
    { grad: [false] }, // PyTorch has no derivative for it
  );
  fn(
    `pairwise_distance ${dt}`,
    "lambda a, b: torch.pairwise_distance(a, b, 1.5, 1e-3, True)",
    (a, b) => torch.pairwiseDistance(a, b, 1.5, 1e-3, true),
    () => [r(72, [4, 5]), r(73, [4, 5])],
  );
  for (const red of [0, 1, 2, 5]) {
    fn(
      `cosine_embedding_loss ${dt} r${red}`,
      `lambda a, b, t: torch.cosine_embedding_loss(a, b, t, 0.2, ${red})`,
      (a, b, t) => torch.cosineEmbeddingLoss(a, b, t, 0.2, red),
      () => [r(74, [4, 5]), r(75, [4, 5]), torch.tensor([1, -1, 1, -1], { dtype: dt })],
      { grad: [true, true, false] },
    );
    fn(
      `hinge_embedding_loss ${dt} r${red}`,
      `lambda x, t: torch.hinge_embedding_loss(x, t, 0.5, ${red})`,
      (x, t) => torch.hingeEmbeddingLoss(x, t, 0.5, red),
      () => [r(76, [6]), torch.tensor([1, -1, 1, -1, -1, 1], { dtype: dt })],
      { grad: [true, false] },
    );
    fn(
      `kl_div ${dt} r${red}`,
      `lambda x, t: torch.kl_div(x, t, ${red})`,
      (x, t) => torch.klDiv(x, t, red),
      () => [r(77, [3, 4]).logSoftmax(-1), probs(78, [3, 4], dt)],
    );
    fn(
      `margin_ranking_loss ${dt} r${red}`,
      `lambda a, b, t: torch.margin_ranking_loss(a, b, t, 0.1, ${red})`,
      (a, b, t) => torch.marginRankingLoss(a, b, t, 0.1, red),
      () => [r(79, [5]), r(80, [5]), torch.tensor([1, -1, 1, 1, -1], { dtype: dt })],
      { grad: [true, true, false] },
    );
    fn(
      `poisson_nll_loss ${dt} r${red}`,
      `lambda x, t: torch.poisson_nll_loss(x, t, False, True, 1e-6, ${red})`,
      (x, t) => torch.poissonNllLoss(x, t, false, true, 1e-6, red),
      () => [probs(81, [6], dt).add(0.1), probs(82, [6], dt).mul(4)],
    );
    fn(
      `triplet_margin_loss ${dt} r${red}`,
      `lambda a, p, n: torch.triplet_margin_loss(a, p, n, 0.5, 1.0, 1e-6, True, ${red})`,
      (a, p, n) => torch.tripletMarginLoss(a, p, n, 0.5, 1, 1e-6, true, red),
      () => [r(83, [4, 3]), r(84, [4, 3]), r(85, [4, 3])],
    );
    fn(
      `binary_cross_entropy_with_logits ${dt} r${red}`,
      `lambda x, t, w, p: torch.binary_cross_entropy_with_logits(x, t, w, p, ${red})`,
      (x, t, w, p) => torch.binaryCrossEntropyWithLogits(x, t, w, p, red),
      () => [r(86, [3, 4]), probs(87, [3, 4], dt), probs(88, [4], dt), probs(89, [4], dt).add(0.5)],
      { grad: [true, true, false, false] },
    );
  }
  fn(
    `kl_div ${dt} log_target`,
    "lambda x, t: torch.kl_div(x, t, 2, log_target=True)",
    (x, t) => torch.klDiv(x, t, 2, { logTarget: true }),
    () => [r(90, [3, 4]).logSoftmax(-1), r(91, [3, 4]).logSoftmax(-1)],
  );
  // left out, the reduction is 0 (none) in PyTorch's Python binding
  for (
    const [name, py, ts, inputs] of [
      [
        "kl_div",
        "torch.kl_div(x, t)",
        (x: T, t: T) => torch.klDiv(x, t),
        () => [r(120, [3, 4]), probs(121, [3, 4], dt)],
      ],
      [
        "hinge_embedding_loss",
        "torch.hinge_embedding_loss(x, t)",
        (x: T, t: T) => torch.hingeEmbeddingLoss(x, t),
        () => [r(122, [6]), torch.tensor([1, -1, 1, -1, -1, 1], { dtype: dt })],
      ],
      [
        "binary_cross_entropy_with_logits",
        "torch.binary_cross_entropy_with_logits(x, t)",
        (x: T, t: T) => torch.binaryCrossEntropyWithLogits(x, t),
        () => [r(123, [3, 4]), probs(124, [3, 4], dt)],
      ],
    ] as const
  ) {
    fn(`${name} ${dt} default reduction`, `lambda x, t: ${py}`, ts, inputs, { grad: [true, false] });
  }
  for (const red of [0, 1, 2]) {
    fn(
      `ctc_loss ${dt} ints r${red}`,
      `lambda lp, t: torch.ctc_loss(lp, t, [6, 5], [3, 2], 0, ${red}, False)`,
      (lp, t) => torch.ctcLoss(lp, t, [6, 5], [3, 2], 0, red, false),
      () => [r(92, [6, 2, 4]).logSoftmax(-1), torch.tensor([[1, 2, 3], [2, 3, 0]])],
      { grad: [true, false] },
    );
  }
  fn(
    `ctc_loss ${dt} tensors`,
    "lambda lp, t, il, tl: torch.ctc_loss(lp, t, il, tl, blank=3, zero_infinity=True)",
    (lp, t, il, tl) => torch.ctcLoss(lp, t, il, tl, { blank: 3, zeroInfinity: true }),
    () => [
      r(93, [5, 2, 4]).logSoftmax(-1),
      torch.tensor([[0, 1, 1], [2, 0, 0]]),
      torch.tensor([5, 4]),
      torch.tensor([3, 1]),
    ],
    { grad: [true, false, false, false] },
  );
  fn(
    `constant_pad_nd ${dt}`,
    "lambda x: torch.constant_pad_nd(x, [1, 2, -1, 1], 2.5)",
    (x) => torch.constantPadNd(x, [1, 2, -1, 1], 2.5),
    () => [r(94, [2, 3, 4])],
  );
  for (const [mode, pad] of [[0, 0], [1, 1], [2, 2], [0, 2]]) {
    fn(
      `grid_sampler ${dt} ${mode} ${pad}`,
      `lambda x, g: torch.grid_sampler(x, g, ${mode}, ${pad}, ${mode === 1 ? "True" : "False"})`,
      (x, g) => torch.gridSampler(x, g, mode, pad, mode === 1),
      () => [r(95, [1, 2, 4, 5]), r(96, [1, 3, 2, 2]).tanh().mul(1.2)],
      { grad: [true, mode !== 1] },
    );
  }
  fn(
    `affine_grid_generator ${dt}`,
    "lambda th: torch.affine_grid_generator(th, [2, 1, 3, 4], False)",
    (th) => torch.affineGridGenerator(th, [2, 1, 3, 4], false),
    () => [r(97, [2, 2, 3])],
  );
  for (
    const [name, ts] of [
      ["rnn_tanh_cell", torch.rnnTanhCell],
      ["rnn_relu_cell", torch.rnnReluCell],
    ] as const
  ) {
    fn(
      `${name} ${dt}`,
      `lambda x, h, wi, wh, bi, bh: torch.${name}(x, h, wi, wh, bi, bh)`,
      (x, h, wi, wh, bi, bh) => ts(x, h, wi, wh, bi, bh),
      () => [r(98, [2, 3]), r(99, [2, 4]), r(100, [4, 3]), r(101, [4, 4]), r(102, [4]), r(103, [4])],
    );
  }
  fn(
    `gru_cell ${dt} no bias`,
    "lambda x, h, wi, wh: torch.gru_cell(x, h, wi, wh)",
    (x, h, wi, wh) => torch.gruCell(x, h, wi, wh),
    () => [r(104, [2, 3]), r(105, [2, 4]), r(106, [12, 3]), r(107, [12, 4])],
  );
  fn(
    `lstm_cell ${dt}`,
    "lambda x, h, c, wi, wh, bi, bh: torch.lstm_cell(x, (h, c), wi, wh, bi, bh)",
    (x, h, c, wi, wh, bi, bh) => torch.lstmCell(x, [h, c], wi, wh, bi, bh),
    () => [
      r(108, [2, 3]),
      r(109, [2, 4]),
      r(110, [2, 4]),
      r(111, [16, 3]),
      r(112, [16, 4]),
      r(113, [16]),
      r(114, [16]),
    ],
  );
}

Deno.test("torch's nn functions match PyTorch's top-level ones: values and gradients", async () => {
  const rows = await runParity(cases);
  report("torch nn aliases", rows);
});

Deno.test("torch's nn functions: call forms", () => {
  const x = randn(1, [2, 3, 8]), w = randn(2, [4, 3, 3]), b = randn(3, [4]);
  const ref = torch.conv1d(x, w, b, 2, 1).tolist();
  assert.deepEqual(torch.conv1d(x, w, { bias: b, stride: 2, padding: 1 }).tolist(), ref);
  assert.deepEqual(torch.conv1d(x, w, b, { padding: 1, stride: 2 }).tolist(), ref);
  assert.deepEqual(torch.conv1d({ input: x, weight: w, bias: b, stride: 2, padding: 1 }).tolist(), ref);
  const t = probs(4, [3, 4], "float32");
  assert.equal(
    torch.klDiv(x.narrow(2, 0, 4).narrow(0, 0, 1).squeeze(0), t, { reduction: 2 }).item(),
    torch.klDiv(x.narrow(2, 0, 4).narrow(0, 0, 1).squeeze(0), t, 2).item(),
  );
  // the default reduction is 0 (none), as PyTorch's Python binding passes it
  assert.deepEqual(torch.hingeEmbeddingLoss(t, t).shape, [3, 4]);
  assert.deepEqual(torch.maxPool1d(x, 2).tolist(), torch.maxPool1d(x, 2, 2).tolist());
  // the lengths of ctc_loss: integer lists or tensors
  const lp = randn(5, [5, 2, 4]).logSoftmax(-1), tg = torch.tensor([[1, 2], [3, 1]]);
  assert.equal(
    torch.ctcLoss(lp, tg, [5, 4], [2, 1], 0, 2).item(),
    torch.ctcLoss(lp, tg, torch.tensor([5, 4]), torch.tensor([2, 1]), { reduction: 2 }).item(),
  );
});

Deno.test("torch's nn functions: errors", () => {
  const x = randn(1, [2, 3, 8]);
  // dropout's p and train are required (no defaults in ATen's schema)
  assert.throws(() => (torch.dropout as (...a: unknown[]) => unknown)(x, 0.5), TypeError);
  assert.throws(() => (torch.dropout as (...a: unknown[]) => unknown)(x), TypeError);
  // unknown options are errors naming them (torch.celu has no inplace)
  assert.throws(() => torch.celu(x, { inplace: true } as never), /inplace/);
  assert.throws(() => torch.klDiv(x, x, { reduction: "mean" } as never), TypeError);
  assert.throws(() => torch.dropout(x, 1.5, true), /dropout probability has to be between 0 and 1, but got 1.5/);
  assert.throws(() => torch.featureDropout(randn(2, [4]), 0.5, true), /Feature dropout requires at least 2 dimensions/);
  assert.throws(() => torch.gridSampler(randn(3, [1, 1, 3, 3]), randn(4, [1, 2, 2, 2]), 3, 0, false), /grid_sampler/);
  assert.throws(() => torch.conv2d(x, randn(5, [4, 3, 3])), Error);
  assert.throws(() => torch.convolution(x, randn(6, [4, 3]), null, [1], [0], [1], false, [0], 1), /convolution/);
  assert.throws(
    () => torch.convolution(x, randn(6, [4, 3, 3]), null, [1], [0], [1], false, [1], 1),
    /output_padding is not supported for non-transposed convolutions; got: 1/,
  );
  assert.throws(
    () => torch.lstmCell(randn(7, [2, 3]), [randn(8, [2, 4])], randn(9, [16, 3]), randn(10, [16, 4])),
    /two hidden states/,
  );
  assert.throws(() => torch.batchNorm(x, null, null, null, null, true, 0.1, 1e-5 as never), TypeError);
});
