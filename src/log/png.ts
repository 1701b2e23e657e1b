/**
 * PNG and WAV encoders for image and audio summaries (8-bit gray, gray +
 * alpha, RGB and RGBA PNG through node:zlib; 16-bit PCM WAV).
 */
import { crc32, deflateSync } from "node:zlib";
import type { Bytes } from "./protobuf.ts";

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
/** PNG colour types by channel count: gray, gray + alpha, RGB, RGBA. */
const COLOR_TYPE: Record<number, number> = { 1: 0, 2: 4, 3: 2, 4: 6 };

/** One chunk as parts: length and type, the data (not copied), CRC of type + data. */
function chunk(type: string, data: Uint8Array): Uint8Array[] {
  const head = new Uint8Array(8), foot = new Uint8Array(4);
  new DataView(head.buffer).setUint32(0, data.length);
  for (let i = 0; i < 4; i++) head[4 + i] = type.charCodeAt(i);
  new DataView(foot.buffer).setUint32(0, crc32(data, crc32(head.subarray(4))));
  return [head, data, foot];
}

/**
 * Encodes 8-bit pixel rows as a PNG (as parts: concatenate them for a
 * file). `rows` holds `height` rows of `1 + width * channels` bytes: a
 * filter-type byte (0, none) then the HWC pixels; channels 1 (gray), 2
 * (gray + alpha), 3 (RGB) or 4 (RGBA).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodePng } from "./png.ts";
 * const png = encodePng(new Uint8Array([0, 255, 0, 0]), 1, 1, 3); // one red pixel
 * assert(png[0][1] === 0x50); // "PNG" signature
 * ```
 */
export function encodePng(rows: Uint8Array, height: number, width: number, channels: number): Bytes {
  if (!(channels in COLOR_TYPE)) throw new RangeError(`encodePng: ${channels} channels (PNG takes 1, 2, 3 or 4)`);
  if (rows.length !== height * (1 + width * channels)) {
    throw new RangeError(`encodePng: ${rows.length} bytes of rows for a ${height}x${width}x${channels} image`);
  }
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  ihdr.set([8, COLOR_TYPE[channels], 0, 0, 0], 8);
  const idat = deflateSync(rows);
  return [
    Uint8Array.from(SIGNATURE),
    ...chunk("IHDR", ihdr),
    ...chunk("IDAT", idat),
    ...chunk("IEND", new Uint8Array()),
  ];
}

/**
 * Encodes samples in [-1, 1] (frames x channels, interleaved) as 16-bit PCM WAV.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeWav } from "./png.ts";
 * const wav = encodeWav(new Float64Array([0, 0.5, -0.5]), 8000, 1);
 * assert.equal(wav.length, 50); // a 44-byte header and 3 16-bit samples
 * ```
 */
export function encodeWav(samples: Float64Array | Float32Array, sampleRate: number, channels: number): Uint8Array {
  const frames = samples.length / channels;
  const out = new Uint8Array(44 + samples.length * 2);
  const dv = new DataView(out.buffer);
  const text = (at: number, s: string) => [...s].forEach((c, i) => (out[at + i] = c.charCodeAt(0)));
  text(0, "RIFF");
  dv.setUint32(4, 36 + samples.length * 2, true);
  text(8, "WAVEfmt ");
  dv.setUint32(16, 16, true);
  dv.setUint16(20, 1, true);
  dv.setUint16(22, channels, true);
  dv.setUint32(24, sampleRate, true);
  dv.setUint32(28, sampleRate * channels * 2, true);
  dv.setUint16(32, channels * 2, true);
  dv.setUint16(34, 16, true);
  text(36, "data");
  dv.setUint32(40, frames * channels * 2, true);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.max(-1, Math.min(1, samples[i]));
    dv.setInt16(44 + i * 2, Math.round(v * 32767), true);
  }
  return out;
}
