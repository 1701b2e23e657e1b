/**
 * `torch.Tensor`: a (Storage, View) pair like `np.ndarray`, plus autograd
 * state. Its methods (and the torch functions) are generated from the op
 * declarations (src/torch/decls.ts) and run through the autograd runner
 * (src/torch/runner.ts); what is written here is the autograd interface
 * itself (requiresGrad, grad, backward, hooks) and the properties.
 */
import { ArrayBase, wrapFresh } from "../api/array_base.ts";
import type { OpDecl } from "../api/define.ts";
import { Binder, type Converters, type Forms, opt, req } from "../api/signature.ts";
import { type FrontEnd, generate, installMethods, type Methods } from "../api/surface.ts";
import { accumulatorOf, type GradHook, type GradOps, keyOf, Node, runBackward } from "../autograd/graph.ts";
import { isGradEnabled, isInferenceModeEnabled, isInferenceStorage, withGradMode } from "../autograd/grad_mode.ts";
import { torchResized } from "../api/ops/shape.ts";
import { CPP_TYPE_NAME, type DType, DTYPES, isFloat, TORCH_TYPE_NAME } from "../core/dtype.ts";
import { fmtShape, RuntimeError } from "../core/errors.ts";
import { adopt } from "../core/lifetime.ts";
import { nextSerial, type Operand, type Storage } from "../core/storage.ts";
import { sameShape, View } from "../core/view.ts";
import { isDenseBlock } from "../core/memory_format.ts";
import { contiguousStrides } from "../core/shape.ts";
import { copyWithStrides, elementReader, zeros } from "../ops/operand.ts";
import { TORCH_CTX, torchDType } from "./default_dtype.ts";
import { TORCH_DECLS } from "./decls.ts";
import { tensorRepr } from "./format.ts";
import { checkInplaceWrite, GRAD_OPS_REF, runFast, runTorch, setTensorHooks, viewHistory } from "./runner.ts";

/** What the engine and the optimizers do with `.grad` without handing it to user code (see `peekGrad`). */
const ENGINE_GRAD = {} as {
  peek(t: Tensor): Tensor | null;
  take(t: Tensor, g: Tensor): void;
  release(t: Tensor): void;
};

/** The tensor class. */
export class Tensor extends ArrayBase {
  #requiresGrad = false;
  #grad: Tensor | null = null;
  /**
   * Whether code outside the engine may hold `#grad`: set when `.grad` is
   * read or assigned, cleared when backward stores a gradient it made, so
   * that `releaseGrad` knows when the old gradient's memory can be reused
   * (PyTorch frees it by reference counting).
   */
  #gradShared = true;
  static {
    ENGINE_GRAD.peek = (t) => t.#grad;
    ENGINE_GRAD.take = (t, g) => {
      adopt(g, t);
      t.#grad = g;
      t.#gradShared = false;
    };
    ENGINE_GRAD.release = (t) => {
      const g = t.#grad;
      t.#grad = null;
      if (g !== null && !t.#gradShared) g.dispose();
    };
  }
  #gradFn: Node | null = null;
  /** Which output of gradFn this tensor is. */
  outputNr = 0;
  /** Whether retainGrad() was called on this non-leaf. */
  retainsGrad = false;
  /** The tensor whose memory this view shares (null when not a view). */
  _base: Tensor | null = null;
  /** Whether this view was created with grad mode off. */
  _viewNoGrad = false;
  /** Whether this view is one of several a function returned (split, chunk, unbind). */
  _viewMulti = false;
  /** The storage version this view's history was made at (a later in-place change regenerates it). */
  _viewVersion = 0;

  /**
   * The node that produced this tensor (null for leaves). A view whose
   * memory changed in place since its history was made reads its base's
   * current history (PyTorch regenerates a view's grad_fn the same way).
   */
  get gradFn(): Node | null {
    if (this._base !== null && this._viewVersion !== this.storage.version) {
      this._viewVersion = this.storage.version;
      if (this.#gradFn !== null || this._base.requiresGrad) {
        this.#gradFn = viewHistory(this);
        this.outputNr = 0;
        this.#requiresGrad = true;
      }
    }
    return this.#gradFn;
  }
  set gradFn(node: Node | null) {
    // backward walks this node's edges: a junk value would break it far from the assignment
    if (node !== null && !(node instanceof Node)) {
      throw new TypeError(`gradFn must be an autograd node or null, not ${typeof node}`);
    }
    this.#gradFn = node;
  }

  /** Wraps a storage and a view of it (no copy; checked). Use `torch.tensor` to make tensors from data. */
  constructor(storage: Storage, layout: View) {
    super(storage, layout);
  }

  /** Wraps an operand (the tensor itself when it already is one); `fresh`: an op's new result (see `wrapFresh`). */
  static _wrap(o: Operand, fresh = false): Tensor {
    return o instanceof Tensor ? o : fresh ? wrapFresh(Tensor, o) : new Tensor(o.storage, o.layout);
  }

  /** What messages call this class. */
  protected get kind(): string {
    return "tensor";
  }

  // ---------- properties ----------
  /** Dimensions (PyTorch's torch.Size, as an array). */
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
  /** The device key ("cpu", "cuda:0"). */
  get device(): string {
    return this.storage.device;
  }
  /** Whether the tensor lives on a GPU. */
  get isCuda(): boolean {
    return this.storage.device.startsWith("cuda");
  }
  /** The reversed-dims transpose. */
  get T(): Tensor {
    return (this as Tensor).permute([...Array(this.ndim).keys()].reverse());
  }
  /** The transpose of the last two dims (a 0-d tensor is its own, as PyTorch's deprecated case). */
  get mT(): Tensor {
    return matrixTranspose(this as Tensor, "mT");
  }
  /** The conjugate transpose of the last two dims: mT for real dtypes. */
  get mH(): Tensor {
    return matrixTranspose(this as Tensor, "mH");
  }
  /** The conjugate transpose of a matrix: T for real dtypes (2-D, or 0-d as PyTorch's deprecated case). */
  get H(): Tensor {
    const n = this.ndim;
    if (n !== 0 && n !== 2) {
      throw new RuntimeError(
        `tensor.H is only supported on matrices (2-D tensors). Got ${n}-D tensor.${
          n > 2 ? " For batches of matrices, consider using tensor.mH" : ""
        }`,
      );
    }
    return (this as Tensor).T;
  }
  /** Bytes per element (PyTorch's itemsize). */
  get itemsize(): number {
    return DTYPES[this.dtype].itemsize;
  }
  /** Bytes the elements take (PyTorch's nbytes: numel * itemsize). */
  get nbytes(): number {
    return this.layout.size * DTYPES[this.dtype].itemsize;
  }
  /** The tensor's values without history (shares memory); assigning replaces them. */
  get data(): Tensor {
    return this.detach();
  }
  set data(v: Tensor) {
    if (!(v instanceof Tensor)) throw new TypeError("data must be a Tensor");
    this._rebind(v.storage, v.layout);
  }

  /** PyTorch's type string ("torch.FloatTensor"), or a copy with another dtype. */
  type(...args: TypeArgs): string | Tensor {
    const dtype = TYPE.bind(args, CONV).dtype;
    if (dtype === null) return `torch.${TORCH_TYPE_NAME[this.dtype]}Tensor`;
    const dt = torchDType(dtype) ??
      torchDType(String(dtype).replace(/^torch\./, "").replace(/Tensor$/, "").toLowerCase());
    if (!dt) throw new TypeError(`type(): invalid type ${String(dtype)}`);
    return (this as Tensor).to(dt);
  }

  /**
   * PyTorch's in-place view ops: this tensor takes the geometry of the view
   * the out-of-place op returns (same memory). Its history becomes that
   * op's (a view keeps being regenerated from its base), and a leaf that
   * requires grad is PyTorch's in-place error.
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { torch } from "../../mod.ts";
   * const x = torch.zeros(2, 3);
   * x.unsqueeze_(0).transpose_(1, 2);
   * assert.deepEqual(x.shape, [1, 3, 2]);
   * ```
   */
  unsqueeze_(...args: Parameters<Tensor["unsqueeze"]>): this {
    return this.#becomeView((t) => t.unsqueeze(...args));
  }
  /** In place: `squeeze` (see unsqueeze_). */
  squeeze_(...args: Parameters<Tensor["squeeze"]>): this {
    return this.#becomeView((t) => t.squeeze(...args));
  }
  /** In place: `transpose` (see unsqueeze_). */
  transpose_(...args: Parameters<Tensor["transpose"]>): this {
    return this.#becomeView((t) => t.transpose(...args));
  }
  /** In place: `swapaxes` (see unsqueeze_). */
  swapaxes_(...args: Parameters<Tensor["swapaxes"]>): this {
    return this.#becomeView((t) => t.swapaxes(...args));
  }
  /** In place: `swapdims` (see unsqueeze_). */
  swapdims_(...args: Parameters<Tensor["swapdims"]>): this {
    return this.#becomeView((t) => t.swapdims(...args));
  }
  /** In place: `t` (see unsqueeze_). */
  t_(...args: Parameters<Tensor["t"]>): this {
    return this.#becomeView((t) => t.t(...args));
  }
  /** In place: `asStrided` (see unsqueeze_). */
  asStrided_(...args: Parameters<Tensor["asStrided"]>): this {
    return this.#becomeView((t) => t.asStrided(...args));
  }

  /** A tensor over the same memory with this tensor's history and no node of its own. */
  #historyAlias(): Tensor {
    const t = new Tensor(this.storage, this.layout);
    t.#gradFn = this.#gradFn;
    t.outputNr = this.outputNr;
    t.#requiresGrad = true;
    return t;
  }

  #becomeView(make: (t: Tensor) => Tensor): this {
    checkInplaceWrite(this);
    // with history, the op runs on an alias carrying that history (no node of its own): the op's backward may read
    // its input's shape, which this call changes
    const aliased = this._base === null && this.#gradFn !== null && isGradEnabled();
    const r = make(aliased ? this.#historyAlias() : this);
    this._rebind(r.storage, r.layout);
    if (this._base !== null) this._viewVersion = -1; // its history is made again from the base, with the new geometry
    else if (r.gradFn !== null) {
      this.#gradFn = r.gradFn;
      this.outputNr = r.outputNr;
    }
    return this;
  }

  /**
   * Resizes in place to `sizes`, as PyTorch: same memory while it is big
   * enough (C-order strides from the same offset), else a grown copy whose new
   * elements are zero (uninitialized in PyTorch). Growing moves only this
   * tensor: views made before keep the old memory (PyTorch grows the storage
   * they share).
   */
  resize_(...sizes: ResizeArgs): this {
    const a = RESIZE.bind(sizes, CONV);
    if (this.requiresGrad && isGradEnabled()) {
      throw new RuntimeError("cannot resize variables that require grad");
    }
    const size: readonly number[] = typeof a.size === "number" ? [a.size] : a.size;
    // (PyTorch's check of the element count is what reports a negative size)
    if (size.some((d) => d < 0)) throw new RuntimeError("numel: integer multiplication overflow");
    const before = this.layout;
    this._rebind(...torchResized(this, size));
    if (this.layout !== before) this.storage.version++; // (PyTorch bumps the version unless the size is unchanged)
    return this;
  }

  /**
   * PyTorch's set_: this tensor takes `source`'s memory (shared, as a view
   * of it), or, given storageOffset and size (and strides, C order by
   * default), that view of source's memory, the offset counted from
   * source's own; with no source, an empty tensor. A view reaching past the
   * memory's end gets a grown copy (zeros after the old elements), as
   * resize_: only this tensor sees it (PyTorch grows the storage itself).
   *
   * @example
   * ```ts
   * import assert from "node:assert/strict";
   * import { torch } from "../../mod.ts";
   * const x = torch.arange(12), y = torch.tensor([0]);
   * y.set_(x, 2, [2, 3]);
   * x.add_(1);
   * assert.deepEqual(y.tolist(), [[3, 4, 5], [6, 7, 8]]);
   * ```
   */
  set_(...args: SetArgs): this {
    const a = SET.bind(args, CONV);
    const src: Tensor | null = a.source;
    if (src === null && (a.storageOffset !== null || a.size !== null || a.stride !== null)) {
      throw new TypeError("set_(): storageOffset, size and stride need a source");
    }
    if (src !== null && a.storageOffset !== null && a.size === null) {
      throw new TypeError("set_(): a source with a storageOffset needs a size");
    }
    checkInplaceWrite(this);
    if (src === null) {
      this._rebind(emptyLike(this.storage), new View([0]));
    } else {
      if (src.dtype !== this.dtype) {
        throw new RuntimeError(
          `Could not set tensor of type ${CPP_TYPE_NAME[src.dtype]} to a tensor of type ${CPP_TYPE_NAME[this.dtype]}`,
        );
      }
      if (src.device !== this.device) {
        throw new RuntimeError(
          `Expected all tensors to be on the same device, but found ${src.device} and ${this.device}`,
        );
      }
      if (a.size === null) this._rebind(src.storage, src.layout);
      else this._rebind(...setView(src, a.storageOffset ?? 0, a.size, a.stride));
    }
    // it no longer views its old base's memory; (no version bump: the counter is the storage's here, and PyTorch
    // bumps only this tensor's, not source's)
    this._base = null;
    return this;
  }

  // ---------- autograd ----------
  /** Whether gradients are recorded for this tensor. */
  get requiresGrad(): boolean {
    // a view requires grad when its base does (PyTorch's differentiable views)
    return this.#requiresGrad || (this._base !== null && this._base.requiresGrad);
  }
  set requiresGrad(on: boolean) {
    if (typeof on !== "boolean") throw new TypeError(`requiresGrad must be a boolean, not ${typeof on}`);
    if (!on && !this.isLeaf) {
      throw new RuntimeError(
        "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().",
      );
    }
    if (on && !isFloat(this.dtype)) {
      throw new RuntimeError("only Tensors of floating point dtype can require gradients");
    }
    if (on && this.isInference() && !isInferenceModeEnabled()) {
      throw new RuntimeError("Setting requires_grad=True on inference tensor outside InferenceMode is not allowed.");
    }
    this.#requiresGrad = on;
  }
  /** Whether this is an inference tensor (made by an op in torch.inferenceMode, or a view of one). */
  isInference(...args: []): boolean {
    if (args.length) throw new TypeError(`isInference() takes no arguments (${args.length} given)`);
    return isInferenceStorage(this.storage);
  }
  /** The gradient accumulated by backward (same shape and dtype as the tensor). */
  get grad(): Tensor | null {
    this.#gradShared = true;
    return this.#grad;
  }
  set grad(g: Tensor | null) {
    if (g !== null) {
      if (!(g instanceof Tensor)) throw new TypeError("assigned grad expected to be a Tensor or None");
      if (!sameShape(g.layout.shape, this.layout.shape)) {
        throw new RuntimeError(
          `attempting to assign a gradient of size '[${g.shape.join(", ")}]' to a tensor of size '[${
            this.shape.join(", ")
          }]'. Please ensure that the gradient and the tensor are the same size`,
        );
      }
      if (g.dtype !== this.dtype) {
        throw new RuntimeError(
          `attempting to assign a gradient with dtype '${CPP_TYPE_NAME[g.dtype]}' to a tensor with grad_dtype '${
            TORCH_TYPE_NAME[this.dtype]
          }'. The gradient must match the tensor's grad_dtype (defaults to the tensor's dtype). You can set the tensor's grad_dtype attribute with a specific dtype, or None to allow any dtype. Set grad_dtype with caution. Diverging the dtypes of a tensor and its gradient may break downstream systems that assume they match.`,
        );
      }
      adopt(g, this);
    }
    // an old gradient backward made and no one read is unreachable once replaced: its memory goes back to the
    // pool now, as PyTorch's reference counting frees it (`p.grad = null` in a loop then reuses it hot)
    if (g !== this.#grad) ENGINE_GRAD.release(this);
    this.#grad = g;
    this.#gradShared = true;
  }
  /** Whether this tensor is a leaf of the graph (made by the user, not by a recorded op). */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }
  /** Sets requiresGrad in place (floats only; leaves only when turning it off). */
  requiresGrad_(...args: RequiresGradArgs): this {
    const a = REQUIRES_GRAD.bind(args, CONV);
    this.requiresGrad = a.requiresGrad;
    return this;
  }
  /** Keeps .grad on a non-leaf tensor after backward. */
  retainGrad(...args: []): void {
    if (args.length) RETAIN_GRAD.bind(args, CONV);
    if (!this.requiresGrad) throw new RuntimeError("can't retain_grad on Tensor that has requires_grad=False");
    if (this.isLeaf) return;
    this.retainsGrad = true;
    this.gradFn!.retain(this.outputNr, this);
  }
  /** A tensor sharing memory, cut from the graph. */
  detach(...args: []): Tensor {
    if (args.length) DETACH.bind(args, CONV);
    // shares memory (and the version counter) but is no differentiable view: in-place ops on it never rebase this
    return new Tensor(this.storage, this.layout);
  }
  /** Cuts this tensor from the graph in place. */
  detach_(...args: []): this {
    if (args.length) DETACH_.bind(args, CONV);
    if (this._base !== null) {
      throw new RuntimeError(
        "Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel (DDP) for training, and gradient_as_bucket_view is set as True, gradients are views of DDP buckets, and hence detach_() cannot be called on these gradients. To fix this error, please refer to the Optimizer.zero_grad() function in torch/optim/optimizer.py as the solution.",
      );
    }
    this.gradFn = null;
    this.#requiresGrad = false;
    return this;
  }
  /**
   * Registers a hook called with this tensor's gradient during backward; it
   * may return a replacement. Returns a handle whose `remove()` unregisters it.
   */
  registerHook(hook: (grad: Tensor) => Tensor | void | undefined): { remove(): void } {
    if (typeof hook !== "function") throw new TypeError("registerHook(): hook must be a function");
    if (!this.requiresGrad) throw new RuntimeError("cannot register a hook on a tensor that doesn't require gradient");
    const node = this.gradFn ?? accumulatorOf(this);
    return node.addPreHook(this.outputNr, hook as GradHook);
  }
  /**
   * Registers `hook(tensor)` to run after backward accumulated this leaf's
   * `.grad` (PyTorch's register_post_accumulate_grad_hook; not run by
   * torch.autograd.grad, which accumulates nothing).
   */
  registerPostAccumulateGradHook(hook: (tensor: Tensor) => void): { remove(): void } {
    if (typeof hook !== "function") throw new TypeError("registerPostAccumulateGradHook(): hook must be a function");
    if (!this.requiresGrad) throw new RuntimeError("cannot register a hook on a tensor that doesn't require gradient");
    if (!this.isLeaf) throw new RuntimeError("post accumulate grad hooks cannot be registered on non-leaf tensors");
    return accumulatorOf(this).addPostAccumulateHook(hook as (t: unknown) => void);
  }
  /**
   * Backpropagates from this tensor; non-scalars need `gradient`.
   * Gradients accumulate into leaves' `.grad`.
   */
  backward(...args: BackwardArgs): void {
    const a = BACKWARD.bind(args, CONV);
    backward([this], a.gradient === null ? null : [a.gradient], a.retainGraph, a.createGraph, a.inputs);
  }

  // ---------- numpy bridge ----------
  /** An ndarray sharing this tensor's memory (CPU tensors without grad). */
  numpy(...args: NumpyArgs): NDArrayType {
    // force: detach and copy to the host first (PyTorch: t.detach().cpu().numpy(), sharing memory on the CPU)
    if (args.length && NUMPY.bind(args, CONV).force) return NUMPY_BRIDGE.toNumpy(this.detach().cpu());
    if (this.requiresGrad) {
      throw new RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.");
    }
    if (this.device !== "cpu") {
      throw new TypeError(
        `can't convert ${this.device} device type tensor to numpy. Use Tensor.cpu() to copy the tensor to host memory first.`,
      );
    }
    return NUMPY_BRIDGE.toNumpy(this);
  }

  // ---------- printing ----------
  /** PyTorch's repr: `tensor([1., 2.], requires_grad=True)`. */
  override toString(): string {
    const extra = this.gradFn ? [`grad_fn=<${this.gradFn.name}>`] : this.requiresGrad ? ["requires_grad=True"] : [];
    if (this.device !== "cpu") extra.unshift(`device='${this.device}'`);
    return tensorRepr(
      { shape: this.layout.shape, dtype: this.dtype, at: elementReader(this) },
      extra,
      TORCH_CTX.defaultFloat,
    );
  }
  /** Python's f"{a}": NumPy's str, PyTorch's repr (a 0-d tensor's value). */
  protected formatString(): string {
    // PyTorch formats a 0-d tensor as its value in f-strings
    return this.ndim === 0 ? String(this.item()) : this.toString();
  }
  /** Row i along the first axis (what iteration yields). */
  protected itemAt(i: number): Tensor {
    return (this as Tensor).select(0, i);
  }
  /** console.log and Deno.inspect print the repr. */
  [Symbol.for("Deno.customInspect")](): string {
    return this.toString();
  }
}

/** How numpy() makes an ndarray (set by the torch namespace, which may see np; torch's modules may not). */
export const NUMPY_BRIDGE: { toNumpy: (t: Tensor) => NDArrayType } = {
  toNumpy: () => {
    throw new Error("torch's numpy bridge is not connected (import dendrite's mod.ts)");
  },
};
/** np.ndarray's type (a type-only reference: torch never loads np; src/bridge.ts connects them). */
export type NDArrayType = import("../numpy/ndarray.ts").NDArray;

/** Whether `v` is a tensor made by its constructor (a Proxy of one could answer differently after a check). */
export const isTensor = (v: unknown): v is Tensor => Tensor.isGenuine(v) && v instanceof Tensor;

/** mT / mH: the last two dims swapped; a 0-d tensor is its own; a 1-d one PyTorch's error. */
function matrixTranspose(x: Tensor, name: "mT" | "mH"): Tensor {
  if (x.ndim === 1) {
    throw new RuntimeError(`tensor.${name} is only supported on matrices or batches of matrices. Got 1-D tensor.`);
  }
  return x.ndim === 0 ? x.T : x.transpose(-2, -1);
}

const safeInt = (n: number) => (Number.isSafeInteger(n) ? n : undefined);
const STRICT = {
  array: (v: unknown) => (isTensor(v) ? v : undefined),
  isArray: isTensor,
  dtype: torchDType,
  arrayName: "Tensor",
};
/** How torch's binders read tensors and dtypes (also autograd's functions' binders). */
export const CONV: Converters = {
  ...STRICT,
  // an int argument may be a one-element integer tensor, as Python's __index__ of it (x.select(0, torch.tensor(1)))
  loose: {
    ...STRICT,
    index: (v: unknown) =>
      isTensor(v) && v.numel() === 1 && !isFloat(v.dtype) && v.dtype !== "bool" ? safeInt(Number(v.item())) : undefined,
  },
};
/** `Tensor.resize_`'s signature. */
export const RESIZE_SIG = { pos: [req("size", "ints", { varargs: true })], kw: [] } as const;
/** `Tensor.requiresGrad_`'s signature. */
export const REQUIRES_GRAD_SIG = { pos: [opt("requiresGrad", "bool", true)], kw: [] } as const;
/** `Tensor.backward`'s signature. */
export const BACKWARD_SIG = {
  pos: [
    opt("gradient", "array", null),
    opt("retainGraph", "bool", null),
    opt("createGraph", "bool", false),
    opt("inputs", "arrayOrArrays", null),
  ],
  kw: [],
} as const;
/** `Tensor.type`'s signature: a dtype or PyTorch's type string ("torch.FloatTensor"). */
export const TYPE_SIG = { pos: [opt("dtype", "string", null), opt("nonBlocking", "bool", false)], kw: [] } as const;
/** `Tensor.numpy`'s signature. */
export const NUMPY_SIG = { pos: [], kw: [opt("force", "bool", false)] } as const;
const RESIZE = new Binder("resize_", RESIZE_SIG);
/** `Tensor.set_`'s signature. */
export const SET_SIG = {
  pos: [
    opt("source", "array", null),
    opt("storageOffset", "int", null),
    opt("size", "ints", null),
    opt("stride", "ints", null),
  ],
  kw: [],
} as const;
const SET = new Binder("set_", SET_SIG);
/** `Tensor.set_`'s call forms: `set_()`, `set_(source)`, `set_(source, storageOffset, size, stride?)`, options. */
export type SetArgs = Forms<typeof SET_SIG, Tensor, Tensor>;

/** An empty storage of `s`'s dtype and device. */
const emptyLike = (s: Storage): Storage => zeros([0], s.dtype, s.device).storage;

/** set_'s view of src's memory: checked as PyTorch, grown (a copy) when it reaches past the end. */
function setView(src: Tensor, offset: number, size: number | readonly number[], stride: readonly number[] | null) {
  const shape = typeof size === "number" ? [size] : [...size];
  if (offset < 0) throw new RuntimeError(`Tensor: invalid storage offset ${offset}`);
  if (shape.some((d) => d < 0)) throw new RuntimeError("numel: integer multiplication overflow");
  const st = stride === null ? contiguousStrides(shape) : [...stride];
  if (st.length !== shape.length) {
    throw new RuntimeError(`unequal size length (${shape.length}) and stride length (${st.length})`);
  }
  if (st.some((s) => s < 0)) {
    throw new RuntimeError(
      `Storage size calculation overflowed with sizes=[${shape.join(", ")}] and strides=[${st.join(", ")}]`,
    );
  }
  const off = src.layout.offset + offset;
  const reach = shape.some((d) => d === 0) ? 0 : 1 + shape.reduce((r, d, i) => r + (d - 1) * st[i], 0);
  const base = { storage: src.storage, layout: new View([src.storage.length]) };
  const [storage] = off + reach > src.storage.length ? torchResized(base, [off + reach]) : [src.storage];
  return [storage, new View(shape, st, off)] as const;
}
const TYPE = new Binder("type", TYPE_SIG);
const NUMPY = new Binder("numpy", NUMPY_SIG);
// methods without parameters: an argument is an error naming the method (called only when one is given)
const RETAIN_GRAD = new Binder("retainGrad", { pos: [], kw: [] });
const DETACH = new Binder("detach", { pos: [], kw: [] });
const DETACH_ = new Binder("detach_", { pos: [], kw: [] });
/** `Tensor.type`'s call forms: `type()`, `type(torch.float64)`, `type("torch.DoubleTensor")`, `type({ dtype })`. */
export type TypeArgs = Forms<typeof TYPE_SIG, Tensor, Tensor>;
/** `Tensor.numpy`'s call forms: `numpy()`, `numpy({ force: true })`. */
export type NumpyArgs = Forms<typeof NUMPY_SIG, Tensor, Tensor>;
const REQUIRES_GRAD = new Binder("requires_grad_", REQUIRES_GRAD_SIG);
const BACKWARD = new Binder("backward", BACKWARD_SIG);
/** `Tensor.resize_`'s call forms: `resize_(2, 3)`, `resize_([2, 3])`, `resize_({ size: [2, 3] })`. */
export type ResizeArgs = Forms<typeof RESIZE_SIG, Tensor, Tensor>;
/** `Tensor.requiresGrad_`'s call forms: `requiresGrad_()`, `requiresGrad_(false)`, `requiresGrad_({ requiresGrad: false })`. */
export type RequiresGradArgs = Forms<typeof REQUIRES_GRAD_SIG, Tensor, Tensor>;
/**
 * `Tensor.backward`'s call forms: `(gradient?, retainGraph?, createGraph?,
 * inputs?)` by position, then options naming any of them.
 */
export type BackwardArgs = Forms<typeof BACKWARD_SIG, Tensor, Tensor>;

/** The engine's tensor operations. */
const GRAD_OPS: GradOps<Tensor> = {
  add: (a, b) => a.add(b),
  sumTo: (g, shape) => sumTo(g, shape),
  describe: (t) => `torch.${TORCH_TYPE_NAME[t.dtype]}Tensor ${fmtShape(t.shape)}`,
  accumulate(leaf, g, createGraph, madeSince) {
    const v = g.dtype === leaf.dtype ? g : g.to(leaf.dtype);
    const prev = ENGINE_GRAD.peek(leaf);
    if (prev && !createGraph) withGradMode(false, () => prev.add_(v)); // in place: a held reference sees the update
    else if (prev) leaf.grad = prev.add(v);
    // recorded (createGraph): the leaf gets its own copy, as PyTorch's AccumulateGrad clones with grad mode on
    else if (createGraph) leaf.grad = v.clone();
    else {
      const strides = gradStrides(leaf);
      // a dtype conversion is new memory nothing else holds, but it keeps g's strides: taken only in the right layout
      if (v !== g ? madeAlone(v, 0, strides) : madeSince !== null && madeAlone(v, madeSince, strides)) {
        ENGINE_GRAD.take(leaf, v);
      } // a gradient may alias an input, a user's tensor or another leaf's grad: the leaf gets its own copy
      else ENGINE_GRAD.take(leaf, gradCopy(v, strides));
    }
  },
  hasNan: (t) => isFloat(t.dtype) && withGradMode(false, () => t.isnan().any().item() as boolean),
  serial: nextSerial,
  retain(t, g) {
    t.grad = t.grad ? t.grad.add(g) : g.detach();
  },
};
GRAD_OPS_REF.ops = GRAD_OPS;

/**
 * Whether `t` is the only array on memory made at or after serial `since`
 * and spans all of it with the layout a `.grad` needs (`strides`, or C
 * order when null): a gradient backward made that a leaf can keep as its
 * `.grad` without a copy.
 */
function madeAlone(t: Tensor, since: number, strides: readonly number[] | null): boolean {
  const s = t.storage, v = t.layout;
  return s.serial >= since && s.holders === 1 && t._base === null && !t.requiresGrad && v.offset === 0 &&
    v.size === s.length && (strides === null ? v.isContiguous : v.strides.every((x, i) => x === strides[i]));
}

/**
 * The strides of a leaf's new `.grad` (PyTorch's gradient layout
 * contract): the leaf's own when its elements are dense and do not
 * overlap (a transposed or permuted leaf), else null for C order (a
 * contiguous, strided-slice or expanded leaf).
 */
function gradStrides(leaf: Tensor): readonly number[] | null {
  const v = leaf.layout;
  return !v.isContiguous && isDenseBlock(v) ? v.strides : null;
}

/** A copy of `g` laid out with `strides` (dense, offset 0), or a C-order copy when null. */
function gradCopy(g: Tensor, strides: readonly number[] | null): Tensor {
  return Tensor._wrap(copyWithStrides(g, strides ?? contiguousStrides(g.layout.shape)));
}

/**
 * A tensor's `.grad` read without marking it as seen by user code: for
 * library code (optimizers, `zeroGrad`) that uses the gradient during the
 * call and keeps no reference to it, so `releaseGrad` can still reuse its
 * memory.
 */
export function peekGrad(t: Tensor): Tensor | null {
  return ENGINE_GRAD.peek(t);
}

/**
 * Stores `g` as `t.grad` for library code that made `g` and keeps no
 * reference to it (DistributedDataParallel's averaged gradients), so that
 * `releaseGrad` may reuse its memory; same shape and dtype as `t`.
 */
export function adoptGrad(t: Tensor, g: Tensor): void {
  ENGINE_GRAD.take(t, g);
}

/**
 * Sets `t.grad` to null (`zeroGrad({ setToNone: true })`), releasing the
 * old gradient's memory at once when backward made it and nothing outside
 * the engine ever read it: the next backward then reuses that memory hot,
 * as PyTorch's reference counting does.
 */
export function releaseGrad(t: Tensor): void {
  ENGINE_GRAD.release(t);
}

/** Sums a broadcast gradient back to `shape` (the one place broadcasting is undone). */
export function sumTo(g: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(g.layout.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < g.ndim; i++) if (i < lead || (shape[i - lead] === 1 && g.layout.shape[i] !== 1)) dims.push(i);
  const s = dims.length ? g.sum(dims, true) : g;
  return lead > 0 || dims.length ? s.reshape([...shape]) : s;
}

/** Runs backward from several roots (torch.autograd.backward). */
export function backward(
  tensors: Tensor[],
  gradients: (Tensor | null)[] | null,
  retainGraph: boolean | null,
  createGraph: boolean,
  inputs: Tensor | Tensor[] | null,
): void {
  const grads = tensors.map((t, i) => rootGrad(t, gradients?.[i] ?? null, i));
  if (inputs !== null) {
    const ins = Array.isArray(inputs) ? inputs : [inputs];
    if (ins.length === 0) throw new RuntimeError("`inputs` argument to `backward()` cannot be empty.");
    const got = gradFor(tensors, grads, ins, retainGraph ?? createGraph, createGraph, true);
    ins.forEach((x, i) => {
      if (got[i]) GRAD_OPS.accumulate(x, got[i]!, createGraph, null);
    });
    return;
  }
  runBackward<Tensor>(tensors, grads, GRAD_OPS, { retainGraph: retainGraph ?? createGraph, createGraph });
}

/** The gradient a backward starts from: given (shape-checked), or ones for a scalar. */
export function rootGrad(t: Tensor, g: Tensor | null, i: number): Tensor {
  if (!t.requiresGrad) {
    throw new RuntimeError(`element ${i} of tensors does not require grad and does not have a grad_fn`);
  }
  if (g === null) {
    if (t.numel() !== 1) throw new RuntimeError("grad can be implicitly created only for scalar outputs");
    return t.newOnes(t.shape);
  }
  if (!sameShape(g.layout.shape, t.layout.shape)) {
    throw new RuntimeError(
      `Mismatch in shape: grad_output[${i}] has a shape of torch.Size([${
        g.shape.join(", ")
      }]) and output[${i}] has a shape of torch.Size([${t.shape.join(", ")}]).`,
    );
  }
  // PyTorch's engine casts a gradient to the dtype of the tensor it is for (validate_outputs)
  return g.dtype === t.dtype ? g : g.to(t.dtype);
}

/** Gradients of `outputs` w.r.t. `inputs` (torch.autograd.grad's engine call). */
export function gradFor(
  outputs: Tensor[],
  grads: Tensor[],
  inputs: Tensor[],
  retainGraph: boolean,
  createGraph: boolean,
  allowUnused: boolean,
): (Tensor | null)[] {
  const edges = inputs.map((x) => {
    if (!x.requiresGrad) throw new RuntimeError("One of the differentiated Tensors does not require grad");
    return x.gradFn ? { node: x.gradFn, nr: x.outputNr } : { node: accumulatorOf(x), nr: 0 };
  });
  const captured = runBackward<Tensor>(outputs, grads, GRAD_OPS, { retainGraph, createGraph, capture: edges });
  return edges.map((e, i) => {
    const g = captured.get(keyOf(e.node, e.nr)) ?? null;
    if (!g && !allowUnused) {
      throw new RuntimeError(
        `The differentiated Tensor at index ${i} appears to not have been used in the graph. Set allowUnused: true if this is the desired behavior.`,
      );
    }
    return g;
  });
}

// ---------- the generated surface ----------
const FE: FrontEnd<Tensor> = {
  ctx: TORCH_CTX,
  ...CONV,
  wrap: (v) => Tensor._wrap(v as Operand),
  run: (c, args, self, inplace) => {
    const r = runTorch(c, args, self, inplace);
    if (args.requiresGrad === true && r instanceof Tensor) r.requiresGrad_(true);
    return r;
  },
  fast: (c, x, y) =>
    y === undefined || (typeof y === "number" ? isFloat(x.storage.dtype) : y.storage.dtype === x.storage.dtype)
      ? runFast(c, x, y)
      : undefined,
};

const GENERATED = generate(TORCH_DECLS, "torch", FE);
installMethods(Tensor.prototype, GENERATED.methods);

/** The generated torch functions (the torch namespace puts the public ones in place). */
export const TORCH_FUNCTIONS: Record<string, (...args: unknown[]) => unknown> = GENERATED.functions;
/** Every op declared for torch, by name (the registry test walks it). */
export const TORCH_OPS: ReadonlyMap<string, OpDecl> = GENERATED.ops;

/** torch functions generated from other declaration records (torch.linalg). */
export function torchFunctions(decls: Record<string, OpDecl>): Record<string, (...args: unknown[]) => unknown> {
  return generate(decls, "torch", FE).functions;
}

/** Tensor's generated methods (and their call forms), from the declarations. */
export type TorchMethods = Methods<typeof TORCH_DECLS, "torch", Tensor, Tensor>;
/** Tensor's generated methods. */
export interface Tensor extends TorchMethods {}

setTensorHooks({
  wrap: (v, fresh) => Tensor._wrap(v as Operand, fresh),
  isTensor: (v): v is Tensor => v instanceof Tensor,
  viewGather: (g, base, view, length) => TORCH_FUNCTIONS._viewGather(g, base, view, length) as Tensor,
  viewScatter: (g, base, view, length) => TORCH_FUNCTIONS._viewScatter(g, base, view, length) as Tensor,
});
