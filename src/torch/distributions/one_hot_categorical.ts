/** torch.distributions.OneHotCategorical and OneHotCategoricalStraightThrough. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { Categorical, type CategoricalOptions } from "./categorical.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { Distribution, type SampleShape } from "./distribution.ts";
import { bindArgs } from "./utils.ts";

/** OneHotCategorical's arguments, as an options object: exactly one of probs and logits. */
export type OneHotCategoricalOptions = CategoricalOptions;

/**
 * A Categorical whose samples are one-hot vectors over the last dimension of `probs` / `logits`
 * (torch.distributions.OneHotCategorical); the Categorical is built with the default validation, as in PyTorch.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.OneHotCategorical(torch.tensor([1, 3], { dtype: torch.float32 }));
 * assert.deepEqual(d.mode.tolist(), [0, 1]);
 * assert.deepEqual(d.enumerateSupport().tolist(), [[1, 0], [0, 1]]);
 * ```
 */
export class OneHotCategorical extends Distribution {
  /** enumerateSupport is implemented. */
  static override hasEnumerateSupport = true;
  /** The Categorical over the indices. */
  categorical: Categorical;
  /** `new OneHotCategorical(probs)`, `new OneHotCategorical(null, logits)`, `{ logits }`. */
  constructor(
    probs?: Tensor | null | OneHotCategoricalOptions,
    logits?: Tensor | null | OneHotCategoricalOptions,
    validateArgs?: boolean | null | OneHotCategoricalOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs(`${new.target.name}.__init__()`, ["probs", "logits", "validateArgs"], args);
    const categorical = new Categorical(a.probs as Tensor | null, a.logits as Tensor | null);
    super(categorical.batchShape, categorical.paramShape.slice(-1), a.validateArgs as boolean | undefined);
    this.categorical = categorical;
  }
  /** probs: simplex, logits: real vector. */
  get argConstraints(): Record<string, Constraint> {
    return { probs: constraints.simplex, logits: constraints.realVector };
  }
  /** One-hot vectors. */
  get support(): Constraint {
    return constraints.oneHot;
  }
  /** The normalized probabilities. */
  get probs(): Tensor {
    return this.categorical.probs;
  }
  /** The normalized log-probabilities. */
  get logits(): Tensor {
    return this.categorical.logits;
  }
  /** The shape of the parameter given. */
  get paramShape(): number[] {
    return this.categorical.paramShape;
  }
  /** probs. */
  get mean(): Tensor {
    return this.categorical.probs;
  }
  /** The most probable category, one-hot. */
  get mode(): Tensor {
    const probs = this.categorical.probs;
    return torch.nn.functional.oneHot(torch.argmax(probs, -1), probs.shape.at(-1)!).to(probs.dtype);
  }
  /** probs (1 - probs). */
  get variance(): Tensor {
    return torch.mul(this.categorical.probs, torch.rsub(this.categorical.probs, 1));
  }
  /** A copy over a new batch shape. */
  override expand(batchShape: number[]): this {
    const d = super.expand(batchShape);
    d.categorical = this.categorical.expand(batchShape);
    return d;
  }
  /** The Categorical's samples (PyTorch's stream), one-hot in probs' dtype. */
  override sample(sampleShape: SampleShape = []): Tensor {
    const indices = this.categorical.sample(sampleShape);
    return torch.nn.functional.oneHot(indices, this.categorical.numEvents).to(this.categorical.probs.dtype);
  }
  /** The Categorical's log-probability of each vector's (first) largest entry. */
  logProb(value: Tensor | number): Tensor {
    if (this.validateArgs) this.validateSample(value);
    return this.categorical.logProb(torch.max(value as Tensor, -1)[1]);
  }
  /** The Categorical's entropy. */
  entropy(): Tensor {
    return this.categorical.entropy();
  }
  /** The K one-hot vectors along a new first dimension, expanded over the batch shape unless `expand` is false. */
  enumerateSupport(expand = true): Tensor {
    const n = this.eventShape[0], dtype = this.categorical.probs.dtype;
    const values = torch.eye(n, { dtype }).view([n, ...this.batchShape.map(() => 1), n]);
    return expand ? values.expand([n, ...this.batchShape, n]) : values;
  }
}

/**
 * A OneHotCategorical with straight-through gradients: rsample is the one-hot sample plus probs - probs.detach(),
 * so gradients flow to the probabilities (torch.distributions.OneHotCategoricalStraightThrough).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const p = torch.tensor([0.2, 0.8], { dtype: torch.float64 }).requiresGrad_();
 * const x = new torch.distributions.OneHotCategoricalStraightThrough(p).rsample();
 * assert.ok(x.requiresGrad);
 * ```
 */
export class OneHotCategoricalStraightThrough extends OneHotCategorical {
  /** rsample is implemented. */
  static override hasRsample = true;
  /** sample + (probs - probs.detach()). */
  override rsample(sampleShape: SampleShape = []): Tensor {
    const samples = this.sample(sampleShape), probs = this.categorical.probs;
    return torch.add(samples, torch.sub(probs, probs.detach()));
  }
}
