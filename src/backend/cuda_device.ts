/**
 * Device discovery and memory statistics of the CUDA backend, the
 * functions behind `torch.cuda.*`. Asking loads only cudart (not the
 * driver, cuBLAS, cuDNN or NVRTC), and on a machine without a GPU or a
 * driver every question answers at once (false, 0) without throwing;
 * statistics of a device never used are zeros.
 */
import { openRuntime } from "../../ffi/cuda/libraries.ts";
import { describe } from "../api/signature.ts";
import { RuntimeError } from "../core/errors.ts";
import type { AllocatorStats } from "./cuda_allocator.ts";
import {
  createdContexts,
  cudaContext,
  cudaDeviceIndex,
  getAllowTF32,
  probeCuda,
  setAllowTF32,
} from "./cuda_context.ts";

export { getAllowTF32, setAllowTF32 };

/** Whether a CUDA GPU is usable (torch.cuda.is_available). */
export function isAvailable(): boolean {
  return probeCuda().count > 0;
}

/** The number of CUDA GPUs (0 without a driver). */
export function deviceCount(): number {
  return probeCuda().count;
}

/** Why CUDA is not available ("" when it is). */
export function unavailableReason(): string {
  return probeCuda().reason;
}

/**
 * A device argument of torch.cuda's functions as an index: a number, "cuda" or undefined (0), or "cuda:N" (not
 * checked against the devices there are); `fn` names the caller in errors.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { deviceIndex } from "./cuda_device.ts";
 * assert.equal(deviceIndex("get_rng_state", "cuda:1"), 1);
 * ```
 */
export function deviceIndex(fn: string, device: unknown): number {
  if (typeof device === "number") return device;
  if (device !== undefined && typeof device !== "string") {
    throw new TypeError(`torch.cuda.${fn}(): device must be a string or a number, not ${describe(device)}`);
  }
  return cudaDeviceIndex(device ?? "cuda");
}

function indexOf(fn: string, device: string | number | undefined): number {
  const index = deviceIndex(fn, device);
  const { count, reason } = probeCuda();
  if (count === 0) throw new RuntimeError(reason);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new RuntimeError(`CUDA error: invalid device ordinal ${index} (${count} device(s) available)`);
  }
  return index;
}

/** The name of a GPU, e.g. "NVIDIA H200" (torch.cuda.get_device_name). */
export function getDeviceName(device?: string | number): string {
  const index = indexOf("getDeviceName", device);
  // cudaDeviceProp starts with char name[256]; the buffer is larger than the whole struct of CUDA 13
  const prop = new Uint8Array(4096);
  const rc = openRuntime().library.symbols.cudaGetDeviceProperties(prop, index);
  if (rc !== 0) throw new RuntimeError(`cudaGetDeviceProperties failed with error ${rc}`);
  return new TextDecoder().decode(prop.subarray(0, prop.indexOf(0)));
}

/** (major, minor) compute capability (torch.cuda.get_device_capability). */
export function getDeviceCapability(device?: string | number): [number, number] {
  const arch = cudaContext(indexOf("getDeviceCapability", device)).arch;
  return [Math.floor(arch / 10), arch % 10];
}

/** Waits for all work queued on a device (all used devices when omitted). */
export function synchronize(device?: string | number): void {
  if (device === undefined) { for (const ctx of createdContexts()) ctx.synchronize(); }
  else cudaContext(indexOf("synchronize", device)).synchronize();
}

function stats(fn: string, device?: string | number): AllocatorStats | null {
  const index = deviceIndex(fn, device);
  return createdContexts().find((c) => c.index === index)?.allocator.stats() ?? null;
}

/** Bytes held by live arrays on a device (torch.cuda.memory_allocated). */
export function memoryAllocated(device?: string | number): number {
  return stats("memoryAllocated", device)?.allocated ?? 0;
}

/** The peak of memoryAllocated since start or the last resetPeakMemoryStats. */
export function maxMemoryAllocated(device?: string | number): number {
  return stats("maxMemoryAllocated", device)?.maxAllocated ?? 0;
}

/** Bytes the caching allocator holds from the driver (torch.cuda.memory_reserved). */
export function memoryReserved(device?: string | number): number {
  return stats("memoryReserved", device)?.reserved ?? 0;
}

/** The peak of memoryReserved. */
export function maxMemoryReserved(device?: string | number): number {
  return stats("maxMemoryReserved", device)?.maxReserved ?? 0;
}

/** The allocator's full statistics, including how often it called the driver. */
export function memoryStats(device?: string | number): AllocatorStats | null {
  return stats("memoryStats", device);
}

/** Resets the peaks of a device's statistics (all used devices when omitted). */
export function resetPeakMemoryStats(device?: string | number): void {
  for (const ctx of createdContexts()) {
    if (device === undefined || ctx.index === indexOf("resetPeakMemoryStats", device)) ctx.allocator.resetPeakStats();
  }
}

/** Returns the cached, unused device memory to the driver (torch.cuda.empty_cache). */
export function emptyCache(): void {
  for (const ctx of createdContexts()) ctx.allocator.emptyCache();
}

/** Free and total memory of a device in bytes (torch.cuda.mem_get_info). */
export function memGetInfo(device?: string | number): { free: number; total: number } {
  return cudaContext(indexOf("memGetInfo", device)).memGetInfo();
}
