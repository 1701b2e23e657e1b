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

#define DEF_SGD(sfx, T, FMA)                                                                                \
  static void sgd_##sfx(T *p, const T *g, T *buf, int64_t n, double lr, double mom, double damp, double wd, \
                        int flags) {                                                                        \
    const T alr = (T)-lr, amom = (T)mom, adamp = (T)(1 - damp), awd = (T)wd;                                \
    const int nest = flags & 1, maxi = flags & 2, first = flags & 4, usebuf = flags & 8;                    \
    DK_PARALLEL_FOR(n >= STEP_PAR_MIN, "omp parallel for simd schedule(static)", (int64_t i = 0; i < n; i++), { \
      T d = maxi ? -g[i] : g[i];                                                                            \
      if (wd != 0) d = FMA(p[i], awd, d);                                                                   \
      if (usebuf) {                                                                                         \
        T b = first ? d : FMA(d, adamp, buf[i] * amom);                                                     \
        buf[i] = b;                                                                                         \
        d = nest ? FMA(b, amom, d) : b;                                                                     \
      }                                                                                                     \
      p[i] = FMA(d, alr, p[i]);                                                                             \
    });                                                                                                     \
  }

#define DEF_ADAM(sfx, T, FMA, SQRT)                                                                          \
  static void adam_##sfx(T *p, const T *g, T *m, T *v, T *vmax, int64_t n, const double *s, int flags) {     \
    /* s: lr, beta1, beta2, eps, weightDecay, stepSize, sqrt(biasCorrection2) */                             \
    const double lr = s[0], wd = s[4];                                                                       \
    const T w = (T)(1 - s[1]), b2 = (T)s[2], cb2 = (T)(1 - s[2]), eps = (T)s[3], awd = (T)wd;                \
    const T decay = (T)(1 - lr * wd), nstep = (T)-s[5], bc2s = (T)s[6];                                      \
    const int small = fabs(1 - s[1]) < 0.5, maxi = flags & 1, dec = flags & 2, ams = flags & 4;              \
    const T coef = small ? w : w - 1;                                                                        \
    DK_PARALLEL_FOR(n >= STEP_PAR_MIN, "omp parallel for simd schedule(static)", (int64_t i = 0; i < n; i++), { \
      T d = maxi ? -g[i] : g[i], x = p[i];                                                                   \
      if (wd != 0) {                                                                                         \
        if (dec) x = x * decay;                                                                              \
        else d = FMA(x, awd, d);                                                                             \
      }                                                                                                      \
      T mi = FMA(coef, d - m[i], small ? m[i] : d);                                                          \
      m[i] = mi;                                                                                             \
      T vi = v[i] * b2;                                                                                      \
      vi = vi + cb2 * d * d;                                                                                 \
      v[i] = vi;                                                                                             \
      if (ams) {                                                                                             \
        T old = vmax[i];                                                                                     \
        vi = (vi > old || vi != vi) ? vi : old;                                                              \
        vmax[i] = vi;                                                                                        \
      }                                                                                                      \
      T den = SQRT(vi) / bc2s + eps;                                                                         \
      p[i] = x + nstep * mi / den;                                                                           \
    });                                                                                                      \
  }

DEF_SGD(f32, float, fmaf)
DEF_SGD(f64, double, fma)
DEF_ADAM(f32, float, fmaf, sqrtf)
DEF_ADAM(f64, double, fma, sqrt)

int dk_sgd_step(int32_t dtype, void *p, const void *g, void *buf, int64_t n, double lr, double momentum,
                double dampening, double weight_decay, int32_t flags) {
  if (n < 0) return dk_fail("sgd step: negative size");
  if ((flags & 8) && !buf) return dk_fail("sgd step: momentum needs a buffer");
  if (dtype == DK_FLOAT32) sgd_f32(p, g, buf, n, lr, momentum, dampening, weight_decay, flags);
  else if (dtype == DK_FLOAT64) sgd_f64(p, g, buf, n, lr, momentum, dampening, weight_decay, flags);
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
