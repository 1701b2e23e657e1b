/**
 * The lazy modules: LazyLinear, LazyConv1d/2d/3d, LazyConvTranspose1d/2d/3d,
 * LazyBatchNorm1d/2d/3d and LazyInstanceNorm1d/2d/3d (PyTorch's
 * LazyModuleMixin). Each is built as its target module with no input size
 * (in_features / in_channels / num_features 0) and uninitialized
 * parameters and buffers (src/nn/uninitialized.ts); a forward pre-hook
 * registered at construction reads the size from the first input,
 * materializes them and runs the target's resetParameters (the same
 * draws from the torch generator, in the same order, as PyTorch), then
 * the instance becomes the target: its prototype is set to the target's
 * (PyTorch assigns `__class__ = cls_to_become`), so it prints, behaves and
 * answers `instanceof` as that module. Loading a state dict first
 * materializes the placeholders it has entries for (PyTorch's
 * _lazy_load_hook; the input size itself stays 0, as in PyTorch, until a
 * forward).
 */
import { opt, req, type Sig } from "../../api/signature.ts";
import { withGradMode } from "../../autograd/grad_mode.ts";
import { RuntimeError } from "../../core/errors.ts";
import { torch } from "../../torch/mod.ts";
import type { Tensor } from "../../torch/tensor.ts";
import { type ArgsOf, bind, binder, type Module } from "../module.ts";
import { isLazy, UninitializedBuffer, UninitializedParameter } from "../uninitialized.ts";
import { CONV, Conv1d, Conv2d, ConvTranspose2d, TCONV } from "./conv.ts";
import { Conv3d, ConvTranspose1d, ConvTranspose3d } from "./conv3d.ts";
import { checkInput } from "./check_input.ts";
import { FACTORY } from "./common.ts";
import { Linear } from "./linear.ts";
import { BatchNorm1d, BatchNorm2d, BatchNorm3d, InstanceNorm1d, InstanceNorm2d, InstanceNorm3d } from "./norm.ts";

// deno-lint-ignore no-explicit-any
type Target = new (...args: any[]) => Module & { resetParameters(): void };
/** Writes a field the target declares readonly (the sizes a lazy module learns). */
// deno-lint-ignore no-explicit-any
const set = (m: object, k: string, v: unknown) => ((m as any)[k] = v);

let warned = false;

/**
 * PyTorch's LazyModuleMixin over a target class: `sizeKey` names the input size that stays 0 until the first
 * forward. Subclasses make their placeholders and define initializeParameters.
 */
function lazy<B extends Target>(Base: B, sizeKey: string) {
  abstract class Lazy extends Base {
    // deno-lint-ignore no-explicit-any
    constructor(...args: any[]) {
      super(...args);
      if (!warned) {
        warned = true; // (once, as Python's default warning filter shows it)
        console.warn(
          "UserWarning: Lazy modules are a new feature under heavy development so changes to the API or " +
            "functionality can happen at any moment.",
        );
      }
      const hook = this.registerForwardPreHook((_m, inputs) => {
        const x = checkInput(this, inputs[0]);
        withGradMode(false, () => this.initializeParameters(x));
        if (this.hasUninitializedParams()) {
          throw new RuntimeError(`module ${this.constructor.name} has not been fully initialized`);
        }
        hook.remove();
        delete (this as { _lazyLoad?: unknown })._lazyLoad;
        Object.setPrototypeOf(this, Base.prototype);
      });
      // called by Module.loadStateDict (on every module of the tree) before it copies
      Object.defineProperty(this, "_lazyLoad", {
        value: (sd: Map<string, unknown>, prefix: string) => {
          const own: [string, Tensor][] = [...this.namedParameters("", false), ...this.namedBuffers("", false)];
          withGradMode(false, () => {
            for (const [k, p] of own) {
              const v = sd.get(prefix + k);
              if (isLazy(p) && v instanceof torch.Tensor && !isLazy(v)) {
                (p as UninitializedParameter).materialize(v.shape);
              }
            }
          });
        },
        configurable: true,
        enumerable: false,
      });
    }
    /** Sizes and initializes the parameters from the first input. */
    abstract initializeParameters(input: Tensor): void;
    /** Whether a parameter or buffer is still uninitialized. */
    hasUninitializedParams(): boolean {
      return [...this.parameters(false), ...this.buffers(false)].some(isLazy);
    }
    /** The target's initialization, once the sizes are known (a no-op before, as PyTorch's). */
    override resetParameters(): void {
      if (!this.hasUninitializedParams() && (this as unknown as Record<string, number>)[sizeKey] !== 0) {
        super.resetParameters();
      }
    }
  }
  return Lazy;
}

/** The factory options of a lazy module's placeholders. */
const factory = (a: Record<string, unknown>) => ({
  dtype: a.dtype as string | null,
  device: a.device as string | null,
});

const LAZY_LINEAR = { pos: [req("outFeatures", "int"), opt("bias", "bool", true), ...FACTORY], kw: [] } as const;
const LAZY_LINEAR_B = binder("LazyLinear", LAZY_LINEAR);

/**
 * A Linear whose in_features is inferred from the first input's last dim; it then becomes an nn.Linear.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const fc = new nn.LazyLinear(4);
 * assert.equal(String(fc), "LazyLinear(in_features=0, out_features=4, bias=True)");
 * assert.deepEqual(fc.forward(torch.randn(2, 3)).shape, [2, 4]);
 * assert.equal(String(fc), "Linear(in_features=3, out_features=4, bias=True)");
 * assert.ok(fc instanceof nn.Linear && !(fc instanceof nn.LazyLinear));
 * ```
 */
export class LazyLinear extends lazy(Linear, "inFeatures") {
  constructor(...args: ArgsOf<typeof LAZY_LINEAR>) {
    const a = bind(LAZY_LINEAR_B, args);
    super(0, 0, { bias: false, ...factory(a) });
    set(this, "outFeatures", a.outFeatures);
    this.weight = new UninitializedParameter(factory(a));
    if (a.bias) this.bias = new UninitializedParameter(factory(a));
  }
  initializeParameters(x: Tensor): void {
    if (!this.hasUninitializedParams()) return;
    set(this, "inFeatures", x.shape[x.ndim - 1]);
    (this.weight as UninitializedParameter).materialize([this.outFeatures, this.inFeatures]);
    if (this.bias) (this.bias as UninitializedParameter).materialize([this.outFeatures]);
    this.resetParameters();
  }
}

/** A lazy convolution's signature: the target's without in_channels. */
const withoutFirst = <const S extends Sig>(s: S) =>
  ({ pos: s.pos.slice(1), kw: s.kw }) as unknown as {
    pos: S["pos"] extends readonly [unknown, ...infer R] ? R : never;
    kw: S["kw"];
  };
const LAZY_CONV = withoutFirst(CONV), LAZY_TCONV = withoutFirst(TCONV);

/** PyTorch's _LazyConvXdMixin over a convolution class with `n` spatial dims. */
function lazyConv<B extends Target>(Base: B, n: number, transposed: boolean) {
  abstract class LazyConv extends lazy(Base, "inChannels") {
    declare inChannels: number;
    declare outChannels: number;
    declare groups: number;
    declare kernelSize: number[];
    declare weight: UninitializedParameter;
    declare bias: UninitializedParameter | null;
    /** Makes the placeholders after the target was built with no channels. */
    protected lazyInit(a: Record<string, unknown>): void {
      set(this, "outChannels", a.outChannels);
      this.weight = new UninitializedParameter(factory(a));
      this.bias = a.bias ? new UninitializedParameter(factory(a)) : null;
    }
    initializeParameters(x: Tensor): void {
      if (!this.hasUninitializedParams()) return;
      // (PyTorch's _get_in_channels)
      if (x.ndim !== n + 1 && x.ndim !== n + 2) {
        throw new RuntimeError(
          `Expected ${n + 1}D (unbatched) or ${
            n + 2
          }D (batched) input to ${this.constructor.name}, but got input of size: torch.Size([${x.shape.join(", ")}])`,
        );
      }
      set(this, "inChannels", x.ndim === n + 2 ? x.shape[1] : x.shape[0]);
      if (this.inChannels % this.groups !== 0) throw new RangeError("in_channels must be divisible by groups");
      const g = this.groups, k = this.kernelSize;
      this.weight.materialize(
        transposed ? [this.inChannels, this.outChannels / g, ...k] : [this.outChannels, this.inChannels / g, ...k],
      );
      this.bias?.materialize([this.outChannels]);
      this.resetParameters();
    }
  }
  return LazyConv;
}

/** The target's constructor options for a lazy convolution (no channels, no bias yet). */
function convOptions(a: Record<string, unknown>, transposed: boolean): Record<string, unknown> {
  const o: Record<string, unknown> = {
    stride: a.stride,
    padding: a.padding,
    dilation: a.dilation,
    groups: a.groups,
    bias: false,
    paddingMode: a.paddingMode,
    ...factory(a),
  };
  if (transposed) o.outputPadding = a.outputPadding;
  return o;
}

const LAZY_CONV1D_B = binder("LazyConv1d", LAZY_CONV), LAZY_CONV2D_B = binder("LazyConv2d", LAZY_CONV);
const LAZY_CONV3D_B = binder("LazyConv3d", LAZY_CONV);
const LAZY_TCONV1D_B = binder("LazyConvTranspose1d", LAZY_TCONV);
const LAZY_TCONV2D_B = binder("LazyConvTranspose2d", LAZY_TCONV);
const LAZY_TCONV3D_B = binder("LazyConvTranspose3d", LAZY_TCONV);

/**
 * A Conv1d whose in_channels is inferred from the first input; it then becomes an nn.Conv1d.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const conv = new nn.LazyConv1d(4, 3);
 * assert.deepEqual(conv.forward(torch.randn(2, 5, 8)).shape, [2, 4, 6]);
 * assert.equal(String(conv), "Conv1d(5, 4, kernel_size=(3,), stride=(1,))");
 * ```
 */
export class LazyConv1d extends lazyConv(Conv1d, 1, false) {
  constructor(...args: ArgsOf<typeof LAZY_CONV>) {
    const a = bind(LAZY_CONV1D_B, args);
    super(0, 0, a.kernelSize, convOptions(a, false));
    this.lazyInit(a);
  }
}

/**
 * A Conv2d whose in_channels is inferred from the first input; it then becomes an nn.Conv2d.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const conv = new nn.LazyConv2d(4, 3, { padding: 1 });
 * assert.equal(String(conv), "LazyConv2d(0, 4, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))");
 * assert.deepEqual(conv.forward(torch.randn(2, 3, 5, 5)).shape, [2, 4, 5, 5]);
 * assert.deepEqual(conv.weight.shape, [4, 3, 3, 3]);
 * ```
 */
export class LazyConv2d extends lazyConv(Conv2d, 2, false) {
  constructor(...args: ArgsOf<typeof LAZY_CONV>) {
    const a = bind(LAZY_CONV2D_B, args);
    super(0, 0, a.kernelSize, convOptions(a, false));
    this.lazyInit(a);
  }
}

/**
 * A Conv3d whose in_channels is inferred from the first input; it then becomes an nn.Conv3d.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const conv = new nn.LazyConv3d(2, 3);
 * assert.deepEqual(conv.forward(torch.randn(1, 3, 4, 4, 4)).shape, [1, 2, 2, 2, 2]);
 * ```
 */
export class LazyConv3d extends lazyConv(Conv3d, 3, false) {
  constructor(...args: ArgsOf<typeof LAZY_CONV>) {
    const a = bind(LAZY_CONV3D_B, args);
    super(0, 0, a.kernelSize, convOptions(a, false));
    this.lazyInit(a);
  }
}

/**
 * A ConvTranspose1d whose in_channels is inferred from the first input; it then becomes an nn.ConvTranspose1d.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const up = new nn.LazyConvTranspose1d(2, 3, { stride: 2 });
 * assert.deepEqual(up.forward(torch.randn(1, 4, 5)).shape, [1, 2, 11]);
 * ```
 */
export class LazyConvTranspose1d extends lazyConv(ConvTranspose1d, 1, true) {
  constructor(...args: ArgsOf<typeof LAZY_TCONV>) {
    const a = bind(LAZY_TCONV1D_B, args);
    super(0, 0, a.kernelSize, convOptions(a, true));
    this.lazyInit(a);
  }
}

/**
 * A ConvTranspose2d whose in_channels is inferred from the first input; it then becomes an nn.ConvTranspose2d.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const up = new nn.LazyConvTranspose2d(2, 2, { stride: 2 });
 * assert.deepEqual(up.forward(torch.randn(1, 3, 4, 4)).shape, [1, 2, 8, 8]);
 * ```
 */
export class LazyConvTranspose2d extends lazyConv(ConvTranspose2d, 2, true) {
  constructor(...args: ArgsOf<typeof LAZY_TCONV>) {
    const a = bind(LAZY_TCONV2D_B, args);
    super(0, 0, a.kernelSize, convOptions(a, true));
    this.lazyInit(a);
  }
}

/**
 * A ConvTranspose3d whose in_channels is inferred from the first input; it then becomes an nn.ConvTranspose3d.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const up = new nn.LazyConvTranspose3d(2, 2);
 * assert.deepEqual(up.forward(torch.randn(1, 3, 2, 2, 2)).shape, [1, 2, 3, 3, 3]);
 * ```
 */
export class LazyConvTranspose3d extends lazyConv(ConvTranspose3d, 3, true) {
  constructor(...args: ArgsOf<typeof LAZY_TCONV>) {
    const a = bind(LAZY_TCONV3D_B, args);
    super(0, 0, a.kernelSize, convOptions(a, true));
    this.lazyInit(a);
  }
}

/** PyTorch's _LazyNormBase arguments (affine and trackRunningStats on by default, for the instance norms too). */
const LAZY_NORM = {
  pos: [
    opt("eps", "number", 1e-5),
    opt("momentum", "number", 0.1, { nullable: true }),
    opt("affine", "bool", true),
    opt("trackRunningStats", "bool", true),
    ...FACTORY,
  ],
  kw: [opt("bias", "bool", true)],
} as const;

/** PyTorch's _LazyNormBase over a batch or instance norm class. */
function lazyNorm<B extends Target>(Base: B) {
  abstract class LazyNorm extends lazy(Base, "numFeatures") {
    declare numFeatures: number;
    declare affine: boolean;
    declare trackRunningStats: boolean;
    declare weight: UninitializedParameter | null;
    declare bias: UninitializedParameter | null;
    /** Makes the placeholders after the target was built with no features, no affine and no statistics. */
    protected lazyInit(a: Record<string, unknown>): void {
      set(this, "affine", a.affine);
      set(this, "trackRunningStats", a.trackRunningStats);
      if (a.affine) {
        this.weight = new UninitializedParameter(factory(a));
        if (a.bias) this.bias = new UninitializedParameter(factory(a));
      }
      if (a.trackRunningStats) {
        this.registerBuffer("runningMean", new UninitializedBuffer(factory(a)));
        this.registerBuffer("runningVar", new UninitializedBuffer(factory(a)));
        const device = (a.device ?? null) as string | null;
        this.registerBuffer("numBatchesTracked", torch.tensor(0, { dtype: "int64", device }));
      }
    }
    initializeParameters(x: Tensor): void {
      if (!this.hasUninitializedParams()) return;
      set(this, "numFeatures", x.shape[1]);
      const nf = [this.numFeatures];
      this.weight?.materialize(nf);
      this.bias?.materialize(nf);
      for (const b of this.buffers(false)) if (isLazy(b)) (b as UninitializedBuffer).materialize(nf);
      this.resetParameters();
    }
  }
  return LazyNorm;
}

/** The target's constructor options for a lazy norm (no features, no affine, no statistics yet). */
const normOptions = (a: Record<string, unknown>) => ({
  eps: a.eps as number,
  momentum: a.momentum as number | null,
  affine: false,
  trackRunningStats: false,
  bias: false,
  ...factory(a),
});

const LBN1_B = binder("LazyBatchNorm1d", LAZY_NORM), LBN2_B = binder("LazyBatchNorm2d", LAZY_NORM);
const LBN3_B = binder("LazyBatchNorm3d", LAZY_NORM);
const LIN1_B = binder("LazyInstanceNorm1d", LAZY_NORM), LIN2_B = binder("LazyInstanceNorm2d", LAZY_NORM);
const LIN3_B = binder("LazyInstanceNorm3d", LAZY_NORM);

/**
 * A BatchNorm1d whose num_features is inferred from the first input; it then becomes an nn.BatchNorm1d.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const bn = new nn.LazyBatchNorm1d();
 * bn.forward(torch.randn(4, 3));
 * assert.equal(String(bn), "BatchNorm1d(3, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)");
 * ```
 */
export class LazyBatchNorm1d extends lazyNorm(BatchNorm1d) {
  constructor(...args: ArgsOf<typeof LAZY_NORM>) {
    const a = bind(LBN1_B, args);
    super(0, normOptions(a));
    this.lazyInit(a);
  }
}

/**
 * A BatchNorm2d whose num_features is inferred from the first input; it then becomes an nn.BatchNorm2d.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const bn = new nn.LazyBatchNorm2d({ momentum: null });
 * bn.forward(torch.randn(2, 3, 4, 4));
 * assert.deepEqual(bn.runningMean!.shape, [3]);
 * ```
 */
export class LazyBatchNorm2d extends lazyNorm(BatchNorm2d) {
  constructor(...args: ArgsOf<typeof LAZY_NORM>) {
    const a = bind(LBN2_B, args);
    super(0, normOptions(a));
    this.lazyInit(a);
  }
}

/**
 * A BatchNorm3d whose num_features is inferred from the first input; it then becomes an nn.BatchNorm3d.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const bn = new nn.LazyBatchNorm3d();
 * assert.deepEqual(bn.forward(torch.randn(2, 3, 2, 2, 2)).shape, [2, 3, 2, 2, 2]);
 * ```
 */
export class LazyBatchNorm3d extends lazyNorm(BatchNorm3d) {
  constructor(...args: ArgsOf<typeof LAZY_NORM>) {
    const a = bind(LBN3_B, args);
    super(0, normOptions(a));
    this.lazyInit(a);
  }
}

/**
 * An InstanceNorm1d whose num_features is inferred from the first input (dim 1, as PyTorch, also for an unbatched
 * input); it then becomes an nn.InstanceNorm1d. affine and trackRunningStats default to true, as PyTorch's.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const m = new nn.LazyInstanceNorm1d();
 * m.forward(torch.randn(2, 3, 5));
 * assert.equal(String(m), "InstanceNorm1d(3, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)");
 * ```
 */
export class LazyInstanceNorm1d extends lazyNorm(InstanceNorm1d) {
  constructor(...args: ArgsOf<typeof LAZY_NORM>) {
    const a = bind(LIN1_B, args);
    super(0, normOptions(a));
    this.lazyInit(a);
  }
}

/**
 * An InstanceNorm2d whose num_features is inferred from the first input; it then becomes an nn.InstanceNorm2d.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const m = new nn.LazyInstanceNorm2d({ affine: false, trackRunningStats: false });
 * assert.deepEqual(m.forward(torch.randn(2, 3, 4, 4)).shape, [2, 3, 4, 4]);
 * ```
 */
export class LazyInstanceNorm2d extends lazyNorm(InstanceNorm2d) {
  constructor(...args: ArgsOf<typeof LAZY_NORM>) {
    const a = bind(LIN2_B, args);
    super(0, normOptions(a));
    this.lazyInit(a);
  }
}

/**
 * An InstanceNorm3d whose num_features is inferred from the first input; it then becomes an nn.InstanceNorm3d.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const m = new nn.LazyInstanceNorm3d();
 * assert.deepEqual(m.forward(torch.randn(1, 2, 3, 3, 3)).shape, [1, 2, 3, 3, 3]);
 * ```
 */
export class LazyInstanceNorm3d extends lazyNorm(InstanceNorm3d) {
  constructor(...args: ArgsOf<typeof LAZY_NORM>) {
    const a = bind(LIN3_B, args);
    super(0, normOptions(a));
    this.lazyInit(a);
  }
}
