/**
 * Packs iteration spaces into the int64 `meta` buffer the C kernels read.
 * Element-wise spaces are simplified first (size-1 dims dropped, dims
 * ordered by the output's strides, adjacent dims merged where every operand
 * allows it), so most calls reach C as one contiguous loop.
 */
import type { View } from "../core/view.ts";

const META = new BigInt64Array(4096);
const M32 = new Int32Array(META.buffer);
const TWO32 = 4294967296;

/** Writes meta[i] = v (a safe integer) without BigInt conversions. */
function put(i: number, v: number): void {
  M32[2 * i] = v;
  M32[2 * i + 1] = Math.floor(v / TWO32);
}

/** Packs a list of integers as int64 meta. */
export function packList(values: readonly number[]): BigInt64Array {
  // a longer list would be cut short by the typed array and the kernel would read past what was packed
  if (values.length > META.length) {
    throw new RangeError(`kernel metadata of ${values.length} entries exceeds ${META.length}`);
  }
  for (let i = 0; i < values.length; i++) put(i, values[i]);
  return META;
}

function allContiguous(views: readonly View[], shape: readonly number[]): boolean {
  for (const v of views) {
    if (v.shape.length !== shape.length || !v.isContiguous) return false;
    for (let i = 0; i < shape.length; i++) if (v.shape[i] !== shape[i]) return false;
  }
  return true;
}

/**
 * meta = [ndim, shape, strides of each operand, offsets] for views that
 * share one shape (broadcast dims have stride 0). views[last] is the output.
 */
export function elementwiseMeta(views: readonly View[]): BigInt64Array {
  const k = views.length, out = views[k - 1], shape = out.shape;
  if (allContiguous(views, shape)) {
    put(0, 1);
    put(1, out.size);
    for (let j = 0; j < k; j++) {
      put(2 + j, 1);
      put(2 + k + j, views[j].offset);
    }
    return META;
  }
  // keep dims of size > 1, ordered outer-to-inner by the output's |stride|
  const dims: number[] = [];
  for (let d = 0; d < shape.length; d++) if (shape[d] !== 1) dims.push(d);
  const os = out.strides;
  for (let i = 1; i < dims.length; i++) {
    const d = dims[i];
    let j = i - 1;
    while (j >= 0 && Math.abs(os[dims[j]]) < Math.abs(os[d])) {
      dims[j + 1] = dims[j];
      j--;
    }
    dims[j + 1] = d;
  }
  // merge adjacent dims that every operand walks as one
  const mshape: number[] = [];
  const mstr: number[][] = views.map(() => []);
  for (const d of dims) {
    const n = mshape.length;
    let merge = n > 0;
    for (let j = 0; merge && j < k; j++) {
      if (mstr[j][n - 1] !== views[j].strides[d] * shape[d]) merge = false;
    }
    if (merge) {
      mshape[n - 1] *= shape[d];
      for (let j = 0; j < k; j++) mstr[j][n - 1] = views[j].strides[d];
    } else {
      mshape.push(shape[d]);
      for (let j = 0; j < k; j++) mstr[j].push(views[j].strides[d]);
    }
  }
  const nd = mshape.length;
  put(0, nd);
  for (let i = 0; i < nd; i++) put(1 + i, mshape[i]);
  for (let j = 0; j < k; j++) for (let i = 0; i < nd; i++) put(1 + nd + j * nd + i, mstr[j][i]);
  for (let j = 0; j < k; j++) put(1 + nd + k * nd + j, views[j].offset);
  return META;
}

/**
 * meta for dk_reduce/dk_argreduce: [k, r, kept shape, reduced shape, kept
 * strides, reduced strides, offset]. Reduced dims are merged where the
 * input allows (their order does not matter to the result up to rounding).
 */
export function reduceMeta(x: View, axes: readonly number[]): BigInt64Array {
  const red = new Set(axes);
  const ks: number[] = [], kst: number[] = [], rs: number[] = [], rst: number[] = [];
  for (let d = 0; d < x.ndim; d++) {
    const n = x.shape[d], s = x.strides[d];
    if (n === 1) continue; // size-1 dims change neither the result nor its order
    const [shp, st] = red.has(d) ? [rs, rst] : [ks, kst];
    const last = shp.length - 1;
    if (last >= 0 && st[last] === s * n) {
      shp[last] *= n;
      st[last] = s;
    } else {
      shp.push(n);
      st.push(s);
    }
  }
  if (axes.length > 0 && rs.length === 0) {
    rs.push(1);
    rst.push(0);
  }
  const k = ks.length, r = rs.length;
  put(0, k);
  put(1, r);
  ks.forEach((v, i) => put(2 + i, v));
  rs.forEach((v, i) => put(2 + k + i, v));
  kst.forEach((v, i) => put(2 + k + r + i, v));
  rst.forEach((v, i) => put(2 + 2 * k + r + i, v));
  put(2 + 2 * k + 2 * r, x.offset);
  return META;
}

/**
 * Meta of a walk along one axis of `x` into `out` of its shape (dk_scan's and dk_softmax's rows): [ndim, axis,
 * shape, x strides, out strides, x offset, out offset].
 */
export function axisMeta(x: View, axis: number, out: View): BigInt64Array {
  return packList([x.ndim, axis, ...x.shape, ...x.strides, ...out.strides, x.offset, out.offset]);
}
