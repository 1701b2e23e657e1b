/**
 * Turning indices into batches: what each DataLoader iteration step does,
 * in the main thread (numWorkers 0) or in a worker.
 */
import type { Dataset } from "./dataset.ts";

/** How samples become a batch. */
export interface FetchPlan {
  /** Whether indices come in lists (a batch sampler) to collate. */
  autoCollation: boolean;
  /** Collates a list of samples (autoCollation) or converts one sample. */
  collate: (x: never) => unknown;
  /** For iterable datasets: the batch size (null: one sample per step). */
  batchSize: number | null;
  dropLast: boolean;
}

/** An error from getItem, with the index that failed. */
export class FetchError extends Error {
  constructor(readonly index: number | null, override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = "FetchError";
  }
}

/** Loads a map-style dataset's samples for one step. */
export function fetchMap(ds: Dataset, plan: FetchPlan, idx: number | number[]): unknown {
  if (!plan.autoCollation) {
    let s;
    try {
      s = ds.getItem(idx as number);
    } catch (e) {
      throw new FetchError(idx as number, e);
    }
    return plan.collate(s as never);
  }
  const list = idx as number[];
  let samples: unknown[];
  if (typeof ds.getItems === "function") {
    try {
      samples = ds.getItems(list);
    } catch (e) {
      throw new FetchError(null, e);
    }
  } else {
    samples = new Array(list.length);
    for (let k = 0; k < list.length; k++) {
      try {
        samples[k] = ds.getItem(list[k]);
      } catch (e) {
        throw new FetchError(list[k], e);
      }
    }
  }
  return plan.collate(samples as never);
}

/** The next step of an iterable dataset's stream, or `done`. */
export function fetchIterable(
  it: Iterator<unknown>,
  plan: FetchPlan,
): { done: true } | { done: false; value: unknown } {
  if (!plan.autoCollation || plan.batchSize === null) {
    const r = it.next();
    return r.done ? { done: true } : { done: false, value: plan.collate(r.value as never) };
  }
  const samples: unknown[] = [];
  while (samples.length < plan.batchSize) {
    const r = it.next();
    if (r.done) break;
    samples.push(r.value);
  }
  if (samples.length === 0 || (plan.dropLast && samples.length < plan.batchSize)) return { done: true };
  return { done: false, value: plan.collate(samples as never) };
}
