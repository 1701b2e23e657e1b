/**
 * nn.TransformerEncoder, nn.TransformerDecoderLayer, nn.TransformerDecoder and nn.Transformer
 * (src/nn/layers/transformer.ts) against PyTorch 2.13: outputs, input and parameter gradients (train mode without
 * dropout, eval mode with it; float32 and float64), attention masks, key padding masks and the is_causal hint,
 * batch_first, norm_first, activations, unbatched inputs, the initial weights for a seed (the layer's deep copies,
 * nn.Transformer's xavier re-initialization), state dict keys in order, reprs, errors, warnings and call forms.
 */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";
import { caseFailures, numpy } from "../helpers/oracle.ts";
import { type ParityCase, randn, report, runParity } from "./harness.ts";

type Tensor = torch.Tensor;
const cases: ParityCase[] = [];
const add = (c: ParityCase) => cases.push(c);
const bools = (rows: number[][]) => torch.tensor(rows.map((r) => r.map((v) => v === 1)));
const KPM_PY = "torch.tensor([[False] * 5 + [True], [False] * 4 + [True] * 2])";
const kpm = () => bools([[0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 1, 1]]);
const CAUSAL_PY = (n: number) => `nn.Transformer.generate_square_subsequent_mask(${n})`;
const causal = (n: number) => nn.Transformer.generateSquareSubsequentMask(n);
const BOOL_CAUSAL_PY = (n: number) => `torch.ones(${n}, ${n}, dtype=torch.bool).triu(1)`;
const boolCausal = (n: number) => torch.ones(n, n, { dtype: "bool" }).triu(1);

// ---------- TransformerEncoder ----------

add({
  id: "TransformerEncoder 2 layers + norm, train without dropout",
  py: "nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0), 2, nn.LayerNorm(8))",
  make: () =>
    new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, 16, { dropout: 0 }), 2, new nn.LayerNorm(8)),
  inputs: () => [randn(1, [5, 3, 8])],
  initSeed: 1,
});
add({
  id: "TransformerEncoder eval batch_first, causal float mask + bool key padding mask",
  py: "nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, batch_first=True), 3)",
  make: () => new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, 16, { batchFirst: true }), 3),
  call: {
    py: `m(x0, mask=${CAUSAL_PY(6)}.to(torch.bool), src_key_padding_mask=${KPM_PY})`,
    ts: (m, xs) => m.forward(xs[0], { mask: causal(6).isinf(), srcKeyPaddingMask: kpm() }),
  },
  inputs: () => [randn(2, [2, 6, 8])],
  train: false,
  initSeed: 2,
});
add({
  id: "TransformerEncoder norm_first gelu, bool causal mask with is_causal",
  py: "nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 4, 12, dropout=0.0, activation='gelu', norm_first=True), 2)",
  make: () =>
    new nn.TransformerEncoder(
      new nn.TransformerEncoderLayer(8, 4, 12, { dropout: 0, activation: "gelu", normFirst: true }),
      2,
    ),
  call: {
    py: `m(x0, ${BOOL_CAUSAL_PY(4)}, None, True)`,
    ts: (m, xs) => m.forward(xs[0], boolCausal(4), null, true),
  },
  inputs: () => [randn(3, [4, 3, 8])],
});
add({
  id: "TransformerEncoder float additive mask (N*heads, S, S)",
  py: "nn.TransformerEncoder(nn.TransformerEncoderLayer(6, 3, 10, dropout=0.0), 1, nn.LayerNorm(6))",
  make: () =>
    new nn.TransformerEncoder(new nn.TransformerEncoderLayer(6, 3, 10, { dropout: 0 }), 1, new nn.LayerNorm(6)),
  call: { py: "m(x0, x1)", ts: (m, xs) => m.forward(xs[0], xs[1]) },
  inputs: () => [randn(4, [5, 2, 6]), randn(5, [6, 5, 5])],
  grad: [true, false],
});
add({
  id: "TransformerEncoder unbatched with a 1-d key padding mask",
  py: "nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0), 2)",
  make: () => new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, 16, { dropout: 0 }), 2),
  call: {
    py: "m(x0, src_key_padding_mask=torch.tensor([False, False, True, False, True]))",
    ts: (m, xs) => m.forward(xs[0], { srcKeyPaddingMask: bools([[0, 0, 1, 0, 1]]).squeeze(0) }),
  },
  inputs: () => [randn(6, [5, 8])],
});
add({
  id: "TransformerEncoder float64 eval",
  py: "nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, norm_first=True), 2, nn.LayerNorm(8))",
  make: () =>
    new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, 16, { normFirst: true }), 2, new nn.LayerNorm(8)),
  call: {
    py: `m(x0, ${CAUSAL_PY(5)}.double())`,
    ts: (m, xs) => m.forward(xs[0], causal(5).double()),
  },
  inputs: () => [randn(7, [5, 2, 8], "float64")],
  double: true,
  train: false,
});

// ---------- TransformerDecoderLayer ----------

add({
  id: "TransformerDecoderLayer train without dropout, causal tgt mask, memory key padding",
  py: "nn.TransformerDecoderLayer(8, 2, 16, dropout=0.0)",
  make: () => new nn.TransformerDecoderLayer(8, 2, 16, { dropout: 0 }),
  call: {
    py: `m(x0, x1, tgt_mask=${CAUSAL_PY(4)}, memory_key_padding_mask=${KPM_PY})`,
    ts: (m, xs) => m.forward(xs[0], xs[1], { tgtMask: causal(4), memoryKeyPaddingMask: kpm() }),
  },
  inputs: () => [randn(10, [4, 2, 8]), randn(11, [6, 2, 8])],
  initSeed: 10,
});
add({
  id: "TransformerDecoderLayer eval norm_first gelu batch_first no bias, float memory mask",
  py: "nn.TransformerDecoderLayer(8, 4, 12, activation='gelu', batch_first=True, norm_first=True, bias=False)",
  make: () =>
    new nn.TransformerDecoderLayer(8, 4, 12, { activation: "gelu", batchFirst: true, normFirst: true, bias: false }),
  call: {
    py: "m(x0, x1, None, x2, torch.tensor([[False, False, True], [False] * 3]))",
    ts: (m, xs) => m.forward(xs[0], xs[1], null, xs[2], bools([[0, 0, 1], [0, 0, 0]])),
  },
  inputs: () => [randn(12, [2, 3, 8]), randn(13, [2, 6, 8]), randn(14, [3, 6])],
  grad: [true, true, false],
  train: false,
  initSeed: 11,
});
add({
  id: "TransformerDecoderLayer unbatched, layer_norm_eps, tgt key padding (1-d), is_causal",
  py: "nn.TransformerDecoderLayer(6, 2, 8, 0.0, 'relu', 1e-3)",
  make: () => new nn.TransformerDecoderLayer(6, 2, 8, 0, "relu", 1e-3),
  call: {
    py: `m(x0, x1, ${
      CAUSAL_PY(4)
    }, tgt_key_padding_mask=torch.tensor([False, False, False, True]), tgt_is_causal=True)`,
    ts: (m, xs) =>
      m.forward(xs[0], xs[1], causal(4), { tgtKeyPaddingMask: bools([[0, 0, 0, 1]]).squeeze(0), tgtIsCausal: true }),
  },
  inputs: () => [randn(15, [4, 6]), randn(16, [5, 6])],
});
add({
  id: "TransformerDecoderLayer activation module (GELU tanh)",
  py: "nn.TransformerDecoderLayer(8, 2, 16, dropout=0.0, activation=nn.GELU('tanh'))",
  make: () => new nn.TransformerDecoderLayer(8, 2, 16, { dropout: 0, activation: new nn.GELU("tanh") }),
  call: { py: "m(x0, x1)", ts: (m, xs) => m.forward(xs[0], xs[1]) },
  inputs: () => [randn(17, [3, 2, 8]), randn(18, [4, 2, 8])],
});
add({
  id: "TransformerDecoderLayer activation function (tanh), float64",
  py: "nn.TransformerDecoderLayer(8, 2, 16, dropout=0.0, activation=torch.tanh)",
  make: () => new nn.TransformerDecoderLayer(8, 2, 16, { dropout: 0, activation: (x: Tensor) => x.tanh() }),
  call: { py: "m(x0, x1)", ts: (m, xs) => m.forward(xs[0], xs[1]) },
  inputs: () => [randn(19, [3, 2, 8], "float64"), randn(20, [4, 2, 8], "float64")],
  double: true,
});
add({
  id: "TransformerDecoderLayer activation with a parameter (PReLU)",
  py: "nn.TransformerDecoderLayer(4, 2, 8, dropout=0.0, activation=nn.PReLU())",
  make: () => new nn.TransformerDecoderLayer(4, 2, 8, { dropout: 0, activation: new PReLU() }),
  call: { py: "m(x0, x1)", ts: (m, xs) => m.forward(xs[0], xs[1]) },
  inputs: () => [randn(21, [3, 2, 4]), randn(22, [2, 2, 4])],
});

// ---------- TransformerDecoder ----------

add({
  id: "TransformerDecoder 2 layers + norm, causal mask detected, tgt key padding",
  py: "nn.TransformerDecoder(nn.TransformerDecoderLayer(8, 2, 16, dropout=0.0), 2, nn.LayerNorm(8))",
  make: () =>
    new nn.TransformerDecoder(new nn.TransformerDecoderLayer(8, 2, 16, { dropout: 0 }), 2, new nn.LayerNorm(8)),
  call: {
    py: `m(x0, x1, ${CAUSAL_PY(6)}, tgt_key_padding_mask=${KPM_PY})`,
    ts: (m, xs) => m.forward(xs[0], xs[1], causal(6), { tgtKeyPaddingMask: kpm() }),
  },
  inputs: () => [randn(30, [6, 2, 8]), randn(31, [5, 2, 8])],
  initSeed: 30,
});
add({
  id: "TransformerDecoder eval batch_first, tgt_is_causal, bool memory mask",
  py: "nn.TransformerDecoder(nn.TransformerDecoderLayer(8, 2, 16, batch_first=True), 3)",
  make: () => new nn.TransformerDecoder(new nn.TransformerDecoderLayer(8, 2, 16, { batchFirst: true }), 3),
  call: {
    py: `m(x0, x1, tgt_mask=${BOOL_CAUSAL_PY(4)}, memory_mask=torch.eye(4, 5, dtype=torch.bool), tgt_is_causal=True)`,
    ts: (m, xs) =>
      m.forward(xs[0], xs[1], {
        tgtMask: boolCausal(4),
        memoryMask: torch.eye(4, 5, { dtype: "bool" }),
        tgtIsCausal: true,
      }),
  },
  inputs: () => [randn(32, [2, 4, 8]), randn(33, [2, 5, 8])],
  train: false,
});

// ---------- Transformer ----------

add({
  id: "Transformer train without dropout, masks",
  py: "nn.Transformer(8, 2, 2, 2, 16, 0.0)",
  make: () => new nn.Transformer(8, 2, 2, 2, 16, 0),
  call: {
    py: `m(x0, x1, tgt_mask=${CAUSAL_PY(4)}, src_key_padding_mask=${KPM_PY}, memory_key_padding_mask=${KPM_PY})`,
    ts: (m, xs) =>
      m.forward(xs[0], xs[1], { tgtMask: causal(4), srcKeyPaddingMask: kpm(), memoryKeyPaddingMask: kpm() }),
  },
  inputs: () => [randn(40, [6, 2, 8]), randn(41, [4, 2, 8])],
  initSeed: 40,
});
add({
  id: "Transformer eval batch_first norm_first gelu, every mask",
  py: "nn.Transformer(8, 4, 1, 2, 12, activation='gelu', batch_first=True, norm_first=True)",
  make: () =>
    new nn.Transformer({
      dModel: 8,
      nhead: 4,
      numEncoderLayers: 1,
      numDecoderLayers: 2,
      dimFeedforward: 12,
      activation: "gelu",
      batchFirst: true,
      normFirst: true,
    }),
  call: {
    py: `m(x0, x1, ${CAUSAL_PY(6)}, ${
      CAUSAL_PY(3)
    }, x2, ${KPM_PY}, torch.tensor([[False, False, True], [False] * 3]), ${KPM_PY})`,
    ts: (m, xs) => m.forward(xs[0], xs[1], causal(6), causal(3), xs[2], kpm(), bools([[0, 0, 1], [0, 0, 0]]), kpm()),
  },
  inputs: () => [randn(42, [2, 6, 8]), randn(43, [2, 3, 8]), randn(44, [3, 6])],
  grad: [true, true, false],
  train: false,
  initSeed: 41,
});
add({
  id: "Transformer float64, no bias, layer_norm_eps",
  py: "nn.Transformer(6, 3, 1, 1, 10, 0.0, layer_norm_eps=1e-4, bias=False, dtype=torch.float64)",
  make: () => new nn.Transformer(6, 3, 1, 1, 10, 0, { layerNormEps: 1e-4, bias: false, dtype: "float64" }),
  inputs: () => [randn(45, [5, 2, 6], "float64"), randn(46, [3, 2, 6], "float64")],
  initSeed: 42,
});
add({
  id: "Transformer unbatched",
  py: "nn.Transformer(8, 2, 1, 1, 16, 0.0)",
  make: () => new nn.Transformer(8, 2, 1, 1, 16, 0),
  call: {
    py: `m(x0, x1, tgt_mask=${CAUSAL_PY(3)}, tgt_is_causal=True)`,
    ts: (m, xs) => m.forward(xs[0], xs[1], { tgtMask: causal(3), tgtIsCausal: true }),
  },
  inputs: () => [randn(47, [5, 8]), randn(48, [3, 8])],
});
add({
  id: "Transformer with a custom encoder and decoder",
  py:
    "nn.Transformer(8, 2, custom_encoder=nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0), 1), custom_decoder=nn.TransformerDecoder(nn.TransformerDecoderLayer(8, 2, 16, dropout=0.0), 1))",
  make: () =>
    new nn.Transformer(8, 2, {
      customEncoder: new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, 16, { dropout: 0 }), 1),
      customDecoder: new nn.TransformerDecoder(new nn.TransformerDecoderLayer(8, 2, 16, { dropout: 0 }), 1),
    }),
  inputs: () => [randn(49, [4, 2, 8]), randn(50, [3, 2, 8])],
  initSeed: 43,
});

// training with dropout: the masks come from the seeded generator in PyTorch's order, so they are PyTorch's
add({
  id: "TransformerDecoderLayer train with dropout",
  py: "nn.TransformerDecoderLayer(8, 2, 16, dropout=0.3)",
  make: () => new nn.TransformerDecoderLayer(8, 2, 16, { dropout: 0.3 }),
  call: { py: `m(x0, x1, ${CAUSAL_PY(3)})`, ts: (m, xs) => m.forward(xs[0], xs[1], causal(3)) },
  inputs: () => [randn(51, [3, 2, 8]), randn(52, [4, 2, 8])],
  seed: 5,
});
add({
  id: "Transformer train with dropout",
  py: "nn.Transformer(8, 2, 2, 1, 16, 0.25)",
  make: () => new nn.Transformer(8, 2, 2, 1, 16, 0.25),
  inputs: () => [randn(53, [4, 2, 8]), randn(54, [3, 2, 8])],
  seed: 6,
});

/** nn.PReLU for the activation case (a module with a parameter), as PyTorch's. */
class PReLU extends nn.Module {
  weight = new nn.Parameter(torch.full([1], 0.25));
  override forward(x: Tensor): Tensor {
    return x.where(x.gt(0), x.mul(this.weight));
  }
}

Deno.test("the Transformer stack matches PyTorch: outputs, gradients, initial weights, state dict keys", async () => {
  report("transformer", await runParity(cases));
});

// ---------- oracle cases: reprs, state dict keys, masks, the generator, errors, warnings ----------

const REPRS: [py: string, ours: () => nn.Module][] = [
  [
    "nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), 2, nn.LayerNorm(8))",
    () => new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, 16), 2, new nn.LayerNorm(8)),
  ],
  [
    "nn.TransformerDecoderLayer(8, 2, 16, 0.2, nn.GELU(), bias=False)",
    () => new nn.TransformerDecoderLayer(8, 2, 16, 0.2, new nn.GELU(), { bias: false }),
  ],
  [
    "nn.TransformerDecoder(nn.TransformerDecoderLayer(4, 1, 8, layer_norm_eps=1e-3), 3)",
    () => new nn.TransformerDecoder(new nn.TransformerDecoderLayer(4, 1, 8, { layerNormEps: 1e-3 }), 3),
  ],
  ["nn.Transformer(8, 2, 2, 1, 16)", () => new nn.Transformer(8, 2, 2, 1, 16)],
];
const KEYS: [py: string, ours: () => nn.Module][] = [
  ["nn.Transformer(8, 2, 2, 1, 16)", () => new nn.Transformer(8, 2, 2, 1, 16)],
  [
    "nn.TransformerDecoder(nn.TransformerDecoderLayer(4, 2, 8, activation=nn.PReLU(), bias=False), 2)",
    () =>
      new nn.TransformerDecoder(new nn.TransformerDecoderLayer(4, 2, 8, { activation: new PReLU(), bias: false }), 2),
  ],
];
const MASKS: [py: string, ours: () => unknown][] = [
  ["nn.Transformer.generate_square_subsequent_mask(4)", () => nn.Transformer.generateSquareSubsequentMask(4)],
  [
    "nn.Transformer.generate_square_subsequent_mask(3, dtype=torch.float64)",
    () => nn.Transformer.generateSquareSubsequentMask(3, { dtype: "float64" }),
  ],
  [
    "nn.Transformer.generate_square_subsequent_mask(3, None, torch.bool)",
    () => nn.Transformer.generateSquareSubsequentMask(3, null, "bool"),
  ],
  ["nn.Transformer.generate_square_subsequent_mask(0)", () => nn.Transformer.generateSquareSubsequentMask(0)],
];
// the generator after construction: deep copies draw nothing, nn.Transformer draws its xavier re-initialization
const RAND_PY = [
  "(torch.manual_seed(3), nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), 4), torch.rand(3))[2]",
  "(torch.manual_seed(4), nn.Transformer(8, 2, 2, 3, 16), torch.rand(3))[2]",
];
const RAND_TS = [
  () => {
    torch.manualSeed(3);
    new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, 16), 4);
    return torch.rand(3);
  },
  () => {
    torch.manualSeed(4);
    new nn.Transformer(8, 2, 2, 3, 16);
    return torch.rand(3);
  },
];
const z = (...shape: number[]) => torch.zeros(shape);
const ERR_PY = [
  "nn = torch.nn",
  "z = torch.zeros",
  "tr = nn.Transformer(4, 2, 1, 1, 8)",
  "enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 8), 1)",
].join("\n");
const tr = () => new nn.Transformer(4, 2, 1, 1, 8);
const enc = () => new nn.TransformerEncoder(new nn.TransformerEncoderLayer(4, 2, 8), 1);
const ERRORS: [py: string, ours: () => unknown][] = [
  ["tr(z(3, 2, 4), z(3, 3, 4))", () => tr().forward(z(3, 2, 4), z(3, 3, 4))],
  ["tr(z(3, 2, 4), z(3, 2, 5))", () => tr().forward(z(3, 2, 4), z(3, 2, 5))],
  ["tr(z(3, 2, 6), z(3, 2, 4))", () => tr().forward(z(3, 2, 6), z(3, 2, 4))],
  ["tr(z(3, 2, 4), z(2, 2, 4), tgt_is_causal=True)", () => tr().forward(z(3, 2, 4), z(2, 2, 4), { tgtIsCausal: true })],
  ["enc(z(3, 2, 4), is_causal=True)", () => enc().forward(z(3, 2, 4), { isCausal: true })],
  [
    "nn.TransformerDecoderLayer(4, 2, activation='tanh')",
    () => new nn.TransformerDecoderLayer(4, 2, { activation: "tanh" }),
  ],
  [
    "nn.TransformerEncoderLayer(4, 2, activation='swish')",
    () => new nn.TransformerEncoderLayer(4, 2, { activation: "swish" }),
  ],
  [
    "nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 8), 0)(z(3, 2, 4))",
    () => new nn.TransformerEncoder(new nn.TransformerEncoderLayer(4, 2, 8), 0).forward(z(3, 2, 4)),
  ],
  [
    "nn.TransformerDecoder(nn.TransformerDecoderLayer(4, 2, 8), 0)(z(3, 2, 4), z(2, 2, 4))",
    () => new nn.TransformerDecoder(new nn.TransformerDecoderLayer(4, 2, 8), 0).forward(z(3, 2, 4), z(2, 2, 4)),
  ],
  ["nn.TransformerEncoder(3, 2)", () => new nn.TransformerEncoder(3, 2)],
];
const WARN_PY = [
  "import warnings",
  "nn = torch.nn",
  "def record():",
  "    m = nn.TransformerEncoder(nn.TransformerEncoderLayer(4, 2, 8), 1, enable_nested_tensor=False)",
  "    with warnings.catch_warnings(record=True) as w:",
  "        warnings.simplefilter('always')",
  "        m(torch.zeros(3, 2, 4), torch.zeros(3, 3), torch.zeros(2, 3, dtype=torch.bool))",
  "    return '\\n'.join(f'{r.category.__name__}: {r.message}' for r in w)",
].join("\n");

const [reprs, keys, masks, rands, errors, [warnWant]] = await Promise.all([
  numpy(REPRS.map(([py]) => ({ torch: true, setup: "nn = torch.nn", expr: `str(${py})` }))),
  numpy(KEYS.map(([py]) => ({ torch: true, setup: "nn = torch.nn", expr: `'\\n'.join(${py}.state_dict())` }))),
  numpy(MASKS.map(([py]) => ({ torch: true, setup: "nn = torch.nn", expr: py }))),
  numpy(RAND_PY.map((expr) => ({ torch: true, setup: "nn = torch.nn", expr }))),
  numpy(ERRORS.map(([py]) => ({ torch: true, setup: ERR_PY, expr: py }))),
  numpy([{ torch: true, setup: WARN_PY, expr: "record()" }]),
]);

Deno.test("the modules print as PyTorch's (repeated layers folded)", () => {
  assert.deepEqual(caseFailures(REPRS.map(([py, m]) => [py, () => String(m())] as const), reprs), []);
});

Deno.test("state dict keys are PyTorch's, in PyTorch's order (layers.0.self_attn..., activation.weight)", () => {
  const ours = KEYS.map(([py, m]) => [py, () => Object.keys(m().stateDict()).join("\n")] as const);
  assert.deepEqual(caseFailures(ours, keys), []);
});

Deno.test("generateSquareSubsequentMask is PyTorch's (default dtype, float64, bool, empty)", () => {
  assert.deepEqual(caseFailures(MASKS, masks), []);
  const forms = [
    nn.Transformer.generateSquareSubsequentMask(3, { dtype: "float64" }),
    nn.Transformer.generateSquareSubsequentMask({ sz: 3, dtype: "float64" }),
    nn.Transformer.generateSquareSubsequentMask(3, "cpu", "float64"),
  ];
  for (const m of forms) assert.deepEqual([m.dtype, m.tolist()], ["float64", forms[0].tolist()]);
  assert.throws(() => nn.Transformer.generateSquareSubsequentMask(3, { size: 2 } as never), TypeError);
});

Deno.test("copies of the layer draw nothing from the generator; nn.Transformer draws PyTorch's numbers", () => {
  assert.deepEqual(caseFailures(RAND_TS.map((f, i) => [RAND_PY[i], f] as const), rands), []);
});

Deno.test("bad arguments raise PyTorch's errors (class and message)", () => {
  // nn.TransformerEncoder(3, 2): PyTorch's ModuleList names the object's class ("int"), dendrite the JS type
  assert.deepEqual(caseFailures(ERRORS, errors, { anyMessage: ["TypeError"] }), []);
  assert.throws(
    () => enc().forward(z(3, 2, 4), torch.zeros(3, 3, { dtype: "int64" })),
    (e: Error) => e instanceof torch.RuntimeError && e.message === "only bool and floating types of mask are supported",
  );
  assert.throws(
    () => enc().forward(z(3, 2, 4), { srcKeyPaddingMask: torch.zeros(2, 3, { dtype: "int32" }) }),
    (e: Error) => e.message === "only bool and floating types of src_key_padding_mask are supported",
  );
  assert.throws(() => new nn.Transformer({ dmodel: 4 } as never), TypeError);
  assert.throws(() => tr().forward(z(3, 2, 4), z(2, 2, 4), { srcMaskk: null } as never), TypeError);
  assert.throws(() => new nn.TransformerDecoderLayer(4, 2, { activation: 3 } as never), TypeError);
  assert.throws(() => new nn.TransformerEncoder(new nn.TransformerEncoderLayer(4, 2), 1, 3 as never), TypeError);
});

Deno.test("mismatched mask dtypes warn PyTorch's deprecation warning", () => {
  const warn = console.warn, got: string[] = [];
  console.warn = (...a: unknown[]) => got.push(a.join(" "));
  try {
    const m = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(4, 2, 8), 1, null, false);
    m.forward(z(3, 2, 4), z(3, 3), torch.zeros(2, 3, { dtype: "bool" }));
  } finally {
    console.warn = warn;
  }
  assert.ok("value" in warnWant && "str" in warnWant.value, JSON.stringify(warnWant));
  assert.deepEqual(got, warnWant.value.str.split("\n"));
});

// ---------- deep copies, masks passed on, call forms ----------

Deno.test("the layers are deep copies: equal weights at first, separate parameters, buffers and modes copied", () => {
  torch.manualSeed(0);
  const layer = new nn.TransformerEncoderLayer(8, 2, 16).eval();
  const e = new nn.TransformerEncoder(layer, 3);
  const ps = [...e.layers].map((l) => l.parameters());
  const orig = layer.parameters();
  for (const lp of ps) {
    lp.forEach((p, i) => {
      assert.ok(p instanceof nn.Parameter && p.requiresGrad && p !== orig[i]);
      assert.deepEqual(p.tolist(), orig[i].tolist());
    });
  }
  // each copy is in the layer's mode (eval), and training the stack reaches each copy
  assert.ok([...e.layers].map((l) => l.training).every((t) => !t));
  e.train();
  assert.ok(e.modules().every((m) => m.training) && !layer.training);
  // editing one copy leaves the others and the layer as they were
  torch.noGrad(() => ps[0][0].fill_(1));
  assert.notDeepEqual(ps[1][0].tolist(), ps[0][0].tolist());
  assert.deepEqual(ps[1][0].tolist(), orig[0].tolist());
  // a custom layer: fields, buffers (persistent or not), containers and shared modules are copied
  class Custom extends nn.Module {
    selfAttn = new nn.MultiheadAttention(4, 2, { batchFirst: true });
    bn = new nn.BatchNorm1d(4);
    blocks = new nn.ModuleList([new nn.Linear(4, 4)]);
    tied = this.blocks.at(0);
    scale = [2];
    seen: unknown[] = [];
    constructor() {
      super();
      this.registerBuffer("stepCount", torch.zeros(1), { persistent: false });
    }
    override forward(x: Tensor, opts: Record<string, unknown>): Tensor {
      this.seen.push(opts);
      return this.tied.forward(this.bn.forward(x.transpose(1, 2)).transpose(1, 2)).mul(this.scale[0]);
    }
  }
  const c = new Custom();
  const stack = new nn.TransformerEncoder(c, 2);
  const [c0, c1] = [...stack.layers] as Custom[];
  assert.ok(c0 instanceof Custom && c0 !== c && c0.bn !== c1.bn && c0.scale !== c.scale);
  assert.equal(c0.tied, c0.blocks.at(0));
  assert.notEqual(c0.getBuffer("bn.running_mean"), c.getBuffer("bn.running_mean"));
  assert.deepEqual(Object.keys(stack.stateDict()), Object.keys(new nn.TransformerEncoder(new Custom(), 2).stateDict()));
  assert.ok(!Object.keys(stack.stateDict()).some((k) => k.includes("step_count")));
  assert.deepEqual(c0.namedBuffers().map(([k]) => k), c.namedBuffers().map(([k]) => k));
  const x = torch.randn(2, 5, 4), mask = nn.Transformer.generateSquareSubsequentMask(5);
  assert.deepEqual(stack.forward(x, mask).shape, [2, 5, 4]);
  assert.equal(c.seen.length, 0);
  // the layers get the canonical masks and the detected is_causal hint as options
  const opts = c0.seen[0] as { srcMask: Tensor; isCausal: boolean; srcKeyPaddingMask: Tensor | null };
  assert.deepEqual([opts.isCausal, opts.srcKeyPaddingMask, opts.srcMask.tolist()], [true, null, mask.tolist()]);
  assert.notDeepEqual(c0.bn.runningMean!.tolist(), c1.bn.runningMean!.tolist());
});

Deno.test("the is_causal hint: detected from float and bool causal masks of the sequence length, else as given", () => {
  const dec = new nn.TransformerDecoder(new nn.TransformerDecoderLayer(4, 2, 8, { batchFirst: true }), 2).eval();
  const hints: unknown[] = [];
  for (const l of dec.layers) l.registerForwardPreHook((_m, args) => void hints.push(args[2].tgtIsCausal));
  const tgt = torch.randn(2, 3, 4), mem = torch.randn(2, 5, 4);
  const run = (o: Record<string, unknown>) => {
    hints.length = 0;
    dec.forward(tgt, mem, o);
    return hints[0];
  };
  assert.equal(run({ tgtMask: causal(3) }), true);
  assert.equal(run({ tgtMask: boolCausal(3) }), true);
  assert.equal(run({ tgtMask: causal(3).mul(2) }), true);
  assert.equal(run({ tgtMask: causal(3).tril() }), false);
  assert.equal(run({ tgtMask: causal(3), tgtIsCausal: false }), false);
  assert.equal(run({}), false);
  assert.equal(hints.length, 2);
});

Deno.test("every call form builds the same modules", () => {
  const built = (make: () => nn.Module) => {
    torch.manualSeed(11);
    return make().stateDict();
  };
  const same = (a: Record<string, Tensor>, b: Record<string, Tensor>) => {
    assert.deepEqual(Object.keys(a), Object.keys(b));
    for (const k of Object.keys(a)) assert.deepEqual(a[k].tolist(), b[k].tolist(), k);
  };
  const dl = built(() => new nn.TransformerDecoderLayer(8, 2, 16, 0.1, "gelu", 1e-5, true, true, false));
  same(dl, built(() => new nn.TransformerDecoderLayer(8, 2, { dimFeedforward: 16, activation: "gelu", bias: false })));
  same(
    dl,
    built(() =>
      new nn.TransformerDecoderLayer({
        dModel: 8,
        nhead: 2,
        dimFeedforward: 16,
        activation: "gelu",
        batchFirst: true,
        bias: false,
      })
    ),
  );
  const t = built(() => new nn.Transformer(8, 2, 1, 1, 16));
  same(
    t,
    built(() =>
      new nn.Transformer({ dModel: 8, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 16 })
    ),
  );
  same(t, built(() => new nn.Transformer(8, 2, 1, { numDecoderLayers: 1, dimFeedforward: 16 })));
  const e = new nn.TransformerEncoder({
    encoderLayer: new nn.TransformerEncoderLayer(4, 2, 8),
    numLayers: 2,
    maskCheck: false,
  });
  assert.deepEqual([e.numLayers, e.norm, e.enableNestedTensor, e.maskCheck, e.layers.length], [
    2,
    null,
    true,
    false,
    2,
  ]);
  const m = new nn.Transformer(8, 2, 1, 1, 16, { batchFirst: true });
  assert.deepEqual([m.dModel, m.nhead, m.batchFirst], [8, 2, true]);
  assert.ok(m.encoder instanceof nn.TransformerEncoder && m.decoder instanceof nn.TransformerDecoder);
  // forward's options object, positional and mixed forms agree
  m.eval();
  const src = torch.randn(2, 5, 8), tgt = torch.randn(2, 3, 8);
  const want = m.forward(src, tgt, null, causal(3)).tolist();
  assert.deepEqual(m.forward(src, tgt, { tgtMask: causal(3) }).tolist(), want);
  assert.deepEqual(m.forward({ src, tgt, tgtMask: causal(3), memoryIsCausal: false }).tolist(), want);
});
