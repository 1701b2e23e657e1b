/** torch.distributions.TransformedDistribution. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { Distribution, type SampleShape } from "./distribution.ts";
import { canRsample, Independent } from "./independent.ts";
import { ComposeTransform, sumRightmost, Transform } from "./transform.ts";
import { bindArgs } from "./utils.ts";

/** TransformedDistribution's arguments, as an options object. */
export interface TransformedDistributionOptions {
  /** the distribution transformed */
  baseDistribution?: Distribution;
  /** a transform or a list of them, applied first to last */
  transforms?: Transform | Transform[];
  /** validate the scored values */
  validateArgs?: boolean | null;
}

/** What TransformedDistribution reaches on its base beyond the Distribution interface (cdf, icdf, validation). */
interface BaseAccess {
  cdf?(value: Tensor): Tensor;
  icdf?(value: Tensor): Tensor;
  validateSample(value: unknown): void;
}

/**
 * The distribution of `transforms` applied to samples of a base distribution
 * (torch.distributions.TransformedDistribution): log-densities by the change of variables, cdf / icdf through
 * monotone transforms. The base is expanded or wrapped in Independent as the transforms' shapes and event
 * dimensions require.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const { TransformedDistribution, Normal, transforms } = torch.distributions;
 * const d = new TransformedDistribution(new Normal(0, 1), [new transforms.ExpTransform()]);
 * const x = torch.tensor(1, { dtype: torch.float32 });
 * assert.equal(d.logProb(x).item(), new Normal(0, 1).logProb(torch.tensor(0, { dtype: torch.float32 })).item());
 * ```
 */
export class TransformedDistribution extends Distribution {
  /** The base distribution (expanded or made Independent as needed). */
  baseDist: Distribution;
  /** The transforms, applied first to last. */
  transforms: Transform[];
  /** `new TransformedDistribution(base, transforms, validateArgs?)` or with an options object. */
  constructor(
    baseDistribution: Distribution | TransformedDistributionOptions,
    transforms?: Transform | Transform[] | TransformedDistributionOptions,
    validateArgs?: boolean | null | TransformedDistributionOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs(
      `${new.target.name}.__init__()`,
      ["baseDistribution", "transforms", "validateArgs"],
      args,
    );
    let base = a.baseDistribution as Distribution;
    if (!(base instanceof Distribution)) {
      throw new TypeError(`${new.target.name}.__init__(): base_distribution must be a Distribution`);
    }
    const ts = a.transforms instanceof Transform ? [a.transforms] : a.transforms;
    if (!Array.isArray(ts)) throw new RangeError(`transforms must be a Transform or list, but was ${a.transforms}`);
    if (!ts.every((t) => t instanceof Transform)) {
      throw new RangeError("transforms must be a Transform or a list of Transforms");
    }
    const baseShape = [...base.batchShape, ...base.eventShape], baseEventDim = base.eventShape.length;
    const transform = new ComposeTransform(ts);
    const { domain, codomain } = transform;
    if (baseShape.length < domain.eventDim) {
      throw new RangeError(
        `base_distribution needs to have shape with size at least ${domain.eventDim}, but got torch.Size([${
          baseShape.join(", ")
        }]).`,
      );
    }
    const forwardShape = transform.forwardShape(baseShape);
    const expandedBaseShape = transform.inverseShape(forwardShape);
    if (expandedBaseShape.join() !== baseShape.join()) {
      base = base.expand(expandedBaseShape.slice(0, expandedBaseShape.length - baseEventDim));
    }
    const reinterpreted = domain.eventDim - baseEventDim;
    if (reinterpreted > 0) base = new Independent(base, reinterpreted);
    const eventDim = Math.max(codomain.eventDim, baseEventDim + codomain.eventDim - domain.eventDim);
    const cut = forwardShape.length - eventDim;
    super(forwardShape.slice(0, cut), forwardShape.slice(cut), a.validateArgs as boolean | undefined);
    this.baseDist = base;
    this.transforms = ts;
  }
  /** Whether the base distribution has rsample. */
  get hasRsample(): boolean {
    return canRsample(this.baseDist);
  }
  /** None: the parameters are the base distribution's and the transforms'. */
  get argConstraints(): Record<string, Constraint> {
    return {};
  }
  /** The last transform's codomain (over the whole event), or the base's support when there are no transforms. */
  get support(): Constraint {
    if (!this.transforms.length) return this.baseDist.support;
    const support = this.transforms.at(-1)!.codomain;
    const extra = this.eventShape.length - support.eventDim;
    return extra > 0 ? constraints.independent(support, extra) : support;
  }
  /** Not defined in general (PyTorch's NotImplementedError). */
  get mean(): Tensor {
    throw new torch.RuntimeError(`${this.constructor.name} does not implement mean`);
  }
  /** Not defined in general (PyTorch's NotImplementedError). */
  get mode(): Tensor {
    throw new torch.RuntimeError(`${this.constructor.name} does not implement mode`);
  }
  /** Not defined in general (PyTorch's NotImplementedError). */
  get variance(): Tensor {
    throw new torch.RuntimeError(`${this.constructor.name} does not implement variance`);
  }
  /** Not defined in general (PyTorch's NotImplementedError). */
  entropy(): Tensor {
    throw new torch.RuntimeError(`${this.constructor.name} does not implement entropy`);
  }
  /** A copy over a new batch shape: the base expanded to the shape the transforms map back to. */
  override expand(batchShape: number[]): this {
    const d = super.expand(batchShape);
    const shape = this.transforms.reduceRight((s, t) => t.inverseShape(s), [...batchShape, ...this.eventShape]);
    d.baseDist = this.baseDist.expand(shape.slice(0, shape.length - this.baseDist.eventShape.length));
    return d;
  }
  /** Base samples through the transforms, without gradient history. */
  override sample(sampleShape: SampleShape = []): Tensor {
    return torch.noGrad(() => this.transforms.reduce((x, t) => t.call(x), this.baseDist.sample(sampleShape)));
  }
  /** Base reparameterized samples through the transforms. */
  override rsample(sampleShape: SampleShape = []): Tensor {
    return this.transforms.reduce((x, t) => t.call(x), this.baseDist.rsample(sampleShape));
  }
  /** The base's log-density at the inverse image, less each transform's log |det J| (summed over the event). */
  logProb(value: Tensor | number): Tensor {
    if (this.validateArgs) this.validateSample(value);
    let y = torch.isTensor(value) ? value : torch.tensor(value);
    let eventDim = this.eventShape.length, lp: Tensor | undefined;
    for (const t of [...this.transforms].reverse()) {
      const x = t.inv.call(y);
      eventDim += t.domain.eventDim - t.codomain.eventDim;
      const term = sumRightmost(t.logAbsDetJacobian(x, y), eventDim - t.domain.eventDim);
      lp = lp ? torch.sub(lp, term) : torch.rsub(term, 0); // Python's 0.0 - term
      y = x;
    }
    const base = sumRightmost(this.baseDist.logProb(y), eventDim - this.baseDist.eventShape.length);
    return lp ? torch.add(lp, base) : torch.add(base, 0);
  }
  /** cdf with a decreasing chain of transforms flipped to 1 - cdf (PyTorch's _monotonize_cdf). */
  private monotonizeCdf(value: Tensor): Tensor {
    const sign = new ComposeTransform(this.transforms).sign;
    if (sign === 1) return value;
    return torch.add(torch.mul(torch.sub(value, 0.5), sign as Tensor), 0.5);
  }
  /** The base's cdf at the inverse image (flipped for decreasing transforms). */
  cdf(value: Tensor | number): Tensor {
    let v = torch.isTensor(value) ? value : torch.tensor(value);
    for (const t of [...this.transforms].reverse()) v = t.inv.call(v);
    const base = this.baseDist as unknown as BaseAccess;
    if (this.validateArgs) base.validateSample(v);
    if (!base.cdf) throw new torch.RuntimeError(`${this.baseDist.constructor.name} does not implement cdf`);
    return this.monotonizeCdf(base.cdf(v));
  }
  /** The transforms applied to the base's icdf (of the flipped probability for decreasing transforms). */
  icdf(value: Tensor | number): Tensor {
    const base = this.baseDist as unknown as BaseAccess;
    if (!base.icdf) throw new torch.RuntimeError(`${this.baseDist.constructor.name} does not implement icdf`);
    const p = this.monotonizeCdf(torch.isTensor(value) ? value : torch.tensor(value));
    return this.transforms.reduce((x, t) => t.call(x), base.icdf(p));
  }
  /**
   * Validates parameters that live on the base distribution (PyTorch checks them through properties, and its repr,
   * quoted in the message, omits them).
   */
  protected checkDerivedArgs(values: Record<string, Tensor>): void {
    const view = Object.create(this) as this;
    view.params = new Map(Object.entries(values));
    view.toString = () => String(this);
    view.checkArgs();
  }
}
