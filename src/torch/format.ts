/**
 * PyTorch's tensor printing (torch/_tensor_str.py of PyTorch 2.13) under
 * its print options (precision, threshold, edgeitems, linewidth, sci_mode:
 * `PRINT_OPTS`, set by src/torch/print_options.ts), so `console.log(t)`
 * prints what PyTorch prints. Numbers are formatted as Python's
 * `"{:.4f}"` / `"{:.4e}"` format them: the exact binary value, rounded half
 * to even (NumPy's Dragon4 in exact mode computes the same digits).
 */
import type { DType } from "../core/dtype.ts";
import { dragon4Positional, dragon4Scientific } from "../core/dragon4.ts";

type Value = number | bigint | boolean;

/** PyTorch's print options (torch._tensor_str.PRINT_OPTS). */
export interface TorchPrintOptions {
  /** Digits after the point of floats (default 4). */
  precision: number;
  /** Tensors with more elements are summarized (default 1000). */
  threshold: number;
  /** Items kept at each end of a summarized dim (default 3). */
  edgeitems: number;
  /** Characters per line (default 80). */
  linewidth: number;
  /** Scientific notation on (true), off (false) or chosen from the values (null, the default). */
  sciMode: boolean | null;
}

/** The "default" profile. */
export const DEFAULT_TORCH_PRINT_OPTIONS: Readonly<TorchPrintOptions> = Object.freeze({
  precision: 4,
  threshold: 1000,
  edgeitems: 3,
  linewidth: 80,
  sciMode: null,
});

let OPTS: Readonly<TorchPrintOptions> = DEFAULT_TORCH_PRINT_OPTIONS;

/** The options in force. */
export function torchPrintOptions(): Readonly<TorchPrintOptions> {
  return OPTS;
}

/** Replaces the options in force (print_options.ts checks them first). */
export function replaceTorchPrintOptions(o: Readonly<TorchPrintOptions>): void {
  OPTS = Object.freeze({ ...o });
}

/** A read-only accessor of a tensor's elements. */
export interface TensorPrintable {
  readonly shape: readonly number[];
  readonly dtype: DType;
  at(index: number[]): Value;
}

const nonFinite = (v: number) => (Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf");
/** Python's `f"{v:.{p}f}"`. */
function fixed(v: number, p: number): string {
  if (!Number.isFinite(v)) return nonFinite(v);
  const s = dragon4Positional(v, false, { precision: p, unique: false, trim: "k" });
  return p === 0 ? s.slice(0, -1) : s; // Python prints no point without fraction digits
}
/** Python's `f"{v:.{p}e}"` (two exponent digits at least). */
function sci(v: number, p: number): string {
  if (!Number.isFinite(v)) return nonFinite(v);
  const s = dragon4Scientific(v, false, { precision: p, unique: false, trim: "k", expDigits: 2 });
  return p === 0 ? s.replace(".e", "e") : s;
}

/** PyTorch's _Formatter: one width and notation for all (shown) values of a tensor. */
class Formatter {
  readonly floating: boolean;
  intMode = true;
  sciMode = false;
  maxWidth = 1;
  readonly #p: number;

  constructor(dtype: DType, values: Value[], o: Readonly<TorchPrintOptions>) {
    this.#p = o.precision;
    this.floating = dtype === "float32" || dtype === "float64";
    if (!this.floating) {
      for (const v of values) this.maxWidth = Math.max(this.maxWidth, plain(v).length);
      return;
    }
    const nz = (values as number[]).filter((v) => Number.isFinite(v) && v !== 0);
    if (nz.length === 0) return;
    let mn = Infinity, mx = 0;
    for (const v of nz) [mn, mx] = [Math.min(mn, Math.abs(v)), Math.max(mx, Math.abs(v))];
    this.intMode = nz.every((v) => v === Math.ceil(v));
    this.sciMode = o.sciMode ?? (mx / mn > 1000 || mx > 1e8 || mn < 1e-4);
    const width = this.sciMode
      ? (v: number) => sci(v, this.#p).length
      : this.intMode
      ? (v: number) => fixed(v, 0).length + 1 // the point an integral float gets
      : (v: number) => fixed(v, this.#p).length;
    for (const v of nz) this.maxWidth = Math.max(this.maxWidth, width(v));
  }

  format(v: Value): string {
    let s: string;
    if (!this.floating) s = plain(v);
    else {
      const x = v as number;
      if (this.sciMode) s = sci(x, this.#p);
      else if (this.intMode) s = fixed(x, 0) + (Number.isFinite(x) ? "." : "");
      else s = fixed(x, this.#p);
    }
    return s.padStart(this.maxWidth);
  }
}

/** Python's `f"{v}"` of an integer or a bool. */
const plain = (v: Value) => (typeof v === "boolean" ? (v ? "True" : "False") : String(v));

/** The values the formatter sees (get_summarized_data): edge rows of each dim, none at all for edgeitems 0. */
function summarizedValues(t: TensorPrintable, summarize: boolean, edge: number): Value[] {
  const out: Value[] = [];
  const nd = t.shape.length;
  // a summarized tensor of 2 or more dims with edgeitems 0 becomes an empty one
  if (summarize && nd >= 2 && edge === 0) return out;
  const walk = (idx: number[]) => {
    if (idx.length === nd) return void out.push(t.at(idx));
    const n = t.shape[idx.length];
    // edgeitems 0 on the last dim: self[:0] and self[-0:], which is all of it
    const ids = summarize && n > 2 * edge && edge > 0 ? [...range(0, edge), ...range(n - edge, n)] : range(0, n);
    for (const i of ids) walk([...idx, i]);
  };
  walk([]);
  return out;
}

const range = (a: number, b: number) => Array.from({ length: Math.max(0, b - a) }, (_, i) => a + i);

function body(
  t: TensorPrintable,
  idx: number[],
  indent: number,
  summarize: boolean,
  f: Formatter,
  o: Readonly<TorchPrintOptions>,
): string {
  const dim = t.shape.length - idx.length, edge = o.edgeitems;
  if (dim === 0) return f.format(t.at(idx));
  const n = t.shape[idx.length];
  const cut = summarize && n > 2 * edge;
  if (dim === 1) {
    const perLine = Math.max(1, Math.floor((o.linewidth - indent) / (f.maxWidth + 2)));
    const val = (i: number) => f.format(t.at([...idx, i]));
    const data = summarize && edge === 0
      ? ["..."]
      : cut
      ? [...range(0, edge).map(val), " ...", ...range(n - edge, n).map(val)]
      : range(0, n).map(val);
    const lines: string[] = [];
    for (let i = 0; i < data.length; i += perLine) lines.push(data.slice(i, i + perLine).join(", "));
    return "[" + lines.join(",\n" + " ".repeat(indent + 1)) + "]";
  }
  const row = (i: number) => body(t, [...idx, i], indent + 1, summarize, f, o);
  const slices = cut ? [...range(0, edge).map(row), "...", ...range(n - edge, n).map(row)] : range(0, n).map(row);
  return "[" + slices.join("," + "\n".repeat(dim - 1) + " ".repeat(indent + 1)) + "]";
}

/**
 * PyTorch's `repr(t)`, e.g. `tensor([[1., 2.]], requires_grad=True)`, under
 * the print options in force. `extra`: the suffixes after the dtype
 * (`device=...` ones go first, as PyTorch puts them).
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
  const o = OPTS;
  const prefix = "tensor(", indent = prefix.length;
  const size = t.shape.reduce((p, d) => p * d, 1);
  const sizeStr = `size=(${t.shape.join(", ")}${t.shape.length === 1 ? "," : ""})`;
  const suffixes = extra.filter((s) => s.startsWith("device="));
  let str: string;
  if (size === 0) {
    if (t.shape.length !== 1) suffixes.push(sizeStr);
    if (t.dtype !== defaultFloat) suffixes.push(`dtype=torch.${t.dtype}`);
    str = "[]";
  } else {
    if (!o.edgeitems) suffixes.push(sizeStr);
    if (![defaultFloat, "int64", "bool"].includes(t.dtype)) suffixes.push(`dtype=torch.${t.dtype}`);
    const summarize = size > o.threshold;
    const f = new Formatter(t.dtype, summarizedValues(t, summarize, o.edgeitems), o);
    str = body(t, [], indent, summarize, f, o);
  }
  suffixes.push(...extra.filter((s) => !s.startsWith("device=")));
  let out = prefix + str;
  let last = out.length - out.lastIndexOf("\n") + 1;
  for (const s of suffixes) {
    if (last + s.length + 2 > o.linewidth) {
      out += ",\n" + " ".repeat(indent) + s;
      last = indent + s.length;
    } else {
      out += ", " + s;
      last += s.length + 2;
    }
  }
  return out + ")";
}
