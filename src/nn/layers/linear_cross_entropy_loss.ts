/** nn.LinearCrossEntropyLoss: F.linearCrossEntropy over an internal Linear (PyTorch 2.13). */
import { opt, req } from "../../api/signature.ts";
import { RuntimeError } from "../../core/errors.ts";
import type { Tensor } from "../../torch/tensor.ts";
import { functional as F, REDUCTION } from "../functional.ts";
import { tuple } from "../linear_cross_entropy.ts";
import { type ArgsOf, bind, binder, Module } from "../module.ts";
import { py, pyFloat } from "../repr.ts";
import { FACTORY } from "./common.ts";
import { Linear } from "./linear.ts";

const LCE = {
  pos: [req("inFeatures", "int"), req("numClasses", "int")],
  kw: [
    opt("outFeatures", "ints", []),
    opt("bias", "bool", false),
    ...FACTORY,
    opt("weight", "array", null),
    REDUCTION,
    opt("ignoreIndex", "int", null),
    opt("labelSmoothing", "number", 0),
  ],
} as const;
const LCE_B = binder("LinearCrossEntropyLoss", LCE);

/**
 * Cross entropy of linearly transformed inputs: an internal `linear`
 * (in_features -> num_classes * prod(outFeatures), PyTorch's Linear
 * initialization) reshaped to a (C, d1, ..., dK, in) weight.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const loss = new nn.LinearCrossEntropyLoss(4, 3, { bias: true });
 * const l = loss.forward(torch.randn(5, 4), torch.tensor([0, 2, 1, 1, 0]));
 * assert.deepEqual(l.shape, []);
 * assert.deepEqual(Object.keys(loss.stateDict()), ["linear.weight", "linear.bias"]);
 * ```
 */
export class LinearCrossEntropyLoss extends Module {
  readonly numClasses: number;
  readonly outFeatures: number[];
  readonly reduction: string;
  readonly ignoreIndex: number | null;
  readonly labelSmoothing: number;
  declare weight: Tensor | null;
  linear: Linear;
  constructor(...args: ArgsOf<typeof LCE>) {
    super();
    const a = bind(LCE_B, args);
    const wt: Tensor | null = a.weight;
    if (wt && wt.shape.join() !== String(a.numClasses)) {
      throw new RuntimeError(`expected weight shape to be ${tuple([a.numClasses])}, got ${tuple(wt.shape)}`);
    }
    if (a.labelSmoothing < 0 || a.labelSmoothing > 1) {
      throw new RuntimeError(`expected label_smoothing to be in range [0, 1], got ${pyFloat(a.labelSmoothing)}`);
    }
    this.registerBuffer("weight", wt);
    this.reduction = a.reduction;
    this.numClasses = a.numClasses;
    this.outFeatures = typeof a.outFeatures === "number" ? [a.outFeatures] : [...a.outFeatures];
    this.ignoreIndex = a.ignoreIndex;
    this.labelSmoothing = a.labelSmoothing;
    const out = this.outFeatures.reduce((p, d) => p * d, a.numClasses);
    this.linear = new Linear(a.inFeatures, out, { bias: a.bias, dtype: a.dtype, device: a.device });
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    const l = this.linear, shape = [this.numClasses, ...this.outFeatures];
    return F.linearCrossEntropy(input, l.weight.reshape([...shape, l.inFeatures]), target, {
      linearBias: l.bias && l.bias.reshape(shape),
      weight: this.weight,
      reduction: this.reduction as "mean",
      ignoreIndex: this.ignoreIndex,
      labelSmoothing: this.labelSmoothing,
    });
  }
  override extraRepr(): string {
    return `in_features=${this.linear.inFeatures}, num_classes=${this.numClasses}, out_features=${
      py(this.outFeatures)
    }, bias=${py(this.linear.bias !== null)}, reduction=${this.reduction}, ignore_index=${
      py(this.ignoreIndex)
    }, label_smoothing=${pyFloat(this.labelSmoothing)}, options=None`;
  }
}
