/**
 * The CUDA libraries, each opened on first use (importing this module
 * loads nothing), and the status checks that turn a failed call into a
 * CudaError naming the function and the library's own name for the code.
 */
import { CUBLAS_SYMBOLS } from "./cublas.ts";
import { CUDNN_SYMBOLS } from "./cudnn.ts";
import { CU_ERROR_OUT_OF_MEMORY, DRIVER_SYMBOLS } from "./driver.ts";
import { CudaError, CudaOutOfMemoryError } from "./errors.ts";
import { CUBLAS, CUDART, CUDNN, DRIVER, NVRTC } from "./library.ts";
import { openCudaLibrary, type Opened } from "./locate.ts";
import { NVRTC_SYMBOLS } from "./nvrtc.ts";
import { RUNTIME_SYMBOLS } from "./runtime.ts";

export type DriverApi = Deno.DynamicLibrary<typeof DRIVER_SYMBOLS>["symbols"];
export type RuntimeApi = Deno.DynamicLibrary<typeof RUNTIME_SYMBOLS>["symbols"];
export type CublasApi = Deno.DynamicLibrary<typeof CUBLAS_SYMBOLS>["symbols"];
export type CudnnApi = Deno.DynamicLibrary<typeof CUDNN_SYMBOLS>["symbols"];
export type NvrtcApi = Deno.DynamicLibrary<typeof NVRTC_SYMBOLS>["symbols"];

function once<T>(open: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= open());
}

/** libcuda.so.1, opened on first call. */
export const openDriver: () => Opened<typeof DRIVER_SYMBOLS> = once(() => openCudaLibrary(DRIVER, DRIVER_SYMBOLS));
/** libcudart.so.13, opened on first call. */
export const openRuntime: () => Opened<typeof RUNTIME_SYMBOLS> = once(() => openCudaLibrary(CUDART, RUNTIME_SYMBOLS));
/** libnvrtc.so.13 (with its builtins), opened on first call. */
export const openNvrtc: () => Opened<typeof NVRTC_SYMBOLS> = once(() => openCudaLibrary(NVRTC, NVRTC_SYMBOLS));
/** libcublas.so.13 (with cuBLASLt), opened on first call. */
export const openCublas: () => Opened<typeof CUBLAS_SYMBOLS> = once(() => openCudaLibrary(CUBLAS, CUBLAS_SYMBOLS));
/**
 * libcudnn.so.9, opened on first call, after cuBLAS and NVRTC: its engine
 * libraries open those by soname, which then resolves to the copies
 * already loaded wherever they were found.
 */
export const openCudnn: () => Opened<typeof CUDNN_SYMBOLS> = once(() => {
  openCublas();
  openNvrtc();
  return openCudaLibrary(CUDNN, CUDNN_SYMBOLS);
});

const OUT_PTR = new BigUint64Array(1);

function cString(p: Deno.PointerValue): string {
  return p ? Deno.UnsafePointerView.getCString(p) : "unknown";
}

/** "NAME (description)" of a CUresult. */
export function driverErrorText(code: number): string {
  const cu = openDriver().library.symbols;
  const name = cu.cuGetErrorName(code, OUT_PTR) === 0 ? cString(Deno.UnsafePointer.create(OUT_PTR[0])) : "unknown";
  const text = cu.cuGetErrorString(code, OUT_PTR) === 0 ? cString(Deno.UnsafePointer.create(OUT_PTR[0])) : "";
  return `${name} (${text})`;
}

/** Throws a CudaError for a failed driver call (CudaOutOfMemoryError for CUDA_ERROR_OUT_OF_MEMORY). */
export function checkDriver(rc: number, fn: string): void {
  if (rc === 0) return;
  const msg = `${fn} failed: ${driverErrorText(rc)} [CUresult ${rc}]`;
  throw rc === CU_ERROR_OUT_OF_MEMORY ? new CudaOutOfMemoryError(msg, fn, rc) : new CudaError(msg, fn, rc);
}

/** "NAME (description)" of a cudaError_t. */
export function runtimeErrorText(code: number): string {
  const rt = openRuntime().library.symbols;
  return `${cString(rt.cudaGetErrorName(code))} (${cString(rt.cudaGetErrorString(code))})`;
}

/** Throws a CudaError for a failed cuBLAS call. */
export function checkCublas(rc: number, fn: string): void {
  if (rc === 0) return;
  const b = openCublas().library.symbols;
  const msg = `${fn} failed: ${cString(b.cublasGetStatusName(rc))} (${cString(b.cublasGetStatusString(rc))})`;
  throw new CudaError(msg, fn, rc);
}

/** Throws a CudaError for a failed NVRTC call (the compile log is added by the caller). */
export function checkNvrtc(rc: number, fn: string, detail = ""): void {
  if (rc === 0) return;
  const msg = `${fn} failed: ${cString(openNvrtc().library.symbols.nvrtcGetErrorString(rc))}${detail}`;
  throw new CudaError(msg, fn, rc);
}

/** Throws a CudaError for a failed cuDNN call. */
export function checkCudnn(rc: number, fn: string): void {
  if (rc === 0) return;
  throw new CudaError(`${fn} failed: ${cString(openCudnn().library.symbols.cudnnGetErrorString(rc))}`, fn, rc);
}
