/**
 * A shape mismatch: the op and the offending shapes are part of the message
 * and kept as fields.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ShapeError } from "./errors.ts";
 * const e = new ShapeError("add", "Cannot broadcast shapes [2, 3] and [4]", [[2, 3], [4]]);
 * assert(e instanceof RangeError && e.op === "add");
 * ```
 */
export class ShapeError extends RangeError {
  /** The op that failed. */
  readonly op: string;
  /** The shapes involved. */
  readonly shapes: readonly (readonly number[])[];
  /** An error of `op`, naming the shapes involved. */
  constructor(op: string, message: string, shapes: readonly (readonly number[])[] = []) {
    super(`${message} in "${op}"`);
    this.name = "ShapeError";
    this.op = op;
    this.shapes = shapes;
  }
}

/**
 * An `out` array whose shape is not the result's: NumPy's error; the torch
 * front-end resizes `out` to `want` and runs the op again, as PyTorch does.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { OutShapeError, ShapeError } from "./errors.ts";
 * const e = new OutShapeError("add", "output has shape [5], the result [2, 3]", [5], [2, 3]);
 * assert(e instanceof ShapeError && e.want[1] === 3);
 * ```
 */
export class OutShapeError extends ShapeError {
  /** The result's shape, which `out` should have had. */
  readonly want: readonly number[];
  /** `op`'s `out` of shape `got` where the result has shape `want`. */
  constructor(op: string, message: string, got: readonly number[], want: readonly number[]) {
    super(op, message, [got, want]);
    this.want = want;
  }
}

/**
 * A value as messages show it: `String(v)`, or its type where that throws (a Symbol, also inside a list; a revoked
 * Proxy), cut to 200 characters.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fmtValue } from "./errors.ts";
 * assert.equal(fmtValue([Symbol()]), "object");
 * assert.equal(fmtValue(1.5), "1.5");
 * ```
 */
export function fmtValue(v: unknown): string {
  try {
    return String(v).slice(0, 200);
  } catch {
    return v === null ? "null" : typeof v;
  }
}

/**
 * A double as C++'s output stream prints it, the form PyTorch's messages take: six significant digits, `%g`'s
 * exponent rule and spelling (1e+20, 1.23457e+06, 0.5, -1, inf, nan).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { cppDouble } from "./errors.ts";
 * assert.deepEqual([1e20, 1234567, 0.5, -1, 1.5e-5, Infinity, NaN].map(cppDouble),
 *   ["1e+20", "1.23457e+06", "0.5", "-1", "1.5e-05", "inf", "nan"]);
 * ```
 */
export function cppDouble(v: number): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  const [mant, e] = v.toExponential(5).split("e"), exp = Number(e);
  if (exp >= -4 && exp < 6) return String(Number(v.toPrecision(6)));
  const digits = mant.replace(/\.?0+$/, "");
  return `${digits}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
}

/** Formats a shape the way messages show it: `[2, 3]`. */
export function fmtShape(shape: readonly number[]): string {
  // bounded: a message about a hostile list (a sparse Array(1e9), a Proxy) must not build a gigabyte string
  const n = Math.min(Number(shape.length) || 0, 70), parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = shape[i];
    parts.push(typeof d === "number" || typeof d === "bigint" ? String(d) : typeof d);
  }
  if (shape.length > n) parts.push(`... (${shape.length} entries)`);
  return `[${parts.join(", ")}]`;
}

/** Formats a shape as NumPy's broadcasting messages show it: `(2,3)`, `(2,)`. */
export function fmtTuple(shape: readonly number[]): string {
  const s = fmtShape(shape).slice(1, -1).replaceAll(", ", ",");
  return `(${s}${shape.length === 1 ? "," : ""})`;
}

/**
 * Memory for an array that cannot be had: a size past 2^53 elements, or
 * more bytes than the host (or device) can give. NumPy's
 * `_ArrayMemoryError` ("Unable to allocate 8.00 TiB for an array with
 * shape ... and data type float64"). The shape, dtype and bytes are part of
 * the message and kept as fields; the generated functions and methods add
 * the op's name (`nameOp`), so it is named once, not in every allocation.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { AllocationError } from "./errors.ts";
 * const e = new AllocationError([2 ** 20, 2 ** 20], "float64", 2 ** 43).nameOp("zeros");
 * assert(e instanceof RangeError && e.op === "zeros");
 * assert.match(e.message, /^zeros: cannot allocate 8796093022208 bytes for an array of shape \[1048576, 1048576\]/);
 * ```
 */
export class AllocationError extends RangeError {
  /** The op that asked for the memory, once named. */
  op: string | undefined = undefined;
  /** The requested shape. */
  readonly shape: readonly number[];
  /** The element type. */
  readonly dtype: string;
  /** The bytes asked for (Infinity when the element count is not even a safe integer). */
  readonly bytes: number;
  /** Why the allocator refused (V8's or the device's words), or "" when the size alone rules it out. */
  readonly reason: string;
  constructor(shape: readonly number[], dtype: string, bytes: number, reason = "") {
    const size = Number.isSafeInteger(bytes) ? `${bytes} bytes` : "more than 2^53 bytes";
    super(`cannot allocate ${size} for an array of shape ${fmtShape(shape)} (${dtype})${reason ? `: ${reason}` : ""}`);
    this.name = "AllocationError";
    this.shape = [...shape];
    this.dtype = dtype;
    this.bytes = bytes;
    this.reason = reason;
  }

  /** Prefixes the op's name to the message (the first, innermost op named wins); returns this. */
  nameOp(op: string): this {
    if (this.op === undefined) {
      this.op = op;
      this.message = `${op}: ${this.message}`;
    }
    return this;
  }
}

/**
 * A linear-algebra failure (singular matrix, no convergence), as NumPy's
 * `numpy.linalg.LinAlgError`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LinAlgError } from "./errors.ts";
 * assert(new LinAlgError("Singular matrix").name === "LinAlgError");
 * ```
 */
export class LinAlgError extends Error {
  /** NumPy's LinAlgError with its message. */
  constructor(message: string) {
    super(message);
    this.name = "LinAlgError";
  }
}

/**
 * PyTorch's RuntimeError (shape mismatches in views, autograd misuse).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RuntimeError } from "./errors.ts";
 * assert(new RuntimeError("x").name === "RuntimeError");
 * ```
 */
export class RuntimeError extends Error {
  /** PyTorch's RuntimeError with its message. */
  constructor(message: string) {
    super(message);
    this.name = "RuntimeError";
  }
}

/**
 * Use of an array or tensor after it was released (`dispose()`, `using`,
 * or the end of a `tidy` scope).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ReleasedError } from "./errors.ts";
 * assert(new ReleasedError().name === "ReleasedError");
 * ```
 */
export class ReleasedError extends Error {
  constructor(what = "array") {
    super(`this ${what} was released (dispose(), using, or the end of a tidy scope) and cannot be used again`);
    this.name = "ReleasedError";
  }
}
