/**
 * Runs one torch op call and records autograd: the one place where ops
 * meet the graph. For a call whose differentiable inputs require grad (and
 * with grad mode on) it saves what the op's derivative reads, runs the
 * kernel unrecorded, and attaches a node to the outputs. In-place calls
 * write into the receiver's memory in one pass (the op's `out`), bump its
 * version and rebase its history; an in-place op on a view rebases the
 * view's base as PyTorch's CopySlices does. Results that alias an input
 * (views) remember their base.
 */
import { type Edge, edgeOf, Node } from "../autograd/graph.ts";
import { isGradEnabled, withGradMode } from "../autograd/grad_mode.ts";
import type { Args } from "../api/define.ts";
import type { Compiled } from "../api/surface.ts";
import { RuntimeError } from "../core/errors.ts";
import type { View } from "../core/view.ts";
import { TORCH_CTX } from "./default_dtype.ts";
import { type Derivative, DERIVATIVES, NONDIFF } from "./derivatives.ts";
import type { TorchFns, TorchLinalgFns } from "./functions.ts";
import type { Tensor } from "./tensor.ts";

/** What the runner needs from the Tensor module (given at startup: no import cycle). */
export interface TensorHooks {
  wrap(v: unknown): Tensor;
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

/** Whether any tensor argument requires grad (for ops without a derivative). */
function anyRequiresGrad(args: Args): boolean {
  for (const k in args) {
    const v = args[k];
    if (hooks.isTensor(v) && v.requiresGrad) return true;
    if (Array.isArray(v)) { for (const t of v) if (hooks.isTensor(t) && t.requiresGrad) return true; }
  }
  return false;
}

/** PyTorch's error for an in-place write to a leaf that requires grad. */
function checkInplaceTarget(t: Tensor): void {
  if (!isGradEnabled()) return;
  if (t.requiresGrad && t.isLeaf) {
    throw new RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.");
  }
  const base = t._base;
  if (base && base.requiresGrad && base.isLeaf) {
    throw new RuntimeError(
      "a view of a leaf Variable that requires grad is being used in an in-place operation.",
    );
  }
  if (t._viewNoGrad && (t.requiresGrad || base?.requiresGrad)) {
    throw new RuntimeError(
      "A view was created in no_grad mode and is being modified inplace with grad mode enabled. This view is the output of a function that returns multiple views. Such functions do not allow the output views to be modified inplace. You should replace the inplace operation by an out-of-place one.",
    );
  }
}

/** Marks results that share an input's storage as views of that input's base. */
function markViews(results: Tensor[], args: Args): void {
  for (const r of results) {
    for (const k in args) {
      const v = args[k];
      if (hooks.isTensor(v) && v !== r && v.storage === r.storage) {
        r._base = v._base ?? v;
        r._viewNoGrad = !isGradEnabled();
        break;
      }
    }
  }
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
 * Runs a torch call (the torch front-end's `run`).
 */
export function runTorch(c: Compiled, args: Args, self: Tensor | undefined, inplace: boolean): unknown {
  if (c.overload.mutates) {
    // the receiver is the op's first argument, written in place by the implementation itself
    const target = args[c.binder.params[0].name] as Tensor;
    checkInplaceTarget(target);
    return runMutating(c, args, target);
  }
  if (inplace) {
    checkInplaceTarget(self!);
    args.out = self;
  }
  if (c.overload.composite) {
    if (!inplace) return c.overload.impl(args, TORCH_CTX);
    // an in-place composite: the result computed out of place, then copied in (copy_ records the history)
    const r = c.overload.impl({ ...args, out: null }, TORCH_CTX) as Tensor;
    return (self as unknown as { copy_(src: Tensor): Tensor }).copy_(r);
  }
  const d = DERIVATIVES[c.id];
  const recording = isGradEnabled() && (anyRequiresGrad(args) || (inplace && self!.requiresGrad));
  if (!recording || NONDIFF.has(c.id)) {
    const r = c.overload.impl(args, TORCH_CTX);
    if (inplace) {
      self!.storage.version++;
      return self;
    }
    const outs = outputsOf(c, r);
    markViews(outs, args);
    return packed(c, outs, r);
  }
  if (!d) throw new RuntimeError(`the derivative for '${c.id}' is not implemented`);
  return record(c, d, args, self, inplace);
}

/** An op that writes into its first argument (set, fill_, uniform_): recorded like an in-place op. */
function runMutating(c: Compiled, args: Args, target: Tensor): unknown {
  const d = DERIVATIVES[c.id];
  const recording = isGradEnabled() && !NONDIFF.has(c.id) && (anyRequiresGrad(args) || target.requiresGrad);
  if (!recording) {
    c.overload.impl(args, TORCH_CTX);
    target.storage.version++;
    return target;
  }
  if (!d) throw new RuntimeError(`the derivative for '${c.id}' is not implemented`);
  return record(c, d, args, target, true);
}

/** Runs the op unrecorded and attaches its node. */
function record(c: Compiled, d: Derivative, args: Args, self: Tensor | undefined, inplace: boolean): unknown {
  const inputs = inputTensors(d, args);
  // what the derivative reads, saved before an in-place write can change it
  const saved: Args = { ...args };
  const savedTensors: Tensor[] = [];
  for (const name of d.saves ?? []) {
    if (name === "result") continue;
    const v = args[name];
    if (!hooks.isTensor(v)) continue;
    if (inplace && v === self) saved[name] = withGradMode(false, () => hooks.wrap(v).detach().clone());
    else savedTensors.push(v);
  }
  const oldEdge = inplace ? edgeOf(self!) : null;
  const oldLayout = inplace ? self!.layout : null;
  const r = withGradMode(false, () => c.overload.impl(args, TORCH_CTX));
  if (inplace) self!.storage.version++;
  const outs = inplace ? [self!] : outputsOf(c, r);
  if (!inplace) markViews(outs, args);
  const diffOuts = c.returns === "values" ? outs.slice(0, 1) : outs;
  const result = diffOuts[0];
  const savesResult = (d.saves ?? []).includes("result");
  const edges: Edge[] = inputs.map((t, i) => {
    // an in-place op's receiver feeds the node through its history before the write
    if (inplace && t === self && i === 0) return oldEdge;
    return t && t.requiresGrad ? edgeOf(t) : null;
  });
  const shapes = inputs.map((t, i) => (inplace && t === self && i === 0 ? oldLayout!.shape : t ? t.layout.shape : []));
  const node = new Node(
    typeof d.name === "string" ? d.name : d.name(args),
    edges,
    shapes,
    (gs) =>
      d.vjp(gs[0] as Tensor, { a: saved, result, outputs: outs, grads: gs as (Tensor | null)[], F: fns.F, L: fns.L }),
    savesResult ? [...savedTensors, ...diffOuts] : savedTensors,
    null,
    diffOuts.length,
  );
  if (inplace && self!._base) rebaseView(self!, node);
  else {
    diffOuts.forEach((o, i) => {
      o.gradFn = node;
      o.outputNr = i;
      o.requiresGrad = true;
    });
  }
  return inplace ? self : packed(c, outs, r);
}

/**
 * An in-place op on a view: the base's new history is PyTorch's
 * CopySlices (the old base history, with the view's region replaced by the
 * op's gradient) and the view's own history reads its region of the base.
 */
function rebaseView(view: Tensor, op: Node): void {
  const base = view._base!;
  const baseLayout = base.layout, viewLayout = view.layout, length = base.storage.length;
  const baseEdge = edgeOf(base);
  const copySlices = new Node(
    "CopySlices",
    [baseEdge, ...op.next.slice(1)],
    [baseLayout.shape, ...op.shapes.slice(1)],
    (gs) => {
      const gBase = gs[0] as Tensor;
      const region = hooks.viewGather(gBase, baseLayout, viewLayout, length);
      const inner = op.apply([region], GRAD_OPS_REF.ops!) as (Tensor | null)[];
      // the view's old values were overwritten: their gradient is what the op passes back
      const cleared = hooks.viewScatter(
        hooks.viewGather(gBase, baseLayout, viewLayout, length),
        baseLayout,
        viewLayout,
        length,
      );
      let gOld = gBase.sub(cleared);
      if (inner[0]) gOld = gOld.add(hooks.viewScatter(inner[0], baseLayout, viewLayout, length));
      return [gOld, ...inner.slice(1)];
    },
  );
  base.gradFn = copySlices;
  base.outputNr = 0;
  base.requiresGrad = true;
  view.gradFn = new Node(
    "AsStridedBackward0",
    [{ node: copySlices, nr: 0 }],
    [baseLayout.shape],
    (gs) => [hooks.viewScatter(gs[0] as Tensor, baseLayout, viewLayout, length)],
  );
  view.outputNr = 0;
  view.requiresGrad = true;
}

/** The engine's tensor ops (set by tensor.ts), needed to apply an op node inside CopySlices. */
export const GRAD_OPS_REF: { ops: import("../autograd/graph.ts").GradOps<Tensor> | null } = { ops: null };
