/**
 * NumPy's floating-point error handling: np.seterr / geterr / seterrcall /
 * geterrcall and the np.errstate context. dendrite's kernels never read
 * the C floating-point flags (OpenMP threads would each hold their own);
 * instead, while the settings ask for a report, np's element-wise
 * arithmetic (add, subtract, multiply, divide / trueDivide, floorDivide,
 * remainder / mod, power), np.log / log2 / log10 / log1p, np.sqrt and
 * np.exp / exp2 / expm1 are swapped in the np namespace for twins that
 * look at their inputs and result for what IEEE would have flagged: a
 * division of a finite nonzero number by zero, a log of zero or an
 * integer division by zero ("divide by zero"), an infinity from finite
 * operands ("overflow"), a NaN from non-NaN operands ("invalid value").
 * Underflow is not detected (its mode is kept and reported). The twins
 * are in place only once seterr / errstate has been called and some
 * category is not "ignore": NumPy's initial settings ("warn") are
 * reported by geterr, but calls under them are not checked, so the
 * default path is np's own functions, at their own cost.
 */
import type { ArrayLike, NDArray } from "./ndarray.ts";
import type { NpFunctions } from "./mod.ts";
import { bindArgs } from "./poly1d.ts";
import { fmtValue } from "../core/errors.ts";

/** What to do on a floating-point error (NumPy's modes). */
export type ErrMode = "ignore" | "warn" | "raise" | "call" | "print" | "log";
/** The four error categories and their modes (np.geterr's dict). */
export interface ErrSettings {
  /** Division of a finite nonzero number by zero, a log of zero. */
  divide: ErrMode;
  /** A result too large for its dtype. */
  over: ErrMode;
  /** A result too small for its dtype (kept and reported, not detected). */
  under: ErrMode;
  /** A NaN from non-NaN operands. */
  invalid: ErrMode;
}
/** np.seterr's keywords: `all` sets every category, then the named ones override it. */
export interface SeterrOptions {
  /** Every category's mode (the named ones override it). */
  all?: ErrMode | null;
  /** Division by zero's mode. */
  divide?: ErrMode | null;
  /** Overflow's mode. */
  over?: ErrMode | null;
  /** Underflow's mode. */
  under?: ErrMode | null;
  /** Invalid values' mode. */
  invalid?: ErrMode | null;
}
/** np.seterr's call forms: `seterr(all?, divide?, over?, under?, invalid?)`, the keywords also in trailing options. */
export type SeterrArgs =
  | [opts?: SeterrOptions]
  | [all: ErrMode | null, opts?: SeterrOptions]
  | [all: ErrMode | null, divide: ErrMode | null, opts?: SeterrOptions]
  | [all: ErrMode | null, divide: ErrMode | null, over: ErrMode | null, opts?: SeterrOptions]
  | [all: ErrMode | null, divide: ErrMode | null, over: ErrMode | null, under: ErrMode | null, opts?: SeterrOptions]
  | [
    all: ErrMode | null,
    divide: ErrMode | null,
    over: ErrMode | null,
    under: ErrMode | null,
    invalid: ErrMode | null,
  ];
/** np.errstate's keywords: seterr's and `call` (seterrcall's handler while the state holds). */
export interface ErrstateOptions extends SeterrOptions {
  /** The handler of the "call" and "log" modes while the state holds. */
  call?: ErrCall;
}
/** The handler of "call" (`f(errtype, flags)`) and "log" (an object with `write(message)`) modes. */
export type ErrCall = ((err: string, flag: number) => void) | { write(msg: string): void } | null;

/** Python's FloatingPointError: an operation's floating-point error under the "raise" mode. */
export class FloatingPointError extends RangeError {
  /** The error's class name. */
  override name = "FloatingPointError";
}

type Category = keyof ErrSettings;
const CATEGORIES: readonly Category[] = ["divide", "over", "under", "invalid"];
const MODES: readonly ErrMode[] = ["ignore", "warn", "raise", "call", "print", "log"];
/** NumPy's words for each category and its bit in a callback's flags. */
const WORDS: Record<Category, string> = {
  divide: "divide by zero",
  over: "overflow",
  under: "underflow",
  invalid: "invalid value",
};
const BITS: Record<Category, number> = { divide: 1, over: 2, under: 4, invalid: 8 };

let settings: ErrSettings = { divide: "warn", over: "warn", under: "ignore", invalid: "warn" };
let errcall: ErrCall = null;
let explicit = false;
/** Whether calls are checked: settings were set and some detected category reports (np holds the checked ufuncs). */
let checking = false;
const warned = new Set<string>();

function install(s: ErrSettings, isExplicit: boolean): void {
  settings = s;
  explicit = isExplicit;
  const next = explicit && (s.divide !== "ignore" || s.over !== "ignore" || s.invalid !== "ignore");
  if (next !== checking) {
    checking = next;
    swap();
  }
}

function updated(op: string, opts: Record<string, unknown>): ErrSettings {
  const next = { ...settings };
  const mode = (v: unknown): ErrMode => {
    if (!MODES.includes(v as ErrMode)) throw new RangeError(`invalid error mode '${fmtValue(v).slice(0, 100)}'`);
    return v as ErrMode;
  };
  for (const k of Object.keys(opts)) {
    if (k !== "all" && !CATEGORIES.includes(k as Category)) {
      throw new TypeError(`${op}() got an unexpected keyword argument '${k}'`);
    }
  }
  if (opts.all !== undefined && opts.all !== null) { for (const c of CATEGORIES) next[c] = mode(opts.all); }
  for (const c of CATEGORIES) if (opts[c] !== undefined && opts[c] !== null) next[c] = mode(opts[c]);
  return next;
}

/**
 * np.seterr: sets how floating-point errors are handled (per category, or `all` first) and returns the previous
 * settings (which `seterr(old)` restores).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const old = np.seterr({ divide: "raise" });
 * assert.throws(() => np.divide(np.array([1.5]), 0), np.FloatingPointError);
 * np.seterr(old);
 * ```
 */
export function seterr(...args: SeterrArgs): ErrSettings {
  const old = geterr();
  install(updated("seterr", bindArgs("seterr", ["all", "divide", "over", "under", "invalid"], args)), true);
  return old;
}

/**
 * np.geterr: the current floating-point error settings.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * assert.deepEqual(np.geterr(), { divide: "warn", over: "warn", under: "ignore", invalid: "warn" });
 * ```
 */
export function geterr(): ErrSettings {
  return { ...settings };
}

function checkCall(f: unknown): ErrCall {
  if (f === null || typeof f === "function") return f as ErrCall;
  if (typeof f === "object" && typeof (f as { write?: unknown }).write === "function") return f as ErrCall;
  throw new TypeError("python object must be callable or have a callable write method");
}

/**
 * np.seterrcall: sets the handler of the "call" mode (`f(errtype, flags)`) or "log" mode (an object whose
 * `write(message)` gets NumPy's text) and returns the previous one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const seen: string[] = [];
 * np.seterrcall((err) => void seen.push(err));
 * np.errstate({ all: "call" }, () => np.sqrt(np.array([-1.0])));
 * np.seterrcall(null);
 * assert.deepEqual(seen, ["invalid value"]);
 * ```
 */
export function seterrcall(func: ErrCall): ErrCall {
  const old = errcall;
  errcall = checkCall(func);
  return old;
}

/**
 * np.geterrcall: the handler set by seterrcall (null when none).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * assert.equal(np.geterrcall(), null);
 * ```
 */
export function geterrcall(): ErrCall {
  return errcall;
}

/** What `np.errstate(opts)` returns: a guard whose disposal restores the previous settings and handler. */
export type ErrstateGuard = ErrSettings & Disposable;

/**
 * NumPy's `with np.errstate(...)`: sets the error handling (seterr's keywords and `call`) now and returns a guard
 * whose disposal (the end of a `using` block) restores the previous state; with a function last, runs it under the
 * state and restores it when it returns or throws.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * assert.throws(
 *   () => np.errstate({ invalid: "raise" }, () => np.log(np.array([-1.0]))),
 *   /invalid value encountered in log/,
 * );
 * {
 *   using _ = np.errstate({ all: "ignore" });
 *   assert.equal(np.geterr().divide, "ignore");
 * }
 * assert.equal(np.geterr().divide, "warn");
 * ```
 */
export function errstate<T>(opts: ErrstateOptions, fn: () => T): T;
/** A `using` guard: the state holds until the block ends. */
export function errstate(opts?: ErrstateOptions): ErrstateGuard;
export function errstate(opts: ErrstateOptions = {}, fn?: () => unknown): unknown {
  // (a list is not keywords: NumPy's errstate takes no positional argument)
  if (opts === null || typeof opts !== "object" || Array.isArray(opts)) {
    throw new TypeError(
      `errstate(): expected an options object, got ${Array.isArray(opts) ? "a list" : fmtValue(opts)}`,
    );
  }
  if (fn !== undefined && typeof fn !== "function") {
    throw new TypeError(`errstate(): expected a function to run, got ${fmtValue(fn)}`);
  }
  const { call, ...rest } = opts;
  const next = updated("errstate", rest), nextCall = "call" in opts ? checkCall(call) : errcall;
  const prev = settings, prevExplicit = explicit, prevCall = errcall;
  install(next, true);
  errcall = nextCall;
  const restore = () => {
    install(prev, prevExplicit);
    errcall = prevCall;
  };
  if (!fn) return Object.assign(geterr(), { [Symbol.dispose]: restore });
  try {
    return fn();
  } finally {
    restore();
  }
}

/** Reports the flagged categories of one call of ufunc `name`, in NumPy's order, each as its mode says. */
function report(name: string, flagged: Category[]): void {
  const flags = flagged.reduce((f, c) => f | BITS[c], 0);
  for (const c of flagged) {
    const msg = `${WORDS[c]} encountered in ${name}`;
    switch (settings[c]) {
      case "raise":
        throw new FloatingPointError(msg);
      case "warn":
        // once per message, as Python's default warning filter shows a warning once per place
        if (!warned.has(msg)) {
          warned.add(msg);
          console.warn(`RuntimeWarning: ${msg}`);
        }
        break;
      case "print":
        console.error(`Warning: ${msg}`);
        break;
      case "call":
        if (typeof errcall === "function") errcall(WORDS[c], flags);
        break;
      case "log":
        if (errcall && typeof errcall === "object") errcall.write(`Warning: ${msg}\n`);
        break;
    }
  }
}

type Fn = (...args: unknown[]) => unknown;
/** How a ufunc's infinities from finite inputs are named: divide by zero (log & co), or overflow. */
type InfKind = "divide" | "over";
const UNARY: Record<string, InfKind> = {
  log: "divide",
  log2: "divide",
  log10: "divide",
  log1p: "divide",
  sqrt: "over",
  exp: "over",
  exp2: "over",
  expm1: "over",
};
const BINARY: Record<string, string> = {
  add: "add",
  subtract: "subtract",
  multiply: "multiply",
  divide: "divide",
  trueDivide: "divide",
  floorDivide: "floor_divide",
  remainder: "remainder",
  mod: "remainder",
  power: "power",
};

/** The np functions that report errors: each of `fns` (np's generated functions) named in the tables above, checked. */
function errorChecked(fns: NpFunctions): Record<string, Fn> {
  const np = fns;
  const any = (m: unknown) => Boolean((np.any(m as NDArray) as NDArray).item());
  const and = (...ms: unknown[]) => ms.reduce((a, b) => np.logicalAnd(a as NDArray, b as NDArray)) as NDArray;
  const not = (m: unknown) => np.logicalNot(m as NDArray) as NDArray;
  const isFloatArr = (a: NDArray) => a.dtype === "float32" || a.dtype === "float64";
  // the operands as a call gives them: positionally, or named in its trailing options
  const operands = (args: unknown[], names: string[]): unknown[] => {
    const last = args[args.length - 1];
    const kw = last !== null && typeof last === "object" && Object.getPrototypeOf(last) === Object.prototype
      ? last as Record<string, unknown>
      : {};
    return names.map((n, i) => (i < args.length && args[i] !== kw ? args[i] : kw[n]));
  };
  const whereOf = (args: unknown[]) => {
    const last = args[args.length - 1] as Record<string, unknown> | undefined;
    return last && typeof last === "object" && Object.getPrototypeOf(last) === Object.prototype &&
        last.where !== undefined && last.where !== true
      ? np.asarray(last.where as ArrayLike) as NDArray
      : null;
  };
  const out: Record<string, Fn> = {};
  for (const [name, inf] of Object.entries(UNARY)) {
    const f = (np as unknown as Record<string, Fn>)[name];
    out[name] = (...args: unknown[]) => {
      const r = f(...args);
      const res = r as NDArray;
      const [x0] = operands(args, ["x"]), x = np.asarray(x0 as ArrayLike) as NDArray, w = whereOf(args);
      if (!isFloatArr(res)) return r;
      const m = (v: NDArray) => (w ? and(v, w) : v);
      const infFromFinite = m(and(np.isinf(res), np.isfinite(x)));
      const flagged: Category[] = any(infFromFinite) ? [inf] : [];
      if (any(m(and(np.isnan(res), not(np.isnan(x)))))) flagged.push("invalid");
      if (flagged.length) report(name, flagged);
      return r;
    };
  }
  for (const [key, name] of Object.entries(BINARY)) {
    const f = (np as unknown as Record<string, Fn>)[key];
    out[key] = (...args: unknown[]) => {
      const r = f(...args);
      const res = r as NDArray, w = whereOf(args);
      const [a0, b0] = operands(args, ["x1", "x2"]);
      const a = np.asarray(a0 as ArrayLike) as NDArray, b = np.asarray(b0 as ArrayLike) as NDArray;
      const m = (v: NDArray) => (w ? and(v, w) : v);
      const flagged: Category[] = [];
      const byZero = np.equal(b, 0) as NDArray;
      let divide: NDArray | null = null;
      if (!isFloatArr(res)) {
        // integer division by zero gives 0 and sets the flag (floor_divide, remainder)
        if ((name === "floor_divide" || name === "remainder") && any(m(byZero))) report(name, ["divide"]);
        return r;
      }
      if (name === "divide" || name === "floor_divide") {
        divide = and(byZero, np.isfinite(a), np.notEqual(a, 0));
      } else if (name === "power") divide = and(np.equal(a, 0), np.less(b, 0));
      if (divide && any(m(divide))) flagged.push("divide");
      const over = and(np.isinf(res), np.isfinite(a), np.isfinite(b), divide ? not(divide) : true);
      if (any(m(over))) flagged.push("over");
      if (any(m(and(np.isnan(res), not(np.isnan(a)), not(np.isnan(b)))))) flagged.push("invalid");
      if (flagged.length) report(name, flagged);
      return r;
    };
  }
  return out;
}

/** The namespace whose ufuncs are swapped, their own functions, and their checked twins. */
let target: { ns: Record<string, unknown>; raw: Record<string, Fn>; checked: Record<string, Fn> } | null = null;

/** Puts the checked ufuncs into the namespace while checking, its own ones otherwise (so unchecked calls cost nothing). */
function swap(): void {
  if (!target) return;
  const fns = checking ? target.checked : target.raw;
  for (const k of Object.keys(fns)) target.ns[k] = fns[k];
}

/**
 * Registers np's namespace: while the settings ask for reports, its element-wise arithmetic, log & co, sqrt and
 * exp & co are replaced by twins that check their results (a function taken from np before seterr stays unchecked).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * // src/numpy/mod.ts registers np itself
 * assert.throws(() => np.errstate({ divide: "raise" }, () => np.log(np.array([0.5, 0]))), np.FloatingPointError);
 * ```
 */
export function reportErrorsIn(ns: NpFunctions): void {
  const checked = errorChecked(ns), all = ns as unknown as Record<string, Fn>;
  target = { ns: all, raw: Object.fromEntries(Object.keys(checked).map((k) => [k, all[k]])), checked };
  swap();
}
