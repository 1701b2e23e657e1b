/** AlexNet (torchvision.models.alexnet): layers, state-dict keys and forward as torchvision's. */
import * as nn from "../../nn/mod.ts";
import type { torch } from "../../torch/mod.ts";
import { checkOptions, type ModelOptions } from "./model_options.ts";
import { imagenet, resolveWeights, weightsEnum } from "./weights.ts";

/** torchvision's AlexNet_Weights. */
export const AlexNet_Weights = weightsEnum(
  imagenet("IMAGENET1K_V1", "alexnet-owt-7be5be79.pth", 61100840, 56.522, 79.066),
);

/**
 * AlexNet ("One weird trick" variant, as torchvision): `features`,
 * `avgpool` (6x6) and `classifier`.
 *
 * @example
 * ```ts
 * import { torch, vision } from "../../../mod.ts";
 * const m = new vision.models.AlexNet({ numClasses: 10 }).eval();
 * console.log(m.forward(torch.randn(1, 3, 64, 64)).shape); // [1, 10]
 * ```
 */
export class AlexNet extends nn.Module {
  features: nn.Sequential;
  avgpool: nn.AdaptiveAvgPool2d;
  classifier: nn.Sequential;
  constructor(opts: { numClasses?: number; dropout?: number } = {}) {
    super();
    checkOptions("AlexNet", opts, ["numClasses", "dropout"]);
    const numClasses = opts.numClasses ?? 1000, p = opts.dropout ?? 0.5;
    const relu = () => new nn.ReLU({ inplace: true });
    this.features = new nn.Sequential(
      new nn.Conv2d(3, 64, 11, { stride: 4, padding: 2 }),
      relu(),
      new nn.MaxPool2d(3, 2),
      new nn.Conv2d(64, 192, 5, { padding: 2 }),
      relu(),
      new nn.MaxPool2d(3, 2),
      new nn.Conv2d(192, 384, 3, { padding: 1 }),
      relu(),
      new nn.Conv2d(384, 256, 3, { padding: 1 }),
      relu(),
      new nn.Conv2d(256, 256, 3, { padding: 1 }),
      relu(),
      new nn.MaxPool2d(3, 2),
    );
    this.avgpool = new nn.AdaptiveAvgPool2d([6, 6]);
    this.classifier = new nn.Sequential(
      new nn.Dropout(p),
      new nn.Linear(256 * 6 * 6, 4096),
      relu(),
      new nn.Dropout(p),
      new nn.Linear(4096, 4096),
      relu(),
      new nn.Linear(4096, numClasses),
    );
  }
  override forward(x: torch.Tensor): torch.Tensor {
    return this.classifier.forward(this.avgpool.forward(this.features.forward(x)).flatten(1));
  }
}

/** torchvision.models.alexnet: AlexNet, with `weights` loaded when given. */
export function alexnet(opts: ModelOptions & { dropout?: number } = {}): AlexNet {
  checkOptions("alexnet", opts, ["weights", "progress", "numClasses", "dropout"]);
  const { weights, progress: _p, ...rest } = opts;
  const sd = resolveWeights("alexnet", weights, AlexNet_Weights);
  const model = new AlexNet(rest);
  if (sd) model.loadStateDict(sd);
  return model;
}
