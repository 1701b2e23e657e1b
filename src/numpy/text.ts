/**
 * Text files of numbers: np.savetxt and np.loadtxt with NumPy's options
 * (printf-style formats, delimiters, headers and comments, skipped rows,
 * selected columns). Writes go to a temp file, then rename.
 */
import { type ArrayData, toOperand } from "../api/convert.ts";
import { Binder, type Forms, opt, req } from "../api/signature.ts";
import { type DType, isFloat, toDType } from "../core/dtype.ts";
import { contiguous, toNested } from "../ops/operand.ts";
import { type ArrayLike, NDArray } from "./ndarray.ts";
import { atomicWrite } from "./npy.ts";

/** Formats one number with a printf-style spec (%d, %i, %f, %e, %g, %s, with flags, width and precision). */
export function printf(spec: string, v: number | bigint | boolean): string {
  return spec.replace(
    /%([-+ 0#]*)(\d+)?(?:\.(\d+))?([diuefgEGs%])/g,
    (_m, flags: string, width, prec, conv: string) => {
      if (conv === "%") return "%";
      const n = typeof v === "boolean" ? Number(v) : v;
      const p = prec === undefined ? undefined : Number(prec);
      let s: string;
      switch (conv) {
        case "d":
        case "i":
        case "u":
          if (typeof n === "number" && !Number.isFinite(n)) {
            throw new RangeError(`savetxt: cannot format ${nonFinite(n)} with %${conv}`);
          }
          s = BigInt(typeof n === "bigint" ? n : Math.trunc(n)).toString();
          // an integer's precision is its minimum number of digits
          if (p !== undefined) s = s.startsWith("-") ? "-" + s.slice(1).padStart(p, "0") : s.padStart(p, "0");
          break;
        case "f":
          s = cFixed(Number(n), p ?? 6);
          break;
        case "e":
        case "E":
          s = cExp(Number(n), p ?? 6);
          if (conv === "E") s = s.toUpperCase();
          break;
        case "g":
        case "G":
          s = cGeneral(Number(n), p ?? 6);
          if (conv === "G") s = s.toUpperCase();
          break;
        default:
          s = String(n);
      }
      if (flags.includes("+") && !s.startsWith("-")) s = "+" + s;
      else if (flags.includes(" ") && !s.startsWith("-")) s = " " + s;
      const w = width === undefined ? 0 : Number(width);
      if (s.length < w) s = flags.includes("-") ? s.padEnd(w) : flags.includes("0") ? zeroPad(s, w) : s.padStart(w);
      return s;
    },
  );
}

function zeroPad(s: string, w: number): string {
  const sign = /^[+\- ]/.test(s) ? s[0] : "";
  return sign + s.slice(sign.length).padStart(w - sign.length, "0");
}

/** C's text for inf and nan. */
const nonFinite = (v: number): string => (Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf");
const sign = (v: number): string => (v < 0 || Object.is(v, -0) ? "-" : "");

/**
 * round(|v| * 10^k) with ties to even, computed exactly from the binary
 * value (v finite): C's printf (and Python's %) round the double itself,
 * where JS's toFixed and toExponential round ties away from zero.
 */
function scaledDigits(v: number, k: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(v));
  const bits = view.getBigUint64(0);
  const biased = Number(bits >> 52n);
  let mant = bits & ((1n << 52n) - 1n), e2 = -1074;
  if (biased > 0) {
    mant |= 1n << 52n;
    e2 = biased - 1075;
  }
  let num = mant, den = 1n;
  if (e2 >= 0) num <<= BigInt(e2);
  else den <<= BigInt(-e2);
  if (k >= 0) num *= 10n ** BigInt(k);
  else den *= 10n ** BigInt(-k);
  const q = num / den, twice = 2n * (num - q * den);
  return twice > den || (twice === den && (q & 1n) === 1n) ? q + 1n : q;
}

/** C's %.pf. */
function cFixed(v: number, p: number): string {
  if (!Number.isFinite(v)) return nonFinite(v);
  const d = scaledDigits(v, p).toString().padStart(p + 1, "0");
  return sign(v) + (p === 0 ? d : `${d.slice(0, -p)}.${d.slice(-p)}`);
}

/** C's %.pe: at least two exponent digits. */
function cExp(v: number, p: number): string {
  if (!Number.isFinite(v)) return nonFinite(v);
  let ex = v === 0 ? 0 : Math.floor(Math.log10(Math.abs(v)));
  let d = scaledDigits(v, p - ex);
  // log10 can be off by one near powers of ten, and rounding can carry into a new digit
  if (v !== 0 && d >= 10n ** BigInt(p + 1)) d = scaledDigits(v, p - ++ex);
  else if (v !== 0 && d < 10n ** BigInt(p)) d = scaledDigits(v, p - --ex);
  const m = d.toString();
  return `${sign(v)}${p === 0 ? m : `${m[0]}.${m.slice(1)}`}e${ex < 0 ? "-" : "+"}${
    String(Math.abs(ex)).padStart(2, "0")
  }`;
}

/** C's %.pg: %e or %f by the exponent %e would print, trailing zeros removed. */
function cGeneral(v: number, p: number): string {
  if (!Number.isFinite(v)) return nonFinite(v);
  const prec = p === 0 ? 1 : p;
  const e = cExp(v, prec - 1);
  const x = Number(e.slice(e.indexOf("e") + 1));
  const s = x < prec && x >= -4 ? cFixed(v, prec - 1 - x) : e;
  const [m, ex] = s.split("e");
  const trimmed = m.includes(".") ? m.replace(/\.?0+$/, "") : m;
  return ex === undefined ? trimmed : `${trimmed}e${ex}`;
}

/** np.savetxt's signature. */
export const SAVETXT_SIG = {
  pos: [
    req("fname", "string"),
    req("X", "array"),
    opt("fmt", "string", "%.18e"),
    opt("delimiter", "string", " "),
    opt("newline", "string", "\n"),
    opt("header", "string", ""),
    opt("footer", "string", ""),
    opt("comments", "string", "# "),
  ],
  kw: [opt("encoding", "string", null)],
} as const;
const SAVETXT = new Binder("savetxt", SAVETXT_SIG);
/** np.savetxt's call forms: `savetxt(f, a)`, `savetxt(f, a, "%d", ",")`, `savetxt(f, a, { fmt: "%d" })`. */
export type SavetxtArgs = Forms<typeof SAVETXT_SIG, NDArray, ArrayLike>;
const CONV = {
  array: (v: unknown) => v,
  isArray: () => false,
  dtype: (v: unknown) => toDType(v),
  arrayName: "ndarray",
};

/**
 * Writes a 1-d or 2-d array as text, one row per line.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const f = await Deno.makeTempFile({ suffix: ".txt" });
 * await np.savetxt(f, np.array([[1, 2], [3, 4]]), { fmt: "%d", delimiter: "," });
 * assert.equal(await Deno.readTextFile(f), "1,2\n3,4\n");
 * ```
 */
export async function savetxt(...args: SavetxtArgs): Promise<void> {
  const a = SAVETXT.bind(args, CONV);
  const x = toOperand("savetxt", a.X as ArrayData, undefined, false);
  if (x.layout.ndim > 2 || x.layout.ndim === 0) {
    throw new RangeError(`Expected 1D or 2D array, got ${x.layout.ndim}D array instead`);
  }
  const rows = x.layout.ndim === 1
    ? (toNested(x) as unknown[]).map((v) => [v])
    : toNested(contiguous(x)) as unknown[][];
  const lines: string[] = [];
  const prefix = (text: string) => text.split("\n").map((l) => a.comments + l).join(a.newline);
  if (a.header) lines.push(prefix(a.header));
  for (const r of rows) lines.push(r.map((v) => printf(a.fmt, v as number)).join(a.delimiter));
  if (a.footer) lines.push(prefix(a.footer));
  await atomicWrite(a.fname, new TextEncoder().encode(lines.join(a.newline) + a.newline));
}

/** NumPy's float syntax: decimal literals, inf, infinity and nan in any case (not JS's hex, binary or empty strings). */
const FLOAT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)$/i;
function parseNumber(f: string | undefined): number | undefined {
  if (f === undefined || !FLOAT.test(f)) return undefined;
  if (/inf/i.test(f)) return f.startsWith("-") ? -Infinity : Infinity;
  return /nan/i.test(f) ? NaN : Number(f);
}

/** np.loadtxt's signature. */
export const LOADTXT_SIG = {
  pos: [
    req("fname", "string"),
    opt("dtype", "dtype", "float64"),
    opt("comments", "string", "#"),
    opt("delimiter", "string", null),
    opt("converters", "any", null, { nullable: true }),
    opt("skiprows", "int", 0),
    opt("usecols", "ints", null),
    opt("unpack", "bool", false),
    opt("ndmin", "int", 0),
  ],
  kw: [opt("encoding", "string", null), opt("maxRows", "int", null)],
} as const;
const LOADTXT = new Binder("loadtxt", LOADTXT_SIG);
/** np.loadtxt's call forms: `loadtxt(f)`, `loadtxt(f, "int64")`, `loadtxt(f, { delimiter: ",", usecols: [0, 2] })`. */
export type LoadtxtArgs = Forms<typeof LOADTXT_SIG, NDArray, ArrayLike>;

/**
 * Reads numbers from a text file: one row per line, split on whitespace or `delimiter`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const f = await Deno.makeTempFile({ suffix: ".txt" });
 * await Deno.writeTextFile(f, "# x y\n1 2\n3 4\n");
 * assert.deepEqual((await np.loadtxt(f)).tolist(), [[1, 2], [3, 4]]);
 * ```
 */
export async function loadtxt(...args: LoadtxtArgs): Promise<NDArray> {
  const a = LOADTXT.bind(args, CONV);
  const c = a.converters;
  if (
    c !== null && typeof c !== "function" &&
    (typeof c !== "object" || Object.values(c).some((f) => typeof f !== "function"))
  ) {
    throw new TypeError("loadtxt(): converters must be a function or an object of functions by column");
  }
  const text = await Deno.readTextFile(a.fname);
  let lines = text.split(/\r?\n/).slice(a.skiprows);
  const rows: number[][] = [];
  for (const raw of lines) {
    const line = a.comments ? raw.split(a.comments)[0] : raw;
    if (line.trim() === "") continue;
    const fields = (a.delimiter === null ? line.trim().split(/\s+/) : line.split(a.delimiter)).map((f) => f.trim());
    const index = a.usecols === null
      ? fields.map((_, c) => c)
      : (typeof a.usecols === "number" ? [a.usecols] : a.usecols as number[]).map((c) => c < 0 ? c + fields.length : c);
    rows.push(index.map((c, j) => {
      const f = fields[c];
      // converters: one function for every column, or functions by column (as NumPy's callable or dict)
      const conv = typeof a.converters === "function" ? a.converters : a.converters?.[c];
      const v = conv && f !== undefined ? Number(conv(f)) : parseNumber(f);
      if (v === undefined) {
        throw new RangeError(
          `loadtxt: could not convert string '${f}' to ${a.dtype} at row ${rows.length}, column ${j + 1}`,
        );
      }
      return v;
    }));
    if (a.maxRows !== null && rows.length >= a.maxRows) break;
  }
  lines = [];
  const width = rows[0]?.length ?? 0;
  rows.forEach((r, i) => {
    if (r.length !== width) {
      throw new RangeError(`the number of columns changed from ${width} to ${r.length} at row ${i + 1}`);
    }
  });
  const dt = a.dtype as DType;
  if (!isFloat(dt)) {
    rows.forEach((r) =>
      r.forEach((v) => {
        if (!Number.isInteger(v)) throw new RangeError(`loadtxt: ${v} is not an integer for ${dt}`);
      })
    );
  }
  let x = NDArray.wrap(toOperand("loadtxt", width === 1 && a.ndmin < 2 ? rows.map((r) => r[0]) : rows, dt));
  if (rows.length === 1 && a.ndmin < 2) x = x.reshape(-1);
  while (x.ndim < a.ndmin) x = x.reshape(a.ndmin === 2 && x.ndim === 1 ? [-1, 1] : [1, ...x.shape]);
  return a.unpack ? x.T : x;
}
