/** Conv1d, Conv2d (stride, padding incl. "same", dilation, groups, bias, padding modes) and ConvTranspose2d. */
import { describe, opt, req } from "../../api/signature.ts";
import type { Tensor } from "../../torch/tensor.ts";
import { functional as F } from "../functional.ts";
import { kaimingUniform_, uniform_ } from "../init.ts";
import { type ArgsOf, bind, binder, Module, type Parameter } from "../module.ts";
import { P } from "../prims.ts";
import { py } from "../repr.ts";
import { checkInput } from "./check_input.ts";
import { emptyParam, FACTORY, ntuple } from "./common.ts";

const MODES = ["zeros", "reflect", "replicate", "circular"];

/** What Conv1d, Conv2d and ConvTranspose2d share (PyTorch's _ConvNd). */
export abstract class ConvNd extends Module {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[] | "same" | "valid";
  readonly dilation: number[];
  readonly transposed: boolean;
  readonly outputPadding: number[];
  readonly groups: number;
  readonly paddingMode: string;
  weight: Parameter;
  bias: Parameter | null;

  protected constructor(name: string, n: number, transposed: boolean, a: Record<string, unknown>) {
    super();
    const groups = a.groups as number;
    if (groups <= 0) throw new RangeError("groups must be a positive integer");
    if ((a.inChannels as number) % groups !== 0) throw new RangeError("in_channels must be divisible by groups");
    if ((a.outChannels as number) % groups !== 0) throw new RangeError("out_channels must be divisible by groups");
    const mode = a.paddingMode as string;
    if (!MODES.includes(mode)) {
      throw new RangeError(
        `padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='${mode}'`,
      );
    }
    this.inChannels = a.inChannels as number;
    this.outChannels = a.outChannels as number;
    this.kernelSize = ntuple(a.kernelSize as number, n);
    this.stride = ntuple(a.stride as number, n);
    this.dilation = ntuple(a.dilation as number, n);
    this.transposed = transposed;
    this.outputPadding = ntuple((a.outputPadding ?? 0) as number, n);
    this.groups = groups;
    this.paddingMode = mode;
    const p = a.padding;
    if (typeof p === "string") {
      if (p !== "same" && p !== "valid") {
        throw new RangeError(`Invalid padding string '${p}', should be one of {'valid', 'same'}`);
      }
      if (p === "same" && this.stride.some((s) => s !== 1)) {
        throw new RangeError("padding='same' is not supported for strided convolutions");
      }
      this.padding = p;
    } else if (typeof p === "number" || Array.isArray(p)) this.padding = ntuple(p as number, n);
    else throw new TypeError(`${name}(): argument 'padding' must be an integer, a list of integers, "same" or "valid"`);
    const shape = transposed
      ? [this.inChannels, this.outChannels / groups, ...this.kernelSize]
      : [this.outChannels, this.inChannels / groups, ...this.kernelSize];
    this.weight = emptyParam(shape, a as { dtype: string | null });
    this.bias = a.bias ? emptyParam([this.outChannels], a as { dtype: string | null }) : null;
    this.resetParameters();
  }

  /** PyTorch's default initialization (kaiming_uniform_(a=sqrt(5)), then the bias from the weight's fan-in). */
  resetParameters(): void {
    kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias) {
      let fanIn = this.weight.shape[1];
      for (let i = 2; i < this.weight.ndim; i++) fanIn *= this.weight.shape[i];
      if (fanIn !== 0) {
        const bound = 1 / Math.sqrt(fanIn);
        uniform_(this.bias, -bound, bound);
      }
    }
  }

  /** The input padded by a non-zero padding mode (F.pad's order: last dim first), and the conv's own padding. */
  protected padded(x: Tensor): [Tensor, number[] | "same" | "valid"] {
    if (this.paddingMode === "zeros") return [x, this.padding];
    const n = this.kernelSize.length;
    const pads: number[] = [];
    for (let i = n - 1; i >= 0; i--) {
      if (this.padding === "valid") pads.push(0, 0);
      else if (this.padding === "same") {
        const total = this.dilation[i] * (this.kernelSize[i] - 1);
        pads.push(Math.floor(total / 2), total - Math.floor(total / 2));
      } else pads.push(this.padding[i], this.padding[i]);
    }
    return [F.pad(x, pads, this.paddingMode as "reflect"), Array(n).fill(0)];
  }

  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}`;
    const p = this.padding;
    if (typeof p === "string") s += `, padding=${p}`;
    else if (p.some((v) => v !== 0)) s += `, padding=${py(p)}`;
    if (this.dilation.some((v) => v !== 1)) s += `, dilation=${py(this.dilation)}`;
    if (this.outputPadding.some((v) => v !== 0)) s += `, output_padding=${py(this.outputPadding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ", bias=False";
    if (this.paddingMode !== "zeros") s += `, padding_mode=${this.paddingMode}`;
    return s;
  }
}

const convSig = <const N extends string>(_name: N) =>
  ({
    pos: [
      req("inChannels", "int"),
      req("outChannels", "int"),
      req("kernelSize", "ints"),
      opt("stride", "ints", 1),
      opt("padding", "any", 0),
      opt("dilation", "ints", 1),
      opt("groups", "int", 1),
      opt("bias", "bool", true),
      opt("paddingMode", "string", "zeros"),
      ...FACTORY,
    ],
    kw: [],
  }) as const;
/** Conv1d/2d/3d's constructor arguments. */
export const CONV = convSig("conv");
const CONV1D_B = binder("Conv1d", CONV), CONV2D_B = binder("Conv2d", CONV);

/**
 * 1-d convolution over (N, C, L) inputs.
 *
 * @example
 * ```ts
 * import { nn, torch } from "../../../mod.ts";
 * const conv = new nn.Conv1d(16, 32, 5, { padding: "same" });
 * console.log(conv.forward(torch.randn(4, 16, 100)).shape); // [4, 32, 100]
 * ```
 */
export class Conv1d extends ConvNd {
  constructor(...args: ArgsOf<typeof CONV>) {
    super("Conv1d", 1, false, bind(CONV1D_B, args));
  }
  override forward(x: Tensor): Tensor {
    const [xp, pad] = this.padded(checkInput(this, x));
    return F.conv1d(xp, this.weight, this.bias, this.stride, pad, this.dilation, this.groups);
  }
}

/**
 * 2-d convolution over (N, C, H, W) inputs.
 *
 * @example
 * ```ts
 * import { nn, torch } from "../../../mod.ts";
 * const conv = new nn.Conv2d(1, 32, 3, { padding: 1 });
 * console.log(conv.forward(torch.randn(8, 1, 28, 28)).shape); // [8, 32, 28, 28]
 * ```
 */
export class Conv2d extends ConvNd {
  constructor(...args: ArgsOf<typeof CONV>) {
    super("Conv2d", 2, false, bind(CONV2D_B, args));
  }
  override forward(x: Tensor): Tensor {
    const [xp, pad] = this.padded(checkInput(this, x));
    if (x.ndim === 4 && Array.isArray(pad)) {
      // the common case straight to the primitive
      return P.conv2d(
        xp,
        this.weight,
        this.bias,
        this.stride,
        [pad[0], pad[1], pad[0], pad[1]],
        this.dilation,
        this.groups,
      );
    }
    return F.conv2d(xp, this.weight, this.bias, this.stride, pad, this.dilation, this.groups);
  }
}

/** ConvTranspose1d/2d/3d's constructor arguments. */
export const TCONV = {
  pos: [
    req("inChannels", "int"),
    req("outChannels", "int"),
    req("kernelSize", "ints"),
    opt("stride", "ints", 1),
    opt("padding", "ints", 0),
    opt("outputPadding", "ints", 0),
    opt("groups", "int", 1),
    opt("bias", "bool", true),
    opt("dilation", "ints", 1),
    opt("paddingMode", "string", "zeros"),
    ...FACTORY,
  ],
  kw: [],
} as const;
const TCONV_B = binder("ConvTranspose2d", TCONV);

/** What ConvTranspose1d, 2d and 3d share: zeros padding only, and forward's outputSize. */
export abstract class ConvTransposeNd extends ConvNd {
  protected constructor(name: string, n: number, a: Record<string, unknown>) {
    if (a.paddingMode !== "zeros") throw new RangeError(`Only "zeros" padding mode is supported for ${name}`);
    super(name, n, true, a);
  }

  /**
   * The output padding that gives `outputSize` (its spatial sizes, or with the batch and channel sizes), else the
   * module's: PyTorch's _ConvTransposeNd._output_padding, its checks and messages.
   */
  protected outputPaddingFor(x: Tensor, outputSize: readonly number[] | null): number[] {
    if (outputSize === null) return this.outputPadding;
    if (!Array.isArray(outputSize) || !outputSize.every(Number.isSafeInteger)) {
      throw new TypeError(
        `${this.constructor.name}.forward(): output_size must be a list of integers, not ${describe(outputSize)}`,
      );
    }
    const n = this.kernelSize.length, lead = x.ndim === n + 2 ? 2 : 1;
    const size = outputSize.length === lead + n ? outputSize.slice(lead) : [...outputSize];
    if (size.length !== n) {
      throw new RangeError(
        `ConvTranspose${n}D: for ${x.ndim}D input, output_size must have ${n} or ${
          lead + n
        } elements (got ${outputSize.length})`,
      );
    }
    const pad = this.padding as number[];
    const min = size.map((_, d) =>
      (x.shape[d + lead] - 1) * this.stride[d] - 2 * pad[d] + this.dilation[d] * (this.kernelSize[d] - 1) + 1
    );
    const max = min.map((m, d) => m + this.stride[d] - 1);
    const list = (v: readonly number[]) => `[${v.join(", ")}]`;
    if (size.some((s, d) => s < min[d] || s > max[d])) {
      throw new RangeError(
        `requested an output size of ${list(size)}, but valid sizes range from ${list(min)} to ${
          list(max)
        } (for an input of torch.Size(${list(x.shape.slice(2))}))`,
      );
    }
    return size.map((s, d) => s - min[d]);
  }
  /** The output (with the output padding that gives `outputSize`, when asked: its spatial sizes or all of them). */
  override forward(x: Tensor, outputSize: readonly number[] | null = null): Tensor {
    const n = this.kernelSize.length;
    checkInput(this, x);
    const op = x.ndim === n + 1 || x.ndim === n + 2 ? this.outputPaddingFor(x, outputSize) : this.outputPadding;
    const conv = F[(["convTranspose1d", "convTranspose2d", "convTranspose3d"] as const)[n - 1]];
    return conv(x, this.weight, this.bias, this.stride, this.padding as number[], op, this.groups, this.dilation);
  }
}

/** 2-d transposed convolution; forward(x, outputSize?) picks the output padding for a requested size. */
export class ConvTranspose2d extends ConvTransposeNd {
  constructor(...args: ArgsOf<typeof TCONV>) {
    super("ConvTranspose2d", 2, bind(TCONV_B, args));
  }
}
