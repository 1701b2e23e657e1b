/**
 * Signatures and the one argument binder every public function and method
 * goes through, in the spirit of PyTorch's `native_functions.yaml` schemas
 * and its Python argument parser.
 *
 * A signature lists positional parameters (in NumPy's/PyTorch's order) and
 * keyword-only ones. A call may pass any prefix of the positional ones,
 * then a trailing options object naming any parameter (positional ones
 * included): `t.sum(1, true)`, `t.sum({ dim: 1, keepdim: true })`,
 * `t.sum(1, { keepdim: true })`. The binder rejects an unknown option, a
 * duplicated argument, a wrong type or a missing one with a TypeError that
 * names the op and the parameter; the TypeScript types of every call form
 * come from the same declaration (`Call`), so `deno check` and the binder
 * agree.
 */
import { type DType, DTYPE_BY_CODE } from "../core/dtype.ts";
import type { Slice } from "../ops/index.ts";

/** JS scalars ops accept where NumPy/PyTorch accept Python numbers. */
export type Scalar = number | boolean | bigint;

/** What a parameter of each kind accepts; T is the front-end's array class, In what it converts to one. */
export interface KindTypes<T, In> {
  /** An array-like (the front-end converts it: np accepts JS data, torch only tensors). */
  array: In;
  /** An array-like or a JS scalar, kept as a scalar (NumPy's weak scalars, PyTorch's Scalar). */
  arrayOrScalar: In | Scalar;
  /** A list of array-likes. */
  arrays: readonly In[];
  /** One array-like or a list of them (autograd's `inputs`), kept as given. */
  arrayOrArrays: In | readonly In[];
  /** One array-like or a list of array-likes and nulls (autograd's gradients: null is the implicit one). */
  grads: In | readonly (In | null)[];
  /** An existing array written into (`out=`). */
  out: T;
  /** Existing arrays the results of a multi-result op are written into (PyTorch's `out=(values, indices)`). */
  outs: readonly T[];
  /** A JS number, bigint or boolean (PyTorch's Scalar). */
  scalar: Scalar;
  /** A JS number. */
  number: number;
  /** A safe integer. */
  int: number;
  /** A C++ int64 (random_'s and randint's bounds): a safe integer, or a bigint in int64's range. */
  int64: number | bigint;
  /** One integer or a list of them (sizes, repetitions, dims). */
  ints: number | readonly number[];
  /** A boolean. */
  bool: boolean;
  /** A dtype name or alias. */
  dtype: DType | string;
  /** One of the parameter's `choices`. */
  string: string;
  /** A callback. */
  fn: (...args: never[]) => unknown;
  /** A device: "cpu", "cuda", "cuda:0". */
  device: string | { readonly type: string; readonly index: number | null };
  /** An index: a NumPy index string, one part, or a list of parts (see `get`). */
  index: string | number | Slice | null | T | In | readonly unknown[];
  /** Anything: the op checks it itself. */
  any: unknown;
}
/** A parameter kind. */
export type Kind = keyof KindTypes<unknown, unknown>;

/** One declared parameter (N: name, K: kind, O: optional, Nl: nullable, A: alias, C: choices). */
export interface Param<
  N extends string = string,
  K extends Kind = Kind,
  O extends boolean = boolean,
  Nl extends boolean = boolean,
  A extends string = string,
  C extends string = string,
  Va extends boolean | "method" = boolean | "method",
> {
  /** The name (camelCase of NumPy's/PyTorch's snake_case name). */
  readonly name: N;
  /** What it accepts (see KindTypes). */
  readonly kind: K;
  /** Whether a call may leave it out (it then gets `default`). */
  readonly optional: O;
  /** Whether it accepts null. */
  readonly nullable: Nl;
  /** The value an optional parameter gets when left out. */
  readonly default?: unknown;
  /** Other names the options object accepts (PyTorch's `axis` for `dim`). */
  readonly aliases: readonly A[];
  /** Allowed values of a "string" parameter. */
  readonly choices?: readonly C[];
  /**
   * Takes the remaining positional integers (`t.view(2, 3)`) as well as one
   * list; "method": only when called as a method (`a.reshape(2, 3)`, but
   * `np.reshape(a, [2, 3])`, as NumPy and PyTorch do).
   */
  readonly varargs?: Va;
}

/** A signature: positional parameters in order, then keyword-only ones. */
export interface Sig {
  /** Positional-or-keyword parameters, in order. */
  readonly pos: readonly Param[];
  /** Keyword-only parameters (given in the options object). */
  readonly kw: readonly Param[];
  /** A NumPy ufunc's signature: its `where` mask is applied by np's runner (src/api/ops/ufunc_where.ts). */
  readonly ufunc?: true;
}

/** Extra facts about a parameter. */
export interface ParamOptions {
  aliases?: readonly string[];
  choices?: readonly string[];
  /** Spread positional integers form the list (see `Param.varargs`). */
  varargs?: boolean | "method";
  /** Accepts null although the default is not null (np.sort's axis: -1, or null to flatten). */
  nullable?: boolean;
}
/** The aliases a parameter's options declare. */
export type AliasOf<O> = O extends { readonly aliases: readonly (infer A extends string)[] } ? A : never;
/** The choices a string parameter's options declare (any string without). */
export type ChoiceOf<O> = O extends { readonly choices: readonly (infer C extends string)[] } ? C : string;
/** A parameter's varargs flag from its options. */
export type VarOf<O> = O extends { readonly varargs: true } ? true
  : O extends { readonly varargs: "method" } ? "method"
  : false;

/**
 * A required parameter.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { req } from "./signature.ts";
 * assert(req("input", "array").optional === false);
 * ```
 */
export function req<const N extends string, const K extends Kind, const O extends ParamOptions = Record<never, never>>(
  name: N,
  kind: K,
  o?: O,
): Param<N, K, false, false, AliasOf<O>, ChoiceOf<O>, VarOf<O>> {
  return {
    name,
    kind,
    optional: false,
    nullable: false,
    aliases: (o?.aliases ?? []) as AliasOf<O>[],
    choices: o?.choices as ChoiceOf<O>[] | undefined,
    varargs: o?.varargs as VarOf<O>,
  };
}

/**
 * A required tensor parameter that may be null (PyTorch's `Tensor?` without a default).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nullableReq } from "./signature.ts";
 * assert(nullableReq("bias").nullable === true && nullableReq("bias").optional === false);
 * ```
 */
export const nullableReq = <const N extends string>(name: N) => ({ ...req(name, "array"), nullable: true as const });

/**
 * An optional parameter with its default; a `null` default makes it nullable.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { opt } from "./signature.ts";
 * assert(opt("dim", "ints", null).nullable === true);
 * ```
 */
export function opt<
  const N extends string,
  const K extends Kind,
  const D,
  const O extends ParamOptions = Record<never, never>,
>(
  name: N,
  kind: K,
  def: D,
  o?: O,
): Param<
  N,
  K,
  true,
  null extends D ? true : O extends { readonly nullable: true } ? true : false,
  AliasOf<O>,
  ChoiceOf<O>,
  VarOf<O>
> {
  return {
    name,
    kind,
    optional: true,
    nullable: (def === null || o?.nullable === true) as never,
    default: def,
    aliases: (o?.aliases ?? []) as AliasOf<O>[],
    choices: o?.choices as ChoiceOf<O>[] | undefined,
    varargs: o?.varargs as VarOf<O>,
  };
}

// ---------- TypeScript types of every call form ----------

/** The type a parameter of a kind accepts (before null). */
export type Base<P, T, In> = P extends Param<string, infer K, boolean, boolean, string, infer C>
  ? K extends "string" ? C : KindTypes<T, In>[K]
  : never;
/** The type a parameter accepts. */
export type TypeOf<P, T, In> = P extends Param<string, Kind, boolean, infer Nl>
  ? Base<P, T, In> | (Nl extends true ? null : never)
  : never;
/** A parameter's name and aliases. */
export type Names<P> = P extends Param<infer N, Kind, boolean, boolean, infer A> ? N | A : never;
/** The parameter among Ps that name K belongs to. */
export type ParamOf<Ps extends Param, K> = Ps extends unknown ? (K extends Names<Ps> ? Ps : never) : never;
/** The trailing options object: every parameter (and alias) by name (never when there are none). */
export type Options<S extends Sig, T, In> = [Names<S["pos"][number] | S["kw"][number]>] extends [never] ? never
  : {
    [K in Names<S["pos"][number] | S["kw"][number]>]?: TypeOf<ParamOf<S["pos"][number] | S["kw"][number], K>, T, In>;
  };
/** Whether a parameter takes spread integers in this call (Self: called as a method). */
export type IsVar<P, Self extends boolean> = P extends { readonly varargs?: true }
  ? (P extends { readonly varargs?: false } ? false : true)
  : P extends { readonly varargs?: "method" } ? (P extends { readonly varargs?: false } ? false : Self)
  : false;
/** Positional values for parameters Ps (optional ones may be left out at the end). */
export type PosArgs<Ps, T, In> = Ps extends readonly [infer H extends Param, ...infer R]
  ? H["optional"] extends true ? [TypeOf<H, T, In>?, ...PosArgs<R, T, In>] : [TypeOf<H, T, In>, ...PosArgs<R, T, In>]
  : [];
/** A required option: the parameter by its name or by one of its aliases. */
export type NameReq<P, T, In> = P extends Param<infer N, Kind, boolean, boolean, infer A>
  ? (N | A) extends infer K ? K extends string ? { [Q in K]: TypeOf<P, T, In> } : never : never
  : never;
/** What the options must name: each required parameter not given by position (a varargs list may be left out). */
export type Needed<Ps, T, In, Self extends boolean> = Ps extends readonly [infer H extends Param, ...infer R]
  ? H["optional"] extends true ? Needed<R, T, In, Self>
  : IsVar<H, Self> extends true ? Needed<R, T, In, Self>
  : NameReq<H, T, In> & Needed<R, T, In, Self>
  : unknown;
/** Positional values for parameters Ps (an optional one may be undefined). */
export type Given<Ps, T, In> = Ps extends readonly [infer H extends Param, ...infer R]
  ? [TypeOf<H, T, In> | (H["optional"] extends true ? undefined : never), ...Given<R, T, In>]
  : [];
/** The options after a positional prefix: optional, unless a required parameter is left to them. */
export type Tail<Rest, S extends Sig, T, In, Self extends boolean> = unknown extends
  Needed<Rest, T, In, Self> & Needed<S["kw"], T, In, Self> ? [Options<S, T, In>?]
  : [Options<S, T, In> & Needed<Rest, T, In, Self> & Needed<S["kw"], T, In, Self>];
/** Each positional prefix (Done) followed by the options for the rest. */
export type Splits<Done extends readonly Param[], Rest, S extends Sig, T, In, Self extends boolean> =
  | [...Given<Done, T, In>, ...Tail<Rest, S, T, In, Self>]
  | (Rest extends readonly [infer H extends Param, ...infer R] ? Splits<[...Done, H], R, S, T, In, Self> : never);
/** What a spread list takes: integers, arrays for an "arrays" parameter (`meshgrid(x, y)`), anything for "any". */
export type VarElem<L, In> = L extends { readonly kind: "arrays" } ? In
  : L extends { readonly kind: "any" } ? unknown
  : number;
/** The spread forms of a varargs last parameter: `view(2, 3)`, `meshgrid(x, y, { indexing })`. */
export type VarForms<Ps, O, T, In, Self extends boolean> = Ps extends readonly [...infer I, infer L extends Param]
  ? IsVar<L, Self> extends true
    ? [...PosArgs<I, T, In>, ...VarElem<L, In>[]] | [...PosArgs<I, T, In>, ...VarElem<L, In>[], O]
  : never
  : never;
/**
 * The argument lists a signature accepts: a positional prefix, then the
 * options object, which must name the required parameters the prefix left
 * out (Self: called as a method, for "method" varargs).
 */
export type Forms<S extends Sig, T, In, Self extends boolean = false> =
  | Splits<[], S["pos"], S, T, In, Self>
  | PosArgs<S["pos"], T, In>
  | VarForms<S["pos"], Options<S, T, In>, T, In, Self>;
/** The signature without its first positional parameter (methods bind it to `this`). */
export type DropSelf<S extends Sig> = {
  pos: S["pos"] extends readonly [unknown, ...infer R extends readonly Param[]] ? R : [];
  kw: S["kw"];
};

// ---------- the binder ----------

/** What a front-end supplies to check and convert arguments. */
export interface Converters {
  /** Converts an array-like for parameter `param` of `op`, or returns undefined when `v` is not one. */
  array(v: unknown): unknown;
  /** Whether `v` is the front-end's array class (for `out`). */
  isArray(v: unknown): boolean;
  /** Resolves a dtype name (undefined when invalid). */
  dtype(v: unknown): DType | undefined;
  /** The class name shown in messages ("ndarray", "Tensor"). */
  readonly arrayName: string;
  /** The integer an array stands for as an int argument (PyTorch's `__index__`); only `loose` has it. */
  index?(v: unknown): number | undefined;
  /**
   * These converters with `index`: tried only when no signature binds without it, so a tensor goes to an overload
   * that takes a tensor first (torch.max(x, other) is not torch.max(x, dim)).
   */
  readonly loose?: Converters;
}

/**
 * What messages call a value: null, a primitive's type, Array for a JS list, else its class name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { describe } from "./signature.ts";
 * assert.equal(describe([1]), "Array");
 * ```
 */
export function describe(v: unknown): string {
  if (v === null) return "null";
  try {
    if (Array.isArray(v)) return "Array"; // a JS list (an ndarray or a Tensor names its class)
    if (typeof v === "object") return String((v as object).constructor?.name ?? "object");
  } catch {
    return "object"; // a revoked Proxy, a throwing getter
  }
  return typeof v;
}

const DTYPE_NAMES = DTYPE_BY_CODE.join(", ");
/** Array.isArray that answers false for a revoked Proxy (which makes Array.isArray throw V8's TypeError). */
const isList = (v: unknown): v is unknown[] => {
  try {
    return Array.isArray(v);
  } catch {
    return false;
  }
};
const isInt = (v: unknown): boolean => typeof v === "number" && Number.isSafeInteger(v);
const INVALID: unique symbol = Symbol("invalid");
/** A required parameter no argument filled yet. */
const MISSING: unique symbol = Symbol("missing");
type Check = (v: unknown, c: Converters) => unknown;

/** Per-kind checks: the converted value, or INVALID. */
const CHECKS: Record<Kind, Check> = {
  array: (v, c) => c.array(v) ?? INVALID,
  arrayOrScalar: (v, c) =>
    typeof v === "number" || typeof v === "boolean" || typeof v === "bigint" ? v : c.array(v) ?? INVALID,
  arrays: (v, c) => {
    if (!isList(v)) return INVALID;
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) if ((out[i] = c.array(v[i])) === undefined) return INVALID;
    return out;
  },
  arrayOrArrays: (v, c) => (isList(v) ? CHECKS.arrays(v, c) : c.array(v) ?? INVALID),
  grads: (v, c) => {
    if (!isList(v)) return c.array(v) ?? INVALID;
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      if ((out[i] = v[i] === null ? null : c.array(v[i])) === undefined) return INVALID;
    }
    return out;
  },
  out: (v, c) => (c.isArray(v) ? v : INVALID),
  outs: (v, c) => (isList(v) && v.length > 0 && v.every((x) => c.isArray(x)) ? [...v] : INVALID),
  scalar: (v) => (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint" ? v : INVALID),
  number: (v) => (typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : INVALID),
  int: (v, c) =>
    isInt(v) ? v : typeof v === "bigint" && Number.isSafeInteger(Number(v)) ? Number(v) : c.index?.(v) ?? INVALID,
  int64: (v) =>
    isInt(v) ? v : typeof v !== "bigint" || v !== BigInt.asIntN(64, v) ? INVALID : isInt(Number(v)) ? Number(v) : v,
  ints: (v) => {
    if (isInt(v)) return v;
    if (!isList(v)) return INVALID;
    // a copy: the op sees the values checked here (a Proxy or a later edit cannot change them)
    const n = v.length, out: number[] = [];
    for (let i = 0; i < n; i++) {
      const x = v[i];
      if (!isInt(x)) return INVALID;
      out.push(x as number);
    }
    return out;
  },
  bool: (v) => (typeof v === "boolean" ? v : INVALID),
  dtype: (v, c) => c.dtype(v) ?? INVALID,
  string: (v) => (typeof v === "string" ? v : INVALID),
  fn: (v) => (typeof v === "function" ? v : INVALID),
  device: (v) => {
    if (typeof v === "string") return v;
    if (typeof v !== "object" || v === null) return INVALID;
    // a device object has a string `type` (a Tensor has a `type()` method: it is not a device) and an index that
    // is null or a non-negative integer (torch.device: "Device index must not be negative"); read once, as a copy
    const { type, index } = v as { type?: unknown; index?: unknown };
    if (typeof type !== "string" || !(index == null || (isInt(index) && (index as number) >= 0))) return INVALID;
    return { type, index: index ?? null };
  },
  index: (v) => (v === undefined || typeof v === "function" || typeof v === "symbol" ? INVALID : v),
  any: (v) => v,
};

const EXPECTED: Record<Kind, string> = {
  array: "an array",
  arrayOrScalar: "an array or a number",
  arrays: "a list of arrays",
  arrayOrArrays: "an array or a list of arrays",
  grads: "an array or a list of arrays and nulls",
  out: "an array",
  outs: "a list of arrays",
  scalar: "a number, bigint or boolean",
  number: "a number",
  int: "an integer",
  int64: "an integer (a bigint past 2^53)",
  ints: "an integer or a list of integers",
  bool: "a boolean",
  dtype: "a dtype",
  string: "a string",
  fn: "a function",
  device: 'a device ("cpu", "cuda:1" or { type, index } with an integer index >= 0)',
  index: "an index",
  any: "a value",
};

function isOptions(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  try {
    if (Array.isArray(v)) return false;
    // a `{ storage, layout }` object is an operand-like argument, not options
    if ("storage" in v && "layout" in v) return false;
    const p = Object.getPrototypeOf(v);
    return p === Object.prototype || p === null;
  } catch {
    return false; // a revoked Proxy: an argument, which its check will refuse
  }
}

/** A binding failure, turned into a TypeError only when no overload binds. */
class Failure {
  constructor(readonly message: string) {}
}

/**
 * A compiled signature: binds call arguments to named values.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Binder, opt, req } from "./signature.ts";
 * const b = new Binder("sum", { pos: [req("input", "any"), opt("dim", "ints", null), opt("keepdim", "bool", false)], kw: [] });
 * const conv = { array: (v: unknown) => v, isArray: () => false, dtype: () => undefined, arrayName: "x" };
 * assert(b.bind([1, 0, { keepdim: true }], conv).keepdim === true);
 * ```
 */
export class Binder {
  readonly op: string;
  readonly params: readonly Param[];
  readonly npos: number;
  readonly #index = new Map<string, number>();
  readonly #checks: Check[];
  readonly #names: string[];
  readonly #defaults: Record<string, unknown>;
  readonly #required: number[];

  constructor(op: string, sig: Sig) {
    this.op = op;
    this.params = [...sig.pos, ...sig.kw];
    this.npos = sig.pos.length;
    this.params.forEach((p, i) => {
      for (const n of [p.name, ...p.aliases]) {
        if (this.#index.has(n)) throw new Error(`${op}: parameter name ${n} declared twice`);
        this.#index.set(n, i);
      }
    });
    this.#checks = this.params.map((p) => {
      const base = CHECKS[p.kind];
      if (p.kind === "string" && p.choices) {
        const allowed = new Set<string>(p.choices);
        return (v: unknown) => (typeof v === "string" && allowed.has(v) ? v : INVALID);
      }
      return base;
    });
    this.#names = this.params.map((p) => p.name);
    this.#defaults = Object.fromEntries(this.params.map((p) => [p.name, p.optional ? p.default : MISSING]));
    this.#required = this.params.flatMap((p, i) => (p.optional ? [] : [i]));
  }

  /** Binds `args` (after `self`, when given) or throws a TypeError naming the problem. */
  // deno-lint-ignore no-explicit-any
  bind(args: readonly unknown[], conv: Converters, self?: unknown): Record<string, any> {
    const r = this.tryBind(args, conv, self);
    if (!(r instanceof Failure)) return r;
    const l = conv.loose && this.tryBind(args, conv.loose, self);
    if (l && !(l instanceof Failure)) return l;
    throw new TypeError(r.message);
  }

  /** Binds, or returns a Failure (no exception: overload resolution tries the next signature). */
  tryBind(args: readonly unknown[], conv: Converters, self?: unknown): Record<string, unknown> | Failure {
    const params = this.params, names = this.#names, checks = this.#checks;
    // a copy of the defaults object keeps one hidden class per signature (the hot path of every call)
    const out: Record<string, unknown> = { ...this.#defaults };
    let n = args.length, given = 0;
    let opts: Record<string, unknown> | undefined;
    if (n > 0 && isOptions(args[n - 1])) opts = args[--n] as Record<string, unknown>;
    if (self !== undefined) out[names[given++]] = self;
    for (let i = 0; i < n; i++, given++) {
      if (given >= this.npos) return this.#tooMany(n + (self === undefined ? 0 : 1));
      const p = params[given];
      if (p.varargs === true || (p.varargs === "method" && self !== undefined)) {
        // `view(2, 3)`, `meshgrid(x, y)`, `resultType(a, "int32", 1.5)`: the remaining positional values form the list
        const rest = n - i, arrays = p.kind === "arrays" || p.kind === "any";
        const v = typeof args[i] === "number" || (arrays && rest > 1)
          ? args.slice(i, n)
          : rest === 1
          ? (arrays && !isList(args[i]) ? [args[i]] : args[i])
          : INVALID;
        if (arrays && isList(v) && !isDenseList(v)) return this.#holes(p, given);
        const c = v === INVALID ? INVALID : checks[given](v, conv);
        if (c === INVALID) return this.#bad(p, given, v === INVALID ? args[i] : v);
        out[names[given++]] = c;
        break;
      }
      const v = args[i];
      if (v === undefined && p.optional) continue; // JS callers skip arguments with undefined
      const c = v === null && p.nullable ? null : checks[given](v, conv);
      if (c === INVALID) return this.#bad(p, given, v);
      out[names[given]] = c;
    }
    if (opts) {
      const seen = new Set<number>();
      for (const key in opts) {
        const i = this.#index.get(key);
        if (i === undefined) return this.#unknown(key, self !== undefined);
        if (i < given || seen.has(i)) {
          return new Failure(`${this.op}(): got multiple values for argument '${names[i]}'`);
        }
        seen.add(i);
        const p = params[i], v = opts[key];
        if (v === undefined && p.optional) continue;
        // a spread parameter of any values, given by name, is the list the spread would have made
        if (p.varargs && (p.kind === "any" || p.kind === "arrays")) {
          if (!isList(v)) {
            return new Failure(`${this.op}(): argument '${p.name}' must be a list, not ${describe(v)}`);
          }
          if (!isDenseList(v)) return this.#holes(p, -1);
        }
        const c = v === null && p.nullable ? null : checks[i](v, conv);
        if (c === INVALID) return this.#bad(p, -1, v);
        out[names[i]] = c;
      }
    }
    for (const i of this.#required) {
      if (out[names[i]] !== MISSING) continue;
      const va = params[i].varargs;
      if (va === true || (va === "method" && self !== undefined)) out[names[i]] = [];
      else return new Failure(`${this.op}(): missing required argument '${names[i]}'`);
    }
    return out;
  }

  /**
   * The bound arguments of a call giving exactly the first positional parameters, already checked (the fast
   * lane's arrays): `x`, then `y` unless undefined; every other parameter at its default.
   */
  // deno-lint-ignore no-explicit-any
  positional(x: unknown, y: unknown): Record<string, any> {
    const out: Record<string, unknown> = { ...this.#defaults };
    out[this.#names[0]] = x;
    if (y !== undefined) out[this.#names[1]] = y;
    return out;
  }

  /** A spread parameter's list with holes: they would reach the op as undefined values. */
  #holes(p: Param, position: number): Failure {
    const where = position >= 0 ? ` (position ${position + 1})` : "";
    return new Failure(`${this.op}(): argument '${p.name}'${where} must be a list without holes`);
  }

  #tooMany(given: number): Failure {
    const min = this.params.filter((p, i) => i < this.npos && !p.optional).length;
    const range = min === this.npos ? `${this.npos}` : `from ${min} to ${this.npos}`;
    return new Failure(`${this.op}() takes ${range} positional arguments but ${given} were given`);
  }

  #bad(p: Param, position: number, v: unknown): Failure {
    const where = position >= 0 ? ` (position ${position + 1})` : "";
    const want = p.kind === "string" && p.choices
      ? `one of ${p.choices.map((c) => JSON.stringify(c)).join(", ")}`
      : EXPECTED[p.kind] + (p.nullable ? " or null" : "");
    if (p.kind === "dtype" && typeof v === "string") {
      return new Failure(
        `${this.op}(): unsupported dtype ${JSON.stringify(v)} for argument '${p.name}' (supported: ${DTYPE_NAMES})`,
      );
    }
    if (p.kind === "ints" && isList(v)) {
      // name the element that is not an integer (PyTorch: "found element of type float at pos 0")
      for (let i = 0; i < v.length; i++) {
        const x = v[i];
        if (isInt(x)) continue;
        const shown = typeof x === "number" || typeof x === "bigint" ? ` (${x})` : "";
        return new Failure(
          `${this.op}(): argument '${p.name}'${where} must be ${want}, but found element of type ${
            describe(x)
          }${shown} at pos ${i}`,
        );
      }
    }
    const got = p.kind === "string" && typeof v === "string" ? JSON.stringify(v) : describe(v);
    return new Failure(`${this.op}(): argument '${p.name}'${where} must be ${want}, not ${got}`);
  }

  #unknown(key: string, method: boolean): Failure {
    // a method's receiver is not an option its callers can give
    const names = this.#names.slice(method ? 1 : 0);
    const expected = names.length ? `expected one of ${names.join(", ")}` : "it takes no arguments";
    return new Failure(`${this.op}(): unknown option '${key}'; ${expected}`);
  }

  /** A one-line rendering of the signature, for overload errors. */
  toString(): string {
    const show = (p: Param) => `${p.name}${p.optional ? "?" : ""}: ${p.kind}`;
    const pos = this.params.slice(0, this.npos).map(show);
    const kw = this.params.slice(this.npos).map(show);
    return `(${[...pos, ...(kw.length ? ["{ " + kw.join(", ") + " }"] : [])].join(", ")})`;
  }
}

/** Whether `v` is an array without holes (a sparse list's holes would reach the op as undefined). */
function isDenseList(v: unknown): boolean {
  if (!isList(v)) return false;
  for (let i = 0; i < v.length; i++) if (!(i in v)) return false;
  return true;
}

/**
 * Binds against the first of several signatures that accepts the
 * arguments (PyTorch's overloads: `max(input)`, `max(input, dim)`,
 * `max(input, other)`), returning its index and values.
 */
export function bindOverloads(
  op: string,
  binders: readonly Binder[],
  args: readonly unknown[],
  conv: Converters,
  self?: unknown,
): [number, Record<string, unknown>] {
  const failures: string[] = [];
  for (let i = 0; i < binders.length; i++) {
    const r = binders[i].tryBind(args, conv, self);
    if (!(r instanceof Failure)) return [i, r];
    failures.push(r.message);
  }
  for (let i = 0; conv.loose && i < binders.length; i++) {
    const r = binders[i].tryBind(args, conv.loose, self);
    if (!(r instanceof Failure)) return [i, r];
  }
  if (binders.length === 1) throw new TypeError(failures[0]);
  throw new TypeError(
    `${op}() received an invalid combination of arguments; expected one of:\n` +
      binders.map((b, i) => `  ${b} -> ${failures[i].replace(/^\S+\(\): /, "")}`).join("\n"),
  );
}
