/**
 * Which scaled-dot-product-attention backends are enabled (PyTorch's global
 * `_set_sdp_use_*` flags and priority order), and the CPU's backend choice
 * F.scaledDotProductAttention makes with them. Kept apart from the public
 * `nn.attention` namespace so that nn.functional can read the flags without
 * exporting them.
 */
import { RuntimeError } from "../core/errors.ts";
import type { Tensor } from "../torch/tensor.ts";

/**
 * PyTorch's `torch.nn.attention.SDPBackend` values (the same integers).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * assert.equal(nn.attention.SDPBackend.MATH, 0);
 * ```
 */
export const SDPBackend = Object.freeze(
  {
    ERROR: -1,
    MATH: 0,
    FLASH_ATTENTION: 1,
    EFFICIENT_ATTENTION: 2,
    CUDNN_ATTENTION: 3,
    OVERRIDEABLE: 4,
  } as const,
);
/** One SDPBackend value. */
export type SDPBackend = typeof SDPBackend[keyof typeof SDPBackend];

/** The backends that have an enable flag (PyTorch's `_backend_names`, in its order); ERROR has none. */
export const FLAGGED: readonly SDPBackend[] = [3, 1, 2, 0, 4];
/** The backend state: enabled flags and the priority order (PyTorch's defaults). */
export const SDP_STATE = { enabled: new Set<SDPBackend>(FLAGGED), priority: [1, 2, 0, 3, 4] as SDPBackend[] };

/**
 * Raises PyTorch's error when no CPU kernel may run this call: the CPU
 * chooses between its flash kernel and the math one only (the other
 * backends are CUDA's). Both compute the same softmax(q k^T) v here, so an
 * allowed call runs the one implementation.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * import { checkSdpaBackend } from "./sdpa_backend.ts";
 * const q = torch.zeros(1, 1, 2, 4);
 * checkSdpaBackend(q, q, q, 0, false); // every backend is enabled by default
 * ```
 */
export function checkSdpaBackend(q: Tensor, k: Tensor, v: Tensor, dropoutP: number, enableGqa: boolean): void {
  const on = SDP_STATE.enabled;
  if (on.has(SDPBackend.MATH)) return;
  if (!on.has(SDPBackend.FLASH_ATTENTION)) {
    throw new RuntimeError(
      "No viable backend for scaled_dot_product_attention was found. This is likely due to turning off both the math kernel and the fused kernels.",
    );
  }
  if (!cpuFlashFits(q, k, v, dropoutP, enableGqa)) throw new RuntimeError("No available kernel.  Aborting execution.");
}

/** PyTorch's use_flash_attention_cpp checks: 4-d dense float tensors, one batch and head dim, no dropout. */
function cpuFlashFits(q: Tensor, k: Tensor, v: Tensor, dropoutP: number, enableGqa: boolean): boolean {
  const ts = [q, k, v];
  if (dropoutP > 0 || ts.some((t) => t.ndim !== 4 || t.stride(-1) !== 1 && t.shape[3] > 1)) return false;
  if (ts.some((t) => t.dtype !== "float32" && t.dtype !== "float64")) return false;
  const [b, h, , e] = q.shape;
  if (k.shape[0] !== b || v.shape[0] !== b || k.shape[3] !== e || v.shape[3] !== e) return false;
  if (k.shape[1] !== v.shape[1]) return false;
  return enableGqa ? h % k.shape[1] === 0 : k.shape[1] === h;
}
