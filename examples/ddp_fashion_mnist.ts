/**
 * Data-parallel training of an MLP on Fashion-MNIST with
 * DistributedDataParallel: every process trains on its share of each epoch
 * (DistributedSampler) and gradients are averaged over the processes.
 *
 *   mpirun -np 2 deno run -A examples/ddp_fashion_mnist.ts
 *   mpirun -np 2 deno run -A examples/ddp_fashion_mnist.ts --bench   # time DDP's own cost per step
 *
 * (as root add `--allow-run-as-root`; more processes than cores need
 * `--oversubscribe`; several machines: `mpirun -np 8 --hostfile hosts ...`,
 * with dendrite and the dataset at the same path on each.)
 */
import { data, nn, optim, torch, vision } from "../mod.ts";
import * as dist from "../src/distributed/mod.ts";
import { DistributedDataParallel } from "../src/distributed/ddp.ts";
import { DistributedSampler } from "../src/distributed/sampler.ts";

const EPOCHS = 2, BATCH = 64;

function mlp(): nn.Module {
  return new nn.Sequential(new nn.Flatten(), new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10));
}

/** Median seconds of `fn` over `n` runs after 3 warm-ups, agreed between ranks (the slowest rank's median). */
async function timeSteps(fn: () => Promise<void> | void, n = 30): Promise<number> {
  const ts: number[] = [];
  for (let i = -3; i < n; i++) {
    await dist.barrier();
    const t0 = performance.now();
    await fn();
    if (i >= 0) ts.push(performance.now() - t0);
  }
  const m = torch.tensor([ts.sort((a, b) => a - b)[n >> 1]], { dtype: "float64" });
  await dist.allReduce(m, dist.ReduceOp.MAX);
  return Number(m.item());
}

/**
 * DDP's own cost per step: a DDP step against the same step with the
 * simplest synchronous data parallelism (after backward, one blocking
 * all-reduce of all gradients, flattened), which pays for the
 * communication and for waiting on the slowest rank just as DDP does.
 */
async function bench(train: data.Dataset<unknown>): Promise<void> {
  const loader = new data.DataLoader(train, { batchSize: BATCH });
  const [x, y] = loader[Symbol.iterator]().next().value as [torch.Tensor, torch.Tensor];
  const lossFn = new nn.CrossEntropyLoss();
  const step = (m: nn.Module, sync?: () => Promise<void>) => {
    const opt = new optim.SGD(m.parameters(), { lr: 0.01 });
    return async () => {
      opt.zeroGrad();
      lossFn.forward(m.forward(x), y).backward();
      await sync?.();
      opt.step();
    };
  };
  const plain = mlp(), params = plain.parameters(), world = dist.getWorldSize();
  const flat = torch.zeros([params.reduce((s, p) => s + p.numel(), 0)]);
  const allReduceGrads = async () => {
    torch.cat(params.map((p) => p.grad!.flatten()), 0, { out: flat });
    await dist.allReduce(flat);
    let at = 0;
    for (const p of params) {
      p.grad!.copy_(flat.narrow(0, at, p.numel()).view(p.shape).div(world));
      at += p.numel();
    }
  };
  const tLocal = await timeSteps(step(mlp()));
  const tNaive = await timeSteps(step(plain, allReduceGrads));
  const tDdp = await timeSteps(step(new DistributedDataParallel(mlp())));
  const tAr = await timeSteps(() => dist.allReduce(flat));
  if (dist.getRank() === 0) {
    console.log(
      `step without communication ${tLocal.toFixed(2)} ms; with one blocking all-reduce of the gradients ` +
        `${tNaive.toFixed(2)} ms (the all-reduce alone: ${tAr.toFixed(2)} ms); DDP step ${tDdp.toFixed(2)} ms`,
    );
    console.log(
      `DDP's own cost (DDP step - that step): ${(tDdp - tNaive).toFixed(2)} ms = ` +
        `${((100 * (tDdp - tNaive)) / tDdp).toFixed(1)}% of the step; ${world} processes train on ` +
        `${((world * BATCH) / tDdp * 1000).toFixed(0)} samples/s`,
    );
  }
}

async function main(): Promise<void> {
  dist.initProcessGroup("mpi");
  const rank = dist.getRank(), world = dist.getWorldSize();
  const T = vision.transforms;
  const train = new vision.datasets.FashionMNIST("data", { train: true, transform: new T.ToTensor() });
  const test = new vision.datasets.FashionMNIST("data", { train: false, transform: new T.ToTensor() });
  if (Deno.args.includes("--bench")) {
    await bench(train);
    dist.destroyProcessGroup();
    return;
  }

  torch.manualSeed(0); // DDP broadcasts rank 0's initial weights anyway
  const model = new DistributedDataParallel(mlp());
  const opt = new optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
  const lossFn = new nn.CrossEntropyLoss();
  const sampler = new DistributedSampler(train, { shuffle: true, seed: 0 });
  const loader = new data.DataLoader(train, { batchSize: BATCH, sampler });
  if (rank === 0) console.log(`${world} processes, ${sampler.length} samples each per epoch`);

  for (let epoch = 0; epoch < EPOCHS; epoch++) {
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
      sampler: new DistributedSampler(test, { shuffle: false }),
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
