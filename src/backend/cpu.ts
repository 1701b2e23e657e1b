/**
 * The CPU backend: C kernels through Deno FFI over host memory. `cpuBackend`
 * builds the table for a device key, so tests can register the same kernels
 * under a second device name and check that ops dispatch by storage.
 */
import { K, lastError, nameTable } from "../../ffi/lib.ts";
import { openNativeAllocator } from "../../ffi/native_alloc.ts";
import { env } from "../../ffi/permissions.ts";
import { type DType, DTYPE_BY_CODE, DTYPES } from "../core/dtype.ts";
import { LinAlgError } from "../core/errors.ts";
import { scratchInt64, setHugePageAdvice, setNativeAllocator } from "../core/host_pool.ts";
import { checkOperand, checkOutput, type Operand, Storage } from "../core/storage.ts";
import { sameShape, type View } from "../core/view.ts";
import { type Backend, backendFor, notImplemented, registerBackend } from "./backend.ts";
import { axisMeta, elementwiseMeta, packList, reduceMeta } from "./cpu_meta.ts";
import { cpuNnKernels } from "./cpu_nn_ops.ts";
import { cpuResampleKernels } from "./cpu_resample.ts";

/** Throws the kernel's message when rc != 0. */
function check(rc: number, op: string): void {
  if (rc === 0) return;
  const msg = lastError();
  if (/Singular|did not converge/.test(msg)) throw new LinAlgError(msg);
  if (/out of bounds|does not match/.test(msg)) throw new RangeError(msg);
  throw new Error(`${op}: ${msg}`);
}

/** The C side's dtype table must agree with src/core/dtype.ts on every code, name and size. */
function checkDTypes(): void {
  DTYPE_BY_CODE.forEach((d, code) => {
    const p = K.dk_dtype_name(code);
    const name = p ? Deno.UnsafePointerView.getCString(p) : null;
    if (name !== d || K.dk_itemsize(code) !== DTYPES[d].itemsize) {
      throw new Error(`dendrite: the kernel library's dtype ${code} is ${name}, expected ${d}: rebuild the kernels`);
    }
  });
  if (K.dk_dtype_name(DTYPE_BY_CODE.length) !== null) {
    throw new Error("dendrite: the kernel library has more dtypes than src/core/dtype.ts: rebuild the kernels");
  }
}
checkDTypes();

/** Op codes of the shared element-wise and reduction tables (kernels/include/ops.h, reduce.c). */
export const OP_CODES: {
  readonly unary: ReadonlyMap<string, number>;
  readonly binary: ReadonlyMap<string, number>;
  readonly reduce: ReadonlyMap<string, number>;
} = {
  unary: nameTable(K.dk_unary_name),
  binary: nameTable(K.dk_binary_name),
  reduce: nameTable(K.dk_reduce_name),
};

/**
 * The library's answer for (op code, dtype), asked once: the flat kernels and every reduction ask it on each call.
 * `info` returns a dtype code, negative where the op has no loop.
 */
function kept(info: (c: number, d: number) => number): (c: number, d: DType) => DType | undefined {
  const table: (DType | null)[] = [];
  return (c, d) => {
    const k = c * DTYPE_BY_CODE.length + DTYPES[d].code;
    let r = table[k];
    if (r === undefined) {
      const out = info(c, DTYPES[d].code);
      r = table[k] = out < 0 ? null : DTYPE_BY_CODE[out];
    }
    return r ?? undefined;
  };
}
/** Output dtype of a unary/binary/reduce loop on `dtype`, or undefined when the op has no loop for it. */
export const loopOut: {
  readonly unary: (c: number, d: DType) => DType | undefined;
  readonly binary: (c: number, d: DType) => DType | undefined;
  readonly reduce: (c: number, d: DType) => DType;
} = {
  unary: kept((c, d) => K.dk_unary_info(c, d)),
  binary: kept((c, d) => K.dk_binary_info(c, d)),
  reduce: kept((c, d) => K.dk_reduce_info(c, d)) as (c: number, d: DType) => DType,
};

const code = (d: DType) => DTYPES[d].code;
const SCALAR = new BigInt64Array(2);

/** Host bytes of a storage checked for use (live, on this device's memory). */
function mem(s: Storage): Uint8Array {
  return s.bytes;
}
/** Host bytes of an operand after checking its view stays inside the storage. */
function opnd(x: Operand, op: string): Uint8Array {
  checkOperand(x, op);
  return x.storage.bytes;
}
/**
 * Host bytes of a storage a kernel treats as `count` contiguous elements: the
 * sizes come from the op, so a wrong one would run the kernel off the end.
 */
function memN(s: Storage, count: number, op: string): Uint8Array {
  if (!(count <= s.length)) {
    throw new RangeError(`${op}: the kernel would use ${count} elements of a storage of ${s.length}`);
  }
  return s.bytes;
}
/**
 * The whole host buffer of a storage a kernel reads or writes `n` elements of from element `offset` (which the
 * kernel takes as `s.base + offset`): no typed-array view per storage.
 */
function span(s: Storage, offset: number, n: number): Uint8Array {
  if (!(Number.isSafeInteger(offset) && Number.isSafeInteger(n) && offset >= 0 && n >= 0 && offset + n <= s.length)) {
    throw new RangeError(`the kernel would use elements ${offset}..${offset + n} of a storage of ${s.length}`);
  }
  return s.whole;
}

/** Whether two host byte ranges overlap (storages over one ArrayBuffer, as a view(dtype) makes). */
function sharesBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength &&
    b.byteOffset < a.byteOffset + a.byteLength;
}

/** The gather/scatter walk's meta (kernels/cpu/index.c along_parse): the index's view, then the addressed tensor's. */
function walkMeta(index: Operand, d: number, xShape: readonly number[], xStrides: readonly number[], wrap: boolean) {
  const v = index.layout;
  return [v.ndim, d, ...v.shape, ...v.strides, v.offset, ...xShape, ...xStrides, wrap ? 1 : 0];
}

/** `opnd` for an operand the kernel writes into: also writeable and without self-overlap. */
function outp(x: Operand, op: string): Uint8Array {
  checkOutput(x, op);
  return x.storage.bytes;
}

/** The CPU kernel table for device key `device` (host memory). */
export function cpuBackend(device: string): Backend {
  return {
    device,
    alloc: (dtype, length, zero) => Storage.host(dtype, length, zero, device),
    copyFrom(src) {
      const out = Storage.host(src.dtype, src.length, false, device);
      // device memory comes back through its own backend
      if (src.isHost) out.bytes.set(src.bytes);
      else {
        const from = backendFor(src.device);
        if (!from.toHost) throw notImplemented("to host", src.device);
        from.toHost(src, out.bytes);
      }
      return out;
    },
    unary(c, x, out) {
      const xb = opnd(x, "unary"), ob = outp(out, "unary");
      check(K.dk_unary(c, code(x.storage.dtype), xb, ob, elementwiseMeta([x.layout, out.layout])), "unary");
    },
    binary(c, a, b, out) {
      const ab = opnd(a, "binary"), bb = opnd(b, "binary"), ob = outp(out, "binary");
      const meta = elementwiseMeta([a.layout, b.layout, out.layout]);
      check(K.dk_binary(c, code(a.storage.dtype), ab, bb, ob, meta), "binary");
    },
    unaryFlat(c, x, xo, out, oo, n) {
      // no views to check: each storage must hold its n elements and out have the loop's result dtype
      if (out.dtype !== loopOut.unary(c, x.dtype)) {
        throw new TypeError(`unary: dtypes ${x.dtype} -> ${out.dtype} do not fit op ${c}'s loop`);
      }
      const xb = span(x, xo, n), ob = span(out, oo, n);
      check(K.dk_unary_flat(c, code(x.dtype), xb, x.base + xo, ob, out.base + oo, n), "unary");
    },
    binaryFlat(c, a, ao, as, b, bo, bs, out, oo, n) {
      // as unaryFlat; both inputs of the loop's dtype
      const dt = a.dtype;
      if (b.dtype !== dt || out.dtype !== loopOut.binary(c, dt)) {
        throw new TypeError(`binary: dtypes ${dt}, ${b.dtype} -> ${out.dtype} do not fit op ${c}'s loop`);
      }
      const ab = span(a, ao, as === 0 ? Math.min(n, 1) : n), bb = span(b, bo, bs === 0 ? Math.min(n, 1) : n);
      const ob = span(out, oo, n);
      check(K.dk_binary_flat(c, code(dt), ab, a.base + ao, as, bb, b.base + bo, bs, ob, out.base + oo, n), "binary");
    },
    viewScatter(g, out, view) {
      // g's elements from its offset on, in the view's C order (the kernel reads view.size of them)
      const isz = DTYPES[out.dtype].itemsize, gv = g.layout;
      if (g.storage.dtype !== out.dtype || !gv.isContiguous || gv.size !== view.size) {
        throw new TypeError(`view_scatter: the gradient must be a contiguous ${out.dtype} tensor of the view's size`);
      }
      checkOperand(g, "view_scatter");
      const src = g.storage.bytes.subarray(gv.offset * isz),
        meta = packList([view.ndim, ...view.shape, ...view.strides, view.offset]);
      check(K.dk_view_scatter(isz, out.bytes, out.length, src, meta), "view_scatter");
    },
    where(cond, x, y, out) {
      const cb = opnd(cond, "where"), xb = opnd(x, "where"), yb = opnd(y, "where"), ob = outp(out, "where");
      const meta = elementwiseMeta([cond.layout, x.layout, y.layout, out.layout]);
      check(K.dk_where(DTYPES[out.storage.dtype].itemsize, cb, xb, yb, ob, meta), "where");
    },
    cast(x, out) {
      const xb = opnd(x, "copy"), ob = outp(out, "copy");
      const meta = elementwiseMeta([x.layout, out.layout]);
      check(K.dk_cast(code(x.storage.dtype), code(out.storage.dtype), xb, ob, meta), "cast");
    },
    reduce(c, x, axes, out) {
      const xb = opnd(x, "reduce");
      check(K.dk_reduce(c, code(x.storage.dtype), xb, mem(out), reduceMeta(x.layout, axes)), "reduce");
    },
    argreduce(op, x, axis, out) {
      const xb = opnd(x, op);
      check(
        K.dk_argreduce(op === "argmax" ? 0 : 1, code(x.storage.dtype), xb, mem(out), reduceMeta(x.layout, [axis])),
        op,
      );
    },
    scan(op, x, axis, out) {
      const xb = opnd(x, op), ob = outp(out, op);
      const v = x.layout, o = out.layout;
      const meta = axisMeta(v, axis, o);
      check(K.dk_scan(op === "cumsum" ? 0 : 1, code(x.storage.dtype), xb, ob, meta), op);
    },
    softmax(x, axis, out, log) {
      const xb = opnd(x, "softmax"), ob = outp(out, "softmax");
      const v = x.layout, o = out.layout, dt = x.storage.dtype;
      // the kernel walks x's shape with out's strides too
      if (out.storage.dtype !== dt || (dt !== "float32" && dt !== "float64") || !sameShape(v.shape, o.shape)) {
        throw new TypeError(`softmax: ${dt} [${v.shape}] into ${out.storage.dtype} [${o.shape}]`);
      }
      const meta = axisMeta(v, axis, o);
      check(K.dk_softmax(code(dt), log ? 1 : 0, xb, ob, meta), "softmax");
    },
    sort(data, rows, n, descending) {
      check(
        K.dk_sort(code(data.dtype), memN(data, rows * n, "sort"), BigInt(rows), BigInt(n), descending ? 1 : 0),
        "sort",
      );
    },
    argsort(data, idx, rows, n, descending) {
      check(
        K.dk_argsort(
          code(data.dtype),
          memN(data, rows * n, "argsort"),
          memN(idx, rows * n, "argsort"),
          BigInt(rows),
          BigInt(n),
          descending ? 1 : 0,
        ),
        "argsort",
      );
    },
    topk(data, vals, idx, rows, n, k, descending) {
      if (vals.dtype !== data.dtype || idx.dtype !== "int64") {
        throw new TypeError(`topk: ${data.dtype} rows into ${vals.dtype} values and ${idx.dtype} indices`);
      }
      check(
        K.dk_topk(
          code(data.dtype),
          memN(data, rows * n, "topk"),
          memN(vals, rows * k, "topk"),
          memN(idx, rows * k, "topk"),
          BigInt(rows),
          BigInt(n),
          BigInt(k),
          descending ? 1 : 0,
        ),
        "topk",
      );
    },
    indexCopy(src, dst, offsets, rest, mode) {
      // the operand with the leading index dim is dst when gathering, src when scattering
      const [lead, base] = mode === 0 ? [dst.layout, src.layout] : [src.layout, dst.layout];
      const rshape = base.shape.slice(base.ndim - rest);
      const leadRest = lead.strides.slice(1), baseRest = base.strides.slice(base.ndim - rest);
      const [sr, dr] = mode === 0 ? [baseRest, leadRest] : [leadRest, baseRest];
      const [si, di] = mode === 0 ? [0, lead.strides[0] ?? 0] : [lead.strides[0] ?? 0, 0];
      const meta = packList([rest, ...rshape, ...sr, ...dr, si, di, src.layout.offset, dst.layout.offset]);
      if (mode >= 1) checkOutput(dst, "index_put");
      const sb = mem(src.storage), db = mem(dst.storage), n = BigInt(offsets.length);
      if (mode >= 2) check(K.dk_index_add(code(dst.storage.dtype), mode - 2, sb, db, offsets, n, meta), "index_put");
      else check(K.dk_index_copy(DTYPES[src.storage.dtype].itemsize, sb, db, offsets, n, meta, mode), "index");
    },
    nonzero(m, shape) {
      const bytes = mem(m), n = BigInt(m.length);
      const count = Number(K.dk_count_nonzero(bytes, n));
      const flat = new BigInt64Array(count);
      check(K.dk_nonzero(bytes, n, flat, BigInt(count)), "nonzero");
      if (shape.length === 1) return { count, coords: flat };
      const coords = new BigInt64Array(count * shape.length);
      check(K.dk_unravel(flat, BigInt(count), BigInt64Array.from(shape, BigInt), shape.length, coords), "nonzero");
      return { count, coords };
    },
    along(index, d, x, vals, mode, wrap) {
      const op = mode === 0 ? "gather" : "scatter";
      const xb = mode === 0 ? opnd(x, op) : outp(x, op), ib = opnd(index, op);
      const v = index.layout, xv = x.layout, vo = vals.layout.offset;
      if (!vals.layout.isContiguous || vals.storage.dtype !== x.storage.dtype || vals.layout.size !== v.size) {
        throw new RangeError(`${op}: the values must be ${v.size} contiguous ${x.storage.dtype} elements`);
      }
      const vb = memN(vals.storage, vo + v.size, op);
      const meta = packList([...walkMeta(index, d, xv.shape, xv.strides, wrap), xv.offset, vo]);
      // a scatter into the index's own memory would change indices it has checked but not yet used: a copy then
      const ibRead = mode !== 0 && sharesBytes(ib, xb) ? ib.slice() : ib;
      check(K.dk_along(code(x.storage.dtype), mode, ibRead, xb, vb, meta), op);
    },
    alongOffsets(index, d, xShape, xStrides, wrap) {
      const ib = opnd(index, "gather");
      const out = scratchInt64(index.layout.size);
      check(K.dk_along_offsets(ib, out, packList(walkMeta(index, d, xShape, xStrides, wrap))), "gather");
      return out;
    },
    combineOffsets(cols, n, sizes, strides, axes) {
      const out = scratchInt64(n);
      check(
        K.dk_combine_offsets(mem(cols), BigInt(n), packList([sizes.length, ...sizes, ...strides, ...axes]), out),
        "index",
      );
      return out;
    },
    matmul(a, b, out, batch, m, n, k) {
      const ab = opnd(a, "matmul"), bb = opnd(b, "matmul");
      const av = a.layout, bv = b.layout, nb = batch.length;
      // the kernel walks batch x m x k of a and batch x k x n of b: exactly the views checked above
      let fits = av.ndim === nb + 2 && bv.ndim === nb + 2 && av.shape[nb] === m && av.shape[nb + 1] === k &&
        bv.shape[nb] === k && bv.shape[nb + 1] === n;
      for (let i = 0; fits && i < nb; i++) fits = av.shape[i] === batch[i] && bv.shape[i] === batch[i];
      if (!fits) {
        throw new RangeError(
          `matmul: operands of shapes [${av.shape}] and [${bv.shape}] do not match batch [${batch}], ${m}x${k}x${n}`,
        );
      }
      const bstr = (v: View) => v.strides.slice(0, v.ndim - 2);
      const meta = packList([
        nb,
        m,
        n,
        k,
        ...batch,
        ...bstr(av),
        ...bstr(bv),
        av.strides[av.ndim - 2],
        av.strides[av.ndim - 1],
        bv.strides[bv.ndim - 2],
        bv.strides[bv.ndim - 1],
        av.offset,
        bv.offset,
      ]);
      const outN = batch.reduce((p, d) => p * d, m * n);
      check(K.dk_matmul(code(out.dtype), ab, bb, memN(out, outN, "matmul"), meta), "matmul");
    },
    solve(a, b, n, nrhs) {
      check(K.dk_solve(code(a.dtype), memN(a, n * n, "solve"), memN(b, n * nrhs, "solve"), n, nrhs), "solve");
    },
    det(a, n) {
      const out = new Float64Array(SCALAR.buffer, 0, 1);
      check(K.dk_det(code(a.dtype), memN(a, n * n, "det"), n, new Uint8Array(SCALAR.buffer)), "det");
      return out[0];
    },
    luFactor(a, pivots, info, count, m, n) {
      const an = memN(a, count * m * n, "lu_factor"), pn = memN(pivots, count * Math.min(m, n), "lu_factor");
      check(K.dk_lu_factor(code(a.dtype), an, count, m, n, pn, memN(info, count, "lu_factor")), "lu_factor");
    },
    triangularSolve(a, b, count, n, k, upper, unit) {
      const an = memN(a, count * n * n, "solve_triangular"), bn = memN(b, count * n * k, "solve_triangular");
      check(K.dk_trsm(code(a.dtype), an, bn, count, n, k, upper ? 1 : 0, unit ? 1 : 0), "solve_triangular");
    },
    svd(a, s, u, vt, m, n, mode) {
      const an = memN(a, m * n, "svd"), sn = memN(s, Math.min(m, n), "svd");
      check(K.dk_svd(code(a.dtype), an, sn, mem(u), mem(vt), m, n, mode), "svd");
    },
    qr(a, q, r, m, n, complete) {
      check(K.dk_qr(code(a.dtype), memN(a, m * n, "qr"), mem(q), mem(r), m, n, complete ? 1 : 0), "qr");
    },
    eigh(a, w, v, n, lower) {
      const an = memN(a, n * n, "eigh"), wn = memN(w, n, "eigh"), vn = memN(v, n * n, "eigh");
      check(K.dk_eigh(code(a.dtype), an, wn, vn, n, lower ? 1 : 0), "eigh");
    },
    geqrf(a, tau, count, m, n) {
      const an = memN(a, count * m * n, "geqrf"), tn = memN(tau, count * Math.min(m, n), "geqrf");
      check(K.dk_geqrf(code(a.dtype), an, tn, count, m, n), "geqrf");
    },
    ldlFactor(a, pivots, info, count, n) {
      const an = memN(a, count * n * n, "ldl_factor"), pn = memN(pivots, count * n, "ldl_factor");
      check(K.dk_ldl_factor(code(a.dtype), an, pn, memN(info, count, "ldl_factor"), count, n), "ldl_factor");
    },
    ldlSolve(ld, pivots, b, count, n, k) {
      const fn = memN(ld, count * n * n, "ldl_solve"), pn = memN(pivots, count * n, "ldl_solve");
      check(K.dk_ldl_solve(code(ld.dtype), fn, pn, memN(b, count * n * k, "ldl_solve"), count, n, k), "ldl_solve");
    },
    haveLapack: () => K.dk_have_lapack() === 1,
    ...cpuNnKernels(),
    ...cpuResampleKernels(),
  };
}

/** The CPU backend. */
export const CPU: Backend = cpuBackend("cpu");
registerBackend(CPU);
// DENDRITE_NO_HUGEPAGES=1 turns the advice off (to measure what it buys)
if (env("DENDRITE_NO_HUGEPAGES") !== "1") {
  setHugePageAdvice((buf) => K.dk_advise_huge(new Uint8Array(buf), BigInt(buf.byteLength)));
}
// DENDRITE_NO_NATIVE_ALLOC=1 keeps V8's zero-filled buffers for large blocks (to measure what the allocator buys)
if (env("DENDRITE_NO_NATIVE_ALLOC") !== "1") setNativeAllocator(openNativeAllocator());
