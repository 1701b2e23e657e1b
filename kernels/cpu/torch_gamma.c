/* torch.distributions' gamma family on PyTorch's CPU generator: _standard_gamma, _sample_dirichlet's gammas and
 * torch.binomial draw exactly as ATen's sample_gamma / sample_binomial (aten/src/ATen/native/Distributions.h), one
 * element at a time in memory order, with at::uniform_real_distribution<double> and the cached scalar normal
 * (torch_random.c's dk_tg_draw_*). _standard_gamma_grad and _dirichlet_grad are ATen's reparameterized gradients
 * (standard_gamma_grad_one, dirichlet_grad_one). Per-type bodies: torch_gamma_impl.h. */
#include "../include/dendrite.h"
#include <stddef.h>
#include <tgmath.h>

double dk_tg_draw_uniform(void *st);
double dk_tg_draw_normal(void *st);

#define PI_D 3.14159265358979323846

/* ATen's polevl: Horner over len + 1 coefficients */
static double polevl_d(double x, const double *A, size_t len) {
  double result = 0;
  for (size_t i = 0; i <= len; i++) result = result * x + A[i];
  return result;
}

/* stirling_approx_tail<double> */
static double stirling_approx_tail(double k) {
  static const double kTailValues[] = {0.0810614667953272,  0.0413406959554092,  0.0276779256849983,
                                       0.02079067210376509, 0.0166446911898211,  0.0138761288230707,
                                       0.0118967099458917,  0.0104112652619720,  0.00925546218271273,
                                       0.00833056343336287};
  if (k < 10) return kTailValues[(size_t)k];
  double kp1sq = (k + 1) * (k + 1);
  return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / (k + 1);
}

/* dirichlet_grad_one's rational correction coefficients */
static const double DIRICHLET_C[2][3][3][4] = {
    {{{1.003668233, -0.01061107488, -0.0657888334, 0.01201642863},
      {0.6336835991, -0.3557432599, 0.05486251648, -0.001465281033},
      {-0.03276231906, 0.004474107445, 0.002429354597, -0.0001557569013}},
     {{0.221950385, -0.3187676331, 0.01799915743, 0.01074823814},
      {-0.2951249643, 0.06219954479, 0.01535556598, 0.001550077057},
      {0.02155310298, 0.004170831599, 0.001292462449, 6.976601077e-05}},
     {{-0.05980841433, 0.008441916499, 0.01085618172, 0.002319392565},
      {0.02911413504, 0.01400243777, -0.002721828457, 0.000751041181},
      {0.005900514878, -0.001936558688, -9.495446725e-06, 5.385558597e-05}}},
    {{{1, -0.02924021934, -0.04438342661, 0.007285809825},
      {0.6357567472, -0.3473456711, 0.05454656494, -0.002407477521},
      {-0.03301322327, 0.004845219414, 0.00231480583, -0.0002307248149}},
     {{0.5925320577, -0.1757678135, 0.01505928619, 0.000564515273},
      {0.1014815858, -0.06589186703, 0.01272886114, -0.0007316646956},
      {-0.007258481865, 0.001096195486, 0.0003934994223, -4.12701925e-05}},
     {{0.06469649321, -0.0236701437, 0.002902096474, -5.896963079e-05},
      {0.001925008108, -0.002869809258, 0.0008000589141, -6.063713228e-05},
      {-0.0003477407336, 6.959756487e-05, 1.097287507e-05, -1.650964693e-06}}},
};

/* the double instantiation first: standard_gamma_grad_one calls digamma_one<double, double> for every T */
#define T double
#define SUF _d
#include "torch_gamma_impl.h"
#undef T
#undef SUF
#define T float
#define SUF _f
#include "torch_gamma_impl.h"
#undef T
#undef SUF

/* one loop per float dtype over `n` elements: `BODY(T, SUF)` names the per-type functions with SUF */
#define FOR_FLOAT_DTYPE(dtype, what, BODY)                                                                     \
  if ((dtype) == DK_FLOAT32) {                                                                                 \
    BODY(float, _f)                                                                                            \
  } else if ((dtype) == DK_FLOAT64) {                                                                          \
    BODY(double, _d)                                                                                           \
  } else {                                                                                                     \
    return dk_fail(what ": unsupported dtype code %d", dtype);                                                \
  }                                                                                                            \
  return 0;

/* torch._standard_gamma(alpha): one draw per element, at least the dtype's smallest normal */
int32_t dk_tg_standard_gamma(void *st, int32_t dtype, const void *alpha, void *out, int64_t n) {
#define GAMMA_LOOP(T, SFX)                                                                                     \
  const T tiny = sizeof(T) == 4 ? (T)0x1p-126 : (T)0x1p-1022;                                                 \
  for (int64_t i = 0; i < n; i++) {                                                                            \
    T s = sample_gamma##SFX(st, ((const T *)alpha)[i]);                                                        \
    ((T *)out)[i] = tiny < s ? s : tiny;                                                                       \
  }
  FOR_FLOAT_DTYPE(dtype, "_standard_gamma", GAMMA_LOOP)
}

/* torch.binomial(count, prob): one draw per element */
int32_t dk_tg_binomial(void *st, int32_t dtype, const void *count, const void *prob, void *out, int64_t n) {
#define BINOMIAL_LOOP(T, SFX)                                                                                  \
  for (int64_t i = 0; i < n; i++) ((T *)out)[i] = sample_binomial##SFX(st, ((const T *)count)[i], ((const T *)prob)[i]);
  FOR_FLOAT_DTYPE(dtype, "binomial", BINOMIAL_LOOP)
}

/* torch._standard_gamma_grad(alpha, x) */
int32_t dk_standard_gamma_grad(int32_t dtype, const void *alpha, const void *x, void *out, int64_t n) {
#define SGG_LOOP(T, SFX)                                                                                       \
  for (int64_t i = 0; i < n; i++) ((T *)out)[i] = standard_gamma_grad_one##SFX(((const T *)alpha)[i], ((const T *)x)[i]);
  FOR_FLOAT_DTYPE(dtype, "_standard_gamma_grad", SGG_LOOP)
}

/* torch._dirichlet_grad(x, alpha, total) */
int32_t dk_dirichlet_grad(int32_t dtype, const void *x, const void *alpha, const void *total, void *out, int64_t n) {
#define DG_LOOP(T, SFX)                                                                                        \
  for (int64_t i = 0; i < n; i++)                                                                              \
    ((T *)out)[i] = dirichlet_grad_one##SFX(((const T *)x)[i], ((const T *)alpha)[i], ((const T *)total)[i]);
  FOR_FLOAT_DTYPE(dtype, "_dirichlet_grad", DG_LOOP)
}
