/**
 * A host emulation of a CUDA device for the tests: the real kernel files
 * (kernels/cuda/*.cu) compiled by the host C++ compiler against a shim of
 * the CUDA built-ins and launched on the CPU (blocks in turn; a block's
 * threads in turn, or as coroutines with barriers for __syncthreads and
 * per-warp exchanges for the shuffles), behind the CudaDevice interface. The
 * backend (src/backend/cuda.ts) runs on it unchanged: its packing, launch
 * geometry, kernel names, kernels and the cuBLAS planning of matmul (the
 * GEMM itself is a plain loop here) are checked against the CPU backend
 * without a GPU. Device-specific behaviour (precision of CUDA's math
 * functions, timing, the driver) is what only a GPU run checks.
 *
 * Built modules are cached by content hash in <cache>/cuda-emu.
 */
import { createHash } from "node:crypto";
import { preferredCacheDir } from "../../ffi/cache.ts";
import { CUDA_HEADER_FILES } from "../../ffi/cuda/sources.ts";
import { CachingAllocator, type DeviceBlock } from "../../src/backend/cuda_allocator.ts";
import { CUDA_MODULES } from "../../src/backend/cuda_compile.ts";
import type { ConvCall, CudaDevice, GemmCall, KernelHandle } from "../../src/backend/cuda_context.ts";
import * as CpuNn from "../../src/backend/cpu_nn.ts";
import { ARGS, type Geometry, LAYOUT } from "../../src/backend/cuda_meta.ts";

const ROOT = new URL("../../", import.meta.url);

/** The size of the struct a kernel takes, by its name (the layouts of cuda_meta.ts). */
export function paramSize(entry: string): number {
  if (/^dk_unary_|^dk_cast_/.test(entry)) return LAYOUT.ew(2).size;
  if (entry.startsWith("dk_binary_")) return LAYOUT.ew(3).size;
  if (entry.startsWith("dk_where_")) return LAYOUT.ew(4).size;
  if (entry.startsWith("dk_fill_")) return LAYOUT.fill.size;
  if (/^dk_reduce_|^dk_arg/.test(entry)) return LAYOUT.red.size;
  if (/^dk_cum|^dk_softmax_/.test(entry)) return LAYOUT.row.size;
  if (entry.startsWith("dk_index_")) return LAYOUT.index.size;
  if (entry.startsWith("dk_pool_")) return LAYOUT.pool.size;
  if (entry.startsWith("dk_bn_")) return LAYOUT.bn.size;
  if (entry.startsWith("dk_rank_sort_")) return LAYOUT.sort.size;
  if (entry.startsWith("dk_dropout_noise_")) return LAYOUT.rand.size;
  if (/^dk_(sgd|adam)_step_/.test(entry)) return LAYOUT.optim.size;
  throw new Error(`no struct known for kernel ${entry}`);
}

/** Kernels that synchronize threads (barriers, shuffles), which the emulation runs as coroutines. */
const needsThreads = (entry: string) => /^dk_reduce_|^dk_arg|^dk_cum|^dk_softmax_|^dk_bn_/.test(entry);

/** Every struct size a kernel takes (distinct: they are the cases of the launcher's switch). */
const STRUCT_SIZES = [
  ...new Set([
    LAYOUT.ew(2).size,
    LAYOUT.ew(3).size,
    LAYOUT.ew(4).size,
    LAYOUT.fill.size,
    LAYOUT.red.size,
    LAYOUT.row.size,
    LAYOUT.index.size,
    LAYOUT.pool.size,
    LAYOUT.bn.size,
    LAYOUT.sort.size,
    LAYOUT.rand.size,
    LAYOUT.optim.size,
  ]),
];

const SHIM = String.raw`
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <ucontext.h>
#include <vector>

#define __global__
#define __device__
#define __forceinline__ inline
#define __noinline__
#define __launch_bounds__(...)
#define __grid_constant__
// thread_local here and below: deno test --parallel runs test files as threads of one process, which share
// this library, and kernels launched from two of them at once must not share block state or shared memory
#define __shared__ static thread_local
// products and sums the device never contracts into an fma (the host build does not contract either)
inline float __fmul_rn(float a, float b) { return a * b; }
inline double __dmul_rn(double a, double b) { return a * b; }
inline float __fadd_rn(float a, float b) { return a + b; }
inline double __dadd_rn(double a, double b) { return a + b; }

struct dk_dim3 { unsigned x = 0, y = 0, z = 0; };
inline thread_local dk_dim3 threadIdx, blockIdx, blockDim, gridDim;

/* A block's threads are coroutines on one OS thread: a barrier (__syncthreads,
 * or a warp's half of a shuffle) suspends the thread until every participant
 * has arrived, and the scheduler resumes the others in turn. */
namespace dk_emu {
/* stacks are kept for the next launch: allocating (and faulting in) them per launch cost more than the kernels */
constexpr size_t STACK = 64 * 1024;
struct Fiber {
  ucontext_t ctx;
  char *stack = nullptr;
  int waiting = -1; /* barrier it waits at */
  unsigned gen = 0;  /* that barrier's generation when it arrived */
  bool done = false;
};
struct Sched {
  ucontext_t main;
  std::vector<Fiber> fibers;
  std::vector<int> arrived, expected;
  std::vector<unsigned> generation;
  uint64_t lanes[32][32];
  int current = 0;
  void (*body)() = nullptr;
};
inline thread_local Sched *S = nullptr;
inline thread_local int flat = 0;

inline void wait(int id) {
  if (++S->arrived[id] == S->expected[id]) {
    S->arrived[id] = 0;
    S->generation[id]++;
    return;
  }
  Fiber &f = S->fibers[S->current];
  f.waiting = id;
  f.gen = S->generation[id];
  swapcontext(&f.ctx, &S->main);
}
template <class T> T exchange(T v, int from) {
  const int lane = flat & 31, w = flat >> 5;
  std::memcpy(&S->lanes[w][lane], &v, sizeof(T));
  wait(1 + w);
  T out = v;
  if (from >= 0 && from < 32) std::memcpy(&out, &S->lanes[w][from], sizeof(T));
  wait(1 + w);
  return out;
}
inline void trampoline() {
  S->body();
  S->fibers[S->current].done = true;
}
}  // namespace dk_emu

inline void __syncthreads() { dk_emu::wait(0); }
template <class T> T __shfl_up_sync(unsigned, T v, int d) {
  const int lane = dk_emu::flat & 31;
  return dk_emu::exchange(v, lane >= d ? lane - d : lane);
}
template <class T> T __shfl_xor_sync(unsigned, T v, int d) { return dk_emu::exchange(v, (dk_emu::flat & 31) ^ d); }

inline float __int_as_float(int i) { float f; std::memcpy(&f, &i, 4); return f; }
template <class T> T atomicCAS(T *p, T cmp, T v) {
  const T old = *p;
  if (old == cmp) *p = v;
  return old;
}
inline int atomicAdd(int *p, int v) { const int old = *p; *p = old + v; return old; }
inline unsigned long long atomicAdd(unsigned long long *p, unsigned long long v) {
  const unsigned long long old = *p;
  *p = old + v;
  return old;
}
inline float atomicAdd(float *p, float v) { const float old = *p; *p = old + v; return old; }
inline double atomicAdd(double *p, double v) { const double old = *p; *p = old + v; return old; }

template <int N> struct dk_blob { alignas(8) unsigned char b[N]; };
template <int N> struct dk_emu_call {
  static inline thread_local void (*kernel)(dk_blob<N>);
  static inline thread_local dk_blob<N> args;
  static void run() { kernel(args); }
};

/* Runs kernel fn (one struct of N bytes by value) over the grid, block by
 * block; a block's threads in turn, or as coroutines when the kernel
 * synchronizes them. */
template <int N> static void dk_emu_run(void *fn, const void *args, int gx, int gy, int bx, int by, int sync) {
  dk_emu_call<N>::kernel = (void (*)(dk_blob<N>))fn;
  dk_emu_call<N>::args = *(const dk_blob<N> *)args;
  const int nt = bx * by, nb = gx * gy;
  blockDim = {(unsigned)bx, (unsigned)by, 1};
  gridDim = {(unsigned)gx, (unsigned)gy, 1};
  auto enter = [&](int t) {
    threadIdx = {(unsigned)(t % bx), (unsigned)(t / bx), 0};
    dk_emu::flat = t;
  };
  if (!sync) {
    for (int b = 0; b < nb; b++) {
      blockIdx = {(unsigned)(b % gx), (unsigned)(b / gx), 0};
      for (int t = 0; t < nt; t++) {
        enter(t);
        dk_emu_call<N>::run();
      }
    }
    return;
  }
  static thread_local dk_emu::Sched s;
  static thread_local std::vector<char *> stacks;
  while ((int)stacks.size() < nt) stacks.push_back(new char[dk_emu::STACK]);
  dk_emu::S = &s;
  s.body = dk_emu_call<N>::run;
  s.fibers.assign(nt, dk_emu::Fiber{});
  s.expected.clear();
  const int nwarps = (nt + 31) / 32;
  s.expected.push_back(nt);
  for (int w = 0; w < nwarps; w++) s.expected.push_back(nt - w * 32 < 32 ? nt - w * 32 : 32);
  s.arrived.assign(s.expected.size(), 0);
  s.generation.assign(s.expected.size(), 0);
  for (int t = 0; t < nt; t++) s.fibers[t].stack = stacks[t];
  for (int b = 0; b < nb; b++) {
    blockIdx = {(unsigned)(b % gx), (unsigned)(b / gx), 0};
    for (int t = 0; t < nt; t++) {
      dk_emu::Fiber &f = s.fibers[t];
      f.done = false;
      f.waiting = -1;
      getcontext(&f.ctx);
      f.ctx.uc_stack.ss_sp = f.stack;
      f.ctx.uc_stack.ss_size = dk_emu::STACK;
      f.ctx.uc_link = &s.main;
      makecontext(&f.ctx, dk_emu::trampoline, 0);
    }
    for (int left = nt; left > 0;) {
      bool progress = false;
      for (int t = 0; t < nt; t++) {
        dk_emu::Fiber &f = s.fibers[t];
        if (f.done || (f.waiting >= 0 && s.generation[f.waiting] == f.gen)) continue;
        f.waiting = -1;
        s.current = t;
        enter(t);
        swapcontext(&s.main, &f.ctx);
        progress = true;
        if (f.done) left--;
      }
      if (!progress) {
        std::fprintf(stderr, "dk_emu: the block's threads deadlocked at barriers\n");
        std::abort();
      }
    }
  }
  dk_emu::S = nullptr;
}

static void *dk_emu_self() {
  Dl_info info;
  dladdr((void *)&dk_emu_run<8>, &info);
  return dlopen(info.dli_fname, RTLD_LAZY | RTLD_NOLOAD);
}

extern "C" void *dk_emu_symbol(const char *name) { return dlsym(dk_emu_self(), name); }

extern "C" int dk_emu_launch(const char *name, const void *args, int size, int gx, int gy, int bx, int by,
                             int threads) {
  void *fn = dk_emu_symbol(name);
  if (!fn) return -1;
  switch (size) {
#define DK_EMU_SIZE(n) case n: dk_emu_run<n>(fn, args, gx, gy, bx, by, threads); return 0;
    ${STRUCT_SIZES.map((n) => `DK_EMU_SIZE(${n})`).join(" ")}
  }
  return -2;
}
`;

const EMU_SYMBOLS = {
  dk_emu_launch: { parameters: ["buffer", "buffer", "i32", "i32", "i32", "i32", "i32", "i32"], result: "i32" },
  dk_emu_symbol: { parameters: ["buffer"], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;
type EmuLib = Deno.DynamicLibrary<typeof EMU_SYMBOLS>["symbols"];

const text = (rel: string) => Deno.readTextFileSync(new URL(rel, ROOT));
const cstr = (s: string) => new TextEncoder().encode(`${s}\0`);

/** Builds (or finds cached) the emulation library of one kernel module. */
async function build(module: string, dir: string, shim: string): Promise<string> {
  const src = text(`kernels/cuda/${module}.cu`);
  const h = createHash("sha256").update(SHIM).update(src);
  for (const rel of Object.values(CUDA_HEADER_FILES)) h.update(text(rel));
  const out = `${dir}/${module}-${h.digest("hex").slice(0, 16)}.so`;
  try {
    if (Deno.statSync(out).isFile) return out;
  } catch {
    // not built yet
  }
  const tmp = `${out}.${crypto.randomUUID()}.tmp`;
  const args = [
    "-std=c++20",
    "-O1",
    "-shared",
    "-fPIC",
    "-w",
    "-include",
    shim,
    `-I${new URL("kernels/cuda/", ROOT).pathname}`,
    `-I${new URL("kernels/include/", ROOT).pathname}`,
    "-x",
    "c++",
    new URL(`kernels/cuda/${module}.cu`, ROOT).pathname,
    "-o",
    tmp,
    "-ldl",
  ];
  const r = await new Deno.Command("g++", { args, stdout: "piped", stderr: "piped" }).output();
  if (!r.success) throw new Error(`g++ failed on ${module}.cu:\n${new TextDecoder().decode(r.stderr).slice(0, 4000)}`);
  Deno.renameSync(tmp, out);
  return out;
}

/** Host memory standing in for device memory: 64-byte aligned blocks kept alive by address. */
class HostMemory {
  readonly #blocks = new Map<bigint, ArrayBuffer>();

  alloc(bytes: number): bigint {
    const buf = new ArrayBuffer(bytes + 64);
    const base = BigInt(Deno.UnsafePointer.value(Deno.UnsafePointer.of(buf)));
    const ptr = (base + 63n) & ~63n;
    this.#blocks.set(ptr, buf);
    return ptr;
  }

  free(ptr: bigint): void {
    this.#blocks.delete(ptr);
  }

  /** A view of `bytes` bytes at address `ptr`. */
  view(ptr: bigint, bytes: number): Uint8Array {
    if (bytes === 0) return new Uint8Array(0);
    return new Uint8Array(Deno.UnsafePointerView.getArrayBuffer(Deno.UnsafePointer.create(ptr)!, bytes));
  }
}

interface EmuKernel {
  lib: EmuLib;
  name: Uint8Array;
  size: number;
  threads: number;
}

/** The emulated device. */
class EmulatedCuda implements CudaDevice {
  readonly device = "cuda:0";
  /** Few multiprocessors keep the grids (and the emulation's threads) small. */
  readonly smCount = 4;
  readonly allocator: CachingAllocator;
  readonly #mem = new HostMemory();
  readonly #libs: Map<string, EmuLib>;
  readonly #args = new Uint8Array(ARGS.buffer);

  constructor(libs: Map<string, EmuLib>) {
    this.#libs = libs;
    this.allocator = new CachingAllocator({
      alloc: (n) => this.#mem.alloc(n),
      free: (p) => this.#mem.free(p),
      isOutOfMemory: () => false,
    });
  }

  allocate(bytes: number): DeviceBlock {
    return this.allocator.allocate(bytes);
  }

  kernel(module: string, name: string): KernelHandle {
    const lib = this.#libs.get(module);
    if (!lib) throw new Error(`no emulated module ${module}`);
    return { lib, name: cstr(name), size: paramSize(name), threads: needsThreads(name) ? 1 : 0 } satisfies EmuKernel;
  }

  launch(kernel: KernelHandle, g: Geometry): void {
    const k = kernel as EmuKernel;
    const rc = k.lib.dk_emu_launch(k.name, this.#args, k.size, g.gx, g.gy, g.bx, g.by, k.threads);
    if (rc !== 0) throw new Error(`emulated launch of ${new TextDecoder().decode(k.name)} failed (${rc})`);
  }

  upload(dst: bigint, src: Uint8Array): void {
    this.#mem.view(dst, src.byteLength).set(src);
  }

  download(dst: Uint8Array, src: bigint): void {
    dst.set(this.#mem.view(src, dst.byteLength));
  }

  copy(dst: bigint, src: bigint, bytes: number): void {
    this.#mem.view(dst, bytes).set(this.#mem.view(src, bytes));
  }

  copyPeer(): void {
    throw new Error("the emulated device has no peers");
  }

  zero(dst: bigint, bytes: number): void {
    this.#mem.view(dst, bytes).fill(0);
  }

  /** cuBLAS's column-major GEMM as a plain loop (sums in double, rounded once). */
  gemm(g: GemmCall): void {
    const size = g.dtype === "float32" ? 4 : 8;
    const arr = (p: bigint, n: number) => {
      const v = this.#mem.view(p, n * size);
      return g.dtype === "float32"
        ? new Float32Array(v.buffer, v.byteOffset, n)
        : new Float64Array(v.buffer, v.byteOffset, n);
    };
    for (let bi = 0; bi < g.count; bi++) {
      const off = (s: number) => BigInt(bi * s * size);
      const spanA = g.transA ? g.lda * (g.m - 1) + g.k : g.lda * (g.k - 1) + g.m;
      const spanB = g.transB ? g.ldb * (g.k - 1) + g.n : g.ldb * (g.n - 1) + g.k;
      const A = arr(g.a + off(g.strideA), spanA), B = arr(g.b + off(g.strideB), spanB);
      const C = arr(g.c + off(g.strideC), g.ldc * (g.n - 1) + g.m);
      for (let i = 0; i < g.m; i++) {
        for (let j = 0; j < g.n; j++) {
          let s = 0;
          for (let l = 0; l < g.k; l++) {
            const a = g.transA ? A[l + i * g.lda] : A[i + l * g.lda];
            const b = g.transB ? B[j + l * g.ldb] : B[l + j * g.ldb];
            s += a * b;
          }
          C[i + j * g.ldc] = s;
        }
      }
    }
  }

  /**
   * cuDNN's convolution as the CPU kernels compute it: checks what the
   * backend passes (symmetric padding, addresses, output size), not cuDNN.
   */
  conv(c: ConvCall): void {
    const size = c.dtype === "float32" ? 4 : 8;
    const g: CpuNn.Conv2dGeometry = {
      n: c.n,
      c: c.c,
      h: c.h,
      w: c.w,
      k: c.k,
      r: c.r,
      s: c.s,
      stride: c.stride,
      padding: [c.pad[0], c.pad[1], c.pad[0], c.pad[1]],
      dilation: c.dilation,
      groups: c.groups,
    };
    const [oh, ow] = CpuNn.conv2dOutputSize(g);
    if (oh !== c.oh || ow !== c.ow) throw new Error(`conv: output ${c.oh} x ${c.ow}, the geometry gives ${oh} x ${ow}`);
    const at = (p: bigint, n: number) => this.#mem.view(p, n * size);
    const x = at(c.x, c.n * c.c * c.h * c.w), y = at(c.y, c.n * c.k * oh * ow);
    const f = at(c.filter, c.k * (c.c / c.groups) * c.r * c.s), bias = c.bias ? at(c.bias, c.k) : null;
    if (c.op === "forward") CpuNn.conv2dForward(c.dtype, x, f, bias, y, g);
    else if (c.op === "backwardData") CpuNn.conv2dBackwardInput(c.dtype, y, f, x, g);
    else CpuNn.conv2dBackwardWeight(c.dtype, x, y, f, bias, g);
  }

  synchronize(): void {}

  /** Host memory stands for pinned memory: the emulated copies are synchronous anyway. */
  pinnedHost(bytes: number): { buffer: ArrayBuffer; free(): void } {
    return { buffer: new ArrayBuffer(bytes), free() {} };
  }
}

/** The emulated device, or why there is none (no C++ compiler, no cache folder). */
export async function emulatedCuda(): Promise<CudaDevice | string> {
  try {
    if (!new Deno.Command("g++", { args: ["--version"], stdout: "null", stderr: "null" }).outputSync().success) {
      return "g++ does not run";
    }
  } catch {
    return "no g++ to build the emulated kernels";
  }
  const cache = preferredCacheDir();
  if (!cache) return "no cache folder for the emulated kernels";
  const dir = `${cache}/cuda-emu`;
  Deno.mkdirSync(dir, { recursive: true });
  const shim = `${dir}/shim-${createHash("sha256").update(SHIM).digest("hex").slice(0, 16)}.h`;
  Deno.writeTextFileSync(shim, SHIM);
  const paths = await Promise.all(CUDA_MODULES.map((m) => build(m, dir, shim)));
  const libs = new Map(CUDA_MODULES.map((m, i) => [m, Deno.dlopen(paths[i], EMU_SYMBOLS).symbols]));
  return new EmulatedCuda(libs);
}
