/**
 * NumPy indexing: integers, slices (negative steps too), ellipsis, new axes,
 * boolean masks and integer arrays, for reading and assignment. Basic
 * indexing returns a view; advanced indexing gathers into a copy, placing
 * the broadcast index dims where NumPy does (in place when the advanced
 * indices are adjacent, first otherwise).
 */
import { backendOf } from "../backend/backend.ts";
import { fmtShape, ShapeError } from "../core/errors.ts";
import { broadcastShapes, contiguousStrides, sizeOf } from "../core/shape.ts";
import { releaseScratch } from "../core/host_pool.ts";
import { checkOutput } from "../core/storage.ts";
import { View } from "../core/view.ts";
import { OP_CODES } from "../backend/cpu.ts";
import {
  castTo,
  contiguous,
  copyInto,
  empty,
  isScalar,
  type Operand,
  type Scalar,
  scalarOperand,
  toDevice,
} from "./operand.ts";

const ADD = OP_CODES.binary.get("add")!;

/** A Python slice `start:stop:step` (null parts take Python's defaults). */
export class Slice {
  /** First index (null: the start, or the end for a negative step). */
  readonly start: number | null;
  /** Index to stop before (null: past the end). */
  readonly stop: number | null;
  /** Step (null: 1). */
  readonly step: number | null;
  /** A slice `start:stop:step`; each part an integer or null. */
  constructor(start: number | null = null, stop: number | null = null, step: number | null = null) {
    for (const [name, v] of [["start", start], ["stop", stop], ["step", step]] as const) {
      if (v !== null && !Number.isSafeInteger(v)) {
        throw new TypeError(`slice ${name} must be an integer or null, got ${typeof v === "number" ? v : typeof v}`);
      }
    }
    if (step === 0) throw new RangeError("slice step cannot be zero");
    this.start = start;
    this.stop = stop;
    this.step = step;
  }

  /** Python's slice.indices: [start, count, step] for a dim of length n. */
  resolve(n: number): [number, number, number] {
    const step = this.step ?? 1;
    if (step === 0) throw new RangeError("slice step cannot be zero");
    const neg = step < 0;
    const clamp = (v: number | null, dflt: number) => {
      if (v === null) return dflt;
      if (v < 0) {
        v += n;
        if (v < 0) return neg ? -1 : 0;
      } else if (v >= n) return neg ? n - 1 : n;
      return v;
    };
    const start = clamp(this.start, neg ? n - 1 : 0);
    const stop = clamp(this.stop, neg ? -1 : n);
    const count = neg
      ? (stop < start ? Math.floor((start - stop - 1) / -step) + 1 : 0)
      : (start < stop ? Math.floor((stop - start - 1) / step) + 1 : 0);
    return [start, count, step];
  }
}

/** One part of an index: an integer, a slice, null (new axis), "..." or an index array / mask. */
export type IndexPart = number | Slice | null | "..." | Operand;

function parseInt1(s: string, whole: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new TypeError(`invalid index ${JSON.stringify(s)} in ${JSON.stringify(whole)}`);
  return Number(s);
}

/**
 * Parses a NumPy index string such as `"1:3, ::-1, ..., None"` into parts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseIndex, Slice } from "./index.ts";
 * const [a, b] = parseIndex("1, ::-1");
 * assert(a === 1 && b instanceof Slice && b.step === -1);
 * ```
 */
export function parseIndex(text: string): IndexPart[] {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  return trimmed.split(",").map((raw) => {
    const s = raw.trim();
    if (s === "...") return "...";
    if (s === "None" || s === "newaxis") return null;
    if (s.includes(":")) {
      const bits = s.split(":");
      if (bits.length > 3) throw new TypeError(`invalid slice ${JSON.stringify(s)} in ${JSON.stringify(text)}`);
      const num = (b: string | undefined) => (b === undefined || b.trim() === "" ? null : parseInt1(b.trim(), text));
      return new Slice(num(bits[0]), num(bits[1]), num(bits[2]));
    }
    return parseInt1(s, text);
  });
}

function isOperand(p: IndexPart): p is Operand {
  return p !== null && typeof p === "object" && !(p instanceof Slice);
}

/** Positions of the true elements of a bool operand: one int64 operand of coordinates per dim. */
export function nonzeroCoords(mask: Operand): Operand[] {
  const m = contiguous(castTo(mask, "bool"));
  const shape = mask.layout.shape, dev = mask.storage.device;
  const { count, coords } = backendOf(m).nonzero(m.storage, shape.length ? shape : [1]);
  const all = fromInt64(coords, dev);
  return shape.map((_, d) => ({ storage: all.storage, layout: new View([count], [1], d * count) }));
}

/** An int64 operand holding `values` on `device`. */
function fromInt64(values: BigInt64Array, device: string): Operand {
  const o = empty([values.length], "int64");
  (o.storage.data as BigInt64Array).set(values);
  return toDevice(o, device);
}

interface Resolved {
  /** The basic part: a view over the source (advanced dims removed). */
  layout: View;
  /** Advanced indices: their (broadcast) values, source strides and sizes. */
  adv: { data: Operand; stride: number; size: number; pos: number; axis: number }[];
}

/**
 * Resolves an index. `torch`: PyTorch's rules, where integers always select
 * (a view) before advanced indices apply, so an integer never joins the
 * advanced indices as in NumPy (`a[0, :, [0, 1]]` has shape [3, 2] in
 * PyTorch, [2, 3] in NumPy), and errors name dimensions.
 */
function resolve(op: string, x: Operand, parts: readonly IndexPart[], torch = false): Resolved {
  const v = x.layout, nd = v.ndim;
  let consumed = 0, ellipses = 0;
  for (const p of parts) {
    if (p === "...") ellipses++;
    else if (p === null) continue;
    else if (isOperand(p)) consumed += p.storage.dtype === "bool" ? p.layout.ndim : 1;
    else if (typeof p === "number" || p instanceof Slice) consumed++;
    else throw new TypeError(`${op}: invalid index part ${String(p)}`);
  }
  if (ellipses > 1) throw new RangeError(`${op}: an index can only have a single ellipsis ('...')`);
  if (consumed > nd) {
    throw new RangeError(`too many indices for array: array is ${nd}-dimensional, but ${consumed} were indexed`);
  }
  const hasAdv = parts.some(isOperand);
  const shape: number[] = [], strides: number[] = [];
  let offset = v.offset, d = 0;
  const adv: Resolved["adv"] = [];
  const full = new Slice();
  const expanded: IndexPart[] = [];
  for (const p of parts) {
    if (p === "...") { for (let i = 0; i < nd - consumed; i++) expanded.push(full); }
    else expanded.push(p);
  }
  if (ellipses === 0) { for (let i = 0; i < nd - consumed; i++) expanded.push(full); }
  for (const p of expanded) {
    if (p === "...") continue; // expanded above
    if (p === null) {
      shape.push(1);
      strides.push(0);
    } else if (p instanceof Slice) {
      const [start, count, step] = p.resolve(v.shape[d]);
      if (count > 0) offset += start * v.strides[d];
      shape.push(count);
      strides.push(v.strides[d] * step);
      d++;
    } else if (typeof p === "number") {
      if (!Number.isInteger(p)) {
        throw new TypeError(`${op}: only integers, slices, ..., null and arrays are valid indices (got ${p})`);
      }
      const n = v.shape[d];
      if (p < -n || p >= n) {
        throw new RangeError(`index ${p} is out of bounds for ${torch ? "dimension" : "axis"} ${d} with size ${n}`);
      }
      if (hasAdv && !torch) {
        adv.push({
          data: { storage: fromInt64(BigInt64Array.of(BigInt(p)), "cpu").storage, layout: new View([]) },
          stride: v.strides[d],
          size: n,
          pos: shape.length,
          axis: d,
        });
      } else offset += (p < 0 ? p + n : p) * v.strides[d];
      d++;
    } else if (p.storage.dtype === "bool") {
      const mshape = p.layout.shape;
      for (let i = 0; i < mshape.length; i++) {
        if (mshape[i] !== v.shape[d + i]) {
          throw new RangeError(
            `boolean index did not match indexed array along axis ${d + i}; size of axis is ${
              v.shape[d + i]
            } but size of corresponding boolean axis is ${mshape[i]}`,
          );
        }
      }
      if (mshape.length === 0) {
        // NumPy: a 0-d mask masks a new axis of length 1, keeping it once (true) or not at all (false)
        const [coords] = nonzeroCoords({ storage: p.storage, layout: new View([1], [1], p.layout.offset) });
        adv.push({ data: coords, stride: 0, size: 1, pos: shape.length, axis: d });
      } else {
        nonzeroCoords(p).forEach((coords, i) => {
          adv.push({ data: coords, stride: v.strides[d + i], size: v.shape[d + i], pos: shape.length, axis: d + i });
        });
      }
      d += mshape.length;
    } else {
      if (p.storage.dtype === "float32" || p.storage.dtype === "float64") {
        throw new TypeError("arrays used as indices must be of integer (or boolean) type");
      }
      adv.push({ data: p, stride: v.strides[d], size: v.shape[d], pos: shape.length, axis: d });
      d++;
    }
  }
  return { layout: new View(shape, strides, offset, v.writeable), adv };
}

/** Broadcasts the advanced indices and turns them into element offsets. */
function advOffsets(adv: Resolved["adv"]): { bshape: number[]; offsets: BigInt64Array } {
  let bshape: number[];
  try {
    bshape = broadcastShapes("index", ...adv.map((a) => a.data.layout.shape));
  } catch {
    throw new ShapeError(
      "index",
      `shape mismatch: indexing arrays could not be broadcast together with shapes ${
        adv.map((a) => fmtShape(a.data.layout.shape)).join(" ")
      }`,
      adv.map((a) => a.data.layout.shape),
    );
  }
  const n = sizeOf(bshape);
  // every index column as int64, one row per advanced index, then one kernel turns them into offsets
  const cols = empty([adv.length, n], "int64");
  adv.forEach((a, j) => {
    // offsets are computed on the host: index arrays on a device come over first
    const data = toDevice(a.data, "cpu");
    const src = { storage: data.storage, layout: data.layout.expand("index", bshape) };
    const row = { storage: cols.storage, layout: new View(bshape, contiguousStrides(bshape), j * n) };
    backendOf(src, row).cast(src, row);
  });
  const offsets = n === 0 ? new BigInt64Array(0) : backendOf(cols).combineOffsets(
    cols.storage,
    n,
    adv.map((a) => a.size),
    adv.map((a) => a.stride),
    adv.map((a) => a.axis),
  );
  cols.storage.release(); // (internal: nothing else holds it)
  return { bshape, offsets };
}

/** The result geometry of an advanced index: where the broadcast dims go. */
function layout(r: Resolved, bshape: number[]): { shape: number[]; perm: number[] } {
  const basic = r.layout.shape, nb = bshape.length;
  const pos = r.adv[0].pos;
  const adjacent = r.adv.every((a) => a.pos === pos);
  const at = adjacent ? pos : 0;
  const shape = [...basic.slice(0, at), ...bshape, ...basic.slice(at)];
  // perm maps [B..., basic...] order onto the result's dims
  const perm = [
    ...bshape.map((_, i) => at + i),
    ...basic.map((_, i) => (i < at ? i : i + nb)),
  ];
  return { shape, perm };
}

/** A view of `o` (in result order) as [n, basic...] with the index dims flattened. */
function leadView(o: Operand, perm: number[], nb: number): Operand {
  const v = o.layout;
  const pshape = perm.map((p) => v.shape[p]), pstr = perm.map((p) => v.strides[p]);
  const n = sizeOf(pshape.slice(0, nb));
  const lead = nb > 0 ? pstr[nb - 1] : 0;
  return { storage: o.storage, layout: new View([n, ...pshape.slice(nb)], [lead, ...pstr.slice(nb)], v.offset) };
}

/**
 * Elements of `x` at element offsets (relative to x's own offset), as a new array of `shape`. Consumes `offsets`
 * (a scratch array goes back to the pool).
 */
export function gatherAt(x: Operand, offsets: BigInt64Array, shape: readonly number[]): Operand {
  const out = empty(shape, x.storage.dtype, x.storage.device);
  if (offsets.length) {
    const src = { storage: x.storage, layout: new View([], [], x.layout.offset) };
    backendOf(src, out).indexCopy(src, { storage: out.storage, layout: new View([offsets.length]) }, offsets, 0, 0);
  }
  releaseScratch(offsets);
  return out;
}

/**
 * `x`'s entries along dim `d` at the int64 `offsets` (element offsets along that dim, relative to x's own offset:
 * index times stride), as a new array whose dim `d` has one entry per offset: index_select's copy, one kernel call
 * for every block. Consumes `offsets`.
 */
export function selectAt(x: Operand, d: number, offsets: BigInt64Array): Operand {
  const v = x.layout, n = offsets.length;
  const shape = v.shape.slice();
  shape[d] = n;
  const out = empty(shape, x.storage.dtype, x.storage.device);
  if (out.layout.size > 0) {
    const others = <T>(a: readonly T[]) => a.filter((_, k) => k !== d);
    const o = out.layout;
    // x without dim d is the block each offset starts; out with dim d first takes the blocks in index order
    const src = { storage: x.storage, layout: new View(others(v.shape), others(v.strides), v.offset) };
    const lead = {
      storage: out.storage,
      layout: new View([n, ...others(o.shape)], [o.strides[d], ...others(o.strides)], o.offset),
    };
    backendOf(src, lead).indexCopy(src, lead, offsets, v.ndim - 1, 0);
  }
  releaseScratch(offsets);
  return out;
}

/**
 * Writes (mode 1), adds (mode 2) or multiplies (mode 3) `src`'s elements, in C order, at
 * element offsets of `x` (relative to x's own offset): scatter's kernel. Consumes `offsets`.
 */
export function scatterAt(x: Operand, offsets: BigInt64Array, src: Operand, mode: 1 | 2 | 3): void {
  checkOutput(x, "scatter");
  if (!offsets.length) return;
  const dst = { storage: x.storage, layout: new View([], [], x.layout.offset) };
  const s = contiguous(castTo(src, x.storage.dtype));
  const lead = { storage: s.storage, layout: new View([offsets.length], [1], s.layout.offset) };
  backendOf(lead, dst).indexCopy(lead, dst, offsets, 0, mode);
  releaseScratch(offsets);
}

/**
 * `x[parts]`: a view for basic indices, a new array for advanced ones.
 */
export function getIndex(x: Operand, parts: readonly IndexPart[], torch = false): Operand {
  const r = resolve("get", x, parts, torch);
  if (r.adv.length === 0) return { storage: x.storage, layout: r.layout };
  const { bshape, offsets } = advOffsets(r.adv);
  const { shape, perm } = layout(r, bshape);
  const out = empty(shape, x.storage.dtype, x.storage.device);
  if (out.layout.size > 0) {
    backendOf(x, out).indexCopy(
      { storage: x.storage, layout: r.layout },
      leadView(out, perm, bshape.length),
      offsets,
      r.layout.ndim,
      0,
    );
  }
  releaseScratch(offsets);
  return out;
}

/**
 * `x[parts] += value` with repeated indices accumulating (PyTorch's
 * index_put_ with accumulate, what indexing gradients need).
 */
export function addIndex(x: Operand, parts: readonly IndexPart[], value: Operand, torch = false): void {
  putIndex(x, parts, value, 2, torch);
}

/**
 * `x[parts] = value`, broadcasting value and casting it to x's dtype. `strip`: the value's leading size-1 dims
 * go first, as assignment does in NumPy and PyTorch (PyTorch's index_put_ keeps them).
 */
export function setIndex(
  x: Operand,
  parts: readonly IndexPart[],
  value: Operand | Scalar,
  torch = false,
  strip = true,
): void {
  const val = isScalar(value) ? scalarOperand(value, x.storage.dtype, x.storage.device) : value;
  putIndex(x, parts, val, 1, torch, strip);
}

/** Writes (mode 1) or accumulates (mode 2) `value` into `x[parts]`. */
function putIndex(
  x: Operand,
  parts: readonly IndexPart[],
  value: Operand,
  mode: 1 | 2,
  torch = false,
  strip = false,
): void {
  const r = resolve(mode === 1 ? "set" : "index_put", x, parts, torch);
  // read-only or self-overlapping targets are refused whole, except torch's basic indexing: PyTorch copies into
  // the view, which is checked itself (a row of an expanded tensor can be written; its column cannot)
  if (!torch || r.adv.length > 0) checkOutput(x, mode === 1 ? "set" : "index_put");
  // NumPy copies a source that overlaps the target
  const copied = value.storage === x.storage ? contiguous(value, true) : value;
  const val = strip ? dropLeadingOnes(copied) : copied;
  const view = { storage: x.storage, layout: r.layout };
  if (r.adv.length === 0) {
    if (mode === 1) copyInto(val, view);
    else addInto(view, val);
    return;
  }
  const { bshape, offsets } = advOffsets(r.adv);
  const { shape, perm } = layout(r, bshape);
  const target = empty(shape, x.storage.dtype, x.storage.device);
  let src: Operand;
  try {
    src = { storage: val.storage, layout: val.layout.expand("set", shape) };
  } catch {
    throw new ShapeError(
      "set",
      `shape mismatch: value array of shape ${
        fmtShape(value.layout.shape)
      } could not be broadcast to indexing result of shape ${fmtShape(shape)}`,
      [value.layout.shape, shape],
    );
  }
  copyInto(src, target);
  if (target.layout.size > 0) {
    backendOf(target, x).indexCopy(leadView(target, perm, bshape.length), view, offsets, r.layout.ndim, mode);
  }
  releaseScratch(offsets);
}

/** `o` without its leading size-1 dims. */
function dropLeadingOnes(o: Operand): Operand {
  const shape = o.layout.shape;
  let n = 0;
  while (n < shape.length && shape[n] === 1) n++;
  return n === 0 ? o : { storage: o.storage, layout: o.layout.squeeze("set", [...Array(n).keys()]) };
}

/** view += val (a basic-index view has no repeated elements, so one element-wise add does it). */
function addInto(view: Operand, val: Operand): void {
  const v = { storage: val.storage, layout: val.layout.expand("index_put", view.layout.shape) };
  const src = castTo(v, view.storage.dtype);
  backendOf(src, view).binary(ADD, view, src, view);
}
