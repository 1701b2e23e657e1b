/**
 * Pinned (page-locked) host memory from the CUDA driver, for
 * Tensor.pinMemory() and DataLoader({ pinMemory: true }): a host-to-device
 * copy from it runs asynchronously at the bus's full speed, where a copy
 * from pageable memory is staged through a driver buffer first. The memory
 * is a CPU storage over an external ArrayBuffer; it goes back to the driver
 * when that buffer is collected, so no typed array a user took of it can
 * outlive it.
 */
import { type DType, DTYPES } from "../core/dtype.ts";
import { RuntimeError } from "../core/errors.ts";
import { Storage } from "../core/storage.ts";
import { backendFor } from "./backend.ts";
import type { CudaBackend } from "./cuda.ts";

const PINNED = new WeakSet<ArrayBuffer>();
const RETURN = new FinalizationRegistry<() => void>((free) => free());

/**
 * A CPU storage of `length` elements in pinned memory of the current CUDA
 * device; PyTorch's error when there is no accelerator.
 *
 * @example
 * ```ts
 * import { torch } from "../../mod.ts";
 * if (torch.cuda.isAvailable()) console.log(torch.ones(3).pinMemory().isPinned()); // true
 * ```
 */
export function pinnedStorage(dtype: DType, length: number): Storage {
  const be = pinningBackend();
  if (!be) throw new RuntimeError("Cannot access accelerator device when none is available.");
  const mem = be.context.pinnedHost(length * DTYPES[dtype].itemsize);
  PINNED.add(mem.buffer);
  RETURN.register(mem.buffer, mem.free);
  return Storage.wrap(dtype, length, mem.buffer);
}

/** The backend whose driver gives pinned memory (a GPU's, or one registered as cuda:0), or null where there is none. */
function pinningBackend(): CudaBackend | null {
  try {
    return backendFor("cuda:0") as CudaBackend;
  } catch {
    return null;
  }
}

/**
 * Whether pinned memory can be had here (DataLoader's pinMemory pins only then, as PyTorch's).
 *
 * @example
 * ```ts
 * import { torch } from "../../mod.ts";
 * import { canPin } from "./pinned.ts";
 * console.log(canPin() === torch.cuda.isAvailable()); // true (without an emulated device registered)
 * ```
 */
export function canPin(): boolean {
  return pinningBackend() !== null;
}

/**
 * Whether a storage's memory is pinned.
 *
 * @example
 * ```ts
 * import { Storage } from "../core/storage.ts";
 * import { isPinnedStorage } from "./pinned.ts";
 * console.log(isPinnedStorage(Storage.host("float32", 4))); // false
 * ```
 */
export function isPinnedStorage(s: Storage): boolean {
  return s.isHost && s.isLive && PINNED.has(s.bytes.buffer as ArrayBuffer);
}
