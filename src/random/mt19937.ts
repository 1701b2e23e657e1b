/**
 * NumPy's legacy MT19937 streams (RandomState): host-side generators that
 * fill host memory through the C kernels in kernels/cpu/random.c. Random
 * numbers are drawn on the host whatever device the result lands on, as
 * NumPy's and PyTorch's CPU generators do.
 */
import { K } from "../../ffi/lib.ts";

/** The engine state of one MT19937 generator. */
export class MT19937 {
  readonly state: Uint8Array = new Uint8Array(K.dk_mt_state_size());

  /**
   * Seeds with NumPy's init_genrand (one 32-bit integer).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { MT19937 } from "./mt19937.ts";
   * const g = new MT19937();
   * g.seed(0);
   * const out = new Float64Array(1);
   * g.fill(0, out, 0, 1);
   * assert(out[0] === 0.5488135039273248);
   * ```
   */
  seed(seed: number): void {
    K.dk_mt_seed(this.state, seed >>> 0);
  }
  /** Seeds with NumPy's init_by_array (a list of 32-bit integers). */
  seedArray(key: Uint32Array): void {
    K.dk_mt_seed_array(this.state, key, key.length);
  }
  /** kind 0: a + b * uniform[0, 1); kind 1: a + b * standard normal (NumPy's polar method, cached second value). */
  fill(kind: 0 | 1, out: Float64Array, a: number, b: number): void {
    K.dk_mt_fill(this.state, kind, out, BigInt(out.length), a, b);
  }
  /** off + uniform integers in [0, range] (range < 2^64); bits 8 draws NumPy's uint8 stream. */
  randint(out: BigInt64Array, off: bigint, range: bigint, bits: 8 | 64): void {
    K.dk_mt_randint(
      this.state,
      out,
      BigInt(out.length),
      new BigInt64Array([off, BigInt.asIntN(64, range), BigInt(bits)]),
    );
  }
  /** The swap partners NumPy's shuffle draws for a length-n sequence. */
  shuffleIndices(n: number): BigInt64Array {
    const out = new BigInt64Array(Math.max(n - 1, 0));
    K.dk_mt_shuffle_indices(this.state, out, BigInt(n));
    return out;
  }
}
