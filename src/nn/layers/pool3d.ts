/**
 * The 3-d pools (MaxPool3d, AvgPool3d, AdaptiveAvgPool3d, AdaptiveMaxPool3d, LPPool3d), MaxUnpool1d/2d/3d and
 * FractionalMaxPool2d/3d: PyTorch's constructor arguments, attributes, buffers and reprs over the functions of
 * src/nn/pool3d.ts.
 */
import { opt, req } from "../../api/signature.ts";
import type { Tensor } from "../../torch/tensor.ts";
import { functional as F } from "../functional.ts";
import { type ArgsOf, bind, binder, Module } from "../module.ts";
import { py } from "../repr.ts";
import {
  ADAPTIVE,
  type ADAPTIVE_MAX,
  AdaptiveMaxPoolNd,
  AVGPOOL2D,
  AvgPoolNd,
  type LPPOOL_SIG,
  LPPoolNd,
  MAXPOOL,
  MaxPoolNd,
} from "./pool.ts";

type Ints = number | number[];

const MAXPOOL3D_B = binder("MaxPool3d", MAXPOOL), AVGPOOL3D_B = binder("AvgPool3d", AVGPOOL2D);

/**
 * 3-d max pooling over (N, C, D, H, W) or (C, D, H, W) inputs (forward returns [values, indices] with
 * returnIndices; the indices are flat within each D * H * W volume).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const x = torch.arange(8, { dtype: "float32" }).reshape(1, 1, 2, 2, 2);
 * const [v, i] = new nn.MaxPool3d(2, { returnIndices: true }).forward(x);
 * assert.deepEqual([v.item(), i.item()], [7, 7]);
 * ```
 */
export class MaxPool3d extends MaxPoolNd {
  constructor(...args: ArgsOf<typeof MAXPOOL>) {
    super(bind(MAXPOOL3D_B, args));
  }
  protected readonly pool = "maxPool3d" as const;
}

/**
 * 3-d average pooling.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const x = torch.arange(8, { dtype: "float32" }).reshape(1, 2, 2, 2);
 * assert.equal(new nn.AvgPool3d(2).forward(x).item(), 3.5);
 * ```
 */
export class AvgPool3d extends AvgPoolNd {
  constructor(...args: ArgsOf<typeof AVGPOOL2D>) {
    super(bind(AVGPOOL3D_B, args));
  }
  protected readonly pool = "avgPool3d" as const;
}

/**
 * 3-d adaptive average pooling to a fixed output size (null keeps a dim).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const y = new nn.AdaptiveAvgPool3d([1, null, 2]).forward(torch.randn(2, 3, 4, 5, 6));
 * assert.deepEqual(y.shape, [2, 3, 1, 5, 2]);
 * ```
 */
export class AdaptiveAvgPool3d extends Module {
  readonly outputSize: unknown;
  constructor(...args: ArgsOf<typeof ADAPTIVE>) {
    super();
    this.outputSize = bind(binder("AdaptiveAvgPool3d", ADAPTIVE), args).outputSize;
  }
  override forward(x: Tensor): Tensor {
    return F.adaptiveAvgPool3d(x, this.outputSize);
  }
  override extraRepr(): string {
    return `output_size=${py(this.outputSize)}`;
  }
}

/** 3-d adaptive max pooling (forward returns [values, indices] with returnIndices). */
export class AdaptiveMaxPool3d extends AdaptiveMaxPoolNd {
  constructor(...args: ArgsOf<typeof ADAPTIVE_MAX>) {
    super("AdaptiveMaxPool3d", args);
  }
  // deno-lint-ignore no-explicit-any
  override forward(x: Tensor): any {
    return this.returnIndices ? F.adaptiveMaxPool3d(x, this.outputSize, true) : F.adaptiveMaxPool3d(x, this.outputSize);
  }
}

/** 3-d power-average pooling: (sum of x^p over each window)^(1/p). */
export class LPPool3d extends LPPoolNd {
  constructor(...args: ArgsOf<typeof LPPOOL_SIG>) {
    super("LPPool3d", args);
  }
  override forward(x: Tensor): Tensor {
    return F.lpPool3d(x, this.normType, this.kernelSize, this.stride, this.ceilMode);
  }
}

/** A size argument as `n` values (Python's _single / _pair / _triple). */
const ntuple = (v: Ints, n: number): number[] => (typeof v === "number" ? Array(n).fill(v) : [...v]);

const UNPOOL = {
  pos: [req("kernelSize", "ints"), opt("stride", "ints", null), opt("padding", "ints", 0)],
  kw: [],
} as const;

/** What the max unpooling layers share: the window they invert, as tuples. */
abstract class MaxUnpoolNd extends Module {
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[];
  protected constructor(name: string, dims: number, args: ArgsOf<typeof UNPOOL>) {
    super();
    const a = bind(binder(name, UNPOOL), args);
    this.kernelSize = ntuple(a.kernelSize, dims);
    this.stride = ntuple(a.stride ?? a.kernelSize, dims);
    this.padding = ntuple(a.padding, dims);
  }
  /** The unpooled input: its values at `indices` (a max pool's), zeros elsewhere; outputSize picks among sizes. */
  abstract override forward(x: Tensor, indices: Tensor, outputSize?: number[] | null): Tensor;
  override extraRepr(): string {
    return `kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}, padding=${py(this.padding)}`;
  }
}

/** The partial inverse of MaxPool1d. */
export class MaxUnpool1d extends MaxUnpoolNd {
  constructor(...args: ArgsOf<typeof UNPOOL>) {
    super("MaxUnpool1d", 1, args);
  }
  override forward(x: Tensor, indices: Tensor, outputSize: number[] | null = null): Tensor {
    return F.maxUnpool1d(x, indices, this.kernelSize, this.stride, this.padding, outputSize);
  }
}

/**
 * The partial inverse of MaxPool2d: each value written at its index, zeros elsewhere.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const x = torch.tensor([[[[1, 2], [3, 4]]]], { dtype: "float32" });
 * const [v, i] = new nn.MaxPool2d(2, { returnIndices: true }).forward(x);
 * assert.deepEqual(new nn.MaxUnpool2d(2).forward(v, i).tolist(), [[[[0, 0], [0, 4]]]]);
 * ```
 */
export class MaxUnpool2d extends MaxUnpoolNd {
  constructor(...args: ArgsOf<typeof UNPOOL>) {
    super("MaxUnpool2d", 2, args);
  }
  override forward(x: Tensor, indices: Tensor, outputSize: number[] | null = null): Tensor {
    return F.maxUnpool2d(x, indices, this.kernelSize, this.stride, this.padding, outputSize);
  }
}

/** The partial inverse of MaxPool3d. */
export class MaxUnpool3d extends MaxUnpoolNd {
  constructor(...args: ArgsOf<typeof UNPOOL>) {
    super("MaxUnpool3d", 3, args);
  }
  override forward(x: Tensor, indices: Tensor, outputSize: number[] | null = null): Tensor {
    return F.maxUnpool3d(x, indices, this.kernelSize, this.stride, this.padding, outputSize);
  }
}

const FRACTIONAL = {
  pos: [
    req("kernelSize", "ints"),
    opt("outputSize", "ints", null),
    opt("outputRatio", "any", null),
    opt("returnIndices", "bool", false),
    opt("_randomSamples", "array", null),
  ],
  kw: [],
} as const;

/** What the fractional max pools share: the window, the output size or ratio, and the `_random_samples` buffer. */
abstract class FractionalMaxPoolNd extends Module {
  readonly kernelSize: number[];
  readonly returnIndices: boolean;
  readonly outputSize: number[] | null;
  readonly outputRatio: number[] | null;
  /** Fixed samples (PyTorch's `_random_samples` buffer); null: drawn at each forward. */
  declare _randomSamples: Tensor | null;
  protected constructor(name: string, dims: number, args: ArgsOf<typeof FRACTIONAL>) {
    super();
    const a = bind(binder(name, FRACTIONAL), args);
    if (dims === 3 && ntuple(a.kernelSize, 3).some((k) => k <= 0)) {
      throw new RangeError(`kernel_size must be greater than 0, but got ${py(a.kernelSize)}`);
    }
    const r: unknown = a.outputRatio;
    if (r !== null && typeof r !== "number" && !(Array.isArray(r) && r.every((v) => typeof v === "number"))) {
      throw new TypeError(`${name}(): argument 'outputRatio' must be a number or a list of numbers`);
    }
    this.kernelSize = ntuple(a.kernelSize, dims);
    this.returnIndices = a.returnIndices;
    this.registerBuffer("_randomSamples", a._randomSamples);
    this.outputSize = a.outputSize === null ? null : ntuple(a.outputSize, dims);
    this.outputRatio = r === null ? null : ntuple(r as Ints, dims);
    if (a.outputSize === null && r === null) {
      throw new RangeError(`${name} requires specifying either an output size, or a pooling ratio`);
    }
    if (a.outputSize !== null && r !== null) {
      throw new RangeError("only one of output_size and output_ratio may be specified");
    }
    if (this.outputRatio && !this.outputRatio.every((v) => v > 0 && v < 1)) {
      throw new RangeError(`output_ratio must be between 0 and 1 (got ${py(r)})`);
    }
  }
}

/**
 * 2-d fractional max pooling (Graham's): kH x kW windows at pseudo-random steps to an output size or ratio (forward
 * returns [values, indices] with returnIndices).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * torch.manualSeed(0);
 * const y = new nn.FractionalMaxPool2d(3, { outputRatio: 0.5 }).forward(torch.randn(1, 2, 10, 8));
 * assert.deepEqual(y.shape, [1, 2, 5, 4]);
 * ```
 */
export class FractionalMaxPool2d extends FractionalMaxPoolNd {
  constructor(...args: ArgsOf<typeof FRACTIONAL>) {
    super("FractionalMaxPool2d", 2, args);
  }
  // deno-lint-ignore no-explicit-any
  override forward(x: Tensor): any {
    const o = { outputSize: this.outputSize, outputRatio: this.outputRatio, _randomSamples: this._randomSamples };
    return this.returnIndices
      ? F.fractionalMaxPool2d(x, this.kernelSize, { ...o, returnIndices: true })
      : F.fractionalMaxPool2d(x, this.kernelSize, o);
  }
}

/** 3-d fractional max pooling (forward returns [values, indices] with returnIndices). */
export class FractionalMaxPool3d extends FractionalMaxPoolNd {
  constructor(...args: ArgsOf<typeof FRACTIONAL>) {
    super("FractionalMaxPool3d", 3, args);
  }
  // deno-lint-ignore no-explicit-any
  override forward(x: Tensor): any {
    const o = { outputSize: this.outputSize, outputRatio: this.outputRatio, _randomSamples: this._randomSamples };
    return this.returnIndices
      ? F.fractionalMaxPool3d(x, this.kernelSize, { ...o, returnIndices: true })
      : F.fractionalMaxPool3d(x, this.kernelSize, o);
  }
}
