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
import { Binder, opt, req } from "../api/signature.ts";
import { CONV, Tensor } from "./tensor.ts";
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

// the generator functions' signatures (PyTorch's): positional arguments or a trailing options object
const SEED = { pos: [req("seed", "any")], kw: [] } as const;
const MANUAL_SEED = new Binder("cuda.manual_seed", SEED), MANUAL_SEED_ALL = new Binder("cuda.manual_seed_all", SEED);
const NO_ARGS = { pos: [], kw: [] } as const;
const SEED_ONE = new Binder("cuda.seed", NO_ARGS), SEED_ALL = new Binder("cuda.seed_all", NO_ARGS);
const INITIAL_SEED = new Binder("cuda.initial_seed", NO_ARGS);
const GET_STATE = new Binder("cuda.get_rng_state", { pos: [opt("device", "any", "cuda")], kw: [] });
const SET_STATE = new Binder("cuda.set_rng_state", {
  pos: [req("newState", "any"), opt("device", "any", "cuda")],
  kw: [],
});

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
  manualSeed: (...args: [seed: number | bigint] | [{ seed: number | bigint }]): void =>
    rng.manualSeedDevice(MANUAL_SEED.bind(args, CONV).seed, 0),
  /** Seeds every device's generator (torch.manualSeed does this too). */
  manualSeedAll: (...args: [seed: number | bigint] | [{ seed: number | bigint }]): void =>
    rng.manualSeedAllDevices(MANUAL_SEED_ALL.bind(args, CONV).seed),
  /** Seeds the current device's generator with a non-deterministic seed. */
  seed: (...args: []): void => {
    SEED_ONE.bind(args, CONV);
    rng.manualSeedDevice(randomSeed(), 0);
  },
  /** Seeds every device's generator with one non-deterministic seed. */
  seedAll: (...args: []): void => {
    SEED_ALL.bind(args, CONV);
    rng.manualSeedAllDevices(randomSeed());
  },
  /** The current device's seed, as a uint64. */
  initialSeed: (...args: []): bigint => {
    INITIAL_SEED.bind(args, CONV);
    return rng.initialSeed(0);
  },
  /** A device's generator state: 16 bytes (seed, offset) as a uint8 CPU tensor. */
  getRngState: (...args: [device?: string | number] | [{ device?: string | number }]): Tensor => {
    const { device: d } = GET_STATE.bind(args, CONV);
    return Tensor._wrap(torchData(rng.getState(device.deviceIndex("get_rng_state", d)), "uint8", TORCH_CTX, true));
  },
  /** Restores a state from getRngState. */
  setRngState: (
    ...args:
      | [newState: Tensor, device?: string | number]
      | [newState: Tensor, options: { device?: string | number }]
      | [{ newState: Tensor; device?: string | number }]
  ): void => {
    const { newState: state, device: d } = SET_STATE.bind(args, CONV);
    if (!(state instanceof Tensor) || state.dtype !== "uint8") {
      throw new TypeError("cuda.setRngState(): state must be a uint8 Tensor (cuda.getRngState())");
    }
    rng.setState(new Uint8Array(state.tolist() as number[]), device.deviceIndex("set_rng_state", d));
  },
  /** torch.backends.cuda.matmul.allow_tf32 as a pair of functions: TF32 tensor cores for float32 matmul. */
  setAllowTF32: device.setAllowTF32,
  /** Whether float32 matmuls may use TF32 (false by default, as PyTorch). */
  getAllowTF32: device.getAllowTF32,
};
