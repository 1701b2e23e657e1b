/**
 * torch.testing: PyTorch's assertClose and makeTensor (torch/testing/_comparison.py, _creation.py). Failures throw
 * node:assert's AssertionError with PyTorch's message text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * torch.testing.assertClose(torch.tensor([1, 2]), torch.tensor([1, 2]));
 * const f32 = (v: number[]) => torch.tensor(v, { dtype: "float32" });
 * assert.throws(() => torch.testing.assertClose(f32([1, 2]), f32([1, 3])), /not close/);
 * ```
 * @module
 */
import { AssertionError } from "node:assert";
import { pyFloat } from "../numpy/testing.ts";
import { bindArgs } from "../numpy/poly1d.ts";
import { describe } from "../api/signature.ts";
import { F } from "./functions.ts";
import { isTensor, type Tensor } from "./tensor.ts";

/** PyTorch's default (rtol, atol) per dtype; integers and bool compare exactly. */
const DEFAULT_TOL: Record<string, [number, number]> = {
  float32: [1.3e-6, 1e-5],
  float64: [1e-7, 1e-7],
};
const tolOf = (dtype: string): [number, number] => DEFAULT_TOL[dtype] ?? [0, 0];

/** assertClose's keyword options (PyTorch's names in camelCase). */
export interface AssertCloseOptions {
  /** Accepted for PyTorch compatibility: dendrite has no tensor subclasses. */
  allowSubclasses?: boolean;
  /** Relative tolerance; must be given together with atol (default: per dtype). */
  rtol?: number;
  /** Absolute tolerance; must be given together with rtol (default: per dtype). */
  atol?: number;
  /** NaNs in the same places compare equal (false). */
  equalNan?: boolean;
  /** Compare devices (true; dendrite tensors are all on the CPU). */
  checkDevice?: boolean;
  /** Compare dtypes (true); when false both sides are promoted to a common dtype. */
  checkDtype?: boolean;
  /** Compare layouts (true; dendrite tensors are all strided). */
  checkLayout?: boolean;
  /** Compare strides (false). */
  checkStride?: boolean;
  /** Replaces the message, or a function of the generated message that returns the new one. */
  msg?: string | ((generated: string) => string);
}

const ASSERT_CLOSE_NAMES = [
  "actual",
  "expected",
  "allowSubclasses",
  "rtol",
  "atol",
  "equalNan",
  "checkDevice",
  "checkDtype",
  "checkLayout",
  "checkStride",
  "msg",
] as const;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/** A failure with the path of the item it occurred in (PyTorch's ErrorMeta). */
class Mismatch {
  constructor(readonly kind: "assert" | "type" | "value", readonly msg: string, readonly id: string[] = []) {}
}

const pyTypeName = (v: unknown) =>
  isTensor(v)
    ? "torch.Tensor"
    : Array.isArray(v)
    ? "list"
    : isPlainObject(v)
    ? "dict"
    : typeof v === "number"
    ? (Number.isInteger(v) ? "int" : "float")
    : typeof v === "boolean"
    ? "bool"
    : v === null || v === undefined
    ? "NoneType"
    : typeof v;

interface CloseSpec {
  rtol?: number;
  atol?: number;
  equalNan: boolean;
  checkDtype: boolean;
  checkStride: boolean;
}

/** PyTorch's _make_mismatch_msg. */
function mismatchMsg(
  identifier: string,
  extra: string,
  abs: string,
  absIdx: string | null,
  atol: number,
  rel: string,
  relIdx: string | null,
  rtol: number,
): string {
  const equality = rtol === 0 && atol === 0;
  const diff = (type: string, d: string, idx: string | null, tol: number) =>
    (idx === null
      ? `${type[0].toUpperCase()}${type.slice(1)} difference: ${d}`
      : `Greatest ${type} difference: ${d} at index ${idx}`) +
    (equality ? "" : ` (up to ${Number.isInteger(tol) ? tol : pyFloat(tol)} allowed)`) + "\n";
  let msg = `${identifier} are not ${equality ? "equal" : "close"}!\n\n`;
  if (extra) msg += `${extra.trim()}\n`;
  msg += diff("absolute", abs, absIdx, atol) + diff("relative", rel, relIdx, rtol);
  return msg.trim();
}

const floating = (dtype: string) => dtype.startsWith("float");

/** Rounds a double as the dtype's arithmetic does (float32 results are exact roundings of the double result). */
const roundTo = (dtype: string) => (floating(dtype) && dtype !== "float64" ? Math.fround : (v: number) => v);

const pyNum = (v: number, isFloat: boolean) => (isFloat ? pyFloat(v) : String(v));

/** Compares two numbers (Python scalars: float64 tolerances for floats, exact for integers and booleans). */
function compareNumbers(a: number | boolean, e: number | boolean, s: CloseSpec): Mismatch | null {
  if (typeof a !== typeof e && (typeof a === "boolean" || typeof e === "boolean")) {
    return new Mismatch(
      "type",
      `No comparison pair was able to handle inputs of type <class '${pyTypeName(a)}'> and <class '${pyTypeName(e)}'>.`,
    );
  }
  if (typeof a === "boolean") {
    return a === e
      ? null
      : new Mismatch("assert", `Booleans mismatch: ${a ? "True" : "False"} is not ${e ? "True" : "False"}`);
  }
  const x = a as number, y = e as number;
  const isFloat = !Number.isInteger(x) || !Number.isInteger(y);
  // JS has one number type: a pair is compared as floats when either has a fraction, else as integers
  const [rtol, atol] = s.rtol === undefined ? (isFloat ? [1e-7, 1e-7] : [0, 0]) : [s.rtol, s.atol!];
  if (close(x, y, rtol, atol, s.equalNan)) return null;
  const abs = Math.abs(x - y);
  return new Mismatch(
    "assert",
    mismatchMsg(
      "Scalars",
      `Expected ${pyNum(y, isFloat)} but got ${pyNum(x, isFloat)}.`,
      pyNum(abs, isFloat),
      null,
      atol,
      pyFloat(abs / Math.abs(y)),
      null,
      rtol,
    ),
  );
}

/** torch.isclose on doubles: |a - e| <= atol + rtol * |e|, infinities equal only to themselves. */
function close(a: number, e: number, rtol: number, atol: number, equalNan: boolean): boolean {
  if (Number.isNaN(a) || Number.isNaN(e)) return equalNan && Number.isNaN(a) && Number.isNaN(e);
  if (a === e) return true;
  if (!Number.isFinite(a) || !Number.isFinite(e)) return false;
  return Math.abs(a - e) <= atol + rtol * Math.abs(e);
}

const sizeStr = (s: readonly number[]) => `torch.Size([${s.join(", ")}])`;
const tupleStr = (s: readonly number[]) => `(${s.join(", ")}${s.length === 1 ? "," : ""})`;

/** Compares two tensors: attributes (shape, dtype, stride when asked), then values (PyTorch's TensorLikePair). */
function compareTensors(a: Tensor, e: Tensor, s: CloseSpec): Mismatch | null {
  const attr = (name: string, x: string, y: string) =>
    new Mismatch("assert", `The values for attribute '${name}' do not match: ${x} != ${y}.`);
  if (a.shape.join() !== e.shape.join() || a.shape.length !== e.shape.length) {
    return attr("shape", sizeStr(a.shape), sizeStr(e.shape));
  }
  if (s.checkDtype && a.dtype !== e.dtype) return attr("dtype", `torch.${a.dtype}`, `torch.${e.dtype}`);
  if (s.checkStride && a.stride().join() !== e.stride().join()) {
    return attr("stride()", tupleStr(a.stride()), tupleStr(e.stride()));
  }
  let x = a.detach(), y = e.detach();
  if (x.dtype !== y.dtype) {
    const common = F.promoteTypes(x.dtype, y.dtype) as string;
    x = x.to(common);
    y = y.to(common);
  }
  const dtype = x.dtype as string;
  const [dr, da] = tolOf(dtype);
  const [dr2, da2] = tolOf(a.dtype === e.dtype ? a.dtype : e.dtype);
  const [rtol, atol] = s.rtol === undefined ? [Math.max(dr, dr2), Math.max(da, da2)] : [s.rtol, s.atol!];
  const round = roundTo(dtype);
  const xs = (x.flatten().tolist() as (number | boolean)[]).map(Number);
  const ys = (y.flatten().tolist() as (number | boolean)[]).map(Number);
  // isclose in the dtype's own arithmetic (float32 tolerance products round as PyTorch's kernel does)
  const matches = xs.map((v, i) =>
    floating(dtype)
      ? (Number.isNaN(v) || Number.isNaN(ys[i]) || !Number.isFinite(v) || !Number.isFinite(ys[i])
        ? close(v, ys[i], rtol, atol, s.equalNan)
        : round(Math.abs(round(v - ys[i]))) <= round(round(atol) + round(round(rtol) * Math.abs(ys[i]))))
      : v === ys[i]
  );
  if (matches.every(Boolean)) return null;
  const isFloat = floating(dtype);
  if (a.shape.length === 0) {
    // PyTorch reports a 0-d tensor through .item(): Python (double) arithmetic
    const abs = Math.abs(xs[0] - ys[0]);
    return new Mismatch(
      "assert",
      mismatchMsg(
        "Scalars",
        `Expected ${pyNum(ys[0], isFloat)} but got ${pyNum(xs[0], isFloat)}.`,
        pyNum(abs, isFloat),
        null,
        atol,
        pyFloat(abs / Math.abs(ys[0])),
        null,
        rtol,
      ),
    );
  }
  const n = xs.length, bad = matches.filter((m) => !m).length;
  // the first greatest difference, NaN winning as in torch.max
  const argmax = (d: number[]) => {
    let best = 0;
    for (let i = 1; i < d.length; i++) if (Number.isNaN(d[i]) ? !Number.isNaN(d[best]) : d[i] > d[best]) best = i;
    return Number.isNaN(d[best]) ? d.findIndex(Number.isNaN) : best;
  };
  const absD = xs.map((v, i) => (matches[i] ? 0 : round(Math.abs(v - ys[i]))));
  // integer relative differences divide in the default float dtype (float32)
  const relRound = isFloat ? round : Math.fround;
  const relD = absD.map((d, i) => (matches[i] ? 0 : relRound(d / Math.abs(ys[i]))));
  const unravel = (flat: number) => {
    const idx: number[] = [];
    for (let d = a.shape.length - 1; d >= 0; d--) {
      idx.unshift(flat % a.shape[d]);
      flat = Math.floor(flat / a.shape[d]);
    }
    return tupleStr(idx);
  };
  const ai = argmax(absD), ri = argmax(relD);
  return new Mismatch(
    "assert",
    mismatchMsg(
      "Tensor-likes",
      `Mismatched elements: ${bad} / ${n} (${((100 * bad) / n).toFixed(1)}%)`,
      pyNum(absD[ai], isFloat),
      unravel(ai),
      atol,
      pyFloat(relD[ri]),
      unravel(ri),
      rtol,
    ),
  );
}

/** Compares nested sequences / objects of tensors and numbers, recording the failing item's path. */
function compare(a: unknown, e: unknown, s: CloseSpec): Mismatch | null {
  const within = (m: Mismatch | null, key: string) => (m ? new Mismatch(m.kind, m.msg, [key, ...m.id]) : null);
  if (Array.isArray(a) && Array.isArray(e)) {
    if (a.length !== e.length) {
      return new Mismatch("assert", `The length of the sequences mismatch: ${a.length} != ${e.length}`);
    }
    for (let i = 0; i < a.length; i++) {
      const m = within(compare(a[i], e[i], s), `[${i}]`);
      if (m) return m;
    }
    return null;
  }
  if (isPlainObject(a) && isPlainObject(e)) {
    const ka = Object.keys(a), ke = Object.keys(e);
    if (ka.length !== ke.length || ka.some((k) => !(k in e))) {
      const missing = ke.filter((k) => !(k in a)), extra = ka.filter((k) => !(k in e));
      const set = (ks: string[]) => `[${ks.map((k) => `'${k}'`).join(", ")}]`;
      return new Mismatch(
        "assert",
        `The keys of the mappings do not match:\nMissing keys in the actual mapping: ${
          set(missing)
        }\nAdditional keys in the actual mapping: ${set(extra)}`,
      );
    }
    for (const k of ke) {
      const m = within(compare(a[k], e[k], s), `['${k}']`);
      if (m) return m;
    }
    return null;
  }
  if (isTensor(a) && isTensor(e)) return compareTensors(a, e, s);
  const num = (v: unknown) => typeof v === "number" || typeof v === "boolean";
  if (num(a) && num(e)) return compareNumbers(a as number, e as number, s);
  return new Mismatch(
    "type",
    `No comparison pair was able to handle inputs of type <class '${pyTypeName(a)}'> and <class '${pyTypeName(e)}'>.`,
  );
}

/** assertClose's arguments: `(actual, expected)` then the keyword options (or all of them in one object). */
export type AssertCloseArgs =
  | [actual: unknown, expected: unknown, options?: AssertCloseOptions]
  | [options: AssertCloseOptions & { actual: unknown; expected: unknown }];

/**
 * Throws unless `actual` and `expected` are close: tensors (same shape, dtype unless `checkDtype: false`, strides
 * when `checkStride`) within `atol + rtol * |expected|` with PyTorch's per-dtype defaults (float32 1.3e-6 / 1e-5,
 * float64 1e-7 / 1e-7, integers and bool exact), numbers, and arrays / plain objects of them compared item by item.
 * Mismatches throw AssertionError with PyTorch's message; inputs it cannot pair throw TypeError; rtol without atol
 * (or the reverse) throws RangeError (PyTorch's ValueError).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const f32 = (v: number[]) => torch.tensor(v, { dtype: "float32" });
 * torch.testing.assertClose(f32([1, 2]), f32([1, 2.000001]));
 * torch.testing.assertClose([torch.tensor([1]), 2.5], [torch.tensor([1]), 2.5]);
 * assert.throws(
 *   () => torch.testing.assertClose(f32([1]), f32([1.5]), { rtol: 0, atol: 0.1 }),
 *   /Greatest absolute difference: 0.5 at index \(0,\) \(up to 0.1 allowed\)/,
 * );
 * ```
 */
export function assertClose(...args: AssertCloseArgs): void {
  const op = "assert_close";
  // actual / expected may be plain objects themselves: options are only read from a third argument (or a lone one)
  const b = bindArgs(op, ASSERT_CLOSE_NAMES, args.length === 2 ? [...args, {}] : args);
  if (!("actual" in b) || !("expected" in b) || b.actual === undefined || b.expected === undefined) {
    throw new TypeError(`${op}() missing required arguments: 'actual' and 'expected'`);
  }
  const rtol = b.rtol as number | undefined, atol = b.atol as number | undefined;
  if ((rtol === undefined) !== (atol === undefined)) {
    throw new RangeError(
      `Both 'rtol' and 'atol' must be either specified or omitted, but got no ${rtol === undefined ? "rtol" : "atol"}.`,
    );
  }
  const m = compare(b.actual, b.expected, {
    rtol,
    atol,
    equalNan: (b.equalNan ?? false) as boolean,
    checkDtype: (b.checkDtype ?? true) as boolean,
    checkStride: (b.checkStride ?? false) as boolean,
  });
  if (!m) return;
  if (m.kind === "type") throw new TypeError(m.msg);
  const msg = b.msg as AssertCloseOptions["msg"];
  // a string msg replaces everything; a function sees the generated text with the item suffix
  const generated = m.id.length ? `${m.msg}\n\nThe failure occurred for item ${m.id.join("")}` : m.msg;
  throw new AssertionError({
    message: msg === undefined || msg === null ? generated : typeof msg === "string" ? msg : msg(generated),
  });
}

/** A memory format name (torch.contiguousFormat, torch.channelsLast, ...). */
export type MemoryFormat = "preserveFormat" | "contiguousFormat" | "channelsLast" | "channelsLast3d";

/** makeTensor's keyword options (PyTorch's names in camelCase). */
export interface MakeTensorOptions {
  /** The dtype (required, as in PyTorch). */
  dtype: string;
  /** The device (required in PyTorch; "cpu" here). */
  device?: string;
  /** Inclusive lower bound (default -9; 0 for unsigned and bool). */
  low?: number | null;
  /** Exclusive upper bound (default 9 for floats, 10 for integers, 2 for bool). */
  high?: number | null;
  /** Record autograd on the result (floating dtypes only). */
  requiresGrad?: boolean;
  /** Return a non-contiguous view (every other element of a doubled last dimension). */
  noncontiguous?: boolean;
  /** Replace zeros with 1 (integers, bool) or the dtype's tiny (floats). */
  excludeZero?: boolean;
  /** The result's memory format (exclusive with noncontiguous). */
  memoryFormat?: MemoryFormat | null;
}

const INT_RANGE: Record<string, [number, number]> = {
  uint8: [0, 255],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [-(2 ** 63), 2 ** 63],
};
const FLOAT_LIMIT: Record<string, [max: number, tiny: number]> = {
  float32: [3.4028234663852886e38, 2 ** -126],
  float64: [Number.MAX_VALUE, 2 ** -1022],
};

const pyNumber = (v: number) => (Number.isInteger(v) ? String(v) : pyFloat(v));

/**
 * A tensor of `shape` with values drawn uniformly from [low, high) by dendrite's torch generator (PyTorch's
 * torch.testing.make_tensor: the same default ranges, clamping, errors and flags; the values themselves differ from
 * PyTorch's for the same seed, since PyTorch draws through its own uniform_/randint kernels).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const t = torch.testing.makeTensor([2, 3], { dtype: "float32", low: -1, high: 1, noncontiguous: true });
 * assert.deepEqual(t.shape, [2, 3]);
 * assert.equal(t.isContiguous(), false);
 * assert.ok(Number(t.abs().max().item()) <= 1);
 * ```
 */
export function makeTensor(shape: number | readonly number[], options: MakeTensorOptions): Tensor {
  const op = "make_tensor";
  const o = bindArgs(op, [
    "dtype",
    "device",
    "low",
    "high",
    "requiresGrad",
    "noncontiguous",
    "excludeZero",
    "memoryFormat",
  ], [options]);
  const dtype = o.dtype as string | undefined;
  if (dtype === undefined) throw new TypeError(`${op}() missing 1 required keyword-only argument: 'dtype'`);
  if (typeof shape !== "number" && !Array.isArray(shape)) {
    throw new TypeError(`${op}(): shape must be an int or a list of ints, not ${describe(shape)}`);
  }
  let dims = typeof shape === "number" ? [shape] : [...shape];
  const noncontigAsked = (o.noncontiguous ?? false) as boolean, memoryFormat = o.memoryFormat ?? null;
  if (noncontigAsked && memoryFormat !== null) {
    throw new RangeError(
      `The parameters \`noncontiguous\` and \`memory_format\` are mutually exclusive, but got noncontiguous=True and memory_format=${memoryFormat}`,
    );
  }
  const isFloat = dtype in FLOAT_LIMIT, integral = dtype === "bool" || dtype in INT_RANGE;
  if (!isFloat && !integral) {
    throw new TypeError(`The requested dtype '${dtype}' is not supported by torch.testing.make_tensor().`);
  }
  const requiresGrad = (o.requiresGrad ?? false) as boolean;
  if (requiresGrad && integral) {
    throw new RangeError(
      `\`requires_grad=True\` is not supported for boolean and integral dtypes, but got dtype=torch.${dtype}`,
    );
  }
  const [lowest, highestEx, defLow, defHigh] = dtype === "bool"
    ? [0, 2, 0, 2]
    : integral
    ? [INT_RANGE[dtype][0], INT_RANGE[dtype][1] + (dtype === "int64" ? 0 : 1), -9, 10]
    : [-FLOAT_LIMIT[dtype][0], FLOAT_LIMIT[dtype][0], -9, 9];
  let low = (o.low ?? defLow) as number, high = (o.high ?? defHigh) as number;
  if (Number.isNaN(low) || Number.isNaN(high)) {
    throw new RangeError(`\`low\` and \`high\` cannot be NaN, but got low=${pyNumber(low)} and high=${pyNumber(high)}`);
  }
  if (!(low === high && isFloat)) {
    if (low >= high) {
      throw new RangeError(`\`low\` must be less than \`high\`, but got ${pyNumber(low)} >= ${pyNumber(high)}`);
    }
    if (high < lowest || low >= highestEx) {
      throw new RangeError(
        `The value interval specified by \`low\` and \`high\` is [${pyNumber(low)}, ${
          pyNumber(high)
        }), but torch.${dtype} only supports [${pyNumber(lowest)}, ${pyNumber(highestEx)})`,
      );
    }
  }
  low = Math.min(Math.max(low, lowest), highestEx);
  high = Math.min(Math.max(high, lowest), highestEx);
  if (integral) [low, high] = [Math.ceil(low), Math.ceil(high)];
  const noncontiguous = noncontigAsked && dims.reduce((p, d) => p * d, 1) > 1;
  if (noncontiguous) dims = [...dims.slice(0, -1), 2 * dims[dims.length - 1]];
  let result: Tensor;
  if (integral) {
    result = F.randint(low, high, dims, { dtype: dtype === "bool" ? "int64" : dtype }) as Tensor;
    if (dtype === "bool") result = result.to("bool");
  } else {
    result = F.empty(dims, { dtype }) as Tensor;
    // a range wider than the dtype's max would overflow the draw: halve it and double the values
    if (high - low >= FLOAT_LIMIT[dtype][0]) result.uniform_(low / 2, high / 2).mul_(2);
    else result.uniform_(low, high);
  }
  if (noncontiguous) result = result.get("..., 1::2") as Tensor;
  else if (memoryFormat !== null) result = result.clone({ memoryFormat: memoryFormat as MemoryFormat }) as Tensor;
  if ((o.excludeZero ?? false) as boolean) {
    const fill = integral ? 1 : FLOAT_LIMIT[dtype][1];
    result.maskedFill_(result.eq(0), fill);
  }
  if (isFloat) result.requiresGrad_(requiresGrad);
  return result;
}
