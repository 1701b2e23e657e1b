/* NumPy's random distributions over its two bit generators, so a seed gives
 * the numbers NumPy gives: the Generator's algorithms (numpy/random/src/
 * distributions: the exponential ziggurat, Marsaglia-Tsang gamma, PTRS
 * Poisson, BTPE binomial, HRUA hypergeometric, ...) over PCG64, and
 * RandomState's frozen legacy ones (polar-method normals, -log(1-U)
 * exponentials, the 1.16 hypergeometric, zipf, logseries, ...) over MT19937.
 * Written in C rather than TypeScript because bit-identical streams need the
 * C library's log/exp/pow/log1p/expm1 (V8's Math functions round
 * differently), and every rejection loop is a hot loop. */
#include "../include/dendrite.h"
#include "bitgen.h"
#include <math.h>
#include <stdlib.h>

#include "logfactorial_table.h"
#include "poisson.h"
#include "ziggurat_exp_tables.h"

typedef dk_bitgen bitgen;

static inline double u01(bitgen *g) { return g->next_double(g->state); }
static inline uint32_t next32(bitgen *g) { return g->next32(g->state); }
static inline uint64_t next64(bitgen *g) { return g->next64(g->state); }
static inline float u01_f(bitgen *g) { return dk_float24(next32(g)); }
static inline double gauss(bitgen *g) { return g->normal(g->state); }

/* ---- exponential and gamma ---------------------------------------------- */

/* the Generator's float64 exponential ziggurat (53-bit mantissa, 8-bit layer) */
static double g_std_exp(bitgen *g) {
  for (;;) {
    uint64_t ri = next64(g) >> 3;
    int idx = (int)(ri & 0xff);
    ri >>= 8;
    double x = (double)ri * ZIGE_WE[idx];
    if (ri < ZIGE_KE[idx]) return x;
    if (idx == 0) return ZIGE_R - log1p(-u01(g));
    if ((ZIGE_FE[idx - 1] - ZIGE_FE[idx]) * u01(g) + ZIGE_FE[idx] < exp(-x)) return x;
  }
}

static float g_std_exp_f(bitgen *g) {
  for (;;) {
    uint32_t ri = next32(g) >> 1;
    int idx = (int)(ri & 0xff);
    ri >>= 8;
    float x = (float)ri * ZIGE_WE_F[idx];
    if (ri < ZIGE_KE_F[idx]) return x;
    if (idx == 0) return ZIGE_R_F - log1pf(-u01_f(g));
    if ((ZIGE_FE_F[idx - 1] - ZIGE_FE_F[idx]) * u01_f(g) + ZIGE_FE_F[idx] < expf(-x)) return x;
  }
}

/* RandomState's exponential: -log(1 - U) */
static double l_std_exp(bitgen *g) { return -log(1.0 - u01(g)); }

/* Marsaglia and Tsang for shape > 1; Johnk-style rejection below 1 (exp: the engine's exponential) */
static double std_gamma(bitgen *g, double shape, double (*expo)(bitgen *)) {
  if (shape == 1.0) return expo(g);
  if (shape == 0.0) return 0.0;
  if (shape < 1.0) {
    for (;;) {
      double U = u01(g), V = expo(g), X, Y;
      if (U <= 1.0 - shape) {
        X = pow(U, 1. / shape);
        if (X <= V) return X;
      } else {
        Y = -log((1 - U) / shape);
        X = pow(1.0 - shape + shape * Y, 1. / shape);
        if (X <= V + Y) return X;
      }
    }
  }
  double b = shape - 1. / 3., c = 1. / sqrt(9 * b);
  for (;;) {
    double X, V;
    do {
      X = gauss(g);
      V = 1.0 + c * X;
    } while (V <= 0.0);
    V = V * V * V;
    double U = u01(g);
    if (U < 1.0 - 0.0331 * (X * X) * (X * X)) return b * V;
    if (log(U) < 0.5 * X * X + b * (1. - V + log(V))) return b * V;
  }
}
static double g_std_gamma(bitgen *g, double shape) { return std_gamma(g, shape, g_std_exp); }
static double l_std_gamma(bitgen *g, double shape) { return std_gamma(g, shape, l_std_exp); }

static float g_std_gamma_f(bitgen *g, float shape) {
  if (shape == 1.0f) return g_std_exp_f(g);
  if (shape == 0.0f) return 0.0f;
  if (shape < 1.0f) {
    for (;;) {
      float U = u01_f(g), V = g_std_exp_f(g), X, Y;
      if (U <= 1.0f - shape) {
        X = powf(U, 1.0f / shape);
        if (X <= V) return X;
      } else {
        Y = -logf((1.0f - U) / shape);
        X = powf(1.0f - shape + shape * Y, 1.0f / shape);
        if (X <= V + Y) return X;
      }
    }
  }
  float b = shape - 1.0f / 3.0f, c = 1.0f / sqrtf(9.0f * b);
  for (;;) {
    float X, V;
    do {
      X = g->normal_f(g->state);
      V = 1.0f + c * X;
    } while (V <= 0.0f);
    V = V * V * V;
    float U = u01_f(g);
    if (U < 1.0f - 0.0331f * (X * X) * (X * X)) return b * V;
    if (logf(U) < 0.5f * X * X + b * (1.0f - V + logf(V))) return b * V;
  }
}

/* ---- beta and friends ----------------------------------------------------- */

static double g_beta(bitgen *g, double a, double b) {
  if (a <= 1.0 && b <= 1.0) {
    if (a < 3e-103 && b < 3e-103) return (a + b) * u01(g) < a; /* NumPy's tiny-parameter shortcut */
    for (;;) {
      double U = u01(g), V = u01(g), X = pow(U, 1.0 / a), Y = pow(V, 1.0 / b), XpY = X + Y;
      if (XpY <= 1.0 && U + V > 0.0) {
        if (X > 0 && Y > 0) return X / XpY;
        double delta = log(U) / a - log(V) / b; /* X or Y underflowed: work in logs */
        return delta > 0 ? exp(-log1p(exp(-delta))) : exp(delta - log1p(exp(delta)));
      }
    }
  }
  double Ga = g_std_gamma(g, a), Gb = g_std_gamma(g, b);
  return Ga / (Ga + Gb);
}

static double l_beta(bitgen *g, double a, double b) {
  if (a <= 1.0 && b <= 1.0) {
    for (;;) {
      double U = u01(g), V = u01(g), X = pow(U, 1.0 / a), Y = pow(V, 1.0 / b);
      if (X + Y <= 1.0) {
        if (X + Y > 0) return X / (X + Y);
        double logX = log(U) / a, logY = log(V) / b, logM = logX > logY ? logX : logY;
        logX -= logM;
        logY -= logM;
        return exp(logX - log(exp(logX) + exp(logY)));
      }
    }
  }
  double Ga = l_std_gamma(g, a), Gb = l_std_gamma(g, b);
  return Ga / (Ga + Gb);
}

static double chisq(bitgen *g, int legacy, double df) {
  return 2.0 * (legacy ? l_std_gamma(g, df / 2.0) : g_std_gamma(g, df / 2.0));
}

/* ---- discrete: Poisson, binomial, ... -------------------------------------- */

/* log-gamma from SPECFUN (Zhang and Jin), as NumPy's random_loggam */
static double loggam(double x) {
  static const double a[10] = {8.333333333333333e-02, -2.777777777777778e-03, 7.936507936507937e-04,
                               -5.952380952380952e-04, 8.417508417508418e-04, -1.917526917526918e-03,
                               6.410256410256410e-03, -2.955065359477124e-02, 1.796443723688307e-01,
                               -1.39243221690590e+00};
  if (x == 1.0 || x == 2.0) return 0.0;
  int64_t n = x < 7.0 ? (int64_t)(7 - x) : 0;
  double x0 = x + n, x2 = (1.0 / x0) * (1.0 / x0), gl0 = a[9];
  for (int k = 8; k >= 0; k--) {
    gl0 *= x2;
    gl0 += a[k];
  }
  double gl = gl0 / x0 + 0.5 * 1.8378770664093453e+00 + (x0 - 0.5) * log(x0) - x0;
  if (x < 7.0)
    for (int64_t k = 1; k <= n; k++) {
      gl -= log(x0 - 1.0);
      x0 -= 1.0;
    }
  return gl;
}

/* log(k!): the correctly rounded table, then Stirling's series to 1/k^3 */
static double logfactorial(int64_t k) {
  if (k < LOGFACT_N) return LOGFACT[k];
  return (k + 0.5) * log((double)k) - k + (0.9189385332046728 + (1.0 / k) * (1 / 12.0 - 1 / (360.0 * k * k)));
}

/* Poisson (both samplers): kernels/cpu/poisson.h */
DK_DEFINE_POISSON(poisson, bitgen, u01, loggam)

/* the per-(n, p) setup of the binomial samplers, kept across draws with the
 * same parameters; it lives with the sampler across calls, as NumPy's
 * self._binomial (RandomState's binomial and multinomial share one, so which
 * inversion formula set q^n can carry over) */
typedef struct {
  int has;
  int64_t nsave, m;
  double psave, r, q, fm, p1, xm, xl, xr, c, laml, lamr, p2, p3, p4;
} binomial_t;

/* Kachitvichyanukul and Schmeiser's BTPE (NumPy 2.4's, shared by both samplers), for n * min(p, q) > 30 */
static int64_t binomial_btpe(bitgen *g, int64_t n, double p, binomial_t *B) {
  double r, q, fm, p1, xm, xl, xr, c, laml, lamr, p2, p3, p4, a, u, v, s, F, rho, t, A, nrq, x1, x2, f1, f2, z, z2, w,
      w2, x;
  int64_t m, y, k, i;
  if (!B->has || B->nsave != n || B->psave != p) {
    B->nsave = n;
    B->psave = p;
    B->has = 1;
    B->r = r = fmin(p, 1.0 - p);
    B->q = q = 1.0 - r;
    B->fm = fm = n * r + r;
    B->m = m = (int64_t)floor(B->fm);
    B->p1 = p1 = floor(2.195 * sqrt(n * r * q) - 4.6 * q) + 0.5;
    B->xm = xm = m + 0.5;
    B->xl = xl = xm - p1;
    B->xr = xr = xm + p1;
    B->c = c = 0.134 + 20.5 / (15.3 + m);
    a = (fm - xl) / (fm - xl * r);
    B->laml = laml = a * (1.0 + a / 2.0);
    a = (xr - fm) / (xr * q);
    B->lamr = lamr = a * (1.0 + a / 2.0);
    B->p2 = p2 = p1 * (1.0 + 2.0 * c);
    B->p3 = p3 = p2 + c / laml;
    B->p4 = p4 = p3 + c / lamr;
  } else {
    r = B->r, q = B->q, fm = B->fm, m = B->m, p1 = B->p1, xm = B->xm, xl = B->xl, xr = B->xr, c = B->c;
    laml = B->laml, lamr = B->lamr, p2 = B->p2, p3 = B->p3, p4 = B->p4;
  }
  for (;;) {
    nrq = n * r * q;
    u = u01(g) * p4;
    v = u01(g);
    if (u <= p1) { /* the triangle: accept at once */
      y = (int64_t)floor(xm - p1 * v + u);
      break;
    }
    if (u <= p2) { /* the parallelograms */
      x = xl + (u - p1) / c;
      v = v * c + 1.0 - fabs(m - x + 0.5) / p1;
      if (v > 1.0) continue;
      y = (int64_t)floor(x);
    } else if (u <= p3) { /* the left tail */
      y = (int64_t)floor(xl + log(v) / laml);
      if (y < 0 || v == 0.0) continue;
      v = v * (u - p2) * laml;
    } else { /* the right tail */
      y = (int64_t)floor(xr - log(v) / lamr);
      if (y > n || v == 0.0) continue;
      v = v * (u - p3) * lamr;
    }
    k = llabs(y - m);
    if (!(k > 20 && k < nrq / 2.0 - 1)) { /* explicit evaluation of f(y) / f(m) */
      s = r / q;
      a = s * (n + 1);
      F = 1.0;
      if (m < y)
        for (i = m + 1; i <= y; i++) F *= (a / i - s);
      else if (m > y)
        for (i = y + 1; i <= m; i++) F /= (a / i - s);
      if (v > F) continue;
      break;
    }
    /* squeezing, then the Stirling bound (NumPy 2.4 adds all four error terms) */
    rho = (k / nrq) * ((k * (k / 3.0 + 0.625) + 0.16666666666666666) / nrq + 0.5);
    t = -k * k / (2 * nrq);
    A = log(v);
    if (A < t - rho) break;
    if (A > t + rho) continue;
    x1 = (double)y + 1;
    f1 = (double)m + 1;
    z = (double)n + 1 - (double)m;
    w = (double)n - (double)y + 1;
    x2 = x1 * x1;
    f2 = f1 * f1;
    z2 = z * z;
    w2 = w * w;
    if (A > (xm * log(f1 / x1) + (n - m + 0.5) * log(z / w) + (y - m) * log(w * r / (x1 * q)) +
             (13680. - (462. - (132. - (99. - 140. / f2) / f2) / f2) / f2) / f1 / 166320. +
             (13680. - (462. - (132. - (99. - 140. / z2) / z2) / z2) / z2) / z / 166320. +
             (13680. - (462. - (132. - (99. - 140. / x2) / x2) / x2) / x2) / x1 / 166320. +
             (13680. - (462. - (132. - (99. - 140. / w2) / w2) / w2) / w2) / w / 166320.))
      continue;
    break;
  }
  return p > 0.5 ? n - y : y;
}

/* inversion for n * p <= 30; q^n by log1p (Generator) or log(q) (RandomState) */
static int64_t binomial_inversion(bitgen *g, int64_t n, double p, binomial_t *B, int legacy) {
  double q, qn, np, px, U;
  int64_t X, bound;
  if (!B->has || B->nsave != n || B->psave != p) {
    B->nsave = n;
    B->psave = p;
    B->has = 1;
    B->q = q = 1.0 - p;
    B->r = qn = legacy ? exp(n * log(q)) : exp(n * log1p(-p));
    B->c = np = n * p;
    B->m = bound = (int64_t)fmin((double)n, np + 10.0 * sqrt(np * q + 1));
  } else {
    q = B->q, qn = B->r, np = B->c, bound = B->m;
  }
  X = 0;
  px = qn;
  U = u01(g);
  while (U > px) {
    X++;
    if (X > bound) {
      X = 0;
      px = qn;
      U = u01(g);
    } else {
      U -= px;
      px = ((n - X + 1) * p * px) / (X * q);
    }
  }
  return X;
}

static int64_t binomial(bitgen *g, double p, int64_t n, binomial_t *B, int legacy) {
  if (!legacy && (n == 0 || p == 0.0f)) return 0;
  if (p <= 0.5) return p * n <= 30.0 ? binomial_inversion(g, n, p, B, legacy) : binomial_btpe(g, n, p, B);
  double q = 1.0 - p;
  return n - (q * n <= 30.0 ? binomial_inversion(g, n, q, B, legacy) : binomial_btpe(g, n, q, B));
}

static int64_t geometric_search(bitgen *g, double p) {
  double sum = p, prod = p, q = 1.0 - p, U = u01(g);
  int64_t X = 1;
  while (U > sum) {
    prod *= q;
    sum += prod;
    X++;
  }
  return X;
}

static int64_t g_geometric(bitgen *g, double p) {
  if (p >= 0.333333333333333333333333) return geometric_search(g, p);
  double z = ceil(-g_std_exp(g) / log1p(-p));
  return z >= 9.223372036854776e+18 ? INT64_MAX : (int64_t)z;
}

static int64_t l_geometric(bitgen *g, double p) {
  if (p >= 0.333333333333333333333333) return geometric_search(g, p);
  return (int64_t)ceil(log1p(-u01(g)) / log(1 - p));
}

static int64_t logseries(bitgen *g, double p, int legacy) {
  double r = legacy ? log(1.0 - p) : log1p(-p);
  for (;;) {
    double V = u01(g);
    if (V >= p) return 1;
    double U = u01(g), q = legacy ? 1.0 - exp(r * U) : -expm1(r * U);
    if (V <= q * q) {
      int64_t result = (int64_t)floor(1 + log(V) / log(q));
      if (result < 1 || V == 0.0) continue;
      return result;
    }
    return V >= q ? 1 : 2;
  }
}

static int64_t zipf(bitgen *g, double a, int legacy) {
  if (!legacy && a >= 1025) return 1; /* P(X > 1) < 3e-309, and b would overflow */
  double am1 = a - 1.0, b = pow(2.0, am1), Umin = legacy ? 0 : pow((double)INT64_MAX, -am1);
  for (;;) {
    double U, U01;
    if (legacy) {
      U = 1.0 - u01(g);
    } else {
      U01 = u01(g);
      U = U01 * Umin + (1 - U01);
    }
    double V = u01(g), X = floor(pow(U, -1.0 / am1));
    if (X > (double)INT64_MAX || X < 1.0) continue;
    double T = pow(1.0 + 1.0 / X, am1);
    if (V * X * (T - 1.0) / (b - 1.0) <= T / b) return (int64_t)X;
  }
}

/* an integer in [0, max] by masked rejection */
DK_DEFINE_INTERVAL(interval, bitgen, next32, next64)

/* the Generator's hypergeometric: draws one by one for small samples, Stadlober's HRUA otherwise */
static int64_t g_hypergeometric(bitgen *g, int64_t good, int64_t bad, int64_t sample) {
  int64_t total = good + bad;
  if (sample >= 10 && sample <= total - 10) {
    int64_t n = sample < total - sample ? sample : total - sample;
    int64_t mingb = good < bad ? good : bad, maxgb = good < bad ? bad : good;
    double p = (double)mingb / total, q = (double)maxgb / total, mu = n * p, a = mu + 0.5;
    double var = (double)(total - n) * n * p * q / (total - 1), c = sqrt(var + 0.5);
    double h = 1.7155277699214135 * c + 0.8989161620588988;
    int64_t m = (int64_t)floor((double)(n + 1) * (mingb + 1) / (total + 2)), K;
    double gm = logfactorial(m) + logfactorial(mingb - m) + logfactorial(n - m) + logfactorial(maxgb - n + m);
    double b = fmin(fmin((double)n, (double)mingb) + 1, floor(a + 16 * c));
    for (;;) {
      double U = u01(g), V = u01(g), X = a + h * (V - 0.5) / U;
      if (X < 0.0 || X >= b) continue;
      K = (int64_t)floor(X);
      double T = gm - (logfactorial(K) + logfactorial(mingb - K) + logfactorial(n - K) + logfactorial(maxgb - n + K));
      if (U * (4.0 - U) - 3.0 <= T) break;
      if (U * (U - T) >= 1) continue;
      if (2.0 * log(U) <= T) break;
    }
    if (good > bad) K = n - K;
    if (n < sample) K = good - K;
    return K;
  }
  int64_t computed = sample > total / 2 ? total - sample : sample, left = total, left_good = good;
  while (computed > 0 && left_good > 0 && left > left_good) {
    --left;
    if ((int64_t)interval(g, (uint64_t)left) < left_good) --left_good;
    --computed;
  }
  if (left == left_good) left_good -= computed;
  return sample > total / 2 ? left_good : good - left_good;
}

/* RandomState's hypergeometric (NumPy 1.16): HYP for samples up to 10, HRUA* above */
static int64_t l_hypergeometric(bitgen *g, int64_t good, int64_t bad, int64_t sample) {
  if (sample > 10) {
    int64_t mingb = good < bad ? good : bad, total = good + bad, maxgb = good < bad ? bad : good;
    int64_t m = sample < total - sample ? sample : total - sample, d9, Z;
    double d4 = (double)mingb / total, d5 = 1.0 - d4, d6 = m * d4 + 0.5;
    double d7 = sqrt((double)(total - m) * sample * d4 * d5 / (total - 1) + 0.5);
    double d8 = 1.7155277699214135 * d7 + 0.8989161620588988;
    d9 = (int64_t)floor((double)(m + 1) * (mingb + 1) / (total + 2));
    double d10 = loggam(d9 + 1) + loggam(mingb - d9 + 1) + loggam(m - d9 + 1) + loggam(maxgb - m + d9 + 1);
    double d11 = fmin(fmin((double)m, (double)mingb) + 1.0, floor(d6 + 16 * d7));
    for (;;) {
      double X = u01(g), Y = u01(g), W = d6 + d8 * (Y - 0.5) / X;
      if (W < 0.0 || W >= d11) continue;
      Z = (int64_t)floor(W);
      double T = d10 - (loggam(Z + 1) + loggam(mingb - Z + 1) + loggam(m - Z + 1) + loggam(maxgb - m + Z + 1));
      if (X * (4.0 - X) - 3.0 <= T) break;
      if (X * (X - T) >= 1) continue;
      if (2.0 * log(X) <= T) break;
    }
    if (good > bad) Z = m - Z;
    if (m < sample) Z = good - Z;
    return Z;
  }
  if (sample <= 0) return 0;
  int64_t d1 = bad + good - sample, k = sample, z;
  double d2 = (double)(bad < good ? bad : good), y = d2;
  while (y > 0.0) {
    y -= (int64_t)floor(u01(g) + y / (d1 + k));
    k--;
    if (k == 0) break;
  }
  z = (int64_t)(d2 - y);
  return good > bad ? sample - z : z;
}

/* ---- continuous, one-liners and small rejections -------------------------------- */

static double laplace(bitgen *g, double loc, double scale) {
  for (;;) {
    double U = u01(g);
    if (U >= 0.5) return loc - scale * log(2.0 - U - U);
    if (U > 0.0) return loc + scale * log(U + U);
  }
}

static double gumbel(bitgen *g, double loc, double scale) {
  for (;;) {
    double U = 1.0 - u01(g);
    if (U < 1.0) return loc - scale * log(-log(U));
  }
}

static double logistic(bitgen *g, double loc, double scale) {
  for (;;) {
    double U = u01(g);
    if (U > 0.0) return loc + scale * log(U / (1.0 - U));
  }
}

static double triangular(bitgen *g, double left, double mode, double right) {
  double base = right - left, leftbase = mode - left, ratio = leftbase / base;
  double leftprod = leftbase * base, rightprod = (right - mode) * base, U = u01(g);
  return U <= ratio ? left + sqrt(U * leftprod) : right - sqrt((1.0 - U) * rightprod);
}

/* Best and Fisher; the Generator falls back to a wrapped normal above kappa = 1e6 */
static double vonmises(bitgen *g, double mu, double kappa, int legacy) {
  double s, U, V, W, Y, Z, result, mod;
  if (isnan(kappa)) return NAN;
  if (kappa < 1e-8) return M_PI * (2 * u01(g) - 1);
  if (kappa < 1e-5) {
    s = 1. / kappa + kappa;
  } else if (legacy || kappa <= 1e6) {
    double r = 1 + sqrt(1 + 4 * kappa * kappa), rho = (r - sqrt(2 * r)) / (2 * kappa);
    s = (1 + rho * rho) / (2 * rho);
  } else {
    result = mu + sqrt(1. / kappa) * gauss(g);
    if (result < -M_PI) result += 2 * M_PI;
    if (result > M_PI) result -= 2 * M_PI;
    return result;
  }
  for (;;) {
    U = u01(g);
    Z = cos(M_PI * U);
    W = (1 + s * Z) / (s + Z);
    Y = kappa * (s - W);
    V = u01(g);
    if (Y * (2 - Y) - V >= 0 || log(Y / V) + 1 - Y >= 0) break;
  }
  U = u01(g);
  result = acos(W);
  if (U < 0.5) result = -result;
  result += mu;
  int neg = result < 0;
  mod = fmod(fabs(result) + M_PI, 2 * M_PI) - M_PI;
  return neg ? -mod : mod;
}

static double wald(bitgen *g, double mean, double scale, int legacy) {
  double Y = gauss(g), X;
  Y = mean * Y * Y;
  if (legacy) {
    X = mean + mean / (2 * scale) * (Y - sqrt(4 * scale * Y + Y * Y));
  } else {
    double d = 1 + sqrt(1 + 4 * scale / Y);
    X = mean * (1 - 2 / d);
  }
  return u01(g) <= mean / (mean + X) ? X : mean * mean / X;
}

/* NumPy's noncentral chi-square: a central chi-square of df - 1 plus a shifted normal squared, or (df <= 1) a
 * Poisson mixture of central ones; the Generator returns NaN for a NaN nonc before drawing, RandomState after. */
static double noncentral_chisq(bitgen *g, int legacy, double df, double nonc) {
  if (!legacy && isnan(nonc)) return NAN;
  if (nonc == 0) return chisq(g, legacy, df);
  if (1 < df) {
    double Chi2 = chisq(g, legacy, df - 1), n = gauss(g) + sqrt(nonc);
    return Chi2 + n * n;
  }
  int64_t i = poisson(g, nonc / 2.0);
  double out = chisq(g, legacy, df + 2 * (double)i);
  return isnan(nonc) ? NAN : out;
}

/* ---- the fill entry points ---------------------------------------------------- */

/* What dk_dist_fill draws: X(name, output dtype), published through dk_dist_name and dk_dist_info (the codes
 * of src/numpy/distributions.ts's Dist are read from them at load). */
#define DIST_KINDS(X)                                                                                              \
  X(StdExp, DK_FLOAT64) X(StdExpInv, DK_FLOAT64) X(StdExpF, DK_FLOAT32) X(StdExpInvF, DK_FLOAT32)                \
  X(Exponential, DK_FLOAT64) X(StdGamma, DK_FLOAT64) X(StdGammaF, DK_FLOAT32) X(Gamma, DK_FLOAT64)               \
  X(Beta, DK_FLOAT64) X(Chisquare, DK_FLOAT64) X(F, DK_FLOAT64) X(StdT, DK_FLOAT64) X(StdCauchy, DK_FLOAT64)     \
  X(Lognormal, DK_FLOAT64) X(Laplace, DK_FLOAT64) X(Logistic, DK_FLOAT64) X(Gumbel, DK_FLOAT64)                  \
  X(Weibull, DK_FLOAT64) X(Pareto, DK_FLOAT64) X(Power, DK_FLOAT64) X(Rayleigh, DK_FLOAT64) X(Wald, DK_FLOAT64)  \
  X(Triangular, DK_FLOAT64) X(Vonmises, DK_FLOAT64) X(Normal, DK_FLOAT64) X(Poisson, DK_INT64)                   \
  X(Binomial, DK_INT64) X(NegativeBinomial, DK_INT64) X(Geometric, DK_INT64) X(Hypergeometric, DK_INT64)         \
  X(Logseries, DK_INT64) X(Zipf, DK_INT64) X(NoncentralChisquare, DK_FLOAT64) X(NoncentralF, DK_FLOAT64)

#define DIST_ENUM(name, out) D_##name,
enum { DIST_KINDS(DIST_ENUM) N_DIST };
#define DIST_NAME(name, out) #name,
static const char *DIST_NAMES[] = {DIST_KINDS(DIST_NAME)};
#define DIST_OUT(name, out) out,
static const int32_t DIST_OUTS[] = {DIST_KINDS(DIST_OUT)};

const char *dk_dist_name(int32_t dist) { return dist >= 0 && dist < N_DIST ? DIST_NAMES[dist] : NULL; }
/* the dtype code of dist's draws, or -1 */
int32_t dk_dist_info(int32_t dist) { return dist >= 0 && dist < N_DIST ? DIST_OUTS[dist] : -1; }

/* legacy: 0 the Generator over PCG64, 1 RandomState over MT19937, 2 + k the Generator over bit generator k
 * (DK_BG_*); callers then read legacy as `legacy == 1` */
static bitgen engine(void *state, int32_t legacy) {
  if (legacy >= 2) return dk_bg_engine(legacy - 2, state);
  if (legacy) return (bitgen){state, dk_mt_next64, dk_mt_next32, dk_mt_next_double, dk_mt_gauss, NULL};
  return (bitgen){state, dk_pcg_next64, dk_pcg_next32, dk_pcg_next_double, dk_pcg_normal, dk_pcg_normal_f};
}

/* One draw of a continuous distribution with parameters a, b, c. */
static double cont1(bitgen *g, int L, int32_t dist, double a, double b, double c) {
  double x, y;
  switch (dist) {
  case D_StdExp: return L ? l_std_exp(g) : g_std_exp(g);
  case D_StdExpInv: return -log1p(-u01(g));
  case D_Exponential: return a * (L ? l_std_exp(g) : g_std_exp(g));
  case D_StdGamma: return L ? l_std_gamma(g, a) : g_std_gamma(g, a);
  case D_Gamma: return b * (L ? l_std_gamma(g, a) : g_std_gamma(g, a));
  case D_Beta: return L ? l_beta(g, a, b) : g_beta(g, a, b);
  case D_Chisquare: return chisq(g, L, a);
  case D_F:
    x = chisq(g, L, a) * b;
    y = chisq(g, L, b) * a;
    return x / y;
  case D_StdT:
    x = gauss(g);
    y = L ? l_std_gamma(g, a / 2) : g_std_gamma(g, a / 2);
    return sqrt(a / 2) * x / sqrt(y);
  case D_StdCauchy:
    x = gauss(g);
    return x / gauss(g);
  case D_Lognormal: return exp(a + b * gauss(g));
  case D_Laplace: return laplace(g, a, b);
  case D_Logistic: return logistic(g, a, b);
  case D_Gumbel: return gumbel(g, a, b);
  case D_Weibull:
    if (a == 0.0) return 0.0;
    return pow(L ? l_std_exp(g) : g_std_exp(g), 1. / a);
  case D_Pareto: return L ? exp(l_std_exp(g) / a) - 1 : expm1(g_std_exp(g) / a);
  case D_Power: return L ? pow(1 - exp(-l_std_exp(g)), 1. / a) : pow(-expm1(-g_std_exp(g)), 1. / a);
  case D_Rayleigh: return L ? a * sqrt(-2.0 * log1p(-u01(g))) : a * sqrt(2.0 * g_std_exp(g));
  case D_Wald: return wald(g, a, b, L);
  case D_Triangular: return triangular(g, a, b, c);
  case D_Vonmises: return vonmises(g, a, b, L);
  case D_Normal: return a + b * gauss(g);
  case D_NoncentralChisquare: return noncentral_chisq(g, L, a, b);
  case D_NoncentralF:
    x = noncentral_chisq(g, L, a, c) * b;
    return x / (chisq(g, L, b) * a);
  default: return NAN;
  }
}

/* One float32 draw (the Generator's float algorithms) with parameter a. */
static float cont1_f(bitgen *g, int32_t dist, double a) {
  switch (dist) {
  case D_StdExpF: return g_std_exp_f(g);
  case D_StdExpInvF: return (float)-log1p(-u01_f(g));
  case D_StdGammaF: return g_std_gamma_f(g, (float)a);
  default: return NAN;
  }
}

/* One draw of a discrete distribution; integer parameters arrive as int64 (ia, ib, ic). */
static int64_t disc1(bitgen *g, int L, int32_t dist, double a, double b, int64_t ia, int64_t ib, int64_t ic,
                     binomial_t *B) {
  switch (dist) {
  case D_Poisson: return poisson(g, a);
  case D_Binomial: return binomial(g, b, ia, B, L);
  case D_NegativeBinomial: return poisson(g, ((1 - b) / b) * (L ? l_std_gamma(g, a) : g_std_gamma(g, a)));
  case D_Geometric: return L ? l_geometric(g, a) : g_geometric(g, a);
  case D_Hypergeometric: return L ? l_hypergeometric(g, ia, ib, ic) : g_hypergeometric(g, ia, ib, ic);
  case D_Logseries: return logseries(g, a, L);
  case D_Zipf: return zipf(g, a, L);
  default: return 0;
  }
}

int32_t dk_dist_cache_size(void) { return (int32_t)sizeof(binomial_t); }

/* Fills out[0..n) with draws of `dist` from the Generator (legacy 0, PCG64) or
 * RandomState (legacy 1, MT19937), of dtype dk_dist_info(dist) (float64 for
 * continuous distributions, float32 for the F ones, int64 for discrete ones). p[0..2] are the
 * parameters (doubles, or int64 where the distribution takes integers), each
 * advancing by step[k] elements (0: one value for every draw); `cache` is the
 * sampler's binomial_t (dk_dist_cache_size bytes). */
int32_t dk_dist_fill(void *state, void *cache, int32_t legacy, int32_t dist, void *out, int64_t n, const void *p0,
                     const void *p1, const void *p2, const int64_t *step) {
  bitgen g = engine(state, legacy);
  legacy = legacy == 1;
  const double *a = p0, *b = p1, *c = p2;
  const int64_t *ia = p0, *ib = p1, *ic = p2;
  int64_t sa = step[0], sb = step[1], sc = step[2];
  switch (dk_dist_info(dist)) {
  case DK_FLOAT32:
    for (int64_t k = 0; k < n; k++) ((float *)out)[k] = cont1_f(&g, dist, a[k * sa]);
    return 0;
  case DK_INT64: {
    binomial_t *B = cache;
    for (int64_t k = 0; k < n; k++) {
      int ints = dist == D_Binomial || dist == D_Hypergeometric;
      ((int64_t *)out)[k] = disc1(&g, legacy, dist, ints ? 0 : a[k * sa], dist == D_Hypergeometric ? 0 : b[k * sb],
                                  ints ? ia[k * sa] : 0, dist == D_Hypergeometric ? ib[k * sb] : 0,
                                  dist == D_Hypergeometric ? ic[k * sc] : 0, B);
    }
    return 0;
  }
  case DK_FLOAT64:
    for (int64_t k = 0; k < n; k++) ((double *)out)[k] = cont1(&g, legacy, dist, a[k * sa], b[k * sb], c[k * sc]);
    return 0;
  default:
    return dk_fail("random: unknown distribution %d", dist);
  }
}

/* multinomial draws: out[k*d .. k*d+d) from n[k * nstep] trials over pvals[poff[k] .. poff[k]+d)
 * (conditional binomials, the Generator's binomial for both samplers, as NumPy) */
int32_t dk_dist_multinomial(void *state, void *cache, int32_t legacy, int64_t *out, int64_t count, const int64_t *n,
                            int64_t nstep, const double *pvals, const int64_t *poff, int64_t d) {
  bitgen g = engine(state, legacy);
  binomial_t *B = cache;
  for (int64_t k = 0; k < count; k++) {
    int64_t *mn = out + k * d, dn = n[k * nstep];
    const double *pix = pvals + poff[k];
    double remaining = 1.0;
    for (int64_t j = 0; j < d; j++) mn[j] = 0;
    for (int64_t j = 0; j < d - 1; j++) {
      mn[j] = binomial(&g, pix[j] / remaining, dn, B, 0);
      dn -= mn[j];
      if (dn <= 0) break;
      remaining -= pix[j];
    }
    if (dn > 0) mn[d - 1] = dn;
  }
  return 0;
}

/* dirichlet draws: out[k*K .. k*K+K) normalized gammas (RandomState, and the
 * Generator unless every alpha < 0.1, where it breaks sticks with betas) */
int32_t dk_dist_dirichlet(void *state, int32_t legacy, double *out, int64_t count, const double *alpha, int64_t K) {
  bitgen g = engine(state, legacy);
  legacy = legacy == 1;
  double amax = 0;
  for (int64_t j = 0; j < K; j++) amax = fmax(amax, alpha[j]);
  if (!legacy && K > 0 && amax < 0.1) {
    double *csum = malloc(sizeof(double) * (size_t)K), acc = 0.0;
    if (!csum) return dk_fail("dirichlet: out of memory");
    for (int64_t j = K - 1; j >= 0; j--) csum[j] = acc += alpha[j];
    for (int64_t k = 0; k < count * K; k++) out[k] = 0;
    if (acc > 0)
      for (int64_t k = 0; k < count; k++) {
        double *v = out + k * K, rest = 1.;
        for (int64_t j = 0; j < K - 1; j++) {
          double x = g_beta(&g, alpha[j], csum[j + 1]);
          v[j] = rest * x;
          rest *= 1. - x;
          if (csum[j + 1] == 0) break;
        }
        v[K - 1] = rest;
      }
    free(csum);
    return 0;
  }
  for (int64_t k = 0; k < count; k++) {
    double *v = out + k * K, acc = 0.;
    for (int64_t j = 0; j < K; j++) acc += v[j] = legacy ? l_std_gamma(&g, alpha[j]) : g_std_gamma(&g, alpha[j]);
    double inv = 1. / acc;
    for (int64_t j = 0; j < K; j++) v[j] *= inv;
  }
  return 0;
}
