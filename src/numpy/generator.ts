/**
 * `np.random.defaultRng`: NumPy's `Generator` over PCG64, seeded through
 * SeedSequence, with the same streams as NumPy for the same seed
 * (`defaultRng(42).random(3)` prints what `np.random.default_rng(42).random(3)`
 * prints).
 */
import { Binder, type Forms } from "../api/signature.ts";
import type { DType } from "../core/dtype.ts";
import { sizeOf } from "../core/shape.ts";
import { Storage } from "../core/storage.ts";
import { View } from "../core/view.ts";
import { PCG64, PcgKind } from "../random/pcg64.ts";
import { type ArrayLike, NDArray, NP_CONVERTERS } from "./ndarray.ts";
import type { NormalArgs, UniformArgs } from "./random.ts";
import { floatDType, GeneratorDistributions, intoOut, wordCount } from "./distributions.ts";
import {
  applySwaps,
  axisZero,
  type ChoiceDraws,
  GENERATOR_SIGS as SIGS,
  int64Storage,
  shapeOfSize,
  shuffleRows,
  type Size,
} from "./sampling.ts";

const B = {
  random: new Binder("random", SIGS.random),
  standardNormal: new Binder("standard_normal", SIGS.random),
  integers: new Binder("integers", SIGS.integers),
  uniform: new Binder("uniform", SIGS.uniform),
  normal: new Binder("normal", SIGS.normal),
  shuffle: new Binder("shuffle", SIGS.shuffle),
  permutation: new Binder("permutation", SIGS.permutation),
  choice: new Binder("choice", SIGS.choice),
};
/** `random(size?, dtype = "float64", out?)` and `standardNormal(size?, dtype = "float64", out?)`. */
export type GenRandomArgs = Forms<typeof SIGS.random, NDArray, ArrayLike>;
/** `integers(low, high?, size?, dtype = "int64", endpoint = false)`. */
export type IntegersArgs = Forms<typeof SIGS.integers, NDArray, ArrayLike>;
/** `shuffle(x, axis = 0)`. */
export type GenShuffleArgs = Forms<typeof SIGS.shuffle, NDArray, ArrayLike>;
/** `permutation(x, axis = 0)`. */
export type GenPermutationArgs = Forms<typeof SIGS.permutation, NDArray, ArrayLike>;
/** `choice(a, size?, replace = true, p?, axis = 0, shuffle = true)`. */
export type GenChoiceArgs = Forms<typeof SIGS.choice, NDArray, ArrayLike>;

/** A seed: a non-negative integer, or a list of them (their 32-bit digits are concatenated). */
export type SeedLike = number | bigint | readonly (number | bigint)[];

const NO_INTS = new BigInt64Array(2), NO_FLOATS = new Float64Array(2);
const INT_RANGE: Partial<Record<DType, [bigint, bigint]>> = {
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
};

/** The 32-bit digits of one seed integer, least significant first, as SeedSequence reads them. */
function digits(x: number | bigint): number[] {
  // a nested list, a string or an object is not an int (BigInt() would parse "1,2" and throw a SyntaxError)
  if (typeof x !== "number" && typeof x !== "bigint") {
    throw new TypeError(`SeedSequence expects int or sequence of ints for entropy not ${typeof x}`);
  }
  if (typeof x === "number" && !Number.isSafeInteger(x)) {
    throw new TypeError(`SeedSequence expects int or sequence of ints for entropy not ${x}`);
  }
  let v = BigInt(x);
  if (v < 0n) throw new RangeError(`expected non-negative integer, got ${x}`);
  const out: number[] = [];
  do {
    out.push(Number(v & 0xffffffffn));
    v >>= 32n;
  } while (v > 0n);
  return out;
}

/** NumPy's `np.random.Generator` with the PCG64 bit generator. */
export class Generator extends GeneratorDistributions {
  readonly #pcg = new PCG64();
  /** The Generator's algorithms (not RandomState's legacy ones). */
  protected readonly legacy = false;
  /** NumPy's message for a sample larger than the population without replacement. */
  protected readonly tooMany = "Cannot take a larger sample than population when replace is False";

  /** Seeds from `seed`, or from 128 bits of OS entropy when none is given (as NumPy). */
  constructor(seed?: SeedLike | null) {
    super();
    let words: number[];
    if (seed === undefined || seed === null) words = [...crypto.getRandomValues(new Uint32Array(4))];
    else if (typeof seed === "number" || typeof seed === "bigint") words = digits(seed);
    else if (Array.isArray(seed)) words = seed.flatMap((x) => digits(x));
    else throw new TypeError(`SeedSequence expects int or sequence of ints for entropy not ${typeof seed}`);
    this.#pcg.seed(Uint32Array.from(words));
  }

  /** The PCG64 state the distribution kernels draw from. */
  protected engineState(): Uint8Array {
    return this.#pcg.state;
  }
  /** Uniform 32-bit words, as `integers(0, 2**32, n, dtype=np.uint32)` draws them. */
  protected words32(n: number): BigInt64Array {
    return (this.#integers(0, 2 ** 32, wordCount(n), "int64", false) as NDArray).storage.data as BigInt64Array;
  }

  #fill(kind: PcgKind, dtype: DType, size: Size, ints = NO_INTS, floats = NO_FLOATS): NDArray | number {
    const shape = shapeOfSize(size);
    const s = Storage.host(dtype, shape ? sizeOf(shape) : 1);
    this.#pcg.fill(kind, s.bytes, s.length, ints, floats);
    return shape ? new NDArray(s, new View(shape)) : Number(s.data[0]);
  }

  /**
   * Uniform floats in [0, 1): 53-bit float64, or 24-bit float32 with
   * `dtype: "float32"`, into `out` when given: `random(size?, dtype?, out?)`.
   */
  random(...args: GenRandomArgs): NDArray | number {
    const a = B.random.bind(args, NP_CONVERTERS);
    const dt = floatDType(a.dtype, "random");
    return intoOut(a.out, dt, a.size, (size) => this.#random(size, dt));
  }

  #random(size: Size, dt: "float64" | "float32"): NDArray | number {
    if (dt === "float64") return this.#fill(PcgKind.Double, dt, size, NO_INTS, new Float64Array([0, 1]));
    return this.#fill(PcgKind.Float, dt, size);
  }

  /**
   * Integers in [low, high) ([low, high] with `endpoint`), or [0, low) with
   * one bound; int64 unless `dtype: "int32"`.
   */
  integers(...args: IntegersArgs): NDArray | number {
    const a = B.integers.bind(args, NP_CONVERTERS);
    return this.#integers(a.low, a.high, a.size, a.dtype, a.endpoint);
  }

  #integers(
    low: number | bigint | boolean,
    high: number | bigint | boolean | null,
    size: Size,
    dt: DType,
    endpoint: boolean,
  ): NDArray | number {
    if (high === null) [low, high] = [0, low];
    for (const b of [low, high]) {
      if (typeof b === "boolean" || (typeof b === "number" && !Number.isSafeInteger(b))) {
        throw new TypeError("integers: bounds must be integers");
      }
    }
    const range = INT_RANGE[dt];
    if (!range) throw new TypeError(`Unsupported dtype ${dt} for integers (int64 and int32 are)`);
    const lo = BigInt(low as number | bigint), hi = BigInt(high as number | bigint) - (endpoint ? 0n : 1n);
    if (lo < range[0]) throw new RangeError(`low is out of bounds for ${dt}`);
    if (hi > range[1]) throw new RangeError(`high is out of bounds for ${dt}`);
    if (lo > hi) throw new RangeError(endpoint ? "low > high" : "low >= high");
    const ints = new BigInt64Array([lo, BigInt.asIntN(64, hi - lo)]);
    return this.#fill(dt === "int64" ? PcgKind.Int64 : PcgKind.Int32, dt, size, ints);
  }

  /** Uniform floats in [low, high): `uniform(low = 0, high = 1, size?)`. */
  uniform(...args: UniformArgs): NDArray | number {
    const a = B.uniform.bind(args, NP_CONVERTERS);
    return this.#fill(PcgKind.Uniform, "float64", a.size, NO_INTS, new Float64Array([a.low, a.high - a.low]));
  }

  /**
   * Standard normal draws, float64 or float32 (NumPy's 256-layer
   * ziggurats, one per dtype): `standardNormal(size?, dtype?)`.
   */
  standardNormal(...args: GenRandomArgs): NDArray | number {
    const a = B.standardNormal.bind(args, NP_CONVERTERS);
    const dt = floatDType(a.dtype, "standardNormal");
    return intoOut(
      a.out,
      dt,
      a.size,
      (size) => dt === "float64" ? this.#normal(0, 1, size) : this.#fill(PcgKind.NormalFloat, dt, size),
    );
  }

  /** Normal draws with mean `loc` and standard deviation `scale`: `normal(loc = 0, scale = 1, size?)`. */
  normal(...args: NormalArgs): NDArray | number {
    const a = B.normal.bind(args, NP_CONVERTERS);
    return this.#normal(a.loc, a.scale, a.size);
  }

  #normal(loc: number, scale: number, size: Size): NDArray | number {
    if (scale < 0) throw new RangeError("scale < 0");
    return this.#fill(PcgKind.Normal, "float64", size, NO_INTS, new Float64Array([loc, scale]));
  }

  /**
   * Swap partners for rows n-1 down to `first`: drawn by masked rejection
   * as `shuffle` does, or by Lemire's method as `choice`'s shuffles do.
   */
  #swaps(n: number, first: number, lemire = false): BigInt64Array {
    const out = new BigInt64Array(n);
    const ints = new BigInt64Array([BigInt(first), lemire ? 1n : 0n]);
    this.#pcg.fill(PcgKind.Swaps, new Uint8Array(out.buffer), n, ints, NO_FLOATS);
    return out;
  }

  /** Shuffles an ndarray along its first axis in place: `shuffle(x, axis = 0)`. */
  shuffle(...args: GenShuffleArgs): void {
    const a = B.shuffle.bind(args, NP_CONVERTERS);
    axisZero("shuffle", a.axis);
    this.shuffleInPlace(a.x);
  }

  /** A shuffled arange(x) for an integer x, else a shuffled copy of x: `permutation(x, axis = 0)`. */
  permutation(...args: GenPermutationArgs): NDArray {
    const a = B.permutation.bind(args, NP_CONVERTERS);
    axisZero("permutation", a.axis);
    return this.permute(a.x);
  }

  /**
   * Samples from `a` (an integer n means arange(n)), with or without
   * replacement, optionally with probabilities `p`; without replacement the
   * sample is in random order unless `shuffle` is false:
   * `choice(a, size?, replace = true, p?, axis = 0, shuffle = true)`.
   */
  choice(...args: GenChoiceArgs): NDArray | number | boolean | bigint {
    const a = B.choice.bind(args, NP_CONVERTERS);
    axisZero("choice", a.axis);
    return this.sample(a.a, a.size, a.replace, a.p, a.shuffle);
  }

  /** NumPy's Generator swap sequence (masked rejection, rows 1 to n-1). */
  protected shuffleInPlace(x: NDArray): void {
    shuffleRows(x, (n) => {
      const js = this.#swaps(n, 1);
      return (i) => Number(js[i]);
    });
  }

  /** Generator's draws for `choice` (Floyd's or the tail shuffle for distinct values). */
  protected choiceDraws(shuffle: boolean): ChoiceDraws {
    return {
      uniforms: (n) => (this.#random(n, "float64") as NDArray).storage.data as Float64Array,
      integers: (high, n) =>
        Array.from((this.#integers(0, high, n, "int64", false) as NDArray).storage.data as BigInt64Array, Number),
      distinct: (pop, n) => this.#distinct(pop, n, shuffle),
    };
  }

  /** `count` distinct values of [0, pop): NumPy's tail shuffle for big samples of big populations, Floyd's otherwise. */
  #distinct(pop: number, count: number, shuffle: boolean): number[] {
    const shuffled = (st: Storage, first: number) => {
      const n = st.length, js = this.#swaps(n, first, true);
      applySwaps(new NDArray(st, new View([n])), (i) => Number(js[i]), first);
      return st.data as BigInt64Array;
    };
    if (pop > 10000 && count > Math.floor(pop / (shuffle ? 50 : 20))) {
      const all = shuffled(int64Storage([...Array(pop).keys()]), Math.max(pop - count, 1));
      return Array.from(all.subarray(pop - count), Number);
    }
    const st = Storage.host("int64", count);
    this.#pcg.floyd(st.data as BigInt64Array, pop);
    return Array.from(shuffle && count > 1 ? shuffled(st, 1) : st.data as BigInt64Array, Number);
  }
}

/**
 * A new `Generator` (PCG64), as `np.random.default_rng(seed)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const rng = np.random.defaultRng(42);
 * assert.equal(rng.random(), 0.7739560485559633); // as NumPy
 * assert.equal((rng.integers(0, 10, 3) as np.NDArray).toString(), "array([6, 4, 4])"); // as NumPy
 * assert.deepEqual((rng.integers(0, 10, { size: 3, endpoint: true }) as np.NDArray).shape, [3]);
 * ```
 */
export function defaultRng(seed?: SeedLike | null): Generator {
  return new Generator(seed);
}
