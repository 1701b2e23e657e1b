/**
 * ASGD: averaged stochastic gradient descent (Polyak & Juditsky), PyTorch's
 * single-tensor update operation for operation. The step count and the
 * eta / mu schedules are numbers rounded as PyTorch's 0-d state tensors
 * (of the default dtype) round them.
 */
import type { Tensor } from "../torch/tensor.ts";
import { torch } from "../torch/mod.ts";
import {
  type ArgsOf,
  bindDefaults,
  check,
  noDifferentiable,
  opt,
  Optimizer,
  type OptionsOf,
  optionSpec,
  type ParamGroup,
  type Params,
  scalarRound,
} from "./optimizer.ts";

/** `torch.optim.ASGD`'s signature (after `params`): every argument is positional in PyTorch. */
export const ASGD_SIG = {
  pos: [
    opt("lr", "number", 1e-2),
    opt("lambd", "number", 1e-4),
    opt("alpha", "number", 0.75),
    opt("t0", "number", 1e6),
    opt("weightDecay", "number", 0),
    opt("foreach", "bool", null),
    opt("maximize", "bool", false),
    opt("differentiable", "bool", false),
    opt("capturable", "bool", false),
  ],
  kw: [],
} as const;
/** ASGD's options. */
export type ASGDOptions = OptionsOf<typeof ASGD_SIG>;
/** An ASGD parameter group. */
export type ASGDGroup = ParamGroup & ASGDOptions;
const ASGD_SPEC = optionSpec("ASGD", ASGD_SIG, (o) => {
  check((o.lr as number) >= 0, `Invalid learning rate: ${o.lr}`);
  check((o.weightDecay as number) >= 0, `Invalid weight_decay value: ${o.weightDecay}`);
  noDifferentiable(o);
});

/**
 * ASGD: SGD with a decaying step size `eta` and a running average `ax` of
 * the iterates (averaging starts after `t0` steps); state `step`, `eta`,
 * `mu`, `ax` as PyTorch's.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { optim, torch } from "../../mod.ts";
 * const w = torch.tensor([1.0, -2.0], { requiresGrad: true });
 * const opt = new optim.ASGD([w], 0.1, { t0: 0 });
 * for (let i = 0; i < 3; i++) {
 *   opt.zeroGrad();
 *   w.pow(2).sum().backward();
 *   opt.step();
 * }
 * assert.deepEqual(Object.keys(opt.state.get(w)!), ["step", "eta", "mu", "ax"]);
 * assert.ok(Math.abs(w.tolist()[0] as number) < 1);
 * ```
 */
export class ASGD extends Optimizer<ASGDGroup> {
  /** `new ASGD(params, lr?, lambd?, alpha?, t0?, weightDecay?, foreach?, maximize?, differentiable?, capturable?)`. */
  constructor(params: Params<Partial<ASGDOptions>>, ...args: ArgsOf<typeof ASGD_SIG>) {
    super(params as Params, bindDefaults(ASGD_SPEC, args), ASGD_SPEC);
  }
  /** ASGD's state keys kept as numbers: `step`, `eta` and `mu`. */
  protected override scalarStateKeys(): Set<string> {
    return new Set(["step", "eta", "mu"]);
  }
  /** One ASGD step for each of the group's parameters that has a gradient. */
  protected override update(group: ASGDGroup): void {
    const { lr, lambd, alpha, t0, weightDecay, maximize } = group;
    const round = scalarRound();
    for (const p of group.params) {
      if (p.grad === null) continue;
      const s = this.stateOf(p, () => ({ step: 0, eta: round(lr), mu: 1, ax: torch.zerosLike(p) }));
      let grad: Tensor = maximize ? p.grad.neg() : p.grad;
      const step = (s.step as number) + 1;
      s.step = step;
      if (weightDecay !== 0) grad = grad.add(p, { alpha: weightDecay });
      const eta = s.eta as number, mu = s.mu as number, ax = s.ax as Tensor;
      p.mul_(1 - lambd * eta);
      p.add_(grad, { alpha: -eta });
      if (mu !== 1) ax.add_(p.sub(ax).mul_(mu));
      else ax.copy_(p);
      s.eta = round(lr / (1 + lambd * lr * step) ** alpha);
      s.mu = round(1 / Math.max(1, step - t0));
    }
  }
}
