/** Dropout, Dropout1d / 2d / 3d, AlphaDropout, FeatureAlphaDropout: active in training mode only (PyTorch's stream for the seed). */
import { opt } from "../../api/signature.ts";
import type { Tensor } from "../../torch/tensor.ts";
import { functional as F } from "../functional.ts";
import { type ArgsOf, bind, binder, Module } from "../module.ts";
import { py, pyFloat } from "../repr.ts";

const SIG = { pos: [opt("p", "number", 0.5), opt("inplace", "bool", false)], kw: [] } as const;

abstract class DropoutNd extends Module {
  readonly p: number;
  readonly inplace: boolean;
  protected constructor(name: string, args: readonly unknown[]) {
    super();
    const a = bind(binder(name, SIG), args);
    if (!(a.p >= 0 && a.p <= 1)) throw new RangeError(`dropout probability has to be between 0 and 1, but got ${a.p}`);
    this.p = a.p;
    this.inplace = a.inplace;
  }
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${py(this.inplace)}`;
  }
}

/**
 * Zeroes elements with probability p in training mode (scaling the rest by
 * 1/(1-p)); the identity in eval mode.
 *
 * @example
 * ```ts
 * import { nn, torch } from "../../../mod.ts";
 * const d = new nn.Dropout(0.5);
 * console.log(d.eval().forward(torch.ones(3)).tolist()); // [1, 1, 1]
 * ```
 */
export class Dropout extends DropoutNd {
  constructor(...args: ArgsOf<typeof SIG>) {
    super("Dropout", args);
  }
  override forward(x: Tensor): Tensor {
    return F.dropout(x, this.p, this.training, this.inplace);
  }
}

/** Zeroes whole channels of (N, C, L) inputs. */
export class Dropout1d extends DropoutNd {
  constructor(...args: ArgsOf<typeof SIG>) {
    super("Dropout1d", args);
  }
  override forward(x: Tensor): Tensor {
    return F.dropout1d(x, this.p, this.training, this.inplace);
  }
}

/** Zeroes whole channels of (N, C, H, W) inputs. */
export class Dropout2d extends DropoutNd {
  constructor(...args: ArgsOf<typeof SIG>) {
    super("Dropout2d", args);
  }
  override forward(x: Tensor): Tensor {
    return F.dropout2d(x, this.p, this.training, this.inplace);
  }
}

/** Zeroes whole channels of (N, C, D, H, W) inputs. */
export class Dropout3d extends DropoutNd {
  constructor(...args: ArgsOf<typeof SIG>) {
    super("Dropout3d", args);
  }
  override forward(x: Tensor): Tensor {
    return F.dropout3d(x, this.p, this.training, this.inplace);
  }
}

/**
 * Dropout for SELU networks (training mode only): dropped elements take SELU's saturation value and an affine map
 * keeps zero mean and unit variance.
 *
 * @example
 * ```ts
 * import { nn, torch } from "../../../mod.ts";
 * const d = new nn.AlphaDropout(0.2);
 * console.log(d.forward(torch.ones(4)).shape); // [4]
 * ```
 */
export class AlphaDropout extends DropoutNd {
  constructor(...args: ArgsOf<typeof SIG>) {
    super("AlphaDropout", args);
  }
  override forward(x: Tensor): Tensor {
    return F.alphaDropout(x, this.p, this.training, this.inplace);
  }
}

/** Alpha dropout of whole channels of (N, C, ...) inputs. */
export class FeatureAlphaDropout extends DropoutNd {
  constructor(...args: ArgsOf<typeof SIG>) {
    super("FeatureAlphaDropout", args);
  }
  override forward(x: Tensor): Tensor {
    return F.featureAlphaDropout(x, this.p, this.training, this.inplace);
  }
}
