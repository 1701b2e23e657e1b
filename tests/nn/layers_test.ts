/**
 * Every layer against PyTorch: forward and gradients (inputs and
 * parameters) on the same weights and inputs, in train and eval mode;
 * buffers after the forward (BatchNorm's running statistics); and the
 * initial weights for a seed (PyTorch's default initialization, drawn from
 * the default generator in PyTorch's order).
 */
import { nn, torch } from "../../mod.ts";
import { type ParityCase, randint, randn, report, runParity } from "./harness.ts";

type T = torch.Tensor;
const x = (seed: number, ...shape: number[]) => () => [randn(seed, shape)];
const cases: ParityCase[] = [];
const add = (c: ParityCase) => cases.push(c);
/** The same case in train and eval mode. */
const both = (c: ParityCase) => {
  add({ ...c, id: `${c.id} train`, train: true });
  add({ ...c, id: `${c.id} eval`, train: false });
};

// ---- linear ----
both({ id: "Linear", py: "nn.Linear(7, 5)", make: () => new nn.Linear(7, 5), inputs: x(1, 4, 7), initSeed: 0 });
add({
  id: "Linear 3d no bias",
  py: "nn.Linear(6, 3, bias=False)",
  make: () => new nn.Linear(6, 3, { bias: false }),
  inputs: x(2, 2, 4, 6),
  initSeed: 1,
});
add({ id: "Linear 1d input", py: "nn.Linear(6, 3)", make: () => new nn.Linear(6, 3), inputs: x(3, 6) });
add({
  id: "Linear float64",
  py: "nn.Linear(5, 4)",
  make: () => new nn.Linear(5, 4),
  inputs: () => [randn(4, [3, 5], "float64")],
  double: true,
});
add({
  id: "Linear float64 init",
  py: "nn.Linear(5, 4, dtype=torch.float64)",
  make: () => new nn.Linear(5, 4, { dtype: "float64" }),
  inputs: () => [randn(4, [3, 5], "float64")],
  initSeed: 7,
});
add({
  id: "Bilinear",
  py: "nn.Bilinear(4, 3, 5)",
  make: () => new nn.Bilinear(4, 3, 5),
  inputs: () => [randn(5, [6, 4]), randn(6, [6, 3])],
  initSeed: 2,
});
add({ id: "Identity", py: "nn.Identity(3, foo=1)", make: () => new nn.Identity(3), inputs: x(7, 2, 3) });
add({ id: "Flatten", py: "nn.Flatten()", make: () => new nn.Flatten(), inputs: x(8, 2, 3, 4) });
add({ id: "Flatten(0, 1)", py: "nn.Flatten(0, 1)", make: () => new nn.Flatten(0, 1), inputs: x(9, 2, 3, 4) });
add({ id: "Unflatten", py: "nn.Unflatten(1, (2, 5))", make: () => new nn.Unflatten(1, [2, 5]), inputs: x(10, 3, 10) });

// ---- convolution ----
both({
  id: "Conv2d pad 1",
  py: "nn.Conv2d(3, 8, 3, padding=1)",
  make: () => new nn.Conv2d(3, 8, 3, { padding: 1 }),
  inputs: x(11, 2, 3, 9, 9),
  initSeed: 3,
});
add({
  id: "Conv2d stride 2",
  py: "nn.Conv2d(3, 4, (3, 2), stride=2, padding=(1, 0))",
  make: () => new nn.Conv2d(3, 4, [3, 2], { stride: 2, padding: [1, 0] }),
  inputs: x(12, 2, 3, 9, 8),
});
add({
  id: "Conv2d same even kernel",
  py: "nn.Conv2d(2, 3, 4, padding='same')",
  make: () => new nn.Conv2d(2, 3, 4, { padding: "same" }),
  inputs: x(13, 2, 2, 7, 6),
});
add({
  id: "Conv2d valid dilation",
  py: "nn.Conv2d(2, 3, 3, padding='valid', dilation=2)",
  make: () => new nn.Conv2d(2, 3, 3, { padding: "valid", dilation: 2 }),
  inputs: x(14, 1, 2, 10, 9),
});
add({
  id: "Conv2d groups no bias",
  py: "nn.Conv2d(4, 6, 3, groups=2, bias=False)",
  make: () => new nn.Conv2d(4, 6, 3, { groups: 2, bias: false }),
  inputs: x(15, 2, 4, 6, 6),
  initSeed: 4,
});
add({
  id: "Conv2d depthwise",
  py: "nn.Conv2d(4, 4, 3, padding=1, groups=4)",
  make: () => new nn.Conv2d(4, 4, 3, { padding: 1, groups: 4 }),
  inputs: x(16, 2, 4, 5, 5),
});
for (const mode of ["reflect", "replicate", "circular"] as const) {
  add({
    id: `Conv2d ${mode}`,
    py: `nn.Conv2d(2, 3, 3, padding=1, padding_mode='${mode}')`,
    make: () => new nn.Conv2d(2, 3, 3, { padding: 1, paddingMode: mode }),
    inputs: x(17, 2, 2, 5, 6),
  });
}
add({ id: "Conv2d unbatched", py: "nn.Conv2d(2, 3, 3)", make: () => new nn.Conv2d(2, 3, 3), inputs: x(18, 2, 5, 5) });
add({
  id: "Conv2d float64",
  py: "nn.Conv2d(2, 3, 3, stride=2, padding=2)",
  make: () => new nn.Conv2d(2, 3, 3, { stride: 2, padding: 2 }),
  inputs: () => [randn(19, [2, 2, 7, 7], "float64")],
  double: true,
});
both({
  id: "Conv1d",
  py: "nn.Conv1d(3, 5, 3, padding=1)",
  make: () => new nn.Conv1d(3, 5, 3, { padding: 1 }),
  inputs: x(20, 2, 3, 11),
  initSeed: 5,
});
add({
  id: "Conv1d same dilation",
  py: "nn.Conv1d(2, 4, 4, padding='same', dilation=2)",
  make: () => new nn.Conv1d(2, 4, 4, { padding: "same", dilation: 2 }),
  inputs: x(21, 2, 2, 9),
});
add({
  id: "Conv1d stride groups reflect",
  py: "nn.Conv1d(4, 4, 3, stride=2, padding=1, groups=2, padding_mode='reflect')",
  make: () => new nn.Conv1d(4, 4, 3, { stride: 2, padding: 1, groups: 2, paddingMode: "reflect" }),
  inputs: x(22, 2, 4, 10),
});
add({ id: "Conv1d unbatched", py: "nn.Conv1d(2, 3, 2)", make: () => new nn.Conv1d(2, 3, 2), inputs: x(23, 2, 6) });
both({
  id: "ConvTranspose2d",
  py: "nn.ConvTranspose2d(3, 4, 3, stride=2, padding=1, output_padding=1)",
  make: () => new nn.ConvTranspose2d(3, 4, 3, { stride: 2, padding: 1, outputPadding: 1 }),
  inputs: x(24, 2, 3, 5, 4),
  initSeed: 6,
});
add({
  id: "ConvTranspose2d groups dilation",
  py: "nn.ConvTranspose2d(4, 6, (2, 3), groups=2, dilation=2, bias=False)",
  make: () => new nn.ConvTranspose2d(4, 6, [2, 3], { groups: 2, dilation: 2, bias: false }),
  inputs: x(25, 2, 4, 4, 5),
});
add({
  id: "ConvTranspose2d output_size",
  py: "nn.ConvTranspose2d(2, 3, 3, stride=2)",
  make: () => new nn.ConvTranspose2d(2, 3, 3, { stride: 2 }),
  call: { py: "m(x0, output_size=[12, 10])", ts: (m, xs) => (m as nn.ConvTranspose2d).forward(xs[0], [12, 10]) },
  inputs: x(26, 1, 2, 5, 4),
});

// ---- pooling ----
both({ id: "MaxPool2d", py: "nn.MaxPool2d(2)", make: () => new nn.MaxPool2d(2), inputs: x(30, 2, 3, 8, 8) });
add({
  id: "MaxPool2d indices",
  py: "nn.MaxPool2d(3, stride=2, padding=1, return_indices=True)",
  make: () => new nn.MaxPool2d(3, { stride: 2, padding: 1, returnIndices: true }),
  inputs: x(31, 2, 2, 9, 7),
});
add({
  id: "MaxPool2d ceil dilation",
  py: "nn.MaxPool2d((2, 3), stride=(2, 1), dilation=(1, 2), ceil_mode=True)",
  make: () => new nn.MaxPool2d([2, 3], { stride: [2, 1], dilation: [1, 2], ceilMode: true }),
  inputs: x(32, 1, 2, 7, 9),
});
add({
  id: "MaxPool2d unbatched",
  py: "nn.MaxPool2d(2, return_indices=True)",
  make: () => new nn.MaxPool2d(2, { returnIndices: true }),
  inputs: x(33, 3, 6, 6),
});
add({
  id: "MaxPool1d",
  py: "nn.MaxPool1d(3, stride=2, padding=1, return_indices=True, ceil_mode=True)",
  make: () => new nn.MaxPool1d(3, { stride: 2, padding: 1, returnIndices: true, ceilMode: true }),
  inputs: x(34, 2, 3, 10),
});
both({ id: "AvgPool2d", py: "nn.AvgPool2d(2)", make: () => new nn.AvgPool2d(2), inputs: x(35, 2, 3, 8, 6) });
add({
  id: "AvgPool2d pad ceil exclude",
  py: "nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)",
  make: () => new nn.AvgPool2d(3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }),
  inputs: x(36, 2, 2, 8, 7),
});
add({
  id: "AvgPool2d divisor",
  py: "nn.AvgPool2d(2, divisor_override=3)",
  make: () => new nn.AvgPool2d(2, { divisorOverride: 3 }),
  inputs: x(37, 1, 2, 6, 6),
});
add({
  id: "AvgPool1d",
  py: "nn.AvgPool1d(3, stride=2, padding=1)",
  make: () => new nn.AvgPool1d(3, { stride: 2, padding: 1 }),
  inputs: x(38, 2, 3, 9),
});
add({
  id: "AdaptiveAvgPool2d",
  py: "nn.AdaptiveAvgPool2d((3, 2))",
  make: () => new nn.AdaptiveAvgPool2d([3, 2]),
  inputs: x(39, 2, 3, 7, 5),
});
add({
  id: "AdaptiveAvgPool2d None",
  py: "nn.AdaptiveAvgPool2d((None, 2))",
  make: () => new nn.AdaptiveAvgPool2d([null, 2]),
  inputs: x(40, 2, 3, 4, 5),
});
add({
  id: "AdaptiveAvgPool1d",
  py: "nn.AdaptiveAvgPool1d(4)",
  make: () => new nn.AdaptiveAvgPool1d(4),
  inputs: x(41, 2, 3, 10),
});
add({
  id: "AdaptiveMaxPool2d",
  py: "nn.AdaptiveMaxPool2d(3, return_indices=True)",
  make: () => new nn.AdaptiveMaxPool2d(3, true),
  inputs: x(42, 2, 3, 7, 8),
});
add({
  id: "AdaptiveMaxPool1d",
  py: "nn.AdaptiveMaxPool1d(3)",
  make: () => new nn.AdaptiveMaxPool1d(3),
  inputs: x(43, 2, 3, 8),
});

// ---- normalization ----
const perturbed = <M extends nn.BatchNormNd>(m: M): M => {
  torch.noGrad(() => {
    m.runningMean?.copy_(randn(50, [m.numFeatures]).mul(0.5));
    m.runningVar?.copy_(randn(51, [m.numFeatures]).abs().add(0.5));
    m.weight?.copy_(randn(52, [m.numFeatures]));
    m.bias?.copy_(randn(53, [m.numFeatures]));
  });
  return m;
};
both({
  id: "BatchNorm2d",
  py: "nn.BatchNorm2d(3)",
  make: () => perturbed(new nn.BatchNorm2d(3)),
  inputs: x(54, 4, 3, 5, 5),
});
both({
  id: "BatchNorm1d 2d",
  py: "nn.BatchNorm1d(5)",
  make: () => perturbed(new nn.BatchNorm1d(5)),
  inputs: x(55, 8, 5),
});
both({
  id: "BatchNorm1d 3d",
  py: "nn.BatchNorm1d(4, momentum=0.3)",
  make: () => perturbed(new nn.BatchNorm1d(4, { momentum: 0.3 })),
  inputs: x(56, 3, 4, 6),
});
add({
  id: "BatchNorm2d momentum None",
  py: "nn.BatchNorm2d(3, momentum=None)",
  make: () => perturbed(new nn.BatchNorm2d(3, { momentum: null })),
  inputs: x(57, 4, 3, 3, 3),
});
both({
  id: "BatchNorm2d no affine",
  py: "nn.BatchNorm2d(3, affine=False)",
  make: () => perturbed(new nn.BatchNorm2d(3, { affine: false })),
  inputs: x(58, 4, 3, 3, 3),
});
both({
  id: "BatchNorm2d no stats",
  py: "nn.BatchNorm2d(3, track_running_stats=False)",
  make: () => perturbed(new nn.BatchNorm2d(3, { trackRunningStats: false })),
  inputs: x(59, 4, 3, 3, 3),
});
add({
  id: "BatchNorm2d float64",
  py: "nn.BatchNorm2d(2)",
  make: () => perturbed(new nn.BatchNorm2d(2)),
  inputs: () => [randn(60, [3, 2, 4, 4], "float64")],
  double: true,
});
add({
  id: "BatchNorm2d init",
  py: "nn.BatchNorm2d(3)",
  make: () => new nn.BatchNorm2d(3),
  inputs: x(61, 2, 3, 2, 2),
  initSeed: 8,
});
const lnPerturbed = (m: nn.LayerNorm) => {
  torch.noGrad(() => {
    m.weight?.copy_(randn(62, m.normalizedShape));
    m.bias?.copy_(randn(63, m.normalizedShape));
  });
  return m;
};
add({ id: "LayerNorm", py: "nn.LayerNorm(6)", make: () => lnPerturbed(new nn.LayerNorm(6)), inputs: x(64, 3, 4, 6) });
add({ id: "LayerNorm init", py: "nn.LayerNorm(6)", make: () => new nn.LayerNorm(6), inputs: x(64, 3, 6), initSeed: 9 });
add({
  id: "LayerNorm 2 dims",
  py: "nn.LayerNorm((4, 6), eps=1e-3)",
  make: () => lnPerturbed(new nn.LayerNorm([4, 6], { eps: 1e-3 })),
  inputs: x(65, 3, 4, 6),
});
add({
  id: "LayerNorm no affine",
  py: "nn.LayerNorm(6, elementwise_affine=False)",
  make: () => new nn.LayerNorm(6, { elementwiseAffine: false }),
  inputs: x(66, 3, 6),
});
add({
  id: "GroupNorm",
  py: "nn.GroupNorm(2, 6)",
  make: () => {
    const m = new nn.GroupNorm(2, 6);
    torch.noGrad(() => {
      m.weight!.copy_(randn(67, [6]));
      m.bias!.copy_(randn(68, [6]));
    });
    return m;
  },
  inputs: x(69, 3, 6, 4, 3),
});
add({
  id: "GroupNorm 3d",
  py: "nn.GroupNorm(3, 3, affine=False)",
  make: () => new nn.GroupNorm(3, 3, { affine: false }),
  inputs: x(70, 2, 3, 5),
});

// ---- dropout and embedding ----
both({ id: "Dropout", py: "nn.Dropout(0.3)", make: () => new nn.Dropout(0.3), inputs: x(71, 8, 50), seed: 5 });
add({
  id: "Dropout float64",
  py: "nn.Dropout(0.6)",
  make: () => new nn.Dropout(0.6),
  inputs: () => [randn(72, [4, 9], "float64")],
  seed: 6,
  double: true,
});
both({
  id: "Dropout2d",
  py: "nn.Dropout2d(0.4)",
  make: () => new nn.Dropout2d(0.4),
  inputs: x(73, 4, 6, 3, 3),
  seed: 7,
});
add({ id: "Dropout1d", py: "nn.Dropout1d(0.5)", make: () => new nn.Dropout1d(0.5), inputs: x(74, 4, 6, 5), seed: 8 });
add({
  id: "Embedding padding_idx",
  py: "nn.Embedding(10, 4, padding_idx=2)",
  make: () => new nn.Embedding(10, 4, { paddingIdx: 2 }),
  inputs: () => [torch.tensor([[1, 2, 4], [2, 9, 1]])],
  initSeed: 10,
});
add({
  id: "Embedding max_norm",
  py: "nn.Embedding(6, 3, max_norm=1.0)",
  make: () => new nn.Embedding(6, 3, { maxNorm: 1 }),
  inputs: () => [torch.tensor([0, 3, 3, 5])],
});
add({
  id: "Embedding max_norm, int32 indices",
  py: "nn.Embedding(6, 3, max_norm=1.0)",
  make: () => new nn.Embedding(6, 3, { maxNorm: 1 }),
  inputs: () => [torch.tensor([0, 3, 3, 5], { dtype: "int32" })],
});
add({
  id: "Embedding scale_grad_by_freq",
  py: "nn.Embedding(6, 3, scale_grad_by_freq=True)",
  make: () => new nn.Embedding(6, 3, { scaleGradByFreq: true }),
  inputs: () => [randint(75, 0, 6, [2, 7])],
});

// ---- recurrent ----
both({ id: "RNN tanh", py: "nn.RNN(4, 5)", make: () => new nn.RNN(4, 5), inputs: x(80, 6, 3, 4), initSeed: 11 });
add({
  id: "RNN relu 2 layers batch_first h0",
  py: "nn.RNN(3, 4, 2, nonlinearity='relu', batch_first=True)",
  make: () => new nn.RNN(3, 4, 2, { nonlinearity: "relu", batchFirst: true }),
  inputs: () => [randn(81, [2, 5, 3]), randn(82, [2, 2, 4])],
});
both({ id: "LSTM", py: "nn.LSTM(4, 6)", make: () => new nn.LSTM(4, 6), inputs: x(83, 5, 2, 4), initSeed: 12 });
add({
  id: "LSTM 2 layers bidirectional batch_first",
  py: "nn.LSTM(3, 4, 2, batch_first=True, bidirectional=True)",
  make: () => new nn.LSTM(3, 4, 2, { batchFirst: true, bidirectional: true }),
  inputs: x(84, 2, 5, 3),
  initSeed: 13,
});
add({
  id: "LSTM proj h0 c0",
  py: "nn.LSTM(3, 5, proj_size=2)",
  make: () => new nn.LSTM(3, 5, { projSize: 2 }),
  call: { py: "m(x0, (x1, x2))", ts: (m, xs) => (m as nn.LSTM).forward(xs[0], [xs[1], xs[2]]) },
  inputs: () => [randn(85, [4, 2, 3]), randn(86, [1, 2, 2]), randn(87, [1, 2, 5])],
});
add({ id: "LSTM unbatched", py: "nn.LSTM(3, 4)", make: () => new nn.LSTM(3, 4), inputs: x(88, 5, 3) });
add({
  id: "LSTM dropout train",
  py: "nn.LSTM(3, 4, 2, dropout=0.5)",
  make: () => new nn.LSTM(3, 4, 2, { dropout: 0.5 }),
  inputs: x(89, 4, 2, 3),
  seed: 3,
});
both({
  id: "GRU",
  py: "nn.GRU(4, 3, 2, bidirectional=True)",
  make: () => new nn.GRU(4, 3, 2, { bidirectional: true }),
  inputs: x(90, 5, 2, 4),
  initSeed: 14,
});
add({
  id: "GRU batch_first h0",
  py: "nn.GRU(3, 4, batch_first=True)",
  make: () => new nn.GRU(3, 4, { batchFirst: true }),
  inputs: () => [randn(91, [2, 6, 3]), randn(92, [1, 2, 4])],
});

// ---- attention ----
both({
  id: "MultiheadAttention",
  py: "nn.MultiheadAttention(8, 2)",
  make: () => new nn.MultiheadAttention(8, 2),
  call: { py: "m(x0, x1, x2)", ts: (m, xs) => m.forward(xs[0], xs[1], xs[2]) },
  inputs: () => [randn(93, [5, 3, 8]), randn(94, [4, 3, 8]), randn(95, [4, 3, 8])],
  initSeed: 15,
});
add({
  id: "MultiheadAttention batch_first masks",
  py: "nn.MultiheadAttention(8, 4, batch_first=True)",
  make: () => new nn.MultiheadAttention(8, 4, { batchFirst: true }),
  call: {
    py:
      "m(x0, x0, x0, key_padding_mask=torch.tensor([[False]*5+[True], [False]*6]), attn_mask=torch.ones(6, 6, dtype=torch.bool).triu(1), average_attn_weights=False)",
    ts: (m, xs) =>
      m.forward(xs[0], xs[0], xs[0], {
        keyPaddingMask: torch.tensor([[false, false, false, false, false, true], [
          false,
          false,
          false,
          false,
          false,
          false,
        ]]),
        attnMask: torch.ones(6, 6, { dtype: "bool" }).triu(1),
        averageAttnWeights: false,
      }),
  },
  inputs: x(96, 2, 6, 8),
});
add({
  id: "MultiheadAttention no weights float mask",
  py: "nn.MultiheadAttention(6, 3)",
  make: () => new nn.MultiheadAttention(6, 3),
  call: {
    py: "m(x0, x1, x1, attn_mask=x2, need_weights=False)",
    ts: (m, xs) => m.forward(xs[0], xs[1], xs[1], { attnMask: xs[2], needWeights: false }),
  },
  inputs: () => [randn(97, [4, 2, 6]), randn(98, [5, 2, 6]), randn(99, [4, 5])],
  grad: [true, true, false],
});
add({
  id: "MultiheadAttention kdim vdim bias_kv zero_attn",
  py: "nn.MultiheadAttention(6, 2, kdim=4, vdim=5, add_bias_kv=True, add_zero_attn=True)",
  make: () => new nn.MultiheadAttention(6, 2, { kdim: 4, vdim: 5, addBiasKv: true, addZeroAttn: true }),
  call: { py: "m(x0, x1, x2)", ts: (m, xs) => m.forward(xs[0], xs[1], xs[2]) },
  inputs: () => [randn(100, [3, 2, 6]), randn(101, [4, 2, 4]), randn(102, [4, 2, 5])],
  initSeed: 16,
});
add({
  id: "TransformerEncoderLayer eval",
  py: "nn.TransformerEncoderLayer(8, 2, 16, batch_first=True)",
  make: () => new nn.TransformerEncoderLayer(8, 2, 16, { batchFirst: true }),
  inputs: x(103, 2, 5, 8),
  train: false,
  initSeed: 17,
});
add({
  id: "TransformerEncoderLayer train no dropout",
  py: "nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0)",
  make: () => new nn.TransformerEncoderLayer(8, 2, 16, { dropout: 0 }),
  inputs: x(104, 5, 2, 8),
});
add({
  id: "TransformerEncoderLayer norm_first gelu mask",
  py: "nn.TransformerEncoderLayer(8, 4, 12, dropout=0.0, activation='gelu', norm_first=True)",
  make: () => new nn.TransformerEncoderLayer(8, 4, 12, { dropout: 0, activation: "gelu", normFirst: true }),
  call: {
    py: "m(x0, src_mask=torch.ones(4, 4, dtype=torch.bool).triu(1))",
    ts: (m, xs) => m.forward(xs[0], { srcMask: torch.ones(4, 4, { dtype: "bool" }).triu(1) }),
  },
  inputs: x(105, 4, 3, 8),
});

// ---- activations ----
const acts: [string, string, () => nn.Module][] = [
  ["ReLU", "nn.ReLU()", () => new nn.ReLU()],
  ["ReLU6", "nn.ReLU6()", () => new nn.ReLU6()],
  ["LeakyReLU", "nn.LeakyReLU(0.2)", () => new nn.LeakyReLU(0.2)],
  ["ELU", "nn.ELU(0.7)", () => new nn.ELU(0.7)],
  ["CELU", "nn.CELU(0.5)", () => new nn.CELU(0.5)],
  ["SELU", "nn.SELU()", () => new nn.SELU()],
  ["GELU", "nn.GELU()", () => new nn.GELU()],
  ["GELU tanh", "nn.GELU(approximate='tanh')", () => new nn.GELU("tanh")],
  ["SiLU", "nn.SiLU()", () => new nn.SiLU()],
  ["Mish", "nn.Mish()", () => new nn.Mish()],
  ["Sigmoid", "nn.Sigmoid()", () => new nn.Sigmoid()],
  ["Tanh", "nn.Tanh()", () => new nn.Tanh()],
  ["Hardtanh", "nn.Hardtanh(-0.5, 1.5)", () => new nn.Hardtanh(-0.5, 1.5)],
  ["Hardsigmoid", "nn.Hardsigmoid()", () => new nn.Hardsigmoid()],
  ["Hardswish", "nn.Hardswish()", () => new nn.Hardswish()],
  ["LogSigmoid", "nn.LogSigmoid()", () => new nn.LogSigmoid()],
  ["Softsign", "nn.Softsign()", () => new nn.Softsign()],
  ["Softmax", "nn.Softmax(dim=1)", () => new nn.Softmax(1)],
  ["LogSoftmax", "nn.LogSoftmax(dim=-1)", () => new nn.LogSoftmax(-1)],
  ["Softplus", "nn.Softplus(beta=2, threshold=3)", () => new nn.Softplus(2, 3)],
  ["GLU", "nn.GLU()", () => new nn.GLU()],
  ["Softshrink", "nn.Softshrink(0.7)", () => new nn.Softshrink(0.7)],
  ["Hardshrink", "nn.Hardshrink(0.4)", () => new nn.Hardshrink(0.4)],
  ["Tanhshrink", "nn.Tanhshrink()", () => new nn.Tanhshrink()],
];
acts.forEach(([id, py, make], i) => add({ id, py, make, inputs: () => [randn(110 + i, [4, 6]).mul(3)] }));
add({
  id: "ReLU inplace",
  py: "nn.ReLU(inplace=True)",
  make: () => new nn.ReLU(true),
  inputs: x(140, 3, 4),
  grad: [false],
});

Deno.test("every layer matches PyTorch: forward, gradients, buffers, initialization", async () => {
  const rows = await runParity(cases);
  report("layers", rows);
});

Deno.test("a model's initial weights equal PyTorch's for a seed (Linear, Conv, BatchNorm, LSTM draws in order)", async () => {
  class Net extends nn.Module {
    conv1 = new nn.Conv2d(1, 6, 5);
    bn = new nn.BatchNorm2d(6);
    conv2 = new nn.Conv2d(6, 16, 5);
    fc1 = new nn.Linear(16 * 4 * 4, 120);
    fc2 = new nn.Linear(120, 84);
    rnn = new nn.LSTM(84, 10);
    emb = new nn.Embedding(5, 3);
    override forward(x: T): T {
      return x;
    }
  }
  const py =
    `type("Net", (nn.Module,), {"__init__": lambda self: (nn.Module.__init__(self), setattr(self, "conv1", nn.Conv2d(1, 6, 5)), setattr(self, "bn", nn.BatchNorm2d(6)), setattr(self, "conv2", nn.Conv2d(6, 16, 5)), setattr(self, "fc1", nn.Linear(256, 120)), setattr(self, "fc2", nn.Linear(120, 84)), setattr(self, "rnn", nn.LSTM(84, 10)), setattr(self, "emb", nn.Embedding(5, 3)))[0], "forward": lambda self, x: x})()`;
  const rows = await runParity([{ id: "Net init", py, make: () => new Net(), inputs: x(150, 2), initSeed: 1234 }]);
  report("initialization", rows);
});
