/**
 * The registry test's machinery: walks every op declaration with an np or
 * torch face, builds sample arguments for each overload's parameters
 * (generic samples by kind and name, a small override table where they do
 * not fit), and turns them into calls in every call form (all positional,
 * all options, each positional prefix with the rest as options, spread
 * varargs; as a function, a method and an in-place twin) together with the
 * same call written in Python for the oracle (tests/helpers/oracle.py).
 */
import type { OpDecl, Overload, Surface } from "../../src/api/define.ts";
import type { Param } from "../../src/api/signature.ts";
import { NP_LINALG, TORCH_LINALG } from "../../src/api/ops/linalg.ts";
import { LINALG_COMPOSITES } from "../../src/torch/ops/linalg.ts";
import { LINALG_EXTRA_FNS } from "../../src/torch/ops/linalg_extra.ts";
import { NP_LINALG_EXTRA } from "../../src/api/ops/linalg_extra.ts";
import { SPECIAL_FNS } from "../../src/api/ops/special.ts";
import { SPECIAL_BESSEL_FNS } from "../../src/api/ops/special_bessel.ts";
import { SPECIAL_POLYNOMIAL_FNS } from "../../src/api/ops/special_polynomials.ts";
import { NP_LINALG_MORE } from "../../src/api/ops/linalg_more.ts";
import { NP_LINALG_ALIASES } from "../../src/api/ops/np_misc.ts";
import { LINALG_MORE_FNS } from "../../src/torch/ops/linalg_more.ts";
import { np, torch } from "../../mod.ts";
import { NP_OPS } from "../../src/numpy/ndarray.ts";
import { TORCH_OPS } from "../../src/torch/tensor.ts";
import { build, buildT, type Case, type Input, randomInput, rng } from "../helpers/oracle.ts";

/** Front-end key. */
export type Fe = "np" | "torch";

/** A sample argument: an array, a list of arrays, a JS literal, or a value written differently on each side. */
export type V =
  | Arr
  | readonly Arr[]
  | number
  | boolean
  | string
  | null
  | readonly unknown[]
  | Raw;
/** An array argument (built fresh for every call). */
export interface Arr {
  readonly $: "arr";
  readonly input: Input;
}
/** A value given as its TypeScript value and its Python text. */
export interface Raw {
  readonly $: "raw";
  readonly ts: () => unknown;
  readonly py: string;
}

const R = rng(9);
/** An array of a dtype and shape: random data, or the given values. */
export function arr(dtype: string, shape: number[], data?: (number | boolean)[]): Arr {
  const input = data ? { data, dtype, shape } : randomInput(R, dtype, shape);
  if (!data && (dtype === "float32" || dtype === "float64")) {
    // small values with few digits: float32 transcendental results stay within tolerance
    // (+ 0 turns -0 into 0: JSON, which carries the data to Python, has no -0)
    input.data = input.data.map((v) => Math.round((v as number) * 25) / 100 + 0);
  }
  return { $: "arr", input };
}
/** A value written differently in TS and Python. */
export const raw = (ts: () => unknown, py: string): Raw => ({ $: "raw", ts, py });
const isArr = (v: unknown): v is Arr => typeof v === "object" && v !== null && (v as Arr).$ === "arr";
const isRaw = (v: unknown): v is Raw => typeof v === "object" && v !== null && (v as Raw).$ === "raw";

// ---------- what is tested, and the overrides ----------

/** One op's face in one namespace. */
export interface Face {
  /** "np", "np.linalg", "torch", "torch.linalg". */
  readonly ns: string;
  readonly fe: Fe;
  readonly decl: OpDecl;
  readonly surface: Surface;
}

/** Every declared op with an np or torch face (np.linalg and torch.linalg included). */
export function faces(): Face[] {
  const out: Face[] = [];
  const add = (ns: string, fe: Fe, decls: Iterable<OpDecl>) => {
    for (const decl of decls) {
      const surface = decl[fe];
      if (surface) out.push({ ns, fe, decl, surface });
    }
  };
  add("np", "np", NP_OPS.values());
  add("torch", "torch", TORCH_OPS.values());
  add("np.linalg", "np", Object.values({ ...NP_LINALG, ...NP_LINALG_EXTRA, ...NP_LINALG_MORE, ...NP_LINALG_ALIASES }));
  add(
    "torch.linalg",
    "torch",
    Object.values({ ...TORCH_LINALG, ...LINALG_COMPOSITES, ...LINALG_EXTRA_FNS, ...LINALG_MORE_FNS }),
  );
  add("torch.special", "torch", Object.values({ ...SPECIAL_FNS, ...SPECIAL_BESSEL_FNS, ...SPECIAL_POLYNOMIAL_FNS }));
  return out;
}

/** How one op (or one overload of it: key `ns.op#i`) departs from the generic samples. */
export interface Override {
  /** Sample values by parameter name (replacing the generic ones; `undefined` leaves a parameter out). */
  readonly args?: Record<string, V | undefined>;
  /** dtypes of the first array argument (the first is the main one). */
  readonly dtypes?: readonly string[];
  /** Shape of the first array argument. */
  readonly shape?: readonly number[];
  /** Compare only the shape and dtype (uninitialized memory). */
  readonly shapeOnly?: boolean;
  /** Python's names where they are not the snake_case of ours (aliases whose Python twin differs). */
  readonly pyNames?: Record<string, string>;
  /** Python's keyword for a parameter (when PyTorch's differs by overload), for functions / for methods. */
  readonly pyKw?: Record<string, string>;
  readonly pyMethodKw?: Record<string, string>;
  /** Writes the Python call itself (`get`, `set`): the receiver's and the arguments' Python texts. */
  readonly pyCall?: (self: string, args: Record<string, string>) => string;
  /** pyCall for the method forms only (the function forms are written generically). */
  readonly pyMethodCall?: (self: string, args: Record<string, string>) => string;
  /** A list parameter Python takes as `*args` (np.meshgrid's xi): always passed spread. */
  readonly pySplat?: string;
  /** Python rejects a positional None for `out` here (a NumPy quirk): pass what follows it by keyword. */
  readonly pyOutByKeyword?: boolean;
  /** A transformation of both results before comparing (signs of singular vectors). */
  readonly post?: { ts: (r: unknown) => unknown; py: (expr: string) => string };
  /** Seeds both generators before the call (torch's random ops, compared stream for stream). */
  readonly seeded?: boolean;
  /** Tolerance. */
  readonly tol?: { rtol?: number; atol?: number };
  /** The reason an op is not tested at all. */
  readonly exclude?: string;
}

const f64 = (shape: number[], data?: number[]) => arr("float64", shape, data);
const f32 = (shape: number[], data?: number[]) => arr("float32", shape, data);
const i64 = (shape: number[], data: number[]) => arr("int64", shape, data);
const bools = (shape: number[], data: boolean[]) => arr("bool", shape, data);
/** A symmetric positive definite 3x3 matrix. */
const SPD = [4, 1, 0.5, 1, 3, 0.25, 0.5, 0.25, 2];
const TFLOATS = ["float32", "float64"];
const RANDOM = { seeded: true, dtypes: TFLOATS } as const;
const INTS = ["int64", "bool", "uint8", "int32"];
/** Singular and eigen vectors are defined up to sign: compare their absolute values. */
const absAt = (...at: number[]): Override["post"] => ({
  ts: (r) => Array.isArray(r) ? r.map((x, i) => (at.includes(i) ? (x as { abs(): unknown }).abs() : x)) : r,
  py: (e) =>
    `(lambda r: tuple(abs(x) if i in ${
      JSON.stringify(at)
    } else x for i, x in enumerate(r)) if isinstance(r, tuple) else r)(${e})`,
});
const np1 = (names: string[], o: Override) => Object.fromEntries(names.map((n) => [n, o]));
/** einsum's Python call: the equation and the operands go by position only (`einsum(*operands, **kwargs)`). */
const EINSUM_PY = (fn: string, eq: string) => (_: string, a: Record<string, string>) =>
  `${fn}(${a[eq]}, *${a.operands}${
    Object.entries(a).filter(([k, v]) => k !== eq && k !== "operands" && v !== "None").map(([k, v]) => `, ${k}=${v}`)
      .join("")
  })`;
/** Data with NaNs (the NaN-ignoring statistics). */
const WITH_NANS = [1.5, NaN, -2, 4, 0.25, NaN];
const SETITEM = (s: string, a: Record<string, string>) => `(${s}.__setitem__(np.s_[${a.index}], ${a.value}), ${s})[1]`;

/**
 * Where the generic samples do not fit, keyed by `ns.op` (the declaration's
 * name) or `ns.op#overload`.
 */
export const OVERRIDES: Record<string, Override> = {
  // ---- not compared ----
  "torch._viewScatter": { exclude: "internal (derivatives only): takes View objects" },
  "torch._viewGather": { exclude: "internal (derivatives only): takes View objects" },
  "torch._indexPutAcc": { exclude: "internal (derivatives only)" },
  "torch.cuda": { exclude: "needs a CUDA device (the CUDA backend's tests cover it)" },
  "np.empty": { shapeOnly: true },
  "np.emptyLike": { shapeOnly: true },
  "torch.empty": { shapeOnly: true },
  "torch.emptyLike": { shapeOnly: true },
  "torch.newEmpty": { shapeOnly: true },
  // ---- torch's random ops: PyTorch's streams for the same seed ----
  "torch.rand": RANDOM,
  "torch.randn": RANDOM,
  "torch.randint": { seeded: true, args: { low: 2, high: 9, size: [3, 2] } },
  "torch.randperm": { seeded: true, args: { n: 7 } },
  "torch.normal#0": { ...RANDOM, args: { size: [3, 2] } },
  "torch.normal#1": { ...RANDOM, args: { std: f32([2, 3], [1, 2, 0.5, 3, 1, 2]) } },
  "torch.bernoulli": { ...RANDOM, args: { input: f32([2, 3], [0.1, 0.9, 0.5, 0.3, 0.7, 0]) } },
  "torch.multinomial": { ...RANDOM, args: { input: f32([2, 3], [1, 2, 3, 0.5, 0, 4]) } },
  "torch.uniform_": RANDOM,
  "torch.normal_": RANDOM,
  "torch.bernoulli_": RANDOM,
  "torch.exponential_": RANDOM,
  "torch.cauchy_": RANDOM,
  "torch.logNormal_": RANDOM,
  "torch.geometric_": { ...RANDOM, args: { p: 0.3 } },
  "torch.random_": { seeded: true, dtypes: ["int64", "float32", "uint8"] },
  "torch.random_#2": { seeded: true, dtypes: ["int64", "float32", "uint8"], args: { from: 1, to: 7 } },
  "torch.randintLike": { seeded: true, args: { low: 2, high: 9 } },
  "torch.poisson": { ...RANDOM, args: { input: f32([2, 3], [1, 2, 0.5, 3, 0, 4]) } },
  "torch.binomial": {
    ...RANDOM,
    args: { count: f32([2, 3], [5, 10, 0, 40, 3, 100]), prob: f32([2, 3], [0.5, 0.2, 0.5, 0.7, 1, 0.05]) },
  },
  "torch.randLike": RANDOM,
  "torch.randnLike": RANDOM,
  // ---- np: element-wise ----
  ...np1(
    ["isnan", "isinf", "isfinite", "signbit", "logicalNot", "equal", "notEqual", "less", "lessEqual", "greater"]
      .concat(["greaterEqual", "logicalAnd", "logicalOr", "logicalXor"]).map((n) => `np.${n}`),
    { args: { dtype: "bool" } },
  ),
  ...np1(["np.invert", "np.bitwiseAnd", "np.bitwiseOr", "np.bitwiseXor"], { dtypes: INTS, args: { dtype: "int64" } }),
  ...np1(["np.gcd", "np.lcm"], { dtypes: INTS, args: { dtype: "int64" } }),
  // ---- src/api/ops/special.ts: shifts and bit counts on integers (bool: NumPy's int8, uint8 here) ----
  ...np1(["np.bitwiseLeftShift", "np.bitwiseRightShift"], { dtypes: INTS, args: { dtype: "int64" } }),
  "np.bitwiseCount": { dtypes: INTS, args: { dtype: "uint8" } },
  ...np1(["torch.bitwiseLeftShift", "torch.bitwiseRightShift"], { dtypes: ["int64", "uint8", "int32"] }),
  ...np1(["np.correlate", "np.convolve"], { shape: [5], args: { v: f64([3], [1, -2, 0.5]) } }),
  "np.interp": { args: { xp: f64([4], [0, 1, 2.5, 4]), fp: f64([4], [1, -1, 3, 0.5]) } },
  ...np1(["torch.invert", "torch.bitwiseAnd", "torch.bitwiseOr", "torch.bitwiseXor"], { dtypes: INTS }),
  // ---- np: reductions, shapes, indexing ----
  "np.clip": { pyMethodKw: { aMin: "min", aMax: "max" } },
  "np.var": { args: { correction: undefined } },
  "np.std": { args: { correction: undefined } },
  "np.all": { pyOutByKeyword: true },
  "np.any": { pyOutByKeyword: true },
  "np.expand": { args: { shape: [2, 2, 3] } },
  "np.hsplit": { args: { indicesOrSections: 3 } },
  "np.dsplit": { shape: [2, 2, 4] },
  "np.take": { args: { indices: i64([2, 2], [0, 2, 1, 0]) } },
  "np.takeAlongAxis": { args: { indices: i64([2, 3], [0, 2, 1, 1, 0, 2]) } },
  "np.sort": { args: { stable: undefined } },
  "np.sortInPlace": { args: { stable: undefined } },
  "np.argsort": { args: { stable: undefined } },
  "np.unique": { args: { axis: undefined } },
  // NumPy's dispatcher takes x by position only, whatever the TS call form
  "np.uniqueAll": { pyCall: (_, a) => `tuple(np.unique_all(${a.x}))` },
  "np.uniqueCounts": { pyCall: (_, a) => `tuple(np.unique_counts(${a.x}))` },
  "np.uniqueInverse": { pyCall: (_, a) => `tuple(np.unique_inverse(${a.x}))` },
  "np.searchsorted": { args: { a: f64([4], [-1, 0.5, 0.5, 2]) } },
  // ---- statistics (src/api/ops/stats.ts, src/torch/ops/stats.ts): NaNs in the data, q in range ----
  ...np1(["np.nansum", "np.nanprod", "np.nanmean"], { args: { a: f64([2, 3], WITH_NANS) } }),
  ...np1(["np.nanvar", "np.nanstd"], { args: { a: f64([2, 3], WITH_NANS), correction: undefined } }),
  "np.quantile": { args: { q: f64([2], [0.25, 0.8]) } },
  "np.percentile": { args: { q: f64([2], [25, 80]) } },
  "np.nanquantile": { args: { a: f64([2, 3], WITH_NANS), q: f64([2], [0.25, 0.8]) } },
  "np.nanpercentile": { args: { a: f64([2, 3], WITH_NANS), q: f64([2], [25, 80]) } },
  "np.histogram": { args: { bins: 4, range: raw(() => [-5, 5], "(-5, 5)") } },
  "np.histogramBinEdges": { args: { bins: "fd", weights: null } },
  "np.histogram2d": { args: { x: f64([6]), y: f64([6]), bins: 3, weights: f64([6]) } },
  "np.histogramdd": { args: { sample: f64([6, 2]), bins: 3, weights: f64([6]) } },
  "torch.histogramdd": { args: { input: f32([6, 2]), bins: 3, weight: f32([6]) } },
  "np.bincount": { args: { x: i64([5], [0, 2, 2, 5, 1]), weights: f64([5]), minlength: 7 } },
  "np.digitize": { args: { bins: f64([4], [-1, 0.5, 0.5, 2]) } },
  "torch.bincount": { args: { input: i64([5], [0, 2, 2, 5, 1]), weights: f32([5]), minlength: 7 } },
  "torch.bucketize": { args: { boundaries: f32([4], [-1, 0.5, 0.5, 2]) } },
  "torch.histc": { args: { bins: 7, min: -5, max: 5 } },
  "torch.histogram": { args: { bins: 4, range: raw(() => [-5, 5], "(-5.0, 5.0)") } },
  "torch.nansum": { args: { input: f32([2, 3], WITH_NANS) } },
  "torch.nanmean": { args: { input: f32([2, 3], WITH_NANS) } },
  "torch.quantile": { args: { q: f32([2], [0.25, 0.8]), interpolation: "midpoint" } },
  "torch.nanquantile": { args: { input: f32([2, 3], WITH_NANS), q: f32([2], [0.25, 0.8]), interpolation: "nearest" } },
  "np.copyto": {
    args: { dst: f64([2, 3]), src: f32([3]), where: bools([2, 3], [true, false, true, false, true, true]) },
  },
  "np.fill": { pyCall: (s, a) => `(${s}.fill(${a.value}), ${s})[1]` },
  "np.get": {
    args: { index: raw(() => [1, np.slice(null, null, -1)], "1, ::-1") },
    pyCall: (s, a) => `${s}[${a.index}]`,
  },
  "np.set": { args: { index: raw(() => [0, np.slice(1)], "0, 1:"), value: 5 }, pyCall: SETITEM },
  // ---- np: creation and the rest ----
  "np.array": { args: { copy: true } },
  "np.linspace": { args: { axis: 0 } },
  "np.logspace": { args: { axis: 0 } },
  "np.meshgrid": { args: { xi: [f64([3]), f64([2])] }, pySplat: "xi" },
  "np.frombuffer": {
    args: {
      buffer: raw(() => new Float64Array([1, 2, 3, 4]).buffer, "np.array([1., 2., 3., 4.]).tobytes()"),
      count: 2,
      offset: 8,
    },
  },
  "np.promoteTypesNp": { args: { type1: "int32", type2: "float32" } },
  "np.resultTypeNp": { args: { arraysAndDtypes: [f32([2]), "int32", 1.5, true] }, pySplat: "arraysAndDtypes" },
  "np.astype": { args: { order: undefined, casting: undefined, subok: undefined } },
  "np.matmul": { args: { x2: f64([3, 2]) } },
  "np.dot": { args: { b: f64([3, 2]) } },
  "np.inner": { args: { b: f64([4, 3]) } },
  "np.einsum": {
    args: { subscripts: "ij,kj->ik", operands: [f64([2, 3]), f64([4, 3])] },
    pyCall: EINSUM_PY("np.einsum", "subscripts"),
  },
  "np.tensordot": { args: { axes: [[1], [1]] } },
  // ---- np.linalg ----
  // a well-conditioned matrix with a negative determinant (a random one can be near-singular, where float32
  // results differ from NumPy's by their rounding)
  ...np1(["np.linalg.inv", "np.linalg.det", "np.linalg.slogdet"], {
    args: { a: f64([3, 3], [4, 1, -2, 2, -3, 1, 0, 1, 5]) },
  }),
  "np.linalg.solve": { shape: [3, 3], args: { b: f64([3, 2]) } },
  "np.linalg.cholesky": { args: { a: f64([3, 3], SPD) } },
  "np.linalg.eigh": { args: { a: f64([3, 3], SPD) }, post: absAt(1) },
  "np.linalg.eigvalsh": { args: { a: f64([3, 3], SPD) } },
  "np.linalg.svd": { args: { hermitian: undefined }, post: absAt(0, 2) },
  // ---- torch ----
  "torch.divide": { pyNames: { trueDivide: "div", trueDivide_: "div_" } },
  "torch.power": { pyKw: { other: "exponent" }, pyMethodKw: { other: "exponent" } },
  "torch.asarray": { pyNames: { asTensor: "asarray" }, pyKw: { data: "obj" } },
  "torch.to#2": { pyMethodKw: { other: "tensor" } },
  "torch.canCast": { pyKw: { from: "from_" } },
  "torch.resultType": { pyKw: { tensor1: "tensor", tensor2: "other" } },
  "torch.var#2": { args: { unbiased: undefined } },
  "torch.std#2": { args: { unbiased: undefined } },
  "torch.varMean": { args: { unbiased: undefined } },
  "torch.stdMean": { args: { unbiased: undefined } },
  // PyTorch names the int form `sections`
  "torch.hsplit": { args: { indicesOrSections: 3 }, pyKw: { indicesOrSections: "sections" } },
  "torch.vsplit": { pyKw: { indicesOrSections: "sections" } },
  "torch.dsplit": { shape: [2, 2, 4], pyKw: { indicesOrSections: "sections" } },
  "torch.cov": { args: { fweights: i64([3], [1, 2, 1]), aweights: f32([3], [0.5, 1, 2]) } },
  "torch.permute": { args: { dims: [1, 0] } },
  "torch.repeat": { args: { repeats: [2, 1] } },
  "torch.tile": { args: { dims: [2, 1] } },
  "torch.expand": { args: { size: [2, 2, 3] } },
  "torch.split": { pyMethodKw: { splitSizeOrSections: "split_size" } },
  "torch.arraySplit": { pyKw: { indicesOrSections: "sections" } },
  "torch.arraySplit#1": { args: { tensorIndicesOrSections: i64([2], [1, 2]) } },
  "torch.repeatInterleave#1": { shape: [2, 3], args: { repeats: i64([2], [1, 2]), dim: 0, outputSize: 3 } },
  "torch.repeatInterleave#2": { args: { repeats: i64([3], [2, 0, 1]), outputSize: 3 } },
  "torch.copy_": { pyKw: { src: "other" }, pyMethodKw: { src: "other" } },
  "torch.indexPut": { args: { indices: [i64([2], [0, 1]), i64([2], [2, 0])], values: f32([2], [5, 6]) } },
  "torch.take": { args: { index: i64([2, 2], [0, 5, 2, 1]) } },
  "torch.gather": { args: { index: i64([2, 2], [0, 2, 1, 0]) } },
  "torch.scatter": { args: { index: i64([2, 2], [0, 2, 1, 0]) } },
  "torch.scatterAdd": { args: { index: i64([2, 2], [0, 2, 1, 0]) } },
  "torch.indexSelect": { args: { index: i64([2], [2, 0]) } },
  "torch.indexAdd": { args: { index: i64([2], [2, 0]), source: f32([2, 2]) } },
  "torch.indexCopy": { args: { index: i64([2], [2, 0]), source: f32([2, 2]) } },
  "torch.indexFill": { args: { index: i64([2], [2, 0]), value: 2.5 } },
  "torch.maskedFill": { args: { value: 2 } },
  "torch.fill": { args: { value: 2 } },
  "torch.item": { shape: [1] },
  "torch.searchsorted": { args: { sortedSequence: f32([4], [-1, 0.5, 0.5, 2]), right: undefined } },
  "torch.unique": { args: { dim: undefined } },
  "torch.meshgrid": { args: { tensors: [f32([3]), f32([2])] } },
  "torch.matmul": { args: { other: f32([3, 2]) } },
  "torch.mm": { args: { mat2: f32([3, 2]) } },
  "torch.mv": { args: { vec: f32([3]) } },
  "torch.bmm": { shape: [2, 2, 3], args: { mat2: f32([2, 3, 2]) } },
  "torch.dot": { shape: [3] },
  "torch.outer": { shape: [3], args: { vec2: f32([4]) } },
  "torch.addmm": { shape: [2, 2], args: { mat1: f32([2, 3]), mat2: f32([3, 2]) } },
  "torch.einsum": {
    args: { equation: "ij,kj->ik", operands: [f32([2, 3]), f32([4, 3])] },
    pyCall: EINSUM_PY("torch.einsum", "equation"),
  },
  "torch.tensordot": { args: { dims: [[1], [1]] } },
  "torch.frombuffer": {
    args: {
      buffer: raw(() => new Float64Array([1, 2, 3, 4]).buffer, "bytearray(np.array([1., 2., 3., 4.]).tobytes())"),
      count: 2,
      offset: 8,
    },
  },
  "torch.svd": { post: absAt(0, 2) },
  // distinct values: which of equal values kthvalue's index names is its selection algorithm's choice
  "torch.kthvalue": { args: { input: f32([2, 3], [5, -1, 2, 3, 1, -2]) } },
  "torch.get": {
    args: { index: raw(() => [np.slice(null, null, 2), 1], "::2, 1") },
    pyCall: (s, a) => `${s}[${a.index}]`,
  },
  "torch.set": { args: { index: raw(() => [np.slice(null, null, 2), 1], "::2, 1"), value: 5 }, pyCall: SETITEM },
  // ---- torch.linalg ----
  // float32 random 3x3 samples can be near-singular: LU's rounding grows with the condition number
  ...np1(["torch.linalg.inv", "torch.linalg.det", "torch.linalg.slogdet"], { shape: [3, 3], tol: { rtol: 1e-4 } }),
  // XA = B with left: false needs B's columns to match A
  "torch.linalg.solve": { shape: [3, 3], args: { B: f32([3, 3]) } },
  // PyTorch calls these one's matrix `input` (ours `A`, with `input` as an alias)
  "torch.linalg.cholesky": { args: { A: f32([3, 3], SPD) }, pyKw: { A: "input" } },
  "torch.linalg.eigh": { args: { A: f32([3, 3], SPD) }, post: absAt(1), pyKw: { A: "input" } },
  "torch.linalg.eigvalsh": { args: { A: f32([3, 3], SPD) }, pyKw: { A: "input" } },
  "torch.linalg.svd": { post: absAt(0, 2) },
  // geqrf's shapes: Q's reflectors (m >= n), tau of min(m, n); other square so both sides fit
  "torch.orgqr": { args: { input: f32([3, 2]), input2: f32([2]) } },
  "torch.ormqr": { args: { input: f32([3, 2]), input2: f32([2]), input3: f32([3, 3]) } },
  "torch.cholesky": { args: { input: f32([3, 3], SPD) } },
  // the small SVD's signs are LAPACK's choice (PyTorch's MKL, dendrite's OpenBLAS)
  "torch.svdLowrank": { post: absAt(0, 2) },
  // centered 3x3 has rank 2: q = 2 spans its whole range, so the result does not depend on the draws
  "torch.pcaLowrank": { args: { A: f32([3, 3]), q: 2 }, post: absAt(0, 2) },
  // a given X makes both sides start alike (m >= 3 n); eigenvector signs are eigh's (LAPACK's) choice
  "torch.lobpcg": {
    args: {
      A: f64([12, 12], Array.from({ length: 144 }, (_, i) => (i % 13 === 0 ? 1 + i / 13 : 0))),
      X: f64([12, 2]),
      n: null,
      iK: null,
      niter: 3,
      tol: null,
      method: "basic",
    },
    dtypes: ["float64"],
    pyKw: { iK: "iK" },
    post: absAt(1),
    tol: { rtol: 1e-9, atol: 1e-9 },
  },
  "torch.linalg.pinv": { args: { hermitian: undefined }, pyKw: { A: "input" } },
  "torch.linalg.matrixNorm": { args: { dim: [0, 1] }, pyKw: { A: "input" } },
  // ---- src/api/ops/index_extra.ts ----
  "torch.unfold": { args: { dimension: -1, size: 2, step: 1 } },
  "torch.asStrided": { args: { size: [2, 2], stride: [1, 2], storageOffset: 1 } },
  "torch.rot90": { args: { k: 3, dims: [1, 0] } },
  // one list is one array-like to NumPy (overload #0): only spread arrays reach #1 (tests/api/index_extra_test.ts)
  ...np1(["np.atleast1d#1", "np.atleast2d#1", "np.atleast3d#1"], { exclude: "spread arrays only" }),
  ...np1(["torch.atleast1d#1", "torch.atleast2d#1", "torch.atleast3d#1"], { pySplat: "tensors" }),
  "torch.blockDiag": { pySplat: "tensors" },
  "np.broadcastArrays": { pySplat: "args", args: { args: [f64([2, 1]), f64([3])] } },
  "torch.broadcastArrays": { pySplat: "tensors", args: { tensors: [f32([2, 1]), f32([3])] } },
  "np.broadcastShapes": { pySplat: "args", args: { args: raw(() => [[2, 1], 3], "[(2, 1), 3]") } },
  "torch.broadcastShapes": { pySplat: "shapes", args: { shapes: raw(() => [[2, 1], 3], "[(2, 1), 3]") } },
  "torch.maskedScatter": {
    args: { mask: bools([3], [true, false, true]), source: f32([2, 3]) },
  },
  "torch.cartesianProd": { args: { tensors: [f32([3]), f32([2])] }, pySplat: "tensors" },
  "torch.trilIndices": { args: { row: 3, col: 4, offset: -1, dtype: "int32" } },
  "torch.triuIndices": { args: { row: 3, col: 4, offset: -1, dtype: "int32" } },
  "np.unravelIndex": { args: { indices: i64([2, 2], [0, 5, 11, 7]), shape: [3, 4] } },
  "torch.unravelIndex": { args: { indices: i64([2, 2], [0, 5, 11, -7]), shape: [3, 4] } },
  "np.ravelMultiIndex": { args: { multiIndex: [i64([3], [0, 2, 1]), i64([3], [3, 0, 2])], dims: [3, 4] } },
  "torch.takeAlongDim": { args: { indices: i64([2, 1], [0, 2]) } },
  "np.put": { args: { a: f64([2, 3]), ind: i64([2], [0, 4]), v: f64([2], [7, -1]) } },
  ...np1(["np.union1d", "np.intersect1d", "np.setdiff1d", "np.setxor1d"], {
    args: { ar1: f64([2, 3], [1, 2, 2, 3, 5, -1]), ar2: f64([4], [2, 5, 7, 1]) },
  }),
  "np.isin": { args: { element: f64([2, 3], [1, 2, 2, 3, 5, -1]), testElements: f64([4], [2, 5, 7, 1]) } },
  "torch.isin": { args: { elements: f32([2, 3], [1, 2, 2, 3, 5, -1]), testElements: f32([4], [2, 5, 7, 1]) } },
  // ---- src/api/ops/linalg_extra.ts, src/torch/ops/linalg_extra.ts ----
  "torch.scatterReduce": { args: { index: i64([2, 2], [0, 2, 1, 0]), reduce: "amax" } },
  "torch.addbmm": { shape: [2, 2], args: { batch1: f32([2, 2, 3]), batch2: f32([2, 3, 2]) } },
  "torch.baddbmm": { shape: [2, 2, 2], args: { batch1: f32([2, 2, 3]), batch2: f32([2, 3, 2]) } },
  "torch.addmv": { shape: [2], args: { mat: f32([2, 3]), vec: f32([3]) } },
  "torch.addr": { shape: [2, 3], args: { vec1: f32([2]), vec2: f32([3]) } },
  "torch.chainMatmul": { args: { matrices: [f32([2, 3]), f32([3, 4]), f32([4, 2])] }, pySplat: "matrices" },
  "torch.vdot": { shape: [3] },
  "torch.logdet": { shape: [3, 3], tol: { rtol: 1e-4 } },
  "torch.put": { args: { index: i64([2], [0, -1]), source: f32([2]) } },
  "torch.indexReduce": { args: { index: i64([2], [2, 0]), source: f32([2, 2]), reduce: "amax" } },
  "torch.matrixExp": { shape: [3, 3], tol: { rtol: 1e-4, atol: 1e-5 } },
  "torch.linalg.matrixExp": { shape: [2, 3, 3], tol: { rtol: 1e-4, atol: 1e-5 }, pyKw: { A: "input" } },
  "torch.linalg.multiDot": { args: { tensors: [f32([3]), f32([3, 4]), f32([4, 2])] } },
  "np.linalg.multiDot": { args: { arrays: [f64([2, 3]), f64([3, 4]), f64([4, 2])] } },
  // ---- src/api/ops/linalg_more.ts, src/torch/ops/linalg_more.ts ----
  "np.linalg.lstsq": { args: { a: f64([4, 3]), b: f64([4, 2]) } },
  "np.linalg.matrixPower": { args: { a: f64([3, 3], SPD), n: 3 } },
  "np.linalg.cond": { args: { x: f64([3, 3], SPD) } },
  "np.linalg.tensorsolve": { args: { a: f64([3, 1, 3], SPD), b: f64([3, 1]) } },
  "np.linalg.tensorinv": { args: { a: f64([3, 3, 1], SPD), ind: 1 } },
  ...np1(["np.linalg.matrixNorm", "np.linalg.svdvals", "np.linalg.trace", "np.linalg.diagonal"], { shape: [2, 3, 4] }),
  "np.linalg.outer": { args: { x1: f64([3]), x2: f64([2]) } },
  ...np1(["np.linalg.vecdot", "np.linalg.cross"], { args: { x1: f64([2, 3]), x2: f64([3]) } }),
  ...np1(["torch.linalg.luFactor", "torch.linalg.luFactorEx", "torch.linalg.lu", "torch.linalg.invEx"], {
    args: { A: f32([3, 3], SPD) },
    tol: { rtol: 1e-4, atol: 1e-6 },
  }),
  ...np1(["torch.linalg.choleskyEx", "torch.linalg.cond", "torch.linalg.matrixRank"], {
    args: { A: f32([3, 3], SPD) },
    pyKw: { A: "input" },
    tol: { rtol: 1e-4, atol: 1e-6 },
  }),
  "torch.linalg.matrixPower": { args: { A: f32([3, 3], SPD), n: 3 }, pyKw: { A: "input" }, tol: { rtol: 1e-4 } },
  "torch.linalg.solveTriangular": {
    args: { A: f32([3, 3], SPD), B: f32([3, 2]), upper: true },
    pyKw: { A: "input" },
    tol: { rtol: 1e-4, atol: 1e-6 },
  },
  "torch.linalg.luSolve": {
    args: { LU: f32([3, 3], SPD), pivots: arr("int32", [3], [1, 2, 3]), B: f32([3, 2]) },
    tol: { rtol: 1e-4, atol: 1e-6 },
  },
  "torch.linalg.lstsq": {
    args: { A: f32([4, 3]), B: f32([4, 2]) },
    pyKw: { A: "input", B: "b" },
    tol: { rtol: 1e-3, atol: 1e-5 },
  },
  "torch.linalg.tensorinv": { args: { A: f32([3, 3, 1], SPD), ind: 1 }, pyKw: { A: "input" }, tol: { rtol: 1e-4 } },
  "torch.linalg.tensorsolve": {
    args: { A: f32([3, 1, 3], SPD), B: f32([3, 1]) },
    pyKw: { A: "input", B: "other" },
    tol: { rtol: 1e-4, atol: 1e-6 },
  },
  "torch.linalg.vander": { args: { x: f32([3]) } },
  "torch.linalg.vecdot": { args: { x: f32([2, 3]), y: f32([3]) } },
  ...np1(["torch.det", "torch.inverse", "torch.slogdet", "torch.lu"], {
    args: { input: f32([3, 3], SPD) },
    tol: { rtol: 1e-4, atol: 1e-6 },
  }),
  "torch.matrixPower": { args: { input: f32([3, 3], SPD), n: 2 }, tol: { rtol: 1e-4 } },
  "torch.choleskySolve": {
    args: { input: f32([3, 2]), input2: f32([3, 3], [2, 0, 0, 1, 1.5, 0, -0.5, 0.25, 3]) },
    tol: { rtol: 1e-4, atol: 1e-6 },
  },
  "torch.choleskyInverse": {
    args: { input: f32([3, 3], [2, 0, 0, 1, 1.5, 0, -0.5, 0.25, 3]) },
    tol: { rtol: 1e-4, atol: 1e-6 },
  },
  "torch.qr": { shape: [4, 3], post: absAt(0, 1), tol: { rtol: 1e-4, atol: 1e-6 } },
  "torch.pinverse": { shape: [4, 3], tol: { rtol: 1e-4, atol: 1e-6 } },
  "torch.luSolve": {
    args: { input: f32([3, 2]), LUData: f32([3, 3], SPD), LUPivots: arr("int32", [3], [1, 2, 3]) },
    pyKw: { LUData: "LU_data", LUPivots: "LU_pivots" },
    tol: { rtol: 1e-4, atol: 1e-6 },
  },
  "torch.luUnpack": {
    args: { LUData: f32([3, 3], SPD), LUPivots: arr("int32", [3], [2, 3, 3]) },
    pyKw: { LUData: "LU_data", LUPivots: "LU_pivots" },
  },
  "torch.triangularSolve": {
    args: { input: f32([2, 3, 2]), A: f32([3, 3], SPD) },
    tol: { rtol: 1e-4, atol: 1e-6 },
  },
  "torch.newTensor": { args: { data: raw(() => [[1, 2.5], [3, 4]], "[[1, 2.5], [3, 4]]") } },
  // ---- src/api/ops/manip_extra.ts ----
  "np.pad": {
    args: { padWidth: raw(() => [[1, 4], [2, 0]], "[[1, 4], [2, 0]]"), mode: "reflect", reflectType: "odd" },
  },
  "np.insert": { args: { obj: raw(() => [1, 3, 1], "[1, 3, 1]"), values: 7.5, axis: 1 } },
  "np.delete": { args: { obj: raw(() => np.slice(null, null, 2), "slice(None, None, 2)"), axis: 1 } },
  "np.fillDiagonal": { args: { a: f64([4, 3]), val: f64([2], [5, -1]), wrap: true } },
  "np.putAlongAxis": { args: { arr: f64([2, 3]), indices: i64([2, 1], [0, 2]), values: 9, axis: 1 } },
  "np.selectNp": {
    args: {
      condlist: [bools([2, 3], [true, false, false, true, false, false]), bools([3], [true, true, false])],
      choicelist: raw(() => [np.arange(6).reshape(2, 3), 2.5], "[np.arange(6).reshape(2, 3), 2.5]"),
      default: -1,
    },
  },
  "np.choose": {
    args: { a: i64([2, 3], [0, 1, 2, 1, 0, 5]), choices: [f64([2, 3]), f64([3]), i64([1], [7])] },
    // NumPy's method takes the choices by position only
    pyMethodCall: (s, a) => `${s}.choose(${a.choices}${a.mode ? `, mode=${a.mode}` : ""})`,
  },
  "np.compress": { args: { condition: bools([2], [false, true]), axis: 0 } },
  "np.place": {
    args: { arr: f64([2, 3]), mask: bools([2, 3], [true, false, true, true, false, true]), vals: f64([3]) },
  },
  "np.vander": { args: { x: f64([4]) } },
  "torch.vander": { args: { x: f32([4]) } },
  "torch.combinations": { args: { input: f32([4]), r: 3 } },
  "torch.uniqueConsecutive": { args: { input: f32([3, 4], [1, 1, 2, 2, 1, 1, 2, 2, 5, 5, 5, 0]), dim: 0 } },
  // a full sort is one valid partition (NumPy's introselect orders the sides otherwise): compare sorted results
  ...np1(["np.partition", "np.argpartition"], {
    args: { kth: [0, 2] },
    post: { ts: (r) => np.sort(r as np.NDArray), py: (e) => `np.sort(${e})` },
  }),
  "np.lexsort": { args: { keys: raw(() => [[1, 0, 1, 0], [3, 3, 1, 1]], "[[1, 0, 1, 0], [3, 3, 1, 1]]"), axis: 0 } },
  "np.putmask": {
    args: { a: f64([2, 3]), mask: bools([2, 3], [true, false, true, true, false, true]), values: f64([4]) },
  },
  // ---- src/api/ops/calculus.ts, poly.ts, block.ts ----
  "np.gradient": {
    shape: [3, 4],
    args: { varargs: [f64([3], [0, 1.5, 2]), 0.5], axis: [0, 1], edgeOrder: 2 },
    // Python takes f by position before *varargs, whatever the TS call form
    pyCall: (_, a) =>
      `np.gradient(${a.f}${a.varargs ? `, *${a.varargs}` : ""}${a.axis ? `, axis=${a.axis}` : ""}${
        a.edgeOrder ? `, edge_order=${a.edgeOrder}` : ""
      })`,
  },
  "torch.gradient": { shape: [3, 4], args: { spacing: 2, edgeOrder: 2 } },
  "np.polyfit": {
    args: { x: f64([5], [0, 1, 2, 3, 4.5]), y: f64([5]), deg: 2, w: f64([5], [1, 2, 1, 1, 3]), cov: undefined },
    tol: { rtol: 1e-9, atol: 1e-9 },
  },
  ...np1(["np.polyder", "np.polyint", "np.poly"], { shape: [5] }),
  ...np1(["np.polyadd", "np.polysub", "np.polymul"], { shape: [4], args: { a2: f64([2], [1.5, -2]) } }),
  "np.polydiv": { shape: [4], args: { v: f64([2], [1.5, -2]) } },
  "np.block": { args: { arrays: [[f64([2, 2]), i64([2, 1], [5, 6])], [f64([1, 3])]] } },
  // ---- src/api/ops/misc_more.ts, src/torch/ops/scatter_views.ts ----
  "np.ix_": { args: { args: [i64([2], [0, 2]), bools([3], [true, false, true])] }, pySplat: "args" },
  "np.diagIndicesFrom": { args: { arr: f64([3, 3]) } },
  "np.unpackbits": { dtypes: ["uint8"] },
  "np.vecmat": { args: { x2: f64([3, 2]) } },
  "np.compressMethod": { args: { condition: bools([2], [false, true]), axis: 0 } },
  "np.partitionInPlace": {
    args: { a: f64([2, 3]), kth: [0, 2] },
    post: { ts: (r) => np.sort(r as np.NDArray), py: (e) => `np.sort(${e})` },
  },
  // bytes: compared as the uint8 arrays they spell
  "np.tobytes": {
    post: {
      ts: (r) => np.frombuffer((r as Uint8Array).buffer as ArrayBuffer, "uint8"),
      py: (e) => `np.frombuffer(${e}, np.uint8)`,
    },
  },
  "np.byteswap": { args: { a: f64([2, 3]) } },
  "torch.emptyStrided": { args: { size: [3, 2], stride: [1, 3] }, shapeOnly: true },
  "torch.newEmptyStrided": { args: { size: [3, 2], stride: [1, 3] }, shapeOnly: true },
  "torch.isNonzero": { shape: [1] },
  "torch.sumToSize": { args: { size: [1, 3] } },
  "torch.diagonalScatter": { args: { src: f32([2]), offset: 0, dim1: 0, dim2: 1 } },
  "torch.selectScatter": { args: { src: f32([2]) } },
  // ---- src/api/ops/np_misc.ts (callbacks are given as a TS function and its Python twin) ----
  "np.applyAlongAxis": { args: { func1d: raw(() => (r: np.NDArray) => r.sum(), "lambda r: r.sum()") } },
  "np.applyOverAxes": { args: { func: raw(() => (x: np.NDArray, ax: number) => np.sum(x, ax), "np.sum") } },
  "np.fromfunction": {
    args: { function: raw(() => (i: np.NDArray, j: np.NDArray) => i.add(j.multiply(10)), "lambda i, j: i + j * 10") },
  },
  "np.fromiter": { args: { iter: raw(() => [1, 2.5, 3], "[1, 2.5, 3]") } },
  "np.piecewise": {
    args: {
      condlist: raw(
        () => [[[true, false, true], [false, true, false]]],
        "[[[True, False, True], [False, True, False]]]",
      ),
      funclist: raw(() => [(v: np.NDArray) => v.multiply(2), 7], "[lambda v: v * 2, 7]"),
    },
  },
  "np.maskIndices": { args: { maskFunc: raw(() => (m: np.NDArray, k: number) => np.triu(m, k), "np.triu") } },
  "np.arrayEquiv": { args: { a1: f64([2, 3], [1, 2, 3, 1, 2, 3]), a2: f64([3], [1, 2, 3]) } },
  ...np1(["np.sharesMemory", "np.mayShareMemory"], { args: { a: f64([3]), b: f64([3]) } }),
  "np.isscalar": { args: { element: 3.5 } },
  "np.canCastNp": { args: { from_: "int32", to: "float32" } },
  // np.common_type takes *arrays and returns a scalar type: compared by name
  "np.commonType": { pyCall: (_, a) => `np.dtype(np.common_type(*${a.arrays})).name` },
  "np.mintypecode": { args: { typechars: "idf" } },
  "np.issubdtype": { args: { arg1: "int32", arg2: raw(() => "integer", "np.integer") } },
  "np.isdtype": { args: { dtype: raw(() => "int32", "np.dtype('int32')"), kind: "integral" } },
  "np.binaryRepr": { args: { num: -5, width: 8 } },
  "np.baseRepr": { args: { number: 255, base: 16, padding: 2 } },
  ...np1(["np.isrealobj", "np.iscomplexobj"], { args: { x: f64([2]) } }),
  // NumPy's order of unique_values is unspecified (a hash table's): dendrite's is sorted
  "np.uniqueValues": { pyCall: (_, a) => `np.sort(np.unique_values(${a.x}))` },
  "torch.imag": { exclude: "raises for every real dtype, as PyTorch (tests/api/np_misc_test.ts)" },
  "np.linalg.matmulLinalg": { args: { x2: f64([3, 2]) } },
};

/** The override of an overload (its own entry, else the op's). */
export function overrideOf(f: Face, i: number): Override {
  return { ...OVERRIDES[`${f.ns}.${f.decl.name}`], ...OVERRIDES[`${f.ns}.${f.decl.name}#${i}`] };
}

// ---------- generic samples ----------

/** Parameters left out unless an override gives them (environment-dependent or not expressible here). */
const LEAVE_OUT = new Set(["out", "pinMemory", "layout", "memoryFormat", "generator", "nonBlocking"]);

const INT_SAMPLES: Record<string, number> = {
  dim: 1,
  axis: 1,
  k: 1,
  offset: 1,
  diagonal: 1,
  decimals: 1,
  num: 5,
  steps: 5,
  n: 3,
  N: 3,
  m: 4,
  M: 4,
  chunks: 2,
  ndmin: 3,
  numSamples: 2,
  dim0: 0,
  dim1: 1,
  dim2: 0,
  axis1: 1,
  axis2: 0,
  start: 1,
  length: 2,
  index: 1,
  startDim: 0,
  endDim: 1,
  ddof: 1,
  high: 9,
  low: 2,
  count: 2,
};
const INTS_SAMPLES: Record<string, number | number[]> = {
  dim: 1,
  axis: 1,
  shape: [3, 2],
  size: [3, 2],
  newShape: [3, 4],
  sizes: [3, 1],
  reps: [2, 1],
  dims: [0],
  repeats: 2,
  shift: 1,
  shifts: 1,
  source: 0,
  destination: 1,
  indicesOrSections: 2,
  splitSizeOrSections: 2,
  axes: [1, 0],
  index: [0],
};
const NUMBER_SAMPLES: Record<string, number> = {
  start: 1,
  stop: 7,
  end: 7,
  step: 2,
  base: 2,
  rtol: 1e-3,
  atol: 1e-3,
  p: 1,
  mean: 0.5,
  std: 2,
  from: -1,
  to: 3,
  lambd: 2,
  rcond: 1e-10,
  tol: 0.5,
  ddof: 1,
  correction: 0,
  ord: 1,
};
const SCALAR_SAMPLES: Record<string, number> = { alpha: 2, beta: 0.5, value: 2, fillValue: 7, initial: 1 };

/** The generic sample of a parameter (undefined: leave it out). */
function generic(p: Param, first: boolean, main: Arr): V | undefined {
  if (LEAVE_OUT.has(p.name) || p.kind === "out" || p.kind === "fn") return undefined;
  const second = () => arr(main.input.dtype, [...main.input.shape]);
  switch (p.kind) {
    case "array":
    case "arrayOrScalar":
      if (first) return main;
      // a ufunc's where= without out leaves NumPy's other elements uninitialized (tests/numpy/ufunc_where_test.ts)
      if (p.name === "where" && p.default === true) return undefined;
      if (p.name === "where" || p.name === "mask" || p.name === "condition") {
        return bools([2, 3], [true, false, true, true, true, false]);
      }
      return second();
    case "arrays":
      return [main, second()];
    case "int":
      return INT_SAMPLES[p.name] ?? (p.optional ? undefined : 1);
    case "ints":
      return INTS_SAMPLES[p.name] ?? (p.optional ? undefined : [1]);
    case "number":
      return NUMBER_SAMPLES[p.name] ?? (p.optional ? undefined : 1);
    case "scalar":
      return SCALAR_SAMPLES[p.name] ?? (p.optional ? undefined : 2);
    case "bool":
      return typeof p.default === "boolean" ? !p.default : true;
    case "dtype":
      return p.optional ? "float64" : "int32";
    case "device":
      return "cpu";
    case "string":
      if (p.choices) return p.choices.find((c) => c !== p.default) ?? p.choices[0];
      return typeof p.default === "string" ? p.default : undefined;
    case "any":
      if (p.name === "data" || p.name === "object" || p.name === "a") return [[1.5, 2], [3, 4]];
      return undefined;
    default:
      return undefined;
  }
}

// ---------- call forms ----------

/** One call of a generated function or method, with the equivalent Python call. */
export interface Call {
  /** The overload it exercises (`ns.op#i`): coverage counts successes per overload. */
  readonly overload: string;
  readonly label: string;
  readonly fe: Fe;
  /** Runs dendrite's call (fresh inputs); returns what is compared. */
  readonly ours: () => unknown;
  /** The oracle case. */
  readonly c: Case;
  readonly shapeOnly: boolean;
  readonly tol?: { rtol?: number; atol?: number };
  /** Whether the result must be the receiver itself (in-place twins, "self" results). */
  readonly returnsSelf: boolean;
}

/** camelCase to Python's snake_case (all-caps names such as UPLO stay). */
export function snake(name: string): string {
  if (/^[A-Z0-9_]+$/.test(name)) return name;
  const s = name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
  return s.replace(/^atleast(\d)d$/, "atleast_$1d");
}

function pyNumber(x: number): string {
  if (Number.isNaN(x)) return "float('nan')";
  if (!Number.isFinite(x)) return x > 0 ? "float('inf')" : "float('-inf')";
  return String(x);
}

/** Builds the TS value and Python text of one argument; arrays become named oracle inputs. */
class Renderer {
  readonly inputs: Record<string, Input> = {};
  readonly builders: (() => unknown)[] = [];
  #n = 0;
  constructor(readonly fe: Fe) {}

  /** The Python text of `v` (a parameter of `kind`), registering its inputs. */
  py(v: V | undefined, kind: string): string {
    if (v === undefined || v === null) return "None";
    if (isArr(v)) {
      const name = `a${this.#n++}`;
      this.inputs[name] = v.input;
      return name;
    }
    if (isRaw(v)) return v.py;
    if (typeof v === "boolean") return v ? "True" : "False";
    if (typeof v === "number") return pyNumber(v);
    if (typeof v === "string") {
      if (kind === "dtype" && this.fe === "torch") return `torch.${v}`;
      return JSON.stringify(v);
    }
    if (Array.isArray(v)) {
      const items = v.map((x) => this.py(x as V, kind === "ints" ? "int" : kind === "arrays" ? "array" : kind));
      if (kind === "ints") return `(${items.join(", ")}${items.length === 1 ? "," : ""})`;
      return `[${items.join(", ")}]`;
    }
    throw new Error(`no Python text for ${String(v)}`);
  }

  /** A fresh TS value of `v`. */
  ts(v: V | undefined): unknown {
    if (v === undefined) return undefined;
    if (v === null) return null;
    if (isArr(v)) return this.fe === "np" ? build(v.input) : buildT(v.input);
    if (isRaw(v)) return v.ts();
    if (Array.isArray(v)) return v.map((x) => this.ts(x as V));
    return v;
  }
}

/** A parameter with the value it gets in a call. */
export interface Bound {
  readonly p: Param;
  readonly pos: boolean;
  readonly v: V | undefined;
  readonly supplied: boolean;
}

/** An argument list in one form: positional values then the options (names of supplied parameters). */
interface Form {
  readonly name: string;
  readonly positional: readonly Bound[];
  readonly options: readonly Bound[];
  /** The varargs list spread into positional numbers. */
  readonly spread?: boolean;
}

/** The call forms of the supplied parameters `bs` (the receiver, for methods, already removed). */
function forms(bs: readonly Bound[], all: boolean): Form[] {
  const pos = bs.filter((b) => b.pos);
  let last = -1;
  pos.forEach((b, i) => b.supplied && (last = i));
  const prefix = pos.slice(0, last + 1).map((b) => (b.supplied ? b : { ...b, v: defaultOf(b.p) }));
  const supplied = bs.filter((b) => b.supplied);
  const kwOnly = supplied.filter((b) => !b.pos);
  const out: Form[] = [{ name: "positional", positional: prefix, options: kwOnly }];
  const lastB = prefix[prefix.length - 1];
  if (lastB?.p.varargs && Array.isArray(lastB.v) && lastB.v.length > 1) {
    out.push({ name: "spread", positional: prefix, options: kwOnly, spread: true });
  }
  if (!all) return out;
  if (supplied.length > 0) out.push({ name: "options", positional: [], options: supplied });
  for (let k = 1; k < prefix.length; k++) {
    const first = prefix.slice(0, k);
    out.push({ name: `mixed${k}`, positional: first, options: supplied.filter((b) => !first.includes(b)) });
  }
  return out;
}

function defaultOf(p: Param): V {
  return (p.default ?? null) as V;
}

/** What one face/overload/sample produces: calls for a function, a method and an in-place twin. */
interface Target {
  readonly kind: "function" | "method" | "inplace";
  readonly name: string;
}

/** Every call the registry test makes for one face (and how many overloads it has). */
export function callsOf(f: Face): Call[] {
  const calls: Call[] = [];
  f.surface.overloads.forEach((o, i) => {
    const ov = overrideOf(f, i);
    if (ov.exclude) return;
    calls.push(...overloadCalls(f, o, i, ov));
  });
  return calls;
}

function mainInput(ov: Override, dtype: string): Arr {
  return arr(dtype, [...(ov.shape ?? [2, 3])]);
}

/** The dtypes of an overload's first array argument, the main one first. */
export function sampleDtypes(f: Face, ov: Override): readonly string[] {
  return ov.dtypes ?? (f.fe === "np" ? ["float64", "int64", "bool", "float32"] : [
    "float32",
    "float64",
    "int64",
    "bool",
  ]);
}

/**
 * The sample arguments of overload `o` with its first array argument of `dtype` (every parameter,
 * in declaration order: positional ones, then keyword-only ones; `out` is never supplied).
 */
export function sampleOf(f: Face, o: Overload, ov: Override, dtype: string, requiredOnly: boolean): Bound[] {
  const dtypes = sampleDtypes(f, ov);
  const params = [...o.sig.pos.map((p) => ({ p, pos: true })), ...o.sig.kw.map((p) => ({ p, pos: false }))];
  const firstArray = params.findIndex(({ p }) => p.kind === "array" || p.kind === "arrayOrScalar");
  const main = mainInput(ov, dtype);
  return params.map(({ p, pos }, j) => {
    const given = ov.args && p.name in ov.args;
    let v = given ? ov.args![p.name] : generic(p, j === firstArray, main);
    if (given && j === firstArray && isArr(v) && dtype !== dtypes[0]) {
      v = arr(dtype, [...v.input.shape], v.input.data as number[]);
    }
    const supplied = v !== undefined && (!requiredOnly || !p.optional);
    return { p, pos, v: supplied ? v : undefined, supplied };
  });
}

/** A fresh TS value of a sample (arrays built anew as NDArrays or Tensors). */
export function sampleValue(fe: Fe, v: V | undefined): unknown {
  return new Renderer(fe).ts(v);
}

function overloadCalls(f: Face, o: Overload, i: number, ov: Override): Call[] {
  const dtypes = sampleDtypes(f, ov);
  const sample = (dtype: string, requiredOnly: boolean): Bound[] => sampleOf(f, o, ov, dtype, requiredOnly);
  const key = `${f.ns}.${f.decl.name}#${i}`;
  const s = f.surface;
  const targets: Target[] = [
    ...s.names.map((name) => ({ kind: "function" as const, name })),
    ...(s.methods ?? []).map((name) => ({ kind: "method" as const, name })),
    ...(s.inplace ?? []).map((name) => ({ kind: "inplace" as const, name })),
  ];
  const out: Call[] = [];
  // the main sample in every form on each target's first name; other names, dtypes and the required-only
  // sample in the positional form
  const firstOfKind = new Set<string>();
  for (const t of targets) {
    const primary = !firstOfKind.has(t.kind);
    firstOfKind.add(t.kind);
    const bs = sample(dtypes[0], false);
    const fs = forms(t.kind === "function" ? bs : bs.slice(1), primary);
    for (const form of fs) out.push(makeCall(f, o, key, ov, t, bs, form));
    if (!primary) continue;
    for (const dt of dtypes.slice(1)) {
      const bd = sample(dt, false);
      const [form] = forms(t.kind === "function" ? bd : bd.slice(1), false);
      out.push(makeCall(f, o, key, ov, t, bd, { ...form, name: `positional:${dt}` }));
    }
    const br = sample(dtypes[0], true);
    const [form] = forms(t.kind === "function" ? br : br.slice(1), false);
    out.push(makeCall(f, o, key, ov, t, br, { ...form, name: "required" }));
  }
  return out;
}

/**
 * One call of overload `i` of a face as the function `name`, with the given positional arguments
 * (unsupplied ones carry their value, as a form's prefix does) and options, and the same call written
 * in Python (tests/api/out_dtype_test.ts builds its calls, `out` included, with it).
 */
export function functionCall(
  f: Face,
  i: number,
  name: string,
  bs: Bound[],
  positional: readonly Bound[],
  options: readonly Bound[],
): Call {
  const key = `${f.ns}.${f.decl.name}#${i}`;
  const target = { kind: "function" as const, name }, form = { name: "custom", positional, options };
  return makeCall(f, f.surface.overloads[i], key, overrideOf(f, i), target, bs, form);
}

function makeCall(f: Face, o: Overload, key: string, ov: Override, t: Target, bs: Bound[], form: Form): Call {
  const r = new Renderer(f.fe);
  const isMethod = t.kind !== "function";
  const self = isMethod ? bs[0] : undefined;
  const selfPy = self ? r.py(self.v, self.p.kind) : "";
  const text = new Map<Bound, string>();
  const posPy: string[] = [];
  const kwPy: string[] = [];
  const kwName = (b: Bound) =>
    (isMethod ? ov.pyMethodKw?.[b.p.name] : undefined) ?? ov.pyKw?.[b.p.name] ?? snake(b.p.name);
  let byKeyword = false;
  const elemKind = (b: Bound) => (b.p.kind === "arrays" ? "array" : "int");
  for (const b of form.positional) {
    if (form.spread && b.p.varargs && Array.isArray(b.v)) {
      const elems = (b.v as V[]).map((x) => r.py(x, elemKind(b)));
      text.set(b, `[${elems.join(", ")}]`); // the list as a pyCall sees it
      posPy.push(...elems);
      continue;
    }
    text.set(b, r.py(b.v, b.p.kind));
    if (b.p.name === ov.pySplat) {
      posPy.push(`*${text.get(b)}`);
      continue;
    }
    // NumPy's ndarray.all/any reject a positional None for out: what follows goes by keyword
    if (ov.pyOutByKeyword && b.p.kind === "out" && !b.supplied) byKeyword = true;
    else if (byKeyword) kwPy.push(`${JSON.stringify(kwName(b))}: ${text.get(b)}`);
    else posPy.push(text.get(b)!);
  }
  for (const b of form.options) {
    text.set(b, r.py(b.v, b.p.kind));
    if (b.p.name === ov.pySplat) posPy.unshift(`*${text.get(b)}`);
    else kwPy.push(`${JSON.stringify(kwName(b))}: ${text.get(b)}`);
  }
  const order = JSON.stringify(o.sig.pos.map((p) => snake(p.name)));
  const pyName = ov.pyNames?.[t.name] ?? snake(t.name);
  const returnsSelf = t.kind === "inplace" || o.returns === "self" || o.returns === "void";
  const pyCall = (isMethod ? ov.pyMethodCall : undefined) ?? ov.pyCall;
  let expr: string;
  if (pyCall) {
    const named: Record<string, string> = {};
    for (const [b, s] of text) named[b.p.name] = s;
    expr = pyCall(selfPy, named);
  } else if (isMethod) {
    expr = `invoke_method(${selfPy}, ${JSON.stringify(pyName)}, ${f.ns}, [${posPy.join(", ")}], {${
      kwPy.join(", ")
    }}, ${order})`;
  } else {
    expr = `invoke(${f.ns}.${pyName}, [${posPy.join(", ")}], {${kwPy.join(", ")}}, ${order})`;
  }
  // a function that returns nothing (np.copyto) is compared by what it wrote into its first argument
  const written = returnsSelf && !isMethod ? bs[0] : undefined;
  if (returnsSelf && !pyCall) expr = `(${expr}, ${written ? text.get(written) : selfPy})[1]`;
  if (ov.post) expr = ov.post.py(expr);
  const setup = ov.seeded ? (f.fe === "torch" ? "torch.manual_seed(0)" : "np.random.seed(0)") : "";
  const label = `${key} ${t.kind} ${t.name} ${form.name}`;
  const fn = lookup(f, t);
  const ours = () => {
    const selfTs = self ? r.ts(self.v) : undefined;
    const args: unknown[] = [], given = new Map<Bound, unknown>();
    const ts = (b: Bound) => {
      given.set(b, r.ts(b.v));
      return given.get(b);
    };
    for (const b of form.positional) {
      if (form.spread && b.p.varargs && Array.isArray(b.v)) args.push(...(b.v as V[]).map((x) => r.ts(x)));
      else args.push(ts(b));
    }
    if (form.options.length) args.push(Object.fromEntries(form.options.map((b) => [b.p.name, ts(b)])));
    if (ov.seeded) torch.manualSeed(0);
    const target = t.kind === "inplace" ? (selfTs as torch.Tensor).clone() : selfTs;
    const res = target === undefined ? fn(...args) : fn.call(target, ...args);
    if (returnsSelf) {
      if ((t.kind === "inplace" || o.returns === "self") && res !== target) {
        throw new Error(`${t.name} did not return its receiver`);
      }
      return written ? given.get(written) : target;
    }
    return ov.post ? ov.post.ts(res) : res;
  };
  return {
    overload: key,
    label,
    fe: f.fe,
    ours,
    c: { expr, inputs: r.inputs, setup, torch: f.fe === "torch" },
    shapeOnly: ov.shapeOnly ?? false,
    tol: ov.tol,
    returnsSelf,
  };
}

// deno-lint-ignore no-explicit-any
type AnyFn = (this: any, ...args: unknown[]) => unknown;

/** The generated function or method a target names. */
export function lookup(f: Face, t: { kind: string; name: string }): AnyFn {
  if (t.kind !== "function") {
    const proto = (f.fe === "np" ? np.NDArray.prototype : torch.Tensor.prototype) as unknown as Record<string, AnyFn>;
    const m = proto[t.name];
    if (typeof m !== "function") throw new Error(`${f.fe}: method ${t.name} is missing`);
    return m;
  }
  const ns =
    (f.ns === "np"
      ? np
      : f.ns === "torch"
      ? torch
      : f.ns === "np.linalg"
      ? np.linalg
      : f.ns === "torch.special"
      ? torch.special
      : torch.linalg) as unknown as Record<string, AnyFn>;
  const fn = ns[t.name];
  if (typeof fn !== "function") throw new Error(`${f.ns}.${t.name} is missing`);
  return fn;
}
