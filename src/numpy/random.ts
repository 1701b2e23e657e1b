/**
 * `np.random`: NumPy's legacy RandomState (MT19937) with the same streams
 * as NumPy for the same seed: `seed(0); random(3)` prints what NumPy prints.
 */
import { Binder, type Forms } from "../api/signature.ts";
import type { DType } from "../core/dtype.ts";
import { sizeOf } from "../core/shape.ts";
import { Storage } from "../core/storage.ts";
import { View } from "../core/view.ts";
import { MT19937 } from "../random/mt19937.ts";
import { castTo } from "../ops/operand.ts";
import { type ArrayLike, NDArray, NP_CONVERTERS } from "./ndarray.ts";
import { type DistArgs, wordCount } from "./distributions.ts";
import { LegacyDistributions, type LegacyStdExpArgs, type LegacyStdGammaArgs } from "./legacy_distributions.ts";
import {
  type GetStateArgs,
  type LegacyStateDict,
  type LegacyStateLike,
  type LegacyStateTuple,
  type RandomIntegersArgs,
  randomIntegersBounds,
  readState,
  writeState,
} from "./legacy_extras.ts";
import {
  type ChoiceDraws,
  int64Reader,
  RANDOM_STATE_SIGS as SIGS,
  shapeOfSize,
  shuffleRows,
  type Size,
} from "./sampling.ts";

export type { Size } from "./sampling.ts";
export { defaultRng, Generator, type SeedLike } from "./generator.ts";
export {
  BitGenerator,
  type BitGeneratorState,
  MT19937,
  type MT19937State,
  PCG64,
  PCG64DXSM,
  type PCGState,
  Philox,
  type PhiloxState,
  SFC64,
  type SFC64State,
} from "./bit_generators.ts";
export { SeedSequence } from "./seed_sequence.ts";

/** NumPy's `np.random.RandomState`. */
export class RandomState extends LegacyDistributions {
  readonly #mt = new MT19937();
  /** NumPy's message for a sample larger than the population without replacement. */
  protected readonly tooMany = "Cannot take a larger sample than population when 'replace=False'";

  /** A generator seeded like `seed(seed)` (OS entropy without one). */
  constructor(seed?: number | readonly number[] | null) {
    super();
    this.seed(seed);
  }

  /** Reseeds: an integer in [0, 2^32), an array of them, or nothing (OS entropy). */
  seed(...args: SeedArgs): void {
    const seed: number | readonly number[] | null = B.seed.bind(args, NP_CONVERTERS).seed;
    if (seed === null) {
      this.#mt.seedArray(crypto.getRandomValues(new Uint32Array(4)));
    } else if (typeof seed === "number") {
      if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
        throw new RangeError("Seed must be between 0 and 2**32 - 1");
      }
      this.#mt.seed(seed);
    } else {
      if (seed.length === 0) throw new RangeError("Seed must be non-empty");
      for (const s of seed) {
        if (!Number.isInteger(s) || s < 0 || s > 0xffffffff) {
          throw new RangeError("Seed values must be between 0 and 2**32 - 1");
        }
      }
      this.#mt.seedArray(Uint32Array.from(seed));
    }
  }

  /** The MT19937 state the distribution kernels draw from. */
  protected engineState(): Uint8Array {
    return this.#mt.state;
  }
  /** Uniform 32-bit words, as `randint(0, 2**32, n, dtype=np.uint32)` draws them. */
  protected words32(n: number): BigInt64Array {
    return (this.#randint(0, 2 ** 32, wordCount(n), "int64") as NDArray).storage.data as BigInt64Array;
  }

  #doubles(kind: 0 | 1, size: Size, a: number, b: number): NDArray | number {
    const shape = shapeOfSize(size);
    const s = Storage.host("float64", shape ? sizeOf(shape) : 1);
    this.#mt.fill(kind, s.data as Float64Array, a, b);
    return shape ? new NDArray(s, new View(shape)) : (s.data as Float64Array)[0];
  }

  /** Uniform floats in [0, 1): `randomSample(size?)`. */
  randomSample(...args: SizeArgs): NDArray | number {
    return this.#doubles(0, B.randomSample.bind(args, NP_CONVERTERS).size, 0, 1);
  }
  /** Alias of randomSample. */
  random(...args: SizeArgs): NDArray | number {
    return this.#doubles(0, B.random.bind(args, NP_CONVERTERS).size, 0, 1);
  }
  /** Uniform [0, 1) of shape (d0, d1, ...): `rand(2, 3)`; a number with no dims. */
  rand(...args: DimsArgs): NDArray | number {
    return this.#doubles(0, dimsOf(B.rand.bind(args, NP_CONVERTERS).d), 0, 1);
  }
  /** Standard normal of shape (d0, d1, ...): `randn(2, 3)`; a number with no dims. */
  randn(...args: DimsArgs): NDArray | number {
    return this.#doubles(1, dimsOf(B.randn.bind(args, NP_CONVERTERS).d), 0, 1);
  }
  /** Standard normal draws: `standardNormal(size?)`. */
  standardNormal(...args: SizeArgs): NDArray | number {
    return this.#doubles(1, B.standardNormal.bind(args, NP_CONVERTERS).size, 0, 1);
  }
  /** Uniform floats in [low, high): `uniform(low = 0, high = 1, size?)`. */
  uniform(...args: UniformArgs): NDArray | number {
    const a = B.uniform.bind(args, NP_CONVERTERS);
    return this.#doubles(0, a.size, a.low, a.high - a.low);
  }
  /** Normal with mean `loc` and standard deviation `scale`: `normal(loc = 0, scale = 1, size?)`. */
  normal(...args: NormalArgs): NDArray | number {
    const a = B.normal.bind(args, NP_CONVERTERS);
    if (a.scale < 0) throw new RangeError("scale < 0");
    return this.#doubles(1, a.size, a.loc, a.scale);
  }

  /**
   * Integers in [low, high) (or [0, low) with one bound), int64 unless
   * `dtype`: `randint(low, high?, size?, dtype?)`.
   */
  randint(...args: RandintArgs): NDArray | number {
    const a = B.randint.bind(args, NP_CONVERTERS);
    return this.#randint(a.low, a.high, a.size, a.dtype);
  }

  #randint(low: number, high: number | null, size: Size, dt: DType): NDArray | number {
    if (high === null) [low, high] = [0, low];
    if (low >= high) throw new RangeError("low >= high");
    const bounds: Partial<Record<DType, [number, number]>> = {
      bool: [0, 2],
      uint8: [0, 256],
      int32: [-(2 ** 31), 2 ** 31],
      int64: [-(2 ** 63), 2 ** 63],
    };
    const b = bounds[dt];
    if (b && low < b[0]) throw new RangeError(`low is out of bounds for ${dt}`);
    if (b && high > b[1]) throw new RangeError(`high is out of bounds for ${dt}`);
    if (dt === "float32" || dt === "float64") throw new TypeError(`Unsupported dtype ${dt} for randint`);
    const shape = shapeOfSize(size) ?? [];
    const s = Storage.host("int64", sizeOf(shape));
    this.#mt.randint(
      s.data as BigInt64Array,
      BigInt(low),
      BigInt(high) - 1n - BigInt(low),
      dt === "uint8" ? 8 : 64,
    );
    const a = NDArray.wrap(castTo({ storage: s, layout: new View(shape) }, dt));
    return size === null ? (a.item() as number) : a;
  }

  /**
   * Integers in [low, high] inclusive ([1, low] with one bound): NumPy's deprecated
   * `randomIntegers(low, high?, size?)`, drawn as `randint(low, high + 1)` (it warns as NumPy does).
   */
  randomIntegers(...args: RandomIntegersArgs): NDArray | number {
    const a = randomIntegersBounds(args);
    return this.#randint(a.low, a.high, a.size, "int64");
  }

  /**
   * NumPy's `get_state()`: `["MT19937", key, pos, hasGauss, gauss]` (key: 624 words as int64, dendrite has no
   * uint32), or with `{ legacy: false }` the dict form `{ bitGenerator, state: { key, pos }, hasGauss, gauss }`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { np } from "../../mod.ts";
   * const rs = new np.random.RandomState(3);
   * const s = rs.getState();
   * const x = rs.random();
   * rs.setState(s);
   * assert.equal(rs.random(), x);
   * ```
   */
  getState(...args: GetStateArgs): LegacyStateTuple | LegacyStateDict {
    return readState(this.#mt.state, args);
  }
  /** NumPy's `set_state(state)`: the tuple (as a JS array, 3 or 5 entries) or the dict form of `getState`. */
  setState(state: LegacyStateLike): void {
    writeState(this.#mt.state, state);
  }

  /** Shuffles an ndarray along its first axis in place (NumPy's swap sequence): `shuffle(x)`. */
  shuffle(...args: ShuffleArgs): void {
    this.shuffleInPlace(B.shuffle.bind(args, NP_CONVERTERS).x);
  }
  /** NumPy's legacy swap sequence (partners drawn from the top row down). */
  protected shuffleInPlace(x: NDArray): void {
    shuffleRows(x, (n) => {
      const at = int64Reader(this.#mt.shuffleIndices(n));
      return (i) => at(n - 1 - i);
    });
  }

  /** A shuffled arange(x) for an integer x, else a shuffled copy of x along its first axis: `permutation(x)`. */
  permutation(...args: PermutationArgs): NDArray {
    return this.permute(B.permutation.bind(args, NP_CONVERTERS).x);
  }

  /**
   * Samples from `a` (an integer n means arange(n)), with or without
   * replacement, optionally with probabilities `p`, as NumPy's legacy
   * `choice(a, size?, replace = true, p?)`; a scalar when no size is given.
   */
  choice(...args: ChoiceArgs): NDArray | number | boolean | bigint {
    const a = B.choice.bind(args, NP_CONVERTERS);
    return this.sample(a.a, a.size, a.replace, a.p, true);
  }

  /** The legacy draws of `choice`: doubles, bounded integers, a permutation's head. */
  protected choiceDraws(): ChoiceDraws {
    return {
      uniforms: (n) => (this.#doubles(0, n, 0, 1) as NDArray).storage.data as Float64Array,
      integers: (high, n) =>
        Array.from((this.#randint(0, high, n, "int64") as NDArray).storage.data as BigInt64Array, Number),
      distinct: (pop, n) => Array.from((this.permute(pop).storage.data as BigInt64Array).subarray(0, n), Number),
    };
  }
}

/** `rand`/`randn`'s dims as a size (none: a scalar). */
function dimsOf(d: number | readonly number[]): Size {
  const dims = typeof d === "number" ? [d] : d;
  return dims.length ? dims : null;
}

const B = {
  seed: new Binder("seed", SIGS.seed),
  randomSample: new Binder("random_sample", SIGS.size),
  random: new Binder("random", SIGS.size),
  standardNormal: new Binder("standard_normal", SIGS.size),
  rand: new Binder("rand", SIGS.dims),
  randn: new Binder("randn", SIGS.dims),
  uniform: new Binder("uniform", SIGS.uniform),
  normal: new Binder("normal", SIGS.normal),
  randint: new Binder("randint", SIGS.randint),
  shuffle: new Binder("shuffle", SIGS.shuffle),
  permutation: new Binder("permutation", SIGS.permutation),
  choice: new Binder("choice", SIGS.choice),
};

/** `seed(seed?)`: an integer, a list of them, or null (OS entropy). */
export type SeedArgs = Forms<typeof SIGS.seed, NDArray, ArrayLike>;
/** `(size?)`: none (a JS number), a length or a shape, by position or `{ size }`. */
export type SizeArgs = Forms<typeof SIGS.size, NDArray, ArrayLike>;
/** `rand`/`randn`'s dims: `(2, 3)`, `([2, 3])` or `({ d: [2, 3] })`. */
export type DimsArgs = Forms<typeof SIGS.dims, NDArray, ArrayLike>;
/** `uniform(low = 0, high = 1, size?)`. */
export type UniformArgs = Forms<typeof SIGS.uniform, NDArray, ArrayLike>;
/** `normal(loc = 0, scale = 1, size?)`. */
export type NormalArgs = Forms<typeof SIGS.normal, NDArray, ArrayLike>;
/** `randint(low, high?, size?, dtype = "int64")`. */
export type RandintArgs = Forms<typeof SIGS.randint, NDArray, ArrayLike>;
/** `shuffle(x)`: an ndarray, shuffled in place. */
export type ShuffleArgs = Forms<typeof SIGS.shuffle, NDArray, ArrayLike>;
/** `permutation(x)`: an integer or an array. */
export type PermutationArgs = Forms<typeof SIGS.permutation, NDArray, ArrayLike>;
/** `choice(a, size?, replace = true, p?)`. */
export type ChoiceArgs = Forms<typeof SIGS.choice, NDArray, ArrayLike>;

/** The global RandomState behind the `np.random.*` functions. */
export const globalState: RandomState = new RandomState();

/**
 * Seeds the global generator.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * np.random.seed(0);
 * assert.equal(np.random.random(), 0.5488135039273248); // as NumPy
 * ```
 */
export const seed = (...args: SeedArgs): void => globalState.seed(...args);
/** Uniform floats in [0, 1) from the global generator. */
export const random = (...args: SizeArgs): NDArray | number => globalState.random(...args);
/** Uniform floats in [0, 1) from the global generator. */
export const randomSample = (...args: SizeArgs): NDArray | number => globalState.randomSample(...args);
/** Uniform floats in [0, 1) from the global generator (np.random.ranf, an alias of randomSample). */
export const ranf = (...args: SizeArgs): NDArray | number => globalState.randomSample(...args);
/** Uniform floats in [0, 1) from the global generator (np.random.sample, an alias of randomSample). */
export const sample = (...args: SizeArgs): NDArray | number => globalState.randomSample(...args);
/** Inclusive integers from the global generator (NumPy's deprecated random_integers). */
export const randomIntegers = (...args: RandomIntegersArgs): NDArray | number => globalState.randomIntegers(...args);
/** Noncentral chi-square draws from the global generator. */
export const noncentralChisquare = (...args: DistArgs<"noncentralChisquare">): NDArray | number =>
  globalState.noncentralChisquare(...args);
/** Noncentral F draws from the global generator. */
export const noncentralF = (...args: DistArgs<"noncentralF">): NDArray | number => globalState.noncentralF(...args);
/** The global generator's MT19937 state (NumPy's get_state). */
export const getState = (...args: GetStateArgs): LegacyStateTuple | LegacyStateDict => globalState.getState(...args);
/** Restores the global generator's MT19937 state (NumPy's set_state). */
export const setState = (state: LegacyStateLike): void => globalState.setState(state);
/** Uniform [0, 1) of shape (d0, d1, ...) from the global generator. */
export const rand = (...args: DimsArgs): NDArray | number => globalState.rand(...args);
/** Standard normal of shape (d0, d1, ...) from the global generator. */
export const randn = (...args: DimsArgs): NDArray | number => globalState.randn(...args);
/** Standard normal draws from the global generator. */
export const standardNormal = (...args: SizeArgs): NDArray | number => globalState.standardNormal(...args);
/** Uniform floats in [low, high) from the global generator. */
export const uniform = (...args: UniformArgs): NDArray | number => globalState.uniform(...args);
/** Normal draws from the global generator. */
export const normal = (...args: NormalArgs): NDArray | number => globalState.normal(...args);
/**
 * Integers in [low, high) from the global generator.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * np.random.seed(0);
 * const a = np.random.randint(0, 10, { size: [2, 3], dtype: "int32" }) as np.NDArray;
 * assert.deepEqual(a.tolist(), [[5, 0, 3], [3, 7, 9]]); // as NumPy
 * ```
 */
export const randint = (...args: RandintArgs): NDArray | number => globalState.randint(...args);
/** Shuffles an ndarray along its first axis in place with the global generator. */
export const shuffle = (...args: ShuffleArgs): void => globalState.shuffle(...args);
/** A shuffled arange(n) or copy of an array from the global generator. */
export const permutation = (...args: PermutationArgs): NDArray => globalState.permutation(...args);
/**
 * Samples from an array (or arange(n)) with the global generator.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * np.random.seed(0);
 * const s = np.random.choice(5, 5, { replace: false }) as np.NDArray;
 * assert.deepEqual([...s.tolist() as number[]].sort(), [0, 1, 2, 3, 4]);
 * ```
 */
export const choice = (...args: ChoiceArgs): NDArray | number | boolean | bigint => globalState.choice(...args);
/** Exponential draws from the global generator. */
export const exponential = (...args: DistArgs<"exponential">): NDArray | number => globalState.exponential(...args);
/** Standard exponential draws from the global generator. */
export const standardExponential = (...args: LegacyStdExpArgs): NDArray | number =>
  globalState.standardExponential(...args);
/** Gamma draws from the global generator. */
export const gamma = (...args: DistArgs<"gamma">): NDArray | number => globalState.gamma(...args);
/** Standard gamma draws from the global generator. */
export const standardGamma = (...args: LegacyStdGammaArgs): NDArray | number => globalState.standardGamma(...args);
/** Beta draws from the global generator. */
export const beta = (...args: DistArgs<"beta">): NDArray | number => globalState.beta(...args);
/** Chi-square draws from the global generator. */
export const chisquare = (...args: DistArgs<"chisquare">): NDArray | number => globalState.chisquare(...args);
/** F (Fisher) draws from the global generator. */
export const f = (...args: DistArgs<"f">): NDArray | number => globalState.f(...args);
/** Student's t draws from the global generator. */
export const standardT = (...args: DistArgs<"standardT">): NDArray | number => globalState.standardT(...args);
/** Standard Cauchy draws from the global generator. */
export const standardCauchy = (...args: DistArgs<"standardCauchy">): NDArray | number =>
  globalState.standardCauchy(...args);
/** Log-normal draws from the global generator. */
export const lognormal = (...args: DistArgs<"lognormal">): NDArray | number => globalState.lognormal(...args);
/** Laplace draws from the global generator. */
export const laplace = (...args: DistArgs<"laplace">): NDArray | number => globalState.laplace(...args);
/** Logistic draws from the global generator. */
export const logistic = (...args: DistArgs<"logistic">): NDArray | number => globalState.logistic(...args);
/** Gumbel draws from the global generator. */
export const gumbel = (...args: DistArgs<"gumbel">): NDArray | number => globalState.gumbel(...args);
/** Weibull draws from the global generator. */
export const weibull = (...args: DistArgs<"weibull">): NDArray | number => globalState.weibull(...args);
/** Pareto II draws from the global generator. */
export const pareto = (...args: DistArgs<"pareto">): NDArray | number => globalState.pareto(...args);
/** Power-law draws from the global generator. */
export const power = (...args: DistArgs<"power">): NDArray | number => globalState.power(...args);
/** Rayleigh draws from the global generator. */
export const rayleigh = (...args: DistArgs<"rayleigh">): NDArray | number => globalState.rayleigh(...args);
/** Wald (inverse Gaussian) draws from the global generator. */
export const wald = (...args: DistArgs<"wald">): NDArray | number => globalState.wald(...args);
/** Triangular draws from the global generator. */
export const triangular = (...args: DistArgs<"triangular">): NDArray | number => globalState.triangular(...args);
/** Von Mises draws from the global generator. */
export const vonmises = (...args: DistArgs<"vonmises">): NDArray | number => globalState.vonmises(...args);
/**
 * Poisson draws from the global generator.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * np.random.seed(0);
 * assert.deepEqual((np.random.poisson(5, 4) as np.NDArray).tolist(), [9, 5, 6, 5]); // as NumPy
 * ```
 */
export const poisson = (...args: DistArgs<"poisson">): NDArray | number => globalState.poisson(...args);
/** Binomial draws from the global generator. */
export const binomial = (...args: DistArgs<"binomial">): NDArray | number => globalState.binomial(...args);
/** Negative binomial draws from the global generator. */
export const negativeBinomial = (...args: DistArgs<"negativeBinomial">): NDArray | number =>
  globalState.negativeBinomial(...args);
/** Geometric draws from the global generator. */
export const geometric = (...args: DistArgs<"geometric">): NDArray | number => globalState.geometric(...args);
/** Hypergeometric draws from the global generator. */
export const hypergeometric = (...args: DistArgs<"hypergeometric">): NDArray | number =>
  globalState.hypergeometric(...args);
/** Logarithmic series draws from the global generator. */
export const logseries = (...args: DistArgs<"logseries">): NDArray | number => globalState.logseries(...args);
/** Zipf draws from the global generator. */
export const zipf = (...args: DistArgs<"zipf">): NDArray | number => globalState.zipf(...args);
/** Multinomial draws from the global generator. */
export const multinomial = (...args: DistArgs<"multinomial">): NDArray => globalState.multinomial(...args);
/** Dirichlet draws from the global generator. */
export const dirichlet = (...args: DistArgs<"dirichlet">): NDArray => globalState.dirichlet(...args);
/** Multivariate normal draws from the global generator. */
export const multivariateNormal = (...args: DistArgs<"multivariateNormal">): NDArray =>
  globalState.multivariateNormal(...args);
/** Random bytes from the global generator. */
export const bytes = (...args: DistArgs<"bytes">): Uint8Array => globalState.bytes(...args);
