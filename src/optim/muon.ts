/**
 * Muon (Keller Jordan): SGD with Nesterov momentum whose update is
 * orthogonalized by a quintic Newton-Schulz iteration, as PyTorch's
 * `torch.optim.Muon`, for 2-D parameters.
 *
 * PyTorch runs the iteration in bfloat16, which dendrite has no dtype for:
 * it runs here on float32 tensors rounded to bfloat16 (round to nearest
 * even) after each operation PyTorch rounds, so the update is PyTorch's
 * bfloat16 result up to the order of float32 accumulation inside the
 * products.
 */
import type { Tensor } from "../torch/tensor.ts";
import { fmtValue } from "../core/errors.ts";
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
} from "./optimizer.ts";

/** `torch.optim.Muon`'s signature (after `params`). */
export const MUON_SIG = {
  pos: [
    opt("lr", "number", 1e-3),
    opt("weightDecay", "number", 0.1),
    opt("momentum", "number", 0.95),
    opt("nesterov", "bool", true),
    opt("nsCoefficients", "any", [3.4445, -4.775, 2.0315]),
    opt("eps", "number", 1e-7),
    opt("nsSteps", "int", 5),
    opt("adjustLrFn", "any", null),
  ],
  kw: [],
} as const;
/** Muon's options. */
export type MuonOptions = Omit<OptionsOf<typeof MUON_SIG>, "nsCoefficients" | "adjustLrFn"> & {
  nsCoefficients: [number, number, number];
  adjustLrFn: "original" | "match_rms_adamw" | null;
};
/** A Muon parameter group. */
export type MuonGroup = ParamGroup & MuonOptions;

const MUON_SPEC = optionSpec("Muon", MUON_SIG, (o) => {
  check((o.lr as number) >= 0, `Learning rate should be >= 0 but is: ${o.lr}`);
  check((o.momentum as number) >= 0, `momentum should be >= 0 but is: ${o.momentum}`);
  check((o.weightDecay as number) >= 0, `weight decay should be >= 0 but is: ${o.weightDecay}`);
  const fn = o.adjustLrFn;
  check(
    fn === null || fn === "original" || fn === "match_rms_adamw",
    `Adjust learning rate function ${fmtValue(fn)} is not supported`,
  );
});

/** A float32 tensor's values rounded to bfloat16 (round to nearest even on the bits; NaN stays NaN). */
function bf16(x: Tensor): Tensor {
  const f = x.to("float32").contiguous();
  const bits = f.view("int32");
  const rounded = bits.bitwiseRightShift(16).bitwiseAnd(1).add(0x7fff).add(bits).bitwiseAnd(-65536);
  return torch.where(f.isnan(), f, rounded.view("float32"));
}

/** PyTorch's `_zeropower_via_newtonschulz`: an approximately orthogonal matrix of `grad`'s singular vectors. */
function zeropowerViaNewtonSchulz(grad: Tensor, coefficients: unknown, steps: number, eps: number): Tensor {
  check(steps < 100, "Number of steps must be less than 100 for computational efficiency");
  check(grad.dim() === 2, "Input tensor gradient must be a 2D matrix");
  // (a non-sequence has no len() in PyTorch: a TypeError there too)
  if (!Array.isArray(coefficients)) {
    throw new TypeError(`Muon: nsCoefficients must be a list of 3 numbers, not ${fmtValue(coefficients)}`);
  }
  check(coefficients.length === 3, "Coefficients must be a tuple of exactly 3 values");
  const [a, b, c] = coefficients as number[];
  const tall = grad.size(0) > grad.size(1);
  let x = bf16(grad);
  if (tall) x = x.T;
  // spectral norm at most 1
  x = bf16(x.div(bf16(bf16(x.norm()).clamp({ min: eps }))));
  for (let i = 0; i < steps; i++) {
    const gram = bf16(x.matmul(x.T));
    const gramUpdate = bf16(torch.addmm(gram, gram, gram, { beta: b, alpha: c }));
    x = bf16(torch.addmm(x, gramUpdate, x, { beta: a }));
  }
  return tall ? x.T : x;
}

/** PyTorch's `_adjust_lr`: Muon's lr scaled by the parameter's shape. */
function adjustLr(lr: number, fn: string | null, shape: number[]): number {
  const [rows, cols] = shape;
  if (fn === "match_rms_adamw") return lr * 0.2 * Math.sqrt(Math.max(rows, cols));
  return lr * Math.sqrt(Math.max(1, rows / cols));
}

function sizeRepr(shape: number[]): string {
  return `torch.Size([${shape.join(", ")}])`;
}

/**
 * Muon: momentum SGD (`nesterov` by default) whose update is replaced by
 * its Newton-Schulz orthogonalization (`nsSteps` iterations with
 * `nsCoefficients`), for 2-D parameters only; decoupled weight decay;
 * `adjustLrFn` "original" (sqrt(max(1, rows/cols))) or "match_rms_adamw"
 * (0.2 sqrt(max(rows, cols))) scales the lr. State `momentumBuffer`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { optim, torch } from "../../mod.ts";
 * const w = torch.eye(3).requiresGrad_();
 * const opt = new optim.Muon([w], { lr: 0.02 });
 * opt.zeroGrad();
 * w.pow(2).sum().backward();
 * opt.step();
 * assert.deepEqual(Object.keys(opt.state.get(w)!), ["momentumBuffer"]);
 * assert.throws(() => new optim.Muon([torch.zeros([3], { requiresGrad: true })]), /only supports 2D parameters/);
 * ```
 */
export class Muon extends Optimizer<MuonGroup> {
  /** `new Muon(params, lr?, weightDecay?, momentum?, nesterov?, nsCoefficients?, eps?, nsSteps?, adjustLrFn?)`. */
  constructor(params: Params<Partial<MuonOptions>>, ...args: ArgsOf<typeof MUON_SIG>) {
    super(params as Params, bindDefaults(MUON_SPEC, args), MUON_SPEC);
    for (const g of this.paramGroups) {
      for (const p of g.params) {
        check(
          p.dim() === 2,
          `Muon only supports 2D parameters whereas we found a parameter with size: ${sizeRepr(p.shape)}`,
        );
      }
    }
  }
  /** One Muon step for each of the group's parameters that has a gradient. */
  protected override update(group: MuonGroup): void {
    const { lr, weightDecay, momentum, nesterov, nsCoefficients, eps, nsSteps, adjustLrFn } = group;
    for (const p of group.params) {
      const grad = p.grad;
      if (grad === null) continue;
      check(grad.dim() === 2, "Param gradient must be a 2D matrix");
      const s = this.stateOf(p, () => ({ momentumBuffer: torch.zerosLike(grad) }));
      const buf = s.momentumBuffer as Tensor;
      buf.lerp_(grad, 1 - momentum);
      const update = zeropowerViaNewtonSchulz(nesterov ? grad.lerp(buf, momentum) : buf, nsCoefficients, nsSteps, eps);
      p.mul_(1 - lr * weightDecay);
      p.add_(update.to(p.dtype), { alpha: -adjustLr(lr, adjustLrFn, p.shape) });
    }
  }
}
