/** BatchNorm1d/2d/3d (running statistics, momentum, affine, eval mode), InstanceNorm1d/2d/3d, LayerNorm, GroupNorm. */
import { opt, req } from "../../api/signature.ts";
import { withGradMode } from "../../autograd/grad_mode.ts";
import { RuntimeError } from "../../core/errors.ts";
import { torch } from "../../torch/mod.ts";
import type { Tensor } from "../../torch/tensor.ts";
import { layerNorm } from "../functional.ts";
import { functional as F, LRN } from "../functional.ts";
import { ones_, zeros_ } from "../init.ts";
import { type ArgsOf, bind, binder, Module, type Parameter } from "../module.ts";
import { P } from "../prims.ts";
import { py, pyFloat } from "../repr.ts";
import { emptyParam, FACTORY } from "./common.ts";
import { checkInput } from "./check_input.ts";

/** PyTorch's _NormBase constructor arguments, with the affine and trackRunningStats defaults of the module kind. */
const normBase = (affine: boolean, track: boolean) =>
  ({
    pos: [
      req("numFeatures", "int"),
      opt("eps", "number", 1e-5),
      opt("momentum", "number", 0.1, { nullable: true }),
      opt("affine", "bool", affine),
      opt("trackRunningStats", "bool", track),
      ...FACTORY,
    ],
    kw: [opt("bias", "bool", true)],
  }) as const;
const BN = normBase(true, true);

/** What BatchNorm1d and BatchNorm2d share (PyTorch's _BatchNorm). */
export abstract class BatchNormNd extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  declare runningMean: Tensor | null;
  declare runningVar: Tensor | null;
  declare numBatchesTracked: Tensor | null;

  protected constructor(a: Record<string, unknown>) {
    super();
    this.numFeatures = a.numFeatures as number;
    this.eps = a.eps as number;
    this.momentum = a.momentum as number | null;
    this.affine = a.affine as boolean;
    this.trackRunningStats = a.trackRunningStats as boolean;
    const f = a as { dtype: string | null };
    this.weight = this.affine ? emptyParam([this.numFeatures], f) : null;
    this.bias = this.affine && a.bias ? emptyParam([this.numFeatures], f) : null;
    const opts: Record<string, unknown> = {};
    if (a.dtype) opts.dtype = a.dtype;
    if (a.device) opts.device = a.device;
    if (this.trackRunningStats) {
      this.registerBuffer("runningMean", torch.zeros(this.numFeatures, opts));
      this.registerBuffer("runningVar", torch.ones(this.numFeatures, opts));
      this.registerBuffer(
        "numBatchesTracked",
        torch.tensor(0, { dtype: "int64", device: (a.device ?? null) as string | null }),
      );
    } else {
      this.registerBuffer("runningMean", null);
      this.registerBuffer("runningVar", null);
      this.registerBuffer("numBatchesTracked", null);
    }
    this.resetParameters();
  }

  /** Zeroes the running mean and the batch count, fills the running variance with 1. */
  resetRunningStats(): void {
    if (!this.trackRunningStats) return;
    withGradMode(false, () => {
      this.runningMean!.zero_();
      this.runningVar!.fill_(1);
      this.numBatchesTracked!.zero_();
    });
  }
  /** PyTorch's default initialization: the running statistics reset, weight 1, bias 0. */
  resetParameters(): void {
    this.resetRunningStats();
    if (this.weight) ones_(this.weight);
    if (this.bias) zeros_(this.bias);
  }

  /** Checks the input's rank (PyTorch's _check_input_dim). */
  protected abstract checkInputDim(x: Tensor): void;

  override forward(x: Tensor): Tensor {
    checkInput(this, x);
    this.checkInputDim(x);
    let factor = this.momentum ?? 0;
    if (this.training && this.trackRunningStats && this.numBatchesTracked) {
      withGradMode(false, () => this.numBatchesTracked!.add_(1));
      if (this.momentum === null) factor = 1 / Number(this.numBatchesTracked.item());
    }
    const bnTraining = this.training || (this.runningMean === null && this.runningVar === null);
    const useRunning = !this.training || this.trackRunningStats;
    if (bnTraining) {
      let size = 1;
      for (let i = 0; i < x.ndim; i++) if (i !== 1) size *= x.shape[i];
      if (size === 1) {
        throw new RangeError(
          `Expected more than 1 value per channel when training, got input size torch.Size([${x.shape.join(", ")}])`,
        );
      }
    }
    return P._batchNorm(
      x,
      this.weight,
      this.bias,
      useRunning ? this.runningMean : null,
      useRunning ? this.runningVar : null,
      bnTraining,
      factor,
      this.eps,
    )[0];
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${
      this.momentum === null ? "None" : pyFloat(this.momentum)
    }, affine=${py(this.affine)}, bias=${py(this.bias !== null)}, track_running_stats=${py(this.trackRunningStats)}`;
  }
}

const BN1D_B = binder("BatchNorm1d", BN), BN2D_B = binder("BatchNorm2d", BN);

const IN_SIG = normBase(false, false);

/**
 * What InstanceNorm1d and InstanceNorm2d share (PyTorch's _InstanceNorm): BatchNorm's parameters and buffers, with
 * affine and trackRunningStats off by default; each sample normalized over its spatial dims (F.instanceNorm), an
 * unbatched input as a batch of one.
 */
export abstract class InstanceNormNd extends BatchNormNd {
  /** The spatial dims an input has. */
  protected abstract readonly spatial: number;
  protected checkInputDim(x: Tensor): void {
    const s = this.spatial;
    if (x.ndim !== s + 1 && x.ndim !== s + 2) {
      throw new RangeError(`expected ${s + 1}D or ${s + 2}D input (got ${x.ndim}D input)`);
    }
  }
  override forward(x: Tensor): Tensor {
    checkInput(this, x);
    this.checkInputDim(x);
    const unbatched = x.ndim === this.spatial + 1, xb = unbatched ? x.unsqueeze(0) : x;
    const useInputStats = this.training || !this.trackRunningStats;
    const y = F.instanceNorm(
      xb,
      this.runningMean,
      this.runningVar,
      this.weight,
      this.bias,
      useInputStats,
      this.momentum ?? 0, // (PyTorch passes 0 for None here)
      this.eps,
    );
    return unbatched ? y.squeeze(0) : y;
  }
}

const IN1D_B = binder("InstanceNorm1d", IN_SIG), IN2D_B = binder("InstanceNorm2d", IN_SIG);

/** Instance normalization over (N, C, L) or (C, L) inputs. */
export class InstanceNorm1d extends InstanceNormNd {
  protected readonly spatial = 1;
  constructor(...args: ArgsOf<typeof IN_SIG>) {
    super(bind(IN1D_B, args));
  }
}

/**
 * Instance normalization over (N, C, H, W) or (C, H, W) inputs.
 *
 * @example
 * ```ts
 * import { nn, torch } from "../../../mod.ts";
 * const m = new nn.InstanceNorm2d(3, { affine: true });
 * console.log(m.forward(torch.randn(2, 3, 4, 4)).shape); // [2, 3, 4, 4]
 * ```
 */
export class InstanceNorm2d extends InstanceNormNd {
  protected readonly spatial = 2;
  constructor(...args: ArgsOf<typeof IN_SIG>) {
    super(bind(IN2D_B, args));
  }
}

const IN3D_B = binder("InstanceNorm3d", IN_SIG);

/**
 * Instance normalization over (N, C, D, H, W) or (C, D, H, W) inputs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const m = new nn.InstanceNorm3d(3, { affine: true });
 * assert.deepEqual(m.forward(torch.randn(2, 3, 4, 4, 4)).shape, [2, 3, 4, 4, 4]);
 * ```
 */
export class InstanceNorm3d extends InstanceNormNd {
  protected readonly spatial = 3;
  constructor(...args: ArgsOf<typeof IN_SIG>) {
    super(bind(IN3D_B, args));
  }
}

/** Batch normalization over (N, C) or (N, C, L) inputs. */
export class BatchNorm1d extends BatchNormNd {
  constructor(...args: ArgsOf<typeof BN>) {
    super(bind(BN1D_B, args));
  }
  protected checkInputDim(x: Tensor): void {
    if (x.ndim !== 2 && x.ndim !== 3) throw new RangeError(`expected 2D or 3D input (got ${x.ndim}D input)`);
  }
}

/**
 * Batch normalization over (N, C, H, W) inputs.
 *
 * @example
 * ```ts
 * import { nn, torch } from "../../../mod.ts";
 * const bn = new nn.BatchNorm2d(3);
 * bn.forward(torch.randn(4, 3, 5, 5));
 * console.log(bn.numBatchesTracked!.item(), bn.runningMean!.shape); // 1n [3]
 * ```
 */
export class BatchNorm2d extends BatchNormNd {
  constructor(...args: ArgsOf<typeof BN>) {
    super(bind(BN2D_B, args));
  }
  protected checkInputDim(x: Tensor): void {
    if (x.ndim !== 4) throw new RangeError(`expected 4D input (got ${x.ndim}D input)`);
  }
}

const BN3D_B = binder("BatchNorm3d", BN);

/**
 * Batch normalization over (N, C, D, H, W) inputs.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const bn = new nn.BatchNorm3d(3);
 * assert.deepEqual(bn.forward(torch.randn(2, 3, 4, 4, 4)).shape, [2, 3, 4, 4, 4]);
 * assert.equal(String(bn), "BatchNorm3d(3, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)");
 * ```
 */
export class BatchNorm3d extends BatchNormNd {
  constructor(...args: ArgsOf<typeof BN>) {
    super(bind(BN3D_B, args));
  }
  protected checkInputDim(x: Tensor): void {
    if (x.ndim !== 5) throw new RangeError(`expected 5D input (got ${x.ndim}D input)`);
  }
}

const LN = {
  pos: [
    req("normalizedShape", "ints"),
    opt("eps", "number", 1e-5),
    opt("elementwiseAffine", "bool", true),
    opt("bias", "bool", true),
    ...FACTORY,
  ],
  kw: [],
} as const;
const LN_B = binder("LayerNorm", LN);

/** Layer normalization over the trailing normalizedShape dims. */
export class LayerNorm extends Module {
  readonly normalizedShape: number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  constructor(...args: ArgsOf<typeof LN>) {
    super();
    const a = bind(LN_B, args);
    this.normalizedShape = typeof a.normalizedShape === "number" ? [a.normalizedShape] : a.normalizedShape;
    this.eps = a.eps;
    this.elementwiseAffine = a.elementwiseAffine;
    this.weight = a.elementwiseAffine ? emptyParam(this.normalizedShape, a) : null;
    this.bias = a.elementwiseAffine && a.bias ? emptyParam(this.normalizedShape, a) : null;
    this.resetParameters();
  }
  /** weight 1, bias 0. */
  resetParameters(): void {
    if (this.weight) ones_(this.weight);
    if (this.bias) zeros_(this.bias);
  }
  override forward(x: Tensor): Tensor {
    return layerNorm(checkInput(this, x), this.normalizedShape, this.weight, this.bias, this.eps);
  }
  override extraRepr(): string {
    return `${py(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${
      py(this.elementwiseAffine)
    }, bias=${py(this.bias !== null)}`;
  }
}

const GN = {
  pos: [
    req("numGroups", "int"),
    req("numChannels", "int"),
    opt("eps", "number", 1e-5),
    opt("affine", "bool", true),
    ...FACTORY,
  ],
  kw: [opt("bias", "bool", true)],
} as const;
const GN_B = binder("GroupNorm", GN);

/** Group normalization: channels split into groups, statistics per (sample, group). */
export class GroupNorm extends Module {
  readonly numGroups: number;
  readonly numChannels: number;
  readonly eps: number;
  readonly affine: boolean;
  weight: Parameter | null;
  bias: Parameter | null;
  constructor(...args: ArgsOf<typeof GN>) {
    super();
    const a = bind(GN_B, args);
    if (a.numChannels % a.numGroups !== 0) throw new RangeError("num_channels must be divisible by num_groups");
    this.numGroups = a.numGroups;
    this.numChannels = a.numChannels;
    this.eps = a.eps;
    this.affine = a.affine;
    this.weight = a.affine ? emptyParam([a.numChannels], a) : null;
    this.bias = a.affine && a.bias ? emptyParam([a.numChannels], a) : null;
    if (this.weight) ones_(this.weight);
    if (this.bias) zeros_(this.bias);
  }
  override forward(x: Tensor): Tensor {
    if (checkInput(this, x).ndim < 2) {
      throw new RuntimeError(`Expected at least 2 dimensions for input tensor but received ${x.ndim}`);
    }
    if (x.shape[1] !== this.numChannels) {
      throw new RuntimeError(
        `Expected weight to be a vector of size equal to the number of channels in input, but got weight of shape [${this.numChannels}] and input of shape [${
          x.shape.join(", ")
        }]`,
      );
    }
    return F.groupNorm(x, this.numGroups, this.weight, this.bias, this.eps);
  }
  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${pyFloat(this.eps)}, affine=${py(this.affine)}, bias=${
      py(this.bias !== null)
    }`;
  }
}

const LRN_SIG = { pos: LRN, kw: [] } as const;
const LRN_B = binder("LocalResponseNorm", LRN_SIG);

/**
 * Local response normalization across channels (AlexNet's): x / (k + alpha * mean of x^2 over `size` neighbouring
 * channels)^beta.
 *
 * @example
 * ```ts
 * import { nn, torch } from "../../../mod.ts";
 * const y = new nn.LocalResponseNorm(2).forward(torch.ones(1, 3, 2));
 * console.log(y.shape); // [1, 3, 2]
 * ```
 */
export class LocalResponseNorm extends Module {
  readonly size: number;
  readonly alpha: number;
  readonly beta: number;
  readonly k: number;
  constructor(...args: ArgsOf<typeof LRN_SIG>) {
    super();
    const a = bind(LRN_B, args);
    this.size = a.size;
    this.alpha = a.alpha;
    this.beta = a.beta;
    this.k = a.k;
  }
  override forward(x: Tensor): Tensor {
    return F.localResponseNorm(x, this.size, this.alpha, this.beta, this.k);
  }
  override extraRepr(): string {
    return `${this.size}, alpha=${pyFloat(this.alpha)}, beta=${pyFloat(this.beta)}, k=${pyFloat(this.k)}`;
  }
}
