/**
 * Reductions into indexed positions and NaN-aware scans for both
 * front-ends: torch's scatter_reduce (a host loop in PyTorch's CPU order;
 * its derivative is in src/torch/derivatives_linalg_extra.ts), NumPy's
 * vdot, nancumsum, nancumprod, nanargmax and nanargmin. torch's
 * composites of this family are in src/torch/ops/linalg_extra.ts.
 */
import { type DType, isFloat, TORCH_TYPE_NAME } from "../../core/dtype.ts";
import { LinAlgError, RuntimeError } from "../../core/errors.ts";
import { normalizeAxis } from "../../core/shape.ts";
import { View } from "../../core/view.ts";
import { where as whereOp } from "../../ops/elementwise.ts";
import { dot } from "../../ops/linear.ts";
import {
  atLeast1d,
  castTo,
  contiguous,
  empty,
  fromElement,
  onHost,
  type Operand,
  toDevice,
} from "../../ops/operand.ts";
import { sort as sortOp } from "../../ops/sort.ts";
import * as R from "../../ops/reduce.ts";
import * as U from "../../ops/ufuncs.ts";
import { type Args, defineOp } from "../define.ts";
import { opt, req } from "../signature.ts";
import { alongOffsets } from "./index.ts";
import { intoOut } from "./reduce.ts";
import { npAxis0d, view } from "./common.ts";

const REDUCES = ["sum", "prod", "mean", "amax", "amin"];

/** Elements of a host typed array (bigints for int64). */
type Lane = { [i: number]: number | bigint };

/** Combines an element into an accumulator as PyTorch's CPU scatter loops (NaN wins in amax/amin). */
function combiner(reduce: string, dtype: DType): (acc: number & bigint, v: number & bigint) => number | bigint {
  const big = dtype === "int64";
  if (dtype === "bool") return reduce === "prod" || reduce === "amin" ? (p, v) => p && v : (p, v) => p || v;
  switch (reduce) {
    case "sum":
    case "mean":
      return (p, v) => p + v;
    case "prod":
      // int32 products wrap like C's (a double product would round first); int64 wraps when stored
      return big ? (p, v) => p * v : dtype === "int32" ? (p, v) => Math.imul(p, v) : (p, v) => p * v;
    case "amax":
      return (p, v) => (v !== v ? v : p < v ? v : p);
    default:
      return (p, v) => (v !== v ? v : v < p ? v : p);
  }
}

/** Floor division (PyTorch's integer mean). */
function floorDiv(s: number | bigint, n: number): number | bigint {
  if (typeof s === "bigint") {
    const b = BigInt(n), q = s / b;
    return s % b !== 0n && s < 0n ? q - 1n : q;
  }
  return Math.floor(s / n);
}

/** The part of src the index covers, checked as PyTorch's scatter checks it. */
function srcSlice(x: Operand, d: number, index: Operand, src: Operand): Operand {
  if (src.storage.dtype !== x.storage.dtype) {
    throw new RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype");
  }
  if (src.layout.ndim !== index.layout.ndim && !(src.layout.ndim <= 1 && index.layout.ndim <= 1)) {
    throw new RuntimeError("Index tensor must have the same number of dimensions as src tensor");
  }
  const ix = atLeast1d(index), s = atLeast1d(src), xs = x.layout.ndim ? x.layout.shape : [1];
  for (let k = 0; k < ix.layout.ndim; k++) {
    if (ix.layout.shape[k] > (s.layout.shape[k] ?? 1) || (k !== d && ix.layout.shape[k] > (xs[k] ?? 1))) {
      throw new RuntimeError(
        `Expected index [${index.layout.shape}] to be smaller than self [${x.layout.shape}] apart from dimension ${d} and to be smaller size than src [${src.layout.shape}]`,
      );
    }
  }
  let v = s.layout;
  for (let k = 0; k < ix.layout.ndim; k++) v = v.slice(k, 0, ix.layout.shape[k], 1);
  return view(s, v);
}

/**
 * torch.scatter_reduce: src's elements (those the index covers, in C order) reduced into a copy of the input at
 * index along dim; without includeSelf a position's first contribution replaces the input's value. mean divides
 * by the contributions (and self), flooring for integers.
 */
export function scatterReduce(
  x: Operand,
  dim: number,
  index: Operand,
  src: Operand,
  reduce: string,
  includeSelf: boolean,
): Operand {
  // (PyTorch's reduction parser also takes max and min for amax and amin)
  reduce = reduce === "max" ? "amax" : reduce === "min" ? "amin" : reduce;
  if (!REDUCES.includes(reduce)) {
    throw new RuntimeError(`reduce argument must be either sum, prod, mean, amax or amin, got ${reduce}`);
  }
  const dt = x.storage.dtype;
  if (reduce === "mean" && dt === "bool") {
    throw new RuntimeError(`"scatter_gather_tensor_cpu_reduce_mean" not implemented for 'Bool'`);
  }
  const d = normalizeAxis("scatter_reduce", dim, Math.max(x.layout.ndim, 1));
  const s = contiguous(onHost(srcSlice(x, d, index, src)), true);
  const res = contiguous(onHost(x), true);
  const ix = onHost(index), size = res.layout.shape[d] ?? 1;
  // PyTorch's bounds check, a RuntimeError here (no negative indices)
  if (!isFloat(ix.storage.dtype) && ix.storage.dtype !== "bool") {
    const ixs = contiguous(castTo(ix, "int64"), true), idata = ixs.storage.data as BigInt64Array;
    for (let k = 0; k < ixs.layout.size; k++) {
      const v = Number(idata[ixs.layout.offset + k]);
      if (v < 0 || v >= size) {
        throw new RuntimeError(`index ${v} is out of bounds for dimension ${d} with size ${size}`);
      }
    }
  }
  const offs = alongOffsets("scatter", res, d, ix);
  const data = res.storage.data as Lane, sd = s.storage.data as Lane, base = res.layout.offset;
  const sb = s.layout.offset, n = offs.length, f = combiner(reduce, dt);
  const count = new Int32Array(res.layout.size);
  for (let i = 0; i < n; i++) {
    const o = Number(offs[i]), at = base + o, v = sd[sb + i] as number & bigint;
    data[at] = !includeSelf && count[o] === 0 ? v : f(data[at] as number & bigint, v);
    count[o]++;
  }
  if (reduce === "mean") {
    for (let o = 0; o < count.length; o++) {
      const c = count[o] + (includeSelf ? 1 : 0);
      if (count[o] === 0 || c === 1) continue;
      data[base + o] = isFloat(dt) ? (data[base + o] as number) / c : floorDiv(data[base + o], c);
    }
  }
  return toDevice(res, x.storage.device);
}

/** np.nancumsum / nancumprod: NaNs count as 0 (1), then NumPy's cumsum (cumprod). */
function nanScan(name: "cumsum" | "cumprod") {
  return (a: Args): Operand => {
    const x: Operand = a.a;
    const clean = isFloat(x.storage.dtype) ? whereOp(U.isnan(x), name === "cumsum" ? 0 : 1, x) : x;
    const r = R.scan(name, clean, npAxis0d(x, a.axis, true), a.dtype ?? undefined);
    return intoOut(a.dtype && r.storage.dtype !== a.dtype ? castTo(r, a.dtype) : r, a.out, `nan${name}`);
  };
}

/** NumPy's out of argmax-like ops: the int64 indices must cast safely to it. */
function indexOut(_from: DType, to: DType): void {
  if (isFloat(to)) {
    throw new TypeError(`Cannot cast array data from dtype('${to}') to dtype('int64') according to the rule 'safe'`);
  }
}

/** np.nanargmax / nanargmin: NaNs left out (as -inf / +inf); a slice of NaNs only is NumPy's ValueError. */
function nanArg(name: "argmax" | "argmin") {
  return (a: Args): Operand => {
    const x: Operand = a.a, axis = npAxis0d(x, a.axis, true);
    if (!isFloat(x.storage.dtype)) {
      return intoOut(R.argReduce(name, x, axis, a.keepdims), a.out, `nan${name}`, indexOut);
    }
    const nan = U.isnan(x);
    const allNan = onHost(axis === null ? R.all(nan) : R.any(R.all(nan, axis)));
    if (x.layout.size > 0 && fromElement(allNan.storage, allNan.layout.offset)) {
      throw new RangeError("All-NaN slice encountered");
    }
    const clean = whereOp(nan, name === "argmax" ? -Infinity : Infinity, x);
    return intoOut(R.argReduce(name, clean, axis, a.keepdims), a.out, `nan${name}`, indexOut);
  };
}

/**
 * np.nanmedian: each row's sorted values (NaN sorts last) give the median of its non-NaN count c, the mean of the
 * two middle ones for an even c, NaN where c is 0; integers in float64, as np.median.
 */
function npNanMedian(a: Args): Operand {
  const x: Operand = a.a, dt: DType = x.storage.dtype === "float32" ? "float32" : "float64";
  const ax = R.axesOf("nanmedian", a.axis, x.layout.ndim);
  const outShape = R.reducedShape(x.layout.shape, ax, a.keepdims);
  const keep = [...Array(x.layout.ndim).keys()].filter((d) => !ax.includes(d));
  const moved = contiguous(castTo(view(x, x.layout.permute("nanmedian", [...keep, ...ax])), dt), true);
  const n = ax.reduce((p, d) => p * x.layout.shape[d], 1), rows = n === 0 ? 0 : moved.layout.size / n;
  const out = empty(outShape, dt), res = out.storage.data as Float64Array | Float32Array;
  if (n === 0) res.fill(NaN);
  else {
    const sorted = onHost(sortOp(view(moved, new View([rows, n], [n, 1], moved.layout.offset)), 1));
    const v = sorted.storage.data as Float64Array | Float32Array, base = sorted.layout.offset;
    const half = dt === "float32"
      ? (p: number, q: number) => Math.fround(p + q) / 2
      : (p: number, q: number) => (p + q) / 2;
    for (let r = 0; r < rows; r++) {
      const o = base + r * n;
      let c = n;
      while (c > 0 && v[o + c - 1] !== v[o + c - 1]) c--;
      res[r] = c === 0 ? NaN : c % 2 ? v[o + (c >> 1)] : half(v[o + (c >> 1) - 1], v[o + (c >> 1)]);
    }
  }
  return intoOut(toDevice(out, x.storage.device), a.out, "nanmedian");
}

/**
 * A chain of matrix products in the cheapest order (NumPy's and PyTorch's multi_dot: dynamic programming over the
 * split points, the first cheapest split kept), for any matrix type given its [rows, cols] and product.
 */
export function chainProduct<M>(ms: M[], shape: (m: M) => readonly number[], mul: (a: M, b: M) => M): M {
  const n = ms.length, dims = [shape(ms[0])[0], ...ms.map((m) => shape(m)[1])];
  const cost = ms.map(() => Array(n).fill(0)), split = ms.map(() => Array(n).fill(0));
  for (let len = 1; len < n; len++) {
    for (let i = 0; i + len < n; i++) {
      const j = i + len;
      cost[i][j] = Infinity;
      for (let k = i; k < j; k++) {
        const c = cost[i][k] + cost[k + 1][j] + dims[i] * dims[k + 1] * dims[j + 1];
        if (c < cost[i][j]) [cost[i][j], split[i][j]] = [c, k];
      }
    }
  }
  const build = (i: number, j: number): M => (i === j ? ms[i] : mul(build(i, split[i][j]), build(split[i][j] + 1, j)));
  return build(0, n - 1);
}

/** np.linalg.multi_dot: a 1-d first (last) array is a row (column) vector, dropped from the result. */
function npMultiDot(arrays: Operand[]): Operand {
  if (arrays.length < 2) throw new RangeError("Expecting at least two arrays.");
  const last = arrays.length - 1;
  const ms = arrays.map((x, i) => {
    const nd = x.layout.ndim, edge = (i === 0 || i === last) && nd === 1;
    if (nd !== 2 && !edge) {
      throw new LinAlgError(`${nd}-dimensional array given. Array must be two-dimensional`);
    }
    if (nd === 2) return x;
    const c = contiguous(x), n = x.layout.size;
    return view(c, new View(i === 0 ? [1, n] : [n, 1], i === 0 ? [n, 1] : [1, 1], c.layout.offset));
  });
  const r = chainProduct(ms, (m) => m.layout.shape, dot);
  const shape = [
    ...(arrays[0].layout.ndim === 2 ? [r.layout.shape[0]] : []),
    ...(arrays[last].layout.ndim === 2 ? [r.layout.shape[1]] : []),
  ];
  const c = contiguous(r);
  return view(c, new View(shape, undefined, c.layout.offset));
}

/** np.linalg's functions of this family (merged into np.linalg by src/numpy/mod.ts). */
export const NP_LINALG_EXTRA = {
  multiDot: defineOp({
    name: "multiDot",
    doc: "The product of a list of matrices (a 1-d first or last one a vector), in the cheapest order.",
    np: {
      names: ["multiDot"],
      overloads: [{
        sig: { pos: [req("arrays", "arrays")], kw: [opt("out", "out", null)] },
        impl: (a: Args) => {
          const r = npMultiDot(a.arrays), ends = [a.arrays[0], a.arrays[a.arrays.length - 1]];
          // np.dot's out rule; a 1-d end makes NumPy's product 2-d, so no out of the result's shape fits
          return intoOut(r, a.out, "multi_dot", (from, to) => {
            if (from !== to || ends.some((x: Operand) => x.layout.ndim === 1)) {
              throw new RangeError(
                "output array is not acceptable (must have the right datatype, number of dimensions, and be a C-Array)",
              );
            }
          });
        },
      }],
    },
  }),
};

const NP_SCAN_SIG = {
  pos: [req("a", "array"), opt("axis", "int", null), opt("dtype", "dtype", null), opt("out", "out", null)],
  kw: [],
} as const;
const NP_ARG_SIG = {
  pos: [req("a", "array"), opt("axis", "int", null), opt("out", "out", null)],
  kw: [opt("keepdims", "bool", false)],
} as const;

/** The ops. */
export const LINALG_EXTRA = {
  scatterReduce: defineOp({
    name: "scatterReduce",
    doc:
      "A copy with src reduced (sum, prod, mean, amax or amin) into the positions index names along dim, the input's value included unless includeSelf is false.",
    torch: {
      names: ["scatterReduce"],
      methods: ["scatterReduce"],
      inplace: ["scatterReduce_"],
      overloads: [{
        sig: {
          pos: [
            req("input", "array"),
            req("dim", "int"),
            req("index", "array"),
            req("src", "array"),
            req("reduce", "string"),
          ],
          kw: [opt("includeSelf", "bool", true), opt("out", "out", null)],
        },
        impl: (a: Args) => {
          const r = scatterReduce(a.input, a.dim, a.index, a.src, a.reduce, a.includeSelf);
          return intoOut(r, a.out, "scatter_reduce", (from, to) => {
            if (from !== to) {
              throw new RuntimeError(
                `scatter_reduce(): Expected self.dtype to be equal to out.dtype, got ${TORCH_TYPE_NAME[from]} and ${
                  TORCH_TYPE_NAME[to]
                }`,
              );
            }
          });
        },
      }],
    },
  }),
  vdot: defineOp({
    name: "vdot",
    doc: "The dot product of the flattened inputs (real dtypes: no conjugation).",
    np: {
      names: ["vdot"],
      overloads: [{
        sig: { pos: [req("a", "array"), req("b", "array")], kw: [] },
        impl: (a: Args) => {
          const x: Operand = a.a, y: Operand = a.b, n = x.layout.size;
          if (y.layout.size !== n) {
            throw new RangeError(`cannot reshape array of size ${y.layout.size} into shape (${n},)`);
          }
          const flat = (o: Operand) => contiguous(o).layout.reshape("vdot", [o.layout.size])!;
          const cx = contiguous(x), cy = contiguous(y);
          return dot(view(cx, flat(cx)), view(cy, flat(cy)));
        },
      }],
    },
  }),
  nancumsum: defineOp({
    name: "nancumsum",
    doc: "Cumulative sum with NaNs counted as zero (flattened when no axis).",
    np: { names: ["nancumsum"], overloads: [{ sig: NP_SCAN_SIG, impl: nanScan("cumsum") }] },
  }),
  nancumprod: defineOp({
    name: "nancumprod",
    doc: "Cumulative product with NaNs counted as one (flattened when no axis).",
    np: { names: ["nancumprod"], overloads: [{ sig: NP_SCAN_SIG, impl: nanScan("cumprod") }] },
  }),
  nanmedian: defineOp({
    name: "nanmedian",
    doc: "Median along the axes (all when none), NaNs left out (NaN where a slice has only NaNs).",
    np: {
      names: ["nanmedian"],
      overloads: [{
        sig: {
          pos: [
            req("a", "array"),
            opt("axis", "ints", null),
            opt("out", "out", null),
            opt("overwriteInput", "bool", false),
            opt("keepdims", "bool", false),
          ],
          kw: [],
        },
        impl: npNanMedian,
      }],
    },
  }),
  nanargmax: defineOp({
    name: "nanargmax",
    doc: "Indices of the maxima ignoring NaNs (an all-NaN slice is an error).",
    np: { names: ["nanargmax"], overloads: [{ sig: NP_ARG_SIG, impl: nanArg("argmax") }] },
  }),
  nanargmin: defineOp({
    name: "nanargmin",
    doc: "Indices of the minima ignoring NaNs (an all-NaN slice is an error).",
    np: { names: ["nanargmin"], overloads: [{ sig: NP_ARG_SIG, impl: nanArg("argmin") }] },
  }),
};
