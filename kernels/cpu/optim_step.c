/* Fused optimizer updates (src/optim/fused.ts): one pass over a contiguous
 * float32/float64 parameter, its gradient and its state instead of one
 * kernel call (and temporary) per tensor op. Each element follows PyTorch's
 * single-tensor code op by op and rounds where each of its ops rounds: its
 * add/sub with alpha and lerp are fused multiply-adds in its vectorized CPU
 * kernels (ufunc/add.h, LerpKernel.cpp), addcmul/addcdiv are
 * self + (value * t1) * t2 and self + (value * t1) / t2, everything else one
 * rounding per op. Contraction is off so the compiler adds no other fma.
 *
 * dk_sgd_step flags: 1 nesterov, 2 maximize, 4 first step (the momentum
 * buffer starts as a copy of the gradient), 8 momentum (buf used).
 * dk_adam_step flags: 1 maximize, 2 decoupled weight decay, 4 amsgrad
 * (vmax used). Scalars come as PyTorch's Python floats (double) and are
 * rounded to the dtype where its kernels take them. */
#include "../include/dendrite.h"
#include <math.h>

#pragma GCC optimize("fp-contract=off")

/* Element-wise work this large is split across threads. */
#define STEP_PAR_MIN (1 << 15)

/* contraction is off: a product and a sum stay two roundings */
#define DK_MUL(a, b) ((a) * (b))
#define DK_ADD(a, b) ((a) + (b))
#include "../include/optim_step.h"

#define DEF_SGD(sfx, T, FMA)                                                                                \
  static void sgd_##sfx(T *p, const T *g, T *buf, int64_t n, const double *s, int flags) {                \
    DK_SGD_CONSTS(T, s, flags)                                                                              \
    DK_PARALLEL_FOR(n >= STEP_PAR_MIN, "omp parallel for simd schedule(static)", (int64_t i = 0; i < n; i++), \
                    DK_SGD_ELEM(T, FMA, p, g, buf, i));                                                     \
  }

#define DEF_ADAM(sfx, T, FMA, SQRT)                                                                          \
  static void adam_##sfx(T *p, const T *g, T *m, T *v, T *vmax, int64_t n, const double *s, int flags) {     \
    DK_ADAM_CONSTS(T, s, flags)                                                                              \
    DK_PARALLEL_FOR(n >= STEP_PAR_MIN, "omp parallel for simd schedule(static)", (int64_t i = 0; i < n; i++), \
                    DK_ADAM_ELEM(T, FMA, SQRT, p, g, m, v, vmax, i));                                        \
  }

DEF_SGD(f32, float, fmaf)
DEF_SGD(f64, double, fma)
DEF_ADAM(f32, float, fmaf, sqrtf)
DEF_ADAM(f64, double, fma, sqrt)

int dk_sgd_step(int32_t dtype, void *p, const void *g, void *buf, int64_t n, double lr, double momentum,
                double dampening, double weight_decay, int32_t flags) {
  if (n < 0) return dk_fail("sgd step: negative size");
  if ((flags & 8) && !buf) return dk_fail("sgd step: momentum needs a buffer");
  const double s[4] = {lr, momentum, dampening, weight_decay};
  if (dtype == DK_FLOAT32) sgd_f32(p, g, buf, n, s, flags);
  else if (dtype == DK_FLOAT64) sgd_f64(p, g, buf, n, s, flags);
  else return dk_fail("sgd step: dtype must be float32 or float64");
  return 0;
}

int dk_adam_step(int32_t dtype, void *p, const void *g, void *m, void *v, void *vmax, int64_t n,
                 const double *scalars, int32_t flags) {
  if (n < 0) return dk_fail("adam step: negative size");
  if ((flags & 4) && !vmax) return dk_fail("adam step: amsgrad needs max_exp_avg_sq");
  if (dtype == DK_FLOAT32) adam_f32(p, g, m, v, vmax, n, scalars, flags);
  else if (dtype == DK_FLOAT64) adam_f64(p, g, m, v, vmax, n, scalars, flags);
  else return dk_fail("adam step: dtype must be float32 or float64");
  return 0;
}
