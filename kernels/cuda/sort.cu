/* Stable sorts along contiguous rows by rank: each thread takes one
 * element and counts the elements of its row that go before it (smaller,
 * or equal and earlier), which is its place in the sorted row. That is
 * the CPU's stable merge order (kernels/cpu/sort.c) exactly, NaN last
 * ascending and first descending, in O(n) per element: fine for the rows
 * of a few thousand elements that model code sorts (top-k, argsort of
 * scores), slow for one row of millions. */
#include "common.cuh"

/* "a before b" with NaN treated as larger than every number */
template <class T> static __device__ __forceinline__ bool dk_lt(T a, T b) { return a < b || (b != b && a == a); }

/* the position of element j of row r in its sorted row */
template <class T> static __device__ __forceinline__ int64_t dk_rank(const SortArgs &a, const T *v, int64_t j) {
  const T x = v[j];
  int64_t rank = 0;
  for (int64_t i = 0; i < a.n; i++) {
    const T y = v[i];
    const bool first = a.desc ? dk_lt(x, y) : dk_lt(y, x), tie = !(a.desc ? dk_lt(y, x) : dk_lt(x, y));
    rank += first || (tie && i < j);
  }
  return rank;
}

/* out[r, rank] = data[r, j]; with idx: idx[r, rank] = j */
#define DK_SORT(sfx, T)                                                                                       \
  extern "C" __global__ void __launch_bounds__(256) dk_rank_sort_##sfx(const __grid_constant__ SortArgs a) { \
    const int64_t total = a.rows * a.n;                                                                       \
    for (int64_t e = dk_tid(); e < total; e += dk_nthreads()) {                                               \
      const int64_t r = e / a.n, j = e - r * a.n;                                                             \
      const T *v = (const T *)a.data + r * a.n;                                                               \
      const int64_t at = r * a.n + dk_rank<T>(a, v, j);                                                       \
      if (a.idx) ((int64_t *)a.idx)[at] = j;                                                                  \
      else ((T *)a.out)[at] = v[j];                                                                           \
    }                                                                                                         \
  }
DK_CUDA_DTYPES(DK_SORT)
