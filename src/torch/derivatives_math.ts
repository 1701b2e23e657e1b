/**
 * The derivatives of the element-wise math of src/api/ops/math_extra.ts
 * (PyTorch's derivatives.yaml entries), merged into the one table
 * (src/torch/derivatives.ts). heaviside has none in PyTorch either.
 */
import { normalizeAxis } from "../core/shape.ts";
import type { Derivative, VjpCtx } from "./derivatives.ts";
import type { Tensor } from "./tensor.ts";

/** cummax/cummin: each output's gradient goes to the element its index picked. */
function cumPick(name: string): Derivative {
  return {
    name,
    inputs: ["input"],
    saves: ["indices"],
    vjp: (g, c) => {
      const x = c.a.input as Tensor;
      if (x.ndim === 0 || x.numel() === 0) return [g];
      return [g.newZeros(x.shape).scatterAdd_(normalizeAxis(name, c.a.dim, x.ndim), c.outputs[1], g)];
    },
  };
}

/**
 * logcumsumexp's vjp as PyTorch's (after TensorFlow's): the positive and negative parts of g summed in log
 * space by reversed logcumsumexps, so nothing overflows (differentiable again through logcumsumexp itself).
 */
function logcumsumexpBackward(g: Tensor, c: VjpCtx): Tensor {
  const x = c.a.input as Tensor;
  if (g.ndim === 0 || g.numel() === 0) return g;
  const d = normalizeAxis("logcumsumexp", c.a.dim, g.ndim);
  const lowest = g.dtype === "float32" ? -3.4028234663852886e38 : -Number.MAX_VALUE;
  const logAbs = g.abs().log();
  const part = (pick: Tensor) => {
    const lg = logAbs.maskedFill(pick.logicalNot(), lowest).sub(c.result);
    return lg.flip(d).logcumsumexp(d).flip(d).add(x).exp();
  };
  return part(g.gt(0)).sub(part(g.lt(0)));
}

/** By overload id. */
export const MATH_DERIVATIVES: Readonly<Record<string, Derivative>> = {
  // the replaced values are constants: the gradient flows where x is finite
  nanToNum: {
    name: "NanToNumBackward0",
    inputs: ["input"],
    saves: ["input"],
    vjp: (g, c) => [g.mul((c.a.input as Tensor).isfinite())],
  },
  // d/dx sin(pi x) / (pi x) = (pi x cos(pi x) - sin(pi x)) / (pi x^2), 0 at 0
  sinc: {
    name: "SincBackward0",
    inputs: ["input"],
    saves: ["input"],
    vjp: (g, c) => {
      const x = c.a.input as Tensor, px = x.mul(Math.PI), den = x.mul(x).mul(Math.PI);
      return [g.mul(px.mul(px.cos()).sub(px.sin())).div(den).maskedFill(den.eq(0), 0)];
    },
  },
  // x = m * 2^e with e piecewise constant: dm/dx = 2^-e
  frexp: {
    name: "FrexpBackward0",
    inputs: ["input"],
    saves: ["indices"],
    vjp: (g, c) => [g.div(c.outputs[1].exp2())],
  },
  // x * 2^other: d/dx = 2^other; a float other's d/dother = result * ln 2 (an integer other has none)
  ldexp: {
    name: "LdexpBackward0",
    inputs: ["input", "other"],
    saves: ["other", "result"],
    vjp: (g, c) => {
      const e = c.a.other as Tensor;
      return [g.mul(e.exp2()), c.needs[1] ? g.mul(c.result).mul(Math.LN2) : null];
    },
  },
  cummax: cumPick("CummaxBackward0"),
  cummin: cumPick("CumminBackward0"),
  logcumsumexp: {
    name: "LogcumsumexpBackward0",
    inputs: ["input"],
    saves: ["input", "result"],
    vjp: (g, c) => [logcumsumexpBackward(g, c)],
  },
  // PyTorch passes the gradient through to input and gives other zeros
  nextafter: {
    name: "NextafterBackward0",
    inputs: ["input", "other"],
    vjp: (g, c) => [g, (c.a.other as Tensor).newZeros((c.a.other as Tensor).shape)],
  },
};
