/**
 * torch.autograd.functional: jacobian, hessian, vjp, jvp, vhp and hvp, with
 * PyTorch's call forms (`createGraph`, `strict` and `v` by position or in a
 * trailing options object), its checks and its strict-mode messages.
 * @module
 */
import { Binder, opt, req } from "../api/signature.ts";
import { isGradEnabled, withGradMode } from "../autograd/grad_mode.ts";
import { RuntimeError } from "../core/errors.ts";
import { backward, checkFunc, F, grad, gradcheck, GradcheckError, tensorsOf } from "./functions.ts";
import { CONV, isTensor, type Tensor } from "./tensor.ts";
import { AutogradFunction, FunctionCtx } from "./autograd_function.ts";
import { detectAnomaly, setDetectAnomaly } from "./anomaly.ts";
import { gradgradcheck } from "./gradgradcheck.ts";
import { enableGrad, inferenceMode, noGrad, setGradEnabledGuard } from "./grad_modes.ts";

/** A user function of tensors returning one tensor or a list of them. */
export type Func = (...xs: Tensor[]) => Tensor | Tensor[];
/** `createGraph` and `strict`, by position or by name (a null strict: false, as PyTorch's None). */
export type Flags = boolean | null | { createGraph?: boolean; strict?: boolean | null };
/** How jacobian computes (PyTorch's `vectorize` and `strategy`; the results are the same, see `jacobian`). */
export type JacobianFlags = Flags | "forward-mode" | "reverse-mode" | {
  createGraph?: boolean;
  strict?: boolean | null;
  vectorize?: boolean;
  strategy?: "forward-mode" | "reverse-mode";
};
/** hessian's flags (PyTorch's `vectorize` and `outer_jacobian_strategy`). */
export type HessianFlags = Flags | "forward-mode" | "reverse-mode" | {
  createGraph?: boolean;
  strict?: boolean | null;
  vectorize?: boolean;
  outerJacobianStrategy?: "forward-mode" | "reverse-mode";
};
/** `v`, `createGraph` and `strict`, by position or by name. */
export type VFlags = Tensor | readonly Tensor[] | null | boolean | {
  v?: Tensor | Tensor[] | null;
  createGraph?: boolean;
  strict?: boolean | null;
};

// (strict may be null, which PyTorch's None is: false; a None createGraph fails in PyTorch's engine, a TypeError here)
const flags = [opt("createGraph", "bool", false), opt("strict", "bool", null)] as const;
const STRATEGIES = { choices: ["forward-mode", "reverse-mode"] } as const;
const withV = (op: string) =>
  new Binder(op, { pos: [req("func", "any"), req("inputs", "any"), opt("v", "any", null), ...flags], kw: [] });
const JACOBIAN = new Binder("jacobian", {
  pos: [
    req("func", "any"),
    req("inputs", "any"),
    ...flags,
    opt("vectorize", "bool", false),
    opt("strategy", "string", "reverse-mode", STRATEGIES),
  ],
  kw: [],
});
const HESSIAN = new Binder("hessian", {
  pos: [
    req("func", "any"),
    req("inputs", "any"),
    ...flags,
    opt("vectorize", "bool", false),
    opt("outerJacobianStrategy", "string", "reverse-mode", STRATEGIES),
  ],
  kw: [],
});
const VJP = withV("vjp"), JVP = withV("jvp"), VHP = withV("vhp"), HVP = withV("hvp");

/** Binds a call's arguments after checking `func` (strict: null is false). */
// deno-lint-ignore no-explicit-any
function bind(b: Binder, args: unknown[]): Record<string, any> {
  checkFunc(b.op, "func", args[0]);
  const a = b.bind(args, CONV);
  return { ...a, strict: a.strict ?? false };
}

/** The last backward runs with grad on when a graph is asked for, else in the caller's mode (as PyTorch's). */
const lastBackward = <T>(createGraph: boolean, fn: () => T): T => withGradMode(createGraph || isGradEnabled(), fn);

/**
 * The inputs as new tensor objects (PyTorch's `_grad_preprocess`): with `createGraph`, a differentiable view of an
 * input that requires grad (its graph reaches the caller's leaves); otherwise a detached copy of the reference.
 */
const prepare = (xs: Tensor[], createGraph: boolean, needGraph: boolean): Tensor[] =>
  // in grad mode, as PyTorch's: under noGrad a view would start a new graph, cut off from the caller's tensors
  withGradMode(true, () =>
    xs.map((x) => (createGraph && x.requiresGrad ? x.viewAs(x) : x.detach().requiresGrad_(needGraph))));

/** Results without history unless the caller asked for a graph. */
const finish = (xs: Tensor[], createGraph: boolean): Tensor[] => (createGraph ? xs : xs.map((x) => x.detach()));

/** One tensor for a single-tensor argument, the list for a list. */
const unpack = <T>(xs: T[], isList: boolean): T | T[] => (isList ? xs : xs[0]);

/** `v` checked against the tensors it pairs with (count and sizes, PyTorch's messages). */
function checkV(v: Tensor[], other: Tensor[], otherIsList: boolean): void {
  if (v.length !== other.length) {
    throw new RuntimeError(
      otherIsList
        ? `v is a tuple of invalid length: should be ${other.length} but got ${v.length}.`
        : "The given v should contain a single Tensor.",
    );
  }
  v.forEach((t, i) => {
    const a = t.shape, b = other[i].shape;
    if (a.length !== b.length || a.some((d, k) => d !== b[k])) {
      throw new RuntimeError(
        `${otherIsList ? `Entry ${i} in ` : ""}v has invalid size: should be torch.Size([${b.join(", ")}]) but got ` +
          `torch.Size([${a.join(", ")}]).`,
      );
    }
  });
}

type Stage = "outputs" | "grad_inputs" | "jacobian" | "hessian";
/** Strict mode's checks that each tensor exists and requires grad (PyTorch's `_check_requires_grad`). */
function checkRequiresGrad(xs: (Tensor | null)[], stage: Stage, strict: boolean): void {
  if (!strict) return;
  xs.forEach((x, i) => {
    if (x === null) {
      throw new RuntimeError(
        `The output of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`,
      );
    }
    if (x.requiresGrad) return;
    throw new RuntimeError(
      stage === "hessian"
        ? `The hessian of the user-provided function with respect to input ${i} is independent of the input. This is ` +
          "not allowed in strict mode. You should ensure that your function is thrice differentiable and that the " +
          "hessian depends on the inputs."
        : stage === "jacobian"
        ? "While computing the hessian, found that the jacobian of the user-provided function with respect to input " +
          `${i} is independent of the input. This is not allowed in strict mode. You should ensure that your function ` +
          "is twice differentiable and that the jacobian depends on the inputs (this would be violated by a linear " +
          "function for example)."
        : stage === "grad_inputs"
        ? `The gradient with respect to input ${i} is independent of the inputs of the user-provided function. This ` +
          "is not allowed in strict mode."
        : `Output ${i} of the user-provided function does not require gradients. The outputs must be computed in a ` +
          "differentiable manner from the input when running in strict mode.",
    );
  });
}

/** autograd.grad over the outputs that have a graph (none: no gradients at all), unused inputs giving null. */
function gradOf(
  outs: (Tensor | null)[],
  xs: Tensor[],
  gos: Tensor[] | null,
  createGraph: boolean,
  retainGraph?: boolean,
): (Tensor | null)[] {
  const keep = outs.flatMap((o, i) => (o !== null && o.requiresGrad ? [i] : []));
  if (keep.length === 0) return xs.map(() => null);
  return grad(keep.map((i) => outs[i]!), xs, gos && keep.map((i) => gos[i]), retainGraph ?? createGraph, createGraph, {
    allowUnused: true,
  });
}

type Back = "back" | "back_trick" | "double_back" | "double_back_trick";
/** Missing gradients as zeros shaped like `refs`, or strict mode's error (PyTorch's `_fill_in_zeros`). */
function zerosFor(gs: (Tensor | null)[], refs: Tensor[], strict: boolean, createGraph: boolean, stage: Back): Tensor[] {
  return gs.map((g, i) => {
    if (g === null) {
      if (strict) {
        throw new RuntimeError(
          stage === "back"
            ? `The output of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`
            : stage === "back_trick"
            ? `The gradient with respect to the input is independent of entry ${i} in the grad_outputs when using the ` +
              "double backward trick to compute forward mode gradients. This is not allowed in strict mode."
            : stage === "double_back"
            ? `The jacobian of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`
            : `The hessian of the user-provided function is independent of entry ${i} in the grad_jacobian. This is ` +
              "not allowed in strict mode as it prevents from using the double backward trick to replace forward mode AD.",
        );
      }
      return refs[i].newZeros(refs[i].shape);
    }
    if (strict && createGraph && !g.requiresGrad) {
      throw new RuntimeError(
        `The ${stage.startsWith("double") ? "hessian" : "jacobian"} of the user-provided function is independent of ` +
          `input ${i}. This is not allowed in strict mode when create_graph=True.`,
      );
    }
    return g;
  });
}

/** The function's outputs as a list, and whether it returned a list. */
function outputsOf(op: string, y: unknown): [Tensor[], boolean] {
  return [tensorsOf(y, "outputs of the user-provided function", op), !isTensor(y)];
}

/** When jvp, vhp and hvp may go without `v` (the end of PyTorch's message). */
const ONE_INPUT = "the input to the user-provided function is a single Tensor with a single element.";

/**
 * `v` as a list checked against `other`, or null when not given, which only a single one-element `other` allows
 * (`none` ends the message otherwise).
 */
function vectorOf(op: string, v: unknown, other: Tensor[], otherIsList: boolean, createGraph: boolean, none: string) {
  if (v === null) {
    if (other.length !== 1 || other[0].numel() !== 1) {
      throw new RuntimeError(`The vector v can only be None if ${none}`);
    }
    return null;
  }
  const vs = prepare(tensorsOf(v, "v", op), createGraph, false);
  checkV(vs, other, otherIsList);
  return vs;
}

/** A single-element scalar function's output (hessian, vhp, hvp), or PyTorch's error. */
function scalarOutput(op: string, y: unknown, strict: boolean): Tensor {
  const [outs, isList] = outputsOf(op, y);
  checkRequiresGrad(outs, "outputs", strict);
  if (isList) throw new RuntimeError(`The function given to ${op} should return a single Tensor`);
  if (outs[0].numel() !== 1) {
    throw new RuntimeError(`The Tensor returned by the function given to ${op} should contain a single element`);
  }
  return outs[0];
}

/**
 * The Jacobian of `func` at `inputs` (one input and output: a tensor of
 * shape output.shape + input.shape; several: nested lists, outputs first).
 * `createGraph` and `strict` (an output independent of an input is an
 * error) go by position or in an options object, as PyTorch's keywords.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const J = torch.autograd.functional.jacobian((x: torch.Tensor) => x.pow(2), torch.tensor([1, 2], { dtype: torch.float64 }));
 * assert.deepEqual((J as torch.Tensor).tolist(), [[2, 0], [0, 4]]);
 * ```
 */
export function jacobian(func: (x: Tensor) => Tensor, inputs: Tensor, ...rest: JacobianFlags[]): Tensor;
/** Several inputs or outputs: lists in, lists out (PyTorch's tuples). */
export function jacobian(
  func: Func,
  inputs: Tensor | readonly Tensor[],
  ...rest: JacobianFlags[]
): Tensor | Tensor[] | Tensor[][];
export function jacobian(
  func: Func,
  inputs: Tensor | readonly Tensor[],
  ...rest: JacobianFlags[]
): Tensor | Tensor[] | Tensor[][] {
  const { createGraph, strict, vectorize, strategy } = bind(JACOBIAN, [func, inputs, ...rest]);
  if (strategy === "forward-mode") {
    // PyTorch's refusals of forward mode (its NotImplementedError is a RuntimeError)
    if (createGraph) {
      throw new RuntimeError(
        'torch.autograd.functional.jacobian: `create_graph=True` and `strategy="forward-mode"` are not supported ' +
          'together (yet). Please either set `create_graph=False` or `strategy="reverse-mode"`.',
      );
    }
    if (strict) {
      throw new RuntimeError(
        'torch.autograd.functional.jacobian: `strict=True` and `strategy="forward-mode"` are not supported together ' +
          '(yet). Please either set `strict=False` or `strategy="reverse-mode"`.',
      );
    }
    if (!vectorize) {
      throw new RuntimeError(
        "Computing Jacobian using forward-AD or forward-over-reverse Hessian isonly implemented for `vectorize=True`.",
      );
    }
  }
  const inIsList = !isTensor(inputs);
  const xs = prepare(tensorsOf(inputs, "inputs", "jacobian"), createGraph, true);
  return withGradMode(true, () => jacobianAt(func, xs, inIsList, createGraph, strict, vectorize));
}

/**
 * jacobian's work, in grad mode: one backward per output element, whatever the strategy (PyTorch's vectorized and
 * forward-mode paths compute the same matrix in fewer calls).
 */
function jacobianAt(func: Func, xs: Tensor[], inIsList: boolean, createGraph: boolean, strict: boolean, vec: boolean) {
  const [outs, outIsList] = outputsOf("jacobian", func(...xs));
  checkRequiresGrad(outs, "outputs", strict);
  if (vec && strict) {
    throw new RuntimeError(
      "torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are not supported together. Please " +
        "either set `strict=False` or `vectorize=False`.",
    );
  }
  const rows = outs.map((o, oi) => {
    const flat = o.reshape(-1), n = flat.numel();
    // PyTorch stacks each input's rows: an output without elements is its empty-stack error (vectorized, a 0-row matrix)
    if (n === 0 && !vec) throw new RuntimeError("stack expects a non-empty TensorList");
    const parts: Tensor[][] = xs.map(() => []);
    for (let j = 0; j < n; j++) {
      const gs = gradOf([flat.get(j)], xs, null, createGraph, true);
      gs.forEach((g, xi) => {
        if (g === null) {
          if (strict) {
            throw new RuntimeError(
              `Output ${oi} of the user-provided function is independent of input ${xi}. This is not allowed in strict mode.`,
            );
          }
          parts[xi].push(xs[xi].newZeros(xs[xi].shape));
        } else {
          if (strict && createGraph && !g.requiresGrad) {
            // (PyTorch's message names the output's index here)
            throw new RuntimeError(
              `The jacobian of the user-provided function is independent of input ${oi}. This is not allowed in ` +
                "strict mode when create_graph=True.",
            );
          }
          parts[xi].push(g);
        }
      });
    }
    const J = parts.map((p, xi) =>
      (n ? F.stack(p, 0) : xs[xi].newZeros([0, ...xs[xi].shape])).reshape([...o.shape, ...xs[xi].shape])
    );
    return unpack(finish(J, createGraph), inIsList);
  });
  return unpack(rows, outIsList) as Tensor | Tensor[] | Tensor[][];
}

/**
 * The Hessian of a scalar function at `inputs` (several inputs: a nested
 * list). `createGraph` and `strict` go by position or by name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const H = torch.autograd.functional.hessian((x: torch.Tensor) => x.pow(3).sum(), torch.tensor([1, 2], { dtype: torch.float64 }));
 * assert.deepEqual((H as torch.Tensor).tolist(), [[6, 0], [0, 12]]);
 * ```
 */
export function hessian(func: (x: Tensor) => Tensor, inputs: Tensor, ...rest: HessianFlags[]): Tensor;
/** Several inputs or outputs: lists in, lists out (PyTorch's tuples). */
export function hessian(
  func: (...xs: Tensor[]) => Tensor,
  inputs: Tensor | readonly Tensor[],
  ...rest: HessianFlags[]
): Tensor | Tensor[][];
export function hessian(
  func: (...xs: Tensor[]) => Tensor,
  inputs: Tensor | readonly Tensor[],
  ...rest: HessianFlags[]
): Tensor | Tensor[][] {
  const { createGraph, strict, vectorize, outerJacobianStrategy } = bind(HESSIAN, [func, inputs, ...rest]);
  const inIsList = !isTensor(inputs);
  tensorsOf(inputs, "inputs", "hessian");
  const once = (...xs: Tensor[]) => scalarOutput("hessian", func(...xs), strict).squeeze();
  const jac = (...xs: Tensor[]) => {
    const J = jacobian(once, xs, true) as Tensor[];
    checkRequiresGrad(J, "jacobian", strict);
    return J;
  };
  const ins = inIsList ? inputs : [inputs as Tensor];
  const H = jacobian(jac, ins, createGraph, strict, vectorize, outerJacobianStrategy) as Tensor[][];
  return inIsList ? H : H[0][0];
}

/**
 * [func(inputs), vᵀJ]: the vector-Jacobian product. `v` (shaped as the
 * outputs; optional for a single-element output), `createGraph` and
 * `strict` go by position or by name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const [y, g] = torch.autograd.functional.vjp((x: torch.Tensor) => x.mul(3), torch.ones(2), torch.tensor([1, 2], { dtype: torch.float32 }));
 * assert.deepEqual((g as torch.Tensor).tolist(), [3, 6]);
 * assert.deepEqual((y as torch.Tensor).tolist(), [3, 3]);
 * ```
 */
export function vjp(func: (x: Tensor) => Tensor, inputs: Tensor, ...rest: VFlags[]): [Tensor, Tensor];
/** Several inputs or outputs: lists in, lists out (PyTorch's tuples). */
export function vjp(
  func: Func,
  inputs: Tensor | readonly Tensor[],
  ...rest: VFlags[]
): [Tensor | Tensor[], Tensor | Tensor[]];
export function vjp(
  func: Func,
  inputs: Tensor | readonly Tensor[],
  ...rest: VFlags[]
): [Tensor | Tensor[], Tensor | Tensor[]] {
  const { v, createGraph, strict } = bind(VJP, [func, inputs, ...rest]);
  const inIsList = !isTensor(inputs);
  const xs = prepare(tensorsOf(inputs, "inputs", "vjp"), createGraph, true);
  const [outs, outIsList, vs] = withGradMode(true, () => {
    const [outs, outIsList] = outputsOf("vjp", func(...xs));
    checkRequiresGrad(outs, "outputs", strict);
    const vs = vectorOf(
      "vjp",
      v,
      outs,
      outIsList,
      createGraph,
      "the user-provided function returns a single Tensor with a single element.",
    );
    return [outs, outIsList, vs] as const;
  });
  const gs = zerosFor(
    lastBackward(createGraph, () => gradOf(outs, xs, vs, createGraph)),
    xs,
    strict,
    createGraph,
    "back",
  );
  return [unpack(finish(outs, createGraph), outIsList), unpack(finish(gs, createGraph), inIsList)];
}

/**
 * [func(inputs), Jv]: the Jacobian-vector product (by the double-backward
 * trick, as PyTorch's). `v` (shaped as the inputs; optional for a single
 * single-element input), `createGraph` and `strict` go by position or by
 * name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const [, jv] = torch.autograd.functional.jvp((x: torch.Tensor) => x.pow(2), torch.tensor([1, 2], { dtype: torch.float64 }), torch.ones(2, { dtype: torch.float64 }));
 * assert.deepEqual((jv as torch.Tensor).tolist(), [2, 4]);
 * ```
 */
export function jvp(
  func: (...xs: Tensor[]) => Tensor,
  inputs: Tensor | readonly Tensor[],
  ...rest: VFlags[]
): [Tensor, Tensor];
/** Several inputs or outputs: lists in, lists out (PyTorch's tuples). */
export function jvp(
  func: Func,
  inputs: Tensor | readonly Tensor[],
  ...rest: VFlags[]
): [Tensor | Tensor[], Tensor | Tensor[]];
export function jvp(
  func: Func,
  inputs: Tensor | readonly Tensor[],
  ...rest: VFlags[]
): [Tensor | Tensor[], Tensor | Tensor[]] {
  const { v, createGraph, strict } = bind(JVP, [func, inputs, ...rest]);
  const inIsList = !isTensor(inputs);
  const xs = prepare(tensorsOf(inputs, "inputs", "jvp"), createGraph, true);
  const vs = vectorOf(
    "jvp",
    v,
    xs,
    inIsList,
    createGraph,
    ONE_INPUT,
  );
  const [outs, outIsList, us, gis] = withGradMode(true, () => {
    const [outs, outIsList] = outputsOf("jvp", func(...xs));
    checkRequiresGrad(outs, "outputs", strict);
    // the backward is linear in these: their value does not matter, only that it is finite
    const us = outs.map((o) => o.newZeros(o.shape).requiresGrad_(true));
    const gis = gradOf(outs, xs, us, true);
    checkRequiresGrad(gis, "grad_inputs", strict);
    return [outs, outIsList, us, gis] as const;
  });
  const jv = lastBackward(createGraph, () => gradOf(gis, us, vs, createGraph));
  const js = zerosFor(jv, outs, strict, createGraph, "back_trick");
  return [unpack(finish(outs, createGraph), outIsList), unpack(finish(js, createGraph), outIsList)];
}

/** vhp and hvp: the scalar function's output and its gradient, with a graph for the second backward. */
function secondOrder(
  op: string,
  func: (...xs: Tensor[]) => Tensor,
  inputs: Tensor | readonly Tensor[],
  rest: VFlags[],
) {
  const { v, createGraph, strict } = bind(op === "vhp" ? VHP : HVP, [func, inputs, ...rest]);
  const inIsList = !isTensor(inputs);
  const xs = prepare(tensorsOf(inputs, "inputs", op), createGraph, true);
  const vs = vectorOf(
    op,
    v,
    xs,
    inIsList,
    createGraph,
    ONE_INPUT,
  );
  const [out, jac] = withGradMode(true, () => {
    const out = scalarOutput(op, func(...xs), strict);
    const jac = gradOf([out], xs, null, true);
    checkRequiresGrad(jac, "jacobian", strict);
    return [out, jac] as const;
  });
  return { xs, vs, out, jac, createGraph, strict, inIsList };
}

/**
 * [func(inputs), vᵀH]: the vector-Hessian product of a scalar function.
 * `v` (shaped as the inputs), `createGraph` and `strict` go by position or
 * by name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const x = torch.tensor([1, 2], { dtype: torch.float64 });
 * const [y, vh] = torch.autograd.functional.vhp((t: torch.Tensor) => t.pow(3).sum(), x, torch.ones(2, { dtype: torch.float64 }));
 * assert.equal(y.item(), 9);
 * assert.deepEqual((vh as torch.Tensor).tolist(), [6, 12]);
 * ```
 */
export function vhp(func: (x: Tensor) => Tensor, inputs: Tensor, ...rest: VFlags[]): [Tensor, Tensor];
/** Several inputs or outputs: lists in, lists out (PyTorch's tuples). */
export function vhp(
  func: (...xs: Tensor[]) => Tensor,
  inputs: Tensor | readonly Tensor[],
  ...rest: VFlags[]
): [Tensor, Tensor | Tensor[]];
export function vhp(
  func: (...xs: Tensor[]) => Tensor,
  inputs: Tensor | readonly Tensor[],
  ...rest: VFlags[]
): [Tensor, Tensor | Tensor[]] {
  const s = secondOrder("vhp", func, inputs, rest);
  const r = lastBackward(s.createGraph, () => gradOf(s.jac, s.xs, s.vs, s.createGraph));
  const hs = zerosFor(r, s.xs, s.strict, s.createGraph, "double_back");
  return [finish([s.out], s.createGraph)[0], unpack(finish(hs, s.createGraph), s.inIsList)];
}

/**
 * [func(inputs), Hv]: the Hessian-vector product of a scalar function (by
 * the double-backward trick, as PyTorch's). `v` (shaped as the inputs),
 * `createGraph` and `strict` go by position or by name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const x = torch.tensor([1, 2], { dtype: torch.float64 });
 * const [, hv] = torch.autograd.functional.hvp((t: torch.Tensor) => t.pow(3).sum(), x, { v: torch.ones(2, { dtype: torch.float64 }) });
 * assert.deepEqual((hv as torch.Tensor).tolist(), [6, 12]);
 * ```
 */
export function hvp(func: (x: Tensor) => Tensor, inputs: Tensor, ...rest: VFlags[]): [Tensor, Tensor];
/** Several inputs or outputs: lists in, lists out (PyTorch's tuples). */
export function hvp(
  func: (...xs: Tensor[]) => Tensor,
  inputs: Tensor | readonly Tensor[],
  ...rest: VFlags[]
): [Tensor, Tensor | Tensor[]];
export function hvp(
  func: (...xs: Tensor[]) => Tensor,
  inputs: Tensor | readonly Tensor[],
  ...rest: VFlags[]
): [Tensor, Tensor | Tensor[]] {
  const s = secondOrder("hvp", func, inputs, rest);
  const [us, back] = withGradMode(true, () => {
    const us = s.xs.map((x) => x.newZeros(x.shape).requiresGrad_(true));
    const back = gradOf(s.jac, s.xs, us, true);
    checkRequiresGrad(s.jac, "hessian", s.strict);
    return [us, back] as const;
  });
  const r = lastBackward(s.createGraph, () => gradOf(back, us, s.vs, s.createGraph));
  const hs = zerosFor(r, s.xs, s.strict, s.createGraph, "double_back_trick");
  return [finish([s.out], s.createGraph)[0], unpack(finish(hs, s.createGraph), s.inIsList)];
}

/** torch.autograd. */
export const autograd: {
  /** A custom differentiable operation (subclass it; see AutogradFunction). */
  Function: typeof AutogradFunction;
  FunctionCtx: typeof FunctionCtx;
  grad: typeof grad;
  backward: typeof backward;
  gradcheck: typeof gradcheck;
  gradgradcheck: typeof gradgradcheck;
  detectAnomaly: typeof detectAnomaly;
  setDetectAnomaly: typeof setDetectAnomaly;
  /** torch.noGrad, as torch.autograd.no_grad. */
  noGrad: typeof noGrad;
  /** torch.enableGrad, as torch.autograd.enable_grad. */
  enableGrad: typeof enableGrad;
  /** torch.inferenceMode, as torch.autograd.inference_mode. */
  inferenceMode: typeof inferenceMode;
  /** torch.setGradEnabled, as torch.autograd.set_grad_enabled. */
  setGradEnabled: typeof setGradEnabledGuard;
  GradcheckError: typeof GradcheckError;
  functional: {
    jacobian: typeof jacobian;
    hessian: typeof hessian;
    vjp: typeof vjp;
    jvp: typeof jvp;
    vhp: typeof vhp;
    hvp: typeof hvp;
  };
} = {
  Function: AutogradFunction,
  FunctionCtx,
  grad,
  backward,
  gradcheck,
  gradgradcheck,
  detectAnomaly,
  setDetectAnomaly,
  noGrad,
  enableGrad,
  inferenceMode,
  setGradEnabled: setGradEnabledGuard,
  GradcheckError,
  functional: { jacobian, hessian, vjp, jvp, vhp, hvp },
};
