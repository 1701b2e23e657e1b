/** Upsample, UpsamplingNearest2d and UpsamplingBilinear2d: F.interpolate as modules. */
import { opt } from "../../api/signature.ts";
import type { Tensor } from "../../torch/tensor.ts";
import { functional as F, UPSAMPLE, UPSAMPLE_SIZE } from "../functional.ts";
import { type ArgsOf, bind, binder, Module } from "../module.ts";
import { py } from "../repr.ts";

const UPSAMPLE_SIG = { pos: [...UPSAMPLE, opt("recomputeScaleFactor", "bool", null)], kw: [] } as const;
const UPSAMPLE_B = binder("Upsample", UPSAMPLE_SIG);
const SIZE_SIG = { pos: UPSAMPLE_SIZE, kw: [] } as const;
const NEAREST_B = binder("UpsamplingNearest2d", SIZE_SIG);
const BILINEAR_B = binder("UpsamplingBilinear2d", SIZE_SIG);

/**
 * The scale factor as Upsample keeps it: a list as given (PyTorch's tuple of floats), a number unless it is zero
 * (PyTorch's `float(scale_factor) if scale_factor else None`, so 0 counts as not given; NaN is kept).
 */
function scaleOf(v: unknown, name: string): number | number[] | null {
  if (v === null) return null;
  if (typeof v === "number") return v === 0 ? null : v;
  if (Array.isArray(v) && v.every((s) => typeof s === "number")) return [...v];
  throw new TypeError(`${name}(): argument 'scaleFactor' must be a number or a list of numbers, not ${typeof v}`);
}

/**
 * Resizes (N, C, [D, [H,]] W) inputs with F.interpolate: to `size`, or by `scaleFactor` (one of the two), in any
 * of interpolate's modes (default nearest). Checks happen at forward, as PyTorch's.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const up = new nn.Upsample({ scaleFactor: 2, mode: "bilinear" });
 * assert.equal(String(up), "Upsample(scale_factor=2.0, mode='bilinear')");
 * assert.deepEqual(up.forward(torch.zeros(1, 3, 4, 5)).shape, [1, 3, 8, 10]);
 * assert.equal(String(new nn.Upsample([4, 4], null, "bicubic")), "Upsample(size=(4, 4), mode='bicubic')");
 * ```
 */
export class Upsample extends Module {
  readonly size: number | number[] | null;
  readonly scaleFactor: number | number[] | null;
  readonly mode: string;
  readonly alignCorners: boolean | null;
  readonly recomputeScaleFactor: boolean | null;
  constructor(...args: ArgsOf<typeof UPSAMPLE_SIG>) {
    super();
    const a = bind(UPSAMPLE_B, args);
    this.size = a.size;
    this.scaleFactor = scaleOf(a.scaleFactor, new.target.name);
    this.mode = a.mode;
    this.alignCorners = a.alignCorners;
    this.recomputeScaleFactor = a.recomputeScaleFactor;
  }
  override forward(x: Tensor): Tensor {
    return F.interpolate(x, this.size, this.scaleFactor, this.mode, this.alignCorners, this.recomputeScaleFactor);
  }
  override extraRepr(): string {
    const info = this.scaleFactor !== null ? `scale_factor=${py(this.scaleFactor, true)}` : `size=${py(this.size)}`;
    return `${info}, mode='${this.mode}'`;
  }
}

/**
 * Nearest-neighbour upsampling to `size` or by `scaleFactor` (PyTorch's deprecated form of
 * `Upsample({ mode: "nearest" })`, an Upsample itself).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const up = new nn.UpsamplingNearest2d({ scaleFactor: 2 });
 * assert.equal(String(up), "UpsamplingNearest2d(scale_factor=2.0, mode='nearest')");
 * assert.deepEqual(up.forward(torch.tensor([[[[1, 2]]]], { dtype: "float32" })).tolist(), [[[[1, 1, 2, 2], [1, 1, 2, 2]]]]);
 * ```
 */
export class UpsamplingNearest2d extends Upsample {
  constructor(...args: ArgsOf<typeof SIZE_SIG>) {
    const a = bind(NEAREST_B, args);
    super({ size: a.size, scaleFactor: a.scaleFactor, mode: "nearest" });
  }
}

/**
 * Bilinear upsampling with aligned corners to `size` or by `scaleFactor` (PyTorch's deprecated form of
 * `Upsample({ mode: "bilinear", alignCorners: true })`, an Upsample itself).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const up = new nn.UpsamplingBilinear2d([1, 3]);
 * assert.equal(String(up), "UpsamplingBilinear2d(size=(1, 3), mode='bilinear')");
 * assert.deepEqual(up.forward(torch.tensor([[[[0, 4]]]], { dtype: "float32" })).tolist(), [[[[0, 2, 4]]]]);
 * ```
 */
export class UpsamplingBilinear2d extends Upsample {
  constructor(...args: ArgsOf<typeof SIZE_SIG>) {
    const a = bind(BILINEAR_B, args);
    super({ size: a.size, scaleFactor: a.scaleFactor, mode: "bilinear", alignCorners: true });
  }
}
