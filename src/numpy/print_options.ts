/**
 * NumPy's printing options and functions: np.setPrintoptions,
 * getPrintoptions, printoptions (a `using` guard or a callback scope),
 * array2string, arrayRepr, arrayStr, formatFloatPositional and
 * formatFloatScientific. Arguments go in NumPy's positional order, then an
 * options object with NumPy's keywords in camelCase; values are checked as
 * NumPy checks them, with its messages (ValueError -> RangeError). The
 * printing itself is src/numpy/format.ts.
 */
import { Binder, type Converters, opt, req } from "../api/signature.ts";
import type { Trim } from "../core/dragon4.ts";
import { dragon4Positional, dragon4Scientific } from "../core/dragon4.ts";
import { elementReader } from "../ops/operand.ts";
import {
  array2string as format2string,
  arrayRepr as formatRepr,
  arrayStr as formatStr,
  type FloatMode,
  type LegacyMode,
  type Printable,
  type PrintFormatter,
  type PrintOptions,
  printOptions,
  replacePrintOptions,
  type SignMode,
} from "./format.ts";
import { NDArray } from "./ndarray.ts";

export type { FloatMode, LegacyMode, PrintFormatter, PrintOptions, SignMode };

/**
 * Call forms of a function whose positional parameters are `P`: any prefix
 * of them (undefined skips one), then the options object `O`.
 */
export type PrefixForms<P extends readonly unknown[], O, Done extends readonly unknown[] = []> =
  | [...Done, O?]
  | (P extends readonly [infer H, ...infer R] ? PrefixForms<R, O, [...Done, H | undefined]> : never);

/** np.setPrintoptions's options (NumPy's keywords; null or a left-out key keeps an option as it is). */
export interface PrintOptionsArgs {
  /** Fraction digits of floats. */
  precision?: number | null;
  /** Arrays with more elements are summarized (Infinity: never). */
  threshold?: number | null;
  /** Items kept at each end of a summarized axis. */
  edgeitems?: number | null;
  /** Characters per line. */
  linewidth?: number | null;
  /** Fixed-point floats always (tiny values print as zero). */
  suppress?: boolean | null;
  /** The text of NaN. */
  nanstr?: string | null;
  /** The text of infinity. */
  infstr?: string | null;
  /** Per-kind callbacks; reset by every setPrintoptions call that does not give them, as in NumPy. */
  formatter?: PrintFormatter | null;
  /** Sign of positive numbers: "-", "+" or " ". */
  sign?: SignMode | null;
  /** "fixed", "unique", "maxprec" or "maxprec_equal". */
  floatmode?: FloatMode | null;
  /** "1.13", "1.21", "1.25", "2.1", "2.2" or false. */
  legacy?: LegacyMode | null;
}

/** np.setPrintoptions's call forms: `setPrintoptions(4)`, `setPrintoptions({ precision: 4, suppress: true })`. */
export type SetPrintoptionsArgs = PrefixForms<
  [
    precision: number | null,
    threshold: number | null,
    edgeitems: number | null,
    linewidth: number | null,
    suppress: boolean | null,
    nanstr: string | null,
    infstr: string | null,
    formatter: PrintFormatter | null,
    sign: SignMode | null,
    floatmode: FloatMode | null,
  ],
  PrintOptionsArgs
>;
/** np.printoptions's call forms: setPrintoptions's, optionally followed by the function to run under them. */
export type PrintoptionsArgs = SetPrintoptionsArgs;

/** np.array2string's keyword options. */
export interface Array2stringOptions {
  /** Characters per line (default: the linewidth option). */
  maxLineWidth?: number | null;
  /** Fraction digits of floats. */
  precision?: number | null;
  /** Fixed-point floats, tiny values as zero. */
  suppressSmall?: boolean | null;
  /** Between elements (default " "). */
  separator?: string;
  /** Its length indents continuation lines (the text itself is not printed). */
  prefix?: string;
  /** Per-kind callbacks (default: the formatter option). */
  formatter?: PrintFormatter | null;
  /** Summarization threshold. */
  threshold?: number | null;
  /** Items kept at each end of a summarized axis. */
  edgeitems?: number | null;
  /** Sign of positive numbers. */
  sign?: SignMode | null;
  /** How precision applies. */
  floatmode?: FloatMode | null;
  /** Its length is kept free at the end of the last line. */
  suffix?: string;
  /** Legacy printing mode. */
  legacy?: LegacyMode | null;
}
/** np.array2string's call forms: `array2string(a)`, `array2string(a, 40, 2)`, `array2string(a, { separator: "," })`. */
export type Array2stringArgs = [
  a: NDArray,
  ...PrefixForms<
    [
      maxLineWidth: number | null,
      precision: number | null,
      suppressSmall: boolean | null,
      separator: string,
      prefix: string,
    ],
    Array2stringOptions
  >,
];

/** np.arrayRepr's and np.arrayStr's options. */
export interface ArrayReprOptions {
  /** Characters per line (default: the linewidth option). */
  maxLineWidth?: number | null;
  /** Fraction digits of floats. */
  precision?: number | null;
  /** Fixed-point floats, tiny values as zero. */
  suppressSmall?: boolean | null;
}
/** np.arrayRepr's / np.arrayStr's call forms: `arrayRepr(a)`, `arrayRepr(a, 40, 2, true)`, `arrayRepr(a, { precision: 2 })`. */
export type ArrayReprArgs = [
  arr: NDArray,
  ...PrefixForms<
    [maxLineWidth: number | null, precision: number | null, suppressSmall: boolean | null],
    ArrayReprOptions
  >,
];

/** A value np.formatFloat* format: a number (a float64), or a 0-d array (a float32 one prints as NumPy's np.float32). */
export type FloatScalar = number | bigint | boolean | NDArray;

/** np.formatFloatPositional's options. */
export interface FormatFloatPositionalOptions {
  /** At most this many digits (fraction digits, or significant ones when not fractional). */
  precision?: number | null;
  /** Shortest round-trip digits (else the exact value's, to `precision`). */
  unique?: boolean;
  /** `precision` and `minDigits` count fraction digits (else significant digits). */
  fractional?: boolean;
  /** "k" keeps trailing zeros, "." trims them, "0" leaves one, "-" trims them and the point. */
  trim?: Trim;
  /** A "+" before positive values. */
  sign?: boolean;
  /** Spaces to this many characters left of the point. */
  padLeft?: number | null;
  /** Spaces to this many characters right of the point. */
  padRight?: number | null;
  /** At least this many digits (unique mode). */
  minDigits?: number | null;
}
/** np.formatFloatPositional's call forms. */
export type FormatFloatPositionalArgs = [
  x: FloatScalar,
  ...PrefixForms<
    [
      precision: number | null,
      unique: boolean,
      fractional: boolean,
      trim: Trim,
      sign: boolean,
      padLeft: number | null,
      padRight: number | null,
      minDigits: number | null,
    ],
    FormatFloatPositionalOptions
  >,
];

/** np.formatFloatScientific's options. */
export interface FormatFloatScientificOptions {
  /** At most this many fraction digits. */
  precision?: number | null;
  /** Shortest round-trip digits (else the exact value's, to `precision`). */
  unique?: boolean;
  /** "k" keeps trailing zeros, "." trims them, "0" leaves one, "-" trims them and the point. */
  trim?: Trim;
  /** A "+" before positive values. */
  sign?: boolean;
  /** Spaces to this many characters left of the point. */
  padLeft?: number | null;
  /** At least this many exponent digits (default 2). */
  expDigits?: number | null;
  /** At least this many digits (unique mode). */
  minDigits?: number | null;
}
/** np.formatFloatScientific's call forms. */
export type FormatFloatScientificArgs = [
  x: FloatScalar,
  ...PrefixForms<
    [
      precision: number | null,
      unique: boolean,
      trim: Trim,
      sign: boolean,
      padLeft: number | null,
      expDigits: number | null,
      minDigits: number | null,
    ],
    FormatFloatScientificOptions
  >,
];

// the binders take any values (as Python would) so that the checks below can answer with NumPy's errors
const any = (name: string, def: unknown = null) => opt(name, "any", def, { nullable: true });
const OPTION_NAMES = [
  "precision",
  "threshold",
  "edgeitems",
  "linewidth",
  "suppress",
  "nanstr",
  "infstr",
  "formatter",
  "sign",
  "floatmode",
] as const;
const SET = new Binder("setPrintoptions", { pos: OPTION_NAMES.map((n) => any(n)), kw: [any("legacy")] });
const A2S = new Binder("array2string", {
  pos: [
    req("a", "any"),
    any("maxLineWidth"),
    any("precision"),
    any("suppressSmall"),
    any("separator", " "),
    any("prefix", ""),
  ],
  kw: ["formatter", "threshold", "edgeitems", "sign", "floatmode", "legacy"].map((n) => any(n)).concat(
    any("suffix", ""),
  ),
});
const reprBinder = (name: string) =>
  new Binder(name, { pos: [req("arr", "any"), any("maxLineWidth"), any("precision"), any("suppressSmall")], kw: [] });
const REPR = reprBinder("arrayRepr"), STR = reprBinder("arrayStr");
const FFP = new Binder("formatFloatPositional", {
  pos: [
    req("x", "any"),
    any("precision"),
    any("unique", true),
    any("fractional", true),
    any("trim", "k"),
    any("sign", false),
    any("padLeft"),
    any("padRight"),
    any("minDigits"),
  ],
  kw: [],
});
const FFS = new Binder("formatFloatScientific", {
  pos: [
    req("x", "any"),
    any("precision"),
    any("unique", true),
    any("trim", "k"),
    any("sign", false),
    any("padLeft"),
    any("expDigits"),
    any("minDigits"),
  ],
  kw: [],
});
const CONV: Converters = {
  array: (v) => v,
  isArray: (v) => v instanceof NDArray,
  dtype: () => undefined,
  arrayName: "ndarray",
};

const FLOATMODES: readonly FloatMode[] = ["fixed", "unique", "maxprec", "maxprec_equal"];
const LEGACY: readonly LegacyMode[] = ["1.13", "1.21", "1.25", "2.1", "2.2", false];
const FORMATTER_KEYS: readonly (keyof PrintFormatter)[] = [
  "all",
  "bool",
  "int",
  "intKind",
  "float",
  "floatKind",
  "longfloat",
];

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v);
function intOption(name: string, v: unknown, min = -Infinity): number {
  if (!isInt(v)) throw new TypeError(`${name} must be an integer, not ${typeof v}`);
  if (v < min) throw new RangeError(`${name} must be >= ${min}`);
  return v;
}
function boolOption(name: string, v: unknown): boolean {
  if (typeof v !== "boolean") throw new TypeError(`${name} must be a boolean, not ${typeof v}`);
  return v;
}
function stringOption(name: string, v: unknown): string {
  if (typeof v !== "string") throw new TypeError(`${name} must be a string, not ${typeof v}`);
  return v;
}

/**
 * NumPy's _make_options_dict: the given (non-null) options, checked. An
 * unknown legacy string is ignored with NumPy's warning.
 */
function checkOptions(given: Record<string, unknown>, fn: string): Partial<PrintOptions> {
  const out: Partial<PrintOptions> = {};
  for (const [key, v] of Object.entries(given)) {
    if (v === null || v === undefined) continue;
    switch (key) {
      case "precision":
        if (!isInt(v)) throw new TypeError("precision must be an integer");
        out.precision = v;
        break;
      case "threshold":
        if (typeof v !== "number") throw new TypeError("threshold must be numeric");
        if (Number.isNaN(v)) {
          throw new RangeError("threshold must be non-NAN, try sys.maxsize for untruncated representation");
        }
        out.threshold = v;
        break;
      case "edgeitems":
        // NumPy does not check it; a negative count prints nonsense there, so it is refused here
        out.edgeitems = intOption("edgeitems", v, 0);
        break;
      case "linewidth":
        out.linewidth = intOption("linewidth", v);
        break;
      case "suppress":
        out.suppress = boolOption("suppress", v);
        break;
      case "nanstr":
      case "infstr":
        out[key] = stringOption(key, v);
        break;
      case "formatter":
        out.formatter = checkFormatter(v);
        break;
      case "sign":
        if (v !== "-" && v !== "+" && v !== " ") throw new RangeError("sign option must be one of ' ', '+', or '-'");
        out.sign = v;
        break;
      case "floatmode":
        if (!FLOATMODES.includes(v as FloatMode)) {
          throw new RangeError(`floatmode option must be one of ${FLOATMODES.map((m) => `"${m}"`).join(", ")}`);
        }
        out.floatmode = v as FloatMode;
        break;
      case "legacy":
        if (LEGACY.includes(v as LegacyMode)) out.legacy = v as LegacyMode;
        else {
          console.warn(
            `UserWarning: ${fn}: legacy printing option can currently only be '1.13', '1.21', '1.25', '2.1', '2.2' or \`False\``,
          );
        }
        break;
    }
  }
  return out;
}

function checkFormatter(v: unknown): PrintFormatter {
  if (typeof v !== "object" || Array.isArray(v)) throw new TypeError(`formatter must be an object, not ${typeof v}`);
  const f = v as Record<string, unknown>, out: Record<string, unknown> = {};
  // a copy of the callbacks dendrite's dtypes use (NumPy ignores keys of kinds it does not print)
  for (const k of FORMATTER_KEYS) {
    const g = f[k];
    if (g === undefined || g === null) continue;
    if (typeof g !== "function") throw new TypeError(`formatter['${k}'] must be a function, not ${typeof g}`);
    out[k] = g;
  }
  return out as PrintFormatter;
}

/** The options record setPrintoptions(args) makes from the current one (NumPy's _set_printoptions). */
function updatedOptions(fn: string, args: readonly unknown[]): PrintOptions {
  const given = checkOptions(SET.bind(args, CONV), fn);
  // formatter is always reset (NumPy: "formatter is always reset with a call to set_printoptions")
  const next: PrintOptions = { ...printOptions(), ...given, formatter: given.formatter ?? null };
  if (next.legacy === "1.13") next.sign = "-";
  return next;
}

/**
 * Sets NumPy's print options (np.set_printoptions): precision, threshold,
 * edgeitems, linewidth, suppress, nanstr, infstr, formatter, sign,
 * floatmode, and legacy by name. Options not given keep their values,
 * except `formatter`, which every call resets, as NumPy does.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * np.setPrintoptions({ precision: 3, suppress: true });
 * assert.equal(String(np.array([1 / 3, 1e-9]).toString()), "array([0.333, 0.   ])");
 * np.setPrintoptions(8, { suppress: false }); // NumPy's defaults again
 * ```
 */
export function setPrintoptions(...args: SetPrintoptionsArgs): void {
  replacePrintOptions(updatedOptions("setPrintoptions", args));
}

/**
 * The print options in force (np.get_printoptions): a copy, which
 * setPrintoptions takes back (`np.setPrintoptions(saved)`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * assert.equal(np.getPrintoptions().linewidth, 75);
 * ```
 */
export function getPrintoptions(): PrintOptions {
  return { ...printOptions() };
}

/** What `np.printoptions(opts)` returns: the options it set, and the disposer that restores the previous ones. */
export type PrintoptionsGuard = PrintOptions & Disposable;

/**
 * NumPy's `with np.printoptions(...)` context manager: sets the options now
 * and returns a guard whose disposal (the end of a `using` block) restores
 * the previous ones; with a function last, runs it under the options and
 * restores them when it returns or throws.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * {
 *   using _ = np.printoptions({ precision: 2 });
 *   assert.equal(np.array([2 / 3]).toString(), "array([0.67])");
 * }
 * assert.equal(np.array([2 / 3]).toString(), "array([0.66666667])");
 * assert.equal(np.printoptions({ threshold: 5 }, () => String(np.arange(10))), "[0 1 2 ... 7 8 9]");
 * ```
 */
export function printoptions<T>(...args: [...PrintoptionsArgs, () => T]): T;
/** A `using` guard: the options hold until the block ends. */
export function printoptions(...args: PrintoptionsArgs): PrintoptionsGuard;
export function printoptions(...args: unknown[]): unknown {
  const fn = typeof args[args.length - 1] === "function" ? args.pop() as () => unknown : undefined;
  const prev = replacePrintOptions(updatedOptions("printoptions", args));
  const restore = () => void replacePrintOptions(prev);
  if (!fn) return Object.assign(getPrintoptions(), { [Symbol.dispose]: restore });
  try {
    return fn();
  } finally {
    restore();
  }
}

function printable(a: unknown, fn: string): Printable {
  if (!(a instanceof NDArray)) throw new TypeError(`${fn}(): expected an ndarray, not ${describeValue(a)}`);
  return { shape: a.shape, dtype: a.dtype, at: elementReader(a) };
}
const describeValue = (v: unknown) => (Array.isArray(v) ? "Array" : v === null ? "null" : typeof v);

/** The current options with array_repr's / array_str's overrides. */
function reprOptions(b: Record<string, unknown>, fn: string): PrintOptions {
  return {
    ...printOptions(),
    ...checkOptions({ linewidth: b.maxLineWidth, precision: b.precision, suppress: b.suppressSmall }, fn),
  };
}

/**
 * NumPy's np.array2string: the array's text under the print options with
 * the given ones overriding them, `separator` between elements.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const x = np.array([1e-16, 1, 2, 3]);
 * assert.equal(np.array2string(x, { precision: 2, separator: ",", suppressSmall: true }), "[0.,1.,2.,3.]");
 * assert.equal(np.array2string(np.arange(3), { formatter: { int: (v) => `0x${v.toString(16)}` } }), "[0x0 0x1 0x2]");
 * ```
 */
export function array2string(...args: Array2stringArgs): string {
  const b = A2S.bind(args, CONV);
  const a = printable(b.a, "array2string");
  for (const k of ["separator", "prefix", "suffix"]) stringOption(k, b[k]);
  const o: PrintOptions = {
    ...printOptions(),
    ...checkOptions({
      precision: b.precision,
      threshold: b.threshold,
      edgeitems: b.edgeitems,
      linewidth: b.maxLineWidth,
      suppress: b.suppressSmall,
      sign: b.sign,
      formatter: b.formatter,
      floatmode: b.floatmode,
      legacy: b.legacy,
    }, "array2string"),
  };
  return format2string(a, o, b.separator, b.prefix, b.suffix);
}

/**
 * NumPy's np.array_repr: `repr(arr)` with the line width, precision and
 * small-value suppression given here.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const x = np.array([1e-6, 4e-7, 2, 3]);
 * assert.equal(np.arrayRepr(x, { precision: 6, suppressSmall: true }), "array([0.000001, 0.      , 2.      , 3.      ])");
 * ```
 */
export function arrayRepr(...args: ArrayReprArgs): string {
  const b = REPR.bind(args, CONV);
  return formatRepr(printable(b.arr, "arrayRepr"), reprOptions(b, "arrayRepr"));
}

/**
 * NumPy's np.array_str: `str(a)` with the line width, precision and
 * small-value suppression given here.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * assert.equal(np.arrayStr(np.array([1 / 3, 2]), { precision: 2 }), "[0.33 2.  ]");
 * ```
 */
export function arrayStr(...args: ArrayReprArgs): string {
  const b = STR.bind(args, CONV);
  return formatStr(printable(b.arr, "arrayStr"), reprOptions(b, "arrayStr"));
}

/** NumPy's _none_or_positive_arg: -1 for null, else a non-negative integer. */
function noneOrPositive(v: unknown, name: string): number {
  if (v === null || v === undefined) return -1;
  if (!isInt(v)) throw new TypeError(`${name}: integer argument expected, got ${typeof v}`);
  if (v < 0) throw new RangeError(`${name} must be >= 0`);
  return v;
}

/** The value and whether it is a float32 (a float32 0-d array, NumPy's np.float32 scalar). */
function floatScalar(x: unknown, fn: string): [number, boolean] {
  if (typeof x === "number") return [x, false];
  if (typeof x === "bigint" || typeof x === "boolean") return [Number(x), false];
  if (x instanceof NDArray) {
    if (x.ndim !== 0) throw new TypeError("only 0-dimensional arrays can be converted to Python scalars");
    return [Number(x.item()), x.dtype === "float32"];
  }
  throw new TypeError(`${fn}(): must be real number, not ${describeValue(x)}`);
}

const TRIMS: readonly string[] = ["k", ".", "0", "-"];
function checkTrim(trim: unknown): Trim {
  if (typeof trim !== "string" || !TRIMS.includes(trim)) {
    throw new TypeError(`if supplied, trim must be 'k', '.', '0' or '-' found \`${String(trim).padStart(100)}\``);
  }
  return trim as Trim;
}

/**
 * NumPy's np.format_float_positional: one float in positional notation,
 * with Dragon4's rounding, trimming and padding options.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * assert.equal(np.formatFloatPositional(np.array(Math.PI, { dtype: "float32" })), "3.1415927");
 * assert.equal(np.formatFloatPositional(0.3, { unique: false, precision: 20 }), "0.29999999999999998890");
 * ```
 */
export function formatFloatPositional(...args: FormatFloatPositionalArgs): string {
  const b = FFP.bind(args, CONV);
  const precision = noneOrPositive(b.precision, "precision"), padLeft = noneOrPositive(b.padLeft, "pad_left");
  const padRight = noneOrPositive(b.padRight, "pad_right"), minDigits = noneOrPositive(b.minDigits, "min_digits");
  if (!b.fractional && precision === 0) throw new RangeError("precision must be greater than 0 if fractional=False");
  if (minDigits > 0 && precision > 0 && minDigits > precision) {
    throw new RangeError("min_digits must be less than or equal to precision");
  }
  const [x, f32] = floatScalar(b.x, "formatFloatPositional");
  return dragon4Positional(x, f32, {
    precision,
    minDigits,
    unique: Boolean(b.unique),
    fractional: Boolean(b.fractional),
    trim: checkTrim(b.trim),
    sign: Boolean(b.sign),
    padLeft,
    padRight,
  });
}

/**
 * NumPy's np.format_float_scientific: one float in scientific notation,
 * with Dragon4's rounding, trimming and padding options.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * assert.equal(np.formatFloatScientific(np.array(1.23e24, { dtype: "float32" }), { unique: false, precision: 15 }), "1.230000071797338e+24");
 * assert.equal(np.formatFloatScientific(1.23e24, { expDigits: 4 }), "1.23e+0024");
 * ```
 */
export function formatFloatScientific(...args: FormatFloatScientificArgs): string {
  const b = FFS.bind(args, CONV);
  const precision = noneOrPositive(b.precision, "precision"), padLeft = noneOrPositive(b.padLeft, "pad_left");
  const expDigits = noneOrPositive(b.expDigits, "exp_digits"), minDigits = noneOrPositive(b.minDigits, "min_digits");
  if (minDigits > 0 && precision > 0 && minDigits > precision) {
    throw new RangeError("min_digits must be less than or equal to precision");
  }
  const [x, f32] = floatScalar(b.x, "formatFloatScientific");
  return dragon4Scientific(x, f32, {
    precision,
    minDigits,
    unique: Boolean(b.unique),
    trim: checkTrim(b.trim),
    sign: Boolean(b.sign),
    padLeft,
    expDigits,
  });
}
