/** The options every model factory takes, and the check that rejects unknown ones. */
import type { WeightsArg } from "./weights.ts";

/** torchvision's factory keywords: `weights`, `progress`, and the model's own (`numClasses`...). */
export interface ModelOptions {
  /** A weights entry, its name ("DEFAULT"), a .safetensors path or a state dict; null: random init. */
  weights?: WeightsArg;
  /** Accepted for torchvision compatibility (downloads report progress on stderr). */
  progress?: boolean;
  /** The classifier's outputs (1000, ImageNet's, by default). */
  numClasses?: number;
}

/** Throws a TypeError naming an option that `allowed` lacks. */
export function checkOptions(what: string, opts: object, allowed: string[]): void {
  if (opts === null || typeof opts !== "object") throw new TypeError(`${what}: options must be an object`);
  for (const k of Object.keys(opts)) {
    if (!allowed.includes(k)) {
      throw new TypeError(`${what}: unknown option '${k}'; expected one of ${allowed.join(", ")}`);
    }
  }
}
