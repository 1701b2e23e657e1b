/* 2-d pooling over NCHW planes, float32/float64, with PyTorch's window
 * rules, tie-breaking and NaN propagation (ATen's cpu_max_pool,
 * cpu_avg_pool, cpu_adaptive_*_pool kernels), so values and int64 indices
 * (flat h * W + w within a plane) match. Threads take whole planes.
 *
 * meta:
 *   max_pool2d  [N, C, H, W, kH, kW, sH, sW, padH, padW, dilH, dilW, ceil, OH, OW]
 *   avg_pool2d  [N, C, H, W, kH, kW, sH, sW, padH, padW, ceil, countIncludePad, divisor (0: none), OH, OW]
 *   adaptive and the max backward  [N, C, H, W, OH, OW] */
#include "../include/dendrite.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#ifdef _OPENMP
#include <omp.h>
#endif

typedef struct {
  int64_t N, C, H, W, kh, kw, sh, sw, ph, pw, dh, dw, ceil, incl, div, OH, OW;
} pgeom;

static int64_t floordiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

/* PyTorch's pooling_output_shape. */
static int64_t pool_out(int64_t in, int64_t k, int64_t pad, int64_t s, int64_t dil, int64_t ceil) {
  int64_t out = floordiv(in + 2 * pad - dil * (k - 1) - 1 + (ceil ? s - 1 : 0), s) + 1;
  if (ceil && (out - 1) * s >= in + pad) out--;
  return out;
}

static int planes_ok(const int64_t *m, const char *op) {
  if (m[0] < 0 || m[1] < 0 || m[2] < 1 || m[3] < 1) return dk_fail("%s: bad input shape", op);
  if (m[2] > (1 << 30) || m[3] > (1 << 30) || (double)m[0] * m[1] * m[2] * m[3] > 4e18)
    return dk_fail("%s: sizes overflow", op);
  return 0;
}

/* kind 0: max (with dilation), 1: avg */
static int pool_geom(const int64_t *m, int kind, pgeom *g, const char *op) {
  if (planes_ok(m, op) < 0) return -1;
  *g = (pgeom){m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9], 1, 1, 0, 0, 0, m[13], m[14]};
  if (kind == 0) g->dh = m[10], g->dw = m[11], g->ceil = m[12];
  else g->ceil = m[10], g->incl = m[11], g->div = m[12];
  if (g->kh < 1 || g->kw < 1 || g->sh < 1 || g->sw < 1 || g->dh < 1 || g->dw < 1 || g->div < 0 ||
      g->kh > (1 << 30) || g->kw > (1 << 30) || g->sh > (1 << 30) || g->sw > (1 << 30) || g->dh > (1 << 20) ||
      g->dw > (1 << 20))
    return dk_fail("%s: kernel, stride and dilation must be positive", op);
  if (g->ph < 0 || g->pw < 0 || g->ph > ((g->kh - 1) * g->dh + 1) / 2 || g->pw > ((g->kw - 1) * g->dw + 1) / 2)
    return dk_fail("%s: pad should be at most half of effective kernel size", op);
  int64_t oh = pool_out(g->H, g->kh, g->ph, g->sh, g->dh, g->ceil), ow = pool_out(g->W, g->kw, g->pw, g->sw, g->dw, g->ceil);
  if (oh < 1 || ow < 1) return dk_fail("%s: output size is too small", op);
  if (oh != g->OH || ow != g->OW) return dk_fail("%s: output size does not match the geometry", op);
  return 0;
}

static int adaptive_geom(const int64_t *m, const char *op) {
  if (planes_ok(m, op) < 0) return -1;
  if (m[4] < 0 || m[5] < 0 || m[4] > (1 << 30) || m[5] > (1 << 30)) return dk_fail("%s: bad output size", op);
  return 0;
}

/* ATen's adaptive window: [floor(a*c/b), ceil((a+1)*c/b)) */
static int64_t astart(int64_t a, int64_t b, int64_t c) { return (a / b) * c + ((a % b) * c) / b; }
static int64_t aend(int64_t a, int64_t b, int64_t c) { return 1 + ((a + 1) * c - 1) / b; }

/* One axis of the windows: output o reads inputs lo, lo + d, ... < hi;
 * span: the window's extent counting padding (avg_pool2d's
 * count_include_pad divisor). */
typedef struct {
  int64_t lo, hi, span;
  int full; /* max_pool2d: the window needs no clipping */
} win;

/* kind 0: max_pool2d (dilation d, start moved onto the first real input),
 * 1: avg_pool2d (extent capped at the padded input), 2: adaptive (k = the
 * input size). */
static win *axis(int kind, int64_t n, int64_t in, int64_t k, int64_t s, int64_t pad, int64_t d) {
  win *w = malloc((size_t)(n > 0 ? n : 1) * sizeof(win));
  if (!w) return NULL;
  for (int64_t o = 0; o < n; o++) {
    int64_t a, b, span = 0;
    int full = 0;
    if (kind == 0) {
      a = o * s - pad, b = a + (k - 1) * d + 1, full = a >= 0 && b <= in;
      if (a < 0) a += (-a + d - 1) / d * d;
    } else if (kind == 1) {
      a = o * s - pad, b = a + k < in + pad ? a + k : in + pad, span = b - a;
      if (a < 0) a = 0;
    } else {
      a = astart(o, n, in), b = aend(o, n, in);
    }
    w[o] = (win){a, b < in ? b : in, span, full};
  }
  return w;
}

/* Windows are short (2x2, 3x3): GCC's vector loops and libc calls for
 * them cost more than the windows (avg_pool2d of 64x32x28x28 ran 3x
 * slower vectorized). */
#pragma GCC optimize("no-tree-vectorize", "no-tree-loop-distribute-patterns")

typedef float vec_f32 __attribute__((vector_size(64)));
typedef int32_t ivec_f32 __attribute__((vector_size(64)));
typedef double vec_f64 __attribute__((vector_size(64)));
typedef int64_t ivec_f64 __attribute__((vector_size(64)));
typedef int32_t lane_f32; /* the lanes' input indices: int32 beside float32 */
typedef int64_t lane_f64;
enum { VL_f32 = 16, VL_f64 = 8 };

#define DEF_POOL(sfx, T)                                                                                         \
  /* PyTorch's scan per window: the first maximum in window order, or the                                        \
   * last NaN. Windows that need no clipping run VL at a time in vector                                          \
   * lanes: selects instead of branches (on random data those mispredict,                                        \
   * ~30 ns an output) and each lane's input gathered by index. offs: the                                        \
   * nq window offsets of an unclipped window (NULL: lanes off). */                                              \
  static void max_##sfx(int64_t planes, int64_t H, int64_t W, int64_t OH, int64_t OW, const win *wh,             \
                        const win *ww, int64_t dh, int64_t dw, const int64_t *offs, int64_t nq, const T *x, T *y, \
                        int64_t *idx) {                                                                          \
    int64_t HW = H * W, P = OH * OW, span = (wh[0].hi - wh[0].lo) * (ww[0].hi - ww[0].lo);                       \
    int nt = dk_threads(planes * (HW + P * span));                                                               \
    /* base[o]: output o's window start; run[o]: unclipped windows from o on */                                  \
    lane_##sfx *base = NULL;                                                                                     \
    int64_t *run = NULL;                                                                                         \
    if (offs && (sizeof(T) == 8 || HW < INT32_MAX)) {                                                            \
      base = malloc((size_t)P * sizeof *base), run = malloc((size_t)(P + 1) * sizeof *run);                      \
      if (base && run) {                                                                                         \
        run[P] = 0;                                                                                              \
        for (int64_t o = P - 1; o >= 0; o--) {                                                                   \
          const win a = wh[o / OW], b = ww[o % OW];                                                              \
          base[o] = (lane_##sfx)(a.lo * W + b.lo), run[o] = a.full && b.full ? run[o + 1] + 1 : 0;               \
        }                                                                                                        \
      }                                                                                                          \
    }                                                                                                            \
    int lanes = base && run;                                                                                     \
    DK_PARALLEL_FOR(nt > 1, "omp parallel for num_threads(nt) schedule(static)", (int64_t pl = 0; pl < planes;   \
                                                                                  pl++), {                       \
      const T *xp = x + pl * HW;                                                                                 \
      T *yp = y + pl * P;                                                                                        \
      int64_t *ip = idx + pl * P;                                                                                \
      for (int64_t o = 0; o < P;) {                                                                              \
        if (lanes && run[o] >= VL_##sfx) {                                                                       \
          ivec_##sfx b, best;                                                                                    \
          memcpy(&b, base + o, sizeof b);                                                                        \
          vec_##sfx m = (vec_##sfx){0} - INFINITY;                                                               \
          best = b;                                                                                              \
          for (int64_t q = 0; q < nq; q++) {                                                                     \
            ivec_##sfx at = b + (lane_##sfx)offs[q];                                                             \
            vec_##sfx v;                                                                                         \
            for (int l = 0; l < VL_##sfx; l++) v[l] = xp[at[l]];                                                 \
            ivec_##sfx take = (v > m) | (v != v);                                                                \
            m = (vec_##sfx)(((ivec_##sfx)v & take) | ((ivec_##sfx)m & ~take));                                   \
            best = (at & take) | (best & ~take);                                                                 \
          }                                                                                                      \
          memcpy(yp + o, &m, sizeof m);                                                                          \
          for (int l = 0; l < VL_##sfx; l++) ip[o + l] = best[l];                                                \
          o += VL_##sfx;                                                                                         \
          continue;                                                                                              \
        }                                                                                                        \
        const win a = wh[o / OW], b = ww[o % OW];                                                                \
        int64_t best = a.lo * W + b.lo;                                                                          \
        T m = -INFINITY;                                                                                         \
        for (int64_t ih = a.lo; ih < a.hi; ih += dh)                                                             \
          for (int64_t iw = b.lo; iw < b.hi; iw += dw) {                                                         \
            T v = xp[ih * W + iw];                                                                               \
            if (v > m || v != v) m = v, best = ih * W + iw;                                                      \
          }                                                                                                      \
        yp[o] = m;                                                                                               \
        ip[o] = best;                                                                                            \
        o++;                                                                                                     \
      }                                                                                                          \
    });                                                                                                          \
    free(base);                                                                                                  \
    free(run);                                                                                                   \
  }                                                                                                              \
                                                                                                                 \
  /* gx = 0, then gx[plane, idx] += gy; returns -1 on an index outside its plane. */                             \
  static int scatter_##sfx(const int64_t *m, const T *gy, const int64_t *idx, T *gx) {                           \
    int64_t planes = m[0] * m[1], HW = m[2] * m[3], P = m[4] * m[5];                                             \
    int nt = dk_threads(planes * (HW + P)), bad = 0;                                                             \
    DK_PARALLEL_FOR(nt > 1, "omp parallel for num_threads(nt) schedule(static) reduction(|:bad)", (              \
        int64_t pl = 0; pl < planes; pl++), {                                                                    \
      T *xp = gx + pl * HW;                                                                                      \
      memset(xp, 0, (size_t)HW * sizeof(T));                                                                     \
      for (int64_t o = 0; o < P; o++) {                                                                          \
        int64_t i = idx[pl * P + o];                                                                             \
        if (i < 0 || i >= HW)                                                                                    \
          bad = 1;                                                                                               \
        else                                                                                                     \
          xp[i] += gy[pl * P + o];                                                                               \
      }                                                                                                          \
    });                                                                                                          \
    return bad ? -1 : 0;                                                                                         \
  }                                                                                                              \
                                                                                                                 \
  /* mode 0: window averages of x into y; 1: gradient, gy spread back into                                       \
   * gx. div(oh, ow): the divisor, 0 for a window in the padding only. */                                        \
  static void avg_##sfx(int mode, int64_t planes, int64_t H, int64_t W, int64_t OH, int64_t OW, const win *wh,   \
                        const win *ww, int64_t divisor, int incl, const T *in, T *out) {                         \
    int64_t HW = H * W, P = OH * OW, span = (wh[0].hi - wh[0].lo) * (ww[0].hi - ww[0].lo);                       \
    int nt = dk_threads(planes * (HW + P * span));                                                               \
    DK_PARALLEL_FOR(nt > 1, "omp parallel for num_threads(nt) schedule(static)", (int64_t pl = 0; pl < planes;   \
                                                                                  pl++), {                       \
      if (mode == 1) memset(out + pl * HW, 0, (size_t)HW * sizeof(T));                                           \
      for (int64_t oh = 0; oh < OH; oh++)                                                                        \
        for (int64_t ow = 0; ow < OW; ow++) {                                                                    \
          const win a = wh[oh], b = ww[ow];                                                                      \
          int64_t n = (a.hi - a.lo) * (b.hi - b.lo), o = pl * P + oh * OW + ow;                                  \
          int64_t div = a.hi <= a.lo || b.hi <= b.lo ? 0 : divisor ? divisor : incl ? a.span * b.span : n;       \
          if (mode == 0) {                                                                                       \
            const T *xp = in + pl * HW;                                                                          \
            T s = 0;                                                                                             \
            for (int64_t ih = a.lo; ih < a.hi; ih++)                                                             \
              for (int64_t iw = b.lo; iw < b.hi; iw++) s += xp[ih * W + iw];                                     \
            out[o] = div ? s / (T)div : 0;                                                                       \
          } else if (div) {                                                                                      \
            T d = in[o] / (T)div, *xp = out + pl * HW;                                                           \
            for (int64_t ih = a.lo; ih < a.hi; ih++)                                                             \
              for (int64_t iw = b.lo; iw < b.hi; iw++) xp[ih * W + iw] += d;                                     \
          }                                                                                                      \
        }                                                                                                        \
    });                                                                                                          \
  }                                                                                                              \
                                                                                                                 \
  /* mode 0: average (sum / kh / kw, as ATen divides), 2: its gradient. */                                       \
  static void adaptive_avg_##sfx(int mode, int64_t planes, int64_t H, int64_t W, int64_t OH, int64_t OW,         \
                                 const win *wh, const win *ww, const T *in, T *out) {                            \
    int64_t HW = H * W, P = OH * OW;                                                                             \
    int nt = dk_threads(planes * (HW + P));                                                                      \
    DK_PARALLEL_FOR(nt > 1, "omp parallel for num_threads(nt) schedule(static)", (int64_t pl = 0; pl < planes;   \
                                                                                  pl++), {                       \
      if (mode == 2) memset(out + pl * HW, 0, (size_t)HW * sizeof(T));                                           \
      for (int64_t oh = 0; oh < OH; oh++)                                                                        \
        for (int64_t ow = 0; ow < OW; ow++) {                                                                    \
          const win a = wh[oh], b = ww[ow];                                                                      \
          int64_t o = pl * P + oh * OW + ow;                                                                     \
          if (mode == 0) {                                                                                       \
            const T *xp = in + pl * HW;                                                                          \
            T s = 0;                                                                                             \
            for (int64_t ih = a.lo; ih < a.hi; ih++)                                                             \
              for (int64_t iw = b.lo; iw < b.hi; iw++) s += xp[ih * W + iw];                                     \
            out[o] = s / (T)(a.hi - a.lo) / (T)(b.hi - b.lo);                                                    \
          } else {                                                                                               \
            T d = in[o] / (T)(a.hi - a.lo) / (T)(b.hi - b.lo), *xp = out + pl * HW;                              \
            for (int64_t ih = a.lo; ih < a.hi; ih++)                                                             \
              for (int64_t iw = b.lo; iw < b.hi; iw++) xp[ih * W + iw] += d;                                     \
          }                                                                                                      \
        }                                                                                                        \
    });                                                                                                          \
  }

DEF_POOL(f32, float)
DEF_POOL(f64, double)

static int float_dtype(int32_t dtype, const char *op) {
  return dtype == DK_FLOAT32 || dtype == DK_FLOAT64 ? 0 : dk_fail("%s: dtype must be float32 or float64", op);
}

/* Builds both axes' windows (wh, ww in body's scope) and runs body; ok:
 * whether the memory was there. */
#define WITH_AXES(ok, kind, g, body)                                                                     \
  do {                                                                                                   \
    win *wh = axis(kind, (g).OH, (g).H, (g).kh, (g).sh, (g).ph, (g).dh),                                 \
        *ww = axis(kind, (g).OW, (g).W, (g).kw, (g).sw, (g).pw, (g).dw);                                 \
    ok = wh && ww;                                                                                       \
    if (ok) body;                                                                                        \
    free(wh);                                                                                            \
    free(ww);                                                                                            \
  } while (0)

int32_t dk_max_pool2d(int32_t dtype, const void *x, void *y, int64_t *idx, const int64_t *meta) {
  pgeom g;
  if (float_dtype(dtype, "max_pool2d") < 0 || pool_geom(meta, 0, &g, "max_pool2d") < 0) return -1;
  int64_t planes = g.N * g.C;
  int64_t nq = g.kh * g.kw, *offs = malloc((size_t)nq * sizeof *offs);
  int ok = offs != NULL;
  for (int64_t q = 0; q < nq && ok; q++) offs[q] = q / g.kw * g.dh * g.W + q % g.kw * g.dw;
  if (ok) WITH_AXES(ok, 0, g, {
    if (dtype == DK_FLOAT32) max_f32(planes, g.H, g.W, g.OH, g.OW, wh, ww, g.dh, g.dw, offs, nq, x, y, idx);
    else max_f64(planes, g.H, g.W, g.OH, g.OW, wh, ww, g.dh, g.dw, offs, nq, x, y, idx);
  });
  free(offs);
  return ok ? 0 : dk_fail("max_pool2d: out of memory");
}

/* For max_pool2d and adaptive_max_pool2d: meta [N, C, H, W, OH, OW]. */
int32_t dk_max_pool2d_backward(int32_t dtype, const void *gy, const int64_t *idx, void *gx, const int64_t *meta) {
  if (float_dtype(dtype, "max_pool2d backward") < 0 || adaptive_geom(meta, "max_pool2d backward") < 0) return -1;
  int rc = dtype == DK_FLOAT32 ? scatter_f32(meta, gy, idx, gx) : scatter_f64(meta, gy, idx, gx);
  return rc < 0 ? dk_fail("max_pool2d backward: index out of range") : 0;
}

/* mode 0: forward (x -> y), 1: backward (gy -> gx). */
static int32_t avg_pool(int mode, int32_t dtype, const void *in, void *out, const int64_t *meta, const char *op) {
  pgeom g;
  if (float_dtype(dtype, op) < 0 || pool_geom(meta, 1, &g, op) < 0) return -1;
  int64_t planes = g.N * g.C;
  int ok;
  WITH_AXES(ok, 1, g, {
    if (dtype == DK_FLOAT32) avg_f32(mode, planes, g.H, g.W, g.OH, g.OW, wh, ww, g.div, (int)g.incl, in, out);
    else avg_f64(mode, planes, g.H, g.W, g.OH, g.OW, wh, ww, g.div, (int)g.incl, in, out);
  });
  return ok ? 0 : dk_fail("%s: out of memory", op);
}

int32_t dk_avg_pool2d(int32_t dtype, const void *x, void *y, const int64_t *meta) {
  return avg_pool(0, dtype, x, y, meta, "avg_pool2d");
}

int32_t dk_avg_pool2d_backward(int32_t dtype, const void *gy, void *gx, const int64_t *meta) {
  return avg_pool(1, dtype, gy, gx, meta, "avg_pool2d backward");
}

/* mode 0: adaptive_avg_pool2d (x -> y), 1: adaptive_max_pool2d (x -> y,
 * idx), 2: adaptive_avg_pool2d backward (gy -> gx). */
int32_t dk_adaptive_pool2d(int32_t mode, int32_t dtype, const void *in, void *out, int64_t *idx,
                           const int64_t *meta) {
  if (float_dtype(dtype, "adaptive pool") < 0 || adaptive_geom(meta, "adaptive pool") < 0) return -1;
  if (mode < 0 || mode > 2) return dk_fail("adaptive pool: bad mode %d", mode);
  pgeom g = {.N = meta[0], .C = meta[1], .H = meta[2], .W = meta[3], .OH = meta[4], .OW = meta[5], .dh = 1, .dw = 1};
  int64_t planes = g.N * g.C;
  if (g.OH == 0 || g.OW == 0) {
    if (mode == 2) memset(out, 0, (size_t)(planes * g.H * g.W) * (size_t)dk_itemsize(dtype));
    return 0;
  }
  int ok;
  WITH_AXES(ok, 2, g, {
    if (mode == 1 && dtype == DK_FLOAT32) max_f32(planes, g.H, g.W, g.OH, g.OW, wh, ww, 1, 1, NULL, 0, in, out, idx);
    else if (mode == 1) max_f64(planes, g.H, g.W, g.OH, g.OW, wh, ww, 1, 1, NULL, 0, in, out, idx);
    else if (dtype == DK_FLOAT32) adaptive_avg_f32(mode, planes, g.H, g.W, g.OH, g.OW, wh, ww, in, out);
    else adaptive_avg_f64(mode, planes, g.H, g.W, g.OH, g.OW, wh, ww, in, out);
  });
  return ok ? 0 : dk_fail("adaptive pool: out of memory");
}
