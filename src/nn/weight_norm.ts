/**
 * nn.utils.weightNorm / removeWeightNorm: the forward pre-hook version of
 * weight normalization (PyTorch's torch/nn/utils/weight_norm.py), and the
 * computation it shares with nn.utils.parametrizations.weightNorm
 * (torch.norm_except_dim and torch._weight_norm).
 */
import { withGradMode } from "../autograd/grad_mode.ts";
import { RuntimeError } from "../core/errors.ts";
import { torchDim } from "../core/shape.ts";
import type { Tensor } from "../torch/tensor.ts";
import { callArgs } from "./call_args.ts";
import { AttributeError, type Module, Parameter, type RemovableHandle } from "./module.ts";
import { attachTensor, removeTensor, type Slots } from "./module_slots.ts";

/**
 * torch.norm_except_dim(v, 2, dim): the 2-norm of each slice of `dim`, shaped to broadcast against v (size 1 on the
 * other dims); of the whole tensor (0-d) when dim is -1.
 */
export function normExceptDim(v: Tensor, dim: number): Tensor {
  if (dim === -1) return v.norm();
  const d = torchDim(dim, v.ndim);
  const others = [...v.shape.keys()].filter((i) => i !== d);
  // a 1-D tensor's slices are its elements (PyTorch views it as (n, 1) and takes row norms)
  return others.length === 0 ? v.abs() : v.norm(2, others, true);
}

/** torch._weight_norm(v, g, dim): v * (g / norm_except_dim(v, 2, dim)), differentiable in v and g. */
export function weightNormFrom(v: Tensor, g: Tensor, dim: number): Tensor {
  return v.mul(g.div(normExceptDim(v, dim)));
}

/** The hooks of the older weight_norm / spectral_norm, per module: the tensor name and how to undo it. */
export interface HookRecord {
  name: string;
  handle: RemovableHandle;
  remove(): void;
}

/** Registered hooks of one kind, per module (PyTorch finds them among the module's forward pre-hooks). */
export class HookRegistry {
  readonly #byModule = new WeakMap<Module, HookRecord[]>();
  constructor(readonly what: string) {}
  /** PyTorch's "Cannot register two ... hooks on the same parameter" check. */
  checkFree(module: Module, name: string): void {
    if (this.#byModule.get(module)?.some((r) => r.name === name)) {
      throw new RuntimeError(`Cannot register two ${this.what} hooks on the same parameter ${name}`);
    }
  }
  add(module: Module, r: HookRecord): void {
    const list = this.#byModule.get(module) ?? [];
    list.push(r);
    this.#byModule.set(module, list);
  }
  /** Undoes the hook on `name`; PyTorch's ValueError when there is none. */
  remove(module: Module, name: string): void {
    const list = this.#byModule.get(module) ?? [];
    const i = list.findIndex((r) => r.name === name);
    if (i < 0) throw new RangeError(`${this.what} of '${name}' not found in ${module}`);
    const [r] = list.splice(i, 1);
    r.remove();
    r.handle.remove();
  }
}

const HOOKS = new HookRegistry("weight_norm");

/**
 * Weight normalization by a forward pre-hook (PyTorch's deprecated
 * torch.nn.utils.weight_norm): the parameter `name` is replaced by
 * `<name>_g` (its norm over every dim but `dim`; the whole tensor when dim
 * is null) and `<name>_v` (its direction), and before each forward
 * `module[name]` is recomputed as v * g / ||v||.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * const m = nn.utils.weightNorm(new nn.Linear(3, 2));
 * assert.deepEqual(m.namedParameters().map(([n]) => n), ["bias", "weight_g", "weight_v"]);
 * assert.deepEqual(m.weight_g.shape, [2, 1]);
 * nn.utils.removeWeightNorm(m);
 * assert.ok(m.weight instanceof nn.Parameter);
 * ```
 */
export function weightNorm<M extends Module>(
  module: M,
  ...args: [name?: string, dim?: number | null, opts?: { name?: string; dim?: number | null }] | [
    opts: { name?: string; dim?: number | null },
  ]
): M & Record<string, Tensor> {
  const a = callArgs("weightNorm", args, ["name", "dim"], { name: "weight", dim: 0 });
  const name = a.name as string, dim = a.dim === null ? -1 : a.dim as number;
  HOOKS.checkFree(module, name);
  const m = module as unknown as Slots;
  const weight = m[name] as Tensor;
  if (!removeTensor(module, name)) {
    throw new AttributeError(`'${module.constructor.name}' object has no attribute '${name}'`);
  }
  module.registerParameter(`${name}_g`, new Parameter(withGradMode(false, () => normExceptDim(weight, dim))));
  module.registerParameter(`${name}_v`, new Parameter(weight.detach()));
  const compute = () => weightNormFrom(m[`${name}_v`] as Tensor, m[`${name}_g`] as Tensor, dim);
  m[name] = compute();
  const handle = module.registerForwardPreHook(() => {
    m[name] = compute();
  });
  HOOKS.add(module, {
    name,
    handle,
    remove: () => {
      const w = compute();
      delete m[name];
      removeTensor(module, `${name}_g`);
      removeTensor(module, `${name}_v`);
      attachTensor(module, name, new Parameter(w.detach()));
    },
  });
  return module as M & Record<string, Tensor>;
}

/**
 * Removes weightNorm's hook from the module: `name` is a parameter again,
 * holding the current normalized weight.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * const m = nn.utils.removeWeightNorm(nn.utils.weightNorm(new nn.Linear(3, 2)));
 * assert.deepEqual(m.namedParameters().map(([n]) => n), ["bias", "weight"]);
 * ```
 */
export function removeWeightNorm<M extends Module>(
  module: M,
  ...args: [name?: string] | [opts: { name?: string }]
): M {
  const a = callArgs("removeWeightNorm", args, ["name"], { name: "weight" });
  HOOKS.remove(module, a.name as string);
  return module;
}
