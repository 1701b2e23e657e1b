/** The CPU backend: C kernels through Deno FFI. */
import { K, lastError, nameTable } from "../../ffi/lib.ts";
import { type DType, DTYPE_BY_CODE, DTYPES } from "../core/dtype.ts";
import { LinAlgError } from "../core/errors.ts";
import type { Storage } from "../core/storage.ts";
import type { View } from "../core/view.ts";
import type { Backend } from "./backend.ts";
import { elementwiseMeta, packList, reduceMeta } from "./cpu_meta.ts";

/** Throws the kernel's message when rc != 0. */
function check(rc: number, op: string): void {
  if (rc === 0) return;
  const msg = lastError();
  if (/Singular|did not converge/.test(msg)) throw new LinAlgError(msg);
  if (/negative integer powers/.test(msg)) throw new RangeError(msg);
  throw new Error(`${op}: ${msg}`);
}

function outCode(code: number): DType | undefined {
  return code < 0 ? undefined : DTYPE_BY_CODE[code];
}

const code = (d: DType) => DTYPES[d].code;
const SCALAR = new BigInt64Array(2);

/** The CPU kernels. */
export const cpu: Backend = {
  name: "cpu",
  unaryCodes: nameTable(K.dk_unary_name),
  binaryCodes: nameTable(K.dk_binary_name),
  reduceCodes: nameTable(K.dk_reduce_name),
  unaryOut: (c, d) => outCode(K.dk_unary_info(c, code(d))),
  binaryOut: (c, d) => outCode(K.dk_binary_info(c, code(d))),
  reduceOut: (c, d) => DTYPE_BY_CODE[K.dk_reduce_info(c, code(d))],

  unary(c, x, out) {
    const meta = elementwiseMeta([x.layout, out.layout]);
    check(K.dk_unary(c, code(x.storage.dtype), x.storage.bytes, out.storage.bytes, meta), "unary");
  },
  binary(c, a, b, out) {
    const meta = elementwiseMeta([a.layout, b.layout, out.layout]);
    check(K.dk_binary(c, code(a.storage.dtype), a.storage.bytes, b.storage.bytes, out.storage.bytes, meta), "binary");
  },
  where(cond, x, y, out) {
    const meta = elementwiseMeta([cond.layout, x.layout, y.layout, out.layout]);
    const isz = DTYPES[out.storage.dtype].itemsize;
    check(K.dk_where(isz, cond.storage.bytes, x.storage.bytes, y.storage.bytes, out.storage.bytes, meta), "where");
  },
  cast(x, out) {
    const meta = elementwiseMeta([x.layout, out.layout]);
    check(K.dk_cast(code(x.storage.dtype), code(out.storage.dtype), x.storage.bytes, out.storage.bytes, meta), "cast");
  },
  reduce(c, x, axes, out) {
    check(K.dk_reduce(c, code(x.storage.dtype), x.storage.bytes, out.bytes, reduceMeta(x.layout, axes)), "reduce");
  },
  argreduce(op, x, axis, out) {
    const c = op === "argmax" ? 0 : 1;
    check(K.dk_argreduce(c, code(x.storage.dtype), x.storage.bytes, out.bytes, reduceMeta(x.layout, [axis])), op);
  },
  scan(op, x, axis, out) {
    const v = x.layout, o = out.layout;
    const meta = packList([v.ndim, axis, ...v.shape, ...v.strides, ...o.strides, v.offset, o.offset]);
    check(K.dk_scan(op === "cumsum" ? 0 : 1, code(x.storage.dtype), x.storage.bytes, out.storage.bytes, meta), op);
  },
  sort(data, rows, n, descending) {
    check(K.dk_sort(code(data.dtype), data.bytes, BigInt(rows), BigInt(n), descending ? 1 : 0), "sort");
  },
  argsort(data, idx, rows, n, descending) {
    check(
      K.dk_argsort(code(data.dtype), data.bytes, idx.bytes, BigInt(rows), BigInt(n), descending ? 1 : 0),
      "argsort",
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
    const isz = DTYPES[src.storage.dtype].itemsize;
    const n = offsets.length;
    check(K.dk_index_copy(isz, src.storage.bytes, dst.storage.bytes, offsets, BigInt(n), meta, mode), "index");
  },
  matmul(a, b, out, batch, m, n, k) {
    const av = a.layout, bv = b.layout, nb = batch.length;
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
    check(K.dk_matmul(code(out.dtype), a.storage.bytes, b.storage.bytes, out.bytes, meta), "matmul");
  },
  solve(a, b, n, nrhs) {
    check(K.dk_solve(code(a.dtype), a.bytes, b.bytes, n, nrhs), "solve");
  },
  det(a, n) {
    const out = new Float64Array(SCALAR.buffer, 0, 1);
    check(K.dk_det(code(a.dtype), a.bytes, n, new Uint8Array(SCALAR.buffer)), "det");
    return out[0];
  },
  svd(a, s, u, vt, m, n, mode) {
    check(K.dk_svd(code(a.dtype), a.bytes, s.bytes, u.bytes, vt.bytes, m, n, mode), "svd");
  },
  qr(a, q, r, m, n, complete) {
    check(K.dk_qr(code(a.dtype), a.bytes, q.bytes, r.bytes, m, n, complete ? 1 : 0), "qr");
  },
  eigh(a, w, v, n, lower) {
    check(K.dk_eigh(code(a.dtype), a.bytes, w.bytes, v.bytes, n, lower ? 1 : 0), "eigh");
  },
  haveLapack: () => K.dk_have_lapack() === 1,
  mtStateBytes: () => K.dk_mt_state_size(),
  mtSeed: (state, seed) => K.dk_mt_seed(state, seed >>> 0),
  mtSeedArray: (state, key) => K.dk_mt_seed_array(state, key, key.length),
  mtFill: (state, kind, out, a, b) => K.dk_mt_fill(state, kind, out, BigInt(out.length), a, b),
  mtRandint(state, out, off, range, bits) {
    K.dk_mt_randint(state, out, BigInt(out.length), new BigInt64Array([off, BigInt.asIntN(64, range), BigInt(bits)]));
  },
  pcgStateBytes: () => K.dk_pcg_state_size(),
  pcgSeed: (state, words) => K.dk_pcg_seed(state, words, words.length),
  pcgFill(state, kind, out, n, ints, floats) {
    check(K.dk_pcg_fill(state, kind, out, BigInt(n), ints, floats), "random");
  },
  pcgFloyd(state, out, pop) {
    check(K.dk_pcg_floyd(state, out, BigInt(pop), BigInt(out.length)), "choice");
  },
  mtShuffleIndices(state, n) {
    const out = new BigInt64Array(Math.max(n - 1, 0));
    K.dk_mt_shuffle_indices(state, out, BigInt(n));
    return out;
  },
};

/** The backend that owns a storage. */
export function backendOf(_s: Storage): Backend {
  return cpu;
}
