/**
 * The safetensors format (https://github.com/huggingface/safetensors), at
 * the operand level: an 8-byte little-endian header length N, N bytes of
 * JSON (`{"__metadata__": {str: str}, "name": {"dtype": "F32", "shape":
 * [2, 3], "data_offsets": [begin, end]}, ...}`, padded with spaces), then
 * the tensors' bytes, C order, little-endian, back to back.
 *
 * Reading validates what the Rust reference implementation validates, and
 * a little more, so that no file can produce a crash or a garbage tensor:
 * the header length must fit the file (and 100 MB), the header must be
 * UTF-8 JSON of the documented shape, every dtype must be one dendrite has
 * (BOOL, U8, I32, I64, F32, F64; others are named in the error), every
 * tensor's byte range must be exactly its shape's size, the ranges must
 * tile the data with no hole or overlap and end at the end of the file,
 * and BOOL bytes must be 0 or 1.
 *
 * Writing streams one tensor at a time into a temp file beside the target,
 * syncs it and renames it over the target: a failed save (a released
 * tensor, a full disk) leaves an existing file untouched. Tensors are laid
 * out by item size (largest first), then name, after a header padded to 8
 * bytes, so every tensor starts aligned, as the Python package writes them.
 */
import { basename, dirname, isAbsolute } from "node:path";
import { type DType, DTYPES } from "../core/dtype.ts";
import type { Operand } from "../core/storage.ts";
import { contiguous, empty, toDevice } from "../ops/operand.ts";

/** The safetensors dtype names of dendrite's dtypes. */
export const SAFETENSORS_DTYPE: Readonly<Record<DType, string>> = {
  bool: "BOOL",
  uint8: "U8",
  int32: "I32",
  int64: "I64",
  float32: "F32",
  float64: "F64",
};
const FROM_NAME: Readonly<Record<string, DType>> = Object.fromEntries(
  Object.entries(SAFETENSORS_DTYPE).map(([d, n]) => [n, d as DType]),
);
/** Dtypes the format defines that dendrite has no dtype for (named in errors). */
const FOREIGN = new Set([
  "F16",
  "BF16",
  "I8",
  "I16",
  "U16",
  "U32",
  "U64",
  "F8_E4M3",
  "F8_E5M2",
  "F8_E8M0",
  "F6_E2M3",
  "F6_E3M2",
  "F4",
  "E8M0",
  "C64",
]);
const SUPPORTED = Object.values(SAFETENSORS_DTYPE).join(", ");

/** The largest header the format allows (safetensors' MAX_HEADER_SIZE). */
export const MAX_HEADER_BYTES = 100_000_000;
const METADATA_KEY = "__metadata__";

/** Free-form string metadata stored in the header. */
export type Metadata = Record<string, string>;

/** One tensor's header entry, validated. */
export interface TensorInfo {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
  /** Byte range in the data section. */
  readonly begin: number;
  readonly end: number;
}

/** A parsed, validated header. */
export interface Header {
  readonly tensors: readonly TensorInfo[];
  readonly metadata: Metadata;
  /** Bytes before the data section (8 + header length). */
  readonly dataStart: number;
}

/** A malformed, truncated or unsupported safetensors file. */
export class SafetensorsError extends Error {
  /** The error's class name. */
  override name = "SafetensorsError";
}

function fail(source: string, msg: string): never {
  throw new SafetensorsError(`${source}: ${msg}`);
}

const describe = (v: unknown): string =>
  v === null ? "null" : Array.isArray(v) ? "an array" : typeof v === "object" ? "an object" : JSON.stringify(v);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// ---------- writing ----------

/** Checks names, metadata and tensors, and lays the tensors out: the header bytes and each tensor's range. */
function layout(
  tensors: Readonly<Record<string, Operand>>,
  metadata: Metadata | undefined,
  source: string,
): { header: Uint8Array; order: [string, Operand][] } {
  const entries = Object.entries(tensors);
  for (const [name, t] of entries) {
    if (name === METADATA_KEY) fail(source, `'${METADATA_KEY}' is reserved and cannot name a tensor`);
    if (typeof t !== "object" || t === null || !("storage" in t) || !("layout" in t)) {
      fail(source, `'${name}' is not a tensor (${describe(t)})`);
    }
    t.storage.assertLive();
  }
  if (metadata !== undefined) {
    if (!isRecord(metadata)) fail(source, `metadata must be a record of strings, not ${describe(metadata)}`);
    for (const [k, v] of Object.entries(metadata)) {
      if (typeof v !== "string") fail(source, `metadata value '${k}' must be a string, not ${describe(v)}`);
    }
  }
  const isz = (t: Operand) => DTYPES[t.storage.dtype].itemsize;
  const order = entries.sort(([an, a], [bn, b]) => isz(b) - isz(a) || (an < bn ? -1 : an > bn ? 1 : 0));
  // built as text: a tensor named "__proto__" must stay a key, not become a prototype
  const parts: string[] = [];
  if (metadata !== undefined && Object.keys(metadata).length > 0) {
    parts.push(`${JSON.stringify(METADATA_KEY)}:${JSON.stringify(Object.fromEntries(Object.entries(metadata)))}`);
  }
  let at = 0;
  for (const [name, t] of order) {
    const n = t.layout.size * isz(t);
    const info = { dtype: SAFETENSORS_DTYPE[t.storage.dtype], shape: [...t.layout.shape], data_offsets: [at, at + n] };
    parts.push(`${JSON.stringify(name)}:${JSON.stringify(info)}`);
    at += n;
  }
  let json = `{${parts.join(",")}}`;
  json += " ".repeat((8 - ((8 + new TextEncoder().encode(json).length) % 8)) % 8);
  const body = new TextEncoder().encode(json);
  if (body.length > MAX_HEADER_BYTES) {
    fail(source, `the header would be ${body.length} bytes (limit ${MAX_HEADER_BYTES})`);
  }
  const header = new Uint8Array(8 + body.length);
  new DataView(header.buffer).setBigUint64(0, BigInt(body.length), true);
  header.set(body, 8);
  return { header, order };
}

/** A tensor's bytes in C order (a copy only when it is a strided view or not on the CPU). */
function tensorBytes(t: Operand): Uint8Array {
  const host = t.storage.device === "cpu" ? t : toDevice(t, "cpu");
  const c = contiguous(host);
  const isz = DTYPES[c.storage.dtype].itemsize;
  return c.storage.bytes.subarray(c.layout.offset * isz, (c.layout.offset + c.layout.size) * isz);
}

/**
 * Encodes tensors (and string metadata) as safetensors bytes.
 *
 * @example
 * ```ts
 * import { torch } from "../../mod.ts";
 * import { deserialize, serialize } from "./safetensors.ts";
 * const bytes = serialize({ w: torch.ones(2, 2) }, { note: "hi" });
 * console.log(deserialize(bytes).metadata.note); // hi
 * ```
 */
export function serialize(tensors: Readonly<Record<string, Operand>>, metadata?: Metadata): Uint8Array {
  const { header, order } = layout(tensors, metadata, "safetensors");
  const parts = order.map(([, t]) => tensorBytes(t));
  const out = new Uint8Array(header.length + parts.reduce((s, p) => s + p.length, 0));
  out.set(header, 0);
  let at = header.length;
  for (const p of parts) out.set(p, at), at += p.length;
  return out;
}

/** Follows symlinks (dangling ones too: the write creates their target) to the file to replace. */
async function linkTarget(path: string): Promise<string> {
  for (let hops = 0; hops < 40; hops++) {
    try {
      if (!(await Deno.lstat(path)).isSymlink) return path;
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return path;
      throw e;
    }
    const link = await Deno.readLink(path);
    path = isAbsolute(link) ? link : `${dirname(path)}/${link}`;
  }
  throw new Error(`${path}: too many levels of symbolic links`);
}

/**
 * Writes tensors to `path` as safetensors, atomically: everything goes to
 * a temp file beside the target, which is synced and renamed over it. An
 * existing file keeps its permissions; on any failure it is left as it was
 * and the temp file is removed.
 */
export async function writeFile(
  path: string,
  tensors: Readonly<Record<string, Operand>>,
  metadata?: Metadata,
): Promise<void> {
  if (typeof path !== "string" || path === "") throw new TypeError("save: the path must be a non-empty string");
  const { header, order } = layout(tensors, metadata, path);
  const target = await linkTarget(path);
  const mode = await Deno.stat(target).then((s) => s.mode, () => null);
  const tmp = `${dirname(target)}/.dendrite-${basename(target)}-${crypto.randomUUID()}.tmp`;
  try {
    {
      using f = await Deno.open(tmp, { write: true, createNew: true });
      const writeAll = async (b: Uint8Array) => {
        for (let at = 0; at < b.length;) at += await f.write(b.subarray(at));
      };
      await writeAll(header);
      for (const [, t] of order) await writeAll(tensorBytes(t));
      await f.syncData();
    }
    if (mode !== null) await Deno.chmod(tmp, mode & 0o7777);
    await Deno.rename(tmp, target);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
}

// ---------- reading ----------

function nonNegInt(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}

/** The header length in the first 8 bytes, checked against the file size. */
function headerLength(first8: Uint8Array, fileSize: number, source: string): number {
  if (fileSize < 8) {
    fail(source, `not a safetensors file: ${fileSize} bytes (the format starts with an 8-byte header length)`);
  }
  const n = new DataView(first8.buffer, first8.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES)) {
    fail(source, `header length ${n} exceeds the format's limit of ${MAX_HEADER_BYTES} bytes (corrupt file?)`);
  }
  if (8n + n > BigInt(fileSize)) {
    fail(source, `truncated: the header is ${n} bytes but only ${fileSize - 8} bytes follow its length`);
  }
  if (n < 2n) fail(source, `header length ${n} is too small for a JSON object`);
  return Number(n);
}

/** Parses and validates the JSON header against the data section's size. */
export function parseHeader(json: Uint8Array, dataSize: number, source: string): Header {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(json);
  } catch {
    fail(source, "the header is not valid UTF-8");
  }
  if (!text.startsWith("{")) fail(source, "the header is not a JSON object (it must start with '{')");
  let head: unknown;
  try {
    head = JSON.parse(text);
  } catch (e) {
    fail(source, `the header is not valid JSON (${(e as Error).message})`);
  }
  if (!isRecord(head)) fail(source, "the header is not a JSON object");
  let metadata: Metadata = {};
  const tensors: TensorInfo[] = [];
  for (const [name, info] of Object.entries(head)) {
    if (name === METADATA_KEY) {
      if (!isRecord(info)) fail(source, `${METADATA_KEY} must be an object of strings, not ${describe(info)}`);
      for (const [k, v] of Object.entries(info)) {
        if (typeof v !== "string") fail(source, `metadata '${k}' must be a string, not ${describe(v)}`);
      }
      metadata = Object.fromEntries(Object.entries(info)) as Metadata;
      continue;
    }
    if (!isRecord(info)) fail(source, `tensor '${name}': expected {dtype, shape, data_offsets}, got ${describe(info)}`);
    const { dtype: dn, shape, data_offsets: offs } = info;
    if (typeof dn !== "string") fail(source, `tensor '${name}': dtype must be a string, not ${describe(dn)}`);
    const dtype = FROM_NAME[dn];
    if (!dtype) {
      fail(
        source,
        FOREIGN.has(dn)
          ? `tensor '${name}' has dtype ${dn}, which dendrite does not support (supported: ${SUPPORTED})`
          : `tensor '${name}' has unknown dtype ${JSON.stringify(dn)} (supported: ${SUPPORTED})`,
      );
    }
    if (!Array.isArray(shape) || !shape.every(nonNegInt)) {
      fail(source, `tensor '${name}': shape must be a list of non-negative integers, not ${JSON.stringify(shape)}`);
    }
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every(nonNegInt) || offs[0] > offs[1]) {
      fail(
        source,
        `tensor '${name}': data_offsets must be [begin, end] with 0 <= begin <= end, not ${JSON.stringify(offs)}`,
      );
    }
    const numel = shape.reduce((p: number, d: number) => p * d, 1);
    const nbytes = numel * DTYPES[dtype].itemsize;
    if (!Number.isSafeInteger(nbytes)) fail(source, `tensor '${name}': shape [${shape}] is too large`);
    if (offs[1] - offs[0] !== nbytes) {
      fail(
        source,
        `the header lies about tensor '${name}': shape [${
          shape.join(", ")
        }] of ${dn} needs ${nbytes} bytes, its data_offsets [${offs[0]}, ${offs[1]}] span ${offs[1] - offs[0]}`,
      );
    }
    tensors.push({ name, dtype, shape: shape as number[], begin: offs[0], end: offs[1] });
  }
  const sorted = [...tensors].sort((a, b) => a.begin - b.begin || a.end - b.end);
  const last = sorted.reduce((m, t) => Math.max(m, t.end), 0);
  if (last > dataSize) {
    fail(source, `truncated: the header describes ${last} bytes of tensor data, the file holds ${dataSize}`);
  }
  let at = 0, prev = "";
  for (const t of sorted) {
    if (t.begin < at) fail(source, `the header lies: tensor '${t.name}' overlaps tensor '${prev}'`);
    if (t.begin > at) fail(source, `the header lies: data bytes [${at}, ${t.begin}) belong to no tensor`);
    at = t.end;
    prev = t.name;
  }
  if (at !== dataSize) {
    fail(
      source,
      `the file has ${dataSize - at} bytes after the last tensor's data (corrupt or not a safetensors file)`,
    );
  }
  return { tensors, metadata, dataStart: 8 + json.length };
}

/** Checks that BOOL bytes are 0 or 1 (anything else is not a bool). */
function checkBools(bytes: Uint8Array, info: TensorInfo, source: string): void {
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] > 1) fail(source, `tensor '${info.name}' (BOOL) holds the byte ${bytes[i]} at element ${i}`);
  }
}

/** A new operand holding a tensor's bytes. */
function fromBytes(info: TensorInfo, bytes: Uint8Array, source: string): Operand {
  if (info.dtype === "bool") checkBools(bytes, info, source);
  const o = empty(info.shape, info.dtype);
  o.storage.bytes.set(bytes);
  return o;
}

/** The decoded contents of a safetensors file. */
export interface Decoded {
  /** Tensors by name, in the header's order. */
  tensors: Record<string, Operand>;
  metadata: Metadata;
}

/**
 * Decodes safetensors bytes (validated; see the module notes).
 *
 * @example
 * ```ts
 * import { deserialize } from "./safetensors.ts";
 * try {
 *   deserialize(new Uint8Array(4));
 * } catch (e) {
 *   console.log((e as Error).message); // safetensors: not a safetensors file: 4 bytes (the format starts with an 8-byte header length)
 * }
 * ```
 */
export function deserialize(bytes: Uint8Array, source = "safetensors"): Decoded {
  const n = headerLength(bytes.subarray(0, 8), bytes.length, source);
  const header = parseHeader(bytes.subarray(8, 8 + n), bytes.length - 8 - n, source);
  const tensors: [string, Operand][] = header.tensors.map((t) => [
    t.name,
    fromBytes(t, bytes.subarray(header.dataStart + t.begin, header.dataStart + t.end), source),
  ]);
  return { tensors: Object.fromEntries(tensors), metadata: header.metadata };
}

/** Reads exactly `into.length` bytes at `pos`, or fails naming the file as truncated. */
async function readAt(f: Deno.FsFile, pos: number, into: Uint8Array, source: string): Promise<void> {
  await f.seek(pos, Deno.SeekMode.Start);
  for (let at = 0; at < into.length;) {
    const got = await f.read(into.subarray(at));
    if (got === null) fail(source, `truncated: the file ended while reading byte ${pos + at}`);
    at += got;
  }
}

/** Reads and validates the header of the open file `f`. */
async function readHeader(f: Deno.FsFile, source: string): Promise<Header> {
  const size = (await f.stat()).size;
  const first8 = new Uint8Array(8);
  if (size >= 8) await readAt(f, 0, first8, source);
  const n = headerLength(first8, size, source);
  const json = new Uint8Array(n);
  await readAt(f, 8, json, source);
  return parseHeader(json, size - 8 - n, source);
}

/**
 * Reads a safetensors file, one tensor at a time straight into its memory
 * (the file is never held whole), after validating the header against the
 * file's size.
 */
export async function readFile(path: string): Promise<Decoded> {
  using f = await Deno.open(path, { read: true });
  const header = await readHeader(f, path);
  const tensors: [string, Operand][] = [];
  for (const t of header.tensors) {
    const o = empty(t.shape, t.dtype);
    const bytes = o.storage.bytes.subarray(0, t.end - t.begin);
    await readAt(f, header.dataStart + t.begin, bytes, path);
    if (t.dtype === "bool") checkBools(bytes, t, path);
    tensors.push([t.name, o]);
  }
  return { tensors: Object.fromEntries(tensors), metadata: header.metadata };
}

/** A file's metadata and tensor descriptions, without reading the tensors. */
export async function readHeaderOf(path: string): Promise<Header> {
  using f = await Deno.open(path, { read: true });
  return await readHeader(f, path);
}
