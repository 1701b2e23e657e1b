/**
 * The convolution, pooling and batch-norm kernels (src/backend/cpu_nn.ts) against
 * torch.nn.functional and torch.autograd, on random inputs in both dtypes,
 * through tests/backend/cpu_nn_oracle.py (inputs and results pass as raw
 * files). Each convolution runs on every path this build has (im2col, and
 * oneDNN for float32 when linked).
 */
import assert from "node:assert/strict";
import * as nn from "../../src/backend/cpu_nn.ts";
import { pythonJson } from "../helpers/python.ts";

type FArr = Float32Array | Float64Array;
type Out = FArr | BigInt64Array;
type D = nn.FloatDType;

interface Case {
  id: string;
  op: string;
  dtype: D;
  inputs: Record<string, { shape: number[]; data: FArr }>;
  params: Record<string, unknown>;
  /** Our results, in the oracle's order; null where not compared. */
  ours: () => (Out | null)[];
}

let seed = 12345;
function random(): number {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 4294967296;
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const ctor = (d: D) => d === "float32" ? Float32Array : Float64Array;
const bytes = (a: Out) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

function rand(d: D, shape: number[]): { shape: number[]; data: FArr } {
  const data = new (ctor(d))(size(shape));
  for (let i = 0; i < data.length; i++) data[i] = random() * 2 - 1;
  return { shape, data };
}

const cases: Case[] = [];
const DTYPES: D[] = ["float32", "float64"];
const IMPLS = (d: D): nn.ConvImpl[] =>
  d === "float32" && nn.haveOneDNN() ? ["im2col", "onednn", "auto"] : ["im2col", "auto"];

interface ConvSpec {
  n: number;
  c: number;
  h: number;
  w: number;
  k: number;
  r: number;
  s: number;
  stride?: [number, number];
  padding?: [number, number, number, number];
  dilation?: [number, number];
  groups?: number;
  bias?: boolean;
  /** an infinite input element */
  inf?: boolean;
}

function convCase(name: string, spec: ConvSpec) {
  for (const dtype of DTYPES) {
    for (const impl of IMPLS(dtype)) {
      const g: nn.Conv2dGeometry = {
        stride: [1, 1],
        padding: [0, 0, 0, 0],
        dilation: [1, 1],
        groups: 1,
        ...spec,
      };
      const [oh, ow] = nn.conv2dOutputSize(g);
      const bias = spec.bias ?? true;
      const inputs: Case["inputs"] = {
        x: rand(dtype, [g.n, g.c, g.h, g.w]),
        w: rand(dtype, [g.k, g.c / g.groups, g.r, g.s]),
        gy: rand(dtype, [g.n, g.k, oh, ow]),
      };
      if (bias) inputs.b = rand(dtype, [g.k]);
      if (spec.inf) inputs.x.data[2 * g.w - 1] = Infinity; // the last column: the wide grid's extra outputs read it
      const C = ctor(dtype);
      cases.push({
        id: `conv_${name}_${dtype}_${impl}`,
        op: "conv",
        dtype,
        inputs,
        params: { stride: g.stride, padding: g.padding, dilation: g.dilation, groups: g.groups },
        ours: () => {
          const y = new C(size(inputs.gy.shape)), gx = new C(size(inputs.x.shape)), gw = new C(size(inputs.w.shape));
          const gb = bias ? new C(g.k) : null;
          nn.conv2dForward(
            dtype,
            bytes(inputs.x.data),
            bytes(inputs.w.data),
            bias ? bytes(inputs.b.data) : null,
            bytes(y),
            g,
            impl,
          );
          nn.conv2dBackwardInput(dtype, bytes(inputs.gy.data), bytes(inputs.w.data), bytes(gx), g, impl);
          nn.conv2dBackwardWeight(
            dtype,
            bytes(inputs.x.data),
            bytes(inputs.gy.data),
            bytes(gw),
            gb && bytes(gb),
            g,
            impl,
          );
          return gb ? [y, gx, gw, gb] : [y, gx, gw];
        },
      });
    }
  }
}

convCase("basic", { n: 2, c: 3, h: 8, w: 8, k: 4, r: 3, s: 3, padding: [1, 1, 1, 1] });
convCase("stride2", { n: 2, c: 4, h: 9, w: 7, k: 5, r: 3, s: 3, stride: [2, 2], padding: [1, 1, 1, 1] });
convCase("asym_pad", { n: 2, c: 3, h: 7, w: 6, k: 4, r: 3, s: 2, stride: [1, 2], padding: [0, 1, 2, 0] });
convCase("dilation2", { n: 2, c: 3, h: 10, w: 9, k: 4, r: 3, s: 3, dilation: [2, 2], padding: [2, 2, 2, 2] });
convCase("groups2", { n: 2, c: 4, h: 6, w: 6, k: 6, r: 3, s: 3, groups: 2, padding: [1, 1, 1, 1] });
convCase("depthwise", { n: 2, c: 4, h: 7, w: 7, k: 4, r: 3, s: 3, groups: 4, padding: [1, 1, 1, 1] });
convCase("depthwise_x2", {
  n: 2,
  c: 3,
  h: 6,
  w: 5,
  k: 6,
  r: 3,
  s: 3,
  groups: 3,
  stride: [2, 1],
  padding: [1, 1, 1, 1],
});
convCase("pointwise", { n: 2, c: 5, h: 6, w: 7, k: 3, r: 1, s: 1 });
convCase("pointwise_stride2", { n: 2, c: 5, h: 7, w: 7, k: 3, r: 1, s: 1, stride: [2, 2], bias: false });
convCase("batch1_5x5", { n: 1, c: 3, h: 12, w: 12, k: 8, r: 5, s: 5, padding: [2, 2, 2, 2] });
convCase("conv1d", { n: 2, c: 3, h: 1, w: 20, k: 4, r: 1, s: 5, padding: [0, 2, 0, 2] });
convCase("whole_input", { n: 2, c: 2, h: 5, w: 5, k: 3, r: 5, s: 5, bias: false });
convCase("pad_past_kernel", { n: 2, c: 2, h: 5, w: 4, k: 3, r: 3, s: 2, padding: [3, 2, 1, 2] });
convCase("inf_input", { n: 2, c: 2, h: 6, w: 6, k: 3, r: 3, s: 3, padding: [1, 1, 1, 1], inf: true });
convCase("odd", {
  n: 2,
  c: 2,
  h: 11,
  w: 10,
  k: 3,
  r: 2,
  s: 4,
  stride: [3, 2],
  padding: [2, 1, 1, 3],
  dilation: [1, 2],
});
// threaded: whole images per thread; one image cut into bands; bands forced by the col block's size
convCase("threads_batch", { n: 4, c: 8, h: 20, w: 20, k: 16, r: 3, s: 3, padding: [1, 1, 1, 1] });
convCase("threads_batch1", { n: 1, c: 16, h: 32, w: 32, k: 32, r: 3, s: 3, padding: [1, 1, 1, 1] });
convCase("bands", { n: 1, c: 32, h: 32, w: 32, k: 8, r: 3, s: 3, padding: [1, 1, 1, 1], groups: 2 });
convCase("pointwise_threads", { n: 3, c: 64, h: 16, w: 16, k: 48, r: 1, s: 1 });

function convTransposeCase(
  name: string,
  t: { n: number; cin: number; hin: number; win: number; cout: number; r: number; s: number },
  stride: [number, number],
  pad: number,
  outPad: number,
  dilation: [number, number],
  groups: number,
) {
  for (const dtype of DTYPES) {
    const hout = (t.hin - 1) * stride[0] - 2 * pad + dilation[0] * (t.r - 1) + outPad + 1;
    const wout = (t.win - 1) * stride[1] - 2 * pad + dilation[1] * (t.s - 1) + outPad + 1;
    // the convolution that maps conv_transpose2d's output back to its input
    const g: nn.Conv2dGeometry = {
      n: t.n,
      c: t.cout,
      h: hout,
      w: wout,
      k: t.cin,
      r: t.r,
      s: t.s,
      stride,
      padding: [pad, pad, pad, pad],
      dilation,
      groups,
    };
    const inputs = {
      x: rand(dtype, [t.n, t.cin, t.hin, t.win]),
      w: rand(dtype, [t.cin, t.cout / groups, t.r, t.s]),
      b: rand(dtype, [t.cout]),
      gy: rand(dtype, [t.n, t.cout, hout, wout]),
    };
    const C = ctor(dtype);
    cases.push({
      id: `convT_${name}_${dtype}`,
      op: "conv_transpose",
      dtype,
      inputs,
      params: { stride, padding: pad, output_padding: outPad, dilation, groups },
      ours: () => {
        const y = new C(size(inputs.gy.shape)), gx = new C(size(inputs.x.shape)), gw = new C(size(inputs.w.shape));
        nn.conv2dBackwardInput(dtype, bytes(inputs.x.data), bytes(inputs.w.data), bytes(y), g);
        const plane = hout * wout;
        for (let i = 0; i < y.length; i++) y[i] += inputs.b.data[Math.floor(i / plane) % t.cout];
        nn.conv2dForward(dtype, bytes(inputs.gy.data), bytes(inputs.w.data), null, bytes(gx), g);
        nn.conv2dBackwardWeight(dtype, bytes(inputs.gy.data), bytes(inputs.x.data), bytes(gw), null, g);
        return [y, gx, gw, null];
      },
    });
  }
}

convTransposeCase("s2_outpad", { n: 2, cin: 4, hin: 5, win: 5, cout: 3, r: 3, s: 3 }, [2, 2], 1, 1, [1, 1], 1);
convTransposeCase("groups_dil", { n: 2, cin: 4, hin: 6, win: 5, cout: 6, r: 3, s: 3 }, [1, 1], 2, 0, [2, 2], 2);
convTransposeCase("s3_k2", { n: 1, cin: 3, hin: 4, win: 3, cout: 2, r: 2, s: 2 }, [3, 3], 0, 2, [1, 1], 1);

interface PoolSpec {
  n: number;
  c: number;
  h: number;
  w: number;
  kernel: [number, number];
  stride: [number, number];
  padding?: [number, number];
  dilation?: [number, number];
  ceil?: boolean;
}

function maxPoolCase(name: string, spec: PoolSpec, nans = false) {
  for (const dtype of DTYPES) {
    const g: nn.MaxPool2dGeometry = { padding: [0, 0], dilation: [1, 1], ceilMode: spec.ceil ?? false, ...spec };
    const [oh, ow] = nn.pool2dOutputSize(g);
    const inputs = { x: rand(dtype, [g.n, g.c, g.h, g.w]), gy: rand(dtype, [g.n, g.c, oh, ow]) };
    if (nans) { for (let i = 0; i < inputs.x.data.length; i += 7) inputs.x.data[i] = NaN; }
    const C = ctor(dtype), p = { n: g.n, c: g.c, h: g.h, w: g.w, oh, ow };
    cases.push({
      id: `maxpool_${name}_${dtype}`,
      op: "max_pool",
      dtype,
      inputs,
      params: { kernel: g.kernel, stride: g.stride, padding: g.padding, dilation: g.dilation, ceil: g.ceilMode },
      ours: () => {
        const y = new C(size(inputs.gy.shape)), idx = new BigInt64Array(y.length), gx = new C(inputs.x.data.length);
        nn.maxPool2d(dtype, bytes(inputs.x.data), bytes(y), bytes(idx), g);
        nn.maxPool2dBackward(dtype, bytes(inputs.gy.data), bytes(idx), bytes(gx), p);
        return [y, idx, gx];
      },
    });
  }
}

maxPoolCase("k2s2", { n: 2, c: 3, h: 8, w: 8, kernel: [2, 2], stride: [2, 2] });
maxPoolCase("k3s2p1_ceil", { n: 2, c: 3, h: 9, w: 7, kernel: [3, 3], stride: [2, 2], padding: [1, 1], ceil: true });
maxPoolCase("dilation2", {
  n: 2,
  c: 2,
  h: 9,
  w: 10,
  kernel: [3, 3],
  stride: [1, 1],
  padding: [1, 1],
  dilation: [2, 2],
});
maxPoolCase("rect_ceil", { n: 1, c: 3, h: 7, w: 8, kernel: [2, 3], stride: [1, 2], padding: [1, 0], ceil: true });
maxPoolCase("nan", { n: 2, c: 2, h: 6, w: 6, kernel: [2, 2], stride: [2, 2] }, true);
// rows of 16+ outputs take the vector path (stride 1, 2, other), NaNs included
maxPoolCase("wide_s2", { n: 1, c: 2, h: 6, w: 40, kernel: [2, 2], stride: [2, 2] }, true);
maxPoolCase("wide_s1_pad", { n: 1, c: 2, h: 5, w: 37, kernel: [3, 3], stride: [1, 1], padding: [1, 1] }, true);
maxPoolCase("wide_s3_dil", {
  n: 1,
  c: 2,
  h: 7,
  w: 60,
  kernel: [2, 3],
  stride: [2, 3],
  padding: [1, 1],
  dilation: [1, 2],
  ceil: true,
}, true);
maxPoolCase("threads", { n: 8, c: 8, h: 28, w: 28, kernel: [2, 2], stride: [2, 2] });

function avgPoolCase(name: string, spec: PoolSpec, countIncludePad: boolean, divisor: number | null) {
  for (const dtype of DTYPES) {
    const g: nn.AvgPool2dGeometry = {
      padding: [0, 0],
      ceilMode: spec.ceil ?? false,
      countIncludePad,
      divisorOverride: divisor,
      ...spec,
    };
    const [oh, ow] = nn.pool2dOutputSize(g);
    const inputs = { x: rand(dtype, [g.n, g.c, g.h, g.w]), gy: rand(dtype, [g.n, g.c, oh, ow]) };
    const C = ctor(dtype);
    cases.push({
      id: `avgpool_${name}_${dtype}`,
      op: "avg_pool",
      dtype,
      inputs,
      params: {
        kernel: g.kernel,
        stride: g.stride,
        padding: g.padding,
        ceil: g.ceilMode,
        count_include_pad: countIncludePad,
        divisor,
      },
      ours: () => {
        const y = new C(size(inputs.gy.shape)), gx = new C(inputs.x.data.length);
        nn.avgPool2d(dtype, bytes(inputs.x.data), bytes(y), g);
        nn.avgPool2dBackward(dtype, bytes(inputs.gy.data), bytes(gx), g);
        return [y, gx];
      },
    });
  }
}

avgPoolCase("k2s2", { n: 2, c: 3, h: 8, w: 8, kernel: [2, 2], stride: [2, 2] }, true, null);
avgPoolCase(
  "k3s2p1_ceil_incl",
  { n: 2, c: 2, h: 9, w: 7, kernel: [3, 3], stride: [2, 2], padding: [1, 1], ceil: true },
  true,
  null,
);
avgPoolCase(
  "k3s2p1_ceil_excl",
  { n: 2, c: 2, h: 9, w: 7, kernel: [3, 3], stride: [2, 2], padding: [1, 1], ceil: true },
  false,
  null,
);
avgPoolCase("divisor", { n: 1, c: 2, h: 6, w: 7, kernel: [2, 3], stride: [2, 2], padding: [1, 1] }, true, 3);
avgPoolCase(
  "rect_excl",
  { n: 2, c: 2, h: 7, w: 5, kernel: [3, 2], stride: [2, 1], padding: [1, 1], ceil: true },
  false,
  null,
);
avgPoolCase("threads", { n: 8, c: 8, h: 28, w: 28, kernel: [2, 2], stride: [2, 2] }, true, null);

function adaptiveCase(kind: "avg" | "max", name: string, p: nn.PlanesShape) {
  for (const dtype of DTYPES) {
    const inputs = { x: rand(dtype, [p.n, p.c, p.h, p.w]), gy: rand(dtype, [p.n, p.c, p.oh, p.ow]) };
    const C = ctor(dtype);
    cases.push({
      id: `adaptive_${kind}_${name}_${dtype}`,
      op: `adaptive_${kind}`,
      dtype,
      inputs,
      params: { size: [p.oh, p.ow] },
      ours: () => {
        const y = new C(size(inputs.gy.shape)), gx = new C(inputs.x.data.length);
        if (kind === "avg") {
          nn.adaptiveAvgPool2d(dtype, bytes(inputs.x.data), bytes(y), p);
          nn.adaptiveAvgPool2dBackward(dtype, bytes(inputs.gy.data), bytes(gx), p);
          return [y, gx];
        }
        const idx = new BigInt64Array(y.length);
        nn.adaptiveMaxPool2d(dtype, bytes(inputs.x.data), bytes(y), bytes(idx), p);
        nn.maxPool2dBackward(dtype, bytes(inputs.gy.data), bytes(idx), bytes(gx), p);
        return [y, idx, gx];
      },
    });
  }
}

for (const kind of ["avg", "max"] as const) {
  adaptiveCase(kind, "down", { n: 2, c: 3, h: 7, w: 9, oh: 3, ow: 4 });
  adaptiveCase(kind, "up", { n: 1, c: 2, h: 5, w: 5, oh: 7, ow: 3 });
  adaptiveCase(kind, "global", { n: 2, c: 3, h: 6, w: 5, oh: 1, ow: 1 });
  adaptiveCase(kind, "threads", { n: 8, c: 16, h: 24, w: 24, oh: 5, ow: 7 });
}

function batchNormCase(name: string, shape: number[], training: boolean, affine: boolean, running: boolean) {
  for (const dtype of DTYPES) {
    const [n, c] = shape, hw = size(shape.slice(2)), p = { n, c, hw };
    const inputs: Case["inputs"] = { x: rand(dtype, shape), gy: rand(dtype, shape) };
    if (affine) inputs.w = rand(dtype, [c]), inputs.b = rand(dtype, [c]);
    if (running) {
      inputs.rm = rand(dtype, [c]);
      inputs.rv = rand(dtype, [c]);
      inputs.rv.data.forEach((v, i, a) => a[i] = Math.abs(v) + 0.5);
    }
    const C = ctor(dtype), momentum = 0.1, eps = 1e-5;
    cases.push({
      id: `batchnorm_${name}_${dtype}`,
      op: "batch_norm",
      dtype,
      inputs,
      params: { training, momentum, eps },
      ours: () => {
        const y = new C(inputs.x.data.length), gx = new C(y.length), mean = new C(c), inv = new C(c);
        const gw = new C(c), gb = new C(c), rm = running ? inputs.rm.data.slice() : null;
        const rv = running ? inputs.rv.data.slice() : null, opt = (a: FArr | null) => a && bytes(a);
        const w = affine ? bytes(inputs.w.data) : null;
        nn.batchNorm(
          dtype,
          bytes(inputs.x.data),
          w,
          opt(affine ? inputs.b.data : null),
          opt(rm),
          opt(rv),
          bytes(y),
          bytes(mean),
          bytes(inv),
          p,
          momentum,
          eps,
          training,
        );
        nn.batchNormBackward(
          dtype,
          bytes(inputs.gy.data),
          bytes(inputs.x.data),
          w,
          bytes(mean),
          bytes(inv),
          bytes(gx),
          affine ? bytes(gw) : null,
          affine ? bytes(gb) : null,
          p,
          training,
        );
        return [y, gx, ...(affine ? [gw, gb] : []), ...(rm && rv ? [rm, rv] : [])];
      },
    });
  }
}

batchNormCase("train", [4, 3, 5, 6], true, true, true);
batchNormCase("train_plain", [3, 4, 7], true, false, false);
batchNormCase("eval", [4, 3, 5, 6], false, true, true);
batchNormCase("features", [16, 5], true, true, true);
batchNormCase("threads", [32, 16, 14, 14], true, true, true);

async function oracle(
  list: Case[],
): Promise<{ dir: string; res: ({ outs: { dtype: string; shape: number[] }[] } | { error: string })[] }> {
  const dir = await Deno.makeTempDir({ prefix: "dendrite-nn-" });
  for (const c of list) {
    for (const [k, v] of Object.entries(c.inputs)) await Deno.writeFile(`${dir}/${c.id}_${k}.bin`, bytes(v.data));
  }
  const body = {
    dir,
    cases: list.map((c) => ({
      id: c.id,
      op: c.op,
      dtype: c.dtype,
      params: c.params,
      inputs: Object.fromEntries(Object.entries(c.inputs).map(([k, v]) => [k, v.shape])),
    })),
  };
  const script = new URL("./cpu_nn_oracle.py", import.meta.url).pathname;
  return { dir, res: await pythonJson([script], { stdin: JSON.stringify(body) }) };
}

function compare(label: string, got: Out, file: Uint8Array, dtype: string, f32: boolean): string | null {
  if (got instanceof BigInt64Array) {
    const want = new BigInt64Array(file.buffer, file.byteOffset, file.byteLength / 8);
    if (dtype !== "int64" || want.length !== got.length) return `${label}: indices dtype/length`;
    const i = want.findIndex((v, j) => v !== got[j]);
    return i < 0 ? null : `${label}[${i}]: index ${got[i]}, torch ${want[i]}`;
  }
  const want = f32
    ? new Float32Array(file.buffer, file.byteOffset, file.byteLength / 4)
    : new Float64Array(file.buffer, file.byteOffset, file.byteLength / 8);
  if (want.length !== got.length) return `${label}: ${got.length} elements, torch ${want.length}`;
  let scale = 1;
  for (const v of want) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  // sums of up to a few thousand products: float32 rounding grows with them
  const tol = f32 ? 2e-5 * scale : 1e-12 * scale;
  for (let i = 0; i < want.length; i++) {
    const a = got[i], b = want[i];
    const bad = Number.isFinite(b)
      ? !(Math.abs(a - b) <= tol + (f32 ? 1e-5 : 1e-12) * Math.abs(b))
      : !Object.is(a, b) && !(Number.isNaN(a) && Number.isNaN(b));
    if (bad) {
      return `${label}[${i}]: got ${a}, torch ${b}`;
    }
  }
  return null;
}

Deno.test("conv2d, conv_transpose2d, the pools and batch_norm match torch.nn.functional and autograd", async () => {
  const { dir, res } = await oracle(cases);
  const failures: string[] = [];
  try {
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i], r = res[i];
      if ("error" in r) {
        failures.push(`${c.id}: torch raised ${r.error}`);
        continue;
      }
      let ours: (Out | null)[];
      try {
        ours = c.ours();
      } catch (e) {
        failures.push(`${c.id}: ${(e as Error).message}`);
        continue;
      }
      for (let j = 0; j < ours.length; j++) {
        const got = ours[j];
        if (!got) continue;
        const file = await Deno.readFile(`${dir}/${c.id}_out${j}.bin`);
        const msg = compare(`${c.id} out${j}`, got, file, r.outs[j].dtype, c.dtype === "float32");
        if (msg) failures.push(msg);
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  assert.deepEqual(failures, [], `${failures.length} of ${cases.length} cases differ`);
});

Deno.test("bad geometry and buffers are errors, not crashes", () => {
  const f = (n: number) => new Uint8Array(n * 4);
  const g: nn.Conv2dGeometry = {
    n: 1,
    c: 4,
    h: 5,
    w: 5,
    k: 6,
    r: 3,
    s: 3,
    stride: [1, 1],
    padding: [0, 0, 0, 0],
    dilation: [1, 1],
    groups: 3,
  };
  assert.throws(() => nn.conv2dForward("float32", f(100), f(6 * 1 * 9), null, f(6 * 9), g), /divisible by groups/);
  const big = { ...g, groups: 1, r: 7 };
  assert.throws(() => nn.conv2dForward("float32", f(100), f(6 * 4 * 7 * 3), null, f(0), big), /kernel larger/);
  const ok = { ...g, groups: 1 };
  assert.throws(() => nn.conv2dForward("float32", f(99), f(6 * 4 * 9), null, f(6 * 9), ok), /input has 396 bytes/);
  assert.throws(() => nn.conv2dForward("float64", f(200), f(432), null, f(108), ok, "onednn"), /oneDNN/);
  const pool: nn.MaxPool2dGeometry = {
    n: 1,
    c: 1,
    h: 4,
    w: 4,
    kernel: [2, 2],
    stride: [2, 2],
    padding: [2, 2],
    dilation: [1, 1],
    ceilMode: false,
  };
  assert.throws(() => nn.maxPool2d("float32", f(16), f(16), new Uint8Array(128), pool), /at most half/);
  const idx = new BigInt64Array([0n, 1n, 2n, 99n]);
  const planes = { n: 1, c: 1, h: 4, w: 4, oh: 2, ow: 2 };
  assert.throws(() => nn.maxPool2dBackward("float32", f(4), bytes(idx), f(16), planes), /index out of range/);
});
