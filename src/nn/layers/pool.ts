/** MaxPool1d/2d (return indices, ceil mode), AvgPool1d/2d, LPPool1d/2d and the adaptive pools. */
import { opt, req } from "../../api/signature.ts";
import type { Tensor } from "../../torch/tensor.ts";
import { functional as F, LPPOOL } from "../functional.ts";
import { type ArgsOf, bind, binder, Module } from "../module.ts";
import { py } from "../repr.ts";

/** The max pools' constructor arguments (also MaxPool3d's). */
export const MAXPOOL = {
  pos: [
    req("kernelSize", "ints"),
    opt("stride", "ints", null),
    opt("padding", "ints", 0),
    opt("dilation", "ints", 1),
    opt("returnIndices", "bool", false),
    opt("ceilMode", "bool", false),
  ],
  kw: [],
} as const;

/** What the max pools share. */
export abstract class MaxPoolNd extends Module {
  readonly kernelSize: number | number[];
  readonly stride: number | number[];
  readonly padding: number | number[];
  readonly dilation: number | number[];
  readonly returnIndices: boolean;
  readonly ceilMode: boolean;
  protected constructor(a: Record<string, unknown>) {
    super();
    this.kernelSize = a.kernelSize as number;
    this.stride = (a.stride ?? a.kernelSize) as number;
    this.padding = a.padding as number;
    this.dilation = a.dilation as number;
    this.returnIndices = a.returnIndices as boolean;
    this.ceilMode = a.ceilMode as boolean;
  }
  /** The F function of this rank (forward returns [values, indices] with returnIndices). */
  protected abstract readonly pool: "maxPool1d" | "maxPool2d" | "maxPool3d";
  // deno-lint-ignore no-explicit-any
  override forward(x: Tensor): any {
    const o = { stride: this.stride, padding: this.padding, dilation: this.dilation, ceilMode: this.ceilMode };
    return (F[this.pool] as (...a: unknown[]) => unknown)(x, this.kernelSize, {
      ...o,
      returnIndices: this.returnIndices,
    });
  }
  override extraRepr(): string {
    return `kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}, padding=${py(this.padding)}, dilation=${
      py(this.dilation)
    }, ceil_mode=${py(this.ceilMode)}`;
  }
}

const MAXPOOL1D_B = binder("MaxPool1d", MAXPOOL), MAXPOOL2D_B = binder("MaxPool2d", MAXPOOL);

/** 1-d max pooling (forward returns [values, indices] with returnIndices). */
export class MaxPool1d extends MaxPoolNd {
  constructor(...args: ArgsOf<typeof MAXPOOL>) {
    super(bind(MAXPOOL1D_B, args));
  }
  protected readonly pool = "maxPool1d" as const;
}

/**
 * 2-d max pooling (forward returns [values, indices] with returnIndices).
 *
 * @example
 * ```ts
 * import { nn, torch } from "../../../mod.ts";
 * console.log(new nn.MaxPool2d(2).forward(torch.randn(1, 3, 8, 8)).shape); // [1, 3, 4, 4]
 * ```
 */
export class MaxPool2d extends MaxPoolNd {
  constructor(...args: ArgsOf<typeof MAXPOOL>) {
    super(bind(MAXPOOL2D_B, args));
  }
  protected readonly pool = "maxPool2d" as const;
}

/** AvgPool2d's constructor arguments (also AvgPool3d's). */
export const AVGPOOL2D = {
  pos: [
    req("kernelSize", "ints"),
    opt("stride", "ints", null),
    opt("padding", "ints", 0),
    opt("ceilMode", "bool", false),
    opt("countIncludePad", "bool", true),
    opt("divisorOverride", "int", null),
  ],
  kw: [],
} as const;
const AVGPOOL2D_B = binder("AvgPool2d", AVGPOOL2D);

/** What AvgPool2d and AvgPool3d share. */
export abstract class AvgPoolNd extends Module {
  readonly kernelSize: number | number[];
  readonly stride: number | number[];
  readonly padding: number | number[];
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;
  protected constructor(a: Record<string, unknown>) {
    super();
    this.kernelSize = a.kernelSize as number;
    this.stride = (a.stride ?? a.kernelSize) as number;
    this.padding = a.padding as number;
    this.ceilMode = a.ceilMode as boolean;
    this.countIncludePad = a.countIncludePad as boolean;
    this.divisorOverride = a.divisorOverride as number | null;
  }
  /** The F function of this rank. */
  protected abstract readonly pool: "avgPool2d" | "avgPool3d";
  override forward(x: Tensor): Tensor {
    const f = F[this.pool] as (...a: unknown[]) => Tensor;
    return f(x, this.kernelSize, this.stride, this.padding, this.ceilMode, this.countIncludePad, this.divisorOverride);
  }
  override extraRepr(): string {
    return `kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}, padding=${py(this.padding)}`;
  }
}

/** 2-d average pooling. */
export class AvgPool2d extends AvgPoolNd {
  constructor(...args: ArgsOf<typeof AVGPOOL2D>) {
    super(bind(AVGPOOL2D_B, args));
  }
  protected readonly pool = "avgPool2d" as const;
}

const AVGPOOL1D = {
  pos: [
    req("kernelSize", "ints"),
    opt("stride", "ints", null),
    opt("padding", "ints", 0),
    opt("ceilMode", "bool", false),
    opt("countIncludePad", "bool", true),
  ],
  kw: [],
} as const;
const AVGPOOL1D_B = binder("AvgPool1d", AVGPOOL1D);

/** 1-d average pooling. */
export class AvgPool1d extends Module {
  readonly kernelSize: number | number[];
  readonly stride: number | number[];
  readonly padding: number | number[];
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  constructor(...args: ArgsOf<typeof AVGPOOL1D>) {
    super();
    const a = bind(AVGPOOL1D_B, args);
    this.kernelSize = a.kernelSize;
    this.stride = a.stride ?? a.kernelSize;
    this.padding = a.padding;
    this.ceilMode = a.ceilMode;
    this.countIncludePad = a.countIncludePad;
  }
  override forward(x: Tensor): Tensor {
    return F.avgPool1d(x, this.kernelSize, this.stride, this.padding, this.ceilMode, this.countIncludePad);
  }
  override extraRepr(): string {
    return `kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}, padding=${py(this.padding)}`;
  }
}

/** The adaptive average pools' constructor arguments. */
export const ADAPTIVE = { pos: [req("outputSize", "any")], kw: [] } as const;
/** The adaptive max pools' constructor arguments. */
export const ADAPTIVE_MAX = { pos: [req("outputSize", "any"), opt("returnIndices", "bool", false)], kw: [] } as const;

/** 2-d adaptive average pooling to a fixed output size (null keeps a dim). */
export class AdaptiveAvgPool2d extends Module {
  readonly outputSize: unknown;
  constructor(...args: ArgsOf<typeof ADAPTIVE>) {
    super();
    this.outputSize = bind(binder("AdaptiveAvgPool2d", ADAPTIVE), args).outputSize;
  }
  override forward(x: Tensor): Tensor {
    return F.adaptiveAvgPool2d(x, this.outputSize);
  }
  override extraRepr(): string {
    return `output_size=${py(this.outputSize)}`;
  }
}

/** 1-d adaptive average pooling. */
export class AdaptiveAvgPool1d extends Module {
  readonly outputSize: unknown;
  constructor(...args: ArgsOf<typeof ADAPTIVE>) {
    super();
    this.outputSize = bind(binder("AdaptiveAvgPool1d", ADAPTIVE), args).outputSize;
  }
  override forward(x: Tensor): Tensor {
    return F.adaptiveAvgPool1d(x, this.outputSize);
  }
  override extraRepr(): string {
    return `output_size=${py(this.outputSize)}`;
  }
}

/** Adaptive max pooling's shared state: the 1-d and 2-d layers differ only in the function they run. */
export abstract class AdaptiveMaxPoolNd extends Module {
  readonly outputSize: unknown;
  readonly returnIndices: boolean;
  constructor(name: string, args: ArgsOf<typeof ADAPTIVE_MAX>) {
    super();
    const a = bind(binder(name, ADAPTIVE_MAX), args);
    this.outputSize = a.outputSize;
    this.returnIndices = a.returnIndices;
  }
  override extraRepr(): string {
    return `output_size=${py(this.outputSize)}`;
  }
}

/** 2-d adaptive max pooling (forward returns [values, indices] with returnIndices). */
export class AdaptiveMaxPool2d extends AdaptiveMaxPoolNd {
  constructor(...args: ArgsOf<typeof ADAPTIVE_MAX>) {
    super("AdaptiveMaxPool2d", args);
  }
  // deno-lint-ignore no-explicit-any
  override forward(x: Tensor): any {
    return this.returnIndices ? F.adaptiveMaxPool2d(x, this.outputSize, true) : F.adaptiveMaxPool2d(x, this.outputSize);
  }
}

/** 1-d adaptive max pooling. */
export class AdaptiveMaxPool1d extends AdaptiveMaxPoolNd {
  constructor(...args: ArgsOf<typeof ADAPTIVE_MAX>) {
    super("AdaptiveMaxPool1d", args);
  }
  // deno-lint-ignore no-explicit-any
  override forward(x: Tensor): any {
    return this.returnIndices ? F.adaptiveMaxPool1d(x, this.outputSize, true) : F.adaptiveMaxPool1d(x, this.outputSize);
  }
}

/** The LPPool modules' constructor arguments. */
export const LPPOOL_SIG = { pos: LPPOOL, kw: [] } as const;

/** What LPPool1d / LPPool2d share: the power and the window. */
export abstract class LPPoolNd extends Module {
  readonly normType: number;
  readonly kernelSize: number | number[];
  readonly stride: number | number[] | null;
  readonly ceilMode: boolean;
  protected constructor(name: string, args: readonly unknown[]) {
    super();
    const a = bind(binder(name, LPPOOL_SIG), args);
    this.normType = a.normType;
    this.kernelSize = a.kernelSize;
    this.stride = a.stride;
    this.ceilMode = a.ceilMode;
  }
  override extraRepr(): string {
    return `norm_type=${py(this.normType)}, kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}, ceil_mode=${
      py(this.ceilMode)
    }`;
  }
}

/**
 * 1-d power-average pooling: (sum of x^p over each window)^(1/p).
 *
 * @example
 * ```ts
 * import { nn, torch } from "../../../mod.ts";
 * const y = new nn.LPPool1d(2, 2).forward(torch.tensor([[[3, 4, 6, 8]]], { dtype: "float32" }));
 * console.log(y.tolist()); // [[[5, 10]]]
 * ```
 */
export class LPPool1d extends LPPoolNd {
  constructor(...args: ArgsOf<typeof LPPOOL_SIG>) {
    super("LPPool1d", args);
  }
  override forward(x: Tensor): Tensor {
    return F.lpPool1d(x, this.normType, this.kernelSize, this.stride, this.ceilMode);
  }
}

/** 2-d power-average pooling: (sum of x^p over each window)^(1/p). */
export class LPPool2d extends LPPoolNd {
  constructor(...args: ArgsOf<typeof LPPOOL_SIG>) {
    super("LPPool2d", args);
  }
  override forward(x: Tensor): Tensor {
    return F.lpPool2d(x, this.normType, this.kernelSize, this.stride, this.ceilMode);
  }
}
