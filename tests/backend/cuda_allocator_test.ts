/**
 * The CUDA caching allocator's host-side logic with a fake driver: size
 * classes, pools, best fit, splitting and merging, hot reuse (no driver
 * call in a steady loop), statistics, emptyCache, the out-of-memory retry
 * and the FinalizationRegistry backstop.
 */
import assert from "node:assert/strict";
import {
  CachingAllocator,
  LARGE_SEGMENT,
  MIN_BLOCK,
  roundSize,
  segmentSize,
  SMALL_SEGMENT,
  SMALL_SIZE,
} from "../../src/backend/cuda_allocator.ts";

class OutOfMemory extends Error {}

/** A fake device: a bump pointer with a capacity, recording every call. */
function fakeDevice(capacity = Infinity) {
  let next = 0x7f0000000000n, used = 0;
  const live = new Map<bigint, number>();
  const calls: string[] = [];
  return {
    calls,
    live,
    raw: {
      alloc(bytes: number): bigint {
        calls.push(`alloc ${bytes}`);
        if (used + bytes > capacity) throw new OutOfMemory();
        const p = next;
        next += BigInt(bytes) + 4096n;
        used += bytes;
        live.set(p, bytes);
        return p;
      },
      free(ptr: bigint): void {
        calls.push(`free ${ptr}`);
        const n = live.get(ptr);
        assert.ok(n !== undefined, "freed a pointer that was not allocated");
        used -= n;
        live.delete(ptr);
      },
      isOutOfMemory: (e: unknown) => e instanceof OutOfMemory,
    },
  };
}

Deno.test("sizes round to 512 bytes; segments are 2 MiB (small), 20 MiB, or the size rounded to 2 MiB", () => {
  assert.equal(roundSize(1), MIN_BLOCK);
  assert.equal(roundSize(512), 512);
  assert.equal(roundSize(513), 1024);
  assert.equal(segmentSize(512), SMALL_SEGMENT);
  assert.equal(segmentSize(SMALL_SIZE), SMALL_SEGMENT);
  assert.equal(segmentSize(SMALL_SIZE + 512), LARGE_SEGMENT);
  assert.equal(segmentSize((10 << 20) - 512), LARGE_SEGMENT);
  assert.equal(segmentSize(10 << 20), 10 << 20);
  assert.equal(segmentSize((10 << 20) + 512), 12 << 20);
});

Deno.test("small blocks are carved from one 2 MiB segment and are 512-byte aligned", () => {
  const dev = fakeDevice();
  const a = new CachingAllocator(dev.raw);
  const blocks = [a.allocate(100), a.allocate(1000), a.allocate(4096)];
  assert.deepEqual(dev.calls, [`alloc ${SMALL_SEGMENT}`]);
  assert.deepEqual(blocks.map((b) => b.size), [512, 1024, 4096]);
  const base = blocks[0].ptr;
  assert.deepEqual(blocks.map((b) => Number(b.ptr - base)), [0, 512, 1536]);
  for (const b of blocks) assert.equal(b.ptr % 512n, 0n);
  const s = a.stats();
  assert.equal(s.allocated, 512 + 1024 + 4096);
  assert.equal(s.reserved, SMALL_SEGMENT);
  assert.equal(s.activeBlocks, 3);
});

Deno.test("a steady loop reuses blocks: no driver call after the first iteration", () => {
  const dev = fakeDevice();
  const a = new CachingAllocator(dev.raw);
  const sizes = [256 * 4, 784 * 64 * 4, 64 * 4, (3 << 20) + 100, 40 << 20, 10 * 4];
  const step = () => {
    const held = sizes.map((n) => a.allocate(n));
    // activations freed in reverse, as a backward pass does
    for (const b of held.reverse()) b.free();
  };
  step();
  const after = dev.calls.length;
  const reserved = a.stats().reserved;
  for (let i = 0; i < 1000; i++) step();
  assert.equal(dev.calls.length, after, "the driver was called after warm-up");
  assert.equal(a.stats().reserved, reserved);
  assert.equal(a.stats().allocated, 0);
  assert.equal(a.stats().driverAllocs, after);
});

Deno.test("best fit: the smallest free block that fits, lowest address among equals", () => {
  const dev = fakeDevice();
  const a = new CachingAllocator(dev.raw);
  const x = a.allocate(4096), sep1 = a.allocate(512), y = a.allocate(2048), sep2 = a.allocate(512);
  const z = a.allocate(2048);
  a.allocate(512); // keeps z's block from merging with the segment's tail
  x.free();
  y.free();
  z.free();
  const b = a.allocate(1500);
  assert.equal(b.ptr, y.ptr, "a 2048 block beats the 4096 one, the lower of the two 2048s wins");
  assert.equal(b.size, 1536);
  sep1.free();
  sep2.free();
});

Deno.test("freed neighbours merge back, so a freed segment serves one large request again", () => {
  const dev = fakeDevice();
  const a = new CachingAllocator(dev.raw);
  const blocks = Array.from({ length: 8 }, () => a.allocate(SMALL_SIZE / 8));
  for (const i of [1, 3, 0, 2, 5, 4, 7, 6]) blocks[i].free();
  assert.deepEqual(a.cachedBlocks(), { small: 1, large: 0 });
  const big = a.allocate(SMALL_SIZE);
  assert.equal(big.ptr, blocks[0].ptr);
  assert.equal(dev.calls.length, 1);
});

Deno.test("large blocks split only when more than 1 MiB would remain", () => {
  const dev = fakeDevice();
  const a = new CachingAllocator(dev.raw);
  const b = a.allocate((2 << 20) + 1);
  assert.deepEqual(dev.calls, [`alloc ${LARGE_SEGMENT}`]);
  assert.equal(a.cachedBlocks().large, 1, "the rest of the 20 MiB segment is cached");
  const c = a.allocate(LARGE_SEGMENT - b.size - (1 << 20)); // leaves exactly 1 MiB: not split off
  assert.equal(a.cachedBlocks().large, 0);
  assert.equal(c.size, LARGE_SEGMENT - b.size);
  assert.equal(a.stats().allocated, LARGE_SEGMENT);
});

Deno.test("small and large pools never share segments", () => {
  const dev = fakeDevice();
  const a = new CachingAllocator(dev.raw);
  const big = a.allocate(4 << 20);
  big.free();
  a.allocate(1024);
  assert.deepEqual(dev.calls, [`alloc ${LARGE_SEGMENT}`, `alloc ${SMALL_SEGMENT}`]);
});

Deno.test("statistics: allocated, reserved and their peaks; resetPeakStats", () => {
  const a = new CachingAllocator(fakeDevice().raw);
  const x = a.allocate(3 << 20), y = a.allocate(1000);
  let s = a.stats();
  assert.equal(s.allocated, (3 << 20) + 1024);
  assert.equal(s.reserved, LARGE_SEGMENT + SMALL_SEGMENT);
  x.free();
  s = a.stats();
  assert.equal(s.allocated, 1024);
  assert.equal(s.maxAllocated, (3 << 20) + 1024);
  a.resetPeakStats();
  assert.equal(a.stats().maxAllocated, 1024);
  y.free();
  assert.equal(a.stats().allocated, 0);
  assert.equal(a.stats().activeBlocks, 0);
});

Deno.test("emptyCache returns wholly free segments only", () => {
  const dev = fakeDevice();
  const a = new CachingAllocator(dev.raw);
  const keep = a.allocate(1000);
  const gone = a.allocate(12 << 20);
  gone.free();
  a.emptyCache();
  assert.equal(dev.live.size, 1, "the segment holding a live block stays");
  assert.equal(a.stats().reserved, SMALL_SEGMENT);
  assert.equal(a.stats().driverFrees, 1);
  keep.free();
  a.emptyCache();
  assert.equal(dev.live.size, 0);
  assert.equal(a.stats().reserved, 0);
});

Deno.test("out of memory: the cache is emptied and the request retried once", () => {
  const dev = fakeDevice(LARGE_SEGMENT + (12 << 20));
  const a = new CachingAllocator(dev.raw);
  a.allocate(3 << 20).free(); // caches a 20 MiB segment
  const big = a.allocate(20 << 20); // needs a new 20 MiB segment: only fits after the cached one is freed
  assert.equal(big.size, 20 << 20);
  assert.equal(a.stats().reserved, 20 << 20);
  assert.throws(() => a.allocate(20 << 20), OutOfMemory);
});

Deno.test("freeing twice, and zero-byte blocks, are harmless", () => {
  const dev = fakeDevice();
  const a = new CachingAllocator(dev.raw);
  const b = a.allocate(100);
  b.free();
  b.free();
  assert.equal(a.stats().allocated, 0);
  const z = a.allocate(0);
  assert.equal(z.ptr, 0n);
  z.free();
  assert.equal(dev.calls.length, 1);
  assert.throws(() => a.allocate(-1), RangeError);
});

Deno.test("the FinalizationRegistry returns the block of an owner dropped without releasing it", async () => {
  // in a child with --expose-gc, so the collection can be forced
  const url = new URL("../../src/backend/cuda_allocator.ts", import.meta.url).href;
  const code = `
    import { CachingAllocator } from "${url}";
    let next = 4096n;
    const a = new CachingAllocator({ alloc: (n) => (next += BigInt(n)), free() {}, isOutOfMemory: () => false });
    (() => a.track({}, a.allocate(1000)))();
    for (let i = 0; i < 20 && a.stats().allocated > 0; i++) {
      globalThis.gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    console.log(a.stats().allocated);`;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--v8-flags=--expose-gc", code],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  assert.ok(out.success);
  assert.equal(new TextDecoder().decode(out.stdout).trim(), "0");
});
