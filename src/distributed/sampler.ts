/**
 * `DistributedSampler` (torch.utils.data.distributed): each of
 * `numReplicas` processes draws its own share of a dataset's indices, the
 * shares disjoint (up to the padding that evens them) and together the
 * whole dataset. PyTorch's partition exactly: a permutation from a
 * generator seeded with `seed + epoch` (`torch.randperm`), padded by
 * repeating its start (or cut, with `dropLast`), then every
 * `numReplicas`-th index from position `rank`.
 */
import { Binder, opt, req } from "../api/signature.ts";
import { lengthOf } from "../data/dataset.ts";
import { Sampler } from "../data/sampler.ts";
import { registerClass } from "../data/serialize.ts";
import { CONV } from "../data/util.ts";
import { TorchGenerator } from "../random/torch_generator.ts";
import { getRank, getWorldSize } from "./process_group.ts";

const SIG = new Binder("DistributedSampler", {
  pos: [
    req("dataset", "any"),
    opt("numReplicas", "int", null),
    opt("rank", "int", null),
    opt("shuffle", "bool", true),
    opt("seed", "int", 0),
    opt("dropLast", "bool", false),
  ],
  kw: [],
});

/** DistributedSampler's options (PyTorch's keyword arguments). */
export interface DistributedSamplerOptions {
  /** The number of processes (default: the default group's world size). */
  numReplicas?: number | null;
  /** This process's share (default: its rank in the default group). */
  rank?: number | null;
  /** Permute the indices every epoch (default true). */
  shuffle?: boolean;
  /** The permutation's seed; every process must use the same (default 0). */
  seed?: number;
  /** Drop the tail that does not divide evenly instead of repeating indices to even the shares. */
  dropLast?: boolean;
}

/**
 * Restricts loading to this process's share of a dataset; call
 * `setEpoch(epoch)` before each epoch so that shuffling differs between
 * epochs (and agrees between processes).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DistributedSampler } from "./sampler.ts";
 * const data = Array.from({ length: 10 }, (_, i) => i);
 * const shares = [0, 1, 2].map((rank) => [...new DistributedSampler(data, { numReplicas: 3, rank, shuffle: false })]);
 * assert.deepEqual(shares, [[0, 3, 6, 9], [1, 4, 7, 0], [2, 5, 8, 1]]);
 * ```
 */
export class DistributedSampler extends Sampler<number> {
  /** What is sampled (anything with a length). */
  readonly dataset: { length: number };
  readonly numReplicas: number;
  readonly rank: number;
  readonly shuffle: boolean;
  readonly seed: number;
  readonly dropLast: boolean;
  /** The epoch `setEpoch` set (it joins the seed). */
  epoch = 0;

  /** `new DistributedSampler(dataset, numReplicas?, rank?, shuffle?, seed?, dropLast?)`, or the options object. */
  constructor(
    dataset: { length: number },
    ...args:
      | [numReplicas?: number | null, rank?: number | null, shuffle?: boolean, seed?: number, dropLast?: boolean]
      | [options: DistributedSamplerOptions]
  ) {
    super();
    // the dataset is bound as the receiver: a plain `{ length }` object must not read as the options
    const a = SIG.bind(args, CONV, dataset);
    const numReplicas: number = a.numReplicas ?? getWorldSize();
    const rank: number = a.rank ?? getRank();
    if (rank >= numReplicas || rank < 0) {
      throw new RangeError(`Invalid rank ${rank}, rank should be in the interval [0, ${numReplicas - 1}]`);
    }
    lengthOf(dataset);
    this.dataset = dataset;
    this.numReplicas = numReplicas;
    this.rank = rank;
    this.shuffle = a.shuffle;
    this.seed = a.seed;
    this.dropLast = a.dropLast;
  }

  /** Indices per process and pass (PyTorch's `num_samples`). */
  get numSamples(): number {
    const n = lengthOf(this.dataset), r = this.numReplicas;
    // with dropLast, the tail is dropped so that every process gets the same number
    return this.dropLast && n % r !== 0 ? Math.max(0, Math.ceil((n - r) / r)) : Math.ceil(n / r);
  }

  /** Indices over all processes per pass (PyTorch's `total_size`). */
  get totalSize(): number {
    return this.numSamples * this.numReplicas;
  }

  /** Sets the epoch: the permutation of epoch e is seeded with `seed + e`. */
  setEpoch(epoch: number): void {
    if (!Number.isSafeInteger(epoch)) throw new TypeError(`setEpoch: epoch must be an integer, got ${epoch}`);
    this.epoch = epoch;
  }

  *[Symbol.iterator](): Iterator<number> {
    const n = lengthOf(this.dataset), total = this.totalSize;
    let indices: number[];
    if (this.shuffle) {
      const g = new TorchGenerator().manualSeed(BigInt(this.seed) + BigInt(this.epoch));
      indices = Array.from(g.randperm(n), Number);
    } else indices = Array.from({ length: n }, (_, i) => i);
    if (!this.dropLast) {
      // pad by repeating the permutation from its start (several times over when it is short)
      const len = indices.length;
      for (let i = 0; i < total - len; i++) indices.push(indices[i % len]);
    } else indices = indices.slice(0, total);
    for (let i = this.rank; i < total; i += this.numReplicas) yield indices[i];
  }

  get length(): number {
    return this.numSamples;
  }
}
registerClass(DistributedSampler, import.meta.url);
