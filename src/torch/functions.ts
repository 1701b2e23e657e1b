/**
 * torch's functions (generated from the declarations), torch.linalg, and
 * torch.autograd (grad, backward, gradcheck, functional jacobian / hessian
 * / vjp / jvp).
 */
import type { Merged } from "../api/define.ts";
import type { Functions } from "../api/surface.ts";
import { Binder, describe, type Forms, opt, req } from "../api/signature.ts";
import { TORCH_LINALG } from "../api/ops/linalg.ts";
import { withGradMode } from "../autograd/grad_mode.ts";
import { RuntimeError } from "../core/errors.ts";
import type { TORCH_DECLS } from "./decls.ts";
import { setCalculusFns } from "../api/ops/calculus.ts";
import { setIndexExtraFns } from "../api/ops/index_extra.ts";
import { setManipExtraFns } from "../api/ops/manip_extra.ts";
import { setMathExtra2Fns } from "../api/ops/math_extra2.ts";
import { setCompositeFns, setLinalg } from "./ops/composites.ts";
import { LINALG_EXTRA_FNS, setLinalgExtraFns } from "./ops/linalg_extra.ts";
import { LINALG_COMPOSITES, setLinalgFns } from "./ops/linalg.ts";
import { LINALG_MORE_FNS, setLinalgMoreFns } from "./ops/linalg_more.ts";
import { setLinalgFactorFns, TORCH_LINALG_FACTOR } from "./ops/linalg_factor.ts";
import { setLowrankFns } from "./lowrank.ts";
import { setLobpcgFns } from "./lobpcg.ts";
import { setDerivativeFns } from "./runner.ts";
import {
  backward as runBackwardFrom,
  CONV,
  gradFor,
  isTensor,
  rootGrad,
  type Tensor,
  TORCH_FUNCTIONS,
  torchFunctions,
} from "./tensor.ts";

/** torch.linalg's declarations: the primitives and the composites written from them (which replace some). */
export const LINALG_DECLS: Merged<
  [
    typeof TORCH_LINALG,
    typeof LINALG_COMPOSITES,
    typeof LINALG_EXTRA_FNS,
    typeof LINALG_MORE_FNS,
    typeof TORCH_LINALG_FACTOR,
  ]
> = {
  ...TORCH_LINALG,
  ...LINALG_COMPOSITES,
  ...LINALG_EXTRA_FNS,
  ...LINALG_MORE_FNS,
  ...TORCH_LINALG_FACTOR,
};

/** The generated torch functions' types. */
export type TorchFns = Functions<typeof TORCH_DECLS, "torch", Tensor, Tensor>;
/** torch.linalg's functions' types. */
export type TorchLinalgFns = Functions<typeof LINALG_DECLS, "torch", Tensor, Tensor>;

/** Every generated torch function (internal `_` ones included). */
export const F: TorchFns = TORCH_FUNCTIONS as unknown as TorchFns;
/** torch.linalg. */
export const linalg: TorchLinalgFns = torchFunctions(LINALG_DECLS) as unknown as TorchLinalgFns;
setDerivativeFns(F, linalg);
setLinalgFns(linalg);
setCompositeFns(F);
setIndexExtraFns(F);
setManipExtraFns(F);
setMathExtra2Fns(F);
setCalculusFns(F);
setLinalgExtraFns(F, linalg);
setLinalgMoreFns(F, linalg);
setLinalgFactorFns(F, linalg);
setLowrankFns(F, linalg);
setLobpcgFns(F, linalg);
setLinalg(linalg);

const list = (v: Tensor | readonly Tensor[]): Tensor[] => (isTensor(v) ? [v] : [...v]);

/**
 * One tensor or a list of them as a list, checked as PyTorch's autograd checks the arguments and results of its
 * functions (`_as_tuple`): `what` names the value and `fn` the function in the message.
 */
export function tensorsOf(v: unknown, what: string, fn: string): Tensor[] {
  if (isTensor(v)) return [v];
  const head = `The ${what} given to ${fn} must be either a Tensor or a list of Tensors but`;
  let isList = false;
  try {
    isList = Array.isArray(v);
  } catch {
    // a revoked Proxy: not a list, described below
  }
  if (!isList) throw new TypeError(`${head} the given ${what} has type ${describe(v)}.`);
  const xs: unknown[] = [...(v as unknown[])]; // a copy: what is checked is what is used
  xs.forEach((x, i) => {
    if (!isTensor(x)) throw new TypeError(`${head} the value at index ${i} has type ${describe(x)}.`);
  });
  return xs as Tensor[];
}

/** Checks the function argument `name` of `fn`. */
export function checkFunc(fn: string, name: string, f: unknown): void {
  if (typeof f !== "function") throw new TypeError(`${fn}(): ${name} must be a function, not ${describe(f)}`);
}

/** Checks an options argument: its default replaces only undefined (null's fields cannot be read). */
function checkOptions(fn: string, opts: unknown): void {
  if (typeof opts !== "object" || opts === null) {
    throw new TypeError(`${fn}(): the options must be an object, not ${describe(opts)}`);
  }
}

/** The tensor a user function returned (gradcheck, vjp and jvp take one output). */
function outputOf(fn: string, name: string, y: unknown): Tensor {
  if (!isTensor(y)) throw new TypeError(`${fn}(): ${name} must return a Tensor, not ${describe(y)}`);
  return y;
}

const GRADCHECK = new Binder("gradcheck", {
  pos: [req("fn", "any"), req("inputs", "any")],
  kw: [
    opt("eps", "number", 1e-6),
    opt("atol", "number", 1e-5),
    opt("rtol", "number", 1e-3),
    opt("raiseException", "bool", true),
  ],
});

/** `torch.autograd.grad`'s signature. */
export const GRAD_SIG = {
  pos: [
    req("outputs", "arrayOrArrays"),
    req("inputs", "arrayOrArrays"),
    opt("gradOutputs", "grads", null),
    opt("retainGraph", "bool", null),
    opt("createGraph", "bool", false),
  ],
  // (allowUnused: null when not given, which materializeGrads tells from an explicit false, as PyTorch's None)
  kw: [opt("allowUnused", "bool", null), opt("materializeGrads", "bool", false), opt("isGradsBatched", "bool", false)],
} as const;
/** `torch.autograd.backward`'s signature. */
export const BACKWARD_SIG = {
  pos: [
    req("tensors", "arrayOrArrays"),
    opt("gradTensors", "grads", null),
    opt("retainGraph", "bool", null),
    opt("createGraph", "bool", false),
  ],
  kw: [opt("inputs", "arrayOrArrays", null)],
} as const;
const GRAD = new Binder("grad", GRAD_SIG);
const BACKWARD = new Binder("backward", BACKWARD_SIG);
/**
 * `torch.autograd.grad`'s call forms: `(outputs, inputs, gradOutputs?,
 * retainGraph?, createGraph?)` by position, then options (`allowUnused`,
 * `materializeGrads`, `isGradsBatched` or any of the others).
 */
export type GradArgs = Forms<typeof GRAD_SIG, Tensor, Tensor>;
/**
 * `torch.autograd.backward`'s call forms: `(tensors, gradTensors?,
 * retainGraph?, createGraph?)` by position, then options (`inputs` or any
 * of the others).
 */
export type AutogradBackwardArgs = Forms<typeof BACKWARD_SIG, Tensor, Tensor>;

/**
 * Gradients of `outputs` with respect to `inputs`, without touching `.grad`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const x = torch.tensor([1, 2], { dtype: torch.float64, requiresGrad: true });
 * const [g] = torch.autograd.grad(x.pow(3).sum(), x);
 * assert.deepEqual(g!.tolist(), [3, 12]);
 * ```
 */
export function grad(...args: GradArgs): (Tensor | null)[] {
  const a = GRAD.bind(args, CONV);
  const outs = list(a.outputs), ins = list(a.inputs);
  if (ins.length === 0) throw new RuntimeError("`inputs` argument to `grad()` cannot be empty.");
  if (a.materializeGrads && a.allowUnused === false) {
    throw new RangeError(
      "Expected allow_unused to be True or not passed when materialize_grads=True, but got: allow_unused=False.",
    );
  }
  const gos = gradsFor(a.gradOutputs, outs.length);
  const unused = (a.allowUnused ?? false) || a.materializeGrads;
  const once = (g: (Tensor | null)[], retain: boolean) =>
    gradFor(outs, outs.map((o, i) => rootGrad(o, g[i], i)), ins, retain, a.createGraph, unused);
  const retain = a.retainGraph ?? a.createGraph;
  const r = a.isGradsBatched ? batchedGrads(gos, ins, once, retain) : once(gos, retain);
  return a.materializeGrads ? r.map((g, i) => g ?? ins[i].newZeros(ins[i].shape)) : r;
}

/** The gradients given for `n` outputs, one each (null: implicit); fewer is PyTorch's error, more are ignored. */
function gradsFor(v: Tensor | readonly (Tensor | null)[] | null, n: number): (Tensor | null)[] {
  if (v === null) return new Array(n).fill(null);
  const gs = isTensor(v) ? [v] : [...v];
  if (gs.length < n) throw new RuntimeError(`got ${n} tensors and ${gs.length} gradients`);
  return gs;
}

/**
 * isGradsBatched: the gradients' first dim is a batch, each entry one backward (the graph kept between them), each
 * input's results stacked along a new first dim (PyTorch vmaps the backward; the results are the same).
 */
function batchedGrads(
  gos: (Tensor | null)[],
  ins: Tensor[],
  once: (g: (Tensor | null)[], retain: boolean) => (Tensor | null)[],
  retain: boolean,
): (Tensor | null)[] {
  const given = gos.filter((g): g is Tensor => g !== null);
  const b = given.length ? (given[0].ndim ? given[0].shape[0] : 0) : 0;
  for (const g of given) {
    if (g.ndim === 0 || g.shape[0] !== b) {
      throw new RuntimeError(
        `If is_grads_batched=True, every grad_output must have the same size in its first (batch) dimension`,
      );
    }
  }
  const per = Array.from({ length: b }, (_, k) => once(gos.map((g) => g && g.get(k)), k < b - 1 || retain));
  return ins.map((x, i) =>
    b === 0
      ? x.newZeros([0, ...x.shape])
      : per.every((p) => p[i] === null)
      ? null
      : F.stack(per.map((p) => p[i] ?? x.newZeros(x.shape)), 0)
  );
}

/**
 * Accumulates the gradients of several roots into the leaves' `.grad`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const x = torch.ones(2, { requiresGrad: true });
 * torch.autograd.backward([x.mul(2).sum(), x.mul(3).sum()]);
 * assert.deepEqual(x.grad!.tolist(), [5, 5]);
 * ```
 */
export function backward(...args: AutogradBackwardArgs): void {
  const a = BACKWARD.bind(args, CONV);
  const ts = list(a.tensors);
  const gs = a.gradTensors === null ? null : gradsFor(a.gradTensors, ts.length);
  runBackwardFrom(ts, gs, a.retainGraph, a.createGraph, a.inputs);
}

/**
 * gradcheck's failure (PyTorch's torch.autograd.GradcheckError, a RuntimeError).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const x = torch.tensor([1], { dtype: torch.float64, requiresGrad: true });
 * assert.throws(() => torch.autograd.gradcheck((t) => t.detach().mul(t), [x]), torch.autograd.GradcheckError);
 * ```
 */
export class GradcheckError extends RuntimeError {
  /** The mismatch, as PyTorch words it. */
  constructor(message: string) {
    super(message);
    this.name = "GradcheckError";
  }
}

/**
 * Checks analytical gradients against central finite differences (use
 * float64 inputs): returns true, or on a mismatch throws a GradcheckError
 * (returns false with `raiseException: false`). `fn` may return a tensor or
 * a list of them; inputs that require grad are checked (at least one must).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { torch } from "../../mod.ts";
 * const x = torch.tensor([0.5, 1.5], { dtype: torch.float64, requiresGrad: true });
 * assert.equal(torch.autograd.gradcheck((t) => t.exp().mul(t).sum(), [x]), true);
 * ```
 */
export function gradcheck(
  fn: (...xs: Tensor[]) => Tensor | Tensor[],
  inputs: Tensor | readonly Tensor[],
  opts: { eps?: number; atol?: number; rtol?: number; raiseException?: boolean } = {},
): boolean {
  checkFunc("gradcheck", "fn", fn);
  checkOptions("gradcheck", opts);
  const xs = tensorsOf(inputs, "inputs", "gradcheck");
  // (PyTorch's options are keyword-only: options only; an unknown one is named)
  const { eps, atol, rtol, raiseException } = GRADCHECK.bind([fn, inputs, opts], CONV);
  let any = false;
  xs.forEach((x, i) => {
    if (!x.requiresGrad) return;
    if (x.layout.strides.some((st, k) => st <= 0 && x.shape[k] > 1)) {
      throw new RuntimeError(
        `The ${i}th input has a dimension with stride 0. gradcheck only supports inputs that are non-overlapping to ` +
          "be able to compute the numerical gradients correctly. You should call .contiguous on the input before " +
          "passing it to gradcheck.",
      );
    }
    any = true;
  });
  if (!any) {
    throw new RangeError(
      "gradcheck expects at least one input tensor to require gradient, but none of them have requires_grad=True.",
    );
  }
  const outputs = (ys: unknown) => (isTensor(ys) ? [ys] : tensorsOf(ys, "outputs of fn", "gradcheck"));
  const first = fn(...xs);
  if (!isTensor(first) && !Array.isArray(first)) outputOf("gradcheck", "fn", first); // fn's own TypeError
  const outs = outputs(first);
  for (const [xi, x] of xs.entries()) {
    if (!x.requiresGrad) continue;
    const probe = x.detach().clone(), flat = probe.reshape(-1), nIn = x.numel();
    // numerical[o][j][i]: d output o element i / d input element j, by central differences
    const numerical = outs.map((o) => Array.from({ length: nIn }, () => new Array<number>(o.numel()).fill(0)));
    for (let j = 0; j < nIn; j++) {
      const keep = flat.get(j).item() as number;
      const run = (v: number) => {
        flat.set(j, v);
        const r = withGradMode(false, () => fn(...xs.map((y, k) => (k === xi ? probe : y.detach()))));
        return outputs(r).map((t) => t.double().reshape(-1).tolist() as number[]);
      };
      const plus = run(keep + eps), minus = run(keep - eps);
      flat.set(j, keep);
      plus.forEach((p, oi) => p.forEach((v, i) => (numerical[oi][j][i] = (v - minus[oi][i]) / (2 * eps))));
    }
    for (const [oi, o] of outs.entries()) {
      const n = o.numel();
      const analytical = Array.from({ length: nIn }, () => new Array<number>(n).fill(0));
      // one forward, its graph kept for every element's backward (an output without a graph, independent of every
      // input, has a zero Jacobian)
      const y = outputs(fn(...xs))[oi];
      for (let i = 0; i < n && y.requiresGrad; i++) {
        const gout = y.newZeros([n]);
        gout.set(i, 1);
        const [g] = grad(y, [x], { gradOutputs: gout.reshape(y.shape), retainGraph: i < n - 1, allowUnused: true });
        if (g) (g.double().reshape(-1).tolist() as number[]).forEach((v, j) => (analytical[j][i] = v));
      }
      const bad = analytical.some((row, j) =>
        row.some((v, i) => !(Math.abs(v - numerical[oi][j][i]) <= atol + rtol * Math.abs(numerical[oi][j][i])))
      );
      if (bad) {
        if (!raiseException) return false;
        const show = (m: number[][]) => String(F.tensor(m, { dtype: "float64" }));
        throw new GradcheckError(
          `Jacobian mismatch for output ${oi} with respect to input ${xi},\nnumerical:${show(numerical[oi])}\n` +
            `analytical:${show(analytical)}\n`,
        );
      }
    }
  }
  return true;
}
