/**
 * Indexing ops: `get`/`set` (NumPy's index syntax), take, gather/scatter,
 * index_select/index_add/index_copy/index_fill, masked fill/select,
 * nonzero/argwhere, where, sorting and order statistics, clip/clamp.
 */
import { type DType, isFloat, TORCH_TYPE_NAME } from "../../core/dtype.ts";
import { fmtTuple, RuntimeError } from "../../core/errors.ts";
import { broadcastShapes, normalizeAxis } from "../../core/shape.ts";
import { View } from "../../core/view.ts";
import { type Backend, backendOf } from "../../backend/backend.ts";
import { where as whereOp } from "../../ops/elementwise.ts";
import {
  addIndex,
  gatherAt,
  getIndex,
  type IndexPart,
  nonzeroCoords,
  scatterAt,
  selectAt,
  setIndex,
  Slice,
} from "../../ops/index.ts";
import {
  atLeast1d,
  castTo,
  contiguous,
  copyInto,
  empty,
  fromElement,
  onHost,
  type Operand,
  scalarOperand,
  toDevice,
  torchElement,
  torchWrap,
} from "../../ops/operand.ts";
import { scratchInt64 } from "../../core/host_pool.ts";
import * as R from "../../ops/reduce.ts";
import { argsort as argsortOp, sort as sortOp, topk as topkOp } from "../../ops/sort.ts";
import { concatenate } from "../../ops/join.ts";
import { scan } from "../../ops/reduce.ts";
import * as U from "../../ops/ufuncs.ts";
import { checkNoOverlap } from "../../ops/mem_overlap.ts";
import { toIndexParts } from "../convert.ts";
import { type Args, type Ctx, defineOp } from "../define.ts";
import { opt, req } from "../signature.ts";
import {
  checkFoundDtype,
  checkTorchOut,
  deviceOf,
  float64s,
  isScalar,
  npUfuncOut,
  operandOf,
  promote,
  type Scalar,
  torchExactOut,
  torchSameOut,
  view,
} from "./common.ts";
import { nonzeroTuple, torchBinary } from "./elementwise.ts";
import { copyOut, intoOut } from "./reduce.ts";

/**
 * The index parts of a torch index (no negative steps: PyTorch has none). A uint8 tensor is a mask, as in
 * PyTorch; writing a single value through one is PyTorch's masked_fill error (`value`: what a write stores).
 */
export function torchParts(index: unknown, value?: Operand | Scalar): IndexPart[] {
  return toIndexParts(index as never).map((p) => {
    if (p instanceof Slice && p.step !== null && p.step < 0) throw new RangeError("step must be greater than zero");
    if (p === null || typeof p !== "object" || p instanceof Slice || p.storage.dtype !== "uint8") return p;
    if (value !== undefined && (isScalar(value) || value.layout.ndim === 0)) {
      throw new RuntimeError("masked_fill_ only supports boolean masks, but got mask with dtype unsigned char");
    }
    return castTo(p, "bool");
  });
}

/** PyTorch's index_put_ check (a write through a tensor index): no implicit cast of the values. */
export function checkPutDtype(x: Operand, v: Operand | Scalar): void {
  if (!isScalar(v) && v.storage.dtype !== x.storage.dtype) {
    throw new RuntimeError(
      `Index put requires the source and destination dtypes match, got ${TORCH_TYPE_NAME[x.storage.dtype]} for the ` +
        `destination and ${TORCH_TYPE_NAME[v.storage.dtype]} for the source.`,
    );
  }
}

/** Whether an index has only basic parts (the result is a view). */
export function isBasic(parts: readonly IndexPart[]): boolean {
  return parts.every((p) => p === null || p === "..." || typeof p === "number" || p instanceof Slice);
}

/**
 * The int64 index and the addressed tensor (a 0-d one viewed as 1-d) of a gather/scatter walk along a dim of `x`, or
 * null for an empty index, which addresses nothing (PyTorch checks no shapes then).
 */
function alongWalk(op: string, x: Operand, index: Operand): { ix: Operand; xw: Operand } | null {
  if (index.storage.dtype === "int32") index = castTo(index, "int64");
  if (index.storage.dtype !== "int64") throw new RuntimeError(`${op}(): Expected dtype int32/int64 for index`);
  if (index.layout.size === 0) return null;
  if (index.layout.ndim !== x.layout.ndim && !(index.layout.ndim <= 1 && x.layout.ndim <= 1)) {
    throw new RuntimeError(
      `Index tensor must have the same number of dimensions as ${op === "gather" ? "input" : "self"} tensor`,
    );
  }
  const v = x.layout;
  const xw = v.ndim === 0 ? { storage: x.storage, layout: new View([1], [0], v.offset, v.writeable) } : x;
  return { ix: atLeast1d(index), xw };
}

/**
 * Offsets of gather/scatter along `d` of `x` for an int64 `index` (PyTorch's addressing, bounds-checked;
 * negative indices count from the end only when `wrap`, as in NumPy's take_along_axis).
 */
export function alongOffsets(op: string, x: Operand, d: number, index: Operand, wrap = false): BigInt64Array {
  const w = alongWalk(op, x, index);
  return w ? walkOffsets(backendOf(w.ix), w, d, wrap) : new BigInt64Array(0);
}

/** A walk's offsets from backend `be` (for the backends without a fused `along`). */
function walkOffsets(be: Backend, w: { ix: Operand; xw: Operand }, d: number, wrap: boolean): BigInt64Array {
  return be.alongOffsets(w.ix, d, w.xw.layout.shape, w.xw.layout.strides, wrap);
}

/**
 * `x` along `d` at `index`, as a new array of the index's shape: one walk that reads as it addresses where the
 * backend has it (the offsets of 1e6 indices are 8 MB written and read back otherwise).
 */
function gatherAlong(op: string, x: Operand, d: number, index: Operand, wrap = false): Operand {
  const w = alongWalk(op, x, index), shape = index.layout.shape;
  if (!w) return empty(shape, x.storage.dtype, x.storage.device); // an empty index: an empty result
  const be = backendOf(w.ix, w.xw);
  if (!be.along) return gatherAt(x, walkOffsets(be, w, d, wrap), shape);
  const out = empty(shape, x.storage.dtype, x.storage.device);
  be.along(w.ix, d, w.xw, out, 0, wrap);
  return out;
}

/** torch.gather: out[i][j] = x[i][index[i][j]] along `dim`. */
export function gatherOp(x: Operand, dim: number, index: Operand): Operand {
  const d = normalizeAxis("gather", dim, Math.max(x.layout.ndim, 1));
  return gatherAlong("gather", x, d, index);
}

/** np.take_along_axis: gather with NumPy's index rules (negatives wrap, the other axes broadcast). */
function takeAlongAxisOp(arr: Operand, indices: Operand, axis: number | null): Operand {
  const dt = indices.storage.dtype;
  if (isFloat(dt) || dt === "bool") throw new RangeError("`indices` must be an integer array");
  if (axis === null) {
    if (indices.layout.ndim !== 1) throw new RangeError("when axis=None, `indices` must have a single dimension.");
    const flat = contiguous(arr);
    arr = view(flat, flat.layout.reshape("take_along_axis", [flat.layout.size])!);
    axis = 0;
  }
  const nd = arr.layout.ndim;
  if (indices.layout.ndim !== nd) throw new RangeError("`indices` and `arr` must have the same number of dimensions");
  const d = normalizeAxis("take_along_axis", axis, nd);
  const a = arr.layout.shape, i = indices.layout.shape;
  const other = a.map((n, k) => (k === d ? 1 : n)), iOther = i.map((n, k) => (k === d ? 1 : n));
  let common: number[];
  try {
    common = broadcastShapes("take_along_axis", other, iOther);
  } catch {
    throw new RangeError(
      `shape mismatch: indexing arrays could not be broadcast together with shapes ${fmtTuple(other)} ${
        fmtTuple(iOther)
      }`,
    );
  }
  const to = (x: Operand, n: number) =>
    view(x, x.layout.expand("take_along_axis", common.map((c, k) => (k === d ? n : c))));
  const src = to(arr, a[d]), ix = to(castTo(indices, "int64"), i[d]);
  return gatherAlong("take_along_axis", src, d, ix, true);
}

/** Scatters `src` (or a scalar) into `out` along `dim` at `index` (mode 1 write, 2 add, 3 multiply). */
export function scatterInto(out: Operand, dim: number, index: Operand, src: Operand | Scalar, mode: 1 | 2 | 3): void {
  const d = normalizeAxis("scatter", dim, Math.max(out.layout.ndim, 1));
  if (index.layout.size === 0) return; // nothing to write: PyTorch checks no shapes
  const w = alongWalk("scatter", out, index)!;
  let s: Operand;
  if (isScalar(src)) {
    s = view(
      scalarOperand(torchElement(src, out.storage.dtype), out.storage.dtype, out.storage.device),
      new View(index.layout.shape, index.layout.shape.map(() => 0), 0),
    );
  } else {
    if (src.storage.dtype !== out.storage.dtype) {
      throw new RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype");
    }
    if (src.layout.ndim !== index.layout.ndim && !(src.layout.ndim <= 1 && index.layout.ndim <= 1)) {
      throw new RuntimeError("Index tensor must have the same number of dimensions as src tensor");
    }
    // a 0-d index or src counts as 1-d, as in PyTorch
    index = atLeast1d(index);
    src = atLeast1d(src);
    for (let k = 0; k < index.layout.ndim; k++) {
      if (index.layout.shape[k] > (src.layout.shape[k] ?? 1)) {
        throw new RuntimeError(
          `Expected index [${index.layout.shape}] to be smaller than self [${out.layout.shape}] apart from dimension ${d} and to be smaller size than src [${src.layout.shape}]`,
        );
      }
    }
    // the src elements the index covers, in the index's C order
    let v = src.layout;
    for (let k = 0; k < index.layout.ndim; k++) v = v.slice(k, 0, index.layout.shape[k], 1);
    s = view(src, v);
  }
  const be = backendOf(w.ix, w.xw);
  if (be.along) be.along(w.ix, d, w.xw, contiguous(castTo(s, out.storage.dtype)), mode, false);
  else scatterAt(out, walkOffsets(be, w, d, false), s, mode);
  out.storage.version++;
}

const SCATTER_MODE: Record<string, 1 | 2 | 3> = { none: 1, add: 2, multiply: 3, sum: 2, prod: 3 };

/** Builds an index tuple that selects `index` along `dim` (index_select / index_add addressing). */
function alongDim(ndim: number, dim: number, index: Operand): IndexPart[] {
  const parts: IndexPart[] = Array.from({ length: ndim }, () => new Slice());
  parts[dim] = index;
  return parts;
}

/** The index dtypes each index_* op takes, and PyTorch's error (class and message) for another one. */
const INDEX_DTYPES: Record<string, [readonly DType[], new (message: string) => Error, (got: string) => string]> = {
  index_select: [["int32", "int64"], RuntimeError, () => "index_select(): Expected dtype int32 or int64 for index"],
  index_add: [
    ["int32", "int64"],
    RuntimeError,
    (got) => `index_add_(): Expected dtype int32/int64 for index but got: ${got}`,
  ],
  index_copy: [["int64"], RuntimeError, (got) => `index_copy_(): Expected a long tensor for index, but got ${got}`],
  index_fill: [["int64"], RangeError, () => "index_fill_(): Expected dtype int64 for index."],
};

/**
 * PyTorch's operands of index_select / index_add / index_copy / index_fill: a 0-d self counts as 1-d and a 0-d
 * index as a vector of one; the index dtype is checked, and every index must lie in [0, size) except for
 * index_fill, where negatives count from the end.
 */
function indexAlong(
  op: string,
  x: Operand,
  dim: number,
  index: Operand,
  bounds = true,
): { x: Operand; d: number; index: Operand } {
  if (index.layout.ndim > 1) throw new RangeError(`${op}(): Index is supposed to be a vector`);
  const [dtypes, error, msg] = INDEX_DTYPES[op], dt = index.storage.dtype;
  if (!dtypes.includes(dt)) throw new error(msg(TORCH_TYPE_NAME[dt]));
  const x1 = atLeast1d(x);
  const d = normalizeAxis(op, dim, x1.layout.ndim), n = x1.layout.shape[d];
  const idx = atLeast1d(index);
  if (bounds && idx.layout.size > 0) {
    const lo = Number(fromElement(R.min(idx).storage, 0)), hi = Number(fromElement(R.max(idx).storage, 0));
    const bad = lo < (op === "index_fill" ? -n : 0) ? lo : hi >= n ? hi : null;
    if (bad !== null) {
      if (op === "index_select") throw new RangeError("index out of range in self");
      const prefix = op === "index_copy" ? "index_copy_(): " : "";
      throw new RangeError(`${prefix}index ${bad} is out of bounds for dimension ${d} with size ${n}`);
    }
  }
  return { x: x1, d, index: idx };
}

/**
 * PyTorch's shape checks of index_add's and index_copy's source against `self` (`x` is self as indexAlong gives
 * it): the source as 1-d where self counts as 1-d. index_add wants source and self of one rank; index_copy lets
 * a 0-d and a one-element 1-d stand for each other.
 */
function checkSource(
  op: "index_add" | "index_copy",
  self: Operand,
  x: Operand,
  d: number,
  count: number,
  src: Operand,
): Operand {
  const xs = x.layout.shape, ss = src.layout.shape;
  const scalar = src.layout.ndim === 0 && (op === "index_add" || xs.length === 1);
  const s = scalar ? [1] : ss;
  const mismatch = () =>
    new RuntimeError(
      `source tensor shape must match self tensor shape, excluding the specified dimension. Got self.shape = ` +
        `[${self.layout.shape.join(", ")}] source.shape = [${ss.join(", ")}]`,
    );
  if (op === "index_copy" && s.length !== xs.length) {
    throw new RangeError(
      `index_copy_(): When source and destination are not scalars, their dimensionality must match. Source ` +
        `dimensionality (${s.length}), destination dimensionality (${xs.length})`,
    );
  }
  if (s[d] !== count) {
    throw new RangeError(
      op === "index_add"
        ? `index_add_(): Number of indices (${count}) should be equal to source.size(dim): (${s[d]}), for dim: ${d}`
        : `index_copy_(): Number of indices (${count}) should be equal to source.size(dim) (${s[d]})`,
    );
  }
  const k = xs.findIndex((n, i) => i !== d && n !== s[i]);
  if (op === "index_add" && (self.layout.ndim !== src.layout.ndim || k >= 0)) throw mismatch();
  if (s.length !== xs.length || k >= 0) {
    const at = k - (k > d ? 1 : 0);
    throw new RuntimeError(
      `index_copy_(): Source/destination tensor must have same slice shapes. Destination slice shape: ${xs[k]} ` +
        `at dimension ${at} and source slice shape: ${s[k]} at dimension ${at}.`,
    );
  }
  return atLeast1d(src); // only a source that passed as a scalar can still be 0-d here
}

/** PyTorch's error for ops its CPU kernels lack for bool. */
function noBool(x: Operand, kernel: string): void {
  if (x.storage.dtype === "bool") throw new RuntimeError(`"${kernel}" not implemented for 'Bool'`);
}

/** np.take / torch.take: elements at flat (or per-axis) indices; NumPy's `mode` wraps or clips them. */
function takeOp(x: Operand, indices: Operand, axis: number | null, mode = "raise"): Operand {
  if (axis === null || x.layout.ndim === 0) {
    const flat = contiguous(x);
    x = view(flat, new View([x.layout.size], [1], flat.layout.offset));
  }
  const d = normalizeAxis("take", axis ?? 0, x.layout.ndim), n = x.layout.shape[d];
  let idx = castTo(indices, "int64");
  if (mode !== "raise" && n === 0 && idx.layout.size > 0) {
    throw new RangeError("cannot do a non-empty take from an empty axes.");
  }
  // wrap: Python's modulo (never negative); clip: negatives clip to 0 too
  if (mode === "wrap") idx = U.mod(idx, n);
  else if (mode === "clip") idx = U.minimum(U.maximum(idx, 0), n - 1);
  return getIndex(x, alongDim(x.layout.ndim, d, idx));
}

/** np.take's index conversion: integers, bools as 0/1 (not a mask), an empty list; not floats. */
function npTakeIndices(indices: Operand): Operand {
  const dt = indices.storage.dtype;
  if (isFloat(dt) && indices.layout.size > 0) {
    throw new TypeError(
      `Cannot cast array data from dtype('${dt}') to dtype('int64') according to the rule 'same_kind'`,
    );
  }
  return castTo(indices, "int64");
}

/** The mask-selected elements of `x` (broadcasting both), as a 1-d array. */
function maskedSelect(x: Operand, mask: Operand): Operand {
  if (mask.storage.dtype !== "bool") throw new RuntimeError("masked_select: expected BoolTensor for mask");
  const shape = broadcastShapes("maskedSelect", x.layout.shape, mask.layout.shape);
  return getIndex(view(x, x.layout.expand("maskedSelect", shape)), [
    view(mask, mask.layout.expand("maskedSelect", shape)),
  ]);
}

/** `x` with `value` where `mask` holds (torch.masked_fill). */
function maskedFill(x: Operand, mask: Operand, value: Operand | Scalar, out?: Operand | null): Operand {
  if (mask.storage.dtype !== "bool") {
    throw new RuntimeError(`masked_fill_ only supports boolean masks, but got mask with dtype ${mask.storage.dtype}`);
  }
  if (!isScalar(value) && value.layout.ndim !== 0) {
    throw new RuntimeError(
      `masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.layout.ndim} dimension(s).`,
    );
  }
  const dt = x.storage.dtype;
  // PyTorch's checked conversion: an integer dtype truncates (2.7 -> 2), what does not fit is an error
  if (isScalar(value)) value = torchElement(value, dt);
  else checkItem(value, dt);
  const r = whereOp(mask, operandOf(value, dt, x.storage.device), x);
  // out of place, x broadcasts up to the mask's shape; in place (out is x) it cannot grow
  if (out && (r.layout.ndim !== x.layout.ndim || r.layout.shape.some((d, i) => d !== x.layout.shape[i]))) {
    throw new RuntimeError(
      `masked_fill: mask of shape [${mask.layout.shape}] does not broadcast to [${x.layout.shape}]`,
    );
  }
  if (out) {
    copyOut(r, out, "masked_fill");
    out.storage.version++;
    return out;
  }
  // PyTorch fills a C-order clone, whatever the input's layout
  return contiguous(r);
}

/**
 * A 0-d value tensor checked as PyTorch checks `value.item()` against the written dtype (masked_fill, index_fill);
 * the tensor itself is what is written (its gradient flows).
 */
function checkItem(value: Operand, dt: DType): void {
  const v = onHost(value);
  torchElement(fromElement(v.storage, v.layout.offset) as Scalar, dt);
}

/** Clamps to [lo, hi] with the front-end's promotion (either bound may be null). */
function clampOp(
  x: Operand,
  lo: Operand | Scalar | null,
  hi: Operand | Scalar | null,
  ctx: Ctx,
  out?: Operand | null,
): Operand {
  if (lo === null && hi === null) {
    if (ctx.fe === "torch") throw new RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None");
    // NumPy 2.1+: no bounds is a copy
    return out ? (copyInto(x, out), out) : contiguous(x, true);
  }
  const dt = promote(ctx, x, lo, hi), dev = deviceOf(x);
  if (ctx.fe === "torch" && dt === "bool") throw new RuntimeError(`"clamp_cpu" not implemented for 'Bool'`);
  // PyTorch's clamp by numbers writes only its result's dtype; by tensors, any it casts to
  if (out && ctx.fe === "torch") {
    if (isScalar(lo ?? 0) && isScalar(hi ?? 0)) checkFoundDtype(dt, out.storage.dtype);
    else checkTorchOut(dt, out);
  }
  // a float result takes number bounds as they are (the ufuncs' scalar lane: no 0-d array, no broadcast walk)
  const bound = (b: Operand | Scalar) => {
    if (ctx.fe === "torch" && isScalar(b)) b = torchElement(b, dt); // PyTorch's checked conversion of the bounds
    return typeof b === "number" && isFloat(dt) ? b : operandOf(b, dt, dev);
  };
  let r: Operand = castTo(x, dt);
  if (lo !== null) r = U.maximum(r, bound(lo));
  // a number bound after the first: into the first's new result (one result array, not two)
  if (hi !== null) r = U.minimum(r, bound(hi), lo !== null && isScalar(hi) ? r : undefined);
  if (r === x) r = contiguous(x, true);
  return ctx.fe === "np" ? intoOut(r, out, "clip", npUfuncOut("clip")) : intoOut(r, out, "clamp");
}

/** Values and indices of a sort along `dim` (stable; NaN last ascending, first descending). */
function sortValues(x: Operand, dim: number, descending: boolean): [Operand, Operand] {
  if (x.layout.ndim === 0) return [contiguous(x, true), empty([], "int64", x.storage.device)];
  const d = normalizeAxis("sort", dim, x.layout.ndim);
  const idx = argsortOp(x, d, descending);
  return [gatherOp(x, d, idx), idx];
}

/** The k largest (or smallest) along `dim`, sorted. */
function topk(x: Operand, k: number, dim: number, largest: boolean): [Operand, Operand] {
  if (x.storage.dtype === "bool") throw new RuntimeError("topk does not support bool dtypes on CPU");
  const d = normalizeAxis("topk", dim, Math.max(x.layout.ndim, 1));
  const n = x.layout.ndim === 0 ? 1 : x.layout.shape[d];
  if (k < 0 || k > n) throw new RuntimeError("selected index k out of range");
  if (x.layout.ndim === 0) return [contiguous(x, true), empty([], "int64", x.storage.device)];
  const selected = topkOp(x, d, k, largest);
  if (selected) return selected;
  const idx = argsortOp(x, d, largest);
  const top = view(idx, idx.layout.slice(d, 0, k, 1));
  return [gatherOp(x, d, top), contiguous(top, true)];
}

/** The k-th smallest along `dim` (1-based), with its index. */
function kthvalue(x: Operand, k: number, dim: number, keepdim: boolean): [Operand, Operand] {
  noBool(x, "kthvalue_cpu");
  const nd = x.layout.ndim, d = normalizeAxis("kthvalue", dim, Math.max(nd, 1));
  const n = nd === 0 ? 1 : x.layout.shape[d];
  if (n === 0) throw new RangeError(`kthvalue(): Expected reduction dim ${d} to have non-zero size.`);
  if (k < 1 || k > n) throw new RuntimeError(`kthvalue(): selected number k out of range for dimension ${d}`);
  if (nd === 0) return [contiguous(x, true), empty([], "int64", x.storage.device)];
  const idx = argsortOp(x, d, false);
  const pick = contiguous(view(idx, idx.layout.slice(d, k - 1, 1, 1)), true);
  const vals = gatherOp(x, d, pick);
  if (keepdim) return [vals, pick];
  return [view(vals, vals.layout.squeeze("kthvalue", [d])), view(pick, pick.layout.squeeze("kthvalue", [d]))];
}

/** torch.median: the lower median (NaN when a NaN is present), with its index along `dim`. */
function medianDim(x: Operand, dim: number, keepdim: boolean): [Operand, Operand] {
  noBool(x, "median_cpu");
  const nd = x.layout.ndim, d = normalizeAxis("median", dim, Math.max(nd, 1));
  const n = nd === 0 ? 1 : x.layout.shape[d];
  if (n === 0) throw new RangeError(`median(): Expected reduction dim ${d} to have non-zero size.`);
  if (nd === 0) return [contiguous(x, true), empty([], "int64", x.storage.device)];
  const idx = argsortOp(x, d, false);
  // NaN sorts last: a row with any NaN reports its (first) NaN, as PyTorch does
  const anyNan = U.isnan(gatherOp(x, d, contiguous(view(idx, idx.layout.slice(d, n - 1, 1, 1)), true)));
  const nanFirst = argsortOp(U.logicalNot(U.isnan(x)), d, false);
  const mid = contiguous(view(idx, idx.layout.slice(d, (n - 1) >> 1, 1, 1)), true);
  const firstNan = contiguous(view(nanFirst, nanFirst.layout.slice(d, 0, 1, 1)), true);
  const pick = whereOp(anyNan, firstNan, mid);
  const vals = gatherOp(x, d, pick);
  if (keepdim) return [vals, pick];
  return [view(vals, vals.layout.squeeze("median", [d])), view(pick, pick.layout.squeeze("median", [d]))];
}

/** Sorted unique values, with inverse indices and counts when asked. */
export function uniqueOp(x: Operand, inverse: boolean, counts: boolean, index = false, equalNan = false): Operand[] {
  const flat = contiguous(x);
  const v = view(flat, new View([x.layout.size], [1], flat.layout.offset));
  if (v.layout.size === 0) {
    const e = empty([0], x.storage.dtype, x.storage.device);
    return [
      e,
      ...(index ? [empty([0], "int64")] : []),
      ...(inverse ? [empty(x.layout.shape, "int64")] : []),
      ...(counts ? [empty([0], "int64")] : []),
    ];
  }
  const order = argsortOp(v, 0, false);
  const sorted = getIndex(v, [order]);
  const n = v.layout.size;
  // first-of-run flags: sorted[i] != sorted[i-1]; NaNs (sorted last) are one value with equalNan (NumPy 2's
  // default), each its own otherwise (PyTorch's)
  const head = view(sorted, new View([n - 1], [1], sorted.layout.offset + 1));
  const prev = view(sorted, new View([n - 1], [1], sorted.layout.offset));
  let differ = U.notEqual(head, prev);
  if (equalNan && isFloat(x.storage.dtype)) differ = U.logicalAnd(differ, U.logicalNot(U.isnan(prev)));
  const flags = concatenate([view(scalarOperand(true, "bool"), new View([1])), differ], 0);
  const starts = nonzeroCoords(flags)[0];
  const uniq = getIndex(sorted, [starts]);
  const out: Operand[] = [uniq];
  // the stable sort puts each value's first occurrence first in its run
  if (index) out.push(getIndex(order, [starts]));
  if (inverse) {
    const group = U.subtract(scan("cumsum", castTo(flags, "int64"), 0), 1);
    const inv = empty([n], "int64", x.storage.device);
    scatterAt(inv, offsetsOf(order), group, 1);
    out.push(view(inv, new View(x.layout.shape)));
  }
  if (counts) {
    const m = uniq.layout.size;
    const bounds = concatenate([castTo(starts, "int64"), view(scalarOperand(n, "int64"), new View([1]))], 0);
    const hi = view(bounds, new View([m], [1], 1)), lo = view(bounds, new View([m], [1], 0));
    out.push(U.subtract(hi, lo));
  }
  return out;
}

/**
 * Unique slices along `axis` (np.unique's and torch.unique's axis / dim): the slices sorted lexicographically (a
 * stable sort, so `index` is each slice's first occurrence), equal runs merged (NaN never equals NaN), with the
 * first-occurrence indices, the inverse (one entry per slice) and the counts when asked. Compared on the host.
 */
function uniqueAlong(x: Operand, axis: number, inverse: boolean, counts: boolean, index: boolean): Operand[] {
  const nd = x.layout.ndim, d = normalizeAxis("unique", axis, nd), n = x.layout.shape[d];
  const perm = [d, ...[...Array(nd).keys()].filter((k) => k !== d)];
  const moved = contiguous(onHost(view(x, x.layout.permute("unique", perm))), true);
  const m = n === 0 ? 0 : moved.layout.size / n, data = moved.storage.data as ArrayLike<number | bigint>;
  const at = (r: number, k: number) => data[moved.layout.offset + r * m + k];
  const cmp = (p: number, q: number) => {
    for (let k = 0; k < m; k++) {
      const a = at(p, k), b = at(q, k);
      if (a < b || (a === a && b !== b)) return -1; // (NaNs sort last, as NumPy's sort)
      if (a > b || (a !== a && b === b)) return 1;
    }
    return 0;
  };
  const order = [...Array(n).keys()].sort((p, q) => cmp(p, q) || p - q);
  const same = (p: number, q: number) => {
    for (let k = 0; k < m; k++) if (at(p, k) !== at(q, k)) return false;
    return true;
  };
  const starts: number[] = [], inv = new Array<number>(n), cnt: number[] = [];
  order.forEach((r, i) => {
    if (i === 0 || !same(order[i - 1], r)) starts.push(i), cnt.push(0);
    inv[r] = starts.length - 1;
    cnt[cnt.length - 1]++;
  });
  const firsts = starts.map((i) => order[i]), stride = x.layout.strides[d];
  const offsets = scratchInt64(firsts.length);
  firsts.forEach((r, i) => (offsets[i] = BigInt(r * stride)));
  const ints = (v: number[]) => toDevice(castTo(float64s(v), "int64"), x.storage.device);
  const out: Operand[] = [selectAt(x, d, offsets)];
  if (index) out.push(ints(firsts));
  if (inverse) out.push(ints(inv));
  if (counts) out.push(ints(cnt));
  return out;
}

/**
 * NumPy 2's array-API unique functions: np.unique of every element with NaNs kept apart (equal_nan false), the
 * results named as NumPy's fields, in camelCase (values, indices, inverseIndices, counts).
 */
function uniqueApi<const N extends string>(name: N, what: string, fields: string[]) {
  const has = (f: string) => fields.includes(f);
  return defineOp({
    name,
    doc: `np.${name}: the sorted unique elements' ${what}.`,
    np: {
      names: [name],
      overloads: [{
        sig: { pos: [req("x", "array")], kw: [] },
        returns: "arrays",
        names: fields,
        impl: (a: Args) => uniqueOp(a.x, has("inverseIndices"), has("counts"), has("indices"), false),
      }],
    },
  });
}

/** The values of a host int64 index operand as element offsets. */
function offsetsOf(idx: Operand): BigInt64Array {
  const c = contiguous(idx);
  return (c.storage.data as BigInt64Array).subarray(c.layout.offset, c.layout.offset + c.layout.size);
}

/** np.searchsorted / torch.searchsorted over a sorted 1-d array. */
export function searchsorted(sorted: Operand, values: Operand | Scalar, right: boolean): Operand {
  if (sorted.layout.ndim !== 1) throw new RangeError("searchsorted: the sorted sequence must be 1-d");
  const s = contiguous(castTo(sorted, "float64"));
  const sd = (s.storage.data as Float64Array).subarray(s.layout.offset, s.layout.offset + s.layout.size);
  const v = isScalar(values) ? scalarOperand(Number(values), "float64") : contiguous(castTo(values, "float64"));
  const vd = (v.storage.data as Float64Array).subarray(v.layout.offset, v.layout.offset + v.layout.size);
  const out = empty(v.layout.shape, "int64");
  const od = out.storage.data as BigInt64Array;
  // NumPy's order: NaN after everything (a sorted sequence ends with its NaNs)
  const lt = (p: number, q: number) => p < q || (q !== q && p === p);
  // host-side binary search: the sequence and the queries are already host arrays here
  for (let i = 0; i < vd.length; i++) {
    let lo = 0, hi = sd.length;
    const x = vd[i];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (right ? !lt(x, sd[mid]) : lt(sd[mid], x)) lo = mid + 1;
      else hi = mid;
    }
    od[i] = BigInt(lo);
  }
  return out;
}

/**
 * torch.searchsorted / bucketize: the sequence and the values in their common dtype first (a number is a wrapped
 * number: an integer wraps into an integer sequence's dtype, uint8's -1 is 255; a float makes the default float).
 */
export function torchSearchsorted(sorted: Operand, values: Operand | Scalar, right: boolean, ctx: Ctx): Operand {
  const dt = promote(ctx, sorted, values);
  const v = isScalar(values) ? scalarOperand(torchWrap(values, dt), dt) : castTo(values, dt);
  return searchsorted(castTo(sorted, dt), v, right);
}

/** The integer dtypes' limits (np.iinfo's min and max), for np.clip's bounds. */
const INT_LIMITS: Partial<Record<DType, [bigint, bigint]>> = {
  uint8: [0n, 255n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
};

/** np.sort's input: a 0-d array has no axis to sort along (axis null sorts its ravel). */
function npSortable(x: Operand, axis: number | null): Operand {
  if (x.layout.ndim === 0 && axis !== null) {
    throw new RangeError(`axis ${axis} is out of bounds for array of dimension 0`);
  }
  return x;
}

const INPUT = req("input", "array");
/** torch.sort/argsort's two schemas: (dim, descending), and with `stable` every argument by keyword. */
const SORT_TORCH = {
  pos: [INPUT, opt("dim", "int", -1, { aliases: ["axis"] }), opt("descending", "bool", false)],
  kw: [],
} as const;
const SORT_TORCH_STABLE = {
  pos: [INPUT],
  kw: [req("stable", "bool"), opt("dim", "int", -1, { aliases: ["axis"] }), opt("descending", "bool", false)],
} as const;
/** sort's, with PyTorch's `out=(values, indices)` (argsort has none). */
const SORT_OUT = { pos: SORT_TORCH.pos, kw: [opt("out", "outs", null)] } as const;
const SORT_STABLE_OUT = {
  pos: SORT_TORCH_STABLE.pos,
  kw: [...SORT_TORCH_STABLE.kw, opt("out", "outs", null)],
} as const;

function argsortTorch(a: Args): Operand {
  const x: Operand = a.input;
  return x.layout.ndim === 0 ? empty([], "int64", x.storage.device) : argsortOp(x, a.dim, a.descending);
}

/** Indexing ops, declared once for both front-ends. */
export const INDEX = {
  get: defineOp({
    name: "get",
    doc: "a[index]: basic indexing gives a view, advanced (integer arrays, masks) a copy.",
    np: {
      names: [],
      methods: ["get"],
      overloads: [{
        sig: { pos: [req("a", "array"), req("index", "index")], kw: [] },
        impl: (a: Args) => getIndex(a.a, toIndexParts(a.index)),
      }],
    },
    torch: {
      names: [],
      methods: ["get"],
      overloads: [{
        sig: { pos: [INPUT, req("index", "index")], kw: [] },
        impl: (a: Args) => getIndex(a.input, torchParts(a.index), true),
      }],
    },
  }),
  set: defineOp({
    name: "set",
    doc: "a[index] = value, broadcasting the value; returns the array.",
    np: {
      names: [],
      methods: ["set"],
      overloads: [{
        sig: { pos: [req("a", "array"), req("index", "index"), req("value", "arrayOrScalar")], kw: [] },
        returns: "self",
        impl: (a: Args) => setIndex(a.a, toIndexParts(a.index), a.value),
      }],
    },
    torch: {
      names: [],
      methods: ["set"],
      overloads: [{
        sig: { pos: [INPUT, req("index", "index"), req("value", "arrayOrScalar")], kw: [] },
        returns: "self",
        mutates: true,
        impl: (a: Args) => {
          const parts = torchParts(a.index, a.value), basic = isBasic(parts);
          if (!basic) checkPutDtype(a.input, a.value);
          // a basic index writes a view (which the same view may fill); an advanced one writes through all of self
          if (!isScalar(a.value) && a.value.storage === a.input.storage) {
            checkNoOverlap(basic ? getIndex(a.input, parts, true) : a.input, a.value, !basic);
          }
          const v = isScalar(a.value) ? torchElement(a.value, a.input.storage.dtype) : a.value;
          setIndex(a.input, parts, v, true);
          (a.input as Operand).storage.version++;
        },
      }],
    },
  }),
  take: defineOp({
    name: "take",
    doc: "Elements at flat indices (np: or along an axis).",
    np: {
      names: ["take"],
      methods: ["take"],
      overloads: [{
        sig: {
          pos: [
            req("a", "array"),
            req("indices", "array"),
            opt("axis", "int", null),
            opt("out", "out", null),
            opt("mode", "string", "raise", { choices: ["raise", "wrap", "clip"] }),
          ],
          kw: [],
        },
        impl: (a: Args) => intoOut(takeOp(a.a, npTakeIndices(a.indices), a.axis, a.mode), a.out, "take"),
      }],
    },
    torch: {
      names: ["take"],
      methods: ["take"],
      overloads: [{
        sig: { pos: [INPUT, req("index", "array")], kw: [opt("out", "out", null)] },
        impl: (a: Args) => {
          const dt = a.index.storage.dtype as DType;
          if (dt !== "int64") {
            throw new RuntimeError(`take(): Expected a long tensor for index, but got ${TORCH_TYPE_NAME[dt]}`);
          }
          return intoOut(takeOp(a.input, a.index, null), a.out, "take", (from, to) => {
            if (from !== to) {
              throw new RuntimeError(
                `take(): self and out expected to have the same dtype, but got self.dtype = ${
                  TORCH_TYPE_NAME[from]
                } and out.dtype = ${TORCH_TYPE_NAME[to]}`,
              );
            }
          });
        },
      }],
    },
  }),
  takeAlongAxis: defineOp({
    name: "takeAlongAxis",
    doc: "np.take_along_axis (torch.gather with NumPy's broadcasting of the other dims).",
    np: {
      names: ["takeAlongAxis"],
      overloads: [{
        sig: {
          pos: [req("arr", "array"), req("indices", "array"), opt("axis", "int", -1, { nullable: true })],
          kw: [],
        },
        impl: (a: Args) => takeAlongAxisOp(a.arr, a.indices, a.axis),
      }],
    },
  }),
  gather: defineOp({
    name: "gather",
    doc: "out[i][j] = input[i][index[i][j]] along dim.",
    torch: {
      names: ["gather"],
      methods: ["gather"],
      overloads: [{
        sig: {
          pos: [INPUT, req("dim", "int"), req("index", "array")],
          kw: [opt("sparseGrad", "bool", false), opt("out", "out", null)],
        },
        impl: (a: Args) => intoOut(gatherOp(a.input, a.dim, a.index), a.out, "gather", torchExactOut),
      }],
    },
  }),
  scatter: defineOp({
    name: "scatter",
    doc: "A copy with src written at index along dim (reduce 'add' or 'multiply' combines).",
    torch: {
      names: ["scatter"],
      methods: ["scatter"],
      inplace: ["scatter_"],
      overloads: [{
        sig: {
          pos: [INPUT, req("dim", "int"), req("index", "array"), req("src", "arrayOrScalar", { aliases: ["value"] })],
          kw: [opt("reduce", "string", null, { choices: ["add", "multiply"] }), opt("out", "out", null)],
        },
        impl: (a: Args) => {
          const x: Operand = a.input, out: Operand = a.out ?? contiguous(x, true);
          if (a.out && a.out !== x) copyOut(x, out, "scatter");
          scatterInto(out, a.dim, a.index, a.src, SCATTER_MODE[a.reduce ?? "none"]);
          return out;
        },
      }],
    },
  }),
  scatterAdd: defineOp({
    name: "scatterAdd",
    doc: "A copy with src added at index along dim (repeats accumulate).",
    torch: {
      names: ["scatterAdd"],
      methods: ["scatterAdd"],
      inplace: ["scatterAdd_"],
      overloads: [{
        sig: {
          pos: [INPUT, req("dim", "int"), req("index", "array"), req("src", "array")],
          kw: [opt("out", "out", null)],
        },
        impl: (a: Args) => {
          const x: Operand = a.input, out: Operand = a.out ?? contiguous(x, true);
          if (a.out && a.out !== x) copyOut(x, out, "scatter_add");
          scatterInto(out, a.dim, a.index, a.src, 2);
          return out;
        },
      }],
    },
  }),
  indexSelect: defineOp({
    name: "indexSelect",
    doc: "The entries of dim at the given indices.",
    torch: {
      names: ["indexSelect"],
      methods: ["indexSelect"],
      overloads: [{
        sig: { pos: [INPUT, req("dim", "int"), req("index", "array")], kw: [opt("out", "out", null)] },
        impl: (a: Args) => {
          // PyTorch takes no negative indices here (index_select is an embedding lookup): the offsets' bounds check
          // refuses them (one kernel call checks and addresses every index)
          const { x, d, index } = indexAlong("index_select", a.input, a.dim, a.index, false);
          if (a.input.layout.ndim === 0 && index.layout.size !== 1) {
            throw new RuntimeError(
              `index_select(): Index to scalar can have only 1 value, got ${index.layout.size} value(s)`,
            );
          }
          let offsets: BigInt64Array;
          try {
            const along = { storage: x.storage, layout: new View([x.layout.shape[d]], [x.layout.strides[d]]) };
            offsets = alongOffsets("index_select", along, 0, index);
          } catch (e) {
            if (e instanceof RangeError) throw new RangeError("index out of range in self");
            throw e;
          }
          const r = selectAt(x, d, offsets);
          // a 0-d self gives a 0-d result
          const out = a.input.layout.ndim === 0 ? view(r, new View([], [], r.layout.offset)) : r;
          return intoOut(out, a.out, "index_select", (from, to) => {
            if (from !== to) throw new RuntimeError("index_select(): self and result must have the same scalar type");
          });
        },
      }],
    },
  }),
  indexAdd: defineOp({
    name: "indexAdd",
    doc: "A copy with source (times alpha) added at the indices of dim (repeats accumulate).",
    torch: {
      names: ["indexAdd"],
      methods: ["indexAdd"],
      inplace: ["indexAdd_"],
      overloads: [{
        sig: {
          pos: [INPUT, req("dim", "int"), req("index", "array"), req("source", "array")],
          kw: [opt("alpha", "scalar", 1), opt("out", "out", null)],
        },
        impl: (a: Args, ctx: Ctx) => {
          const x: Operand = a.input;
          const at = indexAlong("index_add", x, a.dim, a.index);
          if (a.source.storage.dtype !== x.storage.dtype) {
            throw new RuntimeError(
              `index_add_(): self (${TORCH_TYPE_NAME[x.storage.dtype]}) and source (${
                TORCH_TYPE_NAME[a.source.storage.dtype as DType]
              }) must have the same scalar type`,
            );
          }
          const out: Operand = a.out ?? contiguous(x, true);
          if (a.out && a.out !== x) {
            torchExactOut(x.storage.dtype, out.storage.dtype);
            copyOut(x, out, "index_add");
          }
          const source = checkSource("index_add", x, at.x, at.d, at.index.layout.size, a.source);
          // (alpha converts into self's dtype with PyTorch's overflow check)
          const alpha = torchElement(a.alpha, x.storage.dtype);
          const src = alpha === 1 ? source : torchBinary(U.multiply, "promote", source, alpha, ctx);
          const o = atLeast1d(out);
          addAt(o, alongDim(o.layout.ndim, at.d, at.index), castTo(src, x.storage.dtype));
          return out;
        },
      }],
    },
  }),
  indexCopy: defineOp({
    name: "indexCopy",
    doc: "A copy with source's entries written at the indices of dim.",
    torch: {
      names: ["indexCopy"],
      methods: ["indexCopy"],
      inplace: ["indexCopy_"],
      overloads: [{
        sig: {
          pos: [INPUT, req("dim", "int"), req("index", "array"), req("source", "array")],
          kw: [opt("out", "out", null)],
        },
        impl: (a: Args) => {
          const x: Operand = a.input;
          const at = indexAlong("index_copy", x, a.dim, a.index);
          if (a.source.storage.dtype !== x.storage.dtype) {
            throw new RuntimeError(
              `index_copy_(): self and source expected to have the same dtype, but got (self) ${
                TORCH_TYPE_NAME[x.storage.dtype]
              } and (source) ${TORCH_TYPE_NAME[a.source.storage.dtype as DType]}`,
            );
          }
          const out: Operand = a.out ?? contiguous(x, true);
          if (a.out && a.out !== x) {
            torchExactOut(x.storage.dtype, out.storage.dtype);
            copyOut(x, out, "index_copy");
          }
          const source = checkSource("index_copy", x, at.x, at.d, at.index.layout.size, a.source);
          const o = atLeast1d(out);
          setIndex(o, alongDim(o.layout.ndim, at.d, at.index), source);
          out.storage.version++;
          return out;
        },
      }],
    },
  }),
  indexFill: defineOp({
    name: "indexFill",
    doc: "A copy with the value written at the indices of dim.",
    torch: {
      names: ["indexFill"],
      methods: ["indexFill"],
      inplace: ["indexFill_"],
      overloads: [{
        sig: {
          // no out= in PyTorch; the in-place twin's runner passes the receiver as `out`
          pos: [INPUT, req("dim", "int"), req("index", "array"), req("value", "arrayOrScalar")],
          kw: [],
        },
        impl: (a: Args) => {
          const x: Operand = a.input;
          const at = indexAlong("index_fill", x, a.dim, a.index);
          if (!isScalar(a.value) && a.value.layout.ndim !== 0) {
            throw new RuntimeError(
              `index_fill_ only supports a 0-dimensional value tensor, but got tensor with ${a.value.layout.ndim} ` +
                "dimension(s).",
            );
          }
          const out: Operand = a.out ?? contiguous(x, true);
          if (a.out && a.out !== x) copyOut(x, out, "index_fill");
          const o = atLeast1d(out);
          if (!isScalar(a.value)) checkItem(a.value, out.storage.dtype);
          const v = isScalar(a.value) ? torchElement(a.value, out.storage.dtype) : a.value;
          setIndex(o, alongDim(o.layout.ndim, at.d, at.index), v);
          out.storage.version++;
          return out;
        },
      }],
    },
  }),
  maskedFill: defineOp({
    name: "maskedFill",
    doc: "A copy with value where mask holds.",
    torch: {
      names: ["maskedFill"],
      methods: ["maskedFill"],
      inplace: ["maskedFill_"],
      overloads: [{
        // no out= in PyTorch; the in-place twin's runner passes the receiver as `out`
        sig: { pos: [INPUT, req("mask", "array"), req("value", "arrayOrScalar")], kw: [] },
        impl: (a: Args) => maskedFill(a.input, a.mask, a.value, a.out),
      }],
    },
  }),
  maskedSelect: defineOp({
    name: "maskedSelect",
    doc: "The elements where mask holds, as a 1-d tensor.",
    torch: {
      names: ["maskedSelect"],
      methods: ["maskedSelect"],
      overloads: [{
        sig: { pos: [INPUT, req("mask", "array")], kw: [opt("out", "out", null)] },
        outDtype: torchSameOut(() => "masked_select(): self and result must have the same scalar type"),
        impl: (a: Args) => maskedSelect(a.input, a.mask),
      }],
    },
  }),
  nonzero: defineOp({
    name: "nonzero",
    doc: "Indices of non-zero elements (np: one array per dim; torch: an (n, ndim) tensor, or a tuple with asTuple).",
    np: {
      names: ["nonzero"],
      methods: ["nonzero"],
      overloads: [{
        sig: { pos: [req("a", "array")], kw: [] },
        returns: "arrays",
        impl: (a: Args) => npNonzero(a.a),
      }],
    },
    torch: {
      names: ["nonzero"],
      methods: ["nonzero"],
      overloads: [{
        sig: { pos: [INPUT], kw: [opt("asTuple", "bool", false), opt("out", "out", null)] },
        returns: "any",
        impl: (a: Args) => {
          if (a.asTuple) return nonzeroTuple(a.input);
          if (a.out && a.out.storage.dtype !== "int64") {
            throw new RuntimeError(
              `nonzero: Expected out tensor to have scalar type Long but got scalar type${
                TORCH_TYPE_NAME[a.out.storage.dtype as DType]
              }`,
            );
          }
          return intoOut(argwhere(a.input), a.out, "nonzero");
        },
      }],
    },
  }),
  argwhere: defineOp({
    name: "argwhere",
    doc: "Indices of non-zero elements as an (n, ndim) array.",
    np: {
      names: ["argwhere"],
      overloads: [{ sig: { pos: [req("a", "array")], kw: [] }, impl: (a: Args) => argwhere(a.a) }],
    },
    torch: {
      names: ["argwhere"],
      methods: ["argwhere"],
      overloads: [{ sig: { pos: [INPUT], kw: [] }, impl: (a: Args) => argwhere(a.input) }],
    },
  }),
  whereNp: defineOp({
    name: "whereNp",
    doc: "np.where: x where cond, else y; with only cond, its non-zero indices.",
    np: {
      names: ["where"],
      overloads: [
        {
          sig: { pos: [req("condition", "array"), req("x", "arrayOrScalar"), req("y", "arrayOrScalar")], kw: [] },
          impl: (a: Args, ctx: Ctx) => {
            const dt = promote(ctx, a.x, a.y);
            return whereOp(castTo(a.condition, "bool"), operandOf(a.x, dt), operandOf(a.y, dt));
          },
        },
        {
          sig: { pos: [req("condition", "array")], kw: [] },
          returns: "arrays",
          impl: (a: Args) => npNonzero(a.condition),
        },
      ],
    },
  }),
  clip: defineOp({
    name: "clip",
    doc: "Limits values to [min, max] (either may be null).",
    np: {
      names: ["clip"],
      methods: ["clip"],
      overloads: [{
        sig: {
          pos: [
            req("a", "array"),
            opt("aMin", "arrayOrScalar", null, { aliases: ["min"] }),
            opt("aMax", "arrayOrScalar", null, { aliases: ["max"] }),
            opt("out", "out", null),
          ],
          kw: [],
        },
        impl: (a: Args, ctx: Ctx) => {
          // NumPy's _clip: a Python int bound at or past an integer dtype's own limit is no bound (NEP 50 would
          // refuse converting it); one past the other limit is still refused
          const dt = (a.a as Operand).storage.dtype, lim = INT_LIMITS[dt];
          const isInt = (v: unknown) => typeof v === "bigint" || (typeof v === "number" && Number.isInteger(v));
          const lo = lim && isInt(a.aMin) && a.aMin <= lim[0] ? null : a.aMin;
          const hi = lim && isInt(a.aMax) && a.aMax >= lim[1] ? null : a.aMax;
          return clampOp(a.a, lo, hi, ctx, a.out);
        },
      }],
    },
    torch: {
      names: ["clamp", "clip"],
      methods: ["clamp", "clip"],
      inplace: ["clamp_", "clip_"],
      overloads: [{
        sig: {
          pos: [INPUT, opt("min", "arrayOrScalar", null), opt("max", "arrayOrScalar", null)],
          kw: [opt("out", "out", null)],
        },
        impl: (a: Args, ctx: Ctx) => clampOp(a.input, a.min, a.max, ctx, a.out),
      }],
    },
  }),
  sort: defineOp({
    name: "sort",
    doc: "Sorted along an axis (np: a copy, flattened for axis null; torch: values and indices).",
    np: {
      names: ["sort"],
      overloads: [{
        sig: {
          pos: [
            req("a", "array"),
            opt("axis", "int", -1, { nullable: true }),
            opt("kind", "string", null, { choices: ["quicksort", "mergesort", "heapsort", "stable"] }),
          ],
          kw: [opt("stable", "bool", null)],
        },
        impl: (a: Args) => sortOp(npSortable(a.a, a.axis), a.axis),
      }],
    },
    torch: {
      names: ["sort"],
      methods: ["sort"],
      overloads: [
        { sig: SORT_OUT, returns: "values", impl: (a: Args) => sortValues(a.input, a.dim, a.descending) },
        { sig: SORT_STABLE_OUT, returns: "values", impl: (a: Args) => sortValues(a.input, a.dim, a.descending) },
      ],
    },
  }),
  sortInPlace: defineOp({
    name: "sortInPlace",
    doc: "ndarray.sort: sorts in place along an axis.",
    np: {
      names: [],
      methods: ["sort"],
      overloads: [{
        sig: {
          pos: [
            req("a", "array"),
            opt("axis", "int", -1, { nullable: true }),
            opt("kind", "string", null, { choices: ["quicksort", "mergesort", "heapsort", "stable"] }),
          ],
          kw: [opt("stable", "bool", null)],
        },
        returns: "void",
        impl: (a: Args) => void copyInto(sortOp(npSortable(a.a, a.axis), a.axis), a.a),
      }],
    },
  }),
  argsort: defineOp({
    name: "argsort",
    doc: "Indices that sort along an axis (stable).",
    np: {
      names: ["argsort"],
      methods: ["argsort"],
      overloads: [{
        sig: {
          pos: [
            req("a", "array"),
            opt("axis", "int", -1, { nullable: true }),
            opt("kind", "string", null, { choices: ["quicksort", "mergesort", "heapsort", "stable"] }),
          ],
          kw: [opt("stable", "bool", null)],
        },
        // (a 0-d array's argsort is its one index, as NumPy's)
        impl: (a: Args) => argsortOp(a.a.layout.ndim === 0 ? atLeast1d(a.a) : a.a, a.axis),
      }],
    },
    torch: {
      names: ["argsort"],
      methods: ["argsort"],
      overloads: [{ sig: SORT_TORCH, impl: argsortTorch }, { sig: SORT_TORCH_STABLE, impl: argsortTorch }],
    },
  }),
  topk: defineOp({
    name: "topk",
    doc: "The k largest (or smallest) along a dim, with indices.",
    torch: {
      names: ["topk"],
      methods: ["topk"],
      overloads: [{
        sig: {
          pos: [
            INPUT,
            req("k", "int"),
            opt("dim", "int", -1),
            opt("largest", "bool", true),
            opt("sorted", "bool", true),
          ],
          kw: [opt("out", "outs", null)],
        },
        returns: "values",
        impl: (a: Args) => topk(a.input, a.k, a.dim, a.largest),
      }],
    },
  }),
  kthvalue: defineOp({
    name: "kthvalue",
    doc: "The k-th smallest along a dim, with its index.",
    torch: {
      names: ["kthvalue"],
      methods: ["kthvalue"],
      overloads: [{
        sig: {
          pos: [INPUT, req("k", "int"), opt("dim", "int", -1), opt("keepdim", "bool", false)],
          kw: [opt("out", "outs", null)],
        },
        returns: "values",
        impl: (a: Args) => kthvalue(a.input, a.k, a.dim, a.keepdim),
      }],
    },
  }),
  medianTorch: defineOp({
    name: "medianTorch",
    doc: "torch.median: the lower median (with a dim: values and indices).",
    torch: {
      names: ["median"],
      methods: ["median"],
      overloads: [
        {
          sig: { pos: [INPUT], kw: [] },
          id: "median",
          impl: (a: Args) => {
            const x: Operand = a.input;
            if (x.layout.size === 0) return scalarOperand(NaN, isFloat(x.storage.dtype) ? x.storage.dtype : "float32");
            const flat = contiguous(x);
            return medianDim(view(flat, new View([x.layout.size], [1], flat.layout.offset)), 0, false)[0];
          },
        },
        {
          sig: { pos: [INPUT, req("dim", "int"), opt("keepdim", "bool", false)], kw: [opt("out", "outs", null)] },
          id: "median.dim",
          returns: "values",
          impl: (a: Args) => medianDim(a.input, a.dim, a.keepdim),
        },
      ],
    },
  }),
  unique: defineOp({
    name: "unique",
    doc: "Sorted unique values (with inverse indices and counts when asked).",
    np: {
      names: ["unique"],
      overloads: [{
        sig: {
          pos: [
            req("ar", "array"),
            opt("returnIndex", "bool", false),
            opt("returnInverse", "bool", false),
            opt("returnCounts", "bool", false),
            opt("axis", "int", null),
          ],
          kw: [opt("equalNan", "bool", true)],
        },
        returns: "any",
        impl: (a: Args) => {
          const r = a.axis === null
            ? uniqueOp(a.ar, a.returnInverse, a.returnCounts, a.returnIndex, a.equalNan)
            : uniqueAlong(a.ar, a.axis, a.returnInverse, a.returnCounts, a.returnIndex);
          return r.length === 1 ? r[0] : r;
        },
      }],
    },
    torch: {
      names: ["unique"],
      methods: ["unique"],
      overloads: [{
        sig: {
          pos: [
            INPUT,
            opt("sorted", "bool", true),
            opt("returnInverse", "bool", false),
            opt("returnCounts", "bool", false),
            opt("dim", "int", null),
          ],
          kw: [],
        },
        returns: "any",
        impl: (a: Args) => {
          const r = a.dim === null
            ? uniqueOp(a.input, a.returnInverse, a.returnCounts)
            : uniqueAlong(a.input, a.dim, a.returnInverse, a.returnCounts, false);
          return r.length === 1 ? r[0] : r;
        },
      }],
    },
  }),
  uniqueAll: uniqueApi("uniqueAll", "values, first indices, inverse indices (x's shape) and counts", [
    "values",
    "indices",
    "inverseIndices",
    "counts",
  ]),
  uniqueCounts: uniqueApi("uniqueCounts", "values and counts", ["values", "counts"]),
  uniqueInverse: uniqueApi("uniqueInverse", "values and inverse indices (x's shape)", ["values", "inverseIndices"]),
  searchsorted: defineOp({
    name: "searchsorted",
    doc: "Insertion indices of values into a sorted 1-d array.",
    np: {
      names: ["searchsorted"],
      methods: ["searchsorted"],
      overloads: [{
        sig: {
          pos: [
            req("a", "array"),
            req("v", "arrayOrScalar"),
            opt("side", "string", "left", { choices: ["left", "right"] }),
          ],
          kw: [],
        },
        impl: (a: Args) => searchsorted(a.a, a.v, a.side === "right"),
      }],
    },
    torch: {
      names: ["searchsorted"],
      overloads: [{
        sig: {
          pos: [req("sortedSequence", "array"), req("input", "arrayOrScalar")],
          kw: [
            opt("right", "bool", false),
            opt("side", "string", null, { choices: ["left", "right"] }),
            opt("outInt32", "bool", false),
            opt("out", "out", null),
          ],
        },
        outDtype: torchSameOut((f, t) =>
          "torch.searchsorted(): output tensor's dtype is wrong, it can only be Int(int32) or Long(int64) depending on " +
          `whether out_int32 flag is True, but we got output tensor's dtype ${TORCH_TYPE_NAME[t]} and out_int32 flag ` +
          `is ${f === "int32" ? "True" : "False"}`
        ),
        impl: (a: Args, ctx: Ctx) => {
          noBool(a.sortedSequence, "searchsorted_out_cpu");
          const r = torchSearchsorted(a.sortedSequence, a.input, a.right || a.side === "right", ctx);
          return a.outInt32 ? castTo(r, "int32") : r;
        },
      }],
    },
  }),
};

/** x[parts] += value (repeated indices accumulate). */
function addAt(x: Operand, parts: IndexPart[], value: Operand): void {
  addIndex(x, parts, value);
  x.storage.version++;
}

/** np.nonzero: one index array per dim; NumPy 2 refuses a 0-d array. */
function npNonzero(x: Operand): Operand[] {
  if (x.layout.ndim === 0) {
    throw new RangeError("Calling nonzero on 0d arrays is not allowed. Use np.atleast_1d(scalar).nonzero() instead.");
  }
  return nonzeroCoords(x).map((c) => contiguous(c, true));
}

/** (n, ndim) int64 coordinates of the non-zero elements. */
export function argwhere(x: Operand): Operand {
  const coords = nonzeroCoords(x);
  // a 0-d input has no coordinates: one row when its value is non-zero
  const nd = x.layout.ndim,
    n = coords.length ? coords[0].layout.size : (contiguous(castTo(x, "bool")).storage.data[0] ? 1 : 0);
  const out = empty([n, nd], "int64", x.storage.device);
  coords.forEach((c, j) => copyInto(c, view(out, new View([n], [nd], j))));
  return out;
}
