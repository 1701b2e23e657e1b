/* X-macros over the six dtypes (code order matches dendrite.h) and the
 * generic math helpers the element-wise kernels share. */
#ifndef DENDRITE_DTYPES_H
#define DENDRITE_DTYPES_H
#include <math.h>
#include <stdint.h>

typedef _Bool dk_bool;

/* X(suffix, C type) in dtype-code order */
#define DK_DTYPES(X) X(bool, dk_bool) X(uint8, uint8_t) X(int32, int32_t) X(int64, int64_t) X(float32, float) X(float64, double)
/* A second copy so that two dtype loops can nest (casts). */
#define DK_DTYPES2(X) X(bool, dk_bool) X(uint8, uint8_t) X(int32, int32_t) X(int64, int64_t) X(float32, float) X(float64, double)

/* dtype masks for the kinds of loops an op has */
#define DK_M_ALL 0x3F
#define DK_M_NUM 0x3E   /* no bool */
#define DK_M_FLT 0x30   /* float32, float64 */
#define DK_M_INT 0x0F   /* bool and the integers */
#define DK_M_INTS 0x0E  /* the integers without bool (gcd, lcm) */

/* math on float or double picked by the argument's type */
/* (a non-C target such as CUDA C++ defines these first, with overloads) */
#ifndef DK_F
#define DK_F(fn, x) _Generic((x), float: fn##f, default: fn)(x)
#define DK_F2(fn, x, y) _Generic((x), float: fn##f, default: fn)(x, y)
#define DK_ISFLT(x) _Generic((x), float: 1, double: 1, default: 0)
#endif

#endif
