/**
 * The check a layer's forward makes before it reads a shape off its input: anything but a Tensor is a TypeError
 * naming the layer and what it got (PyTorch's AttributeError "'NoneType' object has no attribute 'dim'" names
 * neither, and reading `ndim` off a JS value gives V8's "Cannot read properties of undefined").
 */
import { describe } from "../../api/signature.ts";
import { Tensor } from "../../torch/tensor.ts";

/**
 * `x` itself when it is a Tensor; otherwise a TypeError "Layer.forward(): expected a Tensor, got undefined" naming the
 * layer (its class, so subclasses and lazy modules name themselves) and, for an argument other than the input, which
 * argument.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * import { checkInput } from "./check_input.ts";
 * const bn = new nn.BatchNorm1d(3);
 * assert.equal(checkInput(bn, torch.ones(2, 3)).ndim, 2);
 * assert.throws(() => checkInput(bn, undefined), { name: "TypeError", message: "BatchNorm1d.forward(): expected a Tensor, got undefined" });
 * assert.throws(() => checkInput(bn, "x", "target"), /expected a Tensor for target, got string/);
 * ```
 */
export function checkInput(layer: object, x: unknown, arg?: string): Tensor {
  if (x instanceof Tensor) return x;
  const what = arg === undefined ? "" : ` for ${arg}`;
  throw new TypeError(`${layer.constructor.name}.forward(): expected a Tensor${what}, got ${describe(x)}`);
}
