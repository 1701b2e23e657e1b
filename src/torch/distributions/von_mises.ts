/** torch.distributions.VonMises. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { Distribution } from "./distribution.ts";
import type { SampleShape } from "./distribution.ts";
import { bindArgs, broadcastAll, type Param } from "./utils.ts";

/** VonMises's arguments, as an options object. */
export interface VonMisesOptions {
  /** the mean angle, in radians */
  loc?: Param;
  /** the concentration κ (> 0) */
  concentration?: Param;
  /** validate the parameters and scored values */
  validateArgs?: boolean | null;
}

const { add, sub, mul, div, log } = torch;

// Abramowitz & Stegun's polynomial approximations of I0 and I1 (PyTorch's _I0_COEF_* / _I1_COEF_*), [small, large]
const COEF: Record<0 | 1, [number[], number[]]> = {
  0: [
    [1.0, 3.5156229, 3.0899424, 1.2067492, 0.2659732, 0.360768e-1, 0.45813e-2],
    [
      0.39894228,
      0.1328592e-1,
      0.225319e-2,
      -0.157565e-2,
      0.916281e-2,
      -0.2057706e-1,
      0.2635537e-1,
      -0.1647633e-1,
      0.392377e-2,
    ],
  ],
  1: [
    [0.5, 0.87890594, 0.51498869, 0.15084934, 0.2658733e-1, 0.301532e-2, 0.32411e-3],
    [
      0.39894228,
      -0.3988024e-1,
      -0.362018e-2,
      0.163801e-2,
      -0.1031555e-1,
      0.2282967e-1,
      -0.2895312e-1,
      0.1787654e-1,
      -0.420059e-2,
    ],
  ],
};

/** Horner's scheme from the highest coefficient, in PyTorch's operation order (_eval_poly). */
function evalPoly(y: Tensor, coef: number[]): Tensor {
  let result: Tensor | number = coef[coef.length - 1];
  for (let i = coef.length - 2; i >= 0; i--) result = add(mul(y, result), coef[i]);
  return result as Tensor;
}

/**
 * log I_order(x) for x > 0 and order 0 or 1, by polynomial approximation (PyTorch's _log_modified_bessel_fn).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { logModifiedBesselFn } from "./von_mises.ts";
 * const v = logModifiedBesselFn(torch.tensor([1], { dtype: torch.float64 }), 0).item() as number;
 * assert.ok(Math.abs(v - Math.log(1.2660658777520082)) < 1e-7);
 * ```
 */
export function logModifiedBesselFn(x: Tensor, order: 0 | 1 = 0): Tensor {
  if (order !== 0 && order !== 1) throw new RangeError(`order must be 0 or 1, got ${order}`);
  const [smallCoef, largeCoef] = COEF[order];
  // Python's 3.75 / x is PyTorch's x.reciprocal() * 3.75 (it rounds differently in float32)
  const ys = div(x, 3.75);
  let small = evalPoly(mul(ys, ys), smallCoef);
  if (order === 1) small = mul(torch.abs(x), small);
  const large = add(sub(x, mul(log(x), 0.5)), log(evalPoly(mul(torch.reciprocal(x), 3.75), largeCoef)));
  return torch.where(torch.lt(x, 3.75), log(small), large);
}

/**
 * The circular von Mises distribution of mean angle `loc` and concentration κ, density e^(κ cos(x - loc)) / (2π I0(κ))
 * (torch.distributions.VonMises). Sampled by Best & Fisher's rejection scheme in double precision, PyTorch's stream.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.VonMises(torch.tensor([0.5], { dtype: torch.float64 }), 2);
 * assert.deepEqual(d.mean.tolist(), [0.5]);
 * torch.manualSeed(0);
 * assert.deepEqual(d.sample([3]).shape, [3, 1]);
 * ```
 */
export class VonMises extends Distribution {
  /** `new VonMises(loc, concentration, validateArgs?)` or with an options object. */
  constructor(
    loc: Param | VonMisesOptions,
    concentration?: Param | VonMisesOptions,
    validateArgs?: boolean | null | VonMisesOptions,
  );
  constructor(...args: unknown[]) {
    const a = bindArgs("VonMises.__init__()", ["loc", "concentration", "validateArgs"], args);
    if (a.loc === undefined || a.concentration === undefined) {
      const missing = a.loc === undefined ? "loc" : "concentration";
      throw new TypeError(`VonMises.__init__() missing required argument '${missing}'`);
    }
    const [loc, concentration] = broadcastAll(a.loc as Param, a.concentration as Param);
    super(loc.shape, [], a.validateArgs as boolean | undefined);
    this.params.set("loc", loc).set("concentration", concentration);
    this.checkArgs();
  }
  /** The mean angle. */
  get loc(): Tensor {
    return this.params.get("loc")!;
  }
  /** The concentration κ. */
  get concentration(): Tensor {
    return this.params.get("concentration")!;
  }
  /** loc: real, concentration: positive. */
  get argConstraints(): Record<string, Constraint> {
    return { loc: constraints.real, concentration: constraints.positive };
  }
  /** The real line (angles modulo 2π). */
  get support(): Constraint {
    return constraints.real;
  }
  /** κ cos(v - loc) - log 2π - log I0(κ). */
  logProb(value: Tensor | number): Tensor {
    if (this.validateArgs) this.validateSample(value);
    const lp = mul(this.concentration, torch.cos(sub(value as Tensor, this.loc)));
    return sub(sub(lp, Math.log(2 * Math.PI)), logModifiedBesselFn(this.concentration, 0));
  }
  /** The circular mean, loc. */
  get mean(): Tensor {
    return this.loc;
  }
  /** loc. */
  get mode(): Tensor {
    return this.loc;
  }
  /** The circular variance 1 - I1(κ) / I0(κ). */
  get variance(): Tensor {
    const k = this.concentration;
    return torch.rsub(torch.exp(sub(logModifiedBesselFn(k, 1), logModifiedBesselFn(k, 0))), 1);
  }
  /** Not implemented by PyTorch (its NotImplementedError). */
  entropy(): Tensor {
    throw new torch.RuntimeError("VonMises does not implement entropy");
  }
  /**
   * Best & Fisher's rejection sampler in float64 (PyTorch's _rejection_sample): rounds of three uniforms per element
   * until every element has accepted once; a later acceptance replaces the earlier value, as in PyTorch.
   */
  override sample(sampleShape: SampleShape = []): Tensor {
    return torch.noGrad(() => {
      const shape = this.extendedShape(sampleShape);
      const loc = this.loc.to("float64"), kappa = this.concentration.to("float64");
      const tau = add(torch.sqrt(add(mul(torch.pow(kappa, 2), 4), 1)), 1);
      const rho = div(sub(tau, torch.sqrt(mul(tau, 2))), mul(kappa, 2));
      const r = torch.where(
        torch.lt(kappa, 1e-5),
        add(torch.reciprocal(kappa), kappa),
        div(add(torch.pow(rho, 2), 1), mul(rho, 2)),
      );
      let x = torch.zeros(shape, { dtype: "float64" }), done = torch.zeros(shape, { dtype: "bool" });
      while (!torch.all(done).item()) {
        const [u1, u2, u3] = torch.unbind(torch.rand([3, ...shape], { dtype: "float64" }));
        const z = torch.cos(mul(u1, Math.PI));
        const f = div(add(mul(r, z), 1), add(r, z));
        const c = mul(kappa, sub(r, f));
        const accept = torch.logicalOr(
          torch.gt(sub(mul(c, torch.rsub(c, 2)), u2), 0),
          torch.ge(sub(add(log(div(c, u2)), 1), c), 0),
        );
        if (torch.any(accept).item()) {
          x = torch.where(accept, mul(torch.sign(sub(u3, 0.5)), torch.acos(f)), x);
          done = torch.logicalOr(done, accept);
        }
      }
      return sub(torch.remainder(add(add(x, Math.PI), loc), 2 * Math.PI), Math.PI).to(this.loc.dtype);
    });
  }
}
