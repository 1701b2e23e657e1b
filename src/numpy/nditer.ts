/**
 * NumPy's iteration helpers as JS iterables: `ndindex` (index tuples in C
 * order), `ndenumerate` ([index, value] pairs), `broadcast` (NumPy's broadcast
 * object: shape, size, index, tuples of values) and a subset of `nditer`
 * (several operands broadcast together, yielding 0-d views that can be
 * written through, C / F / K order, multi_index and c_index / f_index
 * tracking, allocated outputs).
 */
import { type DType, toDType } from "../core/dtype.ts";
import { broadcastShapes, sizeOf } from "../core/shape.ts";
import { View } from "../core/view.ts";
import { fmtValue } from "../core/errors.ts";
import type { Scalar } from "../api/signature.ts";
import { type ArrayLike, NDArray, NP_FUNCTIONS } from "./ndarray.ts";
import { recordBase } from "../api/ops/view_base.ts";

// deno-lint-ignore no-explicit-any
const F = NP_FUNCTIONS as Record<string, (...a: any[]) => any>;

/** Checks dims as NumPy's ndindex does (non-negative integers). */
function dimsOf(op: string, dims: readonly (number | readonly number[])[]): number[] {
  const shape = dims.length === 1 && Array.isArray(dims[0]) ? [...dims[0]] : dims as number[];
  for (const d of shape) {
    if (!Number.isSafeInteger(d)) throw new TypeError(`${op}: dimensions must be integers, got ${fmtValue(d)}`);
    if (d < 0) throw new RangeError("negative dimensions are not allowed");
  }
  return shape;
}

/** Every index of `shape` in C order (or F order), as fresh arrays. */
function* indices(shape: readonly number[], fortran = false): Generator<number[]> {
  if (sizeOf(shape) === 0) return;
  const n = shape.length, idx = new Array(n).fill(0);
  for (;;) {
    yield [...idx];
    let d = fortran ? 0 : n - 1;
    for (;;) {
      if (d < 0 || d >= n) return;
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
      d += fortran ? 1 : -1;
    }
  }
}

/**
 * NumPy's `np.ndindex(*shape)`: every index of `shape` in C order (`ndindex(2, 3)` or `ndindex([2, 3])`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * assert.deepEqual([...np.ndindex(2, 2)], [[0, 0], [0, 1], [1, 0], [1, 1]]);
 * ```
 */
export function ndindex(...shape: (number | readonly number[])[]): IterableIterator<number[]> {
  return indices(dimsOf("ndindex", shape));
}

/**
 * NumPy's `np.ndenumerate(a)`: [index, value] for every element in C order (values as `item()` gives them).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * assert.deepEqual([...np.ndenumerate([[1, 2], [3, 4]])][2], [[1, 0], 3]);
 * ```
 */
export function* ndenumerate(a: ArrayLike): Generator<[number[], Scalar]> {
  const x = F.asarray(a) as NDArray;
  const values = x.size ? x.ravel().tolist() as Scalar[] : [];
  let i = 0;
  for (const idx of indices(x.shape)) yield [idx, values[i++]];
}

/** The layout of `x` broadcast to `shape` (read-only when it repeats elements). */
function expanded(x: NDArray, shape: readonly number[]): View {
  return x.layout.expand("broadcast", shape);
}

/**
 * NumPy's `np.broadcast(*arrays)`: the broadcast shape of its operands and an iterator over tuples of their elements
 * in C order (`index` counts the tuples taken; `reset()` starts again).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const b = np.broadcast([[1], [2]], [10, 20, 30]);
 * assert.deepEqual(b.shape, [2, 3]);
 * assert.deepEqual([...b].slice(0, 2), [[1, 10], [1, 20]]);
 * ```
 */
export class Broadcast implements IterableIterator<Scalar[]> {
  /** The operands (as arrays). */
  readonly operands: NDArray[];
  /** The broadcast shape. */
  readonly shape: number[];
  #values: Scalar[][];
  #index = 0;

  /** Broadcasts `arrays` (1 to 64 operands, as NumPy 2 allows). */
  constructor(...arrays: ArrayLike[]) {
    if (arrays.length > 64) throw new RangeError(`broadcast: at most 64 operands, got ${arrays.length}`);
    this.operands = arrays.map((a) => F.asarray(a) as NDArray);
    this.shape = broadcastShapes("broadcast", ...this.operands.map((o) => o.shape));
    this.#values = this.operands.map((o) => o.size ? F.broadcastTo(o, this.shape).ravel().tolist() as Scalar[] : []);
  }
  /** Number of dimensions of the broadcast shape. */
  get ndim(): number {
    return this.shape.length;
  }
  /** Number of dimensions (NumPy's older name). */
  get nd(): number {
    return this.shape.length;
  }
  /** Number of elements of the broadcast shape. */
  get size(): number {
    return sizeOf(this.shape);
  }
  /** Number of operands. */
  get numiter(): number {
    return this.operands.length;
  }
  /** How many tuples have been taken. */
  get index(): number {
    return this.#index;
  }
  /** Starts the iteration again. */
  reset(): void {
    this.#index = 0;
  }
  /** The next tuple of elements. */
  next(): IteratorResult<Scalar[]> {
    if (this.#index >= this.size) return { done: true, value: undefined };
    const i = this.#index++;
    return { done: false, value: this.#values.map((v) => v[i]) };
  }
  /** The broadcast object is its own iterator, as NumPy's. */
  [Symbol.iterator](): IterableIterator<Scalar[]> {
    return this;
  }
}

/** `np.broadcast(...)`: see Broadcast. */
export function broadcast(...arrays: ArrayLike[]): Broadcast {
  return new Broadcast(...arrays);
}

/** nditer's global flags (the subset dendrite implements). */
export type NditerFlag = "multi_index" | "c_index" | "f_index" | "refs_ok" | "zerosize_ok" | "buffered";
/** nditer's per-operand flags (the subset dendrite implements). */
export type NditerOpFlag = "readonly" | "readwrite" | "writeonly" | "allocate" | "no_broadcast";

/** nditer's options (NumPy's keywords in camelCase). */
export interface NditerOptions {
  /** Global flags: "multi_index", "c_index", "f_index" (others NumPy accepts that change nothing here are allowed). */
  flags?: readonly NditerFlag[];
  /** Per-operand flags (one list for every operand, or one list per operand); default readonly. */
  opFlags?: readonly NditerOpFlag[] | readonly (readonly NditerOpFlag[])[];
  /** Dtypes of allocated operands (one per operand, null for the rest). */
  opDtypes?: DType | readonly (DType | null)[] | null;
  /** Iteration order: "C", "F" or "K" (memory order: F when every operand is F- and not C-contiguous). */
  order?: "C" | "F" | "K" | "A";
}

const FLAGS = new Set(["multi_index", "c_index", "f_index", "refs_ok", "zerosize_ok", "buffered"]);
const OP_FLAGS = new Set(["readonly", "readwrite", "writeonly", "allocate", "no_broadcast"]);

/**
 * NumPy's `np.nditer` (a subset): iterates several operands broadcast together, yielding for each element a 0-d
 * view of each operand (a single operand: the view alone; several: an array of them), as NumPy yields 0-d arrays.
 * Write through a writeable view with `v.set([], value)` (NumPy's `v[...] = value`); operands are readonly unless
 * `opFlags` says "readwrite" or "writeonly"; a null operand with "allocate" gets a new array of the broadcast shape.
 * `multiIndex`, `index`, `iterindex` and `finished` describe the current position.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const a = np.arange(6).reshape(2, 3);
 * const it = np.nditer([a, null], { flags: ["multi_index"], opFlags: [["readonly"], ["writeonly", "allocate"]] });
 * for (const [x, y] of it as Iterable<np.NDArray[]>) y.set([], (x.item() as number) * 2);
 * assert.deepEqual(it.operands[1].tolist(), [[0, 2, 4], [6, 8, 10]]);
 * ```
 */
export class Nditer implements IterableIterator<NDArray | NDArray[]> {
  /** The operands (allocated ones included). */
  readonly operands: NDArray[];
  /** The broadcast shape. */
  readonly shape: number[];
  readonly #views: View[];
  readonly #fortran: boolean;
  readonly #flags: Set<string>;
  readonly #single: boolean;
  #iterindex = 0;
  #pos: number[];
  /** Whether for-of has taken the current element (next() then steps first). */
  #taken = false;

  /** `nditer(op, options?)`: `op` an array or a list of arrays (null for an allocated output). */
  constructor(op: ArrayLike | readonly (ArrayLike | null)[] | null, options: NditerOptions = {}) {
    for (const k of Object.keys(options)) {
      if (!["flags", "opFlags", "opDtypes", "order"].includes(k)) {
        throw new TypeError(`nditer() got an unexpected keyword argument '${k}'`);
      }
    }
    const list = Array.isArray(op) && (op.length === 0 || op.some((o) => o === null || o instanceof NDArray))
      ? op as (ArrayLike | null)[]
      : [op as ArrayLike];
    this.#single = !Array.isArray(op) || list.length !== op.length;
    const flags = new Set(options.flags ?? []);
    for (const f of flags) {
      // NumPy's external_loop yields 1-d chunks: not implemented, so refused rather than ignored
      if ((f as string) === "external_loop") throw new RangeError('nditer: the "external_loop" flag is not supported');
      if (!FLAGS.has(f)) throw new RangeError(`Unexpected iterator global flag "${f}"`);
    }
    if (flags.has("c_index") && flags.has("f_index")) {
      throw new RangeError("Iterator flags C_INDEX and F_INDEX cannot both be specified");
    }
    this.#flags = flags;
    const raw = options.opFlags ?? [];
    const opFlags: string[][] = raw.length && Array.isArray(raw[0])
      ? (raw as string[][]).map((f) => [...f])
      : list.map(() => [...(raw as string[])]);
    if (opFlags.length !== list.length) {
      throw new RangeError("op_flags must be a tuple/list matching the number of ops");
    }
    for (const fl of opFlags) {
      for (const f of fl) if (!OP_FLAGS.has(f)) throw new RangeError(`Unexpected per-op iterator flag "${f}"`);
      if (!fl.some((f) => f === "readonly" || f === "readwrite" || f === "writeonly")) fl.push("readonly");
    }
    const dts = options.opDtypes === undefined || options.opDtypes === null
      ? list.map(() => null)
      : typeof options.opDtypes === "string"
      ? list.map(() => options.opDtypes as DType)
      : options.opDtypes;
    const given = list.map((o, i) => {
      if (o !== null) return F.asarray(o) as NDArray;
      if (!opFlags[i].includes("allocate")) {
        throw new RangeError("Iterator operand was NULL, but automatic allocation as an output wasn't requested");
      }
      return null;
    });
    const arrays = given.filter((g): g is NDArray => g !== null);
    const shape = broadcastShapes("nditer", ...arrays.map((a) => a.shape));
    const dtype = arrays.length ? F.resultType(...arrays) as DType : "float64";
    this.operands = given.map((g, i) => g ?? F.empty(shape, { dtype: dts[i] ? toDType(dts[i]!) : dtype }));
    this.#views = this.operands.map((a, i) => {
      const fl = opFlags[i], writes = fl.includes("readwrite") || fl.includes("writeonly");
      if (writes && !a.flags.writeable) {
        throw new RangeError(`output operand requires a reduction, or the operand ${i} is read-only`);
      }
      if ((writes || fl.includes("no_broadcast")) && a.shape.join() !== shape.join()) {
        throw new RangeError(
          `non-broadcastable output operand with shape (${a.shape.join(",")}${a.ndim === 1 ? "," : ""}) ` +
            `doesn't match the broadcast shape (${shape.join(",")}${shape.length === 1 ? "," : ""})`,
        );
      }
      const v = expanded(a, shape);
      return writes ? v : v.asReadonly();
    });
    this.shape = shape;
    const order = options.order ?? "K";
    if (!["C", "F", "K", "A"].includes(order)) throw new RangeError("order must be one of 'C', 'F', 'A', or 'K'");
    const fortran = order === "F" ||
      (order !== "C" && arrays.length > 0 && arrays.every((a) => a.flags.fContiguous && !a.flags.cContiguous));
    this.#fortran = fortran;
    this.#pos = this.#start();
  }

  #start(): number[] {
    return this.size === 0 ? [] : new Array(this.shape.length).fill(0);
  }
  /** Number of elements iterated. */
  get itersize(): number {
    return sizeOf(this.shape);
  }
  /** The same as itersize (the broadcast shape's size). */
  get size(): number {
    return sizeOf(this.shape);
  }
  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length;
  }
  /** Number of operands. */
  get nop(): number {
    return this.operands.length;
  }
  /** Whether the iteration is over. */
  get finished(): boolean {
    return this.#iterindex >= this.itersize;
  }
  /** The position in iteration order. */
  get iterindex(): number {
    return this.#iterindex;
  }
  /** The current multi-index (needs the "multi_index" flag). */
  get multiIndex(): number[] {
    if (!this.#flags.has("multi_index")) throw new RangeError("Iterator is not tracking a multi-index");
    return [...this.#pos];
  }
  /** The current flat index in C order ("c_index") or F order ("f_index"). */
  get index(): number {
    const c = this.#flags.has("c_index");
    if (!c && !this.#flags.has("f_index")) throw new RangeError("Iterator does not have an index");
    const dims = c ? [...this.shape.keys()] : [...this.shape.keys()].reverse();
    return dims.reduce((acc, d) => acc * this.shape[d] + this.#pos[d], 0);
  }
  /** Starts the iteration again. */
  reset(): void {
    this.#iterindex = 0;
    this.#taken = false;
    this.#pos = this.#start();
  }
  /** Steps to the next element (NumPy's iternext): whether there is one. */
  iternext(): boolean {
    if (this.finished) return false;
    this.#iterindex++;
    if (!this.finished) this.#advance();
    return !this.finished;
  }
  /** The current element of every operand, as 0-d views (the one view for a single operand). */
  get value(): NDArray | NDArray[] {
    const views = this.operands.map((a, i) => {
      const v = this.#views[i];
      const off = this.#pos.reduce((p, x, d) => p + x * v.strides[d], v.offset);
      return recordBase(new NDArray(a.storage, new View([], [], off, v.writeable)), a);
    });
    return this.#single ? views[0] : views;
  }
  /** The current element and a step forward. */
  next(): IteratorResult<NDArray | NDArray[]> {
    if (this.#taken) this.iternext();
    if (this.finished) return { done: true, value: undefined };
    this.#taken = true;
    return { done: false, value: this.value };
  }
  #advance(): void {
    const n = this.shape.length;
    for (let k = 0; k < n; k++) {
      const d = this.#fortran ? k : n - 1 - k;
      if (++this.#pos[d] < this.shape[d]) return;
      this.#pos[d] = 0;
    }
  }
  /** nditer is its own iterator, as NumPy's. */
  [Symbol.iterator](): IterableIterator<NDArray | NDArray[]> {
    return this;
  }
}

/** `np.nditer(op, options?)`: see Nditer. */
export function nditer(op: ArrayLike | readonly (ArrayLike | null)[] | null, options: NditerOptions = {}): Nditer {
  return new Nditer(op, options);
}
