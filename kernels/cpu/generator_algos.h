/* NumPy's Generator algorithms over one bit generator, instantiated per
 * engine so that each keeps its draws inlined: 53-bit doubles come from the
 * engine (NumPy's MT19937 builds them from two 32-bit draws), 24-bit floats,
 * Lemire's bounded integers, the 256-layer ziggurats, Floyd's sampling.
 *
 * Included once per engine (no include guard) after defining
 *   GA_S             the engine's state type
 *   GA_NEXT64(s)     GA_NEXT32(s)     GA_NEXT_DOUBLE(s)   its draws over `GA_S *s`
 *   GA_FN(name)      the instantiation's name for `name`
 * and #undef'd again at the end. The includer includes bitgen.h and, once, ziggurat_tables.h. */
#include <math.h>
#include <stdlib.h>

static inline float GA_FN(next_float)(GA_S *s) { return dk_float24(GA_NEXT32(s)); }

static double GA_FN(normal)(GA_S *s) {
  for (;;) {
    uint64_t r = GA_NEXT64(s);
    int idx = (int)(r & 0xff);
    r >>= 8;
    int sign = (int)(r & 1);
    uint64_t rabs = (r >> 1) & 0x000fffffffffffffULL;
    double x = (double)rabs * ZIG_WI[idx];
    if (sign) x = -x;
    if (rabs < ZIG_KI[idx]) return x;
    if (idx == 0) {
      for (;;) {
        double xx = -(1.0 / ZIG_R) * log1p(-GA_NEXT_DOUBLE(s)), yy = -log1p(-GA_NEXT_DOUBLE(s));
        if (yy + yy > xx * xx) return (rabs >> 8) & 1 ? -(ZIG_R + xx) : ZIG_R + xx;
      }
    }
    if ((ZIG_FI[idx - 1] - ZIG_FI[idx]) * GA_NEXT_DOUBLE(s) + ZIG_FI[idx] < exp(-0.5 * x * x)) return x;
  }
}

/* the float32 ziggurat: 32-bit draws, float arithmetic, as NumPy's */
static float GA_FN(normal_f)(GA_S *s) {
  for (;;) {
    uint32_t r = GA_NEXT32(s);
    int idx = (int)(r & 0xff), sign = (int)((r >> 8) & 1);
    uint32_t rabs = (r >> 9) & 0x007fffff;
    float x = (float)rabs * ZIG_WI_F[idx];
    if (sign) x = -x;
    if (rabs < ZIG_KI_F[idx]) return x;
    if (idx == 0) {
      for (;;) {
        float xx = -ZIG_INV_R_F * log1pf(-GA_FN(next_float)(s)), yy = -log1pf(-GA_FN(next_float)(s));
        if (yy + yy > xx * xx) return (rabs >> 8) & 1 ? -(ZIG_R_F + xx) : ZIG_R_F + xx;
      }
    }
    if ((ZIG_FI_F[idx - 1] - ZIG_FI_F[idx]) * GA_FN(next_float)(s) + ZIG_FI_F[idx] < exp(-0.5 * x * x)) return x;
  }
}

/* an integer in [0, rng] by Lemire's multiply-and-reject, 32 or 64 bits wide */
static uint64_t GA_FN(bounded)(GA_S *s, uint64_t rng) {
  if (rng == 0) return 0;
  if (rng <= 0xffffffffULL) {
    if (rng == 0xffffffffULL) return GA_NEXT32(s);
    uint32_t ex = (uint32_t)rng + 1;
    uint64_t m = (uint64_t)GA_NEXT32(s) * ex;
    if ((uint32_t)m < ex) {
      uint32_t th = (uint32_t)(0xffffffffU - (uint32_t)rng) % ex;
      while ((uint32_t)m < th) m = (uint64_t)GA_NEXT32(s) * ex;
    }
    return m >> 32;
  }
  if (rng == ~0ULL) return GA_NEXT64(s);
  uint64_t ex = rng + 1;
  unsigned __int128 m = (unsigned __int128)GA_NEXT64(s) * ex;
  if ((uint64_t)m < ex) {
    uint64_t th = (~0ULL - rng) % ex;
    while ((uint64_t)m < th) m = (unsigned __int128)GA_NEXT64(s) * ex;
  }
  return (uint64_t)(m >> 64);
}

/* an integer in [0, max] by masked rejection (the Generator's shuffles) */
DK_DEFINE_INTERVAL(GA_FN(interval), GA_S, GA_NEXT32, GA_NEXT64)

/* Fills out[0..n) with draws of `kind` (DK_GEN_* in bitgen.h): doubles f[0] + f[1] * u or f[0] + f[1] * z,
 * floats, i[0] + bounded(i[1]) as int64 / int32, or swap partners (int64: for j = n-1 down to i[0], out[j] in
 * [0, j], by masked rejection as Generator.shuffle draws them, or by Lemire's method when i[1] is 1, as choice's
 * internal shuffles do). */
static int32_t GA_FN(fill)(GA_S *s, int32_t kind, void *out, int64_t n, const int64_t *i, const double *f) {
  switch (kind) {
  case DK_GEN_DOUBLE:
  case DK_GEN_UNIFORM:
    for (int64_t k = 0; k < n; k++) ((double *)out)[k] = f[0] + f[1] * GA_NEXT_DOUBLE(s);
    return 0;
  case DK_GEN_FLOAT:
    for (int64_t k = 0; k < n; k++) ((float *)out)[k] = GA_FN(next_float)(s);
    return 0;
  case DK_GEN_NORMAL:
    for (int64_t k = 0; k < n; k++) ((double *)out)[k] = f[0] + f[1] * GA_FN(normal)(s);
    return 0;
  case DK_GEN_NORMAL_F:
    for (int64_t k = 0; k < n; k++) ((float *)out)[k] = GA_FN(normal_f)(s);
    return 0;
  case DK_GEN_INT64:
    for (int64_t k = 0; k < n; k++) ((int64_t *)out)[k] = (int64_t)((uint64_t)i[0] + GA_FN(bounded)(s, (uint64_t)i[1]));
    return 0;
  case DK_GEN_INT32:
    for (int64_t k = 0; k < n; k++)
      ((int32_t *)out)[k] = (int32_t)(uint32_t)((uint64_t)i[0] + GA_FN(bounded)(s, (uint64_t)i[1]));
    return 0;
  case DK_GEN_SWAPS:
    for (int64_t j = n - 1; j >= i[0] && j >= 1; j--)
      ((int64_t *)out)[j] = (int64_t)(i[1] ? GA_FN(bounded)(s, (uint64_t)j) : GA_FN(interval)(s, (uint64_t)j));
    return 0;
  default:
    return dk_fail("random fill: bad kind %d", kind);
  }
}

/* Generator.choice(pop, size, replace=False) without p, for a small sample:
 * Floyd's algorithm over a linear-probing set, as NumPy orders it. */
static int32_t GA_FN(floyd)(GA_S *s, int64_t *out, int64_t pop, int64_t size) {
  uint64_t mask = dk_mask_of((uint64_t)(1.2 * (double)size));
  uint64_t *set = malloc(sizeof(uint64_t) * (mask + 1));
  if (!set) return dk_fail("choice: out of memory for a %lld-entry set", (long long)(mask + 1));
  for (uint64_t k = 0; k <= mask; k++) set[k] = ~0ULL;
  for (int64_t j = pop - size; j < pop; j++) {
    uint64_t val = GA_FN(bounded)(s, (uint64_t)j), loc = val & mask;
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

#undef GA_S
#undef GA_NEXT64
#undef GA_NEXT32
#undef GA_NEXT_DOUBLE
#undef GA_FN
