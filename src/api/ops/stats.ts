/**
 * Statistics: NumPy's NaN-ignoring reductions (nansum, nanprod, nanmean,
 * nanvar, nanstd), quantiles and percentiles (NumPy's 13 methods, whose
 * positions src/api/ops/quantile_methods.ts computes, and weights),
 * bincount, digitize/bucketize, ptp and average, with PyTorch's histc,
 * histogram, bincount and bucketize (the histograms are in
 * src/api/ops/histogram_more.ts; torch's differentiable ones are
 * composites in src/torch/ops/stats.ts).
 */
import {
  canCastSafely,
  CPP_TYPE_NAME,
  type DType,
  isFloat,
  promoteTypes,
  roundTo,
  TORCH_TYPE_NAME,
} from "../../core/dtype.ts";
import { cppDouble, RuntimeError } from "../../core/errors.ts";
import { normalizeAxis } from "../../core/shape.ts";
import { sameShape, View } from "../../core/view.ts";
import { where as whereOp } from "../../ops/elementwise.ts";
import {
  castTo,
  contiguous,
  copyInto,
  empty,
  type Operand,
  scalarOperand,
  toDevice,
  toNested,
  torchElement,
  zeros,
} from "../../ops/operand.ts";
import * as R from "../../ops/reduce.ts";
import { argsort as argsortOp, sort as sortOp } from "../../ops/sort.ts";
import * as U from "../../ops/ufuncs.ts";
import { type Args, type Ctx, defineOp } from "../define.ts";
import { opt, req } from "../signature.ts";
import { extremes, float64s, hostValues, isScalar, npUfuncOut, type Scalar, view } from "./common.ts";
import { HISTOGRAMS, torchHistogramdd } from "./histogram_more.ts";
import { gatherOp, searchsorted, torchSearchsorted } from "./index.ts";
import {
  QUANTILE_METHODS,
  type QuantileMethod,
  quantilePositions,
  takesOne,
  weightedPositions,
} from "./quantile_methods.ts";
import { countedMean, countedVar, intoOut, NP_VAR, REDUCE } from "./reduce.ts";

const npSum = REDUCE.sum.np.overloads[0].impl, npProd = REDUCE.prod.np.overloads[0].impl;
const npMax = REDUCE.max.np.overloads[0].impl, npMin = REDUCE.min.np.overloads[0].impl;
const npMean = REDUCE.mean.np.overloads[0].impl;

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

/** np.nanmean: the sum of the counted elements (not NaN, inside `where`) over their count (NaN where none). */
function npNanMean(a: Args): Operand {
  npInexact(a.a, a.dtype, a.out);
  return countedMean(a, true, "nanmean");
}

/** np.nanvar: squared deviations of the counted elements over count - ddof (NaN where that is not positive). */
function npNanVar(a: Args): Operand {
  npInexact(a.a, a.dtype, a.out);
  return countedVar(a, true, "nanvar");
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
const NP_NANVAR = NP_VAR;

// ---------- quantiles ----------

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
  // NumPy compares the weight before its cast (a Python float, or q's dtype)
  return whereOp(U.greaterEqual(t64, 0.5), castTo(hi, lo.storage.dtype), lo);
}

/**
 * np.quantile/percentile/nanquantile/nanpercentile: each row's sorted values read at the positions of NumPy's
 * `method` (src/api/ops/quantile_methods.ts), one order statistic taken or two interpolated with NumPy's formula;
 * with weights (inverted_cdf only), the first value whose cumulative weight reaches q. A row with a NaN is NaN
 * (nan*: NaNs are left out, a row of NaNs only is NaN).
 */
function npQuantile(name: string, ignoreNan: boolean, scale: number) {
  return (a: Args): Operand => {
    const x: Operand = a.a, q: Operand | Scalar = a.q, method: QuantileMethod = a.method;
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
    const w = a.weights === null ? null : quantileWeights(x, a.weights, a.axis, method);
    const outShape = R.reducedShape(x.layout.shape, ax, a.keepdims);
    if (ignoreNan && x.layout.size === 0) {
      return npNanMean({ a: x, axis: a.axis, dtype: null, out: a.out, keepdims: a.keepdims, where: null });
    }
    const rows = rowsOver(name, x, ax), [nr, n] = rows.layout.shape;
    const resultShape = [...qArr.layout.shape, ...outShape];
    const take = w !== null || takesOne(method);
    // the interpolation weight's dtype: a weak q's is the input's float dtype, an array q's its own
    const tdt: DType = weak ? (isFloat(dt) ? dt : "float64") : qdt;
    const rdt: DType = take ? dt : promoteTypes(dt, tdt);
    if (n === 0) throw new RangeError("index -1 is out of bounds for axis 0 with size 0");
    if (nr === 0) return intoOut(empty(resultShape, rdt), a.out, name);
    // the weights follow their values into sorted order (NaNs last)
    const order = w ? argsortOp(rows, 1) : null;
    const sorted = order ? gatherOp(rows, 1, order) : sortOp(rows, 1);
    const nans = isFloat(dt) ? U.isnan(sorted) : null;
    // the values a row counts: all n, or its non-NaN ones (sorted first)
    const nanCount = nans ? hostValues(R.sum(nans, [1], false)) : null;
    const counts = Array.from({ length: nr }, (_, r) => (ignoreNan && nanCount ? n - nanCount[r] : n));
    const f = roundTo(qdt);
    const pos = w
      ? weightedPositions(hostValues(gatherOp(rowsOver(name, w, ax), 1, order!)), n, counts, qv, f)
      : quantilePositions(method, counts, qv, f);
    const dev = x.storage.device, grid = [nr, qv.length];
    const at = (i: number[]) => gatherOp(sorted, 1, toDevice(castTo(float64s(i, grid), "int64"), dev));
    let r = pos.gamma
      ? npLerp(at(pos.prev), at(pos.next), toDevice(float64s(pos.gamma, grid), dev), tdt)
      : at(pos.prev);
    if (nans) {
      // a row with NaNs is NaN (quantile); a row of NaNs only is NaN (nanquantile)
      const bad = ignoreNan
        ? U.equal(toDevice(float64s(counts, [nr, 1]), dev), 0)
        : view(nans, new View([nr, 1], [n, 1], nans.layout.offset + n - 1));
      r = whereOp(bad, scalarOperand(NaN, r.storage.dtype), r);
    }
    // [rows, nq] -> [nq, rows] -> q's shape then the reduced shape
    const t = contiguous(view(r, r.layout.permute(name, [1, 0])), true);
    // NumPy's out rules: take's reversed safe cast (one order statistic), the lerp's add (interpolation); the
    // nan* functions and the weighted loop copy into out
    const outRule = ignoreNan || w ? undefined : take ? reversedSafe : npUfuncOut("add");
    let res = view(t, new View(resultShape));
    if (ignoreNan) {
      // NumPy's apply_along_axis takes the dtype of the first row's result: NaNs only give the input's dtype
      if (counts[0] === 0) res = castTo(res, dt);
      const kept = R.reducedShape(x.layout.shape, ax, false);
      if (qArr.layout.ndim === 2 && ax.length > 1 && kept.length > 0) {
        res = npNanQuantileAxes(res, kept, ax, a.keepdims);
      }
    }
    return intoOut(res, a.out, name, outRule);
  };
}

/**
 * NumPy's nanquantile with a 2-d q over several (not all) axes moves the result's axes as if q were 1-d
 * (np.moveaxis(r, [-1, 0], [0, 1]) after apply_along_axis): [q1, kept..., q0], keepdims' ones placed among the
 * last dims. `r` is [q0, q1, kept...].
 */
function npNanQuantileAxes(r: Operand, kept: number[], ax: number[], keepdims: boolean): Operand {
  const m = kept.length, nd = m + ax.length;
  const moved = contiguous(
    view(
      r,
      r.layout.reshape("nanquantile", [r.layout.shape[0], r.layout.shape[1], ...kept])!
        .permute("nanquantile", [1, ...kept.map((_, i) => i + 2), 0]),
    ),
    true,
  );
  const sh = moved.layout.shape;
  if (!keepdims) return moved;
  const tail = sh.slice(sh.length - m);
  const ones = [...Array(nd).keys()].map((d) => (ax.includes(d) ? 1 : tail.shift()!));
  return view(moved, new View([...sh.slice(0, sh.length - m), ...ones]));
}

/**
 * NumPy's checks of quantile weights (inverted_cdf only, a's shape or its shape along the axes, non-negative), and
 * the weights broadcast to a's shape.
 */
function quantileWeights(x: Operand, w: Operand, axis: number | number[] | null, method: string): Operand {
  if (method !== "inverted_cdf") throw new RangeError(`Only method 'inverted_cdf' supports weights. Got: ${method}.`);
  const wb = weightsAlong("quantile", x, w, axis);
  if (toNested(R.any(U.less(wb, 0), null, false))) throw new RangeError("Weights must be non-negative.");
  return view(wb, wb.layout.expand("quantile", x.layout.shape));
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
    opt("method", "string", "linear", { choices: QUANTILE_METHODS }),
    opt("keepdims", "bool", false),
  ],
  kw: [opt("weights", "array", null)],
} as const);

const npQuantileDecl = <const N extends string>(name: N, doc: string, ignoreNan: boolean, scale: number) =>
  defineOp({
    name,
    doc,
    np: { names: [name], overloads: [{ sig: npQuantileSig(), impl: npQuantile(name, ignoreNan, scale) }] },
  });

// ---------- histograms and counts (host-side loops over float64 copies) ----------

/** NumPy's rule for an array that must be 1-d (bincount's list, digitize's bins). */
function npOneD(x: Operand): void {
  if (x.layout.ndim === 0) throw new RangeError("object of too small depth for desired array");
  if (x.layout.ndim > 1) throw new RangeError("object too deep for desired array");
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
    throw new RuntimeError(`torch.histc: range of [${cppDouble(lo)}, ${cppDouble(hi)}] is not finite`);
  }
  if (!(lo < hi)) throw new RuntimeError("torch.histc: max must be larger than min");
  // the bin edges are a linspace in the input's dtype, which checks both ends into it
  for (const v of [lo, hi]) torchElement(v, dt);
  // the kernel's arithmetic in the input's dtype: (v - lo) * bins / (hi - lo), truncated
  const f = roundTo(dt);
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

/** torch.histogram: [hist, bin_edges] in the input's dtype, torch.histogramdd of the flattened input's points. */
function torchHistogram(a: Args): Operand[] {
  const x: Operand = a.input, w: Operand | null = a.weight;
  if (w && w.storage.dtype === x.storage.dtype && w.layout.size !== x.layout.size) {
    throw new RuntimeError("torch.histogramdd: weight tensor should have as many elements as the input tensor");
  }
  const points = view(contiguous(x), new View([x.layout.size, 1]));
  const flat = w ? view(contiguous(w), new View([w.layout.size])) : null;
  const [hist, [edges]] = torchHistogramdd(points, [a.bins], a.range, flat, a.density);
  return [hist, edges];
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
function torchBucketize(a: Args, ctx: Ctx): Operand {
  const b: Operand = a.boundaries;
  if (b.layout.ndim !== 1) {
    throw new RuntimeError(`boundaries tensor must be 1 dimension, but got dim(${b.layout.ndim})`);
  }
  const r = toDevice(torchSearchsorted(b, a.input, a.right, ctx), b.storage.device);
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

/**
 * NumPy's _weights_are_valid (np.average, np.quantile): weights of a's shape, or of a's shape along the axes given
 * (in their order), returned with ones on the other axes.
 */
function weightsAlong(op: string, x: Operand, w: Operand, axis: number | number[] | null): Operand {
  if (sameShape(x.layout.shape, w.layout.shape)) return w;
  if (axis === null) throw new TypeError("Axis must be specified when shapes of a and weights differ.");
  const ax = (typeof axis === "number" ? [axis] : axis).map((d) => normalizeAxis(op, d, x.layout.ndim));
  if (!sameShape(w.layout.shape, ax.map((d) => x.layout.shape[d]))) {
    throw new RangeError("Shape of weights must be consistent with shape of a along specified axis.");
  }
  // the weights' dims in a's order, with ones elsewhere
  const order = [...ax.keys()].sort((i, j) => ax[i] - ax[j]);
  const t = contiguous(view(w, w.layout.permute(op, order)), true);
  return view(t, new View(x.layout.shape.map((s, d) => (ax.includes(d) ? s : 1))));
}

/** np.average: the weighted mean over axes (weights along the axes or of a's shape); with `returned`, the weights' sum too. */
function npAverage(a: Args): Operand | Operand[] {
  const x: Operand = a.a, w: Operand | null = a.weights;
  let avg: Operand, scl: Operand;
  if (!w) {
    avg = npMean({ a: x, axis: a.axis, dtype: null, out: null, keepdims: a.keepdims });
    scl = scalarOperand(x.layout.size / Math.max(avg.layout.size, 1), avg.storage.dtype);
  } else {
    const xd = x.storage.dtype, wd = w.storage.dtype;
    const rdt = isFloat(xd) ? promoteTypes(xd, wd) : promoteTypes(promoteTypes(xd, wd), "float64");
    const wb = weightsAlong("average", x, w, a.axis);
    const ax = R.axesOf("average", a.axis, x.layout.ndim);
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
  ...HISTOGRAMS,
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
