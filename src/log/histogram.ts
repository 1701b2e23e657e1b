/**
 * Histogram buckets as PyTorch's make_histogram computes them (bins:
 * "tensorflow", "auto", a count, or edges; optional max_bins subsampling).
 */
import type { Histogram } from "./summary.ts";

/** What addHistogram's `bins` may be. */
export type Bins = "tensorflow" | "auto" | number | readonly number[];

/** TensorFlow's default bucket edges: +-1e-12 * 1.1^k up to 1e20, and 0. */
function tensorflowBins(): number[] {
  const pos: number[] = [];
  for (let v = 1e-12; v < 1e20; v *= 1.1) pos.push(v);
  return [...pos.map((v) => -v).reverse(), 0, ...pos];
}

function percentile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q, lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** NumPy's histogram edges for bins="auto" (min of Freedman-Diaconis and Sturges widths) or a count. */
function numpyEdges(sorted: Float64Array, bins: number | "auto"): number[] {
  let lo = sorted[0], hi = sorted[sorted.length - 1];
  if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
  let n: number;
  if (bins === "auto") {
    const ptp = hi - lo, size = sorted.length;
    const sturges = ptp / (Math.log2(size) + 1);
    const iqr = percentile(sorted, 0.75) - percentile(sorted, 0.25);
    const fd = 2 * iqr * size ** (-1 / 3);
    const width = fd > 0 ? Math.min(fd, sturges) : sturges;
    n = width > 0 ? Math.max(1, Math.ceil(ptp / width)) : 1;
  } else n = bins;
  const step = (hi - lo) / n; // np.linspace: i * step + lo, the last edge exact
  return Array.from({ length: n + 1 }, (_, i) => (i === n ? hi : i * step + lo));
}

/** Counts per [edge_i, edge_i+1) (the last bin closed), as np.histogram. */
function counts(sorted: Float64Array, edges: readonly number[]): number[] {
  const out = new Array(edges.length - 1).fill(0);
  let b = 0;
  for (const v of sorted) {
    if (v < edges[0] || v > edges[edges.length - 1]) continue;
    while (b < out.length - 1 && v >= edges[b + 1]) b++;
    out[b]++;
  }
  return out;
}

/** PyTorch's max_bins: sums runs of `num_bins // max_bins` buckets (zero-padding the last run). */
function subsample(c: number[], edges: readonly number[], maxBins: number): [number[], number[]] {
  if (c.length <= maxBins) return [c, [...edges]];
  const k = Math.floor(c.length / maxBins);
  const merged: number[] = [], kept: number[] = [];
  for (let i = 0; i < c.length; i += k) {
    merged.push(c.slice(i, i + k).reduce((a, b) => a + b, 0));
    kept.push(edges[i]);
  }
  return [merged, [...kept, edges[edges.length - 1]]];
}

/** Throws a RangeError unless `bins` can bucket anything (a count >= 1, or at least 2 increasing finite edges). */
function checkBins(bins: Bins): void {
  if (typeof bins === "number" && bins < 1) {
    throw new RangeError(`addHistogram(): bins must be positive when a count, got ${bins}`);
  }
  if (Array.isArray(bins)) {
    const bad = bins.findIndex((e, i) => !Number.isFinite(e) || (i > 0 && e < bins[i - 1]));
    if (bins.length < 2 || bad >= 0) {
      throw new RangeError(
        `addHistogram(): bin edges must be at least 2 finite numbers in increasing order, got [${bins.slice(0, 8)}${
          bins.length > 8 ? ", ..." : ""
        }]`,
      );
    }
  }
}

/** Throws a RangeError at the first NaN or infinity: TensorBoard cannot bucket them (PyTorch's histogram documents the same). */
function checkFinite(values: Float64Array): void {
  const i = values.findIndex((v) => !Number.isFinite(v));
  if (i >= 0) {
    throw new RangeError(`addHistogram(): values must be finite, got ${values[i]} at flat index ${i}`);
  }
}

/**
 * The HistogramProto fields for `values`, trimmed to the populated range
 * with one empty bucket on the left, as PyTorch's make_histogram.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { makeHistogram } from "./histogram.ts";
 * const h = makeHistogram(new Float64Array([1, 2, 2, 3]), 2);
 * // an empty bucket, then [1, 2) and [2, 3]
 * assert.deepEqual([[...h.bucketLimit], [...h.bucket]], [[1, 2, 3], [0, 1, 3]]);
 * ```
 */
export function makeHistogram(values: Float64Array, bins: Bins, maxBins?: number): Histogram {
  if (values.length === 0) throw new RangeError("addHistogram(): the histogram is empty (no values)");
  checkFinite(values);
  checkBins(bins);
  const sorted = Float64Array.from(values).sort();
  const edges0 = typeof bins === "object" ? bins : bins === "tensorflow" ? tensorflowBins() : numpyEdges(sorted, bins);
  const [c, edges] = subsample(counts(sorted, edges0), edges0, maxBins ?? Infinity);
  const first = c.findIndex((x) => x > 0);
  if (first < 0) {
    throw new RangeError(
      `addHistogram(): no value lies within the bin edges [${edges[0]}, ${edges[edges.length - 1]}]`,
    );
  }
  let last = c.length - 1;
  while (c[last] === 0) last--;
  const bucket = first > 0 ? c.slice(first - 1, last + 1) : [0, ...c.slice(0, last + 1)];
  const bucketLimit = edges.slice(first, last + 2);
  let sum = 0, sq = 0;
  for (const v of values) {
    sum += v;
    sq += v * v;
  }
  return {
    min: sorted[0],
    max: sorted[sorted.length - 1],
    num: values.length,
    sum,
    sumSquares: sq,
    bucketLimit,
    bucket,
  };
}
