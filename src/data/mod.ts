/**
 * `data` (torch.utils.data): datasets, samplers, collation and DataLoader,
 * with PyTorch's names, options and random streams. Also reachable as
 * `torch.utils.data` once dendrite's mod.ts (or this module) is loaded.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../torch/mod.ts";
 * import { data } from "./mod.ts";
 * const ds = new data.TensorDataset(torch.arange(10).float().reshape(5, 2), torch.arange(5));
 * const loader = new data.DataLoader(ds, { batchSize: 2, shuffle: true });
 * let n = 0;
 * for (const [x, y] of loader) n += y.shape[0];
 * assert.equal(n, 5);
 * assert.equal(torch.utils.data, data);
 * ```
 * @module
 */
import { UTILS_BRIDGE } from "../torch/mod.ts";
import { DistributedSampler } from "../distributed/sampler.ts";
import { defaultCollate, defaultConvert } from "./collate.ts";
import {
  ChainDataset,
  ConcatDataset,
  Dataset,
  IterableDataset,
  randomSplit,
  Subset,
  TensorDataset,
} from "./dataset.ts";
import { activeWorkers, DataLoader, type DataLoaderOptions, WorkerError } from "./loader.ts";
import {
  BatchSampler,
  RandomSampler,
  Sampler,
  SequentialSampler,
  SubsetRandomSampler,
  WeightedRandomSampler,
} from "./sampler.ts";
import { registerClass } from "./serialize.ts";
import { getWorkerInfo, type WorkerInfo } from "./worker_info.ts";

export {
  BatchSampler,
  ChainDataset,
  ConcatDataset,
  DataLoader,
  type DataLoaderOptions,
  Dataset,
  defaultCollate,
  defaultConvert,
  getWorkerInfo,
  IterableDataset,
  RandomSampler,
  randomSplit,
  registerClass,
  Sampler,
  SequentialSampler,
  Subset,
  SubsetRandomSampler,
  TensorDataset,
  WeightedRandomSampler,
  WorkerError,
  type WorkerInfo,
};

/** torch.utils.data. */
export const data = {
  Dataset,
  IterableDataset,
  TensorDataset,
  ConcatDataset,
  ChainDataset,
  Subset,
  randomSplit,
  Sampler,
  SequentialSampler,
  RandomSampler,
  SubsetRandomSampler,
  WeightedRandomSampler,
  BatchSampler,
  DataLoader,
  defaultCollate,
  defaultConvert,
  getWorkerInfo,
  registerClass,
  WorkerError,
  /** torch.utils.data.distributed.DistributedSampler: each rank's share of the indices. */
  DistributedSampler,
  /** How many DataLoader workers are running (for tests and diagnostics). */
  activeWorkers,
};

/** The types of `data`'s classes. */
export declare namespace data {
  /** A map-style dataset (`get(i)`, `length`). */
  export type Dataset<T = unknown> = import("./dataset.ts").Dataset<T>;
  /** A stream-style dataset. */
  export type IterableDataset<T = unknown> = import("./dataset.ts").IterableDataset<T>;
  /** Loads batches from a dataset. */
  // deno-lint-ignore no-explicit-any
  export type DataLoader<B = any> = import("./loader.ts").DataLoader<B>;
  /** An index stream with a length. */
  export type Sampler<T = number> = import("./sampler.ts").Sampler<T>;
  /** What `getWorkerInfo()` returns inside a worker. */
  export type WorkerInfo = import("./worker_info.ts").WorkerInfo;
}

UTILS_BRIDGE.data = data;
