/** Histogram buckets as tensorboardX computes them (bins: "tensorflow", "auto", a count, or edges). */
import type { Histogram } from "./summary.ts";

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
function counts(sorted: Float64Array, edges: number[]): number[] {
  const out = new Array(edges.length - 1).fill(0);
  let b = 0;
  for (const v of sorted) {
    if (v < edges[0] || v > edges[edges.length - 1]) continue;
    while (b < out.length - 1 && v >= edges[b + 1]) b++;
    out[b]++;
  }
  return out;
}

/**
 * The HistogramProto fields for `values`, trimmed to the populated range
 * with one empty bucket on the left, as tensorboardX's make_histogram.
 */
export function makeHistogram(values: Float64Array, bins: "tensorflow" | "auto" | number | number[]): Histogram {
  if (values.length === 0) throw new RangeError("addHistogram: the histogram is empty");
  const sorted = Float64Array.from(values).sort();
  const edges = Array.isArray(bins)
    ? bins
    : bins === "tensorflow"
    ? tensorflowBins()
    : numpyEdges(sorted, bins as number | "auto");
  const c = counts(sorted, edges);
  let first = c.findIndex((x) => x > 0), last = c.length - 1;
  while (last > 0 && c[last] === 0) last--;
  if (first < 0) first = last = 0;
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
