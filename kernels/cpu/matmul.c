/* Batched matrix products C = A @ B with a contiguous C. float32/float64
 * use OpenBLAS's cblas when the build found it (DK_HAVE_CBLAS), a blocked
 * loop otherwise; integer dtypes always use the loop (as NumPy does). */
#include "../include/dendrite.h"
#include "../include/dtypes.h"
#ifdef _OPENMP
#include <omp.h>
#endif

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
                         int64_t acs, int64_t brs, int64_t bcs, int64_t ldc) {                     \
    for (int64_t i = 0; i < M; i++)                                                                \
      for (int64_t j = 0; j < N; j++) c[i * ldc + j] = 0;                                          \
    for (int64_t k0 = 0; k0 < K; k0 += KB) {                                                       \
      int64_t k1 = k0 + KB < K ? k0 + KB : K;                                                      \
      for (int64_t i = 0; i < M; i++) {                                                            \
        T *ci = c + i * ldc;                                                                       \
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
                      int64_t acs, int64_t brs, int64_t bcs, int64_t ldc) {
  for (int64_t i = 0; i < M; i++)
    for (int64_t j = 0; j < N; j++) {
      dk_bool v = 0;
      for (int64_t k = 0; k < K && !v; k++) v = a[i * ars + k * acs] && b[k * brs + j * bcs];
      c[i * ldc + j] = v;
    }
}

typedef void (*gemm_fn)(const void *, const void *, void *, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t,
                        int64_t, int64_t);
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

/* OpenBLAS runs single-threaded and dk_matmul splits the product over
 * OpenMP threads itself. Measured on 2 cores: OpenBLAS's own pthreads
 * busy-wait in sched_yield against our OpenMP team and scale poorly on
 * the small products of a training step (x^T @ g, 784x64 @ 64x256: 213 us
 * on its threads, 128 us as two row halves), and never better on large ones. */
void openblas_set_num_threads(int);
__attribute__((constructor)) static void dk_blas_one_thread(void) { openblas_set_num_threads(1); }
#endif

/* One block of C = A @ B: rows [m0, m1) and columns [n0, n1). */
static void gemm_block(int32_t dtype, const char *pa, const char *pb, char *pc, int64_t m0, int64_t m1, int64_t n0,
                       int64_t n1, int64_t N, int64_t K, int64_t ars, int64_t acs, int64_t brs, int64_t bcs) {
  int isz = dk_itemsize(dtype);
  int64_t M = m1 - m0, Nb = n1 - n0;
  if (M <= 0 || Nb <= 0) return;
  pa += m0 * ars * isz;
  pb += n0 * bcs * isz;
  pc += (m0 * N + n0) * isz;
#ifdef DK_HAVE_CBLAS
  int ta, tb, lda, ldb;
  if ((dtype == DK_FLOAT32 || dtype == DK_FLOAT64) && K > 0 && blas_ld(ars, acs, M, K, &ta, &lda) &&
      blas_ld(brs, bcs, K, Nb, &tb, &ldb)) {
    if (dtype == DK_FLOAT32)
      cblas_sgemm(CblasRowMajor, ta, tb, (int)M, (int)Nb, (int)K, 1.0f, (const float *)pa, lda, (const float *)pb,
                  ldb, 0.0f, (float *)pc, (int)N);
    else
      cblas_dgemm(CblasRowMajor, ta, tb, (int)M, (int)Nb, (int)K, 1.0, (const double *)pa, lda, (const double *)pb,
                  ldb, 0.0, (double *)pc, (int)N);
    return;
  }
#endif
  GEMM_TABLE[dtype](pa, pb, pc, M, Nb, K, ars, acs, brs, bcs, N);
}

/* Below this many multiply-adds a product stays on one thread. */
#define GEMM_PAR_MIN (1 << 21)

typedef struct {
  int32_t dtype;
  int nb, isz, parts, by_cols;
  int64_t M, N, K, ars, acs, brs, bcs;
  const int64_t *bshape, *abs_, *bbs;
  const char *a0, *b0;
  char *out;
} matmul_job;

/* Band `part` of `j->parts` of batch matrix `t`. */
static void matmul_part(const matmul_job *j, int64_t t, int part) {
  int64_t ao = 0, bo = 0, rem = t;
  for (int d = j->nb - 1; d >= 0; d--) {
    int64_t i = rem % j->bshape[d];
    rem /= j->bshape[d];
    ao += i * j->abs_[d];
    bo += i * j->bbs[d];
  }
  const char *pa = j->a0 + ao * j->isz, *pb = j->b0 + bo * j->isz;
  char *pc = j->out + t * j->M * j->N * j->isz;
  int64_t M = j->M, N = j->N, p = j->parts;
  if (j->by_cols)
    gemm_block(j->dtype, pa, pb, pc, 0, M, N * part / p, N * (part + 1) / p, N, j->K, j->ars, j->acs, j->brs, j->bcs);
  else
    gemm_block(j->dtype, pa, pb, pc, M * part / p, M * (part + 1) / p, 0, N, N, j->K, j->ars, j->acs, j->brs, j->bcs);
}

/* meta: [nb, M, N, K, batch shape[nb], a bstrides[nb], b bstrides[nb],
 * a rs, a cs, b rs, b cs, a off, b off]; C is contiguous (batch..., M, N). */
int32_t dk_matmul(int32_t dtype, const void *a, const void *b, void *out, const int64_t *meta) {
  if (dtype < 0 || dtype >= DK_NDTYPES) return dk_fail("matmul: bad dtype %d", dtype);
  int nb = (int)meta[0];
  if (nb < 0 || nb > DK_MAXDIM) return dk_fail("matmul: bad batch rank %d", nb);
  matmul_job j = {.dtype = dtype, .nb = nb, .isz = dk_itemsize(dtype), .M = meta[1], .N = meta[2], .K = meta[3]};
  j.bshape = meta + 4;
  j.abs_ = j.bshape + nb;
  j.bbs = j.abs_ + nb;
  const int64_t *tail = j.bbs + nb;
  j.ars = tail[0], j.acs = tail[1], j.brs = tail[2], j.bcs = tail[3];
  j.a0 = (const char *)a + tail[4] * j.isz;
  j.b0 = (const char *)b + tail[5] * j.isz;
  j.out = (char *)out;
  int64_t nbatch = 1;
  for (int d = 0; d < nb; d++) nbatch *= j.bshape[d];
  int nt = 1;
#ifdef _OPENMP
  if ((double)nbatch * (double)j.M * (double)j.N * (double)j.K >= GEMM_PAR_MIN) nt = omp_get_max_threads();
#endif
  if (nt <= 1) {
    j.parts = 1;
    for (int64_t t = 0; t < nbatch; t++) matmul_part(&j, t, 0);
    return 0;
  }
  /* many matrices: whole ones per thread; few: each split into bands, one
   * per thread, that divide the largest operand: C or A by rows, B by
   * columns. Then each thread touches its own part of a layer's weight in
   * the forward (x @ W.T: W's rows) and of its gradient (gy.T @ x: rows),
   * the same halves a threaded optimizer step updates. Two threads that
   * both read all of W made the next SGD step 8x slower on 2 vCPUs: every
   * line written had to be taken back from the other core's cache. */
  j.parts = nbatch < nt ? nt : 1;
  double sa = (double)j.M * j.K, sb = (double)j.K * j.N, sc = (double)j.M * j.N;
  j.by_cols = j.M < nt || (j.N >= nt && sb > sa && sb > sc);
  int64_t tasks = nbatch * j.parts;
#pragma omp parallel for num_threads(nt) schedule(static)
  for (int64_t k = 0; k < tasks; k++) matmul_part(&j, k / j.parts, (int)(k % j.parts));
  return 0;
}
