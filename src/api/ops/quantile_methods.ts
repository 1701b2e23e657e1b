/**
 * NumPy 2.4's 13 quantile methods (Hyndman and Fan's nine, and lower/higher/midpoint/nearest) and its weighted
 * inverted_cdf, as positions in sorted rows: for each row's count of values and each q, the order statistics to
 * take or the two neighbours to interpolate and their weight. Computed on the host, in q's float dtype step by step
 * as NumPy computes them (the positions decide which values are read, so their rounding must be NumPy's).
 */
import type { Round } from "../../core/dtype.ts";
import { bisect } from "../../core/bisect.ts";

/** NumPy's `method` names for quantile/percentile, in NumPy's order. */
export const QUANTILE_METHODS = [
  "inverted_cdf",
  "averaged_inverted_cdf",
  "closest_observation",
  "interpolated_inverted_cdf",
  "hazen",
  "weibull",
  "linear",
  "median_unbiased",
  "normal_unbiased",
  "lower",
  "higher",
  "midpoint",
  "nearest",
] as const;

/** One of NumPy's quantile methods. */
export type QuantileMethod = typeof QUANTILE_METHODS[number];

/** Where each (row, q) quantile is read: indexes into the row's sorted values, and the interpolation weight. */
export interface Positions {
  /** The lower neighbour (or the order statistic taken), per row then per q. */
  prev: number[];
  /** The upper neighbour (equal to prev for the methods that take one value). */
  next: number[];
  /** NumPy's gamma in q's dtype (null for the methods that take one value). */
  gamma: number[] | null;
}

/** Python's floor modulo by 2 (NumPy's `%` on floats). */
const mod2 = (v: number) => ((v % 2) + 2) % 2;

/** NumPy's _compute_virtual_index: n q + (alpha + q (1 - alpha - beta)) - 1, each step rounded to q's dtype. */
function virtualIndex(f: Round, n: number, q: number, alpha: number, beta: number): number {
  return f(f(f(n * q) + f(f(alpha) + f(q * f(1 - alpha - beta)))) - 1);
}

/** NumPy's _discrete_interpolation_to_boundaries: floor(index), or the next one unless `atFloor`, at least 0. */
function boundary(f: Round, index: number, atFloor: (gamma: number, index: number) => boolean): number {
  const prev = Math.floor(index), gamma = f(index - prev);
  return Math.max(atFloor(gamma, index) ? prev : prev + 1, 0);
}

/** Round half to even (np.around). */
const rint = (v: number) => {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
};

/** The order statistic the discrete methods take (lower/higher/nearest on (n - 1) q, H&F 1 and 3 on n q). */
const DISCRETE: Partial<Record<QuantileMethod, (f: Round, n: number, q: number) => number>> = {
  inverted_cdf: (f, n, q) => boundary(f, f(f(n * q) - 1), (g) => g === 0),
  // H&F: "the nearest even order statistic at g = 0", 1-based, so the odd 0-based index
  closest_observation: (f, n, q) =>
    boundary(f, f(f(f(n * q) - 1) - 0.5), (g, i) => g === 0 && mod2(Math.floor(i)) === 1),
  lower: (f, n, q) => Math.floor(f((n - 1) * q)),
  higher: (f, n, q) => Math.ceil(f((n - 1) * q)),
  nearest: (f, n, q) => rint(f((n - 1) * q)),
};

/** The interpolating methods' virtual index (a fractional position in the sorted row). */
const CONTINUOUS: Partial<Record<QuantileMethod, (f: Round, n: number, q: number) => number>> = {
  averaged_inverted_cdf: (f, n, q) => f(f(n * q) - 1),
  interpolated_inverted_cdf: (f, n, q) => virtualIndex(f, n, q, 0, 1),
  hazen: (f, n, q) => virtualIndex(f, n, q, 0.5, 0.5),
  weibull: (f, n, q) => virtualIndex(f, n, q, 0, 0),
  // NumPy prefers (n - 1) q to the equivalent virtual index with alpha = beta = 1 (rounding)
  linear: (f, n, q) => f((n - 1) * q),
  median_unbiased: (f, n, q) => virtualIndex(f, n, q, 1 / 3, 1 / 3),
  normal_unbiased: (f, n, q) => virtualIndex(f, n, q, 3 / 8, 3 / 8),
  midpoint: (f, n, q) => {
    const v = f((n - 1) * q);
    return f(0.5 * f(Math.floor(v) + Math.ceil(v)));
  },
};

/** NumPy's fix_gamma: averaged_inverted_cdf's 1 or 0.5 (at a whole index), midpoint's 0.5 or 0 (at a whole index). */
function fixGamma(method: QuantileMethod, gamma: number, vi: number): number {
  if (method === "averaged_inverted_cdf") return gamma === 0 ? 0.5 : 1;
  if (method === "midpoint") return vi % 1 === 0 ? 0 : 0.5;
  return gamma;
}

/** Whether a method reads one order statistic (no interpolation: the result keeps the input's dtype). */
export const takesOne = (method: QuantileMethod): boolean => method in DISCRETE;

/**
 * The positions of each q in rows of `counts[r]` sorted values (NumPy's _quantile and _get_indexes): a virtual
 * index past the last value reads the last one, one below 0 the first; gamma is NumPy's (from the clamped index).
 */
export function quantilePositions(method: QuantileMethod, counts: number[], qs: number[], f: Round): Positions {
  const prev: number[] = [], next: number[] = [];
  const take = DISCRETE[method];
  if (take) {
    for (const n of counts) {
      for (const q of qs) {
        const i = Math.min(Math.max(take(f, n, q), 0), Math.max(n - 1, 0));
        prev.push(i), next.push(i);
      }
    }
    return { prev, next, gamma: null };
  }
  // every method that takes no single order statistic interpolates
  const virtual = CONTINUOUS[method]!, gamma: number[] = [];
  for (const n of counts) {
    const last = Math.max(n - 1, 0);
    for (const q of qs) {
      const vi = virtual(f, n, q);
      // NumPy marks both neighbours -1 (the last value) at or past the end, 0 below the start
      let p = Math.floor(vi), nx = p + 1;
      if (vi >= n - 1) p = nx = -1;
      if (vi < 0) p = nx = 0;
      gamma.push(f(fixGamma(method, f(vi - p), vi)));
      prev.push(p < 0 ? last : Math.min(p, last)), next.push(nx < 0 ? last : Math.min(nx, last));
    }
  }
  return { prev, next, gamma };
}

/**
 * NumPy's weighted inverted_cdf: in each row (its first counts[r] values sorted, their weights `w` in the same
 * order, `n` per row), the first value whose normalized cumulative weight reaches q. Leading zero weights are never
 * chosen; a row whose weights sum to zero (or include NaN or inf) is NumPy's error.
 */
export function weightedPositions(w: Float64Array, n: number, counts: number[], qs: number[], f: Round): Positions {
  const idx: number[] = [];
  counts.forEach((cnt, r) => {
    if (cnt === 0) return void idx.push(...qs.map(() => 0));
    const cdf = new Float64Array(cnt);
    let s = 0;
    for (let i = 0; i < cnt; i++) cdf[i] = s += w[r * n + i];
    const total = cdf[cnt - 1];
    if (Number.isNaN(total / total)) throw new RangeError("Weights included NaN, inf or were all zero.");
    // searchsorted compares in q's dtype; zeros (leading zero weights) become -1 so that q = 0 skips them
    cdf.forEach((v, i) => (cdf[i] = f(v / total) === 0 ? -1 : f(v / total)));
    for (const q of qs) idx.push(Math.min(bisect(cdf, q), cnt - 1));
  });
  return { prev: idx, next: idx, gamma: null };
}
