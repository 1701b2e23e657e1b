"""PyTorch's side of bench/allreduce_bench.ts's DDP table: the same MLP, batch split, optimizer and measurement
(variants taking turns after a barrier; each variant's time is the slowest rank's median), with PyTorch's
DistributedDataParallel on its gloo backend. Run under mpirun (rank and world size from Open MPI's environment):

    mpirun -np 2 python3 bench/ddp_bench.py <rendezvous file> <timed steps>

Prints one JSON line of median ms per step on rank 0.
"""
import json
import os
import statistics
import sys
import time

import torch
import torch.distributed as dist
import torch.nn as nn

GLOBAL_BATCH = 128


def main():
    store, steps = sys.argv[1], int(sys.argv[2])
    rank, world = int(os.environ["OMPI_COMM_WORLD_RANK"]), int(os.environ["OMPI_COMM_WORLD_SIZE"])
    dist.init_process_group("gloo", init_method=f"file://{store}", rank=rank, world_size=world)
    batch = GLOBAL_BATCH // world
    torch.manual_seed(rank)
    x, y = torch.randn(batch, 784), torch.randint(0, 10, (batch,))
    loss_fn = nn.CrossEntropyLoss()

    def mlp():
        return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))

    def step(m, set_to_none=True):
        opt = torch.optim.SGD(m.parameters(), lr=0.01)

        def run():
            opt.zero_grad(set_to_none=set_to_none)
            loss_fn(m(x), y).backward()
            opt.step()
        return run

    local, synced, synced_zero = mlp(), step(mlp()), step(mlp(), False)
    grads = torch.zeros(sum(p.numel() for p in local.parameters()))

    def local_sync():
        synced()
        dist.barrier()

    def local_zero_sync():
        synced_zero()
        dist.barrier()

    variants = {
        "local": step(local),
        "localSync": local_sync,
        "barrier": dist.barrier,
        "allReduce": lambda: dist.all_reduce(grads),
        "ddp": step(nn.parallel.DistributedDataParallel(mlp())),
        "ddpView": step(nn.parallel.DistributedDataParallel(mlp(), gradient_as_bucket_view=True)),
        "localZero": step(mlp(), False),
        "localZeroSync": local_zero_sync,
        "ddpViewZero": step(nn.parallel.DistributedDataParallel(mlp(), gradient_as_bucket_view=True), False),
    }
    times = {k: [] for k in variants}
    for i in range(-3, steps):
        for k, f in variants.items():
            dist.barrier()
            t0 = time.perf_counter()
            f()
            if i >= 0:
                times[k].append((time.perf_counter() - t0) * 1e3)
    med = torch.tensor([statistics.median(times[k]) for k in variants], dtype=torch.float64)
    dist.all_reduce(med, op=dist.ReduceOp.MAX)
    if rank == 0:
        print(json.dumps({"world": world, "batch": batch, "threads": torch.get_num_threads(),
                          **dict(zip(variants, med.tolist()))}))
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
