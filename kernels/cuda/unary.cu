/* Unary element-wise kernels, expanded from UNARY_OPS (kernels/include/ops.h):
 * one entry dk_unary_<op>_<dtype> per dtype the op's mask allows, over
 * EwArgs<2> (input, output). */
#include "common.cuh"

template <class Op> static __device__ __forceinline__ void dk_unary_run(const EwArgs<2> &a) {
  typedef typename Op::in_t T;
  typedef typename Op::out_t O;
  constexpr int V = dk_vwidth<T, O>::value;
  if (a.flags & DK_EW_CONTIG) {
    const T *__restrict__ x = (const T *)a.p[0] + a.off[0];
    O *__restrict__ y = (O *)a.p[1] + a.off[1];
    const int64_t step = dk_nthreads();
    int64_t i = dk_tid();
    if (a.flags & DK_EW_VEC) {
      const int64_t nv = a.n / V;
      for (int64_t v = i; v < nv; v += step) {
        dk_vec<T, V> xv = ((const dk_vec<T, V> *)x)[v];
        dk_vec<O, V> yv;
#pragma unroll
        for (int j = 0; j < V; j++) yv.v[j] = Op::f(xv.v[j]);
        ((dk_vec<O, V> *)y)[v] = yv;
      }
      i += nv * V;
    }
#pragma unroll 1
    for (; i < a.n; i += step) y[i] = Op::f(x[i]);
    return;
  }
  dk_ew_strided(a, [&](const int64_t(&o)[2]) { ((O *)a.p[1])[o[1]] = Op::f(((const T *)a.p[0])[o[0]]); });
}

#define DK_UNARY_ENTRY(sfx, ST, CT, name, isbool, expr)                                          \
  struct dk_u_##name##_##sfx {                                                                   \
    typedef ST in_t;                                                                             \
    typedef DK_OUT(isbool, ST) out_t;                                                            \
    static __device__ __forceinline__ out_t f(CT x) { return (out_t)(expr); }                    \
  };                                                                                             \
  extern "C" __global__ void __launch_bounds__(256) dk_unary_##name##_##sfx(const __grid_constant__ EwArgs<2> a) { \
    dk_unary_run<dk_u_##name##_##sfx>(a);                                                        \
  }
#define DK_UNARY(name, mask, isbool, expr) DK_DT_##mask(DK_UNARY_ENTRY, name, isbool, expr)
UNARY_OPS(DK_UNARY)
