/**
 * Device names: "cpu", "cuda" (the current GPU, cuda:0), "cuda:1", or a
 * `torch.device` object; ops and storages use the canonical key
 * ("cpu", "cuda:0").
 */

/** A parsed device, as torch.device. */
export interface DeviceLike {
  readonly type: string;
  readonly index: number | null;
}

/**
 * The canonical device key of a device argument ("cpu" when null).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { deviceKey } from "./device.ts";
 * assert(deviceKey("cuda") === "cuda:0" && deviceKey(null) === "cpu");
 * ```
 */
export function deviceKey(d: string | DeviceLike | null | undefined): string {
  if (d === null || d === undefined) return "cpu";
  const [type, index] = typeof d === "string" ? parseDevice(d) : [d.type, d.index];
  if (type === "cpu") return "cpu";
  return `${type}:${index ?? 0}`;
}

/** Splits "cuda:1" into its type and index, checking the form. */
export function parseDevice(s: string): [string, number | null] {
  const m = /^([a-z][a-z0-9_]*)(?::(\d+))?$/.exec(s);
  if (!m) {
    throw new RangeError(`Expected one of cpu, cuda, ... device type at start of device string: ${s}`);
  }
  return [m[1], m[2] === undefined ? null : Number(m[2])];
}
