/**
 * PyTorch-style argument binding for SummaryWriter: the parameters of
 * torch.utils.tensorboard in its order, optionally followed by one options
 * object that names optional parameters (Python's keyword arguments). A
 * wrong type is a TypeError naming the parameter, and an unknown option a
 * TypeError listing the valid ones, so a misspelt option never silently
 * falls back to its default.
 */
import { type ArrayData, isOperand, toOperand } from "../api/convert.ts";
import { castTo, contiguous, type Operand } from "../ops/operand.ts";

/** Arrays the writer accepts: ndarrays, tensors, nested JS arrays, typed arrays. */
export type Loggable = Operand | ArrayData;

/** A step (int64): an integer number or a bigint. */
export type Step = number | bigint;

/**
 * The arguments after the required ones: a prefix of `P`, each value
 * optional (`undefined` or `null` keeps the default, as Python's None),
 * then optionally an options object `O`.
 */
export type Rest<P extends unknown[], O> =
  | [...{ [K in keyof P]?: P[K] | null }, O?]
  | (P extends [...infer Init, unknown] ? Rest<Init, O> : never);

/** Throws a TypeError or RangeError when `v` is no valid value; `what` names the parameter. */
export type Check = (v: unknown, what: string) => void;

/** One parameter of a method. */
export interface Param {
  readonly name: string;
  readonly check: Check;
  /** Whether a plain object is a value of this parameter (and so not necessarily the options object). */
  readonly record?: boolean;
}

/**
 * Binds `args` to `params` (the first `required` of them must be given
 * positionally) and checks every given value. Returns the values by name;
 * absent ones (undefined or null) are left out.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bind, str, step } from "./args.ts";
 * const params = [{ name: "tag", check: str }, { name: "globalStep", check: step }];
 * assert.deepEqual(bind("f", params, 1, ["loss", { globalStep: 3 }]), { tag: "loss", globalStep: 3 });
 * ```
 */
export function bind<T>(fn: string, params: readonly Param[], required: number, args: readonly unknown[]): T {
  const options = trailingOptions(params, required, args);
  const positional = options ? args.slice(0, -1) : args;
  if (positional.length > params.length) {
    throw new TypeError(
      `${fn}(): takes at most ${params.length} arguments (${
        names(params)
      }) and an options object, got ${positional.length}`,
    );
  }
  const out: Record<string, unknown> = {};
  positional.forEach((v, i) => {
    if (v != null) out[params[i].name] = v;
  });
  for (const [k, v] of Object.entries(options ?? {})) {
    const i = params.findIndex((p) => p.name === k);
    if (i < required) {
      throw new TypeError(`${fn}(): unknown option '${k}'; expected one of ${names(params.slice(required))}`);
    }
    if (v == null) continue;
    if (Object.hasOwn(out, k)) {
      throw new TypeError(`${fn}(): '${k}' is given both as argument ${i + 1} and as an option`);
    }
    out[k] = v;
  }
  params.forEach((p, i) => {
    if (Object.hasOwn(out, p.name)) p.check(out[p.name], `${fn}(): ${p.name}`);
    else if (i < required) throw new TypeError(`${fn}(): missing argument '${p.name}'`);
  });
  return out as T;
}

const names = (params: readonly Param[]) => params.map((p) => p.name).join(", ");

/** Whether `v` is a plain `{...}` object (not an array, ndarray, tensor or other class instance). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * The options object, if the last argument is one. A plain object where a
 * parameter takes plain objects (addHparams' hparamDomainDiscrete) is that
 * parameter's value unless every key of it names an option.
 */
function trailingOptions(
  params: readonly Param[],
  required: number,
  args: readonly unknown[],
): Record<string, unknown> | undefined {
  const at = args.length - 1, last = args[at];
  if (at < required || !isPlainObject(last)) return undefined;
  const optional = params.slice(required).map((p) => p.name);
  if (params[at]?.record && !Object.keys(last).every((k) => optional.includes(k))) return undefined;
  return last;
}

/** What `v` is, for error messages. */
function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (isPlainObject(v)) return "an object";
  if (typeof v === "object") return `an instance of ${v.constructor?.name ?? "an unnamed class"}`;
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "..." : v)}`;
  return `${typeof v} ${String(v)}`;
}

/**
 * A check that `ok(v)` holds; the TypeError says what was `wanted` and what came.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { is } from "./args.ts";
 * const even = is((v) => Number.isInteger(v) && (v as number) % 2 === 0, "an even integer");
 * even(4, "f(): n");
 * assert.throws(() => even(3, "f(): n"), { message: "f(): n must be an even integer, got number 3" });
 * ```
 */
export function is(ok: (v: unknown) => boolean, wanted: string): Check {
  return (v, what) => {
    if (!ok(v)) throw new TypeError(`${what} must be ${wanted}, got ${describe(v)}`);
  };
}

/** A string. */
export const str: Check = is((v) => typeof v === "string", "a string");
/** A boolean. */
export const bool: Check = is((v) => typeof v === "boolean", "a boolean");
/** A number (NaN and infinities included: a diverged loss is still logged). */
export const num: Check = is((v) => typeof v === "number", "a number");
/** A finite number (walltime, sample rates). */
export const finite: Check = is(Number.isFinite, "a finite number");
/** A function. */
export const func: Check = is((v) => typeof v === "function", "a function");
/** Anything (validated where it is used). */
export const any: Check = () => {};
/** A plain object. */
export const record: Check = is(isPlainObject, "a plain object");
/** An array. */
export const list: Check = is(Array.isArray, "an array");

/** An integer number (no fraction) of at least `min`. */
export function intAtLeast(min: number): Check {
  const integer = is(Number.isInteger, "an integer");
  return (v, what) => {
    integer(v, what);
    if ((v as number) < min) throw new RangeError(`${what} must be at least ${min}, got ${v}`);
  };
}

/** A positive finite number (flushSecs). */
export const positive: Check = (v, what) => {
  finite(v, what);
  if ((v as number) <= 0) throw new RangeError(`${what} must be positive, got ${v}`);
};

const INT64_MIN = -(2n ** 63n), INT64_MAX = 2n ** 63n - 1n;
const integral = is((v) => typeof v === "bigint" || Number.isInteger(v), "an integer number or a bigint");

/** A step: an integer (number or bigint) in int64 range, as TensorBoard's Event.step. */
export const step: Check = (v, what) => {
  integral(v, what);
  const b = BigInt(v as Step);
  if (b < INT64_MIN || b > INT64_MAX) throw new RangeError(`${what} ${b} is outside the int64 range of event steps`);
};

/** Array data: an ndarray or tensor, a (nested) JS array, a typed array or a JS scalar. */
export const loggable: Check = is(
  (v) =>
    isOperand(v) || Array.isArray(v) || ArrayBuffer.isView(v) || ["number", "bigint", "boolean"].includes(typeof v),
  "an ndarray, a tensor, an array or a number",
);

/**
 * An array argument's elements as float64 (flat, C order) and its shape.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floats } from "./args.ts";
 * const f = floats("f", [[1, 2], [3, 4]]);
 * assert.deepEqual([[...f.data], f.shape], [[1, 2, 3, 4], [2, 2]]);
 * ```
 */
export function floats(fn: string, x: Loggable): { data: Float64Array; shape: number[] } {
  const o = isOperand(x) ? x : toOperand(fn, x);
  const c = contiguous(castTo(o, "float64"));
  return { data: (c.storage.data as Float64Array).subarray(0, o.layout.size), shape: [...o.layout.shape] };
}
