/**
 * Rprop: resilient backpropagation (Riedmiller & Braun), PyTorch's
 * single-tensor update operation for operation.
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
  showOption,
} from "./optimizer.ts";

/** `torch.optim.Rprop`'s signature (after `params`). */
export const RPROP_SIG = {
  pos: [opt("lr", "number", 1e-2), opt("etas", "any", [0.5, 1.2]), opt("stepSizes", "any", [1e-6, 50])],
  kw: [
    opt("capturable", "bool", false),
    opt("foreach", "bool", null),
    opt("maximize", "bool", false),
    opt("differentiable", "bool", false),
  ],
} as const;
/** Rprop's options. */
export type RpropOptions = Omit<OptionsOf<typeof RPROP_SIG>, "etas" | "stepSizes"> & {
  etas: [number, number];
  stepSizes: [number, number];
};
/** An Rprop parameter group. */
export type RpropGroup = ParamGroup & RpropOptions;

function pair(name: string, v: unknown): [number, number] {
  if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => typeof x === "number")) {
    throw new TypeError(`Rprop: ${name} must be a pair of numbers, not ${showOption(v)}`);
  }
  return v as [number, number];
}

const RPROP_SPEC = optionSpec("Rprop", RPROP_SIG, (o) => {
  check((o.lr as number) >= 0, `Invalid learning rate: ${o.lr}`);
  const [etaminus, etaplus] = pair("etas", o.etas);
  check(0 < etaminus && etaminus < 1 && 1 < etaplus, `Invalid eta values: ${etaminus}, ${etaplus}`);
  pair("stepSizes", o.stepSizes);
  noDifferentiable(o);
});

/**
 * Rprop: each coordinate moves by its own step size against the sign of
 * its gradient; the step size grows (etaplus) while the sign holds and
 * shrinks (etaminus) when it flips, within `stepSizes`. State `step`,
 * `prev`, `stepSize` as PyTorch's.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { optim, torch } from "../../mod.ts";
 * const w = torch.tensor([3.0], { requiresGrad: true });
 * const opt = new optim.Rprop([w], 0.1, { etas: [0.5, 1.2] });
 * opt.zeroGrad();
 * w.pow(2).sum().backward();
 * opt.step();
 * assert.ok(Math.abs((w.item() as number) - 2.9) < 1e-6);
 * ```
 */
export class Rprop extends Optimizer<RpropGroup> {
  /** `new Rprop(params, lr?, etas?, stepSizes?, { capturable, foreach, maximize, differentiable })`. */
  constructor(params: Params<Partial<RpropOptions>>, ...args: ArgsOf<typeof RPROP_SIG>) {
    super(params as Params, bindDefaults(RPROP_SPEC, args), RPROP_SPEC);
  }
  /** One Rprop step for each of the group's parameters that has a gradient. */
  protected override update(group: RpropGroup): void {
    const { lr, maximize } = group;
    const [etaminus, etaplus] = group.etas, [stepSizeMin, stepSizeMax] = group.stepSizes;
    for (const p of group.params) {
      if (p.grad === null) continue;
      const s = this.stateOf(p, () => ({ step: 0, prev: torch.zerosLike(p), stepSize: torch.fullLike(p, lr) }));
      const grad: Tensor = maximize ? p.grad.neg() : p.grad;
      s.step = (s.step as number) + 1;
      const prev = s.prev as Tensor, stepSize = s.stepSize as Tensor;
      // the sign of grad * prev becomes each coordinate's step-size factor, in PyTorch's order of replacement
      let factor = grad.mul(prev).sign();
      factor = torch.where(factor.gt(0), etaplus, factor);
      factor = torch.where(factor.lt(0), etaminus, factor);
      factor = torch.where(factor.eq(0), 1, factor);
      stepSize.mul_(factor).clamp_(stepSizeMin, stepSizeMax);
      // where the sign flipped, this step does not move and the next one starts afresh
      const g = torch.where(factor.eq(etaminus), 0, grad);
      p.addcmul_(g.sign(), stepSize, { value: -1 });
      prev.copy_(g);
    }
  }
}
