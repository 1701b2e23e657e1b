/**
 * The kernel sources that make up the native library, relative to the
 * repository root. Listed (not globbed) because a library imported by URL
 * cannot list a remote folder; tests/ffi/build_test.ts checks the list
 * against kernels/.
 */
export const KERNEL_SOURCES: readonly string[] = [
  "kernels/include/dendrite.h",
  "kernels/include/dtypes.h",
  "kernels/include/ops.h",
  "kernels/include/optim_step.h",
  "kernels/include/special.h",
  "kernels/include/special_fns.h",
  "kernels/include/special_fns_t.h",
  "kernels/cpu/batchnorm.c",
  "kernels/cpu/bitgens.c",
  "kernels/cpu/common.c",
  "kernels/cpu/conv.c",
  "kernels/cpu/conv_gemm.c",
  "kernels/cpu/distributions.c",
  "kernels/cpu/dnnl.c",
  "kernels/cpu/elementwise.c",
  "kernels/cpu/host_alloc.c",
  "kernels/cpu/index.c",
  "kernels/cpu/linalg.c",
  "kernels/cpu/linalg_qr_ldl.c",
  "kernels/cpu/matmul.c",
  "kernels/cpu/optim_step.c",
  "kernels/cpu/pcg64.c",
  "kernels/cpu/pool.c",
  "kernels/cpu/random.c",
  "kernels/cpu/reduce.c",
  "kernels/cpu/resample.c",
  "kernels/cpu/softmax.c",
  "kernels/cpu/sort.c",
  "kernels/cpu/torch_random.c",
  "kernels/cpu/torch_gamma.c",
  "kernels/cpu/view_scatter.c",
  "kernels/cpu/ziggurat_tables.h",
  "kernels/cpu/ziggurat_exp_tables.h",
  "kernels/cpu/logfactorial_table.h",
  "kernels/cpu/bitgen.h",
  "kernels/cpu/generator_algos.h",
  "kernels/cpu/mt19937_jump_poly.h",
  "kernels/cpu/poisson.h",
  "kernels/cpu/torch_gamma_impl.h",
  "kernels/cpu/topk_order.h",
];

/** Flags every build uses; part of the library's content hash. */
export const CFLAGS: readonly string[] = [
  "-O3",
  "-march=native",
  "-fopenmp",
  "-fPIC",
  "-fwrapv",
  "-fno-math-errno",
  // no fused multiply-add contraction: results round exactly like NumPy's (e.g. low + range * u)
  "-ffp-contract=off",
  "-std=gnu11",
];
