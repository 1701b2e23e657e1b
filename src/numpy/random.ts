/**
 * `np.random`: NumPy's legacy RandomState (MT19937) with the same streams
 * as NumPy for the same seed: `seed(0); random(3)` prints what NumPy prints.
 */
import { cpu } from "../backend/cpu.ts";
import { type DType, toDType } from "../core/dtype.ts";
import { checkShape, sizeOf } from "../core/shape.ts";
import { Storage } from "../core/storage.ts";
import { View } from "../core/view.ts";
import { castTo, contiguous, copyInto } from "../ops/operand.ts";
import { type ArrayLike, asOperand, NDArray } from "./ndarray.ts";

/** A `size` argument: none (one JS number), a length or a shape. */
export type Size = number | readonly number[] | null | undefined;

const shapeOf = (size: number | readonly number[]) => checkShape("random", typeof size === "number" ? [size] : size);

/** NumPy's `np.random.RandomState`. */
export class RandomState {
  readonly #state: Uint8Array;

  constructor(seed?: number | readonly number[]) {
    this.#state = new Uint8Array(cpu.mtStateBytes());
    this.seed(seed);
  }

  /** Reseeds: an integer in [0, 2^32), an array of them, or nothing (OS entropy). */
  seed(seed?: number | readonly number[] | null): void {
    if (seed === undefined || seed === null) {
      cpu.mtSeedArray(this.#state, crypto.getRandomValues(new Uint32Array(4)));
    } else if (typeof seed === "number") {
      if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
        throw new RangeError("Seed must be between 0 and 2**32 - 1");
      }
      cpu.mtSeed(this.#state, seed);
    } else {
      if (seed.length === 0) throw new RangeError("Seed must be non-empty");
      for (const s of seed) {
        if (!Number.isInteger(s) || s < 0 || s > 0xffffffff) {
          throw new RangeError("Seed values must be between 0 and 2**32 - 1");
        }
      }
      cpu.mtSeedArray(this.#state, Uint32Array.from(seed));
    }
  }

  #doubles(kind: 0 | 1, size: Size, a: number, b: number): NDArray | number {
    const shape = size === undefined || size === null ? [] : shapeOf(size);
    const s = new Storage("float64", sizeOf(shape));
    cpu.mtFill(this.#state, kind, s.data as Float64Array, a, b);
    return size === undefined || size === null ? (s.data as Float64Array)[0] : new NDArray(s, new View(shape));
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
    const shape = size === undefined || size === null ? [] : shapeOf(size);
    const s = new Storage("int64", sizeOf(shape));
    cpu.mtRandint(
      this.#state,
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
    const n = x.shape[0];
    if (x.ndim === 0) throw new TypeError("object of type 'numpy.int64' has no len()");
    if (n <= 1) return;
    const js = cpu.mtShuffleIndices(this.#state, n);
    if (x.ndim === 1) {
      const d = x.storage.data, st = x.layout.strides[0], off = x.layout.offset;
      for (let k = 0; k < js.length; k++) {
        const i = n - 1 - k, j = Number(js[k]);
        const p = off + i * st, q = off + j * st;
        const t = d[p];
        d[p] = d[q];
        d[q] = t;
      }
      return;
    }
    for (let k = 0; k < js.length; k++) {
      const i = n - 1 - k, j = Number(js[k]);
      if (i === j) continue;
      const ri = x.get(i), rj = x.get(j);
      const buf = contiguous(rj, true);
      copyInto(ri, rj);
      copyInto(buf, ri);
    }
  }

  /** A shuffled arange(n), or a shuffled copy of an array (along axis 0). */
  permutation(x: number | ArrayLike): NDArray {
    if (typeof x === "number") {
      const a = arangeInt(x);
      this.shuffle(a);
      return a;
    }
    const arr = NDArray.wrap(asOperand(x));
    if (arr.ndim < 1) throw new RangeError("x must be an integer or at least 1-dimensional");
    if (arr.ndim === 1) {
      const c = arr.copy();
      this.shuffle(c);
      return c;
    }
    const idx = arangeInt(arr.shape[0]);
    this.shuffle(idx);
    return arr.get([idx]);
  }

  /**
   * Samples from `a` (an int n means arange(n)), with or without
   * replacement, optionally with probabilities `p`, as NumPy's legacy choice.
   */
  choice(
    a: number | ArrayLike,
    size?: Size,
    replace = true,
    p?: ArrayLike | null,
  ): NDArray | number | boolean | bigint {
    const pop = typeof a === "number" ? null : NDArray.wrap(asOperand(a));
    if (pop && pop.ndim !== 1) throw new RangeError("a must be 1-dimensional or an integer");
    const popSize = pop ? pop.size : (a as number);
    if (!pop && (!Number.isInteger(popSize) || popSize <= 0)) {
      throw new RangeError("a must be greater than 0 unless no samples are taken");
    }
    const shape = size === undefined || size === null ? null : shapeOf(size);
    const count = shape ? sizeOf(shape) : 1;
    if (pop && popSize === 0 && count > 0) throw new RangeError("'a' cannot be empty unless no samples are taken");
    let probs: Float64Array | null = null;
    if (p !== undefined && p !== null) {
      const pa = NDArray.wrap(castTo(asOperand(p), "float64"));
      if (pa.ndim !== 1) throw new RangeError("p must be 1-dimensional");
      if (pa.size !== popSize) throw new RangeError("a and p must have same size");
      probs = Float64Array.from(contiguous(pa).storage.data as Float64Array);
      if (probs.some((v) => v < 0)) throw new RangeError("probabilities are not non-negative");
      if (Math.abs(kahanSum(probs) - 1) > Math.sqrt(2.220446049250313e-16)) {
        throw new RangeError("probabilities do not sum to 1");
      }
    }
    let idx: number[];
    if (replace) {
      if (probs) {
        const cdf = cumulative(probs);
        const u = this.randomSample(count) as NDArray;
        idx = Array.from(u.storage.data as Float64Array, (x) => searchRight(cdf, x));
      } else {
        const r = this.randint(0, popSize, count) as NDArray;
        idx = Array.from(r.storage.data as BigInt64Array, Number);
      }
    } else {
      if (count > popSize) throw new RangeError("Cannot take a larger sample than population when 'replace=False'");
      if (probs) {
        if (probs.filter((v) => v > 0).length < count) throw new RangeError("Fewer non-zero entries in p than size");
        idx = [];
        const pp = Float64Array.from(probs);
        while (idx.length < count) {
          const x = this.randomSample(count - idx.length) as NDArray;
          for (const f of idx) pp[f] = 0;
          const cdf = cumulative(pp);
          const fresh = Array.from(x.storage.data as Float64Array, (v) => searchRight(cdf, v));
          const firsts = new Map<number, number>();
          fresh.forEach((v, i) => firsts.has(v) || firsts.set(v, i));
          // NumPy keeps the unique values ordered by first occurrence
          [...firsts.entries()].sort((m, n) => m[1] - n[1]).forEach(([v]) => idx.push(v));
        }
      } else {
        const perm = this.permutation(popSize);
        idx = Array.from((perm.storage.data as BigInt64Array).subarray(0, count), Number);
      }
    }
    const idxArr = NDArray.wrap({ storage: int64Storage(idx), layout: new View(shape ?? [count]) });
    const picked = pop ? pop.get([idxArr]) : idxArr;
    return shape ? picked : picked.item(0);
  }
}

function int64Storage(values: readonly number[]): Storage {
  const s = new Storage("int64", values.length);
  const d = s.data as BigInt64Array;
  values.forEach((v, i) => (d[i] = BigInt(v)));
  return s;
}

function arangeInt(n: number): NDArray {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`permutation: ${n} is not a non-negative integer`);
  return new NDArray(int64Storage([...Array(n).keys()]), new View([n]));
}

function kahanSum(v: Float64Array): number {
  let s = 0, c = 0;
  for (const x of v) {
    const y = x - c, t = s + y;
    c = (t - s) - y;
    s = t;
  }
  return s;
}

function cumulative(p: Float64Array): Float64Array {
  const cdf = new Float64Array(p.length);
  let acc = 0;
  p.forEach((v, i) => (cdf[i] = acc += v));
  const last = cdf[cdf.length - 1];
  for (let i = 0; i < cdf.length; i++) cdf[i] /= last;
  return cdf;
}

/** searchsorted(cdf, x, side="right"). */
function searchRight(cdf: Float64Array, x: number): number {
  let lo = 0, hi = cdf.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
