/* Binary element-wise kernels, expanded from BINARY_OPS (kernels/include/ops.h):
 * one entry dk_binary_<op>_<dtype> per dtype the op's mask allows, over
 * EwArgs<3> (a, b, output). */
#include "common.cuh"

template <class Op> static __device__ __forceinline__ void dk_binary_run(const EwArgs<3> &a) {
  typedef typename Op::in_t T;
  typedef typename Op::out_t O;
  constexpr int V = dk_vwidth<T, O>::value;
  if (a.flags & DK_EW_CONTIG) {
    const T *__restrict__ x = (const T *)a.p[0] + a.off[0];
    const T *__restrict__ y = (const T *)a.p[1] + a.off[1];
    O *__restrict__ z = (O *)a.p[2] + a.off[2];
    const int64_t step = dk_nthreads();
    int64_t i = dk_tid();
    if (a.flags & DK_EW_VEC) {
      const int64_t nv = a.n / V;
      for (int64_t v = i; v < nv; v += step) {
        dk_vec<T, V> xv = ((const dk_vec<T, V> *)x)[v], yv = ((const dk_vec<T, V> *)y)[v];
        dk_vec<O, V> zv;
#pragma unroll
        for (int j = 0; j < V; j++) zv.v[j] = Op::f(xv.v[j], yv.v[j]);
        ((dk_vec<O, V> *)z)[v] = zv;
      }
      i += nv * V;
    }
#pragma unroll 1
    for (; i < a.n; i += step) z[i] = Op::f(x[i], y[i]);
    return;
  }
  dk_ew_strided(a, [&](const int64_t(&o)[3]) {
    ((O *)a.p[2])[o[2]] = Op::f(((const T *)a.p[0])[o[0]], ((const T *)a.p[1])[o[1]]);
  });
}

#define DK_BINARY_ENTRY(sfx, ST, CT, name, isbool, expr)                                          \
  struct dk_b_##name##_##sfx {                                                                    \
    typedef ST in_t;                                                                              \
    typedef DK_OUT(isbool, ST) out_t;                                                             \
    static __device__ __forceinline__ out_t f(CT a, CT b) { return (out_t)(expr); }               \
  };                                                                                              \
  extern "C" __global__ void __launch_bounds__(256) dk_binary_##name##_##sfx(const __grid_constant__ EwArgs<3> a) { \
    dk_binary_run<dk_b_##name##_##sfx>(a);                                                        \
  }
#define DK_BINARY(name, mask, isbool, expr) DK_BDT_##mask(DK_BINARY_ENTRY, name, isbool, expr)
BINARY_OPS(DK_BINARY)
