/**
 * nn.utils.prune: PyTorch's pruning mechanics. Pruning a tensor `name` of a
 * module moves the parameter to `<name>_orig`, registers the mask as the
 * buffer `<name>_mask`, and sets `module.<name>` to `mask * orig` (a plain
 * tensor, recorded by autograd), recomputed by a forward pre-hook before
 * each forward. Pruning the same tensor again composes the masks through a
 * PruningContainer; `remove` makes the pruning permanent.
 *
 * An `amount` is a count when it is an integer (PyTorch's int) and a
 * fraction otherwise (PyTorch's float): JS cannot tell `1` from `1.0`, so
 * `1` prunes one entry; prune every entry with the count.
 *
 * The random methods draw from torch's default generator in PyTorch's order
 * (`randLike` of the tensor, `rand(channels)`), so seeded masks equal
 * PyTorch's.
 */
import { RuntimeError } from "../core/errors.ts";
import { snakeCase } from "../core/names.ts";
import { torch } from "../torch/mod.ts";
import { Tensor } from "../torch/tensor.ts";
import { type ArgsOf, AttributeError, bind, binder, Module, Parameter, type RemovableHandle } from "./module.ts";
import { removeTensor, type Slots } from "./module_slots.ts";
import { parametersToVector } from "../optim/grad_utils.ts";
import { opt, req } from "../api/signature.ts";

/** The order of LnStructured's norm: a number (Infinity, -Infinity included) or "fro". */
export type LnOrder = number | "fro";

/** How a method's mask is combined with an earlier one in a PruningContainer. */
export type PruningType = "unstructured" | "structured" | "global";

/** The pruning hooks of each module, in registration order (PyTorch finds them among the forward pre-hooks). */
const HOOKS = new WeakMap<Module, { method: BasePruningMethod; handle: RemovableHandle }[]>();

function hooksOf(module: Module): { method: BasePruningMethod; handle: RemovableHandle }[] {
  let hs = HOOKS.get(module);
  if (!hs) HOOKS.set(module, hs = []);
  return hs;
}

/** PyTorch's str of a torch.Size. */
const sizeStr = (shape: readonly number[]) => `torch.Size([${shape.join(", ")}])`;

/** The module's JS property for the PyTorch name (`inProjWeight` for `in_proj_weight`; most names are the same). */
function attrOf(module: Module, name: string): string {
  if (name in module) return name;
  return Object.keys(module).find((k) => snakeCase(k) === name) ?? name;
}

function getattr(module: Module, name: string): unknown {
  const attr = attrOf(module, name);
  if (!(attr in module)) throw new AttributeError(`'${module.constructor.name}' object has no attribute '${name}'`);
  return (module as Slots)[attr];
}

function tensorAttr(module: Module, name: string): Tensor {
  const v = getattr(module, name);
  if (!(v instanceof Tensor)) throw new TypeError(`${module.constructor.name}.${name} is not a tensor`);
  return v;
}

/** Python's round(): halves to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : r;
}

function validateAmountInit(amount: unknown): number {
  if (typeof amount !== "number" || Number.isNaN(amount)) {
    throw new TypeError(`Invalid type for amount: ${String(amount)}. Must be int or float.`);
  }
  if (Number.isInteger(amount) ? amount < 0 : amount > 1 || amount < 0) {
    throw new RangeError(`amount=${amount} should either be a float in the range [0, 1] or a non-negative integer`);
  }
  return amount;
}

/** The number of entries to prune (PyTorch's _compute_nparams_toprune, then _validate_pruning_amount). */
function toPrune(amount: number, size: number): number {
  if (!Number.isInteger(amount)) return roundHalfEven(amount * size);
  if (amount > size) {
    throw new RangeError(`amount=${amount} should be smaller than the number of parameters to prune=${size}`);
  }
  return amount;
}

/** PyTorch's _validate_structured_pruning and _validate_pruning_dim; returns the dim made non-negative. */
function structuredDim(t: Tensor, dim: number): number {
  if (t.ndim <= 1) {
    throw new RangeError(
      `Structured pruning can only be applied to multidimensional tensors. Found tensor of shape ${
        sizeStr(t.shape)
      } with ${t.ndim} dims`,
    );
  }
  if (dim >= t.ndim) throw new RangeError(`Invalid index ${dim} for tensor of size ${sizeStr(t.shape)}`);
  if (dim < -t.ndim) throw new RangeError("tuple index out of range");
  return dim < 0 ? dim + t.ndim : dim;
}

/** A mask of t's shape and dtype that keeps the channels of `dim` where `keep` (0/1 per channel) is 1. */
function channelMask(t: Tensor, dim: number, keep: Tensor): Tensor {
  const shape = t.shape.map((_, i) => (i === dim ? -1 : 1));
  return torch.zerosLike(t).add_(keep.to(t.dtype).reshape(shape));
}

/**
 * The base of pruning methods (PyTorch's BasePruningMethod): a subclass
 * sets `PRUNING_TYPE` and computes the mask; `apply` prunes a module's
 * tensor with it. An instance is the forward pre-hook that recomputes the
 * pruned tensor (`call`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * class KeepPositive extends nn.utils.prune.BasePruningMethod {
 *   readonly PRUNING_TYPE = "unstructured";
 *   computeMask(t: torch.Tensor, defaultMask: torch.Tensor): torch.Tensor {
 *     return defaultMask.mul(t.gt(0).to(defaultMask.dtype));
 *   }
 * }
 * const m = new nn.Linear(3, 2);
 * KeepPositive.apply(m, "weight");
 * assert.equal(m.weight.lt(0).any().item(), false);
 * ```
 */
export abstract class BasePruningMethod {
  /** How the mask composes with an earlier one (PyTorch's PRUNING_TYPE). */
  abstract readonly PRUNING_TYPE: PruningType;
  /** The name of the pruned tensor (set by `apply`). */
  tensorName: string | null = null;

  /** The mask for `t`, starting from `defaultMask` (entries already pruned stay pruned). */
  abstract computeMask(t: Tensor, defaultMask: Tensor): Tensor;

  /** The forward pre-hook: sets the module's pruned tensor to mask * orig. */
  call(module: Module, _inputs?: unknown): void {
    (module as Slots)[attrOf(module, this.#name(module))] = this.applyMask(module);
  }

  #name(module: Module): string {
    if (this.tensorName === null) throw new RuntimeError(`Module ${module} has to be pruned`);
    return this.tensorName;
  }

  /** The pruned tensor: `<name>_mask * <name>_orig` of the module (recorded by autograd). */
  applyMask(module: Module): Tensor {
    const name = this.#name(module);
    const mask = tensorAttr(module, `${name}_mask`), orig = tensorAttr(module, `${name}_orig`);
    return mask.to(orig.dtype).mul(orig);
  }

  /**
   * Prunes `module.<name>` with a new instance of this class made from
   * `args` (composed with earlier pruning of the same tensor); returns the
   * method installed as the hook.
   */
  static apply(module: Module, name: string, ...args: unknown[]): BasePruningMethod {
    const Cls = this as unknown as new (...a: unknown[]) => BasePruningMethod;
    return applyPruning(module, name, () => new Cls(...args), null);
  }

  /** `t` with this method's mask applied (`defaultMask`: ones by default; `importanceScores`: t by default). */
  prune(t: Tensor, defaultMask: Tensor | null = null, importanceScores: Tensor | null = null): Tensor {
    if (importanceScores !== null && !sameShape(importanceScores, t)) {
      throw new RangeError(
        `importance_scores should have the same shape as tensor t, got ${sizeStr(importanceScores.shape)} vs ${
          sizeStr(t.shape)
        }`,
      );
    }
    return t.mul(this.computeMask(importanceScores ?? t, defaultMask ?? torch.onesLike(t)));
  }

  /** Makes the pruning permanent: `module.<name>` becomes the parameter again, holding the pruned values. */
  remove(module: Module): void {
    const name = this.#name(module);
    const weight = this.applyMask(module);
    const orig = tensorAttr(module, `${name}_orig`) as Parameter;
    orig.data = weight.data;
    removeTensor(module, `${name}_orig`);
    removeTensor(module, `${name}_mask`);
    putBack(module, name, orig);
  }
}

/**
 * Registers `orig` as the parameter `name` again, last among the module's
 * parameters as PyTorch's setattr does (a field would come before the
 * registered ones); a camelCase field (`inProjWeight`) gets its field back.
 */
function putBack(module: Module, name: string, orig: Parameter): void {
  const attr = attrOf(module, name);
  delete (module as Slots)[attr];
  if (attr === name) module.registerParameter(name, orig);
  else (module as Slots)[attr] = orig;
}

const sameShape = (a: Tensor, b: Tensor) => a.ndim === b.ndim && a.shape.every((d, i) => d === b.shape[i]);

/** PyTorch's BasePruningMethod.apply: installs (or composes) `make()`'s method on module.<name>. */
function applyPruning(
  module: Module,
  name: string,
  make: () => BasePruningMethod,
  importanceScores: Tensor | null,
): BasePruningMethod {
  if (!(module instanceof Module)) throw new TypeError(`prune: expected an nn.Module, got ${module}`);
  const hooks = hooksOf(module);
  const old = hooks.filter((h) => h.method.tensorName === name);
  if (old.length > 1) {
    throw new RuntimeError(
      `Avoid adding multiple pruning hooks to the same tensor ${name} of module ${module}. Use a PruningContainer.`,
    );
  }
  for (const h of old) {
    h.handle.remove();
    hooks.splice(hooks.indexOf(h), 1);
  }
  let method = make();
  method.tensorName = name;
  if (old.length === 1) {
    const prev = old[0].method;
    if (prev instanceof PruningContainer) {
      prev.addPruningMethod(method);
      method = prev;
    } else {
      const container = new PruningContainer(prev);
      container.addPruningMethod(method);
      method = container;
    }
  }
  const orig = tensorAttr(module, name);
  if (importanceScores !== null && !sameShape(importanceScores, orig)) {
    throw new RangeError(
      `importance_scores should have the same shape as parameter ${name} of ${module}, got ${
        sizeStr(importanceScores.shape)
      } vs ${sizeStr(orig.shape)}`,
    );
  }
  const composed = method instanceof PruningContainer;
  let defaultMask: Tensor;
  if (!composed) {
    if (!(orig instanceof Parameter)) {
      throw new TypeError(`cannot assign 'Tensor' object to parameter '${name}_orig' (nn.Parameter or null required)`);
    }
    removeTensor(module, attrOf(module, name));
    module.registerParameter(`${name}_orig`, orig);
    defaultMask = torch.onesLike(orig);
  } else {
    defaultMask = tensorAttr(module, `${name}_mask`).detach().clone({ memoryFormat: torch.contiguousFormat });
  }
  try {
    const mask = method.computeMask(importanceScores ?? orig, defaultMask);
    module.registerBuffer(`${name}_mask`, mask);
    method.call(module);
    const m = method;
    hooks.push({ method: m, handle: module.registerForwardPreHook((mod, inputs) => m.call(mod, inputs)) });
  } catch (e) {
    if (!composed) {
      // put the parameter back where it was
      removeTensor(module, `${name}_orig`);
      putBack(module, name, orig as Parameter);
    }
    throw e;
  }
  return method;
}

/**
 * A sequence of pruning methods applied to one tensor, each to what the
 * previous ones kept (PyTorch's PruningContainer): its mask is the last
 * method's mask computed on the entries (unstructured), channels
 * (structured) or whole tensor (global) that the current mask keeps.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * const m = new nn.Linear(4, 3);
 * nn.utils.prune.L1Unstructured.apply(m, "weight", 3);
 * const method = nn.utils.prune.RandomStructured.apply(m, "weight", 1, 0);
 * assert.ok(method instanceof nn.utils.prune.PruningContainer);
 * assert.equal(method.length, 2);
 * ```
 */
export class PruningContainer extends BasePruningMethod {
  /** How the mask composes with an earlier one: "unstructured". */
  readonly PRUNING_TYPE: PruningType = "unstructured";
  #methods: BasePruningMethod[] = [];

  /** A container of the given methods (one method: the container prunes its tensor). */
  constructor(...methods: BasePruningMethod[]) {
    super();
    if (methods.length === 1) this.tensorName = methods[0].tensorName;
    for (const m of methods) this.addPruningMethod(m);
  }

  /** Appends a method acting on the same tensor. */
  addPruningMethod(method: BasePruningMethod | null): void {
    if (method !== null && !(method instanceof BasePruningMethod)) {
      throw new TypeError(`${String(method)} is not a BasePruningMethod subclass`);
    }
    if (method !== null && this.tensorName !== method.tensorName) {
      throw new RangeError(
        `Can only add pruning methods acting on the parameter named '${this.tensorName}' to PruningContainer ${this.constructor.name}. Found '${method.tensorName}'`,
      );
    }
    if (method !== null) this.#methods.push(method);
  }

  /** The number of methods. */
  get length(): number {
    return this.#methods.length;
  }
  /** The methods in order. */
  [Symbol.iterator](): Iterator<BasePruningMethod> {
    return this.#methods[Symbol.iterator]();
  }
  /** The method at `i` (negative: from the end). */
  at(i: number): BasePruningMethod | undefined {
    return this.#methods.at(i);
  }

  /** The last method's mask on what `defaultMask` keeps, merged into `defaultMask`. */
  computeMask(t: Tensor, defaultMask: Tensor): Tensor {
    const method = this.#methods[this.#methods.length - 1];
    const mask = defaultMask;
    const newMask = mask.to(t.dtype);
    switch (method.PRUNING_TYPE) {
      case "unstructured": {
        const keep = mask.eq(1);
        const part = method.computeMask(t.get(keep), mask.get(keep));
        return newMask.maskedScatter_(keep, part.to(newMask.dtype));
      }
      case "structured": {
        const nd = t.ndim;
        const d0 = (method as { dim?: number }).dim;
        if (d0 === undefined) {
          throw new AttributeError(
            'Pruning methods of PRUNING_TYPE "structured" need to have the attribute `dim` defined.',
          );
        }
        const dim = d0 < 0 ? nd + d0 : d0;
        if (dim < 0) throw new RangeError(`Index is out of bounds for tensor with dimensions ${nd}`);
        const others = [...Array(nd).keys()].filter((d) => d !== dim);
        const kept = mask.sum(others).ne(0).nonzero().reshape(-1);
        const part = method.computeMask(t.indexSelect(dim, kept), mask.indexSelect(dim, kept));
        return newMask.indexCopy_(dim, kept, part.to(newMask.dtype));
      }
      case "global":
        return newMask.copy_(method.computeMask(t, mask));
      default:
        throw new RangeError(`Unrecognized PRUNING_TYPE ${method.PRUNING_TYPE}`);
    }
  }
}

/**
 * A method that prunes nothing (the mask is all ones): installs the
 * pruning mechanics (`<name>_orig`, `<name>_mask`) alone.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * const m = nn.utils.prune.identity(new nn.Linear(2, 2), "weight");
 * assert.deepEqual(Object.keys(m.stateDict()), ["bias", "weight_orig", "weight_mask"]);
 * ```
 */
export class Identity extends BasePruningMethod {
  /** How the mask composes with an earlier one: "unstructured". */
  readonly PRUNING_TYPE: PruningType = "unstructured";
  /** The default mask itself. */
  computeMask(_t: Tensor, defaultMask: Tensor): Tensor {
    return defaultMask;
  }
  /** Installs identity pruning on module.<name>. */
  static override apply(module: Module, name: string): Identity {
    return applyPruning(module, name, () => new Identity(), null) as Identity;
  }
}

const AMOUNT = { pos: [req("amount", "any")], kw: [] } as const;
const RANDOM_UNSTRUCTURED = binder("RandomUnstructured", AMOUNT);
const L1_UNSTRUCTURED = binder("L1Unstructured", AMOUNT);

/** Zeroes `mask`'s flat entries at the k largest (or smallest) `scores` (PyTorch's topk choice, ties included). */
function zeroTopk(mask: Tensor, scores: Tensor, k: number, largest: boolean): Tensor {
  if (k !== 0) mask.view(-1).indexFill_(0, torch.topk(scores.view(-1), k, { largest }).indices, 0);
  return mask;
}

/**
 * Prunes `amount` entries chosen at random (PyTorch's RandomUnstructured:
 * the top-k of `torch.randLike(t)`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const mask = new nn.utils.prune.RandomUnstructured(2).computeMask(torch.ones(5), torch.ones(5));
 * assert.equal(mask.sum().item(), 3);
 * ```
 */
export class RandomUnstructured extends BasePruningMethod {
  /** How the mask composes with an earlier one: "unstructured". */
  readonly PRUNING_TYPE: PruningType = "unstructured";
  /** A count (an integer) or a fraction of the entries. */
  readonly amount: number;
  /** Takes `amount` (also as `{ amount }`). */
  constructor(...args: ArgsOf<typeof AMOUNT>) {
    super();
    this.amount = validateAmountInit(bind(RANDOM_UNSTRUCTURED, args).amount);
  }
  /** `defaultMask` with `amount` random entries zeroed. */
  computeMask(t: Tensor, defaultMask: Tensor): Tensor {
    const k = toPrune(this.amount, t.numel());
    const mask = defaultMask.clone({ memoryFormat: torch.contiguousFormat });
    return k === 0 ? mask : zeroTopk(mask, torch.randLike(t), k, true);
  }
  /** Prunes module.<name> at random. */
  static override apply(module: Module, name: string, amount: number): RandomUnstructured {
    return applyPruning(module, name, () => new RandomUnstructured(amount), null) as RandomUnstructured;
  }
}

/**
 * Prunes the `amount` entries of smallest absolute value (PyTorch's
 * L1Unstructured; ties broken as PyTorch's topk).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const t = torch.tensor([0.5, 0.1, 2.0, 0.05]);
 * assert.deepEqual(new nn.utils.prune.L1Unstructured(0.5).prune(t).tolist(), [0.5, 0, 2, 0]);
 * ```
 */
export class L1Unstructured extends BasePruningMethod {
  /** How the mask composes with an earlier one: "unstructured". */
  readonly PRUNING_TYPE: PruningType = "unstructured";
  /** A count (an integer) or a fraction of the entries. */
  readonly amount: number;
  /** Takes `amount` (also as `{ amount }`). */
  constructor(...args: ArgsOf<typeof AMOUNT>) {
    super();
    this.amount = validateAmountInit(bind(L1_UNSTRUCTURED, args).amount);
  }
  /** `defaultMask` with the entries of smallest |t| zeroed. */
  computeMask(t: Tensor, defaultMask: Tensor): Tensor {
    const k = toPrune(this.amount, t.numel());
    const mask = defaultMask.clone({ memoryFormat: torch.contiguousFormat });
    return k === 0 ? mask : zeroTopk(mask, torch.abs(t), k, false);
  }
  /** Prunes module.<name> by magnitude (of `importanceScores` when given). */
  static override apply(
    module: Module,
    name: string,
    amount: number,
    importanceScores: Tensor | null = null,
  ): L1Unstructured {
    return applyPruning(module, name, () => new L1Unstructured(amount), importanceScores) as L1Unstructured;
  }
}

const RANDOM_STRUCTURED_SIG = { pos: [req("amount", "any"), opt("dim", "int", -1)], kw: [] } as const;
const RANDOM_STRUCTURED = binder("RandomStructured", RANDOM_STRUCTURED_SIG);

/**
 * Prunes `amount` whole channels along `dim` chosen at random (PyTorch's
 * RandomStructured: the channels whose `torch.rand(n)` draw exceeds its
 * k-th smallest are kept).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const mask = new nn.utils.prune.RandomStructured(1, 0).computeMask(torch.ones(3, 2), torch.ones(3, 2));
 * assert.equal(mask.sum().item(), 4);
 * ```
 */
export class RandomStructured extends BasePruningMethod {
  /** How the mask composes with an earlier one: "structured". */
  readonly PRUNING_TYPE: PruningType = "structured";
  /** A count (an integer) or a fraction of the channels. */
  readonly amount: number;
  /** The channel dimension. */
  readonly dim: number;
  /** Takes `amount` and `dim` (-1 by default), positionally or as options. */
  constructor(...args: ArgsOf<typeof RANDOM_STRUCTURED_SIG>) {
    super();
    const a = bind(RANDOM_STRUCTURED, args);
    this.amount = validateAmountInit(a.amount);
    this.dim = a.dim;
  }
  /** `defaultMask` with `amount` random channels zeroed. */
  computeMask(t: Tensor, defaultMask: Tensor): Tensor {
    const dim = structuredDim(t, this.dim);
    const n = t.shape[dim], k = toPrune(this.amount, n);
    if (k === 0) return defaultMask;
    const prob = torch.rand(n);
    const keep = prob.gt(torch.kthvalue(prob, k).values);
    return channelMask(t, dim, keep).mul_(defaultMask.to(t.dtype));
  }
  /** Prunes random channels of module.<name>. */
  static override apply(module: Module, name: string, amount: number, dim = -1): RandomStructured {
    return applyPruning(module, name, () => new RandomStructured(amount, dim), null) as RandomStructured;
  }
}

const LN_STRUCTURED_SIG = { pos: [req("amount", "any"), req("n", "any"), opt("dim", "int", -1)], kw: [] } as const;
const LN_STRUCTURED = binder("LnStructured", LN_STRUCTURED_SIG);

/**
 * Prunes the `amount` channels along `dim` of smallest Ln norm (PyTorch's
 * LnStructured; `n` a number, `Infinity`, `-Infinity` or "fro").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const t = torch.tensor([[1.0, 1.0], [0.1, 0.2], [3.0, 0.0]]);
 * const mask = new nn.utils.prune.LnStructured(1, 2, 0).computeMask(t, torch.onesLike(t));
 * assert.deepEqual(mask.tolist(), [[1, 1], [0, 0], [1, 1]]);
 * ```
 */
export class LnStructured extends BasePruningMethod {
  /** How the mask composes with an earlier one: "structured". */
  readonly PRUNING_TYPE: PruningType = "structured";
  /** A count (an integer) or a fraction of the channels. */
  readonly amount: number;
  /** The order of the norm. */
  readonly n: LnOrder;
  /** The channel dimension. */
  readonly dim: number;
  /** Takes `amount`, `n` and `dim` (-1 by default), positionally or as options. */
  constructor(...args: ArgsOf<typeof LN_STRUCTURED_SIG>) {
    super();
    const a = bind(LN_STRUCTURED, args);
    this.amount = validateAmountInit(a.amount);
    this.n = a.n as LnOrder;
    this.dim = a.dim;
  }
  /** `defaultMask` with the channels of smallest norm zeroed. */
  computeMask(t: Tensor, defaultMask: Tensor): Tensor {
    const dim = structuredDim(t, this.dim);
    const size = t.shape[dim], k = toPrune(this.amount, size);
    const others = [...Array(t.ndim).keys()].filter((d) => d !== dim);
    // PyTorch takes the top-k of the norms before looking at k (an invalid n fails even when nothing is pruned)
    const norm = torch.norm(t, this.n as number, others);
    const kept = torch.topk(norm, size - k, { largest: true }).indices;
    if (k === 0) return defaultMask;
    return channelMask(t, dim, torch.zeros(size).indexFill_(0, kept, 1)).mul_(defaultMask.to(t.dtype));
  }
  /** Prunes the channels of smallest norm of module.<name> (or of `importanceScores`). */
  static override apply(
    module: Module,
    name: string,
    amount: number,
    n: LnOrder,
    dim: number,
    importanceScores: Tensor | null = null,
  ): LnStructured {
    return applyPruning(module, name, () => new LnStructured(amount, n, dim), importanceScores) as LnStructured;
  }
}

const MASK_SIG = { pos: [req("mask", "array")], kw: [] } as const;
const CUSTOM = binder("CustomFromMask", MASK_SIG);

/**
 * Prunes where a given mask is 0 (PyTorch's CustomFromMask).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const mask = torch.tensor([1, 0, 1]);
 * assert.deepEqual(new nn.utils.prune.CustomFromMask(mask).prune(torch.tensor([4, 5, 6])).tolist(), [4, 0, 6]);
 * ```
 */
export class CustomFromMask extends BasePruningMethod {
  /** How the mask composes with an earlier one: "global". */
  readonly PRUNING_TYPE: PruningType = "global";
  /** The mask (1: keep). */
  readonly mask: Tensor;
  /** Takes the mask (also as `{ mask }`). */
  constructor(...args: ArgsOf<typeof MASK_SIG>) {
    super();
    this.mask = bind(CUSTOM, args).mask;
  }
  /** `defaultMask * mask`. */
  computeMask(_t: Tensor, defaultMask: Tensor): Tensor {
    if (!sameShape(defaultMask, this.mask)) {
      throw new RangeError(
        `default_mask shape ${sizeStr(defaultMask.shape)} must match self.mask shape ${sizeStr(this.mask.shape)}`,
      );
    }
    return defaultMask.mul(this.mask.to(defaultMask.dtype));
  }
  /** Prunes module.<name> where `mask` is 0. */
  static override apply(module: Module, name: string, mask: Tensor): CustomFromMask {
    return applyPruning(module, name, () => new CustomFromMask(mask), null) as CustomFromMask;
  }
}

const MODULE_NAME = [req("module", "any"), req("name", "string")] as const;
const IDENTITY_SIG = { pos: MODULE_NAME, kw: [] } as const;
const IDENTITY_B = binder("identity", IDENTITY_SIG);
const RU_SIG = { pos: [...MODULE_NAME, req("amount", "any")], kw: [] } as const;
const RU_B = binder("randomUnstructured", RU_SIG);
const L1_SIG = { pos: [...MODULE_NAME, req("amount", "any"), opt("importanceScores", "array", null)], kw: [] } as const;
const L1_B = binder("l1Unstructured", L1_SIG);
const RS_SIG = { pos: [...MODULE_NAME, req("amount", "any"), req("dim", "int")], kw: [] } as const;
const RS_B = binder("randomStructured", RS_SIG);
const LN_SIG = {
  pos: [
    ...MODULE_NAME,
    req("amount", "any"),
    req("n", "any"),
    req("dim", "int"),
    opt("importanceScores", "array", null),
  ],
  kw: [],
} as const;
const LN_B = binder("lnStructured", LN_SIG);
const CFM_SIG = { pos: [...MODULE_NAME, req("mask", "array")], kw: [] } as const;
const CFM_B = binder("customFromMask", CFM_SIG);
const REMOVE_SIG = { pos: MODULE_NAME, kw: [] } as const;
const REMOVE_B = binder("remove", REMOVE_SIG);

/**
 * Installs pruning on module.<name> without pruning anything; returns the module.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * const m = nn.utils.prune.identity(new nn.Linear(2, 2), "bias");
 * assert.equal(nn.utils.prune.isPruned(m), true);
 * ```
 */
export function identity<M extends Module>(
  ...args: [module: M, name: string] | [module: M, opts: { name: string }]
): M {
  const a = bind(IDENTITY_B, args);
  Identity.apply(a.module, a.name);
  return a.module;
}

/**
 * Prunes `amount` random entries of module.<name> (a count or a fraction); returns the module.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * const m = nn.utils.prune.randomUnstructured(new nn.Linear(4, 2), "weight", 3);
 * assert.equal(m.getBuffer("weight_mask").eq(0).sum().item(), 3);
 * ```
 */
export function randomUnstructured<M extends Module>(
  ...args: [module: M, name: string, amount: number] | [module: M, name: string, opts: { amount: number }]
): M {
  const a = bind(RU_B, args);
  RandomUnstructured.apply(a.module, a.name, a.amount);
  return a.module;
}

/**
 * Prunes the `amount` entries of module.<name> of smallest magnitude (of
 * `importanceScores` when given); returns the module.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * const m = nn.utils.prune.l1Unstructured(new nn.Linear(4, 2), "weight", { amount: 0.25 });
 * assert.equal(m.getBuffer("weight_mask").eq(0).sum().item(), 2);
 * ```
 */
export function l1Unstructured<M extends Module>(
  ...args:
    | [module: M, name: string, amount: number, importanceScores?: Tensor | null]
    | [module: M, name: string, amount: number, opts: { importanceScores?: Tensor | null }]
    | [module: M, name: string, opts: { amount: number; importanceScores?: Tensor | null }]
): M {
  const a = bind(L1_B, args);
  L1Unstructured.apply(a.module, a.name, a.amount, a.importanceScores);
  return a.module;
}

/**
 * Prunes `amount` random channels of module.<name> along `dim`; returns the module.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * const m = nn.utils.prune.randomStructured(new nn.Linear(4, 3), "weight", 1, 0);
 * assert.equal(m.getBuffer("weight_mask").sum(1).eq(0).sum().item(), 1);
 * ```
 */
export function randomStructured<M extends Module>(
  ...args:
    | [module: M, name: string, amount: number, dim: number]
    | [module: M, name: string, amount: number, opts: { dim: number }]
    | [module: M, name: string, opts: { amount: number; dim: number }]
): M {
  const a = bind(RS_B, args);
  RandomStructured.apply(a.module, a.name, a.amount, a.dim);
  return a.module;
}

/**
 * Prunes the `amount` channels of module.<name> along `dim` of smallest
 * Ln norm (of `importanceScores` when given); returns the module.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * const m = nn.utils.prune.lnStructured(new nn.Conv2d(1, 4, 3), "weight", 0.5, 2, 0);
 * assert.equal(m.getBuffer("weight_mask").sum([1, 2, 3]).eq(0).sum().item(), 2);
 * ```
 */
export function lnStructured<M extends Module>(
  ...args:
    | [module: M, name: string, amount: number, n: LnOrder, dim: number, importanceScores?: Tensor | null]
    | [module: M, name: string, amount: number, n: LnOrder, dim: number, opts: { importanceScores?: Tensor | null }]
    | [module: M, name: string, amount: number, n: LnOrder, opts: { dim: number; importanceScores?: Tensor | null }]
    | [module: M, name: string, opts: { amount: number; n: LnOrder; dim: number; importanceScores?: Tensor | null }]
): M {
  const a = bind(LN_B, args);
  LnStructured.apply(a.module, a.name, a.amount, a.n as LnOrder, a.dim, a.importanceScores);
  return a.module;
}

/**
 * Prunes module.<name> where `mask` is 0; returns the module.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const m = nn.utils.prune.customFromMask(new nn.Linear(2, 1), "bias", torch.tensor([0]));
 * assert.equal(m.bias!.eq(0).all().item(), true);
 * ```
 */
export function customFromMask<M extends Module>(
  ...args: [module: M, name: string, mask: Tensor] | [module: M, name: string, opts: { mask: Tensor }]
): M {
  const a = bind(CFM_B, args);
  CustomFromMask.apply(a.module, a.name, a.mask);
  return a.module;
}

/** A pruning method class as globalUnstructured takes it: constructed from the keyword options. */
export type PruningMethodClass = new (opts: never) => BasePruningMethod;

/** Importance scores of globalUnstructured: entries `[[module, name], scores]` (PyTorch's dict keyed by (module, name)). */
export type ImportanceScores = Iterable<readonly [readonly [Module, string], Tensor]>;

/**
 * Prunes the tensors `[module, name]` of `parameters` together: the method
 * (an unstructured one, made from the remaining options, e.g.
 * `{ amount }`) computes one mask over all of them concatenated (of their
 * importance scores when given), and each tensor is then pruned with its
 * part of it (CustomFromMask).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * const a = new nn.Linear(4, 4), b = new nn.Linear(4, 2);
 * nn.utils.prune.globalUnstructured([[a, "weight"], [b, "weight"]], nn.utils.prune.L1Unstructured, { amount: 6 });
 * const pruned = (m: nn.Module) => m.getBuffer("weight_mask").eq(0).sum().item() as number;
 * assert.equal(pruned(a) + pruned(b), 6);
 * ```
 */
export function globalUnstructured(
  parameters: Iterable<readonly [Module, string]>,
  pruningMethod: PruningMethodClass,
  ...rest:
    | [importanceScores?: ImportanceScores | null, kwargs?: Record<string, unknown>]
    | [kwargs: Record<string, unknown> & { importanceScores?: ImportanceScores | null }]
): void {
  if (parameters === null || typeof (parameters as Iterable<unknown>)?.[Symbol.iterator] !== "function") {
    throw new TypeError("globalUnstructured(): parameters is not an Iterable");
  }
  let scores: unknown = null, kwargs: Record<string, unknown> = {};
  const [first, second] = rest;
  if (rest.length === 1 && first !== null && first !== undefined && isPlainObject(first)) {
    ({ importanceScores: scores = null, ...kwargs } = first as Record<string, unknown>);
  } else {
    scores = first ?? null;
    kwargs = second ?? {};
  }
  if (
    scores !== null && (typeof (scores as Iterable<unknown>)[Symbol.iterator] !== "function" || isPlainObject(scores))
  ) {
    throw new TypeError("globalUnstructured(): importanceScores must be of type dict");
  }
  const entries = scores === null ? [] : [...(scores as ImportanceScores)];
  const params = [...parameters];
  const scoreOf = (m: Module, n: string) => entries.find(([[em, en]]) => em === m && en === n)?.[1] ?? tensorAttr(m, n);
  const relevant = parametersToVector(params.map(([m, n]) => scoreOf(m, n)));
  const defaultMask = parametersToVector(
    params.map(([m, n]) => hasAttr(m, `${n}_mask`) ? tensorAttr(m, `${n}_mask`) : torch.onesLike(tensorAttr(m, n))),
  );
  const container = new PruningContainer();
  container.tensorName = "temp";
  const method = new pruningMethod(kwargs as never);
  method.tensorName = "temp";
  if (method.PRUNING_TYPE !== "unstructured") {
    throw new TypeError(
      `Only "unstructured" PRUNING_TYPE supported for the \`pruning_method\`. Found method ${pruningMethod.name} of type ${method.PRUNING_TYPE}`,
    );
  }
  container.addPruningMethod(method);
  const finalMask = container.computeMask(relevant, defaultMask);
  let at = 0;
  for (const [m, n] of params) {
    const p = tensorAttr(m, n), k = p.numel();
    customFromMask(m, n, finalMask.narrow(0, at, k).viewAs(p));
    at += k;
  }
}

const isPlainObject = (v: unknown) =>
  typeof v === "object" && v !== null && (Object.getPrototypeOf(v) === Object.prototype ||
    Object.getPrototypeOf(v) === null);

const hasAttr = (m: Module, name: string) => attrOf(m, name) in m;

/**
 * Makes the pruning of module.<name> permanent: the parameter `<name>`
 * holds the pruned values again, `<name>_orig`, `<name>_mask` and the hook
 * are gone. Returns the module.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * const m = nn.utils.prune.l1Unstructured(new nn.Linear(3, 2), "weight", 2);
 * nn.utils.prune.remove(m, "weight");
 * assert.deepEqual(Object.keys(m.stateDict()), ["bias", "weight"]);
 * assert.equal(m.weight.eq(0).sum().item(), 2);
 * ```
 */
export function remove<M extends Module>(...args: [module: M, name: string] | [module: M, opts: { name: string }]): M {
  const a = bind(REMOVE_B, args);
  const module = a.module as Module, name = a.name as string;
  const hooks = module instanceof Module ? hooksOf(module) : [];
  const h = hooks.find((e) => e.method.tensorName === name);
  if (!h) {
    throw new RangeError(`Parameter '${name}' of module ${module} has to be pruned before pruning can be removed`);
  }
  h.method.remove(module);
  h.handle.remove();
  hooks.splice(hooks.indexOf(h), 1);
  return a.module;
}

/**
 * Whether any module of the tree has a pruning hook.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * const net = new nn.Sequential(new nn.Linear(2, 2), new nn.ReLU());
 * assert.equal(nn.utils.prune.isPruned(net), false);
 * nn.utils.prune.identity(net.at(0), "weight");
 * assert.equal(nn.utils.prune.isPruned(net), true);
 * ```
 */
export function isPruned(module: Module): boolean {
  return module.modules().some((m) => (HOOKS.get(m)?.length ?? 0) > 0);
}
