/** torch.distributions.transforms' element-wise transforms: exp, power, sigmoid, tanh, abs, affine, softplus. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { Constraint, constraints } from "./constraints.ts";
import { type Sign, Transform, type TransformOptions } from "./transform.ts";
import { bindArgs, broadcastAll, type Param } from "./utils.ts";

const softplus = (x: Tensor) => torch.nn.functional.softplus(x);
// PyTorch's Python-float bounds print as floats: Interval(lower_bound=-1.0, upper_bound=1.0)
const SIGNED_UNIT = new Constraint(
  "Interval",
  (v) => torch.logicalAnd(torch.ge(v, -1), torch.le(v, 1)),
  [["lower_bound", "-1.0"], ["upper_bound", "1.0"]],
);

/** A transform with neither parameters nor cache state beyond its kind: equal to any other of its kind. */
abstract class Pointwise extends Transform {
  override equals(other: Transform): boolean {
    return other.constructor === this.constructor;
  }
}

/** An increasing bijection of the real line onto its codomain (Exp, Sigmoid, Tanh, Softplus). */
abstract class IncreasingFromReal extends Pointwise {
  /** The real line. */
  get domain(): Constraint {
    return constraints.real;
  }
  /** True. */
  override get bijective(): boolean {
    return true;
  }
  /** +1. */
  override get sign(): Sign {
    return 1;
  }
}

/**
 * y = exp(x) (torch.distributions.transforms.ExpTransform).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const t = new torch.distributions.transforms.ExpTransform();
 * assert.equal(t.inv.call(torch.tensor(1, { dtype: torch.float64 })).item(), 0);
 * ```
 */
export class ExpTransform extends IncreasingFromReal {
  /** (0, ∞). */
  get codomain(): Constraint {
    return constraints.positive;
  }
  protected override forward(x: Tensor): Tensor {
    return torch.exp(x);
  }
  protected override inverse(y: Tensor): Tensor {
    return torch.log(y);
  }
  /** x. */
  override logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor {
    return x;
  }
}

/** PowerTransform's options. */
export type PowerTransformOptions = TransformOptions & {
  /** the exponent (broadcast with the input) */
  exponent?: Param;
};

/**
 * y = x^exponent on (0, ∞) (torch.distributions.transforms.PowerTransform).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const t = new torch.distributions.transforms.PowerTransform(2);
 * assert.equal(t.call(torch.tensor(3, { dtype: torch.float32 })).item(), 9);
 * ```
 */
export class PowerTransform extends Transform {
  /** The exponent, as a tensor. */
  readonly exponent: Tensor;
  /** `new PowerTransform(exponent, cacheSize?)` or with an options object. */
  constructor(exponent: Param | PowerTransformOptions, cacheSize?: number | PowerTransformOptions);
  constructor(...args: unknown[]) {
    const a = bindArgs("PowerTransform.__init__()", ["exponent", "cacheSize"], args);
    if (a.exponent === undefined) throw new TypeError("PowerTransform.__init__() missing required argument 'exponent'");
    super((a.cacheSize ?? 0) as number);
    [this.exponent] = broadcastAll(a.exponent as Param);
  }
  /** (0, ∞). */
  get domain(): Constraint {
    return constraints.positive;
  }
  /** (0, ∞). */
  get codomain(): Constraint {
    return constraints.positive;
  }
  /** True. */
  override get bijective(): boolean {
    return true;
  }
  /** sign(exponent). */
  override get sign(): Sign {
    return torch.sign(this.exponent);
  }
  override withCache(cacheSize = 1): Transform {
    return this.cacheSize === cacheSize ? this : new PowerTransform(this.exponent, cacheSize);
  }
  override equals(other: Transform): boolean {
    return other instanceof PowerTransform && Boolean(torch.all(torch.eq(this.exponent, other.exponent)).item());
  }
  protected override forward(x: Tensor): Tensor {
    return torch.pow(x, this.exponent);
  }
  protected override inverse(y: Tensor): Tensor {
    return torch.pow(y, torch.reciprocal(this.exponent));
  }
  /** log |exponent y / x|. */
  override logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    return torch.log(torch.abs(torch.div(torch.mul(this.exponent, y), x)));
  }
  override forwardShape(shape: readonly number[]): number[] {
    return torch.broadcastShapes(shape as number[], this.exponent.shape);
  }
  override inverseShape(shape: readonly number[]): number[] {
    return torch.broadcastShapes(shape as number[], this.exponent.shape);
  }
}

/**
 * sigmoid(x), clamped into [tiny, 1 - eps] (PyTorch's _clipped_sigmoid).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { clippedSigmoid } from "./transforms_pointwise.ts";
 * assert.equal(clippedSigmoid(torch.tensor(-1000, { dtype: torch.float64 })).item(), 2 ** -1022);
 * ```
 */
export function clippedSigmoid(x: Tensor): Tensor {
  const finfo = torch.finfo(x.dtype as "float32");
  return torch.clamp(torch.sigmoid(x), { min: finfo.tiny, max: 1 - finfo.eps });
}

/**
 * y = sigmoid(x), x = logit(y) (torch.distributions.transforms.SigmoidTransform).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const t = new torch.distributions.transforms.SigmoidTransform();
 * assert.equal(t.call(torch.tensor(0, { dtype: torch.float64 })).item(), 0.5);
 * ```
 */
export class SigmoidTransform extends IncreasingFromReal {
  /** [0, 1]. */
  get codomain(): Constraint {
    return constraints.unitInterval;
  }
  protected override forward(x: Tensor): Tensor {
    return clippedSigmoid(x);
  }
  protected override inverse(y: Tensor): Tensor {
    const finfo = torch.finfo(y.dtype as "float32");
    const c = torch.clamp(y, { min: finfo.tiny, max: 1 - finfo.eps });
    return torch.sub(torch.log(c), torch.log1p(torch.neg(c)));
  }
  /** -softplus(-x) - softplus(x). */
  override logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor {
    return torch.sub(torch.neg(softplus(torch.neg(x))), softplus(x));
  }
}

/**
 * y = tanh(x) (torch.distributions.transforms.TanhTransform).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const t = new torch.distributions.transforms.TanhTransform();
 * assert.equal(t.logAbsDetJacobian(torch.tensor(0, { dtype: torch.float64 }), torch.tensor(0)).item(), 0);
 * ```
 */
export class TanhTransform extends IncreasingFromReal {
  /** [-1, 1]. */
  get codomain(): Constraint {
    return SIGNED_UNIT;
  }
  protected override forward(x: Tensor): Tensor {
    return torch.tanh(x);
  }
  protected override inverse(y: Tensor): Tensor {
    return torch.atanh(y);
  }
  /** 2 (log 2 - x - softplus(-2x)): stable for large |x|. */
  override logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor {
    return torch.mul(torch.sub(torch.rsub(x, Math.log(2)), softplus(torch.mul(x, -2))), 2);
  }
}

/**
 * y = |x|, inverted as x = y (not bijective) (torch.distributions.transforms.AbsTransform).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const t = new torch.distributions.transforms.AbsTransform();
 * assert.deepEqual(t.call(torch.tensor([-2, 3])).tolist(), [2, 3]);
 * ```
 */
export class AbsTransform extends Pointwise {
  /** The real line. */
  get domain(): Constraint {
    return constraints.real;
  }
  /** (0, ∞). */
  get codomain(): Constraint {
    return constraints.positive;
  }
  protected override forward(x: Tensor): Tensor {
    return torch.abs(x);
  }
  protected override inverse(y: Tensor): Tensor {
    return y;
  }
}

/**
 * y = softplus(x) = log(1 + e^x) (torch.distributions.transforms.SoftplusTransform).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const t = new torch.distributions.transforms.SoftplusTransform();
 * assert.equal(t.call(torch.tensor(0, { dtype: torch.float64 })).item(), Math.log(2));
 * ```
 */
export class SoftplusTransform extends IncreasingFromReal {
  /** (0, ∞). */
  get codomain(): Constraint {
    return constraints.positive;
  }
  protected override forward(x: Tensor): Tensor {
    return softplus(x);
  }
  /** log(-expm1(-y)) + y. */
  protected override inverse(y: Tensor): Tensor {
    return torch.add(torch.log(torch.neg(torch.expm1(torch.neg(y)))), y);
  }
  /** -softplus(-x). */
  override logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor {
    return torch.neg(softplus(torch.neg(x)));
  }
}

/** AffineTransform's options. */
export type AffineTransformOptions = TransformOptions & {
  /** the location */
  loc?: Param;
  /** the scale */
  scale?: Param;
  /** how many rightmost dimensions are one event (0: univariate) */
  eventDim?: number;
};

/**
 * y = loc + scale x, element-wise over events of `eventDim` dimensions
 * (torch.distributions.transforms.AffineTransform).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const t = new torch.distributions.transforms.AffineTransform(1, -2);
 * const x = torch.tensor([0, 1], { dtype: torch.float64 });
 * assert.deepEqual(t.call(x).tolist(), [1, -1]);
 * assert.equal(t.sign, -1);
 * ```
 */
export class AffineTransform extends Transform {
  /** The location (a number or a tensor). */
  readonly loc: Param;
  /** The scale (a number or a tensor). */
  readonly scale: Param;
  #eventDim: number;
  /** `new AffineTransform(loc, scale, eventDim?, cacheSize?)` or with an options object. */
  constructor(
    loc: Param | AffineTransformOptions,
    scale?: Param | AffineTransformOptions,
    eventDim?: number | AffineTransformOptions,
    cacheSize?: number | AffineTransformOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs("AffineTransform.__init__()", ["loc", "scale", "eventDim", "cacheSize"], args);
    if (a.loc === undefined || a.scale === undefined) {
      throw new TypeError(
        `AffineTransform.__init__() missing required argument '${a.loc === undefined ? "loc" : "scale"}'`,
      );
    }
    super((a.cacheSize ?? 0) as number);
    this.loc = a.loc as Param;
    this.scale = a.scale as Param;
    this.#eventDim = (a.eventDim ?? 0) as number;
  }
  /** How many rightmost dimensions are one event. */
  override get eventDim(): number {
    return this.#eventDim;
  }
  /** The reals (over events of eventDim dimensions). */
  get domain(): Constraint {
    return this.#eventDim === 0 ? constraints.real : constraints.independent(constraints.real, this.#eventDim);
  }
  /** The reals (over events of eventDim dimensions). */
  get codomain(): Constraint {
    return this.domain;
  }
  /** True. */
  override get bijective(): boolean {
    return true;
  }
  /** sign(scale): a number for a number scale, else a tensor. */
  override get sign(): Sign {
    const s = this.scale;
    return typeof s === "number" ? (s > 0 ? 1 : s < 0 ? -1 : 0) : torch.sign(s);
  }
  override withCache(cacheSize = 1): Transform {
    return this.cacheSize === cacheSize ? this : new AffineTransform(this.loc, this.scale, this.#eventDim, cacheSize);
  }
  override equals(other: Transform): boolean {
    if (!(other instanceof AffineTransform)) return false;
    const same = (a: Param, b: Param) =>
      typeof a === "number" && typeof b === "number" ? a === b : Boolean(torch.all(torch.eq(a as Tensor, b)).item());
    return same(this.loc, other.loc) && same(this.scale, other.scale);
  }
  protected override forward(x: Tensor): Tensor {
    return torch.add(torch.mul(x, this.scale as Tensor), this.loc as Tensor);
  }
  protected override inverse(y: Tensor): Tensor {
    return torch.div(torch.sub(y, this.loc as Tensor), this.scale as Tensor);
  }
  /** log |scale|, summed over the event and expanded to x's batch shape. */
  override logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor {
    const s = this.scale;
    let shape = x.shape;
    let result = typeof s === "number" ? torch.fullLike(x, Math.log(Math.abs(s))) : torch.log(torch.abs(s));
    const ed = this.#eventDim;
    if (ed) {
      result = torch.sum(result.reshape([...result.shape.slice(0, result.ndim - ed), -1]), -1);
      shape = shape.slice(0, shape.length - ed);
    }
    return result.expand(shape);
  }
  override forwardShape(shape: readonly number[]): number[] {
    const shapeOf = (p: Param) => (typeof p === "number" ? [] : p.shape);
    return torch.broadcastShapes(shape as number[], shapeOf(this.loc), shapeOf(this.scale));
  }
  override inverseShape(shape: readonly number[]): number[] {
    return this.forwardShape(shape);
  }
}
