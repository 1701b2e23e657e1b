/**
 * ImageFolder: `root/<class>/**.{png,jpg,...}`, classes sorted by name,
 * samples sorted by path within each class (torchvision's
 * make_dataset order), images opened as RGB.
 */
import { Binder, opt, req } from "../../api/signature.ts";
import { registerClass } from "../../data/serialize.ts";
import { CONV } from "../../data/util.ts";
import type { Image } from "../image.ts";
import { openImage } from "../io.ts";
import type { TransformLike } from "../transforms/transforms.ts";
import { VisionDataset } from "./vision_dataset.ts";

/** torchvision's IMG_EXTENSIONS. */
export const IMG_EXTENSIONS = [".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp"];

const ARGS = new Binder("ImageFolder", {
  pos: [
    req("root", "string"),
    opt("transform", "any", null),
    opt("targetTransform", "any", null),
    opt("loader", "fn", null),
    opt("isValidFile", "fn", null),
    opt("allowEmpty", "bool", false),
  ],
  kw: [],
});

/** Opens an image file as RGB (torchvision's default_loader). */
export function defaultLoader(path: string): Image {
  return openImage(path).convert("RGB");
}

/** Images in one folder per class. */
export class ImageFolder extends VisionDataset<unknown, number> {
  classes: string[];
  classToIdx: Record<string, number>;
  /** [path, class index] pairs. */
  samples: [string, number][];
  loader: ((path: string) => unknown) | null;

  constructor(
    root: string,
    ...rest: (TransformLike | null | {
      transform?: TransformLike | null;
      targetTransform?: TransformLike | null;
      loader?: (path: string) => unknown;
      isValidFile?: (path: string) => boolean;
      allowEmpty?: boolean;
    })[]
  ) {
    const a = ARGS.bind([root, ...rest], CONV);
    super(a.root, a.transform, a.targetTransform);
    this.classes = [...Deno.readDirSync(a.root)].filter((e) => e.isDirectory).map((e) => e.name).sort();
    if (this.classes.length === 0) throw new Error(`Couldn't find any class folder in ${a.root}.`);
    this.classToIdx = Object.fromEntries(this.classes.map((c, i) => [c, i]));
    const valid = a.isValidFile ?? ((p: string) => IMG_EXTENSIONS.some((e) => p.toLowerCase().endsWith(e)));
    this.samples = [];
    for (const c of this.classes) {
      const files: string[] = [];
      const walk = (dir: string) => {
        const entries = [...Deno.readDirSync(dir)].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
        for (const e of entries) {
          const p = `${dir}/${e.name}`;
          if (e.isDirectory) walk(p);
          else if (valid(p)) files.push(p);
        }
      };
      walk(`${a.root}/${c}`);
      if (files.length === 0 && !a.allowEmpty) {
        throw new Error(
          `Found no valid file for the class ${c}. Supported extensions are: ${IMG_EXTENSIONS.join(", ")}`,
        );
      }
      for (const f of files) this.samples.push([f, this.classToIdx[c]]);
    }
    this.loader = a.loader;
  }
  get length(): number {
    return this.samples.length;
  }
  /** The class index of every sample. */
  get targets(): number[] {
    return this.samples.map((s) => s[1]);
  }
  rawItem(index: number): [unknown, number] {
    const [path, target] = this.samples[index];
    return [(this.loader ?? defaultLoader)(path), target];
  }
}
registerClass(ImageFolder, import.meta.url);
