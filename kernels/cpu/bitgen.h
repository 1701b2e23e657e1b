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

#endif
