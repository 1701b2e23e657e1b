/**
 * `vision.models` (torchvision.models): AlexNet, VGG11/VGG16 (with and
 * without batch norm), ResNet18/34/50 and MobileNetV2 with torchvision's
 * layers and state-dict keys, so torchvision's weights exported to
 * safetensors load and give torchvision's outputs.
 *
 * @example
 * ```ts
 * import { torch, vision } from "../../../mod.ts";
 * const path = await Deno.makeTempFile({ suffix: ".safetensors" });
 * await torch.save(vision.models.resnet18({ numClasses: 4 }).stateDict(), path);
 * const m = vision.models.resnet18({ weights: path, numClasses: 4 }).eval();
 * console.log(m.forward(torch.randn(1, 3, 32, 32)).shape); // [1, 4]
 * ```
 * @module
 */
import { AlexNet, alexnet, AlexNet_Weights } from "./alexnet.ts";
import {
  Conv2dNormActivation,
  InvertedResidual,
  makeDivisible,
  MobileNet_V2_Weights,
  MobileNetV2,
  mobilenetV2,
} from "./mobilenetv2.ts";
import {
  BasicBlock,
  Bottleneck,
  ResNet,
  ResNet18,
  resnet18,
  ResNet18_Weights,
  ResNet34,
  resnet34,
  ResNet34_Weights,
  ResNet50,
  resnet50,
  ResNet50_Weights,
} from "./resnet.ts";
import {
  makeLayers,
  VGG,
  VGG11,
  vgg11,
  VGG11_BN_Weights,
  VGG11_Weights,
  VGG11BN,
  vgg11Bn,
  VGG16,
  vgg16,
  VGG16_BN_Weights,
  VGG16_Weights,
  VGG16BN,
  vgg16Bn,
  VGG_CFGS,
} from "./vgg.ts";
import { hubCheckpoints, Weights } from "./weights.ts";

/** torchvision.models: classes, factories (torchvision's names in camelCase) and weight entries. */
export const models = {
  AlexNet,
  alexnet,
  AlexNet_Weights,
  VGG,
  makeLayers,
  VGG_CFGS,
  VGG11,
  VGG11BN,
  VGG16,
  VGG16BN,
  vgg11,
  vgg11Bn,
  vgg16,
  vgg16Bn,
  VGG11_Weights,
  VGG11_BN_Weights,
  VGG16_Weights,
  VGG16_BN_Weights,
  ResNet,
  BasicBlock,
  Bottleneck,
  ResNet18,
  ResNet34,
  ResNet50,
  resnet18,
  resnet34,
  resnet50,
  ResNet18_Weights,
  ResNet34_Weights,
  ResNet50_Weights,
  MobileNetV2,
  mobilenetV2,
  MobileNet_V2_Weights,
  InvertedResidual,
  Conv2dNormActivation,
  makeDivisible,
  Weights,
  hubCheckpoints,
};
