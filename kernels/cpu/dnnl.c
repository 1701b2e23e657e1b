/* float32 convolutions through oneDNN, when the build links it
 * (DK_HAVE_DNNL): conv.c calls dk_dnnl_conv where dk_dnnl_prefer says it is
 * faster than conv.c's own paths (or when asked to).
 *
 * oneDNN's fast kernels want blocked layouts (nChw16c, ...), so each call
 * reorders the plain NCHW operands in and the results out, as PyTorch does.
 * Primitives (and their reorders) take milliseconds to create, so they are
 * kept in a small LRU cache keyed by (kind, geometry, bias). One lock
 * covers lookup and execution: an evicted primitive can never be running. */
#ifdef DK_HAVE_DNNL
#include "../include/dendrite.h"
#include <oneapi/dnnl/dnnl.h>
#include <pthread.h>
#include <stdlib.h>

enum { FWD = 0, BWD_IN = 1, BWD_W = 2 };
#define CACHE 16
#define NIO 4

/* One operand: where it sits in the user's plain layout, and where the
 * primitive wants it (reorder NULL when they match). */
typedef struct {
  int arg, out;
  dnnl_memory_desc_t user, prim;
  dnnl_primitive_t reorder;
} io;

typedef struct {
  int kind, bias, nio;
  int64_t meta[18];
  uint64_t used;
  dnnl_primitive_t prim;
  size_t scratch;
  io ios[NIO];
} entry;

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static dnnl_engine_t engine;
static dnnl_stream_t stream;
static entry cache[CACHE];
static uint64_t tick;

static void drop(entry *e) {
  if (e->prim) dnnl_primitive_destroy(e->prim);
  for (int i = 0; i < e->nio; i++)
    if (e->ios[i].reorder) dnnl_primitive_destroy(e->ios[i].reorder);
  memset(e, 0, sizeof *e);
}

static int plain(dnnl_memory_desc_t *md, int nd, const int64_t *dims, dnnl_format_tag_t tag) {
  dnnl_dims_t d;
  for (int i = 0; i < nd; i++) d[i] = dims[i];
  return dnnl_memory_desc_init_by_tag(md, nd, d, dnnl_f32, tag) == dnnl_success ? 0 : -1;
}

/* The user layouts of x, w, y and the bias; format "any" copies for the
 * primitive to choose from. */
typedef struct {
  dnnl_memory_desc_t x, w, y, b, xa, wa, ya;
} descs;

static int make_descs(const int64_t *m, descs *d) {
  int64_t N = m[0], C = m[1], H = m[2], W = m[3], K = m[4], R = m[5], S = m[6], G = m[15];
  int64_t xs[4] = {N, C, H, W}, ys[4] = {N, K, m[16], m[17]}, bs[1] = {K};
  int64_t ws4[4] = {K, C, R, S}, ws5[5] = {G, K / G, C / G, R, S};
  int bad = plain(&d->x, 4, xs, dnnl_nchw) | plain(&d->y, 4, ys, dnnl_nchw) | plain(&d->b, 1, bs, dnnl_x) |
            (G == 1 ? plain(&d->w, 4, ws4, dnnl_oihw) : plain(&d->w, 5, ws5, dnnl_goihw)) |
            plain(&d->xa, 4, xs, dnnl_format_tag_any) | plain(&d->ya, 4, ys, dnnl_format_tag_any) |
            (G == 1 ? plain(&d->wa, 4, ws4, dnnl_format_tag_any) : plain(&d->wa, 5, ws5, dnnl_format_tag_any));
  return bad ? -1 : 0;
}

/* q, qi: the primitive's query for the operand (biases are weights #1). */
static int add_io(entry *e, int arg, int out, const dnnl_memory_desc_t *user, dnnl_primitive_desc_t pd,
                  dnnl_query_t q, int qi) {
  io *o = &e->ios[e->nio++];
  o->arg = arg, o->out = out, o->user = *user, o->prim = *dnnl_primitive_desc_query_md(pd, q, qi);
  if (dnnl_memory_desc_equal(&o->user, &o->prim)) return 0;
  dnnl_primitive_desc_t rpd;
  const dnnl_memory_desc_t *from = out ? &o->prim : &o->user, *to = out ? &o->user : &o->prim;
  if (dnnl_reorder_primitive_desc_create(&rpd, from, engine, to, engine, NULL) != dnnl_success) return -1;
  dnnl_status_t s = dnnl_primitive_create(&o->reorder, rpd);
  dnnl_primitive_desc_destroy(rpd);
  return s == dnnl_success ? 0 : -1;
}

static int build(entry *e) {
  const int64_t *m = e->meta;
  descs d;
  if (make_descs(m, &d) < 0) return -1;
  dnnl_dims_t st = {m[7], m[8]}, pl = {m[9], m[10]}, pr = {m[11], m[12]}, dl = {m[13] - 1, m[14] - 1};
  dnnl_convolution_desc_t fd, cd;
  dnnl_primitive_attr_t attr;
  dnnl_primitive_desc_t fpd = NULL, pd = NULL;
  int ok = dnnl_primitive_attr_create(&attr) == dnnl_success;
  ok = ok && dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user) == dnnl_success;
  int fbias = e->kind == FWD && e->bias;
  ok = ok && dnnl_dilated_convolution_forward_desc_init(&fd, dnnl_forward_training, dnnl_convolution_direct, &d.xa,
                                                        &d.wa, fbias ? &d.b : NULL, &d.ya, st, dl, pl,
                                                        pr) == dnnl_success;
  ok = ok && dnnl_primitive_desc_create(&fpd, &fd, e->kind == FWD ? attr : NULL, engine, NULL) == dnnl_success;
  if (ok && e->kind == FWD) {
    pd = fpd, fpd = NULL;
  } else if (ok && e->kind == BWD_IN) {
    ok = dnnl_dilated_convolution_backward_data_desc_init(&cd, dnnl_convolution_direct, &d.xa, &d.wa, &d.ya, st, dl,
                                                          pl, pr) == dnnl_success &&
         dnnl_primitive_desc_create(&pd, &cd, attr, engine, fpd) == dnnl_success;
  } else if (ok) {
    ok = dnnl_dilated_convolution_backward_weights_desc_init(&cd, dnnl_convolution_direct, &d.xa, &d.wa,
                                                             e->bias ? &d.b : NULL, &d.ya, st, dl, pl,
                                                             pr) == dnnl_success &&
         dnnl_primitive_desc_create(&pd, &cd, attr, engine, fpd) == dnnl_success;
  }
  if (fpd) dnnl_primitive_desc_destroy(fpd);
  dnnl_primitive_attr_destroy(attr);
  if (ok) {
    if (e->kind == FWD) {
      ok = !add_io(e, DNNL_ARG_SRC, 0, &d.x, pd, dnnl_query_src_md, 0) &&
           !add_io(e, DNNL_ARG_WEIGHTS, 0, &d.w, pd, dnnl_query_weights_md, 0) &&
           !(e->bias && add_io(e, DNNL_ARG_BIAS, 0, &d.b, pd, dnnl_query_weights_md, 1)) &&
           !add_io(e, DNNL_ARG_DST, 1, &d.y, pd, dnnl_query_dst_md, 0);
    } else if (e->kind == BWD_IN) {
      ok = !add_io(e, DNNL_ARG_DIFF_DST, 0, &d.y, pd, dnnl_query_diff_dst_md, 0) &&
           !add_io(e, DNNL_ARG_WEIGHTS, 0, &d.w, pd, dnnl_query_weights_md, 0) &&
           !add_io(e, DNNL_ARG_DIFF_SRC, 1, &d.x, pd, dnnl_query_diff_src_md, 0);
    } else {
      ok = !add_io(e, DNNL_ARG_SRC, 0, &d.x, pd, dnnl_query_src_md, 0) &&
           !add_io(e, DNNL_ARG_DIFF_DST, 0, &d.y, pd, dnnl_query_diff_dst_md, 0) &&
           !add_io(e, DNNL_ARG_DIFF_WEIGHTS, 1, &d.w, pd, dnnl_query_diff_weights_md, 0) &&
           !(e->bias && add_io(e, DNNL_ARG_DIFF_BIAS, 1, &d.b, pd, dnnl_query_diff_weights_md, 1));
    }
    ok = ok && dnnl_primitive_create(&e->prim, pd) == dnnl_success;
    if (ok) e->scratch = dnnl_memory_desc_get_size(dnnl_primitive_desc_query_md(pd, dnnl_query_scratchpad_md, 0));
  }
  if (pd) dnnl_primitive_desc_destroy(pd);
  if (!ok) drop(e);
  return ok ? 0 : -1;
}

static entry *lookup(int kind, const int64_t *meta, int bias) {
  entry *lru = &cache[0];
  for (int i = 0; i < CACHE; i++) {
    entry *e = &cache[i];
    if (e->prim && e->kind == kind && e->bias == bias && !memcmp(e->meta, meta, sizeof e->meta)) {
      e->used = ++tick;
      return e;
    }
    if (e->used < lru->used) lru = e;
  }
  drop(lru);
  lru->kind = kind, lru->bias = bias;
  memcpy(lru->meta, meta, sizeof lru->meta);
  if (build(lru) < 0) return NULL;
  lru->used = ++tick;
  return lru;
}

static void *aligned(size_t n) { return aligned_alloc(64, (n + 63) & ~(size_t)63); }

/* Runs an entry on the user's buffers (ptrs in ios order). */
static int run(entry *e, void **ptrs) {
  dnnl_exec_arg_t args[NIO + 1];
  dnnl_memory_t um[NIO] = {0}, pm[NIO] = {0}, sm = NULL;
  void *tmp[NIO] = {0}, *scratch = NULL;
  int ok = 1, n = 0;
  for (int i = 0; i < e->nio && ok; i++) {
    io *o = &e->ios[i];
    ok = dnnl_memory_create(&um[i], &o->user, engine, ptrs[i]) == dnnl_success;
    if (ok && o->reorder) {
      ok = (tmp[i] = aligned(dnnl_memory_desc_get_size(&o->prim))) &&
           dnnl_memory_create(&pm[i], &o->prim, engine, tmp[i]) == dnnl_success;
      if (ok && !o->out) {
        dnnl_exec_arg_t ra[2] = {{DNNL_ARG_FROM, um[i]}, {DNNL_ARG_TO, pm[i]}};
        ok = dnnl_primitive_execute(o->reorder, stream, 2, ra) == dnnl_success;
      }
    }
    args[n].arg = o->arg, args[n++].memory = o->reorder ? pm[i] : um[i];
  }
  if (ok && e->scratch) {
    dnnl_memory_desc_t smd;
    dnnl_dims_t sd = {(dnnl_dim_t)e->scratch};
    ok = (scratch = aligned(e->scratch)) &&
         dnnl_memory_desc_init_by_tag(&smd, 1, sd, dnnl_u8, dnnl_x) == dnnl_success &&
         dnnl_memory_create(&sm, &smd, engine, scratch) == dnnl_success;
    args[n].arg = DNNL_ARG_SCRATCHPAD, args[n++].memory = sm;
  }
  ok = ok && dnnl_primitive_execute(e->prim, stream, n, args) == dnnl_success;
  for (int i = 0; i < e->nio && ok; i++)
    if (e->ios[i].out && e->ios[i].reorder) {
      dnnl_exec_arg_t ra[2] = {{DNNL_ARG_FROM, pm[i]}, {DNNL_ARG_TO, um[i]}};
      ok = dnnl_primitive_execute(e->ios[i].reorder, stream, 2, ra) == dnnl_success;
    }
  for (int i = 0; i < e->nio; i++) {
    if (um[i]) dnnl_memory_destroy(um[i]);
    if (pm[i]) dnnl_memory_destroy(pm[i]);
    free(tmp[i]);
  }
  if (sm) dnnl_memory_destroy(sm);
  free(scratch);
  return ok ? 0 : -1;
}

/* a, b: the two inputs (x, w | gy, w | x, gy); out, out2: the results
 * (y | gx | gw, gb); bias: the forward's (may be NULL), out2 may be NULL.
 * Returns -2 when oneDNN has no primitive for the geometry (the caller may
 * run its own path), -1 when running failed. */
int dk_dnnl_conv(int kind, const int64_t *meta, const float *a, const float *b, const float *bias, float *out,
                 float *out2) {
  int has_bias = kind == FWD ? bias != NULL : kind == BWD_W ? out2 != NULL : 0;
  void *ptrs[NIO] = {(void *)a, (void *)b, NULL, NULL};
  if (kind == FWD) {
    ptrs[2] = has_bias ? (void *)bias : out;
    ptrs[3] = out;
  } else {
    ptrs[2] = out, ptrs[3] = out2;
  }
  pthread_mutex_lock(&lock);
  int rc = -1;
  if (!engine && (dnnl_engine_create(&engine, dnnl_cpu, 0) != dnnl_success ||
                  dnnl_stream_create(&stream, engine, dnnl_stream_default_flags) != dnnl_success)) {
    engine = NULL;
    dk_fail("conv2d: oneDNN has no CPU engine");
  } else {
    entry *e = lookup(kind, meta, has_bias);
    if (!e)
      rc = -2, dk_fail("conv2d: oneDNN cannot build this convolution");
    else if ((rc = run(e, ptrs)) < 0)
      dk_fail("conv2d: oneDNN failed (out of memory?)");
  }
  pthread_mutex_unlock(&lock);
  return rc;
}

/* Which calls oneDNN runs faster than conv.c's own paths, measured on this
 * 2-core machine (bench/nn_kernels_bench.ts and per-geometry A/B runs of
 * both paths): its weight gradient always; grouped, depthwise and strided
 * convolutions (conv.c runs small products per group, and explicit im2col
 * for strides); otherwise not where its 16-channel blocks would be mostly
 * padding or its first-layer kernels are slow: a forward with few output
 * channels (LeNet's 6: 158 us vs 75 us) or few input channels (3 in, 64
 * out: 4.1 ms vs 3.1 ms on one thread), a data gradient with few input
 * channels (1 or 3: 1.4 ms vs 0.2 ms). */
int dk_dnnl_prefer(int kind, const int64_t *meta) {
  int64_t Cg = meta[1] / meta[15], Kg = meta[4] / meta[15];
  if (kind == BWD_W || meta[15] > 1 || meta[7] > 1 || meta[8] > 1) return 1;
  return kind == FWD ? Kg >= 16 && Cg >= 4 : Cg >= 8;
}
#endif
