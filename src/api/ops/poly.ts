/**
 * NumPy's classic polynomial functions over coefficient arrays (highest
 * power first; no poly1d objects): polyfit (least squares on the scaled
 * Vandermonde matrix, through the SVD as LAPACK's gelsd), polyder, polyint,
 * polyadd, polysub, polymul, polydiv and poly (from real roots, or from a
 * symmetric matrix's eigenvalues). np.roots and np.poly1d are in
 * src/numpy/poly1d.ts (real roots only: dendrite has no complex dtype).
 */
import { isFloat, promoteTypes, roundTo } from "../../core/dtype.ts";
import { fmtValue } from "../../core/errors.ts";
import { epsOf } from "../finfo.ts";
import { View } from "../../core/view.ts";
import { concatenate } from "../../ops/join.ts";
import { eigh, inv } from "../../ops/linalg.ts";
import { matmul, outer } from "../../ops/linear.ts";
import { atLeast1d, castTo, contiguous, onHost, type Operand, scalarOperand, zeros } from "../../ops/operand.ts";
import * as R from "../../ops/reduce.ts";
import * as U from "../../ops/ufuncs.ts";
import { toOperand } from "../convert.ts";
import { type Args, defineOp } from "../define.ts";
import { opt, req } from "../signature.ts";
import { isScalar, type Scalar, view } from "./common.ts";
import { CALCULUS } from "./calculus.ts";
import { filled } from "./creation.ts";
import { MANIP_EXTRA } from "./manip_extra.ts";
import { lstsqF64 } from "./linalg_more.ts";
import { along, MATH_EXTRA2 } from "./math_extra2.ts";

const vander = MANIP_EXTRA.vander.np.overloads[0].impl as (a: Args) => Operand;
const convolve = MATH_EXTRA2.convolve.np.overloads[0].impl as (a: Args) => Operand;
const trimZeros = CALCULUS.trimZeros.np.overloads[0].impl as (a: Args) => Operand;

/** `x + 0.0` (NumPy's way to a float array: float32 stays, other dtypes become float64). */
const plusZero = (x: Operand): Operand => U.add(isFloat(x.storage.dtype) ? x : castTo(x, "float64"), 0);

/** x's elements as float64 numbers, in C order (a host copy). */
const hostF64 = (x: Operand): Float64Array => {
  const c = contiguous(onHost(castTo(x, "float64")), true);
  return (c.storage.data as Float64Array).subarray(c.layout.offset, c.layout.offset + c.layout.size);
};

/** An int64 1-d operand of `n, n - 1, ..., 1` (NumPy's arange(n, 0, -1)). */
const countdown = (n: number): Operand =>
  toOperand("arange", BigInt64Array.from({ length: Math.max(n, 0) }, (_, i) => BigInt(n - i)));

/** Python's len() of an array (a 0-d one has none). */
function len(x: Operand): number {
  if (x.layout.ndim === 0) throw new TypeError("len() of unsized object");
  return x.layout.shape[0];
}

/** x[:-1] along the first axis (a view). */
const head = (x: Operand) => along(x, 0, 0, Math.max(len(x) - 1, 0));

/** np.polyfit: the least-squares coefficients (with full: and residuals, rank, singular values and rcond). */
function npPolyfit(a: Args): unknown {
  const deg: number = a.deg, order = deg + 1, cov: unknown = a.cov;
  if (cov !== false && cov !== true && cov !== "unscaled") {
    throw new TypeError(`polyfit(): cov must be a boolean or "unscaled", not ${fmtValue(cov)}`);
  }
  const x = plusZero(a.x), y = plusZero(a.y);
  if (deg < 0) throw new RangeError("expected deg >= 0");
  if (x.layout.ndim !== 1) throw new TypeError("expected 1D vector for x");
  if (x.layout.size === 0) throw new TypeError("expected non-empty vector for x");
  if (y.layout.ndim < 1 || y.layout.ndim > 2) throw new TypeError("expected 1D or 2D array for y");
  if (x.layout.shape[0] !== y.layout.shape[0]) throw new TypeError("expected x and y to have same length");
  const nx = x.layout.shape[0];
  const rcond: number = a.rcond ?? nx * epsOf(x.storage.dtype);
  let lhs = vander({ x, N: order, increasing: false }), rhs = y;
  if (a.w !== null) {
    const w = plusZero(a.w);
    if (w.layout.ndim !== 1) throw new TypeError("expected a 1-d array for weights");
    if (w.layout.shape[0] !== y.layout.shape[0]) throw new TypeError("expected w and y to have the same length");
    // in place in NumPy: lhs and rhs keep their dtypes
    const col = view(w, w.layout.unsqueeze(1));
    lhs = castTo(U.multiply(lhs, col), lhs.storage.dtype);
    rhs = castTo(U.multiply(rhs, rhs.layout.ndim === 2 ? col : w), rhs.storage.dtype);
  }
  const scale = U.sqrt(R.sum(U.multiply(lhs, lhs), [0]));
  lhs = castTo(U.divide(lhs, scale), lhs.storage.dtype);
  const dt = promoteTypes(lhs.storage.dtype, rhs.storage.dtype);
  const { x: c0, resid, rank, s } = lstsqF64(lhs, rhs, rcond, dt);
  // (c.T / scale).T: each row of the coefficients over its column's scale
  const c = U.divide(c0, c0.layout.ndim === 2 ? view(scale, scale.layout.unsqueeze(1)) : scale);
  // a default rcond is len(x) times the NumPy scalar finfo(x.dtype).eps: float32 for float32 x
  const rc = a.rcond === null && x.storage.dtype === "float32" ? scalarOperand(rcond, "float32") : rcond;
  // rank is LAPACK's int32 (a NumPy int32 scalar there)
  if (a.full) return [c, resid, scalarOperand(rank, "int32"), s, rc];
  if (!cov) return c;
  const lt = view(lhs, lhs.layout.swap("polyfit", 0, 1));
  const vbase = U.divide(inv(matmul(lt, lhs)), outer(scale, scale));
  let fac: Operand | number = 1;
  if (cov !== "unscaled") {
    if (nx <= order) {
      throw new RangeError("the number of data points must exceed order to scale the covariance matrix");
    }
    fac = U.divide(resid, nx - order);
  }
  if (y.layout.ndim === 1) return [c, U.multiply(vbase, fac)];
  return [c, U.multiply(view(vbase, vbase.layout.unsqueeze(2)), fac)];
}

// ---------- calculus and arithmetic of coefficients ----------

/** np.polyder: the m-th derivative's coefficients (p[:-1] * [n, ..., 1], m times). */
function npPolyder(p: Operand, m: number): Operand {
  if (m < 0) throw new RangeError("Order of derivative must be positive (see polyint)");
  let r = p;
  // (once empty, further steps change nothing: a huge m ends there instead of looping m times)
  for (let i = 0; i < m && (i === 0 || len(r) > 0); i++) r = U.multiply(head(r), countdown(len(r) - 1));
  return r;
}

/** np.polyint: the m-th antiderivative's coefficients, the integration constants k (zeros by default) last. */
function npPolyint(p: Operand, m: number, k: Operand | Scalar | null): Operand {
  if (m < 0) throw new RangeError("Order of integral must be positive (see polyder)");
  let ks = k === null ? zeros([m], "float64") : atLeast1d(isScalar(k) ? toOperand("polyint", k) : k);
  if (len(ks) === 1 && m > 1) {
    ks = U.multiply(view(ks, new View([], [], ks.layout.offset, false)), filled("polyint", [m], 1, "float64"));
  }
  if (len(ks) < m) throw new RangeError("k must be a scalar or a rank-1 array of length 1 or >m.");
  let r = p;
  for (let i = 0; i < m; i++) {
    const ki = along(ks, 0, i, 1);
    r = concatenate([U.divide(r, countdown(len(r))), ki], 0);
  }
  return r;
}

/** np.polyadd / polysub: the shorter operand padded with leading zeros (of its dtype), then added / subtracted. */
function npPolyAddSub(a1: Operand, a2: Operand, sub: boolean): Operand {
  const x = atLeast1d(a1), y = atLeast1d(a2), diff = len(y) - len(x);
  const pad = (v: Operand, k: number) => (k === 0 ? v : concatenate([zeros([k], v.storage.dtype), v], 0));
  return (sub ? U.subtract : U.add)(pad(x, Math.max(diff, 0)), pad(y, Math.max(-diff, 0)));
}

/** poly1d(c)'s coefficients: 1-d, leading zeros trimmed ([0] when none are left). */
function poly1dCoeffs(c: Operand): Operand {
  const x = atLeast1d(c);
  if (x.layout.ndim > 1) throw new RangeError("Polynomial must be 1d only.");
  const t = trimZeros({ filt: x, trim: "f", axis: null });
  return t.layout.size === 0 ? zeros([1], x.storage.dtype) : t;
}

/**
 * np.polydiv: quotient and remainder by long division, with NumPy's roundings (scale = 1 / v[0] in v's dtype,
 * the rest in the common dtype); leading remainder terms within 1e-8 of 0 are dropped.
 */
function npPolydiv(u0: Operand, v0: Operand): Operand[] {
  const u = plusZero(atLeast1d(u0)), v = plusZero(atLeast1d(v0));
  if (u.layout.ndim > 1 || v.layout.ndim > 1) throw new RangeError("polydiv: u and v must be 1-d coefficient arrays");
  for (const [x, name] of [[u, "u"], [v, "v"]] as const) {
    if (len(x) === 0) throw new RangeError(`index 0 is out of bounds for axis 0 with size 0 (${name})`);
  }
  const vdt = v.storage.dtype, wdt = promoteTypes(u.storage.dtype, vdt), rv = roundTo(vdt), rw = roundTo(wdt);
  const uv = hostF64(u), vv = hostF64(v), m = uv.length - 1, n = vv.length - 1;
  const scale = rv(1 / vv[0]);
  const q = new Float64Array(Math.max(m - n + 1, 1)), r = Float64Array.from(uv, rw);
  for (let k = 0; k < m - n + 1; k++) {
    const d = rw(scale * r[k]);
    q[k] = d;
    for (let j = 0; j <= n; j++) r[k + j] = rw(r[k + j] - rw(d * vv[j]));
  }
  let start = 0;
  // np.allclose(r[0], 0, rtol=1e-14): |r[0]| <= 1e-8 (NaN never)
  while (Math.abs(r[start]) <= 1e-8 && r.length - start > 1) start++;
  const arr = (data: Float64Array) => castTo(toOperand("polydiv", data), wdt);
  return [arr(q), arr(r.subarray(start))];
}

/** Whether a square matrix equals its transpose exactly. */
function isSymmetric(a: Operand): boolean {
  const n = a.layout.shape[0], d = hostF64(a);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) if (d[i * n + j] !== d[j * n + i]) return false;
  return true;
}

/**
 * np.poly: the monic polynomial with the given roots (1-d; float32 stays float32, other dtypes float64), or the
 * characteristic polynomial of a square matrix, supported for symmetric matrices (real eigenvalues, eigvalsh).
 */
function npPoly(seq: Operand): Operand {
  // NumPy's dispatcher iterates its argument: a scalar is a TypeError there
  if (seq.layout.ndim === 0) throw new TypeError("iteration over a 0-d array");
  let z = seq;
  const sh = z.layout.shape;
  if (sh.length === 2 && sh[0] === sh[1] && sh[0] !== 0) {
    if (!isSymmetric(z)) {
      throw new TypeError(
        "poly: the characteristic polynomial of a non-symmetric matrix needs np.linalg.eigvals (complex " +
          "eigenvalues), which dendrite does not have; pass the roots instead",
      );
    }
    z = eigh(isFloat(z.storage.dtype) ? z : castTo(z, "float64"))[0];
  } else if (sh.length === 1) z = castTo(z, z.storage.dtype === "float32" ? "float32" : "float64");
  else throw new RangeError("input must be 1d or non-empty square 2d array.");
  const dt = z.storage.dtype, roots = hostF64(z);
  if (roots.length === 0) return scalarOperand(1, "float64");
  let a = filled("poly", [1], 1, dt);
  for (const r of roots) a = convolve({ a, v: castTo(toOperand("poly", [1, -r]), dt), mode: "full" });
  return a;
}

/** The ops. */
export const POLY = {
  polyfit: defineOp({
    name: "polyfit",
    doc: "The least-squares polynomial fit of degree deg to the points (x, y) (columns of a 2-d y fit separately).",
    np: {
      names: ["polyfit"],
      overloads: [{
        sig: {
          pos: [
            req("x", "array"),
            req("y", "array"),
            req("deg", "int"),
            opt("rcond", "number", null),
            opt("full", "bool", false),
            opt("w", "array", null),
            opt("cov", "any", false),
          ],
          kw: [],
        },
        returns: "any",
        impl: npPolyfit,
      }],
    },
  }),
  polyder: defineOp({
    name: "polyder",
    doc: "The coefficients of the m-th derivative of a polynomial.",
    np: {
      names: ["polyder"],
      overloads: [{
        sig: { pos: [req("p", "array"), opt("m", "int", 1)], kw: [] },
        impl: (a: Args) => npPolyder(a.p, a.m),
      }],
    },
  }),
  polyint: defineOp({
    name: "polyint",
    doc: "The coefficients of the m-th antiderivative of a polynomial (integration constants k, zeros by default).",
    np: {
      names: ["polyint"],
      overloads: [{
        sig: { pos: [req("p", "array"), opt("m", "int", 1), opt("k", "arrayOrScalar", null)], kw: [] },
        impl: (a: Args) => npPolyint(a.p, a.m, a.k),
      }],
    },
  }),
  polyadd: defineOp({
    name: "polyadd",
    doc: "The sum of two polynomials (coefficient arrays aligned at the lowest power).",
    np: {
      names: ["polyadd"],
      overloads: [{
        sig: { pos: [req("a1", "array"), req("a2", "array")], kw: [] },
        impl: (a: Args) => npPolyAddSub(a.a1, a.a2, false),
      }],
    },
  }),
  polysub: defineOp({
    name: "polysub",
    doc: "The difference of two polynomials (coefficient arrays aligned at the lowest power).",
    np: {
      names: ["polysub"],
      overloads: [{
        sig: { pos: [req("a1", "array"), req("a2", "array")], kw: [] },
        impl: (a: Args) => npPolyAddSub(a.a1, a.a2, true),
      }],
    },
  }),
  polymul: defineOp({
    name: "polymul",
    doc: "The product of two polynomials (the convolution of their leading-zero-trimmed coefficients).",
    np: {
      names: ["polymul"],
      overloads: [{
        sig: { pos: [req("a1", "array"), req("a2", "array")], kw: [] },
        impl: (a: Args) => convolve({ a: poly1dCoeffs(a.a1), v: poly1dCoeffs(a.a2), mode: "full" }),
      }],
    },
  }),
  polydiv: defineOp({
    name: "polydiv",
    doc: "The quotient and remainder of polynomial division u / v.",
    np: {
      names: ["polydiv"],
      overloads: [{
        sig: { pos: [req("u", "array"), req("v", "array")], kw: [] },
        returns: "arrays",
        impl: (a: Args) => npPolydiv(a.u, a.v),
      }],
    },
  }),
  poly: defineOp({
    name: "poly",
    doc: "The coefficients of the monic polynomial with the given real roots (or a symmetric matrix's eigenvalues).",
    np: {
      names: ["poly"],
      overloads: [{ sig: { pos: [req("seqOfZeros", "array")], kw: [] }, impl: (a: Args) => npPoly(a.seqOfZeros) }],
    },
  }),
};
