/**
 * An immutable strided view: shape, strides (in elements) and offset.
 * Movement ops return a new View over the same storage, or `null` where the
 * result would need a copy (reshape of incompatible strides).
 *
 * The constructor checks its arguments (non-negative safe-integer dims whose
 * product is a safe integer, safe-integer strides, a non-negative offset):
 * every shape an op builds passes through here, so no op can hand a kernel
 * a fractional, negative or NaN dimension. Views also carry NumPy's
 * `writeable` flag: `np.broadcastTo` makes read-only views, every view
 * derived from one stays read-only, and kernels refuse to write into them.
 */
import { fmtShape, ShapeError } from "./errors.ts";
import { checkShape, contiguousStrides, MAXDIM, normalizeAxis } from "./shape.ts";

export { MAXDIM };

/** A strided window onto a storage. */
export class View {
  /** Extent of each dim. */
  readonly shape: readonly number[];
  /** Elements to step per dim (may be 0 or negative). */
  readonly strides: readonly number[];
  /** Element offset of the first element. */
  readonly offset: number;
  /** Number of elements. */
  readonly size: number;
  /** [lowest, highest] element offset the view reaches, computed on first use (views are immutable). */
  #span: [number, number] | undefined;
  /** NumPy's `flags.writeable`: false for broadcast views (np.broadcastTo) and the views derived from them. */
  readonly writeable: boolean;
  /** Brand: `View.isView` tells a real View from a Proxy or an `Object.create(View.prototype)` look-alike. */
  readonly #brand = true;

  /** A validated view; strides default to C-contiguous. */
  constructor(shape: readonly number[], strides?: readonly number[], offset = 0, writeable = true) {
    if (!Array.isArray(shape)) throw new TypeError(`View: shape must be an array of integers, got ${typeof shape}`);
    const nd = shape.length;
    if (nd > MAXDIM) {
      throw new RangeError(`maximum supported dimension for an ndarray is currently ${MAXDIM}, found ${nd}`);
    }
    let size = 1;
    for (let i = 0; i < nd; i++) {
      const d = shape[i];
      if (!Number.isSafeInteger(d) || d < 0) checkShape("View", shape); // throws the shape error
      size *= d;
    }
    if (!Number.isSafeInteger(size)) {
      throw new RangeError(`View: array is too big: shape ${fmtShape(shape)} has more than 2^53 elements`);
    }
    if (strides !== undefined) {
      if (!Array.isArray(strides) || strides.length !== nd) {
        throw new TypeError(`View: strides must be an array of ${nd} integers`);
      }
      for (let i = 0; i < nd; i++) {
        if (!Number.isSafeInteger(strides[i])) {
          throw new RangeError(`View: stride ${String(strides[i])} is not an integer (strides ${fmtShape(strides)})`);
        }
      }
    }
    if (!Number.isSafeInteger(offset) || offset < 0) {
      throw new RangeError(`View: offset ${String(offset)} is not a non-negative integer`);
    }
    this.shape = shape;
    this.strides = strides ?? contiguousStrides(shape);
    this.offset = offset;
    this.size = size;
    this.writeable = writeable !== false;
  }

  /** Whether `v` is a View made by this constructor (not a Proxy of one or a look-alike object). */
  static isView(v: unknown): v is View {
    return typeof v === "object" && v !== null && #brand in v;
  }

  /** This view, read-only (NumPy's `broadcast_to` result): kernels refuse to write through it. */
  asReadonly(): View {
    return this.writeable ? new View(this.shape, this.strides, this.offset, false) : this;
  }

  /** The lowest and highest element offsets the view reaches (meaningless when size is 0). */
  get span(): [number, number] {
    if (this.#span) return this.#span;
    let lo = this.offset, hi = this.offset;
    for (let i = 0; i < this.shape.length; i++) {
      const d = (this.shape[i] - 1) * this.strides[i];
      if (d > 0) hi += d;
      else lo += d;
    }
    return (this.#span = [lo, hi]);
  }

  /** A C-contiguous view of `shape` at offset 0. */
  static contiguous(shape: readonly number[]): View {
    return new View(shape);
  }

  /** Number of dims. */
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

  /**
   * Whether the view is C-contiguous with arrays that still give its size: the ops' flat fast paths hand a kernel
   * `size` elements from `offset` only then; a view whose arrays were edited after it was made takes the checked
   * path, whose errors name the edit (checkOperand).
   */
  get isFlat(): boolean {
    const shape = this.shape, strides = this.strides, n = shape.length;
    if (strides.length !== n) return false;
    let acc = 1, size = 1;
    for (let i = n - 1; i >= 0; i--) {
      const d = shape[i];
      if (typeof d !== "number") return false;
      size *= d;
      if (d === 1) continue;
      if (strides[i] !== acc) return false;
      acc *= d;
    }
    return size === this.size;
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
    if (this.isContiguous || this.size === 0) return new View(shape, undefined, this.offset, this.writeable);
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
    return new View(shape, newStrides, this.offset, this.writeable);
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
    return new View(ax.map((a) => this.shape[a]), ax.map((a) => this.strides[a]), this.offset, this.writeable);
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
    return new View(shape, strides, offset, this.writeable);
  }

  /** Selects index `i` of dim `dim`, dropping the dim. */
  select(dim: number, i: number): View {
    const shape = [...this.shape], strides = [...this.strides];
    const offset = this.offset + i * strides[dim];
    shape.splice(dim, 1);
    strides.splice(dim, 1);
    return new View(shape, strides, offset, this.writeable);
  }

  /** Inserts a size-1 dim at `dim` (0..ndim). */
  unsqueeze(dim: number): View {
    const shape = [...this.shape], strides = [...this.strides];
    shape.splice(dim, 0, 1);
    strides.splice(dim, 0, dim < this.ndim ? this.strides[dim] * this.shape[dim] : 1);
    return new View(shape, strides, this.offset, this.writeable);
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
      this.writeable,
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
    for (const d of shape) {
      if (!Number.isSafeInteger(d) || d < 0) {
        throw new RangeError(`${op}: all elements of broadcast shape must be non-negative (got ${fmtShape(shape)})`);
      }
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
    return new View(shape, strides, this.offset, this.writeable);
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
    return new View(shape, strides, offset, this.writeable);
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
