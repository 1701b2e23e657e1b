/**
 * How two operands' memory relates, decided as PyTorch's
 * get_overlap_status does (aten/src/ATen/MemoryOverlap.cpp): PyTorch
 * refuses a write whose source overlaps the written memory in some ways,
 * and dendrite's torch gives the same errors in the same cases.
 */
import { RuntimeError } from "../core/errors.ts";
import type { Operand } from "../core/storage.ts";
import type { View } from "../core/view.ts";

/**
 * "no": disjoint (or different storages, or empty); "full": the same
 * elements with the same strides; "partial": overlapping otherwise;
 * "tooHard": one of them is not dense (gaps or repeats), where PyTorch
 * does not decide.
 */
export type Overlap = "no" | "full" | "partial" | "tooHard";

/**
 * Whether a view covers a contiguous block once each (C-contiguous up to a
 * permutation of its dims): PyTorch's is_non_overlapping_and_dense.
 */
export function isDense(v: View): boolean {
  const dims = v.shape.map((_, i) => i).filter((i) => v.shape[i] !== 1);
  dims.sort((a, b) => v.strides[a] - v.strides[b]);
  let want = 1;
  for (const d of dims) {
    if (v.strides[d] !== want) return false;
    want *= v.shape[d];
  }
  return true;
}

/**
 * How `a`'s and `b`'s elements overlap.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { memOverlap } from "./mem_overlap.ts";
 * import { zeros } from "./operand.ts";
 * import { View } from "../core/view.ts";
 * const x = zeros([8], "float32");
 * const at = (off: number) => ({ storage: x.storage, layout: new View([4], [1], off) });
 * assert.equal(memOverlap(at(0), at(0)), "full");
 * assert.equal(memOverlap(at(0), at(2)), "partial");
 * assert.equal(memOverlap(at(0), at(4)), "no");
 * ```
 */
export function memOverlap(a: Operand, b: Operand): Overlap {
  if (a === b) return "full";
  if (a.storage !== b.storage) return "no";
  const u = a.layout, v = b.layout;
  if (u.size === 0 || v.size === 0) return "no";
  if (!isDense(u) || !isDense(v)) return "tooHard";
  // a dense view's strides are positive: it covers [offset, offset + size)
  const ua = u.offset, ub = ua + u.size, va = v.offset, vb = va + v.size;
  if (ua === va && ub === vb) {
    const same = u.strides.length === v.strides.length && u.strides.every((s, i) => s === v.strides[i]);
    return same ? "full" : "partial";
  }
  return ua < vb && va < ub ? "partial" : "no";
}

/**
 * PyTorch's error for a write whose input overlaps the written memory:
 * `fullToo` refuses inputs that are exactly the written elements too
 * (assert_no_overlap, as gather, cat or index_add_ do), else only partial
 * overlaps (assert_no_partial_overlap, as element-wise ops do).
 */
export function checkNoOverlap(written: Operand, input: Operand, fullToo: boolean): void {
  const o = memOverlap(written, input);
  if (o !== "partial" && !(fullToo && o === "full")) return;
  throw new RuntimeError(
    "unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory " +
      "location. Please clone() the tensor before performing the operation.",
  );
}
