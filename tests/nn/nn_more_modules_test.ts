/**
 * nn.CrossMapLRN2d, nn.SyncBatchNorm (one process, convertSyncBatchnorm), nn.DataParallel (no accelerators),
 * F.linearCrossEntropy and nn.LinearCrossEntropyLoss against PyTorch: outputs, input and parameter gradients,
 * running statistics, initial weights for a seed, float32 and float64; reprs, state-dict keys and errors.
 */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";
import { type ParityCase, randint, randn, report, runParity } from "./harness.ts";

const F = nn.F;
const cases: ParityCase[] = [];
const add = (c: ParityCase) => cases.push(c);

for (const dtype of ["float32", "float64"] as const) {
  const r = (seed: number, shape: number[]) => randn(seed, shape, dtype);
  const double = dtype === "float64";
  // sizes around the legacy window's quirks, and fewer channels than the window
  for (const [size, c] of [[2, 6], [3, 6], [4, 7], [5, 6], [5, 2]]) {
    add({
      id: `CrossMapLRN2d size ${size} C ${c} ${dtype}`,
      py: `nn.CrossMapLRN2d(${size}, 1e-2, 0.7, 2)`,
      make: () => new nn.CrossMapLRN2d(size, 1e-2, 0.7, 2),
      inputs: () => [r(size * 10 + c, [2, c, 3, 4]).mul(3)],
      double,
    });
  }
  for (const train of [true, false]) {
    add({
      id: `SyncBatchNorm 3-d ${train ? "train" : "eval"} ${dtype}`,
      py: "nn.SyncBatchNorm(3)",
      make: () => new nn.SyncBatchNorm(3),
      inputs: () => [r(1, [4, 3, 5])],
      train,
      double,
    });
  }
  add({
    id: `SyncBatchNorm 2-d momentum None no affine ${dtype}`,
    py: "nn.SyncBatchNorm(4, momentum=None, affine=False)",
    make: () => new nn.SyncBatchNorm(4, { momentum: null, affine: false }),
    inputs: () => [r(2, [6, 4])],
    double,
  });
  add({
    id: `SyncBatchNorm 5-d no tracking eval ${dtype}`,
    py: "nn.SyncBatchNorm(2, track_running_stats=False, bias=False)",
    make: () => new nn.SyncBatchNorm(2, { trackRunningStats: false, bias: false }),
    inputs: () => [r(3, [2, 2, 3, 2, 2])],
    train: false,
    double,
  });
  add({
    id: `F.linear_cross_entropy indices, bias, weight, ignore_index, smoothing ${dtype}`,
    py:
      "lambda x0, x1, x2, x3, x4: F.linear_cross_entropy(x0, x1, x2, linear_bias=x3, weight=x4, ignore_index=2, label_smoothing=0.1)",
    fn: (x, w, t, b, cw) =>
      F.linearCrossEntropy(x, w, t, { linearBias: b, weight: cw, ignoreIndex: 2, labelSmoothing: 0.1 }),
    inputs: () => [r(4, [6, 5]), r(5, [4, 5]), torch.tensor([0, 2, 3, 1, 2, 0]), r(6, [4]), r(7, [4]).abs()],
    grad: [true, true, false, true, false],
  });
  for (const red of ["none", "sum"] as const) {
    add({
      id: `F.linear_cross_entropy K-dimensional ${red} ${dtype}`,
      py: `lambda x0, x1, x2, x3: F.linear_cross_entropy(x0, x1, x2, linear_bias=x3, reduction='${red}')`,
      fn: (x, w, t, b) => F.linearCrossEntropy(x, w, t, { linearBias: b, reduction: red }),
      inputs: () => [r(8, [3, 4]), r(9, [5, 2, 3, 4]), randint(10, 0, 5, [3, 2, 3]), r(11, [5, 2, 3])],
      grad: [true, true, false, true],
    });
  }
  add({
    id: `F.linear_cross_entropy probabilities, unbatched ${dtype}`,
    py: "lambda x0, x1, x2, x3, x4: (F.linear_cross_entropy(x0, x1, x2), F.linear_cross_entropy(x3, x1, x4))",
    fn: (x, w, p, u, t) => [F.linearCrossEntropy(x, w, p), F.linearCrossEntropy(u, w, t)],
    inputs: () => [r(12, [4, 3]), r(13, [5, 3]), r(14, [4, 5]).softmax(1), r(15, [3]), torch.tensor(3)],
    grad: [true, true, false, true, false],
  });
}
add({
  id: "DataParallel(Linear) initial weights",
  py: "nn.DataParallel(nn.Linear(4, 3))",
  make: () => new nn.DataParallel(new nn.Linear(4, 3)),
  inputs: () => [randn(20, [5, 4])],
  initSeed: 7,
});
add({
  id: "SyncBatchNorm.convert_sync_batchnorm",
  py: "nn.SyncBatchNorm.convert_sync_batchnorm(nn.Sequential(nn.Conv2d(2, 3, 1), nn.BatchNorm2d(3)))",
  make: () => nn.SyncBatchNorm.convertSyncBatchnorm(new nn.Sequential(new nn.Conv2d(2, 3, 1), new nn.BatchNorm2d(3))),
  inputs: () => [randn(21, [2, 2, 3, 3])],
  initSeed: 8,
});
add({
  id: "LinearCrossEntropyLoss bias, initial weights",
  py: "nn.LinearCrossEntropyLoss(4, 3, bias=True)",
  make: () => new nn.LinearCrossEntropyLoss(4, 3, { bias: true }),
  inputs: () => [randn(22, [6, 4]), randint(23, 0, 3, [6])],
  initSeed: 9,
});
add({
  id: "LinearCrossEntropyLoss K-dimensional, weight, ignore_index, smoothing, sum",
  py:
    "nn.LinearCrossEntropyLoss(4, 3, out_features=(2,), weight=torch.tensor([1.0, 0.5, 2.0]), ignore_index=0, label_smoothing=0.2, reduction='sum')",
  make: () =>
    new nn.LinearCrossEntropyLoss(4, 3, {
      outFeatures: [2],
      weight: torch.tensor([1, 0.5, 2]),
      ignoreIndex: 0,
      labelSmoothing: 0.2,
      reduction: "sum",
    }),
  inputs: () => [randn(24, [5, 4]), randint(25, 0, 3, [5, 2])],
  initSeed: 10,
});

Deno.test("CrossMapLRN2d, SyncBatchNorm, DataParallel and linear cross entropy match PyTorch", async () => {
  report("nn more modules", await runParity(cases));
});

Deno.test("reprs and state dicts as PyTorch's", () => {
  assert.equal(String(new nn.CrossMapLRN2d(3)), "CrossMapLRN2d(3, alpha=0.0001, beta=0.75, k=1)");
  assert.equal(
    String(new nn.CrossMapLRN2d(5, { alpha: 1e-3, k: 2.5 })),
    "CrossMapLRN2d(5, alpha=0.001, beta=0.75, k=2.5)",
  );
  assert.equal(
    String(new nn.SyncBatchNorm(3, { momentum: null })),
    "SyncBatchNorm(3, eps=1e-05, momentum=None, affine=True, bias=True, track_running_stats=True)",
  );
  const dp = new nn.DataParallel(new nn.Linear(2, 3));
  assert.equal(String(dp), "DataParallel(\n  (module): Linear(in_features=2, out_features=3, bias=True)\n)");
  assert.deepEqual(Object.keys(dp.stateDict()), ["module.weight", "module.bias"]);
  assert.deepEqual(dp.deviceIds, []);
  assert.ok(dp.module instanceof nn.Linear);
  // forward passes every argument through, and hooks of the inner module run
  let calls = 0;
  dp.module.registerForwardHook(() => void calls++);
  dp.forward(torch.randn(1, 2));
  assert.equal(calls, 1);
  const l = new nn.LinearCrossEntropyLoss(4, 3, { outFeatures: [2], bias: true });
  assert.equal(
    String(l),
    "LinearCrossEntropyLoss(\n  in_features=4, num_classes=3, out_features=(2,), bias=True, reduction=mean, ignore_index=None, label_smoothing=0.0, options=None\n  (linear): Linear(in_features=4, out_features=6, bias=True)\n)",
  );
  assert.deepEqual(Object.entries(l.stateDict()).map(([k, v]) => [k, v.shape]), [
    ["linear.weight", [6, 4]],
    ["linear.bias", [6]],
  ]);
  // convertSyncBatchnorm shares parameters and buffers, keeps the mode, leaves instance norms alone
  const bn = new nn.BatchNorm1d(3);
  const net = new nn.Sequential(bn, new nn.InstanceNorm1d(3)).eval();
  const conv = nn.SyncBatchNorm.convertSyncBatchnorm(net);
  const [s, inorm] = conv.children() as [nn.SyncBatchNorm, nn.Module];
  assert.ok(s instanceof nn.SyncBatchNorm && !s.training && s.weight === bn.weight && s.runningMean === bn.runningMean);
  assert.ok(inorm instanceof nn.InstanceNorm1d && !(inorm instanceof nn.SyncBatchNorm));
  // a field holding a BatchNorm is replaced in place
  class Net extends nn.Module {
    normOut = new nn.BatchNorm2d(2);
  }
  const n2 = nn.SyncBatchNorm.convertSyncBatchnorm(new Net());
  assert.ok(n2.normOut instanceof nn.SyncBatchNorm);
  assert.deepEqual(Object.keys(n2.stateDict()), [
    "norm_out.weight",
    "norm_out.bias",
    "norm_out.running_mean",
    "norm_out.running_var",
    "norm_out.num_batches_tracked",
  ]);
});

Deno.test("PyTorch's errors", () => {
  const x = torch.randn(2, 4), w = torch.randn(3, 4), t = torch.tensor([0, 1]);
  const cases: [() => unknown, string][] = [
    [() => F.linearCrossEntropy(torch.randn(2, 3, 4), w, t), "expected input with dimensionality 1 or 2, got 3"],
    [
      () => F.linearCrossEntropy(torch.randn(4), torch.randn(3, 2, 4), torch.tensor([0])),
      "K-dimensional loss defined by linear_weight shape (3, 2, 4) requires batched input, (N, 4), got unbatched input with shape (4,)",
    ],
    [
      () => F.linearCrossEntropy(x, torch.randn(3, 5), t),
      "expected equal input and linear_weight last dimensions (in_features), got 4 and 5, respectively",
    ],
    [() => F.linearCrossEntropy(x, w, t, { linearBias: torch.randn(2) }), "expected linear_bias shape (3,), got (2,)"],
    [
      () => F.linearCrossEntropy(x, w, torch.randn(2, 3), { ignoreIndex: 1 }),
      "ignore_index cannot be specified when target contains probabilities",
    ],
    [() => F.linearCrossEntropy(x, torch.randn(4), t), "expected linear_weight with dimensionality at least 2, got 1"],
    [
      () => new nn.LinearCrossEntropyLoss(4, 3, { weight: torch.ones(2) }),
      "expected weight shape to be (3,), got (2,)",
    ],
    [
      () => new nn.LinearCrossEntropyLoss(4, 3, { labelSmoothing: 1.5 }),
      "expected label_smoothing to be in range [0, 1], got 1.5",
    ],
  ];
  for (const [f, message] of cases) assert.throws(f, { name: "RuntimeError", message });
  // PyTorch's ValueErrors
  assert.throws(() => new nn.CrossMapLRN2d(3).forward(torch.randn(2, 3, 4)), {
    name: "RangeError",
    message: "CrossMapLRN2d: Expected input to be 4D, got 3D instead.",
  });
  assert.throws(() => new nn.SyncBatchNorm(3).forward(torch.randn(3)), {
    name: "RangeError",
    message: "expected at least 2D input (got 1D input)",
  });
  assert.throws(() => new nn.SyncBatchNorm(0).forward(torch.randn(2, 0, 3)), {
    name: "RangeError",
    message: "SyncBatchNorm number of input channels should be non-zero",
  });
  assert.throws(() => new nn.SyncBatchNorm(3, { bogus: 1 } as never), /bogus/);
  assert.throws(() => new nn.DataParallel(new nn.Linear(1, 1), { bogus: 1 } as never), /bogus/);
  assert.throws(() => F.linearCrossEntropy(x, w, t, { bogus: 1 } as never), /bogus/);
});
