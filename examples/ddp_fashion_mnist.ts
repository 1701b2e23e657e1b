/**
 * Data-parallel training of an MLP on Fashion-MNIST with
 * DistributedDataParallel: every process trains on its share of each epoch
 * (DistributedSampler) and gradients are averaged over the processes.
 *
 *   mpirun -np 2 deno run -A examples/ddp_fashion_mnist.ts [--epochs 2] [--limit N]
 *
 * (`--limit N`: the first N training images only, for a quick try; as root
 * add `--allow-run-as-root`; more processes than cores need
 * `--oversubscribe`; several machines: `mpirun -np 8 --hostfile hosts ...`,
 * with dendrite and the dataset at the same path on each: see the README.)
 * DDP's own cost per step is measured by bench/allreduce_bench.ts.
 */
import { data, distributed as dist, nn, optim, torch, vision } from "../mod.ts";

const BATCH = 64;

function flag(name: string, fallback: number): number {
  const i = Deno.args.indexOf(name);
  return i >= 0 ? Number(Deno.args[i + 1]) : fallback;
}

function mlp(): nn.Module {
  return new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10));
}

async function main(): Promise<void> {
  dist.initProcessGroup("mpi");
  const rank = dist.getRank(), world = dist.getWorldSize();
  const T = vision.transforms, epochs = flag("--epochs", 2);
  const full = new vision.datasets.FashionMNIST("data", { train: true, transform: new T.ToTensor() });
  const limit = Math.min(flag("--limit", full.length), full.length);
  const train = limit < full.length ? new data.Subset(full, [...Array(limit).keys()]) : full;
  const test = new vision.datasets.FashionMNIST("data", { train: false, transform: new T.ToTensor() });

  torch.manualSeed(0); // DDP broadcasts rank 0's initial weights anyway
  const model = new dist.DistributedDataParallel(mlp());
  const opt = new optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
  const lossFn = new nn.CrossEntropyLoss();
  const sampler = new dist.DistributedSampler(train, { shuffle: true, seed: 0 });
  const loader = new data.DataLoader(train, { batchSize: BATCH, sampler });
  if (rank === 0) console.log(`${world} processes, ${sampler.length} samples each per epoch`);

  for (let epoch = 0; epoch < epochs; epoch++) {
    sampler.setEpoch(epoch); // a different shuffle each epoch, the same on every rank
    const t0 = performance.now();
    let seen = 0;
    for (const [x, y] of loader) {
      torch.tidy(() => {
        opt.zeroGrad();
        const loss = lossFn.forward(model.forward(x), y);
        loss.backward(); // gradients are averaged over the processes here
        opt.step();
        if (rank === 0 && seen % (100 * BATCH) === 0) {
          console.log(`epoch ${epoch} loss ${Number(loss.item()).toFixed(4)}`);
        }
      });
      seen += (x as torch.Tensor).shape[0];
    }
    // accuracy on the test set: each rank scores its share, the counts are summed
    const counts = torch.zeros([2], { dtype: "float64" });
    const evalLoader = new data.DataLoader(test, {
      batchSize: 500,
      sampler: new dist.DistributedSampler(test, { shuffle: false }),
    });
    torch.noGrad(() => {
      for (const [x, y] of evalLoader) {
        const hit = model.forward(x).argmax(1).eq(y as torch.Tensor).sum();
        counts.add_(torch.tensor([Number(hit.item()), (y as torch.Tensor).shape[0]], { dtype: "float64" }));
      }
    });
    await dist.allReduce(counts);
    const [correct, total] = counts.tolist() as number[];
    if (rank === 0) {
      const s = (performance.now() - t0) / 1000;
      console.log(
        `epoch ${epoch}: test accuracy ${(100 * correct / total).toFixed(1)}% (${total} images), ${s.toFixed(1)} s`,
      );
    }
  }
  dist.destroyProcessGroup();
}

if (import.meta.main) await main();
