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
  constructor(op: string, message: string, shapes: readonly (readonly number[])[] = []) {
    super(`${message} in "${op}"`);
    this.name = "ShapeError";
    this.op = op;
    this.shapes = shapes;
  }
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
