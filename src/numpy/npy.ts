/**
 * `.npy` and `.npz` files, byte-compatible with NumPy (format 1.0 headers
 * padded to 64 bytes; versions 2 and 3 and big-endian data read too).
 * Writes go to a temp file that is renamed into place, so a failed save
 * never destroys an existing file.
 */
// The pin lives in the specifier, not deno.json: a program that imports
// dendrite by URL does not see dendrite's import map.
// deno-lint-ignore no-import-prefix
import { unzipSync, zipSync } from "npm:fflate@0.8.2";
import { type DType, DTYPES } from "../core/dtype.ts";
import { Storage } from "../core/storage.ts";
import { View } from "../core/view.ts";
import { contiguous } from "../ops/operand.ts";
import { type ArrayLike, asOperand, NDArray } from "./ndarray.ts";

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

/** Encodes an array as .npy bytes. */
export function toNpy(a: ArrayLike): Uint8Array {
  const x = asOperand(a);
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

/** Decodes .npy bytes. */
export function fromNpy(bytes: Uint8Array, name = "array"): NDArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new TypeError(`${name}: not a .npy file (bad magic)`);
  }
  const major = bytes[6];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [hlen, hstart] = major === 1 ? [dv.getUint16(8, true), 10] : [dv.getUint32(8, true), 12];
  const header = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(bytes.subarray(hstart, hstart + hlen));
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*True/.test(header);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || shapeText === undefined) throw new TypeError(`${name}: malformed .npy header ${header}`);
  const shape = shapeText.split(",").map((s) => s.trim()).filter((s) => s !== "").map(Number);
  const big = descr.startsWith(">");
  const dtype = DESCR[big ? "<" + descr.slice(1) : descr] ?? DESCR[descr];
  if (!dtype) {
    throw new TypeError(`${name}: unsupported dtype '${descr}' (supported: ${Object.keys(DESCR).join(", ")})`);
  }
  const size = shape.reduce((p, d) => p * d, 1), isz = DTYPES[dtype].itemsize;
  const start = hstart + hlen;
  if (bytes.length < start + size * isz) {
    throw new RangeError(`${name}: file is truncated (${bytes.length} bytes, need ${start + size * isz})`);
  }
  const s = Storage.host(dtype, size);
  s.bytes.set(bytes.subarray(start, start + size * isz));
  if (big && isz > 1) {
    for (let i = 0; i < size; i++) s.bytes.subarray(i * isz, (i + 1) * isz).reverse();
  }
  if (!fortran) return new NDArray(s, new View(shape));
  const rev = new NDArray(s, new View([...shape].reverse()));
  return rev.transpose().copy();
}

async function atomicWrite(path: string, bytes: Uint8Array): Promise<void> {
  const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) || "/" : ".";
  const tmp = await Deno.makeTempFile({ dir, prefix: ".dendrite-", suffix: ".tmp" });
  try {
    await Deno.writeFile(tmp, bytes);
    await Deno.rename(tmp, path);
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
 * import { np } from "../../mod.ts";
 * const path = await Deno.makeTempFile({ suffix: ".npy" });
 * await np.save(path, np.arange(3));
 * console.log((await np.load(path) as np.NDArray).tolist()); // [0, 1, 2]
 * ```
 */
export async function save(path: string, arr: ArrayLike): Promise<void> {
  await atomicWrite(path.endsWith(".npy") ? path : `${path}.npy`, toNpy(arr));
}

/** Arrays to store in an .npz: positional ones are named arr_0, arr_1, ... */
export type NpzEntries = readonly ArrayLike[] | Record<string, ArrayLike>;

function npzBytes(entries: NpzEntries, level: 0 | 6): Uint8Array {
  const named: Record<string, ArrayLike> = Array.isArray(entries)
    ? Object.fromEntries(entries.map((a, i) => [`arr_${i}`, a]))
    : entries as Record<string, ArrayLike>;
  const files: Record<string, [Uint8Array, { level: 0 | 6 }]> = {};
  for (const [k, v] of Object.entries(named)) files[`${k}.npy`] = [toNpy(v), { level }];
  return zipSync(files);
}

/** Saves several arrays into an uncompressed .npz (".npz" appended when missing). */
export async function savez(path: string, entries: NpzEntries): Promise<void> {
  await atomicWrite(path.endsWith(".npz") ? path : `${path}.npz`, npzBytes(entries, 0));
}
/** Saves several arrays into a deflate-compressed .npz. */
export async function savezCompressed(path: string, entries: NpzEntries): Promise<void> {
  await atomicWrite(path.endsWith(".npz") ? path : `${path}.npz`, npzBytes(entries, 6));
}

/** Loads an .npy (one array) or .npz (an object of arrays by name). */
export async function load(path: string): Promise<NDArray | Record<string, NDArray>> {
  const bytes = await Deno.readFile(path);
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    const files = unzipSync(bytes);
    const out: Record<string, NDArray> = {};
    for (const [k, v] of Object.entries(files)) out[k.replace(/\.npy$/, "")] = fromNpy(v, `${path}:${k}`);
    return out;
  }
  return fromNpy(bytes, path);
}
