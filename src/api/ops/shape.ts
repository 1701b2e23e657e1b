/**
 * Shape and layout ops: reshape/view, transpose/permute, squeeze/unsqueeze,
 * flatten/ravel, expand/broadcast, flip/roll, diagonal/trace, tril/triu,
 * repeat/tile, joining and splitting. Movement ops return views over the
 * same storage where NumPy/PyTorch do (PyTorch's view ops are marked so the
 * autograd runner knows the result aliases its input).
 */
import { type DType, isFloat, TORCH_TYPE_NAME, torchCanCast, torchResultType } from "../../core/dtype.ts";
import { fmtTuple, RuntimeError, ShapeError } from "../../core/errors.ts";
import {
  broadcastShapes,
  checkShape,
  inferSize,
  normalizeAxes,
  normalizeAxis,
  sizeOf,
  torchDim,
} from "../../core/shape.ts";
import type { Storage } from "../../core/storage.ts";
import { torchFormatStrides } from "../../core/memory_format.ts";
import { sameShape, View } from "../../core/view.ts";
import { arraySplit, concatenate } from "../../ops/join.ts";
import { scratchInt64 } from "../../core/host_pool.ts";
import { selectAt } from "../../ops/index.ts";
import {
  castTo,
  contiguous,
  copyInto,
  copyWithStrides,
  empty,
  type Operand,
  scalarOperand,
  toDevice,
  toNested,
  zeros,
} from "../../ops/operand.ts";
import * as U from "../../ops/ufuncs.ts";
import * as R from "../../ops/reduce.ts";
import { type Args, defineOp } from "../define.ts";
import { opt, req } from "../signature.ts";
import { isScalar, list, npAxis0d, npDataOut, type Scalar, torchExactOut, view } from "./common.ts";
import { uniqueDims } from "./index_extra.ts";
import { intoOut, torchDims } from "./reduce.ts";
import { viewAsDtype } from "./view_dtype.ts";

/** x reshaped without copying when the strides allow, else a C-order copy. */
export function reshapeOp(op: string, x: Operand, shape: readonly number[], order: "C" | "F" | "A" = "C"): Operand {
  if (order === "F" || (order === "A" && x.layout.isFContiguous && !x.layout.isContiguous)) {
    // Fortran order: the reversed reshape of the reversed dims
    const rev = [...Array(x.layout.ndim).keys()].reverse();
    const t = view(x, x.layout.permute(op, rev));
    const r = reshapeOp(op, t, [...shape].reverse());
    return view(r, r.layout.permute(op, [...Array(shape.length).keys()].reverse()));
  }
  const v = x.layout.reshape(op, shape);
  if (v) return view(x, v);
  const c = contiguous(x, true);
  return view(c, c.layout.reshape(op, shape)!);
}

/** PyTorch's view: the same storage or PyTorch's error. */
function viewOp(x: Operand, shape: readonly number[]): Operand {
  const v = x.layout.reshape("view", shape);
  if (!v) {
    throw new RuntimeError(
      "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
    );
  }
  return view(x, v);
}

/** Flattens dims start..end into one (torch.flatten). */
function flattenDims(x: Operand, start: number, end: number): Operand {
  const nd = x.layout.ndim;
  const s = torchDim(start, nd), e = torchDim(end, nd);
  if (nd === 0) return reshapeOp("flatten", x, [1]);
  if (s > e) throw new RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim");
  const sh = x.layout.shape;
  return reshapeOp("flatten", x, [...sh.slice(0, s), sizeOf(sh.slice(s, e + 1)), ...sh.slice(e + 1)]);
}

/** Permutes dims (reversed when none are given). */
function permuteOp(op: string, x: Operand, axes: readonly number[] | null): Operand {
  const perm = axes === null || axes.length === 0 ? [...Array(x.layout.ndim).keys()].reverse() : axes;
  return view(x, x.layout.permute(op, perm));
}

/** Moves dims `src` to positions `dst` (np.moveaxis, torch.movedim). */
function moveAxes(op: string, x: Operand, src: number | readonly number[], dst: number | readonly number[]): Operand {
  const nd = x.layout.ndim, s = normalizeAxes(op, list(src), nd), d = normalizeAxes(op, list(dst), nd);
  if (s.length !== d.length) {
    throw new RangeError(`${op}: source and destination arguments must have the same number of elements`);
  }
  const order = [...Array(nd).keys()].filter((i) => !s.includes(i));
  [...d.keys()].sort((i, j) => d[i] - d[j]).forEach((i) => order.splice(d[i], 0, s[i]));
  return view(x, x.layout.permute(op, order));
}

/** Inserts size-1 axes at each position (np.expand_dims). */
function expandDims(x: Operand, axis: number | readonly number[]): Operand {
  const ax = list(axis), nd = x.layout.ndim + ax.length;
  let v = x.layout;
  for (const a of normalizeAxes("expandDims", ax, nd).sort((p, q) => p - q)) v = v.unsqueeze(a);
  return view(x, v);
}

/** torch.squeeze: size-1 dims only (others are left alone, as PyTorch does). */
function squeezeTorch(x: Operand, dim: number | readonly number[] | null): Operand {
  if (dim === null) return view(x, x.layout.squeeze("squeeze"));
  const nd = Math.max(x.layout.ndim, 1);
  const dims = normalizeAxes("squeeze", list(dim), nd).filter((d) => x.layout.ndim > 0 && x.layout.shape[d] === 1);
  return view(x, x.layout.squeeze("squeeze", dims));
}

/** torch.expand: -1 keeps a size; new leading dims may not be -1. */
function expandTorch(x: Operand, sizes: readonly number[]): Operand {
  const nd = x.layout.ndim, off = sizes.length - nd;
  if (off < 0) {
    throw new RuntimeError(
      `expand(${x.storage.dtype}{[${x.layout.shape}]}, size=[${sizes}]): the number of sizes provided (${sizes.length}) must be greater or equal to the number of dimensions in the tensor (${nd})`,
    );
  }
  const shape = sizes.map((s, i) => {
    if (s !== -1) return s;
    if (i < off) {
      throw new RuntimeError(
        `The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension ${i}`,
      );
    }
    return x.layout.shape[i - off];
  });
  for (let i = 0; i < nd; i++) {
    const have = x.layout.shape[i], want = shape[i + off];
    if (have !== want && have !== 1) {
      throw new RuntimeError(
        `The expanded size of the tensor (${want}) must match the existing size (${have}) at non-singleton dimension ${
          i + off
        }.  Target sizes: [${shape.join(", ")}].  Tensor sizes: [${x.layout.shape.join(", ")}]`,
      );
    }
  }
  return view(x, x.layout.expand("expand", shape));
}

/** Reverses the given axes (a view in np, a copy in torch). */
function flipView(x: Operand, axes: readonly number[]): Operand {
  let v = x.layout;
  for (const d of axes) v = v.slice(d, v.shape[d] - 1, v.shape[d], -1);
  return view(x, v);
}

/** np.roll / torch.roll: shifts along axes (flattened when none). */
function rollOp(x: Operand, shifts: number | readonly number[], dims: number | readonly number[] | null): Operand {
  if (dims === null) {
    const flat = reshapeOp("roll", x, [x.layout.size]);
    return reshapeOp("roll", rollOp(flat, list(shifts).reduce((p, q) => p + q, 0), [0]), x.layout.shape);
  }
  const sh = list(shifts), ds = list(dims);
  if (sh.length !== ds.length) throw new RangeError(`roll: shifts (${sh.length}) and dims (${ds.length}) must align`);
  let cur = x;
  sh.forEach((s, i) => {
    const d = normalizeAxis("roll", ds[i], cur.layout.ndim), n = cur.layout.shape[d];
    if (n === 0) return;
    const k = ((s % n) + n) % n;
    if (k === 0) return;
    const a = view(cur, cur.layout.slice(d, n - k, k, 1)), b = view(cur, cur.layout.slice(d, 0, n - k, 1));
    cur = concatenate([a, b], d);
  });
  return cur === x ? contiguous(x, true) : cur;
}

/** np.tile / torch.tile: repeats the whole array `reps` times per dim. */
function tileOp(x: Operand, reps: readonly number[]): Operand {
  const nd = Math.max(reps.length, x.layout.ndim);
  const r = [...Array(nd - reps.length).fill(1), ...reps];
  const shape = [...Array(nd - x.layout.ndim).fill(1), ...x.layout.shape];
  const src = reshapeOp("tile", x, shape);
  // (s0, s1) tiled (r0, r1): broadcast to (r0, s0, r1, s1) then merge pairs
  const inter: number[] = [], unsq: number[] = [];
  shape.forEach((s, i) => {
    inter.push(r[i], s);
    unsq.push(1, s);
  });
  const e = view(src, reshapeOp("tile", src, unsq).layout.expand("tile", inter));
  const out = empty(inter, x.storage.dtype, x.storage.device);
  copyInto(view(reshapeOp("tile", src, unsq), e.layout), out);
  return reshapeOp("tile", out, shape.map((s, i) => s * r[i]));
}

/** np.repeat / torch.repeat_interleave: repeats each element (flattened when no axis). */
function repeatElements(x: Operand, repeats: number | readonly number[], axis: number | null): Operand {
  const src = axis === null ? reshapeOp("repeat", x, [x.layout.size]) : x;
  const d = axis === null ? 0 : normalizeAxis("repeat", axis, src.layout.ndim);
  const n = src.layout.shape[d];
  const reps = typeof repeats === "number" ? Array(n).fill(repeats) : [...repeats];
  if (reps.length !== n) throw new RangeError(`repeat: repeats has ${reps.length} entries for an axis of size ${n}`);
  if (reps.some((k) => k < 0)) throw new RangeError("repeat: repeats may not contain negative values");
  // one gather along d: entry i's offset, repeats[i] times (one kernel call, whatever n)
  const total = reps.reduce((p, k) => p + k, 0), stride = src.layout.strides[d];
  const offsets = scratchInt64(total);
  for (let i = 0, j = 0; i < n; i++) offsets.fill(BigInt(i * stride), j, j += reps[i]);
  return selectAt(src, d, offsets);
}

/**
 * torch.repeat_interleave's repeats as numbers: an int, or a 0-d / 1-d integer tensor (one entry broadcasts), with
 * PyTorch's checks and words; `outputSize`, when given, must be the total.
 */
function torchRepeats(
  x: Operand,
  r: number | Operand,
  dim: number | null,
  outputSize: number | null,
): number | number[] {
  const n = dim === null ? x.layout.size : x.layout.shape[torchDim(dim, x.layout.ndim)];
  let reps: number | number[];
  if (typeof r === "number") {
    if (r < 0) throw new RuntimeError("Repeats must be non-negative");
    reps = r;
  } else {
    if (r.layout.ndim > 1) throw new RuntimeError("repeats must be 0-dim or 1-dim tensor");
    if (r.layout.size !== 1 && r.layout.size !== n) {
      throw new RuntimeError(
        `repeats must have the same size as input along dim, but got repeats.size(0) = ${r.layout.size} and input.size(${
          dim ?? 0
        }) = ${n}`,
      );
    }
    const list = repeatCounts(r);
    reps = list.length === 1 ? list[0] : list;
  }
  const total = typeof reps === "number" ? reps * n : reps.reduce((p, k) => p + k, 0);
  if (outputSize !== null && outputSize !== total) {
    throw new RuntimeError(`repeat_interleave: Invalid output_size, expected ${total} but got ${outputSize}`);
  }
  return reps;
}

/** torch.tensor_split: sections (an int, which must be positive) or indices. */
function torchTensorSplit(x: Operand, v: number | readonly number[], dim: number): Operand[] {
  if (typeof v === "number" && v <= 0) throw new RuntimeError(`number of sections must be larger than 0, got ${v}`);
  return arraySplit(x, v, dim);
}

/** An integer repeats tensor's counts (PyTorch's kernel refuses other dtypes and negative counts). */
function repeatCounts(r: Operand): number[] {
  const dt = r.storage.dtype;
  if (isFloat(dt) || dt === "bool") {
    throw new RuntimeError(`"repeat_interleave_cpu" not implemented for '${TORCH_TYPE_NAME[dt]}'`);
  }
  const list = (toNested(r) as number[] | number) as number | number[];
  const counts = (typeof list === "number" ? [list] : list).map(Number);
  if (counts.some((k) => k < 0)) throw new RuntimeError("repeats can not be negative");
  return counts;
}

/** torch.repeat_interleave(repeats): each index i repeats[i] times, in the repeats' dtype. */
function repeatIndices(r: Operand, outputSize: number | null): Operand {
  if (r.layout.ndim !== 1) throw new RuntimeError("repeat_interleave only accept 1D vector as repeat");
  const counts = repeatCounts(r), total = counts.reduce((p, k) => p + k, 0);
  if (outputSize !== null && outputSize !== total) {
    throw new RuntimeError("allocated size does not match required size");
  }
  const out = zeros([total], "int64");
  const d = out.storage.data as BigInt64Array;
  for (let i = 0, j = 0; i < counts.length; i++) d.fill(BigInt(i), j, j += counts[i]);
  return toDevice(castTo(out, r.storage.dtype), r.storage.device);
}

/** The lower (tril) or upper (triu) triangle of the last two dims, the rest zero. */
function triangle(x: Operand, k: number, upper: boolean): Operand {
  const nd = x.layout.ndim;
  if (nd < 2) throw new RangeError(`${upper ? "triu" : "tril"}: input must have at least 2 dimensions`);
  const rows = x.layout.shape[nd - 2], cols = x.layout.shape[nd - 1];
  const out = zeros(x.layout.shape, x.storage.dtype, x.storage.device);
  for (let i = 0; i < rows; i++) {
    // row i keeps columns [0, i+k] (tril) or [i+k, cols) (triu)
    const lo = upper ? Math.max(0, i + k) : 0, hi = upper ? cols : Math.min(cols, i + k + 1);
    if (hi <= lo) continue;
    const src = view(x, x.layout.select(nd - 2, i).slice(nd - 2, lo, hi - lo, 1));
    copyInto(src, view(out, out.layout.select(nd - 2, i).slice(nd - 2, lo, hi - lo, 1)));
  }
  return out;
}

/** np.diag / torch.diag: a 1-d input builds a diagonal matrix; a 2-d one gives its diagonal (a copy). */
export function diagOp(x: Operand, k: number): Operand {
  if (x.layout.ndim === 1) {
    const n = x.layout.shape[0] + Math.abs(k);
    const out = zeros([n, n], x.storage.dtype, x.storage.device);
    copyInto(x, view(out, out.layout.diagonal("diag", k, 0, 1)));
    return out;
  }
  if (x.layout.ndim !== 2) throw new RangeError("diag: input must be 1-d or 2-d");
  return contiguous(view(x, x.layout.diagonal("diag", k, 0, 1)), true);
}

/** The arrays as a list, checking every one has the same shape (stack). */
function sameShapes(op: string, xs: readonly Operand[]): number[] {
  if (xs.length === 0) throw new RangeError(`${op}: need at least one array to stack`);
  const shape = xs[0].layout.shape;
  xs.forEach((x, i) => {
    if (x.layout.ndim !== shape.length || x.layout.shape.some((d, j) => d !== shape[j])) {
      throw new ShapeError(
        op,
        `all input arrays must have the same shape (array 0 has [${shape}], array ${i} has [${x.layout.shape}])`,
        xs.map((y) => y.layout.shape),
      );
    }
  });
  return [...shape];
}

function stackOp(op: string, xs: readonly Operand[], axis: number, dtype?: DType): Operand {
  const shape = sameShapes(op, xs);
  const d = normalizeAxis(op, axis, shape.length + 1);
  return concatenate(xs.map((x) => view(x, x.layout.unsqueeze(d))), d, dtype);
}

/** PyTorch's result dtype of cat and the stacks (float32 with int64 stays float32, unlike NumPy's float64). */
function catDtype(xs: readonly Operand[]): DType {
  return torchResultType(xs.map((x) => ({ dtype: x.storage.dtype, zeroDim: false })), "float32");
}

/** A shape argument of broadcast_shapes: an integer or a list of them. */
function shapeArg(op: string, s: unknown): number[] {
  const list = typeof s === "number" ? [s] : s;
  if (!Array.isArray(list) || !list.every((n) => Number.isSafeInteger(n))) {
    throw new TypeError(`${op}(): each shape must be an integer or a list of integers, not ${typeof s}`);
  }
  return checkShape(op, list);
}

/** NumPy's broadcast of several shapes, with np.broadcast_arrays' message naming the first mismatching pair. */
function npBroadcastShape(shapes: readonly (readonly number[])[]): number[] {
  try {
    return broadcastShapes("broadcast", ...shapes, []);
  } catch {
    for (let j = 1; j < shapes.length; j++) {
      for (let i = 0; i < j; i++) {
        try {
          broadcastShapes("broadcast", shapes[i], shapes[j]);
        } catch {
          throw new RangeError(
            "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg " +
              `${i} with shape ${fmtTuple(shapes[i])} and arg ${j} with shape ${fmtTuple(shapes[j])}.`,
          );
        }
      }
    }
    throw new RangeError("shape mismatch: objects cannot be broadcast to a single shape.");
  }
}

/** torch.broadcast_shapes: each shape against the running result, PyTorch's message on a mismatch. */
function torchBroadcastShapes(shapes: readonly (readonly number[])[]): number[] {
  let out: number[] = [];
  shapes.forEach((s, k) => {
    const nd = Math.max(out.length, s.length);
    const next = Array.from({ length: nd }, (_, i) => out[i - nd + out.length] ?? 1);
    for (let i = -1; i >= -s.length; i--) {
      const have = next[nd + i], want = s[s.length + i];
      if (want === have || want === 1) continue;
      if (have !== 1) {
        throw new RuntimeError(
          `Attempting to broadcast a dimension of length ${want} at ${i}! Mismatching argument at index ${k} had ` +
            `(${s.join(", ")}${s.length === 1 ? "," : ""}); but expected shape should be broadcastable to [${
              out.join(", ")
            }]`,
        );
      }
      next[nd + i] = want;
    }
    out = next;
  });
  return out;
}

/** At least `n` dims, as np.atleast_Nd places the new ones. */
function atLeast(x: Operand, n: 1 | 2 | 3): Operand {
  return x.layout.ndim >= n ? x : reshapeOp(`atleast${n}d`, x, atLeastShape(x.layout.shape, n));
}

/** The shape np.atleast_nd / torch.atleast_nd give a shape of fewer than n dims. */
function atLeastShape(sh: readonly number[], n: 1 | 2 | 3): number[] {
  const nd = sh.length;
  if (nd >= n) return [...sh];
  if (n === 1) return [1];
  if (n === 2) return nd === 0 ? [1, 1] : [1, sh[0]];
  return nd === 0 ? [1, 1, 1] : nd === 1 ? [1, sh[0], 1] : [...sh, 1];
}

function hstackOp(xs: readonly Operand[], dtype?: DType): Operand {
  const ys = xs.map((x) => atLeast(x, 1));
  return concatenate(ys, ys[0]?.layout.ndim === 1 ? 0 : 1, dtype);
}

/** torch.split: chunks of `size` (the last smaller) or the given sizes. */
function splitTorch(x: Operand, size: number | readonly number[], dim: number): Operand[] {
  const d = normalizeAxis("split", dim, x.layout.ndim), n = x.layout.shape[d];
  let sizes: number[];
  if (typeof size === "number") {
    if (size <= 0 && n > 0) {
      throw new RuntimeError(`split_size can only be 0 if dimension size is 0, but got dimension size of ${n}`);
    }
    sizes = size === 0
      ? [0]
      : Array.from({ length: Math.max(1, Math.ceil(n / size)) }, (_, i) => Math.min(size, n - i * size));
  } else {
    sizes = [...size];
    if (sizes.reduce((p, q) => p + q, 0) !== n) {
      throw new RuntimeError(
        `split_with_sizes expects split_sizes to sum exactly to ${n} (input tensor's size at dimension ${d}), but got split_sizes=[${sizes}]`,
      );
    }
  }
  let at = 0;
  return sizes.map((s) => {
    const part = view(x, x.layout.slice(d, at, s, 1));
    at += s;
    return part;
  });
}

/** np.diff: `n` rounds of a[1:] - a[:-1] along `axis` (not_equal for bool), after joining prepend and append. */
export function npDiff(
  a: Operand,
  n: number,
  axis: number,
  prepend: Operand | Scalar | null,
  append: Operand | Scalar | null,
) {
  if (n === 0) return a;
  if (n < 0) throw new RangeError(`order must be non-negative but got ${n}`);
  if (a.layout.ndim === 0) throw new RangeError("diff requires input that is at least one dimensional");
  const d = normalizeAxis("diff", axis, a.layout.ndim);
  // a 0-d prepend/append (a JS number: int64 or float64, as np.asanyarray makes it) spans the other axes
  const edge = (v: Operand | Scalar): Operand => {
    const o = isScalar(v)
      ? scalarOperand(v, typeof v === "boolean" ? "bool" : Number.isInteger(v) ? "int64" : "float64")
      : v;
    if (o.layout.ndim > 0) return o;
    const shape = [...a.layout.shape];
    shape[d] = 1;
    return view(o, o.layout.expand("diff", shape));
  };
  const parts = [...(prepend !== null ? [edge(prepend)] : []), a, ...(append !== null ? [edge(append)] : [])];
  let x = parts.length > 1 ? concatenate(parts, d) : a;
  for (let i = 0; i < n && x.layout.shape[d] > 0; i++) {
    const m = x.layout.shape[d];
    const hi = view(x, x.layout.slice(d, 1, m - 1, 1)), lo = view(x, x.layout.slice(d, 0, m - 1, 1));
    x = x.storage.dtype === "bool" ? U.notEqual(hi, lo) : U.subtract(hi, lo);
  }
  return x;
}

/** torch.chunk: `chunks` parts of ceil(n / chunks) (fewer when the sizes run out). */
function chunkTorch(x: Operand, chunks: number, dim: number): Operand[] {
  if (chunks <= 0) throw new RuntimeError("chunk expects `chunks` to be greater than 0, got: " + chunks);
  const n = x.layout.shape[normalizeAxis("chunk", dim, x.layout.ndim)];
  // an empty dim gives `chunks` empty parts (PyTorch's chunk), not split's one
  if (n === 0) return splitTorch(x, Array(chunks).fill(0), dim);
  return splitTorch(x, Math.ceil(n / chunks), dim);
}

/** torch.narrow: `length` elements of dim from `start` (negative start counts from the end). */
function narrowOp(x: Operand, dim: number, start: number, length: number): Operand {
  const d = normalizeAxis("narrow", dim, x.layout.ndim), n = x.layout.shape[d];
  const s = start < 0 ? start + n : start;
  if (s < 0 || s > n) {
    throw new RangeError(`start out of range (expected to be in range of [${-n}, ${n}], but got ${start})`);
  }
  if (length < 0) throw new RuntimeError("narrow(): length must be non-negative.");
  if (s + length > n) throw new RuntimeError(`start (${s}) + length (${length}) exceeds dimension size (${n}).`);
  return view(x, x.layout.slice(d, s, length, 1));
}

const A = req("a", "array");
const INPUT = req("input", "array");
const OUTPUT_SIZE = opt("outputSize", "int", null);

/** Shape ops, declared once for both front-ends. */
export const SHAPE = {
  reshape: defineOp({
    name: "reshape",
    doc: "A new shape over the same elements (a view when possible); -1 is inferred.",
    np: {
      names: ["reshape"],
      methods: ["reshape"],
      overloads: [{
        sig: {
          pos: [A, req("shape", "ints", { aliases: ["newshape"], varargs: "method" })],
          kw: [opt("order", "string", "C", { choices: ["C", "F", "A"] })],
        },
        impl: (a: Args) => reshapeOp("reshape", a.a, list(a.shape), a.order),
      }],
    },
    torch: {
      names: ["reshape"],
      methods: ["reshape"],
      overloads: [{
        sig: { pos: [INPUT, req("shape", "ints", { varargs: "method" })], kw: [] },
        impl: (a: Args) => reshapeOp("reshape", a.input, list(a.shape)),
      }],
    },
  }),
  view: defineOp({
    name: "view",
    doc: "A view with a new shape; PyTorch's error when the strides don't allow it.",
    torch: {
      names: [],
      methods: ["view"],
      overloads: [{
        sig: { pos: [INPUT, req("size", "ints", { varargs: true })], kw: [] },
        impl: (a: Args) => viewOp(a.input, list(a.size)),
      }, {
        // t.view(dtype): the bytes reinterpreted (src/api/ops/view_dtype.ts)
        sig: { pos: [INPUT, req("dtype", "dtype")], kw: [] },
        id: "viewDtype",
        impl: (a: Args) => viewAsDtype(a.input, a.dtype, "torch"),
      }],
    },
  }),
  ravel: defineOp({
    name: "ravel",
    doc: "The elements as a 1-d array (a view when possible).",
    np: {
      names: ["ravel"],
      methods: ["ravel"],
      overloads: [{
        sig: { pos: [A, opt("order", "string", "C", { choices: ["C", "F", "A", "K"] })], kw: [] },
        impl: (a: Args) => reshapeOp("ravel", a.a, [-1], a.order === "K" ? "A" : a.order),
      }],
    },
    torch: {
      names: ["ravel"],
      methods: ["ravel"],
      overloads: [{ sig: { pos: [INPUT], kw: [] }, impl: (a: Args) => reshapeOp("ravel", a.input, [-1]) }],
    },
  }),
  flatten: defineOp({
    name: "flatten",
    doc: "A 1-d copy (np); dims start..end merged (torch, a view when possible).",
    np: {
      names: [],
      methods: ["flatten"],
      overloads: [{
        sig: { pos: [A, opt("order", "string", "C", { choices: ["C", "F", "A", "K"] })], kw: [] },
        impl: (a: Args) => contiguous(reshapeOp("flatten", a.a, [-1], a.order === "K" ? "A" : a.order), true),
      }],
    },
    torch: {
      names: ["flatten"],
      methods: ["flatten"],
      overloads: [{
        sig: { pos: [INPUT, opt("startDim", "int", 0), opt("endDim", "int", -1)], kw: [] },
        impl: (a: Args) => flattenDims(a.input, a.startDim, a.endDim),
      }],
    },
  }),
  unflatten: defineOp({
    name: "unflatten",
    doc: "Splits one dim into the given sizes.",
    torch: {
      names: ["unflatten"],
      methods: ["unflatten"],
      overloads: [{
        sig: { pos: [INPUT, req("dim", "int"), req("sizes", "ints")], kw: [] },
        impl: (a: Args) => {
          const x: Operand = a.input, d = normalizeAxis("unflatten", a.dim, x.layout.ndim), sh = x.layout.shape;
          return reshapeOp("unflatten", x, [...sh.slice(0, d), ...list(a.sizes), ...sh.slice(d + 1)]);
        },
      }],
    },
  }),
  transpose: defineOp({
    name: "transpose",
    doc: "Permutes axes (np: reversed by default); swaps two dims (torch).",
    np: {
      names: ["transpose"],
      methods: ["transpose"],
      overloads: [{
        sig: { pos: [A, opt("axes", "ints", null, { varargs: "method" })], kw: [] },
        impl: (a: Args) => permuteOp("transpose", a.a, a.axes === null ? null : list(a.axes)),
      }],
    },
    torch: {
      names: ["transpose", "swapaxes", "swapdims"],
      methods: ["transpose", "swapaxes", "swapdims"],
      overloads: [{
        // (swapaxes names them axis0 and axis1)
        sig: {
          pos: [INPUT, req("dim0", "int", { aliases: ["axis0"] }), req("dim1", "int", { aliases: ["axis1"] })],
          kw: [],
        },
        impl: (a: Args) => {
          const x: Operand = a.input;
          // a 0-d tensor's one dim (0 or -1) swaps with itself (PyTorch)
          if (x.layout.ndim === 0) return (torchDims("transpose", x, [a.dim0, a.dim1]), view(x, x.layout));
          return view(x, x.layout.swap("transpose", a.dim0, a.dim1));
        },
      }],
    },
  }),
  permute: defineOp({
    name: "permute",
    doc: "Reorders dims.",
    torch: {
      names: ["permute"],
      methods: ["permute"],
      overloads: [{
        sig: { pos: [INPUT, req("dims", "ints", { varargs: "method" })], kw: [] },
        impl: (a: Args) => permuteOp("permute", a.input, list(a.dims)),
      }],
    },
  }),
  swapaxes: defineOp({
    name: "swapaxes",
    doc: "Swaps two axes (a view).",
    np: {
      names: ["swapaxes"],
      methods: ["swapaxes"],
      overloads: [{
        sig: { pos: [A, req("axis1", "int"), req("axis2", "int")], kw: [] },
        impl: (a: Args) => view(a.a, (a.a as Operand).layout.swap("swapaxes", a.axis1, a.axis2)),
      }],
    },
  }),
  t: defineOp({
    name: "t",
    doc: "The transpose of a matrix (<= 2-d).",
    torch: {
      names: ["t"],
      methods: ["t"],
      overloads: [{
        sig: { pos: [INPUT], kw: [] },
        impl: (a: Args) => {
          const x: Operand = a.input;
          if (x.layout.ndim > 2) {
            throw new RuntimeError(`t() expects a tensor with <= 2 dimensions, but self is ${x.layout.ndim}D`);
          }
          return x.layout.ndim < 2 ? view(x, x.layout) : view(x, x.layout.swap("t", 0, 1));
        },
      }],
    },
  }),
  moveaxis: defineOp({
    name: "moveaxis",
    doc: "Moves axes to new positions (a view).",
    np: {
      names: ["moveaxis"],
      overloads: [{
        sig: { pos: [A, req("source", "ints"), req("destination", "ints")], kw: [] },
        impl: (a: Args) => moveAxes("moveaxis", a.a, a.source, a.destination),
      }],
    },
    torch: {
      names: ["movedim", "moveaxis"],
      methods: ["movedim", "moveaxis"],
      overloads: [{
        sig: { pos: [INPUT, req("source", "ints"), req("destination", "ints")], kw: [] },
        impl: (a: Args) => {
          const x: Operand = a.input;
          if (x.layout.ndim > 0) return moveAxes("movedim", x, a.source, a.destination);
          torchDims("movedim", x, [...list(a.source), ...list(a.destination)]);
          return view(x, x.layout);
        },
      }],
    },
  }),
  squeeze: defineOp({
    name: "squeeze",
    doc: "Removes size-1 dims (all, or the given ones).",
    np: {
      names: ["squeeze"],
      methods: ["squeeze"],
      overloads: [{
        sig: { pos: [A, opt("axis", "ints", null)], kw: [] },
        impl: (a: Args) =>
          view(
            a.a,
            (a.a as Operand).layout.squeeze("squeeze", a.axis === null ? undefined : list(npAxis0d(a.a, a.axis))),
          ),
      }],
    },
    torch: {
      names: ["squeeze"],
      methods: ["squeeze"],
      overloads: [{
        sig: { pos: [INPUT, opt("dim", "ints", null, { aliases: ["axis"] })], kw: [] },
        impl: (a: Args) => squeezeTorch(a.input, a.dim),
      }],
    },
  }),
  unsqueeze: defineOp({
    name: "unsqueeze",
    doc: "Inserts a size-1 dim.",
    np: {
      names: ["expandDims"],
      overloads: [{ sig: { pos: [A, req("axis", "ints")], kw: [] }, impl: (a: Args) => expandDims(a.a, a.axis) }],
    },
    torch: {
      names: ["unsqueeze"],
      methods: ["unsqueeze"],
      overloads: [{
        sig: { pos: [INPUT, req("dim", "int")], kw: [] },
        impl: (a: Args) => {
          const x: Operand = a.input;
          return view(x, x.layout.unsqueeze(normalizeAxis("unsqueeze", a.dim, x.layout.ndim + 1)));
        },
      }],
    },
  }),
  expand: defineOp({
    name: "expand",
    doc: "A broadcast view (-1 keeps a size).",
    np: {
      names: ["broadcastTo"],
      overloads: [{
        sig: { pos: [req("array", "array"), req("shape", "ints")], kw: [] },
        // read-only, as NumPy's: a write would land on elements the broadcast repeats
        impl: (a: Args) => view(a.array, (a.array as Operand).layout.expand("broadcastTo", list(a.shape)).asReadonly()),
      }],
    },
    torch: {
      names: ["broadcastTo"],
      methods: ["expand", "broadcastTo"],
      overloads: [{
        sig: { pos: [INPUT, req("size", "ints", { varargs: "method" })], kw: [] },
        impl: (a: Args) => expandTorch(a.input, list(a.size)),
      }],
    },
  }),
  broadcastArrays: defineOp({
    name: "broadcastArrays",
    doc: "Views of the arrays broadcast against each other (np: read-only where a dim was broadcast).",
    np: {
      names: ["broadcastArrays"],
      overloads: [{
        sig: { pos: [opt("args", "arrays", [], { varargs: true })], kw: [opt("subok", "bool", false)] },
        returns: "arrays",
        impl: (a: Args) => {
          const xs = a.args as Operand[], shape = npBroadcastShape(xs.map((x) => x.layout.shape));
          // NumPy 2.4 still lets these be written with a FutureWarning; its announced future is read-only
          return xs.map((x) =>
            sameShape(x.layout.shape, shape) ? x : view(x, x.layout.expand("broadcast_arrays", shape).asReadonly())
          );
        },
      }],
    },
    torch: {
      names: ["broadcastTensors"],
      overloads: [{
        sig: { pos: [opt("tensors", "arrays", [], { varargs: true })], kw: [] },
        returns: "arrays",
        // expand views, recorded by autograd as expand is
        composite: true,
        impl: (a: Args) => {
          const ts = a.tensors as { shape: number[]; expand(s: number[]): unknown }[];
          const shape = ts.reduce((s: number[], t) => inferSize(s, t.shape), []);
          return ts.map((t) => t.expand(shape));
        },
      }],
    },
  }),
  broadcastShapes: defineOp({
    name: "broadcastShapes",
    doc: "The shape that shapes (integers or lists) broadcast to.",
    np: {
      names: ["broadcastShapes"],
      overloads: [{
        sig: { pos: [opt("args", "any", [], { varargs: true })], kw: [] },
        returns: "any",
        impl: (a: Args) => npBroadcastShape((a.args as unknown[]).map((s) => shapeArg("broadcast_shapes", s))),
      }],
    },
    torch: {
      names: ["broadcastShapes"],
      overloads: [{
        sig: { pos: [opt("shapes", "any", [], { varargs: true })], kw: [] },
        returns: "any",
        impl: (a: Args) => torchBroadcastShapes((a.shapes as unknown[]).map((s) => shapeArg("broadcast_shapes", s))),
      }],
    },
  }),
  flip: defineOp({
    name: "flip",
    doc: "Reverses the order of elements along axes (np: a view, all axes by default; torch: a copy).",
    np: {
      names: ["flip"],
      overloads: [{
        sig: { pos: [req("m", "array"), opt("axis", "ints", null)], kw: [] },
        impl: (a: Args) => {
          const x: Operand = a.m;
          const ax = a.axis === null
            ? [...Array(x.layout.ndim).keys()]
            : normalizeAxes("flip", list(a.axis), x.layout.ndim);
          return flipView(x, ax);
        },
      }],
    },
    torch: {
      names: ["flip"],
      methods: ["flip"],
      overloads: [{
        sig: { pos: [INPUT, req("dims", "ints", { varargs: "method" })], kw: [] },
        impl: (a: Args) => {
          const x: Operand = a.input;
          const dims = uniqueDims(list(a.dims).map((d) => normalizeAxis("flip", d, Math.max(x.layout.ndim, 1))));
          const ax = dims.filter((d) => d < x.layout.ndim);
          // (into a tensor laid out like the input, as PyTorch's empty_like)
          return copyWithStrides(flipView(x, ax), torchFormatStrides(x.layout, "preserveFormat"));
        },
      }],
    },
  }),
  diff: defineOp({
    name: "diff",
    doc: "The n-th differences along axis (prepend and append joined first; bool gives not_equal).",
    np: {
      names: ["diff"],
      overloads: [{
        sig: {
          pos: [
            A,
            opt("n", "int", 1),
            opt("axis", "int", -1),
            opt("prepend", "arrayOrScalar", null),
            opt("append", "arrayOrScalar", null),
          ],
          kw: [],
        },
        impl: (a: Args) => npDiff(a.a, a.n, a.axis, a.prepend, a.append),
      }],
    },
  }),
  roll: defineOp({
    name: "roll",
    doc: "Rolls elements along axes (flattened when none); a copy.",
    np: {
      names: ["roll"],
      overloads: [{
        sig: { pos: [A, req("shift", "ints"), opt("axis", "ints", null)], kw: [] },
        impl: (a: Args) => rollOp(a.a, a.shift, a.axis),
      }],
    },
    torch: {
      names: ["roll"],
      methods: ["roll"],
      overloads: [{
        sig: { pos: [INPUT, req("shifts", "ints"), opt("dims", "ints", null)], kw: [] },
        impl: (a: Args) => {
          // PyTorch pairs shifts with dims one to one (NumPy adds shifts up along one axis)
          const n = list(a.shifts).length, m = a.dims === null ? 0 : list(a.dims).length;
          if (n === 0) throw new RuntimeError("`shifts` required");
          if (m === 0 ? n !== 1 : n !== m) {
            throw new RuntimeError(`shifts and dimensions must align. shifts: ${n}, dims:${m}`);
          }
          return rollOp(a.input, a.shifts, a.dims);
        },
      }],
    },
  }),
  tile: defineOp({
    name: "tile",
    doc: "Repeats the whole array along each dim.",
    np: {
      names: ["tile"],
      overloads: [{
        sig: { pos: [req("A", "array"), req("reps", "ints")], kw: [] },
        impl: (a: Args) => tileOp(a.A, list(a.reps)),
      }],
    },
    torch: {
      names: ["tile"],
      methods: ["tile"],
      overloads: [{
        sig: { pos: [INPUT, req("dims", "ints", { varargs: "method" })], kw: [] },
        impl: (a: Args) => tileOp(a.input, list(a.dims)),
      }],
    },
  }),
  repeat: defineOp({
    name: "repeat",
    doc: "Tiles the tensor (torch's Tensor.repeat; the sizes must cover every dim).",
    torch: {
      names: [],
      methods: ["repeat"],
      overloads: [{
        sig: { pos: [INPUT, req("repeats", "ints", { varargs: true })], kw: [] },
        impl: (a: Args) => {
          const r = list(a.repeats), x: Operand = a.input;
          if (r.length < x.layout.ndim) {
            throw new RuntimeError(
              "Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor",
            );
          }
          return tileOp(x, r);
        },
      }],
    },
  }),
  repeatInterleave: defineOp({
    name: "repeatInterleave",
    doc: "Repeats each element (np.repeat, torch.repeat_interleave); flattened when no axis.",
    np: {
      names: ["repeat"],
      methods: ["repeat"],
      overloads: [{
        sig: { pos: [A, req("repeats", "ints"), opt("axis", "int", null)], kw: [] },
        impl: (a: Args) => repeatElements(a.a, a.repeats, a.axis),
      }],
    },
    torch: {
      names: ["repeatInterleave"],
      methods: ["repeatInterleave"],
      overloads: [
        {
          sig: { pos: [INPUT, req("repeats", "int"), opt("dim", "int", null)], kw: [OUTPUT_SIZE] },
          impl: (a: Args) => repeatElements(a.input, torchRepeats(a.input, a.repeats, a.dim, a.outputSize), a.dim),
        },
        {
          sig: { pos: [INPUT, req("repeats", "array"), opt("dim", "int", null)], kw: [OUTPUT_SIZE] },
          impl: (a: Args) => repeatElements(a.input, torchRepeats(a.input, a.repeats, a.dim, a.outputSize), a.dim),
        },
        {
          // torch.repeat_interleave(repeats): the indices each repeated; no gradient (an integer result)
          sig: { pos: [req("repeats", "array")], kw: [OUTPUT_SIZE] },
          id: "repeatInterleaveIndices",
          functionOnly: true,
          impl: (a: Args) => repeatIndices(a.repeats, a.outputSize),
        },
      ],
    },
  }),
  diagonal: defineOp({
    name: "diagonal",
    doc: "The diagonal of two axes, moved last (a view).",
    np: {
      names: ["diagonal"],
      methods: ["diagonal"],
      overloads: [{
        sig: { pos: [A, opt("offset", "int", 0), opt("axis1", "int", 0), opt("axis2", "int", 1)], kw: [] },
        impl: (a: Args) => view(a.a, (a.a as Operand).layout.diagonal("diagonal", a.offset, a.axis1, a.axis2)),
      }],
    },
    torch: {
      names: ["diagonal"],
      methods: ["diagonal"],
      overloads: [{
        sig: { pos: [INPUT, opt("offset", "int", 0), opt("dim1", "int", 0), opt("dim2", "int", 1)], kw: [] },
        impl: (a: Args) => view(a.input, (a.input as Operand).layout.diagonal("diagonal", a.offset, a.dim1, a.dim2)),
      }],
    },
  }),
  trace: defineOp({
    name: "trace",
    doc: "Sum along a diagonal.",
    np: {
      names: ["trace"],
      methods: ["trace"],
      overloads: [{
        sig: {
          pos: [
            A,
            opt("offset", "int", 0),
            opt("axis1", "int", 0),
            opt("axis2", "int", 1),
            opt("dtype", "dtype", null),
            opt("out", "out", null),
          ],
          kw: [],
        },
        impl: (a: Args) => {
          const d = view(a.a, (a.a as Operand).layout.diagonal("trace", a.offset, a.axis1, a.axis2));
          const r = R.sum(d, [d.layout.ndim - 1], false, a.dtype ?? undefined);
          // integers sum into int64 in the kernels: the dtype asked for is the result's, as np.sum's (uint8 wraps)
          return intoOut(a.dtype && r.storage.dtype !== a.dtype ? castTo(r, a.dtype) : r, a.out, "trace");
        },
      }],
    },
    torch: {
      names: ["trace"],
      methods: ["trace"],
      overloads: [{
        sig: { pos: [INPUT], kw: [] },
        // the sum of the diagonal view, written with tensor ops: autograd records both steps
        composite: true,
        impl: (a: Args) => {
          if (a.input.ndim !== 2) {
            throw new RuntimeError(`trace: expected a matrix, but got tensor with dim ${a.input.ndim}`);
          }
          if (a.input.dtype === "bool") throw new RuntimeError(`"trace" not implemented for 'Bool'`);
          return a.input.diagonal().sum();
        },
      }],
    },
  }),
  diag: defineOp({
    name: "diag",
    doc: "A diagonal matrix from a 1-d array, or the diagonal of a matrix.",
    np: {
      names: ["diag"],
      overloads: [{
        sig: { pos: [req("v", "array"), opt("k", "int", 0)], kw: [] },
        impl: (a: Args) => diagOp(a.v, a.k),
      }],
    },
    torch: {
      names: ["diag"],
      methods: ["diag"],
      overloads: [{
        sig: { pos: [INPUT, opt("diagonal", "int", 0)], kw: [opt("out", "out", null)] },
        outDtype: torchExactOut,
        impl: (a: Args) => diagOp(a.input, a.diagonal),
      }],
    },
  }),
  tril: triDecl("tril", false),
  triu: triDecl("triu", true),
  concatenate: defineOp({
    name: "concatenate",
    doc: "Joins arrays along an existing axis (np: flattened when axis is null).",
    np: {
      names: ["concatenate", "concat"],
      overloads: [{
        sig: {
          pos: [req("arrays", "arrays"), opt("axis", "int", 0, { nullable: true }), opt("out", "out", null)],
          kw: [opt("dtype", "dtype", null)],
        },
        impl: (a: Args) => {
          onlyOutOrDtype("concatenate", a);
          return intoOut(concatenate(a.arrays, a.axis, a.dtype ?? undefined), a.out, "concatenate", npDataOut);
        },
      }],
    },
    torch: {
      names: ["cat", "concat", "concatenate"],
      overloads: [{
        sig: {
          pos: [req("tensors", "arrays"), opt("dim", "int", 0, { aliases: ["axis"] })],
          kw: [opt("out", "out", null)],
        },
        impl: (a: Args) => intoOut(catTorch(a.tensors, a.dim), a.out, "cat", catCast),
      }],
    },
  }),
  stack: defineOp({
    name: "stack",
    doc: "Joins arrays of one shape along a new axis.",
    np: {
      names: ["stack"],
      overloads: [{
        sig: {
          pos: [req("arrays", "arrays"), opt("axis", "int", 0), opt("out", "out", null)],
          kw: [opt("dtype", "dtype", null)],
        },
        impl: (a: Args) => {
          onlyOutOrDtype("concatenate", a);
          const xs: Operand[] = a.dtype ? a.arrays.map((x: Operand) => castTo(x, a.dtype)) : a.arrays;
          return intoOut(stackOp("stack", xs, a.axis), a.out, "stack", npDataOut);
        },
      }],
    },
    torch: {
      names: ["stack"],
      overloads: [{
        sig: { pos: [req("tensors", "arrays"), opt("dim", "int", 0)], kw: [opt("out", "out", null)] },
        impl: (a: Args) => intoOut(stackOp("stack", a.tensors, a.dim, catDtype(a.tensors)), a.out, "stack", catCast),
      }],
    },
  }),
  hstack: defineOp({
    name: "hstack",
    doc: "Stacks horizontally (columns; axis 0 for 1-d).",
    np: {
      names: ["hstack"],
      overloads: [{
        sig: { pos: [req("tup", "arrays")], kw: [opt("dtype", "dtype", null)] },
        impl: (a: Args) => hstackOp(cast(a.tup, a.dtype)),
      }],
    },
    torch: {
      names: ["hstack"],
      overloads: [{
        sig: { pos: [req("tensors", "arrays")], kw: [opt("out", "out", null)] },
        outDtype: catCast,
        impl: (a: Args) => hstackOp(a.tensors, catDtype(a.tensors)),
      }],
    },
  }),
  vstack: defineOp({
    name: "vstack",
    doc: "Stacks vertically (rows).",
    np: {
      names: ["vstack", "rowStack"],
      overloads: [{
        sig: { pos: [req("tup", "arrays")], kw: [opt("dtype", "dtype", null)] },
        impl: (a: Args) => concatenate(cast(a.tup, a.dtype).map((x) => atLeast(x, 2)), 0),
      }],
    },
    torch: {
      names: ["vstack", "rowStack"],
      overloads: [{
        sig: { pos: [req("tensors", "arrays")], kw: [opt("out", "out", null)] },
        outDtype: catCast,
        impl: (a: Args) => concatenate((a.tensors as Operand[]).map((x) => atLeast(x, 2)), 0, catDtype(a.tensors)),
      }],
    },
  }),
  dstack: defineOp({
    name: "dstack",
    doc: "Stacks along the third axis.",
    np: {
      names: ["dstack"],
      overloads: [{
        sig: { pos: [req("tup", "arrays")], kw: [] },
        impl: (a: Args) => concatenate((a.tup as Operand[]).map((x) => atLeast(x, 3)), 2),
      }],
    },
    torch: {
      names: ["dstack"],
      overloads: [{
        sig: { pos: [req("tensors", "arrays")], kw: [opt("out", "out", null)] },
        outDtype: catCast,
        impl: (a: Args) => concatenate((a.tensors as Operand[]).map((x) => atLeast(x, 3)), 2, catDtype(a.tensors)),
      }],
    },
  }),
  atleast1d: atLeastDecl(1),
  atleast2d: atLeastDecl(2),
  atleast3d: atLeastDecl(3),
  split: defineOp({
    name: "split",
    doc: "np: equal sections or split points (views); torch: chunks of a size or the given sizes.",
    np: {
      names: ["split"],
      overloads: [{
        sig: { pos: [req("ary", "array"), req("indicesOrSections", "ints"), opt("axis", "int", 0)], kw: [] },
        returns: "arrays",
        impl: (a: Args) => arraySplit(a.ary, a.indicesOrSections, a.axis, true),
      }],
    },
    torch: {
      names: ["split"],
      methods: ["split"],
      overloads: [{
        // Tensor.split names it split_size
        sig: {
          pos: [
            req("tensor", "array"),
            req("splitSizeOrSections", "ints", { aliases: ["splitSize"] }),
            opt("dim", "int", 0),
          ],
          kw: [],
        },
        returns: "arrays",
        impl: (a: Args) => splitTorch(a.tensor, a.splitSizeOrSections, a.dim),
      }],
    },
  }),
  arraySplit: defineOp({
    name: "arraySplit",
    doc: "Splits into sections (unequal allowed) or at points: views.",
    np: {
      names: ["arraySplit"],
      overloads: [{
        sig: { pos: [req("ary", "array"), req("indicesOrSections", "ints"), opt("axis", "int", 0)], kw: [] },
        returns: "arrays",
        impl: (a: Args) => arraySplit(a.ary, a.indicesOrSections, a.axis),
      }],
    },
    torch: {
      names: ["tensorSplit"],
      methods: ["tensorSplit"],
      overloads: [
        {
          // PyTorch names it by its type: sections (an int) or indices (a list)
          sig: {
            pos: [INPUT, req("indicesOrSections", "ints", { aliases: ["sections", "indices"] }), opt("dim", "int", 0)],
            kw: [],
          },
          returns: "arrays",
          impl: (a: Args) => torchTensorSplit(a.input, a.indicesOrSections, a.dim),
        },
        {
          // a long tensor: 0-d, the sections; 1-d, the indices
          sig: { pos: [INPUT, req("tensorIndicesOrSections", "array"), opt("dim", "int", 0)], kw: [] },
          returns: "arrays",
          impl: (a: Args) => {
            const t: Operand = a.tensorIndicesOrSections, what = "tensor_split expected tensor_indices_or_sections";
            if (t.storage.dtype !== "int64") {
              throw new RuntimeError(`${what} to have dtype of long, but got ${TORCH_TYPE_NAME[t.storage.dtype]}`);
            }
            if (t.layout.ndim > 1) {
              throw new RuntimeError(
                `${what} to be a zero-dimensional or one-dimensional tensor, but got a tensor with ${t.layout.ndim} dims`,
              );
            }
            const v = toNested(t) as number | bigint | (number | bigint)[];
            return torchTensorSplit(a.input, Array.isArray(v) ? v.map(Number) : Number(v), a.dim);
          },
        },
      ],
    },
  }),
  hsplit: npSplitDecl("hsplit", 1),
  vsplit: npSplitDecl("vsplit", 0),
  dsplit: npSplitDecl("dsplit", 2),
  chunk: defineOp({
    name: "chunk",
    doc: "Splits into `chunks` parts.",
    torch: {
      names: ["chunk"],
      methods: ["chunk"],
      overloads: [{
        sig: { pos: [INPUT, req("chunks", "int"), opt("dim", "int", 0)], kw: [] },
        returns: "arrays",
        impl: (a: Args) => chunkTorch(a.input, a.chunks, a.dim),
      }],
    },
  }),
  unbind: defineOp({
    name: "unbind",
    doc: "Views of each index along a dim, the dim removed.",
    torch: {
      names: ["unbind"],
      methods: ["unbind"],
      overloads: [{
        sig: { pos: [INPUT, opt("dim", "int", 0)], kw: [] },
        returns: "arrays",
        impl: (a: Args) => {
          const x: Operand = a.input, d = normalizeAxis("unbind", a.dim, x.layout.ndim);
          return Array.from({ length: x.layout.shape[d] }, (_, i) => view(x, x.layout.select(d, i)));
        },
      }],
    },
  }),
  narrow: defineOp({
    name: "narrow",
    doc: "A view of `length` elements of one dim from `start`.",
    torch: {
      names: ["narrow"],
      methods: ["narrow"],
      overloads: [{
        sig: { pos: [INPUT, req("dim", "int"), req("start", "int"), req("length", "int")], kw: [] },
        impl: (a: Args) => narrowOp(a.input, a.dim, a.start, a.length),
      }],
    },
  }),
  select: defineOp({
    name: "select",
    doc: "The view at one index of a dim, the dim removed.",
    torch: {
      names: ["select"],
      methods: ["select"],
      overloads: [{
        sig: { pos: [INPUT, req("dim", "int"), req("index", "int")], kw: [] },
        impl: (a: Args) => view(a.input, torchSelect(a.input.layout, a.dim, a.index)),
      }],
    },
  }),
  append: defineOp({
    name: "append",
    doc: "Values appended (flattened unless an axis is given).",
    np: {
      names: ["append"],
      overloads: [{
        sig: { pos: [req("arr", "array"), req("values", "array"), opt("axis", "int", null)], kw: [] },
        impl: (a: Args) =>
          a.axis === null
            ? concatenate([reshapeOp("append", a.arr, [-1]), reshapeOp("append", a.values, [-1])], 0)
            : concatenate([a.arr, a.values], a.axis),
      }],
    },
  }),
  resize: defineOp({
    name: "resize",
    doc: "A new array of the shape, repeating the elements cyclically (np.resize).",
    np: {
      names: ["resize"],
      overloads: [{
        sig: { pos: [A, req("newShape", "ints")], kw: [] },
        impl: (a: Args) => {
          const x = reshapeOp("resize", a.a, [-1]), s = list(a.newShape), total = sizeOf(s);
          if (x.layout.size === 0 || total === 0) return zeros(s, x.storage.dtype, x.storage.device);
          const tiled = tileOp(x, [Math.ceil(total / x.layout.size)]);
          return reshapeOp("resize", view(tiled, tiled.layout.slice(0, 0, total, 1)), s);
        },
      }],
    },
  }),
};

function cast(xs: readonly Operand[], dtype: string | null): Operand[] {
  return dtype ? xs.map((x) => castTo(x, dtype as never)) : [...xs];
}

/** torch.cat: PyTorch's checks (1-d empty tensors are skipped, as PyTorch's legacy rule). */
/** NumPy's concatenate (and stack, through it) takes a result dtype or an `out`, not both. */
function onlyOutOrDtype(name: string, a: Args): void {
  if (a.out && a.dtype) {
    throw new TypeError(`${name}() only takes \`out\` or \`dtype\` as an argument, but both were provided.`);
  }
}

/** torch.select's view of a layout (select_scatter's too): PyTorch's IndexErrors (RangeError here). */
export function torchSelect(l: View, dim: number, index: number): View {
  if (l.ndim === 0) throw new RangeError("select() cannot be applied to a 0-dim tensor.");
  const d = normalizeAxis("select", dim, l.ndim), n = l.shape[d];
  if (index < -n || index >= n) {
    throw new RangeError(
      `select(): index ${index} out of range for tensor of size [${l.shape.join(", ")}] at dimension ${d}`,
    );
  }
  return l.select(d, index < 0 ? index + n : index);
}

/** PyTorch's cast check for cat's and stack's `out=`. */
export function catCast(from: DType, to: DType): void {
  if (!torchCanCast(from, to)) {
    throw new TypeError(`torch.cat(): input types can't be cast to the desired output type ${TORCH_TYPE_NAME[to]}`);
  }
}

function catTorch(xs: readonly Operand[], dim: number): Operand {
  if (!xs.length) throw new RuntimeError("torch.cat(): expected a non-empty list of Tensors");
  const used = xs.filter((x) => !(x.layout.ndim === 1 && x.layout.size === 0));
  if (!used.length) return contiguous(xs[0], true);
  const nd = used[0].layout.ndim;
  used.forEach((x) => {
    if (x.layout.ndim !== nd) {
      throw new RuntimeError(`Tensors must have same number of dimensions: got ${nd} and ${x.layout.ndim}`);
    }
  });
  if (nd === 0) throw new RuntimeError("zero-dimensional tensor cannot be concatenated");
  const d = normalizeAxis("cat", dim, nd), first = used[0].layout.shape;
  xs.forEach((x, i) => {
    if (!used.includes(x)) return;
    x.layout.shape.forEach((n, k) => {
      const want = first[k];
      if (k !== d && n !== want) {
        throw new RuntimeError(
          `Sizes of tensors must match except in dimension ${d}. Expected size ${want} but got size ${n} for tensor number ${i} in the list.`,
        );
      }
    });
  });
  // PyTorch's promotion (float32 with int64 stays float32), the skipped empty tensors included
  return concatenate(used, d, catDtype(xs));
}

function triDecl<const N extends "tril" | "triu">(name: N, upper: boolean) {
  return defineOp({
    name,
    doc: `The ${upper ? "upper" : "lower"} triangle of the last two dims, the rest zero.`,
    np: {
      names: [name],
      overloads: [{
        sig: { pos: [req("m", "array"), opt("k", "int", 0)], kw: [] },
        impl: (a: Args) => triangle(a.m, a.k, upper),
      }],
    },
    torch: {
      names: [name],
      methods: [name],
      inplace: [`${name}_`],
      overloads: [{
        sig: { pos: [INPUT, opt("diagonal", "int", 0)], kw: [opt("out", "out", null)] },
        impl: (a: Args) => intoOut(triangle(a.input, a.diagonal, upper), a.out, name, torchExactOut),
      }],
    },
  });
}

function atLeastDecl<const N extends 1 | 2 | 3>(n: N) {
  const name = `atleast${n}d` as const;
  return defineOp({
    name,
    doc: `At least ${n} dims (a view); several arrays (or none) give a list.`,
    np: {
      names: [name],
      overloads: [
        { sig: { pos: [A], kw: [] }, impl: (a: Args) => atLeast(a.a, n) },
        {
          sig: { pos: [opt("arys", "arrays", [], { varargs: true })], kw: [] },
          returns: "arrays",
          impl: (a: Args) => (a.arys as Operand[]).map((x) => atLeast(x, n)),
        },
      ],
    },
    torch: {
      names: [name],
      overloads: [
        { sig: { pos: [INPUT], kw: [] }, impl: (a: Args) => atLeast(a.input, n) },
        {
          // a list (or several tensors) gives a list, as PyTorch's; reshape records each view's history
          sig: { pos: [opt("tensors", "arrays", [], { varargs: true })], kw: [] },
          returns: "arrays",
          composite: true,
          impl: (a: Args) =>
            (a.tensors as { shape: number[]; reshape(s: number[]): unknown }[]).map((t) =>
              t.reshape(atLeastShape(t.shape, n))
            ),
        },
      ],
    },
  });
}

function npSplitDecl<const N extends "hsplit" | "vsplit" | "dsplit">(name: N, axis: number) {
  const need = name === "hsplit" ? 1 : name === "vsplit" ? 2 : 3;
  return defineOp({
    name,
    doc: `Splits along axis ${axis}${name === "hsplit" ? " (0 for 1-d)" : ""}.`,
    np: {
      names: [name],
      overloads: [{
        sig: { pos: [req("ary", "array"), req("indicesOrSections", "ints")], kw: [] },
        returns: "arrays",
        impl: (a: Args) => {
          const x: Operand = a.ary;
          if (x.layout.ndim < need) throw new RangeError(`${name} only works on arrays of ${need} or more dimensions`);
          return arraySplit(x, a.indicesOrSections, name === "hsplit" && x.layout.ndim === 1 ? 0 : axis, true);
        },
      }],
    },
    torch: {
      names: [name],
      methods: [name],
      overloads: [{
        sig: { pos: [INPUT, req("indicesOrSections", "ints", { aliases: ["sections", "indices"] })], kw: [] },
        returns: "arrays",
        // tensor_split along the axis, written with tensor ops: autograd records the views
        composite: true,
        impl: (a: Args) => {
          const x = a.input, ios = a.indicesOrSections, nd: number = x.ndim;
          if (nd < need) {
            throw new RuntimeError(
              `torch.${name} requires a tensor with at least ${need} dimension, but got a tensor with ${nd} dimensions!`,
            );
          }
          const dim = name === "hsplit" && nd === 1 ? 0 : axis;
          if (typeof ios === "number" && (ios === 0 || x.shape[dim] % ios !== 0)) {
            throw new RuntimeError(
              `torch.${name} attempted to split along dimension ${dim}, but the size of the dimension ${
                x.shape[dim]
              } is not divisible by the split_size ${ios}!`,
            );
          }
          return x.tensorSplit(ios, dim);
        },
      }],
    },
  });
}

/**
 * PyTorch's resize_: the same storage and offset with C-order strides while
 * the storage holds offset + n elements (a view stays a view of its base;
 * the same shape changes nothing), else a bigger storage holding the old
 * one's elements where they were.
 */
export function torchResized(x: Operand, shape: readonly number[]): [Storage, View] {
  const s = checkShape("resize_", shape), off = x.layout.offset, need = off + sizeOf(s);
  if (sameShape(s, x.layout.shape)) return [x.storage, x.layout];
  if (need <= x.storage.length) return [x.storage, new View(s, undefined, off)];
  const grown = zeros([need], x.storage.dtype, x.storage.device), all = new View([x.storage.length]);
  copyInto({ storage: x.storage, layout: all }, view(grown, all));
  return [grown.storage, new View(s, undefined, off)];
}

/** Memory for ndarray.resize: elements kept in C order, new ones zero. */
export function resized(x: Operand, shape: readonly number[]): [Storage, View] {
  const s = checkShape("resize", shape), n = sizeOf(s);
  const flat = contiguous(x);
  const out = zeros([n], x.storage.dtype, x.storage.device);
  const keep = Math.min(n, x.layout.size);
  if (keep > 0) copyInto(view(flat, new View([keep], [1], flat.layout.offset)), view(out, new View([keep])));
  return [out.storage, new View(s)];
}
