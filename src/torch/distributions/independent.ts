/** torch.distributions.Independent. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { Distribution, type SampleShape } from "./distribution.ts";
import { sumRightmost } from "./transform.ts";
import { bindArgs } from "./utils.ts";

/**
 * Whether a distribution has rsample: its own answer where it has one (wrappers answer for their base), else its
 * class's.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { canRsample } from "./independent.ts";
 * assert.ok(canRsample(new torch.distributions.Independent(new torch.distributions.Normal(torch.zeros(2), 1), 1)));
 * ```
 */
export function canRsample(d: Distribution): boolean {
  const own = (d as { hasRsample?: unknown }).hasRsample;
  return typeof own === "boolean" ? own : (d.constructor as typeof Distribution).hasRsample;
}

/** What Independent reaches on its base beyond the Distribution interface. */
interface Enumerable {
  enumerateSupport?(expand?: boolean): Tensor;
}

/** Independent's arguments, as an options object. */
export interface IndependentOptions {
  /** the distribution whose rightmost batch dimensions become event dimensions */
  baseDistribution?: Distribution;
  /** how many rightmost batch dimensions */
  reinterpretedBatchNdims?: number;
  /** validate the scored values */
  validateArgs?: boolean | null;
}

/**
 * A distribution whose `reinterpretedBatchNdims` rightmost batch dimensions are event dimensions: log-densities and
 * entropies summed over them (torch.distributions.Independent).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const { Independent, Normal } = torch.distributions;
 * const d = new Independent(new Normal(torch.zeros([3, 2]), 1), 1);
 * assert.deepEqual([d.batchShape, d.eventShape], [[3], [2]]);
 * assert.deepEqual(d.logProb(torch.zeros([3, 2])).shape, [3]);
 * ```
 */
export class Independent extends Distribution {
  /** The base distribution. */
  baseDist: Distribution;
  /** How many rightmost batch dimensions of the base are event dimensions. */
  reinterpretedBatchNdims: number;
  /** `new Independent(base, reinterpretedBatchNdims, validateArgs?)` or with an options object. */
  constructor(
    baseDistribution: Distribution | IndependentOptions,
    reinterpretedBatchNdims?: number | IndependentOptions,
    validateArgs?: boolean | null | IndependentOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs("Independent.__init__()", ["baseDistribution", "reinterpretedBatchNdims", "validateArgs"], args);
    const base = a.baseDistribution as Distribution, n = a.reinterpretedBatchNdims as number;
    if (!(base instanceof Distribution)) {
      throw new TypeError("Independent.__init__(): base_distribution must be a Distribution");
    }
    if (!Number.isInteger(n)) throw new TypeError(`Independent.__init__(): reinterpreted_batch_ndims must be an int`);
    if (n > base.batchShape.length) {
      throw new RangeError(
        `Expected reinterpreted_batch_ndims <= len(base_distribution.batch_shape), actual ${n} vs ${base.batchShape.length}`,
      );
    }
    const shape = [...base.batchShape, ...base.eventShape], eventDim = n + base.eventShape.length;
    super(shape.slice(0, shape.length - eventDim), shape.slice(shape.length - eventDim), a.validateArgs as boolean);
    this.baseDist = base;
    this.reinterpretedBatchNdims = n;
  }
  /** Whether the base distribution has rsample. */
  get hasRsample(): boolean {
    return canRsample(this.baseDist);
  }
  /** None: the parameters are the base distribution's. */
  get argConstraints(): Record<string, Constraint> {
    return {};
  }
  /** The base's support, over the reinterpreted dimensions too. */
  get support(): Constraint {
    const s = this.baseDist.support;
    return this.reinterpretedBatchNdims ? constraints.independent(s, this.reinterpretedBatchNdims) : s;
  }
  /** The base's mean. */
  get mean(): Tensor {
    return this.baseDist.mean;
  }
  /** The base's mode. */
  get mode(): Tensor {
    return this.baseDist.mode;
  }
  /** The base's variance. */
  get variance(): Tensor {
    return this.baseDist.variance;
  }
  /** A copy over a new batch shape (the base expanded over it and the reinterpreted dimensions). */
  override expand(batchShape: number[]): this {
    const d = super.expand(batchShape);
    d.baseDist = this.baseDist.expand([...batchShape, ...this.eventShape.slice(0, this.reinterpretedBatchNdims)]);
    return d;
  }
  /** The base's samples. */
  override sample(sampleShape: SampleShape = []): Tensor {
    return this.baseDist.sample(sampleShape);
  }
  /** The base's reparameterized samples. */
  override rsample(sampleShape: SampleShape = []): Tensor {
    return this.baseDist.rsample(sampleShape);
  }
  /** The base's log-density summed over the reinterpreted dimensions. */
  logProb(value: Tensor | number): Tensor {
    return sumRightmost(this.baseDist.logProb(value), this.reinterpretedBatchNdims);
  }
  /** The base's entropy summed over the reinterpreted dimensions. */
  entropy(): Tensor {
    return sumRightmost(this.baseDist.entropy(), this.reinterpretedBatchNdims);
  }
  /** The base's support values (only when no dimension is reinterpreted). */
  enumerateSupport(expand = true): Tensor {
    if (this.reinterpretedBatchNdims > 0) {
      throw new torch.RuntimeError("Enumeration over cartesian product is not implemented");
    }
    const base = this.baseDist as unknown as Enumerable;
    if (!base.enumerateSupport) {
      throw new torch.RuntimeError(`${this.baseDist.constructor.name} does not implement enumerate_support`);
    }
    return base.enumerateSupport(expand);
  }
  /** `Independent(Normal(loc: torch.Size([3, 2]), scale: torch.Size([3, 2])), 1)`. */
  override toString(): string {
    return `Independent(${this.baseDist}, ${this.reinterpretedBatchNdims})`;
  }
}
