/**
 * PyTorch's anomaly mode (torch.autograd.detect_anomaly / set_detect_anomaly):
 * while on, nodes remember the stack of the forward call that made them
 * and the engine checks each backward result for NaN (unless checkNan is
 * off), naming the node that produced it.
 */

let enabled = false;
let checkNan = true;

/** Whether anomaly detection is on (torch.is_anomaly_enabled). */
export function isAnomalyEnabled(): boolean {
  return enabled;
}
/** Whether anomaly detection checks backward results for NaN (torch.is_anomaly_check_nan_enabled). */
export function isAnomalyCheckNanEnabled(): boolean {
  return checkNan;
}

/** Sets the mode now; the returned function restores the previous one. */
export function setAnomaly(mode: boolean, nan: boolean): () => void {
  if (typeof mode !== "boolean") {
    throw new TypeError(`set_detect_anomaly(): mode must be a boolean, not ${typeof mode}`);
  }
  if (typeof nan !== "boolean") {
    throw new TypeError(`set_detect_anomaly(): check_nan must be a boolean, not ${typeof nan}`);
  }
  const prev = [enabled, checkNan] as const;
  enabled = mode;
  checkNan = nan;
  return () => void ([enabled, checkNan] = prev);
}
