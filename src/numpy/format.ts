/**
 * NumPy's array printing (numpy/_core/arrayprint.py of NumPy 2.4): repr,
 * str and array2string under the print options (precision, floatmode,
 * suppress, sign, threshold and edgeitems, linewidth, nanstr / infstr,
 * formatter callbacks, legacy modes), with the floats' digits from NumPy's
 * Dragon4, so ported scripts print what NumPy prints. The options are one
 * global record, as NumPy's `format_options`; src/numpy/print_options.ts
 * is the public surface that reads, checks and sets them.
 */
import type { DType } from "../core/dtype.ts";
import { dragon4Positional, dragon4Scientific, type Trim } from "../core/dragon4.ts";

type Value = number | bigint | boolean;

/** NumPy's floatmode: how `precision` is read for floats. */
export type FloatMode = "fixed" | "unique" | "maxprec" | "maxprec_equal";
/** NumPy's sign option: "-" only negatives, "+" always, " " a space for positives. */
export type SignMode = "-" | "+" | " ";
/** NumPy's legacy printing modes (false: none). */
export type LegacyMode = "1.13" | "1.21" | "1.25" | "2.1" | "2.2" | false;

/**
 * Formatting callbacks by kind (NumPy's `formatter` dict): `all` applies to
 * every dtype, `intKind` / `floatKind` to the integer / float dtypes, and
 * `bool`, `int`, `float` (and `longfloat`, a float here) to one kind each; the
 * more specific key wins. A callback returns an element's whole text (no
 * padding is added). NumPy's other keys (complex, string, datetime, object
 * kinds) name dtypes dendrite does not have and are ignored, as NumPy ignores
 * keys it does not know.
 */
export interface PrintFormatter {
  /** Every element. */
  all?: (x: number | bigint | boolean) => string;
  /** bool elements. */
  bool?: (x: boolean) => string;
  /** Integer elements (int64 beyond 2^53 as bigint). */
  int?: (x: number | bigint) => string;
  /** Integer elements (NumPy's "int_kind"). */
  intKind?: (x: number | bigint) => string;
  /** Float elements. */
  float?: (x: number) => string;
  /** Float elements (NumPy's "float_kind"). */
  floatKind?: (x: number) => string;
  /** NumPy's long double key: float elements here. */
  longfloat?: (x: number) => string;
}

/** The print options (np.getPrintoptions()). */
export interface PrintOptions {
  /** Fraction digits of floats (default 8). */
  precision: number;
  /** Arrays with more elements are summarized with "..." (default 1000). */
  threshold: number;
  /** Items kept at each end of a summarized axis (default 3). */
  edgeitems: number;
  /** Characters per line (default 75). */
  linewidth: number;
  /** Fixed-point floats always, tiny values printed as zero (default false). */
  suppress: boolean;
  /** The text of NaN (default "nan"). */
  nanstr: string;
  /** The text of infinity (default "inf"). */
  infstr: string;
  /** Sign of positive floats and integers (default "-": none). */
  sign: SignMode;
  /** Per-kind formatting callbacks (default null). */
  formatter: PrintFormatter | null;
  /** How precision applies (default "maxprec"). */
  floatmode: FloatMode;
  /** Legacy printing mode (default false). */
  legacy: LegacyMode;
}

/** NumPy's defaults (numpy/_core/printoptions.py). */
export const DEFAULT_PRINT_OPTIONS: Readonly<PrintOptions> = Object.freeze({
  precision: 8,
  threshold: 1000,
  edgeitems: 3,
  linewidth: 75,
  suppress: false,
  nanstr: "nan",
  infstr: "inf",
  sign: "-",
  formatter: null,
  floatmode: "maxprec",
  legacy: false,
});

let current: Readonly<PrintOptions> = DEFAULT_PRINT_OPTIONS;

/** The options in force (a frozen record; setting them replaces it). */
export function printOptions(): Readonly<PrintOptions> {
  return current;
}

/** Replaces the options in force, returning the previous ones (print_options.ts checks them first). */
export function replacePrintOptions(o: Readonly<PrintOptions>): Readonly<PrintOptions> {
  const prev = current;
  current = Object.freeze({ ...o });
  return prev;
}

// NumPy keeps legacy as an integer so that modes compare: 1.13 -> 113, ..., none -> sys.maxsize
const LEGACY_LEVEL: Record<string, number> = { "1.13": 113, "1.21": 121, "1.25": 125, "2.1": 201, "2.2": 202 };
const legacyLevel = (l: LegacyMode) => (l === false ? Infinity : LEGACY_LEVEL[l]);

/** A read-only accessor of an array's elements in C order. */
export interface Printable {
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Element at a C-order multi-index. */
  at(index: number[]): Value;
}

const isFloat = (d: DType) => d === "float32" || d === "float64";
const signbit = (v: number) => v < 0 || Object.is(v, -0);

/** A formatter's text, which must be a string (NumPy fails on concatenating anything else). */
function userText(f: (x: never) => unknown, v: Value): string {
  const s = f(v as never);
  if (typeof s !== "string") throw new TypeError(`formatter must return a string, not ${typeof s}`);
  return s;
}

/** The formatter callback of `formatter` for a dtype: specific key, else kind key, else "all". */
function userFormatter(f: PrintFormatter | null, dtype: DType): ((x: never) => unknown) | undefined {
  if (!f) return undefined;
  const pick = (...keys: (keyof PrintFormatter)[]) => keys.map((k) => f[k]).find((g) => g != null);
  if (dtype === "bool") return pick("bool", "all");
  if (isFloat(dtype)) return pick("float", "longfloat", "floatKind", "all");
  return pick("int", "intKind", "all");
}

/** NumPy's FloatingFormat: one format for all shown floats of an array. */
class FloatingFormat {
  readonly #f32: boolean;
  readonly #sign: SignMode;
  readonly #o: Readonly<PrintOptions>;
  #precision: number;
  #minDigits = -1;
  #unique = true;
  #trim: Trim = ".";
  #exp = false;
  #expSize = -1;
  #padLeft = 0;
  #padRight = 0;

  constructor(data: number[], f32: boolean, zeroD: boolean, o: Readonly<PrintOptions>) {
    const legacy = legacyLevel(o.legacy);
    this.#f32 = f32;
    this.#o = o;
    // 1.13 printed a space in the sign position of arrays (not of 0-d ones)
    this.#sign = legacy <= 113 && !zeroD && o.sign === "-" ? " " : o.sign;
    this.#precision = o.floatmode === "unique" ? -1 : o.precision;
    if (o.floatmode !== "unique" && o.precision < 0) throw new RangeError("precision must be >= 0");
    this.#fill(data, o, legacy);
  }

  #fill(data: number[], o: Readonly<PrintOptions>, legacy: number): void {
    const finite = data.filter(Number.isFinite), f32 = this.#f32, plus = this.#sign === "+";
    const abs = finite.filter((v) => v !== 0).map(Math.abs);
    if (abs.length) {
      let max = abs[0], min = abs[0];
      for (const v of abs) [max, min] = [Math.max(max, v), Math.min(min, v)];
      // the thresholds compare in the array's dtype (NumPy 2.4: float32 switches to exponents from 1e6)
      const cutoff = legacy <= 202 || !f32 ? 1e8 : 1e6;
      const ratio = f32 ? Math.fround(max / min) : max / min, small = f32 ? Math.fround(1e-4) : 1e-4;
      this.#exp = max >= cutoff || (!o.suppress && (min < small || ratio > 1000));
    }
    if (finite.length === 0) {
      this.#padLeft = this.#padRight = 0;
      this.#trim = ".";
      this.#expSize = -1;
      this.#unique = true;
      this.#minDigits = -1;
    } else if (this.#exp) {
      const exact = o.floatmode === "fixed" || legacy <= 113;
      const [trim, unique]: [Trim, boolean] = exact ? ["k", false] : [".", true];
      let intW = 0, fracW = 0, expW = 0;
      for (const x of finite) {
        const s = dragon4Scientific(x, f32, { precision: this.#precision, unique, trim, sign: plus });
        const e = s.indexOf("e"), dot = s.indexOf(".");
        intW = Math.max(intW, dot);
        fracW = Math.max(fracW, e - dot - 1);
        expW = Math.max(expW, s.length - e - 1);
      }
      this.#expSize = expW - 1;
      this.#trim = "k";
      this.#precision = this.#minDigits = fracW;
      this.#unique = unique;
      this.#padLeft = legacy <= 113 ? 3 : intW;
      this.#padRight = this.#expSize + 2 + fracW;
    } else {
      const fixed = o.floatmode === "fixed";
      const [trim, unique]: [Trim, boolean] = fixed ? ["k", false] : [".", true];
      let intW = 0, fracW = 0;
      for (const x of finite) {
        const s = dragon4Positional(x, f32, { precision: this.#precision, unique, trim, sign: plus });
        const dot = s.indexOf(".");
        // 1.13 measured the integer part without its sign and added a column for it
        intW = Math.max(intW, legacy <= 113 ? 1 + dot - (/^[-+]/.test(s) ? 1 : 0) : dot);
        fracW = Math.max(fracW, s.length - dot - 1);
      }
      this.#padLeft = intW;
      this.#padRight = fracW;
      this.#unique = unique;
      if (fixed || o.floatmode === "maxprec_equal") {
        this.#precision = this.#minDigits = fracW;
        this.#trim = "k";
      } else {
        this.#trim = ".";
        this.#minDigits = 0;
      }
    }
    if (legacy > 113 && this.#sign === " " && !finite.some(signbit)) this.#padLeft += 1;
    if (finite.length !== data.length) {
      const negInf = this.#sign !== "-" || data.some((v) => v === -Infinity) ? 1 : 0;
      const offset = this.#padRight + 1;
      this.#padLeft = Math.max(this.#padLeft, o.nanstr.length - offset, o.infstr.length + negInf - offset);
    }
  }

  format(x: number): string {
    const plus = this.#sign === "+";
    if (!Number.isFinite(x)) {
      const ret = Number.isNaN(x)
        ? (plus ? "+" : "") + this.#o.nanstr
        : (x < 0 ? "-" : plus ? "+" : "") + this.#o.infstr;
      return ret.padStart(this.#padLeft + this.#padRight + 1);
    }
    const common = {
      precision: this.#precision,
      minDigits: this.#minDigits,
      unique: this.#unique,
      trim: this.#trim,
      sign: plus,
      padLeft: this.#padLeft,
    };
    return this.#exp
      ? dragon4Scientific(x, this.#f32, { ...common, expDigits: this.#expSize })
      : dragon4Positional(x, this.#f32, { ...common, padRight: this.#padRight });
  }
}

/** Python's `'{:{sign}{width}d}'.format(x)`. */
function intText(v: number | bigint, sign: SignMode, width: number): string {
  const neg = v < 0;
  const s = (neg ? "-" : sign === "-" ? "" : sign) + String(neg ? -v : v);
  return s.padStart(width);
}

/** NumPy's IntegerFormat: the widest of max and min (with the sign's column). */
function integerFormat(data: (number | bigint)[], sign: SignMode): (v: Value) => string {
  let max = data[0], min = data[0];
  for (const v of data) {
    if (v > max) max = v;
    if (v < min) min = v;
  }
  if (sign === " " && min < 0) sign = "-";
  const maxLen = String(max).length + (max >= 0 && sign !== "-" ? 1 : 0);
  const width = Math.max(maxLen, String(min).length);
  return (v) => intText(v as number | bigint, sign, width);
}

/** The element formatter for the shown values of an array (NumPy's _get_format_function). */
function formatFunction(dtype: DType, data: Value[], zeroD: boolean, o: Readonly<PrintOptions>): (v: Value) => string {
  const user = userFormatter(o.formatter, dtype);
  if (user) return (v) => userText(user, v);
  if (dtype === "bool") return (v) => (v ? (zeroD ? "True" : " True") : "False");
  if (isFloat(dtype)) {
    const f = new FloatingFormat(data as number[], dtype === "float32", zeroD, o);
    return (v) => f.format(v as number);
  }
  return integerFormat(data as (number | bigint)[], o.sign);
}

/** Indices shown along an axis of length n (NumPy's _leading_trailing; edgeitems 0 keeps all: `a[-0:]`). */
function shownIndices(n: number, edge: number, summarize: boolean): number[] {
  const all = () => Array.from({ length: n }, (_, i) => i);
  if (!summarize || n <= 2 * edge) return all();
  if (edge === 0) return all();
  return [...Array.from({ length: edge }, (_, i) => i), ...Array.from({ length: edge }, (_, i) => n - edge + i)];
}

function collectShown(a: Printable, summarize: boolean, edge: number): Value[] {
  const out: Value[] = [];
  const walk = (idx: number[]) => {
    if (idx.length === a.shape.length) return void out.push(a.at(idx));
    for (const i of shownIndices(a.shape[idx.length], edge, summarize)) walk([...idx, i]);
  };
  walk([]);
  return out;
}

function extendLine(
  s: string,
  line: string,
  word: string,
  width: number,
  prefix: string,
  legacy: number,
): [string, string] {
  let wrap = line.length + word.length > width;
  // don't wrap lines if it won't help
  if (legacy > 113 && line.length <= prefix.length) wrap = false;
  if (wrap) {
    s += line.trimEnd() + "\n";
    line = prefix;
  }
  return [s, line + word];
}

/** _extendLine_pretty: a multi-line word (from a formatter) keeps its own line breaks, aligned. */
function extendLinePretty(
  s: string,
  line: string,
  word: string,
  width: number,
  prefix: string,
  legacy: number,
): [string, string] {
  const words = word.split(/\r\n|\r|\n/);
  if (words.length === 1 || legacy <= 113) return extendLine(s, line, word, width, prefix, legacy);
  const maxLen = Math.max(...words.map((w) => w.length));
  let indent: string;
  if (line.length + maxLen > width && line.length > prefix.length) {
    s += line.trimEnd() + "\n";
    line = prefix + words[0];
    indent = prefix;
  } else {
    indent = " ".repeat(line.length);
    line += words[0];
  }
  for (const w of words.slice(1)) {
    s += line.trimEnd() + "\n";
    line = indent + w;
  }
  return [s, line + " ".repeat(maxLen - words[words.length - 1].length)];
}

/** NumPy's _formatArray: nested brackets, wrapped rows, "..." for summarized axes. */
function formatArray(
  a: Printable,
  fmt: (v: Value) => string,
  lineWidth: number,
  nextLinePrefix: string,
  separator: string,
  edge: number,
  summarize: boolean,
  legacy: number,
): string {
  const rec = (index: number[], hanging: string, curWidth: number): string => {
    const axis = index.length, left = a.shape.length - axis;
    if (left === 0) return fmt(a.at(index));
    const nextHanging = hanging + " ", nextWidth = legacy <= 113 ? curWidth : curWidth - 1;
    const n = a.shape[axis];
    const summary = summarize && 2 * edge < n;
    const lead = summary ? edge : 0, trail = summary ? edge : n;
    const at = (i: number) => rec([...index, i < 0 ? n + i : i], nextHanging, nextWidth);
    let s = "";
    if (left === 1) {
      let elemWidth = legacy <= 113
        ? curWidth - separator.trimEnd().length
        : curWidth - Math.max(separator.trimEnd().length, 1);
      let line = hanging;
      for (let i = 0; i < lead; i++) {
        [s, line] = extendLinePretty(s, line, at(i), elemWidth, hanging, legacy);
        line += separator;
      }
      if (summary) {
        [s, line] = extendLine(s, line, "...", elemWidth, hanging, legacy);
        line += legacy <= 113 ? ", " : separator;
      }
      for (let i = trail; i > 1; i--) {
        [s, line] = extendLinePretty(s, line, at(-i), elemWidth, hanging, legacy);
        line += separator;
      }
      // 1.13 did not count the separator's width for the last element
      if (legacy <= 113) elemWidth = curWidth;
      [s, line] = extendLinePretty(s, line, at(-1), elemWidth, hanging, legacy);
      s += line;
    } else {
      const lineSep = separator.trimEnd() + "\n".repeat(left - 1);
      for (let i = 0; i < lead; i++) s += hanging + at(i) + lineSep;
      if (summary) s += hanging + "..." + (legacy <= 113 ? ", \n" : lineSep);
      for (let i = trail; i > 1; i--) s += hanging + at(-i) + lineSep;
      s += hanging + at(-1);
    }
    return "[" + s.slice(hanging.length) + "]";
  };
  return rec([], nextLinePrefix, lineWidth);
}

const sizeOf = (a: Printable) => a.shape.reduce((p, d) => p * d, 1);

/** Python's repr of a float (the shortest round-trip digits; exponent from 1e16 and below 1e-4). */
function pyFloatRepr(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
  const sci = dragon4Scientific(x, false, { trim: "-" });
  const e = Number(sci.slice(sci.indexOf("e") + 1));
  return e >= -4 && e < 16 ? dragon4Positional(x, false, { trim: "0" }) : sci;
}

/** `str()` / `repr()` of the Python scalar `a.item()` (what legacy 1.13 prints for 0-d arrays). */
export function pyScalarText(v: Value, dtype: DType): string {
  if (dtype === "bool") return v ? "True" : "False";
  return isFloat(dtype) ? pyFloatRepr(v as number) : String(v);
}

/** `str()` of a NumPy scalar: shortest digits, exponent outside [1e-4, 1e16) ([1e-4, 1e6) for float32). */
function npScalarStr(v: Value, dtype: DType, legacy: number): string {
  if (!isFloat(dtype)) return pyScalarText(v, dtype);
  const x = v as number, f32 = dtype === "float32";
  const max = legacy <= 202 || !f32 ? 1e16 : 1e6, abs = Math.abs(x);
  return Number.isNaN(x) || x === 0 || (abs < max && abs >= 1e-4)
    ? dragon4Positional(x, f32, { trim: "0" })
    : dragon4Scientific(x, f32, { trim: "-" });
}

/**
 * NumPy's array2string under the options `o`: `separator` between elements,
 * continuation lines indented by `prefix`'s length, the last line kept
 * `suffix`'s length short of the line width.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { array2string, printOptions } from "./format.ts";
 * const a = { shape: [3], dtype: "float64" as const, at: ([i]: number[]) => [1e-16, 1, 2][i] };
 * const o = { ...printOptions(), precision: 2, suppress: true };
 * assert.equal(array2string(a, o, ","), "[0.,1.,2.]");
 * ```
 */
export function array2string(
  a: Printable,
  o: Readonly<PrintOptions>,
  separator = " ",
  prefix = "",
  suffix = "",
): string {
  const legacy = legacyLevel(o.legacy);
  if (legacy <= 113 && a.shape.length === 0) return pyScalarText(a.at([]), a.dtype);
  const width = legacy > 113 ? o.linewidth - suffix.length : o.linewidth;
  const size = sizeOf(a);
  if (size === 0) return "[]";
  const summarize = size > o.threshold;
  const fmt = formatFunction(a.dtype, collectShown(a, summarize, o.edgeitems), a.shape.length === 0, o);
  return formatArray(a, fmt, width, " " + " ".repeat(prefix.length), separator, o.edgeitems, summarize, legacy);
}

const TYPELESS = new Set<DType>(["float64", "int64", "bool"]);

/**
 * NumPy's `repr(a)`: `array([[1., 2.],\n       [3., 4.]], dtype=float32)`,
 * under the options `o` (the ones in force by default).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { arrayRepr } from "./format.ts";
 * const a = { shape: [2], dtype: "float64" as const, at: ([i]: number[]) => [1, 2.5][i] };
 * assert(arrayRepr(a) === "array([1. , 2.5])");
 * ```
 */
export function arrayRepr(a: Printable, o: Readonly<PrintOptions> = current): string {
  const legacy = legacyLevel(o.legacy), size = sizeOf(a);
  const prefix = "array(";
  const body = legacy <= 113 && a.shape.length === 0
    ? pyScalarText(a.at([]), a.dtype)
    : array2string(a, o, ", ", prefix, ")");
  // the shape of empty (other than (0,)) and summarized arrays, the dtype unless the values imply it
  const extras: string[] = [];
  if ((size === 0 && !(a.shape.length === 1 && a.shape[0] === 0)) || (legacy > 210 && size > o.threshold)) {
    extras.push(`shape=(${a.shape.join(", ")}${a.shape.length === 1 ? "," : ""})`);
  }
  const implied = TYPELESS.has(a.dtype) && !(legacy <= 113 && a.dtype === "bool");
  if (!implied || size === 0) extras.push(`dtype=${a.dtype}`);
  if (!extras.length) return prefix + body + ")";
  const s = prefix + body + ",", extra = extras.join(", ") + ")";
  const lastLine = s.length - (s.lastIndexOf("\n") + 1);
  const spacer = legacy > 113 && lastLine + extra.length + 1 > o.linewidth ? "\n" + " ".repeat(prefix.length) : " ";
  return s + spacer + extra;
}

/**
 * NumPy's `str(a)`: `[[1. 2.]\n [3. 4.]]`; a 0-d array prints as its
 * scalar (`str(np.float64(x))`, which no option but legacy changes).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { arrayStr } from "./format.ts";
 * const a = { shape: [3], dtype: "int64" as const, at: ([i]: number[]) => i };
 * assert(arrayStr(a) === "[0 1 2]");
 * ```
 */
export function arrayStr(a: Printable, o: Readonly<PrintOptions> = current): string {
  const legacy = legacyLevel(o.legacy);
  if (a.shape.length === 0) {
    const v = a.at([]);
    return legacy <= 113 ? pyScalarText(v, a.dtype) : npScalarStr(v, a.dtype, legacy);
  }
  return array2string(a, o, " ", "");
}
