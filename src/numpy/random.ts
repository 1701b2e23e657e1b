/**
 * `np.random`: NumPy's legacy RandomState (MT19937) with the same streams
 * as NumPy for the same seed: `seed(0); random(3)` prints what NumPy prints.
 */
import { type DType, toDType } from "../core/dtype.ts";
import { sizeOf } from "../core/shape.ts";
import { Storage } from "../core/storage.ts";
import { View } from "../core/view.ts";
import { MT19937 } from "../random/mt19937.ts";
import { castTo } from "../ops/operand.ts";
import { type ArrayLike, NDArray } from "./ndarray.ts";
import { type ChoiceDraws, Sampler, shapeOfSize, shuffleRows, type Size } from "./sampling.ts";

export type { Size } from "./sampling.ts";
export { defaultRng, Generator, type SeedLike } from "./generator.ts";

/** NumPy's `np.random.RandomState`. */
export class RandomState extends Sampler {
  readonly #mt = new MT19937();
  protected readonly tooMany = "Cannot take a larger sample than population when 'replace=False'";

  constructor(seed?: number | readonly number[]) {
    super();
    this.seed(seed);
  }

  /** Reseeds: an integer in [0, 2^32), an array of them, or nothing (OS entropy). */
  seed(seed?: number | readonly number[] | null): void {
    if (seed === undefined || seed === null) {
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

  #doubles(kind: 0 | 1, size: Size, a: number, b: number): NDArray | number {
    const shape = shapeOfSize(size);
    const s = Storage.host("float64", shape ? sizeOf(shape) : 1);
    this.#mt.fill(kind, s.data as Float64Array, a, b);
    return shape ? new NDArray(s, new View(shape)) : (s.data as Float64Array)[0];
  }

  /** Uniform floats in [0, 1). */
  randomSample(size?: Size): NDArray | number {
    return this.#doubles(0, size, 0, 1);
  }
  /** Alias of randomSample. */
  random(size?: Size): NDArray | number {
    return this.randomSample(size);
  }
  /** Uniform [0, 1) of shape (d0, d1, ...). */
  rand(...dims: number[]): NDArray | number {
    return this.randomSample(dims.length ? dims : undefined);
  }
  /** Standard normal of shape (d0, d1, ...). */
  randn(...dims: number[]): NDArray | number {
    return this.standardNormal(dims.length ? dims : undefined);
  }
  standardNormal(size?: Size): NDArray | number {
    return this.#doubles(1, size, 0, 1);
  }
  /** Uniform floats in [low, high). */
  uniform(low = 0, high = 1, size?: Size): NDArray | number {
    return this.#doubles(0, size, low, high - low);
  }
  /** Normal with mean `loc` and standard deviation `scale`. */
  normal(loc = 0, scale = 1, size?: Size): NDArray | number {
    if (scale < 0) throw new RangeError("scale < 0");
    return this.#doubles(1, size, loc, scale);
  }

  /** Integers in [low, high) (or [0, low) with one bound), int64 unless `dtype`. */
  randint(low: number, high?: number | null, size?: Size, opts: { dtype?: DType | string } = {}): NDArray | number {
    if (high === undefined || high === null) [low, high] = [0, low];
    if (!Number.isInteger(low) || !Number.isInteger(high)) throw new TypeError("randint: bounds must be integers");
    if (low >= high) throw new RangeError("low >= high");
    const dt = opts.dtype ? toDType(opts.dtype, "randint") : "int64";
    const bounds: Partial<Record<DType, [number, number]>> = {
      bool: [0, 2],
      uint8: [0, 256],
      int32: [-(2 ** 31), 2 ** 31],
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
    return size === undefined || size === null ? (a.item() as number) : a;
  }

  /** Shuffles along the first axis in place (NumPy's swap sequence). */
  shuffle(x: NDArray): void {
    shuffleRows(x, (n) => {
      const js = this.#mt.shuffleIndices(n);
      return (i) => Number(js[n - 1 - i]);
    });
  }

  protected choiceDraws(): ChoiceDraws {
    return {
      uniforms: (n) => (this.randomSample(n) as NDArray).storage.data as Float64Array,
      integers: (high, n) => Array.from((this.randint(0, high, n) as NDArray).storage.data as BigInt64Array, Number),
      distinct: (pop, n) => Array.from((this.permutation(pop).storage.data as BigInt64Array).subarray(0, n), Number),
    };
  }
}

/** The global RandomState behind the `np.random.*` functions. */
export const globalState: RandomState = new RandomState();

/**
 * Seeds the global generator.
 *
 * @example
 * ```ts
 * import { np } from "../../mod.ts";
 * np.random.seed(0);
 * console.log(np.random.random()); // 0.5488135039273248, as NumPy
 * ```
 */
export const seed = (s?: number | readonly number[]): void => globalState.seed(s);
export const random = (size?: Size): NDArray | number => globalState.random(size);
export const randomSample = (size?: Size): NDArray | number => globalState.randomSample(size);
export const rand = (...dims: number[]): NDArray | number => globalState.rand(...dims);
export const randn = (...dims: number[]): NDArray | number => globalState.randn(...dims);
export const standardNormal = (size?: Size): NDArray | number => globalState.standardNormal(size);
export const uniform = (low = 0, high = 1, size?: Size): NDArray | number => globalState.uniform(low, high, size);
export const normal = (loc = 0, scale = 1, size?: Size): NDArray | number => globalState.normal(loc, scale, size);
export const randint = (
  low: number,
  high?: number | null,
  size?: Size,
  opts: { dtype?: DType | string } = {},
): NDArray | number => globalState.randint(low, high, size, opts);
export const shuffle = (x: NDArray): void => globalState.shuffle(x);
export const permutation = (x: number | ArrayLike): NDArray => globalState.permutation(x);
export const choice = (
  a: number | ArrayLike,
  size?: Size,
  replace = true,
  p?: ArrayLike | null,
): NDArray | number | boolean | bigint => globalState.choice(a, size, replace, p);
