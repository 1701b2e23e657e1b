/**
 * PyTorch's CPU generator (torch.Generator on the CPU): its MT19937 engine,
 * seeding and state layout, and the transforms of its CPU sampling kernels,
 * bit-exact with torch 2.13 on x86-64 (kernels/cpu/torch_random.c). Fills
 * typed arrays; a front-end wraps them into tensors. Values come out in the
 * order PyTorch writes them: memory order, one element at a time.
 */
import { K, lastError } from "../../ffi/lib.ts";
import { CPP_TYPE_NAME, DTYPES, TORCH_TYPE_NAME } from "../core/dtype.ts";
import { RuntimeError } from "../core/errors.ts";

/** A float array a generator fills. */
export type FloatArray = Float32Array | Float64Array;
/** The float dtypes PyTorch's CPU kernels sample. */
export type FloatDtype = "float32" | "float64";
/**
 * Which PyTorch CPU build to match: "avx2" (any x86-64 with AVX2, AVX-512
 * included: fused multiply-adds, avx_mathfun's float32 log/sincos) or
 * "default" (ATEN_CPU_CAPABILITY=default: two roundings, glibc logf/sinf/cosf).
 */
export type TorchKernel = "avx2" | "default";

/** Options of a new generator. */
export interface TorchGeneratorOptions {
  /** The initial seed; torch.Generator()'s default 67280421310721 when absent. */
  seed?: number | bigint;
  /** The CPU build to match; "avx2" when absent. */
  kernel?: TorchKernel;
}

/** torch.Generator()'s seed (c10::default_rng_seed_val). */
const DEFAULT_SEED = 67280421310721n;
/** torch.get_rng_state().numel() */
const STATE_BYTES = 5056;
/** randperm switches to 64-bit draws from here on: floor((2^32 - 1) / 20). */
const RANDPERM_LARGE_FROM = 214748364n;
/** multinomial's limit: categories are indexed through a float. */
const MAX_CATEGORIES = 2 ** 24;
const FLOAT32_MAX = 3.4028234663852886e38;
const KERNEL_CODE: Record<TorchKernel, number> = { avx2: 0, default: 1 };

function codeOf(a: FloatArray, fn: string): number {
  if (a instanceof Float32Array) return DTYPES.float32.code;
  if (a instanceof Float64Array) return DTYPES.float64.code;
  throw new TypeError(`${fn}: expected a Float32Array or Float64Array, got ${Object.prototype.toString.call(a)}`);
}

function check(status: number, fn: string): void {
  if (status !== 0) throw new RangeError(`${fn}: ${lastError()}`);
}

function count(n: number, fn: string): number {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${fn}: expected a non-negative integer size, got ${n}`);
  return n;
}

function num(x: number, fn: string, name: string): number {
  if (typeof x !== "number") throw new TypeError(`${fn}: ${name} must be a number, got ${typeof x}`);
  return x;
}

const dtypeOf = (a: FloatArray): FloatDtype => a instanceof Float32Array ? "float32" : "float64";

function alloc(n: number, dtype: FloatDtype, fn: string): FloatArray {
  if (dtype !== "float32" && dtype !== "float64") {
    throw new TypeError(`${fn}: dtype must be "float32" or "float64", got ${String(dtype)}`);
  }
  return dtype === "float32" ? new Float32Array(n) : new Float64Array(n);
}

/** A 64-bit integer argument as a BigInt, integral and within int64. */
function int64(x: number | bigint, fn: string, name: string): bigint {
  if (typeof x === "number" && !Number.isInteger(x)) throw new TypeError(`${fn}: ${name} must be an integer, got ${x}`);
  if (typeof x !== "number" && typeof x !== "bigint") throw new TypeError(`${fn}: ${name} must be an integer`);
  const v = BigInt(x);
  if (v !== BigInt.asIntN(64, v)) throw new RangeError(`${fn}: ${name}=${v} does not fit in int64`);
  return v;
}

/**
 * The bound of kaiming_uniform_ (fan_in mode, leaky_relu gain) as PyTorch
 * computes it in Python doubles: sqrt(3) * sqrt(2 / (1 + a^2)) / sqrt(fanIn).
 * `a = sqrt(5)` is nn.Linear's weight init.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { kaimingUniformBound } from "./torch_generator.ts";
 * assert.ok(Math.abs(kaimingUniformBound(784) - 1 / Math.sqrt(784)) < 1e-12);
 * ```
 */
export function kaimingUniformBound(fanIn: number, a: number = Math.sqrt(5)): number {
  const gain = Math.sqrt(2 / (1 + a * a));
  return Math.sqrt(3) * (gain / Math.sqrt(fanIn));
}

/**
 * A seed as PyTorch's manual_seed takes it: an integer in [-2^63, 2^64), kept as its uint64 bits.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { seedBits } from "./torch_generator.ts";
 * assert.equal(seedBits(-1), 2n ** 64n - 1n);
 * ```
 */
export function seedBits(seed: number | bigint, op = "manualSeed"): bigint {
  if (typeof seed === "number" && !Number.isInteger(seed)) {
    throw new TypeError(`${op}: the seed must be an integer, got ${seed}`);
  }
  if (typeof seed !== "number" && typeof seed !== "bigint") {
    throw new TypeError(`${op}: the seed must be a number or bigint, got ${typeof seed}`);
  }
  const s = BigInt(seed);
  if (s < -(2n ** 63n) || s >= 2n ** 64n) {
    throw new RangeError(`${op}: the seed ${s} is outside [-2^63, 2^64) (PyTorch: Overflow when unpacking long)`);
  }
  return BigInt.asUintN(64, s);
}

/**
 * PyTorch's CPU random number generator. Every method advances the stream
 * exactly as the PyTorch call it names does, so a seed gives PyTorch's
 * numbers, and states move between the two with getState/setState.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { TorchGenerator } from "./torch_generator.ts";
 * const g = new TorchGenerator().manualSeed(0);
 * // torch.manual_seed(0); torch.rand(2)
 * assert.ok(g.rand(2).join() === [0.49625658988952637, 0.7682217955589294].join());
 * ```
 */
export class TorchGenerator {
  /** The PyTorch CPU build whose arithmetic this generator matches. */
  readonly kernel: TorchKernel;
  readonly #state: Uint8Array = new Uint8Array(K.dk_tg_state_size());
  readonly #kernelCode: number;

  /** A generator with PyTorch's default seed (67280421310721) and the chosen normal kernel. */
  constructor(opts: TorchGeneratorOptions = {}) {
    if (typeof opts !== "object" || opts === null) {
      throw new TypeError(
        `TorchGenerator: options must be an object ({ seed, kernel }), not ${opts === null ? "null" : typeof opts}`,
      );
    }
    const kernel = opts.kernel ?? "avx2";
    if (!Object.hasOwn(KERNEL_CODE, kernel)) {
      throw new TypeError(`TorchGenerator: kernel must be "avx2" or "default", got ${String(kernel)}`);
    }
    this.kernel = kernel;
    this.#kernelCode = KERNEL_CODE[kernel];
    this.manualSeed(opts.seed ?? DEFAULT_SEED);
  }

  /**
   * Seeds the generator (torch.manual_seed): any integer in [-2^63, 2^64),
   * taken as uint64 (negative values wrap); only its low 32 bits seed the
   * engine. Clears the cached normal. Returns this generator.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TorchGenerator } from "./torch_generator.ts";
   * const a = new TorchGenerator().manualSeed(7), b = new TorchGenerator().manualSeed(2n ** 40n + 7n);
   * assert.ok(a.rand(3).join() === b.rand(3).join());
   * ```
   */
  manualSeed(seed: number | bigint): this {
    K.dk_tg_seed(this.#state, seedBits(seed));
    return this;
  }

  /**
   * The seed last set (torch.initial_seed()), as a uint64.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TorchGenerator } from "./torch_generator.ts";
   * assert.ok(new TorchGenerator().manualSeed(-1).initialSeed() === 2n ** 64n - 1n);
   * ```
   */
  initialSeed(): bigint {
    return new DataView(this.getState().buffer).getBigUint64(0, true);
  }

  /**
   * Reseeds from a non-deterministic source (torch.Generator.seed(): a
   * 53-bit random value) and returns the new seed.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TorchGenerator } from "./torch_generator.ts";
   * const g = new TorchGenerator();
   * const s = g.seed();
   * assert.ok(s < 2n ** 53n && g.initialSeed() === s);
   * ```
   */
  seed(): bigint {
    const w = crypto.getRandomValues(new Uint32Array(2));
    const s = ((BigInt(w[0]) << 32n) | BigInt(w[1])) & (2n ** 53n - 1n);
    this.manualSeed(s);
    return s;
  }

  /**
   * The full state in PyTorch's 5056-byte layout (torch.get_rng_state()):
   * seed, MT position, 624 words and the cached normal.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TorchGenerator } from "./torch_generator.ts";
   * const g = new TorchGenerator().manualSeed(1);
   * const s = g.getState();
   * const x = g.randn(3);
   * assert.ok(g.setState(s).randn(3).join() === x.join());
   * ```
   */
  getState(): Uint8Array {
    const out = new Uint8Array(STATE_BYTES);
    K.dk_tg_get_state(this.#state, out);
    return out;
  }

  /**
   * Restores a state from getState() or torch.get_rng_state() (as bytes).
   * Throws RangeError for a state PyTorch refuses (wrong size, unseeded,
   * position out of range) or one that would read past the 624 words.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TorchGenerator } from "./torch_generator.ts";
   * const a = new TorchGenerator().manualSeed(3), b = new TorchGenerator();
   * b.setState(a.getState());
   * assert.ok(a.rand(4).join() === b.rand(4).join());
   * ```
   */
  setState(state: Uint8Array): this {
    if (!(state instanceof Uint8Array)) throw new TypeError("setState: the state must be a Uint8Array");
    check(K.dk_tg_set_state(this.#state, state, state.length), "setState");
    return this;
  }

  /**
   * torch.rand(n, dtype): uniform in [0, 1), float32 by default.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TorchGenerator } from "./torch_generator.ts";
   * const x = new TorchGenerator().manualSeed(0).rand(4, "float64");
   * assert.ok(x instanceof Float64Array && x.every((v) => v >= 0 && v < 1));
   * ```
   */
  rand(n: number, dtype?: "float32"): Float32Array;
  /** float64 uniforms. */
  rand(n: number, dtype: "float64"): Float64Array;
  /** Uniforms of either float dtype. */
  rand(n: number, dtype: FloatDtype): FloatArray;
  rand(n: number, dtype: FloatDtype = "float32"): FloatArray {
    return this.uniform(alloc(count(n, "rand"), dtype, "rand"), 0, 1);
  }

  /**
   * torch.randn(n, dtype): standard normals, float32 by default.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TorchGenerator } from "./torch_generator.ts";
   * const x = new TorchGenerator().manualSeed(0).randn(100);
   * assert.ok(x.length === 100 && x.some((v) => v < 0));
   * ```
   */
  randn(n: number, dtype?: "float32"): Float32Array;
  /** float64 standard normals. */
  randn(n: number, dtype: "float64"): Float64Array;
  /** Standard normals of either float dtype. */
  randn(n: number, dtype: FloatDtype): FloatArray;
  randn(n: number, dtype: FloatDtype = "float32"): FloatArray {
    return this.normal(alloc(count(n, "randn"), dtype, "randn"), 0, 1);
  }

  /**
   * Tensor.uniform_(a, b): fills `out` with uniforms in [a, b), computed in
   * the array's precision.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TorchGenerator } from "./torch_generator.ts";
   * const x = new TorchGenerator().manualSeed(0).uniform(new Float32Array(8), -2, 3);
   * assert.ok(x.every((v) => v >= -2 && v < 3));
   * ```
   */
  uniform<T extends FloatArray>(out: T, a: number = 0, b: number = 1): T {
    const code = codeOf(out, "uniform");
    const max = out instanceof Float32Array ? FLOAT32_MAX : Number.MAX_VALUE, dt = dtypeOf(out);
    // PyTorch's checks and words (C++ type names, numbers as C++ prints them)
    for (const [name, v] of [["from", num(a, "uniform", "a")], ["to", num(b, "uniform", "b")]] as const) {
      if (!(v >= -max && v <= max)) throw new RuntimeError(`${name} is out of bounds for ${CPP_TYPE_NAME[dt]}`);
    }
    if (!(a <= b)) {
      throw new RuntimeError(`uniform_ expects to return a [from, to) range, but found from=${a} > to=${b}`);
    }
    if (!(b - a <= max)) {
      throw new RuntimeError(
        `uniform_ expects to-from <= std::numeric_limits<${TORCH_TYPE_NAME[dt]}>::max(), but found to=${b} and ` +
          `from=${a} which result in to-from to exceed the limit`,
      );
    }
    check(K.dk_tg_uniform(this.#state, code, out, BigInt(out.length), a, b, this.#kernelCode), "uniform");
    return out;
  }

  /**
   * Tensor.normal_(mean, std). PyTorch takes a vector path for 16 or more
   * elements of a contiguous tensor and a scalar path (with a cached second
   * normal) otherwise; pass `contiguous = false` for a non-contiguous view,
   * whose elements `out` then holds in memory order.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TorchGenerator } from "./torch_generator.ts";
   * const x = new TorchGenerator().manualSeed(0).normal(new Float64Array(32), 10, 0.5);
   * assert.ok(Math.abs(x.reduce((s, v) => s + v) / 32 - 10) < 1);
   * ```
   */
  normal<T extends FloatArray>(out: T, mean: number = 0, std: number = 1, contiguous: boolean = true): T {
    const code = codeOf(out, "normal");
    num(mean, "normal", "mean");
    if (!(num(std, "normal", "std") >= 0)) throw new RangeError(`normal expects std >= 0.0, but found std ${std}`);
    const flags = (this.#kernelCode << 1) | (contiguous ? 1 : 0);
    check(K.dk_tg_normal(this.#state, code, out, BigInt(out.length), mean, std, flags), "normal");
    return out;
  }

  /**
   * torch.randint(low, high, ...) into `out`: low + (draw mod (high - low)),
   * a 32-bit draw when the range is below 2^28, else a 64-bit one.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TorchGenerator } from "./torch_generator.ts";
   * const x = new TorchGenerator().manualSeed(0).randint(new BigInt64Array(5), -3, 3);
   * assert.ok(x.every((v) => v >= -3n && v < 3n));
   * ```
   */
  randint(out: BigInt64Array, low: number | bigint, high: number | bigint): BigInt64Array {
    if (!(out instanceof BigInt64Array)) throw new TypeError("randint: out must be a BigInt64Array");
    const lo = int64(low, "randint", "low"), hi = int64(high, "randint", "high");
    if (lo >= hi) throw new RangeError(`random_ expects 'from' to be less than 'to', but got from=${lo} >= to=${hi}`);
    check(K.dk_tg_randint(this.#state, out, BigInt(out.length), new BigInt64Array([lo, hi])), "randint");
    return out;
  }

  /**
   * torch.randperm(n): a random permutation of 0..n-1.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TorchGenerator } from "./torch_generator.ts";
   * const p = new TorchGenerator().manualSeed(0).randperm(5);
   * assert.ok([...p].sort().join() === "0,1,2,3,4");
   * ```
   */
  randperm(n: number): BigInt64Array {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new RangeError(`randperm: n must be a non-negative integer, got ${n}`);
    }
    const out = new BigInt64Array(n);
    check(K.dk_tg_randperm(this.#state, out, BigInt(n), RANDPERM_LARGE_FROM), "randperm");
    return out;
  }

  /**
   * torch.bernoulli(p): 1 where a uniform in p's precision is below p,
   * else 0, in p's dtype. Every p must lie in [0, 1] (RangeError).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TorchGenerator } from "./torch_generator.ts";
   * const x = new TorchGenerator().manualSeed(0).bernoulliTensor(new Float32Array([0, 1, 0.5]));
   * assert.ok(x[0] === 0 && x[1] === 1);
   * ```
   */
  bernoulliTensor<T extends FloatArray>(p: T): T {
    const code = codeOf(p, "bernoulliTensor");
    const out = new (p.constructor as { new (n: number): T })(p.length);
    check(K.dk_tg_bernoulli_tensor(this.#state, code, p, out, BigInt(p.length)), "bernoulliTensor");
    return out;
  }

  /**
   * Tensor.bernoulli_(p) with a scalar p: 1 where a float64 uniform is below
   * p, else 0.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TorchGenerator } from "./torch_generator.ts";
   * const x = new TorchGenerator().manualSeed(0).bernoulliScalar(new Float32Array(1000), 0.3);
   * assert.ok(Math.abs(x.reduce((s, v) => s + v) / 1000 - 0.3) < 0.1);
   * ```
   */
  bernoulliScalar<T extends FloatArray>(out: T, p: number = 0.5): T {
    const code = codeOf(out, "bernoulliScalar");
    if (!(num(p, "bernoulliScalar", "p") >= 0 && p <= 1)) {
      throw new RangeError(`bernoulli_ expects p to be in [0, 1], but got p=${p}`);
    }
    check(K.dk_tg_bernoulli_scalar(this.#state, code, out, BigInt(out.length), p), "bernoulliScalar");
    return out;
  }

  /**
   * F.dropout(x, p, training=True): `noise` holds 1/(1-p) (divided in x's
   * dtype) where an element is kept and 0 where dropped, `output = x * noise`.
   * p = 0 returns x itself and p = 1 zeros, drawing nothing, as PyTorch does.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TorchGenerator } from "./torch_generator.ts";
   * const { output, noise } = new TorchGenerator().manualSeed(0).dropout(new Float32Array([1, 2, 3, 4]), 0.5);
   * assert.ok(output.every((v, i) => v === [1, 2, 3, 4][i] * noise[i]));
   * ```
   */
  dropout<T extends FloatArray>(x: T, p: number = 0.5): { output: T; noise: T } {
    const code = codeOf(x, "dropout");
    if (!(num(p, "dropout", "p") >= 0 && p <= 1)) {
      throw new RangeError(`dropout probability has to be between 0 and 1, but got ${p}`);
    }
    const make = (n: number) => new (x.constructor as { new (n: number): T })(n);
    if (p === 0) return { output: x, noise: make(x.length).fill(1) as T };
    if (p === 1) {
      const noise = make(x.length);
      return { output: x.map((v) => v * 0) as T, noise };
    }
    const output = make(x.length), noise = make(x.length);
    check(K.dk_tg_dropout(this.#state, code, x, output, noise, BigInt(x.length), p), "dropout");
    return { output, noise };
  }

  /**
   * Tensor.exponential_(lambda): (-1/lambda) * log1p(-u) with a float64 u.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TorchGenerator } from "./torch_generator.ts";
   * const x = new TorchGenerator().manualSeed(0).exponential(new Float64Array(10), 2.5);
   * assert.ok(x.every((v) => v >= 0));
   * ```
   */
  exponential<T extends FloatArray>(out: T, lambda: number = 1): T {
    const code = codeOf(out, "exponential");
    if (!(num(lambda, "exponential", "lambda") > 0)) {
      throw new RangeError(`exponential_ expects lambda > 0.0, but found lambda=${lambda}`);
    }
    check(K.dk_tg_exponential(this.#state, code, out, BigInt(out.length), lambda), "exponential");
    return out;
  }

  /**
   * Tensor.cauchy_(median, sigma): median + sigma * tan(pi * (u - 0.5)) per
   * float64 uniform u (clipped away from 0 and 1), as doubles.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TorchGenerator } from "./torch_generator.ts";
   * const x = new TorchGenerator().manualSeed(0).cauchy(new Float64Array(5), 0, 1);
   * assert.ok(x.every(Number.isFinite));
   * ```
   */
  cauchy(out: Float64Array, median: number = 0, sigma: number = 1): Float64Array {
    num(median, "cauchy", "median");
    if (!(num(sigma, "cauchy", "sigma") > 0)) {
      throw new RangeError(`cauchy_ expects sigma > 0.0, but found sigma=${sigma}`);
    }
    return this.#dist(out, 0, median, sigma);
  }

  /**
   * Tensor.logNormal_(mean, std): exp of a scalar-path normal (the cached
   * second normal included), as doubles.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TorchGenerator } from "./torch_generator.ts";
   * const x = new TorchGenerator().manualSeed(0).logNormal(new Float64Array(5), 1, 2);
   * assert.ok(x.every((v) => v > 0));
   * ```
   */
  logNormal(out: Float64Array, mean: number = 1, std: number = 2): Float64Array {
    num(mean, "logNormal", "mean");
    if (!(num(std, "logNormal", "std") > 0)) {
      throw new RangeError(`log_normal_ expects std > 0.0, but found std=${std}`);
    }
    return this.#dist(out, 1, mean, std);
  }

  /**
   * Tensor.geometric_(p): ceil(log(u) / log1p(-p)) per float64 uniform u,
   * as doubles (the number of trials up to the first success).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TorchGenerator } from "./torch_generator.ts";
   * const x = new TorchGenerator().manualSeed(0).geometric(new Float64Array(5), 0.3);
   * assert.ok(x.every((v) => Number.isInteger(v) && v >= 1));
   * ```
   */
  geometric(out: Float64Array, p: number): Float64Array {
    if (!(num(p, "geometric", "p") > 0 && p < 1)) {
      throw new RangeError(`geometric_ expects p to be in (0, 1), but got p=${p}`);
    }
    return this.#dist(out, 2, p, 0);
  }

  #dist(out: Float64Array, kind: number, a: number, b: number): Float64Array {
    if (!(out instanceof Float64Array)) throw new TypeError("out must be a Float64Array");
    check(K.dk_tg_dist(this.#state, out, BigInt(out.length), kind, a, b, this.#kernelCode), "dist");
    return out;
  }

  /**
   * torch.poisson(rates): one Poisson count per non-negative rate, as
   * doubles (PyTorch's sample_poisson: products of uniforms below rate 10,
   * transformed rejection from 10).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TorchGenerator } from "./torch_generator.ts";
   * const x = new TorchGenerator().manualSeed(0).poisson(new Float64Array([0, 1, 50]));
   * assert.ok(x[0] === 0 && x.every(Number.isInteger));
   * ```
   */
  poisson(rates: Float64Array): Float64Array {
    if (!(rates instanceof Float64Array)) throw new TypeError("poisson: rates must be a Float64Array");
    if (!rates.every((r) => r >= 0)) throw new RangeError("invalid Poisson rate, expected rate to be non-negative");
    const out = new Float64Array(rates.length);
    check(K.dk_tg_poisson(this.#state, rates, out, BigInt(rates.length)), "poisson");
    return out;
  }

  /**
   * torch._standard_gamma(alpha): one Gamma(alpha, 1) draw per element, in
   * alpha's precision (ATen's sample_gamma: Marsaglia-Tsang with double
   * uniforms and the cached scalar normal), at least the dtype's smallest
   * normal number. Every alpha must be >= 0 (RangeError).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TorchGenerator } from "./torch_generator.ts";
   * const x = new TorchGenerator().manualSeed(0).standardGamma(new Float64Array([0.5, 1, 20]));
   * assert.ok(x.length === 3 && x.every((v) => v > 0));
   * ```
   */
  standardGamma<T extends FloatArray>(alpha: T): T {
    const code = codeOf(alpha, "standardGamma");
    if (!alpha.every((a) => a >= 0)) throw new RangeError("standardGamma: alpha must be non-negative");
    const out = code === DTYPES.float32.code ? new Float32Array(alpha.length) : new Float64Array(alpha.length);
    check(K.dk_tg_standard_gamma(this.#state, code, alpha, out, BigInt(alpha.length)), "standardGamma");
    return out as T;
  }

  /**
   * torch.binomial(count, prob): one Binomial(count, prob) draw per element
   * pair, in the arrays' precision (ATen's sample_binomial: inversion below
   * 10 expected successes, BTRS from 10). Counts must be finite (RangeError).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TorchGenerator } from "./torch_generator.ts";
   * const x = new TorchGenerator().manualSeed(0).binomial(new Float32Array([10, 100]), new Float32Array([0.5, 0.5]));
   * assert.ok(x.every((v) => Number.isInteger(v) && v >= 0));
   * ```
   */
  binomial<T extends FloatArray>(count: T, prob: T): T {
    const code = codeOf(count, "binomial");
    if (codeOf(prob, "binomial") !== code || prob.length !== count.length) {
      throw new TypeError("binomial: count and prob must be arrays of one float type and length");
    }
    if (!count.every(Number.isFinite)) throw new RangeError("binomial: count must be finite");
    const out = code === DTYPES.float32.code ? new Float32Array(count.length) : new Float64Array(count.length);
    check(K.dk_tg_binomial(this.#state, code, count, prob, out, BigInt(count.length)), "binomial");
    return out as T;
  }

  /**
   * Tensor.random_() without a range: a draw modulo `modulus` (the dtype's
   * span: 2^24 + 1 for float32, 2^53 + 1 for float64, 2^63 for int64,
   * 2^31 for int32, 256 for uint8, 2 for bool), 64-bit draws when `wide`
   * (int64 and float64), 32-bit ones otherwise.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TorchGenerator } from "./torch_generator.ts";
   * const x = new TorchGenerator().manualSeed(0).randomFull(new BigInt64Array(4), false, 256n);
   * assert.ok(x.every((v) => v >= 0n && v < 256n));
   * ```
   */
  randomFull(out: BigInt64Array, wide: boolean, modulus: bigint): BigInt64Array {
    if (!(out instanceof BigInt64Array)) throw new TypeError("randomFull: out must be a BigInt64Array");
    if (typeof modulus !== "bigint" || modulus <= 0n || modulus >= 1n << 64n) {
      throw new RangeError(`randomFull: modulus must be a bigint in (0, 2^64), got ${String(modulus)}`);
    }
    check(K.dk_tg_random_full(this.#state, out, BigInt(out.length), wide ? 1 : 0, modulus), "randomFull");
    return out;
  }

  /**
   * torch.multinomial(probs, numSamples, replacement) for a rows x cols
   * row-major matrix of (unnormalised) probabilities (rows = 1 for a 1-D
   * input); returns rows x numSamples indices, row-major.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TorchGenerator } from "./torch_generator.ts";
   * const g = new TorchGenerator().manualSeed(0);
   * const idx = g.multinomial(new Float32Array([0, 1, 0, 3]), 1, 4, 2, false);
   * assert.ok([...idx].sort().join() === "1,3");
   * ```
   */
  multinomial(probs: FloatArray, rows: number, cols: number, numSamples: number, replacement = false): BigInt64Array {
    const code = codeOf(probs, "multinomial");
    count(rows, "multinomial");
    count(cols, "multinomial");
    if (rows * cols !== probs.length) {
      throw new RangeError(`multinomial: ${rows}x${cols} probabilities expected, got ${probs.length}`);
    }
    if (!Number.isSafeInteger(numSamples) || numSamples <= 0) {
      throw new RangeError(`multinomial: cannot sample n_sample <= 0 samples (got ${numSamples})`);
    }
    if (!replacement && numSamples > cols) {
      throw new RangeError(
        `multinomial: cannot sample n_sample > prob_dist.size(-1) samples without replacement (${numSamples} > ${cols})`,
      );
    }
    if (cols > MAX_CATEGORIES) {
      throw new RangeError(`multinomial: number of categories cannot exceed 2^24, got ${cols}`);
    }
    const out = new BigInt64Array(rows * numSamples);
    const meta = new BigInt64Array([BigInt(rows), BigInt(cols), BigInt(numSamples), replacement ? 1n : 0n]);
    check(K.dk_tg_multinomial(this.#state, code, probs, meta, out), "multinomial");
    return out;
  }

  /**
   * nn.Linear(inFeatures, outFeatures)'s default init: weight (out x in,
   * row-major) from kaiming_uniform_(a=sqrt(5)), then bias uniform in
   * ±1/sqrt(inFeatures); null bias when `bias` is false.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { TorchGenerator } from "./torch_generator.ts";
   * const { weight, bias } = new TorchGenerator().manualSeed(0).linearInit(3, 2);
   * assert.ok(weight.length === 6 && bias!.length === 2);
   * ```
   */
  linearInit(
    inFeatures: number,
    outFeatures: number,
    opts: { bias?: boolean; dtype?: FloatDtype } = {},
  ): { weight: FloatArray; bias: FloatArray | null } {
    const dtype = opts.dtype ?? "float32";
    const weight = alloc(count(inFeatures, "linearInit") * count(outFeatures, "linearInit"), dtype, "linearInit");
    // kaiming_uniform_ returns early (no draws) on a zero-element weight
    if (weight.length > 0) {
      const b = kaimingUniformBound(inFeatures);
      this.uniform(weight, -b, b);
    }
    if (opts.bias === false) return { weight, bias: null };
    const b = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
    return { weight, bias: this.uniform(alloc(outFeatures, dtype, "linearInit"), -b, b) };
  }
}
