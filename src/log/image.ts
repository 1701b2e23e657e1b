/**
 * Image arrays to PNG for addImage/addImages/addEmbedding sprites:
 * `dataformats` parsing (PyTorch's convert_to_HWC rules), validation, and
 * one pass from the source array straight into PNG rows (strided reads,
 * scaling, clamping and the grid layout fused), so a large image costs about
 * what deflate costs and one byte per pixel of extra memory.
 */
import { DTYPES } from "../core/dtype.ts";
import { type ArrayData, isOperand, toOperand } from "../api/convert.ts";
import { castTo, contiguous, type Operand } from "../ops/operand.ts";
import { encodePng } from "./png.ts";
import type { Bytes } from "./protobuf.ts";

/** Where each of N, C, H, W lies in a C-contiguous source: sizes and element strides. */
export interface ImageLayout {
  n: number;
  c: number;
  h: number;
  w: number;
  sn: number;
  sc: number;
  sh: number;
  sw: number;
}

/**
 * The layout of an array of `shape` read as `dataformats`: the letters of
 * HW, CHW or NCHW in any order, case-insensitive (PyTorch's rule). Throws a
 * RangeError for any other format, a rank mismatch, an empty image, or a
 * channel count PNG cannot hold (1 gray, 2 gray + alpha, 3 RGB, 4 RGBA).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { imageLayout } from "./image.ts";
 * const l = imageLayout("addImage()", [32, 48, 3], "HWC");
 * assert.deepEqual([l.h, l.w, l.c, l.sc], [32, 48, 3, 1]);
 * ```
 */
export function imageLayout(fn: string, shape: readonly number[], dataformats: string): ImageLayout {
  const fmt = dataformats.toUpperCase();
  const letters = [...fmt].sort().join("");
  if (!["HW", "CHW", "CHNW"].includes(letters)) {
    throw new RangeError(
      `${fn}: dataformats '${dataformats}' must order the letters of HW, CHW or NCHW, each once (e.g. 'CHW', 'HWC', 'NHWC')`,
    );
  }
  if (shape.length !== fmt.length) {
    throw new RangeError(`${fn}: dataformats '${dataformats}' needs a ${fmt.length}-d array, got shape [${shape}]`);
  }
  const size = (ch: string) => (fmt.includes(ch) ? shape[fmt.indexOf(ch)] : 1);
  const stride = (ch: string) => (fmt.includes(ch) ? shape.slice(fmt.indexOf(ch) + 1).reduce((p, d) => p * d, 1) : 0);
  const l: ImageLayout = {
    n: size("N"),
    c: size("C"),
    h: size("H"),
    w: size("W"),
    sn: stride("N"),
    sc: stride("C"),
    sh: stride("H"),
    sw: stride("W"),
  };
  if (l.n === 0 || l.h === 0 || l.w === 0) {
    throw new RangeError(`${fn}: cannot write an empty image (shape [${shape}], dataformats '${dataformats}')`);
  }
  if (l.c < 1 || l.c > 4) {
    throw new RangeError(
      `${fn}: an image has 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA) channels, got ${l.c} (shape [${shape}], dataformats '${dataformats}')`,
    );
  }
  return l;
}

/** Typed arrays a pixel source may be (int64 is read through float64). */
type NumberArray = Float64Array | Float32Array | Int32Array | Uint8Array;

/** An image array's contiguous elements, shape, and the factor that maps them to 0-255. */
export interface PixelSource {
  data: NumberArray;
  shape: number[];
  scale: number;
}

/**
 * The elements of `img` without a float64 copy. Float arrays are taken in
 * [0, 1] (scale 255), bool as 0/255, integer arrays as 0-255; JS data is
 * taken in [0, 1] when it has a fraction or nothing above 1.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pixelSource } from "./image.ts";
 * assert.equal(pixelSource("addImage", [[0, 0.5], [1, 0.25]]).scale, 255); // JS data in [0, 1]
 * ```
 */
export function pixelSource(fn: string, img: Operand | ArrayData): PixelSource {
  const o = isOperand(img) ? img : toOperand(fn, img);
  const c = contiguous(o.storage.dtype === "int64" ? castTo(o, "float64") : o);
  const data = (c.storage.data as NumberArray).subarray(0, o.layout.size);
  const dtype = o.storage.dtype;
  const scale = !isOperand(img)
    ? (looksUnit(data) ? 255 : 1)
    : DTYPES[dtype].kind === "f" || dtype === "bool"
    ? 255
    : 1;
  return { data, shape: [...o.layout.shape], scale };
}

/** Whether JS pixel data reads as [0, 1] rather than 0-255. */
function looksUnit(data: NumberArray): boolean {
  let unit = true;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isInteger(data[i])) return true;
    if (data[i] > 1) unit = false;
  }
  return unit;
}

/** An encoded PNG and its size. */
export interface Png {
  png: Bytes;
  height: number;
  width: number;
  channels: number;
}

/**
 * Renders the image(s) of `src` as a PNG: one image, or a batch tiled
 * `cols` per row (PyTorch's make_grid; unused cells black). Values are
 * scaled, rounded and clamped to 0-255 (NaN as 0).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { imageLayout, pixelSource, renderPng } from "./image.ts";
 * const src = pixelSource("addImages", new Float32Array(5 * 3 * 2 * 2).fill(0.5));
 * src.shape = [5, 3, 2, 2];
 * const { width, height } = renderPng(src, imageLayout("addImages()", src.shape, "NCHW"), 4);
 * assert.deepEqual([width, height], [8, 4]); // five 2x2 images, four per row
 * ```
 */
export function renderPng(src: PixelSource, l: ImageLayout, cols: number): Png {
  const c = l.c, perRow = Math.min(l.n, cols);
  const height = l.h * Math.ceil(l.n / perRow), width = l.w * perRow;
  const rowBytes = 1 + width * c;
  const rows = new Uint8Array(height * rowBytes); // zeros: filter type 0 and black cells
  const { data, scale } = src;
  for (let i = 0; i < l.n; i++) {
    const oy = Math.floor(i / perRow) * l.h, ox = (i % perRow) * l.w;
    for (let y = 0; y < l.h; y++) {
      let o = (oy + y) * rowBytes + 1 + ox * c;
      const base = i * l.sn + y * l.sh;
      for (let x = 0; x < l.w; x++) {
        const p = base + x * l.sw;
        for (let k = 0; k < c; k++) {
          const v = data[p + k * l.sc] * scale;
          // Uint8Array stores truncate, so +0.5 rounds; `v > 0` is false for NaN.
          rows[o++] = v > 0 ? (v < 255 ? v + 0.5 : 255) : 0;
        }
      }
    }
  }
  return { png: encodePng(rows, height, width, c), height, width, channels: c };
}
