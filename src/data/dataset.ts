/**
 * torch.utils.data's datasets: map-style `Dataset` (getItem(i) and
 * length), `IterableDataset`, `TensorDataset`, `ConcatDataset`, `Subset`,
 * `ChainDataset` and `randomSplit`.
 *
 * Classes keep their state in plain fields (no `#private` ones) so that
 * DataLoader can rebuild them inside its Web Workers (see serialize.ts).
 */
import { Binder, describe, opt, req } from "../api/signature.ts";
import { Tensor } from "../torch/tensor.ts";
import { registerClass } from "./serialize.ts";
import { checkIterable, CONV, generatorOf } from "./util.ts";

/**
 * A map-style dataset: subclasses implement `getItem(i)` and `length`, as
 * PyTorch's `__getitem__` and `__len__`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Dataset } from "./dataset.ts";
 * class Squares extends Dataset<number> {
 *   get length() { return 4; }
 *   getItem(i: number) { return i * i; }
 * }
 * assert.deepEqual([...new Squares()], [0, 1, 4, 9]);
 * ```
 */
export abstract class Dataset<T = unknown> {
  /** The sample at index `i`. */
  abstract getItem(index: number): T;
  /** Number of samples. */
  abstract get length(): number;
  /** Several samples at once (PyTorch's `__getitems__`); DataLoader uses it when a dataset defines it. */
  getItems?(indices: number[]): T[];
  /** Iterates over the samples in order. */
  *[Symbol.iterator](): Iterator<T> {
    const n = this.length;
    for (let i = 0; i < n; i++) yield this.getItem(i);
  }
}

/**
 * An iterable-style dataset: subclasses implement `[Symbol.iterator]` (a
 * stream of samples); in DataLoader workers each worker iterates its own
 * copy (use `data.getWorkerInfo()` to split the stream).
 */
export abstract class IterableDataset<T = unknown> {
  /** The samples, in order. */
  abstract [Symbol.iterator](): Iterator<T>;
  /** Optional length (DataLoader's length uses it). */
  get length(): number {
    throw new TypeError(`object of type ${this.constructor.name} has no len()`);
  }
}

/** Whether a dataset is iterable-style. */
export function isIterableDataset(d: unknown): d is IterableDataset {
  return d instanceof IterableDataset;
}

/** The length of a dataset, list or anything sized. */
export function lengthOf(d: unknown, what = "dataset"): number {
  const n = (d as { length?: unknown })?.length;
  if (typeof n !== "number") throw new TypeError(`${what} has no length`);
  return n;
}

/** Reads item `i` of a dataset (or a plain array). */
export function itemOf<T>(d: Dataset<T> | readonly T[], i: number): T {
  return Array.isArray(d) ? (d as T[])[i] : (d as Dataset<T>).getItem(i);
}

function checkIndex(i: number, n: number, what: string): number {
  if (!Number.isInteger(i)) throw new TypeError(`${what} indices must be integers, not ${typeof i}`);
  if (i < -n || i >= n) throw new RangeError(`${what} index ${i} out of range for length ${n}`);
  return i < 0 ? i + n : i;
}

const TENSOR_DS = new Binder("TensorDataset", { pos: [req("tensors", "arrays", { varargs: false })], kw: [] });

/**
 * Samples are the tensors' rows: `getItem(i)` is `[t0[i], t1[i], ...]`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../torch/mod.ts";
 * import { TensorDataset } from "./dataset.ts";
 * const ds = new TensorDataset(torch.arange(6).reshape(3, 2), torch.tensor([0, 1, 0]));
 * assert.deepEqual(ds.getItem(1).map((t) => t.tolist()), [[2, 3], 1]);
 * ```
 */
export class TensorDataset extends Dataset<Tensor[]> {
  /** The tensors (same first dimension). */
  tensors: Tensor[];
  constructor(...tensors: Tensor[]) {
    super();
    TENSOR_DS.bind([tensors], CONV);
    if (tensors.length === 0) throw new TypeError("TensorDataset(): give at least one tensor");
    const n = tensors[0].ndim ? tensors[0].shape[0] : -1;
    for (const t of tensors) {
      if (t.ndim === 0 || t.shape[0] !== n) throw new RangeError("Size mismatch between tensors");
    }
    this.tensors = tensors;
  }
  get length(): number {
    return this.tensors[0].shape[0];
  }
  getItem(index: number): Tensor[] {
    const i = checkIndex(index, this.length, "TensorDataset");
    return this.tensors.map((t) => t.select(0, i));
  }
}
registerClass(TensorDataset, import.meta.url);

/**
 * Datasets one after the other.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ConcatDataset, Subset } from "./dataset.ts";
 * const c = new ConcatDataset([[1, 2], new Subset([5, 6, 7], [2])]);
 * assert.deepEqual([c.length, c.getItem(2)], [3, 7]);
 * ```
 */
export class ConcatDataset<T = unknown> extends Dataset<T> {
  /** The datasets. */
  datasets: (Dataset<T> | T[])[];
  /** Running sum of their lengths. */
  cumulativeSizes: number[];
  constructor(datasets: (Dataset<T> | T[])[]) {
    super();
    if (!Array.isArray(datasets)) throw new TypeError("ConcatDataset(): datasets must be a list");
    if (datasets.length === 0) throw new RangeError("datasets should not be an empty iterable");
    for (const d of datasets) {
      if (isIterableDataset(d)) throw new TypeError("ConcatDataset does not support IterableDataset");
    }
    this.datasets = datasets;
    let s = 0;
    this.cumulativeSizes = datasets.map((d) => (s += lengthOf(d)));
  }
  get length(): number {
    return this.cumulativeSizes[this.cumulativeSizes.length - 1];
  }
  getItem(index: number): T {
    const i = checkIndex(index, this.length, "ConcatDataset");
    let lo = 0, hi = this.cumulativeSizes.length - 1;
    while (lo < hi) { // first cumulative size above i (bisect_right)
      const mid = (lo + hi) >> 1;
      if (this.cumulativeSizes[mid] <= i) lo = mid + 1;
      else hi = mid;
    }
    const start = lo === 0 ? 0 : this.cumulativeSizes[lo - 1];
    return itemOf(this.datasets[lo], i - start);
  }
}
registerClass(ConcatDataset, import.meta.url);

/** Iterable datasets one after the other. */
export class ChainDataset<T = unknown> extends IterableDataset<T> {
  /** The datasets. */
  datasets: Iterable<T>[];
  constructor(datasets: Iterable<T>[]) {
    super();
    checkIterable(datasets, "ChainDataset(): datasets must be an iterable of datasets");
    this.datasets = [...datasets];
  }
  *[Symbol.iterator](): Iterator<T> {
    for (const d of this.datasets) yield* d;
  }
  override get length(): number {
    return this.datasets.reduce((s, d) => s + lengthOf(d), 0);
  }
}
registerClass(ChainDataset, import.meta.url);

/**
 * The samples of a dataset at some indices.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Subset } from "./dataset.ts";
 * assert.deepEqual([...new Subset(["a", "b", "c"], [2, 0])], ["c", "a"]);
 * ```
 */
export class Subset<T = unknown> extends Dataset<T> {
  /** The whole dataset. */
  dataset: Dataset<T> | T[];
  /** The indices taken. */
  indices: number[];
  constructor(dataset: Dataset<T> | T[], indices: readonly number[] | Tensor) {
    super();
    checkIterable(indices, "Subset(): indices must be an iterable of integers or a Tensor");
    this.dataset = dataset;
    this.indices = indices instanceof Tensor ? (indices.tolist() as number[]).map(Number) : [...indices];
  }
  get length(): number {
    return this.indices.length;
  }
  getItem(index: number): T {
    return itemOf(this.dataset, this.indices[checkIndex(index, this.indices.length, "Subset")]);
  }
  override getItems(indices: number[]): T[] {
    const d = this.dataset as Dataset<T>;
    if (!Array.isArray(d) && typeof d.getItems === "function") return d.getItems(indices.map((i) => this.indices[i]));
    return indices.map((i) => this.getItem(i));
  }
}
registerClass(Subset, import.meta.url);

const RANDOM_SPLIT = new Binder("randomSplit", {
  pos: [req("dataset", "any"), req("lengths", "any"), opt("generator", "any", null)],
  kw: [],
});

/**
 * Splits a dataset into non-overlapping random subsets of the given
 * lengths, or fractions summing to 1 (remainders go round-robin, as
 * PyTorch). The permutation is `torch.randperm(n, generator)`, so a seed
 * gives PyTorch's split.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../torch/mod.ts";
 * import { randomSplit } from "./dataset.ts";
 * const [a, b] = randomSplit([...Array(10).keys()], [0.3, 0.7], { generator: new torch.Generator().manualSeed(42) });
 * assert.deepEqual([a.length, b.length], [3, 7]);
 * ```
 */
export function randomSplit<T>(
  ...args: [Dataset<T> | T[], readonly number[], { generator?: unknown }?] | [
    Dataset<T> | T[],
    readonly number[],
    unknown,
  ]
): Subset<T>[] {
  const a = RANDOM_SPLIT.bind(args, CONV);
  const dataset = a.dataset as Dataset<T> | T[];
  if (!Array.isArray(a.lengths)) {
    throw new TypeError(`randomSplit(): lengths must be a list of numbers, not ${describe(a.lengths)}`);
  }
  const given: unknown[] = [...a.lengths]; // a copy: the values checked are the values split by
  given.forEach((x, i) => {
    if (typeof x !== "number") throw new TypeError(`randomSplit(): lengths[${i}] must be a number, not ${describe(x)}`);
  });
  let lengths = given as number[];
  const n = lengthOf(dataset);
  const sum = lengths.reduce((s, x) => s + x, 0);
  if (Math.abs(sum - 1) <= 1e-9 * Math.max(1, Math.abs(sum)) && sum <= 1) {
    lengths = lengths.map((f, i) => {
      if (f < 0 || f > 1) throw new RangeError(`Fraction at index ${i} is not between 0 and 1`);
      return Math.floor(n * f);
    });
    const rem = n - lengths.reduce((s, x) => s + x, 0);
    for (let i = 0; i < rem; i++) lengths[i % lengths.length] += 1;
    lengths.forEach((l, i) => {
      if (l === 0) console.warn(`Length of split at index ${i} is 0. This might result in an empty dataset.`);
    });
  }
  for (const l of lengths) if (!Number.isInteger(l) || l < 0) throw new RangeError(`invalid split length ${l}`);
  if (lengths.reduce((s, x) => s + x, 0) !== n) {
    throw new RangeError("Sum of input lengths does not equal the length of the input dataset!");
  }
  const perm = generatorOf(a.generator, "randomSplit").randperm(n);
  const out: Subset<T>[] = [];
  let off = 0;
  for (const l of lengths) {
    out.push(new Subset(dataset, Array.from(perm.subarray(off, off + l), Number)));
    off += l;
  }
  return out;
}
