/* The body of torch_gamma.c for one scalar type T (float or double), included once per type with T and SUF
 * defined: ATen's Distributions.h templates instantiated with scalar_t = T and accscalar_t = double. <tgmath.h>
 * picks each math function by its argument types as C++'s std:: overloads do (logf for a float, pow for a double
 * and a float), so every rounding step matches PyTorch's CPU build. */
#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define FN(name) CAT(name, SUF)

/* digamma_one<T, double> */
static T FN(digamma_one)(T x) {
  const double PSI_10 = 2.25175258906672110764;
  static const double A[] = {
      8.33333333333333333333E-2, -2.10927960927960927961E-2, 7.57575757575757575758E-3, -4.16666666666666666667E-3,
      3.96825396825396825397E-3, -8.33333333333333333333E-3, 8.33333333333333333333E-2,
  };
  if (x == 0) return INFINITY;
  double additional_summand = 0;
  int x_is_integer = x == floor(x);
  if (x < 0) {
    if (x_is_integer) return INFINITY;
    additional_summand = -(T)PI_D / tan((T)PI_D * x);
    x = 1 - x;
  }
  double result = 0;
  while (x < 10) {
    result -= 1 / x;
    x += 1;
  }
  if (x == 10) return (T)(result + PSI_10 + additional_summand);
  double y = 0;
  if (x < 1.0e17f) {
    double z = 1.0 / (x * x);
    y = z * polevl_d(z, A, 6);
  }
  return (T)(result + log(x) - (0.5f / x) - y + additional_summand);
}

/* sample_gamma<T, double>, then _s_gamma_cpu's max(numeric_limits<T>::min(), sample) */
static T FN(sample_gamma)(void *st, T alpha) {
  /* PyTorch loops forever on these (d <= 0 or nan); the distributions refuse them before sampling */
  if (!(alpha >= 0)) return NAN;
  double scale = 1.0f;
  if (alpha < 1.0f) {
    if (alpha == 0.f) return 0.f;
    scale *= pow(1 - dk_tg_draw_uniform(st), 1.0f / alpha);
    alpha += 1.0f;
  }
  const double d = alpha - 1.0f / 3.0f;
  const double c = 1.0f / sqrt(9.0f * d);
  for (;;) {
    double x, y;
    do {
      x = dk_tg_draw_normal(st);
      y = 1.0f + c * x;
    } while (y <= 0);
    const double v = y * y * y;
    const double u = 1 - dk_tg_draw_uniform(st);
    const double xx = x * x;
    if (u < 1.0f - 0.0331f * xx * xx) return (T)(scale * d * v);
    if (log(u) < 0.5f * xx + d * (1.0f - v + log(v))) return (T)(scale * d * v);
  }
}

static T FN(binomial_inversion)(void *st, T count, T prob) {
  double geom_sum = 0;
  T num_geom = 0;
  double logprob = log1p(-prob);
  for (;;) {
    double U = dk_tg_draw_uniform(st);
    double geom = ceil(log(U) / logprob);
    geom_sum += geom;
    if (geom_sum > count) break;
    num_geom = num_geom + 1;
  }
  return num_geom;
}

static T FN(btrs)(void *st, T count, T prob) {
  const double stddev = sqrt(count * prob * (1 - prob));
  const double b = 1.15 + 2.53 * stddev;
  const double a = -0.0873 + 0.0248 * b + 0.01 * prob;
  const double c = count * prob + 0.5;
  const double v_r = 0.92 - 4.2 / b;
  const double r = prob / (1 - prob);
  const double alpha = (2.83 + 5.1 / b) * stddev;
  const double m = floor((count + 1) * prob);
  for (;;) {
    double U = dk_tg_draw_uniform(st) - 0.5;
    double V = dk_tg_draw_uniform(st);
    double us = 0.5 - fabs(U);
    T k = (T)floor((2 * a / us + b) * U + c);
    if (k < 0 || k > count) continue;
    if (us >= 0.07 && V <= v_r) return k;
    V = log(V * alpha / (a / (us * us) + b));
    double upperbound = ((m + 0.5) * log((m + 1) / (r * (count - m + 1))) +
                         (count + 1) * log((count - m + 1) / (count - k + 1)) +
                         (k + 0.5) * log(r * (count - k + 1) / (k + 1)) + stirling_approx_tail(m) +
                         stirling_approx_tail(count - m) - stirling_approx_tail(k) - stirling_approx_tail(count - k));
    if (V <= upperbound) return k;
  }
}

/* sample_binomial<T, double> */
static T FN(sample_binomial)(void *st, T count, T prob) {
  /* an infinite count never ends PyTorch's loops; Binomial refuses it before sampling */
  if (isinf(count) && prob > 0) return NAN;
  if (count <= 0.0 || prob <= 0.0) return 0;
  if (prob >= 1.0) return count;
  if (prob <= 0.5) return count * prob >= 10.0 ? FN(btrs)(st, count, prob) : FN(binomial_inversion)(st, count, prob);
  if (prob > 0.5) {
    T qprob = 1.0 - prob;
    return count * qprob >= 10.0 ? count - FN(btrs)(st, count, qprob) : count - FN(binomial_inversion)(st, count, qprob);
  }
  return (T)NAN;
}

/* standard_gamma_grad_one<T, double>: -(d/dalpha cdf(x; alpha)) / pdf(x; alpha) */
static T FN(standard_gamma_grad_one)(T alpha_, T x_) {
  double x = x_, alpha = alpha_;
  if (x < 0.8f) {
    double numer = 1, denom = alpha;
    double series1 = numer / denom, series2 = numer / (denom * denom);
    for (int i = 1; i <= 5; ++i) {
      numer *= -x / (double)i;
      denom += 1;
      series1 += numer / denom;
      series2 += numer / (denom * denom);
    }
    const double pow_x_alpha = pow(x, alpha);
    const double gamma_pdf = pow(x, alpha - 1) * exp(-x);
    const double gamma_cdf = pow_x_alpha * series1;
    const double gamma_cdf_alpha = (log(x) - digamma_one_d(alpha)) * gamma_cdf - pow_x_alpha * series2;
    const double result = -gamma_cdf_alpha / gamma_pdf;
    return isnan(result) ? (T)0.f : (T)result;
  }
  if (alpha > 8.0f) {
    if (0.9f * alpha <= x && x <= 1.1f * alpha) {
      const double numer_1 = 1 + 24 * alpha * (1 + 12 * alpha);
      const double numer_2 = 1440 * (alpha * alpha) + 6 * x * (53 - 120 * x) - 65 * x * x / alpha + alpha * (107 + 3600 * x);
      const double denom = 1244160 * (alpha * alpha) * (alpha * alpha);
      return (T)(numer_1 * numer_2 / denom);
    }
    const double denom = sqrt(8 * alpha);
    const double term2 = denom / (alpha - x);
    const double term3 = pow(x - alpha - alpha * log(x / alpha), (double)-1.5);
    const double term23 = (x < alpha) ? term2 - term3 : term2 + term3;
    const double term1 = log(x / alpha) * term23 - sqrt(2 / alpha) * (alpha + x) / ((alpha - x) * (alpha - x));
    const double stirling = 1 + 1 / (12 * alpha) * (1 + 1 / (24 * alpha));
    const double numer = x * term1;
    return (T)(-stirling * numer / denom);
  }
  const double u = log(x / alpha);
  const double v = log(alpha);
  static const double coef_uv[3][8] = {
      {0.16009398, -0.094634809, 0.025146376, -0.0030648343, 1, 0.32668115, 0.10406089, 0.0014179084},
      {0.53487893, 0.1298071, 0.065735949, -0.0015649758, 0.16639465, 0.020070113, -0.0035938915, -0.00058392623},
      {0.040121004, -0.0065914022, -0.0026286047, -0.0013441777, 0.017050642, -0.0021309326, 0.00085092367,
       -1.5247877e-07},
  };
  double coef_v[8];
  for (int i = 0; i < 8; ++i) coef_v[i] = coef_uv[0][i] + u * (coef_uv[1][i] + u * coef_uv[2][i]);
  const double p = coef_v[0] + v * (coef_v[1] + v * (coef_v[2] + v * coef_v[3]));
  const double q = coef_v[4] + v * (coef_v[5] + v * (coef_v[6] + v * coef_v[7]));
  return (T)exp(p / q);
}

/* _beta_grad_alpha_small<T, double>: x near 0, Taylor expansion (in T, as ATen) */
static T FN(beta_grad_alpha_small)(T x, T alpha, T beta) {
  const T factor = FN(digamma_one)(alpha) - FN(digamma_one)(alpha + beta) - log(x);
  T numer = 1;
  T series = numer / alpha * (factor + 1 / alpha);
  for (int i = 1; i <= 10; ++i) {
    T casted_i = (T)i;
    numer *= (casted_i - beta) * x / casted_i;
    const T denom = alpha + casted_i;
    series += numer / denom * (factor + 1 / denom);
  }
  const T result = x * pow(1 - x, -beta) * series;
  return isnan(result) ? (T)0.f : result;
}

/* _beta_grad_beta_small<T, double> */
static T FN(beta_grad_beta_small)(T x, T alpha, T beta) {
  const T factor = FN(digamma_one)(alpha + beta) - FN(digamma_one)(beta);
  T numer = 1, betas = 1, dbetas = 0, series = factor / alpha;
  for (int i = 1; i <= 8; ++i) {
    T casted_i = (T)i;
    numer *= -x / casted_i;
    dbetas = dbetas * (beta - casted_i) + betas;
    betas = betas * (beta - casted_i);
    series += numer / (alpha + casted_i) * (dbetas + factor * betas);
  }
  const T result = -pow(1 - x, 1 - beta) * series;
  return isnan(result) ? (T)0.f : result;
}

/* _beta_grad_alpha_mid<T, double>: alpha and beta both large, Rice saddle point, in double */
static T FN(beta_grad_alpha_mid)(double x, double alpha, double beta) {
  const double total = alpha + beta;
  const double mean = alpha / total;
  const double std = sqrt(alpha * beta / (total + 1)) / total;
  if (mean - 0.1 * std <= x && x <= mean + 0.1 * std) {
    const double poly = 47 * x * (beta * beta) * (beta * beta) +
                        alpha * ((43 + 20 * (16 + 27 * beta) * x) * (beta * beta) * beta +
                                 alpha * (3 * (59 + 180 * beta - 90 * x) * (beta * beta) +
                                          alpha * ((453 + 1620 * beta * (1 - x) - 455 * x) * beta +
                                                   alpha * (8 * (1 - x) * (135 * beta - 11)))));
    const double prefactor_num = (1 + 12 * alpha) * (1 + 12 * beta) / (total * total);
    const double prefactor_den = 12960 * alpha * alpha * alpha * beta * beta * (1 + 12 * total);
    return (T)(prefactor_num / (1 - x) * poly / prefactor_den);
  }
  const double prefactor = -x / sqrt(2 * alpha * beta / total);
  const double stirling = (1 + 1 / (12 * alpha) + 1 / (288 * alpha * alpha)) *
                          (1 + 1 / (12 * beta) + 1 / (288 * beta * beta)) /
                          (1 + 1 / (12 * total) + 1 / (288 * total * total));
  const double term1_num = 2 * (alpha * alpha) * (x - 1) + alpha * beta * (x - 1) - x * (beta * beta);
  const double axbx = alpha * (x - 1) + beta * x;
  const double term1_den = sqrt(2 * alpha / beta) * pow(total, (double)1.5f) * axbx * axbx;
  const double term1 = term1_num / term1_den;
  const double term2 = 0.5f * log(alpha / (total * x));
  const double term3_num = sqrt(8 * alpha * beta / total);
  const double term3_den = beta * x + alpha * (x - 1);
  const double term3 = term3_num / term3_den;
  const double term4_base = beta * log(beta / (total * (1 - x))) + alpha * log(alpha / (total * x));
  const double term4 = pow(term4_base, (double)-1.5f);
  const double term1234 = term1 + term2 * (term3 + (x < mean ? term4 : -term4));
  return (T)(stirling * prefactor * term1234);
}

/* dirichlet_grad_one<T, double>: -(d/dalpha cdf(x; alpha, total - alpha)) / pdf / (1 - x) */
static T FN(dirichlet_grad_one)(T x, T alpha, T total) {
  double x_ = x, alpha_ = alpha, total_ = total;
  const T beta = total - alpha;
  const double beta_ = total_ - alpha_;
  const T boundary = total * x * (1 - x);
  if (x <= 0.5f && boundary < 2.5f) return FN(beta_grad_alpha_small)(x, alpha, beta);
  if (x >= 0.5f && boundary < 0.75f) return -FN(beta_grad_beta_small)(1 - x, beta, alpha);
  if (alpha > 6 && beta > 6) return FN(beta_grad_alpha_mid)(x_, alpha_, beta_);
  const double u = log(x_);
  const double a = log(alpha_) - u;
  const double b = log(total_) - a;
  const double pow_u[3] = {1, u, u * u};
  const double pow_a[3] = {1, a, a * a};
  double p = 0.0, q = 0.0;
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) {
      const double ua = pow_u[i] * pow_a[j];
      const double *c0 = DIRICHLET_C[0][i][j], *c1 = DIRICHLET_C[1][i][j];
      p += ua * (c0[0] + b * (c0[1] + b * (c0[2] + b * c0[3])));
      q += ua * (c1[0] + b * (c1[1] + b * (c1[2] + b * c1[3])));
    }
  }
  const T dg = FN(digamma_one)((T)total_) - FN(digamma_one)((T)alpha_);
  const double approx = x_ * dg / beta_;
  return (T)(p / q * approx);
}

#undef FN
#undef CAT
#undef CAT_
