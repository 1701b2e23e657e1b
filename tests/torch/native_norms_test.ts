/**
 * torch.native_batch_norm / native_layer_norm / native_group_norm /
 * native_dropout / batch_norm_update_stats against PyTorch's own ops in one
 * Python run: every output (statistics, masks, running statistics updated
 * in place) and the gradients of the input, weight and bias, float32 and
 * float64; the call forms and the error cases.
 */
import assert from "node:assert/strict";
import { torch } from "../../mod.ts";
import { type ParityCase, randn, report, runParity } from "../nn/harness.ts";

type T = torch.Tensor;
const cases: ParityCase[] = [];
const fn = (id: string, py: string, f: (...xs: T[]) => unknown, inputs: () => T[], extra: Partial<ParityCase> = {}) =>
  cases.push({ id, py, fn: f, inputs, ...extra });

for (const dt of ["float32", "float64"] as const) {
  const r = (seed: number, shape: number[]) => randn(seed, shape, dt);
  const stats = () => [r(3, [3]).mul(0.1), r(4, [3]).abs().add(0.5)];
  for (const training of [true, false]) {
    const t = training ? "True" : "False";
    fn(
      `native_batch_norm ${dt} training=${training}`,
      `lambda x, w, b, rm, rv: (*torch.native_batch_norm(x, w, b, rm, rv, ${t}, 0.2, 1e-4), rm, rv)`,
      (x, w, b, rm, rv) => [...torch.nativeBatchNorm(x, w, b, rm, rv, training, 0.2, 1e-4), rm, rv],
      () => [r(1, [4, 3, 5]), r(2, [3]), r(5, [3]), ...stats()],
      { grad: [true, true, true, false, false] },
    );
  }
  fn(
    `native_batch_norm ${dt} no affine, no running stats, 2-d`,
    "lambda x: torch.native_batch_norm(x, None, None, None, None, True, 0.1, 1e-5)",
    (x) => torch.nativeBatchNorm(x, null, null, null, null, true, 0.1, 1e-5),
    () => [r(6, [6, 3])],
  );
  fn(
    `native_layer_norm ${dt}`,
    "lambda x, w, b: torch.native_layer_norm(x, [3, 5], w, b, 1e-5)",
    (x, w, b) => torch.nativeLayerNorm(x, [3, 5], w, b, 1e-5),
    () => [r(7, [2, 4, 3, 5]), r(8, [3, 5]), r(9, [3, 5])],
  );
  fn(
    `native_layer_norm ${dt} no affine`,
    "lambda x: torch.native_layer_norm(x, [5], None, None, 0.1)",
    (x) => torch.nativeLayerNorm(x, [5], null, null, 0.1),
    () => [r(10, [4, 5])],
  );
  fn(
    `native_group_norm ${dt}`,
    "lambda x, w, b: torch.native_group_norm(x, w, b, 2, 6, 12, 3, 1e-5)",
    (x, w, b) => torch.nativeGroupNorm(x, w, b, 2, 6, 12, 3, 1e-5),
    () => [r(11, [2, 6, 3, 4]), r(12, [6]), r(13, [6])],
  );
  fn(
    `native_group_norm ${dt} no affine`,
    "lambda x: torch.native_group_norm(x, None, None, 3, 4, 5, 2, 1e-3)",
    (x) => torch.nativeGroupNorm(x, null, null, 3, 4, 5, 2, 1e-3),
    () => [r(14, [3, 4, 5])],
  );
  for (const [p, train] of [[0.3, true], [0.5, null], [0.5, false], [0, true], [1, true]] as const) {
    fn(
      `native_dropout ${dt} p=${p} train=${train}`,
      `lambda x: torch.native_dropout(x, ${p}, ${train === null ? "None" : train ? "True" : "False"})`,
      (x) => torch.nativeDropout(x, p, train),
      () => [r(15, [4, 50])],
      { seed: 7 },
    );
  }
  fn(
    `batch_norm_update_stats ${dt}`,
    "lambda x, rm, rv: (*torch.batch_norm_update_stats(x, rm, rv, 0.3), rm, rv)",
    (x, rm, rv) => [...torch.batchNormUpdateStats(x, rm, rv, 0.3), rm, rv],
    () => [r(16, [5, 3, 2]), ...stats()],
    { grad: [false, false, false] },
  );
}

Deno.test("torch's native norm ops match PyTorch: outputs, statistics and gradients", async () => {
  report("torch native norms", await runParity(cases));
});

Deno.test("torch's native norm ops: call forms", () => {
  const x = torch.randn(2, 4, 3), w = torch.randn(4), b = torch.randn(4);
  const [o1, m1, s1] = torch.nativeGroupNorm(x, w, b, 2, 4, 3, 2, 1e-5);
  const named = { N: 2, C: 4, HxW: 3, group: 2, eps: 1e-5 };
  const [o2, m2, s2] = torch.nativeGroupNorm(x, w, b, named);
  const [o3, m3, s3] = torch.nativeGroupNorm({ input: x, weight: w, bias: b, ...named });
  for (const [o, m, s] of [[o2, m2, s2], [o3, m3, s3]]) assert.ok(o.equal(o1) && m.equal(m1) && s.equal(s1));
  const [l1] = torch.nativeLayerNorm(x, [3], null, null, { eps: 1e-5 });
  assert.ok(l1.allclose(torch.nn.functional.layerNorm(x, [3])));
  assert.throws(() => torch.nativeLayerNorm(x, [3], null, null, { eps: 1e-5, bogus: 1 } as never), /bogus/);
  // eval: empty statistics; the output is F.batchNorm's with the running statistics
  const [out, mean, invstd] = torch.nativeBatchNorm(x, w, b, torch.zeros(4), torch.ones(4), false, 0.1, 1e-5);
  assert.deepEqual([mean.shape, invstd.shape], [[0], [0]]);
  assert.ok(out.equal(torch.nn.functional.batchNorm(x, torch.zeros(4), torch.ones(4), w, b, false, 0.1, 1e-5)));
});

Deno.test("torch's native norm ops: errors", () => {
  const x = torch.randn(2, 4, 3);
  assert.throws(() => torch.nativeGroupNorm(x, null, null, 2, 4, 4, 2, 1e-5), {
    name: "RuntimeError",
    message: /^Expected X.numel\(\) == N \* C \* HxW to be true, but got false/,
  });
  assert.throws(() => torch.nativeDropout(x, 1.5, true), {
    name: "RuntimeError",
    message: "bernoulli_ expects p to be in [0, 1], but got p=-0.5",
  });
  assert.throws(
    () => torch.nativeLayerNorm(x, [4], null, null, 1e-5),
    {
      name: "RuntimeError",
      message: "Given normalized_shape=[4], expected input with shape [*, 4], but got input of size[2, 4, 3]",
    },
  );
  // every argument is required, as in the schema (the types say so too)
  const untyped = torch.nativeBatchNorm as (...a: unknown[]) => unknown;
  assert.throws(() => untyped(x, null, null, null, null, true, 0.1), { name: "TypeError", message: /eps/ });
});
