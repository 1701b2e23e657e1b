/** What the layers share: parameters made from factory options (dtype, device), modules with bound options. */
import { opt, type Sig } from "../../api/signature.ts";
import { torch } from "../../torch/mod.ts";
import type { Tensor } from "../../torch/tensor.ts";
import { type ArgsOf, bind, binder, Module, Parameter } from "../module.ts";

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

/** A module with its own options: binds them and keeps them as fields. */
export abstract class OptModule extends Module {
  // deno-lint-ignore no-explicit-any
  protected readonly o: Record<string, any>;
  protected constructor(name: string, sig: Sig, args: readonly unknown[]) {
    super();
    this.o = bind(binder(name, sig), args);
  }
}

/**
 * A module over f(x, v) for its one option v (softshrink's lambd, softmax's dim, pixel_shuffle's factor), readable
 * by the option's name and printed by `repr` as PyTorch prints it (`Softshrink(0.5)`, `Softmax(dim=1)`).
 */
export function oneOptModule<const N extends string, const S extends Sig, V>(
  name: N,
  sig: S,
  repr: (v: V) => string,
  f: (x: Tensor, v: V) => Tensor,
) {
  const key = sig.pos[0].name;
  const C = class extends OptModule {
    constructor(...args: ArgsOf<S>) {
      super(name, sig, args);
    }
    override forward(x: Tensor): Tensor {
      return f(x, this.o[key]);
    }
    override extraRepr(): string {
      return repr(this.o[key]);
    }
  };
  Object.defineProperty(C, "name", { value: name });
  // PyTorch's attribute (m.dim, m.lambd, m.upscaleFactor)
  Object.defineProperty(C.prototype, key, {
    get(this: { o: Record<string, V> }) {
      return this.o[key];
    },
  });
  return C;
}
