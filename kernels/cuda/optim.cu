/* Fused optimizer steps (src/optim/fused.ts) on the device: one launch per
 * parameter instead of a kernel (and a scalar copied in) per tensor op. The
 * element updates are the CPU kernels' (optim_step.h); products and sums
 * that PyTorch rounds separately use the _rn intrinsics, which the
 * compiler never contracts into a fused multiply-add. */
#include "common.cuh"

static __device__ __forceinline__ float dk_mul_rn(float a, float b) { return __fmul_rn(a, b); }
static __device__ __forceinline__ double dk_mul_rn(double a, double b) { return __dmul_rn(a, b); }
static __device__ __forceinline__ float dk_add_rn(float a, float b) { return __fadd_rn(a, b); }
static __device__ __forceinline__ double dk_add_rn(double a, double b) { return __dadd_rn(a, b); }
#define DK_MUL(a, b) dk_mul_rn(a, b)
#define DK_ADD(a, b) dk_add_rn(a, b)
#include "optim_step.h"

#define DK_OPTIM(sfx, T, FMA, SQRT)                                                                                \
  extern "C" __global__ void __launch_bounds__(256) dk_sgd_step_##sfx(const __grid_constant__ OptimArgs a) {      \
    T *p = (T *)a.p, *buf = (T *)a.m;                                                                              \
    const T *g = (const T *)a.g;                                                                                   \
    DK_SGD_CONSTS(T, a.s, a.flags)                                                                                 \
    for (int64_t i = dk_tid(); i < a.n; i += dk_nthreads()) DK_SGD_ELEM(T, FMA, p, g, buf, i)                     \
  }                                                                                                                \
  extern "C" __global__ void __launch_bounds__(256) dk_adam_step_##sfx(const __grid_constant__ OptimArgs a) {     \
    T *p = (T *)a.p, *m = (T *)a.m, *v = (T *)a.v, *vmax = (T *)a.vmax;                                            \
    const T *g = (const T *)a.g;                                                                                   \
    DK_ADAM_CONSTS(T, a.s, a.flags)                                                                                \
    for (int64_t i = dk_tid(); i < a.n; i += dk_nthreads()) DK_ADAM_ELEM(T, FMA, SQRT, p, g, m, v, vmax, i)       \
  }
DK_OPTIM(float32, float, fmaf, sqrtf)
DK_OPTIM(float64, double, fma, sqrt)
