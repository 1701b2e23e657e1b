/** torch.distributions.LogitRelaxedBernoulli and RelaxedBernoulli. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { Distribution, type SampleShape } from "./distribution.ts";
import { TransformedDistribution } from "./transformed_distribution.ts";
import { SigmoidTransform } from "./transforms_pointwise.ts";
import {
  bindArgs,
  broadcastAll,
  clampProbs,
  logitsToProbs,
  type Param,
  probsOrLogits,
  probsToLogits,
} from "./utils.ts";

/** The relaxed Bernoulli distributions' arguments, as an options object: temperature and one of probs and logits. */
export interface RelaxedBernoulliOptions {
  /** the relaxation temperature (a number becomes a 0-d tensor of the parameter's dtype) */
  temperature?: Param;
  /** the probability of 1 */
  probs?: Param | null;
  /** the log-odds of 1 */
  logits?: Param | null;
  /** validate the parameters and scored values */
  validateArgs?: boolean | null;
}

/**
 * Binds a relaxed distribution's `(temperature, probs?, logits?, validateArgs?)`, temperature required.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { relaxedArgs } from "./relaxed_bernoulli.ts";
 * assert.deepEqual(relaxedArgs("X", [2, { logits: 0 }]), { temperature: 2, logits: 0 });
 * assert.throws(() => relaxedArgs("X", [{ probs: 0.5 }]), TypeError);
 * ```
 */
export function relaxedArgs(name: string, args: unknown[]): Record<string, unknown> {
  const a = bindArgs(`${name}.__init__()`, ["temperature", "probs", "logits", "validateArgs"], args);
  if (a.temperature === undefined) throw new TypeError(`${name}.__init__() missing required argument 'temperature'`);
  return a;
}

/**
 * The temperature as a tensor: numbers take the parameter's dtype (PyTorch needs a tensor here; a number is the
 * 0-d tensor it would be).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { temperatureTensor } from "./relaxed_bernoulli.ts";
 * assert.equal(temperatureTensor(0.5, torch.zeros([2], { dtype: torch.float64 })).dtype, "float64");
 * ```
 */
export function temperatureTensor(temperature: Param, like: Tensor): Tensor {
  return torch.isTensor(temperature) ? temperature : torch.tensor(temperature, { dtype: like.dtype });
}

/**
 * The logit of a RelaxedBernoulli sample: (logit(u) + logit(probs)) / temperature for u uniform
 * (torch.distributions.LogitRelaxedBernoulli). As in PyTorch, rsample works though `hasRsample` is false.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.LogitRelaxedBernoulli(1, torch.tensor([0.5], { dtype: torch.float64 }));
 * assert.equal(d.logProb(torch.tensor([0], { dtype: torch.float64 })).item(), -2 * Math.log(2));
 * torch.manualSeed(0);
 * assert.deepEqual(d.rsample([3]).shape, [3, 1]);
 * ```
 */
export class LogitRelaxedBernoulli extends Distribution {
  /** The relaxation temperature. */
  readonly temperature: Tensor;
  /** `new LogitRelaxedBernoulli(temperature, probs?, logits?, validateArgs?)` or with an options object. */
  constructor(
    temperature: Param | RelaxedBernoulliOptions,
    probs?: Param | null | RelaxedBernoulliOptions,
    logits?: Param | null | RelaxedBernoulliOptions,
    validateArgs?: boolean | null | RelaxedBernoulliOptions,
  );
  constructor(...args: unknown[]) {
    const a = relaxedArgs("LogitRelaxedBernoulli", args);
    const [name, given] = probsOrLogits(a);
    const [param] = broadcastAll(given as Param);
    super(typeof given === "number" ? [] : param.shape, [], a.validateArgs as boolean | undefined);
    this.temperature = temperatureTensor(a.temperature as Param, param);
    this.params.set(name, param);
    this.checkArgs();
  }
  /** The parameter given (probs or logits). */
  private get param(): Tensor {
    return this.params.get("probs") ?? this.params.get("logits")!;
  }
  /** The probability of 1. */
  get probs(): Tensor {
    return this.lazy("probs", () => logitsToProbs(this.logits, true));
  }
  /** The log-odds of 1. */
  get logits(): Tensor {
    return this.lazy("logits", () => probsToLogits(this.probs, true));
  }
  /** probs: unit interval, logits: real. */
  get argConstraints(): Record<string, Constraint> {
    return { probs: constraints.unitInterval, logits: constraints.real };
  }
  /** The reals. */
  get support(): Constraint {
    return constraints.real;
  }
  /** The shape of the parameter given. */
  get paramShape(): number[] {
    return this.param.shape;
  }
  /** Not defined (PyTorch's NotImplementedError). */
  get mean(): Tensor {
    throw new torch.RuntimeError("LogitRelaxedBernoulli does not implement mean");
  }
  /** Not defined (PyTorch's NotImplementedError). */
  get mode(): Tensor {
    throw new torch.RuntimeError("LogitRelaxedBernoulli does not implement mode");
  }
  /** Not defined (PyTorch's NotImplementedError). */
  get variance(): Tensor {
    throw new torch.RuntimeError("LogitRelaxedBernoulli does not implement variance");
  }
  /** Not defined (PyTorch's NotImplementedError). */
  entropy(): Tensor {
    throw new torch.RuntimeError("LogitRelaxedBernoulli does not implement entropy");
  }
  /** (logit(u) + logit(probs)) / temperature, u = torch.rand (PyTorch's stream), both clamped off 0 and 1. */
  override rsample(sampleShape: SampleShape = []): Tensor {
    const shape = this.extendedShape(sampleShape);
    const probs = clampProbs(this.probs.expand(shape));
    const u = clampProbs(torch.rand(shape, { dtype: probs.dtype }));
    const logitU = torch.sub(torch.log(u), torch.log1p(torch.neg(u)));
    return torch.div(torch.sub(torch.add(logitU, torch.log(probs)), torch.log1p(torch.neg(probs))), this.temperature);
  }
  /** log τ + d - 2 log(1 + eᵈ) with d = logits - τ value. */
  logProb(value: Tensor | number): Tensor {
    const [logits, v] = broadcastAll(this.logits, this.value(value, this.param));
    const diff = torch.sub(logits, torch.mul(v, this.temperature));
    return torch.sub(torch.add(torch.log(this.temperature), diff), torch.mul(torch.log1p(torch.exp(diff)), 2));
  }
}

/**
 * A relaxation of Bernoulli on (0, 1): the sigmoid of a LogitRelaxedBernoulli, with reparameterized samples that
 * approach {0, 1} as the temperature falls (torch.distributions.RelaxedBernoulli). The LogitRelaxedBernoulli is
 * built with the default validation, as in PyTorch.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const p = torch.tensor([0.1, 0.9], { dtype: torch.float64 }).requiresGrad_();
 * const d = new torch.distributions.RelaxedBernoulli(torch.tensor(0.5, { dtype: torch.float64 }), p);
 * torch.manualSeed(0);
 * const x = d.rsample();
 * assert.ok(x.requiresGrad && (x.min().item() as number) > 0 && (x.max().item() as number) < 1);
 * ```
 */
export class RelaxedBernoulli extends TransformedDistribution {
  /** rsample is implemented. */
  static override hasRsample = true;
  /** The LogitRelaxedBernoulli transformed. */
  declare baseDist: LogitRelaxedBernoulli;
  /** `new RelaxedBernoulli(temperature, probs?, logits?, validateArgs?)` or with an options object. */
  constructor(
    temperature: Param | RelaxedBernoulliOptions,
    probs?: Param | null | RelaxedBernoulliOptions,
    logits?: Param | null | RelaxedBernoulliOptions,
    validateArgs?: boolean | null | RelaxedBernoulliOptions,
  );
  constructor(...args: unknown[]) {
    const a = relaxedArgs("RelaxedBernoulli", args);
    const base = new LogitRelaxedBernoulli(a.temperature as Param, a.probs as Param | null, a.logits as Param | null);
    super(base, new SigmoidTransform(), a.validateArgs as boolean | undefined);
    // PyTorch validates probs and logits through the properties, computing both on the base
    if (this.validateArgs) this.checkDerivedArgs({ probs: this.probs, logits: this.logits });
  }
  /** Reparameterized (PyTorch's class attribute, whatever the base says). */
  override get hasRsample(): boolean {
    return true;
  }
  /** probs: unit interval, logits: real. */
  override get argConstraints(): Record<string, Constraint> {
    return { probs: constraints.unitInterval, logits: constraints.real };
  }
  /** [0, 1]. */
  override get support(): Constraint {
    return constraints.unitInterval;
  }
  /** The relaxation temperature. */
  get temperature(): Tensor {
    return this.baseDist.temperature;
  }
  /** The probability of 1. */
  get probs(): Tensor {
    return this.baseDist.probs;
  }
  /** The log-odds of 1. */
  get logits(): Tensor {
    return this.baseDist.logits;
  }
}
