/* The raw draws of NumPy's bit generators, as kernels/cpu/distributions.c
 * consumes them: a state pointer and its engine's functions, the shape of
 * NumPy's bitgen_t. random.c (MT19937, RandomState), pcg64.c (PCG64,
 * Generator) and bitgens.c (PCG64DXSM, Philox, SFC64, and the public bit
 * generators' seeding, state and advance) define them over caller-owned states. */
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
  /* the Generator's float32 ziggurat (NULL for RandomState) */
  float (*normal_f)(void *);
} dk_bitgen;

/* the states of PCG64 and PCG64DXSM (128-bit LCGs, with a buffered upper half for 32-bit draws) and of MT19937
 * (with RandomState's cached second normal) */
typedef struct {
  unsigned __int128 state, inc;
  int32_t has32;
  uint32_t u32;
} pcg_state;

#define MT_N 624
typedef struct {
  uint32_t key[MT_N];
  int32_t pos;
  int32_t has_gauss;
  double gauss;
} mt_state;

/* the Generator's fills and Floyd's sampling over PCG64 (pcg64.c; generator_algos.h says what they draw) */
int32_t dk_pcg_fill(pcg_state *s, int32_t kind, void *out, int64_t n, const int64_t *i, const double *f);
int32_t dk_pcg_floyd(pcg_state *s, int64_t *out, int64_t pop, int64_t size);

/* The public bit generators (np.random.PCG64, ...), as bitgens.c numbers them. */
enum { DK_BG_PCG64 = 0, DK_BG_PCG64DXSM = 1, DK_BG_MT19937 = 2, DK_BG_PHILOX = 3, DK_BG_SFC64 = 4, DK_BG_COUNT = 5 };
/* The raw draws and Generator normals of bit generator `kind` over `state`. */
dk_bitgen dk_bg_engine(int32_t kind, void *state);

/* What the Generator's fills draw (generator_algos.h): doubles, floats, normals, int64 / int32 in a range,
 * uniforms, shuffle swap partners, float normals. */
enum {
  DK_GEN_DOUBLE = 0,
  DK_GEN_FLOAT = 1,
  DK_GEN_NORMAL = 2,
  DK_GEN_INT64 = 3,
  DK_GEN_INT32 = 4,
  DK_GEN_UNIFORM = 5,
  DK_GEN_SWAPS = 6,
  DK_GEN_NORMAL_F = 7
};

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
