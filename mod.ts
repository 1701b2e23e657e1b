/**
 * dendrite: NumPy and PyTorch for Deno.
 *
 * @example
 * ```ts
 * import { np, torch } from "./mod.ts";
 * console.log(np.arange(6).reshape(2, 3).sum({ axis: 0 }).tolist()); // [3, 5, 7]
 * console.log(torch.ones(2, 3).sum(1).tolist()); // [3, 3]
 * ```
 * @module
 */
import "./src/bridge.ts";
export { np } from "./src/numpy/mod.ts";
export { torch } from "./src/torch/mod.ts";
export { SummaryWriter } from "./src/log/writer.ts";
export * as plot from "./src/plot/mod.ts";
export { Progress, progress } from "./src/progress/progress.ts";
