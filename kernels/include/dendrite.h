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

/* dtype codes: the order is shared with src/core/dtype.ts */
enum { DK_BOOL = 0, DK_UINT8 = 1, DK_INT32 = 2, DK_INT64 = 3, DK_FLOAT32 = 4, DK_FLOAT64 = 5, DK_NDTYPES = 6 };

int dk_fail(const char *fmt, ...);
const char *dk_last_error(void);
int dk_itemsize(int dtype);

/* A loop over one row of n elements; p: operand pointers, s: their element
 * strides along the row. */
typedef void (*dk_loop)(char **p, const int64_t *s, int64_t n);

/* Runs `fn` over an N-d strided iteration space. meta layout:
 * [ndim, shape[ndim], strides[nops][ndim], offsets[nops]], strides and
 * offsets in elements of each operand (isz gives their byte sizes). */
int dk_run_nd(int nops, char **base, const int *isz, const int64_t *meta, dk_loop fn);

#endif
