/**
 * The constraints built from others or on whole matrices: corr_cholesky, cat and stack (PyTorch's _CorrCholesky,
 * _Cat and _Stack). constraints.ts lists them; the Constraint class is only used inside functions, so this module
 * may be evaluated before constraints.ts finishes (the two import each other).
 */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { Constraint, constraints } from "./constraints.ts";

/**
 * True for each lower-triangular matrix with a positive diagonal whose rows have unit Euclidean norm, within
 * eps · n · 10 (PyTorch's _CorrCholesky.check).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { corrCholeskyCheck } from "./constraints_structured.ts";
 * const L = torch.tensor([[1, 0], [0.6, 0.8]], { dtype: torch.float64 });
 * assert.equal(corrCholeskyCheck(L).item(), true);
 * assert.equal(corrCholeskyCheck(torch.mul(L, 2)).item(), false);
 * ```
 */
export function corrCholeskyCheck(value: Tensor): Tensor {
  const tol = torch.finfo(value.dtype as "float32").eps * value.shape.at(-1)! * 10;
  const rowNorm = torch.linalg.vectorNorm(value.detach(), { dim: -1 });
  const unitRowNorm = torch.all(torch.le(torch.abs(torch.sub(rowNorm, 1)), tol), -1);
  return torch.logicalAnd(constraints.lowerCholesky.check(value), unitRowNorm);
}

// PyTorch's AssertionError for a dimension outside the value (a RangeError here, as the other index errors)
function checkDim(dim: number, value: Tensor, what = "value"): void {
  if (!(-value.ndim <= dim && dim < value.ndim)) {
    throw new RangeError(`dim ${dim} out of range for ${what} with ${value.ndim} dimensions`);
  }
}

/**
 * Each constraint of `cseq` on its slice of `lengths[i]` entries along `dim`, as torch.cat joins them
 * (constraints.cat, PyTorch's _Cat); the event has the largest of their event dimensions.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { catConstraint } from "./constraints_structured.ts";
 * import { constraints } from "./constraints.ts";
 * const c = catConstraint([constraints.positive, constraints.real], 0, [2, 1]);
 * assert.deepEqual(c.check(torch.tensor([1, -1, -1])).tolist(), [true, false, true]);
 * assert.equal(String(c), "Cat()");
 * ```
 */
export function catConstraint(cseq: readonly Constraint[], dim = 0, lengths?: readonly number[] | null): Constraint {
  if (!cseq.every((c) => c instanceof Constraint)) {
    throw new TypeError("All elements of cseq must be Constraint instances");
  }
  const lens = lengths ? [...lengths] : cseq.map(() => 1);
  if (lens.length !== cseq.length) {
    throw new RangeError(`lengths (${lens.length}) must match cseq (${cseq.length})`);
  }
  const check = (value: Tensor) => {
    checkDim(dim, value);
    let start = 0;
    const checks = cseq.map((c, i) => c.check(value.narrow(dim, (start += lens[i]) - lens[i], lens[i])));
    return torch.cat(checks, dim);
  };
  return new Constraint("Cat", check, [], Math.max(...cseq.map((c) => c.eventDim)), { cseq, dim, lengths: lens });
}

/**
 * Each constraint of `cseq` on its slice `value.select(dim, i)`, as torch.stack joins them (constraints.stack,
 * PyTorch's _Stack); the stacked dimension joins the event when it lies within it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { stackConstraint } from "./constraints_structured.ts";
 * import { constraints } from "./constraints.ts";
 * const c = stackConstraint([constraints.positive, constraints.real], 1);
 * assert.deepEqual(c.check(torch.tensor([[1, -1], [-1, 2]])).tolist(), [[true, true], [false, true]]);
 * ```
 */
export function stackConstraint(cseq: readonly Constraint[], dim = 0): Constraint {
  if (!cseq.every((c) => c instanceof Constraint)) {
    throw new TypeError("All elements of cseq must be Constraint instances");
  }
  const check = (value: Tensor) => {
    checkDim(dim, value);
    const n = value.shape.at(dim)!;
    const checks = cseq.slice(0, n).map((c, i) => c.check(value.select(dim, i)));
    return torch.stack(checks, dim);
  };
  const eventDim = Math.max(...cseq.map((c) => c.eventDim));
  return new Constraint("Stack", check, [], dim + eventDim < 0 ? eventDim + 1 : eventDim, { cseq, dim });
}
