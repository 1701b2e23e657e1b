/**
 * What `np.ndarray` and `torch.Tensor` share: a (Storage, View) pair whose
 * fields cannot be reassigned from outside, an explicit lifetime
 * (`dispose()`, `using`, `tidy` scopes) and the JS value protocol (size-1
 * arrays convert to numbers, arrays iterate over their first axis, have a
 * `length` and serialize to nested lists).
 */
import { ReleasedError } from "../core/errors.ts";
import { RELEASABLE, type Releasable, type Scope, track } from "../core/lifetime.ts";
import { checkOperand, checkParts, type Operand, Storage } from "../core/storage.ts";
import { View } from "../core/view.ts";
import { fromElement } from "../ops/operand.ts";

/** Set by `wrapFresh` for the one construction it makes. */
let fresh = false;

/**
 * Constructs `make` (an ArrayBase subclass whose constructor calls `super` first) on an op's result whose memory the
 * op made and whose kernel call checked the view against it: the constructor's checks are for storages and views
 * that come from outside, and cost ~70 ns of a 10-element op. Every later kernel call checks its operands again.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * import { wrapFresh } from "./array_base.ts";
 * import { empty } from "../ops/operand.ts";
 * const a = wrapFresh(np.ndarray, empty([2, 3], "float32"));
 * assert.deepEqual(a.shape, [2, 3]);
 * ```
 */
export function wrapFresh<T extends ArrayBase>(make: new (storage: Storage, layout: View) => T, result: Operand): T {
  const storage = result.storage, layout = result.layout; // read first: a getter that throws leaves the flag clear
  fresh = true;
  return new make(storage, layout);
}

/** The base of both front-ends' array classes. */
export abstract class ArrayBase implements Operand, Releasable {
  /** Marks the class as released by dispose() and tidy scopes. */
  declare readonly [RELEASABLE]: true;
  /** The scope that releases this array (see core/lifetime.ts). */
  _scope: Scope | null = null;
  #storage: Storage;
  #layout: View;
  #released = false;

  /** Wraps a storage and a view of it (checked: the view must lie inside the storage). */
  constructor(storage: Storage, layout: View) {
    // the flag `wrapFresh` sets is read and cleared first, so no throw can leave it set for another construction
    if (fresh) fresh = false;
    else {
      // real ones only: a Proxy or a look-alike could answer differently after the bounds check
      if (!Storage.isStorage(storage) || !View.isView(layout)) {
        throw new TypeError(`${new.target.name}: expected a Storage and a View`);
      }
      checkParts(storage, layout, new.target);
    }
    this.#storage = storage;
    this.#layout = layout;
    storage.retain();
    track(this);
  }

  /**
   * Whether `v` was made by this class's constructor: a Proxy of an array
   * (whose traps could answer differently after a check) is not one.
   */
  static isGenuine(v: unknown): v is ArrayBase {
    return typeof v === "object" && v !== null && #storage in v;
  }

  /** What messages call this class ("array", "tensor"). */
  protected abstract get kind(): string;

  /** The memory (throws once released). */
  get storage(): Storage {
    if (this.#released) throw new ReleasedError(this.kind);
    return this.#storage;
  }
  /** Shape, strides and offset in the storage (throws once released). */
  get layout(): View {
    if (this.#released) throw new ReleasedError(this.kind);
    return this.#layout;
  }

  /** Points this array at other memory (resize, `.data =`); the old storage is dropped. */
  protected _rebind(storage: Storage, layout: View): void {
    checkOperand({ storage, layout }, this.kind);
    storage.retain();
    const old = this.storage;
    this.#storage = storage;
    this.#layout = layout;
    old.drop();
  }

  /** Whether `dispose()` (or a scope) released this array. */
  get isReleased(): boolean {
    return this.#released;
  }

  /**
   * Releases the array now: its memory returns to the pool once no other
   * array (a view, a tensor sharing it) holds it. Later uses throw; calling
   * it twice is harmless.
   */
  dispose(): void {
    if (this.#released) return;
    this.#released = true;
    this.#storage.drop();
  }
  /** `using a = ...` releases at the end of the block. */
  [Symbol.dispose](): void {
    this.dispose();
  }

  /** The string for `${a}` and String(a). */
  protected abstract formatString(): string;
  /** Sub-array `i` along the first axis (what iteration yields). */
  protected abstract itemAt(i: number): unknown;

  /** Size-1 arrays convert to numbers (`a.sum() > 0`, `+a.max()`); strings use `formatString`. */
  [Symbol.toPrimitive](hint: string): number | string {
    if (hint === "string" || (hint === "default" && this.layout.size !== 1)) return this.formatString();
    if (this.layout.size !== 1) {
      throw new TypeError(`only size-1 ${this.kind}s can be converted to numbers (size ${this.layout.size})`);
    }
    const v = fromElement(this.storage, firstOffset(this.layout));
    return typeof v === "boolean" ? (v ? 1 : 0) : Number(v);
  }

  /** The length of the first axis (a TypeError for 0-d arrays, as Python's len). */
  get length(): number {
    if (this.layout.ndim === 0) throw new TypeError(`len() of a 0-d ${this.kind}`);
    return this.layout.shape[0];
  }

  /** Iterates over the first axis. */
  *[Symbol.iterator](): Iterator<unknown> {
    if (this.layout.ndim === 0) throw new TypeError(`iteration over a 0-d ${this.kind}`);
    const n = this.layout.shape[0];
    for (let i = 0; i < n; i++) yield this.itemAt(i);
  }

  /** Nested lists for JSON (int64 values beyond 2^53 as decimal strings: JSON has no bigint). */
  toJSON(): unknown {
    const s = this.storage, v = this.layout;
    const rec = (d: number, off: number): unknown => {
      if (d === v.ndim) {
        const x = fromElement(s, off);
        return typeof x === "bigint" ? String(x) : x;
      }
      return Array.from({ length: v.shape[d] }, (_, i) => rec(d + 1, off + i * v.strides[d]));
    };
    return rec(0, v.offset);
  }
}
Object.defineProperty(ArrayBase.prototype, RELEASABLE, { value: true });

/** The storage offset of the first element. */
function firstOffset(v: View): number {
  return v.offset;
}
