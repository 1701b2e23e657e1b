/**
 * The autograd entries of torch.geqrf, torch.linalg.ldl_factor_ex and
 * ldl_solve (src/torch/ops/linalg_factor.ts), merged into the one table
 * (src/torch/derivatives.ts). PyTorch has no derivative for any of them: as
 * there, the forward records a node and its backward raises PyTorch's error.
 * householder_product, orgqr and ormqr are composites, differentiable
 * through their steps.
 */
import { RuntimeError } from "../core/errors.ts";
import type { Derivative } from "./derivatives.ts";

/** A node whose backward raises `message` (PyTorch's not-implemented derivative). */
const raises = (name: string, inputs: string[], message: string): Derivative => ({
  name,
  inputs,
  vjp: () => {
    throw new RuntimeError(message);
  },
});

/**
 * By overload id.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import { LINALG_FACTOR_DERIVATIVES } from "./derivatives_linalg_factor.ts";
 * assert.equal(LINALG_FACTOR_DERIVATIVES.geqrf.name, "GeqrfBackward0");
 * const A = torch.tensor([[4, 1], [1, 3]], { dtype: torch.float64, requiresGrad: true });
 * const [a] = torch.geqrf(A); // the forward records its node...
 * assert.equal(a.gradFn!.name, "GeqrfBackward0");
 * assert.throws(() => a.sum().backward(), /the derivative for 'geqrf' is not implemented/); // ... backward raises
 * ```
 */
export const LINALG_FACTOR_DERIVATIVES: Readonly<Record<string, Derivative>> = {
  geqrf: raises("GeqrfBackward0", ["input"], "the derivative for 'geqrf' is not implemented."),
  ldlFactorEx: raises(
    "NotImplemented",
    ["input"],
    "derivative for aten::linalg_ldl_factor_ex is not implemented",
  ),
  ldlSolve: raises("NotImplemented", ["LD", "B"], "derivative for aten::linalg_ldl_solve is not implemented"),
};
