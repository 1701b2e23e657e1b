/**
 * Numerical calculus over sampled data: np.gradient and torch.gradient
 * (second-order central differences inside, first- or second-order one-sided
 * differences at the edges, over uniform spacings or sample coordinates),
 * np.ediff1d, np.unwrap, np.trim_zeros and NumPy 2.1's cumulative_sum /
 * cumulative_prod (include_initial).
 *
 * np's forms run NumPy's sequence of operations on operands, so dtypes and
 * rounding follow it (a JS number spacing is NumPy's weak Python scalar, an
 * array spacing a strong one); torch.gradient is a composite of Tensor ops
 * written as ATen's gradient_helper, so autograd records it.
 */
import { type DType, isFloat } from "../../core/dtype.ts";
import { RuntimeError } from "../../core/errors.ts";
import { normalizeAxes, normalizeAxis, torchDim } from "../../core/shape.ts";
import { View } from "../../core/view.ts";
import { canCastSameKind, where as whereOp } from "../../ops/elementwise.ts";
import { concatenate } from "../../ops/join.ts";
import { atLeast1d, castTo, onHost, scalarOperand, toNested } from "../../ops/operand.ts";
import * as R from "../../ops/reduce.ts";
import * as U from "../../ops/ufuncs.ts";
import { type ArrayData, asOperand, toOperand } from "../convert.ts";
import { type Args, type Ctx, defineOp } from "../define.ts";
import { opt, req } from "../signature.ts";
import { isScalar, list, type Operand, promote, type Scalar, view } from "./common.ts";
import { uniqueDims } from "./index_extra.ts";
import { along } from "./math_extra2.ts";
import { intoOut } from "./reduce.ts";
import { npDiff, reshapeOp } from "./shape.ts";

/** The Tensor methods torch.gradient uses (api cannot import torch's class). */
interface T extends Operand {
  readonly dtype: DType;
  readonly ndim: number;
  readonly shape: readonly number[];
  narrow(dim: number, start: number, length: number): T;
  select(dim: number, index: number): T;
  add(o: T | number): T;
  sub(o: T | number): T;
  mul(o: T | number): T;
  div(o: T | number): T;
  neg(): T;
  diff(): T;
  reshape(shape: readonly number[]): T;
  item(): Scalar;
}
/** The torch functions torch.gradient calls. */
interface Fns {
  cat(ts: readonly T[], dim: number): T;
}
let F: Fns;
/** Gives torch.gradient the torch functions (set once by src/torch/functions.ts). */
export function setCalculusFns(f: unknown): void {
  F = f as Fns;
}

/** NumPy's integer dtypes (bool is not one: np.issubdtype(bool, np.integer) is false). */
const isNpInteger = (d: DType): boolean => d === "uint8" || d === "int32" || d === "int64";

/** An element of a 1-d operand as a 0-d view (a NumPy scalar: strong in promotion). */
const item0d = (x: Operand, i: number): Operand => {
  const n = x.layout.shape[0], k = i < 0 ? n + i : i;
  if (k < 0 || k >= n) throw new RangeError(`index ${i} is out of bounds for axis 0 with size ${n}`);
  return view(x, new View([], [], x.layout.offset + k * x.layout.strides[0], false));
};

// ---------- np.gradient ----------

/** A spacing: a JS number (NumPy's weak Python scalar), a 0-d operand (a NumPy scalar) or 1-d coordinate steps. */
type Step = number | Operand;

/** Arithmetic on steps: JS arithmetic on two numbers (Python's floats), NumPy's ufuncs otherwise. */
const arith =
  (js: (a: number, b: number) => number, np: (a: Operand | Scalar, b: Operand | Scalar) => Operand) =>
  (a: Step, b: Step): Step => typeof a === "number" && typeof b === "number" ? js(a, b) : np(a, b);
const add = arith((a, b) => a + b, U.add);
const mul = arith((a, b) => a * b, U.multiply), div = arith((a, b) => a / b, U.divide);
const neg = (a: Step): Step => typeof a === "number" ? -a : U.negative(a);
const isUniform = (d: Step): boolean => typeof d === "number" || d.layout.ndim === 0;

/** NumPy's reading of gradient's varargs: one spacing for all axes, or one per axis (scalars or coordinates). */
function npSpacings(f: Operand, axes: number[], varargs: readonly unknown[]): Step[] {
  const vals: Step[] = varargs.map((v) =>
    isScalar(v) ? Number(v) : asOperand(v) ?? toOperand("gradient", v as ArrayData)
  );
  if (vals.length === 0) return axes.map(() => 1);
  if (vals.length === 1 && isUniform(vals[0])) return axes.map(() => vals[0]);
  if (vals.length !== axes.length) throw new TypeError("invalid number of arguments");
  return vals.map((d, i) => {
    if (isUniform(d)) return d;
    const x = d as Operand;
    if (x.layout.ndim !== 1) throw new RangeError("distances must be either scalars or 1d");
    if (x.layout.shape[0] !== f.layout.shape[axes[i]]) {
      throw new RangeError("when 1d, distances must match the length of the corresponding dimension");
    }
    // integer coordinates difference in float64 (no modular arithmetic)
    const dx = npDiff(isNpInteger(x.storage.dtype) ? castTo(x, "float64") : x, 1, 0, null, null);
    // constant steps reduce to the scalar dx[0], as NumPy's
    const first = item0d(dx, 0);
    const same = onHost(R.all(U.equal(dx, first)));
    return toNested(same) === true ? first : dx;
  });
}

/** A coordinate-step operand laid out along `axis` of an ndim-d array (NumPy's a.shape = [1, ..., -1, ..., 1]). */
function alongAxis(x: Operand, axis: number, ndim: number): Operand {
  const shape = Array.from({ length: ndim }, (_, i) => (i === axis ? x.layout.shape[0] : 1));
  const strides = shape.map((_, i) => (i === axis ? x.layout.strides[0] : 0));
  return view(x, new View(shape, strides, x.layout.offset, false));
}

/** Weights a * f[i] + b * f[j] + c * f[k] (the non-uniform and second-order formulas). */
const weighted = (w: Step[], fs: Operand[]): Operand =>
  fs.map((fi, i) => mul(w[i], fi) as Operand).reduce((s, t) => U.add(s, t));

/** NumPy's gradient along one axis: central differences inside, one-sided of order `edge` at both ends. */
function npGradientAxis(f: Operand, ax: number, d: Step, edge: number, otype: DType): Operand {
  const n = f.layout.shape[ax];
  if (n < edge + 1) {
    throw new RangeError(
      "Shape of array too small to calculate a numerical gradient, at least (edge_order + 1) elements are required.",
    );
  }
  const s = (start: number, count = 1) => along(f, ax, start, count);
  const nd = f.layout.ndim, uniform = isUniform(d);
  let mid: Operand;
  if (uniform) mid = U.divide(U.subtract(s(2, n - 2), s(0, n - 2)), mul(2, d));
  else {
    const x = d as Operand, m = x.layout.shape[0];
    const dx1 = along(x, 0, 0, m - 1), dx2 = along(x, 0, 1, m - 1);
    const a = U.divide(U.negative(dx2), U.multiply(dx1, U.add(dx1, dx2)));
    const b = U.divide(U.subtract(dx2, dx1), U.multiply(dx1, dx2));
    const c = U.divide(dx1, U.multiply(dx2, U.add(dx1, dx2)));
    mid = weighted([a, b, c].map((w) => alongAxis(w, ax, nd)), [s(0, n - 2), s(1, n - 2), s(2, n - 2)]);
  }
  const at = (i: number): Step => (uniform ? d : item0d(d as Operand, i));
  let first: Operand, last: Operand;
  // NumPy takes the second-order branch for every edge_order but 1
  if (edge === 1) {
    first = U.divide(U.subtract(s(1), s(0)), at(0));
    last = U.divide(U.subtract(s(n - 1), s(n - 2)), at(-1));
  } else {
    let w: Step[];
    if (uniform) w = [div(-1.5, d), div(2, d), div(-0.5, d)];
    else {
      const dx1 = at(0), dx2 = at(1), both = add(dx1, dx2);
      w = [div(neg(add(mul(2, dx1), dx2)), mul(dx1, both)), div(both, mul(dx1, dx2)), div(neg(dx1), mul(dx2, both))];
    }
    first = weighted(w, [s(0), s(1), s(2)]);
    if (uniform) w = [div(0.5, d), div(-2, d), div(1.5, d)];
    else {
      const dx1 = at(-2), dx2 = at(-1), both = add(dx1, dx2);
      w = [
        div(dx2, mul(dx1, both)),
        div(neg(add(dx2, dx1)), mul(dx1, dx2)),
        div(add(mul(2, dx2), dx1), mul(dx2, both)),
      ];
    }
    last = weighted(w, [s(n - 3), s(n - 2), s(n - 1)]);
  }
  // NumPy writes the three parts into an array of the output dtype
  return concatenate([first, mid, last].map((p) => castTo(p, otype)), ax, otype);
}

/** np.gradient: one array per axis (a single array when one axis is asked for). */
function npGradient(a: Args): Operand | Operand[] {
  const f0: Operand = a.f, nd = f0.layout.ndim;
  const axes = a.axis === null ? [...Array(nd).keys()] : normalizeAxes("gradient", list(a.axis), nd);
  const steps = npSpacings(f0, axes, a.varargs);
  if (a.edgeOrder > 2) throw new RangeError("'edge_order' greater than 2 not supported");
  const dt = f0.storage.dtype, otype: DType = isFloat(dt) ? dt : "float64";
  // integers compute in float64 (no modular arithmetic); bool stays bool (its subtraction is NumPy's TypeError)
  const f = isNpInteger(dt) ? castTo(f0, "float64") : f0;
  const outs = axes.map((ax, i) => npGradientAxis(f, ax, steps[i], a.edgeOrder, otype));
  return outs.length === 1 ? outs[0] : outs;
}

// ---------- torch.gradient ----------

/** ATen's gradient_helper_float: a number spacing per dim. */
function torchGradientUniform(x: T, d: number, dx: number, edge: number): T {
  const n = x.shape[d];
  const center = x.narrow(d, 2, n - 2).sub(x.narrow(d, 0, n - 2)).div(dx);
  let pre: T, app: T;
  if (edge === 1) {
    pre = x.narrow(d, 1, 1).sub(x.narrow(d, 0, 1)).div(dx);
    app = x.narrow(d, -1, 1).sub(x.narrow(d, -2, 1)).div(dx);
  } else {
    pre = x.narrow(d, 0, 1).mul(-1.5).add(x.narrow(d, 1, 1).mul(2)).sub(x.narrow(d, 2, 1).mul(0.5)).div(dx);
    app = x.narrow(d, -3, 1).mul(0.5).add(x.narrow(d, -2, 1).mul(-2)).add(x.narrow(d, -1, 1).mul(1.5)).div(dx);
  }
  return F.cat([pre, center.div(2), app], d);
}

/** ATen's gradient_helper: the sample coordinates of each dim (1-d tensors). */
function torchGradientCoords(x: T, d: number, coords: T, edge: number): T {
  if (coords.ndim !== 1) {
    throw new RuntimeError(
      `torch.gradient expected each element of spacing to have one dimension, but got an element with ${coords.ndim} dimensions!`,
    );
  }
  const n = x.shape[d], shape = x.shape.map((_, i) => (i === d ? -1 : 1));
  const h = coords.diff(), m = h.shape[0];
  const dx1 = h.narrow(0, 0, Math.max(m - 1, 0)), dx2 = h.narrow(0, Math.min(1, m), Math.max(m - 1, 0));
  const a = dx2.neg().div(dx1.mul(dx1.add(dx2))).reshape(shape);
  const b = dx2.sub(dx1).div(dx1.mul(dx2)).reshape(shape);
  const c = dx1.div(dx2.mul(dx1.add(dx2))).reshape(shape);
  const center = a.mul(x.narrow(d, 0, n - 2)).add(b.mul(x.narrow(d, 1, n - 2))).add(c.mul(x.narrow(d, 2, n - 2)));
  let pre: T, app: T;
  if (edge === 1) {
    pre = x.narrow(d, 1, 1).sub(x.narrow(d, 0, 1)).div(h.select(0, 0));
    app = x.narrow(d, -1, 1).sub(x.narrow(d, -2, 1)).div(h.select(0, -1));
  } else {
    const h0 = h.select(0, 0), h1 = h.select(0, 1), hn = h.select(0, -1), hm = h.select(0, -2);
    const wa = h0.mul(2).add(h1).neg().div(h0.mul(h0.add(h1)));
    const wb = h0.add(h1).div(h0.mul(h1));
    const wc = h0.neg().div(h1.mul(h0.add(h1)));
    pre = wa.mul(x.narrow(d, 0, 1)).add(wb.mul(x.narrow(d, 1, 1))).add(wc.mul(x.narrow(d, 2, 1)));
    const za = hn.div(hm.mul(hn.add(hm)));
    const zb = hn.add(hm).neg().div(hn.mul(hm));
    const zc = hn.mul(2).add(hm).div(hn.mul(hn.add(hm)));
    app = za.mul(x.narrow(d, -3, 1)).add(zb.mul(x.narrow(d, -2, 1))).add(zc.mul(x.narrow(d, -1, 1)));
  }
  return F.cat([pre, center, app], d);
}

/**
 * torch.gradient's overloads (spacing: none, a number, numbers or 1-d tensors; dim: none, one or a list) and
 * pre_check_gradient's checks, then one gradient per dim.
 */
function torchGradient(a: Args): T[] {
  const x: T = a.input, edge: number = a.edgeOrder, dim: number | number[] | null = a.dim;
  const sp: unknown = a.spacing;
  if (x.dtype === "uint8") throw new RuntimeError("torch.gradient does not support uint8 input.");
  // a 0-d tensor spacing is a Number (its value)
  const spacing = isScalar(sp) || sp === null ? sp : asOperand(sp) && (sp as T).ndim === 0 ? (sp as T).item() : sp;
  const dims = dim === null ? [...Array(x.ndim).keys()] : list(dim);
  let steps: (number | T)[];
  if (spacing === null || isScalar(spacing)) steps = dims.map(() => spacing === null ? 1 : Number(spacing));
  else {
    if (!Array.isArray(spacing) || spacing.length === 0) {
      throw new TypeError("gradient(): argument 'spacing' must be a number or a list of numbers or of tensors");
    }
    // tensors of the input's class (an ndarray is none: PyTorch's "must be tuple of Tensors")
    const Tensor = x.constructor as abstract new (...args: never[]) => unknown;
    const allNumbers = spacing.every((v) => isScalar(v)), allTensors = spacing.every((v) => v instanceof Tensor);
    if (!allNumbers && !allTensors) {
      throw new TypeError("gradient(): argument 'spacing' must be a number or a list of numbers or of tensors");
    }
    steps = spacing.map((v) => (isScalar(v) ? Number(v) : v as T));
    if (dim === null && steps.length !== x.ndim) {
      throw new RuntimeError(
        "torch.gradient expected spacing to be unspecified, a scalar, or a list of length equal to " +
          `'self.dim() = ${x.ndim}', since dim argument was not given, but got a list of length ${steps.length}`,
      );
    }
    if (dim !== null && steps.length !== dims.length) {
      throw new RuntimeError(
        "torch.gradient expected spacing to be unspecified, a scalar or it's spacing and dim arguments to have " +
          `the same length, but got a spacing argument of length ${steps.length} and a dim argument of length ${dims.length}.`,
      );
    }
  }
  if (edge !== 1 && edge !== 2) throw new RuntimeError("torch.gradient only supports edge_order=1 and edge_order=2.");
  const ds = dim === null ? dims : uniqueDims(dims.map((d) => torchDim(d, x.ndim)));
  if (ds.some((d) => x.shape[d] < edge + 1)) {
    throw new RuntimeError("torch.gradient expected each dimension size to be at least edge_order+1");
  }
  return ds.map((d, i) => {
    const s = steps[i];
    return typeof s === "number" ? torchGradientUniform(x, d, s, edge) : torchGradientCoords(x, d, s, edge);
  });
}

// ---------- ediff1d, unwrap, trim_zeros ----------

/** An ediff1d edge (to_begin / to_end), flattened, after NumPy's same_kind check against the input's dtype. */
function ediffEdge(v: Operand | Scalar, dt: DType, which: string, ctx: Ctx): Operand {
  const o = isScalar(v) ? scalarOperand(v, promote(ctx, v)) : v;
  if (!canCastSameKind(o.storage.dtype, dt)) {
    throw new TypeError(`dtype of \`${which}\` must be compatible with input \`ary\` under the \`same_kind\` rule.`);
  }
  return castTo(reshapeOp("ediff1d", o, [o.layout.size]), dt);
}

/** np.ediff1d: the differences of the flattened input, with to_begin / to_end joined (the input's dtype). */
function npEdiff1d(a: Args, ctx: Ctx): Operand {
  const x0: Operand = a.ary, x = reshapeOp("ediff1d", x0, [x0.layout.size]);
  const n = x.layout.size, m = Math.max(n - 1, 0);
  const d = U.subtract(along(x, 0, Math.min(1, n), m), along(x, 0, 0, m));
  if (a.toBegin === null && a.toEnd === null) return d;
  const dt = x.storage.dtype;
  const begin = a.toBegin === null ? [] : [ediffEdge(a.toBegin, dt, "to_begin", ctx)];
  const end = a.toEnd === null ? [] : [ediffEdge(a.toEnd, dt, "to_end", ctx)];
  return concatenate([...begin, castTo(d, dt), ...end], 0, dt);
}

/** np.unwrap: differences larger than discont (default period / 2) are moved by multiples of period. */
function npUnwrap(a: Args, ctx: Ctx): Operand {
  const p: Operand = a.p, period: number = a.period;
  const dd = npDiff(p, 1, a.axis, null, null), ax = normalizeAxis("unwrap", a.axis, p.layout.ndim);
  const discont: number = a.discont ?? period / 2;
  const dtype = promote(ctx, dd, period);
  let high: number, ambiguous: boolean;
  if (isFloat(dtype)) [high, ambiguous] = [period / 2, true];
  else {
    // Python's divmod(period, 2)
    high = Math.floor(period / 2);
    ambiguous = period - 2 * high === 0;
  }
  const low = -high;
  let ddmod = U.add(U.mod(U.subtract(dd, low), period), low);
  if (ambiguous) {
    // a difference of exactly period / 2 keeps its sign
    const flip = U.logicalAnd(U.equal(ddmod, low), U.greater(dd, 0));
    ddmod = whereOp(flip, scalarOperand(high, ddmod.storage.dtype), ddmod);
  }
  let correct = U.subtract(ddmod, dd);
  correct = whereOp(U.less(U.abs(dd), discont), scalarOperand(0, correct.storage.dtype), correct);
  const n = p.layout.shape[ax];
  if (n === 0) return castTo(p, dtype);
  const rest = U.add(along(p, ax, 1, n - 1), R.scan("cumsum", correct, ax));
  return concatenate([castTo(along(p, ax, 0, 1), dtype), castTo(rest, dtype)], ax, dtype);
}

const TRIMS = ["fb", "bf", "f", "b"];

/** np.trim_zeros: a view without the leading ('f') and trailing ('b') zero slices along the axes (all by default). */
function npTrimZeros(a: Args): Operand {
  const x: Operand = a.filt, trim = (a.trim as string).toLowerCase(), nd = x.layout.ndim;
  if (!TRIMS.includes(trim)) throw new RangeError(`unexpected character(s) in \`trim\`: '${trim}'`);
  const axes = a.axis === null ? [...Array(nd).keys()] : normalizeAxes("trim_zeros", list(a.axis), nd);
  if (axes.length === 0) return x;
  const nz = castTo(x, "bool");
  // the first and last index of a non-zero element along each axis (NumPy's argwhere min / max), none: [0, 0)
  const bounds = axes.map((ax) => {
    const others = [...Array(nd).keys()].filter((d) => d !== ax);
    const hit = toNested(onHost(R.any(nz, others))) as boolean[];
    return [hit.indexOf(true), hit.lastIndexOf(true) + 1];
  });
  const empty = bounds.some(([lo]) => lo < 0);
  let layout = x.layout;
  axes.forEach((ax, i) => {
    const n = x.layout.shape[ax];
    const lo = empty ? 0 : trim.includes("f") ? bounds[i][0] : 0;
    const hi = empty ? 0 : trim.includes("b") ? bounds[i][1] : n;
    layout = layout.slice(ax, lo, hi - lo, 1);
  });
  return view(x, layout);
}

// ---------- cumulative_sum / cumulative_prod ----------

/** np.cumulative_sum / cumulative_prod: the running sums (products) along axis, the identity first when asked. */
function npCumulative(name: "cumsum" | "cumprod") {
  const op = name === "cumsum" ? "cumulative_sum" : "cumulative_prod", identity = name === "cumsum" ? 0 : 1;
  return (a: Args): Operand => {
    const x = atLeast1d(a.x), nd = x.layout.ndim, out: Operand | null = a.out;
    if (a.axis === null && nd >= 2) {
      throw new RangeError("For arrays which have more than one dimension ``axis`` argument is required.");
    }
    const ax = normalizeAxis(op, a.axis ?? 0, nd);
    const dt: DType | undefined = a.dtype ?? undefined;
    let r = R.scan(name, x, ax, dt);
    // the kernels scan integers in int64: a dtype asked for is the result's
    if (dt && r.storage.dtype !== dt) r = castTo(r, dt);
    if (a.includeInitial) {
      const shape = [...x.layout.shape];
      shape[ax] = 1;
      const init = scalarOperand(identity, r.storage.dtype);
      r = concatenate([view(init, init.layout.expand("cumulative", shape)), r], ax);
    }
    // accumulate writes into out with unsafe casting (float sums truncate into an integer out)
    return intoOut(r, out, op);
  };
}

const cumulativeSig = () =>
  ({
    pos: [req("x", "array")],
    kw: [
      opt("axis", "int", null),
      opt("dtype", "dtype", null),
      opt("out", "out", null),
      opt("includeInitial", "bool", false),
    ],
  }) as const;

/** The ops. */
export const CALCULUS = {
  gradient: defineOp({
    name: "gradient",
    doc: "The derivative estimated from samples: central differences inside, one-sided at the edges (per axis).",
    np: {
      names: ["gradient"],
      overloads: [{
        sig: {
          // spacings spread (`gradient(f, 2, x)`) or as one list (`gradient(f, [2, x])`, `{ varargs: [...] }`): a
          // lone JS list is that list, so coordinates go as arrays (`gradient(f, np.array([0, 1, 3]))`)
          pos: [req("f", "array"), req("varargs", "any", { varargs: true })],
          kw: [opt("axis", "ints", null), opt("edgeOrder", "int", 1)],
        },
        returns: "any",
        impl: npGradient,
      }],
    },
    torch: {
      names: ["gradient"],
      overloads: [{
        sig: {
          pos: [req("input", "array")],
          kw: [opt("spacing", "any", null), opt("dim", "ints", null), opt("edgeOrder", "int", 1)],
        },
        returns: "arrays",
        composite: true,
        impl: torchGradient,
      }],
    },
  }),
  ediff1d: defineOp({
    name: "ediff1d",
    doc: "The differences between consecutive elements of the flattened array, with values joined before and after.",
    np: {
      names: ["ediff1d"],
      overloads: [{
        sig: {
          pos: [req("ary", "array"), opt("toEnd", "arrayOrScalar", null), opt("toBegin", "arrayOrScalar", null)],
          kw: [],
        },
        impl: npEdiff1d,
      }],
    },
  }),
  unwrap: defineOp({
    name: "unwrap",
    doc: "Unwraps a signal by moving jumps larger than discont by multiples of period (2 pi by default).",
    np: {
      names: ["unwrap"],
      overloads: [{
        sig: {
          pos: [req("p", "array"), opt("discont", "number", null), opt("axis", "int", -1)],
          kw: [opt("period", "number", 2 * Math.PI)],
        },
        impl: npUnwrap,
      }],
    },
  }),
  trimZeros: defineOp({
    name: "trimZeros",
    doc: "A view without the leading and/or trailing zeros along the axes (all axes by default).",
    np: {
      names: ["trimZeros"],
      overloads: [{
        sig: { pos: [req("filt", "array"), opt("trim", "string", "fb"), opt("axis", "ints", null)], kw: [] },
        impl: npTrimZeros,
      }],
    },
  }),
  cumulativeSum: defineOp({
    name: "cumulativeSum",
    doc: "The running sums along axis (optional for 1-d input), with the initial 0 first when includeInitial.",
    np: { names: ["cumulativeSum"], overloads: [{ sig: cumulativeSig(), impl: npCumulative("cumsum") }] },
  }),
  cumulativeProd: defineOp({
    name: "cumulativeProd",
    doc: "The running products along axis (optional for 1-d input), with the initial 1 first when includeInitial.",
    np: { names: ["cumulativeProd"], overloads: [{ sig: cumulativeSig(), impl: npCumulative("cumprod") }] },
  }),
};
