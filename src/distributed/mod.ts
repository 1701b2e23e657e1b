/**
 * `torch.distributed` on Open MPI (CPU tensors) and NCCL (CUDA tensors):
 * process groups, collectives, point-to-point messages, and data-parallel
 * training (`DistributedDataParallel`, `DistributedSampler`). Also
 * `torch.distributed` once dendrite's mod.ts (or this module) is loaded.
 *
 * Processes are started by mpirun, on one machine or several:
 * `mpirun -np 4 deno run -A train.ts`. Calls take PyTorch's positional
 * arguments then an options object, and return Promises: `await
 * dist.allReduce(t)`; `asyncOp: true` returns a `Work` instead.
 *
 * @example
 * ```ts ignore
 * import { torch } from "../torch/mod.ts";
 * import * as dist from "./mod.ts";
 * dist.initProcessGroup("mpi");
 * const t = torch.tensor([dist.getRank() + 1.0]);
 * await dist.allReduce(t, dist.ReduceOp.SUM);
 * console.log(dist.getRank(), t.item()); // 3 on both ranks of `mpirun -np 2`
 * dist.destroyProcessGroup();
 * ```
 * @module
 */
import { DIST_BRIDGE } from "../torch/mod.ts";
import * as self from "./mod.ts";

export {
  allGather,
  allGatherIntoTensor,
  allReduce,
  type AllReduceOptions,
  type AsyncArgs,
  barrier,
  type BarrierOptions,
  broadcast,
  type BroadcastOptions,
  gather,
  type GatherOptions,
  type GroupArg,
  type GroupOptions,
  irecv,
  isend,
  recv,
  type RecvOptions,
  reduce,
  type ReduceOptions,
  reduceScatter,
  type ReduceScatterOptions,
  reduceScatterTensor,
  scatter,
  type ScatterOptions,
  send,
  type SendOptions,
  type SyncArgs,
} from "./collectives.ts";
export { type DDPOptions, DistributedDataParallel } from "./ddp.ts";
export { DistBackendError, DistError } from "./errors.ts";
export {
  type BackendName,
  destroyProcessGroup,
  getBackend,
  getGlobalRank,
  getGroupRank,
  getProcessGroupRanks,
  getRank,
  getWorldSize,
  group,
  type InitOptions,
  initProcessGroup,
  isAvailable,
  isInitialized,
  isMpiAvailable,
  isNcclAvailable,
  newGroup,
  type NewGroupOptions,
  ProcessGroup,
} from "./process_group.ts";
export { ReduceOp } from "./reduce_op.ts";
export { DistributedSampler, type DistributedSamplerOptions } from "./sampler.ts";
export { Work } from "./work.ts";

DIST_BRIDGE.distributed = self;
