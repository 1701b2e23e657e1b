/* 2-d pooling over NCHW planes with the CPU kernels' (and ATen's) window
 * rules, tie-breaking and NaN propagation (kernels/cpu/pool.c), so values
 * and int64 indices agree: one thread per output element. The gradients
 * scatter with atomics into a zeroed input gradient (the host zeroes it),
 * so overlapping windows add up in no fixed order, as on PyTorch's GPU
 * path. */
#include "common.cuh"

/* ATen's adaptive window: [floor(a*c/b), ceil((a+1)*c/b)) */
static __device__ __forceinline__ int64_t dk_astart(int64_t a, int64_t b, int64_t c) {
  return (a / b) * c + ((a % b) * c) / b;
}
static __device__ __forceinline__ int64_t dk_aend(int64_t a, int64_t b, int64_t c) { return 1 + ((a + 1) * c - 1) / b; }

/* One axis of output o's window: inputs lo, lo + d, ... < hi; span: the
 * extent counting padding (the count_include_pad divisor). */
struct dk_win {
  int64_t lo, hi, span;
};
static __device__ __forceinline__ dk_win dk_axis(int64_t kind, int64_t o, int64_t n, int64_t in, int64_t k, int64_t s,
                                                 int64_t pad, int64_t d) {
  int64_t a, b, span = 0;
  if (kind == 0) {
    a = o * s - pad, b = a + (k - 1) * d + 1;
    if (a < 0) a += (-a + d - 1) / d * d;
  } else if (kind == 1) {
    a = o * s - pad, b = a + k < in + pad ? a + k : in + pad, span = b - a;
    if (a < 0) a = 0;
  } else {
    a = dk_astart(o, n, in), b = dk_aend(o, n, in);
  }
  return {a, b < in ? b : in, span};
}

/* output element e: its plane, and its windows along h and w */
static __device__ __forceinline__ int64_t dk_pool_at(const PoolArgs &a, int64_t e, dk_win &wh, dk_win &ww) {
  const int64_t P = a.oh * a.ow, pl = e / P, o = e - pl * P, oh = o / a.ow, ow = o - oh * a.ow;
  wh = dk_axis(a.kind, oh, a.oh, a.h, a.kh, a.sh, a.ph, a.dh);
  ww = dk_axis(a.kind, ow, a.ow, a.w, a.kw, a.sw, a.pw, a.dw);
  return pl;
}

/* max_pool2d / adaptive_max_pool2d: the first maximum in window order, or the last NaN */
template <class T> static __device__ __forceinline__ void dk_max_pool(const PoolArgs &a) {
  const int64_t total = a.planes * a.oh * a.ow;
  for (int64_t e = dk_tid(); e < total; e += dk_nthreads()) {
    dk_win wh, ww;
    const int64_t pl = dk_pool_at(a, e, wh, ww);
    const T *xp = (const T *)a.x + pl * a.h * a.w;
    int64_t best = wh.lo * a.w + ww.lo;
    T m = -(T)INFINITY;
    for (int64_t ih = wh.lo; ih < wh.hi; ih += a.dh)
      for (int64_t iw = ww.lo; iw < ww.hi; iw += a.dw) {
        const T v = xp[ih * a.w + iw];
        if (v > m || v != v) m = v, best = ih * a.w + iw;
      }
    ((T *)a.y)[e] = m;
    ((int64_t *)a.idx)[e] = best;
  }
}

/* gx[plane, idx] += gy (gx zeroed by the host); an index outside its plane is skipped */
template <class T> static __device__ __forceinline__ void dk_max_pool_bwd(const PoolArgs &a) {
  const int64_t P = a.oh * a.ow, HW = a.h * a.w, total = a.planes * P;
  for (int64_t e = dk_tid(); e < total; e += dk_nthreads()) {
    const int64_t i = ((const int64_t *)a.idx)[e];
    if (i >= 0 && i < HW) atomicAdd((T *)a.x + (e / P) * HW + i, ((const T *)a.y)[e]);
  }
}

/* the divisor of an average window: 0 for a window in the padding only */
static __device__ __forceinline__ int64_t dk_avg_div(const PoolArgs &a, const dk_win &wh, const dk_win &ww) {
  if (wh.hi <= wh.lo || ww.hi <= ww.lo) return 0;
  if (a.kind == 2) return 1; /* adaptive: divides by each extent in turn, below */
  if (a.div) return a.div;
  return a.incl ? wh.span * ww.span : (wh.hi - wh.lo) * (ww.hi - ww.lo);
}

/* avg_pool2d and adaptive_avg_pool2d */
template <class T> static __device__ __forceinline__ void dk_avg_pool(const PoolArgs &a) {
  const int64_t total = a.planes * a.oh * a.ow;
  for (int64_t e = dk_tid(); e < total; e += dk_nthreads()) {
    dk_win wh, ww;
    const int64_t pl = dk_pool_at(a, e, wh, ww);
    const T *xp = (const T *)a.x + pl * a.h * a.w;
    T s = 0;
    for (int64_t ih = wh.lo; ih < wh.hi; ih++)
      for (int64_t iw = ww.lo; iw < ww.hi; iw++) s += xp[ih * a.w + iw];
    const int64_t div = dk_avg_div(a, wh, ww);
    T out = div ? s / (T)div : 0;
    if (a.kind == 2) out = s / (T)(wh.hi - wh.lo) / (T)(ww.hi - ww.lo);
    ((T *)a.y)[e] = out;
  }
}

/* their gradients: each output's share added to its window's inputs */
template <class T> static __device__ __forceinline__ void dk_avg_pool_bwd(const PoolArgs &a) {
  const int64_t total = a.planes * a.oh * a.ow;
  for (int64_t e = dk_tid(); e < total; e += dk_nthreads()) {
    dk_win wh, ww;
    const int64_t pl = dk_pool_at(a, e, wh, ww);
    const int64_t div = dk_avg_div(a, wh, ww);
    if (!div) continue;
    const T g = ((const T *)a.y)[e];
    const T d = a.kind == 2 ? g / (T)(wh.hi - wh.lo) / (T)(ww.hi - ww.lo) : g / (T)div;
    T *xp = (T *)a.x + pl * a.h * a.w;
    for (int64_t ih = wh.lo; ih < wh.hi; ih++)
      for (int64_t iw = ww.lo; iw < ww.hi; iw++) atomicAdd(xp + ih * a.w + iw, d);
  }
}

#define DK_POOL(sfx, T)                                                                                        \
  extern "C" __global__ void __launch_bounds__(256) dk_pool_max_##sfx(const __grid_constant__ PoolArgs a) {    \
    dk_max_pool<T>(a);                                                                                         \
  }                                                                                                            \
  extern "C" __global__ void __launch_bounds__(256) dk_pool_max_bwd_##sfx(const __grid_constant__ PoolArgs a) { \
    dk_max_pool_bwd<T>(a);                                                                                     \
  }                                                                                                            \
  extern "C" __global__ void __launch_bounds__(256) dk_pool_avg_##sfx(const __grid_constant__ PoolArgs a) {    \
    dk_avg_pool<T>(a);                                                                                         \
  }                                                                                                            \
  extern "C" __global__ void __launch_bounds__(256) dk_pool_avg_bwd_##sfx(const __grid_constant__ PoolArgs a) { \
    dk_avg_pool_bwd<T>(a);                                                                                     \
  }
DK_POOL(float32, float)
DK_POOL(float64, double)
