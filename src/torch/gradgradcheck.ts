/**
 * torch.autograd.gradgradcheck: gradcheck of the gradients themselves, as
 * PyTorch builds it (torch/autograd/gradcheck.py): a function of the inputs
 * and output gradients returning autograd.grad's results with createGraph,
 * checked by finite differences against its own backward.
 * @module
 */
import { Binder, opt, req } from "../api/signature.ts";
import { withGradMode } from "../autograd/grad_mode.ts";
import { checkFunc, F, grad, gradcheck, tensorsOf } from "./functions.ts";
import { CONV, isTensor, type Tensor } from "./tensor.ts";

const GRADGRADCHECK = new Binder("gradgradcheck", {
  pos: [req("func", "any"), req("inputs", "any"), opt("gradOutputs", "any", null)],
  kw: [
    opt("eps", "number", 1e-6),
    opt("atol", "number", 1e-5),
    opt("rtol", "number", 1e-3),
    opt("genNonContigGradOutputs", "bool", false),
    opt("raiseException", "bool", true),
  ],
});

/** gradgradcheck's options (PyTorch's keyword arguments). */
export interface GradgradcheckOptions {
  /** The outputs' gradients (default: random in [-1, 1), requiring grad). */
  gradOutputs?: Tensor | Tensor[] | null;
  /** The finite-difference step (1e-6). */
  eps?: number;
  /** Absolute tolerance (1e-5). */
  atol?: number;
  /** Relative tolerance (1e-3). */
  rtol?: number;
  /** Random output gradients made non-contiguous (false). */
  genNonContigGradOutputs?: boolean;
  /** Throw on a mismatch (true) or return false. */
  raiseException?: boolean;
}

/** A random gradient in [-1, 1) of an output's shape (non-contiguous on request: every other element), requiring grad. */
function randomGradOutput(o: Tensor, nonContig: boolean): Tensor {
  const dtype = o.dtype === "float32" ? "float32" : "float64";
  const u = F.rand(nonContig ? [...o.shape, 2] : [...o.shape], { dtype }).mul(2).sub(1);
  return (nonContig ? u.select(-1, 0) : u).detach().requiresGrad_();
}

/**
 * Checks second derivatives: the gradients of `func`'s outputs (weighted by
 * `gradOutputs`, random in [-1, 1) when not given) with respect to the
 * inputs that require grad are themselves checked by `gradcheck` against
 * finite differences, in both the inputs and the output gradients. Use
 * float64 inputs. Returns true, or throws a GradcheckError (false with
 * `raiseException: false`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const x = torch.tensor([0.5, 1.5], { dtype: torch.float64, requiresGrad: true });
 * assert.equal(torch.autograd.gradgradcheck((t: torch.Tensor) => t.pow(3), [x]), true);
 * ```
 */
export function gradgradcheck(
  func: (...xs: Tensor[]) => Tensor | Tensor[],
  inputs: Tensor | readonly Tensor[],
  ...rest: (Tensor | Tensor[] | null | GradgradcheckOptions)[]
): boolean {
  const a = GRADGRADCHECK.bind([func, inputs, ...rest], CONV);
  checkFunc("gradgradcheck", "func", func);
  const xs = tensorsOf(inputs, "inputs", "gradgradcheck");
  const differentiable = (ys: unknown): Tensor[] =>
    (isTensor(ys) ? [ys] : tensorsOf(ys, "outputs of func", "gradgradcheck")).filter((y) => y.requiresGrad);
  const gos = a.gradOutputs === null
    ? differentiable(func(...xs)).map((o) => randomGradOutput(o, a.genNonContigGradOutputs))
    : tensorsOf(a.gradOutputs, "grad_outputs", "gradgradcheck");
  const n = gos.length;
  // gradcheck hands detached copies to the function for its finite differences: which inputs and output gradients
  // require grad is restored on aliases of them (its probe tensor itself stays a plain leaf it writes into)
  const diffIn = xs.map((x) => x.requiresGrad), diffGo = gos.map((g) => g.requiresGrad);
  const restore = (t: Tensor, on: boolean) => (on && !t.requiresGrad ? t.detach().requiresGrad_() : t);
  const newFunc = (...args: Tensor[]): Tensor[] =>
    withGradMode(true, () => {
      const ins = args.slice(0, args.length - n).map((x, i) => restore(x, diffIn[i]));
      const outs = differentiable(func(...ins));
      const gs = args.slice(args.length - n).map((g, i) => restore(g, diffGo[i]));
      if (outs.length !== gs.length) {
        throw new RangeError(
          `gradgradcheck(): got ${gs.length} grad_outputs for ${outs.length} differentiable outputs`,
        );
      }
      const wrt = ins.filter((_, i) => diffIn[i]);
      const r = grad(outs, wrt, { gradOutputs: gs, createGraph: true, allowUnused: true });
      return r.filter((g): g is Tensor => g !== null);
    });
  return gradcheck(newFunc, [...xs, ...gos], {
    eps: a.eps,
    atol: a.atol,
    rtol: a.rtol,
    raiseException: a.raiseException,
  });
}
