/**
 * What a device must provide: the primitive kernels every op dispatches to.
 * Operands arrive as (storage, view) pairs whose shapes, strides, dtypes
 * and indices were already checked by the ops layer.
 */
import type { DType } from "../core/dtype.ts";
import type { Storage } from "../core/storage.ts";
import type { View } from "../core/view.ts";

/** A storage with a view on it: what ops consume and produce. */
export interface Operand {
  readonly storage: Storage;
  readonly layout: View;
}

/** The kernel surface of one device. */
export interface Backend {
  readonly name: string;
  unaryCodes: ReadonlyMap<string, number>;
  binaryCodes: ReadonlyMap<string, number>;
  reduceCodes: ReadonlyMap<string, number>;
  /** Output dtype of a unary/binary/reduce loop on `dtype`, or undefined. */
  unaryOut(code: number, dtype: DType): DType | undefined;
  binaryOut(code: number, dtype: DType): DType | undefined;
  reduceOut(code: number, dtype: DType): DType;
  /** Element-wise kernels over views already broadcast to `out`'s shape. */
  unary(code: number, x: Operand, out: Operand): void;
  binary(code: number, a: Operand, b: Operand, out: Operand): void;
  where(cond: Operand, x: Operand, y: Operand, out: Operand): void;
  /** Strided copy with dtype conversion (plain copy when dtypes agree). */
  cast(x: Operand, out: Operand): void;
  /** Reduces `x` over `axes` into the contiguous `out` (kept dims only). */
  reduce(code: number, x: Operand, axes: readonly number[], out: Storage): void;
  argreduce(op: "argmax" | "argmin", x: Operand, axis: number, out: Storage): void;
  scan(op: "cumsum" | "cumprod", x: Operand, axis: number, out: Operand): void;
  /** Sorts / argsorts contiguous rows of length n in place / into idx. */
  sort(data: Storage, rows: number, n: number, descending: boolean): void;
  argsort(data: Storage, idx: Storage, rows: number, n: number, descending: boolean): void;
  /** Gather (mode 0) or scatter (mode 1) of sub-blocks at element offsets. */
  indexCopy(src: Operand, dst: Operand, offsets: BigInt64Array, rest: number, mode: 0 | 1): void;
  matmul(a: Operand, b: Operand, out: Storage, batch: readonly number[], m: number, n: number, k: number): void;
  solve(a: Storage, b: Storage, n: number, nrhs: number): void;
  det(a: Storage, n: number): number;
  svd(a: Storage, s: Storage, u: Storage, vt: Storage, m: number, n: number, mode: number): void;
  qr(a: Storage, q: Storage, r: Storage, m: number, n: number, complete: boolean): void;
  eigh(a: Storage, w: Storage, v: Storage, n: number, lower: boolean): void;
  haveLapack(): boolean;
  /** MT19937 streams with NumPy's legacy algorithms; `state` is a mtStateBytes() buffer. */
  mtStateBytes(): number;
  mtSeed(state: Uint8Array, seed: number): void;
  mtSeedArray(state: Uint8Array, key: Uint32Array): void;
  /** kind 0: a + b * uniform[0, 1); kind 1: a + b * standard normal. */
  mtFill(state: Uint8Array, kind: 0 | 1, out: Float64Array, a: number, b: number): void;
  /** off + uniform integers in [0, range] (range < 2^64); bits 8 draws NumPy's uint8 stream. */
  mtRandint(state: Uint8Array, out: BigInt64Array, off: bigint, range: bigint, bits: 8 | 64): void;
  /** The swap partners NumPy's shuffle draws for a length-n sequence. */
  mtShuffleIndices(state: Uint8Array, n: number): BigInt64Array;
  /** PCG64 streams with NumPy Generator's algorithms; `state` is a pcgStateBytes() buffer. */
  pcgStateBytes(): number;
  /** Seeds from the seed's 32-bit digits (least significant first) through SeedSequence. */
  pcgSeed(state: Uint8Array, words: Uint32Array): void;
  /** Fills `out` with draws of `kind` (see dk_pcg_fill in kernels/cpu/pcg64.c). */
  pcgFill(
    state: Uint8Array,
    kind: PcgKind,
    out: Uint8Array,
    n: number,
    ints: BigInt64Array,
    floats: Float64Array,
  ): void;
  /** Floyd's sample of `out.length` distinct values of [0, pop). */
  pcgFloyd(state: Uint8Array, out: BigInt64Array, pop: number): void;
}

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
