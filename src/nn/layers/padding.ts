/**
 * The padding modules: ZeroPad, ConstantPad, ReflectionPad, ReplicationPad and CircularPad in 1, 2 and 3 dims,
 * F.pad with a fixed padding and mode. As PyTorch's, a module keeps an integer padding repeated to 2 n values and a
 * list as given (any length: F.pad checks it at forward); only CircularPad checks its input's rank itself.
 */
import { req } from "../../api/signature.ts";
import type { Tensor } from "../../torch/tensor.ts";
import { functional as F } from "../functional.ts";
import { type ArgsOf, bind, binder, Module } from "../module.ts";
import type { PadMode } from "../pad.ts";
import { py, pyFloat } from "../repr.ts";
import { checkInput } from "./check_input.ts";

const PADDING = { pos: [req("padding", "ints")], kw: [] } as const;
const CONSTANT = { pos: [req("padding", "ints"), req("value", "number")], kw: [] } as const;

type Dims = 1 | 2 | 3;

/** PyTorch's _ntuple for a padding: an integer repeated `n` times, a list copied whatever its length. */
const padTuple = (
  v: number | readonly number[],
  n: number,
): number[] => (typeof v === "number" ? Array(n).fill(v) : [...v]);

/** The module of F.pad's reflect, replicate or circular mode over the last `dims` dims. */
function modePad<const N extends string>(name: N, dims: Dims, mode: Exclude<PadMode, "constant">) {
  const b = binder(name, PADDING);
  const C = class extends Module {
    /** (left, right[, top, bottom[, front, back]]). */
    readonly padding: number[];
    constructor(...args: ArgsOf<typeof PADDING>) {
      super();
      this.padding = padTuple(bind(b, args).padding, 2 * dims);
    }
    override forward(x: Tensor): Tensor {
      // (PyTorch's _CircularPadNd._check_input_dim: a ValueError)
      if (mode === "circular" && checkInput(this, x).ndim !== dims + 1 && x.ndim !== dims + 2) {
        throw new RangeError(`expected ${dims + 1}D or ${dims + 2}D input (got ${x.ndim}D input)`);
      }
      return F.pad(x, this.padding, mode);
    }
    override extraRepr(): string {
      return py(this.padding);
    }
  };
  Object.defineProperty(C, "name", { value: name });
  return C;
}

/** ConstantPad{dims}d(padding, value). */
function constantPad<const N extends string>(name: N, dims: Dims) {
  const b = binder(name, CONSTANT);
  const C = class extends Module {
    /** (left, right[, top, bottom[, front, back]]). */
    readonly padding: number[];
    /** The fill value. */
    readonly value: number;
    constructor(...args: ArgsOf<typeof CONSTANT>) {
      super();
      const a = bind(b, args);
      this.padding = padTuple(a.padding, 2 * dims);
      this.value = a.value;
    }
    override forward(x: Tensor): Tensor {
      return F.pad(x, this.padding, "constant", this.value);
    }
    override extraRepr(): string {
      return `padding=${py(this.padding)}, value=${pyFloat(this.value)}`;
    }
  };
  Object.defineProperty(C, "name", { value: name });
  return C;
}

/** ZeroPad{dims}d(padding): a ConstantPad with value 0, printed with its padding only (as PyTorch's). */
function zeroPad<const N extends string>(name: N, Base: ReturnType<typeof constantPad>) {
  const b = binder(name, PADDING);
  const C = class extends Base {
    constructor(...args: ArgsOf<typeof PADDING>) {
      super(bind(b, args).padding, 0);
    }
    override extraRepr(): string {
      return py(this.padding);
    }
  };
  Object.defineProperty(C, "name", { value: name });
  return C;
}

/**
 * Pads the last dim of a (C, W) or (N, C, W) input with `value`: `padding` an integer or (left, right); negative
 * pads crop. Any input with at least one dim works, as PyTorch's.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const m = new nn.ConstantPad1d([3, 1], 3.5);
 * assert.equal(String(m), "ConstantPad1d(padding=(3, 1), value=3.5)");
 * assert.deepEqual(m.forward(torch.ones(1, 2)).tolist(), [[3.5, 3.5, 3.5, 1, 1, 3.5]]);
 * ```
 */
export const ConstantPad1d = constantPad("ConstantPad1d", 1);
/** ConstantPad1d's instances. */
export type ConstantPad1d = InstanceType<typeof ConstantPad1d>;

/**
 * Pads the last two dims of a (C, H, W) or (N, C, H, W) input with `value`: `padding` an integer or
 * (left, right, top, bottom).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const m = new nn.ConstantPad2d({ padding: [1, 0, 0, 1], value: -1 });
 * assert.equal(String(m), "ConstantPad2d(padding=(1, 0, 0, 1), value=-1.0)");
 * assert.deepEqual(m.forward(torch.ones(1, 1, 1)).tolist(), [[[-1, 1], [-1, -1]]]);
 * ```
 */
export const ConstantPad2d = constantPad("ConstantPad2d", 2);
/** ConstantPad2d's instances. */
export type ConstantPad2d = InstanceType<typeof ConstantPad2d>;

/**
 * Pads the last three dims of a (C, D, H, W) or (N, C, D, H, W) input with `value`: `padding` an integer or
 * (left, right, top, bottom, front, back).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const m = new nn.ConstantPad3d(1, 0.5);
 * assert.deepEqual(m.forward(torch.ones(1, 1, 1, 1)).shape, [1, 3, 3, 3]);
 * ```
 */
export const ConstantPad3d = constantPad("ConstantPad3d", 3);
/** ConstantPad3d's instances. */
export type ConstantPad3d = InstanceType<typeof ConstantPad3d>;

/**
 * Zero-pads the last dim (a ConstantPad1d with value 0): `padding` an integer or (left, right).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const m = new nn.ZeroPad1d([2, -1]);
 * assert.equal(String(m), "ZeroPad1d((2, -1))");
 * assert.ok(m instanceof nn.ConstantPad1d);
 * assert.deepEqual(m.forward(torch.tensor([[1, 2, 3]], { dtype: "float32" })).tolist(), [[0, 0, 1, 2]]);
 * ```
 */
export const ZeroPad1d = zeroPad("ZeroPad1d", ConstantPad1d);
/** ZeroPad1d's instances. */
export type ZeroPad1d = InstanceType<typeof ZeroPad1d>;

/**
 * Zero-pads the last two dims: `padding` an integer or (left, right, top, bottom).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const m = new nn.ZeroPad2d([1, 1, 2, 0]);
 * assert.equal(String(m), "ZeroPad2d((1, 1, 2, 0))");
 * assert.deepEqual(m.forward(torch.ones(1, 1, 2, 2)).shape, [1, 1, 4, 4]);
 * ```
 */
export const ZeroPad2d = zeroPad("ZeroPad2d", ConstantPad2d);
/** ZeroPad2d's instances. */
export type ZeroPad2d = InstanceType<typeof ZeroPad2d>;

/**
 * Zero-pads the last three dims: `padding` an integer or (left, right, top, bottom, front, back).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const m = new nn.ZeroPad3d([1, 0, 0, 0, 0, 2]);
 * assert.deepEqual(m.forward(torch.ones(2, 1, 1, 1)).shape, [2, 3, 1, 2]);
 * ```
 */
export const ZeroPad3d = zeroPad("ZeroPad3d", ConstantPad3d);
/** ZeroPad3d's instances. */
export type ZeroPad3d = InstanceType<typeof ZeroPad3d>;

/**
 * Pads the last dim of a (C, W) or (N, C, W) input with its reflection about the edge elements (each pad smaller
 * than the dim): `padding` an integer or (left, right).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const m = new nn.ReflectionPad1d([3, 1]);
 * assert.equal(String(m), "ReflectionPad1d((3, 1))");
 * const x = torch.arange(4, { dtype: "float32" }).reshape(1, 1, 4);
 * assert.deepEqual(m.forward(x).tolist(), [[[3, 2, 1, 0, 1, 2, 3, 2]]]);
 * ```
 */
export const ReflectionPad1d = modePad("ReflectionPad1d", 1, "reflect");
/** ReflectionPad1d's instances. */
export type ReflectionPad1d = InstanceType<typeof ReflectionPad1d>;

/**
 * Reflection padding of the last two dims of a (C, H, W) or (N, C, H, W) input: `padding` an integer or
 * (left, right, top, bottom).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const x = torch.arange(4, { dtype: "float32" }).reshape(1, 2, 2);
 * assert.deepEqual(new nn.ReflectionPad2d([1, 0, 0, 1]).forward(x).tolist(), [[[1, 0, 1], [3, 2, 3], [1, 0, 1]]]);
 * ```
 */
export const ReflectionPad2d = modePad("ReflectionPad2d", 2, "reflect");
/** ReflectionPad2d's instances. */
export type ReflectionPad2d = InstanceType<typeof ReflectionPad2d>;

/**
 * Reflection padding of the last three dims of a (C, D, H, W) or (N, C, D, H, W) input: `padding` an integer or
 * (left, right, top, bottom, front, back).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const m = new nn.ReflectionPad3d(1);
 * assert.deepEqual(m.forward(torch.zeros(2, 2, 2, 2)).shape, [2, 4, 4, 4]);
 * ```
 */
export const ReflectionPad3d = modePad("ReflectionPad3d", 3, "reflect");
/** ReflectionPad3d's instances. */
export type ReflectionPad3d = InstanceType<typeof ReflectionPad3d>;

/**
 * Pads the last dim of a (C, W) or (N, C, W) input by repeating its edge elements: `padding` an integer or
 * (left, right).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const m = new nn.ReplicationPad1d([2, 1]);
 * assert.deepEqual(m.forward(torch.tensor([[1, 2, 3]], { dtype: "float32" })).tolist(), [[1, 1, 1, 2, 3, 3]]);
 * ```
 */
export const ReplicationPad1d = modePad("ReplicationPad1d", 1, "replicate");
/** ReplicationPad1d's instances. */
export type ReplicationPad1d = InstanceType<typeof ReplicationPad1d>;

/**
 * Replication padding of the last two dims of a (C, H, W) or (N, C, H, W) input: `padding` an integer or
 * (left, right, top, bottom).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const x = torch.tensor([[[1, 2]]], { dtype: "float32" });
 * assert.deepEqual(new nn.ReplicationPad2d([0, 1, 1, 0]).forward(x).tolist(), [[[1, 2, 2], [1, 2, 2]]]);
 * ```
 */
export const ReplicationPad2d = modePad("ReplicationPad2d", 2, "replicate");
/** ReplicationPad2d's instances. */
export type ReplicationPad2d = InstanceType<typeof ReplicationPad2d>;

/**
 * Replication padding of the last three dims of a (C, D, H, W) or (N, C, D, H, W) input: `padding` an integer or
 * (left, right, top, bottom, front, back).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const m = new nn.ReplicationPad3d([1, 1, 0, 0, 2, 0]);
 * assert.deepEqual(m.forward(torch.ones(1, 1, 2, 2)).shape, [1, 3, 2, 4]);
 * ```
 */
export const ReplicationPad3d = modePad("ReplicationPad3d", 3, "replicate");
/** ReplicationPad3d's instances. */
export type ReplicationPad3d = InstanceType<typeof ReplicationPad3d>;

/**
 * Pads the last dim of a (C, W) or (N, C, W) input by wrapping around (the first elements follow the last):
 * `padding` an integer or (left, right), each at most the dim's size.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const m = new nn.CircularPad1d([2, 1]);
 * assert.deepEqual(m.forward(torch.tensor([[1, 2, 3]], { dtype: "float32" })).tolist(), [[2, 3, 1, 2, 3, 1]]);
 * assert.throws(() => m.forward(torch.ones(3)), RangeError);
 * ```
 */
export const CircularPad1d = modePad("CircularPad1d", 1, "circular");
/** CircularPad1d's instances. */
export type CircularPad1d = InstanceType<typeof CircularPad1d>;

/**
 * Circular padding of the last two dims of a (C, H, W) or (N, C, H, W) input: `padding` an integer or
 * (left, right, top, bottom).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const x = torch.tensor([[[1, 2], [3, 4]]], { dtype: "float32" });
 * assert.deepEqual(new nn.CircularPad2d([1, 0, 0, 1]).forward(x).tolist(), [[[2, 1, 2], [4, 3, 4], [2, 1, 2]]]);
 * ```
 */
export const CircularPad2d = modePad("CircularPad2d", 2, "circular");
/** CircularPad2d's instances. */
export type CircularPad2d = InstanceType<typeof CircularPad2d>;

/**
 * Circular padding of the last three dims of a (C, D, H, W) or (N, C, D, H, W) input: `padding` an integer or
 * (left, right, top, bottom, front, back).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const m = new nn.CircularPad3d(1);
 * assert.equal(String(m), "CircularPad3d((1, 1, 1, 1, 1, 1))");
 * assert.deepEqual(m.forward(torch.ones(1, 2, 2, 2)).shape, [1, 4, 4, 4]);
 * ```
 */
export const CircularPad3d = modePad("CircularPad3d", 3, "circular");
/** CircularPad3d's instances. */
export type CircularPad3d = InstanceType<typeof CircularPad3d>;
