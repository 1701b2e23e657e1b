/**
 * Partial sorting along an axis: NumPy's partition/argpartition by introselect (quickselect with a median-of-three
 * pivot, a full sort of the range once the recursion runs too deep), O(n) per kth on average instead of a full sort.
 * NaN orders last, as in NumPy's sort. The order of the elements on each side of a kth differs from NumPy's.
 */
import { empty, type Operand } from "./operand.ts";
import { restore, rowsAlong } from "./sort.ts";

/** A row's values (any dtype's typed array). */
type Values = { readonly [i: number]: number | bigint };

/** a < b in NumPy's sort order (NaN after every number). */
const lt = (a: number | bigint, b: number | bigint) => a < b || (b !== b && a === a);

/** Sorts p[lo, hi) by v. */
function sortRange(v: Values, p: Int32Array, lo: number, hi: number): void {
  const part = Array.from(p.subarray(lo, hi)).sort((i, j) => (lt(v[i], v[j]) ? -1 : lt(v[j], v[i]) ? 1 : 0));
  p.set(part, lo);
}

/** Reorders p[lo, hi) so that p[k] is the index of the kth smallest value, smaller ones before it, larger after. */
function introselect(v: Values, p: Int32Array, lo: number, hi: number, k: number): void {
  const swap = (i: number, j: number) => {
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  };
  for (let depth = 2 * Math.ceil(Math.log2(hi - lo + 1)); hi - lo > 16; depth--) {
    if (depth === 0) return sortRange(v, p, lo, hi);
    // median of three: v[lo] <= pivot <= v[hi - 1] bound the scans below
    const mid = (lo + hi) >> 1;
    if (lt(v[p[mid]], v[p[lo]])) swap(mid, lo);
    if (lt(v[p[hi - 1]], v[p[mid]])) swap(hi - 1, mid);
    if (lt(v[p[mid]], v[p[lo]])) swap(mid, lo);
    const pivot = v[p[mid]];
    let i = lo, j = hi - 1;
    while (i <= j) {
      while (lt(v[p[i]], pivot)) i++;
      while (lt(pivot, v[p[j]])) j--;
      if (i <= j) swap(i++, j--);
    }
    // [lo, j] <= pivot <= [i, hi), and (j, i) equals the pivot
    if (k <= j) hi = j + 1;
    else if (k >= i) lo = i;
    else return;
  }
  sortRange(v, p, lo, hi);
}

/**
 * np.partition (or argpartition with `arg`) of x along `axis` around the sorted, non-negative kth indexes: the kth
 * elements in sorted place, smaller ones before each, larger ones after (a contiguous array of x's shape).
 */
export function partitionAlong(x: Operand, axis: number, kth: readonly number[], arg: boolean): Operand {
  const { rows, n, perm } = rowsAlong(x, axis);
  const nrows = n === 0 ? 0 : rows.layout.size / n, data = rows.storage.data, off = rows.layout.offset;
  const out = empty(rows.layout.shape, arg ? "int64" : x.storage.dtype);
  const od = out.storage.data as { [i: number]: number | bigint };
  const p = new Int32Array(n);
  for (let r = 0; r < nrows; r++) {
    const v = data.subarray(off + r * n, off + (r + 1) * n) as unknown as Values;
    for (let i = 0; i < n; i++) p[i] = i;
    let lo = 0;
    for (const k of kth) {
      if (k >= lo) introselect(v, p, lo, n, k);
      lo = k + 1;
    }
    for (let i = 0; i < n; i++) od[r * n + i] = arg ? BigInt(p[i]) : v[p[i]];
  }
  return restore(out, x.layout.shape, perm);
}
