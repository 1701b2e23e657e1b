/**
 * The CUDA devices' generators: per device a seed and the next Philox
 * counter offset (kernels/cuda/random.cu draws from counters (index,
 * offset) keyed by the seed, and every draw takes a fresh offset). Host
 * state only: nothing here loads a CUDA library, so torch.manualSeed can
 * seed the devices' generators as PyTorch's does, GPU or not.
 */
import { seedBits } from "./torch_generator.ts";

/** PyTorch's default seed, the CUDA generators' too. */
const DEFAULT_SEED = 67280421310721n;

interface PhiloxState {
  seed: bigint;
  offset: bigint;
}

const states = new Map<number, PhiloxState>();
/** The seed of a device's generator when it is first used. */
let allSeed = DEFAULT_SEED;

function stateOf(index: number): PhiloxState {
  let s = states.get(index);
  if (!s) states.set(index, s = { seed: allSeed, offset: 0n });
  return s;
}

/**
 * Seeds device `index`'s generator (torch.cuda.manual_seed).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { initialSeed, manualSeedDevice } from "./cuda_generator.ts";
 * manualSeedDevice(7, 0);
 * assert.equal(initialSeed(0), 7n);
 * ```
 */
export function manualSeedDevice(seed: number | bigint, index: number): void {
  const s = stateOf(index);
  s.seed = seedBits(seed, "cuda.manualSeed");
  s.offset = 0n;
}

/**
 * Seeds every device's generator, those not used yet included (torch.cuda.manual_seed_all; torch.manual_seed).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { initialSeed, manualSeedAllDevices } from "./cuda_generator.ts";
 * manualSeedAllDevices(3);
 * assert.equal(initialSeed(5), 3n);
 * ```
 */
export function manualSeedAllDevices(seed: number | bigint): void {
  allSeed = seedBits(seed, "cuda.manualSeedAll");
  for (const s of states.values()) s.seed = allSeed, s.offset = 0n;
}

/**
 * The seed of device `index`'s generator (torch.cuda.initial_seed), as a uint64.
 *
 * @example
 * ```ts
 * import { initialSeed } from "./cuda_generator.ts";
 * console.log(typeof initialSeed(0)); // "bigint"
 * ```
 */
export function initialSeed(index: number): bigint {
  return stateOf(index).seed;
}

/**
 * The seed and a fresh counter offset for one draw on device `index`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { manualSeedDevice, nextDraw } from "./cuda_generator.ts";
 * manualSeedDevice(1, 0);
 * assert.deepEqual([nextDraw(0).offset, nextDraw(0).offset], [0n, 1n]);
 * ```
 */
export function nextDraw(index: number): PhiloxState {
  const s = stateOf(index);
  return { seed: s.seed, offset: s.offset++ };
}

/**
 * Device `index`'s generator state as 16 bytes, seed then offset, little-endian (torch.cuda.get_rng_state's layout).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { getState, setState } from "./cuda_generator.ts";
 * const saved = getState(0);
 * setState(saved, 0);
 * assert.deepEqual(getState(0), saved);
 * ```
 */
export function getState(index: number): Uint8Array {
  const s = stateOf(index), out = new Uint8Array(16), v = new DataView(out.buffer);
  v.setBigUint64(0, s.seed, true);
  v.setBigUint64(8, s.offset, true);
  return out;
}

/** Restores a state from getState (16 bytes). */
export function setState(state: Uint8Array, index: number): void {
  if (!(state instanceof Uint8Array) || state.length !== 16) {
    throw new RangeError(`cuda.setRngState: expected 16 bytes (seed, offset), got ${state?.length ?? typeof state}`);
  }
  const v = new DataView(state.buffer, state.byteOffset, 16), s = stateOf(index);
  s.seed = v.getBigUint64(0, true);
  s.offset = v.getBigUint64(8, true);
}
