/**
 * np.polynomial's probabilists' Hermite series: the `HermiteE` class and the functions of `np.polynomial.hermite_e`
 * (hermeval, hermeder, ..., herme2poly, hermeweight).
 */
import { type ArrayLike, type NDArray, NP_FUNCTIONS } from "./ndarray.ts";
import type { NpFunctions } from "./mod.ts";
import {
  type Basis,
  conversions,
  gaussQuadrature,
  PolyBase,
  seriesFunctions,
  shiftDown,
  shiftUp,
} from "./poly_base.ts";

const np = NP_FUNCTIONS as unknown as NpFunctions;

/** He_1 = x, He_k = x He_(k-1) - (k - 1) He_(k-2); He_k' = k He_(k-1). */
const HERME: Basis & { prefix: "herme" } = {
  name: "HermiteE",
  prefix: "herme",
  letter: "He",
  domain: [-1, 1],
  rec: (k) => [1, 0, k - 1],
  der1: (c) => shiftDown(c, (j) => j),
  int1: (c) => shiftUp(c, (j) => 1 / (j + 1)),
};

/**
 * np.polynomial.HermiteE: a probabilists' Hermite series `sum c_k He_k(x)` (domain and window [-1, 1] by default);
 * the methods are {@link PolyBase}'s.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const h = new np.polynomial.HermiteE([1, 2, 3]);
 * assert.equal(h.call(1).item(), 3);
 * assert.equal(String(h), "1.0 + 2.0·He₁(x) + 3.0·He₂(x)");
 * ```
 */
export class HermiteE extends PolyBase {
  /** The probabilists' Hermite basis. */
  static override readonly basisTable: Basis = HERME;
}

/**
 * np.polynomial.hermite_e: the HermiteE-series functions (hermeval, hermeder, hermeint, hermefit, hermeroots,
 * hermeadd, hermesub, hermemul, hermemulx, hermediv, hermepow, hermevander, hermefromroots, hermeline, hermetrim,
 * herme2poly, poly2herme, hermegauss, hermeweight) and constants (hermex, hermeone, hermezero, hermedomain);
 * also the 2-d and 3-d forms (hermeval2d, hermeval3d, hermegrid2d, hermegrid3d, hermevander2d,
 * hermevander3d) and hermecompanion.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const H = np.polynomial.hermite_e;
 * assert.deepEqual(H.herme2poly([0, 0, 1]).tolist(), [-1, 0, 1]);
 * ```
 */
export const hermiteEFunctions = seriesFunctions(HERME, {
  ...conversions(HERME),
  /** Gauss-HermiteE quadrature of degree deg: [points, weights] for the weight exp(-x²/2). */
  hermegauss(deg: number): [NDArray, NDArray] {
    return gaussQuadrature(HERME, deg, Math.sqrt(2 * Math.PI), true);
  },
  /** The weight exp(-x²/2) of the probabilists' Hermite polynomials. */
  hermeweight(x: ArrayLike | number): NDArray {
    return np.exp(np.multiply(-0.5, np.square(x))) as NDArray;
  },
});
