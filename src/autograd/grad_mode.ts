/** Whether ops record the autograd graph (torch.noGrad / torch.enableGrad). */

let enabled = true;

/** Whether gradient recording is on. */
export function isGradEnabled(): boolean {
  return enabled;
}

/** Sets gradient recording, returning the previous mode. */
export function setGradEnabled(on: boolean): boolean {
  // a junk mode would be global state every later op reads: refuse it (PyTorch: "enabled must be a bool")
  if (typeof on !== "boolean") throw new TypeError(`setGradEnabled: enabled must be a boolean, not ${typeof on}`);
  const prev = enabled;
  enabled = on;
  return prev;
}

/** Runs `fn` with recording set to `on`, restoring the mode afterwards (also on throw). */
export function withGradMode<T>(on: boolean, fn: () => T): T {
  if (typeof fn !== "function") {
    throw new TypeError(`${on ? "enableGrad" : "noGrad"}: expected a function, not ${typeof fn}`);
  }
  const prev = setGradEnabled(on);
  try {
    return fn();
  } finally {
    setGradEnabled(prev);
  }
}

/** A `using` guard that sets the mode until the end of the block. */
export function gradModeGuard(on: boolean): Disposable {
  const prev = setGradEnabled(on);
  return { [Symbol.dispose]: () => void setGradEnabled(prev) };
}

let inference = false;

/** Whether inference mode is on (torch.is_inference_mode_enabled): no op records history, new tensors are inference tensors. */
export function isInferenceModeEnabled(): boolean {
  return inference;
}

/** Whether ops record history: grad mode on and inference mode off. */
export function isRecording(): boolean {
  return enabled && !inference;
}

/**
 * Sets inference mode and, as PyTorch's InferenceMode guard does, grad
 * mode to its opposite; returns a function restoring both.
 */
export function enterInferenceMode(on: boolean): () => void {
  if (typeof on !== "boolean") throw new TypeError(`inferenceMode: mode must be a boolean, not ${typeof on}`);
  const prev = inference, prevGrad = enabled;
  inference = on;
  enabled = !on;
  return () => {
    inference = prev;
    enabled = prevGrad;
  };
}

/** The storages of inference tensors (made by an op in inference mode; their views share the mark). */
const inferenceStorages = new WeakSet<object>();

/** Marks a storage as an inference tensor's. */
export function markInference(storage: object): void {
  inferenceStorages.add(storage);
}

/** Whether a storage belongs to inference tensors (Tensor.isInference). */
export function isInferenceStorage(storage: object): boolean {
  return inferenceStorages.has(storage);
}

/**
 * torch.inference_mode: runs `fn` (or, without one, returns a guard for
 * `using`) with inference mode set to `mode` (default true): no history is
 * recorded, even inside enableGrad, and tensors made are inference tensors,
 * which may not be saved for backward or changed in place outside it.
 *
 * @example
 * ```ts
 * import { torch } from "../../mod.ts";
 * const x = torch.ones(2, { requiresGrad: true });
 * const y = torch.inferenceMode(() => x.mul(2));
 * console.log(y.requiresGrad, y.isInference()); // false true
 * ```
 */
export function inferenceMode<T>(fn: () => T): T;
/** With a mode: `inferenceMode(false, fn)` turns it off inside. */
export function inferenceMode<T>(mode: boolean, fn: () => T): T;
/** A guard for `using`: `{ using _ = torch.inferenceMode(); ... }`. */
export function inferenceMode(mode?: boolean): Disposable;
export function inferenceMode<T>(a?: boolean | (() => T), b?: () => T): T | Disposable {
  const fn = typeof a === "function" ? a : b;
  const mode = typeof a === "function" || a === undefined ? true : a;
  if (fn !== undefined && typeof fn !== "function") {
    throw new TypeError(`inferenceMode: expected a function, not ${typeof fn}`);
  }
  const restore = enterInferenceMode(mode);
  if (!fn) return { [Symbol.dispose]: restore };
  try {
    return fn();
  } finally {
    restore();
  }
}
