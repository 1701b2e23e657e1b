/* Householder QR in LAPACK's packed form (geqrf) and the symmetric indefinite
 * LDL^T factorization with Bunch-Kaufman pivoting (sytrf, sytrs), for
 * torch.geqrf and torch.linalg.ldl_factor / ldl_solve. Like linalg.c, each
 * routine works on a column-major copy of a row-major matrix and writes the
 * result back row-major, one matrix of the contiguous stack at a time. */
#include "../include/dendrite.h"
#include <stdlib.h>

#ifdef DK_HAVE_LAPACK
#define QR_LDL_DECLS(p, T)                                                                                     \
  void p##geqrf_(const int *, const int *, T *, const int *, T *, T *, const int *, int *);                    \
  void p##sytrf_(const char *, const int *, T *, const int *, int *, T *, const int *, int *, size_t);         \
  void p##sytrs_(const char *, const int *, const int *, const T *, const int *, const int *, T *, const int *, \
                 int *, size_t);
QR_LDL_DECLS(s, float)
QR_LDL_DECLS(d, double)

#define DEF_QR_LDL(p, sfx, T)                                                                                 \
  static void cm_##sfx(const T *rm, T *cm, int rows, int cols) {                                              \
    for (int i = 0; i < rows; i++)                                                                            \
      for (int j = 0; j < cols; j++) cm[(size_t)j * rows + i] = rm[(size_t)i * cols + j];                     \
  }                                                                                                           \
  static void rm_##sfx(const T *cm, T *rm, int rows, int cols) {                                              \
    for (int i = 0; i < rows; i++)                                                                            \
      for (int j = 0; j < cols; j++) rm[(size_t)i * cols + j] = cm[(size_t)j * rows + i];                     \
  }                                                                                                           \
  /* count m x n matrices in place: Householder vectors below the diagonal, R on and above; min(m, n) taus  \
   * per matrix */                                                                                            \
  static int geqrf_##sfx(T *a, T *tau, int count, int m, int n) {                                             \
    int k = m < n ? m : n, lda = m > 1 ? m : 1, info = 0, lwork = -1;                                         \
    T wq = 0, *ca = malloc(sizeof(T) * (size_t)m * n + 1);                                                    \
    if (!ca) return dk_fail("geqrf: out of memory");                                                          \
    p##geqrf_(&m, &n, ca, &lda, tau, &wq, &lwork, &info);                                                     \
    lwork = (int)wq > 1 ? (int)wq : 1;                                                                        \
    T *work = malloc(sizeof(T) * (size_t)lwork);                                                              \
    if (!work) { free(ca); return dk_fail("geqrf: out of memory"); }                                          \
    for (int b = 0; b < count && info == 0; b++) {                                                            \
      T *x = a + (size_t)b * m * n;                                                                           \
      cm_##sfx(x, ca, m, n);                                                                                  \
      p##geqrf_(&m, &n, ca, &lda, tau + (size_t)b * k, work, &lwork, &info);                                  \
      rm_##sfx(ca, x, m, n);                                                                                  \
    }                                                                                                         \
    free(ca); free(work);                                                                                     \
    return info < 0 ? dk_fail("geqrf: bad argument %d", -info) : 0;                                           \
  }                                                                                                           \
  /* count n x n symmetric matrices, in place, from their lower triangles: L and D packed in the lower       \
   * triangle (the upper is zeroed), LAPACK's 1-based pivots (negative pairs mark 2x2 blocks) and infos     \
   * (the first exactly zero D(i,i), 1-based, or 0) */                                                        \
  static int sytrf_##sfx(T *a, int32_t *piv, int32_t *info, int count, int n) {                               \
    int ld = n > 1 ? n : 1, inf = 0, lwork = -1;                                                              \
    T wq = 0, *ca = malloc(sizeof(T) * (size_t)n * n + 1);                                                    \
    int *ip = malloc(sizeof(int) * (size_t)n + 1);                                                            \
    if (!ca || !ip) { free(ca); free(ip); return dk_fail("ldl_factor: out of memory"); }                      \
    p##sytrf_("L", &n, ca, &ld, ip, &wq, &lwork, &inf, 1);                                                    \
    lwork = (int)wq > 1 ? (int)wq : 1;                                                                        \
    T *work = malloc(sizeof(T) * (size_t)lwork);                                                              \
    if (!work) { free(ca); free(ip); return dk_fail("ldl_factor: out of memory"); }                           \
    int bad = 0;                                                                                              \
    for (int b = 0; b < count && !bad; b++) {                                                                 \
      T *x = a + (size_t)b * n * n;                                                                           \
      cm_##sfx(x, ca, n, n);                                                                                  \
      p##sytrf_("L", &n, ca, &ld, ip, work, &lwork, &inf, 1);                                                 \
      if (inf < 0) bad = inf;                                                                                 \
      rm_##sfx(ca, x, n, n);                                                                                  \
      for (int i = 0; i < n; i++) {                                                                           \
        for (int j = i + 1; j < n; j++) x[(size_t)i * n + j] = 0;                                             \
        piv[(size_t)b * n + i] = ip[i];                                                                       \
      }                                                                                                       \
      info[b] = inf > 0 ? inf : 0;                                                                            \
    }                                                                                                         \
    free(ca); free(ip); free(work);                                                                           \
    return bad ? dk_fail("sytrf: bad argument %d", -bad) : 0;                                                 \
  }                                                                                                           \
  /* solves A X = B in place for count factorizations (n x n, from sytrf) and right-hand sides (n x k) */     \
  static int sytrs_##sfx(const T *f, const int32_t *piv, T *b, int count, int n, int k) {                    \
    int ld = n > 1 ? n : 1, info = 0;                                                                         \
    T *cf = malloc(sizeof(T) * (size_t)n * n + 1), *cb = malloc(sizeof(T) * (size_t)n * k + 1);               \
    int *ip = malloc(sizeof(int) * (size_t)n + 1);                                                            \
    if (!cf || !cb || !ip) { free(cf); free(cb); free(ip); return dk_fail("ldl_solve: out of memory"); }      \
    for (int i = 0; i < count && info == 0; i++) {                                                            \
      cm_##sfx(f + (size_t)i * n * n, cf, n, n);                                                              \
      cm_##sfx(b + (size_t)i * n * k, cb, n, k);                                                              \
      for (int j = 0; j < n; j++) ip[j] = piv[(size_t)i * n + j];                                             \
      p##sytrs_("L", &n, &k, cf, &ld, ip, cb, &ld, &info, 1);                                                 \
      rm_##sfx(cb, b + (size_t)i * n * k, n, k);                                                              \
    }                                                                                                         \
    free(cf); free(cb); free(ip);                                                                             \
    return info < 0 ? dk_fail("sytrs: bad argument %d", -info) : 0;                                           \
  }
DEF_QR_LDL(s, float32, float)
DEF_QR_LDL(d, float64, double)

#define QR_LDL_FLOAT(dtype, op) \
  if (dtype != DK_FLOAT32 && dtype != DK_FLOAT64) return dk_fail(op ": dtype %d is not float32/float64", dtype)

int32_t dk_geqrf(int32_t dtype, void *a, void *tau, int32_t count, int32_t m, int32_t n) {
  QR_LDL_FLOAT(dtype, "geqrf");
  return dtype == DK_FLOAT32 ? geqrf_float32(a, tau, count, m, n) : geqrf_float64(a, tau, count, m, n);
}
int32_t dk_ldl_factor(int32_t dtype, void *a, int32_t *piv, int32_t *info, int32_t count, int32_t n) {
  QR_LDL_FLOAT(dtype, "ldl_factor");
  return dtype == DK_FLOAT32 ? sytrf_float32(a, piv, info, count, n) : sytrf_float64(a, piv, info, count, n);
}
int32_t dk_ldl_solve(int32_t dtype, const void *f, const int32_t *piv, void *b, int32_t count, int32_t n, int32_t k) {
  QR_LDL_FLOAT(dtype, "ldl_solve");
  return dtype == DK_FLOAT32 ? sytrs_float32(f, piv, b, count, n, k) : sytrs_float64(f, piv, b, count, n, k);
}
#else
#define NO_LAPACK_QR_LDL(name)                                                                              \
  return dk_fail("torch." name " needs LAPACK, and these kernels were built without OpenBLAS: install it " \
                 "(Debian/Ubuntu: apt-get install libopenblas-dev) and leave DENDRITE_NO_BLAS unset")
int32_t dk_geqrf(int32_t dtype, void *a, void *tau, int32_t count, int32_t m, int32_t n) { NO_LAPACK_QR_LDL("geqrf"); }
int32_t dk_ldl_factor(int32_t dtype, void *a, int32_t *piv, int32_t *info, int32_t count, int32_t n) {
  NO_LAPACK_QR_LDL("linalg.ldl_factor");
}
int32_t dk_ldl_solve(int32_t dtype, const void *f, const int32_t *piv, void *b, int32_t count, int32_t n, int32_t k) {
  NO_LAPACK_QR_LDL("linalg.ldl_solve");
}
#endif
