/**
 * Array manipulation beyond the basic shape ops: np.pad (every NumPy mode),
 * np.insert / np.delete, fliplr / flipud, np.tri, np.diagIndices, the
 * in-place np.fillDiagonal / Tensor.fillDiagonal_ and np.putAlongAxis,
 * selection by conditions and masks (np.select, choose, compress, extract,
 * and the in-place place / putmask), grids and sequences (np.indices,
 * geomspace, vander), sorting helpers (np.lexsort, partition /
 * argpartition, torch.msort), torch.combinations and
 * torch.uniqueConsecutive.
 *
 * np.pad follows NumPy's algorithm step for step (axis by axis over the
 * region padded so far, reflections and wraps in chunks no longer than the
 * area already filled), so repeated reflections, odd reflections and the
 * rounding of integer statistics come out as NumPy's. torch's
 * differentiable forms are composites of Tensor ops (the torch functions
 * they need come from src/torch/functions.ts: api cannot import torch).
 */
import { type DType, isFloat, promoteTypes } from "../../core/dtype.ts";
import { fmtValue, RuntimeError } from "../../core/errors.ts";
import { normalizeAxis } from "../../core/shape.ts";
import { View } from "../../core/view.ts";
import { getIndex, nonzeroCoords, scatterAt, setIndex, Slice } from "../../ops/index.ts";
import {
  castTo,
  contiguous,
  copyInto,
  empty,
  onHost,
  type Operand,
  type Scalar,
  scalarOperand,
  toDevice,
  torchElement,
  zeros,
} from "../../ops/operand.ts";
import * as U from "../../ops/ufuncs.ts";
import { concatenate } from "../../ops/join.ts";
import { argsort as argsortOp, sort as sortOp } from "../../ops/sort.ts";
import { partitionAlong } from "../../ops/select.ts";
import { linspaceNp } from "./creation.ts";
import { asOperand, toOperand } from "../convert.ts";
import { type Args, type Ctx, defineOp } from "../define.ts";
import { broadcastShapes } from "../../core/shape.ts";
import { where as whereOp } from "../../ops/elementwise.ts";
import { asArray, checkCasting, isScalar, list, operandOf, promote, view } from "./common.ts";
import { intoOut } from "./reduce.ts";
import { opt, req } from "../signature.ts";
import { INDEX_EXTRA } from "./index_extra.ts";
import { REDUCE } from "./reduce.ts";
import { SHAPE } from "./shape.ts";

const INPUT = req("input", "array");
const npFlip = SHAPE.flip.np.overloads[0].impl as (a: Args) => Operand;
const npPut = INDEX_EXTRA.put.np.overloads[0].impl as (a: Args) => void;
const STATS: Record<string, (a: Args) => Operand> = {
  maximum: REDUCE.max.np.overloads[0].impl,
  minimum: REDUCE.min.np.overloads[0].impl,
  mean: REDUCE.mean.np.overloads[0].impl,
  median: REDUCE.median.np.overloads[0].impl,
};

/** `x[..., start:stop:step, ...]` at dim `d` (Python's slice rules). */
function sl(x: Operand, d: number, start: number | null, stop: number | null, step = 1): Operand {
  const [s, count, st] = new Slice(start, stop, step).resolve(x.layout.shape[d]);
  return view(x, x.layout.slice(d, s, count, st));
}

/** The int64 elements of an operand, in C order, as numbers. */
function hostNumbers(x: Operand): number[] {
  return Array.from(contiguous(onHost(castTo(x, "int64"))).storage.data as BigInt64Array, Number);
}

/** An int64 operand holding `values` (or another dtype when given). */
function intsOf(
  values: readonly number[],
  shape: readonly number[] = [values.length],
  dtype: DType = "int64",
): Operand {
  const o = empty(shape, "int64");
  const data = o.storage.data as BigInt64Array;
  values.forEach((v, i) => (data[i] = BigInt(v)));
  return castTo(o, dtype);
}

/** `x` raveled (a view when it is contiguous). */
function ravel(x: Operand): Operand {
  const c = contiguous(x);
  return view(c, new View([x.layout.size], [1], c.layout.offset));
}

// ---------- pad ----------

/**
 * NumPy's _as_pairs: one value, a (before, after) pair or one pair per axis, as ndim pairs of 0-d operands
 * (pad widths must be non-negative).
 */
function asPairs(x: Operand, ndim: number, index: boolean): Operand[][] {
  const neg = (o: Operand) => index && hostNumbers(o).some((v) => v < 0);
  if (index && neg(x)) throw new RangeError("index can't contain negative values");
  const at = (o: Operand, i: number) => view(o, new View([], [], o.layout.offset + i * o.layout.strides[0]));
  if (
    x.layout.ndim < 3 &&
    (x.layout.size === 1 || (x.layout.size === 2 && !(x.layout.ndim === 2 && x.layout.shape[1] === 1)))
  ) {
    const f = contiguous(x), v = view(f, new View([f.layout.size], [1], f.layout.offset));
    const pair = [at(v, 0), at(v, f.layout.size - 1)];
    return Array.from({ length: ndim }, () => pair);
  }
  let b: View;
  try {
    b = x.layout.expand("pad", [ndim, 2]);
  } catch {
    throw new RangeError(
      `operands could not be broadcast together with remapped shapes [original->remapped]: (${
        x.layout.shape.join(",")
      }) and requested shape (${ndim},2)`,
    );
  }
  const e = view(x, b);
  return Array.from({ length: ndim }, (_, d) => [0, 1].map((j) => view(e, b.select(0, d).select(0, j))));
}

/** The region an axis' step works on: axes up to it padded so far, the later ones their original area. */
function roiOf(padded: Operand, widths: number[][], shape: readonly number[], axis: number): Operand {
  let r = padded;
  for (let d = axis + 1; d < shape.length; d++) r = sl(r, d, widths[d][0], widths[d][0] + shape[d]);
  return r;
}

/** Writes `left` and `right` (broadcast) into the pad areas of `roi` along `axis`. */
function setPadArea(roi: Operand, axis: number, w: number[], left: Operand, right: Operand): void {
  copyInto(left, sl(roi, axis, null, w[0]));
  copyInto(right, sl(roi, axis, roi.layout.shape[axis] - w[1], null));
}

/** The edge slices (size 1 along axis) next to the pad areas. */
function edges(roi: Operand, axis: number, w: number[]): [Operand, Operand] {
  const r = roi.layout.shape[axis] - w[1];
  return [sl(roi, axis, w[0], w[0] + 1), sl(roi, axis, r - 1, r)];
}

/** NumPy's _set_reflect_both: one chunk of reflection on each side; the widths left to fill. */
function reflectBoth(roi: Operand, axis: number, w: number[], odd: boolean, period: number, edge: boolean): number[] {
  let [left, right] = w;
  const dt = roi.storage.dtype, len = roi.layout.shape[axis];
  let old = len - right - left, off = 0;
  if (edge) {
    old = Math.floor(old / period) * period;
    off = 1;
  } else {
    old = Math.floor((old - 1) / (period - 1)) * (period - 1) + 1 - 1;
  }
  // NumPy's 2 * edge - chunk: a Python 2 keeps the dtype, except that bools compute in int64
  const cdt = dt === "bool" ? "int64" : dt;
  const negate = (chunk: Operand, e: Operand) =>
    U.subtract(U.multiply(scalarOperand(2, cdt), castTo(e, cdt)), castTo(chunk, cdt));
  if (left > 0) {
    const n = Math.min(old, left), stop = left - off;
    let chunk = sl(roi, axis, stop + n, stop, -1);
    if (odd) chunk = negate(chunk, sl(roi, axis, left, left + 1));
    copyInto(chunk, sl(roi, axis, left - n, left));
    left -= n;
  }
  if (right > 0) {
    // NumPy's indices from the end, as Python resolves them
    const n = Math.min(old, right), start = -right + off - 2;
    let chunk = sl(roi, axis, start, start - n, -1);
    if (odd) chunk = negate(chunk, sl(roi, axis, len - right - 1, len - right));
    copyInto(chunk, sl(roi, axis, len - right, len - right + n));
    right -= n;
  }
  return [left, right];
}

/** NumPy's _set_wrap_both: one period's chunk on each side; the widths left to fill. */
function wrapBoth(roi: Operand, axis: number, w: number[], original: number): number[] {
  const [left, right] = w, len = roi.layout.shape[axis];
  const period = Math.floor((len - right - left) / original) * original;
  let newLeft = 0, newRight = 0;
  if (left > 0) {
    const end = left + period, chunk = sl(roi, axis, end - Math.min(period, left), end);
    if (left > period) newLeft = left - period;
    copyInto(chunk, left > period ? sl(roi, axis, left - period, left) : sl(roi, axis, 0, left));
  }
  if (right > 0) {
    const start = len - right - period, chunk = sl(roi, axis, start, start + Math.min(period, right));
    if (right > period) newRight = right - period;
    copyInto(
      chunk,
      right > period ? sl(roi, axis, len - right, len - right + period) : sl(roi, axis, len - right, len),
    );
  }
  return [newLeft, newRight];
}

/** NumPy's _get_linear_ramps: linspace(end, edge, width, endpoint=False) on each side (the right one reversed). */
function ramps(roi: Operand, axis: number, w: number[], ends: Operand[]): [Operand, Operand] {
  const dt = roi.storage.dtype, nd = roi.layout.ndim;
  const ramp = (end: Operand, edge: Operand, width: number) => {
    const shape = Array.from({ length: nd }, (_, d) => (d === axis ? width : 1));
    const i = castTo(intsOf([...Array(width).keys()], shape), "float64");
    const start = castTo(end, "float64"), delta = U.subtract(castTo(edge, "float64"), start);
    const step = U.divide(delta, scalarOperand(width, "float64"));
    const zero = hostNumbers(U.equal(step, scalarOperand(0, "float64"))).some((v) => v !== 0);
    let y = zero ? U.multiply(U.divide(i, scalarOperand(width, "float64")), delta) : U.multiply(i, step);
    y = U.add(y, start);
    if (!isFloat(dt) && dt !== "bool") y = U.floor(y);
    return castTo(y, dt);
  };
  const [le, re] = edges(roi, axis, w);
  const l = ramp(ends[0], le, w[0]), r = ramp(ends[1], re, w[1]);
  return [l, sl(r, axis, null, null, -1)];
}

/** NumPy's _get_stats (no stat_length): the statistic of the original area along axis, rounded for integers. */
function stat(roi: Operand, axis: number, w: number[], mode: string): Operand {
  const area = sl(roi, axis, w[0], roi.layout.shape[axis] - w[1]);
  const s = STATS[mode]({
    a: area,
    axis,
    keepdims: true,
    out: null,
    dtype: null,
    initial: null,
    where: null,
    overwriteInput: false,
  });
  const dt = roi.storage.dtype;
  return !isFloat(dt) && dt !== "bool" && isFloat(s.storage.dtype) ? U.rint(s) : s;
}

const PAD_KW: Record<string, string> = {
  constant: "constantValues",
  linear_ramp: "endValues",
  reflect: "reflectType",
  symmetric: "reflectType",
};
const snakeName = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** np.pad. */
function pad(a: Args): Operand {
  const x: Operand = a.array, mode: string = a.mode, nd = x.layout.ndim, shape = x.layout.shape;
  const pw = asArray("pad", a.padWidth);
  if (!["int64", "int32"].includes(pw.storage.dtype)) throw new TypeError("`pad_width` must be of integral type.");
  const widths = asPairs(pw, nd, true).map((p) => p.map((o) => hostNumbers(o)[0]));
  const given = ["constantValues", "endValues", "reflectType"].filter((k) => a[k] !== null && PAD_KW[mode] !== k);
  if (given.length) {
    throw new RangeError(
      `unsupported keyword arguments for mode '${mode}': {${given.map((k) => `'${snakeName(k)}'`).join(", ")}}`,
    );
  }
  const dt = x.storage.dtype;
  const padded = zeros(shape.map((n, d) => n + widths[d][0] + widths[d][1]), dt, x.storage.device);
  let center = padded;
  for (let d = 0; d < nd; d++) center = sl(center, d, widths[d][0], widths[d][0] + shape[d]);
  copyInto(x, center);
  const values = (v: unknown, dflt: number) => asPairs(v === null ? intsOf([dflt], []) : asArray("pad", v), nd, false);
  if (mode === "constant") {
    const vs = values(a.constantValues, 0);
    for (let d = 0; d < nd; d++) setPadArea(roiOf(padded, widths, shape, d), d, widths[d], vs[d][0], vs[d][1]);
    return padded;
  }
  if (mode === "empty") return padded;
  if (x.layout.size === 0) {
    const d = shape.findIndex((n, i) => n === 0 && (widths[i][0] > 0 || widths[i][1] > 0));
    if (d >= 0) throw new RangeError(`can't extend empty axis ${d} using modes other than 'constant' or 'empty'`);
    return padded;
  }
  const ends = mode === "linear_ramp" ? values(a.endValues, 0) : [];
  for (let d = 0; d < nd; d++) {
    const roi = roiOf(padded, widths, shape, d);
    let w = widths[d];
    if (mode === "edge" || ((mode === "reflect" || mode === "symmetric") && shape[d] === 1)) {
      if (w[0] > 0 || w[1] > 0) setPadArea(roi, d, w, ...edges(roi, d, w));
    } else if (mode === "linear_ramp") {
      setPadArea(roi, d, w, ...ramps(roi, d, w, ends[d]));
    } else if (mode in STATS) {
      const s = stat(roi, d, w, mode);
      setPadArea(roi, d, w, s, s);
    } else if (mode === "wrap") {
      while (w[0] > 0 || w[1] > 0) w = wrapBoth(roi, d, w, shape[d]);
    } else {
      const odd = a.reflectType === "odd";
      while (w[0] > 0 || w[1] > 0) w = reflectBoth(roi, d, w, odd, shape[d], mode === "symmetric");
    }
  }
  return padded;
}

// ---------- insert / delete ----------

/** The array and axis insert/delete work on (a raveled copy for axis null). */
function target(op: string, arr: Operand, axis: number | null): [Operand, number] {
  return axis === null ? [ravel(arr), 0] : [arr, normalizeAxis(op, axis, arr.layout.ndim)];
}

/** `obj` of insert/delete as indices: a Slice stays, anything else becomes an array (an empty list an int one). */
function objOf(op: string, obj: unknown): Slice | { o: Operand; isArray: boolean } {
  if (obj instanceof Slice) return new Slice(obj.start, obj.stop, obj.step);
  const given = asOperand(obj);
  let o = given ?? toOperand(op, obj as never);
  if (!given && o.layout.size === 0) o = castTo(o, "int64");
  return { o, isArray: given !== undefined };
}

const intDtype = (d: DType) => !isFloat(d) && d !== "bool";
const outOfBounds = (i: number, axis: number, n: number) =>
  new RangeError(`index ${i} is out of bounds for axis ${axis} with size ${n}`);

/** Index parts selecting `index` along `axis`. */
const along = (axis: number, index: Operand | Slice): (Slice | Operand)[] => [
  ...Array.from({ length: axis }, () => new Slice()),
  index,
];

/** np.delete. */
function del(arr: Operand, obj: unknown, axis: number | null): Operand {
  const [x, ax] = target("delete", arr, axis), n = x.layout.shape[ax];
  const keep = new Uint8Array(n).fill(1);
  const idx = objOf("delete", obj);
  if (idx instanceof Slice) {
    const [s, count, st] = idx.resolve(n);
    for (let i = 0; i < count; i++) keep[s + i * st] = 0;
  } else if (idx.o.storage.dtype === "bool") {
    if (idx.o.layout.ndim !== 1 || idx.o.layout.shape[0] !== n) {
      throw new RangeError(
        `boolean array argument obj to delete must be one dimensional and match the axis length of ${n}`,
      );
    }
    hostNumbers(idx.o).forEach((v, i) => (keep[i] = v ? 0 : 1));
  } else {
    if (!intDtype(idx.o.storage.dtype)) {
      throw new RangeError("arrays used as indices must be of integer (or boolean) type");
    }
    for (const i of hostNumbers(idx.o)) {
      if (i < -n || i >= n) throw outOfBounds(i, ax, n);
      keep[i < 0 ? i + n : i] = 0;
    }
  }
  return getIndex(x, along(ax, intsOf([...keep.keys()].filter((i) => keep[i]))));
}

/** np.insert. */
function insert(arr: Operand, obj: unknown, values: Operand | Scalar, axis: number | null): Operand {
  const [x, ax] = axis === null && arr.layout.ndim === 1 ? [arr, 0] : target("insert", arr, axis);
  const n = x.layout.shape[ax], dt = x.storage.dtype, nd = x.layout.ndim;
  const idx = objOf("insert", obj);
  let indices: number[], scalarIndex = false;
  if (idx instanceof Slice) {
    const [s, count, st] = idx.resolve(n);
    indices = Array.from({ length: count }, (_, i) => s + i * st);
  } else if (idx.o.storage.dtype === "bool") {
    if (idx.o.layout.ndim !== 1) throw new RangeError("boolean array argument obj to insert must be one dimensional");
    indices = hostNumbers(nonzeroCoords(idx.o)[0]);
  } else {
    if (idx.o.layout.ndim > 1) {
      throw new RangeError("index array argument obj to insert must be one dimensional or scalar");
    }
    if (!intDtype(idx.o.storage.dtype)) {
      // NumPy slices at one float index, and indexes a mask with several
      if (idx.o.layout.size === 1) {
        throw new TypeError("slice indices must be integers or None or have an __index__ method");
      }
      throw new RangeError("arrays used as indices must be of integer (or boolean) type");
    }
    indices = hostNumbers(idx.o);
    scalarIndex = idx.o.layout.ndim === 0;
  }
  const shape = [...x.layout.shape];
  if (indices.length === 1) {
    let i = indices[0];
    if (i < -n || i > n) throw outOfBounds(i, ax, n);
    if (i < 0) i += n;
    // NumPy's np.array(values, ndmin=arr.ndim, dtype=arr.dtype), its first axis moved to `axis` for a scalar obj
    let v = castTo(typeof values === "object" ? values : scalarOperand(values, dt), dt);
    while (v.layout.ndim < nd) v = view(v, v.layout.unsqueeze(0));
    if (scalarIndex && nd > 0) {
      const perm = [...Array(v.layout.ndim).keys()].filter((d) => d !== 0);
      perm.splice(ax, 0, 0);
      v = view(v, v.layout.permute("insert", perm));
    }
    const m = v.layout.shape[ax];
    shape[ax] += m;
    const out = empty(shape, dt, x.storage.device);
    copyInto(sl(x, ax, null, i), sl(out, ax, null, i));
    setIndex(out, along(ax, new Slice(i, i + m)), v);
    copyInto(sl(x, ax, i, null), sl(out, ax, i + m, null));
    return out;
  }
  const m = indices.length, len = n + m;
  const shifted = indices.map((i) => (i < 0 ? i + n : i));
  // NumPy's stable argsort: equal indices keep their order
  const order = [...shifted.keys()].sort((p, q) => shifted[p] - shifted[q] || p - q);
  order.forEach((j, r) => (shifted[j] += r));
  const old = new Uint8Array(len).fill(1);
  for (const i of shifted) {
    if (i < -len || i >= len) throw outOfBounds(i, 0, len);
    old[i < 0 ? i + len : i] = 0;
  }
  shape[ax] = len;
  const out = empty(shape, dt, x.storage.device);
  if (m > 0) setIndex(out, along(ax, intsOf(shifted)), values);
  const oldPos = [...old.keys()].filter((i) => old[i]);
  setIndex(out, along(ax, intsOf(oldPos)), x);
  return out;
}

// ---------- diagonals, triangles ----------

/** np.tri: ones at and below the k-th diagonal of an N x M matrix. */
function tri(n: number, m: number | null, k: number, dtype: DType): Operand {
  // NumPy's greater_equal.outer(arange(N), arange(-k, M - k)): negative sizes give empty aranges
  const rows = Math.max(n, 0), cols = Math.max(m ?? n, 0);
  const v: number[] = [];
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) v.push(i >= j - k ? 1 : 0);
  return castTo(intsOf(v, [rows, cols], "bool"), dtype);
}

/** np.fill_diagonal's flat positions: every (cols + 1)-th of a matrix (the whole array with wrap), of n-d cubes the main diagonal. */
function diagonalFlat(a: Operand, wrap: boolean): number[] {
  const s = a.layout.shape, nd = s.length;
  if (nd < 2) throw new RangeError("array must be at least 2-d");
  let step: number, end = a.layout.size;
  if (nd === 2) {
    step = s[1] + 1;
    if (!wrap) end = Math.min(end, s[1] * s[1]);
  } else {
    if (s.some((d) => d !== s[0])) throw new RangeError("All dimensions of input must be of equal length");
    step = 1;
    for (let d = 0, p = 1; d < nd - 1; d++) step += p *= s[d];
  }
  const out: number[] = [];
  for (let i = 0; i < end; i += step) out.push(i);
  return out;
}

/**
 * Tensor.fill_diagonal_: PyTorch's strided fills of the main diagonal (and, with wrap, of a tall matrix's
 * continuation every width + 1 rows), into `out` (the receiver) or a copy.
 */
function fillDiagonalTorch(x: Operand, value: Scalar, wrap: boolean, out: Operand | null): Operand {
  const v = x.layout, nd = v.ndim;
  if (nd < 2) throw new RuntimeError("dimensions must larger than 1");
  if (v.shape.some((d) => d !== v.shape[0]) && nd > 2) {
    throw new RuntimeError("all dimensions of input must be of equal length");
  }
  const r = out ?? contiguous(x, true), [h, w] = r.layout.shape, stride = r.layout.strides.reduce((p, q) => p + q, 0);
  const size = Math.min(h, w), offsets: bigint[] = [];
  for (let i = 0; i < size; i++) offsets.push(BigInt(i * stride));
  if (wrap && nd === 2 && h > w + 1) {
    const extra = Math.floor((r.layout.size + w) / (w + 1)) - size, start = r.layout.strides[0] * (w + 1);
    for (let i = 0; i < extra; i++) offsets.push(BigInt(start + i * stride));
  }
  // (the value converts as fill_'s does: PyTorch's overflow check, uint8 wrapping -1)
  const n = offsets.length,
    fill = scalarOperand(torchElement(value, r.storage.dtype), r.storage.dtype, r.storage.device);
  scatterAt(r, BigInt64Array.from(offsets), view(fill, fill.layout.unsqueeze(0).expand("fill_diagonal_", [n])), 1);
  return r;
}

/** np.put_along_axis: arr[indices along axis, aranges elsewhere] = values, in place. */
function putAlongAxis(arr: Operand, indices: Operand, values: Operand | Scalar, axis: unknown): void {
  if (axis !== null && !Number.isSafeInteger(axis)) {
    throw new TypeError(`put_along_axis: 'axis' must be an integer or null, got ${fmtValue(axis)}`);
  }
  if (!intDtype(indices.storage.dtype)) throw new RangeError("`indices` must be an integer array");
  if (axis === null) {
    if (indices.layout.ndim !== 1) throw new RangeError("when axis=None, `indices` must have a single dimension.");
    npPut({ a: arr, ind: indices, v: values, mode: "raise" });
    return;
  }
  const nd = arr.layout.ndim, ax = normalizeAxis("put_along_axis", axis as number, nd);
  if (indices.layout.ndim !== nd) {
    throw new RangeError("`indices` and `arr` must have the same number of dimensions");
  }
  const parts = arr.layout.shape.map((n, d) =>
    d === ax ? indices : intsOf([...Array(n).keys()], arr.layout.shape.map((_, e) => (e === d ? n : 1)))
  );
  setIndex(arr, parts, values);
  arr.storage.version++;
}

// ---------- selection by conditions and masks ----------

/** Flat positions of the non-zero elements of `x` (raveled). */
const flatTrue = (x: Operand): number[] => hostNumbers(nonzeroCoords(ravel(x))[0]);

/** np.select: the first choice whose condition holds at each element, else the default. */
function select(conds: Operand[], choices: unknown, dflt: Operand | Scalar, ctx: Ctx): Operand {
  if (!Array.isArray(choices)) throw new TypeError("select: 'choicelist' must be a list");
  if (conds.length !== choices.length) throw new RangeError("list of cases must be same length as list of conditions");
  if (conds.length === 0) throw new RangeError("select with an empty condition list is not possible");
  // Python numbers stay weak scalars (NumPy keeps int, float and complex choices as they are)
  const cs = choices.map((c) => (isScalar(c) && typeof c !== "bigint" ? c : asArray("select", c)));
  const dt = promote(ctx, ...cs, dflt);
  conds.forEach((c, i) => {
    if (c.storage.dtype !== "bool") throw new TypeError(`invalid entry ${i} in condlist: should be boolean ndarray`);
  });
  const shape = broadcastShapes("select", ...conds.map((c) => c.layout.shape), ...[...cs, dflt].map(shapeOf));
  let r = castTo(whereOp(true, operandOf(dflt, dt), operandOf(dflt, dt)), dt);
  for (let i = conds.length - 1; i >= 0; i--) r = whereOp(conds[i], operandOf(cs[i], dt), r);
  return view(r, r.layout.expand("select", shape));
}
const shapeOf = (x: Operand | Scalar): number[] => (isScalar(x) ? [] : [...x.layout.shape]);

/** np.choose: choices[a] element by element (indices raise, wrap or clip). */
function choose(a: Operand, choices: Operand[], mode: string, ctx: Ctx): Operand {
  checkCasting(a.storage.dtype, "int64", "safe");
  const n = choices.length;
  if (n === 0) throw new RangeError("0-length sequence.");
  const dt = promote(ctx, ...choices);
  const shape = broadcastShapes("choose", a.layout.shape, ...choices.map((c) => c.layout.shape));
  const idx = hostNumbers(view(a, a.layout.expand("choose", shape))).map((i) => {
    if (mode === "wrap") return ((i % n) + n) % n;
    if (mode === "clip") return Math.min(Math.max(i, 0), n - 1);
    if (i < 0 || i >= n) throw new RangeError("invalid entry in choice array");
    return i;
  });
  const at = intsOf(idx, shape);
  let r = castTo(choices[n - 1], dt);
  for (let k = n - 2; k >= 0; k--) r = whereOp(U.equal(at, scalarOperand(k, "int64")), castTo(choices[k], dt), r);
  return contiguous(view(r, r.layout.expand("choose", shape)), true);
}

/** np.compress: the slices along axis (the flattened array when null) where condition holds. */
function compress(condition: Operand, a: Operand, axis: number | null): Operand {
  if (condition.layout.ndim !== 1) throw new RangeError("condition must be a 1-d array");
  const [x, ax] = axis === null ? [ravel(a), 0] : [a, normalizeAxis("compress", axis, a.layout.ndim)];
  const n = x.layout.shape[ax], pos = flatTrue(condition);
  const bad = pos.find((i) => i >= n);
  if (bad !== undefined) throw outOfBounds(bad, ax, n);
  return getIndex(x, along(ax, intsOf(pos)));
}

/** np.extract: the elements of arr (raveled) where condition (raveled) holds. */
function extract(condition: Operand, arr: Operand): Operand {
  const pos = flatTrue(condition), n = arr.layout.size;
  const bad = pos.find((i) => i >= n);
  if (bad !== undefined) throw outOfBounds(bad, 0, n);
  return getIndex(ravel(arr), [intsOf(pos)]);
}

/** np.place / np.putmask's check that mask and data have the same size. */
function sameSize(op: string, a: Operand, mask: Operand): void {
  if (a.layout.size !== mask.layout.size) throw new RangeError(`${op}: mask and data must be the same size`);
}

/** np.place: the masked elements of arr, in order, get vals (repeated), in place. */
function place(arr: Operand, mask: Operand, vals: Operand | Scalar): void {
  sameSize("place", arr, mask);
  const pos = flatTrue(mask);
  if (!isScalar(vals) && vals.layout.size === 0 && pos.length > 0) {
    throw new RangeError("Cannot insert from an empty array!");
  }
  npPut({ a: arr, ind: intsOf(pos), v: vals, mode: "raise" });
}

/** np.putmask: a.flat[n] = values[n % len(values)] where mask.flat[n], in place (arrays cast safely). */
function putmask(a: Operand, mask: Operand, values: Operand | Scalar): void {
  sameSize("putmask", a, mask);
  if (!isScalar(values)) checkCasting(values.storage.dtype, a.storage.dtype, "safe");
  const pos = flatTrue(mask);
  if (isScalar(values)) return npPut({ a, ind: intsOf(pos), v: values, mode: "raise" });
  const m = values.layout.size;
  if (m === 0 || pos.length === 0) return;
  const v = getIndex(ravel(values), [intsOf(pos.map((i) => i % m))]);
  npPut({ a, ind: intsOf(pos), v, mode: "raise" });
}

// ---------- grids, sequences, sorting ----------

/** np.indices: the index grid of a shape (dense: one stacked array; sparse: broadcastable aranges). */
function indices(dims: number[], dtype: DType, sparse: boolean): Operand | Operand[] {
  const nd = dims.length;
  const grids = dims.map((n, i) => castTo(intsOf([...Array(n).keys()], dims.map((_, j) => (j === i ? n : 1))), dtype));
  if (sparse) return grids;
  const out = empty([nd, ...dims], dtype);
  grids.forEach((g, i) => copyInto(g, view(out, out.layout.select(0, i))));
  return out;
}

/** np.geomspace of scalars: logspace between the log10s, ends set exactly, signs restored (NumPy's steps). */
function geomspace(start: number, stop: number, num: number, endpoint: boolean, dtype: DType | null, axis: number) {
  if (start === 0 || stop === 0) throw new RangeError("Geometric sequence cannot include zero");
  normalizeAxis("geomspace", axis, 1);
  const sign = Math.sign(start), f = (v: number) => scalarOperand(v, "float64");
  const logs = [start / sign, stop / sign].map((v) => hostFloats(U.log10(f(v)))[0]);
  const y = U.power(f(10), linspaceNp(logs[0], logs[1], num, endpoint, null));
  const d = y.storage.data as Float64Array;
  if (num > 0) d[0] = start / sign;
  if (num > 1 && endpoint) d[num - 1] = stop / sign;
  return castTo(U.multiply(y, f(sign)), dtype ?? "float64");
}
const hostFloats = (x: Operand) => contiguous(onHost(castTo(x, "float64"))).storage.data as Float64Array;

/** np.vander: columns x^(N-1) ... x^0 (increasing: x^0 ... x^(N-1)), products accumulated as NumPy's. */
function vanderNp(x: Operand, N: number | null, increasing: boolean): Operand {
  if (x.layout.ndim !== 1) throw new RangeError("x must be a one-dimensional array or sequence.");
  const n = N ?? x.layout.shape[0], m = x.layout.shape[0];
  if (n < 0) throw new RangeError("negative dimensions are not allowed");
  const dt = promoteTypes(x.storage.dtype, "int64"), cx = castTo(x, dt);
  const c = view(cx, cx.layout.unsqueeze(1)), cols: Operand[] = [];
  for (let k = 0; k < n; k++) {
    cols.push(k === 0 ? castTo(intsOf(Array(m).fill(1), [m, 1]), dt) : k === 1 ? c : U.multiply(cols[k - 1], c));
  }
  if (!increasing) cols.reverse();
  return n === 0 ? empty([m, 0], dt) : concatenate(cols, 1);
}

/** Total order of NumPy's sorts: NaN last. */
const cmp = (
  a: number,
  b: number,
): number => (a < b ? -1 : a > b ? 1 : Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : Number.isNaN(b) ? -1 : 0);

/** np.lexsort: indices sorting by the last key, ties broken by the ones before (stable), along axis. */
function lexsort(keys: unknown, axis: number): Operand {
  const given = asOperand(keys);
  let ks: Operand[];
  if (given) {
    if (given.layout.ndim === 0) throw new TypeError("need sequence of keys with len > 0 in lexsort");
    // a 1-d array is that many 0-d keys: the answer is 0 (no view per element: 1e7 of them exhausted memory)
    if (given.layout.ndim === 1) {
      if (given.layout.shape[0] === 0) throw new TypeError("need sequence of keys with len > 0 in lexsort");
      return scalarOperand(0, "int64");
    }
    ks = [...Array(given.layout.shape[0]).keys()].map((i) => view(given, given.layout.select(0, i)));
  } else if (Array.isArray(keys)) ks = Array.from(keys, (k) => asArray("lexsort", k)); // (holes as undefined)
  else throw new TypeError("lexsort: keys must be a sequence of arrays");
  if (ks.length === 0) throw new TypeError("need sequence of keys with len > 0 in lexsort");
  const shape = ks[0].layout.shape;
  if (ks.some((k) => k.layout.ndim !== shape.length || k.layout.shape.some((d, i) => d !== shape[i]))) {
    throw new RangeError("all keys need to be the same shape");
  }
  if (shape.length === 0) return scalarOperand(0, "int64");
  const ax = normalizeAxis("lexsort", axis, shape.length);
  const perm = [...shape.keys()].filter((d) => d !== ax).concat(ax);
  const moved = ks.map((k) => hostFloats(view(k, k.layout.permute("lexsort", perm))));
  const n = shape[ax], lanes = n === 0 ? 0 : moved[0].length / n, out: number[] = [];
  for (let l = 0; l < lanes; l++) {
    const order = [...Array(n).keys()];
    order.sort((p, q) => {
      for (let k = moved.length - 1; k >= 0; k--) {
        const c = cmp(moved[k][l * n + p], moved[k][l * n + q]);
        if (c) return c;
      }
      return p - q;
    });
    out.push(...order);
  }
  const r = intsOf(out, perm.map((d) => shape[d]));
  const back = perm.map((_, i) => perm.indexOf(i));
  return contiguous(view(r, r.layout.permute("lexsort", back)), true);
}

/**
 * np.partition / argpartition: introselect on the host, O(n) per kth (the order on each side of a kth differs from
 * NumPy's); on other devices a full sort, which is a valid partition for every kth.
 */
function partition(a: Operand, kth: number | number[], axis: number | null, arg: boolean): Operand {
  // (NumPy's argpartition of a 0-d array is its one index; partition has no axis there)
  const x = axis === null || (arg && a.layout.ndim === 0) ? ravel(a) : a, ax = axis === null ? 0 : axis;
  if (x.layout.ndim === 0) throw new RangeError(`axis ${ax} is out of bounds for array of dimension 0`);
  const d = normalizeAxis(arg ? "argpartition" : "partition", ax, x.layout.ndim), n = x.layout.shape[d];
  // an empty array is partitioned whatever kth is
  if (x.layout.size === 0) return arg ? zeros(x.layout.shape, "int64", x.storage.device) : contiguous(x, true);
  const ks = list(kth);
  for (const k of ks) if (k < -n || k >= n) throw new RangeError(`kth(=${k}) out of bounds (${n})`);
  if (x.storage.device !== "cpu") return arg ? argsortOp(x, d) : sortOp(x, d);
  return partitionAlong(x, d, [...new Set(ks.map((k) => (k < 0 ? k + n : k)))].sort((p, q) => p - q), arg);
}

/** torch.unique_consecutive: the first of each run of equal elements (slices along dim), with inverse and counts. */
function uniqueConsecutive(x: Operand, inverse: boolean, counts: boolean, dim: number | null): Operand | Operand[] {
  const src = dim === null ? ravel(x) : x;
  const d = dim === null ? 0 : normalizeAxis("unique_consecutive", dim, Math.max(src.layout.ndim, 1));
  const s = src.layout.ndim === 0 ? view(src, src.layout.unsqueeze(0)) : src;
  const perm = [d, ...[...s.layout.shape.keys()].filter((e) => e !== d)];
  const data = contiguous(onHost(view(s, s.layout.permute("unique_consecutive", perm)))).storage.data;
  const n = s.layout.shape[d], inner = n === 0 ? 0 : data.length / n;
  const firsts: number[] = [], inv: number[] = [], cnt: number[] = [];
  for (let i = 0; i < n; i++) {
    let same = i > 0;
    for (let k = 0; same && k < inner; k++) same = data[i * inner + k] === data[(i - 1) * inner + k];
    if (!same) firsts.push(i), cnt.push(0);
    inv.push(firsts.length - 1);
    cnt[cnt.length - 1]++;
  }
  const dev = x.storage.device;
  const out: Operand[] = [getIndex(s, along(d, intsOf(firsts)))];
  if (inverse) out.push(toDevice(intsOf(inv, dim === null ? x.layout.shape : [n]), dev));
  if (counts) out.push(toDevice(intsOf(cnt), dev));
  return out.length === 1 ? out[0] : out;
}

// ---------- torch composites ----------

/** The Tensor methods the composites call (api cannot name torch's class). */
interface T {
  readonly ndim: number;
  readonly shape: number[];
  readonly dtype: DType;
  flip(dims: readonly number[]): T;
  to(dtype: DType): T;
  unsqueeze(dim: number): T;
  expand(shape: readonly number[]): T;
  cumprod(dim: number): T;
  sort(dim: number): { values: T };
  indexSelect(dim: number, index: T): T;
}
/** The torch functions the composites call. */
interface Fns {
  cat(ts: readonly T[], dim: number): T;
  stack(ts: readonly T[], dim: number): T;
  ones(shape: readonly number[], o: { dtype: DType }): T;
  zeros(shape: readonly number[], o: { dtype: DType }): T;
  tensor(data: readonly number[], o: { dtype: DType }): T;
}
let F: Fns;
/** Gives these composites the torch functions (set once by src/torch/functions.ts). */
export function setManipExtraFns(f: unknown): void {
  F = f as Fns;
}

/** torch.vander: ones then the running products of x (PyTorch's cumprod), reversed unless increasing. */
function vanderTorch(x: T, N: number | null, increasing: boolean): T {
  if (x.ndim !== 1) throw new RuntimeError("x must be a one-dimensional tensor.");
  const m = x.shape[0], n = N ?? m;
  if (n < 0) throw new RuntimeError("N must be non-negative.");
  const dt: DType = isFloat(x.dtype) ? x.dtype : "int64";
  if (n === 0) return F.zeros([m, 0], { dtype: dt });
  const ones = F.ones([m, 1], { dtype: dt });
  const r = n === 1 ? ones : F.cat([ones, x.to(dt).unsqueeze(1).expand([m, n - 1]).cumprod(1)], 1);
  return increasing ? r : r.flip([1]);
}

/** torch.combinations: rows of r elements at increasing (with replacement: non-decreasing) indices. */
function combinations(x: T, r: number, replace: boolean): T {
  if (x.ndim !== 1) throw new RuntimeError(`Expect a 1D vector, but got shape [${x.shape.join(", ")}]`);
  if (r < 0) throw new RuntimeError(`Expect a non-negative number, but got ${r}`);
  if (r === 0) return F.zeros([0], { dtype: x.dtype });
  const n = x.shape[0], cols: number[][] = Array.from({ length: r }, () => []);
  const walk = (at: number, from: number, picked: number[]) => {
    if (at === r) return picked.forEach((i, j) => cols[j].push(i));
    for (let i = from; i < n; i++) walk(at + 1, replace ? i : i + 1, [...picked, i]);
  };
  walk(0, 0, []);
  return F.stack(cols.map((c) => x.indexSelect(0, F.tensor(c, { dtype: "int64" }))), 1);
}

/** torch.fliplr / flipud: flip along dim 1 / 0 (a copy), PyTorch's check of the dims. */
function torchFlip(x: T, d: number): T {
  if (x.ndim < d + 1) throw new RuntimeError(`Input must be >= ${d + 1}-d.`);
  return x.flip([d]);
}

/** np.fliplr / flipud: a flipped view along axis 1 / 0. */
function npFlipAxis(m: Operand, d: number): Operand {
  if (m.layout.ndim < d + 1) throw new RangeError(`Input must be >= ${d + 1}-d.`);
  return npFlip({ m, axis: d });
}

function flipDecl<const N extends "fliplr" | "flipud">(name: N, d: number) {
  return defineOp({
    name,
    doc: `Reverses the order of elements along ${d === 1 ? "axis 1 (left/right)" : "axis 0 (up/down)"}.`,
    np: {
      names: [name],
      overloads: [{ sig: { pos: [req("m", "array")], kw: [] }, impl: (a: Args) => npFlipAxis(a.m, d) }],
    },
    torch: {
      names: [name],
      methods: [name],
      overloads: [{
        sig: { pos: [req("input", "array")], kw: [] },
        composite: true,
        impl: (a: Args) => torchFlip(a.input, d),
      }],
    },
  });
}

/** The declarations. */
export const MANIP_EXTRA = {
  pad: defineOp({
    name: "pad",
    doc:
      "Pads an array (modes constant, edge, linear_ramp, maximum, mean, median, minimum, reflect, symmetric, wrap, empty).",
    np: {
      names: ["pad"],
      overloads: [{
        sig: {
          pos: [
            req("array", "array"),
            req("padWidth", "any"),
            opt("mode", "string", "constant", {
              choices: [
                "constant",
                "edge",
                "linear_ramp",
                "maximum",
                "mean",
                "median",
                "minimum",
                "reflect",
                "symmetric",
                "wrap",
                "empty",
              ],
            }),
          ],
          kw: [
            opt("constantValues", "any", null),
            opt("endValues", "any", null),
            opt("reflectType", "string", null, { choices: ["even", "odd"] }),
          ],
        },
        impl: pad,
      }],
    },
  }),
  insert: defineOp({
    name: "insert",
    doc: "Inserts values before the given indices along an axis (the flattened array when axis is null).",
    np: {
      names: ["insert"],
      overloads: [{
        sig: {
          pos: [req("arr", "array"), req("obj", "index"), req("values", "arrayOrScalar"), opt("axis", "int", null)],
          kw: [],
        },
        impl: (a: Args) => insert(a.arr, a.obj, a.values, a.axis),
      }],
    },
  }),
  delete: defineOp({
    name: "delete",
    doc: "Removes the sub-arrays at the given indices (int, list, slice or mask) along an axis (flattened when null).",
    np: {
      names: ["delete"],
      overloads: [{
        sig: { pos: [req("arr", "array"), req("obj", "index"), opt("axis", "int", null)], kw: [] },
        impl: (a: Args) => del(a.arr, a.obj, a.axis),
      }],
    },
  }),
  fliplr: flipDecl("fliplr", 1),
  flipud: flipDecl("flipud", 0),
  tri: defineOp({
    name: "tri",
    doc: "An N x M array with ones at and below the k-th diagonal, zeros elsewhere.",
    np: {
      names: ["tri"],
      overloads: [{
        sig: {
          pos: [req("N", "int"), opt("M", "int", null), opt("k", "int", 0), opt("dtype", "dtype", "float64")],
          kw: [],
        },
        impl: (a: Args) => tri(a.N, a.M, a.k, a.dtype),
      }],
    },
  }),
  diagIndices: defineOp({
    name: "diagIndices",
    doc: "The indices of the main diagonal of an n x ... x n array (ndim copies of arange(n)).",
    np: {
      names: ["diagIndices"],
      overloads: [{
        sig: { pos: [req("n", "int"), opt("ndim", "int", 2)], kw: [] },
        returns: "arrays",
        impl: (a: Args) => {
          if (a.n < 0) throw new RangeError("negative dimensions are not allowed");
          const r = intsOf([...Array(a.n).keys()]);
          return Array.from({ length: a.ndim }, () => r);
        },
      }],
    },
  }),
  fillDiagonal: defineOp({
    name: "fillDiagonal",
    doc: "Fills the main diagonal in place (values repeated; wrap continues a tall matrix's diagonal).",
    np: {
      names: ["fillDiagonal"],
      overloads: [{
        sig: { pos: [req("a", "out"), req("val", "arrayOrScalar"), opt("wrap", "bool", false)], kw: [] },
        returns: "void",
        impl: (a: Args) => npPut({ a: a.a, ind: intsOf(diagonalFlat(a.a, a.wrap)), v: a.val, mode: "raise" }),
      }],
    },
    torch: {
      names: [],
      inplace: ["fillDiagonal_"],
      overloads: [{
        // the in-place twin's runner passes the receiver as `out`
        sig: { pos: [INPUT, req("fillValue", "scalar"), opt("wrap", "bool", false)], kw: [] },
        impl: (a: Args) => fillDiagonalTorch(a.input, a.fillValue, a.wrap, a.out),
      }],
    },
  }),
  putAlongAxis: defineOp({
    name: "putAlongAxis",
    doc: "Writes values at indices along an axis in place (the flattened array when axis is null).",
    np: {
      names: ["putAlongAxis"],
      overloads: [{
        sig: {
          pos: [req("arr", "out"), req("indices", "array"), req("values", "arrayOrScalar"), req("axis", "any")],
          kw: [],
        },
        returns: "void",
        impl: (a: Args) => putAlongAxis(a.arr, a.indices, a.values, a.axis),
      }],
    },
  }),
  // keyed apart from torch's Tensor.select (a later record's key replaces an earlier one's)
  selectNp: defineOp({
    name: "selectNp",
    doc: "The first choice whose condition holds, element by element (default where none does).",
    np: {
      names: ["select"],
      overloads: [{
        sig: {
          pos: [req("condlist", "arrays"), req("choicelist", "any"), opt("default", "arrayOrScalar", 0)],
          kw: [],
        },
        impl: (a: Args, ctx: Ctx) => select(a.condlist, a.choicelist, a.default, ctx),
      }],
    },
  }),
  choose: defineOp({
    name: "choose",
    doc: "Picks each element from the choice its index names (indices raise, wrap or clip).",
    np: {
      names: ["choose"],
      methods: ["choose"],
      overloads: [{
        sig: {
          pos: [
            req("a", "array"),
            req("choices", "arrays"),
            opt("out", "out", null),
            opt("mode", "string", "raise", { choices: ["raise", "wrap", "clip"] }),
          ],
          kw: [],
        },
        impl: (a: Args, ctx: Ctx) => intoOut(choose(a.a, a.choices, a.mode, ctx), a.out, "choose"),
      }],
    },
  }),
  compress: defineOp({
    name: "compress",
    doc: "The slices along an axis (the flattened array when null) where a 1-d condition holds.",
    np: {
      names: ["compress"],
      overloads: [{
        sig: { pos: [req("condition", "array"), req("a", "array"), opt("axis", "int", null)], kw: [] },
        impl: (a: Args) => compress(a.condition, a.a, a.axis),
      }],
    },
  }),
  extract: defineOp({
    name: "extract",
    doc: "The elements (raveled) where the condition (raveled) holds.",
    np: {
      names: ["extract"],
      overloads: [{
        sig: { pos: [req("condition", "array"), req("arr", "array")], kw: [] },
        impl: (a: Args) => extract(a.condition, a.arr),
      }],
    },
  }),
  place: defineOp({
    name: "place",
    doc: "Writes vals (repeated) into the masked elements in order, in place.",
    np: {
      names: ["place"],
      overloads: [{
        sig: { pos: [req("arr", "out"), req("mask", "array"), req("vals", "arrayOrScalar")], kw: [] },
        returns: "void",
        impl: (a: Args) => place(a.arr, a.mask, a.vals),
      }],
    },
  }),
  putmask: defineOp({
    name: "putmask",
    doc: "a.flat[n] = values[n % len(values)] where mask.flat[n], in place.",
    np: {
      names: ["putmask"],
      overloads: [{
        sig: { pos: [req("a", "out"), req("mask", "array"), req("values", "arrayOrScalar")], kw: [] },
        returns: "void",
        impl: (a: Args) => putmask(a.a, a.mask, a.values),
      }],
    },
  }),
  indices: defineOp({
    name: "indices",
    doc: "The index grid of a shape: one array stacked over the dims, or broadcastable aranges when sparse.",
    np: {
      names: ["indices"],
      overloads: [{
        sig: { pos: [req("dimensions", "ints"), opt("dtype", "dtype", "int64"), opt("sparse", "bool", false)], kw: [] },
        returns: "any",
        impl: (a: Args) => indices(list(a.dimensions), a.dtype, a.sparse),
      }],
    },
  }),
  geomspace: defineOp({
    name: "geomspace",
    doc: "num numbers spaced evenly on a log scale from start to stop (a geometric progression).",
    np: {
      names: ["geomspace"],
      overloads: [{
        sig: {
          pos: [
            req("start", "number"),
            req("stop", "number"),
            opt("num", "int", 50),
            opt("endpoint", "bool", true),
            opt("dtype", "dtype", null),
            opt("axis", "int", 0),
          ],
          kw: [],
        },
        impl: (a: Args) => geomspace(a.start, a.stop, a.num, a.endpoint, a.dtype, a.axis),
      }],
    },
  }),
  vander: defineOp({
    name: "vander",
    doc: "The Vandermonde matrix of a 1-d array: powers N-1 down to 0 (increasing: 0 up to N-1).",
    np: {
      names: ["vander"],
      overloads: [{
        sig: { pos: [req("x", "array"), opt("N", "int", null), opt("increasing", "bool", false)], kw: [] },
        impl: (a: Args) => vanderNp(a.x, a.N, a.increasing),
      }],
    },
    torch: {
      names: ["vander"],
      overloads: [{
        sig: { pos: [req("x", "array"), opt("N", "int", null), opt("increasing", "bool", false)], kw: [] },
        composite: true,
        impl: (a: Args) => vanderTorch(a.x, a.N, a.increasing),
      }],
    },
  }),
  combinations: defineOp({
    name: "combinations",
    doc: "The r-element combinations of a 1-d tensor's elements, one per row (with or without replacement).",
    torch: {
      names: ["combinations"],
      overloads: [{
        sig: { pos: [INPUT, opt("r", "int", 2), opt("withReplacement", "bool", false)], kw: [] },
        composite: true,
        impl: (a: Args) => combinations(a.input, a.r, a.withReplacement),
      }],
    },
  }),
  uniqueConsecutive: defineOp({
    name: "uniqueConsecutive",
    doc: "The first element (or slice along dim) of each run of equal ones, with inverse indices and run lengths.",
    torch: {
      names: ["uniqueConsecutive"],
      methods: ["uniqueConsecutive"],
      overloads: [{
        sig: {
          pos: [INPUT],
          kw: [opt("returnInverse", "bool", false), opt("returnCounts", "bool", false), opt("dim", "int", null)],
        },
        returns: "any",
        impl: (a: Args) => uniqueConsecutive(a.input, a.returnInverse, a.returnCounts, a.dim),
      }],
    },
  }),
  msort: defineOp({
    name: "msort",
    doc: "Sorts along the first dim (ascending).",
    torch: {
      names: ["msort"],
      methods: ["msort"],
      overloads: [{ sig: { pos: [INPUT], kw: [] }, composite: true, impl: (a: Args) => (a.input as T).sort(0).values }],
    },
  }),
  // ndarray.partition works in place (misc_more.ts partitionInPlace): only argpartition has the method here
  partition: partitionDecl("partition", false, []),
  argpartition: partitionDecl("argpartition", true, ["argpartition"]),
  lexsort: defineOp({
    name: "lexsort",
    doc: "Indices sorting by the last key, ties broken by the keys before it (stable), along an axis.",
    np: {
      names: ["lexsort"],
      overloads: [{
        sig: { pos: [req("keys", "any"), opt("axis", "int", -1)], kw: [] },
        impl: (a: Args) => lexsort(a.keys, a.axis),
      }],
    },
  }),
};

function partitionDecl<const N extends "partition" | "argpartition", const M extends readonly N[]>(
  name: N,
  arg: boolean,
  methods: M,
) {
  return defineOp({
    name,
    doc: `${
      arg ? "Indices that partition" : "A copy partitioned"
    } around the kth elements: each in sorted place, smaller ones before it, larger after.`,
    np: {
      names: [name],
      methods,
      overloads: [{
        sig: {
          pos: [
            req("a", "array"),
            req("kth", "ints"),
            opt("axis", "int", -1, { nullable: true }),
            opt("kind", "string", "introselect", { choices: ["introselect"] }),
          ],
          kw: [],
        },
        impl: (a: Args) => partition(a.a, a.kth, a.axis, arg),
      }],
    },
  });
}
