/**
 * `optim`: PyTorch's torch.optim for dendrite tensors. Optimizers take an
 * iterable of parameters (tensors with requiresGrad, [name, tensor] pairs)
 * or of param-group records, then PyTorch's positional arguments and an
 * options object for its keyword arguments; `optim.lrScheduler` has the
 * schedulers. Also reachable as `torch.optim` once this module is loaded
 * (dendrite's mod.ts loads it): optim sits above torch, so torch names its
 * type only and this module connects it, as src/data does for torch.utils.
 *
 * @example
 * ```ts
 * import { optim, torch } from "../../mod.ts";
 * const w = torch.randn(3, { requiresGrad: true });
 * const opt = new optim.SGD([w], { lr: 0.1, momentum: 0.9 });
 * const sched = new optim.lrScheduler.StepLR(opt, 10, { gamma: 0.5 });
 * for (let i = 0; i < 20; i++) {
 *   torch.tidy(() => {
 *     opt.zeroGrad();
 *     w.pow(2).sum().backward();
 *     opt.step();
 *   });
 *   sched.step();
 * }
 * console.log(opt.paramGroups[0].lr); // 0.025
 * ```
 * @module
 */
import { OPTIM_BRIDGE } from "../torch/mod.ts";
import { Adadelta, Adagrad, RMSprop } from "./adaptive.ts";
import { Adam, Adamax, AdamW, NAdam, RAdam } from "./adam.ts";
import { Adafactor } from "./adafactor.ts";
import { ASGD } from "./asgd.ts";
import { Muon } from "./muon.ts";
import { Rprop } from "./rprop.ts";
import * as swaUtils from "./swa_utils.ts";
import { clipGradNorm_, clipGradValue_, parametersToVector, vectorToParameters } from "./grad_utils.ts";
import { LBFGS } from "./lbfgs.ts";
import * as lrScheduler from "./lr_scheduler.ts";
import { Optimizer } from "./optimizer.ts";
import { SGD } from "./sgd.ts";

export type { OptimizerStateDict, ParamGroup, ParamGroupInput, Params } from "./optimizer.ts";
export type { SGDGroup, SGDOptions } from "./sgd.ts";
export type { AdamaxOptions, AdamGroup, AdamOptions, AdamWOptions, NAdamOptions, RAdamOptions } from "./adam.ts";
export type { AdadeltaOptions, AdagradOptions, RMSpropOptions } from "./adaptive.ts";
export type { LBFGSOptions } from "./lbfgs.ts";
export type { ASGDOptions } from "./asgd.ts";
export type { RpropOptions } from "./rprop.ts";
export type { AdafactorOptions } from "./adafactor.ts";
export type { MuonOptions } from "./muon.ts";
export type { TensorOrTensors } from "./grad_utils.ts";
export {
  Adadelta,
  Adafactor,
  Adagrad,
  Adam,
  Adamax,
  AdamW,
  ASGD,
  clipGradNorm_,
  clipGradValue_,
  LBFGS,
  lrScheduler,
  Muon,
  NAdam,
  Optimizer,
  parametersToVector,
  RAdam,
  RMSprop,
  Rprop,
  SGD,
  swaUtils,
  vectorToParameters,
};

/** The `optim` namespace: optimizers, `lrScheduler`, and the gradient helpers nn.utils re-exports. */
export const optim: {
  Optimizer: typeof Optimizer;
  SGD: typeof SGD;
  Adam: typeof Adam;
  AdamW: typeof AdamW;
  Adamax: typeof Adamax;
  NAdam: typeof NAdam;
  RAdam: typeof RAdam;
  Adagrad: typeof Adagrad;
  RMSprop: typeof RMSprop;
  Adadelta: typeof Adadelta;
  LBFGS: typeof LBFGS;
  ASGD: typeof ASGD;
  Rprop: typeof Rprop;
  Adafactor: typeof Adafactor;
  Muon: typeof Muon;
  lrScheduler: typeof lrScheduler;
  swaUtils: typeof swaUtils;
  clipGradNorm_: typeof clipGradNorm_;
  clipGradValue_: typeof clipGradValue_;
  parametersToVector: typeof parametersToVector;
  vectorToParameters: typeof vectorToParameters;
} = {
  Optimizer,
  SGD,
  Adam,
  AdamW,
  Adamax,
  NAdam,
  RAdam,
  Adagrad,
  RMSprop,
  Adadelta,
  LBFGS,
  ASGD,
  Rprop,
  Adafactor,
  Muon,
  lrScheduler,
  swaUtils,
  clipGradNorm_,
  clipGradValue_,
  parametersToVector,
  vectorToParameters,
};

/**
 * optim's types: `optim.Optimizer`, `optim.SGD`, ... as types.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, optim } from "../../mod.ts";
 * const opt: optim.SGD = new optim.SGD(new nn.Linear(2, 1).parameters(), { lr: 0.1 });
 * const sched: optim.lrScheduler.StepLR = new optim.lrScheduler.StepLR(opt, 1, { gamma: 0.5 });
 * sched.step();
 * assert.equal(opt.paramGroups[0].lr, 0.05);
 * ```
 */
export declare namespace optim {
  /** The type of `Optimizer` values (./optimizer.ts). */
  export type Optimizer = import("./optimizer.ts").Optimizer;
  /** The type of `SGD` values (./sgd.ts). */
  export type SGD = import("./sgd.ts").SGD;
  /** The type of `Adam` values (./adam.ts). */
  export type Adam = import("./adam.ts").Adam;
  /** The type of `AdamW` values (./adam.ts). */
  export type AdamW = import("./adam.ts").AdamW;
  /** The type of `Adamax` values (./adam.ts). */
  export type Adamax = import("./adam.ts").Adamax;
  /** The type of `NAdam` values (./adam.ts). */
  export type NAdam = import("./adam.ts").NAdam;
  /** The type of `RAdam` values (./adam.ts). */
  export type RAdam = import("./adam.ts").RAdam;
  /** The type of `Adagrad` values (./adaptive.ts). */
  export type Adagrad = import("./adaptive.ts").Adagrad;
  /** The type of `RMSprop` values (./adaptive.ts). */
  export type RMSprop = import("./adaptive.ts").RMSprop;
  /** The type of `Adadelta` values (./adaptive.ts). */
  export type Adadelta = import("./adaptive.ts").Adadelta;
  /** The type of `LBFGS` values (./lbfgs.ts). */
  export type LBFGS = import("./lbfgs.ts").LBFGS;
  /** The type of `ASGD` values (./asgd.ts). */
  export type ASGD = import("./asgd.ts").ASGD;
  /** The type of `Rprop` values (./rprop.ts). */
  export type Rprop = import("./rprop.ts").Rprop;
  /** The type of `Adafactor` values (./adafactor.ts). */
  export type Adafactor = import("./adafactor.ts").Adafactor;
  /** The type of `Muon` values (./muon.ts). */
  export type Muon = import("./muon.ts").Muon;
  /** The type of `StateDict` values (./optimizer.ts). */
  export type StateDict = import("./optimizer.ts").OptimizerStateDict;
  /** The type of `ParamGroup` values (./optimizer.ts). */
  export type ParamGroup = import("./optimizer.ts").ParamGroup;
  /** The type of `Params` values (./optimizer.ts). */
  export type Params = import("./optimizer.ts").Params;
  /** The type of `LRScheduler` values (./lr_scheduler.ts). */
  export type LRScheduler = import("./lr_scheduler.ts").LRScheduler;
  /** swaUtils' scheduler as a type: `optim.swaUtils.SWALR`. */
  export namespace swaUtils {
    /** The type of `SWALR` values (./swa_utils.ts). */
    export type SWALR = import("./swa_utils.ts").SWALR;
  }
  /** The schedulers as types: `optim.lrScheduler.StepLR`. */
  export namespace lrScheduler {
    /** The type of `LRScheduler` values (./lr_scheduler.ts). */
    export type LRScheduler = import("./lr_scheduler.ts").LRScheduler;
    /** The type of `LambdaLR` values (./lr_scheduler.ts). */
    export type LambdaLR = import("./lr_scheduler.ts").LambdaLR;
    /** The type of `MultiplicativeLR` values (./lr_scheduler.ts). */
    export type MultiplicativeLR = import("./lr_scheduler.ts").MultiplicativeLR;
    /** The type of `StepLR` values (./lr_scheduler.ts). */
    export type StepLR = import("./lr_scheduler.ts").StepLR;
    /** The type of `MultiStepLR` values (./lr_scheduler.ts). */
    export type MultiStepLR = import("./lr_scheduler.ts").MultiStepLR;
    /** The type of `ExponentialLR` values (./lr_scheduler.ts). */
    export type ExponentialLR = import("./lr_scheduler.ts").ExponentialLR;
    /** The type of `ConstantLR` values (./lr_scheduler.ts). */
    export type ConstantLR = import("./lr_scheduler.ts").ConstantLR;
    /** The type of `LinearLR` values (./lr_scheduler.ts). */
    export type LinearLR = import("./lr_scheduler.ts").LinearLR;
    /** The type of `PolynomialLR` values (./lr_scheduler.ts). */
    export type PolynomialLR = import("./lr_scheduler.ts").PolynomialLR;
    /** The type of `CosineAnnealingLR` values (./lr_scheduler.ts). */
    export type CosineAnnealingLR = import("./lr_scheduler.ts").CosineAnnealingLR;
    /** The type of `SequentialLR` values (./lr_scheduler.ts). */
    export type SequentialLR = import("./lr_scheduler.ts").SequentialLR;
    /** The type of `ChainedScheduler` values (./lr_scheduler.ts). */
    export type ChainedScheduler = import("./lr_scheduler.ts").ChainedScheduler;
    /** The type of `OneCycleLR` values (./lr_scheduler.ts). */
    export type OneCycleLR = import("./lr_scheduler.ts").OneCycleLR;
    /** The type of `ReduceLROnPlateau` values (./lr_scheduler.ts). */
    export type ReduceLROnPlateau = import("./lr_scheduler.ts").ReduceLROnPlateau;
  }
}

OPTIM_BRIDGE.optim = optim;
