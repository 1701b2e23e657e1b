/**
 * torch.autograd.detectAnomaly / setDetectAnomaly and torch.isAnomalyEnabled /
 * isAnomalyCheckNanEnabled: the front of src/autograd/anomaly_mode.ts, with
 * PyTorch's context managers as `using` guards (or a function run in the mode).
 * @module
 */
import { Binder, opt, req } from "../api/signature.ts";
import { isAnomalyCheckNanEnabled, isAnomalyEnabled, setAnomaly } from "../autograd/anomaly_mode.ts";
import { CONV } from "./tensor.ts";

const DETECT = new Binder("detect_anomaly", { pos: [opt("checkNan", "bool", true)], kw: [] });
const SET = new Binder("set_detect_anomaly", { pos: [req("mode", "bool"), opt("checkNan", "bool", true)], kw: [] });

/** A guard restoring the previous mode when its `using` block ends. */
const guard = (restore: () => void): Disposable => ({ [Symbol.dispose]: restore });

/**
 * PyTorch's `detect_anomaly(check_nan=True)`: anomaly detection on until
 * the `using` block ends, or while `fn` runs. A backward result with a NaN
 * is then an error naming the node ("Function 'DivBackward0' returned nan
 * values in its 1th output."), and a failing node's forward call is printed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const x = torch.tensor([0, 1], { requiresGrad: true });
 * assert.throws(
 *   () => torch.autograd.detectAnomaly(() => x.div(x).sum().backward()),
 *   /Function 'DivBackward0' returned nan values in its 1th output/,
 * );
 * ```
 */
export function detectAnomaly<T>(fn: () => T): T;
/** The mode as a `using` guard: `{ using _ = torch.autograd.detectAnomaly(); ... }`. */
export function detectAnomaly(checkNan?: boolean | { checkNan?: boolean }): Disposable;
export function detectAnomaly<T>(...args: unknown[]): T | Disposable {
  if (typeof args[0] === "function") {
    if (args.length > 1) throw new TypeError(`detect_anomaly(): expected one function, got ${args.length} arguments`);
    const restore = setAnomaly(true, true);
    try {
      return (args[0] as () => T)();
    } finally {
      restore();
    }
  }
  const { checkNan } = DETECT.bind(args, CONV);
  return guard(setAnomaly(true, checkNan));
}

/**
 * PyTorch's `set_detect_anomaly(mode, check_nan=True)`: sets the mode now;
 * the returned guard restores the previous one when a `using` block ends.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * {
 *   using _ = torch.autograd.setDetectAnomaly(true, { checkNan: false });
 *   assert.equal(torch.isAnomalyEnabled(), true);
 *   assert.equal(torch.isAnomalyCheckNanEnabled(), false);
 * }
 * assert.equal(torch.isAnomalyEnabled(), false);
 * ```
 */
export function setDetectAnomaly(
  ...args: [mode: boolean | { mode: boolean; checkNan?: boolean }, checkNan?: boolean | { checkNan?: boolean }]
): Disposable {
  const { mode, checkNan } = SET.bind(args, CONV);
  return guard(setAnomaly(mode, checkNan));
}

export { isAnomalyCheckNanEnabled, isAnomalyEnabled };
