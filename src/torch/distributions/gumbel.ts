/** torch.distributions.Gumbel. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import type { LocScaleOptions } from "./loc_scale.ts";
import { TransformedDistribution } from "./transformed_distribution.ts";
import { AffineTransform, ExpTransform } from "./transforms_pointwise.ts";
import { Uniform } from "./uniform.ts";
import { bindArgs, broadcastAll, type Param } from "./utils.ts";

/** Gumbel's arguments, as an options object (loc, scale, validateArgs). */
export type GumbelOptions = LocScaleOptions;

/** The Euler–Mascheroni constant (PyTorch's euler_constant). */
export const EULER_GAMMA = 0.57721566490153286060;

/**
 * The Gumbel (type-I extreme value) distribution: loc - scale log(-log U) for U uniform on [tiny, 1 - eps]
 * (torch.distributions.Gumbel).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.Gumbel(torch.tensor([0], { dtype: torch.float64 }), 1);
 * assert.deepEqual(d.mean.tolist(), [0.5772156649015329]);
 * ```
 */
export class Gumbel extends TransformedDistribution {
  /** rsample is implemented (through the Uniform base). */
  static override hasRsample = true;
  /** `new Gumbel(loc, scale, validateArgs?)` or with an options object. */
  constructor(loc: Param | GumbelOptions, scale?: Param | GumbelOptions, validateArgs?: boolean | null | GumbelOptions);
  constructor(...args: unknown[]) {
    const a = bindArgs("Gumbel.__init__()", ["loc", "scale", "validateArgs"], args);
    if (a.loc === undefined || a.scale === undefined) {
      throw new TypeError(`Gumbel.__init__() missing required argument '${a.loc === undefined ? "loc" : "scale"}'`);
    }
    const validateArgs = a.validateArgs as boolean | undefined;
    const [loc, scale] = broadcastAll(a.loc as Param, a.scale as Param);
    const finfo = torch.finfo(loc.dtype as "float32");
    const numbers = typeof a.loc === "number" && typeof a.scale === "number";
    const base = numbers
      ? new Uniform(finfo.tiny, 1 - finfo.eps, validateArgs)
      : new Uniform(torch.fullLike(loc, finfo.tiny), torch.fullLike(loc, 1 - finfo.eps), validateArgs);
    const transforms = [
      new ExpTransform().inv,
      new AffineTransform(0, torch.neg(torch.onesLike(scale))),
      new ExpTransform().inv,
      new AffineTransform(a.loc as Param, torch.neg(scale)),
    ];
    super(base, transforms, validateArgs);
    this.params.set("loc", loc).set("scale", scale);
    this.checkArgs();
  }
  /** The location (the mode). */
  get loc(): Tensor {
    return this.params.get("loc")!;
  }
  /** The scale. */
  get scale(): Tensor {
    return this.params.get("scale")!;
  }
  /** loc: real, scale: positive. */
  override get argConstraints(): Record<string, Constraint> {
    return { loc: constraints.real, scale: constraints.positive };
  }
  /** The real line. */
  override get support(): Constraint {
    return constraints.real;
  }
  /** y - e^y - log scale with y = (loc - v) / scale. */
  override logProb(value: Tensor | number): Tensor {
    if (this.validateArgs) this.validateSample(value);
    const y = torch.div(torch.sub(this.loc, value as Tensor), this.scale);
    return torch.sub(torch.sub(y, torch.exp(y)), torch.log(this.scale));
  }
  /** loc + scale γ. */
  override get mean(): Tensor {
    return torch.add(this.loc, torch.mul(this.scale, EULER_GAMMA));
  }
  /** loc. */
  override get mode(): Tensor {
    return this.loc;
  }
  /** π / √6 scale. */
  override get stddev(): Tensor {
    return torch.mul(this.scale, Math.PI / Math.sqrt(6));
  }
  /** stddev². */
  override get variance(): Tensor {
    return torch.pow(this.stddev, 2);
  }
  /** log scale + 1 + γ. */
  override entropy(): Tensor {
    return torch.add(torch.log(this.scale), 1 + EULER_GAMMA);
  }
}
