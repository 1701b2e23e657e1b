/**
 * RandomState's distributions: the methods both samplers share (see
 * distributions.ts) over NumPy's legacy algorithms on MT19937, plus
 * RandomState's own `standardExponential(size?)` and `standardGamma(shape,
 * size?)` (no dtype or out: NumPy's legacy -log(1 - U) exponential and the
 * polar-method gamma).
 */
import { Binder, type Forms, req } from "../api/signature.ts";
import { DIST_CODES, Distributions } from "./distributions.ts";
import { type ArrayLike, type NDArray, NP_CONVERTERS } from "./ndarray.ts";
import { SIZE } from "./sampling.ts";

/** The signatures of RandomState's own distribution forms. */
export const LEGACY_DIST_SIGS = {
  standardExponential: { pos: [SIZE], kw: [] },
  standardGamma: { pos: [req("shape", "arrayOrScalar"), SIZE], kw: [] },
} as const;

/** `standardExponential(size?)`. */
export type LegacyStdExpArgs = Forms<typeof LEGACY_DIST_SIGS.standardExponential, NDArray, ArrayLike>;
/** `standardGamma(shape, size?)`. */
export type LegacyStdGammaArgs = Forms<typeof LEGACY_DIST_SIGS.standardGamma, NDArray, ArrayLike>;

const B = {
  standardExponential: new Binder("standard_exponential", LEGACY_DIST_SIGS.standardExponential),
  standardGamma: new Binder("standard_gamma", LEGACY_DIST_SIGS.standardGamma),
};

/** The distributions of NumPy's legacy RandomState. */
export abstract class LegacyDistributions extends Distributions {
  /** RandomState draws with NumPy's legacy algorithms. */
  protected readonly legacy = true;

  /** Standard exponential draws (NumPy's legacy -log(1 - U)): `standardExponential(size?)`. */
  standardExponential(...args: LegacyStdExpArgs): NDArray | number {
    return this.dist(DIST_CODES.StdExp, B.standardExponential.bind(args, NP_CONVERTERS).size, []);
  }
  /** Standard gamma draws with `shape`: `standardGamma(shape, size?)`. */
  standardGamma(...args: LegacyStdGammaArgs): NDArray | number {
    const a = B.standardGamma.bind(args, NP_CONVERTERS);
    return this.dist(DIST_CODES.StdGamma, a.size, [{ value: a.shape, name: "shape", cons: "nonNegative" }]);
  }
}
