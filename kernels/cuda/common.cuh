/* What every CUDA kernel file shares: the shared op tables of
 * kernels/include/ops.h adapted to CUDA C++, the argument structs
 * (args.cuh), and the N-d index helpers.
 *
 * ops.h is C11: it names _Bool and __typeof__ and picks helpers with
 * _Generic, none of which CUDA C++ has. _Bool and __typeof__ become bool and
 * decltype before the include; the _Generic macros are redefined after it
 * with overloads and templates (the op tables expand them only where a
 * kernel file instantiates them, after this header). */
#ifndef DK_CUDA_COMMON_CUH
#define DK_CUDA_COMMON_CUH

/* the tables instantiate ops for every dtype their masks allow, so
 * "x < 0" on unsigned and similar comparisons are expected */
#pragma nv_diag_suppress 186

#define _Bool bool
#define __typeof__(x) decltype(x)
#define DK_INLINE static __device__ __forceinline__
/* ops.h's copysign(0, b) has an int argument, ambiguous between CUDA's
 * C++ overloads: make it a double for the helpers ops.h defines. */
#define copysign(a, b) copysign((double)(a), (b))
#include "ops.h"
#undef copysign

/* ---------- C++ replacements of the _Generic helpers ---------- */
template <class T> struct dk_is_flt { static constexpr bool value = false; };
template <> struct dk_is_flt<float> { static constexpr bool value = true; };
template <> struct dk_is_flt<double> { static constexpr bool value = true; };

#undef DK_ISFLT
#define DK_ISFLT(x) (dk_is_flt<decltype(x)>::value)

/* float and double overloads of each libm function the tables use: the
 * float one must stay in float (CUDA's plain names would promote some). */
#define DK_MATH1(fn)                                                              \
  static __device__ __forceinline__ float dk_##fn(float x) { return fn##f(x); } \
  static __device__ __forceinline__ double dk_##fn(double x) { return fn(x); }
#define DK_MATH2(fn)                                                                               \
  static __device__ __forceinline__ float dk_##fn(float x, float y) { return fn##f(x, y); } \
  static __device__ __forceinline__ double dk_##fn(double x, double y) { return fn(x, y); }
DK_MATH1(sqrt) DK_MATH1(exp) DK_MATH1(exp2) DK_MATH1(expm1) DK_MATH1(log) DK_MATH1(log2) DK_MATH1(log10)
DK_MATH1(log1p) DK_MATH1(sin) DK_MATH1(cos) DK_MATH1(tan) DK_MATH1(asin) DK_MATH1(acos) DK_MATH1(atan)
DK_MATH1(sinh) DK_MATH1(cosh) DK_MATH1(tanh) DK_MATH1(asinh) DK_MATH1(acosh) DK_MATH1(atanh) DK_MATH1(erf)
DK_MATH1(erfc) DK_MATH1(lgamma) DK_MATH1(cbrt)
DK_MATH2(atan2) DK_MATH2(hypot) DK_MATH2(copysign) DK_MATH2(nextafter)
#undef DK_F
#undef DK_F2
#define DK_F(fn, x) dk_##fn(x)
#define DK_F2(fn, x, y) dk_##fn(x, y)

/* integer and float helpers of ops.h, picked by overload */
#define DK_OVERLOAD(name)                                                                                        \
  static __device__ __forceinline__ uint8_t dk_##name(uint8_t a, uint8_t b) { return name##_uint8(a, b); }    \
  static __device__ __forceinline__ int32_t dk_##name(int32_t a, int32_t b) { return name##_int32(a, b); }    \
  static __device__ __forceinline__ int64_t dk_##name(int64_t a, int64_t b) { return name##_int64(a, b); }    \
  static __device__ __forceinline__ float dk_##name(float a, float b) { return name##_float32(a, b); }        \
  static __device__ __forceinline__ double dk_##name(double a, double b) { return name##_float64(a, b); }
DK_OVERLOAD(fdiv) DK_OVERLOAD(rem) DK_OVERLOAD(fmod) DK_OVERLOAD(pow)
#undef DK_PICK
#define DK_PICK(name, x) dk_##name

template <class T> static __device__ __forceinline__ T dk_recip(T x) {
  if constexpr (dk_is_flt<T>::value) return 1 / x;
  else return x == 0 ? (T)(((uint64_t)1 << (sizeof(T) * 8 - 1)) * ((T)-1 < 0)) : (T)(1 / x);
}
/* rint/floor/ceil/trunc: identity on integers */
#define DK_ROUNDING(name, fn)                                                  \
  template <class T> static __device__ __forceinline__ T dk_##name(T x) {      \
    if constexpr (!dk_is_flt<T>::value) return x;                              \
    else if constexpr (sizeof(T) == 4) return fn##f(x);                        \
    else return fn(x);                                                         \
  }
DK_ROUNDING(roundv, rint) DK_ROUNDING(floorv, floor) DK_ROUNDING(ceilv, ceil) DK_ROUNDING(truncv, trunc)
template <class A, class B> struct dk_same { static constexpr bool value = false; };
template <class A> struct dk_same<A, A> { static constexpr bool value = true; };
/* NumPy's invert: logical not on bool, ~ on integers */
template <class T> static __device__ __forceinline__ int64_t dk_invert(T x) {
  if constexpr (dk_same<T, bool>::value) return !x;
  else return ~(int64_t)x;
}
/* |x| with |-0| = +0, as the C kernels' fabs */
template <class T> static __device__ __forceinline__ T dk_absv(T x) {
  if constexpr (dk_is_flt<T>::value) return x < 0 ? -x : (x == 0 ? (T)0 : x);
  else return x < 0 ? -x : x;
}
#undef ABSV
#define ABSV(x) dk_absv(x)
#undef RECIP
#undef ROUNDV
#undef FLOORV
#undef CEILV
#undef TRUNCV
#undef INVERTV
#define RECIP(x) dk_recip(x)
#define ROUNDV(x) dk_roundv(x)
#define FLOORV(x) dk_floorv(x)
#define CEILV(x) dk_ceilv(x)
#define TRUNCV(x) dk_truncv(x)
#define INVERTV(x) dk_invert(x)

/* dtype lists for the X-macro masks: E(suffix, storage type, compute type, ...).
 * Binary ops compute bool on uint8 (as the C kernels do) and store the
 * result as bool, which makes add a logical or. A mask not listed here
 * fails the compile, naming DK_DT_<mask>. */
#define DK_DT_DK_M_ALL(E, ...) \
  E(bool, bool, bool, __VA_ARGS__) DK_DT_DK_M_NUM(E, __VA_ARGS__)
#define DK_DT_DK_M_NUM(E, ...)                                              \
  E(uint8, uint8_t, uint8_t, __VA_ARGS__) E(int32, int32_t, int32_t, __VA_ARGS__) \
  E(int64, int64_t, int64_t, __VA_ARGS__) DK_DT_DK_M_FLT(E, __VA_ARGS__)
#define DK_DT_DK_M_FLT(E, ...) E(float32, float, float, __VA_ARGS__) E(float64, double, double, __VA_ARGS__)
#define DK_DT_DK_M_INT(E, ...)                                                                         \
  E(bool, bool, bool, __VA_ARGS__) E(uint8, uint8_t, uint8_t, __VA_ARGS__) E(int32, int32_t, int32_t, __VA_ARGS__) \
  E(int64, int64_t, int64_t, __VA_ARGS__)
#define DK_DT_DK_M_INTS(E, ...) \
  E(uint8, uint8_t, uint8_t, __VA_ARGS__) E(int32, int32_t, int32_t, __VA_ARGS__) E(int64, int64_t, int64_t, __VA_ARGS__)
#define DK_BDT_DK_M_ALL(E, ...) E(bool, bool, uint8_t, __VA_ARGS__) DK_DT_DK_M_NUM(E, __VA_ARGS__)
#define DK_BDT_DK_M_NUM(E, ...) DK_DT_DK_M_NUM(E, __VA_ARGS__)
#define DK_BDT_DK_M_FLT(E, ...) DK_DT_DK_M_FLT(E, __VA_ARGS__)
#define DK_BDT_DK_M_INTS(E, ...) DK_DT_DK_M_INTS(E, __VA_ARGS__)
#define DK_BDT_DK_M_INT(E, ...)                                                                           \
  E(bool, bool, uint8_t, __VA_ARGS__) E(uint8, uint8_t, uint8_t, __VA_ARGS__) E(int32, int32_t, int32_t, __VA_ARGS__) \
  E(int64, int64_t, int64_t, __VA_ARGS__)
/* the six dtypes: X(suffix, type) */
#define DK_CUDA_DTYPES(X) X(bool, bool) X(uint8, uint8_t) X(int32, int32_t) X(int64, int64_t) X(float32, float) X(float64, double)

/* output type: the storage type, or bool for predicates */
#define DK_OUT_0(T) T
#define DK_OUT_1(T) bool
#define DK_OUT(isbool, T) DK_OUT_##isbool(T)

#include "args.cuh"

/* i / s and i % s, in 32-bit arithmetic when both fit (several times faster) */
static __device__ __forceinline__ int64_t dk_divmod(int64_t i, int64_t s, int64_t &r) {
  if (((uint64_t)i | (uint64_t)s) < 0x100000000ull) {
    const uint32_t q = (uint32_t)i / (uint32_t)s;
    r = (int64_t)((uint32_t)i - q * (uint32_t)s);
    return q;
  }
  const int64_t q = i / s;
  r = i - q * s;
  return q;
}

/* Element offsets of flat index i (C order over the dims) for each operand. */
template <int N> static __device__ __forceinline__ void dk_offsets(const EwArgs<N> &a, int64_t i, int64_t (&o)[N]) {
#pragma unroll
  for (int k = 0; k < N; k++) o[k] = a.off[k];
  if (a.ndim == 1) {
#pragma unroll
    for (int k = 0; k < N; k++) o[k] += i * a.strides[k][0];
    return;
  }
#pragma unroll 1
  for (int d = 0; d < a.ndim; d++) {
    int64_t r;
    i = dk_divmod(i, a.shape[d], r);
#pragma unroll
    for (int k = 0; k < N; k++) o[k] += r * a.strides[k][d];
  }
}

template <class T, int V> struct alignas(sizeof(T) * V) dk_vec {
  T v[V];
};
/* Elements per vector access of a contiguous loop: 16 bytes of the widest
 * operand, at most 4 elements (cuda_meta.ts's vecWidth agrees). */
template <class A, class B> struct dk_vwidth {
  static constexpr int value = (sizeof(A) > 4 || sizeof(B) > 4) ? 2 : 4;
};

static __device__ __forceinline__ int64_t dk_tid() { return (int64_t)blockIdx.x * blockDim.x + threadIdx.x; }
static __device__ __forceinline__ int64_t dk_nthreads() { return (int64_t)gridDim.x * blockDim.x; }

/* Runs f(offsets) over the space: f gets each operand's element offset.
 * One-dim spaces (contiguous, or one stride each) take no division. */
template <int N, class F> static __device__ __forceinline__ void dk_ew_strided(const EwArgs<N> &a, F f) {
  const int64_t step = dk_nthreads();
#pragma unroll 1
  for (int64_t i = dk_tid(); i < a.n; i += step) {
    int64_t o[N];
    dk_offsets(a, i, o);
    f(o);
  }
}

/* Unravels flat index i over `nd` dims (innermost first) into one offset. */
static __device__ __forceinline__ int64_t dk_unravel(int64_t i, int nd, const int64_t *shape, const int64_t *strides) {
  if (nd == 1) return i * strides[0];
  int64_t off = 0;
#pragma unroll 1
  for (int d = 0; d < nd; d++) {
    int64_t r;
    i = dk_divmod(i, shape[d], r);
    off += r * strides[d];
  }
  return off;
}

#endif
