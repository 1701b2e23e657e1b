/**
 * torch.utils.data's samplers: the index streams DataLoader draws from.
 * The random ones consume PyTorch's generators exactly as PyTorch does
 * (RandomSampler seeds a fresh generator from one int64 `random_()` draw
 * of the default generator, then takes `randperm`), so the same
 * torch.manualSeed gives PyTorch's order.
 */
import { Binder, describe, opt, req } from "../api/signature.ts";
import { fmtValue } from "../core/errors.ts";
import { TorchGenerator } from "../random/torch_generator.ts";
import { Tensor } from "../torch/tensor.ts";
import { lengthOf } from "./dataset.ts";
import { registerClass } from "./serialize.ts";
import { checkIterable, CONV, generatorOf, randomInt64 } from "./util.ts";

/** An index stream with a length. */
export abstract class Sampler<T = number> {
  /** The indices (or batches) of one pass. */
  abstract [Symbol.iterator](): Iterator<T>;
  /** Number of indices (or batches) per pass. */
  abstract get length(): number;
}

/**
 * 0, 1, ..., n-1.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SequentialSampler } from "./sampler.ts";
 * assert.deepEqual([...new SequentialSampler([7, 8, 9])], [0, 1, 2]);
 * ```
 */
export class SequentialSampler extends Sampler<number> {
  /** What is sampled (anything with a length). */
  dataSource: { length: number };
  constructor(dataSource: { length: number }) {
    super();
    this.dataSource = dataSource;
  }
  *[Symbol.iterator](): Iterator<number> {
    const n = lengthOf(this.dataSource);
    for (let i = 0; i < n; i++) yield i;
  }
  get length(): number {
    return lengthOf(this.dataSource);
  }
}
registerClass(SequentialSampler, import.meta.url);

const RANDOM = new Binder("RandomSampler", {
  pos: [req("dataSource", "any"), opt("replacement", "any", false), opt("numSamples", "any", null)],
  kw: [opt("generator", "any", null)],
});

/**
 * A random permutation (or `numSamples` draws with replacement), drawn as
 * PyTorch's RandomSampler draws it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../torch/mod.ts";
 * import { RandomSampler } from "./sampler.ts";
 * const s = new RandomSampler([..."abcde"], { generator: new torch.Generator().manualSeed(0) });
 * assert.deepEqual([...s].sort(), [0, 1, 2, 3, 4]);
 * ```
 */
export class RandomSampler extends Sampler<number> {
  dataSource: { length: number };
  replacement: boolean;
  generator: TorchGenerator | null;
  _numSamples: number | null;
  constructor(
    dataSource: { length: number },
    ...rest: (boolean | number | null | { replacement?: boolean; numSamples?: number | null; generator?: unknown })[]
  ) {
    super();
    const a = RANDOM.bind([dataSource, ...rest], CONV);
    if (typeof a.replacement !== "boolean") {
      throw new TypeError(`replacement should be a boolean value, but got replacement=${fmtValue(a.replacement)}`);
    }
    this.dataSource = dataSource;
    this.replacement = a.replacement;
    this._numSamples = a.numSamples;
    this.generator = a.generator === null ? null : generatorOf(a.generator, "RandomSampler");
    const n = this.numSamples;
    if (!Number.isInteger(n) || n <= 0) {
      throw new RangeError(`num_samples should be a positive integer value, but got num_samples=${fmtValue(n)}`);
    }
  }
  /** The number of indices per pass (the dataset's length unless given). */
  get numSamples(): number {
    return this._numSamples ?? lengthOf(this.dataSource);
  }
  *[Symbol.iterator](): Iterator<number> {
    const n = lengthOf(this.dataSource);
    let g = this.generator;
    if (g === null) {
      g = new TorchGenerator().manualSeed(randomInt64());
    }
    const num = this.numSamples;
    if (this.replacement) {
      const draw = (k: number) => g!.randint(new BigInt64Array(k), 0, n);
      for (let b = 0; b < Math.floor(num / 32); b++) for (const v of draw(32)) yield Number(v);
      for (const v of draw(num % 32)) yield Number(v);
    } else {
      for (let r = 0; r < Math.floor(num / n); r++) for (const v of g.randperm(n)) yield Number(v);
      const last = g.randperm(n);
      for (let i = 0; i < num % n; i++) yield Number(last[i]);
    }
  }
  get length(): number {
    return this.numSamples;
  }
}
registerClass(RandomSampler, import.meta.url);

const SUBSET_RANDOM = new Binder("SubsetRandomSampler", {
  pos: [req("indices", "any"), opt("generator", "any", null)],
  kw: [],
});

/**
 * The given indices in a random order (`torch.randperm` on the generator,
 * else the default one). The generator goes positionally or as
 * `{ generator }`, as PyTorch's `generator=`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../torch/mod.ts";
 * import { SubsetRandomSampler } from "./sampler.ts";
 * const s = new SubsetRandomSampler([10, 20, 30], { generator: new torch.Generator().manualSeed(0) });
 * assert.deepEqual([...s].sort(), [10, 20, 30]);
 * ```
 */
export class SubsetRandomSampler extends Sampler<number> {
  indices: number[];
  generator: TorchGenerator | null;
  constructor(indices: readonly number[], ...rest: (TorchGenerator | null | { generator?: TorchGenerator | null })[]) {
    super();
    checkIterable(indices, "SubsetRandomSampler(): indices must be an iterable of integers");
    const a = SUBSET_RANDOM.bind([indices, ...rest], CONV);
    this.indices = [...indices];
    this.generator = a.generator === null ? null : generatorOf(a.generator, "SubsetRandomSampler");
  }
  *[Symbol.iterator](): Iterator<number> {
    for (const i of generatorOf(this.generator, "SubsetRandomSampler").randperm(this.indices.length)) {
      yield this.indices[Number(i)];
    }
  }
  get length(): number {
    return this.indices.length;
  }
}
registerClass(SubsetRandomSampler, import.meta.url);

const WEIGHTED = new Binder("WeightedRandomSampler", {
  pos: [req("weights", "any"), req("numSamples", "any"), opt("replacement", "any", true)],
  kw: [opt("generator", "any", null)],
});

/**
 * Indices drawn with probabilities proportional to `weights`
 * (`torch.multinomial` in float64, as PyTorch).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { WeightedRandomSampler } from "./sampler.ts";
 * assert.deepEqual([...new WeightedRandomSampler([0, 0, 1], 3)], [2, 2, 2]);
 * ```
 */
export class WeightedRandomSampler extends Sampler<number> {
  weights: Float64Array;
  numSamples: number;
  replacement: boolean;
  generator: TorchGenerator | null;
  constructor(
    weights: readonly number[] | Tensor,
    numSamples: number,
    ...rest: (boolean | { replacement?: boolean; generator?: unknown })[]
  ) {
    super();
    const a = WEIGHTED.bind([weights, numSamples, ...rest], CONV);
    if (!Number.isInteger(a.numSamples) || a.numSamples <= 0) {
      throw new RangeError(
        `num_samples should be a positive integer value, but got num_samples=${fmtValue(a.numSamples)}`,
      );
    }
    if (typeof a.replacement !== "boolean") {
      throw new TypeError(`replacement should be a boolean value, but got replacement=${fmtValue(a.replacement)}`);
    }
    const w = weights instanceof Tensor ? weights.tolist() : weights;
    if (!Array.isArray(w) || w.some((x) => Array.isArray(x))) {
      throw new RangeError("weights should be a 1d sequence");
    }
    w.forEach((x, i) => {
      if (typeof x !== "number" && typeof x !== "bigint" && typeof x !== "boolean") {
        throw new TypeError(`WeightedRandomSampler(): weights[${i}] must be a number, not ${describe(x)}`);
      }
    });
    this.weights = Float64Array.from(w as number[], Number);
    this.numSamples = a.numSamples;
    this.replacement = a.replacement;
    this.generator = a.generator === null ? null : generatorOf(a.generator, "WeightedRandomSampler");
  }
  *[Symbol.iterator](): Iterator<number> {
    const g = generatorOf(this.generator, "WeightedRandomSampler");
    const idx = g.multinomial(this.weights, 1, this.weights.length, this.numSamples, this.replacement);
    for (const v of idx) yield Number(v);
  }
  get length(): number {
    return this.numSamples;
  }
}
registerClass(WeightedRandomSampler, import.meta.url);

const BATCH = new Binder("BatchSampler", {
  pos: [req("sampler", "any"), req("batchSize", "any"), req("dropLast", "any")],
  kw: [],
});

/**
 * Groups another sampler's indices into lists of `batchSize`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BatchSampler, SequentialSampler } from "./sampler.ts";
 * const b = new BatchSampler(new SequentialSampler({ length: 5 }), 2, false);
 * assert.deepEqual([[...b], b.length], [[[0, 1], [2, 3], [4]], 3]);
 * ```
 */
export class BatchSampler extends Sampler<number[]> {
  sampler: Iterable<number> & { length?: number };
  batchSize: number;
  dropLast: boolean;
  constructor(
    sampler: Iterable<number>,
    ...rest: (number | boolean | { batchSize?: number; dropLast?: boolean })[]
  ) {
    super();
    const a = BATCH.bind([sampler, ...rest], CONV);
    if (!Number.isInteger(a.batchSize) || a.batchSize <= 0) {
      throw new RangeError(
        `batch_size should be a positive integer value, but got batch_size=${fmtValue(a.batchSize)}`,
      );
    }
    if (typeof a.dropLast !== "boolean") {
      throw new RangeError(`drop_last should be a boolean value, but got drop_last=${fmtValue(a.dropLast)}`);
    }
    this.sampler = sampler;
    this.batchSize = a.batchSize;
    this.dropLast = a.dropLast;
  }
  *[Symbol.iterator](): Iterator<number[]> {
    let batch: number[] = [];
    for (const i of this.sampler) {
      batch.push(i);
      if (batch.length === this.batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0 && !this.dropLast) yield batch;
  }
  get length(): number {
    const n = lengthOf(this.sampler, "sampler");
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }
}
registerClass(BatchSampler, import.meta.url);
