/**
 * Deterministic lifetimes for front-end arrays: `tidy(fn)` releases every
 * array created while `fn` runs except what it returns or what is kept, as
 * TensorFlow.js's tidy does. Arrays register themselves when created
 * (`track`); returned ones move to the enclosing scope, so nested scopes
 * compose. A tensor that becomes part of an object living outside the scope
 * (a parameter's `.grad`, optimizer state) is moved to that object's scope
 * with `adopt`, so a training step wrapped in `tidy` keeps what the next
 * step needs and releases the rest.
 */

/** Marks objects whose lifetime scopes manage. */
export const RELEASABLE: unique symbol = Symbol("dendrite.releasable");

/** An object a scope can release: front-end arrays and tensors. */
export interface Releasable {
  /** Brand of objects a scope may track. */
  readonly [RELEASABLE]: true;
  /** The scope that will release this object, or null when none will. */
  _scope: Scope | null;
  /** Releases the object's memory now; idempotent. */
  dispose(): void;
}

/** One `tidy` call's bookkeeping. */
export class Scope {
  /** The enclosing scope, which takes this one's result. */
  readonly parent: Scope | null;
  /** What this scope releases when it ends. */
  readonly items: Releasable[] = [];
  /** A scope nested in `parent` (null: the outermost). */
  constructor(parent: Scope | null) {
    this.parent = parent;
  }
}

let current: Scope | null = null;

/** Registers a new object with the innermost scope (no-op outside scopes). */
export function track(x: Releasable): void {
  if (current !== null) {
    x._scope = current;
    current.items.push(x);
  }
}

function isReleasable(v: unknown): v is Releasable {
  return typeof v === "object" && v !== null && (v as Releasable)[RELEASABLE] === true;
}

/** Moves the releasables found in `value` (arrays, records, Maps, Sets) from scope `s` to its parent. */
function promote(value: unknown, s: Scope, seen: Set<unknown>, depth: number): void {
  if (typeof value !== "object" || value === null || depth > 16 || seen.has(value)) return;
  seen.add(value);
  if (isReleasable(value)) {
    if (value._scope === s) {
      value._scope = s.parent;
      s.parent?.items.push(value);
    }
    return;
  }
  const next = (v: unknown) => promote(v, s, seen, depth + 1);
  if (Array.isArray(value)) value.forEach(next);
  else if (value instanceof Map) value.forEach((v, k) => (next(k), next(v)));
  else if (value instanceof Set) value.forEach(next);
  else if (Object.getPrototypeOf(value) === Object.prototype) Object.values(value).forEach(next);
}

function releaseAll(s: Scope): void {
  const items = s.items;
  for (let i = 0; i < items.length; i++) if (items[i]._scope === s) items[i].dispose();
  items.length = 0;
}

/**
 * Runs `fn` and releases every array or tensor created during it, except
 * the ones in its result (returned directly or inside arrays, records, Maps
 * and Sets) and those passed to `keep`. `fn` must be synchronous; when it
 * throws, everything it created is released too.
 *
 * @example
 * ```ts
 * import { np } from "../../mod.ts";
 * const a = np.ones([1000]);
 * const total = np.tidy(() => a.multiply(2).add(1).sum()); // the temporaries are released
 * console.log(total.item()); // 3000
 * ```
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== "function") throw new TypeError(`tidy(): expected a function, got ${typeof fn}`);
  if (fn.constructor?.name === "AsyncFunction") {
    throw new TypeError("tidy(): the function must be synchronous (wrap each await-free step in its own tidy)");
  }
  const s = new Scope(current);
  current = s;
  let result: T;
  try {
    result = fn();
  } catch (e) {
    current = s.parent;
    releaseAll(s);
    throw e;
  }
  current = s.parent;
  if (typeof (result as { then?: unknown })?.then === "function") {
    releaseAll(s);
    throw new TypeError("tidy(): the function returned a promise; it must be synchronous");
  }
  promote(result, s, new Set(), 0);
  releaseAll(s);
  return result;
}

/**
 * Exempts `x` from every scope: it lives until disposed or collected.
 *
 * @example
 * ```ts
 * import { np } from "../../mod.ts";
 * let kept: np.NDArray | undefined;
 * np.tidy(() => {
 *   kept = np.keep(np.arange(3));
 * });
 * console.log(kept!.tolist()); // [0, 1, 2]
 * ```
 */
export function keep<T extends Releasable>(x: T): T {
  if (!isReleasable(x)) {
    throw new TypeError(`keep(): expected an array or a tensor, not ${x === null ? "null" : typeof x}`);
  }
  x._scope = null;
  return x;
}

/** Whether scope `outer` encloses `inner` (null, outside every scope, encloses all). */
function encloses(outer: Scope | null, inner: Scope | null): boolean {
  for (let s = inner; s !== null; s = s.parent) if (s === outer) return true;
  return outer === null;
}

/**
 * Gives `child` the lifetime of `owner` when the owner lives longer (a
 * `.grad` assigned to a parameter created outside the scope survives it).
 */
export function adopt(child: Releasable, owner: Releasable): void {
  const to = owner._scope;
  if (child._scope === null || child._scope === to || !encloses(to, child._scope)) return;
  child._scope = to;
  to?.items.push(child);
}

/** The innermost active scope (null outside `tidy`). */
export function currentScope(): Scope | null {
  return current;
}
