/**
 * Generates a front-end's functions and methods from the op declarations:
 * each binds its arguments through the declared signatures (one binder for
 * every call form), runs the implementation through the front-end's
 * runner (torch records autograd there) and wraps the result. The
 * TypeScript types of the generated surface come from the same
 * declarations (`Functions`, `Methods`).
 */
import { AllocationError } from "../core/errors.ts";
import { closeOp, openOp } from "../core/storage.ts";
import type { Args, Ctx, OpDecl, Overload, Returns, Surface } from "./define.ts";
import { isOperand } from "./convert.ts";
import { Binder, bindOverloads, type Converters, type DropSelf, type Forms, type Scalar } from "./signature.ts";

/** PyTorch's (values, indices) result of reductions along a dim. */
export type Values<T> = [T, T] & { readonly values: T; readonly indices: T };

/** The TypeScript type of a `Returns` kind. */
export type RetType<R, T> = R extends "array" ? T
  : R extends "arrays" ? T[]
  : R extends "values" ? Values<T>
  : R extends "self" ? T
  : R extends "bool" ? boolean
  : R extends "number" ? number
  : R extends "scalar" ? Scalar
  : R extends "void" ? void
  : R extends "string" ? string
  // deno-lint-ignore no-explicit-any
  : any; // "any": the result's form depends on the arguments (np.linalg.svd's computeUv)

/** One overload's function type: its call forms to its result. */
export type OverloadFn<O, T, In, Self extends boolean> = O extends Overload<infer S, infer R>
  ? (...args: Forms<Self extends true ? DropSelf<S> : S, T, In, Self>) => RetType<Returns extends R ? "array" : R, T>
  : never;
/** The intersection of an op's overload function types. */
export type Overloads<Os, T, In, Self extends boolean> = Os extends readonly [infer H, ...infer Rest]
  ? OverloadFn<H, T, In, Self> & Overloads<Rest, T, In, Self>
  : unknown;
/** An in-place twin's function type (returns the receiver). */
export type InplaceFn<O, T, In> = O extends Overload<infer S> ? (...args: Forms<DropSelf<S>, T, In, true>) => T : never;
/** The intersection of an op's in-place twin types. */
export type Inplaces<Os, T, In> = Os extends readonly [infer H, ...infer Rest]
  ? InplaceFn<H, T, In> & Inplaces<Rest, T, In>
  : unknown;

/** A declaration's face in front-end K. */
export type SurfaceOf<D, K extends "np" | "torch"> = D extends { readonly [P in K]: infer S } ? Exclude<S, undefined>
  : never;
// Each list is read off the surface type S directly (an absent list gives no names, not `string`);
// S is a naked type parameter so that a missing surface (never) distributes to never.
/** The names a surface lists under P (names, methods, inplace). */
export type NamesIn<S, P extends string> = S extends { readonly [Q in P]: readonly (infer N extends string)[] } ? N
  : never;
/** A surface's overloads. */
export type OverloadsIn<S> = S extends { readonly overloads: infer Os } ? Os : never;
/** A declaration's function names in front-end K. */
export type FnNames<D, K extends "np" | "torch"> = NamesIn<SurfaceOf<D, K>, "names">;
/** A declaration's method names in front-end K. */
export type MethodNames<D, K extends "np" | "torch"> = NamesIn<SurfaceOf<D, K>, "methods">;
/** A declaration's in-place twin names in front-end K. */
export type InplaceNames<D, K extends "np" | "torch"> = NamesIn<SurfaceOf<D, K>, "inplace">;
/** A declaration's overloads in front-end K. */
export type OverloadsOf<D, K extends "np" | "torch"> = OverloadsIn<SurfaceOf<D, K>>;
// The key sets depend on the declarations only (never on T), so a class may extend these types.
/** Every function name a record of declarations gives front-end K. */
export type AllFns<R, K extends "np" | "torch"> = { [D in keyof R]: FnNames<R[D], K> }[keyof R];
/** Every method (and in-place twin) name a record of declarations gives front-end K. */
export type AllMethods<R, K extends "np" | "torch"> = {
  [D in keyof R]: MethodNames<R[D], K> | InplaceNames<R[D], K>;
}[keyof R];
/** The declaration behind function N. */
export type DeclOfFn<R, K extends "np" | "torch", N> = {
  [D in keyof R]: N extends FnNames<R[D], K> ? R[D] : never;
}[keyof R];
/** The declaration behind method N. */
export type DeclOfMethod<R, K extends "np" | "torch", N> = {
  [D in keyof R]: N extends MethodNames<R[D], K> | InplaceNames<R[D], K> ? R[D] : never;
}[keyof R];

/** The functions a front-end generates from declarations R (a record of OpDecl). */
export type Functions<R, K extends "np" | "torch", T, In> = {
  [N in AllFns<R, K>]: Overloads<OverloadsOf<DeclOfFn<R, K, N>, K>, T, In, false>;
};

/** The methods (and in-place twins) a front-end generates from declarations R. */
export type Methods<R, K extends "np" | "torch", T, In> = {
  [N in AllMethods<R, K>]: N extends MethodNames<DeclOfMethod<R, K, N>, K>
    ? Overloads<OverloadsOf<DeclOfMethod<R, K, N>, K>, T, In, true>
    : Inplaces<OverloadsOf<DeclOfMethod<R, K, N>, K>, T, In>;
};

/** A declaration's overload prepared for calls. */
export interface Compiled {
  readonly decl: OpDecl;
  readonly overload: Overload;
  readonly binder: Binder;
  readonly returns: Returns;
  /** The derivative key. */
  readonly id: string;
  /** The parameters that may hold arrays (what autograd and view tracking look at). */
  readonly arrayParams: readonly string[];
  /** The overload's own fast lane (`Overload.fast`). */
  readonly fast?: FastFn;
  /**
   * How many arrays a lane call gives (see `lane`): the overload's required parameters when they are one or two
   * positional arrays; 0 when it has no lane.
   */
  readonly arity: number;
  /** Whether the second lane parameter also takes a JS number. */
  readonly laneNumber: boolean;
}

/** An overload's fast lane (see `Overload.fast`). */
export type FastFn = NonNullable<Overload["fast"]>;

/** What a front-end supplies to generate its surface. */
export interface FrontEnd<T> extends Converters {
  readonly ctx: Ctx;
  /** Wraps an implementation's array result (an Operand or already a T). */
  wrap(v: unknown): T;
  /**
   * Runs one call. `self` is the receiver of a method; `inplace` marks the
   * in-place twin (the runner writes into `self`). The default is
   * `c.overload.impl(args, ctx)`; torch records autograd here.
   */
  run(c: Compiled, args: Args, self: T | undefined, inplace: boolean): unknown;
  /**
   * The fast lane of `c` (which has one): its result on `x` (and `y` for two-array lanes), or undefined where the
   * lane does not apply (two dtypes, a number torch would promote with, a dtype the lane declines).
   */
  fast?(c: Compiled, x: T, y: T | number | undefined): T | undefined;
}

/** Wraps every operand found in a list result (results of kind "any"). */
function deepWrap<T>(fe: FrontEnd<T>, v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => deepWrap(fe, x));
  return isOperand(v) ? fe.wrap(v) : v;
}

/** Gives a list result named properties (U, S, Vh). */
function named<X>(list: X, names: readonly string[] | undefined): X {
  if (!names || !Array.isArray(list)) return list;
  names.forEach((n, i) => Object.defineProperty(list, n, { value: list[i], enumerable: false }));
  return list;
}

function wrapResult<T>(fe: FrontEnd<T>, r: Returns, v: unknown, self: T | undefined): unknown {
  switch (r) {
    case "array":
      return fe.wrap(v);
    case "arrays":
      return (v as unknown[]).map((x) => fe.wrap(x));
    case "any":
      return deepWrap(fe, v);
    case "values": {
      const [a, b] = v as [unknown, unknown];
      const values = fe.wrap(a), indices = fe.wrap(b);
      return Object.assign([values, indices], { values, indices });
    }
    case "self":
      return self;
    default:
      return v;
  }
}

const ARRAY_KINDS = new Set([
  "array",
  "arrayOrScalar",
  "arrays",
  "arrayOrArrays",
  "grads",
  "out",
  "outs",
  "any",
  "index",
]);

/** Kinds whose check hands a genuine front-end array through unchanged. */
const LANE_KINDS = new Set(["array", "arrayOrScalar"]);

function compile(decl: OpDecl, s: Surface, name: string): Compiled[] {
  return s.overloads.map((o) => {
    const required = o.sig.pos.filter((p) => !p.optional);
    const laneable = (required.length === 1 || required.length === 2) &&
      required.every((p, i) => p === o.sig.pos[i] && LANE_KINDS.has(p.kind) && !p.varargs) &&
      o.sig.kw.every((p) => p.optional);
    const arity = laneable ? required.length : 0;
    if (o.fast && (!laneable || (o.returns ?? "array") !== "array")) {
      throw new Error(`${name}: a fast lane takes one or two arrays and returns an array`);
    }
    return {
      decl,
      overload: o,
      binder: new Binder(name, o.sig),
      returns: o.returns ?? "array",
      id: o.id ?? decl.name,
      arrayParams: [...o.sig.pos, ...o.sig.kw].filter((p) => ARRAY_KINDS.has(p.kind)).map((p) => p.name),
      fast: o.fast,
      arity,
      laneNumber: arity === 2 && required[1].kind === "arrayOrScalar",
    };
  });
}

/** A function over compiled overloads (first positional parameter included). */
function makeFunction<T>(fe: FrontEnd<T>, cs: Compiled[], name: string): (...args: unknown[]) => unknown {
  // the first overload is the one tried first: its lane answers the calls it would bind
  const first = cs[0], arity = first.arity;
  if (cs.length === 1) {
    const names = first.overload.names;
    return (...args: unknown[]) => {
      const mark = openOp();
      try {
        if (arity !== 0 && args.length === arity) {
          const r = lane(fe, first, args[0], args[1], undefined, false);
          if (r !== NO_LANE) return named(r, names);
        }
        return named(
          wrapResult(fe, first.returns, fe.run(first, first.binder.bind(args, fe), undefined, false), undefined),
          names,
        );
      } catch (e) {
        throw nameOp(e, name);
      } finally {
        closeOp(mark);
      }
    };
  }
  const binders = cs.map((c) => c.binder);
  return (...args: unknown[]) => {
    const mark = openOp();
    try {
      if (arity !== 0 && args.length === arity) {
        const r = lane(fe, first, args[0], args[1], undefined, false);
        if (r !== NO_LANE) return named(r, first.overload.names);
      }
      const [i, a] = bindOverloads(name, binders, args, fe);
      return named(wrapResult(fe, cs[i].returns, fe.run(cs[i], a, undefined, false), undefined), cs[i].overload.names);
    } catch (e) {
      throw nameOp(e, name);
    } finally {
      closeOp(mark);
    }
  };
}

/** What `lane` returns for a call it does not take. */
const NO_LANE = Symbol("no lane");

/**
 * The lane: a call that gives exactly an overload's required parameters, one or two arrays of the front-end's
 * class (the second may be a JS number where it takes scalars), positionally (`a.add(b)`, `a.mul(2)`, `t.sum()`,
 * `np.exp(x)`), binds to those values and every other parameter's default, which `Binder.positional` makes without
 * the binder's walk; the overload's own fast lane (`Overload.fast`) runs first where it has one and takes the call.
 * NO_LANE for any other call (a scalar first, a nested list, undefined), which the binder then binds or refuses.
 */
function lane<T>(fe: FrontEnd<T>, c: Compiled, x: unknown, y: unknown, self: T | undefined, inplace: boolean): unknown {
  if (!fe.isArray(x) || (c.arity === 2 && !fe.isArray(y) && !(c.laneNumber && typeof y === "number"))) return NO_LANE;
  if (c.fast && fe.fast && !inplace) {
    const r = fe.fast(c, x as T, y as T | number | undefined);
    if (r !== undefined) return r;
  }
  const r = fe.run(c, c.binder.positional(x, c.arity === 2 ? y : undefined), self, inplace);
  return inplace ? self : wrapResult(fe, c.returns, r, self);
}

/** An allocation failure learns here which op asked (the allocators only know shapes and bytes). */
function nameOp(e: unknown, name: string): unknown {
  return e instanceof AllocationError ? e.nameOp(name) : e;
}

/** A method: the receiver binds to the first positional parameter. */
function makeMethod<T>(fe: FrontEnd<T>, cs: Compiled[], name: string, inplace: boolean) {
  const binders = cs.map((c) => c.binder);
  const first = cs[0], arity = first.arity;
  return function (this: T, ...args: unknown[]): unknown {
    const mark = openOp();
    try {
      if (args.length === arity - 1) {
        const r = lane(fe, first, this, args[0], this, inplace);
        if (r !== NO_LANE) return r;
      }
      // `NDArray.prototype.sum.call(x)`: the receiver is checked as any array argument is
      if (!fe.isArray(this)) throw new TypeError(`${name}(): the receiver must be ${fe.arrayName}, not ${what(this)}`);
      const [i, a] = cs.length === 1
        ? [0, binders[0].bind(args, fe, this)]
        : bindOverloads(name, binders, args, fe, this);
      const c = cs[i];
      const r = fe.run(c, a, this, inplace);
      return inplace ? this : wrapResult(fe, c.returns, r, this);
    } catch (e) {
      throw nameOp(e, name);
    } finally {
      closeOp(mark);
    }
  };
}

function what(v: unknown): string {
  if (v === null || typeof v !== "object") return v === null ? "null" : typeof v;
  try {
    return String(v.constructor?.name ?? "object");
  } catch {
    return "object";
  }
}

/** The generated surface of one front-end. */
export interface Generated {
  readonly functions: Record<string, (...args: unknown[]) => unknown>;
  readonly methods: Record<string, (...args: unknown[]) => unknown>;
  /** Every declaration with a face in this front-end, by op name. */
  readonly ops: ReadonlyMap<string, OpDecl>;
}

/**
 * Builds the functions and methods of front-end `key` from `decls`.
 * Declaring a name twice is a programming error.
 */
export function generate<T>(decls: Record<string, OpDecl>, key: "np" | "torch", fe: FrontEnd<T>): Generated {
  const functions: Record<string, (...args: unknown[]) => unknown> = {};
  const methods: Record<string, (...args: unknown[]) => unknown> = {};
  const ops = new Map<string, OpDecl>();
  const claim = (table: Record<string, unknown>, name: string, what: string, op: string) => {
    if (Object.hasOwn(table, name)) throw new Error(`${key}.${name}: ${what} declared twice (op ${op})`);
  };
  for (const decl of Object.values(decls)) {
    const s = decl[key];
    if (!s) continue;
    ops.set(decl.name, decl);
    for (const n of s.names) {
      claim(functions, n, "function", decl.name);
      functions[n] = makeFunction(fe, compile(decl, s, n), n);
    }
    // (a function-only overload, as torch.repeat_interleave(repeats), is no method's)
    const forMethods = (m: string) => compile(decl, s, m).filter((c) => !c.overload.functionOnly);
    for (const m of s.methods ?? []) {
      claim(methods, m, "method", decl.name);
      methods[m] = makeMethod(fe, forMethods(m), m, false);
    }
    for (const m of s.inplace ?? []) {
      claim(methods, m, "method", decl.name);
      methods[m] = makeMethod(fe, forMethods(m), m, true);
    }
  }
  return { functions, methods, ops };
}

/** Installs generated methods on a class's prototype (called once, where the class is defined). */
export function installMethods(proto: object, methods: Record<string, (...args: unknown[]) => unknown>): void {
  for (const [name, fn] of Object.entries(methods)) {
    Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true });
  }
}

/** The default runner: the implementation itself. */
export function runImpl(c: Compiled, args: Args, ctx: Ctx): unknown {
  return c.overload.impl(args, ctx);
}
