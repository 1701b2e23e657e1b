/**
 * Opens the kernel library a second time as a Node-API module, for its host
 * allocator (kernels/cpu/host_alloc.c): buffers whose memory returns to a
 * free list when the GC frees them. Node-API needs what FFI does
 * (--allow-ffi), and the runtime's own functions (Deno exports them).
 */
import process from "node:process";
import { LIBRARY_PATH } from "./lib.ts";

/** What host_alloc.c registers as a Node-API module. */
export interface NativeAllocator {
  /** A 64-byte-aligned buffer of `bytes` (a multiple of 64), zeroed when `zero`; undefined when out of memory. */
  alloc(bytes: number, zero: boolean): ArrayBuffer | undefined;
  /** Zero-fills `bytes` at `byteOffset` (on every thread when large); returns the bytes filled. */
  zero(buf: ArrayBuffer, byteOffset: number, bytes: number): number;
  /** Caps the bytes its free lists keep (0 empties them). */
  setLimit(bytes: number): void;
  /** Bytes held (0), hits (1), misses (2). */
  stats(k: 0 | 1 | 2): number;
}

/**
 * The allocator's functions, or undefined where the runtime cannot load the
 * library as a Node-API module (the caller keeps V8's buffers).
 *
 * @example
 * ```ts
 * import { openNativeAllocator } from "./native_alloc.ts";
 * const a = openNativeAllocator();
 * if (a) a.alloc(4096, true);
 * ```
 */
export function openNativeAllocator(): NativeAllocator | undefined {
  const mod = { exports: {} as Partial<NativeAllocator> };
  try {
    process.dlopen(mod, LIBRARY_PATH);
  } catch {
    return undefined;
  }
  const { alloc, zero, setLimit, stats } = mod.exports;
  return [alloc, zero, setLimit, stats].every((f) => typeof f === "function")
    ? { alloc: alloc!, zero: zero!, setLimit: setLimit!, stats: stats! }
    : undefined;
}
