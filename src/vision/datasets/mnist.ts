/**
 * MNIST, FashionMNIST and KMNIST from their IDX files (gzipped or not), as
 * torchvision reads them: `root/<Class>/raw/{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]`.
 * FashionMNIST also finds Debian's dataset-fashion-mnist package
 * (/usr/share/datasets/fashion-mnist/) when root has no files. Images stay
 * in one shared byte array; `getItem(i)` returns `[Image "L" 28x28 (a
 * view), label number]`.
 */
import { gunzipSync } from "node:zlib";
import { Binder, opt, req } from "../../api/signature.ts";
import { RuntimeError } from "../../core/errors.ts";
import { registerClass } from "../../data/serialize.ts";
import { CONV, tensorOver } from "../../data/util.ts";
import type { Tensor } from "../../torch/tensor.ts";
import { Image } from "../image.ts";
import type { TransformLike } from "../transforms/transforms.ts";
import { checkIntegrity, downloadSync, type Resource } from "./download.ts";
import { shared, VisionDataset, type VisionOptions } from "./vision_dataset.ts";

const IDX_TYPES: Record<number, string> = {
  8: "uint8",
  9: "int8",
  11: "int16",
  12: "int32",
  13: "float32",
  14: "float64",
};

/**
 * Parses an IDX file (the "SN3 Pascal Vincent" format; gzipped or not):
 * its dims and uint8 payload.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseIdx } from "./mnist.ts";
 * const f = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9]);
 * assert.deepEqual(parseIdx(f, "x"), { dims: [3], data: new Uint8Array([7, 8, 9]) });
 * ```
 */
export function parseIdx(file: Uint8Array, name: string): { dims: number[]; data: Uint8Array } {
  const bytes = file[0] === 0x1f && file[1] === 0x8b ? new Uint8Array(gunzipSync(file)) : file;
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) throw new RuntimeError(`${name}: not an IDX file`);
  const type = bytes[2], nd = bytes[3];
  if (nd < 1 || nd > 3 || !(type in IDX_TYPES)) {
    throw new RuntimeError(`${name}: unsupported IDX header (type ${type}, ${nd} dims)`);
  }
  if (type !== 8) throw new TypeError(`${name}: x should be of dtype uint8 instead of ${IDX_TYPES[type]}`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: nd }, (_, i) => dv.getUint32(4 + 4 * i, false));
  const start = 4 * (nd + 1), count = dims.reduce((p, d) => p * d, 1);
  if (bytes.length - start < count) {
    throw new RuntimeError(`${name}: truncated IDX file (${bytes.length - start} of ${count} bytes)`);
  }
  return { dims, data: bytes.subarray(start, start + count) };
}

const MNIST_ARGS = new Binder("MNIST", {
  pos: [
    req("root", "string"),
    opt("train", "bool", true),
    opt("transform", "any", null),
    opt("targetTransform", "any", null),
    opt("download", "bool", false),
  ],
  kw: [],
});

/** MNIST handwritten digits (28x28 gray, 10 classes). */
export class MNIST extends VisionDataset<Image, number> {
  /** Where downloads come from, tried in order (tests point these at a local server). */
  static mirrors: string[] = ["https://ossci-datasets.s3.amazonaws.com/mnist/", "http://yann.lecun.com/exdb/mnist/"];
  /** The files and their MD5s. */
  static resources: [string, string][] = [
    ["train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"],
    ["train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"],
    ["t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"],
    ["t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"],
  ];
  /** Other folders holding the raw files (searched when root has none). */
  static systemFolders: string[] = [];
  static classes: string[] = [
    "0 - zero",
    "1 - one",
    "2 - two",
    "3 - three",
    "4 - four",
    "5 - five",
    "6 - six",
    "7 - seven",
    "8 - eight",
    "9 - nine",
  ];

  train: boolean;
  /** The images, n x rows x cols bytes (shared memory). */
  images: Uint8Array;
  /** The labels, one byte each (shared memory). */
  labels: Uint8Array;
  rows: number;
  cols: number;
  classes: string[];

  constructor(
    root: string,
    ...rest: (boolean | TransformLike | null | VisionOptions)[]
  ) {
    const a = MNIST_ARGS.bind([root, ...rest], CONV);
    super(a.root, a.transform, a.targetTransform);
    const cls = this.constructor as typeof MNIST;
    this.train = a.train;
    this.classes = [...cls.classes];
    const split = a.train ? "train" : "t10k";
    const want = [`${split}-images-idx3-ubyte`, `${split}-labels-idx1-ubyte`];
    let folder = this.findFolder(want);
    if (folder === null && a.download) {
      const resources: Resource[] = cls.resources.map(([f, md5]) => ({
        filename: f,
        md5,
        urls: cls.mirrors.map((m) => m + f),
      }));
      try {
        downloadSync(this.rawFolder, resources);
      } catch (e) {
        throw new RuntimeError(`${(e as Error).message}\n${this.whereToPut(want)}`);
      }
      folder = this.findFolder(want);
    }
    if (folder === null) {
      throw new RuntimeError(`Dataset not found. You can use download: true to download it.\n${this.whereToPut(want)}`);
    }
    const img = parseIdx(readEither(folder, want[0]), want[0]);
    const lab = parseIdx(readEither(folder, want[1]), want[1]);
    if (img.dims.length !== 3) throw new RangeError(`x should have 3 dimension instead of ${img.dims.length}`);
    if (lab.dims.length !== 1) throw new RangeError(`x should have 1 dimension instead of ${lab.dims.length}`);
    if (img.dims[0] !== lab.dims[0]) throw new RuntimeError(`${img.dims[0]} images but ${lab.dims[0]} labels`);
    this.images = shared(img.data);
    this.labels = shared(lab.data);
    [, this.rows, this.cols] = img.dims;
  }

  /** root/<Class>/raw. */
  get rawFolder(): string {
    return `${this.root}/${this.constructor.name}/raw`;
  }

  private findFolder(want: string[]): string | null {
    const cls = this.constructor as typeof MNIST;
    for (const dir of [this.rawFolder, ...cls.systemFolders]) {
      if (want.every((f) => checkIntegrity(`${dir}/${f}`) || checkIntegrity(`${dir}/${f}.gz`))) return dir;
    }
    return null;
  }

  private whereToPut(want: string[]): string {
    const cls = this.constructor as typeof MNIST;
    const sys = cls.systemFolders.length ? ` (or ${cls.systemFolders.join(", ")})` : "";
    return `Put ${want.map((f) => `${f}[.gz]`).join(" and ")} into ${this.rawFolder}${sys}; they come from ${
      cls.mirrors[0]
    }`;
  }

  get length(): number {
    return this.labels.length;
  }
  rawItem(index: number): [Image, number] {
    const n = this.rows * this.cols;
    return [new Image(this.images.subarray(index * n, (index + 1) * n), this.cols, this.rows, "L"), this.labels[index]];
  }
  /** The images as a uint8 tensor [n, rows, cols] (shares memory). */
  get data(): Tensor {
    return tensorOver(this.images, "uint8", [this.length, this.rows, this.cols]);
  }
  /** The labels as an int64 tensor. */
  get targets(): Tensor {
    const t = tensorOver(this.labels, "uint8", [this.length]);
    return t.to("int64");
  }
  /** Class name to index. */
  get classToIdx(): Record<string, number> {
    return Object.fromEntries(this.classes.map((c, i) => [c, i]));
  }
  override toString(): string {
    return `${super.toString()}\n    Split: ${this.train ? "Train" : "Test"}`;
  }
}

function readEither(dir: string, f: string): Uint8Array {
  return checkIntegrity(`${dir}/${f}`) ? Deno.readFileSync(`${dir}/${f}`) : Deno.readFileSync(`${dir}/${f}.gz`);
}

/** Zalando's Fashion-MNIST (28x28 gray, 10 clothing classes). */
export class FashionMNIST extends MNIST {
  static override mirrors: string[] = ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"];
  static override resources: [string, string][] = [
    ["train-images-idx3-ubyte.gz", "8d4fb7e6c68d591d4c3dfef9ec88bf0d"],
    ["train-labels-idx1-ubyte.gz", "25c81989df183df01b3e8a0aad5dffbe"],
    ["t10k-images-idx3-ubyte.gz", "bef4ecab320f06d8554ea6380940ec79"],
    ["t10k-labels-idx1-ubyte.gz", "bb300cfdad3c16e7a12a480ee83cd310"],
  ];
  /** Debian's dataset-fashion-mnist package. */
  static override systemFolders: string[] = ["/usr/share/datasets/fashion-mnist"];
  static override classes: string[] = [
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
  ];
}

/** Kuzushiji-MNIST (28x28 gray, 10 hiragana classes). */
export class KMNIST extends MNIST {
  static override mirrors: string[] = ["http://codh.rois.ac.jp/kmnist/dataset/kmnist/"];
  static override resources: [string, string][] = [
    ["train-images-idx3-ubyte.gz", "bdb82020997e1d708af4cf47b453dcf7"],
    ["train-labels-idx1-ubyte.gz", "e144d726b3acfaa3e44228e80efcd344"],
    ["t10k-images-idx3-ubyte.gz", "5c965bf0a639b31b8f53240b1b52f4d7"],
    ["t10k-labels-idx1-ubyte.gz", "7320c461ea6c1c855c0b718fb2a4b134"],
  ];
  static override systemFolders: string[] = [];
  static override classes: string[] = ["o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"];
}

registerClass(MNIST, import.meta.url);
registerClass(FashionMNIST, import.meta.url);
registerClass(KMNIST, import.meta.url);
