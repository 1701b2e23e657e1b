/* Casts between every pair of dtypes (a plain strided copy when they
 * agree), where(cond, x, y) and fill, over strided N-d spaces. Float to
 * integer casts give what the CPU kernels give on x86 (and NumPy there):
 * NaN and out-of-range values become the minimum of int32/int64, and the
 * narrower types go through int32 and wrap; CUDA's own conversions would
 * saturate instead. */
#include "common.cuh"

template <class D, class S> static __device__ __forceinline__ D dk_convert(S x) {
  if constexpr (dk_same<D, bool>::value) return x != 0;
  else if constexpr (dk_is_flt<S>::value && !dk_is_flt<D>::value) {
    const double v = (double)x;
    if constexpr (sizeof(D) == 8) return (v >= -9223372036854775808.0 && v < 9223372036854775808.0) ? (D)v : (D)INT64_MIN;
    else return (D)((v > -2147483649.0 && v < 2147483648.0) ? (int32_t)v : INT32_MIN);
  } else return (D)x;
}

template <class S, class D> static __device__ __forceinline__ void dk_cast_run(const EwArgs<2> &a) {
  constexpr int V = dk_vwidth<S, D>::value;
  if (a.flags & DK_EW_CONTIG) {
    const S *__restrict__ x = (const S *)a.p[0] + a.off[0];
    D *__restrict__ y = (D *)a.p[1] + a.off[1];
    const int64_t step = dk_nthreads();
    int64_t i = dk_tid();
    if (a.flags & DK_EW_VEC) {
      const int64_t nv = a.n / V;
      for (int64_t v = i; v < nv; v += step) {
        dk_vec<S, V> xv = ((const dk_vec<S, V> *)x)[v];
        dk_vec<D, V> yv;
#pragma unroll
        for (int j = 0; j < V; j++) yv.v[j] = dk_convert<D>(xv.v[j]);
        ((dk_vec<D, V> *)y)[v] = yv;
      }
      i += nv * V;
    }
#pragma unroll 1
    for (; i < a.n; i += step) y[i] = dk_convert<D>(x[i]);
    return;
  }
  dk_ew_strided(a, [&](const int64_t(&o)[2]) { ((D *)a.p[1])[o[1]] = dk_convert<D>(((const S *)a.p[0])[o[0]]); });
}

#define DK_CAST_TO(dsfx, D, ssfx, S) \
  extern "C" __global__ void __launch_bounds__(256) dk_cast_##ssfx##_##dsfx(const __grid_constant__ EwArgs<2> a) { dk_cast_run<S, D>(a); }
#define DK_CAST_FROM(ssfx, S)                                                                             \
  DK_CAST_TO(bool, bool, ssfx, S) DK_CAST_TO(uint8, uint8_t, ssfx, S) DK_CAST_TO(int32, int32_t, ssfx, S) \
  DK_CAST_TO(int64, int64_t, ssfx, S) DK_CAST_TO(float32, float, ssfx, S) DK_CAST_TO(float64, double, ssfx, S)
DK_CUDA_DTYPES(DK_CAST_FROM)

/* where(cond, x, y) by item size: operands cond (bool), x, y, out */
#define DK_WHERE(bits, T)                                                                                  \
  extern "C" __global__ void __launch_bounds__(256) dk_where_##bits(const __grid_constant__ EwArgs<4> a) {                   \
    dk_ew_strided(a, [&](const int64_t(&o)[4]) {                                                            \
      ((T *)a.p[3])[o[3]] = ((const bool *)a.p[0])[o[0]] ? ((const T *)a.p[1])[o[1]] : ((const T *)a.p[2])[o[2]]; \
    });                                                                                                     \
  }
DK_WHERE(8, uint8_t)
DK_WHERE(32, uint32_t)
DK_WHERE(64, uint64_t)

/* fill a strided view with one value's bits, by item size */
#define DK_FILL(bits, T)                                                                    \
  extern "C" __global__ void __launch_bounds__(256) dk_fill_##bits(const __grid_constant__ FillArgs a) {     \
    const T v = (T)a.value;                                                                 \
    dk_ew_strided(a.nd, [&](const int64_t(&o)[1]) { ((T *)a.nd.p[0])[o[0]] = v; });        \
  }
DK_FILL(8, uint8_t)
DK_FILL(32, uint32_t)
DK_FILL(64, uint64_t)
