/**
 * Statistics: NumPy's NaN-ignoring reductions (nansum, nanprod, nanmean,
 * nanvar, nanstd), quantiles and percentiles (NumPy's interpolation
 * formulas), histograms, bincount, digitize/bucketize, ptp and average,
 * with PyTorch's histc, histogram, bincount and bucketize (torch's
 * differentiable ones are composites in src/torch/ops/stats.ts).
 */
import { canCastSafely, CPP_TYPE_NAME, type DType, isFloat, promoteTypes, TORCH_TYPE_NAME } from "../../core/dtype.ts";
import { RuntimeError } from "../../core/errors.ts";
import { normalizeAxis } from "../../core/shape.ts";
import { sameShape, View } from "../../core/view.ts";
import { where as whereOp } from "../../ops/elementwise.ts";
import {
  castTo,
  contiguous,
  copyInto,
  empty,
  onHost,
  type Operand,
  scalarOperand,
  toDevice,
  toNested,
  zeros,
} from "../../ops/operand.ts";
import * as R from "../../ops/reduce.ts";
import { sort as sortOp } from "../../ops/sort.ts";
import * as U from "../../ops/ufuncs.ts";
import { type Args, defineOp } from "../define.ts";
import { opt, req } from "../signature.ts";
import { isScalar, npUfuncOut, type Scalar, view } from "./common.ts";
import { linspaceNp, linspaceTorch } from "./creation.ts";
import { gatherOp, searchsorted } from "./index.ts";
import { intoOut, NP_VAR, REDUCE } from "./reduce.ts";

const npSum = REDUCE.sum.np.overloads[0].impl, npProd = REDUCE.prod.np.overloads[0].impl;
const npMax = REDUCE.max.np.overloads[0].impl, npMin = REDUCE.min.np.overloads[0].impl;
const npMean = REDUCE.mean.np.overloads[0].impl;
const hasWhere = (w: Operand | null | undefined): w is Operand => w !== undefined && w !== null;

// ---------- NaN-ignoring reductions ----------

/** np.nansum/nanprod: NaNs become the identity (0 or 1), then np.sum/np.prod (initial and where included). */
function npNanFill(name: "sum" | "prod") {
  const plain = name === "sum" ? npSum : npProd;
  return (a: Args): Operand => {
    const x: Operand = a.a;
    if (!isFloat(x.storage.dtype)) return plain(a);
    return plain({ ...a, a: whereOp(U.isnan(x), scalarOperand(name === "sum" ? 0 : 1, x.storage.dtype), x) });
  };
}

/** NumPy's rule for nanmean/nanvar/nanstd: a float input keeps float dtype and out. */
function npInexact(x: Operand, dtype: DType | null, out: Operand | null): void {
  if (!isFloat(x.storage.dtype)) return;
  if (dtype && !isFloat(dtype)) throw new TypeError("If a is inexact, then dtype must be inexact");
  if (out && !isFloat(out.storage.dtype)) throw new TypeError("If a is inexact, then out must be inexact");
}

/** The elements a NaN-ignoring reduction counts (not NaN, inside `where`), and their count along `axes`. */
function counted(x: Operand, ax: number[], where: Operand | null, keepdims: boolean) {
  let valid: Operand | null = isFloat(x.storage.dtype) ? U.logicalNot(U.isnan(x)) : null;
  if (hasWhere(where)) valid = valid ? U.logicalAnd(valid, castTo(where, "bool")) : castTo(where, "bool");
  const all = scalarOperand(true, "bool");
  const cnt = R.sum(
    valid ?? view(all, all.layout.expand("nanmean", x.layout.shape)),
    ax,
    keepdims,
  );
  return { valid, cnt };
}

/** np.nanmean: the sum of the counted elements over their count (NaN where there are none). */
function npNanMean(a: Args): Operand {
  const x: Operand = a.a;
  npInexact(x, a.dtype, a.out);
  const dt: DType = a.dtype ?? (isFloat(x.storage.dtype) ? x.storage.dtype : "float64");
  const ax = R.axesOf("nanmean", a.axis, x.layout.ndim);
  const { valid, cnt } = counted(x, ax, a.where, a.keepdims);
  const xs = castTo(x, dt);
  const s = R.sum(valid ? whereOp(valid, xs, scalarOperand(0, dt)) : xs, ax, a.keepdims);
  return intoOut(U.divide(s, castTo(cnt, s.storage.dtype), s), a.out, "nanmean");
}

/** np.nanvar: squared deviations of the counted elements over count - ddof (NaN where that is not positive). */
function npNanVar(a: Args): Operand {
  const x: Operand = a.a;
  npInexact(x, a.dtype, a.out);
  if (a.correction !== null && a.ddof !== 0) {
    throw new RangeError("ddof and correction can't be provided simultaneously.");
  }
  const ddof: number = a.correction ?? a.ddof;
  const dt: DType = a.dtype ?? (isFloat(x.storage.dtype) ? x.storage.dtype : "float64");
  const ax = R.axesOf("nanvar", a.axis, x.layout.ndim);
  const { valid, cnt } = counted(x, ax, a.where, true);
  const zero = scalarOperand(0, dt), xs = castTo(x, dt);
  // the mean given (shaped as with keepdims), or the counted elements' sum over their count
  const s = a.mean ? null : R.sum(valid ? whereOp(valid, xs, zero) : xs, ax, true);
  const mu: Operand = s ? U.divide(s, castTo(cnt, dt), s) : a.mean;
  // NumPy subtracts the mean in the input's (float) dtype
  const dev = castTo(U.subtract(x, mu), isFloat(x.storage.dtype) ? x.storage.dtype : "float64");
  const d = valid ? whereOp(valid, dev, scalarOperand(0, dev.storage.dtype)) : dev;
  const v = R.sum(castTo(U.multiply(d, d), dt), ax, a.keepdims);
  const dof = U.subtract(view(cnt, cnt.layout.reshape("nanvar", v.layout.shape)!), ddof);
  // a float input's slices without enough values are NaN; an integer input divides by max(dof, 0), as np.var
  const r = U.divide(v, castTo(U.maximum(dof, 0), dt), v);
  return isFloat(x.storage.dtype) ? whereOp(U.lessEqual(dof, 0), scalarOperand(NaN, dt), r) : r;
}

const NP_NANSUM = {
  pos: [
    req("a", "array"),
    opt("axis", "ints", null),
    opt("dtype", "dtype", null),
    opt("out", "out", null),
    opt("keepdims", "bool", false),
  ],
  kw: [opt("initial", "scalar", null), opt("where", "array", null)],
} as const;
const NP_NANMEAN = { pos: NP_NANSUM.pos, kw: [opt("where", "array", null)] } as const;
const NP_NANVAR = {
  pos: NP_VAR.pos,
  kw: [opt("where", "array", null), opt("mean", "array", null), opt("correction", "number", null)],
} as const;

// ---------- quantiles ----------

const METHODS = ["linear", "lower", "higher", "nearest", "midpoint"] as const;

/** x with the axes `ax` moved last and merged into rows: [rows, n] (a contiguous copy). */
function rowsOver(op: string, x: Operand, ax: number[]): Operand {
  const keep = [...Array(x.layout.ndim).keys()].filter((d) => !ax.includes(d));
  const moved = contiguous(view(x, x.layout.permute(op, [...keep, ...ax])), true);
  const n = ax.reduce((p, d) => p * x.layout.shape[d], 1);
  return view(moved, new View([keep.reduce((p, d) => p * x.layout.shape[d], 1), n]));
}

/** NumPy's _lerp: a + (b - a) t, or b - (b - a)(1 - t) where t >= 0.5; `t64` is t in float64, cast to `tdt`. */
function npLerp(a: Operand, b: Operand, t64: Operand, tdt: DType): Operand {
  const diff = U.subtract(b, a), t = castTo(t64, tdt);
  const lo = U.add(a, U.multiply(diff, t));
  const hi = U.subtract(b, U.multiply(diff, castTo(U.subtract(1, t64), tdt)));
  return whereOp(U.greaterEqual(t, 0.5), castTo(hi, lo.storage.dtype), lo);
}

/**
 * np.quantile/percentile/nanquantile/nanpercentile: NumPy's virtual index (n - 1) q in each row of the sorted
 * values, taken (lower/higher/nearest) or interpolated with NumPy's formula (linear/midpoint); a row with a NaN is
 * NaN (nan*: NaNs are left out, a row of NaNs only is NaN).
 */
function npQuantile(name: string, ignoreNan: boolean, scale: number) {
  return (a: Args): Operand => {
    const x: Operand = a.a, q: Operand | Scalar = a.q, method: string = a.method;
    const dt = x.storage.dtype;
    // a JS number is NumPy's Python float (weak: the result keeps a float input's dtype)
    const weak = isScalar(q);
    const qArr = weak ? scalarOperand(q as Scalar, "float64") : q as Operand;
    if (qArr.layout.ndim > 2) throw new RangeError("q must be a scalar or 1d");
    const qdt: DType = isFloat(qArr.storage.dtype) && !weak ? qArr.storage.dtype : "float64";
    const qs = U.divide(castTo(qArr, qdt), scale, castTo(qArr, qdt));
    const qFlat = contiguous(qs, true), qv = toNested(view(qFlat, new View([qFlat.layout.size]))) as number[];
    if (!qv.every((v) => v >= 0 && v <= 1)) {
      throw new RangeError(
        scale === 100 ? "Percentiles must be in the range [0, 100]" : "Quantiles must be in the range [0, 1]",
      );
    }
    const ax = R.axesOf(name, a.axis, x.layout.ndim);
    const outShape = R.reducedShape(x.layout.shape, ax, a.keepdims);
    if (ignoreNan && x.layout.size === 0) {
      return npNanMean({ a: x, axis: a.axis, dtype: null, out: a.out, keepdims: a.keepdims, where: null });
    }
    const rows = rowsOver(name, x, ax), [nr, n] = rows.layout.shape;
    const resultShape = [...qArr.layout.shape, ...outShape];
    const take = method === "lower" || method === "higher" || method === "nearest";
    // the interpolation weight's dtype: a weak q's is the input's float dtype, an array q's its own
    const tdt: DType = weak ? (isFloat(dt) ? dt : "float64") : qdt;
    const rdt: DType = take ? dt : promoteTypes(dt, tdt);
    if (n === 0) throw new RangeError("index -1 is out of bounds for axis 0 with size 0");
    if (nr === 0) return intoOut(empty(resultShape, rdt), a.out, name);
    const sorted = sortOp(rows, 1);
    const nans = isFloat(dt) ? U.isnan(sorted) : null;
    // the values a row counts: all n, or its non-NaN ones (sorted first)
    const cnt = ignoreNan && nans
      ? castTo(R.sum(U.logicalNot(nans), [1], true), "float64")
      : scalarOperand(n, "float64");
    const qRow = view(qFlat, new View([1, qFlat.layout.size]));
    const vi0 = U.multiply(castTo(U.subtract(cnt, 1), qdt), qRow);
    let vi = view(vi0, vi0.layout.expand(name, [nr, qFlat.layout.size]));
    const last = U.subtract(cnt, 1), clampIdx = (i: Operand) => castTo(U.minimum(U.maximum(i, 0), n - 1), "int64");
    let r: Operand;
    if (take) {
      const idx = method === "lower" ? U.floor(vi) : method === "higher" ? U.ceil(vi) : U.rint(vi);
      r = gatherOp(sorted, 1, clampIdx(idx));
    } else {
      if (method === "midpoint") vi = U.multiply(U.add(U.floor(vi), U.ceil(vi)), 0.5);
      const above = U.greaterEqual(vi, last), prev = U.floor(vi);
      const lo = gatherOp(sorted, 1, clampIdx(whereOp(above, last, prev)));
      const hi = gatherOp(sorted, 1, clampIdx(whereOp(above, last, U.add(prev, 1))));
      // NumPy's gamma: vi - previous index, that index being -1 (the last) past the end; midpoint's is 0.5 or 0
      const gamma = method === "midpoint"
        ? whereOp(U.equal(U.mod(vi, 1), 0), scalarOperand(0, qdt), scalarOperand(0.5, qdt))
        : U.subtract(vi, whereOp(above, scalarOperand(-1, qdt), prev));
      r = npLerp(lo, hi, gamma, tdt);
    }
    if (nans) {
      // a row with NaNs is NaN (quantile); a row of NaNs only is NaN (nanquantile)
      const bad = ignoreNan ? U.equal(cnt, 0) : view(nans, new View([nr, 1], [n, 1], nans.layout.offset + n - 1));
      r = whereOp(bad, scalarOperand(NaN, r.storage.dtype), r);
    }
    // [rows, nq] -> [nq, rows] -> q's shape then the reduced shape
    const t = contiguous(view(r, r.layout.permute(name, [1, 0])), true);
    // NumPy's out rules: take's reversed safe cast (lower/higher/nearest), the lerp's add (linear/midpoint); the
    // nan* functions copy into out
    const outRule = ignoreNan ? undefined : take ? reversedSafe : npUfuncOut("add");
    return intoOut(view(t, new View(resultShape)), a.out, name, outRule);
  };
}

/** np.take's rule for its out: the out's dtype must cast safely to the result's. */
function reversedSafe(from: DType, to: DType): void {
  if (!canCastSafely(to, from)) {
    throw new TypeError(`Cannot cast array data from dtype('${to}') to dtype('${from}') according to the rule 'safe'`);
  }
}

const npQuantileSig = () => ({
  pos: [
    req("a", "array"),
    req("q", "arrayOrScalar"),
    opt("axis", "ints", null),
    opt("out", "out", null),
    opt("overwriteInput", "bool", false),
    opt("method", "string", "linear", { choices: METHODS }),
    opt("keepdims", "bool", false),
  ],
  kw: [],
} as const);

const npQuantileDecl = <const N extends string>(name: N, doc: string, ignoreNan: boolean, scale: number) =>
  defineOp({
    name,
    doc,
    np: { names: [name], overloads: [{ sig: npQuantileSig(), impl: npQuantile(name, ignoreNan, scale) }] },
  });

// ---------- histograms and counts (host-side loops over float64 copies) ----------

/** The elements of x, flattened, as float64 (a host copy). */
function hostValues(x: Operand): Float64Array {
  const c = contiguous(castTo(onHost(x), "float64"));
  return (c.storage.data as Float64Array).subarray(c.layout.offset, c.layout.offset + c.layout.size);
}

/** The [min, max] of the values, NaN when any is NaN (as PyTorch's aminmax). */
function extremes(xv: Float64Array): [number, number] {
  let lo = xv[0], hi = xv[0];
  for (const v of xv) [lo, hi] = [v < lo || v !== v ? v : lo, v > hi || v !== v ? v : hi];
  return [lo, hi];
}

/** A 1-d float64 operand of JS numbers. */
function float64s(v: ArrayLike<number>): Operand {
  const o = empty([v.length], "float64");
  (o.storage.data as Float64Array).set(v);
  return o;
}

/** C++'s printing of a double in PyTorch's messages (inf, nan). */
const cppNumber = (v: number) => (Number.isNaN(v) ? "nan" : Number.isFinite(v) ? String(v) : v > 0 ? "inf" : "-inf");

/** NumPy's rule for an array that must be 1-d (bincount's list, digitize's bins). */
function npOneD(x: Operand): void {
  if (x.layout.ndim === 0) throw new RangeError("object of too small depth for desired array");
  if (x.layout.ndim > 1) throw new RangeError("object too deep for desired array");
}

/** Sums of weights (or counts) per bin of sorted edges: edges[i] <= v < edges[i + 1], the last bin closed. */
function binCounts(xv: Float64Array, wv: Float64Array | null, ev: Float64Array): Float64Array {
  const nb = ev.length - 1, hist = new Float64Array(nb);
  for (let i = 0; i < xv.length; i++) {
    const v = xv[i];
    if (!(v >= ev[0] && v <= ev[nb])) continue;
    let lo = 0, hi = nb + 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ev[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    hist[Math.min(lo - 1, nb - 1)] += wv ? wv[i] : 1;
  }
  return hist;
}

/** np.linspace between float32 scalars (histogram's autodetected range): every step in float32. */
function linspaceF32(lo: number, hi: number, num: number): Operand {
  const f = Math.fround, div = num - 1, delta = f(hi - lo), step = f(delta / div);
  const v = Array.from({ length: num }, (_, i) => f((step === 0 ? f(f(i / div) * delta) : f(i * step)) + lo));
  v[num - 1] = hi;
  return castTo(float64s(v), "float32");
}

/** NumPy's pairwise sum of a short array (eight lanes from eight elements on), rounding each step with `f`. */
function npSum32(v: Float64Array, f: (x: number) => number): number {
  if (v.length < 8) return v.reduce((p, x) => f(p + x), 0);
  const r = Array.from(v.subarray(0, 8));
  let i = 8;
  for (; i + 8 <= v.length; i += 8) for (let j = 0; j < 8; j++) r[j] = f(r[j] + v[i + j]);
  let res = f(f(f(r[0] + r[1]) + f(r[2] + r[3])) + f(f(r[4] + r[5]) + f(r[6] + r[7])));
  for (; i < v.length; i++) res = f(res + v[i]);
  return res;
}

/** np.histogram: [hist, bin_edges], `bins` equal bins over range (the data's by default) or the edges given. */
function npHistogram(a: Args): Operand[] {
  const x: Operand = a.a, w: Operand | null = a.weights, bins: Operand | Scalar = a.bins;
  if (w && !sameShape(w.layout.shape, x.layout.shape)) throw new RangeError("weights should have the same shape as a.");
  const xv = hostValues(x);
  let edges: Operand;
  if (isScalar(bins)) {
    const n = Number(bins);
    if (!Number.isInteger(n)) throw new TypeError("`bins` must be an integer, a string, or an array");
    if (n < 1) throw new RangeError("`bins` must be positive, when an integer");
    const bdt: DType = isFloat(x.storage.dtype) ? x.storage.dtype : "float64";
    const round = bdt === "float32" ? Math.fround : (v: number) => v;
    let lo: number, hi: number;
    if (a.range !== null) {
      const r = a.range as unknown;
      if (!Array.isArray(r) || r.length !== 2 || !r.every((v) => typeof v === "number")) {
        throw new TypeError("histogram: range must be a pair of numbers [min, max]");
      }
      [lo, hi] = r as number[];
      if (lo > hi) throw new RangeError("max must be larger than min in range parameter.");
      if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
        throw new RangeError(`supplied range of [${lo}, ${hi}] is not finite`);
      }
    } else if (xv.length === 0) [lo, hi] = [0, 1];
    else {
      [lo, hi] = extremes(xv);
      if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
        throw new RangeError(`autodetected range of [${cppNumber(lo)}, ${cppNumber(hi)}] is not finite`);
      }
    }
    if (lo === hi) [lo, hi] = [round(lo - 0.5), round(hi + 0.5)];
    edges = a.range === null && bdt === "float32" ? linspaceF32(lo, hi, n + 1) : linspaceNp(lo, hi, n + 1, true, bdt);
  } else {
    edges = bins;
    if (edges.layout.ndim !== 1) throw new RangeError("`bins` must be 1d, when an array");
    const ev = hostValues(edges);
    if (ev.some((v, i) => i > 0 && ev[i - 1] > v)) {
      throw new RangeError("`bins` must increase monotonically, when an array");
    }
  }
  const hist = binCounts(xv, w ? hostValues(w) : null, hostValues(edges));
  const counts = castTo(float64s(hist), w ? w.storage.dtype : "int64");
  if (a.density) {
    // the counts in their dtype (float32 weights: float32 sums, summed as NumPy's float32 sum), the widths in the
    // edges' dtype (np.diff(bin_edges))
    const f32 = (d: DType) => (d === "float32" ? Math.fround : (v: number) => v);
    const cv = hostValues(counts), ev = hostValues(edges), total = npSum32(cv, f32(counts.storage.dtype));
    const width = (i: number) => f32(edges.storage.dtype)(ev[i + 1] - ev[i]);
    return [float64s(cv.map((v, i) => v / width(i) / total)), edges];
  }
  return [counts, edges];
}

/** torch.histc: `bins` equal bins over [min, max] (the data's range when min == max), as PyTorch's kernel bins. */
function torchHistc(a: Args): Operand {
  const x: Operand = a.input, bins: number = a.bins, dt = x.storage.dtype;
  if (!isFloat(dt)) throw new RuntimeError(`"histogram_cpu" not implemented for '${TORCH_TYPE_NAME[dt]}'`);
  if (bins <= 0) throw new RuntimeError(`torch.histogram(): bins must be > 0, but got ${bins} for dimension 0`);
  const xv = hostValues(x);
  let lo = Number(a.min), hi = Number(a.max);
  if (lo === hi && xv.length > 0) [lo, hi] = extremes(xv);
  if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    throw new RuntimeError(`torch.histc: range of [${cppNumber(lo)}, ${cppNumber(hi)}] is not finite`);
  }
  if (!(lo < hi)) throw new RuntimeError("torch.histc: max must be larger than min");
  // the kernel's arithmetic in the input's dtype: (v - lo) * bins / (hi - lo), truncated
  const f = dt === "float32" ? Math.fround : (v: number) => v;
  const [l, h] = [f(lo), f(hi)], hist = new Float64Array(bins);
  for (const v of xv) {
    if (!(v >= l && v <= h)) continue;
    const pos = Math.trunc(f(f(f(v - l) * bins) / f(h - l)));
    hist[pos === bins ? bins - 1 : pos]++;
  }
  return intoOut(toDevice(castTo(float64s(hist), dt), x.storage.device), a.out, "histc", (from, to) => {
    if (from !== to) {
      throw new RuntimeError(
        `torch.histogram: input tensor and hist tensor should have the same dtype, but got input ${
          CPP_TYPE_NAME[from]
        } and hist ${CPP_TYPE_NAME[to]}`,
      );
    }
  });
}

/** torch.histogram: [hist, bin_edges] in the input's dtype, over `bins` equal bins or the edges given. */
function torchHistogram(a: Args): Operand[] {
  const x: Operand = a.input, w: Operand | null = a.weight, dt = x.storage.dtype;
  if (!isFloat(dt)) throw new RuntimeError(`"histogramdd" not implemented for '${TORCH_TYPE_NAME[dt]}'`);
  if (w && w.storage.dtype !== dt) {
    throw new RuntimeError(
      `torch.histogramdd: if weight tensor is provided, input tensor and weight tensor should have the same dtype, but got input(${
        CPP_TYPE_NAME[dt]
      }), and weight(${CPP_TYPE_NAME[w.storage.dtype]})`,
    );
  }
  if (w && w.layout.size !== x.layout.size) {
    throw new RuntimeError("torch.histogramdd: weight tensor should have as many elements as the input tensor");
  }
  const xv = hostValues(x), bad = "torch.histogram(): bins must be > 0, but got 0 for dimension 0";
  let edges: Operand;
  if (isScalar(a.bins)) {
    const bins = Number(a.bins);
    if (bins <= 0) throw new RuntimeError(`torch.histogram(): bins must be > 0, but got ${bins} for dimension 0`);
    let [lo, hi] = xv.length ? extremes(xv) : [0, 1];
    if (a.range !== null) {
      const r = a.range as unknown;
      if (!Array.isArray(r) || !r.every((v) => typeof v === "number")) {
        throw new TypeError("histogram: range must be a pair of numbers [min, max]");
      }
      if (r.length !== 2) {
        throw new RuntimeError(
          `torch.histogramdd: for a 1-dimensional histogram range should have 2 elements, but got ${r.length}`,
        );
      }
      [lo, hi] = r as number[];
    }
    if (lo === hi) [lo, hi] = [lo - 0.5, hi + 0.5];
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
      throw new RuntimeError(
        `torch.histogramdd: dimension 0's range [${cppNumber(lo)}, ${cppNumber(hi)}] is not finite`,
      );
    }
    if (lo > hi) {
      throw new RuntimeError(
        `torch.histogramdd: min should not exceed max, but got min ${lo} max ${hi} for dimension 0`,
      );
    }
    edges = linspaceTorch(lo, hi, bins + 1, dt);
  } else {
    edges = a.bins;
    if (edges.layout.ndim !== 1) {
      throw new RuntimeError(
        `torch.histogramdd: bins tensor should have one dimension, but got ${edges.layout.ndim} dimensions in the bins tensor for dimension 0`,
      );
    }
    if (edges.storage.dtype !== dt) {
      throw new RuntimeError(
        `torch.histogramdd: input tensor and bins tensors should have the same dtype, but got input with dtype ${
          CPP_TYPE_NAME[dt]
        } and bins for dimension 0 with dtype ${CPP_TYPE_NAME[edges.storage.dtype]}`,
      );
    }
    if (edges.layout.size < 2) throw new RuntimeError(bad);
  }
  const ev = hostValues(edges), hist = binCounts(xv, w ? hostValues(w) : null, ev);
  if (a.density) {
    // PyTorch divides by the total, then by each width, in the input's dtype
    const f = dt === "float32" ? Math.fround : (v: number) => v, total = f(hist.reduce((p, v) => p + v, 0));
    hist.forEach((v, i) => (hist[i] = f(f(v / total) / f(ev[i + 1] - ev[i]))));
  }
  // bin_edges is a new tensor, also when the edges were given
  return [toDevice(castTo(float64s(hist), dt), x.storage.device), contiguous(toDevice(edges, x.storage.device), true)];
}

/** np.bincount / torch.bincount: occurrences (or summed weights) of each non-negative integer. */
function bincount(x: Operand, w: Operand | null, minlength: number, fe: "np" | "torch"): Operand {
  const dt = x.storage.dtype;
  if (fe === "torch") {
    if (isFloat(dt) || dt === "bool") {
      throw new RuntimeError(`"bincount_cpu" not implemented for '${TORCH_TYPE_NAME[dt]}'`);
    }
    if (minlength < 0) throw new RuntimeError("minlength should be >= 0");
  } else {
    npOneD(x);
    if (isFloat(dt)) {
      throw new TypeError(`Cannot cast array data from dtype('${dt}') to dtype('int64') according to the rule 'safe'`);
    }
    if (minlength < 0) throw new RangeError("'minlength' must not be negative");
  }
  const wdt: DType = fe === "np" ? "float64" : w?.storage.dtype === "float32" ? "float32" : "float64";
  if (fe === "torch" && x.layout.ndim === 1 && x.layout.size === 0) {
    return zeros([minlength], w ? wdt : "int64", x.storage.device);
  }
  const xv = hostValues(x);
  if (x.layout.ndim !== 1 || xv.some((v) => v < 0)) {
    if (fe === "torch") throw new RuntimeError("bincount only supports 1-d non-negative integral inputs.");
    throw new RangeError("'list' argument must have no negative elements");
  }
  if (w && (w.layout.ndim !== 1 || w.layout.size !== xv.length)) {
    throw fe === "torch"
      ? new RuntimeError("weights should be 1-d and have the same length as input")
      : new RangeError("The weights and list don't have the same length.");
  }
  const wv = w ? hostValues(w) : null;
  const counts = new Float64Array(Math.max(minlength, xv.reduce((m, v) => Math.max(m, v + 1), 0)));
  xv.forEach((v, i) => (counts[v] += wv ? wv[i] : 1));
  return toDevice(castTo(float64s(counts), w ? wdt : "int64"), x.storage.device);
}

/** np.digitize: the bin of each x in monotonic `bins` (searchsorted, reversed for decreasing bins). */
function npDigitize(x: Operand | Scalar, bins: Operand, right: boolean): Operand {
  npOneD(bins);
  const bv = hostValues(bins);
  const inc = bv.every((v, i) => i === 0 || bv[i - 1] <= v), dec = bv.every((v, i) => i === 0 || bv[i - 1] >= v);
  if (!inc && !dec) throw new RangeError("bins must be monotonically increasing or decreasing");
  if (inc) return searchsorted(bins, x, !right);
  return U.subtract(bv.length, searchsorted(float64s(bv.reverse()), x, !right));
}

/** torch.bucketize: searchsorted of the input into 1-d boundaries (right: boundaries[i - 1] <= x < boundaries[i]). */
function torchBucketize(a: Args): Operand {
  const b: Operand = a.boundaries;
  if (b.layout.ndim !== 1) {
    throw new RuntimeError(`boundaries tensor must be 1 dimension, but got dim(${b.layout.ndim})`);
  }
  const r = toDevice(searchsorted(b, a.input, a.right), b.storage.device);
  const dt: DType = a.outInt32 ? "int32" : "int64";
  return intoOut(castTo(r, dt), a.out, "bucketize", (_from, to) => {
    if (to !== dt) {
      throw new RuntimeError(
        `torch.searchsorted(): output tensor's dtype is wrong, it can only be Int(int32) or Long(int64) depending on whether out_int32 flag is True, but we got output tensor's dtype ${
          TORCH_TYPE_NAME[to]
        } and out_int32 flag is ${a.outInt32 ? "True" : "False"}`,
      );
    }
  });
}

// ---------- ptp, average ----------

/** np.ptp: max - min over axes (in the input's dtype: integers wrap). */
function npPtp(a: Args): Operand {
  const base = { a: a.a, axis: a.axis, out: null, keepdims: a.keepdims, initial: null, where: null };
  return intoOut(U.subtract(npMax(base), npMin(base)), a.out, "ptp", npUfuncOut("subtract"));
}

/** np.average: the weighted mean over axes (weights along the axes or of a's shape); with `returned`, the weights' sum too. */
function npAverage(a: Args): Operand | Operand[] {
  const x: Operand = a.a, w: Operand | null = a.weights, nd = x.layout.ndim;
  let avg: Operand, scl: Operand;
  if (!w) {
    avg = npMean({ a: x, axis: a.axis, dtype: null, out: null, keepdims: a.keepdims });
    scl = scalarOperand(x.layout.size / Math.max(avg.layout.size, 1), avg.storage.dtype);
  } else {
    const xd = x.storage.dtype, wd = w.storage.dtype;
    const rdt = isFloat(xd) ? promoteTypes(xd, wd) : promoteTypes(promoteTypes(xd, wd), "float64");
    let wb = w;
    if (!sameShape(x.layout.shape, w.layout.shape)) {
      if (a.axis === null) throw new TypeError("Axis must be specified when shapes of a and weights differ.");
      const ax = (typeof a.axis === "number" ? [a.axis] : a.axis as number[]).map((d) =>
        normalizeAxis("average", d, nd)
      );
      if (!sameShape(w.layout.shape, ax.map((d) => x.layout.shape[d]))) {
        throw new RangeError("Shape of weights must be consistent with shape of a along specified axis.");
      }
      // the weights' dims in a's order, with ones elsewhere
      const order = [...ax.keys()].sort((i, j) => ax[i] - ax[j]);
      const t = contiguous(view(w, w.layout.permute("average", order)), true);
      wb = view(t, new View(x.layout.shape.map((s, d) => (ax.includes(d) ? s : 1))));
    }
    const ax = R.axesOf("average", a.axis, nd);
    scl = R.sum(castTo(wb, rdt), ax, a.keepdims);
    if (!toNested(R.all(U.notEqual(scl, 0), null, false))) {
      throw new RangeError("Weights sum to zero, can't be normalized");
    }
    avg = U.divide(R.sum(U.multiply(castTo(x, rdt), castTo(wb, rdt)), ax, a.keepdims), scl);
  }
  if (!a.returned) return avg;
  const full = empty(avg.layout.shape, scl.storage.dtype);
  copyInto(scl, full);
  return [avg, full];
}

/** Statistics, declared once for both front-ends. */
export const STATS = {
  nansum: defineOp({
    name: "nansum",
    doc: "Sum treating NaNs as zero.",
    np: { names: ["nansum"], overloads: [{ sig: NP_NANSUM, impl: npNanFill("sum") }] },
  }),
  nanprod: defineOp({
    name: "nanprod",
    doc: "Product treating NaNs as one.",
    np: { names: ["nanprod"], overloads: [{ sig: NP_NANSUM, impl: npNanFill("prod") }] },
  }),
  nanmean: defineOp({
    name: "nanmean",
    doc: "Mean of the non-NaN elements (NaN where a slice has none).",
    np: { names: ["nanmean"], overloads: [{ sig: NP_NANMEAN, impl: npNanMean }] },
  }),
  nanvar: defineOp({
    name: "nanvar",
    doc: "Variance of the non-NaN elements, dividing by their count - ddof.",
    np: {
      names: ["nanvar"],
      overloads: [{ sig: NP_NANVAR, impl: (a: Args) => intoOut(npNanVar(a), a.out, "nanvar") }],
    },
  }),
  nanstd: defineOp({
    name: "nanstd",
    doc: "Standard deviation of the non-NaN elements, dividing by their count - ddof.",
    np: {
      names: ["nanstd"],
      overloads: [{
        sig: NP_NANVAR,
        impl: (a: Args) => intoOut(U.sqrt(npNanVar(a)), a.out, "nanstd", npUfuncOut("sqrt")),
      }],
    },
  }),
  quantile: npQuantileDecl("quantile", "q-th quantiles (q in [0, 1]) over axes.", false, 1),
  percentile: npQuantileDecl("percentile", "q-th percentiles (q in [0, 100]) over axes.", false, 100),
  nanquantile: npQuantileDecl("nanquantile", "q-th quantiles over axes, NaNs left out.", true, 1),
  nanpercentile: npQuantileDecl("nanpercentile", "q-th percentiles over axes, NaNs left out.", true, 100),
  histogram: defineOp({
    name: "histogram",
    doc: "[hist, binEdges]: counts (or summed weights, or a density) in equal bins over range, or in the edges given.",
    np: {
      names: ["histogram"],
      overloads: [{
        sig: {
          pos: [
            req("a", "array"),
            opt("bins", "arrayOrScalar", 10),
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
  histc: defineOp({
    name: "histc",
    doc: "Counts in `bins` equal bins over [min, max] (the data's range when min == max).",
    torch: {
      names: ["histc"],
      methods: ["histc"],
      overloads: [{
        sig: {
          pos: [req("input", "array"), opt("bins", "int", 100), opt("min", "scalar", 0), opt("max", "scalar", 0)],
          kw: [opt("out", "out", null)],
        },
        impl: torchHistc,
      }],
    },
  }),
  histogramTorch: defineOp({
    name: "histogram",
    doc: "[hist, binEdges] (also named): counts or summed weights in equal bins over range, or in the edges given.",
    torch: {
      names: ["histogram"],
      methods: ["histogram"],
      overloads: [{
        sig: {
          pos: [req("input", "array"), req("bins", "arrayOrScalar")],
          kw: [opt("range", "any", null), opt("weight", "array", null), opt("density", "bool", false)],
        },
        returns: "arrays",
        names: ["hist", "binEdges"],
        impl: torchHistogram,
      }],
    },
  }),
  bincount: defineOp({
    name: "bincount",
    doc: "Occurrences (or summed weights) of each non-negative integer, at least minlength of them.",
    np: {
      names: ["bincount"],
      overloads: [{
        sig: { pos: [req("x", "array"), opt("weights", "array", null), opt("minlength", "int", 0)], kw: [] },
        impl: (a: Args) => bincount(a.x, a.weights, a.minlength, "np"),
      }],
    },
    torch: {
      names: ["bincount"],
      methods: ["bincount"],
      overloads: [{
        sig: { pos: [req("input", "array"), opt("weights", "array", null), opt("minlength", "int", 0)], kw: [] },
        impl: (a: Args) => bincount(a.input, a.weights, a.minlength, "torch"),
      }],
    },
  }),
  digitize: defineOp({
    name: "digitize",
    doc: "The bin of each value in monotonic bins (right: bins[i - 1] < x <= bins[i]).",
    np: {
      names: ["digitize"],
      overloads: [{
        sig: { pos: [req("x", "arrayOrScalar"), req("bins", "array"), opt("right", "bool", false)], kw: [] },
        impl: (a: Args) => npDigitize(a.x, a.bins, a.right),
      }],
    },
  }),
  bucketize: defineOp({
    name: "bucketize",
    doc: "The bucket of each value among sorted 1-d boundaries (right: boundaries[i - 1] <= x < boundaries[i]).",
    torch: {
      names: ["bucketize"],
      methods: ["bucketize"],
      overloads: [{
        sig: {
          pos: [req("input", "arrayOrScalar"), req("boundaries", "array")],
          kw: [opt("outInt32", "bool", false), opt("right", "bool", false), opt("out", "out", null)],
        },
        impl: torchBucketize,
      }],
    },
  }),
  ptp: defineOp({
    name: "ptp",
    doc: "Range of values (max - min) over axes.",
    np: {
      names: ["ptp"],
      overloads: [{
        sig: {
          pos: [req("a", "array"), opt("axis", "ints", null), opt("out", "out", null), opt("keepdims", "bool", false)],
          kw: [],
        },
        impl: npPtp,
      }],
    },
  }),
  average: defineOp({
    name: "average",
    doc: "Weighted mean over axes; with returned, [average, sum of weights].",
    np: {
      names: ["average"],
      overloads: [{
        sig: {
          pos: [
            req("a", "array"),
            opt("axis", "ints", null),
            opt("weights", "array", null),
            opt("returned", "bool", false),
          ],
          kw: [opt("keepdims", "bool", false)],
        },
        returns: "any",
        impl: npAverage,
      }],
    },
  }),
};
