/**
 * torchvision.utils: makeGrid (a batch laid out in rows with padding) and
 * saveImage (the grid scaled to 0..255 with +0.5 rounding and written as
 * PNG or JPEG), computed in the tensor's float dtype as torchvision.
 */
import { Binder, opt, req } from "../api/signature.ts";
import { CONV, freshTensor } from "../data/util.ts";
import { torch } from "../torch/mod.ts";
import { Tensor } from "../torch/tensor.ts";
import { saveImageFile, tensorToImage } from "./io.ts";
import { flat } from "./transforms/functional.ts";

const GRID_KW = [
  opt("nrow", "int", 8),
  opt("padding", "int", 2),
  opt("normalize", "bool", false),
  opt("valueRange", "any", null),
  opt("scaleEach", "bool", false),
  opt("padValue", "number", 0),
] as const;
const GRID = new Binder("makeGrid", { pos: [req("tensor", "any"), ...GRID_KW], kw: [] });

/** makeGrid's options. */
export interface GridOptions {
  nrow?: number;
  padding?: number;
  normalize?: boolean;
  valueRange?: [number, number] | null;
  scaleEach?: boolean;
  padValue?: number;
}

/**
 * Lays a batch (B, C, H, W) (or a list of CHW tensors) out in a grid of
 * `nrow` images per row.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../torch/mod.ts";
 * import { makeGrid } from "./utils.ts";
 * assert.deepEqual(makeGrid(torch.ones(5, 3, 4, 4), { nrow: 2 }).shape, [3, 20, 14]);
 * ```
 */
export function makeGrid(...args: [Tensor | Tensor[], GridOptions?] | unknown[]): Tensor {
  const a = GRID.bind(args, CONV);
  let t: Tensor;
  if (a.tensor instanceof Tensor) t = a.tensor;
  else if (Array.isArray(a.tensor)) {
    for (const x of a.tensor) {
      if (!(x instanceof Tensor)) {
        throw new TypeError(`tensor or list of tensors expected, got a list containing ${typeof x}`);
      }
    }
    t = torch.stack(a.tensor as Tensor[], 0);
  } else throw new TypeError(`tensor or list of tensors expected, got ${typeof a.tensor}`);
  if (t.ndim === 2) t = t.unsqueeze(0);
  if (t.ndim === 3) {
    if (t.shape[0] === 1) t = torch.cat([t, t, t], 0);
    t = t.unsqueeze(0);
  }
  if (t.ndim === 4 && t.shape[1] === 1) t = torch.cat([t, t, t], 1);
  if (a.normalize) {
    if (a.valueRange !== null && !(Array.isArray(a.valueRange) && a.valueRange.length === 2)) {
      throw new TypeError("valueRange has to be a tuple (min, max) if specified. min and max are numbers");
    }
    t = normalized(t, a.valueRange, a.scaleEach);
  }
  if (t.shape[0] === 1) return t.squeeze(0);
  const [nmaps, c, h, w] = t.shape;
  const padding = a.padding;
  const xmaps = Math.min(a.nrow, nmaps), ymaps = Math.ceil(nmaps / xmaps);
  const height = h + padding, width = w + padding;
  const gh = height * ymaps + padding, gw = width * xmaps + padding;
  const grid = freshTensor(t.dtype, [c, gh, gw]);
  const g = grid.storage.data;
  const pv = t.dtype === "int64" ? BigInt(Math.trunc(a.padValue)) : a.padValue;
  g.fill(pv as never);
  const { data } = flat(t);
  let k = 0;
  for (let y = 0; y < ymaps; y++) {
    for (let x = 0; x < xmaps; x++) {
      if (k >= nmaps) break;
      for (let ch = 0; ch < c; ch++) {
        for (let r = 0; r < h; r++) {
          const src = ((k * c + ch) * h + r) * w;
          const dst = (ch * gh + y * height + padding + r) * gw + x * width + padding;
          // deno-lint-ignore no-explicit-any
          (g as any).set((data as any).subarray(src, src + w), dst);
        }
      }
      k++;
    }
  }
  return grid;
}

/** torchvision's norm_ip over the whole batch or each image: clamp to [lo, hi], then (x - lo) / max(hi - lo, 1e-5). */
function normalized(t: Tensor, range: [number, number] | null, each: boolean): Tensor {
  const src = flat(t.isFloatingPoint() ? t : t.float()).data as Float32Array | Float64Array;
  const out = freshTensor(t.isFloatingPoint() ? t.dtype : "float32", t.shape);
  const d = out.storage.data as Float32Array | Float64Array;
  const r = d instanceof Float32Array ? Math.fround : (x: number) => x;
  const per = each ? src.length / t.shape[0] : src.length;
  for (let start = 0; start < src.length; start += per) {
    let lo: number, hi: number;
    if (range) [lo, hi] = range;
    else {
      lo = Infinity;
      hi = -Infinity;
      for (let i = start; i < start + per; i++) {
        if (src[i] < lo) lo = src[i];
        if (src[i] > hi) hi = src[i];
      }
    }
    const l = r(lo), hh = r(hi), div = r(Math.max(hi - lo, 1e-5));
    for (let i = start; i < start + per; i++) {
      const v = Math.min(Math.max(src[i], l), hh);
      d[i] = r(r(v - l) / div);
    }
  }
  return out;
}

const SAVE = new Binder("saveImage", {
  pos: [req("tensor", "any"), req("fp", "string"), opt("format", "string", null), ...GRID_KW],
  kw: [],
});

/**
 * Saves a tensor (or batch, as a grid) as an image file: values in [0, 1]
 * scaled by 255, +0.5, clamped and truncated to 8 bits, as torchvision.
 */
export function saveImage(
  ...args: [Tensor | Tensor[], string, ((GridOptions & { format?: string | null }) | string | null)?] | unknown[]
): void {
  const a = SAVE.bind(args, CONV);
  const grid = makeGrid(a.tensor, {
    nrow: a.nrow,
    padding: a.padding,
    normalize: a.normalize,
    valueRange: a.valueRange,
    scaleEach: a.scaleEach,
    padValue: a.padValue,
  });
  const { data } = flat(grid.isFloatingPoint() ? grid : grid.float());
  const r = data instanceof Float64Array ? (x: number) => x : Math.fround;
  const u8 = freshTensor("uint8", grid.shape);
  const d = u8.storage.data as Uint8Array;
  for (let i = 0; i < data.length; i++) {
    const v = r(r(r((data[i] as number) * 255)) + 0.5);
    d[i] = v <= 0 ? 0 : v >= 255 ? 255 : Math.trunc(v);
  }
  const img = u8.ndim === 2 ? u8.unsqueeze(0) : u8;
  saveImageFile(tensorToImage(img), a.fp, a.format ?? undefined);
}
