/**
 * NumPy's classic polynomial class, `np.poly1d`, and `np.roots`. A poly1d
 * holds its coefficients (highest power first) and is callable (`p(2)`,
 * `p(x)` with an array, `p(q)` composing); its arithmetic goes through the
 * np functions polyadd / polysub / polymul / polydiv / polyder / polyint, so
 * dtypes and values are NumPy's. `np.roots` takes the eigenvalues of the
 * companion matrix (balanced, then the Francis double-shift QR of EISPACK's
 * hqr, on the host: polynomials are short); dendrite has no complex dtype,
 * so a polynomial with complex roots is a TypeError.
 */
import { type ArrayLike, type NDArray, NP_FUNCTIONS } from "./ndarray.ts";
import type { NpFunctions } from "./mod.ts";
import { printf } from "./text.ts";
import { Binder, opt, req } from "../api/signature.ts";
import { LinAlgError } from "../core/errors.ts";

const np = NP_FUNCTIONS as unknown as NpFunctions;

// no argument is an array to the binder: values reach the functions as given
const CONV = {
  array: (v: unknown) => v,
  isArray: () => false,
  dtype: (): undefined => undefined,
  arrayName: "ndarray",
};
const BINDERS = new Map<string, Binder>();

/**
 * Binds `args` (a positional prefix, then an optional options object) to `names` in order through the shared
 * Binder: an unknown keyword or one also given by position is a TypeError naming it. Missing values are undefined
 * (the caller's defaults apply).
 */
export function bindArgs(op: string, names: readonly string[], args: readonly unknown[]): Record<string, unknown> {
  const key = `${op}(${names.join(",")})`;
  let b = BINDERS.get(key);
  if (!b) BINDERS.set(key, b = new Binder(op, { pos: names.map((n) => opt(n, "any", undefined)), kw: [] }));
  return b.bind(args, CONV);
}

/** np.roots's one argument, by position or as `{ p }`. */
const ROOTS = new Binder("roots", { pos: [req("p", "any")], kw: [] });

/** A JS scalar (NumPy's isscalar for what JS passes). */
const isScalar = (v: unknown): v is number | bigint | boolean =>
  typeof v === "number" || typeof v === "bigint" || typeof v === "boolean";

/** The coefficients of an operand: a poly1d's own, or the value as an array. */
const coeffsOf = (v: ArrayLike | Poly1d): ArrayLike => (v instanceof Poly1d ? v.coeffs : v);

// ---------------------------------------------------------------- roots

/** The eigenvalues (re, im) of an upper Hessenberg matrix `a` (n x n, row-major, overwritten): EISPACK's hqr. */
function hqr(a: Float64Array, n: number): [Float64Array, Float64Array] {
  const wr = new Float64Array(n), wi = new Float64Array(n), EPS = 2 ** -52;
  const at = (i: number, j: number) => a[i * n + j];
  const set = (i: number, j: number, v: number) => (a[i * n + j] = v);
  const sign = (x: number, y: number) => (y >= 0 ? Math.abs(x) : -Math.abs(x));
  let anorm = 0;
  for (let i = 0; i < n; i++) for (let j = Math.max(i - 1, 0); j < n; j++) anorm += Math.abs(at(i, j));
  let nn = n - 1, t = 0;
  let p = 0, q = 0, r = 0, s = 0, w = 0, x = 0, y = 0, z = 0;
  while (nn >= 0) {
    let its = 0, l: number;
    do {
      for (l = nn; l >= 1; l--) {
        s = Math.abs(at(l - 1, l - 1)) + Math.abs(at(l, l));
        if (s === 0) s = anorm;
        if (Math.abs(at(l, l - 1)) <= EPS * s) {
          set(l, l - 1, 0);
          break;
        }
      }
      x = at(nn, nn);
      if (l === nn) {
        wr[nn] = x + t;
        wi[nn--] = 0;
      } else {
        y = at(nn - 1, nn - 1);
        w = at(nn, nn - 1) * at(nn - 1, nn);
        if (l === nn - 1) {
          p = 0.5 * (y - x);
          q = p * p + w;
          z = Math.sqrt(Math.abs(q));
          x += t;
          if (q >= 0) {
            z = p + sign(z, p);
            wr[nn - 1] = wr[nn] = x + z;
            if (z !== 0) wr[nn] = x - w / z;
            wi[nn - 1] = wi[nn] = 0;
          } else {
            wr[nn - 1] = wr[nn] = x + p;
            wi[nn - 1] = -(wi[nn] = z);
          }
          nn -= 2;
        } else {
          if (its === 60) throw new RangeError("roots: eigenvalues did not converge");
          if (its === 10 || its === 20) {
            // an exceptional shift breaks a cycle
            t += x;
            for (let i = 0; i <= nn; i++) set(i, i, at(i, i) - x);
            s = Math.abs(at(nn, nn - 1)) + Math.abs(at(nn - 1, nn - 2));
            y = x = 0.75 * s;
            w = -0.4375 * s * s;
          }
          ++its;
          let m: number;
          for (m = nn - 2; m >= l; m--) {
            z = at(m, m);
            r = x - z;
            s = y - z;
            p = (r * s - w) / at(m + 1, m) + at(m, m + 1);
            q = at(m + 1, m + 1) - z - r - s;
            r = at(m + 2, m + 1);
            s = Math.abs(p) + Math.abs(q) + Math.abs(r);
            p /= s;
            q /= s;
            r /= s;
            if (m === l) break;
            const u = Math.abs(at(m, m - 1)) * (Math.abs(q) + Math.abs(r));
            const v = Math.abs(p) * (Math.abs(at(m - 1, m - 1)) + Math.abs(z) + Math.abs(at(m + 1, m + 1)));
            if (u <= EPS * v) break;
          }
          for (let i = m; i < nn - 1; i++) {
            set(i + 2, i, 0);
            if (i !== m) set(i + 2, i - 1, 0);
          }
          for (let k = m; k < nn; k++) {
            if (k !== m) {
              p = at(k, k - 1);
              q = at(k + 1, k - 1);
              r = k + 1 !== nn ? at(k + 2, k - 1) : 0;
              if ((x = Math.abs(p) + Math.abs(q) + Math.abs(r)) !== 0) {
                p /= x;
                q /= x;
                r /= x;
              }
            }
            if ((s = sign(Math.sqrt(p * p + q * q + r * r), p)) !== 0) {
              if (k === m) {
                if (l !== m) set(k, k - 1, -at(k, k - 1));
              } else set(k, k - 1, -s * x);
              p += s;
              x = p / s;
              y = q / s;
              z = r / s;
              q /= p;
              r /= p;
              for (let j = k; j <= nn; j++) {
                p = at(k, j) + q * at(k + 1, j);
                if (k + 1 !== nn) {
                  p += r * at(k + 2, j);
                  set(k + 2, j, at(k + 2, j) - p * z);
                }
                set(k + 1, j, at(k + 1, j) - p * y);
                set(k, j, at(k, j) - p * x);
              }
              const mmin = nn < k + 3 ? nn : k + 3;
              for (let i = l; i <= mmin; i++) {
                p = x * at(i, k) + y * at(i, k + 1);
                if (k + 1 !== nn) {
                  p += z * at(i, k + 2);
                  set(i, k + 2, at(i, k + 2) - p * r);
                }
                set(i, k + 1, at(i, k + 1) - p * q);
                set(i, k, at(i, k) - p);
              }
            }
          }
        }
      }
    } while (l < nn - 1);
  }
  return [wr, wi];
}

/** Scales rows and columns of `a` by powers of 2 so their norms are close (EISPACK's balanc): better eigenvalues. */
function balance(a: Float64Array, n: number): void {
  const RADIX = 2, SQRDX = RADIX * RADIX;
  let done = false;
  while (!done) {
    done = true;
    for (let i = 0; i < n; i++) {
      let r = 0, c = 0;
      for (let j = 0; j < n; j++) {
        if (j !== i) {
          c += Math.abs(a[j * n + i]);
          r += Math.abs(a[i * n + j]);
        }
      }
      if (c !== 0 && r !== 0) {
        let g = r / RADIX, f = 1;
        const s = c + r;
        while (c < g) {
          f *= RADIX;
          c *= SQRDX;
        }
        g = r * RADIX;
        while (c > g) {
          f /= RADIX;
          c /= SQRDX;
        }
        if ((c + r) / f < 0.95 * s) {
          done = false;
          for (let j = 0; j < n; j++) a[i * n + j] /= f;
          for (let j = 0; j < n; j++) a[j * n + i] *= f;
        }
      }
    }
  }
}

/**
 * The eigenvalues of the upper Hessenberg matrix `m` (n x n, row-major, overwritten), balanced then by Francis QR,
 * in the order found: a polynomial's roots from its companion matrix. Complex eigenvalues are a TypeError naming
 * `op` (dendrite has no complex dtype).
 */
export function realEigenvalues(op: string, m: Float64Array, n: number): Float64Array {
  balance(m, n);
  const [wr, wi] = hqr(m, n);
  const k = wi.findIndex((v) => v !== 0);
  if (k >= 0) {
    throw new TypeError(
      `${op}: the polynomial has complex roots (${wr[k]} ± ${Math.abs(wi[k])}j), and dendrite has no complex dtype`,
    );
  }
  return wr;
}

/**
 * np.roots: the roots of the polynomial with coefficients `p` (highest power first; a poly1d's coefficients too),
 * as the eigenvalues of its companion matrix, with a zero root for each trailing zero coefficient (at the end).
 * float32 coefficients give float32 roots, others float64. dendrite has no complex dtype: a polynomial with complex
 * roots is a TypeError.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * assert.deepEqual(np.sort(np.roots([1, -3, 2])).tolist(), [1, 2]);
 * assert.throws(() => np.roots([1, 0, 1]), TypeError);
 * ```
 */
export function roots(...args: [p: ArrayLike | Poly1d] | [opts: { p: ArrayLike | Poly1d }]): NDArray {
  const { p } = ROOTS.bind(args, CONV) as { p: ArrayLike | Poly1d };
  // NumPy's dispatcher iterates its argument: a scalar is a TypeError there
  if (isScalar(p)) throw new TypeError("dispatcher for __array_function__ did not return an iterable");
  const a = np.atleast1d(coeffsOf(p)) as NDArray;
  if (a.ndim !== 1) throw new RangeError("Input must be a rank-1 array.");
  const dt = a.dtype === "float32" ? "float32" : "float64";
  const c = a.astype("float64").tolist() as number[];
  const nz = c.flatMap((v, i) => (v !== 0 ? [i] : []));
  // an all-zero polynomial has no roots: NumPy's np.array([]) (float64 whatever p's dtype)
  if (nz.length === 0) return np.array([], { dtype: "float64" }) as NDArray;
  const trailing = c.length - nz[nz.length - 1] - 1, q = c.slice(nz[0], nz[nz.length - 1] + 1), n = q.length - 1;
  const re = new Float64Array(n + trailing);
  if (n > 0) {
    // the companion matrix: -q[1:] / q[0] on the first row, ones below the diagonal (upper Hessenberg)
    const m = new Float64Array(n * n);
    for (let j = 0; j < n; j++) m[j] = -q[j + 1] / q[0];
    // (NumPy's eigvals refuses a companion matrix with an infinity or a NaN)
    if (m.subarray(0, n).some((v) => !Number.isFinite(v))) throw new LinAlgError("Array must not contain infs or NaNs");
    for (let i = 1; i < n; i++) m[i * n + i - 1] = 1;
    re.set(realEigenvalues("roots", m, n));
  }
  return np.array(re, { dtype: dt }) as NDArray;
}

// ---------------------------------------------------------------- poly1d

/** Writes `x**n` powers as a superscript line above the text (NumPy's _raise_power, wrapping at 70 columns). */
function raisePower(astr: string, wrap = 70): string {
  let line1 = "", line2 = "", output = " ", n = 0;
  const re = /\*\*([0-9]*)/g;
  for (let mat = re.exec(astr); mat; mat = re.exec(astr)) {
    const power = mat[1], partstr = astr.slice(n, mat.index);
    n = mat.index + mat[0].length;
    const toadd2 = partstr + " ".repeat(power.length - 1), toadd1 = " ".repeat(partstr.length - 1) + power;
    if (line2.length + toadd2.length > wrap || line1.length + toadd1.length > wrap) {
      output += line1 + "\n" + line2 + "\n ";
      line1 = toadd1;
      line2 = toadd2;
    } else {
      line2 += toadd2;
      line1 += toadd1;
    }
  }
  return output + line1 + "\n" + line2 + astr.slice(n);
}

/** poly1d's call: `p(x)` is np.polyval(p.coeffs, x), and `p(q)` with a poly1d composes (a poly1d). */
export interface Poly1d {
  (val: ArrayLike | Poly1d): NDArray | Poly1d;
}

/**
 * np.poly1d: a polynomial from its coefficients, highest power first (leading zeros trimmed), or, with `r` true,
 * from its roots; `variable` names the unknown in its text form. `poly1d(cOrR, r?, variable?)`, the keywords also
 * in a trailing options object. The object is callable: `p(x)` evaluates it (np.polyval).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const p = np.poly1d([1, 2, 3]);
 * assert.equal((p(2) as np.NDArray).item(), 11);
 * assert.equal(p.toString(), "poly1d([1, 2, 3])");
 * assert.equal(String(p), "   2\n1 x + 2 x + 3");
 * assert.deepEqual(p.deriv().coeffs.tolist(), [2, 2]);
 * assert.deepEqual(np.poly1d([1, 2], { r: true }).coeffs.tolist(), [1, -3, 2]);
 * ```
 */
export class Poly1d {
  // a plain property: the callable `self` the constructor returns is a function, which no private field can be on
  declare private _coeffs: NDArray;
  /** The name of the unknown in the text form. */
  declare variable: string;

  /** `new Poly1d(cOrR, r?, variable?)` (np.poly1d's arguments). */
  constructor(cOrR: ArrayLike | Poly1d, ...rest: unknown[]) {
    const a = bindArgs("poly1d", ["cOrR", "r", "variable"], [cOrR, ...rest]);
    const variable = a.variable ?? null;
    if (variable !== null && typeof variable !== "string") {
      throw new TypeError(`poly1d(): variable must be a string, not ${typeof variable}`);
    }
    const self = ((val: ArrayLike | Poly1d) => self.evaluate(val)) as unknown as Poly1d;
    Object.setPrototypeOf(self, new.target.prototype);
    if (cOrR instanceof Poly1d) {
      self._coeffs = cOrR._coeffs;
      self.variable = variable ?? cOrR.variable;
      return self;
    }
    const c = np.atleast1d(a.r ? np.poly(cOrR) : cOrR) as NDArray;
    if (c.ndim > 1) throw new RangeError("Polynomial must be 1d only.");
    const t = np.trimZeros(c, "f") as NDArray;
    self._coeffs = t.size === 0 ? np.zeros([1], { dtype: c.dtype }) as NDArray : t;
    self.variable = variable ?? "x";
    return self;
  }

  /** The coefficients, highest power first (NumPy's coeffs; also `c`, `coef`, `coefficients`). */
  get coeffs(): NDArray {
    return this._coeffs;
  }
  /** The coefficients (NumPy's alias). */
  get c(): NDArray {
    return this._coeffs;
  }
  /** The coefficients (NumPy's alias). */
  get coef(): NDArray {
    return this._coeffs;
  }
  /** The coefficients (NumPy's alias). */
  get coefficients(): NDArray {
    return this._coeffs;
  }
  /** The degree: the number of coefficients less one (NumPy's order, also `o` and len(p)). */
  get order(): number {
    return this._coeffs.size - 1;
  }
  /** The degree (NumPy's alias). */
  get o(): number {
    return this.order;
  }
  /** The roots (np.roots of the coefficients; also `r`). */
  get roots(): NDArray {
    return roots(this._coeffs);
  }
  /** The roots (NumPy's alias). */
  get r(): NDArray {
    return this.roots;
  }

  /** `p(val)`: np.polyval at `val`, or the composition p(q) for a poly1d `q`. */
  evaluate(val: ArrayLike | Poly1d): NDArray | Poly1d {
    if (!(val instanceof Poly1d)) return np.polyval(this._coeffs, val) as NDArray;
    // NumPy's polyval with a poly1d: Horner's rule in poly1d arithmetic, from 0 * val
    let y = val.mul(0);
    for (let i = 0; i <= this.order; i++) y = y.mul(val).add(this._coeffs.get(i) as NDArray);
    return y;
  }
  /** -p. */
  neg(): Poly1d {
    return new Poly1d(np.negative(this._coeffs) as NDArray);
  }
  /** +p: p itself. */
  pos(): Poly1d {
    return this;
  }
  /** p + other (a poly1d, coefficients or a scalar). */
  add(other: ArrayLike | Poly1d): Poly1d {
    return new Poly1d(np.polyadd(this._coeffs, new Poly1d(other)._coeffs) as NDArray);
  }
  /** p - other. */
  sub(other: ArrayLike | Poly1d): Poly1d {
    return new Poly1d(np.polysub(this._coeffs, new Poly1d(other)._coeffs) as NDArray);
  }
  /** other - p (Python's reflected subtraction). */
  rsub(other: ArrayLike | Poly1d): Poly1d {
    return new Poly1d(np.polysub(new Poly1d(other)._coeffs, this._coeffs) as NDArray);
  }
  /** p * other: a scalar scales the coefficients, anything else multiplies as polynomials. */
  mul(other: ArrayLike | Poly1d): Poly1d {
    return isScalar(other)
      ? new Poly1d(np.multiply(this._coeffs, other) as NDArray)
      : new Poly1d(np.polymul(this._coeffs, new Poly1d(other)._coeffs) as NDArray);
  }
  /** p / other: a scalar divides the coefficients (a poly1d); a polynomial gives [quotient, remainder]. */
  div(other: number | bigint | boolean): Poly1d;
  /** p / q for a polynomial q: [quotient, remainder]. */
  div(other: ArrayLike | Poly1d): Poly1d | [Poly1d, Poly1d];
  div(other: ArrayLike | Poly1d): Poly1d | [Poly1d, Poly1d] {
    if (isScalar(other)) return new Poly1d(np.trueDivide(this._coeffs, other) as NDArray);
    return polydivPoly(this, new Poly1d(other));
  }
  /** other / p (Python's reflected division): a scalar divides by each coefficient. */
  rdiv(other: ArrayLike | Poly1d): Poly1d | [Poly1d, Poly1d] {
    if (isScalar(other)) return new Poly1d(np.trueDivide(other, this._coeffs) as NDArray);
    return polydivPoly(new Poly1d(other), this);
  }
  /** p ** val for a non-negative integer val (repeated polymul). */
  pow(val: number): Poly1d {
    if (!(typeof val === "number" && Number.isInteger(val) && val >= 0)) {
      throw new RangeError("Power to non-negative integers only.");
    }
    let res: NDArray = np.array([1]) as NDArray;
    for (let i = 0; i < val; i++) res = np.polymul(this._coeffs, res) as NDArray;
    return new Poly1d(res);
  }
  /** p == other: the same coefficients (shape and values; the variable is not compared). */
  equals(other: unknown): boolean {
    if (!(other instanceof Poly1d)) return false;
    const a = this._coeffs, b = other._coeffs;
    return a.size === b.size && (np.all(np.equal(a, b)) as NDArray).item() === true;
  }
  /** p != other. */
  notEquals(other: unknown): boolean {
    return !this.equals(other);
  }
  /** p[k]: the coefficient of x**k (a 0-d array; zero of the coefficients' dtype beyond the degree). */
  get(k: number): NDArray {
    k = power("get", k);
    if (k > this.order || k < 0) return np.zeros([], { dtype: this._coeffs.dtype }) as NDArray;
    return this._coeffs.get(this.order - k) as NDArray;
  }
  /** p[k] = val: sets the coefficient of x**k, growing the polynomial with zeros when k is beyond its degree. */
  set(k: number, val: number | bigint | boolean): void {
    k = power("set", k);
    if (k < 0) throw new RangeError("Does not support negative powers.");
    let ind = this.order - k;
    if (k > this.order) {
      const zr = np.zeros([k - this.order], { dtype: this._coeffs.dtype }) as NDArray;
      this._coeffs = np.concatenate([zr, this._coeffs]) as NDArray;
      ind = 0;
    } else this._coeffs = this._coeffs.copy();
    this._coeffs.set([ind], val);
  }
  /** The coefficients, highest power first (Python's iter(p)). */
  *[Symbol.iterator](): IterableIterator<number | bigint | boolean> {
    yield* this._coeffs.tolist() as (number | bigint | boolean)[];
  }
  /** The m-th antiderivative, `integ(m = 1, k = 0)` (k: the integration constants). */
  integ(...args: unknown[]): Poly1d {
    const a = bindArgs("integ", ["m", "k"], args);
    return new Poly1d(np.polyint(this._coeffs, { m: (a.m ?? 1) as number, k: (a.k ?? 0) as ArrayLike }) as NDArray);
  }
  /** The m-th derivative, `deriv(m = 1)`. */
  deriv(...args: unknown[]): Poly1d {
    const a = bindArgs("deriv", ["m"], args);
    return new Poly1d(np.polyder(this._coeffs, { m: (a.m ?? 1) as number }) as NDArray);
  }

  /** NumPy's repr: `poly1d([1, 2, 3])` (the coefficients' array repr). */
  toString(): string {
    return `poly1d(${this._coeffs.toString().slice(6, -1)})`;
  }
  /** NumPy's str: the polynomial written out, powers on the line above (`"   2\n1 x + 2 x + 3"`). */
  format(): string {
    const all = this._coeffs.tolist() as (number | bigint | boolean)[], v = this.variable;
    const first = all.findIndex((c) => Number(c) !== 0);
    const coeffs = first < 0 ? [] : all.slice(first), N = coeffs.length - 1;
    let thestr = "0";
    coeffs.forEach((coeff, k) => {
      const cs = printf("%.4g", typeof coeff === "boolean" ? Number(coeff) : coeff), power = N - k;
      const newstr = power === 0
        ? (cs !== "0" ? cs : k === 0 ? "0" : "")
        : cs === "0"
        ? ""
        : power === 1
        ? `${cs} ${v}`
        : `${cs} ${v}**${power}`;
      if (k === 0) thestr = newstr;
      else if (newstr !== "") {
        thestr = newstr.startsWith("-") ? `${thestr} - ${newstr.slice(1)}` : `${thestr} + ${newstr}`;
      }
    });
    return raisePower(thestr);
  }
  /** String(p) and `${p}` give NumPy's str (`format()`), as an ndarray's String gives its str. */
  [Symbol.toPrimitive](): string {
    return this.format();
  }
  /** Deno.inspect and console.log print the repr. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
}

/** A poly1d index: a number (a BigInt as its number), else Python's TypeError for a non-integer key. */
function power(op: string, k: unknown): number {
  if (typeof k === "bigint") return Number(k);
  if (typeof k !== "number") {
    throw new TypeError(`poly1d.${op}(): the power must be an integer, not ${k === null ? "null" : typeof k}`);
  }
  return k;
}

/** np.polydiv of two poly1d's: [quotient, remainder] as poly1d's. */
function polydivPoly(u: Poly1d, v: Poly1d): [Poly1d, Poly1d] {
  const [q, r] = np.polydiv(u.coeffs, v.coeffs) as NDArray[];
  return [new Poly1d(q), new Poly1d(r)];
}

/**
 * np.poly1d as NumPy calls it, without `new`: `np.poly1d(cOrR, r?, variable?)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const p = np.poly1d([1, -3, 2]).mul(np.poly1d([1, 1]));
 * assert.deepEqual(p.coeffs.tolist(), [1, -2, -1, 2]);
 * ```
 */
export function poly1d(cOrR: ArrayLike | Poly1d, ...rest: unknown[]): Poly1d {
  return new Poly1d(cOrR, ...rest);
}
