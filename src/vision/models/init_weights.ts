/** The initialization torchvision's model constructors apply after building their layers. */
import * as nn from "../../nn/mod.ts";

/**
 * Kaiming-normal (fan_out, relu) convolutions with zero bias, batch norms
 * at weight 1 and bias 0, and linear layers either left at PyTorch's
 * default or drawn from N(0, 0.01) with zero bias (VGG and MobileNetV2);
 * in module order, as torchvision's loops draw them.
 */
export function initWeights(model: nn.Module, linear: "default" | "normal"): void {
  for (const m of model.modules()) {
    if (m instanceof nn.Conv2d) {
      nn.init.kaimingNormal_(m.weight, { mode: "fan_out", nonlinearity: "relu" });
      if (m.bias) nn.init.zeros_(m.bias);
    } else if (m instanceof nn.BatchNorm2d) {
      nn.init.ones_(m.weight!);
      nn.init.zeros_(m.bias!);
    } else if (m instanceof nn.Linear && linear === "normal") {
      nn.init.normal_(m.weight, 0, 0.01);
      if (m.bias) nn.init.zeros_(m.bias);
    }
  }
}
