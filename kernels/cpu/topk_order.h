/* torch.topk's order, ties included: PyTorch's topk_impl_loop runs
 * libstdc++'s nth_element + sort (or partial_sort when 64k <= n) on
 * (value, index) pairs compared by value alone, so equal values land where
 * those algorithms put them. What follows ports them (bits/stl_algo.h and
 * stl_heap.h, unchanged since GCC 4.x) with PyTorch's comparators: "NaN or
 * greater" for the largest (lg), "not NaN and NaN, or less" for the
 * smallest.
 *
 * A template: define TK_T (the value type) and TK_SFX (a name suffix), then
 * include; every name below gets the suffix (torch.multinomial's sampling
 * uses the double one, torch.topk one per dtype). */
#define TK_CAT2(a, b) a##_##b
#define TK_CAT(a, b) TK_CAT2(a, b)
#define TK(name) TK_CAT(name, TK_SFX)
#define tk_elem TK(tk_elem)

typedef struct {
  TK_T v;
  int64_t i;
} tk_elem;

/* x != x: NaN (never for the integer types) */
static inline int TK(tk_before)(const tk_elem *x, const tk_elem *y, int lg) {
  if (lg) return (x->v != x->v && y->v == y->v) || x->v > y->v;
  return (x->v == x->v && y->v != y->v) || x->v < y->v;
}

#ifndef TK_THRESHOLD
#define TK_THRESHOLD 16
#endif

static inline void TK(tk_swap)(tk_elem *a, tk_elem *b) {
  tk_elem t = *a;
  *a = *b;
  *b = t;
}

static inline int64_t TK(tk_lg)(int64_t n) { return 63 - __builtin_clzll((unsigned long long)n); }

static void TK(tk_push_heap)(tk_elem *f, int64_t hole, int64_t top, tk_elem val, int lg) {
  int64_t parent = (hole - 1) / 2;
  while (hole > top && TK(tk_before)(f + parent, &val, lg)) {
    f[hole] = f[parent];
    hole = parent;
    parent = (hole - 1) / 2;
  }
  f[hole] = val;
}

static void TK(tk_adjust_heap)(tk_elem *f, int64_t hole, int64_t len, tk_elem val, int lg) {
  int64_t top = hole, child = hole;
  while (child < (len - 1) / 2) {
    child = 2 * (child + 1);
    if (TK(tk_before)(f + child, f + child - 1, lg)) child--;
    f[hole] = f[child];
    hole = child;
  }
  if ((len & 1) == 0 && child == (len - 2) / 2) {
    child = 2 * (child + 1);
    f[hole] = f[child - 1];
    hole = child - 1;
  }
  TK(tk_push_heap)(f, hole, top, val, lg);
}

static void TK(tk_pop_heap)(tk_elem *first, tk_elem *last, tk_elem *result, int lg) {
  tk_elem val = *result;
  *result = *first;
  TK(tk_adjust_heap)(first, 0, last - first, val, lg);
}

static void TK(tk_heap_select)(tk_elem *first, tk_elem *middle, tk_elem *last, int lg) {
  int64_t len = middle - first;
  if (len >= 2)
    for (int64_t parent = (len - 2) / 2;; parent--) {
      TK(tk_adjust_heap)(first, parent, len, first[parent], lg);
      if (parent == 0) break;
    }
  for (tk_elem *i = middle; i < last; i++)
    if (TK(tk_before)(i, first, lg)) TK(tk_pop_heap)(first, middle, i, lg);
}

static void TK(tk_partial_sort)(tk_elem *first, tk_elem *middle, tk_elem *last, int lg) {
  TK(tk_heap_select)(first, middle, last, lg);
  while (middle - first > 1) {
    --middle;
    TK(tk_pop_heap)(first, middle, middle, lg);
  }
}

static void TK(tk_unguarded_linear_insert)(tk_elem *last, int lg) {
  tk_elem val = *last, *next = last - 1;
  while (TK(tk_before)(&val, next, lg)) {
    *last = *next;
    last = next--;
  }
  *last = val;
}

static void TK(tk_insertion_sort)(tk_elem *first, tk_elem *last, int lg) {
  if (first == last) return;
  for (tk_elem *i = first + 1; i != last; i++) {
    if (TK(tk_before)(i, first, lg)) {
      tk_elem val = *i;
      memmove(first + 1, first, (size_t)(i - first) * sizeof *i);
      *first = val;
    } else {
      TK(tk_unguarded_linear_insert)(i, lg);
    }
  }
}

static tk_elem *TK(tk_partition_pivot)(tk_elem *first, tk_elem *last, int lg) {
  tk_elem *a = first + 1, *b = first + (last - first) / 2, *c = last - 1;
  if (TK(tk_before)(a, b, lg)) TK(tk_swap)(first, TK(tk_before)(b, c, lg) ? b : TK(tk_before)(a, c, lg) ? c : a);
  else TK(tk_swap)(first, TK(tk_before)(a, c, lg) ? a : TK(tk_before)(b, c, lg) ? c : b);
  tk_elem *lo = first + 1, *hi = last;
  for (;;) {
    while (TK(tk_before)(lo, first, lg)) lo++;
    --hi;
    while (TK(tk_before)(first, hi, lg)) --hi;
    if (!(lo < hi)) return lo;
    TK(tk_swap)(lo++, hi);
  }
}

static void TK(tk_introsort_loop)(tk_elem *first, tk_elem *last, int64_t depth, int lg) {
  while (last - first > TK_THRESHOLD) {
    if (depth == 0) {
      TK(tk_partial_sort)(first, last, last, lg);
      return;
    }
    --depth;
    tk_elem *cut = TK(tk_partition_pivot)(first, last, lg);
    TK(tk_introsort_loop)(cut, last, depth, lg);
    last = cut;
  }
}

static void TK(tk_sort)(tk_elem *first, tk_elem *last, int lg) {
  if (first == last) return;
  TK(tk_introsort_loop)(first, last, TK(tk_lg)(last - first) * 2, lg);
  if (last - first > TK_THRESHOLD) {
    TK(tk_insertion_sort)(first, first + TK_THRESHOLD, lg);
    for (tk_elem *i = first + TK_THRESHOLD; i != last; i++) TK(tk_unguarded_linear_insert)(i, lg);
  } else {
    TK(tk_insertion_sort)(first, last, lg);
  }
}

static void TK(tk_nth_element)(tk_elem *first, tk_elem *nth, tk_elem *last, int lg) {
  if (first == last || nth == last) return;
  int64_t depth = TK(tk_lg)(last - first) * 2;
  while (last - first > 3) {
    if (depth == 0) {
      TK(tk_heap_select)(first, nth + 1, last, lg);
      TK(tk_swap)(first, nth);
      return;
    }
    --depth;
    tk_elem *cut = TK(tk_partition_pivot)(first, last, lg);
    if (cut <= nth) first = cut;
    else last = cut;
  }
  TK(tk_insertion_sort)(first, last, lg);
}

/* The first k (1 <= k <= n) of q's n pairs in torch.topk(sorted=True)'s
 * order, left at the front of q. */
static void TK(tk_topk)(tk_elem *q, int64_t n, int64_t k, int lg) {
  if (k * 64 <= n) {
    TK(tk_partial_sort)(q, q + k, q + n, lg);
  } else {
    TK(tk_nth_element)(q, q + k - 1, q + n, lg);
    TK(tk_sort)(q, q + k - 1, lg);
  }
}

#undef tk_elem
#undef TK
#undef TK_CAT
#undef TK_CAT2
#undef TK_T
#undef TK_SFX
