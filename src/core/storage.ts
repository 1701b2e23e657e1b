/**
 * The memory behind arrays. On the CPU it is a JS ArrayBuffer: the GC owns
 * it (no native leaks) and C kernels see it zero-copy through FFI `buffer`
 * parameters. `device` is the slot a CUDA storage will fill.
 */
import { type DType, DTYPES, type TypedArray } from "./dtype.ts";

/** A typed, device-tagged block of elements. */
export class Storage {
  readonly device: "cpu" = "cpu";
  readonly dtype: DType;
  /** Number of elements. */
  readonly length: number;
  readonly buffer: ArrayBuffer;
  /** Byte view, passed to kernels. */
  readonly bytes: Uint8Array;
  #data: TypedArray | undefined;

  constructor(dtype: DType, length: number, buffer?: ArrayBuffer) {
    this.dtype = dtype;
    this.length = length;
    this.buffer = buffer ?? new ArrayBuffer(length * DTYPES[dtype].itemsize);
    this.bytes = new Uint8Array(this.buffer, 0, length * DTYPES[dtype].itemsize);
  }

  /** The elements as a typed array of the dtype (bool as Uint8Array). */
  get data(): TypedArray {
    return this.#data ??= new DTYPES[this.dtype].array(this.buffer, 0, this.length);
  }
}
