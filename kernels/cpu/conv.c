/* 2-d convolution, NCHW, float32/float64: forward, gradient w.r.t. the
 * input (also conv_transpose2d's forward) and w.r.t. the weight (+ bias).
 *
 * meta (int64[18]): [N, C, H, W, K, R, S, strideH, strideW, padTop,
 * padLeft, padBottom, padRight, dilationH, dilationW, groups, OH, OW];
 * x is N x C x H x W, w is K x C/groups x R x S, y is N x K x OH x OW.
 * impl: 0 picks, 1 forces this file's GEMM paths, 2 forces oneDNN
 * (float32, when the build linked it; dnnl.c).
 *
 * Products run in conv_gemm.c; threads take (image, group, band of output
 * rows) units, each with its own scratch.
 * - Stride 1 ("implicit im2col"): the unit's rows of the zero-padded image
 *   are copied once (Wq = W + padLeft + padRight columns), and patch row
 *   (c, r, s) of im2col is then the contiguous run starting at
 *   c*Hb*Wq + r*dH*Wq + s*dW, read in place. Outputs are computed on the
 *   Wq-wide grid and the OW valid columns of each row kept. The input
 *   gradient is the forward convolution of gy (padded by the kernel's
 *   extent minus the padding) with the flipped, transposed kernel.
 * - Other strides: explicit im2col / col2im over bands of output positions.
 * The weight gradient sums per-thread partials in thread order, so results
 * do not depend on timing. */
#include "../include/dendrite.h"
#include <stdlib.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* Rows here are short (a few dozen elements): GCC would turn the copy and
 * fill loops into libc calls that cost more than the rows. */
#pragma GCC optimize("no-tree-loop-distribute-patterns")

#define DECL_GEMM(sfx, T)                                                                                      \
  void dk_conv_pack_a_##sfx(int64_t, int64_t, const T *, int64_t, int64_t, T *);                               \
  void dk_conv_gemm_##sfx(int64_t, int64_t, int64_t, const T *, const T *, const int64_t *, int, T *, int64_t, \
                          int);                                                                                \
  void dk_conv_gemm_bt_##sfx(int64_t, int64_t, int64_t, const T *, const int64_t *, const T *, const int64_t *, \
                             T *, int64_t, int);
DECL_GEMM(f32, float)
DECL_GEMM(f64, double)

#ifdef DK_HAVE_DNNL
int dk_dnnl_conv(int kind, const int64_t *meta, const float *a, const float *b, const float *bias, float *out,
                 float *out2);
int dk_dnnl_prefer(int kind, const int64_t *meta);
#endif

enum { FWD = 0, BWD_IN = 1, BWD_W = 2 };

typedef struct {
  int64_t N, C, H, W, K, R, S, sh, sw, pt, pl, pb, pr, dh, dw, G, OH, OW;
  int64_t Cg, Kg, RS, CRS, P, HW; /* derived */
} geom;

/* Output columns per product are padded to this (the float32 tile width). */
#define NRPAD 32
/* Elements of one unit's scratch block at most (else smaller bands). */
#define COL_MAX (1 << 18)
/* Below this many multiply-adds a call stays on one thread. */
#define CONV_PAR_MIN (1 << 20)

static int64_t cdiv(int64_t a, int64_t b) { return (a + b - 1) / b; }
static int64_t rup(int64_t a, int64_t b) { return cdiv(a, b) * b; }
static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

/* Product of n positive ints, or -1 past 2^62. */
static int64_t prod(const int64_t *v, int n) {
  int64_t p = 1;
  for (int i = 0; i < n; i++)
    if (__builtin_mul_overflow(p, v[i], &p) || p > ((int64_t)1 << 62)) return -1;
  return p;
}

static void derive(geom *g) {
  g->Cg = g->C / g->G, g->Kg = g->K / g->G, g->RS = g->R * g->S, g->CRS = g->Cg * g->RS;
  g->P = g->OH * g->OW, g->HW = g->H * g->W;
}

static int conv_geom(const int64_t *m, geom *g, const char *op) {
  memcpy(g, m, 18 * sizeof(int64_t));
  if (g->N < 0) return dk_fail("%s: negative batch", op);
  for (int i = 1; i < 16; i++) {
    int pad = i >= 9 && i <= 12;
    if (pad ? m[i] < 0 : m[i] < 1) return dk_fail("%s: bad geometry value %lld at meta[%d]", op, (long long)m[i], i);
    if (m[i] > (1 << 30)) return dk_fail("%s: sizes overflow", op);
  }
  if (g->C % g->G || g->K % g->G)
    return dk_fail("%s: channels (%lld in, %lld out) must be divisible by groups (%lld)", op, (long long)g->C,
                   (long long)g->K, (long long)g->G);
  int64_t eh = g->dh * (g->R - 1) + 1, ew = g->dw * (g->S - 1) + 1;
  int64_t hp = g->H + g->pt + g->pb, wp = g->W + g->pl + g->pr;
  if (eh > hp || ew > wp) return dk_fail("%s: kernel larger than the padded input", op);
  if (g->OH != (hp - eh) / g->sh + 1 || g->OW != (wp - ew) / g->sw + 1)
    return dk_fail("%s: output size %lldx%lld does not match the geometry", op, (long long)g->OH, (long long)g->OW);
  int64_t sx[4] = {g->N > 0 ? g->N : 1, g->C, hp, wp}, sy[4] = {sx[0], g->K, g->OH, g->OW},
          sk[4] = {g->K, g->C, g->R, g->S};
  if (prod(sx, 4) < 0 || prod(sy, 4) < 0 || prod(sk, 4) < 0) return dk_fail("%s: sizes overflow", op);
  derive(g);
  return 0;
}

/* Output rows per unit for the implicit path: all of them unless the batch
 * leaves threads idle or the unit's scratch (per output row: `row` elements)
 * would pass COL_MAX. */
static int64_t row_band(const geom *g, int64_t row, int nt) {
  int64_t b = g->OH, per = g->N * g->G;
  if (per < nt) b = cdiv(g->OH, cdiv(nt, per));
  while (b > 1 && b * row > COL_MAX) b = cdiv(b, 2);
  return b;
}

/* Output positions per unit for the im2col path, a multiple of NRPAD. */
static int64_t pos_band(const geom *g, int64_t rows, int nt) {
  int64_t pc = g->P, per = g->N * g->G;
  if (rows * rup(pc, NRPAD) > COL_MAX) pc = COL_MAX / rows / NRPAD * NRPAD;
  if (per < nt) pc = min64(pc, rup(cdiv(g->P, cdiv(nt, per)), NRPAD));
  return pc < NRPAD ? min64(g->P, NRPAD) : pc;
}

/* The run [lo, hi) of output columns o in [0, n) whose input column
 * o * s + off lies in [0, len). */
static void valid_run(int64_t n, int64_t s, int64_t off, int64_t len, int64_t *lo, int64_t *hi) {
  int64_t a = off >= 0 ? 0 : cdiv(-off, s), b = len - off > 0 ? cdiv(len - off, s) : 0;
  *lo = a < n ? a : n;
  *hi = b < *lo ? *lo : b > n ? n : b;
}

/* No padding and S == 1: the image's own rows are the patch rows. */
static int in_place(const geom *g) { return g->pt == 0 && g->pl == 0 && g->pb == 0 && g->pr == 0 && g->S == 1; }

/* Offsets of the patch rows (c, r, s) in an image of Hb rows of Wq. */
static void patch_offsets(const geom *g, int64_t Hb, int64_t Wq, int64_t *off) {
  for (int64_t c = 0, i = 0; c < g->Cg; c++)
    for (int64_t r = 0; r < g->R; r++)
      for (int64_t s = 0; s < g->S; s++) off[i++] = c * Hb * Wq + r * g->dh * Wq + s * g->dw;
}

#define DEF_CONV(sfx, T)                                                                                         \
  /* Rows [ph0, ph0 + rows) of the zero-padded planes of C channels (x: the                                      \
   * first plane) into xp, planes Hb rows of Wq apart. */                                                        \
  static void pad_rows_##sfx(const geom *g, const T *x, int64_t C, int64_t ph0, int64_t rows, int64_t Hb,        \
                             T *xp) {                                                                            \
    int64_t Wq = g->W + g->pl + g->pr, W = g->W, pl = g->pl, pr = g->pr;                                         \
    int64_t i0 = min64(rows, g->pt > ph0 ? g->pt - ph0 : 0), i1 = min64(rows, g->H + g->pt - ph0);               \
    if (i1 < i0) i1 = i0;                                                                                        \
    for (int64_t c = 0; c < C; c++) {                                                                            \
      T *dc = xp + c * Hb * Wq;                                                                                  \
      const T *sc = x + c * g->HW + (ph0 + i0 - g->pt) * W;                                                      \
      memset(dc, 0, (size_t)(i0 * Wq) * sizeof(T));                                                              \
      if (pl == 0 && pr == 0)                                                                                    \
        memcpy(dc + i0 * Wq, sc, (size_t)((i1 - i0) * W) * sizeof(T));                                           \
      else /* short rows: inline loops beat a libc call per row */                                               \
        for (int64_t i = i0; i < i1; i++) {                                                                      \
          T *d = dc + i * Wq;                                                                                    \
          const T *s = sc + (i - i0) * W;                                                                        \
          for (int64_t j = 0; j < pl; j++) d[j] = 0;                                                             \
          for (int64_t j = 0; j < W; j++) d[pl + j] = s[j];                                                      \
          for (int64_t j = 0; j < pr; j++) d[pl + W + j] = 0;                                                    \
        }                                                                                                        \
      memset(dc + i1 * Wq, 0, (size_t)((rows - i1) * Wq) * sizeof(T));                                           \
    }                                                                                                            \
  }                                                                                                              \
                                                                                                                 \
  /* Sum of n elements in vector lanes (a scalar chain is latency-bound). */                                     \
  static T sum_##sfx(const T *r, int64_t n) {                                                                    \
    typedef T vec __attribute__((vector_size(64)));                                                              \
    enum { L = 64 / sizeof(T) };                                                                                 \
    vec a0 = {0}, a1 = {0};                                                                                      \
    int64_t i = 0;                                                                                               \
    for (; i + 2 * L <= n; i += 2 * L) {                                                                         \
      vec v0, v1;                                                                                                \
      memcpy(&v0, r + i, sizeof v0);                                                                             \
      memcpy(&v1, r + i + L, sizeof v1);                                                                         \
      a0 += v0, a1 += v1;                                                                                        \
    }                                                                                                            \
    a0 += a1;                                                                                                    \
    T s = 0;                                                                                                     \
    for (int j = 0; j < L; j++) s += a0[j];                                                                      \
    for (; i < n; i++) s += r[i];                                                                                \
    return s;                                                                                                    \
  }                                                                                                              \
                                                                                                                 \
  /* Rows (c - c0, r, s) of col, over output positions [p0, p1), padded with                                     \
   * zeros to ld columns. x: the group's first channel plane of one image. */                                    \
  static void im2col_##sfx(const geom *g, const T *x, int64_t c0, int64_t c1, int64_t p0, int64_t p1, T *col,    \
                           int64_t ld) {                                                                         \
    for (int64_t c = c0; c < c1; c++)                                                                            \
      for (int64_t r = 0; r < g->R; r++)                                                                         \
        for (int64_t s = 0; s < g->S; s++) {                                                                     \
          T *row = col + (((c - c0) * g->R + r) * g->S + s) * ld;                                                \
          int64_t offh = r * g->dh - g->pt, offw = s * g->dw - g->pl, lo, hi;                                    \
          valid_run(g->OW, g->sw, offw, g->W, &lo, &hi);                                                         \
          for (int64_t p = p0, oh = p0 / g->OW, ow = p0 % g->OW; p < p1; oh++, ow = 0) {                         \
            int64_t n = min64(g->OW - ow, p1 - p), ih = oh * g->sh + offh, a = lo > ow ? lo : ow;                \
            int64_t b = hi < ow + n ? hi : ow + n;                                                               \
            T *d = row + (p - p0) - ow;                                                                          \
            if (ih < 0 || ih >= g->H || b < a) a = b = ow + n;                                                   \
            const T *xr = x + c * g->HW + ih * g->W + offw;                                                      \
            for (int64_t o = ow; o < a; o++) d[o] = 0;                                                           \
            for (int64_t o = a; o < b; o++) d[o] = xr[o * g->sw];                                                \
            for (int64_t o = b; o < ow + n; o++) d[o] = 0;                                                       \
            p += n;                                                                                              \
          }                                                                                                      \
          memset(row + (p1 - p0), 0, (size_t)(ld - (p1 - p0)) * sizeof(T));                                      \
        }                                                                                                        \
  }                                                                                                              \
                                                                                                                 \
  /* The adjoint of im2col: adds col's rows back into the planes of x. */                                        \
  static void col2im_##sfx(const geom *g, T *x, int64_t c0, int64_t c1, int64_t p0, int64_t p1, const T *col,    \
                           int64_t ld) {                                                                         \
    for (int64_t c = c0; c < c1; c++)                                                                            \
      for (int64_t r = 0; r < g->R; r++)                                                                         \
        for (int64_t s = 0; s < g->S; s++) {                                                                     \
          const T *row = col + (((c - c0) * g->R + r) * g->S + s) * ld;                                          \
          int64_t offh = r * g->dh - g->pt, offw = s * g->dw - g->pl, lo, hi;                                    \
          valid_run(g->OW, g->sw, offw, g->W, &lo, &hi);                                                         \
          for (int64_t p = p0, oh = p0 / g->OW, ow = p0 % g->OW; p < p1; oh++, ow = 0) {                         \
            int64_t n = min64(g->OW - ow, p1 - p), ih = oh * g->sh + offh, a = lo > ow ? lo : ow;                \
            int64_t b = hi < ow + n ? hi : ow + n;                                                               \
            if (ih >= 0 && ih < g->H) {                                                                          \
              T *xr = x + c * g->HW + ih * g->W + offw;                                                          \
              const T *d = row + (p - p0) - ow;                                                                  \
              for (int64_t o = a; o < b; o++) xr[o * g->sw] += d[o];                                             \
            }                                                                                                    \
            p += n;                                                                                              \
          }                                                                                                      \
        }                                                                                                        \
  }                                                                                                              \
                                                                                                                 \
  /* y = conv(x) + bias for stride 1; ap: the packed kernel of each group. */                                    \
  static int fwd_implicit_##sfx(const geom *g, const T *x, const T *ap, const T *bias, T *y) {                   \
    int nt = dk_team((double)g->N * g->K * g->CRS * g->P, CONV_PAR_MIN);                                         \
    int flat = in_place(g);                                                                                      \
    int64_t Wq = g->W + g->pl + g->pr, ext = (g->R - 1) * g->dh;                                                 \
    int direct = Wq == g->OW; /* no columns to drop: the product lands in y */                                   \
    int64_t hb = row_band(g, (g->Cg + (direct ? 0 : g->Kg)) * Wq, nt), Hb = hb + ext;                            \
    int64_t nb = cdiv(g->OH, hb), units = g->N * g->G * nb;                                                      \
    size_t xsz = flat ? 0 : (size_t)(g->Cg * Hb * Wq + (g->S - 1) * g->dw + NRPAD);                              \
    size_t osz = direct ? 0 : (size_t)(g->Kg * hb * Wq);                                                         \
    int err = 0;                                                                                                 \
    DK_PARALLEL(nt, {                                                                                            \
      T *xp = calloc(xsz + osz + 1, sizeof(T)), *out = xp + xsz;                                                 \
      int64_t *off = malloc((size_t)g->CRS * sizeof(int64_t));                                                   \
      if (!xp || !off) {                                                                                         \
        _Pragma("omp atomic write") err = 1;                                                                     \
      } else {                                                                                                   \
        patch_offsets(g, flat ? g->H : Hb, Wq, off);                                                             \
        _Pragma("omp for schedule(static)") for (int64_t u = 0; u < units; u++) {                                \
          int64_t n = u / (g->G * nb), gi = u / nb % g->G, oh0 = u % nb * hb, oh1 = min64(oh0 + hb, g->OH);      \
          const T *xg = x + (n * g->C + gi * g->Cg) * g->HW, *b = xp;                                            \
          if (flat)                                                                                              \
            b = xg + oh0 * g->W;                                                                                 \
          else                                                                                                   \
            pad_rows_##sfx(g, xg, g->Cg, oh0, oh1 - oh0 + ext, Hb, xp);                                          \
          T *yg = y + (n * g->K + gi * g->Kg) * g->P;                                                            \
          int64_t cols = (oh1 - oh0) * Wq;                                                                       \
          dk_conv_gemm_##sfx(g->Kg, cols, g->CRS, ap + gi * g->Kg * g->CRS, b, off, !flat,                       \
                             direct ? yg + oh0 * g->OW : out, direct ? g->P : cols, 0);                          \
          for (int64_t k = 0; k < g->Kg && (bias || !direct); k++) {                                             \
            T bk = bias ? bias[gi * g->Kg + k] : 0, *yk = yg + k * g->P;                                         \
            for (int64_t oh = oh0; oh < oh1; oh++) {                                                             \
              T *d = yk + oh * g->OW;                                                                            \
              const T *s = direct ? d : out + k * cols + (oh - oh0) * Wq;                                        \
              for (int64_t ow = 0; ow < g->OW; ow++) d[ow] = s[ow] + bk;                                         \
            }                                                                                                    \
          }                                                                                                      \
        }                                                                                                        \
      }                                                                                                          \
      free(xp);                                                                                                  \
      free(off);                                                                                                 \
    });                                                                                                          \
    return err ? dk_fail("conv2d: out of memory") : 0;                                                           \
  }                                                                                                              \
                                                                                                                 \
  static int fwd_im2col_##sfx(const geom *g, const T *x, const T *ap, const T *bias, T *y) {                     \
    int nt = dk_team((double)g->N * g->K * g->CRS * g->P, CONV_PAR_MIN);                                         \
    int64_t pc = pos_band(g, g->CRS, nt), nb = cdiv(g->P, pc), units = g->N * g->G * nb, ld = rup(pc, NRPAD);    \
    int err = 0;                                                                                                 \
    DK_PARALLEL(nt, {                                                                                            \
      T *col = malloc((size_t)g->CRS * ld * sizeof(T));                                                          \
      int64_t *off = malloc((size_t)g->CRS * sizeof(int64_t));                                                   \
      if (!col || !off) {                                                                                        \
        _Pragma("omp atomic write") err = 1;                                                                     \
      } else {                                                                                                   \
        for (int64_t k = 0; k < g->CRS; k++) off[k] = k * ld;                                                    \
        _Pragma("omp for schedule(static)") for (int64_t u = 0; u < units; u++) {                                \
          int64_t n = u / (g->G * nb), gi = u / nb % g->G, p0 = u % nb * pc, p1 = min64(p0 + pc, g->P);          \
          T *yg = y + (n * g->K + gi * g->Kg) * g->P;                                                            \
          im2col_##sfx(g, x + (n * g->C + gi * g->Cg) * g->HW, 0, g->Cg, p0, p1, col, ld);                       \
          dk_conv_gemm_##sfx(g->Kg, p1 - p0, g->CRS, ap + gi * g->Kg * g->CRS, col, off, 1, yg + p0, g->P, 0);   \
          if (bias)                                                                                              \
            for (int64_t k = 0; k < g->Kg; k++)                                                                  \
              for (int64_t p = p0; p < p1; p++) yg[k * g->P + p] += bias[gi * g->Kg + k];                        \
        }                                                                                                        \
      }                                                                                                          \
      free(col);                                                                                                 \
      free(off);                                                                                                 \
    });                                                                                                          \
    return err ? dk_fail("conv2d: out of memory") : 0;                                                           \
  }                                                                                                              \
                                                                                                                 \
  static int fwd_##sfx(const geom *g, const T *x, const T *w, const T *bias, T *y) {                             \
    T *ap = malloc((size_t)g->K * g->CRS * sizeof(T));                                                           \
    if (!ap) return dk_fail("conv2d: out of memory");                                                            \
    for (int64_t gi = 0; gi < g->G; gi++)                                                                        \
      dk_conv_pack_a_##sfx(g->Kg, g->CRS, w + gi * g->Kg * g->CRS, g->CRS, 1, ap + gi * g->Kg * g->CRS);         \
    int rc = g->sh == 1 && g->sw == 1 ? fwd_implicit_##sfx(g, x, ap, bias, y) : fwd_im2col_##sfx(g, x, ap, bias, y); \
    free(ap);                                                                                                    \
    return rc;                                                                                                   \
  }                                                                                                              \
                                                                                                                 \
  /* Strided: col = w^T gy per band, added back by col2im. Each unit owns a                                      \
   * band of input channels, so col2im never races. */                                                           \
  static int bwd_in_im2col_##sfx(const geom *g, const T *gy, const T *w, T *gx) {                                \
    int nt = dk_team((double)g->N * g->K * g->CRS * g->P, CONV_PAR_MIN);                                         \
    int64_t per = g->N * g->G, ncb = per < nt ? min64(g->Cg, cdiv(nt, per)) : 1;                                 \
    int64_t cb = cdiv(g->Cg, ncb), pc = pos_band(g, cb * g->RS, 1), units = per * ncb, ld = rup(pc, NRPAD);      \
    int err = 0;                                                                                                 \
    DK_PARALLEL(nt, {                                                                                            \
      T *col = malloc((size_t)(cb * g->RS * ld + cb * g->RS * g->Kg) * sizeof(T)), *ap = col + cb * g->RS * ld;  \
      int64_t *off = malloc((size_t)g->Kg * sizeof(int64_t));                                                    \
      if (!col || !off) {                                                                                        \
        _Pragma("omp atomic write") err = 1;                                                                     \
      } else {                                                                                                   \
        for (int64_t k = 0; k < g->Kg; k++) off[k] = k * g->P;                                                   \
        _Pragma("omp for schedule(static)") for (int64_t u = 0; u < units; u++) {                                \
          int64_t n = u / (g->G * ncb), gi = u / ncb % g->G, c0 = u % ncb * cb, c1 = min64(c0 + cb, g->Cg);      \
          if (c0 >= c1) continue;                                                                                \
          T *xg = gx + (n * g->C + gi * g->Cg) * g->HW;                                                          \
          const T *gyg = gy + (n * g->K + gi * g->Kg) * g->P;                                                    \
          dk_conv_pack_a_##sfx((c1 - c0) * g->RS, g->Kg, w + gi * g->Kg * g->CRS + c0 * g->RS, 1, g->CRS, ap);   \
          memset(xg + c0 * g->HW, 0, (size_t)(c1 - c0) * g->HW * sizeof(T));                                     \
          for (int64_t p0 = 0; p0 < g->P; p0 += pc) {                                                            \
            int64_t p1 = min64(p0 + pc, g->P);                                                                   \
            dk_conv_gemm_##sfx((c1 - c0) * g->RS, p1 - p0, g->Kg, ap, gyg + p0, off, 0, col, ld, 0);             \
            col2im_##sfx(g, xg, c0, c1, p0, p1, col, ld);                                                        \
          }                                                                                                      \
        }                                                                                                        \
      }                                                                                                          \
      free(col);                                                                                                 \
      free(off);                                                                                                 \
    });                                                                                                          \
    return err ? dk_fail("conv2d backward: out of memory") : 0;                                                  \
  }                                                                                                              \
                                                                                                                 \
  /* Stride 1 with padding within the kernel's extent: the forward                                               \
   * convolution of gy with the flipped kernel (C/g x K/g per group), padded                                     \
   * by extent - padding on each side. */                                                                        \
  static int bwd_in_##sfx(const geom *g, const T *gy, const T *w, T *gx) {                                       \
    int64_t eh = (g->R - 1) * g->dh, ew = (g->S - 1) * g->dw;                                                    \
    if (g->sh != 1 || g->sw != 1 || g->pt > eh || g->pb > eh || g->pl > ew || g->pr > ew)                        \
      return bwd_in_im2col_##sfx(g, gy, w, gx);                                                                  \
    geom t = {.N = g->N, .C = g->K, .H = g->OH, .W = g->OW, .K = g->C, .R = g->R, .S = g->S, .sh = 1, .sw = 1,   \
              .pt = eh - g->pt, .pl = ew - g->pl, .pb = eh - g->pb, .pr = ew - g->pr, .dh = g->dh, .dw = g->dw,  \
              .G = g->G, .OH = g->H, .OW = g->W};                                                                \
    derive(&t);                                                                                                  \
    T *wt = malloc((size_t)2 * g->K * g->CRS * sizeof(T)), *ap = wt + g->K * g->CRS;                             \
    if (!wt) return dk_fail("conv2d backward: out of memory");                                                   \
    for (int64_t gi = 0; gi < g->G; gi++) {                                                                      \
      const T *wg = w + gi * g->Kg * g->CRS;                                                                     \
      T *tg = wt + gi * g->Kg * g->CRS;                                                                          \
      for (int64_t c = 0; c < g->Cg; c++)                                                                        \
        for (int64_t k = 0; k < g->Kg; k++)                                                                      \
          for (int64_t q = 0; q < g->RS; q++) tg[(c * g->Kg + k) * g->RS + q] = wg[(k * g->Cg + c) * g->RS + g->RS - 1 - q]; \
      dk_conv_pack_a_##sfx(t.Kg, t.CRS, tg, t.CRS, 1, ap + gi * g->Kg * g->CRS);                                 \
    }                                                                                                            \
    int rc = fwd_implicit_##sfx(&t, gy, ap, NULL, gx);                                                           \
    free(wt);                                                                                                    \
    return rc;                                                                                                   \
  }                                                                                                              \
                                                                                                                 \
  static int finite_##sfx(const T *x, int64_t n) {                                                               \
    int bad = 0;                                                                                                 \
    for (int64_t i = 0; i < n; i++) bad |= !(x[i] - x[i] == 0);                                                  \
    return !bad;                                                                                                 \
  }                                                                                                              \
                                                                                                                 \
  /* Per unit: gw_g (+)= gy_g @ patches^T over the unit's output positions,                                      \
   * into the thread's partial. Stride 1 reads patches in place from the                                         \
   * padded rows, against gy spread on the Wq-wide grid with zeros in the                                        \
   * extra columns; that pairing would turn an infinite input into NaN, so                                       \
   * such inputs take the im2col path. The product runs with the longer of                                       \
   * (C/g*R*S, K/g) as its vector dimension ("flip": partials transposed). */                                    \
  static int bwd_w_##sfx(const geom *g, const T *x, const T *gy, T *gw, T *gb) {                                 \
    int nt = dk_team((double)g->N * g->K * g->CRS * g->P, CONV_PAR_MIN);                                         \
    int implicit = g->sh == 1 && g->sw == 1 && finite_##sfx(x, g->N * g->C * g->HW);                             \
    int flat = implicit && in_place(g), flip = g->Kg * rup(g->CRS, NRPAD) > g->CRS * rup(g->Kg, NRPAD);          \
    int64_t Wq = g->W + g->pl + g->pr, ext = (g->R - 1) * g->dh, direct = Wq == g->OW;                           \
    int64_t hb = row_band(g, g->Cg * Wq + g->Kg * Wq, nt), Hb = hb + ext, pc = pos_band(g, g->CRS, nt);          \
    int64_t nb = implicit ? cdiv(g->OH, hb) : cdiv(g->P, pc), units = g->N * g->G * nb, wsz = g->K * g->CRS;     \
    size_t xsz = implicit ? (flat ? 0 : (size_t)(g->Cg * Hb * Wq + (g->S - 1) * g->dw + NRPAD))                  \
                          : (size_t)g->CRS * pc;                                                                 \
    size_t gsz = implicit && !direct ? (size_t)(g->Kg * hb * Wq) : 0;                                            \
    T *part = calloc((size_t)nt * wsz, sizeof(T));                                                               \
    double *bpart = gb ? calloc((size_t)nt * g->K, sizeof(double)) : NULL;                                       \
    if (!part || (gb && !bpart)) {                                                                               \
      free(part);                                                                                                \
      return dk_fail("conv2d backward: out of memory");                                                          \
    }                                                                                                            \
    int err = 0;                                                                                                 \
    DK_PARALLEL(nt, {                                                                                            \
      T *acc = part + DK_TID() * wsz, *xp = calloc(xsz + gsz + 1, sizeof(T)), *gw2 = xp + xsz;                   \
      int64_t *off = malloc((size_t)(g->CRS + g->Kg) * sizeof(int64_t)), *koff = off + g->CRS;                   \
      if (!xp || !off) {                                                                                         \
        _Pragma("omp atomic write") err = 1;                                                                     \
      } else {                                                                                                   \
        if (implicit) patch_offsets(g, flat ? g->H : Hb, Wq, off);                                               \
        _Pragma("omp for schedule(static)") for (int64_t u = 0; u < units; u++) {                                \
          int64_t n = u / (g->G * nb), gi = u / nb % g->G, band = u % nb, len;                                   \
          int64_t p0 = implicit ? band * hb * g->OW : band * pc;                                                 \
          int64_t p1 = min64(implicit ? p0 + hb * g->OW : p0 + pc, g->P);                                        \
          const T *xg = x + (n * g->C + gi * g->Cg) * g->HW, *gyg = gy + (n * g->K + gi * g->Kg) * g->P;         \
          const T *a = gyg, *b = xp;                                                                             \
          const int64_t *boff = off;                                                                             \
          if (implicit) {                                                                                        \
            int64_t oh0 = band * hb, oh1 = min64(oh0 + hb, g->OH);                                               \
            len = (oh1 - oh0) * Wq;                                                                              \
            if (flat)                                                                                            \
              b = xg + oh0 * g->W;                                                                               \
            else                                                                                                 \
              pad_rows_##sfx(g, xg, g->Cg, oh0, oh1 - oh0 + ext, Hb, xp);                                        \
            if (direct) {                                                                                        \
              a = gyg + oh0 * g->OW;                                                                             \
              for (int64_t k = 0; k < g->Kg; k++) koff[k] = k * g->P;                                            \
            } else {                                                                                             \
              a = gw2;                                                                                           \
              for (int64_t k = 0; k < g->Kg; k++) {                                                              \
                koff[k] = k * len;                                                                               \
                for (int64_t oh = oh0; oh < oh1; oh++) {                                                         \
                  T *d = gw2 + k * len + (oh - oh0) * Wq;                                                        \
                  const T *s = gyg + k * g->P + oh * g->OW;                                                      \
                  for (int64_t j = 0; j < g->OW; j++) d[j] = s[j];                                               \
                  for (int64_t j = g->OW; j < Wq; j++) d[j] = 0;                                                 \
                }                                                                                                \
              }                                                                                                  \
            }                                                                                                    \
          } else {                                                                                               \
            len = p1 - p0;                                                                                       \
            im2col_##sfx(g, xg, 0, g->Cg, p0, p1, xp, len);                                                      \
            for (int64_t q = 0; q < g->CRS; q++) off[q] = q * len;                                               \
            for (int64_t k = 0; k < g->Kg; k++) koff[k] = k * g->P;                                              \
            a = gyg + p0;                                                                                        \
          }                                                                                                      \
          if (bpart) /* the unit's gy rows are in cache now */                                                   \
            for (int64_t k = 0; k < g->Kg; k++)                                                                  \
              bpart[DK_TID() * g->K + gi * g->Kg + k] += sum_##sfx(gyg + k * g->P + p0, p1 - p0);                \
          T *ag = acc + gi * g->Kg * g->CRS;                                                                     \
          if (flip)                                                                                              \
            dk_conv_gemm_bt_##sfx(g->CRS, g->Kg, len, b, boff, a, koff, ag, g->Kg, 1);                           \
          else                                                                                                   \
            dk_conv_gemm_bt_##sfx(g->Kg, g->CRS, len, a, koff, b, boff, ag, g->CRS, 1);                          \
        }                                                                                                        \
      }                                                                                                          \
      free(xp);                                                                                                  \
      free(off);                                                                                                 \
      _Pragma("omp barrier");                                                                                    \
      _Pragma("omp for schedule(static)") for (int64_t i = 0; i < wsz; i++) {                                    \
        /* i indexes gw (group, k, crs); its partials sit at the flipped spot */                                 \
        int64_t gi = i / (g->Kg * g->CRS), k = i / g->CRS % g->Kg, q = i % g->CRS;                               \
        int64_t src = flip ? gi * g->Kg * g->CRS + q * g->Kg + k : i;                                            \
        T s = 0;                                                                                                 \
        for (int j = 0; j < nt; j++) s += part[j * wsz + src];                                                   \
        gw[i] = s;                                                                                               \
      }                                                                                                          \
      if (gb) {                                                                                                  \
        _Pragma("omp for schedule(static)") for (int64_t k = 0; k < g->K; k++) {                                 \
          double s = 0;                                                                                          \
          for (int j = 0; j < nt; j++) s += bpart[j * g->K + k];                                                 \
          gb[k] = (T)s;                                                                                          \
        }                                                                                                        \
      }                                                                                                          \
    });                                                                                                          \
    free(part);                                                                                                  \
    free(bpart);                                                                                                 \
    return err ? dk_fail("conv2d backward: out of memory") : 0;                                                  \
  }

DEF_CONV(f32, float)
DEF_CONV(f64, double)

static int conv_prep(int32_t dtype, const int64_t *meta, int32_t impl, geom *g, const char *op) {
  if (dtype != DK_FLOAT32 && dtype != DK_FLOAT64) return dk_fail("%s: dtype must be float32 or float64", op);
  if (impl < 0 || impl > 2) return dk_fail("%s: bad impl %d", op, impl);
  if (conv_geom(meta, g, op) < 0) return -1;
#ifdef DK_HAVE_DNNL
  if (impl == 2 && dtype != DK_FLOAT32) return dk_fail("%s: oneDNN runs float32 only", op);
#else
  if (impl == 2) return dk_fail("%s: this build has no oneDNN", op);
#endif
  return 0;
}

#ifdef DK_HAVE_DNNL
/* Runs the call on oneDNN when asked or preferred: 0 or -1 when it ran
 * (or was forced and failed), 1 to run this file's path instead (not
 * preferred, or no oneDNN primitive for the geometry). */
static int via_dnnl(int kind, int32_t dtype, const int64_t *meta, int32_t impl, const void *a, const void *b,
                    const void *bias, void *out, void *out2) {
  if (dtype != DK_FLOAT32 || impl == 1 || (impl == 0 && !dk_dnnl_prefer(kind, meta))) return 1;
  int rc = dk_dnnl_conv(kind, meta, a, b, bias, out, out2);
  return rc == -2 && impl == 0 ? 1 : rc < 0 ? -1 : 0;
}
#define VIA_DNNL(kind, ...)                                          \
  do {                                                               \
    int r_ = via_dnnl(kind, dtype, meta, impl, __VA_ARGS__);         \
    if (r_ <= 0) return r_;                                          \
  } while (0)
#else
#define VIA_DNNL(kind, ...) (void)0
#endif

int32_t dk_conv2d_forward(int32_t dtype, const void *x, const void *w, const void *bias, void *y,
                          const int64_t *meta, int32_t impl) {
  geom g;
  if (conv_prep(dtype, meta, impl, &g, "conv2d") < 0) return -1;
  if (g.N == 0) return 0;
  VIA_DNNL(FWD, x, w, bias, y, NULL);
  return dtype == DK_FLOAT32 ? fwd_f32(&g, x, w, bias, y) : fwd_f64(&g, x, w, bias, y);
}

/* gy: N x K x OH x OW; gx (N x C x H x W) is overwritten. */
int32_t dk_conv2d_backward_input(int32_t dtype, const void *gy, const void *w, void *gx, const int64_t *meta,
                                 int32_t impl) {
  geom g;
  if (conv_prep(dtype, meta, impl, &g, "conv2d backward") < 0) return -1;
  if (g.N == 0) return 0;
  VIA_DNNL(BWD_IN, gy, w, NULL, gx, NULL);
  return dtype == DK_FLOAT32 ? bwd_in_f32(&g, gy, w, gx) : bwd_in_f64(&g, gy, w, gx);
}

/* gw (K x C/g x R x S) and gb (K; may be NULL) are overwritten. */
int32_t dk_conv2d_backward_weight(int32_t dtype, const void *x, const void *gy, void *gw, void *gb,
                                  const int64_t *meta, int32_t impl) {
  geom g;
  if (conv_prep(dtype, meta, impl, &g, "conv2d backward") < 0) return -1;
  if (g.N > 0) VIA_DNNL(BWD_W, x, gy, NULL, gw, gb);
  return dtype == DK_FLOAT32 ? bwd_w_f32(&g, x, gy, gw, gb) : bwd_w_f64(&g, x, gy, gw, gb);
}

int32_t dk_have_dnnl(void) {
#ifdef DK_HAVE_DNNL
  return 1;
#else
  return 0;
#endif
}
