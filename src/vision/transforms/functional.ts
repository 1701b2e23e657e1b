/**
 * torchvision.transforms.functional: each function takes an Image (PIL's
 * path: 8-bit pixels, PIL's arithmetic) or a tensor image [..., C, H, W]
 * (the tensor path: PyTorch's float32 arithmetic), as torchvision does.
 * Random parameters are drawn by the transform classes, never here.
 */
import { ArrayBase } from "../../api/array_base.ts";
import type { DType, TypedArray } from "../../core/dtype.ts";
import { RuntimeError } from "../../core/errors.ts";
import { freshTensor } from "../../data/util.ts";
import { Tensor } from "../../torch/tensor.ts";
import { Image, type Mode, modeOf } from "../image.ts";
import { imageToTensor, tensorToImage } from "../io.ts";
import { nearestIndex, resampleAA, resampleBilinear, resamplePil } from "./resample.ts";

/** An image either way. */
export type Img = Image | Tensor;
/** torchvision's InterpolationMode values. */
export type Interpolation = "nearest" | "nearest-exact" | "bilinear" | "bicubic" | "box" | "hamming" | "lanczos";
/** torchvision.transforms.InterpolationMode. */
export const InterpolationMode = {
  NEAREST: "nearest",
  NEAREST_EXACT: "nearest-exact",
  BILINEAR: "bilinear",
  BICUBIC: "bicubic",
  BOX: "box",
  HAMMING: "hamming",
  LANCZOS: "lanczos",
} as const;

const f32 = Math.fround;

/** Round half to even (Python's round, torch.round). */
export function roundEven(x: number): number {
  const f = Math.floor(x), d = x - f;
  return d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
}

function checkImg(op: string, img: unknown): asserts img is Img {
  if (img instanceof Image) return;
  if (img instanceof Tensor) {
    if (img.ndim < 2) throw new TypeError(`${op}: tensor is not a torch image (it has ${img.ndim} dims).`);
    return;
  }
  throw new TypeError(`${op}: img should be an Image or a Tensor. Got ${describe(img)}`);
}

function describe(v: unknown): string {
  if (v === null) return "null";
  return typeof v === "object" ? (v as object).constructor?.name ?? "object" : typeof v;
}

/** [channels, height, width]. */
export function getDimensions(img: Img): [number, number, number] {
  checkImg("getDimensions", img);
  if (img instanceof Image) return [img.channels, img.height, img.width];
  const s = img.shape;
  return [s.length === 2 ? 1 : s[s.length - 3], s[s.length - 2], s[s.length - 1]];
}

/** A tensor's elements as a contiguous typed array (shared when already contiguous). */
export function flat(t: Tensor): { data: TypedArray; shape: number[] } {
  if (t.device !== "cpu") throw new TypeError("vision transforms run on CPU tensors");
  const c = t.isContiguous() ? t : t.contiguous();
  const d = c.storage.data, off = c.layout.offset;
  return { data: d.subarray(off, off + c.numel()) as TypedArray, shape: c.shape };
}

/** A fresh tensor of a dtype and shape with its typed array. */
function make(dtype: DType, shape: number[]): [Tensor, TypedArray] {
  const t = freshTensor(dtype, shape);
  return [t, t.storage.data];
}

const LUT255 = Float32Array.from({ length: 256 }, (_, i) => i / 255);

/**
 * ToTensor: an Image (or an HWC np array) to a float32 CHW tensor in
 * [0, 1] (uint8 values divided by 255 in float32, as torchvision).
 */
export function toTensor(pic: unknown): Tensor {
  if (pic instanceof Image) {
    const c = pic.channels, n = pic.width * pic.height, s = pic.data;
    const [t, d] = make("float32", [c, pic.height, pic.width]);
    if (c === 1) { for (let i = 0; i < n; i++) d[i] = LUT255[s[i]]; }
    else for (let k = 0; k < c; k++) for (let i = 0; i < n; i++) d[k * n + i] = LUT255[s[i * c + k]];
    return t;
  }
  if (pic instanceof ArrayBase && !(pic instanceof Tensor)) {
    // np.ndarray HWC (or HW): to CHW, uint8 divided by 255
    let t = new Tensor(pic.storage, pic.layout);
    if (t.ndim === 2) t = t.unsqueeze(-1);
    if (t.ndim !== 3) throw new RangeError(`pic should be 2/3 dimensional. Got ${t.ndim} dimensions.`);
    const chw = t.permute(2, 0, 1).contiguous();
    return chw.dtype === "uint8" ? chw.float().div(255) : chw;
  }
  throw new TypeError(`pic should be an Image or an ndarray. Got ${describe(pic)}`);
}

/** PILToTensor: an Image to a uint8 CHW tensor (values unchanged). */
export function pilToTensor(pic: unknown): Tensor {
  if (!(pic instanceof Image)) throw new TypeError(`pic should be an Image. Got ${describe(pic)}`);
  return imageToTensor(pic);
}

/**
 * ToPILImage: a CHW tensor (float: scaled by 255 and truncated to uint8, as
 * `pic.mul(255).byte()`) or an Image to an Image.
 */
export function toPilImage(pic: unknown, mode?: Mode | null): Image {
  if (pic instanceof Image) return mode && mode !== pic.mode ? pic.convert(mode) : pic;
  if (!(pic instanceof Tensor)) throw new TypeError(`pic should be a Tensor or an Image. Got ${describe(pic)}`);
  let t = pic.ndim === 2 ? pic.unsqueeze(0) : pic;
  if (t.ndim !== 3) throw new RangeError(`pic should be 2/3 dimensional. Got ${pic.ndim} dimensions.`);
  if (t.shape[0] > 4) throw new RangeError(`pic should not have > 4 channels. Got ${t.shape[0]} channels.`);
  if (t.isFloatingPoint()) {
    const { data } = flat(t);
    const [u, d] = make("uint8", t.shape);
    for (let i = 0; i < data.length; i++) d[i] = Math.trunc(f32((data[i] as number) * 255)) & 255;
    t = u;
  } else if (t.dtype !== "uint8") t = t.to("uint8");
  return tensorToImage(t, mode ?? modeOf(t.shape[0]));
}

const MAX_VALUE: Partial<Record<DType, number>> = {
  uint8: 255,
  int32: 2147483647,
  int64: 9223372036854775807,
  bool: 1,
};

/** ConvertImageDtype: rescales values between integer and float dtypes as torchvision. */
export function convertImageDtype(image: Tensor, dtype: DType = "float32"): Tensor {
  if (!(image instanceof Tensor)) throw new TypeError("Input img should be Tensor Image");
  if (image.dtype === dtype) return image;
  const floatIn = image.isFloatingPoint(), floatOut = dtype === "float32" || dtype === "float64";
  if (floatIn) {
    if (floatOut) return image.to(dtype);
    if (
      (image.dtype === "float32" && (dtype === "int32" || dtype === "int64")) ||
      (image.dtype === "float64" && dtype === "int64")
    ) {
      throw new RuntimeError(`The cast from ${image.dtype} to ${dtype} cannot be performed safely.`);
    }
    const eps = 1e-3, maxVal = MAX_VALUE[dtype]!;
    return image.mul(maxVal + 1 - eps).to(dtype);
  }
  const inMax = MAX_VALUE[image.dtype]!;
  if (floatOut) return image.to(dtype).div(inMax);
  const outMax = MAX_VALUE[dtype]!;
  if (inMax > outMax) {
    const factor = Math.floor((inMax + 1) / (outMax + 1));
    return image.div(factor, { roundingMode: "floor" }).to(dtype);
  }
  const factor = Math.floor((outMax + 1) / (inMax + 1));
  return image.to(dtype).mul(factor);
}

/** Normalize: (x - mean[c]) / std[c] per channel, in the tensor's float dtype. */
export function normalize(tensor: Tensor, mean: readonly number[], std: readonly number[], inplace = false): Tensor {
  if (!(tensor instanceof Tensor)) throw new TypeError(`img should be Tensor Image. Got ${describe(tensor)}`);
  if (!tensor.isFloatingPoint()) throw new TypeError(`Input tensor should be a float tensor. Got ${tensor.dtype}.`);
  if (tensor.ndim < 3) {
    throw new RangeError(
      `Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = [${tensor.shape.join(", ")}]`,
    );
  }
  const r = tensor.dtype === "float32" ? f32 : (x: number) => x;
  const m = mean.map(r), s = std.map(r);
  if (s.some((v) => v === 0)) {
    throw new RangeError(`std evaluated to zero after conversion to ${tensor.dtype}, leading to division by zero.`);
  }
  const shape = tensor.shape, c = shape[shape.length - 3], hw = shape[shape.length - 2] * shape[shape.length - 1];
  if ((m.length !== 1 && m.length !== c) || (s.length !== 1 && s.length !== c)) {
    throw new RuntimeError(`The size of mean (${m.length}) or std (${s.length}) does not match the ${c} channels`);
  }
  const { data } = flat(tensor);
  const [out, d] = inplace && tensor.isContiguous() ? [tensor, data] : make(tensor.dtype, shape);
  const n = data.length;
  for (let base = 0; base < n; base += c * hw) {
    for (let k = 0; k < c; k++) {
      const mk = m[m.length === 1 ? 0 : k], sk = s[s.length === 1 ? 0 : k];
      const o = base + k * hw;
      for (let i = o; i < o + hw; i++) d[i] = r((data[i] as number) - mk) / sk;
    }
  }
  if (out === tensor) tensor.storage.version++;
  return out;
}

/** The output size of a resize (torchvision's _compute_resized_output_size): [h, w]. */
export function resizedSize(
  h: number,
  w: number,
  size: number | readonly number[],
  maxSize: number | null = null,
): [number, number] {
  const s = typeof size === "number" ? [size] : size;
  if (s.length === 1) {
    const [short, long] = w <= h ? [w, h] : [h, w];
    let newShort = s[0], newLong = Math.trunc((s[0] * long) / short);
    if (maxSize !== null) {
      if (maxSize <= s[0]) {
        throw new RangeError(
          `max_size = ${maxSize} must be strictly greater than the requested size for the smaller edge size = ${s[0]}`,
        );
      }
      if (newLong > maxSize) [newShort, newLong] = [Math.trunc((maxSize * newShort) / newLong), maxSize];
    }
    return w <= h ? [newLong, newShort] : [newShort, newLong];
  }
  if (s.length !== 2) {
    throw new RangeError(`Size must be an int or a 1 or 2 element tuple/list, not a ${s.length} element tuple/list`);
  }
  if (maxSize !== null) {
    throw new RangeError(
      "max_size should only be passed if size specifies the length of the smaller edge, i.e. size should be an int or a sequence of length 1 in torchscript mode.",
    );
  }
  return [s[0], s[1]];
}

/** Resize to `size` ([h, w], or the smaller edge). */
export function resize(
  img: Img,
  size: number | readonly number[],
  interpolation: Interpolation = "bilinear",
  maxSize: number | null = null,
  antialias: boolean | null = true,
): Img {
  checkImg("resize", img);
  const [, h, w] = getDimensions(img);
  const [oh, ow] = resizedSize(h, w, size, maxSize);
  if (oh === h && ow === w) return img;
  return resizeTo(img, oh, ow, interpolation, antialias);
}

function resizeTo(img: Img, oh: number, ow: number, interpolation: Interpolation, antialias: boolean | null): Img {
  if (img instanceof Image) {
    const mode = interpolation === "nearest-exact" ? "nearest" : interpolation;
    return new Image(resamplePil(img.data, img.width, img.height, img.channels, ow, oh, mode), ow, oh, img.mode);
  }
  const aa = antialias === true && (interpolation === "bilinear" || interpolation === "bicubic");
  const [, h, w] = getDimensions(img);
  const shape = img.shape, lead = shape.slice(0, -2), planes = lead.reduce((p, d) => p * d, 1);
  const outDtype = img.dtype;
  const fl = img.isFloatingPoint() ? img : img.to("float32");
  const { data } = flat(fl);
  const src = data as Float32Array | Float64Array;
  let res: Float32Array | Float64Array;
  if (interpolation === "nearest" || interpolation === "nearest-exact") {
    const exact = interpolation === "nearest-exact";
    const iy = exact ? nearestExactIndex(h, oh) : nearestIndex(h, oh);
    const ix = exact ? nearestExactIndex(w, ow) : nearestIndex(w, ow);
    res = new (src.constructor as Float32ArrayConstructor)(planes * oh * ow);
    for (let p = 0; p < planes; p++) {
      for (let y = 0; y < oh; y++) {
        const row = (p * h + iy[y]) * w, orow = (p * oh + y) * ow;
        for (let x = 0; x < ow; x++) res[orow + x] = src[row + ix[x]];
      }
    }
  } else if (aa) res = resampleAA(src, planes, h, w, oh, ow, interpolation as "bilinear" | "bicubic");
  else if (interpolation === "bilinear") res = resampleBilinear(src, planes, h, w, oh, ow);
  else throw new RangeError(`Interpolation mode '${interpolation}' is unsupported with Tensor input here`);
  const outShape = [...lead, oh, ow];
  if (fl === img) {
    const [t, d] = make(outDtype, outShape);
    d.set(res as never);
    return t;
  }
  const [t, d] = make(outDtype, outShape);
  const hi = MAX_VALUE[outDtype] ?? Infinity;
  for (let i = 0; i < res.length; i++) {
    let v = res[i];
    if (interpolation === "bicubic") v = Math.min(Math.max(v, 0), 255);
    v = roundEven(v);
    (d as Uint8Array)[i] = Math.min(Math.max(v, 0), hi);
  }
  return t;
}

function nearestExactIndex(inSize: number, outSize: number): Int32Array {
  const scale = f32(inSize / outSize), idx = new Int32Array(outSize);
  for (let i = 0; i < outSize; i++) idx[i] = Math.min(Math.floor(f32(f32(i + 0.5) * scale)), inSize - 1);
  return idx;
}

/** The region at (top, left) of height x width; outside the image: zeros. */
export function crop(img: Img, top: number, left: number, height: number, width: number): Img {
  checkImg("crop", img);
  if (img instanceof Image) return img.crop([left, top, left + width, top + height]);
  const [, h, w] = getDimensions(img);
  const right = left + width, bottom = top + height;
  if (left < 0 || top < 0 || right > w || bottom > h) {
    const t0 = Math.max(top, 0), l0 = Math.max(left, 0);
    const inner = img.narrow(-2, t0, Math.max(0, Math.min(bottom, h) - t0)).narrow(
      -1,
      l0,
      Math.max(0, Math.min(right, w) - l0),
    );
    const padLtrb = [
      Math.max(-left + Math.min(0, right), 0),
      Math.max(-top + Math.min(0, bottom), 0),
      Math.max(right - Math.max(w, left), 0),
      Math.max(bottom - Math.max(h, top), 0),
    ];
    return pad(inner, padLtrb, 0);
  }
  return img.narrow(-2, top, height).narrow(-1, left, width);
}

/** Crops the center (padding with zeros first when the crop is larger). */
export function centerCrop(img: Img, outputSize: number | readonly number[]): Img {
  checkImg("centerCrop", img);
  const [ch, cw] = typeof outputSize === "number"
    ? [outputSize, outputSize]
    : outputSize.length === 1
    ? [outputSize[0], outputSize[0]]
    : [outputSize[0], outputSize[1]];
  let [, ih, iw] = getDimensions(img);
  if (cw > iw || ch > ih) {
    const padLtrb = [
      cw > iw ? Math.floor((cw - iw) / 2) : 0,
      ch > ih ? Math.floor((ch - ih) / 2) : 0,
      cw > iw ? Math.floor((cw - iw + 1) / 2) : 0,
      ch > ih ? Math.floor((ch - ih + 1) / 2) : 0,
    ];
    img = pad(img, padLtrb, 0);
    [, ih, iw] = getDimensions(img);
    if (cw === iw && ch === ih) return img;
  }
  const top = roundEven((ih - ch) / 2), left = roundEven((iw - cw) / 2);
  return crop(img, top, left, ch, cw);
}

/** torchvision's padding forms: n, [n], [lr, tb], [l, t, r, b] -> [l, t, r, b]. */
export function parsePadding(padding: number | readonly number[]): [number, number, number, number] {
  if (typeof padding === "number") return [padding, padding, padding, padding];
  if (padding.length === 1) return [padding[0], padding[0], padding[0], padding[0]];
  if (padding.length === 2) return [padding[0], padding[1], padding[0], padding[1]];
  if (padding.length === 4) return [padding[0], padding[1], padding[2], padding[3]];
  throw new RangeError(`Padding must be an int or a 1, 2, or 4 element tuple, not a ${padding.length} element tuple`);
}

/** The source index of output index i along an axis of `n`, or -1 for the fill. */
function padIndex(i: number, n: number, mode: string): number {
  if (i >= 0 && i < n) return i;
  if (mode === "constant") return -1;
  if (mode === "edge") return i < 0 ? 0 : n - 1;
  if (n === 1) return 0;
  if (mode === "reflect") {
    const period = 2 * (n - 1);
    let k = ((i % period) + period) % period;
    if (k >= n) k = period - k;
    return k;
  }
  // symmetric
  const period = 2 * n;
  let k = ((i % period) + period) % period;
  if (k >= n) k = period - 1 - k;
  return k;
}

/** Pads the borders: constant (fill), edge, reflect or symmetric; negative padding crops. */
export function pad(
  img: Img,
  padding: number | readonly number[],
  fill: number | readonly number[] = 0,
  paddingMode: "constant" | "edge" | "reflect" | "symmetric" = "constant",
): Img {
  checkImg("pad", img);
  if (!["constant", "edge", "reflect", "symmetric"].includes(paddingMode)) {
    throw new RangeError("Padding mode should be either constant, edge, reflect or symmetric");
  }
  const [l, t, r, b] = parsePadding(padding);
  const [c, h, w] = getDimensions(img);
  const oh = h + t + b, ow = w + l + r;
  const ys = Int32Array.from({ length: Math.max(0, oh) }, (_, y) => padIndex(y - t, h, paddingMode));
  const xs = Int32Array.from({ length: Math.max(0, ow) }, (_, x) => padIndex(x - l, w, paddingMode));
  if (img instanceof Image) {
    const fills = typeof fill === "number" ? Array(c).fill(fill) : [...fill];
    const out = new Uint8Array(Math.max(0, oh) * Math.max(0, ow) * c), s = img.data;
    for (let y = 0; y < oh; y++) {
      for (let x = 0; x < ow; x++) {
        const sy = ys[y], sx = xs[x], o = (y * ow + x) * c;
        if (sy < 0 || sx < 0) { for (let k = 0; k < c; k++) out[o + k] = fills[k % fills.length]; }
        else for (let k = 0; k < c; k++) out[o + k] = s[(sy * w + sx) * c + k];
      }
    }
    return new Image(out, ow, oh, img.mode);
  }
  if (typeof fill !== "number") throw new TypeError("Got inappropriate fill arg");
  const { data } = flat(img);
  const lead = img.shape.slice(0, -2), planes = data.length / (h * w || 1);
  const [out, d] = make(img.dtype, [...lead, oh, ow]);
  const fv = img.dtype === "int64" ? BigInt(Math.trunc(fill)) : fill;
  for (let p = 0; p < planes; p++) {
    for (let y = 0; y < oh; y++) {
      for (let x = 0; x < ow; x++) {
        const sy = ys[y], sx = xs[x];
        d[(p * oh + y) * ow + x] = (sy < 0 || sx < 0 ? fv : data[(p * h + sy) * w + sx]) as never;
      }
    }
  }
  return out;
}

/** Mirrors left-right. */
export function hflip(img: Img): Img {
  checkImg("hflip", img);
  if (img instanceof Tensor) return img.flip(-1);
  const { width: w, height: h } = img, c = img.channels, s = img.data, out = new Uint8Array(s.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let k = 0; k < c; k++) out[(y * w + x) * c + k] = s[(y * w + (w - 1 - x)) * c + k];
    }
  }
  return new Image(out, w, h, img.mode);
}

/** Mirrors top-bottom. */
export function vflip(img: Img): Img {
  checkImg("vflip", img);
  if (img instanceof Tensor) return img.flip(-2);
  const { width: w, height: h } = img, row = w * img.channels, s = img.data, out = new Uint8Array(s.length);
  for (let y = 0; y < h; y++) out.set(s.subarray((h - 1 - y) * row, (h - y) * row), y * row);
  return new Image(out, w, h, img.mode);
}

/** Crop then resize (RandomResizedCrop's step). */
export function resizedCrop(
  img: Img,
  top: number,
  left: number,
  height: number,
  width: number,
  size: number | readonly number[],
  interpolation: Interpolation = "bilinear",
  antialias: boolean | null = true,
): Img {
  return resize(crop(img, top, left, height, width), size, interpolation, null, antialias);
}

/** Grayscale: PIL's luma for images; 0.2989 R + 0.587 G + 0.114 B in float for tensors. */
export function rgbToGrayscale(img: Img, numOutputChannels: 1 | 3 = 1): Img {
  checkImg("rgbToGrayscale", img);
  if (numOutputChannels !== 1 && numOutputChannels !== 3) {
    throw new RangeError("num_output_channels should be either 1 or 3");
  }
  if (img instanceof Image) {
    const g = img.convert("L");
    return numOutputChannels === 3 ? g.convert("RGB") : g;
  }
  if (img.ndim < 3) throw new TypeError(`Input image tensor should have at least 3 dimensions, but found ${img.ndim}`);
  const [c, h, w] = getDimensions(img);
  let l: Tensor;
  if (c === 3) l = grayPlanes(img);
  else l = img.clone();
  if (numOutputChannels === 3) return l.expand(...img.shape.slice(0, -3), 3, h, w);
  return l;
}

/** The luma plane(s) of an RGB tensor, in its dtype ([..., 1, H, W]). */
function grayPlanes(img: Tensor): Tensor {
  const { data } = flat(img);
  const shape = img.shape, hw = shape[shape.length - 2] * shape[shape.length - 1];
  const n = data.length / (3 * hw);
  const [out, d] = make(img.dtype, [...shape.slice(0, -3), 1, shape[shape.length - 2], shape[shape.length - 1]]);
  const dbl = img.dtype === "float64";
  const r = dbl ? (x: number) => x : f32;
  const [wr, wg, wb] = [0.2989, 0.587, 0.114].map(r);
  const integer = !img.isFloatingPoint();
  for (let p = 0; p < n; p++) {
    const o = p * 3 * hw;
    for (let i = 0; i < hw; i++) {
      const v = r(
        r(r(wr * (data[o + i] as number)) + r(wg * (data[o + hw + i] as number))) +
          r(wb * (data[o + 2 * hw + i] as number)),
      );
      d[p * hw + i] = (integer ? Math.trunc(v) : v) as never;
    }
  }
  return out;
}

/** torchvision's tensor _blend: ratio*a + (1-ratio)*b clamped to the dtype's range, in float32 (or float64). */
function blendTensor(a: Tensor, b: { data: TypedArray; perPlane: boolean } | null, ratio: number): Tensor {
  const { data } = flat(a);
  const shape = a.shape,
    hw = shape[shape.length - 2] * shape[shape.length - 1],
    c = shape.length >= 3 ? shape[shape.length - 3] : 1;
  const r = a.dtype === "float64" ? (x: number) => x : f32;
  const ra = r(ratio), rb = r(1 - ratio);
  const bound = a.isFloatingPoint() ? 1 : MAX_VALUE[a.dtype]!;
  const integer = !a.isFloatingPoint();
  const [out, d] = make(a.dtype, shape);
  for (let i = 0; i < data.length; i++) {
    let other = 0;
    if (b) {
      const img = Math.floor(i / (c * hw));
      other = b.perPlane ? (b.data[img * hw + (i % hw)] as number) : (b.data[img] as number);
    }
    let v = r(r(ra * (data[i] as number)) + r(rb * other));
    v = v < 0 ? 0 : v > bound ? bound : v;
    d[i] = (integer ? Math.trunc(v) : v) as never;
  }
  return out;
}

/** PIL's Image.blend(im1, im2, alpha) in float (truncated to 8 bits). */
function blendPil(im1: Uint8Array, im2: Uint8Array, alpha: number): Uint8Array {
  const a = f32(alpha), out = new Uint8Array(im1.length);
  const clipped = !(alpha >= 0 && alpha <= 1);
  for (let i = 0; i < im1.length; i++) {
    const v = f32(im1[i] + f32(a * (im2[i] - im1[i])));
    out[i] = clipped ? (v <= 0 ? 0 : v >= 255 ? 255 : Math.trunc(v)) : Math.trunc(v);
  }
  return out;
}

/** Brightness: blends with black. */
export function adjustBrightness(img: Img, factor: number): Img {
  checkImg("adjustBrightness", img);
  if (factor < 0) throw new RangeError(`brightness_factor (${factor}) is not non-negative.`);
  if (img instanceof Image) {
    return new Image(blendPil(new Uint8Array(img.data.length), img.data, factor), img.width, img.height, img.mode);
  }
  return blendTensor(img, null, factor);
}

/** Contrast: blends with the mean gray. */
export function adjustContrast(img: Img, factor: number): Img {
  checkImg("adjustContrast", img);
  if (factor < 0) throw new RangeError(`contrast_factor (${factor}) is not non-negative.`);
  if (img instanceof Image) {
    const g = img.convert("L").data;
    let sum = 0;
    for (let i = 0; i < g.length; i++) sum += g[i];
    const mean = Math.trunc(sum / g.length + 0.5);
    const deg = Image.new("L", img.size, mean).convert(img.mode);
    if (img.mode === "RGBA" || img.mode === "LA") {
      for (let i = img.channels - 1; i < deg.data.length; i += img.channels) deg.data[i] = img.data[i];
    }
    return new Image(blendPil(deg.data, img.data, factor), img.width, img.height, img.mode);
  }
  const [c] = getDimensions(img);
  const gray = c === 3 ? grayPlanes(img) : img;
  const g = flat(gray).data;
  const hw = img.shape[img.ndim - 1] * img.shape[img.ndim - 2];
  const perImage = c === 3 ? hw : c * hw;
  const n = g.length / perImage;
  const means = new Float64Array(n);
  const r = img.dtype === "float64" ? (x: number) => x : f32;
  for (let p = 0; p < n; p++) {
    let s = 0;
    for (let i = 0; i < perImage; i++) s += g[p * perImage + i] as number;
    means[p] = r(r(s) / perImage);
  }
  return blendTensor(img, { data: means as never, perPlane: false }, factor);
}

/** Saturation: blends with the grayscale image. */
export function adjustSaturation(img: Img, factor: number): Img {
  checkImg("adjustSaturation", img);
  if (factor < 0) throw new RangeError(`saturation_factor (${factor}) is not non-negative.`);
  if (img instanceof Image) {
    if (img.channels <= 2) return img;
    const deg = img.convert("L").convert(img.mode);
    if (img.mode === "RGBA") { for (let i = 3; i < deg.data.length; i += 4) deg.data[i] = img.data[i]; }
    return new Image(blendPil(deg.data, img.data, factor), img.width, img.height, img.mode);
  }
  if (getDimensions(img)[0] === 1) return img;
  return blendTensor(img, { data: flat(grayPlanes(img)).data, perPlane: true }, factor);
}

/** Hue: shifts the hue channel by `factor` in [-0.5, 0.5] (PIL's HSV for images, torchvision's float HSV for tensors). */
export function adjustHue(img: Img, factor: number): Img {
  checkImg("adjustHue", img);
  if (!(factor >= -0.5 && factor <= 0.5)) throw new RangeError(`hue_factor (${factor}) is not in [-0.5, 0.5].`);
  if (img instanceof Image) {
    if (img.channels <= 2) return img;
    const shift = ((Math.trunc(factor * 255) % 256) + 256) % 256;
    const c = img.channels, s = img.data, out = new Uint8Array(s.length);
    const hsv = [0, 0, 0], rgb = [0, 0, 0];
    for (let i = 0; i < s.length; i += c) {
      rgb2hsvPil(s[i], s[i + 1], s[i + 2], hsv);
      hsv2rgbPil((hsv[0] + shift) & 255, hsv[1], hsv[2], rgb);
      out[i] = rgb[0];
      out[i + 1] = rgb[1];
      out[i + 2] = rgb[2];
      if (c === 4) out[i + 3] = s[i + 3];
    }
    return new Image(out, img.width, img.height, img.mode);
  }
  if (getDimensions(img)[0] === 1) return img;
  const origDtype = img.dtype;
  const x = convertImageDtype(img, "float32");
  const { data } = flat(x);
  const shape = x.shape, hw = shape[shape.length - 2] * shape[shape.length - 1];
  const [out, d] = make("float32", shape);
  const hv = f32(factor);
  const hsv = [0, 0, 0], rgb = [0, 0, 0];
  for (let base = 0; base < data.length; base += 3 * hw) {
    for (let i = 0; i < hw; i++) {
      rgb2hsvTensor(data[base + i] as number, data[base + hw + i] as number, data[base + 2 * hw + i] as number, hsv);
      let h = f32(hsv[0] + hv);
      h = h % 1;
      if (h !== 0 && h < 0) h = f32(h + 1);
      hsv2rgbTensor(h, hsv[1], hsv[2], rgb);
      d[base + i] = rgb[0];
      d[base + hw + i] = rgb[1];
      d[base + 2 * hw + i] = rgb[2];
    }
  }
  return convertImageDtype(out, origDtype);
}

/** torchvision's _rgb2hsv in float32, one pixel. */
function rgb2hsvTensor(r: number, g: number, b: number, out: number[]): void {
  const maxc = Math.max(r, g, b), minc = Math.min(r, g, b);
  const eqc = maxc === minc;
  const cr = f32(maxc - minc);
  const s = f32(cr / (eqc ? 1 : maxc));
  const crd = eqc ? 1 : cr;
  const rc = f32(f32(maxc - r) / crd), gc = f32(f32(maxc - g) / crd), bc = f32(f32(maxc - b) / crd);
  const hr = maxc === r ? f32(bc - gc) : 0;
  const hg = maxc === g && maxc !== r ? f32(f32(2 + rc) - bc) : 0;
  const hb = maxc !== g && maxc !== r ? f32(f32(4 + gc) - rc) : 0;
  const h = f32(f32(hr + hg) + hb);
  out[0] = f32(f32(f32(h / 6) + 1) % 1);
  out[1] = s;
  out[2] = maxc;
}

/** torchvision's _hsv2rgb in float32, one pixel. */
function hsv2rgbTensor(h: number, s: number, v: number, out: number[]): void {
  const h6 = f32(h * 6);
  const fi = Math.floor(h6);
  const f = f32(h6 - fi);
  const i = ((fi % 6) + 6) % 6;
  const clamp = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);
  const p = clamp(f32(v * f32(1 - s)));
  const q = clamp(f32(v * f32(1 - f32(s * f))));
  const t = clamp(f32(v * f32(1 - f32(s * f32(1 - f)))));
  const table = [[v, t, p], [q, v, p], [p, v, t], [p, q, v], [t, p, v], [v, p, q]][i];
  out[0] = table[0];
  out[1] = table[1];
  out[2] = table[2];
}

const clip8 = (x: number) => (x <= 0 ? 0 : x >= 255 ? 255 : x);

/** PIL's rgb2hsv (Convert.c), one pixel. */
function rgb2hsvPil(r: number, g: number, b: number, out: number[]): void {
  const maxc = Math.max(r, g, b), minc = Math.min(r, g, b);
  if (minc === maxc) {
    out[0] = 0;
    out[1] = 0;
    out[2] = maxc;
    return;
  }
  const cr = f32(maxc - minc);
  const s = f32(cr / maxc);
  const rc = f32((maxc - r) / cr), gc = f32((maxc - g) / cr), bc = f32((maxc - b) / cr);
  let h: number;
  if (r === maxc) h = f32(bc - gc);
  else if (g === maxc) h = f32(2 + rc - bc);
  else h = f32(4 + gc - rc);
  h = f32((h / 6 + 1) % 1);
  out[0] = clip8(Math.trunc(h * 255));
  out[1] = clip8(Math.trunc(s * 255));
  out[2] = maxc;
}

/** C's round: half away from zero. */
const cRound = (x: number) => (x < 0 ? -Math.round(-x) : Math.round(x));

/** PIL's hsv2rgb (Convert.c), one pixel. */
function hsv2rgbPil(h: number, s: number, v: number, out: number[]): void {
  if (s === 0) {
    out[0] = out[1] = out[2] = v;
    return;
  }
  const i = Math.floor((h * 6) / 255);
  const f = f32((h * 6) / 255 - i);
  const fs = f32(s / 255);
  const p = clip8(cRound(v * (1 - fs)));
  const q = clip8(cRound(v * (1 - f32(fs * f))));
  const t = clip8(cRound(v * (1 - fs * (1 - f))));
  const table = [[v, t, p], [q, v, p], [p, v, t], [p, q, v], [t, p, v], [v, p, q]][i % 6];
  out[0] = table[0];
  out[1] = table[1];
  out[2] = table[2];
}

/** Rotates counter-clockwise by `angle` degrees about the center (or `center`). */
export function rotate(
  img: Img,
  angle: number,
  interpolation: Interpolation = "nearest",
  expand = false,
  center: readonly number[] | null = null,
  fill: number | readonly number[] | null = null,
): Img {
  checkImg("rotate", img);
  if (img instanceof Image) return rotatePil(img, angle, interpolation, expand, center, fill);
  return rotateTensor(img, angle, interpolation, expand, center, fill);
}

/** PIL's Image.rotate with nearest resampling (its 16.16 fixed-point affine path). */
function rotatePil(
  img: Image,
  angle: number,
  interpolation: Interpolation,
  expand: boolean,
  center: readonly number[] | null,
  fill: number | readonly number[] | null,
): Image {
  if (interpolation !== "nearest") throw new RangeError("rotate(): images are rotated with nearest interpolation here");
  angle = ((angle % 360) + 360) % 360;
  if (!center) {
    if (angle === 0) return img.copy();
    if (angle === 180) return vflip(hflip(img) as Image) as Image;
    if ((angle === 90 || angle === 270) && (expand || img.width === img.height)) {
      return transposeRot(img, angle === 90);
    }
  }
  let w = img.width, h = img.height;
  const [cx, cy] = center ? [center[0], center[1]] : [w / 2, h / 2];
  const rad = -(angle * (Math.PI / 180));
  const r15 = (x: number) => Number(x.toFixed(15));
  const m = [r15(Math.cos(rad)), r15(Math.sin(rad)), 0, r15(-Math.sin(rad)), r15(Math.cos(rad)), 0];
  const tf = (x: number, y: number): [number, number] => [m[0] * x + m[1] * y + m[2], m[3] * x + m[4] * y + m[5]];
  [m[2], m[5]] = tf(-cx, -cy);
  m[2] += cx;
  m[5] += cy;
  if (expand) {
    const xs: number[] = [], ys: number[] = [];
    for (const [x, y] of [[0, 0], [w, 0], [w, h], [0, h]]) {
      const [a, b] = tf(x, y);
      xs.push(a);
      ys.push(b);
    }
    const nw = Math.ceil(Math.max(...xs)) - Math.floor(Math.min(...xs));
    const nh = Math.ceil(Math.max(...ys)) - Math.floor(Math.min(...ys));
    [m[2], m[5]] = tf(-(nw - w) / 2, -(nh - h) / 2);
    w = nw;
    h = nh;
  }
  const c = img.channels;
  const fills = fill === null ? Array(c).fill(0) : typeof fill === "number" ? Array(c).fill(fill) : [...fill];
  const out = Image.new(img.mode, [w, h], fills);
  const FIX = (v: number) => Math.floor(v * 65536 + 0.5);
  const a0 = FIX(m[0]), a1 = FIX(m[1]), a3 = FIX(m[3]), a4 = FIX(m[4]);
  let a2 = FIX(m[2] + m[0] * 0.5 + m[1] * 0.5), a5 = FIX(m[5] + m[3] * 0.5 + m[4] * 0.5);
  const sw = img.width, sh = img.height, s = img.data, d = out.data;
  for (let y = 0; y < h; y++) {
    let xx = a2, yy = a5;
    for (let x = 0; x < w; x++) {
      const xin = xx >> 16;
      if (xin >= 0 && xin < sw) {
        const yin = yy >> 16;
        if (yin >= 0 && yin < sh) { for (let k = 0; k < c; k++) d[(y * w + x) * c + k] = s[(yin * sw + xin) * c + k]; }
      }
      xx = (xx + a0) | 0;
      yy = (yy + a3) | 0;
    }
    a2 = (a2 + a1) | 0;
    a5 = (a5 + a4) | 0;
  }
  return out;
}

/** PIL's transpose ROTATE_90 (counter-clockwise) / ROTATE_270. */
function transposeRot(img: Image, ccw: boolean): Image {
  const w = img.width, h = img.height, c = img.channels, s = img.data, out = new Uint8Array(s.length);
  for (let y = 0; y < w; y++) {
    for (let x = 0; x < h; x++) {
      const [sx, sy] = ccw ? [w - 1 - y, x] : [y, h - 1 - x];
      for (let k = 0; k < c; k++) out[(y * h + x) * c + k] = s[(sy * w + sx) * c + k];
    }
  }
  return new Image(out, h, w, img.mode);
}

/** torchvision's tensor rotate: an inverse affine grid and grid_sample (zeros padding, then fill). */
function rotateTensor(
  img: Tensor,
  angle: number,
  interpolation: Interpolation,
  expand: boolean,
  center: readonly number[] | null,
  fill: number | readonly number[] | null,
): Tensor {
  if (interpolation !== "nearest" && interpolation !== "bilinear") {
    throw new RangeError(`Interpolation mode '${interpolation}' is unsupported with Tensor input`);
  }
  const [c, h, w] = getDimensions(img);
  const cf = center ? [center[0] - w * 0.5, center[1] - h * 0.5] : [0, 0];
  const rot = -angle * (Math.PI / 180);
  const a = Math.cos(rot), b = -Math.sin(rot), cc = Math.sin(rot), dd = Math.cos(rot);
  const m = [dd, -b, 0, -cc, a, 0];
  m[2] += m[0] * -cf[0] + m[1] * -cf[1];
  m[5] += m[3] * -cf[0] + m[4] * -cf[1];
  m[2] += cf[0];
  m[5] += cf[1];
  let ow = w, oh = h;
  if (expand) {
    const pts = [[-0.5 * w, -0.5 * h], [-0.5 * w, 0.5 * h], [0.5 * w, 0.5 * h], [0.5 * w, -0.5 * h]];
    const nx = pts.map(([x, y]) => f32(f32(f32(x * f32(m[0])) + f32(y * f32(m[1]))) + f32(m[2])) + w * 0.5);
    const ny = pts.map(([x, y]) => f32(f32(f32(x * f32(m[3])) + f32(y * f32(m[4]))) + f32(m[5])) + h * 0.5);
    const tol = (v: number) => roundEven(v * 1e4) / 1e4;
    ow = Math.ceil(tol(Math.max(...nx))) - Math.floor(tol(Math.min(...nx)));
    oh = Math.ceil(tol(Math.max(...ny))) - Math.floor(tol(Math.min(...ny)));
  }
  const dbl = img.dtype === "float64";
  const r = dbl ? (x: number) => x : f32;
  const th = m.map(r);
  const R = [
    r(th[0] / r(0.5 * w)),
    r(th[3] / r(0.5 * h)),
    r(th[1] / r(0.5 * w)),
    r(th[4] / r(0.5 * h)),
    r(th[2] / r(0.5 * w)),
    r(th[5] / r(0.5 * h)),
  ];
  const fl = img.isFloatingPoint() ? img : img.to("float32");
  const { data } = flat(fl);
  const lead = img.shape.slice(0, -3), n = data.length / (c * h * w);
  const res = new Float64Array(n * c * oh * ow);
  const mask = new Float64Array(oh * ow);
  const fills = fill === null ? null : typeof fill === "number" ? Array(c).fill(fill) : [...fill];
  for (let y = 0; y < oh; y++) {
    const gyIn = r(-oh * 0.5 + 0.5 + y);
    for (let x = 0; x < ow; x++) {
      const gxIn = r(-ow * 0.5 + 0.5 + x);
      const gx = r(r(r(gxIn * R[0]) + r(gyIn * R[2])) + R[4]);
      const gy = r(r(r(gxIn * R[1]) + r(gyIn * R[3])) + R[5]);
      const ix = r(r(r(gx + 1) * (w / 2)) - 0.5), iy = r(r(r(gy + 1) * (h / 2)) - 0.5);
      const o = y * ow + x;
      if (interpolation === "nearest") {
        const nx = roundEven(ix), ny = roundEven(iy);
        const inside = nx >= 0 && nx < w && ny >= 0 && ny < h;
        mask[o] = inside ? 1 : 0;
        if (inside) { for (let p = 0; p < n * c; p++) res[p * oh * ow + o] = data[(p * h + ny) * w + nx] as number; }
      } else {
        const x0 = Math.floor(ix), y0 = Math.floor(iy);
        const wx = r(ix - x0), wy = r(iy - y0);
        const corners: [number, number, number][] = [
          [x0, y0, r(r(1 - wx) * r(1 - wy))],
          [x0 + 1, y0, r(wx * r(1 - wy))],
          [x0, y0 + 1, r(r(1 - wx) * wy)],
          [x0 + 1, y0 + 1, r(wx * wy)],
        ];
        let mv = 0;
        for (const [cx2, cy2, wt] of corners) if (cx2 >= 0 && cx2 < w && cy2 >= 0 && cy2 < h) mv = r(mv + wt);
        mask[o] = mv;
        for (let p = 0; p < n * c; p++) {
          let acc = 0;
          for (const [cx2, cy2, wt] of corners) {
            if (cx2 >= 0 && cx2 < w && cy2 >= 0 && cy2 < h) {
              acc = r(acc + r(wt * (data[(p * h + cy2) * w + cx2] as number)));
            }
          }
          res[p * oh * ow + o] = acc;
        }
      }
    }
  }
  const [out, d] = make(img.dtype, [...lead, c, oh, ow]);
  const integer = !img.isFloatingPoint();
  for (let p = 0; p < n * c; p++) {
    const fv = fills ? r(fills[(p % c) % fills.length]) : 0;
    for (let o = 0; o < oh * ow; o++) {
      let v = res[p * oh * ow + o];
      if (fills) {
        if (interpolation === "nearest") v = mask[o] < 0.5 ? fv : v;
        else v = r(r(v * mask[o]) + r(r(1 - mask[o]) * fv));
      }
      d[p * oh * ow + o] = (integer ? Math.min(Math.max(roundEven(v), 0), 255) : v) as never;
    }
  }
  return out;
}
