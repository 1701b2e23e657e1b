/* torch.special's Bessel and Airy functions and orthogonal polynomials for the
 * element-wise op tables (ops.h includes this file; its UNARY_OPS /
 * BINARY_OPS lines call them through DK_SPT and DK_SPT2).
 *
 * The algorithms are PyTorch's (aten/src/ATen/native/Math.h: Cephes'
 * rational and Chebyshev approximations, three-term recurrences, the
 * trigonometric forms of the Chebyshev polynomials inside [-1, 1]). PyTorch
 * runs them in the tensor's own type, and in float32 that is far from the
 * exact value (cos(n acos x) for large n, sin(x - pi/4) for large x), so the
 * body, special_fns_t.h, is instantiated once per float type (it is included
 * twice, with DKT the type) and the float32 loops compute in float as
 * PyTorch's do. Plain C that also compiles as CUDA C++ (local coefficient
 * arrays only, no recursion). */
#ifndef DENDRITE_SPECIAL_FNS_H
#define DENDRITE_SPECIAL_FNS_H

/* The polynomials' degree n arrives in the promoted float type and is truncated to int64 as PyTorch's
 * static_cast does on x86: NaN, the infinities and values beyond int64 give INT64_MIN (a negative degree,
 * whose polynomial is 0). Written out so no out-of-range conversion (undefined in C) is ever executed. */
DK_INLINE int64_t dk_degree(double n) {
  return n >= -9223372036854775808.0 && n < 9223372036854775808.0 ? (int64_t)n : (int64_t)(-9223372036854775807LL - 1);
}

/* PyTorch's CPU kernels are built with FMA contraction on (its AVX2 / AVX-512 builds, GCC's default), and these
 * recurrences and cancelling rational forms carry that rounding into results thousands of ulps apart near zeros
 * and at high degree: contracting here as GCC contracts there brings them back to PyTorch's values. Only for these
 * functions: the rest of the library keeps -ffp-contract=off. */
#if defined(__GNUC__) && !defined(__clang__) && !defined(__CUDACC__) && !defined(__CUDACC_RTC__)
#define DK_SPECIAL_FNS_CONTRACT 1
#pragma GCC push_options
#pragma GCC optimize("fp-contract=fast")
#endif

/* NaN and infinity tested by comparison, as ops.h tests them (ISNANV, ISINFV): no libm macro NVRTC may lack */
#define DK_ISNAN_T(v) ((v) != (v))
#define DK_ISINF_T(v) ((v) == (DKT)INFINITY || (v) == -(DKT)INFINITY)

#define DKT float
#define DKN(name) dk_##name##_f32
#define DKM(fn) fn##f
#define DK_EPS_T 1.1920928955078125e-07f /* FLT_EPSILON */
#define DK_HERMITE_LIMIT 128
#include "special_fns_t.h"
#undef DKT
#undef DKN
#undef DKM
#undef DK_EPS_T
#undef DK_HERMITE_LIMIT

#define DKT double
#define DKN(name) dk_##name##_f64
#define DKM(fn) fn
#define DK_EPS_T 2.220446049250313080847e-16 /* DBL_EPSILON */
#define DK_HERMITE_LIMIT 512
#include "special_fns_t.h"
#undef DKT
#undef DKN
#undef DKM
#undef DK_EPS_T
#undef DK_HERMITE_LIMIT

#ifdef DK_SPECIAL_FNS_CONTRACT
#pragma GCC pop_options
#undef DK_SPECIAL_FNS_CONTRACT
#endif

#undef DK_ISNAN_T
#undef DK_ISINF_T

/* f(x) by x's float type: the float instance for float32, the double one for float64 (the tables build these
 * ops for float dtypes only) */
#define DK_SPT(fn, x) \
  (sizeof(x) == 4 ? (__typeof__(x))dk_##fn##_f32((float)(x)) : (__typeof__(x))dk_##fn##_f64((double)(x)))
#define DK_SPT2(fn, a, b)                                            \
  (sizeof(a) == 4 ? (__typeof__(a))dk_##fn##_f32((float)(a), (float)(b)) \
                  : (__typeof__(a))dk_##fn##_f64((double)(a), (double)(b)))

#endif
