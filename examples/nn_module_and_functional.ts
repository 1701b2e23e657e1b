/**
 * nn.Module against nn.functional, as in the tutorial: layers with
 * parameters as modules (registered automatically, moved by .to(), saved
 * by stateDict), parameter-free steps as functions; nn.Sequential; dropout
 * that follows train()/eval() as a module but not as a function unless
 * told; the same layer written both ways gives the same result.
 *
 *   deno run -A examples/nn_module_and_functional.ts
 */
import { nn, torch } from "../mod.ts";

const F = nn.F;
torch.manualSeed(0);

// a network from nn.Module: layers with weights as members, activations and pooling as functions
class Net extends nn.Module {
  conv = new nn.Conv2d(1, 6, 3, { padding: 1 });
  fc = new nn.Linear(6 * 14 * 14, 10);
  dropout = new nn.Dropout(0.5);
  override forward(x: torch.Tensor): torch.Tensor {
    x = F.maxPool2d(F.relu(this.conv.forward(x)), 2);
    return this.fc.forward(this.dropout.forward(x.flatten(1)));
  }
}
const net = new Net();
console.log(net.toString());
for (const [name, p] of net.namedParameters()) console.log(name, p.shape, p.requiresGrad);
console.log("parameters:", net.numParameters(), "state dict keys:", Object.keys(net.stateDict()));

// the same model as nn.Sequential, built from modules only
const seq = new nn.Sequential(
  new nn.Conv2d(1, 6, 3, { padding: 1 }),
  new nn.ReLU(),
  new nn.MaxPool2d(2),
  new nn.Flatten(),
  new nn.Dropout(0.5),
  new nn.Linear(6 * 14 * 14, 10),
);
seq.loadStateDict({
  "0.weight": net.conv.weight,
  "0.bias": net.conv.bias!,
  "5.weight": net.fc.weight,
  "5.bias": net.fc.bias!,
});
const img = torch.randn(4, 1, 28, 28);
net.eval();
seq.eval(); // dropout off in both
console.log("module == sequential:", torch.allclose(net.forward(img), seq.forward(img)));

// the functional form needs the weights passed in by hand
const byHand = F.linear(
  F.maxPool2d(F.relu(F.conv2d(img, net.conv.weight, net.conv.bias, { padding: 1 })), 2).flatten(1),
  net.fc.weight,
  net.fc.bias,
);
console.log("functional == module:", torch.allclose(byHand, net.forward(img), { atol: 1e-6 }));

// dropout: the module follows train()/eval(); F.dropout follows its training argument
const ones = torch.ones(1, 8);
const drop = new nn.Dropout(0.5);
console.log(drop.forward(ones), drop.eval().forward(ones));
console.log(F.dropout(ones, 0.5), F.dropout(ones, 0.5, { training: false }));

// losses both ways, and backward through the module fills every parameter's grad
const target = torch.tensor([1, 0, 4, 9]);
const loss = new nn.CrossEntropyLoss().forward(net.forward(img), target); // net is still in eval mode
console.log(loss, torch.allclose(loss, F.crossEntropy(byHand, target)));
loss.backward();
console.log(net.parameters().every((p) => p.grad !== null));
