/**
 * What the nn primitives share: the backend's nn kernel for the operands'
 * device (PyTorch's "not implemented" error where a backend lacks it),
 * dtype checks with PyTorch's messages, contiguous operands and
 * size-2 / size-4 integer lists.
 */
import { type Backend, backendOf, notImplemented } from "../../backend/backend.ts";
import { type DType, TORCH_TYPE_NAME } from "../../core/dtype.ts";
import { RuntimeError } from "../../core/errors.ts";
import type { Operand } from "../../core/storage.ts";
import type { NnKernel, ResampleKernel } from "../../backend/nn_types.ts";
import { contiguous } from "../../ops/operand.ts";

/** The kernel `k` of the operands' backend, or PyTorch's "not implemented" error naming `op`. */
export function nnKernel<K extends NnKernel | ResampleKernel>(
  k: K,
  op: string,
  ...xs: (Operand | null)[]
): NonNullable<Backend[K]> {
  const b = backendOf(...xs);
  const f = b[k];
  if (!f) throw notImplemented(op, b.device);
  return (f as (...a: unknown[]) => void).bind(b) as NonNullable<Backend[K]>;
}

/** PyTorch's error for a kernel run on a dtype it has no loop for. */
export function floatOnly(kernel: string, x: Operand): "float32" | "float64" {
  const d = x.storage.dtype;
  if (d !== "float32" && d !== "float64") {
    throw new RuntimeError(`"${kernel}" not implemented for '${TORCH_TYPE_NAME[d]}'`);
  }
  return d;
}

/** PyTorch's check that operands share the input's dtype. */
export function sameDtype(what: string, x: Operand, other: Operand | null, otherName: string): void {
  if (other && other.storage.dtype !== x.storage.dtype) {
    const n = (d: DType) => `torch.${TORCH_TYPE_NAME[d]}Tensor`;
    throw new RuntimeError(
      `${what}: Input type (${n(x.storage.dtype)}) and ${otherName} type (${
        n(other.storage.dtype)
      }) should be the same`,
    );
  }
}

/** A C-contiguous operand (x itself when it already is one). */
export const dense = (x: Operand): Operand => (x.layout.isContiguous ? x : contiguous(x, true));

/** An integer list of `n` (a single number repeats), checked non-negative (or positive). */
export function tuple(op: string, name: string, v: number | readonly number[], n: number, min = 0): number[] {
  const out = typeof v === "number" ? Array(n).fill(v) : [...v];
  if (out.length === 1 && n > 1) out.length = n, out.fill(out[0]);
  if (out.length !== n) {
    throw new RuntimeError(`${op}: ${name} must be a single number or a list of ${n}, got [${out}]`);
  }
  for (const x of out) {
    if (!Number.isSafeInteger(x) || x < min) {
      throw new RuntimeError(`${op}: ${name} must be ${min > 0 ? "positive" : "non-negative"} integers, got [${out}]`);
    }
  }
  return out;
}

/** "[a, b, c]" as PyTorch prints a size in messages. */
export const fmtSize = (s: readonly number[]): string => `[${s.join(", ")}]`;
