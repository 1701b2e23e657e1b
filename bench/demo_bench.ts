/**
 * `deno task demo`'s training loop against the same loop in PyTorch (CPU, 2
 * threads): one step is the next DataLoader batch of 64 real Fashion-MNIST
 * images (shuffled, ToTensor + Normalize) and an Adam step of the
 * conv32-conv64-fc128 CNN with dropout; the test pass is one noGrad batch
 * of 1,000. An epoch is 938 steps plus 10 test batches, so the epoch time
 * printed under the table is 938 x step + 10 x test batch (medians, timed
 * as bench/timing.ts `measure` does; bench/demo_bench.py for PyTorch).
 *
 *   deno run -A bench/demo_bench.ts
 */
import { data, nn, optim, torch, vision } from "../mod.ts";
import { K } from "../ffi/lib.ts";
import { FASHION_MEAN, FASHION_STD, FashionCNN } from "../examples/fashion_mnist_cnn.ts";
import { measure, report } from "./timing.ts";

K.dk_set_num_threads(2);
type T = torch.Tensor;
const Tr = vision.transforms;
const transform = new Tr.Compose([new Tr.ToTensor(), new Tr.Normalize([FASHION_MEAN], [FASHION_STD])]);
const train = new vision.datasets.FashionMNIST("data", { train: true, transform });
const test = new vision.datasets.FashionMNIST("data", { train: false, transform });

torch.manualSeed(0);
const model = new FashionCNN();
const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
const lossFn = new nn.CrossEntropyLoss();
const loader = new data.DataLoader(train, { batchSize: 64, shuffle: true });
let batches = loader[Symbol.iterator]();

/** The demo's step: the next batch (a new epoch's iterator when one ends), forward, backward, Adam. */
function trainStep(): void {
  let next = batches.next();
  if (next.done) next = (batches = loader[Symbol.iterator]()).next();
  const [x, y] = next.value as [T, T];
  torch.tidy(() => {
    opt.zeroGrad();
    const loss = lossFn.forward(model.forward(x), y);
    loss.backward();
    opt.step();
    loss.item();
  });
  x.dispose();
  y.dispose();
}

const testX = torch.keep(torch.stack(Array.from({ length: 1000 }, (_, i) => test.getItem(i)[0] as T)));
function testBatch(): void {
  torch.noGrad(() => torch.tidy(() => model.eval().forward(testX).argmax(1).tolist()));
  model.train();
}

const STEP = "demo train step (batch 64: DataLoader + transforms, CNN fwd+bwd, Adam)";
const TEST = "demo test batch (1000 images, noGrad)";
await report(
  "PyTorch",
  new URL("./demo_bench.py", import.meta.url).pathname,
  { [STEP]: trainStep, [TEST]: testBatch },
  Number(Deno.env.get("ROUNDS") ?? 2),
);
// one more pair of medians here for the epoch estimate (the table keeps its own rounds)
const step = measure(trainStep).median, tb = measure(testBatch).median;
console.log(
  `(dendrite epoch estimate: 938 x ${(step * 1e3).toFixed(1)} ms + 10 x ${(tb * 1e3).toFixed(1)} ms = ${
    (938 * step + 10 * tb).toFixed(1)
  } s; PyTorch's: the same sum over its medians in the table)`,
);
