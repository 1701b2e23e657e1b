/** torch.distributions.Gamma. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { ExponentialFamily } from "./exp_family.ts";
import type { SampleShape } from "./distribution.ts";
import { standardGamma } from "./standard_gamma.ts";
import { bindArgs, broadcastAll, type Param } from "./utils.ts";

/** Gamma's arguments, as an options object. */
export interface GammaOptions {
  /** shape α (> 0) */
  concentration?: Param;
  /** rate β (> 0), the inverse of the scale */
  rate?: Param;
  /** validate the parameters and scored values */
  validateArgs?: boolean | null;
}

/**
 * The gamma distribution of shape α (`concentration`) and rate β: density β^α x^(α-1) e^(-βx) / Γ(α) on x >= 0
 * (torch.distributions.Gamma). rsample is reparameterized (PyTorch's _standard_gamma and its gradient).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.Gamma(torch.tensor([2, 3], { dtype: torch.float64 }), 2);
 * assert.deepEqual(d.mean.tolist(), [1, 1.5]);
 * torch.manualSeed(0);
 * assert.deepEqual(d.rsample([4]).shape, [4, 2]);
 * ```
 */
export class Gamma extends ExponentialFamily {
  /** rsample is implemented. */
  static override hasRsample = true;
  /** Builds Gamma(α, β): `new Gamma(concentration, rate, validateArgs?)` or with an options object. */
  constructor(
    concentration: Param | GammaOptions,
    rate?: Param | GammaOptions,
    validateArgs?: boolean | null | GammaOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs("Gamma.__init__()", ["concentration", "rate", "validateArgs"], args);
    if (a.concentration === undefined || a.rate === undefined) {
      const missing = a.concentration === undefined ? "concentration" : "rate";
      throw new TypeError(`Gamma.__init__() missing required argument '${missing}'`);
    }
    const [concentration, rate] = broadcastAll(a.concentration as Param, a.rate as Param);
    const numbers = typeof a.concentration === "number" && typeof a.rate === "number";
    super(numbers ? [] : concentration.shape, [], a.validateArgs as boolean | undefined);
    this.params.set("concentration", concentration).set("rate", rate);
    this.checkArgs();
  }
  /** The shape α. */
  get concentration(): Tensor {
    return this.params.get("concentration")!;
  }
  /** The rate β. */
  get rate(): Tensor {
    return this.params.get("rate")!;
  }
  /** concentration and rate: positive. */
  get argConstraints(): Record<string, Constraint> {
    return { concentration: constraints.positive, rate: constraints.positive };
  }
  /** [0, ∞). */
  get support(): Constraint {
    return constraints.nonnegative;
  }
  /** α / β. */
  get mean(): Tensor {
    return torch.div(this.concentration, this.rate);
  }
  /** max((α - 1) / β, 0). */
  get mode(): Tensor {
    return torch.clamp(torch.div(torch.sub(this.concentration, 1), this.rate), { min: 0 });
  }
  /** α / β². */
  get variance(): Tensor {
    return torch.div(this.concentration, torch.pow(this.rate, 2));
  }
  /** _standard_gamma(α) / β (PyTorch's stream), at least the dtype's tiny: differentiable w.r.t. α and β. */
  override rsample(sampleShape: SampleShape = []): Tensor {
    const shape = this.extendedShape(sampleShape);
    const value = torch.div(standardGamma(this.concentration.expand(shape)), this.rate.expand(shape));
    // PyTorch clamps the data in place, outside the autograd graph
    torch.noGrad(() => value.detach().clamp_({ min: torch.finfo(value.dtype as "float32").tiny }));
    return value;
  }
  /** xlogy(α, β) + xlogy(α - 1, v) - βv - lgamma(α); a number or tensor is first cast to the rate's dtype. */
  logProb(value: Tensor | number): Tensor {
    const v = torch.isTensor(value) ? value.to(this.rate.dtype) : torch.tensor(value, { dtype: this.rate.dtype });
    if (this.validateArgs) this.validateSample(v);
    const c = this.concentration, r = this.rate;
    return torch.sub(
      torch.sub(torch.add(torch.xlogy(c, r), torch.xlogy(torch.sub(c, 1), v)), torch.mul(r, v)),
      torch.lgamma(c),
    );
  }
  /** The regularized lower incomplete gamma function P(α, βv). */
  cdf(value: Tensor | number): Tensor {
    if (this.validateArgs) this.validateSample(value);
    return torch.special.gammainc(this.concentration, torch.mul(this.rate, value as Tensor));
  }
  /** α - log β + lgamma(α) + (1 - α) digamma(α). */
  override entropy(): Tensor {
    const c = this.concentration;
    return torch.add(
      torch.add(torch.sub(c, torch.log(this.rate)), torch.lgamma(c)),
      torch.mul(torch.rsub(c, 1), torch.digamma(c)),
    );
  }
  /** [concentration - 1, -rate]. */
  override get _naturalParams(): Tensor[] {
    return [torch.sub(this.concentration, 1), torch.neg(this.rate)];
  }
  /** lgamma(x + 1) + (x + 1) log(-1 / y). */
  override _logNormalizer(x: Tensor, y: Tensor): Tensor {
    return torch.add(
      torch.lgamma(torch.add(x, 1)),
      torch.mul(torch.add(x, 1), torch.log(torch.neg(torch.reciprocal(y)))),
    );
  }
  /** 0. */
  override get _meanCarrierMeasure(): number {
    return 0;
  }
}
