/**
 * `ReduceOp`: how collectives combine the ranks' values, and which ops
 * each dtype allows (PyTorch's rules: bool reduces as logical or/and, AVG
 * needs numbers, the bitwise ops need integers).
 */
import type { DType } from "../core/dtype.ts";

/**
 * The reduction ops (PyTorch's `torch.distributed.ReduceOp`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ReduceOp } from "./reduce_op.ts";
 * assert.equal(ReduceOp.SUM, "SUM");
 * ```
 */
export const ReduceOp = Object.freeze(
  {
    SUM: "SUM",
    AVG: "AVG",
    PRODUCT: "PRODUCT",
    MIN: "MIN",
    MAX: "MAX",
    BAND: "BAND",
    BOR: "BOR",
    BXOR: "BXOR",
  } as const,
);

/** One reduction op. */
export type ReduceOp = typeof ReduceOp[keyof typeof ReduceOp];

/** Every op name, for the binder's choices. */
export const REDUCE_OPS: readonly ReduceOp[] = Object.values(ReduceOp);

/**
 * The op a backend runs for `op` on `dtype` (bool tensors are bytes of 0/1:
 * SUM is a logical or, PRODUCT a logical and, as in PyTorch's NCCL
 * backend), or throws PyTorch's error for an op the dtype cannot take.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { effectiveOp } from "./reduce_op.ts";
 * assert.equal(effectiveOp("SUM", "bool", "allReduce"), "MAX");
 * ```
 */
export function effectiveOp(op: ReduceOp, dtype: DType, fn: string): ReduceOp {
  const bitwise = op === "BAND" || op === "BOR" || op === "BXOR";
  if (dtype === "bool") {
    if (op === "AVG") throw new TypeError(`${fn}: Cannot use ReduceOp.AVG with boolean inputs`);
    if (op === "SUM" || op === "BOR") return "MAX";
    if (op === "PRODUCT" || op === "BAND") return "MIN";
    return op;
  }
  if (bitwise && (dtype === "float32" || dtype === "float64")) {
    throw new TypeError(`${fn}: Cannot use ReduceOp.${op} with non-integral dtype ${dtype}`);
  }
  return op;
}
