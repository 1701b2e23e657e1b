/* PyTorch's CPU random streams (torch 2.13, x86-64): its MT19937 engine and
 * seeding, and the exact transforms its CPU kernels apply, so a seed gives
 * the numbers PyTorch gives, bit for bit. The spec is
 * shared/pytorch_rng_facts.md (sections cited as "facts N"). Every draw is
 * serial: PyTorch fills elements one at a time in memory order.
 *
 * `kernel` selects which of PyTorch's CPU builds to match: TG_AVX2 (what
 * runs on any x86-64 with AVX2, AVX-512 included) fuses u*d+lo and
 * z*std+mean into one FMA and uses avx_mathfun's float32 log/sincos;
 * TG_DEFAULT (no AVX2) rounds twice and calls glibc logf/sinf/cosf. The
 * library builds with -ffp-contract=off, so every FMA below is explicit. */
#include "../include/dendrite.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#if defined(__AVX__) || defined(__FMA__)
#include <immintrin.h>
#endif

#include "poisson.h"

#define TG_N 624
#define TG_M 397
#define TG_AVX2 0
#define TG_DEFAULT 1
/* the vector normal fill works in blocks of 16 (8 radii, 8 angles) */
#define TG_BLOCK 16
/* 2*pi as PyTorch writes it: 2.0f * c10::pi<double>, a double */
#define TG_TWO_PI (2.0 * 3.14159265358979323846)

typedef struct {
  uint64_t seed;        /* as given: initial_seed() reports all 64 bits */
  int32_t left, seeded; /* mt19937_data_pod's left_ and seeded_ */
  uint32_t next;
  uint32_t mt[TG_N];
  int32_t has_normal; /* the one cached double normal (facts 6a) */
  double normal;
  int32_t has_float_normal; /* kept only so get/set_state round-trip */
  float float_normal;
} tg_state;

/* CPUGeneratorImplState: the layout torch.get_rng_state() dumps (facts 1) */
typedef struct {
  uint64_t the_initial_seed;
  int32_t left, seeded;
  uint64_t next;
  uint64_t state[TG_N];
  double normal_x, normal_y, normal_rho;
  int32_t normal_is_valid;
} tg_legacy_pod;
typedef struct {
  tg_legacy_pod legacy;
  float next_float_normal_sample;
  _Bool is_next_float_normal_sample_valid;
} tg_pod;
_Static_assert(sizeof(tg_pod) == 5056, "PyTorch's CPU generator state is 5056 bytes");

int32_t dk_tg_state_size(void) { return (int32_t)sizeof(tg_state); }

/* manual_seed: the 64-bit seed is kept, its low 32 bits seed the engine */
void dk_tg_seed(tg_state *st, uint64_t seed) {
  memset(st, 0, sizeof *st);
  st->seed = seed;
  st->seeded = 1;
  st->mt[0] = (uint32_t)seed;
  for (uint32_t j = 1; j < TG_N; j++) st->mt[j] = 1812433253u * (st->mt[j - 1] ^ (st->mt[j - 1] >> 30)) + j;
  st->left = 1; /* the first draw twists */
  st->next = 0;
}

void dk_tg_get_state(const tg_state *st, uint8_t *out) {
  tg_pod pod;
  memset(&pod, 0, sizeof pod); /* PyTorch's padding bytes are zero too */
  pod.legacy.the_initial_seed = st->seed;
  pod.legacy.left = st->left;
  pod.legacy.seeded = st->seeded;
  pod.legacy.next = st->next;
  for (int j = 0; j < TG_N; j++) pod.legacy.state[j] = st->mt[j];
  pod.legacy.normal_is_valid = st->has_normal;
  pod.legacy.normal_y = st->has_normal ? st->normal : 0.0;
  pod.is_next_float_normal_sample_valid = st->has_float_normal != 0;
  pod.next_float_normal_sample = st->has_float_normal ? st->float_normal : 0.0f;
  memcpy(out, &pod, sizeof pod);
}

/* set_state: PyTorch's checks, plus one it lacks: a state whose next+left
 * would read past the 624 words (UB in PyTorch) is refused too. */
int32_t dk_tg_set_state(tg_state *st, const uint8_t *in, int32_t len) {
  if (len != (int32_t)sizeof(tg_pod))
    return dk_fail("Expected a CPUGeneratorImplState of size %d but found the input RNG state size to be %d",
                   (int)sizeof(tg_pod), len);
  tg_pod pod;
  memcpy(&pod, in, sizeof pod);
  uint32_t next = (uint32_t)pod.legacy.next;
  int32_t left = pod.legacy.left;
  if (!pod.legacy.seeded || left <= 0 || left > TG_N || next > TG_N || (int64_t)next + left > TG_N + 1)
    return dk_fail("Invalid mt19937 state");
  st->seed = pod.legacy.the_initial_seed;
  st->left = left;
  st->seeded = 1;
  st->next = next;
  for (int j = 0; j < TG_N; j++) st->mt[j] = (uint32_t)pod.legacy.state[j];
  st->has_normal = pod.legacy.normal_is_valid != 0;
  st->normal = st->has_normal ? pod.legacy.normal_y : 0.0;
  st->has_float_normal = pod.is_next_float_normal_sample_valid;
  st->float_normal = st->has_float_normal ? pod.next_float_normal_sample : 0.0f;
  return 0;
}

static inline uint32_t twist(uint32_t u, uint32_t v) {
  return (((u & 0x80000000u) | (v & 0x7fffffffu)) >> 1) ^ ((v & 1u) ? 0x9908b0dfu : 0u);
}

static void next_state(tg_state *st) {
  uint32_t *p = st->mt;
  int j;
  for (j = 0; j < TG_N - TG_M; j++) p[j] = p[j + TG_M] ^ twist(p[j], p[j + 1]);
  for (; j < TG_N - 1; j++) p[j] = p[j + TG_M - TG_N] ^ twist(p[j], p[j + 1]);
  p[TG_N - 1] = p[TG_M - 1] ^ twist(p[TG_N - 1], p[0]);
  st->left = TG_N;
  st->next = 0;
}

/* random(): PyTorch decrements `left` first and twists when it hits 0 */
static inline uint32_t next32(tg_state *st) {
  if (--st->left == 0) next_state(st);
  uint32_t y = st->mt[st->next++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  y ^= y >> 18;
  return y;
}

/* random64(): the first word is the high half */
static inline uint64_t next64(tg_state *st) {
  uint64_t hi = next32(st);
  return hi << 32 | next32(st);
}

/* facts 2: the LOW 24 / 53 bits */
static inline float u01f(tg_state *st) { return (float)(next32(st) & 0xFFFFFFu) * 0x1p-24f; }
static inline double u01d(tg_state *st) { return (double)(next64(st) & ((1ULL << 53) - 1)) * 0x1p-53; }

/* facts 3: v = u*d + lo (one FMA on AVX2), and v == hi maps to lo */
int32_t dk_tg_uniform(tg_state *st, int32_t dtype, void *out, int64_t n, double a, double b, int32_t kernel) {
  if (dtype == DK_FLOAT32) {
    float lo = (float)a, hi = (float)b, d = hi - lo, *o = out;
    for (int64_t i = 0; i < n; i++) {
      float u = u01f(st), v = kernel == TG_AVX2 ? fmaf(u, d, lo) : u * d + lo;
      o[i] = v == hi ? lo : v;
    }
  } else if (dtype == DK_FLOAT64) {
    double d = b - a, *o = out;
    for (int64_t i = 0; i < n; i++) {
      double u = u01d(st), v = kernel == TG_AVX2 ? fma(u, d, a) : u * d + a;
      o[i] = v == b ? a : v;
    }
  } else {
    return dk_fail("uniform_: unsupported dtype code %d", dtype);
  }
  return 0;
}

/* facts 6a: Box-Muller, first uniform -> angle, second -> radius; the sine
 * half waits in the generator's cache for the next scalar normal */
static double normal_scalar(tg_state *st, double mean, double std, int32_t kernel) {
  double z;
  if (st->has_normal) {
    st->has_normal = 0;
    z = st->normal;
  } else {
    double u1 = u01d(st), u2 = u01d(st);
    double r = sqrt(-2.0 * log1p(-u2)), theta = TG_TWO_PI * u1;
    st->normal = r * sin(theta);
    st->has_normal = 1;
    z = r * cos(theta);
  }
  return kernel == TG_AVX2 ? fma(z, std, mean) : z * std + mean;
}

/* the draws torch_gamma.c's samplers take (at::uniform_real_distribution<double> and
 * at::normal_distribution<double>, which shares the scalar path's cache) */
double dk_tg_draw_uniform(void *st) { return u01d((tg_state *)st); }
double dk_tg_draw_normal(void *st) { return normal_scalar((tg_state *)st, 0.0, 1.0, TG_AVX2); }

/* facts 6b: one block of 16 uniforms -> 16 normals, float64 */
static void normal16d(double *d, double mean, double std) {
  for (int j = 0; j < 8; j++) {
    double u1 = 1.0 - d[j], theta = TG_TWO_PI * d[j + 8], radius = sqrt(-2.0 * log(u1));
    d[j] = fma(radius * cos(theta), std, mean);
    d[j + 8] = fma(radius * sin(theta), std, mean);
  }
}

/* The AVX2 kernel's math, eight lanes at a time as PyTorch's binary runs it:
 * GCC vector types (lowered to plain code where the target has no SIMD),
 * with the FMA instruction where the target has one */
typedef float v8f __attribute__((vector_size(32)));
typedef int32_t v8i __attribute__((vector_size(32)));

static inline v8f vfma(v8f a, v8f b, v8f c) {
#ifdef __FMA__
  return (v8f)_mm256_fmadd_ps((__m256)a, (__m256)b, (__m256)c);
#else
  v8f r;
  for (int j = 0; j < 8; j++) r[j] = fmaf(a[j], b[j], c[j]);
  return r;
#endif
}

static inline v8f vsqrt(v8f a) {
#ifdef __AVX__
  return (v8f)_mm256_sqrt_ps((__m256)a);
#else
  v8f r;
  for (int j = 0; j < 8; j++) r[j] = sqrtf(a[j]);
  return r;
#endif
}

/* a float constant from its bit pattern, in every lane */
static inline v8f vbits(uint32_t bits) { return (v8f)((v8i){0} + (int32_t)bits); }
/* mask ? a : b, lane by lane (masks are all-ones or zero) */
static inline v8f vsel(v8i mask, v8f a, v8f b) { return (v8f)((mask & (v8i)a) | (~mask & (v8i)b)); }

/* avx_mathfun's log256_ps for lanes in (0, 1], with the FMAs GCC
 * contracted in PyTorch's binary (facts 6c) */
static v8f avx2_logf(v8f x) {
  static const uint32_t p[9] = {0x3D9021BB, 0xBDEBD1B8, 0x3DEF251A, 0xBDFE5D4F, 0x3E11E9BF,
                                0xBE2AAE50, 0x3E4CCEAC, 0xBE7FFFFC, 0x3EAAAAAA};
  const v8f one = vbits(0x3F800000);
  v8i xb = (v8i)x;
  v8f m = (v8f)((xb & 0x807FFFFF) | 0x3F000000);
  v8f e = __builtin_convertvector((xb >> 23) - 127, v8f) + one;
  v8i below = m < vbits(0x3F3504F3); /* m < sqrt(1/2): one less in e, t = (m - 1) + m */
  e = e - (v8f)(below & (v8i)one);
  v8f t = (m - one) + (v8f)(below & (v8i)m);
  v8f z = t * t, poly = vbits(p[0]);
  for (int k = 1; k < 9; k++) poly = vfma(poly, t, vbits(p[k]));
  v8f y = vfma(t * poly, z, e * vbits(0xB95E8083));
  y = vfma(-z, vbits(0x3F000000), y);
  return vfma(e, vbits(0x3F318000), t + y);
}

/* avx_mathfun's sincos256_ps for lanes theta >= 0 */
static void avx2_sincosf(v8f theta, v8f *s, v8f *c) {
  v8i k = __builtin_convertvector(theta * vbits(0x3FA2F983), v8i); /* truncates, as cvttps */
  k = (k + 1) & ~1;
  v8f y = __builtin_convertvector(k, v8f);
  v8f x = vfma(y, vbits(0xBF490000), theta);
  x = vfma(y, vbits(0xB97DA000), x);
  x = vfma(y, vbits(0xB3222169), x);
  v8f z = x * x;
  v8f cp = vfma(vbits(0x37CCF5CE), z, vbits(0xBAB6061A));
  cp = vfma(cp, z, vbits(0x3D2AAAA5));
  cp = vfma(z, z * cp, -(z * vbits(0x3F000000))) + vbits(0x3F800000);
  v8f sp = vfma(vbits(0xB94CA1F9), z, vbits(0x3C08839E));
  sp = vfma(sp, z, vbits(0xBE2AAAA3));
  sp = vfma(x, z * sp, x);
  /* the lane blend adds +0 (turning -0 into +0), then the signs are xored */
  v8i swap = (k & 2) != 0;
  const v8f zero = {0};
  v8f sv = vsel(swap, cp, sp) + zero, cv = vsel(swap, sp, cp) + zero;
  *s = (v8f)((v8i)sv ^ ((k & 4) << 29));
  *c = (v8f)((v8i)cv ^ ((~(k - 2) & 4) << 29));
}

/* facts 6c: one block of 16 uniforms -> 16 normals, float32 */
static void normal16f(float *d, float mean, float std, int32_t kernel) {
  if (kernel == TG_AVX2) {
    v8f lo, hi, s, c;
    memcpy(&lo, d, sizeof lo);
    memcpy(&hi, d + 8, sizeof hi);
    v8f radius = vsqrt(avx2_logf(vbits(0x3F800000) - lo) * -2.0f);
    avx2_sincosf(vbits(0x40C90FDB) * hi, &s, &c);
    const v8f vm = (v8f){0} + mean, vs = (v8f){0} + std;
    lo = vfma(radius * c, vs, vm);
    hi = vfma(radius * s, vs, vm);
    memcpy(d, &lo, sizeof lo);
    memcpy(d + 8, &hi, sizeof hi);
    return;
  }
  for (int j = 0; j < 8; j++) {
    float u1 = 1.0f - d[j];
    float theta = (float)(TG_TWO_PI * d[j + 8]);
    float radius = sqrtf(-2.0f * logf(u1)), s = sinf(theta), c = cosf(theta);
    d[j] = fmaf(radius * c, std, mean);
    d[j + 8] = fmaf(radius * s, std, mean);
  }
}

/* facts 6: the vector fill for >= 16 contiguous elements, else the scalar
 * path. flags: bit 0 = contiguous, bits 1.. = kernel. */
int32_t dk_tg_normal(tg_state *st, int32_t dtype, void *out, int64_t n, double mean, double std, int32_t flags) {
  int32_t kernel = flags >> 1;
  int vector = (flags & 1) && n >= TG_BLOCK;
  if (dtype == DK_FLOAT32) {
    float *o = out;
    if (!vector) {
      for (int64_t i = 0; i < n; i++) o[i] = (float)normal_scalar(st, mean, std, kernel);
      return 0;
    }
    for (int64_t i = 0; i < n; i++) o[i] = u01f(st);
    for (int64_t i = 0; i + TG_BLOCK <= n; i += TG_BLOCK) normal16f(o + i, (float)mean, (float)std, kernel);
    if (n % TG_BLOCK) { /* redo the last 16 slots with fresh uniforms */
      for (int64_t i = n - TG_BLOCK; i < n; i++) o[i] = u01f(st);
      normal16f(o + n - TG_BLOCK, (float)mean, (float)std, kernel);
    }
  } else if (dtype == DK_FLOAT64) {
    double *o = out;
    if (!vector) {
      for (int64_t i = 0; i < n; i++) o[i] = normal_scalar(st, mean, std, kernel);
      return 0;
    }
    for (int64_t i = 0; i < n; i++) o[i] = u01d(st);
    for (int64_t i = 0; i + TG_BLOCK <= n; i += TG_BLOCK) normal16d(o + i, mean, std);
    if (n % TG_BLOCK) {
      for (int64_t i = n - TG_BLOCK; i < n; i++) o[i] = u01d(st);
      normal16d(o + n - TG_BLOCK, mean, std);
    }
  } else {
    return dk_fail("normal_: unsupported dtype code %d", dtype);
  }
  return 0;
}

/* facts 4: lohi = [low, high]; plain modulo of a 32- or 64-bit draw */
int32_t dk_tg_randint(tg_state *st, int64_t *out, int64_t n, const int64_t *lohi) {
  uint64_t low = (uint64_t)lohi[0], range = (uint64_t)lohi[1] - low;
  if (lohi[0] >= lohi[1])
    return dk_fail("random_ expects 'from' to be less than 'to', but got from=%lld >= to=%lld", (long long)lohi[0],
                   (long long)lohi[1]);
  int wide = range >= (1ULL << 28);
  for (int64_t i = 0; i < n; i++) out[i] = (int64_t)((wide ? next64(st) : next32(st)) % range + low);
  return 0;
}

/* facts 5: a Fisher-Yates swap walk with 32-bit draws below large_from
 * (PyTorch: 214748364), else the inside-out shuffle with 64-bit draws */
int32_t dk_tg_randperm(tg_state *st, int64_t *out, int64_t n, int64_t large_from) {
  if (n < 0) return dk_fail("randperm: n must be non-negative, got %lld", (long long)n);
  if (n < large_from) {
    for (int64_t i = 0; i < n; i++) out[i] = i;
    for (int64_t i = 0; i < n - 1; i++) {
      int64_t z = (int64_t)(next32(st) % (uint64_t)(n - i)), sav = out[i];
      out[i] = out[i + z];
      out[i + z] = sav;
    }
  } else {
    for (int64_t i = 0; i < n; i++) {
      int64_t z = (int64_t)(next64(st) % (uint64_t)(i + 1));
      out[i] = out[z];
      out[z] = i;
    }
  }
  return 0;
}

/* facts 7: float32 p draws a float32 uniform, float64 p a float64 one */
int32_t dk_tg_bernoulli_tensor(tg_state *st, int32_t dtype, const void *p, void *out, int64_t n) {
  if (dtype != DK_FLOAT32 && dtype != DK_FLOAT64) return dk_fail("bernoulli: unsupported dtype code %d", dtype);
  for (int64_t i = 0; i < n; i++) {
    double pi = dtype == DK_FLOAT32 ? ((const float *)p)[i] : ((const double *)p)[i];
    if (!(pi >= 0 && pi <= 1)) return dk_fail("expected every probability in [0, 1], but got p[%lld]=%g", (long long)i, pi);
  }
  if (dtype == DK_FLOAT32) {
    const float *pf = p;
    float *o = out;
    for (int64_t i = 0; i < n; i++) o[i] = u01f(st) < pf[i] ? 1.0f : 0.0f;
  } else {
    const double *pd = p;
    double *o = out;
    for (int64_t i = 0; i < n; i++) o[i] = u01d(st) < pd[i] ? 1.0 : 0.0;
  }
  return 0;
}

/* bernoulli_(p: float): always a float64 uniform */
int32_t dk_tg_bernoulli_scalar(tg_state *st, int32_t dtype, void *out, int64_t n, double p) {
  if (!(p >= 0 && p <= 1)) return dk_fail("bernoulli_ expects p to be in [0, 1], but got p=%g", p);
  if (dtype == DK_FLOAT32) {
    float *o = out;
    for (int64_t i = 0; i < n; i++) o[i] = u01d(st) < p ? 1.0f : 0.0f;
  } else if (dtype == DK_FLOAT64) {
    double *o = out;
    for (int64_t i = 0; i < n; i++) o[i] = u01d(st) < p ? 1.0 : 0.0;
  } else {
    return dk_fail("bernoulli_: unsupported dtype code %d", dtype);
  }
  return 0;
}

/* F.dropout(x, p, training=True) for 0 < p < 1: noise = bernoulli_(1-p)
 * divided by T(1-p) in x's dtype, out = x * noise (facts 7) */
int32_t dk_tg_dropout(tg_state *st, int32_t dtype, const void *x, void *out, void *noise, int64_t n, double p) {
  if (!(p > 0 && p < 1)) return dk_fail("dropout: the kernel needs 0 < p < 1, got %g", p);
  double keep = 1 - p;
  if (dtype == DK_FLOAT32) {
    const float *xf = x;
    float *o = out, *m = noise, factor = 1.0f / (float)keep;
    for (int64_t i = 0; i < n; i++) {
      m[i] = u01d(st) < keep ? factor : 0.0f;
      o[i] = xf[i] * m[i];
    }
  } else if (dtype == DK_FLOAT64) {
    const double *xd = x;
    double *o = out, *m = noise, factor = 1.0 / keep;
    for (int64_t i = 0; i < n; i++) {
      m[i] = u01d(st) < keep ? factor : 0.0;
      o[i] = xd[i] * m[i];
    }
  } else {
    return dk_fail("dropout: unsupported dtype code %d", dtype);
  }
  return 0;
}

static inline double exponential1(tg_state *st, double neg_inv_lambda) { return neg_inv_lambda * log1p(-u01d(st)); }

/* facts 8: (-1/lambda) * log1p(-u) in double, then cast */
int32_t dk_tg_exponential(tg_state *st, int32_t dtype, void *out, int64_t n, double lambda) {
  if (!(lambda > 0)) return dk_fail("exponential_ expects lambda > 0.0, but found lambda=%g", lambda);
  double c = -1.0 / lambda;
  if (dtype == DK_FLOAT32) {
    float *o = out;
    for (int64_t i = 0; i < n; i++) o[i] = (float)exponential1(st, c);
  } else if (dtype == DK_FLOAT64) {
    double *o = out;
    for (int64_t i = 0; i < n; i++) o[i] = exponential1(st, c);
  } else {
    return dk_fail("exponential_: unsupported dtype code %d", dtype);
  }
  return 0;
}

/* cauchy_, log_normal_, geometric_: PyTorch's CPU kernels draw one double
 * per element through at::cauchy/lognormal/geometric_distribution<double>
 * (serially, in memory order) and cast it; `out` gets the doubles.
 * kind 0: cauchy(median a, sigma b) = a + b*tan(pi*(u - 0.5)), u clipped to
 *         [eps, 1 - eps];
 * kind 1: log_normal(mean a, std b) = exp(the scalar-path normal, facts 6a);
 * kind 2: geometric(p a) = ceil(log(u) / log1p(-p)). */
int32_t dk_tg_dist(tg_state *st, double *out, int64_t n, int32_t kind, double a, double b, int32_t kernel) {
  const double eps = 0x1p-52;
  if (kind == 0) {
    for (int64_t i = 0; i < n; i++) {
      double u = u01d(st);
      u = u >= 1 - eps ? 1 - eps : u;
      u = u <= eps ? eps : u;
      out[i] = a + b * tan(3.14159265358979323846 * (u - 0.5));
    }
  } else if (kind == 1) {
    for (int64_t i = 0; i < n; i++) out[i] = exp(normal_scalar(st, a, b, kernel));
  } else if (kind == 2) {
    double d = log1p(-a);
    for (int64_t i = 0; i < n; i++) out[i] = ceil(log(u01d(st)) / d);
  } else {
    return dk_fail("unknown distribution %d", kind);
  }
  return 0;
}

/* torch.poisson: ATen's sample_poisson per rate, in memory order (kernels/cpu/poisson.h) */
DK_DEFINE_POISSON(poisson1, tg_state, u01d, lgamma)

int32_t dk_tg_poisson(tg_state *st, const double *rates, double *out, int64_t n) {
  for (int64_t i = 0; i < n; i++) {
    if (!(rates[i] >= 0)) return dk_fail("invalid Poisson rate, expected rate to be non-negative");
    out[i] = (double)poisson1(st, rates[i]);
  }
  return 0;
}

/* random_() without a range (uniform_int_distribution): a 64-bit draw for
 * int64 and float64 tensors (`wide`), else a 32-bit one, modulo the dtype's
 * range (2 for bool: val & 1) */
int32_t dk_tg_random_full(tg_state *st, int64_t *out, int64_t n, int32_t wide, uint64_t modulus) {
  if (modulus == 0) return dk_fail("random_: modulus 0");
  for (int64_t i = 0; i < n; i++) out[i] = (int64_t)((wide ? next64(st) : next32(st)) % modulus);
  return 0;
}

/* torch.topk's order, ties included (topk_order.h) */
#define TK_T double
#define TK_SFX f64
#include "topk_order.h"

/* topk(s, k, largest=True, sorted=True) of one row: its indices */
static void topk_row(tk_elem_f64 *q, const double *s, int64_t n, int64_t k, int64_t *out) {
  for (int64_t j = 0; j < n; j++) q[j] = (tk_elem_f64){s[j], j};
  tk_topk_f64(q, n, k, 1);
  for (int64_t j = 0; j < k; j++) out[j] = q[j].i;
}

/* without replacement (or k = 1): s = P / Exp(1) over all of P in P's
 * dtype, then argmax (first maximum, NaN largest) / topk per row (facts 8).
 * s is kept in doubles: holding float32 values, they order as float32. */
static int32_t multinomial_gumbel(tg_state *st, int32_t dtype, const void *probs, int64_t rows, int64_t cols,
                                  int64_t k, int64_t *out) {
  int64_t total = rows * cols;
  double *s = malloc((size_t)(total ? total : 1) * sizeof *s);
  tk_elem_f64 *q = malloc((size_t)cols * sizeof *q);
  if (!s || !q) {
    free(s);
    free(q);
    return dk_fail("multinomial: out of memory for %lld probabilities", (long long)total);
  }
  for (int64_t i = 0; i < total; i++) {
    if (dtype == DK_FLOAT32) s[i] = ((const float *)probs)[i] / (float)exponential1(st, -1.0);
    else s[i] = ((const double *)probs)[i] / exponential1(st, -1.0);
  }
  for (int64_t r = 0; r < rows; r++) {
    const double *row = s + r * cols;
    if (k == 1) {
      int64_t best = 0;
      for (int64_t j = 1; j < cols && !isnan(row[best]); j++)
        if (isnan(row[j]) || row[j] > row[best]) best = j;
      out[r] = best;
    } else {
      topk_row(q, row, cols, k, out + r * k);
    }
  }
  free(s);
  free(q);
  return 0;
}

/* with replacement, k >= 2: per row a cumulative sum in P's dtype divided
 * by the total, last entry 1; each sample a binary search for a float64
 * uniform (facts 8) */
static int32_t multinomial_cdf(tg_state *st, int32_t dtype, const void *probs, int64_t rows, int64_t cols, int64_t k,
                               int64_t *out) {
  double *cum = malloc((size_t)cols * sizeof *cum);
  if (!cum) return dk_fail("multinomial: out of memory for %lld categories", (long long)cols);
  for (int64_t r = 0; r < rows; r++) {
    if (dtype == DK_FLOAT32) {
      const float *p = (const float *)probs + r * cols;
      float sum = 0;
      for (int64_t j = 0; j < cols; j++) cum[j] = sum += p[j];
      for (int64_t j = 0; j < cols; j++) cum[j] = (float)cum[j] / sum;
    } else {
      const double *p = (const double *)probs + r * cols;
      double sum = 0;
      for (int64_t j = 0; j < cols; j++) cum[j] = sum += p[j];
      for (int64_t j = 0; j < cols; j++) cum[j] /= sum;
    }
    cum[cols - 1] = 1;
    for (int64_t i = 0; i < k; i++) {
      double u = u01d(st);
      int64_t left = 0, right = cols;
      while (right > left) {
        int64_t mid = left + (right - left) / 2;
        if (cum[mid] < u) left = mid + 1;
        else right = mid;
      }
      out[r * k + i] = left;
    }
  }
  free(cum);
  return 0;
}

/* PyTorch's checks on the probabilities, all made before any draw */
static int32_t multinomial_check(int32_t dtype, const void *probs, int64_t rows, int64_t cols, int cdf) {
  for (int64_t r = 0; r < rows; r++) {
    double sum = 0;
    for (int64_t j = 0; j < cols; j++) {
      double v = dtype == DK_FLOAT32 ? ((const float *)probs)[r * cols + j] : ((const double *)probs)[r * cols + j];
      if (cdf && !(v >= 0)) return dk_fail("invalid multinomial distribution (encountering probability entry < 0)");
      if (cdf && !isfinite(v))
        return dk_fail("invalid multinomial distribution (encountering probability entry = infinity or NaN)");
      if (!cdf && !(v >= 0 && v < INFINITY))
        return dk_fail("probability tensor contains either `inf`, `nan` or element < 0");
      sum += v;
    }
    if (!(sum > 0)) return dk_fail("invalid multinomial distribution (sum of probabilities <= 0)");
  }
  return 0;
}

/* meta = [rows, cols, k, replacement]; out holds rows * k indices */
int32_t dk_tg_multinomial(tg_state *st, int32_t dtype, const void *probs, const int64_t *meta, int64_t *out) {
  int64_t rows = meta[0], cols = meta[1], k = meta[2];
  int cdf = meta[3] && k > 1;
  if (dtype != DK_FLOAT32 && dtype != DK_FLOAT64) return dk_fail("multinomial: unsupported dtype code %d", dtype);
  if (rows < 0 || cols <= 0 || k <= 0 || (!cdf && k > cols))
    return dk_fail("multinomial: bad shape rows=%lld cols=%lld k=%lld", (long long)rows, (long long)cols, (long long)k);
  if (multinomial_check(dtype, probs, rows, cols, cdf)) return -1;
  return cdf ? multinomial_cdf(st, dtype, probs, rows, cols, k, out)
             : multinomial_gumbel(st, dtype, probs, rows, cols, k, out);
}
