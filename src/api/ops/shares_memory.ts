/**
 * np.shares_memory / np.may_share_memory: whether two arrays reach a common
 * byte, as NumPy's mem_overlap.c decides it.
 *
 * Each array is a set of byte addresses in its memory (an ArrayBuffer on the
 * host, a device allocation elsewhere): its lowest byte plus a multiple of
 * each dim's |stride| in bytes, plus a byte inside the element. Arrays in
 * different memory never overlap; arrays whose byte ranges do not meet
 * neither. Otherwise the exact question is NumPy's bounded Diophantine
 * equation: with every coefficient made positive (a variable counted from
 * its upper bound where its sign was negative), is there an integer
 * solution of `sum a_i x_i = b`, `0 <= x_i <= u_i`? It is solved by a
 * depth-first search over the coefficients from the largest, each one's
 * range cut to what the remaining terms can still reach and to the values
 * the remaining coefficients' gcd allows; equal coefficients are merged
 * first (the dims of two views of one array usually pair up), so common
 * cases take a handful of steps.
 *
 * `maxWork` is NumPy's: 0 decides from the bounds only (an overlap of the
 * bounds is then "too hard"), a negative value solves exactly without a
 * limit, a positive one limits the search's steps (counted as this search
 * counts them, not as NumPy's). A problem beyond the limit is NumPy's
 * TooHardError for shares_memory, and "may share" for may_share_memory.
 */
import { DTYPES } from "../../core/dtype.ts";
import { RuntimeError } from "../../core/errors.ts";
import type { Operand } from "../../ops/operand.ts";
import { asOperand } from "../convert.ts";

/**
 * NumPy's np.exceptions.TooHardError (a RuntimeError): the overlap question needs more work than max_work allows.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../../mod.ts";
 * import { TooHardError } from "./shares_memory.ts";
 * const a = np.arange(10);
 * assert.throws(() => np.sharesMemory(a.get("::2"), a.get("1::2"), 0), TooHardError);
 * ```
 */
export class TooHardError extends RuntimeError {
  /** NumPy's message, "Exceeded max_work". */
  constructor() {
    super("Exceeded max_work");
    this.name = "TooHardError";
  }
}

/** An array's bytes: which memory, its first and one-past-last byte, and its (coefficient, bound) terms. */
interface Bytes {
  readonly memory: unknown;
  readonly start: number;
  readonly end: number;
  readonly terms: [number, number][];
}

/** The bytes an array reaches (null when it has no elements). */
function bytesOf(x: Operand): Bytes | null {
  const v = x.layout, s = x.storage, isz = DTYPES[s.dtype].itemsize;
  if (v.size === 0) return null;
  const host = s.isHost;
  const memory = host ? s.whole.buffer : s.device;
  let start = (host ? s.whole.byteOffset + s.base * isz : Number(s.ptr)) + v.offset * isz;
  const terms: [number, number][] = [];
  for (let d = 0; d < v.ndim; d++) {
    const n = v.shape[d], st = v.strides[d] * isz;
    if (n < 2 || st === 0) continue;
    if (st < 0) start += st * (n - 1);
    terms.push([Math.abs(st), n - 1]);
  }
  if (isz > 1) terms.push([1, isz - 1]);
  const end = start + terms.reduce((p, [a, u]) => p + a * u, 0) + 1;
  return { memory, start, end, terms };
}

const gcd = (a: number, b: number): number => {
  while (b) [a, b] = [b, a % b];
  return a;
};

/**
 * Whether `sum a_i x_i = b` has a solution with `0 <= x_i <= u_i` (`a_i > 0`); undefined when the search takes
 * more than `limit` steps (negative: no limit).
 */
export function boundedSolution(terms: readonly [number, number][], b: number, limit = -1): boolean | undefined {
  const merged = new Map<number, number>();
  for (const [a, u] of terms) merged.set(a, (merged.get(a) ?? 0) + u);
  const t = [...merged].sort((p, q) => q[0] - p[0]);
  const n = t.length;
  // what the terms from i on can reach at most, and the gcd of their coefficients
  const reach = new Array<number>(n + 1).fill(0), g = new Array<number>(n + 1).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    reach[i] = reach[i + 1] + t[i][0] * t[i][1];
    g[i] = gcd(t[i][0], g[i + 1]);
  }
  let steps = 0;
  const search = (i: number, r: number): boolean | undefined => {
    if (r < 0 || r > reach[i]) return false;
    if (i === n) return r === 0;
    if (r % g[i] !== 0) return false;
    const [a, u] = t[i];
    const lo = Math.max(0, Math.ceil((r - reach[i + 1]) / a)), hi = Math.min(u, Math.floor(r / a));
    for (let x = hi; x >= lo; x--) {
      if (limit >= 0 && ++steps > limit) return undefined;
      const found = search(i + 1, r - a * x);
      if (found !== false) return found;
    }
    return false;
  };
  return search(0, b);
}

/**
 * np.shares_memory (`exact`: true, TooHardError past max_work) and np.may_share_memory (false: "may" past it).
 * Values that are not arrays are converted, so they share nothing.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../../mod.ts";
 * import { sharesMemory } from "./shares_memory.ts";
 * const a = np.arange(10);
 * assert.equal(sharesMemory(a.get("::2"), a.get("1::2"), -1, true), false);
 * assert.equal(sharesMemory(a.get("::2"), a.get("1::2"), 0, false), true);
 * ```
 */
export function sharesMemory(a: unknown, b: unknown, maxWork: number, exact: boolean): boolean {
  if (maxWork < -2) throw new RangeError("Invalid value for max_work");
  const x = asOperand(a), y = asOperand(b);
  if (!x || !y) return false;
  const p = bytesOf(x), q = bytesOf(y);
  if (!p || !q || p.memory !== q.memory || !(p.start < q.end && q.start < p.end)) return false;
  // from here the bounds overlap
  const solved = maxWork === 0 ? undefined : boundedSolution([...p.terms, ...q.terms], q.end - 1 - p.start, maxWork);
  if (solved !== undefined) return solved;
  if (exact) throw new TooHardError();
  return true;
}
