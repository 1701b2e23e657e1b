/**
 * np.block: an array assembled from nested lists of blocks, with NumPy's
 * rules: every block sits at the same list depth, blocks gain leading 1-dims
 * up to max(list depth, largest block ndim), the innermost lists join along
 * the last axis, the next ones along the axis before, and so on.
 */
import { concatenate } from "../../ops/join.ts";
import { atLeastNd, contiguous, type Operand } from "../../ops/operand.ts";
import { type ArrayData, asOperand, toOperand } from "../convert.ts";
import { type Args, defineOp } from "../define.ts";
import { req } from "../signature.ts";

/** A block's position: the list indices leading to it (null last: an empty list there). */
type Index = (number | null)[];

/** NumPy's _block_format_index: "arrays[0][2]". */
const fmt = (index: Index): string => "arrays" + index.filter((i) => i !== null).map((i) => `[${i}]`).join("");

/** A block as an operand (JS scalars and typed arrays converted as np.asanyarray does). */
const blockOf = (v: unknown): Operand => asOperand(v) ?? toOperand("block", v as ArrayData, undefined, false);

/**
 * NumPy's _block_check_depths_match: the index of the deepest first block (or empty list) and the largest block
 * ndim; mismatched depths are NumPy's ValueError.
 */
function depths(arrays: unknown, parent: Index): [Index, number] {
  if (!Array.isArray(arrays)) return [parent, blockOf(arrays).layout.ndim];
  if (arrays.length === 0) return [[...parent, null], 0];
  let [first, ndim] = depths(arrays[0], [...parent, 0]);
  for (let i = 1; i < arrays.length; i++) {
    const [index, nd] = depths(arrays[i], [...parent, i]);
    ndim = Math.max(ndim, nd);
    if (index.length !== first.length) {
      throw new RangeError(
        `List depths are mismatched. First element was at depth ${first.length}, but there is an element at depth ` +
          `${index.length} (${fmt(index)})`,
      );
    }
    if (index[index.length - 1] === null) first = index;
  }
  return [first, ndim];
}

/**
 * The nested lists copied, each length read once: the depth check and the assembly then see the same lists (a
 * Proxy could answer a different length each time; a hole is undefined, which no block is).
 */
function snapshot(v: unknown): unknown {
  if (!Array.isArray(v)) return v;
  const n = v.length, out = new Array(n);
  for (let i = 0; i < n; i++) out[i] = snapshot(v[i]);
  return out;
}

/** NumPy's _block: the lists at depth d join along axis ndim - (depth - d). */
function assemble(arrays: unknown, depth: number, ndim: number, d: number): Operand {
  if (d === depth) return atLeastNd(blockOf(arrays), ndim);
  const parts = (arrays as unknown[]).map((a) => assemble(a, depth, ndim, d + 1));
  return concatenate(parts, ndim - (depth - d));
}

/** np.block: the assembled array (a copy, also of a single block). */
function npBlock(a: Args): Operand {
  const arrays: unknown = snapshot(a.arrays);
  const [bottom, arrNdim] = depths(arrays, []);
  if (bottom.length > 0 && bottom[bottom.length - 1] === null) {
    throw new RangeError(`List at ${fmt(bottom)} cannot be empty`);
  }
  const depth = bottom.length, ndim = Math.max(arrNdim, depth), r = assemble(arrays, depth, ndim, 0);
  // concatenate made a new array; a single block is copied
  return depth === 0 ? contiguous(r, true) : r;
}

/** The op. */
export const BLOCK = {
  block: defineOp({
    name: "block",
    doc: "An array assembled from nested lists of blocks (the innermost lists join along the last axis).",
    np: { names: ["block"], overloads: [{ sig: { pos: [req("arrays", "any")], kw: [] }, impl: npBlock }] },
  }),
};
