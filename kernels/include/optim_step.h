/* One element of the fused optimizer steps, shared by the CPU kernels
 * (kernels/cpu/optim_step.c) and the CUDA ones (kernels/cuda/optim.cu).
 * Each follows PyTorch's single-tensor code op by op and rounds where each
 * of its ops rounds (see optim_step.c): FMA where PyTorch's kernels fuse,
 * DK_MUL / DK_ADD (defined by the includer) for a product or sum that must
 * never be contracted into one. Scalars come as PyTorch's Python floats
 * (double), `s`, rounded to the element type T where its kernels take them. */
#ifndef DK_OPTIM_STEP_H
#define DK_OPTIM_STEP_H

/* SGD: s = lr, momentum, dampening, weight decay; flags 1 nesterov, 2 maximize, 4 first step (the momentum buffer
 * starts as a copy of the gradient), 8 momentum (buf used) */
#define DK_SGD_CONSTS(T, s, flags)                                                                 \
  const T alr = (T) - (s)[0], amom = (T)(s)[1], adamp = (T)(1 - (s)[2]), awd = (T)(s)[3];          \
  const int wdz = (s)[3] == 0, nest = (flags) & 1, maxi = (flags) & 2, first = (flags) & 4, usebuf = (flags) & 8;
#define DK_SGD_ELEM(T, FMA, p, g, buf, i)                                \
  {                                                                      \
    T d = maxi ? -g[i] : g[i];                                           \
    if (!wdz) d = FMA(p[i], awd, d);                                     \
    if (usebuf) {                                                        \
      T b = first ? d : FMA(d, adamp, DK_MUL(buf[i], amom));             \
      buf[i] = b;                                                        \
      d = nest ? FMA(b, amom, d) : b;                                    \
    }                                                                    \
    p[i] = FMA(d, alr, p[i]);                                            \
  }

/* Adam: s = lr, beta1, beta2, eps, weight decay, step size (lr / bc1), sqrt(bc2); flags 1 maximize, 2 decoupled
 * weight decay, 4 amsgrad (vmax used). m moves by lerp, whose formula depends on the weight's size as PyTorch's. */
#define DK_ADAM_CONSTS(T, s, flags)                                                                          \
  const T w = (T)(1 - (s)[1]), b2 = (T)(s)[2], cb2 = (T)(1 - (s)[2]), eps = (T)(s)[3], awd = (T)(s)[4];      \
  const T decay = (T)(1 - (s)[0] * (s)[4]), nstep = (T) - (s)[5], bc2s = (T)(s)[6];                          \
  const int wdz = (s)[4] == 0, small = fabs(1 - (s)[1]) < 0.5, maxi = (flags) & 1, dec = (flags) & 2,        \
            ams = (flags) & 4;                                                                               \
  const T coef = small ? w : w - 1;
#define DK_ADAM_ELEM(T, FMA, SQRT, p, g, m, v, vmax, i)                  \
  {                                                                      \
    T d = maxi ? -g[i] : g[i], x = p[i];                                 \
    if (!wdz) {                                                          \
      if (dec) x = DK_MUL(x, decay);                                     \
      else d = FMA(x, awd, d);                                           \
    }                                                                    \
    T mi = FMA(coef, d - m[i], small ? m[i] : d);                        \
    m[i] = mi;                                                           \
    T vi = DK_ADD(DK_MUL(v[i], b2), DK_MUL(DK_MUL(cb2, d), d));          \
    v[i] = vi;                                                           \
    if (ams) {                                                           \
      T old = vmax[i];                                                   \
      vi = (vi > old || vi != vi) ? vi : old;                            \
      vmax[i] = vi;                                                      \
    }                                                                    \
    T den = SQRT(vi) / bc2s + eps;                                       \
    p[i] = x + DK_MUL(nstep, mi) / den;                                  \
  }

#endif
