/**
 * torch.nn.init: in-place initializers drawing from torch's default
 * generator (or a given one) in PyTorch's order, so a seed gives PyTorch's
 * weights: fan computations, gains and bounds as torch/nn/init.py computes
 * them in Python doubles, then uniform_ / normal_ on the tensor.
 */
import { withGradMode } from "../autograd/grad_mode.ts";
import { torch } from "../torch/mod.ts";
import type { Tensor } from "../torch/tensor.ts";
import { bind, binder } from "./module.ts";
import { opt, req } from "../api/signature.ts";

const noGrad = <T>(f: () => T): T => withGradMode(false, f);

/** fan_in and fan_out of a weight (PyTorch's _calculate_fan_in_and_fan_out). */
export function calculateFanInAndFanOut(t: Tensor): [number, number] {
  if (t.ndim < 2) {
    throw new RangeError("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions");
  }
  let receptive = 1;
  for (let i = 2; i < t.ndim; i++) receptive *= t.shape[i];
  return [t.shape[1] * receptive, t.shape[0] * receptive];
}

function correctFan(t: Tensor, mode: string): number {
  if (mode !== "fan_in" && mode !== "fan_out") {
    throw new RangeError(`Mode ${mode} not supported, please use one of fan_in, fan_out`);
  }
  const [fi, fo] = calculateFanInAndFanOut(t);
  return mode === "fan_in" ? fi : fo;
}

const GAIN = binder("calculateGain", { pos: [req("nonlinearity", "string"), opt("param", "number", null)], kw: [] });
/**
 * The recommended gain of a nonlinearity (PyTorch's calculate_gain).
 *
 * @example
 * ```ts
 * import { nn } from "../../mod.ts";
 * console.log(nn.init.calculateGain("relu")); // 1.4142135623730951
 * ```
 */
export function calculateGain(...args: unknown[]): number {
  const a = bind(GAIN, args);
  const nl: string = a.nonlinearity, param: number | null = a.param;
  const linear = ["linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d"];
  if (linear.includes(nl) || nl === "sigmoid") return 1;
  if (nl === "tanh") return 5 / 3;
  if (nl === "relu") return Math.sqrt(2);
  if (nl === "leaky_relu") {
    const slope = param ?? 0.01;
    return Math.sqrt(2 / (1 + slope * slope));
  }
  if (nl === "selu") return 3 / 4;
  throw new RangeError(`Unsupported nonlinearity ${nl}`);
}

const UNIFORM = binder("uniform_", {
  pos: [req("tensor", "array"), opt("a", "number", 0), opt("b", "number", 1), opt("generator", "any", null)],
  kw: [],
});
/** Fills with U(a, b). */
export function uniform_(...args: unknown[]): Tensor {
  const a = bind(UNIFORM, args);
  return noGrad(() => (a.tensor as Tensor).uniform_(a.a, a.b, { generator: a.generator }));
}

const NORMAL = binder("normal_", {
  pos: [req("tensor", "array"), opt("mean", "number", 0), opt("std", "number", 1), opt("generator", "any", null)],
  kw: [],
});
/** Fills with N(mean, std^2). */
export function normal_(...args: unknown[]): Tensor {
  const a = bind(NORMAL, args);
  return noGrad(() => (a.tensor as Tensor).normal_(a.mean, a.std, { generator: a.generator }));
}

const CONSTANT = binder("constant_", { pos: [req("tensor", "array"), req("val", "number")], kw: [] });
/** Fills with a value. */
export function constant_(...args: unknown[]): Tensor {
  const a = bind(CONSTANT, args);
  return noGrad(() => (a.tensor as Tensor).fill_(a.val));
}
/** Fills with 0. */
export function zeros_(tensor: Tensor): Tensor {
  return constant_(tensor, 0);
}
/** Fills with 1. */
export function ones_(tensor: Tensor): Tensor {
  return constant_(tensor, 1);
}
/** Fills a 2-d tensor with the identity. */
export function eye_(tensor: Tensor): Tensor {
  if (tensor.ndim !== 2) throw new RangeError("Only tensors with 2 dimensions are supported");
  return noGrad(() => tensor.copy_(torch.eye(tensor.shape[0], tensor.shape[1], { dtype: tensor.dtype })));
}

const XAVIER = binder("xavier_", {
  pos: [req("tensor", "array"), opt("gain", "number", 1), opt("generator", "any", null)],
  kw: [],
});
/** U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out)) (Glorot). */
export function xavierUniform_(...args: unknown[]): Tensor {
  const a = bind(XAVIER, args);
  const [fi, fo] = calculateFanInAndFanOut(a.tensor);
  const std = a.gain * Math.sqrt(2 / (fi + fo));
  const bound = Math.sqrt(3) * std;
  return noGrad(() => (a.tensor as Tensor).uniform_(-bound, bound, { generator: a.generator }));
}
/** N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out)) (Glorot). */
export function xavierNormal_(...args: unknown[]): Tensor {
  const a = bind(XAVIER, args);
  const [fi, fo] = calculateFanInAndFanOut(a.tensor);
  const std = a.gain * Math.sqrt(2 / (fi + fo));
  return noGrad(() => (a.tensor as Tensor).normal_(0, std, { generator: a.generator }));
}

const KAIMING = binder("kaiming_", {
  pos: [
    req("tensor", "array"),
    opt("a", "number", 0),
    opt("mode", "string", "fan_in", { choices: ["fan_in", "fan_out"] }),
    opt("nonlinearity", "string", "leaky_relu"),
    opt("generator", "any", null),
  ],
  kw: [],
});
/** U(-bound, bound) with bound = gain * sqrt(3 / fan) (He); nn.Linear's weight init is a = sqrt(5). */
export function kaimingUniform_(...args: unknown[]): Tensor {
  const a = bind(KAIMING, args);
  const t: Tensor = a.tensor;
  if (t.numel() === 0) return t; // PyTorch warns and draws nothing
  const fan = correctFan(t, a.mode);
  const gain = calculateGain(a.nonlinearity, a.a);
  const std = gain / Math.sqrt(fan);
  const bound = Math.sqrt(3) * std;
  return noGrad(() => t.uniform_(-bound, bound, { generator: a.generator }));
}
/** N(0, std^2) with std = gain / sqrt(fan) (He). */
export function kaimingNormal_(...args: unknown[]): Tensor {
  const a = bind(KAIMING, args);
  const t: Tensor = a.tensor;
  if (t.numel() === 0) return t;
  const fan = correctFan(t, a.mode);
  const std = calculateGain(a.nonlinearity, a.a) / Math.sqrt(fan);
  return noGrad(() => t.normal_(0, std, { generator: a.generator }));
}

const ORTHO = binder("orthogonal_", {
  pos: [req("tensor", "array"), opt("gain", "number", 1), opt("generator", "any", null)],
  kw: [],
});
/** A (semi-)orthogonal matrix from the QR decomposition of a normal one, signs fixed as PyTorch's. */
export function orthogonal_(...args: unknown[]): Tensor {
  const a = bind(ORTHO, args);
  const t: Tensor = a.tensor;
  if (t.ndim < 2) throw new RangeError("Only tensors with 2 or more dimensions are supported");
  if (t.numel() === 0) return t;
  const rows = t.shape[0], cols = t.numel() / rows;
  return noGrad(() => {
    let flat = t.newZeros([rows, cols]).normal_(0, 1, { generator: a.generator });
    if (rows < cols) flat = flat.t();
    const [q, r] = torch.linalg.qr(flat);
    let qq = q.mul(r.diagonal(0, -2, -1).sign());
    if (rows < cols) qq = qq.t();
    return t.copy_(qq.reshape(t.shape)).mul_(a.gain);
  });
}

export * from "./init_more.ts";
