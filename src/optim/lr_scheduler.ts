/**
 * Learning-rate schedulers (torch.optim.lr_scheduler): each computes the
 * next learning rates from the current ones exactly as PyTorch's chainable
 * `get_lr` does (so lr sequences match PyTorch's to the last bit of its
 * float arithmetic), writes them into the optimizer's param groups, and is
 * stepped after the optimizer: `opt.step(); sched.step()`.
 *
 * A subclass computes its fields, then calls `this.initialStep()` at the
 * end of its constructor (PyTorch's base __init__ does it; a JS base
 * constructor runs before the subclass's fields exist).
 */
import { Binder, type Forms, opt, req } from "../api/signature.ts";
import { bisect } from "../core/bisect.ts";
import { Tensor } from "../torch/tensor.ts";
import { CONV, Optimizer, type ParamGroup } from "./optimizer.ts";

/**
 * `o` as an Optimizer, else PyTorch's TypeError naming the scheduler and what it got.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkOptimizer } from "./lr_scheduler.ts";
 * assert.throws(() => checkOptimizer("StepLR", null), /StepLR: null is not an Optimizer/);
 * ```
 */
export function checkOptimizer(name: string, o: unknown): Optimizer {
  if (!(o instanceof Optimizer)) {
    throw new TypeError(
      `${name}: ${o === null ? "null" : (o as object)?.constructor?.name ?? typeof o} is not an Optimizer`,
    );
  }
  return o;
}

function copyValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copyValue);
  if (typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copyValue(x)]));
  }
  return v;
}

/** Passed by the schedulers that skip the base initialization (SequentialLR, ChainedScheduler, ReduceLROnPlateau). */
const FIELDS_ONLY: unique symbol = Symbol("fieldsOnly");

/** The base of the epoch-stepped schedulers (PyTorch's LRScheduler). */
export abstract class LRScheduler {
  /** The optimizer whose param groups' lrs this scheduler sets. */
  optimizer: Optimizer;
  /** The index of the last step (-1 before the first). */
  lastEpoch: number;
  /** Each group's initial lr. */
  baseLrs: number[] = [];
  /** How many times `step` has run, the initial step included (PyTorch's `_step_count`). */
  _stepCount = 0;
  /** True while `initialStep()` runs (PyTorch's `_is_initial`). */
  _isInitial = false;
  /** The lrs the last step set (`getLastLr()` returns a copy). */
  _lastLr: number[] = [];

  /** Registers the groups' initial lrs (`initialLr`); the subclass then calls `initialStep()`. */
  constructor(optimizer: Optimizer, lastEpoch = -1, fieldsOnly?: typeof FIELDS_ONLY) {
    this.optimizer = checkOptimizer(new.target.name, optimizer);
    this.lastEpoch = lastEpoch;
    if (fieldsOnly === FIELDS_ONLY) return;
    if (!Number.isInteger(lastEpoch)) throw new TypeError(`${new.target.name}: lastEpoch must be an integer`);
    if (lastEpoch === -1) {
      for (const g of optimizer.paramGroups) if (g.initialLr === undefined) g.initialLr = g.lr;
    } else {
      optimizer.paramGroups.forEach((g, i) => {
        if (g.initialLr === undefined) {
          throw new RangeError(
            `param 'initialLr' is not specified in paramGroups[${i}] when resuming scheduler with lastEpoch >= 0`,
          );
        }
      });
    }
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr as number);
  }

  /** Resets the step count and takes the initial step (sets each group's first lr). */
  initialStep(): void {
    this._stepCount = 0;
    this._isInitial = true;
    try {
      this.step();
    } finally {
      this._isInitial = false;
    }
  }

  /** The learning rates the last step set, one per param group. */
  getLastLr(): number[] {
    return [...this._lastLr];
  }

  /** The next learning rates (from the current ones), one per param group. */
  abstract getLr(): number[];

  /** The lrs at `lastEpoch` in closed form (used by `step(epoch)`), when the schedule has one. */
  protected closedFormLr(): number[] | null {
    return null;
  }

  /** Advances one epoch (or, deprecated, jumps to `epoch`) and sets the groups' lrs. Call after `optimizer.step()`. */
  step(epoch?: number): void {
    this._stepCount += 1;
    this.updateLr(epoch);
  }

  /** Sets lastEpoch (the next one, or `epoch`) and writes the new lrs into the groups. */
  updateLr(epoch?: number): void {
    let values: number[];
    if (epoch === undefined || epoch === null) {
      this.lastEpoch += 1;
      values = this.getLr();
    } else {
      this.lastEpoch = epoch;
      values = this.closedFormLr() ?? this.getLr();
    }
    const groups = this.optimizer.paramGroups;
    if (values.length !== groups.length) {
      throw new RangeError(`${this.constructor.name}: ${values.length} lrs for ${groups.length} param groups`);
    }
    groups.forEach((g, i) => (g.lr = values[i]));
    this._lastLr = groups.map((g) => g.lr);
  }

  /** The groups' current lrs. */
  protected groupLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The scheduler's state: every field but the optimizer (and functions). */
  stateDict(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this)) {
      if (k === "optimizer" || typeof v === "function") continue;
      out[k] = copyValue(v);
    }
    return out;
  }

  /** Restores a state from `stateDict`. */
  loadStateDict(stateDict: Record<string, unknown>): void {
    if (typeof stateDict !== "object" || stateDict === null) {
      throw new TypeError(`${this.constructor.name}.loadStateDict: expected a record`);
    }
    for (const [k, v] of Object.entries(stateDict)) {
      if (k === "optimizer") continue;
      (this as Record<string, unknown>)[k] = copyValue(v);
    }
  }
}

// ---------- LambdaLR / MultiplicativeLR ----------

/** A LambdaLR/MultiplicativeLR factor function: the epoch count to a multiplicative factor. */
export type LrLambda = (epoch: number) => number;
const LAMBDA_SIG = { pos: [req("lrLambda", "any"), opt("lastEpoch", "int", -1)], kw: [] } as const;
const LAMBDA = new Binder("LambdaLR", LAMBDA_SIG);
const MULT = new Binder("MultiplicativeLR", LAMBDA_SIG);

function lambdas(name: string, v: unknown, n: number): LrLambda[] {
  if (Array.isArray(v)) {
    if (v.length !== n) throw new RangeError(`Expected ${n} lr_lambdas, but got ${v.length}`);
  }
  const fs = Array.isArray(v) ? v : new Array(n).fill(v);
  for (const f of fs) {
    if (typeof f !== "function") throw new TypeError(`${name}: lr_lambda should be a function, but got ${typeof f}`);
  }
  return fs as LrLambda[];
}

/** lr = initial lr x lrLambda(epoch) (one function, or one per group). */
export class LambdaLR extends LRScheduler {
  /** One factor function per param group (`stateDict` saves them as nulls). */
  lrLambdas: (LrLambda | null)[];
  /** `new LambdaLR(optimizer, lrLambda, lastEpoch?)`. */
  constructor(optimizer: Optimizer, ...args: Forms<typeof LAMBDA_SIG, Tensor, Tensor>) {
    const a = LAMBDA.bind(args, CONV);
    super(optimizer, a.lastEpoch);
    this.lrLambdas = lambdas("LambdaLR", a.lrLambda, optimizer.paramGroups.length);
    this.initialStep();
  }
  /** Each group's initial lr times its lrLambda(lastEpoch). */
  getLr(): number[] {
    return this.baseLrs.map((b, i) => b * this.lrLambdas[i]!(this.lastEpoch));
  }
  /** The base state with `lrLambdas` as nulls (functions are not saved). */
  override stateDict(): Record<string, unknown> {
    return { ...super.stateDict(), lrLambdas: this.lrLambdas.map(() => null) };
  }
  /** Restores a state from `stateDict`, keeping the current `lrLambdas`. */
  override loadStateDict(stateDict: Record<string, unknown>): void {
    const { lrLambdas: _, ...rest } = stateDict;
    super.loadStateDict(rest);
  }
}

/** lr = previous lr x lrLambda(epoch). */
export class MultiplicativeLR extends LRScheduler {
  /** One factor function per param group (`stateDict` saves them as nulls). */
  lrLambdas: (LrLambda | null)[];
  /** `new MultiplicativeLR(optimizer, lrLambda, lastEpoch?)`. */
  constructor(optimizer: Optimizer, ...args: Forms<typeof LAMBDA_SIG, Tensor, Tensor>) {
    const a = MULT.bind(args, CONV);
    super(optimizer, a.lastEpoch);
    this.lrLambdas = lambdas("MultiplicativeLR", a.lrLambda, optimizer.paramGroups.length);
    this.initialStep();
  }
  /** Each group's current lr times its lrLambda(lastEpoch) (unchanged on the initial step). */
  getLr(): number[] {
    if (this._isInitial) return this.groupLrs();
    return this.optimizer.paramGroups.map((g, i) => g.lr * this.lrLambdas[i]!(this.lastEpoch));
  }
  /** The base state with `lrLambdas` as nulls (functions are not saved). */
  override stateDict(): Record<string, unknown> {
    return { ...super.stateDict(), lrLambdas: this.lrLambdas.map(() => null) };
  }
  /** Restores a state from `stateDict`, keeping the current `lrLambdas`. */
  override loadStateDict(stateDict: Record<string, unknown>): void {
    const { lrLambdas: _, ...rest } = stateDict;
    super.loadStateDict(rest);
  }
}

// ---------- StepLR / MultiStepLR / ExponentialLR / ConstantLR / LinearLR / PolynomialLR ----------

const STEP_SIG = {
  pos: [req("stepSize", "int"), opt("gamma", "number", 0.1), opt("lastEpoch", "int", -1)],
  kw: [],
} as const;
const STEP = new Binder("StepLR", STEP_SIG);

/** lr x gamma every `stepSize` epochs. */
export class StepLR extends LRScheduler {
  /** Epochs between two decays. */
  stepSize: number;
  /** The multiplicative decay factor. */
  gamma: number;
  /** `new StepLR(optimizer, stepSize, gamma?, lastEpoch?)`. */
  constructor(optimizer: Optimizer, ...args: Forms<typeof STEP_SIG, Tensor, Tensor>) {
    const a = STEP.bind(args, CONV);
    super(optimizer, a.lastEpoch);
    if (a.stepSize <= 0) throw new RangeError(`StepLR: stepSize must be positive, got ${a.stepSize}`);
    this.stepSize = a.stepSize;
    this.gamma = a.gamma;
    this.initialStep();
  }
  /** The current lrs, times gamma when lastEpoch is a positive multiple of stepSize. */
  getLr(): number[] {
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return this.groupLrs();
    return this.groupLrs().map((lr) => lr * this.gamma);
  }
  /** baseLr x gamma ** floor(lastEpoch / stepSize). */
  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }
}

const MULTISTEP_SIG = {
  pos: [req("milestones", "ints"), opt("gamma", "number", 0.1), opt("lastEpoch", "int", -1)],
  kw: [],
} as const;
const MULTISTEP = new Binder("MultiStepLR", MULTISTEP_SIG);

/** lr x gamma at each milestone epoch (a repeated milestone multiplies again). */
export class MultiStepLR extends LRScheduler {
  /** Milestone -> how many times it was given (PyTorch's Counter). */
  milestones: Record<string, number>;
  /** The multiplicative decay factor. */
  gamma: number;
  /** `new MultiStepLR(optimizer, milestones, gamma?, lastEpoch?)`. */
  constructor(optimizer: Optimizer, ...args: Forms<typeof MULTISTEP_SIG, Tensor, Tensor>) {
    const a = MULTISTEP.bind(args, CONV);
    super(optimizer, a.lastEpoch);
    this.milestones = {};
    for (const m of typeof a.milestones === "number" ? [a.milestones] : a.milestones as number[]) {
      this.milestones[m] = (this.milestones[m] ?? 0) + 1;
    }
    this.gamma = a.gamma;
    this.initialStep();
  }
  /** The current lrs, times gamma once per time lastEpoch was given as a milestone. */
  getLr(): number[] {
    const n = Object.hasOwn(this.milestones, this.lastEpoch) ? this.milestones[this.lastEpoch] : 0;
    if (n === 0) return this.groupLrs();
    return this.groupLrs().map((lr) => lr * this.gamma ** n);
  }
  /** baseLr x gamma ** (the milestones at or before lastEpoch, repeats counted). */
  protected override closedFormLr(): number[] {
    const ms = Object.entries(this.milestones).flatMap(([m, c]) => new Array(c).fill(Number(m))).sort((x, y) => x - y);
    return this.baseLrs.map((b) => b * this.gamma ** bisect(ms, this.lastEpoch, true));
  }
}

const EXP_SIG = { pos: [req("gamma", "number"), opt("lastEpoch", "int", -1)], kw: [] } as const;
const EXP = new Binder("ExponentialLR", EXP_SIG);

/** lr x gamma every epoch. */
export class ExponentialLR extends LRScheduler {
  /** The multiplicative decay factor per epoch. */
  gamma: number;
  /** `new ExponentialLR(optimizer, gamma, lastEpoch?)`. */
  constructor(optimizer: Optimizer, ...args: Forms<typeof EXP_SIG, Tensor, Tensor>) {
    const a = EXP.bind(args, CONV);
    super(optimizer, a.lastEpoch);
    this.gamma = a.gamma;
    this.initialStep();
  }
  /** The current lrs times gamma (unchanged on the initial step). */
  getLr(): number[] {
    if (this._isInitial) return this.groupLrs();
    return this.groupLrs().map((lr) => lr * this.gamma);
  }
  /** baseLr x gamma ** lastEpoch. */
  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** this.lastEpoch);
  }
}

const CONST_SIG = {
  pos: [opt("factor", "number", 1.0 / 3), opt("totalIters", "int", 5), opt("lastEpoch", "int", -1)],
  kw: [],
} as const;
const CONST = new Binder("ConstantLR", CONST_SIG);

/** lr x factor until `totalIters` epochs have passed, then the initial lr. */
export class ConstantLR extends LRScheduler {
  /** The factor the lr is multiplied by until totalIters. */
  factor: number;
  /** The epoch at which the lr returns to the initial lr. */
  totalIters: number;
  /** `new ConstantLR(optimizer, factor?, totalIters?, lastEpoch?)`. */
  constructor(optimizer: Optimizer, ...args: Forms<typeof CONST_SIG, Tensor, Tensor>) {
    const a = CONST.bind(args, CONV);
    if (a.factor > 1.0 || a.factor < 0) {
      throw new RangeError("Constant multiplicative factor expected to be between 0 and 1.");
    }
    super(optimizer, a.lastEpoch);
    this.factor = a.factor;
    this.totalIters = a.totalIters;
    this.initialStep();
  }
  /** The current lrs times factor at epoch 0, divided by factor at totalIters, else unchanged. */
  getLr(): number[] {
    if (this.lastEpoch === 0) return this.groupLrs().map((lr) => lr * this.factor);
    if (this.lastEpoch !== this.totalIters) return this.groupLrs();
    return this.groupLrs().map((lr) => lr * (1.0 / this.factor));
  }
  /** baseLr x factor before totalIters, baseLr from then on. */
  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * (this.factor + (this.lastEpoch >= this.totalIters ? 1 : 0) * (1 - this.factor)));
  }
}

const LINEAR_SIG = {
  pos: [
    opt("startFactor", "number", 1.0 / 3),
    opt("endFactor", "number", 1.0),
    opt("totalIters", "int", 5),
    opt("lastEpoch", "int", -1),
  ],
  kw: [],
} as const;
const LINEAR = new Binder("LinearLR", LINEAR_SIG);

/** The lr factor goes linearly from startFactor to endFactor over totalIters epochs. */
export class LinearLR extends LRScheduler {
  /** The lr factor at epoch 0. */
  startFactor: number;
  /** The lr factor from totalIters on. */
  endFactor: number;
  /** Epochs over which the factor goes from startFactor to endFactor. */
  totalIters: number;
  /** `new LinearLR(optimizer, startFactor?, endFactor?, totalIters?, lastEpoch?)`. */
  constructor(optimizer: Optimizer, ...args: Forms<typeof LINEAR_SIG, Tensor, Tensor>) {
    const a = LINEAR.bind(args, CONV);
    if (a.startFactor > 1.0 || a.startFactor <= 0) {
      throw new RangeError("Starting multiplicative factor expected to be greater than 0 and less or equal to 1.");
    }
    if (a.endFactor > 1.0 || a.endFactor < 0) {
      throw new RangeError("Ending multiplicative factor expected to be between 0 and 1.");
    }
    super(optimizer, a.lastEpoch);
    this.startFactor = a.startFactor;
    this.endFactor = a.endFactor;
    this.totalIters = a.totalIters;
    this.initialStep();
  }
  /** The current lrs times the ratio of this epoch's factor to the previous epoch's (startFactor at epoch 0). */
  getLr(): number[] {
    if (this.lastEpoch === 0) return this.groupLrs().map((lr) => lr * this.startFactor);
    if (this._isInitial || this.lastEpoch > this.totalIters) return this.groupLrs();
    const { startFactor: s, endFactor: e, totalIters: n } = this;
    return this.groupLrs().map((lr) => lr * (1.0 + (e - s) / (n * s + (this.lastEpoch - 1) * (e - s))));
  }
  /** baseLr x (startFactor + (endFactor - startFactor) x min(totalIters, lastEpoch) / totalIters). */
  protected override closedFormLr(): number[] {
    const { startFactor: s, endFactor: e, totalIters: n } = this;
    return this.baseLrs.map((b) => b * (s + ((e - s) * Math.min(n, this.lastEpoch)) / n));
  }
}

const POLY_SIG = {
  pos: [opt("totalIters", "int", 5), opt("power", "number", 1.0), opt("lastEpoch", "int", -1)],
  kw: [],
} as const;
const POLY = new Binder("PolynomialLR", POLY_SIG);

/** lr decays as (1 - epoch / totalIters) ** power. */
export class PolynomialLR extends LRScheduler {
  /** Epochs over which the lr decays to 0. */
  totalIters: number;
  /** The power of the polynomial. */
  power: number;
  /** `new PolynomialLR(optimizer, totalIters?, power?, lastEpoch?)`. */
  constructor(optimizer: Optimizer, ...args: Forms<typeof POLY_SIG, Tensor, Tensor>) {
    const a = POLY.bind(args, CONV);
    super(optimizer, a.lastEpoch);
    this.totalIters = a.totalIters;
    this.power = a.power;
    this.initialStep();
  }
  /** The current lrs times the ratio of this epoch's decay to the previous epoch's (unchanged after totalIters). */
  getLr(): number[] {
    if (this._isInitial || this.lastEpoch > this.totalIters) return this.groupLrs();
    const f = ((1.0 - this.lastEpoch / this.totalIters) / (1.0 - (this.lastEpoch - 1) / this.totalIters)) ** this.power;
    return this.groupLrs().map((lr) => lr * f);
  }
  /** baseLr x (1 - min(totalIters, lastEpoch) / totalIters) ** power. */
  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) =>
      b * (1.0 - Math.min(this.totalIters, this.lastEpoch) / this.totalIters) ** this.power
    );
  }
}

// ---------- CosineAnnealingLR ----------

const COS_SIG = {
  pos: [req("TMax", "int", { aliases: ["tMax"] }), opt("etaMin", "number", 0.0), opt("lastEpoch", "int", -1)],
  kw: [],
} as const;
const COS = new Binder("CosineAnnealingLR", COS_SIG);

/** Cosine annealing from the initial lr to etaMin over TMax epochs (SGDR without restarts). */
export class CosineAnnealingLR extends LRScheduler {
  /** Epochs from the initial lr to etaMin: half the cosine's period (PyTorch's T_max). */
  TMax: number;
  /** The minimum lr. */
  etaMin: number;
  /** `new CosineAnnealingLR(optimizer, TMax, etaMin?, lastEpoch?)`. */
  constructor(optimizer: Optimizer, ...args: Forms<typeof COS_SIG, Tensor, Tensor>) {
    const a = COS.bind(args, CONV);
    super(optimizer, a.lastEpoch);
    this.TMax = a.TMax;
    this.etaMin = a.etaMin;
    this.initialStep();
  }
  /** The next lrs by PyTorch's recursive cosine-annealing formula. */
  getLr(): number[] {
    const { TMax: T, etaMin: eta, lastEpoch: e } = this;
    if (this._isInitial) return this.groupLrs();
    if (this._stepCount === 1 && e > 0) {
      return this.baseLrs.map((b) => eta + ((b - eta) * (1 + Math.cos((e * Math.PI) / T))) / 2);
    }
    if ((((e - 1 - T) % (2 * T)) + 2 * T) % (2 * T) === 0) {
      return this.optimizer.paramGroups.map((g, i) =>
        g.lr + ((this.baseLrs[i] - eta) * (1 - Math.cos(Math.PI / T))) / 2
      );
    }
    return this.groupLrs().map((lr) =>
      ((1 + Math.cos((Math.PI * e) / T)) / (1 + Math.cos((Math.PI * (e - 1)) / T))) * (lr - eta) + eta
    );
  }
  /** etaMin + (baseLr - etaMin) x (1 + cos(pi x lastEpoch / TMax)) / 2. */
  protected override closedFormLr(): number[] {
    return this.baseLrs.map((b) =>
      this.etaMin + ((b - this.etaMin) * (1 + Math.cos((Math.PI * this.lastEpoch) / this.TMax))) / 2
    );
  }
}

// ---------- SequentialLR / ChainedScheduler ----------

const SEQ_SIG = {
  pos: [req("schedulers", "any"), req("milestones", "ints"), opt("lastEpoch", "int", -1)],
  kw: [],
} as const;
const SEQ = new Binder("SequentialLR", SEQ_SIG);

function checkSchedulers(name: string, optimizer: Optimizer | null, v: unknown): LRScheduler[] {
  if (!Array.isArray(v) || v.length < 1) {
    throw new RangeError(`${name} expects at least one scheduler, but got no scheduler.`);
  }
  v.forEach((s, i) => {
    if (s instanceof ReduceLROnPlateau) {
      throw new RangeError(
        `${name} does not support \`ReduceLROnPlateau\` scheduler as it requires additional kwargs to be specified when calling \`step\`, but got one at index ${i} in the given schedulers sequence.`,
      );
    }
    if (!(s instanceof LRScheduler)) throw new TypeError(`${name}: the scheduler at index ${i} is not an LRScheduler`);
    if (optimizer !== null && s.optimizer !== optimizer) {
      throw new RangeError(
        `${name} expects all schedulers to belong to the same optimizer, but got scheduler ${s.constructor.name} at index ${i} with a different optimizer.`,
      );
    }
  });
  return v as LRScheduler[];
}

/** Runs schedulers one after another, switching at the milestone epochs. */
export class SequentialLR extends LRScheduler {
  /** The schedulers, in the order they run. */
  _schedulers: LRScheduler[];
  /** The epochs at which the next scheduler takes over. */
  _milestones: number[];

  /** `new SequentialLR(optimizer, schedulers, milestones, lastEpoch?)`. */
  constructor(optimizer: Optimizer, ...args: Forms<typeof SEQ_SIG, Tensor, Tensor>) {
    const a = SEQ.bind(args, CONV);
    const schedulers = checkSchedulers("SequentialLR", checkOptimizer("SequentialLR", optimizer), a.schedulers);
    const milestones = typeof a.milestones === "number" ? [a.milestones] : [...a.milestones as number[]];
    if (milestones.length !== schedulers.length - 1) {
      throw new RangeError(
        `Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers ${schedulers.length} and the number of milestones to be equal to ${milestones.length}`,
      );
    }
    super(optimizer, 0, FIELDS_ONLY); // PyTorch's SequentialLR skips the base initialization
    this._schedulers = schedulers;
    this._milestones = milestones;
    this.lastEpoch = a.lastEpoch + 1;
    for (const g of optimizer.paramGroups) g.lr = g.initialLr as number;
    for (const s of schedulers) undo(s);
    const idx = bisect(milestones, 0, true);
    schedulers[idx].initialStep();
    this._lastLr = schedulers[idx].getLastLr();
  }
  /** The lrs the last step set. */
  getLr(): number[] {
    return this.getLastLr();
  }
  /** Advances one epoch: steps the current scheduler, or at a milestone restarts the next one at its epoch 0. */
  override step(): void {
    this.lastEpoch += 1;
    const idx = bisect(this._milestones, this.lastEpoch, true);
    const s = this._schedulers[idx];
    if (idx > 0 && this._milestones[idx - 1] === this.lastEpoch) s.updateLr(0);
    else s.step();
    this._lastLr = s.getLastLr();
  }
  /** The state, with each scheduler's `stateDict()` in `_schedulers`. */
  override stateDict(): Record<string, unknown> {
    const { _schedulers: _, ...rest } = super.stateDict();
    return { ...rest, _schedulers: this._schedulers.map((s) => s.stateDict()) };
  }
  /** Restores a state from `stateDict`, each scheduler's included. */
  override loadStateDict(stateDict: Record<string, unknown>): void {
    const { _schedulers: subs, ...rest } = stateDict;
    super.loadStateDict(rest);
    (subs as Record<string, unknown>[] | undefined)?.forEach((s, i) => this._schedulers[i].loadStateDict(s));
  }
}

/** PyTorch's recursive_undo: steps every nested scheduler's lastEpoch back by one. */
function undo(s: LRScheduler): void {
  if (s instanceof SequentialLR || s instanceof ChainedScheduler) s._schedulers.forEach(undo);
  else s.lastEpoch -= 1;
}

/** Steps several schedulers together each epoch (their factors multiply). */
export class ChainedScheduler extends LRScheduler {
  /** The schedulers stepped together, in order. */
  _schedulers: LRScheduler[];
  /** `new ChainedScheduler(schedulers, optimizer?)`. */
  constructor(schedulers: LRScheduler[], optimizer?: Optimizer) {
    const first = Array.isArray(schedulers) ? schedulers[0]?.optimizer : undefined;
    const o = optimizer ?? first;
    const list = checkSchedulers("ChainedScheduler", o ?? null, schedulers);
    super(checkOptimizer("ChainedScheduler", o), 0, FIELDS_ONLY);
    this._schedulers = list;
    this._lastLr = list[list.length - 1].optimizer.paramGroups.map((g) => g.lr);
  }
  /** The lrs the last step set. */
  getLr(): number[] {
    return this.getLastLr();
  }
  /** Steps every scheduler, in order. */
  override step(): void {
    for (const s of this._schedulers) s.step();
    this._lastLr = this._schedulers[this._schedulers.length - 1].optimizer.paramGroups.map((g) => g.lr);
  }
  /** The state, with each scheduler's `stateDict()` in `_schedulers`. */
  override stateDict(): Record<string, unknown> {
    const { _schedulers: _, ...rest } = super.stateDict();
    return { ...rest, _schedulers: this._schedulers.map((s) => s.stateDict()) };
  }
  /** Restores a state from `stateDict`, each scheduler's included. */
  override loadStateDict(stateDict: Record<string, unknown>): void {
    const { _schedulers: subs, ...rest } = stateDict;
    super.loadStateDict(rest);
    (subs as Record<string, unknown>[] | undefined)?.forEach((s, i) => this._schedulers[i].loadStateDict(s));
  }
}

// ---------- OneCycleLR ----------

const ONECYCLE_SIG = {
  pos: [
    req("maxLr", "any"),
    opt("totalSteps", "int", null),
    opt("epochs", "int", null),
    opt("stepsPerEpoch", "int", null),
    opt("pctStart", "number", 0.3),
    opt("annealStrategy", "string", "cos", { choices: ["cos", "linear"] }),
    opt("cycleMomentum", "bool", true),
    opt("baseMomentum", "any", 0.85),
    opt("maxMomentum", "any", 0.95),
    opt("divFactor", "number", 25.0),
    opt("finalDivFactor", "number", 1e4),
    opt("threePhase", "bool", false),
    opt("lastEpoch", "int", -1),
  ],
  kw: [],
} as const;
const ONECYCLE = new Binder("OneCycleLR", ONECYCLE_SIG);

/** One OneCycleLR phase: the step it ends at and the paramGroup keys it anneals between. */
export interface Phase {
  /** The step at which the phase ends. */
  endStep: number;
  /** The group key holding the lr at the phase's start (`initialLr`, `maxLr` or `minLr`). */
  startLr: string;
  /** The group key holding the lr at the phase's end. */
  endLr: string;
  /** The group key holding the momentum at the phase's start (`maxMomentum` or `baseMomentum`). */
  startMomentum: string;
  /** The group key holding the momentum at the phase's end. */
  endMomentum: string;
}

/** One value per param group (a number repeated, or a list of the groups' length). */
export function perGroup(name: string, optimizer: Optimizer, v: unknown): number[] {
  const n = optimizer.paramGroups.length;
  if (Array.isArray(v)) {
    if (v.length !== n) {
      throw new RangeError(
        `${name} must have the same length as optimizer.param_groups. ${name} has ${v.length} values, param_groups has ${n}.`,
      );
    }
    if (!v.every((x) => typeof x === "number")) throw new TypeError(`${name} must be numbers`);
    return [...v];
  }
  if (typeof v !== "number") throw new TypeError(`${name} must be a number or a list of numbers`);
  return new Array(n).fill(v);
}

/**
 * The 1cycle policy (Smith): lr rises from maxLr/divFactor to maxLr, then
 * anneals (cos or linear) to maxLr/(divFactor*finalDivFactor); momentum (or
 * Adam's beta1) cycles the opposite way. Stepped after every batch.
 */
export class OneCycleLR extends LRScheduler {
  /** The number of steps in the cycle. */
  totalSteps: number;
  /** The cycle's phases (two, or three with `threePhase`). */
  _schedulePhases: Phase[];
  /** The annealing strategy: cosine or linear. */
  _annealFuncType: "cos" | "linear";
  /** Whether momentum (or beta1) cycles inversely to the lr. */
  cycleMomentum: boolean;
  /** Whether the cycled momentum is Adam's beta1 (the optimizer has `betas`) rather than `momentum`. */
  useBeta1 = false;

  /** `new OneCycleLR(optimizer, maxLr, totalSteps?, epochs?, stepsPerEpoch?, pctStart?, annealStrategy?, cycleMomentum?, baseMomentum?, maxMomentum?, divFactor?, finalDivFactor?, threePhase?, lastEpoch?)`. */
  constructor(optimizer: Optimizer, ...args: Forms<typeof ONECYCLE_SIG, Tensor, Tensor>) {
    const a = ONECYCLE.bind(args, CONV);
    checkOptimizer("OneCycleLR", optimizer);
    let total: number;
    if (a.totalSteps !== null) {
      if (a.totalSteps <= 0) throw new RangeError(`Expected positive integer total_steps, but got ${a.totalSteps}`);
      total = a.totalSteps;
    } else if (a.epochs !== null && a.stepsPerEpoch !== null) {
      if (a.epochs <= 0) throw new RangeError(`Expected positive integer epochs, but got ${a.epochs}`);
      if (a.stepsPerEpoch <= 0) {
        throw new RangeError(`Expected positive integer steps_per_epoch, but got ${a.stepsPerEpoch}`);
      }
      total = a.epochs * a.stepsPerEpoch;
    } else throw new RangeError("You must define either total_steps OR (epochs AND steps_per_epoch)");
    const pct = a.pctStart as number;
    const phases: Phase[] = a.threePhase
      ? [
        {
          endStep: pct * total - 1,
          startLr: "initialLr",
          endLr: "maxLr",
          startMomentum: "maxMomentum",
          endMomentum: "baseMomentum",
        },
        {
          endStep: 2 * pct * total - 2,
          startLr: "maxLr",
          endLr: "initialLr",
          startMomentum: "baseMomentum",
          endMomentum: "maxMomentum",
        },
        {
          endStep: total - 1,
          startLr: "initialLr",
          endLr: "minLr",
          startMomentum: "maxMomentum",
          endMomentum: "maxMomentum",
        },
      ]
      : [
        {
          endStep: pct * total - 1,
          startLr: "initialLr",
          endLr: "maxLr",
          startMomentum: "maxMomentum",
          endMomentum: "baseMomentum",
        },
        {
          endStep: total - 1,
          startLr: "maxLr",
          endLr: "minLr",
          startMomentum: "baseMomentum",
          endMomentum: "maxMomentum",
        },
      ];
    if (pct < 0 || pct > 1) throw new RangeError(`Expected float between 0 and 1 pct_start, but got ${pct}`);
    const maxLrs = perGroup("max_lr", optimizer, a.maxLr);
    if (a.lastEpoch === -1) {
      optimizer.paramGroups.forEach((g, i) => {
        g.initialLr = maxLrs[i] / a.divFactor;
        g.maxLr = maxLrs[i];
        g.minLr = (g.initialLr as number) / a.finalDivFactor;
      });
    }
    let useBeta1 = false;
    if (a.cycleMomentum) {
      if (!("momentum" in optimizer.defaults) && !("betas" in optimizer.defaults)) {
        throw new RangeError("optimizer must support momentum or beta1 with `cycle_momentum` option enabled");
      }
      useBeta1 = "betas" in optimizer.defaults;
      const maxMs = perGroup("max_momentum", optimizer, a.maxMomentum);
      const baseMs = perGroup("base_momentum", optimizer, a.baseMomentum);
      if (a.lastEpoch === -1) {
        optimizer.paramGroups.forEach((g, i) => {
          setMomentum(g, useBeta1, maxMs[i]);
          g.maxMomentum = maxMs[i];
          g.baseMomentum = baseMs[i];
        });
      }
    }
    super(optimizer, a.lastEpoch);
    this.totalSteps = total;
    this._schedulePhases = phases;
    this._annealFuncType = a.annealStrategy as "cos" | "linear";
    this.cycleMomentum = a.cycleMomentum;
    this.useBeta1 = useBeta1;
    this.initialStep();
  }

  #anneal(start: number, end: number, pct: number): number {
    if (this._annealFuncType === "cos") return end + ((start - end) / 2.0) * (Math.cos(Math.PI * pct) + 1);
    return (end - start) * pct + start;
  }

  /** Each group's lr at this step, annealed within its phase; also sets the groups' momentum when cycling it. */
  getLr(): number[] {
    const stepNum = this.lastEpoch;
    if (stepNum > this.totalSteps) {
      throw new RangeError(
        `Tried to step ${stepNum} times. The specified number of total steps is ${this.totalSteps}`,
      );
    }
    return this.optimizer.paramGroups.map((g) => {
      let start = 0.0, lr = 0, momentum = 0;
      const phases = this._schedulePhases;
      for (let i = 0; i < phases.length; i++) {
        const ph = phases[i];
        if (stepNum <= ph.endStep || i === phases.length - 1) {
          const pct = (stepNum - start) / (ph.endStep - start);
          lr = this.#anneal(g[ph.startLr] as number, g[ph.endLr] as number, pct);
          if (this.cycleMomentum) {
            momentum = this.#anneal(g[ph.startMomentum] as number, g[ph.endMomentum] as number, pct);
          }
          break;
        }
        start = ph.endStep;
      }
      if (this.cycleMomentum) setMomentum(g, this.useBeta1, momentum);
      return lr;
    });
  }
}

function setMomentum(g: ParamGroup, useBeta1: boolean, m: number): void {
  if (useBeta1) g.betas = [m, ...(g.betas as number[]).slice(1)];
  else g.momentum = m;
}

// ---------- ReduceLROnPlateau ----------

const PLATEAU_SIG = {
  pos: [
    opt("mode", "string", "min", { choices: ["min", "max"] }),
    opt("factor", "number", 0.1),
    opt("patience", "int", 10),
    opt("threshold", "number", 1e-4),
    opt("thresholdMode", "string", "rel", { choices: ["rel", "abs"] }),
    opt("cooldown", "int", 0),
    opt("minLr", "any", 0),
    opt("eps", "number", 1e-8),
  ],
  kw: [],
} as const;
const PLATEAU = new Binder("ReduceLROnPlateau", PLATEAU_SIG);
const PLATEAU_STEP = new Binder("ReduceLROnPlateau.step", {
  pos: [req("metrics", "any"), opt("epoch", "int", null)],
  kw: [],
});

/** Divides the lr by 1/factor when a metric has stopped improving for `patience` epochs. */
export class ReduceLROnPlateau extends LRScheduler {
  /** The factor the lr is multiplied by on a reduction. */
  factor: number;
  /** Each group's lower bound on the lr. */
  minLrs: number[];
  /** The minLr given as one number (used for groups added later), or null when given per group. */
  defaultMinLr: number | null;
  /** Epochs without improvement allowed before the lr is reduced. */
  patience: number;
  /** Epochs after a reduction during which bad epochs are not counted. */
  cooldown: number;
  /** The smallest lr change applied: a smaller reduction is skipped. */
  eps: number;
  /** Whether the metric is to be minimized or maximized. */
  mode!: "min" | "max";
  /** The least change that counts as an improvement. */
  threshold!: number;
  /** Whether threshold is relative to the best value or absolute. */
  thresholdMode!: "rel" | "abs";
  /** The worst metric value: Infinity in min mode, -Infinity in max mode. */
  modeWorse!: number;
  /** The best metric value so far. */
  best!: number;
  /** Cooldown epochs left. */
  cooldownCounter = 0;
  /** Consecutive epochs without improvement. */
  numBadEpochs = 0;

  /** `new ReduceLROnPlateau(optimizer, mode?, factor?, patience?, threshold?, thresholdMode?, cooldown?, minLr?, eps?)`. */
  constructor(optimizer: Optimizer, ...args: Forms<typeof PLATEAU_SIG, Tensor, Tensor>) {
    const a = PLATEAU.bind(args, CONV);
    if (a.factor >= 1.0) throw new RangeError("Factor should be < 1.0.");
    super(checkOptimizer("ReduceLROnPlateau", optimizer), 0, FIELDS_ONLY);
    this.factor = a.factor;
    if (Array.isArray(a.minLr)) {
      if (a.minLr.length !== optimizer.paramGroups.length) {
        throw new RangeError(`expected ${optimizer.paramGroups.length} min_lrs, got ${a.minLr.length}`);
      }
      this.defaultMinLr = null;
      this.minLrs = [...a.minLr];
    } else {
      if (typeof a.minLr !== "number") throw new TypeError("ReduceLROnPlateau: minLr must be a number or a list");
      this.defaultMinLr = a.minLr;
      this.minLrs = new Array(optimizer.paramGroups.length).fill(a.minLr);
    }
    this.patience = a.patience;
    this.cooldown = a.cooldown;
    this.eps = a.eps;
    this.lastEpoch = 0;
    this._lastLr = this.groupLrs();
    this.#initIsBetter(a.mode, a.threshold, a.thresholdMode);
    this.#reset();
  }

  #reset(): void {
    this.best = this.modeWorse;
    this.cooldownCounter = 0;
    this.numBadEpochs = 0;
  }

  #initIsBetter(mode: "min" | "max", threshold: number, thresholdMode: "rel" | "abs"): void {
    this.modeWorse = mode === "min" ? Infinity : -Infinity;
    this.mode = mode;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
  }

  /** Whether the scheduler is cooling down after a reduction. */
  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  #isBetter(a: number, best: number): boolean {
    if (this.mode === "min" && this.thresholdMode === "rel") return a < best * (1.0 - this.threshold);
    if (this.mode === "min") return a < best - this.threshold;
    if (this.thresholdMode === "rel") return a > best * (this.threshold + 1.0);
    return a > best + this.threshold;
  }

  /** The groups' current lrs (only `step` changes them). */
  getLr(): number[] {
    return this.groupLrs();
  }

  /** Records an epoch's metric (a number or a size-1 tensor) and reduces the lrs when it has plateaued. */
  override step(...args: unknown[]): void {
    const a = PLATEAU_STEP.bind(args, CONV);
    if (typeof a.metrics !== "number" && !(a.metrics instanceof Tensor)) {
      throw new TypeError("ReduceLROnPlateau.step(): metrics must be a number or a size-1 tensor");
    }
    const current = Number(a.metrics);
    const epoch = a.epoch === null ? this.lastEpoch + 1 : a.epoch;
    this.lastEpoch = epoch;
    if (this.#isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else this.numBadEpochs += 1;
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.#reduceLr();
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this._lastLr = this.groupLrs();
  }

  #reduceLr(): void {
    const groups = this.optimizer.paramGroups;
    if (groups.length !== this.minLrs.length) {
      if (this.defaultMinLr === null) {
        throw new Error(
          `The number of param groups in the \`optimizer\` (${groups.length}) differs from when \`ReduceLROnPlateau\` was initialized (${this.minLrs.length}), usually due to a new param group being added to the optimizer. Please modify the \`minLrs\` field to match the length of the \`optimizer\` param groups.`,
        );
      }
      this.minLrs = new Array(groups.length).fill(this.defaultMinLr);
    }
    groups.forEach((g, i) => {
      const oldLr = g.lr;
      const newLr = Math.max(oldLr * this.factor, this.minLrs[i]);
      if (oldLr - newLr > this.eps) g.lr = newLr;
    });
  }

  /** Restores a state from `stateDict`, mode, threshold and thresholdMode included. */
  override loadStateDict(stateDict: Record<string, unknown>): void {
    super.loadStateDict(stateDict);
    this.#initIsBetter(this.mode, this.threshold, this.thresholdMode);
  }
}
