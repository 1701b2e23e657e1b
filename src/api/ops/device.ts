/**
 * Device names: "cpu", "cuda" (the current GPU, cuda:0), "cuda:1", or a
 * `torch.device` object; ops and storages use the canonical key
 * ("cpu", "cuda:0").
 */
import { RuntimeError } from "../../core/errors.ts";

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

/** PyTorch's device types (torch.device accepts these names; only cpu and cuda have backends here). */
const DEVICE_TYPES = [
  "cpu",
  "cuda",
  "ipu",
  "xpu",
  "mkldnn",
  "opengl",
  "opencl",
  "ideep",
  "hip",
  "ve",
  "fpga",
  "maia",
  "xla",
  "lazy",
  "vulkan",
  "mps",
  "meta",
  "hpu",
  "mtia",
  "privateuseone",
];

/** Splits "cuda:1" into its type and index, checking the form with PyTorch's messages. */
export function parseDevice(s: string): [string, number | null] {
  const type = /^[a-z][a-z0-9_]*/.exec(s)?.[0];
  if (type === undefined || !DEVICE_TYPES.includes(type)) {
    throw new RuntimeError(
      `Expected one of ${DEVICE_TYPES.join(", ")} device type at start of device string: ${s.slice(0, 100)}`,
    );
  }
  const m = /^[a-z][a-z0-9_]*(?::(\d+))?$/.exec(s);
  if (!m) throw new RuntimeError(`Invalid device string: '${s.slice(0, 100)}'`);
  return [type, m[1] === undefined ? null : Number(m[1])];
}
