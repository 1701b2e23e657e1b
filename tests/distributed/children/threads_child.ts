/**
 * Run by tests/distributed/threads_test.ts under mpirun without core
 * binding: prints, on rank 0, the kernel thread count before and after
 * initProcessGroup, and the cores this process may use.
 */
import * as dist from "../../../src/distributed/mod.ts";
import { torch } from "../../../src/torch/mod.ts";

const before = torch.getNumThreads();
dist.initProcessGroup("mpi");
if (dist.getRank() === 0) {
  console.log(JSON.stringify({ before, after: torch.getNumThreads(), cores: navigator.hardwareConcurrency }));
}
dist.destroyProcessGroup();
