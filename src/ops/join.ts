/** Joining and splitting along an axis (NumPy's concatenate and array_split). */
import { type DType, promoteTypes } from "../core/dtype.ts";
import { ShapeError } from "../core/errors.ts";
import { normalizeAxis } from "../core/shape.ts";
import { View } from "../core/view.ts";
import { contiguous, copyInto, empty, type Operand } from "./operand.ts";

/** Joins operands along `axis` (null: flattened first). */
export function concatenate(xs: readonly Operand[], axis: number | null = 0, dtype?: DType): Operand {
  if (xs.length === 0) throw new RangeError("need at least one array to concatenate");
  let arrs = xs;
  if (axis === null) {
    arrs = xs.map((x) => ({ storage: contiguous(x).storage, layout: new View([x.layout.size]) }));
    axis = 0;
  }
  const nd = arrs[0].layout.ndim;
  if (nd === 0) throw new RangeError("zero-dimensional arrays cannot be concatenated");
  const ax = normalizeAxis("concatenate", axis, nd);
  const shape = [...arrs[0].layout.shape];
  let total = 0;
  arrs.forEach((x, i) => {
    const s = x.layout.shape;
    if (s.length !== nd) {
      throw new ShapeError(
        "concatenate",
        `all the input array dimensions except for the concatenation axis must match exactly... all the input arrays must have same number of dimensions, but the array at index 0 has ${nd} dimension(s) and the array at index ${i} has ${s.length} dimension(s)`,
        arrs.map((a) => a.layout.shape),
      );
    }
    for (let d = 0; d < nd; d++) {
      if (d !== ax && s[d] !== shape[d]) {
        throw new ShapeError(
          "concatenate",
          `all the input array dimensions except for the concatenation axis must match exactly, but along dimension ${d}, the array at index 0 has size ${
            shape[d]
          } and the array at index ${i} has size ${s[d]}`,
          arrs.map((a) => a.layout.shape),
        );
      }
    }
    total += s[ax];
  });
  shape[ax] = total;
  const dt = dtype ?? arrs.map((x) => x.storage.dtype).reduce(promoteTypes);
  const out = empty(shape, dt, arrs[0].storage.device);
  let at = 0;
  for (const x of arrs) {
    const n = x.layout.shape[ax];
    if (n > 0) copyInto(x, { storage: out.storage, layout: out.layout.slice(ax, at, n, 1) });
    at += n;
  }
  return out;
}

/**
 * Splits into views along `axis`: `sections` equal-ish parts (the first
 * `len % sections` one longer, as array_split) or at the given indices.
 */
export function arraySplit(x: Operand, sections: number | readonly number[], axis = 0, equal = false): Operand[] {
  const ax = normalizeAxis("split", axis, x.layout.ndim);
  const len = x.layout.shape[ax];
  let bounds: number[];
  if (typeof sections === "number") {
    if (!Number.isInteger(sections) || sections <= 0) throw new RangeError("number sections must be larger than 0.");
    if (equal && len % sections !== 0) throw new RangeError("array split does not result in an equal division");
    const each = Math.floor(len / sections), extra = len % sections;
    bounds = [0];
    for (let i = 0; i < sections; i++) bounds.push(bounds[i] + each + (i < extra ? 1 : 0));
  } else {
    bounds = [0, ...sections.map((s) => (s < 0 ? Math.max(s + len, 0) : Math.min(s, len))), len];
  }
  const out: Operand[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const a = Math.min(bounds[i], len), b = Math.max(Math.min(bounds[i + 1], len), a);
    out.push({ storage: x.storage, layout: x.layout.slice(ax, a, b - a, 1) });
  }
  return out;
}
