/** torch.distributions.constraints: the checks behind validateArgs, with PyTorch's reprs (used in its messages). */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { fmt, type Param } from "./utils.ts";
import { catConstraint, corrCholeskyCheck, stackConstraint } from "./constraints_structured.ts";

/**
 * A region a parameter or value must lie in: `check` gives a bool tensor, true where the value satisfies it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { Constraint } from "./constraints.ts";
 * const c = new Constraint("Positive", (v) => torch.gt(v, 0));
 * assert.deepEqual(c.check(torch.tensor([1, -1])).tolist(), [true, false]);
 * assert.equal(String(c), "Positive()");
 * ```
 */
export class Constraint {
  /** Builds a constraint from its check and its repr's parts. */
  constructor(
    readonly name: string,
    readonly test: (v: Tensor) => Tensor,
    readonly args: readonly (readonly [string, Param | string])[] = [],
    /** how many rightmost dimensions make one event (checked together) */
    readonly eventDim = 0,
    /** the parameters PyTorch keeps as attributes (lowerBound, baseConstraint, cseq, ...): what bijectTo reads */
    readonly attrs: Readonly<Record<string, unknown>> = {},
  ) {}
  /** True where `v` satisfies the constraint. */
  check(v: Tensor): Tensor {
    return this.test(v);
  }
  /** PyTorch's repr: `GreaterThan(lower_bound=0.0)`. */
  toString(): string {
    return `${this.name}(${
      this.args.map(([k, v]) => (k ? `${k}=` : "") + (typeof v === "string" ? v : fmt(v))).join(", ")
    })`;
  }
}

// the real line: realVector's base constraint too
const real = new Constraint("Real", (v) => torch.eq(v, v));

/**
 * The named constraints (constraints.real, constraints.positive, ...) and the parametrised ones.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { constraints } from "./constraints.ts";
 * assert.deepEqual(constraints.unitInterval.check(torch.tensor([0.5, 2])).tolist(), [true, false]);
 * assert.equal(String(constraints.interval(0, 1)), "Interval(lower_bound=0, upper_bound=1)");
 * ```
 */
export const constraints = {
  real,
  positive: new Constraint("GreaterThan", (v) => torch.gt(v, 0), [["lower_bound", "0.0"]], 0, { lowerBound: 0 }),
  unitInterval: new Constraint(
    "Interval",
    (v) => torch.logicalAnd(torch.ge(v, 0), torch.le(v, 1)),
    [["lower_bound", "0.0"], ["upper_bound", "1.0"]],
    0,
    { lowerBound: 0, upperBound: 1 },
  ),
  nonnegative: new Constraint("GreaterThanEq", (v) => torch.ge(v, 0), [["lower_bound", "0.0"]], 0, { lowerBound: 0 }),
  boolean: new Constraint("Boolean", (v) => torch.logicalOr(torch.eq(v, 0), torch.eq(v, 1))),
  simplex: new Constraint(
    "Simplex",
    (v) =>
      torch.logicalAnd(
        torch.all(torch.ge(v, 0), -1),
        torch.lt(torch.abs(torch.sub(torch.sum(v, -1), 1)), 1e-6),
      ),
    [],
    1,
  ),
  realVector: new Constraint(
    "IndependentConstraint",
    (v) => torch.all(torch.eq(v, v), -1),
    [["", "Real()"], ["", "1"]],
    1,
    { baseConstraint: real, reinterpretedBatchNdims: 1 },
  ),
  /** lower < v */
  greaterThan: (lower: Param) =>
    new Constraint("GreaterThan", (v) => torch.gt(v, lower as never), [["lower_bound", lower]], 0, {
      lowerBound: lower,
    }),
  /** lower <= v */
  greaterThanEq: (lower: Param) =>
    new Constraint("GreaterThanEq", (v) => torch.ge(v, lower as never), [["lower_bound", lower]], 0, {
      lowerBound: lower,
    }),
  /** v < upper */
  lessThan: (upper: Param) =>
    new Constraint("LessThan", (v) => torch.lt(v, upper as never), [["upper_bound", upper]], 0, {
      upperBound: upper,
    }),
  /** lower <= v <= upper */
  interval: (lower: Param, upper: Param) =>
    new Constraint(
      "Interval",
      (v) => torch.logicalAnd(torch.ge(v, lower as never), torch.le(v, upper as never)),
      [["lower_bound", lower], ["upper_bound", upper]],
      0,
      { lowerBound: lower, upperBound: upper },
    ),
  /** lower <= v < upper */
  halfOpenInterval: (lower: Param, upper: Param) =>
    new Constraint(
      "HalfOpenInterval",
      (v) => torch.logicalAnd(torch.ge(v, lower as never), torch.lt(v, upper as never)),
      [["lower_bound", lower], ["upper_bound", upper]],
      0,
      { lowerBound: lower, upperBound: upper },
    ),
  /** integers in [lower, upper] */
  integerInterval: (lower: number, upper: number) =>
    new Constraint(
      "IntegerInterval",
      (v) =>
        torch.logicalAnd(
          torch.eq(torch.remainder(v, 1), 0),
          torch.logicalAnd(torch.ge(v, lower), torch.le(v, upper)),
        ),
      [["lower_bound", lower], ["upper_bound", upper]],
    ),
  /** `c` over `n` more rightmost dimensions: an event is valid when all its entries are */
  independent: (c: Constraint, n: number) =>
    new Constraint(
      "IndependentConstraint",
      (v) => {
        const r = c.check(v);
        if (r.ndim < n) throw new RangeError(`Expected value.dim() >= ${c.eventDim + n} but got ${v.ndim}`);
        return n === 0 ? r : torch.all(r.reshape([...r.shape.slice(0, r.ndim - n), -1]), -1);
      },
      [["", String(c)], ["", n]],
      c.eventDim + n,
      { baseConstraint: c, reinterpretedBatchNdims: n },
    ),
  /** lower-triangular square matrices with a positive diagonal */
  lowerCholesky: new Constraint(
    "LowerCholesky",
    (v) => {
      const tril = torch.all(torch.eq(torch.tril(v), v).reshape([...v.shape.slice(0, -2), -1]), -1);
      return torch.logicalAnd(tril, torch.all(torch.gt(torch.diagonal(v, { dim1: -2, dim2: -1 }), 0), -1));
    },
    [],
    2,
  ),
  /** symmetric matrices with a Cholesky factor */
  positiveDefinite: new Constraint(
    "PositiveDefinite",
    (v) => {
      const batch = v.shape.slice(0, -2);
      if (v.shape.at(-2) !== v.shape.at(-1)) return torch.zeros(batch, { dtype: "bool" });
      const sym = torch.all(torch.all(torch.isclose(v, v.mT, { atol: 1e-6 }), -2), -1);
      if (!torch.all(sym).item()) return sym;
      return torch.eq(torch.linalg.choleskyEx(v)[1], 0);
    },
    [],
    2,
  ),
  /** lower Cholesky factors of correlation matrices: unit rows */
  corrCholesky: new Constraint("CorrCholesky", corrCholeskyCheck, [], 2),
  /** constraints on consecutive slices along a dimension, as torch.cat joins them */
  cat: catConstraint,
  /** constraints on the slices along a dimension, as torch.stack joins them */
  stack: stackConstraint,
  /** one-hot vectors */
  oneHot: new Constraint(
    "OneHot",
    (v) =>
      torch.logicalAnd(
        torch.all(torch.logicalOr(torch.eq(v, 0), torch.eq(v, 1)), -1),
        torch.eq(torch.sum(v, -1), 1),
      ),
    [],
    1,
  ),
  /** integers >= 0 */
  nonnegativeInteger: new Constraint(
    "IntegerGreaterThan",
    (v) => torch.logicalAnd(torch.eq(torch.remainder(v, 1), 0), torch.ge(v, 0)),
    [["lower_bound", 0]],
  ),
};
