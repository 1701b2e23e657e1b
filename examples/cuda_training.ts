/**
 * The Fashion-MNIST CNN (examples/fashion_mnist_cnn.ts) trained on a GPU:
 * the model and every batch moved with `.to(device)`, as in PyTorch's
 * tutorial. On a machine without a usable GPU it says why and exits 0.
 *
 *   deno run -A examples/cuda_training.ts                       # 1 epoch
 *   DENDRITE_EXAMPLE_QUICK=1 deno run -A examples/cuda_training.ts   # a small subset
 */
import { data, nn, optim, torch, vision } from "../mod.ts";
import { FASHION_MEAN, FASHION_STD, FashionCNN } from "./fashion_mnist_cnn.ts";
import { quick } from "./quick.ts";

type T = torch.Tensor;

function main(): void {
  if (!torch.cuda.isAvailable()) {
    console.log(`No CUDA GPU here (${torch.cuda.unavailableReason()}): nothing to train on the GPU.`);
    console.log("examples/fashion_mnist_cnn.ts trains the same model on the CPU.");
    return;
  }
  const device = torch.device("cuda");
  console.log(`training on ${torch.cuda.getDeviceName(0)}`);
  torch.manualSeed(0);
  const T = vision.transforms;
  const transform = new T.Compose([new T.ToTensor(), new T.Normalize([FASHION_MEAN], [FASHION_STD])]);
  let train: data.Dataset<unknown> = new vision.datasets.FashionMNIST("data", { train: true, transform });
  let test: data.Dataset<unknown> = new vision.datasets.FashionMNIST("data", { train: false, transform });
  if (quick) {
    [train, test] = [new data.Subset(train, [...Array(2048).keys()]), new data.Subset(test, [...Array(512).keys()])];
  }

  const model = new FashionCNN().to(device);
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const lossFn = new nn.CrossEntropyLoss();
  const loader = new data.DataLoader(train, { batchSize: 256, shuffle: true, pinMemory: true });
  model.train();
  const t0 = performance.now();
  let step = 0;
  for (const [x, y] of loader as Iterable<[T, T]>) {
    const loss = torch.tidy(() => {
      opt.zeroGrad();
      const l = lossFn.forward(model.forward(x.to(device, { nonBlocking: true })), y.to(device));
      l.backward();
      opt.step();
      // reading the loss waits for the GPU: only every 50 steps
      return step % 50 === 0 ? (l.item() as number) : null;
    });
    if (loss !== null) console.log(`step ${step} loss ${loss.toFixed(4)}`);
    step++;
  }
  torch.cuda.synchronize();
  const secs = (performance.now() - t0) / 1000;
  console.log(`${step} steps in ${secs.toFixed(1)} s; device memory held: ${torch.cuda.memoryAllocated()} bytes`);

  model.eval();
  let correct = 0, total = 0;
  torch.noGrad(() => {
    for (const [x, y] of new data.DataLoader(test, { batchSize: 500 }) as Iterable<[T, T]>) {
      torch.tidy(() => {
        correct += Number(model.forward(x.to(device)).argmax(1).cpu().eq(y).sum().item());
        total += y.shape[0];
      });
    }
  });
  console.log(`test accuracy after 1 epoch: ${(100 * correct / total).toFixed(2)}% of ${total} images`);
}

if (import.meta.main) main();
