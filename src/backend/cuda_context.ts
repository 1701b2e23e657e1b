/**
 * One CUDA device's state, created on its first use: the primary context
 * (the one cudart, cuBLAS and cuDNN share), one stream that every kernel,
 * copy and cuBLAS call of the device is queued on (so work runs in program
 * order and freed blocks are reused safely), an event for host syncs, the
 * caching allocator, the loaded kernel modules and the cuBLAS handle.
 *
 * Discovery (`probeCuda`) goes through cudart: without a driver it answers
 * cudaErrorInsufficientDriver (35) instead of failing, which is how a
 * machine without a GPU is told apart, quickly and without throwing.
 */
import type { Conv2dGeometry } from "./cpu_nn.ts";
import { CUBLAS_MATH, CUBLAS_OP } from "../../ffi/cuda/cublas.ts";
import {
  CUDNN_ALGO_PERF,
  CUDNN_CROSS_CORRELATION,
  CUDNN_DATA,
  CUDNN_MATH,
  CUDNN_TENSOR_NCHW,
} from "../../ffi/cuda/cudnn.ts";
import { CU_DEVICE_ATTRIBUTE, CU_EVENT_DISABLE_TIMING } from "../../ffi/cuda/driver.ts";
import { CudaOutOfMemoryError } from "../../ffi/cuda/errors.ts";
import {
  checkCublas,
  checkCudnn,
  checkDriver,
  type DriverApi,
  openCublas,
  openCudnn,
  openDriver,
  openRuntime,
  runtimeErrorText,
} from "../../ffi/cuda/libraries.ts";
import { CUDA_ERROR } from "../../ffi/cuda/runtime.ts";
import { RuntimeError } from "../core/errors.ts";
import { CachingAllocator, type DeviceBlock } from "./cuda_allocator.ts";
import { loadKernelImage } from "./cuda_compile.ts";
import { ARGS, type Geometry } from "./cuda_meta.ts";

/** What discovery found: the number of GPUs, and why there are none. */
export interface CudaProbe {
  count: number;
  /** Why no GPU is usable (empty when count > 0). */
  reason: string;
}

let probed: CudaProbe | null = null;

/** Counts the GPUs once (cudaGetDeviceCount); never throws. */
export function probeCuda(): CudaProbe {
  if (probed) return probed;
  try {
    const n = new Int32Array(1);
    const rc = openRuntime().library.symbols.cudaGetDeviceCount(n);
    if (rc === 0) probed = { count: n[0], reason: n[0] > 0 ? "" : "No CUDA GPUs are available" };
    else if (rc === CUDA_ERROR.INSUFFICIENT_DRIVER) {
      probed = {
        count: 0,
        reason: `Found no NVIDIA driver on your system (cudaGetDeviceCount: ${runtimeErrorText(rc)}). ` +
          "Please check that you have an NVIDIA GPU and installed a driver.",
      };
    } else if (rc === CUDA_ERROR.NO_DEVICE) probed = { count: 0, reason: "No CUDA GPUs are available" };
    else probed = { count: 0, reason: `cudaGetDeviceCount failed: ${runtimeErrorText(rc)}` };
  } catch (e) {
    probed = { count: 0, reason: (e as Error).message };
  }
  return probed;
}

const OUT = new BigUint64Array(1);
/** cuMemHostAlloc's flag for memory every context sees as pinned. */
const CU_MEMHOSTALLOC_PORTABLE = 1;
const ONE_F32 = new Float32Array([1]), ZERO_F32 = new Float32Array([0]);
const ONE_F64 = new Float64Array([1]), ZERO_F64 = new Float64Array([0]);
const OUT_I32 = new Int32Array(OUT.buffer);
const encoder = new TextEncoder();

let driverReady = false;
let current: CudaContext | null = null;
let allowTF32 = false;

function driver(): DriverApi {
  const cu = openDriver().library.symbols;
  if (!driverReady) {
    checkDriver(cu.cuInit(0), "cuInit");
    driverReady = true;
  }
  return cu;
}

function pointerOut(): Deno.PointerValue {
  return Deno.UnsafePointer.create(OUT[0]);
}

/** A kernel of a loaded module, as `CudaDevice.kernel` returns it (opaque to the backend). */
export type KernelHandle = unknown;

/** A column-major GEMM batch, cuBLAS's terms: C_i = op(A_i) op(B_i) for i < count, matrices `stride*` elements apart. */
export interface GemmCall {
  dtype: "float32" | "float64";
  transA: boolean;
  transB: boolean;
  m: number;
  n: number;
  k: number;
  a: bigint;
  lda: number;
  strideA: number;
  b: bigint;
  ldb: number;
  strideB: number;
  c: bigint;
  ldc: number;
  strideC: number;
  count: number;
}

/**
 * A 2-d convolution in cuDNN's terms: NCHW operands at device addresses,
 * input n x c x h x w, filter k x c/groups x r x s, output n x k x oh x
 * ow, symmetric zero padding, cross-correlation. "forward" reads x and
 * filter into y (then adds `bias`, k elements, unless it is 0n);
 * "backwardData" reads y (the output gradient) and filter into x (the
 * input gradient); "backwardFilter" reads x and y into filter (and the
 * bias gradient into `bias`, unless 0n).
 */
export interface ConvCall extends Omit<Conv2dGeometry, "padding"> {
  op: "forward" | "backwardData" | "backwardFilter";
  dtype: "float32" | "float64";
  oh: number;
  ow: number;
  /** cuDNN's symmetric padding (top/bottom, left/right). */
  pad: readonly [number, number];
  x: bigint;
  filter: bigint;
  y: bigint;
  bias: bigint;
}

/**
 * What the CUDA backend needs from a device. CudaContext is the real one;
 * the tests also run the backend on a host emulation of the kernels.
 */
export interface CudaDevice {
  /** The device key, "cuda:<index>". */
  readonly device: string;
  readonly smCount: number;
  readonly allocator: CachingAllocator;
  /** A device block (PyTorch's out-of-memory error when none can be had). */
  allocate(bytes: number): DeviceBlock;
  /** Kernel `name` of module `module`, loaded on first use. */
  kernel(module: string, name: string): KernelHandle;
  /** Queues a kernel with the arguments in ARGS. */
  launch(kernel: KernelHandle, g: Geometry): void;
  upload(dst: bigint, src: Uint8Array): void;
  /** Copies to the host after all queued work. */
  download(dst: Uint8Array, src: bigint): void;
  copy(dst: bigint, src: bigint, bytes: number): void;
  /** Copies from another device of this kind (`from` its index). */
  copyPeer(dst: bigint, src: bigint, from: number, bytes: number): void;
  zero(dst: bigint, bytes: number): void;
  /** Queues a (batched) GEMM. */
  gemm(call: GemmCall): void;
  /** Queues a convolution (cuDNN on a GPU). */
  conv(call: ConvCall): void;
  /** Waits for all queued work. */
  synchronize(): void;
  /** Page-locked host memory as an ArrayBuffer, and how to give it back (once its buffer is unreachable). */
  pinnedHost(bytes: number): { buffer: ArrayBuffer; free(): void };
}

const MiB = 1024 * 1024;
const fmtBytes = (n: number) => n >= 1024 * MiB ? `${(n / 1024 / MiB).toFixed(2)} GiB` : `${(n / MiB).toFixed(2)} MiB`;

/** The state of device `cuda:<index>`. */
export class CudaContext implements CudaDevice {
  readonly index: number;
  /** The device key, "cuda:<index>". */
  readonly device: string;
  readonly name: string;
  /** Compute capability as major * 10 + minor (90 for H100/H200). */
  readonly arch: number;
  readonly smCount: number;
  readonly allocator: CachingAllocator;
  readonly #cu: DriverApi;
  readonly #ctx: Deno.PointerValue;
  readonly #stream: Deno.PointerValue;
  readonly #syncEvent: Deno.PointerValue;
  readonly #modules = new Map<string, Deno.PointerValue>();
  readonly #functions = new Map<string, Deno.PointerValue>();
  #cublas: Deno.PointerValue = null;
  #cudnn: Deno.PointerValue = null;
  readonly #convPlans = new Map<string, ConvPlan>();

  constructor(index: number) {
    const probe = probeCuda();
    if (probe.count === 0) throw new RuntimeError(probe.reason);
    if (!Number.isInteger(index) || index < 0 || index >= probe.count) {
      throw new RuntimeError(`CUDA error: invalid device ordinal ${index} (${probe.count} device(s) available)`);
    }
    const cu = this.#cu = driver();
    this.index = index;
    this.device = `cuda:${index}`;
    checkDriver(cu.cuDeviceGet(OUT_I32, index), "cuDeviceGet");
    const dev = OUT_I32[0];
    const attr = (a: number) => {
      checkDriver(cu.cuDeviceGetAttribute(OUT_I32, a, dev), "cuDeviceGetAttribute");
      return OUT_I32[0];
    };
    this.arch = attr(CU_DEVICE_ATTRIBUTE.COMPUTE_CAPABILITY_MAJOR) * 10 +
      attr(CU_DEVICE_ATTRIBUTE.COMPUTE_CAPABILITY_MINOR);
    this.smCount = attr(CU_DEVICE_ATTRIBUTE.MULTIPROCESSOR_COUNT);
    const name = new Uint8Array(256);
    checkDriver(cu.cuDeviceGetName(name, name.length, dev), "cuDeviceGetName");
    this.name = new TextDecoder().decode(name.subarray(0, name.indexOf(0)));
    checkDriver(cu.cuDevicePrimaryCtxRetain(OUT, dev), "cuDevicePrimaryCtxRetain");
    this.#ctx = pointerOut();
    checkDriver(cu.cuCtxSetCurrent(this.#ctx), "cuCtxSetCurrent");
    current = this;
    // a blocking stream (flags 0): it also orders with work on the legacy default stream
    checkDriver(cu.cuStreamCreate(OUT, 0), "cuStreamCreate");
    this.#stream = pointerOut();
    checkDriver(cu.cuEventCreate(OUT, CU_EVENT_DISABLE_TIMING), "cuEventCreate");
    this.#syncEvent = pointerOut();
    this.allocator = new CachingAllocator({
      alloc: (bytes) => {
        this.makeCurrent();
        checkDriver(cu.cuMemAlloc_v2(OUT, BigInt(bytes)), "cuMemAlloc_v2");
        return OUT[0];
      },
      free: (ptr) => {
        this.makeCurrent();
        checkDriver(cu.cuMemFree_v2(ptr), "cuMemFree_v2");
      },
      isOutOfMemory: (e) => e instanceof CudaOutOfMemoryError,
    });
  }

  /** The driver context handle (for peer copies). */
  get context(): Deno.PointerValue {
    return this.#ctx;
  }

  /** Makes this device's context current on the calling (main) thread. */
  makeCurrent(): void {
    if (current === this) return;
    checkDriver(this.#cu.cuCtxSetCurrent(this.#ctx), "cuCtxSetCurrent");
    current = this;
  }

  /** A device block of at least `bytes` bytes; PyTorch's out-of-memory message when even an emptied cache cannot serve it. */
  allocate(bytes: number): DeviceBlock {
    try {
      return this.allocator.allocate(bytes);
    } catch (e) {
      if (!(e instanceof CudaOutOfMemoryError)) throw e;
      const s = this.allocator.stats();
      const info = this.memGetInfo();
      throw new CudaOutOfMemoryError(
        `CUDA out of memory. Tried to allocate ${fmtBytes(bytes)}. ${this.device} has a total capacity of ` +
          `${fmtBytes(info.total)} of which ${fmtBytes(info.free)} is free. Of the memory dendrite reserved ` +
          `(${fmtBytes(s.reserved)}), ${fmtBytes(s.allocated)} is held by arrays: release those no longer needed ` +
          "(dispose(), using, tidy); the garbage collector does not see device memory.",
        e.fn,
        e.code,
      );
    }
  }

  /** Free and total device memory (cuMemGetInfo). */
  memGetInfo(): { free: number; total: number } {
    this.makeCurrent();
    const total = new BigUint64Array(1);
    checkDriver(this.#cu.cuMemGetInfo_v2(OUT, total), "cuMemGetInfo_v2");
    return { free: Number(OUT[0]), total: Number(total[0]) };
  }

  #module(name: string): Deno.PointerValue {
    let mod = this.#modules.get(name);
    if (mod === undefined) {
      const img = loadKernelImage(name, this.arch);
      this.makeCurrent();
      checkDriver(this.#cu.cuModuleLoadData(OUT, img.cubin), `cuModuleLoadData(${name}.cu)`);
      mod = pointerOut();
      this.#modules.set(name, mod);
    }
    return mod;
  }

  /** The kernel `name` of module `module` (compiled and loaded on first use). */
  kernel(module: string, name: string): Deno.PointerValue {
    const f = this.#functions.get(name);
    if (f !== undefined) return f;
    const mod = this.#module(module);
    checkDriver(this.#cu.cuModuleGetFunction(OUT, mod, encoder.encode(`${name}\0`)), `cuModuleGetFunction(${name})`);
    const fn = pointerOut();
    this.#functions.set(name, fn);
    return fn;
  }

  /** Queues a kernel with the arguments in ARGS. */
  launch(kernel: KernelHandle, g: Geometry): void {
    this.makeCurrent();
    const fn = kernel as Deno.PointerValue;
    const rc = this.#cu.cuLaunchKernel(fn, g.gx, g.gy, 1, g.bx, g.by, 1, 0, this.#stream, ARGS.params, null);
    if (rc !== 0) checkDriver(rc, "cuLaunchKernel");
  }

  /** Queues a copy of host bytes to the device (staged: `src` may be reused when this returns). */
  upload(dst: bigint, src: Uint8Array): void {
    if (src.byteLength === 0) return;
    this.makeCurrent();
    checkDriver(this.#cu.cuMemcpyHtoDAsync_v2(dst, src, BigInt(src.byteLength), this.#stream), "cuMemcpyHtoDAsync");
  }

  /** Copies device bytes to the host, after all queued work. */
  download(dst: Uint8Array, src: bigint): void {
    if (dst.byteLength === 0) return;
    this.makeCurrent();
    checkDriver(this.#cu.cuMemcpyDtoHAsync_v2(dst, src, BigInt(dst.byteLength), this.#stream), "cuMemcpyDtoHAsync");
    this.synchronize();
  }

  /** Queues a device-to-device copy. */
  copy(dst: bigint, src: bigint, bytes: number): void {
    if (bytes === 0) return;
    this.makeCurrent();
    checkDriver(this.#cu.cuMemcpyDtoDAsync_v2(dst, src, BigInt(bytes), this.#stream), "cuMemcpyDtoDAsync");
  }

  /** Queues a copy from another device's memory into this one's. */
  copyPeer(dst: bigint, src: bigint, from: number, bytes: number): void {
    if (bytes === 0) return;
    const other = cudaContext(from);
    other.synchronize(); // the source is written in its own device's stream order
    this.makeCurrent();
    checkDriver(
      this.#cu.cuMemcpyPeerAsync(dst, this.#ctx, src, other.context, BigInt(bytes), this.#stream),
      "cuMemcpyPeerAsync",
    );
  }

  /** Queues zeroing `bytes` bytes. */
  zero(dst: bigint, bytes: number): void {
    if (bytes === 0) return;
    this.makeCurrent();
    checkDriver(this.#cu.cuMemsetD8Async(dst, 0, BigInt(bytes), this.#stream), "cuMemsetD8Async");
  }

  /** Page-locked host memory (cuMemHostAlloc, portable to every context). */
  pinnedHost(bytes: number): { buffer: ArrayBuffer; free(): void } {
    if (bytes === 0) return { buffer: new ArrayBuffer(0), free() {} };
    this.makeCurrent();
    checkDriver(this.#cu.cuMemHostAlloc(OUT, BigInt(bytes), CU_MEMHOSTALLOC_PORTABLE), "cuMemHostAlloc");
    const ptr = Deno.UnsafePointer.create(OUT[0]);
    const cu = this.#cu;
    return {
      buffer: Deno.UnsafePointerView.getArrayBuffer(ptr!, bytes),
      free: () => void cu.cuMemFreeHost(ptr),
    };
  }

  /** Waits for everything queued on the device's stream. */
  synchronize(): void {
    this.makeCurrent();
    checkDriver(this.#cu.cuEventRecord(this.#syncEvent, this.#stream), "cuEventRecord");
    checkDriver(this.#cu.cuEventSynchronize(this.#syncEvent), "cuEventSynchronize");
  }

  /** Queues a GEMM through cuBLAS (alpha 1, beta 0). */
  gemm(g: GemmCall): void {
    const b = openCublas().library.symbols, h = this.cublas;
    const f32 = g.dtype === "float32";
    const one = f32 ? ONE_F32 : ONE_F64, zero = f32 ? ZERO_F32 : ZERO_F64;
    const ta = g.transA ? CUBLAS_OP.T : CUBLAS_OP.N, tb = g.transB ? CUBLAS_OP.T : CUBLAS_OP.N;
    this.makeCurrent();
    if (g.count === 1) {
      const gemm = f32 ? b.cublasSgemm_v2 : b.cublasDgemm_v2;
      checkCublas(gemm(h, ta, tb, g.m, g.n, g.k, one, g.a, g.lda, g.b, g.ldb, zero, g.c, g.ldc), "cublasGemm");
    } else {
      const gemm = f32 ? b.cublasSgemmStridedBatched : b.cublasDgemmStridedBatched;
      const [sa, sb, sc] = [g.strideA, g.strideB, g.strideC].map(BigInt);
      checkCublas(
        gemm(h, ta, tb, g.m, g.n, g.k, one, g.a, g.lda, sa, g.b, g.ldb, sb, zero, g.c, g.ldc, sc, g.count),
        "cublasGemmStridedBatched",
      );
    }
  }

  /** The cuDNN handle, bound to this device's stream (created on first use). */
  get cudnn(): Deno.PointerValue {
    if (this.#cudnn === null) {
      this.makeCurrent();
      const d = openCudnn().library.symbols;
      checkCudnn(d.cudnnCreate(OUT), "cudnnCreate");
      this.#cudnn = pointerOut();
      checkCudnn(d.cudnnSetStream(this.#cudnn, this.#stream), "cudnnSetStream");
    }
    return this.#cudnn;
  }

  /** The descriptors and algorithm of a convolution shape (made once per shape, op and TF32 setting). */
  #convPlan(c: ConvCall): ConvPlan {
    const key = JSON.stringify([
      c.op,
      c.dtype,
      c.n,
      c.c,
      c.h,
      c.w,
      c.k,
      c.r,
      c.s,
      c.pad,
      c.stride,
      c.dilation,
      c.groups,
      allowTF32,
    ]);
    let plan = this.#convPlans.get(key);
    if (plan) return plan;
    const d = openCudnn().library.symbols, h = this.cudnn;
    const { x, y, bias, filter: f, conv } = convDescriptors(c);
    // the heuristics' ranking: the first algorithm that works for this shape
    const perf = new Uint8Array(CUDNN_ALGO_PERF.size * 8), count = new Int32Array(1);
    const get = c.op === "forward"
      ? () => d.cudnnGetConvolutionForwardAlgorithm_v7(h, x, f, conv, y, 8, count, perf)
      : c.op === "backwardData"
      ? () => d.cudnnGetConvolutionBackwardDataAlgorithm_v7(h, f, y, conv, x, 8, count, perf)
      : () => d.cudnnGetConvolutionBackwardFilterAlgorithm_v7(h, x, y, conv, f, 8, count, perf);
    checkCudnn(get(), `cudnnGetConvolution${c.op[0].toUpperCase()}${c.op.slice(1)}Algorithm_v7`);
    const view = new DataView(perf.buffer);
    let pick = -1;
    for (let i = 0; i < count[0] && pick < 0; i++) {
      if (view.getInt32(i * CUDNN_ALGO_PERF.size + CUDNN_ALGO_PERF.status, true) === 0) pick = i;
    }
    if (pick < 0) throw new RuntimeError(`cuDNN has no ${c.op} convolution algorithm for ${key}`);
    const at = pick * CUDNN_ALGO_PERF.size;
    plan = {
      x,
      y,
      bias,
      filter: f,
      conv,
      algo: view.getInt32(at + CUDNN_ALGO_PERF.algo, true),
      workspace: Number(view.getBigUint64(at + CUDNN_ALGO_PERF.memory, true)),
    };
    this.#convPlans.set(key, plan);
    return plan;
  }

  /** Queues a convolution through cuDNN (workspace from the caching allocator). */
  conv(c: ConvCall): void {
    const p = this.#convPlan(c), d = openCudnn().library.symbols, h = this.cudnn;
    const f32 = c.dtype === "float32";
    const one = f32 ? ONE_F32 : ONE_F64, zero = f32 ? ZERO_F32 : ZERO_F64;
    const ws = p.workspace > 0 ? this.allocate(p.workspace) : null;
    const wp = ws?.ptr ?? 0n, wb = BigInt(p.workspace);
    this.makeCurrent();
    try {
      if (c.op === "forward") {
        checkCudnn(
          d.cudnnConvolutionForward(h, one, p.x, c.x, p.filter, c.filter, p.conv, p.algo, wp, wb, zero, p.y, c.y),
          "cudnnConvolutionForward",
        );
        if (c.bias) checkCudnn(d.cudnnAddTensor(h, one, p.bias, c.bias, one, p.y, c.y), "cudnnAddTensor");
      } else if (c.op === "backwardData") {
        checkCudnn(
          d.cudnnConvolutionBackwardData(h, one, p.filter, c.filter, p.y, c.y, p.conv, p.algo, wp, wb, zero, p.x, c.x),
          "cudnnConvolutionBackwardData",
        );
      } else {
        checkCudnn(
          d.cudnnConvolutionBackwardFilter(
            h,
            one,
            p.x,
            c.x,
            p.y,
            c.y,
            p.conv,
            p.algo,
            wp,
            wb,
            zero,
            p.filter,
            c.filter,
          ),
          "cudnnConvolutionBackwardFilter",
        );
        if (c.bias) {
          checkCudnn(
            d.cudnnConvolutionBackwardBias(h, one, p.y, c.y, zero, p.bias, c.bias),
            "cudnnConvolutionBackwardBias",
          );
        }
      }
    } finally {
      ws?.free(); // reused only by work queued after this, on the same stream
    }
  }

  /** A timing event on this device's stream. */
  event(): CudaEvent {
    return new CudaEvent(this, this.#cu, this.#stream);
  }

  /** The cuBLAS handle, bound to this device's stream (created on first use). */
  get cublas(): Deno.PointerValue {
    if (this.#cublas === null) {
      this.makeCurrent();
      const b = openCublas().library.symbols;
      checkCublas(b.cublasCreate_v2(OUT), "cublasCreate_v2");
      this.#cublas = pointerOut();
      checkCublas(b.cublasSetStream_v2(this.#cublas, this.#stream), "cublasSetStream_v2");
      this.applyMathMode();
    }
    return this.#cublas;
  }

  /** Applies the TF32 setting to the cuBLAS handle, if there is one. */
  applyMathMode(): void {
    if (this.#cublas === null) return;
    const mode = allowTF32 ? CUBLAS_MATH.TF32_TENSOR_OP : CUBLAS_MATH.DEFAULT;
    checkCublas(openCublas().library.symbols.cublasSetMathMode(this.#cublas, mode), "cublasSetMathMode");
  }
}

/** cuDNN's descriptors of a convolution: its tensors, filter and convolution (no handle or GPU needed). */
export interface ConvDescriptors {
  x: Deno.PointerValue;
  y: Deno.PointerValue;
  bias: Deno.PointerValue;
  filter: Deno.PointerValue;
  conv: Deno.PointerValue;
}

/**
 * The descriptors of a convolution call: NCHW tensors for x, y and the
 * bias (1 x k x 1 x 1), the filter, and the cross-correlation with the
 * call's padding, stride, dilation and groups; math FMA (IEEE float32)
 * unless TF32 is allowed. They live as long as the plan that holds them.
 */
export function convDescriptors(c: ConvCall): ConvDescriptors {
  const d = openCudnn().library.symbols;
  const dt = c.dtype === "float32" ? CUDNN_DATA.FLOAT : CUDNN_DATA.DOUBLE;
  const make = (create: (out: BigUint64Array) => number, fn: string) => {
    checkCudnn(create(OUT), fn);
    return pointerOut();
  };
  const tensor = (n: number, ch: number, hh: number, ww: number) => {
    const t = make(d.cudnnCreateTensorDescriptor, "cudnnCreateTensorDescriptor");
    checkCudnn(d.cudnnSetTensor4dDescriptor(t, CUDNN_TENSOR_NCHW, dt, n, ch, hh, ww), "cudnnSetTensor4dDescriptor");
    return t;
  };
  const x = tensor(c.n, c.c, c.h, c.w), y = tensor(c.n, c.k, c.oh, c.ow), bias = tensor(1, c.k, 1, 1);
  const filter = make(d.cudnnCreateFilterDescriptor, "cudnnCreateFilterDescriptor");
  checkCudnn(
    d.cudnnSetFilter4dDescriptor(filter, dt, CUDNN_TENSOR_NCHW, c.k, c.c / c.groups, c.r, c.s),
    "cudnnSetFilter4dDescriptor",
  );
  const conv = make(d.cudnnCreateConvolutionDescriptor, "cudnnCreateConvolutionDescriptor");
  const [ph, pw] = c.pad, [sh, sw] = c.stride, [dh, dw] = c.dilation;
  checkCudnn(
    d.cudnnSetConvolution2dDescriptor(conv, ph, pw, sh, sw, dh, dw, CUDNN_CROSS_CORRELATION, dt),
    "cudnnSetConvolution2dDescriptor",
  );
  checkCudnn(d.cudnnSetConvolutionGroupCount(conv, c.groups), "cudnnSetConvolutionGroupCount");
  // float32 stays IEEE (as on the CPU) unless TF32 is allowed, like the matmuls
  const math = allowTF32 && c.dtype === "float32" ? CUDNN_MATH.DEFAULT : CUDNN_MATH.FMA;
  checkCudnn(d.cudnnSetConvolutionMathType(conv, math), "cudnnSetConvolutionMathType");
  return { x, y, bias, filter, conv };
}

/** cuDNN's descriptors and chosen algorithm for one convolution shape. */
interface ConvPlan {
  x: Deno.PointerValue;
  y: Deno.PointerValue;
  bias: Deno.PointerValue;
  filter: Deno.PointerValue;
  conv: Deno.PointerValue;
  algo: number;
  workspace: number;
}

/** An event recorded on a device's stream, for timing (cuEventElapsedTime) and waits. */
export class CudaEvent {
  readonly #ctx: CudaContext;
  readonly #cu: DriverApi;
  readonly #stream: Deno.PointerValue;
  readonly #event: Deno.PointerValue;

  constructor(ctx: CudaContext, cu: DriverApi, stream: Deno.PointerValue) {
    this.#ctx = ctx;
    this.#cu = cu;
    this.#stream = stream;
    ctx.makeCurrent();
    checkDriver(cu.cuEventCreate(OUT, 0), "cuEventCreate");
    this.#event = pointerOut();
  }

  /** Records the event after the work queued so far. */
  record(): this {
    this.#ctx.makeCurrent();
    checkDriver(this.#cu.cuEventRecord(this.#event, this.#stream), "cuEventRecord");
    return this;
  }

  /** Waits until the work before the event is done. */
  synchronize(): void {
    checkDriver(this.#cu.cuEventSynchronize(this.#event), "cuEventSynchronize");
  }

  /** Milliseconds from `start` to this event (both recorded and complete). */
  elapsedSince(start: CudaEvent): number {
    const ms = new Float32Array(1);
    checkDriver(this.#cu.cuEventElapsedTime_v2(ms, start.#event, this.#event), "cuEventElapsedTime");
    return ms[0];
  }

  /** Frees the event. */
  destroy(): void {
    checkDriver(this.#cu.cuEventDestroy_v2(this.#event), "cuEventDestroy");
  }
}

/** The index of a CUDA device key: "cuda" (device 0) or "cuda:N". */
export function cudaDeviceIndex(device: string): number {
  const m = /^cuda(?::(\d+))?$/.exec(device);
  if (!m) throw new RangeError(`Expected a cuda device, but got: ${device}`);
  return m[1] === undefined ? 0 : Number(m[1]);
}

const CONTEXTS = new Map<number, CudaContext>();

/** The context of `cuda:<index>`, created on first use. */
export function cudaContext(index: number): CudaContext {
  let ctx = CONTEXTS.get(index);
  if (!ctx) {
    ctx = new CudaContext(index);
    CONTEXTS.set(index, ctx);
  }
  return ctx;
}

/** The contexts created so far. */
export function createdContexts(): CudaContext[] {
  return [...CONTEXTS.values()];
}

/** Whether float32 matmuls may use TF32 tensor cores (PyTorch's torch.backends.cuda.matmul.allow_tf32, default off). */
export function setAllowTF32(allow: boolean): void {
  allowTF32 = allow;
  for (const ctx of CONTEXTS.values()) ctx.applyMathMode();
}

export function getAllowTF32(): boolean {
  return allowTF32;
}
