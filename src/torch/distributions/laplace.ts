/** torch.distributions.Laplace. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import type { SampleShape } from "./distribution.ts";
import { LocScale, type LocScaleOptions } from "./loc_scale.ts";
import type { Param } from "./utils.ts";

/** Laplace's arguments, as an options object (loc, scale, validateArgs). */
export type LaplaceOptions = LocScaleOptions;

/**
 * The Laplace distribution: density e^(-|x - loc| / scale) / (2 scale) (torch.distributions.Laplace).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.Laplace(0, 1);
 * assert.equal(d.cdf(torch.tensor(0, { dtype: torch.float32 })).item(), 0.5);
 * ```
 */
export class Laplace extends LocScale {
  /** Builds Laplace(loc, scale): `new Laplace(loc, scale, validateArgs?)` or with an options object. */
  constructor(
    loc: Param | LaplaceOptions,
    scale?: Param | LaplaceOptions,
    validateArgs?: boolean | null | LaplaceOptions,
  );
  constructor(...args: unknown[]) {
    super("Laplace", args);
  }
  /** 2 scale². */
  get variance(): Tensor {
    return torch.mul(torch.pow(this.scale, 2), 2);
  }
  /** √2 scale. */
  override get stddev(): Tensor {
    return torch.mul(this.scale, 2 ** 0.5);
  }
  /** loc - scale sign(u) log1p(-|u|), u from uniform_(eps - 1, 1) (PyTorch's stream): differentiable. */
  override rsample(sampleShape: SampleShape = []): Tensor {
    const eps = torch.finfo(this.loc.dtype as "float32").eps;
    const u = torch.empty(this.extendedShape(sampleShape), { dtype: this.loc.dtype }).uniform_(eps - 1, 1);
    return torch.sub(this.loc, torch.mul(torch.mul(this.scale, torch.sign(u)), torch.log1p(torch.neg(torch.abs(u)))));
  }
  /** -log(2 scale) - |v - loc| / scale. */
  logProb(value: Tensor | number): Tensor {
    const v = this.value(value, this.loc);
    return torch.sub(
      torch.neg(torch.log(torch.mul(this.scale, 2))),
      torch.div(torch.abs(torch.sub(v, this.loc)), this.scale),
    );
  }
  /** 0.5 - 0.5 sign(v - loc) expm1(-|v - loc| / scale). */
  cdf(value: Tensor | number): Tensor {
    const d = torch.sub(this.value(value, this.loc), this.loc);
    const e = torch.expm1(torch.div(torch.neg(torch.abs(d)), this.scale));
    return torch.add(torch.neg(torch.mul(torch.mul(torch.sign(d), 0.5), e)), 0.5);
  }
  /** loc - scale sign(v - 0.5) log1p(-2 |v - 0.5|) (not validated, as in PyTorch). */
  icdf(value: Tensor | number): Tensor {
    const term = torch.sub(torch.isTensor(value) ? value : torch.tensor(value, { dtype: this.loc.dtype }), 0.5);
    const l = torch.log1p(torch.mul(torch.abs(term), -2));
    return torch.sub(this.loc, torch.mul(torch.mul(this.scale, torch.sign(term)), l));
  }
  /** 1 + log(2 scale). */
  entropy(): Tensor {
    return torch.add(torch.log(torch.mul(this.scale, 2)), 1);
  }
}
