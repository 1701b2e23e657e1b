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
  /** An existing array written into (`out=`). */
  out: T;
  scalar: Scalar;
  number: number;
  /** A safe integer. */
  int: number;
  /** One integer or a list of them (sizes, repetitions, dims). */
  ints: number | readonly number[];
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
  Va extends boolean = boolean,
> {
  readonly name: N;
  readonly kind: K;
  readonly optional: O;
  readonly nullable: Nl;
  readonly default?: unknown;
  /** Other names the options object accepts (PyTorch's `axis` for `dim`). */
  readonly aliases: readonly A[];
  /** Allowed values of a "string" parameter. */
  readonly choices?: readonly C[];
  /** Takes the remaining positional integers (`t.view(2, 3)`) as well as one list. */
  readonly varargs?: Va;
}

/** A signature: positional parameters in order, then keyword-only ones. */
export interface Sig {
  readonly pos: readonly Param[];
  readonly kw: readonly Param[];
}

/** Extra facts about a parameter. */
export interface ParamOptions {
  aliases?: readonly string[];
  choices?: readonly string[];
  varargs?: boolean;
  /** Accepts null although the default is not null (np.sort's axis: -1, or null to flatten). */
  nullable?: boolean;
}
type AliasOf<O> = O extends { readonly aliases: readonly (infer A extends string)[] } ? A : never;
type ChoiceOf<O> = O extends { readonly choices: readonly (infer C extends string)[] } ? C : string;
type VarOf<O> = O extends { readonly varargs: true } ? true : false;

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

type Base<P, T, In> = P extends Param<string, infer K, boolean, boolean, string, infer C>
  ? K extends "string" ? C : KindTypes<T, In>[K]
  : never;
/** The type a parameter accepts. */
export type TypeOf<P, T, In> = P extends Param<string, Kind, boolean, infer Nl>
  ? Base<P, T, In> | (Nl extends true ? null : never)
  : never;
type Names<P> = P extends Param<infer N, Kind, boolean, boolean, infer A> ? N | A : never;
type ParamOf<Ps extends Param, K> = Ps extends unknown ? (K extends Names<Ps> ? Ps : never) : never;
/** The trailing options object: every parameter (and alias) by name (never when there are none). */
export type Options<S extends Sig, T, In> = [Names<S["pos"][number] | S["kw"][number]>] extends [never] ? never
  : {
    [K in Names<S["pos"][number] | S["kw"][number]>]?: TypeOf<ParamOf<S["pos"][number] | S["kw"][number], K>, T, In>;
  };
type IsVar<P> = P extends { readonly varargs?: true } ? (P extends { readonly varargs?: false } ? false : true) : false;
type PosArgs<Ps, T, In> = Ps extends readonly [infer H extends Param, ...infer R]
  ? H["optional"] extends true ? [TypeOf<H, T, In>?, ...PosArgs<R, T, In>] : [TypeOf<H, T, In>, ...PosArgs<R, T, In>]
  : [];
type Prefixes<Ps, T, In> = Ps extends readonly [...infer I, infer _L] ? PosArgs<Ps, T, In> | Prefixes<I, T, In> : [];
type VarForms<Ps, O, T, In> = Ps extends readonly [...infer I, infer L extends Param]
  ? IsVar<L> extends true ? [...PosArgs<I, T, In>, ...number[]] | [...PosArgs<I, T, In>, ...number[], O] : never
  : never;
/** The argument lists a signature accepts: a positional prefix, then maybe the options object. */
export type Forms<S extends Sig, T, In> =
  | [...Prefixes<S["pos"], T, In>, Options<S, T, In>?]
  | PosArgs<S["pos"], T, In>
  | VarForms<S["pos"], Options<S, T, In>, T, In>;
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
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "object") return (v as object).constructor?.name ?? "object";
  return typeof v;
}

const DTYPE_NAMES = DTYPE_BY_CODE.join(", ");
const isInt = (v: unknown): boolean => typeof v === "number" && Number.isSafeInteger(v);
const INVALID: unique symbol = Symbol("invalid");
type Check = (v: unknown, c: Converters) => unknown;

/** Per-kind checks: the converted value, or INVALID. */
const CHECKS: Record<Kind, Check> = {
  array: (v, c) => c.array(v) ?? INVALID,
  arrayOrScalar: (v, c) =>
    typeof v === "number" || typeof v === "boolean" || typeof v === "bigint" ? v : c.array(v) ?? INVALID,
  arrays: (v, c) => {
    if (!Array.isArray(v)) return INVALID;
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) if ((out[i] = c.array(v[i])) === undefined) return INVALID;
    return out;
  },
  out: (v, c) => (c.isArray(v) ? v : INVALID),
  scalar: (v) => (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint" ? v : INVALID),
  number: (v) => (typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : INVALID),
  int: (v) => (isInt(v) ? v : typeof v === "bigint" && Number.isSafeInteger(Number(v)) ? Number(v) : INVALID),
  ints: (v) => {
    if (isInt(v)) return v;
    if (!Array.isArray(v)) return INVALID;
    for (const x of v) if (!isInt(x)) return INVALID;
    return v;
  },
  bool: (v) => (typeof v === "boolean" ? v : INVALID),
  dtype: (v, c) => c.dtype(v) ?? INVALID,
  string: (v) => (typeof v === "string" ? v : INVALID),
  fn: (v) => (typeof v === "function" ? v : INVALID),
  device: (v) => (typeof v === "string" || (typeof v === "object" && v !== null && "type" in v) ? v : INVALID),
  index: (v) => (v === undefined || typeof v === "function" || typeof v === "symbol" ? INVALID : v),
  any: (v) => v,
};

const EXPECTED: Record<Kind, string> = {
  array: "an array",
  arrayOrScalar: "an array or a number",
  arrays: "a list of arrays",
  out: "an array",
  scalar: "a number, bigint or boolean",
  number: "a number",
  int: "an integer",
  ints: "an integer or a list of integers",
  bool: "a boolean",
  dtype: "a dtype",
  string: "a string",
  fn: "a function",
  device: "a device",
  index: "an index",
  any: "a value",
};

function isOptions(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
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
  readonly #varargs: boolean;

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
    this.#varargs = sig.pos.length > 0 && sig.pos[sig.pos.length - 1].varargs === true;
  }

  /** Binds `args` (after `self`, when given) or throws a TypeError naming the problem. */
  // deno-lint-ignore no-explicit-any
  bind(args: readonly unknown[], conv: Converters, self?: unknown): Record<string, any> {
    const r = this.tryBind(args, conv, self);
    if (r instanceof Failure) throw new TypeError(r.message);
    return r;
  }

  /** Binds, or returns a Failure (no exception: overload resolution tries the next signature). */
  tryBind(args: readonly unknown[], conv: Converters, self?: unknown): Record<string, unknown> | Failure {
    const params = this.params, out: Record<string, unknown> = {};
    const offset = self === undefined ? 0 : 1;
    let n = args.length;
    let opts: Record<string, unknown> | undefined;
    if (n > 0 && isOptions(args[n - 1])) opts = args[--n] as Record<string, unknown>;
    if (offset) out[params[0].name] = self;
    let given = offset;
    for (let i = 0; i < n; i++, given++) {
      if (given >= this.npos) return this.#tooMany(n + offset);
      const p = params[given];
      if (p.varargs) {
        // `view(2, 3)`: the remaining positional numbers form the list
        const v = typeof args[i] === "number" ? args.slice(i, n) : n - i === 1 ? args[i] : INVALID;
        const c = v === INVALID ? INVALID : this.#checks[given](v, conv);
        if (c === INVALID) return this.#bad(p, given, v === INVALID ? args[i] : v);
        out[p.name] = c;
        given++;
        break;
      }
      const v = args[i];
      if (v === undefined && p.optional) continue; // JS callers skip arguments with undefined
      const c = v === null && p.nullable ? null : this.#checks[given](v, conv);
      if (c === INVALID) return this.#bad(p, given, v);
      out[p.name] = c;
    }
    if (opts) {
      for (const key in opts) {
        const i = this.#index.get(key);
        if (i === undefined) return this.#unknown(key);
        const p = params[i];
        if (p.name in out) return new Failure(`${this.op}(): got multiple values for argument '${p.name}'`);
        const v = opts[key];
        if (v === undefined && p.optional) continue;
        const c = v === null && p.nullable ? null : this.#checks[i](v, conv);
        if (c === INVALID) return this.#bad(p, -1, v);
        out[p.name] = c;
      }
    }
    for (let i = 0; i < params.length; i++) {
      const p = params[i];
      if (p.name in out) continue;
      if (!p.optional) {
        if (p.varargs && this.#varargs) {
          out[p.name] = [];
          continue;
        }
        return new Failure(`${this.op}(): missing required argument '${p.name}'`);
      }
      out[p.name] = p.default;
    }
    return out;
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
    const got = p.kind === "string" && typeof v === "string" ? JSON.stringify(v) : describe(v);
    return new Failure(`${this.op}(): argument '${p.name}'${where} must be ${want}, not ${got}`);
  }

  #unknown(key: string): Failure {
    return new Failure(
      `${this.op}(): unknown option '${key}'; expected one of ${this.params.map((p) => p.name).join(", ")}`,
    );
  }

  /** A one-line rendering of the signature, for overload errors. */
  toString(): string {
    const show = (p: Param) => `${p.name}${p.optional ? "?" : ""}: ${p.kind}`;
    const pos = this.params.slice(0, this.npos).map(show);
    const kw = this.params.slice(this.npos).map(show);
    return `(${[...pos, ...(kw.length ? ["{ " + kw.join(", ") + " }"] : [])].join(", ")})`;
  }
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
  if (binders.length === 1) throw new TypeError(failures[0]);
  throw new TypeError(
    `${op}() received an invalid combination of arguments; expected one of:\n` +
      binders.map((b, i) => `  ${b} -> ${failures[i].replace(/^\S+\(\): /, "")}`).join("\n"),
  );
}
