/* Element-wise kernels: unary ops, binary ops, where and casts, for every
 * dtype, over strided and broadcast operands (stride 0) with contiguous fast
 * paths. Op tables are X-macros; the TS side reads names and output dtypes
 * back through dk_*_name / dk_*_info so the two sides cannot drift. */
/* glibc declares its vector math (libmvec: expf, logf, sinf... on 8/16
 * lanes) only under __FAST_MATH__; defining it here, without -ffast-math's
 * unsafe rewrites, lets `omp simd` loops call them the way NumPy's SIMD
 * loops do. */
#define __FAST_MATH__ 1
#include "../include/dendrite.h"
#include "../include/dtypes.h"

#include "../include/ops.h"

/* output element type: the input's, or bool for predicates */
#define OT_0(T) T
#define OT_1(T) dk_bool
#define OUT_T(isbool, T) OT_##isbool(T)

#define DEF_U1(name, T, sfx, isbool, expr)                                       \
  static void u_##name##_##sfx(char **p, const int64_t *s, int64_t n) {          \
    const T *restrict a = (const T *)p[0];                                       \
    OUT_T(isbool, T) *restrict o = (void *)p[1];           \
    if (s[0] == 1 && s[1] == 1) {                                                \
      _Pragma("omp simd") for (int64_t i = 0; i < n; i++) {                      \
        T x = a[i];                                                              \
        o[i] = (expr);                                                           \
      }                                                                          \
    } else {                                                                     \
      for (int64_t i = 0; i < n; i++) {                                          \
        T x = a[i * s[0]];                                                       \
        o[i * s[1]] = (expr);                                                    \
      }                                                                          \
    }                                                                            \
  }
#define DEF_U(name, mask, isbool, expr)                              \
  DEF_U1(name, dk_bool, bool, isbool, expr)                          \
  DEF_U1(name, uint8_t, uint8, isbool, expr)                         \
  DEF_U1(name, int32_t, int32, isbool, expr)                         \
  DEF_U1(name, int64_t, int64, isbool, expr)                         \
  DEF_U1(name, float, float32, isbool, expr)                         \
  DEF_U1(name, double, float64, isbool, expr)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wtype-limits"
#pragma GCC diagnostic ignored "-Wbool-compare"
#pragma GCC diagnostic ignored "-Wbool-operation"
#pragma GCC diagnostic ignored "-Wint-in-bool-context"
UNARY_OPS(DEF_U)
#pragma GCC diagnostic pop

#define U_ROW(name, mask, isbool, expr) \
  {u_##name##_bool, u_##name##_uint8, u_##name##_int32, u_##name##_int64, u_##name##_float32, u_##name##_float64},
static const dk_loop U_TABLE[][DK_NDTYPES] = {UNARY_OPS(U_ROW)};
#define U_MASK(name, mask, isbool, expr) mask,
static const int U_MASKS[] = {UNARY_OPS(U_MASK)};
#define U_BOOL(name, mask, isbool, expr) isbool,
static const int U_BOOLS[] = {UNARY_OPS(U_BOOL)};
#define U_NAME(name, mask, isbool, expr) #name,
static const char *U_NAMES[] = {UNARY_OPS(U_NAME)};
#define N_UNARY ((int)(sizeof U_MASKS / sizeof U_MASKS[0]))

const char *dk_unary_name(int32_t op) { return op >= 0 && op < N_UNARY ? U_NAMES[op] : NULL; }

/* Output dtype of unary `op` on `dtype`, or -1 when there is no loop. */
int32_t dk_unary_info(int32_t op, int32_t dtype) {
  if (op < 0 || op >= N_UNARY || dtype < 0 || dtype >= DK_NDTYPES) return -1;
  if (!(U_MASKS[op] >> dtype & 1)) return -1;
  return U_BOOLS[op] ? DK_BOOL : dtype;
}

int32_t dk_unary(int32_t op, int32_t dtype, const void *a, void *out, const int64_t *meta) {
  int32_t odt = dk_unary_info(op, dtype);
  if (odt < 0) return dk_fail("unary op %d has no loop for dtype %d", op, dtype);
  char *base[2] = {(char *)a, (char *)out};
  int isz[2] = {dk_itemsize(dtype), dk_itemsize(odt)};
  return dk_run_nd(2, base, isz, meta, U_TABLE[op][dtype]);
}

/* out = op(x) over n contiguous elements from element offsets xo and oo (see dk_binary_flat) */
int32_t dk_unary_flat(int32_t op, int32_t dtype, const void *x, double xo, void *out, double oo, double n) {
  int64_t meta[6] = {1, (int64_t)n, 1, 1, (int64_t)xo, (int64_t)oo};
  return dk_unary(op, dtype, x, out, meta);
}

#define DEF_B1(name, T, sfx, isbool, expr)                                           \
  static void b_##name##_##sfx(char **p, const int64_t *s, int64_t n) {              \
    const T *restrict pa = (const T *)p[0];                                          \
    const T *restrict pb = (const T *)p[1];                                          \
    OUT_T(isbool, T) *restrict o = (void *)p[2];               \
    if (s[0] == 1 && s[1] == 1 && s[2] == 1) {                                       \
      _Pragma("omp simd") for (int64_t i = 0; i < n; i++) {                          \
        T a = pa[i], b = pb[i];                                                      \
        o[i] = (expr);                                                               \
      }                                                                              \
    } else if (s[0] == 1 && s[1] == 0 && s[2] == 1) {                                \
      const T b = pb[0];                                                             \
      _Pragma("omp simd") for (int64_t i = 0; i < n; i++) {                          \
        T a = pa[i];                                                                 \
        o[i] = (expr);                                                               \
      }                                                                              \
    } else if (s[0] == 0 && s[1] == 1 && s[2] == 1) {                                \
      const T a = pa[0];                                                             \
      _Pragma("omp simd") for (int64_t i = 0; i < n; i++) {                          \
        T b = pb[i];                                                                 \
        o[i] = (expr);                                                               \
      }                                                                              \
    } else {                                                                         \
      for (int64_t i = 0; i < n; i++) {                                              \
        T a = pa[i * s[0]], b = pb[i * s[1]];                                        \
        o[i * s[2]] = (expr);                                                        \
      }                                                                              \
    }                                                                                \
  }
#define DEF_B(name, mask, isbool, expr)          \
  DEF_B1(name, uint8_t, uint8, isbool, expr)     \
  DEF_B1(name, int32_t, int32, isbool, expr)     \
  DEF_B1(name, int64_t, int64, isbool, expr)     \
  DEF_B1(name, float, float32, isbool, expr)     \
  DEF_B1(name, double, float64, isbool, expr)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wtype-limits"
#pragma GCC diagnostic ignored "-Wbool-compare"
#pragma GCC diagnostic ignored "-Wbool-operation"
#pragma GCC diagnostic ignored "-Wint-in-bool-context"
BINARY_OPS(DEF_B)
#pragma GCC diagnostic pop

/* bool runs the uint8 loops, which give 0/1 for every op its mask allows
 * (multiply, maximum, minimum, bitwise, comparisons) except add, which must
 * be a logical or: it gets its own loop. */
static void b_add_bool(char **p, const int64_t *s, int64_t n) {
  const uint8_t *pa = (const uint8_t *)p[0], *pb = (const uint8_t *)p[1];
  uint8_t *o = (uint8_t *)p[2];
  for (int64_t i = 0; i < n; i++) o[i * s[2]] = pa[i * s[0]] | pb[i * s[1]];
}

#define B_ROW(name, mask, isbool, expr) \
  {b_##name##_uint8, b_##name##_uint8, b_##name##_int32, b_##name##_int64, b_##name##_float32, b_##name##_float64},
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
static const dk_loop B_TABLE[][DK_NDTYPES] = {BINARY_OPS(B_ROW)[0][DK_BOOL] = b_add_bool};
#pragma GCC diagnostic pop
#define B_MASK(name, mask, isbool, expr) mask,
static const int B_MASKS[] = {BINARY_OPS(B_MASK)};
#define B_BOOL(name, mask, isbool, expr) isbool,
static const int B_BOOLS[] = {BINARY_OPS(B_BOOL)};
#define B_NAME(name, mask, isbool, expr) #name,
static const char *B_NAMES[] = {BINARY_OPS(B_NAME)};
#define N_BINARY ((int)(sizeof B_MASKS / sizeof B_MASKS[0]))

const char *dk_binary_name(int32_t op) { return op >= 0 && op < N_BINARY ? B_NAMES[op] : NULL; }

int32_t dk_binary_info(int32_t op, int32_t dtype) {
  if (op < 0 || op >= N_BINARY || dtype < 0 || dtype >= DK_NDTYPES) return -1;
  if (!(B_MASKS[op] >> dtype & 1)) return -1;
  return B_BOOLS[op] ? DK_BOOL : dtype;
}

int32_t dk_binary(int32_t op, int32_t dtype, const void *a, const void *b, void *out, const int64_t *meta) {
  int32_t odt = dk_binary_info(op, dtype);
  if (odt < 0) return dk_fail("binary op %d has no loop for dtype %d", op, dtype);
  char *base[3] = {(char *)a, (char *)b, (char *)out};
  int isz[3] = {dk_itemsize(dtype), dk_itemsize(dtype), dk_itemsize(odt)};
  return dk_run_nd(3, base, isz, meta, B_TABLE[op][dtype]);
}

/* out = a op b over n contiguous elements starting at element offsets ao, bo
 * and oo, an input with step 0 being one element read n times (an array
 * with a JS scalar): the op layer's commonest calls without packing a meta
 * buffer. Counts and offsets are doubles, exact below 2^53, so the call
 * stays on V8's fast FFI path. */
int32_t dk_binary_flat(int32_t op, int32_t dtype, const void *a, double ao, int32_t as, const void *b, double bo,
                       int32_t bs, void *out, double oo, double n) {
  int64_t meta[8] = {1, (int64_t)n, as != 0, bs != 0, 1, (int64_t)ao, (int64_t)bo, (int64_t)oo};
  return dk_binary(op, dtype, a, b, out, meta);
}

/* ---------- where(cond, x, y): byte-size generic ---------- */
/* contiguous condition and output with each value operand contiguous or a
 * broadcast scalar (stride 1 or 0) get loops the compiler vectorizes */
#define WHERE_ROW(T, XS, YS)                                             \
  do {                                                                   \
    for (int64_t i = 0; i < n; i++) {                                    \
      T xv = x[i * (XS)], yv = y[i * (YS)]; /* both loaded: a blend */ \
      o[i] = c[i] ? xv : yv;                                             \
    }                                                                    \
  } while (0)
#define DEF_WHERE(T, bits)                                                   \
  static void where_##bits(char **p, const int64_t *s, int64_t n) {          \
    const uint8_t *restrict c = (const uint8_t *)p[0];                       \
    const T *restrict x = (const T *)p[1], *restrict y = (const T *)p[2];    \
    T *restrict o = (T *)p[3];                                               \
    if (s[0] == 1 && s[3] == 1 && (s[1] | 1) == 1 && (s[2] | 1) == 1) {      \
      if (s[1] && s[2]) WHERE_ROW(T, 1, 1);                                     \
      else if (s[1]) WHERE_ROW(T, 1, 0);                                        \
      else if (s[2]) WHERE_ROW(T, 0, 1);                                        \
      else WHERE_ROW(T, 0, 0);                                                  \
      return;                                                                \
    }                                                                        \
    for (int64_t i = 0; i < n; i++) o[i * s[3]] = c[i * s[0]] ? x[i * s[1]] : y[i * s[2]]; \
  }
DEF_WHERE(uint8_t, 8)
DEF_WHERE(uint32_t, 32)
DEF_WHERE(uint64_t, 64)

int32_t dk_where(int32_t itemsize, const void *cond, const void *x, const void *y, void *out, const int64_t *meta) {
  dk_loop fn = itemsize == 1 ? where_8 : itemsize == 4 ? where_32 : itemsize == 8 ? where_64 : NULL;
  if (!fn) return dk_fail("where: unsupported item size %d", itemsize);
  char *base[4] = {(char *)cond, (char *)x, (char *)y, (char *)out};
  int isz[4] = {1, itemsize, itemsize, itemsize};
  return dk_run_nd(4, base, isz, meta, fn);
}

/* ---------- casts (and plain strided copies when the dtypes agree) ---------- */
#define DEF_CAST_TO(dsfx, DT, ssfx, ST)                                            \
  static void cast_##ssfx##_##dsfx(char **p, const int64_t *s, int64_t n) {        \
    const ST *restrict a = (const ST *)p[0];                                       \
    DT *restrict o = (DT *)p[1];                                                   \
    if (s[0] == 1 && s[1] == 1) {                                                  \
      _Pragma("omp simd") for (int64_t i = 0; i < n; i++) o[i] = (DT)a[i];         \
    } else if (s[0] == 0 && s[1] == 1) { /* a fill (fill_, zero_, a broadcast scalar) */ \
      const DT v = (DT)a[0];                                                       \
      _Pragma("omp simd") for (int64_t i = 0; i < n; i++) o[i] = v;                \
    } else if (s[1] == 1) { /* a transposing copy */                               \
      const int64_t sa = s[0];                                                     \
      _Pragma("omp simd") for (int64_t i = 0; i < n; i++) o[i] = (DT)a[i * sa];    \
    } else {                                                                       \
      for (int64_t i = 0; i < n; i++) o[i * s[1]] = (DT)a[i * s[0]];               \
    }                                                                              \
  }
#define DEF_CAST_FROM(ssfx, ST) \
  DEF_CAST_TO(bool, dk_bool, ssfx, ST) DEF_CAST_TO(uint8, uint8_t, ssfx, ST) DEF_CAST_TO(int32, int32_t, ssfx, ST) \
  DEF_CAST_TO(int64, int64_t, ssfx, ST) DEF_CAST_TO(float32, float, ssfx, ST) DEF_CAST_TO(float64, double, ssfx, ST)
DK_DTYPES(DEF_CAST_FROM)
#define CAST_ROW(ssfx, ST) \
  {cast_##ssfx##_bool, cast_##ssfx##_uint8, cast_##ssfx##_int32, cast_##ssfx##_int64, cast_##ssfx##_float32, cast_##ssfx##_float64},
static const dk_loop CAST_TABLE[DK_NDTYPES][DK_NDTYPES] = {DK_DTYPES(CAST_ROW)};

int32_t dk_cast(int32_t src_dtype, int32_t dst_dtype, const void *src, void *dst, const int64_t *meta) {
  if (src_dtype < 0 || src_dtype >= DK_NDTYPES || dst_dtype < 0 || dst_dtype >= DK_NDTYPES)
    return dk_fail("cast: bad dtype codes %d -> %d", src_dtype, dst_dtype);
  char *base[2] = {(char *)src, (char *)dst};
  int isz[2] = {dk_itemsize(src_dtype), dk_itemsize(dst_dtype)};
  return dk_run_nd(2, base, isz, meta, CAST_TABLE[src_dtype][dst_dtype]);
}
