/**
 * np.polynomial's Laguerre series: the `Laguerre` class and the functions of `np.polynomial.laguerre` (lagval,
 * lagder, ..., lag2poly, lagweight).
 */
import { type ArrayLike, type NDArray, NP_FUNCTIONS } from "./ndarray.ts";
import type { NpFunctions } from "./mod.ts";
import { type Basis, conversions, gaussQuadrature, PolyBase, seriesFunctions } from "./poly_base.ts";

const np = NP_FUNCTIONS as unknown as NpFunctions;

/** L_1 = 1 - x, k L_k = (2k - 1 - x) L_(k-1) - (k - 1) L_(k-2); NumPy's lagder / lagint steps. */
const LAG: Basis & { prefix: "lag" } = {
  name: "Laguerre",
  prefix: "lag",
  letter: "L",
  domain: [0, 1],
  rec: (k) => [-1 / k, (2 * k - 1) / k, (k - 1) / k],
  der1(c) {
    const n = c.length - 1, der = new Array<number>(n).fill(0);
    for (let j = n; j > 1; j--) {
      der[j - 1] = -c[j];
      c[j - 1] += c[j];
    }
    der[0] = -c[1];
    return der;
  },
  int1(c) {
    const n = c.length, t = new Array<number>(n + 1).fill(0);
    t[0] = c[0];
    t[1] = -c[0];
    for (let j = 1; j < n; j++) {
      t[j] += c[j];
      t[j + 1] = -c[j];
    }
    return t;
  },
};

/**
 * np.polynomial.Laguerre: a Laguerre series `sum c_k L_k(x)` (domain and window [0, 1] by default); the methods are
 * {@link PolyBase}'s.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const p = new np.polynomial.Laguerre([1, 2]);
 * assert.equal(p.call(0).item(), 3);
 * assert.equal(String(p), "1.0 + 2.0·L₁(x)");
 * ```
 */
export class Laguerre extends PolyBase {
  /** The Laguerre basis. */
  static override readonly basisTable: Basis = LAG;
}

/**
 * np.polynomial.laguerre: the Laguerre-series functions (lagval, lagder, lagint, lagfit, lagroots, lagadd, lagsub,
 * lagmul, lagmulx, lagdiv, lagpow, lagvander, lagfromroots, lagline, lagtrim, lag2poly, poly2lag, laggauss, lagweight) and
 * constants (lagx, lagone, lagzero, lagdomain);
 * also the 2-d and 3-d forms (lagval2d, lagval3d, laggrid2d, laggrid3d, lagvander2d, lagvander3d) and lagcompanion.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const L = np.polynomial.laguerre;
 * assert.deepEqual(L.lag2poly([0, 1]).tolist(), [1, -1]);
 * ```
 */
export const laguerreFunctions = seriesFunctions(LAG, {
  ...conversions(LAG),
  /** Gauss-Laguerre quadrature of degree deg: [points, weights] for the weight exp(-x) on [0, inf). */
  laggauss(deg: number): [NDArray, NDArray] {
    return gaussQuadrature(LAG, deg, 1, false);
  },
  /** The weight exp(-x) of the Laguerre polynomials. */
  lagweight(x: ArrayLike | number): NDArray {
    return np.exp(np.negative(x)) as NDArray;
  },
});
