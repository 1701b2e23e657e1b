/**
 * torch.distributions.transforms' structure: the Transform base (caching, inverse, shapes), its inverse, and the
 * transforms built from others (ComposeTransform, IndependentTransform) or from shapes alone (ReshapeTransform).
 */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { bindArgs, sizeStr } from "./utils.ts";

/** A transform's trailing options: `cacheSize` 0 (no cache) or 1 (the latest x, y pair is kept). */
export interface TransformOptions {
  /** 0: no caching; 1: the latest (x, y) pair is cached, so `t.inv(t.call(x))` returns x itself */
  cacheSize?: number;
}

/** A transform's sign: +1 / -1 for monotone univariate transforms, or a tensor of them. */
export type Sign = number | Tensor;

/**
 * Sums out the `dim` rightmost dimensions of `value` (PyTorch's _sum_rightmost).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { sumRightmost } from "./transform.ts";
 * assert.deepEqual(sumRightmost(torch.ones([2, 3, 4]), 2).tolist(), [12, 12]);
 * ```
 */
export function sumRightmost(value: Tensor, dim: number): Tensor {
  if (dim === 0) return value;
  return torch.sum(value.reshape([...value.shape.slice(0, value.ndim - dim), -1]), -1);
}

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((s, i) => s === b[i]);

/**
 * An invertible (or pseudo-invertible) map with a computable log |det J| (torch.distributions.transforms.Transform):
 * `call(x)` gives y, `inv` is the inverse transform, `logAbsDetJacobian(x, y)` the log-determinant, and with
 * `cacheSize: 1` the latest (x, y) pair is kept so that inverting a value just produced returns its input.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const { ExpTransform, Transform } = torch.distributions.transforms;
 * const t = new ExpTransform({ cacheSize: 1 });
 * assert.ok(t instanceof Transform);
 * const x = torch.tensor([0, 1], { dtype: torch.float64 });
 * assert.equal(t.inv.call(t.call(x)), x);
 * assert.deepEqual(t.logAbsDetJacobian(x, t.call(x)).tolist(), [0, 1]);
 * ```
 */
export abstract class Transform {
  /** 0 or 1: whether the latest (x, y) pair is kept. */
  protected readonly cacheSize: number;
  #cached: [Tensor | undefined, Tensor | undefined] = [undefined, undefined];
  /** The inverse, made on first use and kept (so `t.inv.inv === t`). */
  protected invTransform?: Transform;

  /** Sets the cache size: `new T(cacheSize?)` or `new T({ cacheSize })` for the transforms without parameters. */
  constructor(cacheSize?: number | TransformOptions);
  constructor(...args: unknown[]) {
    const a = bindArgs(`${new.target.name}.__init__()`, ["cacheSize"], args);
    const cacheSize = (a.cacheSize ?? 0) as number;
    if (cacheSize !== 0 && cacheSize !== 1) throw new RangeError("cache_size must be 0 or 1");
    this.cacheSize = cacheSize;
  }

  /** The constraint on inputs. */
  abstract get domain(): Constraint;
  /** The constraint on outputs (the inverse's inputs). */
  abstract get codomain(): Constraint;
  /** Whether `inv(call(x)) == x` for every x in the domain. */
  get bijective(): boolean {
    return false;
  }
  /** The sign of the Jacobian's determinant (bijective univariate transforms only). */
  get sign(): Sign {
    throw new torch.RuntimeError(`${this.constructor.name}.sign is not implemented`);
  }
  /** How many rightmost dimensions make one event, when domain and codomain agree. */
  get eventDim(): number {
    if (this.domain.eventDim === this.codomain.eventDim) return this.domain.eventDim;
    throw new RangeError("Please use either .domain.event_dim or .codomain.event_dim");
  }
  /** The inverse transform (`t.inv.inv === t`). */
  get inv(): Transform {
    return this.invTransform ??= new InverseTransform(this);
  }
  /** This transform with another cache size (itself when the size is the same). */
  withCache(cacheSize = 1): Transform {
    if (this.cacheSize === cacheSize) return this;
    const Ctor = this.constructor as new (o: TransformOptions) => Transform;
    return new Ctor({ cacheSize });
  }
  /** Whether `other` is the same transform (same kind and parameters). */
  equals(other: Transform): boolean {
    return other === this;
  }
  /** y = t(x), through the cache when cacheSize is 1. */
  call(x: Tensor): Tensor {
    if (this.cacheSize === 0) return this.forward(x);
    const [xOld, yOld] = this.#cached;
    if (x === xOld) return yOld!;
    const y = this.forward(x);
    this.#cached = [x, y];
    return y;
  }
  /** x = t⁻¹(y), through the cache when cacheSize is 1 (what `inv.call` runs). */
  invCall(y: Tensor): Tensor {
    if (this.cacheSize === 0) return this.inverse(y);
    const [xOld, yOld] = this.#cached;
    if (y === yOld) return xOld!;
    const x = this.inverse(y);
    this.#cached = [x, y];
    return x;
  }
  /** The forward map, uncached. */
  protected forward(_x: Tensor): Tensor {
    throw new torch.RuntimeError(`${this.constructor.name} does not implement its forward map`);
  }
  /** The inverse map, uncached. */
  protected inverse(_y: Tensor): Tensor {
    throw new torch.RuntimeError(`${this.constructor.name} does not implement its inverse`);
  }
  /** log |dy/dx| at (x, y), summed over nothing (one value per element of the domain's batch). */
  logAbsDetJacobian(_x: Tensor, _y: Tensor): Tensor {
    throw new torch.RuntimeError(`${this.constructor.name} does not implement logAbsDetJacobian`);
  }
  /** The output shape for an input shape. */
  forwardShape(shape: readonly number[]): number[] {
    return [...shape];
  }
  /** The input shape for an output shape. */
  inverseShape(shape: readonly number[]): number[] {
    return [...shape];
  }
  /** `ExpTransform()`, as PyTorch prints. */
  toString(): string {
    return `${this.constructor.name}()`;
  }
}

/** The inverse of a transform (PyTorch's _InverseTransform): what `t.inv` gives. */
class InverseTransform extends Transform {
  constructor(readonly base: Transform) {
    super((base as InverseTransform).cacheSize);
    this.invTransform = base;
  }
  get domain(): Constraint {
    return this.base.codomain;
  }
  get codomain(): Constraint {
    return this.base.domain;
  }
  override get bijective(): boolean {
    return this.base.bijective;
  }
  override get sign(): Sign {
    return this.base.sign;
  }
  override withCache(cacheSize = 1): Transform {
    return this.base.withCache(cacheSize).inv;
  }
  override equals(other: Transform): boolean {
    return other instanceof InverseTransform && this.base.equals(other.base);
  }
  override call(x: Tensor): Tensor {
    return this.base.invCall(x);
  }
  override invCall(y: Tensor): Tensor {
    return this.base.call(y);
  }
  override logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    return torch.neg(this.base.logAbsDetJacobian(y, x));
  }
  override forwardShape(shape: readonly number[]): number[] {
    return this.base.inverseShape(shape);
  }
  override inverseShape(shape: readonly number[]): number[] {
    return this.base.forwardShape(shape);
  }
  override toString(): string {
    return `_InverseTransform(${this.base})`;
  }
}

/** ComposeTransform's options. */
export type ComposeTransformOptions = TransformOptions & {
  /** the transforms, applied first to last */
  parts?: Transform[];
};

/**
 * Transforms applied in a chain, first to last (torch.distributions.transforms.ComposeTransform); with no parts it
 * is the identity (`identityTransform`). Its log-determinant sums each part's over the dimensions the chain's event
 * covers.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const { ComposeTransform, ExpTransform, AffineTransform } = torch.distributions.transforms;
 * const t = new ComposeTransform([new ExpTransform(), new AffineTransform(1, 2)]);
 * assert.equal(t.call(torch.tensor(0, { dtype: torch.float64 })).item(), 3);
 * assert.equal(t.inv.call(torch.tensor(3, { dtype: torch.float64 })).item(), 0);
 * ```
 */
export class ComposeTransform extends Transform {
  /** The transforms, applied first to last. */
  readonly parts: Transform[];
  /** Chains `parts`: `new ComposeTransform(parts, cacheSize?)` or with an options object. */
  constructor(parts: Transform[] | ComposeTransformOptions, cacheSize?: number | ComposeTransformOptions);
  constructor(...args: unknown[]) {
    const a = bindArgs("ComposeTransform.__init__()", ["parts", "cacheSize"], args);
    if (!Array.isArray(a.parts) || !a.parts.every((p) => p instanceof Transform)) {
      throw new TypeError("ComposeTransform.__init__(): parts must be a list of Transforms");
    }
    const cacheSize = (a.cacheSize ?? 0) as number;
    super(cacheSize);
    this.parts = cacheSize ? a.parts.map((p: Transform) => p.withCache(cacheSize)) : [...a.parts];
  }
  get domain(): Constraint {
    if (!this.parts.length) return constraints.real;
    let domain = this.parts[0].domain, eventDim = this.parts.at(-1)!.codomain.eventDim;
    for (const part of [...this.parts].reverse()) {
      eventDim = Math.max(eventDim + part.domain.eventDim - part.codomain.eventDim, part.domain.eventDim);
    }
    if (eventDim > domain.eventDim) domain = constraints.independent(domain, eventDim - domain.eventDim);
    return domain;
  }
  get codomain(): Constraint {
    if (!this.parts.length) return constraints.real;
    let codomain = this.parts.at(-1)!.codomain, eventDim = this.parts[0].domain.eventDim;
    for (const part of this.parts) {
      eventDim = Math.max(eventDim + part.codomain.eventDim - part.domain.eventDim, part.codomain.eventDim);
    }
    if (eventDim > codomain.eventDim) codomain = constraints.independent(codomain, eventDim - codomain.eventDim);
    return codomain;
  }
  override get bijective(): boolean {
    return this.parts.every((p) => p.bijective);
  }
  override get sign(): Sign {
    return this.parts.reduce<Sign>((s, p) => {
      const ps = p.sign;
      return typeof s === "number" && typeof ps === "number" ? s * ps : torch.mul(ps as Tensor, s as never);
    }, 1);
  }
  override get inv(): Transform {
    if (!this.invTransform) {
      const inv = new ComposeTransform(this.parts.map((p) => p.inv).reverse());
      inv.invTransform = this;
      this.invTransform = inv;
    }
    return this.invTransform;
  }
  override withCache(cacheSize = 1): Transform {
    return this.cacheSize === cacheSize ? this : new ComposeTransform(this.parts, cacheSize);
  }
  override equals(other: Transform): boolean {
    return other instanceof ComposeTransform && other.parts.length === this.parts.length &&
      this.parts.every((p, i) => p.equals(other.parts[i]));
  }
  override call(x: Tensor): Tensor {
    return this.parts.reduce((v, p) => p.call(v), x);
  }
  override invCall(y: Tensor): Tensor {
    return this.inv.call(y);
  }
  override logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    if (!this.parts.length) return torch.zerosLike(x);
    const xs = [x];
    for (const part of this.parts.slice(0, -1)) xs.push(part.call(xs.at(-1)!));
    xs.push(y);
    let eventDim = this.domain.eventDim, total: Tensor | undefined;
    this.parts.forEach((part, i) => {
      const term = sumRightmost(part.logAbsDetJacobian(xs[i], xs[i + 1]), eventDim - part.domain.eventDim);
      total = total ? torch.add(total, term) : term;
      eventDim += part.codomain.eventDim - part.domain.eventDim;
    });
    return total!;
  }
  override forwardShape(shape: readonly number[]): number[] {
    return this.parts.reduce((s, p) => p.forwardShape(s), [...shape]);
  }
  override inverseShape(shape: readonly number[]): number[] {
    return this.parts.reduceRight((s, p) => p.inverseShape(s), [...shape]);
  }
  override toString(): string {
    return `ComposeTransform(\n    ${this.parts.map(String).join(",\n    ")}\n)`;
  }
}

/**
 * The identity: a ComposeTransform of no parts (torch.distributions.transforms.identity_transform).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const x = torch.tensor([1, 2]);
 * assert.equal(torch.distributions.transforms.identityTransform.call(x), x);
 * ```
 */
export const identityTransform: ComposeTransform = new ComposeTransform([]);

/** IndependentTransform's options. */
export type IndependentTransformOptions = TransformOptions & {
  /** the transform wrapped */
  baseTransform?: Transform;
  /** how many more rightmost dimensions are one event */
  reinterpretedBatchNdims?: number;
};

/**
 * A transform whose `reinterpretedBatchNdims` more rightmost dimensions form one event: the same map, with the
 * log-determinant summed over them (torch.distributions.transforms.IndependentTransform).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const { IndependentTransform, ExpTransform } = torch.distributions.transforms;
 * const t = new IndependentTransform(new ExpTransform(), 1);
 * const x = torch.tensor([[1, 2], [3, 4]], { dtype: torch.float64 });
 * assert.deepEqual(t.logAbsDetJacobian(x, t.call(x)).tolist(), [3, 7]);
 * ```
 */
export class IndependentTransform extends Transform {
  /** The transform wrapped (with this one's cache size). */
  readonly baseTransform: Transform;
  /** How many more rightmost dimensions are one event. */
  readonly reinterpretedBatchNdims: number;
  /** `new IndependentTransform(base, reinterpretedBatchNdims, cacheSize?)` or with an options object. */
  constructor(
    baseTransform: Transform | IndependentTransformOptions,
    reinterpretedBatchNdims?: number | IndependentTransformOptions,
    cacheSize?: number | IndependentTransformOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs(
      "IndependentTransform.__init__()",
      ["baseTransform", "reinterpretedBatchNdims", "cacheSize"],
      args,
    );
    if (!(a.baseTransform instanceof Transform)) {
      throw new TypeError("IndependentTransform.__init__(): base_transform must be a Transform");
    }
    const n = a.reinterpretedBatchNdims;
    if (!Number.isInteger(n) || (n as number) < 0) {
      throw new TypeError(`IndependentTransform.__init__(): reinterpreted_batch_ndims must be an int >= 0, got ${n}`);
    }
    super((a.cacheSize ?? 0) as number);
    this.baseTransform = a.baseTransform.withCache(this.cacheSize);
    this.reinterpretedBatchNdims = n as number;
  }
  get domain(): Constraint {
    return constraints.independent(this.baseTransform.domain, this.reinterpretedBatchNdims);
  }
  get codomain(): Constraint {
    return constraints.independent(this.baseTransform.codomain, this.reinterpretedBatchNdims);
  }
  override get bijective(): boolean {
    return this.baseTransform.bijective;
  }
  override get sign(): Sign {
    return this.baseTransform.sign;
  }
  override withCache(cacheSize = 1): Transform {
    return this.cacheSize === cacheSize
      ? this
      : new IndependentTransform(this.baseTransform, this.reinterpretedBatchNdims, cacheSize);
  }
  override equals(other: Transform): boolean {
    return other instanceof IndependentTransform && other.reinterpretedBatchNdims === this.reinterpretedBatchNdims &&
      this.baseTransform.equals(other.baseTransform);
  }
  protected override forward(x: Tensor): Tensor {
    if (x.ndim < this.domain.eventDim) throw new RangeError("Too few dimensions on input");
    return this.baseTransform.call(x);
  }
  protected override inverse(y: Tensor): Tensor {
    if (y.ndim < this.codomain.eventDim) throw new RangeError("Too few dimensions on input");
    return this.baseTransform.inv.call(y);
  }
  override logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    return sumRightmost(this.baseTransform.logAbsDetJacobian(x, y), this.reinterpretedBatchNdims);
  }
  override forwardShape(shape: readonly number[]): number[] {
    return this.baseTransform.forwardShape(shape);
  }
  override inverseShape(shape: readonly number[]): number[] {
    return this.baseTransform.inverseShape(shape);
  }
  override toString(): string {
    return `IndependentTransform(${this.baseTransform}, ${this.reinterpretedBatchNdims})`;
  }
}

/** ReshapeTransform's options. */
export type ReshapeTransformOptions = TransformOptions & {
  /** the input event shape */
  inShape?: readonly number[];
  /** the output event shape (as many elements) */
  outShape?: readonly number[];
};

/**
 * Reshapes the rightmost `inShape` dimensions to `outShape` (unit Jacobian)
 * (torch.distributions.transforms.ReshapeTransform).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const t = new torch.distributions.transforms.ReshapeTransform([2, 3], [6]);
 * assert.deepEqual(t.call(torch.zeros([4, 2, 3])).shape, [4, 6]);
 * assert.deepEqual(t.inverseShape([5, 6]), [5, 2, 3]);
 * ```
 */
export class ReshapeTransform extends Transform {
  /** The input event shape. */
  readonly inShape: number[];
  /** The output event shape. */
  readonly outShape: number[];
  /** `new ReshapeTransform(inShape, outShape, cacheSize?)` or with an options object. */
  constructor(
    inShape: readonly number[] | ReshapeTransformOptions,
    outShape?: readonly number[] | ReshapeTransformOptions,
    cacheSize?: number | ReshapeTransformOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs("ReshapeTransform.__init__()", ["inShape", "outShape", "cacheSize"], args);
    const inShape = [...(a.inShape as number[])], outShape = [...(a.outShape as number[])];
    const numel = (s: number[]) => s.reduce((p, d) => p * d, 1);
    if (numel(inShape) !== numel(outShape)) {
      throw new RangeError("in_shape, out_shape have different numbers of elements");
    }
    super((a.cacheSize ?? 0) as number);
    this.inShape = inShape;
    this.outShape = outShape;
  }
  get domain(): Constraint {
    return constraints.independent(constraints.real, this.inShape.length);
  }
  get codomain(): Constraint {
    return constraints.independent(constraints.real, this.outShape.length);
  }
  override get bijective(): boolean {
    return true;
  }
  override withCache(cacheSize = 1): Transform {
    return this.cacheSize === cacheSize ? this : new ReshapeTransform(this.inShape, this.outShape, cacheSize);
  }
  protected override forward(x: Tensor): Tensor {
    return x.reshape([...x.shape.slice(0, x.ndim - this.inShape.length), ...this.outShape]);
  }
  protected override inverse(y: Tensor): Tensor {
    return y.reshape([...y.shape.slice(0, y.ndim - this.outShape.length), ...this.inShape]);
  }
  override logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor {
    return torch.zeros(x.shape.slice(0, x.ndim - this.inShape.length), { dtype: x.dtype });
  }
  override forwardShape(shape: readonly number[]): number[] {
    return this.reshaped(shape, this.inShape, this.outShape);
  }
  override inverseShape(shape: readonly number[]): number[] {
    return this.reshaped(shape, this.outShape, this.inShape);
  }
  // shape's rightmost `from` dims replaced by `to`
  private reshaped(shape: readonly number[], from: number[], to: number[]): number[] {
    if (shape.length < from.length) throw new RangeError("Too few dimensions on input");
    const cut = shape.length - from.length;
    if (!sameShape(shape.slice(cut), from)) {
      throw new RangeError(`Shape mismatch: expected ${sizeStr(shape.slice(cut))} but got ${sizeStr(from)}`);
    }
    return [...shape.slice(0, cut), ...to];
  }
}
