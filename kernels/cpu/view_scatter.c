/* A view's gradient scattered into a new base-shaped buffer in one pass:
 * dst = 0 except dst[view] = src, the backward of every slice and view.
 *
 * Zeroing the whole buffer and then copying into the view wrote the buffer
 * twice and read it once more (a stride-2 slice of 2e6 floats: an 8 MB
 * memset, then a strided copy that reads and writes every cache line). Here
 * each destination element is written once, in address order: the view's
 * dims, sorted by stride, walk the buffer upward (they must not overlap),
 * and the gaps between its elements are zeroed on the way. Threads take
 * contiguous runs of the view's elements, so each owns one address range. */
#include "../include/dendrite.h"

typedef struct {
  int nd;
  int64_t n[DK_MAXDIM], ds[DK_MAXDIM], ss[DK_MAXDIM]; /* extents, dst strides, src strides: outer to inner */
} Walk;

/* The dst and src element offsets of the view's element number e (in walk order). */
static void locate(const Walk *w, int64_t e, int64_t *d, int64_t *s) {
  int64_t dd = 0, sd = 0;
  for (int k = w->nd - 1; k >= 0; k--) {
    const int64_t i = e % w->n[k];
    e /= w->n[k];
    dd += i * w->ds[k];
    sd += i * w->ss[k];
  }
  *d = dd;
  *s = sd;
}

/* Elements [e0, e1) of the walk, zeroing from dst element z up to each one. */
#define SCATTER_RUN(T)                                                                            \
  static void run_##T(const Walk *w, T *dst, const T *src, int64_t off, int64_t e0, int64_t e1,   \
                      int64_t z) {                                                                \
    const int in = w->nd - 1;                                                                     \
    const int64_t n = w->n[in], ds = w->ds[in], ss = w->ss[in];                                   \
    int64_t d, s;                                                                                 \
    locate(w, e0, &d, &s);                                                                        \
    d += off;                                                                                     \
    int64_t e = e0;                                                                               \
    while (e < e1) {                                                                              \
      const int64_t j0 = e % n, cnt = (e1 - e < n - j0) ? e1 - e : n - j0; /* rest of this row */ \
      memset(dst + z, 0, (size_t)(d - z) * sizeof(T));                                            \
      T *o = dst + d;                                                                             \
      const T *x = src + s;                                                                       \
      if (ds == 1 && ss == 1) {                                                                   \
        memcpy(o, x, (size_t)cnt * sizeof(T));                                                    \
      } else if (ds == 2 && ss == 1) {                                                            \
        for (int64_t j = 0; j < cnt - 1; j++) {                                                   \
          o[2 * j] = x[j];                                                                        \
          o[2 * j + 1] = 0;                                                                       \
        }                                                                                         \
        o[2 * (cnt - 1)] = x[cnt - 1];                                                            \
      } else {                                                                                    \
        for (int64_t j = 0; j < cnt; j++) {                                                       \
          o[j * ds] = x[j * ss];                                                                  \
          if (j + 1 < cnt) memset(o + j * ds + 1, 0, (size_t)(ds - 1) * sizeof(T));               \
        }                                                                                         \
      }                                                                                           \
      z = d + (cnt - 1) * ds + 1;                                                                 \
      e += cnt;                                                                                   \
      if (e < e1) {                                                                               \
        locate(w, e, &d, &s);                                                                     \
        d += off;                                                                                 \
      }                                                                                           \
    }                                                                                             \
  }
SCATTER_RUN(uint8_t)
SCATTER_RUN(uint32_t)
SCATTER_RUN(uint64_t)

/* dst[0, length) = 0 except dst[offset + sum_k i_k strides_k] = src[i] (src contiguous in the view's C order).
 * meta: ndim, shape[ndim], strides[ndim], offset. The view must lie inside dst, with positive strides and no two
 * indices on one element (checked here); itemsize 1, 4 or 8. */
int32_t dk_view_scatter(int32_t itemsize, void *dst, double length_, const void *src, const int64_t *meta) {
  const int nd = (int)meta[0];
  const int64_t *shape = meta + 1, *strides = meta + 1 + nd, off = meta[1 + 2 * nd], length = (int64_t)length_;
  if (nd < 0 || nd > DK_MAXDIM) return dk_fail("view_scatter: bad rank %d", nd);
  if (itemsize != 1 && itemsize != 4 && itemsize != 8) return dk_fail("view_scatter: bad item size %d", itemsize);
  /* src strides of the view's C order, then the dims of extent > 1 sorted by dst stride, largest first */
  Walk w = {0};
  int64_t size = 1, cs[DK_MAXDIM];
  for (int k = nd - 1; k >= 0; k--) {
    cs[k] = size;
    size *= shape[k];
  }
  for (int k = 0; k < nd; k++) {
    if (shape[k] <= 1) continue;
    if (strides[k] <= 0) return dk_fail("view_scatter: stride %lld is not positive", (long long)strides[k]);
    int at = w.nd++;
    while (at > 0 && w.ds[at - 1] < strides[k]) {
      w.n[at] = w.n[at - 1], w.ds[at] = w.ds[at - 1], w.ss[at] = w.ss[at - 1];
      at--;
    }
    w.n[at] = shape[k], w.ds[at] = strides[k], w.ss[at] = cs[k];
  }
  /* no overlap: each stride beyond the extent of the smaller ones; the last element inside dst */
  int64_t extent = 0;
  for (int k = w.nd - 1; k >= 0; k--) {
    if (w.ds[k] <= extent) return dk_fail("view_scatter: the view overlaps itself");
    extent += w.ds[k] * (w.n[k] - 1);
  }
  if (size == 0) {
    dk_zero(dst, length * itemsize);
    return 0;
  }
  if (off < 0 || off + extent >= length) return dk_fail("view_scatter: the view leaves the buffer");
  if (w.nd == 0) w.nd = 1, w.n[0] = 1, w.ds[0] = 1, w.ss[0] = 1;
  const int nt = dk_threads((double)length);
  DK_PARALLEL(nt, {
    const int64_t t = DK_TID(), k = DK_NT(), e0 = size * t / k, e1 = size * (t + 1) / k;
    /* zero from the element after the previous thread's last one (or the start) */
    int64_t z = 0, d, s;
    if (e0 > 0) {
      locate(&w, e0 - 1, &d, &s);
      z = off + d + 1;
    }
    if (e1 > e0) {
      if (itemsize == 1) run_uint8_t(&w, dst, src, off, e0, e1, z);
      else if (itemsize == 4) run_uint32_t(&w, dst, src, off, e0, e1, z);
      else run_uint64_t(&w, dst, src, off, e0, e1, z);
    }
    if (t == k - 1) {
      locate(&w, size - 1, &d, &s);
      memset((char *)dst + (off + d + 1) * itemsize, 0, (size_t)(length - off - d - 1) * itemsize);
    }
  });
  return 0;
}
