/* Batched matrix products C = A @ B with a contiguous C. float32/float64
 * use OpenBLAS's cblas when the build found it (DK_HAVE_CBLAS), a blocked
 * loop otherwise; integer dtypes always use the loop (as NumPy does). */
#include "../include/dendrite.h"
#include "../include/dtypes.h"

#ifdef DK_HAVE_CBLAS
/* cblas prototypes written out so no header is needed at build time */
enum { CblasRowMajor = 101, CblasNoTrans = 111, CblasTrans = 112 };
void cblas_sgemm(int, int, int, int, int, int, float, const float *, int, const float *, int, float, float *, int);
void cblas_dgemm(int, int, int, int, int, int, double, const double *, int, const double *, int, double, double *,
                 int);
#endif

int32_t dk_have_blas(void) {
#ifdef DK_HAVE_CBLAS
  return 1;
#else
  return 0;
#endif
}

/* Blocked i-k-j product: the inner loop runs along a row of B and C so it
 * vectorizes when B's rows are contiguous. */
#define KB 256
#define DEF_GEMM(sfx, T, ACC)                                                                      \
  static void gemm_##sfx(const T *a, const T *b, T *c, int64_t M, int64_t N, int64_t K, int64_t ars, \
                         int64_t acs, int64_t brs, int64_t bcs) {                                  \
    for (int64_t i = 0; i < M * N; i++) c[i] = 0;                                                  \
    for (int64_t k0 = 0; k0 < K; k0 += KB) {                                                       \
      int64_t k1 = k0 + KB < K ? k0 + KB : K;                                                      \
      for (int64_t i = 0; i < M; i++) {                                                            \
        T *ci = c + i * N;                                                                         \
        for (int64_t k = k0; k < k1; k++) {                                                        \
          T aik = a[i * ars + k * acs];                                                            \
          const T *bk = b + k * brs;                                                               \
          if (bcs == 1) {                                                                          \
            _Pragma("omp simd") for (int64_t j = 0; j < N; j++) ci[j] += aik * bk[j];              \
          } else {                                                                                 \
            for (int64_t j = 0; j < N; j++) ci[j] += aik * bk[j * bcs];                            \
          }                                                                                        \
        }                                                                                          \
      }                                                                                            \
    }                                                                                              \
  }
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wbool-operation"
#pragma GCC diagnostic ignored "-Wint-in-bool-context"
DEF_GEMM(uint8, uint8_t, uint8_t)
DEF_GEMM(int32, int32_t, int32_t)
DEF_GEMM(int64, int64_t, int64_t)
DEF_GEMM(float32, float, float)
DEF_GEMM(float64, double, double)
#pragma GCC diagnostic pop

/* bool matmul is "any(a_ik and b_kj)" */
static void gemm_bool(const dk_bool *a, const dk_bool *b, dk_bool *c, int64_t M, int64_t N, int64_t K, int64_t ars,
                      int64_t acs, int64_t brs, int64_t bcs) {
  for (int64_t i = 0; i < M; i++)
    for (int64_t j = 0; j < N; j++) {
      dk_bool v = 0;
      for (int64_t k = 0; k < K && !v; k++) v = a[i * ars + k * acs] && b[k * brs + j * bcs];
      c[i * N + j] = v;
    }
}

typedef void (*gemm_fn)(const void *, const void *, void *, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t,
                        int64_t);
#define GEMM_ENTRY(sfx, T) (gemm_fn)gemm_##sfx,
static const gemm_fn GEMM_TABLE[DK_NDTYPES] = {DK_DTYPES(GEMM_ENTRY)};

#ifdef DK_HAVE_CBLAS
/* BLAS needs unit stride along one dim of each operand and a leading
 * dimension at least as large as the other; the TS side copies operands
 * that do not qualify. */
static int blas_ld(int64_t rs, int64_t cs, int64_t rows, int64_t cols, int *trans, int *ld) {
  if (cs == 1 && rs >= (cols > 1 ? cols : 1)) { *trans = CblasNoTrans; *ld = (int)rs; return 1; }
  if (rs == 1 && cs >= (rows > 1 ? rows : 1)) { *trans = CblasTrans; *ld = (int)cs; return 1; }
  if (rows == 1 && cs == 1) { *trans = CblasNoTrans; *ld = (int)(cols > 1 ? cols : 1); return 1; }
  if (cols == 1 && rs == 1) { *trans = CblasTrans; *ld = (int)(rows > 1 ? rows : 1); return 1; }
  return 0;
}
#endif

/* meta: [nb, M, N, K, batch shape[nb], a bstrides[nb], b bstrides[nb],
 * a rs, a cs, b rs, b cs, a off, b off]; C is contiguous (batch..., M, N). */
int32_t dk_matmul(int32_t dtype, const void *a, const void *b, void *out, const int64_t *meta) {
  if (dtype < 0 || dtype >= DK_NDTYPES) return dk_fail("matmul: bad dtype %d", dtype);
  int nb = (int)meta[0];
  if (nb < 0 || nb > DK_MAXDIM) return dk_fail("matmul: bad batch rank %d", nb);
  int64_t M = meta[1], N = meta[2], K = meta[3];
  const int64_t *bshape = meta + 4, *abs_ = bshape + nb, *bbs = abs_ + nb, *tail = bbs + nb;
  int64_t ars = tail[0], acs = tail[1], brs = tail[2], bcs = tail[3];
  int isz = dk_itemsize(dtype);
  const char *a0 = (const char *)a + tail[4] * isz, *b0 = (const char *)b + tail[5] * isz;
  int64_t nbatch = 1;
  for (int d = 0; d < nb; d++) nbatch *= bshape[d];
  for (int64_t t = 0; t < nbatch; t++) {
    int64_t ao = 0, bo = 0, rem = t;
    for (int d = nb - 1; d >= 0; d--) {
      int64_t i = rem % bshape[d];
      rem /= bshape[d];
      ao += i * abs_[d];
      bo += i * bbs[d];
    }
    const char *pa = a0 + ao * isz, *pb = b0 + bo * isz;
    char *pc = (char *)out + t * M * N * isz;
#ifdef DK_HAVE_CBLAS
    int ta, tb, lda, ldb;
    if ((dtype == DK_FLOAT32 || dtype == DK_FLOAT64) && M > 0 && N > 0 && K > 0 &&
        blas_ld(ars, acs, M, K, &ta, &lda) && blas_ld(brs, bcs, K, N, &tb, &ldb)) {
      if (dtype == DK_FLOAT32)
        cblas_sgemm(CblasRowMajor, ta, tb, (int)M, (int)N, (int)K, 1.0f, (const float *)pa, lda, (const float *)pb,
                    ldb, 0.0f, (float *)pc, (int)N);
      else
        cblas_dgemm(CblasRowMajor, ta, tb, (int)M, (int)N, (int)K, 1.0, (const double *)pa, lda, (const double *)pb,
                    ldb, 0.0, (double *)pc, (int)N);
      continue;
    }
#endif
    GEMM_TABLE[dtype](pa, pb, pc, M, N, K, ars, acs, brs, bcs);
  }
  return 0;
}
