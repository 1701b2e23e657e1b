/**
 * NumPy's index tricks as calls (JS has no slice syntax): `np.s_` and
 * `np.indexExp` build index lists for `get`/`set`, `np.r_` / `np.c_`
 * concatenate with NumPy's AxisConcatenator rules, `np.mgrid` / `np.ogrid`
 * build grids. Slices are written as strings ("1:5:2"); in r_, c_, mgrid and
 * ogrid their parts may be floats and a step ending in "j" (as Python's
 * complex step `5j`) means a count of points, endpoints included.
 */
import type { IndexLike } from "../api/convert.ts";
import { toIndexParts } from "../api/convert.ts";
import type { DType } from "../core/dtype.ts";
import { describe } from "../api/signature.ts";
import { Slice } from "../ops/index.ts";
import { type ArrayLike, NDArray, NP_FUNCTIONS } from "./ndarray.ts";

// deno-lint-ignore no-explicit-any
const F = NP_FUNCTIONS as Record<string, (...a: any[]) => any>;

/** One index part as `get`/`set` take it (what `np.s_` returns in a list). */
export type IndexPart = number | Slice | null | "..." | NDArray;

/** The parts of `s_`/`indexExp`'s arguments (strings parsed as `get` parses them, arrays as index arrays). */
function indexParts(items: readonly IndexLike[]): IndexPart[] {
  // a trailing comma only makes a tuple (NumPy's s_[1:3,])
  return items.flatMap((it) => toIndexParts(typeof it === "string" ? it.replace(/,\s*$/, "") : [it]))
    .map((p) => (p !== null && typeof p === "object" && !(p instanceof Slice) ? NDArray.wrap(p) : p));
}

/**
 * NumPy's `np.s_[...]` as a call: the index it builds, for `get`/`set`. One part (a single string without a comma, a
 * number, a slice) comes back alone, as NumPy's `s_[1:3]` is a slice; several come back as a list.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const a = np.arange(12).reshape(3, 4);
 * const ix = np.s_("1:", "::2"); // np.s_[1:, ::2]
 * assert.deepEqual(a.get(ix).tolist(), [[4, 6], [8, 10]]);
 * assert.deepEqual(np.s_("::-1"), np.slice(null, null, -1));
 * ```
 */
export function s_(...items: IndexLike[]): IndexPart | IndexPart[] {
  const parts = indexParts(items);
  const single = items.length === 1 && !(typeof items[0] === "string" && items[0].includes(",")) &&
    !Array.isArray(items[0]);
  return single && parts.length === 1 ? parts[0] : parts;
}

/**
 * NumPy's `np.index_exp[...]` as a call: always a list of index parts (NumPy's tuple).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * assert.deepEqual(np.indexExp("2::2"), [np.slice(2, null, 2)]);
 * assert.deepEqual(np.arange(6).get(np.indexExp("2::2")).tolist(), [2, 4]);
 * ```
 */
export function indexExp(...items: IndexLike[]): IndexPart[] {
  return indexParts(items);
}

/** A slice of r_/mgrid: float parts allowed, `count` set for a "j" step (linspace points). */
interface GridSlice {
  start: number | null;
  stop: number | null;
  step: number | null;
  /** The "j" step's value (a number of points), or null for an ordinary step. */
  count: number | null;
  /** A part was written as a float ("1.0", "1e3"): Python's float, so float64 results. */
  float: boolean;
}

const NUM = /^[+-]?(\d+\.?\d*(e[+-]?\d+)?|\.\d+(e[+-]?\d+)?|inf|nan)$/i;

/** Parses "start:stop:step" with numeric parts (a trailing "j" on the step: a point count); null if not a slice. */
function gridSlice(op: string, s: string | Slice): GridSlice | null {
  if (s instanceof Slice) return { start: s.start, stop: s.stop, step: s.step, count: null, float: false };
  if (!s.includes(":")) return null;
  const bits = s.split(":").map((b) => b.trim());
  if (bits.length > 3) throw new TypeError(`${op}: invalid slice ${JSON.stringify(s)}`);
  let count: number | null = null, float = false;
  const num = (b: string | undefined, isStep: boolean): number | null => {
    if (b === undefined || b === "") return null;
    let t = b;
    if (isStep && /j$/i.test(t)) {
      t = t.slice(0, -1);
      if (t === "") t = "1";
    }
    if (!NUM.test(t)) throw new TypeError(`${op}: invalid slice part ${JSON.stringify(b)} in ${JSON.stringify(s)}`);
    const v = Number(t.replace(/^([+-]?)inf$/i, "$1Infinity").replace(/^[+-]?nan$/i, "NaN"));
    if (t !== b) count = Math.abs(v);
    else if (!/^[+-]?\d+$/.test(t)) float = true;
    return v;
  };
  const start = num(bits[0], false), stop = num(bits[1], false), step = num(bits[2], true);
  return { start, stop, step: count === null ? step : null, count, float };
}

/** r_/c_'s directive state (NumPy's AxisConcatenator). */
interface Directive {
  axis: number;
  ndmin: number;
  trans1d: number;
  matrix: "r" | "c" | null;
}

/** Applies a directive string (NumPy's special first entry of r_/c_). */
function directive(op: string, d: Directive, item: string): void {
  const t = item.trim();
  if (t === "r" || t === "c") {
    d.matrix = t;
    return;
  }
  const vec = t.split(",");
  const int = (s: string) => (/^\s*[+-]?\d+\s*$/.test(s) ? Number(s) : NaN);
  if (vec.length > 1) {
    const [axis, ndmin, trans] = vec.map(int);
    if (Number.isNaN(axis) || Number.isNaN(ndmin) || (vec.length === 3 && Number.isNaN(trans)) || vec.length > 3) {
      throw new RangeError(`unknown special directive '${item}'`);
    }
    d.axis = axis;
    d.ndmin = ndmin;
    if (vec.length === 3) d.trans1d = trans;
    return;
  }
  if (Number.isNaN(int(t))) throw new RangeError(`${op}: unknown special directive`);
  d.axis = int(t);
}

/** Moves a lower-dimensional item's dims as NumPy's trans1d says (AxisConcatenator's transpose). */
function transItem(x: NDArray, itemNdim: number, d: Directive): NDArray {
  if (d.trans1d === -1 || itemNdim >= d.ndmin) return x;
  const k2 = d.ndmin - itemNdim;
  let k1 = d.trans1d;
  if (k1 < 0) k1 += k2 + 1;
  const axes = [...Array(d.ndmin).keys()];
  return x.transpose([...axes.slice(0, k1), ...axes.slice(k2), ...axes.slice(k1, k2)]);
}

/** NumPy's AxisConcatenator: what r_ and c_ both run, from their defaults. */
function concatenator(op: string, base: Directive, items: readonly unknown[]): NDArray {
  const d = { ...base };
  const objs: NDArray[] = [], typeObjs: (NDArray | number | boolean)[] = [];
  items.forEach((item, k) => {
    let x: NDArray;
    const sl = typeof item === "string" || item instanceof Slice ? gridSlice(op, item) : null;
    if (sl) {
      const start = sl.start ?? 0, step = sl.step ?? 1;
      if (sl.stop === null) throw new TypeError(`${op}: a slice needs a stop, got ${JSON.stringify(String(item))}`);
      const dt = sl.float || sl.count !== null ? "float64" : undefined;
      x = sl.count !== null
        ? F.linspace(start, sl.stop, Math.trunc(sl.count))
        : F.arange(start, sl.stop, step, dt ? { dtype: dt } : {});
      if (d.ndmin > 1) x = transItem(F.array(x, { ndmin: d.ndmin }), 1, d);
      typeObjs.push(x);
    } else if (typeof item === "string") {
      if (k !== 0) throw new RangeError("special directives must be the first entry.");
      directive(op, d, item);
      return;
    } else if (typeof item === "number" || typeof item === "boolean") {
      x = F.array(item, { ndmin: d.ndmin });
      typeObjs.push(item);
    } else {
      const a = F.asarray(item as ArrayLike) as NDArray;
      x = transItem(F.array(a, { ndmin: d.ndmin, copy: false }), a.ndim, d);
      typeObjs.push(a);
    }
    objs.push(x);
  });
  if (!objs.length) return F.array([]);
  const dt: DType = F.resultType(...typeObjs);
  let res: NDArray = F.concatenate(objs.map((o) => o.astype(dt)), { axis: d.axis });
  if (d.matrix) {
    // NumPy returns np.matrix here: a 2-d array stands in for it
    const nd = res.ndim;
    if (nd < 2) res = res.reshape(1, -1);
    if (nd === 1 && d.matrix === "c") res = res.T;
  }
  return res;
}

/** What r_ and c_ take: slice strings ("0:1:5j"), a first directive string ("0,2,1", "r", "c"), numbers, arrays. */
export type ConcatItem = string | Slice | number | boolean | ArrayLike;

/**
 * NumPy's `np.r_[...]` as a call: concatenates along the first axis. Slice strings become `arange(start, stop,
 * step)` or, with a "j" step, `linspace(start, stop, n)`; a first string "axis", "axis,ndmin" or
 * "axis,ndmin,trans1d" directs as in NumPy, and "r" / "c" give a 2-d row / column (NumPy's np.matrix).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * assert.deepEqual(np.r_("1:4", [0, 0], 5).tolist(), [1, 2, 3, 0, 0, 5]); // np.r_[1:4, [0, 0], 5]
 * assert.deepEqual(np.r_("0:1:3j").tolist(), [0, 0.5, 1]); // np.r_[0:1:3j]
 * assert.deepEqual(np.r_("0,2", [1, 2], [3, 4]).tolist(), [[1, 2], [3, 4]]); // np.r_['0,2', ...]
 * ```
 */
export function r_(...items: ConcatItem[]): NDArray {
  return concatenator("r_", { axis: 0, ndmin: 1, trans1d: -1, matrix: null }, items);
}

/**
 * NumPy's `np.c_[...]` as a call: 1-d items become columns, stacked along the last axis (`r_("-1,2,0", ...)`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * assert.deepEqual(np.c_([1, 2], [3, 4]).tolist(), [[1, 3], [2, 4]]); // np.c_[[1, 2], [3, 4]]
 * ```
 */
export function c_(...items: ConcatItem[]): NDArray {
  return concatenator("c_", { axis: -1, ndmin: 2, trans1d: 0, matrix: null }, items);
}

/** NumPy's nd_grid: mgrid (dense) or ogrid (sparse) over slice strings. */
function ndGrid(op: string, sparse: boolean, keys: readonly (string | Slice)[]): NDArray | NDArray[] {
  for (const k of keys) {
    if (typeof k !== "string" && !(k instanceof Slice)) {
      throw new TypeError(`${op}: expected slice strings such as "0:5" or np.slice objects, got ${describe(k)}`);
    }
  }
  // (np.mgrid[()]: an empty int64 array; np.ogrid[()]: an empty tuple)
  if (keys.length === 0) return sparse ? [] : F.arange(0, { dtype: "int64" });
  const single = keys.length === 1 && (keys[0] instanceof Slice || !keys[0].includes(","));
  const raw = keys.flatMap((k): (string | Slice)[] => (typeof k === "string" ? k.split(",").map((s) => s.trim()) : [k]))
    .filter((k, i, all) => !(k === "" && i === all.length - 1 && all.length > 1));
  const sl = raw.map((k) => {
    const g = gridSlice(op, k);
    if (!g) throw new TypeError(`${op}: expected slices such as "0:5" or "0:1:5j", got ${JSON.stringify(k)}`);
    return g;
  });
  if (single) {
    const g = sl[0], start = g.start ?? 0;
    if (g.count === null) return F.arange(start, g.stop, g.step ?? 1, g.float ? { dtype: "float64" } : {});
    const n = Math.trunc(g.count), step = n !== 1 ? (g.stop! - start) / (n - 1) : 1;
    return F.add(F.multiply(F.arange(0, n, 1, { dtype: "float64" }), step), start);
  }
  const float = sl.some((g) => g.float || g.count !== null);
  const size = sl.map((g) => {
    if (g.count !== null) return Math.trunc(g.count);
    if (g.stop === null) throw new TypeError(`${op}: a slice needs a stop`);
    return Math.max(Math.ceil((g.stop - (g.start ?? 0)) / (g.step ?? 1)), 0);
  });
  const dtype = float ? "float64" : "int64";
  const axes: NDArray[] = sl.map((g, k) => {
    const start = g.start ?? 0;
    let step = g.step ?? 1;
    if (g.count !== null) {
      const n = Math.trunc(g.count);
      step = n !== 1 ? (g.stop! - start) / (n - 1) : 1;
    }
    const shape = size.map((s, j) => (j === k ? s : 1));
    return F.add(F.multiply(F.arange(size[k], { dtype }), step), start).reshape(shape);
  });
  if (sparse) return axes;
  return F.stack(F.broadcastArrays(...axes).map((x: NDArray) => x.copy()));
}

/**
 * NumPy's `np.mgrid[...]` as a call: a dense grid of shape [n, ...sizes] from n slice strings (a "j" step counts
 * points, endpoints included); one slice string without a comma gives the 1-d range itself.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const g = np.mgrid("0:2", "0:3") as np.NDArray; // np.mgrid[0:2, 0:3]
 * assert.deepEqual(g.tolist(), [[[0, 0, 0], [1, 1, 1]], [[0, 1, 2], [0, 1, 2]]]);
 * assert.deepEqual((np.mgrid("-1:1:5j") as np.NDArray).tolist(), [-1, -0.5, 0, 0.5, 1]);
 * ```
 */
export function mgrid(...keys: (string | Slice)[]): NDArray {
  return ndGrid("mgrid", false, keys) as NDArray;
}

/**
 * NumPy's `np.ogrid[...]` as a call: the open grid, one array per slice, each varying along its own axis (a list;
 * one slice string without a comma gives the 1-d range itself).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { np } from "../../mod.ts";
 * const [x, y] = np.ogrid("0:2", "0:3") as np.NDArray[]; // np.ogrid[0:2, 0:3]
 * assert.deepEqual(x.shape, [2, 1]);
 * assert.deepEqual(y.tolist(), [[0, 1, 2]]);
 * ```
 */
export function ogrid(...keys: (string | Slice)[]): NDArray | NDArray[] {
  return ndGrid("ogrid", true, keys);
}
