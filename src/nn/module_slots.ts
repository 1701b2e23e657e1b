/**
 * Moving a module's tensors between slots, as PyTorch's delattr /
 * register_parameter / register_buffer do (parametrizations and the
 * weight_norm / spectral_norm hooks replace a parameter by computed values).
 */
import { Tensor } from "../torch/tensor.ts";
import { snakeCase } from "../core/names.ts";
import { type Module, Parameter } from "./module.ts";

/** A module seen as the record of its own properties. */
export type Slots = Module & Record<string, unknown>;

/** How `name` is held by the module: a parameter field, a registered parameter, a buffer, or not at all. */
export function slotOf(module: Module, name: string): "field" | "registered" | "buffer" | null {
  const d = Object.getOwnPropertyDescriptor(module, name);
  if (!d) return null;
  const v = (module as Slots)[name];
  if (v instanceof Parameter && module.namedParameters("", false).some(([, p]) => p === v)) {
    return "value" in d ? "field" : "registered";
  }
  if (v instanceof Tensor && module.namedBuffers("", false).some(([, b]) => b === v)) return "buffer";
  return null;
}

/** Removes the parameter or buffer `name` from the module (PyTorch's delattr); false when it holds none. */
export function removeTensor(module: Module, name: string): boolean {
  const slot = slotOf(module, name);
  if (slot === null) return false;
  if (slot === "buffer") module.registerBuffer(name, null);
  // a registered parameter lives in the module's verbatim registrations (the containers' machinery)
  else if (slot === "registered") {
    (module as unknown as { _unregisterVerbatim(n: string): void })._unregisterVerbatim(name);
  }
  delete (module as Slots)[name];
  return true;
}

/** Registers `t` under `name` as a parameter or a buffer (PyTorch's _register_parameter_or_buffer). */
export function attachTensor(module: Module, name: string, t: Tensor): void {
  delete (module as Slots)[name];
  if (t instanceof Parameter) module.registerParameter(name, t);
  else module.registerBuffer(name, t);
}

/** The module's own property for a tensor named either way (`running_mean` or `runningMean`). */
export function propOf(module: Module, name: string): string {
  if (Object.hasOwn(module, name)) return name;
  const key = snakeCase(name);
  return Object.getOwnPropertyNames(module).find((k) => snakeCase(k) === key) ?? name;
}
