/**
 * NumPy's float-to-decimal conversion (numpy/_core/src/multiarray/dragon4.c:
 * Ryan Juckett's Dragon4 with NumPy's cutoffs, rounding and trimming), over
 * JS BigInts: every digit NumPy prints for a float32 or float64, in unique
 * (shortest round-trip) or exact mode, positional or scientific. Exact mode
 * is also C's and Python's `%.pf` / `%.pe` (correct rounding, ties to even),
 * which PyTorch's printing uses.
 *
 * The port keeps Dragon4's own steps (its exponent estimate, its clamp for
 * fractional cutoffs, its directed rounding when a cutoff stops the unique
 * loop next to a margin) because NumPy's output depends on them: a simpler
 * "round the exact value" gives other digits in those cases.
 */

/** How trailing zeros and the point are trimmed: keep, zeros, all zeros but one, zeros and the point. */
export type Trim = "k" | "." | "0" | "-";

/** Options of a positional or scientific conversion (-1: not given). */
export interface Dragon4Options {
  /** Digits cut off after this many (fraction digits, or significant ones when not `fractional`); -1: none. */
  precision?: number;
  /** Unique mode prints at least this many digits; -1: none. */
  minDigits?: number;
  /** Shortest round-trip digits (else the exact value's digits up to `precision`). */
  unique?: boolean;
  /** Positional only: `precision` counts fraction digits (else significant digits). */
  fractional?: boolean;
  /** Trailing zeros and point. */
  trim?: Trim;
  /** A "+" before positive values. */
  sign?: boolean;
  /** Pad with spaces to this many characters left of the point. */
  padLeft?: number;
  /** Positional only: pad with spaces to this many characters right of the point. */
  padRight?: number;
  /** Scientific only: at least this many exponent digits (-1: 2). */
  expDigits?: number;
}

// NumPy's scratch buffer holds 16384 characters: digits past it are cut
const BUFFER = 16384;
const LOG10_2 = 0.30102999566398119521373889472449;
const VIEW = new DataView(new ArrayBuffer(8));

interface Parts {
  negative: boolean;
  /** "inf" / "nan", or null for a finite value. */
  special: "inf" | "nan" | null;
  mantissa: bigint;
  exponent: number;
  mantissaBit: number;
  unequalMargins: boolean;
}

/** The value as NumPy's Dragon4_PrintFloat_IEEE_binary32/64 factor it: mantissa * 2^exponent. */
function decompose(x: number, f32: boolean): Parts {
  let negative: boolean, mant: number, exp: number;
  const [mbits, ebits, bias] = f32 ? [23, 8, 127] : [52, 11, 1023];
  if (f32) {
    VIEW.setFloat32(0, x);
    const u = VIEW.getUint32(0);
    negative = u >>> 31 === 1;
    exp = (u >>> 23) & 0xff;
    mant = u & 0x7fffff;
  } else {
    VIEW.setFloat64(0, x);
    const hi = VIEW.getUint32(0), lo = VIEW.getUint32(4);
    negative = hi >>> 31 === 1;
    exp = (hi >>> 20) & 0x7ff;
    mant = (hi & 0xfffff) * 2 ** 32 + lo;
  }
  const special = exp === 2 ** ebits - 1 ? (mant === 0 ? "inf" : "nan") : null;
  if (exp !== 0) {
    return {
      negative,
      special,
      mantissa: BigInt(2 ** mbits + mant),
      exponent: exp - bias - mbits,
      mantissaBit: mbits,
      unequalMargins: exp !== 1 && mant === 0,
    };
  }
  return {
    negative,
    special,
    mantissa: BigInt(mant),
    exponent: 1 - bias - mbits,
    mantissaBit: mant === 0 ? 0 : mant.toString(2).length - 1,
    unequalMargins: false,
  };
}

/**
 * Dragon4 proper: the digits of mantissa * 2^exponent and the decimal
 * exponent of the first one. `fraction`: the cutoffs count digits after the
 * point (else digits in all).
 */
function digitsOf(
  p: Parts,
  unique: boolean,
  fraction: boolean,
  cutoffMax: number,
  cutoffMin: number,
  bufferSize: number,
): { digits: string; exponent: number } {
  if (p.mantissa === 0n) return { digits: "0", exponent: 0 };
  const isEven = (p.mantissa & 1n) === 0n, unequal = p.unequalMargins;
  // value / scale is the number, marginLow / scale half the distance to its lower neighbour (the upper one is twice
  // that when the margins are unequal)
  let value: bigint, scale: bigint, marginLow: bigint;
  const e = p.exponent;
  if (e > 0) {
    value = p.mantissa << BigInt(e + (unequal ? 2 : 1));
    scale = unequal ? 4n : 2n;
    marginLow = 1n << BigInt(e);
  } else {
    value = p.mantissa << (unequal ? 2n : 1n);
    scale = 1n << BigInt(-e + (unequal ? 2 : 1));
    marginLow = 1n;
  }
  const high = () => (unequal ? marginLow * 2n : marginLow);
  // an estimate of floor(log10(v)) + 1 that is right or one too small (Dragon4's 0.69 offset)
  let digitExponent = Math.ceil((p.mantissaBit + e) * LOG10_2 - 0.69);
  if (cutoffMax >= 0 && fraction && digitExponent <= -cutoffMax) digitExponent = -cutoffMax + 1;
  if (digitExponent > 0) scale *= 10n ** BigInt(digitExponent);
  else if (digitExponent < 0) {
    const pow = 10n ** BigInt(-digitExponent);
    value *= pow;
    marginLow *= pow;
  }
  if (value >= scale) digitExponent += 1;
  else {
    value *= 10n;
    marginLow *= 10n;
  }
  let cutoffMaxExponent = digitExponent - bufferSize;
  if (cutoffMax >= 0) {
    cutoffMaxExponent = Math.max(cutoffMaxExponent, fraction ? -cutoffMax : digitExponent - cutoffMax);
  }
  let cutoffMinExponent = digitExponent;
  if (cutoffMin >= 0) {
    cutoffMinExponent = Math.min(cutoffMinExponent, fraction ? -cutoffMin : digitExponent - cutoffMin);
  }
  let exponent = digitExponent - 1;
  let digits = "", digit = 0, low = false, hi = false;
  for (;;) {
    digitExponent--;
    const q = value / scale;
    value -= q * scale;
    digit = Number(q);
    if (unique) {
      const cmpLow = value - marginLow, cmpHigh = value + high() - scale;
      low = isEven ? cmpLow <= 0n : cmpLow < 0n;
      hi = isEven ? cmpHigh >= 0n : cmpHigh > 0n;
      if (((low || hi) && digitExponent <= cutoffMinExponent) || digitExponent === cutoffMaxExponent) break;
    } else if (value === 0n || digitExponent === cutoffMaxExponent) break;
    digits += digit;
    value *= 10n;
    marginLow *= 10n;
  }
  // round the last digit: towards the side a margin allows, else to nearest (ties to an even digit)
  let roundDown = low;
  if (low === hi) {
    const twice = value * 2n;
    roundDown = twice < scale || (twice === scale && (digit & 1) === 0);
  }
  if (roundDown) digits += digit;
  else if (digit < 9) digits += digit + 1;
  else {
    // carry through the trailing nines
    const kept = digits.replace(/9+$/, "");
    if (kept === "") {
      digits = "1";
      exponent += 1;
    } else digits = kept.slice(0, -1) + (Number(kept[kept.length - 1]) + 1);
  }
  return { digits, exponent };
}

/** The sign character NumPy writes: "-" for a set sign bit, "+" when asked for, else none. */
const signOf = (p: Parts, sign: boolean) => (p.negative ? "-" : sign ? "+" : "");

/** PrintInfNan: "inf" with its sign, "nan" without (no padding). */
const infNan = (p: Parts, sign: boolean) => (p.special === "inf" ? signOf(p, sign) + "inf" : "nan");

/** Exact digits need a cutoff (NumPy's dragon4_positional / dragon4_scientific check). */
function checkPrecision(unique: boolean, precision: number): void {
  if (!unique && precision < 0) throw new TypeError("in non-unique mode `precision` must be supplied");
}

/** Strips the zeros rounding left at the end of the fraction (trim modes other than "k"). */
function trimZeros(body: string, fraction: number, trim: Trim, dropPoint: boolean): [string, number] {
  while (body.endsWith("0") && fraction > 0) {
    body = body.slice(0, -1);
    fraction--;
  }
  if (body.endsWith(".")) {
    if (trim === "0") {
      body += "0";
      fraction++;
    } else if (trim === "-" && dropPoint) body = body.slice(0, -1);
  }
  return [body, fraction];
}

/**
 * NumPy's dragon4_positional: `x` (a float32 when `f32`) as ddd.ddd.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dragon4Positional } from "./dragon4.ts";
 * assert.equal(dragon4Positional(0.1, true), "0.1");
 * assert.equal(dragon4Positional(1 / 3, false, { precision: 4, unique: false }), "0.3333");
 * assert.equal(dragon4Positional(2.5, false, { trim: "-" }), "2.5");
 * ```
 */
export function dragon4Positional(x: number, f32: boolean, o: Dragon4Options = {}): string {
  const { precision = -1, minDigits = -1, unique = true, fractional = true, trim = "k", sign = false } = o;
  const padLeft = o.padLeft ?? -1, padRight = o.padRight ?? -1;
  checkPrecision(unique, precision);
  const p = decompose(x, f32);
  if (p.special) return infNan(p, sign);
  const s = signOf(p, sign), hasSign = s.length;
  const { digits, exponent } = digitsOf(p, unique, fractional, precision, minDigits, BUFFER - 1 - hasSign);
  let body: string, whole: number, fraction: number;
  if (exponent >= 0) {
    whole = exponent + 1;
    if (digits.length <= whole) {
      body = digits + "0".repeat(whole - digits.length);
      fraction = 0;
    } else {
      body = digits.slice(0, whole) + "." + digits.slice(whole);
      fraction = digits.length - whole;
    }
  } else {
    const zeros = -(exponent + 1);
    body = "0." + "0".repeat(zeros) + digits;
    fraction = digits.length + zeros;
    whole = 1;
  }
  if (trim !== "-" && fraction === 0) body += ".";
  const add = unique ? minDigits : precision;
  const desired = fractional ? Math.max(add, 0) : add - whole;
  if (trim === "0") {
    if (fraction === 0) {
      body += "0";
      fraction++;
    }
  } else if (trim === "k" && desired > fraction) {
    const n = Math.min(desired - fraction, BUFFER - 1 - hasSign - body.length);
    body += "0".repeat(n);
    fraction += n;
  }
  if (trim !== "k" && fraction > 0) [body, fraction] = trimZeros(body, fraction, trim, true);
  if (padRight >= fraction) {
    if (trim === "-" && fraction === 0) body += " ";
    body += " ".repeat(padRight - fraction);
  }
  const left = padLeft > whole + hasSign ? " ".repeat(padLeft - whole - hasSign) : "";
  return left + s + body;
}

/**
 * NumPy's dragon4_scientific: `x` (a float32 when `f32`) as d.ddde+XX.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { dragon4Scientific } from "./dragon4.ts";
 * assert.equal(dragon4Scientific(1e-5, false), "1.e-05");
 * assert.equal(dragon4Scientific(12345, false, { precision: 2, unique: false }), "1.23e+04");
 * ```
 */
export function dragon4Scientific(x: number, f32: boolean, o: Dragon4Options = {}): string {
  const { precision = -1, minDigits = -1, unique = true, trim = "k", sign = false } = o;
  const padLeft = o.padLeft ?? -1;
  let expDigits = o.expDigits ?? -1;
  checkPrecision(unique, precision);
  const p = decompose(x, f32);
  if (p.special) return infNan(p, sign);
  const s = signOf(p, sign);
  const left = padLeft > 1 + s.length ? " ".repeat(padLeft - 1 - s.length) : "";
  const { digits, exponent } = digitsOf(
    p,
    unique,
    false,
    precision < 0 ? -1 : precision + 1,
    minDigits < 0 ? -1 : minDigits + 1,
    BUFFER - left.length - s.length,
  );
  let body = digits[0], fraction = digits.length - 1;
  if (fraction > 0) body += "." + digits.slice(1);
  if (trim !== "-" && fraction === 0) body += ".";
  const add = Math.max(unique ? minDigits : precision, 0);
  if (trim === "0") {
    if (fraction === 0) {
      body += "0";
      fraction++;
    }
  } else if (trim === "k" && add > fraction) {
    body += "0".repeat(add - fraction);
    fraction = add;
  }
  // scientific trimming keeps a trailing point even in "-" mode (FormatScientific's loop)
  if (trim !== "k" && fraction > 0) [body] = trimZeros(body, fraction, trim, false);
  if (expDigits > 5) expDigits = 5;
  if (expDigits < 0) expDigits = 2;
  // the exponent's digits, zero-padded to expDigits: an exponent 0 with expDigits 0 has none (NumPy's loop)
  const e = exponent === 0 ? "0".repeat(expDigits) : String(Math.abs(exponent)).padStart(expDigits, "0");
  return `${left}${s}${body}e${exponent < 0 ? "-" : "+"}${e}`;
}
