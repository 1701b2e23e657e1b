/**
 * The CUDA kernel sources, relative to the repository root. Listed (not
 * globbed) like ffi/sources.ts, because a library imported by URL cannot
 * list a remote folder; tests/backend/cuda_compile_test.ts checks the list
 * against kernels/cuda/.
 */

/** The kernel files: each compiles (NVRTC) to one module, named after the file. */
export const CUDA_KERNEL_FILES: readonly string[] = [
  "kernels/cuda/batchnorm.cu",
  "kernels/cuda/binary.cu",
  "kernels/cuda/copy.cu",
  "kernels/cuda/index.cu",
  "kernels/cuda/optim.cu",
  "kernels/cuda/pool.cu",
  "kernels/cuda/random.cu",
  "kernels/cuda/reduce.cu",
  "kernels/cuda/scan.cu",
  "kernels/cuda/softmax.cu",
  "kernels/cuda/sort.cu",
  "kernels/cuda/unary.cu",
];

/**
 * The headers they include, by the name they are included as. NVRTC gets
 * them as in-memory headers: it has no host headers (stdint.h and math.h
 * are small stand-ins) and, for a library imported by URL, no folder.
 */
export const CUDA_HEADER_FILES: Readonly<Record<string, string>> = {
  "stdint.h": "kernels/cuda/nvrtc_stdint.h",
  "math.h": "kernels/cuda/nvrtc_math.h",
  "dtypes.h": "kernels/include/dtypes.h",
  "ops.h": "kernels/include/ops.h",
  "optim_step.h": "kernels/include/optim_step.h",
  "special.h": "kernels/include/special.h",
  "special_fns.h": "kernels/include/special_fns.h",
  "special_fns_t.h": "kernels/include/special_fns_t.h",
  "args.cuh": "kernels/cuda/args.cuh",
  "common.cuh": "kernels/cuda/common.cuh",
  "rows.cuh": "kernels/cuda/rows.cuh",
};

/**
 * NVRTC options every build uses (part of the cache key). No FMA
 * contraction, as the C kernels are built (-ffp-contract=off), so
 * element-wise arithmetic rounds as on the CPU; division and square root
 * are IEEE-rounded (NVRTC's default).
 */
export const NVRTC_OPTIONS: readonly string[] = ["-std=c++17", "--fmad=false"];
