/* Batch normalization over NCHW (statistics per channel over N x HW),
 * float32/float64, forward and backward fused, as PyTorch's CPU kernels:
 * sums accumulate in double (ATen's acc_type), the running variance takes
 * the unbiased estimate, and the backward uses the saved mean and 1/std.
 * Threads take channels.
 *
 * meta: [N, C, HW]. gamma, beta, the running buffers and the gradient
 * outputs for gamma and beta may be NULL (affine=False,
 * track_running_stats=False, or not needed). */
#include "../include/dendrite.h"
#include <math.h>
#ifdef _OPENMP
#include <omp.h>
#endif

static int bn_check(int32_t dtype, const int64_t *m, const char *op) {
  if (dtype != DK_FLOAT32 && dtype != DK_FLOAT64) return dk_fail("%s: dtype must be float32 or float64", op);
  if (m[0] < 0 || m[1] < 0 || m[2] < 0 || (double)m[0] * m[1] * m[2] > 4e18) return dk_fail("%s: bad shape", op);
  return 0;
}

typedef double vd __attribute__((vector_size(64)));
typedef float vf8 __attribute__((vector_size(32)));

/* 8 elements as doubles into v (macros: vector arguments and results
 * would change the ABI on targets without AVX-512) */
#define LOAD8_f32(v, p)                 \
  do {                                  \
    vf8 t_;                             \
    memcpy(&t_, p, sizeof t_);          \
    v = __builtin_convertvector(t_, vd); \
  } while (0)
#define LOAD8_f64(v, p) memcpy(&v, p, sizeof v)

/* Double sums in 8 lanes (a scalar chain is latency-bound): sum of r, or
 * with g: of g and of g * (r - mu); of (r - mu)^2 when g is NULL and sq. */
#define DEF_SUMS(sfx, T)                                                                          \
  static void sums_##sfx(const T *r, const T *g, int64_t n, double mu, int sq, double *s1, double *s2) { \
    vd a = {0}, b = {0}, m = (vd){0} + mu;                                                        \
    int64_t i = 0;                                                                                \
    for (; i + 8 <= n; i += 8) {                                                                  \
      vd v, w;                                                                                    \
      LOAD8_##sfx(v, r + i);                                                                      \
      v -= m;                                                                                     \
      if (g) {                                                                                    \
        LOAD8_##sfx(w, g + i);                                                                    \
        a += w, b += w * v;                                                                       \
      } else {                                                                                    \
        a += sq ? v * v : v;                                                                      \
      }                                                                                           \
    }                                                                                             \
    double x = 0, y = 0;                                                                          \
    for (int l = 0; l < 8; l++) x += a[l], y += b[l];                                             \
    for (; i < n; i++) {                                                                          \
      double v = r[i] - mu;                                                                       \
      if (g) x += g[i], y += g[i] * v;                                                            \
      else x += sq ? v * v : v;                                                                   \
    }                                                                                             \
    *s1 += x;                                                                                     \
    if (s2) *s2 += y;                                                                             \
  }
DEF_SUMS(f32, float)
DEF_SUMS(f64, double)

#define DEF_BN(sfx, T)                                                                                           \
  /* training: batch statistics (and the running ones updated); else the                                         \
   * running ones. Writes y, and mean / invstd for the backward. */                                              \
  static int bn_fwd_##sfx(const int64_t *m, const T *x, const T *gamma, const T *beta, T *rmean, T *rvar, T *y,  \
                          T *mean, T *invstd, double momentum, double eps, int training) {                       \
    int64_t N = m[0], C = m[1], HW = m[2], cnt = N * HW;                                                         \
    if (training && cnt <= 1) return dk_fail("batch_norm: expected more than 1 value per channel when training"); \
    int nt = dk_threads(N * C * HW);                                                                             \
    DK_PARALLEL_FOR(nt > 1, "omp parallel for num_threads(nt) schedule(static)", (int64_t c = 0; c < C; c++), {  \
      double mu, inv;                                                                                            \
      if (training) {                                                                                            \
        double s = 0, q = 0;                                                                                     \
        for (int64_t n = 0; n < N; n++) sums_##sfx(x + (n * C + c) * HW, NULL, HW, 0, 0, &s, NULL);              \
        mu = s / (double)cnt;                                                                                    \
        for (int64_t n = 0; n < N; n++) sums_##sfx(x + (n * C + c) * HW, NULL, HW, mu, 1, &q, NULL);             \
        inv = 1 / sqrt(q / (double)cnt + eps);                                                                   \
        if (rmean) rmean[c] = (T)(momentum * mu + (1 - momentum) * rmean[c]);                                    \
        if (rvar) rvar[c] = (T)(momentum * q / (double)(cnt - 1) + (1 - momentum) * rvar[c]);                    \
      } else {                                                                                                   \
        mu = rmean[c], inv = 1 / sqrt((double)rvar[c] + eps);                                                    \
      }                                                                                                          \
      mean[c] = (T)mu, invstd[c] = (T)inv;                                                                       \
      /* y = x * a + b, the affine folded in */                                                                  \
      T a = (T)(inv * (gamma ? gamma[c] : 1)), b = (T)((beta ? beta[c] : 0) - mu * inv * (gamma ? gamma[c] : 1)); \
      for (int64_t n = 0; n < N; n++) {                                                                          \
        const T *r = x + (n * C + c) * HW;                                                                       \
        T *o = y + (n * C + c) * HW;                                                                             \
        for (int64_t i = 0; i < HW; i++) o[i] = r[i] * a + b;                                                    \
      }                                                                                                          \
    });                                                                                                          \
    return 0;                                                                                                    \
  }                                                                                                              \
                                                                                                                 \
  /* gx (may be NULL), ggamma, gbeta from gy, x and the forward's mean and                                       \
   * invstd; training: through the batch statistics too. */                                                      \
  static void bn_bwd_##sfx(const int64_t *m, const T *gy, const T *x, const T *gamma, const T *mean,             \
                           const T *invstd, T *gx, T *ggamma, T *gbeta, int training) {                          \
    int64_t N = m[0], C = m[1], HW = m[2], cnt = N * HW;                                                         \
    int nt = dk_threads(N * C * HW);                                                                             \
    DK_PARALLEL_FOR(nt > 1, "omp parallel for num_threads(nt) schedule(static)", (int64_t c = 0; c < C; c++), {  \
      double mu = mean[c], inv = invstd[c], sg = 0, sgx = 0;                                                     \
      for (int64_t n = 0; n < N; n++)                                                                            \
        sums_##sfx(x + (n * C + c) * HW, gy + (n * C + c) * HW, HW, mu, 0, &sg, &sgx);                           \
      double w = gamma ? gamma[c] : 1;                                                                           \
      if (ggamma) ggamma[c] = (T)(sgx * inv);                                                                    \
      if (gbeta) gbeta[c] = (T)sg;                                                                               \
      if (!gx) continue;                                                                                         \
      /* training: gx = w*inv*(gy - mean(gy) - xhat*mean(gy*xhat)); else w*inv*gy */                             \
      double k = training ? sgx * inv * inv / (double)cnt : 0, gm = training ? sg / (double)cnt : 0;             \
      T a = (T)(w * inv), kk = (T)k, mm = (T)mu, gmm = (T)gm;                                                    \
      for (int64_t n = 0; n < N; n++) {                                                                          \
        const T *g = gy + (n * C + c) * HW, *r = x + (n * C + c) * HW;                                           \
        T *o = gx + (n * C + c) * HW;                                                                            \
        for (int64_t i = 0; i < HW; i++) o[i] = (g[i] - gmm - (r[i] - mm) * kk) * a;                             \
      }                                                                                                          \
    });                                                                                                          \
  }

DEF_BN(f32, float)
DEF_BN(f64, double)

int32_t dk_batch_norm(int32_t dtype, const void *x, const void *gamma, const void *beta, void *rmean, void *rvar,
                      void *y, void *mean, void *invstd, const int64_t *meta, double momentum, double eps,
                      int32_t training) {
  if (bn_check(dtype, meta, "batch_norm") < 0) return -1;
  if (!training && (!rmean || !rvar)) return dk_fail("batch_norm: evaluation needs the running statistics");
  if (dtype == DK_FLOAT32) return bn_fwd_f32(meta, x, gamma, beta, rmean, rvar, y, mean, invstd, momentum, eps, training);
  return bn_fwd_f64(meta, x, gamma, beta, rmean, rvar, y, mean, invstd, momentum, eps, training);
}

int32_t dk_batch_norm_backward(int32_t dtype, const void *gy, const void *x, const void *gamma, const void *mean,
                               const void *invstd, void *gx, void *ggamma, void *gbeta, const int64_t *meta,
                               int32_t training) {
  if (bn_check(dtype, meta, "batch_norm backward") < 0) return -1;
  if (dtype == DK_FLOAT32) bn_bwd_f32(meta, gy, x, gamma, mean, invstd, gx, ggamma, gbeta, training);
  else bn_bwd_f64(meta, gy, x, gamma, mean, invstd, gx, ggamma, gbeta, training);
  return 0;
}
