/**
 * The CUDA backend: the Backend table for "cuda:N" over device memory from
 * the caching allocator, NVRTC-compiled kernels (kernels/cuda/) launched
 * through the driver API, and cuBLAS for matmul. Everything is queued on
 * the device's one stream; only reads back to the host wait for it.
 *
 * Nothing here loads a CUDA library until a backend is created
 * (`useCudaDevice`). A kernel this backend lacks is PyTorch's "not
 * implemented for 'CUDA'" error, never a copy to the CPU and back.
 */
import { type DType, DTYPES, isFloat, TORCH_TYPE_NAME } from "../core/dtype.ts";
import { RuntimeError } from "../core/errors.ts";
import { checkOperand, type Operand, Storage } from "../core/storage.ts";
import { View } from "../core/view.ts";
import { isPinnedStorage } from "./pinned.ts";
import { nextDraw } from "../random/cuda_generator.ts";
import { type Backend, notImplemented, registerBackend } from "./backend.ts";
import { cudaContext, type CudaDevice, cudaDeviceIndex } from "./cuda_context.ts";
import {
  ARGS,
  batchPlan,
  elementwiseGeometry,
  finishGeometry,
  gemmOperand,
  type Geometry,
  LAYOUT,
  packElementwise,
  packIndex,
  packReduce,
  packRows,
  reduceGeometry,
  rowGeometry,
} from "./cuda_meta.ts";
import { CPU, loopOut, OP_CODES } from "./cpu.ts";
import { cudaNnKernels } from "./cuda_nn.ts";

/** What the CUDA backend offers beyond the Backend interface. */
export interface CudaBackend extends Backend {
  /** The device (its stream, allocator, ...). */
  readonly context: CudaDevice;
  /** Copies a device storage's bytes into host memory (after all queued work). */
  toHost(src: Storage, dst: Uint8Array): void;
  /** Sets every element of `out` to `value`. */
  fill(out: Operand, value: number | bigint | boolean): void;
  /** softmax (or log_softmax) of float `x` along `axis` into `out` (same shape), fused. */
  softmax(x: Operand, axis: number, out: Operand, log: boolean): void;
}

/** Names by op code, from the shared tables the CPU library publishes. */
function names(codes: ReadonlyMap<string, number>): string[] {
  const out: string[] = [];
  for (const [name, code] of codes) out[code] = name;
  return out;
}
const UNARY = names(OP_CODES.unary), BINARY = names(OP_CODES.binary), REDUCE = names(OP_CODES.reduce);

const isz = (d: DType) => DTYPES[d].itemsize;

/** Bytes of one accumulator of reduction `op` on `dtype` (reduce.cu's acc_t). */
function accBytes(op: string, dtype: DType): number {
  if (op === "sum" || op === "prod") return 8;
  if (op === "all" || op === "any") return 4;
  return isz(dtype);
}

/** The bits of `value` as a `dtype` element (for fill). */
function elementBits(dtype: DType, value: number | bigint | boolean): bigint {
  const buf = new ArrayBuffer(8), u64 = new BigUint64Array(buf);
  const v = typeof value === "boolean" ? Number(value) : value;
  if (dtype === "int64") {
    new BigInt64Array(buf)[0] = BigInt.asIntN(64, BigInt(typeof v === "number" ? Math.trunc(v) : v));
  } else if (dtype === "float64") new Float64Array(buf)[0] = Number(v);
  else if (dtype === "float32") new Float32Array(buf)[0] = Number(v);
  else if (dtype === "int32") new Int32Array(buf)[0] = Number(v);
  else if (dtype === "bool") new Uint8Array(buf)[0] = Number(v) !== 0 ? 1 : 0;
  else new Uint8Array(buf)[0] = Number(v);
  return u64[0];
}

/** The CUDA kernel table over a device: the real one (`useCudaDevice`) or, in tests, a host emulation. */
export function cudaBackend(ctx: CudaDevice): CudaBackend {
  const device = ctx.device;

  const sameDevice = (s: Storage, op: string) => {
    if (s.device !== device) {
      throw new RuntimeError(
        `Expected all tensors to be on the same device, but found at least two devices, ${device} and ${s.device}! (${op})`,
      );
    }
  };
  /** The device address of an operand's storage, after checking it is live, here and in bounds. */
  const opnd = (x: Operand, op: string): bigint => {
    checkOperand(x, op);
    sameDevice(x.storage, op);
    return x.storage.ptr;
  };
  const mem = (s: Storage, op: string): bigint => {
    sameDevice(s, op);
    return s.ptr;
  };
  const alloc = (dtype: DType, length: number, zero: boolean): Storage => {
    const bytes = length * isz(dtype);
    const block = ctx.allocate(bytes);
    if (zero) ctx.zero(block.ptr, bytes);
    const s = Storage.onDevice(device, dtype, length, block);
    ctx.allocator.track(s, block);
    return s;
  };
  const launch = (module: string, kernel: string, g: Geometry) => ctx.launch(ctx.kernel(module, kernel), g);

  /** A C-contiguous copy of `x` on this device (for cuBLAS operands it cannot read as they are). */
  const contiguousCopy = (x: Operand): Operand => {
    const s = alloc(x.storage.dtype, x.layout.size, false);
    const out = { storage: s, layout: new View(x.layout.shape) };
    backend.cast(x, out);
    return out;
  };

  /** Rank-sorts contiguous rows (sort.cu): values into `out`, or source positions into `idx`. */
  const launchSort = (data: bigint, out: bigint, idx: bigint, rows: number, n: number, desc: boolean, dt: DType) => {
    const L = LAYOUT.sort;
    ARGS.u64(L.data, data);
    ARGS.u64(L.out, out);
    ARGS.u64(L.idx, idx);
    ARGS.i64(L.rows, rows);
    ARGS.i64(L.n, n);
    ARGS.i32(L.desc, desc ? 1 : 0);
    launch("sort", `dk_rank_sort_${dt}`, elementwiseGeometry({ n: rows * n, flags: 0, vec: 1 }));
  };
  /** A fused optimizer step (optim.cu) over contiguous operands of p's size and dtype: p, g, m, v, vmax. */
  const launchOptim = (kind: "sgd" | "adam", ops: (Operand | null)[], s: readonly number[], flags: number) => {
    const L = LAYOUT.optim, dt = ops[0]!.storage.dtype, n = ops[0]!.layout.size, op = `${kind} step`;
    if (dt !== "float32" && dt !== "float64") throw notImplemented(`${op} of ${dt}`, device);
    const fields = [L.p, L.g, L.m, L.v, L.vmax];
    ops.forEach((x, i) => {
      if (x && (x.storage.dtype !== dt || x.layout.size !== n || !x.layout.isContiguous)) {
        throw new RangeError(`${op}: every tensor must be contiguous ${dt} of ${n} elements`);
      }
      ARGS.u64(fields[i], x ? opnd(x, op) + BigInt(x.layout.offset * isz(dt)) : 0n);
    });
    ARGS.i64(L.n, n);
    s.forEach((v, i) => ARGS.f64(L.s + 8 * i, v));
    ARGS.i32(L.flags, flags);
    launch("optim", `dk_${kind}_step_${dt}`, elementwiseGeometry({ n, flags: 0, vec: 1 }));
  };
  /** A host copy of a device storage (after the queued work). */
  const hostCopy = (s: Storage, op: string): Storage => {
    const h = CPU.alloc(s.dtype, s.length, false);
    ctx.download(h.bytes, mem(s, op));
    return h;
  };

  const backend: CudaBackend = {
    device,
    context: ctx,
    alloc,
    sgdStep(p, g, buf, s, flags) {
      launchOptim("sgd", [p, g, buf, null, null], s, flags);
    },
    adamStep(p, g, m, v, vmax, s, flags) {
      launchOptim("adam", [p, g, m, v, vmax], s, flags);
    },
    dropoutNoise(out, keep, scale) {
      const L = LAYOUT.rand, dt = out.dtype;
      if (dt !== "float32" && dt !== "float64") throw notImplemented(`dropout noise of ${dt}`, device);
      const { seed, offset } = nextDraw(cudaDeviceIndex(device));
      ARGS.u64(L.out, mem(out, "dropout"));
      ARGS.i64(L.n, out.length);
      ARGS.u64(L.seed, seed);
      ARGS.u64(L.offset, offset);
      ARGS.f64(L.keep, keep);
      ARGS.f64(L.scale, scale);
      const blocks = Math.ceil(out.length / (dt === "float32" ? 4 : 2));
      launch("random", `dk_dropout_noise_${dt}`, elementwiseGeometry({ n: blocks, flags: 0, vec: 1 }));
    },
    copyFrom(src, nonBlocking = false) {
      const out = alloc(src.dtype, src.length, false);
      if (src.isHost) {
        ctx.upload(out.ptr, src.bytes);
        // pageable memory is staged before the call returns; a pinned source is read while the copy runs, so a
        // blocking copy waits for it (PyTorch's non_blocking=False), and a later write to the source cannot leak in
        if (!nonBlocking && isPinnedStorage(src)) ctx.synchronize();
      } else if (src.device === device) ctx.copy(out.ptr, src.ptr, src.nbytes);
      else if (src.device.startsWith("cuda:")) {
        ctx.copyPeer(out.ptr, src.ptr, cudaDeviceIndex(src.device), src.nbytes);
      } else throw new RuntimeError(`cannot copy from device ${src.device} to ${device}`);
      return out;
    },
    toHost(src, dst) {
      if (dst.byteLength !== src.nbytes) {
        throw new RangeError(`toHost: ${dst.byteLength} bytes cannot hold a storage of ${src.nbytes} bytes`);
      }
      ctx.download(dst, mem(src, "copy"));
    },
    unary(c, x, out) {
      const name = UNARY[c], dt = x.storage.dtype;
      if (loopOut.unary(c, dt) === undefined) throw new TypeError(`"${name}" has no loop for ${dt}`);
      const ptrs = [opnd(x, name), opnd(out, name)];
      if (out.layout.size === 0) return;
      const sp = packElementwise(ARGS, 0, ptrs, [x.layout, out.layout], [isz(dt), isz(out.storage.dtype)]);
      launch("unary", `dk_unary_${name}_${dt}`, elementwiseGeometry(sp));
    },
    binary(c, a, b, out) {
      const name = BINARY[c], dt = a.storage.dtype;
      if (loopOut.binary(c, dt) === undefined) throw new TypeError(`"${name}" has no loop for ${dt}`);
      const ptrs = [opnd(a, name), opnd(b, name), opnd(out, name)];
      if (out.layout.size === 0) return;
      const sizes = [isz(dt), isz(dt), isz(out.storage.dtype)];
      const sp = packElementwise(ARGS, 0, ptrs, [a.layout, b.layout, out.layout], sizes);
      launch("binary", `dk_binary_${name}_${dt}`, elementwiseGeometry(sp));
    },
    where(cond, x, y, out) {
      const ptrs = [opnd(cond, "where"), opnd(x, "where"), opnd(y, "where"), opnd(out, "where")];
      if (out.layout.size === 0) return;
      const size = isz(out.storage.dtype);
      const views = [cond.layout, x.layout, y.layout, out.layout];
      const sp = packElementwise(ARGS, 0, ptrs, views, [1, size, size, size], false);
      launch("copy", `dk_where_${8 * size}`, elementwiseGeometry(sp));
    },
    cast(x, out) {
      const px = opnd(x, "copy"), po = opnd(out, "copy");
      const n = out.layout.size;
      if (n === 0) return;
      const sd = x.storage.dtype, dd = out.storage.dtype;
      const xv = x.layout, ov = out.layout;
      if (sd === dd && xv.isContiguous && ov.isContiguous && xv.size === n) {
        const b = isz(sd);
        ctx.copy(po + BigInt(ov.offset * b), px + BigInt(xv.offset * b), n * b);
        return;
      }
      const sp = packElementwise(ARGS, 0, [px, po], [xv, ov], [isz(sd), isz(dd)]);
      launch("copy", `dk_cast_${sd}_${dd}`, elementwiseGeometry(sp));
    },
    fill(out, value) {
      const po = opnd(out, "fill");
      if (out.layout.size === 0) return;
      const dt = out.storage.dtype;
      ARGS.u64(LAYOUT.fill.value, elementBits(dt, value));
      const sp = packElementwise(ARGS, LAYOUT.fill.nd, [po], [out.layout], [isz(dt)], false);
      launch("copy", `dk_fill_${8 * isz(dt)}`, elementwiseGeometry(sp));
    },
    reduce(c, x, axes, out) {
      const name = REDUCE[c], dt = x.storage.dtype;
      const sp = packReduce(ARGS, opnd(x, name), mem(out, name), x.layout, axes);
      if (sp.nout === 0) return;
      const g = reduceGeometry(sp, ctx.smCount);
      const partial = g.gy > 1 ? ctx.allocate(g.gy * sp.nout * accBytes(name, dt)) : null;
      ARGS.u64(LAYOUT.red.partial, partial?.ptr ?? 0n);
      ARGS.i64(LAYOUT.red.chunk, g.chunk);
      launch("reduce", `dk_reduce_${name}_${dt}`, g);
      if (partial) {
        ARGS.i64(LAYOUT.red.nred, g.gy);
        launch("reduce", `dk_reduce_fin_${name}_${dt}`, finishGeometry(sp.nout));
        partial.free(); // reused only by work queued after this, on the same stream
      }
    },
    argreduce(op, x, axis, out) {
      const dt = x.storage.dtype;
      const sp = packReduce(ARGS, opnd(x, op), mem(out, op), x.layout, [axis]);
      if (sp.nout === 0) return;
      if (sp.nred === 0) throw new RangeError(`attempt to get ${op} of an empty sequence`);
      const g = reduceGeometry(sp, ctx.smCount);
      const values = g.gy > 1 ? ctx.allocate(g.gy * sp.nout * isz(dt)) : null;
      const indices = g.gy > 1 ? ctx.allocate(g.gy * sp.nout * 8) : null;
      ARGS.u64(LAYOUT.red.partial, values?.ptr ?? 0n);
      ARGS.u64(LAYOUT.red.partialIdx, indices?.ptr ?? 0n);
      ARGS.i64(LAYOUT.red.chunk, g.chunk);
      launch("reduce", `dk_${op}_${dt}`, g);
      if (values && indices) {
        ARGS.i64(LAYOUT.red.nred, g.gy);
        launch("reduce", `dk_${op}_fin_${dt}`, finishGeometry(sp.nout));
        values.free();
        indices.free();
      }
    },
    scan(op, x, axis, out) {
      const sp = packRows(ARGS, opnd(x, op), opnd(out, op), x.layout, out.layout, axis);
      if (sp.nrows === 0 || sp.n === 0) return;
      launch("scan", `dk_${op}_${x.storage.dtype}`, rowGeometry(sp, ctx.smCount));
    },
    softmax(x, axis, out, log) {
      const dt = x.storage.dtype, op = log ? "log_softmax" : "softmax";
      if (!isFloat(dt)) throw new RuntimeError(`"${op}_cuda" not implemented for '${TORCH_TYPE_NAME[dt]}'`);
      const sp = packRows(ARGS, opnd(x, op), opnd(out, op), x.layout, out.layout, axis, log ? 1 : 0);
      if (sp.nrows === 0 || sp.n === 0) return;
      launch("softmax", `dk_softmax_${dt}`, rowGeometry(sp, ctx.smCount));
    },
    indexCopy(src, dst, offsets, rest, mode) {
      const op = mode >= 2 ? "index_put" : "index";
      const ps = mem(src.storage, op), pd = mem(dst.storage, op);
      if (offsets.length === 0) return;
      const offs = ctx.allocate(offsets.byteLength);
      ctx.upload(offs.ptr, new Uint8Array(offsets.buffer, offsets.byteOffset, offsets.byteLength));
      const total = packIndex(
        ARGS,
        { ptr: ps, view: src.layout },
        { ptr: pd, view: dst.layout },
        offs.ptr,
        offsets.length,
        rest,
        mode,
      );
      if (total > 0) {
        const dt = dst.storage.dtype;
        const kernel = mode >= 2 ? `dk_index_${mode === 2 ? "add" : "mul"}_${dt}` : `dk_index_copy_${8 * isz(dt)}`;
        launch("index", kernel, elementwiseGeometry({ n: total, flags: 0, vec: 1 }));
      }
      offs.free();
    },
    matmul(a, b, out, batch, m, n, k) {
      const dt = out.dtype;
      if (dt !== "float32" && dt !== "float64") {
        throw new RuntimeError(`"addmm_cuda" not implemented for '${TORCH_TYPE_NAME[dt]}'`);
      }
      opnd(a, "matmul");
      opnd(b, "matmul");
      const pc = mem(out, "matmul");
      const nb = batch.length, size = isz(dt);
      // cuBLAS reads each matrix row- or column-major with a leading dimension, and batches with one stride
      const plan = (x: Operand, rows: number, cols: number) => {
        const v = x.layout;
        const g = gemmOperand(rows, cols, v.strides[v.ndim - 2], v.strides[v.ndim - 1]);
        const bst = v.strides.slice(0, nb);
        return g && bst.every((s) => s >= 0) ? { x, g, bst } : null;
      };
      const pa = plan(a, m, k) ?? plan(contiguousCopy(a), m, k)!;
      const pb = plan(b, k, n) ?? plan(contiguousCopy(b), k, n)!;
      const cst: number[] = [];
      for (let i = nb - 1, acc = m * n; i >= 0; i--) {
        cst[i] = acc;
        acc *= batch[i];
      }
      const bp = batchPlan(batch, [pa.bst, pb.bst, cst]);
      // row-major C = A B is column-major C^T = B^T A^T: cuBLAS gets B first
      const baseA = pa.x.storage.ptr + BigInt(pa.x.layout.offset * size);
      const baseB = pb.x.storage.ptr + BigInt(pb.x.layout.offset * size);
      const outer = bp.outerShape.reduce((p, d) => p * d, 1);
      for (let o = 0; o < outer; o++) {
        let oa = 0, ob = 0, oc = 0;
        for (let d = bp.outerShape.length - 1, rem = o; d >= 0; d--) {
          const i = rem % bp.outerShape[d];
          rem = Math.floor(rem / bp.outerShape[d]);
          oa += i * bp.outerStrides[0][d];
          ob += i * bp.outerStrides[1][d];
          oc += i * bp.outerStrides[2][d];
        }
        ctx.gemm({
          dtype: dt,
          transA: pb.g.trans,
          transB: pa.g.trans,
          m: n,
          n: m,
          k,
          a: baseB + BigInt(ob * size),
          lda: pb.g.ld,
          strideA: bp.strides[1],
          b: baseA + BigInt(oa * size),
          ldb: pa.g.ld,
          strideB: bp.strides[0],
          c: pc + BigInt(oc * size),
          ldc: n,
          strideC: bp.strides[2],
          count: bp.count,
        });
      }
      for (const p of [pa, pb]) if (p.x !== a && p.x !== b) p.x.storage.release();
    },
    sort(data, rows, n, descending) {
      const ps = mem(data, "sort");
      if (rows * n === 0) return;
      const bytes = rows * n * isz(data.dtype);
      const tmp = ctx.allocate(bytes);
      launchSort(ps, tmp.ptr, 0n, rows, n, descending, data.dtype);
      ctx.copy(ps, tmp.ptr, bytes);
      tmp.free(); // reused only by work queued after this, on the same stream
    },
    argsort(data, idx, rows, n, descending) {
      const ps = mem(data, "argsort"), pi = mem(idx, "argsort");
      if (rows * n === 0) return;
      launchSort(ps, 0n, pi, rows, n, descending, data.dtype);
    },
    // The Backend interface returns these as host arrays (indexCopy then
    // uploads the offsets): the index data comes to the host, as the
    // bounds checks (PyTorch's errors) and nonzero's count need it there.
    nonzero(mask, shape) {
      return CPU.nonzero(hostCopy(mask, "nonzero"), shape);
    },
    alongOffsets(index, d, xShape, xStrides, wrap) {
      checkOperand(index, "gather");
      return CPU.alongOffsets(
        { storage: hostCopy(index.storage, "gather"), layout: index.layout },
        d,
        xShape,
        xStrides,
        wrap,
      );
    },
    combineOffsets(cols, n, sizes, strides, axes) {
      return CPU.combineOffsets(hostCopy(cols, "index"), n, sizes, strides, axes);
    },
    solve() {
      throw notImplemented("linalg_solve", device);
    },
    det() {
      throw notImplemented("linalg_det", device);
    },
    luFactor() {
      throw notImplemented("linalg_lu_factor", device);
    },
    triangularSolve() {
      throw notImplemented("linalg_solve_triangular", device);
    },
    svd() {
      throw notImplemented("linalg_svd", device);
    },
    qr() {
      throw notImplemented("linalg_qr", device);
    },
    eigh() {
      throw notImplemented("linalg_eigh", device);
    },
    haveLapack: () => false,
    ...cudaNnKernels({
      ctx,
      opnd,
      fresh: (dtype, shape, zero) => ({
        storage: alloc(dtype, shape.reduce((a, b) => a * b, 1), zero),
        layout: new View(shape),
      }),
      cast: (x, out) => backend.cast(x, out),
    }),
  };
  return backend;
}

const BACKENDS = new Map<number, CudaBackend>();

/**
 * The backend of a CUDA device ("cuda", "cuda:N"), created and registered
 * on first use; PyTorch's errors when there is no such GPU.
 */
export function useCudaDevice(device = "cuda"): CudaBackend {
  const index = cudaDeviceIndex(device);
  let be = BACKENDS.get(index);
  if (!be) {
    be = cudaBackend(cudaContext(index));
    registerBackend(be);
    BACKENDS.set(index, be);
  }
  return be;
}
