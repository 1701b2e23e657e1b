/**
 * NumPy's random distributions, shared by the two samplers: parameter
 * conversion, NumPy's checks and messages, broadcasting against `size`,
 * and the calls into kernels/cpu/distributions.c, where the algorithms run
 * over the sampler's engine (the Generator's over PCG64; RandomState's
 * frozen legacy ones over MT19937, chosen by `legacy`). The Generator-only
 * forms (`standardExponential`/`standardGamma` with dtype and out) are in
 * `GeneratorDistributions`; RandomState's are in legacy_distributions.ts.
 */
import { K, lastError, nameTable } from "../../ffi/lib.ts";
import { type ArrayData, toOperand } from "../api/convert.ts";
import { Binder, type Forms, opt, req } from "../api/signature.ts";
import { type DType, DTYPE_BY_CODE } from "../core/dtype.ts";
import { fmtValue } from "../core/errors.ts";
import { broadcastShapes, sizeOf } from "../core/shape.ts";
import { Storage } from "../core/storage.ts";
import { View } from "../core/view.ts";
import { svd } from "../ops/linalg.ts";
import { castTo, contiguous, copyInto } from "../ops/operand.ts";
import { type ArrayLike, NDArray, NP_CONVERTERS } from "./ndarray.ts";
import { kahanSum, Sampler, shapeOfSize, SIZE, type Size } from "./sampling.ts";

/** The library's codes of `names`, read from the names it publishes (dk_dist_name), so the two cannot drift. */
function distCodes<const N extends string>(names: readonly N[]): Readonly<Record<N, number>> {
  const codes = nameTable(K.dk_dist_name);
  const missing = names.filter((n) => !codes.has(n));
  if (missing.length) {
    throw new Error(`dendrite: the kernel library has no distribution ${missing.join(", ")}: rebuild the kernels`);
  }
  return Object.fromEntries(names.map((n) => [n, codes.get(n)!])) as Record<N, number>;
}

/** What kernels/cpu/distributions.c draws: its codes (Dist) by the names of its DIST_KINDS table. */
export const DIST_CODES = distCodes([
  "StdExp",
  "StdExpInv",
  "StdExpF",
  "StdExpInvF",
  "Exponential",
  "StdGamma",
  "StdGammaF",
  "Gamma",
  "Beta",
  "Chisquare",
  "F",
  "StdT",
  "StdCauchy",
  "Lognormal",
  "Laplace",
  "Logistic",
  "Gumbel",
  "Weibull",
  "Pareto",
  "Power",
  "Rayleigh",
  "Wald",
  "Triangular",
  "Vonmises",
  "Normal",
  "Poisson",
  "Binomial",
  "NegativeBinomial",
  "Geometric",
  "Hypergeometric",
  "Logseries",
  "Zipf",
  "NoncentralChisquare",
  "NoncentralF",
]);
/** One of DIST_CODES's codes: what a kernel call of dk_dist_fill draws. */
export type Dist = number;

/** NumPy's parameter constraints (numpy/random/_common.pyx), by the message each raises. */
export type Constraint =
  | "none"
  | "nonNegative"
  | "positive"
  | "positiveNotNan"
  | "unit"
  | "unitGt0"
  | "unitLt1"
  | "gt1"
  | "gte1"
  | "poisson"
  /** nonNegative, and within what NumPy's legacy von Mises sampler can draw (RandomState's kappa) */
  | "legacyKappa"
  /** gt1, and within what NumPy's legacy Zipf sampler can draw (RandomState's a) */
  | "legacyZipf";

/** One parameter of a draw: its value as passed, its name in messages, its constraint, and whether NumPy reads it as int64. */
export interface ParamSpec {
  /** The value as passed. */
  value: ParamValue;
  /** Its name in NumPy's messages. */
  name: string;
  /** The constraint NumPy checks. */
  cons: Constraint;
  /** Read as int64 (binomial's n, hypergeometric's counts). */
  int?: boolean;
}

/** A distribution parameter: a JS number or an array-like, broadcast against the others and `size`. */
export type ParamValue = number | boolean | bigint | ArrayLike;

/** The largest Poisson mean NumPy accepts: int64 max less ten of its square roots. */
const POISSON_LAM_MAX = 9223372036854775807 - Math.sqrt(9223372036854775807) * 10;

/** Numbers to read by index (a typed array or a JS array). */
type Numbers = Float64Array | readonly number[];

/** A parameter converted: one JS value (a scalar or a 0-d array) or a float64/int64 array. */
interface Converted {
  spec: ParamSpec;
  scalar: number | null;
  arr: NDArray | null;
}

function convert(spec: ParamSpec): Converted {
  const v = spec.value;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") {
    const x = Number(v);
    return { spec, scalar: spec.int ? Math.trunc(x) : x, arr: null };
  }
  const a = NDArray.wrap(castTo(toOperand("random", v as ArrayData, undefined, false), spec.int ? "int64" : "float64"));
  if (a.ndim === 0) return { spec, scalar: Number(a.item()), arr: null };
  return { spec, scalar: null, arr: NDArray.wrap(contiguous(a)) };
}

/** Throws NumPy's ValueError (a RangeError) when a value breaks its constraint; `many` selects the array-check wording. */
function check(name: string, cons: Constraint, values: Numbers, many: boolean, int: boolean): void {
  const all = (f: (v: number) => boolean) => (values as number[]).every(f);
  const fail = (msg: string) => {
    throw new RangeError(msg);
  };
  const nan = many ? "contains NaNs" : "is NaN";
  switch (cons) {
    case "nonNegative":
    case "legacyKappa":
      // a float's sign bit counts (-0.0 fails), as NumPy's signbit test
      if (!all((v) => Number.isNaN(v) || !(v < 0 || (!int && Object.is(v, -0))))) fail(`${name} < 0`);
      if (cons === "legacyKappa" && !all((v) => !legacyVonmisesStuck(v))) {
        fail(
          `${name} too large for the legacy von Mises sampler: from about 2e16 its rejection step can never accept ` +
            "(NumPy's RandomState loops forever there); np.random.defaultRng().vonmises draws it",
        );
      }
      break;
    case "positiveNotNan":
      if (!all((v) => !Number.isNaN(v))) fail(`${name} must not be NaN`);
      if (!all((v) => !(v <= 0))) fail(`${name} <= 0`);
      break;
    case "positive":
      if (!all((v) => !(v <= 0))) fail(`${name} <= 0`);
      break;
    case "unit":
      if (!all((v) => v >= 0 && v <= 1)) fail(`${name} < 0, ${name} > 1 or ${name} ${nan}`);
      break;
    case "unitGt0":
      if (!all((v) => v > 0 && v <= 1)) fail(`${name} <= 0, ${name} > 1 or ${name} contains NaNs`);
      break;
    case "unitLt1":
      if (!all((v) => v >= 0 && v < 1)) fail(`${name} < 0, ${name} >= 1 or ${name} ${nan}`);
      break;
    case "gt1":
    case "legacyZipf":
      if (!all((v) => v > 1)) fail(`${name} <= 1 or ${name} ${nan}`);
      if (cons === "legacyZipf" && !all((v) => v - 1 < 1024 && 43.7 * (v - 1) > 1e-9)) {
        fail(
          `${name} outside what the legacy Zipf sampler can draw: with a >= 1025, 2 ** (a - 1) overflows and no try ` +
            "is accepted; with a - 1 below about 2e-11 a draw takes over 10^9 tries (NumPy's RandomState loops " +
            "there); np.random.defaultRng().zipf draws both",
        );
      }
      break;
    case "gte1":
      if (!all((v) => v >= 1)) fail(`${name} < 1 or ${name} ${nan}`);
      break;
    case "poisson":
      // the scalar check tests the sign first, the array check the size first
      if (many && !all((v) => v <= POISSON_LAM_MAX)) fail(`${name} value too large`);
      if (!all((v) => v >= 0)) fail(`${name} < 0 or ${name} ${nan}`);
      if (!all((v) => v <= POISSON_LAM_MAX)) fail(`${name} value too large`);
      break;
  }
}

/**
 * Whether NumPy's legacy von Mises loop would never end for `kappa`: its envelope parameter s rounds to exactly 1 (or
 * is NaN), so W = 1 and Y = kappa (s - W) = 0 on every try (the same double arithmetic as kernels/cpu/distributions.c).
 */
function legacyVonmisesStuck(kappa: number): boolean {
  if (!(kappa >= 1e-5)) return false;
  const r = 1 + Math.sqrt(1 + 4 * kappa * kappa), rho = (r - Math.sqrt(2 * r)) / (2 * kappa);
  return !((1 + rho * rho) / (2 * rho) > 1); // (infinite kappa: s is NaN, the loop never accepts either)
}

/** The values of a converted parameter as numbers (int64 ones through Number). */
function numbers(c: Converted): Numbers {
  if (c.arr === null) return [c.scalar as number];
  const d = c.arr.storage.data;
  return d instanceof BigInt64Array ? Array.from(d, Number) : d as Float64Array;
}

/** Converted parameters; `scalar` when every one is a single value. */
interface Prepared {
  params: Converted[];
  scalar: boolean;
}

/** The parameters converted, not yet checked. */
function convertAll(specs: readonly ParamSpec[]): Prepared {
  const params = specs.map(convert);
  return { params, scalar: params.every((p) => p.arr === null) };
}

/** Checks converted parameters' values as NumPy checks them (each against its spec's constraint). */
function checked(p: Prepared): Prepared {
  for (const c of p.params) check(c.spec.name, c.spec.cons, numbers(c), !p.scalar, c.spec.int ?? false);
  return p;
}

/** The parameters converted and checked. */
function prepare(specs: readonly ParamSpec[]): Prepared {
  return checked(convertAll(specs));
}

/** The output shape: `size`, or the parameters' broadcast shape, checked as NumPy checks them. */
function outShape(params: readonly Converted[], size: Size): number[] | null {
  const shapes = params.filter((p) => p.arr).map((p) => p.arr!.shape);
  const shape = shapeOfSize(size);
  if (!shapes.length) return shape;
  const b = broadcastShapes("random", ...shapes);
  if (!shape) return b;
  const both = broadcastShapesOrNull([shape, b]);
  if (!both || both.join() !== shape.join()) {
    throw new RangeError(
      `Output size ${pyTuple(shape)} is not compatible with broadcast dimensions of inputs ${pyTuple(b)}.`,
    );
  }
  return shape;
}

function broadcastShapesOrNull(shapes: number[][]): number[] | null {
  try {
    return broadcastShapes("random", ...shapes);
  } catch {
    return null;
  }
}

/** A shape as Python prints a tuple. */
function pyTuple(s: readonly number[]): string {
  return s.length === 1 ? `(${s[0]},)` : `(${s.join(", ")})`;
}

const NO_PARAM = new Float64Array(1);

/** A parameter as the kernel reads it: its data expanded to `shape` (step 1), or its one value (step 0). */
function kernelParam(c: Converted | undefined, shape: number[] | null): [Float64Array | BigInt64Array, bigint] {
  if (!c) return [NO_PARAM, 0n];
  if (c.arr === null) {
    return [c.spec.int ? BigInt64Array.of(BigInt(c.scalar as number)) : Float64Array.of(c.scalar as number), 0n];
  }
  const x = contiguous({ storage: c.arr.storage, layout: c.arr.layout.expand("random", shape!) });
  return [x.storage.data as Float64Array | BigInt64Array, 1n];
}

/** A sampler's engine as the kernels take it: its state, its binomial cache, and its engine code (engineCode). */
interface Engine {
  state: Uint8Array;
  cache: Uint8Array;
  code: number;
}

/** Runs one kernel call of `dist` into `out` (n elements) with the converted parameters. */
function fill(
  e: Engine,
  dist: Dist,
  out: Storage,
  params: Converted[],
  shape: number[] | null,
) {
  const [a, sa] = kernelParam(params[0], shape), [b, sb] = kernelParam(params[1], shape);
  const [c, sc] = kernelParam(params[2], shape);
  const rc = K.dk_dist_fill(
    e.state,
    e.cache,
    e.code,
    dist,
    out.bytes,
    BigInt(out.length),
    a,
    b,
    c,
    BigInt64Array.of(sa, sb, sc),
  );
  if (rc !== 0) throw new RangeError(`random: ${lastError()}`);
}

/** The dtype a distribution's draws have (the library's DIST_KINDS table says). */
function dtypeOf(dist: Dist): DType {
  return DTYPE_BY_CODE[K.dk_dist_info(dist)];
}

/**
 * Draws `dist` with checked parameters: a JS number when every parameter
 * is a single value and no size or out is given, else an array of `size`
 * (or the parameters' broadcast shape), written into `out` when given.
 */
function drawChecked(
  e: Engine,
  dist: Dist,
  size: Size,
  prepared: Prepared,
  out: NDArray | null = null,
): NDArray | number {
  const dt = dtypeOf(dist);
  return intoOut(out, dt, size, (size) => {
    const shape = outShape(prepared.params, size);
    const st = Storage.host(dt, shape ? sizeOf(shape) : 1);
    fill(e, dist, st, prepared.params, shape);
    return shape ? new NDArray(st, new View(shape)) : Number(st.data[0]);
  });
}

/** Checks then draws (see drawChecked). */
function draw(
  e: Engine,
  dist: Dist,
  size: Size,
  specs: readonly ParamSpec[],
  out: NDArray | null = null,
): NDArray | number {
  return drawChecked(e, dist, size, prepare(specs), out);
}

/**
 * Draws of `size` (out's shape when given; `draw` returns an array then), written into `out` after NumPy's checks
 * of it for dtype `dt`.
 */
export function intoOut(
  out: NDArray | null,
  dt: DType,
  size: Size,
  draw: (size: Size) => NDArray | number,
): NDArray | number {
  if (!out) return draw(size);
  checkOut(out, dt, size);
  copyInto(draw(out.shape) as NDArray, out);
  return out;
}

/** `dt` when the Generator draws floats of it, else NumPy's TypeError naming `op`. */
export function floatDType(dt: DType, op: string): "float64" | "float32" {
  if (dt === "float64" || dt === "float32") return dt;
  throw new TypeError(`Unsupported dtype ${dt} for ${op}`);
}

/** NumPy's checks of an `out=` array for a fill of dtype `dt` (and `size`, when both are given). */
function checkOut(out: NDArray, dt: DType, size: Size): void {
  if (!(out instanceof NDArray)) throw new TypeError("out must be an ndarray");
  if (!out.flags.writeable || !out.layout.isContiguous) {
    throw new RangeError("Supplied output array is not contiguous, writable or aligned.");
  }
  if (out.dtype !== dt) {
    throw new TypeError(`Supplied output array has the wrong type. Expected ${dt}, got ${out.dtype}`);
  }
  const shape = shapeOfSize(size);
  if (shape && shape.join() !== out.shape.join()) throw new RangeError("size must match out.shape when used together");
}

// generic in the name: the options object's keys are the literal parameter names
const P = <const N extends string>(name: N) => req(name, "arrayOrScalar");
const D = <const N extends string>(name: N, def: number) => opt(name, "arrayOrScalar", def);

/** The signatures of the distribution methods both samplers have (NumPy's names and order). */
export const DIST_SIGS = {
  exponential: { pos: [D("scale", 1), SIZE], kw: [] },
  gamma: { pos: [P("shape"), D("scale", 1), SIZE], kw: [] },
  beta: { pos: [P("a"), P("b"), SIZE], kw: [] },
  chisquare: { pos: [P("df"), SIZE], kw: [] },
  f: { pos: [P("dfnum"), P("dfden"), SIZE], kw: [] },
  noncentralChisquare: { pos: [P("df"), P("nonc"), SIZE], kw: [] },
  noncentralF: { pos: [P("dfnum"), P("dfden"), P("nonc"), SIZE], kw: [] },
  standardT: { pos: [P("df"), SIZE], kw: [] },
  standardCauchy: { pos: [SIZE], kw: [] },
  lognormal: { pos: [D("mean", 0), D("sigma", 1), SIZE], kw: [] },
  laplace: { pos: [D("loc", 0), D("scale", 1), SIZE], kw: [] },
  logistic: { pos: [D("loc", 0), D("scale", 1), SIZE], kw: [] },
  gumbel: { pos: [D("loc", 0), D("scale", 1), SIZE], kw: [] },
  weibull: { pos: [P("a"), SIZE], kw: [] },
  pareto: { pos: [P("a"), SIZE], kw: [] },
  power: { pos: [P("a"), SIZE], kw: [] },
  rayleigh: { pos: [D("scale", 1), SIZE], kw: [] },
  wald: { pos: [P("mean"), P("scale"), SIZE], kw: [] },
  triangular: { pos: [P("left"), P("mode"), P("right"), SIZE], kw: [] },
  vonmises: { pos: [P("mu"), P("kappa"), SIZE], kw: [] },
  poisson: { pos: [D("lam", 1), SIZE], kw: [] },
  binomial: { pos: [P("n"), P("p"), SIZE], kw: [] },
  negativeBinomial: { pos: [P("n"), P("p"), SIZE], kw: [] },
  geometric: { pos: [P("p"), SIZE], kw: [] },
  hypergeometric: { pos: [P("ngood"), P("nbad"), P("nsample"), SIZE], kw: [] },
  logseries: { pos: [P("p"), SIZE], kw: [] },
  zipf: { pos: [P("a"), SIZE], kw: [] },
  multinomial: { pos: [P("n"), req("pvals", "array"), SIZE], kw: [] },
  dirichlet: { pos: [req("alpha", "array"), SIZE], kw: [] },
  multivariateNormal: {
    pos: [
      req("mean", "array"),
      req("cov", "array"),
      SIZE,
      opt("checkValid", "string", "warn", { choices: ["warn", "raise", "ignore"] }),
      opt("tol", "number", 1e-8),
    ],
    kw: [opt("method", "string", "svd", { choices: ["svd"] })],
  },
  bytes: { pos: [req("length", "int")], kw: [] },
  standardExponentialGen: {
    pos: [
      SIZE,
      opt("dtype", "dtype", "float64"),
      opt("method", "string", "zig", { choices: ["zig", "inv"] }),
      opt("out", "out", null),
    ],
    kw: [],
  },
  standardGammaGen: { pos: [P("shape"), SIZE, opt("dtype", "dtype", "float64"), opt("out", "out", null)], kw: [] },
} as const;

/** The call forms of a distribution method: positional in NumPy's order, or keywords in a trailing object. */
export type DistArgs<N extends keyof typeof DIST_SIGS> = Forms<typeof DIST_SIGS[N], NDArray, ArrayLike>;

const binders = new Map<string, Binder>();
/** The bound arguments of one call of method `name` (NumPy's snake_case name in messages). */
// deno-lint-ignore no-explicit-any
function bindDist(name: keyof typeof DIST_SIGS, args: readonly unknown[]): Record<string, any> {
  let b = binders.get(name);
  if (!b) {
    const shown = name.replace(/Gen$/, "").replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
    b = new Binder(shown, DIST_SIGS[name]);
    binders.set(name, b);
  }
  return b.bind(args, NP_CONVERTERS);
}

/** Each parameter's values expanded to their broadcast shape, as numbers (for NumPy's checks across parameters). */
function broadcastValues(op: string, p: Prepared): Numbers[] {
  const shape = p.scalar ? [] : broadcastShapes(op, ...p.params.map((c) => c.arr?.shape ?? []));
  const n = sizeOf(shape);
  return p.params.map((c) => {
    const [d, step] = kernelParam(c, shape);
    return step === 0n ? new Float64Array(n).fill(Number(d[0])) : Array.from(d as Float64Array, Number);
  });
}

/** A 2-d float64 matrix as rows of numbers. */
function rows(a: NDArray): number[][] {
  return a.tolist() as number[][];
}

/**
 * `words32`'s count checked: the method is `protected` in TypeScript only, and a JS caller's junk count gets a named
 * error (no count drew a scalar).
 */
export function wordCount(n: unknown): number {
  if (!(Number.isSafeInteger(n) && (n as number) >= 0)) {
    throw new TypeError(`words32(): n must be a non-negative integer, not ${fmtValue(n)}`);
  }
  return n as number;
}

/**
 * The distribution methods both samplers have, over the engine state a
 * sampler lends (`engineState`) and its algorithms (`legacy`: RandomState's).
 */
export abstract class Distributions extends Sampler {
  /** True for RandomState (MT19937 and NumPy's legacy algorithms). */
  protected abstract readonly legacy: boolean;
  /** The engine's state buffer the kernels draw from. */
  protected abstract engineState(): Uint8Array;
  /** `n` uniform 32-bit words, as `bytes` draws them (integers in [0, 2^32)). */
  protected abstract words32(n: number): BigInt64Array;
  /** The binomial setup NumPy keeps per sampler across calls (see binomial_t in kernels/cpu/distributions.c). */
  readonly #cache = new Uint8Array(K.dk_dist_cache_size());

  /**
   * Which engine and algorithms the kernels use (`legacy` in kernels/cpu/distributions.c): 1 for RandomState,
   * 0 for the Generator over PCG64; a Generator over another bit generator overrides it.
   */
  protected engineCode(): number {
    return this.legacy ? 1 : 0;
  }

  #engine(): Engine {
    return { state: this.engineState(), cache: this.#cache, code: this.engineCode() };
  }

  /** Draws `dist` with parameters checked as NumPy checks them. */
  protected dist(dist: Dist, size: Size, specs: readonly ParamSpec[], out: NDArray | null = null): NDArray | number {
    return draw(this.#engine(), dist, size, specs, out);
  }

  /** Exponential draws with scale `scale` (1/rate): `exponential(scale = 1, size?)`. */
  exponential(...args: DistArgs<"exponential">): NDArray | number {
    const a = bindDist("exponential", args);
    return this.dist(DIST_CODES.Exponential, a.size, [{ value: a.scale, name: "scale", cons: "nonNegative" }]);
  }
  /**
   * Gamma draws with `shape` and `scale`: `gamma(shape, scale = 1, size?)`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { np } from "../../mod.ts";
   * assert.equal(np.random.defaultRng(42).gamma(2.0), 2.0918172704999494); // as NumPy
   * ```
   */
  gamma(...args: DistArgs<"gamma">): NDArray | number {
    const a = bindDist("gamma", args);
    return this.dist(DIST_CODES.Gamma, a.size, [
      { value: a.shape, name: "shape", cons: "nonNegative" },
      { value: a.scale, name: "scale", cons: "nonNegative" },
    ]);
  }
  /** Beta draws: `beta(a, b, size?)`. */
  beta(...args: DistArgs<"beta">): NDArray | number {
    const a = bindDist("beta", args);
    return this.dist(DIST_CODES.Beta, a.size, [
      { value: a.a, name: "a", cons: "positive" },
      { value: a.b, name: "b", cons: "positive" },
    ]);
  }
  /** Chi-square draws with `df` degrees of freedom: `chisquare(df, size?)`. */
  chisquare(...args: DistArgs<"chisquare">): NDArray | number {
    const a = bindDist("chisquare", args);
    return this.dist(DIST_CODES.Chisquare, a.size, [{ value: a.df, name: "df", cons: "positive" }]);
  }
  /** F (Fisher) draws: `f(dfnum, dfden, size?)`. */
  f(...args: DistArgs<"f">): NDArray | number {
    const a = bindDist("f", args);
    return this.dist(DIST_CODES.F, a.size, [
      { value: a.dfnum, name: "dfnum", cons: "positive" },
      { value: a.dfden, name: "dfden", cons: "positive" },
    ]);
  }
  /**
   * Noncentral chi-square draws: `noncentralChisquare(df, nonc, size?)` (NumPy's algorithm: a chi-square of df - 1
   * plus a shifted normal squared, or for df <= 1 a Poisson mixture of chi-squares, so seeded draws match).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { np } from "../../mod.ts";
   * np.random.seed(1);
   * assert.equal(np.random.noncentralChisquare(3, 2), 1.4538055220155224); // as NumPy
   * ```
   */
  noncentralChisquare(...args: DistArgs<"noncentralChisquare">): NDArray | number {
    const a = bindDist("noncentralChisquare", args);
    return this.dist(DIST_CODES.NoncentralChisquare, a.size, [
      { value: a.df, name: "df", cons: "positive" },
      { value: a.nonc, name: "nonc", cons: "nonNegative" },
    ]);
  }
  /** Noncentral F draws: `noncentralF(dfnum, dfden, nonc, size?)` (NumPy's order of draws). */
  noncentralF(...args: DistArgs<"noncentralF">): NDArray | number {
    const a = bindDist("noncentralF", args);
    return this.dist(DIST_CODES.NoncentralF, a.size, [
      { value: a.dfnum, name: "dfnum", cons: "positive" },
      { value: a.dfden, name: "dfden", cons: "positive" },
      { value: a.nonc, name: "nonc", cons: "nonNegative" },
    ]);
  }
  /** Student's t draws with `df` degrees of freedom: `standardT(df, size?)`. */
  standardT(...args: DistArgs<"standardT">): NDArray | number {
    const a = bindDist("standardT", args);
    return this.dist(DIST_CODES.StdT, a.size, [{ value: a.df, name: "df", cons: "positive" }]);
  }
  /** Standard Cauchy draws (a ratio of two normals): `standardCauchy(size?)`. */
  standardCauchy(...args: DistArgs<"standardCauchy">): NDArray | number {
    return this.dist(DIST_CODES.StdCauchy, bindDist("standardCauchy", args).size, []);
  }
  /** Log-normal draws: exp of normals with `mean` and `sigma`: `lognormal(mean = 0, sigma = 1, size?)`. */
  lognormal(...args: DistArgs<"lognormal">): NDArray | number {
    const a = bindDist("lognormal", args);
    return this.dist(DIST_CODES.Lognormal, a.size, [
      { value: a.mean, name: "mean", cons: "none" },
      { value: a.sigma, name: "sigma", cons: "nonNegative" },
    ]);
  }
  /** Laplace (double exponential) draws: `laplace(loc = 0, scale = 1, size?)`. */
  laplace(...args: DistArgs<"laplace">): NDArray | number {
    return this.#locScale("laplace", DIST_CODES.Laplace, args);
  }
  /** Logistic draws: `logistic(loc = 0, scale = 1, size?)`. */
  logistic(...args: DistArgs<"logistic">): NDArray | number {
    return this.#locScale("logistic", DIST_CODES.Logistic, args);
  }
  /** Gumbel (extreme value type I) draws: `gumbel(loc = 0, scale = 1, size?)`. */
  gumbel(...args: DistArgs<"gumbel">): NDArray | number {
    return this.#locScale("gumbel", DIST_CODES.Gumbel, args);
  }
  #locScale(name: "laplace" | "logistic" | "gumbel", dist: Dist, args: readonly unknown[]): NDArray | number {
    const a = bindDist(name, args);
    return this.dist(dist, a.size, [
      { value: a.loc, name: "loc", cons: "none" },
      { value: a.scale, name: "scale", cons: "nonNegative" },
    ]);
  }
  /** Weibull draws with shape `a`: `weibull(a, size?)`. */
  weibull(...args: DistArgs<"weibull">): NDArray | number {
    return this.dist(DIST_CODES.Weibull, ...this.#shapeA("weibull", args, "nonNegative"));
  }
  /** Pareto II (Lomax) draws with shape `a`: `pareto(a, size?)`. */
  pareto(...args: DistArgs<"pareto">): NDArray | number {
    return this.dist(DIST_CODES.Pareto, ...this.#shapeA("pareto", args, "positive"));
  }
  /** Power-law draws in [0, 1] with exponent a - 1: `power(a, size?)`. */
  power(...args: DistArgs<"power">): NDArray | number {
    return this.dist(DIST_CODES.Power, ...this.#shapeA("power", args, "positive"));
  }
  #shapeA(name: "weibull" | "pareto" | "power", args: readonly unknown[], cons: Constraint): [Size, ParamSpec[]] {
    const a = bindDist(name, args);
    return [a.size, [{ value: a.a, name: "a", cons }]];
  }
  /** Rayleigh draws with mode `scale`: `rayleigh(scale = 1, size?)`. */
  rayleigh(...args: DistArgs<"rayleigh">): NDArray | number {
    const a = bindDist("rayleigh", args);
    return this.dist(DIST_CODES.Rayleigh, a.size, [{ value: a.scale, name: "scale", cons: "nonNegative" }]);
  }
  /** Wald (inverse Gaussian) draws: `wald(mean, scale, size?)`. */
  wald(...args: DistArgs<"wald">): NDArray | number {
    const a = bindDist("wald", args);
    return this.dist(DIST_CODES.Wald, a.size, [
      { value: a.mean, name: "mean", cons: "positive" },
      { value: a.scale, name: "scale", cons: "positive" },
    ]);
  }
  /** Triangular draws on [left, right] peaking at `mode`: `triangular(left, mode, right, size?)`. */
  triangular(...args: DistArgs<"triangular">): NDArray | number {
    const a = bindDist("triangular", args);
    const p = prepare([
      { value: a.left, name: "left", cons: "none" },
      { value: a.mode, name: "mode", cons: "none" },
      { value: a.right, name: "right", cons: "none" },
    ]);
    const [l, m, r] = broadcastValues("triangular", p);
    const any = (f: (i: number) => boolean) => Array.from({ length: l.length }, (_, i) => i).some(f);
    if (any((i) => l[i] > m[i])) throw new RangeError("left > mode");
    if (any((i) => m[i] > r[i])) throw new RangeError("mode > right");
    if (any((i) => l[i] === r[i])) throw new RangeError("left == right");
    return drawChecked(this.#engine(), DIST_CODES.Triangular, a.size, p);
  }
  /** Von Mises draws on [-pi, pi] with mode `mu` and concentration `kappa`: `vonmises(mu, kappa, size?)`. */
  vonmises(...args: DistArgs<"vonmises">): NDArray | number {
    const a = bindDist("vonmises", args);
    return this.dist(DIST_CODES.Vonmises, a.size, [
      { value: a.mu, name: "mu", cons: "none" },
      { value: a.kappa, name: "kappa", cons: this.legacy ? "legacyKappa" : "nonNegative" },
    ]);
  }
  /** Poisson draws with mean `lam` (int64): `poisson(lam = 1, size?)`. */
  poisson(...args: DistArgs<"poisson">): NDArray | number {
    const a = bindDist("poisson", args);
    return this.dist(DIST_CODES.Poisson, a.size, [{ value: a.lam, name: "lam", cons: "poisson" }]);
  }
  /**
   * Binomial draws: successes in `n` trials of probability `p` (int64): `binomial(n, p, size?)`.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { np } from "../../mod.ts";
   * const b = np.random.defaultRng(42).binomial(10, 0.5, 4) as np.NDArray;
   * assert.deepEqual(b.tolist(), [6, 5, 7, 6]); // as NumPy
   * ```
   */
  binomial(...args: DistArgs<"binomial">): NDArray | number {
    const a = bindDist("binomial", args);
    // NumPy checks p before n
    const [p, n] = prepare([
      { value: a.p, name: "p", cons: "unit" },
      { value: a.n, name: "n", cons: "nonNegative", int: true },
    ]).params;
    const scalar = p.arr === null && n.arr === null;
    return drawChecked(this.#engine(), DIST_CODES.Binomial, a.size, { params: [n, p], scalar });
  }
  /** Negative binomial draws: failures before `n` successes of probability `p` (int64): `negativeBinomial(n, p, size?)`. */
  negativeBinomial(...args: DistArgs<"negativeBinomial">): NDArray | number {
    const a = bindDist("negativeBinomial", args);
    const L = this.legacy;
    const p = prepare([
      { value: a.n, name: "n", cons: L ? "positive" : "positiveNotNan" },
      { value: a.p, name: "p", cons: L ? "unit" : "unitGt0" },
    ]);
    if (!L) {
      const [n, q] = broadcastValues("negative_binomial", p);
      for (let i = 0; i < n.length; i++) {
        if ((1 - q[i]) / q[i] * (n[i] + 10 * Math.sqrt(n[i])) > POISSON_LAM_MAX) {
          throw new RangeError("n too large or p too small, see Generator.negative_binomial Notes");
        }
      }
    }
    return drawChecked(this.#engine(), DIST_CODES.NegativeBinomial, a.size, p);
  }
  /** Geometric draws: trials until the first success of probability `p` (int64): `geometric(p, size?)`. */
  geometric(...args: DistArgs<"geometric">): NDArray | number {
    const a = bindDist("geometric", args);
    return this.dist(DIST_CODES.Geometric, a.size, [{ value: a.p, name: "p", cons: "unitGt0" }]);
  }
  /** Hypergeometric draws: good items among `nsample` drawn from ngood + nbad (int64): `hypergeometric(ngood, nbad, nsample, size?)`. */
  hypergeometric(...args: DistArgs<"hypergeometric">): NDArray | number {
    const a = bindDist("hypergeometric", args);
    const L = this.legacy;
    // NumPy checks the counts together before each one's constraint
    const p = convertAll([
      { value: a.ngood, name: "ngood", cons: "nonNegative", int: true },
      { value: a.nbad, name: "nbad", cons: "nonNegative", int: true },
      { value: a.nsample, name: "nsample", cons: L ? "gte1" : "nonNegative", int: true },
    ]);
    const [g, b, s] = broadcastValues("hypergeometric", p);
    const idx = Array.from({ length: g.length }, (_, i) => i);
    if (!L && idx.some((i) => g[i] >= 1e9 || b[i] >= 1e9)) {
      throw new RangeError("both ngood and nbad must be less than 1000000000");
    }
    if (idx.some((i) => g[i] + b[i] < s[i])) throw new RangeError("ngood + nbad < nsample");
    return drawChecked(this.#engine(), DIST_CODES.Hypergeometric, a.size, checked(p));
  }
  /** Logarithmic series draws with shape `p` (int64): `logseries(p, size?)`. */
  logseries(...args: DistArgs<"logseries">): NDArray | number {
    const a = bindDist("logseries", args);
    return this.dist(DIST_CODES.Logseries, a.size, [{ value: a.p, name: "p", cons: "unitLt1" }]);
  }
  /** Zipf draws with exponent `a` > 1 (int64): `zipf(a, size?)`. */
  zipf(...args: DistArgs<"zipf">): NDArray | number {
    const a = bindDist("zipf", args);
    return this.dist(DIST_CODES.Zipf, a.size, [{ value: a.a, name: "a", cons: this.legacy ? "legacyZipf" : "gt1" }]);
  }

  /**
   * Multinomial draws: counts of `n` trials over categories of
   * probabilities `pvals` (the last entry takes the rest), int64 of shape
   * size + [len(pvals)]: `multinomial(n, pvals, size?)`.
   */
  multinomial(...args: DistArgs<"multinomial">): NDArray {
    const a = bindDist("multinomial", args);
    const L = this.legacy;
    const parr = NDArray.wrap(contiguous(castTo(toOperand("multinomial", a.pvals, undefined, false), "float64")));
    if (L && parr.ndim === 0) throw new TypeError("pvals must be a 1-d sequence");
    if (L && parr.ndim > 1) throw new RangeError("object too deep for desired array");
    const d = parr.ndim ? parr.shape[parr.ndim - 1] : 0;
    if (!L && d === 0) {
      throw new RangeError(
        "pvals must have at least 1 dimension and the last dimension of pvals must be greater than 0.",
      );
    }
    const pv = parr.storage.data as Float64Array;
    check("pvals", "unit", pv, true, false);
    for (let off = 0; off < pv.length && d > 0; off += d) {
      if (kahanSum(pv.subarray(off, off + d - 1)) > 1.0 + 1e-12) {
        throw new RangeError(`sum(pvals${parr.ndim > 1 ? "[...,:-1]" : "[:-1]"}) > 1.0`);
      }
    }
    const n = convert({ value: a.n, name: "n", cons: "nonNegative", int: true });
    const rowsShape = parr.shape.slice(0, -1);
    let shape: number[];
    let ns: BigInt64Array, nstep = 0n, poff: BigInt64Array;
    if (!L && (n.arr !== null || parr.ndim > 1)) {
      check("n", "nonNegative", numbers(n), true, true);
      const it = broadcastShapes("multinomial", n.arr?.shape ?? [], rowsShape);
      const want = shapeOfSize(a.size);
      if (want && (broadcastShapesOrNull([it, want])?.join() !== want.join())) {
        throw new RangeError(
          `Output size ${pyTuple(want)} is not compatible with broadcast dimensions of inputs ${pyTuple(it)}.`,
        );
      }
      shape = want ?? it;
      const offsets = NDArray.wrap({
        storage: int64Range(sizeOf(rowsShape), d),
        layout: new View(rowsShape),
      });
      [ns, nstep] = kernelParam(n, shape) as [BigInt64Array, bigint];
      poff = kernelParam({ spec: n.spec, scalar: null, arr: offsets }, shape)[0] as BigInt64Array;
    } else {
      if (n.arr) throw new TypeError("multinomial: n must be an integer"); // RandomState's n is a C long
      check("n", "nonNegative", numbers(n), false, true);
      shape = shapeOfSize(a.size) ?? [];
      ns = BigInt64Array.of(BigInt(n.scalar as number));
      poff = new BigInt64Array(sizeOf(shape));
    }
    const count = d ? sizeOf(shape) : 0;
    const out = Storage.host("int64", sizeOf(shape) * d);
    const rc = K.dk_dist_multinomial(
      this.engineState(),
      this.#cache,
      this.engineCode(),
      out.bytes,
      BigInt(count),
      ns,
      nstep,
      pv,
      poff.length ? poff : new BigInt64Array(1),
      BigInt(d),
    );
    if (rc !== 0) throw new RangeError(`multinomial: ${lastError()}`);
    return new NDArray(out, new View([...shape, d]));
  }

  /** Dirichlet draws: probability vectors of concentrations `alpha`, of shape size + [len(alpha)]: `dirichlet(alpha, size?)`. */
  dirichlet(...args: DistArgs<"dirichlet">): NDArray {
    const a = bindDist("dirichlet", args);
    const arr = NDArray.wrap(contiguous(castTo(toOperand("dirichlet", a.alpha, undefined, false), "float64")));
    if (arr.ndim === 0) throw new TypeError("object of type 'float' has no len()");
    if (arr.ndim > 1) throw new RangeError("object too deep for desired array");
    const alpha = arr.storage.data as Float64Array, k = alpha.length;
    if (this.legacy ? alpha.some((v) => v <= 0) : alpha.some((v) => v < 0)) {
      throw new RangeError(this.legacy ? "alpha <= 0" : "alpha < 0");
    }
    const shape = [...(shapeOfSize(a.size) ?? []), k];
    const out = Storage.host("float64", sizeOf(shape));
    const rc = K.dk_dist_dirichlet(
      this.engineState(),
      this.engineCode(),
      out.data as Float64Array,
      BigInt(k ? sizeOf(shape) / k : 0),
      alpha.length ? alpha : new Float64Array(1),
      BigInt(k),
    );
    if (rc !== 0) throw new RangeError(`dirichlet: ${lastError()}`);
    return new NDArray(out, new View(shape));
  }

  /**
   * Multivariate normal draws with mean vector `mean` and covariance `cov`,
   * through NumPy's SVD factorization (the same standard normals, so values
   * equal NumPy's within float rounding), of shape size + [len(mean)]:
   * `multivariateNormal(mean, cov, size?, checkValid = "warn", tol = 1e-8)`.
   */
  multivariateNormal(...args: DistArgs<"multivariateNormal">): NDArray {
    const a = bindDist("multivariateNormal", args);
    const mean = NDArray.wrap(castTo(toOperand("multivariate_normal", a.mean, undefined, false), "float64"));
    const cov = NDArray.wrap(castTo(toOperand("multivariate_normal", a.cov, undefined, false), "float64"));
    if (mean.ndim !== 1) throw new RangeError("mean must be 1 dimensional");
    if (cov.ndim !== 2 || cov.shape[0] !== cov.shape[1]) throw new RangeError("cov must be 2 dimensional and square");
    if (mean.shape[0] !== cov.shape[0]) throw new RangeError("mean and cov must have same length");
    const n = mean.shape[0], finalShape = [...(shapeOfSize(a.size) ?? []), n];
    const z = this.dist(DIST_CODES.Normal, finalShape, [
      { value: 0, name: "loc", cons: "none" },
      { value: 1, name: "scale", cons: "none" },
    ]) as NDArray;
    const [u, s, vh] = svdOf(cov).map(rows) as [number[][], number[], number[][]];
    const c = rows(cov), m = mean.tolist() as number[];
    if (a.checkValid !== "ignore") {
      // NumPy's psd test: allclose((vh.T * s) @ vh, cov, rtol=tol, atol=tol)
      let psd = true;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let r = 0;
          for (let k = 0; k < n; k++) r += vh[k][i] * s[k] * vh[k][j];
          if (!(Math.abs(r - c[i][j]) <= a.tol + a.tol * Math.abs(c[i][j]))) psd = false;
        }
      }
      if (!psd) {
        if (a.checkValid === "raise") throw new RangeError("covariance is not symmetric positive-semidefinite.");
        console.warn("RuntimeWarning: covariance is not symmetric positive-semidefinite.");
      }
    }
    // the factor A with x = z @ A + mean: sqrt(s)[:, None] * vh (RandomState) or (u * sqrt(s)).T (Generator)
    const A = Array.from(
      { length: n },
      (_, k) =>
        Array.from({ length: n }, (_, j) => this.legacy ? Math.sqrt(s[k]) * vh[k][j] : u[j][k] * Math.sqrt(s[k])),
    );
    const zd = z.storage.data as Float64Array, out = new Float64Array(zd.length);
    for (let r = 0; r < zd.length / Math.max(n, 1); r++) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let k = 0; k < n; k++) acc += zd[r * n + k] * A[k][j];
        out[r * n + j] = this.legacy ? acc + m[j] : m[j] + acc;
      }
    }
    const st = Storage.host("float64", out.length, false);
    (st.data as Float64Array).set(out);
    return new NDArray(st, new View(finalShape));
  }

  /** `length` random bytes (NumPy's little-endian 32-bit words, truncated): `bytes(length)`. */
  bytes(...args: DistArgs<"bytes">): Uint8Array {
    const { length } = bindDist("bytes", args);
    if (length < 0) throw new RangeError("negative dimensions are not allowed");
    const words = this.words32(length ? Math.floor((length - 1) / 4) + 1 : 0);
    const out = new Uint8Array(words.length * 4), dv = new DataView(out.buffer);
    words.forEach((w, i) => dv.setUint32(4 * i, Number(w), true));
    return out.slice(0, length);
  }
}

/** int64 [0, step, 2 step, ...) of length n. */
function int64Range(n: number, step: number): Storage {
  const st = Storage.host("int64", Math.max(n, 1));
  const d = st.data as BigInt64Array;
  for (let i = 0; i < n; i++) d[i] = BigInt(i * step);
  return st;
}

/** NumPy's svd(cov): u, s, vh of a float64 matrix (LAPACK's gesdd, as NumPy). */
function svdOf(cov: NDArray): NDArray[] {
  return svd(contiguous(cov), false, true).map((x) => NDArray.wrap(x));
}

/** The Generator's own forms: `standardExponential` and `standardGamma` with dtype and out. */
export abstract class GeneratorDistributions extends Distributions {
  /**
   * Standard exponential draws, float64 or float32, by the ziggurat
   * (`method: "zig"`) or by inversion (`"inv"`), into `out` when given:
   * `standardExponential(size?, dtype = "float64", method = "zig", out?)`.
   */
  standardExponential(...args: DistArgs<"standardExponentialGen">): NDArray | number {
    const a = bindDist("standardExponentialGen", args);
    const inv = a.method === "inv", dt = floatDType(a.dtype, "standard_exponential");
    const dist = dt === "float64"
      ? (inv ? DIST_CODES.StdExpInv : DIST_CODES.StdExp)
      : (inv ? DIST_CODES.StdExpInvF : DIST_CODES.StdExpF);
    return this.dist(dist, a.size, [], a.out);
  }
  /**
   * Standard gamma draws with `shape`, float64 or float32 (NumPy's float
   * algorithm), into `out` when given: `standardGamma(shape, size?, dtype = "float64", out?)`.
   */
  standardGamma(...args: DistArgs<"standardGammaGen">): NDArray | number {
    const a = bindDist("standardGammaGen", args);
    const dist = floatDType(a.dtype, "standard_gamma") === "float64" ? DIST_CODES.StdGamma : DIST_CODES.StdGammaF;
    return this.dist(dist, a.size, [{ value: a.shape, name: "shape", cons: "nonNegative" }], a.out);
  }
}
