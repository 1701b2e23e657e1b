/**
 * torch.nn.utils.parametrize: a tensor of a module computed from "original"
 * tensors by parametrization modules (PyTorch's parametrize.py).
 *
 * registerParametrization moves the parameter (or buffer) `name` into
 * `module.parametrizations[name].original` (a ParametrizationList) and
 * replaces `module[name]` with an accessor: reading it runs the
 * parametrizations on the original (so the module's forward, which reads
 * `this.weight`, sees the parametrized tensor and gradients reach the
 * original), assigning it runs their rightInverse. PyTorch swaps the
 * module's class for a `Parametrized<Class>` subclass that holds the
 * property; here the subclass only names the module (printouts,
 * typeBeforeParametrizations), and the accessor is the instance's own
 * property, because a layer's tensors are own fields and would shadow an
 * accessor on the prototype.
 */
import { withGradMode } from "../autograd/grad_mode.ts";
import { RuntimeError } from "../core/errors.ts";
import { Tensor } from "../torch/tensor.ts";
import { ModuleDict, ModuleList } from "./containers.ts";
import { Module, Parameter } from "./module.ts";
import { snakeCase } from "../core/names.ts";
import { attachTensor, propOf, removeTensor, slotOf } from "./module_slots.ts";

/**
 * PyTorch's NotImplementedError (a RuntimeError): a parametrization's
 * `rightInverse` throws it when the original cannot be recovered, and
 * registration then keeps the given tensor as the original.
 */
export class NotImplementedError extends RuntimeError {
  /** An error with PyTorch's class name. */
  constructor(message: string) {
    super(message);
    this.name = "NotImplementedError";
  }
}

/** A module used as a parametrization: its forward maps the original(s); rightInverse, if any, goes back. */
export interface Parametrization extends Module {
  /** The original(s) whose image is `value` (a tensor, or several for a forward taking several). */
  rightInverse?(value: Tensor): Tensor | Tensor[];
}

/** What register / remove / isParametrized see on a parametrized module. */
type Parametrized = Module & { parametrizations?: ModuleDict } & Record<string, unknown>;

// ---------- cached() ----------

let cacheDepth = 0;
let cache = new Map<Module, Map<string, Tensor>>();

/**
 * Caches parametrized tensors: inside the scope each one is computed on its
 * first read and reused after (PyTorch's `with parametrize.cached():`).
 * `cached(fn)` runs fn in the scope and returns its result; `cached()`
 * returns a guard for `using`, which ends the scope when disposed.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const m = nn.utils.parametrizations.orthogonal(new nn.Linear(3, 3));
 * nn.utils.parametrize.cached(() => assert.equal(m.weight, m.weight));
 * {
 *   using _ = nn.utils.parametrize.cached();
 *   assert.equal(m.weight, m.weight);
 * }
 * assert.notEqual(m.weight, m.weight);
 * void torch;
 * ```
 */
export function cached(): Disposable;
/** Runs fn with parametrized tensors cached; returns its result. */
export function cached<T>(fn: () => T): T;
export function cached<T>(fn?: () => T): T | Disposable {
  cacheDepth++;
  let open = true;
  const end = () => {
    if (!open) return;
    open = false;
    if (--cacheDepth === 0) cache = new Map();
  };
  if (fn === undefined) return { [Symbol.dispose]: end };
  if (typeof fn !== "function") throw new TypeError(`cached(): expected a function, got ${typeof fn}`);
  try {
    return fn();
  } finally {
    end();
  }
}

// ---------- ParametrizationList ----------

const callable = (m: unknown): m is Parametrization => m instanceof Module;
const hasRightInverse = (m: Module): m is Parametrization & { rightInverse(v: Tensor): Tensor | Tensor[] } =>
  typeof (m as Parametrization).rightInverse === "function";
const shapeStr = (s: readonly number[]) => `torch.Size([${s.join(", ")}])`;
const dtypeStr = (d: string) => `torch.${d}`;

/**
 * The parametrizations of one tensor (PyTorch's ParametrizationList): a
 * ModuleList of them, applied in order, and the original tensor(s) as
 * `original` (or `original0`, `original1`, ... when the first
 * parametrization's rightInverse returns several).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * const m = nn.utils.parametrizations.weightNorm(new nn.Linear(3, 2));
 * const list = m.parametrizations.weight as nn.utils.parametrize.ParametrizationList;
 * assert.deepEqual(list.original0!.shape, [2, 1]);
 * assert.deepEqual(list.forward().shape, [2, 3]);
 * ```
 */
export class ParametrizationList extends ModuleList {
  /** Whether shape and dtype checks are skipped (the `unsafe` of the registrations). */
  unsafe: boolean;
  /** Whether the original is one tensor (else `original0` ... `original{ntensors-1}`). */
  readonly isTensor: boolean;
  /** The number of original tensors. */
  readonly ntensors: number;
  /** The original tensor(s): `original`, or `original0`, `original1`, ... */
  [key: `original${string}`]: Tensor | undefined;

  /** Sets the original from `original` through the parametrizations' rightInverse (PyTorch's checks unless unsafe). */
  constructor(modules: Module[], original: Tensor, unsafe = false) {
    if (modules.length === 0) throw new RangeError("ParametrizationList requires one or more modules.");
    super(modules);
    this.unsafe = unsafe;
    const originalShape = original.shape, originalDtype = original.dtype;
    let value: Tensor | Tensor[] = original;
    withGradMode(false, () => {
      for (const m of [...this].reverse()) {
        if (!hasRightInverse(m)) continue;
        try {
          value = m.rightInverse(value as Tensor);
        } catch (e) {
          if (!(e instanceof NotImplementedError)) throw e;
        }
      }
    });
    const nw = value as Tensor | Tensor[];
    if (!(nw instanceof Tensor) && !Array.isArray(nw)) {
      throw new RangeError(
        `'right_inverse' must return a Tensor or a Sequence of tensors (list, tuple...). Got ${typeName(nw)}`,
      );
    }
    this.isTensor = nw instanceof Tensor;
    this.ntensors = nw instanceof Tensor ? 1 : nw.length;
    if (nw instanceof Tensor) {
      if (original.dtype !== nw.dtype) {
        throw new RangeError(
          "When `right_inverse` outputs one tensor, it may not change the dtype.\n" +
            `original.dtype: ${dtypeStr(original.dtype)}\nright_inverse(original).dtype: ${dtypeStr(nw.dtype)}`,
        );
      }
      if (original.device !== nw.device) {
        throw new RangeError(
          "When `right_inverse` outputs one tensor, it may not change the device.\n" +
            `original.device: ${original.device}\nright_inverse(original).device: ${nw.device}`,
        );
      }
      if (nw !== original) withGradMode(false, () => original.set_(nw));
      this.#register("original", original);
    } else {
      nw.forEach((t, i) => {
        if (!(t instanceof Tensor)) {
          throw new RangeError(
            "'right_inverse' must return a Tensor or a Sequence of tensors (list, tuple...). " +
              `Got element ${i} of the sequence with type ${typeName(t)}.`,
          );
        }
        const o = original instanceof Parameter ? new Parameter(t, original.requiresGrad) : t;
        o.requiresGrad_(original.requiresGrad);
        this.#register(`original${i}`, o);
      });
    }
    if (!this.unsafe) {
      const z = this.forward() as unknown;
      if (!(z instanceof Tensor)) throw new RangeError(`A parametrization must return a tensor. Got ${typeName(z)}.`);
      if (z.dtype !== originalDtype) {
        throw new RangeError(
          "Registering a parametrization may not change the dtype of the tensor, unless `unsafe` flag is enabled.\n" +
            `unparametrized dtype: ${dtypeStr(originalDtype)}\nparametrized dtype: ${dtypeStr(z.dtype)}`,
        );
      }
      if (z.shape.join() !== originalShape.join()) {
        throw new RangeError(
          "Registering a parametrization may not change the shape of the tensor, unless `unsafe` flag is enabled.\n" +
            `unparametrized shape: ${shapeStr(originalShape)}\nparametrized shape: ${shapeStr(z.shape)}`,
        );
      }
    }
  }

  /** A parameter as an own field (ModuleList's registrations are its items), a buffer by registerBuffer. */
  #register(name: `original${string}`, t: Tensor): void {
    if (t instanceof Parameter) this[name] = t;
    else this.registerBuffer(name, t);
  }

  /** The tensors the first parametrization maps. */
  #originals(): Tensor[] {
    if (this.isTensor) return [this.original!];
    return Array.from({ length: this.ntensors }, (_, i) => this[`original${i}`]!);
  }

  /** Sets the original(s) from a value of the parametrized tensor, through every rightInverse (no grad). */
  rightInverse(value: Tensor): void {
    withGradMode(false, () => {
      let v: Tensor | Tensor[] = value;
      for (const m of [...this].reverse()) {
        if (!hasRightInverse(m)) {
          throw new RuntimeError(`parametrization ${m.constructor.name} does not implement right_inverse.`);
        }
        v = m.rightInverse(v as Tensor);
      }
      if (this.isTensor) {
        if (!(v instanceof Tensor)) {
          throw new RangeError(`\`right_inverse\` should return a tensor. Got ${typeName(v)}`);
        }
        const o = this.original!;
        if (v.dtype !== o.dtype) {
          throw new RangeError(
            `The tensor returned by \`right_inverse\` has dtype ${dtypeStr(v.dtype)} while \`original\` has dtype ${
              dtypeStr(o.dtype)
            }`,
          );
        }
        o.set_(v);
        return;
      }
      if (!Array.isArray(v)) {
        throw new RangeError(`'right_inverse' must return a sequence of tensors. Got ${typeName(v)}.`);
      }
      if (v.length !== this.ntensors) {
        throw new RangeError(
          `'right_inverse' must return a sequence of tensors of length ${this.ntensors}. Got a sequence of length ${v.length}.`,
        );
      }
      v.forEach((t, i) => {
        const o = this[`original${i}`]!;
        if (!(t instanceof Tensor)) {
          throw new RangeError(
            `'right_inverse' must return a sequence of tensors or reference-type opaques. Got element ${i} of type ${
              typeName(t)
            }.`,
          );
        }
        if (o.dtype !== t.dtype) {
          throw new RangeError(
            `Tensor ${i} returned by \`right_inverse\` has dtype ${
              dtypeStr(t.dtype)
            } while \`original${i}\` has dtype ${dtypeStr(o.dtype)}`,
          );
        }
        o.set_(t);
      });
    });
  }

  /** The parametrized tensor: the first parametrization on the original(s), then the others in order. */
  override forward(): Tensor {
    const [first, ...rest] = [...this];
    let x = first.forward(...this.#originals()) as Tensor;
    for (const m of rest) x = m.forward(x);
    return x;
  }
}

function typeName(v: unknown): string {
  if (v === null) return "NoneType";
  if (v === undefined) return "undefined";
  if (Array.isArray(v)) return "list";
  if (typeof v === "object") return (v as object).constructor?.name ?? "object";
  return typeof v;
}

// ---------- registration ----------

/** The class a parametrized module was made from (PyTorch's first base of `Parametrized<Class>`). */
const ORIGINAL_CLASS = new WeakMap<object, new (...a: never[]) => Module>();

/** Gives the module a `Parametrized<Class>` subclass (PyTorch's _inject_new_class). */
function injectClass(module: Module): void {
  const cls = module.constructor as new (...a: never[]) => Module;
  const name = `Parametrized${cls.name}`;
  // a computed key names the class as PyTorch's type(name, (cls,), ...) does
  const sub = { [name]: class extends (cls as new (...a: never[]) => Module) {} }[name];
  ORIGINAL_CLASS.set(sub.prototype, cls);
  Object.setPrototypeOf(module, sub.prototype);
}

/** The accessor that computes `module[name]` from its parametrizations (PyTorch's _inject_property). */
function injectProperty(module: Parametrized, prop: string, name: string): void {
  const list = () => module.parametrizations!.get(name) as ParametrizationList;
  Object.defineProperty(module, prop, {
    get: () => {
      if (cacheDepth === 0) return list().forward();
      let own = cache.get(module);
      if (!own) cache.set(module, own = new Map());
      let t = own.get(name);
      if (t === undefined) own.set(name, t = list().forward());
      return t;
    },
    set: (v: Tensor) => list().rightInverse(v),
    enumerable: false,
    configurable: true,
  });
}

/** A parametrized module's type: its parametrizations by tensor name, and the parametrized tensors. */
export type ParametrizedModule<M extends Module> =
  & M
  & { parametrizations: ModuleDict & { [name: string]: ParametrizationList } }
  & Record<string, Tensor>;

/** Options of registerParametrization. */
export interface RegisterParametrizationOptions {
  /** Skip the shape and dtype checks (the parametrization may change them). */
  unsafe?: boolean;
}

/**
 * Registers a parametrization of the parameter or buffer `tensorName`
 * (PyTorch's register_parametrization): `module[tensorName]` then reads as
 * `parametrization.forward(original)` (each further registration is applied
 * after the previous ones), the original moves to
 * `module.parametrizations[tensorName].original` (state-dict key
 * `parametrizations.<name>.original`; `original0`, `original1`, ... when
 * the parametrization's rightInverse returns several tensors), and
 * assigning `module[tensorName]` sets the original through rightInverse.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * class Symmetric extends nn.Module {
 *   override forward(x: torch.Tensor) {
 *     return x.triu().add(x.triu(1).mT);
 *   }
 * }
 * const m = nn.utils.parametrize.registerParametrization(new nn.Linear(3, 3), "weight", new Symmetric());
 * assert.ok(torch.equal(m.weight, m.weight.mT));
 * assert.deepEqual(Object.keys(m.stateDict()), ["bias", "parametrizations.weight.original"]);
 * assert.equal(m.constructor.name, "ParametrizedLinear");
 * ```
 */
export function registerParametrization<M extends Module>(
  module: M,
  tensorName: string,
  parametrization: Module,
  unsafe: boolean | RegisterParametrizationOptions = false,
): ParametrizedModule<M> {
  const opts = typeof unsafe === "object" && unsafe !== null ? unsafe : { unsafe };
  for (const k of Object.keys(opts)) {
    if (k !== "unsafe") throw new TypeError(`registerParametrization(): unknown option '${k}'; expected unsafe`);
  }
  const isUnsafe = opts.unsafe ?? false;
  if (!(module instanceof Module)) {
    throw new TypeError(`registerParametrization(): module must be a Module, got ${typeName(module)}`);
  }
  if (!callable(parametrization)) {
    throw new TypeError(
      `registerParametrization(): parametrization must be a Module, got ${typeName(parametrization)}`,
    );
  }
  if (typeof isUnsafe !== "boolean") throw new TypeError("registerParametrization(): unsafe must be a boolean");
  if (typeof tensorName !== "string") throw new TypeError("registerParametrization(): tensorName must be a string");
  const mod = module as unknown as Parametrized;
  // the property the module's code reads, and PyTorch's name (the key in parametrizations and the state dict)
  const prop = propOf(module, tensorName), key = snakeCase(tensorName);
  parametrization.train(module.training);
  if (isParametrized(module, key)) {
    if (!isUnsafe) checkAppended(mod, prop, key, parametrization);
    const list = mod.parametrizations!.get(key) as ParametrizationList;
    list.append(parametrization);
    list.unsafe ||= isUnsafe;
    return module as ParametrizedModule<M>;
  }
  if (slotOf(module, prop) === null) {
    throw new RangeError(
      `Module '${module}' does not have a parameter, a buffer, or a parametrized element with name '${tensorName}'`,
    );
  }
  const list = new ParametrizationList([parametrization], mod[prop] as Tensor, isUnsafe);
  removeTensor(module, prop);
  if (!isParametrized(module)) {
    injectClass(module);
    mod.parametrizations = new ModuleDict();
  }
  injectProperty(mod, prop, key);
  mod.parametrizations!.set(key, list);
  return module as ParametrizedModule<M>;
}

/** PyTorch's checks of a parametrization added to an already parametrized tensor. */
function checkAppended(mod: Parametrized, prop: string, name: string, p: Parametrization): void {
  const y = mod[prop] as Tensor, x = p.forward(y) as unknown;
  if (!(x instanceof Tensor)) throw new RangeError(`A parametrization must return a tensor. Got ${typeName(x)}.`);
  const unless = "unless the `unsafe` flag is enabled.\n";
  if (x.dtype !== y.dtype) {
    throw new RangeError(
      `Registering a parametrization may not change the dtype of the tensor, ${unless}module.${name}.dtype: ${
        dtypeStr(y.dtype)
      }\nparametrization(module.${name}).dtype: ${dtypeStr(x.dtype)}`,
    );
  }
  if (x.shape.join() !== y.shape.join()) {
    throw new RangeError(
      `Registering a parametrization may not change the shape of the tensor, ${unless}module.${name}.shape: ${
        shapeStr(y.shape)
      }\nparametrization(module.${name}).shape: ${shapeStr(x.shape)}`,
    );
  }
  if (!hasRightInverse(p)) return;
  let z: unknown;
  try {
    z = p.rightInverse(x);
  } catch (e) {
    if (e instanceof NotImplementedError) return;
    throw e;
  }
  if (!(z instanceof Tensor)) {
    throw new RangeError(`parametrization.right_inverse must return a tensor. Got: ${typeName(z)}`);
  }
  const same = `as module.${name}, ${unless}module.${name}`;
  if (z.dtype !== y.dtype) {
    throw new RangeError(
      `The tensor returned by parametrization.right_inverse must have the same dtype ${same}.dtype: ${
        dtypeStr(y.dtype)
      }\nreturned dtype: ${dtypeStr(z.dtype)}`,
    );
  }
  if (z.shape.join() !== y.shape.join()) {
    throw new RangeError(
      `The tensor returned by parametrization.right_inverse must have the same shape ${same}.shape: ${
        shapeStr(y.shape)
      }\nreturned shape: ${shapeStr(z.shape)}`,
    );
  }
}

/**
 * Whether the module has a parametrization on `tensorName` (on any tensor
 * when it is not given).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * const m = nn.utils.parametrizations.weightNorm(new nn.Linear(3, 2));
 * assert.ok(nn.utils.parametrize.isParametrized(m));
 * assert.ok(!nn.utils.parametrize.isParametrized(m, "bias"));
 * ```
 */
export function isParametrized(module: Module, tensorName: string | null = null): boolean {
  const p = (module as Parametrized).parametrizations;
  if (!(p instanceof ModuleDict)) return false;
  return tensorName === null || tensorName === undefined ? p.length > 0 : p.has(snakeCase(tensorName));
}

/**
 * Removes the parametrizations of `tensorName` (PyTorch's
 * remove_parametrizations): the tensor becomes a parameter (or buffer)
 * again, holding the parametrized value when `leaveParametrized` (the
 * original's memory and identity, set to it) or the original otherwise.
 * When it was the last one, the module gets its class back.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * const m = nn.utils.parametrizations.orthogonal(new nn.Linear(3, 3));
 * const w = m.weight;
 * nn.utils.parametrize.removeParametrizations(m, "weight");
 * assert.ok(m.weight instanceof nn.Parameter && m.weight.allclose(w));
 * assert.equal(m.constructor.name, "Linear");
 * ```
 */
export function removeParametrizations<M extends Module>(
  module: M,
  tensorName: string,
  leaveParametrized: boolean | { leaveParametrized?: boolean } = true,
): M {
  const opts = typeof leaveParametrized === "object" && leaveParametrized !== null
    ? leaveParametrized
    : { leaveParametrized };
  for (const k of Object.keys(opts)) {
    if (k !== "leaveParametrized") {
      throw new TypeError(`removeParametrizations(): unknown option '${k}'; expected leaveParametrized`);
    }
  }
  const leave = opts.leaveParametrized ?? true;
  if (!isParametrized(module, tensorName)) {
    throw new RangeError(`Module ${module} does not have a parametrization on ${tensorName}`);
  }
  const mod = module as unknown as Parametrized;
  const prop = propOf(module, tensorName), key = snakeCase(tensorName);
  const list = mod.parametrizations!.get(key) as ParametrizationList;
  let original: Tensor;
  if (list.isTensor) {
    original = list.original!;
    if (leave) {
      const t = withGradMode(false, () => mod[prop] as Tensor);
      withGradMode(false, () => original.set_(t));
    }
  } else {
    if (!leave) {
      throw new RangeError(
        "Cannot leave unparametrized (`leave_parametrized=False`) a tensor that is parametrized in terms of a sequence of tensors.",
      );
    }
    const t = mod[prop] as Tensor;
    original = t.requiresGrad ? new Parameter(t) : t;
  }
  delete mod[prop];
  mod.parametrizations!.pop(key);
  attachTensor(module, prop, original);
  if (!isParametrized(module)) {
    const cls = ORIGINAL_CLASS.get(Object.getPrototypeOf(module));
    delete mod.parametrizations;
    if (cls) Object.setPrototypeOf(module, cls.prototype);
  }
  return module;
}

/**
 * The module's class before it was parametrized (its class if it is not).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * const m = nn.utils.parametrizations.weightNorm(new nn.Linear(3, 2));
 * assert.equal(nn.utils.parametrize.typeBeforeParametrizations(m), nn.Linear);
 * ```
 */
export function typeBeforeParametrizations(module: Module): new (...a: never[]) => Module {
  const cls = ORIGINAL_CLASS.get(Object.getPrototypeOf(module));
  return isParametrized(module) && cls ? cls : module.constructor as new (...a: never[]) => Module;
}

/**
 * Copies the parametrizations of `tensorName` (every parametrized tensor
 * when null) from one module to another, with their originals (shared,
 * as PyTorch's assignment); a tensor `toModule` lacks is first created
 * as a parameter holding `fromModule`'s parametrized value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn } from "../../mod.ts";
 * const a = nn.utils.parametrizations.orthogonal(new nn.Linear(3, 3));
 * const b = nn.utils.parametrize.transferParametrizationsAndParams(a, new nn.Linear(3, 3));
 * assert.ok(b.weight.allclose(a.weight));
 * ```
 */
export function transferParametrizationsAndParams<M extends Module>(
  fromModule: Module,
  toModule: M,
  tensorName: string | null = null,
): M {
  if (!isParametrized(fromModule)) return toModule;
  const from = fromModule as unknown as Parametrized, to = toModule as unknown as Parametrized;
  const names = tensorName === null || tensorName === undefined ? from.parametrizations!.keys() : [tensorName];
  for (const name of names) {
    const key = snakeCase(name), prop = propOf(toModule, name);
    if (!(prop in to) || to[prop] === undefined) {
      to[prop] = new Parameter(from[propOf(fromModule, name)] as Tensor);
    }
    const src = from.parametrizations!.get(key) as ParametrizationList;
    for (const p of src) registerParametrization(toModule, prop, p);
    const dst = to.parametrizations!.get(key) as ParametrizationList;
    if (src.isTensor) dst.original = src.original;
    else for (let i = 0; i < src.ntensors; i++) dst[`original${i}`] = src[`original${i}`];
  }
  return toModule;
}
