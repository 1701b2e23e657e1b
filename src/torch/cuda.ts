/**
 * torch.cuda: device queries and memory statistics of the CUDA backend
 * (src/backend/cuda_device.ts), and the registration that makes
 * "cuda"/"cuda:N" tensors work. Nothing here loads a CUDA library until
 * asked: the backend of a GPU is made the first time a tensor goes there,
 * and on a machine without a GPU that first use throws PyTorch's error
 * while every query answers (false, 0) without throwing.
 */
import { registerBackendFactory } from "../backend/backend.ts";
import { useCudaDevice } from "../backend/cuda.ts";
import { cudaDeviceIndex, probeCuda } from "../backend/cuda_context.ts";
import * as device from "../backend/cuda_device.ts";
import { RuntimeError } from "../core/errors.ts";
import * as rng from "../random/cuda_generator.ts";
import { torchData } from "../api/ops/creation.ts";
import { Tensor } from "./tensor.ts";
import { TORCH_CTX } from "./default_dtype.ts";

registerBackendFactory("cuda", (key) => {
  const { count, reason } = probeCuda();
  if (count === 0) throw new RuntimeError(reason);
  const index = cudaDeviceIndex(key);
  if (index >= count) {
    throw new RuntimeError(`CUDA error: invalid device ordinal ${index} (${count} device(s) available)`);
  }
  return useCudaDevice(key);
});

/** A device's index for the generator functions: a number, "cuda" (0) or "cuda:N". */
function rngIndex(device: string | number): number {
  return typeof device === "number" ? device : cudaDeviceIndex(device);
}

/** 64 random bits from the OS, as PyTorch's seed() takes them. */
function randomSeed(): bigint {
  return crypto.getRandomValues(new BigUint64Array(1))[0];
}

/**
 * torch.cuda.
 *
 * @example
 * ```ts
 * import { torch } from "../../mod.ts";
 * const device = torch.cuda.isAvailable() ? "cuda" : "cpu";
 * const x = torch.ones(2, 3, { device });
 * console.log(x.device, torch.cuda.deviceCount());
 * ```
 */
export const cuda = {
  /** Whether a CUDA GPU can be used (false without a GPU or a driver, never throws). */
  isAvailable: device.isAvailable,
  /** The number of CUDA GPUs (0 without a driver). */
  deviceCount: device.deviceCount,
  /** Why CUDA is not available ("" when it is). */
  unavailableReason: device.unavailableReason,
  /** The index of the current device: "cuda" means "cuda:0". */
  currentDevice: (): number => {
    if (!device.isAvailable()) throw new RuntimeError(device.unavailableReason());
    return 0;
  },
  /** The name of a GPU, e.g. "NVIDIA H200". */
  getDeviceName: device.getDeviceName,
  /** (major, minor) compute capability. */
  getDeviceCapability: device.getDeviceCapability,
  /** Waits for all work queued on a device (all used devices when omitted). */
  synchronize: device.synchronize,
  /** Bytes held by live tensors on a device. */
  memoryAllocated: device.memoryAllocated,
  /** The peak of memoryAllocated since start or the last resetPeakMemoryStats. */
  maxMemoryAllocated: device.maxMemoryAllocated,
  /** Bytes the caching allocator holds from the driver. */
  memoryReserved: device.memoryReserved,
  /** The peak of memoryReserved. */
  maxMemoryReserved: device.maxMemoryReserved,
  /** The allocator's statistics, including how often it called the driver (null for an unused device). */
  memoryStats: device.memoryStats,
  /** Resets the peaks of the memory statistics. */
  resetPeakMemoryStats: device.resetPeakMemoryStats,
  /** Returns cached, unused device memory to the driver. */
  emptyCache: device.emptyCache,
  /** Free and total memory of a device in bytes. */
  memGetInfo: device.memGetInfo,
  /** Seeds the current device's generator (no GPU needed: it applies when one is used). */
  manualSeed: (seed: number | bigint): void => rng.manualSeedDevice(seed, 0),
  /** Seeds every device's generator (torch.manualSeed does this too). */
  manualSeedAll: (seed: number | bigint): void => rng.manualSeedAllDevices(seed),
  /** Seeds the current device's generator with a non-deterministic seed. */
  seed: (): void => rng.manualSeedDevice(randomSeed(), 0),
  /** Seeds every device's generator with one non-deterministic seed. */
  seedAll: (): void => rng.manualSeedAllDevices(randomSeed()),
  /** The current device's seed, as a uint64. */
  initialSeed: (): bigint => rng.initialSeed(0),
  /** A device's generator state: 16 bytes (seed, offset) as a uint8 CPU tensor. */
  getRngState: (device: string | number = 0): Tensor =>
    Tensor._wrap(torchData(rng.getState(rngIndex(device)), "uint8", TORCH_CTX, true)),
  /** Restores a state from getRngState. */
  setRngState: (state: Tensor, device: string | number = 0): void => {
    if (!(state instanceof Tensor) || state.dtype !== "uint8") {
      throw new TypeError("cuda.setRngState(): state must be a uint8 Tensor (cuda.getRngState())");
    }
    rng.setState(new Uint8Array(state.tolist() as number[]), rngIndex(device));
  },
  /** torch.backends.cuda.matmul.allow_tf32 as a pair of functions: TF32 tensor cores for float32 matmul. */
  setAllowTF32: device.setAllowTF32,
  /** Whether float32 matmuls may use TF32 (false by default, as PyTorch). */
  getAllowTF32: device.getAllowTF32,
};
