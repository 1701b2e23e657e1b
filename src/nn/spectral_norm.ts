/**
 * nn.utils.spectralNorm / removeSpectralNorm: the forward pre-hook version
 * of spectral normalization (PyTorch's torch/nn/utils/spectral_norm.py),
 * and the pieces it shares with nn.utils.parametrizations.spectralNorm.
 */
import { withGradMode } from "../autograd/grad_mode.ts";
import { torchDim } from "../core/shape.ts";
import type { Tensor } from "../torch/tensor.ts";
import { callArgs } from "./call_args.ts";
import { functional as F } from "./functional.ts";
import { ConvTransposeNd } from "./layers/conv.ts";
import { type Module, Parameter } from "./module.ts";
import { attachTensor, removeTensor, type Slots } from "./module_slots.ts";
import { HookRegistry } from "./weight_norm.ts";

/** The weight as a matrix whose rows are the slices of `dim` (PyTorch's _reshape_weight_to_matrix). */
export function weightToMatrix(weight: Tensor, dim: number): Tensor {
  const w = dim === 0 ? weight : weight.permute([dim, ...[...weight.shape.keys()].filter((d) => d !== dim)]);
  return w.reshape([w.shape[0], -1]);
}

/** F.normalize(x, dim=0, eps) written into `dst` (PyTorch's `out=`: the buffer keeps its identity). */
export function normalizeInto(dst: Tensor, x: Tensor, eps: number): void {
  dst.copy_(F.normalize(x, 2, 0, eps));
}

/** A unit vector of n standard normal draws from torch's generator (PyTorch's u / v initialisation). */
export function randomUnit(like: Tensor, n: number, eps: number): Tensor {
  return F.normalize(like.newEmpty([n]).normal_(0, 1), 2, 0, eps);
}

/** The dim spectral norm normalizes by default: 1 for transposed convolutions (their output channels), else 0. */
export function defaultDim(module: Module): number {
  return module instanceof ConvTransposeNd ? 1 : 0;
}

/** PyTorch's check of nPowerIterations. */
export function checkIterations(n: number): void {
  if (!(n > 0)) throw new RangeError(`Expected n_power_iterations to be positive, but got n_power_iterations=${n}`);
}

const HOOKS = new HookRegistry("spectral_norm");

/** Options of spectralNorm (each also positional, in this order after the module). */
export interface SpectralNormOptions {
  /** The parameter to normalize ("weight"). */
  name?: string;
  /** Power iteration steps per training forward (1). */
  nPowerIterations?: number;
  /** The epsilon of the vectors' normalization (1e-12). */
  eps?: number;
  /** The dim whose slices are the matrix's rows; null: 1 for transposed convolutions, else 0. */
  dim?: number | null;
}

/**
 * Spectral normalization by a forward pre-hook (PyTorch's
 * torch.nn.utils.spectral_norm): the parameter `name` moves to
 * `<name>_orig`, buffers `<name>_u` and `<name>_v` hold the power
 * iteration's vectors (drawn from torch's generator), and before each
 * forward `module[name]` is set to weight / sigma, sigma estimated by
 * `nPowerIterations` steps in training mode (none in eval mode).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * const m = nn.utils.spectralNorm(new nn.Linear(4, 3));
 * assert.deepEqual(Object.keys(m.stateDict()), ["bias", "weight_orig", "weight_u", "weight_v"]);
 * m.forward(nn.init.ones_(m.weight_orig.newEmpty([2, 4])));
 * assert.deepEqual(m.weight.shape, [3, 4]);
 * nn.utils.removeSpectralNorm(m);
 * ```
 */
export function spectralNorm<M extends Module>(
  module: M,
  ...args:
    | [name?: string, nPowerIterations?: number, eps?: number, dim?: number | null, opts?: SpectralNormOptions]
    | [opts: SpectralNormOptions]
): M & Record<string, Tensor> {
  const a = callArgs("spectralNorm", args, ["name", "nPowerIterations", "eps", "dim"], {
    name: "weight",
    nPowerIterations: 1,
    eps: 1e-12,
    dim: null,
  });
  const name = a.name as string, n = a.nPowerIterations as number, eps = a.eps as number;
  HOOKS.checkFree(module, name);
  checkIterations(n);
  const m = module as unknown as Slots;
  const weight = m[name];
  if (!(weight instanceof Parameter)) {
    throw new RangeError(`\`SpectralNorm\` cannot be applied as parameter \`${name}\` is None`);
  }
  const dim = torchDim(a.dim === null ? defaultDim(module) : a.dim as number, weight.ndim);
  const [u, v] = withGradMode(false, () => {
    const [h, w] = weightToMatrix(weight, dim).shape;
    return [randomUnit(weight, h, eps), randomUnit(weight, w, eps)];
  });
  removeTensor(module, name);
  module.registerParameter(`${name}_orig`, weight);
  m[name] = weight.detach();
  module.registerBuffer(`${name}_u`, u);
  module.registerBuffer(`${name}_v`, v);
  const compute = (power: boolean): Tensor => {
    const wm = weightToMatrix(m[`${name}_orig`] as Tensor, dim);
    let u = m[`${name}_u`] as Tensor, v = m[`${name}_v`] as Tensor;
    if (power) {
      withGradMode(false, () => {
        for (let i = 0; i < n; i++) {
          normalizeInto(v, wm.t().mv(u), eps);
          normalizeInto(u, wm.mv(v), eps);
        }
      });
      // the buffers change in place at the next step; the graph keeps these values
      [u, v] = [u.clone(), v.clone()];
    }
    return (m[`${name}_orig`] as Tensor).div(u.dot(wm.mv(v)));
  };
  const handle = module.registerForwardPreHook(() => {
    m[name] = compute(module.training);
  });
  HOOKS.add(module, {
    name,
    handle,
    remove: () => {
      const w = withGradMode(false, () => compute(false));
      delete m[name];
      for (const k of [`${name}_u`, `${name}_v`, `${name}_orig`]) removeTensor(module, k);
      attachTensor(module, name, new Parameter(w.detach()));
    },
  });
  return module as M & Record<string, Tensor>;
}

/**
 * Removes spectralNorm's hook: `name` is a parameter again, holding
 * weight / sigma from the current u and v (no power iteration).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * const m = nn.utils.removeSpectralNorm(nn.utils.spectralNorm(new nn.Linear(4, 3)));
 * assert.deepEqual(Object.keys(m.stateDict()), ["bias", "weight"]);
 * ```
 */
export function removeSpectralNorm<M extends Module>(
  module: M,
  ...args: [name?: string] | [opts: { name?: string }]
): M {
  const a = callArgs("removeSpectralNorm", args, ["name"], { name: "weight" });
  HOOKS.remove(module, a.name as string);
  return module;
}
