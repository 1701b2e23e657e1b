/**
 * More element-wise math written from existing ops: angle conversions
 * (deg2rad, rad2deg), float_power (in float64), fabs, isposinf / isneginf,
 * modf, logaddexp2, and torch's clamp_min / clamp_max, sgn, logit and xlogy.
 *
 * np's forms run on operands with NumPy's float-ufunc dtype rules; torch's
 * are composites (written with Tensor ops, so autograd records their steps);
 * the torch functions they need besides Tensor methods come from
 * src/torch/functions.ts (api cannot import torch).
 */
import { type DType, isFloat, promoteTypes, TORCH_TYPE_NAME } from "../../core/dtype.ts";
import { RuntimeError } from "../../core/errors.ts";
import { where as whereOp } from "../../ops/elementwise.ts";
import { normalizeAxis } from "../../core/shape.ts";
import { View } from "../../core/view.ts";
import { concatenate } from "../../ops/join.ts";
import { atLeast1d, castTo, contiguous, empty, onHost, toDevice, zeros } from "../../ops/operand.ts";
import * as R from "../../ops/reduce.ts";
import * as U from "../../ops/ufuncs.ts";
import { type Args, type Ctx, defineOp } from "../define.ts";
import { opt, req } from "../signature.ts";
import {
  checkFoundDtype,
  deviceOf,
  floatOf,
  isScalar,
  npUfuncOut,
  type Operand,
  operandOf,
  promote,
  type Scalar,
  torchCastOut,
  torchSameOut,
} from "./common.ts";
import { NP_BINARY, NP_UNARY, TORCH_UNARY } from "./elementwise.ts";
import { npFloatLoop, npNoLoop } from "./math_extra.ts";
import { intoOut } from "./reduce.ts";

/** The Tensor methods the composites use (api cannot import torch's class). */
interface T extends Operand {
  readonly dtype: DType;
  readonly device: string;
  to(dtype: DType): T;
  mul(o: T | number): T;
  div(o: T | number): T;
  add(o: T | number): T;
  neg(): T;
  log(): T;
  eq(o: T | number): T;
  le(o: T | number): T;
  isnan(): T;
  isinf(): T;
  signbit(): T;
  sign(): T;
  logicalNot(): T;
  logicalAnd(o: T): T;
  maximum(o: T): T;
  minimum(o: T): T;
  clamp(min: T | Scalar | null, max: T | Scalar | null): T;
  readonly shape: readonly number[];
  readonly ndim: number;
  narrow(dim: number, start: number, length: number): T;
  select(dim: number, index: number): T;
  sum(dim: number): T;
  cumsum(dim: number): T;
  reshape(shape: readonly number[]): T;
  sub(o: T | number): T;
}
/** The torch functions the composites call. */
interface Fns {
  logaddexp(a: T, b: T): T;
  pow(a: T | Scalar, b: T | Scalar): T;
  where(c: T, x: T | Scalar, y: T | Scalar): T;
  tensor(v: Scalar, o: { dtype: DType; device: string }): T;
  zeros(shape: readonly number[], o: { dtype: DType; device: string }): T;
}
let F: Fns;
/** Gives these composites the torch functions (set once by src/torch/functions.ts). */
export function setMathExtra2Fns(f: unknown): void {
  F = f as Fns;
}

const LN2 = Math.LN2;

/** A float-only NumPy ufunc of one input: `f` runs in the float loop the input (or `dtype`) picks. */
function npFloatUnary(name: string, f: (x: Operand) => Operand) {
  return (a: Args): Operand => {
    if (a.dtype && !isFloat(a.dtype)) throw npNoLoop(name);
    return intoOut(f(castTo(a.x, a.dtype ?? npFloatLoop(a.x.storage.dtype))), a.out, name, npUfuncOut(name));
  };
}

/** x * pi / 180 (or 180 / pi), as NumPy's loops round it: the factor in the loop's dtype. */
const npAngle = (toRad: boolean) => (x: Operand): Operand => {
  const pi = x.storage.dtype === "float32" ? Math.fround(Math.PI) : Math.PI;
  return U.multiply(x, toRad ? pi / 180 : 180 / pi);
};

/** torch's float ops of one input: integers and bool compute in the default float dtype. */
const torchFloat = (x: T, ctx: Ctx): T => isFloat(x.dtype) ? x : x.to(ctx.defaultFloat);

/** The receiver of a torch in-place twin gets the result under PyTorch's canCast. */
const INPLACE = { inplaceDtype: torchCastOut } as const;

/** deg2rad / rad2deg for both front-ends (np's radians / degrees are the same ufuncs). */
function angleDecl<const N extends string, const A extends string>(np: [N, A], toRad: boolean, doc: string) {
  return defineOp({
    name: np[0],
    doc,
    np: { names: np, overloads: [{ sig: NP_UNARY, impl: npFloatUnary(np[0], npAngle(toRad)) }] },
    torch: {
      names: [np[0]],
      methods: [np[0]],
      inplace: [`${np[0]}_` as `${N}_`],
      overloads: [{
        sig: TORCH_UNARY,
        composite: true,
        ...INPLACE,
        impl: (a: Args, ctx: Ctx): T => torchFloat(a.input, ctx).mul(toRad ? Math.PI / 180 : 180 / Math.PI),
      }],
    },
  });
}

/** isposinf / isneginf: infinities of one sign (never for integers). */
function infDecl<const N extends "isposinf" | "isneginf">(name: N) {
  const pos = name === "isposinf";
  return defineOp({
    name,
    doc: `Whether each element is ${pos ? "+" : "-"}inf (false for integers).`,
    np: {
      names: [name],
      overloads: [{
        sig: { pos: [req("x", "array"), opt("out", "out", null)], kw: [] },
        impl: (a: Args): Operand => {
          const s = U.signbit(a.x);
          return U.logicalAnd(U.isinf(a.x), pos ? U.logicalNot(s) : s, a.out ?? undefined);
        },
      }],
    },
    torch: {
      names: [name],
      methods: [name],
      overloads: [{
        sig: TORCH_UNARY,
        composite: true,
        outDtype: torchSameOut(() => `${name} does not support non-boolean outputs.`),
        impl: (a: Args): T => {
          const x: T = a.input, s = x.signbit();
          return x.isinf().logicalAnd(pos ? s.logicalNot() : s);
        },
      }],
    },
  });
}

/** clamp_min / clamp_max's signature with a tensor or a number bound. */
const clampSig = <B extends "min" | "max", K extends "array" | "scalar">(bound: B, kind: K) =>
  ({ pos: [req("input", "array"), req(bound, kind)], kw: [opt("out", "out", null)] }) as const;

/** clamp with one bound (a bool result: PyTorch has no kernel for a number bound, a tensor one is maximum / minimum). */
const clampImpl = (bound: "min" | "max") => (a: Args, ctx: Ctx): T => {
  const x: T = a.input, b: T | Scalar = a[bound];
  if (promote(ctx, x, b) === "bool") {
    if (isScalar(b)) throw new RuntimeError(`"clamp_${bound}_scalar_cpu" not implemented for 'Bool'`);
    return bound === "min" ? x.maximum(b) : x.minimum(b);
  }
  return x.clamp(bound === "min" ? b : null, bound === "max" ? b : null);
};

/** torch.clamp_min / clamp_max: clamp with one bound. */
function clampDecl<const N extends "clampMin" | "clampMax">(name: N) {
  const bound = (name === "clampMin" ? "min" : "max") as N extends "clampMin" ? "min" : "max";
  return defineOp({
    name,
    doc: `clamp(input, ${bound}=${bound}): a bound of one side only.`,
    torch: {
      names: [name],
      methods: [name],
      inplace: [`${name}_` as `${N}_`],
      // PyTorch's out of a tensor bound takes any dtype the result casts to, of a number bound only the result's
      overloads: [
        { sig: clampSig(bound, "array"), composite: true, ...INPLACE, impl: clampImpl(bound) },
        {
          sig: clampSig(bound, "scalar"),
          composite: true,
          outDtype: checkFoundDtype,
          ...INPLACE,
          impl: clampImpl(bound),
        },
      ],
    },
  });
}

/** PyTorch's float-only kernels: its error for the promoted dtype of integers and bool. */
function torchFloatsOnly(kernel: string, d: DType): void {
  if (!isFloat(d)) throw new RuntimeError(`"${kernel}" not implemented for '${TORCH_TYPE_NAME[d]}'`);
}

/** torch.xlogy: input * log(other), 0 where input is 0 unless other is NaN; JS numbers become 0-d tensors. */
function xlogy(a: Args, ctx: Ctx): T {
  const x: T | Scalar = a.input, y: T | Scalar = a.other;
  if (isScalar(x) && isScalar(y)) throw new TypeError("xlogy(): expected at least one tensor operand");
  const dt = floatOf(ctx, promote(ctx, x, y));
  const device = (isScalar(x) ? y as T : x).device;
  const t = (v: T | Scalar) => isScalar(v) ? F.tensor(v, { dtype: dt, device }) : v.to(dt);
  const xt = t(x), yt = t(y);
  // input * log(other) with log(other) zeroed where input is 0 and other <= 0: d/dinput is then PyTorch's
  // xlogy(grad, other) masked there, d/dother input / other
  const zero = xt.eq(0);
  const r = xt.mul(F.where(zero.logicalAnd(yt.le(0)), 0, yt.log()));
  return F.where(zero.logicalAnd(yt.isinf()).logicalAnd(yt.signbit().logicalNot()), 0, r); // (0 * log(inf) is NaN; xlogy(0, inf) is 0)
}

/** x[start:start + count] along axis, a view. */
export const along = (x: Operand, axis: number, start: number, count: number): Operand => ({
  storage: x.storage,
  layout: x.layout.slice(axis, start, count, 1),
});

/** np.trapezoid: sum(d * (y[1:] + y[:-1]) / 2) along axis, d the spacing dx or the differences of x. */
function npTrapezoid(y: Operand, x: Operand | null, dx: number, axis: number): Operand {
  const ax = normalizeAxis("trapezoid", axis, y.layout.ndim), m = Math.max(y.layout.shape[ax] - 1, 0);
  let d: Operand | number = dx;
  if (x) {
    const xa = x.layout.ndim === 1 ? 0 : ax, k = Math.max(x.layout.shape[xa] - 1, 0);
    // np.diff's: bool differences are not_equal
    d = (x.storage.dtype === "bool" ? U.notEqual : U.subtract)(along(x, xa, 1, k), along(x, xa, 0, k));
    if (x.layout.ndim === 1) {
      // a 1-d x spans the axis of y
      const shape = y.layout.shape.map((_, i) => (i === ax ? k : 1)), strides = shape.map(() => 0);
      strides[ax] = d.layout.strides[0];
      d = { storage: d.storage, layout: new View(shape, strides, d.layout.offset, false) };
    }
  }
  return R.sum(U.divide(U.multiply(d, U.add(along(y, ax, 1, m), along(y, ax, 0, m))), 2), ax);
}

/** torch's trapezoid family's check of y's (and x's) dtype. */
function noBoolSamples(op: string, y: T, x?: T): void {
  if (y.dtype === "bool" || x?.dtype === "bool") {
    throw new RuntimeError(`${op}: received a bool input for \`${x ? "x` or `y" : "y"}\`, but bool is not supported`);
  }
}

/** x's differences along dim, laid out to broadcast with y's (a 1-d x spans dim; fewer dims get leading ones). */
function torchSpacing(op: string, y: T, x: T, dim: number): T {
  let xv = x;
  if (x.ndim === 1) {
    if (x.shape[0] !== y.shape[dim]) {
      throw new RuntimeError(`${op}: There must be one \`x\` value for each sample point`);
    }
    xv = x.reshape(y.shape.map((n, i) => (i === dim ? n : 1)));
  } else if (x.ndim < y.ndim) xv = x.reshape([...Array(y.ndim - x.ndim).fill(1), ...x.shape]);
  const n = xv.shape[dim];
  return xv.narrow(dim, 1, n - 1).sub(xv.narrow(dim, 0, n - 1));
}

/** y[1:] + y[:-1] along dim. */
const pairSums = (y: T, dim: number): T => {
  const n = y.shape[dim], m = Math.max(n - 1, 0);
  return y.narrow(dim, Math.min(n, 1), m).add(y.narrow(dim, 0, m));
};

/** torch.trapezoid / trapz as ATen's: a number dx scales sum(y) less half the ends; x's spacing weighs pair sums. */
function torchTrapezoid(a: Args): T {
  const y: T = a.y, x: T | undefined = a.x ?? undefined, dim = torchDimOf(a.dim, y);
  if (y.shape[dim] === 0) {
    return F.zeros(y.shape.filter((_, i) => i !== dim), { dtype: y.dtype, device: y.device });
  }
  noBoolSamples("trapezoid", y, x);
  if (x) return torchSpacing("trapezoid", y, x, dim).mul(pairSums(y, dim)).sum(dim).div(2);
  return y.sum(dim).sub(y.select(dim, 0).add(y.select(dim, -1)).mul(0.5)).mul(a.dx ?? 1);
}

/** torch.cumulative_trapezoid: the running trapezoid sums along dim. */
function torchCumulativeTrapezoid(a: Args, ctx: Ctx): T {
  const y: T = a.y, x: T | undefined = a.x ?? undefined, dim = torchDimOf(a.dim, y);
  noBoolSamples("cumulative_trapezoid", y, x);
  if (x) return torchSpacing("cumulative_trapezoid", y, x, dim).mul(pairSums(y, dim)).div(2).cumsum(dim);
  // dx / 2. is a Python float there: integer samples give floats
  return torchFloat(pairSums(y, dim), ctx).mul((a.dx ?? 1) / 2).cumsum(dim);
}

/** PyTorch's dim check (a 0-d y has none: "Dimension specified as -1 but tensor has no dimensions"). */
function torchDimOf(dim: number, y: T): number {
  if (y.ndim === 0) throw new RangeError(`Dimension specified as ${dim} but tensor has no dimensions`);
  return normalizeAxis("trapezoid", dim, y.ndim);
}

/** torch's trapezoid overloads: (y, x, *, dim) and (y, *, dx, dim). */
function trapezoidOverloads(impl: (a: Args, ctx: Ctx) => T) {
  return [
    {
      sig: { pos: [req("y", "array"), req("x", "array")], kw: [opt("dim", "int", -1)] },
      composite: true,
      impl,
    },
    {
      sig: { pos: [req("y", "array")], kw: [opt("dx", "number", null), opt("dim", "int", -1)] },
      composite: true,
      impl,
    },
  ] as const;
}

/** np.polyval: Horner's rule over p's first axis (each p[i] a NumPy scalar, so dtypes promote as arrays). */
function npPolyval(p: Operand, x: Operand): Operand {
  const v = p.layout;
  if (v.ndim === 0) throw new TypeError("iteration over a 0-d array");
  let y = zeros(x.layout.shape, x.storage.dtype, x.storage.device);
  for (let i = 0; i < v.shape[0]; i++) {
    const pv = {
      storage: p.storage,
      layout: new View(v.shape.slice(1), v.strides.slice(1), v.offset + i * v.strides[0]),
    };
    y = U.add(U.multiply(y, x), pv);
  }
  return y;
}

const MODES = ["valid", "same", "full"];

/**
 * NumPy's correlate of 1-d arrays (multiarray.correlate2): the shorter one slides over the longer one padded with
 * zeros (none for valid, m / 2 on the left for same, m - 1 each side for full); swapped inputs reverse the result.
 */
function npCorrelate(a: Operand, v: Operand, mode: string): Operand {
  if (!MODES.includes(mode)) throw new RangeError(`mode must be one of 'valid', 'same', or 'full' (got '${mode}')`);
  if (a.layout.ndim !== 1 || v.layout.ndim !== 1) {
    throw new RangeError(
      a.layout.ndim > 1 || v.layout.ndim > 1
        ? "object too deep for desired array"
        : "object of too small depth for desired array",
    );
  }
  const swap = v.layout.size > a.layout.size, [x, w] = swap ? [v, a] : [a, v];
  const n = x.layout.size, m = w.layout.size, dt = promoteTypes(a.storage.dtype, v.storage.dtype);
  if (m === 0) throw new RangeError(`${swap ? "first" : "second"} array argument cannot be empty`);
  const left = mode === "valid" ? 0 : mode === "same" ? m >> 1 : m - 1,
    right = mode === "full" ? m - 1 : mode === "same" ? m - left - 1 : 0;
  const dev = x.storage.device, pad = (k: number) => zeros([k], dt, dev);
  const padded = contiguous(concatenate([pad(left), castTo(x, dt), pad(right)], 0, dt), true);
  const k = n + left + right - m + 1;
  const windows = { storage: padded.storage, layout: new View([k, m], [1, 1], padded.layout.offset, false) };
  const wt = castTo(w, dt);
  // bool products sum as logical or (NumPy's bool dot); integers wrap in their dtype as NumPy's loop
  const r = dt === "bool" ? R.any(U.logicalAnd(windows, wt), 1) : castTo(R.sum(U.multiply(windows, wt), 1), dt);
  return swap ? contiguous({ storage: r.storage, layout: r.layout.slice(0, k - 1, k, -1) }, true) : r;
}

/** np.convolve: correlate with the shorter input reversed (either empty is an error). */
function npConvolve(a: Operand, v: Operand, mode: string): Operand {
  // np.array(..., ndmin=1)
  const a1 = atLeast1d(a), v1 = atLeast1d(v);
  const [x, w] = v1.layout.size > a1.layout.size ? [v1, a1] : [a1, v1];
  if (x.layout.size === 0) throw new RangeError("a cannot be empty");
  if (w.layout.size === 0) throw new RangeError("v cannot be empty");
  const n = w.layout.size;
  return npCorrelate(x, { storage: w.storage, layout: w.layout.slice(0, n - 1, n, -1) }, mode);
}

/** The float64 elements of x in C order, on the host. */
const f64Data = (x: Operand): Float64Array => {
  const c = contiguous(onHost(castTo(x, "float64")), true);
  return (c.storage.data as Float64Array).subarray(c.layout.offset, c.layout.offset + c.layout.size);
};

/** Python's float modulo by a positive period (np.mod: fmod, moved into [0, period)). */
const modPeriod = (v: number, p: number) => {
  const m = v % p;
  return m < 0 ? m + p : m === 0 ? 0 : m;
};

/**
 * np.interp as NumPy's compiled_interp: below xp[0] left (fp[0]), above xp[-1] right (fp[-1]), else the line
 * between the two samples around x (from the right sample when that is NaN, the common value of equal samples);
 * with a period, x and xp are taken modulo it and xp is sorted and wrapped one sample each way.
 */
function npInterp(
  x: Operand,
  xp: Operand,
  fp: Operand,
  left: number | null,
  right: number | null,
  period: number | null,
) {
  if (xp.layout.ndim !== 1 || fp.layout.ndim !== 1) {
    throw new RangeError(
      xp.layout.ndim > 1 || fp.layout.ndim > 1
        ? "object too deep for desired array"
        : "object of too small depth for desired array",
    );
  }
  let dx = Array.from(f64Data(xp)), dy = Array.from(f64Data(fp)), dz = f64Data(x);
  if (dy.length !== dx.length) throw new RangeError("fp and xp are not of the same length.");
  if (dx.length === 0) throw new RangeError("array of sample points is empty");
  if (period !== null) {
    if (period === 0) throw new RangeError("period must be a non-zero value");
    const p = Math.abs(period);
    left = right = null;
    dz = dz.map((v) => modPeriod(v, p));
    const order = dx.map((v, i) => [modPeriod(v, p), i]).sort((a, b) => a[0] - b[0]);
    const xs = order.map(([v]) => v), ys = order.map(([, i]) => dy[i]);
    dx = [xs[xs.length - 1] - p, ...xs, xs[0] + p];
    dy = [ys[ys.length - 1], ...ys, ys[0]];
  }
  const n = dx.length, lval = left ?? dy[0], rval = right ?? dy[n - 1];
  const r = empty(x.layout.shape, "float64"), out = r.storage.data as Float64Array;
  dz.forEach((v, i) => {
    if (n === 1) out[i] = v < dx[0] ? lval : v > dx[0] ? rval : dy[0];
    else if (Number.isNaN(v)) out[i] = v;
    else if (v > dx[n - 1]) out[i] = rval;
    else if (v < dx[0]) out[i] = lval;
    else {
      // the last sample at or below v
      let lo = 0, hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (v >= dx[mid]) lo = mid + 1;
        else hi = mid;
      }
      const j = lo - 1;
      if (j === n - 1 || dx[j] === v) out[i] = dy[j];
      else {
        const slope = (dy[j + 1] - dy[j]) / (dx[j + 1] - dx[j]);
        let y = slope * (v - dx[j]) + dy[j];
        if (Number.isNaN(y)) {
          y = slope * (v - dx[j + 1]) + dy[j + 1];
          if (Number.isNaN(y) && dy[j] === dy[j + 1]) y = dy[j];
        }
        out[i] = y;
      }
    }
  });
  return toDevice(r, x.storage.device);
}

/** The ops. */
export const MATH_EXTRA2 = {
  deg2rad: angleDecl(["deg2rad", "radians"], true, "Degrees to radians: x * pi / 180."),
  rad2deg: angleDecl(["rad2deg", "degrees"], false, "Radians to degrees: x * 180 / pi."),
  floatPower: defineOp({
    name: "floatPower",
    doc: "x1 ** x2 computed in float64.",
    np: {
      names: ["floatPower"],
      overloads: [{
        sig: NP_BINARY,
        impl: (a: Args): Operand => {
          // NumPy's float_power has only float64 (and complex) loops
          if (a.dtype && a.dtype !== "float64") {
            throw new TypeError("No loop matching the specified signature and casting was found for ufunc float_power");
          }
          const dev = deviceOf(a.x1, a.x2);
          return U.power(operandOf(a.x1, "float64", dev), operandOf(a.x2, "float64", dev), a.out ?? undefined);
        },
      }],
    },
    torch: {
      names: ["floatPower"],
      methods: ["floatPower"],
      inplace: ["floatPower_"],
      overloads: [{
        sig: {
          pos: [req("input", "arrayOrScalar"), req("exponent", "arrayOrScalar")],
          kw: [opt("out", "out", null)],
        },
        composite: true,
        outDtype: torchSameOut((from, to) =>
          `the output given to float_power has dtype ${TORCH_TYPE_NAME[to]} but the operation's result requires dtype ${
            TORCH_TYPE_NAME[from]
          }`
        ),
        inplaceDtype: torchSameOut((from, to) =>
          `the base given to float_power_ has dtype ${TORCH_TYPE_NAME[to]} but the operation's result requires dtype ${
            TORCH_TYPE_NAME[from]
          }`
        ),
        impl: (a: Args): T => {
          const b: T | Scalar = a.input, e: T | Scalar = a.exponent;
          if (isScalar(b) && isScalar(e)) throw new TypeError("float_power(): expected at least one tensor operand");
          const f64 = (v: T | Scalar) => isScalar(v) ? Number(v) : v.to("float64");
          return F.pow(f64(b), f64(e));
        },
      }],
    },
  }),
  fabs: defineOp({
    name: "fabs",
    doc: "Absolute value in a float dtype (integers give floats).",
    np: { names: ["fabs"], overloads: [{ sig: NP_UNARY, impl: npFloatUnary("fabs", (x) => U.abs(x)) }] },
  }),
  isposinf: infDecl("isposinf"),
  isneginf: infDecl("isneginf"),
  modf: defineOp({
    name: "modf",
    doc: "[fractional part, integral part], both with the sign of x (inf gives [±0, ±inf]).",
    np: {
      names: ["modf"],
      overloads: [{
        sig: { pos: [req("x", "array")], kw: [opt("out", "arrays", null), opt("dtype", "dtype", null)] },
        returns: "arrays",
        impl: (a: Args): Operand[] => {
          if (a.dtype && !isFloat(a.dtype)) throw npNoLoop("modf");
          const out: (Operand | null)[] = a.out ?? [null, null];
          if (out.length !== 2) {
            throw new RangeError("The 'out' tuple must have exactly 2 entries: one per ufunc output");
          }
          const x = castTo(a.x, a.dtype ?? npFloatLoop(a.x.storage.dtype)), whole = U.trunc(x);
          const frac = U.copysign(whereOp(U.isinf(x), 0, U.subtract(x, whole)), x);
          return [
            intoOut(frac, out[0], "modf", npUfuncOut("modf")),
            intoOut(whole, out[1], "modf", npUfuncOut("modf")),
          ];
        },
      }],
    },
  }),
  logaddexp2: defineOp({
    name: "logaddexp2",
    doc: "log2(2 ** x1 + 2 ** x2), computed without overflow.",
    np: {
      names: ["logaddexp2"],
      overloads: [{
        sig: NP_BINARY,
        impl: (a: Args, ctx: Ctx): Operand => {
          if (a.dtype && !isFloat(a.dtype)) throw npNoLoop("logaddexp2");
          const l = a.dtype ?? npFloatLoop(promote(ctx, a.x1, a.x2));
          const dev = deviceOf(a.x1, a.x2);
          const s = (v: Operand | Scalar) => U.multiply(operandOf(v, l, dev), LN2);
          return intoOut(U.divide(U.logaddexp(s(a.x1), s(a.x2)), LN2), a.out, "logaddexp2", npUfuncOut("logaddexp2"));
        },
      }],
    },
    torch: {
      names: ["logaddexp2"],
      methods: ["logaddexp2"],
      overloads: [{
        sig: { pos: [req("input", "array"), req("other", "array")], kw: [opt("out", "out", null)] },
        composite: true,
        impl: (a: Args, ctx: Ctx): T => {
          const dt = promote(ctx, a.input, a.other);
          torchFloatsOnly("logaddexp2_cpu", dt);
          return F.logaddexp((a.input as T).to(dt).mul(LN2), (a.other as T).to(dt).mul(LN2)).div(LN2);
        },
      }],
    },
  }),
  clampMin: clampDecl("clampMin"),
  clampMax: clampDecl("clampMax"),
  sgn: defineOp({
    name: "sgn",
    doc: "The sign (for real tensors, sign).",
    torch: {
      names: ["sgn"],
      methods: ["sgn"],
      inplace: ["sgn_"],
      overloads: [{
        sig: TORCH_UNARY,
        composite: true,
        outDtype: checkFoundDtype,
        ...INPLACE,
        impl: (a: Args): T => (a.input as T).sign(),
      }],
    },
  }),
  logit: defineOp({
    name: "logit",
    doc: "log(x / (1 - x)), x clamped to [eps, 1 - eps] first when eps is given.",
    torch: {
      names: ["logit"],
      methods: ["logit"],
      inplace: ["logit_"],
      overloads: [{
        sig: { pos: [req("input", "array"), opt("eps", "number", null)], kw: [opt("out", "out", null)] },
        composite: true,
        ...INPLACE,
        impl: (a: Args, ctx: Ctx): T => {
          const x = torchFloat(a.input, ctx), z = a.eps === null ? x : x.clamp(a.eps, 1 - a.eps);
          return z.div(z.neg().add(1)).log();
        },
      }],
    },
  }),
  xlogy: defineOp({
    name: "xlogy",
    doc: "input * log(other), 0 where input is 0 (unless other is NaN).",
    torch: {
      names: ["xlogy"],
      methods: ["xlogy"],
      inplace: ["xlogy_"],
      overloads: [{
        sig: { pos: [req("input", "arrayOrScalar"), req("other", "arrayOrScalar")], kw: [opt("out", "out", null)] },
        composite: true,
        ...INPLACE,
        impl: xlogy,
      }],
    },
  }),
  trapezoid: defineOp({
    name: "trapezoid",
    doc: "The integral of y along axis by the trapezoidal rule (sample points x, or a spacing dx).",
    np: {
      names: ["trapezoid"],
      overloads: [{
        sig: {
          pos: [req("y", "array"), opt("x", "array", null), opt("dx", "number", 1), opt("axis", "int", -1)],
          kw: [],
        },
        impl: (a: Args): Operand => npTrapezoid(a.y, a.x, a.dx, a.axis),
      }],
    },
    torch: { names: ["trapezoid", "trapz"], overloads: trapezoidOverloads(torchTrapezoid) },
  }),
  cumulativeTrapezoid: defineOp({
    name: "cumulativeTrapezoid",
    doc: "The running integral of y along dim by the trapezoidal rule (one value fewer than y).",
    torch: { names: ["cumulativeTrapezoid"], overloads: trapezoidOverloads(torchCumulativeTrapezoid) },
  }),
  polyval: defineOp({
    name: "polyval",
    doc: "The polynomial with coefficients p (highest power first) at x, by Horner's rule.",
    np: {
      names: ["polyval"],
      overloads: [{
        sig: { pos: [req("p", "array"), req("x", "array")], kw: [] },
        impl: (a: Args) => npPolyval(a.p, a.x),
      }],
    },
  }),
  correlate: defineOp({
    name: "correlate",
    doc: "The cross-correlation of two 1-d arrays: c[k] = sum(a[n + k] * v[n]) (mode valid, same or full).",
    np: {
      names: ["correlate"],
      overloads: [{
        sig: { pos: [req("a", "array"), req("v", "array"), opt("mode", "string", "valid")], kw: [] },
        impl: (a: Args) => npCorrelate(a.a, a.v, a.mode),
      }],
    },
  }),
  convolve: defineOp({
    name: "convolve",
    doc: "The discrete linear convolution of two 1-d arrays (mode full, same or valid).",
    np: {
      names: ["convolve"],
      overloads: [{
        sig: { pos: [req("a", "array"), req("v", "array"), opt("mode", "string", "full")], kw: [] },
        impl: (a: Args) => npConvolve(a.a, a.v, a.mode),
      }],
    },
  }),
  interp: defineOp({
    name: "interp",
    doc: "Piecewise-linear interpolation of the samples (xp, fp) at x (float64; left / right outside, or periodic).",
    np: {
      names: ["interp"],
      overloads: [{
        sig: {
          pos: [
            req("x", "array"),
            req("xp", "array"),
            req("fp", "array"),
            opt("left", "number", null),
            opt("right", "number", null),
            opt("period", "number", null),
          ],
          kw: [],
        },
        impl: (a: Args) => npInterp(a.x, a.xp, a.fp, a.left, a.right, a.period),
      }],
    },
  }),
};
