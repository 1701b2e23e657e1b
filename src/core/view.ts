/**
 * An immutable strided view: shape, strides (in elements) and offset.
 * Movement ops return a new View over the same storage, or `null` where the
 * result would need a copy (reshape of incompatible strides).
 */
import { fmtShape, ShapeError } from "./errors.ts";
import { checkShape, contiguousStrides, normalizeAxis, sizeOf } from "./shape.ts";

/** A strided window onto a storage. */
export class View {
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  readonly size: number;

  constructor(shape: readonly number[], strides?: readonly number[], offset = 0) {
    this.shape = shape;
    this.strides = strides ?? contiguousStrides(shape);
    this.offset = offset;
    this.size = sizeOf(shape);
  }

  /** A C-contiguous view of `shape` at offset 0. */
  static contiguous(shape: readonly number[]): View {
    return new View(shape);
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** Whether elements are laid out in C order with no gaps. */
  get isContiguous(): boolean {
    if (this.size === 0) return true;
    let acc = 1;
    for (let i = this.shape.length - 1; i >= 0; i--) {
      const d = this.shape[i];
      if (d === 1) continue;
      if (this.strides[i] !== acc) return false;
      acc *= d;
    }
    return true;
  }

  /** Whether the transpose of this view is C-contiguous (Fortran order). */
  get isFContiguous(): boolean {
    if (this.size === 0) return true;
    let acc = 1;
    for (let i = 0; i < this.shape.length; i++) {
      const d = this.shape[i];
      if (d === 1) continue;
      if (this.strides[i] !== acc) return false;
      acc *= d;
    }
    return true;
  }

  /**
   * The view with a new shape over the same elements in C order, or null
   * when the strides cannot express it without a copy. `-1` is inferred.
   */
  reshape(op: string, newShape: readonly number[]): View | null {
    const shape = inferShape(op, newShape, this.size, this.shape);
    if (this.isContiguous || this.size === 0) return new View(shape, undefined, this.offset);
    // Split/merge dims where the old strides allow it (NumPy's _attempt_nocopy_reshape).
    const oldShape: number[] = [], oldStrides: number[] = [];
    for (let i = 0; i < this.shape.length; i++) {
      if (this.shape[i] !== 1) {
        oldShape.push(this.shape[i]);
        oldStrides.push(this.strides[i]);
      }
    }
    const newStrides = new Array<number>(shape.length).fill(0);
    let oi = 0, oj = 1, ni = 0, nj = 1;
    while (ni < shape.length && oi < oldShape.length) {
      let np = shape[ni], op2 = oldShape[oi];
      while (np !== op2) {
        if (np < op2) np *= shape[nj++];
        else op2 *= oldShape[oj++];
      }
      for (let k = oi; k < oj - 1; k++) {
        if (oldStrides[k] !== oldShape[k + 1] * oldStrides[k + 1]) return null;
      }
      newStrides[nj - 1] = oldStrides[oj - 1];
      for (let k = nj - 1; k > ni; k--) newStrides[k - 1] = newStrides[k] * shape[k];
      ni = nj++;
      oi = oj++;
    }
    const last = ni > 0 ? newStrides[ni - 1] : 1;
    for (let k = ni; k < shape.length; k++) newStrides[k] = last; // trailing 1s
    return new View(shape, newStrides, this.offset);
  }

  /** Reorders dims: `axes` must be a permutation of 0..ndim-1. */
  permute(op: string, axes: readonly number[]): View {
    const nd = this.ndim;
    if (axes.length !== nd) {
      throw new ShapeError(op, `axes ${fmtShape(axes)} don't match array of dimension ${nd}`, [this.shape]);
    }
    const seen = new Array<boolean>(nd).fill(false);
    const ax = axes.map((a) => {
      const n = normalizeAxis(op, a, nd);
      if (seen[n]) throw new RangeError(`${op}: repeated axis in transpose ${fmtShape(axes)}`);
      seen[n] = true;
      return n;
    });
    return new View(ax.map((a) => this.shape[a]), ax.map((a) => this.strides[a]), this.offset);
  }

  /** Swaps two dims. */
  swap(op: string, a: number, b: number): View {
    const axes = [...Array(this.ndim).keys()];
    const i = normalizeAxis(op, a, this.ndim), j = normalizeAxis(op, b, this.ndim);
    [axes[i], axes[j]] = [axes[j], axes[i]];
    return this.permute(op, axes);
  }

  /** Python-style slice of dim `dim` (start/stop already resolved, step != 0). */
  slice(dim: number, start: number, count: number, step: number): View {
    const shape = [...this.shape], strides = [...this.strides];
    const offset = this.offset + (count > 0 ? start * strides[dim] : 0);
    shape[dim] = count;
    strides[dim] *= step;
    return new View(shape, strides, offset);
  }

  /** Selects index `i` of dim `dim`, dropping the dim. */
  select(dim: number, i: number): View {
    const shape = [...this.shape], strides = [...this.strides];
    const offset = this.offset + i * strides[dim];
    shape.splice(dim, 1);
    strides.splice(dim, 1);
    return new View(shape, strides, offset);
  }

  /** Inserts a size-1 dim at `dim` (0..ndim). */
  unsqueeze(dim: number): View {
    const shape = [...this.shape], strides = [...this.strides];
    shape.splice(dim, 0, 1);
    strides.splice(dim, 0, dim < this.ndim ? this.strides[dim] * this.shape[dim] : 1);
    return new View(shape, strides, this.offset);
  }

  /** Drops the given size-1 dims (all of them when `dims` is undefined). */
  squeeze(op: string, dims?: readonly number[]): View {
    const drop = new Set<number>();
    if (dims === undefined) this.shape.forEach((d, i) => d === 1 && drop.add(i));
    else {
      for (const a of dims) {
        const n = normalizeAxis(op, a, this.ndim);
        if (this.shape[n] !== 1) {
          throw new ShapeError(
            op,
            `cannot select an axis to squeeze out which has size not equal to one (axis ${a}, shape ${
              fmtShape(this.shape)
            })`,
            [this.shape],
          );
        }
        drop.add(n);
      }
    }
    return new View(
      this.shape.filter((_, i) => !drop.has(i)),
      this.strides.filter((_, i) => !drop.has(i)),
      this.offset,
    );
  }

  /** Broadcasts to `shape` with stride-0 dims (no copy). */
  expand(op: string, shape: readonly number[]): View {
    const nd = shape.length, off = nd - this.ndim;
    if (off < 0) {
      throw new ShapeError(op, `cannot broadcast array of shape ${fmtShape(this.shape)} to ${fmtShape(shape)}`, [
        this.shape,
        shape,
      ]);
    }
    const strides = new Array<number>(nd).fill(0);
    for (let i = 0; i < this.ndim; i++) {
      const d = this.shape[i], t = shape[i + off];
      if (d === t) strides[i + off] = this.strides[i];
      else if (d !== 1) {
        throw new ShapeError(op, `cannot broadcast array of shape ${fmtShape(this.shape)} to ${fmtShape(shape)}`, [
          this.shape,
          shape,
        ]);
      }
    }
    return new View(shape, strides, this.offset);
  }

  /** The diagonal of dims a, b (moved last), like NumPy's `diagonal`. */
  diagonal(op: string, k: number, a: number, b: number): View {
    const i = normalizeAxis(op, a, this.ndim), j = normalizeAxis(op, b, this.ndim);
    if (i === j) throw new RangeError(`${op}: axis1 and axis2 cannot be the same`);
    const rows = this.shape[i], cols = this.shape[j];
    const n = Math.max(0, k >= 0 ? Math.min(rows, cols - k) : Math.min(rows + k, cols));
    const offset = this.offset + (n > 0 ? (k >= 0 ? k * this.strides[j] : -k * this.strides[i]) : 0);
    const shape: number[] = [], strides: number[] = [];
    for (let d = 0; d < this.ndim; d++) {
      if (d !== i && d !== j) {
        shape.push(this.shape[d]);
        strides.push(this.strides[d]);
      }
    }
    shape.push(n);
    strides.push(this.strides[i] + this.strides[j]);
    return new View(shape, strides, offset);
  }
}

/** Resolves one `-1` in a requested shape against `size`. */
export function inferShape(op: string, req: readonly number[], size: number, from: readonly number[]): number[] {
  let unknown = -1, known = 1;
  for (let i = 0; i < req.length; i++) {
    const d = req[i];
    if (d === -1) {
      if (unknown >= 0) throw new RangeError(`${op}: can only specify one unknown dimension`);
      unknown = i;
    } else {
      if (!Number.isSafeInteger(d) || d < 0) {
        throw new RangeError(`${op}: negative dimensions not allowed (${fmtShape(req)})`);
      }
      known *= d;
    }
  }
  const shape = [...req];
  if (unknown >= 0) {
    if (known === 0 || size % known !== 0) {
      throw new ShapeError(op, `cannot reshape array of size ${size} into shape ${fmtShape(req)}`, [from, req]);
    }
    shape[unknown] = size / known;
  } else if (known !== size) {
    throw new ShapeError(op, `cannot reshape array of size ${size} into shape ${fmtShape(req)}`, [from, req]);
  }
  return checkShape(op, shape);
}

/** Element-wise equality of two shapes. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
