/**
 * A multilayer perceptron on Fashion-MNIST, as in the tutorial: Dataset
 * and transforms, a shuffled DataLoader, nn.Sequential, SGD with momentum,
 * model.train()/eval(), accuracy on the test set after every epoch.
 *
 *   deno run -A examples/fashion_mnist_mlp.ts            # 3 epochs (about 86% test accuracy)
 *   DENDRITE_EXAMPLE_QUICK=1 deno run -A examples/fashion_mnist_mlp.ts   # a small subset, 1 epoch
 */
import { data, nn, optim, torch, vision } from "../mod.ts";
import { FASHION_MEAN, FASHION_STD } from "./fashion_mnist_cnn.ts";
import { quick } from "./quick.ts";

type T = torch.Tensor;
const EPOCHS = quick ? 1 : 3;

torch.manualSeed(0);
const Tr = vision.transforms;
const transform = new Tr.Compose([new Tr.ToTensor(), new Tr.Normalize([FASHION_MEAN], [FASHION_STD])]);
let train: data.Dataset<unknown> = new vision.datasets.FashionMNIST("data", { train: true, transform });
let test: data.Dataset<unknown> = new vision.datasets.FashionMNIST("data", { train: false, transform });
if (quick) {
  [train, test] = [new data.Subset(train, [...Array(1024).keys()]), new data.Subset(test, [...Array(500).keys()])];
}

const model = new nn.Sequential(
  new nn.Flatten(),
  new nn.Linear(784, 300),
  new nn.ReLU(),
  new nn.Linear(300, 100),
  new nn.ReLU(),
  new nn.Linear(100, 10),
);
const opt = new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
const lossFn = new nn.CrossEntropyLoss();
const trainLoader = new data.DataLoader(train, { batchSize: 64, shuffle: true });
const testLoader = new data.DataLoader(test, { batchSize: 1000 });

for (let epoch = 1; epoch <= EPOCHS; epoch++) {
  model.train();
  let lossSum = 0, n = 0;
  for (const [x, y] of trainLoader as Iterable<[T, T]>) {
    lossSum += torch.tidy(() => {
      opt.zeroGrad();
      const loss = lossFn.forward(model.forward(x), y);
      loss.backward();
      opt.step();
      return (loss.item() as number) * y.shape[0];
    });
    n += y.shape[0];
  }
  model.eval();
  let correct = 0, total = 0;
  torch.noGrad(() => {
    for (const [x, y] of testLoader as Iterable<[T, T]>) {
      correct += torch.tidy(() => Number(model.forward(x).argmax(1).eq(y).sum().item()));
      total += y.shape[0];
    }
  });
  console.log(
    `epoch ${epoch}: train loss ${(lossSum / n).toFixed(4)}, test accuracy ${(100 * correct / total).toFixed(2)}%`,
  );
}
