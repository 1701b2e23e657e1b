/* NumPy's legacy RandomState streams: MT19937 with NumPy's seeding and its
 * legacy algorithms (53-bit doubles, polar Box-Muller with a cached second
 * value, masked rejection for bounded integers), so a seed gives the numbers
 * NumPy gives. The state lives in a caller-owned buffer. */
#include "../include/dendrite.h"
#include "bitgen.h"
#include <math.h>

#define MT_M 397

int32_t dk_mt_state_size(void) { return (int32_t)sizeof(mt_state); }

void dk_mt_seed(mt_state *st, uint32_t seed) {
  for (int pos = 0; pos < MT_N; pos++) {
    st->key[pos] = seed;
    seed = (uint32_t)(1812433253UL * (seed ^ (seed >> 30)) + (uint32_t)pos + 1);
  }
  st->pos = MT_N;
  st->has_gauss = 0;
  st->gauss = 0;
}

/* init_by_array, for array seeds (and NumPy's seeding of large ints) */
void dk_mt_seed_array(mt_state *st, const uint32_t *key, int32_t len) {
  int i = 1, j = 0, k;
  uint32_t *mt = st->key;
  dk_mt_seed(st, 19650218UL);
  for (k = (MT_N > len ? MT_N : len); k; k--) {
    mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525UL)) + key[j] + (uint32_t)j;
    i++;
    j++;
    if (i >= MT_N) { mt[0] = mt[MT_N - 1]; i = 1; }
    if (j >= len) j = 0;
  }
  for (k = MT_N - 1; k; k--) {
    mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941UL)) - (uint32_t)i;
    i++;
    if (i >= MT_N) { mt[0] = mt[MT_N - 1]; i = 1; }
  }
  mt[0] = 0x80000000UL;
  st->pos = MT_N;
  st->has_gauss = 0;
  st->gauss = 0;
}

static void mt_gen(mt_state *st) {
  uint32_t y;
  int i;
  for (i = 0; i < MT_N - MT_M; i++) {
    y = (st->key[i] & 0x80000000UL) | (st->key[i + 1] & 0x7fffffffUL);
    st->key[i] = st->key[i + MT_M] ^ (y >> 1) ^ (-(y & 1) & 0x9908b0dfUL);
  }
  for (; i < MT_N - 1; i++) {
    y = (st->key[i] & 0x80000000UL) | (st->key[i + 1] & 0x7fffffffUL);
    st->key[i] = st->key[i + (MT_M - MT_N)] ^ (y >> 1) ^ (-(y & 1) & 0x9908b0dfUL);
  }
  y = (st->key[MT_N - 1] & 0x80000000UL) | (st->key[0] & 0x7fffffffUL);
  st->key[MT_N - 1] = st->key[MT_M - 1] ^ (y >> 1) ^ (-(y & 1) & 0x9908b0dfUL);
  st->pos = 0;
}

static inline uint32_t mt_next32(mt_state *st) {
  if (st->pos >= MT_N) mt_gen(st);
  uint32_t y = st->key[st->pos++];
  y ^= (y >> 11);
  y ^= (y << 7) & 0x9d2c5680UL;
  y ^= (y << 15) & 0xefc60000UL;
  y ^= (y >> 18);
  return y;
}

static inline uint64_t mt_next64(mt_state *st) {
  uint64_t hi = mt_next32(st);
  return hi << 32 | mt_next32(st);
}

static inline double mt_double(mt_state *st) {
  int32_t a = (int32_t)(mt_next32(st) >> 5), b = (int32_t)(mt_next32(st) >> 6);
  return (a * 67108864.0 + b) / 9007199254740992.0;
}

static double legacy_gauss(mt_state *st) {
  if (st->has_gauss) {
    st->has_gauss = 0;
    double g = st->gauss;
    st->gauss = 0;
    return g;
  }
  double f, x1, x2, r2;
  do {
    x1 = 2.0 * mt_double(st) - 1.0;
    x2 = 2.0 * mt_double(st) - 1.0;
    r2 = x1 * x1 + x2 * x2;
  } while (r2 >= 1.0 || r2 == 0.0);
  f = sqrt(-2.0 * log(r2) / r2);
  st->gauss = f * x1;
  st->has_gauss = 1;
  return f * x2;
}

/* the raw draws distributions.c builds RandomState's distributions on */
uint64_t dk_mt_next64(void *st) { return mt_next64(st); }
uint32_t dk_mt_next32(void *st) { return mt_next32(st); }
double dk_mt_next_double(void *st) { return mt_double(st); }
double dk_mt_gauss(void *st) { return legacy_gauss(st); }

/* kind 0: uniform [0,1) scaled as a + b*u; kind 1: normal a + b*z */
void dk_mt_fill(mt_state *st, int32_t kind, double *out, int64_t n, double a, double b) {
  if (kind == 0)
    for (int64_t i = 0; i < n; i++) out[i] = a + b * mt_double(st);
  else
    for (int64_t i = 0; i < n; i++) out[i] = a + b * legacy_gauss(st);
}

/* an integer in [0, max] by masked rejection (RandomState's bounded integers and shuffles) */
DK_DEFINE_INTERVAL(interval, mt_state, mt_next32, mt_next64)

/* NumPy's buffered byte draws for uint8: one 32-bit draw feeds 4 values. */
static inline uint8_t buffered_uint8(mt_state *st, int *bcnt, uint32_t *buf) {
  if (!*bcnt) {
    *buf = mt_next32(st);
    *bcnt = 3;
  } else {
    *buf >>= 8;
    *bcnt -= 1;
  }
  return (uint8_t)*buf;
}

/* NumPy's random_bounded_uint{64,8}_fill with use_masked: off + [0, rng].
 * lohi = [off, rng, bits]; bits 8 selects the uint8 stream. */
void dk_mt_randint(mt_state *st, int64_t *out, int64_t n, const int64_t *lohi) {
  uint64_t off = (uint64_t)lohi[0], rng = (uint64_t)lohi[1];
  if (lohi[2] == 8 && rng != 0) {
    uint8_t mask = (uint8_t)dk_mask_of(rng), v;
    uint32_t buf = 0;
    int bcnt = 0;
    for (int64_t i = 0; i < n; i++) {
      if (rng == 0xFF) v = buffered_uint8(st, &bcnt, &buf);
      else while ((v = (buffered_uint8(st, &bcnt, &buf) & mask)) > rng) {}
      out[i] = (int64_t)(uint8_t)(off + v);
    }
    return;
  }
  if (rng == 0xFFFFFFFFULL) /* NumPy's uint32 words (bytes, and randint's full range): no mask to apply */
    for (int64_t i = 0; i < n; i++) out[i] = (int64_t)(off + mt_next32(st));
  else
    for (int64_t i = 0; i < n; i++) out[i] = (int64_t)(off + interval(st, rng));
}

/* The swap partners of NumPy's shuffle: j[k] for i = n-1 .. 1 (k = n-1-i). */
void dk_mt_shuffle_indices(mt_state *st, int64_t *out, int64_t n) {
  for (int64_t i = n - 1; i >= 1; i--) out[n - 1 - i] = (int64_t)interval(st, (uint64_t)i);
}
