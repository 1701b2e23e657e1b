/**
 * A caching device-memory allocator after PyTorch's CUDACachingAllocator:
 * device memory is taken from the driver in segments and handed out as
 * blocks, and a released block goes back to its pool, where the next
 * request that fits takes it. A steady training loop (the same sizes every
 * step) therefore calls the driver's allocator zero times after its first
 * step, and never synchronizes on a free.
 *
 * - Sizes round up to 512 bytes. Requests up to 1 MiB come from the small
 *   pool, whose segments are 2 MiB; larger ones from the large pool, whose
 *   segments are 20 MiB below 10 MiB and the request rounded up to 2 MiB
 *   above it.
 * - The best-fitting free block (smallest, then lowest address) is taken
 *   and split when the rest is worth keeping (at least 512 bytes in the
 *   small pool, over 1 MiB in the large one); a freed block merges with
 *   free neighbours of its segment.
 * - When the driver is out of memory, the allocator returns every wholly
 *   free segment to it and tries once more.
 * - Blocks are reused in stream order: the backend uses one stream per
 *   device, so work queued after a free cannot overtake the freed block's
 *   last use.
 *
 * The driver calls are injected (`RawDeviceAllocator`), so everything here
 * runs and is tested without a GPU. Storages release their block
 * explicitly (dispose, using, tidy); a FinalizationRegistry returns the
 * blocks of storages the program dropped, as a backstop only: the GC does
 * not see device memory and may run late.
 */
import type { DeviceMemory } from "../core/storage.ts";

/** The driver's allocator: `alloc` throws (a CudaOutOfMemoryError when out of memory) or returns an address. */
export interface RawDeviceAllocator {
  alloc(bytes: number): bigint;
  free(ptr: bigint): void;
  /** Whether an error thrown by `alloc` means "out of memory" (worth freeing the cache and retrying). */
  isOutOfMemory(e: unknown): boolean;
}

/** Block sizes are multiples of this. */
export const MIN_BLOCK = 512;
/** Requests up to this size come from the small pool. */
export const SMALL_SIZE = 1 << 20;
/** Segment size of the small pool. */
export const SMALL_SEGMENT = 2 << 20;
/** Segment size of the large pool for requests below MIN_LARGE_ALLOC. */
export const LARGE_SEGMENT = 20 << 20;
/** Requests from this size get a segment of their own size (rounded to ROUND_LARGE). */
export const MIN_LARGE_ALLOC = 10 << 20;
export const ROUND_LARGE = 2 << 20;

/** A request's block size. */
export function roundSize(bytes: number): number {
  return bytes <= MIN_BLOCK ? MIN_BLOCK : Math.ceil(bytes / MIN_BLOCK) * MIN_BLOCK;
}

/** The size of the segment a block of `size` (rounded) is carved from when no cached block fits. */
export function segmentSize(size: number): number {
  if (size <= SMALL_SIZE) return SMALL_SEGMENT;
  if (size < MIN_LARGE_ALLOC) return LARGE_SEGMENT;
  return Math.ceil(size / ROUND_LARGE) * ROUND_LARGE;
}

/** Memory statistics in bytes (PyTorch's memory_allocated / memory_reserved and peaks) and driver call counts. */
export interface AllocatorStats {
  /** Bytes in blocks handed out and not yet released. */
  allocated: number;
  maxAllocated: number;
  /** Bytes in segments taken from the driver. */
  reserved: number;
  maxReserved: number;
  /** Blocks handed out and not yet released. */
  activeBlocks: number;
  /** Calls of the driver's alloc and free so far. */
  driverAllocs: number;
  driverFrees: number;
}

class Segment {
  constructor(readonly ptr: bigint, readonly size: number, readonly small: boolean) {}
}

class Block {
  prev: Block | null = null;
  next: Block | null = null;
  free = true;
  constructor(readonly segment: Segment, public offset: number, public size: number, public ptr: bigint) {}
}

/** Free blocks of one pool, ordered by (size, address) for best-fit search. */
class Pool {
  readonly blocks: Block[] = [];

  #lowerBound(size: number, ptr: bigint): number {
    let lo = 0, hi = this.blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1, b = this.blocks[mid];
      if (b.size < size || (b.size === size && b.ptr < ptr)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  insert(b: Block): void {
    this.blocks.splice(this.#lowerBound(b.size, b.ptr), 0, b);
  }

  remove(b: Block): void {
    const i = this.#lowerBound(b.size, b.ptr);
    if (this.blocks[i] !== b) throw new Error("cuda allocator: free block missing from its pool");
    this.blocks.splice(i, 1);
  }

  /** The smallest free block of at least `size` bytes (lowest address among equals). */
  bestFit(size: number): Block | undefined {
    return this.blocks[this.#lowerBound(size, -1n)];
  }
}

/** A block handed out: the device memory a Storage owns. */
export interface DeviceBlock extends DeviceMemory {
  /** The block's size (the request rounded up). */
  readonly size: number;
}

const NO_MEMORY: DeviceBlock = { ptr: 0n, size: 0, free() {} };

/** The caching allocator of one device. */
export class CachingAllocator {
  readonly #raw: RawDeviceAllocator;
  readonly #small = new Pool();
  readonly #large = new Pool();
  readonly #stats: AllocatorStats = {
    allocated: 0,
    maxAllocated: 0,
    reserved: 0,
    maxReserved: 0,
    activeBlocks: 0,
    driverAllocs: 0,
    driverFrees: 0,
  };
  readonly #backstop = new FinalizationRegistry<DeviceBlock>((block) => block.free());

  constructor(raw: RawDeviceAllocator) {
    this.#raw = raw;
  }

  /** A block of at least `bytes` bytes (address 0 for 0 bytes). */
  allocate(bytes: number): DeviceBlock {
    if (!Number.isSafeInteger(bytes) || bytes < 0) throw new RangeError(`cuda allocator: invalid size ${bytes}`);
    if (bytes === 0) return NO_MEMORY;
    const size = roundSize(bytes);
    const small = size <= SMALL_SIZE;
    const pool = small ? this.#small : this.#large;
    let block = pool.bestFit(size);
    if (block) pool.remove(block);
    else block = this.#newSegment(size, small);
    const rest = block.size - size;
    if (small ? rest >= MIN_BLOCK : rest > SMALL_SIZE) {
      const tail = new Block(block.segment, block.offset + size, rest, block.ptr + BigInt(size));
      tail.prev = block;
      tail.next = block.next;
      if (block.next) block.next.prev = tail;
      block.next = tail;
      block.size = size;
      pool.insert(tail);
    }
    block.free = false;
    const s = this.#stats;
    s.allocated += block.size;
    s.maxAllocated = Math.max(s.maxAllocated, s.allocated);
    s.activeBlocks++;
    const b = block;
    let freed = false;
    const handle: DeviceBlock = {
      ptr: b.ptr,
      size: b.size,
      free: () => {
        if (freed) return;
        freed = true;
        this.#backstop.unregister(handle);
        this.#release(b);
      },
    };
    return handle;
  }

  /** Returns `block` to the cache when `owner` is garbage-collected without having released it. */
  track(owner: object, block: DeviceBlock): void {
    if (block.size === 0) return;
    this.#backstop.register(owner, block, block);
  }

  /** Gives every wholly free segment back to the driver (PyTorch's empty_cache). */
  emptyCache(): void {
    for (const pool of [this.#small, this.#large]) {
      for (const b of [...pool.blocks]) {
        if (b.prev === null && b.next === null) {
          pool.remove(b);
          this.#raw.free(b.segment.ptr);
          this.#stats.reserved -= b.segment.size;
          this.#stats.driverFrees++;
        }
      }
    }
  }

  /** A snapshot of the statistics. */
  stats(): AllocatorStats {
    return { ...this.#stats };
  }

  /** Resets the peaks to the current values (PyTorch's reset_peak_memory_stats). */
  resetPeakStats(): void {
    this.#stats.maxAllocated = this.#stats.allocated;
    this.#stats.maxReserved = this.#stats.reserved;
  }

  /** Free blocks cached in the small and large pools (for tests and diagnostics). */
  cachedBlocks(): { small: number; large: number } {
    return { small: this.#small.blocks.length, large: this.#large.blocks.length };
  }

  #newSegment(size: number, small: boolean): Block {
    const bytes = segmentSize(size);
    let ptr: bigint;
    try {
      ptr = this.#rawAlloc(bytes);
    } catch (e) {
      if (!this.#raw.isOutOfMemory(e)) throw e;
      this.emptyCache();
      ptr = this.#rawAlloc(bytes);
    }
    const s = this.#stats;
    s.reserved += bytes;
    s.maxReserved = Math.max(s.maxReserved, s.reserved);
    return new Block(new Segment(ptr, bytes, small), 0, bytes, ptr);
  }

  #rawAlloc(bytes: number): bigint {
    const ptr = this.#raw.alloc(bytes);
    this.#stats.driverAllocs++;
    return ptr;
  }

  #release(b: Block): void {
    if (b.free) return;
    b.free = true;
    const s = this.#stats;
    s.allocated -= b.size;
    s.activeBlocks--;
    const pool = b.segment.small ? this.#small : this.#large;
    const prev = b.prev, next = b.next;
    if (prev && prev.free) {
      pool.remove(prev);
      prev.size += b.size;
      prev.next = next;
      if (next) next.prev = prev;
      b = prev;
    }
    if (next && next.free) {
      pool.remove(next);
      b.size += next.size;
      b.next = next.next;
      if (next.next) next.next.prev = b;
    }
    pool.insert(b);
  }
}
