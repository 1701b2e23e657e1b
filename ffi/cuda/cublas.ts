/**
 * cuBLAS (libcublas.so.13): handle setup and the float32/float64 GEMMs.
 * Matrices are device addresses (`u64`); alpha and beta are host scalars
 * (the default pointer mode) passed as one-element typed arrays.
 */
/** handle, transa, transb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc. */
const GEMM = [
  "pointer",
  "i32",
  "i32",
  "i32",
  "i32",
  "i32",
  "buffer",
  "u64",
  "i32",
  "u64",
  "i32",
  "buffer",
  "u64",
  "i32",
] as const;
/** As GEMM, with each matrix's batch stride (elements) after its leading dimension, then the batch count. */
const GEMM_STRIDED_BATCHED = [
  "pointer",
  "i32",
  "i32",
  "i32",
  "i32",
  "i32",
  "buffer",
  "u64",
  "i32",
  "i64",
  "u64",
  "i32",
  "i64",
  "buffer",
  "u64",
  "i32",
  "i64",
  "i32",
] as const;

export const CUBLAS_SYMBOLS = {
  cublasCreate_v2: { parameters: ["buffer"], result: "i32" },
  cublasDestroy_v2: { parameters: ["pointer"], result: "i32" },
  cublasGetVersion_v2: { parameters: ["pointer", "buffer"], result: "i32" },
  cublasSetStream_v2: { parameters: ["pointer", "pointer"], result: "i32" },
  cublasSetMathMode: { parameters: ["pointer", "i32"], result: "i32" },
  cublasGetMathMode: { parameters: ["pointer", "buffer"], result: "i32" },
  cublasSetPointerMode_v2: { parameters: ["pointer", "i32"], result: "i32" },
  cublasSetWorkspace_v2: { parameters: ["pointer", "u64", "u64"], result: "i32" },
  cublasGetStatusName: { parameters: ["i32"], result: "pointer" },
  cublasGetStatusString: { parameters: ["i32"], result: "pointer" },
  cublasSgemm_v2: { parameters: GEMM, result: "i32" },
  cublasDgemm_v2: { parameters: GEMM, result: "i32" },
  cublasSgemmStridedBatched: { parameters: GEMM_STRIDED_BATCHED, result: "i32" },
  cublasDgemmStridedBatched: { parameters: GEMM_STRIDED_BATCHED, result: "i32" },
} as const satisfies Deno.ForeignLibraryInterface;

/** cublasOperation_t. */
export const CUBLAS_OP = { N: 0, T: 1 } as const;
/** cublasMath_t: TF32 tensor cores for float32 GEMMs only when asked, as PyTorch's allow_tf32. */
export const CUBLAS_MATH = { DEFAULT: 0, TF32_TENSOR_OP: 3 } as const;
