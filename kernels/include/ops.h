/* The element-wise op tables, shared by every backend's kernels (the CPU's
 * elementwise.c; a CUDA file expands the same tables with its own loop
 * macros). Each op is one X-macro line: its name (published to TypeScript
 * through dk_*_name, which gives the op codes), the dtypes it has loops for,
 * whether it outputs bool, and its scalar expression with NumPy's
 * semantics. The scalar helpers below are plain C; a target that is not C
 * (CUDA C++) defines DK_INLINE, DK_F, DK_F2 and DK_ISFLT before including
 * this file. Integer pow gives 0 for a negative exponent: the front-ends
 * raise NumPy's / PyTorch's error before any kernel runs (a flag set by the
 * loop would be one global shared by every thread and Worker). */
#ifndef DENDRITE_OPS_H
#define DENDRITE_OPS_H
#include "dtypes.h"

#ifndef DK_INLINE
#define DK_INLINE static inline
#endif
#include "special.h"
#include "special_fns.h"

/* ---------- scalar helpers with NumPy's semantics ---------- */
#define DEF_INT_HELPERS(sfx, T, MIN)                                          \
  DK_INLINE T fdiv_##sfx(T a, T b) {                                      \
    if (b == 0) return 0;                                                     \
    if (b == -1) return (T)(0 - (uint64_t)a); /* MIN / -1 wraps, as NumPy */  \
    T q = a / b;                                                              \
    if ((a % b != 0) && ((a < 0) != (b < 0))) q--;                            \
    return q;                                                                 \
  }                                                                           \
  DK_INLINE T rem_##sfx(T a, T b) {                                       \
    if (b == 0 || b == -1) return 0;                                          \
    T r = a % b;                                                              \
    if (r != 0 && ((r < 0) != (b < 0))) r += b;                               \
    return r;                                                                 \
  }                                                                           \
  DK_INLINE T fmod_##sfx(T a, T b) { return (b == 0 || b == -1) ? 0 : a % b; } \
  DK_INLINE T pow_##sfx(T a, T b) {                                       \
    if (b < 0) return 0;                                                      \
    T r = 1;                                                                  \
    while (b) { if (b & 1) r *= a; a *= a; b >>= 1; }                         \
    return r;                                                                 \
  }
DEF_INT_HELPERS(int32, int32_t, INT32_MIN)
DEF_INT_HELPERS(int64, int64_t, INT64_MIN)

DK_INLINE uint8_t fdiv_uint8(uint8_t a, uint8_t b) { return b ? a / b : 0; }
DK_INLINE uint8_t rem_uint8(uint8_t a, uint8_t b) { return b ? a % b : 0; }
DK_INLINE uint8_t fmod_uint8(uint8_t a, uint8_t b) { return b ? a % b : 0; }
DK_INLINE uint8_t pow_uint8(uint8_t a, uint8_t b) {
  uint8_t r = 1;
  while (b) { if (b & 1) r *= a; a *= a; b >>= 1; }
  return r;
}

/* NumPy's npy_divmod for floats: floor division and Python-style modulus. */
#define DEF_FLT_HELPERS(sfx, T, SUF)                                          \
  DK_INLINE T divmod_##sfx(T a, T b, T *m) {                              \
    T mod = fmod##SUF(a, b);                                                  \
    if (!b) { *m = mod; return a / b; }                                       \
    T div = (a - mod) / b;                                                    \
    if (mod) { if ((b < 0) != (mod < 0)) { mod += b; div -= 1; } }            \
    else mod = copysign##SUF((T)0, b);                                           \
    T fl;                                                                     \
    if (div) { fl = floor##SUF(div); if (div - fl > (T)0.5) fl += 1; }        \
    else fl = copysign##SUF((T)0, a / b);                                        \
    *m = mod;                                                                 \
    return fl;                                                                \
  }                                                                           \
  DK_INLINE T fdiv_##sfx(T a, T b) { T m; return divmod_##sfx(a, b, &m); } \
  DK_INLINE T rem_##sfx(T a, T b) {                                       \
    T m;                                                                      \
    if (!b) return fmod##SUF(a, b);                                           \
    divmod_##sfx(a, b, &m);                                                   \
    return m;                                                                 \
  }                                                                           \
  DK_INLINE T fmod_##sfx(T a, T b) { return fmod##SUF(a, b); }            \
  DK_INLINE T pow_##sfx(T a, T b) { return pow##SUF(a, b); }
DEF_FLT_HELPERS(float32, float, f)
DEF_FLT_HELPERS(float64, double, )

/* The _Generic helpers are C11: a C++ target (CUDA) defines DK_PICK, RECIP, ROUNDV, FLOORV, CEILV, TRUNCV and
 * INVERTV itself before including this file. */
#ifndef DK_PICK
#define DK_PICK(name, x) \
  _Generic((x), uint8_t: name##_uint8, int32_t: name##_int32, int64_t: name##_int64, float: name##_float32, default: name##_float64)
#endif
#define FDIV(a, b) DK_PICK(fdiv, a)(a, b)
#define REM(a, b) DK_PICK(rem, a)(a, b)
#define FMOD(a, b) DK_PICK(fmod, a)(a, b)
#define POW(a, b) DK_PICK(pow, a)(a, b)
/* fmax/fmin ignore a NaN operand, like NumPy's */
#define FMAXV(a, b) ((a >= b || b != b) ? a : b)
#define FMINV(a, b) ((a <= b || b != b) ? a : b)
/* log(exp(a) + exp(b)) without overflow */
#define LOGADDEXP(a, b) (a == b ? a + DK_F(log, (__typeof__(a))2) : (a > b ? a + DK_F(log1p, DK_F(exp, b - a)) : b + DK_F(log1p, DK_F(exp, a - b))))
/* maximum/minimum propagate NaN from either side, like NumPy */
#define MAXV(a, b) ((a >= b || a != a) ? a : b)
#define MINV(a, b) ((a <= b || a != a) ? a : b)
/* integer 1/x: 0 gives the type's minimum (0 for unsigned), as NumPy's loops do */
#ifndef RECIP
#define RECIP(x)                                                                                         \
  _Generic((x), float: 1 / (x), double: 1 / (x),                                                         \
      default: ((x) == 0 ? (__typeof__(x))(((uint64_t)1 << (sizeof(x) * 8 - 1)) * ((__typeof__(x))-1 < 0)) \
                         : 1 / ((x) == 0 ? 1 : (x))))
#endif
/* sign(+-0) is +0 and sign(NaN) is NaN, as NumPy's */
#define SIGN(x) (x > 0 ? 1 : (x < 0 ? -1 : (x == 0 ? 0 : x)))
#ifndef ROUNDV
#define ROUNDV(x) _Generic((x), float: rintf(x), double: rint(x), default: x)
#define FLOORV(x) _Generic((x), float: floorf(x), double: floor(x), default: x)
#define CEILV(x) _Generic((x), float: ceilf(x), double: ceil(x), default: x)
#define TRUNCV(x) _Generic((x), float: truncf(x), double: trunc(x), default: x)
#endif
#define ISNANV(x) (x != x)
/* |x| with |-0| = +0 (x < 0 ? -x : x keeps -0) */
#ifndef ABSV
#define ABSV(x) _Generic((x), float: fabsf(x), double: fabs(x), default: (x < 0 ? -x : x))
#endif
/* ~x for integers, logical not for bool (NumPy's invert); never used on floats */
#ifndef INVERTV
#define INVERTV(x) _Generic((x), dk_bool: !(x), default: ~(int64_t)(x))
#endif
#define ISINFV(x) (DK_ISFLT(x) && (x == (double)INFINITY || x == -(double)INFINITY))
/* sin(pi x) / (pi x), 1 at 0 (NumPy's sinc, PyTorch's) */
#define SINCV(x) (x == 0 ? (__typeof__(x))1 : DK_F(sin, (__typeof__(x))3.14159265358979323846 * x) / ((__typeof__(x))3.14159265358979323846 * x))
/* x * 2^n by the float's own ldexp (both branches compile for either type; sizeof picks one) */
#define LDEXPI(x, n) (sizeof(x) == 4 ? (__typeof__(x))ldexpf((float)(x), n) : (__typeof__(x))ldexp((double)(x), n))
/* NumPy's ldexp with the integer exponent carried as a float: beyond +-100000 every result is 0, inf or x; a NaN
 * exponent gives NaN (converting it to int is undefined: x86 gave INT_MIN, so 0, and a GPU 0, so x) */
#define LDEXPV(a, b) (b != b ? b : LDEXPI(a, (int)(b > 100000 ? 100000 : (b < -100000 ? -100000 : b))))
/* frexp without its int out-parameter: ilogb gives the exponent of normals and subnormals alike; 0, inf and
 * NaN keep their value as mantissa with exponent 0 */
#define DK_ILOGB(x) (sizeof(x) == 4 ? ilogbf((float)(x)) : ilogb((double)(x)))
#define FREXP_KEEPS(x) (x == 0 || x != x || ISINFV(x))
#define FREXPM(x) (FREXP_KEEPS(x) ? x : LDEXPI(x, -DK_ILOGB(x) - 1))
#define FREXPE(x) (FREXP_KEEPS(x) ? (__typeof__(x))0 : (__typeof__(x))(DK_ILOGB(x) + 1))
/* 0 below 0, 1 above, b at +-0, NaN stays NaN (NumPy's and PyTorch's heaviside) */
#define HEAVISIDE(a, b) (a < 0 ? (__typeof__(a))0 : (a > 0 ? (__typeof__(a))1 : (a == 0 ? b : a)))
/* gcd and lcm of |a| and |b| in uint64, wrapped into the type as NumPy's integer loops wrap (|INT64_MIN| too) */
DK_INLINE uint64_t dk_gcd_u64(uint64_t a, uint64_t b) {
  while (b) { uint64_t t = a % b; a = b; b = t; }
  return a;
}
DK_INLINE uint64_t dk_lcm_u64(uint64_t a, uint64_t b) {
  uint64_t g = dk_gcd_u64(a, b);
  return g ? a / g * b : 0;
}
#define DK_UABS(x) (x < 0 ? 0 - (uint64_t)x : (uint64_t)x)
#define GCDV(a, b) ((__typeof__(a))dk_gcd_u64(DK_UABS(a), DK_UABS(b)))
#define LCMV(a, b) ((__typeof__(a))dk_lcm_u64(DK_UABS(a), DK_UABS(b)))

/* ---------- unary ops: X(name, dtype mask, output is bool, expr in x) ---------- */
#define UNARY_OPS(X)                                     \
  X(negative, DK_M_NUM, 0, -x)                           \
  X(positive, DK_M_NUM, 0, x)                            \
  X(abs, DK_M_ALL, 0, ABSV(x))                           \
  X(sign, DK_M_NUM, 0, SIGN(x))                          \
  X(square, DK_M_NUM, 0, x * x)                          \
  X(reciprocal, DK_M_NUM, 0, RECIP(x))                   \
  X(sqrt, DK_M_FLT, 0, DK_F(sqrt, x))                    \
  X(rsqrt, DK_M_FLT, 0, 1 / DK_F(sqrt, x))               \
  X(exp, DK_M_FLT, 0, DK_F(exp, x))                      \
  X(exp2, DK_M_FLT, 0, DK_F(exp2, x))                    \
  X(expm1, DK_M_FLT, 0, DK_F(expm1, x))                  \
  X(log, DK_M_FLT, 0, DK_F(log, x))                      \
  X(log2, DK_M_FLT, 0, DK_F(log2, x))                    \
  X(log10, DK_M_FLT, 0, DK_F(log10, x))                  \
  X(log1p, DK_M_FLT, 0, DK_F(log1p, x))                  \
  X(sin, DK_M_FLT, 0, DK_F(sin, x))                      \
  X(cos, DK_M_FLT, 0, DK_F(cos, x))                      \
  X(tan, DK_M_FLT, 0, DK_F(tan, x))                      \
  X(arcsin, DK_M_FLT, 0, DK_F(asin, x))                  \
  X(arccos, DK_M_FLT, 0, DK_F(acos, x))                  \
  X(arctan, DK_M_FLT, 0, DK_F(atan, x))                  \
  X(sinh, DK_M_FLT, 0, DK_F(sinh, x))                    \
  X(cosh, DK_M_FLT, 0, DK_F(cosh, x))                    \
  X(tanh, DK_M_FLT, 0, DK_F(tanh, x))                    \
  X(sigmoid, DK_M_FLT, 0, 1 / (1 + DK_F(exp, -x)))       \
  X(relu, DK_M_NUM, 0, (x < 0 ? 0 : x))                  \
  X(rint, DK_M_FLT, 0, ROUNDV(x))                        \
  X(floor, DK_M_ALL, 0, FLOORV(x))                       \
  X(ceil, DK_M_ALL, 0, CEILV(x))                         \
  X(trunc, DK_M_ALL, 0, TRUNCV(x))                       \
  X(isnan, DK_M_ALL, 1, ISNANV(x))                       \
  X(isinf, DK_M_ALL, 1, ISINFV(x))                       \
  X(isfinite, DK_M_ALL, 1, !(ISNANV(x) || ISINFV(x)))    \
  X(logical_not, DK_M_ALL, 1, !x)                        \
  X(arcsinh, DK_M_FLT, 0, DK_F(asinh, x))                \
  X(arccosh, DK_M_FLT, 0, DK_F(acosh, x))                \
  X(arctanh, DK_M_FLT, 0, DK_F(atanh, x))                \
  X(erf, DK_M_FLT, 0, DK_F(erf, x))                      \
  X(erfc, DK_M_FLT, 0, DK_F(erfc, x))                    \
  X(lgamma, DK_M_FLT, 0, DK_F(lgamma, x))                \
  X(cbrt, DK_M_FLT, 0, DK_F(cbrt, x))                    \
  X(invert, DK_M_INT, 0, INVERTV(x))                     \
  X(signbit, DK_M_FLT, 1, signbit((double)x) != 0)       \
  X(sinc, DK_M_FLT, 0, SINCV(x))                         \
  X(frexp_mantissa, DK_M_FLT, 0, FREXPM(x))              \
  X(frexp_exponent, DK_M_FLT, 0, FREXPE(x))             \
  X(erfinv, DK_M_FLT, 0, DK_SP(erfinv, x))               \
  X(digamma, DK_M_FLT, 0, DK_SP(digamma, x))             \
  X(i0, DK_M_FLT, 0, DK_BESSEL_TABLE(i0, x, 0))          \
  X(i0e, DK_M_FLT, 0, DK_SP(i0e, x))                     \
  X(i1, DK_M_FLT, 0, DK_BESSEL_TABLE(i1, x, 1))          \
  X(i1e, DK_M_FLT, 0, DK_SP(i1e, x))                     \
  X(erfcx, DK_M_FLT, 0, DK_SP(erfcx, x))                 \
  X(ndtri, DK_M_FLT, 0, DK_SP(ndtri, x))                 \
  X(log_ndtr, DK_M_FLT, 0, DK_SP(log_ndtr, x))           \
  X(entr, DK_M_FLT, 0, DK_SP(entr, x))                   \
  X(airy_ai, DK_M_FLT, 0, DK_SPT(airy_ai, x)) \
  X(bessel_j0, DK_M_FLT, 0, DK_SPT(bessel_j0, x)) \
  X(bessel_j1, DK_M_FLT, 0, DK_SPT(bessel_j1, x)) \
  X(bessel_y0, DK_M_FLT, 0, DK_SPT(bessel_y0, x)) \
  X(bessel_y1, DK_M_FLT, 0, DK_SPT(bessel_y1, x)) \
  X(modified_bessel_i0, DK_M_FLT, 0, DK_SPT(modified_bessel_i0, x)) \
  X(modified_bessel_i1, DK_M_FLT, 0, DK_SPT(modified_bessel_i1, x)) \
  X(modified_bessel_k0, DK_M_FLT, 0, DK_SPT(modified_bessel_k0, x)) \
  X(modified_bessel_k1, DK_M_FLT, 0, DK_SPT(modified_bessel_k1, x)) \
  X(scaled_modified_bessel_k0, DK_M_FLT, 0, DK_SPT(scaled_modified_bessel_k0, x)) \
  X(scaled_modified_bessel_k1, DK_M_FLT, 0, DK_SPT(scaled_modified_bessel_k1, x)) \
  X(spherical_bessel_j0, DK_M_FLT, 0, DK_SPT(spherical_bessel_j0, x)) \
  X(bitwise_count, DK_M_INT, 0, (__typeof__(x))dk_popcount(DK_UABS(x)))

/* ---------- binary ops: X(name, dtype mask, output is bool, expr in a, b) ---------- */
#define BINARY_OPS(X)                                          \
  X(add, DK_M_ALL, 0, a + b)                                   \
  X(subtract, DK_M_NUM, 0, a - b)                              \
  X(multiply, DK_M_ALL, 0, a * b)                              \
  X(divide, DK_M_FLT, 0, a / b)                                \
  X(floor_divide, DK_M_NUM, 0, FDIV(a, b))                     \
  X(remainder, DK_M_NUM, 0, REM(a, b))                         \
  X(fmod, DK_M_NUM, 0, FMOD(a, b))                             \
  X(power, DK_M_NUM, 0, POW(a, b))                             \
  X(maximum, DK_M_ALL, 0, MAXV(a, b))                          \
  X(minimum, DK_M_ALL, 0, MINV(a, b))                          \
  X(arctan2, DK_M_FLT, 0, DK_F2(atan2, a, b))                  \
  X(hypot, DK_M_FLT, 0, DK_F2(hypot, a, b))                    \
  X(bitwise_and, DK_M_INT, 0, (int64_t)a & (int64_t)b)                           \
  X(bitwise_or, DK_M_INT, 0, (int64_t)a | (int64_t)b)                            \
  X(bitwise_xor, DK_M_INT, 0, (int64_t)a ^ (int64_t)b)                           \
  X(equal, DK_M_ALL, 1, a == b)                                \
  X(not_equal, DK_M_ALL, 1, a != b)                            \
  X(less, DK_M_ALL, 1, a < b)                                  \
  X(less_equal, DK_M_ALL, 1, a <= b)                           \
  X(greater, DK_M_ALL, 1, a > b)                               \
  X(greater_equal, DK_M_ALL, 1, a >= b)                        \
  X(logical_and, DK_M_ALL, 1, (a != 0) & (b != 0))             \
  X(logical_or, DK_M_ALL, 1, (a != 0) | (b != 0))              \
  X(logical_xor, DK_M_ALL, 1, (a != 0) ^ (b != 0))             \
  X(copysign, DK_M_FLT, 0, DK_F2(copysign, a, b))              \
  X(logaddexp, DK_M_FLT, 0, LOGADDEXP(a, b))                   \
  X(fmax, DK_M_ALL, 0, FMAXV(a, b))                            \
  X(fmin, DK_M_ALL, 0, FMINV(a, b))                            \
  X(heaviside, DK_M_ALL, 0, HEAVISIDE(a, b))                   \
  X(ldexp, DK_M_FLT, 0, LDEXPV(a, b))                          \
  X(nextafter, DK_M_FLT, 0, DK_F2(nextafter, a, b))            \
  X(gcd, DK_M_INTS, 0, GCDV(a, b))                             \
  X(lcm, DK_M_INTS, 0, LCMV(a, b))                             \
  X(polygamma, DK_M_FLT, 0, DK_POLYGAMMA(a, b))                \
  X(zeta, DK_M_FLT, 0, DK_SP2(zeta, a, b))                     \
  X(igamma, DK_M_FLT, 0, DK_SP2(igamma, a, b))                 \
  X(igammac, DK_M_FLT, 0, DK_SP2(igammac, a, b))               \
  X(xlog1py, DK_M_FLT, 0, DK_SP2(xlog1py, a, b))               \
  X(chebyshev_t, DK_M_FLT, 0, DK_SPT2(chebyshev_t, a, b)) \
  X(chebyshev_u, DK_M_FLT, 0, DK_SPT2(chebyshev_u, a, b)) \
  X(chebyshev_v, DK_M_FLT, 0, DK_SPT2(chebyshev_v, a, b)) \
  X(chebyshev_w, DK_M_FLT, 0, DK_SPT2(chebyshev_w, a, b)) \
  X(shifted_chebyshev_t, DK_M_FLT, 0, DK_SPT2(shifted_chebyshev_t, a, b)) \
  X(shifted_chebyshev_u, DK_M_FLT, 0, DK_SPT2(shifted_chebyshev_u, a, b)) \
  X(shifted_chebyshev_v, DK_M_FLT, 0, DK_SPT2(shifted_chebyshev_v, a, b)) \
  X(shifted_chebyshev_w, DK_M_FLT, 0, DK_SPT2(shifted_chebyshev_w, a, b)) \
  X(hermite_h, DK_M_FLT, 0, DK_SPT2(hermite_h, a, b)) \
  X(hermite_he, DK_M_FLT, 0, DK_SPT2(hermite_he, a, b)) \
  X(laguerre_l, DK_M_FLT, 0, DK_SPT2(laguerre_l, a, b)) \
  X(legendre_p, DK_M_FLT, 0, DK_SPT2(legendre_p, a, b)) \
  X(left_shift, DK_M_INTS, 0, DK_LSHIFT(a, b))                 \
  X(right_shift, DK_M_INTS, 0, DK_RSHIFT(a, b))


#endif
