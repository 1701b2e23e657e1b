/* Poisson sampling as NumPy's Generator / RandomState and ATen's
 * torch.poisson both do it: a product of uniforms below a rate of 10,
 * Hoermann's transformed rejection (PTRS) from 10. Each sampler expands it
 * with its own state type, uniform draw and log-gamma (NumPy's loggam,
 * ATen's lgamma), which keeps each stream bit for bit. */
#ifndef DENDRITE_POISSON_H
#define DENDRITE_POISSON_H
#include <math.h>
#include <stdint.h>

#define DK_DEFINE_POISSON(NAME, STATE, U01, LOGGAM)                                                          \
  static int64_t NAME(STATE *g, double lam) {                                                                \
    if (lam >= 10) {                                                                                         \
      double slam = sqrt(lam), loglam = log(lam), b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b;         \
      double invalpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2);                         \
      for (;;) {                                                                                             \
        double U = U01(g) - 0.5, V = U01(g), us = 0.5 - fabs(U);                                             \
        int64_t k = (int64_t)floor((2 * a / us + b) * U + lam + 0.43);                                       \
        if (us >= 0.07 && V <= vr) return k;                                                                 \
        if (k < 0 || (us < 0.013 && V > us)) continue;                                                       \
        if (log(V) + log(invalpha) - log(a / (us * us) + b) <= -lam + (double)k * loglam - LOGGAM((double)k + 1)) \
          return k;                                                                                          \
      }                                                                                                      \
    }                                                                                                        \
    if (lam == 0) return 0;                                                                                  \
    double enlam = exp(-lam), prod = 1.0;                                                                    \
    int64_t x = 0;                                                                                           \
    for (;;) {                                                                                               \
      prod *= U01(g);                                                                                        \
      if (prod > enlam) x += 1;                                                                              \
      else return x;                                                                                         \
    }                                                                                                        \
  }
#endif
