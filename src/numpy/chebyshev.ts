/**
 * np.polynomial's Chebyshev series (first kind, T_k(cos t) = cos(k t)): the `Chebyshev` class and the functions of
 * `np.polynomial.chebyshev` (chebval, chebder, ..., cheb2poly, chebpts1/2, chebgauss, chebweight).
 */
import { type ArrayLike, type NDArray, NP_FUNCTIONS } from "./ndarray.ts";
import type { NpFunctions } from "./mod.ts";
import { type Basis, conversions, mapparms, PolyBase, seriesFunctions } from "./poly_base.ts";
import { bindArgs } from "./poly1d.ts";

const np = NP_FUNCTIONS as unknown as NpFunctions;

/** T_1 = x, T_k = 2x T_(k-1) - T_(k-2); NumPy's chebder / chebint steps. */
const CHEB: Basis & { prefix: "cheb" } = {
  name: "Chebyshev",
  prefix: "cheb",
  letter: "T",
  domain: [-1, 1],
  rec: (k) => (k === 1 ? [1, 0, 0] : [2, 0, 1]),
  der1(c) {
    const n = c.length - 1, der = new Array<number>(n).fill(0);
    for (let j = n; j > 2; j--) {
      der[j - 1] = 2 * j * c[j];
      c[j - 2] += (j * c[j]) / (j - 2);
    }
    if (n > 1) der[1] = 4 * c[2];
    der[0] = c[1];
    return der;
  },
  int1(c) {
    const n = c.length, t = new Array<number>(n + 1).fill(0);
    t[1] = c[0];
    if (n > 1) t[2] = c[1] / 4;
    for (let j = 2; j < n; j++) {
      t[j + 1] = c[j] / (2 * (j + 1));
      t[j - 1] -= c[j] / (2 * (j - 1));
    }
    return t;
  },
};

/** A point count as NumPy's chebpts take it (an integral number, at least `min`). */
function npts(n: number, min: number): number {
  if (typeof n !== "number" || !Number.isInteger(n)) throw new RangeError("npts must be integer");
  if (n < min) throw new RangeError(`npts must be >= ${min}`);
  return n;
}

/**
 * np.polynomial.Chebyshev: a Chebyshev series `sum c_k T_k(x)` (domain and window [-1, 1] by default); the methods
 * are {@link PolyBase}'s.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const t = new np.polynomial.Chebyshev([1, 2, 3]);
 * assert.equal(t.call(1).item(), 6);
 * assert.equal(String(t), "1.0 + 2.0·T₁(x) + 3.0·T₂(x)");
 * assert.deepEqual(t.convert({ kind: np.polynomial.Polynomial }).coef.tolist(), [-2, 2, 6]);
 * ```
 */
export class Chebyshev extends PolyBase {
  /** The Chebyshev basis. */
  static override readonly basisTable: Basis = CHEB;

  /**
   * The interpolant of degree deg of func at the Chebyshev points of the first kind mapped onto `domain`:
   * `Chebyshev.interpolate(func, deg, domain = null, args = [])` (func called as func(x, ...args) on a float64
   * array of points; domain default [-1, 1]).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { np } from "../../mod.ts";
   * const p = np.polynomial.Chebyshev.interpolate((x: np.NDArray) => np.multiply(x, x), 2, [0, 2]);
   * assert.ok(Math.abs(Number(p.call(1.5).item()) - 2.25) < 1e-12);
   * ```
   */
  static interpolate(func: (x: NDArray, ...args: never[]) => ArrayLike, deg: number, ...rest: unknown[]): Chebyshev {
    const a = bindArgs("interpolate", ["domain", "args"], rest);
    const domain = (a.domain ?? null) === null
      ? [...CHEB.domain]
      : (np.asarray(a.domain as ArrayLike) as NDArray).tolist() as number[];
    const [off, scl] = mapparms(CHEB.domain, domain);
    const coef = interpolate(
      (x) => func(np.add(off, np.multiply(scl, x)) as NDArray, ...((a.args ?? []) as never[])),
      deg,
    );
    return new this(coef, { domain });
  }
}

/** NumPy's chebinterpolate: the coefficients of the interpolant of degree deg at the deg + 1 Chebyshev points. */
function interpolate(func: (x: NDArray) => ArrayLike, deg: unknown): NDArray {
  if (typeof deg !== "number" || !Number.isInteger(deg)) throw new TypeError("deg must be an int");
  if (deg < 0) throw new RangeError("expected deg >= 0");
  const order = deg + 1, x = chebyshevFunctions.chebpts1(order);
  const c = np.dot(np.transpose(chebyshevFunctions.chebvander(x, deg)), np.asarray(func(x))) as NDArray;
  // the discrete orthogonality of T_k at the points: c_0 / order, the others / (order / 2)
  const div = np.array([order, ...new Array(deg).fill(0.5 * order)]) as NDArray;
  return np.divide(c, div.reshape([order, ...new Array(c.ndim - 1).fill(1)])) as NDArray;
}

/**
 * np.polynomial.chebyshev: the Chebyshev-series functions (chebval, chebder, chebint, chebfit, chebroots, chebadd,
 * chebsub, chebmul, chebmulx, chebdiv, chebpow, chebvander, chebfromroots, chebline, chebtrim, cheb2poly, poly2cheb,
 * chebpts1, chebpts2, chebgauss, chebweight) and constants (chebx, chebone, chebzero, chebdomain);
 * also the 2-d and 3-d forms (chebval2d, chebval3d, chebgrid2d, chebgrid3d, chebvander2d,
 * chebvander3d), chebcompanion and chebinterpolate.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const C = np.polynomial.chebyshev;
 * assert.equal(C.chebval(0.5, [1, 2, 3]).item(), 0.5);
 * assert.deepEqual(C.cheb2poly([0, 0, 1]).tolist(), [-1, 0, 2]);
 * assert.deepEqual(C.chebpts2(2).tolist(), [-1, 1]);
 * assert.deepEqual(C.chebcompanion([0, 0, 1]).tolist(), [[0, Math.SQRT1_2], [Math.SQRT1_2, 0]]);
 * ```
 */
export const chebyshevFunctions = seriesFunctions(CHEB, {
  ...conversions(CHEB),
  /** The n Chebyshev points of the first kind, sin(pi/2 (2k - n + 1) / n) ascending. */
  chebpts1(n: number): NDArray {
    const m = npts(n, 1);
    return np.sin(np.multiply((0.5 * Math.PI) / m, np.arange(-m + 1, m + 1, 2))) as NDArray;
  },
  /** The n Chebyshev points of the second kind, cos of n angles from -pi to 0. */
  chebpts2(n: number): NDArray {
    return np.cos(np.linspace(-Math.PI, 0, npts(n, 2))) as NDArray;
  },
  /** Gauss-Chebyshev quadrature of degree deg: [points, weights] (exact, closed form). */
  chebgauss(deg: number): [NDArray, NDArray] {
    if (typeof deg !== "number" || !Number.isInteger(deg)) throw new TypeError("deg must be an integer");
    if (deg <= 0) throw new RangeError("deg must be a positive integer");
    const x = np.cos(np.divide(np.multiply(Math.PI, np.arange(1, 2 * deg, 2)), 2 * deg)) as NDArray;
    return [x, np.full([deg], Math.PI / deg) as NDArray];
  },
  /**
   * The Chebyshev coefficients of the interpolant of degree deg of func at the Chebyshev points of the first kind:
   * `chebinterpolate(func, deg, args = [])` (func called as func(x, ...args); a result with more axes gives one
   * series per trailing index).
   */
  chebinterpolate(func: (x: NDArray, ...args: never[]) => ArrayLike, deg: number, ...rest: unknown[]): NDArray {
    const a = bindArgs("chebinterpolate", ["args"], rest);
    return interpolate((x) => func(x, ...((a.args ?? []) as never[])), deg);
  },
  /** The weight 1 / sqrt(1 - x²) of the Chebyshev polynomials. */
  chebweight(x: ArrayLike | number): NDArray {
    return np.divide(1, np.multiply(np.sqrt(np.add(1, x)), np.sqrt(np.subtract(1, x)))) as NDArray;
  },
});
