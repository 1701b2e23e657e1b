/* Resampling kernels: F.interpolate's nearest / nearest-exact / (bi,tri)linear
 * modes over 1-3 spatial dims, and F.grid_sample's 2-d and 3-d bilinear /
 * nearest modes (zeros, border, reflection padding), float32/float64, contiguous
 * NC... operands.
 *
 * interpolate: the host computes each dim's taps exactly as PyTorch's
 * kernels do (src/nn/interpolate.ts); here they are applied. A linear output
 * is PyTorch's nested sum, the last dim innermost:
 *   t0 * (h0 * (w0 * a + w1 * b) + h1 * (...)) + t1 * (...)
 * and its backward adds h0 * w0 * g (t0 * h0 * w0 * g in 3-d) to each
 * corner in ATen's order. Forward rows run in parallel; the backward's
 * scatter-add runs one thread per plane, each plane in output order, so its
 * sums never depend on the thread count.
 *
 * grid_sample: in 2-d ATen's vectorised kernel (GridSamplerKernel.cpp) point
 * by point: the same coordinate arithmetic, corner masks, products and sum
 * order; in 3-d (trilinear, nearest) its scalar loop's rules (GridSampler.cpp). The grid's gradient sums over channels in order per point; the
 * input's gradient is scattered one thread per plane, in point order.
 * Coordinates that are NaN after border / reflection padding are the clipped
 * coordinate the forward read, in the backward too (ATen's backward reads
 * outside the image there; the composite path this replaces does the same).
 *
 * meta:
 *   dk_upsample          [planes, k, taps, in_0..in_{k-1}, out_0..out_{k-1}]
 *                        idx: per dim, `taps` blocks of out_d int64 indices;
 *                        w: the same layout in the dtype (NULL: nearest)
 *   dk_grid_sample       [N, C, D, H, W, P, mode (0 bilinear, 1 nearest), padding (0 zeros, 1 border,
 *                        2 reflection), align_corners, dims (2: D = 1, 3)]; grid N x P x dims (x, y[, z]),
 *                        x N x C x (D H W), y and gy N x C x P */
#include "../include/dendrite.h"
#include <math.h>
#include <stdint.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

static const int64_t ZERO_IDX[1] = {0};

/* ---------- interpolate ---------- */

#define DEF_UPSAMPLE(sfx, T)                                                                                      \
  static void up_fwd_##sfx(int k, int taps, int64_t planes, const int64_t *in, const int64_t *out,              \
                           const int64_t *const *ix, const T *const *wt, const T *x, T *y) {                      \
    const int64_t ID = in[0], IH = in[1], IW = in[2], OD = out[0], OH = out[1], OW = out[2];                      \
    const int64_t rows = planes * OD * OH, IP = ID * IH * IW;                                                     \
    int nt = dk_threads((double)rows * OW * taps * k);                                                            \
    DK_PARALLEL_FOR(nt > 1, "omp parallel for num_threads(nt) schedule(static)", (int64_t r = 0; r < rows; r++), { \
      const int64_t pl = r / (OD * OH), od = (r / OH) % OD, oh = r % OH;                                          \
      const T *xp = x + pl * IP;                                                                                  \
      T *yp = y + r * OW;                                                                                         \
      if (taps == 1) {                                                                                            \
        const T *row = xp + (ix[0][od] * IH + ix[1][oh]) * IW;                                                    \
        const int64_t *iw = ix[2];                                                                                \
        for (int64_t ow = 0; ow < OW; ow++) yp[ow] = row[iw[ow]];                                                 \
      } else {                                                                                                    \
        const int64_t *i0 = ix[2], *i1 = ix[2] + OW;                                                              \
        const T *w0 = wt[2], *w1 = wt[2] + OW;                                                                    \
        if (k == 1) {                                                                                             \
          for (int64_t ow = 0; ow < OW; ow++) yp[ow] = w0[ow] * xp[i0[ow]] + w1[ow] * xp[i1[ow]];                 \
        } else {                                                                                                  \
          const T h0 = wt[1][oh], h1 = wt[1][OH + oh];                                                            \
          const int64_t ih0 = ix[1][oh], ih1 = ix[1][OH + oh];                                                    \
          if (k == 2) {                                                                                           \
            const T *r0 = xp + ih0 * IW, *r1 = xp + ih1 * IW;                                                     \
            for (int64_t ow = 0; ow < OW; ow++)                                                                   \
              yp[ow] = h0 * (w0[ow] * r0[i0[ow]] + w1[ow] * r0[i1[ow]]) +                                         \
                       h1 * (w0[ow] * r1[i0[ow]] + w1[ow] * r1[i1[ow]]);                                          \
          } else {                                                                                                \
            const T t0 = wt[0][od], t1 = wt[0][OD + od];                                                          \
            const int64_t id0 = ix[0][od], id1 = ix[0][OD + od];                                                  \
            const T *r00 = xp + (id0 * IH + ih0) * IW, *r01 = xp + (id0 * IH + ih1) * IW;                         \
            const T *r10 = xp + (id1 * IH + ih0) * IW, *r11 = xp + (id1 * IH + ih1) * IW;                         \
            for (int64_t ow = 0; ow < OW; ow++) {                                                                 \
              const int64_t a = i0[ow], b = i1[ow];                                                               \
              const T u = w0[ow], v = w1[ow];                                                                     \
              yp[ow] = t0 * (h0 * (u * r00[a] + v * r00[b]) + h1 * (u * r01[a] + v * r01[b])) +                   \
                       t1 * (h0 * (u * r10[a] + v * r10[b]) + h1 * (u * r11[a] + v * r11[b]));                    \
            }                                                                                                     \
          }                                                                                                       \
        }                                                                                                         \
      }                                                                                                           \
    });                                                                                                           \
  }                                                                                                               \
                                                                                                                  \
  static void up_bwd_##sfx(int k, int taps, int64_t planes, const int64_t *in, const int64_t *out,              \
                           const int64_t *const *ix, const T *const *wt, const T *gy, T *gx) {                    \
    const int64_t ID = in[0], IH = in[1], IW = in[2], OD = out[0], OH = out[1], OW = out[2];                      \
    const int64_t IP = ID * IH * IW, OP = OD * OH * OW;                                                           \
    int nt = dk_threads((double)planes * (IP + OP * taps * k));                                                   \
    DK_PARALLEL_FOR(nt > 1, "omp parallel for num_threads(nt) schedule(static)", (int64_t pl = 0; pl < planes;    \
                                                                                  pl++), {                        \
      T *g = gx + pl * IP;                                                                                        \
      const T *go = gy + pl * OP;                                                                                 \
      memset(g, 0, (size_t)IP * sizeof(T));                                                                       \
      for (int64_t od = 0; od < OD; od++)                                                                         \
        for (int64_t oh = 0; oh < OH; oh++, go += OW) {                                                           \
          if (taps == 1) {                                                                                        \
            T *row = g + (ix[0][od] * IH + ix[1][oh]) * IW;                                                       \
            for (int64_t ow = 0; ow < OW; ow++) row[ix[2][ow]] += go[ow];                                         \
            continue;                                                                                             \
          }                                                                                                       \
          const int64_t *i0 = ix[2], *i1 = ix[2] + OW;                                                            \
          const T *w0 = wt[2], *w1 = wt[2] + OW;                                                                  \
          if (k == 1) {                                                                                           \
            for (int64_t ow = 0; ow < OW; ow++) {                                                                 \
              g[i0[ow]] += w0[ow] * go[ow];                                                                       \
              g[i1[ow]] += w1[ow] * go[ow];                                                                       \
            }                                                                                                     \
            continue;                                                                                             \
          }                                                                                                       \
          const T h0 = wt[1][oh], h1 = wt[1][OH + oh];                                                            \
          const int64_t ih0 = ix[1][oh], ih1 = ix[1][OH + oh];                                                    \
          if (k == 2) {                                                                                           \
            T *r0 = g + ih0 * IW, *r1 = g + ih1 * IW;                                                             \
            for (int64_t ow = 0; ow < OW; ow++) {                                                                 \
              const T v = go[ow];                                                                                 \
              r0[i0[ow]] += h0 * w0[ow] * v;                                                                      \
              r0[i1[ow]] += h0 * w1[ow] * v;                                                                      \
              r1[i0[ow]] += h1 * w0[ow] * v;                                                                      \
              r1[i1[ow]] += h1 * w1[ow] * v;                                                                      \
            }                                                                                                     \
            continue;                                                                                             \
          }                                                                                                       \
          const T t0 = wt[0][od], t1 = wt[0][OD + od];                                                            \
          const int64_t id0 = ix[0][od], id1 = ix[0][OD + od];                                                    \
          T *r00 = g + (id0 * IH + ih0) * IW, *r01 = g + (id0 * IH + ih1) * IW;                                   \
          T *r10 = g + (id1 * IH + ih0) * IW, *r11 = g + (id1 * IH + ih1) * IW;                                   \
          for (int64_t ow = 0; ow < OW; ow++) {                                                                   \
            const int64_t a = i0[ow], b = i1[ow];                                                                 \
            const T v = go[ow];                                                                                   \
            r00[a] += t0 * h0 * w0[ow] * v;                                                                       \
            r00[b] += t0 * h0 * w1[ow] * v;                                                                       \
            r01[a] += t0 * h1 * w0[ow] * v;                                                                       \
            r01[b] += t0 * h1 * w1[ow] * v;                                                                       \
            r10[a] += t1 * h0 * w0[ow] * v;                                                                       \
            r10[b] += t1 * h0 * w1[ow] * v;                                                                       \
            r11[a] += t1 * h1 * w0[ow] * v;                                                                       \
            r11[b] += t1 * h1 * w1[ow] * v;                                                                       \
          }                                                                                                       \
        }                                                                                                         \
    });                                                                                                           \
  }

DEF_UPSAMPLE(f32, float)
DEF_UPSAMPLE(f64, double)

/* backward 0: y = resample(x); 1: x = gy, y = gx (the input gradient). */
int dk_upsample(int32_t dtype, int32_t backward, const void *x, void *y, const int64_t *idx, const void *w,
                const int64_t *meta) {
  const char *op = backward ? "upsample backward" : "upsample";
  if (dtype != DK_FLOAT32 && dtype != DK_FLOAT64) return dk_fail("%s: dtype must be float32 or float64", op);
  const int64_t planes = meta[0], k = meta[1], taps = meta[2];
  if (planes < 0 || k < 1 || k > 3 || (taps != 1 && taps != 2) || (taps == 2) != (w != NULL))
    return dk_fail("%s: bad geometry", op);
  /* dims padded in front to three: a missing dim has one element, read at index 0 */
  int64_t in[3] = {1, 1, 1}, out[3] = {1, 1, 1};
  const int64_t *ix[3] = {ZERO_IDX, ZERO_IDX, ZERO_IDX};
  const void *wt[3] = {NULL, NULL, NULL};
  size_t isz = dtype == DK_FLOAT32 ? 4 : 8, at = 0;
  for (int64_t d = 0; d < k; d++) {
    int64_t n = meta[3 + d], o = meta[3 + k + d], s = 3 - k + d;
    if (n < 1 || o < 1 || n > (1LL << 40) || o > (1LL << 40)) return dk_fail("%s: bad sizes", op);
    for (int64_t i = 0; i < taps * o; i++)
      if (idx[at + i] < 0 || idx[at + i] >= n) return dk_fail("%s: index %lld out of range", op, (long long)idx[at + i]);
    in[s] = n, out[s] = o, ix[s] = idx + at;
    if (w) wt[s] = (const char *)w + at * isz;
    at += (size_t)(taps * o);
  }
  if (dtype == DK_FLOAT32) {
    const float *const *W = (const float *const *)wt;
    if (backward) up_bwd_f32((int)k, (int)taps, planes, in, out, ix, W, x, y);
    else up_fwd_f32((int)k, (int)taps, planes, in, out, ix, W, x, y);
  } else {
    const double *const *W = (const double *const *)wt;
    if (backward) up_bwd_f64((int)k, (int)taps, planes, in, out, ix, W, x, y);
    else up_fwd_f64((int)k, (int)taps, planes, in, out, ix, W, x, y);
  }
  return 0;
}

/* ---------- grid_sample 2-d ---------- */

/* floor and compares without trapping-math assumptions vectorise (the values are the same; only FP exception flags,
 * which nothing here reads, may differ) */
#pragma GCC optimize("no-trapping-math")

#define GS_BLOCK 64
/* plane[o], or 0 where o is -1 (masked): the load always reads a valid address so the block loop vectorises */
#define GS_TAP(plane, o) ((o) >= 0 ? (plane)[(o) < 0 ? 0 : (o)] : 0)

/* One axis's coordinate rule (ComputeLocation): size, padding, align_corners. */
typedef struct {
  int64_t size;
  int padding, align;
} axis;

#define DEF_GRID(sfx, T, FLOOR, RINT, TRUNC, FABS)                                                                \
  /* grid value to pixel coordinate (apply); *mult: d coordinate / d grid (apply_get_grad) */                    \
  static inline T locate_##sfx(axis a, T g, T *mult) {                                                            \
    const T max = (T)(a.size - 1);                                                                                \
    const T scale = a.align ? (T)(a.size - 1) / 2 : (T)a.size / 2;                                                \
    T x = a.align ? (g + 1) * scale : (g + 1) * scale - (T)0.5, m = scale;                                        \
    if (a.padding == 0) {                                                                                         \
      if (mult) *mult = m;                                                                                        \
      return x;                                                                                                   \
    }                                                                                                             \
    if (a.padding == 2) {                                                                                         \
      const T low = a.align ? 0 : (T)-0.5, span2 = a.align ? (T)(a.size - 1) * 2 : (T)a.size * 2;                 \
      if (a.align && a.size <= 1) {                                                                               \
        x = 0, m = 0;                                                                                             \
      } else {                                                                                                    \
        const T in = x - low, ab = FABS(in);                                                                      \
        const T extra = ab - TRUNC(ab / span2) * span2, refl = span2 - extra;                                     \
        const int flip = extra > refl;                                                                            \
        /* minimum(): NaN propagates (the clip below turns it into 0) */                                          \
        x = (isnan(extra) || isnan(refl) ? extra + refl : flip ? refl : extra) + low;                             \
        m = (flip != (in < 0)) ? -m : m;                                                                          \
      }                                                                                                           \
    }                                                                                                             \
    /* clip: NaN to 0; the borders themselves pass no gradient */                                                 \
    if (!(x > 0 && x < max)) m = 0;                                                                               \
    x = x > 0 ? (x < max ? x : max) : 0;                                                                          \
    if (mult) *mult = m;                                                                                          \
    return x;                                                                                                     \
  }                                                                                                               \
                                                                                                                  \
  /* bilinear corners: offsets (nw, ne, sw, se) within a plane, -1 where masked; weights; distances n s w e */     \
  typedef struct {                                                                                                \
    int64_t o[4];                                                                                                 \
    T wt[4], n, s, w, e;                                                                                          \
  } corners_##sfx;                                                                                                \
                                                                                                                  \
  static inline void corners_of_##sfx(T x, T y, int64_t H, int64_t W, int bounded, corners_##sfx *c) {           \
    const T xw = FLOOR(x), yn = FLOOR(y);                                                                         \
    c->w = x - xw, c->e = 1 - c->w, c->n = y - yn, c->s = 1 - c->n;                                               \
    c->wt[0] = c->s * c->e, c->wt[1] = c->s * c->w, c->wt[2] = c->n * c->e, c->wt[3] = c->n * c->w;               \
    /* float comparisons: NaN and coordinates beyond the int range are outside, as ATen's int casts make them */ \
    /* bitwise and selects rather than branches: a block of points vectorises (gs_fwd) */                        \
    const int okw = bounded | ((xw > -1) & (xw < (T)W)), okn = bounded | ((yn > -1) & (yn < (T)H));               \
    const int oke = (xw >= -1) & (xw < (T)(W - 1)), oks = (yn >= -1) & (yn < (T)(H - 1));                         \
    const int64_t iw = (int64_t)((okw | oke) ? xw : 0), in = (int64_t)((okn | oks) ? yn : 0);                     \
    c->o[0] = (okw & okn) ? in * W + iw : -1;                                                                     \
    c->o[1] = (oke & okn) ? in * W + iw + 1 : -1;                                                                 \
    c->o[2] = (okw & oks) ? (in + 1) * W + iw : -1;                                                               \
    c->o[3] = (oke & oks) ? (in + 1) * W + iw + 1 : -1;                                                           \
  }                                                                                                               \
                                                                                                                  \
  /* nearest: the offset within a plane, -1 outside (round half to even) */                                       \
  static inline int64_t nearest_of_##sfx(T x, T y, int64_t H, int64_t W) {                                        \
    const T xr = RINT(x), yr = RINT(y);                                                                           \
    return xr > -1 && xr < (T)W && yr > -1 && yr < (T)H ? (int64_t)yr * W + (int64_t)xr : -1;                     \
  }                                                                                                               \
                                                                                                                  \
  /* a block of points' bilinear corners: offsets, weights, distances (n s w e) and d coordinate / d grid (x, y) */ \
  typedef struct {                                                                                                \
    int64_t o[4][GS_BLOCK];                                                                                       \
    T wt[4][GS_BLOCK], d[4][GS_BLOCK], mult[2][GS_BLOCK];                                                         \
  } block_##sfx;                                                                                                  \
                                                                                                                  \
  /* with zeros padding a straight-line loop that vectorises */                                                   \
  static __attribute__((noinline)) void gs_corners_##sfx(axis ax, axis ay, const T *restrict g, int64_t len,     \
                                                         block_##sfx *restrict b) {                               \
    const int64_t H = ay.size, W = ax.size;                                                                       \
    if (ax.padding == 0) {                                                                                        \
      const T sx = ax.align ? (T)(W - 1) / 2 : (T)W / 2, sy = ax.align ? (T)(H - 1) / 2 : (T)H / 2;               \
      const T off = ax.align ? 0 : (T)0.5;                                                                        \
      for (int64_t i = 0; i < len; i++) {                                                                         \
        corners_##sfx k;                                                                                          \
        corners_of_##sfx((g[2 * i] + 1) * sx - off, (g[2 * i + 1] + 1) * sy - off, H, W, 0, &k);                  \
        for (int j = 0; j < 4; j++) b->o[j][i] = k.o[j], b->wt[j][i] = k.wt[j];                                   \
        b->d[0][i] = k.n, b->d[1][i] = k.s, b->d[2][i] = k.w, b->d[3][i] = k.e;                                   \
        b->mult[0][i] = sx, b->mult[1][i] = sy;                                                                   \
      }                                                                                                           \
    } else {                                                                                                      \
      for (int64_t i = 0; i < len; i++) {                                                                         \
        corners_##sfx k;                                                                                          \
        const T x = locate_##sfx(ax, g[2 * i], &b->mult[0][i]), y = locate_##sfx(ay, g[2 * i + 1], &b->mult[1][i]); \
        corners_of_##sfx(x, y, H, W, 1, &k);                                                                      \
        for (int j = 0; j < 4; j++) b->o[j][i] = k.o[j], b->wt[j][i] = k.wt[j];                                   \
        b->d[0][i] = k.n, b->d[1][i] = k.s, b->d[2][i] = k.w, b->d[3][i] = k.e;                                   \
      }                                                                                                           \
    }                                                                                                             \
  }                                                                                                               \
                                                                                                                  \
  /* one channel of a block: the weighted sum of its four taps (masked taps read 0) */                             \
  static __attribute__((noinline)) void gs_taps_##sfx(const T *restrict pc, int64_t len,                         \
                                                      const block_##sfx *restrict b, T *restrict yc) {            \
    for (int64_t i = 0; i < len; i++) {                                                                           \
      const T v0 = GS_TAP(pc, b->o[0][i]), v1 = GS_TAP(pc, b->o[1][i]);                                           \
      const T v2 = GS_TAP(pc, b->o[2][i]), v3 = GS_TAP(pc, b->o[3][i]);                                           \
      yc[i] = v0 * b->wt[0][i] + v1 * b->wt[1][i] + v2 * b->wt[2][i] + v3 * b->wt[3][i];                          \
    }                                                                                                             \
  }                                                                                                               \
                                                                                                                  \
  /* one channel's share of a block's grid gradient, summed over channels in order: sx += dv/dx * g, sy likewise */ \
  static __attribute__((noinline)) void gs_grid_taps_##sfx(const T *restrict pc, const T *restrict g,            \
                                                           int64_t len, const block_##sfx *restrict b,            \
                                                           T *restrict sx, T *restrict sy) {                      \
    for (int64_t i = 0; i < len; i++) {                                                                           \
      const T v0 = GS_TAP(pc, b->o[0][i]), v1 = GS_TAP(pc, b->o[1][i]);                                           \
      const T v2 = GS_TAP(pc, b->o[2][i]), v3 = GS_TAP(pc, b->o[3][i]);                                           \
      sx[i] = sx[i] + ((v1 - v0) * b->d[1][i] + (v3 - v2) * b->d[0][i]) * g[i];                                   \
      sy[i] = sy[i] + ((v2 - v0) * b->d[3][i] + (v3 - v1) * b->d[2][i]) * g[i];                                   \
    }                                                                                                             \
  }                                                                                                               \
                                                                                                                  \
  /* the nearest offsets of a block of points */                                                                  \
  static inline void gs_nearest_##sfx(axis ax, axis ay, const T *g, int64_t len, int64_t *o) {                    \
    for (int64_t i = 0; i < len; i++)                                                                             \
      o[i] = nearest_of_##sfx(locate_##sfx(ax, g[2 * i], NULL), locate_##sfx(ay, g[2 * i + 1], NULL), ay.size,    \
                              ax.size);                                                                           \
  }                                                                                                               \
                                                                                                                  \
  /* Points go in blocks: their corners first, then each channel's taps. */                                       \
  static void gs_fwd_##sfx(const int64_t *m, const T *x, const T *grid, T *y) {                                   \
    const int64_t N = m[0], C = m[1], H = m[2], W = m[3], P = m[4], HW = H * W, NB = (P + GS_BLOCK - 1) / GS_BLOCK; \
    const int mode = (int)m[5];                                                                                   \
    const axis ax = {W, (int)m[6], (int)m[7]}, ay = {H, (int)m[6], (int)m[7]};                                   \
    int nt = dk_threads((double)N * P * (C + 8));                                                                 \
    DK_PARALLEL_FOR(nt > 1, "omp parallel for collapse(2) num_threads(nt) schedule(static)",                       \
                    (int64_t n = 0; n < N; n++) for (int64_t bi = 0; bi < NB; bi++), {                             \
      const int64_t p0 = bi * GS_BLOCK, len = P - p0 < GS_BLOCK ? P - p0 : GS_BLOCK;                              \
      const T *xp = x + n * C * HW, *gq = grid + 2 * (n * P + p0);                                                \
      T *yp = y + n * C * P + p0;                                                                                 \
      block_##sfx b;                                                                                              \
      if (mode == 1) {                                                                                            \
        gs_nearest_##sfx(ax, ay, gq, len, b.o[0]);                                                                \
        for (int64_t c = 0; c < C; c++)                                                                           \
          for (int64_t i = 0; i < len; i++) yp[c * P + i] = GS_TAP(xp + c * HW, b.o[0][i]);                       \
      } else {                                                                                                    \
        gs_corners_##sfx(ax, ay, gq, len, &b);                                                                    \
        for (int64_t c = 0; c < C; c++) gs_taps_##sfx(xp + c * HW, len, &b, yp + c * P);                          \
      }                                                                                                           \
    });                                                                                                           \
  }                                                                                                               \
                                                                                                                  \
  static void gs_bwd_##sfx(const int64_t *m, const T *go, const T *x, const T *grid, T *gin, T *ggrid) {          \
    const int64_t N = m[0], C = m[1], H = m[2], W = m[3], P = m[4], HW = H * W, NB = (P + GS_BLOCK - 1) / GS_BLOCK; \
    const int mode = (int)m[5];                                                                                   \
    const axis ax = {W, (int)m[6], (int)m[7]}, ay = {H, (int)m[6], (int)m[7]};                                   \
    if (gin) {                                                                                                    \
      /* one plane per thread, points in order: sums independent of the thread count */                          \
      int nt = dk_threads((double)N * C * (P * 4 + HW));                                                          \
      DK_PARALLEL_FOR(nt > 1, "omp parallel for num_threads(nt) schedule(static)", (int64_t pl = 0; pl < N * C;   \
                                                                                    pl++), {                      \
        const int64_t n = pl / C;                                                                                 \
        T *gi = gin + pl * HW;                                                                                    \
        memset(gi, 0, (size_t)HW * sizeof(T));                                                                    \
        block_##sfx b;                                                                                            \
        for (int64_t p0 = 0; p0 < P; p0 += GS_BLOCK) {                                                            \
          const int64_t len = P - p0 < GS_BLOCK ? P - p0 : GS_BLOCK;                                              \
          const T *g = go + pl * P + p0, *gq = grid + 2 * (n * P + p0);                                           \
          if (mode == 1) {                                                                                        \
            gs_nearest_##sfx(ax, ay, gq, len, b.o[0]);                                                            \
            for (int64_t i = 0; i < len; i++)                                                                     \
              if (b.o[0][i] >= 0) gi[b.o[0][i]] += g[i];                                                          \
          } else {                                                                                                \
            gs_corners_##sfx(ax, ay, gq, len, &b);                                                                \
            for (int64_t i = 0; i < len; i++)                                                                     \
              for (int j = 0; j < 4; j++)                                                                         \
                if (b.o[j][i] >= 0) gi[b.o[j][i]] += b.wt[j][i] * g[i];                                           \
          }                                                                                                       \
        }                                                                                                         \
      });                                                                                                         \
    }                                                                                                             \
    if (!ggrid) return;                                                                                           \
    if (mode == 1) {                                                                                              \
      memset(ggrid, 0, (size_t)(N * P * 2) * sizeof(T));                                                          \
      return;                                                                                                     \
    }                                                                                                             \
    int nt = dk_threads((double)N * P * (C * 8 + 16));                                                            \
    DK_PARALLEL_FOR(nt > 1, "omp parallel for collapse(2) num_threads(nt) schedule(static)",                       \
                    (int64_t n = 0; n < N; n++) for (int64_t bi = 0; bi < NB; bi++), {                             \
      const int64_t p0 = bi * GS_BLOCK, len = P - p0 < GS_BLOCK ? P - p0 : GS_BLOCK;                              \
      block_##sfx b;                                                                                              \
      gs_corners_##sfx(ax, ay, grid + 2 * (n * P + p0), len, &b);                                                 \
      T sx[GS_BLOCK] = {0}, sy[GS_BLOCK] = {0};                                                                   \
      for (int64_t c = 0; c < C; c++)                                                                             \
        gs_grid_taps_##sfx(x + (n * C + c) * HW, go + (n * C + c) * P + p0, len, &b, sx, sy);                     \
      T *gg = ggrid + 2 * (n * P + p0);                                                                           \
      for (int64_t i = 0; i < len; i++) gg[2 * i] = sx[i] * b.mult[0][i], gg[2 * i + 1] = sy[i] * b.mult[1][i];   \
    });                                                                                                           \
  }

DEF_GRID(f32, float, floorf, nearbyintf, truncf, fabsf)
DEF_GRID(f64, double, floor, nearbyint, trunc, fabs)

/* 3-d: the arithmetic of the composite path this replaces (ATen's scalar 3-d loop up to rounding, with its NaN
 * rules: a NaN clipped to size - 1, a non-finite coordinate with zeros padding moved to -100, corners outside the
 * image skipped). */
#define DEF_GRID3(sfx, T, FLOOR, RINT, TRUNC, FABS)                                                               \
  static inline T locate3_##sfx(axis a, T g, T *mult) {                                                           \
    const T max = (T)(a.size - 1);                                                                                \
    T x = a.align ? (g + 1) / 2 * max : ((g + 1) * (T)a.size - 1) / 2, m = a.align ? max / 2 : (T)a.size / 2;      \
    if (a.padding == 0) {                                                                                         \
      if (!isfinite(x)) x = -100, m = 0;                                                                          \
      if (mult) *mult = m;                                                                                        \
      return x;                                                                                                   \
    }                                                                                                             \
    if (a.padding == 2) {                                                                                         \
      const T low = a.align ? 0 : (T)-0.5, span2 = a.align ? max * 2 : (T)a.size * 2;                             \
      if (span2 > 0) {                                                                                            \
        const T in = x - low, ab = FABS(in);                                                                      \
        const T extra = ab - TRUNC(ab / span2) * span2, refl = span2 - extra;                                     \
        const int flip = extra > refl;                                                                            \
        x = (isnan(extra) || isnan(refl) ? extra + refl : flip ? refl : extra) + low;                             \
        m = (flip != (in < 0)) ? -m : m;                                                                          \
      }                                                                                                           \
    }                                                                                                             \
    /* clip: NaN to size - 1 */                                                                                   \
    if (!(x > 0 && x < max)) m = 0;                                                                               \
    x = x < max ? (x > 0 ? x : 0) : max;                                                                          \
    if (mult) *mult = m;                                                                                          \
    return x;                                                                                                     \
  }                                                                                                               \
                                                                                                                  \
  /* the 8 corners (z, y, x; x fastest): offsets (-1 outside), weights (wx * wy) * wz, and per axis the           \
   * derivative of each corner's weight along that axis */                                                       \
  typedef struct {                                                                                                \
    int64_t o[8];                                                                                                 \
    T wt[8], dx[8], dy[8], dz[8];                                                                                 \
  } corners3_##sfx;                                                                                               \
                                                                                                                  \
  static inline void corners3_of_##sfx(const T p[3], const int64_t size[3], corners3_##sfx *c) {                 \
    T lo[3], w[3][2];                                                                                             \
    int ok[3][2];                                                                                                 \
    for (int a = 0; a < 3; a++) {                                                                                 \
      lo[a] = FLOOR(p[a]);                                                                                        \
      const T t = p[a] - lo[a];                                                                                   \
      w[a][0] = 1 - t, w[a][1] = t;                                                                               \
      for (int j = 0; j < 2; j++) ok[a][j] = lo[a] + j >= 0 && lo[a] + j < (T)size[a];                            \
    }                                                                                                             \
    /* p: (x, y, z); size: (W, H, D) */                                                                           \
    for (int k = 0; k < 8; k++) {                                                                                 \
      const int jx = k & 1, jy = (k >> 1) & 1, jz = k >> 2;                                                       \
      const T sx = jx ? 1 : -1, sy = jy ? 1 : -1, sz = jz ? 1 : -1;                                               \
      c->wt[k] = w[0][jx] * w[1][jy] * w[2][jz];                                                                  \
      c->dx[k] = sx * w[1][jy] * w[2][jz], c->dy[k] = sy * w[0][jx] * w[2][jz], c->dz[k] = sz * w[0][jx] * w[1][jy]; \
      c->o[k] = ok[0][jx] && ok[1][jy] && ok[2][jz]                                                               \
                    ? (((int64_t)lo[2] + jz) * size[1] + (int64_t)lo[1] + jy) * size[0] + (int64_t)lo[0] + jx     \
                    : -1;                                                                                         \
    }                                                                                                             \
  }                                                                                                               \
                                                                                                                  \
  static inline int64_t nearest3_of_##sfx(const T p[3], const int64_t size[3]) {                                  \
    T r[3];                                                                                                       \
    for (int a = 0; a < 3; a++) {                                                                                 \
      r[a] = RINT(p[a]);                                                                                          \
      if (!(r[a] > -1 && r[a] < (T)size[a])) return -1;                                                           \
    }                                                                                                             \
    return ((int64_t)r[2] * size[1] + (int64_t)r[1]) * size[0] + (int64_t)r[0];                                   \
  }                                                                                                               \
                                                                                                                  \
  static inline void locate_all3_##sfx(const int64_t *m, const T *gr, T p[3], T mult[3]) {                       \
    for (int a = 0; a < 3; a++) {                                                                                 \
      const axis ax = {m[4 - a], (int)m[7], (int)m[8]};                                                           \
      p[a] = locate3_##sfx(ax, gr[a], mult ? &mult[a] : NULL);                                                    \
    }                                                                                                             \
  }                                                                                                               \
                                                                                                                  \
  static void gs3_fwd_##sfx(const int64_t *m, const T *x, const T *grid, T *y) {                                  \
    const int64_t N = m[0], C = m[1], S = m[2] * m[3] * m[4], P = m[5], size[3] = {m[4], m[3], m[2]};             \
    const int mode = (int)m[6];                                                                                   \
    int nt = dk_threads((double)N * P * (C * 8 + 16));                                                            \
    DK_PARALLEL_FOR(nt > 1, "omp parallel for collapse(2) num_threads(nt) schedule(static)",                       \
                    (int64_t n = 0; n < N; n++) for (int64_t pt = 0; pt < P; pt++), {                              \
      const int64_t q = n * P + pt;                                                                                \
      T p[3];                                                                                                     \
      locate_all3_##sfx(m, grid + 3 * q, p, NULL);                                                                \
      const T *xp = x + n * C * S;                                                                                \
      T *yp = y + n * C * P + pt;                                                                                 \
      if (mode == 1) {                                                                                            \
        const int64_t o = nearest3_of_##sfx(p, size);                                                             \
        for (int64_t c = 0; c < C; c++) yp[c * P] = o >= 0 ? xp[c * S + o] : 0;                                   \
      } else {                                                                                                    \
        corners3_##sfx k;                                                                                         \
        corners3_of_##sfx(p, size, &k);                                                                           \
        for (int64_t c = 0; c < C; c++) {                                                                         \
          T v = 0;                                                                                                \
          for (int j = 0; j < 8; j++)                                                                             \
            if (k.o[j] >= 0) v = v + xp[c * S + k.o[j]] * k.wt[j];                                                \
          yp[c * P] = v;                                                                                          \
        }                                                                                                         \
      }                                                                                                           \
    });                                                                                                           \
  }                                                                                                               \
                                                                                                                  \
  static void gs3_bwd_##sfx(const int64_t *m, const T *go, const T *x, const T *grid, T *gin, T *ggrid) {         \
    const int64_t N = m[0], C = m[1], S = m[2] * m[3] * m[4], P = m[5], size[3] = {m[4], m[3], m[2]};             \
    const int mode = (int)m[6];                                                                                   \
    if (gin) {                                                                                                    \
      int nt = dk_threads((double)N * C * (P * 8 + S));                                                           \
      DK_PARALLEL_FOR(nt > 1, "omp parallel for num_threads(nt) schedule(static)", (int64_t pl = 0; pl < N * C;   \
                                                                                    pl++), {                      \
        const int64_t n = pl / C;                                                                                 \
        const T *g = go + pl * P, *gr = grid + n * P * 3;                                                         \
        T *gi = gin + pl * S;                                                                                     \
        memset(gi, 0, (size_t)S * sizeof(T));                                                                     \
        for (int64_t pt = 0; pt < P; pt++) {                                                                      \
          T p[3];                                                                                                 \
          locate_all3_##sfx(m, gr + 3 * pt, p, NULL);                                                             \
          if (mode == 1) {                                                                                        \
            const int64_t o = nearest3_of_##sfx(p, size);                                                         \
            if (o >= 0) gi[o] += g[pt];                                                                           \
          } else {                                                                                                \
            corners3_##sfx k;                                                                                     \
            corners3_of_##sfx(p, size, &k);                                                                       \
            for (int j = 0; j < 8; j++)                                                                           \
              if (k.o[j] >= 0) gi[k.o[j]] += k.wt[j] * g[pt];                                                     \
          }                                                                                                       \
        }                                                                                                         \
      });                                                                                                         \
    }                                                                                                             \
    if (!ggrid) return;                                                                                           \
    if (mode == 1) {                                                                                              \
      memset(ggrid, 0, (size_t)(N * P * 3) * sizeof(T));                                                          \
      return;                                                                                                     \
    }                                                                                                             \
    int nt = dk_threads((double)N * P * (C * 24 + 32));                                                           \
    DK_PARALLEL_FOR(nt > 1, "omp parallel for collapse(2) num_threads(nt) schedule(static)",                       \
                    (int64_t n = 0; n < N; n++) for (int64_t pt = 0; pt < P; pt++), {                              \
      const int64_t q = n * P + pt;                                                                                \
      T p[3], mult[3], s[3] = {0, 0, 0};                                                                          \
      locate_all3_##sfx(m, grid + 3 * q, p, mult);                                                                \
      corners3_##sfx k;                                                                                           \
      corners3_of_##sfx(p, size, &k);                                                                             \
      for (int64_t c = 0; c < C; c++) {                                                                           \
        const T *pc = x + (n * C + c) * S, g = go[(n * C + c) * P + pt];                                          \
        for (int j = 0; j < 8; j++) {                                                                             \
          if (k.o[j] < 0) continue;                                                                               \
          const T vg = pc[k.o[j]] * g;                                                                            \
          s[0] += vg * k.dx[j], s[1] += vg * k.dy[j], s[2] += vg * k.dz[j];                                       \
        }                                                                                                         \
      }                                                                                                           \
      for (int a = 0; a < 3; a++) ggrid[3 * q + a] = s[a] * mult[a];                                              \
    });                                                                                                           \
  }

DEF_GRID3(f32, float, floorf, nearbyintf, truncf, fabsf)
DEF_GRID3(f64, double, floor, nearbyint, trunc, fabs)

/* meta [N, C, D, H, W, P, mode, padding, align, dims]: a 2-d input has D = 1 */
static int grid_meta(int32_t dtype, const int64_t *m, const char *op) {
  if (dtype != DK_FLOAT32 && dtype != DK_FLOAT64) return dk_fail("%s: dtype must be float32 or float64", op);
  for (int i = 0; i < 6; i++)
    if (m[i] < (i >= 2 && i <= 4 ? 1 : 0) || m[i] > (1LL << 40)) return dk_fail("%s: bad sizes", op);
  if ((double)m[2] * m[3] * m[4] > (double)(1LL << 40)) return dk_fail("%s: sizes overflow", op);
  if (m[6] < 0 || m[6] > 1 || m[7] < 0 || m[7] > 2 || m[8] < 0 || m[8] > 1 || (m[9] != 2 && m[9] != 3) ||
      (m[9] == 2 && m[2] != 1))
    return dk_fail("%s: bad mode", op);
  return 0;
}

/* y = grid_sample(x, grid) */
int dk_grid_sample(int32_t dtype, const void *x, const void *grid, void *y, const int64_t *meta) {
  if (grid_meta(dtype, meta, "grid_sampler") < 0) return -1;
  /* the 2-d functions read [N, C, H, W, P, mode, padding, align] */
  const int64_t m2[8] = {meta[0], meta[1], meta[3], meta[4], meta[5], meta[6], meta[7], meta[8]};
  if (meta[9] == 2) {
    if (dtype == DK_FLOAT32) gs_fwd_f32(m2, x, grid, y);
    else gs_fwd_f64(m2, x, grid, y);
  } else if (dtype == DK_FLOAT32) gs3_fwd_f32(meta, x, grid, y);
  else gs3_fwd_f64(meta, x, grid, y);
  return 0;
}

/* gx (input gradient) and ggrid (grid gradient), either NULL when not wanted */
int dk_grid_sample_backward(int32_t dtype, const void *gy, const void *x, const void *grid, void *gx, void *ggrid,
                            const int64_t *meta) {
  if (grid_meta(dtype, meta, "grid_sampler_backward") < 0) return -1;
  const int64_t m2[8] = {meta[0], meta[1], meta[3], meta[4], meta[5], meta[6], meta[7], meta[8]};
  if (meta[9] == 2) {
    if (dtype == DK_FLOAT32) gs_bwd_f32(m2, gy, x, grid, gx, ggrid);
    else gs_bwd_f64(m2, gy, x, grid, gx, ggrid);
  } else if (dtype == DK_FLOAT32) gs3_bwd_f32(meta, gy, x, grid, gx, ggrid);
  else gs3_bwd_f64(meta, gy, x, grid, gx, ggrid);
  return 0;
}
