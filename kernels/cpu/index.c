/* Gather and scatter of sub-blocks at precomputed element offsets: the
 * kernel behind advanced (integer-array and boolean) indexing. Offsets are
 * validated in TypeScript before they get here. */
#include "../include/dendrite.h"

/* Random offsets miss the caches on every element once the array outgrows
 * them: asking for the element DK_AHEAD places ahead keeps several misses in
 * flight (gather and scatter-add of 1e6 into 8 MB: 10-20% faster). */
#define DK_AHEAD 16
#define DK_PREFETCH(base, offs, i, n, rw) \
  do {                                    \
    if ((i) + DK_AHEAD < (n)) __builtin_prefetch(&(base)[(offs)[(i) + DK_AHEAD]], rw); \
  } while (0)

static void copy_block(int rdim, const int64_t *shp, const int64_t *ss, const int64_t *ds, const char *src,
                       char *dst, int isz) {
  if (rdim == 0) {
    memcpy(dst, src, (size_t)isz);
    return;
  }
  if (rdim == 1 && ss[0] == 1 && ds[0] == 1) {
    memcpy(dst, src, (size_t)(shp[0] * isz));
    return;
  }
  for (int64_t i = 0; i < shp[0]; i++)
    copy_block(rdim - 1, shp + 1, ss + 1, ds + 1, src + i * ss[0] * isz, dst + i * ds[0] * isz, isz);
}

/* Positions [lo, hi) of the rest block (C order over shp), each with every
 * index inside: for x[:, idx] and index_select along the last dim, whose
 * rest elements lie apart in memory, where a block per index would copy one
 * element per call. Same addressing as dk_index_copy. */
#define INDEX_INNER(T)                                                                              \
  static void index_inner_##T(int rdim, const int64_t *shp, const int64_t *ss, const int64_t *ds,    \
                              int64_t sist, int64_t dist, const T *sp, T *dp, const int64_t *offs,   \
                              int64_t nidx, int mode, int64_t lo, int64_t hi) {                     \
    for (int64_t p = lo; p < hi; p++) {                                                            \
      int64_t so = 0, dof = 0, r = p;                                                              \
      for (int k = rdim - 1; k >= 0; k--) {                                                        \
        int64_t c = r % shp[k];                                                                    \
        r /= shp[k];                                                                               \
        so += c * ss[k];                                                                           \
        dof += c * ds[k];                                                                          \
      }                                                                                            \
      const T *s = sp + so;                                                                        \
      T *d = dp + dof;                                                                             \
      if (mode == 0)                                                                               \
        for (int64_t i = 0; i < nidx; i++) d[i * dist] = s[offs[i]];                               \
      else                                                                                         \
        for (int64_t i = 0; i < nidx; i++) d[offs[i]] = s[i * sist];                               \
    }                                                                                              \
  }
INDEX_INNER(uint8_t)
INDEX_INNER(uint32_t)
INDEX_INNER(uint64_t)

/* mode 0 gathers: dst[i, ...] = src[offs[i] + ...]; mode 1 scatters:
 * dst[offs[i] + ...] = src[i, ...]. meta: [rdim, rshape[rdim],
 * src rstrides[rdim], dst rstrides[rdim], src istride, dst istride,
 * src offset, dst offset] (elements). */
int32_t dk_index_copy(int32_t itemsize, const void *src, void *dst, const int64_t *offs, int64_t nidx,
                      const int64_t *meta, int32_t mode) {
  int rdim = (int)meta[0];
  if (rdim < 0 || rdim > DK_MAXDIM) return dk_fail("index: bad rank %d", rdim);
  const int64_t *shp = meta + 1, *ss = shp + rdim, *ds = ss + rdim, *tail = ds + rdim;
  int64_t sist = tail[0], dist = tail[1];
  const char *s0 = (const char *)src + tail[2] * itemsize;
  char *d0 = (char *)dst + tail[3] * itemsize;
  /* single elements (gather, scatter, flat fancy indexing): typed loads
   * instead of a memcpy call per element; gathers write distinct places,
   * so they run on threads (a scatter's repeated offsets keep it serial,
   * so the last write wins as on one thread) */
  if (rdim == 0 && (itemsize == 4 || itemsize == 8)) {
#define DK_GATHER_ONE(T)                                                                           \
  do {                                                                                             \
    const T *sp = (const T *)s0;                                                                   \
    T *dp = (T *)d0;                                                                               \
    if (mode == 0) {                                                                               \
      DK_PARALLEL_FOR(nidx > DK_PAR_MIN, "omp parallel for", (int64_t i = 0; i < nidx; i++), {     \
        DK_PREFETCH(sp, offs, i, nidx, 0);                                                         \
        dp[i * dist] = sp[offs[i]];                                                                \
      });                                                                                          \
    } else {                                                                                       \
      for (int64_t i = 0; i < nidx; i++) {                                                         \
        DK_PREFETCH(dp, offs, i, nidx, 1);                                                         \
        dp[offs[i]] = sp[i * sist];                                                                \
      }                                                                                            \
    }                                                                                              \
  } while (0)
    if (itemsize == 4) DK_GATHER_ONE(uint32_t);
    else DK_GATHER_ONE(uint64_t);
#undef DK_GATHER_ONE
    return 0;
  }
  /* a rest block whose innermost run is short or strided: its positions outside, the indices inside (a
   * scatter's repeated offsets still end with the last one's value at every position) */
  if (rdim > 0 && (itemsize == 1 || itemsize == 4 || itemsize == 8) &&
      !(ss[rdim - 1] == 1 && ds[rdim - 1] == 1 && shp[rdim - 1] >= 16)) {
    int64_t total = 1;
    for (int k = 0; k < rdim; k++) total *= shp[k];
    /* gathers write distinct places: positions split over threads */
    int nt = mode == 0 ? dk_threads((double)total * (double)nidx) : 1;
    DK_PARALLEL(nt, {
      int t = DK_TID(), n = DK_NT();
      int64_t lo = total * t / n, hi = total * (t + 1) / n;
      if (itemsize == 1)
        index_inner_uint8_t(rdim, shp, ss, ds, sist, dist, (const uint8_t *)s0, (uint8_t *)d0, offs, nidx, mode, lo, hi);
      else if (itemsize == 4)
        index_inner_uint32_t(rdim, shp, ss, ds, sist, dist, (const uint32_t *)s0, (uint32_t *)d0, offs, nidx, mode,
                             lo, hi);
      else
        index_inner_uint64_t(rdim, shp, ss, ds, sist, dist, (const uint64_t *)s0, (uint64_t *)d0, offs, nidx, mode,
                             lo, hi);
    });
    return 0;
  }
  for (int64_t i = 0; i < nidx; i++) {
    const char *s = mode == 0 ? s0 + offs[i] * itemsize : s0 + i * sist * itemsize;
    char *d = mode == 0 ? d0 + i * dist * itemsize : d0 + offs[i] * itemsize;
    copy_block(rdim, shp, ss, ds, s, d, itemsize);
  }
  return 0;
}

#include "../include/dtypes.h"

/* dst[offs[i] + ...] += src[i, ...] with dst's dtype (src already cast to
 * it); repeated offsets accumulate, so this runs on one thread. Same meta as
 * dk_index_copy in mode 1. */
/* dst op= src over a strided block; op 0 adds, 1 multiplies (bool: or / and) */
#define COMBINE(T, op, a, b) ((T)((op) ? (a) * (b) : (a) + (b)))
#define ADD_BLOCK(sfx, T)                                                                              \
  static void add_block_##sfx(int op, int rdim, const int64_t *shp, const int64_t *ss, const int64_t *ds, \
                              const char *s, char *d) {                                                \
    const T *src = (const T *)s;                                                                       \
    T *dst = (T *)d;                                                                                   \
    if (rdim == 0) {                                                                                   \
      *dst = COMBINE(T, op, *dst, *src);                                                               \
      return;                                                                                          \
    }                                                                                                  \
    if (rdim == 1) {                                                                                   \
      for (int64_t i = 0; i < shp[0]; i++) dst[i * ds[0]] = COMBINE(T, op, dst[i * ds[0]], src[i * ss[0]]); \
      return;                                                                                          \
    }                                                                                                  \
    for (int64_t i = 0; i < shp[0]; i++)                                                               \
      add_block_##sfx(op, rdim - 1, shp + 1, ss + 1, ds + 1, (const char *)(src + i * ss[0]),          \
                      (char *)(dst + i * ds[0]));                                                      \
  }
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wint-in-bool-context"
DK_DTYPES(ADD_BLOCK)
#pragma GCC diagnostic pop
typedef void (*add_fn)(int, int, const int64_t *, const int64_t *, const int64_t *, const char *, char *);
#define ADD_ENTRY(sfx, T) add_block_##sfx,
static const add_fn ADD_TABLE[DK_NDTYPES] = {DK_DTYPES(ADD_ENTRY)};

#define ADD_ONE(sfx, T)                                                                                \
  static void add_one_##sfx(int op, const char *s, char *d, const int64_t *offs, int64_t n, int64_t st) { \
    const T *sp = (const T *)s;                                                                        \
    T *dp = (T *)d;                                                                                    \
    if (op)                                                                                            \
      for (int64_t i = 0; i < n; i++) {                                                                \
        DK_PREFETCH(dp, offs, i, n, 1);                                                                \
        dp[offs[i]] = COMBINE(T, 1, dp[offs[i]], sp[i * st]);                                          \
      }                                                                                                \
    else                                                                                               \
      for (int64_t i = 0; i < n; i++) {                                                                \
        DK_PREFETCH(dp, offs, i, n, 1);                                                                \
        dp[offs[i]] = COMBINE(T, 0, dp[offs[i]], sp[i * st]);                                          \
      }                                                                                                \
  }
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wint-in-bool-context"
DK_DTYPES(ADD_ONE)
#pragma GCC diagnostic pop
typedef void (*add_one_fn)(int, const char *, char *, const int64_t *, int64_t, int64_t);
#define ADD_ONE_ENTRY(sfx, T) add_one_##sfx,
static const add_one_fn ADD_ONE_TABLE[DK_NDTYPES] = {DK_DTYPES(ADD_ONE_ENTRY)};

int32_t dk_index_add(int32_t dtype, int32_t op, const void *src, void *dst, const int64_t *offs, int64_t nidx,
                     const int64_t *meta) {
  int rdim = (int)meta[0];
  if (rdim < 0 || rdim > DK_MAXDIM) return dk_fail("index_add: bad rank %d", rdim);
  if (dtype < 0 || dtype >= DK_NDTYPES) return dk_fail("index_add: bad dtype %d", dtype);
  const int64_t *shp = meta + 1, *ss = shp + rdim, *ds = ss + rdim, *tail = ds + rdim;
  int isz = dk_itemsize(dtype);
  const char *s0 = (const char *)src + tail[2] * isz;
  char *d0 = (char *)dst + tail[3] * isz;
  /* single elements (gather's and indexing's gradients): one typed loop, no call per element */
  if (rdim == 0) return ADD_ONE_TABLE[dtype](op != 0, s0, d0, offs, nidx, tail[0]), 0;
  for (int64_t i = 0; i < nidx; i++) ADD_TABLE[dtype](op != 0, rdim, shp, ss, ds, s0 + i * tail[0] * isz, d0 + offs[i] * isz);
  return 0;
}

/* Number of non-zero bytes of a contiguous bool/uint8 mask. */
int64_t dk_count_nonzero(const uint8_t *mask, int64_t n) {
  int64_t c = 0;
  DK_PARALLEL_FOR(n > DK_PAR_MIN, "omp parallel for reduction(+ : c)", (int64_t i = 0; i < n; i++),
                  { c += mask[i] != 0; });
  return c;
}

/* The flat positions of the non-zero bytes of a contiguous mask, in order;
 * `cap` is the count from dk_count_nonzero (the output's length). */
int32_t dk_nonzero(const uint8_t *mask, int64_t n, int64_t *out, int64_t cap) {
  int64_t k = 0;
  for (int64_t i = 0; i < n; i++)
    if (mask[i]) {
      if (k == cap) return dk_fail("nonzero: more non-zero elements than counted");
      out[k++] = i;
    }
  return k == cap ? 0 : dk_fail("nonzero: fewer non-zero elements than counted");
}

/* Offsets of the index elements [lo, hi) (C order over the index's shape),
 * into out[0 .. hi - lo); returns the first element whose index is out of
 * bounds (its value in *badv), or hi. Negative indices count from the end when `wrap` (NumPy's
 * take_along_axis) and are out of bounds otherwise (PyTorch's gather and
 * scatter). Walks a row of the last dimension at a time. */
static int64_t along_range(const int64_t *idx, int64_t *out, int nd, int d, const int64_t *ish, const int64_t *ist,
                           int64_t ioff, const int64_t *xsh, const int64_t *xst, int wrap, int64_t lo,
                           int64_t hi, int64_t *badv) {
  const int last = nd - 1;
  const int64_t inner = ish[last], size = xsh[d], sd = xst[d], sl = ist[last], xl = d == last ? 0 : xst[last];
  for (int64_t e = lo; e < hi;) {
    int64_t row = e / inner, j = e % inner, src = ioff, base = 0;
    for (int k = last - 1; k >= 0; k--) {
      int64_t p = row % ish[k];
      row /= ish[k];
      src += p * ist[k];
      if (k != d) base += p * xst[k];
    }
    int64_t end = e + (inner - j) < hi ? e + (inner - j) : hi;
    for (; e < end; e++, j++) {
      int64_t i = idx[src + j * sl];
      if (i < (wrap ? -size : 0) || i >= size) return *badv = i, e;
      if (i < 0) i += size;
      out[e - lo] = base + j * xl + i * sd;
    }
  }
  return hi;
}

/* A gather/scatter walk along dim d: meta is [nd, d, ishape[nd],
 * istrides[nd], ioffset, xshape[nd], xstrides[nd], wrap] (the index's
 * view, then the addressed tensor's). */
typedef struct {
  int nd, d, wrap;
  const int64_t *ish, *ist, *xsh, *xst;
  int64_t ioff, n;
} along_t;

static int along_parse(const int64_t *meta, along_t *a) {
  a->nd = (int)meta[0], a->d = (int)meta[1];
  if (a->nd < 1 || a->nd > DK_MAXDIM || a->d < 0 || a->d >= a->nd)
    return dk_fail("gather: bad rank %d / dim %d", a->nd, a->d);
  a->ish = meta + 2, a->ist = a->ish + a->nd, a->xsh = a->ist + a->nd + 1, a->xst = a->xsh + a->nd;
  a->ioff = a->ist[a->nd];
  a->wrap = a->xst[a->nd] != 0;
  a->n = 1;
  for (int k = 0; k < a->nd; k++) {
    a->n *= a->ish[k];
    if (k != a->d && a->ish[k] > a->xsh[k])
      return dk_fail("Size does not match at dimension %d expected index to be no larger than self apart from dimension %d",
                     k, a->d);
  }
  return 0;
}

static int64_t along(const along_t *a, const int64_t *idx, int64_t *out, int64_t lo, int64_t hi, int64_t *badv) {
  return along_range(idx, out, a->nd, a->d, a->ish, a->ist, a->ioff, a->xsh, a->xst, a->wrap, lo, hi, badv);
}

static int along_bad(const along_t *a, int64_t badv) {
  return dk_fail("index %lld is out of bounds for %s %d with size %lld", (long long)badv, a->wrap ? "axis" : "dimension",
                 a->d, (long long)a->xsh[a->d]);
}

/* Offsets a walk computes at a time, on the stack: the fused gather and
 * scatter below never write the whole offset array (8 bytes an element) out
 * and read it back. */
#define ALONG_CHUNK 512

/* 1 when every value of a contiguous index is in bounds, 0 when one is not,
 * -1 for a strided index: a min/max pass the compiler vectorizes, where the
 * walk computes every element's offset to check it. */
static int along_values_in(const along_t *a, const int64_t *idx) {
  int64_t want = 1;
  for (int k = a->nd - 1; k >= 0; want *= a->ish[k], k--)
    if (a->ish[k] != 1 && a->ist[k] != want) return -1;
  const int64_t *p = idx + a->ioff, n = a->n, size = a->xsh[a->d];
  int64_t mn = INT64_MAX, mx = INT64_MIN;
  DK_PARALLEL_FOR(n > DK_PAR_MIN, "omp parallel for reduction(min : mn) reduction(max : mx)", (int64_t i = 0; i < n; i++),
                  {
                    mn = p[i] < mn ? p[i] : mn;
                    mx = p[i] > mx ? p[i] : mx;
                  });
  return mn >= (a->wrap ? -size : 0) && mx < size;
}

/* Checks every index of the walk on all threads (nothing written); the
 * first bad element, as a serial walk would meet it, is reported. */
static int along_check(const along_t *a, const int64_t *idx) {
  if (along_values_in(a, idx) == 1) return 0;
  int64_t bad = a->n, badv = 0;
  DK_PARALLEL(dk_threads((double)a->n), {
    int t = DK_TID(), nt = DK_NT();
    int64_t offs[ALONG_CHUNK], hi = a->n * (t + 1) / nt, v = 0;
    for (int64_t e = a->n * t / nt; e < hi; e += ALONG_CHUNK) {
      int64_t end = e + ALONG_CHUNK < hi ? e + ALONG_CHUNK : hi, b = along(a, idx, offs, e, end, &v);
      if (b < end) {
        _Pragma("omp critical(dk_along_bad)") if (b < bad) bad = b, badv = v;
        break;
      }
    }
  });
  return bad < a->n ? along_bad(a, badv) : 0;
}

/* Element offsets for gather/scatter along dim d (PyTorch's
 * gather/scatter addressing): for each element of the int64 index (C order
 * over its shape), the offset of x[i0, .., idx, .., ik] with every
 * coordinate checked. */
int32_t dk_along_offsets(const int64_t *idx, int64_t *out, const int64_t *meta) {
  along_t a;
  if (along_parse(meta, &a)) return -1;
  /* the first bad element over all threads is the one a serial walk meets first */
  int64_t bad = a.n, badv = 0;
  DK_PARALLEL(dk_threads((double)a.n), {
    int t = DK_TID(), nt = DK_NT();
    int64_t lo = a.n * t / nt, hi = a.n * (t + 1) / nt, v = 0;
    int64_t b = along(&a, idx, out + lo, lo, hi, &v);
    if (b < hi) {
      _Pragma("omp critical(dk_along_bad)") if (b < bad) bad = b, badv = v;
    }
  });
  return bad < a.n ? along_bad(&a, badv) : 0;
}

/* vals[e] = x[offs[i]] (mode 0), x[offs[i]] = vals[e] (1), += (2) or *= (3),
 * for the chunk's elements e = e0 + i. */
#define ALONG_APPLY(sfx, T)                                                                                 \
  static void along_apply_##sfx(int mode, char *x, char *vals, const int64_t *offs, int64_t e0, int64_t cnt) { \
    T *xp = (T *)x, *vp = (T *)vals + e0;                                                                   \
    if (mode == 0) {                                                                                        \
      for (int64_t i = 0; i < cnt; i++) {                                                                   \
        DK_PREFETCH(xp, offs, i, cnt, 0);                                                                   \
        vp[i] = xp[offs[i]];                                                                                \
      }                                                                                                     \
      return;                                                                                               \
    }                                                                                                       \
    for (int64_t i = 0; i < cnt; i++) {                                                                     \
      DK_PREFETCH(xp, offs, i, cnt, 1);                                                                     \
      const int64_t o = offs[i];                                                                            \
      xp[o] = mode == 1 ? vp[i] : COMBINE(T, mode == 3, xp[o], vp[i]);                                      \
    }                                                                                                       \
  }
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wint-in-bool-context"
DK_DTYPES(ALONG_APPLY)
#pragma GCC diagnostic pop
typedef void (*along_apply_fn)(int, char *, char *, const int64_t *, int64_t, int64_t);
#define ALONG_ENTRY(sfx, T) along_apply_##sfx,
static const along_apply_fn ALONG_TABLE[DK_NDTYPES] = {DK_DTYPES(ALONG_ENTRY)};

/* Gather (mode 0: vals[e] = x[off(e)]) or scatter (mode 1 writes, 2 adds,
 * 3 multiplies x[off(e)] by vals[e]) along dim d, with the offsets off(e)
 * of dk_along_offsets computed a chunk at a time. vals is contiguous in the
 * index's C order, x the addressed tensor; meta is the walk's (above), then
 * x's and vals' element offsets. A scatter checks every index (on all
 * threads) before it writes anything. */
int32_t dk_along(int32_t dtype, int32_t mode, const int64_t *idx, void *x, void *vals, const int64_t *meta) {
  if (dtype < 0 || dtype >= DK_NDTYPES) return dk_fail("gather: bad dtype %d", dtype);
  if (mode < 0 || mode > 3) return dk_fail("gather: bad mode %d", mode);
  along_t a;
  if (along_parse(meta, &a)) return -1;
  /* the operands' own offsets (elements) follow the walk's meta */
  const int64_t *tail = a.xst + a.nd + 1;
  const int isz = dk_itemsize(dtype);
  x = (char *)x + tail[0] * isz, vals = (char *)vals + tail[1] * isz;
  /* copies move bits: through the unsigned type of the item's size (a bool byte or a NaN's payload unchanged) */
  static const int32_t BITS[DK_NDTYPES] = {DK_UINT8, DK_UINT8, DK_INT32, DK_INT64, DK_INT32, DK_INT64};
  along_apply_fn apply = ALONG_TABLE[mode <= 1 ? BITS[dtype] : dtype];
  if (mode == 0) {
    int64_t bad = a.n, badv = 0;
    DK_PARALLEL(dk_threads((double)a.n), {
      int t = DK_TID(), nt = DK_NT();
      int64_t offs[ALONG_CHUNK], hi = a.n * (t + 1) / nt, v = 0;
      for (int64_t e = a.n * t / nt; e < hi; e += ALONG_CHUNK) {
        int64_t end = e + ALONG_CHUNK < hi ? e + ALONG_CHUNK : hi, b = along(&a, idx, offs, e, end, &v);
        if (b < end) {
          _Pragma("omp critical(dk_along_bad)") if (b < bad) bad = b, badv = v;
          break;
        }
        apply(0, (char *)x, (char *)vals, offs, e, end - e);
      }
    });
    return bad < a.n ? along_bad(&a, badv) : 0;
  }
  if (along_check(&a, idx)) return -1;
  /* on one thread: repeated indices accumulate in index order (split between
   * two threads by destination, the random updates took longer, not less) */
  int64_t offs[ALONG_CHUNK], v = 0;
  for (int64_t e = 0; e < a.n; e += ALONG_CHUNK) {
    int64_t end = e + ALONG_CHUNK < a.n ? e + ALONG_CHUNK : a.n;
    along(&a, idx, offs, e, end, &v);
    apply(mode, (char *)x, (char *)vals, offs, e, end - e);
  }
  return 0;
}

/* Combines k broadcast int64 index columns (cols: k rows of n, contiguous)
 * into element offsets: out[e] = sum_j norm(cols[j][e]) * strides[j], each
 * index checked against sizes[j]. meta: [k, sizes[k], strides[k], axes[k]]. */
int32_t dk_combine_offsets(const int64_t *cols, int64_t n, const int64_t *meta, int64_t *out) {
  int k = (int)meta[0];
  if (k < 0 || k > DK_MAXDIM) return dk_fail("index: bad number of index arrays %d", k);
  const int64_t *sizes = meta + 1, *strides = sizes + k, *axes = strides + k;
  for (int64_t e = 0; e < n; e++) {
    int64_t off = 0;
    for (int j = 0; j < k; j++) {
      int64_t i = cols[(int64_t)j * n + e];
      if (i < -sizes[j] || i >= sizes[j])
        return dk_fail("index %lld is out of bounds for axis %lld with size %lld", (long long)i, (long long)axes[j],
                       (long long)sizes[j]);
      if (i < 0) i += sizes[j];
      off += i * strides[j];
    }
    out[e] = off;
  }
  return 0;
}

/* Per-dim coordinates of flat C-order positions: out[d][e] (d-major, n per
 * dim) for a shape of nd dims. */
int32_t dk_unravel(const int64_t *flat, int64_t n, const int64_t *shape, int32_t nd, int64_t *out) {
  if (nd < 0 || nd > DK_MAXDIM) return dk_fail("unravel: bad rank %d", nd);
  for (int64_t e = 0; e < n; e++) {
    int64_t rem = flat[e];
    for (int d = nd - 1; d >= 0; d--) {
      int64_t s = shape[d] > 0 ? shape[d] : 1;
      out[(int64_t)d * n + e] = rem % s;
      rem /= s;
    }
  }
  return 0;
}
