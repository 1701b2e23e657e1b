/**
 * NCCL through Deno FFI: the library (found where the CUDA libraries are:
 * `$DENDRITE_CUDA_LIB_DIR`, the loader path, the toolkit, Python's
 * `nvidia/*\/lib` folders; `pip install nvidia-nccl-cu13` provides it), its
 * symbols and its enums. Device addresses are passed as `usize` bigints.
 * The library loads without a GPU (`ncclGetVersion` answers), so the
 * bindings can be checked on any machine.
 */
import type { CudaLibrary } from "../../ffi/cuda/library.ts";
import { openCudaLibrary } from "../../ffi/cuda/locate.ts";
import type { DType } from "../core/dtype.ts";
import { DistBackendError } from "./errors.ts";
import type { ReduceOp } from "./reduce_op.ts";

/** NCCL's description for the CUDA library loader. */
export const NCCL: CudaLibrary = {
  title: "NCCL",
  soname: "libnccl.so.2",
  preload: [],
  install: "pip install nvidia-nccl-cu13",
};

/** Bytes of `ncclUniqueId` (passed by value to ncclCommInitRank). */
export const NCCL_UNIQUE_ID_BYTES = 128;

const U = "usize", I = "i32", P = "pointer";
/** The NCCL symbols dendrite uses. */
export const NCCL_SYMBOLS = {
  ncclGetVersion: { parameters: ["buffer"], result: I },
  ncclGetUniqueId: { parameters: ["buffer"], result: I },
  ncclCommInitRank: {
    parameters: ["buffer", I, { struct: Array<"u8">(NCCL_UNIQUE_ID_BYTES).fill("u8") }, I],
    result: I,
  },
  ncclCommDestroy: { parameters: [P], result: I },
  ncclGetErrorString: { parameters: [I], result: P },
  ncclGetLastError: { parameters: [P], result: P },
  ncclAllReduce: { parameters: [U, U, U, I, I, P, P], result: I },
  ncclBroadcast: { parameters: [U, U, U, I, I, P, P], result: I },
  ncclReduce: { parameters: [U, U, U, I, I, I, P, P], result: I },
  ncclAllGather: { parameters: [U, U, U, I, P, P], result: I },
  ncclReduceScatter: { parameters: [U, U, U, I, I, P, P], result: I },
  ncclSend: { parameters: [U, U, I, I, P, P], result: I },
  ncclRecv: { parameters: [U, U, I, I, P, P], result: I },
  ncclGroupStart: { parameters: [], result: I },
  ncclGroupEnd: { parameters: [], result: I },
} as const;

/** The opened library's functions. */
export type NcclApi = Deno.DynamicLibrary<typeof NCCL_SYMBOLS>["symbols"];

let opened: NcclApi | null = null;

/**
 * Opens libnccl.so.2 (once); missing, it is an error naming what to install.
 *
 * @example
 * ```ts ignore
 * import { ncclVersion, openNccl } from "./nccl_ffi.ts";
 * console.log(ncclVersion(openNccl())); // 23007 for NCCL 2.30.7
 * ```
 */
export function openNccl(): NcclApi {
  if (!opened) {
    try {
      opened = openCudaLibrary(NCCL, NCCL_SYMBOLS).library.symbols;
    } catch (e) {
      throw new DistBackendError(`torch.distributed: ${(e as Error).message}`);
    }
  }
  return opened;
}

/** NCCL's version code (major * 10000 + minor * 100 + patch). */
export function ncclVersion(nccl: NcclApi): number {
  const v = new Int32Array(1);
  checkNccl(nccl, nccl.ncclGetVersion(v), "ncclGetVersion");
  return v[0];
}

/** Throws a DistBackendError for a failed NCCL call, with NCCL's last message. */
export function checkNccl(nccl: NcclApi, rc: number, fn: string, comm: Deno.PointerValue = null): void {
  if (rc === 0) return;
  const text = (p: Deno.PointerValue) => (p ? cString(p) : "");
  const last = comm ? text(nccl.ncclGetLastError(comm)) : "";
  throw new DistBackendError(
    `${fn} failed: ${text(nccl.ncclGetErrorString(rc))} (ncclResult_t ${rc})${last ? `: ${last}` : ""}`,
  );
}

function cString(p: NonNullable<Deno.PointerValue>): string {
  return Deno.UnsafePointerView.getCString(p);
}

/** ncclDataType_t of a dtype (bool tensors are bytes of 0/1). */
export function ncclType(dtype: DType): number {
  switch (dtype) {
    case "bool":
    case "uint8":
      return 1; // ncclUint8
    case "int32":
      return 2; // ncclInt32
    case "int64":
      return 4; // ncclInt64
    case "float32":
      return 7; // ncclFloat32
    case "float64":
      return 8; // ncclFloat64
  }
}

/** ncclRedOp_t of a ReduceOp; NCCL has no bitwise reductions. */
export function ncclOp(op: ReduceOp, fn: string): number {
  switch (op) {
    case "SUM":
      return 0;
    case "PRODUCT":
      return 1;
    case "MAX":
      return 2;
    case "MIN":
      return 3;
    case "AVG":
      return 4;
    default:
      throw new TypeError(`${fn}: Cannot use ReduceOp.${op} with NCCL`);
  }
}
