/**
 * Run by tests/distributed/ddp_test.ts under mpirun (2 ranks): N steps of
 * DistributedDataParallel with half batches on each rank give the
 * parameters one process gets on the full batches (float32 tolerance),
 * with and without noSync accumulation, with one bucket and with many.
 * Rank 0 prints "ddp checks: N" at the end.
 */
import assert from "node:assert/strict";
import { DistributedDataParallel } from "../../../src/distributed/ddp.ts";
import * as dist from "../../../src/distributed/mod.ts";
import * as nn from "../../../src/nn/mod.ts";
import * as optim from "../../../src/optim/mod.ts";
import { torch } from "../../../src/torch/mod.ts";
import type { Tensor } from "../../../src/torch/tensor.ts";

dist.initProcessGroup("mpi");
const rank = dist.getRank(), world = dist.getWorldSize();
assert.equal(world, 2);
let checks = 0;

function mlp(seed: number): nn.Module {
  torch.manualSeed(seed);
  return new nn.Sequential(
    new nn.Linear(5, 16),
    new nn.Tanh(),
    new nn.Linear(16, 8),
    new nn.Tanh(),
    new nn.Linear(8, 1),
  );
}

function data(rows: number): [Tensor, Tensor] {
  torch.manualSeed(1234);
  return [torch.randn(rows, 5), torch.randn(rows, 1)];
}

const mse = new nn.MSELoss();
const STEPS = 4;

function closeParams(got: nn.Module, want: nn.Module, what: string): void {
  const g = got.parameters(), w = want.parameters();
  assert.equal(g.length, w.length);
  g.forEach((p, i) => {
    const d = Number(p.detach().sub(w[i].detach()).abs().max().item());
    assert.ok(d < 2e-6, `rank ${rank}: ${what}: parameter ${i} differs by ${d}`);
  });
  checks++;
}

type MakeOpt = (params: nn.Parameter[]) => optim.Optimizer;
const sgd: MakeOpt = (ps) => new optim.SGD(ps, { lr: 0.05, momentum: 0.9 });
const adam: MakeOpt = (ps) => new optim.Adam(ps, { lr: 0.01 });

/** One process on the full batches: `micro` backward passes per step, each on its full micro-batch. */
function reference(micro: number, makeOpt = sgd): nn.Module {
  const model = mlp(0);
  const opt = makeOpt(model.parameters());
  const [x, y] = data(STEPS * micro * 8);
  for (let s = 0; s < STEPS; s++) {
    opt.zeroGrad();
    for (let m = 0; m < micro; m++) {
      const rows = (s * micro + m) * 8;
      mse.forward(model.forward(x.narrow(0, rows, 8)), y.narrow(0, rows, 8)).backward();
    }
    opt.step();
  }
  return model;
}

/**
 * DDP on 2 ranks: each takes its half of every micro-batch; all but the last micro-batch under noSync.
 * `view`: gradientAsBucketView; `setToNone`: how zeroGrad clears the gradients between steps.
 */
async function ddp(
  micro: number,
  bucketCapMb: number | null,
  makeOpt = sgd,
  { view = false, setToNone = true } = {},
): Promise<nn.Module> {
  // each rank starts from different weights: DDP's broadcast makes them rank 0's
  const model = new DistributedDataParallel(mlp(rank), { bucketCapMb, gradientAsBucketView: view });
  const opt = makeOpt(model.parameters());
  const [x, y] = data(STEPS * micro * 8);
  for (let s = 0; s < STEPS; s++) {
    opt.zeroGrad(setToNone);
    for (let m = 0; m < micro; m++) {
      const rows = (s * micro + m) * 8 + rank * 4;
      const step = () => mse.forward(model.forward(x.narrow(0, rows, 4)), y.narrow(0, rows, 4)).backward();
      if (m < micro - 1) {
        model.noSync(step);
        // under noSync the gradients stay local: the ranks' differ
        const g = model.module.parameters()[0].grad!, both = [torch.empty(g.shape), torch.empty(g.shape)];
        await dist.allGather(both, g);
        assert.ok(Number(both[0].sub(both[1]).abs().max().item()) > 1e-4, "noSync gradients were averaged");
      } else step();
    }
    if (view) {
      // each .grad is its slot in a bucket: the gradients of one bucket share its memory, in reverse order
      const grads = model.module.parameters().map((p) => p.grad!);
      model.bucketParams.forEach((ids) => ids.forEach((i) => assert.equal(grads[i].storage, grads[ids[0]].storage)));
      assert.equal(grads.at(-1)!.layout.offset, 0);
    }
    opt.step();
  }
  return model.module;
}

for (const bucketCapMb of [null, 0.0002]) {
  closeParams(await ddp(1, bucketCapMb), reference(1), `plain steps, bucketCapMb ${bucketCapMb}`);
  closeParams(await ddp(3, bucketCapMb), reference(3), `noSync accumulation, bucketCapMb ${bucketCapMb}`);
}
// gradientAsBucketView: the same parameters, whether zeroGrad sets the gradients to null (backward's gradient is
// copied into the bucket once) or zeroes them (backward accumulates into the bucket itself)
for (const setToNone of [true, false]) {
  const how = `gradientAsBucketView, zeroGrad(${setToNone})`;
  closeParams(await ddp(1, 0.0002, sgd, { view: true, setToNone }), reference(1), `${how}, plain steps`);
  closeParams(await ddp(3, 0.0002, sgd, { view: true, setToNone }), reference(3), `${how}, noSync accumulation`);
}
// gradients that exist at construction move into the buckets
{
  const inner = mlp(0);
  inner.forward(torch.ones(1, 5)).sum().backward();
  const before = inner.parameters().map((p) => p.grad!.clone());
  const model = new DistributedDataParallel(inner, { gradientAsBucketView: true });
  inner.parameters().forEach((p, i) => assert.deepEqual(p.grad!.tolist(), before[i].tolist()));
  assert.equal(inner.parameters()[0].grad!.storage, inner.parameters()[5].grad!.storage);
  void model;
  checks++;
}
// any optimizer works unchanged: Adam sees the averaged gradients
closeParams(await ddp(3, 0.0002, adam), reference(3, adam), "Adam, noSync accumulation, several buckets");

// the buckets: reverse parameter order; a bucket closes once it reaches the cap (PyTorch's assignment)
{
  // parameter bytes: 320, 64, 512, 32, 32, 4; the cap: 209.7 bytes
  const model = new DistributedDataParallel(mlp(0), { bucketCapMb: 0.0002 });
  assert.equal(model.bucketBytesCap, 0.0002 * 2 ** 20);
  assert.deepEqual(model.bucketParams, [[5, 4, 3, 2], [1, 0]]);
  assert.deepEqual(new DistributedDataParallel(mlp(0)).bucketParams, [[5, 4, 3, 2, 1, 0]]);
  checks++;
}

// unused parameters: rank 1 never uses the second head
class TwoHeads extends nn.Module {
  body = new nn.Linear(4, 4);
  a = new nn.Linear(4, 1);
  b = new nn.Linear(4, 1);
  never = new nn.Linear(4, 1);
  override forward(x: Tensor, useB: boolean): Tensor {
    const h = this.body.forward(x);
    return useB ? this.a.forward(h).add(this.b.forward(h)) : this.a.forward(h);
  }
}
{
  torch.manualSeed(7);
  const model = new DistributedDataParallel(new TwoHeads(), { findUnusedParameters: true });
  const inner = model.module as TwoHeads;
  const x = torch.ones(2, 4);
  for (let s = 0; s < 2; s++) {
    model.zeroGrad();
    model.forward(x, rank === 0).sum().backward();
  }
  // b's gradient is rank 0's divided by the world size; never's stays empty on every rank
  const gb = inner.b.weight.grad!.tolist() as number[][];
  const bLocal = inner.body.forward(x).detach().sum(0).div(world).tolist() as number[];
  gb[0].forEach((v, i) => assert.ok(Math.abs(v - bLocal[i]) < 1e-5, `rank ${rank}: unused head gradient`));
  assert.equal(inner.never.weight.grad, null);
  checks++;
  // without findUnusedParameters, an unused parameter is PyTorch's error at the next forward
  const strict = new DistributedDataParallel(new TwoHeads());
  strict.forward(x, false).sum().backward();
  assert.throws(() => strict.forward(x, false), /Expected to have finished reduction in the prior iteration/);
  checks++;
}

// buffers follow rank 0 before each forward (broadcastBuffers)
class WithBuffer extends nn.Module {
  lin = new nn.Linear(2, 2);
  constructor() {
    super();
    this.registerBuffer("scale", torch.full([2], 1.0 + dist.getRank(), { dtype: "float32" }));
  }
  override forward(x: Tensor): Tensor {
    return this.lin.forward(x).mul(this.getBuffer("scale"));
  }
}
{
  const model = new DistributedDataParallel(new WithBuffer());
  model.module.getBuffer("scale").fill_(5 + rank);
  model.forward(torch.ones(1, 2));
  assert.deepEqual(model.module.getBuffer("scale").tolist(), [5, 5]);
  // as PyTorch: not in forwards that sync no gradients (noGrad, noSync)
  model.module.getBuffer("scale").fill_(7 + rank);
  torch.noGrad(() => model.forward(torch.ones(1, 2)));
  model.noSync(() => model.forward(torch.ones(1, 2)));
  assert.deepEqual(model.module.getBuffer("scale").tolist(), [7 + rank, 7 + rank]);
  checks++;
}

dist.destroyProcessGroup();
if (rank === 0) console.log(`ddp checks: ${checks}`);
