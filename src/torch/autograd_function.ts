/**
 * torch.autograd.Function: a user-defined differentiable operation with its
 * own forward and backward, applied through `MyFn.apply(...)` as in PyTorch
 * (torch/autograd/function.py and THPFunction_apply): forward runs with
 * grad mode off, its tensor outputs get one `${name}Backward` node, and
 * backward's gradients flow to the tensor inputs that require them.
 * @module
 */
import { edgeOf, Node } from "../autograd/graph.ts";
import { isGradEnabled, isRecording, withGradMode } from "../autograd/grad_mode.ts";
import { isFloat } from "../core/dtype.ts";
import { RuntimeError } from "../core/errors.ts";
import { checkInplaceWrite, rebaseView } from "./runner.ts";
import { isTensor, type Tensor } from "./tensor.ts";

/**
 * The `ctx` a custom Function's forward / setupContext fills and its
 * backward reads: saved tensors, which inputs need gradients, dirty and
 * non-differentiable outputs; any other property may be set on it too
 * (`ctx.k = 3`), as in PyTorch.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * class Square extends torch.autograd.Function {
 *   static override forward(ctx: torch.autograd.FunctionCtx, x: torch.Tensor): torch.Tensor {
 *     ctx.saveForBackward(x);
 *     return x.mul(x);
 *   }
 *   static override backward(ctx: torch.autograd.FunctionCtx, g: torch.Tensor): torch.Tensor {
 *     const [x] = ctx.savedTensors;
 *     return g.mul(x!).mul(2);
 *   }
 * }
 * const x = torch.tensor([1, 3], { requiresGrad: true });
 * Square.apply(x).sum().backward();
 * assert.deepEqual(x.grad!.tolist(), [2, 6]);
 * ```
 */
export class FunctionCtx {
  /** Anything forward / setupContext keeps for backward (`ctx.k = 3`). */
  [attribute: string]: unknown;
  #saved: (Tensor | null)[] = [];
  #dirty: Tensor[] = [];
  #nonDiff: Tensor[] = [];
  #materialize = true;
  /** Per forward argument: whether it is a tensor whose gradient backward must return (PyTorch's needs_input_grad). */
  needsInputGrad: boolean[] = [];

  /** Keeps tensors (or null) for backward; checked there against later in-place changes. */
  saveForBackward(...tensors: (Tensor | null)[]): void {
    for (const [i, t] of tensors.entries()) {
      if (t !== null && !isTensor(t)) {
        throw new TypeError(`save_for_backward can only save variables, but argument ${i} is of type ${typeof t}`);
      }
    }
    this.#saved = tensors;
  }
  /** The tensors saveForBackward kept, in order. */
  get savedTensors(): (Tensor | null)[] {
    return [...this.#saved];
  }
  /** Marks inputs that forward modified in place (their history moves to this Function). */
  markDirty(...tensors: Tensor[]): void {
    this.#dirty = tensors;
  }
  /** Marks outputs that carry no gradient (they do not require grad; backward gets zeros, or null, for them). */
  markNonDifferentiable(...tensors: Tensor[]): void {
    this.#nonDiff = tensors;
  }
  /** Whether missing output gradients reach backward as zeros (default) or as null. */
  setMaterializeGrads(value: boolean): void {
    if (typeof value !== "boolean") {
      throw new TypeError(`set_materialize_grads(): expected a boolean, got ${typeof value}`);
    }
    this.#materialize = value;
  }

  /** (for apply) what forward marked */
  static marks(ctx: FunctionCtx): { dirty: Tensor[]; nonDiff: Tensor[]; materialize: boolean } {
    return { dirty: ctx.#dirty, nonDiff: ctx.#nonDiff, materialize: ctx.#materialize };
  }
}

/** What `apply` needs of a Function class (its static methods). */
interface FunctionClass {
  readonly name: string;
  forward(...args: never[]): unknown;
  setupContext?(ctx: FunctionCtx, inputs: unknown[], output: unknown): void;
  backward(ctx: FunctionCtx, ...grads: never[]): unknown;
}
/** forward's arguments without its leading ctx (PyTorch's classic style) or all of them (setupContext style). */
type ApplyArgs<C extends FunctionClass> = Parameters<C["forward"]> extends [FunctionCtx, ...infer R] ? R
  : Parameters<C["forward"]>;

/** Whether the class (or a base below AutogradFunction) defines setupContext: then forward takes no ctx. */
function usesSetupContext(cls: FunctionClass): boolean {
  return cls.setupContext !== AutogradFunction.setupContext;
}

/** backward's result as one gradient per forward argument, checked as PyTorch's engine checks it. */
function gradsPerArgument(name: string, r: unknown, args: readonly unknown[]): (Tensor | null)[] {
  const list = (Array.isArray(r) ? r : [r]).map((g) => (g === undefined ? null : g));
  if (list.length < args.length || list.slice(args.length).some((g) => g !== null)) {
    throw new RuntimeError(
      `function ${name} returned an incorrect number of gradients (expected ${args.length}, got ${list.length})`,
    );
  }
  return args.map((a, i) => {
    const g = list[i];
    if (g !== null && !isTensor(g)) {
      throw new TypeError(
        `function ${name} returned a gradient of type ${typeof g} at position ${i + 1}: expected a Tensor or null`,
      );
    }
    if (g !== null && !isTensor(a)) {
      throw new RuntimeError(
        `function ${name} returned a gradient different than None at position ${
          i + 1
        }, but the corresponding forward input was not a Variable`,
      );
    }
    return g;
  });
}

/**
 * PyTorch's `torch.autograd.Function`: subclass it with static `forward`
 * and `backward` and call the subclass's `apply(...)`. Classic style:
 * `forward(ctx, ...args)`; with a static `setupContext(ctx, inputs, output)`
 * forward takes the arguments alone (PyTorch 2's style). backward returns
 * one gradient (or null) per forward argument; a forward returning several
 * tensors (an array) gets one gradient per output.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * class Scale extends torch.autograd.Function {
 *   static override forward(x: torch.Tensor, k: number): torch.Tensor {
 *     return x.mul(k);
 *   }
 *   static override setupContext(ctx: torch.autograd.FunctionCtx, inputs: unknown[]): void {
 *     ctx.k = inputs[1];
 *   }
 *   static override backward(ctx: torch.autograd.FunctionCtx, g: torch.Tensor): [torch.Tensor, null] {
 *     return [g.mul(ctx.k as number), null];
 *   }
 * }
 * const x = torch.tensor([1, 2], { requiresGrad: true });
 * const y = Scale.apply(x, 3);
 * assert.equal(y.gradFn!.name, "ScaleBackward");
 * y.sum().backward();
 * assert.deepEqual(x.grad!.tolist(), [3, 3]);
 * ```
 */
export class AutogradFunction {
  /** The computation, run with grad mode off: `forward(ctx, ...args)`, or `forward(...args)` with setupContext. */
  static forward(..._args: never[]): unknown {
    throw new RuntimeError(
      "You must implement the forward function for custom autograd.Function.",
    );
  }
  /** Fills ctx from the inputs and output (PyTorch 2's setup_context); when defined, forward takes no ctx. */
  static setupContext(_ctx: FunctionCtx, _inputs: unknown[], _output: unknown): void {
    throw new RuntimeError("setup_context is not implemented.");
  }
  /** The gradients of forward's arguments from its outputs' gradients (one per output). */
  static backward(_ctx: FunctionCtx, ..._grads: never[]): unknown {
    throw new RuntimeError(
      "You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.",
    );
  }

  /** Runs forward and, where an input requires grad and grad mode is on, records the backward node. */
  static apply<C extends FunctionClass>(this: C, ...args: ApplyArgs<C>): ReturnType<C["forward"]> {
    const inputs = args as unknown[];
    const ctx = new FunctionCtx();
    ctx.needsInputGrad = inputs.map((a) => isTensor(a) && a.requiresGrad && isGradEnabled());
    const executable = isRecording() && ctx.needsInputGrad.some((b) => b);
    const tensorInputs = inputs.filter(isTensor);
    // an input's history as it was before forward (a dirty input's history is replaced below)
    const edges = tensorInputs.map((t) => (t.requiresGrad ? edgeOf(t) : null));
    const output = withGradMode(false, () => {
      if (!usesSetupContext(this)) return (this.forward as (...a: unknown[]) => unknown).call(this, ctx, ...inputs);
      const out = (this.forward as (...a: unknown[]) => unknown).call(this, ...inputs);
      this.setupContext!(ctx, inputs, out);
      return out;
    });
    const outs = Array.isArray(output) ? [...output] : [output];
    const { dirty, nonDiff, materialize } = FunctionCtx.marks(ctx);
    if (!executable) return wrapUnrecorded(output, outs, inputs, dirty) as ReturnType<C["forward"]>;
    for (const t of dirty) checkInplaceWrite(t);
    const name = `${this.name}Backward`;
    const metas = outs.map((o) => (isTensor(o) ? o.shape : null));
    // a dirty view goes through rebaseView's CopySlices, which reads the node's first input as the view's old
    // values: that input comes first in the node
    const dirtyView = dirty.find((t) => t._base !== null);
    if (dirtyView && outs.length !== 1) {
      throw new RuntimeError(`${name}: a view marked dirty must be the Function's only output`);
    }
    const k = dirtyView ? tensorInputs.indexOf(dirtyView) : -1;
    const order = [...(k > 0 ? [k] : []), ...tensorInputs.map((_, i) => i).filter((i) => k <= 0 || i !== k)];
    const node = new Node(
      name,
      order.map((i) => edges[i]),
      order.map((i) => tensorInputs[i].shape),
      (gs) => {
        // missing output gradients become zeros of the output's shape and dtype (bool / int too, as PyTorch)
        const grads = gs.map((
          g,
          i,
        ) => (g === null && materialize && metas[i] ? (outs[i] as Tensor).newZeros([...metas[i]!]) : g));
        const r = (this.backward as (...a: unknown[]) => unknown).call(this, ctx, ...grads);
        const perTensor = gradsPerArgument(name, r, inputs).filter((_, i) => isTensor(inputs[i]));
        // a gradient of another dtype is cast to its input's, as PyTorch's validate_outputs does
        return order.map((i) => {
          const g = perTensor[i], want = tensorInputs[i].dtype;
          return g !== null && g.dtype !== want ? g.to(want) : g;
        });
      },
      ctx.savedTensors.filter((t): t is Tensor => t !== null),
      null,
      outs.length,
    );
    const wrapped = outs.map((o, i) => {
      if (!isTensor(o)) return o;
      const differentiable = isFloat(o.dtype) && !nonDiff.includes(o);
      if (dirty.includes(o)) {
        if (o._base !== null) {
          rebaseView(o, node);
          return o;
        }
        o.gradFn = node;
        o.outputNr = i;
        o.requiresGrad = true;
        return o;
      }
      // an input returned as it is comes back as a new tensor over its memory (PyTorch's view_as)
      const y = inputs.includes(o) ? o.detach() : o;
      if (!differentiable) return y;
      y.gradFn = node;
      y.outputNr = i;
      y.requiresGrad = true;
      return y;
    });
    return (Array.isArray(output) ? wrapped : wrapped[0]) as ReturnType<C["forward"]>;
  }
}

/** Without a recorded node: an input returned as it is still comes back as a new tensor (unless dirty). */
function wrapUnrecorded(output: unknown, outs: unknown[], inputs: unknown[], dirty: Tensor[]): unknown {
  const wrapped = outs.map((o) => (isTensor(o) && inputs.includes(o) && !dirty.includes(o) ? o.detach() : o));
  return Array.isArray(output) ? wrapped : wrapped[0];
}
