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

/* The walk over the index elements [lo, hi) (C order over the index's
 * shape), a row of the last dimension at a time: BODY runs for each element
 * e with `o`, its offset into x, every coordinate checked (negative indices
 * count from the end when `wrap`, NumPy's take_along_axis, and are out of
 * bounds otherwise, PyTorch's gather and scatter), after a prefetch (PF: 0
 * for reading, 1 for writing, -1 none) of the element DK_AHEAD places on in
 * the row: random addresses miss the caches once x outgrows them, and the
 * walk's own work overlaps the misses. Returns the first element whose index
 * is out of bounds (its value in *badv), or hi. */
#define ALONG_WALK(name, PF, XT, VT, BODY)                                                                         \
  static int64_t name(const along_t *a, const int64_t *idx, void *xv, void *vv, int64_t lo, int64_t hi,             \
                      int64_t *badv) {                                                                              \
    XT *xp = (XT *)xv;                                                                                              \
    VT *vp = (VT *)vv;                                                                                              \
    (void)xp, (void)vp;                                                                                             \
    const int last = a->nd - 1, d = a->d;                                                                           \
    const int64_t inner = a->ish[last], size = a->xsh[d], sd = a->xst[d], sl = a->ist[last];                        \
    const int64_t xl = d == last ? 0 : a->xst[last], minv = a->wrap ? -size : 0;                                    \
    for (int64_t e = lo; e < hi;) {                                                                                 \
      int64_t row = e / inner, j = e % inner, src = a->ioff, base = 0;                                              \
      for (int k = last - 1; k >= 0; k--) {                                                                         \
        int64_t p = row % a->ish[k];                                                                                \
        row /= a->ish[k];                                                                                           \
        src += p * a->ist[k];                                                                                       \
        if (k != d) base += p * a->xst[k];                                                                          \
      }                                                                                                             \
      const int64_t end = e + (inner - j) < hi ? e + (inner - j) : hi, *ip = idx + src;                             \
      for (; e < end; e++, j++) {                                                                                   \
        if (PF >= 0 && e + DK_AHEAD < end) {                                                                        \
          const int64_t q = ip[(j + DK_AHEAD) * sl];                                                                \
          __builtin_prefetch(&xp[base + (j + DK_AHEAD) * xl + (q < 0 ? q + size : q) * sd], PF > 0);                \
        }                                                                                                           \
        int64_t i = ip[j * sl];                                                                                     \
        if (i < minv || i >= size) return *badv = i, e;                                                             \
        if (i < 0) i += size;                                                                                       \
        const int64_t o = base + j * xl + i * sd;                                                                   \
        BODY;                                                                                                       \
      }                                                                                                             \
    }                                                                                                               \
    return hi;                                                                                                      \
  }
typedef int64_t (*along_walk_fn)(const along_t *, const int64_t *, void *, void *, int64_t, int64_t, int64_t *);
/* the offsets themselves (vals: int64), and a check that writes nothing */
ALONG_WALK(along_offsets, -1, char, int64_t, vp[e] = o)
ALONG_WALK(along_scan, -1, char, char, (void)o)
/* gather and scatter-write move bits: through the unsigned type of the item's size (a bool byte or a NaN's payload
 * unchanged) */
#define ALONG_COPY(bits)                                                                   \
  ALONG_WALK(along_gather_##bits, 0, uint##bits##_t, uint##bits##_t, vp[e] = xp[o])      \
  ALONG_WALK(along_put_##bits, 1, uint##bits##_t, uint##bits##_t, xp[o] = vp[e])
ALONG_COPY(8)
ALONG_COPY(32)
ALONG_COPY(64)
#define ALONG_COMBINE(sfx, T)                                                              \
  ALONG_WALK(along_add_##sfx, 1, T, T, xp[o] = COMBINE(T, 0, xp[o], vp[e]))              \
  ALONG_WALK(along_mul_##sfx, 1, T, T, xp[o] = COMBINE(T, 1, xp[o], vp[e]))
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wint-in-bool-context"
DK_DTYPES(ALONG_COMBINE)
#pragma GCC diagnostic pop
#define ALONG_ADD_ENTRY(sfx, T) along_add_##sfx,
#define ALONG_MUL_ENTRY(sfx, T) along_mul_##sfx,
static const along_walk_fn ALONG_ADD[DK_NDTYPES] = {DK_DTYPES(ALONG_ADD_ENTRY)};
static const along_walk_fn ALONG_MUL[DK_NDTYPES] = {DK_DTYPES(ALONG_MUL_ENTRY)};

static int along_bad(const along_t *a, int64_t badv) {
  return dk_fail("index %lld is out of bounds for %s %d with size %lld", (long long)badv, a->wrap ? "axis" : "dimension",
                 a->d, (long long)a->xsh[a->d]);
}

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

/* `walk` over the whole index on all threads (vals: as the walk takes it);
 * the first bad element, as a serial walk would meet it, is reported. */
static int along_threads(const along_t *a, along_walk_fn walk, const int64_t *idx, void *x, void *vals) {
  int64_t bad = a->n, badv = 0;
  DK_PARALLEL(dk_threads((double)a->n), {
    int t = DK_TID(), nt = DK_NT();
    int64_t hi = a->n * (t + 1) / nt, v = 0, b = walk(a, idx, x, vals, a->n * t / nt, hi, &v);
    if (b < hi) {
      _Pragma("omp critical(dk_along_bad)") if (b < bad) bad = b, badv = v;
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
  return along_threads(&a, along_offsets, idx, NULL, out);
}

/* Gather (mode 0: vals[e] = x[off(e)], on all threads) or scatter (mode 1
 * writes, 2 adds, 3 multiplies x[off(e)] by vals[e]) along dim d, each
 * offset off(e) of dk_along_offsets computed as the walk reaches it. vals is
 * contiguous in the index's C order, x the addressed tensor; meta is the
 * walk's (above), then x's and vals' element offsets. A scatter checks every
 * index (on all threads) before it writes anything, then runs on one thread:
 * repeated indices accumulate in index order (split between two threads by
 * destination, the random updates took longer, not less). */
int32_t dk_along(int32_t dtype, int32_t mode, const int64_t *idx, void *x, void *vals, const int64_t *meta) {
  if (dtype < 0 || dtype >= DK_NDTYPES) return dk_fail("gather: bad dtype %d", dtype);
  if (mode < 0 || mode > 3) return dk_fail("gather: bad mode %d", mode);
  along_t a;
  if (along_parse(meta, &a)) return -1;
  /* the operands' own offsets (elements) follow the walk's meta */
  const int64_t *tail = a.xst + a.nd + 1;
  const int isz = dk_itemsize(dtype);
  x = (char *)x + tail[0] * isz, vals = (char *)vals + tail[1] * isz;
  along_walk_fn walk;
  if (mode >= 2) walk = (mode == 2 ? ALONG_ADD : ALONG_MUL)[dtype];
  else if (isz == 1) walk = mode ? along_put_8 : along_gather_8;
  else if (isz == 4) walk = mode ? along_put_32 : along_gather_32;
  else walk = mode ? along_put_64 : along_gather_64;
  if (mode == 0) return along_threads(&a, walk, idx, x, vals);
  if (along_values_in(&a, idx) != 1 && along_threads(&a, along_scan, idx, NULL, NULL)) return -1;
  int64_t v = 0;
  walk(&a, idx, x, vals, 0, a.n, &v);
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
