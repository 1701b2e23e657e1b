/**
 * dendrite: NumPy and PyTorch for Deno.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np, torch } from "./mod.ts";
 * assert.deepEqual(np.arange(6).reshape(2, 3).sum({ axis: 0 }).tolist(), [3, 5, 7]);
 * assert.deepEqual(torch.ones(2, 3).sum(1).tolist(), [3, 3]);
 * ```
 * @module
 */
import "./src/bridge.ts";
import "./src/torch/distributions/mod.ts";
export { np } from "./src/numpy/mod.ts";
export { torch } from "./src/torch/mod.ts";
export { optim } from "./src/optim/mod.ts";
export * as nn from "./src/nn/mod.ts";
export * as distributed from "./src/distributed/mod.ts";
export { data } from "./src/data/mod.ts";
export { vision } from "./src/vision/mod.ts";
export { SummaryWriter } from "./src/log/writer.ts";
export * as plot from "./src/plot/mod.ts";
export { Progress, progress } from "./src/progress/progress.ts";
export type * from "./src/types.ts";
