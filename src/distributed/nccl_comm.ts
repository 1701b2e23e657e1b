/**
 * A communicator of NCCL over one GPU's memory. NCCL queues each call on
 * the legacy default stream, which orders it with the device's own stream
 * (a blocking stream, see src/backend/cuda_context.ts) both ways: kernels
 * queued before a collective have finished when it runs, and kernels
 * queued after it see its result. So every call returns at once, as
 * PyTorch's NCCL calls do; only `barrier` waits on the host.
 */
import { cudaContext } from "../backend/cuda_context.ts";
import { type DType, DTYPES } from "../core/dtype.ts";
import type { Storage } from "../core/storage.ts";
import { zeros } from "../ops/operand.ts";
import type { Comm, Done, Run } from "./comm.ts";
import { DistBackendError } from "./errors.ts";
import { checkNccl, NCCL_UNIQUE_ID_BYTES, type NcclApi, ncclOp, ncclType, openNccl } from "./nccl_ffi.ts";
import type { ReduceOp } from "./reduce_op.ts";

/** The device address of a run. */
function addr(r: Run): bigint {
  return r.storage.ptr + BigInt(r.offset * DTYPES[r.storage.dtype].itemsize);
}

/**
 * An NCCL communicator on `cuda:<device>` (see the module doc).
 *
 * @example
 * ```ts ignore
 * // made by initProcessGroup("nccl") / newGroup on a machine with GPUs
 * ```
 */
export class NcclComm implements Comm {
  readonly library = "NCCL";
  readonly rank: number;
  readonly size: number;
  /** The GPU index this communicator runs on. */
  readonly device: number;
  readonly #nccl: NcclApi;
  #comm: Deno.PointerValue;
  #scratch: Storage | null = null;

  /**
   * Joins the communicator of `size` ranks identified by `id` (which rank 0
   * made with ncclGetUniqueId and every rank received); blocks until every
   * rank has joined.
   */
  constructor(id: Uint8Array, rank: number, size: number, device: number) {
    if (id.length !== NCCL_UNIQUE_ID_BYTES) throw new RangeError(`NcclComm: the unique id must have 128 bytes`);
    const nccl = this.#nccl = openNccl();
    this.rank = rank;
    this.size = size;
    this.device = device;
    cudaContext(device).makeCurrent();
    const out = new BigUint64Array(1);
    checkNccl(nccl, nccl.ncclCommInitRank(out, size, id, rank), "ncclCommInitRank");
    this.#comm = Deno.UnsafePointer.create(out[0]);
  }

  /** A new unique id (rank 0 makes it; the others receive it through MPI). */
  static uniqueId(): Uint8Array {
    const nccl = openNccl(), id = new Uint8Array(NCCL_UNIQUE_ID_BYTES);
    checkNccl(nccl, nccl.ncclGetUniqueId(id), "ncclGetUniqueId");
    return id;
  }

  #comm_(fn: string): Deno.PointerValue {
    if (!this.#comm) throw new DistBackendError(`${fn}: the process group was destroyed`);
    cudaContext(this.device).makeCurrent();
    return this.#comm;
  }

  #check(rc: number, fn: string): void {
    checkNccl(this.#nccl, rc, fn, this.#comm);
  }

  allReduce(buf: Run, dtype: DType, op: ReduceOp, _sync: boolean): Done {
    const c = this.#comm_("allReduce"), p = addr(buf);
    const o = ncclOp(op, "allReduce");
    this.#check(this.#nccl.ncclAllReduce(p, p, BigInt(buf.count), ncclType(dtype), o, c, null), "ncclAllReduce");
  }

  broadcast(buf: Run, dtype: DType, root: number, _sync: boolean): Done {
    const c = this.#comm_("broadcast"), p = addr(buf);
    this.#check(this.#nccl.ncclBroadcast(p, p, BigInt(buf.count), ncclType(dtype), root, c, null), "ncclBroadcast");
  }

  reduce(buf: Run, dtype: DType, op: ReduceOp, root: number, _sync: boolean): Done {
    const c = this.#comm_("reduce"), p = addr(buf), o = ncclOp(op, "reduce");
    this.#check(this.#nccl.ncclReduce(p, p, BigInt(buf.count), ncclType(dtype), o, root, c, null), "ncclReduce");
  }

  allGather(send: Run, recv: Run, dtype: DType, _sync: boolean): Done {
    const c = this.#comm_("allGather");
    const rc = this.#nccl.ncclAllGather(addr(send), addr(recv), BigInt(send.count), ncclType(dtype), c, null);
    this.#check(rc, "ncclAllGather");
  }

  reduceScatter(send: Run, recv: Run, dtype: DType, op: ReduceOp, _sync: boolean): Done {
    const c = this.#comm_("reduceScatter"), o = ncclOp(op, "reduceScatter");
    const rc = this.#nccl.ncclReduceScatter(addr(send), addr(recv), BigInt(recv.count), ncclType(dtype), o, c, null);
    this.#check(rc, "ncclReduceScatter");
  }

  /** Runs sends and receives as one NCCL group (gather and scatter are built from them, as in PyTorch). */
  #group(fn: string, body: (c: Deno.PointerValue) => void): void {
    const c = this.#comm_(fn), nccl = this.#nccl;
    this.#check(nccl.ncclGroupStart(), "ncclGroupStart");
    try {
      body(c);
    } finally {
      this.#check(nccl.ncclGroupEnd(), "ncclGroupEnd");
    }
  }

  gather(send: Run, recv: Run | null, dtype: DType, root: number, _sync: boolean): Done {
    const nccl = this.#nccl, dt = ncclType(dtype), n = BigInt(send.count);
    const block = BigInt(send.count * DTYPES[dtype].itemsize);
    this.#group("gather", (c) => {
      if (recv) {
        const base = addr(recv);
        for (let r = 0; r < this.size; r++) {
          this.#check(nccl.ncclRecv(base + BigInt(r) * block, n, dt, r, c, null), "ncclRecv");
        }
      }
      this.#check(nccl.ncclSend(addr(send), n, dt, root, c, null), "ncclSend");
    });
  }

  scatter(send: Run | null, recv: Run, dtype: DType, root: number, _sync: boolean): Done {
    const nccl = this.#nccl, dt = ncclType(dtype), n = BigInt(recv.count);
    const block = BigInt(recv.count * DTYPES[dtype].itemsize);
    this.#group("scatter", (c) => {
      if (send) {
        const base = addr(send);
        for (let r = 0; r < this.size; r++) {
          this.#check(nccl.ncclSend(base + BigInt(r) * block, n, dt, r, c, null), "ncclSend");
        }
      }
      this.#check(nccl.ncclRecv(addr(recv), n, dt, root, c, null), "ncclRecv");
    });
  }

  barrier(_sync: boolean): Done {
    // an all-reduce of one element, waited for on the host
    this.#scratch ??= zeros([1], "float32", `cuda:${this.device}`).storage;
    this.allReduce({ storage: this.#scratch, offset: 0, count: 1 }, "float32", "SUM", true);
    cudaContext(this.device).synchronize();
  }

  send(buf: Run, dtype: DType, dst: number, _tag: number, _sync: boolean): Done {
    const c = this.#comm_("send");
    this.#check(this.#nccl.ncclSend(addr(buf), BigInt(buf.count), ncclType(dtype), dst, c, null), "ncclSend");
  }

  recv(buf: Run, dtype: DType, src: number | null, _tag: number, _sync: boolean): Done<number> {
    if (src === null) throw new DistBackendError("recv: the nccl backend needs a source rank (src)");
    const c = this.#comm_("recv");
    this.#check(this.#nccl.ncclRecv(addr(buf), BigInt(buf.count), ncclType(dtype), src, c, null), "ncclRecv");
    return src;
  }

  drain(): void {
    // nothing is queued on the host: NCCL queues its calls on the GPU
  }

  waitSync(): void {
    // calls are queued on the GPU in order: later GPU work sees their results without a host wait
  }

  free(): void {
    if (!this.#comm) return;
    cudaContext(this.device).synchronize();
    this.#nccl.ncclCommDestroy(this.#comm);
    this.#comm = null;
    this.#scratch?.release();
    this.#scratch = null;
  }
}
