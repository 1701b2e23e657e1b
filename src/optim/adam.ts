/**
 * The Adam family: Adam (with amsgrad and decoupled weight decay), AdamW,
 * Adamax, NAdam and RAdam, each PyTorch's single-tensor update
 * (`_single_tensor_adam`, ...) operation for operation. Step counts and
 * NAdam's mu product are numbers rounded as PyTorch's 0-d state tensors
 * round them.
 */
import { peekGrad, type Tensor } from "../torch/tensor.ts";
import { torch } from "../torch/mod.ts";
import { fusedAdam } from "./fused.ts";
import {
  type ArgsOf,
  bindDefaults,
  check,
  checkBetas,
  noDifferentiable,
  opt,
  Optimizer,
  type OptionsOf,
  type OptionSpec,
  optionSpec,
  type ParamGroup,
  type Params,
  scalarRound,
} from "./optimizer.ts";

/** Options with a typed `betas` pair. */
export type WithBetas<O> = Omit<O, "betas"> & { betas: [number, number] };

function checkCommon(o: Record<string, unknown>): void {
  check((o.lr as number) >= 0, `Invalid learning rate: ${o.lr}`);
  check((o.eps as number) >= 0, `Invalid epsilon value: ${o.eps}`);
  checkBetas(o.betas);
  check((o.weightDecay as number) >= 0, `Invalid weight_decay value: ${o.weightDecay}`);
  noDifferentiable(o);
}

const BETAS = [0.9, 0.999];

// ---------- Adam / AdamW ----------

const ADAM_POS = [
  opt("lr", "number", 1e-3),
  opt("betas", "any", BETAS),
  opt("eps", "number", 1e-8),
  opt("weightDecay", "number", 0),
  opt("amsgrad", "bool", false),
] as const;
/** `torch.optim.Adam`'s signature (after `params`). */
export const ADAM_SIG = {
  pos: ADAM_POS,
  kw: [
    opt("foreach", "bool", null),
    opt("maximize", "bool", false),
    opt("capturable", "bool", false),
    opt("differentiable", "bool", false),
    opt("fused", "bool", null),
    opt("decoupledWeightDecay", "bool", false),
  ],
} as const;
/** `torch.optim.AdamW`'s signature (after `params`). */
export const ADAMW_SIG = {
  pos: [ADAM_POS[0], ADAM_POS[1], ADAM_POS[2], opt("weightDecay", "number", 1e-2), ADAM_POS[4]],
  kw: [
    opt("maximize", "bool", false),
    opt("foreach", "bool", null),
    opt("capturable", "bool", false),
    opt("differentiable", "bool", false),
    opt("fused", "bool", null),
  ],
} as const;

/** Adam's options. */
export type AdamOptions = WithBetas<OptionsOf<typeof ADAM_SIG>>;
/** AdamW's options. */
export type AdamWOptions = WithBetas<OptionsOf<typeof ADAMW_SIG>>;
/** An Adam parameter group. */
export type AdamGroup = ParamGroup & AdamOptions;

const ADAM_SPEC = optionSpec("Adam", ADAM_SIG, checkCommon);
const ADAMW_SPEC = optionSpec("AdamW", ADAMW_SIG, checkCommon);

/** The Adam update shared by Adam and AdamW (decoupled weight decay per group). */
function adamUpdate(group: AdamGroup, stateOf: StateOf, own: (t: Tensor, p: Tensor) => Tensor): void {
  const { lr, eps, weightDecay, amsgrad, maximize } = group;
  const [beta1, beta2] = group.betas;
  const decoupled = group.decoupledWeightDecay === true;
  for (const p of group.params) {
    // the update keeps no reference to the gradient: read it unseen, so zeroGrad can reuse its memory
    const g = peekGrad(p);
    if (g === null) continue;
    const s = stateOf(p, () => ({
      step: 0,
      expAvg: torch.zerosLike(p),
      expAvgSq: torch.zerosLike(p),
      ...(amsgrad ? { maxExpAvgSq: torch.zerosLike(p) } : {}),
    }));
    const step = (s.step as number) + 1;
    s.step = step;
    const expAvg = s.expAvg as Tensor, expAvgSq = s.expAvgSq as Tensor;
    const bc1 = 1 - beta1 ** step, bc2 = 1 - beta2 ** step;
    const stepSize = lr / bc1, bc2Sqrt = Math.sqrt(bc2);
    if (amsgrad && !s.maxExpAvgSq) s.maxExpAvgSq = own(torch.zerosLike(p), p);
    const max = amsgrad ? s.maxExpAvgSq as Tensor : null;
    const scalars = { lr, beta1, beta2, eps, weightDecay, stepSize, bc2Sqrt, maximize, decoupled, amsgrad };
    if (fusedAdam(p, g, expAvg, expAvgSq, max, scalars)) continue;
    let grad: Tensor = maximize ? g.neg() : g;
    if (weightDecay !== 0) {
      if (decoupled) p.mul_(1 - lr * weightDecay);
      else grad = grad.add(p, { alpha: weightDecay });
    }
    expAvg.lerp_(grad, 1 - beta1);
    expAvgSq.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
    let denom: Tensor;
    if (max) {
      torch.maximum(max, expAvgSq, { out: max });
      denom = max.sqrt().div_(bc2Sqrt).add_(eps);
    } else denom = expAvgSq.sqrt().div_(bc2Sqrt).add_(eps);
    p.addcdiv_(expAvg, denom, { value: -stepSize });
  }
}

type StateOf = (p: Tensor, init: () => Record<string, unknown>) => Record<string, unknown>;

/**
 * Adam (Kingma & Ba), with `amsgrad`, `maximize` and L2 or decoupled
 * (`decoupledWeightDecay`) weight decay.
 *
 * @example
 * ```ts
 * import { optim, torch } from "../../mod.ts";
 * const w = torch.tensor([3.0], { requiresGrad: true });
 * const opt = new optim.Adam([w], { lr: 0.1 });
 * for (let i = 0; i < 100; i++) {
 *   opt.zeroGrad();
 *   w.pow(2).sum().backward();
 *   opt.step();
 * }
 * console.log(Math.abs(w.item() as number) < 0.5); // true
 * ```
 */
export class Adam extends Optimizer<AdamGroup> {
  /** `new Adam(params, lr?, betas?, eps?, weightDecay?, amsgrad?, { foreach, maximize, capturable, differentiable, fused, decoupledWeightDecay })`. */
  constructor(params: Params<Partial<AdamOptions>>, ...args: ArgsOf<typeof ADAM_SIG>) {
    super(params as Params, bindDefaults(ADAM_SPEC, args), ADAM_SPEC);
  }
  /** One Adam step for each of the group's parameters that has a gradient. */
  protected override update(group: AdamGroup): void {
    adamUpdate(group, (p, init) => this.stateOf(p, init), (t, p) => this.own(t, p));
  }
}

/**
 * AdamW: Adam with decoupled weight decay (default 1e-2), as PyTorch's
 * AdamW (an Adam whose groups have `decoupledWeightDecay: true`).
 */
export class AdamW extends Optimizer<AdamGroup> {
  /** `new AdamW(params, lr?, betas?, eps?, weightDecay?, amsgrad?, { maximize, foreach, capturable, differentiable, fused })`. */
  constructor(params: Params<Partial<AdamWOptions>>, ...args: ArgsOf<typeof ADAMW_SIG>) {
    super(params as Params, { ...bindDefaults(ADAMW_SPEC, args), decoupledWeightDecay: true }, ADAMW_SPEC);
  }
  /** One AdamW step (Adam with decoupled weight decay) for each of the group's parameters that has a gradient. */
  protected override update(group: AdamGroup): void {
    adamUpdate(group, (p, init) => this.stateOf(p, init), (t, p) => this.own(t, p));
  }
}

// ---------- Adamax ----------

/** `torch.optim.Adamax`'s signature (after `params`). */
export const ADAMAX_SIG = {
  pos: [
    opt("lr", "number", 2e-3),
    opt("betas", "any", BETAS),
    opt("eps", "number", 1e-8),
    opt("weightDecay", "number", 0),
    opt("foreach", "bool", null),
  ],
  kw: [opt("maximize", "bool", false), opt("differentiable", "bool", false), opt("capturable", "bool", false)],
} as const;
/** Adamax's options. */
export type AdamaxOptions = WithBetas<OptionsOf<typeof ADAMAX_SIG>>;
/** An Adamax parameter group. */
export type AdamaxGroup = ParamGroup & AdamaxOptions;
const ADAMAX_SPEC: OptionSpec = optionSpec("Adamax", ADAMAX_SIG, checkCommon);

/** Adamax: Adam with the infinity norm of past gradients. */
export class Adamax extends Optimizer<AdamaxGroup> {
  /** `new Adamax(params, lr?, betas?, eps?, weightDecay?, foreach?, { maximize, differentiable, capturable })`. */
  constructor(params: Params<Partial<AdamaxOptions>>, ...args: ArgsOf<typeof ADAMAX_SIG>) {
    super(params as Params, bindDefaults(ADAMAX_SPEC, args), ADAMAX_SPEC);
  }
  /** One Adamax step for each of the group's parameters that has a gradient. */
  protected override update(group: AdamaxGroup): void {
    const { lr, eps, weightDecay, maximize } = group;
    const [beta1, beta2] = group.betas;
    for (const p of group.params) {
      if (p.grad === null) continue;
      let grad: Tensor = maximize ? p.grad.neg() : p.grad;
      const s = this.stateOf(p, () => ({ step: 0, expAvg: torch.zerosLike(p), expInf: torch.zerosLike(p) }));
      const step = (s.step as number) + 1;
      s.step = step;
      if (weightDecay !== 0) grad = grad.add(p, { alpha: weightDecay });
      const expAvg = s.expAvg as Tensor, expInf = s.expInf as Tensor;
      expAvg.lerp_(grad, 1 - beta1);
      torch.maximum(expInf.mul_(beta2), grad.abs().add_(eps), { out: expInf });
      const clr = lr / (1 - beta1 ** step);
      p.addcdiv_(expAvg, expInf, { value: -clr });
    }
  }
}

// ---------- NAdam ----------

/** `torch.optim.NAdam`'s signature (after `params`). */
export const NADAM_SIG = {
  pos: [
    opt("lr", "number", 2e-3),
    opt("betas", "any", BETAS),
    opt("eps", "number", 1e-8),
    opt("weightDecay", "number", 0),
    opt("momentumDecay", "number", 4e-3),
    opt("decoupledWeightDecay", "bool", false),
  ],
  kw: [
    opt("foreach", "bool", null),
    opt("maximize", "bool", false),
    opt("capturable", "bool", false),
    opt("differentiable", "bool", false),
  ],
} as const;
/** NAdam's options. */
export type NAdamOptions = WithBetas<OptionsOf<typeof NADAM_SIG>>;
/** A NAdam parameter group. */
export type NAdamGroup = ParamGroup & NAdamOptions;
const NADAM_SPEC = optionSpec("NAdam", NADAM_SIG, (o) => {
  checkCommon(o);
  check((o.momentumDecay as number) >= 0, `Invalid momentum_decay value: ${o.momentumDecay}`);
});

/** NAdam: Adam with Nesterov momentum (Dozat), with the momentum-decay schedule. */
export class NAdam extends Optimizer<NAdamGroup> {
  /** `new NAdam(params, lr?, betas?, eps?, weightDecay?, momentumDecay?, decoupledWeightDecay?, { foreach, maximize, capturable, differentiable })`. */
  constructor(params: Params<Partial<NAdamOptions>>, ...args: ArgsOf<typeof NADAM_SIG>) {
    super(params as Params, bindDefaults(NADAM_SPEC, args), NADAM_SPEC);
  }
  /** NAdam's state keys kept as numbers: `step` and `muProduct`. */
  protected override scalarStateKeys(): Set<string> {
    return new Set(["step", "muProduct"]);
  }
  /** One NAdam step for each of the group's parameters that has a gradient. */
  protected override update(group: NAdamGroup): void {
    const { lr, eps, weightDecay, momentumDecay, decoupledWeightDecay, maximize } = group;
    const [beta1, beta2] = group.betas;
    const round = scalarRound();
    for (const p of group.params) {
      if (p.grad === null) continue;
      let grad: Tensor = maximize ? p.grad.neg() : p.grad;
      const s = this.stateOf(p, () => ({
        step: 0,
        muProduct: 1,
        expAvg: torch.zerosLike(p),
        expAvgSq: torch.zerosLike(p),
      }));
      const step = (s.step as number) + 1;
      s.step = step;
      const bc2 = 1 - beta2 ** step;
      if (weightDecay !== 0) {
        if (decoupledWeightDecay) p.mul_(1 - lr * weightDecay);
        else grad = grad.add(p, { alpha: weightDecay });
      }
      const mu = beta1 * (1.0 - 0.5 * 0.96 ** (step * momentumDecay));
      const muNext = beta1 * (1.0 - 0.5 * 0.96 ** ((step + 1) * momentumDecay));
      // mu_product is a 0-d tensor of the default dtype: the product rounds as that tensor's multiply does
      const muProduct = round((s.muProduct as number) * round(mu));
      s.muProduct = muProduct;
      const expAvg = s.expAvg as Tensor, expAvgSq = s.expAvgSq as Tensor;
      expAvg.lerp_(grad, 1 - beta1);
      expAvgSq.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
      const denom = expAvgSq.div(bc2).sqrt();
      const muProductNext = muProduct * muNext;
      denom.add_(eps);
      p.addcdiv_(grad, denom, { value: (-lr * (1.0 - mu)) / (1.0 - muProduct) });
      p.addcdiv_(expAvg, denom, { value: (-lr * muNext) / (1.0 - muProductNext) });
    }
  }
}

// ---------- RAdam ----------

/** `torch.optim.RAdam`'s signature (after `params`). */
export const RADAM_SIG = {
  pos: [
    opt("lr", "number", 1e-3),
    opt("betas", "any", BETAS),
    opt("eps", "number", 1e-8),
    opt("weightDecay", "number", 0),
    opt("decoupledWeightDecay", "bool", false),
  ],
  kw: [
    opt("foreach", "bool", null),
    opt("maximize", "bool", false),
    opt("capturable", "bool", false),
    opt("differentiable", "bool", false),
  ],
} as const;
/** RAdam's options. */
export type RAdamOptions = WithBetas<OptionsOf<typeof RADAM_SIG>>;
/** A RAdam parameter group. */
export type RAdamGroup = ParamGroup & RAdamOptions;
const RADAM_SPEC = optionSpec("RAdam", RADAM_SIG, checkCommon);

/** RAdam: Adam with the variance of the adaptive learning rate rectified (Liu et al.). */
export class RAdam extends Optimizer<RAdamGroup> {
  /** `new RAdam(params, lr?, betas?, eps?, weightDecay?, decoupledWeightDecay?, { foreach, maximize, capturable, differentiable })`. */
  constructor(params: Params<Partial<RAdamOptions>>, ...args: ArgsOf<typeof RADAM_SIG>) {
    super(params as Params, bindDefaults(RADAM_SPEC, args), RADAM_SPEC);
  }
  /** One RAdam step for each of the group's parameters that has a gradient. */
  protected override update(group: RAdamGroup): void {
    const { lr, eps, weightDecay, decoupledWeightDecay, maximize } = group;
    const [beta1, beta2] = group.betas;
    for (const p of group.params) {
      if (p.grad === null) continue;
      let grad: Tensor = maximize ? p.grad.neg() : p.grad;
      const s = this.stateOf(p, () => ({ step: 0, expAvg: torch.zerosLike(p), expAvgSq: torch.zerosLike(p) }));
      const step = (s.step as number) + 1;
      s.step = step;
      if (weightDecay !== 0) {
        if (decoupledWeightDecay) p.mul_(1 - lr * weightDecay);
        else grad = grad.add(p, { alpha: weightDecay });
      }
      const expAvg = s.expAvg as Tensor, expAvgSq = s.expAvgSq as Tensor;
      expAvg.lerp_(grad, 1 - beta1);
      expAvgSq.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
      const bc1 = 1 - beta1 ** step, bc2 = 1 - beta2 ** step;
      const corrected = expAvg.div(bc1);
      const rhoInf = 2 / (1 - beta2) - 1;
      const rhoT = rhoInf - (2 * step * beta2 ** step) / bc2;
      if (rhoT > 5.0) {
        const rect = Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
        // float / tensor is reciprocal() * float in PyTorch
        const adaptive = expAvgSq.sqrt().add_(eps).reciprocal_().mul_(Math.sqrt(bc2));
        p.add_(corrected.mul_(lr).mul_(adaptive).mul_(rect), { alpha: -1.0 });
      } else p.add_(corrected.mul_(lr), { alpha: -1.0 });
    }
  }
}
