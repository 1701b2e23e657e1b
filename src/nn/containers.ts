/**
 * Containers: Sequential (from modules or a record of named ones),
 * ModuleList, ModuleDict, ParameterList. Their keys are kept verbatim
 * ("0", "1", ... or the record's names) and read as properties
 * (`seq[0]`, `dict.conv`); `at(i)` and iteration work on all.
 */
import type { Tensor } from "../torch/tensor.ts";
import { addIndent, KeyError, Module, Parameter } from "./module.ts";
import { pyType } from "./parameter_dict.ts";

function checkModule(m: unknown, where: string): Module {
  if (!(m instanceof Module)) throw new TypeError(`${where}: ${describe(m)} is not a Module subclass`);
  return m;
}
function describe(v: unknown): string {
  return v === null ? "null" : typeof v === "object" ? (v as object).constructor?.name ?? "object" : typeof v;
}
/** `v` when a for-of can walk it, else PyTorch's TypeError ("ModuleList.extend should be called with an iterable"). */
function iterable<T>(v: unknown, where: string, what = "an iterable"): Iterable<T> {
  if (typeof v === "string" || (typeof v === "object" && v !== null && Symbol.iterator in v)) return v as Iterable<T>;
  throw new TypeError(`${where} should be called with ${what}, but got ${pyType(v)}`);
}
/** A container's constructor takes one argument (PyTorch's "takes from 1 to 2 positional arguments"). */
function noExtra(name: string, extra: readonly unknown[]): void {
  if (extra.length) {
    throw new TypeError(`${name}.__init__() takes from 1 to 2 positional arguments but ${2 + extra.length} were given`);
  }
}
function index(i: number, n: number, what: string): number {
  if (!Number.isInteger(i) || i < -n || i >= n) throw new RangeError(`index ${i} is out of range`);
  void what;
  return i < 0 ? i + n : i;
}

/** A list of modules registered under "0", "1", ... (the base of Sequential and ModuleList). */
abstract class IndexedModules extends Module {
  [index: number]: Module;
  protected _items(): Module[] {
    return this._verbatim().map(([, m]) => m as Module);
  }
  protected _reset(items: Module[]): void {
    for (const [k] of this._verbatim()) this._unregisterVerbatim(k);
    items.forEach((m, i) => this._registerVerbatim(String(i), m));
  }
  /** The number of modules. */
  get length(): number {
    return this._verbatim().length;
  }
  /** The module at index i (negative counts from the end). */
  at(i: number): Module {
    const items = this._items();
    return items[index(i, items.length, "at")];
  }
  /** Replaces the module at index i. */
  set(i: number, m: Module): void {
    const items = this._items();
    items[index(i, items.length, "set")] = checkModule(m, "set");
    this._reset(items);
  }
  /** Appends a module; returns this. */
  append(m: Module): this {
    this._registerVerbatim(String(this.length), checkModule(m, "append"));
    return this;
  }
  /** Appends modules; returns this. */
  extend(ms: Iterable<Module>): this {
    for (const m of iterable<Module>(ms, `${this.constructor.name}.extend`)) this.append(m);
    return this;
  }
  /** Inserts a module before index i. */
  insert(i: number, m: Module): void {
    const items = this._items();
    const n = items.length;
    const at = i < 0 ? Math.max(i + n, 0) : Math.min(i, n);
    items.splice(at, 0, checkModule(m, "insert"));
    this._reset(items);
  }
  /** Removes and returns the module at index i (the last by default). */
  pop(i = -1): Module {
    const items = this._items();
    const [m] = items.splice(index(i, items.length, "pop"), 1);
    this._reset(items);
    return m;
  }
  [Symbol.iterator](): Iterator<Module> {
    return this._items()[Symbol.iterator]();
  }
}

/**
 * Runs modules in order: `new nn.Sequential(a, b, c)` or, with names,
 * `new nn.Sequential({ conv: ..., relu: ... })`.
 *
 * @example
 * ```ts
 * import { nn, torch } from "../../mod.ts";
 * const model = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 2));
 * console.log(model.forward(torch.randn(3, 4)).shape, model.stateDict()["2.bias"].shape); // [3, 2] [2]
 * ```
 */
export class Sequential extends IndexedModules {
  constructor(...modules: Module[] | [Record<string, Module>]) {
    super();
    if (
      modules.length === 1 && !(modules[0] instanceof Module) && typeof modules[0] === "object" && modules[0] !== null
    ) {
      for (const [k, m] of Object.entries(modules[0] as Record<string, Module>)) {
        this._registerVerbatim(k, checkModule(m, "Sequential"));
      }
    } else modules.forEach((m, i) => this._registerVerbatim(String(i), checkModule(m, "Sequential")));
  }
  /** Passes the input through every module in order. */
  // deno-lint-ignore no-explicit-any
  override forward(input: any): any {
    let x = input;
    for (const [, m] of this._verbatim()) x = (m as Module).forward(x);
    return x;
  }
  /** A Sequential of the modules from start to end (shares them). */
  slice(start = 0, end?: number): Sequential {
    const entries = this._verbatim().slice(start, end);
    const s = new Sequential();
    for (const [k, m] of entries) s._registerVerbatim(k, m);
    return s;
  }
}

/**
 * A list of modules, registered as children (no forward of its own).
 *
 * @example
 * ```ts
 * import { nn } from "../../mod.ts";
 * const layers = new nn.ModuleList([new nn.Linear(4, 4), new nn.Linear(4, 4)]);
 * console.log(layers.length, layers.parameters().length); // 2 4
 * ```
 */
export class ModuleList extends IndexedModules {
  constructor(modules: Iterable<Module> | null = null, ...extra: never[]) {
    super();
    noExtra("ModuleList", extra);
    if (modules !== null) this.extend(modules);
  }
  /** A ModuleList of the modules from start to end (shares them). */
  slice(start = 0, end?: number): ModuleList {
    return new ModuleList(this._items().slice(start, end));
  }
  /** Repeated identical entries print once ("(0-2): 3 x Linear(...)"), as PyTorch's. */
  override toString(): string {
    const reprs = this._items().map((m) => m.toString());
    if (reprs.length === 0) return `${this._getName()}()`;
    const blocks: [number, number, string][] = [[0, 0, reprs[0]]];
    for (let i = 1; i < reprs.length; i++) {
      const last = blocks[blocks.length - 1];
      if (reprs[i] === last[2]) last[1] = i;
      else blocks.push([i, i, reprs[i]]);
    }
    const lines = blocks.map(([s, e, r]) =>
      addIndent(s === e ? `(${s}): ${r}` : `(${s}-${e}): ${e - s + 1} x ${r}`, 2)
    );
    return `${this._getName()}(\n  ${lines.join("\n  ")}\n)`;
  }
}

/**
 * Modules by name, registered as children under their keys.
 *
 * @example
 * ```ts
 * import { nn } from "../../mod.ts";
 * const d = new nn.ModuleDict({ encoder: new nn.Linear(4, 2), act: new nn.Tanh() });
 * console.log(d.keys(), d.get("encoder") instanceof nn.Linear); // ["encoder", "act"] true
 * ```
 */
export class ModuleDict extends Module {
  constructor(modules: Record<string, Module> | Iterable<[string, Module]> | null = null, ...extra: never[]) {
    super();
    noExtra("ModuleDict", extra);
    if (modules !== null) this.update(modules);
  }
  /** The module under key (a KeyError when absent). */
  get(key: string): Module {
    const e = this._verbatim().find(([k]) => k === key);
    if (!e) throw new KeyError(key);
    return e[1] as Module;
  }
  /** Adds or replaces the module under key. */
  set(key: string, m: Module): void {
    this._registerVerbatim(key, checkModule(m, "ModuleDict"));
  }
  /** Whether key is present. */
  has(key: string): boolean {
    return this._verbatim().some(([k]) => k === key);
  }
  /** Removes and returns the module under key. */
  pop(key: string): Module {
    const m = this.get(key);
    this._unregisterVerbatim(key);
    return m;
  }
  /** Removes every module. */
  clear(): void {
    for (const [k] of this._verbatim()) this._unregisterVerbatim(k);
  }
  /** Adds every (key, module) pair. */
  update(modules: Record<string, Module> | Iterable<[string, Module]>): void {
    if (modules === null || typeof modules !== "object") {
      iterable(modules, "ModuleDict.update", "an iterable of key/value pairs"); // (a string is iterable: its pairs fail)
    }
    const entries = Symbol.iterator in Object(modules)
      ? [...(modules as Iterable<[string, Module]>)]
      : Object.entries(modules as Record<string, Module>);
    for (const [k, m] of entries) this.set(k, m);
  }
  keys(): string[] {
    return this._verbatim().map(([k]) => k);
  }
  values(): Module[] {
    return this._verbatim().map(([, m]) => m as Module);
  }
  items(): [string, Module][] {
    return this._verbatim().map(([k, m]) => [k, m as Module]);
  }
  get length(): number {
    return this._verbatim().length;
  }
  [Symbol.iterator](): Iterator<string> {
    return this.keys()[Symbol.iterator]();
  }
}

/**
 * A list of parameters, registered under "0", "1", ... (tensors given are
 * wrapped in Parameters).
 *
 * @example
 * ```ts
 * import { nn, torch } from "../../mod.ts";
 * const ps = new nn.ParameterList([torch.zeros(2, 3), torch.ones(4)]);
 * console.log(ps.length, ps.at(1) instanceof nn.Parameter); // 2 true
 * ```
 */
export class ParameterList extends Module {
  [index: number]: Parameter;
  constructor(values: Iterable<Tensor> | null = null, ...extra: never[]) {
    super();
    noExtra("ParameterList", extra);
    if (values !== null) this.extend(values);
  }
  get length(): number {
    return this._verbatim().length;
  }
  /** The parameter at index i. */
  at(i: number): Parameter {
    const items = this._verbatim();
    return items[index(i, items.length, "at")][1] as Parameter;
  }
  /** Appends a tensor (as a Parameter); returns this. */
  append(v: Tensor): this {
    const p = v instanceof Parameter ? v : new Parameter(v);
    this._registerVerbatim(String(this.length), p);
    return this;
  }
  /** Appends tensors; returns this. */
  extend(vs: Iterable<Tensor>): this {
    for (const v of iterable<Tensor>(vs, "ParameterList.extend")) this.append(v);
    return this;
  }
  [Symbol.iterator](): Iterator<Parameter> {
    return this._verbatim().map(([, p]) => p as Parameter)[Symbol.iterator]();
  }
  override extraRepr(): string {
    return this._verbatim().map(([k, p]) => {
      const t = p as Parameter;
      const dev = t.device === "cpu" ? "" : ` (${t.device})`;
      return `  (${k}): Parameter containing: [torch.${t.dtype} of size ${t.shape.join("x")}${dev}]`;
    }).join("\n");
  }
}
