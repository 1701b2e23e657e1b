/**
 * The layout of a new dense array made from or like another: NumPy's `order` ('C', 'F', 'A', 'K') and PyTorch's
 * memory formats (preserve_format, contiguous_format, channels_last, channels_last_3d). Each answers the strides
 * (in elements) of a new array that covers one block of memory; the element values are the caller's business.
 */
import { RuntimeError } from "./errors.ts";
import { contiguousStrides } from "./shape.ts";
import type { View } from "./view.ts";

/** NumPy's memory orders: C, Fortran, Fortran-if-the-input-is (A), the input's own (K). */
export type NpOrder = "C" | "F" | "A" | "K";

/** PyTorch's memory formats, by the camelCase names `torch.preserveFormat` etc. hold. */
export const MEMORY_FORMATS = ["preserveFormat", "contiguousFormat", "channelsLast", "channelsLast3d"] as const;

/** One of PyTorch's memory formats. */
export type MemoryFormat = typeof MEMORY_FORMATS[number];

/**
 * Strides of a dense array of `shape` whose dims run from outermost to innermost in `perm` order (a size 0 or 1
 * dim takes no room, as in both libraries).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { permutedStrides } from "./memory_format.ts";
 * assert.deepEqual(permutedStrides([2, 3, 4], [0, 2, 1]), [12, 1, 3]);
 * ```
 */
export function permutedStrides(shape: readonly number[], perm: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = perm.length - 1; i >= 0; i--) {
    s[perm[i]] = acc;
    acc *= Math.max(shape[perm[i]], 1);
  }
  return s;
}

const reversed = (n: number) => [...Array(n).keys()].reverse();

/**
 * Fortran-order strides of `shape` (the first dim innermost).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fortranStrides } from "./memory_format.ts";
 * assert.deepEqual(fortranStrides([2, 3, 4]), [1, 2, 6]);
 * ```
 */
export function fortranStrides(shape: readonly number[]): number[] {
  return permutedStrides(shape, reversed(shape.length));
}

/**
 * NumPy's strides for a new array like `v` (empty_like, copy, astype, np.array of an array) in `order`: 'A' is
 * Fortran when `v` is Fortran- but not C-contiguous, 'K' keeps `v`'s order of strides (by size, ties in axis
 * order), as PyArray_NewLikeArray does. `shape` (empty_like's shape=) replaces `v`'s; 'K' of another rank is C.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { View } from "./view.ts";
 * import { npOrderStrides } from "./memory_format.ts";
 * const t = new View([2, 3]).permute("T", [1, 0]); // shape [3, 2], strides [1, 3]
 * assert.deepEqual(npOrderStrides(t, "K"), [1, 3]);
 * assert.deepEqual(npOrderStrides(t, "C"), [2, 1]);
 * ```
 */
export function npOrderStrides(v: View, order: NpOrder, shape: readonly number[] = v.shape): number[] {
  const nd = shape.length;
  if (order === "A") order = v.ndim > 1 && v.isFContiguous && !v.isContiguous ? "F" : "C";
  if (order === "K") {
    if (v.ndim !== nd || v.isContiguous) order = "C";
    else if (v.isFContiguous) order = "F";
    else {
      const st = v.strides;
      const perm = [...Array(nd).keys()].sort((i, j) => Math.abs(st[j]) - Math.abs(st[i]) || i - j);
      return permutedStrides(shape, perm);
    }
  }
  return order === "F" ? fortranStrides(shape) : contiguousStrides(shape);
}

/**
 * Whether `v` covers one block without overlap (PyTorch's is_non_overlapping_and_dense): its strides, size-1 dims
 * aside, are some order's contiguous strides.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { View } from "./view.ts";
 * import { isDenseBlock } from "./memory_format.ts";
 * assert.equal(isDenseBlock(new View([3, 2], [1, 3])), true); // a transpose
 * assert.equal(isDenseBlock(new View([3, 2], [4, 2])), false); // a strided slice
 * ```
 */
export function isDenseBlock(v: View): boolean {
  const { shape, strides } = v;
  const perm = [...Array(v.ndim).keys()].sort((a, b) =>
    shape[a] < 2 ? (shape[b] < 2 ? 0 : 1) : shape[b] < 2 ? -1 : strides[a] - strides[b]
  );
  let want = 1;
  for (const d of perm) {
    if (shape[d] < 2) return true;
    if (strides[d] !== want) return false;
    want *= shape[d];
  }
  return true;
}

/**
 * PyTorch's infer_dense_strides: the dims ordered by stride (a stable insertion sort from the last dim; a 0 stride
 * is ambiguous and stays put; equal strides put the smaller dim inside), then dense strides in that order.
 */
function inferDenseStrides(v: View): number[] {
  const { shape, strides } = v, nd = v.ndim;
  const perm = reversed(nd); // innermost first
  const swap = (d0: number, d1: number) => {
    const s0 = Math.abs(strides[d0]), s1 = Math.abs(strides[d1]);
    if (s0 === 0 || s1 === 0) return 0;
    if (s0 !== s1) return s0 < s1 ? -1 : 1;
    return shape[d0] > shape[d1] ? 1 : 0;
  };
  for (let i = 1; i < nd; i++) {
    let d1 = i;
    for (let d0 = i - 1; d0 >= 0; d0--) {
      const c = swap(perm[d0], perm[d1]);
      if (c > 0) {
        [perm[d0], perm[d1]] = [perm[d1], perm[d0]];
        d1 = d0;
      } else if (c < 0) break;
    }
  }
  return permutedStrides(shape, perm.reverse());
}

const CHANNELS_LAST: Record<string, [number, string]> = { channelsLast: [4, ""], channelsLast3d: [5, "_3d"] };

/**
 * PyTorch's strides for a new tensor like `v` in memory format `fmt` (clone, empty_like, to): preserve_format
 * keeps `v`'s strides when it is one dense block and infers dense ones in its order otherwise; channels_last
 * (channels_last_3d) puts the channel dim innermost of a 4-d (5-d) tensor.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { View } from "./view.ts";
 * import { torchFormatStrides } from "./memory_format.ts";
 * assert.deepEqual(torchFormatStrides(new View([2, 3, 4, 5]), "channelsLast"), [60, 1, 15, 3]);
 * assert.deepEqual(torchFormatStrides(new View([3, 2], [1, 3]), "preserveFormat"), [1, 3]);
 * ```
 */
export function torchFormatStrides(v: View, fmt: MemoryFormat): number[] {
  if (fmt === "contiguousFormat") return contiguousStrides(v.shape);
  if (fmt === "preserveFormat") return isDenseBlock(v) ? [...v.strides] : inferDenseStrides(v);
  const [rank, sfx] = CHANNELS_LAST[fmt], nd = v.ndim;
  if (nd !== rank) throw new RuntimeError(`required rank ${rank} tensor to use channels_last${sfx} format`);
  return permutedStrides(v.shape, [0, ...Array.from({ length: nd - 2 }, (_, i) => i + 2), 1]);
}

/**
 * PyTorch's is_contiguous(memory_format): C order for contiguous_format (and preserve_format); for channels_last
 * (3d), the channel dim innermost, then the spatial dims from the last, then the batch, size-1 dims skipped.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { View } from "./view.ts";
 * import { isContiguousIn } from "./memory_format.ts";
 * assert.equal(isContiguousIn(new View([2, 3, 4, 5], [60, 1, 15, 3]), "channelsLast"), true);
 * assert.equal(isContiguousIn(new View([2, 3, 4, 5]), "channelsLast"), false);
 * ```
 */
export function isContiguousIn(v: View, fmt: MemoryFormat): boolean {
  if (fmt === "contiguousFormat" || fmt === "preserveFormat") return v.isContiguous;
  const nd = v.ndim;
  if (nd !== CHANNELS_LAST[fmt][0]) return false;
  let want = 1;
  for (const d of [1, ...reversed(nd).slice(0, nd - 2), 0]) {
    if (v.shape[d] === 1) continue;
    if (v.strides[d] !== want) return false;
    want *= v.shape[d];
  }
  return true;
}
