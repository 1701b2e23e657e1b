/**
 * The CUDA runtime (libcudart.so.13), used for device discovery: it loads
 * the driver itself and reports a missing one as an error code instead of
 * failing to load, which is how a machine without a GPU is recognised.
 */
export const RUNTIME_SYMBOLS = {
  cudaGetDeviceCount: { parameters: ["buffer"], result: "i32" },
  cudaDeviceGetAttribute: { parameters: ["buffer", "i32", "i32"], result: "i32" },
  /** Writes a cudaDeviceProp (about 1 KB; the name is its first 256 bytes). */
  cudaGetDeviceProperties: { parameters: ["buffer", "i32"], result: "i32" },
  cudaSetDevice: { parameters: ["i32"], result: "i32" },
  cudaMemGetInfo: { parameters: ["buffer", "buffer"], result: "i32" },
  cudaDeviceSynchronize: { parameters: [], result: "i32" },
  cudaDriverGetVersion: { parameters: ["buffer"], result: "i32" },
  cudaRuntimeGetVersion: { parameters: ["buffer"], result: "i32" },
  cudaGetErrorName: { parameters: ["i32"], result: "pointer" },
  cudaGetErrorString: { parameters: ["i32"], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;

/** cudaError_t codes that mean "no usable GPU" rather than a fault (driver_types.h). */
export const CUDA_ERROR = {
  /** No driver, or one older than the runtime: what a machine without a GPU answers. */
  INSUFFICIENT_DRIVER: 35,
  NO_DEVICE: 100,
} as const;
