/* softmax and log_softmax along one axis, one row at a time, instead of the
 * element-wise and reduction kernels (and intermediate arrays) of the op
 * layer's composite: a 64x128 softmax took 37 us that way. The same steps
 * as the composite and PyTorch's kernel, the sum in double. */
/* glibc's vector expf/logf (see elementwise.c) */
#define __FAST_MATH__ 1
#include "../include/dendrite.h"
#include "../include/dtypes.h"
#include <math.h>

#define DEF_SOFTMAX(sfx, T)                                                                          \
  static inline void row_##sfx(const T *restrict x, T *restrict o, int64_t n, int64_t sx, int64_t so, \
                               int lg) {                                                             \
    /* PyTorch's order: m = the row's max, z = x - m; log_softmax is z - log(sum(exp(z))), softmax      \
     * exp(z) times 1 / the sum, one exp per element (an infinite max makes the row NaN, as PyTorch's;  \
     * a NaN never wins the max here but makes the sum NaN). The sum is a double. */                 \
    T m = -INFINITY;                                                                                 \
    _Pragma("omp simd reduction(max : m)") for (int64_t i = 0; i < n; i++) m = x[i * sx] > m ? x[i * sx] : m; \
    double s = 0;                                                                                    \
    if (lg) {                                                                                        \
      _Pragma("omp simd reduction(+ : s)") for (int64_t i = 0; i < n; i++) s += (double)DK_F(exp, x[i * sx] - m); \
      const T ls = DK_F(log, (T)s);                                                                  \
      _Pragma("omp simd") for (int64_t i = 0; i < n; i++) o[i * so] = (x[i * sx] - m) - ls;          \
    } else {                                                                                         \
      _Pragma("omp simd reduction(+ : s)") for (int64_t i = 0; i < n; i++) {                         \
        const T e = DK_F(exp, x[i * sx] - m);                                                        \
        o[i * so] = e;                                                                               \
        s += (double)e;                                                                              \
      }                                                                                              \
      const T r = (T)1 / (T)s;                                                                       \
      _Pragma("omp simd") for (int64_t i = 0; i < n; i++) o[i * so] *= r;                            \
    }                                                                                                \
  }                                                                                                  \
  /* contiguous rows get the loops with unit strides (the compiler's vector code) */                 \
  static void softmax_##sfx(const void *x, void *o, int64_t n, int64_t sx, int64_t so, int lg) {     \
    if (sx == 1 && so == 1) row_##sfx((const T *)x, (T *)o, n, 1, 1, lg);                            \
    else row_##sfx((const T *)x, (T *)o, n, sx, so, lg);                                             \
  }
DEF_SOFTMAX(float32, float)
DEF_SOFTMAX(float64, double)

/* lg 1 gives log_softmax; meta: [ndim, axis, shape[ndim], in strides[ndim],
 * out strides[ndim], in offset, out offset] (elements), as dk_scan's. */
int32_t dk_softmax(int32_t dtype, int32_t lg, const void *in, void *out, const int64_t *meta) {
  if (dtype != DK_FLOAT32 && dtype != DK_FLOAT64) return dk_fail("softmax: bad dtype %d", dtype);
  int ndim = (int)meta[0], axis = (int)meta[1];
  if (ndim < 1 || ndim > DK_MAXDIM || axis < 0 || axis >= ndim) return dk_fail("softmax: bad axis");
  const int64_t *shp = meta + 2, *si = shp + ndim, *so = si + ndim;
  const int isz = dk_itemsize(dtype);
  const char *bi = (const char *)in + so[ndim] * isz;
  char *bo = (char *)out + so[ndim + 1] * isz;
  int64_t rows = 1;
  for (int d = 0; d < ndim; d++)
    if (d != axis) rows *= shp[d];
  const int64_t n = shp[axis];
  if (n == 0) return 0;
  void (*fn)(const void *, void *, int64_t, int64_t, int64_t, int) = dtype == DK_FLOAT32 ? softmax_float32 : softmax_float64;
  DK_PARALLEL_FOR(rows * n >= DK_PAR_MIN && rows > 1, "omp parallel for schedule(static)", (int64_t r = 0; r < rows; r++), {
    int64_t oi, oo;
    dk_axis_row(ndim, axis, shp, si, so, r, &oi, &oo);
    fn(bi + oi * isz, bo + oo * isz, n, si[axis], so[axis], lg);
  });
  return 0;
}
