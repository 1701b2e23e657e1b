/** What the layers share: parameters made from factory options (dtype, device). */
import { opt } from "../../api/signature.ts";
import { torch } from "../../torch/mod.ts";
import { Parameter } from "../module.ts";

/** PyTorch's factory keyword arguments. */
export const FACTORY = [opt("device", "device", null), opt("dtype", "dtype", null)] as const;

/** A new (uninitialized) parameter of `shape` with the layer's dtype and device. */
export function emptyParam(shape: number[], a: { dtype?: string | null; device?: unknown }): Parameter {
  const opts: Record<string, unknown> = {};
  if (a.dtype) opts.dtype = a.dtype;
  if (a.device) opts.device = a.device;
  return new Parameter(torch.empty(shape, opts));
}

/** An integer or a tuple of n (PyTorch's _pair / _single). */
export function ntuple(v: number | readonly number[], n: number): number[] {
  if (typeof v === "number") return Array(n).fill(v);
  if (v.length === 1 && n > 1) return Array(n).fill(v[0]);
  return [...v];
}
