/* Stable merge sorts along contiguous rows: argsort (indices) and sort
 * (values in place). NaN sorts last in ascending order and first in
 * descending order, as NumPy/PyTorch do. */
#include "../include/dendrite.h"
#include "../include/dtypes.h"
#include <stdlib.h>

/* "a before b" with NaN treated as larger than every number */
#define LT(a, b) ((a) < (b) || ((b) != (b) && (a) == (a)))

#define DEF_SORT(sfx, T)                                                                   \
  static void msort_idx_##sfx(const T *v, int64_t *idx, int64_t *tmp, int64_t n, int desc) { \
    for (int64_t w = 1; w < n; w *= 2) {                                                   \
      for (int64_t lo = 0; lo < n; lo += 2 * w) {                                          \
        int64_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;       \
        int64_t i = lo, j = mid, k = lo;                                                   \
        while (i < mid && j < hi) {                                                        \
          int takeb = desc ? LT(v[idx[i]], v[idx[j]]) : LT(v[idx[j]], v[idx[i]]);          \
          tmp[k++] = takeb ? idx[j++] : idx[i++];                                          \
        }                                                                                  \
        while (i < mid) tmp[k++] = idx[i++];                                               \
        while (j < hi) tmp[k++] = idx[j++];                                                \
      }                                                                                    \
      memcpy(idx, tmp, (size_t)n * sizeof(int64_t));                                       \
    }                                                                                      \
  }                                                                                        \
  static int argsort_##sfx(const void *data, int64_t *idx, int64_t rows, int64_t n, int desc) { \
    int64_t *tmp = malloc(sizeof(int64_t) * (size_t)(n ? n : 1));                          \
    if (!tmp) return dk_fail("argsort: out of memory for %lld elements", (long long)n);    \
    for (int64_t r = 0; r < rows; r++) {                                                   \
      int64_t *ix = idx + r * n;                                                           \
      for (int64_t i = 0; i < n; i++) ix[i] = i;                                           \
      msort_idx_##sfx((const T *)data + r * n, ix, tmp, n, desc);                          \
    }                                                                                      \
    free(tmp);                                                                             \
    return 0;                                                                              \
  }                                                                                        \
  static int sort_##sfx(void *data, int64_t rows, int64_t n, int desc) {                   \
    T *tmp = malloc(sizeof(T) * (size_t)(n ? n : 1));                                      \
    if (!tmp) return dk_fail("sort: out of memory for %lld elements", (long long)n);       \
    for (int64_t r = 0; r < rows; r++) {                                                   \
      T *v = (T *)data + r * n;                                                            \
      for (int64_t w = 1; w < n; w *= 2) {                                                 \
        for (int64_t lo = 0; lo < n; lo += 2 * w) {                                        \
          int64_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;     \
          int64_t i = lo, j = mid, k = lo;                                                 \
          while (i < mid && j < hi) {                                                      \
            int takeb = desc ? LT(v[i], v[j]) : LT(v[j], v[i]);                            \
            tmp[k++] = takeb ? v[j++] : v[i++];                                            \
          }                                                                                \
          while (i < mid) tmp[k++] = v[i++];                                               \
          while (j < hi) tmp[k++] = v[j++];                                                \
        }                                                                                  \
        memcpy(v, tmp, (size_t)n * sizeof(T));                                             \
      }                                                                                    \
    }                                                                                      \
    free(tmp);                                                                             \
    return 0;                                                                              \
  }
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wbool-compare"
DK_DTYPES(DEF_SORT)
#pragma GCC diagnostic pop

typedef int (*argsort_fn)(const void *, int64_t *, int64_t, int64_t, int);
typedef int (*sort_fn)(void *, int64_t, int64_t, int);
#define AS_ENTRY(sfx, T) argsort_##sfx,
#define S_ENTRY(sfx, T) sort_##sfx,
static const argsort_fn ARGSORT_TABLE[DK_NDTYPES] = {DK_DTYPES(AS_ENTRY)};
static const sort_fn SORT_TABLE[DK_NDTYPES] = {DK_DTYPES(S_ENTRY)};

/* Indices that sort each of `rows` contiguous rows of length n. */
int32_t dk_argsort(int32_t dtype, const void *data, int64_t *idx, int64_t rows, int64_t n, int32_t desc) {
  if (dtype < 0 || dtype >= DK_NDTYPES) return dk_fail("argsort: bad dtype %d", dtype);
  return ARGSORT_TABLE[dtype](data, idx, rows, n, desc);
}

/* Sorts each of `rows` contiguous rows of length n in place. */
int32_t dk_sort(int32_t dtype, void *data, int64_t rows, int64_t n, int32_t desc) {
  if (dtype < 0 || dtype >= DK_NDTYPES) return dk_fail("sort: bad dtype %d", dtype);
  return SORT_TABLE[dtype](data, rows, n, desc);
}
