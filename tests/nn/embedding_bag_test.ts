/**
 * F.embeddingBag and nn.EmbeddingBag against PyTorch 2.13: values and gradients (weight and per_sample_weights) for
 * modes sum / mean / max, offsets with empty and repeated bags, 2-d inputs, padding_idx (also negative),
 * per_sample_weights, include_last_offset, scale_grad_by_freq, max_norm, int32 indices, ties and NaN in max mode,
 * float32 and float64; the module's seeded weights, fromPretrained, forward's call forms, its repr and state dict;
 * PyTorch's errors and messages, and the argument-order warning.
 */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";
import { caseFailures, numpy, VG_SETUP } from "../helpers/oracle.ts";
import { type ParityCase, randint, randn, report, runParity } from "./harness.ts";

const F = nn.F;
type T = torch.Tensor;
const cases: ParityCase[] = [];
const fn = (id: string, py: string, f: (...xs: T[]) => unknown, inputs: () => T[], extra: Partial<ParityCase> = {}) =>
  cases.push({ id, py, fn: f, inputs, ...extra });
const i64 = (v: number[] | number[][]) => torch.tensor(v, { dtype: "int64" });
/** 11 indices into 6 rows in bags of 3, 0 (empty), 4, 4 (a repeated row in two bags). */
const IDX = () => i64([0, 2, 5, 1, 1, 3, 4, 2, 2, 5, 0]);
const OFF = () => i64([0, 3, 3, 7]);

for (const dt of ["float32", "float64"] as const) {
  const s = dt === "float64" ? 100 : 0;
  for (const mode of ["sum", "mean", "max"] as const) {
    const m = `mode='${mode}'`;
    fn(
      `F.embedding_bag ${mode} ${dt}`,
      `lambda i, w, o: F.embedding_bag(i, w, o, ${m})`,
      (i, w, o) => F.embeddingBag(i, w, o, { mode }),
      () => [IDX(), randn(1 + s, [6, 4], dt), OFF()],
    );
    fn(
      `F.embedding_bag ${mode} padding_idx ${dt}`,
      `lambda i, w, o: F.embedding_bag(i, w, o, ${m}, padding_idx=2)`,
      (i, w, o) => F.embeddingBag(i, w, o, { mode, paddingIdx: 2 }),
      () => [IDX(), randn(2 + s, [6, 4], dt), OFF()],
    );
    fn(
      `F.embedding_bag ${mode} 2-d negative padding_idx ${dt}`,
      `lambda i, w: F.embedding_bag(i, w, None, None, 2, False, '${mode}', False, None, False, -1)`,
      (i, w) => F.embeddingBag(i, w, null, null, 2, false, mode, false, null, false, -1),
      () => [i64([[0, 5, 5], [1, 2, 3], [5, 5, 5], [4, 4, 0]]), randn(3 + s, [6, 3], dt)],
    );
    fn(
      `F.embedding_bag ${mode} include_last_offset ${dt}`,
      `lambda i, w, o: F.embedding_bag(i, w, o, ${m}, include_last_offset=True)`,
      (i, w, o) => F.embeddingBag(i, w, o, { mode, includeLastOffset: true }),
      () => [IDX(), randn(4 + s, [6, 4], dt), i64([0, 3, 3, 7, 11])],
    );
    fn(
      `F.embedding_bag ${mode} max_norm ${dt}`,
      `lambda i, w, o: F.embedding_bag(i, w, o, max_norm=1.5, norm_type=1.0, ${m})`,
      (i, w, o) => F.embeddingBag(i, w, o, { maxNorm: 1.5, normType: 1, mode }),
      () => [IDX(), randn(5 + s, [6, 4], dt), OFF()],
    );
  }
  // scale_grad_by_freq: each row's gradient over its own count in the input, as F.embedding's (the reference here:
  // PyTorch's embedding rows, masked and summed into the bags); PyTorch's CPU embedding_bag backward divides by
  // counts[sorted_indices[k]] for the k-th distinct index instead, which agrees only where those counts coincide
  for (const mode of ["sum", "mean"] as const) {
    const bags = "torch.zeros(len(o), w.shape[1], dtype=w.dtype).index_add(0, bag, " +
      "F.embedding(i, w, scale_grad_by_freq=True) * keep.unsqueeze(1))";
    const ref = mode === "sum" ? bags : `${bags} / torch.zeros(len(o), dtype=w.dtype).index_add(0, bag, keep)` +
      ".clamp(min=1).unsqueeze(1)";
    fn(
      `F.embedding_bag ${mode} scale_grad_by_freq ${dt}`,
      `lambda i, w, o: (lambda bag, keep: ${ref})(torch.bucketize(torch.arange(len(i)), o, right=True) - 1, ` +
        "(i != 0).to(w.dtype))",
      (i, w, o) => F.embeddingBag(i, w, o, { scaleGradByFreq: true, mode, paddingIdx: 0 }),
      () => [IDX(), randn(6 + s, [6, 4], dt), OFF()],
    );
    fn(
      `F.embedding_bag ${mode} scale_grad_by_freq equal counts ${dt}`,
      `lambda i, w, o: F.embedding_bag(i, w, o, scale_grad_by_freq=True, mode='${mode}')`,
      (i, w, o) => F.embeddingBag(i, w, o, { scaleGradByFreq: true, mode }),
      () => [i64([3, 0, 4, 0, 3, 1, 4, 1]), randn(14 + s, [6, 4], dt), i64([0, 2, 5])],
    );
  }
  fn(
    `F.embedding_bag per_sample_weights ${dt}`,
    "lambda i, w, o, p: F.embedding_bag(i, w, o, mode='sum', per_sample_weights=p, padding_idx=1)",
    (i, w, o, p) => F.embeddingBag(i, w, o, { mode: "sum", perSampleWeights: p, paddingIdx: 1 }),
    () => [IDX(), randn(7 + s, [6, 4], dt), OFF(), randn(8 + s, [11], dt)],
  );
  fn(
    `F.embedding_bag 2-d per_sample_weights ${dt}`,
    "lambda i, w, p: F.embedding_bag(i, w, mode='sum', per_sample_weights=p)",
    (i, w, p) => F.embeddingBag(i, w, { mode: "sum", perSampleWeights: p }),
    () => [i64([[0, 5], [1, 1], [3, 2]]), randn(9 + s, [6, 2], dt), randn(10 + s, [3, 2], dt)],
  );
}
fn(
  "F.embedding_bag int32 indices and offsets",
  "lambda i, w, o: F.embedding_bag(i, w, o)",
  (i, w, o) => F.embeddingBag(i, w, o),
  () => [IDX().to("int32"), randn(11, [6, 4]), OFF().to("int32")],
);
fn(
  "F.embedding_bag max ties and NaN",
  "lambda i, w, o: F.embedding_bag(i, w, o, mode='max')",
  (i, w, o) => F.embeddingBag(i, w, o, { mode: "max" }),
  () => [
    i64([0, 1, 1, 0, 2, 3, 3, 2, 1]),
    torch.tensor([[1, 2, 0], [1, 3, 0], [NaN, 5, 1], [4, NaN, NaN]]),
    i64([0, 4, 6]),
  ],
);
fn(
  "F.embedding_bag offsets ending at the input's length, all bags empty",
  "lambda i, w, o: F.embedding_bag(i, w, o, mode='max')",
  (i, w, o) => F.embeddingBag(i, w, o, { mode: "max" }),
  () => [i64([]), randn(12, [3, 2]), i64([0, 0])],
);
// the last bag runs to the end of the input even before the last offset (PyTorch's offset2bag; float64 takes it)
fn(
  "F.embedding_bag include_last_offset before the end",
  "lambda i, w, o: F.embedding_bag(i, w, o, mode='mean', include_last_offset=True)",
  (i, w, o) => F.embeddingBag(i, w, o, { mode: "mean", includeLastOffset: true }),
  () => [IDX(), randn(13, [6, 3], "float64"), i64([0, 3, 5])],
);
cases.push(
  {
    id: "EmbeddingBag seeded",
    py: "nn.EmbeddingBag(7, 3, mode='sum', padding_idx=4)",
    make: () => new nn.EmbeddingBag(7, 3, { mode: "sum", paddingIdx: 4 }),
    inputs: () => [i64([0, 4, 6, 1, 4, 4, 2]), i64([0, 2, 5]), randn(20, [7])],
    initSeed: 9,
  },
  {
    id: "EmbeddingBag seeded float64 max",
    py: "nn.EmbeddingBag(6, 4, None, 2.0, False, 'max', include_last_offset=True)",
    make: () => new nn.EmbeddingBag(6, 4, null, 2, false, "max", { includeLastOffset: true }),
    inputs: () => [IDX(), i64([0, 3, 3, 7, 11])],
    initSeed: 10,
    double: true,
  },
  {
    id: "EmbeddingBag 2-d mean",
    py: "nn.EmbeddingBag(5, 2)",
    make: () => new nn.EmbeddingBag(5, 2),
    inputs: () => [randint(21, 0, 5, [3, 4])],
    initSeed: 11,
  },
  {
    id: "EmbeddingBag.from_pretrained",
    py: "nn.EmbeddingBag.from_pretrained(torch.zeros(6, 4), freeze=False, mode='max', padding_idx=2)",
    make: () => nn.EmbeddingBag.fromPretrained(randn(22, [6, 4]), { freeze: false, mode: "max", paddingIdx: 2 }),
    inputs: () => [IDX(), OFF()],
  },
);

Deno.test("F.embeddingBag and nn.EmbeddingBag match PyTorch: values and gradients, seeded weights", async () => {
  report("embedding_bag", await runParity(cases));
});

const W = "torch.arange(12.).reshape(4, 3)", Wd = `${W}.double()`;
const w = () => torch.arange(12, { dtype: "float32" }).reshape(4, 3);
const wd = () => w().to("float64");
const CASES: [py: string, ours: () => unknown][] = [
  [
    `F.embedding_bag(torch.tensor([0, 1, 2, 3]), ${W}, torch.tensor([1, 2]))`,
    () => F.embeddingBag(i64([0, 1, 2, 3]), w(), i64([1, 2])),
  ],
  [
    `F.embedding_bag(torch.tensor([0, 1, 2, 3]), ${W}, torch.tensor([0, 5]))`,
    () => F.embeddingBag(i64([0, 1, 2, 3]), w(), i64([0, 5])),
  ],
  [
    `F.embedding_bag(torch.tensor([0, 1, 2, 3]), ${W}, torch.tensor([0, 4]))`,
    () => F.embeddingBag(i64([0, 1, 2, 3]), w(), i64([0, 4])),
  ],
  [
    `F.embedding_bag(torch.tensor([0, 1, 2, 3]), ${W}, torch.tensor([0, 3, 1]), mode='max')`,
    () => F.embeddingBag(i64([0, 1, 2, 3]), w(), i64([0, 3, 1]), { mode: "max" }),
  ],
  [
    `F.embedding_bag(torch.tensor([0, 1, 2, 3]), ${Wd}, torch.tensor([0, 3, 1]), mode='sum')`,
    () => F.embeddingBag(i64([0, 1, 2, 3]), wd(), i64([0, 3, 1]), { mode: "sum" }),
  ],
  [
    `F.embedding_bag(torch.tensor([0, 1, 2, 3]), ${W}, torch.tensor([0]), include_last_offset=True)`,
    () => F.embeddingBag(i64([0, 1, 2, 3]), w(), i64([0]), { includeLastOffset: true }),
  ],
  [
    `F.embedding_bag(torch.tensor([0, 1, 2, 3]), ${W}, torch.tensor([], dtype=torch.long), include_last_offset=True)`,
    () => F.embeddingBag(i64([0, 1, 2, 3]), w(), i64([]), { includeLastOffset: true }),
  ],
  [
    `F.embedding_bag(torch.tensor([0, 1, 2, 3]), ${W}, torch.tensor([], dtype=torch.long), mode='sum')`,
    () => F.embeddingBag(i64([0, 1, 2, 3]), w(), i64([]), { mode: "sum" }),
  ],
  [
    `F.embedding_bag(torch.tensor([0, 1, 2, 4]), ${W}, torch.tensor([0, 2]), mode='max')`,
    () => F.embeddingBag(i64([0, 1, 2, 4]), w(), i64([0, 2]), { mode: "max" }),
  ],
  [
    `F.embedding_bag(torch.tensor([0, 1, 2, -1]), ${Wd}, torch.tensor([0, 2]), mode='mean')`,
    () => F.embeddingBag(i64([0, 1, 2, -1]), wd(), i64([0, 2]), { mode: "mean" }),
  ],
  [
    `F.embedding_bag(torch.tensor([0., 1, 2, 3]), ${W}, torch.tensor([0, 2]))`,
    () => F.embeddingBag(torch.tensor([0, 1, 2, 3], { dtype: "float32" }), w(), i64([0, 2])),
  ],
  [
    `F.embedding_bag(torch.tensor([0, 1, 2, 3]), ${W}, torch.tensor([0., 2]))`,
    () => F.embeddingBag(i64([0, 1, 2, 3]), w(), torch.tensor([0, 2], { dtype: "float32" })),
  ],
  [
    `F.embedding_bag(torch.tensor([0, 1, 2, 3], dtype=torch.uint8), ${W}, torch.tensor([0, 2]), mode='sum')`,
    () => F.embeddingBag(torch.tensor([0, 1, 2, 3], { dtype: "uint8" }), w(), i64([0, 2]), { mode: "sum" }),
  ],
  [
    `F.embedding_bag(torch.tensor([0, 1, 2, 3], dtype=torch.uint8), ${W}, torch.tensor([0, 2], dtype=torch.uint8))`,
    () => F.embeddingBag(torch.tensor([0, 1, 2, 3], { dtype: "uint8" }), w(), torch.tensor([0, 2], { dtype: "uint8" })),
  ],
  [
    `F.embedding_bag(torch.tensor([0, 1, 2, 3]), ${Wd}, torch.tensor([True, False]))`,
    () => F.embeddingBag(i64([0, 1, 2, 3]), wd(), torch.tensor([true, false])),
  ],
  [
    `F.embedding_bag(torch.tensor([0, 1, 2, 3], dtype=torch.int32), ${W}, torch.tensor([2, 3], dtype=torch.int32))`,
    () => F.embeddingBag(torch.tensor([0, 1, 2, 3], { dtype: "int32" }), w(), torch.tensor([2, 3], { dtype: "int32" })),
  ],
  [
    `F.embedding_bag(torch.tensor([0, 1, 2, 3]), ${W}.long(), torch.tensor([0, 2]))`,
    () => F.embeddingBag(i64([0, 1, 2, 3]), w().to("int64"), i64([0, 2])),
  ],
  [
    `F.embedding_bag(torch.tensor([0, 1, 2, 3]), ${W}, torch.tensor([0, 2]), mode='mode')`,
    () => F.embeddingBag(i64([0, 1, 2, 3]), w(), i64([0, 2]), { mode: "mode" }),
  ],
  [
    `F.embedding_bag(torch.tensor([0, 1, 2, 3]), ${W}, torch.tensor([0, 2]), mode='max', scale_grad_by_freq=True)`,
    () => F.embeddingBag(i64([0, 1, 2, 3]), w(), i64([0, 2]), { mode: "max", scaleGradByFreq: true }),
  ],
  [
    `F.embedding_bag(torch.tensor([0, 1, 2, 3]), ${W}, torch.tensor([0, 2]), mode='max', sparse=True)`,
    () => F.embeddingBag(i64([0, 1, 2, 3]), w(), i64([0, 2]), { mode: "max", sparse: true }),
  ],
  [
    `F.embedding_bag(torch.tensor([0, 1, 2, 3]), ${W}, torch.tensor([0, 2]), per_sample_weights=torch.ones(4))`,
    () => F.embeddingBag(i64([0, 1, 2, 3]), w(), i64([0, 2]), { perSampleWeights: torch.ones(4) }),
  ],
  [
    `F.embedding_bag(torch.tensor([0, 1, 2, 3]), ${W}, torch.tensor([0, 2]), mode='sum', per_sample_weights=torch.ones(3))`,
    () => F.embeddingBag(i64([0, 1, 2, 3]), w(), i64([0, 2]), { mode: "sum", perSampleWeights: torch.ones(3) }),
  ],
  [
    `F.embedding_bag(torch.tensor([0, 1, 2, 3]), ${W}, torch.tensor([0, 2]), mode='sum', per_sample_weights=torch.ones(4).double())`,
    () =>
      F.embeddingBag(i64([0, 1, 2, 3]), w(), i64([0, 2]), {
        mode: "sum",
        perSampleWeights: torch.ones(4, { dtype: "float64" }),
      }),
  ],
  [
    `F.embedding_bag(torch.tensor([[0, 1], [2, 3]]), ${W}, torch.tensor([0, 2]))`,
    () => F.embeddingBag(i64([[0, 1], [2, 3]]), w(), i64([0, 2])),
  ],
  [
    `F.embedding_bag(torch.tensor([[0, 1], [2, 3]]), ${W}, include_last_offset=True)`,
    () => F.embeddingBag(i64([[0, 1], [2, 3]]), w(), { includeLastOffset: true }),
  ],
  [`F.embedding_bag(torch.tensor([0, 1, 2, 3]), ${W})`, () => F.embeddingBag(i64([0, 1, 2, 3]), w())],
  [
    `F.embedding_bag(torch.tensor([0, 1, 2, 3]), ${W}, torch.tensor([[0, 2]]))`,
    () => F.embeddingBag(i64([0, 1, 2, 3]), w(), i64([[0, 2]])),
  ],
  [
    `F.embedding_bag(torch.tensor([[[0, 1], [2, 3]]]), ${W})`,
    () => F.embeddingBag(i64([[0, 1], [2, 3]]).unsqueeze(0), w()),
  ],
  [
    `F.embedding_bag(torch.tensor([0, 1, 2, 3]), ${W}[0], torch.tensor([0, 2]))`,
    () => F.embeddingBag(i64([0, 1, 2, 3]), w().select(0, 0), i64([0, 2])),
  ],
  [
    `F.embedding_bag(torch.tensor([1, 1, 2, 3]), ${W}, torch.tensor([0, 2]), padding_idx=4)`,
    () => F.embeddingBag(i64([1, 1, 2, 3]), w(), i64([0, 2]), { paddingIdx: 4 }),
  ],
  [
    `F.embedding_bag(torch.tensor([1, 1, 2, 3]), ${W}, torch.tensor([0, 2]), padding_idx=-5)`,
    () => F.embeddingBag(i64([1, 1, 2, 3]), w(), i64([0, 2]), { paddingIdx: -5 }),
  ],
  [
    `F.embedding_bag(torch.tensor([1, 1, 2, 3]), ${W}, torch.tensor([0, 2]), padding_idx=1, mode='max')`,
    () => F.embeddingBag(i64([1, 1, 2, 3]), w(), i64([0, 2]), { paddingIdx: 1, mode: "max" }),
  ],
  [
    `F.embedding_bag(torch.zeros(2, 0, dtype=torch.long), ${Wd})`,
    () => F.embeddingBag(torch.zeros([2, 0], { dtype: "int64" }), wd()),
  ],
  [
    `F.embedding_bag(torch.zeros(0, 2, dtype=torch.long), ${Wd})`,
    () => F.embeddingBag(torch.zeros([0, 2], { dtype: "int64" }), wd()),
  ],
  [
    `F.embedding_bag(torch.tensor([], dtype=torch.long), ${W}, torch.tensor([0, 0]), mode='mean')`,
    () => F.embeddingBag(i64([]), w(), i64([0, 0]), { mode: "mean" }),
  ],
  [
    "[str(nn.EmbeddingBag(10, 3)), str(nn.EmbeddingBag(10, 3, max_norm=1.0, norm_type=1.0, scale_grad_by_freq=True, " +
    "mode='sum', sparse=True, include_last_offset=True, padding_idx=2)), str(nn.EmbeddingBag(10, 3, padding_idx=-2)), " +
    "str(nn.EmbeddingBag(10, 3, norm_type=2.5, mode='max'))]",
    () =>
      [
        new nn.EmbeddingBag(10, 3),
        new nn.EmbeddingBag(10, 3, {
          maxNorm: 1,
          normType: 1,
          scaleGradByFreq: true,
          mode: "sum",
          sparse: true,
          includeLastOffset: true,
          paddingIdx: 2,
        }),
        new nn.EmbeddingBag(10, 3, { paddingIdx: -2 }),
        new nn.EmbeddingBag(10, 3, { normType: 2.5, mode: "max" }),
      ].map(String),
  ],
];

Deno.test("F.embeddingBag raises PyTorch's errors; edge cases", async () => {
  const results = await numpy(
    CASES.map(([py]) => ({ torch: true, setup: `${VG_SETUP}\nimport torch.nn as nn`, expr: py })),
  );
  assert.deepEqual(caseFailures(CASES, results), []);
});

Deno.test("F.embeddingBag: the old argument order warns and is swapped", () => {
  const warn = console.warn, got: string[] = [];
  console.warn = (...a: unknown[]) => got.push(a.join(" "));
  try {
    const y = F.embeddingBag(w(), i64([0, 1, 2, 3]), i64([0, 2]));
    assert.deepEqual(y.tolist(), F.embeddingBag(i64([0, 1, 2, 3]), w(), i64([0, 2])).tolist());
  } finally {
    console.warn = warn;
  }
  assert.deepEqual(got, [
    "UserWarning: Argument order of nn.functional.embedding_bag was changed. Usage `embedding_bag(weight, input, " +
    "...)` is deprecated, and should now be `embedding_bag(input, weight, ...)`.",
  ]);
});

Deno.test("nn.EmbeddingBag: call forms, fields, state dict, fromPretrained, errors", () => {
  const bag = new nn.EmbeddingBag(6, 4, { mode: "sum" });
  const want = bag.forward(IDX(), OFF(), torch.ones(11)).tolist();
  assert.deepEqual(bag.forward(IDX(), { offsets: OFF(), perSampleWeights: torch.ones(11) }).tolist(), want);
  assert.deepEqual(bag.forward({ input: IDX(), offsets: OFF(), perSampleWeights: torch.ones(11) }).tolist(), want);
  assert.deepEqual(bag.forward(IDX(), OFF()).tolist(), want);
  assert.throws(() => bag.forward(IDX(), { offset: OFF() } as never), /offset/);
  assert.deepEqual(Object.keys(bag.stateDict()), ["weight"]);
  assert.deepEqual(
    [bag.numEmbeddings, bag.embeddingDim, bag.mode, bag.maxNorm, bag.normType, bag.includeLastOffset, bag.paddingIdx],
    [6, 4, "sum", null, 2, false, null],
  );
  const ww = randn(30, [6, 4]), byName = F.embeddingBag(IDX(), ww, OFF(), { mode: "max" }).tolist();
  assert.deepEqual(F.embeddingBag(IDX(), ww, OFF(), null, 2, false, "max").tolist(), byName);
  assert.deepEqual(F.embeddingBag(IDX(), ww, { offsets: OFF(), mode: "max" }).tolist(), byName);
  assert.deepEqual(F.embeddingBag({ input: IDX(), weight: ww, offsets: OFF(), mode: "max" }).tolist(), byName);
  assert.throws(() => F.embeddingBag(IDX(), w(), OFF(), { modes: "max" } as never), /modes/);
  const pre = torch.arange(8, { dtype: "float32" }).reshape(4, 2);
  const frozen = nn.EmbeddingBag.fromPretrained(pre, { paddingIdx: 1 });
  assert.deepEqual([frozen.weight.requiresGrad, frozen.paddingIdx, frozen.weight.tolist()], [false, 1, pre.tolist()]);
  assert.equal(nn.EmbeddingBag.fromPretrained(pre, { freeze: false }).weight.requiresGrad, true);
  assert.throws(() => nn.EmbeddingBag.fromPretrained(torch.zeros(3)), /Embeddings parameter is expected to be 2-dim/);
  // PyTorch's AssertionErrors
  assert.throws(() => new nn.EmbeddingBag(10, 3, { paddingIdx: 10 }), /padding_idx must be within num_embeddings/);
  assert.throws(() => new nn.EmbeddingBag(10, 3, { paddingIdx: -11 }), /padding_idx must be within num_embeddings/);
  assert.throws(
    () => new nn.EmbeddingBag(4, 3, { _weight: torch.zeros(3, 3) }),
    /Shape of weight does not match num_embeddings and embedding_dim/,
  );
  assert.throws(() => new nn.EmbeddingBag(4, 3, { modes: "max" } as never), /modes/);
});
