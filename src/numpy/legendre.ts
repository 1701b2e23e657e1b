/**
 * np.polynomial's Legendre series: the `Legendre` class and the functions of `np.polynomial.legendre` (legval,
 * legder, ..., leg2poly, legweight).
 */
import { type ArrayLike, type NDArray, NP_FUNCTIONS } from "./ndarray.ts";
import type { NpFunctions } from "./mod.ts";
import { type Basis, conversions, gaussQuadrature, PolyBase, seriesFunctions } from "./poly_base.ts";

const np = NP_FUNCTIONS as unknown as NpFunctions;

/** P_1 = x, k P_k = (2k - 1) x P_(k-1) - (k - 1) P_(k-2); NumPy's legder / legint steps. */
const LEG: Basis & { prefix: "leg" } = {
  name: "Legendre",
  prefix: "leg",
  letter: "P",
  domain: [-1, 1],
  rec: (k) => [(2 * k - 1) / k, 0, (k - 1) / k],
  der1(c) {
    const n = c.length - 1, der = new Array<number>(n).fill(0);
    for (let j = n; j > 2; j--) {
      der[j - 1] = (2 * j - 1) * c[j];
      c[j - 2] += c[j];
    }
    if (n > 1) der[1] = 3 * c[2];
    der[0] = c[1];
    return der;
  },
  int1(c) {
    const n = c.length, t = new Array<number>(n + 1).fill(0);
    t[1] = c[0];
    if (n > 1) t[2] = c[1] / 3;
    for (let j = 2; j < n; j++) {
      const v = c[j] / (2 * j + 1);
      t[j + 1] = v;
      t[j - 1] -= v;
    }
    return t;
  },
};

/**
 * np.polynomial.Legendre: a Legendre series `sum c_k P_k(x)` (domain and window [-1, 1] by default); the methods are
 * {@link PolyBase}'s.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const p = new np.polynomial.Legendre([1, 2, 3]);
 * assert.equal(p.call(1).item(), 6);
 * assert.equal(String(p), "1.0 + 2.0·P₁(x) + 3.0·P₂(x)");
 * ```
 */
export class Legendre extends PolyBase {
  /** The Legendre basis. */
  static override readonly basisTable: Basis = LEG;
}

/**
 * np.polynomial.legendre: the Legendre-series functions (legval, legder, legint, legfit, legroots, legadd, legsub,
 * legmul, legmulx, legdiv, legpow, legvander, legfromroots, legline, legtrim, leg2poly, poly2leg, leggauss, legweight) and
 * constants (legx, legone, legzero, legdomain);
 * also the 2-d and 3-d forms (legval2d, legval3d, leggrid2d, leggrid3d, legvander2d, legvander3d) and legcompanion.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const L = np.polynomial.legendre;
 * assert.deepEqual(L.leg2poly([0, 0, 1]).tolist(), [-0.5, 0, 1.5]);
 * ```
 */
export const legendreFunctions = seriesFunctions(LEG, {
  ...conversions(LEG),
  /** Gauss-Legendre quadrature of degree deg: [points, weights] for the weight 1 on [-1, 1]. */
  leggauss(deg: number): [NDArray, NDArray] {
    return gaussQuadrature(LEG, deg, 2, true);
  },
  /** The weight 1 of the Legendre polynomials (x's shape). */
  legweight(x: ArrayLike | number): NDArray {
    return np.add(np.multiply(x, 0), 1) as NDArray;
  },
});
