/**
 * `np.ndarray`: a (Storage, View) pair with NumPy's methods. The methods
 * (and the `np.*` functions) are generated from the op declarations
 * (src/numpy/decls.ts), so every call form binds through one signature:
 * `a.sum(0)`, `a.sum({ axis: 0, keepdims: true })`, `a.sum(0, { keepdims: true })`.
 * Element-wise ufuncs are methods too (`a.add(b).multiply(2)`), the JS
 * stand-in for Python's operators.
 */
import { ArrayBase, wrapFresh } from "../api/array_base.ts";
import { type ArrayData, asOperand, toOperand } from "../api/convert.ts";
import type { Ctx, OpDecl } from "../api/define.ts";
import { Binder, type Converters, type Forms, opt, req, type Scalar } from "../api/signature.ts";
import { resized } from "../api/ops/shape.ts";
import { NP_CALLBACKS } from "../api/ops/np_misc.ts";
import { BASE, baseOf, recordBase, type SetFlags, setflagsLayout, trackViews } from "../api/ops/view_base.ts";
import { runUfuncWhere } from "../api/ops/ufunc_where.ts";
import { type FrontEnd, generate, installMethods, type Methods, runImpl } from "../api/surface.ts";
import { type DType, DTYPES, toDType } from "../core/dtype.ts";
import type { Operand, Storage } from "../core/storage.ts";
import type { View } from "../core/view.ts";
import { elementReader } from "../ops/operand.ts";
import { NP_DECLS } from "./decls.ts";
import { FlatIter } from "./flatiter.ts";
import { arrayRepr, arrayStr } from "./format.ts";
import { tofile, type TofileArgs } from "./file_io.ts";

/** What np functions accept as an array: an ndarray (or tensor), nested JS arrays, typed arrays or scalars. */
export type ArrayLike = NDArray | ArrayData;

/** An N-dimensional array. */
export class NDArray extends ArrayBase {
  /** The array this one is a view of (see `base`). */
  [BASE]: NDArray | null = null;
  /** Wraps a storage and a view of it (no copy; checked). Use `np.array` to make arrays from data. */
  constructor(storage: Storage, layout: View) {
    super(storage, layout);
  }

  /** Wraps an operand (the array itself when it already is one). */
  static wrap(o: Operand): NDArray {
    return o instanceof NDArray ? o : new NDArray(o.storage, o.layout);
  }

  /** What messages call this class. */
  protected get kind(): string {
    return "array";
  }

  /** Dimensions. */
  get shape(): number[] {
    return [...this.layout.shape];
  }
  /** The element type. */
  get dtype(): DType {
    return this.storage.dtype;
  }
  /** Number of dimensions. */
  get ndim(): number {
    return this.layout.ndim;
  }
  /** Number of elements. */
  get size(): number {
    return this.layout.size;
  }
  /** Bytes to step along each dim, as NumPy reports them. */
  get strides(): number[] {
    return this.layout.strides.map((s) => s * this.itemsize);
  }
  /** Bytes per element. */
  get itemsize(): number {
    return DTYPES[this.dtype].itemsize;
  }
  /** Bytes of all elements. */
  get nbytes(): number {
    return this.size * this.itemsize;
  }
  /** The device the memory lives on ("cpu"). */
  get device(): string {
    return this.storage.device;
  }
  /** The transpose (a view). */
  get T(): NDArray {
    return recordBase(
      new NDArray(this.storage, this.layout.permute("T", [...Array(this.ndim).keys()].reverse())),
      this,
    );
  }
  /** The transpose of the last two axes (a view; NumPy 2's `mT`). */
  get mT(): NDArray {
    if (this.ndim < 2) throw new RangeError("matrix transpose with ndim < 2 is undefined");
    return recordBase(new NDArray(this.storage, this.layout.swap("mT", this.ndim - 2, this.ndim - 1)), this);
  }
  /** NumPy's flags that dendrite tracks (`writeable` is false for np.broadcastTo results and their views). */
  get flags(): { cContiguous: boolean; fContiguous: boolean; writeable: boolean } {
    const v = this.layout;
    return { cContiguous: v.isContiguous, fContiguous: v.isFContiguous, writeable: v.writeable };
  }
  /** The array this one is a view of (the owner of its memory), null when it owns its memory. */
  get base(): NDArray | null {
    return baseOf(this) as NDArray | null;
  }
  /** The real part: the array itself (dtypes are real); assigning writes into it. */
  get real(): NDArray {
    return this;
  }
  set real(value: ArrayLike) {
    this.set("...", value);
  }
  /** The imaginary part: read-only zeros (dtypes are real). */
  get imag(): NDArray {
    return NP_FUNCTIONS.imag(this) as NDArray;
  }
  set imag(_: ArrayLike) {
    throw new TypeError("array does not have imaginary part to set");
  }
  /** A flat iterator over the elements in C order, indexable (`get`, `set`) as NumPy's flatiter. */
  get flat(): FlatIter<NDArray> {
    return new FlatIter(this, NDArray.wrap);
  }
  /** `a.flat = v`: every element set from v, repeated as needed. */
  set flat(value: ArrayLike) {
    new FlatIter(this, NDArray.wrap).set("...", value as ArrayData);
  }

  /** Sets NumPy's flags: `write` (a read-only array over writeable memory may become writeable again). */
  setflags(...args: Forms<typeof SETFLAGS_SIG, NDArray, ArrayLike>): void {
    const v = setflagsLayout(this, SETFLAGS.bind(args, FE) as SetFlags);
    if (v) this._rebind(this.storage, v);
  }

  /**
   * Resizes in place (ndarray.resize): elements kept in C order, new ones
   * zero; the array gets new memory.
   */
  resize(...shape: (number | readonly number[] | { refcheck?: boolean })[]): void {
    const a = RESIZE.bind(shape, FE, this);
    this._rebind(...resized(this, typeof a.newShape === "number" ? [a.newShape] : a.newShape));
  }

  /**
   * Writes the array to a file (NumPy's `tofile`): raw bytes in C order, or text joined by `sep` (each element
   * through `format`, default Python's str): `tofile(path, sep = "", format = "%s")`.
   */
  tofile(...args: TofileArgs extends [unknown, ...infer R] ? R : never): Promise<void> {
    return tofile(this, ...args as [string]);
  }

  /** NumPy's repr: `array([1, 2, 3])`. */
  override toString(): string {
    return arrayRepr({ shape: this.layout.shape, dtype: this.dtype, at: elementReader(this) });
  }
  /** Python's f"{a}": NumPy's str, PyTorch's repr (a 0-d tensor's value). */
  protected formatString(): string {
    return arrayStr({ shape: this.layout.shape, dtype: this.dtype, at: elementReader(this) });
  }
  /** Row i along the first axis (what iteration yields). */
  protected itemAt(i: number): NDArray {
    return recordBase(new NDArray(this.storage, this.layout.select(0, i)), this);
  }
  /** console.log and Deno.inspect print the repr. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
}

/** ndarray.setflags' signature: NumPy's write, align and uic flags. */
export const SETFLAGS_SIG = {
  pos: [opt("write", "bool", null), opt("align", "bool", null), opt("uic", "bool", null)],
  kw: [],
} as const;
const SETFLAGS = new Binder("setflags", SETFLAGS_SIG);
const RESIZE = new Binder("resize", {
  pos: [req("a", "array"), req("newShape", "ints", { varargs: true })],
  kw: [opt("refcheck", "bool", true)],
});

/** np's rules for the declarations: NumPy promotion, float64 for integer inputs of float ops. */
const CTX: Ctx = { fe: "np", defaultFloat: "float64" };

/** Whether `v` is an ndarray made by its constructor (a Proxy of one could answer differently after a check). */
const isNDArray = (v: unknown): v is NDArray => NDArray.isGenuine(v) && v instanceof NDArray;

/** Converts an array-like argument, or undefined when `v` is none. */
function toArray(v: unknown): NDArray | undefined {
  if (isNDArray(v)) return v;
  const o = asOperand(v); // a tensor (shares memory, as np.asarray(tensor)); a Proxy or `{ storage, layout }`: a snapshot
  if (o) return NDArray.wrap(o);
  if (v === undefined || v === null || typeof v === "string" || typeof v === "function") return undefined;
  if (typeof v === "object" && !Array.isArray(v) && !ArrayBuffer.isView(v)) return undefined;
  return NDArray.wrap(toOperand("array", v as ArrayData));
}

const FE: FrontEnd<NDArray> = {
  ctx: CTX,
  arrayName: "ndarray",
  array: toArray,
  isArray: isNDArray,
  dtype: (v) => {
    try {
      return toDType(v);
    } catch {
      return undefined;
    }
  },
  wrap: (v) => NDArray.wrap(v as Operand),
  run: (c, args) =>
    trackViews(
      c.overload.sig.ufunc ? runUfuncWhere(c, args, CTX) : runImpl(c, args, CTX),
      c.returns,
      args,
      c.arrayParams,
      isNDArray,
      NDArray.wrap,
    ),
  fast: (c, x, y) => {
    // a number: the lane is np's implementation itself, whatever the array's dtype
    if (y !== undefined && typeof y !== "number" && y.storage.dtype !== x.storage.dtype) return undefined;
    const r = c.fast!(x, y);
    return r === undefined ? undefined : wrapFresh(NDArray, r);
  },
};
/** np's argument checks and conversions, for surfaces bound by hand (np.random's functions and methods). */
export const NP_CONVERTERS: Converters = FE;

// np's callbacks (applyAlongAxis, piecewise, ...) receive ndarrays
NP_CALLBACKS.wrap = NDArray.wrap;
const GENERATED = generate(NP_DECLS, "np", FE);
installMethods(NDArray.prototype, GENERATED.methods);

/** The generated np functions (src/numpy/mod.ts puts them in the `np` namespace). */
export const NP_FUNCTIONS: Record<string, (...args: unknown[]) => unknown> = GENERATED.functions;
/** Every op declared for np, by name (the registry test walks it). */
export const NP_OPS = GENERATED.ops;

/** ndarray's generated methods (and their call forms), from the declarations. */
export type NpMethods = Methods<typeof NP_DECLS, "np", NDArray, ArrayLike>;
/** ndarray's generated methods. */
export interface NDArray extends NpMethods {}

/** A JS scalar (what `item()` returns). */
export type { Scalar };

/** np functions generated from other declaration records (np.linalg). */
export function npFunctions(decls: Record<string, OpDecl>): Record<string, (...args: unknown[]) => unknown> {
  return generate(decls, "np", FE).functions;
}
