/**
 * torch.nn.grad: the gradients of F.conv1d / conv2d / conv3d with respect
 * to their input and their weight, for a given grad_output (PyTorch's
 * `convolution_backward` with one output mask bit).
 *
 * 1-d and 2-d call the 2-d convolution's own backward primitives
 * (`_conv2dInputGrad`, `_conv2dWeightGrad`, which have derivatives of their
 * own, so the results are differentiable in weight / input and grad_output);
 * 3-d convolution is a composite (src/nn/conv3d.ts), so its gradients are
 * taken with autograd through a convolution of zeros of the given size
 * (exact: the convolution is linear in each argument).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const x = torch.randn(1, 1, 5, { requiresGrad: true }), w = torch.randn(2, 1, 3);
 * const y = nn.F.conv1d(x, w);
 * const gy = torch.randn(...y.shape);
 * const [gx] = torch.autograd.grad(y, x, gy);
 * assert.ok(nn.grad.conv1dInput(x.shape, w, gy).allclose(gx!));
 * ```
 * @module
 */
import { torchComposite } from "../api/define.ts";
import { opt, req } from "../api/signature.ts";
import type { Functions } from "../api/surface.ts";
import { isGradEnabled, withGradMode } from "../autograd/grad_mode.ts";
import { RuntimeError } from "../core/errors.ts";
import { torch } from "../torch/mod.ts";
import { type Tensor, torchFunctions } from "../torch/tensor.ts";
import { conv3d } from "./conv3d.ts";
import { P } from "./prims.ts";

type Ints = number | readonly number[];
const fmt = (s: readonly number[]) => `[${s.join(", ")}]`;

/** The convolution parameters after the tensors, as torch.nn.grad's functions take them. */
const GEOM = [
  opt("stride", "ints", 1),
  opt("padding", "ints", 0),
  opt("dilation", "ints", 1),
  opt("groups", "int", 1),
] as const;

interface Geometry {
  stride: number[];
  padding: number[];
  dilation: number[];
  groups: number;
}

/** One parameter expanded to `n` values, checked with convolution_backward's messages. */
function expand(name: string, v: Ints, n: number, min: number, what: string): number[] {
  const out = typeof v === "number" ? Array(n).fill(v) : v.length === 1 ? Array(n).fill(v[0]) : [...v];
  if (out.length !== n) {
    throw new RuntimeError(
      `expected ${name} to be a single integer value or a list of ${n} values to match the convolution dimensions, but got ${name}=${
        fmt(out)
      }`,
    );
  }
  if (out.some((x) => x < min)) throw new RuntimeError(what);
  return out;
}

/** The checks convolution_backward makes before its kernels (rank, geometry, groups, grad_output's size). */
function check(n: number, xs: readonly number[], ws: readonly number[], gy: Tensor, a: Record<string, Ints>): Geometry {
  if (ws.length !== n + 2 || xs.length !== n + 2) {
    const [k, w] = ws.length !== n + 2 ? ["weight", ws] : ["input", xs];
    throw new RuntimeError(
      `Expected ${n + 2}-dimensional ${k} for ${n + 2}-dimensional ${k === "weight" ? "input" : "weight"} ${
        fmt(k === "weight" ? xs : ws)
      }, but got ${w.length}-dimensional ${k} of size ${fmt(w)} instead`,
    );
  }
  const groups = a.groups as number;
  if (groups <= 0) throw new RuntimeError(`expected groups to be greater than 0, but got groups=${groups}`);
  const g: Geometry = {
    stride: expand("stride", a.stride, n, 1, "non-positive stride is not supported"),
    padding: expand("padding", a.padding, n, 0, "negative padding is not supported"),
    dilation: expand("dilation", a.dilation, n, 1, "dilation should be greater than zero"),
    groups,
  };
  if (ws[0] % groups !== 0) {
    throw new RuntimeError(
      `Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size ${
        fmt(ws)
      } instead`,
    );
  }
  if (xs[1] !== ws[1] * groups) {
    throw new RuntimeError(
      `Given groups=${groups}, weight of size ${fmt(ws)}, expected input${fmt(xs)} to have ${
        ws[1] * groups
      } channels, but got ${xs[1]} channels instead`,
    );
  }
  const want = [xs[0], ws[0]];
  for (let i = 0; i < n; i++) {
    const span = g.dilation[i] * (ws[i + 2] - 1) + 1;
    want.push(Math.floor((xs[i + 2] + 2 * g.padding[i] - span) / g.stride[i]) + 1);
  }
  if (want.some((s) => s < 0) || gy.shape.join() !== want.join()) {
    throw new RuntimeError(
      `conv${n}d backward: grad_output of size ${fmt(gy.shape)} does not match the convolution of an input of size ${
        fmt(xs)
      } with a weight of size ${fmt(ws)} (output size ${fmt(want.map((s) => Math.max(s, 0)))})`,
    );
  }
  return g;
}

/** A 1-d convolution's tensors and geometry as the 2-d ones of height 1 (how F.conv1d runs). */
const as2d = (g: Geometry) => [[1, ...g.stride], [0, ...g.padding], [1, ...g.dilation], g.groups] as const;

/** The gradient of conv{n}d with respect to its input, an input of `inputSize`. */
function inputGrad(n: number, inputSize: readonly number[], w: Tensor, gy: Tensor, a: Record<string, Ints>): Tensor {
  const g = check(n, inputSize, w.shape, gy, a);
  if (n === 2) return P._conv2dInputGrad(gy, w, inputSize, g.stride, g.padding, g.dilation, g.groups);
  if (n === 1) {
    const xs = [inputSize[0], inputSize[1], 1, inputSize[2]];
    return P._conv2dInputGrad(gy.unsqueeze(2), w.unsqueeze(2), xs, ...as2d(g)).squeeze(2);
  }
  return viaAutograd(gy, [w], (x) => conv3d(x, w, null, g.stride, g.padding, g.dilation, g.groups), inputSize, w);
}

/** The gradient of conv{n}d with respect to its weight, a weight of `weightSize`. */
function weightGrad(n: number, x: Tensor, weightSize: readonly number[], gy: Tensor, a: Record<string, Ints>): Tensor {
  const g = check(n, x.shape, weightSize, gy, a);
  if (n === 2) return P._conv2dWeightGrad(x, gy, weightSize, g.stride, g.padding, g.dilation, g.groups, false)[0];
  if (n === 1) {
    const ws = [weightSize[0], weightSize[1], 1, weightSize[2]];
    return P._conv2dWeightGrad(x.unsqueeze(2), gy.unsqueeze(2), ws, ...as2d(g), false)[0].squeeze(2);
  }
  return viaAutograd(gy, [x], (w) => conv3d(x, w, null, g.stride, g.padding, g.dilation, g.groups), weightSize, x);
}

/**
 * The gradient of `conv(z)` at z = zeros(size) for grad_output `gy`; with a
 * graph when grad mode is on and `gy` or one of `others` requires grad, so
 * the result is differentiable in them as PyTorch's convolution_backward.
 */
function viaAutograd(
  gy: Tensor,
  others: Tensor[],
  conv: (z: Tensor) => Tensor,
  size: readonly number[],
  like: Tensor,
): Tensor {
  if (gy.dtype !== like.dtype) {
    throw new RuntimeError(`expected scalar type ${cType(like)} but found ${cType(gy)}`);
  }
  const createGraph = isGradEnabled() && [gy, ...others].some((t) => t.requiresGrad);
  return withGradMode(true, () => {
    const z = like.newZeros([...size]).requiresGrad_();
    return torch.autograd.grad(conv(z), z, gy, { createGraph })[0]!;
  });
}
const cType = (t: Tensor) => t.dtype === "float64" ? "Double" : t.dtype === "float32" ? "Float" : t.dtype;

const inputFn = <const N extends string>(name: N, n: number) =>
  torchComposite(
    name,
    `The gradient of conv${n}d with respect to its input (of size inputSize) for gradOutput.`,
    { pos: [req("inputSize", "ints"), req("weight", "array"), req("gradOutput", "array"), ...GEOM], kw: [] },
    // (one int is a 1-d size, as PyTorch's expand(input_size) takes it)
    (a) => inputGrad(n, [a.inputSize].flat(), a.weight, a.gradOutput, a),
  );
const weightFn = <const N extends string>(name: N, n: number) =>
  torchComposite(
    name,
    `The gradient of conv${n}d with respect to its weight (of size weightSize) for gradOutput.`,
    { pos: [req("input", "array"), req("weightSize", "ints"), req("gradOutput", "array"), ...GEOM], kw: [] },
    (a) => weightGrad(n, a.input, [a.weightSize].flat(), a.gradOutput, a),
  );

const GRAD_DECLS = {
  conv1dInput: inputFn("conv1dInput", 1),
  conv1dWeight: weightFn("conv1dWeight", 1),
  conv2dInput: inputFn("conv2dInput", 2),
  conv2dWeight: weightFn("conv2dWeight", 2),
  conv3dInput: inputFn("conv3dInput", 3),
  conv3dWeight: weightFn("conv3dWeight", 3),
};

/** torch.nn.grad's functions' types. */
export type Grad = Functions<typeof GRAD_DECLS, "torch", Tensor, Tensor>;
const GRAD = torchFunctions(GRAD_DECLS) as unknown as Grad;

/**
 * The gradient of F.conv1d with respect to its input:
 * `conv1dInput(inputSize, weight, gradOutput, stride?, padding?, dilation?, groups?)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const gx = nn.grad.conv1dInput([1, 1, 4], torch.ones(1, 1, 2), torch.ones(1, 1, 3));
 * assert.deepEqual(gx.tolist(), [[[1, 2, 2, 1]]]);
 * ```
 */
export const conv1dInput: Grad["conv1dInput"] = GRAD.conv1dInput;
/**
 * The gradient of F.conv1d with respect to its weight:
 * `conv1dWeight(input, weightSize, gradOutput, stride?, padding?, dilation?, groups?)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const gw = nn.grad.conv1dWeight(torch.arange(1, 5, { dtype: "float32" }).reshape(1, 1, 4), [1, 1, 2], torch.ones(1, 1, 3), { stride: 1 });
 * assert.deepEqual(gw.tolist(), [[[6, 9]]]);
 * ```
 */
export const conv1dWeight: Grad["conv1dWeight"] = GRAD.conv1dWeight;
/**
 * The gradient of F.conv2d with respect to its input (see conv1dInput).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const gx = nn.grad.conv2dInput([1, 1, 3, 3], torch.ones(1, 1, 2, 2), torch.ones(1, 1, 1, 1), 2);
 * assert.deepEqual(gx.tolist(), [[[[1, 1, 0], [1, 1, 0], [0, 0, 0]]]]);
 * ```
 */
export const conv2dInput: Grad["conv2dInput"] = GRAD.conv2dInput;
/**
 * The gradient of F.conv2d with respect to its weight (see conv1dWeight).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const gw = nn.grad.conv2dWeight(torch.ones(1, 1, 3, 3), [1, 1, 2, 2], torch.ones(1, 1, 2, 2));
 * assert.deepEqual(gw.tolist(), [[[[4, 4], [4, 4]]]]);
 * ```
 */
export const conv2dWeight: Grad["conv2dWeight"] = GRAD.conv2dWeight;
/**
 * The gradient of F.conv3d with respect to its input (see conv1dInput).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const gx = nn.grad.conv3dInput([1, 1, 2, 2, 2], torch.ones(1, 1, 1, 1, 1), torch.ones(1, 1, 2, 2, 2).mul(3));
 * assert.ok(gx.eq(3).all().item());
 * ```
 */
export const conv3dInput: Grad["conv3dInput"] = GRAD.conv3dInput;
/**
 * The gradient of F.conv3d with respect to its weight (see conv1dWeight).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const gw = nn.grad.conv3dWeight(torch.ones(1, 1, 2, 2, 2), [1, 1, 1, 1, 1], torch.ones(1, 1, 2, 2, 2));
 * assert.deepEqual(gw.tolist(), [[[[[8]]]]]);
 * ```
 */
export const conv3dWeight: Grad["conv3dWeight"] = GRAD.conv3dWeight;
