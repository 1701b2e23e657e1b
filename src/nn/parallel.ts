/**
 * torch.nn.parallel: the data-parallel wrapper, which lives with the rest
 * of torch.distributed (src/distributed/ddp.ts).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { distributed, nn } from "../../mod.ts";
 * assert.equal(nn.parallel.DistributedDataParallel, distributed.DistributedDataParallel);
 * ```
 */
export { type DDPOptions, DistributedDataParallel } from "../distributed/ddp.ts";
