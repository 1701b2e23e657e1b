/* NumPy's Generator streams (np.random.default_rng): PCG64 (128-bit LCG,
 * XSL-RR output) seeded through SeedSequence, and the Generator's
 * algorithms (53-bit doubles, 24-bit floats, Lemire's bounded integers,
 * the 256-layer ziggurat for normals, Floyd's sampling), so a seed gives
 * the numbers NumPy gives. The state lives in a caller-owned buffer. */
#include "../include/dendrite.h"
#include "bitgen.h"
#include <math.h>
#include <stdlib.h>

#include "ziggurat_tables.h"

typedef unsigned __int128 u128;

typedef struct {
  u128 state, inc;
  int32_t has32;
  uint32_t u32;
} pcg_state;

int32_t dk_pcg_state_size(void) { return (int32_t)sizeof(pcg_state); }

static const u128 PCG_MULT = ((u128)2549297995355413924ULL << 64) | 4865540595714422341ULL;

static inline uint64_t next64(pcg_state *s) {
  s->state = s->state * PCG_MULT + s->inc;
  uint64_t x = (uint64_t)(s->state >> 64) ^ (uint64_t)s->state;
  unsigned rot = (unsigned)(s->state >> 122);
  return (x >> rot) | (x << ((64 - rot) & 63));
}
/* half of a 64-bit draw at a time, low half first */
static inline uint32_t next32(pcg_state *s) {
  if (s->has32) {
    s->has32 = 0;
    return s->u32;
  }
  uint64_t v = next64(s);
  s->has32 = 1;
  s->u32 = (uint32_t)(v >> 32);
  return (uint32_t)v;
}
static inline double next_double(pcg_state *s) { return (double)(next64(s) >> 11) * (1.0 / 9007199254740992.0); }
static inline float next_float(pcg_state *s) { return dk_float24(next32(s)); }

/* SeedSequence(entropy).generate_state(4, uint64), then PCG64's seeding:
 * words are the seed's 32-bit digits, least significant first. */
void dk_pcg_seed(pcg_state *st, const uint32_t *words, int32_t n) {
  enum { POOL = 4 };
  uint32_t hc = 0x43b0d7e5, pool[POOL];
#define HASHMIX(v) (v ^= hc, hc *= 0x931e8875, v *= hc, v ^= v >> 16)
#define MIX(x, y) (r = 0xca01f9dd * (x) - 0x4973f715 * (y), r ^ (r >> 16))
  uint32_t r, v;
  for (int i = 0; i < POOL; i++) {
    v = i < n ? words[i] : 0;
    HASHMIX(v);
    pool[i] = v;
  }
  for (int s = 0; s < POOL; s++)
    for (int d = 0; d < POOL; d++)
      if (s != d) {
        v = pool[s];
        HASHMIX(v);
        pool[d] = MIX(pool[d], v);
      }
  for (int s = POOL; s < n; s++)
    for (int d = 0; d < POOL; d++) {
      v = words[s];
      HASHMIX(v);
      pool[d] = MIX(pool[d], v);
    }
  uint32_t hb = 0x8b51f9dd, w[8];
  for (int i = 0; i < 8; i++) {
    v = pool[i % POOL] ^ hb;
    hb *= 0x58f38ded;
    v *= hb;
    w[i] = v ^ (v >> 16);
  }
#undef HASHMIX
#undef MIX
  uint64_t s0 = w[0] | (uint64_t)w[1] << 32, s1 = w[2] | (uint64_t)w[3] << 32;
  uint64_t i0 = w[4] | (uint64_t)w[5] << 32, i1 = w[6] | (uint64_t)w[7] << 32;
  st->inc = (((u128)i0 << 64 | i1) << 1) | 1;
  st->state = 0;
  next64(st);
  st->state += (u128)s0 << 64 | s1;
  next64(st);
  st->has32 = 0;
  st->u32 = 0;
}

static double std_normal(pcg_state *s) {
  for (;;) {
    uint64_t r = next64(s);
    int idx = (int)(r & 0xff);
    r >>= 8;
    int sign = (int)(r & 1);
    uint64_t rabs = (r >> 1) & 0x000fffffffffffffULL;
    double x = (double)rabs * ZIG_WI[idx];
    if (sign) x = -x;
    if (rabs < ZIG_KI[idx]) return x;
    if (idx == 0) {
      for (;;) {
        double xx = -(1.0 / ZIG_R) * log1p(-next_double(s)), yy = -log1p(-next_double(s));
        if (yy + yy > xx * xx) return (rabs >> 8) & 1 ? -(ZIG_R + xx) : ZIG_R + xx;
      }
    }
    if ((ZIG_FI[idx - 1] - ZIG_FI[idx]) * next_double(s) + ZIG_FI[idx] < exp(-0.5 * x * x)) return x;
  }
}

/* the float32 ziggurat: 32-bit draws, float arithmetic, as NumPy's */
static float std_normal_f(pcg_state *s) {
  for (;;) {
    uint32_t r = next32(s);
    int idx = (int)(r & 0xff), sign = (int)((r >> 8) & 1);
    uint32_t rabs = (r >> 9) & 0x007fffff;
    float x = (float)rabs * ZIG_WI_F[idx];
    if (sign) x = -x;
    if (rabs < ZIG_KI_F[idx]) return x;
    if (idx == 0) {
      for (;;) {
        float xx = -ZIG_INV_R_F * log1pf(-next_float(s)), yy = -log1pf(-next_float(s));
        if (yy + yy > xx * xx) return (rabs >> 8) & 1 ? -(ZIG_R_F + xx) : ZIG_R_F + xx;
      }
    }
    if ((ZIG_FI_F[idx - 1] - ZIG_FI_F[idx]) * next_float(s) + ZIG_FI_F[idx] < exp(-0.5 * x * x)) return x;
  }
}

/* the raw draws distributions.c builds the Generator's distributions on */
uint64_t dk_pcg_next64(void *s) { return next64(s); }
uint32_t dk_pcg_next32(void *s) { return next32(s); }
double dk_pcg_next_double(void *s) { return next_double(s); }
double dk_pcg_normal(void *s) { return std_normal(s); }
float dk_pcg_normal_f(void *s) { return std_normal_f(s); }

/* an integer in [0, rng] by Lemire's multiply-and-reject, 32 or 64 bits wide */
static uint64_t bounded(pcg_state *s, uint64_t rng) {
  if (rng == 0) return 0;
  if (rng <= 0xffffffffULL) {
    if (rng == 0xffffffffULL) return next32(s);
    uint32_t ex = (uint32_t)rng + 1;
    uint64_t m = (uint64_t)next32(s) * ex;
    if ((uint32_t)m < ex) {
      uint32_t th = (uint32_t)(0xffffffffU - (uint32_t)rng) % ex;
      while ((uint32_t)m < th) m = (uint64_t)next32(s) * ex;
    }
    return m >> 32;
  }
  if (rng == ~0ULL) return next64(s);
  uint64_t ex = rng + 1;
  u128 m = (u128)next64(s) * ex;
  if ((uint64_t)m < ex) {
    uint64_t th = (~0ULL - rng) % ex;
    while ((uint64_t)m < th) m = (u128)next64(s) * ex;
  }
  return (uint64_t)(m >> 64);
}

/* an integer in [0, max] by masked rejection (the Generator's shuffles) */
DK_DEFINE_INTERVAL(interval, pcg_state, next32, next64)

enum { P_DOUBLE = 0, P_FLOAT = 1, P_NORMAL = 2, P_INT64 = 3, P_INT32 = 4, P_UNIFORM = 5, P_SWAPS = 6, P_NORMAL_F = 7 };

/* Fills out[0..n) with draws of `kind`: P_DOUBLE / P_UNIFORM / P_NORMAL
 * (doubles: f[0] + f[1] * u or f[0] + f[1] * z), P_FLOAT and P_NORMAL_F (floats),
 * P_INT64 / P_INT32 (i[0] + bounded(i[1]) as the dtype), P_SWAPS (int64:
 * for j = n-1 down to i[0], out[j] in [0, j], by masked rejection as
 * Generator.shuffle draws them, or by Lemire's method when i[1] is 1, as
 * choice's internal shuffles do). */
int32_t dk_pcg_fill(pcg_state *s, int32_t kind, void *out, int64_t n, const int64_t *i, const double *f) {
  switch (kind) {
  case P_DOUBLE:
  case P_UNIFORM:
    for (int64_t k = 0; k < n; k++) ((double *)out)[k] = f[0] + f[1] * next_double(s);
    return 0;
  case P_FLOAT:
    for (int64_t k = 0; k < n; k++) ((float *)out)[k] = next_float(s);
    return 0;
  case P_NORMAL:
    for (int64_t k = 0; k < n; k++) ((double *)out)[k] = f[0] + f[1] * std_normal(s);
    return 0;
  case P_NORMAL_F:
    for (int64_t k = 0; k < n; k++) ((float *)out)[k] = std_normal_f(s);
    return 0;
  case P_INT64:
    for (int64_t k = 0; k < n; k++) ((int64_t *)out)[k] = (int64_t)((uint64_t)i[0] + bounded(s, (uint64_t)i[1]));
    return 0;
  case P_INT32:
    for (int64_t k = 0; k < n; k++) ((int32_t *)out)[k] = (int32_t)(uint32_t)((uint64_t)i[0] + bounded(s, (uint64_t)i[1]));
    return 0;
  case P_SWAPS:
    for (int64_t j = n - 1; j >= i[0] && j >= 1; j--)
      ((int64_t *)out)[j] = (int64_t)(i[1] ? bounded(s, (uint64_t)j) : interval(s, (uint64_t)j));
    return 0;
  default:
    return dk_fail("pcg fill: bad kind %d", kind);
  }
}

/* Generator.choice(pop, size, replace=False) without p, for a small sample:
 * Floyd's algorithm over a linear-probing set, as NumPy orders it. */
int32_t dk_pcg_floyd(pcg_state *s, int64_t *out, int64_t pop, int64_t size) {
  uint64_t mask = dk_mask_of((uint64_t)(1.2 * (double)size));
  uint64_t *set = malloc(sizeof(uint64_t) * (mask + 1));
  if (!set) return dk_fail("choice: out of memory for a %lld-entry set", (long long)(mask + 1));
  for (uint64_t k = 0; k <= mask; k++) set[k] = ~0ULL;
  for (int64_t j = pop - size; j < pop; j++) {
    uint64_t val = bounded(s, (uint64_t)j), loc = val & mask;
    while (set[loc] != ~0ULL && set[loc] != val) loc = (loc + 1) & mask;
    if (set[loc] == ~0ULL) {
      set[loc] = val;
    } else {
      val = (uint64_t)j;
      loc = val & mask;
      while (set[loc] != ~0ULL) loc = (loc + 1) & mask;
      set[loc] = val;
    }
    out[j - pop + size] = (int64_t)val;
  }
  free(set);
  return 0;
}
