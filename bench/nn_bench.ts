/**
 * torch.nn training against PyTorch (CPU, 2 threads): one training step
 * of a 784-256-128-10 MLP (SGD with momentum), LeNet-5 (SGD with momentum)
 * and the demo CNN (conv32-conv64-fc128 with dropout, Adam) on
 * Fashion-MNIST-shaped data (60,000 samples, batch 64; an epoch is 938
 * steps), a whole MLP epoch, and one Conv2d forward + backward. Each case
 * is the median of steady-state repetitions on each side
 * (bench/timing.ts `measure`; bench/nn_bench.py for PyTorch).
 *
 *   deno run -A bench/nn_bench.ts [case names...]
 */
import { nn, optim, torch } from "../mod.ts";
import { K } from "../ffi/lib.ts";
import { FashionCNN } from "../examples/fashion_mnist_cnn.ts";
import { report } from "./timing.ts";

K.dk_set_num_threads(2);
const N = 60000, B = 64, STEPS = Math.ceil(N / B);
type T = torch.Tensor;

class MLP extends nn.Module {
  fc1 = new nn.Linear(784, 256);
  fc2 = new nn.Linear(256, 128);
  fc3 = new nn.Linear(128, 10);
  override forward(x: T): T {
    return this.fc3.forward(this.fc2.forward(this.fc1.forward(x).relu()).relu());
  }
}

class LeNet extends nn.Module {
  conv1 = new nn.Conv2d(1, 6, 5);
  conv2 = new nn.Conv2d(6, 16, 5);
  fc1 = new nn.Linear(16 * 4 * 4, 120);
  fc2 = new nn.Linear(120, 84);
  fc3 = new nn.Linear(84, 10);
  override forward(x: T): T {
    x = nn.F.maxPool2d(this.conv1.forward(x).relu(), 2);
    x = nn.F.maxPool2d(this.conv2.forward(x).relu(), 2);
    x = x.flatten(1);
    return this.fc3.forward(this.fc2.forward(this.fc1.forward(x).relu()).relu());
  }
}

torch.manualSeed(0);
const data = torch.keep(torch.rand(N, 784));
const labels = torch.keep(torch.randint(0, 10, [N]));

function trainer(model: nn.Module, opt: { zeroGrad(): void; step(): unknown }, images: T) {
  const lossFn = new nn.CrossEntropyLoss();
  let i = 0;
  const step = () =>
    torch.tidy(() => {
      const x = images.narrow(0, i * B, Math.min(B, N - i * B)), y = labels.narrow(0, i * B, Math.min(B, N - i * B));
      i = (i + 1) % STEPS;
      opt.zeroGrad();
      const loss = lossFn.forward(model.forward(x), y);
      loss.backward();
      opt.step();
    });
  const epoch = () => {
    i = 0;
    for (let s = 0; s < STEPS; s++) step();
  };
  return { step, epoch };
}

const cases: Record<string, () => unknown> = {};
const mlp = new MLP();
const m = trainer(mlp, new optim.SGD(mlp.parameters(), { lr: 0.01, momentum: 0.9 }), data);
cases["MLP 784-256-128-10 step (SGD momentum)"] = m.step;
cases["MLP epoch (938 steps)"] = m.epoch;
const images = data.view(N, 1, 28, 28);
const lenet = new LeNet();
cases["LeNet-5 step (SGD momentum)"] =
  trainer(lenet, new optim.SGD(lenet.parameters(), { lr: 0.01, momentum: 0.9 }), images).step;
const cnn = new FashionCNN();
cases["CNN conv32-conv64-fc128 step (Adam)"] =
  trainer(cnn, new optim.Adam(cnn.parameters(), { lr: 1e-3 }), images).step;
const conv = new nn.Conv2d(3, 64, 3, { padding: 1 });
const cx = torch.keep(torch.randn(64, 3, 32, 32).requiresGrad_());
const cg = torch.keep(torch.randn(64, 64, 32, 32));
cases["Conv2d 64x3x32x32 k64 3x3 p1 fwd+bwd"] = () =>
  torch.tidy(() => {
    cx.grad = null;
    conv.weight.grad = null;
    conv.bias!.grad = null;
    conv.forward(cx).backward(cg);
  });

await report("PyTorch", new URL("./nn_bench.py", import.meta.url).pathname, cases, Number(Deno.env.get("ROUNDS") ?? 2));
console.log(`(an epoch is ${STEPS} steps: epoch time = ${STEPS} x step time)`);
