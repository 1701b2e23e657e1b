/** torch.distributions.MixtureSameFamily. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { Categorical } from "./categorical.ts";
import { Constraint } from "./constraints.ts";
import { Distribution, type SampleShape } from "./distribution.ts";
import { bindArgs, sizeStr } from "./utils.ts";

/** MixtureSameFamily's arguments, as an options object. */
export interface MixtureSameFamilyOptions {
  /** the Categorical choosing among the k components */
  mixtureDistribution?: Categorical;
  /** the components: a distribution whose rightmost batch dimension (k) indexes them */
  componentDistribution?: Distribution;
  /** validate the scored values */
  validateArgs?: boolean | null;
}

/** What MixtureSameFamily reaches on its components beyond the Distribution interface. */
interface WithCdf {
  cdf?(value: Tensor): Tensor;
}

/**
 * The component support with the component dimension put back before checking, each value valid when it is valid
 * for every component (PyTorch's MixtureSameFamilyConstraint).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { mixtureSameFamilyConstraint } from "./mixture_same_family.ts";
 * const c = mixtureSameFamilyConstraint(torch.distributions.constraints.positive);
 * assert.equal(String(c), "MixtureSameFamilyConstraint(GreaterThan(lower_bound=0.0))");
 * assert.deepEqual(c.check(torch.tensor([1, -1])).tolist(), [true, false]);
 * ```
 */
export function mixtureSameFamilyConstraint(base: Constraint): Constraint {
  const eventDim = base.eventDim;
  return new Constraint(
    "MixtureSameFamilyConstraint",
    (v) => {
      const result = base.check(v.unsqueeze(-1 - eventDim));
      if (v.ndim < eventDim) throw new RangeError(`Expected value.dim() >= ${eventDim} but got ${v.ndim}`);
      return torch.all(result.reshape([...result.shape.slice(0, v.ndim - eventDim), -1]), -1);
    },
    [["", String(base)]],
    eventDim,
  );
}

/**
 * A batch of mixtures of k distributions of one family (torch.distributions.MixtureSameFamily): a Categorical over
 * the k components (`mixtureDistribution`) and the components themselves (`componentDistribution`, whose rightmost
 * batch dimension is k). Samples pick a component index first, then draw every component and keep the chosen one;
 * log-densities are the log-sum-exp of the components' weighted by the mixture.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const { Categorical, MixtureSameFamily, Normal } = torch.distributions;
 * const f64 = { dtype: torch.float64 };
 * const gmm = new MixtureSameFamily(
 *   new Categorical(torch.tensor([1, 3], f64)),
 *   new Normal(torch.tensor([-1, 1], f64), torch.ones([2], f64)),
 * );
 * assert.equal(gmm.mean.item(), 0.5);
 * assert.equal(gmm.variance.item(), 1.75);
 * torch.manualSeed(0);
 * assert.deepEqual(gmm.sample([3]).shape, [3]);
 * ```
 */
export class MixtureSameFamily extends Distribution {
  /** The Categorical over the components. */
  mixtureDistribution: Categorical;
  /** The components, indexed by the rightmost batch dimension. */
  componentDistribution: Distribution;
  /** k, the number of components. */
  readonly numComponent: number;
  /** `new MixtureSameFamily(mixtureDistribution, componentDistribution, validateArgs?)` or with an options object. */
  constructor(
    mixtureDistribution: Categorical | MixtureSameFamilyOptions,
    componentDistribution?: Distribution | MixtureSameFamilyOptions,
    validateArgs?: boolean | null | MixtureSameFamilyOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs(
      "MixtureSameFamily.__init__()",
      ["mixtureDistribution", "componentDistribution", "validateArgs"],
      args,
    );
    const mix = a.mixtureDistribution as Categorical, comp = a.componentDistribution as Distribution;
    if (!(mix instanceof Categorical)) {
      throw new RangeError(" The Mixture distribution needs to be an  instance of torch.distributions.Categorical");
    }
    if (!(comp instanceof Distribution)) {
      throw new RangeError(
        "The Component distribution needs to be an instance of torch.distributions.Distribution",
      );
    }
    const mdbs = mix.batchShape, cdbs = comp.batchShape.slice(0, -1);
    for (let i = 1; i <= Math.min(mdbs.length, cdbs.length); i++) {
      const s1 = mdbs[mdbs.length - i], s2 = cdbs[cdbs.length - i];
      if (s1 !== 1 && s2 !== 1 && s1 !== s2) {
        throw new RangeError(
          `\`mixture_distribution.batch_shape\` (${sizeStr(mdbs)}) is not compatible with ` +
            `\`component_distribution.batch_shape\`(${sizeStr(cdbs)})`,
        );
      }
    }
    const km = mix.logits.shape.at(-1)!, kc = comp.batchShape.at(-1);
    if (kc === undefined) {
      throw new RangeError(
        "MixtureSameFamily: component_distribution.batch_shape must have a rightmost dimension indexing the " +
          "components, got torch.Size([])",
      );
    }
    if (km !== kc) {
      throw new RangeError(
        `\`mixture_distribution component\` (${km}) does not equal \`component_distribution.batch_shape[-1]\` (${kc})`,
      );
    }
    super(cdbs, comp.eventShape, a.validateArgs as boolean | undefined);
    this.mixtureDistribution = mix;
    this.componentDistribution = comp;
    this.numComponent = km;
  }
  /** None: the parameters are the mixture's and the components'. */
  get argConstraints(): Record<string, Constraint> {
    return {};
  }
  /** The components' support, checked against every component. */
  get support(): Constraint {
    return mixtureSameFamilyConstraint(this.componentDistribution.support);
  }
  private get eventNdims(): number {
    return this.eventShape.length;
  }
  /** `x` with a component dimension before its event dimensions. */
  private pad(x: Tensor): Tensor {
    return x.unsqueeze(-1 - this.eventNdims);
  }
  /**
   * The mixture's probabilities shaped to broadcast against the components' moments: PyTorch pads the batch
   * dimensions only when the mixture's batch has other than one dimension.
   */
  private padMixtureDimensions(x: Tensor): Tensor {
    const catBatchNdims = this.mixtureDistribution.batchShape.length;
    const padNdims = catBatchNdims === 1 ? 0 : this.batchShape.length - catBatchNdims;
    const xs = x.shape;
    return x.reshape([
      ...xs.slice(0, -1),
      ...Array(padNdims).fill(1),
      xs.at(-1)!,
      ...Array(this.eventNdims).fill(1),
    ]);
  }
  /** Σ_k π_k μ_k. */
  get mean(): Tensor {
    const probs = this.padMixtureDimensions(this.mixtureDistribution.probs);
    return torch.sum(torch.mul(probs, this.componentDistribution.mean), -1 - this.eventNdims);
  }
  /** Not defined (PyTorch's NotImplementedError). */
  get mode(): Tensor {
    throw new torch.RuntimeError("MixtureSameFamily does not implement mode");
  }
  /** The law of total variance: Σ_k π_k σ²_k + Σ_k π_k (μ_k - μ)². */
  get variance(): Tensor {
    const probs = this.padMixtureDimensions(this.mixtureDistribution.probs), dim = -1 - this.eventNdims;
    const meanCondVar = torch.sum(torch.mul(probs, this.componentDistribution.variance), dim);
    const dev = torch.pow(torch.sub(this.componentDistribution.mean, this.pad(this.mean)), 2);
    return torch.add(meanCondVar, torch.sum(torch.mul(probs, dev), dim));
  }
  /** Σ_k π_k F_k(x) (not validated, as in PyTorch). */
  cdf(value: Tensor): Tensor {
    const comp = this.componentDistribution as unknown as WithCdf;
    if (!comp.cdf) {
      throw new torch.RuntimeError(`${this.componentDistribution.constructor.name} does not implement cdf`);
    }
    return torch.sum(torch.mul(comp.cdf(this.pad(value)), this.mixtureDistribution.probs), -1);
  }
  /** log Σ_k π_k p_k(x), as a log-sum-exp. */
  logProb(value: Tensor | number): Tensor {
    const logProbX = this.componentDistribution.logProb(this.pad(this.value(value, this.mixtureDistribution.logits)));
    const logMixProb = torch.logSoftmax(this.mixtureDistribution.logits, -1);
    return torch.logsumexp(torch.add(logProbX, logMixProb), -1);
  }
  /** Not defined (PyTorch's NotImplementedError). */
  entropy(): Tensor {
    throw new torch.RuntimeError("MixtureSameFamily does not implement entropy");
  }
  /** A copy over a new batch shape: the components over it and k, the mixture over it. */
  override expand(batchShape: number[]): this {
    const d = super.expand(batchShape);
    d.componentDistribution = this.componentDistribution.expand([...batchShape, this.numComponent]);
    d.mixtureDistribution = this.mixtureDistribution.expand(batchShape);
    d.eventShape = d.componentDistribution.eventShape;
    return d;
  }
  /** The mixture's component indices first, then every component's draw, the chosen one kept (PyTorch's stream). */
  override sample(sampleShape: SampleShape = []): Tensor {
    const shape = this.sampleShapeOf(sampleShape);
    return torch.noGrad(() => {
      const gatherDim = shape.length + this.batchShape.length, es = this.eventShape;
      const mixSample = this.mixtureDistribution.sample(shape);
      const compSamples = this.componentDistribution.sample(shape);
      const index = mixSample.reshape([...mixSample.shape, 1, ...es.map(() => 1)])
        .repeat([...mixSample.shape.map(() => 1), 1, ...es]);
      return torch.gather(compSamples, gatherDim, index).squeeze(gatherDim);
    });
  }
  /** The mixture and the components, one per line, as PyTorch prints. */
  override toString(): string {
    return `MixtureSameFamily(\n  ${this.mixtureDistribution},\n  ${this.componentDistribution})`;
  }
}
