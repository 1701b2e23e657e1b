/**
 * torch's in-place function forms: `torch.abs_(t)`, `torch.clamp_(t, 0, 1)`,
 * `torch.index_put_(t, indices, values)`, ... each is the Tensor method of the
 * same name called on its first argument (`torch.X_(t, ...) === t.X_(...)`),
 * generated from one list (PyTorch's `torch.*_` functions whose method
 * dendrite has). Also `torch.fill` (a filled copy) and `torch.fill_`.
 */
import { describe } from "../api/signature.ts";
import { Tensor } from "./tensor.ts";

/**
 * The methods PyTorch also exposes as `torch.<name>(tensor, ...)` (dir(torch)'s in-place names).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { INPLACE_FUNCTION_NAMES } from "./inplace_functions.ts";
 * assert.ok(INPLACE_FUNCTION_NAMES.includes("clamp_") && INPLACE_FUNCTION_NAMES.includes("indexPut_"));
 * assert.ok(INPLACE_FUNCTION_NAMES.every((n) => n.endsWith("_")));
 * ```
 */
export const INPLACE_FUNCTION_NAMES = [
  "abs_",
  "acos_",
  "acosh_",
  "addmv_",
  "arccos_",
  "arccosh_",
  "arcsin_",
  "arcsinh_",
  "arctan_",
  "arctanh_",
  "asStrided_",
  "asin_",
  "asinh_",
  "atan_",
  "atanh_",
  "ceil_",
  "clamp_",
  "clampMax_",
  "clampMin_",
  "clip_",
  "conjPhysical_",
  "cos_",
  "cosh_",
  "deg2rad_",
  "detach_",
  "erf_",
  "erfc_",
  "exp2_",
  "exp_",
  "expm1_",
  "fill_",
  "fix_",
  "floor_",
  "frac_",
  "gcd_",
  "i0_",
  "indexPut_",
  "lcm_",
  "ldexp_",
  "log10_",
  "log1p_",
  "log2_",
  "log_",
  "logit_",
  "nanToNum_",
  "neg_",
  "negative_",
  "rad2deg_",
  "reciprocal_",
  "resizeAs_",
  "round_",
  "rsqrt_",
  "sigmoid_",
  "sin_",
  "sinc_",
  "sinh_",
  "sqrt_",
  "square_",
  "tan_",
  "tanh_",
  "trunc_",
  "xlogy_",
  "zero_",
] as const;

/**
 * An in-place method's name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { InplaceFunctionName } from "./inplace_functions.ts";
 * const name: InplaceFunctionName = "sigmoid_";
 * assert.equal(name.slice(0, -1), "sigmoid");
 * ```
 */
export type InplaceFunctionName = (typeof INPLACE_FUNCTION_NAMES)[number];

/**
 * torch.X_(tensor, ...args): the method X_ on the tensor (same arguments, the tensor returned).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import type { InplaceFunctions } from "./inplace_functions.ts";
 * const clamp: InplaceFunctions["clamp_"] = torch.clamp_;
 * const x = torch.tensor([-2, 0.5, 3]);
 * assert.equal(clamp(x, 0, 1), x);
 * assert.deepEqual(x.tolist(), [0, 0.5, 1]);
 * ```
 */
export type InplaceFunctions =
  & {
    [K in InplaceFunctionName]: (
      self: Tensor,
      ...args: Tensor[K] extends (...a: infer A) => unknown ? A : never
    ) => Tensor;
  }
  & {
    /** torch.fill: a copy of the tensor filled with `value` (a number or a 0-d tensor); gradient zero. */
    fill: (self: Tensor, value: number | boolean | bigint | Tensor) => Tensor;
  };

/** PyTorch's snake_case name of a camelCase method. */
const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function receiver(op: string, self: unknown): Tensor {
  if (!(self instanceof Tensor)) {
    throw new TypeError(`${snake(op)}(): argument 'input' (position 1) must be Tensor, not ${describe(self)}`);
  }
  return self;
}

/**
 * torch's in-place function forms.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const x = torch.tensor([-1.5, 2]);
 * assert.equal(torch.abs_(x), x); // x.abs_(): the tensor itself, changed
 * assert.deepEqual(x.tolist(), [1.5, 2]);
 * assert.deepEqual(torch.fill(x, 7).tolist(), [7, 7]); // torch.fill: a filled copy
 * assert.deepEqual(x.tolist(), [1.5, 2]);
 * assert.throws(() => torch.abs_([1, 2] as never), TypeError);
 * ```
 */
export const inplaceFunctions: InplaceFunctions = {
  ...Object.fromEntries(INPLACE_FUNCTION_NAMES.map((name) => [
    name,
    (self: unknown, ...args: unknown[]) =>
      (receiver(name, self)[name] as unknown as (...a: unknown[]) => Tensor)(...args),
  ])),
  fill: (self, value) => receiver("fill", self).clone().fill_(value as never),
} as InplaceFunctions;
