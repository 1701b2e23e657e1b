/**
 * Reductions and scans: sum, prod, max/min, all/any, mean, var/std,
 * argmax/argmin, cumsum/cumprod, median and friends, with NumPy's
 * signatures (`axis`, `keepdims`, `dtype`, `out`, `initial`, `where`) and
 * PyTorch's (`dim`, `keepdim`, `dtype`, overloads returning values and
 * indices).
 */
import { type DType, isFloat, TORCH_TYPE_NAME } from "../../core/dtype.ts";
import { fmtShape, OutShapeError, RuntimeError } from "../../core/errors.ts";
import { isScalar, npAxis0d, npUfuncOut, torchCastOut, torchExactOut, view } from "./common.ts";
import { normalizeAxis, torchDim } from "../../core/shape.ts";
import { sameShape, View } from "../../core/view.ts";
import { type BinaryFn, where as whereOp } from "../../ops/elementwise.ts";
import { atLeast1d, castTo, contiguous, copyInto, empty, type Operand, scalarOperand } from "../../ops/operand.ts";
import * as R from "../../ops/reduce.ts";
import { sort as sortOp } from "../../ops/sort.ts";
import * as U from "../../ops/ufuncs.ts";
import { type Args, type Ctx, defineOp } from "../define.ts";
import { opt, req } from "../signature.ts";
import { torchBinary } from "./elementwise.ts";

/**
 * Writes `r` into `out` when given (`out=`), returning what the call
 * returns; `check` is PyTorch's dtype rule for the op's `out` (none: any
 * dtype, cast as NumPy's copy does).
 */
export function intoOut(
  r: Operand,
  out: Operand | null | undefined,
  op: string,
  check?: (from: DType, to: DType) => void,
): Operand {
  if (!out) return r;
  check?.(r.storage.dtype, out.storage.dtype);
  copyOut(r, out, op);
  return out;
}

/**
 * Copies `x` into `out`, which must have `x`'s shape (the torch front-end
 * resizes an `out` that has not): `out=`'s write, and the start of the ops
 * that update a copy of their input (scatter's, the index ops').
 */
export function copyOut(x: Operand, out: Operand, op: string): void {
  if (!sameShape(out.layout.shape, x.layout.shape)) {
    throw new OutShapeError(
      op,
      `output array has shape ${fmtShape(out.layout.shape)} but the result has shape ${fmtShape(x.layout.shape)}`,
      out.layout.shape,
      x.layout.shape,
    );
  }
  copyInto(x, out);
}

/** Axes of an `axis`/`dim` argument (null: all). */
const axes = (op: string, x: Operand, axis: number | readonly number[] | null) => R.axesOf(op, axis, x.layout.ndim);

/** torch's dims of a reduction: a 0-d tensor has one dim to name (0 or -1), which reduces nothing (PyTorch). */
export function torchDims(
  op: string,
  x: Operand,
  dim: number | readonly number[] | null,
  emptyIsAll = true,
): number[] {
  // PyTorch's reductions read dim=[] as every dim (all/any as none)
  if (emptyIsAll && Array.isArray(dim) && dim.length === 0) dim = null;
  if (x.layout.ndim > 0 || dim === null) return axes(op, x, dim);
  for (const d of typeof dim === "number" ? [dim] : dim) torchDim(d, 0);
  return [];
}

const NP_IDENTITY: Record<string, number | boolean | undefined> = { sum: 0, prod: 1, all: true, any: false };

/** np's sum/prod/max/min/all/any with `initial` and `where` (`ufunc`: the name NumPy's errors give). */
function npReduce(
  name: "sum" | "prod" | "max" | "min" | "all" | "any",
  fn: R.ReduceFn,
  ufunc = name === "max" ? "maximum" : name === "min" ? "minimum" : name,
) {
  return (a: Args): Operand => {
    let x: Operand = a.dtype ? castTo(a.a, a.dtype) : a.a;
    const axis = npAxis0d(x, a.axis);
    if (a.where !== undefined && a.where !== null && a.where !== true) {
      // the mask casts to bool safely only from bool
      const wd = isScalar(a.where) ? null : (a.where as Operand).storage.dtype;
      if (wd && wd !== "bool") {
        throw new TypeError(`Cannot cast array data from dtype('${wd}') to dtype('bool') according to the rule 'safe'`);
      }
      // masked-out elements take the identity (initial is added once below); max/min have none but initial
      const ident = NP_IDENTITY[name] ?? a.initial ?? undefined;
      if (ident === undefined) {
        throw new RangeError(
          `reduction operation '${ufunc}' does not have an identity, so to use a where mask one has to specify 'initial'`,
        );
      }
      x = whereOp(castTo(a.where, "bool"), x, scalarOperand(ident, x.storage.dtype));
    }
    const hasInitial = a.initial !== undefined && a.initial !== null;
    if (hasInitial && x.layout.size === 0 && (name === "max" || name === "min")) {
      // an empty max/min is its initial (NumPy), where there is no identity otherwise
      const shape = R.reducedShape(x.layout.shape, R.axesOf(name, axis, x.layout.ndim), a.keepdims);
      const r = empty(shape, x.storage.dtype, x.storage.device);
      copyInto(scalarOperand(a.initial, x.storage.dtype), r);
      return intoOut(r, a.out, name);
    }
    let r = fn(x, axis, a.keepdims);
    // integers sum into int64 in the kernels: a dtype asked for is the result's (uint8 wraps, as NumPy's)
    if (a.dtype && r.storage.dtype !== a.dtype) r = castTo(r, a.dtype);
    if (hasInitial) {
      const init = scalarOperand(a.initial, r.storage.dtype);
      r = name === "sum"
        ? U.add(r, init)
        : name === "prod"
        ? U.multiply(r, init)
        : name === "max"
        ? U.maximum(r, init)
        : name === "min"
        ? U.minimum(r, init)
        : r;
    }
    return intoOut(r, a.out, name);
  };
}

/**
 * np.nanmax/nanmin: max/min with NaNs left out (a NaN becomes -inf/+inf); a slice of NaNs only is NaN, unless an
 * initial is given.
 */
function npNanReduce(name: "max" | "min") {
  const plain = npReduce(name, name === "max" ? R.max : R.min, name === "max" ? "fmax" : "fmin");
  return (a: Args): Operand => {
    const x: Operand = a.a;
    if (!isFloat(x.storage.dtype)) return plain(a);
    const nan = U.isnan(x), fill = scalarOperand(name === "max" ? -Infinity : Infinity, x.storage.dtype);
    const r = plain({ ...a, a: whereOp(nan, fill, x), out: null });
    const hasInitial = a.initial !== undefined && a.initial !== null;
    const allNan = R.all(nan, npAxis0d(x, a.axis), a.keepdims);
    return intoOut(hasInitial ? r : whereOp(allNan, scalarOperand(NaN, r.storage.dtype), r), a.out, `nan${name}`);
  };
}

const npSig = (dtype: boolean) => ({
  pos: dtype
    ? [
      req("a", "array"),
      opt("axis", "ints", null),
      opt("dtype", "dtype", null),
      opt("out", "out", null),
      opt("keepdims", "bool", false),
    ] as const
    : [req("a", "array"), opt("axis", "ints", null), opt("out", "out", null), opt("keepdims", "bool", false)] as const,
  kw: [opt("initial", "scalar", null), opt("where", "array", null)] as const,
});
const NP_SUM = npSig(true);
const NP_MAX = npSig(false);
const NP_ALL = {
  pos: [req("a", "array"), opt("axis", "ints", null), opt("out", "out", null), opt("keepdims", "bool", false)],
  kw: [opt("where", "array", null)],
} as const;

/** torch's `dim`/`keepdim` parameters, with NumPy's names as aliases (as PyTorch's parser accepts). */
const DIM = opt("dim", "ints", null, { aliases: ["axis"] });
const KEEPDIM = opt("keepdim", "bool", false, { aliases: ["keepdims"] });
const ONE_DIM = req("dim", "int", { aliases: ["axis"] });

/** torch's sum-like reductions over `dim` (bool and integers sum into int64, as the kernels do). */
function torchSumLike(fn: R.ReduceFn, name: string) {
  return (a: Args): Operand => {
    // PyTorch sums in out's dtype when no dtype is given (a float input into an int64 out is cast first)
    const dt: DType | null = a.dtype ?? a.out?.storage.dtype ?? null;
    const x: Operand = dt ? castTo(a.input, dt) : a.input;
    const r = fn(x, torchDims(name, x, a.dim), a.keepdim);
    // integers sum into int64 in the kernels: the dtype asked for is the result's
    return intoOut(dt && r.storage.dtype !== dt ? castTo(r, dt) : r, a.out, name);
  };
}

/** torch.amax/amin: PyTorch's errors for empty reductions, then the reduction. */
function torchAmax(fn: R.ReduceFn, name: string) {
  return (a: Args): Operand => {
    const x: Operand = a.input;
    const all = a.dim === null || (Array.isArray(a.dim) && a.dim.length === 0);
    if (x.layout.size === 0) {
      if (all) {
        throw new RuntimeError(
          `${name}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`,
        );
      }
      for (const d of torchDims(name, x, a.dim)) {
        if (x.layout.shape[d] === 0) {
          throw new RangeError(`${name}(): Expected reduction dim ${d} to have non-zero size.`);
        }
      }
    }
    return intoOut(fn(x, torchDims(name, x, a.dim), a.keepdim), a.out, name, (from, to) => {
      if (from !== to) {
        throw new RuntimeError(
          `Expected the dtype for input and out to match, but got ${TORCH_TYPE_NAME[from]} for input's dtype and ${
            TORCH_TYPE_NAME[to]
          } for out's dtype.`,
        );
      }
    });
  };
}

/** torch.mean: floats only (or an explicit float dtype). */
function torchMean(a: Args): Operand {
  const x: Operand = a.dtype ? castTo(a.input, a.dtype) : a.input;
  if (!isFloat(x.storage.dtype)) {
    throw new RuntimeError(
      `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${
        TORCH_TYPE_NAME[x.storage.dtype]
      }`,
    );
  }
  const ax = torchDims("mean", x, a.dim);
  const n = ax.reduce((p, d) => p * x.layout.shape[d], 1);
  const s = R.sum(x, ax, a.keepdim);
  return intoOut(U.divide(s, n, s), a.out, "mean", torchCastOut);
}

/** PyTorch's max/min over everything: an error on empty input. */
function torchAll(fn: R.ReduceFn, name: string) {
  return (a: Args): Operand => {
    const x: Operand = a.input;
    if (x.layout.size === 0) {
      throw new RuntimeError(
        `${name}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`,
      );
    }
    return fn(x, null, false);
  };
}

/** PyTorch's (values, indices) reductions along one dim: max, min. */
function torchDimValues(name: "max" | "min") {
  return (a: Args): [Operand, Operand] => {
    const x: Operand = a.input;
    const d = normalizeAxis(name, a.dim, Math.max(x.layout.ndim, 1));
    if (x.layout.ndim > 0 && x.layout.shape[d] === 0) {
      throw new RangeError(`${name}(): Expected reduction dim ${d} to have non-zero size.`);
    }
    const xs = atLeast1d(x);
    const idx = R.argReduce(name === "max" ? "argmax" : "argmin", xs, d, a.keepdim || x.layout.ndim === 0);
    const vals = (name === "max" ? R.max : R.min)(xs, [d], a.keepdim || x.layout.ndim === 0);
    if (x.layout.ndim === 0) return [reshaped(vals, []), reshaped(idx, [])];
    return [vals, idx];
  };
}

const reshaped = (o: Operand, shape: number[]): Operand => ({
  storage: o.storage,
  layout: o.layout.reshape("reshape", shape)!,
});

/** np.sum into an integer or bool `dt` (the kernels sum integers into int64: uint8 wraps back, bool is any). */
function sumInto(x: Operand, dt: DType, ax: number[], keepdims: boolean): Operand {
  return castTo(R.sum(castTo(x, dt), ax, keepdims), dt);
}

/**
 * mean in np: integers average in float64; an integer or bool `dtype` sums in it and the true quotient is cast back
 * unsafely (truncated), as NumPy's _mean.
 */
function npMean(a: Args): Operand {
  if (hasWhere(a.where)) return countedMean(a, false, "mean");
  const x: Operand = a.a;
  const dt: DType = a.dtype ?? (isFloat(x.storage.dtype) ? x.storage.dtype : "float64");
  const ax = axes("mean", x, a.axis);
  const n = ax.reduce((p, d) => p * x.layout.shape[d], 1);
  if (!isFloat(dt)) return intoOut(castTo(U.divide(sumInto(x, dt, ax, a.keepdims), n), dt), a.out, "mean");
  const s = R.sum(castTo(x, dt), ax, a.keepdims);
  return intoOut(U.divide(s, n, s), a.out, "mean");
}

/**
 * var in np: divides by N - ddof, computed in float64 for integers. An integer or bool `dtype` follows NumPy's
 * _var step by step: the mean summed in it and truncated, the deviations in the input's dtype, their squares summed
 * in it (each truncated), the quotient truncated.
 */
function npVar(a: Args): Operand {
  if (hasWhere(a.where) || a.mean) return countedVar(a, false, "var");
  const x: Operand = a.a;
  const dt: DType = a.dtype ?? (isFloat(x.storage.dtype) ? x.storage.dtype : "float64");
  const ax = axes("var", x, a.axis);
  const n = ax.reduce((p, d) => p * x.layout.shape[d], 1);
  if (a.correction !== null && a.ddof !== 0) {
    throw new RangeError("ddof and correction can't be provided simultaneously.");
  }
  const ddof = a.correction ?? a.ddof;
  if (!isFloat(dt)) {
    const mu = castTo(U.divide(sumInto(x, dt, ax, true), n), dt);
    const d = U.subtract(x, mu);
    return castTo(U.divide(sumInto(U.multiply(d, d), dt, ax, a.keepdims), Math.max(n - ddof, 0)), dt);
  }
  const xf = castTo(x, dt);
  const mu = U.divide(R.sum(xf, ax, true), n);
  const d = U.subtract(xf, mu);
  const s = R.sum(U.multiply(d, d), ax, a.keepdims);
  return U.divide(s, Math.max(n - ddof, 0), s);
}

/**
 * np.std: the square root of var. With an integer `dtype` NumPy's sqrt writes into the variance's array, which
 * same_kind casting refuses, unless the variance is a scalar (no axes left, no `out`), whose type truncates it.
 */
function npStd(a: Args): Operand {
  const v = npVar(a), dt = v.storage.dtype;
  if (isFloat(dt)) return intoOut(U.sqrt(v), a.out, "std", npUfuncOut("sqrt"));
  if (v.layout.ndim > 0 || a.out) {
    throw new TypeError(
      `Cannot cast ufunc 'sqrt' output from dtype('float64') to dtype('${dt}') with casting rule 'same_kind'`,
    );
  }
  return castTo(U.sqrt(v), dt);
}

/** Whether a `where` mask was given. */
export const hasWhere = (w: Operand | null | undefined): w is Operand => w !== undefined && w !== null;

/** The elements a masked reduction counts (inside `where`; not NaN when `skipNan`), and their count along `ax`. */
function counted(x: Operand, ax: number[], where: Operand | null, keepdims: boolean, skipNan: boolean) {
  let valid: Operand | null = skipNan && isFloat(x.storage.dtype) ? U.logicalNot(U.isnan(x)) : null;
  if (hasWhere(where)) {
    // the mask broadcast to x's shape (what is counted is x's elements)
    const w = castTo(where, "bool"), wx = view(w, w.layout.expand("mean", x.layout.shape));
    valid = valid ? U.logicalAnd(valid, wx) : wx;
  }
  const all = scalarOperand(true, "bool");
  const cnt = R.sum(valid ?? view(all, all.layout.expand("mean", x.layout.shape)), ax, keepdims);
  return { valid, cnt };
}

/**
 * The axis of mean/var (`skipNan`: nanmean/nanvar): np.mean has no leniency for a 0-d array's axis, nanmean of a
 * float array, which NumPy builds on np.sum, has (integers go to np.mean).
 */
const nanAxis = (x: Operand, axis: number | number[] | null, skipNan: boolean) =>
  skipNan && isFloat(x.storage.dtype) ? npAxis0d(x, axis) : axis;

/** np.mean / nanmean over the counted elements (see `counted`): their sum over their count. */
export function countedMean(a: Args, skipNan: boolean, op: string): Operand {
  const x: Operand = a.a;
  const dt: DType = a.dtype ?? (isFloat(x.storage.dtype) ? x.storage.dtype : "float64");
  const ax = R.axesOf(op, nanAxis(x, a.axis, skipNan), x.layout.ndim);
  const { valid, cnt } = counted(x, ax, a.where, a.keepdims, skipNan);
  const xs = castTo(x, dt);
  const s = R.sum(valid ? whereOp(valid, xs, scalarOperand(0, dt)) : xs, ax, a.keepdims);
  return intoOut(U.divide(s, castTo(cnt, s.storage.dtype), s), a.out, op);
}

/**
 * np.var / nanvar over the counted elements (see `counted`): squared deviations from their mean (or the `mean`
 * given, shaped as with keepdims) over count - ddof; nanvar's slices without enough values are NaN.
 */
export function countedVar(a: Args, skipNan: boolean, op: string): Operand {
  const x: Operand = a.a;
  if (a.correction !== null && a.ddof !== 0) {
    throw new RangeError("ddof and correction can't be provided simultaneously.");
  }
  const ddof: number = a.correction ?? a.ddof;
  const dt: DType = a.dtype ?? (isFloat(x.storage.dtype) ? x.storage.dtype : "float64");
  const ax = R.axesOf(op, nanAxis(x, a.axis, skipNan), x.layout.ndim);
  const { valid, cnt } = counted(x, ax, a.where, true, skipNan);
  const zero = scalarOperand(0, dt), xs = castTo(x, dt);
  const s = a.mean ? null : R.sum(valid ? whereOp(valid, xs, zero) : xs, ax, true);
  const mu: Operand = s ? U.divide(s, castTo(cnt, dt), s) : a.mean;
  // NumPy subtracts the mean in the input's (float) dtype
  const dev = castTo(U.subtract(x, mu), isFloat(x.storage.dtype) ? x.storage.dtype : "float64");
  const d = valid ? whereOp(valid, dev, scalarOperand(0, dev.storage.dtype)) : dev;
  const v = R.sum(castTo(U.multiply(d, d), dt), ax, a.keepdims);
  const dof = U.subtract(view(cnt, cnt.layout.reshape(op, v.layout.shape)!), ddof);
  // (np.var divides by max(dof, 0) as nanvar does an integer input's)
  const r = U.divide(v, castTo(U.maximum(dof, 0), dt), v);
  return skipNan && isFloat(x.storage.dtype) ? whereOp(U.lessEqual(dof, 0), scalarOperand(NaN, dt), r) : r;
}

/** np.var's and np.std's signature (the NaN-ignoring twins share it). */
export const NP_VAR = {
  pos: [
    req("a", "array"),
    opt("axis", "ints", null),
    opt("dtype", "dtype", null),
    opt("out", "out", null),
    opt("ddof", "number", 0),
    opt("keepdims", "bool", false),
  ],
  kw: [opt("where", "array", null), opt("mean", "array", null), opt("correction", "number", null)],
} as const;

/** np.median: mean of the two middle values for even counts; NaN when a NaN is present. */
function npMedian(a: Args): Operand {
  const x: Operand = a.a;
  const dt: DType = x.storage.dtype === "float32" ? "float32" : "float64";
  const ax = axes("median", x, a.axis);
  const outShape = R.reducedShape(x.layout.shape, ax, a.keepdims);
  // move the reduced axes last and merge them into one, then sort each row
  const keep = [...Array(x.layout.ndim).keys()].filter((d) => !ax.includes(d));
  const moved = contiguous(
    castTo({ storage: x.storage, layout: x.layout.permute("median", [...keep, ...ax]) }, dt),
    true,
  );
  const n = ax.reduce((p, d) => p * x.layout.shape[d], 1);
  const rows = n === 0 ? 0 : moved.layout.size / n;
  if (n === 0) return intoOut(U.multiply(empty(outShape, dt), NaN), a.out, "median");
  const flat = { storage: moved.storage, layout: new View([rows, n]) };
  const sorted = sortOp(flat, 1);
  const mid = n >> 1;
  const pick = (i: number): Operand => ({ storage: sorted.storage, layout: new View([rows], [n], i) });
  const m = n % 2 ? contiguous(pick(mid), true) : U.divide(U.add(pick(mid - 1), pick(mid)), 2);
  // NaN sorts last: any NaN in a row makes the median NaN
  const r = whereOp(U.isnan(pick(n - 1)), scalarOperand(NaN, dt), m);
  return intoOut({ storage: contiguous(r, true).storage, layout: new View(outShape) }, a.out, "median");
}

/** Reductions, declared once for both front-ends. */
export const REDUCE = {
  sum: defineOp({
    name: "sum",
    doc: "Sum over axes (integers accumulate in int64).",
    np: { names: ["sum"], methods: ["sum"], overloads: [{ sig: NP_SUM, impl: npReduce("sum", R.sum) }] },
    torch: {
      names: ["sum"],
      methods: ["sum"],
      overloads: [{
        sig: { pos: [req("input", "array"), DIM, KEEPDIM], kw: [opt("dtype", "dtype", null), opt("out", "out", null)] },
        impl: torchSumLike(R.sum, "sum"),
      }],
    },
  }),
  prod: defineOp({
    name: "prod",
    doc: "Product over axes.",
    np: { names: ["prod"], methods: ["prod"], overloads: [{ sig: NP_SUM, impl: npReduce("prod", R.prod) }] },
    torch: {
      names: ["prod"],
      methods: ["prod"],
      overloads: [{
        sig: {
          pos: [req("input", "array"), opt("dim", "int", null, { aliases: ["axis"] }), KEEPDIM],
          kw: [opt("dtype", "dtype", null), opt("out", "out", null)],
        },
        impl: torchSumLike(R.prod, "prod"),
      }],
    },
  }),
  nanmax: defineOp({
    name: "nanmax",
    doc: "Maximum ignoring NaNs (NaN where a slice has nothing else).",
    np: { names: ["nanmax"], overloads: [{ sig: NP_MAX, impl: npNanReduce("max") }] },
  }),
  nanmin: defineOp({
    name: "nanmin",
    doc: "Minimum ignoring NaNs (NaN where a slice has nothing else).",
    np: { names: ["nanmin"], overloads: [{ sig: NP_MAX, impl: npNanReduce("min") }] },
  }),
  max: defineOp({
    name: "max",
    doc: "Maximum (torch: with a dim, values and indices; with a tensor, the element-wise maximum).",
    np: { names: ["max", "amax"], methods: ["max"], overloads: [{ sig: NP_MAX, impl: npReduce("max", R.max) }] },
    torch: {
      names: ["max"],
      methods: ["max"],
      overloads: [
        { sig: { pos: [req("input", "array")], kw: [] }, impl: torchAll(R.max, "max") },
        {
          sig: { pos: [req("input", "array"), ONE_DIM, KEEPDIM], kw: [opt("out", "outs", null)] },
          impl: torchDimValues("max"),
          returns: "values",
          id: "max.dim",
        },
        {
          sig: { pos: [req("input", "array"), req("other", "array")], kw: [opt("out", "out", null)] },
          impl: (a: Args, ctx: Ctx) => torchBinaryOp(U.maximum, a.input, a.other, ctx, a.out),
          id: "maximum",
        },
      ],
    },
  }),
  min: defineOp({
    name: "min",
    doc: "Minimum (torch: with a dim, values and indices; with a tensor, the element-wise minimum).",
    np: { names: ["min", "amin"], methods: ["min"], overloads: [{ sig: NP_MAX, impl: npReduce("min", R.min) }] },
    torch: {
      names: ["min"],
      methods: ["min"],
      overloads: [
        { sig: { pos: [req("input", "array")], kw: [] }, impl: torchAll(R.min, "min") },
        {
          sig: { pos: [req("input", "array"), ONE_DIM, KEEPDIM], kw: [opt("out", "outs", null)] },
          impl: torchDimValues("min"),
          returns: "values",
          id: "min.dim",
        },
        {
          sig: { pos: [req("input", "array"), req("other", "array")], kw: [opt("out", "out", null)] },
          impl: (a: Args, ctx: Ctx) => torchBinaryOp(U.minimum, a.input, a.other, ctx, a.out),
          id: "minimum",
        },
      ],
    },
  }),
  amax: defineOp({
    name: "amax",
    doc: "Maximum over dims (PyTorch's amax: no indices).",
    torch: {
      names: ["amax"],
      methods: ["amax"],
      overloads: [{
        sig: { pos: [req("input", "array"), DIM, KEEPDIM], kw: [opt("out", "out", null)] },
        impl: torchAmax(R.max, "amax"),
      }],
    },
  }),
  amin: defineOp({
    name: "amin",
    doc: "Minimum over dims (PyTorch's amin: no indices).",
    torch: {
      names: ["amin"],
      methods: ["amin"],
      overloads: [{
        sig: { pos: [req("input", "array"), DIM, KEEPDIM], kw: [opt("out", "out", null)] },
        impl: torchAmax(R.min, "amin"),
      }],
    },
  }),
  all: defineOp({
    name: "all",
    doc: "Whether every element is true.",
    np: { names: ["all"], methods: ["all"], overloads: [{ sig: NP_ALL, impl: npReduce("all", R.all) }] },
    torch: {
      names: ["all"],
      methods: ["all"],
      overloads: [{
        sig: { pos: [req("input", "array"), DIM, KEEPDIM], kw: [opt("out", "out", null)] },
        impl: torchLogical(R.all, "all"),
      }],
    },
  }),
  any: defineOp({
    name: "any",
    doc: "Whether any element is true.",
    np: { names: ["any"], methods: ["any"], overloads: [{ sig: NP_ALL, impl: npReduce("any", R.any) }] },
    torch: {
      names: ["any"],
      methods: ["any"],
      overloads: [{
        sig: { pos: [req("input", "array"), DIM, KEEPDIM], kw: [opt("out", "out", null)] },
        impl: torchLogical(R.any, "any"),
      }],
    },
  }),
  mean: defineOp({
    name: "mean",
    doc: "Arithmetic mean (np: integers average in float64; torch: floats only).",
    np: {
      names: ["mean"],
      methods: ["mean"],
      overloads: [{
        sig: {
          pos: [
            req("a", "array"),
            opt("axis", "ints", null),
            opt("dtype", "dtype", null),
            opt("out", "out", null),
            opt("keepdims", "bool", false),
          ],
          kw: [opt("where", "array", null)],
        },
        impl: npMean,
      }],
    },
    torch: {
      names: ["mean"],
      methods: ["mean"],
      overloads: [{
        sig: { pos: [req("input", "array"), DIM, KEEPDIM], kw: [opt("dtype", "dtype", null), opt("out", "out", null)] },
        impl: torchMean,
      }],
    },
  }),
  var: defineOp({
    name: "var",
    doc: "Variance, dividing by N - ddof.",
    np: {
      names: ["var"],
      methods: ["var"],
      overloads: [{ sig: NP_VAR, impl: (a: Args) => intoOut(npVar(a), a.out, "var") }],
    },
  }),
  std: defineOp({
    name: "std",
    doc: "Standard deviation, dividing by N - ddof.",
    np: {
      names: ["std"],
      methods: ["std"],
      overloads: [{ sig: NP_VAR, impl: npStd }],
    },
  }),
  median: defineOp({
    name: "median",
    doc: "Median (np: mean of the two middle values for even counts).",
    np: {
      names: ["median"],
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
        impl: npMedian,
      }],
    },
  }),
  argmax: argDecl("argmax"),
  argmin: argDecl("argmin"),
  cumsum: scanDecl("cumsum"),
  cumprod: scanDecl("cumprod"),
  countNonzero: defineOp({
    name: "countNonzero",
    doc: "Number of non-zero elements.",
    np: {
      names: ["countNonzero"],
      overloads: [{
        sig: { pos: [req("a", "array"), opt("axis", "ints", null)], kw: [opt("keepdims", "bool", false)] },
        impl: (a: Args) => R.sum(castTo(a.a, "bool"), npAxis0d(a.a, a.axis), a.keepdims),
      }],
    },
    torch: {
      names: ["countNonzero"],
      methods: ["countNonzero"],
      overloads: [{
        sig: { pos: [req("input", "array"), DIM], kw: [] },
        impl: (a: Args) => R.sum(castTo(a.input, "bool"), torchDims("count_nonzero", a.input, a.dim), false),
      }],
    },
  }),
};

/** PyTorch's all/any: bool results, except uint8 input gives uint8. */
function torchLogical(fn: R.ReduceFn, name: string) {
  return (a: Args): Operand => {
    // a uint8 out makes PyTorch reduce the input as uint8 (0.5 is 0 there)
    const x: Operand = a.out?.storage.dtype === "uint8" ? castTo(a.input, "uint8") : a.input;
    const r = fn(x, torchDims(name, x, a.dim, false), a.keepdim);
    return intoOut(x.storage.dtype === "uint8" ? castTo(r, "uint8") : r, a.out, name, (_from, to) => {
      if (to !== "bool" && to !== "uint8") {
        throw new RuntimeError(`${name} only supports bool tensor for result, got: ${TORCH_TYPE_NAME[to]}`);
      }
    });
  };
}

/** argmax/argmin with both front-ends' signatures. */
function argDecl<const N extends "argmax" | "argmin">(name: N) {
  return defineOp({
    name,
    doc: `Indices of the ${name === "argmax" ? "maximum" : "minimum"} values along an axis (flattened when none).`,
    np: {
      names: [name],
      methods: [name],
      overloads: [{
        sig: {
          pos: [req("a", "array"), opt("axis", "int", null), opt("out", "out", null)],
          kw: [opt("keepdims", "bool", false)],
        },
        impl: (a: Args) =>
          intoOut(R.argReduce(name, a.a, npAxis0d(a.a, a.axis, true), a.keepdims), a.out, name, (_from, to) => {
            // NumPy: out must cast safely to the int64 indices
            if (isFloat(to)) {
              throw new TypeError(
                `Cannot cast array data from dtype('${to}') to dtype('int64') according to the rule 'safe'`,
              );
            }
          }),
      }],
    },
    torch: {
      names: [name],
      methods: [name],
      overloads: [{
        sig: {
          pos: [req("input", "array"), opt("dim", "int", null, { aliases: ["axis"] }), KEEPDIM],
          kw: [opt("out", "out", null)],
        },
        impl: (a: Args) => {
          const x: Operand = a.input;
          if (x.storage.dtype === "bool") throw new RuntimeError(`${name}(): does not support bool input`);
          // a 0-d tensor's one dim (0 or -1) is the whole tensor
          const dim: number | null = a.dim !== null && x.layout.ndim === 0 ? (torchDims(name, x, a.dim), null) : a.dim;
          if (x.layout.size === 0) {
            if (dim === null) {
              throw new RangeError(`${name}(): Expected reduction dim to be specified for input.numel() == 0.`);
            }
            const [d] = torchDims(name, x, dim);
            if (x.layout.shape[d] === 0) {
              throw new RangeError(`${name}(): Expected reduction dim ${d} to have non-zero size.`);
            }
            // empty along another dim: an empty result
            return intoOut(empty(R.reducedShape(x.layout.shape, [d], a.keepdim), "int64"), a.out, name, torchExactOut);
          }
          return intoOut(R.argReduce(name, x, dim, a.keepdim), a.out, name, torchExactOut);
        },
      }],
    },
  });
}

/** cumsum/cumprod with both front-ends' signatures. */
function scanDecl<const N extends "cumsum" | "cumprod">(name: N) {
  return defineOp({
    name,
    doc: `Cumulative ${name === "cumsum" ? "sum" : "product"} along an axis (np: flattened when none).`,
    np: {
      names: [name],
      methods: [name],
      overloads: [{
        sig: {
          pos: [req("a", "array"), opt("axis", "int", null), opt("dtype", "dtype", null), opt("out", "out", null)],
          kw: [],
        },
        impl: (a: Args) => {
          const r = R.scan(name, a.a, npAxis0d(a.a, a.axis, true), a.dtype ?? undefined);
          // integers scan into int64 in the kernels: a dtype asked for is the result's
          return intoOut(a.dtype && r.storage.dtype !== a.dtype ? castTo(r, a.dtype) : r, a.out, name);
        },
      }],
    },
    torch: {
      names: [name],
      methods: [name],
      inplace: [`${name}_`],
      overloads: [{
        sig: {
          pos: [req("input", "array"), req("dim", "int", { aliases: ["axis"] })],
          kw: [opt("dtype", "dtype", null), opt("out", "out", null)],
        },
        impl: (a: Args) => {
          const x: Operand = a.input;
          if (a.out && a.dtype && a.dtype !== (a.out as Operand).storage.dtype) {
            throw new RuntimeError(
              `Bad in-place call: input tensor dtype ${
                TORCH_TYPE_NAME[x.storage.dtype].toLowerCase()
              } and output tensor dtype ${TORCH_TYPE_NAME[a.dtype as DType].toLowerCase()} should match`,
            );
          }
          const d = normalizeAxis(name, a.dim, Math.max(x.layout.ndim, 1));
          // PyTorch scans in out's dtype when no dtype is given, as its sum does
          const dt: DType | undefined = a.dtype ?? a.out?.storage.dtype ?? undefined;
          if (dt === "bool") throw new RuntimeError(`"${name}_out_cpu" not implemented for 'Bool'`);
          const r = x.layout.ndim === 0 ? castTo(contiguous(x, true), dt ?? x.storage.dtype) : R.scan(name, x, d, dt);
          return intoOut(r, a.out, name);
        },
      }],
    },
  });
}

/** A binary kernel with PyTorch's promotion (the maximum/minimum overloads of max/min). */
function torchBinaryOp(fn: BinaryFn, x: Operand, y: Operand, ctx: Ctx, out?: Operand | null): Operand {
  return torchBinary(fn, "promote", x, y, ctx, out);
}
