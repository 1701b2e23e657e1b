/**
 * FakeData: random images that depend only on their index (torchvision's:
 * torch.manualSeed(index + randomOffset), torch.randn(imageSize),
 * torch.randint(0, numClasses, [1]), then ToPILImage), with the default
 * generator's state restored afterwards.
 */
import { Binder, opt } from "../../api/signature.ts";
import { registerClass } from "../../data/serialize.ts";
import { CONV } from "../../data/util.ts";
import { defaultGenerator } from "../../torch/ops/random.ts";
import { toPilImage } from "../transforms/functional.ts";
import type { Image } from "../image.ts";
import { VisionDataset } from "./vision_dataset.ts";
import { tensorOver } from "../../data/util.ts";

const ARGS = new Binder("FakeData", {
  pos: [
    opt("size", "int", 1000),
    opt("imageSize", "ints", [3, 224, 224]),
    opt("numClasses", "int", 10),
    opt("transform", "any", null),
    opt("targetTransform", "any", null),
    opt("randomOffset", "int", 0),
  ],
  kw: [],
});

/** Random images, deterministic per index. */
export class FakeData extends VisionDataset<Image, number> {
  size: number;
  imageSize: number[];
  numClasses: number;
  randomOffset: number;
  constructor(...args: unknown[]) {
    const a = ARGS.bind(args, CONV);
    super("", a.transform, a.targetTransform);
    this.size = a.size;
    this.imageSize = typeof a.imageSize === "number" ? [a.imageSize] : [...a.imageSize];
    this.numClasses = a.numClasses;
    this.randomOffset = a.randomOffset;
  }
  get length(): number {
    return this.size;
  }
  rawItem(index: number): [Image, number] {
    const state = defaultGenerator.getState();
    try {
      defaultGenerator.manualSeed(index + this.randomOffset);
      const n = this.imageSize.reduce((p, d) => p * d, 1);
      const img = defaultGenerator.normal(new Float32Array(n), 0, 1, true);
      const target = Number(defaultGenerator.randint(new BigInt64Array(1), 0, this.numClasses)[0]);
      return [toPilImage(tensorOver(img, "float32", this.imageSize)), target];
    } finally {
      defaultGenerator.setState(state);
    }
  }
}
registerClass(FakeData, import.meta.url);
