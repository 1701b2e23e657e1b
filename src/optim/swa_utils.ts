/**
 * torch.optim.swa_utils: stochastic weight averaging and exponential
 * moving averages of a model's weights (AveragedModel and the averaging
 * functions), the SWA learning-rate schedule (SWALR), and `updateBn`,
 * which recomputes batch-norm statistics for averaged weights.
 *
 * AveragedModel is an nn.Module: optim imports nn's Module here (nn needs
 * only optim's gradient helpers, never this file), as PyTorch's swa_utils
 * imports torch.nn.
 */
import { Binder, type Forms, opt, req } from "../api/signature.ts";
import { withGradMode } from "../autograd/grad_mode.ts";
import { isFloat } from "../core/dtype.ts";
import { fmtValue, RuntimeError } from "../core/errors.ts";
import { Module } from "../nn/module.ts";
import { BatchNormNd, InstanceNormNd } from "../nn/layers/norm.ts";
import { deepcopy } from "../nn/layers/transformer.ts";
import { torch } from "../torch/mod.ts";
import { Tensor } from "../torch/tensor.ts";
import { checkOptimizer, LRScheduler, perGroup } from "./lr_scheduler.ts";
import { check, CONV, type Optimizer } from "./optimizer.ts";

/** The averaged-so-far count an averaging function receives: AveragedModel passes its `nAveraged` buffer (int64). */
export type NumAveraged = Tensor | number;
/** Averages one tensor: returns the new average of `averaged` and `current` (PyTorch's `avg_fn`). */
export type AvgFn = (averaged: Tensor, current: Tensor, numAveraged: NumAveraged) => Tensor;
/** Averages lists of tensors in place (PyTorch's `multi_avg_fn`). */
export type MultiAvgFn = (averaged: Tensor[], current: Tensor[], numAveraged: NumAveraged) => void;

const count = (n: NumAveraged): number => (n instanceof Tensor ? Number(n.item()) : n);

/** `getEmaMultiAvgFn` and `getEmaAvgFn`'s signature: `decay`, also as `{ decay }`. */
export const EMA_SIG = { pos: [opt("decay", "number", 0.999)], kw: [] } as const;
const EMA_BINDERS = {
  getEmaMultiAvgFn: new Binder("getEmaMultiAvgFn", EMA_SIG),
  getEmaAvgFn: new Binder("getEmaAvgFn", EMA_SIG),
};

/** An EMA factory's decay, bound from its arguments and checked in [0, 1] as PyTorch's. */
function emaDecay(fn: keyof typeof EMA_BINDERS, args: unknown[]): number {
  const { decay } = EMA_BINDERS[fn].bind(args as Forms<typeof EMA_SIG, Tensor, Tensor>, CONV);
  check(
    decay >= 0.0 && decay <= 1.0,
    `Invalid decay value ${decay} provided. Please provide a value in [0,1] range.`,
  );
  return decay;
}

/**
 * An averaging function's arguments (PyTorch's inner `ema_update` / `swa_update`): lists of tensors of one length
 * (one tensor each for the single-tensor forms) and a count that is a number or a tensor, so junk is a TypeError
 * naming the function rather than a NaN average or a property read off undefined.
 */
function checkUpdate(fn: string, averaged: unknown, current: unknown, numAveraged: unknown): void {
  for (const [name, v] of [["averaged", averaged], ["current", current]] as const) {
    if (!Array.isArray(v) || !v.every((t) => t instanceof Tensor)) {
      const shown = Array.isArray(v) && v.length === 1 ? v[0] : v;
      throw new TypeError(
        `${fn}(): ${name} must be a Tensor (a list of Tensors for the multi forms), not ${fmtValue(shown)}`,
      );
    }
  }
  if ((averaged as Tensor[]).length !== (current as Tensor[]).length) {
    throw new RuntimeError(
      `${fn}(): Tensor lists must have the same number of tensors, got ${(averaged as Tensor[]).length} and ${
        (current as Tensor[]).length
      }`,
    );
  }
  if (!(typeof numAveraged === "number" || numAveraged instanceof Tensor)) {
    throw new TypeError(`${fn}(): numAveraged must be a number or a Tensor, not ${fmtValue(numAveraged)}`);
  }
}

/**
 * The EMA update of lists of tensors, in place: `ema = lerp(ema, current, 1 - decay)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { optim, torch } from "../../mod.ts";
 * const ema = [torch.zeros([2])];
 * optim.swaUtils.getEmaMultiAvgFn(0.75)(ema, [torch.ones([2])], 1);
 * assert.deepEqual(ema[0].tolist(), [0.25, 0.25]);
 * ```
 */
export function getEmaMultiAvgFn(...args: Forms<typeof EMA_SIG, Tensor, Tensor>): MultiAvgFn {
  const decay = emaDecay("getEmaMultiAvgFn", args);
  return (ema, current) =>
    withGradMode(false, () => {
      // (the EMA ignores the count, as PyTorch's ema_update)
      checkUpdate("ema_update", ema, current, 0);
      if (ema.length === 0) return;
      if (isFloat(ema[0].dtype)) ema.forEach((e, i) => e.lerp_(current[i], 1 - decay));
      else ema.forEach((e, i) => e.copy_(e.mul(decay).add(current[i].mul(1 - decay))));
    });
}

/**
 * The SWA update of lists of tensors, in place: the running mean
 * `averaged += (current - averaged) / (numAveraged + 1)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { optim, torch } from "../../mod.ts";
 * const avg = [torch.zeros([2])];
 * optim.swaUtils.getSwaMultiAvgFn()(avg, [torch.full([2], 3)], 2);
 * assert.deepEqual(avg[0].tolist(), [1, 1]);
 * ```
 */
export function getSwaMultiAvgFn(): MultiAvgFn {
  return (averaged, current, numAveraged) =>
    withGradMode(false, () => {
      checkUpdate("swa_update", averaged, current, numAveraged);
      if (averaged.length === 0) return;
      if (isFloat(averaged[0].dtype)) {
        // PyTorch's weight is 1 / (n_averaged + 1) with n_averaged an int64 tensor: a float32 0-d tensor
        const w = numAveraged instanceof Tensor ? Math.fround(1 / (count(numAveraged) + 1)) : 1 / (numAveraged + 1);
        averaged.forEach((a, i) => a.lerp_(current[i], w));
      } else {
        averaged.forEach((a, i) => {
          const diff = current[i].sub(a);
          if (numAveraged instanceof Tensor) a.addcdiv_(diff, numAveraged.add(1));
          else a.add_(diff, { alpha: 1.0 / (numAveraged + 1) });
        });
      }
    });
}

/**
 * The EMA of one tensor: returns `decay * ema + (1 - decay) * current`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { optim, torch } from "../../mod.ts";
 * const ema = optim.swaUtils.getEmaAvgFn({ decay: 0.5 })(torch.zeros([2]), torch.ones([2]), 1);
 * assert.deepEqual(ema.tolist(), [0.5, 0.5]);
 * ```
 */
export function getEmaAvgFn(...args: Forms<typeof EMA_SIG, Tensor, Tensor>): AvgFn {
  const decay = emaDecay("getEmaAvgFn", args);
  return (ema, current) =>
    withGradMode(false, () => {
      checkUpdate("ema_update", [ema], [current], 0);
      return ema.mul(decay).add(current.mul(1 - decay));
    });
}

/**
 * The SWA running mean of one tensor: returns `averaged + (current - averaged) / (numAveraged + 1)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { optim, torch } from "../../mod.ts";
 * const avg = optim.swaUtils.getSwaAvgFn()(torch.zeros([2]), torch.full([2], 3), 2);
 * assert.deepEqual(avg.tolist(), [1, 1]);
 * ```
 */
export function getSwaAvgFn(): AvgFn {
  return (averaged, current, numAveraged) =>
    withGradMode(false, () => {
      checkUpdate("swa_update", [averaged], [current], numAveraged);
      const n = numAveraged instanceof Tensor ? numAveraged.add(1) : numAveraged + 1;
      return averaged.add(current.sub(averaged).div(n));
    });
}

/** `AveragedModel`'s signature. */
export const AVERAGED_MODEL_SIG = {
  pos: [
    req("model", "any"),
    opt("device", "any", null),
    opt("avgFn", "any", null),
    opt("multiAvgFn", "any", null),
    opt("useBuffers", "bool", false),
  ],
  kw: [],
} as const;
const AVERAGED = new Binder("AveragedModel", AVERAGED_MODEL_SIG);

function checkFn(name: string, f: unknown): void {
  if (f !== null && typeof f !== "function") throw new TypeError(`AveragedModel: ${name} must be a function or null`);
}

/**
 * A copy of `model` whose parameters (and, with `useBuffers`, buffers)
 * hold an average of the weights `updateParameters` is given: SWA (the
 * running mean, the default), or any `avgFn` / `multiAvgFn` (an EMA from
 * `getEmaMultiAvgFn`). `nAveraged` counts the updates; forward runs the
 * averaged copy. Without `useBuffers` the buffers are copied from the
 * model at each update (run `updateBn` for batch-norm statistics).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, optim, torch } from "../../mod.ts";
 * const model = new nn.Linear(2, 1);
 * const swa = new optim.swaUtils.AveragedModel(model);
 * torch.nn.init.constant_(model.weight, 1);
 * swa.updateParameters(model);
 * torch.nn.init.constant_(model.weight, 3);
 * swa.updateParameters(model);
 * assert.deepEqual((swa.module as nn.Linear).weight.tolist(), [[2, 2]]);
 * assert.equal(swa.nAveraged.item(), 2);
 * ```
 */
export class AveragedModel extends Module {
  /** The averaged copy of the model. */
  module: Module;
  /** The per-tensor averaging function, or null. */
  avgFn: AvgFn | null;
  /** The in-place list averaging function, or null (SWA's running mean when both are null). */
  multiAvgFn: MultiAvgFn | null;
  /** Whether buffers are averaged too (else copied from the model at each update). */
  useBuffers: boolean;
  /** How many times `updateParameters` has run (an int64 buffer, saved as `n_averaged`). */
  declare nAveraged: Tensor;

  /** `new AveragedModel(model, device?, avgFn?, multiAvgFn?, useBuffers?)`. */
  constructor(...args: Forms<typeof AVERAGED_MODEL_SIG, Tensor, Tensor>) {
    const a = AVERAGED.bind(args, CONV);
    super();
    if (!(a.model instanceof Module)) throw new TypeError("AveragedModel: model must be an nn.Module");
    checkFn("avgFn", a.avgFn);
    checkFn("multiAvgFn", a.multiAvgFn);
    if (a.avgFn !== null && a.multiAvgFn !== null) {
      throw new RuntimeError("Only one of avg_fn and multi_avg_fn should be provided");
    }
    const device = a.device === null ? null : String(a.device);
    this.module = deepcopy(a.model, new Map());
    if (device !== null) this.module = this.module.to(device);
    this.registerBuffer("nAveraged", torch.tensor(0, { dtype: "int64", ...(device !== null ? { device } : {}) }));
    this.avgFn = a.avgFn as AvgFn | null;
    this.multiAvgFn = a.multiAvgFn as MultiAvgFn | null;
    this.useBuffers = a.useBuffers;
  }

  /** Runs the averaged copy. */
  // deno-lint-ignore no-explicit-any
  override forward(...args: any[]): any {
    return this.module.forward(...args);
  }

  /** Averages `model`'s current weights into this copy (the first call copies them). */
  updateParameters(model: Module): void {
    if (!(model instanceof Module)) throw new TypeError("AveragedModel.updateParameters: model must be an nn.Module");
    const mine = this.useBuffers ? [...this.module.parameters(), ...this.module.buffers()] : this.parameters();
    const theirs = this.useBuffers ? [...model.parameters(), ...model.buffers()] : model.parameters();
    const n = Number(this.nAveraged.item());
    withGradMode(false, () => {
      const selfDetached: Tensor[] = [], modelDetached: Tensor[] = [];
      // zip stops at the shorter list, as PyTorch's zip(strict=False)
      for (let i = 0; i < Math.min(mine.length, theirs.length); i++) {
        const pModel = theirs[i].detach().to(mine[i].device);
        selfDetached.push(mine[i].detach());
        modelDetached.push(pModel);
        if (n === 0) mine[i].detach().copy_(pModel);
      }
      if (n > 0) {
        if (this.multiAvgFn !== null || this.avgFn === null) {
          for (const [device, [ps, ms]] of groupByDeviceAndDtype(selfDetached, modelDetached)) {
            const count = this.nAveraged.to(device);
            if (this.multiAvgFn !== null) this.multiAvgFn(ps, ms, count);
            // as PyTorch: the list update only where it has foreach kernels (CUDA), else tensor by tensor
            else if (device.startsWith("cuda")) getSwaMultiAvgFn()(ps, ms, count);
            else ps.forEach((p, i) => p.copy_(getSwaAvgFn()(p, ms[i], count)));
          }
        } else {
          selfDetached.forEach((p, i) => p.copy_(this.avgFn!(p, modelDetached[i], this.nAveraged.to(p.device))));
        }
      }
      if (!this.useBuffers) {
        const bs = this.module.buffers(), mbs = model.buffers();
        if (bs.length !== mbs.length) {
          throw new RangeError(
            `AveragedModel.updateParameters: the model has ${mbs.length} buffers, the averaged copy ${bs.length}`,
          );
        }
        bs.forEach((b, i) => b.detach().copy_(mbs[i].detach().to(b.device)));
      }
      this.nAveraged.add_(1);
    });
  }
}

/** PyTorch's _group_tensors_by_device_and_dtype: pairs of lists keyed by the first list's device and dtype, in order. */
function groupByDeviceAndDtype(a: Tensor[], b: Tensor[]): [string, [Tensor[], Tensor[]]][] {
  const groups = new Map<string, [string, [Tensor[], Tensor[]]]>();
  a.forEach((t, i) => {
    const key = `${t.device}|${t.dtype}`;
    if (!groups.has(key)) groups.set(key, [t.device, [[], []]]);
    const [, [xs, ys]] = groups.get(key)!;
    xs.push(t);
    ys.push(b[i]);
  });
  return [...groups.values()];
}

/** `updateBn`'s signature. */
export const UPDATE_BN_SIG = {
  pos: [req("loader", "any"), req("model", "any"), opt("device", "any", null)],
  kw: [],
} as const;
const UPDATE_BN = new Binder("updateBn", UPDATE_BN_SIG);

/**
 * Recomputes the running statistics of every batch-norm layer of `model`
 * (BatchNorm1d/2d/3d, SyncBatchNorm) over one pass of `loader` (an
 * iterable of batches; a batch that is an array contributes its first
 * element), as a cumulative average (momentum null while it runs), with
 * gradients off; the training mode and momenta are restored after.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, optim, torch } from "../../mod.ts";
 * const bn = new nn.BatchNorm1d(1);
 * const batches = [[[1], [3]], [[5], [7]]].map((b) => torch.tensor(b, { dtype: "float32" }));
 * optim.swaUtils.updateBn(batches, bn);
 * assert.deepEqual(bn.runningMean!.tolist(), [4]);
 * assert.equal(bn.momentum, 0.1);
 * ```
 */
export function updateBn(...args: Forms<typeof UPDATE_BN_SIG, Tensor, Tensor>): void {
  const { loader, model, device } = UPDATE_BN.bind(args, CONV);
  if (!(model instanceof Module)) throw new TypeError("updateBn: model must be an nn.Module");
  if (loader == null || typeof (loader as Iterable<unknown>)[Symbol.iterator] !== "function") {
    throw new TypeError("updateBn: loader must be an iterable of batches");
  }
  const momenta = new Map<BatchNormNd, number | null>();
  for (const m of model.modules()) {
    // PyTorch's _BatchNorm: instance norms are not batch norms there
    if (m instanceof BatchNormNd && !(m instanceof InstanceNormNd)) {
      m.resetRunningStats();
      momenta.set(m, m.momentum);
    }
  }
  if (momenta.size === 0) return;
  const wasTraining = model.training;
  model.train();
  for (const m of momenta.keys()) m.momentum = null;
  try {
    withGradMode(false, () => {
      for (let input of loader as Iterable<unknown>) {
        if (Array.isArray(input)) {
          if (input.length === 0) throw new RangeError("updateBn: a batch is an empty list (list index out of range)");
          input = input[0];
        }
        if (device !== null) input = (input as Tensor).to(String(device));
        torch.tidy(() => {
          model.forward(input);
        });
      }
    });
  } finally {
    for (const [m, momentum] of momenta) m.momentum = momentum;
    model.train(wasTraining);
  }
}

/** `SWALR`'s signature (after the optimizer). */
export const SWALR_SIG = {
  pos: [
    req("swaLr", "any"),
    opt("annealEpochs", "int", 10),
    opt("annealStrategy", "string", "cos"),
    opt("lastEpoch", "int", -1),
  ],
  kw: [],
} as const;
const SWALR_BINDER = new Binder("SWALR", SWALR_SIG);

/**
 * The SWA schedule: each group's lr anneals from its current value to its
 * `swaLr` over `annealEpochs` steps ("cos" or "linear"), then stays
 * there. `swaLr` is one number or one per group (stored as the groups'
 * `swaLr`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { optim, torch } from "../../mod.ts";
 * const opt = new optim.SGD([torch.zeros([1], { requiresGrad: true })], { lr: 1.0 });
 * const sched = new optim.swaUtils.SWALR(opt, 0.1, { annealEpochs: 2, annealStrategy: "linear" });
 * sched.step();
 * sched.step();
 * assert.ok(Math.abs(opt.paramGroups[0].lr - 0.1) < 1e-12);
 * ```
 */
export class SWALR extends LRScheduler {
  /** Steps over which the lr anneals to swaLr. */
  annealEpochs: number;
  /** "cos" or "linear" (PyTorch's `_anneal_strategy`). */
  _annealStrategy: "cos" | "linear";

  /** `new SWALR(optimizer, swaLr, annealEpochs?, annealStrategy?, lastEpoch?)`. */
  constructor(optimizer: Optimizer, ...args: Forms<typeof SWALR_SIG, Tensor, Tensor>) {
    const a = SWALR_BINDER.bind(args, CONV);
    checkOptimizer("SWALR", optimizer);
    const swaLrs = perGroup("swa_lr", optimizer, a.swaLr);
    optimizer.paramGroups.forEach((g, i) => (g.swaLr = swaLrs[i]));
    check(
      a.annealStrategy === "cos" || a.annealStrategy === "linear",
      `anneal_strategy must be one of 'cos' or 'linear', instead got ${a.annealStrategy}`,
    );
    check(a.annealEpochs >= 0, `anneal_epochs must be equal or greater than 0, got ${a.annealEpochs}`);
    super(optimizer, a.lastEpoch);
    this.annealEpochs = a.annealEpochs;
    this._annealStrategy = a.annealStrategy as "cos" | "linear";
    this.initialStep();
  }

  #anneal(t: number): number {
    return this._annealStrategy === "cos" ? (1 - Math.cos(Math.PI * t)) / 2 : t;
  }

  /** Each group's lr moved toward its swaLr by the annealing fraction of this step (from the previous one). */
  getLr(): number[] {
    let step = this._stepCount - 1;
    if (this.annealEpochs === 0) step = Math.max(1, step);
    const span = Math.max(1, this.annealEpochs);
    const prevAlpha = this.#anneal(Math.max(0, Math.min(1, (step - 1) / span)));
    const alpha = this.#anneal(Math.max(0, Math.min(1, step / span)));
    return this.optimizer.paramGroups.map((g) => {
      const swaLr = g.swaLr as number;
      // the lr before annealing began, recovered from the current one
      const prev = prevAlpha === 1 ? swaLr : (g.lr - prevAlpha * swaLr) / (1 - prevAlpha);
      return swaLr * alpha + prev * (1 - alpha);
    });
  }
}
