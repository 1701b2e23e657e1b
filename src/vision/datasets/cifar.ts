/**
 * CIFAR-10 and CIFAR-100 from the binary version (cifar-10-binary.tar.gz:
 * `cifar-10-batches-bin/data_batch_{1..5}.bin`, `test_batch.bin`, records
 * of 1 label byte + 3072 pixel bytes (R, G, B planes of 32x32);
 * cifar-100-binary.tar.gz: `cifar-100-binary/{train,test}.bin`, 2 label
 * bytes (coarse, fine) + 3072; the target is the fine label, as
 * torchvision's). Pixels are kept as HWC in one shared array.
 */
import { Binder, opt, req } from "../../api/signature.ts";
import { RuntimeError } from "../../core/errors.ts";
import { registerClass } from "../../data/serialize.ts";
import { CONV, tensorOver } from "../../data/util.ts";
import type { Tensor } from "../../torch/tensor.ts";
import { Image } from "../image.ts";
import type { TransformLike } from "../transforms/transforms.ts";
import { checkIntegrity, downloadSync, extractArchive } from "./download.ts";
import { VisionDataset, type VisionOptions } from "./vision_dataset.ts";

const ARGS = new Binder("CIFAR10", {
  pos: [
    req("root", "string"),
    opt("train", "bool", true),
    opt("transform", "any", null),
    opt("targetTransform", "any", null),
    opt("download", "bool", false),
  ],
  kw: [],
});

const RECORD = 3072;

/** CIFAR-10: 32x32 RGB images in 10 classes. */
export class CIFAR10 extends VisionDataset<Image, number> {
  static baseFolder = "cifar-10-batches-bin";
  static url = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";
  static filename = "cifar-10-binary.tar.gz";
  static tgzMd5 = "c32a1d4ab5d03f1284b67883e8d87530";
  static trainList: string[] = [
    "data_batch_1.bin",
    "data_batch_2.bin",
    "data_batch_3.bin",
    "data_batch_4.bin",
    "data_batch_5.bin",
  ];
  static testList: string[] = ["test_batch.bin"];
  static labelBytes = 1;
  static metaFile = "batches.meta.txt";
  static defaultClasses: string[] = [
    "airplane",
    "automobile",
    "bird",
    "cat",
    "deer",
    "dog",
    "frog",
    "horse",
    "ship",
    "truck",
  ];

  train: boolean;
  /** n x 32 x 32 x 3 bytes (shared memory). */
  pixels: Uint8Array;
  /** The (fine) labels. */
  labels: Uint8Array;
  classes: string[];

  constructor(root: string, ...rest: (boolean | TransformLike | null | VisionOptions)[]) {
    const a = ARGS.bind([root, ...rest], CONV);
    super(a.root, a.transform, a.targetTransform);
    const cls = this.constructor as typeof CIFAR10;
    this.train = a.train;
    const dir = `${this.root}/${cls.baseFolder}`;
    const files = [...cls.trainList, ...cls.testList];
    const present = () => files.every((f) => checkIntegrity(`${dir}/${f}`));
    if (!present() && a.download) {
      downloadSync(this.root, [{ filename: cls.filename, md5: cls.tgzMd5, urls: [cls.url] }]);
      extractArchive(`${this.root}/${cls.filename}`, this.root);
    }
    if (!present()) {
      throw new RuntimeError(
        `Dataset not found or corrupted. You can use download: true to download it.\nPut ${files.join(", ")} ` +
          `into ${dir} (the binary version, ${cls.url})`,
      );
    }
    const list = a.train ? cls.trainList : cls.testList;
    const chunks = list.map((f) => Deno.readFileSync(`${dir}/${f}`));
    const rec = cls.labelBytes + RECORD;
    let n = 0;
    for (const [i, c] of chunks.entries()) {
      if (c.length % rec !== 0) {
        throw new RuntimeError(`${list[i]}: ${c.length} bytes is not a whole number of ${rec}-byte records`);
      }
      n += c.length / rec;
    }
    this.pixels = new Uint8Array(new SharedArrayBuffer(n * RECORD));
    this.labels = new Uint8Array(new SharedArrayBuffer(n));
    let k = 0;
    for (const c of chunks) {
      for (let off = 0; off < c.length; off += rec, k++) {
        this.labels[k] = c[off + cls.labelBytes - 1];
        const src = off + cls.labelBytes, dst = k * RECORD;
        for (let p = 0; p < 1024; p++) {
          this.pixels[dst + p * 3] = c[src + p];
          this.pixels[dst + p * 3 + 1] = c[src + 1024 + p];
          this.pixels[dst + p * 3 + 2] = c[src + 2048 + p];
        }
      }
    }
    let names: string[] = [];
    try {
      names = new TextDecoder().decode(Deno.readFileSync(`${dir}/${cls.metaFile}`)).split("\n").map((s) => s.trim())
        .filter(Boolean);
    } catch { /* no meta file: default names */ }
    this.classes = names.length ? names : [...cls.defaultClasses];
  }

  get length(): number {
    return this.labels.length;
  }
  rawItem(index: number): [Image, number] {
    return [new Image(this.pixels.subarray(index * RECORD, (index + 1) * RECORD), 32, 32, "RGB"), this.labels[index]];
  }
  /** The images as a uint8 tensor [n, 32, 32, 3] (HWC, shares memory). */
  get data(): Tensor {
    return tensorOver(this.pixels, "uint8", [this.length, 32, 32, 3]);
  }
  /** The labels as a list of numbers (torchvision's targets). */
  get targets(): number[] {
    return [...this.labels];
  }
  get classToIdx(): Record<string, number> {
    return Object.fromEntries(this.classes.map((c, i) => [c, i]));
  }
  override toString(): string {
    return `${super.toString()}\n    Split: ${this.train ? "Train" : "Test"}`;
  }
}

/** CIFAR-100: 32x32 RGB images in 100 classes (fine labels). */
export class CIFAR100 extends CIFAR10 {
  static override baseFolder = "cifar-100-binary";
  static override url = "https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz";
  static override filename = "cifar-100-binary.tar.gz";
  static override tgzMd5 = "03b5dce01913d631647c71ecec9e9cb8";
  static override trainList: string[] = ["train.bin"];
  static override testList: string[] = ["test.bin"];
  static override labelBytes = 2;
  static override metaFile = "fine_label_names.txt";
  static override defaultClasses: string[] = Array.from({ length: 100 }, (_, i) => String(i));
}

registerClass(CIFAR10, import.meta.url);
registerClass(CIFAR100, import.meta.url);
