/**
 * The derivatives of the special functions of src/api/ops/special.ts
 * (PyTorch's derivatives.yaml entries), merged into the one table
 * (src/torch/derivatives.ts). igamma, igammac and zeta have none for their
 * first argument in PyTorch: asking for it raises PyTorch's error.
 */
import { RuntimeError } from "../core/errors.ts";
import type { Derivative, VjpCtx } from "./derivatives.ts";
import type { Tensor } from "./tensor.ts";

/** The torch.special functions the vjps call (set by src/torch/special.ts, which sits above this table). */
export interface SpecialVjpFns {
  i0e(x: Tensor): Tensor;
  i1(x: Tensor): Tensor;
  i1e(x: Tensor): Tensor;
  erfcx(x: Tensor): Tensor;
  xlog1py(x: Tensor, y: Tensor | number): Tensor;
  zeta(x: Tensor | number, q: Tensor | number): Tensor;
}
let S: SpecialVjpFns;
/** Gives the vjps torch.special's functions (called once by src/torch/special.ts). */
export function setSpecialFns(s: SpecialVjpFns): void {
  S = s;
}

type V = (g: Tensor, c: VjpCtx) => (Tensor | null)[];
/** A derivative of the input only, reading `saves`. */
const unary = (name: string, saves: string[], vjp: V): Derivative => ({ name, inputs: ["input"], saves, vjp });
const input = (c: VjpCtx) => c.a.input as Tensor;

/** d/dx polygamma(n, x) = polygamma(n + 1, x). */
const polygammaBackward = unary("PolygammaBackward0", ["input"], (g, c) => [g.mul(c.F.polygamma(c.a.n + 1, input(c)))]);

/** igamma's and igammac's derivative in x: x^(a-1) e^-x / Gamma(a) (negated for igammac); none in a. */
function igammaBackward(name: string, op: string, sign: 1 | -1): Derivative {
  return {
    name,
    inputs: ["input", "other"],
    saves: ["input", "other"],
    vjp: (g, c) => {
      if (c.needs[0]) throw new RuntimeError(`the derivative for '${op}: input' is not implemented.`);
      const a = input(c), x = c.a.other as Tensor;
      const d = a.sub(1).mul(x.log()).sub(x).sub(a.lgamma()).exp();
      return [null, sign === 1 ? g.mul(d) : g.mul(d).neg()];
    },
  };
}

/** Where x is 0 the value `at0`, elsewhere v (i1's and i1e's removable singularity of v / x). */
const atZero = (v: Tensor, x: Tensor, at0: number): Tensor => v.maskedFill(x.eq(0), at0);

/** By overload id. */
export const SPECIAL_DERIVATIVES: Readonly<Record<string, Derivative>> = {
  // sqrt(pi) / 2 exp(erfinv(x)^2)
  erfinv: unary("ErfinvBackward0", ["result"], (g, c) => [g.mul(c.result.square().exp()).mul(Math.sqrt(Math.PI) / 2)]),
  digamma: unary("DigammaBackward0", ["input"], (g, c) => [g.mul(c.F.polygamma(1, input(c)))]),
  polygamma: polygammaBackward,
  polygammaMethod: polygammaBackward,
  // i0' = i1
  i0: unary("I0Backward0", ["input"], (g, c) => [g.mul(S.i1(input(c)))]),
  // sum over j < p of digamma(x - j / 2)
  mvlgamma: unary("MvlgammaBackward0", ["input"], (g, c) => {
    const x = input(c);
    let s = x.digamma();
    for (let j = 1; j < c.a.p; j++) s = s.add(x.sub(j / 2).digamma());
    return [g.mul(s)];
  }),
  igamma: igammaBackward("IgammaBackward0", "igamma", 1),
  igammac: igammaBackward("IgammacBackward0", "igammac", -1),
  // 2 x erfcx(x) - 2 / sqrt(pi)
  erfcx: unary("SpecialErfcxBackward0", ["input", "result"], (g, c) => [
    g.mul(input(c).mul(c.result).mul(2).sub(2 / Math.sqrt(Math.PI))),
  ]),
  // i1e(x) - sgn(x) i0e(x)
  i0e: unary(
    "SpecialI0EBackward0",
    ["input", "result"],
    (g, c) => [g.mul(S.i1e(input(c)).sub(input(c).sgn().mul(c.result)))],
  ),
  // i0(x) - i1(x) / x, 1/2 at 0
  i1: unary("SpecialI1Backward0", ["input", "result"], (g, c) => {
    const x = input(c);
    return [g.mul(atZero(x.i0().sub(c.result.div(x)), x, 0.5))];
  }),
  // i0e(x) - i1e(x) (sgn(x) + 1 / x), 1/2 at 0
  i1e: unary("SpecialI1EBackward0", ["input", "result"], (g, c) => {
    const x = input(c);
    return [g.mul(atZero(S.i0e(x).sub(c.result.mul(x.sgn().add(x.reciprocal()))), x, 0.5))];
  }),
  // sqrt(2 pi) exp(ndtri(x)^2 / 2)
  ndtri: unary("SpecialNdtriBackward0", ["result"], (g, c) => [
    g.mul(c.result.square().div(2).exp()).mul(Math.sqrt(2 * Math.PI)),
  ]),
  // phi(x) / Phi(x) = exp(-(log_ndtr(x) + x^2 / 2)) / sqrt(2 pi)
  logNdtr: unary("SpecialLogNdtrBackward0", ["input", "result"], (g, c) => [
    g.div(Math.sqrt(2 * Math.PI)).mul(c.result.add(input(c).square().div(2)).neg().exp()),
  ]),
  // -(1 + log x)
  entr: unary("SpecialEntrBackward0", ["input"], (g, c) => [g.mul(input(c).log().add(1).neg())]),
  // d/dx = log1p(y) (0 where g is 0, and where x is 0 with y <= -1); d/dy = x / (y + 1)
  xlog1py: {
    name: "SpecialXlog1PyBackward0",
    inputs: ["input", "other"],
    saves: ["input", "other"],
    vjp: (g, c) => {
      const x = c.a.input as Tensor | number, y = c.a.other as Tensor | number;
      const gx = c.needs[0] && typeof x !== "number"
        ? S.xlog1py(g, y).maskedFill(x.eq(0).logicalAnd(typeof y === "number" ? x.mul(0).add(y).le(-1) : y.le(-1)), 0)
        : null;
      const gy = c.needs[1] && typeof y !== "number" ? g.mul(x).div(y.add(1)) : null;
      return [gx, gy];
    },
  },
  // none in x; d/dq zeta(x, q) = -x zeta(x + 1, q)
  zeta: {
    name: "SpecialZetaBackward0",
    inputs: ["input", "other"],
    saves: ["input", "other"],
    vjp: (g, c) => {
      if (c.needs[0]) throw new RuntimeError("the derivative for 'zeta' is not implemented.");
      const x = c.a.input as Tensor | number, q = c.a.other as Tensor;
      const x1 = typeof x === "number" ? x + 1 : x.add(1);
      return [null, g.mul(S.zeta(x1, q)).mul(typeof x === "number" ? -x : x.neg())];
    },
  },
};
