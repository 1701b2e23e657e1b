/**
 * NumPy's public bit generators, `np.random.PCG64`, `PCG64DXSM`, `MT19937`,
 * `Philox` and `SFC64`: seeded through SeedSequence as NumPy seeds them, so
 * their raw streams equal NumPy's bit for bit, with NumPy's `state` dicts,
 * `advance` / `jumped` where NumPy has them, and `spawn`. The engines run in
 * kernels/cpu/bitgens.c (PCG64's in pcg64.c, MT19937's in random.c).
 */
import { Binder, type Forms, opt, req } from "../api/signature.ts";
import { sizeOf } from "../core/shape.ts";
import { K, lastError } from "../../ffi/lib.ts";
import { type ArrayLike, type NDArray, NP_CONVERTERS } from "./ndarray.ts";
import { shapeOfSize } from "./sampling.ts";
import { type SeedLike, SeedSequence } from "./seed_sequence.ts";

/** The engine codes of kernels/cpu/bitgen.h (DK_BG_*). */
const KIND = { PCG64: 0, PCG64DXSM: 1, MT19937: 2, Philox: 3, SFC64: 4 } as const;
/** The generate_state uint32 words each engine seeds from (NumPy: 4, 4, 0, 2, 3 uint64 or 624 uint32). */
const SEED_WORDS = [8, 8, 624, 4, 6];
/** The 64-bit words of each engine's state in dk_bg_get / dk_bg_set. */
const STATE_WORDS = [6, 6, 625, 13, 6];
/** PCG64's and PCG64DXSM's jump: advance by this times `jumps` (NumPy's golden-ratio step). */
const PCG_JUMP = 0x9e3779b97f4a7c15f39cc0605cedc835n;

/** The signatures of the bit generators' constructors and methods. */
export const BIT_GENERATOR_SIGS = {
  seed: { pos: [opt("seed", "any", null)], kw: [] },
  philox: { pos: [opt("seed", "any", null), opt("counter", "any", null), opt("key", "any", null)], kw: [] },
  randomRaw: { pos: [opt("size", "ints", null), opt("output", "bool", true)], kw: [] },
  spawn: { pos: [req("nChildren", "int")], kw: [] },
  advance: { pos: [req("delta", "any")], kw: [] },
  jumped: { pos: [opt("jumps", "int64", 1)], kw: [] },
} as const;
const B = {
  PCG64: new Binder("PCG64", BIT_GENERATOR_SIGS.seed),
  PCG64DXSM: new Binder("PCG64DXSM", BIT_GENERATOR_SIGS.seed),
  MT19937: new Binder("MT19937", BIT_GENERATOR_SIGS.seed),
  Philox: new Binder("Philox", BIT_GENERATOR_SIGS.philox),
  SFC64: new Binder("SFC64", BIT_GENERATOR_SIGS.seed),
  randomRaw: new Binder("random_raw", BIT_GENERATOR_SIGS.randomRaw),
  spawn: new Binder("spawn", BIT_GENERATOR_SIGS.spawn),
  advance: new Binder("advance", BIT_GENERATOR_SIGS.advance),
  jumped: new Binder("jumped", BIT_GENERATOR_SIGS.jumped),
};
/** `new PCG64(seed?)` (and PCG64DXSM, MT19937, SFC64): an integer, a list of them, a SeedSequence, or null. */
export type BitGeneratorArgs = Forms<typeof BIT_GENERATOR_SIGS.seed, NDArray, ArrayLike>;
/** `new Philox(seed?, counter?, key?)`. */
export type PhiloxArgs = Forms<typeof BIT_GENERATOR_SIGS.philox, NDArray, ArrayLike>;
/** `randomRaw(size?, output = true)`. */
export type RandomRawArgs = Forms<typeof BIT_GENERATOR_SIGS.randomRaw, NDArray, ArrayLike>;
/** `spawn(nChildren)`. */
export type BitGeneratorSpawnArgs = Forms<typeof BIT_GENERATOR_SIGS.spawn, NDArray, ArrayLike>;
/** `advance(delta)`. */
export type AdvanceArgs = Forms<typeof BIT_GENERATOR_SIGS.advance, NDArray, ArrayLike>;
/** `jumped(jumps = 1)`. */
export type JumpedArgs = Forms<typeof BIT_GENERATOR_SIGS.jumped, NDArray, ArrayLike>;

/** An integer or a list of them, as NumPy's state dicts hold them (ints, or uint32 / uint64 arrays). */
type Ints = readonly (number | bigint)[] | Uint32Array | BigUint64Array;

/**
 * A bit generator's state in NumPy's dict shape and key names (so a dict
 * NumPy prints round-trips): 128-bit and 64-bit words as bigints, MT19937's
 * key as numbers.
 */
export type BitGeneratorState = PCGState | MT19937State | PhiloxState | SFC64State;
/** PCG64's and PCG64DXSM's state dict. */
export interface PCGState {
  /** The generator's class name. */
  bit_generator: "PCG64" | "PCG64DXSM";
  /** The 128-bit LCG state and increment. */
  state: { state: bigint; inc: bigint };
  /** 1 when the upper half of the last 64-bit draw is kept for the next 32-bit draw. */
  has_uint32: number;
  /** That kept half. */
  uinteger: number;
}
/** MT19937's state dict (key: 624 uint32 words). */
export interface MT19937State {
  /** The generator's class name. */
  bit_generator: "MT19937";
  /** The 624 state words and the position of the next one drawn. */
  state: { key: number[]; pos: number };
}
/** Philox's state dict (counter: 4 uint64 words, key: 2, buffer: 4). */
export interface PhiloxState {
  /** The generator's class name. */
  bit_generator: "Philox";
  /** The 256-bit counter and 128-bit key, as 64-bit words (least significant first). */
  state: { counter: bigint[]; key: bigint[] };
  /** The last block's 4 draws. */
  buffer: bigint[];
  /** How many of them are used (4: none left). */
  buffer_pos: number;
  /** 1 when the upper half of the last 64-bit draw is kept for the next 32-bit draw. */
  has_uint32: number;
  /** That kept half. */
  uinteger: number;
}
/** SFC64's state dict (state: 4 uint64 words). */
export interface SFC64State {
  /** The generator's class name. */
  bit_generator: "SFC64";
  /** The 4 state words (a, b, c and the counter). */
  state: { state: bigint[] };
  /** 1 when the upper half of the last 64-bit draw is kept for the next 32-bit draw. */
  has_uint32: number;
  /** That kept half. */
  uinteger: number;
}

/** What a Generator needs of a bit generator: its engine code and state buffer. */
export interface BitGeneratorEngine {
  /** The engine's DK_BG_* code. */
  kind: number;
  /** Its state buffer. */
  state: Uint8Array;
}
const ENGINES = new WeakMap<BitGenerator, BitGeneratorEngine>();
/** The engine a Generator draws from (kernels/cpu/bitgens.c's kind and state). */
export function engineOf(bg: BitGenerator): BitGeneratorEngine {
  return ENGINES.get(bg)!;
}

const M64 = (1n << 64n) - 1n;
/** `x` (an integer) as `n` little-endian 64-bit words, reduced mod 2^(64n). */
function words64(x: bigint, n: number): BigUint64Array {
  const out = new BigUint64Array(n);
  for (let i = 0; i < n; i++) out[i] = BigInt.asUintN(64, x >> BigInt(64 * i));
  return out;
}
/** An integer argument as a bigint (a safe integer number or a bigint), else a TypeError naming it. */
function bigIntOf(op: string, name: string, v: unknown): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "number" && Number.isSafeInteger(v)) return BigInt(v);
  throw new TypeError(`${op}: ${name} must be an integer, got ${typeof v === "number" ? v : typeof v}`);
}
/** One of NumPy's state entries: `n` integers (a list or typed array), each below 2^bits. */
function stateInts(name: string, v: unknown, n: number, bits: number): bigint[] {
  const list = v as Ints;
  if (v === null || typeof v !== "object" || typeof list.length !== "number" || list.length !== n) {
    throw new TypeError(`state: ${name} must be a list of ${n} integers`);
  }
  return Array.from(list as readonly (number | bigint)[], (x) => {
    const b = bigIntOf("state", name, x);
    if (b < 0n || b >> BigInt(bits) !== 0n) {
      throw new RangeError(`state: ${name} must hold ${bits}-bit unsigned integers`);
    }
    return b;
  });
}
function stateInt(name: string, v: unknown, bits: number): bigint {
  return stateInts(name, [v], 1, bits)[0];
}

/**
 * The base of NumPy's bit generators: a seeded engine (from a SeedSequence
 * built from `seed` unless `seed` is one), its `seedSeq`, `state`,
 * `randomRaw` and `spawn`.
 */
export abstract class BitGenerator<S extends BitGeneratorState = BitGeneratorState> {
  readonly #kind: number;
  readonly #state: Uint8Array;
  readonly #seedSeq: SeedSequence;

  /** Seeds engine `kind` from `seed`'s SeedSequence (or leaves seeding to the subclass when `seedWords` is false). */
  protected constructor(kind: number, seed: unknown, seedWords = true) {
    this.#kind = kind;
    this.#state = new Uint8Array(K.dk_bg_state_size(kind));
    this.#seedSeq = seed instanceof SeedSequence ? seed : new SeedSequence(seed as SeedLike | null);
    if (seedWords) K.dk_bg_seed(kind, this.#state, this.#seedSeq.generateState(SEED_WORDS[kind]) as Uint32Array);
    ENGINES.set(this, { kind, state: this.#state });
  }

  /** The SeedSequence this generator was seeded from. */
  get seedSeq(): SeedSequence {
    return this.#seedSeq;
  }

  /** The engine's state words (dk_bg_get's layout). */
  protected words(): BigUint64Array {
    const w = new BigUint64Array(STATE_WORDS[this.#kind]);
    K.dk_bg_get(this.#kind, this.#state, w);
    return w;
  }
  /** Writes state words (dk_bg_set's layout). */
  protected setWords(w: readonly bigint[]): void {
    K.dk_bg_set(this.#kind, this.#state, BigUint64Array.from(w));
  }
  /** Advances the engine's counter or LCG by `delta` (kernels/cpu/bitgens.c's dk_bg_advance). */
  protected advanceBy(delta: bigint, words: number): void {
    if (K.dk_bg_advance(this.#kind, this.#state, words64(delta, words)) !== 0) throw new RangeError(lastError());
  }

  /** The state in NumPy's dict shape (see BitGeneratorState); assigning one (NumPy's or ours) restores it. */
  get state(): S {
    return this.readState();
  }
  set state(value: S) {
    this.writeState(this.checkState(value));
  }
  /** The state dict of this generator's type. */
  protected abstract readState(): S;
  /** Writes a state dict `checkState` has vetted. */
  protected abstract writeState(v: Record<string, unknown>): void;

  /** Checks a state dict's shape and generator name as NumPy's setters do. */
  protected checkState(value: unknown): Record<string, unknown> {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw new TypeError("state must be a dict");
    }
    const v = value as Record<string, unknown>;
    if (v.bit_generator !== this.constructor.name) {
      throw new RangeError(`state must be for a ${this.constructor.name} RNG`);
    }
    if (v.state === null || typeof v.state !== "object") throw new TypeError("state: state must be a dict");
    return v;
  }

  /**
   * Raw draws as NumPy's `random_raw`: 64-bit words (MT19937: 32-bit ones),
   * one bigint without `size`, else a BigUint64Array of the size's elements
   * in row-major order (dendrite has no uint64 dtype); nothing when
   * `output` is false: `randomRaw(size?, output = true)`.
   */
  randomRaw(...args: RandomRawArgs): bigint | BigUint64Array | null {
    const a = B.randomRaw.bind(args, NP_CONVERTERS);
    const shape = shapeOfSize(a.size);
    const n = shape ? sizeOf(shape) : 1;
    if (n < 0 || shape?.some((d) => d < 0)) throw new RangeError("negative dimensions are not allowed");
    const out = new BigUint64Array(n);
    K.dk_bg_raw(this.#kind, this.#state, out, BigInt(n));
    return !a.output ? null : shape ? out : out[0];
  }

  /** `nChildren` new bit generators of this type over this one's SeedSequence's children: `spawn(nChildren)`. */
  spawn(...args: BitGeneratorSpawnArgs): this[] {
    const n = B.spawn.bind(args, NP_CONVERTERS).nChildren as number;
    const make = this.constructor as new (seed: SeedSequence) => this;
    return this.#seedSeq.spawn(n).map((s) => new make(s));
  }

  /** A new generator of this type (fresh OS entropy as its SeedSequence, as NumPy) holding this state. */
  protected copy(): this {
    const twin = new (this.constructor as new () => this)();
    twin.state = this.state;
    return twin;
  }
}

/**
 * The base of PCG64 and PCG64DXSM: a 128-bit LCG state and increment, with `advance` and `jumped`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const a = new np.random.PCG64(3), b = new np.random.PCG64(3);
 * a.randomRaw(10);
 * assert.equal(a.randomRaw(), b.advance(10).randomRaw());
 * ```
 */
export abstract class PCGBase extends BitGenerator<PCGState> {
  /** `{bit_generator, state: {state, inc}, has_uint32, uinteger}`. */
  protected readState(): PCGState {
    const w = this.words();
    return {
      bit_generator: this.constructor.name as PCGState["bit_generator"],
      state: { state: w[0] << 64n | w[1], inc: w[2] << 64n | w[3] },
      has_uint32: Number(w[4]),
      uinteger: Number(w[5]),
    };
  }
  /** Writes NumPy's state entries into the engine, range-checked (bad words are errors, never UB in C). */
  protected writeState(v: Record<string, unknown>): void {
    const st = v.state as Record<string, unknown>;
    const s = stateInt("state", st.state, 128), inc = stateInt("inc", st.inc, 128);
    this.setWords([
      s >> 64n,
      s & M64,
      inc >> 64n,
      inc & M64,
      stateInt("has_uint32", v.has_uint32, 32),
      stateInt("uinteger", v.uinteger, 32),
    ]);
  }

  /** Advances the stream by `delta` draws (mod 2^128, so negative goes back), as NumPy: `advance(delta)`. */
  advance(...args: AdvanceArgs): this {
    const a = B.advance.bind(args, NP_CONVERTERS);
    this.advanceBy(bigIntOf("advance", "delta", a.delta), 2);
    return this;
  }

  /** A new generator `jumps` * 0x9e3779b97f4a7c15f39cc0605cedc835 draws ahead (NumPy's jump): `jumped(jumps = 1)`. */
  jumped(...args: JumpedArgs): this {
    const a = B.jumped.bind(args, NP_CONVERTERS);
    const twin = this.copy();
    twin.advanceBy(PCG_JUMP * BigInt(a.jumps), 2);
    return twin;
  }
}

/**
 * NumPy's `PCG64`: the 128-bit LCG with the XSL-RR output, the default
 * Generator's engine.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const bg = new np.random.PCG64(1);
 * assert.equal(bg.randomRaw(), 9441442522235856127n); // as NumPy
 * assert.equal(np.random.defaultRng(42).bitGenerator.constructor.name, "PCG64");
 * ```
 */
export class PCG64 extends PCGBase {
  /** Seeded from `seed` (an integer, a list of them, a SeedSequence, or OS entropy when null): `new PCG64(seed?)`. */
  constructor(...args: BitGeneratorArgs) {
    super(KIND.PCG64, B.PCG64.bind(args, NP_CONVERTERS).seed);
  }
}

/**
 * NumPy's `PCG64DXSM`: PCG64's LCG with the cheap multiplier and the DXSM
 * output (NumPy's recommended upgrade for heavily parallel use).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const bg = new np.random.PCG64DXSM(1);
 * const ahead = bg.jumped();
 * assert.equal(typeof ahead.randomRaw(), "bigint");
 * ```
 */
export class PCG64DXSM extends PCGBase {
  /** Seeded from `seed` (an integer, a list of them, a SeedSequence, or OS entropy when null): `new PCG64DXSM(seed?)`. */
  constructor(...args: BitGeneratorArgs) {
    super(KIND.PCG64DXSM, B.PCG64DXSM.bind(args, NP_CONVERTERS).seed);
  }
}

/**
 * NumPy's `MT19937` bit generator: the Mersenne Twister seeded through
 * SeedSequence (RandomState's legacy seeding is `np.random.seed`'s), with
 * `jumped` (2^128 draws ahead by NumPy's jump polynomial).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const bg = new np.random.MT19937(5);
 * assert.equal(bg.state.bit_generator, "MT19937");
 * assert.equal(new np.random.Generator(bg).random(), 0.3407984189512352); // as NumPy
 * ```
 */
export class MT19937 extends BitGenerator<MT19937State> {
  /** Seeded from `seed` (an integer, a list of them, a SeedSequence, or OS entropy when null): `new MT19937(seed?)`. */
  constructor(...args: BitGeneratorArgs) {
    super(KIND.MT19937, B.MT19937.bind(args, NP_CONVERTERS).seed);
  }

  /** `{bit_generator: "MT19937", state: {key (624 uint32), pos}}`. */
  protected readState(): MT19937State {
    const w = this.words();
    return {
      bit_generator: "MT19937",
      state: { key: Array.from(w.subarray(0, 624), Number), pos: Number(BigInt.asIntN(64, w[624])) },
    };
  }
  /** Writes NumPy's state entries into the engine, range-checked (bad words are errors, never UB in C). */
  protected writeState(v: Record<string, unknown>): void {
    const st = v.state as Record<string, unknown>;
    const pos = stateInt("pos", st.pos, 32);
    if (pos > 624n) throw new RangeError("state: pos must be in [0, 624]");
    this.setWords([...stateInts("key", st.key, 624, 32), pos]);
  }

  /** A new generator 2^128 * `jumps` draws ahead, by NumPy's jump (no jumps below 1): `jumped(jumps = 1)`. */
  jumped(...args: JumpedArgs): this {
    const a = B.jumped.bind(args, NP_CONVERTERS);
    const twin = this.copy();
    K.dk_bg_mt_jump(engineOf(twin).state, BigInt(a.jumps));
    return twin;
  }
}

/**
 * NumPy's `Philox` (Philox4x64-10): a counter-based generator, seeded by
 * its 128-bit key (from SeedSequence unless `key` is given) and 256-bit
 * counter, with `advance` and `jumped`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const bg = new np.random.Philox(1);
 * assert.deepEqual([...bg.randomRaw(2) as BigUint64Array], [1232279569898196538n, 1457532264001425278n]); // as NumPy
 * assert.deepEqual(bg.advance(3).state.state.counter, [4n, 0n, 0n, 0n]);
 * ```
 */
export class Philox extends BitGenerator<PhiloxState> {
  /**
   * Seeded from `seed`, or keyed by `key` (an integer below 2^128 or 2
   * uint64 words; not with `seed`), counting from `counter` (below 2^256 or
   * 4 words): `new Philox(seed?, counter?, key?)`.
   */
  constructor(...args: PhiloxArgs) {
    const a = B.Philox.bind(args, NP_CONVERTERS);
    if (a.seed !== null && a.key !== null) throw new RangeError("seed and key cannot be both used");
    super(KIND.Philox, a.seed, a.key === null);
    if (a.key === null && a.counter === null) return;
    const w = this.words();
    const key = a.key === null ? [w[4], w[5]] : philoxWords("key", a.key, 2);
    const counter = a.counter === null ? [0n, 0n, 0n, 0n] : philoxWords("counter", a.counter, 4);
    this.setWords([...counter, ...key, 0n, 0n, 0n, 0n, 4n, 0n, 0n]);
  }

  /** `{bit_generator, state: {counter, key}, buffer, buffer_pos, has_uint32, uinteger}`. */
  protected readState(): PhiloxState {
    const w = [...this.words()];
    return {
      bit_generator: "Philox",
      state: { counter: w.slice(0, 4), key: w.slice(4, 6) },
      buffer: w.slice(6, 10),
      buffer_pos: Number(w[10]),
      has_uint32: Number(w[11]),
      uinteger: Number(w[12]),
    };
  }
  /** Writes NumPy's state entries into the engine, range-checked (bad words are errors, never UB in C). */
  protected writeState(v: Record<string, unknown>): void {
    const st = v.state as Record<string, unknown>;
    const pos = stateInt("buffer_pos", v.buffer_pos, 32);
    if (pos > 4n) throw new RangeError("state: buffer_pos must be in [0, 4]");
    this.setWords([
      ...stateInts("counter", st.counter, 4, 64),
      ...stateInts("key", st.key, 2, 64),
      ...stateInts("buffer", v.buffer, 4, 64),
      pos,
      stateInt("has_uint32", v.has_uint32, 32),
      stateInt("uinteger", v.uinteger, 32),
    ]);
  }

  /** Advances the counter by `delta` blocks of 4 draws (mod 2^256), dropping the buffer, as NumPy: `advance(delta)`. */
  advance(...args: AdvanceArgs): this {
    const a = B.advance.bind(args, NP_CONVERTERS);
    this.advanceBy(bigIntOf("advance", "delta", a.delta), 4);
    return this;
  }

  /** A new generator with the counter 2^128 * `jumps` blocks ahead, as NumPy: `jumped(jumps = 1)`. */
  jumped(...args: JumpedArgs): this {
    const a = B.jumped.bind(args, NP_CONVERTERS);
    const twin = this.copy();
    twin.advanceBy(BigInt(a.jumps) << 128n, 4);
    return twin;
  }
}

/** Philox's key or counter: an integer below 2^(64n), or n words, as NumPy's int_to_array reads them. */
function philoxWords(name: string, v: unknown, n: number): bigint[] {
  if (typeof v === "number" || typeof v === "bigint") {
    const x = bigIntOf("Philox", name, v);
    if (x < 0n || x >> BigInt(64 * n) !== 0n) {
      throw new RangeError(`${name} must be positive and less than 2**${64 * n}.`);
    }
    return [...words64(x, n)];
  }
  return stateInts(name, v, n, 64);
}

/**
 * NumPy's `SFC64`: Chris Doty-Humphrey's small fast chaotic generator (256
 * bits of state, a 64-bit counter among them).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const bg = new np.random.SFC64(1);
 * assert.equal(bg.state.state.state[3], 13n); // counter 1, then 12 warm-up draws
 * ```
 */
export class SFC64 extends BitGenerator<SFC64State> {
  /** Seeded from `seed` (an integer, a list of them, a SeedSequence, or OS entropy when null): `new SFC64(seed?)`. */
  constructor(...args: BitGeneratorArgs) {
    super(KIND.SFC64, B.SFC64.bind(args, NP_CONVERTERS).seed);
  }

  /** `{bit_generator: "SFC64", state: {state (4 uint64)}, has_uint32, uinteger}`. */
  protected readState(): SFC64State {
    const w = [...this.words()];
    return {
      bit_generator: "SFC64",
      state: { state: w.slice(0, 4) },
      has_uint32: Number(w[4]),
      uinteger: Number(w[5]),
    };
  }
  /** Writes NumPy's state entries into the engine, range-checked (bad words are errors, never UB in C). */
  protected writeState(v: Record<string, unknown>): void {
    const st = v.state as Record<string, unknown>;
    this.setWords([
      ...stateInts("state", st.state, 4, 64),
      stateInt("has_uint32", v.has_uint32, 32),
      stateInt("uinteger", v.uinteger, 32),
    ]);
  }
}
