/**
 * NumPy's array printing (array2string / array_repr with default options:
 * precision 8, floatmode "maxprec", linewidth 75, threshold 1000,
 * edgeitems 3), so ported scripts print what NumPy prints.
 */
import type { DType } from "../core/dtype.ts";

const PRECISION = 8, LINEWIDTH = 75, THRESHOLD = 1000, EDGE = 3;

type Value = number | bigint | boolean;

/** Shortest decimal that reads back as `v` (as float32 when f32). */
function shortest(v: number, f32: boolean, sci: boolean): string {
  if (!f32) return sci ? v.toExponential() : String(v);
  for (let p = 1; p <= 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return sci ? Number(s).toExponential() : String(Number(s));
  }
  return sci ? v.toExponential() : String(v);
}

/** Positional digits with at most PRECISION fractional digits, trailing zeros trimmed ("1."). */
function positional(v: number, f32: boolean): [string, string] {
  let s = shortest(Math.abs(v), f32, false);
  if (s.includes("e")) s = Math.abs(v).toFixed(PRECISION); // only for |v| >= 1e21, never in positional mode
  let [int, frac = ""] = s.split(".");
  if (frac.length > PRECISION) {
    [int, frac = ""] = Math.abs(v).toFixed(PRECISION).split(".");
    frac = frac.replace(/0+$/, "");
  }
  const neg = v < 0 || Object.is(v, -0);
  return [(neg ? "-" : "") + int, frac];
}

function scientific(v: number, f32: boolean): [string, string, string] {
  let s = shortest(Math.abs(v), f32, true);
  let [mant, exp] = s.split("e");
  let [int, frac = ""] = mant.split(".");
  if (frac.length > PRECISION) {
    s = Math.abs(v).toExponential(PRECISION);
    [mant, exp] = s.split("e");
    [int, frac = ""] = mant.split(".");
    frac = frac.replace(/0+$/, "");
  }
  const neg = v < 0 || Object.is(v, -0);
  return [(neg ? "-" : "") + int, frac, exp];
}

function floatFormatter(values: number[], f32: boolean): (v: number) => string {
  const finite = values.filter(Number.isFinite);
  const abs = finite.map(Math.abs).filter((x) => x !== 0);
  const maxv = abs.length ? Math.max(...abs) : 0, minv = abs.length ? Math.min(...abs) : 0;
  const expMode = abs.length > 0 && (maxv >= 1e8 || minv < 1e-4 || maxv / minv > 1e3);
  const hasNonFinite = finite.length !== values.length;
  const negInf = values.some((v) => v === -Infinity);
  if (expMode) {
    const parts = finite.map((v) => scientific(v, f32));
    const precision = Math.max(...parts.map((p) => p[1].length));
    const expSize = Math.max(2, ...parts.map((p) => p[2].length - 1));
    const padLeft = Math.max(...parts.map((p) => p[0].length));
    const padRight = expSize + 2 + precision;
    const width = Math.max(padLeft, hasNonFinite ? Math.max(3 - padRight - 1, 3 + (negInf ? 1 : 0) - padRight - 1) : 0);
    return (v) => {
      if (!Number.isFinite(v)) return nonFinite(v).padStart(width + padRight + 1);
      const s = Math.abs(v).toExponential(precision);
      const [mant, e] = s.split("e");
      const sign = e[0], digits = e.slice(1).padStart(expSize, "0");
      const m = (v < 0 || Object.is(v, -0) ? "-" : "") + (precision === 0 ? mant + "." : mant);
      return m.padStart(width + (precision === 0 ? 1 : precision + 1)) + "e" + sign + digits;
    };
  }
  const parts = finite.map((v) => positional(v, f32));
  let padLeft = parts.length ? Math.max(...parts.map((p) => p[0].length)) : 0;
  const padRight = parts.length ? Math.max(...parts.map((p) => p[1].length)) : 0;
  if (hasNonFinite) padLeft = Math.max(padLeft, 3 - (padRight + 1), 3 + (negInf ? 1 : 0) - (padRight + 1));
  return (v) => {
    if (!Number.isFinite(v)) return nonFinite(v).padStart(padLeft + padRight + 1);
    const [int, frac] = positional(v, f32);
    return int.padStart(padLeft) + "." + frac.padEnd(padRight);
  };
}

function nonFinite(v: number): string {
  return Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
}

/** A formatter for the shown values of one array. */
function formatterFor(dtype: DType, shown: Value[], scalar: boolean): (v: Value) => string {
  if (dtype === "bool") return (v) => (v ? (scalar ? "True" : " True") : "False");
  if (dtype === "float32" || dtype === "float64") {
    const f = floatFormatter(shown as number[], dtype === "float32");
    return (v) => f(v as number);
  }
  const width = Math.max(0, ...shown.map((v) => String(v).length));
  return (v) => String(v).padStart(width);
}

/** A read-only accessor of an array's elements in C order. */
export interface Printable {
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Element at a C-order multi-index. */
  at(index: number[]): Value;
}

function collectShown(a: Printable, summarize: boolean): Value[] {
  const out: Value[] = [];
  const walk = (idx: number[]) => {
    const d = idx.length;
    if (d === a.shape.length) {
      out.push(a.at(idx));
      return;
    }
    const n = a.shape[d];
    const ids = summarize && n > 2 * EDGE
      ? [...Array(EDGE).keys(), ...Array.from({ length: EDGE }, (_, i) => n - EDGE + i)]
      : [...Array(n).keys()];
    for (const i of ids) walk([...idx, i]);
  };
  walk([]);
  return out;
}

function extendLine(s: string, line: string, word: string, width: number, prefix: string): [string, string] {
  let wrap = line.length + word.length > width;
  if (line.length <= prefix.length) wrap = false;
  if (wrap) {
    s += line.trimEnd() + "\n";
    line = prefix;
  }
  return [s, line + word];
}

function formatArray(
  a: Printable,
  fmt: (v: Value) => string,
  width: number,
  prefix: string,
  summarize: boolean,
  sep = ", ",
): string {
  const rec = (index: number[], hanging: string, curWidth: number): string => {
    const axis = index.length, left = a.shape.length - axis;
    if (left === 0) return fmt(a.at(index));
    const nextHanging = hanging + " ", nextWidth = curWidth - 1;
    const n = a.shape[axis];
    const summary = summarize && 2 * EDGE < n;
    const lead = summary ? EDGE : 0, trail = summary ? EDGE : n;
    let s = "";
    if (left === 1) {
      const elemWidth = curWidth - 1;
      let line = hanging;
      for (let i = 0; i < lead; i++) {
        [s, line] = extendLine(s, line, rec([...index, i], nextHanging, nextWidth), elemWidth, hanging);
        line += sep;
      }
      if (summary) {
        [s, line] = extendLine(s, line, "...", elemWidth, hanging);
        line += sep;
      }
      for (let i = trail; i > 1; i--) {
        [s, line] = extendLine(s, line, rec([...index, n - i], nextHanging, nextWidth), elemWidth, hanging);
        line += sep;
      }
      [s, line] = extendLine(s, line, rec([...index, n - 1], nextHanging, nextWidth), elemWidth, hanging);
      s += line;
    } else {
      const lineSep = sep.trimEnd() + "\n".repeat(left - 1);
      for (let i = 0; i < lead; i++) s += hanging + rec([...index, i], nextHanging, nextWidth) + lineSep;
      if (summary) s += hanging + "..." + lineSep;
      for (let i = trail; i > 1; i--) s += hanging + rec([...index, n - i], nextHanging, nextWidth) + lineSep;
      s += hanging + rec([...index, n - 1], nextHanging, nextWidth);
    }
    return "[" + s.slice(hanging.length) + "]";
  };
  return rec([], prefix, width);
}

const TYPELESS = new Set<DType>(["float64", "int64", "bool"]);

/**
 * NumPy's `repr(a)`: `array([[1., 2.],\n       [3., 4.]], dtype=float32)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { arrayRepr } from "./format.ts";
 * const a = { shape: [2], dtype: "float64" as const, at: ([i]: number[]) => [1, 2.5][i] };
 * assert(arrayRepr(a) === "array([1. , 2.5])");
 * ```
 */
export function arrayRepr(a: Printable): string {
  const size = a.shape.reduce((p, d) => p * d, 1);
  const summarize = size > THRESHOLD;
  const shapeStr = `shape=(${a.shape.join(", ")}${a.shape.length === 1 ? "," : ""})`;
  // NumPy 2 appends the shape to empty (other than (0,)) and summarized arrays, the dtype unless implied
  const extras: string[] = [];
  if ((size === 0 && !(a.shape.length === 1 && a.shape[0] === 0)) || summarize) extras.push(shapeStr);
  if (!TYPELESS.has(a.dtype) || size === 0) extras.push(`dtype=${a.dtype}`);
  const prefix = "array(", suffix = extras.length ? "," : ")";
  let body: string;
  if (size === 0) body = "[]";
  else {
    const fmt = formatterFor(a.dtype, collectShown(a, summarize), a.shape.length === 0);
    body = a.shape.length === 0
      ? fmt(a.at([]))
      : formatArray(a, fmt, LINEWIDTH - suffix.length, " ".repeat(prefix.length + 1), summarize);
  }
  const s = prefix + body + suffix;
  if (!extras.length) return s;
  const extra = extras.join(", ") + ")";
  const lastLine = s.length - (s.lastIndexOf("\n") + 1);
  const spacer = lastLine + extra.length + 1 > LINEWIDTH ? "\n" + " ".repeat(prefix.length) : " ";
  return s + spacer + extra;
}

/**
 * NumPy's `str(a)`: `[[1. 2.]\n [3. 4.]]` (a 0-d array prints its value).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { arrayStr } from "./format.ts";
 * const a = { shape: [3], dtype: "int64" as const, at: ([i]: number[]) => i };
 * assert(arrayStr(a) === "[0 1 2]");
 * ```
 */
export function arrayStr(a: Printable): string {
  const size = a.shape.reduce((p, d) => p * d, 1);
  if (size === 0) return "[]";
  const summarize = size > THRESHOLD;
  const fmt = formatterFor(a.dtype, collectShown(a, summarize), a.shape.length === 0);
  if (a.shape.length === 0) return fmt(a.at([]));
  return formatArray(a, fmt, LINEWIDTH, " ", summarize, " ");
}
