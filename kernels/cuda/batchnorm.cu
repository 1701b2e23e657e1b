/* Batch normalization over N x C x HW, statistics per channel over N x HW,
 * as the CPU kernels compute it (kernels/cpu/batchnorm.c): sums in double,
 * two passes (mean, then the squared deviations), the running variance
 * updated with the unbiased estimate, and the backward from the saved mean
 * and 1/std. The statistics take one block per channel (each loops over
 * further channels), whose threads split the channel's N x HW elements;
 * applying them (dk_bn_apply) takes a block row per N x C plane, so a
 * large activation is spread over the whole GPU, not over C blocks. */
#include "rows.cuh"

struct dk_bn_add {
  __device__ double operator()(double a, double b) const { return a + b; }
};

/* element i of channel c's N x HW elements, as an offset */
static __device__ __forceinline__ int64_t dk_bn_at(const BnArgs &a, int64_t c, int64_t i) {
  const int64_t n = i / a.hw;
  return (n * a.c + c) * a.hw + (i - n * a.hw);
}

template <class T> static __device__ __forceinline__ void dk_bn_forward(const BnArgs &a) {
  __shared__ double tot[32];
  const int64_t cnt = a.n * a.hw;
  const T *x = (const T *)a.x;
  for (int64_t c = blockIdx.x; c < a.c; c += gridDim.x) {
    double mu, inv;
    if (a.training) {
      double s = 0;
      for (int64_t i = threadIdx.x; i < cnt; i += blockDim.x) s += (double)x[dk_bn_at(a, c, i)];
      mu = dk_block_reduce(s, 0.0, dk_bn_add(), tot) / (double)cnt;
      double q = 0;
      for (int64_t i = threadIdx.x; i < cnt; i += blockDim.x) {
        const double v = (double)x[dk_bn_at(a, c, i)] - mu;
        q += v * v;
      }
      q = dk_block_reduce(q, 0.0, dk_bn_add(), tot);
      inv = 1 / sqrt(q / (double)cnt + a.eps);
      if (threadIdx.x == 0) {
        T *rm = (T *)a.rmean, *rv = (T *)a.rvar;
        if (rm) rm[c] = (T)(a.momentum * mu + (1 - a.momentum) * rm[c]);
        if (rv) rv[c] = (T)(a.momentum * q / (double)(cnt - 1) + (1 - a.momentum) * rv[c]);
      }
    } else {
      mu = ((const T *)a.rmean)[c], inv = 1 / sqrt((double)((const T *)a.rvar)[c] + a.eps);
    }
    if (threadIdx.x == 0) ((T *)a.mean)[c] = (T)mu, ((T *)a.invstd)[c] = (T)inv;
  }
}

/* y = x * s + t per channel, the affine folded in; evaluation takes mean and 1/std from the running statistics in
 * double as the statistics kernel does, training from what that kernel saved */
template <class T> static __device__ __forceinline__ void dk_bn_apply(const BnArgs &a) {
  const T *x = (const T *)a.x;
  T *y = (T *)a.y;
  for (int64_t plane = blockIdx.y; plane < a.n * a.c; plane += gridDim.y) {
    const int64_t c = plane % a.c;
    const double mu = a.training ? (double)((const T *)a.mean)[c] : (double)((const T *)a.rmean)[c];
    const double inv = a.training ? (double)((const T *)a.invstd)[c] : 1 / sqrt((double)((const T *)a.rvar)[c] + a.eps);
    const double g = a.gamma ? (double)((const T *)a.gamma)[c] : 1, b = a.beta ? (double)((const T *)a.beta)[c] : 0;
    const T sc = (T)(inv * g), sh = (T)(b - mu * inv * g);
    const int64_t base = plane * a.hw;
    for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < a.hw; i += (int64_t)gridDim.x * blockDim.x) {
      y[base + i] = x[base + i] * sc + sh;
    }
  }
}

template <class T> static __device__ __forceinline__ void dk_bn_backward(const BnArgs &a) {
  __shared__ double tot[32];
  const int64_t cnt = a.n * a.hw;
  const T *x = (const T *)a.x, *gy = (const T *)a.gy;
  for (int64_t c = blockIdx.x; c < a.c; c += gridDim.x) {
    const double mu = ((const T *)a.mean)[c], inv = ((const T *)a.invstd)[c];
    double sg = 0, sgx = 0;
    for (int64_t i = threadIdx.x; i < cnt; i += blockDim.x) {
      const int64_t at = dk_bn_at(a, c, i);
      const double g = gy[at];
      sg += g;
      sgx += g * ((double)x[at] - mu);
    }
    sg = dk_block_reduce(sg, 0.0, dk_bn_add(), tot);
    sgx = dk_block_reduce(sgx, 0.0, dk_bn_add(), tot);
    if (threadIdx.x == 0) {
      if (a.ggamma) ((T *)a.ggamma)[c] = (T)(sgx * inv);
      if (a.gbeta) ((T *)a.gbeta)[c] = (T)sg;
    }
    if (!a.gx) continue;
    const double w = a.gamma ? (double)((const T *)a.gamma)[c] : 1;
    /* training: gx = w*inv*(gy - mean(gy) - xhat*mean(gy*xhat)); else w*inv*gy */
    const double k = a.training ? sgx * inv * inv / (double)cnt : 0, gm = a.training ? sg / (double)cnt : 0;
    const T s = (T)(w * inv), kk = (T)k, mm = (T)mu, gmm = (T)gm;
    for (int64_t i = threadIdx.x; i < cnt; i += blockDim.x) {
      const int64_t at = dk_bn_at(a, c, i);
      ((T *)a.gx)[at] = (gy[at] - gmm - (x[at] - mm) * kk) * s;
    }
  }
}

#define DK_BN(sfx, T)                                                                                           \
  extern "C" __global__ void __launch_bounds__(DK_ROW_THREADS) dk_bn_fwd_##sfx(const __grid_constant__ BnArgs a) { \
    dk_bn_forward<T>(a);                                                                                        \
  }                                                                                                             \
  extern "C" __global__ void __launch_bounds__(DK_ROW_THREADS) dk_bn_apply_##sfx(const __grid_constant__ BnArgs a) { \
    dk_bn_apply<T>(a);                                                                                          \
  }                                                                                                             \
  extern "C" __global__ void __launch_bounds__(DK_ROW_THREADS) dk_bn_bwd_##sfx(const __grid_constant__ BnArgs a) { \
    dk_bn_backward<T>(a);                                                                                       \
  }
DK_BN(float32, float)
DK_BN(float64, double)
