/**
 * `Tensor.new`, PyTorch's legacy constructor method: a tensor of this
 * tensor's dtype and device from sizes (`t.new(2, 3)`: zeros here, where
 * PyTorch leaves the memory uninitialized), from data (`t.new([1, 2])`,
 * converted to this dtype), or an alias of a tensor of the same dtype
 * (`t.new(other)`, sharing its memory). Only `device` may be given as an
 * option, as PyTorch's keyword.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const t = torch.tensor([1, 2], { dtype: torch.int32 });
 * assert.deepEqual(t.new(2, 3).shape, [2, 3]);
 * assert.equal(t.new([7.9, 8]).dtype, "int32");
 * assert.deepEqual(t.new().shape, [0]);
 * ```
 * @module
 */
import { CPP_TYPE_NAME } from "../core/dtype.ts";
import { RuntimeError } from "../core/errors.ts";
import { isTensor, Tensor } from "./tensor.ts";

/** `new`'s only keyword. */
export interface TensorNewOptions {
  /** The result's device (this tensor's by default). */
  device?: string;
}

/** `Tensor.new`'s call forms: sizes, data, or a tensor; sizes or data may end with `{ device }`. */
export type TensorNewArgs =
  | number[]
  | [...sizes: number[], options: TensorNewOptions]
  | [data: unknown, options?: TensorNewOptions];

interface TensorNew {
  /**
   * PyTorch's legacy `Tensor.new`: `t.new(2, 3)` (zeros of t's dtype and
   * device), `t.new([1, 2])` (data in t's dtype), `t.new(other)` (an alias
   * of other, whose dtype must be t's), `t.new()` (an empty tensor).
   */
  "new"(...args: TensorNewArgs): Tensor;
}

declare module "./tensor.ts" {
  interface Tensor extends TensorNew {}
}

const isOptions = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v) && !isTensor(v);

const options = (t: Tensor) =>
  `TensorOptions(dtype=${
    CPP_TYPE_NAME[t.dtype]
  }, device=${t.device}, layout=Strided, requires_grad=false (default), pinned_memory=false (default), memory_format=(nullopt))`;

function tensorNew(this: Tensor, ...args: unknown[]): Tensor {
  const opts = args.length && isOptions(args[args.length - 1]) ? args.pop() as Record<string, unknown> : null;
  const extra = opts && Object.keys(opts).find((k) => k !== "device");
  if (extra) {
    throw new TypeError(
      `new() received an invalid combination of arguments - got an unexpected keyword argument '${extra}', but expected one of: (*, device), (Tensor other), (tuple of ints size, *, device), (object data, *, device)`,
    );
  }
  const device = (opts?.device as string | undefined) ?? this.device;
  if (args.every((a) => typeof a === "number" && Number.isInteger(a))) {
    const sizes = args as number[];
    const neg = sizes.find((d) => d < 0);
    if (neg !== undefined) {
      throw new RuntimeError(`Trying to create tensor with negative dimension ${neg}: [${sizes.join(", ")}]`);
    }
    // (PyTorch's `new()` is an empty 1-d tensor, not a 0-d one)
    return this.newZeros(sizes.length ? sizes : [0], { device });
  }
  if (args.length === 1 && isTensor(args[0])) {
    const other = args[0];
    if (opts) throw new TypeError("new(): a tensor argument takes no options");
    if (other.dtype !== this.dtype || other.device !== this.device) {
      throw new TypeError(`expected ${options(this)} (got ${options(other)})`);
    }
    return other.detach();
  }
  if (args.length === 1 && (Array.isArray(args[0]) || ArrayBuffer.isView(args[0]))) {
    return this.newTensor(args[0], { device });
  }
  const got = args.map((a) => typeof a === "number" ? (Number.isInteger(a) ? "int" : "float") : typeof a);
  if (args.length === 1) throw new TypeError(`new(): data must be a sequence (got ${got[0]})`);
  throw new TypeError(`new() received an invalid combination of arguments - got (${got.join(", ")})`);
}

Object.defineProperty(Tensor.prototype, "new", { value: tensorNew, writable: true, configurable: true });
