/**
 * Sending datasets, transforms and batches between threads (what pickle
 * does for PyTorch's DataLoader workers).
 *
 * A value is encoded into something `postMessage` can clone: plain data as
 * is; typed arrays by structured clone (SharedArrayBuffer-backed ones are
 * shared, not copied); tensors as dtype, view and memory; instances of
 * registered classes as their module URL, export name and own fields (the
 * receiver rebuilds them with `Object.create(prototype)`, like pickle, so
 * constructors do not run again); functions by their source, evaluated in
 * the worker with `torch`, `np`, `data` and `vision` in scope.
 *
 * A class is found by `registerClass(cls, import.meta.url)` or by a static
 * `workerModule = import.meta.url` on the class; it must be exported from
 * that module under its name. A worker imports the module, so a script that
 * defines its dataset and trains at top level must guard the training with
 * `if (import.meta.main)` (Python's `if __name__ == "__main__"`).
 */
import { ArrayBase } from "../api/array_base.ts";
import type { DType } from "../core/dtype.ts";
import { Storage } from "../core/storage.ts";
import { View } from "../core/view.ts";
import { Tensor } from "../torch/tensor.ts";
import { OWNED } from "./util.ts";

// deno-lint-ignore no-explicit-any
type Ctor = abstract new (...args: any[]) => unknown;
interface ClassRef {
  module: string;
  name: string;
}

const CLASSES = new Map<Ctor, ClassRef>();

/**
 * Makes a class sendable to DataLoader workers: `module` is the URL of the
 * module that exports it (`import.meta.url`), under `name` (the class name
 * by default).
 */
export function registerClass(cls: Ctor, module: string, name?: string): void {
  if (typeof cls !== "function") throw new TypeError("registerClass: expected a class");
  if (typeof module !== "string") throw new TypeError("registerClass: module must be a URL (import.meta.url)");
  // the class name is read here, not as the parameter's default: that would read it before `cls` is checked
  CLASSES.set(cls, { module, name: name ?? cls.name });
}

function classRef(ctor: Ctor): ClassRef {
  const known = CLASSES.get(ctor);
  if (known) return known;
  const m = (ctor as unknown as { workerModule?: unknown }).workerModule;
  if (typeof m === "string" && Object.hasOwn(ctor, "workerModule")) return { module: m, name: ctor.name };
  throw new TypeError(
    `DataLoader workers rebuild the dataset in each worker, and class ${ctor.name} cannot be found there: export it ` +
      `from its module and call data.registerClass(${ctor.name}, import.meta.url) there (or give the class ` +
      `\`static workerModule = import.meta.url\`); a script that trains at top level must guard that with ` +
      `\`if (import.meta.main)\``,
  );
}

/** An encoded value. */
export type Encoded = unknown;

/** Encodes a value for another thread; `transfer` collects buffers that may move instead of being copied. */
export function encode(v: unknown, transfer?: Set<ArrayBuffer>, seen: Map<object, unknown> = new Map()): Encoded {
  if (v === null || v === undefined || typeof v !== "object" && typeof v !== "function") {
    return typeof v === "bigint" ? { __big: String(v) } : v;
  }
  if (typeof v === "function") return encodeFunction(v as Ctor);
  if (seen.has(v)) {
    const prev = seen.get(v);
    if (prev === undefined) throw new TypeError("DataLoader workers: cyclic objects cannot be sent");
    return prev;
  }
  seen.set(v, undefined);
  const out = encodeObject(v, transfer, seen);
  seen.set(v, out);
  return out;
}

function encodeObject(v: object, transfer: Set<ArrayBuffer> | undefined, seen: Map<object, unknown>): Encoded {
  if (v instanceof ArrayBase) return encodeTensor(v instanceof Tensor ? v : new Tensor(v.storage, v.layout), transfer);
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer || v instanceof SharedArrayBuffer) return v;
  if (v instanceof Date || v instanceof RegExp) return v;
  if (Array.isArray(v)) return v.map((x) => encode(x, transfer, seen));
  if (v instanceof Map) {
    return { __map: [...v].map(([k, x]) => [encode(k, transfer, seen), encode(x, transfer, seen)]) };
  }
  if (v instanceof Set) return { __set: [...v].map((x) => encode(x, transfer, seen)) };
  const proto = Object.getPrototypeOf(v);
  const fields: Record<string, unknown> = {};
  for (const k of Object.keys(v)) fields[k] = encode((v as Record<string, unknown>)[k], transfer, seen);
  if (proto === Object.prototype || proto === null) return { __obj: fields };
  return { __cls: classRef(proto.constructor), fields };
}

function encodeTensor(t: Tensor, transfer?: Set<ArrayBuffer>): Encoded {
  if (t.device !== "cpu") throw new TypeError(`DataLoader workers: a tensor on ${t.device} cannot be sent`);
  const s = t.storage, v = t.layout;
  const bytes = s.bytes;
  const buf = bytes.buffer;
  if (buf instanceof SharedArrayBuffer) {
    return { __tensor: s.dtype, buffer: buf, byteOffset: bytes.byteOffset, length: s.length, view: viewOf(v) };
  }
  if (transfer && OWNED.has(buf) && bytes.byteOffset === 0 && bytes.byteLength === buf.byteLength) {
    transfer.add(buf as ArrayBuffer);
    return { __tensor: s.dtype, buffer: buf, byteOffset: 0, length: s.length, view: viewOf(v) };
  }
  // a copy of the elements the view reaches (pooled or shared memory is never moved)
  const c = t.contiguous();
  const cb = c.storage.bytes;
  const start = c.layout.offset * t.elementSize();
  const nb = c.numel() * t.elementSize();
  const copy = cb.slice(start, start + nb).buffer;
  transfer?.add(copy);
  return { __tensor: s.dtype, buffer: copy, byteOffset: 0, length: c.numel(), view: { shape: t.shape } };
}

function viewOf(v: View) {
  return { shape: [...v.shape], strides: [...v.strides], offset: v.offset };
}

function encodeFunction(f: Ctor): Encoded {
  if (CLASSES.has(f) || Object.hasOwn(f, "workerModule")) return { __class: classRef(f) };
  const src = Function.prototype.toString.call(f);
  if (/\{\s*\[native code\]\s*\}$/.test(src)) {
    throw new TypeError(`DataLoader workers: the built-in function ${f.name || "(anonymous)"} cannot be sent`);
  }
  if (/^class[\s{]/.test(src)) classRef(f); // throws the registration message
  return { __fn: src, name: f.name };
}

/** What functions sent to a worker see besides globals. */
export const FUNCTION_SCOPE: Record<string, unknown> = {};

/** Rebuilds an encoded value (imports the modules of its classes). */
export async function decode(e: Encoded): Promise<unknown> {
  const modules = new Map<string, Record<string, unknown>>();
  const refs: ClassRef[] = [];
  collectRefs(e, refs);
  for (const r of refs) {
    if (!modules.has(r.module)) modules.set(r.module, await import(r.module));
  }
  return decodeSync(e, modules);
}

/** Rebuilds an encoded value whose classes are loaded (batches: tensors and plain data). */
export function decodeSync(e: Encoded, modules: Map<string, Record<string, unknown>> = new Map()): unknown {
  const memo = new Map<object, unknown>();
  const rec = (x: unknown): unknown => {
    if (x === null || typeof x !== "object") return x;
    if (ArrayBuffer.isView(x) || x instanceof ArrayBuffer || x instanceof SharedArrayBuffer) return x;
    if (x instanceof Date || x instanceof RegExp) return x;
    if (memo.has(x)) return memo.get(x);
    if (Array.isArray(x)) {
      const out: unknown[] = [];
      memo.set(x, out);
      for (const y of x) out.push(rec(y));
      return out;
    }
    const o = x as Record<string, unknown>;
    if ("__tensor" in o) {
      const view = o.view as { shape: number[]; strides?: number[]; offset?: number };
      const t = new Tensor(
        Storage.wrap(o.__tensor as DType, o.length as number, o.buffer as ArrayBuffer, o.byteOffset as number),
        new View(view.shape, view.strides, view.offset ?? 0),
      );
      memo.set(x, t);
      return t;
    }
    if ("__big" in o) return BigInt(o.__big as string);
    if ("__map" in o) return new Map((o.__map as unknown[][]).map(([k, v]) => [rec(k), rec(v)]));
    if ("__set" in o) return new Set((o.__set as unknown[]).map(rec));
    if ("__fn" in o) return evalFunction(o.__fn as string, o.name as string);
    if ("__class" in o) return lookup(o.__class as ClassRef, modules);
    if ("__obj" in o) {
      const out: Record<string, unknown> = {};
      memo.set(x, out);
      for (const [k, v] of Object.entries(o.__obj as Record<string, unknown>)) out[k] = rec(v);
      return out;
    }
    if ("__cls" in o) {
      const ctor = lookup(o.__cls as ClassRef, modules) as { prototype: object };
      const out = Object.create(ctor.prototype) as Record<string, unknown>;
      memo.set(x, out);
      for (const [k, v] of Object.entries(o.fields as Record<string, unknown>)) out[k] = rec(v);
      return out;
    }
    throw new TypeError("DataLoader workers: cannot decode a value");
  };
  return rec(e);
}

function collectRefs(e: unknown, out: ClassRef[], seen = new Set<unknown>()): void {
  if (e === null || typeof e !== "object" || seen.has(e)) return;
  if (ArrayBuffer.isView(e) || e instanceof ArrayBuffer || e instanceof SharedArrayBuffer) return;
  seen.add(e);
  if (Array.isArray(e)) {
    for (const x of e) collectRefs(x, out, seen);
    return;
  }
  const o = e as Record<string, unknown>;
  if ("__cls" in o) out.push(o.__cls as ClassRef);
  if ("__class" in o) out.push(o.__class as ClassRef);
  for (const v of Object.values(o)) collectRefs(v, out, seen);
}

function lookup(r: ClassRef, modules: Map<string, Record<string, unknown>>): unknown {
  const m = modules.get(r.module);
  const c = m?.[r.name];
  if (typeof c !== "function") {
    throw new TypeError(`DataLoader worker: module ${r.module} does not export ${r.name}`);
  }
  return c;
}

function evalFunction(src: string, name: string): unknown {
  const names = Object.keys(FUNCTION_SCOPE);
  const make = (body: string) =>
    new Function(...names, `"use strict"; return (${body});`)(...names.map((n) => FUNCTION_SCOPE[n]));
  try {
    return make(src);
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    // a method's shorthand source: `name(x) { ... }`
    return (make(`{ ${src} }`) as Record<string, unknown>)[name];
  }
}
