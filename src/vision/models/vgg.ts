/** VGG (torchvision.models.vgg11/vgg11_bn/vgg16/vgg16_bn): layers, state-dict keys and forward as torchvision's. */
import * as nn from "../../nn/mod.ts";
import type { torch } from "../../torch/mod.ts";
import { initWeights } from "./init_weights.ts";
import { checkOptions, type ModelOptions } from "./model_options.ts";
import { imagenet, resolveWeights, type WeightsEnum, weightsEnum } from "./weights.ts";

/** torchvision's layer configurations: channels of each 3x3 convolution, "M" a 2x2 max pool. */
export const VGG_CFGS: Record<"A" | "B" | "D" | "E", (number | "M")[]> = {
  A: [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
  B: [64, 64, "M", 128, 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
  D: [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"],
  E: [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M", 512, 512, 512, 512, "M"],
};

/** torchvision's make_layers: the `features` Sequential of a configuration. */
export function makeLayers(cfg: (number | "M")[], batchNorm = false): nn.Sequential {
  const layers: nn.Module[] = [];
  let inChannels = 3;
  for (const v of cfg) {
    if (v === "M") layers.push(new nn.MaxPool2d(2, { stride: 2 }));
    else {
      layers.push(new nn.Conv2d(inChannels, v, 3, { padding: 1 }));
      if (batchNorm) layers.push(new nn.BatchNorm2d(v));
      layers.push(new nn.ReLU({ inplace: true }));
      inChannels = v;
    }
  }
  return new nn.Sequential(...layers);
}

/**
 * VGG: `features` (from makeLayers), `avgpool` (7x7) and `classifier`.
 *
 * @example
 * ```ts
 * import { vision } from "../../../mod.ts";
 * const features = vision.models.makeLayers([8, "M", 16, "M"], true);
 * const m = new vision.models.VGG(features, { numClasses: 10 });
 * console.log(Object.keys(m.stateDict()).slice(0, 3)); // ["features.0.weight", "features.0.bias", "features.1.weight"]
 * ```
 */
export class VGG extends nn.Module {
  features: nn.Module;
  avgpool: nn.AdaptiveAvgPool2d;
  classifier: nn.Sequential;
  constructor(features: nn.Module, opts: { numClasses?: number; initWeights?: boolean; dropout?: number } = {}) {
    super();
    checkOptions("VGG", opts, ["numClasses", "initWeights", "dropout"]);
    const numClasses = opts.numClasses ?? 1000, p = opts.dropout ?? 0.5;
    this.features = features;
    this.avgpool = new nn.AdaptiveAvgPool2d([7, 7]);
    // the classifier's input width is the last convolution's channels (512 in torchvision's configurations)
    let last = 512;
    for (const m of features.modules()) if (m instanceof nn.Conv2d) last = m.outChannels;
    this.classifier = new nn.Sequential(
      new nn.Linear(last * 7 * 7, 4096),
      new nn.ReLU({ inplace: true }),
      new nn.Dropout(p),
      new nn.Linear(4096, 4096),
      new nn.ReLU({ inplace: true }),
      new nn.Dropout(p),
      new nn.Linear(4096, numClasses),
    );
    if (opts.initWeights ?? true) initWeights(this, "normal");
  }
  override forward(x: torch.Tensor): torch.Tensor {
    return this.classifier.forward(this.avgpool.forward(this.features.forward(x)).flatten(1));
  }
}

/** torchvision's VGG11_Weights. */
export const VGG11_Weights = weightsEnum(
  imagenet("IMAGENET1K_V1", "vgg11-8a719046.pth", 132863336, 69.02, 88.628),
);
/** torchvision's VGG11_BN_Weights. */
export const VGG11_BN_Weights = weightsEnum(
  imagenet("IMAGENET1K_V1", "vgg11_bn-6002323d.pth", 132868840, 70.37, 89.81),
);
/** torchvision's VGG16_Weights. */
export const VGG16_Weights = weightsEnum(
  imagenet("IMAGENET1K_V1", "vgg16-397923af.pth", 138357544, 71.592, 90.382),
);
/** torchvision's VGG16_BN_Weights. */
export const VGG16_BN_Weights = weightsEnum(
  imagenet("IMAGENET1K_V1", "vgg16_bn-6c64b313.pth", 138365992, 73.36, 91.516),
);

/** A VGG configuration as its own class: `new VGG16({ weights, numClasses })`. */
function variant(name: string, cfg: "A" | "D", bn: boolean, e: WeightsEnum) {
  return class extends VGG {
    constructor(opts: ModelOptions & { dropout?: number } = {}) {
      checkOptions(name, opts, ["weights", "progress", "numClasses", "dropout"]);
      const { weights, progress: _p, ...rest } = opts;
      const sd = resolveWeights(name, weights, e);
      // pretrained weights overwrite every parameter: skip the random initialization then
      super(makeLayers(VGG_CFGS[cfg], bn), { ...rest, initWeights: sd === null });
      if (sd) this.loadStateDict(sd);
    }
  };
}

/** VGG-11 (configuration A); options as vgg11's. */
export const VGG11 = variant("vgg11", "A", false, VGG11_Weights);
/** VGG-11 with batch norm. */
export const VGG11BN = variant("vgg11_bn", "A", true, VGG11_BN_Weights);
/** VGG-16 (configuration D). */
export const VGG16 = variant("vgg16", "D", false, VGG16_Weights);
/** VGG-16 with batch norm. */
export const VGG16BN = variant("vgg16_bn", "D", true, VGG16_BN_Weights);

/** torchvision.models.vgg11: VGG-11, with `weights` loaded when given. */
export function vgg11(opts: ModelOptions & { dropout?: number } = {}): VGG {
  return new VGG11(opts);
}
/** torchvision.models.vgg11_bn. */
export function vgg11Bn(opts: ModelOptions & { dropout?: number } = {}): VGG {
  return new VGG11BN(opts);
}
/** torchvision.models.vgg16. */
export function vgg16(opts: ModelOptions & { dropout?: number } = {}): VGG {
  return new VGG16(opts);
}
/** torchvision.models.vgg16_bn. */
export function vgg16Bn(opts: ModelOptions & { dropout?: number } = {}): VGG {
  return new VGG16BN(opts);
}
