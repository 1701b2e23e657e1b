/**
 * `torch.save` / `torch.load` in the safetensors format, and
 * `torch.safetensors` (the Python package's `save`, `load`, `save_file`,
 * `load_file`).
 *
 * A state dict (a record of name -> Tensor) is written as plain
 * safetensors: PyTorch reads it with `safetensors.torch.load_file`, and a
 * file written there loads here as the same record. Any other value (an
 * optimizer's state dict, a checkpoint record mixing tensors, numbers,
 * strings, arrays and nested records) is stored as its tensors, named by
 * their path ("state.0.expAvg"), plus the rest as JSON in the metadata key
 * `dendrite.structure`, so `torch.load` rebuilds the same value. Writes are
 * atomic (temp file + rename); reads validate the whole header first.
 */
import { Binder, opt, req } from "../api/signature.ts";
import type { Operand } from "../core/storage.ts";
import {
  deserialize,
  type Metadata,
  readFile,
  readHeaderOf,
  SafetensorsError,
  serialize,
  writeFile,
} from "../serialize/safetensors.ts";
import { Tensor } from "./tensor.ts";

/** The metadata key holding the structure of a saved value that is not a flat record of tensors. */
export const STRUCTURE_KEY = "dendrite.structure";
const MAX_DEPTH = 512;

const CONV = {
  array: (v: unknown) => (v instanceof Tensor ? v : undefined),
  isArray: (v: unknown) => v instanceof Tensor,
  dtype: () => undefined,
  arrayName: "Tensor",
};

function isPlain(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/** Whether `v` is a flat record of tensors (saved as plain safetensors). */
function isStateDict(v: unknown): v is Record<string, Tensor> {
  return isPlain(v) && Object.values(v).every((t) => t instanceof Tensor) && !("__metadata__" in v);
}

type Encoded = null | boolean | number | string | Encoded[] | { [k: string]: Encoded };

/** Splits a value into its tensors (named by path) and a JSON description of the rest. */
function flatten(value: unknown): { tensors: Record<string, Operand>; structure: Encoded } {
  const tensors = new Map<string, Operand>();
  const seen = new Set<unknown>();
  const nameFor = (path: string[]): string => {
    const base = path.length ? path.join(".") : "tensor";
    let name = base;
    for (let i = 1; tensors.has(name) || name === "__metadata__"; i++) name = `${base}#${i}`;
    return name;
  };
  const where = (path: string[]) => (path.length ? `'${path.join(".")}'` : "the value");
  const enc = (v: unknown, path: string[]): Encoded => {
    if (path.length > MAX_DEPTH) throw new TypeError(`save: ${where(path)} is nested more than ${MAX_DEPTH} deep`);
    if (v === null || typeof v === "boolean" || typeof v === "string") return v;
    if (typeof v === "number") return Number.isFinite(v) ? v : { $t: "number", v: String(v) };
    if (typeof v === "bigint") return { $t: "bigint", v: String(v) };
    if (v === undefined) return { $t: "undefined" };
    if (v instanceof Tensor) {
      v.storage.assertLive();
      const name = nameFor(path);
      tensors.set(name, v);
      return { $t: "tensor", k: name };
    }
    if (typeof v !== "object") throw new TypeError(`save: cannot save ${where(path)}: a ${typeof v}`);
    if (seen.has(v)) throw new TypeError(`save: ${where(path)} refers back to an enclosing value (a cycle)`);
    seen.add(v);
    try {
      if (Array.isArray(v)) return v.map((x, i) => enc(x, [...path, String(i)]));
      if (!isPlain(v)) {
        throw new TypeError(
          `save: cannot save ${where(path)}: a ${
            v.constructor?.name ?? "object"
          } (only tensors, numbers, strings, booleans, null, arrays and plain records)`,
        );
      }
      const rec = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, enc(x, [...path, k])]));
      return "$t" in rec ? { $t: "object", v: rec } : rec;
    } finally {
      seen.delete(v);
    }
  };
  const structure = enc(value, []);
  return { tensors: Object.fromEntries(tensors), structure };
}

/** Rebuilds a value from its structure and its tensors. */
function unflatten(structure: unknown, tensors: Record<string, Tensor>, source: string): unknown {
  const bad = (msg: string): never => {
    throw new SafetensorsError(`${source}: corrupt ${STRUCTURE_KEY} metadata: ${msg}`);
  };
  const dec = (v: unknown, depth: number): unknown => {
    if (depth > MAX_DEPTH) bad(`nested more than ${MAX_DEPTH} deep`);
    if (v === null || typeof v === "boolean" || typeof v === "string" || typeof v === "number") return v;
    if (Array.isArray(v)) return v.map((x) => dec(x, depth + 1));
    if (typeof v !== "object") return bad(`unexpected ${typeof v}`);
    const r = v as Record<string, unknown>;
    if (!Object.hasOwn(r, "$t")) return Object.fromEntries(Object.entries(r).map(([k, x]) => [k, dec(x, depth + 1)]));
    switch (r.$t) {
      case "tensor": {
        if (typeof r.k !== "string" || !Object.hasOwn(tensors, r.k)) {
          return bad(`no tensor named ${JSON.stringify(r.k)}`);
        }
        return tensors[r.k];
      }
      case "number":
        if (r.v !== "NaN" && r.v !== "Infinity" && r.v !== "-Infinity") return bad(`bad number ${JSON.stringify(r.v)}`);
        return Number(r.v);
      case "bigint":
        if (typeof r.v !== "string" || !/^-?\d+$/.test(r.v)) return bad(`bad bigint ${JSON.stringify(r.v)}`);
        return BigInt(r.v);
      case "undefined":
        return undefined;
      case "object":
        if (typeof r.v !== "object" || r.v === null || Array.isArray(r.v)) return bad("bad escaped record");
        return Object.fromEntries(Object.entries(r.v).map(([k, x]) => [k, dec(x, depth + 1)]));
      default:
        return bad(`unknown tag ${JSON.stringify(r.$t)}`);
    }
  };
  return dec(structure, 0);
}

/** What save writes for `obj`: the tensors and the metadata (the structure included when needed). */
function encodeValue(
  obj: unknown,
  metadata: Metadata | null,
): { tensors: Record<string, Operand>; metadata: Metadata } {
  const meta: Metadata = metadata ? Object.fromEntries(Object.entries(metadata)) : {};
  if (Object.hasOwn(meta, STRUCTURE_KEY)) throw new TypeError(`save: the metadata key '${STRUCTURE_KEY}' is reserved`);
  if (isStateDict(obj)) {
    for (const t of Object.values(obj)) t.storage.assertLive();
    return { tensors: obj, metadata: meta };
  }
  const { tensors, structure } = flatten(obj);
  meta[STRUCTURE_KEY] = JSON.stringify({ version: 1, value: structure });
  return { tensors, metadata: meta };
}

/** The value a file's tensors and metadata describe. */
function decodeValue(ops: Record<string, Operand>, metadata: Metadata, source: string, device: string | null): unknown {
  const tensors: Record<string, Tensor> = Object.fromEntries(
    Object.entries(ops).map(([k, o]) => {
      const t = Tensor._wrap(o);
      return [k, device && device !== "cpu" ? t.to(device) : t];
    }),
  );
  const s = metadata[STRUCTURE_KEY];
  if (s === undefined) return tensors;
  let parsed: unknown;
  try {
    parsed = JSON.parse(s);
  } catch (e) {
    throw new SafetensorsError(`${source}: corrupt ${STRUCTURE_KEY} metadata (${(e as Error).message})`);
  }
  if (typeof parsed !== "object" || parsed === null || (parsed as { version?: unknown }).version !== 1) {
    throw new SafetensorsError(`${source}: unsupported ${STRUCTURE_KEY} metadata version`);
  }
  return unflatten((parsed as { value: unknown }).value, tensors, source);
}

const SAVE = new Binder("save", {
  pos: [req("obj", "any"), req("f", "string")],
  kw: [opt("metadata", "any", null)],
});
const LOAD = new Binder("load", {
  pos: [req("f", "string"), opt("mapLocation", "device", null)],
  kw: [opt("weightsOnly", "bool", true)],
});

/** Options of torch.save. */
export interface SaveOptions {
  /** String metadata stored in the safetensors header (read back with `torch.safetensors.metadata`). */
  metadata?: Record<string, string> | null;
}
/** Options of torch.load. */
export interface LoadOptions {
  /** The device to put the tensors on ("cpu" by default). */
  mapLocation?: string | null;
  /** Accepted for PyTorch compatibility: the format holds data only, never code, so loading is always safe. */
  weightsOnly?: boolean;
}

function metadataArg(v: unknown): Metadata | null {
  if (v === null) return null;
  if (typeof v !== "object" || Array.isArray(v)) throw new TypeError("save(): metadata must be a record of strings");
  return v as Metadata;
}

function deviceArg(v: unknown): string | null {
  if (v === null) return null;
  if (typeof v === "string") return v;
  const d = v as { type: string; index: number | null };
  return d.index === null ? d.type : `${d.type}:${d.index}`;
}

/**
 * Saves `obj` to the file `f` in the safetensors format, atomically. A
 * record of tensors (a state dict) is plain safetensors that PyTorch's
 * `safetensors.torch.load_file` reads; any other value (optimizer state, a
 * checkpoint record) keeps its non-tensor parts in the metadata.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const path = await Deno.makeTempFile({ suffix: ".safetensors" });
 * await torch.save({ "0.weight": torch.ones(2, 3), "0.bias": torch.zeros(2) }, path);
 * const sd = await torch.load(path);
 * assert.deepEqual(sd["0.weight"].shape, [2, 3]);
 * ```
 */
export async function save(...args: [obj: unknown, f: string, opts?: SaveOptions]): Promise<void> {
  const a = SAVE.bind(args, CONV);
  const { tensors, metadata } = encodeValue(a.obj, metadataArg(a.metadata));
  await writeFile(a.f, tensors, metadata);
}

/**
 * Loads what `torch.save` wrote (or any safetensors file: a record of
 * tensors). The file is validated before any tensor is read: a truncated
 * or corrupt file, a header that lies about sizes or a dtype dendrite lacks
 * is a `SafetensorsError` naming the problem.
 */
export async function load<T = Record<string, Tensor>>(
  ...args: [f: string, opts?: LoadOptions] | [f: string, mapLocation: string | null, opts?: LoadOptions]
): Promise<T> {
  const a = LOAD.bind(args, CONV);
  const { tensors, metadata } = await readFile(a.f);
  return decodeValue(tensors, metadata, a.f, deviceArg(a.mapLocation)) as T;
}

/** Encodes tensors as safetensors bytes (Python's `safetensors.torch.save`). */
export function saveBytes(
  tensors: Record<string, Tensor>,
  opts: { metadata?: Record<string, string> | null } = {},
): Uint8Array {
  if (!isStateDict(tensors)) throw new TypeError("safetensors.save: expected a record of tensors");
  return serialize(tensors, metadataArg(opts.metadata ?? null) ?? undefined);
}
/** Decodes safetensors bytes into a record of tensors (Python's `safetensors.torch.load`). */
export function loadBytes(bytes: Uint8Array): Record<string, Tensor> {
  if (!(bytes instanceof Uint8Array)) throw new TypeError("safetensors.load: expected a Uint8Array");
  const { tensors } = deserialize(bytes);
  return Object.fromEntries(Object.entries(tensors).map(([k, o]) => [k, Tensor._wrap(o)]));
}
/** Writes a record of tensors to a file (Python's `safetensors.torch.save_file`), atomically. */
export async function saveFile(
  tensors: Record<string, Tensor>,
  path: string,
  opts: { metadata?: Record<string, string> | null } = {},
): Promise<void> {
  if (!isStateDict(tensors)) throw new TypeError("safetensors.saveFile: expected a record of tensors");
  await writeFile(pathArg("safetensors.saveFile", path), tensors, metadataArg(opts.metadata ?? null) ?? undefined);
}
/** A file path argument: a string, never a URL, a Uint8Array or a look-alike object read as another path. */
function pathArg(op: string, path: unknown): string {
  if (typeof path !== "string") {
    throw new TypeError(`${op}: expected a path string, got ${path === null ? "null" : typeof path}`);
  }
  return path;
}
/** Reads a file's tensors (Python's `safetensors.torch.load_file`). */
export async function loadFile(path: string, opts: { device?: string } = {}): Promise<Record<string, Tensor>> {
  const { tensors } = await readFile(pathArg("safetensors.loadFile", path));
  return decodeValue(tensors, {}, path, opts.device ?? null) as Record<string, Tensor>;
}
/** A file's string metadata (`safe_open(path).metadata()`), read from its header alone. */
export async function metadataOf(path: string): Promise<Record<string, string>> {
  return (await readHeaderOf(pathArg("safetensors.metadata", path))).metadata;
}

/** `torch.safetensors`: the Python package's functions over dendrite tensors. */
export const safetensors: {
  save: typeof saveBytes;
  load: typeof loadBytes;
  saveFile: typeof saveFile;
  loadFile: typeof loadFile;
  metadata: typeof metadataOf;
  SafetensorsError: typeof SafetensorsError;
} = { save: saveBytes, load: loadBytes, saveFile, loadFile, metadata: metadataOf, SafetensorsError };
