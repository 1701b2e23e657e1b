/* NumPy's public bit generators (np.random.PCG64, PCG64DXSM, MT19937,
 * Philox, SFC64): seeding from SeedSequence words (src/numpy/
 * seed_sequence.ts), raw draws, state as 64-bit words, advance and jumps,
 * and the Generator's algorithms (generator_algos.h) over each engine,
 * dispatched on DK_BG_*. PCG64's engine is pcg64.c's and MT19937's is
 * random.c's; the others live here. States are caller-owned buffers of
 * dk_bg_state_size(kind) bytes. */
#include "../include/dendrite.h"
#include "bitgen.h"
#include <math.h>
#include <stdlib.h>

#include "mt19937_jump_poly.h"
#include "ziggurat_tables.h"

typedef unsigned __int128 u128;

/* ---- PCG64 and PCG64DXSM: one LCG, two multipliers and output functions ---- */

static const u128 PCG_MULT = ((u128)2549297995355413924ULL << 64) | 4865540595714422341ULL;
static const uint64_t CHEAP_MULT = 0xda942042e4dd58b5ULL;

static inline u128 lcg_mult(int32_t kind) { return kind == DK_BG_PCG64 ? PCG_MULT : (u128)CHEAP_MULT; }

/* DXSM: the output of the state before the step, with the cheap multiplier */
static inline uint64_t dxsm_next64(pcg_state *s) {
  uint64_t hi = (uint64_t)(s->state >> 64), lo = (uint64_t)s->state | 1;
  hi ^= hi >> 32;
  hi *= CHEAP_MULT;
  hi ^= hi >> 48;
  hi *= lo;
  s->state = s->state * CHEAP_MULT + s->inc;
  return hi;
}

/* the upper half of a 64-bit draw is kept for the next 32-bit draw (PCG64DXSM, Philox, SFC64 as PCG64) */
#define BUFFERED_NEXT32(name, S, NEXT64) \
  static inline uint32_t name(S *s) {    \
    if (s->has32) {                      \
      s->has32 = 0;                      \
      return s->u32;                     \
    }                                    \
    uint64_t v = NEXT64(s);              \
    s->has32 = 1;                        \
    s->u32 = (uint32_t)(v >> 32);        \
    return (uint32_t)v;                  \
  }
#define DOUBLE53(name, S, NEXT64) \
  static inline double name(S *s) { return (double)(NEXT64(s) >> 11) * (1.0 / 9007199254740992.0); }

BUFFERED_NEXT32(dxsm_next32, pcg_state, dxsm_next64)
DOUBLE53(dxsm_next_double, pcg_state, dxsm_next64)

/* pcg_advance_lcg_128: the state `delta` steps on (delta mod 2^128), in log2(delta) steps */
static u128 lcg_advance(u128 state, u128 delta, u128 mult, u128 plus) {
  u128 acc_mult = 1, acc_plus = 0;
  while (delta > 0) {
    if (delta & 1) {
      acc_mult *= mult;
      acc_plus = acc_plus * mult + plus;
    }
    plus = (mult + 1) * plus;
    mult *= mult;
    delta >>= 1;
  }
  return acc_mult * state + acc_plus;
}

/* ---- Philox4x64-10 (Random123's counter-based generator, with NumPy's 4-word buffer) ---- */

typedef struct {
  uint64_t ctr[4], key[2], buffer[4];
  int32_t buffer_pos, has32;
  uint32_t u32;
} philox_state;

static void philox_block(philox_state *s) {
  uint64_t c[4] = {s->ctr[0], s->ctr[1], s->ctr[2], s->ctr[3]}, k0 = s->key[0], k1 = s->key[1];
  for (int round = 0; round < 10; round++) {
    if (round > 0) {
      k0 += 0x9E3779B97F4A7C15ULL;
      k1 += 0xBB67AE8584CAA73BULL;
    }
    u128 p0 = (u128)0xD2E7470EE14C6C93ULL * c[0], p1 = (u128)0xCA5A826395121157ULL * c[2];
    uint64_t n0 = (uint64_t)(p1 >> 64) ^ c[1] ^ k0, n2 = (uint64_t)(p0 >> 64) ^ c[3] ^ k1;
    c[0] = n0;
    c[1] = (uint64_t)p1;
    c[2] = n2;
    c[3] = (uint64_t)p0;
  }
  for (int i = 0; i < 4; i++) s->buffer[i] = c[i];
}

static inline uint64_t philox_next64(philox_state *s) {
  if (s->buffer_pos < 4) return s->buffer[s->buffer_pos++];
  if (++s->ctr[0] == 0 && ++s->ctr[1] == 0 && ++s->ctr[2] == 0) ++s->ctr[3];
  philox_block(s);
  s->buffer_pos = 1;
  return s->buffer[0];
}
BUFFERED_NEXT32(philox_next32, philox_state, philox_next64)
DOUBLE53(philox_next_double, philox_state, philox_next64)

/* ---- SFC64 (Chris Doty-Humphrey's small fast chaotic generator) ---- */

typedef struct {
  uint64_t s[4];
  int32_t has32;
  uint32_t u32;
} sfc_state;

static inline uint64_t sfc_next64(sfc_state *st) {
  uint64_t *s = st->s, tmp = s[0] + s[1] + s[3]++;
  s[0] = s[1] ^ (s[1] >> 11);
  s[1] = s[2] + (s[2] << 3);
  s[2] = ((s[2] << 24) | (s[2] >> 40)) + tmp;
  return tmp;
}
BUFFERED_NEXT32(sfc_next32, sfc_state, sfc_next64)
DOUBLE53(sfc_next_double, sfc_state, sfc_next64)

/* ---- the Generator's algorithms over each engine (PCG64's are pcg64.c's) ---- */

#define GA_S pcg_state
#define GA_NEXT64 dxsm_next64
#define GA_NEXT32 dxsm_next32
#define GA_NEXT_DOUBLE dxsm_next_double
#define GA_FN(name) dxsm_##name
#include "generator_algos.h"

#define GA_S mt_state
#define GA_NEXT64 dk_mt_next64
#define GA_NEXT32 dk_mt_next32
#define GA_NEXT_DOUBLE dk_mt_next_double
#define GA_FN(name) mt_##name
#include "generator_algos.h"

#define GA_S philox_state
#define GA_NEXT64 philox_next64
#define GA_NEXT32 philox_next32
#define GA_NEXT_DOUBLE philox_next_double
#define GA_FN(name) philox_##name
#include "generator_algos.h"

#define GA_S sfc_state
#define GA_NEXT64 sfc_next64
#define GA_NEXT32 sfc_next32
#define GA_NEXT_DOUBLE sfc_next_double
#define GA_FN(name) sfc_##name
#include "generator_algos.h"

/* void-pointer draws for dk_bitgen (distributions.c) */
#define VOID_DRAWS(p, S)                                                 \
  static uint64_t p##_v64(void *s) { return p##_next64((S *)s); }        \
  static uint32_t p##_v32(void *s) { return p##_next32((S *)s); }        \
  static double p##_vdouble(void *s) { return p##_next_double((S *)s); } \
  static double p##_vnormal(void *s) { return p##_normal((S *)s); }      \
  static float p##_vnormal_f(void *s) { return p##_normal_f((S *)s); }
VOID_DRAWS(dxsm, pcg_state)
VOID_DRAWS(philox, philox_state)
VOID_DRAWS(sfc, sfc_state)
static double mt_vnormal(void *s) { return mt_normal(s); }
static float mt_vnormal_f(void *s) { return mt_normal_f(s); }

dk_bitgen dk_bg_engine(int32_t kind, void *st) {
  switch (kind) {
  case DK_BG_PCG64:
    return (dk_bitgen){st, dk_pcg_next64, dk_pcg_next32, dk_pcg_next_double, dk_pcg_normal, dk_pcg_normal_f};
  case DK_BG_PCG64DXSM: return (dk_bitgen){st, dxsm_v64, dxsm_v32, dxsm_vdouble, dxsm_vnormal, dxsm_vnormal_f};
  case DK_BG_MT19937:
    return (dk_bitgen){st, dk_mt_next64, dk_mt_next32, dk_mt_next_double, mt_vnormal, mt_vnormal_f};
  case DK_BG_PHILOX:
    return (dk_bitgen){st, philox_v64, philox_v32, philox_vdouble, philox_vnormal, philox_vnormal_f};
  default: return (dk_bitgen){st, sfc_v64, sfc_v32, sfc_vdouble, sfc_vnormal, sfc_vnormal_f};
  }
}

/* ---- the public interface, dispatched on kind ---- */

int32_t dk_bg_state_size(int32_t kind) {
  switch (kind) {
  case DK_BG_PCG64:
  case DK_BG_PCG64DXSM: return (int32_t)sizeof(pcg_state);
  case DK_BG_MT19937: return (int32_t)sizeof(mt_state);
  case DK_BG_PHILOX: return (int32_t)sizeof(philox_state);
  case DK_BG_SFC64: return (int32_t)sizeof(sfc_state);
  default: return -1;
  }
}

#define W64(w, k) ((uint64_t)(w)[2 * (k)] | (uint64_t)(w)[2 * (k) + 1] << 32)

/* Seeds from SeedSequence's generate_state words (uint32; uint64 words are their little-endian pairs), as
 * NumPy's constructors: PCG64 / PCG64DXSM 4 uint64 (state, increment), MT19937 624 uint32 (the first replaced
 * by 0x80000000, the position left at 623 as NumPy leaves it), Philox 2 uint64 (key), SFC64 3 uint64 (then 12
 * draws). */
void dk_bg_seed(int32_t kind, void *st, const uint32_t *w) {
  switch (kind) {
  case DK_BG_PCG64:
  case DK_BG_PCG64DXSM: {
    /* both seed with PCG64's multiplier (NumPy's shared pcg64_set_seed) */
    pcg_state *s = st;
    s->inc = (((u128)W64(w, 2) << 64 | W64(w, 3)) << 1) | 1;
    s->state = s->inc;
    s->state = (s->state + ((u128)W64(w, 0) << 64 | W64(w, 1))) * PCG_MULT + s->inc;
    s->has32 = 0;
    s->u32 = 0;
    return;
  }
  case DK_BG_MT19937: {
    mt_state *s = st;
    s->key[0] = 0x80000000U;
    for (int i = 1; i < MT_N; i++) s->key[i] = w[i];
    s->pos = MT_N - 1;
    s->has_gauss = 0;
    s->gauss = 0;
    return;
  }
  case DK_BG_PHILOX: {
    philox_state *s = st;
    *s = (philox_state){{0, 0, 0, 0}, {W64(w, 0), W64(w, 1)}, {0, 0, 0, 0}, 4, 0, 0};
    return;
  }
  default: {
    sfc_state *s = st;
    *s = (sfc_state){{W64(w, 0), W64(w, 1), W64(w, 2), 1}, 0, 0};
    for (int i = 0; i < 12; i++) sfc_next64(s);
  }
  }
}

/* The state as 64-bit words: PCG [state hi, state lo, inc hi, inc lo, has_uint32, uinteger]; MT19937
 * [key[0..624), pos]; Philox [counter[4], key[2], buffer[4], buffer_pos, has_uint32, uinteger]; SFC64
 * [state[4], has_uint32, uinteger]. dk_bg_set writes the same words back. */
void dk_bg_get(int32_t kind, const void *st, uint64_t *o) {
  switch (kind) {
  case DK_BG_PCG64:
  case DK_BG_PCG64DXSM: {
    const pcg_state *s = st;
    uint64_t w[6] = {(uint64_t)(s->state >> 64), (uint64_t)s->state, (uint64_t)(s->inc >> 64), (uint64_t)s->inc,
                     (uint64_t)s->has32, s->u32};
    for (int i = 0; i < 6; i++) o[i] = w[i];
    return;
  }
  case DK_BG_MT19937: {
    const mt_state *s = st;
    for (int i = 0; i < MT_N; i++) o[i] = s->key[i];
    o[MT_N] = (uint64_t)(int64_t)s->pos;
    return;
  }
  case DK_BG_PHILOX: {
    const philox_state *s = st;
    for (int i = 0; i < 4; i++) o[i] = s->ctr[i], o[6 + i] = s->buffer[i];
    o[4] = s->key[0];
    o[5] = s->key[1];
    o[10] = (uint64_t)(int64_t)s->buffer_pos;
    o[11] = (uint64_t)s->has32;
    o[12] = s->u32;
    return;
  }
  default: {
    const sfc_state *s = st;
    for (int i = 0; i < 4; i++) o[i] = s->s[i];
    o[4] = (uint64_t)s->has32;
    o[5] = s->u32;
  }
  }
}

void dk_bg_set(int32_t kind, void *st, const uint64_t *w) {
  switch (kind) {
  case DK_BG_PCG64:
  case DK_BG_PCG64DXSM:
    *(pcg_state *)st =
        (pcg_state){(u128)w[0] << 64 | w[1], (u128)w[2] << 64 | w[3], (int32_t)(w[4] != 0), (uint32_t)w[5]};
    return;
  case DK_BG_MT19937: {
    mt_state *s = st;
    for (int i = 0; i < MT_N; i++) s->key[i] = (uint32_t)w[i];
    s->pos = (int32_t)w[MT_N];
    s->has_gauss = 0;
    s->gauss = 0;
    return;
  }
  case DK_BG_PHILOX: {
    philox_state *s = st;
    for (int i = 0; i < 4; i++) s->ctr[i] = w[i], s->buffer[i] = w[6 + i];
    s->key[0] = w[4];
    s->key[1] = w[5];
    s->buffer_pos = (int32_t)w[10];
    s->has32 = (int32_t)(w[11] != 0);
    s->u32 = (uint32_t)w[12];
    return;
  }
  default: {
    sfc_state *s = st;
    for (int i = 0; i < 4; i++) s->s[i] = w[i];
    s->has32 = (int32_t)(w[4] != 0);
    s->u32 = (uint32_t)w[5];
  }
  }
}

/* random_raw: n 64-bit draws (MT19937: 32-bit ones, as NumPy's next_raw) */
void dk_bg_raw(int32_t kind, void *st, uint64_t *out, int64_t n) {
  switch (kind) {
  case DK_BG_PCG64:
    for (int64_t k = 0; k < n; k++) out[k] = dk_pcg_next64(st);
    return;
  case DK_BG_PCG64DXSM:
    for (int64_t k = 0; k < n; k++) out[k] = dxsm_next64(st);
    return;
  case DK_BG_MT19937:
    for (int64_t k = 0; k < n; k++) out[k] = dk_mt_next32(st);
    return;
  case DK_BG_PHILOX:
    for (int64_t k = 0; k < n; k++) out[k] = philox_next64(st);
    return;
  default:
    for (int64_t k = 0; k < n; k++) out[k] = sfc_next64(st);
  }
}

/* advance(delta), delta as little-endian 64-bit words (2 for PCG, mod 2^128; 4 for Philox's counter, mod 2^256),
 * dropping the buffered draws as NumPy does */
int32_t dk_bg_advance(int32_t kind, void *st, const uint64_t *d) {
  switch (kind) {
  case DK_BG_PCG64:
  case DK_BG_PCG64DXSM: {
    pcg_state *s = st;
    s->state = lcg_advance(s->state, (u128)d[1] << 64 | d[0], lcg_mult(kind), s->inc);
    s->has32 = 0;
    s->u32 = 0;
    return 0;
  }
  case DK_BG_PHILOX: {
    philox_state *s = st;
    u128 carry = 0;
    for (int i = 0; i < 4; i++) {
      u128 sum = (u128)s->ctr[i] + d[i] + carry;
      s->ctr[i] = (uint64_t)sum;
      carry = sum >> 64;
    }
    for (int i = 0; i < 4; i++) s->buffer[i] = 0;
    s->buffer_pos = 4;
    s->has32 = 0;
    s->u32 = 0;
    return 0;
  }
  default: return dk_fail("advance: bit generator %d cannot be advanced", kind);
  }
}

/* MT19937.jumped: the state 2^128 words on, `jumps` times, by NumPy's mt19937_jump_state (Horner's rule for
 * MT_JUMP_POLY over single-word steps, in which the words stay in place and pos marks the oldest). */
static void mt_step(mt_state *s) {
  int p = s->pos, q = p + 1 == MT_N ? 0 : p + 1;
  uint32_t y = (s->key[p] & 0x80000000U) | (s->key[q] & 0x7fffffffU);
  s->key[p] = s->key[(p + 397) % MT_N] ^ (y >> 1) ^ (-(y & 1) & 0x9908b0dfU);
  s->pos = q;
}

void dk_bg_mt_jump(mt_state *st, int64_t jumps) {
  for (int64_t j = 0; j < jumps; j++) {
    if (st->pos >= MT_N) st->pos = 0;
    mt_state t = *st;
    mt_step(&t);
    for (int i = MT_JUMP_POLY_DEG - 1; i >= 0; i--) {
      if (MT_JUMP_POLY[i >> 5] >> (i & 31) & 1)
        for (int k = 0; k < MT_N; k++) t.key[(k + t.pos) % MT_N] ^= st->key[(k + st->pos) % MT_N];
      if (i > 0) mt_step(&t);
    }
    *st = t;
  }
  st->has_gauss = 0;
  st->gauss = 0;
}

/* The Generator's draws of `gkind` (DK_GEN_*) over bit generator `kind`; see generator_algos.h. */
int32_t dk_bg_fill(int32_t kind, void *st, int32_t gkind, void *out, int64_t n, const int64_t *i, const double *f) {
  switch (kind) {
  case DK_BG_PCG64: return dk_pcg_fill(st, gkind, out, n, i, f);
  case DK_BG_PCG64DXSM: return dxsm_fill(st, gkind, out, n, i, f);
  case DK_BG_MT19937: return mt_fill(st, gkind, out, n, i, f);
  case DK_BG_PHILOX: return philox_fill(st, gkind, out, n, i, f);
  default: return sfc_fill(st, gkind, out, n, i, f);
  }
}

/* Generator.choice's Floyd sample of `size` distinct values of [0, pop) over bit generator `kind`. */
int32_t dk_bg_floyd(int32_t kind, void *st, int64_t *out, int64_t pop, int64_t size) {
  switch (kind) {
  case DK_BG_PCG64: return dk_pcg_floyd(st, out, pop, size);
  case DK_BG_PCG64DXSM: return dxsm_floyd(st, out, pop, size);
  case DK_BG_MT19937: return mt_floyd(st, out, pop, size);
  case DK_BG_PHILOX: return philox_floyd(st, out, pop, size);
  default: return sfc_floyd(st, out, pop, size);
  }
}
