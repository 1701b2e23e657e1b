/**
 * The optimizer base: parameter groups, per-parameter state, zeroGrad,
 * step (with an optional closure), stateDict / loadStateDict, as
 * torch.optim.Optimizer.
 *
 * Each optimizer declares its keyword arguments once as a signature (the
 * PyTorch positional order after `params`, then keyword-only ones); the
 * binder checks the constructor's arguments and every param-group record
 * against it, so a misspelled option is a TypeError naming it, and the
 * constructor's TypeScript types come from the same declaration.
 *
 * Updates run with gradient recording off, inside a `tidy` scope: the
 * temporaries of an update are released when it ends, and the state it
 * creates is adopted by its parameter, so it lives as long as the
 * parameter does (a training step wrapped in `torch.tidy` keeps it). A
 * closure runs outside that scope, in the caller's.
 */
import { withGradMode } from "../autograd/grad_mode.ts";
import { Binder, type Forms, opt, type Sig, type TypeOf } from "../api/signature.ts";
import { isFloat } from "../core/dtype.ts";
import { fmtValue } from "../core/errors.ts";
import { adopt, tidy } from "../core/lifetime.ts";
import { getDefaultDtype } from "../torch/default_dtype.ts";
import { peekGrad, releaseGrad, Tensor } from "../torch/tensor.ts";

/** What binders need to recognize tensors (optimizers take no array-likes). */
export const CONV = {
  array: (v: unknown): Tensor | undefined => (v instanceof Tensor ? v : undefined),
  isArray: (v: unknown): boolean => v instanceof Tensor,
  dtype: (): undefined => undefined,
  arrayName: "Tensor",
};

/** A parameter group as the optimizer holds it: its tensors and its options. */
export interface ParamGroup {
  /** The group's parameters. */
  params: Tensor[];
  /** Names of the parameters, when they were given as [name, tensor] pairs (named parameters). */
  paramNames?: string[];
  /** The group's learning rate (what schedulers set). */
  lr: number;
  /** The group's other options (momentum, betas, ...) and any keys schedulers or users add. */
  [option: string]: unknown;
}

/** A param-group record as given to a constructor or addParamGroup: `{ params, lr?, momentum?, ... }`. */
export type ParamGroupInput<O = Record<string, unknown>> = {
  params: Tensor | Iterable<Tensor> | Iterable<[string, Tensor]>;
  /** A label (kept in the group, like any key PyTorch users add). */
  name?: string;
} & O;

/** What optimizers accept as `params`: tensors, named tensors, or param-group records. */
export type Params<O = Record<string, unknown>> =
  | Iterable<Tensor>
  | Iterable<[string, Tensor]>
  | Iterable<ParamGroupInput<O>>;

/** An optimizer's state, detached from its tensors' identities (parameters are numbered). */
export interface OptimizerStateDict {
  /** Per-parameter state, keyed by the parameter's index over all groups. */
  state: Record<string, Record<string, unknown>>;
  /** The groups' options, with `params` as indices. */
  paramGroups: (Record<string, unknown> & { params: number[] })[];
}

/** The options record a signature describes (what a group holds besides params). */
export type OptionsOf<S extends Sig> = {
  [P in S["pos"][number] | S["kw"][number] as P["name"]]: TypeOf<P, Tensor, Tensor>;
};
/** The argument lists after `params` a signature accepts. */
export type ArgsOf<S extends Sig> = Forms<S, Tensor, Tensor>;

/** Keys a group may hold besides its options: what schedulers and users add. */
const EXTRA_GROUP_KEYS = new Set(["name", "initialLr", "maxLr", "minLr", "maxMomentum", "baseMomentum"]);

/** How an optimizer checks its options (the constructor's and each group's). */
export interface OptionSpec {
  binder: Binder;
  /** Throws a RangeError for an invalid value ("Invalid learning rate: -1"). */
  validate?: (options: Record<string, unknown>) => void;
}

/** A binder for an optimizer's options (its signature without `params`). */
export function optionSpec(name: string, sig: Sig, validate?: (o: Record<string, unknown>) => void): OptionSpec {
  return { binder: new Binder(name, sig), validate };
}

/** Binds an optimizer's constructor arguments (after params) to its defaults. */
export function bindDefaults(spec: OptionSpec, args: readonly unknown[]): Record<string, unknown> {
  const d = spec.binder.bind(args, CONV);
  spec.validate?.(d);
  return d;
}

/** `opt("lr", "number", x)`, re-exported for the optimizer declarations. */
export { opt };

/** Throws the RangeError PyTorch's ValueError is, unless `ok`. */
export function check(ok: boolean, msg: string): void {
  if (!ok) throw new RangeError(msg);
}

/**
 * An option's value as messages show it: a list item by item, a string quoted, anything else as String shows it
 * (JSON.stringify would throw on a BigInt and print a Symbol, NaN or undefined as null).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { showOption } from "./optimizer.ts";
 * assert.equal(showOption([1n, NaN, "a", Symbol("s")]), '[1, NaN, "a", Symbol(s)]');
 * ```
 */
export function showOption(v: unknown): string {
  return Array.isArray(v)
    ? `[${v.map(showOption).join(", ")}]`
    : typeof v === "string"
    ? JSON.stringify(v)
    : fmtValue(v);
}

/** Checks a `betas` option: two numbers in [0, 1). */
export function checkBetas(betas: unknown): [number, number] {
  if (!Array.isArray(betas) || betas.length !== 2 || !betas.every((b) => typeof b === "number")) {
    throw new TypeError(`betas must be a pair of numbers, not ${showOption(betas)}`);
  }
  check(0 <= betas[0] && betas[0] < 1, `Invalid beta parameter at index 0: ${betas[0]}`);
  check(0 <= betas[1] && betas[1] < 1, `Invalid beta parameter at index 1: ${betas[1]}`);
  return betas as [number, number];
}

/** Rejects `differentiable: true` (updates never record gradients here). */
export function noDifferentiable(o: Record<string, unknown>): void {
  if (o.differentiable === true) {
    throw new RangeError("differentiable=True is not supported: optimizer updates never record gradients");
  }
}

/**
 * PyTorch keeps scalar state (step counts, NAdam's mu product) in 0-d
 * tensors of the default dtype's precision: float32 unless the default is
 * float64. This rounds a JS number as such a tensor would hold it.
 */
export function scalarRound(): (x: number) => number {
  return getDefaultDtype() === "float64" ? (x) => x : Math.fround;
}

function isRecordish(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v) || v instanceof Tensor) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/** snake_case -> camelCase (loadStateDict accepts PyTorch's key spelling). */
function camel(k: string): string {
  return k.includes("_") && !k.startsWith("_") ? k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()) : k;
}

/** Turns a 0-d tensor into a number (PyTorch keeps step counts in tensors). */
export function toNumber(v: unknown): unknown {
  return v instanceof Tensor && v.numel() === 1 ? Number(v.item()) : v;
}

/**
 * The base class of every optimizer: holds parameter groups and state.
 * A subclass implements `update(group)` (called with recording off, inside
 * a `tidy` scope, for each group) or overrides `step` itself.
 */
export class Optimizer<G extends ParamGroup = ParamGroup> {
  /** The options groups fall back on. */
  readonly defaults: Record<string, unknown>;
  /** The parameter groups: change `paramGroups[0].lr` and the next step uses it. */
  paramGroups: G[] = [];
  /** Per-parameter state (moment estimates, step counts), created on a parameter's first step. */
  state: Map<Tensor, Record<string, unknown>> = new Map();
  readonly #spec: OptionSpec | null;

  /**
   * `params`: tensors, [name, tensor] pairs, or param-group records
   * (`{ params, lr, ... }`); `defaults`: the options groups fall back on.
   * `spec` (the built-in optimizers) checks every group's options.
   */
  constructor(params: Params, defaults: Record<string, unknown>, spec?: OptionSpec) {
    if (typeof defaults !== "object" || defaults === null) throw new TypeError("Optimizer: defaults must be a record");
    this.defaults = defaults;
    this.#spec = spec ?? null;
    if (params instanceof Tensor) {
      throw new TypeError(
        "params argument given to the optimizer should be an iterable of Tensors or dicts, but got Tensor",
      );
    }
    if (params === null || typeof (params as Iterable<unknown>)?.[Symbol.iterator] !== "function") {
      throw new TypeError(
        `params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${
          params === null ? "null" : typeof params
        }`,
      );
    }
    let groups = [...(params as Iterable<unknown>)];
    if (groups.length === 0) throw new RangeError("optimizer got an empty parameter list");
    if (!isRecordish(groups[0])) groups = [{ params: groups }];
    for (const g of groups) this.addParamGroup(g as ParamGroupInput);
  }

  /** The class name (for messages). */
  protected get label(): string {
    return this.constructor.name;
  }

  /**
   * Adds a parameter group (fine-tuning a layer with its own lr): its
   * options default to the optimizer's; a parameter may be in one group only.
   */
  addParamGroup(group: ParamGroupInput): void {
    if (!isRecordish(group)) throw new TypeError(`param_group must be a record, but got ${typeof group}`);
    if (!("params" in group)) throw new TypeError(`${this.label}: a param group needs 'params'`);
    const raw = group.params;
    if (raw instanceof Set) {
      throw new TypeError(
        "optimizer parameters need to be organized in ordered collections, but the ordering of tensors in sets will change between runs. Please use a list instead.",
      );
    }
    const items: unknown[] = raw instanceof Tensor ? [raw] : [...(raw as Iterable<unknown>)];
    const params: Tensor[] = [], names: string[] = [];
    for (const it of items) {
      if (Array.isArray(it) && it.length === 2 && typeof it[0] === "string") {
        names.push(it[0]);
        params.push(it[1] as Tensor);
      } else params.push(it as Tensor);
    }
    if (names.length !== 0 && names.length !== params.length) {
      throw new RangeError("all optimizer params should be with/without names. Some param names are missing");
    }
    for (const p of params) {
      if (!(p instanceof Tensor)) {
        throw new TypeError(`optimizer can only optimize Tensors, but one of the params is ${describe(p)}`);
      }
      if (!p.isLeaf && !p.retainsGrad) throw new RangeError("can't optimize a non-leaf Tensor");
    }
    // the options: checked by the optimizer's binder (unknown keys, kinds), then its value checks
    const given: Record<string, unknown> = {}, extra: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(group)) {
      if (k === "params" || k === "paramNames") continue;
      if (v === undefined) continue;
      const val = Array.isArray(v) ? [...v] : v; // a group's betas are its own
      if (EXTRA_GROUP_KEYS.has(k)) extra[k] = val;
      else given[k] = val;
    }
    let options = given;
    if (this.#spec) {
      const bound = this.#spec.binder.bind([given], CONV);
      options = Object.fromEntries(Object.keys(given).map((k) => [k, bound[k]]));
      this.#spec.validate?.({ ...this.defaults, ...options });
    }
    const full: Record<string, unknown> = {};
    for (const [k, v] of Object.entries({ ...this.defaults, ...options, ...extra })) {
      full[k] = Array.isArray(v) ? [...v] : v;
    }
    full.params = params;
    if (names.length) full.paramNames = names;
    if (full.lr === undefined) {
      throw new RangeError("parameter group didn't specify a value of required optimization parameter lr");
    }
    if (new Set(params).size !== params.length) {
      console.warn("optimizer contains a parameter group with duplicate parameters");
    }
    const taken = new Set<Tensor>();
    for (const g of this.paramGroups) {
      for (const p of g.params) taken.add(p);
      if (("paramNames" in g) !== names.length > 0) {
        throw new RangeError(
          `all optimizer param groups should be with/without names. cannot add param group ${
            names.length ? "with" : "without"
          } names to the optimizer`,
        );
      }
    }
    if (params.some((p) => taken.has(p))) {
      throw new RangeError("some parameters appear in more than one parameter group");
    }
    this.paramGroups.push(full as G);
  }

  /**
   * Resets the gradients of every parameter: to null (the default, as
   * PyTorch 2), or to zeros in place with `{ setToNone: false }`.
   */
  zeroGrad(...args: [setToNone?: boolean] | [opts: { setToNone?: boolean }]): void {
    const { setToNone } = ZERO_GRAD.bind(args, CONV);
    for (const g of this.paramGroups) {
      for (const p of g.params) {
        const grad = peekGrad(p);
        if (grad === null) continue;
        if (setToNone) releaseGrad(p);
        else {
          if (grad.gradFn !== null) grad.detach_();
          else if (grad.requiresGrad) grad.requiresGrad_(false);
          withGradMode(false, () => grad.zero_());
        }
      }
    }
  }

  /**
   * Performs one optimization step. `closure` (re-evaluates the model and
   * returns the loss; needed by LBFGS) runs with gradients on; its result
   * is returned.
   */
  step<L = unknown>(closure?: (() => L) | null): L | undefined {
    if (closure !== undefined && closure !== null && typeof closure !== "function") {
      throw new TypeError(`${this.label}.step(): closure must be a function`);
    }
    // the closure runs in the caller's scope: what it creates lives as the caller expects
    const loss = closure ? withGradMode(true, closure) : undefined;
    tidy(() =>
      withGradMode(false, () => {
        for (const g of this.paramGroups) this.update(g);
      })
    );
    return loss;
  }

  /** Updates one group's parameters (recording off, in the update's tidy scope). */
  protected update(_group: G): void {
    throw new Error(`${this.label} does not implement step()`);
  }

  /**
   * The state of parameter `p`, created by `init` on first use; tensors
   * stored in it are adopted by `p` (they live as long as it does).
   */
  protected stateOf(p: Tensor, init: () => Record<string, unknown>): Record<string, unknown> {
    let s = this.state.get(p);
    if (!s || Object.keys(s).length === 0) {
      s = init();
      for (const v of Object.values(s)) if (v instanceof Tensor) adopt(v, p);
      this.state.set(p, s);
    }
    return s;
  }

  /** Stores a tensor in `p`'s state, adopted by `p`. */
  protected own<T extends Tensor>(t: T, p: Tensor): T {
    adopt(t, p);
    return t;
  }

  /**
   * The optimizer's state as a record: per-parameter state keyed by the
   * parameter's index, and the groups with `params` as indices. Tensors
   * are the optimizer's own (not copies), as PyTorch returns them;
   * `torch.save` writes them out.
   */
  stateDict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    let next = 0;
    const paramGroups = this.paramGroups.map((g) => {
      const packed: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(g)) if (k !== "params") packed[k] = Array.isArray(v) ? [...v] : v;
      packed.params = g.params.map((p) => {
        if (!index.has(p)) index.set(p, next++);
        return index.get(p)!;
      });
      return packed as Record<string, unknown> & { params: number[] };
    });
    const state: Record<string, Record<string, unknown>> = {};
    for (const [p, s] of this.state) {
      const i = index.get(p);
      if (i !== undefined) state[String(i)] = { ...s };
    }
    return { state, paramGroups };
  }

  /**
   * Restores state saved by `stateDict` (from this library, or PyTorch's
   * layout with snake_case keys and tensor step counts). The groups must
   * match in number and sizes; tensors are copied and cast to their
   * parameter's dtype, as PyTorch casts them.
   */
  loadStateDict(stateDict: OptimizerStateDict | Record<string, unknown>): void {
    if (!isRecordish(stateDict)) throw new TypeError(`${this.label}.loadStateDict: expected a state dict record`);
    const sd = stateDict as Record<string, unknown>;
    const savedGroups = (sd.paramGroups ?? sd.param_groups) as unknown;
    const savedState = sd.state as unknown;
    if (!Array.isArray(savedGroups) || !isRecordish(savedState)) {
      throw new TypeError(`${this.label}.loadStateDict: a state dict has 'state' and 'paramGroups'`);
    }
    if (savedGroups.length !== this.paramGroups.length) {
      throw new RangeError("loaded state dict has a different number of parameter groups");
    }
    const idMap = new Map<string, Tensor>();
    savedGroups.forEach((sg, gi) => {
      const ids = (sg as { params?: unknown }).params;
      if (!isRecordish(sg) || !Array.isArray(ids)) {
        throw new TypeError("loaded state dict has a malformed parameter group");
      }
      if (ids.length !== this.paramGroups[gi].params.length) {
        throw new RangeError(
          "loaded state dict contains a parameter group that doesn't match the size of optimizer's group",
        );
      }
      ids.forEach((id, i) => idMap.set(String(id), this.paramGroups[gi].params[i]));
    });
    const scalars = this.scalarStateKeys();
    const cast = (p: Tensor, v: unknown, key: string | null): unknown => {
      if (v instanceof Tensor) {
        if (key !== null && scalars.has(key)) return toNumber(v);
        const c = withGradMode(false, () => (isFloat(p.dtype) && isFloat(v.dtype) ? v.to(p.dtype) : v).clone());
        if (c.device !== p.device) return this.own(c.to(p.device), p);
        return this.own(c, p);
      }
      if (Array.isArray(v)) return v.map((x) => cast(p, x, key));
      if (isRecordish(v)) {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [camel(k), cast(p, x, camel(k))]));
      }
      return v;
    };
    const state = new Map<Tensor, Record<string, unknown>>();
    for (const [k, v] of Object.entries(savedState)) {
      const p = idMap.get(k);
      if (!p) continue;
      if (!isRecordish(v)) throw new TypeError(`loaded state dict has malformed state for parameter ${k}`);
      state.set(p, cast(p, v, null) as Record<string, unknown>);
    }
    const groups = savedGroups.map((sg, gi) => {
      const g: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(sg as Record<string, unknown>)) {
        if (k === "params") continue;
        g[camel(k)] = Array.isArray(v) ? [...v] : v;
      }
      const own = this.paramGroups[gi];
      g.params = own.params;
      if (own.paramNames && !g.paramNames) g.paramNames = own.paramNames;
      return g as G;
    });
    this.state = state;
    this.paramGroups = groups;
  }

  /** State keys PyTorch keeps in 0-d tensors and this library keeps as numbers. */
  protected scalarStateKeys(): Set<string> {
    return new Set(["step"]);
  }

  /** A short description: the class and each group's options. */
  toString(): string {
    const lines = [`${this.label} (`];
    this.paramGroups.forEach((g, i) => {
      lines.push(`Parameter Group ${i}`);
      // (a BigInt option, which JSON.stringify throws on, prints as its number)
      for (const k of Object.keys(g).sort()) {
        if (k !== "params") {
          lines.push(`    ${k}: ${JSON.stringify(g[k], (_, v) => typeof v === "bigint" ? Number(v) : v)}`);
        }
      }
    });
    lines.push(")");
    return lines.join("\n");
  }
}

function describe(v: unknown): string {
  return v === null ? "null" : typeof v === "object" ? (v as object).constructor?.name ?? "object" : typeof v;
}

const ZERO_GRAD = new Binder("zeroGrad", { pos: [opt("setToNone", "bool", true)], kw: [] });
