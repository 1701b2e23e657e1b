/**
 * The communication thread's body (see mpi_thread.ts): takes the batches
 * of collectives it is sent, in order, unless the JS thread took one first
 * (each batch is claimed in shared memory), runs each only after the one
 * before it finished, and answers with the MPI return codes.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type CollectiveName, type MpiApi, openMpi } from "./mpi_ffi.ts";

/** One collective: its name and its arguments (pointers as bigint addresses). */
export interface WireCall {
  fn: CollectiveName;
  args: (number | bigint)[];
}

/** A batch of calls, answered with the same id. */
export interface WireBatch {
  id: number;
  calls: WireCall[];
}

/** What the thread is given at start: the library file, and the shared progress words. */
export interface WireStart {
  libraryPath: string;
  shared: Int32Array;
}

/** The answer: each call's return code, up to the first failure (none when the JS thread took the batch). */
export interface WireReply {
  id: number;
  codes: number[];
  error?: string;
  taken?: boolean;
}

/** Batch slots of the shared ring: at most this many batches may be queued at once. */
export const SLOTS = 4096;
/** Shared words: [0] batches finished (they finish in order), then per slot its state, then its status. */
export const FINISHED = 0;
/** A slot's state word. */
export const stateAt = (id: number): number => 1 + (id % SLOTS);
/** A slot's status word: 0, the first failing MPI code, or -1 when the call threw. */
export const statusAt = (id: number): number => 1 + SLOTS + (id % SLOTS);
/** Slot states. */
export const QUEUED = 0, TAKEN = 1, DONE = 2;

/** Runs a batch's calls (after the batch before it finished) and publishes its status. */
export function runBatch(
  shared: Int32Array,
  id: number,
  call: (i: number) => number,
  count: number,
): { codes: number[]; error?: string } {
  for (;;) {
    const f = Atomics.load(shared, FINISHED);
    if (f >= id) break;
    Atomics.wait(shared, FINISHED, f);
  }
  const codes: number[] = [];
  let error: string | undefined;
  try {
    for (let i = 0; i < count; i++) {
      const rc = call(i);
      codes.push(rc);
      if (rc !== 0) break;
    }
  } catch (e) {
    error = String((e as Error)?.message ?? e);
  }
  shared[statusAt(id)] = error !== undefined ? -1 : codes.find((rc) => rc !== 0) ?? 0;
  Atomics.store(shared, stateAt(id), DONE);
  Atomics.store(shared, FINISHED, id + 1);
  Atomics.notify(shared, FINISHED);
  return { codes, error };
}

// only in the thread commThread starts: any other worker thread (a DataLoader's) may import this module too
if (parentPort && (workerData as WireStart | undefined)?.libraryPath) {
  const port = parentPort;
  const { libraryPath, shared } = workerData as WireStart;
  const mpi: MpiApi = openMpi(libraryPath);
  const pointer = (a: number | bigint) => (typeof a === "bigint" ? Deno.UnsafePointer.create(a) : a);
  port.on("message", (batch: WireBatch) => {
    if (Atomics.compareExchange(shared, stateAt(batch.id), QUEUED, TAKEN) !== QUEUED) {
      port.postMessage({ id: batch.id, codes: [], taken: true } satisfies WireReply);
      return;
    }
    const calls = batch.calls;
    const r = runBatch(
      shared,
      batch.id,
      (i) => (mpi[calls[i].fn] as (...a: unknown[]) => number)(...calls[i].args.map(pointer)),
      calls.length,
    );
    port.postMessage({ id: batch.id, ...r } satisfies WireReply);
  });
}
