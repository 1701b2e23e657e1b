/** Whether ops record the autograd graph (torch.noGrad / torch.enableGrad). */

let enabled = true;

/** Whether gradient recording is on. */
export function isGradEnabled(): boolean {
  return enabled;
}

/** Sets gradient recording, returning the previous mode. */
export function setGradEnabled(on: boolean): boolean {
  const prev = enabled;
  enabled = on;
  return prev;
}

/** Runs `fn` with recording set to `on`, restoring the mode afterwards (also on throw). */
export function withGradMode<T>(on: boolean, fn: () => T): T {
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
