/** What `data.getWorkerInfo()` returns inside a DataLoader worker (null elsewhere). */

/** A worker's identity, as PyTorch's WorkerInfo. */
export interface WorkerInfo {
  /** This worker's number, 0 .. numWorkers-1. */
  readonly id: number;
  /** How many workers the loader runs. */
  readonly numWorkers: number;
  /** The seed of this worker's torch default generator (the loader's base seed + id). */
  readonly seed: bigint;
  /** This worker's copy of the dataset. */
  readonly dataset: unknown;
}

/** Set by the worker entry point. */
export const WORKER: { info: WorkerInfo | null } = { info: null };

/**
 * The current DataLoader worker's info, or null in the main thread (split an
 * IterableDataset's stream with it).
 */
export function getWorkerInfo(): WorkerInfo | null {
  return WORKER.info;
}
