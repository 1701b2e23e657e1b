/* The raw draws of NumPy's two bit generators, as kernels/cpu/distributions.c
 * consumes them: a state pointer and its engine's functions, the shape of
 * NumPy's bitgen_t. random.c (MT19937, RandomState) and pcg64.c (PCG64,
 * Generator) define them over their caller-owned states. */
#ifndef DK_BITGEN_H
#define DK_BITGEN_H
#include <stdint.h>

typedef struct {
  void *state;
  uint64_t (*next64)(void *);
  uint32_t (*next32)(void *);
  double (*next_double)(void *);
  /* RandomState: the polar method with its cached second value; Generator: the ziggurat */
  double (*normal)(void *);
} dk_bitgen;

uint64_t dk_mt_next64(void *st);
uint32_t dk_mt_next32(void *st);
double dk_mt_next_double(void *st);
double dk_mt_gauss(void *st);

uint64_t dk_pcg_next64(void *st);
uint32_t dk_pcg_next32(void *st);
double dk_pcg_next_double(void *st);
double dk_pcg_normal(void *st);
float dk_pcg_normal_f(void *st);

/* NumPy's float32 uniform in [0, 1) from a 32-bit draw: its top 24 bits */
static inline float dk_float24(uint32_t r) { return (float)(r >> 8) * (1.0f / 16777216.0f); }

/* the smallest all-ones mask covering max */
static inline uint64_t dk_mask_of(uint64_t max) {
  uint64_t m = max;
  for (int k = 1; k < 64; k <<= 1) m |= m >> k;
  return m;
}

/* Defines `static inline uint64_t name(S *s, uint64_t max)`: an integer in [0, max] by masked rejection, from
 * 32-bit draws while max fits them (NumPy's masked bounded integers and its shuffles). NEXT32 and NEXT64 are
 * the engine's draws, written as macros or functions over `S *` so each engine keeps its inlined ones. */
#define DK_DEFINE_INTERVAL(name, S, NEXT32, NEXT64)            \
  static inline uint64_t name(S *s, uint64_t max) {            \
    if (max == 0) return 0;                                    \
    uint64_t mask = dk_mask_of(max), v;                        \
    if (max <= 0xffffffffULL)                                  \
      while ((v = NEXT32(s) & mask) > max) {}                  \
    else                                                       \
      while ((v = NEXT64(s) & mask) > max) {}                  \
    return v;                                                  \
  }

#endif
