/** torch.distributions.Categorical. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { Distribution } from "./distribution.ts";
import type { SampleShape } from "./distribution.ts";
import { bindArgs, logitsToProbs, probsOrLogits, probsToLogits } from "./utils.ts";

/** Categorical's arguments, as an options object: exactly one of probs and logits. */
export interface CategoricalOptions {
  /** non-negative weights over the last dimension (normalized to sum to 1) */
  probs?: Tensor | null;
  /** unnormalized log-probabilities over the last dimension */
  logits?: Tensor | null;
  /** validate the parameters and scored values */
  validateArgs?: boolean | null;
}

/**
 * A distribution over the category indices 0..K-1 of the last dimension of `probs` or `logits`
 * (torch.distributions.Categorical).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.Categorical(torch.tensor([1, 3], { dtype: torch.float32 }));
 * assert.deepEqual(d.probs.tolist(), [0.25, 0.75]);
 * assert.equal(d.mode.item(), 1);
 * torch.manualSeed(0);
 * assert.deepEqual(d.sample([4]).shape, [4]);
 * ```
 */
export class Categorical extends Distribution {
  /** enumerateSupport is implemented. */
  static override hasEnumerateSupport = true;
  /** The number of categories, K. */
  numEvents: number;
  /** probs / logits carry the categories in their last dimension. */
  protected override paramEventDims = 1;
  /** Builds it from `probs` or `logits`: `new Categorical(probs)`, `new Categorical(null, logits)`, `{ logits }`. */
  constructor(
    probs?: Tensor | null | CategoricalOptions,
    logits?: Tensor | null | CategoricalOptions,
    validateArgs?: boolean | null | CategoricalOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs("Categorical.__init__()", ["probs", "logits", "validateArgs"], args);
    const [name, raw] = probsOrLogits(a), given = raw as Tensor;
    if (!torch.isTensor(given)) throw new TypeError(`Categorical.__init__(): ${name} must be a Tensor`);
    if (given.ndim < 1) throw new RangeError(`\`${name}\` parameter must be at least one-dimensional.`);
    const param = name === "probs"
      ? torch.div(given, torch.sum(given, -1, { keepdim: true }))
      : torch.sub(given, torch.logsumexp(given, -1, { keepdim: true }));
    super(param.ndim > 1 ? param.shape.slice(0, -1) : [], [], a.validateArgs as boolean | undefined);
    this.numEvents = param.shape.at(-1)!;
    this.params.set(name, param);
    this.checkArgs();
  }
  /** The parameter given (probs or logits), normalized. */
  protected get param(): Tensor {
    return this.params.get("probs") ?? this.params.get("logits")!;
  }
  /** The normalized probabilities. */
  get probs(): Tensor {
    return this.lazy("probs", () => logitsToProbs(this.logits));
  }
  /** The normalized log-probabilities. */
  get logits(): Tensor {
    return this.lazy("logits", () => probsToLogits(this.probs));
  }
  /** probs: simplex, logits: real vector. */
  get argConstraints(): Record<string, Constraint> {
    return { probs: constraints.simplex, logits: constraints.realVector };
  }
  /** The integers 0..K-1. */
  get support(): Constraint {
    return constraints.integerInterval(0, this.numEvents - 1);
  }
  /** The shape of the parameter given. */
  get paramShape(): number[] {
    return this.param.shape;
  }
  /** Undefined: nan. */
  get mean(): Tensor {
    return torch.full(this.extendedShape(), NaN, { dtype: this.probs.dtype });
  }
  /** The most probable category. */
  get mode(): Tensor {
    return torch.argmax(this.probs, -1);
  }
  /** Undefined: nan. */
  get variance(): Tensor {
    return torch.full(this.extendedShape(), NaN, { dtype: this.probs.dtype });
  }
  /** torch.multinomial with replacement (PyTorch's stream), int64. */
  override sample(sampleShape: SampleShape = []): Tensor {
    const n = this.sampleShapeOf(sampleShape).reduce((p, s) => p * s, 1);
    return torch.noGrad(() => {
      const probs2d = this.probs.reshape([-1, this.numEvents]);
      return torch.multinomial(probs2d, n, true).t().reshape(this.extendedShape(sampleShape));
    });
  }
  /** The log-probability of each category index in `value`. */
  logProb(value: Tensor | number): Tensor {
    if (this.validateArgs) this.validateSample(value);
    const idx = (torch.isTensor(value) ? value : torch.tensor(value)).to("int64").unsqueeze(-1);
    const [v, logPmf] = torch.broadcastTensors(idx, this.logits) as Tensor[];
    return torch.gather(logPmf, -1, v.narrow(-1, 0, 1)).squeeze(-1);
  }
  /** -Σ p log p (log p clamped to the dtype's lowest finite value, so 0 log 0 = 0). */
  entropy(): Tensor {
    const minReal = torch.finfo(this.logits.dtype as "float32").min;
    return torch.neg(torch.sum(torch.mul(torch.clamp(this.logits, { min: minReal }), this.probs), -1));
  }
  /** 0..K-1 along a new first dimension (int64), expanded over the batch shape unless `expand` is false. */
  enumerateSupport(expand = true): Tensor {
    const values = torch.arange(this.numEvents, { dtype: "int64" }).view([-1, ...this.batchShape.map(() => 1)]);
    return expand ? values.expand([-1, ...this.batchShape]) : values;
  }
}
