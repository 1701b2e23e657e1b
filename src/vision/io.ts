/**
 * torchvision.io: reading and writing PNG and JPEG files. Decoding and
 * encoding use pinned npm packages (fast-png, jpeg-js); the versions live
 * in the specifiers because a program importing dendrite by URL does not
 * see dendrite's import map. Writes go to a temp file renamed into place.
 */
// deno-lint-ignore no-import-prefix
import { decode as pngDecode, encode as pngEncode } from "npm:fast-png@8.0.0";
// deno-lint-ignore no-import-prefix
import jpeg from "npm:jpeg-js@0.4.4";
import { Binder, opt, req } from "../api/signature.ts";
import { Tensor } from "../torch/tensor.ts";
import { CONV, freshTensor, tensorOver } from "../data/util.ts";
import { Image, type Mode, modeOf, MODES } from "./image.ts";

/** torchvision's ImageReadMode. */
export const ImageReadMode = {
  UNCHANGED: "UNCHANGED",
  GRAY: "GRAY",
  GRAY_ALPHA: "GRAY_ALPHA",
  RGB: "RGB",
  RGB_ALPHA: "RGB_ALPHA",
} as const;
/** An ImageReadMode value. */
export type ImageReadMode = keyof typeof ImageReadMode;

const READ_MODE: Record<ImageReadMode, Mode | null> = {
  UNCHANGED: null,
  GRAY: "L",
  GRAY_ALPHA: "LA",
  RGB: "RGB",
  RGB_ALPHA: "RGBA",
};

const isPng = (b: Uint8Array) => b.length > 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
const isJpeg = (b: Uint8Array) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;

/** Decodes PNG bytes (any bit depth, palette, transparency) into an 8-bit image. */
function decodePngImage(bytes: Uint8Array): Image {
  const p = pngDecode(bytes);
  const { width, height } = p;
  const n = width * height;
  if (p.palette) {
    // indexed: expand through the palette (and tRNS alpha, when present)
    const pal = p.palette as number[][];
    const alpha = pal.some((e) => e.length === 4 && e[3] !== 255);
    const c = alpha ? 4 : 3, out = new Uint8Array(n * c);
    const idx = unpackBits(p.data as Uint8Array, p.depth, width, height, 1, false);
    for (let i = 0; i < n; i++) {
      const e = pal[idx[i]] ?? [0, 0, 0, 255];
      for (let k = 0; k < c; k++) out[i * c + k] = k < 3 ? e[k] : (e[3] ?? 255);
    }
    return new Image(out, width, height, alpha ? "RGBA" : "RGB");
  }
  const c = p.channels;
  let data: Uint8Array;
  if (p.depth === 16) {
    const d = p.data as Uint16Array;
    data = new Uint8Array(d.length);
    for (let i = 0; i < d.length; i++) data[i] = d[i] >> 8;
  } else if (p.depth < 8) data = unpackBits(p.data as Uint8Array, p.depth, width, height, c, true);
  else data = p.data as Uint8Array;
  return new Image(data.length === n * c ? data : data.slice(0, n * c), width, height, modeOf(c));
}

/** Unpacks 1/2/4-bit rows (scaled to 0..255 for gray, raw for palette indices). */
function unpackBits(d: Uint8Array, depth: number, w: number, h: number, c: number, scale: boolean): Uint8Array {
  if (depth === 8) return d;
  const out = new Uint8Array(w * h * c);
  const rowBytes = Math.ceil((w * c * depth) / 8), mask = (1 << depth) - 1, mul = scale ? 255 / mask : 1;
  for (let y = 0; y < h; y++) {
    for (let i = 0; i < w * c; i++) {
      const bit = i * depth, byte = d[y * rowBytes + (bit >> 3)];
      out[y * w * c + i] = ((byte >> (8 - depth - (bit & 7))) & mask) * mul;
    }
  }
  return out;
}

function decodeJpegImage(bytes: Uint8Array): Image {
  const j = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 4096 });
  const c = j.data.length / (j.width * j.height);
  return new Image(new Uint8Array(j.data.buffer, j.data.byteOffset, j.data.length), j.width, j.height, modeOf(c));
}

/**
 * Decodes PNG or JPEG bytes into an Image (PIL's Image.open + load).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { decodeImageBytes, encodePngBytes } from "./io.ts";
 * import { Image } from "./image.ts";
 * const im = new Image(new Uint8Array([0, 128, 255, 7]), 2, 2, "L");
 * assert.deepEqual([...decodeImageBytes(encodePngBytes(im)).data], [0, 128, 255, 7]);
 * ```
 */
export function decodeImageBytes(bytes: Uint8Array): Image {
  if (isPng(bytes)) return decodePngImage(bytes);
  if (isJpeg(bytes)) return decodeJpegImage(bytes);
  throw new TypeError("decodeImage: unsupported image format (PNG and JPEG are read)");
}

/** PNG bytes of an image. */
export function encodePngBytes(im: Image, compressionLevel = 6): Uint8Array {
  return pngEncode(
    { width: im.width, height: im.height, data: im.data, channels: im.channels, depth: 8 },
    { zlib: { level: compressionLevel as 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 } },
  );
}

/** JPEG bytes of an image (gray and alpha images are encoded as RGB, as jpeg-js writes). */
export function encodeJpegBytes(im: Image, quality = 75): Uint8Array {
  const rgba = im.convert("RGBA");
  const r = jpeg.encode({ width: im.width, height: im.height, data: rgba.data }, quality);
  return new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.length);
}

/** A CHW uint8 tensor of an image (no copy of the header; one transpose copy). */
export function imageToTensor(im: Image): Tensor {
  const c = im.channels, n = im.width * im.height;
  const out = freshTensor("uint8", [c, im.height, im.width]);
  const d = out.storage.data as Uint8Array, s = im.data;
  if (c === 1) d.set(s);
  else for (let k = 0; k < c; k++) for (let i = 0; i < n; i++) d[k * n + i] = s[i * c + k];
  return out;
}

/** An image of a CHW (or HW) uint8 tensor. */
export function tensorToImage(t: Tensor, mode?: Mode): Image {
  if (t.dtype !== "uint8") throw new TypeError(`expected a uint8 tensor, got ${t.dtype}`);
  const x = t.ndim === 2 ? t.unsqueeze(0) : t;
  if (x.ndim !== 3) throw new RangeError(`expected a CHW image tensor, got shape [${t.shape}]`);
  const [c, h, w] = x.shape;
  const src = x.contiguous(), s = src.storage.data as Uint8Array, off = src.layout.offset, n = h * w;
  const out = new Uint8Array(n * c);
  if (c === 1) out.set(s.subarray(off, off + n));
  else for (let k = 0; k < c; k++) for (let i = 0; i < n; i++) out[i * c + k] = s[off + k * n + i];
  const m = mode ?? modeOf(c);
  if (MODES[m] !== c) throw new RangeError(`mode ${m} needs ${MODES[m]} channels, the tensor has ${c}`);
  return new Image(out, w, h, m);
}

const DECODE = new Binder("decodeImage", {
  pos: [req("input", "any"), opt("mode", "string", "UNCHANGED", { choices: Object.keys(ImageReadMode) })],
  kw: [],
});

/**
 * torchvision.io.decode_image: PNG or JPEG bytes (a Uint8Array or a uint8
 * tensor) to a CHW uint8 tensor, converted to `mode` when given.
 */
export function decodeImage(...args: [Uint8Array | Tensor, (ImageReadMode | { mode?: ImageReadMode })?]): Tensor {
  const a = DECODE.bind(args, CONV);
  const bytes = a.input instanceof Tensor ? new Uint8Array(a.input.contiguous().tolist() as number[]) : a.input;
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError("decodeImage(): input must be a Uint8Array or a uint8 tensor");
  }
  const im = decodeImageBytes(bytes);
  const m = READ_MODE[a.mode as ImageReadMode];
  return imageToTensor(m ? im.convert(m) : im);
}

const READ = new Binder("readImage", {
  pos: [req("path", "string"), opt("mode", "string", "UNCHANGED", { choices: Object.keys(ImageReadMode) })],
  kw: [],
});

/**
 * torchvision.io.read_image: a PNG or JPEG file as a CHW uint8 tensor.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readImage, writePng } from "./io.ts";
 * import { torch } from "../torch/mod.ts";
 * const path = Deno.makeTempFileSync({ suffix: ".png" });
 * writePng(torch.arange(12).reshape(3, 2, 2).to("uint8"), path);
 * assert.deepEqual(readImage(path).flatten().tolist(), [...Array(12).keys()]);
 * Deno.removeSync(path);
 * ```
 */
export function readImage(...args: [string, (ImageReadMode | { mode?: ImageReadMode })?]): Tensor {
  const a = READ.bind(args, CONV);
  return decodeImage(Deno.readFileSync(a.path), a.mode);
}

/** Opens an image file as an Image (PIL's Image.open). */
export function openImage(path: string): Image {
  return decodeImageBytes(Deno.readFileSync(path));
}

/** Writes bytes to `path` through a temp file renamed into place. */
export function writeFileAtomic(path: string, bytes: Uint8Array): void {
  const tmp = `${path}.tmp-${crypto.randomUUID().slice(0, 8)}`;
  try {
    Deno.writeFileSync(tmp, bytes);
    Deno.renameSync(tmp, path);
  } catch (e) {
    try {
      Deno.removeSync(tmp);
    } catch { /* already gone */ }
    throw e;
  }
}

const WRITE_PNG = new Binder("writePng", {
  pos: [req("input", "array"), req("filename", "string"), opt("compressionLevel", "int", 6)],
  kw: [],
});
const WRITE_JPEG = new Binder("writeJpeg", {
  pos: [req("input", "array"), req("filename", "string"), opt("quality", "int", 75)],
  kw: [],
});
const ENCODE_PNG = new Binder("encodePng", { pos: [req("input", "array"), opt("compressionLevel", "int", 6)], kw: [] });
const ENCODE_JPEG = new Binder("encodeJpeg", { pos: [req("input", "array"), opt("quality", "int", 75)], kw: [] });

function imageOfTensor(op: string, t: Tensor): Image {
  if (t.dtype !== "uint8" || t.ndim !== 3 || t.shape[0] < 1 || t.shape[0] > 4) {
    throw new TypeError(`${op}(): input must be a uint8 CHW tensor with 1 to 4 channels, got ${t.dtype} [${t.shape}]`);
  }
  return tensorToImage(t);
}

/** torchvision.io.encode_png: PNG bytes of a CHW uint8 tensor, as a uint8 tensor. */
export function encodePng(...args: [Tensor, (number | { compressionLevel?: number })?]): Tensor {
  const a = ENCODE_PNG.bind(args, CONV);
  const b = encodePngBytes(imageOfTensor("encodePng", a.input), a.compressionLevel);
  return tensorOver(b, "uint8", [b.length]);
}

/** torchvision.io.encode_jpeg: JPEG bytes of a CHW uint8 tensor (1 or 3 channels), as a uint8 tensor. */
export function encodeJpeg(...args: [Tensor, (number | { quality?: number })?]): Tensor {
  const a = ENCODE_JPEG.bind(args, CONV);
  if (a.quality < 1 || a.quality > 100) {
    throw new RangeError("Image quality should be a positive number between 1 and 100");
  }
  const b = encodeJpegBytes(imageOfTensor("encodeJpeg", a.input), a.quality);
  return tensorOver(b, "uint8", [b.length]);
}

/** torchvision.io.write_png: writes a CHW uint8 tensor as a PNG file. */
export function writePng(...args: [Tensor, string, (number | { compressionLevel?: number })?]): void {
  const a = WRITE_PNG.bind(args, CONV);
  if (a.compressionLevel < 0 || a.compressionLevel > 9) {
    throw new RangeError("Compression level should be between 0 and 9");
  }
  writeFileAtomic(a.filename, encodePngBytes(imageOfTensor("writePng", a.input), a.compressionLevel));
}

/** torchvision.io.write_jpeg: writes a CHW uint8 tensor as a JPEG file. */
export function writeJpeg(...args: [Tensor, string, (number | { quality?: number })?]): void {
  const a = WRITE_JPEG.bind(args, CONV);
  if (a.quality < 1 || a.quality > 100) {
    throw new RangeError("Image quality should be a positive number between 1 and 100");
  }
  writeFileAtomic(a.filename, encodeJpegBytes(imageOfTensor("writeJpeg", a.input), a.quality));
}

/** Saves an image as PNG or JPEG by the file's extension (PIL's Image.save). */
export function saveImageFile(im: Image, path: string, format?: string): void {
  const f = (format ?? path.split(".").pop() ?? "").toLowerCase();
  if (f === "png") writeFileAtomic(path, encodePngBytes(im));
  else if (f === "jpg" || f === "jpeg") writeFileAtomic(path, encodeJpegBytes(im));
  else throw new RangeError(`unknown file extension: ${JSON.stringify(f)} (PNG and JPEG are written)`);
}
