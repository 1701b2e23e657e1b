/**
 * Open MPI through Deno FFI: the library, its symbols and its handles.
 *
 * Open MPI's handles (`MPI_COMM_WORLD`, `MPI_FLOAT`, `MPI_SUM`, ...) are the
 * addresses of global objects (`ompi_mpi_comm_world`, ...), which a
 * `{ type: "pointer" }` static gives directly; MPICH's integer handles are
 * a different ABI and are refused with a clear message. `MPI_IN_PLACE` is
 * the address 1. The library is opened on first use (importing this module
 * loads nothing); `$DENDRITE_MPI_LIB` names another file (a non-standard
 * install, or a missing one in tests).
 *
 * Collectives are made on the JS thread (0.7 us per call; it blocks, as
 * PyTorch's blocking collectives block Python) or on the communication
 * thread (mpi_thread.ts) for `asyncOp`.
 */
import { env, granted } from "../../ffi/permissions.ts";
import { DistBackendError } from "./errors.ts";

/** `MPI_THREAD_MULTIPLE`: pool threads call MPI concurrently with the JS thread. */
export const MPI_THREAD_MULTIPLE = 3;
/** `MPI_ANY_SOURCE` (recv without a source rank). */
export const MPI_ANY_SOURCE = -1;
/** `MPI_IN_PLACE`: Open MPI's `(void *) 1`. */
export const MPI_IN_PLACE: Deno.PointerValue = Deno.UnsafePointer.create(1n);
/** Bytes of Open MPI's `MPI_Status` (source, tag, error, cancelled, size_t count). */
export const MPI_STATUS_BYTES = 24;

const P = "pointer", B = "buffer", I = "i32";

/**
 * The collectives, which can wait on other ranks: every memory argument is
 * a pointer, so a call is plain data (a name and its arguments) that the
 * JS thread or the communication thread (mpi_thread.ts) can make.
 */
export const COLLECTIVES = {
  MPI_Allreduce: { parameters: [P, P, I, P, P, P], result: I },
  MPI_Bcast: { parameters: [P, I, P, I, P], result: I },
  MPI_Reduce: { parameters: [P, P, I, P, P, I, P], result: I },
  MPI_Allgather: { parameters: [P, I, P, P, I, P, P], result: I },
  MPI_Reduce_scatter_block: { parameters: [P, P, I, P, P, P], result: I },
  MPI_Gather: { parameters: [P, I, P, P, I, P, I, P], result: I },
  MPI_Scatter: { parameters: [P, I, P, P, I, P, I, P], result: I },
  MPI_Barrier: { parameters: [P], result: I },
} as const;

/** A collective's name. */
export type CollectiveName = keyof typeof COLLECTIVES;

/** Every symbol dendrite uses (Open MPI 4.x, `libmpi.so.40`). */
export const MPI_SYMBOLS = {
  MPI_Initialized: { parameters: [B], result: I },
  MPI_Finalized: { parameters: [B], result: I },
  MPI_Init_thread: { parameters: [P, P, I, B], result: I },
  MPI_Finalize: { parameters: [], result: I },
  MPI_Abort: { parameters: [P, I], result: I },
  MPI_Comm_rank: { parameters: [P, B], result: I },
  MPI_Comm_size: { parameters: [P, B], result: I },
  MPI_Comm_set_errhandler: { parameters: [P, P], result: I },
  MPI_Comm_group: { parameters: [P, B], result: I },
  MPI_Group_incl: { parameters: [P, I, B, B], result: I },
  MPI_Group_free: { parameters: [B], result: I },
  MPI_Comm_create: { parameters: [P, P, B], result: I },
  MPI_Comm_dup: { parameters: [P, B], result: I },
  MPI_Comm_free: { parameters: [B], result: I },
  MPI_Isend: { parameters: [B, I, P, I, I, P, B], result: I },
  MPI_Irecv: { parameters: [B, I, P, I, I, P, B], result: I },
  MPI_Get_count: { parameters: [B, P, B], result: I },
  MPI_Error_string: { parameters: [I, B, B], result: I },
  MPI_Get_library_version: { parameters: [B, B], result: I },
  ...COLLECTIVES,
  MPI_Wait: { parameters: [B, B], result: I },
  // a message's wait runs on a pool thread: it must not queue behind collectives (see mpi_comm.ts)
  MPI_Wait_async: { name: "MPI_Wait", parameters: [B, B], result: I, nonblocking: true },
  ompi_mpi_comm_world: { type: P },
  ompi_mpi_comm_null: { type: P },
  ompi_mpi_errors_return: { type: P },
  ompi_mpi_byte: { type: P },
  ompi_mpi_unsigned_char: { type: P },
  ompi_mpi_int: { type: P },
  ompi_mpi_int64_t: { type: P },
  ompi_mpi_float: { type: P },
  ompi_mpi_double: { type: P },
  ompi_mpi_op_sum: { type: P },
  ompi_mpi_op_prod: { type: P },
  ompi_mpi_op_min: { type: P },
  ompi_mpi_op_max: { type: P },
  ompi_mpi_op_band: { type: P },
  ompi_mpi_op_bor: { type: P },
  ompi_mpi_op_bxor: { type: P },
} as const;

/** The opened library's functions and handles. */
export type MpiApi = Deno.DynamicLibrary<typeof MPI_SYMBOLS>["symbols"];

/** What to install, in the error for a missing library. */
export const MPI_INSTALL = "apt-get install libopenmpi-dev openmpi-bin (Debian/Ubuntu; `dnf install openmpi-devel` " +
  "on Fedora, `brew install open-mpi` on macOS)";

/** The library file opened by default. */
export function defaultMpiLibrary(): string {
  return Deno.build.os === "darwin" ? "libmpi.40.dylib" : "libmpi.so.40";
}

let opened: MpiApi | null = null;

/** The library file to open: `$DENDRITE_MPI_LIB`, else Open MPI's soname. */
export function mpiLibraryPath(): string {
  return env("DENDRITE_MPI_LIB") || defaultMpiLibrary();
}

/**
 * Opens Open MPI's library (once); a missing library or another MPI is a
 * DistBackendError that says what to install.
 *
 * @example
 * ```ts ignore
 * import { openMpi } from "./mpi_ffi.ts";
 * const mpi = openMpi(); // throws, naming what to install, when Open MPI is missing
 * ```
 */
export function openMpi(path: string = mpiLibraryPath()): MpiApi {
  if (opened) return opened;
  if (!granted({ name: "ffi" })) throw new DistBackendError("torch.distributed: loading Open MPI needs --allow-ffi");
  let probe: Deno.DynamicLibrary<Record<never, never>>;
  try {
    probe = Deno.dlopen(path, {});
  } catch (e) {
    throw new DistBackendError(
      `torch.distributed: cannot load Open MPI's library ${path} (${String((e as Error).message).split("\n")[0]}). ` +
        `Install Open MPI: ${MPI_INSTALL}; or set DENDRITE_MPI_LIB to the path of libmpi.so.40.`,
    );
  }
  probe.close();
  try {
    opened = Deno.dlopen(path, MPI_SYMBOLS).symbols;
  } catch (e) {
    // MPICH and Intel MPI name their handles with integers, not ompi_* objects
    throw new DistBackendError(
      `torch.distributed: ${path} is not Open MPI 4 or later (${String((e as Error).message).split("\n")[0]}). ` +
        `dendrite binds Open MPI's ABI: ${MPI_INSTALL}.`,
    );
  }
  return opened;
}

/** MPI's own text for an error code. */
export function mpiErrorText(mpi: MpiApi, code: number): string {
  const text = new Uint8Array(512), len = new Int32Array(1);
  if (mpi.MPI_Error_string(code, text, len) !== 0) return `MPI error ${code}`;
  return new TextDecoder().decode(text.subarray(0, len[0]));
}

/** Throws a DistBackendError for a failed MPI call. */
export function checkMpi(mpi: MpiApi, rc: number, fn: string): void {
  if (rc !== 0) throw new DistBackendError(`${fn} failed: ${mpiErrorText(mpi, rc)} (error ${rc})`);
}

/** The Open MPI version string (MPI_Get_library_version), e.g. "Open MPI v4.1.4, ...". */
export function mpiLibraryVersion(mpi: MpiApi): string {
  const text = new Uint8Array(8192), len = new Int32Array(1);
  checkMpi(mpi, mpi.MPI_Get_library_version(text, len), "MPI_Get_library_version");
  return new TextDecoder().decode(text.subarray(0, len[0])).split("\n")[0].trim();
}
