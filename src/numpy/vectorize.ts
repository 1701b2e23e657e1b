/**
 * NumPy's function helpers: `vectorize` (a JS function applied element by
 * element with broadcasting, or over core dimensions with a gufunc
 * signature), `frompyfunc`, and the small `iterable`, `typename`,
 * `euler_gamma`.
 */
import { broadcastShapes, sizeOf } from "../core/shape.ts";
import { type DType, toDType } from "../core/dtype.ts";
import { describe, type Scalar } from "../api/signature.ts";
import { type ArrayLike, NDArray, NP_FUNCTIONS } from "./ndarray.ts";

// deno-lint-ignore no-explicit-any
const F = NP_FUNCTIONS as Record<string, (...a: any[]) => any>;

/** The Euler-Mascheroni constant (np.euler_gamma). */
export const euler_gamma = 0.5772156649015329;

/** A JS function vectorize / frompyfunc apply: elements (or core sub-arrays) in, a value or a list of values out. */
// deno-lint-ignore no-explicit-any
export type PyFunc = (...args: any[]) => unknown;

/** vectorize's options (NumPy's keywords). */
export interface VectorizeOptions {
  /** Output dtypes (a string of type characters such as "d" / "dl", or a list of dtype names). */
  otypes?: string | readonly DType[] | null;
  /** Positions of arguments passed to the function unchanged (not broadcast). */
  excluded?: readonly number[] | null;
  /** A generalized ufunc signature such as "(n),(n)->()" : the function then receives core sub-arrays. */
  signature?: string | null;
  /** Documentation (kept as `doc`). */
  doc?: string | null;
  /** Accepted for NumPy's signature; results are always computed per call. */
  cache?: boolean;
}

/** NumPy's one-character type codes that name dendrite's dtypes. */
const TYPECHARS: Record<string, DType> = {
  "?": "bool",
  B: "uint8",
  i: "int32",
  l: "int64",
  q: "int64",
  f: "float32",
  d: "float64",
};

function otypeList(ot: VectorizeOptions["otypes"]): DType[] | null {
  if (ot === undefined || ot === null) return null;
  if (typeof ot === "string") {
    return [...ot].map((c) => {
      if (!(c in TYPECHARS)) throw new RangeError(`Invalid otype specified: ${c}`);
      return TYPECHARS[c];
    });
  }
  return ot.map((t) => toDType(t));
}

const DIM = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Parses "(n),(n)->()" into each argument's and each output's core dim names (NumPy's _parse_gufunc_signature). */
function parseSignature(sig: string): { ins: string[][]; outs: string[][] } {
  const s = sig.replace(/\s+/g, "");
  const m = /^(\([^()]*\)(?:,\([^()]*\))*)->(\([^()]*\)(?:,\([^()]*\))*)$/.exec(s);
  if (!m) throw new RangeError(`not a valid gufunc signature: ${sig}`);
  const side = (t: string) =>
    [...t.matchAll(/\(([^()]*)\)/g)].map((g) => {
      const names = g[1] === "" ? [] : g[1].split(",");
      if (names.some((n) => !DIM.test(n))) throw new RangeError(`not a valid gufunc signature: ${sig}`);
      return names;
    });
  return { ins: side(m[1]), outs: side(m[2]) };
}

/** Results of the calls as arrays: the requested dtype, else NumPy's inference over the values. */
function collect(values: unknown[], shape: number[], dtype: DType | null): NDArray {
  const a = F.array(values as ArrayLike, dtype ? { dtype } : {}) as NDArray;
  return a.reshape(shape);
}

/**
 * NumPy's `np.vectorize(pyfunc, { otypes, excluded, signature })`: a function that broadcasts its arguments and
 * calls `pyfunc` on each set of elements (JS scalars), returning an array (a list of arrays when `pyfunc` returns a
 * list). Without `otypes` the dtype is inferred from all results as `np.array` infers it (NumPy looks at the first
 * result only). With a `signature` such as "(n),(n)->()", `pyfunc` gets the core sub-arrays (ndarrays) and loops
 * over the broadcast outer dims. `excluded` lists argument positions passed through unchanged.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const f = np.vectorize((a: number, b: number) => (a > b ? a - b : a + b));
 * assert.deepEqual((f([1, 2, 3, 4], 2) as np.NDArray).tolist(), [3, 4, 1, 2]);
 * const dot = np.vectorize((x: np.NDArray, y: np.NDArray) => x.dot(y).item(), { signature: "(n),(n)->()" });
 * assert.deepEqual((dot([[1, 2], [3, 4]], [1, 1]) as np.NDArray).tolist(), [3, 7]);
 * ```
 */
export function vectorize(pyfunc: PyFunc, options: VectorizeOptions = {}): Vectorized {
  if (typeof pyfunc !== "function") throw new TypeError("vectorize: pyfunc must be a function");
  for (const k of Object.keys(options)) {
    if (!["otypes", "excluded", "signature", "doc", "cache"].includes(k)) {
      throw new TypeError(`vectorize() got an unexpected keyword argument '${k}'`);
    }
  }
  const otypes = otypeList(options.otypes);
  const excluded = new Set(options.excluded ?? []);
  const sig = options.signature ? parseSignature(options.signature) : null;
  const call = (...args: unknown[]): NDArray | NDArray[] => {
    const pos = args.map((_, i) => i).filter((i) => !excluded.has(i));
    const withArgs = (vals: unknown[]) => {
      const full = [...args];
      pos.forEach((p, j) => (full[p] = vals[j]));
      return pyfunc(...full);
    };
    const arrays = pos.map((p) => F.asarray(args[p] as ArrayLike) as NDArray);
    return sig ? gufunc(sig, arrays, withArgs, otypes) : elementwise(arrays, withArgs, otypes);
  };
  return Object.assign(call, { pyfunc, otypes: options.otypes ?? null, signature: options.signature ?? null });
}

/** What vectorize returns: a callable that also carries its pyfunc, otypes and signature. */
export type Vectorized = ((...args: unknown[]) => NDArray | NDArray[]) & {
  /** The wrapped function. */
  pyfunc: PyFunc;
  /** The otypes given. */
  otypes: string | readonly DType[] | null;
  /** The signature given. */
  signature: string | null;
};

/** Calls `f` on every broadcast set of elements; a list result means several outputs. */
function elementwise(arrays: NDArray[], f: (vals: unknown[]) => unknown, otypes: DType[] | null): NDArray | NDArray[] {
  const shape = broadcastShapes("vectorize", ...arrays.map((a) => a.shape));
  const n = sizeOf(shape);
  if (n === 0 && !otypes) throw new RangeError("cannot call `vectorize` on size 0 inputs unless `otypes` is set");
  const flat = arrays.map((a) => F.broadcastTo(a, shape).ravel().tolist() as Scalar[]);
  const results = Array.from({ length: n }, (_, i) => f(flat.map((v) => v[i])));
  return assemble(results, shape, otypes);
}

/** One array per output from the per-element results (a list result: one value per output). */
function assemble(results: unknown[], shape: number[], otypes: DType[] | null): NDArray | NDArray[] {
  const multi = results.length ? Array.isArray(results[0]) : (otypes?.length ?? 1) > 1;
  if (!multi) return collect(results, shape, otypes?.[0] ?? null);
  const nout = results.length ? (results[0] as unknown[]).length : otypes!.length;
  if (otypes && otypes.length !== nout) {
    throw new RangeError(`wrong number of outputs from pyfunc: expected ${otypes.length}, got ${nout}`);
  }
  return Array.from(
    { length: nout },
    (_, k) => collect(results.map((r) => (r as unknown[])[k]), shape, otypes?.[k] ?? null),
  );
}

/** The gufunc form: core dims bound by name, the outer dims broadcast, `f` called on core sub-arrays. */
function gufunc(
  sig: { ins: string[][]; outs: string[][] },
  arrays: NDArray[],
  f: (vals: unknown[]) => unknown,
  otypes: DType[] | null,
): NDArray | NDArray[] {
  if (arrays.length !== sig.ins.length) {
    throw new TypeError(`wrong number of positional arguments: expected ${sig.ins.length}, got ${arrays.length}`);
  }
  const sizes = new Map<string, number>();
  const outer = arrays.map((a, i) => {
    const core = sig.ins[i];
    if (a.ndim < core.length) {
      throw new RangeError(
        `${i}-th input has ${a.ndim} dimension(s) but the core dimensions (${core.join(",")}) need ${core.length}`,
      );
    }
    core.forEach((name, j) => {
      const d = a.shape[a.ndim - core.length + j];
      if (sizes.has(name) && sizes.get(name) !== d) {
        throw new RangeError(`inconsistent size for core dimension '${name}': ${d} vs ${sizes.get(name)}`);
      }
      sizes.set(name, d);
    });
    return a.shape.slice(0, a.ndim - core.length);
  });
  const loop = broadcastShapes("vectorize", ...outer);
  const expanded = arrays.map((a, i) => F.broadcastTo(a, [...loop, ...a.shape.slice(outer[i].length)]) as NDArray);
  const n = sizeOf(loop);
  if (n === 0 && !otypes) throw new RangeError("cannot call `vectorize` on size 0 inputs unless `otypes` is set");
  const idx = new Array(loop.length).fill(0);
  const results: unknown[][] = [];
  for (let k = 0; k < n; k++) {
    const r = f(expanded.map((a) => (loop.length ? a.get(idx) : a)));
    const outs = sig.outs.length === 1 ? [r] : r as unknown[];
    if (!Array.isArray(outs) || outs.length !== sig.outs.length) {
      throw new RangeError(`wrong number of outputs from pyfunc: expected ${sig.outs.length}`);
    }
    results.push(outs.map((o, j) => {
      const a = F.asarray(o as ArrayLike) as NDArray;
      const core = sig.outs[j];
      if (a.ndim !== core.length) {
        throw new RangeError(`wrong number of dimensions returned from pyfunc for output ${j}`);
      }
      core.forEach((name, d) => {
        if (sizes.has(name) && sizes.get(name) !== a.shape[d]) {
          throw new RangeError(`inconsistent size for core dimension '${name}': ${a.shape[d]} vs ${sizes.get(name)}`);
        }
        sizes.set(name, a.shape[d]);
      });
      return a;
    }));
    for (let d = loop.length - 1; d >= 0; d--) {
      if (++idx[d] < loop[d]) break;
      idx[d] = 0;
    }
  }
  const outs = sig.outs.map((core, j) => {
    const coreShape = core.map((name) => {
      if (!sizes.has(name)) {
        throw new RangeError(`cannot call \`vectorize\` with output core dimension '${name}' unknown`);
      }
      return sizes.get(name)!;
    });
    const shape = [...loop, ...coreShape];
    if (!results.length) return F.empty(shape, { dtype: otypes![j] });
    const stacked = F.stack(results.map((r) => r[j])) as NDArray;
    return stacked.reshape(shape).astype(otypes?.[j] ?? stacked.dtype);
  });
  return outs.length === 1 ? outs[0] : outs;
}

/**
 * NumPy's `np.frompyfunc(func, nin, nout)`: a ufunc-like function over `nin` broadcast arguments returning `nout`
 * outputs (a list when nout > 1). NumPy returns object arrays; here the results get the dtype `np.array` infers
 * from them (float64 for numbers that are not all integers), and all-scalar arguments give JS values back.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const hyp = np.frompyfunc((a: number, b: number) => Math.hypot(a, b), 2, 1);
 * assert.deepEqual((hyp([3, 5], [4, 12]) as np.NDArray).tolist(), [5, 13]);
 * ```
 */
export function frompyfunc(func: PyFunc, nin: number, nout: number): FromPyFunc {
  if (typeof func !== "function") throw new TypeError("function must be callable");
  if (!Number.isSafeInteger(nin) || nin < 0 || !Number.isSafeInteger(nout) || nout < 0) {
    throw new RangeError("frompyfunc: nin and nout must be non-negative integers");
  }
  if (nin + nout > 64) {
    throw new RangeError(
      `Cannot construct a ufunc with more than 64 operands (requested number were: inputs = ${nin} and outputs = ${nout})`,
    );
  }
  const name = func.name || "?";
  const f = (...args: unknown[]) => {
    if (args.length !== nin) {
      throw new TypeError(
        `${name} (vectorized) takes ${nin} positional argument${nin === 1 ? "" : "s"} but ${args.length} were given`,
      );
    }
    const arrays = args.map((a) => F.asarray(a as ArrayLike) as NDArray);
    const scalar = arrays.every((a) => a.ndim === 0) && args.every((a) => !(a instanceof NDArray));
    const shape = broadcastShapes("frompyfunc", ...arrays.map((a) => a.shape));
    const flat = arrays.map((a) => F.broadcastTo(a, shape).ravel().tolist() as Scalar[]);
    const results = Array.from({ length: sizeOf(shape) }, (_, i) => {
      const r = func(...flat.map((v) => v[i]));
      if (nout === 1) return r;
      if (!Array.isArray(r) || r.length !== nout) {
        throw new TypeError(`invalid return value from ${name}: expected a list of ${nout} values`);
      }
      return r;
    });
    if (scalar) return results[0]; // a value, or the list of nout values
    if (nout === 1) return collect(results, shape, null);
    return Array.from({ length: nout }, (_, k) => collect(results.map((r) => (r as unknown[])[k]), shape, null));
  };
  return Object.assign(f, { nin, nout, nargs: nin + nout, __name__: `${name} (vectorized)` });
}

/** What frompyfunc returns: a callable with NumPy's nin, nout, nargs and __name__. */
export type FromPyFunc = ((...args: unknown[]) => unknown) & {
  /** Number of inputs. */
  nin: number;
  /** Number of outputs. */
  nout: number;
  /** nin + nout. */
  nargs: number;
  /** NumPy's name: "<func> (vectorized)". */
  __name__: string;
};

/**
 * NumPy's `np.iterable(y)`: whether `y` can be iterated (strings and arrays of at least one dim can; numbers and 0-d
 * arrays cannot).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * assert.equal(np.iterable([1, 2]), true);
 * assert.equal(np.iterable(2), false);
 * assert.equal(np.iterable(np.array(2)), false);
 * ```
 */
export function iterable(y: unknown): boolean {
  if (y instanceof NDArray) return y.ndim > 0;
  if (typeof y === "string") return true;
  return y !== null && typeof y === "object" && typeof (y as Iterable<unknown>)[Symbol.iterator] === "function";
}

const TYPENAMES: Record<string, string> = {
  S1: "character",
  "?": "bool",
  b: "signed char",
  B: "unsigned char",
  h: "short",
  H: "unsigned short",
  i: "integer",
  I: "unsigned integer",
  l: "long integer",
  L: "unsigned long integer",
  q: "long long integer",
  Q: "unsigned long long integer",
  f: "single precision",
  d: "double precision",
  g: "long precision",
  F: "complex single precision",
  D: "complex double precision",
  G: "complex long double precision",
  S: "string",
  U: "unicode",
  V: "void",
  O: "object",
};

/**
 * NumPy's `np.typename(char)`: the description of a type character code.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * assert.equal(np.typename("d"), "double precision");
 * ```
 */
export function typename(char: string): string {
  if (typeof char !== "string") throw new TypeError(`typename: char must be a string, not ${describe(char)}`);
  if (!Object.hasOwn(TYPENAMES, char)) throw new RangeError(`typename: unknown type character ${JSON.stringify(char)}`);
  return TYPENAMES[char];
}
