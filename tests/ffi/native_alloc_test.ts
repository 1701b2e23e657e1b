/**
 * The native host allocator (kernels/cpu/host_alloc.c) as ffi/native_alloc.ts
 * opens it: buffers, zero fills and the free lists' cap. Its reuse of what
 * the GC frees is tested in its own process (tests/core/lifetime_test.ts).
 */
import assert from "node:assert/strict";
import { openNativeAllocator } from "../../ffi/native_alloc.ts";

Deno.test("native allocator: 64-byte-rounded, aligned buffers; zero fills stay inside the buffer", () => {
  const na = openNativeAllocator();
  assert.ok(na, "Deno loads the kernel library as a Node-API module");
  const buf = na.alloc(100_000, true)!;
  assert.equal(buf.byteLength, 100_032); // rounded up to 64 bytes
  assert.equal(Number(Deno.UnsafePointer.value(Deno.UnsafePointer.of(buf))) % 64, 0);
  const u = new Uint8Array(buf);
  assert.ok(u.every((v) => v === 0), "alloc(bytes, true) is zeroed");
  u.fill(9);
  assert.equal(na.zero(buf, 64, 3 << 20), 0, "a fill past the buffer's end does nothing"); // and says so
  assert.equal(na.zero(buf, -1, 8), 0);
  assert.ok(u.every((v) => v === 9));
  assert.equal(na.zero(buf, 64, 1000), 1000);
  assert.ok(u.subarray(64, 1064).every((v) => v === 0) && u[63] === 9 && u[1064] === 9);
  const large = na.alloc(3 << 20, false)!; // zeroed on both threads
  new Uint8Array(large).fill(1);
  assert.equal(na.zero(large, 0, 3 << 20), 3 << 20);
  assert.ok(new Uint8Array(large).every((v) => v === 0));
  assert.equal(na.alloc(10, true), undefined, "blocks under 64 bytes are refused (slabs serve them)");
  assert.ok(na.stats(0) >= 0 && na.stats(1) >= 0 && na.stats(2) >= 2);
});
