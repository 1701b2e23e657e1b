/* The argument structs of the CUDA kernels: each kernel takes exactly one
 * of these by value, and src/backend/cuda_meta.ts writes the same layouts
 * (its LAYOUT). Plain C++ over the fixed-width types, so the host compiler
 * checks the layouts too (tests/backend/cuda_compile_test.ts); kernel
 * parameters follow the host ABI. */
#ifndef DK_CUDA_ARGS_CUH
#define DK_CUDA_ARGS_CUH
#include "stdint.h"

/* Most dims a kernel sees after the host merged what it could (PyTorch's limit too). */
#define DK_CUDA_MAXDIM 25
/* flags */
#define DK_EW_CONTIG 1 /* every operand contiguous: one flat loop */
#define DK_EW_VEC 2    /* ... and aligned for vector loads (dk_vwidth elements) */

/* An element-wise space over N operands. Dims are innermost first;
 * strides and offsets in elements of each operand. Kernels take it as a
 * __grid_constant__ parameter: the dim loops index it at run time without
 * copying it to local memory, and stay loops (unrolling them over every
 * dim of every op made NVRTC's output 40 times larger). */
template <int N> struct EwArgs {
  char *p[N];
  int64_t off[N];
  int64_t n;
  int32_t ndim;
  int32_t flags;
  int64_t shape[DK_CUDA_MAXDIM];
  int64_t strides[N][DK_CUDA_MAXDIM];
};

/* fill (copy.cu): a value's bits, then the space */
struct FillArgs {
  uint64_t value;
  EwArgs<1> nd;
};

/* A reduction (reduce.cu): kept dims x reduced dims, innermost first. */
struct RedArgs {
  char *in;
  char *out;
  char *partial;     /* accumulators [grid.y][nout] when split */
  char *partial_idx; /* arg-reductions: their indices [grid.y][nout] */
  int64_t in_off;
  int64_t nout;
  int64_t nred; /* reduced elements per output (for _fin: the number of splits) */
  int64_t chunk; /* reduced elements per split */
  int32_t k;     /* kept dims */
  int32_t r;     /* reduced dims */
  int64_t kshape[DK_CUDA_MAXDIM];
  int64_t kstride[DK_CUDA_MAXDIM];
  int64_t rshape[DK_CUDA_MAXDIM];
  int64_t rstride[DK_CUDA_MAXDIM];
};

/* Rows along one axis (scan.cu, softmax.cu): `nrows` rows of `n` elements,
 * `in_step`/`out_step` apart within a row, the rows placed by the other
 * dims (innermost first). */
struct RowArgs {
  char *in;
  char *out;
  int64_t in_off;
  int64_t out_off;
  int64_t nrows;
  int64_t n;
  int64_t in_step;
  int64_t out_step;
  int32_t nd; /* other dims */
  int32_t flags;
  int64_t shape[DK_CUDA_MAXDIM];
  int64_t in_strides[DK_CUDA_MAXDIM];
  int64_t out_strides[DK_CUDA_MAXDIM];
};

/* Sub-block copies at element offsets (index.cu). */
struct IndexArgs {
  char *src;
  char *dst;
  const int64_t *offs;
  int64_t src_off;
  int64_t dst_off;
  int64_t nidx;
  int64_t block; /* elements per sub-block */
  int64_t total; /* nidx * block */
  int64_t src_istride; /* stride of the leading (index) dim, where it is src's */
  int64_t dst_istride; /* ... where it is dst's */
  int32_t rdim;
  int32_t mode;
  int64_t rshape[DK_CUDA_MAXDIM]; /* sub-block dims, innermost first */
  int64_t src_rstride[DK_CUDA_MAXDIM];
  int64_t dst_rstride[DK_CUDA_MAXDIM];
};

/* 2-d pooling over `planes` h x w planes into oh x ow (pool.cu). kind 0:
 * max_pool2d (dilation dh, dw), 1: avg_pool2d (div: a divisor override, 0
 * none; incl: count_include_pad), 2: adaptive windows (k, s, pad unused). */
struct PoolArgs {
  char *x;   /* input (backward: the input gradient) */
  char *y;   /* output (backward: the output gradient) */
  char *idx; /* max: int64 flat ih * w + iw of each maximum within its plane */
  int64_t planes, h, w, oh, ow, kh, kw, sh, sw, ph, pw, dh, dw, div, incl, kind;
};

/* Batch norm over n x c x hw, statistics per channel (batchnorm.cu); any
 * per-channel pointer may be null where the slot allows it. */
struct BnArgs {
  char *x, *gamma, *beta, *rmean, *rvar, *y, *mean, *invstd, *gy, *gx, *ggamma, *gbeta;
  int64_t n, c, hw;
  double momentum, eps;
  int32_t training;
  int32_t pad_;
};

/* A fused optimizer step over `n` contiguous elements (optim.cu): the
 * parameter, its gradient and state (SGD: m is the momentum buffer), the
 * step's scalars as optim_step.h reads them and its flags. */
struct OptimArgs {
  char *p, *g, *m, *v, *vmax;
  int64_t n;
  double s[7];
  int32_t flags;
  int32_t pad_;
};

/* Random draws into `n` contiguous elements (random.cu): Philox4x32-10
 * keyed by `seed`, counters (block index, `offset`); dropout's noise is
 * `scale` where a uniform draw is below `keep`, else 0. */
struct RandArgs {
  char *out;
  int64_t n;
  uint64_t seed;
  uint64_t offset;
  double keep;
  double scale;
};

/* Sorting `rows` contiguous rows of `n` elements (sort.cu): values into
 * `out`, or their source positions (int64) into `idx`. */
struct SortArgs {
  char *data;
  char *out;
  char *idx;
  int64_t rows, n;
  int32_t desc;
  int32_t pad_;
};

#endif
