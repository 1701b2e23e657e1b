/* Sub-block copies at element offsets, the kernels behind advanced
 * indexing (the CPU's dk_index_copy / dk_index_add): mode 0 gathers
 * dst[i, ...] = src[offs[i] + ...], mode 1 scatters dst[offs[i] + ...] =
 * src[i, ...], and index_add / index_mul scatter adding / multiplying
 * (bool: or / and) with atomics, so repeated offsets accumulate (in no
 * fixed order for floats, as PyTorch's CUDA index_put_ with accumulate).
 * Offsets are checked on the host and copied to the device before the
 * launch. */
#include "common.cuh"

/* source and destination element offsets of element e */
static __device__ __forceinline__ void dk_index_pos(const IndexArgs &a, int64_t e, int64_t &s, int64_t &d) {
  const int64_t i = e / a.block;
  int64_t j = e - i * a.block;
  s = a.src_off;
  d = a.dst_off;
#pragma unroll
  for (int k = 0; k < DK_CUDA_MAXDIM; k++) {
    if (k == a.rdim) break;
    const int64_t q = j / a.rshape[k], r = j - q * a.rshape[k];
    j = q;
    s += r * a.src_rstride[k];
    d += r * a.dst_rstride[k];
  }
  if (a.mode == 0) {
    s += a.offs[i];
    d += i * a.dst_istride;
  } else {
    s += i * a.src_istride;
    d += a.offs[i];
  }
}

#define DK_INDEX_COPY(bits, T)                                                                    \
  extern "C" __global__ void __launch_bounds__(256) dk_index_copy_##bits(const __grid_constant__ IndexArgs a) {     \
    for (int64_t e = dk_tid(); e < a.total; e += dk_nthreads()) {                                 \
      int64_t s, d;                                                                               \
      dk_index_pos(a, e, s, d);                                                                   \
      ((T *)a.dst)[d] = ((const T *)a.src)[s];                                                    \
    }                                                                                             \
  }
DK_INDEX_COPY(8, uint8_t)
DK_INDEX_COPY(32, uint32_t)
DK_INDEX_COPY(64, uint64_t)

/* a op b in T; op 0 adds, 1 multiplies (bool: or, and), wrapping for integers */
template <class T, int OP> static __device__ __forceinline__ T dk_combine(T a, T b) {
  if constexpr (dk_same<T, bool>::value) return OP ? (a && b) : (a || b);
  else if constexpr (dk_is_flt<T>::value) return OP ? a * b : a + b;
  else return (T)(OP ? (uint64_t)a * (uint64_t)b : (uint64_t)a + (uint64_t)b);
}

/* One-byte types have no atomic instruction: compare-and-swap the aligned
 * word holding the byte (device blocks are padded to 512 bytes, so the word
 * is inside the allocation). */
template <class T, int OP> static __device__ __forceinline__ void dk_atomic_byte(T *p, T v) {
  uint32_t *w = (uint32_t *)((uint64_t)p & ~(uint64_t)3);
  const int shift = (int)((uint64_t)p & 3) * 8;
  uint32_t old = *w, assumed;
  do {
    assumed = old;
    const T cur = (T)((assumed >> shift) & 0xffu);
    const uint32_t res = (uint32_t)(uint8_t)dk_combine<T, OP>(cur, v);
    old = atomicCAS(w, assumed, (assumed & ~(0xffu << shift)) | (res << shift));
  } while (assumed != old);
}

/* Multiplies have no atomic instruction either: compare-and-swap the element's bits. */
template <class T, class U> static __device__ __forceinline__ void dk_atomic_mul_cas(T *p, T v) {
  U *w = (U *)p;
  U old = *w, assumed;
  do {
    assumed = old;
    T cur;
    memcpy(&cur, &assumed, sizeof(T));
    const T res = dk_combine<T, 1>(cur, v);
    U bits;
    memcpy(&bits, &res, sizeof(T));
    old = atomicCAS(w, assumed, bits);
  } while (assumed != old);
}

template <class T, int OP> static __device__ __forceinline__ void dk_atomic(T *p, T v) {
  if constexpr (sizeof(T) == 1) dk_atomic_byte<T, OP>(p, v);
  else if constexpr (OP == 1 && sizeof(T) == 4) dk_atomic_mul_cas<T, unsigned int>(p, v);
  else if constexpr (OP == 1) dk_atomic_mul_cas<T, unsigned long long>(p, v);
  else if constexpr (dk_same<T, int64_t>::value) atomicAdd((unsigned long long *)p, (unsigned long long)v);
  else atomicAdd(p, v);
}

#define DK_INDEX_COMBINE(name, OP, sfx, T)                                                        \
  extern "C" __global__ void __launch_bounds__(256) dk_index_##name##_##sfx(const __grid_constant__ IndexArgs a) { \
    for (int64_t e = dk_tid(); e < a.total; e += dk_nthreads()) {                                 \
      int64_t s, d;                                                                               \
      dk_index_pos(a, e, s, d);                                                                   \
      dk_atomic<T, OP>(&((T *)a.dst)[d], ((const T *)a.src)[s]);                                  \
    }                                                                                             \
  }
#define DK_INDEX_ADD_MUL(sfx, T) DK_INDEX_COMBINE(add, 0, sfx, T) DK_INDEX_COMBINE(mul, 1, sfx, T)
DK_CUDA_DTYPES(DK_INDEX_ADD_MUL)
