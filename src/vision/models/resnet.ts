/** ResNet (torchvision.models.resnet18/34/50): blocks, state-dict keys and forward as torchvision's. */
import * as nn from "../../nn/mod.ts";
import type { torch } from "../../torch/mod.ts";
import { initWeights } from "./init_weights.ts";
import { checkOptions, type ModelOptions } from "./model_options.ts";
import { imagenet, resolveWeights, type WeightsEnum, weightsEnum } from "./weights.ts";

type Tensor = torch.Tensor;

const conv3x3 = (i: number, o: number, stride = 1, groups = 1, dilation = 1) =>
  new nn.Conv2d(i, o, 3, { stride, padding: dilation, groups, bias: false, dilation });
const conv1x1 = (i: number, o: number, stride = 1) => new nn.Conv2d(i, o, 1, { stride, bias: false });

/** What a block's constructor takes (torchvision's BasicBlock/Bottleneck arguments). */
export interface BlockArgs {
  inplanes: number;
  planes: number;
  stride: number;
  downsample: nn.Module | null;
  groups: number;
  baseWidth: number;
  dilation: number;
}

/** ResNet18/34's block: two 3x3 convolutions and the shortcut. */
export class BasicBlock extends nn.Module {
  static readonly expansion = 1;
  conv1: nn.Conv2d;
  bn1: nn.BatchNorm2d;
  relu = new nn.ReLU({ inplace: true });
  conv2: nn.Conv2d;
  bn2: nn.BatchNorm2d;
  downsample: nn.Module | null;
  readonly stride: number;
  constructor(a: BlockArgs) {
    super();
    if (a.groups !== 1 || a.baseWidth !== 64) {
      throw new RangeError("BasicBlock only supports groups=1 and base_width=64");
    }
    if (a.dilation > 1) throw new RangeError("Dilation > 1 not supported in BasicBlock");
    this.conv1 = conv3x3(a.inplanes, a.planes, a.stride);
    this.bn1 = new nn.BatchNorm2d(a.planes);
    this.conv2 = conv3x3(a.planes, a.planes);
    this.bn2 = new nn.BatchNorm2d(a.planes);
    this.downsample = a.downsample;
    this.stride = a.stride;
  }
  override forward(x: Tensor): Tensor {
    const identity = this.downsample ? this.downsample.forward(x) : x;
    const out = this.bn2.forward(this.conv2.forward(this.relu.forward(this.bn1.forward(this.conv1.forward(x)))));
    return this.relu.forward(out.add_(identity));
  }
}

/** ResNet50's block (v1.5: the stride on the 3x3 convolution): 1x1, 3x3, 1x1 and the shortcut. */
export class Bottleneck extends nn.Module {
  static readonly expansion = 4;
  conv1: nn.Conv2d;
  bn1: nn.BatchNorm2d;
  conv2: nn.Conv2d;
  bn2: nn.BatchNorm2d;
  conv3: nn.Conv2d;
  bn3: nn.BatchNorm2d;
  relu = new nn.ReLU({ inplace: true });
  downsample: nn.Module | null;
  readonly stride: number;
  constructor(a: BlockArgs) {
    super();
    const width = Math.floor(a.planes * (a.baseWidth / 64)) * a.groups;
    this.conv1 = conv1x1(a.inplanes, width);
    this.bn1 = new nn.BatchNorm2d(width);
    this.conv2 = conv3x3(width, width, a.stride, a.groups, a.dilation);
    this.bn2 = new nn.BatchNorm2d(width);
    this.conv3 = conv1x1(width, a.planes * Bottleneck.expansion);
    this.bn3 = new nn.BatchNorm2d(a.planes * Bottleneck.expansion);
    this.downsample = a.downsample;
    this.stride = a.stride;
  }
  override forward(x: Tensor): Tensor {
    const identity = this.downsample ? this.downsample.forward(x) : x;
    let out = this.relu.forward(this.bn1.forward(this.conv1.forward(x)));
    out = this.relu.forward(this.bn2.forward(this.conv2.forward(out)));
    out = this.bn3.forward(this.conv3.forward(out));
    return this.relu.forward(out.add_(identity));
  }
}

/** A block class (BasicBlock or Bottleneck). */
export type Block = (typeof BasicBlock | typeof Bottleneck) & { expansion: number };

/** ResNet's options (torchvision's keywords). */
export interface ResNetOptions {
  numClasses?: number;
  zeroInitResidual?: boolean;
  groups?: number;
  widthPerGroup?: number;
  replaceStrideWithDilation?: [boolean, boolean, boolean] | null;
}
const RESNET_OPTS = ["numClasses", "zeroInitResidual", "groups", "widthPerGroup", "replaceStrideWithDilation"];

/**
 * ResNet: `conv1`, `bn1`, `relu`, `maxpool`, `layer1`..`layer4`, `avgpool`
 * and `fc`, as torchvision's.
 *
 * @example
 * ```ts
 * import { torch, vision } from "../../../mod.ts";
 * const m = vision.models.resnet18({ numClasses: 10 }).eval();
 * console.log(m.forward(torch.randn(2, 3, 32, 32)).shape); // [2, 10]
 * ```
 */
export class ResNet extends nn.Module {
  conv1: nn.Conv2d;
  bn1: nn.BatchNorm2d;
  relu = new nn.ReLU({ inplace: true });
  maxpool = new nn.MaxPool2d(3, { stride: 2, padding: 1 });
  layer1: nn.Sequential;
  layer2: nn.Sequential;
  layer3: nn.Sequential;
  layer4: nn.Sequential;
  avgpool = new nn.AdaptiveAvgPool2d([1, 1]);
  fc: nn.Linear;
  #inplanes = 64;
  #dilation = 1;
  readonly #groups: number;
  readonly #baseWidth: number;
  constructor(block: Block, layers: [number, number, number, number], opts: ResNetOptions = {}) {
    super();
    checkOptions("ResNet", opts, RESNET_OPTS);
    const rswd = opts.replaceStrideWithDilation ?? [false, false, false];
    if (rswd.length !== 3) {
      throw new RangeError(`replace_stride_with_dilation should be null or a 3-element tuple, got [${rswd}]`);
    }
    this.#groups = opts.groups ?? 1;
    this.#baseWidth = opts.widthPerGroup ?? 64;
    this.conv1 = new nn.Conv2d(3, 64, 7, { stride: 2, padding: 3, bias: false });
    this.bn1 = new nn.BatchNorm2d(64);
    this.layer1 = this.#makeLayer(block, 64, layers[0]);
    this.layer2 = this.#makeLayer(block, 128, layers[1], 2, rswd[0]);
    this.layer3 = this.#makeLayer(block, 256, layers[2], 2, rswd[1]);
    this.layer4 = this.#makeLayer(block, 512, layers[3], 2, rswd[2]);
    this.fc = new nn.Linear(512 * block.expansion, opts.numClasses ?? 1000);
    initWeights(this, "default");
    if (opts.zeroInitResidual) {
      for (const m of this.modules()) {
        if (m instanceof Bottleneck) nn.init.zeros_(m.bn3.weight!);
        else if (m instanceof BasicBlock) nn.init.zeros_(m.bn2.weight!);
      }
    }
  }
  #makeLayer(block: Block, planes: number, blocks: number, stride = 1, dilate = false): nn.Sequential {
    let downsample: nn.Module | null = null;
    const previousDilation = this.#dilation;
    if (dilate) {
      this.#dilation *= stride;
      stride = 1;
    }
    if (stride !== 1 || this.#inplanes !== planes * block.expansion) {
      downsample = new nn.Sequential(
        conv1x1(this.#inplanes, planes * block.expansion, stride),
        new nn.BatchNorm2d(planes * block.expansion),
      );
    }
    const common = { groups: this.#groups, baseWidth: this.#baseWidth };
    const layers: nn.Module[] = [
      new block({ inplanes: this.#inplanes, planes, stride, downsample, ...common, dilation: previousDilation }),
    ];
    this.#inplanes = planes * block.expansion;
    for (let i = 1; i < blocks; i++) {
      layers.push(
        new block({
          inplanes: this.#inplanes,
          planes,
          stride: 1,
          downsample: null,
          ...common,
          dilation: this.#dilation,
        }),
      );
    }
    return new nn.Sequential(...layers);
  }
  override forward(x: Tensor): Tensor {
    x = this.maxpool.forward(this.relu.forward(this.bn1.forward(this.conv1.forward(x))));
    x = this.layer4.forward(this.layer3.forward(this.layer2.forward(this.layer1.forward(x))));
    return this.fc.forward(this.avgpool.forward(x).flatten(1));
  }
}

/** torchvision's ResNet18_Weights. */
export const ResNet18_Weights = weightsEnum(
  imagenet("IMAGENET1K_V1", "resnet18-f37072fd.pth", 11689512, 69.758, 89.078),
);
/** torchvision's ResNet34_Weights. */
export const ResNet34_Weights = weightsEnum(
  imagenet("IMAGENET1K_V1", "resnet34-b627a593.pth", 21797672, 73.314, 91.42),
);
/** torchvision's ResNet50_Weights. */
export const ResNet50_Weights = weightsEnum(
  imagenet("IMAGENET1K_V1", "resnet50-0676ba61.pth", 25557032, 76.13, 92.862),
  imagenet("IMAGENET1K_V2", "resnet50-11ad3fa6.pth", 25557032, 80.858, 95.434),
);

/** A ResNet depth as its own class: `new ResNet18({ weights, numClasses })`. */
function variant(name: string, block: Block, layers: [number, number, number, number], e: WeightsEnum) {
  return class extends ResNet {
    constructor(opts: ModelOptions & ResNetOptions = {}) {
      checkOptions(name, opts, ["weights", "progress", ...RESNET_OPTS]);
      const { weights, progress: _p, ...rest } = opts;
      const sd = resolveWeights(name, weights, e);
      super(block, layers, rest);
      if (sd) this.loadStateDict(sd);
    }
  };
}

/** ResNet-18 (BasicBlock, [2, 2, 2, 2]); options as resnet18's. */
export const ResNet18 = variant("resnet18", BasicBlock, [2, 2, 2, 2], ResNet18_Weights);
/** ResNet-34 (BasicBlock, [3, 4, 6, 3]); options as resnet34's. */
export const ResNet34 = variant("resnet34", BasicBlock, [3, 4, 6, 3], ResNet34_Weights);
/** ResNet-50 (Bottleneck, [3, 4, 6, 3]); options as resnet50's. */
export const ResNet50 = variant("resnet50", Bottleneck, [3, 4, 6, 3], ResNet50_Weights);

/** torchvision.models.resnet18: ResNet-18, with `weights` loaded when given. */
export function resnet18(opts: ModelOptions & ResNetOptions = {}): ResNet {
  return new ResNet18(opts);
}
/** torchvision.models.resnet34. */
export function resnet34(opts: ModelOptions & ResNetOptions = {}): ResNet {
  return new ResNet34(opts);
}
/** torchvision.models.resnet50. */
export function resnet50(opts: ModelOptions & ResNetOptions = {}): ResNet {
  return new ResNet50(opts);
}
