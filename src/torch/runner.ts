/**
 * Runs one torch op call and records autograd: the one place where ops
 * meet the graph. For a call whose differentiable inputs require grad (and
 * with grad mode on) it saves what the op's derivative reads, runs the
 * kernel unrecorded, and attaches a node to the outputs. In-place calls
 * write into the receiver's memory in one pass (the op's `out`), bump its
 * version and rebase its history; an in-place op on a view rebases the
 * view's base as PyTorch's CopySlices does, and the other views of that
 * base read its new history when next used (PyTorch regenerates a view's
 * grad_fn when the version it was made at is stale). Results that alias
 * an input (views) remember their base.
 */
import { type Edge, edgeOf, Node } from "../autograd/graph.ts";
import {
  isInferenceModeEnabled,
  isInferenceStorage,
  isRecording,
  markInference,
  setGradEnabled,
} from "../autograd/grad_mode.ts";
import type { Args } from "../api/define.ts";
import type { Compiled } from "../api/surface.ts";
import { torchCastOut, torchExactOut } from "../api/ops/common.ts";
import { CPP_TYPE_NAME, type DType, isFloat, TORCH_TYPE_NAME } from "../core/dtype.ts";
import { fmtShape, OutShapeError, RuntimeError } from "../core/errors.ts";
import { broadcastShapes, broadcastsTo } from "../core/shape.ts";
import { nextSerial, type Operand } from "../core/storage.ts";
import { copyInto } from "../ops/operand.ts";
import { checkNoOverlap } from "../ops/mem_overlap.ts";
import { BINARY, UNARY, WHERE } from "../api/ops/elementwise.ts";
import { sameShape, type View } from "../core/view.ts";
import { TORCH_CTX } from "./default_dtype.ts";
import { type Derivative, DERIVATIVES, NONDIFF, zeroGradient } from "./derivatives.ts";
import type { TorchFns, TorchLinalgFns } from "./functions.ts";
import type { Tensor } from "./tensor.ts";
import { snakeCase } from "../core/names.ts";

/** What the runner needs from the Tensor module (given at startup: no import cycle). */
export interface TensorHooks {
  /** The tensor for an op's result (`fresh`: memory the op made, see `wrapFresh`). */
  wrap(v: unknown, fresh?: boolean): Tensor;
  isTensor(v: unknown): v is Tensor;
  /** A gradient for the part of a base that a view covers (differentiable). */
  viewGather(g: Tensor, base: View, view: View, length: number): Tensor;
  /** A base-shaped gradient that is `g` on the view's elements, zero elsewhere (differentiable). */
  viewScatter(g: Tensor, base: View, view: View, length: number): Tensor;
}

let hooks: TensorHooks;
/** Connects the runner to the Tensor class (called once by tensor.ts). */
export function setTensorHooks(h: TensorHooks): void {
  hooks = h;
}

let fns: { F: TorchFns; L: TorchLinalgFns };
/** Gives derivatives the torch functions they are written with (called once by functions.ts). */
export function setDerivativeFns(F: TorchFns, L: TorchLinalgFns): void {
  fns = { F, L };
}

/** The tensors bound to the derivative's input parameters, flattened (list parameters give several). */
function inputTensors(d: Derivative, args: Args): (Tensor | null)[] {
  const out: (Tensor | null)[] = [];
  for (const name of d.inputs) {
    const v = args[name];
    if (Array.isArray(v)) { for (const t of v) out.push(hooks.isTensor(t) ? t : null); }
    else out.push(hooks.isTensor(v) ? v : null);
  }
  return out;
}

/** Whether any tensor argument requires grad (only the parameters that can hold tensors are looked at). */
function anyRequiresGrad(c: Compiled, args: Args): boolean {
  const names = c.arrayParams;
  for (let i = 0; i < names.length; i++) {
    const v = args[names[i]];
    if (v === null || typeof v !== "object") continue;
    if (hooks.isTensor(v)) {
      if (v.requiresGrad) return true;
    } else if (Array.isArray(v)) { for (const t of v) if (hooks.isTensor(t) && t.requiresGrad) return true; }
  }
  return false;
}

/** PyTorch's name of an op in its errors (`floor_divide`). */
const atenName = (id: string): string => snakeCase(id.replace(/\..*$/, ""));

/**
 * PyTorch's errors for an in-place op that records history (check_inplace):
 * on a view, first the view-specific ones (handle_view_on_rebase: a view
 * made with grad mode off, or one of several views one function returned
 * by split, chunk, unbind), then a view of a leaf; otherwise a leaf.
 */
function checkInplace(t: Tensor): void {
  const base = t._base;
  if (base) {
    if (t._viewNoGrad || t._viewMulti || inferenceViews.has(t)) throw new RuntimeError(rebaseMessage(t));
    if (t.requiresGrad && base.isLeaf) {
      throw new RuntimeError("a view of a leaf Variable that requires grad is being used in an in-place operation.");
    }
  }
  if (t.requiresGrad && t.isLeaf) {
    throw new RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.");
  }
}

/** PyTorch's in-place checks for a write into `t` that autograd records (grad mode on and t requires grad). */
export function checkInplaceWrite(t: Tensor): void {
  if (isRecording() && t.requiresGrad) checkInplace(t);
}

/** handle_view_on_rebase's message for a view that may not be rebased. */
function rebaseMessage(t: Tensor): string {
  if (inferenceViews.has(t)) {
    return "A view was created in inference mode and is being modified inplace in normal mode. Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the view and the inplace either both inside the inference_mode block (if you don't want the inplace to be tracked) or both outside (if you want the inplace to be tracked).";
  }
  const fn = t.gradFn;
  const msg = fn
    ? `Output ${t.outputNr} of ${fn.name.replace(/Backward\d*$/, "")} is a view and is being modified inplace.`
    : "A view was created in no_grad mode and is being modified inplace with grad mode enabled.";
  return msg +
    (t._viewMulti
      ? " This view is the output of a function that returns multiple views. Such functions do not allow the output views to be modified inplace. You should replace the inplace operation by an out-of-place one."
      : " Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the view and the inplace either both inside the no_grad block (if you don't want the inplace to be tracked) or both outside (if you want the inplace to be tracked).");
}

/** Views of normal tensors made in inference mode (they may not be modified in place outside it). */
const inferenceViews = new WeakSet<Tensor>();

/**
 * Marks results that share an input's storage as views of that input's
 * base; in inference mode, the other results are inference tensors.
 * `fresh`: the serial of the first storage the op made (see nextSerial):
 * a result on newer memory is no view.
 */
function markViews(c: Compiled, results: Tensor[], args: Args, fresh: number): void {
  const multi = c.returns === "arrays" && results.length > 1;
  const inference = isInferenceModeEnabled();
  for (const r of results) {
    // a given out stays what it was (an out that is an input's base must not become its own view)
    if (r === args.out) continue;
    let view = false;
    if (r.storage.serial < fresh) {
      for (const k in args) {
        const v = args[k];
        if (hooks.isTensor(v) && v !== r && v.storage === r.storage) {
          view = true;
          r._base = v._base ?? v;
          r._viewNoGrad = !isRecording();
          r._viewMulti = multi && !r._viewNoGrad;
          r._viewVersion = r.storage.version;
          if (inference && !isInferenceStorage(r.storage)) inferenceViews.add(r);
          break;
        }
      }
    }
    if (inference && !view) markInference(r.storage);
  }
}

/** Whether an op returns tensors (not a number, bool or list read off its input: `numel`, `stride`). */
export function returnsTensors(c: { returns: string }): boolean {
  return c.returns === "array" || c.returns === "values" || c.returns === "arrays" || c.returns === "self";
}

/** The tensors an op returned, by its `returns` kind. */
function outputsOf(c: Compiled, r: unknown): Tensor[] {
  if (c.returns === "array") return [hooks.wrap(r)];
  if (c.returns === "values") return [hooks.wrap((r as unknown[])[0]), hooks.wrap((r as unknown[])[1])];
  if (c.returns === "arrays") return (r as unknown[]).map((x) => hooks.wrap(x));
  return [];
}

/** Re-packs wrapped outputs in the shape the surface expects. */
function packed(c: Compiled, outs: Tensor[], r: unknown): unknown {
  if (c.returns === "array") return outs[0];
  if (c.returns === "values" || c.returns === "arrays") return outs;
  return r;
}

/**
 * Runs a torch call (the torch front-end's `run`). An `out` tensor of
 * another shape than the result's is resized to it first, as PyTorch does
 * (with its warning when `out` had elements).
 */
export function runTorch(c: Compiled, args: Args, self: Tensor | undefined, inplace: boolean): unknown {
  const out = inplace ? null : args.out;
  const written = inplace ? self! : c.overload.mutates ? args[c.binder.params[0].name] as Tensor : out;
  if (hooks.isTensor(written)) checkInputsOverlap(c, args, written, inplace || c.overload.mutates === true);
  if (Array.isArray(out)) return runIntoOuts(c, args, out);
  if (!hooks.isTensor(out)) return runOnce(c, args, self, inplace);
  const factory = !Object.values(args).some((v) => v !== out && hooks.isTensor(v));
  checkOutNoGrad(c, args, factory);
  // a factory makes its out's dtype unless told otherwise (torch.zeros(2, { out })); a dtype given must be out's
  if (args.dtype === null && factory) args = { ...args, dtype: out.dtype };
  else if (typeof args.dtype === "string" && args.dtype !== out.dtype) {
    const want = args.dtype as DType;
    throw new RuntimeError(
      factory
        ? `dtype ${TORCH_TYPE_NAME[want]} does not match dtype of out parameter (${TORCH_TYPE_NAME[out.dtype]})`
        : `Expected out tensor to have dtype ${CPP_TYPE_NAME[want]}, but got ${CPP_TYPE_NAME[out.dtype]} instead`,
    );
  }
  let r: unknown;
  try {
    r = runOnce(c, args, self, inplace);
  } catch (e) {
    if (!(e instanceof OutShapeError) || !sameShape(e.shapes[0], out.shape)) throw e;
    // resizing an out that an input reads would change the input first
    const reads = (v: unknown) => hooks.isTensor(v) && v.storage === out.storage;
    if (Object.entries(args).some(([k, v]) => k !== "out" && (reads(v) || (Array.isArray(v) && v.some(reads))))) {
      throw new RuntimeError(
        "unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory " +
          "location. Please clone() the tensor before performing the operation.",
      );
    }
    resizeOut(e.op, out, e.want);
    r = runOnce(c, args, self, inplace);
  }
  if (r === out || !hooks.isTensor(r)) return r;
  // an op that computes its result apart (a composite, a factory): the result is written into out
  (c.overload.outDtype ?? torchCastOut)(r.dtype, out.dtype);
  if (!sameShape(r.shape, out.shape)) resizeOut(c.decl.name, out, r.shape);
  copyInto(r, out);
  out.storage.version++;
  return out;
}

/**
 * The ops whose inputs PyTorch checks against the memory they write: element-wise ops (TensorIterator's
 * assert_no_partial_overlap: the very same elements may be read and written), and ops that refuse any overlap
 * (assert_no_overlap). Products, reductions over dims, tril/triu and masked fills check nothing in PyTorch; here
 * they compute as if their inputs were copied first.
 */
const PARTIAL_OVERLAP: ReadonlySet<string> = new Set([
  ...[UNARY, BINARY, WHERE].flatMap((r) => Object.values(r).map((d) => d.name)),
  ...["clip", "lerp", "addcmul", "addcdiv", "addmm", "cumsum", "cumprod", "copy_"],
]);
const ANY_OVERLAP: ReadonlySet<string> = new Set([
  ...["gather", "indexSelect", "concatenate", "stack", "hstack", "vstack", "dstack", "take"],
  ...["scatter", "scatterAdd", "indexAdd", "indexCopy", "indexPut"],
]);

/** PyTorch's refusal of an input that overlaps the written tensor (`selfArg`: the first parameter is it). */
function checkInputsOverlap(c: Compiled, args: Args, written: Tensor, selfArg: boolean): void {
  const name = c.decl.name, any = ANY_OVERLAP.has(name);
  if (!any && !PARTIAL_OVERLAP.has(name)) return;
  const own = selfArg ? c.binder.params[0].name : "out";
  for (const [k, v] of Object.entries(args)) {
    if (k === own || k === "out") continue;
    for (const t of Array.isArray(v) ? v : [v]) if (hooks.isTensor(t)) checkNoOverlap(written, t, any);
  }
}

/** PyTorch's refusal of out= in a call that autograd would record. */
function checkOutNoGrad(c: Compiled, args: Args, factory: boolean): void {
  if (!isRecording() || !anyRequiresGrad(c, args)) return;
  throw new RuntimeError(
    `${factory ? "aten::" : ""}${atenName(c.id)}(): functions with out=... arguments don't support automatic ` +
      "differentiation, but one of the arguments requires grad.",
  );
}

/**
 * A multi-result op (values and indices, U S V) written into a tuple of outs, as PyTorch's `out=(v, i)`: each
 * out must have its result's dtype (the overload's out rule words the error, else PyTorch's generic one) and is
 * resized to its shape; the outs come back in place of the results.
 */
function runIntoOuts(c: Compiled, args: Args, outs: Tensor[]): Tensor[] {
  checkOutNoGrad(c, args, false);
  const r = runOnce(c, { ...args, out: null }, undefined, false) as Tensor[];
  if (outs.length !== r.length) throw new TypeError(`expected tuple of ${r.length} elements but got ${outs.length}`);
  const rule = c.overload.outDtype ?? torchExactOut;
  outs.forEach((o, i) => rule(r[i].dtype, o.dtype));
  outs.forEach((o, i) => {
    if (!sameShape(r[i].shape, o.shape)) resizeOut(c.decl.name, o, r[i].shape);
    copyInto(r[i], o);
    o.storage.version++;
  });
  return outs;
}

/** Gives `out` the result's shape, with PyTorch's warning when it had elements. */
function resizeOut(op: string, out: Tensor, want: readonly number[]): void {
  if (out.numel() !== 0) warnResized(op, out.shape, want);
  out.resize_([...want]);
}

/** PyTorch's warning, once per op and pair of shapes (Python shows a warning once per place). */
const warnedResize = new Set<string>();
function warnResized(op: string, had: readonly number[], want: readonly number[]): void {
  const key = `${op}|${had}|${want}`;
  if (warnedResize.has(key)) return;
  warnedResize.add(key);
  console.warn(
    `UserWarning: An output with one or more elements was resized since it had shape [${had.join(", ")}], which ` +
      `does not match the required output shape [${want.join(", ")}]. This behavior is deprecated, and in a future ` +
      "PyTorch release outputs will not be resized unless they have zero elements. You can explicitly reuse an out " +
      "tensor t by resizing it, inplace, to zero elements with t.resize_(0).",
  );
}

/**
 * torch's fast lane (see `Overload.fast`): `c.fast` on tensors `x` (and `y`) of one dtype, recorded as the full
 * path records it; undefined where the full path must run (inference mode, a dtype the lane declines).
 */
export function runFast(c: Compiled, x: Tensor, y: Tensor | number | undefined): Tensor | undefined {
  if (isInferenceModeEnabled()) return undefined; // its results are marked (markViews)
  const fast = c.fast!;
  const grad = x.requiresGrad || (typeof y === "object" && y.requiresGrad);
  if (!grad || !isRecording() || NONDIFF.has(c.id)) {
    const r = fast(x, y);
    return r === undefined ? undefined : hooks.wrap(r, true);
  }
  const d = DERIVATIVES[c.id];
  if (!d) return undefined;
  return record(c, d, c.binder.positional(x, y), null, () => fast(x, y)) as Tensor | undefined;
}

function runOnce(c: Compiled, args: Args, self: Tensor | undefined, inplace: boolean): unknown {
  // the tensor written in place: the receiver of an in-place twin, or the first argument of a mutating op
  const target = c.overload.mutates ? args[c.binder.params[0].name] as Tensor : inplace ? self! : null;
  if (inplace) args.out = self;
  if (c.overload.composite) {
    if (!inplace) return c.overload.impl(args, TORCH_CTX);
    // an in-place composite: the result computed out of place, then copied in (copy_ records the history). Where
    // autograd records, from a recorded clone of the receiver: the composite's ops may save it for backward, and
    // the copy below overwrites it (PyTorch's in-place derivatives save the original self likewise)
    const selfName = c.binder.params[0].name;
    const input = args[selfName] === self && isRecording() && anyRequiresGrad(c, args) ? self!.clone() : args[selfName];
    const r = c.overload.impl({ ...args, [selfName]: input, out: null }, TORCH_CTX) as Tensor;
    c.overload.inplaceDtype?.(r.dtype, (self as Tensor).dtype);
    checkInplaceShape(c, (self as Tensor).shape, r.shape);
    return (self as unknown as { copy_(src: Tensor): Tensor }).copy_(r);
  }
  if (target && isInferenceStorage(target.storage) && !isInferenceModeEnabled()) {
    throw new RuntimeError(
      "Inplace update to inference tensor outside InferenceMode is not allowed.You can make a clone to get a normal tensor before doing inplace update.See https://github.com/pytorch/rfcs/pull/17 for more details.",
    );
  }
  const recording = isRecording() && anyRequiresGrad(c, args);
  const nondiff = NONDIFF.has(c.id);
  if (target && recording) checkInplace(target);
  if (!recording || ((nondiff || !returnsTensors(c)) && !target)) {
    const v0 = target ? target.storage.version : 0, fresh = nextSerial();
    const r = c.overload.impl(args, TORCH_CTX);
    if (target) {
      if (target.storage.version === v0) target.storage.version++;
      return target;
    }
    const outs = outputsOf(c, r);
    markViews(c, outs, args, fresh);
    return packed(c, outs, r);
  }
  // an op without a gradient overwriting a tensor with history: that history ends here (zero gradient)
  if (nondiff) return record(c, zeroGradient(c.id, args), args, target);
  const d = DERIVATIVES[c.id];
  if (!d) throw new RuntimeError(`derivative for aten::${atenName(c.id)} is not implemented`);
  return record(c, d, args, target);
}

/**
 * PyTorch's error when an in-place composite's result would widen its receiver (the receiver's shape must hold
 * the broadcast of both); shapes that do not broadcast at all are left to copy_'s error.
 */
function checkInplaceShape(c: Compiled, self: readonly number[], result: readonly number[]): void {
  if (broadcastsTo(result, self)) return;
  let full: number[];
  try {
    full = broadcastShapes("copy_", self, result);
  } catch {
    return;
  }
  throw new RuntimeError(
    c.overload.inplaceShape?.(self, result) ??
      `output with shape ${fmtShape(self)} doesn't match the broadcast shape ${fmtShape(full)}`,
  );
}

/** The tensors among saved arguments (an index list may hold several). */
function tensorsIn(v: unknown, out: Tensor[]): void {
  if (hooks.isTensor(v)) out.push(v);
  else if (Array.isArray(v)) { for (const x of v) if (hooks.isTensor(x)) out.push(x); }
}

/**
 * Runs the op unrecorded and attaches its node (`target`: the tensor an in-place op writes). `lane`: the fast
 * lane's call in place of the implementation (nothing is recorded and undefined returned where it declines).
 */
function record(
  c: Compiled,
  d: Derivative,
  args: Args,
  target: Tensor | null,
  lane?: () => Operand | undefined,
): unknown {
  const inplace = target !== null;
  const inputs = inputTensors(d, args);
  // what the derivative reads, saved before an in-place write can change it (a copy where the receiver's old
  // values replace it; nothing writes into `args` after the call otherwise)
  const saved: Args = inplace ? { ...args } : args;
  const savedTensors: Tensor[] = [];
  let holds = false;
  const saves = d.saves ?? [];
  for (const name of saves) {
    if (name === "result" || name === "indices") {
      holds = true;
      continue;
    }
    const v = args[name];
    if (v === null || v === undefined) continue;
    if (inplace && v === target && name === d.inputs[0]) {
      // the receiver's values before the write (another argument that is the receiver is saved as is, and a
      // backward through it then fails the version check, as in PyTorch); a recorded clone, so that a double
      // backward differentiates through the value before the write as PyTorch's saved original self does
      saved[name] = hooks.wrap(v).clone();
      holds = true;
    } else if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") {
      holds = true; // a saved Python number is a saved (wrapped) tensor in PyTorch
    } else if (typeof v === "object") {
      const n = savedTensors.length;
      tensorsIn(v, savedTensors);
      // an index list holding JS arrays is saved as index tensors in PyTorch
      if (savedTensors.length > n || (Array.isArray(v) && v.some(Array.isArray))) holds = true;
    }
  }
  if (savedTensors.some((t) => isInferenceStorage(t.storage))) {
    throw new RuntimeError(
      "Inference tensors cannot be saved for backward. Please do not use Tensors created in inference mode in computation tracked by autograd. To work around this, you can make a clone to get a normal tensor and use it in autograd, or use `torch.no_grad()` instead of `torch.inference_mode()`.",
    );
  }
  const oldEdge = inplace ? edgeOf(target) : null;
  const oldLayout = inplace ? target.layout : null;
  const oldNode = inplace ? target.gradFn : null, oldNr = inplace ? target.outputNr : 0;
  const v0 = inplace ? target.storage.version : 0;
  const versions = savedTensors.map((t) => t.storage.version);
  const fresh = nextSerial();
  const prev = setGradEnabled(false);
  let r: unknown;
  try {
    r = lane ? lane() : c.overload.impl(args, TORCH_CTX);
  } finally {
    setGradEnabled(prev);
  }
  if (r === undefined && lane) return undefined;
  if (inplace && target.storage.version === v0) target.storage.version++;
  // (a lane returns one new array: see Overload.fast)
  const outs = inplace ? [target] : lane ? [hooks.wrap(r, true)] : outputsOf(c, r);
  if (!inplace) markViews(c, outs, args, fresh);
  const diffOuts = c.returns === "values" ? outs.slice(0, 1) : outs;
  const result = diffOuts[0];
  const savesResult = saves.includes("result");
  const keep = savedTensors;
  if (savesResult) keep.push(...diffOuts);
  if (saves.includes("indices") && c.returns === "values") keep.push(outs[1]);
  for (let i = versions.length; i < keep.length; i++) versions.push(keep[i].storage.version);
  const edges: Edge[] = [], shapes: (readonly number[])[] = [], needs: boolean[] = [];
  for (let i = 0; i < inputs.length; i++) {
    const t = inputs[i];
    // an in-place op's receiver feeds the node through its history before the write
    const receiver = inplace && t === target && i === 0;
    const e = receiver ? oldEdge : t && t.requiresGrad ? edgeOf(t) : null;
    edges.push(e);
    shapes.push(receiver ? oldLayout!.shape : t ? t.layout.shape : []);
    needs.push(e !== null);
  }
  const node = new Node(
    typeof d.name === "string" ? d.name : d.name(args),
    edges,
    shapes,
    (gs) =>
      d.vjp(gs[0] as Tensor, {
        a: saved,
        result,
        outputs: outs,
        grads: gs as (Tensor | null)[],
        needs,
        F: fns.F,
        L: fns.L,
      }),
    keep,
    null,
    diffOuts.length,
    holds,
    versions,
  );
  if (savesResult) node.savedOutputs = diffOuts;
  if (inplace && target._base) rebaseView(target, node);
  else {
    diffOuts.forEach((o, i) => {
      // an integer or bool result (a cast, a rounding to int) carries no gradient, as in PyTorch
      if (!isFloat(o.dtype)) return;
      o.gradFn = node;
      o.outputNr = i;
      o.requiresGrad = true;
    });
    // a retained gradient follows the tensor to its new history (PyTorch moves retains_grad hooks)
    if (inplace && target.retainsGrad && oldNode) moveRetained(target, oldNode, oldNr, node);
  }
  return inplace ? target : packed(c, outs, r);
}

/** Moves a tensor's retained-gradient slot from its old node to its new one. */
function moveRetained(t: Tensor, from: Node, nr: number, to: Node): void {
  from.unretain(nr, t);
  to.retain(0, t);
}

/**
 * The history a view reads from its base: its elements of the base's
 * gradient (PyTorch's AsStridedBackward0, regenerated when the base
 * changed in place).
 */
export function viewHistory(view: Tensor): Node {
  const base = view._base!;
  const baseLayout = base.layout, viewLayout = view.layout, length = base.storage.length;
  return new Node(
    "AsStridedBackward0",
    [edgeOf(base)],
    [baseLayout.shape],
    (gs) => [hooks.viewScatter(gs[0] as Tensor, baseLayout, viewLayout, length)],
  );
}

/**
 * An in-place op on a view: the base's new history is PyTorch's
 * CopySlices (the old base history, with the view's region replaced by the
 * op's gradient) and the view's own history reads its region of the base.
 */
export function rebaseView(view: Tensor, op: Node): void {
  const base = view._base!;
  const baseLayout = base.layout, viewLayout = view.layout, length = base.storage.length;
  const baseEdge = edgeOf(base);
  const oldNode = base.gradFn, oldNr = base.outputNr;
  const copySlices = new Node(
    "CopySlices",
    [baseEdge, ...op.next.slice(1)],
    [baseLayout.shape, ...op.shapes.slice(1)],
    (gs) => {
      const gBase = gs[0] as Tensor;
      const region = hooks.viewGather(gBase, baseLayout, viewLayout, length);
      const inner = op.apply([region], GRAD_OPS_REF.ops!) as (Tensor | null)[];
      // the view's old values were overwritten: their gradient is what the op passes back
      let gOld = gBase.sub(hooks.viewScatter(region, baseLayout, viewLayout, length));
      if (inner[0]) gOld = gOld.add(hooks.viewScatter(inner[0], baseLayout, viewLayout, length));
      return [gOld, ...inner.slice(1)];
    },
  );
  copySlices.addInner(op);
  base.gradFn = copySlices;
  base.outputNr = 0;
  base.requiresGrad = true;
  if (base.retainsGrad && oldNode) moveRetained(base, oldNode, oldNr, copySlices);
  view.gradFn = new Node(
    "AsStridedBackward0",
    [{ node: copySlices, nr: 0 }],
    [baseLayout.shape],
    (gs) => [hooks.viewScatter(gs[0] as Tensor, baseLayout, viewLayout, length)],
  );
  view.outputNr = 0;
  view.requiresGrad = true;
  view._viewVersion = view.storage.version;
}

/** The engine's tensor ops (set by tensor.ts), needed to apply an op node inside CopySlices. */
export const GRAD_OPS_REF: { ops: import("../autograd/graph.ts").GradOps<Tensor> | null } = { ops: null };
