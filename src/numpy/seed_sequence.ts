/**
 * `np.random.SeedSequence`: NumPy's entropy pool, which turns a seed (an
 * integer, a list of them, or OS entropy) and a spawn key into well-mixed
 * words for the bit generators, with NumPy's constants and mixing so that
 * equal arguments give NumPy's words.
 */
import { Binder, type Forms, opt } from "../api/signature.ts";
import { type ArrayLike, type NDArray, NP_CONVERTERS } from "./ndarray.ts";

/** A seed: a non-negative integer, or a list of them (their 32-bit digits are concatenated). */
export type SeedLike = number | bigint | readonly (number | bigint)[];

/** The signatures of SeedSequence's constructor and methods. */
export const SEED_SEQUENCE_SIGS = {
  seedSequence: {
    pos: [
      opt("entropy", "any", null),
      opt("spawnKey", "any", []),
      opt("poolSize", "int", 4),
      opt("nChildrenSpawned", "int", 0),
    ],
    kw: [],
  },
  generateState: {
    pos: [opt("nWords", "int", 1), opt("dtype", "string", "uint32", { choices: ["uint32", "uint64"] })],
    kw: [],
  },
  spawn: { pos: [opt("nChildren", "int", 1)], kw: [] },
} as const;
const B = {
  seedSequence: new Binder("SeedSequence", SEED_SEQUENCE_SIGS.seedSequence),
  generateState: new Binder("generate_state", SEED_SEQUENCE_SIGS.generateState),
  spawn: new Binder("spawn", SEED_SEQUENCE_SIGS.spawn),
};
/** `SeedSequence(entropy?, spawnKey = [], poolSize = 4, nChildrenSpawned = 0)`. */
export type SeedSequenceArgs = Forms<typeof SEED_SEQUENCE_SIGS.seedSequence, NDArray, ArrayLike>;
/** `generateState(nWords = 1, dtype = "uint32")`. */
export type GenerateStateArgs = Forms<typeof SEED_SEQUENCE_SIGS.generateState, NDArray, ArrayLike>;
/** `spawn(nChildren = 1)`. */
export type SpawnArgs = Forms<typeof SEED_SEQUENCE_SIGS.spawn, NDArray, ArrayLike>;

/** NumPy's DEFAULT_POOL_SIZE: the smallest pool, in 32-bit words. */
const DEFAULT_POOL_SIZE = 4;
// NumPy's hash constants (numpy/random/bit_generator.pyx)
const INIT_A = 0x43b0d7e5, MULT_A = 0x931e8875, INIT_B = 0x8b51f9dd, MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd, MIX_MULT_R = 0x4973f715, XSHIFT = 16;

/** The 32-bit digits of one seed integer, least significant first, as SeedSequence reads them. */
function seedDigits(x: unknown): number[] {
  // a nested list, a string or an object is not an int (BigInt() would parse "1,2" and throw a SyntaxError)
  if (typeof x !== "number" && typeof x !== "bigint") {
    throw new TypeError(`SeedSequence expects int or sequence of ints for entropy not ${typeof x}`);
  }
  if (typeof x === "number" && !Number.isSafeInteger(x)) {
    throw new TypeError(`SeedSequence expects int or sequence of ints for entropy not ${x}`);
  }
  let v = BigInt(x);
  if (v < 0n) throw new RangeError(`expected non-negative integer, got ${x}`);
  const out: number[] = [];
  do {
    out.push(Number(v & 0xffffffffn));
    v >>= 32n;
  } while (v > 0n);
  return out;
}

/** The 32-bit words of a seed or spawn key: one integer's digits, or each list element's in turn. */
function seedWords(seed: unknown): number[] {
  return Array.isArray(seed) ? seed.flatMap(seedDigits) : seedDigits(seed);
}

/** NumPy's mix_entropy: the pool of `poolSize` words over the assembled entropy words. */
function mixEntropy(words: readonly number[], poolSize: number): Uint32Array {
  let hashConst = INIT_A;
  const hashmix = (v: number) => {
    v = (v ^ hashConst) >>> 0;
    hashConst = Math.imul(hashConst, MULT_A) >>> 0;
    v = Math.imul(v, hashConst) >>> 0;
    return (v ^ (v >>> XSHIFT)) >>> 0;
  };
  const mix = (x: number, y: number) => {
    const r = (Math.imul(MIX_MULT_L, x) - Math.imul(MIX_MULT_R, y)) >>> 0;
    return (r ^ (r >>> XSHIFT)) >>> 0;
  };
  const pool = new Uint32Array(poolSize);
  for (let i = 0; i < poolSize; i++) pool[i] = hashmix(i < words.length ? words[i] : 0);
  for (let s = 0; s < poolSize; s++) {
    for (let d = 0; d < poolSize; d++) if (s !== d) pool[d] = mix(pool[d], hashmix(pool[s]));
  }
  for (let s = poolSize; s < words.length; s++) {
    for (let d = 0; d < poolSize; d++) pool[d] = mix(pool[d], hashmix(words[s]));
  }
  return pool;
}

/**
 * NumPy's `SeedSequence`: mixes its entropy and spawn key into a pool of
 * `poolSize` 32-bit words, from which `generateState` draws seed words and
 * `spawn` derives independent children (same entropy, longer spawn key).
 * Equal arguments give NumPy's pool and words.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const ss = new np.random.SeedSequence(5);
 * assert.deepEqual([...ss.generateState(2)], [16823399, 2940995229]); // as NumPy
 * const [child] = ss.spawn(1);
 * assert.deepEqual(child.spawnKey, [0]);
 * assert.equal(ss.nChildrenSpawned, 1);
 * ```
 */
export class SeedSequence {
  /** The entropy as given, or the poolSize * 32 random bits drawn when none was. */
  readonly entropy: number | bigint | readonly (number | bigint)[];
  /** The path of spawn indices from the root sequence. */
  readonly spawnKey: readonly (number | bigint)[];
  /** The pool's size in 32-bit words. */
  readonly poolSize: number;
  /** How many children `spawn` has made so far. */
  nChildrenSpawned: number;
  /** The mixed entropy pool. */
  readonly pool: Uint32Array;

  /** A sequence over `entropy` (OS entropy when null) and `spawnKey`. */
  constructor(...args: SeedSequenceArgs) {
    const a = B.seedSequence.bind(args, NP_CONVERTERS);
    if (a.poolSize < DEFAULT_POOL_SIZE) {
      throw new RangeError(`The size of the entropy pool should be at least ${DEFAULT_POOL_SIZE}`);
    }
    if (a.nChildrenSpawned < 0) throw new RangeError("nChildrenSpawned must be a non-negative integer");
    if (!Array.isArray(a.spawnKey)) throw new TypeError("SeedSequence: spawnKey must be a list of integers");
    const entropy = a.entropy ??
      crypto.getRandomValues(new Uint32Array(a.poolSize)).reduceRight((acc, w) => acc << 32n | BigInt(w), 0n);
    const run = seedWords(entropy), spawn = seedWords(a.spawnKey);
    // NumPy pads short entropy to the pool size when there is a spawn key, so that keys cannot alias entropy
    if (spawn.length > 0 && run.length < a.poolSize) run.push(...Array(a.poolSize - run.length).fill(0));
    this.entropy = Array.isArray(entropy) ? [...entropy] : entropy;
    this.spawnKey = [...a.spawnKey];
    this.poolSize = a.poolSize;
    this.nChildrenSpawned = a.nChildrenSpawned;
    this.pool = mixEntropy([...run, ...spawn], a.poolSize);
  }

  /**
   * `nWords` words of seed state, as uint32 (a Uint32Array) or uint64 (a
   * BigUint64Array, each word two uint32 words, low first):
   * `generateState(nWords = 1, dtype = "uint32")`.
   */
  generateState(...args: GenerateStateArgs): Uint32Array | BigUint64Array {
    const a = B.generateState.bind(args, NP_CONVERTERS);
    if (a.nWords < 0) throw new RangeError("generate_state: negative dimensions are not allowed");
    const out = new Uint32Array(a.dtype === "uint64" ? 2 * a.nWords : a.nWords);
    let hashConst = INIT_B;
    for (let i = 0; i < out.length; i++) {
      let v = (this.pool[i % this.poolSize] ^ hashConst) >>> 0;
      hashConst = Math.imul(hashConst, MULT_B) >>> 0;
      v = Math.imul(v, hashConst) >>> 0;
      out[i] = v ^ (v >>> XSHIFT);
    }
    return a.dtype === "uint64" ? new BigUint64Array(out.buffer) : out;
  }

  /** `nChildren` child sequences, each with this spawn key plus its index: `spawn(nChildren = 1)`. */
  spawn(...args: SpawnArgs): SeedSequence[] {
    const n = B.spawn.bind(args, NP_CONVERTERS).nChildren as number;
    if (n < 0) throw new RangeError(`spawn: nChildren must be non-negative, got ${n}`);
    const first = this.nChildrenSpawned;
    this.nChildrenSpawned += n;
    return Array.from(
      { length: n },
      (_, i) => new SeedSequence(this.entropy, [...this.spawnKey, first + i], this.poolSize),
    );
  }

  /** NumPy's repr: `SeedSequence(\n    entropy=5,\n)`, with the spawn key, pool size and children when set. */
  toString(): string {
    const e = this.entropy, lines = [`    entropy=${Array.isArray(e) ? `[${e.join(", ")}]` : e},`];
    const k = this.spawnKey;
    if (k.length) lines.push(`    spawn_key=(${k.join(", ")}${k.length === 1 ? "," : ""}),`);
    if (this.poolSize !== DEFAULT_POOL_SIZE) lines.push(`    pool_size=${this.poolSize},`);
    if (this.nChildrenSpawned) lines.push(`    n_children_spawned=${this.nChildrenSpawned},`);
    return `SeedSequence(\n${lines.join("\n")}\n)`;
  }
}
