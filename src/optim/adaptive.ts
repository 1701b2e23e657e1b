/**
 * Per-coordinate adaptive methods: Adagrad, RMSprop (centered, momentum)
 * and Adadelta, each PyTorch's single-tensor update operation for
 * operation.
 */
import { torch } from "../torch/mod.ts";
import type { Tensor } from "../torch/tensor.ts";
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

// ---------- Adagrad ----------

/** `torch.optim.Adagrad`'s signature (after `params`). */
export const ADAGRAD_SIG = {
  pos: [
    opt("lr", "number", 1e-2),
    opt("lrDecay", "number", 0),
    opt("weightDecay", "number", 0),
    opt("initialAccumulatorValue", "number", 0),
    opt("eps", "number", 1e-10),
    opt("foreach", "bool", null),
  ],
  kw: [opt("maximize", "bool", false), opt("differentiable", "bool", false), opt("fused", "bool", null)],
} as const;
/** Adagrad's options. */
export type AdagradOptions = OptionsOf<typeof ADAGRAD_SIG>;
/** An Adagrad parameter group. */
export type AdagradGroup = ParamGroup & AdagradOptions;
const ADAGRAD_SPEC = optionSpec("Adagrad", ADAGRAD_SIG, (o) => {
  check((o.lr as number) >= 0, `Invalid learning rate: ${o.lr}`);
  check((o.lrDecay as number) >= 0, `Invalid lr_decay value: ${o.lrDecay}`);
  check((o.weightDecay as number) >= 0, `Invalid weight_decay value: ${o.weightDecay}`);
  check(
    (o.initialAccumulatorValue as number) >= 0,
    `Invalid initial_accumulator_value value: ${o.initialAccumulatorValue}`,
  );
  check((o.eps as number) >= 0, `Invalid epsilon value: ${o.eps}`);
  noDifferentiable(o);
});

/** Adagrad (Duchi et al.): steps scaled by the root of the summed squared gradients. */
export class Adagrad extends Optimizer<AdagradGroup> {
  /** `new Adagrad(params, lr?, lrDecay?, weightDecay?, initialAccumulatorValue?, eps?, foreach?, { maximize, differentiable, fused })`. */
  constructor(params: Params<Partial<AdagradOptions>>, ...args: ArgsOf<typeof ADAGRAD_SIG>) {
    super(params as Params, bindDefaults(ADAGRAD_SPEC, args), ADAGRAD_SPEC);
    // PyTorch creates Adagrad's state up front
    for (const g of this.paramGroups) for (const p of g.params) this.#init(p, g);
  }
  #init(p: Tensor, g: AdagradGroup): Record<string, unknown> {
    return this.stateOf(p, () => ({ step: 0, sum: torch.fullLike(p, g.initialAccumulatorValue) }));
  }
  /** One Adagrad step for each of the group's parameters that has a gradient. */
  protected override update(group: AdagradGroup): void {
    const { lr, lrDecay, weightDecay, eps, maximize } = group;
    for (const p of group.params) {
      if (p.grad === null) continue;
      const s = this.#init(p, group);
      const step = (s.step as number) + 1;
      s.step = step;
      let grad: Tensor = maximize ? p.grad.neg() : p.grad;
      if (weightDecay !== 0) grad = grad.add(p, { alpha: weightDecay });
      const clr = lr / (1 + (step - 1) * lrDecay);
      const sum = s.sum as Tensor;
      sum.addcmul_(grad, grad, { value: 1 });
      const std = sum.sqrt().add_(eps);
      p.addcdiv_(grad, std, { value: -clr });
    }
  }
}

// ---------- RMSprop ----------

/** `torch.optim.RMSprop`'s signature (after `params`). */
export const RMSPROP_SIG = {
  pos: [
    opt("lr", "number", 1e-2),
    opt("alpha", "number", 0.99),
    opt("eps", "number", 1e-8),
    opt("weightDecay", "number", 0),
    opt("momentum", "number", 0),
    opt("centered", "bool", false),
    opt("capturable", "bool", false),
    opt("foreach", "bool", null),
    opt("maximize", "bool", false),
    opt("differentiable", "bool", false),
  ],
  kw: [],
} as const;
/** RMSprop's options. */
export type RMSpropOptions = OptionsOf<typeof RMSPROP_SIG>;
/** An RMSprop parameter group. */
export type RMSpropGroup = ParamGroup & RMSpropOptions;
const RMSPROP_SPEC = optionSpec("RMSprop", RMSPROP_SIG, (o) => {
  check((o.lr as number) >= 0, `Invalid learning rate: ${o.lr}`);
  check((o.eps as number) >= 0, `Invalid epsilon value: ${o.eps}`);
  check((o.momentum as number) >= 0, `Invalid momentum value: ${o.momentum}`);
  check((o.weightDecay as number) >= 0, `Invalid weight_decay value: ${o.weightDecay}`);
  check((o.alpha as number) >= 0, `Invalid alpha value: ${o.alpha}`);
  noDifferentiable(o);
});

/** RMSprop (Hinton): steps scaled by a running root mean square of gradients; centered and momentum variants. */
export class RMSprop extends Optimizer<RMSpropGroup> {
  /** `new RMSprop(params, lr?, alpha?, eps?, weightDecay?, momentum?, centered?, capturable?, foreach?, maximize?, differentiable?)`. */
  constructor(params: Params<Partial<RMSpropOptions>>, ...args: ArgsOf<typeof RMSPROP_SIG>) {
    super(params as Params, bindDefaults(RMSPROP_SPEC, args), RMSPROP_SPEC);
  }
  /** One RMSprop step for each of the group's parameters that has a gradient. */
  protected override update(group: RMSpropGroup): void {
    const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = group;
    for (const p of group.params) {
      if (p.grad === null) continue;
      const s = this.stateOf(p, () => ({
        step: 0,
        squareAvg: torch.zerosLike(p),
        ...(momentum > 0 ? { momentumBuffer: torch.zerosLike(p) } : {}),
        ...(centered ? { gradAvg: torch.zerosLike(p) } : {}),
      }));
      let grad: Tensor = maximize ? p.grad.neg() : p.grad;
      s.step = (s.step as number) + 1;
      if (weightDecay !== 0) grad = grad.add(p, { alpha: weightDecay });
      const squareAvg = s.squareAvg as Tensor;
      squareAvg.mul_(alpha).addcmul_(grad, grad, { value: 1 - alpha });
      let avg: Tensor;
      if (centered) {
        const gradAvg = (s.gradAvg ??= this.own(torch.zerosLike(p), p)) as Tensor;
        gradAvg.lerp_(grad, 1 - alpha);
        avg = squareAvg.addcmul(gradAvg, gradAvg, { value: -1 }).sqrt_();
      } else avg = squareAvg.sqrt();
      avg = avg.add_(eps);
      if (momentum > 0) {
        const buf = (s.momentumBuffer ??= this.own(torch.zerosLike(p), p)) as Tensor;
        buf.mul_(momentum).addcdiv_(grad, avg);
        p.add_(buf, { alpha: -lr });
      } else p.addcdiv_(grad, avg, { value: -lr });
    }
  }
}

// ---------- Adadelta ----------

/** `torch.optim.Adadelta`'s signature (after `params`). */
export const ADADELTA_SIG = {
  pos: [
    opt("lr", "number", 1.0),
    opt("rho", "number", 0.9),
    opt("eps", "number", 1e-6),
    opt("weightDecay", "number", 0),
    opt("foreach", "bool", null),
  ],
  kw: [opt("capturable", "bool", false), opt("maximize", "bool", false), opt("differentiable", "bool", false)],
} as const;
/** Adadelta's options. */
export type AdadeltaOptions = OptionsOf<typeof ADADELTA_SIG>;
/** An Adadelta parameter group. */
export type AdadeltaGroup = ParamGroup & AdadeltaOptions;
const ADADELTA_SPEC = optionSpec("Adadelta", ADADELTA_SIG, (o) => {
  check((o.lr as number) >= 0, `Invalid learning rate: ${o.lr}`);
  check(0 <= (o.rho as number) && (o.rho as number) <= 1, `Invalid rho value: ${o.rho}`);
  check((o.eps as number) >= 0, `Invalid epsilon value: ${o.eps}`);
  check((o.weightDecay as number) >= 0, `Invalid weight_decay value: ${o.weightDecay}`);
  noDifferentiable(o);
});

/** Adadelta (Zeiler): steps scaled by the ratio of running RMS of updates and of gradients. */
export class Adadelta extends Optimizer<AdadeltaGroup> {
  /** `new Adadelta(params, lr?, rho?, eps?, weightDecay?, foreach?, { capturable, maximize, differentiable })`. */
  constructor(params: Params<Partial<AdadeltaOptions>>, ...args: ArgsOf<typeof ADADELTA_SIG>) {
    super(params as Params, bindDefaults(ADADELTA_SPEC, args), ADADELTA_SPEC);
  }
  /** One Adadelta step for each of the group's parameters that has a gradient. */
  protected override update(group: AdadeltaGroup): void {
    const { lr, rho, eps, weightDecay, maximize } = group;
    for (const p of group.params) {
      if (p.grad === null) continue;
      const s = this.stateOf(p, () => ({
        step: 0,
        squareAvg: torch.zerosLike(p),
        accDelta: torch.zerosLike(p),
      }));
      s.step = (s.step as number) + 1;
      let grad: Tensor = maximize ? p.grad.neg() : p.grad;
      if (weightDecay !== 0) grad = grad.add(p, { alpha: weightDecay });
      const squareAvg = s.squareAvg as Tensor, accDelta = s.accDelta as Tensor;
      squareAvg.mul_(rho).addcmul_(grad, grad, { value: 1 - rho });
      const std = squareAvg.add(eps).sqrt_();
      const delta = accDelta.add(eps).sqrt_();
      delta.div_(std).mul_(grad);
      accDelta.mul_(rho).addcmul_(delta, delta, { value: 1 - rho });
      p.add_(delta, { alpha: -lr });
    }
  }
}
