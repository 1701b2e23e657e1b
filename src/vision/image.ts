/**
 * The image type of vision's datasets and transforms (what PIL images are
 * to torchvision): 8-bit pixels in height x width x channels order, in one
 * of PIL's modes "L" (gray), "LA", "RGB" or "RGBA".
 */
import { registerClass } from "../data/serialize.ts";

/** PIL's modes that vision's images use, with their channel counts. */
export const MODES = { L: 1, LA: 2, RGB: 3, RGBA: 4 } as const;
/** An image mode. */
export type Mode = keyof typeof MODES;

/** The mode of an image with `c` channels. */
export function modeOf(c: number): Mode {
  const m = (Object.keys(MODES) as Mode[]).find((k) => MODES[k] === c);
  if (!m) throw new TypeError(`images have 1 to 4 channels, not ${c}`);
  return m;
}

/**
 * An 8-bit image: `data` holds height x width x channels bytes (HWC).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Image } from "./image.ts";
 * const im = new Image(new Uint8Array([10, 20, 30, 40, 50, 60]), 2, 1, "RGB");
 * assert.deepEqual([im.size, im.getPixel(1, 0)], [[2, 1], [40, 50, 60]]);
 * assert.deepEqual([...im.convert("L").data], [18, 48]);
 * ```
 */
export class Image {
  /** The pixels, row by row, channels interleaved. */
  data: Uint8Array;
  /** The width in pixels. */
  width: number;
  /** The height in pixels. */
  height: number;
  /** The mode (L, LA, RGB or RGBA), which fixes the channels per pixel. */
  mode: Mode;

  /** An image over `data` (width x height x channels bytes, not copied); throws if the length does not match the size and mode. */
  constructor(data: Uint8Array, width: number, height: number, mode: Mode) {
    if (!(data instanceof Uint8Array)) throw new TypeError("Image: data must be a Uint8Array");
    if (!Object.hasOwn(MODES, mode)) throw new TypeError(`Image: unsupported mode ${JSON.stringify(mode)}`);
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
      throw new RangeError(`Image: invalid size ${width}x${height}`);
    }
    if (data.length !== width * height * MODES[mode]) {
      throw new RangeError(
        `Image: ${data.length} bytes do not make a ${width}x${height} ${mode} image (${
          width * height * MODES[mode]
        } bytes)`,
      );
    }
    this.data = data;
    this.width = width;
    this.height = height;
    this.mode = mode;
  }

  /** A new image of a mode and size filled with a color (a number, or one per channel). */
  // deno-lint-ignore no-misused-new
  static new(mode: Mode, size: readonly [number, number], color: number | readonly number[] = 0): Image {
    const [w, h] = size, c = MODES[mode];
    const fill = typeof color === "number" ? Array(c).fill(color) : [...color];
    const data = new Uint8Array(w * h * c);
    if (fill.some((v) => v !== 0)) { for (let i = 0; i < data.length; i++) data[i] = fill[i % c]; }
    return new Image(data, w, h, mode);
  }

  /** Channels per pixel. */
  get channels(): number {
    return MODES[this.mode];
  }
  /** [width, height], as PIL's `size`. */
  get size(): [number, number] {
    return [this.width, this.height];
  }
  /** One pixel's channel values. */
  getPixel(x: number, y: number): number[] {
    const c = this.channels, o = (y * this.width + x) * c;
    return [...this.data.subarray(o, o + c)];
  }
  /** A copy. */
  copy(): Image {
    return new Image(this.data.slice(), this.width, this.height, this.mode);
  }

  /**
   * Converts between modes as PIL does: to "L" with ITU-R 601-2 luma in
   * PIL's fixed point ((R*19595 + G*38470 + B*7471 + 0x8000) >> 16), from
   * "L" by repeating the gray, alpha added as 255 or dropped.
   */
  convert(mode: Mode): Image {
    if (mode === this.mode) return this.copy();
    const n = this.width * this.height, ci = this.channels, co = MODES[mode];
    const src = this.data, out = new Uint8Array(n * co);
    const inAlpha = this.mode === "LA" || this.mode === "RGBA";
    const outAlpha = mode === "LA" || mode === "RGBA";
    const inGray = ci <= 2, outGray = co <= 2;
    for (let p = 0; p < n; p++) {
      const i = p * ci, o = p * co;
      if (outGray) {
        out[o] = inGray ? src[i] : (src[i] * 19595 + src[i + 1] * 38470 + src[i + 2] * 7471 + 0x8000) >>> 16;
      } else if (inGray) out[o] = out[o + 1] = out[o + 2] = src[i];
      else {
        out[o] = src[i];
        out[o + 1] = src[i + 1];
        out[o + 2] = src[i + 2];
      }
      if (outAlpha) out[o + co - 1] = inAlpha ? src[i + ci - 1] : 255;
    }
    return new Image(out, this.width, this.height, mode);
  }

  /** The region [left, upper, right, lower) (outside the image: zeros), as PIL's crop. */
  crop(box: readonly [number, number, number, number]): Image {
    const [l, t, r, b] = box.map((v) => Math.round(v));
    const w = Math.max(0, r - l), h = Math.max(0, b - t), c = this.channels;
    const out = new Uint8Array(w * h * c);
    for (let y = 0; y < h; y++) {
      const sy = y + t;
      if (sy < 0 || sy >= this.height) continue;
      const x0 = Math.max(0, -l), x1 = Math.min(w, this.width - l);
      if (x1 <= x0) continue;
      out.set(this.data.subarray((sy * this.width + l + x0) * c, (sy * this.width + l + x1) * c), (y * w + x0) * c);
    }
    return new Image(out, w, h, this.mode);
  }

  /** PIL's repr. */
  toString(): string {
    return `<Image mode=${this.mode} size=${this.width}x${this.height}>`;
  }
  /** Deno's inspect shows the repr (`toString()`). */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
}
registerClass(Image, import.meta.url);

/** Whether a value is a vision Image. */
export function isImage(v: unknown): v is Image {
  return v instanceof Image;
}
