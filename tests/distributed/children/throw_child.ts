/**
 * Run by tests/distributed/failure_test.ts under mpirun: rank 1 throws
 * while rank 0 waits in a blocking all-reduce for it. The job must
 * end with an error, not hang.
 */
import * as dist from "../../../src/distributed/mod.ts";
import { torch } from "../../../src/torch/mod.ts";

dist.initProcessGroup("mpi");
if (dist.getRank() === 1) throw new Error("rank 1 failed on purpose");
await dist.allReduce(torch.ones(4));
console.log("unreachable: the all-reduce completed without rank 1");
