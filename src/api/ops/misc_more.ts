/**
 * Small API gaps a NumPy/PyTorch user meets early: np's ix_, the
 * *IndicesFrom helpers, packbits / unpackbits, rollaxis and the array-API
 * names (matrixTranspose, permuteDims, unstack, vecdot, matvec, vecmat),
 * spacing, the ndarray methods NumPy has that are no np function's face
 * (compress, the in-place partition, tobytes, byteswap, view); torch's
 * narrowCopy, emptyStrided, isNonzero, sumToSize and the metadata methods
 * (isSameSize, isSigned, isComplex, getDevice).
 *
 * Most are written over existing declarations' implementations (so their
 * checks and dtype rules are those ops'); packbits, unpackbits and byteswap
 * loop over host bytes (a copy to the host and back for device arrays).
 */
import { type DType, DTYPES, isFloat } from "../../core/dtype.ts";
import { RuntimeError } from "../../core/errors.ts";
import { normalizeAxis } from "../../core/shape.ts";
import { sameShape, View } from "../../core/view.ts";
import { where as whereOp } from "../../ops/elementwise.ts";
import { matmul } from "../../ops/linear.ts";
import { castTo, contiguous, copyInto, onHost, toDevice, zeros } from "../../ops/operand.ts";
import * as U from "../../ops/ufuncs.ts";
import { type Args, type Ctx, defineOp } from "../define.ts";
import { opt, type Param, req } from "../signature.ts";
import { deviceKey, parseDevice } from "./device.ts";
import { nonzeroTuple } from "./elementwise.ts";
import { list, npUfuncOut, type Operand, torchSameOut, view } from "./common.ts";
import { INDEX_EXTRA } from "./index_extra.ts";
import { MANIP_EXTRA } from "./manip_extra.ts";
import { npFloatLoop, npNoLoop } from "./math_extra.ts";
import { intoOut } from "./reduce.ts";
import { SHAPE } from "./shape.ts";
import { viewAsDtype } from "./view_dtype.ts";

type Impl = (a: Args, ctx: Ctx) => Operand;
const npTranspose = SHAPE.transpose.np.overloads[0].impl as Impl;
const npMoveaxis = SHAPE.moveaxis.np.overloads[0].impl as Impl;
const npTriIndices = (lower: boolean) =>
  (lower ? INDEX_EXTRA.trilIndices : INDEX_EXTRA.triuIndices).np.overloads[0].impl as (a: Args) => Operand[];
const npDiagIndices = MANIP_EXTRA.diagIndices.np.overloads[0].impl as (a: Args) => Operand[];
const npCompress = MANIP_EXTRA.compress.np.overloads[0].impl as Impl;
const npPartition = MANIP_EXTRA.partition.np.overloads[0].impl as Impl;

const X = req("x", "array");
const OUT = opt("out", "out", null);
const INPUT = req("input", "array");

/** The Tensor methods the torch composites use (api cannot import torch's class). */
interface T extends Operand {
  readonly shape: readonly number[];
  readonly ndim: number;
  narrow(dim: number, start: number, length: number): T;
  clone(): T;
  sum(dim: number[], keepdim: boolean): T;
  transpose(a: number, b: number): T;
}

// ---------------------------------------------------------------- np

/** np.ix_: each 1-d sequence (a bool one as its nonzero indices) shaped to broadcast along its own axis. */
function ix(args: Operand[]): Operand[] {
  const n = args.length;
  return args.map((a, k) => {
    if (a.layout.ndim !== 1) throw new RangeError("Cross index must be 1 dimensional");
    const x = a.storage.dtype === "bool" ? nonzeroTuple(a)[0] : a;
    return view(x, x.layout.reshape("ix_", Array.from({ length: n }, (_, i) => (i === k ? -1 : 1)))!);
  });
}
const NP: Ctx = { fe: "np", defaultFloat: "float64" };

/** np.tril_indices_from / triu_indices_from: the indices of a 2-d array's triangle. */
function triIndicesFrom(arr: Operand, k: number, lower: boolean): Operand[] {
  if (arr.layout.ndim !== 2) throw new RangeError("input array must be 2-d");
  const [n, m] = arr.layout.shape;
  return npTriIndices(lower)({ n, k, m });
}

/** np.diag_indices_from: the main diagonal's indices of an n x ... x n array. */
function diagIndicesFrom(arr: Operand): Operand[] {
  const s = arr.layout.shape;
  if (s.length < 2) throw new RangeError("input array must be at least 2-d");
  if (s.some((d) => d !== s[0])) throw new RangeError("All dimensions of input must be of equal length");
  return npDiagIndices({ n: s[0], ndim: s.length });
}

/** `x` with `axis` (null: the flattened array) moved last, contiguous on the host; and how to put the axis back. */
function alongLast(op: string, x: Operand, axis: number | null): [Operand, (r: Operand) => Operand] {
  const device = x.storage.device;
  if (axis === null) {
    const flat = contiguous(onHost(x));
    return [view(flat, new View([flat.layout.size], [1], flat.layout.offset)), (r) => toDevice(r, device)];
  }
  const nd = x.layout.ndim, d = normalizeAxis(op, axis, nd);
  const moved = contiguous(onHost(npMoveaxis({ a: x, source: d, destination: -1 }, NP)));
  return [moved, (r) => toDevice(npMoveaxis({ a: r, source: -1, destination: d }, NP), device)];
}

/** Rows of a contiguous operand along its last axis: count, length and element reader. */
function rows(x: Operand): { count: number; n: number; at: (i: number) => number } {
  const n = x.layout.ndim === 0 ? 1 : x.layout.shape[x.layout.ndim - 1];
  const data = x.storage.data, off = x.layout.offset;
  return { count: n === 0 ? 0 : x.layout.size / n, n, at: (i) => Number(data[off + i]) };
}

/** A new uint8 operand of `shape` filled by `fill` on its host bytes. */
function hostBytes(shape: number[], fill: (out: Uint8Array) => void): Operand {
  const r = zeros(shape, "uint8");
  fill(r.storage.data as Uint8Array);
  return r;
}

function checkBitorder(bitorder: string): boolean {
  if (bitorder !== "big" && bitorder !== "little") throw new RangeError("'order' must be either 'little' or 'big'");
  return bitorder === "little";
}

/** np.packbits: the truth of each element as one bit, eight to a uint8 along axis (zero-padded at the end). */
function packbits(a: Operand, axis: number | null, bitorder: string): Operand {
  if (isFloat(a.storage.dtype)) throw new TypeError("Expected an input array of integer or boolean data type");
  const little = checkBitorder(bitorder);
  const [x, back] = alongLast("packbits", a, axis);
  const { count, n, at } = rows(x), m = Math.ceil(n / 8);
  const shape = [...x.layout.shape.slice(0, -1), m];
  return back(hostBytes(shape, (out) => {
    for (let r = 0; r < count; r++) {
      for (let i = 0; i < n; i++) {
        if (at(r * n + i) !== 0) out[r * m + (i >> 3)] |= little ? 1 << (i & 7) : 0x80 >> (i & 7);
      }
    }
  }));
}

/** np.unpackbits: each uint8 as eight 0/1 uint8s along axis, the first `count` bits kept (or -count dropped). */
function unpackbits(a: Operand, axis: number | null, count: number | null, bitorder: string): Operand {
  if (a.storage.dtype !== "uint8") throw new TypeError("Expected an input array of unsigned byte data type");
  const little = checkBitorder(bitorder);
  const [x, back] = alongLast("unpackbits", a, axis);
  const { count: nrows, n, at } = rows(x), bits = n * 8;
  let m = bits;
  if (count !== null) {
    if (count < 0 && -count > bits) throw new RangeError("-count larger than number of elements");
    m = count < 0 ? bits + count : count;
  }
  const shape = [...x.layout.shape.slice(0, -1), m];
  return back(hostBytes(shape, (out) => {
    for (let r = 0; r < nrows; r++) {
      for (let i = 0; i < Math.min(m, bits); i++) {
        const byte = at(r * n + (i >> 3));
        out[r * m + i] = (byte >> (little ? i & 7 : 7 - (i & 7))) & 1;
      }
    }
  }));
}

/** np.rollaxis: axis moved to before `start` (NumPy's legacy rule: start counts positions before the move). */
function rollaxis(a: Operand, axis: number, start: number): Operand {
  const n = a.layout.ndim, ax = normalizeAxis("rollaxis", axis, n);
  let s = start < 0 ? start + n : start;
  if (!(s >= 0 && s < n + 1)) {
    throw new RangeError(`'start' arg requires ${-n} <= start < ${n + 1}, but ${start} was passed in`);
  }
  if (ax < s) s--;
  if (ax === s) return view(a, a.layout);
  const axes = [...Array(n).keys()].filter((i) => i !== ax);
  axes.splice(s, 0, ax);
  return view(a, a.layout.permute("rollaxis", axes));
}

/** A gufunc's check that an operand has its core dims (NumPy's message). */
function coreDims(op: string, sig: string, x: Operand, i: number, need: number): void {
  if (x.layout.ndim < need) {
    throw new RangeError(
      `${op}: Input operand ${i} does not have enough dimensions (has ${x.layout.ndim}, gufunc core with signature ` +
        `${sig} requires ${need})`,
    );
  }
}

/** A gufunc's check that two core dims agree. */
function coreMatch(op: string, sig: string, n: number, m: number): void {
  if (n !== m) {
    throw new RangeError(
      `${op}: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature ${sig} ` +
        `(size ${m} is different from ${n})`,
    );
  }
}

const last = (x: Operand): number => x.layout.shape[x.layout.ndim - 1];
const unsq = (x: Operand, d: number): Operand => view(x, x.layout.unsqueeze(d < 0 ? x.layout.ndim + d + 1 : d));
const sel = (x: Operand, d: number): Operand => view(x, x.layout.select(x.layout.ndim + d, 0));

/** np.vecdot / matvec / vecmat as matmuls of the operands with a unit dim added, then dropped. */
function vecProduct(op: "vecdot" | "matvec" | "vecmat", a: Args): Operand {
  const sig = { vecdot: "(n),(n)->()", matvec: "(m,n),(n)->(m)", vecmat: "(n),(n,m)->(m)" }[op];
  let x1: Operand = a.x1, x2: Operand = a.x2;
  if (a.dtype) [x1, x2] = [castTo(x1, a.dtype), castTo(x2, a.dtype)];
  coreDims(op, sig, x1, 0, op === "matvec" ? 2 : 1);
  coreDims(op, sig, x2, 1, op === "vecmat" ? 2 : 1);
  let r: Operand;
  if (op === "vecdot") {
    const d = a.axis;
    [x1, x2] = [x1, x2].map((x) => npMoveaxis({ a: x, source: d, destination: -1 }, NP));
    coreMatch(op, sig, last(x1), last(x2));
    r = sel(sel(matmul(unsq(x1, -2), unsq(x2, -1)), -1), -1);
  } else if (op === "matvec") {
    coreMatch(op, sig, last(x1), last(x2));
    r = sel(matmul(x1, unsq(x2, -1)), -1);
  } else {
    coreMatch(op, sig, last(x1), x2.layout.shape[x2.layout.ndim - 2]);
    r = sel(matmul(unsq(x1, -2), x2), -2);
  }
  return intoOut(r, a.out, op, npUfuncOut(op));
}

/** A vecdot / matvec / vecmat declaration (`kw`: its keyword-only parameters). */
function vecDecl<const N extends "vecdot" | "matvec" | "vecmat", const K extends readonly Param[]>(
  name: N,
  doc: string,
  kw: K,
) {
  return defineOp({
    name,
    doc,
    np: {
      names: [name],
      overloads: [{
        sig: { pos: [req("x1", "array"), req("x2", "array"), OUT], kw },
        impl: (a: Args) => vecProduct(name, { axis: -1, ...a }),
      }],
    },
  });
}

/** np.spacing: the distance to the next float away from zero (negative for negative x), in x's float loop. */
function spacing(a: Args): Operand {
  if (a.dtype && !isFloat(a.dtype)) throw npNoLoop("spacing");
  const x = castTo(a.x, a.dtype ?? npFloatLoop(a.x.storage.dtype)), ax = U.abs(x);
  const step = U.subtract(U.nextafter(ax, Infinity), ax);
  // -0 is not negative here: np.spacing(-0.0) is the smallest positive subnormal
  return intoOut(whereOp(U.less(x, 0), U.negative(step), step), a.out, "spacing", npUfuncOut("spacing"));
}

/** `x`'s bytes in C (or Fortran) order, as a fresh Uint8Array. */
function tobytes(x: Operand, order: string): Uint8Array {
  const fortran = order === "F" || (order === "A" && x.layout.isFContiguous && !x.layout.isContiguous);
  const c = contiguous(onHost(fortran ? npTranspose({ a: x, axes: null }, NP) : x), true);
  const isz = DTYPES[c.storage.dtype].itemsize, b = c.storage.bytes;
  return b.slice(c.layout.offset * isz, (c.layout.offset + c.layout.size) * isz);
}

/** A copy of `x` with each element's bytes reversed (in place into `x` when `inplace`). */
function byteswap(x: Operand, inplace: boolean): Operand {
  const isz = DTYPES[x.storage.dtype].itemsize;
  const c = contiguous(onHost(x), true), b = c.storage.bytes;
  for (let i = c.layout.offset * isz; i < (c.layout.offset + c.layout.size) * isz; i += isz) {
    b.subarray(i, i + isz).reverse();
  }
  const r = toDevice(c, x.storage.device);
  if (!inplace) return r;
  copyInto(r, x);
  return x;
}

// ---------------------------------------------------------------- torch

/** torch.empty_strided: a tensor with the given sizes and strides over the smallest storage they need (zeros). */
function emptyStrided(a: Args, ctx: Ctx, like?: Operand): Operand {
  const size = list(a.size), stride = list(a.stride);
  if (size.length !== stride.length) {
    throw new RuntimeError(
      `dimensionality of sizes (${size.length}) must match dimensionality of strides (${stride.length})`,
    );
  }
  if (size.some((n) => n < 0)) {
    throw new RuntimeError(`Trying to create tensor with negative dimension ${size.find((n) => n < 0)}: [${size}]`);
  }
  if (stride.some((s) => s < 0)) throw new RuntimeError("as_strided: Negative strides are not supported at the moment");
  const n = size.some((d) => d === 0) ? 0 : 1 + size.reduce((s, d, i) => s + (d - 1) * stride[i], 0);
  const dtype: DType = a.dtype ?? like?.storage.dtype ?? ctx.defaultFloat;
  const base = zeros([n], dtype, a.device === null ? like?.storage.device ?? "cpu" : deviceKey(a.device));
  return { storage: base.storage, layout: new View(size, stride, 0) };
}

/** Tensor.is_nonzero: the truth of a one-element tensor (PyTorch's errors for none or several). */
function isNonzero(x: Operand): boolean {
  const n = x.layout.size;
  if (n === 0) throw new RuntimeError("Boolean value of Tensor with no values is ambiguous");
  if (n > 1) throw new RuntimeError("Boolean value of Tensor with more than one value is ambiguous");
  return Number(onHost(contiguous(x, true)).storage.data[0]) !== 0;
}

/** Tensor.sum_to_size: sums the dims `size` has as 1 (and the leading extra ones) down to `size`. */
function sumToSize(x: T, size: number[]): T {
  const s = x.shape, lead = s.length - size.length;
  const expandable = lead >= 0 && size.every((n, i) => n === s[lead + i] || n === 1);
  if (!expandable) throw new RuntimeError(`size {[${size.join(", ")}]} is not expandable to size {[${s.join(", ")}]}.`);
  const dims = s.map((_, i) => i).filter((i) => i < lead || (size[i - lead] === 1 && s[i] !== 1));
  const summed = dims.length ? x.sum(dims, true) : x;
  return lead > 0 ? (summed as unknown as { reshape(s: number[]): T }).reshape(size) : summed;
}

/** A torch metadata method returning a bool (its parameters after the receiver: `pos`). */
function boolMethod<const N extends string, const P extends readonly Param[]>(
  name: N,
  doc: string,
  pos: P,
  read: (a: Args) => boolean,
) {
  return defineOp({
    name,
    doc,
    torch: {
      names: [],
      methods: [name],
      overloads: [{ sig: { pos: [INPUT, ...pos], kw: [] }, returns: "bool", impl: read }],
    },
  });
}

/** The declarations. */
export const MISC_MORE = {
  ix_: defineOp({
    name: "ix_",
    doc: "An open mesh from 1-d sequences: each reshaped to broadcast along its own axis (bools as their indices).",
    np: {
      names: ["ix_"],
      overloads: [{
        sig: { pos: [req("args", "arrays", { varargs: true })], kw: [] },
        returns: "arrays",
        impl: (a: Args) => ix(a.args),
      }],
    },
  }),
  trilIndicesFrom: triFromDecl("trilIndicesFrom", true),
  triuIndicesFrom: triFromDecl("triuIndicesFrom", false),
  diagIndicesFrom: defineOp({
    name: "diagIndicesFrom",
    doc: "The indices of the main diagonal of an n x ... x n array.",
    np: {
      names: ["diagIndicesFrom"],
      overloads: [{
        sig: { pos: [req("arr", "array")], kw: [] },
        returns: "arrays",
        impl: (a: Args) => diagIndicesFrom(a.arr),
      }],
    },
  }),
  packbits: defineOp({
    name: "packbits",
    doc: "Packs the truth of the elements into the bits of uint8s along an axis (the flattened array when null).",
    np: {
      names: ["packbits"],
      overloads: [{
        sig: {
          pos: [req("a", "array"), opt("axis", "int", null), opt("bitorder", "string", "big")],
          kw: [],
        },
        impl: (a: Args) => packbits(a.a, a.axis, a.bitorder),
      }],
    },
  }),
  unpackbits: defineOp({
    name: "unpackbits",
    doc: "Unpacks the bits of uint8s into 0/1 uint8s along an axis (the flattened array when null).",
    np: {
      names: ["unpackbits"],
      overloads: [{
        sig: {
          pos: [
            req("a", "array"),
            opt("axis", "int", null),
            opt("count", "int", null),
            opt("bitorder", "string", "big"),
          ],
          kw: [],
        },
        impl: (a: Args) => unpackbits(a.a, a.axis, a.count, a.bitorder),
      }],
    },
  }),
  rollaxis: defineOp({
    name: "rollaxis",
    doc: "Rolls an axis backwards until it lies before `start` (a view; moveaxis is the modern form).",
    np: {
      names: ["rollaxis"],
      overloads: [{
        sig: { pos: [req("a", "array"), req("axis", "int"), opt("start", "int", 0)], kw: [] },
        impl: (a: Args) => rollaxis(a.a, a.axis, a.start),
      }],
    },
  }),
  matrixTranspose: defineOp({
    name: "matrixTranspose",
    doc: "Swaps the last two axes (a view of each matrix's transpose).",
    np: {
      names: ["matrixTranspose"],
      overloads: [{
        sig: { pos: [X], kw: [] },
        impl: (a: Args) => {
          const x: Operand = a.x;
          if (x.layout.ndim < 2) throw new RangeError("Input array must be at least 2-dimensional");
          return view(x, x.layout.swap("matrix_transpose", -2, -1));
        },
      }],
    },
  }),
  permuteDims: defineOp({
    name: "permuteDims",
    doc: "Permutes the axes (reversed when axes is null): the array API's name of transpose.",
    np: {
      names: ["permuteDims"],
      overloads: [{
        sig: { pos: [req("a", "array"), opt("axes", "ints", null)], kw: [] },
        impl: (a: Args, ctx: Ctx) => npTranspose(a, ctx),
      }],
    },
  }),
  unstack: defineOp({
    name: "unstack",
    doc: "Views of each index along an axis, the axis removed (the inverse of stack).",
    np: {
      names: ["unstack"],
      overloads: [{
        sig: { pos: [X], kw: [opt("axis", "int", 0)] },
        returns: "arrays",
        impl: (a: Args) => {
          const x: Operand = a.x;
          if (x.layout.ndim === 0) throw new RangeError("Input array must be at least 1-d.");
          const d = normalizeAxis("unstack", a.axis, x.layout.ndim);
          return Array.from({ length: x.layout.shape[d] }, (_, i) => view(x, x.layout.select(d, i)));
        },
      }],
    },
  }),
  vecdot: vecDecl("vecdot", "The dot products of vectors along an axis, broadcast over the others.", [
    opt("dtype", "dtype", null),
    opt("axis", "int", -1),
  ]),
  matvec: vecDecl("matvec", "Matrix-vector products, broadcast over the leading dims.", [opt("dtype", "dtype", null)]),
  vecmat: vecDecl("vecmat", "Vector-matrix products, broadcast over the leading dims.", [opt("dtype", "dtype", null)]),
  spacing: defineOp({
    name: "spacing",
    doc: "The distance between each element and the next float farther from zero (signed like the element).",
    np: {
      names: ["spacing"],
      overloads: [{ sig: { pos: [X, OUT], kw: [opt("dtype", "dtype", null)] }, impl: spacing }],
    },
  }),
  // ndarray methods whose receiver or behaviour differs from the np function
  compressMethod: defineOp({
    name: "compressMethod",
    doc: "The slices along an axis (the flattened array when null) where a 1-d condition holds.",
    np: {
      names: [],
      methods: ["compress"],
      overloads: [{
        sig: { pos: [req("a", "array"), req("condition", "array"), opt("axis", "int", null), OUT], kw: [] },
        impl: (a: Args, ctx: Ctx) => intoOut(npCompress(a, ctx), a.out, "compress"),
      }],
    },
  }),
  partitionInPlace: defineOp({
    name: "partitionInPlace",
    doc: "Partitions the array in place around the kth elements (ndarray.partition).",
    np: {
      names: [],
      methods: ["partition"],
      overloads: [{
        sig: {
          pos: [
            req("a", "out"),
            req("kth", "ints"),
            opt("axis", "int", -1),
            opt("kind", "string", "introselect", { choices: ["introselect"] }),
          ],
          kw: [],
        },
        returns: "void",
        impl: (a: Args, ctx: Ctx) => copyInto(npPartition(a, ctx), a.a),
      }],
    },
  }),
  tobytes: defineOp({
    name: "tobytes",
    doc: "The array's bytes in C (or Fortran) order, as a Uint8Array.",
    np: {
      names: [],
      methods: ["tobytes"],
      overloads: [{
        sig: { pos: [req("a", "array"), opt("order", "string", "C", { choices: ["C", "F", "A"] })], kw: [] },
        returns: "any",
        impl: (a: Args) => tobytes(a.a, a.order),
      }],
    },
  }),
  byteswap: defineOp({
    name: "byteswap",
    doc: "The elements with their bytes reversed (in place when inplace).",
    np: {
      names: [],
      methods: ["byteswap"],
      overloads: [{
        sig: { pos: [req("a", "out"), opt("inplace", "bool", false)], kw: [] },
        impl: (a: Args) => byteswap(a.a, a.inplace),
      }],
    },
  }),
  viewNp: defineOp({
    name: "viewNp",
    doc: "A new view of the array's memory, its bytes read as another dtype when given.",
    np: {
      names: [],
      methods: ["view"],
      overloads: [{
        sig: { pos: [req("a", "array"), opt("dtype", "dtype", null)], kw: [] },
        impl: (a: Args) => (a.dtype ? viewAsDtype(a.a, a.dtype, "np") : view(a.a, a.a.layout)),
      }],
    },
  }),
  // ---- torch ----
  narrowCopy: defineOp({
    name: "narrowCopy",
    doc: "A copy of `length` elements of one dim from `start` (narrow, then a copy).",
    torch: {
      names: ["narrowCopy"],
      methods: ["narrowCopy"],
      overloads: [{
        sig: { pos: [INPUT, req("dim", "int"), req("start", "int"), req("length", "int")], kw: [OUT] },
        composite: true,
        outDtype: torchSameOut(() =>
          "Expected self.dtype() == output.dtype() to be true, but got false.  (Could this error message be " +
          "improved?  If so, please report an enhancement request to PyTorch.)"
        ),
        impl: (a: Args): T => (a.input as T).narrow(a.dim, a.start, a.length).clone(),
      }],
    },
  }),
  emptyStrided: defineOp({
    name: "emptyStrided",
    doc: "A tensor with the given sizes and strides (uninitialized in PyTorch, zeros here).",
    torch: {
      names: ["emptyStrided"],
      overloads: [{
        sig: {
          pos: [req("size", "ints"), req("stride", "ints")],
          kw: [
            opt("dtype", "dtype", null),
            opt("layout", "any", null),
            opt("device", "device", null),
            opt("requiresGrad", "bool", false),
            opt("pinMemory", "bool", false),
          ],
        },
        impl: (a: Args, ctx: Ctx) => emptyStrided(a, ctx),
      }],
    },
  }),
  newEmptyStrided: defineOp({
    name: "newEmptyStrided",
    doc: "emptyStrided with this tensor's dtype and device (unless given).",
    torch: {
      names: [],
      methods: ["newEmptyStrided"],
      overloads: [{
        sig: {
          pos: [INPUT, req("size", "ints"), req("stride", "ints")],
          kw: [opt("dtype", "dtype", null), opt("device", "device", null), opt("requiresGrad", "bool", false)],
        },
        impl: (a: Args, ctx: Ctx) => emptyStrided(a, ctx, a.input),
      }],
    },
  }),
  isNonzero: defineOp({
    name: "isNonzero",
    doc: "Whether a one-element tensor is nonzero (PyTorch's error for none or several elements).",
    torch: {
      names: ["isNonzero"],
      methods: ["isNonzero"],
      overloads: [{ sig: { pos: [INPUT], kw: [] }, returns: "bool", impl: (a: Args) => isNonzero(a.input) }],
    },
  }),
  sumToSize: defineOp({
    name: "sumToSize",
    doc: "Sums the tensor down to a size it broadcasts from (the reverse of expand).",
    torch: {
      names: [],
      methods: ["sumToSize"],
      overloads: [{
        sig: { pos: [INPUT, req("size", "ints", { varargs: true })], kw: [] },
        composite: true,
        impl: (a: Args): T => sumToSize(a.input, list(a.size)),
      }],
    },
  }),
  adjoint: defineOp({
    name: "adjoint",
    doc: "The conjugate transpose of the last two dims (a transposed view: dtypes here are real).",
    torch: {
      names: ["adjoint"],
      methods: ["adjoint"],
      overloads: [{
        sig: { pos: [INPUT], kw: [] },
        composite: true,
        impl: (a: Args): T => {
          const x: T = a.input;
          if (x.ndim < 2) {
            throw new RuntimeError(
              `tensor.adjoint() is only supported on matrices or batches of matrices. Got ${x.ndim}-D tensor.`,
            );
          }
          return x.transpose(-2, -1);
        },
      }],
    },
  }),
  isSameSize: boolMethod(
    "isSameSize",
    "Whether another tensor has this one's shape.",
    [req("other", "array")],
    (a) => sameShape((a.input as Operand).layout.shape, (a.other as Operand).layout.shape),
  ),
  isSigned: boolMethod(
    "isSigned",
    "Whether the dtype is signed (false for uint8 and bool).",
    [],
    (a) => !["uint8", "bool"].includes((a.input as Operand).storage.dtype),
  ),
  isComplex: boolMethod("isComplex", "Whether the dtype is complex (never here: no complex dtypes).", [], () => false),
  getDevice: defineOp({
    name: "getDevice",
    doc: "The CUDA device's index, -1 for the CPU.",
    torch: {
      names: [],
      methods: ["getDevice"],
      overloads: [{
        sig: { pos: [INPUT], kw: [] },
        returns: "number",
        impl: (a: Args) => {
          const [type, index] = parseDevice((a.input as Operand).storage.device);
          return type === "cpu" ? -1 : index ?? 0;
        },
      }],
    },
  }),
};

/** np.tril_indices_from / triu_indices_from. */
function triFromDecl<const N extends "trilIndicesFrom" | "triuIndicesFrom">(name: N, lower: boolean) {
  return defineOp({
    name,
    doc: `The indices of a 2-d array's ${lower ? "lower" : "upper"} triangle from the k-th diagonal.`,
    np: {
      names: [name],
      overloads: [{
        sig: { pos: [req("arr", "array"), opt("k", "int", 0)], kw: [] },
        returns: "arrays",
        impl: (a: Args) => triIndicesFrom(a.arr, a.k, lower),
      }],
    },
  });
}
