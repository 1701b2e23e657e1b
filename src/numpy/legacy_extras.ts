/**
 * RandomState's legacy extras: NumPy's MT19937 state tuple (`getState` /
 * `setState`) read from and written into the engine's state buffer (the
 * layout of mt_state in kernels/cpu/random.c), and the deprecated
 * `randomIntegers` bounds.
 */
import { Binder, type Forms, opt, req } from "../api/signature.ts";
import { toOperand } from "../api/convert.ts";
import { castTo, contiguous } from "../ops/operand.ts";
import { type ArrayLike, NDArray, NP_CONVERTERS } from "./ndarray.ts";
import { SIZE } from "./sampling.ts";

/** mt_state's layout: 624 uint32 words, then int32 pos, int32 has_gauss, double gauss. */
const N = 624, POS = N * 4, HAS_GAUSS = POS + 4, GAUSS = POS + 8, STATE_BYTES = GAUSS + 8;

/** NumPy's legacy state tuple: ("MT19937", key, pos, has_gauss, cached_gaussian); key is int64 (no uint32 dtype). */
export type LegacyStateTuple = [name: "MT19937", key: NDArray, pos: number, hasGauss: number, gauss: number];
/** `getState({ legacy: false })`: NumPy's dict form (camelCase keys). */
export interface LegacyStateDict {
  /** The bit generator's name. */
  bitGenerator: "MT19937";
  /** The MT19937 key (624 words) and position. */
  state: { key: NDArray; pos: number };
  /** Whether a second normal is cached. */
  hasGauss: number;
  /** The cached normal. */
  gauss: number;
}
/** What `setState` accepts: the tuple (as an array) or the dict form; key as any array-like of 624 words. */
export type LegacyStateLike =
  | readonly [string, ArrayLike, number, number?, number?]
  | { bitGenerator: string; state: { key: ArrayLike; pos: number }; hasGauss?: number; gauss?: number };

/** The extras' signatures (NumPy's names and order). */
export const LEGACY_EXTRA_SIGS = {
  randomIntegers: { pos: [req("low", "int"), opt("high", "int", null), SIZE], kw: [] },
  getState: { pos: [opt("legacy", "bool", true)], kw: [] },
} as const;
/** `randomIntegers(low, high?, size?)`. */
export type RandomIntegersArgs = Forms<typeof LEGACY_EXTRA_SIGS.randomIntegers, NDArray, ArrayLike>;
/** `getState(legacy = true)`. */
export type GetStateArgs = Forms<typeof LEGACY_EXTRA_SIGS.getState, NDArray, ArrayLike>;

const B = {
  randomIntegers: new Binder("random_integers", LEGACY_EXTRA_SIGS.randomIntegers),
  getState: new Binder("get_state", LEGACY_EXTRA_SIGS.getState),
};

function view(buf: Uint8Array): DataView {
  if (buf.length !== STATE_BYTES) throw new Error(`dendrite: MT19937 state is ${buf.length} bytes, not ${STATE_BYTES}`);
  return new DataView(buf.buffer, buf.byteOffset, buf.length);
}

/** NumPy's `get_state(legacy)` of the engine state `buf`. */
export function readState(buf: Uint8Array, args: GetStateArgs): LegacyStateTuple | LegacyStateDict {
  const legacy = B.getState.bind(args, NP_CONVERTERS).legacy as boolean;
  const d = view(buf);
  const words = new Uint32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + POS));
  const key = NDArray.wrap(toOperand("get_state", Array.from(words, Number), "int64"));
  const pos = d.getInt32(POS, true), hasGauss = d.getInt32(HAS_GAUSS, true), gauss = d.getFloat64(GAUSS, true);
  if (legacy) return ["MT19937", key, pos, hasGauss, gauss];
  return { bitGenerator: "MT19937", state: { key, pos }, hasGauss, gauss };
}

/** NumPy's `set_state(state)` into the engine state `buf`, with NumPy's checks and messages. */
export function writeState(buf: Uint8Array, state: LegacyStateLike): void {
  let name: unknown, key: unknown, pos: unknown, hasGauss: unknown = 0, gauss: unknown = 0;
  if (Array.isArray(state)) {
    if (state.length < 3) throw new RangeError("tuple index out of range");
    [name, key, pos] = state;
    if (state.length > 3) [hasGauss, gauss] = [state[3], state[4]];
  } else if (typeof state === "object" && state !== null) {
    const s = state as Record<string, unknown>;
    if (!("bitGenerator" in s) || !("state" in s)) throw new RangeError("state dictionary is not valid.");
    const inner = s.state as Record<string, unknown>;
    [name, key, pos] = [s.bitGenerator, inner?.key, inner?.pos];
    hasGauss = s.hasGauss ?? 0;
    gauss = s.gauss ?? 0;
  } else {
    throw new TypeError("state must be a dict or a tuple.");
  }
  if (name !== "MT19937") {
    throw new RangeError("set_state can only be used with legacy MT19937 state instances.");
  }
  const k = contiguous(castTo(toOperand("set_state", key as ArrayLike), "int64"));
  if (k.layout.ndim !== 1 || k.layout.size !== N) throw new RangeError("state must be 624 longs");
  for (const [what, v] of [["pos", pos], ["has_gauss", hasGauss], ["gauss", gauss]] as const) {
    if (typeof v !== "number" || (what !== "gauss" && !Number.isInteger(v))) {
      throw new TypeError(`set_state: ${what} must be ${what === "gauss" ? "a number" : "an integer"}, not ${v}`);
    }
  }
  const d = view(buf);
  const words = k.storage.data as BigInt64Array;
  for (let i = 0; i < N; i++) d.setUint32(i * 4, Number(BigInt.asUintN(32, words[k.layout.offset + i])), true);
  d.setInt32(POS, pos as number, true);
  d.setInt32(HAS_GAUSS, hasGauss as number, true);
  d.setFloat64(GAUSS, gauss as number, true);
}

/**
 * `randomIntegers(low, high?, size?)`'s bounds for randint: [1, low] with one bound, else [low, high], inclusive
 * (NumPy's deprecated random_integers, which warns as NumPy does).
 */
export function randomIntegersBounds(args: RandomIntegersArgs): { low: number; high: number; size: number[] | null } {
  const a = B.randomIntegers.bind(args, NP_CONVERTERS);
  const [low, high] = a.high === null ? [1, a.low as number] : [a.low as number, a.high as number];
  const call = a.high === null ? `randint(1, ${high} + 1)` : `randint(${low}, ${high} + 1)`;
  console.warn(`DeprecationWarning: This function is deprecated. Please call ${call} instead`);
  return { low, high: high + 1, size: a.size as number[] | null };
}
