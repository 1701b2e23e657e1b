/**
 * The CPU kernels' thread count (PyTorch's `torch.set_num_threads` /
 * `torch.get_num_threads`): the OpenMP threads one kernel call may use.
 * It starts at `$OMP_NUM_THREADS`, else the number of cores; set it per
 * thread that calls kernels (the JS thread, each data-loader worker).
 */
import { K } from "../../ffi/lib.ts";

/** More threads than any machine this runs on has cores: a bound that keeps junk counts from reaching OpenMP. */
const MAX_THREADS = 1024;

/**
 * Sets how many threads the CPU kernels called from this thread use.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { getNumThreads, setNumThreads } from "./num_threads.ts";
 * const before = getNumThreads();
 * setNumThreads(1);
 * assert.equal(getNumThreads(), 1);
 * setNumThreads(before);
 * ```
 */
export function setNumThreads(...args: [n: number]): void {
  if (args.length !== 1) {
    throw new TypeError(`set_num_threads() takes 1 positional argument but ${args.length} were given`);
  }
  const n = args[0];
  if (typeof n !== "number" || !Number.isInteger(n)) {
    const got = typeof n === "number" ? "float" : n === null ? "None" : typeof n;
    throw new TypeError(`set_num_threads expects an int, but got ${got}`);
  }
  if (n <= 0) throw new RangeError("set_num_threads expects a positive integer");
  // OpenMP aborts the process when it cannot start the threads asked for
  if (n > MAX_THREADS) throw new RangeError(`set_num_threads: at most ${MAX_THREADS} threads, got ${n}`);
  K.dk_set_num_threads(n);
}

/**
 * How many threads the CPU kernels called from this thread use.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { getNumThreads } from "./num_threads.ts";
 * assert.ok(getNumThreads() >= 1);
 * ```
 */
export function getNumThreads(...args: []): number {
  if (args.length !== 0) {
    throw new TypeError(`get_num_threads() takes 0 positional arguments but ${args.length} were given`);
  }
  return K.dk_num_threads();
}
