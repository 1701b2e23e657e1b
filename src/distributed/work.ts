/**
 * `Work`: the handle an `asyncOp: true` call returns (PyTorch's
 * `torch.distributed.Work`). Completion is a Promise, so `wait()` is
 * awaited: `await work.wait()`.
 */
import type { Tensor } from "../torch/tensor.ts";
import type { Done } from "./comm.ts";

/**
 * A collective or message in flight.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Work } from "./work.ts";
 * const w = new Work(Promise.resolve(), []);
 * assert.equal(await w.wait(), true);
 * assert.equal(w.isCompleted(), true);
 * ```
 */
export class Work {
  readonly #done: Promise<void>;
  readonly #result: Tensor[];
  #completed = false;
  #error: Error | null = null;
  #source = -1;

  /** Runs the queued call now when wait() comes before the communication thread started it. */
  readonly #drive: (() => void) | null;

  /**
   * Wraps a completion (a value when the call already finished); `result`
   * lists the tensors it writes; `drive` makes the call happen now (see
   * mpi_thread.ts).
   */
  constructor(done: Done<unknown>, result: Tensor[], drive: (() => void) | null = null) {
    this.#result = result;
    this.#drive = drive;
    const finish = (v: unknown) => {
      this.#completed = true;
      if (typeof v === "number") this.#source = v;
    };
    if (done instanceof Promise) {
      // the error is kept for wait(): a Work nobody waits for must not end the process as an unhandled rejection
      this.#done = done.then(finish, (e) => {
        this.#completed = true;
        this.#error = e instanceof Error ? e : new Error(String(e));
      });
    } else {
      finish(done);
      this.#done = Promise.resolve();
    }
  }

  /** Resolves to true once the operation finished; rejects with its error if it failed. */
  async wait(): Promise<true> {
    if (!this.#completed) this.#drive?.();
    await this.#done;
    if (this.#error) throw this.#error;
    return true;
  }

  /** Whether the operation finished (successfully or not). */
  isCompleted(): boolean {
    return this.#completed;
  }

  /** Whether it finished without error. */
  isSuccess(): boolean {
    return this.#completed && this.#error === null;
  }

  /** The error it failed with, or null. */
  exception(): Error | null {
    return this.#error;
  }

  /** The tensors the operation writes (its outputs, or the received tensor). */
  result(): Tensor[] {
    return [...this.#result];
  }

  /** Resolves to `result()` once finished (PyTorch's `get_future().wait()`). */
  async getFuture(): Promise<Tensor[]> {
    await this.wait();
    return this.result();
  }

  /** For a receive: the sender's rank (-1 before completion or for other operations). */
  sourceRank(): number {
    return this.#source;
  }
}
