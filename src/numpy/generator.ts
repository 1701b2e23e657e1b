/**
 * `np.random.defaultRng`: NumPy's `Generator` over PCG64, seeded through
 * SeedSequence, with the same streams as NumPy for the same seed
 * (`defaultRng(42).random(3)` prints what `np.random.default_rng(42).random(3)`
 * prints).
 */
import { type DType, toDType } from "../core/dtype.ts";
import { sizeOf } from "../core/shape.ts";
import { Storage } from "../core/storage.ts";
import { View } from "../core/view.ts";
import { PCG64, PcgKind } from "../random/pcg64.ts";
import { NDArray } from "./ndarray.ts";
import {
  applySwaps,
  type ChoiceDraws,
  int64Storage,
  Sampler,
  shapeOfSize,
  shuffleRows,
  type Size,
} from "./sampling.ts";

/** A seed: a non-negative integer, or a list of them (their 32-bit digits are concatenated). */
export type SeedLike = number | bigint | readonly (number | bigint)[];

const NO_INTS = new BigInt64Array(2), NO_FLOATS = new Float64Array(2);
const INT_RANGE: Partial<Record<DType, [bigint, bigint]>> = {
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
};

/** The 32-bit digits of one seed integer, least significant first, as SeedSequence reads them. */
function digits(x: number | bigint): number[] {
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
export class Generator extends Sampler {
  readonly #pcg = new PCG64();
  protected readonly tooMany = "Cannot take a larger sample than population when replace is False";

  /** Seeds from `seed`, or from 128 bits of OS entropy when none is given (as NumPy). */
  constructor(seed?: SeedLike | null) {
    super();
    let words: number[];
    if (seed === undefined || seed === null) words = [...crypto.getRandomValues(new Uint32Array(4))];
    else if (typeof seed === "number" || typeof seed === "bigint") words = digits(seed);
    else words = seed.flatMap(digits);
    this.#pcg.seed(Uint32Array.from(words));
  }

  #fill(kind: PcgKind, dtype: DType, size: Size, ints = NO_INTS, floats = NO_FLOATS): NDArray | number {
    const shape = shapeOfSize(size);
    const s = Storage.host(dtype, shape ? sizeOf(shape) : 1);
    this.#pcg.fill(kind, s.bytes, s.length, ints, floats);
    return shape ? new NDArray(s, new View(shape)) : Number(s.data[0]);
  }

  /** Uniform floats in [0, 1): 53-bit float64, or 24-bit float32 with `dtype: "float32"`. */
  random(size?: Size, opts: { dtype?: DType | string } = {}): NDArray | number {
    const dt = opts.dtype ? toDType(opts.dtype, "random") : "float64";
    if (dt === "float64") return this.#fill(PcgKind.Double, dt, size, NO_INTS, new Float64Array([0, 1]));
    if (dt === "float32") return this.#fill(PcgKind.Float, dt, size);
    throw new TypeError(`Unsupported dtype ${dt} for random`);
  }

  /**
   * Integers in [low, high) ([low, high] with `endpoint`), or [0, low) with
   * one bound; int64 unless `dtype: "int32"`.
   */
  integers(
    low: number | bigint,
    high?: number | bigint | null,
    size?: Size,
    opts: { dtype?: DType | string; endpoint?: boolean } = {},
  ): NDArray | number {
    if (high === undefined || high === null) [low, high] = [0, low];
    for (const b of [low, high]) {
      if (typeof b === "number" && !Number.isSafeInteger(b)) throw new TypeError("integers: bounds must be integers");
    }
    const dt = opts.dtype ? toDType(opts.dtype, "integers") : "int64";
    const range = INT_RANGE[dt];
    if (!range) throw new TypeError(`Unsupported dtype ${dt} for integers (int64 and int32 are)`);
    const lo = BigInt(low), hi = BigInt(high) - (opts.endpoint ? 0n : 1n);
    if (lo < range[0]) throw new RangeError(`low is out of bounds for ${dt}`);
    if (hi > range[1]) throw new RangeError(`high is out of bounds for ${dt}`);
    if (lo > hi) throw new RangeError(opts.endpoint ? "low > high" : "low >= high");
    const ints = new BigInt64Array([lo, BigInt.asIntN(64, hi - lo)]);
    return this.#fill(dt === "int64" ? PcgKind.Int64 : PcgKind.Int32, dt, size, ints);
  }

  /** Uniform floats in [low, high). */
  uniform(low = 0, high = 1, size?: Size): NDArray | number {
    return this.#fill(PcgKind.Uniform, "float64", size, NO_INTS, new Float64Array([low, high - low]));
  }

  /** Standard normal draws, float64 or float32 (NumPy's 256-layer ziggurats, one per dtype). */
  standardNormal(size?: Size, opts: { dtype?: DType | string } = {}): NDArray | number {
    const dt = opts.dtype ? toDType(opts.dtype, "standardNormal") : "float64";
    if (dt === "float64") return this.normal(0, 1, size);
    if (dt === "float32") return this.#fill(PcgKind.NormalFloat, dt, size);
    throw new TypeError(`Unsupported dtype ${dt} for standardNormal`);
  }

  /** Normal draws with mean `loc` and standard deviation `scale`. */
  normal(loc = 0, scale = 1, size?: Size): NDArray | number {
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

  /** Shuffles along the first axis in place. */
  shuffle(x: NDArray): void {
    shuffleRows(x, (n) => {
      const js = this.#swaps(n, 1);
      return (i) => Number(js[i]);
    });
  }

  protected choiceDraws(shuffle: boolean): ChoiceDraws {
    return {
      uniforms: (n) => (this.random(n) as NDArray).storage.data as Float64Array,
      integers: (high, n) => Array.from((this.integers(0, high, n) as NDArray).storage.data as BigInt64Array, Number),
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
 * import { np } from "../../mod.ts";
 * const rng = np.random.defaultRng(42);
 * console.log(rng.random()); // 0.7739560485559633, as NumPy
 * console.log(String(rng.integers(0, 10, 3))); // array([6, 4, 4]), as NumPy
 * ```
 */
export function defaultRng(seed?: SeedLike | null): Generator {
  return new Generator(seed);
}
