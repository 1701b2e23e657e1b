/**
 * Histograms: np.histogram and np.histogramBinEdges with NumPy's bin-width estimators ('auto', 'fd', 'doane',
 * 'scott', 'stone', 'rice', 'sturges', 'sqrt'), np.histogram2d / np.histogramdd, and torch.histogramdd (of which
 * torch.histogram is the one-dimensional case); host-side loops over float64 copies.
 */
import { bisect } from "../../core/bisect.ts";
import { CPP_TYPE_NAME, type DType, isFloat, type Round, roundTo, TORCH_TYPE_NAME } from "../../core/dtype.ts";
import { RuntimeError } from "../../core/errors.ts";
import { sameShape, View } from "../../core/view.ts";
import { castTo, contiguous, type Operand, toDevice } from "../../ops/operand.ts";
import { type ArrayData, asOperand, toOperand } from "../convert.ts";
import { type Args, defineOp } from "../define.ts";
import { describe, opt, req } from "../signature.ts";
import { asArray, cppNumber, extremes, float64s, hostValues, isScalar, view } from "./common.ts";
import { linspaceNp, linspaceTorch } from "./creation.ts";
import { quantilePositions } from "./quantile_methods.ts";

// ---------- host helpers ----------

/** The bin of v among sorted edges (edges[i] <= v < edges[i + 1], the last bin closed), -1 outside. */
function binOf(v: number, ev: ArrayLike<number>): number {
  const nb = ev.length - 1;
  if (!(v >= ev[0] && v <= ev[nb])) return -1;
  return Math.min(bisect(ev, v, true) - 1, nb - 1);
}

/** Sums of weights (or counts) per bin of sorted edges: edges[i] <= v < edges[i + 1], the last bin closed. */
export function binCounts(xv: Float64Array, wv: Float64Array | null, ev: Float64Array): Float64Array {
  const hist = new Float64Array(Math.max(ev.length - 1, 0));
  xv.forEach((v, i) => {
    const b = binOf(v, ev);
    if (b >= 0) hist[b] += wv ? wv[i] : 1;
  });
  return hist;
}

/** np.linspace between float32 scalars (an autodetected range): every step in float32. */
function linspaceF32(lo: number, hi: number, num: number): Operand {
  const f = Math.fround, div = num - 1, delta = f(hi - lo), step = f(delta / div);
  const v = Array.from({ length: num }, (_, i) => f((step === 0 ? f(f(i / div) * delta) : f(i * step)) + lo));
  v[num - 1] = hi;
  return castTo(float64s(v), "float32");
}

/** NumPy's pairwise sum of a short array (eight lanes from eight elements on), rounding each step with `f`. */
function npSum32(v: Float64Array, f: Round): number {
  if (v.length < 8) return v.reduce((p, x) => f(p + x), 0);
  const r = Array.from(v.subarray(0, 8));
  let i = 8;
  for (; i + 8 <= v.length; i += 8) for (let j = 0; j < 8; j++) r[j] = f(r[j] + v[i + j]);
  let res = f(f(f(r[0] + r[1]) + f(r[2] + r[3])) + f(f(r[4] + r[5]) + f(r[6] + r[7])));
  for (; i < v.length; i++) res = f(res + v[i]);
  return res;
}

/** float64's rounding (none): the edges' rounding where they are not the data's float32 extremes. */
const same = roundTo("float64");

// ---------- NumPy's bin edges ----------

/** NumPy's _get_outer_edges: the range given, or the data's [min, max] (float32 scalars for float32 data). */
interface Outer {
  lo: number;
  hi: number;
  /** The rounding of arithmetic on the edges: float32 where they are the data's float32 extremes. */
  f: Round;
}

/** A [min, max] pair of numbers (NumPy's and PyTorch's `range`). */
function rangePair(r: unknown): [number, number] {
  if (!Array.isArray(r) || r.length !== 2 || !r.every((v) => typeof v === "number")) {
    throw new TypeError("histogram: range must be a pair of numbers [min, max]");
  }
  return r as [number, number];
}

/** NumPy's _get_outer_edges: the range given or the data's extremes, widened by 0.5 each way when equal. */
function npOuter(xv: Float64Array, dt: DType, range: unknown): Outer {
  let lo: number, hi: number, f = same;
  if (range !== null && range !== undefined) {
    [lo, hi] = rangePair(range);
    if (lo > hi) throw new RangeError("max must be larger than min in range parameter.");
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
      throw new RangeError(`supplied range of [${cppNumber(lo)}, ${cppNumber(hi)}] is not finite`);
    }
  } else if (xv.length === 0) [lo, hi] = [0, 1];
  else {
    [lo, hi] = extremes(xv);
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
      throw new RangeError(`autodetected range of [${cppNumber(lo)}, ${cppNumber(hi)}] is not finite`);
    }
    if (dt === "float32") f = Math.fround;
  }
  if (lo === hi) [lo, hi] = [f(lo - 0.5), f(hi + 0.5)];
  return { lo, hi, f };
}

/** The sample standard deviation (ddof 0). */
function std(v: Float64Array): number {
  const m = v.reduce((p, x) => p + x, 0) / v.length;
  return Math.sqrt(v.reduce((p, x) => p + (x - m) * (x - m), 0) / v.length);
}

/** NumPy's linear percentile (np.percentile(x, q / 100)) of sorted values, their float rounding `f`. */
function percentileOf(s: Float64Array, q: number, f: Round): number {
  const { prev, next, gamma } = quantilePositions("linear", [s.length], [q], same);
  const a = s[prev[0]], b = s[next[0]], t = gamma![0], diff = f(b - a);
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** What a bin-width estimator sees: the values (in the range), their dtype's rounding, their ptp, the edges. */
interface Sample {
  v: Float64Array;
  f: Round;
  ptp: number;
  outer: Outer;
  dt: DType;
}

/**
 * NumPy's bin-width estimators (numpy/lib/_histograms_impl.py), 0 for one bin. rice, scott and stone's widths are
 * scalars of the data's float dtype (NumPy's weak Python floats), the others float64.
 */
const ESTIMATORS: Record<string, (s: Sample) => number> = {
  sqrt: (s) => s.ptp / Math.sqrt(s.v.length),
  sturges: (s) => s.ptp / (Math.log2(s.v.length) + 1),
  rice: (s) => s.f(s.ptp / s.f(2 * s.v.length ** (1 / 3))),
  scott: (s) => s.f(s.f((24 * Math.PI ** 0.5 / s.v.length) ** (1 / 3)) * s.f(std(s.v))),
  stone: (s) => {
    const n = s.v.length;
    if (n <= 1 || s.ptp === 0) return 0;
    // the bin count minimizing Stone's leave-one-out risk estimate (the first minimum)
    let best = 1, bestJ = Infinity;
    for (let nb = 1; nb <= Math.max(100, Math.floor(Math.sqrt(n))); nb++) {
      const edges = hostValues(equalEdges(s.outer, nb, s.dt, true));
      const p = binCounts(s.v, null, edges).map((c) => c / n), hh = s.f(s.ptp / nb);
      const j = (2 - (n + 1) * p.reduce((acc, x) => acc + x * x, 0)) / hh;
      if (j < bestJ) [best, bestJ] = [nb, j];
    }
    return s.f(s.ptp / best);
  },
  doane: (s) => {
    const n = s.v.length;
    if (n <= 2) return 0;
    const sg1 = Math.sqrt((6 * (n - 2)) / ((n + 1) * (n + 3))), sigma = std(s.v);
    if (!(sigma > 0)) return 0;
    const m = s.v.reduce((p, x) => p + x, 0) / n;
    const g1 = s.v.reduce((p, x) => p + ((x - m) / sigma) ** 3, 0) / n;
    return s.ptp / (1 + Math.log2(n) + Math.log2(1 + Math.abs(g1) / sg1));
  },
  fd: (s) => {
    const v = Float64Array.from(s.v).sort();
    return 2 * (percentileOf(v, 0.75, s.f) - percentileOf(v, 0.25, s.f)) * v.length ** (-1 / 3);
  },
  auto: (s) => Math.min(Math.max(ESTIMATORS.fd(s), ESTIMATORS.sqrt(s) / 2), ESTIMATORS.sturges(s)),
};

/** n + 1 equal edges over the outer edges, in the bins' dtype (float32 steps between float32 extremes). */
function equalEdges(outer: Outer, n: number, dt: DType, stepsInDtype: boolean): Operand {
  const bdt: DType = isFloat(dt) ? dt : "float64";
  return stepsInDtype && outer.f !== same
    ? linspaceF32(outer.lo, outer.hi, n + 1)
    : linspaceNp(outer.lo, outer.hi, n + 1, true, bdt);
}

/**
 * NumPy's _get_bin_edges: equal bins (a count, or the count an estimator's width gives over the range) or the
 * monotonic edges given.
 */
function npBinEdges(x: Operand, xv: Float64Array, bins: unknown, range: unknown, weighted: boolean): Operand {
  const dt = x.storage.dtype;
  let n: number, outer: Outer;
  if (typeof bins === "string") {
    const estimate = ESTIMATORS[bins];
    if (!estimate) throw new RangeError(`'${bins}' is not a valid estimator for \`bins\``);
    if (weighted) throw new TypeError("Automated estimation of the number of bins is not supported for weighted data");
    outer = npOuter(xv, dt, range);
    const inRange = range === null ? xv : xv.filter((v) => v >= outer.lo && v <= outer.hi);
    const f = roundTo(dt);
    const ptp = inRange.length ? (([lo, hi]) => f(hi - lo))(extremes(inRange)) : 0;
    let width = inRange.length ? estimate({ v: inRange, f, ptp, outer, dt }) : 0;
    if (width) {
      if (!isFloat(dt) && width < 1) width = 1;
      const delta = outer.f(outer.hi - outer.lo);
      // a float32 width divides a float32 delta (the data's extremes) in float32
      const f32 = bins === "rice" || bins === "scott" || bins === "stone" ? outer.f : same;
      n = Math.ceil(f32(delta / width));
    } else n = 1;
  } else if (isScalar(bins)) {
    n = Number(bins);
    if (!Number.isInteger(n)) throw new TypeError("`bins` must be an integer, a string, or an array");
    if (n < 1) throw new RangeError("`bins` must be positive, when an integer");
    outer = npOuter(xv, dt, range);
  } else {
    const edges = asArray("histogram", bins);
    if (edges.layout.ndim !== 1) throw new RangeError("`bins` must be 1d, when an array");
    const ev = hostValues(edges);
    if (ev.some((v, i) => i > 0 && ev[i - 1] > v)) {
      throw new RangeError("`bins` must increase monotonically, when an array");
    }
    return edges;
  }
  const edges = equalEdges(outer, n, dt, range === null || range === undefined);
  const ev = hostValues(edges);
  if (ev.some((v, i) => i > 0 && !(ev[i - 1] < v))) {
    throw new RangeError(`Too many bins for data range. Cannot create ${n} finite-sized bins.`);
  }
  return edges;
}

/** NumPy's _ravel_and_check_weights: a bool input counts as uint8; weights must have a's shape. */
function npRavel(a: Args): { x: Operand; w: Operand | null } {
  const x: Operand = a.a, w: Operand | null = a.weights;
  if (w && !sameShape(w.layout.shape, x.layout.shape)) throw new RangeError("weights should have the same shape as a.");
  return { x: x.storage.dtype === "bool" ? castTo(x, "uint8") : x, w };
}

/** np.histogram: [hist, bin_edges], counts (or summed weights, or a density) in the bins NumPy chooses. */
export function npHistogram(a: Args): Operand[] {
  const { x, w } = npRavel(a), xv = hostValues(x);
  const edges = npBinEdges(x, xv, a.bins, a.range, w !== null);
  const hist = binCounts(xv, w ? hostValues(w) : null, hostValues(edges));
  const counts = castTo(float64s(hist), w ? w.storage.dtype : "int64");
  if (a.density) {
    // the counts in their dtype (float32 weights: float32 sums, summed as NumPy's float32 sum), the widths in the
    // edges' dtype (np.diff(bin_edges))
    const cv = hostValues(counts), ev = hostValues(edges), total = npSum32(cv, roundTo(counts.storage.dtype));
    const width = (i: number) => roundTo(edges.storage.dtype)(ev[i + 1] - ev[i]);
    return [float64s(cv.map((v, i) => v / width(i) / total)), edges];
  }
  return [counts, edges];
}

// ---------- NumPy's multi-dimensional histograms ----------

/** histogramdd's sample as (N, D): an (N, D) array, a 1-d one as (N, 1), or a list of D coordinate arrays. */
function npSample(sample: unknown): Operand {
  const o = asOperand(sample);
  const s = o ?? toOperand("histogramdd", sample as ArrayData);
  if (s.layout.ndim === 2 && o) return s;
  // np.atleast_2d(sample).T
  const two = s.layout.ndim === 0
    ? view(s, new View([1, 1]))
    : s.layout.ndim === 1
    ? view(s, s.layout.unsqueeze(0))
    : s;
  if (two.layout.ndim !== 2) throw new RangeError("too many values to unpack (expected 2)");
  return view(two, two.layout.permute("histogramdd", [1, 0]));
}

/** The bins of each of D dims: a count for all, or one entry (a count or 1-d edges) per dim. */
function perDim(bins: unknown, d: number): unknown[] {
  const o = asOperand(bins);
  if (isScalar(bins) || (o && o.layout.ndim === 0)) return Array(d).fill(o ? hostValues(o)[0] : bins);
  const list: unknown[] = o ? Array.from({ length: o.layout.shape[0] }, (_, i) => indexFirst(o, i)) : bins as unknown[];
  if (list.length !== d) throw new RangeError("The dimension of bins must be equal to the dimension of the sample x.");
  return list.map((b) => {
    const e = asOperand(b);
    return e && e.layout.ndim === 0 ? hostValues(e)[0] : b;
  });
}

/** Column i of an (N, D) operand, as float64 host values. */
function column(x: Operand, i: number): Float64Array {
  const { shape, strides, offset } = x.layout;
  return hostValues(view(x, new View([shape[0]], [strides[0]], offset + i * strides[1])));
}

/** x[i] along the first axis. */
function indexFirst(x: Operand, i: number): Operand {
  const { shape, strides, offset } = x.layout;
  return view(x, new View(shape.slice(1), strides.slice(1), offset + i * strides[0]));
}

/**
 * The counts (or summed weights, each sum rounded with `f`) of points in the bins of every dim, points given as one
 * column of coordinates per dim; a point outside any dim's edges is left out.
 */
function ddCounts(cols: Float64Array[], evs: Float64Array[], wv: Float64Array | null, f: Round) {
  const shape = evs.map((e) => Math.max(e.length - 1, 0)), hist = new Float64Array(shape.reduce((p, v) => p * v, 1));
  for (let k = 0; k < (cols[0]?.length ?? 0); k++) {
    let flat = 0;
    for (let i = 0; i < cols.length && flat >= 0; i++) {
      const b = binOf(cols[i][k], evs[i]);
      flat = b < 0 ? -1 : flat * shape[i] + b;
    }
    if (flat >= 0) hist[flat] = f(hist[flat] + (wv ? wv[k] : 1));
  }
  return { hist, shape };
}

/** np.histogramdd: [hist (float64, one axis per dim), [edges of each dim]]. */
export function npHistogramdd(sample: unknown, bins: unknown, range: unknown, density: boolean, weights: unknown) {
  const s = npSample(sample), [n, d] = s.layout.shape, dt = s.storage.dtype;
  const entries = perDim(bins, d);
  const ranges = range === null || range === undefined ? Array(d).fill(null) : range as unknown[];
  if (!Array.isArray(ranges) || ranges.length !== d) {
    throw new RangeError("range argument must have one entry per dimension");
  }
  const cols = Array.from({ length: d }, (_, i) => column(s, i));
  const edges = entries.map((b, i) => {
    if (typeof b === "number" || typeof b === "bigint" || typeof b === "boolean") {
      const count = Number(b);
      if (count < 1) throw new RangeError(`\`bins[${i}]\` must be positive, when an integer`);
      const outer = npOuter(cols[i], dt, ranges[i]);
      if (!Number.isInteger(count)) throw new TypeError(`\`bins[${i}]\` must be an integer, when a scalar`);
      // np.linspace(smin, smax, n + 1) of Python floats: float64 edges (float32 steps between float32 extremes)
      return equalEdges(outer, count, "float64", true);
    }
    const e = asArray("histogramdd", b);
    if (e.layout.ndim !== 1) throw new RangeError(`\`bins[${i}]\` must be a scalar or 1d array`);
    const ev = hostValues(e);
    if (ev.some((v, j) => j > 0 && ev[j - 1] > v)) {
      throw new RangeError(`\`bins[${i}]\` must be monotonically increasing, when an array`);
    }
    return contiguous(e, true);
  });
  const evs = edges.map(hostValues);
  let wv: Float64Array | null = null;
  if (weights !== null && weights !== undefined) {
    const w = asArray("histogramdd", weights);
    if (w.layout.ndim !== 1) throw new RangeError("object too deep for desired array");
    if (w.layout.size !== n) throw new RangeError("The weights and list don't have the same length.");
    wv = hostValues(w);
  }
  const { hist, shape } = ddCounts(cols, evs, wv, same);
  if (density) {
    // divided by each dim's widths (in its edges' dtype), then by the total count
    const total = hist.reduce((p, v) => p + v, 0);
    const widths = edges.map((e, i) => {
      const f = roundTo(e.storage.dtype);
      return Array.from({ length: shape[i] }, (_, j) => f(evs[i][j + 1] - evs[i][j]));
    });
    hist.forEach((v, flat) => {
      let r = flat;
      for (let i = d - 1; i >= 0; i--) {
        v /= widths[i][r % shape[i]];
        r = Math.floor(r / shape[i]);
      }
      hist[flat] = v / total;
    });
  }
  return [float64s(hist, shape), edges];
}

/** np.histogram2d: [H, xedges, yedges], histogramdd of the points (x, y). */
function npHistogram2d(a: Args): unknown[] {
  const x: Operand = a.x, y: Operand = a.y;
  if (x.layout.ndim === 0 || y.layout.ndim === 0) throw new TypeError("len() of unsized object");
  if (x.layout.shape[0] !== y.layout.shape[0]) throw new RangeError("x and y must have the same length.");
  let bins: unknown = a.bins;
  const o = asOperand(bins);
  if (!o && !isScalar(bins) && !Array.isArray(bins)) {
    throw new TypeError(`histogram2d(): bins must be an integer, a list or an array, not ${describe(bins)}`);
  }
  const len = isScalar(bins) || (o && o.layout.ndim === 0) ? 1 : o ? o.layout.shape[0] : (bins as unknown[]).length;
  // NumPy: a sequence of neither one nor two entries is the edges of both dims
  if (len !== 1 && len !== 2) bins = [bins, bins];
  const [hist, edges] = npHistogramdd([x, y], bins, a.range, a.density, a.weights) as [Operand, Operand[]];
  return [hist, ...edges];
}

// ---------- PyTorch's histogramdd ----------

/**
 * torch.histogramdd over the points of an (M, N) input: equal bins over each dim's range (the data's, widened by
 * 0.5 when empty) or the edges given, weights summed and a density in the input's dtype.
 */
export function torchHistogramdd(
  x: Operand,
  bins: unknown[],
  range: unknown,
  w: Operand | null,
  density: boolean,
): [Operand, Operand[]] {
  const dt = x.storage.dtype, [m, n] = x.layout.shape;
  if (!isFloat(dt)) throw new RuntimeError(`"histogramdd" not implemented for '${TORCH_TYPE_NAME[dt]}'`);
  if (w && w.storage.dtype !== dt) {
    throw new RuntimeError(
      `torch.histogramdd: if weight tensor is provided, input tensor and weight tensor should have the same dtype, but got input(${
        CPP_TYPE_NAME[dt]
      }), and weight(${CPP_TYPE_NAME[w.storage.dtype]})`,
    );
  }
  const cols = Array.from({ length: n }, (_, i) => column(x, i));
  let r: number[] | null = null;
  if (range !== null && range !== undefined) {
    if (!Array.isArray(range) || !range.every((v) => typeof v === "number")) {
      throw new TypeError("histogramdd: range must be a list of numbers [min0, max0, min1, max1, ...]");
    }
    if (range.length !== 2 * n) {
      throw new RuntimeError(
        `torch.histogramdd: for a ${n}-dimensional histogram range should have ${
          2 * n
        } elements, but got ${range.length}`,
      );
    }
    r = range as number[];
  }
  const edges = bins.map((b, i) => {
    if (!isScalar(b)) {
      const e = b as Operand;
      if (e.storage.dtype !== dt) {
        throw new RuntimeError(
          `torch.histogramdd: input tensor and bins tensors should have the same dtype, but got input with dtype ${
            CPP_TYPE_NAME[dt]
          } and bins for dimension ${i} with dtype ${CPP_TYPE_NAME[e.storage.dtype]}`,
        );
      }
      if (e.layout.ndim !== 1) {
        throw new RuntimeError(
          `torch.histogramdd: bins tensor should have one dimension, but got ${e.layout.ndim} dimensions in the bins tensor for dimension ${i}`,
        );
      }
      if (e.layout.size === 0) {
        throw new RuntimeError(
          `torch.histogramdd: bins tensor should have at least 1 element, but got 0 elements in the bins tensor for dimension ${i}`,
        );
      }
      if (e.layout.size < 2) {
        throw new RuntimeError(`torch.histogram(): bins must be > 0, but got ${e.layout.size - 1} for dimension ${i}`);
      }
      // bin_edges are new tensors, also when the edges were given
      return contiguous(toDevice(e, x.storage.device), true);
    }
    const count = Number(b);
    if (count <= 0) throw new RuntimeError(`torch.histogram(): bins must be > 0, but got ${count} for dimension ${i}`);
    let [lo, hi] = r ? [r[2 * i], r[2 * i + 1]] : m > 0 ? extremes(cols[i]) : [0, 1];
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
      throw new RuntimeError(
        `torch.histogramdd: dimension ${i}'s range [${cppNumber(lo)}, ${cppNumber(hi)}] is not finite`,
      );
    }
    if (lo > hi) {
      throw new RuntimeError(
        `torch.histogramdd: min should not exceed max, but got min ${lo} max ${hi} for dimension ${i}`,
      );
    }
    if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
    return toDevice(linspaceTorch(lo, hi, count + 1, dt), x.storage.device);
  });
  const evs = edges.map(hostValues), f = roundTo(dt);
  // PyTorch sums the weights in the input's dtype
  const { hist, shape } = ddCounts(cols, evs, w ? hostValues(w) : null, f);
  if (density) {
    // PyTorch divides by the total, then by each dim's widths, in the input's dtype
    const total = f(hist.reduce((p, v) => p + v, 0));
    hist.forEach((v, flat) => {
      let q = f(v / total), rem = flat;
      const idx = shape.map(() => 0);
      for (let i = n - 1; i >= 0; i--) [idx[i], rem] = [rem % shape[i], Math.floor(rem / shape[i])];
      idx.forEach((j, i) => (q = f(q / f(evs[i][j + 1] - evs[i][j]))));
      hist[flat] = q;
    });
  }
  return [toDevice(castTo(float64s(hist, shape), dt), x.storage.device), edges];
}

/** torch.histogramdd's checks and call: input (..., N) as (M, N) points, weight of its leading shape. */
function torchHistogramddCall(a: Args): unknown[] {
  const x: Operand = a.input, w: Operand | null = a.weight;
  if (x.layout.ndim < 2) {
    throw new RuntimeError(`torch.histogramdd: input tensor should have at least 2 dimensions`);
  }
  const n = x.layout.shape[x.layout.ndim - 1], lead = x.layout.shape.slice(0, -1);
  const m = lead.reduce((p, v) => p * v, 1);
  let bins: unknown[];
  if (isScalar(a.bins)) bins = Array(n).fill(a.bins);
  else if (Array.isArray(a.bins) && a.bins.every((b) => typeof b === "number")) {
    if (a.bins.length !== n) {
      throw new RuntimeError("histogramdd: The size of bins must be equal to the innermost dimension of the input.");
    }
    bins = a.bins;
  } else {
    const list = Array.isArray(a.bins) ? a.bins.map((b) => asOperand(b)) : [];
    if (!Array.isArray(a.bins) || list.some((b) => b === undefined)) {
      throw new TypeError("histogramdd: bins must be an int, a list of ints or a list of tensors");
    }
    if (list.length !== n) {
      throw new RuntimeError(
        `torch.histogramdd: expected ${n} sequences of bin edges for a ${n}-dimensional histogram but got ${list.length}`,
      );
    }
    bins = list;
  }
  if (w && !sameShape(w.layout.ndim === 0 ? [1] : w.layout.shape, lead)) {
    throw new RuntimeError(
      `torch.histogramdd: if weight tensor is provided it should have the same shape as the input tensor excluding its innermost dimension, but got input with shape [${
        x.layout.shape.join(", ")
      }] and weight with shape [${w.layout.shape.join(", ")}]`,
    );
  }
  const points = view(contiguous(x), new View([m, n]));
  const [hist, edges] = torchHistogramdd(points, bins, a.range, w, a.density);
  return [hist, edges];
}

/** The declarations of this file (merged into the statistics record). */
export const HISTOGRAMS = {
  histogram: defineOp({
    name: "histogram",
    doc:
      "[hist, binEdges]: counts (or summed weights, or a density) in equal bins (a count or an estimator's), or in the edges given.",
    np: {
      names: ["histogram"],
      overloads: [{
        sig: {
          pos: [
            req("a", "array"),
            opt("bins", "any", 10),
            opt("range", "any", null),
            opt("density", "bool", false),
            opt("weights", "array", null),
          ],
          kw: [],
        },
        returns: "arrays",
        impl: npHistogram,
      }],
    },
  }),
  histogramBinEdges: defineOp({
    name: "histogramBinEdges",
    doc: "The bin edges np.histogram would use: equal bins (a count or an estimator's) over range, or the edges given.",
    np: {
      names: ["histogramBinEdges"],
      overloads: [{
        sig: {
          pos: [req("a", "array"), opt("bins", "any", 10), opt("range", "any", null), opt("weights", "array", null)],
          kw: [],
        },
        impl: (a: Args) => {
          const { x, w } = npRavel(a);
          return npBinEdges(x, hostValues(x), a.bins, a.range, w !== null);
        },
      }],
    },
  }),
  histogram2d: defineOp({
    name: "histogram2d",
    doc: "[H, xedges, yedges]: the 2-d histogram of the points (x, y).",
    np: {
      names: ["histogram2d"],
      overloads: [{
        sig: {
          pos: [
            req("x", "array"),
            req("y", "array"),
            opt("bins", "any", 10),
            opt("range", "any", null),
            opt("density", "bool", false),
            opt("weights", "array", null),
          ],
          kw: [],
        },
        returns: "arrays",
        impl: npHistogram2d,
      }],
    },
  }),
  histogramdd: defineOp({
    name: "histogramdd",
    doc: "[hist, [edges of each dim]]: the histogram of N points in D dims (an (N, D) array or D coordinate arrays).",
    np: {
      names: ["histogramdd"],
      overloads: [{
        sig: {
          pos: [
            req("sample", "any"),
            opt("bins", "any", 10),
            opt("range", "any", null),
            opt("density", "bool", false),
            opt("weights", "any", null),
          ],
          kw: [],
        },
        returns: "any",
        impl: (a: Args) => npHistogramdd(a.sample, a.bins, a.range, a.density, a.weights),
      }],
    },
  }),
  histogramddTorch: defineOp({
    name: "histogramdd",
    doc: "[hist, binEdges] (also named): the histogram of the points along the last dim, binEdges one tensor per dim.",
    torch: {
      names: ["histogramdd"],
      overloads: [{
        sig: {
          pos: [req("input", "array"), req("bins", "any")],
          kw: [opt("range", "any", null), opt("weight", "array", null), opt("density", "bool", false)],
        },
        returns: "any",
        names: ["hist", "binEdges"],
        impl: torchHistogramddCall,
      }],
    },
  }),
};
