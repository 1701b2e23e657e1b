/* Row-wise kernels (scans, softmax) see their input as rows along one
 * axis: `nrows` rows of `n` elements, `in_step`/`out_step` apart within a
 * row, the rows placed by the other dims (innermost first). One block
 * works on one row at a time. */
#ifndef DK_CUDA_ROWS_CUH
#define DK_CUDA_ROWS_CUH
#include "common.cuh"

#define DK_ROW_THREADS 256

/* Inclusive scan of v across the block with op (identity id); blockDim.x
 * is a multiple of 32. `tot` is shared scratch of 32. */
template <class T, class Op>
static __device__ __forceinline__ T dk_block_scan(T v, T id, Op op, T *tot) {
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, nwarps = blockDim.x >> 5;
#pragma unroll
  for (int d = 1; d < 32; d <<= 1) {
    const T u = __shfl_up_sync(0xffffffffu, v, d);
    if (lane >= d) v = op(u, v);
  }
  if (lane == 31) tot[warp] = v;
  __syncthreads();
  if (warp == 0) {
    T w = lane < nwarps ? tot[lane] : id;
#pragma unroll
    for (int d = 1; d < 32; d <<= 1) {
      const T u = __shfl_up_sync(0xffffffffu, w, d);
      if (lane >= d) w = op(u, w);
    }
    tot[lane] = w;
  }
  __syncthreads();
  if (warp > 0) v = op(tot[warp - 1], v);
  __syncthreads(); /* tot is reused by the next call */
  return v;
}

/* The reduction of v across the block (every thread gets it). */
template <class T, class Op>
static __device__ __forceinline__ T dk_block_reduce(T v, T id, Op op, T *tot) {
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, nwarps = blockDim.x >> 5;
#pragma unroll
  for (int d = 16; d > 0; d >>= 1) v = op(v, __shfl_xor_sync(0xffffffffu, v, d));
  if (lane == 0) tot[warp] = v;
  __syncthreads();
  T w = lane < nwarps ? tot[lane] : id;
#pragma unroll
  for (int d = 16; d > 0; d >>= 1) w = op(w, __shfl_xor_sync(0xffffffffu, w, d));
  __syncthreads(); /* tot is reused by the next call */
  return w;
}
#endif
