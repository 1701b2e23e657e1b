/**
 * nn.UninitializedParameter and nn.UninitializedBuffer: the placeholders
 * of the lazy modules (src/nn/layers/lazy.ts) until their first forward
 * knows the shapes. Each holds an empty tensor of its dtype and device,
 * so it registers like a parameter or buffer, reports `dtype`, `device`
 * and `requiresGrad`, appears in `parameters()` and the state dict (as
 * itself, as PyTorch's LazyModuleMixin saves it), and follows
 * `module.to(...)`; any other use, an op included, reads its memory and
 * throws PyTorch's error. `materialize(shape)` gives it memory of that
 * shape (uninitialized values) and turns it into an ordinary nn.Parameter
 * or tensor (PyTorch changes its class the same way).
 */
import { ArrayBase } from "../api/array_base.ts";
import type { DType } from "../core/dtype.ts";
import { RuntimeError } from "../core/errors.ts";
import type { Storage } from "../core/storage.ts";
import type { View } from "../core/view.ts";
import { torch } from "../torch/mod.ts";
import { Tensor } from "../torch/tensor.ts";
import { Parameter } from "./module.ts";

/** The placeholders not yet materialized (a WeakSet: the getters run before a subclass's fields exist). */
const PENDING = new WeakSet<Tensor>();

/** Whether `t` is an uninitialized parameter or buffer (PyTorch's torch.nn.parameter.is_lazy). */
export function isLazy(t: unknown): boolean {
  return t instanceof Tensor && PENDING.has(t);
}

const STORAGE = Object.getOwnPropertyDescriptor(ArrayBase.prototype, "storage")!.get!;
const LAYOUT = Object.getOwnPropertyDescriptor(ArrayBase.prototype, "layout")!.get!;
/** A placeholder's empty tensor, read past the getters that refuse it. */
const raw = (t: Tensor): Tensor => new Tensor(STORAGE.call(t), LAYOUT.call(t));

/** The factory options of an uninitialized parameter or buffer. */
export interface UninitializedOptions {
  requiresGrad?: boolean;
  device?: string | null;
  dtype?: string | null;
}

function emptyOf(kind: string, o: UninitializedOptions): Tensor {
  for (const k of Object.keys(o)) {
    if (k !== "requiresGrad" && k !== "device" && k !== "dtype") {
      throw new TypeError(`${kind}(): unknown option '${k}'; expected one of requiresGrad, device, dtype`);
    }
  }
  const f: Record<string, unknown> = {};
  if (o.dtype) f.dtype = o.dtype;
  if (o.device) f.device = o.device;
  return torch.empty([0], f);
}

const useError = (kind: string) =>
  new RangeError(
    `Attempted to use an uninitialized parameter. This error happens when you are using a \`LazyModule\` or ` +
      `explicitly manipulating \`torch.nn.parameter.${kind}\` objects. When using LazyModules Call \`forward\` with ` +
      "a dummy batch to initialize the parameters before calling torch functions",
  );

/** What both placeholders add to their base class (PyTorch's UninitializedTensorMixin). */
// deno-lint-ignore no-explicit-any
function uninitialized<B extends new (...a: any[]) => Tensor>(Base: B, kind: string, becomes: () => object) {
  return class extends Base {
    /** The memory, once materialized (an uninitialized one has none to give: PyTorch's error). */
    override get storage(): Storage {
      if (PENDING.has(this)) throw useError(kind);
      return super.storage;
    }
    /** The view, once materialized. */
    override get layout(): View {
      if (PENDING.has(this)) throw useError(kind);
      return super.layout;
    }
    /** The shape, once materialized. */
    override get shape(): number[] {
      if (PENDING.has(this)) {
        throw new RuntimeError(
          "Can't access the shape of an uninitialized parameter or buffer. This error usually happens in " +
            "`load_state_dict` when trying to load an uninitialized parameter into an initialized one. Call " +
            "`forward` to initialize the parameters before accessing their attributes.",
        );
      }
      return super.shape;
    }
    override get dtype(): DType {
      return raw(this).dtype;
    }
    override get device(): string {
      return raw(this).device;
    }
    /** The placeholder itself while uninitialized (the state dict holds it as it is), else a detached tensor. */
    override detach(): Tensor {
      return PENDING.has(this) ? this : super.detach();
    }
    /** The data; assigning an uninitialized one (Module.to's conversion) takes its dtype and device. */
    override get data(): Tensor {
      return PENDING.has(this) ? this : super.data;
    }
    override set data(v: Tensor) {
      if (PENDING.has(this) && isLazy(v)) {
        PENDING.delete(this); // (_rebind reads the old storage to drop it)
        this._rebind(STORAGE.call(v), LAYOUT.call(v));
        PENDING.add(this);
      } else super.data = v;
    }
    /**
     * Gives it memory of `shape` (uninitialized values; the placeholder's dtype and device unless given) and makes
     * it an ordinary parameter or tensor. Returns it.
     */
    materialize(shape: readonly number[], opts: { device?: string | null; dtype?: string | null } = {}): this {
      if (!PENDING.has(this)) throw new RuntimeError(`${kind} is already materialized`);
      const t = torch.empty([...shape], { dtype: opts.dtype ?? this.dtype, device: opts.device ?? this.device });
      PENDING.delete(this);
      this._rebind(t.storage, t.layout);
      Object.setPrototypeOf(this, becomes());
      return this;
    }
    /** PyTorch's repr: `<UninitializedParameter>`. */
    override toString(): string {
      return PENDING.has(this) ? `<${kind}>` : super.toString();
    }
    protected override formatString(): string {
      return PENDING.has(this) ? `<${kind}>` : super.formatString();
    }
  };
}

/**
 * `to(...)` of a placeholder: a placeholder of the converted dtype and device (Module.to converts parameters and
 * buffers through it), installed over the generated method, whose overloaded type a class method cannot restate.
 */
function convertible(C: { prototype: Tensor }): void {
  const to = Tensor.prototype.to;
  Object.defineProperty(C.prototype, "to", {
    value: function (this: Tensor, ...args: unknown[]): Tensor {
      if (!PENDING.has(this)) return (to as (...a: unknown[]) => Tensor).apply(this, args);
      const t = (to as (...a: unknown[]) => Tensor).apply(raw(this), args);
      const Make = this.constructor as new (rg: boolean, o: UninitializedOptions) => Tensor;
      return new Make(this.requiresGrad, { dtype: t.dtype, device: t.device });
    },
    writable: true,
    configurable: true,
  });
}

const UninitializedParameterBase = uninitialized(Parameter, "UninitializedParameter", () => Parameter.prototype);

/**
 * A parameter whose shape is not known yet (a lazy module's weight before
 * its first forward). It is a Parameter (registered and listed as one,
 * requires grad by default); using it in an op throws until
 * `materialize(shape)` turns it into an ordinary Parameter.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * const p = new nn.UninitializedParameter();
 * assert.equal(String(p), "<UninitializedParameter>");
 * assert.throws(() => p.add(1), /uninitialized parameter/);
 * const q: nn.Parameter = p.materialize([2, 3]);
 * assert.ok(q instanceof nn.Parameter && !nn.isLazy(q));
 * assert.deepEqual(q.shape, [2, 3]);
 * ```
 */
export class UninitializedParameter extends UninitializedParameterBase {
  constructor(requiresGrad: boolean | UninitializedOptions = true, opts: UninitializedOptions = {}) {
    const o = typeof requiresGrad === "boolean" ? { ...opts, requiresGrad } : requiresGrad;
    super(emptyOf("UninitializedParameter", o), o.requiresGrad ?? true);
    PENDING.add(this);
  }
}
convertible(UninitializedParameter);

const UninitializedBufferBase = uninitialized(Tensor, "UninitializedBuffer", () => Tensor.prototype);

/**
 * A buffer whose shape is not known yet (a lazy BatchNorm's running
 * statistics before its first forward); `materialize(shape)` turns it
 * into an ordinary tensor.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * const b = new nn.UninitializedBuffer({ dtype: "float64" });
 * assert.equal(String(b), "<UninitializedBuffer>");
 * assert.equal(b.dtype, "float64");
 * assert.deepEqual(b.materialize([4]).shape, [4]);
 * ```
 */
export class UninitializedBuffer extends UninitializedBufferBase {
  constructor(requiresGrad: boolean | UninitializedOptions = false, opts: UninitializedOptions = {}) {
    const o = typeof requiresGrad === "boolean" ? { ...opts, requiresGrad } : requiresGrad;
    const t = emptyOf("UninitializedBuffer", o);
    super(t.storage, t.layout);
    if (o.requiresGrad) this.requiresGrad = true;
    PENDING.add(this);
  }
}
convertible(UninitializedBuffer);
