/**
 * A minimal protobuf writer: just the wire types TensorBoard's messages use.
 * Fields are written in call order; nested messages are byte arrays.
 */

/** Builds one message. */
export class ProtoWriter {
  #chunks: number[] = [];

  #varint(v: number | bigint): void {
    let x = BigInt.asUintN(64, BigInt(v));
    while (x >= 0x80n) {
      this.#chunks.push(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    this.#chunks.push(Number(x));
  }
  #tag(field: number, wire: number): void {
    this.#varint((field << 3) | wire);
  }
  /** int32/int64/uint/enum/bool (varint). */
  int(field: number, v: number | bigint | boolean): this {
    this.#tag(field, 0);
    this.#varint(typeof v === "boolean" ? (v ? 1 : 0) : v);
    return this;
  }
  double(field: number, v: number): this {
    return this.#fixed(field, 1, 8, (dv) => dv.setFloat64(0, v, true));
  }
  float(field: number, v: number): this {
    return this.#fixed(field, 5, 4, (dv) => dv.setFloat32(0, v, true));
  }
  /** A fixed-width field (wire type 1: 8 bytes, 5: 4 bytes), little-endian. */
  #fixed(field: number, wire: 1 | 5, size: number, set: (dv: DataView) => void): this {
    this.#tag(field, wire);
    const b = new Uint8Array(size);
    set(new DataView(b.buffer));
    this.#chunks.push(...b);
    return this;
  }
  /** Length-delimited: bytes, a string, or a nested message. */
  bytes(field: number, v: Uint8Array | string): this {
    const b = typeof v === "string" ? new TextEncoder().encode(v) : v;
    this.#tag(field, 2);
    this.#varint(b.length);
    for (let i = 0; i < b.length; i++) this.#chunks.push(b[i]);
    return this;
  }
  /** A packed repeated double field. */
  packedDoubles(field: number, vs: readonly number[]): this {
    const b = new Uint8Array(vs.length * 8);
    const dv = new DataView(b.buffer);
    vs.forEach((v, i) => dv.setFloat64(i * 8, v, true));
    return this.bytes(field, b);
  }
  /** A packed repeated float field. */
  packedFloats(field: number, vs: readonly number[]): this {
    const b = new Uint8Array(vs.length * 4);
    const dv = new DataView(b.buffer);
    vs.forEach((v, i) => dv.setFloat32(i * 4, v, true));
    return this.bytes(field, b);
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.#chunks);
  }
}

/** `new ProtoWriter()` shorthand. */
export const proto = (): ProtoWriter => new ProtoWriter();
