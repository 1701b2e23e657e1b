/* Gather and scatter of sub-blocks at precomputed element offsets: the
 * kernel behind advanced (integer-array and boolean) indexing. Offsets are
 * validated in TypeScript before they get here. */
#include "../include/dendrite.h"

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
  for (int64_t i = 0; i < nidx; i++) {
    const char *s = mode == 0 ? s0 + offs[i] * itemsize : s0 + i * sist * itemsize;
    char *d = mode == 0 ? d0 + i * dist * itemsize : d0 + offs[i] * itemsize;
    copy_block(rdim, shp, ss, ds, s, d, itemsize);
  }
  return 0;
}
