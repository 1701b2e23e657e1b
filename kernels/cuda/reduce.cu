/* Reductions (sum, prod, max, min, all, any) over a set of axes, and
 * argmax/argmin along one, with the CPU kernels' semantics: integer and
 * bool sums and products accumulate in int64 (wrapping), float32 ones in
 * double; max/min and argmax/argmin let NaN win; arg-reductions return the
 * first extreme.
 *
 * Block (bx, by): thread (tx, ty) owns output blockIdx.x * bx + tx and
 * accumulates every by-th element of its share of the reduced elements;
 * the by partial results are then combined in shared memory. bx = 1 suits
 * a reduced dim that is contiguous (the block reads one row), bx = 32 a
 * kept dim that is (each warp reads 32 adjacent outputs' elements). When
 * few outputs leave the GPU idle, grid.y splits the reduced elements:
 * each split writes its accumulators to `partial`, and the _fin kernel
 * combines them in split order, so results do not depend on timing. */
#include "common.cuh"

#define DK_RED_THREADS 256

template <class T> struct dk_limits;
template <> struct dk_limits<bool> { static __device__ bool lo() { return 0; } static __device__ bool hi() { return 1; } };
template <> struct dk_limits<uint8_t> { static __device__ uint8_t lo() { return 0; } static __device__ uint8_t hi() { return 255; } };
template <> struct dk_limits<int32_t> { static __device__ int32_t lo() { return INT32_MIN; } static __device__ int32_t hi() { return INT32_MAX; } };
template <> struct dk_limits<int64_t> { static __device__ int64_t lo() { return INT64_MIN; } static __device__ int64_t hi() { return INT64_MAX; } };
template <> struct dk_limits<float> { static __device__ float lo() { return -INFINITY; } static __device__ float hi() { return INFINITY; } };
template <> struct dk_limits<double> { static __device__ double lo() { return -(double)INFINITY; } static __device__ double hi() { return (double)INFINITY; } };

/* sums and products: of bool and the integers accumulated and returned in
 * int64; of float32 accumulated in double and returned in float32 */
template <class T> struct dk_sum_acc { typedef int64_t type; typedef int64_t out; };
template <> struct dk_sum_acc<float> { typedef double type; typedef float out; };
template <> struct dk_sum_acc<double> { typedef double type; typedef double out; };

/* integer sums and products wrap (as the C kernels, built with -fwrapv) */
template <class A> static __device__ __forceinline__ A dk_add(A a, A b) {
  if constexpr (dk_is_flt<A>::value) return a + b;
  else return (A)((uint64_t)a + (uint64_t)b);
}
template <class A> static __device__ __forceinline__ A dk_mul(A a, A b) {
  if constexpr (dk_is_flt<A>::value) return a * b;
  else return (A)((uint64_t)a * (uint64_t)b);
}

/* An op: its input T, accumulator ACC, output OUT, identity, conversion and combine. */
template <class T> struct dk_r_sum {
  typedef T in_t; typedef typename dk_sum_acc<T>::type acc_t; typedef typename dk_sum_acc<T>::out out_t;
  static __device__ acc_t id() { return 0; }
  static __device__ acc_t cv(T x) { return (acc_t)x; }
  static __device__ acc_t comb(acc_t a, acc_t b) { return dk_add(a, b); }
};
template <class T> struct dk_r_prod {
  typedef T in_t; typedef typename dk_sum_acc<T>::type acc_t; typedef typename dk_sum_acc<T>::out out_t;
  static __device__ acc_t id() { return 1; }
  static __device__ acc_t cv(T x) { return (acc_t)x; }
  static __device__ acc_t comb(acc_t a, acc_t b) { return dk_mul(a, b); }
};
template <class T> struct dk_r_max {
  typedef T in_t; typedef T acc_t; typedef T out_t;
  static __device__ T id() { return dk_limits<T>::lo(); }
  static __device__ T cv(T x) { return x; }
  static __device__ T comb(T a, T x) { return (x > a || x != x) ? x : a; }
};
template <class T> struct dk_r_min {
  typedef T in_t; typedef T acc_t; typedef T out_t;
  static __device__ T id() { return dk_limits<T>::hi(); }
  static __device__ T cv(T x) { return x; }
  static __device__ T comb(T a, T x) { return (x < a || x != x) ? x : a; }
};
template <class T> struct dk_r_all {
  typedef T in_t; typedef int acc_t; typedef bool out_t;
  static __device__ int id() { return 1; }
  static __device__ int cv(T x) { return x != 0; }
  static __device__ int comb(int a, int b) { return a & b; }
};
template <class T> struct dk_r_any {
  typedef T in_t; typedef int acc_t; typedef bool out_t;
  static __device__ int id() { return 0; }
  static __device__ int cv(T x) { return x != 0; }
  static __device__ int comb(int a, int b) { return a | b; }
};

template <class R> static __device__ __forceinline__ void dk_reduce_run(const RedArgs &a) {
  typedef typename R::in_t T;
  typedef typename R::acc_t A;
  __shared__ A sm[DK_RED_THREADS];
  const int tx = threadIdx.x, ty = threadIdx.y, bx = blockDim.x, by = blockDim.y;
  const int64_t o = (int64_t)blockIdx.x * bx + tx;
  A acc = R::id();
  if (o < a.nout) {
    const T *x = (const T *)a.in + a.in_off + dk_unravel(o, a.k, a.kshape, a.kstride);
    const int64_t lo = (int64_t)blockIdx.y * a.chunk;
    const int64_t hi = lo + a.chunk < a.nred ? lo + a.chunk : a.nred;
    if (a.r == 1) {
      const int64_t s = a.rstride[0];
      for (int64_t i = lo + ty; i < hi; i += by) acc = R::comb(acc, R::cv(x[i * s]));
    } else {
      for (int64_t i = lo + ty; i < hi; i += by) acc = R::comb(acc, R::cv(x[dk_unravel(i, a.r, a.rshape, a.rstride)]));
    }
  }
  const int t = ty * bx + tx;
  sm[t] = acc;
  __syncthreads();
  for (int s = by / 2; s > 0; s >>= 1) {
    if (ty < s) sm[t] = R::comb(sm[t], sm[t + s * bx]);
    __syncthreads();
  }
  if (ty == 0 && o < a.nout) {
    if (gridDim.y == 1) ((typename R::out_t *)a.out)[o] = (typename R::out_t)sm[tx];
    else ((A *)a.partial)[(int64_t)blockIdx.y * a.nout + o] = sm[tx];
  }
}

/* combines the splits' accumulators [nred][nout] in split order */
template <class R> static __device__ __forceinline__ void dk_reduce_fin_run(const RedArgs &a) {
  typedef typename R::acc_t A;
  for (int64_t o = dk_tid(); o < a.nout; o += dk_nthreads()) {
    A acc = R::id();
    for (int64_t j = 0; j < a.nred; j++) acc = R::comb(acc, ((const A *)a.partial)[j * a.nout + o]);
    ((typename R::out_t *)a.out)[o] = (typename R::out_t)acc;
  }
}

#define DK_RED_ENTRY(op, sfx, T)                                                                                 \
  extern "C" __global__ void __launch_bounds__(DK_RED_THREADS) dk_reduce_##op##_##sfx(const __grid_constant__ RedArgs a) {        \
    dk_reduce_run<dk_r_##op<T>>(a);                                                                              \
  }                                                                                                              \
  extern "C" __global__ void __launch_bounds__(DK_RED_THREADS) dk_reduce_fin_##op##_##sfx(const __grid_constant__ RedArgs a) {    \
    dk_reduce_fin_run<dk_r_##op<T>>(a);                                                                          \
  }
#define DK_RED_ALL(sfx, T) \
  DK_RED_ENTRY(sum, sfx, T) DK_RED_ENTRY(prod, sfx, T) DK_RED_ENTRY(max, sfx, T) DK_RED_ENTRY(min, sfx, T) \
  DK_RED_ENTRY(all, sfx, T) DK_RED_ENTRY(any, sfx, T)
DK_CUDA_DTYPES(DK_RED_ALL)

/* ---------- argmax / argmin: first extreme wins, the first NaN wins over all ---------- */
/* whether (v, i) beats the best so far (bv, bi); bi < 0: nothing yet */
template <class T, bool MAX>
static __device__ __forceinline__ bool dk_arg_better(T v, int64_t i, T bv, int64_t bi) {
  if (i < 0) return false;
  if (bi < 0) return true;
  const bool vn = v != v, bn = bv != bv;
  if (vn || bn) return vn && (!bn || i < bi);
  if (v == bv) return i < bi;
  return MAX ? v > bv : v < bv;
}

template <class T, bool MAX> static __device__ __forceinline__ void dk_arg_run(const RedArgs &a) {
  __shared__ T sv[DK_RED_THREADS];
  __shared__ int64_t si[DK_RED_THREADS];
  const int tx = threadIdx.x, ty = threadIdx.y, bx = blockDim.x, by = blockDim.y;
  const int64_t o = (int64_t)blockIdx.x * bx + tx;
  T best = 0;
  int64_t bi = -1;
  if (o < a.nout) {
    const T *x = (const T *)a.in + a.in_off + dk_unravel(o, a.k, a.kshape, a.kstride);
    const int64_t lo = (int64_t)blockIdx.y * a.chunk;
    const int64_t hi = lo + a.chunk < a.nred ? lo + a.chunk : a.nred;
    const int64_t s = a.rstride[0];
    for (int64_t i = lo + ty; i < hi; i += by) {
      const T v = x[i * s];
      if (dk_arg_better<T, MAX>(v, i, best, bi)) {
        best = v;
        bi = i;
      }
    }
  }
  const int t = ty * bx + tx;
  sv[t] = best;
  si[t] = bi;
  __syncthreads();
  for (int s = by / 2; s > 0; s >>= 1) {
    if (ty < s && dk_arg_better<T, MAX>(sv[t + s * bx], si[t + s * bx], sv[t], si[t])) {
      sv[t] = sv[t + s * bx];
      si[t] = si[t + s * bx];
    }
    __syncthreads();
  }
  if (ty == 0 && o < a.nout) {
    if (gridDim.y == 1) ((int64_t *)a.out)[o] = si[tx];
    else {
      const int64_t p = (int64_t)blockIdx.y * a.nout + o;
      ((T *)a.partial)[p] = sv[tx];
      ((int64_t *)a.partial_idx)[p] = si[tx];
    }
  }
}

template <class T, bool MAX> static __device__ __forceinline__ void dk_arg_fin_run(const RedArgs &a) {
  for (int64_t o = dk_tid(); o < a.nout; o += dk_nthreads()) {
    T best = 0;
    int64_t bi = -1;
    for (int64_t j = 0; j < a.nred; j++) {
      const int64_t p = j * a.nout + o;
      const T v = ((const T *)a.partial)[p];
      const int64_t i = ((const int64_t *)a.partial_idx)[p];
      if (dk_arg_better<T, MAX>(v, i, best, bi)) {
        best = v;
        bi = i;
      }
    }
    ((int64_t *)a.out)[o] = bi;
  }
}

#define DK_ARG_ENTRY(op, MAX, sfx, T)                                                                             \
  extern "C" __global__ void __launch_bounds__(DK_RED_THREADS) dk_##op##_##sfx(const __grid_constant__ RedArgs a) {               \
    dk_arg_run<T, MAX>(a);                                                                                        \
  }                                                                                                               \
  extern "C" __global__ void __launch_bounds__(DK_RED_THREADS) dk_##op##_fin_##sfx(const __grid_constant__ RedArgs a) {           \
    dk_arg_fin_run<T, MAX>(a);                                                                                    \
  }
#define DK_ARG_ALL(sfx, T) DK_ARG_ENTRY(argmax, true, sfx, T) DK_ARG_ENTRY(argmin, false, sfx, T)
DK_CUDA_DTYPES(DK_ARG_ALL)
