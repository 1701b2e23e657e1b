/**
 * The hand-written FFI tables of Open MPI (src/distributed/mpi_ffi.ts) and
 * NCCL (nccl_ffi.ts) against the libraries' own headers, without running
 * either: every function's parameter count and each parameter's kind and
 * size (pointer, 8/4/1-byte integer, a struct passed by value and its
 * size), every handle object named, and the constants and enum values the
 * code hard-codes (MPI_THREAD_MULTIPLE, MPI_Status's size, NCCL's dtype
 * and op codes), checked by compiling static_asserts with g++. A table
 * that disagrees with its header would pass garbage to the library.
 *
 * Needs mpi.h (libopenmpi-dev) and, for NCCL, nccl.h beside libnccl.so.2
 * (`pip install nvidia-nccl-cu13`) with the CUDA runtime headers; each part
 * is skipped with the reason where they are missing.
 */
import assert from "node:assert/strict";
import { openCudaLibrary } from "../../ffi/cuda/locate.ts";
import { type DType, DTYPE_BY_CODE } from "../../src/core/dtype.ts";
import { MPI_ANY_SOURCE, MPI_STATUS_BYTES, MPI_SYMBOLS, MPI_THREAD_MULTIPLE } from "../../src/distributed/mpi_ffi.ts";
import { NCCL, NCCL_SYMBOLS, NCCL_UNIQUE_ID_BYTES, ncclOp, ncclType } from "../../src/distributed/nccl_ffi.ts";
import { REDUCE_OPS } from "../../src/distributed/reduce_op.ts";
import { compileChecks, hasGxx, SIGNATURE_CHECKER, signatureChecks } from "../helpers/ffi_signature.ts";

function isDir(d: string): boolean {
  try {
    return Deno.statSync(d).isDirectory;
  } catch {
    return false;
  }
}

// ---------- Open MPI ----------

/** mpi.h's folders (mpicc knows them), or why there are none. */
function mpiIncludes(): string[] | string {
  if (!hasGxx()) return "no g++ to compile the header check";
  try {
    const out = new Deno.Command("mpicc", { args: ["--showme:incdirs"], stdout: "piped", stderr: "null" })
      .outputSync();
    const dirs = new TextDecoder().decode(out.stdout).trim().split(/\s+/).filter(isDir);
    return dirs.some((d) => existsFile(`${d}/mpi.h`)) ? dirs : "mpicc names no folder with mpi.h";
  } catch {
    return "no mpicc (apt-get install libopenmpi-dev)";
  }
}

const MPI_DIRS = mpiIncludes();
if (typeof MPI_DIRS === "string") console.warn(`tests/distributed: MPI header check skipped: ${MPI_DIRS}`);

function mpiSource(): string {
  return [
    "#include <mpi.h>",
    SIGNATURE_CHECKER,
    ...signatureChecks(MPI_SYMBOLS),
    `static_assert(MPI_THREAD_MULTIPLE == ${MPI_THREAD_MULTIPLE}, "MPI_THREAD_MULTIPLE");`,
    `static_assert(MPI_ANY_SOURCE == ${MPI_ANY_SOURCE}, "MPI_ANY_SOURCE");`,
    `static_assert(sizeof(MPI_Status) == ${MPI_STATUS_BYTES}, "sizeof(MPI_Status)");`,
    // recv reads the sender and the error from the status as ints 0 and 2
    `static_assert(offsetof(MPI_Status, MPI_SOURCE) == 0 && offsetof(MPI_Status, MPI_ERROR) == 8, "MPI_Status");`,
    "",
  ].join("\n");
}

Deno.test({
  name: "Open MPI: every FFI signature, handle and constant of mpi_ffi.ts matches mpi.h",
  ignore: typeof MPI_DIRS === "string",
  async fn() {
    const r = await compileChecks(mpiSource(), MPI_DIRS as string[]);
    assert.ok(r.ok, `mpi.h disagrees with mpi_ffi.ts:\n${r.errors}`);
  },
});

Deno.test({
  name: "Open MPI: the header check catches a wrong signature",
  ignore: typeof MPI_DIRS === "string",
  async fn() {
    // MPI_Bcast's count is an int, not a pointer
    const bad = `#include <mpi.h>\n${SIGNATURE_CHECKER}\n` +
      `static_assert(dk::sig(&MPI_Bcast, dk::I32, {dk::P, dk::P, dk::P, dk::I32, dk::P}), "x");\n`;
    assert.equal((await compileChecks(bad, MPI_DIRS as string[])).ok, false);
  },
});

// ---------- NCCL ----------

/** nccl.h's folder and the CUDA runtime headers' (beside the libraries found), or why there are none. */
function ncclIncludes(): string[] | string {
  if (!hasGxx()) return "no g++ to compile the header check";
  let path: string;
  try {
    path = openCudaLibrary(NCCL, {}).path;
  } catch (e) {
    return (e as Error).message.split("\n")[0];
  }
  if (!path.includes("/")) return `NCCL was found as ${path} on the loader path: its headers are not located`;
  // pip layout: <site>/nvidia/nccl/lib/libnccl.so.2, headers in <site>/nvidia/*/include
  const pkg = path.slice(0, path.lastIndexOf("/lib/")), nvidia = pkg.slice(0, pkg.lastIndexOf("/"));
  const dirs = [`${pkg}/include`];
  try {
    for (const e of Deno.readDirSync(nvidia)) {
      if (isDir(`${nvidia}/${e.name}/include`)) dirs.push(`${nvidia}/${e.name}/include`);
    }
  } catch { /* not a pip layout */ }
  dirs.push("/usr/local/cuda/include");
  const found = [...new Set(dirs)].filter(isDir);
  for (const h of ["nccl.h", "cuda_runtime.h"]) {
    if (!found.some((d) => existsFile(`${d}/${h}`))) {
      return `no ${h} in ${found.join(", ")}`;
    }
  }
  return found;
}

function existsFile(f: string): boolean {
  try {
    return Deno.statSync(f).isFile;
  } catch {
    return false;
  }
}

const NCCL_DIRS = ncclIncludes();
if (typeof NCCL_DIRS === "string") console.warn(`tests/distributed: NCCL header check skipped: ${NCCL_DIRS}`);

/** NCCL's enum name for each dtype and op that ncclType / ncclOp encode. */
const NCCL_TYPE_NAMES: Record<DType, string> = {
  bool: "ncclUint8",
  uint8: "ncclUint8",
  int32: "ncclInt32",
  int64: "ncclInt64",
  float32: "ncclFloat32",
  float64: "ncclFloat64",
};
const NCCL_OP_NAMES: Record<string, string> = {
  SUM: "ncclSum",
  PRODUCT: "ncclProd",
  MAX: "ncclMax",
  MIN: "ncclMin",
  AVG: "ncclAvg",
};

function ncclSource(): string {
  const lines = ["#include <nccl.h>", SIGNATURE_CHECKER, ...signatureChecks(NCCL_SYMBOLS)];
  lines.push(`static_assert(sizeof(ncclUniqueId) == ${NCCL_UNIQUE_ID_BYTES}, "ncclUniqueId");`);
  for (const d of DTYPE_BY_CODE) {
    lines.push(`static_assert(${NCCL_TYPE_NAMES[d]} == ${ncclType(d)}, "ncclType(${d})");`);
  }
  for (const op of REDUCE_OPS.filter((o) => o in NCCL_OP_NAMES)) {
    lines.push(`static_assert(${NCCL_OP_NAMES[op]} == ${ncclOp(op, "test")}, "ncclOp(${op})");`);
  }
  return lines.join("\n") + "\n";
}

Deno.test({
  name: "NCCL: every FFI signature and enum value of nccl_ffi.ts matches nccl.h",
  ignore: typeof NCCL_DIRS === "string",
  async fn() {
    const r = await compileChecks(ncclSource(), NCCL_DIRS as string[]);
    assert.ok(r.ok, `nccl.h disagrees with nccl_ffi.ts:\n${r.errors}`);
  },
});

Deno.test({
  name: "NCCL: ncclOp refuses the bitwise ops NCCL lacks",
  fn() {
    for (const op of ["BAND", "BOR", "BXOR"] as const) {
      assert.throws(() => ncclOp(op, "allReduce"), new RegExp(`allReduce: Cannot use ReduceOp.${op} with NCCL`));
    }
  },
});
