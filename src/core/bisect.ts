/** Binary search over sorted numbers (Python's bisect module). */

/**
 * Python's bisect_left (or bisect_right with `right`) over ascending values: the index at which `x` would be
 * inserted before (after) the values equal to it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bisect } from "./bisect.ts";
 * assert.equal(bisect([1, 2, 2, 3], 2), 1);
 * assert.equal(bisect([1, 2, 2, 3], 2, true), 3);
 * ```
 */
export function bisect(a: ArrayLike<number>, x: number, right = false): number {
  let lo = 0, hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (right ? a[mid] <= x : a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
