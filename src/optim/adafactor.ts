/**
 * Adafactor (Shazeer & Stern), as PyTorch's `torch.optim.Adafactor`: the
 * second-moment estimate of a matrix (or of each matrix of a batch) is
 * kept factored, as row and column means, so it costs O(rows + columns);
 * vectors and scalars keep a full estimate. PyTorch's single-tensor update
 * operation for operation.
 */
import type { Tensor } from "../torch/tensor.ts";
import { torch } from "../torch/mod.ts";
import {
  type ArgsOf,
  bindDefaults,
  check,
  opt,
  Optimizer,
  type OptionsOf,
  optionSpec,
  type ParamGroup,
  type Params,
  showOption,
} from "./optimizer.ts";

/** `torch.optim.Adafactor`'s signature (after `params`). */
export const ADAFACTOR_SIG = {
  pos: [
    opt("lr", "number", 1e-2),
    opt("beta2Decay", "number", -0.8),
    opt("eps", "any", [null, 1e-3]),
    opt("d", "number", 1.0),
    opt("weightDecay", "number", 0.0),
  ],
  kw: [opt("foreach", "bool", null), opt("maximize", "bool", false)],
} as const;
/** Adafactor's options (`eps`: [eps1 or null for the dtype's machine epsilon, eps2]). */
export type AdafactorOptions = Omit<OptionsOf<typeof ADAFACTOR_SIG>, "eps"> & { eps: [number | null, number] };
/** An Adafactor parameter group. */
export type AdafactorGroup = ParamGroup & AdafactorOptions;

const ADAFACTOR_SPEC = optionSpec("Adafactor", ADAFACTOR_SIG, (o) => {
  const eps = o.eps;
  if (
    !Array.isArray(eps) || eps.length !== 2 || !(eps[0] === null || typeof eps[0] === "number") ||
    typeof eps[1] !== "number"
  ) {
    throw new TypeError(`Adafactor: eps must be a pair [number | null, number], not ${showOption(eps)}`);
  }
  check((o.lr as number) >= 0, `Learning rate should be >= 0 but is: ${o.lr}`);
  check(0 >= (o.beta2Decay as number), `beta2_decay should be <= 0 but is: ${o.beta2Decay}`);
  check(eps[0] === null || 0 <= eps[0], `epsilon1 should be >= 0 but is: ${eps[0]}`);
  check(0 <= eps[1], `epsilon2 should be >= 0 but is: ${eps[1]}`);
  check(1 <= (o.d as number), `Clipping threshold d should be >= 1 but is: ${o.d}`);
  check((o.weightDecay as number) >= 0, `weight_decay should be >= 0 but is: ${o.weightDecay}`);
});

/**
 * Adafactor: relative step sizes (`lr` caps 1/sqrt(step), scaled by the
 * parameter's RMS), a factored second moment for tensors of 2 or more
 * dims (state `rowVar`, `colVar`) and a full one otherwise (`variance`),
 * update clipping by `d`, decoupled weight decay.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { optim, torch } from "../../mod.ts";
 * const w = torch.ones([4, 3], { requiresGrad: true });
 * const opt = new optim.Adafactor([w], { lr: 0.01 });
 * opt.zeroGrad();
 * w.pow(2).sum().backward();
 * opt.step();
 * assert.deepEqual(opt.state.get(w)!.rowVar instanceof torch.Tensor, true);
 * assert.deepEqual((opt.state.get(w)!.colVar as torch.Tensor).shape, [1, 3]);
 * ```
 */
export class Adafactor extends Optimizer<AdafactorGroup> {
  /** `new Adafactor(params, lr?, beta2Decay?, eps?, d?, weightDecay?, { foreach, maximize })`. */
  constructor(params: Params<Partial<AdafactorOptions>>, ...args: ArgsOf<typeof ADAFACTOR_SIG>) {
    super(params as Params, bindDefaults(ADAFACTOR_SPEC, args), ADAFACTOR_SPEC);
  }
  /** One Adafactor step for each of the group's parameters that has a gradient. */
  protected override update(group: AdafactorGroup): void {
    const { lr, beta2Decay, d, weightDecay, maximize } = group;
    // as PyTorch: a null eps1 becomes the first updated parameter's machine epsilon for the whole group
    let [eps1, eps2] = group.eps;
    for (const p of group.params) {
      if (p.grad === null) continue;
      const grad: Tensor = maximize ? p.grad.neg() : p.grad;
      const s = this.stateOf(p, () => {
        if (grad.dim() <= 1) return { step: 0, variance: torch.zerosLike(grad) };
        const rowShape = [...grad.shape], colShape = [...grad.shape];
        rowShape[rowShape.length - 1] = 1;
        colShape[colShape.length - 2] = 1;
        return { step: 0, rowVar: grad.newZeros(rowShape), colVar: grad.newZeros(colShape) };
      });
      eps1 ??= torch.finfo(p.dtype).eps;
      const step = (s.step as number) + 1;
      s.step = step;
      const oneMinusBeta2 = step ** beta2Decay;
      const rho = Math.min(lr, 1 / step ** 0.5);
      const alpha = Math.max(eps2, (p.norm(2).item() as number) / p.numel() ** 0.5) * rho;
      if (weightDecay !== 0) p.mul_(1 - lr * weightDecay);
      let varEstimate: Tensor;
      if (grad.dim() > 1) {
        const rowVar = s.rowVar as Tensor, colVar = s.colVar as Tensor;
        // the mean of g*g over a dim, as PyTorch computes it: the norm squared over the size
        const meanSq = (dim: number) => torch.norm(grad, 2, dim, true).square_().div_(grad.size(dim));
        rowVar.lerp_(meanSq(-1), oneMinusBeta2);
        colVar.lerp_(meanSq(-2), oneMinusBeta2);
        varEstimate = rowVar.matmul(colVar);
        varEstimate.div_(rowVar.mean(-2, true).clamp_({ min: eps1 }));
      } else {
        const variance = s.variance as Tensor;
        variance.lerp_(grad.mul(grad), oneMinusBeta2);
        varEstimate = variance.clone();
      }
      // eps1 squared: the square root that follows keeps eps1's magnitude
      const update = varEstimate.clamp_({ min: eps1 * eps1 }).rsqrt_();
      update.mul_(grad);
      const denom = Math.max(1.0, (update.norm(2).item() as number) / (update.numel() ** 0.5 * d));
      p.add_(update, { alpha: -alpha / denom });
    }
  }
}
