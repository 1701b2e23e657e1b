/**
 * nn.utils.stateless.functionalCall (also torch.func.functionalCall): a
 * module called with other tensors in place of its parameters and buffers,
 * named as its stateDict names them.
 * @module
 */
import { describe } from "../api/signature.ts";
import { RuntimeError } from "../core/errors.ts";
import { snakeCase } from "../core/names.ts";
import { FUNC_BRIDGE, type FunctionalCall } from "../torch/func.ts";
import { isPlainObject } from "../torch/pytree.ts";
import { isTensor, type Tensor } from "../torch/tensor.ts";
import { DataParallel } from "./layers/data_parallel.ts";
import { Module } from "./module.ts";

/** Tensors by dotted name (`"0.weight"`, `"fc.bias"`); null stands for PyTorch's None. */
export type NamedTensors = Record<string, Tensor | null>;
/** functionalCall's options (PyTorch's keywords; `args` and `kwargs` may also go here). */
export interface FunctionalCallOptions {
  /** The forward's arguments: an array is the argument list (PyTorch's tuple), anything else one argument. */
  args?: unknown;
  /** The forward's keyword arguments, passed as its trailing options object. */
  kwargs?: Record<string, unknown> | null;
  /** Tensors tied in the module (one tensor under several names) stay tied (default true). */
  tieWeights?: boolean;
  /** Every name must be one of the module's and every one of the module's given (default false). */
  strict?: boolean;
}
const OPTION_KEYS = ["args", "kwargs", "tieWeights", "strict"];
const isOptions = (v: unknown): v is FunctionalCallOptions =>
  isPlainObject(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => OPTION_KEYS.includes(k));

/** The one name→tensor map a dict or a list of dicts gives (PyTorch's ValueErrors: RangeErrors here). */
function mergeDicts(dicts: unknown): NamedTensors {
  if (isPlainObject(dicts)) return dicts as NamedTensors;
  if (!Array.isArray(dicts)) {
    throw new RangeError(
      `Expected parameter_and_buffer_dicts to be a dict, or a list/tuple of dicts, but got ${describe(dicts)}`,
    );
  }
  if (!dicts.every(isPlainObject)) {
    throw new RangeError("Expected all elements of parameter_and_buffer_dicts to be dictionaries");
  }
  const counts = new Map<string, number>();
  for (const d of dicts) for (const k of Object.keys(d)) counts.set(k, (counts.get(k) ?? 0) + 1);
  const repeated = [...counts].filter(([, n]) => n > 1).map(([k]) => `'${k}'`);
  if (repeated.length > 0) {
    throw new RangeError(
      `[${repeated.join(", ")}] appeared in multiple dictionaries; behavior of functional call is ambiguous`,
    );
  }
  return Object.assign({}, ...dicts);
}

/** Every parameter and buffer name of the module, tied ones under each of their names. */
const allNamed = (m: Module): [string, Tensor][] => [
  ...m.namedParameters("", true, false),
  ...m.namedBuffers("", true, false),
];

/** The given names extended to the names tied to them (PyTorch's _untie_named_tensors_map). */
function untie(module: Module, given: NamedTensors): NamedTensors {
  const names = new Map<Tensor, string[]>();
  for (const [k, t] of allNamed(module)) names.set(t, [...(names.get(t) ?? []), k]);
  const tiedOf = new Map<string, string[]>();
  for (const ns of names.values()) if (ns.length > 1) { for (const n of ns) tiedOf.set(n, ns); }
  const out = { ...given };
  for (const k of Object.keys(given)) {
    const tied = tiedOf.get(k);
    if (!tied) continue;
    const values = new Set(tied.filter((n) => n in given).map((n) => given[n]));
    if (values.size > 1) {
      throw new RangeError(
        `functional_call got multiple values for keys [${[...tied].sort().map((n) => `'${n}'`).join(", ")}], which ` +
          "are tied. Consider using tie_weights=False",
      );
    }
    for (const n of tied) out[n] = given[k];
  }
  return out;
}

/** Strict mode's check: the names are exactly the module's (PyTorch's message). */
function checkKeys(module: Module, given: NamedTensors): void {
  const have = new Set(allNamed(module).map(([k]) => k));
  const unexpected = Object.keys(given).filter((k) => !have.has(k)).sort();
  const missing = [...have].filter((k) => !(k in given)).sort();
  const msgs: string[] = [];
  const list = (ks: string[]) => ks.map((k) => `'${k}'`).join(", ");
  if (unexpected.length) msgs.push(`Unexpected key(s): ${list(unexpected)}.`);
  if (missing.length) msgs.push(`Missing key(s): ${list(missing)}.`);
  if (msgs.length) {
    throw new RuntimeError(`Error(s) in reparametrizing for ${module.constructor.name}:\n\t${msgs.join("\n\t")}`);
  }
}

/** Where a dotted name lives: its module and the JS property holding it (a field in camelCase, or as registered). */
function slotOf(module: Module, name: string): [Module, string] {
  const i = name.lastIndexOf(".");
  const owner = module.getSubmodule(i < 0 ? "" : name.slice(0, i)), leaf = name.slice(i + 1);
  const key = Object.getOwnPropertyNames(owner).find((k) => k === leaf || snakeCase(k) === leaf);
  return [owner, key ?? leaf];
}

/**
 * Calls `module.forward` with the tensors of `parametersAndBuffers` (a dict
 * of dotted stateDict names, or a list of dicts merged) in place of the
 * module's own, then puts the originals back (also when forward throws).
 * `args` (an array: the argument list; anything else: one argument) and
 * `kwargs` (forward's trailing options object) follow, then the options
 * `{ tieWeights = true, strict = false }`; `args`, `kwargs` may also be given
 * in the options object. Names the module does not have are set as
 * attributes for the call (strict: an error), as PyTorch's. A forward that
 * reassigns one of them leaves its new value in the given dict.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const net = new nn.Sequential(new nn.Linear(2, 2), new nn.ReLU());
 * const params = { "0.weight": torch.eye(2), "0.bias": torch.ones(2) };
 * const y = nn.utils.stateless.functionalCall(net, params, torch.tensor([[1, -3]], { dtype: torch.float32 }));
 * assert.deepEqual(y.tolist(), [[2, 0]]);
 * assert.notDeepEqual((net.at(0) as nn.Linear).weight.tolist(), [[1, 0], [0, 1]]);
 * ```
 */
export function functionalCall(
  module: Module,
  parametersAndBuffers: NamedTensors | readonly NamedTensors[],
  ...rest: unknown[]
  // deno-lint-ignore no-explicit-any
): any {
  if (!(module instanceof Module)) {
    throw new TypeError(`functionalCall(): module must be an nn.Module, not ${describe(module)}`);
  }
  if (rest.length > 3) throw new TypeError(`functionalCall() takes at most 5 arguments (${rest.length + 2} given)`);
  let opts: Record<string, unknown> = {};
  if (rest.length === 3 || (rest.length > 0 && isOptions(rest[rest.length - 1]))) {
    const o = rest.pop();
    if (!isPlainObject(o)) throw new TypeError(`functionalCall(): the options must be an object, not ${describe(o)}`);
    const bad = Object.keys(o).find((k) => !OPTION_KEYS.includes(k));
    if (bad !== undefined) throw new TypeError(`functionalCall(): unexpected option '${bad}'`);
    opts = o;
  }
  ["args", "kwargs"].forEach((k, i) => {
    if (rest[i] !== undefined && k in opts) {
      throw new TypeError(`functionalCall(): got multiple values for argument '${k}'`);
    }
  });
  // (an undefined positional is not given: the option may name it)
  const args = rest[0] ?? opts.args, kwargs = rest[1] ?? opts.kwargs;
  const { tieWeights = true, strict = false } = opts;
  for (const [k, v] of [["tieWeights", tieWeights], ["strict", strict]] as const) {
    if (typeof v !== "boolean") throw new TypeError(`functionalCall(): ${k} must be a boolean, not ${describe(v)}`);
  }
  if (module instanceof DataParallel) {
    throw new RuntimeError("The stateless API can't be used with nn.DataParallel module");
  }
  if (kwargs !== undefined && kwargs !== null && !isPlainObject(kwargs)) {
    throw new TypeError(`functionalCall(): kwargs must be an object, not ${describe(kwargs)}`);
  }
  const given = mergeDicts(parametersAndBuffers);
  const named = tieWeights ? untie(module, given) : given;
  if (strict) checkKeys(module, named);
  for (const v of Object.values(named)) {
    if (v !== null && !isTensor(v)) throw new TypeError(`${String(v)} is not an instance of torch.Tensor`);
  }
  const callArgs = args === undefined || args === null ? [] : Array.isArray(args) ? [...args] : [args];
  if (kwargs) callArgs.push(kwargs);
  // swapped in order, restored in reverse: a name given twice through ties restores the first original last
  const swapped: [Module, string, boolean, unknown, string][] = [];
  try {
    for (const [name, t] of Object.entries(named)) {
      const [owner, key] = slotOf(module, name);
      const had = Object.hasOwn(owner, key);
      swapped.push([owner, key, had, (owner as unknown as Record<string, unknown>)[key], name]);
      (owner as unknown as Record<string, unknown>)[key] = t;
    }
    return module.forward(...callArgs);
  } finally {
    for (const [owner, key, had, orig, name] of swapped.reverse()) {
      const o = owner as unknown as Record<string, unknown>;
      if (name in given && !Array.isArray(parametersAndBuffers)) {
        (parametersAndBuffers as NamedTensors)[name] = o[key] as Tensor | null;
      }
      if (had) o[key] = orig;
      else delete o[key];
    }
  }
}

// (the bridge's type names the module as an object: torch cannot name nn's class)
FUNC_BRIDGE.functionalCall = functionalCall as FunctionalCall;
