/** torch.distributions.ContinuousBernoulli. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { ExponentialFamily } from "./exp_family.ts";
import type { SampleShape } from "./distribution.ts";
import {
  bindArgs,
  broadcastAll,
  clampProbs,
  logitsToProbs,
  type Param,
  probsOrLogits,
  probsToLogits,
} from "./utils.ts";

/** ContinuousBernoulli's arguments, as an options object. */
export interface ContinuousBernoulliOptions {
  /** the parameter λ in (0, 1) (not a probability) */
  probs?: Param | null;
  /** logit(λ) */
  logits?: Param | null;
  /** the interval around 1/2 where Taylor expansions replace the unstable closed forms */
  lims?: readonly [number, number];
  /** validate the parameters and scored values */
  validateArgs?: boolean | null;
}

const { add, sub, mul, div, log, log1p, neg, pow, where } = torch;

/**
 * The continuous Bernoulli distribution on [0, 1], density C(λ) λ^x (1 - λ)^(1 - x)
 * (torch.distributions.ContinuousBernoulli); rsample is reparameterized through the inverse cdf.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.ContinuousBernoulli(torch.tensor([0.5], { dtype: torch.float64 }));
 * assert.deepEqual(d.mean.tolist(), [0.5]);
 * torch.manualSeed(0);
 * assert.deepEqual(d.rsample([2]).shape, [2, 1]);
 * ```
 */
export class ContinuousBernoulli extends ExponentialFamily {
  /** rsample is implemented. */
  static override hasRsample = true;
  /** The unstable interval around 1/2, where Taylor expansions are used. */
  readonly lims: readonly [number, number];
  /** `new ContinuousBernoulli(probs)`, `new ContinuousBernoulli(null, logits)`, or `{ probs }` / `{ logits }`. */
  constructor(
    probs?: Param | null | ContinuousBernoulliOptions,
    logits?: Param | null | ContinuousBernoulliOptions,
    lims?: readonly [number, number] | ContinuousBernoulliOptions,
    validateArgs?: boolean | null | ContinuousBernoulliOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs("ContinuousBernoulli.__init__()", ["probs", "logits", "lims", "validateArgs"], args);
    const [name, given] = probsOrLogits(a);
    let [param] = broadcastAll(given as Param);
    // PyTorch checks probs whenever validate_args is given at all, even as False, before clamping them
    if (name === "probs") {
      if (a.validateArgs != null && !torch.all(constraints.unitInterval.check(param)).item()) {
        throw new RangeError("The parameter probs has invalid values");
      }
      param = clampProbs(param);
    }
    super(typeof given === "number" ? [] : param.shape, [], a.validateArgs as boolean | undefined);
    this.params.set(name, param);
    this.lims = (a.lims ?? [0.499, 0.501]) as readonly [number, number];
    this.checkArgs();
  }
  /** λ, clamped into [eps, 1 - eps]. */
  get probs(): Tensor {
    return this.lazy("probs", () => clampProbs(logitsToProbs(this.logits, true)));
  }
  /** logit(λ). */
  get logits(): Tensor {
    return this.lazy("logits", () => probsToLogits(this.probs, true));
  }
  /** probs: unit interval, logits: real. */
  get argConstraints(): Record<string, Constraint> {
    return { probs: constraints.unitInterval, logits: constraints.real };
  }
  /** [0, 1]. */
  get support(): Constraint {
    return constraints.unitInterval;
  }
  /** The shape of the parameter given. */
  get paramShape(): number[] {
    return (this.params.get("probs") ?? this.params.get("logits")!).shape;
  }
  /** Where λ is outside the unstable interval (closed forms are used there). */
  private outsideUnstableRegion(): Tensor {
    return torch.logicalOr(torch.le(this.probs, this.lims[0]), torch.gt(this.probs, this.lims[1]));
  }
  /** λ outside the unstable interval, its lower limit inside (keeps the closed forms finite there). */
  private cutProbs(): Tensor {
    return where(this.outsideUnstableRegion(), this.probs, mul(torch.onesLike(this.probs), this.lims[0]));
  }
  /** log C(λ), the log normalizing constant (a Taylor expansion near λ = 1/2), PyTorch's _cont_bern_log_norm. */
  contBernLogNorm(): Tensor {
    const cut = this.cutProbs();
    const below = where(torch.le(cut, 0.5), cut, torch.zerosLike(cut));
    const above = where(torch.ge(cut, 0.5), cut, torch.onesLike(cut));
    const logNorm = sub(
      log(torch.abs(sub(log1p(neg(cut)), log(cut)))),
      where(torch.le(cut, 0.5), log1p(mul(below, -2)), log(sub(mul(above, 2), 1))),
    );
    const x = pow(sub(this.probs, 0.5), 2);
    const taylor = add(mul(add(mul(x, 104 / 45), 4 / 3), x), Math.log(2));
    return where(this.outsideUnstableRegion(), logNorm, taylor);
  }
  /** λ / (2λ - 1) + 1 / (log(1 - λ) - log λ), a Taylor expansion near 1/2. */
  get mean(): Tensor {
    const cut = this.cutProbs();
    const mus = add(div(cut, sub(mul(cut, 2), 1)), torch.reciprocal(sub(log1p(neg(cut)), log(cut))));
    const x = sub(this.probs, 0.5);
    const taylor = add(mul(add(mul(pow(x, 2), 16 / 45), 1 / 3), x), 0.5);
    return where(this.outsideUnstableRegion(), mus, taylor);
  }
  /** Not defined by PyTorch (its NotImplementedError). */
  get mode(): Tensor {
    throw new torch.RuntimeError("ContinuousBernoulli does not implement mode");
  }
  /** The variance, a Taylor expansion near 1/2. */
  get variance(): Tensor {
    const cut = this.cutProbs();
    const vars = add(
      div(mul(cut, sub(cut, 1)), pow(torch.rsub(mul(cut, 2), 1), 2)),
      torch.reciprocal(pow(sub(log1p(neg(cut)), log(cut)), 2)),
    );
    const x = pow(sub(this.probs, 0.5), 2);
    const taylor = sub(1 / 12, mul(sub(1 / 15, mul(x, 128 / 945)), x));
    return where(this.outsideUnstableRegion(), vars, taylor);
  }
  /** The inverse cdf of uniform draws, without gradient history (PyTorch's stream). */
  override sample(sampleShape: SampleShape = []): Tensor {
    const u = torch.rand(this.extendedShape(sampleShape), { dtype: this.probs.dtype });
    return torch.noGrad(() => this.icdf(u));
  }
  /** The inverse cdf of uniform draws: differentiable w.r.t. the parameter. */
  override rsample(sampleShape: SampleShape = []): Tensor {
    return this.icdf(torch.rand(this.extendedShape(sampleShape), { dtype: this.probs.dtype }));
  }
  /** -binary_cross_entropy_with_logits(logits, v) + log C(λ). */
  logProb(value: Tensor | number): Tensor {
    if (this.validateArgs) this.validateSample(value);
    const [logits, v] = broadcastAll(this.logits, value);
    const bce = torch.nn.functional.binaryCrossEntropyWithLogits(logits, v, { reduction: "none" });
    return add(neg(bce), this.contBernLogNorm());
  }
  /** (λ^v (1 - λ)^(1 - v) + λ - 1) / (2λ - 1), v near 1/2's unstable region; 0 below 0, 1 above 1. */
  cdf(value: Tensor | number): Tensor {
    if (this.validateArgs) this.validateSample(value);
    const v = value as Tensor, cut = this.cutProbs();
    const cdfs = div(
      sub(add(mul(pow(cut, v), pow(torch.rsub(cut, 1), torch.rsub(v, 1))), cut), 1),
      sub(mul(cut, 2), 1),
    );
    const unbounded = where(this.outsideUnstableRegion(), cdfs, v);
    return where(torch.le(v, 0), torch.zerosLike(v), where(torch.ge(v, 1), torch.onesLike(v), unbounded));
  }
  /** (log1p(-λ + u (2λ - 1)) - log1p(-λ)) / (log λ - log1p(-λ)); u itself in the unstable region. */
  icdf(value: Tensor | number): Tensor {
    const u = value as Tensor, cut = this.cutProbs();
    const closed = div(
      sub(log1p(add(neg(cut), mul(u, sub(mul(cut, 2), 1)))), log1p(neg(cut))),
      sub(log(cut), log1p(neg(cut))),
    );
    return where(this.outsideUnstableRegion(), closed, u);
  }
  /** mean (log(1 - λ) - log λ) - log C(λ) - log(1 - λ). */
  override entropy(): Tensor {
    const logProbs0 = log1p(neg(this.probs)), logProbs1 = log(this.probs);
    return sub(sub(mul(this.mean, sub(logProbs0, logProbs1)), this.contBernLogNorm()), logProbs0);
  }
  /** [logits]. */
  override get _naturalParams(): Tensor[] {
    return [this.logits];
  }
  /** log((e^x - 1) / x), by its Taylor series near x = 0 (PyTorch compares x itself with lims - 0.5). */
  override _logNormalizer(x: Tensor): Tensor {
    const [lo, hi] = this.lims;
    const outside = torch.logicalOr(torch.le(x, lo - 0.5), torch.gt(x, hi - 0.5));
    const cut = where(outside, x, mul(torch.onesLike(x), lo - 0.5));
    const logNorm = sub(log(torch.abs(torch.expm1(cut))), log(torch.abs(cut)));
    const taylor = sub(add(mul(x, 0.5), div(torch.pow(x, 2), 24)), div(torch.pow(x, 4), 2880));
    return where(outside, logNorm, taylor);
  }
  /** 0. */
  override get _meanCarrierMeasure(): number {
    return 0;
  }
}
