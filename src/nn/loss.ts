/**
 * Loss modules: forward(input, target) with reduction "none", "mean" or
 * "sum" (and PyTorch's legacy sizeAverage / reduce). Class weights and
 * posWeight are buffers, as PyTorch registers them.
 */
import { opt, type Sig } from "../api/signature.ts";
import type { Tensor } from "../torch/tensor.ts";
import { CTC_OPTIONS, functional as F, LEGACY, REDUCTION, TRIPLET_OPTIONS } from "./functional.ts";
import { type ArgsOf, bind, binder, Module } from "./module.ts";
import { PairwiseDistance } from "./layers/linear.ts";
import type { DistanceFunction } from "./loss_more.ts";
import { pyFloat } from "./repr.ts";

const W = opt("weight", "array", null);

/** The base of the losses: the reduction PyTorch's _Loss resolves from the legacy arguments. */
export abstract class Loss extends Module {
  readonly reduction: string;
  // deno-lint-ignore no-explicit-any
  protected readonly o: Record<string, any>;
  protected constructor(name: string, sig: Sig, args: readonly unknown[]) {
    super();
    const a = bind(binder(name, sig), args);
    if (a.sizeAverage != null || a.reduce != null) {
      const sa = a.sizeAverage ?? true, r = a.reduce ?? true;
      a.reduction = !r ? "none" : sa ? "mean" : "sum";
    }
    this.reduction = a.reduction;
    this.o = a;
    if ("weight" in a) this.registerBuffer("weight", a.weight);
    if ("posWeight" in a) this.registerBuffer("posWeight", a.posWeight);
  }
  /** The loss of input against target (then what the losses that take more take: a negative, a variance, lengths). */
  abstract override forward(input: Tensor, target: Tensor, ...more: unknown[]): Tensor;
}

/** The weight buffer (null when none). */
const weightOf = (m: Module): Tensor | null => (m as unknown as { weight: Tensor | null }).weight;

const MSE = { pos: [...LEGACY, REDUCTION], kw: [] } as const;
/** A loss with no options but its reduction, over F's f(input, target, { reduction }). */
function reductionLoss<const N extends string>(
  name: N,
  f: (input: Tensor, target: Tensor, o: { reduction: "mean" }) => Tensor,
) {
  const C = class extends Loss {
    constructor(...args: ArgsOf<typeof MSE>) {
      super(name, MSE, args);
    }
    forward(input: Tensor, target: Tensor): Tensor {
      return f(input, target, { reduction: this.reduction as "mean" });
    }
  };
  Object.defineProperty(C, "name", { value: name });
  return C;
}
/**
 * Mean squared error.
 *
 * @example
 * ```ts
 * import { nn, torch } from "../../mod.ts";
 * const loss = new nn.MSELoss({ reduction: "sum" });
 * const x = torch.tensor([1, 2], { dtype: "float32" });
 * console.log(loss.forward(x, torch.tensor([0, 0])).item()); // 5
 * ```
 */
export const MSELoss = reductionLoss("MSELoss", (x, t, o) => F.mseLoss(x, t, o));
/** Mean squared error. */
export type MSELoss = InstanceType<typeof MSELoss>;
/** Mean absolute error. */
export const L1Loss = reductionLoss("L1Loss", (x, t, o) => F.l1Loss(x, t, o));
/** Mean absolute error. */
export type L1Loss = InstanceType<typeof L1Loss>;

const SMOOTH = { pos: [...LEGACY, REDUCTION, opt("beta", "number", 1)], kw: [] } as const;
/** Squared error below beta, absolute error above. */
export class SmoothL1Loss extends Loss {
  constructor(...args: ArgsOf<typeof SMOOTH>) {
    super("SmoothL1Loss", SMOOTH, args);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.smoothL1Loss(input, target, { reduction: this.reduction as "mean", beta: this.o.beta });
  }
}

const HUBER = { pos: [REDUCTION, opt("delta", "number", 1)], kw: [] } as const;
/** Squared error below delta, delta-scaled absolute error above. */
export class HuberLoss extends Loss {
  constructor(...args: ArgsOf<typeof HUBER>) {
    super("HuberLoss", HUBER, args);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.huberLoss(input, target, { reduction: this.reduction as "mean", delta: this.o.delta });
  }
}

const CE = {
  pos: [W, LEGACY[0], opt("ignoreIndex", "int", -100), LEGACY[1], REDUCTION, opt("labelSmoothing", "number", 0)],
  kw: [],
} as const;
/**
 * Cross entropy of logits against class indices (weight, ignoreIndex) or
 * class probabilities, with label smoothing.
 *
 * @example
 * ```ts
 * import { nn, torch } from "../../mod.ts";
 * const loss = new nn.CrossEntropyLoss({ labelSmoothing: 0.1 });
 * const l = loss.forward(torch.randn(4, 10), torch.tensor([1, 0, 9, 3]));
 * console.log(l.shape); // []
 * ```
 */
export class CrossEntropyLoss extends Loss {
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;
  constructor(...args: ArgsOf<typeof CE>) {
    super("CrossEntropyLoss", CE, args);
    this.ignoreIndex = this.o.ignoreIndex;
    this.labelSmoothing = this.o.labelSmoothing;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.crossEntropy(input, target, weightOf(this), {
      ignoreIndex: this.ignoreIndex,
      reduction: this.reduction as "mean",
      labelSmoothing: this.labelSmoothing,
    });
  }
}

const NLL = { pos: [W, LEGACY[0], opt("ignoreIndex", "int", -100), LEGACY[1], REDUCTION], kw: [] } as const;
/** Negative log-likelihood of class indices under log-probabilities. */
export class NLLLoss extends Loss {
  readonly ignoreIndex: number;
  constructor(...args: ArgsOf<typeof NLL>) {
    super("NLLLoss", NLL, args);
    this.ignoreIndex = this.o.ignoreIndex;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.nllLoss(input, target, weightOf(this), {
      ignoreIndex: this.ignoreIndex,
      reduction: this.reduction as "mean",
    });
  }
}

const BCE = { pos: [W, ...LEGACY, REDUCTION], kw: [] } as const;
/** Binary cross entropy of probabilities. */
export class BCELoss extends Loss {
  constructor(...args: ArgsOf<typeof BCE>) {
    super("BCELoss", BCE, args);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropy(input, target, weightOf(this), { reduction: this.reduction as "mean" });
  }
}

const BCEL = { pos: [W, ...LEGACY, REDUCTION, opt("posWeight", "array", null)], kw: [] } as const;
/** Binary cross entropy of logits (sigmoid fused), with posWeight. */
export class BCEWithLogitsLoss extends Loss {
  constructor(...args: ArgsOf<typeof BCEL>) {
    super("BCEWithLogitsLoss", BCEL, args);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    const pw = (this as unknown as { posWeight: Tensor | null }).posWeight;
    return F.binaryCrossEntropyWithLogits(input, target, weightOf(this), {
      reduction: this.reduction as "mean",
      posWeight: pw,
    });
  }
}

const KL = {
  pos: [
    ...LEGACY,
    opt("reduction", "string", "mean", { choices: ["none", "mean", "sum", "batchmean"] }),
    opt("logTarget", "bool", false),
  ],
  kw: [],
} as const;
/** Kullback-Leibler divergence of log-probabilities from a target. */
export class KLDivLoss extends Loss {
  readonly logTarget: boolean;
  constructor(...args: ArgsOf<typeof KL>) {
    super("KLDivLoss", KL, args);
    this.logTarget = this.o.logTarget;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.klDiv(input, target, { reduction: this.reduction as "mean", logTarget: this.logTarget });
  }
}

const MARGIN = (m: number) => ({ pos: [opt("margin", "number", m), ...LEGACY, REDUCTION], kw: [] }) as const;
const MARGIN0 = MARGIN(0), MARGIN1 = MARGIN(1);
/** max(0, -target (input1 - input2) + margin): forward(input1, input2, target). */
export class MarginRankingLoss extends Loss {
  constructor(...args: ArgsOf<typeof MARGIN0>) {
    super("MarginRankingLoss", MARGIN0, args);
  }
  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.marginRankingLoss(input1, input2, target, this.o.margin, { reduction: this.reduction as "mean" });
  }
}

/** x where target is 1, max(0, margin - x) where it is -1. */
export class HingeEmbeddingLoss extends Loss {
  constructor(...args: ArgsOf<typeof MARGIN1>) {
    super("HingeEmbeddingLoss", MARGIN1, args);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.hingeEmbeddingLoss(input, target, this.o.margin, { reduction: this.reduction as "mean" });
  }
}

/** log(1 + exp(-target x)). */
export const SoftMarginLoss = reductionLoss("SoftMarginLoss", (x, t, o) => F.softMarginLoss(x, t, o));
/** log(1 + exp(-target x)). */
export type SoftMarginLoss = InstanceType<typeof SoftMarginLoss>;

/** 1 - cos where target is 1, max(0, cos - margin) where it is -1: forward(input1, input2, target). */
export class CosineEmbeddingLoss extends Loss {
  constructor(...args: ArgsOf<typeof MARGIN0>) {
    super("CosineEmbeddingLoss", MARGIN0, args);
  }
  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.cosineEmbeddingLoss(input1, input2, target, this.o.margin, { reduction: this.reduction as "mean" });
  }
}

const POISSON = {
  pos: [
    opt("logInput", "bool", true),
    opt("full", "bool", false),
    LEGACY[0],
    opt("eps", "number", 1e-8),
    LEGACY[1],
    REDUCTION,
  ],
  kw: [],
} as const;
/** Poisson negative log-likelihood (exp(x) - target x with logInput). */
export class PoissonNLLLoss extends Loss {
  constructor(...args: ArgsOf<typeof POISSON>) {
    super("PoissonNLLLoss", POISSON, args);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    const o = this.o;
    return F.poissonNllLoss(input, target, o.logInput, o.full, { eps: o.eps, reduction: this.reduction as "mean" });
  }
}

const GAUSSIAN = { pos: [], kw: [opt("full", "bool", false), opt("eps", "number", 1e-6), REDUCTION] } as const;
/** Gaussian negative log-likelihood: forward(input, target, var). */
export class GaussianNLLLoss extends Loss {
  constructor(...args: ArgsOf<typeof GAUSSIAN>) {
    super("GaussianNLLLoss", GAUSSIAN, args);
  }
  forward(input: Tensor, target: Tensor, variance: Tensor): Tensor {
    const o = this.o;
    return F.gaussianNllLoss(input, target, variance, o.full, o.eps, { reduction: this.reduction as "mean" });
  }
}

const TRIPLET = { pos: TRIPLET_OPTIONS, kw: [] } as const;
/** max(0, d(anchor, positive) - d(anchor, negative) + margin): forward(anchor, positive, negative). */
export class TripletMarginLoss extends Loss {
  constructor(...args: ArgsOf<typeof TRIPLET>) {
    super("TripletMarginLoss", TRIPLET, args);
  }
  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    const o = this.o;
    return F.tripletMarginLoss(anchor, positive, negative, o.margin, o.p, o.eps, o.swap, {
      reduction: this.reduction as "mean",
    });
  }
}

/** The mean over classes of per-class logistic losses (weight per class). */
export class MultiLabelSoftMarginLoss extends Loss {
  constructor(...args: ArgsOf<typeof BCE>) {
    super("MultiLabelSoftMarginLoss", BCE, args);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.multilabelSoftMarginLoss(input, target, weightOf(this), { reduction: this.reduction as "mean" });
  }
}

const CTC = { pos: CTC_OPTIONS, kw: [] } as const;
/**
 * Connectionist temporal classification loss: forward(logProbs, targets, inputLengths, targetLengths), logProbs
 * (T, N, C) or (T, C) from a logSoftmax, targets padded (N, S) or concatenated, lengths as tensors or integer lists.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const loss = new nn.CTCLoss({ zeroInfinity: true });
 * const logProbs = torch.randn(12, 2, 5).logSoftmax(2).requiresGrad_();
 * const l = loss.forward(logProbs, torch.tensor([[1, 2, 2], [3, 4, 0]]), [12, 10], [3, 2]);
 * l.backward();
 * assert.deepEqual(logProbs.grad!.shape, [12, 2, 5]);
 * assert.equal(String(loss), "CTCLoss()");
 * ```
 */
export class CTCLoss extends Loss {
  readonly blank: number;
  readonly zeroInfinity: boolean;
  constructor(...args: ArgsOf<typeof CTC>) {
    super("CTCLoss", CTC, args);
    this.blank = this.o.blank;
    this.zeroInfinity = this.o.zeroInfinity;
  }
  forward(
    logProbs: Tensor,
    targets: Tensor,
    inputLengths: Tensor | readonly number[],
    targetLengths: Tensor | readonly number[],
  ): Tensor {
    const o = { reduction: this.reduction as "mean", zeroInfinity: this.zeroInfinity };
    // (one overload per kind of lengths, as PyTorch's)
    return Array.isArray(inputLengths)
      ? F.ctcLoss(logProbs, targets, inputLengths, targetLengths as readonly number[], this.blank, o)
      : F.ctcLoss(logProbs, targets, inputLengths as Tensor, targetLengths as Tensor, this.blank, o);
  }
}

const MULTI_MARGIN = {
  pos: [opt("p", "number", 1), opt("margin", "number", 1), W, ...LEGACY, REDUCTION],
  kw: [],
} as const;
/**
 * The multi-class hinge loss: forward(input, target), per sample the sum over classes d != target of
 * max(0, margin - x[target] + x[d])^p (p 1 or 2, times weight[target]) over the class count.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const loss = new nn.MultiMarginLoss({ margin: 0.5 });
 * const l = loss.forward(torch.tensor([[0.1, 0.2, 0.4, 0.8]]), torch.tensor([3]));
 * assert.ok(Math.abs((l.item() as number) - 0.025) < 1e-6);
 * ```
 */
export class MultiMarginLoss extends Loss {
  readonly p: number;
  readonly margin: number;
  constructor(...args: ArgsOf<typeof MULTI_MARGIN>) {
    super("MultiMarginLoss", MULTI_MARGIN, args);
    this.p = this.o.p;
    this.margin = this.o.margin;
    if (this.p !== 1 && this.p !== 2) throw new RangeError("only p == 1 and p == 2 supported");
    const w = weightOf(this);
    if (w && w.ndim !== 1) {
      throw new RangeError(`MultiMarginLoss: expected weight to be None or 1D tensor, got ${w.ndim}D instead`);
    }
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.multiMarginLoss(input, target, this.p, this.margin, weightOf(this), {
      reduction: this.reduction as "mean",
    });
  }
}

/** The multi-label hinge loss: forward(input, target), target's leading class indices ended by -1. */
export const MultiLabelMarginLoss = reductionLoss("MultiLabelMarginLoss", (x, t, o) => F.multilabelMarginLoss(x, t, o));
/** The multi-label hinge loss: forward(input, target), target's leading class indices ended by -1. */
export type MultiLabelMarginLoss = InstanceType<typeof MultiLabelMarginLoss>;

const TRIPLET_DISTANCE = {
  pos: [],
  kw: [opt("distanceFunction", "any", null), opt("margin", "number", 1), opt("swap", "bool", false), REDUCTION],
} as const;
/**
 * max(0, margin + d(anchor, positive) - d(anchor, negative)) for a distance d: a function or a module (by default
 * an nn.PairwiseDistance, registered as the child distance_function as PyTorch's); forward(anchor, positive,
 * negative).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const cosine = (a: torch.Tensor, b: torch.Tensor) => nn.F.cosineSimilarity(a, b).neg().add(1);
 * const loss = new nn.TripletMarginWithDistanceLoss({ distanceFunction: cosine, margin: 0.5 });
 * const [a, p, n] = [torch.randn(4, 8), torch.randn(4, 8), torch.randn(4, 8)];
 * assert.deepEqual(loss.forward(a, p, n).shape, []);
 * assert.equal(String(new nn.TripletMarginWithDistanceLoss()), "TripletMarginWithDistanceLoss(\n  (distance_function): PairwiseDistance()\n)");
 * ```
 */
export class TripletMarginWithDistanceLoss extends Loss {
  readonly distanceFunction: DistanceFunction | Module;
  readonly margin: number;
  readonly swap: boolean;
  constructor(...args: ArgsOf<typeof TRIPLET_DISTANCE>) {
    super("TripletMarginWithDistanceLoss", TRIPLET_DISTANCE, args);
    const d = this.o.distanceFunction;
    if (d !== null && typeof d !== "function" && !(d instanceof Module)) {
      throw new TypeError("TripletMarginWithDistanceLoss(): distanceFunction must be a function, a Module or null");
    }
    this.margin = this.o.margin;
    this.swap = this.o.swap;
    if (this.margin <= 0) {
      throw new RangeError(
        `TripletMarginWithDistanceLoss: expected margin to be greater than 0, got ${pyFloat(this.margin)} instead`,
      );
    }
    this.distanceFunction = d ?? new PairwiseDistance();
  }
  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    const d = this.distanceFunction;
    return F.tripletMarginWithDistanceLoss(anchor, positive, negative, {
      distanceFunction: d instanceof Module ? (x1: Tensor, x2: Tensor): Tensor => d.forward(x1, x2) : d,
      margin: this.margin,
      swap: this.swap,
      reduction: this.reduction as "mean",
    });
  }
}

let nllLoss2dWarned = false;
/** PyTorch's deprecated NLLLoss2d: NLLLoss itself (the first construction warns, as PyTorch's FutureWarning). */
export class NLLLoss2d extends NLLLoss {
  constructor(...args: ArgsOf<typeof NLL>) {
    if (!nllLoss2dWarned) {
      nllLoss2dWarned = true;
      console.warn(
        "FutureWarning: `NLLLoss2d` has been deprecated. Please use `NLLLoss` instead as a drop-in replacement and " +
          "see https://pytorch.org/docs/main/nn.html#torch.nn.NLLLoss for more details.",
      );
    }
    super(...args);
  }
}
