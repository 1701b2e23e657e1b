/**
 * torch.nn.attention.bias: causal attention biases for
 * F.scaledDotProductAttention. A CausalBias is the boolean mask it stands
 * for (a Tensor, as PyTorch's is a Tensor subclass): upper-left
 * `tril(ones(L, S))`, or lower-right `tril(ones(L, S), S - L)`. On the CPU
 * PyTorch runs an upper-left bias (or a square one) as `isCausal` and a
 * lower-right one as its materialized mask; both give the values of the
 * mask itself, which is what runs here.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const bias = nn.attention.bias.causalLowerRight(2, 3);
 * assert.deepEqual(bias.tolist(), [[true, true, false], [true, true, true]]);
 * const q = torch.randn(1, 2, 2, 4), k = torch.randn(1, 2, 3, 4);
 * assert.deepEqual(nn.F.scaledDotProductAttention(q, k, k, bias).shape, [1, 2, 2, 4]);
 * ```
 * @module
 */
import { fmtValue } from "../core/errors.ts";
import type { Storage } from "../core/storage.ts";
import type { View } from "../core/view.ts";
import { torch } from "../torch/mod.ts";
import { Tensor } from "../torch/tensor.ts";

/**
 * PyTorch's CausalVariant (an IntEnum: the same values).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * assert.equal(nn.attention.bias.CausalVariant.LOWER_RIGHT, 2);
 * ```
 */
export const CausalVariant: { readonly UPPER_LEFT: 1; readonly LOWER_RIGHT: 2 } = Object.freeze(
  {
    UPPER_LEFT: 1,
    LOWER_RIGHT: 2,
  } as const,
);
/** One CausalVariant value. */
export type CausalVariant = typeof CausalVariant[keyof typeof CausalVariant];

/** The mask's memory (its temporary tensor is left to the enclosing scope or the GC, as any op's result). */
function maskParts(variant: unknown, seqLenQ: number, seqLenKv: number): [Storage, View] {
  if (variant !== CausalVariant.UPPER_LEFT && variant !== CausalVariant.LOWER_RIGHT) {
    throw new TypeError(`variant must be a CausalVariant, got ${variant === null ? "null" : typeof variant}`);
  }
  for (const n of [seqLenQ, seqLenKv]) {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new TypeError(`CausalBias: sequence lengths must be non-negative integers, got ${fmtValue(n)}`);
    }
  }
  const ones = torch.ones([seqLenQ, seqLenKv], { dtype: "bool" });
  const m = ones.tril(variant === CausalVariant.LOWER_RIGHT ? seqLenKv - seqLenQ : 0);
  ones.dispose();
  return [m.storage, m.layout];
}

/**
 * A causal attention bias (see CausalVariant): F.scaledDotProductAttention
 * takes it as attnMask. It is the boolean mask itself; `materialize()`
 * returns it as a plain tensor.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * const { CausalBias, CausalVariant } = nn.attention.bias;
 * const b = new CausalBias(CausalVariant.UPPER_LEFT, 3, 2);
 * assert.equal(b.seqLenQ, 3);
 * assert.deepEqual(b.materialize().tolist(), [[true, false], [true, true], [true, true]]);
 * ```
 */
export class CausalBias extends Tensor {
  /** The variant: UPPER_LEFT or LOWER_RIGHT. */
  readonly variant: CausalVariant;
  /** The query's sequence length (the mask's rows). */
  readonly seqLenQ: number;
  /** The key's and value's sequence length (the mask's columns). */
  readonly seqLenKv: number;
  /** A bias of `variant` for `seqLenQ` queries and `seqLenKv` keys (PyTorch warns of lower-right with more queries). */
  constructor(variant: CausalVariant, seqLenQ: number, seqLenKv: number) {
    super(...maskParts(variant, seqLenQ, seqLenKv));
    this.variant = variant;
    this.seqLenQ = seqLenQ;
    this.seqLenKv = seqLenKv;
    if (seqLenQ > seqLenKv && variant === CausalVariant.LOWER_RIGHT) {
      console.warn("UserWarning: Lower right causal bias will produce NaNs in the output when seq_len_q > seq_len_kv!");
    }
  }
  /** The mask as a plain boolean tensor (a copy), on `device` (the CPU by default). */
  materialize(device = "cpu"): Tensor {
    return new Tensor(this.storage, this.layout).to(device, { copy: true });
  }
}

/** The two sequence lengths of a causal bias factory (PyTorch asserts exactly two). */
function sizes(name: string, size: number[]): [number, number] {
  if (size.length !== 2) throw new TypeError(`${name} only supports 2D tensors`);
  return [size[0], size[1]];
}

/**
 * An upper-left causal bias: query i attends to keys 0..i
 * (`tril(ones(seqLenQ, seqLenKv))`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * assert.deepEqual(nn.attention.bias.causalUpperLeft(2, 3).tolist(), [[true, false, false], [true, true, false]]);
 * ```
 */
export function causalUpperLeft(...size: number[]): CausalBias {
  return new CausalBias(CausalVariant.UPPER_LEFT, ...sizes("causal_upper_left", size));
}

/**
 * A lower-right causal bias: the last query attends to every key
 * (`tril(ones(seqLenQ, seqLenKv), seqLenKv - seqLenQ)`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * assert.deepEqual(nn.attention.bias.causalLowerRight(2, 3).tolist(), [[true, true, false], [true, true, true]]);
 * ```
 */
export function causalLowerRight(...size: number[]): CausalBias {
  return new CausalBias(CausalVariant.LOWER_RIGHT, ...sizes("causal_lower_right", size));
}
