/**
 * np.polynomial's (physicists') Hermite series: the `Hermite` class and the functions of `np.polynomial.hermite`
 * (hermval, hermder, ..., herm2poly, hermweight).
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

/** H_1 = 2x, H_k = 2x H_(k-1) - 2(k - 1) H_(k-2); H_k' = 2k H_(k-1). */
const HERM: Basis & { prefix: "herm" } = {
  name: "Hermite",
  prefix: "herm",
  letter: "H",
  domain: [-1, 1],
  rec: (k) => [2, 0, 2 * (k - 1)],
  der1: (c) => shiftDown(c, (j) => 2 * j),
  int1: (c) => shiftUp(c, (j) => 1 / (2 * (j + 1))),
};

/**
 * np.polynomial.Hermite: a physicists' Hermite series `sum c_k H_k(x)` (domain and window [-1, 1] by default); the
 * methods are {@link PolyBase}'s.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const h = new np.polynomial.Hermite([1, 2]);
 * assert.equal(h.call(1).item(), 5);
 * assert.equal(String(h), "1.0 + 2.0·H₁(x)");
 * ```
 */
export class Hermite extends PolyBase {
  /** The physicists' Hermite basis. */
  static override readonly basisTable: Basis = HERM;
}

/**
 * np.polynomial.hermite: the Hermite-series functions (hermval, hermder, hermint, hermfit, hermroots, hermadd,
 * hermsub, hermmul, hermmulx, hermdiv, hermpow, hermvander, hermfromroots, hermline, hermtrim, herm2poly, poly2herm,
 * hermweight) and constants (hermx, hermone, hermzero, hermdomain);
 * also the 2-d and 3-d forms (hermval2d, hermval3d, hermgrid2d, hermgrid3d, hermvander2d,
 * hermvander3d) and hermcompanion.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const H = np.polynomial.hermite;
 * assert.deepEqual(H.herm2poly([0, 0, 1]).tolist(), [-2, 0, 4]);
 * ```
 */
export const hermiteFunctions = seriesFunctions(HERM, {
  ...conversions(HERM),
  /** Gauss-Hermite quadrature of degree deg: [points, weights] for the weight exp(-x²). */
  hermgauss(deg: number): [NDArray, NDArray] {
    return gaussQuadrature(HERM, deg, Math.sqrt(Math.PI), true);
  },
  /** The weight exp(-x²) of the Hermite polynomials. */
  hermweight(x: ArrayLike | number): NDArray {
    return np.exp(np.negative(np.square(x))) as NDArray;
  },
});
