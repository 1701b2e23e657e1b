/**
 * The machinery shared by np.polynomial's series kinds (NumPy's ABCPolyBase and polyutils): host-side series
 * arithmetic generic over a basis given by its three-term recurrence, the module functions each kind exports
 * (`chebval`, `legder`, ... built by {@link seriesFunctions}) and the class every kind extends ({@link PolyBase}).
 * Coefficient series are short, so the arithmetic runs on the host in doubles and the result is cast to the
 * series' dtype (float32 when every input is float32, else float64, as NumPy's as_series); evaluation and
 * Vandermonde matrices run as array ops (any x shape).
 */
import { type ArrayLike, NDArray, NP_FUNCTIONS } from "./ndarray.ts";
import type { NpFunctions } from "./mod.ts";
import { eigh } from "../ops/linalg.ts";
import { contiguous } from "../ops/operand.ts";
import { toOperand } from "../api/convert.ts";
import { fmtValue, LinAlgError } from "../core/errors.ts";
import { bindArgs, realEigenvalues } from "./poly1d.ts";
import { formatFloatPositional, formatFloatScientific, getPrintoptions } from "./print_options.ts";

const np = NP_FUNCTIONS as unknown as NpFunctions;

type FloatDType = "float32" | "float64";
/** A coefficient series on the host: values (lowest degree first) and the dtype results take. */
interface Series {
  v: number[];
  dt: FloatDType;
}

/**
 * A series kind: its names, default domain/window, the recurrence of its basis
 * (P_0 = 1, P_k = (a x + b) P_(k-1) - c P_(k-2) with `[a, b, c] = rec(k)`, c = 0 for k = 1) and the one-step
 * derivative and antiderivative NumPy computes for it (on doubles, the input already scaled).
 */
export interface Basis {
  /** The class name ("Chebyshev"). */
  readonly name: string;
  /** The module functions' prefix ("cheb"). */
  readonly prefix: string;
  /** The letter of the basis functions in str ("T"), null for the power series. */
  readonly letter: string | null;
  /** The default domain and window. */
  readonly domain: readonly [number, number];
  /** The recurrence coefficients [a, b, c] of P_k. */
  rec(k: number): readonly [number, number, number];
  /** The derivative of a series of at least two coefficients. */
  der1(c: number[]): number[];
  /** An antiderivative (any constant) of a series. */
  int1(c: number[]): number[];
  /** A faster or more exact division than the generic one, if the kind has it. */
  div?(c1: number[], c2: number[]): [number[], number[]];
}

/** The instance or array of a series argument. */
const coefOf = (c: unknown): ArrayLike => (c instanceof PolyBase ? c.coef : c as ArrayLike);

/** NumPy's as_series: each argument as a 1-d float series of one common dtype, trailing zeros trimmed if `trim`. */
export function asSeries(cs: readonly unknown[], trim = true): Series[] {
  const arrays = cs.map((c) => np.atleast1d(coefOf(c)) as NDArray);
  for (const a of arrays) {
    if (a.size === 0) throw new RangeError("Coefficient array is empty");
    if (a.ndim !== 1) throw new RangeError("Coefficient array is not 1-d");
    if (a.dtype === "bool") throw new RangeError("Coefficient arrays have no common type");
  }
  const dt: FloatDType = arrays.every((a) => a.dtype === "float32") ? "float32" : "float64";
  return arrays.map((a) => {
    const v = a.astype("float64").tolist() as number[];
    return { v: trim ? trimseq(v) : v, dt };
  });
}

/** Trailing zeros removed, at least one coefficient kept (NumPy's trimseq). */
export function trimseq(v: number[]): number[] {
  let n = v.length;
  while (n > 1 && v[n - 1] === 0) n--;
  return v.slice(0, n);
}

/** A host series as an array of its dtype. */
export const out = (v: readonly number[], dt: FloatDType): NDArray =>
  np.array(Float64Array.from(v), { dtype: dt }) as NDArray;

/** The linear map off + scl * x taking domain `o` onto `n` (NumPy's mapparms). */
export function mapparms(o: readonly number[], n: readonly number[]): [number, number] {
  const oLen = o[1] - o[0], nLen = n[1] - n[0];
  return [(o[1] * n[0] - o[0] * n[1]) / oLen, nLen / oLen];
}

// ---------------------------------------------------------------- generic host arithmetic

const addV = (a: readonly number[], b: readonly number[], sign: 1 | -1): number[] =>
  Array.from({ length: Math.max(a.length, b.length) }, (_, i) => (a[i] ?? 0) + sign * (b[i] ?? 0));
const scaleV = (a: readonly number[], s: number): number[] => a.map((x) => x * s);

/** x * c in the basis: x P_k = (P_(k+1) - b P_k + c P_(k-1)) / a with [a, b, c] = rec(k + 1). */
function mulxV(B: Basis, c: readonly number[]): number[] {
  if (c.length === 1 && c[0] === 0) return [0];
  const r = new Array<number>(c.length + 1).fill(0);
  c.forEach((ck, k) => {
    const [a, b, cc] = B.rec(k + 1);
    r[k + 1] += ck / a;
    if (b !== 0) r[k] -= (ck * b) / a;
    if (k > 0 && cc !== 0) r[k - 1] += (ck * cc) / a;
  });
  return r;
}

/** The operations Clenshaw's recurrence needs, over numbers, arrays or series objects. */
interface Algebra<T> {
  add(u: T, v: T | number): T;
  mul(u: T, v: T | number): T;
}

/**
 * sum c_k P_k(x) by Clenshaw's recurrence (b_k = c_k + (a x + b) b_(k+1) - c b_(k+2) with the coefficients of
 * P_(k+1), P_(k+2)); `zero` is x's zero (it gives the result x's shape). Terms with a zero recurrence coefficient
 * are skipped, so the power series evaluates by exactly Horner's rule.
 */
function clenshaw<T>(B: Basis, A: Algebra<T>, x: T, c: readonly (T | number)[], zero: T): T {
  let b1 = zero, b2 = zero;
  for (let k = c.length - 1; k >= 0; k--) {
    const [a, bb] = B.rec(k + 1), cc = B.rec(k + 2)[2];
    let t = A.mul(x, b1);
    if (a !== 1) t = A.mul(t, a);
    if (bb !== 0) t = A.add(t, A.mul(b1, bb));
    if (cc !== 0) t = A.add(t, A.mul(b2, -cc));
    [b2, b1] = [b1, A.add(t, c[k])];
  }
  return b1;
}

const NUMBERS: Algebra<number> = { add: (u, v) => u + v, mul: (u, v) => u * v };
const ARRAYS: Algebra<NDArray> = {
  add: (u, v) => np.add(u, v) as NDArray,
  mul: (u, v) => np.multiply(u, v) as NDArray,
};
const OBJECTS: Algebra<PolyBase> = { add: (u, v) => u.add(v), mul: (u, v) => u.mul(v) };

const valV = (B: Basis, c: readonly number[], x: number): number => clenshaw(B, NUMBERS, x, c, 0);

/** c1 * c2: sum c1[k] (P_k c2), P_k c2 by the recurrence with x applied as mulx. */
function mulV(B: Basis, c1: readonly number[], c2: readonly number[]): number[] {
  let pPrev: number[] = [0], p = c2.slice(), acc = scaleV(p, c1[0]);
  for (let k = 1; k < c1.length; k++) {
    const [a, b, cc] = B.rec(k);
    const next = addV(addV(scaleV(mulxV(B, p), a), scaleV(p, b), 1), scaleV(pPrev, cc), -1);
    [pPrev, p] = [p, next];
    acc = addV(acc, scaleV(p, c1[k]), 1);
  }
  return trimseq(acc);
}

/** NumPy's polyutils._div: [quotient, remainder] by long division with basis products. */
function divV(B: Basis, c1: number[], c2: number[]): [number[], number[]] {
  if (c2[c2.length - 1] === 0) throw new RangeError("division by zero (the divisor's leading coefficient is 0)");
  if (B.div) return B.div(c1, c2);
  const l1 = c1.length, l2 = c2.length;
  if (l1 < l2) return [[0], c1];
  if (l2 === 1) return [scaleV(c1, 1 / c2[0]), [0]];
  const quo = new Array<number>(l1 - l2 + 1);
  let rem = c1.slice();
  for (let i = l1 - l2; i >= 0; i--) {
    const p = mulV(B, [...new Array(i).fill(0), 1], c2), q = rem[rem.length - 1] / p[p.length - 1];
    rem = rem.slice(0, -1).map((r, j) => r - q * p[j]);
    quo[i] = q;
  }
  return [quo, trimseq(rem)];
}

function powV(B: Basis, c: number[], pow: unknown, maxpower: number | null): number[] {
  if (typeof pow !== "number" || !Number.isInteger(pow) || pow < 0) {
    throw new RangeError("Power must be a non-negative integer.");
  }
  if (maxpower !== null && pow > maxpower) throw new RangeError("Power is too large");
  // NumPy multiplies pow times, which for a huge pow never ends: a result past 1e7 coefficients (quadratic work) is
  // refused, and a power past 1e6 (of a series of at most 10 terms, then) is taken by squaring
  const size = (c.length - 1) * pow + 1;
  if (size > 1e7) throw new RangeError(`Power is too large: the result would have ${size} coefficients`);
  if (pow > 1e6) {
    let r = [1], b = c;
    for (let k = pow; k > 0; k = Math.floor(k / 2)) {
      if (k % 2) r = mulV(B, r, b);
      if (k > 1) b = mulV(B, b, b);
    }
    return r;
  }
  let r = [1];
  for (let i = 0; i < pow; i++) r = mulV(B, r, c);
  return r;
}

/** The m-th derivative (m a non-negative integer), each step's input scaled by scl. */
function derV(B: Basis, c: number[], m: number, scl: number): number[] {
  if (m >= c.length) return [0];
  let r = c.slice();
  for (let k = 0; k < m; k++) r = B.der1(scaleV(r, scl));
  return r;
}

/** The m-th integral (m a non-negative integer), the i-th one's value at lbnd ks[i] (default 0). */
function intV(B: Basis, c: number[], m: number, ks: readonly number[], lbnd: number, scl: number): number[] {
  let r = c.slice();
  for (let i = 0; i < m; i++) {
    r = scaleV(r, scl);
    if (r.length === 1 && r[0] === 0) {
      r[0] += ks[i] ?? 0;
      continue;
    }
    const t = B.int1(r);
    // the constant makes the integral k[i] at lbnd
    t[0] += (ks[i] ?? 0) - valV(B, t, lbnd);
    r = t;
  }
  return r;
}

/** The series of off + scl * x: x = (P_1 - b) / a (NumPy keeps integer inputs integer where no division happens). */
function lineV(B: Basis, off: number, scl: number): NDArray {
  const [a, b] = B.rec(1), v = scl !== 0 ? [off - (scl * b) / a, scl / a] : [off];
  return scl === 0 || a === 1 || a === -1 ? np.array(v) as NDArray : out(v, "float64");
}

/** The power series of a basis series: sum c_k P_k with P_k built by the recurrence in powers. */
function toPowerV(B: Basis, c: readonly number[]): number[] {
  let pPrev: number[] = [0], p = [1], acc = [c[0]];
  for (let k = 1; k < c.length; k++) {
    const [a, b, cc] = B.rec(k);
    const next = addV(addV([0, ...scaleV(p, a)], scaleV(p, b), 1), scaleV(pPrev, cc), -1);
    [pPrev, p] = [p, next];
    acc = addV(acc, scaleV(p, c[k]), 1);
  }
  return acc;
}

/** The basis series of a power series, by Horner's rule with mulx. */
const fromPowerV = (B: Basis, pol: readonly number[]): number[] =>
  pol.reduceRight<number[]>((res, p) => addV(mulxV(B, res), [p], 1), [0]);

/** NumPy's _fromroots: the product of the lines (x - r), paired up to keep the rounding balanced. */
function fromrootsV(B: Basis, rs: readonly number[]): number[] {
  const [a, b] = B.rec(1);
  let p = rs.slice().sort((x, y) => x - y).map((r) => [-r - b / a, 1 / a]);
  while (p.length > 1) {
    const m = Math.floor(p.length / 2), tmp = p.slice(0, m).map((pi, i) => mulV(B, pi, p[i + m]));
    if (p.length % 2) tmp[0] = mulV(B, tmp[0], p[p.length - 1]);
    p = tmp;
  }
  return p[0];
}

// ---------------------------------------------------------------- module functions

/** NumPy's polyutils trimcoef: trailing coefficients at most `tol` in magnitude removed. */
function trimcoef(op: string, c: ArrayLike, rest: unknown[]): NDArray {
  const a = bindArgs(op, ["tol"], rest), tol = scalarArg(a.tol ?? 0, "tol");
  if (tol < 0) throw new RangeError("tol must be non-negative");
  const [s] = asSeries([c], false);
  let n = s.v.length;
  while (n > 0 && Math.abs(s.v[n - 1]) <= tol) n--;
  return out(n === 0 ? [0] : s.v.slice(0, n), s.dt);
}

/** x as a float array of at least one dimension (integers become float64). */
function floatArray(x: ArrayLike | number): NDArray {
  const xa = np.atleast1d(x) as NDArray;
  return xa.dtype === "float32" || xa.dtype === "float64" ? xa : xa.astype("float64");
}

/** An integer argument as NumPy's polyutils._as_int takes it (a TypeError naming `desc` otherwise). */
function asInt(v: unknown, desc: string): number {
  if (typeof v === "bigint" || (typeof v === "number" && Number.isInteger(v))) return Number(v);
  throw new TypeError(`${desc} must be an integer, received ${fmtValue(v)}`);
}

/** A scalar argument (a number or 0-d array; NumPy's "lbnd must be a scalar." for the integral's). */
function scalarArg(v: unknown, name: string): number {
  if (typeof v === "number") return v;
  if (v instanceof NDArray && v.ndim === 0) return Number(v.item());
  if (v instanceof NDArray || Array.isArray(v)) throw new RangeError(`${name} must be a scalar.`);
  throw new TypeError(`${name} must be a number, received ${fmtValue(v)}`);
}

/** An array as NumPy's calculus functions take coefficients: at least 1-d, booleans and integers as float64. */
export function coefArray(c: unknown): NDArray {
  const a = np.asarray(coefOf(c)) as NDArray, a1 = a.ndim === 0 ? a.reshape([1]) : a;
  return a1.dtype === "float32" || a1.dtype === "float64" ? a1 : a1.astype("float64");
}

/** An axis of an array of ndim dimensions, made non-negative (NumPy's normalize_axis_index). */
function normAxis(axis: number, ndim: number): number {
  if (axis < -ndim || axis >= ndim) {
    throw new RangeError(`axis ${axis} is out of bounds for array of dimension ${ndim}`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/**
 * `f` applied to each 1-d series along `axis` of c (a NumPy calculus function on c moved to axis 0). The results
 * are zero-padded to a common length, which is what NumPy's whole-array steps give (only an integral of zero series
 * can come out shorter, and NumPy keeps it short only when every series is zero).
 */
function alongAxis(c: NDArray, axis: number, f: (v: number[]) => number[]): NDArray {
  const moved = np.moveaxis(c, axis, 0) as NDArray, [n, ...rest] = moved.shape;
  const cols = rest.reduce((p, d) => p * d, 1);
  const rows = moved.reshape([n, cols]).astype("float64").tolist() as number[][];
  const series = Array.from({ length: cols }, (_, j) => f(rows.map((r) => r[j])));
  const len = cols === 0 ? f(new Array(n).fill(0)).length : Math.max(...series.map((v) => v.length));
  const data = new Float64Array(len * cols);
  series.forEach((v, j) => v.forEach((x, i) => (data[i * cols + j] = x)));
  const r = np.array(data, { dtype: c.dtype }).reshape([len, ...rest]) as NDArray;
  return np.moveaxis(r, 0, axis) as NDArray;
}

/**
 * The kind's scaled companion matrix of a series of degree n >= 1 (row-major n x n), as NumPy builds it: the matrix
 * of x times the basis functions scaled to unit norm under the kind's weight (h[k] is P_k's norm relative to
 * P_0's), so that it is symmetric tridiagonal but for the last column, which reduces x P_(n-1) modulo the series
 * (the power basis has no such weight: h = 1 and NumPy's classic companion matrix). Upper Hessenberg.
 */
function companionV(B: Basis, c: readonly number[]): Float64Array {
  const n = c.length - 1, m = new Float64Array(n * n), h = [1];
  for (let k = 1; k < n; k++) {
    const [ak] = B.rec(k), [ak1, , ck1] = B.rec(k + 1);
    h.push(h[k - 1] * (ck1 === 0 ? 1 : Math.sqrt((ck1 * ak) / ak1)));
  }
  for (let k = 0; k < n; k++) {
    const [a, b] = B.rec(k + 1);
    if (b !== 0) m[k * n + k] = -b / a;
    if (k + 1 < n) {
      // x p_k's p_(k+1) term; the scaling makes x p_(k+1)'s p_k term the same (none in the power basis)
      m[(k + 1) * n + k] = h[k + 1] / (h[k] * a);
      if (B.rec(k + 2)[2] !== 0) m[k * n + k + 1] = m[(k + 1) * n + k];
    }
  }
  const an = B.rec(n)[0];
  for (let j = 0; j < n; j++) m[j * n + n - 1] -= ((c[j] / c[n]) * h[j]) / (h[n - 1] * an);
  return m;
}

/** The same-shape sample points of the n-d functions as arrays (NumPy's "x, y are incompatible"). */
function ordinates(xs: readonly unknown[]): NDArray[] {
  const arrays = xs.map((x) => np.asarray(x as ArrayLike) as NDArray);
  if (arrays.some((a) => a.shape.join() !== arrays[0].shape.join())) {
    throw new RangeError(`${["x", "y", "z"].slice(0, xs.length).join(", ")} are incompatible`);
  }
  return arrays;
}

/** The functions each kind's module has, by their names less the prefix. */
function genericFunctions(B: Basis) {
  const p = B.prefix;
  const fns = {
    /** The value at x: `val(x, c, tensor = true)` (c's first axis the degree; NumPy's rules for c's other axes). */
    val(x: ArrayLike | number, c: ArrayLike, ...rest: unknown[]): NDArray {
      const a = bindArgs(`${p}val`, ["tensor"], rest);
      let cc = np.array(c) as NDArray;
      if (cc.ndim === 0) cc = cc.reshape([1]);
      if (cc.dtype !== "float32" && cc.dtype !== "float64") cc = cc.astype("float64");
      const xa = Array.isArray(x) ? np.array(x) as NDArray : x;
      const xnd = xa instanceof NDArray ? xa.ndim : 0;
      if ((a.tensor ?? true) && xnd > 0) cc = cc.reshape([...cc.shape, ...new Array(xnd).fill(1)]);
      const cs = Array.from({ length: cc.shape[0] }, (_, i) => cc.get(i) as NDArray);
      const xnd0 = typeof xa === "number" ? np.array(xa) as NDArray : xa as NDArray;
      return clenshaw(B, ARRAYS, xnd0, cs, np.multiply(xnd0, 0) as NDArray);
    },
    /**
     * The m-th derivative along an axis of c: `der(c, m = 1, scl = 1, axis = 0)` (each step multiplies by scl;
     * not trimmed).
     */
    der(c: ArrayLike, ...rest: unknown[]): NDArray {
      const a = bindArgs(`${p}der`, ["m", "scl", "axis"], rest), ca = coefArray(c);
      const m = asInt(a.m ?? 1, "the order of derivation"), axis = asInt(a.axis ?? 0, "the axis");
      if (m < 0) throw new RangeError("The order of derivation must be non-negative");
      const scl = scalarArg(a.scl ?? 1, "scl"), ax = normAxis(axis, ca.ndim);
      // (an empty series stays empty: NumPy's c[:1] * 0)
      if (m === 0 || ca.shape[ax] === 0) return ca.copy();
      return alongAxis(ca, ax, (v) => derV(B, v, m, scl));
    },
    /**
     * The m-th integral along an axis of c: `int(c, m = 1, k = [], lbnd = 0, scl = 1, axis = 0)` (k: the values
     * of the successive integrals at lbnd, missing ones 0; each step multiplies by scl).
     */
    int(c: ArrayLike, ...rest: unknown[]): NDArray {
      const a = bindArgs(`${p}int`, ["m", "k", "lbnd", "scl", "axis"], rest), ca = coefArray(c);
      const k = a.k ?? [],
        ks = (k instanceof NDArray ? k.reshape([-1]).tolist() : Array.isArray(k) ? k : [k]) as unknown[];
      const m = asInt(a.m ?? 1, "the order of integration"), axis = asInt(a.axis ?? 0, "the axis");
      if (m < 0) throw new RangeError("The order of integration must be non-negative");
      if (ks.length > m) throw new RangeError("Too many integration constants");
      const lbnd = scalarArg(a.lbnd ?? 0, "lbnd"), scl = scalarArg(a.scl ?? 1, "scl"), ax = normAxis(axis, ca.ndim);
      if (m === 0) return ca.copy();
      if (ca.shape[ax] === 0) throw new RangeError("index 0 is out of bounds for axis 0 with size 0");
      // (the integral's coefficients are a JS array on the host; NumPy runs out of memory there too)
      if (ca.shape[ax] + m > 2 ** 32 - 1) {
        throw new RangeError(`${p}int: an integral of order ${m} has more coefficients than an array can hold`);
      }
      const kv = ks.map((v) => scalarArg(v, "k"));
      return alongAxis(ca, ax, (v) => intV(B, v, m, kv, lbnd, scl));
    },
    /**
     * The least-squares fit of degree deg: `fit(x, y, deg, rcond = null, full = false, w = null)` (solved in the
     * power basis and converted; `full` output is not supported, a RangeError).
     */
    fit(x: ArrayLike, y: ArrayLike, deg: number, ...rest: unknown[]): NDArray {
      const a = bindArgs(`${p}fit`, ["rcond", "full", "w"], rest);
      if (a.full) throw new RangeError(`${p}fit: full=true is not supported by dendrite's np.polynomial`);
      const xa = np.asarray(x) as NDArray, ya = np.asarray(y) as NDArray;
      const c = np.polyfit(xa, ya, deg, { rcond: (a.rcond ?? null) as number | null, w: (a.w ?? null) as ArrayLike });
      const dt = xa.dtype === "float32" && ya.dtype === "float32" ? "float32" : "float64";
      return out(fromPowerV(B, (np.flip(c as NDArray, 0) as NDArray).tolist() as number[]), dt);
    },
    /**
     * The roots, ascending: the eigenvalues of the kind's companion matrix (complex roots are a TypeError: dendrite
     * has no complex dtype).
     */
    roots(c: ArrayLike): NDArray {
      const [s] = asSeries([c]), n = s.v.length - 1;
      if (n < 1) return np.array([], { dtype: s.dt }) as NDArray;
      const m = companionV(B, s.v);
      // (NumPy's eigvals refuses a matrix with an infinity or a NaN)
      if (m.some((v) => !Number.isFinite(v))) throw new LinAlgError("Array must not contain infs or NaNs");
      const r = Array.from(realEigenvalues(`${p}roots`, m, n)).sort((x, y) => x - y);
      return out(r, s.dt);
    },
    /** The kind's scaled companion matrix (symmetric but for its last column for the orthogonal kinds). */
    companion(c: ArrayLike): NDArray {
      const [s] = asSeries([c]), n = s.v.length - 1;
      if (n < 1) throw new RangeError("Series must have maximum degree of at least 1.");
      return out(Array.from(companionV(B, s.v)), s.dt).reshape([n, n]) as NDArray;
    },
    /** c1 + c2. */
    add(c1: ArrayLike, c2: ArrayLike): NDArray {
      const [a, b] = asSeries([c1, c2]);
      return out(trimseq(addV(a.v, b.v, 1)), a.dt);
    },
    /** c1 - c2. */
    sub(c1: ArrayLike, c2: ArrayLike): NDArray {
      const [a, b] = asSeries([c1, c2]);
      return out(trimseq(addV(a.v, b.v, -1)), a.dt);
    },
    /** c1 * c2. */
    mul(c1: ArrayLike, c2: ArrayLike): NDArray {
      const [a, b] = asSeries([c1, c2]);
      return out(mulV(B, a.v, b.v), a.dt);
    },
    /** x * c. */
    mulx(c: ArrayLike): NDArray {
      const [s] = asSeries([c], false);
      return out(mulxV(B, s.v), s.dt);
    },
    /** [quotient, remainder] of c1 / c2 (a RangeError, NumPy's ZeroDivisionError, for a zero divisor). */
    div(c1: ArrayLike, c2: ArrayLike): [NDArray, NDArray] {
      const [a, b] = asSeries([c1, c2]);
      const [q, r] = divV(B, a.v, b.v);
      return [out(q, a.dt), out(r, a.dt)];
    },
    /** c ** pow: `pow(c, pow, maxpower = 16)`. */
    pow(c: ArrayLike, pow: number, ...rest: unknown[]): NDArray {
      const a = bindArgs(`${p}pow`, ["maxpower"], rest);
      const [s] = asSeries([c]);
      const maxpower = a.maxpower === undefined ? (B.letter === null ? null : 16) : a.maxpower as number | null;
      return out(powV(B, s.v, pow, maxpower), s.dt);
    },
    /** The pseudo-Vandermonde matrix [P_0(x), ..., P_deg(x)] (degree last). */
    vander(x: ArrayLike | number, deg: number): NDArray {
      deg = asInt(deg, "deg");
      if (deg < 0) throw new RangeError("deg must be non-negative");
      const xa = floatArray(x);
      // the whole matrix first, as NumPy's: a degree too large to hold fails here, not after deg steps
      const v = np.empty([deg + 1, ...xa.shape], { dtype: xa.dtype }) as NDArray;
      let prev = np.add(np.multiply(xa, 0), 1) as NDArray, prev2 = prev;
      v.set(0, prev);
      for (let k = 1; k <= deg; k++) {
        const [a, b, cc] = B.rec(k);
        let t = np.multiply(np.multiply(xa, a), prev) as NDArray;
        if (b !== 0) t = np.add(t, np.multiply(prev, b)) as NDArray;
        if (cc !== 0) t = np.subtract(t, np.multiply(prev2, cc)) as NDArray;
        v.set(k, t);
        [prev2, prev] = [prev, t];
      }
      return np.moveaxis(v, 0, -1) as NDArray;
    },
    /** The value at the points (x, y) of the 2-d series c (c[i, j] the coefficient of P_i(x) P_j(y)). */
    val2d(x: ArrayLike | number, y: ArrayLike | number, c: ArrayLike): NDArray {
      return valnd([x, y], c);
    },
    /** The value at the points (x, y, z) of the 3-d series c. */
    val3d(x: ArrayLike | number, y: ArrayLike | number, z: ArrayLike | number, c: ArrayLike): NDArray {
      return valnd([x, y, z], c);
    },
    /** The value of the 2-d series c on the grid x × y (shape c.shape[2:] + x.shape + y.shape). */
    grid2d(x: ArrayLike | number, y: ArrayLike | number, c: ArrayLike): NDArray {
      return [x, y].reduce<NDArray>((r, xi) => fns.val(xi, r), np.asarray(c) as NDArray);
    },
    /** The value of the 3-d series c on the grid x × y × z. */
    grid3d(x: ArrayLike | number, y: ArrayLike | number, z: ArrayLike | number, c: ArrayLike): NDArray {
      return [x, y, z].reduce<NDArray>((r, xi) => fns.val(xi, r), np.asarray(c) as NDArray);
    },
    /** The pseudo-Vandermonde matrix of degrees deg = [dx, dy] at (x, y): P_i(x) P_j(y) in column i (dy + 1) + j. */
    vander2d(x: ArrayLike | number, y: ArrayLike | number, deg: readonly number[] | NDArray): NDArray {
      return vandernd([x, y], deg);
    },
    /** The pseudo-Vandermonde matrix of degrees deg = [dx, dy, dz] at the points (x, y, z). */
    vander3d(
      x: ArrayLike | number,
      y: ArrayLike | number,
      z: ArrayLike | number,
      deg: readonly number[] | NDArray,
    ): NDArray {
      return vandernd([x, y, z], deg);
    },
    /** The series with leading coefficient P_n's with the given roots. */
    fromroots(rs: ArrayLike): NDArray {
      const a = np.atleast1d(rs) as NDArray;
      if (a.size === 0) return out([1], "float64");
      // NumPy's lines mix the roots with Python's 1: the product is float64 whatever the roots' dtype
      return out(fromrootsV(B, asSeries([a], false)[0].v), "float64");
    },
    /** The series off + scl * x. */
    line(off: number, scl: number): NDArray {
      for (const v of [off, scl]) {
        if (typeof v !== "number") throw new TypeError(`${p}line: expected numbers, got ${fmtValue(v)}`);
      }
      return lineV(B, off, scl);
    },
    /** The series with coefficients at most `tol` in magnitude removed from the end: `trim(c, tol = 0)`. */
    trim(c: ArrayLike, ...rest: unknown[]): NDArray {
      return trimcoef(`${p}trim`, c, rest);
    },
    /** The series x. */
    get x(): NDArray {
      return lineV(B, 0, 1);
    },
    /** The series 1. */
    get one(): NDArray {
      return np.array([1]) as NDArray;
    },
    /** The series 0. */
    get zero(): NDArray {
      return np.array([0]) as NDArray;
    },
    /** The default domain. */
    get domain(): NDArray {
      return out(B.domain, "float64");
    },
  };
  /** NumPy's _valnd: the first coordinate evaluated as a tensor product, the others pointwise. */
  const valnd = (xs: readonly unknown[], c: ArrayLike): NDArray => {
    const [x0, ...others] = ordinates(xs);
    return others.reduce<NDArray>((r, xi) => fns.val(xi, r, false), fns.val(x0, c));
  };
  /** NumPy's _vander_nd_flat: each coordinate's matrix on its own trailing axis, multiplied out and flattened. */
  const vandernd = (xs: readonly unknown[], degs: readonly number[] | NDArray): NDArray => {
    const n = xs.length, deg = degs instanceof NDArray ? degs.tolist() as number[] : degs;
    if (!Array.isArray(deg)) throw new TypeError(`${p}vander${n}d: deg must be a list of ${n} degrees`);
    if (deg.length !== n) throw new RangeError(`Expected ${n} dimensions of degrees, got ${deg.length}`);
    const pts = xs.map((x) => np.asarray(x as ArrayLike) as NDArray);
    if (pts.some((a) => a.shape.join() !== pts[0].shape.join())) {
      throw new RangeError(`${p}vander${n}d: the sample points have different shapes`);
    }
    const dt = pts.every((a) => a.dtype === "float32") ? "float32" : "float64";
    // (vander makes scalar points 1-d, as NumPy's does)
    const vs = pts.map((x, i) => fns.vander(x.astype(dt), deg[i])), shape = vs[0].shape.slice(0, -1);
    const v = vs.map((vi, i) => vi.reshape([...shape, ...deg.map((_, j) => (j === i ? vi.shape[vi.ndim - 1] : 1))]))
      .reduce((r, vi) => np.multiply(r, vi) as NDArray);
    return v.reshape([...shape, -1]);
  };
  return fns;
}

/** The generic functions' table. */
type Generic = ReturnType<typeof genericFunctions>;
/** A kind's module functions: the generic ones under the kind's prefix (`chebval`, ...). */
export type SeriesFunctions<P extends string> = { readonly [K in keyof Generic as `${P}${K & string}`]: Generic[K] };
/** A kind's conversions to and from power series (`cheb2poly`, `poly2cheb`). */
export type Conversions<P extends string> =
  & { readonly [K in `${P}2poly`]: (c: ArrayLike) => NDArray }
  & { readonly [K in `poly2${P}`]: (c: ArrayLike) => NDArray };

/**
 * A kind's module: the generic functions named with its prefix and the kind's own `extra` ones (getters, such as
 * the `chebx` constant, stay getters: arrays are made when read, after np is loaded).
 */
export function seriesFunctions<P extends string, E extends object>(
  B: Basis & { prefix: P },
  extra: E,
): SeriesFunctions<P> & E {
  const r = {};
  const copy = (o: object, prefix: string) => {
    for (const [k, d] of Object.entries(Object.getOwnPropertyDescriptors(o))) {
      Object.defineProperty(r, `${prefix}${k}`, { ...d, enumerable: true });
    }
  };
  copy(genericFunctions(B), B.prefix);
  copy(extra, "");
  return r as SeriesFunctions<P> & E;
}

/** A kind's `X2poly` and `poly2X`. */
export function conversions<P extends string>(B: Basis & { prefix: P }): Conversions<P> {
  // poly2X starts NumPy's Horner loop from Python's 0, so its result is float64 whatever the input's dtype
  const conv = (f: (v: number[]) => number[], keep: boolean) => (c: ArrayLike): NDArray => {
    const [s] = asSeries([c]);
    return out(trimseq(f(s.v)), keep ? s.dt : "float64");
  };
  return {
    [`${B.prefix}2poly`]: conv((v) => toPowerV(B, v), true),
    [`poly2${B.prefix}`]: conv((v) => fromPowerV(B, v), false),
  } as Conversions<P>;
}

// ---------------------------------------------------------------- the class

const SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹", SUBSCRIPT = "₀₁₂₃₄₅₆₇₈₉";

/** NumPy's polyutils.format_float: a coefficient as the print options write it (scientific when tiny or huge). */
function formatFloat(x: NDArray, parens = false): string {
  const o = getPrintoptions(), v = Number(x.item());
  if (Number.isNaN(v)) return o.nanstr;
  if (!Number.isFinite(v)) return v > 0 ? o.infstr : `-${o.infstr}`;
  const a = Math.abs(v), fixed = o.floatmode === "fixed";
  const opts = {
    precision: o.precision,
    unique: !fixed,
    trim: fixed ? "k" as const : "0" as const,
    sign: o.sign === "+",
  };
  if (v !== 0 && (a >= 1e8 || a < 10 ** Math.min(0, Math.floor(-(o.precision - 1) / 2)))) {
    const s = formatFloatScientific(x, opts);
    return parens ? `(${s})` : s;
  }
  return formatFloatPositional(x, { ...opts, fractional: true });
}

/** A series class's constructor keywords. */
export interface PolynomialOptions {
  /** The interval mapped onto the window before evaluating (default the kind's domain). */
  domain?: ArrayLike | null;
  /** The window (default the kind's window). */
  window?: ArrayLike | null;
  /** The name of the unknown in the text forms (default "x"). */
  symbol?: string;
}

/** What series arithmetic takes as the other operand. */
export type PolyOperand = PolyBase | ArrayLike;

/** The domain or window of a constructor argument (two float elements). */
function interval(v: unknown, dflt: readonly number[]): NDArray {
  if (v === null || v === undefined) return out(dflt, "float64");
  const [s] = asSeries([v], false);
  if (s.v.length !== 2) throw new RangeError("Domain has wrong number of elements.");
  return out(s.v, s.dt);
}

const pair = (a: NDArray): [number, number] => a.tolist() as [number, number];
const f64 = (v: number) => np.array(v, { dtype: "float64" }) as NDArray;

/** A series class (what `kind` and `cast` take). */
export type SeriesKind<T extends PolyBase = PolyBase> = (new (coef: ArrayLike, ...rest: unknown[]) => T) & {
  readonly basisTable: Basis;
  identity(...args: unknown[]): PolyBase;
};

/**
 * The base of np.polynomial's series classes (NumPy's ABCPolyBase): a series `sum c_k P_k(x)` in a kind's basis,
 * evaluated after mapping its domain onto its window. `new Kind(coef, domain?, window?, symbol?)`, the keywords also
 * in a trailing options object. Callable through `call(x)`; arithmetic through add / sub / mul / div (by a number) /
 * floordiv / mod / divmod / pow. Subclasses only name their basis table.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const c = new np.polynomial.Chebyshev([1, 2, 3]);
 * assert.ok(c instanceof np.polynomial.PolyBase);
 * assert.equal(c.call(0.5).item(), 0.5);
 * ```
 */
export abstract class PolyBase {
  /** The kind's table (its basis recurrence, calculus and names). */
  static readonly basisTable: Basis;
  /** The largest power `pow` computes (NumPy's maxpower). */
  static readonly maxpower = 100;
  /** The coefficients, lowest degree first. */
  readonly coef: NDArray;
  /** The domain. */
  readonly domain: NDArray;
  /** The window. */
  readonly window: NDArray;
  /** The name of the unknown. */
  readonly symbol: string;

  /** `new Kind(coef, domain?, window?, symbol?)`. */
  constructor(coef: ArrayLike, ...rest: unknown[]) {
    const B = this.#B;
    // (NumPy's ABCPolyBase is abstract: its kinds carry the basis table)
    if (!B) throw new TypeError("PolyBase is abstract: construct Polynomial, Chebyshev, Legendre, ... instead");
    const a = bindArgs(B.name, ["domain", "window", "symbol"], rest);
    const [s] = asSeries([coef], false);
    this.coef = out(s.v, s.dt);
    this.domain = interval(a.domain, B.domain);
    this.window = interval(a.window, B.domain);
    const symbol = a.symbol ?? "x";
    if (typeof symbol !== "string" || symbol === "") throw new TypeError("Symbol must be a non-empty string");
    if (!/^[A-Za-z_]\w*$/.test(symbol)) throw new RangeError("Symbol string must be a valid Python identifier");
    this.symbol = symbol;
  }

  get #kind(): SeriesKind<this> {
    return this.constructor as SeriesKind<this>;
  }
  get #B(): Basis {
    return (this.constructor as SeriesKind).basisTable;
  }
  /** A series of this one's kind, domain, window and symbol. */
  #like(coef: ArrayLike): this {
    return new this.#kind(coef, { domain: this.domain, window: this.window, symbol: this.symbol });
  }
  /** The other operand's coefficients (a series must share kind, domain, window and symbol). */
  #other(other: PolyOperand): ArrayLike {
    if (!(other instanceof PolyBase)) return other;
    if (other.constructor !== this.constructor) throw new TypeError("Polynomial types differ");
    if (!np.arrayEqual(this.domain, other.domain)) throw new TypeError("Domains differ");
    if (!np.arrayEqual(this.window, other.window)) throw new TypeError("Windows differ");
    if (this.symbol !== other.symbol) throw new RangeError("Polynomial symbols differ");
    return other.coef;
  }
  #series(other: PolyOperand = this.coef): number[] {
    return asSeries([this.#other(other)])[0].v;
  }
  /** A host result in this series' kind, as float64 unless both operands are float32. */
  #result(v: number[], other?: PolyOperand): this {
    const [s] = asSeries(other === undefined ? [this.coef] : [this.coef, this.#other(other)]);
    return this.#like(out(v, s.dt));
  }

  /** The map off + scl * x from the domain onto the window (NumPy's mapparms). */
  mapparms(): [number, number] {
    return mapparms(pair(this.domain), pair(this.window));
  }
  /** The value at x (an array or a number; a series composes, giving a series of its kind). */
  call(x: ArrayLike | number): NDArray;
  /** The composition p(q) for a series q. */
  call<T extends PolyBase>(x: T): T;
  call(x: ArrayLike | number | PolyBase): NDArray | PolyBase {
    const [off, scl] = this.mapparms();
    const c = this.coef.tolist() as number[];
    if (x instanceof PolyBase) {
      const y = x.mul(scl).add(off);
      return clenshaw(this.#B, OBJECTS, y, c, y.mul(0));
    }
    // off and scl are NumPy float64 scalars there (not weak): a float32 x evaluates in float64
    const xa = Array.isArray(x) ? np.array(x) as NDArray : x;
    const xm = np.add(f64(off), np.multiply(f64(scl), xa as NDArray)) as NDArray;
    return clenshaw(
      this.#B,
      ARRAYS,
      xm,
      c.map((v) => out([v], this.coef.dtype as FloatDType).reshape([])),
      np.multiply(xm, 0) as NDArray,
    );
  }
  /** The degree (the number of coefficients less one). */
  degree(): number {
    return this.coef.size - 1;
  }
  /** The roots, mapped back to the domain (sorted; complex roots are a TypeError). */
  roots(): NDArray {
    const [off, scl] = mapparms(pair(this.window), pair(this.domain));
    return np.add(off, np.multiply(scl, genericFunctions(this.#B).roots(this.coef))) as NDArray;
  }
  /** The m-th derivative, `deriv(m = 1)`. */
  deriv(...args: unknown[]): this {
    const a = bindArgs("deriv", ["m"], args), [, scl] = this.mapparms();
    return this.#like(genericFunctions(this.#B).der(this.coef, a.m ?? 1, scl));
  }
  /** The m-th integral, `integ(m = 1, k = [], lbnd = null)` (k: the values at lbnd, default the domain's 0). */
  integ(...args: unknown[]): this {
    const a = bindArgs("integ", ["m", "k", "lbnd"], args), [off, scl] = this.mapparms();
    const lbnd = a.lbnd === undefined || a.lbnd === null ? 0 : off + scl * (a.lbnd as number);
    return this.#like(genericFunctions(this.#B).int(this.coef, a.m ?? 1, a.k ?? [], lbnd, 1 / scl));
  }
  /** [x, p(x)] at n points evenly over the domain (or `domain`): `linspace(n = 100, domain = null)`. */
  linspace(...args: unknown[]): [NDArray, NDArray] {
    const a = bindArgs("linspace", ["n", "domain"], args);
    const [d0, d1] = a.domain === undefined || a.domain === null ? pair(this.domain) : a.domain as [number, number];
    const x = np.linspace(d0, d1, (a.n ?? 100) as number) as NDArray;
    return [x, this.call(x)];
  }
  /** p + other. */
  add(other: PolyOperand): this {
    return this.#result(trimseq(addV(this.#series(), this.#series(other), 1)), other);
  }
  /** p - other. */
  sub(other: PolyOperand): this {
    return this.#result(trimseq(addV(this.#series(), this.#series(other), -1)), other);
  }
  /** other - p (Python's reflected subtraction). */
  rsub(other: PolyOperand): this {
    return this.#result(trimseq(addV(this.#series(other), this.#series(), -1)), other);
  }
  /** p * other. */
  mul(other: PolyOperand): this {
    return this.#result(mulV(this.#B, this.#series(), this.#series(other)), other);
  }
  /** p / n for a number n (NumPy's true division takes numbers only). */
  div(other: number): this {
    if (typeof other !== "number") {
      const t = (other as unknown) instanceof PolyBase ? this.#B.name : typeof other;
      throw new TypeError(`unsupported types for true division: '${this.#B.name}', '${t}'`);
    }
    return this.#like(np.trueDivide(this.coef, other) as NDArray);
  }
  /** [p // other, p % other]. */
  divmod(other: PolyOperand): [this, this] {
    const [q, r] = divV(this.#B, this.#series(), this.#series(other));
    return [this.#result(q, other), this.#result(r, other)];
  }
  /** p // other. */
  floordiv(other: PolyOperand): this {
    return this.divmod(other)[0];
  }
  /** p % other. */
  mod(other: PolyOperand): this {
    return this.divmod(other)[1];
  }
  /** p ** n (n a non-negative integer up to maxpower). */
  pow(n: number): this {
    return this.#result(powV(this.#B, this.#series(), n, PolyBase.maxpower));
  }
  /** -p. */
  neg(): this {
    return this.#like(np.negative(this.coef) as NDArray);
  }
  /** +p (a copy). */
  pos(): this {
    return this.copy();
  }
  /** p == other: same kind, coefficients, domain, window and symbol. */
  equals(other: unknown): boolean {
    return other instanceof PolyBase && other.constructor === this.constructor && this.symbol === other.symbol &&
      np.arrayEqual(this.domain, other.domain) && np.arrayEqual(this.window, other.window) &&
      np.arrayEqual(this.coef, other.coef);
  }
  /** Whether the coefficients are the same (NumPy's has_samecoef). */
  hasSamecoef(other: PolyBase): boolean {
    return np.arrayEqual(this.coef, other.coef) as boolean;
  }
  /** A copy. */
  copy(): this {
    return this.#like(this.coef.copy());
  }
  /** Trailing coefficients at most `tol` in magnitude removed: `trim(tol = 0)`. */
  trim(...args: unknown[]): this {
    return this.#like(trimcoef("trim", this.coef, args));
  }
  /** The first `size` coefficients. */
  truncate(size: number): this {
    if (!Number.isInteger(size) || size < 1) throw new RangeError("size must be a positive integer");
    return this.#like(this.coef.get(`:${size}`) as NDArray);
  }
  /** The series cut to degree `deg`. */
  cutdeg(deg: number): this {
    if (!Number.isInteger(deg) || deg < 0) throw new RangeError("deg must be non-negative integer");
    return this.truncate(deg + 1);
  }
  /**
   * The same function in another kind / domain / window: `convert(domain = null, kind = null, window = null)`
   * (kind: a series class, default this one's; window default the kind's).
   */
  convert(...args: unknown[]): PolyBase {
    const a = bindArgs("convert", ["domain", "kind", "window"], args);
    const kind = (a.kind ?? this.constructor) as SeriesKind;
    if (typeof kind !== "function" || !(kind.prototype instanceof PolyBase)) {
      throw new TypeError("convert: kind must be a series class");
    }
    return this.call(kind.identity(a.domain ?? null, { window: a.window ?? null, symbol: this.symbol }));
  }

  /**
   * The least-squares fit: `Kind.fit(x, y, deg, domain = null, rcond = null, full = false, w = null,
   * window = null, symbol = "x")`; the domain defaults to x's range ([] for the kind's domain).
   */
  static fit<T extends PolyBase>(
    this: SeriesKind<T>,
    x: ArrayLike,
    y: ArrayLike,
    deg: number,
    ...rest: unknown[]
  ): T {
    const B = this.basisTable, a = bindArgs("fit", ["domain", "rcond", "full", "w", "window", "symbol"], rest);
    const xa = np.asarray(x) as NDArray;
    const domain = a.domain === undefined || a.domain === null
      ? [Number(np.min(xa)), Number(np.max(xa))]
      : Array.isArray(a.domain) && a.domain.length === 0
      ? [...B.domain]
      : pair(interval(a.domain, B.domain));
    const window = pair(interval(a.window, B.domain));
    const [off, scl] = mapparms(domain, window);
    const xnew = np.add(off, np.multiply(scl, xa.dtype === "float32" ? xa : xa.astype("float64"))) as NDArray;
    const coef = genericFunctions(B).fit(xnew, y, deg, {
      rcond: a.rcond ?? null,
      full: a.full ?? false,
      w: a.w ?? null,
    });
    return new this(coef, { domain, window, symbol: (a.symbol ?? "x") as string });
  }
  /** The series with the given roots: `fromroots(roots, domain = [], window = null, symbol = "x")`. */
  static fromroots<T extends PolyBase>(this: SeriesKind<T>, rs: ArrayLike, ...rest: unknown[]): T {
    const B = this.basisTable, a = bindArgs("fromroots", ["domain", "window", "symbol"], rest);
    const r = np.atleast1d(rs) as NDArray;
    const domain = a.domain === null
      ? [Number(np.min(r)), Number(np.max(r))]
      : a.domain === undefined || (Array.isArray(a.domain) && a.domain.length === 0)
      ? [...B.domain]
      : pair(interval(a.domain, B.domain));
    const window = pair(interval(a.window, B.domain));
    const [off, scl] = mapparms(domain, window);
    const rnew = np.add(off, np.multiply(scl, r.astype(r.dtype === "float32" ? "float32" : "float64")));
    const coef = np.trueDivide(genericFunctions(B).fromroots(rnew as NDArray), scl ** r.size) as NDArray;
    return new this(coef, { domain, window, symbol: (a.symbol ?? "x") as string });
  }
  /** The identity x over a domain: `identity(domain = null, window = null, symbol = "x")`. */
  static identity<T extends PolyBase>(this: SeriesKind<T>, ...args: unknown[]): T {
    const B = this.basisTable, a = bindArgs("identity", ["domain", "window", "symbol"], args);
    const domain = pair(interval(a.domain, B.domain)), window = pair(interval(a.window, B.domain));
    const [off, scl] = mapparms(window, domain);
    return new this(lineV(B, off, scl), { domain, window, symbol: (a.symbol ?? "x") as string });
  }
  /** The basis series P_deg: `basis(deg, domain = null, window = null, symbol = "x")`. */
  static basis<T extends PolyBase>(this: SeriesKind<T>, deg: number, ...rest: unknown[]): T {
    const a = bindArgs("basis", ["domain", "window", "symbol"], rest);
    if (!Number.isInteger(deg) || deg < 0) throw new RangeError("deg must be non-negative integer");
    const c = new Array(deg + 1).fill(0);
    c[deg] = 1;
    return new this(c.map(Number), {
      domain: (a.domain ?? null) as ArrayLike | null,
      window: (a.window ?? null) as ArrayLike | null,
      symbol: (a.symbol ?? "x") as string,
    });
  }
  /** A series of another kind as this kind: `cast(series, domain = null, window = null)`. */
  static cast<T extends PolyBase>(this: SeriesKind<T>, series: PolyBase, ...rest: unknown[]): T {
    const a = bindArgs("cast", ["domain", "window"], rest);
    return series.convert(a.domain ?? null, this, a.window ?? null) as T;
  }

  /** NumPy's repr: `Chebyshev([1., 2., 3.], domain=[-1.,  1.], window=[-1.,  1.], symbol='x')`. */
  toString(): string {
    const r = (a: NDArray) => a.toString().slice(6, -1);
    return `${this.#B.name}(${r(this.coef)}, domain=${r(this.domain)}, window=${
      r(this.window)
    }, symbol='${this.symbol}')`;
  }
  /** NumPy's str in "unicode" (the default, `1.0 + 2.0·T₁(x)`) or "ascii" (`1.0 + 2.0 T_1(x)`). */
  format(fmt: "unicode" | "ascii" | "" = "unicode"): string {
    const B = this.#B;
    if (fmt !== "" && fmt !== "unicode" && fmt !== "ascii") {
      throw new RangeError(
        `Unsupported format string '${fmt}' passed to ${B.name}.format. Valid options are 'ascii' and 'unicode'`,
      );
    }
    const digits = (i: string, set: string) => [...i].map((d) => set[Number(d)]).join("");
    const term = B.letter !== null
      ? fmt === "ascii"
        ? (i: string, s: string) => ` ${B.letter}_${i}(${s})`
        : (i: string, s: string) => `·${B.letter}${digits(i, SUBSCRIPT)}(${s})`
      : fmt === "ascii"
      ? (i: string, s: string) => (i === "1" ? ` ${s}` : ` ${s}**${i}`)
      : (i: string, s: string) => (i === "1" ? `·${s}` : `·${s}${digits(i, SUPERSCRIPT)}`);
    const linewidth = Math.max(getPrintoptions().linewidth, 1), n = this.coef.size;
    const at = (i: number) => this.coef.get(i) as NDArray;
    const [off, scale] = this.mapparms();
    let sym = this.symbol;
    if (off !== 0 || scale !== 1) {
      const scaled = scale === 1 ? sym : `${formatFloat(f64(scale))}${sym}`;
      sym = `(${off === 0 ? scaled : `${formatFloat(f64(off))} + ${scaled}`})`;
    }
    let s = formatFloat(at(0));
    for (let i = 1; i < n; i++) {
      const c = at(i), v = Number(c.item());
      s += " ";
      let next = (v >= 0 || Number.isNaN(v)
        ? "+ " + formatFloat(c, true)
        : "- " + formatFloat(np.negative(c) as NDArray, true)) +
        term(String(i), sym);
      const lineLen = s.slice(s.lastIndexOf("\n") + 1).length + next.length + (i < n - 1 ? 2 : 0);
      // NumPy breaks the line at the term's first space (after its sign)
      if (lineLen >= linewidth) {
        next = next.replace(" ", "\n");
      }
      s += next;
    }
    return s;
  }
  /** String(p) and `${p}` give NumPy's str (unicode). */
  [Symbol.toPrimitive](): string {
    return this.format();
  }
  /** Deno.inspect and console.log print the repr. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
  /** The coefficients (Python's iter(p)). */
  *[Symbol.iterator](): IterableIterator<number> {
    yield* this.coef.tolist() as number[];
  }
}

/** c[j] * f(j) moved to degree j - 1 (the derivative of bases whose derivative is one basis function). */
export const shiftDown = (c: number[], f: (j: number) => number): number[] => c.slice(1).map((x, i) => x * f(i + 1));
/** c[j] * f(j) moved to degree j + 1 (their antiderivative). */
export const shiftUp = (c: number[], f: (j: number) => number): number[] => [0, ...c.map((x, j) => x * f(j))];

/** The eigenvalues, ascending, of the symmetric tridiagonal matrix diag(d) + offdiag(e) (LAPACK's, as NumPy's eigvalsh). */
function tridiagonalEigenvalues(d: number[], e: number[]): number[] {
  const n = d.length;
  const m = Array.from(
    { length: n },
    (_, i) => Array.from({ length: n }, (_, j) => (i === j ? d[i] : j === i + 1 ? e[i] : i === j + 1 ? e[j] : 0)),
  );
  const [w] = eigh(toOperand("gauss", m, "float64"));
  return Array.from(contiguous(w).storage.data as Float64Array).slice(0, n);
}

/**
 * Gauss quadrature of degree deg for a kind's weight: [points, weights] (NumPy's leggauss and kin). The points are
 * the eigenvalues of the basis' Jacobi matrix, refined by one Newton step as NumPy does; the weights are
 * Christoffel's 1 / sum p_k(x)² over the orthonormal basis, scaled to the weight's total `mass` and, for a
 * `symmetric` weight, symmetrised as NumPy does.
 */
export function gaussQuadrature(B: Basis, deg: unknown, mass: number, symmetric: boolean): [NDArray, NDArray] {
  if (typeof deg !== "number" || !Number.isInteger(deg)) throw new TypeError("deg must be an integer");
  if (deg <= 0) throw new RangeError("deg must be a positive integer");
  // x p_k = beta(k+1) p_(k+1) + alpha(k) p_k + beta(k) p_(k-1) for the orthonormal p_k
  const alpha = (k: number) => {
    const [a, b] = B.rec(k + 1);
    return -b / a;
  };
  const beta = (k: number) => Math.sqrt(B.rec(k + 1)[2] / (B.rec(k)[0] * B.rec(k + 1)[0]));
  const c = [...new Array(deg).fill(0), 1], dc = derV(B, c, 1, 1);
  let x = tridiagonalEigenvalues(
    Array.from({ length: deg }, (_, k) => alpha(k)),
    Array.from({ length: deg - 1 }, (_, k) => beta(k + 1)),
  ).map((xi) => xi - valV(B, c, xi) / valV(B, dc, xi));
  let w = x.map((xi) => {
    let prev = 0, p = 1, sum = 1;
    for (let k = 0; k < deg - 1; k++) {
      [prev, p] = [p, ((xi - alpha(k)) * p - (k > 0 ? beta(k) * prev : 0)) / beta(k + 1)];
      sum += p * p;
    }
    return 1 / sum;
  });
  if (symmetric) {
    const xs = x, ws = w;
    x = xs.map((v, i) => (v - xs[deg - 1 - i]) / 2);
    w = ws.map((v, i) => (v + ws[deg - 1 - i]) / 2);
  }
  const total = w.reduce((s, v) => s + v, 0);
  return [out(x, "float64"), out(w.map((v) => (v * mass) / total), "float64")];
}
