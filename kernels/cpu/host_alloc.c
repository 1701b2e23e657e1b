/* Host memory for large storages, outside V8's allocator, handed to
 * JavaScript as ArrayBuffers through Node-API.
 *
 * Why: a result the user leaves to the GC is a fresh `new ArrayBuffer`, and
 * V8 zero-fills every one (a calloc: a 4 MB memset on memory that has left
 * the cache, as long as the add that fills it), where NumPy's malloc hands
 * back the block its last dead result freed, hot and unzeroed. An ArrayBuffer
 * made by napi_create_external_arraybuffer carries a finalizer that V8 calls
 * when the GC frees the buffer, inside the collection, with no event-loop
 * turn (unlike a FinalizationRegistry): the block goes back to a free list
 * here and the next allocation of its size takes it without zeroing.
 *
 * ffi/native_alloc.ts loads the library a second time through process.dlopen,
 * which calls napi_register_module_v1 below. The Node-API functions are looked
 * up then with dlsym (Deno's executable exports them), so the library still
 * links with -z defs and loads through Deno.dlopen alone; where one is
 * missing the exports stay empty and V8's own buffers are used. */
#include "../include/dendrite.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct napi_env__ *napi_env;
typedef struct napi_value__ *napi_value;
typedef struct napi_callback_info__ *napi_callback_info;
typedef int napi_status; /* napi_ok is 0 */
typedef void (*napi_finalize)(napi_env, void *, void *);
typedef napi_value (*napi_callback)(napi_env, napi_callback_info);

static struct {
  napi_status (*get_cb_info)(napi_env, napi_callback_info, size_t *, napi_value *, napi_value *, void **);
  napi_status (*get_value_double)(napi_env, napi_value, double *);
  napi_status (*get_value_bool)(napi_env, napi_value, _Bool *);
  napi_status (*create_double)(napi_env, double, napi_value *);
  napi_status (*create_external_arraybuffer)(napi_env, void *, size_t, napi_finalize, void *, napi_value *);
  napi_status (*create_function)(napi_env, const char *, size_t, napi_callback, void *, napi_value *);
  napi_status (*set_named_property)(napi_env, napi_value, const char *, napi_value);
  napi_status (*get_undefined)(napi_env, napi_value *);
  napi_status (*get_arraybuffer_info)(napi_env, napi_value, void **, size_t *);
} N;

/* Free blocks by exact size (the caller's size classes keep the set of sizes
 * small): an open-addressed table of LIFO stacks linked through the blocks,
 * so the block freed last, the hottest, is handed out first. */
#define SLOTS 512
typedef struct Block {
  struct Block *next;
} Block;
static struct {
  size_t size;
  Block *head;
} table[SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static size_t held, cap = (size_t)1 << 30;
static double hits, misses;

/* The slot of `size` (claimed when `claim`), or -1. Callers hold the lock. */
static int slot_of(size_t size, int claim) {
  for (int i = 0, h = (int)((size >> 12) * 2654435761u % SLOTS); i < SLOTS; i++, h = (h + 1) % SLOTS) {
    if (table[h].size == size) return h;
    if (table[h].size == 0) {
      if (!claim) return -1;
      table[h].size = size;
      return h;
    }
  }
  return -1;
}

/* Called by V8 when the GC frees a buffer, possibly on one of its threads. */
static void give_back(napi_env env, void *data, void *hint) {
  (void)env;
  size_t size = (size_t)hint;
  pthread_mutex_lock(&lock);
  int s = held + size <= cap ? slot_of(size, 1) : -1;
  if (s >= 0) {
    Block *b = data;
    b->next = table[s].head;
    table[s].head = b;
    held += size;
    data = NULL;
  }
  pthread_mutex_unlock(&lock);
  free(data);
}

static void *take(size_t size) {
  void *p = NULL;
  pthread_mutex_lock(&lock);
  int s = slot_of(size, 0);
  if (s >= 0 && table[s].head) {
    Block *b = table[s].head;
    table[s].head = b->next;
    held -= size;
    p = b;
    hits++;
  } else {
    misses++;
  }
  pthread_mutex_unlock(&lock);
  if (p) return p;
  /* 64-byte aligned: AVX-512 loads that straddle cache lines slow a sum 1.6x */
  p = aligned_alloc(64, size);
  if (p && size >= ((size_t)4 << 20)) dk_advise_huge(p, (int64_t)size);
  return p;
}

static napi_value undefined(napi_env env) {
  napi_value u = NULL;
  N.get_undefined(env, &u);
  return u;
}

/* alloc(bytes, zero): an ArrayBuffer of `bytes` (a multiple of 64) whose
 * memory returns here when the GC frees it; undefined when out of memory. */
static napi_value js_alloc(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  double bytes = 0;
  _Bool zero = 1;
  if (N.get_cb_info(env, info, &argc, argv, NULL, NULL) != 0 || argc < 2 ||
      N.get_value_double(env, argv[0], &bytes) != 0 || N.get_value_bool(env, argv[1], &zero) != 0 ||
      !(bytes >= 64 && bytes <= 9007199254740992.0))
    return undefined(env);
  size_t size = ((size_t)bytes + 63) & ~(size_t)63;
  void *p = take(size);
  if (!p) return undefined(env);
  if (zero) dk_zero(p, (int64_t)size);
  napi_value ab;
  if (N.create_external_arraybuffer(env, p, size, give_back, (void *)size, &ab) != 0) {
    free(p);
    return undefined(env);
  }
  return ab;
}

/* zero(buffer, byteOffset, bytes): zero-fills bytes of an ArrayBuffer (a
 * released block's reuse), on every thread when large; returns the bytes
 * filled (0 for arguments out of the buffer's range). */
static napi_value js_zero(napi_env env, napi_callback_info info) {
  size_t argc = 3, len = 0;
  napi_value argv[3], out;
  double off = 0, bytes = 0, done = 0;
  void *data = NULL;
  if (N.get_cb_info(env, info, &argc, argv, NULL, NULL) == 0 && argc >= 3 &&
      N.get_arraybuffer_info(env, argv[0], &data, &len) == 0 && N.get_value_double(env, argv[1], &off) == 0 &&
      N.get_value_double(env, argv[2], &bytes) == 0 && off >= 0 && bytes >= 0 && off + bytes <= (double)len && data) {
    dk_zero((char *)data + (size_t)off, (int64_t)bytes);
    done = bytes;
  }
  N.create_double(env, done, &out);
  return out;
}

/* setLimit(bytes): caps what the free lists keep, dropping what no longer fits
 * (0 frees everything: emptyCache). */
static napi_value js_set_limit(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  double bytes = 0;
  if (N.get_cb_info(env, info, &argc, argv, NULL, NULL) != 0 || argc < 1 ||
      N.get_value_double(env, argv[0], &bytes) != 0 || !(bytes >= 0))
    return undefined(env);
  Block *drop = NULL;
  pthread_mutex_lock(&lock);
  cap = bytes >= 1e18 ? (size_t)1e18 : (size_t)bytes;
  for (int s = 0; s < SLOTS && held > cap; s++) {
    while (table[s].head && held > cap) {
      Block *b = table[s].head;
      table[s].head = b->next;
      held -= table[s].size;
      b->next = drop;
      drop = b;
    }
  }
  pthread_mutex_unlock(&lock);
  while (drop) {
    Block *next = drop->next;
    free(drop);
    drop = next;
  }
  return undefined(env);
}

/* stats(k): bytes held (0), hits (1), misses (2). */
static napi_value js_stats(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], out;
  double k = 0, v;
  N.get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc >= 1) N.get_value_double(env, argv[0], &k);
  pthread_mutex_lock(&lock);
  v = k == 0 ? (double)held : k == 1 ? hits : misses;
  pthread_mutex_unlock(&lock);
  N.create_double(env, v, &out);
  return out;
}

#define FIND(field, name)                                                                                  \
  if (!(*(void **)&N.field = dlsym(RTLD_DEFAULT, name))) return exports;

/* Node-API's entry point: fills `exports` with alloc / zero / setLimit / stats, or
 * leaves it empty when the runtime lacks a function (the loader then keeps
 * V8's allocator). */
__attribute__((visibility("default"))) napi_value napi_register_module_v1(napi_env env, napi_value exports) {
  FIND(get_cb_info, "napi_get_cb_info");
  FIND(get_value_double, "napi_get_value_double");
  FIND(get_value_bool, "napi_get_value_bool");
  FIND(create_double, "napi_create_double");
  FIND(create_external_arraybuffer, "napi_create_external_arraybuffer");
  FIND(create_function, "napi_create_function");
  FIND(set_named_property, "napi_set_named_property");
  FIND(get_undefined, "napi_get_undefined");
  FIND(get_arraybuffer_info, "napi_get_arraybuffer_info");
  static const struct {
    const char *name;
    napi_callback fn;
  } fns[] = {{"alloc", js_alloc}, {"zero", js_zero}, {"setLimit", js_set_limit}, {"stats", js_stats}};
  for (size_t i = 0; i < sizeof fns / sizeof *fns; i++) {
    napi_value f;
    if (N.create_function(env, fns[i].name, strlen(fns[i].name), fns[i].fn, NULL, &f) != 0 ||
        N.set_named_property(env, exports, fns[i].name, f) != 0)
      return exports;
  }
  return exports;
}
