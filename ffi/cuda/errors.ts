/**
 * Typed errors of the CUDA layer: a library that cannot be found or opened,
 * and a CUDA, cuBLAS, cuDNN or NVRTC call that returned a failure status.
 */

/** A CUDA library was not found (or failed to load) in any searched place. */
export class CudaLibraryError extends Error {
  override name = "CudaLibraryError";
}

/** A call into a CUDA library returned a failure status. */
export class CudaError extends Error {
  override name = "CudaError";
  constructor(
    message: string,
    /** The function that failed, e.g. "cuMemAlloc_v2". */
    readonly fn: string,
    /** Its status code (CUresult, cudaError_t, cublasStatus_t, ...). */
    readonly code: number,
  ) {
    super(message);
  }
}

/** Device memory ran out even after the caching allocator released its cached blocks. */
export class CudaOutOfMemoryError extends CudaError {
  override name = "CudaOutOfMemoryError";
}
