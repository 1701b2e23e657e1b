/**
 * torch.noGrad / enableGrad (also torch.autograd's no_grad / enable_grad /
 * set_grad_enabled): grad mode for a function or a `using` block.
 * @module
 */
import { gradModeGuard, withGradMode } from "../autograd/grad_mode.ts";

export { inferenceMode } from "../autograd/grad_mode.ts";

/**
 * Runs `fn` without recording gradients; with no argument, returns a guard
 * for `using`: `{ using _ = torch.noGrad(); ... }`.
 */
export function noGrad<T>(fn: () => T): T;
/** A guard for `using`: gradients are not recorded until the block ends. */
export function noGrad(): Disposable;
export function noGrad<T>(fn?: () => T): T | Disposable {
  return fn ? withGradMode(false, fn) : gradModeGuard(false);
}
/** Runs `fn` (or a `using` block) with gradients recorded. */
export function enableGrad<T>(fn: () => T): T;
/** A guard for `using`: gradients are recorded until the block ends. */
export function enableGrad(): Disposable;
export function enableGrad<T>(fn?: () => T): T | Disposable {
  return fn ? withGradMode(true, fn) : gradModeGuard(true);
}

/** Turns gradient recording on or off now; disposing the result (`using`) restores the previous mode. */
export const setGradEnabledGuard = (on: boolean): Disposable => gradModeGuard(on);
