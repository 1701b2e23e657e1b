/**
 * unfold / fold, pdist, local_response_norm, lp_pool, dropout1d / 2d / 3d and (feature) alpha dropout against
 * PyTorch 2.13 where tests/nn/losses_test.ts's parity cases do not reach:
 * PyTorch's errors, empty and unbatched inputs, integer and bool dtypes,
 * repeated rows, every call form, and the modules' reprs.
 */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";
import { caseFailures, numpy, vg, VG_SETUP as SETUP } from "../helpers/oracle.ts";

const F = nn.F;
const ar = (n: number, shape: number[]) => torch.arange(n, { dtype: "float32" }).reshape(shape);

const CASES: [py: string, ours: () => unknown][] = [
  ["F.unfold(torch.zeros(3, 5), 2)", () => F.unfold(torch.zeros(3, 5), 2)],
  ["F.unfold(torch.zeros(2, 0, 4, 4), 2)", () => F.unfold(torch.zeros(2, 0, 4, 4), 2)],
  ["F.unfold(torch.zeros(2, 3, 5, 6), 7)", () => F.unfold(torch.zeros(2, 3, 5, 6), 7)],
  ["F.unfold(torch.zeros(2, 3, 5, 6), 0)", () => F.unfold(torch.zeros(2, 3, 5, 6), 0)],
  ["F.unfold(torch.zeros(2, 3, 5, 6), 2, stride=0)", () => F.unfold(torch.zeros(2, 3, 5, 6), 2, { stride: 0 })],
  ["F.unfold(torch.zeros(2, 3, 5, 6), 2, padding=-1)", () => F.unfold(torch.zeros(2, 3, 5, 6), 2, { padding: -1 })],
  ["F.unfold(torch.zeros(2, 3, 5, 6), 2, dilation=0)", () => F.unfold(torch.zeros(2, 3, 5, 6), 2, { dilation: 0 })],
  ["F.unfold(torch.zeros(2, 3, 5, 6), [2, 2, 2])", () => F.unfold(torch.zeros(2, 3, 5, 6), [2, 2, 2])],
  [
    "F.unfold(torch.zeros(2, 3, 4, 4, dtype=torch.long), 2)",
    () => F.unfold(torch.zeros(2, 3, 4, 4, { dtype: "int64" }), 2),
  ],
  [
    "F.unfold(torch.arange(16).reshape(1, 1, 4, 4) % 3 == 0, 2)",
    () => F.unfold(torch.arange(16).reshape(1, 1, 4, 4).remainder(3).eq(0), 2),
  ],
  ["F.unfold(torch.zeros(0, 3, 4, 4), 2)", () => F.unfold(torch.zeros(0, 3, 4, 4), 2)],
  ["F.fold(torch.zeros(2, 12, 20), (6, 7), 2)", () => F.fold(torch.zeros(2, 12, 20), [6, 7], 2)],
  ["F.fold(torch.zeros(2, 13, 20), (5, 6), 2)", () => F.fold(torch.zeros(2, 13, 20), [5, 6], 2)],
  ["F.fold(torch.zeros(12), (5, 6), 2)", () => F.fold(torch.zeros(12), [5, 6], 2)],
  ["F.fold(torch.zeros(2, 12, 20, 1), (5, 6), 2)", () => F.fold(torch.zeros(2, 12, 20, 1), [5, 6], 2)],
  ["F.fold(torch.zeros(2, 12, 20), (1, 1), 2)", () => F.fold(torch.zeros(2, 12, 20), [1, 1], 2)],
  [
    "F.fold(torch.zeros(2, 12, 20, dtype=torch.long), (5, 6), 2)",
    () => F.fold(torch.zeros(2, 12, 20, { dtype: "int64" }), [5, 6], 2),
  ],
  // fold(unfold(x)) multiplies each pixel by the number of blocks covering it
  [
    "F.fold(F.unfold(torch.arange(12.).reshape(1, 1, 3, 4), 2), (3, 4), 2)",
    () => F.fold(F.unfold(ar(12, [1, 1, 3, 4]), 2), [3, 4], 2),
  ],
  ["F.fold(torch.ones(4, 4), 3, 2)", () => F.fold(torch.ones(4, 4), 3, 2)],
  ["F.pdist(torch.zeros(2, 3, 4))", () => F.pdist(torch.zeros(2, 3, 4))],
  ["F.pdist(torch.zeros(3))", () => F.pdist(torch.zeros(3))],
  ["F.pdist(torch.zeros(4, 3), -1)", () => F.pdist(torch.zeros(4, 3), -1)],
  ["F.pdist(torch.zeros(4, 3, dtype=torch.long))", () => F.pdist(torch.zeros(4, 3, { dtype: "int64" }))],
  ["F.pdist(torch.zeros(1, 3))", () => F.pdist(torch.zeros(1, 3))],
  ["F.pdist(torch.zeros(0, 3))", () => F.pdist(torch.zeros(0, 3))],
  [
    "F.pdist(torch.tensor([[1., 2.], [1., 2.], [4., 6.]]), 0.)",
    () => F.pdist(torch.tensor([[1, 2], [1, 2], [4, 6]], { dtype: "float32" }), 0),
  ],
  // a repeated row: distance 0, and PyTorch's gradient there is 0
  [
    "vg(lambda x: F.pdist(torch.cat([x, x[:1]])), [[0.5, -1.], [2., 0.25]])",
    () => vg((x) => F.pdist(torch.cat([x, x.narrow(0, 0, 1)])), [[0.5, -1], [2, 0.25]]),
  ],
  ["F.local_response_norm(torch.zeros(2, 3), 2)", () => F.localResponseNorm(torch.zeros(2, 3), 2)],
  ["F.local_response_norm(torch.zeros(2, 3, 4), 0)", () => F.localResponseNorm(torch.zeros(2, 3, 4), 0)],
  ["F.local_response_norm(torch.zeros(0, 3, 4), 2)", () => F.localResponseNorm(torch.zeros(0, 3, 4), 2)],
  [
    "F.local_response_norm(torch.arange(24).reshape(2, 3, 4), 2, alpha=0.5)",
    () => F.localResponseNorm(torch.arange(24).reshape(2, 3, 4), 2, 0.5),
  ],
  ["F.local_response_norm(torch.arange(24.).reshape(2, 3, 4), 7)", () => F.localResponseNorm(ar(24, [2, 3, 4]), 7)],
  ["F.lp_pool2d(torch.zeros(5, 6), 2, 2)", () => F.lpPool2d(torch.zeros(5, 6), 2, 2)],
  [
    "F.lp_pool2d((torch.arange(30.).reshape(5, 6) - 14.).unsqueeze(0), 1, (2, 3)).squeeze(0)",
    () => F.lpPool2d(ar(30, [5, 6]).sub(14).unsqueeze(0), 1, [2, 3]).squeeze(0),
  ],
  ["F.lp_pool1d(torch.arange(12.).reshape(2, 6), 2, 4, 3, True)", () => F.lpPool1d(ar(12, [2, 6]), 2, 4, 3, true)],
  [
    "F.lp_pool1d(torch.arange(12.).reshape(2, 6), 2, 4, ceil_mode=True)",
    () => F.lpPool1d(ar(12, [2, 6]), 2, 4, { ceilMode: true }),
  ],
  ["F.dropout3d(torch.ones(2, 2, 2), 0.5, training=False)", () => F.dropout3d(torch.ones(2, 2, 2), 0.5, false)],
  ["F.dropout3d(torch.ones(2, 2, 2, 2), 1.5)", () => F.dropout3d(torch.ones(2, 2, 2, 2), 1.5)],
  [
    "F.dropout3d(torch.ones(2, 2, 2, 2, dtype=torch.long), 0.5)",
    () => F.dropout3d(torch.ones(2, 2, 2, 2, { dtype: "int64" }), 0.5),
  ],
  ["F.dropout3d(torch.ones(2, 2, 2, 2), 1.)", () => F.dropout3d(torch.ones(2, 2, 2, 2), 1)],
  ["F.dropout3d(torch.ones(()), 0.5)", () => F.dropout3d(torch.ones([]), 0.5)],
  ["F.dropout3d(torch.ones(()), 0.5, False)", () => F.dropout3d(torch.ones([]), 0.5, false)],
  ["F.dropout2d(torch.ones(3), 0.5)", () => F.dropout2d(torch.ones(3), 0.5)],
  ["F.dropout2d(torch.ones(3), 1.)", () => F.dropout2d(torch.ones(3), 1)],
  ["F.dropout1d(torch.ones(2, 2, 2, 2), 0.5)", () => F.dropout1d(torch.ones(2, 2, 2, 2), 0.5)],
  ["F.dropout1d(torch.ones(2), 0.5, False)", () => F.dropout1d(torch.ones(2), 0.5, false)],
  ["F.dropout(torch.ones(2, 3, dtype=torch.long), 1.)", () => F.dropout(torch.ones(2, 3, { dtype: "int64" }), 1)],
  [
    "F.dropout2d(torch.ones(2, 3, 2, dtype=torch.long), 1.)",
    () => F.dropout2d(torch.ones(2, 3, 2, { dtype: "int64" }), 1),
  ],
  ["F.alpha_dropout(torch.arange(4.), 0.5)", () => F.alphaDropout(torch.arange(4, { dtype: "float32" }), 0.5)],
  [
    "F.alpha_dropout(torch.ones(2, 3, dtype=torch.long), 0.5, True)",
    () => F.alphaDropout(torch.ones(2, 3, { dtype: "int64" }), 0.5, true),
  ],
  [
    "F.alpha_dropout(torch.ones(2, 3, dtype=torch.long), 1., True)",
    () => F.alphaDropout(torch.ones(2, 3, { dtype: "int64" }), 1, true),
  ],
  ["F.alpha_dropout(torch.ones(3), 1.5, True)", () => F.alphaDropout(torch.ones(3), 1.5, true)],
  ["F.alpha_dropout(torch.ones(0, 3), 0.5, True)", () => F.alphaDropout(torch.ones(0, 3), 0.5, true)],
  ["F.feature_alpha_dropout(torch.ones(3), 0.5, True)", () => F.featureAlphaDropout(torch.ones(3), 0.5, true)],
  ["F.feature_alpha_dropout(torch.ones(3), 0.5)", () => F.featureAlphaDropout(torch.ones(3), 0.5)],
  [
    "str(nn.Fold((3, 3), 2)), str(nn.Unfold((2, 3), stride=2)), str(nn.LPPool2d(2, 3)), str(nn.LPPool1d(1.5, 2, 1)), str(nn.LocalResponseNorm(2)), str(nn.Dropout3d()), str(nn.AlphaDropout(0.2)), str(nn.FeatureAlphaDropout())",
    () =>
      [
        new nn.Fold([3, 3], 2),
        new nn.Unfold([2, 3], { stride: 2 }),
        new nn.LPPool2d(2, 3),
        new nn.LPPool1d(1.5, 2, 1),
        new nn.LocalResponseNorm(2),
        new nn.Dropout3d(),
        new nn.AlphaDropout(0.2),
        new nn.FeatureAlphaDropout(),
      ].map(String),
  ],
];
const results = await numpy(
  CASES.map(([py]) => ({ torch: true, setup: `${SETUP}\nimport torch.nn as nn`, expr: py })),
);

Deno.test("unfold / fold, pdist, local_response_norm, lp_pool, dropout3d: PyTorch's errors and edge cases", () => {
  assert.deepEqual(caseFailures(CASES, results), []);
});

Deno.test("the new functions take every call form; an unknown option is named", () => {
  const x = torch.randn(1, 2, 5, 5);
  const want = F.unfold(x, 3, 1, 1, 2);
  for (
    const y of [
      F.unfold(x, 3, { padding: 1, stride: 2 }),
      F.unfold(x, { kernelSize: 3, padding: 1, stride: 2 }),
      F.unfold(x, 3, 1, { padding: 1, stride: 2 }),
    ]
  ) assert.deepEqual(y.tolist(), want.tolist());
  assert.deepEqual(F.fold(want, { outputSize: 5, kernelSize: 3, padding: 1, stride: 2 }).shape, [1, 2, 5, 5]);
  assert.throws(() => F.unfold(x, 3, { pading: 1 } as never), /pading/);
  assert.throws(() => F.pdist(x.flatten(1), { q: 1 } as never), /q/);
  assert.deepEqual(F.pdist(x.flatten(1), { p: 1 }).tolist(), F.pdist(x.flatten(1), 1).tolist());
  assert.deepEqual(
    F.localResponseNorm(x, 2, { beta: 0.5 }).tolist(),
    F.localResponseNorm(x, { size: 2, beta: 0.5 }).tolist(),
  );
  assert.deepEqual(F.lpPool2d(x, 2, 2, { stride: 1 }).tolist(), F.lpPool2d(x, 2, 2, 1).tolist());
  assert.throws(() => new nn.LocalResponseNorm(2, { gamma: 1 } as never), /gamma/);
});
