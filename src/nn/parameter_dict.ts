/**
 * nn.ParameterDict: parameters by name, registered under their keys
 * verbatim (so `stateDict()` and `namedParameters()` use them) and readable
 * as properties (`dict.alpha`). Tensors are wrapped in Parameters as they
 * are stored; a Parameter is stored as it is.
 */
import { RuntimeError } from "../core/errors.ts";
import { Tensor } from "../torch/tensor.ts";
import { AttributeError, KeyError, Module, Parameter } from "./module.ts";

/** What ParameterDict's constructor and update take: a record (stored in sorted key order, as PyTorch stores a
 * dict), or (key, tensor) pairs, a Map or another ParameterDict (stored in their order). */
export type ParameterDictInput =
  | Record<string, Tensor>
  | Iterable<readonly [string, Tensor]>
  | ReadonlyMap<string, Tensor>
  | ParameterDict;

/**
 * Python's name of a JS value's type, as PyTorch's messages print it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyType } from "./parameter_dict.ts";
 * assert.deepEqual([pyType(null), pyType(3), pyType(1.5), pyType("x")], ["NoneType", "int", "float", "str"]);
 * ```
 */
export function pyType(v: unknown): string {
  if (v === null || v === undefined) return "NoneType";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (typeof v === "string") return "str";
  if (typeof v === "boolean") return "bool";
  return typeof v === "object" ? (v as object).constructor?.name ?? "object" : typeof v;
}

/**
 * Parameters by name (PyTorch's nn.ParameterDict).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const d = new nn.ParameterDict({ scale: torch.ones(3), shift: torch.zeros(3) });
 * d.set("gate", torch.zeros(1));
 * assert.deepEqual(d.keys(), ["scale", "shift", "gate"]);
 * assert.ok(d.get("gate") instanceof nn.Parameter);
 * assert.deepEqual(Object.keys(d.stateDict()), ["scale", "shift", "gate"]);
 * ```
 */
export class ParameterDict extends Module {
  constructor(parameters: ParameterDictInput | null = null) {
    super();
    if (parameters !== null) this.update(parameters);
  }
  /** The parameter under key (PyTorch's AttributeError when absent), or `dflt` when given and key is absent. */
  get(key: string): Parameter;
  get<D>(key: string, dflt: D): Parameter | D;
  get<D>(key: string, ...dflt: [D?]): Parameter | D {
    if (this.has(key)) return this._verbatim().find(([k]) => k === key)![1] as Parameter;
    if (dflt.length) return dflt[0] as D;
    throw new AttributeError(`'ParameterDict' object has no attribute '${key}'`);
  }
  /** Stores value under key (a tensor is wrapped in a Parameter). */
  set(key: string, value: Tensor): void {
    if (typeof key !== "string") {
      throw new TypeError(
        "Index given to ParameterDict cannot be used as a key as it is not a string (type is " +
          `'${pyType(key)}'). Open an issue on github if you need non-string keys.`,
      );
    }
    if (!(value instanceof Tensor)) {
      throw new TypeError(`ParameterDict: the value of '${key}' must be a Tensor, got ${pyType(value)}`);
    }
    // (a method's name: PyTorch's register_parameter refuses a class attribute)
    if (key in this && !Object.hasOwn(this, key) && !this.has(key)) {
      throw new KeyError(`attribute '${key}' already exists`);
    }
    this.registerParameter(key, value instanceof Parameter ? value : new Parameter(value));
  }
  /** Whether key is present (Python's `key in d`). */
  has(key: string): boolean {
    return this._verbatim().some(([k]) => k === key);
  }
  /** Removes and returns the parameter under key. */
  pop(key: string): Parameter {
    const p = this.get(key);
    this._unregisterVerbatim(key);
    return p;
  }
  /** Removes and returns the last (key, parameter) pair. */
  popitem(): [string, Parameter] {
    const entries = this._verbatim();
    if (!entries.length) throw new KeyError("popitem(): dictionary is empty");
    const [k] = entries[entries.length - 1];
    return [k, this.pop(k)];
  }
  /** The parameter under key, storing `dflt` there first when key is absent. */
  setdefault(key: string, dflt: Tensor): Parameter {
    if (!this.has(key)) this.set(key, dflt);
    return this.get(key);
  }
  /** Removes every parameter. */
  clear(): void {
    for (const [k] of this._verbatim()) this._unregisterVerbatim(k);
  }
  /** A new ParameterDict holding the same parameters. */
  copy(): ParameterDict {
    return new ParameterDict(this.items());
  }
  /** A new ParameterDict with each key holding `dflt`. */
  fromkeys(keys: Iterable<string>, dflt: Tensor): ParameterDict {
    return new ParameterDict([...keys].map((k) => [k, dflt] as const));
  }
  /** Adds or replaces entries (a record in sorted key order, pairs, a Map or a ParameterDict in their order). */
  update(parameters: ParameterDictInput): void {
    if (parameters instanceof ParameterDict || parameters instanceof Map) {
      for (const [k, p] of parameters instanceof ParameterDict ? parameters.items() : parameters) this.set(k, p);
      return;
    }
    if (parameters === null || typeof parameters !== "object") {
      throw new TypeError(
        `ParametersDict.update should be called with an iterable of key/value pairs, but got ${pyType(parameters)}`,
      );
    }
    if (!(Symbol.iterator in parameters)) {
      const record = parameters as Record<string, Tensor>;
      for (const k of Object.keys(record).sort()) this.set(k, record[k]);
      return;
    }
    let j = 0;
    for (const p of parameters as Iterable<readonly [string, Tensor]>) {
      if (p === null || typeof p !== "object" || !(Symbol.iterator in p)) {
        throw new TypeError(`ParameterDict update sequence element #${j} should be Iterable; is${pyType(p)}`);
      }
      const pair = [...p];
      if (pair.length !== 2) {
        throw new RangeError(`ParameterDict update sequence element #${j} has length ${pair.length}; 2 is required`);
      }
      this.set(pair[0] as string, pair[1] as Tensor);
      j++;
    }
  }
  /** The keys, in order. */
  keys(): string[] {
    return this._verbatim().map(([k]) => k);
  }
  /** The parameters, in order. */
  values(): Parameter[] {
    return this._verbatim().map(([, p]) => p as Parameter);
  }
  /** The (key, parameter) pairs, in order. */
  items(): [string, Parameter][] {
    return this._verbatim().map(([k, p]) => [k, p as Parameter]);
  }
  /** The number of parameters. */
  get length(): number {
    return this._verbatim().length;
  }
  [Symbol.iterator](): Iterator<string> {
    return this.keys()[Symbol.iterator]();
  }
  /** A ParameterDict has no forward (PyTorch's error). */
  override forward(..._args: unknown[]): never {
    throw new RuntimeError("ParameterDict should not be called.");
  }
  override extraRepr(): string {
    return this.items().map(([k, p]) => {
      const dev = p.device === "cpu" ? "" : ` (${p.device})`;
      return `  (${k}): Parameter containing: [${p.type()} of size ${p.shape.join("x")}${dev}]`;
    }).join("\n");
  }
}
