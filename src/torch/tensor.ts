/**
 * `torch.Tensor`: a (Storage, View) pair like `np.ndarray`, plus autograd
 * state. Ops run through the shared ops layer; differentiable ones record
 * their vjp (written with Tensor ops, so grad-of-grad works) via `record`.
 */
import { isGradEnabled } from "../autograd/grad_mode.ts";
import { type GradOps, type Node, runBackward } from "../autograd/graph.ts";
import { type DType, DTYPES, isFloat, type ScalarKind, scalarKind, toDType, torchResultType } from "../core/dtype.ts";
import { fmtShape, RuntimeError } from "../core/errors.ts";
import { normalizeAxis, sizeOf } from "../core/shape.ts";
import { Storage } from "../core/storage.ts";
import { sameShape, View } from "../core/view.ts";
import { addIndex, getIndex, type IndexPart, setIndex, Slice } from "../ops/index.ts";
import {
  castTo,
  contiguous,
  copyInto,
  elementReader,
  empty,
  fromElement,
  isScalar,
  type Operand,
  type Scalar,
  scalarOperand,
  toNested,
  zeros as zerosOp,
} from "../ops/operand.ts";
import { type ArrayData, isOperand, toIndexParts, toOperand } from "../numpy/convert.ts";
import { record, type Vjp } from "./autograd_fn.ts";
import { tensorRepr } from "./format.ts";

let defaultDtype: DType = "float32";
/** torch.setDefaultDtype: the dtype of float data and float results of integer ops. */
export function setDefaultDtype(d: DType | string): void {
  const dt = toDType(d, "setDefaultDtype");
  if (!isFloat(dt)) throw new TypeError("only floating-point types are supported as the default type");
  defaultDtype = dt;
}
/** torch.getDefaultDtype. */
export function getDefaultDtype(): DType {
  return defaultDtype;
}

/** A tensor, a JS scalar, or data `torch.tensor` accepts. */
export type TensorLike = Tensor | Scalar | ArrayData;
/** One index part of `get`/`set` (see np's ndarray.get). */
export type TIndex = number | Slice | null | "..." | Tensor | readonly number[] | readonly boolean[];
type Dims = number | readonly number[] | null | undefined;

/** The tensor operations the autograd engine uses. */
export const GRAD_OPS: GradOps<Tensor> = {
  add: (a, b) => a.add(b),
  sumTo: (g, shape) => sumTo(g, shape),
  detach: (g) => g.detach(),
  describe: (t) => `torch.${t.dtype} ${fmtShape(t.shape)}`,
};

/** Sums a broadcast gradient back to `shape` (the one place broadcasting is undone). */
export function sumTo(g: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(g.layout.shape, shape)) return g;
  const lead = g.dim() - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < g.dim(); i++) if (i < lead || (shape[i - lead] === 1 && g.layout.shape[i] !== 1)) dims.push(i);
  const s = dims.length ? g.sum(dims, { keepdim: true }) : g;
  return lead > 0 || dims.length ? s.reshape(shape as number[]) : s;
}

/** The tensor class. */
export class Tensor {
  storage: Storage;
  layout: View;
  requiresGrad = false;
  grad: Tensor | null = null;
  gradFn: Node | null = null;
  retainsGrad = false;

  /**
   * `new Tensor(2, 3)`: an uninitialized float tensor of that size;
   * `new Tensor([[1, 2]])`: float data (default dtype), as torch.Tensor.
   */
  constructor(...args: unknown[]) {
    if (args[0] instanceof Storage && args[1] instanceof View) {
      this.storage = args[0];
      this.layout = args[1];
      return;
    }
    let o: Operand;
    if (args.length >= 1 && args.every((a) => typeof a === "number" && Number.isInteger(a))) {
      o = zerosOp(args as number[], defaultDtype);
    } else if (args.length === 1) {
      o = toOperand("Tensor", args[0] as ArrayData, defaultDtype);
    } else if (args.length === 0) o = zerosOp([0], defaultDtype);
    else throw new TypeError(`Tensor(): invalid arguments ${args.map((a) => typeof a).join(", ")}`);
    this.storage = o.storage;
    this.layout = o.layout;
  }

  /** Wraps an operand (no copy). */
  static _wrap(o: Operand): Tensor {
    return new Tensor(o.storage, o.layout);
  }

  // ---------- properties ----------
  get shape(): number[] {
    return [...this.layout.shape];
  }
  get dtype(): DType {
    return this.storage.dtype;
  }
  /** Size of all dims, or of one. */
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number[] | number {
    return dim === undefined ? this.shape : this.layout.shape[normalizeAxis("size", dim, this.dim())];
  }
  dim(): number {
    return this.layout.ndim;
  }
  get ndim(): number {
    return this.layout.ndim;
  }
  numel(): number {
    return this.layout.size;
  }
  nelement(): number {
    return this.layout.size;
  }
  /** Strides in elements, as PyTorch reports them. */
  stride(): number[] {
    return [...this.layout.strides];
  }
  get isLeaf(): boolean {
    return this.gradFn === null;
  }
  get T(): Tensor {
    return this.permute([...Array(this.dim()).keys()].reverse());
  }

  // ---------- autograd ----------
  /** Sets requiresGrad in place (floats only, leaves only). */
  requiresGrad_(on = true): this {
    if (!this.isLeaf && !on) throw new RuntimeError("you can only change requires_grad flags of leaf variables.");
    if (on && !isFloat(this.dtype)) {
      throw new RuntimeError("only Tensors of floating point dtype can require gradients");
    }
    this.requiresGrad = on;
    return this;
  }
  /** Keeps .grad on a non-leaf tensor after backward. */
  retainGrad(): void {
    if (!this.requiresGrad) throw new RuntimeError("can't retain_grad on Tensor that has requires_grad=False");
    if (this.isLeaf) return;
    this.retainsGrad = true;
    this.gradFn!.retained = this;
  }
  /** A tensor sharing storage, cut from the graph. */
  detach(): Tensor {
    return Tensor._wrap(this);
  }
  /** Cuts this tensor from the graph in place. */
  detach_(): this {
    this.gradFn = null;
    this.requiresGrad = false;
    return this;
  }
  /**
   * Backpropagates from this tensor; non-scalars need `gradient`.
   * Gradients accumulate into leaves' `.grad`.
   */
  backward(gradient?: Tensor | null, opts: { retainGraph?: boolean; createGraph?: boolean } = {}): void {
    if (!this.requiresGrad) {
      throw new RuntimeError("element 0 of tensors does not require grad and does not have a grad_fn");
    }
    if (!gradient && this.numel() !== 1) {
      throw new RuntimeError("grad can be implicitly created only for scalar outputs");
    }
    const g = gradient ?? onesLike(this);
    runBackward<Tensor>([this], [g], GRAD_OPS, {
      retainGraph: opts.retainGraph ?? opts.createGraph ?? false,
      createGraph: opts.createGraph ?? false,
    });
  }

  // ---------- conversion ----------
  /** Converts to a dtype (`to("float64")`, `to(torch.long)`). */
  to(dtype: DType | string): Tensor {
    const dt = toDType(dtype, "to");
    if (dt === this.dtype) return this;
    const src = this.dtype;
    return unaryRec("ToCopyBackward0", this, () => castTo(this, dt), (g) => [g.to(src)]);
  }
  float(): Tensor {
    return this.to("float32");
  }
  double(): Tensor {
    return this.to("float64");
  }
  long(): Tensor {
    return this.to("int64");
  }
  int(): Tensor {
    return this.to("int32");
  }
  bool(): Tensor {
    return this.to("bool");
  }
  /** Nested JS arrays of the values. */
  tolist(): unknown {
    return toNested(this);
  }
  /** The single value of a one-element tensor. */
  item(): number | boolean | bigint {
    if (this.numel() !== 1) {
      throw new RuntimeError(`a Tensor with ${this.numel()} elements cannot be converted to Scalar`);
    }
    return fromElement(this.storage, this.layout.offset);
  }

  // ---------- shape ----------
  /** `t.view(2, -1)`: a view sharing memory; PyTorch's error (use reshape) when the strides don't allow it. */
  view(...shape: (number | readonly number[])[]): Tensor {
    const v = this.layout.reshape("view", flat(shape));
    if (!v) {
      throw new RuntimeError(
        "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
      );
    }
    const inShape = this.shape;
    return unaryRec("ViewBackward0", this, () => ({ storage: this.storage, layout: v }), (g) => [g.reshape(inShape)]);
  }
  /** A view shaped like `other`. */
  viewAs(other: Tensor): Tensor {
    return this.view(other.shape);
  }
  /** Like view, copying when the strides don't allow a view. */
  reshape(...shape: (number | readonly number[])[]): Tensor {
    const req = flat(shape);
    const v = this.layout.reshape("reshape", req);
    if (v) return this.view(req);
    const inShape = this.shape;
    return unaryRec("UnsafeViewBackward0", this, () => {
      const c = contiguous(this, true);
      return { storage: c.storage, layout: c.layout.reshape("reshape", req)! };
    }, (g) => [g.reshape(inShape)]);
  }
  /** Resizes in place (new elements uninitialized: zero here). */
  resize_(...shape: (number | readonly number[])[]): this {
    const req = flat(shape);
    const c = contiguous(this);
    const s = Storage.host(this.dtype, sizeOf(req));
    const n = Math.min(sizeOf(req), this.numel()) * DTYPES[this.dtype].itemsize;
    s.bytes.set(c.storage.bytes.subarray(0, n));
    this.storage = s;
    this.layout = new View(req);
    return this;
  }
  unsqueeze(dim: number): Tensor {
    const d = normalizeAxis("unsqueeze", dim, this.dim() + 1);
    return unaryRec(
      "UnsqueezeBackward0",
      this,
      () => ({ storage: this.storage, layout: this.layout.unsqueeze(d) }),
      (g) => [
        g.squeeze(d),
      ],
    );
  }
  squeeze(dim?: number | readonly number[]): Tensor {
    const inShape = this.shape;
    const dims = dim === undefined
      ? undefined
      : (typeof dim === "number" ? [dim] : dim).filter((d) =>
        this.layout.shape[normalizeAxis("squeeze", d, this.dim())] === 1
      );
    const name = dim === undefined ? "SqueezeBackward0" : "SqueezeBackward1";
    return unaryRec(
      name,
      this,
      () => ({ storage: this.storage, layout: this.layout.squeeze("squeeze", dims) }),
      (g) => [
        g.reshape(inShape),
      ],
    );
  }
  flatten(startDim = 0, endDim = -1): Tensor {
    if (this.dim() === 0) return this.reshape(1);
    const s = normalizeAxis("flatten", startDim, this.dim()), e = normalizeAxis("flatten", endDim, this.dim());
    const shape = this.shape;
    return this.reshape([...shape.slice(0, s), sizeOf(shape.slice(s, e + 1)), ...shape.slice(e + 1)]);
  }
  unflatten(dim: number, sizes: readonly number[]): Tensor {
    const d = normalizeAxis("unflatten", dim, this.dim());
    const shape = this.shape;
    return this.reshape([...shape.slice(0, d), ...sizes, ...shape.slice(d + 1)]);
  }
  /** Transpose of a matrix (<= 2-d). */
  t(): Tensor {
    if (this.dim() > 2) throw new RuntimeError(`t() expects a tensor with <= 2 dimensions, but self is ${this.dim()}D`);
    return this.dim() < 2 ? this : this.transpose(0, 1);
  }
  transpose(d0: number, d1: number): Tensor {
    return unaryRec(
      "TransposeBackward0",
      this,
      () => ({ storage: this.storage, layout: this.layout.swap("transpose", d0, d1) }),
      (
        g,
      ) => [g.transpose(d0, d1)],
    );
  }
  permute(...dims: (number | readonly number[])[]): Tensor {
    const p = flat(dims).map((d) => normalizeAxis("permute", d, this.dim()));
    const inv = new Array<number>(p.length);
    p.forEach((d, i) => (inv[d] = i));
    return unaryRec(
      "PermuteBackward0",
      this,
      () => ({ storage: this.storage, layout: this.layout.permute("permute", p) }),
      (
        g,
      ) => [g.permute(inv)],
    );
  }
  /** Broadcast view (-1 keeps a size). */
  expand(...sizes: (number | readonly number[])[]): Tensor {
    const req = flat(sizes);
    const off = req.length - this.dim();
    const shape = req.map((s, i) => (s === -1 ? this.layout.shape[i - off] : s));
    return unaryRec(
      "ExpandBackward0",
      this,
      () => ({ storage: this.storage, layout: this.layout.expand("expand", shape) }),
      (
        g,
      ) => [g],
    );
  }
  expandAs(other: Tensor): Tensor {
    return this.expand(other.shape);
  }
  /** Tiles the tensor (a copy). */
  repeat(...reps: (number | readonly number[])[]): Tensor {
    const r = flat(reps);
    if (r.length < this.dim()) {
      throw new RuntimeError(
        "Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor",
      );
    }
    const src = this.reshape([...Array(r.length - this.dim()).fill(1), ...this.shape]);
    // (s0, s1) repeated (r0, r1): expand to (r0, s0, r1, s1), then merge
    const inter: number[] = [];
    src.shape.forEach((s, i) => inter.push(r[i], s));
    const unsq = src.reshape(src.shape.flatMap((s) => [1, s]));
    return unsq.expand(inter).contiguous().reshape(src.shape.map((s, i) => s * r[i]));
  }
  contiguous(): Tensor {
    if (this.layout.isContiguous) return this;
    return this.clone();
  }
  isContiguous(): boolean {
    return this.layout.isContiguous;
  }
  clone(): Tensor {
    return unaryRec("CloneBackward0", this, () => contiguous(this, true), (g) => [g]);
  }
  narrow(dim: number, start: number, length: number): Tensor {
    const d = normalizeAxis("narrow", dim, this.dim());
    const parts: TIndex[] = Array(d).fill(new Slice());
    return this.get([...parts, new Slice(start, start + length)]);
  }
  /** Splits into chunks of `size` (or the given sizes) along dim: views. */
  split(size: number | readonly number[], dim = 0): Tensor[] {
    const d = normalizeAxis("split", dim, this.dim());
    const n = this.layout.shape[d];
    const sizes = typeof size === "number"
      ? Array.from({ length: Math.max(1, Math.ceil(n / size)) }, (_, i) => Math.min(size, n - i * size))
      : [...size];
    if (sizes.reduce((p, q) => p + q, 0) !== n) {
      throw new RuntimeError(
        `split_with_sizes expects split_sizes to sum exactly to ${n} (input tensor's size at dimension ${d}), but got split_sizes=${
          fmtShape(sizes)
        }`,
      );
    }
    let at = 0;
    return sizes.map((s) => {
      const t = this.narrow(d, at, s);
      at += s;
      return t;
    });
  }
  chunk(chunks: number, dim = 0): Tensor[] {
    const n = this.layout.shape[normalizeAxis("chunk", dim, this.dim())];
    return this.split(Math.ceil(n / chunks) || 1, dim);
  }

  // ---------- indexing ----------
  /** `t[index]` with np's index syntax: views for basic indexing. */
  get(index: string | number | readonly TIndex[]): Tensor {
    const parts = toIndexParts(index);
    if (parts.some((p) => p instanceof Slice && p.step !== null && p.step < 0)) {
      throw new RangeError("step must be greater than zero"); // PyTorch has no negative slicing steps: use flip
    }
    const inShape = this.shape, dt = this.dtype;
    const basic = !parts.some((p) => isOperand(p));
    const name = basic
      ? (parts.length === 1 && typeof parts[0] === "number" ? "SelectBackward0" : "SliceBackward0")
      : "IndexBackward0";
    return unaryRec(name, this, () => getIndex(this, parts), (g) => {
      const z = zeros(inShape, { dtype: dt });
      return [z.indexPutAccumulate(parts, g)];
    });
  }
  /** `t[index] = value`, in place. */
  set(index: string | number | readonly TIndex[], value: TensorLike): this {
    const v = isScalar(value) ? value : asTensor(value);
    checkInplace(this);
    setIndex(this, toIndexParts(index), v as Operand | Scalar);
    this.storage.version++;
    return this;
  }
  /** Gradient helper: a differentiable `zeros.index_put(parts, g, accumulate=True)`. */
  indexPutAccumulate(parts: IndexPart[], g: Tensor): Tensor {
    return record(
      "IndexPutBackward0",
      [this, g],
      () => {
        const out = contiguous(this, true);
        addIndex(out, parts, g);
        return out;
      },
      Tensor._wrap,
      (gg) => [gg, gg.get(parts as TIndex[])],
    );
  }

  // ---------- printing ----------
  toString(): string {
    const extra = this.gradFn ? [`grad_fn=<${this.gradFn.name}>`] : this.requiresGrad ? ["requires_grad=True"] : [];
    return tensorRepr(
      { shape: this.layout.shape, dtype: this.dtype, at: elementReader(this) },
      extra,
      defaultDtype,
    );
  }
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
}

/** PyTorch forbids in-place writes to leaves that require grad while recording. */
export function checkInplace(t: Tensor): void {
  if (isGradEnabled() && t.requiresGrad && t.isLeaf) {
    throw new RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.");
  }
}

/** Records a single-input op. */
function unaryRec(
  name: string,
  x: Tensor,
  forward: () => Operand,
  vjp: Vjp<Tensor> | null,
  saveOut = false,
): Tensor {
  return record(name, [x], forward, Tensor._wrap, vjp, [], saveOut);
}

function flat(parts: readonly (number | readonly number[])[]): number[] {
  return parts.length === 1 && typeof parts[0] !== "number" ? [...parts[0]] : (parts as number[]);
}

/** A tensor from a tensor-like (scalars become 0-d tensors of their torch dtype). */
export function asTensor(x: TensorLike, dtype?: DType): Tensor {
  if (x instanceof Tensor) return dtype && dtype !== x.dtype ? x.to(dtype) : x;
  if (isOperand(x)) return Tensor._wrap(dtype ? castTo(x, dtype) : x);
  if (isScalar(x)) {
    const k = scalarKind(x);
    return Tensor._wrap(scalarOperand(x, dtype ?? (k === "float" ? defaultDtype : k === "int" ? "int64" : "bool")));
  }
  return Tensor._wrap(torchOperand(x, dtype));
}

/** torch.tensor's dtype inference: bools, int64 for integers, the default float for any float. */
export function torchOperand(data: ArrayData, dtype?: DType | string): Operand {
  if (dtype !== undefined) return toOperand("tensor", data, dtype);
  const o = toOperand("tensor", data);
  return o.storage.dtype === "float64" && !ArrayBuffer.isView(data) ? castTo(o, defaultDtype) : o;
}

/** PyTorch's promotion of an op's tensor and JS-scalar operands. */
export function promote(...xs: (Tensor | Scalar)[]): DType {
  const [a, b] = xs;
  if (xs.length === 2 && a instanceof Tensor && b instanceof Tensor && a.storage.dtype === b.storage.dtype) {
    return a.storage.dtype; // the common case, no allocation
  }
  const kinds = xs.map((x) =>
    x instanceof Tensor ? { dtype: x.dtype, zeroDim: x.dim() === 0 } : { scalar: scalarKind(x) as ScalarKind }
  );
  return torchResultType(kinds, defaultDtype);
}

/** A zero tensor. */
export function zeros(shape: readonly number[], opts: { dtype?: DType | string } = {}): Tensor {
  return Tensor._wrap(zerosOp(shape, opts.dtype ? toDType(opts.dtype) : defaultDtype));
}
/** Ones shaped like `t`. */
export function onesLike(t: Tensor): Tensor {
  const o = empty(t.layout.shape, t.dtype);
  copyInto(scalarOperand(1, t.dtype), o);
  return Tensor._wrap(o);
}
