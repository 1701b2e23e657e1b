/**
 * Reinterpreting an array's bytes as another dtype, without a copy:
 * NumPy's `a.view(dtype)` and PyTorch's `t.view(dtype)`. Same-size dtypes
 * keep the layout; a different size rescales the last dim, which must be
 * contiguous (each library's checks and messages).
 *
 * The result is a second storage over the same ArrayBuffer (`Storage.wrap`):
 * writes through either are seen by the other. Strides here count elements,
 * so a layout whose byte strides or offset are not multiples of the new
 * itemsize (unaligned, which NumPy allows) cannot be expressed and is a
 * TypeError.
 */
import { type DType, DTYPES, TORCH_TYPE_NAME } from "../../core/dtype.ts";
import { RuntimeError } from "../../core/errors.ts";
import { Storage } from "../../core/storage.ts";
import { View } from "../../core/view.ts";
import type { Operand } from "./common.ts";

/** NumPy's checks of a view with another itemsize (ValueError: RangeError here). */
function npChecks(x: View, from: number, to: number): void {
  if (x.ndim === 0) {
    throw new RangeError("Changing the dtype of a 0d array is only supported if the itemsize is unchanged");
  }
  const n = x.shape[x.ndim - 1];
  if (n !== 1 && x.strides[x.ndim - 1] !== 1) {
    throw new RangeError("To change to a dtype of a different size, the last axis must be contiguous");
  }
  if (to > from && (n * from) % to !== 0) {
    throw new RangeError(
      "When changing to a larger dtype, its size must be a divisor of the total size in bytes of the last axis of the array.",
    );
  }
}

/** PyTorch's checks of a view with another element size (RuntimeErrors in its words). */
function torchChecks(x: View, from: DType, to: DType): void {
  const tail = `to view ${TORCH_TYPE_NAME[from]} as ${TORCH_TYPE_NAME[to]} (different element sizes)`;
  if (x.ndim === 0) throw new RuntimeError(`self.dim() cannot be 0 ${tail}`);
  const last = x.strides[x.ndim - 1];
  if (last !== 1) throw new RuntimeError(`self.stride(-1) must be 1 ${tail}, but got ${last}`);
  const r = DTYPES[to].itemsize / DTYPES[from].itemsize;
  if (r <= 1) return;
  const n = x.shape[x.ndim - 1];
  if (n % r !== 0) throw new RuntimeError(`self.size(-1) must be divisible by ${r} ${tail}, but got ${n}`);
  if (x.offset % r !== 0) {
    throw new RuntimeError(`self.storage_offset() must be divisible by ${r} ${tail}, but got ${x.offset}`);
  }
  for (let i = 0; i < x.ndim - 1; i++) {
    if (x.strides[i] % r !== 0) {
      throw new RuntimeError(`self.stride(${i}) must be divisible by ${r} ${tail}, but got ${x.strides[i]}`);
    }
  }
}

/** The unaligned-layout TypeError when `bytes` is not a multiple of the new itemsize. */
function checkAligned(bytes: number, to: number, op: string): void {
  if (bytes % to !== 0) {
    throw new TypeError(`${op}: the view would be unaligned (byte ${bytes} is not a multiple of ${to}): copy first`);
  }
}

/** Element counts of `bytes` in the new itemsize (checked aligned). */
function inItems(bytes: number, to: number, op: string): number {
  checkAligned(bytes, to, op);
  return bytes / to;
}

/**
 * `x`'s bytes seen as `dtype`, with the checks of NumPy (`fe` "np") or
 * PyTorch ("torch").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../../mod.ts";
 * const a = np.array([1, 2], { dtype: "int32" });
 * assert.deepEqual(a.view("uint8").tolist(), [1, 0, 0, 0, 2, 0, 0, 0]);
 * ```
 */
export function viewAsDtype(x: Operand, dtype: DType, fe: "np" | "torch"): Operand {
  const from = x.storage.dtype, l = x.layout, op = fe === "np" ? "view" : "Tensor.view";
  const a = DTYPES[from].itemsize, b = DTYPES[dtype].itemsize;
  if (a !== b) fe === "np" ? npChecks(l, a, b) : torchChecks(l, from, dtype);
  if (!x.storage.isHost) throw new RuntimeError(`${op}(dtype) is not implemented for '${x.storage.device}' here`);
  const bytes = x.storage.bytes;
  checkAligned(bytes.byteOffset, b, op);
  const storage = Storage.wrap(dtype, Math.floor(bytes.byteLength / b), bytes.buffer as ArrayBuffer, bytes.byteOffset);
  if (a === b) return { storage, layout: new View(l.shape, l.strides, l.offset, l.writeable) };
  const nd = l.ndim, shape = [...l.shape];
  shape[nd - 1] = (shape[nd - 1] * a) / b;
  const strides = l.strides.map((s, i) => (i === nd - 1 ? 1 : inItems(s * a, b, op)));
  return { storage, layout: new View(shape, strides, inItems(l.offset * a, b, op), l.writeable) };
}
