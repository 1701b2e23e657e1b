/**
 * The communication thread: one thread per process that makes the
 * `asyncOp` collectives in the order they were asked for, while the JS
 * thread goes on (PyTorch's MPI backend has the same worker thread).
 *
 * Why a thread of our own: Open MPI moves large messages slowly from a
 * thread that has not used it before (a 4 MB all-reduce: 0.5 ms on the
 * main thread or on one persistent thread, 10-150 ms from Deno's
 * `nonblocking` FFI pool threads or a fresh pthread, in C as in Deno). One
 * thread also gives the FIFO order collectives need: two in flight on one
 * communicator give wrong sums silently.
 *
 * Waking a sleeping thread takes from 50 us to tens of ms on a loaded
 * machine, so the JS thread does not wait for that: when it must wait for
 * a batch (a blocking collective after queued ones, `work.wait()`, the end
 * of DDP's backward) and the thread has not started it yet, it takes the
 * batch and runs it itself. Batches are claimed in shared memory and each
 * runs only after the one before it finished, so the order holds whichever
 * thread runs them.
 *
 * The thread is a node:worker_threads Worker, unreferenced while idle so
 * that it never keeps the process alive.
 */
import { Worker } from "node:worker_threads";
import type { CollectiveName, MpiApi } from "./mpi_ffi.ts";
import {
  FINISHED,
  QUEUED,
  runBatch,
  SLOTS,
  stateAt,
  statusAt,
  TAKEN,
  type WireBatch,
  type WireReply,
  type WireStart,
} from "./mpi_thread_worker.ts";

/** One collective: its name and arguments (pointers, or ints). */
export interface Call {
  fn: CollectiveName;
  args: (Deno.PointerValue | number)[];
}

/** How a batch ended: each call's return code up to the first failure, or the error thrown. */
export interface BatchResult {
  codes: number[];
  error?: string;
}

interface Pending {
  calls: Call[];
  resolve: (r: BatchResult) => void;
}

/**
 * The process's communication thread (made on first use).
 *
 * @example
 * ```ts ignore
 * const t = commThread(mpi, path);
 * const done = t.submit([{ fn: "MPI_Barrier", args: [comm] }]); // runs on the thread
 * t.drain(); // or here, now, if the thread has not started it
 * ```
 */
export class CommThread {
  readonly #mpi: MpiApi;
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  readonly #shared = new Int32Array(new SharedArrayBuffer(4 * (1 + 2 * SLOTS)));
  #next = 0;

  constructor(mpi: MpiApi, libraryPath: string) {
    this.#mpi = mpi;
    const start: WireStart = { libraryPath, shared: this.#shared };
    this.#worker = new Worker(new URL("./mpi_thread_worker.ts", import.meta.url), { workerData: start });
    this.#worker.unref();
    this.#worker.on("message", (r: WireReply) => {
      if (!r.taken) this.#settle(r.id, r);
    });
  }

  /** Whether batches are queued or running (a blocking call must come after them). */
  get busy(): boolean {
    return Atomics.load(this.#shared, FINISHED) < this.#next;
  }

  /** Queues `calls` as one batch; resolves when it has run (on either thread). */
  submit(calls: Call[]): { id: number; done: Promise<BatchResult> } {
    const id = this.#next;
    if (id - Atomics.load(this.#shared, FINISHED) >= SLOTS) {
      this.drain(id - SLOTS);
    }
    this.#next++;
    this.#shared[stateAt(id)] = QUEUED;
    // referenced while work is queued: a script awaiting it must not end
    if (this.#pending.size === 0) this.#worker.ref();
    const done = new Promise<BatchResult>((resolve) => this.#pending.set(id, { calls, resolve }));
    const wire = calls.map((c) => ({
      fn: c.fn,
      args: c.args.map((a) => (typeof a === "number" ? a : BigInt(Deno.UnsafePointer.value(a)))),
    }));
    this.#worker.postMessage({ id, calls: wire } satisfies WireBatch);
    return { id, done };
  }

  /**
   * Blocks until every batch up to `upTo` (default: all) has run, running
   * on this thread those the communication thread has not started.
   */
  drain(upTo: number = this.#next - 1): void {
    const s = this.#shared;
    for (let id = Atomics.load(s, FINISHED); id <= upTo; id = Atomics.load(s, FINISHED)) {
      if (Atomics.compareExchange(s, stateAt(id), QUEUED, TAKEN) === QUEUED) {
        const calls = this.#pending.get(id)!.calls, mpi = this.#mpi;
        const r = runBatch(
          s,
          id,
          (i) => (mpi[calls[i].fn] as (...a: unknown[]) => number)(...calls[i].args),
          calls.length,
        );
        this.#settle(id, r);
      } else {
        // the communication thread runs it: wait for it to finish, and settle it from its status now
        // rather than when the thread's message arrives (a thread hop: milliseconds on a loaded machine)
        while (Atomics.load(s, FINISHED) <= id) Atomics.wait(s, FINISHED, id);
        const rc = this.status(id), p = this.#pending.get(id);
        // a batch that threw is settled by the message, which carries the error's text
        if (rc !== -1 && p) this.#settle(id, { codes: rc === 0 ? p.calls.map(() => 0) : [rc] });
      }
    }
  }

  /** The status of a finished batch: 0, the first failing MPI code, or -1 when it threw. */
  status(id: number): number {
    return this.#shared[statusAt(id)];
  }

  #settle(id: number, r: BatchResult): void {
    const p = this.#pending.get(id);
    if (!p) return;
    this.#pending.delete(id);
    if (this.#pending.size === 0) this.#worker.unref();
    p.resolve(r);
  }
}

let thread: CommThread | null = null;

/** The communication thread, started on first use. */
export function commThread(mpi: MpiApi, libraryPath: string): CommThread {
  return thread ??= new CommThread(mpi, libraryPath);
}

/** Whether the communication thread has batches queued or running (false before it is started). */
export function commThreadBusy(): boolean {
  return thread !== null && thread.busy;
}

/** Runs or waits for every batch queued so far (see CommThread.drain). */
export function commThreadDrain(): void {
  thread?.drain();
}
