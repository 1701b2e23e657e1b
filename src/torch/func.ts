/**
 * torch.func: grad, gradAndValue, vjp, jvp, jacrev, jacfwd, hessian, vmap
 * and functionalCall, with PyTorch's call forms, pytrees and messages.
 *
 * The transforms are built on the reverse-mode engine: a transform
 * differentiates its own aliases of the inputs (so a closure's use of the same
 * tensor is a constant, as in functorch's levels), with `createGraph` when it
 * runs inside another transform or when an input already requires grad, so
 * transforms nest (grad of grad, jacrev of jacrev, vmap of grad). vmap runs
 * the function once per batch index and stacks the results.
 * @module
 */
import { Binder, opt, req } from "../api/signature.ts";
import { isGradEnabled, withGradMode } from "../autograd/grad_mode.ts";
import { RuntimeError } from "../core/errors.ts";
import { checkFunc, F, grad as autogradGrad } from "./functions.ts";
import { defaultGenerator } from "./ops/random.ts";
import {
  flatten,
  isPlainObject,
  mapLeaves,
  numLeaves,
  pyRepr,
  pyType,
  sameSpec,
  type Spec,
  specRepr,
  specStr,
  unflatten,
} from "./pytree.ts";
import { CONV, isTensor, type Tensor } from "./tensor.ts";

/**
 * What the transformed functions take and return: tensors and arrays / plain objects of them, typed loosely as
 * PyTorch's `Any` (their structure follows the function's).
 */
// deno-lint-ignore no-explicit-any
export type FuncAny = any;
/** A function a transform takes (tensors, arrays and plain objects of them in; see each transform for out). */
export type Fn = (...args: FuncAny[]) => unknown;
/** An `argnums`: one positional index or a list of them (negative ones count from the end). */
export type Argnums = number | readonly number[];
/** grad's and gradAndValue's flags: `argnums`, `hasAux`, by position or by name. */
export type GradFlags = Argnums | boolean | { argnums?: Argnums; hasAux?: boolean };
/** jacrev's flags: `argnums`, `hasAux`, `chunkSize`, by position or by name. */
export type JacrevFlags = Argnums | boolean | number | null | {
  argnums?: Argnums;
  hasAux?: boolean;
  chunkSize?: number | null;
};
/** jacfwd's flags: `argnums`, `hasAux`, `randomness`, by position or by name. */
export type JacfwdFlags = Argnums | boolean | string | {
  argnums?: Argnums;
  hasAux?: boolean;
  randomness?: "error" | "different" | "same";
};
/** An in_dims / out_dims tree: an int or null per leaf (or for a whole subtree). */
export type Dims = number | null | readonly Dims[] | { [k: string]: Dims };
/** vmap's flags: `inDims`, `outDims`, `randomness`, `chunkSize`, by position or by name. */
export type VmapFlags = Dims | string | {
  inDims?: Dims;
  outDims?: Dims;
  randomness?: "error" | "different" | "same";
  chunkSize?: number | null;
};

/** Transforms running a user function now: the transforms inside it keep their graphs for the outer ones. */
let depth = 0;
const traced = <T>(fn: () => T): T => {
  depth++;
  try {
    return withGradMode(true, fn);
  } finally {
    depth--;
  }
};

// PyTorch's keyword-only parameters go in `kw` (the options object only)
const binder = (op: string, kw: ReturnType<typeof opt>[]) =>
  new Binder(op, { pos: [req("func", "any"), opt("argnums", "any", 0), opt("hasAux", "bool", false)], kw });
const GRAD = binder("grad", []);
const GRAD_AND_VALUE = binder("gradAndValue", []);
const JACREV = new Binder("jacrev", {
  pos: [req("func", "any"), opt("argnums", "any", 0)],
  kw: [opt("hasAux", "bool", false), opt("chunkSize", "any", null)],
});
const JACFWD = binder("jacfwd", [opt("randomness", "string", "error")]);
const HESSIAN = new Binder("hessian", { pos: [req("func", "any"), opt("argnums", "any", 0)], kw: [] });
const VMAP = new Binder("vmap", {
  pos: [
    req("func", "any"),
    opt("inDims", "any", 0),
    opt("outDims", "any", 0),
    opt("randomness", "string", "error"),
  ],
  kw: [opt("chunkSize", "any", null)],
});

/** Binds a transform's arguments after checking `func`. */
function bind(b: Binder, args: unknown[]): Record<string, FuncAny> {
  checkFunc(b.op, "func", args[0]);
  return b.bind(args, CONV);
}

/** vmap's / jacfwd's `randomness` checked (PyTorch's RuntimeError). */
function checkRandomness(r: unknown): void {
  if (r !== "error" && r !== "different" && r !== "same") {
    throw new RuntimeError(`Only allowed values for randomness are 'error', 'different', or 'same'. Got ${r}`);
  }
}

/** The differentiated arguments, as aliases the function is called with, and how to shape their gradients. */
interface Prepared {
  /** The arguments to call the function with (the differentiated ones replaced by their aliases). */
  args: unknown[];
  /** The aliases, flattened over the argnums. */
  xs: Tensor[];
  /** Gradients (one per alias) shaped as the argnums' trees: one tree for an int argnums, a list for a list. */
  rebuild: (gs: Tensor[]) => unknown;
  /** Whether gradients keep a graph (a transform inside another, or inputs that already require grad). */
  graph: boolean;
}

/** argnums checked and normalized (PyTorch's messages). */
function argnumsOf(argnums: unknown, n: number): number[] {
  const one = (a: unknown): number => {
    if (typeof a !== "number" || !Number.isInteger(a)) {
      throw new RuntimeError(`argnums must be int or Tuple[int, ...], got: ${pyType(a)}`);
    }
    if (a < -n || a >= n) throw new RuntimeError(`Got argnum=${a}, but only ${n} positional inputs`);
    return a < 0 ? a + n : a;
  };
  if (!Array.isArray(argnums)) return [one(argnums)];
  if (argnums.length === 0) throw new RuntimeError("argnums must be non-empty");
  const xs = argnums.map(one);
  if (new Set(xs).size !== xs.length) throw new RuntimeError(`argnums elements must be unique, got ${pyRepr(argnums)}`);
  return xs;
}

/** The tensors of a differentiated argument (anything else: PyTorch's ValueError, a RangeError here). */
function tensorLeaves(tree: unknown): [Tensor[], Spec] {
  const [leaves, spec] = flatten(tree);
  for (const l of leaves) {
    if (!isTensor(l)) throw new RangeError(`Thing passed to transform API must be Tensor, got ${pyType(l)}`);
  }
  return [leaves as Tensor[], spec];
}

/** Aliases of the differentiated arguments: a view of one that requires grad (its graph reaches the caller), else a detached leaf. */
function prepare(args: unknown[], argnums: unknown): Prepared {
  const nums = argnumsOf(argnums, args.length);
  const parts = nums.map((i) => tensorLeaves(args[i]));
  const inputs = parts.flatMap(([ts]) => ts);
  const graph = depth > 0 || inputs.some((t) => t.requiresGrad);
  const xs = withGradMode(true, () => inputs.map((t) => (t.requiresGrad ? t.viewAs(t) : t.detach().requiresGrad_())));
  const callArgs = [...args];
  let k = 0;
  const offsets = parts.map(([ts]) => (k += ts.length) - ts.length);
  nums.forEach((i, j) => (callArgs[i] = unflatten(xs.slice(offsets[j], offsets[j] + parts[j][0].length), parts[j][1])));
  const rebuild = (gs: Tensor[]) => {
    const trees = parts.map(([ts, spec], j) => unflatten(gs.slice(offsets[j], offsets[j] + ts.length), spec));
    return Array.isArray(argnums) ? trees : trees[0];
  };
  return { args: callArgs, xs, rebuild, graph };
}

/** d(Σ cotangent·output)/d(xs), zeros for inputs the outputs do not use. */
function vjpOf(outs: Tensor[], xs: Tensor[], cots: Tensor[] | null, graph: boolean): Tensor[] {
  const keep = outs.flatMap((o, i) => (o.requiresGrad ? [i] : []));
  const gs = keep.length === 0 ? xs.map(() => null) : withGradMode(graph || isGradEnabled(), () =>
    autogradGrad(
      keep.map((i) => outs[i]),
      xs,
      cots && keep.map((i) => cots[i]),
      true,
      graph,
      { allowUnused: true },
    ));
  return gs.map((g, i) => g ?? xs[i].newZeros(xs[i].shape));
}

/** A result's tensors without history unless a graph was asked for (PyTorch's top-level results have none). */
const finish = (tree: unknown, graph: boolean): unknown =>
  graph ? tree : mapLeaves(tree, (l) => (isTensor(l) ? l.detach() : l));

/** Splits `[output, aux]` when hasAux (PyTorch's message names the transform). */
function splitAux(head: string, out: unknown, hasAux: boolean): [unknown, unknown] {
  if (!hasAux) return [out, undefined];
  if (!Array.isArray(out) || out.length !== 2) {
    throw new RuntimeError(`${head}: output of function f should be a tuple: (output, aux) if has_aux is True`);
  }
  return [out[0], out[1]];
}

/** The output's tensors (anything else is PyTorch's error, `head` naming the transform). */
function outputLeaves(head: string, out: unknown, call: string): [Tensor[], Spec] {
  const [leaves, spec] = flatten(out);
  for (const l of leaves) {
    if (!isTensor(l)) {
      throw new RuntimeError(`${head}: expected ${call} to return only tensors, got unsupported type ${pyType(l)}`);
    }
  }
  return [leaves as Tensor[], spec];
}

/** gradAndValue's work: [gradients, value] or [gradients, [value, aux]]. */
function gradAndValueAt(func: Fn, argnums: unknown, hasAux: boolean, args: unknown[]): [unknown, unknown] {
  const head = "grad_and_value(f)(*args)";
  const p = prepare(args, argnums);
  const [out, aux] = traced(() => splitAux(head, func(...p.args), hasAux));
  if (!isTensor(out)) throw new RuntimeError(`${head}: Expected f(*args) to return a Tensor, got ${pyType(out)}`);
  if (out.dim() !== 0) {
    throw new RuntimeError(
      `${head}: Expected f(*args) to return a scalar Tensor, got tensor with ${out.dim()} dims. Maybe you wanted to ` +
        "use the vjp or jacrev APIs instead?",
    );
  }
  const gs = p.rebuild(vjpOf([out], p.xs, null, p.graph));
  const value = finish(out, p.graph);
  return [gs, hasAux ? [value, finish(aux, p.graph)] : value];
}

/**
 * torch.func.grad: a function computing the gradient of `func` (which must
 * return a 0-d tensor) with respect to the argument(s) `argnums` (an index:
 * that argument's tree of gradients; a list: a list of them). Arguments are
 * tensors or arrays / plain objects of tensors (a `{ w, b }` argument gets
 * `{ w: dw, b: db }`). With `hasAux`, `func` returns `[output, aux]` and the
 * result is `[gradients, aux]`. An input `func` does not use gets a zero
 * gradient. Transforms nest: `grad(grad(f))` is the second derivative.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const x = torch.tensor([1, 2], { dtype: torch.float64 });
 * const g = torch.func.grad((t: torch.Tensor) => t.pow(3).sum())(x);
 * assert.deepEqual(g.tolist(), [3, 12]);
 * const params = { w: torch.tensor([2], { dtype: torch.float64 }), b: torch.tensor([1], { dtype: torch.float64 }) };
 * const d = torch.func.grad((p: typeof params, v: torch.Tensor) => p.w.mul(v).add(p.b).sum())(params, torch.tensor([3], { dtype: torch.float64 }));
 * assert.deepEqual([d.w.tolist(), d.b.tolist()], [[3], [1]]);
 * ```
 */
export function grad(func: Fn, ...rest: GradFlags[]): (...args: FuncAny[]) => FuncAny {
  const { argnums, hasAux } = bind(GRAD, [func, ...rest]);
  return (...args: unknown[]) => {
    const [gs, value] = gradAndValueAt(func, argnums, hasAux, args);
    return hasAux ? [gs, (value as unknown[])[1]] : gs;
  };
}

/**
 * torch.func.grad_and_value: as `grad`, returning `[gradients, value]`
 * (with `hasAux`: `[gradients, [value, aux]]`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const [g, v] = torch.func.gradAndValue((t: torch.Tensor) => t.pow(2).sum())(torch.tensor([1, 2], { dtype: torch.float64 }));
 * assert.deepEqual([g.tolist(), v.item()], [[2, 4], 5]);
 * ```
 */
export function gradAndValue(func: Fn, ...rest: GradFlags[]): (...args: FuncAny[]) => [FuncAny, FuncAny] {
  const { argnums, hasAux } = bind(GRAD_AND_VALUE, [func, ...rest]);
  return (...args: unknown[]) => gradAndValueAt(func, argnums, hasAux, args);
}

/**
 * vjp's / jvp's trailing keyword options (`keys`, booleans): a plain object of only those keys is the options, any
 * other plain object is a primal (a dict pytree).
 */
function hasAuxOption(args: unknown[], keys: readonly string[] = ["hasAux"]): [unknown[], boolean] {
  const last = args[args.length - 1];
  const ks = isPlainObject(last) ? Object.keys(last) : [];
  if (ks.length > 0 && ks.every((k) => keys.includes(k) && typeof (last as Record<string, unknown>)[k] === "boolean")) {
    return [args.slice(0, -1), (last as { hasAux?: boolean }).hasAux ?? false];
  }
  return [args, false];
}

/**
 * torch.func.vjp: `[output, vjpFn]` (with `{ hasAux: true }` last:
 * `[output, vjpFn, aux]`). `vjpFn(cotangents)` (shaped as the output tree)
 * returns the list of vector-Jacobian products, one tree per primal; it may be
 * called several times.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const x = torch.tensor([1, 2], { dtype: torch.float64 });
 * const [y, vjpFn] = torch.func.vjp((t: torch.Tensor) => t.pow(2), x);
 * assert.deepEqual(y.tolist(), [1, 4]);
 * assert.deepEqual(vjpFn(torch.ones(2, { dtype: torch.float64 }))[0].tolist(), [2, 4]);
 * ```
 */
export function vjp(func: Fn, ...primalsAndOptions: unknown[]): FuncAny[] {
  checkFunc("vjp", "func", func);
  const [primals, hasAux] = hasAuxOption(primalsAndOptions);
  const head = "vjp(f, *primals)";
  const p = prepare(primals, primals.map((_, i) => i));
  const [out, aux] = traced(() => splitAux(head, func(...p.args), hasAux));
  const [outs, spec] = outputLeaves(head, out, "f(*primals)");
  const vjpFn = (cotangents: unknown): unknown[] => {
    const [cots, cspec] = flatten(cotangents);
    if (!sameSpec(cspec, spec)) {
      throw new RuntimeError(
        "Expected pytree structure of cotangents to be the same as pytree structure of outputs to the function. " +
          `cotangents: ${specStr(cspec)}, primal output: ${specStr(spec)}`,
      );
    }
    for (const c of cots) {
      if (!isTensor(c)) throw new RangeError(`Thing passed to transform API must be Tensor, got ${pyType(c)}`);
    }
    const ts = cots as Tensor[];
    const graph = p.graph || depth > 0 || ts.some((c) => c.requiresGrad);
    return p.rebuild(vjpOf(outs, p.xs, ts, graph)) as unknown[];
  };
  const res: unknown[] = [finish(out, p.graph), vjpFn];
  if (hasAux) res.push(finish(aux, p.graph));
  return res;
}

/**
 * torch.func.jvp: `[func(...primals), J·tangents]` (with `{ hasAux: true }`
 * last, `[output, jvpOut, aux]`; `strict` is accepted and ignored, as PyTorch's). `primals` and `tangents` are lists of the
 * same structure. Computed in reverse mode by the double-backward trick (as
 * torch.autograd.functional.jvp), which gives forward mode's values.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const x = torch.tensor([1, 2], { dtype: torch.float64 });
 * const [y, t] = torch.func.jvp((v: torch.Tensor) => v.pow(2), [x], [torch.ones(2, { dtype: torch.float64 })]);
 * assert.deepEqual([y.tolist(), t.tolist()], [[1, 4], [2, 4]]);
 * ```
 */
export function jvp(
  func: Fn,
  primals: readonly unknown[],
  tangents: readonly unknown[],
  ...options: unknown[]
): FuncAny[] {
  checkFunc("jvp", "func", func);
  // (PyTorch accepts `strict` and ignores it)
  const [rest, hasAux] = hasAuxOption(options, ["hasAux", "strict"]);
  if (rest.length > 0) throw new TypeError(`jvp(): unexpected argument of type ${pyType(rest[0])} after tangents`);
  const head = "jvp(f, primals, tangents)";
  for (const [name, v] of [["primals", primals], ["tangents", tangents]] as const) {
    if (!Array.isArray(v)) {
      throw new RuntimeError(`${head}: Expected ${name} to be a tuple. E.g. it should be valid to call f(*primals).`);
    }
  }
  const [pl, pspec] = flatten(primals), [tl, tspec] = flatten(tangents);
  if (!sameSpec(pspec, tspec)) {
    throw new RuntimeError(
      `${head}: Expected primals and tangents to have the same python structure. For example, if primals is a tuple ` +
        `of 3 tensors, tangents also must be. Got primals with structure ${specRepr(pspec)} and tangents with ` +
        `structure ${specRepr(tspec)}`,
    );
  }
  if (pl.length === 0) throw new RuntimeError(`${head}: Expected primals to contain at least one Tensor.`);
  for (const [name, ls] of [["primals", pl], ["tangents", tl]] as const) {
    for (const l of ls) {
      if (!isTensor(l)) throw new RuntimeError(`${head}: Expected ${name} to only contain Tensors, got ${pyType(l)}`);
    }
  }
  (pl as Tensor[]).forEach((x, i) => {
    const t = tl[i] as Tensor;
    if (x.shape.length !== t.shape.length || x.shape.some((d, k) => d !== t.shape[k])) {
      throw new RuntimeError(
        "Trying to set a forward gradient that has a different size than that of the original Tensor, this is not " +
          `supported. Tensor is of size [${x.shape.join(", ")}] while the given forward gradient is of size ` +
          `[${t.shape.join(", ")}].`,
      );
    }
  });
  const p = prepare([...primals], primals.map((_, i) => i));
  const graph = p.graph || (tl as Tensor[]).some((t) => t.requiresGrad);
  const [out, aux, spec, us, gis] = traced(() => {
    const [out, aux] = splitAux(head, func(...p.args), hasAux);
    const [outs, spec] = outputLeaves(head, out, "f(*primals)");
    // the backward is linear in these: their values do not matter, only the graph built on them
    const us = outs.map((o) => o.newZeros(o.shape).requiresGrad_(true));
    return [out, aux, spec, us, vjpOf(outs, p.xs, us, true)] as const;
  });
  const jv = vjpOf(gis, us, tl as Tensor[], graph);
  const res: unknown[] = [finish(out, graph), finish(unflatten(jv, spec), graph)];
  if (hasAux) res.push(finish(aux, graph));
  return res;
}

/**
 * jacrev's and jacfwd's work: the output tree of argnums trees of Jacobians (out.shape + in.shape); `head` is the
 * transform PyTorch's messages name (jacrev runs vjp, jacfwd jvp).
 */
function jacobianAt(head: string, func: Fn, argnums: unknown, hasAux: boolean, args: unknown[]): unknown {
  const p = prepare(args, argnums);
  const [out, aux] = traced(() => splitAux(head, func(...p.args), hasAux));
  const [outs, spec] = outputLeaves(head, out, "f(*primals)");
  const perOut = outs.map((o) => {
    const flat = o.reshape(-1), n = flat.numel();
    const rows = Array.from({ length: n }, (_, j) => vjpOf([flat.get(j)], p.xs, null, p.graph));
    return p.rebuild(
      p.xs.map((x, i) =>
        (n ? F.stack(rows.map((r) => r[i]), 0) : x.newZeros([0, ...x.shape])).reshape([...o.shape, ...x.shape])
      ),
    );
  });
  const jac = finish(unflatten(perOut, spec), p.graph);
  return hasAux ? [jac, finish(aux, p.graph)] : jac;
}

/**
 * torch.func.jacrev: a function computing the Jacobian of `func` with
 * respect to the argument(s) `argnums`: for each output leaf, a tree shaped as
 * the argnums (a list for a list) of tensors of shape out.shape + in.shape.
 * With `hasAux`, `[jacobian, aux]`. `chunkSize` (null or a positive
 * integer) is accepted; results do not depend on it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const J = torch.func.jacrev((t: torch.Tensor) => t.pow(2))(torch.tensor([1, 2], { dtype: torch.float64 }));
 * assert.deepEqual(J.tolist(), [[2, 0], [0, 4]]);
 * ```
 */
export function jacrev(func: Fn, ...rest: JacrevFlags[]): (...args: FuncAny[]) => FuncAny {
  const { argnums, hasAux, chunkSize } = bind(JACREV, [func, ...rest]);
  if (chunkSize !== null && !(Number.isInteger(chunkSize) && chunkSize > 0)) {
    throw new RangeError("jacrev: `chunk_size` should be greater than 0.");
  }
  return (...args: unknown[]) => jacobianAt("vjp(f, *primals)", func, argnums, hasAux, args);
}

/**
 * torch.func.jacfwd: the Jacobian as jacrev lays it out. It is computed in
 * reverse mode here (the same values as forward mode). `randomness` is
 * checked as PyTorch's ("error", "different" or "same").
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const J = torch.func.jacfwd((t: torch.Tensor) => t.sin(), { argnums: 0 })(torch.zeros(2, { dtype: torch.float64 }));
 * assert.deepEqual(J.tolist(), [[1, 0], [0, 1]]);
 * ```
 */
export function jacfwd(func: Fn, ...rest: JacfwdFlags[]): (...args: FuncAny[]) => FuncAny {
  const { argnums, hasAux, randomness } = bind(JACFWD, [func, ...rest]);
  return (...args: unknown[]) => {
    checkRandomness(randomness);
    return jacobianAt("jvp(f, primals, tangents)", func, argnums, hasAux, args);
  };
}

/**
 * torch.func.hessian: jacfwd(jacrev(func, argnums), argnums), for a scalar
 * function: shape in.shape + in.shape (nested lists for a list argnums).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const H = torch.func.hessian((t: torch.Tensor) => t.pow(3).sum())(torch.tensor([1, 2], { dtype: torch.float64 }));
 * assert.deepEqual(H.tolist(), [[6, 0], [0, 12]]);
 * ```
 */
export function hessian(func: Fn, ...rest: (Argnums | { argnums?: Argnums })[]): (...args: FuncAny[]) => FuncAny {
  const { argnums } = bind(HESSIAN, [func, ...rest]);
  return jacfwd(jacrev(func, argnums), argnums);
}

/** Python's str() of a value (a string unquoted; containers as repr). */
const pyStr = (v: unknown): string => (typeof v === "string" ? v : pyRepr(v));

/** The name vmap's messages give a function (PyTorch prints the Python one; an anonymous one is `<lambda>`). */
const fnName = (f: Fn): string => f.name || "<lambda>";

/** An in_dims / out_dims tree broadcast over a value's structure (PyTorch's _broadcast_to_and_flatten), or null. */
function broadcastDims(dims: unknown, spec: Spec): unknown[] | null {
  if (!Array.isArray(dims) && !isPlainObject(dims)) return Array(numLeaves(spec)).fill(dims);
  if (spec.kind === "leaf") return null;
  const keys = Object.keys(dims);
  if (Array.isArray(dims) !== (spec.kind === "tuple") || keys.length !== spec.children.length) return null;
  if (spec.kind === "dict" && keys.some((k, i) => k !== spec.keys[i])) return null;
  const subs = Array.isArray(dims)
    ? dims
    : spec.kind === "dict"
    ? spec.keys.map((k) => (dims as Record<string, unknown>)[k])
    : [];
  const out: unknown[] = [];
  for (let i = 0; i < subs.length; i++) {
    const b = broadcastDims(subs[i], spec.children[i]);
    if (b === null) return null;
    out.push(...b);
  }
  return out;
}

/** The structure of an in_dims / out_dims tree (its leaves: ints and nulls). */
const dimsSpec = (dims: unknown): Spec => flatten(dims)[1];

/** How each flattened input is mapped: its dim (null: passed as is) and the batch size. */
function mapInputs(
  name: string,
  inDims: unknown,
  args: unknown[],
): { leaves: unknown[]; spec: Spec; dims: (number | null)[]; size: number } {
  const head = `vmap(${name}, in_dims=${pyStr(inDims)}, ...)(<inputs>)`;
  if (args.length === 0) {
    throw new RangeError(
      `vmap(${name})(<inputs>): got no inputs. Maybe you forgot to add inputs, or you are trying to vmap over a ` +
        "function with no inputs. The latter is unsupported.",
    );
  }
  if (!(typeof inDims === "number" && Number.isInteger(inDims)) && !Array.isArray(inDims)) {
    throw new RangeError(
      `${head}: expected \`in_dims\` to be int or a (potentially nested) tuple matching the structure of inputs, got: ` +
        `${inDims === null ? "<class 'NoneType'>" : pyType(inDims)}.`,
    );
  }
  const [leaves, spec] = flatten(args);
  const dims = broadcastDims(inDims, spec);
  if (dims === null) {
    throw new RangeError(
      `${head}: in_dims is not compatible with the structure of \`inputs\`. in_dims has structure ` +
        `${specRepr(dimsSpec(inDims))} but inputs has structure ${specRepr(spec)}.`,
    );
  }
  const sizes: number[] = [];
  const norm = dims.map((d, i) => {
    if (d === null || d === undefined) return null;
    if (typeof d !== "number" || !Number.isInteger(d)) {
      throw new RangeError(
        `${head}: Got in_dim=${String(d)} for an input but in_dim must be either an integer dimension or None.`,
      );
    }
    const x = leaves[i];
    if (!isTensor(x)) {
      throw new RangeError(
        `${head}: Got in_dim=${d} for an input but the input is of type ${pyType(x)}. We cannot vmap over non-Tensor ` +
          "arguments, please use None as the respective in_dim",
      );
    }
    const n = x.dim();
    if (d < -n || d >= n) {
      throw new RangeError(
        `${head}: Got in_dim=${d} for some input, but that input is a Tensor of dimensionality ${n} so expected ` +
          `in_dim to satisfy -${n} <= in_dim < ${n}.`,
      );
    }
    const dim = d < 0 ? d + n : d;
    sizes.push(x.shape[dim]);
    return dim;
  });
  if (sizes.length === 0) throw new RangeError("vmap: Expected at least one Tensor to vmap over");
  if (sizes.some((s) => s !== sizes[0])) {
    throw new RangeError(
      `vmap: Expected all tensors to have the same size in the mapped dimension, got sizes [${sizes.join(", ")}] for ` +
        "the mapped dimension",
    );
  }
  return { leaves, spec, dims: norm, size: sizes[0] };
}

/**
 * Runs every batch entry under the randomness mode: "same" restores the generator's state before each entry; "error"
 * compares the state before and after the whole batch (any draw advances it; reading it costs ~0.1 ms, so not per
 * entry) and, on a change, puts it back and raises PyTorch's error.
 */
function withRandomness<T>(randomness: string, n: number, entry: (b: number) => T): T[] {
  const start = randomness === "different" ? null : defaultGenerator.getState();
  const results = Array.from({ length: n }, (_, b) => {
    if (randomness === "same") defaultGenerator.setState(start!);
    return entry(b);
  });
  if (randomness === "error") {
    const after = defaultGenerator.getState();
    if (after.some((v, i) => v !== start![i])) {
      defaultGenerator.setState(start!);
      throw new RuntimeError(
        "vmap: called random operation while in randomness error mode. Please either use the 'same' or 'different' " +
          "randomness flags on vmap or perform the randomness operation out of vmap",
      );
    }
  }
  return results;
}

/**
 * torch.func.vmap (also torch.vmap): a function that maps `func` over a
 * dimension of its inputs. `inDims` gives each input's mapped dim (an int
 * for all, or a tree matching the arguments; null: passed as is), `outDims`
 * where the batch dim goes in each output (null: an output that is the same
 * for every entry, returned once). `func` runs once per batch index on each
 * input's `select(inDim, b)` and the outputs are stacked. `randomness`:
 * "error" (a draw from torch's default generator is PyTorch's error),
 * "same" (every entry sees the same draws) or "different". `chunkSize` is
 * accepted (null or positive); results do not depend on it. vmap of grad
 * gives per-sample gradients.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const x = torch.tensor([[1, 2], [3, 4]], { dtype: torch.float64 });
 * const dots = torch.func.vmap((a: torch.Tensor, b: torch.Tensor) => a.dot(b))(x, x);
 * assert.deepEqual(dots.tolist(), [5, 25]);
 * const cols = torch.vmap((c: torch.Tensor) => c.sum(), { inDims: 1 })(x);
 * assert.deepEqual(cols.tolist(), [4, 6]);
 * ```
 */
export function vmap(func: Fn, ...rest: VmapFlags[]): (...args: FuncAny[]) => FuncAny {
  const { inDims, outDims, randomness, chunkSize } = bind(VMAP, [func, ...rest]);
  checkRandomness(randomness);
  if (chunkSize !== null && !(Number.isInteger(chunkSize) && chunkSize > 0)) {
    throw new RangeError(`vmap: chunk_size should be None or greater than 0. (got ${chunkSize})`);
  }
  const name = fnName(func);
  return (...args: unknown[]) => {
    const { leaves, spec, dims, size } = mapInputs(name, inDims, args);
    const call = (b: number) =>
      func(
        ...(unflatten(
          leaves.map((x, i) => (dims[i] === null ? x : (x as Tensor).select(dims[i]!, b))),
          spec,
        ) as unknown[]),
      );
    let results: unknown[];
    if (size === 0) {
      // PyTorch runs func once on empty batches: here once on one zero entry per input, outputs narrowed to 0 entries
      const zeroArgs = leaves.map((x, i) => {
        if (dims[i] === null) return x;
        const t = x as Tensor;
        return t.newZeros(t.shape.filter((_, k) => k !== dims[i]));
      });
      results = withRandomness(randomness, 1, () => func(...(unflatten(zeroArgs, spec) as unknown[])));
    } else {
      results = withRandomness(randomness, size, call);
    }
    return stackOutputs(name, outDims, results, size);
  };
}

/** vmap's outputs: each leaf stacked along its out_dim (null: the entries' common value). */
function stackOutputs(name: string, outDims: unknown, results: unknown[], size: number): unknown {
  const where = `vmap(${name}, ..., out_dims=${pyStr(outDims)})`, head = `${where}(<inputs>)`;
  const [first, spec] = flatten(results[0]);
  const isLeafDim = (d: unknown) => d === null || (typeof d === "number" && Number.isInteger(d));
  const leafDims = (d: unknown): boolean =>
    isLeafDim(d) || (Array.isArray(d) && d.every(leafDims)) || (isPlainObject(d) && Object.values(d).every(leafDims));
  if (!leafDims(outDims)) {
    throw new RangeError(
      `${where}: \`out_dims\` must be an int, None or a python collection of ints representing where in the outputs ` +
        "the vmapped dimension should appear.",
    );
  }
  // a single tensor with a one-element out_dims tuple takes its element (as PyTorch's)
  const od = spec.kind === "leaf" && Array.isArray(outDims) && outDims.length === 1 ? outDims[0] : outDims;
  const dims = broadcastDims(od, spec);
  if (dims === null) {
    throw new RangeError(
      `${head}: out_dims is not compatible with the structure of \`outputs\`. out_dims has structure ` +
        `${specRepr(dimsSpec(outDims))} but outputs has structure ${specRepr(spec)}.`,
    );
  }
  const all = results.map((r) => flatten(r)[0]);
  const out = first.map((leaf, i) => {
    const d = dims[i] as number | null;
    if (d === null) {
      const same = all.every((r) =>
        r[i] === leaf || (isTensor(leaf) && isTensor(r[i]) && F.equal(leaf, r[i] as Tensor))
      );
      if (!same) {
        throw new RangeError(`vmap(${name}, ...): \`${name}\` can not return a BatchedTensor when out_dim is None`);
      }
      return leaf;
    }
    for (const r of all) {
      if (!isTensor(r[i])) {
        throw new RangeError(
          `vmap(${name}, ...): \`${name}\` must only return Tensors, got type ${pyType(r[i])}. Did you mean to set ` +
            "out_dims= to None for output?",
        );
      }
    }
    const n = (leaf as Tensor).dim() + 1;
    if (d < -n || d >= n) {
      throw new RangeError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${d})`);
    }
    const dim = d < 0 ? d + n : d;
    if (size === 0) return F.stack([leaf as Tensor], dim).narrow(dim, 0, 0);
    return F.stack(all.map((r) => r[i] as Tensor), dim);
  });
  return unflatten(out, spec);
}

/** What torch.func.functionalCall runs: nn.utils.stateless.functionalCall, set by src/nn/stateless.ts. */
export const FUNC_BRIDGE: { functionalCall: FunctionalCall | null } = { functionalCall: null };
/**
 * nn.utils.stateless.functionalCall's call: an nn.Module (nn sits above torch, so torch does not name its class), a
 * dict of tensors by dotted name or a list of them, then args, kwargs and `{ tieWeights, strict }`.
 */
export type FunctionalCall = (
  module: object,
  parametersAndBuffers: Readonly<Record<string, unknown>> | readonly Readonly<Record<string, unknown>>[],
  ...rest: unknown[]
) => FuncAny;

/**
 * torch.func.functional_call: calls a module with the given tensors in
 * place of its parameters and buffers (see nn.utils.stateless.functionalCall,
 * which this is).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const lin = new nn.Linear(2, 1);
 * const y = torch.func.functionalCall(lin, { weight: torch.ones(1, 2), bias: torch.zeros(1) }, torch.tensor([[1, 2]], { dtype: torch.float32 }));
 * assert.deepEqual(y.tolist(), [[3]]);
 * ```
 */
export function functionalCall(...args: Parameters<FunctionalCall>): ReturnType<FunctionalCall> {
  if (!FUNC_BRIDGE.functionalCall) {
    throw new Error("torch.func.functionalCall is connected by src/nn (dendrite's mod.ts)");
  }
  return FUNC_BRIDGE.functionalCall(...args);
}

/** torch.func. */
export const func: {
  grad: typeof grad;
  gradAndValue: typeof gradAndValue;
  vjp: typeof vjp;
  jvp: typeof jvp;
  jacrev: typeof jacrev;
  jacfwd: typeof jacfwd;
  hessian: typeof hessian;
  vmap: typeof vmap;
  functionalCall: typeof functionalCall;
} = { grad, gradAndValue, vjp, jvp, jacrev, jacfwd, hessian, vmap, functionalCall };
