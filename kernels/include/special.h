/* Scalar special functions for the element-wise op tables (ops.h includes
 * this file; its UNARY_OPS / BINARY_OPS lines call them through DK_SP and
 * DK_SP2): erfinv, digamma, polygamma (trigamma, Hurwitz zeta), the modified
 * Bessel functions i0, i0e, i1, i1e, the regularized incomplete gamma
 * functions, erfcx, ndtri, log_ndtr, entr, xlog1py, and the integer bit ops
 * (shifts with NumPy's and PyTorch's results for out-of-range counts,
 * population count).
 *
 * Every function is written once, in double; the float32 loops round its
 * result (PyTorch's own float32 kernels compute in float, so they agree to a
 * few float32 ulps), except float32 trigamma, computed in float as PyTorch's
 * is (its reflection loses digits there). Where PyTorch's algorithm is itself
 * less accurate than double precision (trigamma's short asymptotic series,
 * erfcx below -6.1), the same algorithm is used here, so results match
 * PyTorch's rather than the exact values. Plain C that also compiles as CUDA
 * C++: no arrays in static storage, no _Generic of its own (the includer
 * defines DK_INLINE and DK_ISFLT). */
#ifndef DENDRITE_SPECIAL_H
#define DENDRITE_SPECIAL_H

#define DK_PI 3.14159265358979323846
#define DK_SQRT2 1.41421356237309504880
#define DK_SQRT1_2 0.70710678118654752440
#define DK_SQRT_PI 1.77245385090551602730
#define DK_SQRT_2PI 2.50662827463100050242
#define DK_EPS64 1.11022302462515654042e-16

/* f(x) in x's float type, computed in double (a cast, so C and CUDA C++ both take it) */
#define DK_SP(fn, x) ((__typeof__(x))dk_##fn((double)(x)))
#define DK_SP2(fn, a, b) ((__typeof__(a))dk_##fn((double)(a), (double)(b)))

/* ---------- integer bit ops ---------- */
/* a << b: 0 once b is negative or at least the bit width (NumPy's npy_lshift and PyTorch's lshift agree) */
#define DK_LSHIFT(a, b) \
  ((uint64_t)(b) < sizeof(a) * 8 ? (__typeof__(a))((uint64_t)(int64_t)(a) << (int)(b)) : (__typeof__(a))0)
/* a >> b: the sign fill (-1 or 0) once b is negative or at least the bit width (both libraries again) */
#define DK_RSHIFT(a, b) \
  ((uint64_t)(b) < sizeof(a) * 8 ? (__typeof__(a))((int64_t)(a) >> (int)(b)) : (__typeof__(a))((a) < 0 ? -1 : 0))

/* the number of set bits (SWAR: no compiler builtin, so NVRTC takes it too) */
DK_INLINE int dk_popcount(uint64_t v) {
  v = v - ((v >> 1) & 0x5555555555555555ull);
  v = (v & 0x3333333333333333ull) + ((v >> 2) & 0x3333333333333333ull);
  v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0full;
  return (int)((v * 0x0101010101010101ull) >> 56);
}

/* ---------- erfinv ---------- */
/* A rational first guess (Pavlis' erfinv, PyTorch's calc_erfinv) polished by two Newton steps: on erf in the
 * middle, on erfc beyond 0.7, where erf(x) - y would cancel (1 - |y| is exact there) */
DK_INLINE double dk_erfinv(double y) {
  const double ay = fabs(y);
  if (!(ay <= 1)) return y != y ? y : (double)NAN;
  if (ay == 1) return copysign((double)INFINITY, y);
  double x;
  if (ay <= 0.7) {
    const double z = y * y;
    const double num = ((-0.140543331 * z + 0.914624893) * z - 1.645349621) * z + 0.886226899;
    const double den = (((0.012229801 * z - 0.329097515) * z + 1.442710462) * z - 2.118377725) * z + 1;
    x = y * num / den;
  } else {
    const double z = sqrt(-log((1 - ay) / 2));
    const double num = ((1.641345311 * z + 3.429567803) * z - 1.624906493) * z - 1.970840454;
    const double den = (1.637067800 * z + 3.543889200) * z + 1;
    x = copysign(num, y) / den;
  }
  if (ay <= 0.7) {
    for (int i = 0; i < 2; i++) x -= (erf(x) - y) / (2 / DK_SQRT_PI * exp(-x * x));
    return x;
  }
  const double w = 1 - ay;
  double ax = fabs(x);
  for (int i = 0; i < 2; i++) ax += (erfc(ax) - w) / (2 / DK_SQRT_PI * exp(-ax * ax));
  return copysign(ax, y);
}

/* ---------- digamma, trigamma, zeta, polygamma ---------- */
/* psi(x): reflection below 0, the recurrence up to 10, then the asymptotic series (Bernoulli numbers) */
DK_INLINE double dk_digamma(double x) {
  if (x == 0) return copysign((double)INFINITY, -x);
  double result = 0;
  if (x < 0) {
    if (x == trunc(x)) return NAN;
    /* tan(pi r) of the fractional part r: pi x itself would lose digits */
    result = -DK_PI / tan(DK_PI * (x - trunc(x)));
    x = 1 - x;
  }
  while (x < 10) {
    result -= 1 / x;
    x += 1;
  }
  if (x == 10) return result + 2.25175258906672110764;
  double tail = 0;
  if (x < 1e17) {
    const double z = 1 / (x * x);
    tail = z * (1.0 / 12 - z * (1.0 / 120 - z * (1.0 / 252 - z * (1.0 / 240 - z * (1.0 / 132 - z * (691.0 / 32760 - z / 12))))));
  }
  return result + log(x) - 0.5 / x - tail;
}

/* psi'(x) with PyTorch's short series after six recurrence steps (its results, to the last digits) */
DK_INLINE double dk_trigamma(double x) {
  double sign = 1, result = 0;
  if (x < 0.5) {
    const double s = sin(DK_PI * x);
    sign = -1;
    result = -DK_PI * DK_PI / (s * s);
    x = 1 - x;
  }
  for (int i = 0; i < 6; i++) {
    result += 1 / (x * x);
    x += 1;
  }
  const double ixx = 1 / (x * x);
  result += (1 + 1 / (2 * x) + ixx * (1.0 / 6 - ixx * (1.0 / 30 - ixx * (1.0 / 42)))) / x;
  return sign * result;
}

/* trigamma in float arithmetic for the float32 loops, as PyTorch's float kernel (its reflection through sinf loses
 * digits at large negative x: computing in double would not give PyTorch's values there) */
DK_INLINE float dk_trigamma_f32(float x) {
  const float pi = 3.14159265358979323846f;
  float sign = 1, result = 0;
  if (x < 0.5f) {
    const float s = sinf(pi * x);
    sign = -1;
    result = -(pi * pi) / (s * s);
    x = 1 - x;
  }
  for (int i = 0; i < 6; i++) {
    result += 1 / (x * x);
    x += 1;
  }
  const float ixx = 1 / (x * x);
  result += (1 + 1 / (2 * x) + ixx * (1.f / 6 - ixx * (1.f / 30 - ixx * (1.f / 42)))) / x;
  return sign * result;
}

/* The Hurwitz zeta function sum_k (k + q)^-x by Euler-Maclaurin summation (as Cephes' zeta): direct terms
 * until q + k > 9 (and at least 9 of them), then the integral of the tail and its Bernoulli corrections. */
DK_INLINE double dk_zeta(double x, double q) {
  if (x == 1) return INFINITY;
  if (x < 1) return NAN;
  if (q <= 0) {
    if (q == floor(q)) return INFINITY;
    if (x != floor(x)) return NAN;
  }
  double s = pow(q, -x), a = q, b = 0;
  int i = 0;
  while (i < 9 || a <= 9) {
    i++;
    a += 1;
    b = pow(a, -x);
    s += b;
    if (-DK_EPS64 * s < b && b < DK_EPS64 * s) return s;
  }
  const double w = a;
  s += b * w / (x - 1) - 0.5 * b;
  /* (2j)! / B_2j for j = 1..12 */
  const double fb[12] = {
      2.0 / (1.0 / 6),
      24.0 / (-1.0 / 30),
      720.0 / (1.0 / 42),
      40320.0 / (-1.0 / 30),
      3628800.0 / (5.0 / 66),
      479001600.0 * 2730 / -691,
      87178291200.0 * 6 / 7,
      20922789888000.0 * 510 / -3617,
      6402373705728000.0 * 798 / 43867,
      2432902008176640000.0 * 330 / -174611,
      1124000727777607680000.0 * 138 / 854513,
      620448401733239439360000.0 * 2730 / -236364091,
  };
  double fac = 1, k = 0;
  for (i = 0; i < 12; i++) {
    fac *= x + k;
    b /= w;
    const double t = fac * b / fb[i];
    s += t;
    if (fabs(t / s) < DK_EPS64) return s;
    k += 1;
    fac *= x + k;
    b /= w;
    k += 1;
  }
  return s;
}

/* psi^(n)(x): digamma and trigamma for n = 0, 1, else (-1)^(n+1) n! zeta(n + 1, x) (PyTorch's kernels) */
DK_INLINE double dk_polygamma(double n, double x) {
  if (n == 0) return dk_digamma(x);
  if (n == 1) return dk_trigamma(x);
  return (fmod(n, 2) != 0 ? 1.0 : -1.0) * exp(lgamma(n + 1)) * dk_zeta(n + 1, x);
}

/* polygamma(n, x) for the table: float32's trigamma in float (above), everything else in double */
#define DK_POLYGAMMA(n, x) \
  (sizeof(x) == 4 && DK_ISFLT(x) && (n) == 1 ? (__typeof__(x))dk_trigamma_f32((float)(x)) : DK_SP2(polygamma, n, x))

/* ---------- modified Bessel functions of the first kind ---------- */
/* The power series (positive terms: no cancellation) up to |x| = 20; above, the asymptotic expansion of the
 * scaled function, whose smallest term there is below 1e-17. */
#define DK_BESSEL_SERIES_MAX 20.0

/* I_nu(|x|) by the power series (nu = 0 or 1), for ax up to DK_BESSEL_SERIES_MAX */
DK_INLINE double dk_bessel_series(int nu, double ax) {
  const double q = ax * ax / 4;
  double t = nu ? ax / 2 : 1, s = t;
  for (int k = 1; k < 100 && t > DK_EPS64 * s; k++) {
    t *= q / ((double)k * (k + nu));
    s += t;
  }
  return s;
}
/* I_nu(|x|) e^-|x| (nu = 0 or 1) */
DK_INLINE double dk_bessel_scaled(int nu, double ax) {
  if (ax <= DK_BESSEL_SERIES_MAX) return dk_bessel_series(nu, ax) * exp(-ax);
  if (ax == INFINITY) return 0;
  /* sum_k (-1)^k prod_{j<=k} (4 nu^2 - (2j - 1)^2) / (k! (8x)^k) / sqrt(2 pi x) */
  double t = 1, s = 1;
  for (int k = 1; k < 60; k++) {
    const double m = 2.0 * k - 1;
    t *= (m * m - 4.0 * nu * nu) / (8.0 * k * ax);
    s += t;
    if (fabs(t) < DK_EPS64 * fabs(s)) break;
  }
  return s / sqrt(2 * DK_PI * ax);
}
DK_INLINE double dk_i0e(double x) {
  return x != x ? x : dk_bessel_scaled(0, fabs(x));
}
DK_INLINE double dk_i1e(double x) {
  return x != x ? x : copysign(dk_bessel_scaled(1, fabs(x)), x);
}
/* I_nu(|x|): the series itself, or the scaled value times e^|x| (which overflows where PyTorch's does) */
DK_INLINE double dk_bessel(int nu, double ax) {
  /* +-inf gives NaN, as PyTorch's and NumPy's exp(x) * series / sqrt(x) do */
  if (ax > DK_BESSEL_SERIES_MAX) return ax == INFINITY ? (double)NAN : dk_bessel_scaled(nu, ax) * exp(ax);
  return dk_bessel_series(nu, ax);
}
DK_INLINE double dk_i0(double x) {
  return x != x ? x : dk_bessel(0, fabs(x));
}
DK_INLINE double dk_i1(double x) {
  return x != x ? x : copysign(dk_bessel(1, fabs(x)), x);
}

/* i0 and i1 for the table: PyTorch's (and NumPy's) float32 kernels take exp(|x|) in float, so they overflow to
 * inf (-inf for i1 below 0) once |x| passes log(FLT_MAX), where the rounded double would still be finite */
#define DK_EXPF_MAX 88.72283172607422
#define DK_BESSEL_TABLE(fn, x, odd)                                                                         \
  (sizeof(x) == 4 && DK_ISFLT(x) &&                                                                         \
           (((x) > DK_EXPF_MAX && (x) < (double)INFINITY) || ((x) < -DK_EXPF_MAX && (x) > -(double)INFINITY)) \
       ? (__typeof__(x))((odd) && (x) < 0 ? -(double)INFINITY : (double)INFINITY)                            \
       : DK_SP(fn, x))

/* ---------- regularized incomplete gamma ---------- */
/* lgamma(a) - ((a - 1/2) log a - a + log(2 pi) / 2), Stirling's series for a >= 10 */
DK_INLINE double dk_stirlerr(double a) {
  const double r = 1 / a, r2 = r * r;
  return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680 - r2 * (1.0 / 1188 - r2 * (691.0 / 360360 - r2 / 156))))));
}

/* x^a e^-x / Gamma(a); near a = x with large a from log1p, so the large logarithms do not cancel */
DK_INLINE double dk_igam_fac(double a, double x) {
  if (a < 10 || fabs(a - x) > 0.4 * a) return exp(a * log(x) - x - lgamma(a));
  const double d = (x - a) / a;
  return exp(a * (log1p(d) - d) - dk_stirlerr(a)) * sqrt(a / (2 * DK_PI));
}

/* P(a, x) by its power series: x^a e^-x / Gamma(a + 1) sum_n x^n / ((a + 1)...(a + n)) */
DK_INLINE double dk_igam_series(double a, double x) {
  const double f = dk_igam_fac(a, x);
  if (f == 0) return 0;
  double r = a, c = 1, s = 1;
  for (int i = 0; i < 100000; i++) {
    r += 1;
    c *= x / r;
    s += c;
    if (c <= DK_EPS64 * s) break;
  }
  return s * f / a;
}

/* Q(a, x) for small x: 1 - x^a / Gamma(a + 1) + x^a / Gamma(a) sum_n>=1 -(-x)^n / (n! (a + n)), without the
 * cancellation of 1 - P where P is near 1 */
DK_INLINE double dk_igamc_series(double a, double x) {
  double fac = 1, s = 0;
  for (int n = 1; n < 2000; n++) {
    fac *= -x / n;
    const double t = fac / (a + n);
    s += t;
    if (fabs(t) <= DK_EPS64 * fabs(s)) break;
  }
  const double lx = log(x);
  return -expm1(a * lx - lgamma(1 + a)) - exp(a * lx - lgamma(a)) * s;
}

/* Q(a, x) by Legendre's continued fraction (modified Lentz), for x > 1.1 and x >= a */
DK_INLINE double dk_igamc_fraction(double a, double x) {
  const double f = dk_igam_fac(a, x);
  if (f == 0) return 0;
  const double tiny = 1e-300;
  double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
  for (int i = 1; i < 100000; i++) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (fabs(d) < tiny) d = tiny;
    c = b + an / c;
    if (fabs(c) < tiny) c = tiny;
    d = 1 / d;
    const double del = d * c;
    h *= del;
    if (fabs(del - 1) <= DK_EPS64) break;
  }
  return f * h;
}

/* PyTorch's special values: NaN for a negative argument, the limits at a = 0, x = 0 and infinities */
#define DK_IGAM_EDGES(a, x, at_a0, at_x0, at_ainf, at_xinf)  \
  if (x < 0 || a < 0 || x != x || a != a) return NAN;         \
  if (a == 0) return x > 0 ? at_a0 : NAN;                     \
  if (x == 0) return at_x0;                                   \
  if (a == INFINITY) return x == INFINITY ? NAN : at_ainf;    \
  if (x == INFINITY) return at_xinf;

/* the upper regularized incomplete gamma function Q(a, x) (torch.igammac) */
DK_INLINE double dk_igammac(double a, double x) {
  DK_IGAM_EDGES(a, x, 0.0, 1.0, 1.0, 0.0)
  if (x > 1.1) return x < a ? 1 - dk_igam_series(a, x) : dk_igamc_fraction(a, x);
  const int series = x <= 0.5 ? -0.4 / log(x) < a : x * 1.1 < a;
  return series ? 1 - dk_igam_series(a, x) : dk_igamc_series(a, x);
}

/* the lower regularized incomplete gamma function P(a, x) (torch.igamma) */
DK_INLINE double dk_igamma(double a, double x) {
  DK_IGAM_EDGES(a, x, 1.0, 0.0, 0.0, 1.0)
  if (x > 1 && x > a) return 1 - dk_igammac(a, x);
  return dk_igam_series(a, x);
}

/* ---------- the normal distribution and friends ---------- */
/* exp(x^2) with the rounding error of x^2 carried (fma gives it exactly) */
DK_INLINE double dk_exp_sq(double x) {
  const double hi = x * x, lo = fma(x, x, -hi);
  return exp(hi) * (1 + lo);
}

/* exp(x^2) erfc(x): for x >= 0 the product up to 12, then the asymptotic series of erfc; below 0 PyTorch's
 * formula 2 exp(x^2) - erfcx(-x) (the erfcx term vanishes in double below -6.1) */
DK_INLINE double dk_erfcx(double x) {
  if (x != x) return x;
  if (x < 0) {
    if (x < -26.7) return INFINITY;
    const double e = 2 * exp(x * x);
    return x < -6.1 ? e : e - dk_erfcx(-x);
  }
  if (x < 0.5) return exp(x * x) * erfc(x);
  if (x <= 12) return dk_exp_sq(x) * erfc(x);
  /* sum_k (-1)^k (2k - 1)!! / (2x^2)^k / (x sqrt(pi)) */
  const double r = 1 / (2 * x * x);
  double t = 1, s = 1;
  for (int k = 1; k < 40; k++) {
    t *= -(2.0 * k - 1) * r;
    s += t;
    if (fabs(t) < DK_EPS64 * s) break;
  }
  return s / (x * DK_SQRT_PI);
}

/* log of the standard normal CDF: from erfcx in the lower tail (PyTorch's log_ndtr) */
DK_INLINE double dk_log_ndtr(double x) {
  const double t = x * DK_SQRT1_2;
  if (x < -1) return log(dk_erfcx(-t) / 2) - t * t;
  return log1p(-erfc(t) / 2);
}

/* The normal quantile: sqrt(2) erfinv(2p - 1) in the middle (2p - 1 is exact there); in the tails a first
 * guess (Abramowitz-Stegun 26.2.23) refined by Newton's method on log Phi, whose slope phi / Phi comes from
 * erfcx without under- or overflow even at the smallest p. */
DK_INLINE double dk_ndtri(double p) {
  if (!(p >= 0 && p <= 1)) return NAN;
  if (p == 0) return -INFINITY;
  if (p == 1) return INFINITY;
  if (p >= 0.25 && p <= 0.75) return DK_SQRT2 * dk_erfinv(2 * p - 1);
  const double q = p < 0.5 ? p : 1 - p, lq = log(q);
  const double t = sqrt(-2 * lq);
  double x = -(t - (2.515517 + t * (0.802853 + t * 0.010328)) / (1 + t * (1.432788 + t * (0.189269 + t * 0.001308))));
  for (int i = 0; i < 4; i++) {
    const double slope = 2 / (DK_SQRT_2PI * dk_erfcx(-x * DK_SQRT1_2));
    x -= (dk_log_ndtr(x) - lq) / slope;
  }
  return p < 0.5 ? x : -x;
}

/* -x log x, 0 at 0, -inf below 0 (torch.special.entr) */
DK_INLINE double dk_entr(double x) {
  if (x != x) return x;
  if (x > 0) return -x * log(x);
  return x == 0 ? 0 : -(double)INFINITY;
}

/* x log1p(y), 0 where x is 0 unless y is NaN (torch.special.xlog1py) */
DK_INLINE double dk_xlog1py(double x, double y) {
  if (y != y) return NAN;
  return x == 0 ? 0 : x * log1p(y);
}

#endif
