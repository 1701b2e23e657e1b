/**
 * torch.nn.attention: choosing the scaled-dot-product-attention backend.
 *
 * On the CPU PyTorch has two kernels, its flash kernel and the math one;
 * dendrite computes the same math for both, so a backend choice changes
 * which calls are allowed, not the values: with MATH enabled every call
 * runs; with FLASH_ATTENTION and not MATH, only calls the CPU flash kernel
 * accepts (4-d query / key / value of one batch and head size, unit last
 * stride, no dropout), others raise "No available kernel.  Aborting
 * execution."; with neither (an empty list, or only CUDA backends) every
 * call raises PyTorch's "No viable backend for scaled_dot_product_attention
 * was found" error.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const q = torch.randn(1, 2, 3, 4);
 * {
 *   using _ = nn.attention.sdpaKernel([]);
 *   assert.throws(() => nn.F.scaledDotProductAttention(q, q, q), /No viable backend/);
 * }
 * assert.deepEqual(nn.F.scaledDotProductAttention(q, q, q).shape, [1, 2, 3, 4]);
 * ```
 * @module
 */
import { FLAGGED, SDP_STATE, SDPBackend } from "./sdpa_backend.ts";

export { SDPBackend } from "./sdpa_backend.ts";
/** nn.attention.bias: causal biases (CausalBias, causalUpperLeft, causalLowerRight) for attnMask. */
export * as bias from "./attention_bias.ts";

/** What `sdpaKernel` returns without a function: disposing it (the end of a `using` block) restores the backends. */
export interface SdpaKernelGuard extends Disposable {
  /** The backends this guard enabled. */
  readonly backends: SDPBackend[];
}

const VALUES = new Set<unknown>(Object.values(SDPBackend));

/**
 * PyTorch's `with sdpa_kernel(backends, set_priority)`: enables exactly
 * `backends` (one SDPBackend or a list; with `setPriority`, the list's order
 * becomes the priority order, the others following in their previous order)
 * and returns a guard that restores the previous state when disposed; with a
 * function last, runs it under that state and restores it when it returns
 * or throws (or, for a promise, settles).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const { SDPBackend, sdpaKernel } = nn.attention;
 * const q = torch.randn(2, 3, 4), k = torch.randn(2, 5, 4);
 * // the CPU flash kernel takes only 4-d inputs
 * assert.throws(
 *   () => sdpaKernel(SDPBackend.FLASH_ATTENTION, () => nn.F.scaledDotProductAttention(q, k, k)),
 *   /No available kernel/,
 * );
 * const o = sdpaKernel([SDPBackend.MATH], () => nn.F.scaledDotProductAttention(q, k, k));
 * assert.deepEqual(o.shape, [2, 3, 4]);
 * ```
 */
export function sdpaKernel<T>(backends: SDPBackend | readonly SDPBackend[], fn: () => T): T;
/** With the priority flag and a function: runs it under the backends. */
export function sdpaKernel<T>(
  backends: SDPBackend | readonly SDPBackend[],
  setPriority: boolean | { setPriority?: boolean },
  fn: () => T,
): T;
/** A `using` guard: the backends hold until the block ends. */
export function sdpaKernel(
  backends: SDPBackend | readonly SDPBackend[],
  setPriority?: boolean | { setPriority?: boolean },
): SdpaKernelGuard;
export function sdpaKernel(backends: unknown, ...rest: unknown[]): unknown {
  const fn = typeof rest[rest.length - 1] === "function" ? rest.pop() as () => unknown : null;
  if (rest.length > 1) throw new TypeError(`sdpaKernel() takes at most 3 arguments (${rest.length + 2} given)`);
  const setPriority = priorityFlag(rest[0]);
  const list = chosen(backends);
  const prev = { enabled: new Set(SDP_STATE.enabled), priority: [...SDP_STATE.priority] };
  SDP_STATE.enabled = new Set(list.filter((b) => FLAGGED.includes(b)));
  if (setPriority) SDP_STATE.priority = [...list, ...prev.priority.filter((b) => !list.includes(b))];
  // (PyTorch restores the flags it saved, and the priority only when it set it)
  const restore = () => {
    SDP_STATE.enabled = prev.enabled;
    if (setPriority) SDP_STATE.priority = prev.priority;
  };
  if (!fn) return { backends: [...list], [Symbol.dispose]: restore };
  let r: unknown;
  try {
    r = fn();
  } catch (e) {
    restore();
    throw e;
  }
  if (r instanceof Promise) return r.finally(restore);
  restore();
  return r;
}

/** The backends in first-seen order, checked as PyTorch's assertion does. */
function chosen(backends: unknown): SDPBackend[] {
  const list = Array.isArray(backends) ? backends : [backends];
  if (!Array.isArray(backends) && !VALUES.has(backends) || list.some((b) => !VALUES.has(b))) {
    const bad = Array.isArray(backends) ? list.find((b) => !VALUES.has(b)) : backends;
    throw new TypeError(
      `Backend must be an instance of SDPBackend or a list of SDPBackend instances, got ${
        bad === null ? "null" : typeof bad
      }`,
    );
  }
  return [...new Set(list as SDPBackend[])];
}

function priorityFlag(v: unknown): boolean {
  if (v === undefined) return false;
  if (typeof v === "boolean") return v;
  if (typeof v === "object" && v !== null && !Array.isArray(v)) {
    const unknown = Object.keys(v).find((key) => key !== "setPriority");
    if (unknown !== undefined) throw new TypeError(`sdpaKernel() got an unexpected keyword argument '${unknown}'`);
    const p = (v as { setPriority?: unknown }).setPriority;
    if (p === undefined || typeof p === "boolean") return p ?? false;
    v = p;
  }
  throw new TypeError(`sdpaKernel(): setPriority must be a boolean, not ${v === null ? "null" : typeof v}`);
}

/**
 * The enabled backends (PyTorch's `_cur_sdpa_kernel_backends`): in PyTorch's
 * flag order, or in priority order with `withPriority`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * const { SDPBackend, sdpaKernel, currentBackends } = nn.attention;
 * sdpaKernel([SDPBackend.MATH, SDPBackend.FLASH_ATTENTION], true, () => {
 *   assert.deepEqual(currentBackends(true), [SDPBackend.MATH, SDPBackend.FLASH_ATTENTION]);
 * });
 * assert.equal(currentBackends().length, 5);
 * ```
 */
export function currentBackends(withPriority = false): SDPBackend[] {
  const on = FLAGGED.filter((b) => SDP_STATE.enabled.has(b));
  return withPriority ? SDP_STATE.priority.filter((b) => on.includes(b)) : on;
}
