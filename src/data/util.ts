/**
 * What the data and vision modules share: tensors over existing memory,
 * the binder's converters for their constructors, and PyTorch's int64
 * `random_()` draw (the seeds DataLoader and RandomSampler take from a
 * generator).
 */
import { type Converters, describe } from "../api/signature.ts";
import type { DType, TypedArray } from "../core/dtype.ts";
import { Storage } from "../core/storage.ts";
import { View } from "../core/view.ts";
import type { TorchGenerator } from "../random/torch_generator.ts";
import { torchDType } from "../torch/default_dtype.ts";
import { defaultGenerator } from "../torch/ops/random.ts";
import { Tensor } from "../torch/tensor.ts";

/** The binder's converters for data/vision signatures (only tensors count as arrays). */
export const CONV: Converters = {
  array: (v: unknown) => (v instanceof Tensor ? v : undefined),
  isArray: (v: unknown) => v instanceof Tensor,
  dtype: torchDType,
  arrayName: "Tensor",
};

/** A tensor over a typed array's memory (no copy): C-contiguous `shape`. */
export function tensorOver(a: TypedArray, dtype: DType, shape: readonly number[]): Tensor {
  return new Tensor(Storage.wrap(dtype, a.length, a.buffer as ArrayBuffer, a.byteOffset), new View([...shape]));
}

/** A fresh C-contiguous tensor over a new (unpooled, transferable) ArrayBuffer, and its typed array. */
export function freshTensor(dtype: DType, shape: readonly number[]): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  const isz = dtype === "float64" || dtype === "int64" ? 8 : dtype === "float32" || dtype === "int32" ? 4 : 1;
  const buf = new ArrayBuffer(n * isz);
  OWNED.add(buf);
  return new Tensor(Storage.wrap(dtype, n, buf, 0), new View([...shape]));
}

/** Buffers made by freshTensor: nothing else views them, so a worker may transfer them. */
export const OWNED: WeakSet<ArrayBufferLike> = new WeakSet();

/** The storage's typed array, checked to be host memory. */
export function hostData(t: Tensor): TypedArray {
  if (t.device !== "cpu") throw new TypeError(`expected a CPU tensor, got one on ${t.device}`);
  return t.storage.data;
}

const TWO63 = 1n << 63n;

/**
 * `torch.empty((), dtype=torch.int64).random_(generator=g).item()`: one
 * 64-bit draw modulo 2^63, as PyTorch's random_() on int64 (the seed
 * DataLoader's iterators and RandomSampler take).
 */
export function randomInt64(g: TorchGenerator = defaultGenerator): bigint {
  // randint over [-2^63, 0) is a 64-bit draw modulo 2^63, shifted down by 2^63
  const out = g.randint(new BigInt64Array(1), -TWO63, 0n);
  return out[0] + TWO63;
}

/** The generator a call uses: the given one, else torch's default. */
export function generatorOf(g: unknown, where: string): TorchGenerator {
  if (g === null || g === undefined) return defaultGenerator;
  if (typeof g !== "object" || !("randperm" in g) || !("manualSeed" in g)) {
    throw new TypeError(`${where}: generator must be a torch.Generator`);
  }
  return g as TorchGenerator;
}

/** Throws `TypeError("<what>, not <kind>")` unless `v` is iterable (null and undefined are not). */
export function checkIterable(v: unknown, what: string): void {
  if (v === null || typeof (v as Iterable<unknown> | undefined)?.[Symbol.iterator] !== "function") {
    throw new TypeError(`${what}, not ${describe(v)}`);
  }
}
