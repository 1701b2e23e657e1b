/**
 * F.conv3d / conv_transpose1d / conv_transpose3d and the modules Conv3d,
 * ConvTranspose1d, ConvTranspose3d, BatchNorm3d, InstanceNorm3d against
 * PyTorch 2.13: values and gradients (input, weight, bias; one double
 * backward) over a matrix of options in float32 and float64, the modules'
 * initial weights for a seed, forward's outputSize, reprs, state dict
 * keys, PyTorch's errors and messages, and every call form.
 */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";
import { caseFailures, numpy } from "../helpers/oracle.ts";
import { type ParityCase, randn, report, runParity } from "./harness.ts";

type T = torch.Tensor;
type D = "float32" | "float64";
const F = nn.F;
const F64 = { rtol: 1e-11, atol: 1e-12 };

/** Python keyword arguments and our options object for the same call. */
type Opts = [py: string, ts: Record<string, unknown>];
const pyArgs = (o: Opts) => (o[0] ? `, ${o[0]}` : "");

// ---------- functions: values and gradients of input, weight, bias ----------

const fnCases: ParityCase[] = [];
let seed = 1;
/** One F case per dtype: inputs x (and w, b) all requiring grad. */
function fnCase(
  id: string,
  pyName: string,
  f: (x: T, w: T, b?: T) => T,
  o: Opts,
  xs: number[],
  ws: number[],
  bias: number | null,
): void {
  for (const dt of ["float32", "float64"] as D[]) {
    const s = (seed += 3);
    const pyb = bias === null ? "None" : "x2";
    fnCases.push({
      id: `${id} ${dt}`,
      py: `lambda x0, x1${bias === null ? "" : ", x2"}: F.${pyName}(x0, x1, ${pyb}${pyArgs(o)})`,
      fn: (x, w, b) => f(x, w, b),
      inputs: () => [randn(s, xs, dt), randn(s + 1, ws, dt), ...(bias === null ? [] : [randn(s + 2, [bias], dt)])],
      tol: dt === "float64" ? F64 : undefined,
    });
  }
}
const conv3dCase = (id: string, o: Opts, xs: number[], ws: number[], bias: number | null) =>
  fnCase(`conv3d ${id}`, "conv3d", (x, w, b) => F.conv3d(x, w, b ?? null, o[1]), o, xs, ws, bias);
const tconv3dCase = (id: string, o: Opts, xs: number[], ws: number[], bias: number | null) =>
  fnCase(`convT3d ${id}`, "conv_transpose3d", (x, w, b) => F.convTranspose3d(x, w, b ?? null, o[1]), o, xs, ws, bias);
const tconv1dCase = (id: string, o: Opts, xs: number[], ws: number[], bias: number | null) =>
  fnCase(`convT1d ${id}`, "conv_transpose1d", (x, w, b) => F.convTranspose1d(x, w, b ?? null, o[1]), o, xs, ws, bias);
const tconv2dCase = (id: string, o: Opts, xs: number[], ws: number[], bias: number | null) =>
  fnCase(`convT2d ${id}`, "conv_transpose2d", (x, w, b) => F.convTranspose2d(x, w, b ?? null, o[1]), o, xs, ws, bias);

conv3dCase("plain", ["", {}], [2, 3, 5, 6, 7], [4, 3, 3, 3, 3], 4);
conv3dCase(
  "stride padding dilation groups",
  ["stride=(2, 1, 3), padding=(1, 0, 2), dilation=(1, 2, 1), groups=2", {
    stride: [2, 1, 3],
    padding: [1, 0, 2],
    dilation: [1, 2, 1],
    groups: 2,
  }],
  [2, 4, 6, 7, 8],
  [6, 2, 3, 2, 3],
  6,
);
conv3dCase("stride 2 padding 1 no bias", ["stride=2, padding=1", { stride: 2, padding: 1 }], [1, 2, 5, 5, 6], [
  3,
  2,
  3,
  3,
  2,
], null);
conv3dCase(
  "same even kernel dilation",
  ["padding='same', dilation=(1, 2, 3)", { padding: "same", dilation: [1, 2, 3] }],
  [2, 2, 5, 6, 7],
  [3, 2, 2, 3, 4],
  3,
);
conv3dCase("same odd kernel groups", ["padding='same', groups=3", { padding: "same", groups: 3 }], [1, 3, 4, 5, 4], [
  6,
  1,
  3,
  3,
  3,
], 6);
conv3dCase("valid", ["padding='valid', dilation=2", { padding: "valid", dilation: 2 }], [1, 2, 6, 5, 7], [
  2,
  2,
  2,
  2,
  3,
], 2);
conv3dCase("depthwise", ["padding=1, groups=4", { padding: 1, groups: 4 }], [2, 4, 3, 4, 5], [4, 1, 3, 3, 3], 4);
conv3dCase("kd 1 list of one", ["stride=[2], padding=[1]", { stride: [2], padding: [1] }], [1, 3, 4, 5, 6], [
  2,
  3,
  1,
  3,
  3,
], 2);
conv3dCase(
  "kd 1 stride 1 groups (no gather)",
  ["padding=(0, 1, 1), groups=2", { padding: [0, 1, 1], groups: 2 }],
  [
    2,
    4,
    3,
    4,
    5,
  ],
  [4, 2, 1, 3, 3],
  4,
);
conv3dCase("unbatched", ["padding=(2, 1, 0)", { padding: [2, 1, 0] }], [3, 4, 5, 6], [2, 3, 3, 2, 2], 2);
conv3dCase("kernel the input's size", ["", {}], [2, 2, 3, 4, 2], [3, 2, 3, 4, 2], 3);

tconv3dCase("plain", ["", {}], [2, 3, 3, 4, 5], [3, 4, 3, 3, 3], 4);
tconv3dCase(
  "stride padding output_padding",
  ["stride=2, padding=1, output_padding=1", { stride: 2, padding: 1, outputPadding: 1 }],
  [2, 3, 3, 4, 3],
  [3, 2, 3, 3, 3],
  2,
);
tconv3dCase(
  "mixed groups dilation",
  ["stride=(2, 1, 3), padding=(0, 1, 2), output_padding=(1, 1, 2), groups=2, dilation=(1, 2, 1)", {
    stride: [2, 1, 3],
    padding: [0, 1, 2],
    outputPadding: [1, 1, 2],
    groups: 2,
    dilation: [1, 2, 1],
  }],
  [2, 4, 3, 4, 3],
  [4, 3, 2, 3, 3],
  6,
);
tconv3dCase(
  "padding beyond the taps",
  ["stride=(3, 2, 1), padding=(2, 2, 1), dilation=(2, 1, 1)", {
    stride: [3, 2, 1],
    padding: [2, 2, 1],
    dilation: [2, 1, 1],
  }],
  [1, 2, 4, 3, 4],
  [2, 3, 3, 3, 2],
  null,
);
tconv3dCase("depthwise unbatched", ["groups=3, stride=2", { groups: 3, stride: 2 }], [3, 2, 3, 2], [3, 1, 2, 3, 2], 3);

tconv1dCase("plain", ["", {}], [2, 3, 7], [3, 4, 3], 4);
tconv1dCase(
  "stride padding output_padding groups dilation",
  ["stride=3, padding=2, output_padding=1, groups=2, dilation=2", {
    stride: 3,
    padding: 2,
    outputPadding: 1,
    groups: 2,
    dilation: 2,
  }],
  [2, 4, 6],
  [4, 3, 3],
  6,
);
// output padding at or past the stride (dilation allows it): zeros past the last tap, or the taps padding cropped
tconv1dCase(
  "output_padding past the stride",
  ["stride=1, output_padding=1, dilation=2", { stride: 1, outputPadding: 1, dilation: 2 }],
  [2, 2, 5],
  [2, 3, 3],
  3,
);
tconv1dCase(
  "output_padding past the stride, padding",
  ["stride=2, padding=2, output_padding=3, dilation=4", { stride: 2, padding: 2, outputPadding: 3, dilation: 4 }],
  [1, 2, 4],
  [2, 2, 2],
  2,
);
tconv1dCase(
  "kernel 1, padding past the input",
  ["padding=2, output_padding=4, dilation=5", { padding: 2, outputPadding: 4, dilation: 5 }],
  [1, 2, 1],
  [2, 2, 1],
  2,
);
// conv_transpose2d runs the same way (the primitive takes output paddings below the stride only)
tconv2dCase(
  "output_padding past the stride",
  ["stride=(1, 2), padding=(1, 0), output_padding=(2, 1), dilation=(3, 2)", {
    stride: [1, 2],
    padding: [1, 0],
    outputPadding: [2, 1],
    dilation: [3, 2],
  }],
  [2, 2, 3, 3],
  [2, 3, 2, 2],
  3,
);
tconv2dCase(
  "output_padding past the stride, groups, unbatched",
  ["stride=1, padding=2, output_padding=3, dilation=4, groups=2", {
    stride: 1,
    padding: 2,
    outputPadding: 3,
    dilation: 4,
    groups: 2,
  }],
  [4, 3, 2],
  [4, 1, 2, 3],
  2,
);
tconv3dCase(
  "output_padding past the stride in every dim",
  ["stride=(1, 2, 1), padding=(0, 1, 2), output_padding=(2, 2, 1), dilation=3", {
    stride: [1, 2, 1],
    padding: [0, 1, 2],
    outputPadding: [2, 2, 1],
    dilation: 3,
  }],
  [1, 2, 3, 3, 2],
  [2, 2, 2, 2, 2],
  2,
);
tconv1dCase("unbatched no bias", ["stride=2, padding=1", { stride: 2, padding: 1 }], [3, 5], [3, 2, 4], null);

// double backward: the gradient of sum(conv(x, w)^2) w.r.t. x, differentiated again (x and w)
fnCases.push({
  id: "conv3d double backward",
  py:
    "lambda x0, x1: torch.autograd.grad(F.conv3d(x0, x1, stride=2, padding=1).pow(2).sum(), x0, create_graph=True)[0]",
  fn: (x, w) => torch.autograd.grad(F.conv3d(x, w, null, 2, 1).pow(2).sum(), x, { createGraph: true })[0],
  inputs: () => [randn(201, [1, 2, 4, 5, 4], "float64"), randn(202, [3, 2, 3, 2, 3], "float64")],
  tol: F64,
});
fnCases.push({
  id: "convT3d double backward",
  py:
    "lambda x0, x1: torch.autograd.grad(F.conv_transpose3d(x0, x1, stride=2, output_padding=1).pow(2).sum(), x1, create_graph=True)[0]",
  fn: (x, w) =>
    torch.autograd.grad(F.convTranspose3d(x, w, null, { stride: 2, outputPadding: 1 }).pow(2).sum(), w, {
      createGraph: true,
    })[0],
  inputs: () => [randn(203, [1, 2, 3, 2, 3], "float64"), randn(204, [2, 3, 2, 3, 2], "float64")],
  tol: F64,
});

// ---------- modules: initialization for a seed, forward and gradients, buffers ----------

const x = (s: number, ...shape: number[]) => () => [randn(s, shape)];
const modCases: ParityCase[] = [
  {
    id: "Conv3d",
    py: "nn.Conv3d(3, 4, 3)",
    make: () => new nn.Conv3d(3, 4, 3),
    inputs: x(301, 2, 3, 5, 5, 5),
    initSeed: 0,
  },
  {
    id: "Conv3d all options",
    py: "nn.Conv3d(4, 6, (3, 2, 3), stride=(2, 1, 1), padding=(1, 0, 2), dilation=(1, 2, 1), groups=2, bias=False)",
    make: () =>
      new nn.Conv3d(4, 6, [3, 2, 3], {
        stride: [2, 1, 1],
        padding: [1, 0, 2],
        dilation: [1, 2, 1],
        groups: 2,
        bias: false,
      }),
    inputs: x(302, 2, 4, 5, 6, 5),
    initSeed: 1,
  },
  ...["reflect", "replicate", "circular"].map((mode, i) => ({
    id: `Conv3d ${mode}`,
    py: `nn.Conv3d(2, 3, 3, padding=(1, 2, 1), padding_mode='${mode}')`,
    make: () => new nn.Conv3d(2, 3, 3, { padding: [1, 2, 1], paddingMode: mode }),
    inputs: x(303 + i, 2, 2, 4, 5, 6),
    initSeed: 2 + i,
  })),
  {
    id: "Conv3d same circular even kernel",
    py: "nn.Conv3d(2, 3, (2, 3, 4), padding='same', padding_mode='circular')",
    make: () => new nn.Conv3d(2, 3, [2, 3, 4], { padding: "same", paddingMode: "circular" }),
    inputs: x(306, 1, 2, 4, 5, 6),
  },
  {
    id: "Conv3d unbatched",
    py: "nn.Conv3d(2, 3, 2, stride=2)",
    make: () => new nn.Conv3d(2, 3, 2, { stride: 2 }),
    inputs: x(307, 2, 5, 4, 6),
  },
  {
    id: "Conv3d float64 init",
    py: "nn.Conv3d(2, 3, 3, padding=1, dtype=torch.float64)",
    make: () => new nn.Conv3d(2, 3, 3, { padding: 1, dtype: "float64" }),
    inputs: () => [randn(308, [1, 2, 4, 4, 4], "float64")],
    initSeed: 5,
    tol: F64,
  },
  {
    id: "ConvTranspose3d",
    py: "nn.ConvTranspose3d(3, 4, 3, stride=2, padding=1, output_padding=1)",
    make: () => new nn.ConvTranspose3d(3, 4, 3, { stride: 2, padding: 1, outputPadding: 1 }),
    inputs: x(309, 2, 3, 3, 4, 3),
    initSeed: 6,
  },
  {
    id: "ConvTranspose3d groups dilation no bias",
    py: "nn.ConvTranspose3d(4, 6, (2, 3, 2), groups=2, dilation=(2, 1, 1), bias=False)",
    make: () => new nn.ConvTranspose3d(4, 6, [2, 3, 2], { groups: 2, dilation: [2, 1, 1], bias: false }),
    inputs: x(310, 1, 4, 3, 3, 4),
    initSeed: 7,
  },
  {
    id: "ConvTranspose3d output_size",
    py: "nn.ConvTranspose3d(2, 3, 3, stride=(2, 3, 1))",
    make: () => new nn.ConvTranspose3d(2, 3, 3, { stride: [2, 3, 1] }),
    call: {
      py: "m(x0, output_size=[1, 3, 8, 10, 5])",
      ts: (m, xs) => (m as nn.ConvTranspose3d).forward(xs[0], [1, 3, 8, 10, 5]),
    },
    inputs: x(311, 1, 2, 3, 3, 3),
  },
  {
    id: "ConvTranspose3d unbatched output_size",
    py: "nn.ConvTranspose3d(2, 3, 2, stride=2)",
    make: () => new nn.ConvTranspose3d(2, 3, 2, { stride: 2 }),
    call: { py: "m(x0, output_size=[7, 6, 7])", ts: (m, xs) => (m as nn.ConvTranspose3d).forward(xs[0], [7, 6, 7]) },
    inputs: x(312, 2, 3, 3, 3),
  },
  {
    id: "ConvTranspose3d float64",
    py: "nn.ConvTranspose3d(2, 2, 2, stride=2, dtype=torch.float64)",
    make: () => new nn.ConvTranspose3d(2, 2, 2, { stride: 2, dtype: "float64" }),
    inputs: () => [randn(313, [2, 2, 2, 3, 2], "float64")],
    initSeed: 8,
    tol: F64,
  },
  {
    id: "ConvTranspose1d",
    py: "nn.ConvTranspose1d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2, dilation=2)",
    make: () => new nn.ConvTranspose1d(4, 6, 3, { stride: 2, padding: 1, outputPadding: 1, groups: 2, dilation: 2 }),
    inputs: x(314, 3, 4, 7),
    initSeed: 9,
  },
  {
    id: "ConvTranspose2d output_size (the range is the stride's, not the dilation's)",
    py: "nn.ConvTranspose2d(2, 3, 2, stride=2, dilation=3)",
    make: () => new nn.ConvTranspose2d(2, 3, 2, { stride: 2, dilation: 3 }),
    call: { py: "m(x0, output_size=[9, 8])", ts: (m, xs) => (m as nn.ConvTranspose2d).forward(xs[0], [9, 8]) },
    inputs: x(316, 1, 2, 3, 3),
    initSeed: 11,
  },
  {
    id: "ConvTranspose2d output_padding past the stride",
    py: "nn.ConvTranspose2d(2, 2, 3, output_padding=(1, 2), dilation=3)",
    make: () => new nn.ConvTranspose2d(2, 2, 3, { outputPadding: [1, 2], dilation: 3 }),
    inputs: x(317, 2, 2, 4, 3),
    initSeed: 12,
  },
  {
    id: "ConvTranspose1d output_size",
    py: "nn.ConvTranspose1d(3, 2, 3, stride=3, bias=False)",
    make: () => new nn.ConvTranspose1d(3, 2, 3, { stride: 3, bias: false }),
    call: { py: "m(x0, output_size=[11])", ts: (m, xs) => (m as nn.ConvTranspose1d).forward(xs[0], [11]) },
    inputs: x(315, 3, 3),
    initSeed: 10,
  },
];
/** BatchNorm3d's statistics moved off their initial values, so eval mode uses them. */
const perturbed = <M extends nn.BatchNormNd>(m: M): M => {
  torch.noGrad(() => {
    m.runningMean?.copy_(torch.linspace(-0.5, 0.5, m.numFeatures));
    m.runningVar?.copy_(torch.linspace(0.5, 2, m.numFeatures));
    m.weight?.copy_(torch.linspace(0.5, 1.5, m.numFeatures));
    m.bias?.copy_(torch.linspace(-0.2, 0.2, m.numFeatures));
  });
  return m;
};
for (const train of [true, false]) {
  const mode = train ? "train" : "eval";
  modCases.push(
    {
      id: `BatchNorm3d ${mode}`,
      py: "nn.BatchNorm3d(3)",
      make: () => perturbed(new nn.BatchNorm3d(3)),
      inputs: x(320, 2, 3, 3, 4, 2),
      train,
    },
    {
      id: `BatchNorm3d momentum None ${mode}`,
      py: "nn.BatchNorm3d(2, momentum=None, eps=1e-3)",
      make: () => perturbed(new nn.BatchNorm3d(2, { momentum: null, eps: 1e-3 })),
      inputs: x(321, 3, 2, 2, 3, 2),
      train,
    },
    {
      id: `InstanceNorm3d affine tracked ${mode}`,
      py: "nn.InstanceNorm3d(3, affine=True, track_running_stats=True)",
      make: () => perturbed(new nn.InstanceNorm3d(3, { affine: true, trackRunningStats: true })),
      inputs: x(322, 2, 3, 3, 2, 4),
      train,
    },
  );
}
modCases.push(
  {
    id: "InstanceNorm3d",
    py: "nn.InstanceNorm3d(2)",
    make: () => new nn.InstanceNorm3d(2),
    inputs: x(323, 2, 2, 3, 3, 3),
  },
  {
    id: "InstanceNorm3d unbatched",
    py: "nn.InstanceNorm3d(2, affine=True)",
    make: () => perturbed(new nn.InstanceNorm3d(2, { affine: true })),
    inputs: x(324, 2, 3, 2, 4),
  },
  {
    id: "BatchNorm3d float64",
    py: "nn.BatchNorm3d(2, affine=False)",
    make: () => new nn.BatchNorm3d(2, { affine: false }),
    inputs: () => [randn(325, [2, 2, 3, 2, 2], "float64")],
    double: true,
    tol: F64,
  },
);

/** A model of the new layers: PyTorch's initial weights for a seed, drawn in its order. */
const netCase = (): ParityCase => {
  class Net extends nn.Module {
    c1 = new nn.Conv3d(1, 4, 3);
    bn = new nn.BatchNorm3d(4);
    t1 = new nn.ConvTranspose3d(4, 2, 2, { stride: 2, groups: 2 });
    t2 = new nn.ConvTranspose1d(3, 5, 4, { bias: false });
    c2 = new nn.Conv3d(2, 2, [1, 2, 3], { groups: 2 });
    override forward(x: T): T {
      return x;
    }
  }
  const py = `type("Net", (nn.Module,), {"__init__": lambda self: (nn.Module.__init__(self), ${
    [
      `setattr(self, "c1", nn.Conv3d(1, 4, 3))`,
      `setattr(self, "bn", nn.BatchNorm3d(4))`,
      `setattr(self, "t1", nn.ConvTranspose3d(4, 2, 2, stride=2, groups=2))`,
      `setattr(self, "t2", nn.ConvTranspose1d(3, 5, 4, bias=False))`,
      `setattr(self, "c2", nn.Conv3d(2, 2, (1, 2, 3), groups=2))`,
    ].join(", ")
  })[0], "forward": lambda self, x: x})()`;
  return { id: "Net init", py, make: () => new Net(), inputs: x(330, 2), initSeed: 4321 };
};

// ---------- errors, reprs, state dicts: PyTorch's classes and messages ----------

const z = (...s: number[]) => torch.zeros(s);
const zd = (...s: number[]) => torch.zeros(s, { dtype: "float64" });
const zl = (...s: number[]) => torch.zeros(s, { dtype: "int64" });
const X = () => z(2, 4, 5, 6, 7), XD = () => zd(2, 4, 5, 6, 7);
const W = () => z(6, 2, 3, 3, 3), WT = () => z(4, 3, 3, 3, 3), WTD = () => zd(4, 3, 3, 3, 3);
const stateShapes = (m: nn.Module) =>
  `{${Object.entries(m.stateDict()).map(([k, v]) => `'${k}': [${v.shape.join(", ")}]`).join(", ")}}`;
const nr = (v: unknown) => v as never;

const CASES: [py: string, ours: () => unknown][] = [
  // conv3d
  ["F.conv3d(z(4, 5, 6), W())", () => F.conv3d(z(4, 5, 6), W())],
  ["F.conv3d(z(2, 4, 5, 6, 7, 8), W())", () => F.conv3d(z(2, 4, 5, 6, 7, 8), W())],
  ["F.conv3d(X(), z(6, 4, 3, 3))", () => F.conv3d(X(), z(6, 4, 3, 3))],
  ["F.conv3d(X(), z(6, 3), groups=0)", () => F.conv3d(X(), z(6, 3), { groups: 0 })],
  ["F.conv3d(X(), W())", () => F.conv3d(X(), W())],
  ["F.conv3d(X(), W(), groups=3)", () => F.conv3d(X(), W(), { groups: 3 })],
  ["F.conv3d(X(), z(5, 2, 3, 3, 3), groups=2)", () => F.conv3d(X(), z(5, 2, 3, 3, 3), { groups: 2 })],
  ["F.conv3d(X(), W(), groups=0)", () => F.conv3d(X(), W(), { groups: 0 })],
  ["F.conv3d(X(), z(0, 2, 3, 3, 3), groups=2)", () => F.conv3d(X(), z(0, 2, 3, 3, 3), { groups: 2 })],
  ["F.conv3d(X(), W(), z(5), groups=2)", () => F.conv3d(X(), W(), z(5), { groups: 2 })],
  ["F.conv3d(X(), W(), z(6, 1), groups=2)", () => F.conv3d(X(), W(), z(6, 1), { groups: 2 })],
  ["F.conv3d(X(), z(6, 2, 6, 3, 9), groups=2)", () => F.conv3d(X(), z(6, 2, 6, 3, 9), { groups: 2 })],
  ["F.conv3d(X(), W(), groups=2, stride=0)", () => F.conv3d(X(), W(), { groups: 2, stride: 0 })],
  ["F.conv3d(X(), W(), groups=2, stride=[1, 2])", () => F.conv3d(X(), W(), { groups: 2, stride: [1, 2] })],
  ["F.conv3d(X(), W(), groups=2, stride=[1, 1, 1, 1])", () => F.conv3d(X(), W(), { groups: 2, stride: [1, 1, 1, 1] })],
  ["F.conv3d(X(), W(), groups=2, padding=[1, 2])", () => F.conv3d(X(), W(), { groups: 2, padding: [1, 2] })],
  ["F.conv3d(X(), W(), groups=2, padding=-1)", () => F.conv3d(X(), W(), { groups: 2, padding: -1 })],
  [
    "F.conv3d(X(), W(), groups=2, padding=-1, stride=0)",
    () => F.conv3d(X(), W(), { groups: 2, padding: -1, stride: 0 }),
  ],
  ["F.conv3d(X(), W(), groups=2, dilation=0)", () => F.conv3d(X(), W(), { groups: 2, dilation: 0 })],
  ["F.conv3d(X(), W(), groups=2, dilation=-1)", () => F.conv3d(X(), W(), { groups: 2, dilation: -1 })],
  ["F.conv3d(X(), z(6, 5, 3, 3, 3), dilation=0)", () => F.conv3d(X(), z(6, 5, 3, 3, 3), { dilation: 0 })],
  ["F.conv3d(X(), W(), groups=2, padding='foo')", () => F.conv3d(X(), W(), { groups: 2, padding: "foo" })],
  [
    "F.conv3d(X(), W(), groups=2, padding='same', stride=2)",
    () => F.conv3d(X(), W(), { groups: 2, padding: "same", stride: 2 }),
  ],
  [
    "F.conv3d(X(), W(), groups=2, padding='same', dilation=[1, 2])",
    () => F.conv3d(X(), W(), { groups: 2, padding: "same", dilation: [1, 2] }),
  ],
  ["F.conv3d(X(), W(), groups=2, padding=1.5)", () => F.conv3d(X(), W(), { groups: 2, padding: 1.5 })],
  ["F.conv3d(X(), W(), groups=2, padding=[1, 1.5, 1])", () => F.conv3d(X(), W(), { groups: 2, padding: [1, 1.5, 1] })],
  ["F.conv3d(X(), W().double(), groups=2)", () => F.conv3d(X(), W().double(), { groups: 2 })],
  ["F.conv3d(XD(), W(), groups=2)", () => F.conv3d(XD(), W(), { groups: 2 })],
  ["F.conv3d(X(), W(), z(6).double(), groups=2)", () => F.conv3d(X(), W(), z(6).double(), { groups: 2 })],
  ["F.conv3d(X(), z(6, 5, 3, 3, 3), z(6).double())", () => F.conv3d(X(), z(6, 5, 3, 3, 3), z(6).double())],
  ["F.conv3d(X(), W(), zl(6), groups=2)", () => F.conv3d(X(), W(), zl(6), { groups: 2 })],
  ["F.conv3d(XD(), W().double(), z(6), groups=2)", () => F.conv3d(XD(), W().double(), z(6), { groups: 2 })],
  ["F.conv3d(z(2, 4, 0, 6, 7), z(3, 4, 1, 1, 1))", () => F.conv3d(z(2, 4, 0, 6, 7), z(3, 4, 1, 1, 1))],
  [
    "F.conv3d(z(2, 4, 0, 6, 7), z(3, 4, 1, 1, 1), padding=1)",
    () => F.conv3d(z(2, 4, 0, 6, 7), z(3, 4, 1, 1, 1), { padding: 1 }),
  ],
  ["F.conv3d(z(0, 4, 5, 6, 7), W(), groups=2)", () => F.conv3d(z(0, 4, 5, 6, 7), W(), { groups: 2 })],
  ["F.conv3d(z(2, 4, 2, 6, 7), W(), groups=2)", () => F.conv3d(z(2, 4, 2, 6, 7), W(), { groups: 2 })],
  [
    "F.conv3d(z(2, 4, 3, 2, 7), W(), groups=2, dilation=2)",
    () => F.conv3d(z(2, 4, 3, 2, 7), W(), { groups: 2, dilation: 2 }),
  ],
  // conv_transpose3d
  ["F.conv_transpose3d(z(4, 5), WT(), groups=2)", () => F.convTranspose3d(z(4, 5), WT(), { groups: 2 })],
  ["F.conv_transpose3d(X(), z(4, 3), dilation=[1, 2])", () => F.convTranspose3d(X(), z(4, 3), { dilation: [1, 2] })],
  [
    "F.conv_transpose3d(X(), z(4, 3, 3), dilation=[1, 2])",
    () => F.convTranspose3d(X(), z(4, 3, 3), { dilation: [1, 2] }),
  ],
  ["F.conv_transpose3d(X(), WT(), groups=3)", () => F.convTranspose3d(X(), WT(), { groups: 3 })],
  ["F.conv_transpose3d(X(), WT(), stride=0, groups=0)", () => F.convTranspose3d(X(), WT(), { stride: 0, groups: 0 })],
  ["F.conv_transpose3d(X(), z(5, 3, 3, 3, 3))", () => F.convTranspose3d(X(), z(5, 3, 3, 3, 3))],
  ["F.conv_transpose3d(X(), WT(), z(5), groups=2)", () => F.convTranspose3d(X(), WT(), z(5), { groups: 2 })],
  ["F.conv_transpose3d(X(), WT(), padding=[1, 2])", () => F.convTranspose3d(X(), WT(), { padding: [1, 2] })],
  [
    "F.conv_transpose3d(X(), WT(), output_padding=[1, 2])",
    () => F.convTranspose3d(X(), WT(), { outputPadding: [1, 2] }),
  ],
  ["F.conv_transpose3d(X(), WT(), stride=[1, 2])", () => F.convTranspose3d(X(), WT(), { stride: [1, 2] })],
  [
    "F.conv_transpose3d(X(), WT(), stride=-1, padding=-1)",
    () => F.convTranspose3d(X(), WT(), { stride: -1, padding: -1 }),
  ],
  [
    "F.conv_transpose3d(X(), WT(), output_padding=-1, stride=0)",
    () => F.convTranspose3d(X(), WT(), { outputPadding: -1, stride: 0 }),
  ],
  ["F.conv_transpose3d(X(), WT(), stride=0)", () => F.convTranspose3d(X(), WT(), { stride: 0 })],
  ["F.conv_transpose3d(X(), WT(), dilation=-1)", () => F.convTranspose3d(X(), WT(), { dilation: -1 })],
  [
    "F.conv_transpose3d(X(), WT(), groups=2, stride=2, output_padding=2)",
    () => F.convTranspose3d(X(), WT(), { groups: 2, stride: 2, outputPadding: 2 }),
  ],
  [
    "F.conv_transpose3d(X(), WT(), groups=2, stride=(2, 1, 1), output_padding=(1, 1, 0))",
    () => F.convTranspose3d(X(), WT(), { groups: 2, stride: [2, 1, 1], outputPadding: [1, 1, 0] }),
  ],
  [
    "F.conv_transpose3d(X(), WT(), groups=2, stride=2, output_padding=1, dilation=(1, 2, 1))",
    () => F.convTranspose3d(X(), WT(), { groups: 2, stride: 2, outputPadding: 1, dilation: [1, 2, 1] }),
  ],
  ["F.conv_transpose3d(XD(), WTD(), padding=9)", () => F.convTranspose3d(XD(), WTD(), { padding: 9 })],
  [
    "F.conv_transpose3d(XD(), WTD(), output_padding=2, padding=9)",
    () => F.convTranspose3d(XD(), WTD(), { outputPadding: 2, padding: 9 }),
  ],
  [
    "F.conv_transpose3d(XD(), WTD(), dilation=0, output_padding=1)",
    () => F.convTranspose3d(XD(), WTD(), { dilation: 0, outputPadding: 1 }),
  ],
  [
    "F.conv_transpose3d(XD(), zd(5, 3, 3, 3, 3), dilation=0)",
    () => F.convTranspose3d(XD(), zd(5, 3, 3, 3, 3), { dilation: 0 }),
  ],
  ["F.conv_transpose3d(zd(2, 4, 0, 6, 7), WTD())", () => F.convTranspose3d(zd(2, 4, 0, 6, 7), WTD())],
  ["F.conv_transpose3d(z(0, 4, 3, 6, 7), WT())", () => F.convTranspose3d(z(0, 4, 3, 6, 7), WT())],
  ["F.conv_transpose3d(X(), WT().double())", () => F.convTranspose3d(X(), WT().double())],
  ["F.conv_transpose3d(X(), WT(), z(3).double())", () => F.convTranspose3d(X(), WT(), z(3).double())],
  ["F.conv_transpose3d(XD(), WT())", () => F.convTranspose3d(XD(), WT())],
  ["F.conv_transpose3d(XD(), WTD(), z(3))", () => F.convTranspose3d(XD(), WTD(), z(3))],
  ["F.conv_transpose3d(X(), z(5, 3, 3, 3, 3).double())", () => F.convTranspose3d(X(), z(5, 3, 3, 3, 3).double())],
  ["F.conv_transpose3d(X(), WT(), padding='same')", () => F.convTranspose3d(X(), WT(), { padding: nr("same") })],
  // conv_transpose1d (its kernel's messages name the 2-d view PyTorch runs)
  ["F.conv_transpose1d(z(2, 4, 5, 6), z(4, 3, 3))", () => F.convTranspose1d(z(2, 4, 5, 6), z(4, 3, 3))],
  ["F.conv_transpose1d(z(2, 4, 5), z(4, 3, 3, 3))", () => F.convTranspose1d(z(2, 4, 5), z(4, 3, 3, 3))],
  ["F.conv_transpose1d(z(2, 4, 5), z(4, 3, 3, 3, 3))", () => F.convTranspose1d(z(2, 4, 5), z(4, 3, 3, 3, 3))],
  ["F.conv_transpose1d(z(2, 4, 5), z(4, 3))", () => F.convTranspose1d(z(2, 4, 5), z(4, 3))],
  [
    "F.conv_transpose1d(z(2, 4, 5), z(4, 3, 3), stride=[1, 2])",
    () => F.convTranspose1d(z(2, 4, 5), z(4, 3, 3), { stride: [1, 2] }),
  ],
  [
    "F.conv_transpose1d(z(2, 4, 5), z(4, 3, 3), stride=2, output_padding=2)",
    () => F.convTranspose1d(z(2, 4, 5), z(4, 3, 3), { stride: 2, outputPadding: 2 }),
  ],
  ["F.conv_transpose1d(z(2, 3, 5), z(4, 3, 3))", () => F.convTranspose1d(z(2, 3, 5), z(4, 3, 3))],
  [
    "F.conv_transpose1d(z(2, 4, 5), z(4, 3, 3), groups=3)",
    () => F.convTranspose1d(z(2, 4, 5), z(4, 3, 3), { groups: 3 }),
  ],
  ["F.conv_transpose1d(z(2, 4, 5), z(4, 3, 3), z(4))", () => F.convTranspose1d(z(2, 4, 5), z(4, 3, 3), z(4))],
  ["F.conv_transpose1d(zd(2, 4, 0), zd(4, 3, 3))", () => F.convTranspose1d(zd(2, 4, 0), zd(4, 3, 3))],
  [
    "F.conv_transpose2d(z(1, 2, 3, 3), z(2, 2, 2, 2), stride=2, output_padding=(1, 2))",
    () => F.convTranspose2d(z(1, 2, 3, 3), z(2, 2, 2, 2), { stride: 2, outputPadding: [1, 2] }),
  ],
  [
    "nn.ConvTranspose2d(2, 3, 2, stride=2, dilation=3)(z(1, 2, 3, 3), output_size=[10, 10])",
    () => new nn.ConvTranspose2d(2, 3, 2, { stride: 2, dilation: 3 }).forward(z(1, 2, 3, 3), [10, 10]),
  ],
  [
    "F.conv_transpose1d(zd(2, 4, 3), zd(4, 3, 3), padding=3)",
    () => F.convTranspose1d(zd(2, 4, 3), zd(4, 3, 3), { padding: 3 }),
  ],
  [
    "F.conv_transpose1d(zd(2, 4, 5), zd(4, 3, 3), dilation=0)",
    () => F.convTranspose1d(zd(2, 4, 5), zd(4, 3, 3), { dilation: 0 }),
  ],
  [
    "F.conv_transpose1d(z(2, 4, 5), z(4, 3, 3), padding=1.5)",
    () => F.convTranspose1d(z(2, 4, 5), z(4, 3, 3), { padding: nr(1.5) }),
  ],
  // modules
  [
    "nn.ConvTranspose3d(4, 6, 3, padding_mode='reflect')",
    () => new nn.ConvTranspose3d(4, 6, 3, { paddingMode: "reflect" }),
  ],
  [
    "nn.ConvTranspose1d(4, 6, 3, padding_mode='circular')",
    () => new nn.ConvTranspose1d(4, 6, 3, { paddingMode: "circular" }),
  ],
  ["nn.Conv3d(4, 6, 3, groups=4)", () => new nn.Conv3d(4, 6, 3, { groups: 4 })],
  ["nn.Conv3d(4, 6, 3, groups=0)", () => new nn.Conv3d(4, 6, 3, { groups: 0 })],
  ["nn.ConvTranspose3d(3, 6, 3, groups=2)", () => new nn.ConvTranspose3d(3, 6, 3, { groups: 2 })],
  ["nn.Conv3d(4, 6, 3, padding='same', stride=2)", () => new nn.Conv3d(4, 6, 3, { padding: "same", stride: 2 })],
  ["nn.Conv3d(4, 6, 3)(z(2, 3, 5, 5, 5))", () => new nn.Conv3d(4, 6, 3).forward(z(2, 3, 5, 5, 5))],
  [
    "nn.ConvTranspose3d(4, 6, 3, stride=2)(z(1, 4, 3, 3, 3), output_size=[8, 8, 9])",
    () => new nn.ConvTranspose3d(4, 6, 3, { stride: 2 }).forward(z(1, 4, 3, 3, 3), [8, 8, 9]),
  ],
  [
    "nn.ConvTranspose3d(4, 6, 3, stride=2)(z(1, 4, 3, 3, 3), output_size=[6, 8, 8])",
    () => new nn.ConvTranspose3d(4, 6, 3, { stride: 2 }).forward(z(1, 4, 3, 3, 3), [6, 8, 8]),
  ],
  [
    "nn.ConvTranspose3d(4, 6, 3, stride=2)(z(4, 3, 3, 3), output_size=[8, 8])",
    () => new nn.ConvTranspose3d(4, 6, 3, { stride: 2 }).forward(z(4, 3, 3, 3), [8, 8]),
  ],
  [
    "nn.ConvTranspose3d(4, 6, 3, dilation=3)(z(4, 3, 3, 3), output_size=[9, 9, 10])",
    () => new nn.ConvTranspose3d(4, 6, 3, { dilation: 3 }).forward(z(4, 3, 3, 3), [9, 9, 10]),
  ],
  [
    "nn.ConvTranspose1d(4, 6, 3, stride=3)(z(4, 3), output_size=[12])",
    () => new nn.ConvTranspose1d(4, 6, 3, { stride: 3 }).forward(z(4, 3), [12]),
  ],
  [
    "nn.ConvTranspose1d(4, 6, 3, stride=3)(z(2, 4, 3), output_size=[2, 6, 8])",
    () => new nn.ConvTranspose1d(4, 6, 3, { stride: 3 }).forward(z(2, 4, 3), [2, 6, 8]),
  ],
  ["nn.BatchNorm3d(4)(z(2, 4, 3, 3))", () => new nn.BatchNorm3d(4).forward(z(2, 4, 3, 3))],
  ["nn.BatchNorm3d(4)(z(1, 4, 1, 1, 1))", () => new nn.BatchNorm3d(4).forward(z(1, 4, 1, 1, 1))],
  ["nn.InstanceNorm3d(4)(z(2, 4, 3))", () => new nn.InstanceNorm3d(4).forward(z(2, 4, 3))],
  ["nn.InstanceNorm3d(4)(z(2, 4, 3, 3, 3, 3))", () => new nn.InstanceNorm3d(4).forward(z(2, 4, 3, 3, 3, 3))],
  // reprs and state dicts
  ["str(nn.Conv3d(4, 6, 3))", () => String(new nn.Conv3d(4, 6, 3))],
  [
    "str(nn.Conv3d(4, 6, (1, 2, 3), stride=(1, 2, 1), padding=(0, 1, 2), dilation=2, groups=2, bias=False, padding_mode='circular'))",
    () =>
      String(
        new nn.Conv3d(4, 6, [1, 2, 3], {
          stride: [1, 2, 1],
          padding: [0, 1, 2],
          dilation: 2,
          groups: 2,
          bias: false,
          paddingMode: "circular",
        }),
      ),
  ],
  ["str(nn.Conv3d(4, 6, 3, padding='same'))", () => String(new nn.Conv3d(4, 6, 3, { padding: "same" }))],
  ["str(nn.Conv3d(4, 6, 3, padding='valid'))", () => String(new nn.Conv3d(4, 6, 3, { padding: "valid" }))],
  [
    "str(nn.ConvTranspose3d(4, 6, 3, stride=2, output_padding=1, groups=2, dilation=(1, 1, 2)))",
    () => String(new nn.ConvTranspose3d(4, 6, 3, { stride: 2, outputPadding: 1, groups: 2, dilation: [1, 1, 2] })),
  ],
  [
    "str(nn.ConvTranspose1d(4, 6, 3, stride=2, output_padding=1, padding=1, bias=False))",
    () => String(new nn.ConvTranspose1d(4, 6, 3, { stride: 2, outputPadding: 1, padding: 1, bias: false })),
  ],
  ["str(nn.BatchNorm3d(4))", () => String(new nn.BatchNorm3d(4))],
  [
    "str(nn.BatchNorm3d(4, eps=1e-3, momentum=None, affine=False))",
    () => String(new nn.BatchNorm3d(4, { eps: 1e-3, momentum: null, affine: false })),
  ],
  ["str(nn.InstanceNorm3d(4))", () => String(new nn.InstanceNorm3d(4))],
  [
    "str(nn.InstanceNorm3d(4, affine=True, track_running_stats=True))",
    () => String(new nn.InstanceNorm3d(4, { affine: true, trackRunningStats: true })),
  ],
  ...([
    ["nn.Conv3d(4, 6, (1, 2, 3), groups=2)", () => new nn.Conv3d(4, 6, [1, 2, 3], { groups: 2 })],
    ["nn.ConvTranspose3d(4, 6, 3, groups=2)", () => new nn.ConvTranspose3d(4, 6, 3, { groups: 2 })],
    ["nn.ConvTranspose1d(4, 6, 2, bias=False)", () => new nn.ConvTranspose1d(4, 6, 2, { bias: false })],
    ["nn.BatchNorm3d(4)", () => new nn.BatchNorm3d(4)],
    [
      "nn.InstanceNorm3d(4, affine=True, track_running_stats=True)",
      () => new nn.InstanceNorm3d(4, { affine: true, trackRunningStats: true }),
    ],
  ] as [string, () => nn.Module][]).map(([py, make]) =>
    [`str({k: list(v.shape) for k, v in ${py}.state_dict().items()})`, () => stateShapes(make())] as [
      string,
      () => unknown,
    ]
  ),
];

const SETUP = [
  "import torch.nn as nn",
  "F = torch.nn.functional",
  "z = lambda *s: torch.zeros(s)",
  "zd = lambda *s: torch.zeros(s, dtype=torch.float64)",
  "zl = lambda *s: torch.zeros(s, dtype=torch.long)",
  "X = lambda: z(2, 4, 5, 6, 7)",
  "XD = lambda: zd(2, 4, 5, 6, 7)",
  "W = lambda: z(6, 2, 3, 3, 3)",
  "WT = lambda: z(4, 3, 3, 3, 3)",
  "WTD = lambda: zd(4, 3, 3, 3, 3)",
].join("\n");

// both oracles at once (one PyTorch process each)
const [rows, results] = await Promise.all([
  runParity([...fnCases, ...modCases, netCase()]),
  numpy(CASES.map(([py]) => ({ torch: true, setup: SETUP, expr: py }))),
]);
const fnIds = new Set(fnCases.map((c) => c.id));

Deno.test("conv3d / conv_transpose1d / conv_transpose3d: values and gradients against PyTorch", () => {
  report("conv3d functions", rows.filter((r) => fnIds.has(r.id)));
});

Deno.test("Conv3d, ConvTranspose1d/3d, BatchNorm3d, InstanceNorm3d match PyTorch (init for a seed too)", () => {
  report("conv3d modules", rows.filter((r) => !fnIds.has(r.id)));
});

Deno.test("PyTorch's errors, reprs and state dicts", () => {
  // the binder words its TypeErrors its own way (the class is still compared)
  assert.deepEqual(caseFailures(CASES, results, { anyMessage: ["TypeError"] }), []);
});

Deno.test("integer inputs are refused (PyTorch's slow integer convolutions are not implemented)", () => {
  assert.throws(() => F.conv3d(zl(1, 2, 3, 3, 3), zl(2, 2, 1, 1, 1)), /"conv3d" not implemented for 'Long'/);
  assert.throws(() => F.convTranspose1d(zl(1, 2, 3), zl(2, 2, 1)), /"conv_transpose1d" not implemented for 'Long'/);
});

Deno.test("every call form: positional, options, mixed; unknown options are named", () => {
  const x = randn(400, [1, 4, 5, 5, 5]), w = randn(401, [6, 2, 3, 3, 3]), b = randn(402, [6]);
  const want = F.conv3d(x, w, b, 2, 1, 1, 2).tolist();
  for (
    const y of [
      F.conv3d(x, w, { bias: b, stride: 2, padding: 1, groups: 2 }),
      F.conv3d(x, w, b, 2, { padding: 1, groups: 2 }),
      F.conv3d({ input: x, weight: w, bias: b, stride: [2, 2, 2], padding: [1, 1, 1], groups: 2 }),
    ]
  ) assert.deepEqual(y.tolist(), want);
  assert.throws(() => F.conv3d(x, w, { pading: 1 } as never), /pading/);

  const wt = randn(403, [4, 3, 2, 3, 2]);
  const tw = F.convTranspose3d(x, wt, b, 2, 1, 1, 2, 1).tolist();
  for (
    const y of [
      F.convTranspose3d(x, wt, { bias: b, stride: 2, padding: 1, outputPadding: 1, groups: 2 }),
      F.convTranspose3d(x, wt, b, 2, 1, { outputPadding: 1, groups: 2, dilation: 1 }),
    ]
  ) assert.deepEqual(y.tolist(), tw);
  assert.throws(() => F.convTranspose3d(x, wt, { output_padding: 1 } as never), /output_padding/);

  const x1 = randn(404, [2, 4, 6]), w1 = randn(405, [4, 3, 3]);
  const t1 = F.convTranspose1d(x1, w1, null, 2, 1, 1, 1, 2).tolist();
  assert.deepEqual(F.convTranspose1d(x1, w1, { stride: 2, padding: 1, outputPadding: 1, dilation: 2 }).tolist(), t1);
  assert.deepEqual(F.convTranspose1d(x1, w1, null, 2, { padding: 1, outputPadding: 1, dilation: 2 }).tolist(), t1);
  assert.throws(() => F.convTranspose1d(x1, w1, { dilations: 2 } as never), /dilations/);

  // the modules' constructors
  assert.equal(
    String(new nn.Conv3d(4, 6, 3, 2, 1, 1, 2, false)),
    String(new nn.Conv3d(4, 6, 3, { stride: 2, padding: 1, groups: 2, bias: false })),
  );
  assert.equal(
    String(new nn.ConvTranspose3d(4, 6, 3, 2, 1, 1, 2)),
    String(
      new nn.ConvTranspose3d({
        inChannels: 4,
        outChannels: 6,
        kernelSize: 3,
        stride: 2,
        padding: 1,
        outputPadding: 1,
        groups: 2,
      }),
    ),
  );
  assert.equal(
    String(new nn.ConvTranspose1d(4, 6, 3, 2, { outputPadding: 1 })),
    "ConvTranspose1d(4, 6, kernel_size=(3,), stride=(2,), output_padding=(1,))",
  );
  assert.throws(() => new nn.Conv3d(4, 6, 3, { pading: 1 } as never), /pading/);
  assert.throws(() => new nn.BatchNorm3d(4, { momentm: 0.2 } as never), /momentm/);
  assert.throws(() => new nn.InstanceNorm3d(4, { afine: true } as never), /afine/);
  // stateDict keys in PyTorch's names
  assert.deepEqual(Object.keys(new nn.BatchNorm3d(2).stateDict()), [
    "weight",
    "bias",
    "running_mean",
    "running_var",
    "num_batches_tracked",
  ]);
});

Deno.test("results are contiguous; an empty batch gives an empty result", () => {
  const y = F.conv3d(randn(410, [2, 3, 4, 5, 6]), randn(411, [4, 3, 2, 2, 2]), null, { stride: [2, 1, 1] });
  assert.ok(y.isContiguous());
  const t = F.convTranspose3d(randn(412, [2, 3, 2, 3, 2]), randn(413, [3, 2, 2, 2, 2]), { stride: 2 });
  assert.ok(t.isContiguous());
  assert.deepEqual(F.convTranspose3d(z(0, 3, 2, 3, 2), randn(413, [3, 2, 2, 2, 2]), { stride: 2 }).shape, [
    0,
    2,
    4,
    6,
    4,
  ]);
});
