/**
 * What NumPy's two samplers share above their bit streams: sizes, shuffling
 * rows by a sequence of swap partners, permutations, choice's checks of
 * `a` and `p`, its cumulative-distribution search, and the final pick.
 * `RandomState` (legacy MT19937) and `Generator` (PCG64) supply the draws.
 */
import { checkShape, sizeOf } from "../core/shape.ts";
import { Storage } from "../core/storage.ts";
import { View } from "../core/view.ts";
import { castTo, contiguous, copyInto, empty } from "../ops/operand.ts";
import { type ArrayData, toOperand } from "../api/convert.ts";
import { opt, req } from "../api/signature.ts";
import { type ArrayLike, NDArray } from "./ndarray.ts";

const asOperand = (x: ArrayLike) => toOperand("random", x as ArrayData, undefined, false);

/** A `size` argument: none (one JS number), a length or a shape. */
export type Size = number | readonly number[] | null | undefined;

/** The shape of a `size`, or null when none was given (a scalar result). */
export function shapeOfSize(size: Size): number[] | null {
  if (size === undefined || size === null) return null;
  return checkShape("random", typeof size === "number" ? [size] : size);
}

/** Swaps rows i and partner(i) of `x` along axis 0 for i = n-1 down to `first`, in place. */
export function applySwaps(x: NDArray, partner: (i: number) => number, first = 1): void {
  const n = x.shape[0];
  if (x.ndim === 1) {
    // swaps raw 32-bit words (bytes for 1-byte dtypes): no BigInt per int64 element, every bit pattern kept
    const b = x.storage.bytes, k = x.itemsize === 8 ? 2 : 1;
    const w = x.itemsize === 1 ? b : new Uint32Array(b.buffer, b.byteOffset, b.byteLength >> 2);
    const st = x.layout.strides[0] * k, off = x.layout.offset * k;
    for (let i = n - 1; i >= first; i--) {
      const p = off + i * st, q = off + partner(i) * st;
      let t = w[p];
      w[p] = w[q];
      w[q] = t;
      if (k === 2) {
        t = w[p + 1];
        w[p + 1] = w[q + 1];
        w[q + 1] = t;
      }
    }
    return;
  }
  for (let i = n - 1; i >= first; i--) {
    const j = partner(i);
    if (i === j) continue;
    const ri = x.get(i), rj = x.get(j);
    const buf = contiguous(rj, true);
    copyInto(ri, rj);
    copyInto(buf, ri);
  }
}

/** Shuffles `x` along axis 0 in place, with the swap partners a sampler draws for its n rows. */
export function shuffleRows(x: NDArray, partners: (n: number) => (i: number) => number): void {
  if (!(NDArray.isGenuine(x) && x instanceof NDArray)) throw new TypeError("shuffle: x must be an ndarray");
  if (!x.flags.writeable) throw new RangeError("shuffle: array is read-only");
  if (x.ndim === 0) throw new TypeError("object of type 'numpy.int64' has no len()");
  const n = x.shape[0];
  if (n > 1) applySwaps(x, partners(n));
}

/** permutation(x) given a sampler's in-place shuffle: a shuffled arange(n) or a shuffled copy along axis 0. */
function permutationWith(x: number | ArrayLike, shuffle: (a: NDArray) => void): NDArray {
  if (typeof x === "number") {
    const a = arangeInt(x);
    shuffle(a);
    return a;
  }
  const arr = NDArray.wrap(asOperand(x));
  if (arr.ndim < 1) throw new RangeError("x must be an integer or at least 1-dimensional");
  if (arr.ndim === 1) {
    const c = arr.copy();
    shuffle(c);
    return c;
  }
  const idx = arangeInt(arr.shape[0]);
  shuffle(idx);
  return arr.get([idx]);
}

/**
 * What RandomState and Generator share above their draws: `permutation`
 * and `choice` are written once over `shuffle` and the draws each supplies.
 */
export abstract class Sampler {
  /** Shuffles along the first axis in place (the sampler's swap sequence). */
  protected abstract shuffleInPlace(x: NDArray): void;
  /** The draws `choice` uses; `shuffle` is Generator.choice's option. */
  protected abstract choiceDraws(shuffle: boolean): ChoiceDraws;
  /** NumPy's message when a sample without replacement is larger than the population. */
  protected abstract readonly tooMany: string;

  /** A shuffled arange(n), or a shuffled copy of an array (along axis 0): each sampler's `permutation`. */
  protected permute(x: number | ArrayLike): NDArray {
    return permutationWith(x, (a) => this.shuffleInPlace(a));
  }

  /**
   * Samples from `a` (an int n means arange(n)), with or without
   * replacement, optionally with probabilities `p`, as NumPy does; without
   * replacement a Generator's sample is in random order unless `shuffle`
   * is false (each sampler's `choice`).
   */
  protected sample(
    a: number | ArrayLike,
    size: Size,
    replace: boolean,
    p: ArrayLike | null,
    shuffle: boolean,
  ): NDArray | number | boolean | bigint {
    return choose(a, size, replace, p, this.choiceDraws(shuffle), this.tooMany);
  }
}

/** The `size` parameter of every sampler method: none (a JS number), a length or a shape. */
export const SIZE = opt("size", "ints", null);

/** Rejects an axis other than 0 (Generator's `axis` options: only the first axis is supported). */
export function axisZero(op: string, axis: number): void {
  if (axis !== 0) throw new RangeError(`${op}: only axis 0 is supported (got ${axis})`);
}

/** The draws a sampler lends to `choose`. */
export interface ChoiceDraws {
  /** `n` uniform doubles in [0, 1). */
  uniforms(n: number): Float64Array;
  /** `n` integers in [0, high), with replacement. */
  integers(high: number, n: number): number[];
  /** `n` distinct integers of [0, pop). */
  distinct(pop: number, n: number): number[];
}

/**
 * choice(a, size, replace, p) over a sampler's draws: with replacement by
 * inverting the cdf of `p` or by bounded integers; without, by NumPy's
 * weighted rounds or the sampler's own distinct draw.
 */
function choose(
  a: number | ArrayLike,
  size: Size,
  replace: boolean,
  p: ArrayLike | null | undefined,
  draws: ChoiceDraws,
  tooMany: string,
): NDArray | number | boolean | bigint {
  const c = choiceSetup(a, size, p);
  let idx: number[];
  if (replace) {
    idx = c.probs ? inverseCdf(c.probs, draws.uniforms(c.count)) : draws.integers(c.popSize, c.count);
  } else {
    if (c.count > c.popSize) throw new RangeError(tooMany);
    idx = c.probs ? choiceWeightedUnique(c.probs, c.count, draws.uniforms) : draws.distinct(c.popSize, c.count);
  }
  return pick(c, idx);
}

/** choice's population (null for an integer `a`), its size, the sample shape and count, and `p` checked. */
interface ChoiceSetup {
  pop: NDArray | null;
  popSize: number;
  shape: number[] | null;
  count: number;
  probs: Float64Array | null;
}

/** Validates choice's arguments as NumPy does. */
function choiceSetup(a: number | ArrayLike, size: Size, p: ArrayLike | null | undefined): ChoiceSetup {
  const pop = typeof a === "number" ? null : NDArray.wrap(asOperand(a));
  if (pop && pop.ndim !== 1) throw new RangeError("a must be 1-dimensional or an integer");
  const popSize = pop ? pop.size : (a as number);
  if (!pop && (!Number.isInteger(popSize) || popSize <= 0)) {
    throw new RangeError("a must be greater than 0 unless no samples are taken");
  }
  const shape = shapeOfSize(size);
  const count = shape ? sizeOf(shape) : 1;
  if (pop && popSize === 0 && count > 0) throw new RangeError("'a' cannot be empty unless no samples are taken");
  let probs: Float64Array | null = null;
  if (p !== undefined && p !== null) {
    const pa = NDArray.wrap(castTo(asOperand(p), "float64"));
    if (pa.ndim !== 1) throw new RangeError("p must be 1-dimensional");
    if (pa.size !== popSize) throw new RangeError("a and p must have same size");
    probs = Float64Array.from(contiguous(pa).storage.data as Float64Array);
    // NumPy's order of checks; an infinite p makes its compensated sum NaN too
    const total = kahanSum(probs);
    if (!Number.isFinite(total)) throw new RangeError("probabilities contain NaN");
    if (probs.some((v) => v < 0)) throw new RangeError("probabilities are not non-negative");
    if (Math.abs(total - 1) > Math.sqrt(2.220446049250313e-16)) {
      throw new RangeError("probabilities do not sum to 1");
    }
  }
  return { pop, popSize, shape, count, probs };
}

/** Indices drawn by inverting the cumulative distribution of `probs` at uniforms `u`. */
function inverseCdf(probs: Float64Array, u: Float64Array): number[] {
  const cdf = cumulative(probs);
  return Array.from(u, (x) => searchRight(cdf, x));
}

/**
 * Sampling with `probs` without replacement, as both samplers do it: draw
 * the missing count of uniforms, zero the found entries' weights, keep the
 * new distinct indices in order of first appearance, until there are enough.
 */
function choiceWeightedUnique(
  probs: Float64Array,
  count: number,
  uniforms: (n: number) => Float64Array,
): number[] {
  if (probs.filter((v) => v > 0).length < count) throw new RangeError("Fewer non-zero entries in p than size");
  const idx: number[] = [];
  const pp = Float64Array.from(probs);
  while (idx.length < count) {
    const x = uniforms(count - idx.length);
    for (const f of idx) pp[f] = 0;
    const firsts = new Map<number, number>();
    inverseCdf(pp, x).forEach((v, i) => firsts.has(v) || firsts.set(v, i));
    [...firsts.entries()].sort((m, n) => m[1] - n[1]).forEach(([v]) => idx.push(v));
  }
  return idx;
}

/** The picked elements (or indices for an integer `a`), a scalar when no size was given. */
function pick(s: ChoiceSetup, idx: readonly number[]): NDArray | number | boolean | bigint {
  const idxArr = NDArray.wrap({ storage: int64Storage(idx), layout: new View(s.shape ?? [s.count]) });
  const picked = s.pop ? s.pop.get([idxArr]) : idxArr;
  return s.shape ? picked : picked.item(0);
}

/** An int64 storage holding `values`. */
export function int64Storage(values: readonly number[]): Storage {
  const st = Storage.host("int64", values.length);
  const d = st.data as BigInt64Array;
  values.forEach((v, i) => (d[i] = BigInt(v)));
  return st;
}

/** Reads element k of int64 draws (swap partners) as a number, without a BigInt per read. */
export function int64Reader(js: BigInt64Array): (k: number) => number {
  const w = new Int32Array(js.buffer, js.byteOffset, js.length * 2);
  return (k) => (w[2 * k] >>> 0) + w[2 * k + 1] * 4294967296;
}

/** arange(n) as int64, written as 32-bit words (a JS array of n numbers cost 35 s and 2.4 GB at n = 1e8). */
function arangeInt(n: number): NDArray {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`permutation: ${n} is not a non-negative integer`);
  const o = empty([n], "int64"); // a clear RangeError when it cannot be allocated
  const b = o.storage.bytes, w = new Uint32Array(b.buffer, b.byteOffset, 2 * n);
  const lo = Math.min(n, 4294967296);
  for (let i = 0; i < lo; i++) {
    w[2 * i] = i;
    w[2 * i + 1] = 0;
  }
  for (let i = lo; i < n; i++) {
    w[2 * i] = i % 4294967296;
    w[2 * i + 1] = Math.floor(i / 4294967296);
  }
  return new NDArray(o.storage, o.layout);
}

/** Kahan's compensated sum, as NumPy sums probabilities (choice's p, multinomial's pvals[:-1]). */
export function kahanSum(v: Float64Array): number {
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

/** The signatures of RandomState's methods and the np.random functions (NumPy's names and order). */
export const RANDOM_STATE_SIGS = {
  seed: { pos: [opt("seed", "ints", null)], kw: [] },
  size: { pos: [SIZE], kw: [] },
  dims: { pos: [req("d", "ints", { varargs: true })], kw: [] },
  uniform: { pos: [opt("low", "number", 0), opt("high", "number", 1), SIZE], kw: [] },
  normal: { pos: [opt("loc", "number", 0), opt("scale", "number", 1), SIZE], kw: [] },
  randint: { pos: [req("low", "int"), opt("high", "int", null), SIZE, opt("dtype", "dtype", "int64")], kw: [] },
  shuffle: { pos: [req("x", "out")], kw: [] },
  permutation: { pos: [req("x", "arrayOrScalar")], kw: [] },
  choice: {
    pos: [req("a", "arrayOrScalar"), SIZE, opt("replace", "bool", true), opt("p", "array", null)],
    kw: [],
  },
} as const;

/** The signatures of Generator's methods (NumPy's names and order). */
export const GENERATOR_SIGS = {
  random: { pos: [SIZE, opt("dtype", "dtype", "float64"), opt("out", "out", null)], kw: [] },
  integers: {
    pos: [
      req("low", "scalar"),
      opt("high", "scalar", null),
      SIZE,
      opt("dtype", "dtype", "int64"),
      opt("endpoint", "bool", false),
    ],
    kw: [],
  },
  uniform: { pos: [opt("low", "number", 0), opt("high", "number", 1), SIZE], kw: [] },
  normal: { pos: [opt("loc", "number", 0), opt("scale", "number", 1), SIZE], kw: [] },
  shuffle: { pos: [req("x", "out"), opt("axis", "int", 0)], kw: [] },
  permutation: { pos: [req("x", "arrayOrScalar"), opt("axis", "int", 0)], kw: [] },
  choice: {
    pos: [
      req("a", "arrayOrScalar"),
      SIZE,
      opt("replace", "bool", true),
      opt("p", "array", null),
      opt("axis", "int", 0),
      opt("shuffle", "bool", true),
    ],
    kw: [],
  },
} as const;
