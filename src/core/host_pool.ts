/**
 * Host memory for storages: small blocks carved from shared slabs, large
 * blocks 64-byte aligned and recycled through a bounded, size-classed pool.
 *
 * - V8 needs over a microsecond per `new ArrayBuffer` whatever its size, more
 *   than a whole small op, so blocks of up to SMALL bytes come from 64 KiB
 *   slabs (never reused: a slab lives while any block in it does).
 * - Blocks of POOLED bytes and more start on a 64-byte boundary (V8's buffers
 *   come 16-byte aligned): AVX-512 loads that straddle cache lines made a
 *   10^7-element sum 1.6x and an add 1.3x slower.
 * - A released large block goes back to the pool and the next block of its
 *   size class reuses it hot, without V8's zero fill: fresh buffers cost a
 *   calloc of cold pages (page faults and a memset), which made a 10^6-element
 *   add 3x NumPy's. The pool holds buffers moved out with `transfer()`, so no
 *   old typed-array view can see the new owner's data.
 * - Large blocks the user never releases come, where the runtime allows, from
 *   a native allocator (kernels/cpu/host_alloc.c) that V8 calls back when the
 *   GC frees their buffers, within the collection: the next result of that
 *   size reuses the block unzeroed, as NumPy's malloc does, instead of a new
 *   zero-filled buffer. Unreachable buffers cannot be seen by anyone, so the
 *   reuse needs no detaching.
 */
// (a type only: this module cannot load ffi, the CPU backend installs the allocator)
import type { NativeAllocator } from "../../ffi/native_alloc.ts";

const SLAB = 1 << 16;
const SMALL = 1024;
const POOLED = 4096;
const LINE = 64;
/** Zero fills from this size run on every thread (dk_zero). */
const PAR_ZERO = 1 << 20;
/** NumPy's threshold for asking for huge pages. */
const HUGE = 4 << 20;

let adviseHuge: ((buf: ArrayBuffer) => void) | undefined;

/**
 * Installs the backend's request for huge pages on new blocks of 4 MiB and
 * more (the CPU backend's `madvise`): without it every fresh 40 MB result
 * takes 10,000 page faults on first write. Returns the advice it replaces.
 *
 * @example
 * ```ts
 * import { setHugePageAdvice } from "./host_pool.ts";
 * const before = setHugePageAdvice(() => {}); // no advice
 * setHugePageAdvice(before);
 * ```
 */
export function setHugePageAdvice(
  advise: ((buf: ArrayBuffer) => void) | undefined,
): ((buf: ArrayBuffer) => void) | undefined {
  const before = adviseHuge;
  adviseHuge = advise;
  return before;
}

let native: NativeAllocator | undefined;
/** Bytes taken from the native allocator since V8 last allocated a buffer itself. */
let unseen = 0;
/**
 * V8 decides whether dead buffers' memory is worth a young-generation GC only
 * when it allocates a buffer itself, so a loop of native blocks alone would
 * never collect (or reuse) its dead results: a tiny V8 allocation per MiB of
 * native blocks lets it check.
 */
const NUDGE = 1 << 20;

/**
 * Installs the CPU backend's native allocator for large blocks (undefined:
 * V8's own buffers). Returns the allocator it replaces.
 *
 * @example
 * ```ts
 * import { setNativeAllocator } from "./host_pool.ts";
 * const before = setNativeAllocator(undefined); // V8's buffers only
 * setNativeAllocator(before);
 * ```
 */
export function setNativeAllocator(a: NativeAllocator | undefined): NativeAllocator | undefined {
  const before = native;
  native = a;
  a?.setLimit(limit);
  return before;
}

/** The slab small blocks are carved from, as the one view of it their storages share. */
let slab = new Uint8Array(SLAB);
let slabUsed = 0;

/** Size class of a large block: 4 KiB steps up to 64 KiB, then four classes per octave (at most 19% slack). */
function sizeClass(nbytes: number): number {
  if (nbytes <= 65536) return Math.ceil(nbytes / 4096) * 4096;
  const step = 2 ** Math.floor(Math.log2(nbytes)) / 4;
  return Math.ceil(nbytes / step) * step;
}

/** Released buffers by byte length (a class's native block is its class size; a V8 one has LINE bytes more). */
const free = new Map<number, ArrayBuffer[]>();
/** Where each pooled buffer's 64-byte-aligned block starts. */
const lineOffset = new WeakMap<ArrayBuffer, number>();
let limit = defaultLimit();
let held = 0;
const stats = { hits: 0, misses: 0 };

function defaultLimit(): number {
  try {
    const mb = Deno.env.get("DENDRITE_POOL_MB");
    if (mb !== undefined && Number.isFinite(Number(mb)) && Number(mb) >= 0) return Number(mb) * 2 ** 20;
  } catch {
    // no --allow-env: the default applies
  }
  return 2 ** 30;
}

function aligned(buf: ArrayBuffer): number {
  const addr = Number(Deno.UnsafePointer.value(Deno.UnsafePointer.of(buf)));
  return (LINE - (addr % LINE)) % LINE;
}

/** A block of host memory: a view of its whole buffer (shared by every block of a slab) and where the block starts. */
export interface HostBlock {
  /** The whole buffer (kernels take it with element offsets: no view per block). */
  readonly whole: Uint8Array<ArrayBuffer>;
  /** The block's first byte in the buffer (a multiple of 16). */
  readonly byteOffset: number;
  /** Whether the block may return to the pool. */
  readonly pooled: boolean;
}

/**
 * A block of `nbytes`, zero-filled when `zero`.
 */
export function hostBlock(nbytes: number, zero: boolean): HostBlock {
  if (nbytes >= POOLED) {
    const cls = sizeClass(nbytes);
    const list = free.get(native ? cls : cls + LINE);
    const reused = list?.pop();
    if (reused) {
      held -= reused.byteLength;
      stats.hits++;
      const off = lineOffset.get(reused) ?? aligned(reused);
      // one core's memset is half the memory's bandwidth: large fills go to the native allocator's threads
      if (zero && !(nbytes >= PAR_ZERO && native?.zero(reused, off, nbytes) === nbytes)) {
        new Uint8Array(reused, off, nbytes).fill(0);
      }
      return { whole: new Uint8Array(reused), byteOffset: off, pooled: true };
    }
    stats.misses++;
    // a zeroed block of 1 GiB or more stays with V8's calloc, whose fresh mmap is zero without touching a page (the
    // allocator's memset would commit it all at once)
    const nb = zero && cls >= 2 ** 30 ? undefined : native?.alloc(cls, zero);
    if (nb) {
      if ((unseen += cls) >= NUDGE) {
        unseen = 0;
        new ArrayBuffer(8);
      }
      return { whole: new Uint8Array(nb), byteOffset: 0, pooled: true };
    }
    const buf = new ArrayBuffer(cls + LINE);
    if (cls >= HUGE && adviseHuge) adviseHuge(buf);
    return { whole: new Uint8Array(buf), byteOffset: aligned(buf), pooled: true };
  }
  if (nbytes > SMALL) return { whole: new Uint8Array(nbytes), byteOffset: 0, pooled: false };
  const size = (nbytes + 15) & ~15; // 16-byte aligned blocks
  // a user may detach a slab through a small array's buffer (its views then read 0 bytes): start a new one
  if (slabUsed + size > SLAB || slab.length === 0) {
    slab = new Uint8Array(SLAB);
    slabUsed = 0;
  }
  const off = slabUsed;
  slabUsed += size;
  return { whole: slab, byteOffset: off, pooled: false };
}

/** Takes a released large block back (detaching the old buffer object), unless the pool is full. */
export function reclaim(buf: ArrayBuffer, byteOffset: number): void {
  if (held + buf.byteLength > limit) return; // the GC frees it
  const moved = buf.transfer();
  // transfer() keeps the memory (and so its alignment): the next owner skips aligned()'s pointer read (~0.3 us)
  lineOffset.set(moved, byteOffset);
  let list = free.get(moved.byteLength);
  if (!list) free.set(moved.byteLength, list = []);
  list.push(moved);
  held += moved.byteLength;
}

/**
 * Small scratch arrays come from a slab of their own (a `new BigInt64Array` of 512 bytes cost ~1 us, more than a small
 * gather): no array is ever made on it, so no user's `transfer()` of an array's buffer can detach it.
 */
let scratchSlab = new ArrayBuffer(SLAB);
let scratchUsed = 0;

/** The buffers of scratch arrays handed out from the pool (what releaseScratch may take back). */
const scratch = new WeakSet<ArrayBuffer>();

/**
 * An int64 scratch array of `n` elements whose contents are undefined (the
 * caller writes every element): gather/scatter and advanced indexing's
 * element offsets. A large one comes from the pool, hot and not zeroed; an
 * 8 MB offsets array from V8 cost a calloc of cold pages on every call.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { releaseScratch, scratchInt64 } from "./host_pool.ts";
 * const offs = scratchInt64(10000);
 * offs.fill(0n);
 * releaseScratch(offs);
 * assert((offs.buffer as ArrayBuffer).detached);
 * ```
 */
export function scratchInt64(n: number): BigInt64Array {
  if (n * 8 < POOLED) {
    if (scratchUsed + n * 8 > SLAB) {
      scratchSlab = new ArrayBuffer(SLAB);
      scratchUsed = 0;
    }
    const a = new BigInt64Array(scratchSlab, scratchUsed, n);
    scratchUsed += n * 8;
    return a;
  }
  const { whole, byteOffset } = hostBlock(n * 8, false), buf = whole.buffer;
  scratch.add(buf);
  return new BigInt64Array(buf, byteOffset, n);
}

/**
 * Gives a scratch array from scratchInt64 back to the pool (its buffer is
 * detached: a stale use throws, it never sees another owner's data); any
 * other array is left to the GC.
 */
export function releaseScratch(a: BigInt64Array): void {
  const buf = a.buffer as ArrayBuffer;
  if (scratch.delete(buf)) reclaim(buf, a.byteOffset);
}

/**
 * Caps the bytes the pool keeps for reuse (default 1 GiB, or
 * `$DENDRITE_POOL_MB`), for released arrays' blocks and, apart, for the
 * blocks of arrays the GC freed; lowering it drops what no longer fits.
 *
 * Returns the limit it replaces.
 *
 * @example
 * ```ts
 * import { setPoolLimit } from "./host_pool.ts";
 * const before = setPoolLimit(256 * 2 ** 20);
 * setPoolLimit(before);
 * ```
 */
export function setPoolLimit(bytes: number): number {
  // the type first: comparing or formatting a Symbol would throw V8's own error
  if (typeof bytes !== "number" || !(bytes >= 0)) {
    throw new RangeError(
      `setPoolLimit: limit must be a non-negative number of bytes, got ${
        typeof bytes === "number" ? bytes : typeof bytes
      }`,
    );
  }
  const before = limit;
  limit = bytes;
  native?.setLimit(bytes);
  if (held > limit) emptyCache();
  return before;
}

/**
 * Drops every pooled block (released arrays' blocks go to the GC, the GC's
 * freed blocks back to the system allocator), as `torch.cuda.empty_cache()`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { emptyCache, poolStats } from "./host_pool.ts";
 * emptyCache();
 * assert(poolStats().bytes === 0);
 * ```
 */
export function emptyCache(): void {
  free.clear();
  held = 0;
  if (native) {
    native.setLimit(0);
    native.setLimit(limit);
  }
}

/** What the GC gave back to the native allocator and how its allocations fared. */
export interface CollectedStats {
  /** Bytes of dead results' blocks waiting for reuse. */
  bytes: number;
  /** Large allocations that reused such a block. */
  hits: number;
  /** Large allocations that took new memory. */
  misses: number;
}

/**
 * What the pool holds and how allocations fared: `bytes` / `blocks` /
 * `hits` / `misses` for released arrays' blocks, `collected` for the blocks
 * of arrays the GC freed (null without the native allocator). Each part keeps
 * at most `limit` bytes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { poolStats } from "./host_pool.ts";
 * const { bytes, hits, misses } = poolStats();
 * assert(bytes >= 0 && hits >= 0 && misses >= 0);
 * ```
 */
export function poolStats(): {
  bytes: number;
  blocks: number;
  limit: number;
  hits: number;
  misses: number;
  collected: CollectedStats | null;
} {
  let blocks = 0;
  for (const l of free.values()) blocks += l.length;
  const collected = native ? { bytes: native.stats(0), hits: native.stats(1), misses: native.stats(2) } : null;
  return { bytes: held, blocks, limit, ...stats, collected };
}
