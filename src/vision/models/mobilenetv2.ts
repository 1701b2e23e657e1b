/** MobileNetV2 (torchvision.models.mobilenet_v2): blocks, state-dict keys and forward as torchvision's. */
import * as nn from "../../nn/mod.ts";
import type { torch } from "../../torch/mod.ts";
import { initWeights } from "./init_weights.ts";
import { checkOptions, type ModelOptions } from "./model_options.ts";
import { imagenet, resolveWeights, weightsEnum } from "./weights.ts";

type Tensor = torch.Tensor;

/** torchvision's _make_divisible: `v` rounded to a multiple of `divisor`, never below 90% of it. */
export function makeDivisible(v: number, divisor: number, minValue: number | null = null): number {
  const min = minValue ?? divisor;
  let n = Math.max(min, Math.floor(v + divisor / 2) - (Math.floor(v + divisor / 2) % divisor));
  if (n < 0.9 * v) n += divisor;
  return n;
}

/**
 * torchvision.ops.Conv2dNormActivation with BatchNorm2d and ReLU6: a
 * Sequential of the bias-free convolution (padding (k-1)/2), the norm and
 * the activation, keyed 0, 1, 2.
 */
export class Conv2dNormActivation extends nn.Sequential {
  readonly outChannels: number;
  constructor(inC: number, outC: number, opts: { kernelSize?: number; stride?: number; groups?: number } = {}) {
    const k = opts.kernelSize ?? 3;
    super(
      new nn.Conv2d(inC, outC, k, {
        stride: opts.stride ?? 1,
        padding: (k - 1) >> 1,
        groups: opts.groups ?? 1,
        bias: false,
      }),
      new nn.BatchNorm2d(outC),
      new nn.ReLU6({ inplace: true }),
    );
    this.outChannels = outC;
  }
}

/** MobileNetV2's inverted residual block: expand (1x1), depthwise 3x3, project (1x1), shortcut when shapes allow. */
export class InvertedResidual extends nn.Module {
  readonly stride: number;
  readonly useResConnect: boolean;
  conv: nn.Sequential;
  readonly outChannels: number;
  constructor(inp: number, oup: number, stride: number, expandRatio: number) {
    super();
    if (stride !== 1 && stride !== 2) throw new RangeError(`stride should be 1 or 2 instead of ${stride}`);
    this.stride = stride;
    const hidden = Math.round(inp * expandRatio);
    this.useResConnect = stride === 1 && inp === oup;
    const layers: nn.Module[] = [];
    if (expandRatio !== 1) layers.push(new Conv2dNormActivation(inp, hidden, { kernelSize: 1 }));
    layers.push(
      new Conv2dNormActivation(hidden, hidden, { stride, groups: hidden }),
      new nn.Conv2d(hidden, oup, 1, { stride: 1, padding: 0, bias: false }),
      new nn.BatchNorm2d(oup),
    );
    this.conv = new nn.Sequential(...layers);
    this.outChannels = oup;
  }
  override forward(x: Tensor): Tensor {
    const y = this.conv.forward(x);
    return this.useResConnect ? y.add_(x) : y;
  }
}

/** torchvision's default settings: [expansion t, channels c, repeats n, first stride s]. */
const SETTINGS: [number, number, number, number][] = [
  [1, 16, 1, 1],
  [6, 24, 2, 2],
  [6, 32, 3, 2],
  [6, 64, 4, 2],
  [6, 96, 3, 1],
  [6, 160, 3, 2],
  [6, 320, 1, 1],
];

/** MobileNetV2's options (torchvision's keywords). */
export interface MobileNetV2Options {
  numClasses?: number;
  widthMult?: number;
  invertedResidualSetting?: [number, number, number, number][] | null;
  roundNearest?: number;
  dropout?: number;
}
const MNV2_OPTS = ["numClasses", "widthMult", "invertedResidualSetting", "roundNearest", "dropout"];

/**
 * MobileNetV2: `features` (the stem, the inverted residual blocks and the
 * 1x1 head) and `classifier` (dropout, linear), as torchvision's.
 *
 * @example
 * ```ts
 * import { torch, vision } from "../../../mod.ts";
 * const m = new vision.models.MobileNetV2({ numClasses: 10, widthMult: 0.25 }).eval();
 * console.log(m.forward(torch.randn(1, 3, 32, 32)).shape); // [1, 10]
 * ```
 */
export class MobileNetV2 extends nn.Module {
  features: nn.Sequential;
  classifier: nn.Sequential;
  readonly lastChannel: number;
  constructor(opts: MobileNetV2Options = {}) {
    super();
    checkOptions("MobileNetV2", opts, MNV2_OPTS);
    const widthMult = opts.widthMult ?? 1, round = opts.roundNearest ?? 8;
    const setting = opts.invertedResidualSetting ?? SETTINGS;
    if (setting.length === 0 || setting.some((s) => s.length !== 4)) {
      throw new RangeError(
        `inverted_residual_setting should be non-empty and a 4-element list, got ${JSON.stringify(setting)}`,
      );
    }
    let inputChannel = makeDivisible(32 * widthMult, round);
    this.lastChannel = makeDivisible(1280 * Math.max(1, widthMult), round);
    const features: nn.Module[] = [new Conv2dNormActivation(3, inputChannel, { stride: 2 })];
    for (const [t, c, n, s] of setting) {
      const out = makeDivisible(c * widthMult, round);
      for (let i = 0; i < n; i++) {
        features.push(new InvertedResidual(inputChannel, out, i === 0 ? s : 1, t));
        inputChannel = out;
      }
    }
    features.push(new Conv2dNormActivation(inputChannel, this.lastChannel, { kernelSize: 1 }));
    this.features = new nn.Sequential(...features);
    this.classifier = new nn.Sequential(
      new nn.Dropout(opts.dropout ?? 0.2),
      new nn.Linear(this.lastChannel, opts.numClasses ?? 1000),
    );
    initWeights(this, "normal");
  }
  override forward(x: Tensor): Tensor {
    const y = nn.functional.adaptiveAvgPool2d(this.features.forward(x), [1, 1]);
    return this.classifier.forward(y.flatten(1));
  }
}

/** torchvision's MobileNet_V2_Weights. */
export const MobileNet_V2_Weights = weightsEnum(
  imagenet("IMAGENET1K_V1", "mobilenet_v2-b0353104.pth", 3504872, 71.878, 90.286),
  imagenet("IMAGENET1K_V2", "mobilenet_v2-7ebf99e0.pth", 3504872, 72.154, 90.822),
);

/** torchvision.models.mobilenet_v2: MobileNetV2, with `weights` loaded when given. */
export function mobilenetV2(opts: ModelOptions & MobileNetV2Options = {}): MobileNetV2 {
  checkOptions("mobilenet_v2", opts, ["weights", "progress", ...MNV2_OPTS]);
  const { weights, progress: _p, ...rest } = opts;
  const sd = resolveWeights("mobilenet_v2", weights, MobileNet_V2_Weights);
  const model = new MobileNetV2(rest);
  if (sd) model.loadStateDict(sd);
  return model;
}
