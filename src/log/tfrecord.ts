/**
 * TFRecord framing, as TensorBoard reads it: u64 length, masked CRC-32C of
 * the length, payload, masked CRC-32C of the payload (all little-endian).
 * `readRecords` checks every CRC and stops at a truncated tail, so a killed
 * writer leaves its earlier events readable.
 */
import { byteLength, type Bytes } from "./protobuf.ts";

const TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/** CRC-32C (Castagnoli) of the parts, in order. */
export function crc32c(parts: Bytes): number {
  let c = 0xffffffff;
  for (const b of parts) for (let i = 0; i < b.length; i++) c = TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** TensorFlow's masked CRC. */
export function maskedCrc(b: Uint8Array | Bytes): number {
  const c = crc32c(b instanceof Uint8Array ? [b] : b);
  return ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

/**
 * Frames one record: header, the payload's parts (not copied), footer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { concat } from "./protobuf.ts";
 * import { frameRecord, readRecords } from "./tfrecord.ts";
 * const file = concat(frameRecord([new Uint8Array([1, 2, 3])]));
 * assert.deepEqual(readRecords(file), [new Uint8Array([1, 2, 3])]);
 * ```
 */
export function frameRecord(payload: Bytes): Bytes {
  const head = new Uint8Array(12), foot = new Uint8Array(4);
  const dv = new DataView(head.buffer);
  dv.setBigUint64(0, BigInt(byteLength(payload)), true);
  dv.setUint32(8, maskedCrc(head.subarray(0, 8)), true);
  new DataView(foot.buffer).setUint32(0, maskedCrc(payload), true);
  return [head, ...payload, foot];
}

/** The payloads of a record file; throws on a CRC mismatch, ignores a truncated last record. */
export function readRecords(data: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let at = 0;
  while (at + 12 <= data.length) {
    const len = Number(dv.getBigUint64(at, true));
    if (dv.getUint32(at + 8, true) !== maskedCrc(data.subarray(at, at + 8))) {
      throw new Error(`record at ${at}: bad length CRC`);
    }
    if (at + 12 + len + 4 > data.length) break; // truncated tail (killed writer)
    const payload = data.subarray(at + 12, at + 12 + len);
    if (dv.getUint32(at + 12 + len, true) !== maskedCrc(payload)) throw new Error(`record at ${at}: bad data CRC`);
    out.push(payload);
    at += 12 + len + 4;
  }
  return out;
}
