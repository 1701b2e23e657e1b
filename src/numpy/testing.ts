/**
 * np.testing: NumPy's assertion helpers (numpy/testing/_private/utils.py). Each failure throws node:assert's
 * AssertionError with NumPy's message text, so a port of a NumPy test reads and fails the same way.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * np.testing.assertAllclose(np.array([1, 2, 3]), [1, 2, 3.0000001]);
 * assert.throws(() => np.testing.assertArrayEqual([1, 2], [1, 3]), /Arrays are not equal/);
 * ```
 * @module
 */
import { AssertionError } from "node:assert";
import { isTensor } from "../torch/tensor.ts";
import { type ArrayLike, NDArray, NP_FUNCTIONS } from "./ndarray.ts";
import { array2string, arrayRepr } from "./print_options.ts";
import { bindArgs } from "./poly1d.ts";

const npf = NP_FUNCTIONS as unknown as Record<string, (...a: unknown[]) => NDArray>;

/** Options shared by the array assertions (NumPy's keyword arguments). */
export interface CompareOptions {
  /** Extra text placed under the header. */
  errMsg?: string;
  /** Whether the message shows both arrays. */
  verbose?: boolean;
  /** Refuse a scalar against an array and differing dtypes. */
  strict?: boolean;
}

/** The array an assertion compares; tensors are refused as NumPy refuses foreign objects it cannot read. */
function asArray(op: string, v: unknown): NDArray {
  if (isTensor(v)) throw new TypeError(`${op}: expected an ndarray or array-like, got a torch Tensor (call .numpy())`);
  return v instanceof NDArray ? v : npf.asarray(v as ArrayLike);
}

const shapeStr = (s: readonly number[]) => `(${s.join(", ")}${s.length === 1 ? "," : ""})`;

/**
 * Python's repr of a float (shortest round trip, exponent outside [-4, 16), always a dot or exponent); `single`
 * gives the shortest digits that round-trip through float32, as NumPy prints a float32 scalar.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyFloat } from "./testing.ts";
 * assert.equal(pyFloat(1e-5), "1e-05");
 * ```
 */
export function pyFloat(v: number, single = false): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  let digits = String(v);
  if (single) {
    for (let p = 1; p <= 9; p++) {
      const s = v.toPrecision(p);
      if (Math.fround(Number(s)) === v) {
        digits = String(Number(s));
        break;
      }
    }
  }
  const exp = v === 0 ? 0 : Math.floor(Math.log10(Math.abs(Number(digits))));
  if (exp < -4 || exp >= 16) {
    const [m, e] = Number(digits).toExponential().split("e");
    const n = Number(e);
    return `${m}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
  }
  const s = Number(digits).toLocaleString("en-US", { useGrouping: false, maximumSignificantDigits: 17 });
  const pos = Object.is(v, -0) ? "-0" : s;
  return /[.e]/.test(pos) ? pos : `${pos}.0`;
}

/** Python's str of one element of an array of `dtype` (what NumPy prints for a scalar). */
function scalarStr(v: unknown, dtype: string): string {
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "bigint") return String(v);
  if (dtype.startsWith("float")) return pyFloat(v as number, dtype === "float32" || dtype === "float16");
  return String(v);
}

/** Python's repr of a non-array value (number, string, boolean, null, list). */
function pyRepr(v: unknown): string {
  if (v instanceof NDArray) return arrayRepr(v);
  if (typeof v === "number") return Number.isInteger(v) && !Object.is(v, -0) ? String(v) : pyFloat(v);
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "string") return `'${v}'`;
  if (v === null || v === undefined) return "None";
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(", ")}]`;
  return String(v);
}

/** NumPy's build_err_msg: header (with a short errMsg on the same line) then each value's repr. */
function buildErrMsg(
  values: unknown[],
  errMsg: string,
  header = "Items are not equal:",
  verbose = true,
  names = ["ACTUAL", "DESIRED"],
  precision = 8,
): string {
  const msg = [`\n${header}`];
  if (errMsg) {
    if (!errMsg.includes("\n") && errMsg.length < 79 - header.length) msg[0] += ` ${errMsg}`;
    else msg.push(errMsg);
  }
  if (verbose) {
    values.forEach((a, i) => {
      let r = a instanceof NDArray ? arrayRepr(a, { precision }) : pyRepr(a);
      if (r.split("\n").length - 1 > 3) r = r.split("\n").slice(0, 3).join("\n") + "...";
      msg.push(` ${names[i]}: ${r}`);
    });
  }
  return msg.join("\n");
}

const fail = (message: string): never => {
  throw new AssertionError({ message });
};

interface CompareSpec {
  header: string;
  errMsg: string;
  verbose: boolean;
  precision?: number;
  equalNan?: boolean;
  equalInf?: boolean;
  strict?: boolean;
  names?: string[];
}

/** NumPy's assert_array_compare: shape/dtype checks, NaN and inf positions, then `compare` with statistics. */
function arrayCompare(compare: (x: NDArray, y: NDArray) => NDArray, ox: NDArray, oy: NDArray, s: CompareSpec): void {
  const { header, verbose, precision = 6, equalNan = true, equalInf = true, strict = false } = s;
  const names = s.names ?? ["ACTUAL", "DESIRED"];
  const errMsg = String(s.errMsg);
  const build = (vals: unknown[], em: string) => buildErrMsg(vals, em, header, verbose, names, precision);
  const sameShape = ox.shape.length === oy.shape.length && ox.shape.every((d, i) => d === oy.shape[i]);
  const ok = strict ? sameShape && ox.dtype === oy.dtype : ox.ndim === 0 || oy.ndim === 0 || sameShape;
  if (!ok) {
    const reason = !sameShape
      ? `\n(shapes ${shapeStr(ox.shape)}, ${shapeStr(oy.shape)} mismatch)`
      : `\n(dtypes ${ox.dtype}, ${oy.dtype} mismatch)`;
    fail(build([ox, oy], errMsg + reason));
  }
  // NaN / inf bookkeeping runs on the broadcast flat values (NumPy compares them positionally)
  const [bx, by] = npf.broadcastArrays(ox, oy) as unknown as NDArray[];
  const xs = bx.ravel().tolist() as unknown[], ys = by.ravel().tolist() as unknown[];
  const numeric = (a: NDArray) => a.dtype !== "bool";
  const n = xs.length;
  let flagged: boolean[] = new Array(n).fill(false);
  if (numeric(ox) && numeric(oy)) {
    const num = (v: unknown) => Number(v);
    const samePos = (f: (v: number) => boolean, has: string) => {
      const fx = xs.map((v) => f(num(v))), fy = ys.map((v) => f(num(v)));
      if (fx.some((b, i) => b !== fy[i])) fail(build([ox, oy], `${errMsg}\n${has} location mismatch:`));
      return fy;
    };
    if (equalNan) flagged = samePos(Number.isNaN, "nan");
    if (equalInf) {
      const infs = samePos((v) => v === Infinity || v === -Infinity, "inf").map((b, i) => b && !flagged[i]);
      const idx = infs.flatMap((b, i) => (b ? [i] : []));
      if (idx.some((i) => num(xs[i]) !== num(ys[i]))) {
        const pick = (vals: unknown[], a: NDArray) =>
          a.ndim > 0 && ox.ndim > 0 && oy.ndim > 0 ? npf.array(idx.map((i) => vals[i]), { dtype: a.dtype }) : a;
        fail(build([pick(xs, ox), pick(ys, oy)], `${errMsg}\ninf values mismatch:`));
      }
      flagged = flagged.map((b, i) => b || infs[i]);
    }
  }
  const keep = flagged.flatMap((b, i) => (b ? [] : [i]));
  if (keep.length === 0) return;
  const pickAll = (a: NDArray, vals: unknown[]) =>
    keep.length === n && a.ndim > 0 ? a : npf.array(keep.map((i) => vals[i]), { dtype: a.dtype });
  const x = keep.length === n ? bx : pickAll(bx, xs), y = keep.length === n ? by : pickAll(by, ys);
  const val = (compare(x, y).ravel().tolist() as boolean[]).map(Boolean);
  const bad = val.flatMap((b, i) => (b ? [] : [i]));
  if (bad.length === 0) return;
  const total = n;
  const pct = (100 * bad.length) / total;
  const remarks = [`Mismatched elements: ${bad.length} / ${total} (${pyG(pct, 3)}%)`];
  if (ox.ndim > 0 || oy.ndim > 0) {
    const shape = bx.shape;
    const unravel = (flat: number) => {
      const idx: number[] = [];
      for (let d = shape.length - 1; d >= 0; d--) {
        idx.unshift(flat % shape[d]);
        flat = Math.floor(flat / shape[d]);
      }
      return idx;
    };
    const xv = ox.ndim === 0 ? [ox.item()] : xs, yv = oy.ndim === 0 ? [oy.item()] : ys;
    const lines = bad.slice(0, 5).map((j) => {
      const f = keep[j];
      const a = xv[ox.ndim === 0 ? 0 : f], b = yv[oy.ndim === 0 ? 0 : f];
      return ` [${unravel(f).join(", ")}]: ${scalarStr(a, ox.dtype)} (${names[0]}), ${scalarStr(b, oy.dtype)} (${
        names[1]
      })`;
    }).join("\n");
    const lead = bad.length === 1
      ? "Mismatch at index:"
      : bad.length <= 5
      ? "Mismatch at indices:"
      : "First 5 mismatches are at indices:";
    remarks.push(`${lead}\n${lines}`);
  }
  // bool arrays cannot be subtracted: NumPy skips the statistics for them
  if (x.dtype !== "bool" && y.dtype !== "bool") {
    const badIdx = npf.array(bad, { dtype: "int64" });
    const error = npf.abs(npf.subtract(x, y));
    const errBad = npf.take(error.ravel(), badIdx);
    remarks.push(`Max absolute difference among violations: ${array2string(npf.max(errBad))}`);
    const yFlat = npf.take(npf.broadcastTo(y, error.shape).ravel(), badIdx);
    const nz = (yFlat.tolist() as number[]).flatMap((v, i) => (Number(v) !== 0 ? [i] : []));
    const rel = nz.length === 0
      ? npf.array(Infinity)
      : npf.max(npf.divide(npf.take(errBad, npf.array(nz)), npf.abs(npf.take(yFlat, npf.array(nz)))));
    remarks.push(`Max relative difference among violations: ${array2string(rel)}`);
  }
  fail(build([ox, oy], `${errMsg}\n${remarks.join("\n")}`));
}

/** Python's `format(v, ".Ng")`. */
function pyG(v: number, p: number): string {
  if (v === 0) return "0";
  const exp = Math.floor(Math.log10(Math.abs(Number(v.toPrecision(p)))));
  if (exp < -4 || exp >= p) {
    const [m, e] = v.toExponential(p - 1).split("e");
    const mm = m.includes(".") ? m.replace(/\.?0+$/, "") : m;
    const n = Number(e);
    return `${mm}e${n < 0 ? "-" : "+"}${String(Math.abs(n)).padStart(2, "0")}`;
  }
  const s = v.toFixed(Math.max(0, p - 1 - exp));
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

/** Splits `args` into the positional values and the keyword options named `names` (trailing options object). */
function bound(op: string, names: readonly string[], required: number, args: readonly unknown[]) {
  const b = bindArgs(op, names, args);
  for (let i = 0; i < required; i++) {
    if (b[names[i]] === undefined) throw new TypeError(`${op}() missing required argument: '${names[i]}'`);
  }
  return b;
}

/** assertAllclose's arguments: positional in NumPy's order, or any trailing part as an options object. */
export type AllcloseArgs =
  | [actual: unknown, desired: unknown, options?: AllcloseOptions]
  | [actual: unknown, desired: unknown, rtol: number, options?: Omit<AllcloseOptions, "rtol">]
  | [
    actual: unknown,
    desired: unknown,
    rtol: number,
    atol: number,
    equalNan?: boolean,
    errMsg?: string,
    verbose?: boolean,
    options?: { strict?: boolean },
  ];
/** assertAllclose's keyword options. */
export interface AllcloseOptions extends CompareOptions {
  /** Relative tolerance (1e-7). */
  rtol?: number;
  /** Absolute tolerance (0). */
  atol?: number;
  /** NaNs in the same places compare equal (true). */
  equalNan?: boolean;
}

/**
 * Throws unless `actual` and `desired` are element-wise equal within `atol + rtol * |desired|` (NumPy's
 * assert_allclose; scalars broadcast against arrays unless `strict`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * np.testing.assertAllclose([1, 2.0000001], [1, 2]);
 * assert.throws(() => np.testing.assertAllclose([1, 2.5], [1, 2], { rtol: 0.1 }), /Mismatched elements: 1 \/ 2/);
 * ```
 */
export function assertAllclose(...args: AllcloseArgs): void {
  const op = "assert_allclose";
  const b = bound(op, ["actual", "desired", "rtol", "atol", "equalNan", "errMsg", "verbose", "strict"], 2, args);
  const rtol = (b.rtol ?? 1e-7) as number, atol = (b.atol ?? 0) as number, equalNan = (b.equalNan ?? true) as boolean;
  arrayCompare(
    (x, y) => npf.isclose(x, y, { rtol, atol, equalNan }),
    asArray(op, b.actual),
    asArray(op, b.desired),
    {
      header: `Not equal to tolerance rtol=${pyG(rtol, 6)}, atol=${pyG(atol, 6)}`,
      errMsg: String(b.errMsg ?? ""),
      verbose: (b.verbose ?? true) as boolean,
      equalNan,
      strict: (b.strict ?? false) as boolean,
    },
  );
}

/** assertArrayEqual's and assertArrayLess's arguments. */
export type ArrayEqualArgs =
  | [actual: unknown, desired: unknown, options?: CompareOptions]
  | [actual: unknown, desired: unknown, errMsg: string, options?: Omit<CompareOptions, "errMsg">]
  | [actual: unknown, desired: unknown, errMsg: string, verbose: boolean, options?: { strict?: boolean }];

/**
 * Throws unless the arrays have equal shapes (or one is a scalar) and equal elements; NaNs in the same places are
 * equal (NumPy's assert_array_equal).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * np.testing.assertArrayEqual([1, NaN], [1, NaN]);
 * assert.throws(() => np.testing.assertArrayEqual([1, 2], [1, 2, 3]), /shapes \(2,\), \(3,\) mismatch/);
 * ```
 */
export function assertArrayEqual(...args: ArrayEqualArgs): void {
  const op = "assert_array_equal";
  const b = bound(op, ["actual", "desired", "errMsg", "verbose", "strict"], 2, args);
  arrayCompare((x, y) => npf.equal(x, y), asArray(op, b.actual), asArray(op, b.desired), {
    header: "Arrays are not equal",
    errMsg: String(b.errMsg ?? ""),
    verbose: (b.verbose ?? true) as boolean,
    strict: (b.strict ?? false) as boolean,
  });
}

/**
 * Throws unless every `x < y` element-wise (NumPy's assert_array_less; infinities are compared, not skipped).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * np.testing.assertArrayLess([1, 2], [2, 3]);
 * assert.throws(() => np.testing.assertArrayLess([1, 3], [2, 3]), /not strictly ordered `x < y`/);
 * ```
 */
export function assertArrayLess(...args: ArrayEqualArgs): void {
  const op = "assert_array_less";
  const b = bound(op, ["x", "y", "errMsg", "verbose", "strict"], 2, args);
  arrayCompare((x, y) => npf.less(x, y), asArray(op, b.x), asArray(op, b.y), {
    header: "Arrays are not strictly ordered `x < y`",
    errMsg: String(b.errMsg ?? ""),
    verbose: (b.verbose ?? true) as boolean,
    equalInf: false,
    strict: (b.strict ?? false) as boolean,
    names: ["x", "y"],
  });
}

/** assertArrayAlmostEqual's and assertAlmostEqual's arguments. */
export type AlmostEqualArgs =
  | [actual: unknown, desired: unknown, options?: { decimal?: number; errMsg?: string; verbose?: boolean }]
  | [actual: unknown, desired: unknown, decimal: number, options?: { errMsg?: string; verbose?: boolean }]
  | [actual: unknown, desired: unknown, decimal: number, errMsg: string, verbose?: boolean];

/** NumPy's almost-equal test: |desired - actual| < 1.5 * 10**-decimal, in y's inexact dtype. */
function almostCompare(decimal: number) {
  return (x: NDArray, y: NDArray) => {
    const yf = y.dtype.startsWith("float") ? y : y.astype("float64");
    return npf.less(npf.abs(npf.subtract(x, yf)), 1.5 * 10 ** -decimal);
  };
}

/**
 * Throws unless the arrays agree to `decimal` places: |desired - actual| < 1.5 * 10**-decimal (NumPy's
 * assert_array_almost_equal, decimal 6).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * np.testing.assertArrayAlmostEqual([1, 2.0000001], [1, 2]);
 * assert.throws(() => np.testing.assertArrayAlmostEqual([1, 2.1], [1, 2], 2), /almost equal to 2 decimals/);
 * ```
 */
export function assertArrayAlmostEqual(...args: AlmostEqualArgs): void {
  const op = "assert_array_almost_equal";
  const b = bound(op, ["actual", "desired", "decimal", "errMsg", "verbose"], 2, args);
  const decimal = (b.decimal ?? 6) as number;
  arrayCompare(almostCompare(decimal), asArray(op, b.actual), asArray(op, b.desired), {
    header: `Arrays are not almost equal to ${decimal} decimals`,
    errMsg: String(b.errMsg ?? ""),
    verbose: (b.verbose ?? true) as boolean,
    precision: decimal,
  });
}

const isArrayish = (v: unknown) => v instanceof NDArray || Array.isArray(v);

/**
 * Throws unless two scalars agree to `decimal` places (NumPy's assert_almost_equal, decimal 7); arrays and lists go
 * through assertArrayAlmostEqual.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * np.testing.assertAlmostEqual(1, 1 + 1e-8);
 * assert.throws(() => np.testing.assertAlmostEqual(1, 1.1), /almost equal to 7 decimals/);
 * ```
 */
export function assertAlmostEqual(...args: AlmostEqualArgs): void {
  const op = "assert_almost_equal";
  const b = bound(op, ["actual", "desired", "decimal", "errMsg", "verbose"], 2, args);
  const decimal = (b.decimal ?? 7) as number, errMsg = String(b.errMsg ?? ""), verbose = (b.verbose ?? true) as boolean;
  if (isTensor(b.actual) || isTensor(b.desired)) asArray(op, isTensor(b.actual) ? b.actual : b.desired);
  if (isArrayish(b.actual) || isArrayish(b.desired)) {
    return assertArrayAlmostEqual(b.actual, b.desired, decimal, errMsg);
  }
  const a = Number(b.actual), d = Number(b.desired);
  const msg = () =>
    buildErrMsg([b.actual, b.desired], errMsg, `Arrays are not almost equal to ${decimal} decimals`, verbose);
  if (!(Number.isFinite(a) && Number.isFinite(d))) {
    if (Number.isNaN(a) || Number.isNaN(d)) {
      if (!(Number.isNaN(a) && Number.isNaN(d))) fail(msg());
    } else if (a !== d) fail(msg());
    return;
  }
  if (Math.abs(d - a) >= 1.5 * 10 ** -decimal) fail(msg());
}

/** assertApproxEqual's arguments. */
export type ApproxEqualArgs =
  | [actual: number, desired: number, options?: { significant?: number; errMsg?: string; verbose?: boolean }]
  | [actual: number, desired: number, significant: number, options?: { errMsg?: string; verbose?: boolean }]
  | [actual: number, desired: number, significant: number, errMsg: string, verbose?: boolean];

/**
 * Throws unless two numbers agree to `significant` significant digits (NumPy's assert_approx_equal, 7).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * np.testing.assertApproxEqual(1234567, 1234567.4);
 * assert.throws(() => np.testing.assertApproxEqual(1, 1.1), /7 significant digits/);
 * ```
 */
export function assertApproxEqual(...args: ApproxEqualArgs): void {
  const op = "assert_approx_equal";
  const b = bound(op, ["actual", "desired", "significant", "errMsg", "verbose"], 2, args);
  const significant = (b.significant ?? 7) as number;
  const a = Number(b.actual), d = Number(b.desired);
  const msg = () =>
    buildErrMsg(
      [b.actual, b.desired],
      String(b.errMsg ?? ""),
      `Items are not equal to ${significant} significant digits:`,
      (b.verbose ?? true) as boolean,
    );
  if (a === d) return;
  if (!(Number.isFinite(a) && Number.isFinite(d))) {
    if (Number.isNaN(a) || Number.isNaN(d)) {
      if (!(Number.isNaN(a) && Number.isNaN(d))) fail(msg());
    } else if (a !== d) fail(msg());
    return;
  }
  const scale = 10 ** Math.floor(Math.log10(0.5 * (Math.abs(d) + Math.abs(a))));
  if (Math.abs(d / scale - a / scale) >= 10 ** -(significant - 1)) fail(msg());
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** assertEqual's arguments (an options object must follow errMsg or be the fourth argument). */
export type AssertEqualArgs =
  | [actual: unknown, desired: unknown]
  | [actual: unknown, desired: unknown, errMsg: string, verbose?: boolean, options?: { strict?: boolean }]
  | [actual: unknown, desired: unknown, errMsg: string, options: { verbose?: boolean; strict?: boolean }];

/**
 * Throws unless two objects are equal, recursing into plain objects (NumPy's dicts) and arrays (lists) with
 * `key=` / `item=` context; ndarrays go through assertArrayEqual; NaN equals NaN and -0 differs from 0.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * np.testing.assertEqual({ a: [1, NaN] }, { a: [1, NaN] });
 * assert.throws(() => np.testing.assertEqual([1, 2], [1, 3]), /item=1/);
 * ```
 */
export function assertEqual(...args: AssertEqualArgs): void {
  const op = "assert_equal";
  // desired may itself be a plain object, so options are read only after errMsg
  const rest = args.slice(2) as unknown[];
  const last = rest.length > 0 && isPlainObject(rest[rest.length - 1]) ? rest.pop() as Record<string, unknown> : {};
  for (const k of Object.keys(last)) {
    if (!["errMsg", "verbose", "strict"].includes(k)) {
      throw new TypeError(`${op}() got an unexpected keyword argument '${k}'`);
    }
  }
  if (args.length < 2) throw new TypeError(`${op}() missing required argument: 'desired'`);
  const errMsg = String(rest[0] ?? last.errMsg ?? ""), verbose = (rest[1] ?? last.verbose ?? true) as boolean;
  equal(op, args[0], args[1], errMsg, verbose, (last.strict ?? false) as boolean);
}

function equal(op: string, actual: unknown, desired: unknown, errMsg: string, verbose: boolean, strict: boolean): void {
  if (isTensor(actual) || isTensor(desired)) asArray(op, isTensor(actual) ? actual : desired);
  if (isPlainObject(desired)) {
    if (!isPlainObject(actual)) fail(`<class '${Array.isArray(actual) ? "list" : typeof actual}'>`);
    const a = actual as Record<string, unknown>;
    equal(op, Object.keys(a).length, Object.keys(desired).length, errMsg, verbose, false);
    for (const k of Object.keys(desired)) {
      if (!(k in a)) fail(`'${k}'`);
      equal(op, a[k], desired[k], `key='${k}'\n${errMsg}`, verbose, false);
    }
    return;
  }
  if (Array.isArray(desired) && Array.isArray(actual)) {
    equal(op, actual.length, desired.length, errMsg, verbose, false);
    desired.forEach((d, k) => equal(op, actual[k], d, `item=${k}\n${errMsg}`, verbose, false));
    return;
  }
  if (actual instanceof NDArray || desired instanceof NDArray) {
    return assertArrayEqual(actual, desired, errMsg, verbose, { strict });
  }
  const msg = () => buildErrMsg([actual, desired], errMsg, undefined, verbose);
  const scalar = (v: unknown) => typeof v === "number" || typeof v === "bigint" || typeof v === "boolean";
  if (scalar(actual) !== scalar(desired) && (Array.isArray(actual) || Array.isArray(desired))) fail(msg());
  if (typeof actual === "number" && typeof desired === "number") {
    if (Number.isNaN(actual) && Number.isNaN(desired)) return;
    if (actual === 0 && desired === 0 && Object.is(actual, -0) !== Object.is(desired, -0)) fail(msg());
  }
  // Python's == : numbers, bigints and booleans compare by value
  const v = (x: unknown) => (typeof x === "boolean" ? Number(x) : x);
  // deno-lint-ignore eqeqeq
  if (!(scalar(actual) && scalar(desired) ? v(actual) == v(desired) : Object.is(actual, desired))) fail(msg());
}

/** An error class (TypeError, RangeError, ...). */
export type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Throws unless calling `fn(...args)` throws an instance of `errorClass` (NumPy's assert_raises as a function).
 *
 * @example
 * ```ts
 * import { np } from "../../mod.ts";
 * np.testing.assertRaises(RangeError, (n: number) => new Array(n), -1);
 * ```
 */
export function assertRaises<A extends unknown[]>(errorClass: ErrorClass, fn: (...a: A) => unknown, ...args: A): void {
  try {
    fn(...args);
  } catch (e) {
    if (e instanceof errorClass) return;
    throw e;
  }
  fail(`${errorClass.name} not raised by ${fn.name || "<lambda>"}`);
}

/**
 * Throws unless `fn(...args)` throws an instance of `errorClass` whose message matches `expected` (searched, as
 * Python's re.search) (NumPy's assert_raises_regex as a function).
 *
 * @example
 * ```ts
 * import { np } from "../../mod.ts";
 * np.testing.assertRaisesRegex(RangeError, "shape", () => np.ones([2]).reshape([3]));
 * ```
 */
export function assertRaisesRegex<A extends unknown[]>(
  errorClass: ErrorClass,
  expected: string | RegExp,
  fn: (...a: A) => unknown,
  ...args: A
): void {
  const re = typeof expected === "string" ? new RegExp(expected) : expected;
  try {
    fn(...args);
  } catch (e) {
    if (!(e instanceof errorClass)) throw e;
    if (!re.test(e.message)) fail(`"${re.source}" does not match "${e.message}"`);
    return;
  }
  fail(`${errorClass.name} not raised by ${fn.name || "<lambda>"}`);
}
