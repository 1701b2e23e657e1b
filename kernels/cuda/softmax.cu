/* softmax and log_softmax along one axis, fused: exp(x - max) / sum, or
 * x - max - log(sum), with the sum accumulated in double (as float32 sums
 * are elsewhere). A NaN in a row makes the whole row NaN, as in PyTorch.
 * flags bit 0: log. */
#include "rows.cuh"

struct dk_op_max {
  __device__ double operator()(double a, double b) const { return (a != a || a > b) ? a : b; }
};
struct dk_op_add {
  __device__ double operator()(double a, double b) const { return a + b; }
};

template <class T> static __device__ __forceinline__ void dk_softmax_run(const RowArgs &a) {
  __shared__ double tot[32];
  const bool lg = a.flags & 1;
  for (int64_t row = blockIdx.x; row < a.nrows; row += gridDim.x) {
    const T *x = (const T *)a.in + a.in_off + dk_unravel(row, a.nd, a.shape, a.in_strides);
    T *y = (T *)a.out + a.out_off + dk_unravel(row, a.nd, a.shape, a.out_strides);
    double m = -(double)INFINITY;
    for (int64_t i = threadIdx.x; i < a.n; i += blockDim.x) m = dk_op_max()(m, (double)x[i * a.in_step]);
    m = dk_block_reduce(m, -(double)INFINITY, dk_op_max(), tot);
    const T mt = (T)m;
    double s = 0;
    for (int64_t i = threadIdx.x; i < a.n; i += blockDim.x) s += (double)DK_F(exp, (T)(x[i * a.in_step] - mt));
    s = dk_block_reduce(s, 0.0, dk_op_add(), tot);
    if (lg) {
      const T ls = (T)log(s);
      for (int64_t i = threadIdx.x; i < a.n; i += blockDim.x) y[i * a.out_step] = x[i * a.in_step] - mt - ls;
    } else {
      const T inv = (T)(1.0 / s);
      for (int64_t i = threadIdx.x; i < a.n; i += blockDim.x) y[i * a.out_step] = DK_F(exp, (T)(x[i * a.in_step] - mt)) * inv;
    }
  }
}

extern "C" __global__ void __launch_bounds__(DK_ROW_THREADS) dk_softmax_float32(const __grid_constant__ RowArgs a) {
  dk_softmax_run<float>(a);
}
extern "C" __global__ void __launch_bounds__(DK_ROW_THREADS) dk_softmax_float64(const __grid_constant__ RowArgs a) {
  dk_softmax_run<double>(a);
}
