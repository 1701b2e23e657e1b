/** Identity, Linear, Bilinear, Flatten, Unflatten, PixelShuffle / PixelUnshuffle, PairwiseDistance, CosineSimilarity. */
import { opt, req } from "../../api/signature.ts";
import type { Tensor } from "../../torch/tensor.ts";
import { functional as F } from "../functional.ts";
import { kaimingUniform_, uniform_ } from "../init.ts";
import { type ArgsOf, bind, binder, Module, type Parameter } from "../module.ts";
import { P } from "../prims.ts";
import { py } from "../repr.ts";
import { checkInput } from "./check_input.ts";
import { emptyParam, FACTORY, oneOptModule } from "./common.ts";

/** Returns its input (any constructor arguments are ignored, as PyTorch's). */
export class Identity extends Module {
  constructor(..._args: unknown[]) {
    super();
  }
  override forward(x: Tensor): Tensor {
    return x;
  }
}

const LINEAR = {
  pos: [req("inFeatures", "int"), req("outFeatures", "int"), opt("bias", "bool", true), ...FACTORY],
  kw: [],
} as const;
const LINEAR_B = binder("Linear", LINEAR);

/**
 * y = x W^T + b, with PyTorch's initialization (kaiming_uniform_(a=sqrt(5))
 * on the weight, then U(-1/sqrt(in), 1/sqrt(in)) on the bias, from the
 * default generator in that order).
 *
 * @example
 * ```ts
 * import { nn, torch } from "../../../mod.ts";
 * const fc = new nn.Linear(784, 256, { bias: false });
 * console.log(fc.forward(torch.randn(64, 784)).shape, String(fc)); // [64, 256] Linear(in_features=784, out_features=256, bias=False)
 * ```
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  weight: Parameter;
  bias: Parameter | null;
  constructor(...args: ArgsOf<typeof LINEAR>) {
    super();
    const a = bind(LINEAR_B, args);
    this.inFeatures = a.inFeatures;
    this.outFeatures = a.outFeatures;
    this.weight = emptyParam([a.outFeatures, a.inFeatures], a);
    this.bias = a.bias ? emptyParam([a.outFeatures], a) : null;
    this.resetParameters();
  }
  /** PyTorch's default initialization. */
  resetParameters(): void {
    kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) {
      const fanIn = this.weight.shape[1];
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      uniform_(this.bias, -bound, bound);
    }
  }
  override forward(x: Tensor): Tensor {
    return P.linear(x, this.weight, this.bias);
  }
  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${py(this.bias !== null)}`;
  }
}

const BILINEAR = {
  pos: [
    req("in1Features", "int"),
    req("in2Features", "int"),
    req("outFeatures", "int"),
    opt("bias", "bool", true),
    ...FACTORY,
  ],
  kw: [],
} as const;
const BILINEAR_B = binder("Bilinear", BILINEAR);

/** y = x1^T A x2 + b, initialized U(-1/sqrt(in1), 1/sqrt(in1)) as PyTorch's. */
export class Bilinear extends Module {
  readonly in1Features: number;
  readonly in2Features: number;
  readonly outFeatures: number;
  weight: Parameter;
  bias: Parameter | null;
  constructor(...args: ArgsOf<typeof BILINEAR>) {
    super();
    const a = bind(BILINEAR_B, args);
    this.in1Features = a.in1Features;
    this.in2Features = a.in2Features;
    this.outFeatures = a.outFeatures;
    this.weight = emptyParam([a.outFeatures, a.in1Features, a.in2Features], a);
    this.bias = a.bias ? emptyParam([a.outFeatures], a) : null;
    this.resetParameters();
  }
  /** PyTorch's default initialization. */
  resetParameters(): void {
    const bound = 1 / Math.sqrt(this.weight.shape[1]);
    uniform_(this.weight, -bound, bound);
    if (this.bias) uniform_(this.bias, -bound, bound);
  }
  override forward(x1: Tensor, x2: Tensor): Tensor {
    return F.bilinear(x1, x2, this.weight, this.bias);
  }
  override extraRepr(): string {
    return `in1_features=${this.in1Features}, in2_features=${this.in2Features}, out_features=${this.outFeatures}, bias=${
      py(this.bias !== null)
    }`;
  }
}

const FLATTEN = { pos: [opt("startDim", "int", 1), opt("endDim", "int", -1)], kw: [] } as const;
const FLATTEN_B = binder("Flatten", FLATTEN);

/** Flattens dims startDim..endDim. */
export class Flatten extends Module {
  readonly startDim: number;
  readonly endDim: number;
  constructor(...args: ArgsOf<typeof FLATTEN>) {
    super();
    const a = bind(FLATTEN_B, args);
    this.startDim = a.startDim;
    this.endDim = a.endDim;
  }
  override forward(x: Tensor): Tensor {
    return checkInput(this, x).flatten(this.startDim, this.endDim);
  }
  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

const UNFLATTEN = { pos: [req("dim", "int"), req("unflattenedSize", "ints")], kw: [] } as const;
const UNFLATTEN_B = binder("Unflatten", UNFLATTEN);

/** Splits one dim into several. */
export class Unflatten extends Module {
  readonly dim: number;
  readonly unflattenedSize: number[];
  constructor(...args: ArgsOf<typeof UNFLATTEN>) {
    super();
    const a = bind(UNFLATTEN_B, args);
    this.dim = a.dim;
    this.unflattenedSize = typeof a.unflattenedSize === "number" ? [a.unflattenedSize] : a.unflattenedSize;
  }
  override forward(x: Tensor): Tensor {
    return checkInput(this, x).unflatten(this.dim, this.unflattenedSize);
  }
  override extraRepr(): string {
    return `dim=${this.dim}, unflattened_size=${py(this.unflattenedSize)}`;
  }
}

/** The Linear of MultiheadAttention's output projection (its class name in PyTorch's printout). */
export class NonDynamicallyQuantizableLinear extends Linear {}

const UP = { pos: [req("upscaleFactor", "int")], kw: [] } as const;
const DOWN = { pos: [req("downscaleFactor", "int")], kw: [] } as const;
/** (*, C r^2, H, W) to (*, C, H r, W r). */
export const PixelShuffle = oneOptModule(
  "PixelShuffle",
  UP,
  (r: number) => `upscale_factor=${r}`,
  (x, r: number) => F.pixelShuffle(x, r),
);
/** (*, C r^2, H, W) to (*, C, H r, W r). */
export type PixelShuffle = InstanceType<typeof PixelShuffle>;
/** (*, C, H r, W r) to (*, C r^2, H, W). */
export const PixelUnshuffle = oneOptModule(
  "PixelUnshuffle",
  DOWN,
  (r: number) => `downscale_factor=${r}`,
  (x, r: number) => F.pixelUnshuffle(x, r),
);
/** (*, C, H r, W r) to (*, C r^2, H, W). */
export type PixelUnshuffle = InstanceType<typeof PixelUnshuffle>;

const PAIRWISE = {
  pos: [opt("p", "number", 2), opt("eps", "number", 1e-6), opt("keepdim", "bool", false)],
  kw: [],
} as const;
const PAIRWISE_B = binder("PairwiseDistance", PAIRWISE);

/** The p-norm of x1 - x2 + eps over the last dim. */
export class PairwiseDistance extends Module {
  readonly norm: number;
  readonly eps: number;
  readonly keepdim: boolean;
  constructor(...args: ArgsOf<typeof PAIRWISE>) {
    super();
    const a = bind(PAIRWISE_B, args);
    [this.norm, this.eps, this.keepdim] = [a.p, a.eps, a.keepdim];
  }
  override forward(x1: Tensor, x2: Tensor): Tensor {
    return F.pairwiseDistance(x1, x2, this.norm, this.eps, { keepdim: this.keepdim });
  }
}

const COSINE = { pos: [opt("dim", "int", 1), opt("eps", "number", 1e-8)], kw: [] } as const;
const COSINE_B = binder("CosineSimilarity", COSINE);

/** Cosine similarity of x1 and x2 along a dim. */
export class CosineSimilarity extends Module {
  readonly dim: number;
  readonly eps: number;
  constructor(...args: ArgsOf<typeof COSINE>) {
    super();
    const a = bind(COSINE_B, args);
    [this.dim, this.eps] = [a.dim, a.eps];
  }
  override forward(x1: Tensor, x2: Tensor): Tensor {
    return F.cosineSimilarity(x1, x2, this.dim, this.eps);
  }
}
