/** torch.distributions.transforms onto the simplex and onto Cholesky factors: softmax, stick-breaking, lower-Cholesky. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { Transform } from "./transform.ts";
import { clippedSigmoid } from "./transforms_pointwise.ts";

const pad = (x: Tensor, p: [number, number]) => torch.nn.functional.pad(x, p, "constant", 1);
// the stick-breaking offsets n, n-1, ..., 1 (PyTorch's `n + 1 - ones(n).cumsum(-1)`), in x's dtype
const offsets = (n: number, like: Tensor) => torch.arange(n, 0, -1, { dtype: like.dtype });
const atLeast1d = (shape: readonly number[]) => {
  if (shape.length < 1) throw new RangeError("Too few dimensions on input");
};

/** A transform with no parameters: equal to any other of its kind. */
abstract class VectorTransform extends Transform {
  override equals(other: Transform): boolean {
    return other.constructor === this.constructor;
  }
}

/**
 * Onto the simplex by exp then normalisation over the last dimension; inverted by log (not bijective)
 * (torch.distributions.transforms.SoftmaxTransform).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const t = new torch.distributions.transforms.SoftmaxTransform();
 * assert.deepEqual(t.call(torch.tensor([0, 0], { dtype: torch.float64 })).tolist(), [0.5, 0.5]);
 * ```
 */
export class SoftmaxTransform extends VectorTransform {
  /** Real vectors. */
  get domain(): Constraint {
    return constraints.realVector;
  }
  /** The simplex. */
  get codomain(): Constraint {
    return constraints.simplex;
  }
  protected override forward(x: Tensor): Tensor {
    const probs = torch.exp(torch.sub(x, torch.max(x, -1, true)[0]));
    return torch.div(probs, torch.sum(probs, -1, { keepdim: true }));
  }
  protected override inverse(y: Tensor): Tensor {
    return torch.log(y);
  }
  override forwardShape(shape: readonly number[]): number[] {
    atLeast1d(shape);
    return [...shape];
  }
  override inverseShape(shape: readonly number[]): number[] {
    atLeast1d(shape);
    return [...shape];
  }
}

/**
 * Onto the simplex of one more dimension by stick-breaking: each logit, shifted by log of the entries left, takes
 * its sigmoid's share of what remains (torch.distributions.transforms.StickBreakingTransform); bijective.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const t = new torch.distributions.transforms.StickBreakingTransform();
 * const y = t.call(torch.zeros([2], { dtype: torch.float64 }));
 * assert.deepEqual(y.shape, [3]);
 * assert.ok(Math.abs(y.sum().item() as number - 1) < 1e-12);
 * ```
 */
export class StickBreakingTransform extends VectorTransform {
  /** Real vectors. */
  get domain(): Constraint {
    return constraints.realVector;
  }
  /** The simplex. */
  get codomain(): Constraint {
    return constraints.simplex;
  }
  /** True. */
  override get bijective(): boolean {
    return true;
  }
  protected override forward(x: Tensor): Tensor {
    const z = clippedSigmoid(torch.sub(x, torch.log(offsets(x.shape.at(-1)!, x))));
    const zCumprod = torch.cumprod(torch.rsub(z, 1), -1);
    return torch.mul(pad(z, [0, 1]), pad(zCumprod, [1, 0]));
  }
  protected override inverse(y: Tensor): Tensor {
    const n = y.shape.at(-1)!, yCrop = y.narrow(-1, 0, n - 1);
    const sf = torch.clamp(torch.rsub(torch.cumsum(yCrop, -1), 1), { min: torch.finfo(y.dtype as "float32").tiny });
    return torch.add(torch.sub(torch.log(yCrop), torch.log(sf)), torch.log(offsets(n - 1, y)));
  }
  /** Σ (-x' + logsigmoid(x') + log y), x' the shifted logits. */
  override logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    const xs = torch.sub(x, torch.log(offsets(x.shape.at(-1)!, x)));
    const yCrop = y.narrow(-1, 0, y.shape.at(-1)! - 1);
    return torch.sum(torch.add(torch.add(torch.neg(xs), torch.nn.functional.logsigmoid(xs)), torch.log(yCrop)), -1);
  }
  override forwardShape(shape: readonly number[]): number[] {
    atLeast1d(shape);
    return [...shape.slice(0, -1), shape.at(-1)! + 1];
  }
  override inverseShape(shape: readonly number[]): number[] {
    atLeast1d(shape);
    return [...shape.slice(0, -1), shape.at(-1)! - 1];
  }
}

/**
 * Square matrices to lower-triangular ones with a positive diagonal: the strict lower triangle kept, the diagonal
 * exponentiated (torch.distributions.transforms.LowerCholeskyTransform); no log-determinant, as in PyTorch.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const t = new torch.distributions.transforms.LowerCholeskyTransform();
 * const y = t.call(torch.tensor([[0, 5], [2, 0]], { dtype: torch.float64 }));
 * assert.deepEqual(y.tolist(), [[1, 0], [2, 1]]);
 * ```
 */
export class LowerCholeskyTransform extends VectorTransform {
  /** Real matrices. */
  get domain(): Constraint {
    return constraints.independent(constraints.real, 2);
  }
  /** Lower-triangular matrices with a positive diagonal. */
  get codomain(): Constraint {
    return constraints.lowerCholesky;
  }
  protected override forward(x: Tensor): Tensor {
    return torch.add(torch.tril(x, -1), torch.diagEmbed(torch.exp(torch.diagonal(x, { dim1: -2, dim2: -1 }))));
  }
  protected override inverse(y: Tensor): Tensor {
    return torch.add(torch.tril(y, -1), torch.diagEmbed(torch.log(torch.diagonal(y, { dim1: -2, dim2: -1 }))));
  }
}
