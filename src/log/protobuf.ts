/**
 * A minimal protobuf writer: just the wire types TensorBoard's messages use.
 * Fields are written in call order; nested messages are byte arrays.
 *
 * A message is a list of byte parts: small fields go into one buffer that
 * doubles when full, while a large payload (an image, a long text) is kept
 * by reference, so nesting it in Value, Summary, Event and a TFRecord never
 * copies it: a large summary costs about its own size in memory and time.
 */

/** Bytes as a list of parts, in order (what a message is made of). */
export type Bytes = readonly Uint8Array[];

/** Parts at least this long are referenced rather than copied into the enclosing message. */
const BIG = 1 << 16;

const SCRATCH = new DataView(new ArrayBuffer(8));
const SCRATCH_BYTES = new Uint8Array(SCRATCH.buffer);
const UTF8 = new TextEncoder();

/** The total length of `parts`. */
export function byteLength(parts: Bytes): number {
  let n = 0;
  for (const p of parts) n += p.length;
  return n;
}

/**
 * `parts` joined into one array.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { concat } from "./protobuf.ts";
 * assert.deepEqual(concat([new Uint8Array([1]), new Uint8Array([2, 3])]), new Uint8Array([1, 2, 3]));
 * ```
 */
export function concat(parts: Bytes): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(byteLength(parts));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Builds one message.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { concat, proto } from "./protobuf.ts";
 * const msg = concat(proto().int(1, 150).bytes(2, "hi").finish());
 * assert.deepEqual(msg, new Uint8Array([8, 150, 1, 18, 2, 104, 105]));
 * ```
 */
export class ProtoWriter {
  #parts: Uint8Array[] = [];
  #buf = new Uint8Array(64);
  #len = 0;

  /** Makes room for `n` more bytes in the small-field buffer. */
  #reserve(n: number): void {
    const need = this.#len + n;
    if (need <= this.#buf.length) return;
    const grown = new Uint8Array(Math.max(need, this.#buf.length * 2));
    grown.set(this.#buf.subarray(0, this.#len));
    this.#buf = grown;
  }
  /** Ends the small-field buffer as a part (before a referenced one). */
  #cut(): void {
    if (!this.#len) return;
    this.#parts.push(this.#buf.subarray(0, this.#len));
    this.#buf = new Uint8Array(64);
    this.#len = 0;
  }
  #varint(v: number | bigint): void {
    this.#reserve(10);
    const buf = this.#buf;
    if (typeof v === "number" && v >= 0 && v <= 0x7fffffff) {
      while (v >= 0x80) {
        buf[this.#len++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
      buf[this.#len++] = v;
      return;
    }
    // Lengths past 2^31 and int64 values (negative ones as 10-byte two's complement).
    let x = BigInt.asUintN(64, BigInt(v));
    while (x >= 0x80n) {
      buf[this.#len++] = Number(x & 0x7fn) | 0x80;
      x >>= 7n;
    }
    buf[this.#len++] = Number(x);
  }
  #tag(field: number, wire: number): void {
    this.#varint((field << 3) | wire);
  }
  #raw(b: Uint8Array): void {
    if (b.length >= BIG) {
      this.#cut();
      this.#parts.push(b);
      return;
    }
    this.#reserve(b.length);
    this.#buf.set(b, this.#len);
    this.#len += b.length;
  }
  /** int32/int64/uint/enum/bool (varint). */
  int(field: number, v: number | bigint | boolean): this {
    this.#tag(field, 0);
    this.#varint(typeof v === "boolean" ? (v ? 1 : 0) : v);
    return this;
  }
  double(field: number, v: number): this {
    this.#tag(field, 1);
    SCRATCH.setFloat64(0, v, true);
    this.#raw(SCRATCH_BYTES);
    return this;
  }
  float(field: number, v: number): this {
    this.#tag(field, 5);
    SCRATCH.setFloat32(0, v, true);
    this.#raw(SCRATCH_BYTES.subarray(0, 4));
    return this;
  }
  /** Length-delimited: bytes, a string (UTF-8), or a nested message. */
  bytes(field: number, v: Uint8Array | Bytes | string): this {
    const parts = typeof v === "string" ? [UTF8.encode(v)] : v instanceof Uint8Array ? [v] : v;
    this.#tag(field, 2);
    this.#varint(byteLength(parts));
    for (const p of parts) this.#raw(p);
    return this;
  }
  /** A packed repeated double field. */
  packedDoubles(field: number, vs: ArrayLike<number>): this {
    const dv = new DataView(new ArrayBuffer(vs.length * 8));
    for (let i = 0; i < vs.length; i++) dv.setFloat64(i * 8, vs[i], true);
    return this.bytes(field, new Uint8Array(dv.buffer));
  }
  /** A packed repeated float field. */
  packedFloats(field: number, vs: ArrayLike<number>): this {
    const dv = new DataView(new ArrayBuffer(vs.length * 4));
    for (let i = 0; i < vs.length; i++) dv.setFloat32(i * 4, vs[i], true);
    return this.bytes(field, new Uint8Array(dv.buffer));
  }
  /** The message's parts (views of the writer's buffers: write nothing more after this). */
  finish(): Bytes {
    this.#cut();
    return this.#parts;
  }
}

/** `new ProtoWriter()` shorthand. */
export const proto = (): ProtoWriter => new ProtoWriter();
