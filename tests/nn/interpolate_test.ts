/**
 * F.interpolate against PyTorch 2.13 (src/nn/interpolate.ts): every mode (nearest, nearest-exact, linear,
 * bilinear, trilinear, bicubic, area, lanczos) and antialias, values and gradients in float32 and float64,
 * sizes and scale factors (non-integer, per dim, recompute_scale_factor), align_corners, infinities, the
 * kernels' dtype support, PyTorch's errors, every call form, and no warnings on either side.
 */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";
import { assertMatches, buildT, caseFailures, numpy, randomInput, rng } from "../helpers/oracle.ts";

const F = nn.F;

interface Opts {
  size?: number | number[];
  scaleFactor?: number | number[];
  mode?: string;
  alignCorners?: boolean;
  recomputeScaleFactor?: boolean;
  antialias?: boolean;
}

/** The options as Python keyword arguments (`dict(size=(3, 4), mode='bicubic')`). */
function pyKw(o: Opts): string {
  const val = (v: unknown): string =>
    typeof v === "boolean"
      ? (v ? "True" : "False")
      : typeof v === "string"
      ? `'${v}'`
      : Array.isArray(v)
      ? `(${v.map(val).join(", ")}${v.length === 1 ? "," : ""})`
      : String(v);
  const kw = Object.entries(o).map(([k, v]) => `${k.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase())}=${val(v)}`);
  return `dict(${kw.join(", ")})`;
}

/** [input shape, options, Python and TS transforms of the leaf before interpolate] */
type Spec = [shape: number[], opts: Opts, pre?: [py: string, ts: (t: torch.Tensor) => torch.Tensor]];
const CHANNELS_LAST: Spec[2] = ["lambda t: t.permute(0, 3, 1, 2)", (t) => t.permute(0, 3, 1, 2)];

const SPECS: Spec[] = [
  // nearest / nearest-exact: the generic kernels (1-d, 3-d, large 2-d outputs) and the 2-d channels-last one
  [[2, 3, 5], { size: 7 }],
  [[1, 2, 3], { scaleFactor: 1.2 }],
  [[1, 2, 3, 4], { scaleFactor: 1.2 }],
  [[1, 4, 3, 200], { scaleFactor: [1.2, 1] }],
  [[1, 3, 200, 4], { scaleFactor: [1.2, 1] }, CHANNELS_LAST],
  [[1, 2, 3, 4, 5], { size: [4, 6, 9] }],
  [[1, 2, 3, 4, 5], { scaleFactor: 1.2 }],
  [[1, 2, 7, 9], { scaleFactor: [1.7, 0.3] }],
  // a doubling under a scale factor other than 2: the generic forward's indices, the backward's halving
  [[1, 2, 10], { scaleFactor: 2.05 }],
  [[1, 1, 3, 4, 5], { scaleFactor: [1.2, 2.3, 0.7] }],
  [[2, 3, 5], { size: 8, mode: "nearest-exact" }],
  [[2, 3, 5], { size: 1, mode: "nearest-exact" }],
  [[1, 2, 5, 7], { scaleFactor: 0.6, mode: "nearest-exact" }],
  [[1, 2, 3, 4, 5], { size: [2, 7, 3], mode: "nearest-exact" }],
  // linear family
  [[2, 3, 5], { size: 9, mode: "linear" }],
  [[1, 2, 3], { scaleFactor: 1.2, mode: "linear" }],
  [[2, 3, 5], { size: 8, mode: "linear", alignCorners: true }],
  [[2, 3, 5], { size: 1, mode: "linear" }],
  [[1, 2, 4, 5], { size: [7, 3], mode: "bilinear" }],
  [[1, 2, 4, 5], { scaleFactor: 1.5, mode: "bilinear", alignCorners: true }],
  [[1, 2, 4, 5], { scaleFactor: 0.6, mode: "bilinear", recomputeScaleFactor: true }],
  [[1, 2, 4, 5], { scaleFactor: [0.7, 1.3], mode: "bilinear" }],
  [[1, 1, 3, 100], { size: [3, 200], mode: "bilinear" }],
  [[2, 3, 5], { scaleFactor: 1.7, mode: "linear", recomputeScaleFactor: true }],
  [[1, 2, 3, 4, 5], { size: [5, 3, 7], mode: "trilinear" }],
  [[1, 2, 3, 4, 5], { scaleFactor: [1.5, 0.5, 1.3], mode: "trilinear", alignCorners: true }],
  // bicubic
  [[2, 3, 4, 5], { size: [7, 9], mode: "bicubic" }],
  [[2, 3, 4, 5], { size: [3, 2], mode: "bicubic" }],
  [[1, 2, 4, 5], { scaleFactor: 1.7, mode: "bicubic" }],
  [[1, 2, 4, 5], { scaleFactor: [0.6, 2.3], mode: "bicubic" }],
  [[1, 2, 4, 5], { scaleFactor: 2, mode: "bicubic", alignCorners: true }],
  [[1, 2, 4, 5], { size: [9, 4], mode: "bicubic", alignCorners: true }],
  [[1, 2, 4, 5], { scaleFactor: 1.7, mode: "bicubic", recomputeScaleFactor: true }],
  [[1, 2, 4, 5], { scaleFactor: 1.7, mode: "bicubic", recomputeScaleFactor: false }],
  [[1, 2, 4, 5], { size: 1, mode: "bicubic" }],
  [[1, 2, 4, 5], { size: 1, mode: "bicubic", alignCorners: true }],
  [[1, 1, 1, 5], { size: [3, 7], mode: "bicubic" }],
  [[1, 1, 3, 3], { scaleFactor: 1.2, mode: "bicubic" }],
  [[1, 3, 20, 17], { size: [6, 40], mode: "bicubic" }],
  [[1, 2, 3, 5], { scaleFactor: [1.2, 2], mode: "bicubic" }],
  // area: adaptive average pooling 1-d / 2-d / 3-d (the 1x1 output through the mean)
  [[2, 3, 7], { size: 3, mode: "area" }],
  [[2, 3, 7], { size: 10, mode: "area" }],
  [[2, 3, 7], { scaleFactor: 0.5, mode: "area" }],
  [[2, 3, 7], { size: 1, mode: "area" }],
  [[1, 2, 7, 9], { size: [3, 4], mode: "area" }],
  [[1, 2, 7, 9], { size: [9, 11], mode: "area" }],
  [[1, 2, 7, 9], { size: 1, mode: "area" }],
  [[1, 2, 7, 9], { scaleFactor: [0.6, 0.35], mode: "area" }],
  [[1, 2, 5, 6, 7], { size: [2, 3, 4], mode: "area" }],
  [[1, 2, 5, 6, 7], { size: [7, 1, 3], mode: "area" }],
  [[1, 2, 5, 6, 7], { size: 1, mode: "area" }],
  [[1, 2, 5, 6, 7], { scaleFactor: 0.5, mode: "area" }],
  [[1, 2, 5, 6, 7], { scaleFactor: [0.6, 1.5, 0.75], mode: "area" }],
  // antialias: separable filters widened by the downscale factor (a dim of unchanged size is skipped)
  [[1, 2, 9, 11], { size: [4, 5], mode: "bilinear", antialias: true }],
  [[1, 2, 9, 11], { scaleFactor: 0.3, mode: "bilinear", antialias: true }],
  [[1, 2, 9, 11], { scaleFactor: 0.3, mode: "bilinear", antialias: true, recomputeScaleFactor: true }],
  [[1, 2, 9, 11], { size: [13, 15], mode: "bilinear", antialias: true }],
  [[1, 2, 9, 11], { size: [4, 5], mode: "bilinear", antialias: true, alignCorners: true }],
  [[1, 2, 9, 11], { size: [9, 4], mode: "bilinear", antialias: true }],
  [[1, 2, 9, 11], { scaleFactor: [1.05, 0.45], mode: "bilinear", antialias: true }],
  [[1, 2, 9, 11], { size: [9, 11], mode: "bilinear", antialias: true }],
  [[1, 1, 40, 37], { size: [3, 4], mode: "bilinear", antialias: true }],
  [[1, 2, 9, 11], { size: [4, 5], mode: "bicubic", antialias: true }],
  [[1, 2, 9, 11], { scaleFactor: 0.3, mode: "bicubic", antialias: true }],
  [[1, 2, 9, 11], { size: [13, 15], mode: "bicubic", antialias: true }],
  [[1, 2, 9, 11], { size: [4, 5], mode: "bicubic", antialias: true, alignCorners: true }],
  [[1, 1, 40, 37], { size: [3, 4], mode: "bicubic", antialias: true }],
  // a window narrow for its input: a gather per tap (wide ones are one matrix product)
  [[1, 1, 2, 600], { size: [2, 200], mode: "bicubic", antialias: true }],
  [[1, 2, 9, 11], { size: [4, 5], mode: "lanczos", antialias: true }],
  [[1, 2, 9, 11], { scaleFactor: 0.45, mode: "lanczos", antialias: true }],
  [[1, 2, 9, 11], { size: [13, 15], mode: "lanczos", antialias: true }],
  [[1, 1, 40, 37], { size: [3, 4], mode: "lanczos", antialias: true }],
  [[1, 1, 40, 37], { scaleFactor: [0.13, 0.27], mode: "lanczos", antialias: true, alignCorners: false }],
  [[1, 1, 3, 3], { scaleFactor: 1.2, mode: "bicubic", antialias: true }],
];

const SETUP = [
  "import warnings",
  "F = torch.nn.functional",
  "def run(x, kw, pre=None):",
  "    x = x.clone().requires_grad_()",
  "    with warnings.catch_warnings():",
  "        warnings.simplefilter('error')",
  "        y = F.interpolate(pre(x) if pre else x, **kw)",
  "    g = ((torch.arange(y.numel()) * 7) % 11 - 5).to(y.dtype).reshape(y.shape) / 4",
  "    (y * g).sum().backward()",
  "    return (y.detach(), x.grad)",
].join("\n");

/** [value, gradient of sum(y * g)] for a fixed g of small exact weights, as SETUP's `run`. */
function run(x: torch.Tensor, o: Opts, pre?: (t: torch.Tensor) => torch.Tensor): torch.Tensor[] {
  const leaf = x.clone().requiresGrad_();
  const y = F.interpolate(pre ? pre(leaf) : leaf, o as never);
  const g = torch.arange(y.numel()).mul(7).remainder(11).sub(5).to(y.dtype).reshape(y.shape).div(4);
  y.mul(g).sum().backward();
  return [y.detach(), leaf.grad!];
}

const r = rng(20260513);
const PARITY = ["float32", "float64"].flatMap((dtype) =>
  SPECS.map(([shape, opts, pre]) => ({
    label: `${dtype} ${JSON.stringify(shape)} ${pyKw(opts)}${pre ? " channels-last" : ""}`,
    x: randomInput(r, dtype, shape),
    opts,
    pre,
  }))
);
const parity = await numpy(PARITY.map((c) => ({
  torch: true,
  setup: SETUP,
  inputs: { x: c.x },
  expr: `run(x, ${pyKw(c.opts)}${c.pre ? `, ${c.pre[0]}` : ""})`,
})));

Deno.test("F.interpolate: every mode's values and input gradients match PyTorch in float32 and float64", () => {
  const failures: string[] = [];
  PARITY.forEach((c, k) => {
    const want = parity[k];
    try {
      assert.ok("value" in want, `PyTorch raised ${JSON.stringify(want)}`);
      // float32: PyTorch's kernels may fuse multiply-adds and sum the gradient in another order
      const tol = c.x.dtype === "float32" ? { rtol: 1e-5, atol: 1e-5 } : undefined;
      assertMatches(run(buildT(c.x), c.opts, c.pre?.[1]), want.value, c.label, tol);
    } catch (e) {
      failures.push(`${c.label}: ${(e as Error).message.split("\n")[0]}`);
    }
  });
  assert.deepEqual(failures, []);
});

const inf = Infinity;
const t4 = (v: number[]) => torch.tensor([[v]], { dtype: "float32" });
const ar = (shape: number[], dtype = "float32") =>
  torch.arange(shape.reduce((p, d) => p * d, 1), { dtype: dtype as "float32" }).reshape(shape);
const z = (shape: number[], dtype = "float32") => torch.zeros(shape, { dtype: dtype as "float32" });

/** Values PyTorch gives at the edges: infinities (only the taps PyTorch reads), integer dtypes it accepts, empties. */
const EDGES: [py: string, ours: () => unknown][] = [
  // equal sizes still read two taps (inf * 0 = nan), as does bicubic everywhere
  [
    "F.interpolate(torch.tensor([[[inf, 1., 2., 3.]]]), size=4, mode='linear')",
    () => F.interpolate(t4([inf, 1, 2, 3]), 4, { mode: "linear" }),
  ],
  [
    "F.interpolate(torch.tensor([[[inf, 1., 2., 3.]]]), size=8, mode='linear')",
    () => F.interpolate(t4([inf, 1, 2, 3]), 8, { mode: "linear" }),
  ],
  [
    "F.interpolate(torch.tensor([[[[inf, 1., 2., 3.]]]]), size=(1, 8), mode='bilinear')",
    () => F.interpolate(t4([inf, 1, 2, 3]).unsqueeze(0), [1, 8], { mode: "bilinear" }),
  ],
  [
    "F.interpolate(torch.tensor([[[[inf, 1., 2., 3.]]]]), size=(1, 8), mode='bicubic')",
    () => F.interpolate(t4([inf, 1, 2, 3]).unsqueeze(0), [1, 8], { mode: "bicubic" }),
  ],
  // antialias reads only each output's window, and skips the unchanged dim
  [
    "F.interpolate(torch.tensor([[[[inf, 1., 2., 3.]]]]), size=(1, 2), mode='bilinear', antialias=True)",
    () => F.interpolate(t4([inf, 1, 2, 3]).unsqueeze(0), [1, 2], { mode: "bilinear", antialias: true }),
  ],
  [
    "F.interpolate(torch.tensor([[[[inf, 1., 2., 3.]]]]), size=(2, 3), mode='bicubic', antialias=True)",
    () => F.interpolate(t4([inf, 1, 2, 3]).unsqueeze(0), [2, 3], { mode: "bicubic", antialias: true }),
  ],
  [
    "F.interpolate(torch.tensor([[[[inf, 1., 2., 3., 4., 5., 6.]]]]), size=(1, 2), mode='lanczos', antialias=True)",
    () => F.interpolate(t4([inf, 1, 2, 3, 4, 5, 6]).unsqueeze(0), [1, 2], { mode: "lanczos", antialias: true }),
  ],
  // uint8 keeps its dtype through nearest
  [
    "F.interpolate(torch.arange(18, dtype=torch.uint8).reshape(1, 2, 9), size=4)",
    () => F.interpolate(ar([1, 2, 9], "uint8"), 4),
  ],
  [
    "F.interpolate(torch.arange(18, dtype=torch.uint8).reshape(1, 2, 3, 3), size=5, mode='nearest-exact')",
    () => F.interpolate(ar([1, 2, 3, 3], "uint8"), 5, { mode: "nearest-exact" }),
  ],
  // empty batches pass; area returns empty results where its output is empty
  [
    "F.interpolate(torch.zeros(0, 1, 2, 3), size=2, mode='bicubic')",
    () => F.interpolate(z([0, 1, 2, 3]), 2, { mode: "bicubic" }),
  ],
  [
    "F.interpolate(torch.zeros(0, 1, 2, 3), size=2, mode='bilinear', antialias=True)",
    () => F.interpolate(z([0, 1, 2, 3]), 2, { mode: "bilinear", antialias: true }),
  ],
  [
    "F.interpolate(torch.zeros(1, 0, 2, 3), size=2, mode='area')",
    () => F.interpolate(z([1, 0, 2, 3]), 2, { mode: "area" }),
  ],
  ["F.interpolate(torch.zeros(1, 0, 3), size=2, mode='area')", () => F.interpolate(z([1, 0, 3]), 2, { mode: "area" })],
  [
    "F.interpolate(torch.zeros(1, 1, 2, 3), scale_factor=0., mode='area')",
    () => F.interpolate(z([1, 1, 2, 3]), { scaleFactor: 0, mode: "area" }),
  ],
  [
    "F.interpolate(torch.zeros(0, 1, 2, 3, 4), size=(1, 2, 3), mode='area')",
    () => F.interpolate(z([0, 1, 2, 3, 4]), [1, 2, 3], { mode: "area" }),
  ],
  // the 1x1 area output is a mean (nan over an empty dim)
  [
    "F.interpolate(torch.zeros(1, 1, 0, 3), size=1, mode='area')",
    () => F.interpolate(z([1, 1, 0, 3]), 1, { mode: "area" }),
  ],
  [
    "F.interpolate(torch.arange(6.).reshape(1, 1, 2, 3), scale_factor=0.5, mode='area', recompute_scale_factor=False)",
    () => F.interpolate(ar([1, 1, 2, 3]), { scaleFactor: 0.5, mode: "area", recomputeScaleFactor: false }),
  ],
];

/** PyTorch's errors (class and message). */
const ERRORS: [py: string, ours: () => unknown][] = [
  [
    "F.interpolate(torch.zeros(1, 1, 3), size=5, mode='bicubic')",
    () => F.interpolate(z([1, 1, 3]), 5, { mode: "bicubic" }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 3, 3, 3), size=5, mode='bicubic')",
    () => F.interpolate(z([1, 1, 3, 3, 3]), 5, { mode: "bicubic" }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 3, 3), size=5, mode='foo')",
    () => F.interpolate(z([1, 1, 3, 3]), 5, { mode: "foo" }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 3, 3), size=5, antialias=True)",
    () => F.interpolate(z([1, 1, 3, 3]), 5, { antialias: true }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 3, 3), size=5, mode='area', antialias=True)",
    () => F.interpolate(z([1, 1, 3, 3]), 5, { mode: "area", antialias: true }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 3), size=5, mode='linear', antialias=True)",
    () => F.interpolate(z([1, 1, 3]), 5, { mode: "linear", antialias: true }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 3), size=5, mode='bilinear', antialias=True)",
    () => F.interpolate(z([1, 1, 3]), 5, { mode: "bilinear", antialias: true }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 3, 3, 3), size=5, mode='bicubic', antialias=True)",
    () => F.interpolate(z([1, 1, 3, 3, 3]), 5, { mode: "bicubic", antialias: true }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 3, 3), size=5, mode='lanczos')",
    () => F.interpolate(z([1, 1, 3, 3]), 5, { mode: "lanczos" }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 3, 3), size=5, mode='lanczos', antialias=True, align_corners=True)",
    () => F.interpolate(z([1, 1, 3, 3]), 5, { mode: "lanczos", antialias: true, alignCorners: true }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 3), size=5, mode='lanczos')",
    () => F.interpolate(z([1, 1, 3]), 5, { mode: "lanczos" }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 3, 3), size=5, mode='area', align_corners=True)",
    () => F.interpolate(z([1, 1, 3, 3]), 5, { mode: "area", alignCorners: true }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 3, 3), size=5, mode='nearest-exact', align_corners=False)",
    () => F.interpolate(z([1, 1, 3, 3]), 5, { mode: "nearest-exact", alignCorners: false }),
  ],
  ["F.interpolate(torch.zeros(1, 1, 3, 3), size=5, scale_factor=2.)", () => F.interpolate(z([1, 1, 3, 3]), 5, 2)],
  ["F.interpolate(torch.zeros(1, 1, 3, 3), mode='bicubic')", () => F.interpolate(z([1, 1, 3, 3]), { mode: "bicubic" })],
  [
    "F.interpolate(torch.zeros(1, 1, 3, 3), size=[5], mode='bicubic')",
    () => F.interpolate(z([1, 1, 3, 3]), [5], { mode: "bicubic" }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 3, 3), scale_factor=[5., 2., 1.5], mode='area')",
    () => F.interpolate(z([1, 1, 3, 3]), { scaleFactor: [5, 2, 1.5], mode: "area" }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 3, 3), size=5, mode='area', recompute_scale_factor=True)",
    () => F.interpolate(z([1, 1, 3, 3]), 5, { mode: "area", recomputeScaleFactor: true }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 3, 3), size=5, mode='linear')",
    () => F.interpolate(z([1, 1, 3, 3]), 5, { mode: "linear" }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 3), size=5, mode='bilinear')",
    () => F.interpolate(z([1, 1, 3]), 5, { mode: "bilinear" }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 3, 3), size=5, mode='trilinear')",
    () => F.interpolate(z([1, 1, 3, 3]), 5, { mode: "trilinear" }),
  ],
  ["F.interpolate(torch.zeros(2, 3), size=2, mode='area')", () => F.interpolate(z([2, 3]), 2, { mode: "area" })],
  ["F.interpolate(torch.zeros(1, 1, 2, 3, 4, 5), size=2)", () => F.interpolate(z([1, 1, 2, 3, 4, 5]), 2)],
  // the kernels' size checks
  [
    "F.interpolate(torch.zeros(1, 1, 3, 3), size=0, mode='bicubic')",
    () => F.interpolate(z([1, 1, 3, 3]), 0, { mode: "bicubic" }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 2, 3), scale_factor=0.4, mode='bilinear', antialias=True)",
    () => F.interpolate(z([1, 1, 2, 3]), { scaleFactor: 0.4, mode: "bilinear", antialias: true }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 2, 3), scale_factor=-1., mode='bicubic')",
    () => F.interpolate(z([1, 1, 2, 3]), { scaleFactor: -1, mode: "bicubic" }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 3), size=0, mode='linear')",
    () => F.interpolate(z([1, 1, 3]), 0, { mode: "linear" }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 2, 2, 3), size=(1, 0, 2), mode='trilinear')",
    () => F.interpolate(z([1, 1, 2, 2, 3]), [1, 0, 2], { mode: "trilinear" }),
  ],
  [
    "F.interpolate(torch.zeros(1, 0, 2, 3), size=2, mode='bicubic')",
    () => F.interpolate(z([1, 0, 2, 3]), 2, { mode: "bicubic" }),
  ],
  [
    "F.interpolate(torch.zeros(1, 0, 2, 3), size=2, mode='lanczos', antialias=True)",
    () => F.interpolate(z([1, 0, 2, 3]), 2, { mode: "lanczos", antialias: true }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 2, 3), scale_factor=float('inf'), mode='bicubic')",
    () => F.interpolate(z([1, 1, 2, 3]), { scaleFactor: inf, mode: "bicubic" }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 2, 3), scale_factor=float('inf'), mode='bicubic', recompute_scale_factor=True)",
    () => F.interpolate(z([1, 1, 2, 3]), { scaleFactor: inf, mode: "bicubic", recomputeScaleFactor: true }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 2, 3), scale_factor=float('nan'), mode='area')",
    () => F.interpolate(z([1, 1, 2, 3]), { scaleFactor: NaN, mode: "area" }),
  ],
  // area: adaptive pooling's checks
  [
    "F.interpolate(torch.zeros(1, 1, 2, 3), size=-1, mode='area')",
    () => F.interpolate(z([1, 1, 2, 3]), -1, { mode: "area" }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 3), size=-2, mode='area')",
    () => F.interpolate(z([1, 1, 3]), -2, { mode: "area" }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 2, 3, 4), scale_factor=-1., mode='area')",
    () => F.interpolate(z([1, 1, 2, 3, 4]), { scaleFactor: -1, mode: "area" }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 0, 3), size=2, mode='area')",
    () => F.interpolate(z([1, 1, 0, 3]), 2, { mode: "area" }),
  ],
  ["F.interpolate(torch.zeros(1, 1, 0), size=2, mode='area')", () => F.interpolate(z([1, 1, 0]), 2, { mode: "area" })],
  [
    "F.interpolate(torch.zeros(1, 1, 0, 3, 3), size=2, mode='area')",
    () => F.interpolate(z([1, 1, 0, 3, 3]), 2, { mode: "area" }),
  ],
  [
    "F.interpolate(torch.zeros(1, 0, 2, 3, 3), size=2, mode='area')",
    () => F.interpolate(z([1, 0, 2, 3, 3]), 2, { mode: "area" }),
  ],
  // dtypes the kernels do not have
  [
    "F.interpolate(torch.zeros(1, 1, 3, 3, dtype=torch.long), size=2, mode='bicubic')",
    () => F.interpolate(z([1, 1, 3, 3], "int64"), 2, { mode: "bicubic" }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 3, 3, dtype=torch.long), size=2, mode='bicubic', antialias=True)",
    () => F.interpolate(z([1, 1, 3, 3], "int64"), 2, { mode: "bicubic", antialias: true }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 3, 3, dtype=torch.bool), size=2, mode='bilinear')",
    () => F.interpolate(z([1, 1, 3, 3], "bool"), 2, { mode: "bilinear" }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 3, 100, dtype=torch.int32), size=(3, 200), mode='bilinear')",
    () => F.interpolate(z([1, 1, 3, 100], "int32"), [3, 200], { mode: "bilinear" }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 3, dtype=torch.uint8), size=2, mode='linear')",
    () => F.interpolate(z([1, 1, 3], "uint8"), 2, { mode: "linear" }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 3, 3, 3, dtype=torch.long), size=2, mode='trilinear')",
    () => F.interpolate(z([1, 1, 3, 3, 3], "int64"), 2, { mode: "trilinear" }),
  ],
  ["F.interpolate(torch.zeros(1, 1, 3, dtype=torch.int32), size=2)", () => F.interpolate(z([1, 1, 3], "int32"), 2)],
  [
    "F.interpolate(torch.zeros(1, 1, 3, 3, dtype=torch.int32), size=2)",
    () => F.interpolate(z([1, 1, 3, 3], "int32"), 2),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 3, 3, 3, dtype=torch.bool), size=2, mode='nearest-exact')",
    () => F.interpolate(z([1, 1, 3, 3, 3], "bool"), 2, { mode: "nearest-exact" }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 3, 3, dtype=torch.long), size=2, mode='area')",
    () => F.interpolate(z([1, 1, 3, 3], "int64"), 2, { mode: "area" }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 3, dtype=torch.long), size=2, mode='area')",
    () => F.interpolate(z([1, 1, 3], "int64"), 2, { mode: "area" }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 3, 3, 3, dtype=torch.long), size=2, mode='area')",
    () => F.interpolate(z([1, 1, 3, 3, 3], "int64"), 2, { mode: "area" }),
  ],
  [
    "F.interpolate(torch.zeros(1, 1, 3, 3, dtype=torch.long), size=1, mode='area')",
    () => F.interpolate(z([1, 1, 3, 3], "int64"), 1, { mode: "area" }),
  ],
];

const edges = await numpy(
  EDGES.map(([py]) => ({ torch: true, setup: "F = torch.nn.functional\ninf = float('inf')", expr: py })),
);
const errors = await numpy(ERRORS.map(([py]) => ({ torch: true, setup: "F = torch.nn.functional", expr: py })));

Deno.test("F.interpolate at its edges: infinities, uint8, empty inputs and outputs, as PyTorch", () => {
  assert.deepEqual(caseFailures(EDGES, edges), []);
});

Deno.test("F.interpolate raises PyTorch's errors (class and message) for bad modes, dims, sizes and dtypes", () => {
  assert.deepEqual(caseFailures(ERRORS, errors), []);
});

Deno.test("F.interpolate refuses uint8 where PyTorch has fixed-point kernels dendrite lacks", () => {
  for (const o of [{ mode: "bilinear" }, { mode: "bicubic" }, { mode: "bilinear", antialias: true }]) {
    assert.throws(() => F.interpolate(z([1, 1, 4, 4], "uint8"), 2, o), /uint8 input in this mode is not supported/);
  }
});

Deno.test("F.interpolate takes every call form; an unknown option is named; a float size is a TypeError", () => {
  const x = torch.randn(1, 2, 5, 6);
  const want = F.interpolate(x, [3, 8], null, "bicubic", true).tolist();
  for (
    const y of [
      F.interpolate(x, { size: [3, 8], mode: "bicubic", alignCorners: true }),
      F.interpolate(x, [3, 8], { mode: "bicubic", alignCorners: true }),
      F.interpolate(x, [3, 8], null, "bicubic", { alignCorners: true }),
    ]
  ) assert.deepEqual(y.tolist(), want);
  assert.deepEqual(
    F.interpolate(x, null, 0.5, "bilinear", false, null, true).tolist(),
    F.interpolate(x, { scaleFactor: 0.5, mode: "bilinear", antialias: true }).tolist(),
  );
  assert.throws(() => F.interpolate(x, { size: 2, antiAlias: true } as never), /antiAlias/);
  assert.throws(() => F.interpolate(x, [2.5, 3] as never), TypeError);
  assert.throws(() => F.interpolate(x, { scaleFactor: "2" as never }), TypeError);
});

Deno.test("F.interpolate warns about nothing (PyTorch's run() above turns warnings into errors)", () => {
  const warn = console.warn;
  let warned = 0;
  console.warn = () => warned++;
  try {
    for (const [shape, opts, pre] of SPECS) run(ar(shape), opts, pre?.[1]);
  } finally {
    console.warn = warn;
  }
  assert.equal(warned, 0);
});

Deno.test("F.interpolate's values do not depend on whether the input requires grad (PyTorch's backward quirks)", () => {
  // where PyTorch's backward kernels take other weights than its forward (see the parity cases above), the
  // gradient comes from a second graph: the forward values, infinities and NaN included, must stay as they are
  const x = torch.randn(1, 2, 3, 10, { dtype: "float64" });
  x.set([0, 0, 1, 2], Infinity);
  x.set([0, 1, 2, 5], NaN);
  for (
    const o of [
      { scaleFactor: [1.2, 2.05] },
      { scaleFactor: [1.2, 1.05], mode: "bicubic" },
      { scaleFactor: [1.05, 0.45], mode: "bicubic", antialias: true },
    ]
  ) {
    const plain = F.interpolate(x, o).tolist(), graded = F.interpolate(x.clone().requiresGrad_(), o);
    assert.ok(graded.requiresGrad);
    assert.deepEqual(graded.detach().tolist(), plain);
  }
});

Deno.test("F.interpolate's gradient flows into a graph: antialiased bicubic of a parameter", () => {
  const w = torch.randn(1, 1, 8, 8).requiresGrad_();
  const y = F.interpolate(w.mul(2), { size: 3, mode: "bicubic", antialias: true });
  y.sum().backward();
  assert.deepEqual(w.grad!.shape, [1, 1, 8, 8]);
  // each output's weights sum to 1, so the gradient of the sum totals 2 per output element
  assert.ok(Math.abs((w.grad!.sum().item() as number) - 18) < 1e-4);
});
