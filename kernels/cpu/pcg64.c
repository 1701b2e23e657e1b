/* NumPy's Generator streams (np.random.default_rng): PCG64 (128-bit LCG,
 * XSL-RR output) and the Generator's algorithms over it (generator_algos.h),
 * so a seed gives the numbers NumPy gives. The state lives in a caller-owned
 * buffer; bitgens.c seeds it (through SeedSequence), reads, writes and
 * advances it. */
#include "../include/dendrite.h"
#include "bitgen.h"
#include <math.h>
#include <stdlib.h>

#include "ziggurat_tables.h"

typedef unsigned __int128 u128;

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

#define GA_S pcg_state
#define GA_NEXT64 next64
#define GA_NEXT32 next32
#define GA_NEXT_DOUBLE next_double
#define GA_FN(name) pcg_##name
#include "generator_algos.h"

/* the raw draws distributions.c and bitgens.c build on */
uint64_t dk_pcg_next64(void *s) { return next64(s); }
uint32_t dk_pcg_next32(void *s) { return next32(s); }
double dk_pcg_next_double(void *s) { return next_double(s); }
double dk_pcg_normal(void *s) { return pcg_normal(s); }
float dk_pcg_normal_f(void *s) { return pcg_normal_f(s); }

/* The Generator's draws of `kind` (DK_GEN_*) into out[0..n); see generator_algos.h for `i` and `f`. */
int32_t dk_pcg_fill(pcg_state *s, int32_t kind, void *out, int64_t n, const int64_t *i, const double *f) {
  return pcg_fill(s, kind, out, n, i, f);
}

/* Generator.choice's Floyd sample of `size` distinct values of [0, pop). */
int32_t dk_pcg_floyd(pcg_state *s, int64_t *out, int64_t pop, int64_t size) { return pcg_floyd(s, out, pop, size); }
