/* Random numbers drawn on the device: Philox4x32-10 (Salmon et al., "Parallel
 * random numbers: as easy as 1, 2, 3", SC 2011), the counter-based generator
 * PyTorch's CUDA generator also uses. Each draw is a pure function of
 * (seed, counter), so threads need no state: thread t makes block t's four
 * 32-bit words from the counter (t, offset), and the host moves `offset` on
 * after every call so no two calls share a counter. Values differ from
 * PyTorch's CUDA streams (which unroll their counters differently); the
 * CPU generator is the one that matches PyTorch bit for bit. */
#include "common.cuh"

struct dk_u32x4 {
  uint32_t v[4];
};

static __device__ __forceinline__ uint32_t dk_mulhilo(uint32_t a, uint32_t b, uint32_t *lo) {
  const uint64_t p = (uint64_t)a * b;
  *lo = (uint32_t)p;
  return (uint32_t)(p >> 32);
}

static __device__ __forceinline__ dk_u32x4 dk_philox(uint64_t block, uint64_t offset, uint64_t seed) {
  uint32_t c0 = (uint32_t)block, c1 = (uint32_t)(block >> 32), c2 = (uint32_t)offset, c3 = (uint32_t)(offset >> 32);
  uint32_t k0 = (uint32_t)seed, k1 = (uint32_t)(seed >> 32);
#pragma unroll
  for (int r = 0; r < 10; r++) {
    if (r > 0) k0 += 0x9E3779B9u, k1 += 0xBB67AE85u;
    uint32_t lo0, lo1;
    const uint32_t hi0 = dk_mulhilo(0xD2511F53u, c0, &lo0), hi1 = dk_mulhilo(0xCD9E8D57u, c2, &lo1);
    c0 = hi1 ^ c1 ^ k0, c1 = lo1, c2 = hi0 ^ c3 ^ k1, c3 = lo0;
  }
  dk_u32x4 out = {{c0, c1, c2, c3}};
  return out;
}

/* uniform in [0, 1): 24 random bits for float, 53 (two words) for double */
static __device__ __forceinline__ float dk_unit_f32(uint32_t w) { return (float)(w >> 8) * (1.0f / 16777216.0f); }
static __device__ __forceinline__ double dk_unit_f64(uint32_t hi, uint32_t lo) {
  return ((double)(hi >> 5) * 67108864.0 + (double)(lo >> 6)) * (1.0 / 9007199254740992.0);
}

/* K elements per Philox block, and element j's uniform draw */
template <class T> struct dk_unit;
template <> struct dk_unit<float> {
  static constexpr int K = 4;
  static __device__ __forceinline__ float at(const dk_u32x4 &r, int j) { return dk_unit_f32(r.v[j]); }
};
template <> struct dk_unit<double> {
  static constexpr int K = 2;
  static __device__ __forceinline__ double at(const dk_u32x4 &r, int j) { return dk_unit_f64(r.v[2 * j], r.v[2 * j + 1]); }
};

template <class T> static __device__ __forceinline__ void dk_dropout_noise(const RandArgs &a) {
  constexpr int K = dk_unit<T>::K;
  T *out = (T *)a.out;
  const T keep = (T)a.keep, scale = (T)a.scale;
  const int64_t blocks = (a.n + K - 1) / K, step = dk_nthreads();
  for (int64_t b = dk_tid(); b < blocks; b += step) {
    const dk_u32x4 r = dk_philox((uint64_t)b, a.offset, a.seed);
#pragma unroll
    for (int j = 0; j < K; j++) {
      const int64_t i = K * b + j;
      if (i < a.n) out[i] = dk_unit<T>::at(r, j) < keep ? scale : (T)0;
    }
  }
}

extern "C" __global__ void __launch_bounds__(256) dk_dropout_noise_float32(const __grid_constant__ RandArgs a) {
  dk_dropout_noise<float>(a);
}
extern "C" __global__ void __launch_bounds__(256) dk_dropout_noise_float64(const __grid_constant__ RandArgs a) {
  dk_dropout_noise<double>(a);
}
