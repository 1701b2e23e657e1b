/**
 * np.polynomial's power series: the `Polynomial` class and the functions of `np.polynomial.polynomial`
 * (coefficients lowest power first: polyval, polyder, polyint, polyfit, polyroots, polyadd, ...), both built on
 * the shared series machinery of poly_base.ts; and the `np.polynomial` namespace gathering every kind.
 */
import { type ArrayLike, NDArray, NP_FUNCTIONS } from "./ndarray.ts";
import type { NpFunctions } from "./mod.ts";
import { type Basis, coefArray, PolyBase, seriesFunctions, shiftDown, shiftUp, trimseq } from "./poly_base.ts";
import { bindArgs } from "./poly1d.ts";
import { Chebyshev, chebyshevFunctions } from "./chebyshev.ts";
import { Legendre, legendreFunctions } from "./legendre.ts";
import { Hermite, hermiteFunctions } from "./hermite.ts";
import { HermiteE, hermiteEFunctions } from "./hermite_e.ts";
import { Laguerre, laguerreFunctions } from "./laguerre.ts";

export type { PolynomialOptions, PolyOperand } from "./poly_base.ts";

const np = NP_FUNCTIONS as unknown as NpFunctions;

/** NumPy's polydiv on series (synthetic division, as NumPy rounds it): [quotient, remainder]. */
function polydivV(c1: number[], c2: number[]): [number[], number[]] {
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

/** The power basis: P_k = x P_(k-1). */
const POWER: Basis & { prefix: "poly" } = {
  name: "Polynomial",
  prefix: "poly",
  letter: null,
  domain: [-1, 1],
  rec: () => [1, 0, 0],
  der1: (c) => shiftDown(c, (j) => j),
  int1: (c) => shiftUp(c, (j) => 1 / (j + 1)),
  div: polydivV,
};

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
export class Polynomial extends PolyBase {
  /** The power basis. */
  static override readonly basisTable: Basis = POWER;
}

/**
 * np.polynomial.polynomial: the power-series functions (coefficients lowest power first; the 2-d and 3-d forms
 * polyval2d, polygrid3d, polyvander2d, ..., polycompanion and polyvalfromroots among them) and constants (polyx,
 * polyone, polyzero, polydomain).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const P = np.polynomial.polynomial;
 * assert.equal(P.polyval(2, [1, 2, 3]).item(), 17);
 * assert.deepEqual(P.polyder([1, 2, 3]).tolist(), [2, 6]);
 * assert.deepEqual(P.polyroots([2, -3, 1]).tolist(), [1, 2]);
 * assert.deepEqual(P.polyval2d([1, 2], [3, 4], [[0, 1], [1, 0]]).tolist(), [4, 6]);
 * assert.deepEqual(P.polyvalfromroots([3, 4], [1, 2]).tolist(), [2, 6]);
 * ```
 */
export const polynomialFunctions = seriesFunctions(POWER, {
  /**
   * The value at x of the monic polynomial with roots r: `polyvalfromroots(x, r, tensor = true)` (the product of
   * x - r over r's first axis; with tensor, every x against every column of r, else column j against x[j]).
   */
  polyvalfromroots(x: ArrayLike | number, r: ArrayLike, ...rest: unknown[]): NDArray {
    const a = bindArgs("polyvalfromroots", ["tensor"], rest);
    let ra = coefArray(r);
    const xa = Array.isArray(x) ? np.asarray(x) as NDArray : x;
    if (xa instanceof NDArray) {
      if (a.tensor ?? true) ra = ra.reshape([...ra.shape, ...new Array(xa.ndim).fill(1)]);
      else if (xa.ndim >= ra.ndim) throw new RangeError("x.ndim must be < r.ndim when tensor == False");
    }
    return np.prod(np.subtract(xa, ra), 0) as NDArray;
  },
});

/**
 * np.polynomial: the series classes (Polynomial, Chebyshev, Legendre, Laguerre, Hermite, HermiteE, and their base
 * PolyBase) and each kind's module of functions (polynomial, chebyshev, legendre, laguerre, hermite, hermite_e).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const p = np.polynomial.Polynomial.fromroots([1, 2]);
 * assert.deepEqual(p.coef.tolist(), [2, -3, 1]);
 * const t = p.convert({ kind: np.polynomial.Chebyshev });
 * assert.deepEqual(t.coef.tolist(), [2.5, -3, 0.5]);
 * ```
 */
export const polynomial = {
  PolyBase,
  Polynomial,
  Chebyshev,
  Legendre,
  Laguerre,
  Hermite,
  HermiteE,
  polynomial: polynomialFunctions,
  chebyshev: chebyshevFunctions,
  legendre: legendreFunctions,
  laguerre: laguerreFunctions,
  hermite: hermiteFunctions,
  hermite_e: hermiteEFunctions,
};
