/**
 * Pytrees for torch.func: a tensor (or any other leaf), JS arrays (PyTorch's
 * tuples) and plain objects (its dicts) of them, flattened to their leaves
 * and rebuilt, and the structure printed as PyTorch's TreeSpec.
 * @module
 */
import { describe } from "../api/signature.ts";

/** A pytree's structure: a leaf, an array of subtrees, or a plain object of them (keys in insertion order). */
export type Spec =
  | { readonly kind: "leaf" }
  | { readonly kind: "tuple"; readonly children: readonly Spec[] }
  | { readonly kind: "dict"; readonly keys: readonly string[]; readonly children: readonly Spec[] };

/** The leaf structure. */
export const LEAF: Spec = { kind: "leaf" };

/** An object literal (or Object.create(null)): a dict node. Class instances (tensors, modules) are leaves. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/**
 * The leaves of a tree, depth first, and its structure.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { flatten, unflatten } from "./pytree.ts";
 * const [leaves, spec] = flatten({ w: 1, b: [2, 3] });
 * assert.deepEqual(leaves, [1, 2, 3]);
 * assert.deepEqual(unflatten([4, 5, 6], spec), { w: 4, b: [5, 6] });
 * ```
 */
export function flatten(tree: unknown): [unknown[], Spec] {
  const leaves: unknown[] = [];
  const walk = (t: unknown): Spec => {
    if (Array.isArray(t)) return { kind: "tuple", children: t.map(walk) };
    if (isPlainObject(t)) {
      const keys = Object.keys(t);
      return { kind: "dict", keys, children: keys.map((k) => walk(t[k])) };
    }
    leaves.push(t);
    return LEAF;
  };
  return [leaves, walk(tree)];
}

/** The number of leaves of a structure. */
export function numLeaves(spec: Spec): number {
  return spec.kind === "leaf" ? 1 : spec.children.reduce((n, c) => n + numLeaves(c), 0);
}

/** A tree of the given structure over `leaves` (in flatten's order). */
export function unflatten(leaves: readonly unknown[], spec: Spec): unknown {
  let i = 0;
  const build = (s: Spec): unknown => {
    if (s.kind === "leaf") return leaves[i++];
    const xs = s.children.map(build);
    return s.kind === "tuple" ? xs : Object.fromEntries(s.keys.map((k, j) => [k, xs[j]]));
  };
  return build(spec);
}

/** Whether two structures are the same. */
export function sameSpec(a: Spec, b: Spec): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === "leaf" || b.kind === "leaf") return true;
  if (a.children.length !== b.children.length) return false;
  if (a.kind === "dict" && b.kind === "dict" && a.keys.some((k, i) => k !== b.keys[i])) return false;
  return a.children.every((c, i) => sameSpec(c, b.children[i]));
}

/** Maps the leaves of a tree. */
export function mapLeaves(tree: unknown, fn: (leaf: unknown) => unknown): unknown {
  const [leaves, spec] = flatten(tree);
  return unflatten(leaves.map(fn), spec);
}

/** A value as Python's repr would print the PyTorch equivalent (arrays as tuples, plain objects as dicts). */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "string") return `'${v}'`;
  if (typeof v === "boolean") return v ? "True" : "False";
  if (Array.isArray(v)) return v.length === 1 ? `(${pyRepr(v[0])},)` : `(${v.map(pyRepr).join(", ")})`;
  if (isPlainObject(v)) return `{${Object.entries(v).map(([k, x]) => `'${k}': ${pyRepr(x)}`).join(", ")}}`;
  return String(v);
}

/** Python's `<class '...'>` with the JS type's name where Python names its own (`<class 'number'>`). */
export const pyType = (v: unknown): string => `<class '${v === undefined ? "undefined" : describe(v)}'>`;

/** PyTorch's TreeSpec repr (`TreeSpec(tuple, None, [*,\n  *])`; a leaf is `*`). */
export function specRepr(spec: Spec, indent = 0): string {
  if (spec.kind === "leaf") return "*";
  const ctx = spec.kind === "dict" ? `[${spec.keys.map((k) => `'${k}'`).join(", ")}]` : "None";
  const head = `TreeSpec(${spec.kind}, ${ctx}, [`;
  if (spec.children.length === 0) return `${head}])`;
  const inner = indent + 2;
  const [first, ...rest] = spec.children;
  const tail = rest.map((c) => "\n" + " ".repeat(inner) + specRepr(c, inner)).join(",");
  return `${head}${specRepr(first, inner)}${rest.length ? "," : ""}${tail}])`;
}

/** PyTorch's short form of a structure (str(tree_structure(x)): `*`, `(*, *)`, `(*,)`, `{'a': *}`). */
export function specStr(spec: Spec): string {
  if (spec.kind === "leaf") return "*";
  const xs = spec.children.map(specStr);
  if (spec.kind === "dict") return `{${spec.keys.map((k, i) => `'${k}': ${xs[i]}`).join(", ")}}`;
  return xs.length === 1 ? `(${xs[0]},)` : `(${xs.join(", ")})`;
}
