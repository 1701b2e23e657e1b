/** torch.distributions.GeneralizedPareto. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { getDefaultDtype } from "../default_dtype.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { Distribution, type SampleShape } from "./distribution.ts";
import { bindArgs, broadcastAll, type Param } from "./utils.ts";

/** GeneralizedPareto's arguments, as an options object. */
export interface GeneralizedParetoOptions {
  /** location: the lower end of the support */
  loc?: Param;
  /** scale (> 0) */
  scale?: Param;
  /** concentration ξ (shape): heavy-tailed for ξ > 0, bounded above for ξ < 0 */
  concentration?: Param;
  /** validate the parameters and scored values */
  validateArgs?: boolean | null;
}

const { add, sub, mul, div, where } = torch;
const defaultZero = () => torch.tensor(0, { dtype: getDefaultDtype() });

/**
 * The generalized Pareto distribution (torch.distributions.GeneralizedPareto): survival function
 * (1 + ξ z)^(-1/ξ) with z = (x - loc) / scale, e^(-z) at ξ = 0; on [loc, ∞) for ξ >= 0 and on
 * [loc, loc - scale / ξ] for ξ < 0. Exponential (loc 0, ξ 0), Pareto (ξ > 0, loc = scale / ξ) and Uniform (ξ -1)
 * are special cases. ξ counts as 0 within torch.isclose's tolerance, as in PyTorch.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.GeneralizedPareto(0, 1, 0);
 * const x = torch.tensor([1], { dtype: torch.float32 });
 * assert.deepEqual(d.logProb(x).tolist(), [-1]);
 * assert.equal(d.mean.item(), 1);
 * torch.manualSeed(0);
 * assert.deepEqual(d.rsample([3]).shape, [3]);
 * ```
 */
export class GeneralizedPareto extends Distribution {
  /** rsample is implemented. */
  static override hasRsample = true;
  /** `new GeneralizedPareto(loc, scale, concentration, validateArgs?)` or with an options object. */
  constructor(
    loc: Param | GeneralizedParetoOptions,
    scale?: Param | GeneralizedParetoOptions,
    concentration?: Param | GeneralizedParetoOptions,
    validateArgs?: boolean | null | GeneralizedParetoOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs("GeneralizedPareto.__init__()", ["loc", "scale", "concentration", "validateArgs"], args);
    for (const name of ["loc", "scale", "concentration"]) {
      if (a[name] === undefined) {
        throw new TypeError(`GeneralizedPareto.__init__() missing required argument '${name}'`);
      }
    }
    const [loc, scale, concentration] = broadcastAll(a.loc as Param, a.scale as Param, a.concentration as Param);
    const numbers = [a.loc, a.scale, a.concentration].every((p) => typeof p === "number");
    super(numbers ? [] : loc.shape, [], a.validateArgs as boolean | undefined);
    this.params.set("loc", loc).set("scale", scale).set("concentration", concentration);
    this.checkArgs();
  }
  /** The location. */
  get loc(): Tensor {
    return this.params.get("loc")!;
  }
  /** The scale. */
  get scale(): Tensor {
    return this.params.get("scale")!;
  }
  /** The concentration ξ. */
  get concentration(): Tensor {
    return this.params.get("concentration")!;
  }
  /** loc: real, scale: positive, concentration: real. */
  get argConstraints(): Record<string, Constraint> {
    return { loc: constraints.real, scale: constraints.positive, concentration: constraints.real };
  }
  /** [loc, loc - scale / ξ] for ξ < 0, else [loc, ∞]. */
  get support(): Constraint {
    const c = this.concentration;
    const upper = where(torch.lt(c, 0), sub(this.loc, div(this.scale, c)), Infinity);
    return constraints.interval(this.loc, upper);
  }
  // where ξ counts as 0, and ξ with those entries replaced by 1 (so no branch divides by 0). logProb and the
  // survival function compare ξ with PyTorch's `torch.tensor(0.0)`, a tensor of the default dtype: as in PyTorch,
  // that is a "Double did not match Float" RuntimeError for float64 parameters unless float64 is the default
  private safeConcentration(zero?: Tensor): [Tensor, Tensor] {
    const c = this.concentration;
    const eqZero = torch.isclose(c, zero ?? torch.zerosLike(c));
    return [eqZero, where(eqZero, torch.onesLike(c), c)];
  }
  // z = (x - loc) / scale
  private z(x: Tensor): Tensor {
    return div(sub(x, this.loc), this.scale);
  }
  /** The quantile function (not validated, as in PyTorch). */
  icdf(value: Tensor | number): Tensor {
    const v = torch.isTensor(value) ? value : torch.tensor(value, { dtype: this.loc.dtype });
    const [eqZero, safe] = this.safeConcentration();
    const logu = torch.log1p(torch.neg(v));
    const whereNonzero = add(this.loc, mul(div(this.scale, safe), torch.expm1(mul(torch.neg(safe), logu))));
    return where(eqZero, sub(this.loc, mul(this.scale, logu)), whereNonzero);
  }
  /** icdf of uniforms from torch.rand (PyTorch's stream): differentiable w.r.t. the parameters. */
  override rsample(sampleShape: SampleShape = []): Tensor {
    return this.icdf(torch.rand(this.extendedShape(sampleShape), { dtype: this.loc.dtype }));
  }
  /** -log(scale) - (1/ξ + 1) log1p(ξ z), or - z at ξ = 0. */
  logProb(value: Tensor | number): Tensor {
    const z = this.z(this.value(value, this.loc));
    const [eqZero, safe] = this.safeConcentration(defaultZero());
    const y = add(torch.reciprocal(safe), torch.onesLike(z));
    const whereNonzero = where(torch.eq(y, 0), y, mul(y, torch.log1p(mul(safe, z))));
    return sub(torch.neg(torch.log(this.scale)), where(eqZero, z, whereNonzero));
  }
  /** log P(X > value): -log1p(ξ z) / ξ, or -z at ξ = 0. */
  logSurvivalFunction(value: Tensor | number): Tensor {
    const z = this.z(this.value(value, this.loc));
    const [eqZero, safe] = this.safeConcentration(defaultZero());
    return where(eqZero, torch.neg(z), div(torch.neg(torch.log1p(mul(safe, z))), safe));
  }
  /** log P(X <= value). */
  logCdf(value: Tensor | number): Tensor {
    return torch.log1p(torch.neg(torch.exp(this.logSurvivalFunction(value))));
  }
  /** P(X <= value). */
  cdf(value: Tensor | number): Tensor {
    return torch.exp(this.logCdf(value));
  }
  /** loc + scale / (1 - ξ) for ξ < 1, else NaN. */
  get mean(): Tensor {
    const c = this.concentration, valid = torch.lt(c, 1);
    return where(valid, add(this.loc, div(this.scale, torch.rsub(where(valid, c, 0.5), 1))), NaN);
  }
  /** scale² / ((1 - ξ)² (1 - 2ξ)) for ξ < 1/2, else NaN. */
  get variance(): Tensor {
    const c = this.concentration, valid = torch.lt(c, 0.5);
    const safe = where(valid, c, 0.25);
    const denom = mul(torch.pow(torch.rsub(safe, 1), 2), torch.rsub(mul(safe, 2), 1));
    return where(valid, div(torch.pow(this.scale, 2), denom), NaN);
  }
  /** loc. */
  get mode(): Tensor {
    return this.loc;
  }
  /** log(scale) + ξ + 1. */
  entropy(): Tensor {
    return torch.broadcastTo(add(add(torch.log(this.scale), this.concentration), 1), this.batchShape);
  }
}
