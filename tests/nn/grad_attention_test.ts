/**
 * torch.nn.grad (conv1d/2d/3d input and weight gradients) and
 * torch.nn.attention (SDPBackend, sdpa_kernel) against PyTorch 2.13, all
 * cases in one Python run: values and gradients through the results in
 * float32 and float64, every call form, PyTorch's errors.
 */
import assert from "node:assert/strict";
import { nn, torch } from "../../mod.ts";
import { caseFailures, numpy } from "../helpers/oracle.ts";

const F = nn.F;
const G = nn.grad;
const { SDPBackend: B, sdpaKernel, currentBackends } = nn.attention;
type T = torch.Tensor;
type Dt = "float32" | "float64";

/** Deterministic data: sin(0.37 i + seed) in C order (the Python `mk` below). */
const mk = (shape: readonly number[], seed = 0, dt: Dt = "float32", rg = false): T => {
  const n = shape.reduce((p, d) => p * d, 1);
  return torch.arange(n, { dtype: dt }).mul(0.37).add(seed).sin().reshape([...shape]).requiresGrad_(rg);
};
/** [f(...ts), the gradient of sum(f * mk(seed 5)) for each of ts] (the Python `vjp`). */
const vjp = (f: (...ts: T[]) => T, ...ts: T[]): T[] => {
  const r = f(...ts);
  r.mul(mk(r.shape, 5, r.dtype as Dt)).sum().backward();
  return [r.detach(), ...ts.map((t) => t.grad!)];
};
const SETUP = `
import torch, torch.nn.grad as G
import torch.nn.functional as F
from torch.nn.attention import sdpa_kernel, SDPBackend as B, _cur_sdpa_kernel_backends
from torch.nn.attention.bias import causal_lower_right, causal_upper_left, CausalBias, CausalVariant
import warnings
warnings.simplefilter("ignore")
def mk(shape, seed=0., dt=torch.float32, rg=False):
    n = 1
    for s in shape: n *= s
    return (torch.arange(n, dtype=dt) * 0.37 + seed).sin().reshape(shape).requires_grad_(rg)
def vjp(f, *ts):
    r = f(*ts)
    (r * mk(r.shape, 5., r.dtype)).sum().backward()
    return (r.detach(),) + tuple(t.grad for t in ts)
def under(backends, f, prio=False):
    with sdpa_kernel(backends, prio):
        return f()
`;

/** Each convolution geometry: input and weight shapes, then stride, padding, dilation, groups. */
const GEOMS = [
  { n: 1, x: [2, 4, 9], w: [6, 2, 3], s: [2], p: [1], d: [2], g: 2 },
  { n: 2, x: [2, 4, 7, 6], w: [6, 2, 3, 2], s: [2, 1], p: [1, 0], d: [1, 2], g: 2 },
  { n: 3, x: [1, 4, 5, 4, 5], w: [4, 2, 2, 3, 2], s: [1, 2, 1], p: [1, 0, 1], d: [2, 1, 1], g: 2 },
] as const;
const CONV = [F.conv1d, F.conv2d, F.conv3d] as const;
const INPUT = [G.conv1dInput, G.conv2dInput, G.conv3dInput] as const;
const WEIGHT = [G.conv1dWeight, G.conv2dWeight, G.conv3dWeight] as const;
const tup = (v: readonly number[]) => `(${v.join(", ")}${v.length === 1 ? "," : ""})`;

const CASES: [string, () => unknown][] = [];
for (const dt of ["float32", "float64"] as const) {
  const pdt = dt === "float32" ? "torch.float32" : "torch.float64";
  for (const { n, x, w, s, p, d, g } of GEOMS) {
    const conv = CONV[n - 1] as (...a: unknown[]) => T;
    const inp = INPUT[n - 1] as (...a: unknown[]) => T, wt = WEIGHT[n - 1] as (...a: unknown[]) => T;
    const gyShape = () => conv(mk(x, 0, dt), mk(w, 1, dt), null, s, p, d, g).shape;
    const pyGy = `F.conv${n}d(mk(${tup(x)}, 0., ${pdt}), mk(${tup(w)}, 1., ${pdt}), None, ${tup(s)}, ${tup(p)}, ${
      tup(d)
    }, ${g}).shape`;
    const geo = `${tup(s)}, ${tup(p)}, ${tup(d)}, ${g}`;
    // values and the gradients in weight / input and grad_output (convolution_backward is differentiable)
    CASES.push([
      `vjp(lambda w, gy: G.conv${n}d_input(${tup(x)}, w, gy, ${geo}), mk(${
        tup(w)
      }, 1., ${pdt}, True), mk(${pyGy}, 2., ${pdt}, True))`,
      () => vjp((wv, gy) => inp(x, wv, gy, s, p, d, g), mk(w, 1, dt, true), mk(gyShape(), 2, dt, true)),
    ]);
    CASES.push([
      `vjp(lambda x, gy: G.conv${n}d_weight(x, ${tup(w)}, gy, ${geo}), mk(${
        tup(x)
      }, 0., ${pdt}, True), mk(${pyGy}, 2., ${pdt}, True))`,
      () => vjp((xv, gy) => wt(xv, w, gy, s, p, d, g), mk(x, 0, dt, true), mk(gyShape(), 2, dt, true)),
    ]);
    // the same with options (and mixed positional + options), without grad
    CASES.push([
      `G.conv${n}d_input(${tup(x)}, mk(${tup(w)}, 1., ${pdt}), mk(${pyGy}, 2., ${pdt}), stride=${tup(s)}, padding=${
        tup(p)
      }, dilation=${tup(d)}, groups=${g})`,
      () => inp(x, mk(w, 1, dt), mk(gyShape(), 2, dt), { stride: s, padding: p, dilation: d, groups: g }),
    ]);
    CASES.push([
      `G.conv${n}d_weight(mk(${tup(x)}, 0., ${pdt}), ${tup(w)}, mk(${pyGy}, 2., ${pdt}), ${tup(s)}, ${
        tup(p)
      }, dilation=${tup(d)}, groups=${g})`,
      () => wt(mk(x, 0, dt), w, { gradOutput: mk(gyShape(), 2, dt), stride: s, padding: p, dilation: d, groups: g }),
    ]);
    // the defaults (stride 1, no padding, groups 1), a single number for every dim
    const w1 = [3, 4, ...w.slice(2)], gy1 = [x[0], 3, ...x.slice(2).map((v, i) => v - w.slice(2)[i] + 1)];
    CASES.push([
      `G.conv${n}d_input(${tup(x)}, mk(${tup(w1)}, 1., ${pdt}), mk(${tup(gy1)}, 2., ${pdt}))`,
      () => inp({ inputSize: x, weight: mk(w1, 1, dt), gradOutput: mk(gy1, 2, dt) }),
    ]);
    CASES.push([
      `G.conv${n}d_weight(mk(${tup(x)}, 0., ${pdt}), ${tup(w1)}, mk(${tup(gy1)}, 2., ${pdt}), 1, 0, 1, 1)`,
      () => wt(mk(x, 0, dt), w1, mk(gy1, 2, dt), 1, 0, 1, 1),
    ]);
  }
}
// PyTorch's errors (messages compared)
const w3 = mk([4, 3, 3]), gy3 = mk([2, 4, 5]);
CASES.push(
  [
    "G.conv1d_input((3, 7), mk((4, 3, 3)), mk((4, 5)))",
    () => G.conv1dInput([3, 7], w3, mk([4, 5])),
  ],
  [
    "G.conv1d_weight(mk((3, 7)), (4, 3, 3), mk((4, 5)))",
    () => G.conv1dWeight(mk([3, 7]), [4, 3, 3], mk([4, 5])),
  ],
  [
    "G.conv3d_input((2, 3, 7, 7), mk((4, 3, 3, 3, 3)), mk((2, 4, 5, 5, 5)))",
    () => G.conv3dInput([2, 3, 7, 7], mk([4, 3, 3, 3, 3]), mk([2, 4, 5, 5, 5])),
  ],
  [
    "G.conv1d_input((2, 3, 7), mk((4, 3, 3)), mk((2, 4, 5)), groups=2)",
    () => G.conv1dInput([2, 3, 7], w3, gy3, { groups: 2 }),
  ],
  [
    "G.conv1d_weight(mk((2, 3, 7)), (4, 3, 3), mk((2, 4, 5)), groups=2)",
    () => G.conv1dWeight(mk([2, 3, 7]), [4, 3, 3], gy3, { groups: 2 }),
  ],
  [
    "G.conv1d_input((2, 3, 7), mk((4, 3, 3)), mk((2, 4, 5)), 1, 0, 1, 0)",
    () => G.conv1dInput([2, 3, 7], w3, gy3, 1, 0, 1, 0),
  ],
  [
    "G.conv1d_input((2, 3, 7), mk((4, 3, 3)), mk((2, 4, 5)), stride=0)",
    () => G.conv1dInput([2, 3, 7], w3, gy3, 0),
  ],
  [
    "G.conv1d_input((2, 3, 7), mk((4, 3, 3)), mk((2, 4, 5)), padding=-1)",
    () => G.conv1dInput([2, 3, 7], w3, gy3, 1, -1),
  ],
  [
    "G.conv2d_input((2, 3, 7, 7), mk((4, 3, 3, 3)), mk((2, 4, 3, 3)), stride=(2, 2, 2))",
    () => G.conv2dInput([2, 3, 7, 7], mk([4, 3, 3, 3]), mk([2, 4, 3, 3]), [2, 2, 2]),
  ],
  [
    "G.conv3d_weight(mk((1, 2, 4, 4, 4)), (2, 2, 2, 2, 2), mk((1, 2, 3, 3, 3)), padding=(1, 1))",
    () => G.conv3dWeight(mk([1, 2, 4, 4, 4]), [2, 2, 2, 2, 2], mk([1, 2, 3, 3, 3]), 1, [1, 1]),
  ],
);
// errors whose PyTorch text is oneDNN's or the dispatcher's (class compared)
const LOOSE: [string, () => unknown][] = [
  ["G.conv1d_input((2, 3, 8), mk((4, 3, 3)), mk((2, 4, 5)))", () => G.conv1dInput([2, 3, 8], w3, gy3)],
  ["G.conv1d_weight(mk((2, 3, 7)), (4, 3, 4), mk((2, 4, 5)))", () => G.conv1dWeight(mk([2, 3, 7]), [4, 3, 4], gy3)],
  [
    "G.conv1d_weight(mk((2, 3, 7), 0., torch.float64), (4, 3, 3), mk((2, 4, 5)))",
    () => G.conv1dWeight(mk([2, 3, 7], 0, "float64"), [4, 3, 3], gy3),
  ],
  [
    "G.conv3d_input((1, 2, 4, 4, 4), mk((2, 2, 2, 2, 2), 0., torch.float64), mk((1, 2, 3, 3, 3)))",
    () => G.conv3dInput([1, 2, 4, 4, 4], mk([2, 2, 2, 2, 2], 0, "float64"), mk([1, 2, 3, 3, 3])),
  ],
];

// ---------- nn.attention ----------
const SD = [[2, 3, 4, 8], [2, 3, 5, 8], [2, 3, 5, 8]] as const;
const sdpaArgs = (dt: Dt, rg = false) => SD.map((s, i) => mk(s, i, dt, rg));
const pyArgs = (pdt: string, rg = "False") => SD.map((s, i) => `mk(${tup(s)}, ${i}., ${pdt}, ${rg})`).join(", ");
const NO_VIABLE = (backends: number[]) => () =>
  sdpaKernel(backends as never, () => F.scaledDotProductAttention(...sdpaArgs("float32") as [T, T, T]));
CASES.push(
  ["torch.tensor([int(v) for v in B.__members__.values()])", () => torch.tensor(Object.values(B))],
  ["under([], lambda: F.scaled_dot_product_attention(" + pyArgs("torch.float32") + "))", NO_VIABLE([])],
  [
    "under(B.EFFICIENT_ATTENTION, lambda: F.scaled_dot_product_attention(" + pyArgs("torch.float32") + "))",
    NO_VIABLE([2]),
  ],
  [
    "under([B.CUDNN_ATTENTION, B.OVERRIDEABLE, B.ERROR], lambda: F.scaled_dot_product_attention(" +
    pyArgs("torch.float32") + "))",
    NO_VIABLE([3, 4, -1]),
  ],
  // flash only: what the CPU flash kernel refuses
  [
    "under(B.FLASH_ATTENTION, lambda: F.scaled_dot_product_attention(mk((3, 4, 8)), mk((3, 5, 8)), mk((3, 5, 8))))",
    () => sdpaKernel(B.FLASH_ATTENTION, () => F.scaledDotProductAttention(mk([3, 4, 8]), mk([3, 5, 8]), mk([3, 5, 8]))),
  ],
  [
    "under(B.FLASH_ATTENTION, lambda: F.scaled_dot_product_attention(" + pyArgs("torch.float32") + ", dropout_p=0.3))",
    () =>
      sdpaKernel(B.FLASH_ATTENTION, () => F.scaledDotProductAttention(...sdpaArgs("float32") as [T, T, T], null, 0.3)),
  ],
  [
    "under(B.FLASH_ATTENTION, lambda: F.scaled_dot_product_attention(mk((2, 3, 4, 8)), mk((2, 3, 5, 8)), mk((2, 3, 5, 6))))",
    () =>
      sdpaKernel(
        B.FLASH_ATTENTION,
        () => F.scaledDotProductAttention(mk([2, 3, 4, 8]), mk([2, 3, 5, 8]), mk([2, 3, 5, 6])),
      ),
  ],
  [
    "under(B.FLASH_ATTENTION, lambda: F.scaled_dot_product_attention(mk((2, 3, 4, 8)), mk((1, 3, 5, 8)), mk((1, 3, 5, 8))))",
    () =>
      sdpaKernel(
        B.FLASH_ATTENTION,
        () => F.scaledDotProductAttention(mk([2, 3, 4, 8]), mk([1, 3, 5, 8]), mk([1, 3, 5, 8])),
      ),
  ],
  [
    "under(B.FLASH_ATTENTION, lambda: F.scaled_dot_product_attention(mk((2, 3, 8, 4)).transpose(-1, -2), mk((2, 3, 5, 8)), mk((2, 3, 5, 8))))",
    () =>
      sdpaKernel(
        B.FLASH_ATTENTION,
        () => F.scaledDotProductAttention(mk([2, 3, 8, 4]).transpose(-1, -2), mk([2, 3, 5, 8]), mk([2, 3, 5, 8])),
      ),
  ],
  // the enabled backends and their priority inside and after a scope
  [
    "torch.tensor(under([B.MATH, B.FLASH_ATTENTION, B.MATH], lambda: [int(b) for b in _cur_sdpa_kernel_backends(True)], True) + [int(b) for b in _cur_sdpa_kernel_backends(True)])",
    () =>
      torch.tensor([
        ...sdpaKernel([B.MATH, B.FLASH_ATTENTION, B.MATH], true, () => currentBackends(true)),
        ...currentBackends(true),
      ]),
  ],
  [
    "torch.tensor(under([B.FLASH_ATTENTION, B.EFFICIENT_ATTENTION], lambda: [int(b) for b in _cur_sdpa_kernel_backends()]))",
    () => torch.tensor(sdpaKernel([B.FLASH_ATTENTION, B.EFFICIENT_ATTENTION], () => currentBackends())),
  ],
);
for (const dt of ["float32", "float64"] as const) {
  const pdt = dt === "float32" ? "torch.float32" : "torch.float64";
  const sd = (...ts: T[]) => F.scaledDotProductAttention(ts[0], ts[1], ts[2]);
  // flash only (the CPU flash kernel in PyTorch) and math only: values and gradients of q, k, v
  for (const [b, pyB] of [[B.FLASH_ATTENTION, "B.FLASH_ATTENTION"], [[B.MATH], "[B.MATH]"]] as const) {
    CASES.push([
      `under(${pyB}, lambda: vjp(lambda q, k, v: F.scaled_dot_product_attention(q, k, v), ${pyArgs(pdt, "True")}))`,
      () => sdpaKernel(b, () => vjp(sd, ...sdpaArgs(dt, true))),
    ]);
  }
  CASES.push(
    [
      `under(B.FLASH_ATTENTION, lambda: vjp(lambda q, k, v: F.scaled_dot_product_attention(q, k, v, mk((4, 5), 3., ${pdt}), is_causal=False, scale=0.5), ${
        pyArgs(pdt, "True")
      }))`,
      () =>
        sdpaKernel(
          B.FLASH_ATTENTION,
          () =>
            vjp(
              (q, k, v) => F.scaledDotProductAttention(q, k, v, mk([4, 5], 3, dt), { isCausal: false, scale: 0.5 }),
              ...sdpaArgs(dt, true),
            ),
        ),
    ],
    [
      `under(B.FLASH_ATTENTION, lambda: vjp(lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True), ${
        pyArgs(pdt, "True")
      }))`,
      () =>
        sdpaKernel(
          [B.FLASH_ATTENTION],
          () => vjp((q, k, v) => F.scaledDotProductAttention(q, k, v, { isCausal: true }), ...sdpaArgs(dt, true)),
        ),
    ],
    [
      `under(B.FLASH_ATTENTION, lambda: F.scaled_dot_product_attention(mk((2, 4, 4, 8), 0., ${pdt}), mk((2, 2, 5, 8), 1., ${pdt}), mk((2, 2, 5, 8), 2., ${pdt}), enable_gqa=True))`,
      () =>
        sdpaKernel(
          B.FLASH_ATTENTION,
          () =>
            F.scaledDotProductAttention(mk([2, 4, 4, 8], 0, dt), mk([2, 2, 5, 8], 1, dt), mk([2, 2, 5, 8], 2, dt), {
              enableGqa: true,
            }),
        ),
    ],
  );
}

// nn.attention.bias: causal biases as attnMask, and PyTorch's safe softmax of fully masked rows
const { CausalBias, CausalVariant, causalLowerRight, causalUpperLeft } = nn.attention.bias;
for (const dt of ["float32", "float64"] as const) {
  const pdt = dt === "float32" ? "torch.float32" : "torch.float64";
  const withMask = (m: () => unknown) => (q: T, k: T, v: T) => F.scaledDotProductAttention(q, k, v, m() as T);
  const vjpPy = (mask: string, kv = 5) =>
    `vjp(lambda q, k, v: F.scaled_dot_product_attention(q, k, v, ${mask}), mk((2, 3, 4, 8), 0., ${pdt}, True), mk((2, 3, ${kv}, 8), 1., ${pdt}, True), mk((2, 3, ${kv}, 8), 2., ${pdt}, True))`;
  const args = (
    kv = 5,
  ) => [mk([2, 3, 4, 8], 0, dt, true), mk([2, 3, kv, 8], 1, dt, true), mk([2, 3, kv, 8], 2, dt, true)];
  CASES.push(
    [vjpPy("causal_lower_right(4, 5)"), () => vjp(withMask(() => causalLowerRight(4, 5)), ...args())],
    [vjpPy("causal_upper_left(4, 5)"), () => vjp(withMask(() => causalUpperLeft(4, 5)), ...args())],
    [vjpPy("causal_lower_right(4, 4)", 4), () => vjp(withMask(() => causalLowerRight(4, 4)), ...args(4))],
    // more queries than keys: the first rows attend to nothing (zeros and zero gradients, not NaN)
    [vjpPy("causal_lower_right(4, 2)", 2), () => vjp(withMask(() => causalLowerRight(4, 2)), ...args(2))],
    [
      vjpPy("CausalBias(CausalVariant.LOWER_RIGHT, 4, 3)", 3),
      () => vjp(withMask(() => new CausalBias(CausalVariant.LOWER_RIGHT, 4, 3)), ...args(3)),
    ],
    [
      vjpPy("torch.tensor([[True] * 5, [False] * 5, [True, False] * 2 + [True], [False] * 5])"),
      () =>
        vjp(
          withMask(() => torch.tensor([[1, 1, 1, 1, 1], [0, 0, 0, 0, 0], [1, 0, 1, 0, 1], [0, 0, 0, 0, 0]]).gt(0)),
          ...args(),
        ),
    ],
    [
      vjpPy(`torch.zeros(4, 5, dtype=${pdt}).index_fill(0, torch.tensor([2]), float('-inf'))`),
      () =>
        vjp(
          withMask(() => torch.zeros(4, 5, { dtype: dt }).indexFill(0, torch.tensor([2]), -Infinity)),
          ...args(),
        ),
    ],
    [
      `vjp(lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True), mk((2, 3, 4, 8), 0., ${pdt}, True), mk((2, 3, 2, 8), 1., ${pdt}, True), mk((2, 3, 2, 8), 2., ${pdt}, True))`,
      () => vjp((q, k, v) => F.scaledDotProductAttention(q, k, v, null, 0, true), ...args(2)),
    ],
  );
}
CASES.push(
  ["causal_lower_right(3, 5)._materialize()", () => causalLowerRight(3, 5).materialize()],
  [
    "CausalBias(CausalVariant.UPPER_LEFT, 3, 2)._materialize()",
    () => new CausalBias(CausalVariant.UPPER_LEFT, 3, 2).materialize(),
  ],
  ["repr(causal_lower_right(2, 3))", () => causalLowerRight(2, 3)],
  ["torch.tensor([int(CausalVariant.UPPER_LEFT), int(CausalVariant.LOWER_RIGHT)])", () => torch.tensor([1, 2])],
  [
    "F.scaled_dot_product_attention(mk((1, 2, 2, 4)), mk((1, 2, 3, 4)), mk((1, 2, 3, 4)), causal_lower_right(2, 3), is_causal=True)",
    () =>
      F.scaledDotProductAttention(
        mk([1, 2, 2, 4]),
        mk([1, 2, 3, 4]),
        mk([1, 2, 3, 4]),
        causalLowerRight(2, 3),
        0,
        true,
      ),
  ],
);

const results = await numpy([...CASES, ...LOOSE].map(([py]) => ({ torch: true, setup: SETUP, expr: py })));

Deno.test("nn.grad and nn.attention: values, gradients and errors as PyTorch's", () => {
  assert.deepEqual(caseFailures(CASES, results.slice(0, CASES.length), { tol: { rtol: 1e-5, atol: 1e-5 } }), []);
  assert.deepEqual(caseFailures(LOOSE, results.slice(CASES.length), { anyMessage: ["RuntimeError"] }), []);
});

Deno.test("nn.grad equals autograd's gradients of the convolution", () => {
  for (const { n, x, w, s, p, d, g } of GEOMS) {
    const xv = mk(x, 0, "float64", true), wv = mk(w, 1, "float64", true);
    const y = (CONV[n - 1] as (...a: unknown[]) => T)(xv, wv, null, s, p, d, g);
    const gy = mk(y.shape, 2, "float64");
    const [gx, gw] = torch.autograd.grad(y, [xv, wv], gy);
    const gi = (INPUT[n - 1] as (...a: unknown[]) => T)(x, wv.detach(), gy, s, p, d, g);
    const gwt = (WEIGHT[n - 1] as (...a: unknown[]) => T)(xv.detach(), w, gy, s, p, d, g);
    assert.ok(gi.allclose(gx!, { rtol: 1e-12, atol: 1e-12 }), `conv${n}d_input`);
    assert.ok(gwt.allclose(gw!, { rtol: 1e-12, atol: 1e-12 }), `conv${n}d_weight`);
    // no graph when nothing requires grad, or under noGrad
    assert.equal(gi.requiresGrad, false);
    const nograd = torch.noGrad(() => (INPUT[n - 1] as (...a: unknown[]) => T)(x, wv, gy, s, p, d, g));
    assert.equal(nograd.requiresGrad, false);
  }
  // an unknown option is named; a missing required argument is a TypeError
  assert.throws(
    () => G.conv2dInput([1, 1, 3, 3], mk([1, 1, 2, 2]), mk([1, 1, 2, 2]), { strides: 1 } as never),
    /strides/,
  );
  assert.throws(() => (G.conv2dWeight as (...a: unknown[]) => T)(mk([1, 1, 3, 3]), [1, 1, 2, 2]), TypeError);
});

Deno.test("sdpaKernel: using and function scopes restore the backends; bad backends are TypeErrors", async () => {
  const [q, k, v] = sdpaArgs("float32");
  const want = F.scaledDotProductAttention(q, k, v);
  {
    using guard = sdpaKernel([B.EFFICIENT_ATTENTION, B.EFFICIENT_ATTENTION]);
    assert.deepEqual(guard.backends, [B.EFFICIENT_ATTENTION]);
    assert.deepEqual(currentBackends(), [B.EFFICIENT_ATTENTION]);
    assert.throws(() => F.scaledDotProductAttention(q, k, v), torch.RuntimeError);
  }
  assert.deepEqual(currentBackends(), [3, 1, 2, 0, 4]);
  // a throwing function restores too; a promise restores when it settles
  assert.throws(() => sdpaKernel([], () => F.scaledDotProductAttention(q, k, v)), /No viable backend/);
  assert.equal(currentBackends().length, 5);
  const pending = sdpaKernel(B.MATH, async () => {
    await Promise.resolve();
    return currentBackends();
  });
  assert.deepEqual(await pending, [B.MATH]);
  assert.equal(currentBackends().length, 5);
  // priority: the listed order first, the others after, restored on exit
  sdpaKernel([B.MATH], { setPriority: true }, () => {
    assert.deepEqual(currentBackends(true), [B.MATH]);
  });
  assert.deepEqual(currentBackends(true), [1, 2, 0, 3, 4]);
  assert.ok(sdpaKernel(B.MATH, () => F.scaledDotProductAttention(q, k, v)).equal(want));
  assert.throws(() => sdpaKernel("math" as never), /Backend must be an instance of SDPBackend/);
  assert.throws(() => sdpaKernel([B.MATH, 7] as never), TypeError);
  assert.throws(() => sdpaKernel(B.MATH, { priority: true } as never), /priority/);
  assert.throws(() => sdpaKernel(B.MATH, "yes" as never), TypeError);
  assert.equal(currentBackends().length, 5);
});

Deno.test("nn.attention.bias: factories take two sizes, variants are checked, a bias is a boolean tensor", () => {
  assert.throws(() => causalUpperLeft(3), /causal_upper_left only supports 2D tensors/);
  assert.throws(() => causalLowerRight(1, 2, 3), /causal_lower_right only supports 2D tensors/);
  assert.throws(() => new CausalBias(3 as never, 2, 2), /variant must be a CausalVariant/);
  assert.throws(() => new CausalBias(CausalVariant.UPPER_LEFT, -1, 2), TypeError);
  const b = causalUpperLeft(2, 3);
  assert.ok(b instanceof torch.Tensor);
  assert.equal(b.dtype, "bool");
  assert.deepEqual([b.variant, b.seqLenQ, b.seqLenKv], [CausalVariant.UPPER_LEFT, 2, 3]);
  // materialize() is a copy: writing it leaves the bias alone
  b.materialize().fill_(false);
  assert.deepEqual(b.tolist(), [[true, false, false], [true, true, false]]);
});
