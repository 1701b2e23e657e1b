/**
 * NumPy's raw file and text I/O: `np.fromfile` / `ndarray.tofile` (binary
 * bytes, or text with a separator), `np.fromstring` (text with a separator;
 * the binary mode is removed in NumPy 2, as here) and `np.genfromtxt`
 * (missing values, header/footer skips, column selection). Writes go to a
 * temp file that is renamed over the target (atomicWrite). `ndarray.dump` /
 * `dumps` are pickles in NumPy: there is no non-pickle meaning to give them,
 * so they are left out (np.save writes arrays portably).
 */
import { Binder, type Forms, opt, req } from "../api/signature.ts";
import { type DType, DTYPES, isFloat } from "../core/dtype.ts";
import { Storage } from "../core/storage.ts";
import { View } from "../core/view.ts";
import { contiguous, onHost } from "../ops/operand.ts";
import { pyScalarText } from "./format.ts";
import { type ArrayLike, NDArray, NP_CONVERTERS, NP_FUNCTIONS } from "./ndarray.ts";
import { atomicWrite } from "./npy.ts";
import { printf } from "./text.ts";

/** The np functions (read at call time: ndarray.ts imports this module for `tofile`, so they are not ready at load). */
// deno-lint-ignore no-explicit-any
const F = (): Record<string, (...a: any[]) => any> => NP_FUNCTIONS;

/** NumPy's float syntax (decimal literals, inf/infinity, nan in any case). */
const FLOAT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)$/i;
const INT = /^[+-]?\d+$/;

/** A text field as a number of dtype `dt`, or undefined when it is not one. */
function parseField(f: string, dt: DType): number | bigint | undefined {
  if (dt === "int64" || dt === "int32" || dt === "uint8") {
    if (!INT.test(f)) return undefined;
    return dt === "int64" ? BigInt(f) : Number(f);
  }
  if (dt === "bool") return INT.test(f) ? Number(f) : undefined;
  if (!FLOAT.test(f)) return undefined;
  if (/inf/i.test(f)) return f.startsWith("-") ? -Infinity : Infinity;
  return /nan/i.test(f) ? NaN : Number(f);
}

/**
 * NumPy's separator scan: items separated by `sep` (spaces in it match any whitespace, a blank separator at least
 * one), at most `count` items (-1: all); data left over is NumPy 2's ValueError.
 */
function scanText(op: string, text: string, dt: DType, count: number, sep: string): NDArray {
  const core = sep.trim();
  const splitter = core === "" ? /\s+/ : new RegExp(`\\s*${core.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*`);
  const body = text.trim();
  const fields = body === "" ? [] : body.split(splitter);
  if (fields.length && fields[fields.length - 1] === "" && core !== "") fields.pop(); // a trailing separator
  const values: (number | bigint)[] = [];
  for (const f of fields) {
    if (count >= 0 && values.length >= count) break;
    const v = parseField(f, dt);
    if (v === undefined) {
      throw new RangeError(`${op}: string or file could not be read to its end due to unmatched data`);
    }
    values.push(v);
  }
  return F().array(values, { dtype: dt }).reshape(-1);
}

/** np.fromfile's signature. */
export const FROMFILE_SIG = {
  pos: [req("file", "string"), opt("dtype", "dtype", "float64"), opt("count", "int", -1), opt("sep", "string", "")],
  kw: [opt("offset", "int", 0)],
} as const;
/** np.fromfile's call forms: `fromfile(path)`, `fromfile(path, "int32", 3)`, `fromfile(path, { sep: "," })`. */
export type FromfileArgs = Forms<typeof FROMFILE_SIG, NDArray, ArrayLike>;
const FROMFILE = new Binder("fromfile", FROMFILE_SIG);

/**
 * Reads an array from a file (NumPy's `np.fromfile`): raw little-endian bytes of `dtype` when `sep` is "" (skipping
 * `offset` bytes, reading `count` items, -1 for all), else text items separated by `sep`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const f = await Deno.makeTempFile();
 * await np.arange(4, { dtype: "int32" }).tofile(f);
 * assert.deepEqual((await np.fromfile(f, "int32")).tolist(), [0, 1, 2, 3]);
 * assert.deepEqual((await np.fromfile(f, "int32", { offset: 8 })).tolist(), [2, 3]);
 * ```
 */
export async function fromfile(...args: FromfileArgs): Promise<NDArray> {
  const a = FROMFILE.bind(args, NP_CONVERTERS);
  const dt = a.dtype as DType, count = a.count as number, offset = a.offset as number;
  if (offset < 0) throw new RangeError("fromfile: offset must be non-negative");
  if (a.sep !== "") {
    const text = await Deno.readTextFile(a.file);
    return scanText("fromfile", text.slice(offset), dt, count, a.sep);
  }
  const bytes = await Deno.readFile(a.file);
  const size = DTYPES[dt].itemsize, avail = Math.max(bytes.length - offset, 0);
  if (count < 0 && avail % size !== 0) throw new RangeError("file size is not a multiple of the dtype size");
  const n = count < 0 ? avail / size : Math.min(count, Math.floor(avail / size));
  const st = Storage.host(dt, n);
  st.bytes.set(bytes.subarray(offset, offset + n * size));
  return new NDArray(st, new View([n]));
}

/** ndarray.tofile's signature. */
export const TOFILE_SIG = {
  pos: [req("a", "array"), req("fid", "string"), opt("sep", "string", ""), opt("format", "string", "%s")],
  kw: [],
} as const;
/** `a.tofile(path, sep = "", format = "%s")`'s forms after the array. */
export type TofileArgs = Forms<typeof TOFILE_SIG, NDArray, ArrayLike>;
const TOFILE = new Binder("tofile", TOFILE_SIG);

/**
 * Writes an array to a file (NumPy's `ndarray.tofile`): its raw bytes in C order when `sep` is "", else every
 * element in C order as text (`format`, a printf spec; "%s" is Python's str) joined by `sep`.
 */
export async function tofile(...args: TofileArgs): Promise<void> {
  const a = TOFILE.bind(args, NP_CONVERTERS);
  const x = a.a as NDArray;
  let out: Uint8Array;
  if (a.sep === "") {
    const c = contiguous(onHost(x)), size = DTYPES[x.dtype].itemsize;
    out = c.storage.bytes.slice(c.layout.offset * size, (c.layout.offset + x.size) * size);
  } else {
    const values = x.size ? x.ravel().tolist() as (number | bigint | boolean)[] : [];
    const text = values.map((v) => (a.format === "%s" ? pyScalarText(v, x.dtype) : printf(a.format, v)));
    out = new TextEncoder().encode(text.join(a.sep));
  }
  await atomicWrite(a.fid, out);
}

/** np.fromstring's signature. */
export const FROMSTRING_SIG = {
  pos: [req("string", "string"), opt("dtype", "dtype", "float64"), opt("count", "int", -1)],
  kw: [opt("sep", "string", "")],
} as const;
/** np.fromstring's call forms: `fromstring("1 2", { sep: " " })`, `fromstring("1,2", "int64", { sep: "," })`. */
export type FromstringArgs = Forms<typeof FROMSTRING_SIG, NDArray, ArrayLike>;
const FROMSTRING = new Binder("fromstring", FROMSTRING_SIG);

/**
 * A 1-d array from text items separated by `sep` (NumPy's `np.fromstring`); without a separator it is NumPy 2's
 * error (the binary mode was removed: use `np.frombuffer`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * assert.deepEqual(np.fromstring("1, 2, 3", { sep: "," }).tolist(), [1, 2, 3]);
 * ```
 */
export function fromstring(...args: FromstringArgs): NDArray {
  const a = FROMSTRING.bind(args, NP_CONVERTERS);
  if (a.sep === "") throw new RangeError("The binary mode of fromstring is removed, use frombuffer instead");
  return scanText("fromstring", a.string, a.dtype as DType, a.count as number, a.sep);
}

/** np.genfromtxt's options (NumPy's keywords in camelCase; the subset for numeric data). */
export const GENFROMTXT_SIG = {
  pos: [
    req("fname", "any"),
    opt("dtype", "dtype", "float64"),
    opt("comments", "string", "#"),
    opt("delimiter", "any", null, { nullable: true }),
    opt("skipHeader", "int", 0),
    opt("skipFooter", "int", 0),
  ],
  kw: [
    opt("missingValues", "any", null, { nullable: true }),
    opt("fillingValues", "any", null, { nullable: true }),
    opt("usecols", "ints", null),
    opt("maxRows", "int", null),
    opt("ndmin", "int", 0),
    opt("unpack", "bool", false),
    opt("autostrip", "bool", false),
  ],
} as const;
/** np.genfromtxt's call forms: `genfromtxt(path)`, `genfromtxt(path, { delimiter: ",", skipHeader: 1 })`. */
export type GenfromtxtArgs = Forms<typeof GENFROMTXT_SIG, NDArray, ArrayLike>;
const GENFROMTXT = new Binder("genfromtxt", GENFROMTXT_SIG);

/** Splits a line as genfromtxt's LineSplitter: whitespace, a delimiter string, or fixed field widths. */
function splitLine(line: string, delimiter: unknown): string[] {
  if (delimiter === null) {
    const t = line.trim();
    return t === "" ? [] : t.split(/\s+/);
  }
  if (typeof delimiter === "number" || Array.isArray(delimiter)) {
    const widths = typeof delimiter === "number" ? null : delimiter as number[];
    const fields: string[] = [];
    for (let at = 0, k = 0; at < line.length; k++) {
      const w = widths ? widths[k] : delimiter as number;
      if (w === undefined) break;
      fields.push(line.slice(at, at + w).trim());
      at += w;
    }
    return fields;
  }
  if (typeof delimiter !== "string") {
    throw new TypeError("genfromtxt: delimiter must be a string, an integer or a list");
  }
  return line.trim() === "" ? [] : line.split(delimiter).map((f) => f.trim());
}

/**
 * Reads a table of numbers from text (NumPy's `np.genfromtxt`): `fname` a path or a list of lines. Missing fields
 * (empty, or listed in `missingValues`) and fields that do not parse become `fillingValues` (NaN for floats, -1 for
 * integers; one value, or a record by column), `skipHeader` / `skipFooter` drop lines, `usecols` selects columns,
 * `delimiter` is a string, a field width or a list of widths. The result is squeezed as NumPy's (ndmin 0).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const a = await np.genfromtxt(["# x,y", "1,2", "3,"], { delimiter: "," });
 * assert.deepEqual(a.tolist(), [[1, 2], [3, NaN]]);
 * ```
 */
export async function genfromtxt(...args: GenfromtxtArgs): Promise<NDArray> {
  const a = GENFROMTXT.bind(args, NP_CONVERTERS);
  const dt = a.dtype as DType;
  let lines: string[];
  if (typeof a.fname === "string") lines = (await Deno.readTextFile(a.fname)).split(/\r?\n/);
  else if (Array.isArray(a.fname) && a.fname.every((l) => typeof l === "string")) lines = a.fname as string[];
  else throw new TypeError("genfromtxt: fname must be a path string or a list of lines");
  if (lines.length && lines[lines.length - 1] === "" && typeof a.fname === "string") lines.pop();
  const missing = new Set<string>([""]);
  const missingByCol = new Map<number, Set<string>>();
  const mv = a.missingValues;
  if (typeof mv === "string") mv.split(",").forEach((s) => missing.add(s.trim()));
  else if (Array.isArray(mv)) mv.forEach((s) => missing.add(String(s)));
  else if (mv && typeof mv === "object") {
    for (const [k, v] of Object.entries(mv)) missingByCol.set(Number(k), new Set([...(Array.isArray(v) ? v : [v])]));
  }
  const fill = (col: number): number => {
    const fv = a.fillingValues;
    if (typeof fv === "number") return fv;
    if (Array.isArray(fv) && fv[col] !== undefined) return fv[col];
    if (fv && typeof fv === "object" && !Array.isArray(fv) && (fv as Record<string, number>)[col] !== undefined) {
      return (fv as Record<string, number>)[col];
    }
    return isFloat(dt) ? NaN : dt === "bool" ? 0 : -1;
  };
  const rows: { line: number; fields: string[] }[] = [];
  lines.forEach((raw, i) => {
    if (i < a.skipHeader) return;
    const cut = a.comments ? raw.split(a.comments)[0] : raw;
    const fields = splitLine(cut, a.delimiter);
    if (fields.length) rows.push({ line: i + 1, fields });
  });
  if (a.skipFooter > 0) rows.splice(Math.max(rows.length - a.skipFooter, 0));
  if (a.maxRows !== null) rows.splice(a.maxRows as number);
  if (!rows.length) {
    console.warn(`UserWarning: genfromtxt: Empty input file: "${typeof a.fname === "string" ? a.fname : "<lines>"}"`);
    return F().array([], { dtype: dt });
  }
  const width = rows[0].fields.length;
  const bad = rows.filter((r) => r.fields.length !== width);
  if (bad.length) {
    throw new RangeError(
      "Some errors were detected !\n" +
        bad.map((r) => `    Line #${r.line} (got ${r.fields.length} columns instead of ${width})`).join("\n"),
    );
  }
  const cols = a.usecols === null ? [...Array(width).keys()] : (a.usecols as number[]).map((c) => {
    const k = c < 0 ? c + width : c;
    if (k < 0 || k >= width) throw new RangeError(`index ${c} is out of bounds for axis 0 with size ${width}`);
    return k;
  });
  const table = rows.map((r) =>
    cols.map((c) => {
      const f = r.fields[c];
      if (missing.has(f) || missingByCol.get(c)?.has(f)) return fill(c);
      const v = parseField(f, isFloat(dt) ? "float64" : dt);
      return v === undefined ? fill(c) : Number(v);
    })
  );
  let x = F().array(table, { dtype: dt }) as NDArray;
  // NumPy's _ensure_ndmin_ndarray: squeeze above ndmin, then at least 1-d, or 2-d as columns
  const ndmin = a.ndmin as number;
  if (ndmin < 0 || ndmin > 2) throw new RangeError(`Illegal value of ndmin keyword: ${ndmin}`);
  if (x.ndim > ndmin) x = F().squeeze(x);
  if (x.ndim < ndmin) x = ndmin === 1 ? F().atleast1d(x) : (F().atleast2d(x) as NDArray).T;
  return a.unpack ? x.T : x;
}
