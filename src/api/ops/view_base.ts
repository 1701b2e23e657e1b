/**
 * NumPy's `ndarray.base` and the `setflags` rules that depend on it, for np.
 *
 * A result that shares an input array's memory is a view: np's runner
 * (`trackViews`) records the array it came from, or that array's own base,
 * so that, as in NumPy, a view of a view points at the array that owns the
 * memory (`a.reshape(2, 3)[0].base` is `a`). Arrays that own their memory
 * (every new result, data converted from JS) have no base. Only views made
 * by np calls and by the ndarray's own view getters (`T`, `mT`, iteration)
 * are recorded: an array wrapped around memory from elsewhere
 * (`np.frombuffer`, `tensor.numpy()`) has none, where NumPy's base is the
 * buffer or tensor object.
 */
import { View } from "../../core/view.ts";
import type { Operand } from "../../ops/operand.ts";
import type { Args, Returns } from "../define.ts";

/**
 * The property an array keeps its base under (np's ndarray declares it, so every array has the same shape of
 * object: a WeakMap cost ~200 ns per view).
 */
export const BASE: unique symbol = Symbol("base");
/** An object that may hold a base. */
interface HasBase {
  [BASE]?: object | null;
}

/**
 * The array `x` is a view of (the owner of the memory), or null when `x` owns its memory.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../../mod.ts";
 * import { baseOf } from "./view_base.ts";
 * const a = np.arange(6);
 * assert.equal(baseOf(a.reshape(2, 3).get(0)), a);
 * assert.equal(baseOf(a), null);
 * ```
 */
export function baseOf(x: object): object | null {
  return (x as HasBase)[BASE] ?? null;
}

/**
 * Records that `view` shares `src`'s memory: its base is `src`'s base, or `src` when that owns its memory. Returns
 * `view`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { baseOf, recordBase } from "./view_base.ts";
 * const owner = {}, v = recordBase({}, owner);
 * assert.equal(baseOf(recordBase({}, v)), owner);
 * ```
 */
export function recordBase<T extends object>(view: T, src: object): T {
  if (view !== src) (view as HasBase)[BASE] = (src as HasBase)[BASE] ?? src;
  return view;
}

/** The input array (of the front-end's class) among the call's array arguments that `r` shares memory with. */
function sourceOf(r: Operand, args: Args, params: readonly string[], isArray: (v: unknown) => boolean) {
  const s = r.storage;
  for (let i = 0; i < params.length; i++) {
    const v = args[params[i]];
    if (isArray(v)) {
      if (v !== r && (v as Operand).storage === s) return v as Operand;
    } else if (Array.isArray(v)) {
      for (const x of v) if (isArray(x) && x !== r && (x as Operand).storage === s) return x as Operand;
    }
  }
  return undefined;
}

/**
 * np's runner step after an implementation: a result (of an "array" or "arrays" op) that shares an input array's
 * memory is wrapped (`wrap`) and gets that input as its base (`recordBase`); anything else is returned as it is.
 * A result whose storage no array holds yet is new memory: one read decides it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../../mod.ts";
 * const a = np.arange(4);
 * assert.equal(a.get("1:").base, a);
 * assert.equal(a.add(1).base, null);
 * ```
 */
export function trackViews<T extends object>(
  r: unknown,
  returns: Returns,
  args: Args,
  params: readonly string[],
  isArray: (v: unknown) => v is T,
  wrap: (o: Operand) => T,
): unknown {
  if (returns === "array") return tracked(r, args, params, isArray, wrap);
  if (returns === "arrays" && Array.isArray(r)) return r.map((x) => tracked(x, args, params, isArray, wrap));
  return r;
}

/** One result of `trackViews`. */
function tracked<T extends object>(
  x: unknown,
  args: Args,
  params: readonly string[],
  isArray: (v: unknown) => v is T,
  wrap: (o: Operand) => T,
): unknown {
  if (typeof x !== "object" || x === null || (x as Operand).storage.holders === 0) return x;
  const src = sourceOf(x as Operand, args, params, isArray);
  return src === undefined ? x : recordBase(isArray(x) ? x : wrap(x as Operand), src);
}

/** NumPy's flags that `setflags` may change. */
export interface SetFlags {
  /** WRITEABLE. */
  write: boolean | null;
  /** ALIGNED (elements are always aligned here: either value is accepted). */
  align: boolean | null;
  /** WRITEBACKIFCOPY: only false is accepted (nothing here writes back). */
  uic: boolean | null;
}

/**
 * The layout `x` gets from ndarray.setflags, or null when it keeps its own. Making an array writeable is NumPy's
 * ValueError when the array that owns its memory is read-only (asked even of a view that still is writeable, as
 * NumPy does); a read-only view of writeable memory (np.broadcastTo's) may become writeable.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../../mod.ts";
 * import { setflagsLayout } from "./view_base.ts";
 * const a = np.zeros(3);
 * assert.equal(setflagsLayout(a, { write: false, align: null, uic: null })!.writeable, false);
 * a.setflags({ write: false });
 * assert.throws(() => setflagsLayout(a.get("1:"), { write: true, align: null, uic: null }));
 * ```
 */
export function setflagsLayout(x: Operand, f: SetFlags): View | null {
  if (f.uic === true) throw new RangeError("cannot set WRITEBACKIFCOPY flag to True");
  const v = x.layout;
  if (f.write === null) return null;
  if (!f.write) return v.writeable ? v.asReadonly() : null;
  const base = baseOf(x) as Operand | null;
  if (base !== null && !base.layout.writeable) throw new RangeError("cannot set WRITEABLE flag to True of this array");
  return v.writeable ? null : new View(v.shape, v.strides, v.offset, true);
}
