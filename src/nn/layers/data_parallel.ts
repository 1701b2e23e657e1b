/**
 * nn.DataParallel as PyTorch runs it on a machine without accelerators:
 * the wrapped module is its only child (`module`, so state-dict keys read
 * "module.<name>") and forward calls it with the same arguments;
 * `deviceIds` is then empty. Splitting a batch over several GPUs is not
 * done here (DistributedDataParallel is the data-parallel path dendrite
 * has).
 */
import { Module } from "../module.ts";

/**
 * Wraps a module for data parallelism; on the CPU it runs the module as it is.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const dp = new nn.DataParallel(new nn.Linear(4, 2));
 * assert.deepEqual(dp.forward(torch.randn(3, 4)).shape, [3, 2]);
 * assert.deepEqual(Object.keys(dp.stateDict()), ["module.weight", "module.bias"]);
 * ```
 */
export class DataParallel<M extends Module = Module> extends Module {
  /** The wrapped module. */
  module: M;
  /** The devices the batch is split over (none on the CPU). */
  readonly deviceIds: number[] = [];
  /**
   * `new nn.DataParallel(module, deviceIds?, outputDevice?, dim?)` (PyTorch's arguments; the device arguments do
   * not apply without accelerators, as in PyTorch).
   */
  constructor(
    module: M,
    _deviceIds: readonly (number | string)[] | null | { deviceIds?: unknown; outputDevice?: unknown; dim?: number } =
      null,
    _outputDevice: number | string | null = null,
    _dim = 0,
  ) {
    super();
    if (!(module instanceof Module)) throw new TypeError(`DataParallel(): module must be an nn.Module`);
    const o = _deviceIds;
    if (o !== null && typeof o === "object" && !Array.isArray(o)) {
      for (const k of Object.keys(o)) {
        if (k !== "deviceIds" && k !== "outputDevice" && k !== "dim") {
          throw new TypeError(`DataParallel(): unknown option '${k}'; expected one of deviceIds, outputDevice, dim`);
        }
      }
    }
    this.module = module;
  }
  // deno-lint-ignore no-explicit-any
  override forward(...args: any[]): any {
    return this.module.forward(...args);
  }
}
