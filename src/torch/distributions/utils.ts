/** torch.distributions.utils: parameter broadcasting, value formatting and the probs/logits conversions. */
import { torch } from "../mod.ts";
import type { Tensor } from "../tensor.ts";
import { pyFloat } from "../../nn/repr.ts";

/** A parameter as given: a tensor or a Python-style number. */
export type Param = Tensor | number;

/**
 * PyTorch's broadcast_all: numbers become tensors of the first tensor's dtype (the default dtype when all are
 * numbers), then everything is broadcast together.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { broadcastAll } from "./utils.ts";
 * const [a, b] = broadcastAll(torch.zeros(2, { dtype: torch.float64 }), 1);
 * assert.deepEqual([b.shape, b.dtype], [[2], "float64"]);
 * assert.deepEqual(a.shape, [2]);
 * ```
 */
export function broadcastAll(...values: Param[]): Tensor[] {
  const first = values.find((v): v is Tensor => torch.isTensor(v));
  const dtype = first?.dtype ?? torch.getDefaultDtype();
  const ts = values.map((v) => (torch.isTensor(v) ? v : torch.tensor(v, { dtype })));
  return torch.broadcastTensors(...ts) as Tensor[];
}

/**
 * A value as Python's f-string writes it in distributions' messages: a 0-d tensor as its Python scalar, others as
 * the tensor's printout.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { fmt } from "./utils.ts";
 * assert.equal(fmt(torch.tensor(1, { dtype: torch.float32 })), "1.0");
 * assert.equal(fmt(0.5), "0.5");
 * ```
 */
export function fmt(v: Param): string {
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : pyFloat(v);
  if (v.ndim > 0) return v.toString();
  const x = v.item();
  if (typeof x === "boolean") return x ? "True" : "False";
  return v.dtype === "float32" || v.dtype === "float64" ? pyFloat(Number(x)) : String(x);
}

/** A shape as torch.Size prints. */
export const sizeStr = (s: readonly number[]): string => `torch.Size([${s.join(", ")}])`;

/**
 * Probabilities clamped into [eps, 1 - eps] of their dtype (PyTorch's clamp_probs).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { clampProbs } from "./utils.ts";
 * assert.equal(clampProbs(torch.tensor([0], { dtype: torch.float64 })).item(), 2 ** -52);
 * ```
 */
export function clampProbs(probs: Tensor): Tensor {
  const eps = torch.finfo(probs.dtype as "float32").eps;
  return torch.clamp(probs, { min: eps, max: 1 - eps });
}

/**
 * Logits of probabilities: log-odds when binary, else the log of each category's probability.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { probsToLogits } from "./utils.ts";
 * assert.equal(probsToLogits(torch.tensor([0.5]), true).item(), 0);
 * ```
 */
export function probsToLogits(probs: Tensor, isBinary = false): Tensor {
  const ps = clampProbs(probs);
  return isBinary ? torch.sub(torch.log(ps), torch.log1p(torch.neg(ps))) : torch.log(ps);
}

/**
 * Probabilities of logits: the sigmoid when binary, else the softmax over the last dimension.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../../mod.ts";
 * import { logitsToProbs } from "./utils.ts";
 * assert.deepEqual(logitsToProbs(torch.tensor([0, 0], { dtype: torch.float32 })).tolist(), [0.5, 0.5]);
 * ```
 */
export function logitsToProbs(logits: Tensor, isBinary = false): Tensor {
  return isBinary ? torch.sigmoid(logits) : torch.softmax(logits, -1);
}

/** Whether a value is a trailing options object (a plain object: not a tensor, number, or class instance). */
const isOptions = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && [Object.prototype, null].includes(Object.getPrototypeOf(v));

/**
 * Binds a constructor's or method's arguments as Python does: positional in `names`' order, then keywords from a
 * trailing options object; an unknown or repeated keyword is a TypeError.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { bindArgs } from "./utils.ts";
 * assert.deepEqual(bindArgs("f", ["a", "b"], [1, { b: 2 }]), { a: 1, b: 2 });
 * assert.throws(() => bindArgs("f", ["a"], [{ c: 1 }]), TypeError);
 * ```
 */
export function bindArgs(where: string, names: readonly string[], args: unknown[]): Record<string, unknown> {
  const last = args.at(-1);
  const opts = isOptions(last) ? last : {};
  const pos = isOptions(last) ? args.slice(0, -1) : args;
  if (pos.length > names.length) {
    throw new TypeError(`${where} takes ${names.length} positional arguments but ${pos.length} were given`);
  }
  const out: Record<string, unknown> = {};
  pos.forEach((v, i) => (out[names[i]] = v));
  for (const [k, v] of Object.entries(opts)) {
    if (!names.includes(k)) throw new TypeError(`${where} got an unexpected keyword argument '${k}'`);
    if (k in out) throw new TypeError(`${where} got multiple values for argument '${k}'`);
    out[k] = v;
  }
  return out;
}

/**
 * Which of probs and logits a call gave (exactly one, PyTorch's check and message) and its value.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { probsOrLogits } from "./utils.ts";
 * assert.deepEqual(probsOrLogits({ logits: 0 }), ["logits", 0]);
 * assert.throws(() => probsOrLogits({ probs: 0.5, logits: 0 }), RangeError);
 * ```
 */
export function probsOrLogits(a: Record<string, unknown>): ["probs" | "logits", unknown] {
  if ((a.probs == null) === (a.logits == null)) {
    throw new RangeError("Either `probs` or `logits` must be specified, but not both.");
  }
  return a.probs != null ? ["probs", a.probs] : ["logits", a.logits];
}
