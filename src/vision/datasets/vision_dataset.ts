/** What vision's datasets share: root, transform, targetTransform (torchvision's VisionDataset). */
import { Dataset } from "../../data/dataset.ts";
import { applyTransform, type TransformLike } from "../transforms/transforms.ts";

/** A map-style dataset of [image, target] samples with optional transforms. */
export abstract class VisionDataset<I = unknown, T = unknown> extends Dataset<[unknown, unknown]> {
  root: string;
  transform: TransformLike | null;
  targetTransform: TransformLike | null;
  constructor(root: string, transform: TransformLike | null, targetTransform: TransformLike | null) {
    super();
    this.root = root;
    this.transform = transform;
    this.targetTransform = targetTransform;
  }
  /** The raw sample (before transforms). */
  abstract rawItem(index: number): [I, T];
  getItem(index: number): [unknown, unknown] {
    const n = this.length;
    if (!Number.isInteger(index) || index < -n || index >= n) {
      throw new RangeError(`${this.constructor.name} index ${index} out of range for length ${n}`);
    }
    const [img, target] = this.rawItem(index < 0 ? index + n : index);
    return [
      this.transform ? applyTransform(this.transform, img) : img,
      this.targetTransform ? applyTransform(this.targetTransform, target) : target,
    ];
  }
  /** torchvision's repr. */
  override toString(): string {
    const lines = [`Dataset ${this.constructor.name}`, `    Number of datapoints: ${this.length}`];
    if (this.root) lines.push(`    Root location: ${this.root}`);
    if (this.transform) lines.push(`    Transform: ${String(this.transform)}`);
    return lines.join("\n");
  }
}

/** Copies bytes into shared memory (DataLoader workers then share them instead of copying). */
export function shared(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(new SharedArrayBuffer(bytes.length));
  out.set(bytes);
  return out;
}

/** Options every vision dataset takes. */
export interface VisionOptions {
  train?: boolean;
  transform?: TransformLike | null;
  targetTransform?: TransformLike | null;
  download?: boolean;
}
