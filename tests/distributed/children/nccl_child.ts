/**
 * Run by tests/distributed/nccl_test.ts under mpirun on a machine with a
 * GPU (1 rank per GPU, at most 2): the collectives on CUDA tensors through
 * NCCL, and CPU tensors beside them through MPI ("cpu:mpi,cuda:nccl").
 */
import assert from "node:assert/strict";
import * as dist from "../../../src/distributed/mod.ts";
import * as nn from "../../../src/nn/mod.ts";
import { torch } from "../../../src/torch/mod.ts";

dist.initProcessGroup("cpu:mpi,cuda:nccl");
const rank = dist.getRank(), n = dist.getWorldSize(), dev = `cuda:${rank}`;
const s = (n * (n + 1)) / 2;

const t = torch.full([1000], rank + 1.0, { dtype: "float32" }).to(dev);
await dist.allReduce(t);
assert.deepEqual([t.min().item(), t.max().item()], [s, s]);
const avg = torch.full([10], rank + 1.0, { dtype: "float64" }).to(dev);
await dist.allReduce(avg, { op: "AVG" });
assert.equal(avg.cpu().tolist()[0], s / n);
const b = torch.full([5], rank * 1.0, { dtype: "float32" }).to(dev);
await dist.broadcast(b, n - 1);
assert.deepEqual(b.cpu().tolist(), [n - 1, n - 1, n - 1, n - 1, n - 1]);
const outs = Array.from({ length: n }, () => torch.zeros([3], { dtype: "int64" }).to(dev));
await dist.allGather(outs, torch.full([3], rank, { dtype: "int64" }).to(dev));
outs.forEach((o, r) => assert.deepEqual(o.cpu().tolist(), [r, r, r]));
const rs = torch.zeros([2], { dtype: "float32" }).to(dev);
await dist.reduceScatter(rs, Array.from({ length: n }, () => torch.ones(2, { dtype: "float32" }).to(dev)));
assert.deepEqual(rs.cpu().tolist(), [n, n]);
const g = rank === 0 ? Array.from({ length: n }, () => torch.zeros([2], { dtype: "float32" }).to(dev)) : null;
await dist.gather(torch.full([2], rank * 1.0, { dtype: "float32" }).to(dev), g, 0);
g?.forEach((o, r) => assert.deepEqual(o.cpu().tolist(), [r, r]));
const sc = torch.zeros([2], { dtype: "float32" }).to(dev);
const list = rank === 0 ? Array.from({ length: n }, (_, r) => torch.full([2], r, { dtype: "float32" }).to(dev)) : null;
await dist.scatter(sc, list, 0);
assert.deepEqual(sc.cpu().tolist(), [rank, rank]);
if (n >= 2 && rank < 2) {
  const m = torch.full([3], 7, { dtype: "float32" }).to(dev);
  if (rank === 0) await dist.send(m, 1);
  else {
    const got = torch.zeros([3]).to(dev);
    await dist.recv(got, 0);
    assert.deepEqual(got.cpu().tolist(), [7, 7, 7]);
  }
}
await dist.barrier();
// DDP on CUDA: rank 0's weights broadcast, gradients averaged through NCCL
{
  torch.manualSeed(rank);
  const lin = new nn.Linear(4, 1).to(dev);
  const ddp = new dist.DistributedDataParallel(lin);
  ddp.forward(torch.full([2, 4], rank + 1, { dtype: "float32" }).to(dev)).sum().backward();
  // d(sum)/d(weight) is 2 * (rank + 1) per element here: its average over the ranks is n + 1
  assert.deepEqual(lin.weight.grad!.cpu().flatten().tolist(), [n + 1, n + 1, n + 1, n + 1]);
  assert.deepEqual(lin.bias!.grad!.cpu().tolist(), [2]);
  const w = lin.weight.detach().cpu(), all = Array.from({ length: n }, () => torch.zeros([1, 4]));
  await dist.allGather(all, w);
  all.forEach((x) => assert.deepEqual(x.tolist(), all[0].tolist()));
}
// CPU tensors still go through MPI
const c = torch.ones(4);
await dist.allReduce(c);
assert.deepEqual(c.tolist(), [n, n, n, n]);
dist.destroyProcessGroup();
if (rank === 0) console.log("nccl ok");
