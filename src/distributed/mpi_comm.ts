/**
 * A communicator of Open MPI over host memory.
 *
 * Each group holds two MPI communicators: `control`, used only from the JS
 * thread for group management (MPI_Comm_create, NCCL's id broadcast), and
 * `data`, its duplicate, for collectives and messages, so managing groups
 * never overlaps a collective running on the communication thread.
 *
 * Collectives run in FIFO order: on the JS thread when the call is
 * blocking and nothing is queued, else on the communication thread
 * (mpi_thread.ts) after the calls before it. Point-to-point calls are
 * posted at once (MPI_Isend / MPI_Irecv keep MPI's message order) and only
 * their wait runs elsewhere (a pool thread): a receive that waits for a
 * message must not hold up the collectives queued behind it.
 */
import { type DType, DTYPES } from "../core/dtype.ts";
import { View } from "../core/view.ts";
import { scalarOperand } from "../ops/operand.ts";
import { divide } from "../ops/ufuncs.ts";
import type { Comm, Done, Run } from "./comm.ts";
import { DistBackendError } from "./errors.ts";
import {
  checkMpi,
  MPI_ANY_SOURCE,
  MPI_IN_PLACE,
  MPI_STATUS_BYTES,
  type MpiApi,
  mpiErrorText,
  mpiLibraryPath,
} from "./mpi_ffi.ts";
import { type Call, commThread, commThreadBusy, commThreadDrain } from "./mpi_thread.ts";
import type { ReduceOp } from "./reduce_op.ts";

/** MPI counts are C ints. */
const MAX_COUNT = 2 ** 31 - 1;
/**
 * All-reduces are split into calls of at most this many bytes: Open MPI's
 * default algorithm takes 0.4-4 s for one 40 MB all-reduce between two
 * processes and 0.2 s as 16 MB pieces (measured here, in C as in Deno).
 */
export const ALLREDUCE_CHUNK_BYTES = 16 * 2 ** 20;

function datatype(mpi: MpiApi, dtype: DType): Deno.PointerValue {
  switch (dtype) {
    case "bool":
    case "uint8":
      return mpi.ompi_mpi_unsigned_char;
    case "int32":
      return mpi.ompi_mpi_int;
    case "int64":
      return mpi.ompi_mpi_int64_t;
    case "float32":
      return mpi.ompi_mpi_float;
    case "float64":
      return mpi.ompi_mpi_double;
  }
}

function mpiOp(mpi: MpiApi, op: ReduceOp): Deno.PointerValue {
  switch (op) {
    case "SUM":
    case "AVG": // a sum, divided afterwards
      return mpi.ompi_mpi_op_sum;
    case "PRODUCT":
      return mpi.ompi_mpi_op_prod;
    case "MIN":
      return mpi.ompi_mpi_op_min;
    case "MAX":
      return mpi.ompi_mpi_op_max;
    case "BAND":
      return mpi.ompi_mpi_op_band;
    case "BOR":
      return mpi.ompi_mpi_op_bor;
    case "BXOR":
      return mpi.ompi_mpi_op_bxor;
  }
}

/** The address of a run's first element (host memory). */
function ptr(r: Run): Deno.PointerValue {
  return Deno.UnsafePointer.of(runBytes(r));
}

/** The bytes of a run (host memory). */
export function runBytes(r: Run): Uint8Array {
  const isz = DTYPES[r.storage.dtype].itemsize;
  return r.storage.bytes.subarray(r.offset * isz, (r.offset + r.count) * isz);
}

/** Divides a run by `n` in place (ReduceOp.AVG; integers truncate, as NCCL's average does). */
export function divideRun(r: Run, n: number): void {
  const dtype = r.storage.dtype;
  if (dtype === "float32" || dtype === "float64") {
    // the element-wise kernel (vectorized, threaded): 0.56 ms on 1e7 float32 against 4.2 ms for a JS loop
    const x = { storage: r.storage, layout: new View([r.count], undefined, r.offset) };
    divide(x, scalarOperand(n, dtype), x);
    return;
  }
  const a = r.storage.data, end = r.offset + r.count;
  if (a instanceof BigInt64Array) {
    const d = BigInt(n);
    for (let i = r.offset; i < end; i++) a[i] /= d;
  } else for (let i = r.offset; i < end; i++) a[i] = Math.trunc(a[i] / n);
}

function countOf(n: number, fn: string): number {
  if (n > MAX_COUNT) {
    throw new RangeError(`${fn}: ${n} elements per rank exceed MPI's count limit (2^31 - 1)`);
  }
  return n;
}

/**
 * An Open MPI communicator (see the module doc).
 *
 * @example
 * ```ts ignore
 * // made by initProcessGroup / newGroup; used through the collectives
 * ```
 */
export class MpiComm implements Comm {
  readonly library = "MPI";
  readonly rank: number;
  readonly size: number;
  readonly #mpi: MpiApi;
  /** For group management on the JS thread only. */
  readonly control: Deno.PointerValue;
  readonly #data: Deno.PointerValue;
  /** Settles after the last collective queued on the communication thread. */
  #tail: Promise<unknown> = Promise.resolve();
  /** Batches queued on the communication thread and not finished yet, by id. */
  readonly #pending = new Map<number, string>();
  #freed = false;
  readonly #owned: boolean;
  /** The library file, for the communication thread to open. */
  readonly #path = mpiLibraryPath();

  /** Wraps `control` (freed with this communicator when `owned`) and duplicates it for data. */
  constructor(mpi: MpiApi, control: Deno.PointerValue, owned: boolean) {
    this.#mpi = mpi;
    this.control = control;
    this.#owned = owned;
    const out = new Int32Array(1), handle = new BigUint64Array(1);
    checkMpi(mpi, mpi.MPI_Comm_rank(control, out), "MPI_Comm_rank");
    this.rank = out[0];
    checkMpi(mpi, mpi.MPI_Comm_size(control, out), "MPI_Comm_size");
    this.size = out[0];
    checkMpi(mpi, mpi.MPI_Comm_dup(control, handle), "MPI_Comm_dup");
    this.#data = Deno.UnsafePointer.create(handle[0]);
  }

  /**
   * Makes collectives in FIFO order: a blocking one after everything
   * queued (run or waited for by `drain`), on this thread; an `asyncOp` one
   * queued on the communication thread. A failed call throws naming it.
   */
  #run(sync: boolean, calls: Call[], after?: () => void): Done {
    if (this.#freed) throw new DistBackendError(`${calls[0].fn}: the process group was destroyed`);
    const mpi = this.#mpi;
    if (sync) {
      commThreadDrain();
      for (const c of calls) checkMpi(mpi, (mpi[c.fn] as (...a: unknown[]) => number)(...c.args), c.fn);
      after?.();
      return;
    }
    const { id, done } = commThread(mpi, this.#path).submit(calls);
    this.#pending.set(id, calls[0].fn);
    const p = done.then((r) => {
      this.#pending.delete(id);
      if (r.error) throw new DistBackendError(`${calls[r.codes.length]?.fn ?? "MPI"} failed: ${r.error}`);
      r.codes.forEach((rc, i) => checkMpi(mpi, rc, calls[i].fn));
      after?.();
    });
    this.#tail = p.catch(() => {});
    return p;
  }

  drain(): void {
    commThreadDrain();
  }

  waitSync(): void {
    if (this.#pending.size === 0) return;
    const thread = commThread(this.#mpi, this.#path);
    thread.drain();
    for (const [id, fn] of this.#pending) {
      const rc = thread.status(id);
      if (rc === -1) throw new DistBackendError(`${fn} failed on the communication thread`);
      checkMpi(this.#mpi, rc, fn);
    }
  }

  allReduce(buf: Run, dtype: DType, op: ReduceOp, sync: boolean): Done {
    const mpi = this.#mpi, dt = datatype(mpi, dtype), o = mpiOp(mpi, op), comm = this.#data;
    const isz = DTYPES[dtype].itemsize;
    const per = Math.max(1, Math.min(MAX_COUNT, Math.floor(ALLREDUCE_CHUNK_BYTES / isz)));
    const calls: Call[] = [];
    for (let at = 0; at < buf.count; at += per) {
      const n = Math.min(per, buf.count - at), part = ptr({ ...buf, offset: buf.offset + at, count: n });
      calls.push({ fn: "MPI_Allreduce", args: [MPI_IN_PLACE, part, n, dt, o, comm] });
    }
    return this.#run(sync, calls, op === "AVG" ? () => divideRun(buf, this.size) : undefined);
  }

  broadcast(buf: Run, dtype: DType, root: number, sync: boolean): Done {
    const mpi = this.#mpi, dt = datatype(mpi, dtype), comm = this.#data;
    const calls: Call[] = [];
    for (let at = 0; at < buf.count; at += MAX_COUNT) {
      const n = Math.min(MAX_COUNT, buf.count - at), part = ptr({ ...buf, offset: buf.offset + at, count: n });
      calls.push({ fn: "MPI_Bcast", args: [part, n, dt, root, comm] });
    }
    return this.#run(sync, calls);
  }

  reduce(buf: Run, dtype: DType, op: ReduceOp, root: number, sync: boolean): Done {
    const mpi = this.#mpi, dt = datatype(mpi, dtype), o = mpiOp(mpi, op), comm = this.#data;
    const isRoot = this.rank === root, calls: Call[] = [];
    for (let at = 0; at < buf.count; at += MAX_COUNT) {
      const n = Math.min(MAX_COUNT, buf.count - at), part = ptr({ ...buf, offset: buf.offset + at, count: n });
      // the root reduces in place; the others only send
      const args = isRoot ? [MPI_IN_PLACE, part] : [part, null];
      calls.push({ fn: "MPI_Reduce", args: [...args, n, dt, o, root, comm] });
    }
    return this.#run(sync, calls, op === "AVG" && isRoot ? () => divideRun(buf, this.size) : undefined);
  }

  allGather(send: Run, recv: Run, dtype: DType, sync: boolean): Done {
    const dt = datatype(this.#mpi, dtype), n = countOf(send.count, "allGather");
    return this.#run(sync, [{ fn: "MPI_Allgather", args: [ptr(send), n, dt, ptr(recv), n, dt, this.#data] }]);
  }

  reduceScatter(send: Run, recv: Run, dtype: DType, op: ReduceOp, sync: boolean): Done {
    const mpi = this.#mpi, dt = datatype(mpi, dtype), o = mpiOp(mpi, op), n = countOf(recv.count, "reduceScatter");
    const call: Call = { fn: "MPI_Reduce_scatter_block", args: [ptr(send), ptr(recv), n, dt, o, this.#data] };
    return this.#run(sync, [call], op === "AVG" ? () => divideRun(recv, this.size) : undefined);
  }

  gather(send: Run, recv: Run | null, dtype: DType, root: number, sync: boolean): Done {
    const dt = datatype(this.#mpi, dtype), n = countOf(send.count, "gather"), r = recv ? ptr(recv) : null;
    return this.#run(sync, [{ fn: "MPI_Gather", args: [ptr(send), n, dt, r, n, dt, root, this.#data] }]);
  }

  scatter(send: Run | null, recv: Run, dtype: DType, root: number, sync: boolean): Done {
    const dt = datatype(this.#mpi, dtype), n = countOf(recv.count, "scatter"), s = send ? ptr(send) : null;
    return this.#run(sync, [{ fn: "MPI_Scatter", args: [s, n, dt, ptr(recv), n, dt, root, this.#data] }]);
  }

  barrier(sync: boolean): Done {
    return this.#run(sync, [{ fn: "MPI_Barrier", args: [this.#data] }]);
  }

  send(buf: Run, dtype: DType, dst: number, tag: number, sync: boolean): Done {
    const mpi = this.#mpi, req = new BigUint64Array(1);
    const n = countOf(buf.count, "send");
    checkMpi(mpi, mpi.MPI_Isend(runBytes(buf), n, datatype(mpi, dtype), dst, tag, this.#data, req), "MPI_Isend");
    return this.#wait(req, null, "MPI_Isend", sync);
  }

  recv(buf: Run, dtype: DType, src: number | null, tag: number, sync: boolean): Done<number> {
    const mpi = this.#mpi, req = new BigUint64Array(1), status = new Int32Array(MPI_STATUS_BYTES / 4);
    const n = countOf(buf.count, "recv"), dt = datatype(mpi, dtype);
    const from = src ?? MPI_ANY_SOURCE;
    checkMpi(mpi, mpi.MPI_Irecv(runBytes(buf), n, dt, from, tag, this.#data, req), "MPI_Irecv");
    const check = () => {
      const got = new Int32Array(1);
      checkMpi(mpi, mpi.MPI_Get_count(status, dt, got), "MPI_Get_count");
      if (got[0] !== n) {
        throw new DistBackendError(
          `recv: expected ${n} elements from rank ${status[0]} (tag ${tag}), the message had ${got[0]}`,
        );
      }
      return status[0];
    };
    const done = this.#wait(req, status, "MPI_Irecv", sync);
    return done instanceof Promise ? done.then(check) : check();
  }

  /** Waits for a posted message: now (JS thread) when `sync`, else on a pool thread. */
  #wait(req: BigUint64Array, status: Int32Array | null, fn: string, sync: boolean): Done {
    const mpi = this.#mpi;
    const fail = (rc: number) => {
      // a truncated message reports its error in the status
      const code = rc !== 0 && status && status[2] !== 0 ? status[2] : rc;
      throw new DistBackendError(`${fn} failed: ${mpiErrorText(mpi, code)} (error ${code})`);
    };
    if (sync) {
      const rc = mpi.MPI_Wait(req, status);
      if (rc !== 0) fail(rc);
      return;
    }
    return mpi.MPI_Wait_async(req, status).then((rc) => {
      if (rc !== 0) fail(rc);
    });
  }

  free(): void {
    if (this.#freed) return;
    this.#freed = true;
    const mpi = this.#mpi, comms = this.#owned ? [this.#data, this.control] : [this.#data];
    const release = () => {
      for (const c of comms) mpi.MPI_Comm_free(new BigUint64Array([BigInt(Deno.UnsafePointer.value(c))]));
    };
    // a collective still queued on the communication thread uses the communicator
    if (!commThreadBusy()) release();
    else this.#tail.then(release);
  }
}
