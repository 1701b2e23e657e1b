/**
 * The tutorial's convolutional network on Fashion-MNIST: two 3x3
 * convolutions (32 and 64 channels) with max pooling, a 128-unit hidden
 * layer, dropout, Adam. `deno task demo` trains the same model with
 * logging, plots and a checkpoint; this file is the bare loop.
 *
 *   deno run -A examples/fashion_mnist_cnn.ts        # 1 epoch on the full data
 *   DENDRITE_EXAMPLE_QUICK=1 deno run -A examples/fashion_mnist_cnn.ts   # a small subset
 */
import { data, nn, optim, torch, vision } from "../mod.ts";
import { quick } from "./quick.ts";

type T = torch.Tensor;

/** conv32-conv64-fc128 with dropout: the demo's model (PyTorch's MNIST example, 3x3 same-padded convolutions). */
export class FashionCNN extends nn.Module {
  conv1 = new nn.Conv2d(1, 32, 3, { padding: 1 });
  conv2 = new nn.Conv2d(32, 64, 3, { padding: 1 });
  dropout1 = new nn.Dropout(0.25);
  fc1 = new nn.Linear(64 * 7 * 7, 128);
  dropout2 = new nn.Dropout(0.5);
  fc2 = new nn.Linear(128, 10);
  override forward(x: T): T {
    x = nn.F.maxPool2d(this.conv1.forward(x).relu(), 2); // 32 x 14 x 14
    x = nn.F.maxPool2d(this.conv2.forward(x).relu(), 2); // 64 x 7 x 7
    x = this.dropout1.forward(x.flatten(1));
    x = this.dropout2.forward(this.fc1.forward(x).relu());
    return this.fc2.forward(x);
  }
}

/** Fashion-MNIST's pixel mean and standard deviation (training set), for Normalize. */
export const FASHION_MEAN = 0.2860, FASHION_STD = 0.3530;

function main(): void {
  torch.manualSeed(0);
  const T = vision.transforms;
  const transform = new T.Compose([new T.ToTensor(), new T.Normalize([FASHION_MEAN], [FASHION_STD])]);
  let train: data.Dataset<unknown> = new vision.datasets.FashionMNIST("data", { train: true, transform });
  let test: data.Dataset<unknown> = new vision.datasets.FashionMNIST("data", { train: false, transform });
  if (quick) {
    [train, test] = [new data.Subset(train, [...Array(512).keys()]), new data.Subset(test, [...Array(256).keys()])];
  }

  const model = new FashionCNN();
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const lossFn = new nn.CrossEntropyLoss();
  const loader = new data.DataLoader(train, { batchSize: 64, shuffle: true });
  model.train();
  let step = 0;
  for (const [x, y] of loader as Iterable<[T, T]>) {
    const loss = torch.tidy(() => {
      opt.zeroGrad();
      const l = lossFn.forward(model.forward(x), y);
      l.backward();
      opt.step();
      return l.item() as number;
    });
    if (step++ % 100 === 0) console.log(`step ${step} loss ${loss.toFixed(4)}`);
  }
  model.eval();
  let correct = 0, total = 0;
  torch.noGrad(() => {
    for (const [x, y] of new data.DataLoader(test, { batchSize: 500 }) as Iterable<[T, T]>) {
      torch.tidy(() => {
        correct += Number(model.forward(x).argmax(1).eq(y).sum().item());
        total += y.shape[0];
      });
    }
  });
  console.log(`test accuracy after 1 epoch: ${(100 * correct / total).toFixed(2)}% of ${total} images`);
}

if (import.meta.main) main();
