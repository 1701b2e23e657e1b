/**
 * The `np` namespace: NumPy's API for Deno over dendrite's strided core.
 *
 * @example
 * ```ts
 * import { np } from "../../mod.ts";
 * const a = np.array([[1, 2], [3, 4]]);
 * console.log(np.add(a, 1).sum().item()); // 14
 * ```
 * @module
 */
import { Slice } from "../ops/index.ts";

export { NDArray, NDArray as ndarray } from "./ndarray.ts";
export type { ArrayLike, Index, ReduceOptions, VarOptions } from "./ndarray.ts";
export * from "./creation.ts";
export * from "./functions.ts";
export { variance as var } from "./functions.ts";
export { load, save, savez, savezCompressed } from "./npy.ts";
export * as random from "./random.ts";
export * as linalg from "./linalg.ts";
export { promoteTypes, resultType } from "../core/dtype.ts";
export type { DType } from "../core/dtype.ts";
export { LinAlgError, ShapeError } from "../core/errors.ts";
export { Slice };

/**
 * A slice for list-form indices: `slice(1, 3)` is `1:3`, `slice(null, null, -1)` is `::-1`.
 *
 * @example
 * ```ts
 * import { np } from "../../mod.ts";
 * console.log(np.arange(5).get([np.slice(null, null, -2)]).tolist()); // [4, 2, 0]
 * ```
 */
export function slice(start: number | null = null, stop: number | null = null, step: number | null = null): Slice {
  return new Slice(start, stop, step);
}

/** `np.newaxis` (and `None` in index strings). */
export const newaxis = null;
export const float32 = "float32", float64 = "float64", int32 = "int32", int64 = "int64", uint8 = "uint8";
export const bool = "bool", bool_ = "bool";
export const nan = NaN, inf = Infinity, pi = Math.PI, e = Math.E;
