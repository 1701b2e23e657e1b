/* Shared declarations of the dendrite C kernels.
 *
 * ABI rules (see docs/ARCHITECTURE.md): every exported kernel takes
 * pointers, i32/i64 and f64 only, never aborts, and returns 0 on success or
 * -1 after dk_fail() stored a message that dk_last_error() returns. */
#ifndef DENDRITE_H
#define DENDRITE_H
#include <stdint.h>
#include <stddef.h>
#include <string.h>

#define DK_MAXDIM 64
/* Below this many elements a kernel stays on one thread: forking costs more
 * than it saves. */
#define DK_PAR_MIN 65536

/* The calling thread's number in its OpenMP team and the team's size
 * (0 and 1 outside a parallel region, or without OpenMP). */
#ifdef _OPENMP
#include <omp.h>
#define DK_TID() omp_get_thread_num()
#define DK_NT() omp_get_num_threads()
#else
#define DK_TID() 0
#define DK_NT() 1
#endif

/* OpenMP regions for work that may be small. A region entered with a false
 * `if` clause (or for one thread) still pays libgomp's team set-up, 1.1 us
 * per region on 2 vCPUs (measured), more than a small gather's whole
 * kernel; small work runs the same code directly instead.
 * DK_PARALLEL(nt, { ... }): the block on a team of nt threads, or directly
 * when nt is 1 (an `omp for` or `omp atomic` inside then runs as on one
 * thread).
 * DK_PARALLEL_FOR(cond, "omp parallel for ...", (init; test; step), { ... }):
 * the loop under that pragma when cond holds, else the plain loop. */
#ifdef _OPENMP
#define DK_PARALLEL(nt, ...)                                     \
  do {                                                           \
    const int dk_team_ = (nt);                                   \
    if (dk_team_ > 1) {                                          \
      _Pragma("omp parallel num_threads(dk_team_)") __VA_ARGS__ \
    } else                                                       \
      __VA_ARGS__                                                \
  } while (0)
#define DK_PARALLEL_FOR(cond, pragma, header, ...) \
  do {                                             \
    if (cond) {                                    \
      _Pragma(pragma) for header __VA_ARGS__       \
    } else                                         \
      for header __VA_ARGS__                       \
  } while (0)
#else
#define DK_PARALLEL(nt, ...) \
  do __VA_ARGS__ while (0)
#define DK_PARALLEL_FOR(cond, pragma, header, ...) \
  do {                                             \
    for header __VA_ARGS__                         \
  } while (0)
#endif

/* The team size for `work` units: every thread from `min` up, else one (see
 * DK_PARALLEL); dk_threads counts elements against DK_PAR_MIN. */
static inline int dk_team(double work, double min) {
#ifdef _OPENMP
  return work >= min ? omp_get_max_threads() : 1;
#else
  (void)work, (void)min;
  return 1;
#endif
}
static inline int dk_threads(double work) { return dk_team(work, DK_PAR_MIN); }

/* The element offsets in `in` and `out` of row r of a walk along `axis`
 * (rows in C order over every other dim of `shape`): cumsum's and
 * softmax's rows. */
static inline void dk_axis_row(int ndim, int axis, const int64_t *shape, const int64_t *si, const int64_t *so, int64_t r,
                               int64_t *oi, int64_t *oo) {
  int64_t a = 0, b = 0;
  for (int d = ndim - 1; d >= 0; d--) {
    if (d == axis) continue;
    int64_t i = r % shape[d];
    r /= shape[d];
    a += i * si[d];
    b += i * so[d];
  }
  *oi = a;
  *oo = b;
}

/* dtype codes: the order is shared with src/core/dtype.ts */
enum { DK_BOOL = 0, DK_UINT8 = 1, DK_INT32 = 2, DK_INT64 = 3, DK_FLOAT32 = 4, DK_FLOAT64 = 5, DK_NDTYPES = 6 };

int dk_fail(const char *fmt, ...);
const char *dk_last_error(void);
int dk_itemsize(int dtype);
/* Asks for transparent huge pages on the 2 MiB-aligned interior of [p, p + n). */
void dk_advise_huge(void *p, int64_t n);
/* Zero-fills n bytes at p (on every thread for large n). */
void dk_zero(void *p, int64_t n);

/* A loop over one row of n elements; p: operand pointers, s: their element
 * strides along the row. */
typedef void (*dk_loop)(char **p, const int64_t *s, int64_t n);

/* Runs `fn` over an N-d strided iteration space. meta layout:
 * [ndim, shape[ndim], strides[nops][ndim], offsets[nops]], strides and
 * offsets in elements of each operand (isz gives their byte sizes). */
int dk_run_nd(int nops, char **base, const int *isz, const int64_t *meta, dk_loop fn);

#endif
