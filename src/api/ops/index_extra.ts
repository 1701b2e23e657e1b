/**
 * Indexing, set and shape functions beyond the basic ones: strided views
 * (Tensor.unfold, torch.asStrided), rot90, column stacking, block
 * diagonals, diagflat, cartesian products, triangle indices, raveling and
 * unraveling flat indices, takeAlongDim, np.put, flatnonzero, isin and the
 * sorted set operations of 1-d arrays.
 *
 * torch's differentiable forms are composites (written with Tensor ops, so
 * autograd records their steps); the few torch functions they need besides
 * Tensor methods are given by src/torch/functions.ts (api cannot import
 * torch).
 */
import { type DType, isFloat, promoteTypes, TORCH_TYPE_NAME } from "../../core/dtype.ts";
import { RuntimeError } from "../../core/errors.ts";
import { broadcastShapes, inferSize, torchDim } from "../../core/shape.ts";
import { View } from "../../core/view.ts";
import { getIndex, nonzeroCoords, scatterAt } from "../../ops/index.ts";
import { concatenate } from "../../ops/join.ts";
import {
  castTo,
  contiguous,
  empty,
  itemsize,
  onHost,
  type Operand,
  type Scalar,
  scalarOperand,
  toDevice,
  torchWrap,
} from "../../ops/operand.ts";
import { argsort } from "../../ops/sort.ts";
import * as U from "../../ops/ufuncs.ts";
import { type Args, type Ctx, defineOp } from "../define.ts";
import { opt, req } from "../signature.ts";
import { checkCasting, isScalar, list, operandOf, promote, torchExactOut, view } from "./common.ts";
import { deviceKey } from "./device.ts";
import { uniqueOp } from "./index.ts";
import { catCast, diagOp } from "./shape.ts";

const INPUT = req("input", "array");

/** `dims` after PyTorch's check that none appears twice (dim_list_to_bitset's message). */
export function uniqueDims(dims: readonly number[]): readonly number[] {
  const twice = dims.find((d, i) => dims.indexOf(d) !== i);
  if (twice !== undefined) throw new RuntimeError(`dim ${twice} appears multiple times in the list of dims`);
  return dims;
}

/** Tensor.unfold: windows of `size` every `step` along `dim`, as a new last dim of a view. */
function unfold(x: Operand, dim: number, size: number, step: number): Operand {
  const v = x.layout, d = torchDim(dim, v.ndim);
  const n = v.ndim === 0 ? 1 : v.shape[d], st = v.ndim === 0 ? 1 : v.strides[d];
  if (size > n) throw new RuntimeError(`maximum size for tensor at dimension ${d} is ${n} but size is ${size}`);
  if (size < 0) throw new RuntimeError(`size is ${size} but must be >= 0`);
  if (step <= 0) throw new RuntimeError(`step is ${step} but must be > 0`);
  const shape = [...v.shape, size], strides = [...v.strides, st];
  if (v.ndim > 0) {
    shape[d] = Math.floor((n - size) / step) + 1;
    strides[d] = st * step;
  }
  return { storage: x.storage, layout: new View(shape, strides, v.offset, v.writeable) };
}

/** torch.as_strided: any geometry over the input's storage (PyTorch's bounds check against the storage's size). */
function asStrided(x: Operand, size: readonly number[], stride: readonly number[], offset: number | null): Operand {
  if (size.length !== stride.length) throw new RuntimeError("mismatch in length of strides and shape");
  const off = offset ?? x.layout.offset;
  if (off < 0) throw new RuntimeError(`Tensor: invalid storage offset ${off}`);
  if (stride.some((s) => s < 0)) {
    throw new RuntimeError(
      `as_strided: Negative strides are not supported at the moment, got strides: [${stride.join(", ")}]`,
    );
  }
  if (size.some((s) => s < 0)) {
    throw new RuntimeError(
      `Storage size calculation overflowed with sizes=[${size.join(", ")}] and strides=[${stride.join(", ")}]`,
    );
  }
  const needed = size.includes(0) ? 0 : off + 1 + size.reduce((p, s, i) => p + (s - 1) * stride[i], 0);
  const item = itemsize(x.storage.dtype);
  if (needed > x.storage.length) {
    throw new RuntimeError(
      `setStorage: sizes [${size.join(", ")}], strides [${
        stride.join(", ")
      }], storage offset ${off}, and itemsize ${item} requiring a storage size of ${
        needed * item
      } are out of bounds for storage of size ${x.storage.length * item}`,
    );
  }
  return { storage: x.storage, layout: new View([...size], [...stride], off, x.layout.writeable) };
}

// ---------- torch composites ----------

/** The Tensor methods the composites call (api cannot name torch's class). */
interface T {
  readonly shape: number[];
  readonly ndim: number;
  readonly dtype: DType;
  numel(): number;
  reshape(shape: readonly number[]): T;
  expand(shape: readonly number[]): T;
  flip(dims: readonly number[]): T;
  transpose(a: number, b: number): T;
  clone(): T;
  diag(k: number): T;
  newZeros(shape: readonly number[]): T;
  gather(dim: number, index: T): T;
}
/** The torch functions the composites call. */
interface Fns {
  cat(ts: readonly T[], dim: number): T;
  stack(ts: readonly T[], dim: number): T;
  zeros(shape: readonly number[]): T;
}
let F: Fns;
/** Gives these composites the torch functions (set once by src/torch/functions.ts). */
export function setIndexExtraFns(f: unknown): void {
  F = f as Fns;
}

const tdim = (t: T, dim: number) => torchDim(dim, t.ndim);

/** torch.rot90: k quarter turns from dims[0] towards dims[1] (flips and a transpose; a copy). */
function rot90Torch(x: T, k: number, dims: readonly number[]): T {
  if (dims.length !== 2) throw new RuntimeError(`expected total rotation dims == 2, but got dims = ${dims.length}`);
  if (x.ndim < 2) throw new RuntimeError(`expected total dims >= 2, but got total dims = ${x.ndim}`);
  const d0 = tdim(x, dims[0]), d1 = tdim(x, dims[1]);
  if (d0 === d1) {
    throw new RuntimeError(`expected rotation dims to be different, but got dim0 = ${d0} and dim1 = ${d1}`);
  }
  const r = ((k % 4) + 4) % 4;
  if (r === 1) return x.flip([d1]).transpose(d0, d1);
  if (r === 2) return x.flip([d0, d1]);
  if (r === 3) return x.flip([d0]).transpose(d0, d1);
  return x.clone();
}

/** torch.block_diag: the tensors (0-d as 1x1, 1-d as one row) along the diagonal, zeros elsewhere. */
function blockDiag(ts: readonly T[]): T {
  if (ts.length === 0) return F.zeros([1, 0]);
  const ms = ts.map((t, i) => {
    if (t.ndim > 2) {
      throw new RuntimeError(
        `torch.block_diag: Input tensors must have 2 or fewer dimensions. Input ${i} has ${t.ndim} dimensions`,
      );
    }
    return t.ndim === 2 ? t : t.reshape([1, t.numel()]);
  });
  const cols = ms.reduce((n, m) => n + m.shape[1], 0);
  let at = 0;
  const rows = ms.map((m) => {
    const [r, c] = m.shape, row = F.cat([m.newZeros([r, at]), m, m.newZeros([r, cols - at - c])], 1);
    at += c;
    return row;
  });
  return F.cat(rows, 0);
}

/** torch.cartesian_prod: the rows of every combination of the 1-d tensors' elements (one tensor: itself). */
function cartesianProd(ts: readonly T[]): T {
  if (ts.length === 0) throw new RuntimeError("meshgrid expects a non-empty TensorList");
  for (const t of ts) {
    if (t.ndim !== 1) throw new RuntimeError(`Expect a 1D vector, but got shape [${t.shape.join(", ")}]`);
    if (t.dtype !== ts[0].dtype) throw new RuntimeError("meshgrid expects all tensors to have the same dtype");
  }
  if (ts.length === 1) return ts[0];
  const shape = ts.map((t) => t.shape[0]), n = shape.reduce((p, q) => p * q, 1);
  const cols = ts.map((t, i) => t.reshape(shape.map((s, j) => (j === i ? s : 1))).expand(shape).reshape([n]));
  return F.stack(cols, 1);
}

/** torch.take_along_dim: gather after broadcasting the dims other than `dim` (flattened when dim is null). */
function takeAlongDim(x: T, index: T, dim: number | null): T {
  if (index.dtype !== "int64") {
    throw new RuntimeError(
      `torch.take_along_dim(): dtype of indices should be Long but got ${TORCH_TYPE_NAME[index.dtype]}`,
    );
  }
  if (dim === null) return x.reshape([-1]).gather(0, index.reshape([-1]));
  if (x.ndim !== index.ndim) {
    throw new RuntimeError(
      `torch.take_along_dim(): input and indices should have the same number of dimensions, but got ${x.ndim} dimensions for input, and ${index.ndim} dimensions for indices`,
    );
  }
  const d = tdim(x, dim);
  if (x.ndim === 0) throw new RangeError(`Dimension specified as ${d} but tensor has no dimensions`);
  const at = (s: readonly number[], n: number) => s.map((v, i) => (i === d ? n : v));
  const ishape = inferSize(at(x.shape, index.shape[d]), index.shape);
  const xshape = inferSize(at(index.shape, x.shape[d]), x.shape);
  return x.expand(xshape).gather(d, index.expand(ishape));
}

// ---------- np shapes ----------

/** x as a 1-d C-order array (a view when it is contiguous). */
const flat = (x: Operand): Operand => {
  const c = contiguous(x);
  return view(c, new View([x.layout.size], [1], c.layout.offset));
};

/** np.rot90: k quarter turns from axes[0] towards axes[1] (a view). */
function rot90Np(m: Operand, k: number, axes: readonly number[]): Operand {
  if (axes.length !== 2) throw new RangeError("len(axes) must be 2.");
  const nd = m.layout.ndim;
  if (axes[0] === axes[1] || Math.abs(axes[0] - axes[1]) === nd) throw new RangeError("Axes must be different.");
  if (axes.some((a) => a >= nd || a < -nd)) {
    throw new RangeError(`Axes=(${axes.join(", ")}) out of range for array of ndim=${nd}.`);
  }
  const [a0, a1] = axes.map((a) => (a < 0 ? a + nd : a));
  const flip = (v: View, d: number) => v.slice(d, v.shape[d] - 1, v.shape[d], -1);
  const r = ((k % 4) + 4) % 4, v = m.layout;
  if (r === 1) return view(m, flip(v, a1).swap("rot90", a0, a1));
  if (r === 2) return view(m, flip(flip(v, a0), a1));
  if (r === 3) return view(m, flip(v.swap("rot90", a0, a1), a1));
  return view(m, v);
}

/** np.column_stack: 0-d and 1-d inputs become columns, then they join along axis 1. */
function columnStack(xs: readonly Operand[]): Operand {
  const cols = xs.map((x) => {
    const nd = x.layout.ndim;
    return nd === 0 ? view(x, x.layout.unsqueeze(0).unsqueeze(1)) : nd === 1 ? view(x, x.layout.unsqueeze(1)) : x;
  });
  return concatenate(cols, 1);
}

// ---------- indices ----------

/** An int64 (or `dtype`) operand of `shape` holding `values`. */
function ints(
  values: readonly number[] | BigInt64Array,
  shape: readonly number[],
  dtype: DType = "int64",
  device = "cpu",
): Operand {
  const o = empty(shape, "int64");
  const data = o.storage.data as BigInt64Array;
  if (values instanceof BigInt64Array) data.set(values);
  else values.forEach((v, i) => (data[i] = BigInt(v)));
  return toDevice(castTo(o, dtype), device);
}

/** The elements of an integer (or bool) operand, in C order, as int64s read on the host. */
function hostInts(x: Operand): BigInt64Array {
  return contiguous(onHost(castTo(x, "int64"))).storage.data as BigInt64Array;
}

/** Row and column indices of the lower (k-th diagonal and below) or upper triangle of an n x m matrix, row by row. */
function triIndices(n: number, m: number, k: number, lower: boolean): [number[], number[]] {
  const rows: number[] = [], cols: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      if (lower ? j - i <= k : j - i >= k) rows.push(i), cols.push(j);
    }
  }
  return [rows, cols];
}

/** torch.tril_indices / triu_indices: the two index rows as one 2 x N tensor. */
function torchTriIndices(a: Args, lower: boolean): Operand {
  if (a.row < 0) throw new RuntimeError(`row must be non-negative, got${a.row}`);
  if (a.col < 0) throw new RuntimeError(`col must be non-negative, got${a.col}`);
  const dt: DType = a.dtype ?? "int64";
  if (dt !== "int64" && dt !== "int32") {
    throw new RuntimeError(`"${lower ? "tril" : "triu"}_indices" not implemented for '${TORCH_TYPE_NAME[dt]}'`);
  }
  const [r, c] = triIndices(a.row, a.col, a.offset, lower);
  return ints([...r, ...c], [2, r.length], dt, deviceKey(a.device));
}

/** Python's floor modulo of bigints. */
const fmod = (a: bigint, n: bigint): bigint => ((a % n) + n) % n;

/**
 * Coordinates of flat indices in an array of `shape` (C or Fortran order). np checks the bounds; torch wraps
 * as Python's floor division does.
 */
function unravel(indices: Operand, shape: readonly number[], order: string, torch: boolean): Operand[] {
  const dt = indices.storage.dtype;
  if (torch && (isFloat(dt) || dt === "bool")) {
    throw new TypeError(`expected 'indices' to be integer dtype, but got torch.${dt}`);
  }
  if (isFloat(dt)) {
    throw new TypeError("only int indices permitted");
  }
  if (shape.some((d) => d < 0)) {
    throw new RangeError(
      `'shape' cannot have negative values, but got (${shape.join(", ")}${shape.length === 1 ? "," : ""})`,
    );
  }
  const size = shape.reduce((p, d) => p * d, 1), idx = hostInts(indices), n = idx.length;
  if (torch && size === 0 && n > 0) throw new RuntimeError("ZeroDivisionError");
  const out = shape.map(() => new BigInt64Array(n));
  const dims = [...shape.keys()];
  if (order === "C") dims.reverse();
  for (let e = 0; e < n; e++) {
    let v = idx[e];
    if (!torch && (v < 0n || v >= BigInt(size))) {
      throw new RangeError(`index ${v} is out of bounds for array with size ${size}`);
    }
    for (const d of dims) {
      const s = BigInt(shape[d]);
      out[d][e] = fmod(v, s);
      v = (v - out[d][e]) / s;
    }
  }
  return out.map((c) => ints(c, indices.layout.shape, "int64", indices.storage.device));
}

/** np.ravel_multi_index: flat indices of coordinate arrays (broadcast together) in an array of `dims`. */
function ravelMultiIndex(multi: readonly Operand[], dims: readonly number[], mode: unknown, order: string): Operand {
  if (multi.length !== dims.length) {
    throw new RangeError(`parameter multi_index must be a sequence of length ${dims.length}`);
  }
  const modes = typeof mode === "string" ? dims.map(() => mode) : mode;
  if (!Array.isArray(modes) || modes.length !== dims.length) {
    throw new RangeError(`ravel_multi_index: mode must be one mode or ${dims.length} of them`);
  }
  const bad = modes.find((m) => !["raise", "wrap", "clip"].includes(m));
  if (bad !== undefined) throw new RangeError(`clipmode must be one of 'clip', 'raise', or 'wrap' (got '${bad}')`);
  if (dims.some((d) => d <= 0)) throw new RangeError("cannot unravel if shape has zero entries (is empty).");
  if (multi.some((x) => isFloat(x.storage.dtype))) throw new TypeError("only int indices permitted");
  const shape = broadcastShapes("ravel_multi_index", ...multi.map((x) => x.layout.shape));
  const coords = multi.map((x) => hostInts(view(x, x.layout.expand("ravel_multi_index", shape))));
  const n = shape.reduce((p, d) => p * d, 1), out = new BigInt64Array(n);
  const axes = [...dims.keys()];
  if (order === "F") axes.reverse();
  for (let e = 0; e < n; e++) {
    let flatIndex = 0n;
    for (const d of axes) {
      const s = BigInt(dims[d]);
      let c = coords[d][e];
      if (modes[d] === "wrap") c = fmod(c, s);
      else if (modes[d] === "clip") c = c < 0n ? 0n : c >= s ? s - 1n : c;
      else if (c < 0n || c >= s) throw new RangeError("invalid entry in coordinates array");
      flatIndex = flatIndex * s + c;
    }
    out[e] = flatIndex;
  }
  return ints(out, shape);
}

/** np.put: a.flat[ind] = v (v repeated as needed; indices raise, wrap or clip), in place. */
function put(a: Operand, ind: Operand, v: Operand | Scalar, mode: string): void {
  // NumPy's indices: integers (or bools); an empty list (float64 here, as in NumPy) puts nothing
  if (ind.layout.size > 0) checkCasting(ind.storage.dtype, "int64", "safe");
  const size = a.layout.size, idx = hostInts(ind), n = idx.length;
  if (n === 0) return;
  const vals = flat(operandOf(v, a.storage.dtype));
  if (vals.layout.size === 0) return;
  if (mode !== "raise" && size === 0) throw new RangeError("cannot replace elements of an empty array");
  const offsets = new BigInt64Array(n), shape = a.layout.shape, strides = a.layout.strides;
  for (let e = 0; e < n; e++) {
    let i = idx[e];
    const s = BigInt(size);
    if (mode === "wrap") i = fmod(i, s);
    else if (mode === "clip") i = i < 0n ? 0n : i >= s ? s - 1n : i;
    else if (i < -s || i >= s) throw new RangeError(`index ${i} is out of bounds for axis 0 with size ${size}`);
    else if (i < 0n) i += s;
    let rest = Number(i), off = 0;
    for (let d = shape.length - 1; d >= 0; d--) {
      off += (rest % shape[d]) * strides[d];
      rest = Math.floor(rest / shape[d]);
    }
    offsets[e] = BigInt(off);
  }
  const m = vals.layout.size;
  scatterAt(a, offsets, m === n ? vals : getAt(vals, ints(Array.from({ length: n }, (_, e) => e % m), [n])), 1);
  a.storage.version++;
}

// ---------- sets ----------

/** Whether each element of `x` is among `test`'s (NaN never is), on the host. */
function isin(x: Operand, test: Operand, invert: boolean): Operand {
  const dt = promoteTypes(x.storage.dtype, test.storage.dtype);
  const read = (o: Operand) => contiguous(onHost(castTo(o, dt))).storage.data as ArrayLike<number | bigint>;
  const values = new Set<number | bigint>(Array.from(read(test)));
  values.delete(NaN);
  const xs = read(x), out = empty(x.layout.shape, "bool");
  const data = out.storage.data as Uint8Array;
  for (let i = 0; i < xs.length; i++) data[i] = values.has(xs[i]) !== invert ? 1 : 0;
  return toDevice(out, x.storage.device);
}

/** x[index] of a 1-d x (an int64 index or a bool mask). */
const getAt = (x: Operand, index: Operand): Operand => getIndex(x, [index]);

/** Sorted unique values of x flattened (NaNs merged, as NumPy's unique), with first indices when asked. */
const uniq = (x: Operand, index = false): Operand[] => uniqueOp(x, false, false, index, true);

/** The 1-d x's neighbours: x[1:] and x[:-1]. */
function pairs(x: Operand): [Operand, Operand] {
  const n = Math.max(x.layout.size - 1, 0), o = x.layout.offset, s = x.layout.strides[0] ?? 1;
  return [view(x, new View([n], [s], o + (n > 0 ? s : 0))), view(x, new View([n], [s], o))];
}

/** np.intersect1d (NumPy's algorithm: the sorted join of both sides' unique values, runs of two). */
function intersect1d(ar1: Operand, ar2: Operand, assumeUnique: boolean, returnIndices: boolean): Operand | Operand[] {
  let a = flat(ar1), b = flat(ar2), ind1: Operand | null = null, ind2: Operand | null = null;
  if (!assumeUnique) [[a, ind1], [b, ind2]] = [uniq(a, returnIndices), uniq(b, returnIndices)];
  const aux = concatenate([a, b], 0);
  const order = argsort(aux, 0), s = getAt(aux, order);
  const [hi, lo] = pairs(s), mask = U.equal(hi, lo);
  const int1d = getAt(lo, mask);
  if (!returnIndices) return int1d;
  const [ohi, olo] = pairs(order);
  let i1 = getAt(olo, mask), i2 = U.subtract(getAt(ohi, mask), a.layout.size);
  if (ind1 && ind2) [i1, i2] = [getAt(ind1, i1), getAt(ind2, i2)];
  return [int1d, i1, i2];
}

/** np.setxor1d: the sorted values in exactly one of the inputs. */
function setxor1d(ar1: Operand, ar2: Operand, assumeUnique: boolean): Operand {
  const [a, b] = assumeUnique ? [flat(ar1), flat(ar2)] : [uniq(ar1)[0], uniq(ar2)[0]];
  const aux = concatenate([a, b], 0), n = aux.layout.size;
  if (n === 0) return aux;
  const s = getAt(aux, argsort(aux, 0)), [hi, lo] = pairs(s);
  const t = view(scalarOperand(true, "bool"), new View([1])), differ = U.notEqual(hi, lo);
  const flag = concatenate([t, differ, t], 0), [fhi, flo] = pairs(flag);
  return getAt(s, U.logicalAnd(fhi, flo));
}

/** The declarations (np and torch faces). */
export const INDEX_EXTRA = {
  unfold: defineOp({
    name: "unfold",
    doc: "Windows of `size` every `step` along a dim, as a new last dim (a view).",
    torch: {
      names: [],
      methods: ["unfold"],
      overloads: [{
        sig: { pos: [INPUT, req("dimension", "int"), req("size", "int"), req("step", "int")], kw: [] },
        impl: (a: Args) => unfold(a.input, a.dimension, a.size, a.step),
      }],
    },
  }),
  asStrided: defineOp({
    name: "asStrided",
    doc: "A view of the input's storage with the given sizes, strides and storage offset.",
    torch: {
      names: ["asStrided"],
      methods: ["asStrided"],
      overloads: [{
        sig: {
          pos: [INPUT, req("size", "ints"), req("stride", "ints"), opt("storageOffset", "int", null)],
          kw: [],
        },
        impl: (a: Args) => asStrided(a.input, list(a.size), list(a.stride), a.storageOffset),
      }],
    },
  }),
  rot90: defineOp({
    name: "rot90",
    doc: "Rotates by k quarter turns in the plane of two axes, from the first towards the second.",
    np: {
      names: ["rot90"],
      overloads: [{
        sig: { pos: [req("m", "array"), opt("k", "int", 1), opt("axes", "ints", [0, 1])], kw: [] },
        impl: (a: Args) => rot90Np(a.m, a.k, list(a.axes)),
      }],
    },
    torch: {
      names: ["rot90"],
      methods: ["rot90"],
      overloads: [{
        sig: { pos: [INPUT, opt("k", "int", 1), opt("dims", "ints", [0, 1])], kw: [] },
        composite: true,
        impl: (a: Args) => rot90Torch(a.input, a.k, list(a.dims)),
      }],
    },
  }),
  columnStack: defineOp({
    name: "columnStack",
    doc: "Stacks 1-d arrays as columns (0-d as 1x1) with 2-d ones, along axis 1.",
    np: {
      names: ["columnStack"],
      overloads: [{ sig: { pos: [req("tup", "arrays")], kw: [] }, impl: (a: Args) => columnStack(a.tup) }],
    },
    torch: {
      names: ["columnStack"],
      overloads: [{
        sig: { pos: [req("tensors", "arrays")], kw: [opt("out", "out", null)] },
        composite: true,
        outDtype: catCast,
        impl: (a: Args) => {
          if (a.tensors.length === 0) throw new RuntimeError("column_stack expects a non-empty TensorList");
          return F.cat((a.tensors as T[]).map((t) => (t.ndim <= 1 ? t.reshape([t.numel(), 1]) : t)), 1);
        },
      }],
    },
  }),
  blockDiag: defineOp({
    name: "blockDiag",
    doc: "A block diagonal matrix of the tensors (0-d as 1x1, 1-d as a row).",
    torch: {
      names: ["blockDiag"],
      overloads: [{
        sig: { pos: [req("tensors", "arrays", { varargs: true })], kw: [] },
        composite: true,
        impl: (a: Args) => blockDiag(a.tensors),
      }],
    },
  }),
  diagflat: defineOp({
    name: "diagflat",
    doc: "A 2-d array with the flattened input on the k-th diagonal.",
    np: {
      names: ["diagflat"],
      overloads: [{
        sig: { pos: [req("v", "array"), opt("k", "int", 0)], kw: [] },
        impl: (a: Args) => diagOp(flat(a.v), a.k),
      }],
    },
    torch: {
      names: ["diagflat"],
      methods: ["diagflat"],
      overloads: [{
        sig: { pos: [INPUT, opt("offset", "int", 0)], kw: [] },
        composite: true,
        impl: (a: Args) => (a.input as T).reshape([-1]).diag(a.offset),
      }],
    },
  }),
  cartesianProd: defineOp({
    name: "cartesianProd",
    doc: "Every combination of the 1-d tensors' elements, one per row.",
    torch: {
      names: ["cartesianProd"],
      overloads: [{
        sig: { pos: [req("tensors", "arrays", { varargs: true })], kw: [] },
        composite: true,
        impl: (a: Args) => cartesianProd(a.tensors),
      }],
    },
  }),
  trilIndices: triIndicesDecl("trilIndices", true),
  triuIndices: triIndicesDecl("triuIndices", false),
  unravelIndex: defineOp({
    name: "unravelIndex",
    doc: "The coordinates of flat indices in an array of a shape.",
    np: {
      names: ["unravelIndex"],
      overloads: [{
        sig: {
          pos: [req("indices", "array"), req("shape", "ints"), opt("order", "string", "C", { choices: ["C", "F"] })],
          kw: [],
        },
        returns: "arrays",
        impl: (a: Args) => unravel(a.indices, list(a.shape), a.order, false),
      }],
    },
    torch: {
      names: ["unravelIndex"],
      overloads: [{
        sig: { pos: [req("indices", "array"), req("shape", "ints")], kw: [] },
        returns: "arrays",
        impl: (a: Args) => unravel(a.indices, list(a.shape), "C", true),
      }],
    },
  }),
  ravelMultiIndex: defineOp({
    name: "ravelMultiIndex",
    doc: "Flat indices of coordinate arrays in an array of a shape (mode raise, wrap or clip, per dim or for all).",
    np: {
      names: ["ravelMultiIndex"],
      overloads: [{
        sig: {
          pos: [
            req("multiIndex", "arrays"),
            req("dims", "ints"),
            opt("mode", "any", "raise"),
            opt("order", "string", "C", { choices: ["C", "F"] }),
          ],
          kw: [],
        },
        impl: (a: Args) => ravelMultiIndex(a.multiIndex, list(a.dims), a.mode, a.order),
      }],
    },
  }),
  takeAlongDim: defineOp({
    name: "takeAlongDim",
    doc: "Values at indices along a dim, the other dims broadcast (flattened when dim is null).",
    torch: {
      names: ["takeAlongDim"],
      methods: ["takeAlongDim"],
      overloads: [{
        sig: { pos: [INPUT, req("indices", "array"), opt("dim", "int", null)], kw: [opt("out", "out", null)] },
        composite: true,
        outDtype: torchExactOut,
        impl: (a: Args) => takeAlongDim(a.input, a.indices, a.dim),
      }],
    },
  }),
  put: defineOp({
    name: "put",
    doc: "a.flat[ind] = v in place (v repeated as needed; indices raise, wrap or clip).",
    np: {
      names: ["put"],
      methods: ["put"],
      overloads: [{
        sig: {
          pos: [
            req("a", "out"),
            req("ind", "array"),
            req("v", "arrayOrScalar"),
            opt("mode", "string", "raise", { choices: ["raise", "wrap", "clip"] }),
          ],
          kw: [],
        },
        returns: "void",
        impl: (a: Args) => put(a.a, a.ind, a.v, a.mode),
      }],
    },
  }),
  flatnonzero: defineOp({
    name: "flatnonzero",
    doc: "Indices of the non-zero elements of the flattened array.",
    np: {
      names: ["flatnonzero"],
      overloads: [{
        sig: { pos: [req("a", "array")], kw: [] },
        impl: (a: Args) => contiguous(nonzeroCoords(flat(a.a))[0], true),
      }],
    },
  }),
  isin: defineOp({
    name: "isin",
    doc: "Whether each element is among the test elements (NaN never is); invert gives the opposite.",
    np: {
      names: ["isin"],
      overloads: [{
        sig: {
          pos: [
            req("element", "array"),
            req("testElements", "array"),
            opt("assumeUnique", "bool", false),
            opt("invert", "bool", false),
          ],
          kw: [opt("kind", "string", null, { choices: ["sort", "table"] })],
        },
        impl: (a: Args) => {
          // the method only changes the speed, except that a lookup table needs integers
          const notInt = (x: Operand) => isFloat(x.storage.dtype);
          if (a.kind === "table" && (notInt(a.element) || notInt(a.testElements))) {
            throw new RangeError(
              "The 'table' method is only supported for boolean or integer arrays. Please select 'sort' or None for kind.",
            );
          }
          return isin(a.element, a.testElements, a.invert);
        },
      }],
    },
    torch: {
      names: ["isin"],
      overloads: [{
        sig: {
          pos: [req("elements", "arrayOrScalar"), req("testElements", "arrayOrScalar")],
          kw: [opt("assumeUnique", "bool", false), opt("invert", "bool", false), opt("out", "out", null)],
        },
        outDtype: torchExactOut,
        impl: (a: Args, ctx: Ctx) => {
          if (isScalar(a.elements) && isScalar(a.testElements)) {
            throw new TypeError("isin(): at least one of elements and testElements must be a tensor");
          }
          const isBool = (v: Operand | Scalar) => (isScalar(v) ? typeof v === "boolean" : v.storage.dtype === "bool");
          if (isBool(a.elements) || isBool(a.testElements)) {
            throw new RuntimeError("Unsupported input type encountered for isin(): Bool");
          }
          const dt = promote(ctx, a.elements, a.testElements);
          // a number wraps into an integer dtype, as in torch's arithmetic
          const arg = (v: Operand | Scalar) => operandOf(isScalar(v) ? torchWrap(v, dt) : v, dt);
          return isin(arg(a.elements), arg(a.testElements), a.invert);
        },
      }],
    },
  }),
  union1d: defineOp({
    name: "union1d",
    doc: "The sorted unique values in either input.",
    np: {
      names: ["union1d"],
      overloads: [{
        sig: { pos: [req("ar1", "array"), req("ar2", "array")], kw: [] },
        impl: (a: Args) => uniq(concatenate([flat(a.ar1), flat(a.ar2)], 0))[0],
      }],
    },
  }),
  intersect1d: defineOp({
    name: "intersect1d",
    doc: "The sorted values in both inputs (with their first indices in each when asked).",
    np: {
      names: ["intersect1d"],
      overloads: [{
        sig: {
          pos: [
            req("ar1", "array"),
            req("ar2", "array"),
            opt("assumeUnique", "bool", false),
            opt("returnIndices", "bool", false),
          ],
          kw: [],
        },
        returns: "any",
        impl: (a: Args) => intersect1d(a.ar1, a.ar2, a.assumeUnique, a.returnIndices),
      }],
    },
  }),
  setdiff1d: defineOp({
    name: "setdiff1d",
    doc: "The sorted unique values of ar1 not in ar2 (ar1 as given, raveled, when assumeUnique).",
    np: {
      names: ["setdiff1d"],
      overloads: [{
        sig: { pos: [req("ar1", "array"), req("ar2", "array"), opt("assumeUnique", "bool", false)], kw: [] },
        impl: (a: Args) => {
          const x = a.assumeUnique ? flat(a.ar1) : uniq(a.ar1)[0];
          return getAt(x, isin(x, a.ar2, true));
        },
      }],
    },
  }),
  setxor1d: defineOp({
    name: "setxor1d",
    doc: "The sorted unique values in exactly one of the inputs.",
    np: {
      names: ["setxor1d"],
      overloads: [{
        sig: { pos: [req("ar1", "array"), req("ar2", "array"), opt("assumeUnique", "bool", false)], kw: [] },
        impl: (a: Args) => setxor1d(a.ar1, a.ar2, a.assumeUnique),
      }],
    },
  }),
};

function triIndicesDecl<const N extends "trilIndices" | "triuIndices">(name: N, lower: boolean) {
  const part = lower ? "lower" : "upper";
  return defineOp({
    name,
    doc: `Row and column indices of the ${part} triangle from the k-th diagonal, row by row.`,
    np: {
      names: [name],
      overloads: [{
        sig: { pos: [req("n", "int"), opt("k", "int", 0), opt("m", "int", null)], kw: [] },
        returns: "arrays",
        impl: (a: Args) => triIndices(a.n, a.m ?? a.n, a.k, lower).map((v) => ints(v, [v.length])),
      }],
    },
    torch: {
      names: [name],
      overloads: [{
        sig: {
          pos: [req("row", "int"), req("col", "int"), opt("offset", "int", 0)],
          kw: [opt("dtype", "dtype", null), opt("device", "device", null)],
        },
        impl: (a: Args) => torchTriIndices(a, lower),
      }],
    },
  });
}
