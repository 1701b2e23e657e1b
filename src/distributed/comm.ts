/**
 * What a communicator does, whatever library runs it (Open MPI for host
 * memory, NCCL for CUDA memory): the collectives and point-to-point calls
 * on contiguous runs of elements. Arguments are checked by the caller
 * (src/distributed/collectives.ts); a communicator only moves memory.
 *
 * A call made with `sync` may complete before it returns (a blocking call
 * on the JS thread, as PyTorch's blocking collectives block Python) and
 * then returns its value; otherwise, or when earlier calls of the same
 * communicator are still running, it returns a Promise.
 */
import type { DType } from "../core/dtype.ts";
import type { Storage } from "../core/storage.ts";
import type { ReduceOp } from "./reduce_op.ts";

/** A contiguous run of `count` elements of a storage, from element `offset`. */
export interface Run {
  readonly storage: Storage;
  readonly offset: number;
  readonly count: number;
}

/** A value now, or later. */
export type Done<T = void> = T | Promise<T>;

/** One communicator over a group of ranks. */
export interface Comm {
  /** This process's rank in the group. */
  readonly rank: number;
  /** The number of ranks. */
  readonly size: number;
  /** The library, for messages ("MPI", "NCCL"). */
  readonly library: string;
  /** Every rank's `buf` combined with `op`, written into `buf` on every rank. */
  allReduce(buf: Run, dtype: DType, op: ReduceOp, sync: boolean): Done;
  /** `root`'s `buf` copied into every rank's `buf`. */
  broadcast(buf: Run, dtype: DType, root: number, sync: boolean): Done;
  /** Every rank's `buf` combined with `op`, written into `root`'s `buf`. */
  reduce(buf: Run, dtype: DType, op: ReduceOp, root: number, sync: boolean): Done;
  /** Every rank's `send` (`count` elements), in rank order, into `recv` (`size * count`). */
  allGather(send: Run, recv: Run, dtype: DType, sync: boolean): Done;
  /** `send` (`size` blocks of `recv.count`) reduced block-wise; block `rank` lands in `recv`. */
  reduceScatter(send: Run, recv: Run, dtype: DType, op: ReduceOp, sync: boolean): Done;
  /** Every rank's `send`, in rank order, into `root`'s `recv` (null elsewhere). */
  gather(send: Run, recv: Run | null, dtype: DType, root: number, sync: boolean): Done;
  /** Block `rank` of `root`'s `send` (null elsewhere) into every rank's `recv`. */
  scatter(send: Run | null, recv: Run, dtype: DType, root: number, sync: boolean): Done;
  /** Waits until every rank has arrived. */
  barrier(sync: boolean): Done;
  /** Sends `buf` to rank `dst` with `tag`. */
  send(buf: Run, dtype: DType, dst: number, tag: number, sync: boolean): Done;
  /** Receives into `buf` from rank `src` (any rank when null) with `tag`; gives the sender's rank. */
  recv(buf: Run, dtype: DType, src: number | null, tag: number, sync: boolean): Done<number>;
  /**
   * Runs now, on the JS thread, the calls queued and not started yet, and
   * waits for those already running (their Promises settle later).
   */
  drain(): void;
  /**
   * Blocks until every call made so far has finished (their Promises
   * settle later, from the event loop); throws if one failed. DDP waits so
   * at the end of backward, which is synchronous.
   */
  waitSync(): void;
  /** Releases the communicator once the calls already made have finished. */
  free(): void;
}
