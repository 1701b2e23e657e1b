/**
 * NumPy's Generator over PCG64 (`np.random.default_rng`): the host-side
 * engine and samplers in kernels/cpu/pcg64.c.
 */
import { K, lastError } from "../../ffi/lib.ts";

/** What dk_pcg_fill draws: doubles, floats, normals, int64 / int32 in a range, uniforms, shuffle swap partners, float normals. */
export const PcgKind = {
  Double: 0,
  Float: 1,
  Normal: 2,
  Int64: 3,
  Int32: 4,
  Uniform: 5,
  Swaps: 6,
  NormalFloat: 7,
} as const;
/** One of PcgKind's codes. */
export type PcgKind = typeof PcgKind[keyof typeof PcgKind];

function check(rc: number, op: string): void {
  if (rc !== 0) throw new RangeError(`${op}: ${lastError()}`);
}

/** The engine state of one PCG64 generator. */
export class PCG64 {
  readonly state: Uint8Array = new Uint8Array(K.dk_pcg_state_size());

  /**
   * Seeds from the seed's 32-bit digits (least significant first) through SeedSequence.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { PCG64, PcgKind } from "./pcg64.ts";
   * const g = new PCG64();
   * g.seed(Uint32Array.of(42));
   * const out = new Float64Array(1);
   * g.fill(PcgKind.Double, new Uint8Array(out.buffer), 1, new BigInt64Array(2), Float64Array.of(0, 1));
   * assert(out[0] === 0.7739560485559633); // np.random.default_rng(42).random()
   * ```
   */
  seed(words: Uint32Array): void {
    K.dk_pcg_seed(this.state, words, words.length);
  }
  /** Fills `out` with `n` draws of `kind` (see dk_pcg_fill in kernels/cpu/pcg64.c for `ints`/`floats`). */
  fill(kind: PcgKind, out: Uint8Array, n: number, ints: BigInt64Array, floats: Float64Array): void {
    check(K.dk_pcg_fill(this.state, kind, out, BigInt(n), ints, floats), "random");
  }
  /** Floyd's sample of `out.length` distinct values of [0, pop). */
  floyd(out: BigInt64Array, pop: number): void {
    check(K.dk_pcg_floyd(this.state, out, BigInt(pop), BigInt(out.length)), "choice");
  }
}
