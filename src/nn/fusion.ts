/**
 * nn.utils.fusion: folding an eval-mode batch norm into the convolution or
 * linear layer before it (PyTorch's fuse_conv_bn_* / fuse_linear_bn_*): the
 * fused layer computes bn(layer(x)) with the running statistics.
 */
import { RuntimeError } from "../core/errors.ts";
import { torch } from "../torch/mod.ts";
import { Tensor } from "../torch/tensor.ts";
import { type ArgsOf, bind, binder, type Module, Parameter } from "./module.ts";
import { opt, req } from "../api/signature.ts";
import { deepcopy } from "./layers/transformer.ts";

/** A convolution as fuseConvBnEval reads it. */
export interface ConvLike extends Module {
  /** The kernel: [out, in / groups, ...] (transposed: [in, out / groups, ...]). */
  weight: Tensor;
  /** The bias, or null. */
  bias: Tensor | null;
}
/** A linear layer as fuseLinearBnEval reads it. */
export interface LinearLike extends ConvLike {
  /** The number of outputs. */
  outFeatures: number;
}
/** A batch norm as the fusions read it. */
export interface BatchNormLike extends Module {
  /** The running mean (null without tracked statistics). */
  runningMean: Tensor | null;
  /** The running variance (null without tracked statistics). */
  runningVar: Tensor | null;
  /** Added to the variance. */
  eps: number;
  /** The affine scale, or null. */
  weight: Tensor | null;
  /** The affine shift, or null. */
  bias: Tensor | null;
  /** The number of channels. */
  numFeatures: number;
}

function tensorOrNull(op: string, name: string, v: unknown): Tensor | null {
  if (v === null || v instanceof Tensor) return v;
  throw new TypeError(`${op}(): argument '${name}' must be Tensor or null, not ${typeof v}`);
}

function checkEval(layer: Module, bn: Module): void {
  if (layer.training || bn.training) throw new RuntimeError("Fusion only for eval!");
}

function runningStats(bn: BatchNormLike): [Tensor, Tensor] {
  if (bn.runningMean === null || bn.runningVar === null) {
    throw new RuntimeError("bn.running_mean and bn.running_var must not be None");
  }
  return [bn.runningMean, bn.runningVar];
}

const CONV_EVAL_SIG = { pos: [req("conv", "any"), req("bn", "any"), opt("transpose", "bool", false)], kw: [] } as const;
const CONV_EVAL = binder("fuseConvBnEval", CONV_EVAL_SIG);

/**
 * A copy of the eval-mode convolution `conv` whose weight and bias include
 * the eval-mode batch norm `bn` that follows it (`transpose` for a
 * transposed convolution, whose output channels are the kernel's dim 1).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const conv = new nn.Conv2d(2, 3, 3).eval(), bn = new nn.BatchNorm2d(3).eval();
 * const fused = nn.utils.fuseConvBnEval(conv, bn);
 * const x = torch.randn(1, 2, 5, 5);
 * assert.ok(torch.allclose(fused.forward(x), bn.forward(conv.forward(x)), { atol: 1e-5 }));
 * ```
 */
export function fuseConvBnEval<C extends ConvLike>(...args: ArgsOf<typeof CONV_EVAL_SIG>): C {
  const a = bind(CONV_EVAL, args);
  const conv = a.conv as C, bn = a.bn as BatchNormLike;
  checkEval(conv, bn);
  const fused = deepcopy(conv, new Map());
  const [rm, rv] = runningStats(bn);
  [fused.weight, fused.bias] = fuseConvBnWeights(
    fused.weight,
    fused.bias,
    rm,
    rv,
    bn.eps,
    bn.weight,
    bn.bias,
    a.transpose,
  );
  return fused;
}

const CONV_W_SIG = {
  pos: [
    req("convW", "array"),
    req("convB", "any"),
    req("bnRm", "array"),
    req("bnRv", "array"),
    req("bnEps", "number"),
    req("bnW", "any"),
    req("bnB", "any"),
    opt("transpose", "bool", false),
  ],
  kw: [],
} as const;
const CONV_W = binder("fuseConvBnWeights", CONV_W_SIG);

/**
 * The fused convolution weight and bias (new parameters) of a convolution
 * followed by a batch norm with the given running statistics and affine
 * parameters (null: no bias / scale 1 / shift 0):
 * `w * (bnW / sqrt(bnRv + eps))` per output channel and
 * `(b - bnRm) / sqrt(bnRv + eps) * bnW + bnB`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const [w, b] = nn.utils.fuseConvBnWeights(torch.ones(2, 1, 1), null, torch.zeros(2), torch.ones(2), 0, null, null);
 * assert.deepEqual(w.shape, [2, 1, 1]);
 * assert.deepEqual(b.tolist(), [0, 0]);
 * ```
 */
export function fuseConvBnWeights(
  ...args:
    | [
      convW: Tensor,
      convB: Tensor | null,
      bnRm: Tensor,
      bnRv: Tensor,
      bnEps: number,
      bnW: Tensor | null,
      bnB: Tensor | null,
      transpose?: boolean,
    ]
    | [
      convW: Tensor,
      convB: Tensor | null,
      bnRm: Tensor,
      bnRv: Tensor,
      bnEps: number,
      bnW: Tensor | null,
      bnB: Tensor | null,
      opts: { transpose?: boolean },
    ]
): [Parameter, Parameter] {
  const a = bind(CONV_W, args);
  const convW: Tensor = a.convW, rm: Tensor = a.bnRm;
  const convB = tensorOrNull("fuseConvBnWeights", "convB", a.convB) ?? torch.zerosLike(rm);
  const bnW = tensorOrNull("fuseConvBnWeights", "bnW", a.bnW) ?? torch.onesLike(rm);
  const bnB = tensorOrNull("fuseConvBnWeights", "bnB", a.bnB) ?? torch.zerosLike(rm);
  const biasDtype = a.convB ? convB.dtype : convW.dtype;
  const rsqrt = torch.rsqrt(a.bnRv.add(a.bnEps));
  const shape = a.transpose ? [1, -1] : [-1, 1];
  for (let i = 2; i < convW.ndim; i++) shape.push(1);
  const w = convW.mul(bnW.mul(rsqrt).reshape(shape)).to(convW.dtype);
  const b = convB.sub(rm).mul(rsqrt).mul(bnW).add(bnB).to(biasDtype);
  return [new Parameter(w, convW.requiresGrad), new Parameter(b, convB.requiresGrad)];
}

const LINEAR_EVAL_SIG = { pos: [req("linear", "any"), req("bn", "any")], kw: [] } as const;
const LINEAR_EVAL = binder("fuseLinearBnEval", LINEAR_EVAL_SIG);

/**
 * A copy of the eval-mode linear layer whose weight and bias include the
 * eval-mode batch norm that follows it (`bn.numFeatures` must be the
 * layer's `outFeatures` or 1).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const lin = new nn.Linear(4, 3).eval(), bn = new nn.BatchNorm1d(3).eval();
 * const fused = nn.utils.fuseLinearBnEval(lin, bn);
 * const x = torch.randn(2, 4);
 * assert.ok(torch.allclose(fused.forward(x), bn.forward(lin.forward(x)), { atol: 1e-5 }));
 * ```
 */
export function fuseLinearBnEval<L extends LinearLike>(...args: ArgsOf<typeof LINEAR_EVAL_SIG>): L {
  const a = bind(LINEAR_EVAL, args);
  const linear = a.linear as L, bn = a.bn as BatchNormLike;
  checkEval(linear, bn);
  const fused = deepcopy(linear, new Map());
  if (linear.outFeatures !== bn.numFeatures && bn.numFeatures !== 1) {
    throw new RuntimeError(
      `To fuse, linear.out_features == bn.num_features or bn.num_features == 1, got linear.out_features=${linear.outFeatures} and bn.num_features=${bn.numFeatures}`,
    );
  }
  const [rm, rv] = runningStats(bn);
  // a batch norm without affine parameters fails here, as in PyTorch (None * Tensor)
  [fused.weight, fused.bias] = fuseLinearBnWeights(
    fused.weight,
    fused.bias,
    rm,
    rv,
    bn.eps,
    bn.weight as Tensor,
    bn.bias as Tensor,
  );
  return fused;
}

const LINEAR_W_SIG = {
  pos: [
    req("linearW", "array"),
    req("linearB", "any"),
    req("bnRm", "array"),
    req("bnRv", "array"),
    req("bnEps", "number"),
    req("bnW", "array"),
    req("bnB", "array"),
  ],
  kw: [],
} as const;
const LINEAR_W = binder("fuseLinearBnWeights", LINEAR_W_SIG);

/**
 * The fused linear weight and bias (new parameters) of a linear layer
 * followed by a batch norm: `w * (bnW / sqrt(bnRv + eps))` per output and
 * `(b - bnRm) * bnW / sqrt(bnRv + eps) + bnB`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const [w, b] = nn.utils.fuseLinearBnWeights(
 *   torch.ones(2, 3), null, torch.zeros(2), torch.ones(2), 0, torch.full([2], 2.0), torch.ones(2),
 * );
 * assert.deepEqual(w.tolist(), [[2, 2, 2], [2, 2, 2]]);
 * assert.deepEqual(b.tolist(), [1, 1]);
 * ```
 */
export function fuseLinearBnWeights(...args: ArgsOf<typeof LINEAR_W_SIG>): [Parameter, Parameter] {
  const a = bind(LINEAR_W, args);
  const w: Tensor = a.linearW, rm: Tensor = a.bnRm;
  const given = tensorOrNull("fuseLinearBnWeights", "linearB", a.linearB);
  const biasDtype = given ? given.dtype : w.dtype;
  const b = given ?? torch.zerosLike(rm);
  const scale = a.bnW.mul(torch.rsqrt(a.bnRv.add(a.bnEps)));
  const fw = w.mul(scale.unsqueeze(-1).to(w.dtype));
  const fb = b.sub(rm).mul(scale).add(a.bnB).to(biasDtype);
  return [new Parameter(fw, w.requiresGrad), new Parameter(fb, b.requiresGrad)];
}
