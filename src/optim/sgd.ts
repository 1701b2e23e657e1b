/**
 * Stochastic gradient descent with momentum, dampening, Nesterov momentum,
 * weight decay and maximize: PyTorch's single-tensor update
 * (`_single_tensor_sgd`), operation for operation.
 */
import { peekGrad, type Tensor } from "../torch/tensor.ts";
import { torch } from "../torch/mod.ts";
import { fusable, fusedSgd } from "./fused.ts";
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
} from "./optimizer.ts";

/** `torch.optim.SGD`'s signature (after `params`). */
export const SIG = {
  pos: [
    opt("lr", "number", 1e-3),
    opt("momentum", "number", 0),
    opt("dampening", "number", 0),
    opt("weightDecay", "number", 0),
    opt("nesterov", "bool", false),
  ],
  kw: [
    opt("maximize", "bool", false),
    opt("foreach", "bool", null),
    opt("differentiable", "bool", false),
    opt("fused", "bool", null),
  ],
} as const;

/** SGD's options. */
export type SGDOptions = OptionsOf<typeof SIG>;
/** An SGD parameter group. */
export type SGDGroup = ParamGroup & SGDOptions;

const SPEC = optionSpec("SGD", SIG, (o) => {
  check((o.lr as number) >= 0, `Invalid learning rate: ${o.lr}`);
  check((o.momentum as number) >= 0, `Invalid momentum value: ${o.momentum}`);
  check((o.weightDecay as number) >= 0, `Invalid weight_decay value: ${o.weightDecay}`);
  if (o.nesterov && ((o.momentum as number) <= 0 || o.dampening !== 0)) {
    throw new RangeError("Nesterov momentum requires a momentum and zero dampening");
  }
  noDifferentiable(o);
});

/**
 * Stochastic gradient descent (optionally with momentum).
 *
 * @example
 * ```ts
 * import { optim, torch } from "../../mod.ts";
 * const w = torch.tensor([1.0, -2.0], { requiresGrad: true });
 * const opt = new optim.SGD([w], { lr: 0.1, momentum: 0.9 });
 * for (let i = 0; i < 3; i++) {
 *   opt.zeroGrad();
 *   w.pow(2).sum().backward();
 *   opt.step();
 * }
 * console.log((w.abs().max().item() as number) < 1); // true
 * ```
 */
export class SGD extends Optimizer<SGDGroup> {
  /** `new SGD(params, lr?, momentum?, dampening?, weightDecay?, nesterov?, { maximize, foreach, differentiable, fused })`. */
  constructor(params: Params<Partial<SGDOptions>>, ...args: ArgsOf<typeof SIG>) {
    super(params as Params, bindDefaults(SPEC, args), SPEC);
  }

  /** One SGD step (weight decay, momentum, dampening, Nesterov) for each of the group's parameters that has a gradient. */
  protected override update(group: SGDGroup): void {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    for (const p of group.params) {
      // the update keeps no reference to the gradient: read it unseen, so zeroGrad can reuse its memory
      const g = peekGrad(p);
      if (g === null || this.fused(p, g, group)) continue;
      let grad: Tensor = maximize ? g.neg() : g;
      if (weightDecay !== 0) grad = grad.add(p, { alpha: weightDecay });
      if (momentum !== 0) {
        const state = this.state.get(p) ?? {};
        let buf = state.momentumBuffer as Tensor | null | undefined;
        if (!buf) {
          buf = this.own(grad.detach().clone(), p);
        } else {
          buf.mul_(momentum).add_(grad, { alpha: 1 - dampening });
        }
        state.momentumBuffer = buf;
        this.state.set(p, state);
        grad = nesterov ? grad.add(buf, { alpha: momentum }) : buf;
      }
      p.add_(grad, { alpha: -lr });
    }
  }

  /** The fused kernel's update of one parameter (fused.ts), when its tensors qualify. */
  private fused(p: Tensor, g: Tensor, group: SGDGroup): boolean {
    if (!fusable([p, g], "sgdStep")) return false;
    const state = group.momentum !== 0 ? this.state.get(p) ?? {} : null;
    const old = state?.momentumBuffer as Tensor | null | undefined;
    const buf = state ? old ?? this.own(torch.emptyLike(p), p) : null;
    const done = fusedSgd(p, g, buf, { ...group, first: !old });
    if (done && state) {
      state.momentumBuffer = buf;
      this.state.set(p, state);
    }
    return done;
  }
}
