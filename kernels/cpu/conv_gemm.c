/* The single-threaded matrix products under the convolution kernels
 * (conv.c splits the work over threads). Row-major throughout.
 *
 * Why not cblas: OpenBLAS here runs its Haswell (AVX2) kernels
 * (OPENBLAS_CORETYPE=Haswell; it does not recognise newer cores on its
 * own), measured at 22 GFLOP/s for dgemm and 40-70 for sgemm per core on
 * convolution shapes (64x196x288); these AVX-512 tiles reach 2-3x that. The
 * tiles use GCC vector types: AVX-512 registers where the build has them
 * (-march=native), 32-byte ones otherwise.
 *
 * Operands are addressed by row-offset tables, so a convolution's B can be
 * rows of a padded image read in place (conv.c's implicit im2col):
 * - dk_conv_gemm_*: C (+)= A @ B; A packed beforehand (dk_conv_pack_a_*),
 *   B's row k at b + boff[k], read NR columns at a time, in place.
 * - dk_conv_gemm_bt_*: C (+)= A @ B with A's rows and B^T's rows given
 *   (both contiguous along the sum), as in the weight gradient; B is
 *   packed through register transposes. */
#include "../include/dendrite.h"
#include <stdlib.h>

/* Tiles of MR rows by two vectors: 16 (or 12) accumulators in registers.
 * Without AVX-512 the vectors are 32 bytes and the registers 16. */
#ifdef __AVX512F__
#define VBYTES 64
#define MR 8
#define VLF 16
#define VLD 8
#else
#define VBYTES 32
#define MR 6
#define VLF 8
#define VLD 4
#endif
#ifndef KC
#define KC 256
#endif
#define MC 192
/* columns of one packed B block (gemm_bt) */
#define NCB 512

/* One growable 64-byte aligned block per thread, kept for the thread's life
 * (the OpenMP workers are long-lived). */
static _Thread_local void *pack_buf;
static _Thread_local size_t pack_cap;

static void *pack_space(size_t bytes) {
  if (bytes > pack_cap) {
    free(pack_buf);
    pack_buf = aligned_alloc(64, (bytes + 63) & ~(size_t)63);
    pack_cap = pack_buf ? bytes : 0;
  }
  return pack_buf;
}

/* FMA contraction is off library-wide (random streams round like NumPy's);
 * products want it. */
#define FAST __attribute__((optimize("fp-contract=fast"), hot))
#define INLINE static inline FAST __attribute__((always_inline))

typedef float vec_f32 __attribute__((vector_size(VBYTES)));
typedef float uvec_f32 __attribute__((vector_size(VBYTES), aligned(4)));
typedef double vec_f64 __attribute__((vector_size(VBYTES)));
typedef double uvec_f64 __attribute__((vector_size(VBYTES), aligned(8)));
typedef int32_t mask_f32 __attribute__((vector_size(VBYTES)));
typedef int64_t mask_f64 __attribute__((vector_size(VBYTES)));
enum { VL_f32 = VLF, NR_f32 = 2 * VLF, VL_f64 = VLD, NR_f64 = 2 * VLD };

/* Square block transposes (VL x VL): round w swaps the off-diagonal w x w
 * blocks (bit w of the row with bit w of the column), two two-source
 * shuffles per row pair; the rounds for w = 1, 2, 4, ... < VL compose to
 * the transpose. Masks: lane t of each round's pair of shuffles. */
#define TLO(t, w, n) ((t) & (w) ? (n) + (t) - (w) : (t))
#define THI(t, w, n) ((t) & (w) ? (n) + (t) : (t) + (w))
#define L4(F, w, n, o) F(o, w, n), F(o + 1, w, n), F(o + 2, w, n), F(o + 3, w, n)
#define L8(F, w, n, o) L4(F, w, n, o), L4(F, w, n, o + 4)
#define L16(F, w, n, o) L8(F, w, n, o), L8(F, w, n, o + 8)
#define LN_(n) L##n
#define LN(n) LN_(n)
#define MASKS(F, n) {{LN(n)(F, 1, n, 0)}, {LN(n)(F, 2, n, 0)}, {LN(n)(F, 4, n, 0)}, {LN(n)(F, 8, n, 0)}}
static const mask_f32 TLO_f32[4] = MASKS(TLO, VLF), THI_f32[4] = MASKS(THI, VLF);
static const mask_f64 TLO_f64[4] = MASKS(TLO, VLD), THI_f64[4] = MASKS(THI, VLD);

#define DEF_TRANSPOSE(sfx)                                                      \
  static inline FAST void transpose_##sfx(vec_##sfx *r) {                       \
    _Pragma("GCC unroll 4") for (int k = 0; (1 << k) < VL_##sfx; k++) {         \
      const int w = 1 << k;                                                     \
      _Pragma("GCC unroll 16") for (int i = 0; i < VL_##sfx; i++) if (!(i & w)) { \
        vec_##sfx x = r[i], y = r[i + w];                                       \
        r[i] = __builtin_shuffle(x, y, TLO_##sfx[k]);                           \
        r[i + w] = __builtin_shuffle(x, y, THI_##sfx[k]);                       \
      }                                                                         \
    }                                                                           \
  }
DEF_TRANSPOSE(f32)
DEF_TRANSPOSE(f64)

#define DEF_GEMM(sfx, T)                                                                                           \
  /* The mr x NR tile of C at c (nr columns valid) from A's packed panel and                                     \
   * B's rows (row k at b + boff[k]); add: accumulate into C. */                                                  \
  INLINE void tile_##sfx(const int mr, int64_t kc, const T *ap, const T *b, const int64_t *boff, T *c,            \
                         int64_t ldc, int nr, int add) {                                                           \
    /* u sets of sums over interleaved k keep at least 8 products in                                              \
     * flight when the tile has few rows (the multiply-add latency) */                                             \
    const int u = mr >= 4 ? 1 : mr >= 2 ? 2 : 4;                                                                   \
    vec_##sfx lo[4][MR] = {{{0}}}, hi[4][MR] = {{{0}}};                                                            \
    int64_t k = 0;                                                                                                 \
    for (; k + u <= kc; k += u)                                                                                    \
      _Pragma("GCC unroll 4") for (int v = 0; v < u; v++) {                                                        \
        const T *bk = b + boff[k + v];                                                                             \
        vec_##sfx b0 = *(const uvec_##sfx *)bk, b1 = *(const uvec_##sfx *)(bk + VL_##sfx);                         \
        _Pragma("GCC unroll 8") for (int i = 0; i < mr; i++) {                                                     \
          T a = ap[(k + v) * mr + i];                                                                              \
          lo[v][i] += b0 * a;                                                                                      \
          hi[v][i] += b1 * a;                                                                                      \
        }                                                                                                          \
      }                                                                                                            \
    for (; k < kc; k++) {                                                                                          \
      const T *bk = b + boff[k];                                                                                   \
      vec_##sfx b0 = *(const uvec_##sfx *)bk, b1 = *(const uvec_##sfx *)(bk + VL_##sfx);                           \
      _Pragma("GCC unroll 8") for (int i = 0; i < mr; i++) {                                                       \
        lo[0][i] += b0 * ap[k * mr + i];                                                                           \
        hi[0][i] += b1 * ap[k * mr + i];                                                                           \
      }                                                                                                            \
    }                                                                                                              \
    _Pragma("GCC unroll 4") for (int v = 1; v < u; v++)                                                            \
      _Pragma("GCC unroll 8") for (int i = 0; i < mr; i++) lo[0][i] += lo[v][i], hi[0][i] += hi[v][i];             \
    if (nr == NR_##sfx) {                                                                                          \
      _Pragma("GCC unroll 8") for (int i = 0; i < mr; i++) {                                                       \
        uvec_##sfx *p = (uvec_##sfx *)(c + i * ldc), *q = (uvec_##sfx *)(c + i * ldc + VL_##sfx);                 \
        *p = add ? *p + lo[0][i] : lo[0][i];                                                                       \
        *q = add ? *q + hi[0][i] : hi[0][i];                                                                       \
      }                                                                                                            \
      return;                                                                                                      \
    }                                                                                                              \
    for (int i = 0; i < mr; i++) {                                                                                 \
      T row[NR_##sfx];                                                                                             \
      *(uvec_##sfx *)row = lo[0][i];                                                                               \
      *(uvec_##sfx *)(row + VL_##sfx) = hi[0][i];                                                                  \
      T *ci = c + i * ldc;                                                                                         \
      for (int j = 0; j < nr; j++) ci[j] = add ? ci[j] + row[j] : row[j];                                          \
    }                                                                                                              \
  }                                                                                                                \
                                                                                                                   \
  /* The row count is a constant in each case so the tile unrolls fully. */                                       \
  static FAST void tiles_##sfx(int mr, int64_t kc, const T *ap, const T *b, const int64_t *boff, T *c,            \
                               int64_t ldc, int nr, int add) {                                                     \
    switch (mr) { /* cases past MR never run */                                                                    \
      case 8: tile_##sfx(8 <= MR ? 8 : MR, kc, ap, b, boff, c, ldc, nr, add); break;                               \
      case 7: tile_##sfx(7 <= MR ? 7 : MR, kc, ap, b, boff, c, ldc, nr, add); break;                               \
      case 6: tile_##sfx(6, kc, ap, b, boff, c, ldc, nr, add); break;                                              \
      case 5: tile_##sfx(5, kc, ap, b, boff, c, ldc, nr, add); break;                                              \
      case 4: tile_##sfx(4, kc, ap, b, boff, c, ldc, nr, add); break;                                              \
      case 3: tile_##sfx(3, kc, ap, b, boff, c, ldc, nr, add); break;                                              \
      case 2: tile_##sfx(2, kc, ap, b, boff, c, ldc, nr, add); break;                                              \
      default: tile_##sfx(1, kc, ap, b, boff, c, ldc, nr, add); break;                                             \
    }                                                                                                              \
  }                                                                                                                \
                                                                                                                   \
  /* A[0:mc, 0:kc] into MR-row panels, k-major (the last panel mc % MR rows);                                     \
   * row i at a + aoff[i] when aoff, else a + i * ars; column k at + k * acs. */                                   \
  static void pack_panel_##sfx(T *dst, const T *a, const int64_t *aoff, int64_t ars, int64_t acs, int64_t mc,     \
                               int64_t kc) {                                                                       \
    for (int64_t i0 = 0; i0 < mc; i0 += MR) {                                                                      \
      int64_t mr = mc - i0 < MR ? mc - i0 : MR;                                                                    \
      const T *row[MR];                                                                                            \
      for (int64_t i = 0; i < mr; i++) row[i] = a + (aoff ? aoff[i0 + i] : (i0 + i) * ars);                       \
      for (int64_t k = 0; k < kc; k++)                                                                             \
        for (int64_t i = 0; i < mr; i++) *dst++ = row[i][k * acs];                                                 \
    }                                                                                                              \
  }                                                                                                                \
                                                                                                                   \
  /* The whole M x K of A, in the block order dk_conv_gemm walks: block                                          \
   * (k0, i0) at k0 * M + i0 * kc. */                                                                              \
  void dk_conv_pack_a_##sfx(int64_t M, int64_t K, const T *a, int64_t ars, int64_t acs, T *dst) {                \
    for (int64_t k0 = 0; k0 < K; k0 += KC) {                                                                       \
      int64_t kc = K - k0 < KC ? K - k0 : KC;                                                                      \
      for (int64_t i0 = 0; i0 < M; i0 += MC)                                                                       \
        pack_panel_##sfx(dst + k0 * M + i0 * kc, a + i0 * ars + k0 * acs, NULL, ars, acs, M - i0 < MC ? M - i0 : MC, \
                         kc);                                                                                      \
    }                                                                                                              \
  }                                                                                                                \
                                                                                                                   \
  /* b_slack: every row can be read up to N rounded up to NR (what lies past                                     \
   * N only reaches columns of C that are not stored); else the ragged last                                       \
   * panel is copied out, zero-padded. */                                                                          \
  void dk_conv_gemm_##sfx(int64_t M, int64_t N, int64_t K, const T *ap, const T *b, const int64_t *boff,          \
                          int b_slack, T *c, int64_t ldc, int add) {                                               \
    if (M <= 0 || N <= 0) return;                                                                                  \
    if (K <= 0) {                                                                                                  \
      if (!add)                                                                                                    \
        for (int64_t i = 0; i < M; i++) memset(c + i * ldc, 0, (size_t)N * sizeof(T));                             \
      return;                                                                                                      \
    }                                                                                                              \
    int64_t kcap = K < KC ? K : KC, nfull = b_slack ? N : N / NR_##sfx * NR_##sfx;                                 \
    T *edge = pack_space((size_t)NR_##sfx * kcap * sizeof(T) + (size_t)kcap * sizeof(int64_t));                   \
    int64_t *eoff = (int64_t *)(edge + NR_##sfx * kcap);                                                           \
    for (int64_t k = 0; k < kcap; k++) eoff[k] = k * NR_##sfx;                                                     \
    for (int64_t k0 = 0; k0 < K; k0 += KC) {                                                                       \
      int64_t kc = K - k0 < KC ? K - k0 : KC;                                                                      \
      int acc = add || k0 > 0;                                                                                     \
      const int64_t *bo = boff + k0;                                                                               \
      if (nfull < N) {                                                                                             \
        int64_t w = N - nfull;                                                                                     \
        for (int64_t k = 0; k < kc; k++)                                                                           \
          for (int64_t j = 0; j < NR_##sfx; j++) edge[k * NR_##sfx + j] = j < w ? b[bo[k] + nfull + j] : 0;        \
      }                                                                                                            \
      for (int64_t i0 = 0; i0 < M; i0 += MC) {                                                                     \
        int64_t mc = M - i0 < MC ? M - i0 : MC;                                                                    \
        const T *apk = ap + k0 * M + i0 * kc;                                                                      \
        for (int64_t jr = 0; jr < N; jr += NR_##sfx) {                                                             \
          int nr = (int)(N - jr < NR_##sfx ? N - jr : NR_##sfx);                                                   \
          const T *bp = jr < nfull ? b + jr : edge;                                                                \
          const int64_t *o = jr < nfull ? bo : eoff;                                                               \
          for (int64_t ir = 0; ir < mc; ir += MR)                                                                  \
            tiles_##sfx((int)(mc - ir < MR ? mc - ir : MR), kc, apk + ir * kc, bp, o, c + (i0 + ir) * ldc + jr,    \
                        ldc, nr, acc);                                                                             \
        }                                                                                                          \
      }                                                                                                            \
    }                                                                                                              \
  }                                                                                                                \
                                                                                                                   \
  /* B[0:kc, 0:nc] into NR-column panels from B^T's rows (row j at                                               \
   * bt + btoff[j]): VL x VL blocks transposed in registers. Columns past nc                                      \
   * only feed columns of C that are never stored: they repeat the last row,                                      \
   * or are left as they were when a whole half panel lies past it. */                                            \
  static FAST void pack_bt_##sfx(T *dst, const T *bt, const int64_t *btoff, int64_t kc, int64_t nc) {              \
    for (int64_t j0 = 0; j0 < nc; j0 += NR_##sfx, dst += kc * NR_##sfx) {                                          \
      int64_t nr = nc - j0 < NR_##sfx ? nc - j0 : NR_##sfx, k = 0;                                                 \
      const T *row[NR_##sfx];                                                                                      \
      for (int j = 0; j < NR_##sfx; j++) row[j] = bt + btoff[j0 + (j < nr ? j : nr - 1)];                          \
      for (; k + VL_##sfx <= kc; k += VL_##sfx)                                                                    \
        for (int h = 0; h * VL_##sfx < nr; h++) {                                                                  \
          vec_##sfx r[VL_##sfx];                                                                                   \
          for (int t = 0; t < VL_##sfx; t++) r[t] = *(const uvec_##sfx *)(row[h * VL_##sfx + t] + k);              \
          transpose_##sfx(r);                                                                                      \
          for (int t = 0; t < VL_##sfx; t++) *(vec_##sfx *)(dst + (k + t) * NR_##sfx + h * VL_##sfx) = r[t];       \
        }                                                                                                          \
      for (; k < kc; k++)                                                                                          \
        for (int64_t j = 0; j < NR_##sfx; j++) dst[k * NR_##sfx + j] = row[j][k];                                  \
    }                                                                                                              \
  }                                                                                                                \
                                                                                                                   \
  /* C (+)= A @ B, A's row i at a + aoff[i], B^T's row j at bt + btoff[j],                                       \
   * both contiguous along the K being summed. */                                                                  \
  void dk_conv_gemm_bt_##sfx(int64_t M, int64_t N, int64_t K, const T *a, const int64_t *aoff, const T *bt,       \
                             const int64_t *btoff, T *c, int64_t ldc, int add) {                                   \
    if (M <= 0 || N <= 0) return;                                                                                  \
    if (K <= 0) {                                                                                                  \
      if (!add)                                                                                                    \
        for (int64_t i = 0; i < M; i++) memset(c + i * ldc, 0, (size_t)N * sizeof(T));                             \
      return;                                                                                                      \
    }                                                                                                              \
    int64_t kcap = K < KC ? K : KC, mcap = M < MC ? M : MC, ncap = N < NCB ? N : NCB;                              \
    int64_t npad = (ncap + NR_##sfx - 1) / NR_##sfx * NR_##sfx;                                                    \
    T *bp = pack_space((size_t)(mcap + npad) * kcap * sizeof(T) + (size_t)kcap * sizeof(int64_t));                \
    T *ap = bp + npad * kcap;                                                                                      \
    int64_t *poff = (int64_t *)(ap + mcap * kcap);                                                                 \
    for (int64_t k = 0; k < kcap; k++) poff[k] = k * NR_##sfx;                                                     \
    for (int64_t j0 = 0; j0 < N; j0 += NCB) {                                                                      \
      int64_t nc = N - j0 < NCB ? N - j0 : NCB;                                                                    \
      for (int64_t k0 = 0; k0 < K; k0 += KC) {                                                                     \
        int64_t kc = K - k0 < KC ? K - k0 : KC;                                                                    \
        int acc = add || k0 > 0;                                                                                   \
        pack_bt_##sfx(bp, bt + k0, btoff + j0, kc, nc);                                                            \
        for (int64_t i0 = 0; i0 < M; i0 += MC) {                                                                   \
          int64_t mc = M - i0 < MC ? M - i0 : MC;                                                                  \
          pack_panel_##sfx(ap, a + k0, aoff + i0, 0, 1, mc, kc);                                                   \
          for (int64_t jr = 0; jr < nc; jr += NR_##sfx)                                                            \
            for (int64_t ir = 0; ir < mc; ir += MR)                                                                \
              tiles_##sfx((int)(mc - ir < MR ? mc - ir : MR), kc, ap + ir * kc, bp + jr * kc, poff,                \
                          c + (i0 + ir) * ldc + j0 + jr, ldc, (int)(nc - jr < NR_##sfx ? nc - jr : NR_##sfx), acc); \
        }                                                                                                          \
      }                                                                                                            \
    }                                                                                                              \
  }

DEF_GEMM(f32, float)
DEF_GEMM(f64, double)
