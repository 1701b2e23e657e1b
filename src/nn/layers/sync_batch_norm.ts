/**
 * nn.SyncBatchNorm as PyTorch runs it in one process: batch norm over
 * inputs of 2 or more dims (statistics over every dim but the channel's),
 * with BatchNorm's running statistics, momentum (null: cumulative average)
 * and eval mode. Statistics are synchronized only in training with an
 * initialized process group of more than one process on a GPU, where
 * PyTorch all-gathers them; on the CPU PyTorch refuses that case with its
 * error, as here, and the multi-process GPU reduction is not implemented
 * (a RuntimeError says so). `convertSyncBatchnorm` replaces every BatchNorm
 * of a module tree, sharing its parameters and buffers.
 */
import { opt, req } from "../../api/signature.ts";
import { RuntimeError } from "../../core/errors.ts";
import { getWorldSize, isInitialized, type ProcessGroup } from "../../distributed/process_group.ts";
import type { Tensor } from "../../torch/tensor.ts";
import { type ArgsOf, bind, binder, type Module } from "../module.ts";
import { checkInput } from "./check_input.ts";
import { FACTORY } from "./common.ts";
import { BatchNorm1d, BatchNorm2d, BatchNorm3d, BatchNormNd } from "./norm.ts";

const SBN = {
  pos: [
    req("numFeatures", "int"),
    opt("eps", "number", 1e-5),
    opt("momentum", "number", 0.1, { nullable: true }),
    opt("affine", "bool", true),
    opt("trackRunningStats", "bool", true),
    opt("processGroup", "any", null),
    ...FACTORY,
  ],
  kw: [opt("bias", "bool", true)],
} as const;
const SBN_B = binder("SyncBatchNorm", SBN);

/**
 * Batch normalization whose statistics would be synchronized across processes; in one process, BatchNorm over any
 * input of 2 or more dims.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../../mod.ts";
 * const bn = new nn.SyncBatchNorm(3);
 * assert.deepEqual(bn.forward(torch.randn(4, 3, 5)).shape, [4, 3, 5]);
 * const net = nn.SyncBatchNorm.convertSyncBatchnorm(new nn.Sequential(new nn.Conv2d(1, 3, 3), new nn.BatchNorm2d(3)));
 * assert.ok(net.children()[1] instanceof nn.SyncBatchNorm);
 * ```
 */
export class SyncBatchNorm extends BatchNormNd {
  /** The process group statistics are synchronized over (null: the default group). */
  processGroup: ProcessGroup | null;
  constructor(...args: ArgsOf<typeof SBN>) {
    const a = bind(SBN_B, args);
    super(a);
    this.processGroup = a.processGroup;
  }
  /** PyTorch's _check_input_dim (a ValueError there). */
  protected checkInputDim(x: Tensor): void {
    if (x.ndim < 2) throw new RangeError(`expected at least 2D input (got ${x.ndim}D input)`);
  }
  override forward(x: Tensor): Tensor {
    this.checkInputDim(checkInput(this, x));
    if (x.shape[1] === 0) throw new RangeError("SyncBatchNorm number of input channels should be non-zero");
    const bnTraining = this.training || (this.runningMean === null && this.runningVar === null);
    if (bnTraining && this.training && isInitialized()) {
      if (!x.device.startsWith("cuda")) {
        throw new RangeError("SyncBatchNorm expected input tensor to be on GPU or XPU or privateuseone");
      }
      if (getWorldSize(this.processGroup) > 1) {
        throw new RuntimeError("SyncBatchNorm: synchronizing statistics across processes is not implemented");
      }
    }
    return super.forward(x);
  }

  /**
   * Returns the module with every BatchNorm1d/2d/3d (the module itself, or any descendant) replaced by a
   * SyncBatchNorm with its options, sharing its parameters and buffers and keeping its training mode.
   */
  static convertSyncBatchnorm<M extends Module>(module: M, processGroup: ProcessGroup | null = null): M {
    let out: Module = module;
    // (PyTorch converts its _BatchNorm subclasses: the instance norms are not among them)
    if (module instanceof BatchNorm1d || module instanceof BatchNorm2d || module instanceof BatchNorm3d) {
      const s = new SyncBatchNorm(module.numFeatures, module.eps, module.momentum, module.affine, {
        trackRunningStats: module.trackRunningStats,
        processGroup,
        bias: module.bias !== null,
      });
      if (module.affine) {
        s.weight = module.weight;
        s.bias = module.bias;
      }
      s.runningMean = module.runningMean;
      s.runningVar = module.runningVar;
      s.numBatchesTracked = module.numBatchesTracked;
      s.training = module.training;
      out = s;
    }
    for (const [name, child] of module.namedChildren()) {
      const c = SyncBatchNorm.convertSyncBatchnorm(child, processGroup);
      if (c === child) continue;
      // a child held by a field is replaced in that field; containers' children by name
      const fields = module as unknown as Record<string, unknown>;
      const key = Object.keys(fields).find((k) => fields[k] === child);
      if (key !== undefined) fields[key] = c;
      else out.registerModule(name, c);
    }
    return out as M;
  }
}
