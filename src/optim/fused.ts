/**
 * Fused updates for SGD and Adam (kernels/include/optim_step.h, expanded by
 * kernels/cpu/optim_step.c and kernels/cuda/optim.cu): one pass per
 * parameter instead of a kernel call and a temporary per tensor op, with
 * the same per-element operations and roundings as PyTorch's single-tensor
 * code. Used when the parameter, its gradient and its state are
 * C-contiguous float32/float64 tensors of one dtype on one device whose
 * backend has the step; anything else takes the op-by-op path of sgd.ts /
 * adam.ts.
 */
import { DTYPES } from "../core/dtype.ts";
import { checkOperand, checkOutput } from "../core/storage.ts";
import { backendFor } from "../backend/backend.ts";
import {
  adamPacked,
  type AdamScalars,
  adamStep,
  type FloatDType,
  type SgdFlags,
  sgdFlags,
  sgdStep,
} from "../backend/cpu_nn.ts";
import type { Tensor } from "../torch/tensor.ts";

/**
 * The dtype the kernels run, when every tensor qualifies (else null): on a device, its backend must have the `step`
 * (the CPU's runs on host bytes, below).
 */
export function fusable(ts: (Tensor | null)[], step: "sgdStep" | "adamStep"): FloatDType | null {
  const d = ts[0]!.dtype, device = ts[0]!.storage.device;
  if (d !== "float32" && d !== "float64") return null;
  for (const t of ts) {
    if (t && (t.dtype !== d || t.storage.device !== device || !t.layout.isContiguous)) return null;
  }
  if (device !== "cpu" && !backendFor(device)[step]) return null;
  return d;
}

/** The elements of a contiguous CPU tensor as bytes (checked live; writable when `out`). */
function bytes(t: Tensor, op: string, out = false): Uint8Array {
  if (out) checkOutput(t, op);
  else checkOperand(t, op);
  const isz = DTYPES[t.dtype].itemsize;
  return t.storage.bytes.subarray(t.layout.offset * isz, (t.layout.offset + t.layout.size) * isz);
}

/** An in-place write: autograd's version counter moves as for p.add_(). */
function written(...ts: (Tensor | null)[]): void {
  for (const t of ts) if (t) t.storage.version++;
}

/**
 * SGD's update of `p` from `grad` (and the momentum buffer, when momentum
 * is not 0) in one kernel call; false when the tensors do not qualify.
 */
export function fusedSgd(
  p: Tensor,
  grad: Tensor,
  buf: Tensor | null,
  h: { lr: number; momentum: number; dampening: number; weightDecay: number } & SgdFlags,
): boolean {
  const d = fusable([p, grad, buf], "sgdStep");
  if (!d || p.layout.size !== grad.layout.size) return false;
  const op = "SGD.step";
  if (p.storage.device !== "cpu") {
    checkOutput(p, op);
    if (buf) checkOutput(buf, op);
    const s = [h.lr, h.momentum, h.dampening, h.weightDecay];
    backendFor(p.storage.device).sgdStep!(p, grad, buf, s, sgdFlags(h, h.momentum));
    written(p, buf);
    return true;
  }
  sgdStep(
    d,
    bytes(p, op, true),
    bytes(grad, op),
    buf && bytes(buf, op, true),
    h.lr,
    h.momentum,
    h.dampening,
    h.weightDecay,
    h,
  );
  written(p, buf);
  return true;
}

/** Adam's update of `p` and its state in one kernel call; false when the tensors do not qualify. */
export function fusedAdam(
  p: Tensor,
  grad: Tensor,
  expAvg: Tensor,
  expAvgSq: Tensor,
  maxExpAvgSq: Tensor | null,
  s: AdamScalars,
): boolean {
  const d = fusable([p, grad, expAvg, expAvgSq, maxExpAvgSq], "adamStep");
  if (!d || p.layout.size !== grad.layout.size) return false;
  const op = "Adam.step";
  if (p.storage.device !== "cpu") {
    for (const t of [p, expAvg, expAvgSq, maxExpAvgSq]) if (t) checkOutput(t, op);
    const { scalars, flags } = adamPacked(s);
    backendFor(p.storage.device).adamStep!(p, grad, expAvg, expAvgSq, maxExpAvgSq, scalars, flags);
    written(p, expAvg, expAvgSq, maxExpAvgSq);
    return true;
  }
  const vmax = maxExpAvgSq && bytes(maxExpAvgSq, op, true);
  adamStep(d, bytes(p, op, true), bytes(grad, op), bytes(expAvg, op, true), bytes(expAvgSq, op, true), vmax, s);
  written(p, expAvg, expAvgSq, maxExpAvgSq);
  return true;
}
