/**
 * The memory behind arrays: a typed, device-tagged block of elements with
 * an explicit lifetime.
 *
 * Host memory (the CPU, and any device a backend keeps in host memory) is a
 * JS ArrayBuffer: the GC owns it (no native leaks) and C kernels see it
 * zero-copy through FFI `buffer` parameters. Device memory is an opaque
 * handle that its backend frees.
 *
 * A storage is released when the last front-end array holding it is
 * disposed (`dispose()`, `using`, a `tidy` scope): its host buffer moves to
 * the size-classed pool (`ArrayBuffer.prototype.transfer()`, which detaches
 * every old typed-array view of it, so stale views read nothing instead of
 * another array's data) and the storage refuses every later use. Arrays the
 * user never releases are left to the GC, as before.
 */
import { type DType, DTYPES, type TypedArray } from "./dtype.ts";
import { AllocationError, ReleasedError, RuntimeError } from "./errors.ts";
import { type HostBlock, hostBlock, reclaim } from "./host_pool.ts";
import { View } from "./view.ts";

/** Device memory a backend owns; `free` returns it to that backend's allocator. */
export interface DeviceMemory {
  /** The device address. */
  readonly ptr: bigint;
  /** Frees (or pools) the memory; called once. */
  free(): void;
}

/** How many storages were made so far: a storage's `serial` says when it was made. */
let made = 0;

/**
 * The serial the next storage will get: storages with a serial at least
 * this were made after the call (autograd uses it to know which gradients
 * a backward pass made itself).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nextSerial, Storage } from "./storage.ts";
 * const before = nextSerial();
 * assert(Storage.host("float32", 4).serial >= before);
 * ```
 */
export function nextSerial(): number {
  return made;
}

/** Host storages from this size on are released when the op that made them ends (device storages always are). */
const RELEASE_AT_OP_END = 64 * 1024;
/** Storages made while front-end ops run (see `openOp` / `closeOp`): each op closes its own tail. */
const opMade: Storage[] = [];
let opDepth = 0;

/**
 * Marks the start of a front-end op (the generated surface calls it): the
 * storages made until the matching `closeOp` are the op's own.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { closeOp, openOp, Storage } from "./storage.ts";
 * const mark = openOp();
 * const temp = Storage.host("float32", 1 << 16);
 * closeOp(mark); // no array holds it: released
 * assert.equal(temp.isLive, false);
 * ```
 */
export function openOp(): number {
  opDepth++;
  return opMade.length;
}

/**
 * Ends a front-end op: what it made and no front-end array holds (a
 * temporary, an operand made contiguous, a scalar moved to the device) is
 * released now. Left to the GC, device memory would come back only through
 * finalizers, which never run inside a synchronous training loop.
 */
export function closeOp(mark: number): void {
  opDepth--;
  if (opMade.length === mark) return;
  for (let i = mark; i < opMade.length; i++) if (opMade[i].holders === 0) opMade[i].release();
  opMade.length = mark;
}

/** A typed, device-tagged block of elements. */
export class Storage {
  /** Device key: "cpu", "cuda:0", ... */
  readonly device: string;
  /** Element type. */
  readonly dtype: DType;
  /** Number of elements. */
  readonly length: number;
  /** Bytes of the elements. */
  readonly nbytes: number;
  /** Bumped by every in-place write, so autograd can detect stale saved values. */
  version = 0;
  /** Order of creation (see `nextSerial`). */
  readonly serial: number = made++;
  #byteOffset: number;
  /** A view of the whole buffer, shared with the other storages of a slab (a detached buffer's views read 0 bytes). */
  #whole: Uint8Array<ArrayBuffer> | null;
  /** Where the elements end in the buffer. */
  #end: number;
  /** The elements' bytes: made on first use (kernels of contiguous operands take `whole` and `base`). */
  #bytes: Uint8Array | null = null;
  #data: TypedArray | null = null;
  #device: DeviceMemory | null;
  /** Whether the host buffer came from the pool's allocator (and may go back to it). */
  #pooled: boolean;
  #released = false;
  /** Front-end arrays that hold this storage (see `retain` / `drop`). */
  #holders = 0;

  /** The element index in `whole` where this storage's elements start. */
  readonly base: number;

  private constructor(
    device: string,
    dtype: DType,
    length: number,
    whole: Uint8Array<ArrayBuffer> | null,
    byteOffset: number,
    mem: DeviceMemory | null,
    pooled: boolean,
  ) {
    const isz = DTYPES[dtype].itemsize;
    this.device = device;
    this.dtype = dtype;
    this.length = length;
    this.nbytes = length * isz;
    this.#whole = whole;
    this.#byteOffset = byteOffset;
    this.#end = byteOffset + this.nbytes;
    this.base = byteOffset / isz;
    this.#device = mem;
    this.#pooled = pooled;
  }

  /**
   * New host memory for `length` elements: zeroed when `zero`, else possibly
   * holding a released array's old values (for kernels that write every
   * element).
   */
  static host(dtype: DType, length: number, zero = true, device = "cpu"): Storage {
    if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`Storage: invalid length ${length}`);
    const nbytes = length * DTYPES[dtype].itemsize;
    if (!Number.isSafeInteger(nbytes)) throw new AllocationError([length], dtype, nbytes);
    let block: HostBlock;
    try {
      block = hostBlock(nbytes, zero);
    } catch (e) {
      // V8's "Array buffer allocation failed" (or "Invalid array buffer length"), with what was asked for
      if (e instanceof RangeError) throw new AllocationError([length], dtype, nbytes, e.message);
      throw e;
    }
    const s = new Storage(device, dtype, length, block.whole, block.byteOffset, null, block.pooled);
    // a small host temporary costs the GC less than releasing it would cost every op
    if (opDepth > 0 && nbytes >= RELEASE_AT_OP_END) opMade.push(s);
    return s;
  }

  /** Host memory that already exists (shared, never pooled): `byteOffset` must suit the dtype's alignment. */
  static wrap(dtype: DType, length: number, buffer: ArrayBuffer, byteOffset = 0, device = "cpu"): Storage {
    const isz = DTYPES[dtype].itemsize;
    if (buffer.detached) throw new TypeError("Storage: the ArrayBuffer is detached (transferred)");
    if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`Storage: invalid length ${length}`);
    if (byteOffset % isz !== 0) {
      throw new RangeError(`Storage: byte offset ${byteOffset} is not a multiple of the ${dtype} item size ${isz}`);
    }
    if (byteOffset < 0 || byteOffset + length * isz > buffer.byteLength) {
      throw new RangeError(
        `Storage: ${length} ${dtype} elements at byte ${byteOffset} exceed the buffer's ${buffer.byteLength} bytes`,
      );
    }
    // (a resizable buffer's whole view tracks its length, so assertLive sees it shrink)
    return new Storage(device, dtype, length, new Uint8Array(buffer), byteOffset, null, false);
  }

  /** Device memory from a backend's allocator. */
  static onDevice(device: string, dtype: DType, length: number, mem: DeviceMemory): Storage {
    const s = new Storage(device, dtype, length, null, 0, mem, false);
    if (opDepth > 0) opMade.push(s);
    return s;
  }

  /** Whether `v` is a Storage made by this class (not a Proxy of one or a look-alike object). */
  static isStorage(v: unknown): v is Storage {
    return typeof v === "object" && v !== null && #released in v;
  }

  /** Whether the memory is in host RAM (readable through `bytes` and `data`). */
  get isHost(): boolean {
    return this.#device === null;
  }

  /** Whether the storage can still be used (not released, buffer not detached). */
  get isLive(): boolean {
    return !this.#released && (this.#whole === null || !this.#whole.buffer.detached);
  }

  /** Throws unless the storage can be used. */
  assertLive(): void {
    if (this.#released) throw new ReleasedError();
    const whole = this.#whole;
    if (whole === null) return;
    // the common case in one inlined read: the whole-buffer view reads 0 bytes once its buffer is detached, and on a
    // resizable buffer it tracks the length, so a shrink below the storage's end shows too (ArrayBuffer's detached
    // and resizable getters are calls on every kernel operand)
    if (this.nbytes !== 0 && whole.byteLength >= this.#end) return;
    const buf = whole.buffer;
    if (buf.detached) {
      throw new TypeError(`the ${this.dtype} storage's ArrayBuffer was detached (transferred); it cannot be used`);
    }
    // a wrapped resizable buffer can shrink under the array (np.frombuffer): kernels would read past its end
    if (buf.resizable && buf.byteLength < this.#byteOffset + this.nbytes) {
      throw new TypeError(
        `the ${this.dtype} storage's ArrayBuffer was resized to ${buf.byteLength} bytes; the array needs bytes ` +
          `${this.#byteOffset}..${this.#byteOffset + this.nbytes} of it`,
      );
    }
  }

  /** The elements' bytes (host memory only), passed to kernels. */
  get bytes(): Uint8Array {
    this.assertLive();
    if (!this.#whole) throw new TypeError(`a storage on ${this.device} has no host bytes: copy it to the CPU first`);
    return this.#bytes ??= new Uint8Array(this.#whole.buffer, this.#byteOffset, this.nbytes);
  }

  /**
   * The whole host buffer the elements live in (shared with a slab's other storages), for kernels that take
   * element offsets: element `i` is at element index `base + i` of it. Host memory only.
   */
  get whole(): Uint8Array {
    this.assertLive();
    if (!this.#whole) throw new TypeError(`a storage on ${this.device} has no host bytes: copy it to the CPU first`);
    return this.#whole;
  }

  /** The elements as a typed array of the dtype (bool as Uint8Array); host memory only. */
  get data(): TypedArray {
    const b = this.bytes;
    return this.#data ??= new DTYPES[this.dtype].array(b.buffer as ArrayBuffer, b.byteOffset, this.length);
  }

  /** The device address (device memory only). */
  get ptr(): bigint {
    this.assertLive();
    if (!this.#device) throw new TypeError("a host storage has no device pointer");
    return this.#device.ptr;
  }

  /** How many front-end arrays (not yet disposed) hold this storage. */
  get holders(): number {
    return this.#holders;
  }

  /** Counts a front-end array that holds this storage. */
  retain(): void {
    this.#holders++;
  }

  /** Uncounts a holder; the last one releases the memory. */
  drop(): void {
    if (--this.#holders <= 0) this.release();
  }

  /** Releases the memory now (to the pool or the device allocator); later uses throw. Idempotent. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    const buf = this.#whole?.buffer, mem = this.#device;
    this.#whole = this.#bytes = this.#data = null;
    this.#device = null;
    if (mem) mem.free();
    else if (buf && this.#pooled && !buf.detached) reclaim(buf, this.#byteOffset);
  }
}

/** What ops consume and produce: a storage with a strided view on it. */
export interface Operand {
  /** The memory. */
  readonly storage: Storage;
  /** Shape, strides and offset into it. */
  readonly layout: View;
}

/**
 * Checks, right before a kernel call, that an operand's storage is usable
 * and that every element its view can reach lies inside the storage. The
 * storage and the view must be real ones (a Proxy could answer differently
 * after the check), every dim and stride a safe integer (a view's arrays
 * are reachable through `layout` and could have been edited since it was
 * made) and the shape must still give the view's size.
 */
export function checkOperand(x: Operand, op: string): void {
  checkParts(x.storage, x.layout, op);
}

/** An op's name, or a class's (read only for a message: a class's `name` is an accessor call). */
function opName(op: string | { readonly name: string }): string {
  return typeof op === "string" ? op : op.name;
}

/**
 * `checkOperand` on a storage and a view given apart, `op` a name or a class: array constructors pass their class,
 * whose `name` (an accessor call, ~30 ns on every construction) is read only when a message needs it.
 */
export function checkParts(s: Storage, v: View, op: string | { readonly name: string }): void {
  if (!Storage.isStorage(s)) throw new TypeError(`${opName(op)}: operand has no valid storage`);
  if (!View.isView(v)) throw new TypeError(`${opName(op)}: operand has no valid view`);
  s.assertLive();
  const shape = v.shape, strides = v.strides;
  let lo = v.offset, hi = v.offset, size = 1;
  if (!Number.isSafeInteger(lo)) throw new TypeError(`${opName(op)}: the view's offset was modified (${typeof lo})`);
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i], st = strides[i];
    if (!Number.isSafeInteger(d) || d < 0 || !Number.isSafeInteger(st)) {
      throw new TypeError(`${opName(op)}: the view's shape or strides were modified (shape ${fmtList(shape)})`);
    }
    size *= d;
    const span = (d - 1) * st;
    if (span > 0) hi += span;
    else lo += span;
  }
  if (size !== v.size || shape.length !== strides.length) {
    throw new TypeError(
      `${opName(op)}: the view's shape or strides were modified (shape ${fmtList(shape)}, size ${v.size})`,
    );
  }
  if (size === 0) return;
  if (!(lo >= 0 && hi < s.length)) {
    throw new RangeError(
      `${opName(op)}: view reaches elements ${lo}..${hi} of a storage of ${s.length} elements (shape [${
        shape.join(", ")
      }], ` +
        `strides [${strides.join(", ")}], offset ${v.offset})`,
    );
  }
}

/**
 * `checkOperand` for an operand a kernel writes into: besides being valid,
 * its view must be writeable (NumPy's read-only broadcast views) and must
 * not reach one element through two indices (PyTorch refuses to write into
 * an expanded tensor: "more than one element of the written-to tensor
 * refers to a single memory location").
 */
export function checkOutput(x: Operand, op: string): void {
  checkOperand(x, op);
  const v = x.layout;
  if (!v.writeable) throw new RangeError(`${op}: output array is read-only`);
  const shape = v.shape, strides = v.strides;
  for (let i = 0; i < shape.length; i++) {
    if (strides[i] === 0 && shape[i] > 1) {
      throw new RuntimeError(
        "unsupported operation: more than one element of the written-to tensor refers to a single memory location. " +
          "Please clone() the tensor before performing the operation.",
      );
    }
  }
}

function fmtList(xs: readonly unknown[]): string {
  try {
    return `[${Array.prototype.map.call(xs, (x) => typeof x === "number" ? String(x) : typeof x).join(", ")}]`;
  } catch {
    return "?";
  }
}
