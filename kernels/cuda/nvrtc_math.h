/* <math.h> for NVRTC: the math functions are built into NVRTC's device
 * library already; only the constants are missing. */
#ifndef DK_NVRTC_MATH_H
#define DK_NVRTC_MATH_H
#define INFINITY __int_as_float(0x7f800000)
#define NAN __int_as_float(0x7fffffff)
#endif
