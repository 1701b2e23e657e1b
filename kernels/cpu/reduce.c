/* Reductions (sum, prod, max, min, all, any), arg-reductions and scans.
 *
 * A reduction sees the input as kept dims x reduced dims. When the innermost
 * kept dim is the one with the smaller stride (summing a C-contiguous matrix
 * over axis 0), rows are accumulated into a vector of accumulators
 * ("vertical"); otherwise each output element reduces its own rows
 * ("horizontal"). Float32 sums and products accumulate in double. */
#include "../include/dendrite.h"
#include "../include/dtypes.h"
#include <stdlib.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* op table: X(name, index) */
enum { R_SUM = 0, R_PROD = 1, R_MAX = 2, R_MIN = 3, R_ALL = 4, R_ANY = 5, N_REDUCE = 6 };
static const char *R_NAMES[N_REDUCE] = {"sum", "prod", "max", "min", "all", "any"};

const char *dk_reduce_name(int32_t op) { return op >= 0 && op < N_REDUCE ? R_NAMES[op] : NULL; }

int32_t dk_reduce_info(int32_t op, int32_t dtype) {
  if (op < 0 || op >= N_REDUCE || dtype < 0 || dtype >= DK_NDTYPES) return -1;
  if (op == R_ALL || op == R_ANY) return DK_BOOL;
  if (op == R_SUM || op == R_PROD) return dtype >= DK_FLOAT32 ? dtype : DK_INT64;
  return dtype;
}

/* combine rules; max/min let a NaN win so it propagates, as in NumPy */
#define C_SUM(a, x) ((a) + (x))
#define C_PROD(a, x) ((a) * (x))
#define C_MAX(a, x) (((x) > (a) || (x) != (x)) ? (x) : (a))
#define C_MIN(a, x) (((x) < (a) || (x) != (x)) ? (x) : (a))
#define C_ALL(a, x) ((a) & (x))
#define C_ANY(a, x) ((a) | (x))
/* how an element enters the accumulator: converted, or tested for truth
 * before any conversion (0.5 is true) */
#define CV_CAST(ACC, x) ((ACC)(x))
#define CV_TRUTH(ACC, x) ((ACC)((x) != 0))

#define LANES 16

#ifdef __AVX512F__
#include <immintrin.h>
/* float32 sums: 64 float lanes each add 16 elements of a 1024-element
 * block, then the block folds into double accumulators, so accuracy stays
 * near a double sum while the loop runs at float width (on 64-byte aligned
 * data 1.15x faster than widening every element to double, which GCC's
 * vectorization of the generic loop does). */
static inline void sum_f32_block(const float *x, __m512d *d0, __m512d *d1) {
  __m512 a[4];
  for (int k = 0; k < 4; k++) a[k] = _mm512_setzero_ps();
  /* fully unrolled: constant offsets from x, no loop overhead (8% faster) */
#pragma GCC unroll 16
  for (int j = 0; j < 1024; j += 64)
    for (int k = 0; k < 4; k++) a[k] = _mm512_add_ps(a[k], _mm512_loadu_ps(x + j + 16 * k));
  __m512 s = _mm512_add_ps(_mm512_add_ps(a[0], a[1]), _mm512_add_ps(a[2], a[3]));
  *d0 = _mm512_add_pd(*d0, _mm512_cvtps_pd(_mm512_castps512_ps256(s)));
  *d1 = _mm512_add_pd(*d1, _mm512_cvtps_pd(_mm512_extractf32x8_ps(s, 1)));
}
static double sum_f32_wide(const float *x, int64_t n) {
  __m512d d0 = _mm512_setzero_pd(), d1 = d0;
  int64_t i = 0;
  for (; i + 1024 <= n; i += 1024) sum_f32_block(x + i, &d0, &d1);
  /* the rest (under a block) 16 at a time, then singly */
  for (; i + 16 <= n; i += 16) {
    __m512 v = _mm512_loadu_ps(x + i);
    d0 = _mm512_add_pd(d0, _mm512_cvtps_pd(_mm512_castps512_ps256(v)));
    d1 = _mm512_add_pd(d1, _mm512_cvtps_pd(_mm512_extractf32x8_ps(v, 1)));
  }
  double acc = _mm512_reduce_add_pd(_mm512_add_pd(d0, d1));
  for (; i < n; i++) acc += x[i];
  return acc;
}
#define HAVE_WIDE_SUM 1
#else
static double sum_f32_wide(const float *x, int64_t n) { (void)x, (void)n; return 0; }
#define HAVE_WIDE_SUM 0
#endif
/* true exactly for the float32 -> double sum instantiation (isSum: the op is sum) */
#define IS_WIDE_SUM(isSum, T, ACC) (HAVE_WIDE_SUM && (isSum) && sizeof(T) == 4 && (T)0.5 != (T)0 && sizeof(ACC) == 8)

/* One kernel family per (op, input type): ACC accumulator type, OUT output
 * type, ID the identity (or the starting value for max/min). */
#define DEF_RED(op, IS_SUM, COMB, CV, sfx, T, ACC, OUT, ID)                                       \
  static ACC row_##op##_##sfx(const T *x, int64_t n, int64_t s) {                       \
    ACC acc = (ACC)(ID);                                                                \
    if (IS_WIDE_SUM(IS_SUM, T, ACC) && s == 1) return (ACC)sum_f32_wide((const float *)x, n); \
    if (s == 1 && n >= LANES) {                                                         \
      ACC l[LANES];                                                                     \
      for (int j = 0; j < LANES; j++) l[j] = (ACC)(ID);                                 \
      int64_t i = 0;                                                                    \
      for (; i + LANES <= n; i += LANES)                                                \
        for (int j = 0; j < LANES; j++) l[j] = COMB(l[j], CV(ACC, x[i + j]));               \
      for (; i < n; i++) acc = COMB(acc, CV(ACC, x[i]));                                    \
      for (int j = 0; j < LANES; j++) acc = COMB(acc, l[j]);                            \
    } else {                                                                            \
      for (int64_t i = 0; i < n; i++) acc = COMB(acc, CV(ACC, x[i * s]));                   \
    }                                                                                   \
    return acc;                                                                         \
  }                                                                                     \
  /* reduce the reduced dims [d0, r) of one output element */                          \
  static ACC red_##op##_##sfx(const T *x, int r, const int64_t *shp, const int64_t *st, \
                              int64_t lo, int64_t hi) {                                 \
    ACC acc = (ACC)(ID);                                                                \
    if (r == 1) return row_##op##_##sfx(x + lo * st[0], hi - lo, st[0]);                \
    for (int64_t i = lo; i < hi; i++) {                                                 \
      ACC part = red_##op##_##sfx(x + i * st[0], r - 1, shp + 1, st + 1, 0, shp[1]);    \
      acc = COMB(acc, part);                                                            \
    }                                                                                   \
    return acc;                                                                         \
  }                                                                                     \
  static void vert_##op##_##sfx(ACC *acc, const T *x, int r, const int64_t *shp,        \
                                const int64_t *st, int64_t K, int64_t sk) {             \
    if (r == 0) {                                                                       \
      if (sk == 1) {                                                                    \
        _Pragma("omp simd") for (int64_t j = 0; j < K; j++) acc[j] = COMB(acc[j], CV(ACC, x[j])); \
      } else {                                                                          \
        for (int64_t j = 0; j < K; j++) acc[j] = COMB(acc[j], CV(ACC, x[j * sk]));          \
      }                                                                                 \
      return;                                                                           \
    }                                                                                   \
    int64_t i = 0;                                                                      \
    if (r == 1 && sk == 1) {                                                            \
      /* four rows per pass: a quarter of the accumulator loads and stores, same order */ \
      for (; i + 4 <= shp[0]; i += 4) {                                                 \
        const T *x0 = x + i * st[0], *x1 = x0 + st[0], *x2 = x1 + st[0], *x3 = x2 + st[0]; \
        _Pragma("omp simd") for (int64_t j = 0; j < K; j++)                             \
          acc[j] = COMB(COMB(COMB(COMB(acc[j], CV(ACC, x0[j])), CV(ACC, x1[j])), CV(ACC, x2[j])), CV(ACC, x3[j])); \
      }                                                                                 \
    }                                                                                   \
    for (; i < shp[0]; i++) vert_##op##_##sfx(acc, x + i * st[0], r - 1, shp + 1, st + 1, K, sk); \
  }                                                                                     \
  static int run_##op##_##sfx(const void *in_, void *out_, int k, int r, const int64_t *ks, \
                              const int64_t *rs, const int64_t *kst, const int64_t *rst) {  \
    const T *in = (const T *)in_;                                                       \
    OUT *out = (OUT *)out_;                                                             \
    int64_t nout = 1, nred = 1;                                                         \
    for (int d = 0; d < k; d++) nout *= ks[d];                                          \
    for (int d = 0; d < r; d++) nred *= rs[d];                                          \
    if (nout == 0) return 0;                                                            \
    int nt = dk_threads((double)nout * nred);                                           \
    if (r == 0) {                                                                       \
      for (int64_t o = 0; o < nout; o++) {                                              \
        int64_t off = 0, rem = o;                                                       \
        for (int d = k - 1; d >= 0; d--) { off += (rem % ks[d]) * kst[d]; rem /= ks[d]; } \
        out[o] = (OUT)COMB((ACC)(ID), CV(ACC, in[off]));                                    \
      }                                                                                 \
      return 0;                                                                         \
    }                                                                                   \
    int64_t kin = k > 0 ? kst[k - 1] : 0;                                               \
    int vertical = k > 0 && ks[k - 1] > 1 && llabs(kin) < llabs(rst[r - 1]);            \
    if (vertical) {                                                                     \
      int64_t K = ks[k - 1], nrow = nout / K;                                           \
      /* row bands (each thread streams whole rows into its own accumulators, \
       * combined in band order) when there are rows to share, else column bands */ \
      int bands = nt > 1 && rs[0] >= nt;                                                \
      ACC *acc = malloc(sizeof(ACC) * (size_t)K * (size_t)(bands ? nt : 1));            \
      if (!acc) return dk_fail("reduce: out of memory for %lld accumulators", (long long)K); \
      for (int64_t o = 0; o < nrow; o++) {                                              \
        int64_t off = 0, rem = o;                                                       \
        for (int d = k - 2; d >= 0; d--) { off += (rem % ks[d]) * kst[d]; rem /= ks[d]; } \
        const T *x = in + off;                                                          \
        int used = nt;                                                                  \
        DK_PARALLEL(nt, {                                                               \
          int t = DK_TID(), n = DK_NT();                                                \
          if (t == 0) used = n;                                                         \
          if (bands) {                                                                  \
            ACC *mine = acc + t * K;                                                    \
            int64_t shp[DK_MAXDIM], a = rs[0] * t / n;                                  \
            for (int d = 0; d < r; d++) shp[d] = rs[d];                                 \
            shp[0] = rs[0] * (t + 1) / n - a;                                           \
            for (int64_t j = 0; j < K; j++) mine[j] = (ACC)(ID);                        \
            vert_##op##_##sfx(mine, x + a * rst[0], r, shp, rst, K, kin);               \
          } else {                                                                      \
            int64_t a = K * t / n, b = K * (t + 1) / n;                                 \
            for (int64_t j = a; j < b; j++) acc[j] = (ACC)(ID);                         \
            vert_##op##_##sfx(acc + a, x + a * kin, r, rs, rst, b - a, kin);            \
          }                                                                             \
        });                                                                             \
        for (int64_t j = 0; j < K; j++) {                                               \
          ACC v = acc[j];                                                               \
          for (int t = 1; bands && t < used; t++) v = COMB(v, acc[t * K + j]);          \
          out[o * K + j] = (OUT)v;                                                      \
        }                                                                               \
      }                                                                                 \
      free(acc);                                                                        \
      return 0;                                                                         \
    }                                                                                   \
    if (nout >= nt) {                                                                   \
      DK_PARALLEL(nt, {                                                                 \
        int t = DK_TID(), n = DK_NT();                                                  \
        for (int64_t o = nout * t / n; o < nout * (t + 1) / n; o++) {                   \
          int64_t off = 0, rem = o;                                                     \
          for (int d = k - 1; d >= 0; d--) { off += (rem % ks[d]) * kst[d]; rem /= ks[d]; } \
          out[o] = (OUT)red_##op##_##sfx(in + off, r, rs, rst, 0, rs[0]);               \
        }                                                                               \
      });                                                                               \
      return 0;                                                                         \
    }                                                                                   \
    /* few outputs, long reductions: split the outermost reduced dim, one  \
     * band per thread, combined in order; bounds on multiples of 16 keep   \
     * each band's vector loads as aligned as the data */                   \
    for (int64_t o = 0; o < nout; o++) {                                                \
      int64_t off = 0, rem = o;                                                         \
      for (int d = k - 1; d >= 0; d--) { off += (rem % ks[d]) * kst[d]; rem /= ks[d]; } \
      ACC part[64];                                                                     \
      int used = nt < 64 ? nt : 64;                                                     \
      DK_PARALLEL(used, {                                                               \
        int t = DK_TID(), n = DK_NT();                                                  \
        int64_t a = rs[0] * t / n & ~(int64_t)15, b = t + 1 == n ? rs[0] : rs[0] * (t + 1) / n & ~(int64_t)15; \
        part[t] = red_##op##_##sfx(in + off, r, rs, rst, a, b);                         \
        if (t == 0) used = n;                                                           \
      });                                                                               \
      ACC acc = (ACC)(ID);                                                              \
      for (int t = 0; t < used; t++) acc = COMB(acc, part[t]);                          \
      out[o] = (OUT)acc;                                                                \
    }                                                                                   \
    return 0;                                                                           \
  }

#define DEF_RED_ALLOPS(sfx, T, SACC, SOUT, LO, HI)      \
  DEF_RED(sum, 1, C_SUM, CV_CAST, sfx, T, SACC, SOUT, 0)    \
  DEF_RED(prod, 0, C_PROD, CV_CAST, sfx, T, SACC, SOUT, 1)  \
  DEF_RED(max, 0, C_MAX, CV_CAST, sfx, T, T, T, LO)         \
  DEF_RED(min, 0, C_MIN, CV_CAST, sfx, T, T, T, HI)         \
  DEF_RED(all, 0, C_ALL, CV_TRUTH, sfx, T, int, dk_bool, 1) \
  DEF_RED(any, 0, C_ANY, CV_TRUTH, sfx, T, int, dk_bool, 0)

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wbool-compare"
#pragma GCC diagnostic ignored "-Wint-in-bool-context"
#pragma GCC diagnostic ignored "-Wbool-operation"
DEF_RED_ALLOPS(bool, dk_bool, int64_t, int64_t, 0, 1)
DEF_RED_ALLOPS(uint8, uint8_t, int64_t, int64_t, 0, 255)
DEF_RED_ALLOPS(int32, int32_t, int64_t, int64_t, INT32_MIN, INT32_MAX)
DEF_RED_ALLOPS(int64, int64_t, int64_t, int64_t, INT64_MIN, INT64_MAX)
DEF_RED_ALLOPS(float32, float, double, float, -INFINITY, INFINITY)
DEF_RED_ALLOPS(float64, double, double, double, -INFINITY, INFINITY)
#pragma GCC diagnostic pop

typedef int (*red_fn)(const void *, void *, int, int, const int64_t *, const int64_t *, const int64_t *,
                      const int64_t *);
#define RED_ROW(sfx, T) {run_sum_##sfx, run_prod_##sfx, run_max_##sfx, run_min_##sfx, run_all_##sfx, run_any_##sfx},
static const red_fn RED_TABLE[DK_NDTYPES][N_REDUCE] = {DK_DTYPES(RED_ROW)};

/* meta: [k, r, kept shape[k], reduced shape[r], kept strides[k], reduced
 * strides[r], input offset]; the output is contiguous over the kept dims. */
int32_t dk_reduce(int32_t op, int32_t dtype, const void *in, void *out, const int64_t *meta) {
  if (dk_reduce_info(op, dtype) < 0) return dk_fail("reduce: bad op %d / dtype %d", op, dtype);
  int k = (int)meta[0], r = (int)meta[1];
  if (k < 0 || r < 0 || k + r > DK_MAXDIM) return dk_fail("reduce: bad dims %d + %d", k, r);
  const int64_t *ks = meta + 2, *rs = ks + k, *kst = rs + r, *rst = kst + k;
  int64_t off = rst[r];
  const char *base = (const char *)in + off * dk_itemsize(dtype);
  return RED_TABLE[dtype][op](base, out, k, r, ks, rs, kst, rst);
}

/* ---------- argmax / argmin along one dim: first extreme wins, a NaN wins first ---------- */
#define DEF_ARG1(name, sfx, T, BETTER)                                                  \
  static int64_t name##_##sfx(const T *x, int64_t n, int64_t s) {                       \
    int64_t best = 0;                                                                   \
    T bv = x[0];                                                                        \
    if (bv != bv) return 0;                                                             \
    for (int64_t i = 1; i < n; i++) {                                                   \
      T v = x[i * s];                                                                   \
      if (v != v) return i;                                                             \
      if (v BETTER bv) { bv = v; best = i; }                                            \
    }                                                                                   \
    return best;                                                                        \
  }
#define DEF_ARG(sfx, T) DEF_ARG1(argmax, sfx, T, >) DEF_ARG1(argmin, sfx, T, <)
DK_DTYPES(DEF_ARG)
typedef int64_t (*arg_fn)(const void *, int64_t, int64_t);
#define ARG_ROW(sfx, T) {(arg_fn)argmax_##sfx, (arg_fn)argmin_##sfx},
static const arg_fn ARG_TABLE[DK_NDTYPES][2] = {DK_DTYPES(ARG_ROW)};

/* op 0 argmax, 1 argmin; meta as dk_reduce with r == 1 (n > 0 checked by the caller) */
int32_t dk_argreduce(int32_t op, int32_t dtype, const void *in, int64_t *out, const int64_t *meta) {
  if (op < 0 || op > 1 || dtype < 0 || dtype >= DK_NDTYPES) return dk_fail("argreduce: bad op/dtype");
  int k = (int)meta[0], r = (int)meta[1];
  if (r != 1 || k < 0 || k > DK_MAXDIM) return dk_fail("argreduce: needs one reduced dim");
  const int64_t *ks = meta + 2, *rs = ks + k, *kst = rs + 1, *rst = kst + k;
  if (rs[0] <= 0) return dk_fail("attempt to get argmax of an empty sequence");
  int isz = dk_itemsize(dtype);
  const char *base = (const char *)in + rst[1] * isz;
  int64_t nout = 1;
  for (int d = 0; d < k; d++) nout *= ks[d];
  arg_fn fn = ARG_TABLE[dtype][op];
  for (int64_t o = 0; o < nout; o++) {
    int64_t off = 0, rem = o;
    for (int d = k - 1; d >= 0; d--) { off += (rem % ks[d]) * kst[d]; rem /= ks[d]; }
    out[o] = fn(base + off * isz, rs[0], rst[0]);
  }
  return 0;
}

/* ---------- cumsum / cumprod along one axis (accumulating in the output type, as NumPy) ---------- */
#define DEF_SCAN(sfx, T, OUT)                                                           \
  static void cumsum_##sfx(const T *x, OUT *o, int64_t n, int64_t sx, int64_t so) {     \
    OUT acc = 0;                                                                        \
    for (int64_t i = 0; i < n; i++) { acc += (OUT)x[i * sx]; o[i * so] = acc; }         \
  }                                                                                     \
  static void cumprod_##sfx(const T *x, OUT *o, int64_t n, int64_t sx, int64_t so) {    \
    OUT acc = 1;                                                                        \
    for (int64_t i = 0; i < n; i++) { acc *= (OUT)x[i * sx]; o[i * so] = acc; }         \
  }
DEF_SCAN(bool, dk_bool, int64_t)
DEF_SCAN(uint8, uint8_t, int64_t)
DEF_SCAN(int32, int32_t, int64_t)
DEF_SCAN(int64, int64_t, int64_t)
DEF_SCAN(float32, float, float)
DEF_SCAN(float64, double, double)
typedef void (*scan_fn)(const void *, void *, int64_t, int64_t, int64_t);
#define SCAN_ROW(sfx, T) {(scan_fn)cumsum_##sfx, (scan_fn)cumprod_##sfx},
static const scan_fn SCAN_TABLE[DK_NDTYPES][2] = {DK_DTYPES(SCAN_ROW)};

/* op 0 cumsum, 1 cumprod; meta: [ndim, axis, shape[ndim], in strides[ndim],
 * out strides[ndim], in offset, out offset]; output dtype as dk_reduce_info(sum). */
int32_t dk_scan(int32_t op, int32_t dtype, const void *in, void *out, const int64_t *meta) {
  if (op < 0 || op > 1 || dtype < 0 || dtype >= DK_NDTYPES) return dk_fail("scan: bad op/dtype");
  int ndim = (int)meta[0], axis = (int)meta[1];
  if (ndim < 1 || ndim > DK_MAXDIM || axis < 0 || axis >= ndim) return dk_fail("scan: bad axis");
  const int64_t *shp = meta + 2, *si = shp + ndim, *so = si + ndim;
  int isz = dk_itemsize(dtype), osz = dk_itemsize(dk_reduce_info(R_SUM, dtype));
  const char *bi = (const char *)in + so[ndim] * isz;
  char *bo = (char *)out + so[ndim + 1] * osz;
  int64_t nout = 1;
  for (int d = 0; d < ndim; d++)
    if (d != axis) nout *= shp[d];
  if (shp[axis] == 0) return 0;
  scan_fn fn = SCAN_TABLE[dtype][op];
  for (int64_t o = 0; o < nout; o++) {
    int64_t oi, oo;
    dk_axis_row(ndim, axis, shp, si, so, o, &oi, &oo);
    fn(bi + oi * isz, bo + oo * osz, shp[axis], si[axis], so[axis]);
  }
  return 0;
}
