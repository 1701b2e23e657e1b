/* Dense linear algebra through LAPACK (OpenBLAS ships it). Inputs arrive
 * row-major and contiguous; each routine transposes into a column-major work
 * copy, calls LAPACK, and transposes results back, so the math reads like
 * NumPy's. Built only with DK_HAVE_LAPACK; otherwise every entry point
 * reports that LAPACK is missing. */
#include "../include/dendrite.h"
#include <math.h>
#include <stdlib.h>

int32_t dk_have_lapack(void) {
#ifdef DK_HAVE_LAPACK
  return 1;
#else
  return 0;
#endif
}

#ifdef DK_HAVE_LAPACK
/* Fortran LAPACK with the hidden string-length arguments gfortran expects. */
#define LAPACK_DECLS(p, T)                                                                                  \
  void p##getrf_(const int *, const int *, T *, const int *, int *, int *);                                 \
  void p##gesv_(const int *, const int *, T *, const int *, int *, T *, const int *, int *);                \
  void p##gesdd_(const char *, const int *, const int *, T *, const int *, T *, T *, const int *, T *,      \
                 const int *, T *, const int *, int *, int *, size_t);                                      \
  void p##geqrf_(const int *, const int *, T *, const int *, T *, T *, const int *, int *);                 \
  void p##orgqr_(const int *, const int *, const int *, T *, const int *, const T *, T *, const int *, int *); \
  void p##syevd_(const char *, const char *, const int *, T *, const int *, T *, T *, const int *, int *,   \
                 const int *, int *, size_t, size_t);
LAPACK_DECLS(s, float)
LAPACK_DECLS(d, double)
/* cblas's triangular solve (OpenBLAS ships cblas with LAPACK), prototypes written out as in matmul.c */
void cblas_strsm(int, int, int, int, int, int, int, float, const float *, int, float *, int);
void cblas_dtrsm(int, int, int, int, int, int, int, double, const double *, int, double *, int);
enum { DK_ROW_MAJOR = 101, DK_NO_TRANS = 111, DK_UPPER = 121, DK_LOWER = 122, DK_NON_UNIT = 131, DK_UNIT = 132, DK_LEFT = 141 };

/* col-major (ld = rows) <-> row-major copies */
#define DEF_TRANS(sfx, T)                                                                  \
  static void to_col_##sfx(const T *rm, T *cm, int rows, int cols) {                       \
    for (int i = 0; i < rows; i++)                                                         \
      for (int j = 0; j < cols; j++) cm[(size_t)j * rows + i] = rm[(size_t)i * cols + j];  \
  }                                                                                        \
  static void to_row_##sfx(const T *cm, T *rm, int rows, int cols, int ld) {               \
    for (int i = 0; i < rows; i++)                                                         \
      for (int j = 0; j < cols; j++) rm[(size_t)i * cols + j] = cm[(size_t)j * ld + i];    \
  }

#define DEF_LINALG(p, sfx, T, SUF)                                                                      \
  DEF_TRANS(sfx, T)                                                                                  \
  /* solve A X = B in place: a (n x n), b (n x nrhs), both row-major */                              \
  static int solve_##sfx(T *a, T *b, int n, int nrhs) {                                              \
    T *ca = malloc(sizeof(T) * (size_t)n * n + 1), *cb = malloc(sizeof(T) * (size_t)n * nrhs + 1);   \
    int *piv = malloc(sizeof(int) * (size_t)n + 1), info = 0, ld = n > 1 ? n : 1;                    \
    if (!ca || !cb || !piv) { free(ca); free(cb); free(piv); return dk_fail("solve: out of memory"); } \
    to_col_##sfx(a, ca, n, n);                                                                       \
    to_col_##sfx(b, cb, n, nrhs);                                                                    \
    p##gesv_(&n, &nrhs, ca, &ld, piv, cb, &ld, &info);                                               \
    if (info == 0) to_row_##sfx(cb, b, n, nrhs, ld);                                                 \
    free(ca); free(cb); free(piv);                                                                   \
    return info > 0 ? dk_fail("Singular matrix") : info < 0 ? dk_fail("gesv: bad argument %d", -info) : 0; \
  }                                                                                                  \
  /* LU with partial pivoting of each of count row-major m x n matrices, in place (getrf on a         \
   * column-major copy, as det): 1-based pivots (min(m, n) per matrix) and infos (the first zero       \
   * pivot, 1-based, or 0) */                                                                         \
  static int lu_##sfx(T *a, int count, int m, int n, int32_t *piv, int32_t *info) {                  \
    int k = m < n ? m : n, ld = m > 1 ? m : 1;                                                       \
    T *ca = malloc(sizeof(T) * (size_t)m * n + 1);                                                   \
    int *ip = malloc(sizeof(int) * (size_t)k + 1);                                                   \
    if (!ca || !ip) { free(ca); free(ip); return dk_fail("lu_factor: out of memory"); }              \
    int bad = 0;                                                                                     \
    for (int b = 0; b < count && !bad; b++) {                                                        \
      T *x = a + (size_t)b * m * n;                                                                  \
      int inf = 0;                                                                                   \
      to_col_##sfx(x, ca, m, n);                                                                     \
      p##getrf_(&m, &n, ca, &ld, ip, &inf);                                                          \
      if (inf < 0) bad = inf;                                                                        \
      to_row_##sfx(ca, x, m, n, ld);                                                                 \
      for (int j = 0; j < k; j++) piv[(size_t)b * k + j] = ip[j];                                    \
      info[b] = inf > 0 ? inf : 0;                                                                   \
    }                                                                                                \
    free(ca); free(ip);                                                                              \
    return bad ? dk_fail("getrf: bad argument %d", -bad) : 0;                                        \
  }                                                                                                  \
  /* solves A X = B in place for each of count triangular A (n x n) and B (n x k), row-major, by     \
   * trsm: no singularity check (a zero diagonal gives infs and NaNs, as PyTorch's) */               \
  static void trsm_##sfx(const T *a, T *b, int count, int n, int k, int upper, int unit) {           \
    if (n == 0 || k == 0) return;                                                                    \
    for (int i = 0; i < count; i++)                                                                  \
      cblas_##p##trsm(DK_ROW_MAJOR, DK_LEFT, upper ? DK_UPPER : DK_LOWER, DK_NO_TRANS,               \
                      unit ? DK_UNIT : DK_NON_UNIT, n, k, 1, a + (size_t)i * n * n, n,               \
                      b + (size_t)i * n * k, k);                                                     \
  }                                                                                                  \
  /* determinant of a (n x n, row-major; destroyed) */                                               \
  static int det_##sfx(T *a, int n, double *det) {                                                   \
    int *piv = malloc(sizeof(int) * (size_t)n + 1), info = 0, ld = n > 1 ? n : 1;                    \
    if (!piv) return dk_fail("det: out of memory");                                                  \
    /* factor A itself (column-major copy), as NumPy does, so results round alike */                 \
    T *ca = malloc(sizeof(T) * (size_t)n * n + 1);                                                   \
    if (!ca) { free(piv); return dk_fail("det: out of memory"); }                                    \
    to_col_##sfx(a, ca, n, n);                                                                       \
    p##getrf_(&n, &n, ca, &ld, piv, &info);                                                          \
    /* NumPy computes det as sign * exp(sum log|u_ii|) (its slogdet): same here, same rounding */    \
    T sign = 1, logdet = 0;                                                                          \
    if (info > 0) sign = 0;                                                                          \
    else                                                                                             \
      for (int i = 0; i < n; i++) {                                                                  \
        T u = ca[(size_t)i * n + i];                                                                 \
        if (piv[i] != i + 1) sign = -sign;                                                           \
        if (u < 0) { sign = -sign; u = -u; }                                                         \
        logdet += log##SUF(u);                                                                       \
      }                                                                                              \
    double d = sign == 0 ? 0.0 : (double)(sign * exp##SUF(logdet));                                  \
    free(piv);                                                                                       \
    free(ca);                                                                                        \
    *det = d;                                                                                        \
    return info < 0 ? dk_fail("getrf: bad argument %d", -info) : 0;                                 \
  }                                                                                                  \
  /* SVD of a (m x n): s (min), u (m x ucols), vt (vrows x n); mode 0 values only, 1 reduced, 2 full */ \
  static int svd_##sfx(const T *a, T *s, T *u, T *vt, int m, int n, int mode) {                      \
    int k = m < n ? m : n, info = 0, lwork = -1, lda = m > 1 ? m : 1;                                \
    char jobz = mode == 0 ? 'N' : mode == 1 ? 'S' : 'A';                                             \
    int ucols = mode == 2 ? m : k, vrows = mode == 2 ? n : k;                                        \
    int ldu = m > 1 ? m : 1, ldvt = vrows > 1 ? vrows : 1;                                           \
    T *ca = malloc(sizeof(T) * (size_t)m * n + 1);                                                   \
    T *cu = malloc(sizeof(T) * (size_t)m * ucols + 1), *cvt = malloc(sizeof(T) * (size_t)vrows * n + 1); \
    int *iw = malloc(sizeof(int) * 8 * (size_t)k + 8);                                               \
    T wq;                                                                                            \
    if (!ca || !cu || !cvt || !iw) { free(ca); free(cu); free(cvt); free(iw); return dk_fail("svd: out of memory"); } \
    to_col_##sfx(a, ca, m, n);                                                                       \
    p##gesdd_(&jobz, &m, &n, ca, &lda, s, cu, &ldu, cvt, &ldvt, &wq, &lwork, iw, &info, 1);          \
    lwork = (int)wq;                                                                                 \
    T *work = malloc(sizeof(T) * (size_t)(lwork > 1 ? lwork : 1));                                   \
    if (work) p##gesdd_(&jobz, &m, &n, ca, &lda, s, cu, &ldu, cvt, &ldvt, work, &lwork, iw, &info, 1); \
    if (work && info == 0 && mode) {                                                                 \
      to_row_##sfx(cu, u, m, ucols, ldu);                                                            \
      to_row_##sfx(cvt, vt, vrows, n, ldvt);                                                         \
    }                                                                                                \
    free(ca); free(cu); free(cvt); free(iw); free(work);                                             \
    if (!work) return dk_fail("svd: out of memory");                                                 \
    /* info -4: A holds a NaN (LAPACK 3.10+): NumPy's "SVD did not converge" */                        \
    return info > 0 || info == -4 ? dk_fail("SVD did not converge") : info < 0 ? dk_fail("gesdd: bad argument %d", -info) : 0; \
  }                                                                                                  \
  /* QR of a (m x n): q (m x qc), r (qc x n) with qc = k (reduced) or m (complete) */                \
  static int qr_##sfx(const T *a, T *q, T *r, int m, int n, int complete) {                          \
    int k = m < n ? m : n, qc = complete ? m : k, info = 0, lwork = -1, lda = m > 1 ? m : 1;         \
    int wc = n > qc ? n : qc;                                                                        \
    T *ca = malloc(sizeof(T) * (size_t)m * wc + 1), *tau = malloc(sizeof(T) * (size_t)k + 1), wq;    \
    if (!ca || !tau) { free(ca); free(tau); return dk_fail("qr: out of memory"); }                   \
    to_col_##sfx(a, ca, m, n);                                                                       \
    p##geqrf_(&m, &n, ca, &lda, tau, &wq, &lwork, &info);                                            \
    lwork = (int)wq;                                                                                 \
    T *work = malloc(sizeof(T) * (size_t)(lwork > 1 ? lwork : 1));                                   \
    if (!work) { free(ca); free(tau); return dk_fail("qr: out of memory"); }                         \
    p##geqrf_(&m, &n, ca, &lda, tau, work, &lwork, &info);                                           \
    for (int i = 0; i < qc; i++)                                                                     \
      for (int j = 0; j < n; j++) r[(size_t)i * n + j] = j >= i ? ca[(size_t)j * lda + i] : 0;       \
    if (q) {                                                                                         \
      lwork = -1;                                                                                    \
      p##orgqr_(&m, &qc, &k, ca, &lda, tau, &wq, &lwork, &info);                                     \
      int lw2 = (int)wq;                                                                             \
      T *w2 = malloc(sizeof(T) * (size_t)(lw2 > 1 ? lw2 : 1));                                       \
      if (w2) {                                                                                      \
        p##orgqr_(&m, &qc, &k, ca, &lda, tau, w2, &lw2, &info);                                      \
        to_row_##sfx(ca, q, m, qc, lda);                                                             \
      }                                                                                              \
      free(w2);                                                                                      \
    }                                                                                                \
    free(ca); free(tau); free(work);                                                                 \
    return info < 0 ? dk_fail("geqrf/orgqr: bad argument %d", -info) : 0;                           \
  }                                                                                                  \
  /* symmetric eigen-decomposition using the lower (lower != 0) or upper triangle */                 \
  static int eigh_##sfx(const T *a, T *w, T *v, int n, int lower) {                                  \
    int info = 0, lwork = -1, liwork = -1, iwq, ld = n > 1 ? n : 1;                                  \
    char jobz = v ? 'V' : 'N', uplo = lower ? 'L' : 'U';                                             \
    T *ca = malloc(sizeof(T) * (size_t)n * n + 1), wq;                                               \
    if (!ca) return dk_fail("eigh: out of memory");                                                  \
    to_col_##sfx(a, ca, n, n);                                                                       \
    p##syevd_(&jobz, &uplo, &n, ca, &ld, w, &wq, &lwork, &iwq, &liwork, &info, 1, 1);                \
    lwork = (int)wq;                                                                                 \
    liwork = iwq;                                                                                    \
    T *work = malloc(sizeof(T) * (size_t)(lwork > 1 ? lwork : 1));                                   \
    int *iw = malloc(sizeof(int) * (size_t)(liwork > 1 ? liwork : 1));                               \
    if (work && iw) p##syevd_(&jobz, &uplo, &n, ca, &ld, w, work, &lwork, iw, &liwork, &info, 1, 1); \
    if (work && iw && info == 0 && v) to_row_##sfx(ca, v, n, n, ld);                                 \
    int oom = !work || !iw;                                                                          \
    free(ca); free(work); free(iw);                                                                  \
    if (oom) return dk_fail("eigh: out of memory");                                                  \
    return info > 0 ? dk_fail("Eigenvalues did not converge") : info < 0 ? dk_fail("syevd: bad argument %d", -info) : 0; \
  }
DEF_LINALG(s, float32, float, f)
DEF_LINALG(d, float64, double, )

#define NEED_FLOAT(dtype) \
  if (dtype != DK_FLOAT32 && dtype != DK_FLOAT64) return dk_fail("linalg: dtype %d is not float32/float64", dtype)
#define F32(x) ((float *)(x))
#define F64(x) ((double *)(x))

int32_t dk_solve(int32_t dtype, void *a, void *b, int32_t n, int32_t nrhs) {
  NEED_FLOAT(dtype);
  return dtype == DK_FLOAT32 ? solve_float32(F32(a), F32(b), n, nrhs) : solve_float64(F64(a), F64(b), n, nrhs);
}
int32_t dk_det(int32_t dtype, void *a, int32_t n, double *out) {
  NEED_FLOAT(dtype);
  return dtype == DK_FLOAT32 ? det_float32(F32(a), n, out) : det_float64(F64(a), n, out);
}
int32_t dk_lu_factor(int32_t dtype, void *a, int32_t count, int32_t m, int32_t n, int32_t *piv, int32_t *info) {
  NEED_FLOAT(dtype);
  return dtype == DK_FLOAT32 ? lu_float32(F32(a), count, m, n, piv, info) : lu_float64(F64(a), count, m, n, piv, info);
}
int32_t dk_trsm(int32_t dtype, const void *a, void *b, int32_t count, int32_t n, int32_t k, int32_t upper, int32_t unit) {
  NEED_FLOAT(dtype);
  if (dtype == DK_FLOAT32) trsm_float32(F32(a), F32(b), count, n, k, upper, unit);
  else trsm_float64(F64(a), F64(b), count, n, k, upper, unit);
  return 0;
}
int32_t dk_svd(int32_t dtype, const void *a, void *s, void *u, void *vt, int32_t m, int32_t n, int32_t mode) {
  NEED_FLOAT(dtype);
  return dtype == DK_FLOAT32 ? svd_float32(F32(a), F32(s), F32(u), F32(vt), m, n, mode)
                             : svd_float64(F64(a), F64(s), F64(u), F64(vt), m, n, mode);
}
int32_t dk_qr(int32_t dtype, const void *a, void *q, void *r, int32_t m, int32_t n, int32_t complete) {
  NEED_FLOAT(dtype);
  return dtype == DK_FLOAT32 ? qr_float32(F32(a), F32(q), F32(r), m, n, complete)
                             : qr_float64(F64(a), F64(q), F64(r), m, n, complete);
}
int32_t dk_eigh(int32_t dtype, const void *a, void *w, void *v, int32_t n, int32_t lower) {
  NEED_FLOAT(dtype);
  return dtype == DK_FLOAT32 ? eigh_float32(F32(a), F32(w), F32(v), n, lower) : eigh_float64(F64(a), F64(w), F64(v), n, lower);
}
#else
/* The build found no OpenBLAS (or DENDRITE_NO_BLAS was set); installing it
 * changes the library's cache key, so the next start rebuilds with it. */
#define NO_LAPACK(name)                                                                                   \
  return dk_fail("np.linalg." name " needs LAPACK, and these kernels were built without OpenBLAS: install " \
                 "it (Debian/Ubuntu: apt-get install libopenblas-dev; Fedora: dnf install openblas-devel) "  \
                 "and leave DENDRITE_NO_BLAS unset: dendrite rebuilds its kernels on the next start")
int32_t dk_solve(int32_t dtype, void *a, void *b, int32_t n, int32_t nrhs) { NO_LAPACK("solve"); }
int32_t dk_det(int32_t dtype, void *a, int32_t n, double *out) { NO_LAPACK("det"); }
int32_t dk_lu_factor(int32_t dtype, void *a, int32_t count, int32_t m, int32_t n, int32_t *piv, int32_t *info) {
  NO_LAPACK("lu_factor");
}
int32_t dk_trsm(int32_t dtype, const void *a, void *b, int32_t count, int32_t n, int32_t k, int32_t upper, int32_t unit) {
  NO_LAPACK("solve_triangular");
}
int32_t dk_svd(int32_t dtype, const void *a, void *s, void *u, void *vt, int32_t m, int32_t n, int32_t mode) { NO_LAPACK("svd"); }
int32_t dk_qr(int32_t dtype, const void *a, void *q, void *r, int32_t m, int32_t n, int32_t complete) { NO_LAPACK("qr"); }
int32_t dk_eigh(int32_t dtype, const void *a, void *w, void *v, int32_t n, int32_t lower) { NO_LAPACK("eigh"); }
#endif
