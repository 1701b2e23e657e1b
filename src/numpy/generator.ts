/**
 * `np.random.Generator` over any of NumPy's bit generators, and
 * `np.random.defaultRng` (a Generator over PCG64 seeded through
 * SeedSequence), with the same streams as NumPy for the same seed
 * (`defaultRng(42).random(3)` prints what `np.random.default_rng(42).random(3)`
 * prints).
 */
import { Binder, describe, type Forms, req } from "../api/signature.ts";
import type { DType } from "../core/dtype.ts";
import { sizeOf } from "../core/shape.ts";
import { Storage } from "../core/storage.ts";
import { View } from "../core/view.ts";
import { K, lastError } from "../../ffi/lib.ts";
import { BitGenerator, type BitGeneratorEngine, engineOf, PCG64 } from "./bit_generators.ts";
import type { SeedLike, SeedSequence } from "./seed_sequence.ts";
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

export type { SeedLike };
/** `Generator.spawn(nChildren)`. */
export type GeneratorSpawnArgs = Forms<typeof GENERATOR_SPAWN_SIG, NDArray, ArrayLike>;
/** `Generator.spawn`'s signature. */
export const GENERATOR_SPAWN_SIG = { pos: [req("nChildren", "int")], kw: [] } as const;
const SPAWN = new Binder("spawn", GENERATOR_SPAWN_SIG);

/** What the Generator's fills draw: the DK_GEN_* codes of kernels/cpu/bitgen.h. */
const Draw = { Double: 0, Float: 1, Normal: 2, Int64: 3, Int32: 4, Uniform: 5, Swaps: 6, NormalFloat: 7 } as const;
type Draw = typeof Draw[keyof typeof Draw];

const NO_INTS = new BigInt64Array(2), NO_FLOATS = new Float64Array(2);
const INT_RANGE: Partial<Record<DType, [bigint, bigint]>> = {
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
};

/**
 * NumPy's `np.random.Generator` over a bit generator (PCG64, PCG64DXSM,
 * MT19937, Philox, SFC64): its distributions draw that generator's words
 * through the C bit generator interface, so each stream equals NumPy's.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const rng = new np.random.Generator(new np.random.MT19937(5));
 * assert.equal(rng.random(), 0.3407984189512352); // as NumPy
 * assert.equal(rng.bitGenerator.constructor.name, "MT19937");
 * assert.equal(rng.spawn(2).length, 2);
 * ```
 */
export class Generator extends GeneratorDistributions {
  readonly #bitGenerator: BitGenerator;
  readonly #engine: BitGeneratorEngine;
  /** The Generator's algorithms (not RandomState's legacy ones). */
  protected readonly legacy = false;
  /** NumPy's message for a sample larger than the population without replacement. */
  protected readonly tooMany = "Cannot take a larger sample than population when replace is False";

  /** A Generator drawing from `bitGenerator` (which it shares: draws advance it): `new Generator(bitGenerator)`. */
  constructor(bitGenerator: BitGenerator) {
    super();
    if (!(bitGenerator instanceof BitGenerator)) {
      throw new TypeError(
        `Generator: bitGenerator must be a bit generator (PCG64, PCG64DXSM, MT19937, Philox, SFC64), not ${
          describe(bitGenerator)
        }`,
      );
    }
    this.#bitGenerator = bitGenerator;
    this.#engine = engineOf(bitGenerator);
  }

  /** The bit generator this Generator draws from. */
  get bitGenerator(): BitGenerator {
    return this.#bitGenerator;
  }

  /** `nChildren` new Generators over this one's bit generator's spawned children: `spawn(nChildren)`. */
  spawn(...args: GeneratorSpawnArgs): Generator[] {
    const n = SPAWN.bind(args, NP_CONVERTERS).nChildren as number;
    return this.#bitGenerator.spawn(n).map((bg) => new Generator(bg));
  }

  /** NumPy's repr: `Generator(PCG64)`. */
  override toString(): string {
    return `Generator(${this.#bitGenerator.constructor.name})`;
  }

  /** The bit generator's state the distribution kernels draw from. */
  protected engineState(): Uint8Array {
    return this.#engine.state;
  }
  /** The distribution kernels' engine code: the Generator's algorithms over this bit generator (distributions.c). */
  protected override engineCode(): number {
    return 2 + this.#engine.kind;
  }
  /** Uniform 32-bit words, as `integers(0, 2**32, n, dtype=np.uint32)` draws them. */
  protected words32(n: number): BigInt64Array {
    return (this.#integers(0, 2 ** 32, wordCount(n), "int64", false) as NDArray).storage.data as BigInt64Array;
  }

  /** `n` draws of `kind` into `out` (dk_bg_fill in kernels/cpu/bitgens.c says what `ints` and `floats` hold). */
  #draw(kind: Draw, out: Uint8Array, n: number, ints: BigInt64Array, floats: Float64Array): void {
    const e = this.#engine, rc = K.dk_bg_fill(e.kind, e.state, kind, out, BigInt(n), ints, floats);
    if (rc !== 0) throw new RangeError(`random: ${lastError()}`);
  }

  #fill(kind: Draw, dtype: DType, size: Size, ints = NO_INTS, floats = NO_FLOATS): NDArray | number {
    const shape = shapeOfSize(size);
    const s = Storage.host(dtype, shape ? sizeOf(shape) : 1);
    this.#draw(kind, s.bytes, s.length, ints, floats);
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
    if (dt === "float64") return this.#fill(Draw.Double, dt, size, NO_INTS, new Float64Array([0, 1]));
    return this.#fill(Draw.Float, dt, size);
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
    return this.#fill(dt === "int64" ? Draw.Int64 : Draw.Int32, dt, size, ints);
  }

  /** Uniform floats in [low, high): `uniform(low = 0, high = 1, size?)`. */
  uniform(...args: UniformArgs): NDArray | number {
    const a = B.uniform.bind(args, NP_CONVERTERS);
    return this.#fill(Draw.Uniform, "float64", a.size, NO_INTS, new Float64Array([a.low, a.high - a.low]));
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
      (size) => dt === "float64" ? this.#normal(0, 1, size) : this.#fill(Draw.NormalFloat, dt, size),
    );
  }

  /** Normal draws with mean `loc` and standard deviation `scale`: `normal(loc = 0, scale = 1, size?)`. */
  normal(...args: NormalArgs): NDArray | number {
    const a = B.normal.bind(args, NP_CONVERTERS);
    return this.#normal(a.loc, a.scale, a.size);
  }

  #normal(loc: number, scale: number, size: Size): NDArray | number {
    if (scale < 0) throw new RangeError("scale < 0");
    return this.#fill(Draw.Normal, "float64", size, NO_INTS, new Float64Array([loc, scale]));
  }

  /**
   * Swap partners for rows n-1 down to `first`: drawn by masked rejection
   * as `shuffle` does, or by Lemire's method as `choice`'s shuffles do.
   */
  #swaps(n: number, first: number, lemire = false): BigInt64Array {
    const out = new BigInt64Array(n);
    const ints = new BigInt64Array([BigInt(first), lemire ? 1n : 0n]);
    this.#draw(Draw.Swaps, new Uint8Array(out.buffer), n, ints, NO_FLOATS);
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
    const e = this.#engine, rc = K.dk_bg_floyd(e.kind, e.state, st.data as BigInt64Array, BigInt(pop), BigInt(count));
    if (rc !== 0) throw new RangeError(`choice: ${lastError()}`);
    return Array.from(shuffle && count > 1 ? shuffled(st, 1) : st.data as BigInt64Array, Number);
  }
}

/**
 * A Generator, as `np.random.default_rng(seed)`: over PCG64 seeded from
 * `seed` (an integer, a list of them, a SeedSequence, or OS entropy when
 * null), over `seed` when it is a bit generator, or `seed` itself when it
 * is a Generator.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const rng = np.random.defaultRng(42);
 * assert.equal(rng.random(), 0.7739560485559633); // as NumPy
 * assert.equal((rng.integers(0, 10, 3) as np.NDArray).toString(), "array([6, 4, 4])"); // as NumPy
 * assert.deepEqual((rng.integers(0, 10, { size: 3, endpoint: true }) as np.NDArray).shape, [3]);
 * assert.equal(np.random.defaultRng(rng), rng);
 * assert.equal(np.random.defaultRng(new np.random.SFC64(1)).bitGenerator.constructor.name, "SFC64");
 * ```
 */
export function defaultRng(seed?: SeedLike | SeedSequence | BitGenerator | Generator | null): Generator {
  if (seed instanceof Generator) return seed;
  return new Generator(seed instanceof BitGenerator ? seed : new PCG64(seed ?? null));
}
