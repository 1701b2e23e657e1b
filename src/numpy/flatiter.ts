/**
 * `ndarray.flat`: NumPy's flatiter, the array's elements in C order as if
 * it were 1-d. It iterates (as an iterator, from its current `index`),
 * reads by flat index (`get`: a number, a slice, integer or boolean arrays,
 * as NumPy's `a.flat[...]`; always a copy) and writes through to the array
 * (`set`, whose values are repeated as needed, as NumPy's `a.flat[...] = v`).
 */
import { type ArrayData, type IndexLike, toIndexParts } from "../api/convert.ts";
import { asArray } from "../api/ops/common.ts";
import { View } from "../core/view.ts";
import { getIndex, type IndexPart, setIndex } from "../ops/index.ts";
import { contiguous, empty, fromElement, onHost, type Operand, type Scalar } from "../ops/operand.ts";

/** What a flatiter reads and writes: an array with its class's wrapper for results. */
export class FlatIter<T extends Operand> implements IterableIterator<Scalar> {
  /** The array iterated over. */
  readonly base: T;
  readonly #wrap: (o: Operand) => T;
  #index = 0;

  /**
   * A flatiter over `base`; `wrap` makes results of its class.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { np } from "../../mod.ts";
   * const a = np.arange(6).reshape(2, 3);
   * assert.deepEqual([...a.T.flat], [0, 3, 1, 4, 2, 5]);
   * assert.equal(a.flat.get(4), 4);
   * a.flat.set([0, 5], [10, 20]);
   * assert.deepEqual(a.flat.get([0, 5]).tolist(), [10, 20]);
   * assert.deepEqual(a.tolist(), [[10, 1, 2], [3, 4, 20]]);
   * ```
   */
  constructor(base: T, wrap: (o: Operand) => T) {
    this.base = base;
    this.#wrap = wrap;
  }

  /** The number of elements. */
  get length(): number {
    return this.base.layout.size;
  }

  /** The flat index of the next element. */
  get index(): number {
    return this.#index;
  }

  /** The N-d index of the next element. */
  get coords(): number[] {
    const shape = this.base.layout.shape, out = new Array<number>(shape.length);
    let i = this.#index;
    for (let d = shape.length - 1; d >= 0; d--) {
      out[d] = d === 0 ? i : i % shape[d];
      i = Math.floor(i / shape[d]);
    }
    return out;
  }

  /** The next element (iteration continues from `index`, as NumPy's `next(a.flat)`). */
  next(): IteratorResult<Scalar> {
    if (this.#index >= this.length) return { done: true, value: undefined };
    return { done: false, value: this.#at(this.#index++) };
  }

  /** The flatiter itself: iterating consumes it. */
  [Symbol.iterator](): FlatIter<T> {
    return this;
  }

  /**
   * Elements by flat index: an integer gives the element (negative ones count from the end); a slice, an
   * integer array or a boolean mask (a JS list of numbers or booleans is one) gives a new array of them.
   */
  get(index: number): Scalar;
  /** Elements at a slice, an index array or a mask (a new array). */
  get(index: Exclude<IndexLike, number>): T;
  get(index: IndexLike): Scalar | T {
    if (typeof index === "number") return this.#at(this.#flatIndex(index));
    return this.#wrap(contiguous(getIndex(this.#flat(), flatParts(index)), true));
  }

  /** Writes `value` (repeated as needed, cast to the array's dtype) at the flat indices `index`. */
  set(index: IndexLike, value: ArrayData): void {
    const x = this.base, v = x.layout, n = v.size;
    // the positions the index picks, found as NumPy checks them: by indexing the flat positions
    const pos = typeof index === "number"
      ? positions(1, this.#flatIndex(index))
      : contiguous(getIndex(positions(n), flatParts(index)), true);
    const m = pos.layout.size;
    if (m === 0) return;
    const src = contiguous(asArray("flat", value));
    if (src.layout.size === 0) throw new RangeError("flatiter: cannot assign from an empty array");
    const vals = empty([m], src.storage.dtype), from = src.storage.data, to = vals.storage.data;
    for (let i = 0; i < m; i++) to[i] = from[src.layout.offset + (i % src.layout.size)];
    const p = pos.storage.data as BigInt64Array;
    if (v.isContiguous) {
      setIndex({ storage: x.storage, layout: new View([n], [1], v.offset, v.writeable) }, [pos], vals);
      return;
    }
    // elsewhere the positions become one index array per dim
    const shape = v.shape, coords = shape.map(() => empty([m], "int64"));
    for (let i = 0; i < m; i++) {
      let k = Number(p[i]);
      for (let d = shape.length - 1; d >= 0; d--) {
        (coords[d].storage.data as BigInt64Array)[i] = BigInt(k % shape[d]);
        k = Math.floor(k / shape[d]);
      }
    }
    setIndex(x, coords, vals);
  }

  /** A 1-d copy of the elements in C order. */
  copy(): T {
    return this.#wrap(contiguous(this.#flat(), true));
  }

  /** The array as 1-d: a view when it is contiguous, else a C-order copy. */
  #flat(): Operand {
    const x = this.base, v = x.layout;
    if (v.isContiguous) return { storage: x.storage, layout: new View([v.size], [1], v.offset) };
    const c = contiguous(x, true);
    return { storage: c.storage, layout: new View([v.size], [1], c.layout.offset) };
  }

  /** A flat index checked against the size, negative ones counted from the end (NumPy's message). */
  #flatIndex(i: number): number {
    const n = this.length;
    if (!Number.isSafeInteger(i)) throw new TypeError(`flatiter: index must be an integer, got ${i}`);
    if (i < -n || i >= n) throw new RangeError(`index ${i} is out of bounds for size ${n}`);
    return i < 0 ? i + n : i;
  }

  /** The element at flat index `i` (read now: the flatiter sees later writes). */
  #at(i: number): Scalar {
    const x = onHost(this.base), v = x.layout;
    let off = v.offset;
    for (let d = v.ndim - 1; d >= 0; d--) {
      off += (i % v.shape[d]) * v.strides[d];
      i = Math.floor(i / v.shape[d]);
    }
    return fromElement(x.storage, off);
  }
}

/**
 * Index parts for the 1-d flat view: as `get`'s, except that a JS list of numbers or booleans is one index array
 * or mask (NumPy's `a.flat[[0, 5]]`), since several integers can never index one dim.
 */
function flatParts(index: IndexLike): IndexPart[] {
  const list = Array.isArray(index) && index.length > 0 &&
    index.every((v) => typeof v === "number" || typeof v === "boolean");
  return toIndexParts(list ? [index] : index);
}

/** start, start + 1, ..., start + n - 1 as int64. */
function positions(n: number, start = 0): Operand {
  const o = empty([n], "int64"), d = o.storage.data as BigInt64Array;
  for (let i = 0; i < n; i++) d[i] = BigInt(start + i);
  return o;
}
