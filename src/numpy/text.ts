/**
 * Text files of numbers: np.savetxt and np.loadtxt with NumPy's options
 * (printf-style formats, delimiters, headers and comments, skipped rows,
 * selected columns). Writes go to a temp file, then rename.
 */
import { type ArrayData, toOperand } from "../api/convert.ts";
import { Binder, opt, req } from "../api/signature.ts";
import { type DType, isFloat, toDType } from "../core/dtype.ts";
import { contiguous, toNested } from "../ops/operand.ts";
import { NDArray } from "./ndarray.ts";
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
          s = typeof n === "bigint" ? n.toString() : Math.trunc(n).toFixed(0);
          break;
        case "f":
          s = Number(n).toFixed(p ?? 6);
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

/** C's %e: at least two exponent digits. */
function cExp(v: number, p: number): string {
  if (!Number.isFinite(v)) return String(v).replace("Infinity", "inf").replace("NaN", "nan");
  const [m, e] = v.toExponential(p).split("e");
  const ex = Number(e);
  return `${m}e${ex < 0 ? "-" : "+"}${String(Math.abs(ex)).padStart(2, "0")}`;
}

/** C's %g: shortest of %e and %f at `p` significant digits, trailing zeros removed. */
function cGeneral(v: number, p: number): string {
  if (!Number.isFinite(v)) return String(v).replace("Infinity", "inf").replace("NaN", "nan");
  const prec = p === 0 ? 1 : p;
  const exp = v === 0 ? 0 : Math.floor(Math.log10(Math.abs(v)));
  const strip = (s: string) => (s.includes(".") ? s.replace(/\.?0+(?=e|$)/, "") : s);
  if (exp < -4 || exp >= prec) {
    return strip(cExp(v, prec - 1).replace(/\.?0+e/, "e").replace("e", "e")).replace(/(\.\d*?)0+e/, "$1e");
  }
  return strip(v.toFixed(Math.max(0, prec - 1 - exp)));
}

const SAVETXT = new Binder("savetxt", {
  pos: [
    req("fname", "string"),
    req("X", "any"),
    opt("fmt", "string", "%.18e"),
    opt("delimiter", "string", " "),
    opt("newline", "string", "\n"),
    opt("header", "string", ""),
    opt("footer", "string", ""),
    opt("comments", "string", "# "),
  ],
  kw: [opt("encoding", "string", null)],
});
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
export async function savetxt(
  fname: string,
  X: NDArray | ArrayData,
  ...rest: (string | {
    fmt?: string;
    delimiter?: string;
    newline?: string;
    header?: string;
    footer?: string;
    comments?: string;
    encoding?: string | null;
  })[]
): Promise<void> {
  const a = SAVETXT.bind([fname, X, ...rest], CONV);
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

const LOADTXT = new Binder("loadtxt", {
  pos: [
    req("fname", "string"),
    opt("dtype", "dtype", "float64"),
    opt("comments", "string", "#"),
    opt("delimiter", "string", null),
    opt("converters", "any", null),
    opt("skiprows", "int", 0),
    opt("usecols", "ints", null),
    opt("unpack", "bool", false),
    opt("ndmin", "int", 0),
  ],
  kw: [opt("encoding", "string", null), opt("maxRows", "int", null)],
});

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
export async function loadtxt(
  fname: string,
  ...rest: (DType | string | {
    dtype?: DType | string;
    comments?: string;
    delimiter?: string | null;
    skiprows?: number;
    usecols?: number | number[] | null;
    unpack?: boolean;
    ndmin?: number;
    encoding?: string | null;
    maxRows?: number | null;
  })[]
): Promise<NDArray> {
  const a = LOADTXT.bind([fname, ...rest], CONV);
  const text = await Deno.readTextFile(a.fname);
  let lines = text.split(/\r?\n/).slice(a.skiprows);
  const rows: number[][] = [];
  for (const raw of lines) {
    const line = a.comments ? raw.split(a.comments)[0] : raw;
    if (line.trim() === "") continue;
    const fields = (a.delimiter === null ? line.trim().split(/\s+/) : line.split(a.delimiter)).map((f) => f.trim());
    const cols = a.usecols === null
      ? fields
      : (typeof a.usecols === "number" ? [a.usecols] : a.usecols as number[]).map((c) =>
        fields[c < 0 ? c + fields.length : c]
      );
    rows.push(cols.map((f, j) => {
      const v = Number(f);
      if (f === undefined || f === "" || (Number.isNaN(v) && !/^[+-]?nan$/i.test(f))) {
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
