/**
 * Pretrained weights for vision.models: torchvision's weight entries (URL,
 * categories, preprocessing) and the loading of a state dict from a local
 * safetensors file or from the torch hub cache, downloaded there on demand
 * (checked and renamed into place, as the datasets' downloads).
 */
import { createHash } from "node:crypto";
import { torch } from "../../torch/mod.ts";
import { RuntimeError } from "../../core/errors.ts";
import { downloadSync } from "../datasets/download.ts";

type Tensor = torch.Tensor;

/**
 * One set of pretrained weights (a member of torchvision's `ResNet18_Weights` etc.).
 *
 * @example
 * ```ts
 * import { vision } from "../../../mod.ts";
 * const w = vision.models.ResNet18_Weights.DEFAULT;
 * console.log(w.name, w.fileName, w.hashPrefix); // IMAGENET1K_V1 resnet18-f37072fd.pth f37072fd
 * ```
 */
export class Weights {
  constructor(
    /** The member's name, e.g. "IMAGENET1K_V1". */
    readonly name: string,
    /** Where torchvision publishes the file. */
    readonly url: string,
    /** Metadata: numParams, categories count, accuracy on ImageNet-1K. */
    readonly meta: { numParams: number; numClasses: number; acc1: number; acc5: number },
  ) {}
  /** The file name in the hub cache (the URL's last segment). */
  get fileName(): string {
    return this.url.slice(this.url.lastIndexOf("/") + 1);
  }
  /** The hash prefix torchvision puts in its file names (checked by torch.hub as a SHA-256 prefix). */
  get hashPrefix(): string | null {
    return /-([a-f0-9]{6,})\.[a-z]+$/.exec(this.fileName)?.[1] ?? null;
  }
  /**
   * The state dict: the hub cache's `.safetensors` copy of the file when
   * present, else the file is downloaded into the cache (SHA-256 prefix
   * checked, as torch.hub does) and loaded when it is safetensors.
   * torchvision publishes pickled `.pth` files, which dendrite does not
   * unpickle: those must be converted once with Python (the error says how).
   */
  getStateDict(opts: { modelDir?: string; progress?: boolean } = {}): Record<string, Tensor> {
    const dir = opts.modelDir ?? hubCheckpoints();
    const st = `${dir}/${this.fileName.replace(/\.(pth|safetensors)$/, "")}.safetensors`;
    if (exists(st)) return loadSafetensorsSync(st);
    const pth = `${dir}/${this.fileName}`;
    if (!exists(pth)) {
      downloadSync(dir, [{ filename: this.fileName, md5: null, urls: [this.url] }]);
      // torch.hub's check: the name's hash part is a prefix of the file's SHA-256
      const prefix = this.hashPrefix;
      const sha = createHash("sha256").update(Deno.readFileSync(pth)).digest("hex");
      if (prefix !== null && !sha.startsWith(prefix)) {
        Deno.removeSync(pth);
        throw new RuntimeError(`invalid hash value for ${this.url}: SHA-256 ${sha} does not start with ${prefix}`);
      }
      if (pth === st) return loadSafetensorsSync(st);
    }
    throw new RuntimeError(
      `${pth} is a pickled PyTorch file, which dendrite cannot read; convert it once to ${st} with: python3 -c ` +
        `"import torch, safetensors.torch as s; s.save_file(torch.load('${pth}'), '${st}')"`,
    );
  }
}

/** A torchvision ImageNet-1K checkpoint (1,000 classes) published under download.pytorch.org/models. */
export function imagenet(name: string, file: string, numParams: number, acc1: number, acc5: number): Weights {
  return new Weights(name, `https://download.pytorch.org/models/${file}`, { numParams, numClasses: 1000, acc1, acc5 });
}

/**
 * $TORCH_HOME/hub/checkpoints (default ~/.cache/torch), where torch.hub keeps weights.
 *
 * @example
 * ```ts
 * import { vision } from "../../../mod.ts";
 * console.log(vision.models.hubCheckpoints().endsWith("/hub/checkpoints")); // true
 * ```
 */
export function hubCheckpoints(): string {
  const home = Deno.env.get("TORCH_HOME") ??
    `${Deno.env.get("XDG_CACHE_HOME") ?? `${Deno.env.get("HOME") ?? "."}/.cache`}/torch`;
  return `${home}/hub/checkpoints`;
}

function exists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/** A safetensors file's tensors, read synchronously (model constructors are synchronous, as torchvision's). */
export function loadSafetensorsSync(path: string): Record<string, Tensor> {
  return torch.safetensors.load(Deno.readFileSync(path));
}

/** A weights enum (torchvision's `XXX_Weights`): its members by name, and DEFAULT. */
export type WeightsEnum = Record<string, Weights> & { DEFAULT: Weights };

/** Builds a weights enum from its members; DEFAULT is the last (torchvision's choice: the best). */
export function weightsEnum(...members: Weights[]): WeightsEnum {
  const e: Record<string, Weights> = {};
  for (const m of members) e[m.name] = m;
  e.DEFAULT = members[members.length - 1];
  return Object.freeze(e) as WeightsEnum;
}

/** What a model factory's `weights` option takes: a member, its name ("DEFAULT", "IMAGENET1K_V1"), a safetensors path, a state dict, or null. */
export type WeightsArg = Weights | string | Record<string, Tensor> | null;

/** Resolves `weights` to a state dict (null for none). */
export function resolveWeights(
  model: string,
  arg: WeightsArg | undefined,
  e: WeightsEnum,
): Record<string, Tensor> | null {
  if (arg === null || arg === undefined) return null;
  if (arg instanceof Weights) return arg.getStateDict();
  if (typeof arg === "string") {
    if (Object.hasOwn(e, arg)) return e[arg].getStateDict();
    if (/\.safetensors$/.test(arg)) return loadSafetensorsSync(arg);
    throw new TypeError(
      `${model}: weights '${arg}' is neither one of ${Object.keys(e).join(", ")} nor a .safetensors file`,
    );
  }
  if (typeof arg === "object") return arg;
  throw new TypeError(`${model}: weights must be a Weights entry, a name, a .safetensors path or a state dict`);
}
