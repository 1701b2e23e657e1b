/**
 * nn.Module and nn.Parameter.
 *
 * A module's parameters and sub-modules register themselves: they are the
 * instance's own enumerable properties (in insertion order) that hold an
 * nn.Parameter or an nn.Module, so `this.fc1 = new nn.Linear(...)` is all
 * a subclass writes. Buffers are tensors registered with `registerBuffer`.
 * Names are PyTorch's: a JS identifier is written in snake_case
 * (`runningMean` -> `running_mean`, `fcOut` -> `fc_out`; snake_case names
 * stay as they are), and nested names are dotted (`encoder.0.weight`), so a
 * state dict saved by PyTorch loads by name. Containers (Sequential,
 * ModuleList, ModuleDict, ParameterList) keep their keys verbatim.
 *
 * The base constructor shadows `forward` with an own property that runs
 * the class's `forward` through the hook machinery (forward pre-hooks,
 * forward hooks, full backward hooks), so `model.forward(x)` runs hooks
 * also when a subclass defines `forward` itself; with no hooks it is one
 * extra call.
 */
import { Binder, type Forms, type Sig } from "../api/signature.ts";
import { edgeOf, Node } from "../autograd/graph.ts";
import { withGradMode } from "../autograd/grad_mode.ts";
import { type DType, isFloat } from "../core/dtype.ts";
import { RuntimeError } from "../core/errors.ts";
import { keep } from "../core/lifetime.ts";
import { zeros } from "../ops/operand.ts";
import { getDefaultDtype, torchDType } from "../torch/default_dtype.ts";
import { peekGrad, releaseGrad, Tensor } from "../torch/tensor.ts";
import { snakeCase } from "../core/names.ts";

// ---------- binding constructor arguments ----------

/** What the binder needs to recognize tensors (modules take no array-likes). */
export const CONV = {
  array: (v: unknown): Tensor | undefined => (v instanceof Tensor ? v : undefined),
  isArray: (v: unknown): boolean => v instanceof Tensor,
  dtype: torchDType,
  arrayName: "Tensor",
};

/** The argument lists a signature accepts (PyTorch's positional order, then an options object). */
export type ArgsOf<S extends Sig> = Forms<S, Tensor, Tensor>;

/** Binds constructor (or forward) arguments; unknown options and wrong types are TypeErrors naming them. */
// deno-lint-ignore no-explicit-any
export function bind(b: Binder, args: readonly unknown[]): Record<string, any> {
  return b.bind(args, CONV);
}

/** A binder for a signature (the op name shown in errors: the class name). */
export function binder<const S extends Sig>(name: string, sig: S): Binder {
  return new Binder(name, sig);
}

// ---------- Parameter ----------

/**
 * nn.Parameter: a tensor that a module registers as a parameter. It
 * shares the given tensor's memory, requires grad by default, and lives
 * outside `tidy` scopes (it is kept; its gradients are adopted). Ops on a
 * parameter return plain tensors.
 *
 * @example
 * ```ts
 * import { nn, torch } from "../../mod.ts";
 * const p = new nn.Parameter(torch.zeros(2, 3));
 * console.log(p.requiresGrad, p.shape); // true [2, 3]
 * ```
 */
export class Parameter extends Tensor {
  constructor(data: Tensor | null = null, requiresGrad: boolean | { requiresGrad?: boolean } = true) {
    const t = data ?? Tensor._wrap(zeros([0], getDefaultDtype()));
    if (!(t instanceof Tensor)) throw new TypeError(`Parameter(): data must be a Tensor, not ${typeof t}`);
    super(t.storage, t.layout);
    keep(this);
    const rg = typeof requiresGrad === "boolean" ? requiresGrad : requiresGrad.requiresGrad ?? true;
    if (rg) this.requiresGrad = true;
  }

  /** PyTorch's repr: `Parameter containing:` and the tensor. */
  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}

/**
 * nn.Buffer: marks a tensor as a buffer. Assigned to a module's field
 * (`this.stats = new nn.Buffer(t)`), it is registered as a buffer (in the
 * state dict unless `persistent` is false) the first time the module's
 * buffers are looked at. It shares the given tensor's memory, detached
 * (PyTorch's `data.detach().requires_grad_(data.requires_grad)`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * class Stats extends nn.Module {
 *   total = new nn.Buffer(torch.zeros(3));
 *   scratch = new nn.Buffer(torch.zeros(3), { persistent: false });
 * }
 * const m = new Stats();
 * assert.deepEqual(Object.keys(m.stateDict()), ["total"]);
 * assert.deepEqual(m.namedBuffers().map(([n]) => n), ["total", "scratch"]);
 * ```
 */
export class Buffer extends Tensor {
  /** Whether the buffer is part of the state dict. */
  readonly persistent: boolean;
  constructor(data: Tensor | null = null, opts: { persistent?: boolean } = {}) {
    const t = data ?? Tensor._wrap(zeros([0], getDefaultDtype()));
    if (!(t instanceof Tensor)) throw new TypeError(`Buffer(): data must be a Tensor, not ${describe(t)}`);
    for (const k of Object.keys(opts)) {
      if (k !== "persistent") throw new TypeError(`Buffer(): unknown option '${k}'; expected persistent`);
    }
    super(t.storage, t.layout);
    if (t.requiresGrad) this.requiresGrad = true;
    this.persistent = opts.persistent ?? true;
  }
}

// ---------- hooks ----------

/** A hook's handle: `remove()` unregisters it. */
export interface RemovableHandle {
  readonly id: number;
  remove(): void;
}
// deno-lint-ignore no-explicit-any
type AnyArgs = any[];
/** A forward pre-hook: (module, args) -> replacement args (a list or one value) or nothing. */
// deno-lint-ignore no-explicit-any
export type ForwardPreHook = (module: Module, args: AnyArgs) => any;
/** A forward hook: (module, args, output) -> replacement output or nothing. */
// deno-lint-ignore no-explicit-any
export type ForwardHook = (module: Module, args: AnyArgs, output: any) => any;
/** A full backward hook: (module, gradInput, gradOutput) -> replacement gradInput or nothing. */
export type BackwardHook = (
  module: Module,
  gradInput: (Tensor | null)[],
  gradOutput: (Tensor | null)[],
) => (Tensor | null)[] | void | undefined;

let nextHookId = 0;
class HookList<H> {
  readonly items: { id: number; fn: H; always?: boolean }[] = [];
  add(fn: H, prepend = false, always = false): RemovableHandle {
    if (typeof fn !== "function") throw new TypeError("hook must be a function");
    const entry = { id: nextHookId++, fn, always };
    if (prepend) this.items.unshift(entry);
    else this.items.push(entry);
    return { id: entry.id, remove: () => void this.items.splice(this.items.indexOf(entry) >>> 0, 1) };
  }
  get size(): number {
    return this.items.length;
  }
}

/**
 * Passes tensors through one identity node (PyTorch's
 * BackwardHookFunction): the returned tensors share memory with the given
 * ones, and `onGrads` sees (and may replace) their gradients together.
 */
function identityNode(
  values: unknown[],
  onGrads: (gs: (Tensor | null)[]) => (Tensor | null)[],
): { values: unknown[]; tensorAt: number[] } {
  const tensorAt: number[] = [];
  values.forEach((v, i) => {
    if (v instanceof Tensor) tensorAt.push(i);
  });
  const grad = tensorAt.filter((i) => (values[i] as Tensor).requiresGrad);
  if (grad.length === 0) return { values, tensorAt };
  const ts = grad.map((i) => values[i] as Tensor);
  const node = new Node(
    "BackwardHookFunctionBackward",
    ts.map((t) => edgeOf(t)),
    ts.map((t) => t.layout.shape),
    (gs) => onGrads(gs as (Tensor | null)[]),
    [],
    null,
    ts.length,
  );
  node.exposesGrads = true; // the user's hooks see (and may keep) what it returns
  const out = [...values];
  grad.forEach((i, k) => {
    const a = ts[k].detach();
    a.gradFn = node;
    a.outputNr = k;
    a.requiresGrad = true;
    out[i] = a;
  });
  return { values: out, tensorAt };
}

// ---------- Module ----------

type Child = Module | Parameter;
type StateDictInput = Record<string, Tensor> | Map<string, Tensor>;

/** The result of loadStateDict: the keys the module expected but did not get, and those it did not expect. */
export interface IncompatibleKeys {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/** A plain object (an options object), not a tensor, array or class instance. */
const isPlainOptions = (v: unknown): boolean =>
  typeof v === "object" && v !== null && [Object.prototype, null].includes(Object.getPrototypeOf(v));

/**
 * The base of every layer, loss and model. Subclass it, assign layers and
 * Parameters as fields, and define `forward`.
 *
 * @example
 * ```ts
 * import { nn, torch } from "../../mod.ts";
 * class Net extends nn.Module {
 *   fc1 = new nn.Linear(4, 8);
 *   fc2 = new nn.Linear(8, 2);
 *   override forward(x: torch.Tensor) {
 *     return this.fc2.forward(this.fc1.forward(x).relu());
 *   }
 * }
 * const net = new Net();
 * console.log(net.namedParameters().map(([n]) => n)); // ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]
 * console.log(net.forward(torch.randn(3, 4)).shape); // [3, 2]
 * ```
 */
export class Module {
  /** Whether the module is in training mode (train() / eval() set it recursively). */
  training = true;
  /** Registered buffers by PyTorch name (null: registered as None). */
  readonly #bufferMap = new Map<string, { t: Tensor | null; persistent: boolean }>();
  /** The buffers, after registering the nn.Buffer values assigned to fields (PyTorch's __setattr__ does it). */
  get #buffers(): Map<string, { t: Tensor | null; persistent: boolean }> {
    for (const k of Object.keys(this)) {
      const v = (this as Record<string, unknown>)[k];
      if (v instanceof Buffer) {
        delete (this as Record<string, unknown>)[k];
        this.registerBuffer(k, v, { persistent: v.persistent });
      }
    }
    return this.#bufferMap;
  }
  /** Children and parameters registered by name (containers, registerModule, registerParameter). */
  readonly #named = new Map<string, Child | null>();
  readonly #preHooks = new HookList<ForwardPreHook>();
  readonly #hooks = new HookList<ForwardHook>();
  readonly #backwardHooks = new HookList<BackwardHook>();

  /** `new Module()`: arguments are PyTorch's TypeError (an options object's keys as unexpected keywords). */
  constructor(...args: unknown[]) {
    if (args.length === 1 && isPlainOptions(args[0])) {
      const [key] = Object.keys(args[0] as object);
      if (key !== undefined) throw new TypeError(`Module.__init__() got an unexpected keyword argument '${key}'`);
    } else if (args.length) {
      throw new TypeError(`Module.__init__() takes 1 positional argument but ${args.length + 1} were given`);
    }
    const impl = this.forward;
    Object.defineProperty(this, "forward", {
      // deno-lint-ignore no-explicit-any
      value: (...args: any[]) => this._callImpl(impl, args),
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }

  /** The computation; subclasses define it. Call `module.forward(...)` (it runs the hooks). */
  // deno-lint-ignore no-explicit-any
  forward(..._args: any[]): any {
    throw new RuntimeError(`Module [${this.constructor.name}] is missing the required "forward" function`);
  }

  /** Runs `impl` (the class's forward) with the hooks (PyTorch's _call_impl). */
  // deno-lint-ignore no-explicit-any
  protected _callImpl(impl: (...a: any[]) => any, args: any[]): any {
    if (this.#preHooks.size === 0 && this.#hooks.size === 0 && this.#backwardHooks.size === 0) {
      return impl.apply(this, args);
    }
    for (const h of [...this.#preHooks.items]) {
      const r = h.fn(this, args);
      if (r !== undefined && r !== null) args = Array.isArray(r) ? r : [r];
    }
    let finish: ((out: unknown) => unknown) | null = null;
    if (this.#backwardHooks.size > 0) [args, finish] = this.#setupBackwardHooks(args);
    let out;
    try {
      out = impl.apply(this, args);
    } catch (e) {
      for (const h of this.#hooks.items) if (h.always) h.fn(this, args, undefined);
      throw e;
    }
    for (const h of [...this.#hooks.items]) {
      const r = h.fn(this, args, out);
      if (r !== undefined && r !== null) out = r;
    }
    return finish ? finish(out) : out;
  }

  /** Wraps inputs and outputs in identity nodes whose gradients reach the full backward hooks. */
  // deno-lint-ignore no-explicit-any
  #setupBackwardHooks(args: any[]): [any[], (out: unknown) => unknown] {
    let gradOutputs: (Tensor | null)[] = [];
    const hooks = this.#backwardHooks;
    const call = (gin: (Tensor | null)[]): (Tensor | null)[] => {
      let res = gin;
      for (const h of [...hooks.items]) {
        const r = h.fn(this, res, gradOutputs);
        if (r !== undefined && r !== null) {
          if (!Array.isArray(r) || r.length !== res.length) {
            throw new RuntimeError(
              `Backward hook returned an invalid number of grad_input, got ${
                Array.isArray(r) ? r.length : 1
              }, but expected ${res.length}`,
            );
          }
          res = r;
        }
      }
      return res;
    };
    let inputsNeedGrad = false;
    const inputs = identityNode(args, (gs) => {
      // gradients of the tensors that required grad, spread over every tensor argument
      const full: (Tensor | null)[] = inputs.tensorAt.map(() => null);
      let k = 0;
      inputs.tensorAt.forEach((i, j) => {
        if ((args[i] as Tensor).requiresGrad) full[j] = gs[k++];
      });
      const res = call(full);
      const back: (Tensor | null)[] = [];
      inputs.tensorAt.forEach((i, j) => {
        if ((args[i] as Tensor).requiresGrad) back.push(res[j]);
      });
      return back;
    });
    inputsNeedGrad = inputs.tensorAt.some((i) => (args[i] as Tensor).requiresGrad);
    const finish = (out: unknown): unknown => {
      const list = Array.isArray(out) ? out : [out];
      const outs = identityNode(list, (gs) => {
        const full: (Tensor | null)[] = [];
        let k = 0;
        for (const i of outs.tensorAt) full.push((list[i] as Tensor).requiresGrad ? gs[k++] : null);
        gradOutputs = full;
        if (!inputsNeedGrad) call(inputs.tensorAt.map(() => null));
        return gs;
      });
      return Array.isArray(out) ? outs.values : outs.values[0];
    };
    return [inputs.values, finish];
  }

  // ---------- registration ----------

  /** Own parameters and children with their PyTorch names, in registration order. */
  #own(): [string, Child][] {
    const out: [string, Child][] = [];
    for (const k of Object.keys(this)) {
      const v = (this as Record<string, unknown>)[k];
      if (v instanceof Module || v instanceof Parameter) out.push([snakeCase(k), v]);
    }
    for (const [k, v] of this.#named) if (v) out.push([k, v]);
    return out;
  }

  /** Registers a child, parameter or buffer under a name kept verbatim (containers' keys). */
  protected _registerVerbatim(name: string, value: Child | null): void {
    if (typeof name !== "string" || name === "" || name.includes(".")) {
      throw new TypeError(`module name can't contain ".", got: ${name}`);
    }
    this.#named.set(name, value);
    if (!(name in this)) {
      Object.defineProperty(this, name, {
        get: () => this.#named.get(name) ?? null,
        set: (v: Child | null) => this.#named.set(name, v),
        enumerable: false,
        configurable: true,
      });
    }
  }
  /** Removes a verbatim registration. */
  protected _unregisterVerbatim(name: string): void {
    this.#named.delete(name);
    delete (this as Record<string, unknown>)[name];
  }
  /** The verbatim registrations, in order (containers read their items here). */
  protected _verbatim(): [string, Child | null][] {
    return [...this.#named];
  }

  /** Adds a child module (PyTorch's add_module): `this.<name>` returns it. */
  registerModule(name: string, module: Module | null): void {
    if (module !== null && !(module instanceof Module)) throw new TypeError(`${module} is not a Module subclass`);
    this.#checkName(name, "module");
    this._registerVerbatim(name, module);
  }
  /** Alias of registerModule. */
  addModule(name: string, module: Module | null): void {
    this.registerModule(name, module);
  }
  /** Adds a parameter (or a null placeholder): `this.<name>` returns it. */
  registerParameter(name: string, param: Parameter | null): void {
    if (param !== null && !(param instanceof Parameter)) {
      throw new TypeError(
        `cannot assign '${describe(param)}' object to parameter '${name}' (nn.Parameter or null required)`,
      );
    }
    this.#checkName(name, "parameter");
    this._registerVerbatim(name, param);
  }

  #checkName(name: string, what: string): void {
    if (typeof name !== "string") throw new TypeError(`${what} name should be a string. Got ${typeof name}`);
    if (name.includes(".")) throw new KeyError(`${what} name can't contain "."`);
    if (name === "") throw new KeyError(`${what} name can't be empty string ""`);
    if (Object.hasOwn(this, name) && !this.#named.has(name) && !this.#buffers.has(snakeCase(name))) {
      throw new KeyError(`attribute '${name}' already exists`);
    }
  }

  /**
   * Registers a buffer: state that is not a parameter (BatchNorm's running
   * statistics). It is saved in the state dict unless `persistent` is
   * false, moves with `to()`, and reads as `this.<name>`.
   */
  registerBuffer(name: string, tensor: Tensor | null, opts: { persistent?: boolean } = {}): void {
    if (tensor !== null && !(tensor instanceof Tensor)) {
      throw new TypeError(
        `cannot assign '${describe(tensor)}' object to buffer '${name}' (torch Tensor or None required)`,
      );
    }
    if (typeof name !== "string" || name.includes(".") || name === "") {
      throw new KeyError(`buffer name can't contain "." or be empty, got: ${name}`);
    }
    if (tensor) keep(tensor);
    const key = snakeCase(name);
    this.#bufferMap.set(key, { t: tensor, persistent: opts.persistent ?? true });
    Object.defineProperty(this, name, {
      get: () => this.#bufferMap.get(key)?.t ?? null,
      set: (v: Tensor | null) => {
        if (v !== null && !(v instanceof Tensor)) throw new TypeError(`buffer '${name}' must be a Tensor or null`);
        if (v) keep(v);
        const b = this.#bufferMap.get(key)!;
        b.t = v;
        if (v instanceof Buffer) b.persistent = v.persistent;
      },
      enumerable: false,
      configurable: true,
    });
  }

  // ---------- traversal ----------

  /** Direct children with their names. */
  namedChildren(): [string, Module][] {
    const seen = new Set<Module>(), out: [string, Module][] = [];
    for (const [k, v] of this.#own()) {
      if (v instanceof Module && !seen.has(v)) {
        seen.add(v);
        out.push([k, v]);
      }
    }
    return out;
  }
  /** Direct children. */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }
  /** This module and every descendant with dotted names (this one's name is `prefix`, "" by default). */
  namedModules(prefix = "", removeDuplicate = true, memo: Set<Module> = new Set()): [string, Module][] {
    if (removeDuplicate && memo.has(this)) return [];
    if (removeDuplicate) memo.add(this);
    const out: [string, Module][] = [[prefix, this]];
    for (const [k, v] of this.#own()) {
      if (v instanceof Module) out.push(...v.namedModules(prefix ? `${prefix}.${k}` : k, removeDuplicate, memo));
    }
    return out;
  }
  /** This module and every descendant. */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }
  /** Own parameters (not descendants'), with their names. */
  #ownParameters(): [string, Parameter][] {
    return this.#own().filter((e): e is [string, Parameter] => e[1] instanceof Parameter);
  }
  /** Parameters with PyTorch's dotted names (shared ones once). */
  namedParameters(prefix = "", recurse = true, removeDuplicate = true): [string, Parameter][] {
    const mods = recurse ? this.namedModules(prefix, removeDuplicate) : [[prefix, this] as [string, Module]];
    const seen = new Set<Parameter>(), out: [string, Parameter][] = [];
    for (const [mp, m] of mods) {
      for (const [k, p] of m.#ownParameters()) {
        if (removeDuplicate && seen.has(p)) continue;
        seen.add(p);
        out.push([mp ? `${mp}.${k}` : k, p]);
      }
    }
    return out;
  }
  /** Parameters (what an optimizer takes). */
  parameters(recurse = true): Parameter[] {
    return this.namedParameters("", recurse).map(([, p]) => p);
  }
  /** Buffers with dotted names. */
  namedBuffers(prefix = "", recurse = true, removeDuplicate = true): [string, Tensor][] {
    const mods = recurse ? this.namedModules(prefix, removeDuplicate) : [[prefix, this] as [string, Module]];
    const seen = new Set<Tensor>(), out: [string, Tensor][] = [];
    for (const [mp, m] of mods) {
      for (const [k, b] of m.#buffers) {
        if (!b.t || (removeDuplicate && seen.has(b.t))) continue;
        seen.add(b.t);
        out.push([mp ? `${mp}.${k}` : k, b.t]);
      }
    }
    return out;
  }
  /** Buffers. */
  buffers(recurse = true): Tensor[] {
    return this.namedBuffers("", recurse).map(([, b]) => b);
  }
  /** The number of parameter elements (trainable ones only when `onlyTrainable`). */
  numParameters(onlyTrainable = false): number {
    let n = 0;
    for (const p of this.parameters()) if (!onlyTrainable || p.requiresGrad) n += p.numel();
    return n;
  }
  /** The descendant at a dotted path ("" is this module). */
  getSubmodule(target: string): Module {
    // deno-lint-ignore no-this-alias -- the walk starts here and descends
    let m: Module = this;
    if (target === "") return m;
    for (const part of target.split(".")) {
      const next = m.#own().find(([k, v]) => k === part && v instanceof Module)?.[1];
      if (!next) throw new AttributeError(`${m.constructor.name} has no attribute \`${part}\``);
      m = next as Module;
    }
    return m;
  }
  /** The parameter at a dotted path. */
  getParameter(target: string): Parameter {
    const i = target.lastIndexOf(".");
    const m = this.getSubmodule(i < 0 ? "" : target.slice(0, i)), name = target.slice(i + 1);
    const p = m.#ownParameters().find(([k]) => k === name)?.[1];
    if (!p) throw new AttributeError(`${m.constructor.name} has no parameter \`${name}\``);
    return p;
  }
  /** The buffer at a dotted path. */
  getBuffer(target: string): Tensor {
    const i = target.lastIndexOf(".");
    const m = this.getSubmodule(i < 0 ? "" : target.slice(0, i)), name = target.slice(i + 1);
    const b = m.#buffers.get(name)?.t;
    if (!b) throw new AttributeError(`${m.constructor.name} has no buffer \`${name}\``);
    return b;
  }

  // ---------- modes and gradients ----------

  /** Sets training mode on this module and every descendant; returns this. */
  train(mode = true): this {
    if (typeof mode !== "boolean") throw new TypeError("training mode is expected to be boolean");
    for (const m of this.modules()) m.training = mode;
    return this;
  }
  /** Evaluation mode (train(false)). */
  eval(): this {
    return this.train(false);
  }
  /** Clears the parameters' gradients (to null, or zeros in place with setToNone false). */
  zeroGrad(setToNone = true): void {
    for (const p of this.parameters()) {
      const g = peekGrad(p);
      if (!g) continue;
      if (setToNone) releaseGrad(p);
      else withGradMode(false, () => g.zero_());
    }
  }
  /** Sets requiresGrad on every parameter; returns this. */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad_(requiresGrad);
    return this;
  }
  /** Calls fn on every descendant, then on this module (PyTorch's order); returns this. */
  apply(fn: (m: Module) => void): this {
    for (const c of this.children()) c.apply(fn);
    fn(this);
    return this;
  }

  // ---------- dtype and device ----------

  /**
   * Converts parameters and buffers in place: `to("float64")`,
   * `to("cuda")`, `to(device, dtype)`, `to({ dtype, device })`, or
   * `to(tensor)` (its dtype and device). A dtype applies to floating point
   * tensors only (num_batches_tracked stays int64). Returns this.
   */
  to(...args: unknown[]): this {
    let dtype: DType | null = null, device: string | null = null;
    for (const a of args) {
      if (a instanceof Tensor) [dtype, device] = [a.dtype, a.device];
      else if (typeof a === "string") {
        const d = torchDType(a);
        if (d) dtype = d;
        else device = a;
      } else if (a && typeof a === "object") {
        const o = a as { dtype?: string; device?: string | { toString(): string }; type?: string };
        if ("type" in o && typeof o.type === "string") device = String(a);
        else {
          for (const k of Object.keys(o)) {
            if (k !== "dtype" && k !== "device" && k !== "nonBlocking") {
              throw new TypeError(`to(): unknown option '${k}'; expected one of dtype, device, nonBlocking`);
            }
          }
          if (o.dtype !== undefined) {
            dtype = torchDType(o.dtype) ?? null;
            if (!dtype) throw new TypeError(`to(): unsupported dtype ${JSON.stringify(o.dtype)}`);
          }
          if (o.device !== undefined) device = String(o.device);
        }
      } else if (a !== undefined && a !== null) throw new TypeError(`to(): unexpected argument ${String(a)}`);
    }
    if (dtype !== null && !isFloat(dtype)) {
      throw new TypeError(`nn.Module.to only accepts floating point dtypes, but got desired dtype=${dtype}`);
    }
    const conv = (t: Tensor): Tensor => {
      const dt = dtype !== null && isFloat(t.dtype) ? dtype : t.dtype;
      const dev = device ?? t.device;
      return dt === t.dtype && dev === t.device ? t : t.to(dev, dt);
    };
    return this._apply(conv);
  }
  /** Converts floating point parameters and buffers to float32. */
  float(): this {
    return this.to("float32");
  }
  /** Converts floating point parameters and buffers to float64. */
  double(): this {
    return this.to("float64");
  }
  /** Moves parameters and buffers to the CPU. */
  cpu(): this {
    return this.to("cpu");
  }
  /** Moves parameters and buffers to a CUDA device. */
  cuda(device: number | string = 0): this {
    return this.to(typeof device === "number" ? `cuda:${device}` : device);
  }

  /** Applies `fn` to every parameter (in place: identities kept), gradient and buffer. */
  protected _apply(fn: (t: Tensor) => Tensor): this {
    withGradMode(false, () => {
      for (const m of this.modules()) {
        for (const [, p] of m.#ownParameters()) {
          const v = fn(p);
          if (v !== p) p.data = v;
          if (p.grad) {
            const g = fn(p.grad);
            if (g !== p.grad) p.grad = keep(g);
          }
        }
        for (const b of m.#buffers.values()) {
          if (!b.t) continue;
          const v = fn(b.t);
          if (v !== b.t) b.t = keep(v);
        }
      }
    });
    return this;
  }

  // ---------- state dict ----------

  /**
   * Parameters and persistent buffers by PyTorch's dotted names (the
   * tensors detached, sharing memory; `keepVars` keeps the parameters).
   */
  stateDict(opts: { prefix?: string; keepVars?: boolean; destination?: Record<string, Tensor> } = {}): Record<
    string,
    Tensor
  > {
    for (const k of Object.keys(opts)) {
      if (k !== "prefix" && k !== "keepVars" && k !== "destination") {
        throw new TypeError(`stateDict(): unknown option '${k}'; expected one of destination, prefix, keepVars`);
      }
    }
    const out = opts.destination ?? {};
    this.#saveTo(out, opts.prefix ?? "", opts.keepVars ?? false);
    return out;
  }

  #saveTo(out: Record<string, Tensor>, prefix: string, keepVars: boolean): void {
    for (const [k, p] of this.#ownParameters()) out[prefix + k] = keepVars ? p : p.detach();
    for (const [k, b] of this.#buffers) if (b.t && b.persistent) out[prefix + k] = keepVars ? b.t : b.t.detach();
    for (const [k, v] of this.#own()) if (v instanceof Module) v.#saveTo(out, `${prefix}${k}.`, keepVars);
  }

  /**
   * Copies a state dict's tensors into the parameters and buffers by name.
   * strict (default): missing or unexpected keys are PyTorch's error;
   * shape mismatches are errors either way. `assign`: take the given
   * tensors instead of copying. Returns the missing and unexpected keys.
   */
  loadStateDict(stateDict: StateDictInput, opts: { strict?: boolean; assign?: boolean } = {}): IncompatibleKeys {
    for (const k of Object.keys(opts)) {
      if (k !== "strict" && k !== "assign") {
        throw new TypeError(`loadStateDict(): unknown option '${k}'; expected one of strict, assign`);
      }
    }
    const strict = opts.strict ?? true, assign = opts.assign ?? false;
    if (stateDict === null || typeof stateDict !== "object") {
      throw new TypeError(`Expected state_dict to be dict-like, got ${describe(stateDict)}.`);
    }
    const given = new Map<string, unknown>(
      stateDict instanceof Map ? stateDict : Object.entries(stateDict),
    );
    // lazy modules first size their uninitialized parameters from the entries given (PyTorch's _lazy_load_hook)
    for (const [p, m] of this.namedModules()) {
      (m as { _lazyLoad?: (sd: Map<string, unknown>, prefix: string) => void })._lazyLoad?.(given, p ? `${p}.` : "");
    }
    const own = this.#slots("");
    const missing: string[] = [], unexpected: string[] = [], errors: string[] = [];
    for (const [key, slot] of own) {
      if (!given.has(key)) {
        missing.push(key);
        continue;
      }
      const v = given.get(key);
      if (!(v instanceof Tensor)) {
        errors.push(
          `While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received ${
            describe(v)
          }`,
        );
        continue;
      }
      const cur = slot.get();
      if (v.shape.join() !== cur.shape.join()) {
        errors.push(
          `size mismatch for ${key}: copying a param with shape torch.Size([${
            v.shape.join(", ")
          }]) from checkpoint, the shape in current model is torch.Size([${cur.shape.join(", ")}]).`,
        );
        continue;
      }
      try {
        withGradMode(false, () => {
          if (assign) slot.set(v);
          else cur.copy_(v);
        });
      } catch (e) {
        errors.push(
          `While copying the parameter named "${key}", whose dimensions in the model are torch.Size([${
            cur.shape.join(", ")
          }]) and whose dimensions in the checkpoint are torch.Size([${v.shape.join(", ")}]), an exception occurred : ${
            (e as Error).message
          }.`,
        );
      }
    }
    for (const k of given.keys()) if (!own.has(k)) unexpected.push(k);
    if (strict) {
      if (unexpected.length) {
        errors.unshift(`Unexpected key(s) in state_dict: ${unexpected.map((k) => `"${k}"`).join(", ")}. `);
      }
      if (missing.length) errors.unshift(`Missing key(s) in state_dict: ${missing.map((k) => `"${k}"`).join(", ")}. `);
    }
    if (errors.length) {
      throw new RuntimeError(`Error(s) in loading state_dict for ${this.constructor.name}:\n\t${errors.join("\n\t")}`);
    }
    return { missingKeys: missing, unexpectedKeys: unexpected };
  }

  /** Every state-dict entry of this module tree: its key and how to read / replace it. */
  #slots(prefix: string, out = new Map<string, { get(): Tensor; set(v: Tensor): void }>()) {
    for (const [k, p] of this.#ownParameters()) {
      out.set(prefix + k, {
        get: () => p,
        set: (v) => {
          p.data = v.to(p.dtype);
        },
      });
    }
    for (const [k, b] of this.#buffers) {
      if (!b.t || !b.persistent) continue;
      out.set(prefix + k, {
        get: () => b.t!,
        set: (v) => {
          b.t = keep(v);
        },
      });
    }
    for (const [k, v] of this.#own()) if (v instanceof Module) v.#slots(`${prefix}${k}.`, out);
    return out;
  }

  // ---------- hooks ----------

  /** Registers hook(module, args) called before forward; it may return replacement args. */
  registerForwardPreHook(hook: ForwardPreHook, opts: { prepend?: boolean } = {}): RemovableHandle {
    return this.#preHooks.add(hook, opts.prepend);
  }
  /** Registers hook(module, args, output) called after forward; it may return a replacement output. */
  registerForwardHook(hook: ForwardHook, opts: { prepend?: boolean; alwaysCall?: boolean } = {}): RemovableHandle {
    return this.#hooks.add(hook, opts.prepend, opts.alwaysCall);
  }
  /**
   * Registers hook(module, gradInput, gradOutput), called when the
   * gradients with respect to the module's tensor inputs have been
   * computed; it may return replacement gradInput.
   */
  registerFullBackwardHook(hook: BackwardHook, opts: { prepend?: boolean } = {}): RemovableHandle {
    return this.#backwardHooks.add(hook, opts.prepend);
  }

  // ---------- printing ----------

  /** The text inside this module's parentheses in its printout (layers override it). */
  extraRepr(): string {
    return "";
  }
  /** The name shown in printouts. */
  protected _getName(): string {
    return this.constructor.name;
  }
  /** Child lines of the printout (ModuleList compresses repeats). */
  protected _childLines(): string[] {
    return this.namedChildrenForRepr().map(([k, m]) => `(${k}): ${addIndent(m.toString(), 2)}`);
  }
  /** Children as the printout lists them (every registration, shared ones repeated, as PyTorch's _modules). */
  protected namedChildrenForRepr(): [string, Module][] {
    return this.#own().filter((e): e is [string, Module] => e[1] instanceof Module);
  }
  /** PyTorch's module printout. */
  toString(): string {
    const extra = this.extraRepr();
    const extraLines = extra ? extra.split("\n") : [];
    const childLines = this._childLines();
    const lines = [...extraLines, ...childLines];
    let s = this._getName() + "(";
    if (lines.length) {
      if (extraLines.length === 1 && childLines.length === 0) s += extraLines[0];
      else s += "\n  " + lines.join("\n  ") + "\n";
    }
    return s + ")";
  }
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
}

/** Indents every line but the first (PyTorch's _addindent). */
export function addIndent(s: string, n: number): string {
  const lines = s.split("\n");
  if (lines.length === 1) return s;
  const pad = " ".repeat(n);
  return [lines[0], ...lines.slice(1).map((l) => pad + l)].join("\n");
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "object") return (v as object).constructor?.name ?? "object";
  return typeof v;
}

/** Python's KeyError. */
export class KeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "KeyError";
  }
}
/** Python's AttributeError. */
export class AttributeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AttributeError";
  }
}
