/** Unfold (im2col) and Fold (col2im): sliding blocks to columns and back. */
import { req } from "../../api/signature.ts";
import type { Tensor } from "../../torch/tensor.ts";
import { BLOCKS, functional as F } from "../functional.ts";
import { type ArgsOf, bind, binder, Module } from "../module.ts";
import { py } from "../repr.ts";

const UNFOLD = { pos: BLOCKS, kw: [] } as const;
const UNFOLD_B = binder("Unfold", UNFOLD);
const FOLD = { pos: [req("outputSize", "ints"), ...BLOCKS], kw: [] } as const;
const FOLD_B = binder("Fold", FOLD);

type Ints = number | number[];

/**
 * Sliding blocks of a (N, C, H, W) input as the columns of a (N, C kh kw, L) output.
 *
 * @example
 * ```ts
 * import { nn, torch } from "../../../mod.ts";
 * const cols = new nn.Unfold(2).forward(torch.arange(9, { dtype: "float32" }).reshape(1, 1, 3, 3));
 * console.log(cols.shape); // [1, 4, 4]
 * ```
 */
export class Unfold extends Module {
  readonly kernelSize: Ints;
  readonly dilation: Ints;
  readonly padding: Ints;
  readonly stride: Ints;
  constructor(...args: ArgsOf<typeof UNFOLD>) {
    super();
    const a = bind(UNFOLD_B, args);
    this.kernelSize = a.kernelSize;
    this.dilation = a.dilation;
    this.padding = a.padding;
    this.stride = a.stride;
  }
  override forward(x: Tensor): Tensor {
    return F.unfold(x, this.kernelSize, this.dilation, this.padding, this.stride);
  }
  override extraRepr(): string {
    return `kernel_size=${py(this.kernelSize)}, dilation=${py(this.dilation)}, padding=${py(this.padding)}, stride=${
      py(this.stride)
    }`;
  }
}

/**
 * Columns of sliding blocks (N, C kh kw, L) summed back into a (N, C, H, W) output.
 *
 * @example
 * ```ts
 * import { nn, torch } from "../../../mod.ts";
 * const y = new nn.Fold([3, 3], 2).forward(torch.ones(1, 4, 4));
 * console.log(y.tolist()); // [[[[1, 2, 1], [2, 4, 2], [1, 2, 1]]]]
 * ```
 */
export class Fold extends Module {
  readonly outputSize: Ints;
  readonly kernelSize: Ints;
  readonly dilation: Ints;
  readonly padding: Ints;
  readonly stride: Ints;
  constructor(...args: ArgsOf<typeof FOLD>) {
    super();
    const a = bind(FOLD_B, args);
    this.outputSize = a.outputSize;
    this.kernelSize = a.kernelSize;
    this.dilation = a.dilation;
    this.padding = a.padding;
    this.stride = a.stride;
  }
  override forward(x: Tensor): Tensor {
    return F.fold(x, this.outputSize, this.kernelSize, this.dilation, this.padding, this.stride);
  }
  override extraRepr(): string {
    return `output_size=${py(this.outputSize)}, kernel_size=${py(this.kernelSize)}, dilation=${
      py(this.dilation)
    }, padding=${py(this.padding)}, stride=${py(this.stride)}`;
  }
}
