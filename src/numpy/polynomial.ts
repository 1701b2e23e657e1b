/**
 * np.polynomial for real coefficients: the power-series functions of
 * `np.polynomial.polynomial` (coefficients lowest power first: polyval,
 * polyder, polyint, polyfit, polyroots, polyadd, ...) and the
 * `Polynomial` class with NumPy's domain/window mapping, fit, calculus,
 * arithmetic, repr and str. Coefficient series are short, so the series
 * arithmetic runs on the host in doubles and the result is cast to the
 * series' dtype (float32 when every input is float32, else float64, as
 * NumPy's as_series); evaluation runs as array ops (any x shape).
 */
import { type ArrayLike, NDArray, NP_FUNCTIONS } from "./ndarray.ts";
import type { NpFunctions } from "./mod.ts";
import { bindArgs, roots } from "./poly1d.ts";
import { formatFloatPositional, formatFloatScientific, getPrintoptions } from "./print_options.ts";

const np = NP_FUNCTIONS as unknown as NpFunctions;

type FloatDType = "float32" | "float64";
/** A coefficient series on the host: values (lowest power first) and the dtype results take. */
interface Series {
  v: number[];
  dt: FloatDType;
}

/** NumPy's as_series: each argument as a 1-d float series of one common dtype, trailing zeros trimmed if `trim`. */
function asSeries(cs: readonly unknown[], trim = true): Series[] {
  const arrays = cs.map((c) => np.atleast1d(c instanceof Polynomial ? c.coef : c as ArrayLike) as NDArray);
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
function trimseq(v: number[]): number[] {
  let n = v.length;
  while (n > 1 && v[n - 1] === 0) n--;
  return v.slice(0, n);
}

/** A host series as an array of its dtype. */
const out = (v: readonly number[], dt: FloatDType): NDArray => np.array(Float64Array.from(v), { dtype: dt }) as NDArray;

const addV = (a: number[], b: number[], sign: 1 | -1): number[] =>
  Array.from({ length: Math.max(a.length, b.length) }, (_, i) => (a[i] ?? 0) + sign * (b[i] ?? 0));

function mulV(a: readonly number[], b: readonly number[]): number[] {
  const r = new Array<number>(a.length + b.length - 1).fill(0);
  a.forEach((x, i) => b.forEach((y, j) => (r[i + j] += x * y)));
  return r;
}

/** NumPy's polydiv on series: [quotient, remainder]. */
function divV(c1: number[], c2: number[]): [number[], number[]] {
  if (c2[c2.length - 1] === 0) throw new RangeError("division by zero (the divisor's leading coefficient is 0)");
  const l1 = c1.length, l2 = c2.length;
  if (l1 < l2) return [[0], c1];
  const scl = c2[l2 - 1];
  if (l2 === 1) return [c1.map((x) => x / scl), [0]];
  const c = c1.slice(), d = c2.slice(0, -1).map((x) => x / scl);
  let i = l1 - l2, j = l1 - 1;
  while (i >= 0) {
    const cj = c[j];
    for (let k = 0; k < d.length; k++) c[i + k] -= d[k] * cj;
    i--;
    j--;
  }
  return [c.slice(j + 1).map((x) => x / scl), trimseq(c.slice(0, j + 1))];
}

function powV(c: number[], pow: unknown, maxpower: number | null): number[] {
  if (typeof pow !== "number" || !Number.isInteger(pow) || pow < 0) {
    throw new RangeError("Power must be a non-negative integer.");
  }
  if (maxpower !== null && pow > maxpower) throw new RangeError("Power is too large");
  let r = [1];
  for (let i = 0; i < pow; i++) r = mulV(r, c);
  return pow === 0 ? [1] : r;
}

function derV(c: number[], m: number, scl: number): number[] {
  if (!Number.isInteger(m)) throw new TypeError("The order of derivation must be integer");
  if (m < 0) throw new RangeError("The order of derivation must be non-negative");
  let r = c.slice();
  for (let k = 0; k < m; k++) {
    if (r.length <= 1) return [0];
    r = r.slice(1).map((x, i) => x * (i + 1) * scl);
  }
  return r;
}

function intV(c: number[], m: number, k: unknown, lbnd: number, scl: number): number[] {
  if (!Number.isInteger(m)) throw new TypeError("The order of integration must be integer");
  if (m < 0) throw new RangeError("The order of integration must be non-negative");
  const ks = (Array.isArray(k) ? k : [k]) as number[];
  if (ks.length > m) throw new RangeError("Too many integration constants");
  let r = c.slice();
  for (let i = 0; i < m; i++) {
    const t = [0, ...r.map((x, j) => (x * scl) / (j + 1))];
    // the constant makes the integral k[i] at lbnd
    t[0] += (ks[i] ?? 0) - valV(t, lbnd);
    r = t;
  }
  return r;
}

const valV = (c: readonly number[], x: number): number => c.reduceRight((acc, ci) => acc * x + ci, 0);

/** The linear map off + scl * x taking domain `o` onto `n` (NumPy's mapparms). */
function mapparms(o: readonly number[], n: readonly number[]): [number, number] {
  const oLen = o[1] - o[0], nLen = n[1] - n[0];
  return [(o[1] * n[0] - o[0] * n[1]) / oLen, nLen / oLen];
}

// ---------------------------------------------------------------- np.polynomial.polynomial

/** The value of a power series at x: `polyval(x, c, tensor = true)` (c lowest power first; NumPy's rules). */
function polyval(x: ArrayLike | number, c: ArrayLike, ...rest: unknown[]): NDArray {
  const a = bindArgs("polyval", ["tensor"], rest);
  let cc = np.array(c) as NDArray;
  if (cc.ndim === 0) cc = cc.reshape([1]);
  if (cc.dtype !== "float32" && cc.dtype !== "float64") cc = cc.astype("float64");
  const xa = Array.isArray(x) ? np.array(x) as NDArray : x;
  const xnd = xa instanceof NDArray ? xa.ndim : 0;
  if ((a.tensor ?? true) && xnd > 0) cc = cc.reshape([...cc.shape, ...new Array(xnd).fill(1)]);
  const n = cc.shape[0], at = (i: number) => cc.get(i) as NDArray;
  const xz = typeof xa === "number" ? 0 * xa : np.multiply(xa, 0);
  let c0 = np.add(at(n - 1), xz) as NDArray;
  for (let i = n - 2; i >= 0; i--) c0 = np.add(at(i), np.multiply(c0, xa as NDArray)) as NDArray;
  return c0;
}

/** The m-th derivative: `polyder(c, m = 1, scl = 1)` (1-d c). */
function polyder(c: ArrayLike, ...rest: unknown[]): NDArray {
  const a = bindArgs("polyder", ["m", "scl"], rest);
  const [s] = asSeries([c], false);
  return out(derV(s.v, (a.m ?? 1) as number, (a.scl ?? 1) as number), s.dt);
}

/** The m-th integral: `polyint(c, m = 1, k = [], lbnd = 0, scl = 1)` (1-d c; k the values at lbnd). */
function polyint(c: ArrayLike, ...rest: unknown[]): NDArray {
  const a = bindArgs("polyint", ["m", "k", "lbnd", "scl"], rest);
  const [s] = asSeries([c], false);
  return out(intV(s.v, (a.m ?? 1) as number, a.k ?? [], (a.lbnd ?? 0) as number, (a.scl ?? 1) as number), s.dt);
}

/**
 * The least-squares fit of degree deg: `polyfit(x, y, deg, rcond = null, full = false, w = null)`, coefficients
 * lowest power first (np.polyfit's, reversed). `full` output is not supported (a RangeError).
 */
function polyfit(x: ArrayLike, y: ArrayLike, deg: number, ...rest: unknown[]): NDArray {
  const a = bindArgs("polyfit", ["rcond", "full", "w"], rest);
  if (a.full) throw new RangeError("polyfit: full=true is not supported by dendrite's np.polynomial");
  const c = np.polyfit(x, y, deg, {
    rcond: (a.rcond ?? null) as number | null,
    w: (a.w ?? null) as ArrayLike,
  }) as NDArray;
  return np.flip(c, 0) as NDArray;
}

/** The roots of a power series, sorted (real roots only: complex ones are a TypeError). */
function polyroots(c: ArrayLike): NDArray {
  const [s] = asSeries([c]);
  if (s.v.length < 2) return np.array([], { dtype: s.dt }) as NDArray;
  if (s.v.length === 2) return out([-s.v[0] / s.v[1]], s.dt);
  return np.sort(roots(out(s.v.slice().reverse(), s.dt))) as NDArray;
}

/** c1 + c2. */
function polyadd(c1: ArrayLike, c2: ArrayLike): NDArray {
  const [a, b] = asSeries([c1, c2]);
  return out(trimseq(addV(a.v, b.v, 1)), a.dt);
}
/** c1 - c2. */
function polysub(c1: ArrayLike, c2: ArrayLike): NDArray {
  const [a, b] = asSeries([c1, c2]);
  return out(trimseq(addV(a.v, b.v, -1)), a.dt);
}
/** c1 * c2. */
function polymul(c1: ArrayLike, c2: ArrayLike): NDArray {
  const [a, b] = asSeries([c1, c2]);
  return out(trimseq(mulV(a.v, b.v)), a.dt);
}
/** [quotient, remainder] of c1 / c2 (a RangeError, NumPy's ZeroDivisionError, for a zero divisor). */
function polydiv(c1: ArrayLike, c2: ArrayLike): [NDArray, NDArray] {
  const [a, b] = asSeries([c1, c2]);
  const [q, r] = divV(a.v, b.v);
  return [out(q, a.dt), out(r, a.dt)];
}
/** c ** pow: `polypow(c, pow, maxpower = null)`. */
function polypow(c: ArrayLike, pow: number, ...rest: unknown[]): NDArray {
  const a = bindArgs("polypow", ["maxpower"], rest);
  const [s] = asSeries([c]);
  return out(powV(s.v, pow, (a.maxpower ?? null) as number | null), s.dt);
}
/** The pseudo-Vandermonde matrix [x**0, x**1, ..., x**deg] (columns last). */
function polyvander(x: ArrayLike, deg: number): NDArray {
  if (!Number.isInteger(deg)) throw new TypeError("deg must be an integer");
  if (deg < 0) throw new RangeError("deg must be non-negative");
  let xa = np.atleast1d(x) as NDArray;
  if (xa.dtype !== "float32" && xa.dtype !== "float64") xa = xa.astype("float64");
  return np.flip(np.vander(xa, deg + 1), -1) as NDArray;
}
/** The monic series with the given roots. */
function polyfromroots(rs: ArrayLike): NDArray {
  const a = np.atleast1d(rs) as NDArray;
  if (a.size === 0) return out([1], "float64");
  const [s] = asSeries([a], false);
  return out(s.v.slice().sort((p, q) => p - q).reduce((acc, r) => mulV(acc, [-r, 1]), [1]), s.dt);
}
/** The series off + scl * x (NumPy's np.array of the numbers: integers give an int64 series). */
function polyline(off: number, scl: number): NDArray {
  return np.array(scl !== 0 ? [off, scl] : [off]) as NDArray;
}
/** The series with coefficients at most `tol` in magnitude removed from the end: `polytrim(c, tol = 0)`. */
function polytrim(c: ArrayLike, ...rest: unknown[]): NDArray {
  const a = bindArgs("polytrim", ["tol"], rest), tol = (a.tol ?? 0) as number;
  if (tol < 0) throw new RangeError("tol must be non-negative");
  const [s] = asSeries([c], false);
  let n = s.v.length;
  while (n > 0 && Math.abs(s.v[n - 1]) <= tol) n--;
  return out(n === 0 ? [0] : s.v.slice(0, n), s.dt);
}

/**
 * np.polynomial.polynomial: the power-series functions (coefficients lowest power first) and constants.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const P = np.polynomial.polynomial;
 * assert.equal(P.polyval(2, [1, 2, 3]).item(), 17);
 * assert.deepEqual(P.polyder([1, 2, 3]).tolist(), [2, 6]);
 * assert.deepEqual(P.polyroots([2, -3, 1]).tolist(), [1, 2]);
 * ```
 */
export const polynomialFunctions = {
  polyval,
  polyder,
  polyint,
  polyfit,
  polyroots,
  polyadd,
  polysub,
  polymul,
  polydiv,
  polypow,
  polyvander,
  polyfromroots,
  polyline,
  polytrim,
  /** The series x (int64, as NumPy's). */
  get polyx(): NDArray {
    return np.array([0, 1]) as NDArray;
  },
  /** The series 1. */
  get polyone(): NDArray {
    return np.array([1]) as NDArray;
  },
  /** The series 0. */
  get polyzero(): NDArray {
    return np.array([0]) as NDArray;
  },
  /** The default domain [-1, 1]. */
  get polydomain(): NDArray {
    return out([-1, 1], "float64");
  },
};

// ---------------------------------------------------------------- Polynomial

const SUPERSCRIPT: Record<string, string> = {
  0: "⁰",
  1: "¹",
  2: "²",
  3: "³",
  4: "⁴",
  5: "⁵",
  6: "⁶",
  7: "⁷",
  8: "⁸",
  9: "⁹",
};

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

/** The `Polynomial` constructor's keywords. */
export interface PolynomialOptions {
  /** The interval mapped onto the window before evaluating (default [-1, 1]). */
  domain?: ArrayLike | null;
  /** The window (default [-1, 1]). */
  window?: ArrayLike | null;
  /** The name of the unknown in the text forms (default "x"). */
  symbol?: string;
}

/** What Polynomial arithmetic takes as the other operand. */
export type PolyOperand = Polynomial | ArrayLike;

/** The domain or window of a constructor argument (two float elements). */
function interval(v: unknown, dflt: readonly number[]): NDArray {
  if (v === null || v === undefined) return out(dflt, "float64");
  const [s] = asSeries([v], false);
  if (s.v.length !== 2) throw new RangeError("Domain has wrong number of elements.");
  return out(s.v, s.dt);
}

const pair = (a: NDArray): [number, number] => a.tolist() as [number, number];

/**
 * np.polynomial.Polynomial: a power series `c[0] + c[1] x + ...` evaluated after mapping its domain onto its window.
 * `new Polynomial(coef, domain?, window?, symbol?)`, the keywords also in a trailing options object. Callable
 * through `call(x)`; arithmetic through add / sub / mul / div (by a number) / floordiv / mod / divmod / pow.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const p = new np.polynomial.Polynomial([1, 2, 3]);
 * assert.equal(p.call(2).item(), 17);
 * assert.equal(String(p), "1.0 + 2.0·x + 3.0·x²");
 * assert.deepEqual(p.deriv().coef.tolist(), [2, 6]);
 * const f = np.polynomial.Polynomial.fit([0, 1, 2, 3], [1, 2, 5, 10], 2);
 * const c = f.convert().coef.tolist() as number[];
 * assert.deepEqual(c.map((v) => Math.round(v * 1e9) / 1e9), [1, 0, 1]);
 * ```
 */
export class Polynomial {
  /** The coefficients, lowest power first. */
  readonly coef: NDArray;
  /** The domain. */
  readonly domain: NDArray;
  /** The window. */
  readonly window: NDArray;
  /** The name of the unknown. */
  readonly symbol: string;
  /** The largest power `pow` computes (NumPy's maxpower). */
  static readonly maxpower = 100;

  /** `new Polynomial(coef, domain?, window?, symbol?)`. */
  constructor(coef: ArrayLike, ...rest: unknown[]) {
    const a = bindArgs("Polynomial", ["domain", "window", "symbol"], rest);
    const [s] = asSeries([coef], false);
    this.coef = out(s.v, s.dt);
    this.domain = interval(a.domain, [-1, 1]);
    this.window = interval(a.window, [-1, 1]);
    const symbol = a.symbol ?? "x";
    if (typeof symbol !== "string" || symbol === "") throw new TypeError("Symbol must be a non-empty string");
    if (!/^[A-Za-z_]\w*$/.test(symbol)) throw new RangeError("Symbol string must be a valid Python identifier");
    this.symbol = symbol;
  }

  /** A polynomial of this one's domain, window and symbol. */
  #like(coef: ArrayLike): Polynomial {
    return new Polynomial(coef, { domain: this.domain, window: this.window, symbol: this.symbol });
  }
  /** The other operand's coefficients (a Polynomial's must share domain, window and symbol). */
  #other(other: PolyOperand): ArrayLike {
    if (!(other instanceof Polynomial)) return other;
    if (!np.arrayEqual(this.domain, other.domain)) throw new TypeError("Domains differ");
    if (!np.arrayEqual(this.window, other.window)) throw new TypeError("Windows differ");
    if (this.symbol !== other.symbol) throw new RangeError("Polynomial symbols differ");
    return other.coef;
  }

  /** The map off + scl * x from the domain onto the window (NumPy's mapparms). */
  mapparms(): [number, number] {
    return mapparms(pair(this.domain), pair(this.window));
  }
  /** The value at x (an array or a number; a Polynomial composes). */
  call(x: ArrayLike | number): NDArray;
  /** The composition p(q) for a Polynomial q. */
  call(x: Polynomial): Polynomial;
  call(x: ArrayLike | number | Polynomial): NDArray | Polynomial {
    const [off, scl] = this.mapparms();
    if (x instanceof Polynomial) {
      // NumPy's polyval in Polynomial arithmetic: Horner's rule from c[-1] + x * 0
      const y = x.mul(scl).add(off), c = this.coef.tolist() as number[];
      let c0 = y.mul(0).add(c[c.length - 1]);
      for (let i = c.length - 2; i >= 0; i--) c0 = c0.mul(y).add(c[i]);
      return c0;
    }
    // off and scl are NumPy float64 scalars there (not weak): a float32 x evaluates in float64
    const f64 = (v: number) => np.array(v, { dtype: "float64" }) as NDArray;
    const xa = Array.isArray(x) ? np.array(x) as NDArray : x;
    return polyval(np.add(f64(off), np.multiply(f64(scl), xa as NDArray)) as NDArray, this.coef);
  }
  /** The degree (the number of coefficients less one). */
  degree(): number {
    return this.coef.size - 1;
  }
  /** The roots, mapped back to the domain (sorted; complex roots are a TypeError). */
  roots(): NDArray {
    const [off, scl] = mapparms(pair(this.window), pair(this.domain));
    return np.add(off, np.multiply(scl, polyroots(this.coef))) as NDArray;
  }
  /** The m-th derivative, `deriv(m = 1)`. */
  deriv(...args: unknown[]): Polynomial {
    const a = bindArgs("deriv", ["m"], args), [, scl] = this.mapparms();
    return this.#like(polyder(this.coef, (a.m ?? 1) as number, scl));
  }
  /** The m-th integral, `integ(m = 1, k = [], lbnd = null)` (k: the values at lbnd, default the domain's 0). */
  integ(...args: unknown[]): Polynomial {
    const a = bindArgs("integ", ["m", "k", "lbnd"], args), [off, scl] = this.mapparms();
    const lbnd = a.lbnd === undefined || a.lbnd === null ? 0 : off + scl * (a.lbnd as number);
    return this.#like(polyint(this.coef, (a.m ?? 1) as number, a.k ?? [], lbnd, 1 / scl));
  }
  /** [x, p(x)] at n points evenly over the domain (or `domain`): `linspace(n = 100, domain = null)`. */
  linspace(...args: unknown[]): [NDArray, NDArray] {
    const a = bindArgs("linspace", ["n", "domain"], args);
    const [d0, d1] = a.domain === undefined || a.domain === null ? pair(this.domain) : a.domain as [number, number];
    const x = np.linspace(d0, d1, (a.n ?? 100) as number) as NDArray;
    return [x, this.call(x)];
  }
  /** p + other. */
  add(other: PolyOperand): Polynomial {
    return this.#like(polyadd(this.coef, this.#other(other)));
  }
  /** p - other. */
  sub(other: PolyOperand): Polynomial {
    return this.#like(polysub(this.coef, this.#other(other)));
  }
  /** other - p (Python's reflected subtraction). */
  rsub(other: PolyOperand): Polynomial {
    return this.#like(polysub(this.#other(other), this.coef));
  }
  /** p * other. */
  mul(other: PolyOperand): Polynomial {
    return this.#like(polymul(this.coef, this.#other(other)));
  }
  /** p / n for a number n (NumPy's true division takes numbers only). */
  div(other: number): Polynomial {
    if (typeof other !== "number") {
      const t = (other as unknown) instanceof Polynomial ? "Polynomial" : typeof other;
      throw new TypeError(`unsupported types for true division: 'Polynomial', '${t}'`);
    }
    return this.#like(np.trueDivide(this.coef, other) as NDArray);
  }
  /** [p // other, p % other]. */
  divmod(other: PolyOperand): [Polynomial, Polynomial] {
    const [q, r] = polydiv(this.coef, this.#other(other));
    return [this.#like(q), this.#like(r)];
  }
  /** p // other. */
  floordiv(other: PolyOperand): Polynomial {
    return this.divmod(other)[0];
  }
  /** p % other. */
  mod(other: PolyOperand): Polynomial {
    return this.divmod(other)[1];
  }
  /** p ** n (n a non-negative integer up to maxpower). */
  pow(n: number): Polynomial {
    return this.#like(polypow(this.coef, n, Polynomial.maxpower));
  }
  /** -p. */
  neg(): Polynomial {
    return this.#like(np.negative(this.coef) as NDArray);
  }
  /** +p (a copy). */
  pos(): Polynomial {
    return this.copy();
  }
  /** p == other: same coefficients, domain, window and symbol. */
  equals(other: unknown): boolean {
    return other instanceof Polynomial && this.symbol === other.symbol &&
      np.arrayEqual(this.domain, other.domain) && np.arrayEqual(this.window, other.window) &&
      np.arrayEqual(this.coef, other.coef);
  }
  /** Whether the coefficients are the same (NumPy's has_samecoef). */
  hasSamecoef(other: Polynomial): boolean {
    return np.arrayEqual(this.coef, other.coef) as boolean;
  }
  /** A copy. */
  copy(): Polynomial {
    return this.#like(this.coef.copy());
  }
  /** Trailing coefficients at most `tol` in magnitude removed: `trim(tol = 0)`. */
  trim(...args: unknown[]): Polynomial {
    return this.#like(polytrim(this.coef, ...args));
  }
  /** The first `size` coefficients. */
  truncate(size: number): Polynomial {
    if (!Number.isInteger(size) || size < 1) throw new RangeError("size must be a positive integer");
    return this.#like(this.coef.get(`:${size}`) as NDArray);
  }
  /** The polynomial cut to degree `deg`. */
  cutdeg(deg: number): Polynomial {
    if (!Number.isInteger(deg) || deg < 0) throw new RangeError("deg must be non-negative integer");
    return this.truncate(deg + 1);
  }
  /** The same function with another domain / window: `convert(domain = null, kind = null, window = null)`. */
  convert(...args: unknown[]): Polynomial {
    const a = bindArgs("convert", ["domain", "kind", "window"], args);
    if (a.kind !== undefined && a.kind !== null && a.kind !== Polynomial) {
      throw new TypeError("convert: only kind=Polynomial is supported");
    }
    return this.call(Polynomial.identity(a.domain ?? null, { window: a.window ?? null, symbol: this.symbol }));
  }

  /**
   * The least-squares fit: `Polynomial.fit(x, y, deg, domain = null, rcond = null, full = false, w = null,
   * window = null, symbol = "x")`; the domain defaults to x's range ([] for the default domain).
   */
  static fit(x: ArrayLike, y: ArrayLike, deg: number, ...rest: unknown[]): Polynomial {
    const a = bindArgs("fit", ["domain", "rcond", "full", "w", "window", "symbol"], rest);
    const xa = np.asarray(x) as NDArray;
    const domain = a.domain === undefined || a.domain === null
      ? [Number(np.min(xa)), Number(np.max(xa))]
      : Array.isArray(a.domain) && a.domain.length === 0
      ? [-1, 1]
      : pair(interval(a.domain, [-1, 1]));
    const window = pair(interval(a.window, [-1, 1]));
    const [off, scl] = mapparms(domain, window);
    const xnew = np.add(off, np.multiply(scl, xa.dtype === "float32" ? xa : xa.astype("float64"))) as NDArray;
    const coef = polyfit(xnew, y, deg, { rcond: a.rcond ?? null, full: a.full ?? false, w: a.w ?? null });
    return new Polynomial(coef, { domain, window, symbol: (a.symbol ?? "x") as string });
  }
  /** The polynomial with the given roots: `fromroots(roots, domain = [], window = null, symbol = "x")`. */
  static fromroots(rs: ArrayLike, ...rest: unknown[]): Polynomial {
    const a = bindArgs("fromroots", ["domain", "window", "symbol"], rest);
    const r = np.atleast1d(rs) as NDArray;
    const domain = a.domain === null
      ? [Number(np.min(r)), Number(np.max(r))]
      : a.domain === undefined || (Array.isArray(a.domain) && a.domain.length === 0)
      ? [-1, 1]
      : pair(interval(a.domain, [-1, 1]));
    const window = pair(interval(a.window, [-1, 1]));
    const [off, scl] = mapparms(domain, window);
    const rnew = np.add(off, np.multiply(scl, r.astype(r.dtype === "float32" ? "float32" : "float64")));
    const coef = np.trueDivide(polyfromroots(rnew as NDArray), scl ** r.size) as NDArray;
    return new Polynomial(coef, { domain, window, symbol: (a.symbol ?? "x") as string });
  }
  /** The identity x over a domain: `identity(domain = null, window = null, symbol = "x")`. */
  static identity(...args: unknown[]): Polynomial {
    const a = bindArgs("identity", ["domain", "window", "symbol"], args);
    const domain = pair(interval(a.domain, [-1, 1])), window = pair(interval(a.window, [-1, 1]));
    const [off, scl] = mapparms(window, domain);
    return new Polynomial(polyline(off, scl), { domain, window, symbol: (a.symbol ?? "x") as string });
  }
  /** The basis polynomial x**deg: `basis(deg, domain = null, window = null, symbol = "x")`. */
  static basis(deg: number, ...rest: unknown[]): Polynomial {
    const a = bindArgs("basis", ["domain", "window", "symbol"], rest);
    if (!Number.isInteger(deg) || deg < 0) throw new RangeError("deg must be non-negative integer");
    const c = new Array(deg + 1).fill(0);
    c[deg] = 1;
    return new Polynomial(c.map(Number), {
      domain: (a.domain ?? null) as ArrayLike | null,
      window: (a.window ?? null) as ArrayLike | null,
      symbol: (a.symbol ?? "x") as string,
    });
  }

  /** NumPy's repr: `Polynomial([1., 2., 3.], domain=[-1.,  1.], window=[-1.,  1.], symbol='x')`. */
  toString(): string {
    const r = (a: NDArray) => a.toString().slice(6, -1);
    return `Polynomial(${r(this.coef)}, domain=${r(this.domain)}, window=${r(this.window)}, symbol='${this.symbol}')`;
  }
  /** NumPy's str in "unicode" (the default, `1.0 + 2.0·x + 3.0·x²`) or "ascii" (`1.0 + 2.0 x + 3.0 x**2`). */
  format(fmt: "unicode" | "ascii" | "" = "unicode"): string {
    if (fmt !== "" && fmt !== "unicode" && fmt !== "ascii") {
      throw new RangeError(
        `Unsupported format string '${fmt}' passed to Polynomial.format. Valid options are 'ascii' and 'unicode'`,
      );
    }
    const term = fmt === "ascii"
      ? (i: string, s: string) => (i === "1" ? ` ${s}` : ` ${s}**${i}`)
      : (i: string, s: string) => (i === "1" ? `·${s}` : `·${s}${[...i].map((d) => SUPERSCRIPT[d]).join("")}`);
    const linewidth = Math.max(getPrintoptions().linewidth, 1), n = this.coef.size;
    const at = (i: number) => this.coef.get(i) as NDArray;
    const [off, scale] = this.mapparms(), f64 = (v: number) => np.array(v, { dtype: "float64" }) as NDArray;
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

/**
 * np.polynomial: the `Polynomial` class and the power-series module `polynomial`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const p = np.polynomial.Polynomial.fromroots([1, 2]);
 * assert.deepEqual(p.coef.tolist(), [2, -3, 1]);
 * ```
 */
export const polynomial = { Polynomial, polynomial: polynomialFunctions };
