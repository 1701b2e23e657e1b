/** PReLU, RReLU, Threshold, Softmax2d, ChannelShuffle and RMSNorm: PyTorch's modules over nn.functional. */
import { opt, req } from "../../api/signature.ts";
import type { Tensor } from "../../torch/tensor.ts";
import { functional as F, RRELU_BOUNDS } from "../functional.ts";
import { constant_, ones_ } from "../init.ts";
import type { ArgsOf, Parameter } from "../module.ts";
import { py, pyFloat } from "../repr.ts";
import { checkInput } from "./check_input.ts";
import { emptyParam, FACTORY, oneOptModule, OptModule } from "./common.ts";

/**
 * A number as PyTorch's reprs print a Python number they were given: an integral one as the int a user writes
 * (`Threshold(0.1, 20)` prints `value=20`), any other as Python's float repr.
 */
const pyNumber = (v: number) => (Number.isInteger(v) ? String(v) : pyFloat(v));
const inplaceStr = (on: boolean) => (on ? ", inplace=True" : "");

const PRELU = { pos: [opt("numParameters", "int", 1), opt("init", "number", 0.25), ...FACTORY], kw: [] } as const;

/**
 * x for x >= 0, else a * x with a learnable a: one for every channel (dim 1) or one shared (numParameters 1).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const m = new nn.PReLU(2, { init: 0.5 });
 * const x = torch.tensor([[-2, 3], [4, -6]], { dtype: "float32" });
 * assert.deepEqual(m.forward(x).tolist(), [[-1, 3], [4, -3]]);
 * assert.equal(String(m), "PReLU(num_parameters=2)");
 * ```
 */
export class PReLU extends OptModule {
  // (PyTorch's num_parameters attribute is this.weight.numel(): Module.numParameters() counts parameters)
  readonly init: number;
  weight: Parameter;
  constructor(...args: ArgsOf<typeof PRELU>) {
    super("PReLU", PRELU, args);
    this.init = this.o.init;
    this.weight = emptyParam([this.o.numParameters], this.o);
    this.resetParameters();
  }
  /** Every weight set to `init`. */
  resetParameters(): void {
    constant_(this.weight, this.init);
  }
  override forward(x: Tensor): Tensor {
    return F.prelu(x, this.weight);
  }
  override extraRepr(): string {
    return `num_parameters=${this.o.numParameters}`;
  }
}

const RRELU_SIG = { pos: [...RRELU_BOUNDS, opt("inplace", "bool", false)], kw: [] } as const;

/**
 * Randomized leaky ReLU: in training each negative element's slope is drawn uniformly in [lower, upper) from the
 * default generator (PyTorch's values for a seed); in evaluation the slope is (lower + upper) / 2.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const m = new nn.RReLU(0.1, 0.3).eval();
 * const y = m.forward(torch.tensor([-1, 2], { dtype: "float32" })).tolist() as number[];
 * assert.ok(Math.abs(y[0] + 0.2) < 1e-7);
 * assert.equal(String(m), "RReLU(lower=0.1, upper=0.3)");
 * ```
 */
export class RReLU extends OptModule {
  constructor(...args: ArgsOf<typeof RRELU_SIG>) {
    super("RReLU", RRELU_SIG, args);
  }
  get lower(): number {
    return this.o.lower;
  }
  get upper(): number {
    return this.o.upper;
  }
  get inplace(): boolean {
    return this.o.inplace;
  }
  override forward(x: Tensor): Tensor {
    return F.rrelu(x, this.o.lower, this.o.upper, this.training, this.o.inplace);
  }
  override extraRepr(): string {
    return `lower=${pyNumber(this.o.lower)}, upper=${pyNumber(this.o.upper)}${inplaceStr(this.o.inplace)}`;
  }
}

const THRESHOLD = {
  pos: [req("threshold", "number"), req("value", "number"), opt("inplace", "bool", false)],
  kw: [],
} as const;

/**
 * x where x > threshold, else value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const m = new nn.Threshold(0.5, 20);
 * assert.deepEqual(m.forward(torch.tensor([0, 1], { dtype: "float32" })).tolist(), [20, 1]);
 * assert.equal(String(m), "Threshold(threshold=0.5, value=20)");
 * ```
 */
export class Threshold extends OptModule {
  constructor(...args: ArgsOf<typeof THRESHOLD>) {
    super("Threshold", THRESHOLD, args);
  }
  get threshold(): number {
    return this.o.threshold;
  }
  get value(): number {
    return this.o.value;
  }
  get inplace(): boolean {
    return this.o.inplace;
  }
  override forward(x: Tensor): Tensor {
    return F.threshold(x, this.o.threshold, this.o.value, this.o.inplace);
  }
  override extraRepr(): string {
    return `threshold=${pyNumber(this.o.threshold)}, value=${pyNumber(this.o.value)}${inplaceStr(this.o.inplace)}`;
  }
}

const NONE = { pos: [], kw: [] } as const;

/**
 * Softmax over the channels (dim -3) of a (N, C, H, W) or (C, H, W) input.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const y = new nn.Softmax2d().forward(torch.zeros(1, 4, 2, 2));
 * assert.deepEqual(y.sum(1).tolist(), [[[1, 1], [1, 1]]]);
 * ```
 */
export class Softmax2d extends OptModule {
  constructor(...args: ArgsOf<typeof NONE>) {
    super("Softmax2d", NONE, args);
  }
  override forward(x: Tensor): Tensor {
    if (checkInput(this, x).ndim !== 3 && x.ndim !== 4) {
      throw new RangeError(`Softmax2d: expected input to be 3D or 4D, got ${x.ndim}D instead`);
    }
    return F.softmax(x, -3);
  }
}

const GROUPS = { pos: [req("groups", "int")], kw: [] } as const;
/**
 * Channel shuffle: the C channels of (N, C, *) split into `groups` and interleaved.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const y = new nn.ChannelShuffle(2).forward(torch.arange(4).reshape(1, 4, 1));
 * assert.deepEqual(y.flatten().tolist(), [0, 2, 1, 3]);
 * ```
 */
export const ChannelShuffle = oneOptModule(
  "ChannelShuffle",
  GROUPS,
  (g: number) => `groups=${g}`,
  (x, g: number) => F.channelShuffle(x, g),
);
/** Channel shuffle: the C channels of (N, C, *) split into `groups` and interleaved. */
export type ChannelShuffle = InstanceType<typeof ChannelShuffle>;

const RMS = {
  pos: [
    req("normalizedShape", "ints"),
    opt("eps", "number", null),
    opt("elementwiseAffine", "bool", true),
    ...FACTORY,
  ],
  kw: [],
} as const;

/**
 * Root mean square layer normalization over the trailing normalizedShape dims: x / sqrt(mean(x^2) + eps) * weight
 * (eps null: the machine epsilon of the input's dtype).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const m = new nn.RMSNorm([2]);
 * const y = m.forward(torch.tensor([[3, 4]], { dtype: "float32" })).tolist() as number[][];
 * assert.ok(Math.abs(y[0][1] - 4 / Math.sqrt(12.5)) < 1e-6);
 * assert.equal(String(m), "RMSNorm((2,), eps=None, elementwise_affine=True)");
 * ```
 */
export class RMSNorm extends OptModule {
  readonly normalizedShape: number[];
  readonly eps: number | null;
  readonly elementwiseAffine: boolean;
  weight: Parameter | null;
  constructor(...args: ArgsOf<typeof RMS>) {
    super("RMSNorm", RMS, args);
    const s = this.o.normalizedShape;
    this.normalizedShape = typeof s === "number" ? [s] : [...s];
    this.eps = this.o.eps;
    this.elementwiseAffine = this.o.elementwiseAffine;
    this.weight = this.elementwiseAffine ? emptyParam(this.normalizedShape, this.o) : null;
    this.resetParameters();
  }
  /** weight 1. */
  resetParameters(): void {
    if (this.weight) ones_(this.weight);
  }
  override forward(x: Tensor): Tensor {
    return F.rmsNorm(x, this.normalizedShape, this.weight, this.eps);
  }
  override extraRepr(): string {
    return `${py(this.normalizedShape)}, eps=${this.eps === null ? "None" : pyNumber(this.eps)}, elementwise_affine=${
      py(this.elementwiseAffine)
    }`;
  }
}
