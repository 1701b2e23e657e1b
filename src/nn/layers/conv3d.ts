/** Conv3d (every padding mode), ConvTranspose1d and ConvTranspose3d (forward's outputSize), over ConvNd. */
import type { Tensor } from "../../torch/tensor.ts";
import { functional as F } from "../functional.ts";
import { type ArgsOf, bind, binder } from "../module.ts";
import { CONV, ConvNd, ConvTransposeNd, TCONV } from "./conv.ts";

const CONV3D_B = binder("Conv3d", CONV);

/**
 * 3-d convolution over (N, C, D, H, W) or (C, D, H, W) inputs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const conv = new nn.Conv3d(2, 4, 3, { padding: 1, paddingMode: "replicate" });
 * assert.deepEqual(conv.forward(torch.randn(1, 2, 5, 6, 7)).shape, [1, 4, 5, 6, 7]);
 * assert.equal(String(conv), "Conv3d(2, 4, kernel_size=(3, 3, 3), stride=(1, 1, 1), padding=(1, 1, 1), padding_mode=replicate)");
 * ```
 */
export class Conv3d extends ConvNd {
  constructor(...args: ArgsOf<typeof CONV>) {
    super("Conv3d", 3, false, bind(CONV3D_B, args));
  }
  override forward(x: Tensor): Tensor {
    const [xp, pad] = this.padded(x);
    return F.conv3d(xp, this.weight, this.bias, this.stride, pad, this.dilation, this.groups);
  }
}

const TCONV1D_B = binder("ConvTranspose1d", TCONV), TCONV3D_B = binder("ConvTranspose3d", TCONV);

/**
 * 1-d transposed convolution over (N, C, L) or (C, L) inputs; `forward(x, outputSize)` picks the output padding
 * that gives a requested size.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const up = new nn.ConvTranspose1d(4, 2, 3, { stride: 2, padding: 1 });
 * assert.deepEqual(up.forward(torch.randn(1, 4, 10)).shape, [1, 2, 19]);
 * assert.deepEqual(up.forward(torch.randn(1, 4, 10), [20]).shape, [1, 2, 20]);
 * ```
 */
export class ConvTranspose1d extends ConvTransposeNd {
  constructor(...args: ArgsOf<typeof TCONV>) {
    super("ConvTranspose1d", 1, bind(TCONV1D_B, args));
  }
}

/**
 * 3-d transposed convolution over (N, C, D, H, W) or (C, D, H, W) inputs; `forward(x, outputSize)` picks the output
 * padding that gives a requested size.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const up = new nn.ConvTranspose3d(4, 2, 2, { stride: 2 });
 * assert.deepEqual(up.forward(torch.randn(1, 4, 3, 4, 5)).shape, [1, 2, 6, 8, 10]);
 * ```
 */
export class ConvTranspose3d extends ConvTransposeNd {
  constructor(...args: ArgsOf<typeof TCONV>) {
    super("ConvTranspose3d", 3, bind(TCONV3D_B, args));
  }
}
