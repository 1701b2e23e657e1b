/**
 * `.npy` and `.npz` files, byte-compatible with NumPy (format 1.0 headers
 * padded to 64 bytes; versions 2 and 3 and big-endian data read too).
 *
 * Reading validates like NumPy: the header must be a dict of exactly
 * descr, fortran_order and shape, the shape a tuple of non-negative
 * integers, and the file must hold all the data; each .npz member's CRC-32
 * is checked (fflate does not). Writes go to a temp file that is renamed
 * into place, so a failed save never destroys an existing file; like
 * NumPy's open(path, "wb") they go through symlinks to their target, keep an
 * existing file's mode, and give a new file 0666 minus the umask.
 */
// The pin lives in the specifier, not deno.json: a program that imports
// dendrite by URL does not see dendrite's import map.
// deno-lint-ignore no-import-prefix
import { unzipSync, zipSync } from "npm:fflate@0.8.2";
import { basename, dirname, isAbsolute } from "node:path";
import { crc32 } from "node:zlib";
import { type DType, DTYPES } from "../core/dtype.ts";
import { contiguous, empty } from "../ops/operand.ts";
import { type ArrayData, toOperand } from "../api/convert.ts";
import { describe } from "../api/signature.ts";
import { type ArrayLike, NDArray } from "./ndarray.ts";

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const DESCR: Record<string, DType> = {
  "|b1": "bool",
  "|u1": "uint8",
  "<u1": "uint8",
  "|i4": "int32",
  "<i4": "int32",
  "<i8": "int64",
  "<f4": "float32",
  "<f8": "float64",
};

/**
 * Encodes an array as .npy bytes.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * import { fromNpy, toNpy } from "./npy.ts";
 * const bytes = toNpy(np.arange(4).reshape(2, 2));
 * assert.deepEqual(fromNpy(bytes).tolist(), [[0, 1], [2, 3]]);
 * ```
 */
export function toNpy(a: ArrayLike): Uint8Array {
  const x = toOperand("save", a as ArrayData, undefined, false);
  const shape = x.layout.shape;
  const shapeStr = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '${DTYPES[x.storage.dtype].descr}', 'fortran_order': False, 'shape': ${shapeStr}, }`;
  const total = MAGIC.length + 4 + header.length + 1;
  header += " ".repeat((64 - (total % 64)) % 64) + "\n";
  const data = contiguous(x).storage.bytes.subarray(0, x.layout.size * DTYPES[x.storage.dtype].itemsize);
  const out = new Uint8Array(10 + header.length + data.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  out[8] = header.length & 0xff;
  out[9] = header.length >> 8;
  out.set(new TextEncoder().encode(header), 10);
  out.set(data, 10 + header.length);
  return out;
}

/** A parsed Python literal from a header, with its source text for error messages. */
type Literal =
  | { kind: "str"; value: string; raw: string }
  | { kind: "tuple" | "list"; items: Literal[]; raw: string }
  | { kind: "dict"; entries: [Literal, Literal][]; raw: string }
  | { kind: "atom"; raw: string };

/**
 * Parses the Python literal NumPy writes as a header (dicts, tuples, lists,
 * quoted strings, and bare atoms such as True, 3 or 2.5), as
 * ast.literal_eval would accept it; throws a TypeError naming the file.
 */
function parseLiteral(text: string, name: string): Literal {
  let at = 0;
  const fail = (why: string): never => {
    throw new TypeError(`${name}: malformed .npy header (${why} at character ${at}): ${text.trim()}`);
  };
  const skip = () => {
    while (/\s/.test(text[at] ?? "")) at++;
  };
  const value = (): Literal => {
    skip();
    const start = at, c = text[at];
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, at + 1);
      if (end < 0) fail("unterminated string");
      at = end + 1;
      return { kind: "str", value: text.slice(start + 1, end), raw: text.slice(start, at) };
    }
    const close = { "(": ")", "[": "]", "{": "}" }[c as "(" | "[" | "{"];
    if (!close) {
      const m = /^[\w.+-]+/.exec(text.slice(at)) ?? fail("expected a value");
      at += m[0].length;
      return { kind: "atom", raw: m[0] };
    }
    at++;
    const items: Literal[] = [], entries: [Literal, Literal][] = [];
    let commas = 0;
    for (skip(); text[at] !== close; skip()) {
      const item = value();
      skip();
      if (c === "{") {
        if (text[at++] !== ":") fail("expected ':'");
        entries.push([item, value()]);
        skip();
      } else items.push(item);
      if (text[at] === ",") [at, commas] = [at + 1, commas + 1];
      else if (text[at] !== close) fail(`expected ',' or '${close}'`);
    }
    at++;
    const raw = text.slice(start, at);
    if (c === "{") return { kind: "dict", entries, raw };
    // "(3)" is the number 3 in Python; only "(3,)" is a 1-tuple.
    if (c === "(" && items.length === 1 && commas === 0) return items[0];
    return { kind: c === "(" ? "tuple" : "list", items, raw };
  };
  const v = value();
  skip();
  if (at !== text.length) fail("trailing text");
  return v;
}

/** The three fields of an .npy header, checked as NumPy's _read_array_header checks them. */
function headerFields(text: string, name: string): { descr: string; fortran: boolean; shape: number[] } {
  const dict = parseLiteral(text, name);
  if (dict.kind !== "dict") throw new TypeError(`${name}: .npy header is not a dict: ${dict.raw}`);
  const fields = new Map(dict.entries.map(([k, v]) => [k.kind === "str" ? k.value : k.raw, v]));
  const keys = [...fields.keys()].sort().join(", ");
  if (keys !== "descr, fortran_order, shape") {
    throw new TypeError(`${name}: .npy header must have the keys descr, fortran_order and shape, got ${keys}`);
  }
  const descr = fields.get("descr")!, fortran = fields.get("fortran_order")!, shape = fields.get("shape")!;
  if (descr.kind !== "str") {
    throw new TypeError(`${name}: .npy header field 'descr' is not a dtype string: ${descr.raw}`);
  }
  if (fortran.kind !== "atom" || !["True", "False"].includes(fortran.raw)) {
    throw new TypeError(`${name}: .npy header field 'fortran_order' must be True or False, got ${fortran.raw}`);
  }
  // Python 2 wrote long integers as "3L".
  const dims = shape.kind === "tuple" && shape.items.every((d) => d.kind === "atom" && /^[-+]?\d+L?$/.test(d.raw))
    ? shape.items.map((d) => parseInt(d.raw, 10))
    : null;
  if (!dims) throw new TypeError(`${name}: .npy header field 'shape' must be a tuple of integers, got ${shape.raw}`);
  if (dims.some((d) => d < 0 || !Number.isSafeInteger(d))) {
    throw new RangeError(`${name}: .npy header field 'shape' has a negative or too large dimension: ${shape.raw}`);
  }
  return { descr: descr.value, fortran: fortran.raw === "True", shape: dims };
}

/** Where the header lies: version 1.0 has a 2-byte length, 2.0 and 3.0 (UTF-8) a 4-byte one. */
function headerSpan(bytes: Uint8Array, name: string): { start: number; end: number; encoding: string } {
  const [major, minor] = [bytes[6], bytes[7]];
  if (![1, 2, 3].includes(major) || minor !== 0) {
    throw new RangeError(`${name}: unsupported .npy format version ${major}.${minor} (NumPy reads 1.0, 2.0 and 3.0)`);
  }
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const start = major === 1 ? 10 : 12;
  if (bytes.length < start) throw new RangeError(`${name}: file is truncated inside the .npy preamble`);
  const end = start + (major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true));
  if (end > bytes.length) {
    throw new RangeError(
      `${name}: file is truncated: the .npy header claims ${end} bytes, the file has ${bytes.length}`,
    );
  }
  return { start, end, encoding: major === 3 ? "utf-8" : "latin1" };
}

/**
 * Decodes .npy bytes; `name` (the file) prefixes every error.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fromNpy } from "./npy.ts";
 * assert.throws(
 *   () => fromNpy(new Uint8Array([0x93, 78, 85, 77, 80, 89, 4, 0]), "x.npy"),
 *   { message: "x.npy: unsupported .npy format version 4.0 (NumPy reads 1.0, 2.0 and 3.0)" },
 * );
 * ```
 */
export function fromNpy(bytes: Uint8Array, name = "array"): NDArray {
  if (bytes.length < 8 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new TypeError(`${name}: not a .npy file (bad magic)`);
  }
  const span = headerSpan(bytes, name);
  const { descr, fortran, shape } = headerFields(
    new TextDecoder(span.encoding).decode(bytes.subarray(span.start, span.end)),
    name,
  );
  const big = descr.startsWith(">");
  const dtype = DESCR[big ? "<" + descr.slice(1) : descr] ?? DESCR[descr];
  if (!dtype) {
    throw new TypeError(`${name}: unsupported dtype '${descr}' (supported: ${Object.keys(DESCR).join(", ")})`);
  }
  const isz = DTYPES[dtype].itemsize, nbytes = shape.reduce((p, d) => p * d, 1) * isz;
  if (bytes.length - span.end < nbytes) {
    throw new RangeError(
      `${name}: file is truncated: shape (${shape}) of '${descr}' needs ${nbytes} bytes of data, the file holds ${
        bytes.length - span.end
      }`,
    );
  }
  // Fortran order is C order of the reversed shape, transposed back.
  const o = empty(fortran ? [...shape].reverse() : shape, dtype);
  const b = o.storage.bytes;
  b.set(bytes.subarray(span.end, span.end + nbytes));
  if (big && isz > 1) { for (let i = 0; i < nbytes; i += isz) b.subarray(i, i + isz).reverse(); }
  const arr = new NDArray(o.storage, o.layout);
  return fortran ? arr.transpose().copy() : arr;
}

/** Follows symlinks (dangling ones too, as open(2) would create their target) to the path to write. */
async function linkTarget(path: string): Promise<string> {
  for (let hops = 0; hops < 40; hops++) {
    try {
      if (!(await Deno.lstat(path)).isSymlink) return path;
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return path;
      throw e;
    }
    const link = await Deno.readLink(path);
    // Unnormalized on purpose: ".." after a symlinked folder is the OS's to resolve.
    path = isAbsolute(link) ? link : `${dirname(path)}/${link}`;
  }
  throw new Error(`${path}: too many levels of symbolic links`);
}

/**
 * Writes `bytes` to a temp file beside the (symlink-resolved) target and
 * renames it over the target. The temp file is created with open(2)'s
 * default 0666, which the kernel reduces by the umask (Deno.umask() needs
 * --allow-sys); an existing target's mode is copied over, as NumPy
 * truncating it in place would keep it.
 */
export async function atomicWrite(path: string, bytes: Uint8Array): Promise<void> {
  const target = await linkTarget(path);
  const mode = await Deno.stat(target).then((s) => s.mode, () => null);
  const tmp = `${dirname(target)}/.dendrite-${basename(target)}-${crypto.randomUUID()}.tmp`;
  try {
    {
      using f = await Deno.open(tmp, { write: true, createNew: true });
      for (let at = 0; at < bytes.length;) at += await f.write(bytes.subarray(at));
    }
    if (mode !== null) await Deno.chmod(tmp, mode & 0o7777);
    await Deno.rename(tmp, target);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw e;
  }
}

/**
 * Saves one array to `path` (".npy" appended when missing, as NumPy).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const path = await Deno.makeTempFile({ suffix: ".npy" });
 * await np.save(path, np.arange(3));
 * assert.deepEqual((await np.load(path) as np.NDArray).tolist(), [0, 1, 2]);
 * ```
 */
export async function save(path: string, arr: ArrayLike): Promise<void> {
  await atomicWrite(withSuffix("save", path, ".npy"), toNpy(arr));
}

/**
 * A file argument with `suffix` appended when missing. Only path strings: Deno's file functions would turn
 * anything else into a string ('' for a RegExp) and act on that file.
 */
function withSuffix(op: string, path: unknown, suffix: string): string {
  if (typeof path !== "string") throw new TypeError(`${op}(): the file must be a path string, not ${typeof path}`);
  return path.endsWith(suffix) ? path : path + suffix;
}

/** Arrays to store in an .npz: positional ones are named arr_0, arr_1, ... */
export type NpzEntries = readonly ArrayLike[] | Record<string, ArrayLike>;

function npzBytes(op: string, entries: NpzEntries, level: 0 | 6): Uint8Array {
  if (typeof entries !== "object" || entries === null) {
    throw new TypeError(`${op}(): the arrays must be a list or a record of arrays, not ${describe(entries)}`);
  }
  const named: Record<string, ArrayLike> = Array.isArray(entries)
    ? Object.fromEntries(entries.map((a, i) => [`arr_${i}`, a]))
    : entries as Record<string, ArrayLike>;
  const files: Record<string, [Uint8Array, { level: 0 | 6 }]> = {};
  for (const [k, v] of Object.entries(named)) files[`${k}.npy`] = [toNpy(v), { level }];
  return zipSync(files);
}

/**
 * Saves several arrays into an uncompressed .npz (".npz" appended when missing).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const path = await Deno.makeTempFile({ suffix: ".npz" });
 * await np.savez(path, { x: np.arange(3), y: np.eye(2) });
 * assert.deepEqual(Object.keys(await np.load(path)), ["x", "y"]);
 * ```
 */
export async function savez(path: string, entries: NpzEntries): Promise<void> {
  await atomicWrite(withSuffix("savez", path, ".npz"), npzBytes("savez", entries, 0));
}
/**
 * Saves several arrays into a deflate-compressed .npz.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const path = await Deno.makeTempFile({ suffix: ".npz" });
 * await np.savezCompressed(path, [np.zeros([100])]);
 * assert.deepEqual((await np.load(path) as Record<string, np.NDArray>).arr_0.shape, [100]);
 * ```
 */
export async function savezCompressed(path: string, entries: NpzEntries): Promise<void> {
  await atomicWrite(withSuffix("savezCompressed", path, ".npz"), npzBytes("savezCompressed", entries, 6));
}

/** Reads a little-endian unsigned integer of `size` bytes (2, 4 or 8) at `at`. */
function uint(b: Uint8Array, at: number, size: 2 | 4 | 8): number {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return size === 2 ? dv.getUint16(at, true) : size === 4 ? dv.getUint32(at, true) : Number(dv.getBigUint64(at, true));
}

/** Where the central directory starts and how many entries it has (zip64 end records too). */
function centralDirectory(zip: Uint8Array, name: string): { offset: number; count: number } {
  let eocd = zip.length - 22;
  while (eocd >= 0 && uint(zip, eocd, 4) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new TypeError(`${name}: not a zip file (no end of central directory)`);
  const locator = eocd - 20;
  if (locator >= 0 && uint(zip, locator, 4) === 0x07064b50) {
    const z64 = uint(zip, locator + 8, 8);
    return { offset: uint(zip, z64 + 48, 8), count: uint(zip, z64 + 32, 8) };
  }
  return { offset: uint(zip, eocd + 16, 4), count: uint(zip, eocd + 10, 2) };
}

/** Each member's CRC-32 from the central directory, by name (decoded as fflate decodes names). */
function memberCrcs(zip: Uint8Array, name: string): Map<string, number> {
  const out = new Map<string, number>();
  let { offset: at, count } = centralDirectory(zip, name);
  for (; count > 0; count--) {
    if (uint(zip, at, 4) !== 0x02014b50) throw new TypeError(`${name}: corrupt zip central directory at byte ${at}`);
    const nameLen = uint(zip, at + 28, 2), raw = zip.subarray(at + 46, at + 46 + nameLen);
    const utf8 = (uint(zip, at + 8, 2) & 0x800) !== 0;
    out.set(utf8 ? new TextDecoder().decode(raw) : String.fromCharCode(...raw), uint(zip, at + 16, 4));
    at += 46 + nameLen + uint(zip, at + 30, 2) + uint(zip, at + 32, 2);
  }
  return out;
}

/** The members of an .npz, each checked against its CRC-32 as NumPy's zipfile does. */
function npzMembers(zip: Uint8Array, name: string): Record<string, Uint8Array> {
  const crcs = memberCrcs(zip, name);
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip);
  } catch (e) {
    throw new TypeError(`${name}: corrupt .npz (${e instanceof Error ? e.message : e})`, { cause: e });
  }
  for (const [k, v] of Object.entries(files)) {
    if (crc32(v) !== crcs.get(k)) throw new TypeError(`${name}: corrupt .npz: Bad CRC-32 for file '${k}'`);
  }
  return files;
}

/**
 * Loads an .npy (one array) or .npz (an object of arrays by name).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const path = await Deno.makeTempFile({ suffix: ".npy" });
 * await np.save(path, np.ones([2, 2]));
 * assert.equal((await np.load(path) as np.NDArray).sum().item(), 4);
 * ```
 */
export async function load(path: string): Promise<NDArray | Record<string, NDArray>> {
  const bytes = await Deno.readFile(withSuffix("load", path, ""));
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    const out: Record<string, NDArray> = {};
    for (const [k, v] of Object.entries(npzMembers(bytes, path))) {
      out[k.replace(/\.npy$/, "")] = fromNpy(v, `${path}:${k}`);
    }
    return out;
  }
  return fromNpy(bytes, path);
}
