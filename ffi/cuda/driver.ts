/**
 * The CUDA driver API (libcuda.so.1) for Deno.dlopen. Handles (CUcontext,
 * CUmodule, CUfunction, CUstream, CUevent) are `pointer`s; device addresses
 * (CUdeviceptr) and sizes are `u64` passed as bigint, which keeps V8's fast
 * call path; out-parameters are `buffer`s. Versioned symbols are named as
 * cuda.h maps them (`cuMemAlloc` is `cuMemAlloc_v2`): the unversioned names
 * are the legacy 32-bit entry points.
 */
export const DRIVER_SYMBOLS = {
  cuInit: { parameters: ["u32"], result: "i32" },
  cuDriverGetVersion: { parameters: ["buffer"], result: "i32" },
  cuGetErrorName: { parameters: ["i32", "buffer"], result: "i32" },
  cuGetErrorString: { parameters: ["i32", "buffer"], result: "i32" },
  // devices and contexts
  cuDeviceGetCount: { parameters: ["buffer"], result: "i32" },
  cuDeviceGet: { parameters: ["buffer", "i32"], result: "i32" },
  cuDeviceGetName: { parameters: ["buffer", "i32", "i32"], result: "i32" },
  cuDeviceGetAttribute: { parameters: ["buffer", "i32", "i32"], result: "i32" },
  cuDeviceTotalMem_v2: { parameters: ["buffer", "i32"], result: "i32" },
  cuDevicePrimaryCtxRetain: { parameters: ["buffer", "i32"], result: "i32" },
  cuDevicePrimaryCtxRelease_v2: { parameters: ["i32"], result: "i32" },
  cuCtxSetCurrent: { parameters: ["pointer"], result: "i32" },
  cuCtxGetCurrent: { parameters: ["buffer"], result: "i32" },
  cuCtxSynchronize: { parameters: [], result: "i32" },
  // modules and launches
  cuModuleLoadData: { parameters: ["buffer", "buffer"], result: "i32" },
  cuModuleUnload: { parameters: ["pointer"], result: "i32" },
  cuModuleGetFunction: { parameters: ["buffer", "pointer", "buffer"], result: "i32" },
  cuFuncGetAttribute: { parameters: ["buffer", "i32", "pointer"], result: "i32" },
  cuFuncSetAttribute: { parameters: ["pointer", "i32", "i32"], result: "i32" },
  cuOccupancyMaxActiveBlocksPerMultiprocessor: { parameters: ["buffer", "pointer", "i32", "u64"], result: "i32" },
  /** f, grid x/y/z, block x/y/z, dynamic shared bytes, stream, void** params, void** extra. */
  cuLaunchKernel: {
    parameters: ["pointer", "u32", "u32", "u32", "u32", "u32", "u32", "u32", "pointer", "pointer", "pointer"],
    result: "i32",
  },
  // memory
  cuMemAlloc_v2: { parameters: ["buffer", "u64"], result: "i32" },
  cuMemFree_v2: { parameters: ["u64"], result: "i32" },
  cuMemGetInfo_v2: { parameters: ["buffer", "buffer"], result: "i32" },
  cuMemAllocHost_v2: { parameters: ["buffer", "u64"], result: "i32" },
  cuMemHostAlloc: { parameters: ["buffer", "u64", "u32"], result: "i32" },
  cuMemFreeHost: { parameters: ["pointer"], result: "i32" },
  cuMemHostRegister_v2: { parameters: ["pointer", "u64", "u32"], result: "i32" },
  cuMemHostUnregister: { parameters: ["pointer"], result: "i32" },
  cuMemcpyHtoD_v2: { parameters: ["u64", "buffer", "u64"], result: "i32" },
  cuMemcpyDtoH_v2: { parameters: ["buffer", "u64", "u64"], result: "i32" },
  cuMemcpyDtoD_v2: { parameters: ["u64", "u64", "u64"], result: "i32" },
  cuMemcpyHtoDAsync_v2: { parameters: ["u64", "buffer", "u64", "pointer"], result: "i32" },
  cuMemcpyDtoHAsync_v2: { parameters: ["buffer", "u64", "u64", "pointer"], result: "i32" },
  cuMemcpyDtoDAsync_v2: { parameters: ["u64", "u64", "u64", "pointer"], result: "i32" },
  /** dst, dst context, src, src context, bytes, stream. */
  cuMemcpyPeerAsync: { parameters: ["u64", "pointer", "u64", "pointer", "u64", "pointer"], result: "i32" },
  cuMemsetD8Async: { parameters: ["u64", "u8", "u64", "pointer"], result: "i32" },
  cuMemsetD32Async: { parameters: ["u64", "u32", "u64", "pointer"], result: "i32" },
  // streams and events
  cuStreamCreate: { parameters: ["buffer", "u32"], result: "i32" },
  cuStreamDestroy_v2: { parameters: ["pointer"], result: "i32" },
  cuStreamSynchronize: { parameters: ["pointer"], result: "i32" },
  cuStreamQuery: { parameters: ["pointer"], result: "i32" },
  cuStreamWaitEvent: { parameters: ["pointer", "pointer", "u32"], result: "i32" },
  cuEventCreate: { parameters: ["buffer", "u32"], result: "i32" },
  cuEventRecord: { parameters: ["pointer", "pointer"], result: "i32" },
  cuEventSynchronize: { parameters: ["pointer"], result: "i32" },
  cuEventQuery: { parameters: ["pointer"], result: "i32" },
  cuEventElapsedTime_v2: { parameters: ["buffer", "pointer", "pointer"], result: "i32" },
  cuEventDestroy_v2: { parameters: ["pointer"], result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;

/** CUDA_ERROR_OUT_OF_MEMORY (cuda.h): the one CUresult the allocator acts on. */
export const CU_ERROR_OUT_OF_MEMORY = 2;

/** CUdevice_attribute values used (cuda.h). */
export const CU_DEVICE_ATTRIBUTE = {
  MULTIPROCESSOR_COUNT: 16,
  COMPUTE_CAPABILITY_MAJOR: 75,
  COMPUTE_CAPABILITY_MINOR: 76,
} as const;

/** cuEventCreate flag: no timing data, so recording and waiting are cheapest. */
export const CU_EVENT_DISABLE_TIMING = 2;
