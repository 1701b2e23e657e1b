/** Sorting along an axis: sort, argsort and the order statistics built on them. */
import { backendOf } from "../backend/backend.ts";
import { normalizeAxis } from "../core/shape.ts";
import { View } from "../core/view.ts";
import { contiguous, copyInto, empty, type Operand, zeros } from "./operand.ts";

/**
 * `x` with `axis` moved last, contiguous, shaped (rows, n): a copy when `copy` (sort writes into it), else `x`'s own
 * memory where it already is so (argsort and topk only read it).
 */
export function rowsAlong(x: Operand, axis: number, copy = true): { rows: Operand; n: number; perm: number[] } {
  const nd = x.layout.ndim;
  const perm = [...[...Array(nd).keys()].filter((d) => d !== axis), axis];
  const moved = { storage: x.storage, layout: x.layout.permute("sort", perm) };
  return { rows: contiguous(moved, copy), n: x.layout.shape[axis], perm };
}

/** Puts rows (in moved-axis order, as rowsAlong's `perm` made them) back into x's dim order as a new contiguous array. */
export function restore(rows: Operand, shape: readonly number[], perm: number[]): Operand {
  // the axis was last already: the rows are the result
  if (perm.every((p, i) => p === i)) return { storage: rows.storage, layout: new View(shape) };
  const moved = new View(perm.map((p) => shape[p]));
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  const out = empty(shape, rows.storage.dtype, rows.storage.device);
  copyInto({ storage: rows.storage, layout: moved.permute("sort", inv) }, out);
  return out;
}

/** Sorted copy along `axis` (null: flattened); NaN last, stable. */
export function sort(x: Operand, axis: number | null = -1, descending = false): Operand {
  if (axis === null) x = { storage: contiguous(x).storage, layout: new View([x.layout.size]) };
  if (x.layout.ndim === 0) return contiguous(x, true);
  const ax = normalizeAxis("sort", axis ?? 0, x.layout.ndim);
  const { rows, n, perm } = rowsAlong(x, ax);
  if (n > 0) backendOf(rows).sort(rows.storage, x.layout.size / n, n, descending);
  return restore(rows, x.layout.shape, perm);
}

/** Indices that sort along `axis` (null: flattened), stable. */
export function argsort(x: Operand, axis: number | null = -1, descending = false): Operand {
  if (axis === null) x = { storage: contiguous(x).storage, layout: new View([x.layout.size]) };
  if (x.layout.ndim === 0) return zeros([], "int64", x.storage.device);
  const ax = normalizeAxis("argsort", axis ?? 0, x.layout.ndim);
  const { rows, n, perm } = rowsAlong(x, ax, false);
  const idx = empty(rows.layout.shape, "int64", rows.storage.device);
  if (n > 0) backendOf(rows).argsort(rows.storage, idx.storage, x.layout.size / n, n, descending);
  return restore(idx, x.layout.shape, perm);
}

/**
 * torch.topk(sorted=True) along `axis`: the k largest (or smallest) values and their int64 indices, shaped as `x`
 * with k along `axis`, ties in PyTorch's order (its nth_element / partial_sort, ported in kernels/cpu/topk_order.h);
 * null where the backend lacks the kernel (the caller takes a stable argsort's first k).
 */
export function topk(x: Operand, axis: number, k: number, largest: boolean): [Operand, Operand] | null {
  const be = backendOf(x);
  if (!be.topk || k === 0) return null;
  const { rows, n, perm } = rowsAlong(x, axis, false);
  const count = x.layout.size / n, dev = x.storage.device;
  const vals = empty([count, k], x.storage.dtype, dev), idx = empty([count, k], "int64", dev);
  if (count > 0) be.topk(rows.storage, vals.storage, idx.storage, count, n, k, largest);
  const shape = x.layout.shape.map((d, i) => (i === axis ? k : d));
  return [restore(vals, shape, perm), restore(idx, shape, perm)];
}
