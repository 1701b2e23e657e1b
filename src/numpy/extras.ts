/** np's constants, dtype names and index helpers (what is not an op). */
import { Slice } from "../ops/index.ts";

export { Slice };
export { LinAlgError, ShapeError } from "../core/errors.ts";
export { keep, tidy } from "../core/lifetime.ts";
export { emptyCache, poolStats, setPoolLimit } from "../core/host_pool.ts";
export { npFinfo as finfo, npIinfo as iinfo } from "../api/finfo.ts";

/**
 * A slice for list-form indices: `slice(1, 3)` is `1:3`, `slice(null, null, -1)` is `::-1`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * assert.deepEqual(np.arange(5).get([np.slice(null, null, -2)]).tolist(), [4, 2, 0]);
 * ```
 */
export function slice(start: number | null = null, stop: number | null = null, step: number | null = null): Slice {
  return new Slice(start, stop, step);
}

/** `np.newaxis` (and `None` in index strings). */
export const newaxis = null;
/** dtype names. */
export const float32 = "float32", float64 = "float64", int32 = "int32", int64 = "int64", uint8 = "uint8";
/** The bool dtype (np.bool and np.bool_). */
export const bool = "bool", bool_ = "bool";
/** Constants. */
export const nan = NaN, inf = Infinity, pi = Math.PI, e = Math.E;
