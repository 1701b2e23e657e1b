/** Shapes, strides, axes and broadcasting: computed once, before kernels run. */
import { fmtShape, RuntimeError, ShapeError } from "./errors.ts";

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** C-contiguous strides (in elements) of a shape. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i] || 1;
  }
  return s;
}

/** The most dims an array may have (NumPy's NPY_MAXDIMS, the kernels' DK_MAXDIM). */
export const MAXDIM = 64;

/**
 * Checks a requested shape: at most MAXDIM non-negative safe integers.
 * Returns a copy (the list is read once: a Proxy or a later edit cannot
 * change what was checked).
 */
export function checkShape(op: string, shape: readonly number[]): number[] {
  if (!Array.isArray(shape)) throw new TypeError(`${op}: a shape must be a list of integers, not ${typeof shape}`);
  const n = shape.length;
  if (n > MAXDIM) {
    throw new RangeError(`${op}: maximum supported dimension for an ndarray is currently ${MAXDIM}, found ${n}`);
  }
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const d = shape[i];
    if (!Number.isSafeInteger(d) || d < 0) {
      const shown = typeof d === "number" || typeof d === "bigint" ? String(d) : typeof d;
      throw new RangeError(
        `${op}: negative or non-integer dimension ${shown} in shape ${fmtShape(out.slice(0, i).concat(d))}`,
      );
    }
    out[i] = d;
  }
  return out;
}

/**
 * Normalizes an axis against `ndim` (negatives count from the end); throws
 * a RangeError like NumPy's AxisError otherwise.
 */
export function normalizeAxis(op: string, axis: number, ndim: number): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new RangeError(`${op}: axis ${axis} is out of bounds for array of dimension ${ndim}`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/**
 * PyTorch's wrap of a dim (maybe_wrap_dim): its IndexError words, as a RangeError; a 0-d tensor takes dim 0 or -1.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torchDim } from "./shape.ts";
 * assert.equal(torchDim(-1, 3), 2);
 * assert.equal(torchDim(-1, 0), 0);
 * assert.throws(() => torchDim(1, 0), /expected to be in range of \[-1, 0\], but got 1/);
 * ```
 */
export function torchDim(dim: number, ndim: number): number {
  const n = Math.max(ndim, 1);
  if (dim < -n || dim >= n) {
    throw new RangeError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + n : dim;
}

/** Normalizes a list of axes, rejecting repeats. */
export function normalizeAxes(op: string, axes: readonly number[], ndim: number): number[] {
  const out = axes.map((a) => normalizeAxis(op, a, ndim));
  if (new Set(out).size !== out.length) throw new RangeError(`${op}: repeated axis in ${fmtShape(axes)}`);
  return out;
}

/**
 * PyTorch's infer_size: the broadcast shape of two shapes (aligned at the right), or PyTorch's error naming the
 * first mismatching dim from the right (in the result's numbering).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { inferSize } from "./shape.ts";
 * assert.deepEqual(inferSize([2, 1], [3]), [2, 3]);
 * assert.throws(() => inferSize([2], [3]), /size of tensor a \(2\) must match the size of tensor b \(3\)/);
 * ```
 */
export function inferSize(a: readonly number[], b: readonly number[]): number[] {
  const nd = Math.max(a.length, b.length), out = new Array<number>(nd);
  for (let i = nd - 1; i >= 0; i--) {
    const ia = i - nd + a.length, ib = i - nd + b.length;
    const x = ia >= 0 ? a[ia] : 1, y = ib >= 0 ? b[ib] : 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw new RuntimeError(
        `The size of tensor a (${x}) must match the size of tensor b (${y}) at non-singleton dimension ${i}`,
      );
    }
    out[i] = x === 1 ? y : x;
  }
  return out;
}

/**
 * The broadcast shape of several shapes (NumPy's rules), or a ShapeError
 * naming the op and the shapes.
 */
export function broadcastShapes(op: string, ...shapes: (readonly number[])[]): number[] {
  if (shapes.length === 1) return [...shapes[0]];
  if (shapes.length === 2) {
    const [a, b] = shapes;
    if (a.length === b.length) {
      let same = true;
      for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) same = false;
      if (same) return [...a];
    }
  }
  let nd = 0;
  for (const s of shapes) nd = Math.max(nd, s.length);
  const out = new Array<number>(nd).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const j = nd - s.length + i;
      const d = s[i];
      if (d === out[j] || d === 1) continue;
      if (out[j] === 1) out[j] = d;
      else {
        throw new ShapeError(op, `Cannot broadcast shapes ${shapes.map(fmtShape).join(" and ")}`, shapes);
      }
    }
  }
  return out;
}

/**
 * Whether `shape` stretches to `target` by broadcasting alone (NumPy's rule for a ufunc's `out`: the inputs
 * broadcast to out's shape, out itself never broadcasts).
 *
 * @example
 * ```ts
 * import { broadcastsTo } from "./shape.ts";
 * broadcastsTo([1], [2, 3]); // true
 * broadcastsTo([2], [3]); // false
 * ```
 */
export function broadcastsTo(shape: readonly number[], target: readonly number[]): boolean {
  if (shape.length > target.length) return false;
  for (let i = 1; i <= shape.length; i++) {
    const d = shape[shape.length - i];
    if (d !== 1 && d !== target[target.length - i]) return false;
  }
  return true;
}
