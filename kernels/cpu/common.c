/* Error channel and the N-d strided driver shared by all element-wise
 * kernels. */
#include "../include/dendrite.h"
#include <malloc.h>
#ifdef __linux__
#include <sys/mman.h>
#endif
#include <stdarg.h>
#include <stdio.h>
#ifdef _OPENMP
#include <omp.h>
#endif

static _Thread_local char dk_msg[512];

/* Array memory is ArrayBuffers, which V8 gets from malloc. glibc serves
 * blocks above 128 KiB with fresh mmaps, so every large result page-faults
 * on first write (4 MB: ~5 ms, 40x the add itself). Keeping large blocks on
 * the heap lets freed arrays' memory be reused, as NumPy's allocations are;
 * the cost is that freed memory (up to the trim threshold) stays mapped. */
__attribute__((constructor)) static void dk_tune_malloc(void) {
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
}

/* Transparent huge pages for the 2 MiB-aligned interior of a new large
 * block, before anything touches it, as NumPy does for its allocations of
 * 4 MiB and more (THP is usually "madvise" only): one page fault per 2 MiB
 * instead of 512. Advice only, so a failure changes nothing. */
void dk_advise_huge(void *p, int64_t n) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  const uintptr_t huge = (uintptr_t)2 << 20;
  uintptr_t lo = ((uintptr_t)p + huge - 1) & ~(huge - 1), hi = ((uintptr_t)p + (uintptr_t)n) & ~(huge - 1);
  if (hi > lo) madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
#else
  (void)p;
  (void)n;
#endif
}

/* Zero-fills n bytes at p, on every thread from 1 MiB up: one core's memset
 * falls well short of the memory's bandwidth (8 MB: 115 -> 65 us on 2 vCPUs). */
void dk_zero(void *p, int64_t n) {
  DK_PARALLEL(dk_team((double)n, (double)(1 << 20)), {
    const int64_t t = DK_TID(), k = DK_NT();
    const int64_t lo = n * t / k / 64 * 64, hi = t == k - 1 ? n : n * (t + 1) / k / 64 * 64;
    memset((char *)p + lo, 0, (size_t)(hi - lo));
  });
}

int dk_fail(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(dk_msg, sizeof dk_msg, fmt, ap);
  va_end(ap);
  return -1;
}

const char *dk_last_error(void) { return dk_msg; }

int dk_itemsize(int dtype) {
  static const int sizes[DK_NDTYPES] = {1, 1, 4, 8, 4, 8};
  return dtype >= 0 && dtype < DK_NDTYPES ? sizes[dtype] : 0;
}

/* The dtype table as C sees it, checked by TypeScript at load (src/core/dtype.ts
 * must agree on every code, name and size). */
const char *dk_dtype_name(int32_t code) {
  static const char *names[DK_NDTYPES] = {"bool", "uint8", "int32", "int64", "float32", "float64"};
  return code >= 0 && code < DK_NDTYPES ? names[code] : NULL;
}

int32_t dk_num_threads(void) {
#ifdef _OPENMP
  return omp_get_max_threads();
#else
  return 1;
#endif
}

void dk_set_num_threads(int32_t n) {
#ifdef _OPENMP
  if (n > 0) omp_set_num_threads(n);
#else
  (void)n;
#endif
}

/* Processes outer rows [start, end) of the iteration space: unravels `start`
 * once, then walks the multi-index like an odometer. */
static void run_rows(int nops, char **base, const int *isz, int ndim, const int64_t *shape,
                     const int64_t *strides, int64_t start, int64_t end, dk_loop fn) {
  int64_t idx[DK_MAXDIM];
  char *p[8];
  int64_t s[8], step[8][DK_MAXDIM];
  int64_t inner = shape[ndim - 1];
  int64_t rem = start;
  for (int d = ndim - 2; d >= 0; d--) {
    idx[d] = rem % shape[d];
    rem /= shape[d];
  }
  for (int k = 0; k < nops; k++) {
    int64_t off = 0;
    for (int d = 0; d < ndim - 1; d++) {
      off += idx[d] * strides[k * ndim + d];
      step[k][d] = strides[k * ndim + d] * isz[k];
    }
    p[k] = base[k] + off * isz[k];
    s[k] = strides[k * ndim + ndim - 1];
  }
  /* the next row's pointers follow from this row's: a step along the dim that
   * advances, back to the start of every dim that wraps (no per-row products) */
  for (int64_t row = start; row < end; row++) {
    fn(p, s, inner);
    for (int d = ndim - 2; d >= 0; d--) {
      if (++idx[d] < shape[d]) {
        for (int k = 0; k < nops; k++) p[k] += step[k][d];
        break;
      }
      idx[d] = 0;
      for (int k = 0; k < nops; k++) p[k] -= (shape[d] - 1) * step[k][d];
    }
  }
}

int dk_run_nd(int nops, char **base0, const int *isz, const int64_t *meta, dk_loop fn) {
  int ndim = (int)meta[0];
  const int64_t *shape = meta + 1;
  const int64_t *strides = shape + ndim;
  const int64_t *offs = strides + (int64_t)nops * ndim;
  char *base[8];
  if (ndim < 0 || ndim > DK_MAXDIM || nops > 8) return dk_fail("bad iteration meta (ndim %d)", ndim);
  for (int k = 0; k < nops; k++) base[k] = base0[k] + offs[k] * isz[k];
  int64_t total = 1;
  for (int d = 0; d < ndim; d++) total *= shape[d];
  if (total == 0) return 0;
  if (ndim == 0) {
    int64_t s[8] = {0};
    fn(base, s, 1);
    return 0;
  }
  int64_t inner = shape[ndim - 1];
  int64_t outer = total / inner;
#ifdef _OPENMP
  int nt = omp_get_max_threads();
  if (total >= DK_PAR_MIN && nt > 1) {
    if (outer >= nt) {
#pragma omp parallel num_threads(nt)
      {
        int t = omp_get_thread_num(), n = omp_get_num_threads();
        int64_t a = outer * t / n, b = outer * (t + 1) / n;
        run_rows(nops, base, isz, ndim, shape, strides, a, b, fn);
      }
    } else {
      /* few long rows: split each row between the threads, at multiples
       * of 16 elements so each part starts as aligned as the row */
      for (int64_t row = 0; row < outer; row++) {
#pragma omp parallel num_threads(nt)
        {
          int t = omp_get_thread_num(), n = omp_get_num_threads();
          int64_t a = inner * t / n & ~(int64_t)15, b = t + 1 == n ? inner : inner * (t + 1) / n & ~(int64_t)15;
          int64_t rem = row, off;
          char *p[8];
          int64_t s[8];
          for (int k = 0; k < nops; k++) {
            rem = row;
            off = 0;
            for (int d = ndim - 2; d >= 0; d--) {
              off += (rem % shape[d]) * strides[k * ndim + d];
              rem /= shape[d];
            }
            s[k] = strides[k * ndim + ndim - 1];
            p[k] = base[k] + (off + a * s[k]) * isz[k];
          }
          if (b > a) fn(p, s, b - a);
        }
      }
    }
    return 0;
  }
#endif
  run_rows(nops, base, isz, ndim, shape, strides, 0, outer, fn);
  return 0;
}
