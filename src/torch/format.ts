/**
 * PyTorch's tensor printing (torch/_tensor_str.py defaults: precision 4,
 * linewidth 80, threshold 1000, edgeitems 3), so `console.log(t)` prints
 * what PyTorch prints.
 */
import type { DType } from "../core/dtype.ts";

const PRECISION = 4, LINEWIDTH = 80, THRESHOLD = 1000, EDGE = 3;

type Value = number | bigint | boolean;

/** A read-only accessor of a tensor's elements. */
export interface TensorPrintable {
  readonly shape: readonly number[];
  readonly dtype: DType;
  at(index: number[]): Value;
}

/** Python's "{:.4e}" (two-digit exponent at least). */
function sci(v: number, width = 0): string {
  if (!Number.isFinite(v)) return pyNonFinite(v).padStart(width);
  const [m, e] = v.toExponential(PRECISION).split("e");
  const exp = e[0] === "-" ? "-" + e.slice(1).padStart(2, "0") : "+" + e.replace("+", "").padStart(2, "0");
  return `${m}e${exp}`.padStart(width);
}
const pyNonFinite = (v: number) => (Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf");
const fixed = (v: number, d: number) =>
  Number.isFinite(v) ? (v < 0 || Object.is(v, -0) ? "-" : "") + Math.abs(v).toFixed(d) : pyNonFinite(v);

class Formatter {
  floating: boolean;
  intMode = true;
  sciMode = false;
  maxWidth = 1;
  constructor(dtype: DType, values: Value[]) {
    this.floating = dtype === "float32" || dtype === "float64";
    if (!this.floating) {
      for (const v of values) this.maxWidth = Math.max(this.maxWidth, this.#plain(v).length);
      return;
    }
    const nz = (values as number[]).filter((v) => Number.isFinite(v) && v !== 0);
    if (nz.length === 0) return;
    const abs = nz.map(Math.abs);
    const mn = Math.min(...abs), mx = Math.max(...abs);
    this.intMode = nz.every((v) => v === Math.ceil(v));
    if (this.intMode) {
      if (mx / mn > 1000 || mx > 1e8) {
        this.sciMode = true;
        for (const v of nz) this.maxWidth = Math.max(this.maxWidth, sci(v).length);
      } else for (const v of nz) this.maxWidth = Math.max(this.maxWidth, fixed(v, 0).length + 1);
    } else if (mx / mn > 1000 || mx > 1e8 || mn < 1e-4) {
      this.sciMode = true;
      for (const v of nz) this.maxWidth = Math.max(this.maxWidth, sci(v).length);
    } else for (const v of nz) this.maxWidth = Math.max(this.maxWidth, fixed(v, PRECISION).length);
  }
  #plain(v: Value): string {
    return typeof v === "boolean" ? (v ? "True" : "False") : String(v);
  }
  format(v: Value): string {
    let s: string;
    if (!this.floating) s = this.#plain(v);
    else {
      const x = v as number;
      if (this.sciMode) s = sci(x);
      else if (this.intMode) s = fixed(x, 0) + (Number.isFinite(x) ? "." : "");
      else s = fixed(x, PRECISION);
    }
    return s.padStart(this.maxWidth);
  }
}

function summarizedValues(t: TensorPrintable, summarize: boolean): Value[] {
  const out: Value[] = [];
  const walk = (idx: number[]) => {
    if (idx.length === t.shape.length) return void out.push(t.at(idx));
    const n = t.shape[idx.length];
    const ids = summarize && n > 2 * EDGE ? [0, 1, 2, n - 3, n - 2, n - 1] : [...Array(n).keys()];
    for (const i of ids) walk([...idx, i]);
  };
  walk([]);
  return out;
}

function body(t: TensorPrintable, idx: number[], indent: number, summarize: boolean, f: Formatter): string {
  const dim = t.shape.length - idx.length;
  if (dim === 0) return f.format(t.at(idx));
  const n = t.shape[idx.length];
  const ids = summarize && n > 2 * EDGE ? [0, 1, 2, -1, n - 3, n - 2, n - 1] : [...Array(n).keys()];
  if (dim === 1) {
    const perLine = Math.max(1, Math.floor((LINEWIDTH - indent) / (f.maxWidth + 2)));
    const data = ids.map((i) => (i < 0 ? " ..." : f.format(t.at([...idx, i]))));
    const lines: string[] = [];
    for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(", "));
    return "[" + lines.join(",\n" + " ".repeat(indent + 1)) + "]";
  }
  const slices = ids.map((i) => (i < 0 ? "..." : body(t, [...idx, i], indent + 1, summarize, f)));
  return "[" + slices.join("," + "\n".repeat(dim - 1) + " ".repeat(indent + 1)) + "]";
}

/**
 * PyTorch's `repr(t)`, e.g. `tensor([[1., 2.]], requires_grad=True)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { tensorRepr } from "./format.ts";
 * const t = { shape: [2], dtype: "float32" as const, at: ([i]: number[]) => [1.5, 2][i] };
 * assert(tensorRepr(t, []) === "tensor([1.5000, 2.0000])");
 * ```
 */
export function tensorRepr(t: TensorPrintable, extra: string[], defaultFloat: DType = "float32"): string {
  const prefix = "tensor(", indent = prefix.length;
  const size = t.shape.reduce((p, d) => p * d, 1);
  const suffixes: string[] = [];
  let str: string;
  if (size === 0) {
    if (t.shape.length !== 1) suffixes.push(`size=(${t.shape.join(", ")}${t.shape.length === 1 ? "," : ""})`);
    str = "[]";
  } else {
    const summarize = size > THRESHOLD;
    const f = new Formatter(t.dtype, summarizedValues(t, summarize));
    str = body(t, [], indent, summarize, f);
  }
  if (![defaultFloat, "int64", "bool"].includes(t.dtype) || (size === 0 && t.dtype !== defaultFloat)) {
    suffixes.push(`dtype=torch.${t.dtype}`);
  }
  suffixes.push(...extra);
  let out = prefix + str;
  let last = out.length - out.lastIndexOf("\n") + 1;
  for (const s of suffixes) {
    if (last + s.length + 2 > LINEWIDTH) {
      out += ",\n" + " ".repeat(indent) + s;
      last = indent + s.length;
    } else {
      out += ", " + s;
      last += s.length + 2;
    }
  }
  return out + ")";
}
