/**
 * torchvision.transforms' classes. Each takes torchvision's arguments
 * (positional, then an options object) and has `forward(img)`; random ones
 * draw their parameters from torch's default generator exactly as
 * torchvision does (torch.rand(1), torch.randint, uniform_ on a float32
 * tensor, torch.randperm(4)), so a torch.manualSeed gives torchvision's
 * choices. Transforms keep plain fields so DataLoader workers can rebuild
 * them.
 */
import { Binder, opt, req } from "../../api/signature.ts";
import type { DType } from "../../core/dtype.ts";
import { registerClass } from "../../data/serialize.ts";
import { CONV } from "../../data/util.ts";
import { defaultGenerator } from "../../torch/ops/random.ts";
import { Tensor } from "../../torch/tensor.ts";
import type { Image, Mode } from "../image.ts";
import * as F from "./functional.ts";
import type { Img, Interpolation } from "./functional.ts";

/** Something that transforms a value: a transform object or a function. */
export type TransformLike = { forward(x: unknown): unknown } | ((x: never) => unknown);

/** Applies a transform object or function. */
export function applyTransform(t: TransformLike, x: unknown): unknown {
  return typeof t === "function" ? (t as (x: unknown) => unknown)(x) : t.forward(x);
}

/** The base of vision's transforms. */
export abstract class Transform {
  /** Applies the transform. */
  abstract forward(x: unknown): unknown;
  /** torchvision's repr. */
  toString(): string {
    return `${this.constructor.name}()`;
  }
}

const u01 = (): number => defaultGenerator.rand(1)[0];
const uniform = (a: number, b: number): number => defaultGenerator.uniform(new Float32Array(1), a, b)[0];
const randint = (lo: number, hi: number): number => Number(defaultGenerator.randint(new BigInt64Array(1), lo, hi)[0]);

function size2(op: string, size: unknown): [number, number] {
  if (typeof size === "number") return [size, size];
  if (Array.isArray(size) && size.length === 1) return [size[0], size[0]];
  if (Array.isArray(size) && size.length === 2) return [size[0], size[1]];
  throw new RangeError(`${op}: Please provide only two dimensions (h, w) for size.`);
}

const COMPOSE = new Binder("Compose", { pos: [req("transforms", "any")], kw: [] });
/**
 * Applies transforms in order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Compose, Lambda } from "./transforms.ts";
 * const t = new Compose([new Lambda((x: number) => x + 1), (x: number) => x * 10]);
 * assert.equal(t.forward(1), 20);
 * ```
 */
export class Compose extends Transform {
  transforms: TransformLike[];
  constructor(...args: [TransformLike[]]) {
    super();
    const a = COMPOSE.bind(args, CONV);
    if (!Array.isArray(a.transforms)) throw new TypeError("Compose(): transforms must be a list");
    this.transforms = a.transforms;
  }
  forward(x: unknown): unknown {
    for (const t of this.transforms) x = applyTransform(t, x);
    return x;
  }
  override toString(): string {
    return `Compose(\n${this.transforms.map((t) => `    ${String(t)}`).join("\n")}\n)`;
  }
}

/** Images (or HWC np arrays) to float32 CHW tensors in [0, 1]. */
export class ToTensor extends Transform {
  forward(pic: unknown): Tensor {
    return F.toTensor(pic);
  }
}

/** Images to uint8 CHW tensors. */
export class PILToTensor extends Transform {
  forward(pic: unknown): Tensor {
    return F.pilToTensor(pic);
  }
}

const TO_PIL = new Binder("ToPILImage", { pos: [opt("mode", "string", null)], kw: [] });
/** Tensors to Images. */
export class ToPILImage extends Transform {
  mode: Mode | null;
  constructor(...args: [(string | null | { mode?: string | null })?]) {
    super();
    this.mode = TO_PIL.bind(args, CONV).mode;
  }
  forward(pic: unknown): Image {
    return F.toPilImage(pic, this.mode);
  }
}

const CONVERT = new Binder("ConvertImageDtype", { pos: [req("dtype", "dtype")], kw: [] });
/** Converts a tensor image's dtype, rescaling values. */
export class ConvertImageDtype extends Transform {
  dtype: DType;
  constructor(...args: [string | { dtype: string }]) {
    super();
    this.dtype = CONVERT.bind(args, CONV).dtype;
  }
  forward(image: unknown): Tensor {
    return F.convertImageDtype(image as Tensor, this.dtype);
  }
}

const NORMALIZE = new Binder("Normalize", {
  pos: [req("mean", "any"), req("std", "any"), opt("inplace", "bool", false)],
  kw: [],
});
/**
 * (x - mean) / std per channel.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../torch/mod.ts";
 * import { Normalize } from "./transforms.ts";
 * const y = new Normalize([0.5], [0.5]).forward(torch.tensor([[[0, 1]]], { dtype: torch.float32 }));
 * assert.deepEqual(y.tolist(), [[[-1, 1]]]);
 * ```
 */
export class Normalize extends Transform {
  mean: number[];
  std: number[];
  inplace: boolean;
  constructor(
    ...args: [number[], number[], (boolean | { inplace?: boolean })?] | [
      { mean: number[]; std: number[]; inplace?: boolean },
    ]
  ) {
    super();
    const a = NORMALIZE.bind(args, CONV);
    const list = (v: unknown, n: string) => {
      const l = typeof v === "number" ? [v] : v instanceof Tensor ? (v.tolist() as number[]) : v;
      if (!Array.isArray(l) || l.some((x) => typeof x !== "number")) {
        throw new TypeError(`Normalize(): ${n} must be a list of numbers`);
      }
      return l as number[];
    };
    this.mean = list(a.mean, "mean");
    this.std = list(a.std, "std");
    this.inplace = a.inplace;
  }
  forward(tensor: unknown): Tensor {
    return F.normalize(tensor as Tensor, this.mean, this.std, this.inplace);
  }
  override toString(): string {
    return `Normalize(mean=[${this.mean.join(", ")}], std=[${this.std.join(", ")}])`;
  }
}

const INTERP = ["nearest", "nearest-exact", "bilinear", "bicubic", "box", "hamming", "lanczos"];
const RESIZE = new Binder("Resize", {
  pos: [
    req("size", "any"),
    opt("interpolation", "string", "bilinear", { choices: INTERP }),
    opt("maxSize", "int", null),
    opt("antialias", "bool", true, { nullable: true }),
  ],
  kw: [],
});
/** Resizes to [h, w], or the smaller edge to `size`. */
export class Resize extends Transform {
  size: number | number[];
  interpolation: Interpolation;
  maxSize: number | null;
  antialias: boolean | null;
  constructor(...args: unknown[]) {
    super();
    const a = RESIZE.bind(args, CONV);
    if (typeof a.size !== "number" && !(Array.isArray(a.size) && (a.size.length === 1 || a.size.length === 2))) {
      throw new TypeError(`Size should be int or sequence. Got ${typeof a.size}`);
    }
    this.size = a.size;
    this.interpolation = a.interpolation;
    this.maxSize = a.maxSize;
    this.antialias = a.antialias;
  }
  forward(img: unknown): Img {
    return F.resize(img as Img, this.size, this.interpolation, this.maxSize, this.antialias);
  }
}

const CENTER = new Binder("CenterCrop", { pos: [req("size", "any")], kw: [] });
/** Crops the center. */
export class CenterCrop extends Transform {
  size: [number, number];
  constructor(...args: unknown[]) {
    super();
    this.size = size2("CenterCrop", CENTER.bind(args, CONV).size);
  }
  forward(img: unknown): Img {
    return F.centerCrop(img as Img, this.size);
  }
}

const PAD_MODES = ["constant", "edge", "reflect", "symmetric"];
const PAD = new Binder("Pad", {
  pos: [req("padding", "any"), opt("fill", "any", 0), opt("paddingMode", "string", "constant", { choices: PAD_MODES })],
  kw: [],
});
/** Pads the borders. */
export class Pad extends Transform {
  padding: number | number[];
  fill: number | number[];
  paddingMode: "constant" | "edge" | "reflect" | "symmetric";
  constructor(...args: unknown[]) {
    super();
    const a = PAD.bind(args, CONV);
    F.parsePadding(a.padding);
    this.padding = a.padding;
    this.fill = a.fill;
    this.paddingMode = a.paddingMode;
  }
  forward(img: unknown): Img {
    return F.pad(img as Img, this.padding, this.fill, this.paddingMode);
  }
}

const LAMBDA = new Binder("Lambda", { pos: [req("lambd", "fn")], kw: [] });
/** A function as a transform (sent to DataLoader workers by its source). */
export class Lambda extends Transform {
  lambd: (x: never) => unknown;
  constructor(...args: [(x: never) => unknown]) {
    super();
    this.lambd = LAMBDA.bind(args, CONV).lambd;
  }
  forward(x: unknown): unknown {
    return this.lambd(x as never);
  }
}

const RANDOM_CROP = new Binder("RandomCrop", {
  pos: [
    req("size", "any"),
    opt("padding", "any", null),
    opt("padIfNeeded", "bool", false),
    opt("fill", "any", 0),
    opt("paddingMode", "string", "constant", { choices: PAD_MODES }),
  ],
  kw: [],
});
/** A random crop (optionally padded first). */
export class RandomCrop extends Transform {
  size: [number, number];
  padding: number | number[] | null;
  padIfNeeded: boolean;
  fill: number | number[];
  paddingMode: "constant" | "edge" | "reflect" | "symmetric";
  constructor(...args: unknown[]) {
    super();
    const a = RANDOM_CROP.bind(args, CONV);
    this.size = size2("RandomCrop", a.size);
    this.padding = a.padding;
    this.padIfNeeded = a.padIfNeeded;
    this.fill = a.fill;
    this.paddingMode = a.paddingMode;
  }
  /** The crop torchvision draws: [top, left, h, w]. */
  static getParams(img: Img, outputSize: readonly [number, number]): [number, number, number, number] {
    const [, h, w] = F.getDimensions(img);
    const [th, tw] = outputSize;
    if (h < th || w < tw) {
      throw new RangeError(`Required crop size (${th}, ${tw}) is larger than input image size (${h}, ${w})`);
    }
    if (w === tw && h === th) return [0, 0, h, w];
    const i = randint(0, h - th + 1);
    const j = randint(0, w - tw + 1);
    return [i, j, th, tw];
  }
  forward(input: unknown): Img {
    let img = input as Img;
    if (this.padding !== null) img = F.pad(img, this.padding, this.fill, this.paddingMode);
    const [, height, width] = F.getDimensions(img);
    if (this.padIfNeeded && width < this.size[1]) {
      img = F.pad(img, [this.size[1] - width, 0], this.fill, this.paddingMode);
    }
    if (this.padIfNeeded && height < this.size[0]) {
      img = F.pad(img, [0, this.size[0] - height], this.fill, this.paddingMode);
    }
    const [i, j, h, w] = RandomCrop.getParams(img, this.size);
    return F.crop(img, i, j, h, w);
  }
}

const RRC = new Binder("RandomResizedCrop", {
  pos: [
    req("size", "any"),
    opt("scale", "any", [0.08, 1.0]),
    opt("ratio", "any", [3 / 4, 4 / 3]),
    opt("interpolation", "string", "bilinear", { choices: INTERP }),
    opt("antialias", "bool", true, { nullable: true }),
  ],
  kw: [],
});
/** A random crop of random area and aspect ratio, resized to `size`. */
export class RandomResizedCrop extends Transform {
  size: [number, number];
  scale: [number, number];
  ratio: [number, number];
  interpolation: Interpolation;
  antialias: boolean | null;
  constructor(...args: unknown[]) {
    super();
    const a = RRC.bind(args, CONV);
    this.size = size2("RandomResizedCrop", a.size);
    this.scale = [a.scale[0], a.scale[1]];
    this.ratio = [a.ratio[0], a.ratio[1]];
    if (this.scale[0] > this.scale[1] || this.ratio[0] > this.ratio[1]) {
      console.warn("Scale and ratio should be of kind (min, max)");
    }
    this.interpolation = a.interpolation;
    this.antialias = a.antialias;
  }
  /** torchvision's get_params: [top, left, h, w]. */
  static getParams(img: Img, scale: readonly number[], ratio: readonly number[]): [number, number, number, number] {
    const [, height, width] = F.getDimensions(img);
    const area = height * width;
    const logRatio = [Math.fround(Math.log(Math.fround(ratio[0]))), Math.fround(Math.log(Math.fround(ratio[1])))];
    for (let k = 0; k < 10; k++) {
      const targetArea = area * uniform(scale[0], scale[1]);
      const aspect = Math.fround(Math.exp(uniform(logRatio[0], logRatio[1])));
      const w = F.roundEven(Math.sqrt(targetArea * aspect));
      const h = F.roundEven(Math.sqrt(targetArea / aspect));
      if (w > 0 && w <= width && h > 0 && h <= height) {
        const i = randint(0, height - h + 1);
        const j = randint(0, width - w + 1);
        return [i, j, h, w];
      }
    }
    const inRatio = width / height;
    let w: number, h: number;
    if (inRatio < Math.min(...ratio)) {
      w = width;
      h = F.roundEven(w / Math.min(...ratio));
    } else if (inRatio > Math.max(...ratio)) {
      h = height;
      w = F.roundEven(h * Math.max(...ratio));
    } else {
      w = width;
      h = height;
    }
    return [Math.floor((height - h) / 2), Math.floor((width - w) / 2), h, w];
  }
  forward(img: unknown): Img {
    const [i, j, h, w] = RandomResizedCrop.getParams(img as Img, this.scale, this.ratio);
    return F.resizedCrop(img as Img, i, j, h, w, this.size, this.interpolation, this.antialias);
  }
}

const FLIP = new Binder("RandomFlip", { pos: [opt("p", "number", 0.5)], kw: [] });
/** Mirrors left-right with probability p. */
export class RandomHorizontalFlip extends Transform {
  p: number;
  constructor(...args: (number | { p?: number })[]) {
    super();
    this.p = FLIP.bind(args, CONV).p;
  }
  forward(img: unknown): Img {
    return u01() < Math.fround(this.p) ? F.hflip(img as Img) : (img as Img);
  }
}
/** Mirrors top-bottom with probability p. */
export class RandomVerticalFlip extends Transform {
  p: number;
  constructor(...args: (number | { p?: number })[]) {
    super();
    this.p = FLIP.bind(args, CONV).p;
  }
  forward(img: unknown): Img {
    return u01() < Math.fround(this.p) ? F.vflip(img as Img) : (img as Img);
  }
}

const ROTATION = new Binder("RandomRotation", {
  pos: [
    req("degrees", "any"),
    opt("interpolation", "string", "nearest", { choices: INTERP }),
    opt("expand", "bool", false),
    opt("center", "any", null),
    opt("fill", "any", 0),
  ],
  kw: [],
});
/** Rotates by a random angle in [-degrees, degrees] (or [min, max]). */
export class RandomRotation extends Transform {
  degrees: [number, number];
  interpolation: Interpolation;
  expand: boolean;
  center: number[] | null;
  fill: number | number[];
  constructor(...args: unknown[]) {
    super();
    const a = ROTATION.bind(args, CONV);
    if (typeof a.degrees === "number") {
      if (a.degrees < 0) throw new RangeError("If degrees is a single number, it must be positive.");
      this.degrees = [-a.degrees, a.degrees];
    } else if (Array.isArray(a.degrees) && a.degrees.length === 2) this.degrees = [a.degrees[0], a.degrees[1]];
    else throw new RangeError("If degrees is a sequence, it must be of len 2.");
    this.interpolation = a.interpolation;
    this.expand = a.expand;
    this.center = a.center;
    this.fill = a.fill;
  }
  /** The angle torchvision draws. */
  static getParams(degrees: readonly number[]): number {
    return uniform(degrees[0], degrees[1]);
  }
  forward(img: unknown): Img {
    const [c] = F.getDimensions(img as Img);
    let fill: number | number[] = this.fill;
    if (img instanceof Tensor) fill = typeof fill === "number" ? Array(c).fill(fill) : fill.map(Number);
    const angle = RandomRotation.getParams(this.degrees);
    return F.rotate(img as Img, angle, this.interpolation, this.expand, this.center, fill);
  }
}

const JITTER = new Binder("ColorJitter", {
  pos: [opt("brightness", "any", 0), opt("contrast", "any", 0), opt("saturation", "any", 0), opt("hue", "any", 0)],
  kw: [],
});

function jitterRange(
  v: unknown,
  name: string,
  center: number,
  bound: [number, number],
  clipFirst: boolean,
): [number, number] | null {
  let r: [number, number];
  if (typeof v === "number") {
    if (v < 0) throw new RangeError(`If ${name} is a single number, it must be non negative.`);
    r = [center - v, center + v];
    if (clipFirst) r[0] = Math.max(r[0], 0);
  } else if (Array.isArray(v) && v.length === 2) r = [v[0], v[1]];
  else throw new TypeError(`${name} should be a single number or a list/tuple with length 2.`);
  if (!(bound[0] <= r[0] && r[0] <= r[1] && r[1] <= bound[1])) {
    throw new RangeError(`${name} values should be between [${bound}], but got [${r}].`);
  }
  return r[0] === center && r[1] === center ? null : r;
}

/** Random brightness, contrast, saturation and hue, applied in a random order. */
export class ColorJitter extends Transform {
  brightness: [number, number] | null;
  contrast: [number, number] | null;
  saturation: [number, number] | null;
  hue: [number, number] | null;
  constructor(...args: unknown[]) {
    super();
    const a = JITTER.bind(args, CONV);
    this.brightness = jitterRange(a.brightness, "brightness", 1, [0, Infinity], true);
    this.contrast = jitterRange(a.contrast, "contrast", 1, [0, Infinity], true);
    this.saturation = jitterRange(a.saturation, "saturation", 1, [0, Infinity], true);
    this.hue = jitterRange(a.hue, "hue", 0, [-0.5, 0.5], false);
  }
  /** torchvision's get_params: the order and the factors. */
  static getParams(
    brightness: readonly number[] | null,
    contrast: readonly number[] | null,
    saturation: readonly number[] | null,
    hue: readonly number[] | null,
  ): [number[], number | null, number | null, number | null, number | null] {
    const order = Array.from(defaultGenerator.randperm(4), Number);
    const b = brightness ? uniform(brightness[0], brightness[1]) : null;
    const c = contrast ? uniform(contrast[0], contrast[1]) : null;
    const s = saturation ? uniform(saturation[0], saturation[1]) : null;
    const h = hue ? uniform(hue[0], hue[1]) : null;
    return [order, b, c, s, h];
  }
  forward(input: unknown): Img {
    let img = input as Img;
    const [order, b, c, s, h] = ColorJitter.getParams(this.brightness, this.contrast, this.saturation, this.hue);
    for (const id of order) {
      if (id === 0 && b !== null) img = F.adjustBrightness(img, b);
      else if (id === 1 && c !== null) img = F.adjustContrast(img, c);
      else if (id === 2 && s !== null) img = F.adjustSaturation(img, s);
      else if (id === 3 && h !== null) img = F.adjustHue(img, h);
    }
    return img;
  }
}

const GRAY = new Binder("Grayscale", { pos: [opt("numOutputChannels", "int", 1)], kw: [] });
/** To grayscale (1 or 3 channels). */
export class Grayscale extends Transform {
  numOutputChannels: 1 | 3;
  constructor(...args: (number | { numOutputChannels?: number })[]) {
    super();
    const n = GRAY.bind(args, CONV).numOutputChannels;
    if (n !== 1 && n !== 3) throw new RangeError("num_output_channels should be either 1 or 3");
    this.numOutputChannels = n;
  }
  forward(img: unknown): Img {
    return F.rgbToGrayscale(img as Img, this.numOutputChannels);
  }
}

const RANDOM_GRAY = new Binder("RandomGrayscale", { pos: [opt("p", "number", 0.1)], kw: [] });
/** To grayscale (keeping the channel count) with probability p. */
export class RandomGrayscale extends Transform {
  p: number;
  constructor(...args: (number | { p?: number })[]) {
    super();
    this.p = RANDOM_GRAY.bind(args, CONV).p;
  }
  forward(img: unknown): Img {
    const [c] = F.getDimensions(img as Img);
    return u01() < Math.fround(this.p) ? F.rgbToGrayscale(img as Img, c === 3 ? 3 : 1) : (img as Img);
  }
}

const RANDOM_APPLY = new Binder("RandomApply", { pos: [req("transforms", "any"), opt("p", "number", 0.5)], kw: [] });
/** Applies a list of transforms with probability p. */
export class RandomApply extends Transform {
  transforms: TransformLike[];
  p: number;
  constructor(...args: unknown[]) {
    super();
    const a = RANDOM_APPLY.bind(args, CONV);
    this.transforms = a.transforms;
    this.p = a.p;
  }
  forward(x: unknown): unknown {
    if (Math.fround(this.p) < u01()) return x;
    for (const t of this.transforms) x = applyTransform(t, x);
    return x;
  }
}

for (
  const C of [
    Compose,
    ToTensor,
    PILToTensor,
    ToPILImage,
    ConvertImageDtype,
    Normalize,
    Resize,
    CenterCrop,
    Pad,
    Lambda,
    RandomCrop,
    RandomResizedCrop,
    RandomHorizontalFlip,
    RandomVerticalFlip,
    RandomRotation,
    ColorJitter,
    Grayscale,
    RandomGrayscale,
    RandomApply,
  ]
) registerClass(C, import.meta.url);
