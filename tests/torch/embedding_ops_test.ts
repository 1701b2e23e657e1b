/**
 * torch.embedding_bag (ATen's four outputs: output, offset2bag, bag_size,
 * max_indices) and torch.embedding_renorm_ against PyTorch's own ops in one
 * Python run: every mode, padding indices (none, positive, negative),
 * per-sample weights, include_last_offset, empty bags, a weight that does
 * or does not require grad (bag_size's length depends on it), float32 and
 * float64, with the gradients of the weight and the per-sample weights;
 * the call forms and the error cases.
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import { type ParityCase, randn, report, runParity } from "../nn/harness.ts";

type T = torch.Tensor;
const cases: ParityCase[] = [];
const fn = (id: string, py: string, f: (...xs: T[]) => unknown, inputs: () => T[], extra: Partial<ParityCase> = {}) =>
  cases.push({ id, py, fn: f, inputs, ...extra });

const IDX = [1, 2, 4, 5, 4, 3, 2, 0, 4, 4];
const pyArg = (v: number | boolean | null) => (v === null ? "None" : v === true ? "True" : v === false ? "False" : v);

for (const dt of ["float32", "float64"] as const) {
  const weight = () => randn(1, [6, 3], dt);
  for (const mode of [0, 1, 2]) {
    for (const pad of [null, 4, -1]) {
      for (const ilo of [false, true]) {
        // (with include_last_offset the last offset is the input's length: the float32 fast path's reading)
        const offsets = ilo ? [0, 3, 3, 6, 10] : [0, 3, 3, 6, 8];
        fn(
          `embedding_bag ${dt} mode=${mode} padding_idx=${pad} include_last_offset=${ilo}`,
          `lambda w, i, o: torch.embedding_bag(w, i, o, False, ${mode}, False, None, ${pyArg(ilo)}, ${pyArg(pad)})`,
          (w, i, o) => torch.embeddingBag(w, i, o, false, mode, false, null, ilo, pad),
          () => [weight(), torch.tensor(IDX), torch.tensor(offsets)],
        );
      }
    }
    fn(
      `embedding_bag ${dt} mode=${mode} weight without grad`,
      `lambda w, i, o: torch.embedding_bag(w, i, o, False, ${mode}, False, None, True)`,
      (w, i, o) => torch.embeddingBag(w, i, o, false, mode, false, null, true),
      () => [weight(), torch.tensor(IDX), torch.tensor([0, 3, 3, 6, 10])],
      { grad: [false, false, false] },
    );
  }
  for (const pad of [null, 0]) {
    fn(
      `embedding_bag ${dt} per_sample_weights padding_idx=${pad}`,
      `lambda w, i, o, p: torch.embedding_bag(w, i, o, False, 0, False, p, False, ${pyArg(pad)})`,
      (w, i, o, p) => torch.embeddingBag(w, i, o, false, 0, false, p, false, pad),
      () => [weight(), torch.tensor(IDX), torch.tensor([0, 4, 4, 7]), randn(2, [10], dt)],
    );
  }
  fn(
    `embedding_bag ${dt} max with a NaN, scale_grad_by_freq ignored`,
    "lambda w, i, o: torch.embedding_bag(w, i, o, True, 2)",
    (w, i, o) => torch.embeddingBag(w, i, o, true, 2),
    // weight[5, 1] is NaN: the first entry of bag 1 in that column, never replaced
    () => [weight().where(torch.arange(18).reshape([6, 3]).ne(16), NaN), torch.tensor(IDX), torch.tensor([0, 3, 6])],
  );
  fn(
    `embedding_bag ${dt} int32 indices, the schema without padding_idx`,
    "lambda w, i, o: torch.embedding_bag(w, i, o, False, 1)",
    (w, i, o) => torch.embeddingBag(w, i, o, false, 1),
    () => [weight(), torch.tensor(IDX, { dtype: torch.int32 }), torch.tensor([0, 5], { dtype: torch.int32 })],
  );
  for (const mode of [1, 2]) {
    fn(
      `embedding_bag ${dt} mode=${mode} no indices`,
      `lambda w, i, o: torch.embedding_bag(w, i, o, False, ${mode})`,
      (w, i, o) => torch.embeddingBag(w, i, o, false, mode),
      () => [weight(), torch.tensor([], { dtype: torch.int64 }), torch.tensor([0, 0])],
    );
  }
  fn(
    `embedding_renorm_ ${dt}`,
    "lambda w, i: torch.embedding_renorm_(w, i, 1.0, 3.0)",
    (w, i) => torch.embeddingRenorm_(w, i, 1, 3),
    () => [randn(3, [5, 4], dt).mul(2), torch.tensor([[0, 2], [2, 4]])],
    { grad: [false, false] },
  );
}

Deno.test("torch.embedding_bag / embedding_renorm_ match PyTorch: outputs, bag tensors and gradients", async () => {
  report("torch embedding ops", await runParity(cases));
});

Deno.test("torch.embedding_bag: call forms", () => {
  const w = torch.randn(6, 3), i = torch.tensor(IDX), o = torch.tensor([0, 3, 6]);
  const ref = torch.embeddingBag(w, i, o, false, 1, false, null, false, 2);
  const forms = [
    torch.embeddingBag(w, i, o, { mode: 1, paddingIdx: 2 }),
    torch.embeddingBag({ weight: w, indices: i, offsets: o, mode: 1, paddingIdx: 2 }),
    torch.embeddingBag(w, i, o, false, 1, { paddingIdx: 2 }),
  ];
  for (const r of forms) r.forEach((t, k) => assert.ok(t.equal(ref[k])));
  // the output is F.embeddingBag's
  assert.ok(ref[0].equal(torch.nn.functional.embeddingBag(i, w, o, { mode: "mean", paddingIdx: 2 })));
  assert.throws(() => torch.embeddingBag(w, i, o, { mode: 1, bogus: 1 } as never), /bogus/);
  // no offsets: no bags, every index in bag -1 (PyTorch's forward; its backward and its max forward crash here)
  const none = torch.embeddingBag(w, i, torch.tensor([], { dtype: torch.int64 }), false, 1);
  assert.deepEqual(none.map((t) => t.shape), [[0, 3], [10], [0], [0]]);
  assert.deepEqual(none[1].tolist(), new Array(10).fill(-1));
});

Deno.test("torch.embedding_bag / embedding_renorm_: errors", () => {
  const w = torch.randn(6, 3), i = torch.tensor(IDX), o = torch.tensor([0, 3, 6]);
  const bag = (opts: Record<string, unknown>, idx = i, off = o) => torch.embeddingBag(w, idx, off, opts as never);
  assert.throws(() => bag({ mode: 3 }), { name: "RuntimeError", message: "`mode` must be sum, mean, or max." });
  assert.throws(() => bag({ mode: 1, perSampleWeights: torch.rand(10) }), {
    message: "embedding_bag: per_sample_weights only supported with mode='sum'",
  });
  assert.throws(() => bag({ perSampleWeights: torch.rand(9) }), {
    message: /^Expected per_sample_weights.value\(\).numel\(\) == indices.numel\(\) to be true, but got false/,
  });
  assert.throws(() => bag({}, i.add(1)), {
    name: "RuntimeError",
    message: "Index 3 of input takes value 6 which is not in the valid range [0, 6)",
  });
  assert.throws(() => bag({}, i.float()), {
    message: "Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; " +
      "but got torch.FloatTensor instead (while checking arguments for embedding_bag)",
  });
  assert.throws(() => bag({}, i, o.add(1)), { message: /^offsets\[0\] has to be 0, i.e., the first sequence/ });
  assert.throws(() => bag({ paddingIdx: 6 }), {
    message: "padding_idx must be within the number of embeddings, -6 through 5, but got 6",
  });
  assert.throws(() => bag({}, i.reshape([2, 5])), { name: "RuntimeError", message: /expected 1-D indices/ });
  const renorm = (weight: T, idx: T) => torch.embeddingRenorm_(weight, idx, 1, 2);
  assert.throws(() => renorm(torch.randn(4, 3), torch.tensor([0.5])), {
    message: "Expected tensor for argument #2 'indices' to have one of the following scalar types: Long, Int; but " +
      "got torch.FloatTensor instead (while checking arguments for embedding_renorm_)",
  });
  assert.throws(() => renorm(torch.randn(4), torch.tensor([0])), {
    message: "Expected 2-dimensional tensor, but got 1-dimensional tensor for argument #1 'self' (while checking " +
      "arguments for embedding_renorm_)",
  });
  assert.throws(() => renorm(torch.randn(4, 3, { requiresGrad: true }), torch.tensor([0])), {
    message: "a leaf Variable that requires grad is being used in an in-place operation.",
  });
  assert.throws(() => renorm(torch.randn(4, 3), torch.tensor([4])), {
    name: "RangeError",
    message: "select(): index 4 out of range for tensor of size [4, 3] at dimension 0",
  });
  const x = torch.randn(4, 3).mul(5);
  assert.equal(renorm(x, torch.tensor([1])), x); // in place: the weight itself
});
