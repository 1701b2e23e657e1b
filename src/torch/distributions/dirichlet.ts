/** torch.distributions.Dirichlet. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { type Constraint, constraints } from "./constraints.ts";
import { ExponentialFamily } from "./exp_family.ts";
import type { SampleShape } from "./distribution.ts";
import { sampleDirichlet } from "./standard_gamma.ts";
import { bindArgs } from "./utils.ts";

/** Dirichlet's arguments, as an options object. */
export interface DirichletOptions {
  /** concentrations α (> 0) over the last dimension */
  concentration?: Tensor;
  /** validate the parameters and scored values */
  validateArgs?: boolean | null;
}

/** Every entry of the last dimension positive. */
const positiveVector = constraints.independent(constraints.positive, 1);

/**
 * The Dirichlet distribution over the simplex of the last dimension of `concentration`
 * (torch.distributions.Dirichlet). rsample is reparameterized (PyTorch's _sample_dirichlet and _dirichlet_grad).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * const d = new torch.distributions.Dirichlet(torch.tensor([1, 3], { dtype: torch.float64 }));
 * assert.deepEqual([d.batchShape, d.eventShape, d.mean.tolist()], [[], [2], [0.25, 0.75]]);
 * torch.manualSeed(0);
 * assert.deepEqual(d.sample([5]).shape, [5, 2]);
 * ```
 */
export class Dirichlet extends ExponentialFamily {
  /** rsample is implemented. */
  static override hasRsample = true;
  /** The concentrations carry the categories in their last dimension. */
  protected override paramEventDims = 1;
  /** Builds Dirichlet(α): `new Dirichlet(concentration, validateArgs?)` or with an options object. */
  constructor(concentration: Tensor | DirichletOptions, validateArgs?: boolean | null | DirichletOptions);
  constructor(...args: unknown[]) {
    const a = bindArgs("Dirichlet.__init__()", ["concentration", "validateArgs"], args);
    const c = a.concentration as Tensor;
    if (c === undefined) throw new TypeError("Dirichlet.__init__() missing required argument 'concentration'");
    if (!torch.isTensor(c)) throw new TypeError("Dirichlet.__init__(): concentration must be a Tensor");
    if (c.ndim < 1) throw new RangeError("`concentration` parameter must be at least one-dimensional.");
    super(c.shape.slice(0, -1), c.shape.slice(-1), a.validateArgs as boolean | undefined);
    this.params.set("concentration", c);
    this.checkArgs();
  }
  /** The concentrations α. */
  get concentration(): Tensor {
    return this.params.get("concentration")!;
  }
  /** concentration: positive over the last dimension. */
  get argConstraints(): Record<string, Constraint> {
    return { concentration: positiveVector };
  }
  /** The probability simplex. */
  get support(): Constraint {
    return constraints.simplex;
  }
  /** α / Σα. */
  get mean(): Tensor {
    return torch.div(this.concentration, torch.sum(this.concentration, -1, { keepdim: true }));
  }
  /** (α - 1)₊ / Σ(α - 1)₊; where every α < 1, the one-hot vector of the first largest entry. */
  get mode(): Tensor {
    const cm1 = torch.clamp(torch.sub(this.concentration, 1), { min: 0 });
    const mode = torch.div(cm1, torch.sum(cm1, -1, { keepdim: true }));
    const mask = torch.all(torch.lt(this.concentration, 1), -1);
    const oneHot = torch.nn.functional.oneHot(torch.argmax(mode, -1), cm1.shape.at(-1)!).to(mode.dtype);
    return torch.where(mask.unsqueeze(-1), oneHot, mode);
  }
  /** α (Σα - α) / ((Σα)² (Σα + 1)). */
  get variance(): Tensor {
    const c = this.concentration, con0 = torch.sum(c, -1, { keepdim: true });
    return torch.div(torch.mul(c, torch.sub(con0, c)), torch.mul(torch.pow(con0, 2), torch.add(con0, 1)));
  }
  /** _sample_dirichlet on the expanded α (PyTorch's stream): differentiable w.r.t. α. */
  override rsample(sampleShape: SampleShape = []): Tensor {
    return sampleDirichlet(this.concentration.expand(this.extendedShape(sampleShape)));
  }
  /** Σ xlogy(α - 1, v) + lgamma(Σα) - Σ lgamma(α). */
  logProb(value: Tensor | number): Tensor {
    if (this.validateArgs) this.validateSample(value);
    const c = this.concentration;
    return torch.sub(
      torch.add(torch.sum(torch.xlogy(torch.sub(c, 1), value as Tensor), -1), torch.lgamma(torch.sum(c, -1))),
      torch.sum(torch.lgamma(c), -1),
    );
  }
  /** Σ lgamma(α) - lgamma(α₀) - (K - α₀) digamma(α₀) - Σ (α - 1) digamma(α), α₀ = Σα. */
  override entropy(): Tensor {
    const c = this.concentration, k = c.shape.at(-1)!, a0 = torch.sum(c, -1);
    const t = torch.sub(torch.sum(torch.lgamma(c), -1), torch.lgamma(a0));
    return torch.sub(
      torch.sub(t, torch.mul(torch.rsub(a0, k), torch.digamma(a0))),
      torch.sum(torch.mul(torch.sub(c, 1), torch.digamma(c)), -1),
    );
  }
  /** [concentration]. */
  override get _naturalParams(): Tensor[] {
    return [this.concentration];
  }
  /** Σ lgamma(x) - lgamma(Σ x), over the last dimension. */
  override _logNormalizer(x: Tensor): Tensor {
    return torch.sub(torch.sum(torch.lgamma(x), -1), torch.lgamma(torch.sum(x, -1)));
  }
}
