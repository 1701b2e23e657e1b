/** Python's printing of the values in module printouts (PyTorch's extra_repr strings). */

/** A float as Python's repr writes it (1e-05, 0.1, 1.0). */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mant, expStr] = x.toExponential().split("e");
  const e = Number(expStr);
  if (e < -4 || e >= 16) {
    const m = mant.includes(".") ? mant : mant;
    return `${m}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  const s = String(x);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/** A value as Python's str() writes it: True/False/None, tuples for lists, numbers as given. */
export function py(v: unknown, float = false): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return float ? pyFloat(v) : String(v);
  if (Array.isArray(v)) return v.length === 1 ? `(${py(v[0], float)},)` : `(${v.map((x) => py(x, float)).join(", ")})`;
  return String(v);
}
