/* cumsum / cumprod along one axis, accumulating in the output type as the
 * CPU kernels do (int64 for bool and the integers, wrapping). Each row is
 * scanned a block-wide tile at a time, the tile's total carried into the
 * next, so a long row uses the whole block. */
#include "rows.cuh"

template <class A> struct dk_scan_sum {
  __device__ A operator()(A a, A b) const {
    if constexpr (dk_is_flt<A>::value) return a + b;
    else return (A)((uint64_t)a + (uint64_t)b);
  }
};
template <class A> struct dk_scan_prod {
  __device__ A operator()(A a, A b) const {
    if constexpr (dk_is_flt<A>::value) return a * b;
    else return (A)((uint64_t)a * (uint64_t)b);
  }
};

template <class T, class O, class Op>
static __device__ __forceinline__ void dk_scan_run(const RowArgs &a, O id) {
  __shared__ O tot[32];
  __shared__ O carry_s;
  const Op op;
  for (int64_t row = blockIdx.x; row < a.nrows; row += gridDim.x) {
    const T *x = (const T *)a.in + a.in_off + dk_unravel(row, a.nd, a.shape, a.in_strides);
    O *y = (O *)a.out + a.out_off + dk_unravel(row, a.nd, a.shape, a.out_strides);
    O carry = id;
    for (int64_t t0 = 0; t0 < a.n; t0 += blockDim.x) {
      const int64_t i = t0 + threadIdx.x;
      O v = i < a.n ? (O)x[i * a.in_step] : id;
      v = op(carry, dk_block_scan(v, id, op, tot));
      if (i < a.n) y[i * a.out_step] = v;
      if (threadIdx.x == blockDim.x - 1) carry_s = v;
      __syncthreads();
      carry = carry_s;
      __syncthreads();
    }
  }
}

#define DK_SCAN_ENTRY(sfx, T, O)                                                                             \
  extern "C" __global__ void __launch_bounds__(DK_ROW_THREADS) dk_cumsum_##sfx(const __grid_constant__ RowArgs a) {           \
    dk_scan_run<T, O, dk_scan_sum<O>>(a, (O)0);                                                              \
  }                                                                                                          \
  extern "C" __global__ void __launch_bounds__(DK_ROW_THREADS) dk_cumprod_##sfx(const __grid_constant__ RowArgs a) {          \
    dk_scan_run<T, O, dk_scan_prod<O>>(a, (O)1);                                                             \
  }
DK_SCAN_ENTRY(bool, bool, int64_t)
DK_SCAN_ENTRY(uint8, uint8_t, int64_t)
DK_SCAN_ENTRY(int32, int32_t, int64_t)
DK_SCAN_ENTRY(int64, int64_t, int64_t)
DK_SCAN_ENTRY(float32, float, float)
DK_SCAN_ENTRY(float64, double, double)
