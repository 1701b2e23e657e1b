/**
 * Gradient and parameter helpers PyTorch keeps in torch.nn.utils:
 * clipGradNorm_ (getTotalNorm, then clipGradsWithNorm_), clipGradValue_,
 * parametersToVector, vectorToParameters.
 * They need tensors only, so they live here and nn re-exports them as
 * nn.utils.*.
 */
import { withGradMode } from "../autograd/grad_mode.ts";
import { Binder, type Forms, opt, req } from "../api/signature.ts";
import { promoteTypes } from "../core/dtype.ts";
import { RuntimeError } from "../core/errors.ts";
import { torch } from "../torch/mod.ts";
import { peekGrad, Tensor } from "../torch/tensor.ts";
import { CONV } from "./optimizer.ts";

/** One tensor or an iterable of them (parameters). */
export type TensorOrTensors = Tensor | Iterable<Tensor>;

function tensorList(name: string, v: unknown): Tensor[] {
  if (v instanceof Tensor) return [v];
  if (v === null || typeof (v as Iterable<unknown>)?.[Symbol.iterator] !== "function") {
    throw new TypeError(`${name}: expected a tensor or an iterable of tensors, got ${v === null ? "null" : typeof v}`);
  }
  const out = [...(v as Iterable<unknown>)];
  out.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`${name}: element ${i} is not a Tensor`);
  });
  return out as Tensor[];
}

/** Python's str of a float (2.0, inf). */
const pyFloat = (x: number) =>
  Number.isInteger(x) ? `${x}.0` : Number.isFinite(x) ? String(x) : Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";

const TOTAL_NORM_SIG = {
  pos: [
    req("tensors", "any"),
    opt("normType", "number", 2.0),
    opt("errorIfNonfinite", "bool", false),
    opt("foreach", "bool", null),
  ],
  kw: [],
} as const;
const TOTAL_NORM = new Binder("getTotalNorm", TOTAL_NORM_SIG);

/**
 * The norm of the per-tensor norms of `tensors` (usually gradients): the
 * norm of all their elements together, as a 0-d tensor (PyTorch's
 * get_total_norm; 0 for no tensors). `errorIfNonfinite` makes a NaN or
 * infinite total an error. `foreach` is accepted for PyTorch's signature
 * (every CPU tensor supports it; the result is the same).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const n = nn.utils.getTotalNorm([torch.tensor([3.0]).float(), torch.tensor([4.0]).float()]);
 * assert.equal(n.item(), 5);
 * ```
 */
export function getTotalNorm(...args: Forms<typeof TOTAL_NORM_SIG, Tensor, Tensor>): Tensor {
  const a = TOTAL_NORM.bind(args, CONV);
  const tensors = tensorList("getTotalNorm", a.tensors);
  const normType: number = a.normType;
  return withGradMode(false, () => {
    // torch.tensor(0.0) in PyTorch: a float of the default dtype (a JS 0 would make an int64)
    if (tensors.length === 0) return torch.zeros([]);
    const norms = tensors.map((g) => torch.linalg.vectorNorm(g, normType));
    // torch.stack promotes the per-dtype norms to one dtype
    const dtype = norms.reduce((d, n) => promoteTypes(d, n.dtype), norms[0].dtype);
    const total = torch.linalg.vectorNorm(torch.stack(norms.map((n) => n.to(dtype))), normType);
    if (a.errorIfNonfinite && !Number.isFinite(Number(total.item()))) {
      throw new RuntimeError(
        `The total norm of order ${
          pyFloat(normType)
        } for gradients from \`parameters\` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set \`errorIfNonfinite=false\``,
      );
    }
    return total;
  });
}

const CLIP_WITH_NORM_SIG = {
  pos: [req("parameters", "any"), req("maxNorm", "number"), req("totalNorm", "array"), opt("foreach", "bool", null)],
  kw: [],
} as const;
const CLIP_WITH_NORM = new Binder("clipGradsWithNorm_", CLIP_WITH_NORM_SIG);

/**
 * Scales the gradients of `parameters` in place by
 * `min(maxNorm / (totalNorm + 1e-6), 1)` (PyTorch's clip_grads_with_norm_:
 * clipGradNorm_ with a total norm computed beforehand, e.g. by
 * getTotalNorm over several groups).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { nn, torch } from "../../mod.ts";
 * const w = torch.zeros(2, { requiresGrad: true });
 * w.grad = torch.tensor([3.0, 4.0]).float();
 * nn.utils.clipGradsWithNorm_([w], 1.0, nn.utils.getTotalNorm([w.grad]));
 * assert.ok(Math.abs((w.grad.norm().item() as number) - 1) < 1e-5);
 * ```
 */
export function clipGradsWithNorm_(...args: Forms<typeof CLIP_WITH_NORM_SIG, Tensor, Tensor>): void {
  const a = CLIP_WITH_NORM.bind(args, CONV);
  const params = tensorList("clipGradsWithNorm_", a.parameters);
  withGradMode(false, () => {
    const grads = params.map((p) => peekGrad(p)).filter((g): g is Tensor => g !== null);
    if (grads.length === 0) return;
    // maxNorm / (total + 1e-6): a float over a tensor is reciprocal() * float in PyTorch
    const coef = torch.clamp((a.totalNorm as Tensor).add(1e-6).reciprocal().mul(a.maxNorm), { max: 1.0 });
    for (const g of grads) g.mul_(coef);
  });
}

const CLIP_NORM = new Binder("clipGradNorm_", {
  pos: [
    req("parameters", "any"),
    req("maxNorm", "number"),
    opt("normType", "number", 2.0),
    opt("errorIfNonfinite", "bool", false),
    opt("foreach", "bool", null),
  ],
  kw: [],
});

/**
 * Scales the gradients of `parameters` in place so that their total norm
 * (the norm of the per-tensor norms) is at most `maxNorm`; returns the
 * total norm before clipping (a 0-d tensor), as PyTorch computes it:
 * coefficient `min(maxNorm / (total + 1e-6), 1)`.
 *
 * @example
 * ```ts
 * import { optim, torch } from "../../mod.ts";
 * const w = torch.zeros(2, { requiresGrad: true });
 * w.grad = torch.tensor([3.0, 4.0], { dtype: "float32" });
 * console.log(optim.clipGradNorm_([w], 1.0).item()); // 5
 * console.log((w.grad!.norm().item() as number) < 1.0001); // true
 * ```
 */
export function clipGradNorm_(
  ...args:
    | [
      parameters: TensorOrTensors,
      maxNorm: number,
      normType?: number,
      errorIfNonfinite?: boolean,
      foreach?: boolean | null,
    ]
    | [
      parameters: TensorOrTensors,
      maxNorm: number,
      opts: { normType?: number; errorIfNonfinite?: boolean; foreach?: boolean | null },
    ]
): Tensor {
  const a = CLIP_NORM.bind(args, CONV);
  const params = tensorList("clipGradNorm_", a.parameters);
  // PyTorch's clip_grad_norm_: the total norm of the gradients, then the clip by it
  // (read unseen: nothing here keeps them, so zeroGrad may still reuse the gradients' memory)
  const grads = params.map((p) => peekGrad(p)).filter((g): g is Tensor => g !== null);
  const total = getTotalNorm(grads, a.normType, a.errorIfNonfinite, a.foreach);
  clipGradsWithNorm_(params, a.maxNorm, total, a.foreach);
  return total;
}

const CLIP_VALUE = new Binder("clipGradValue_", {
  pos: [req("parameters", "any"), req("clipValue", "number"), opt("foreach", "bool", null)],
  kw: [],
});

/**
 * Clamps every gradient of `parameters` into [-clipValue, clipValue], in place.
 *
 * @example
 * ```ts
 * import { optim, torch } from "../../mod.ts";
 * const w = torch.zeros(3, { requiresGrad: true });
 * w.grad = torch.tensor([-5.0, 0.5, 5.0]);
 * optim.clipGradValue_([w], 1);
 * console.log(w.grad.tolist()); // [-1, 0.5, 1]
 * ```
 */
export function clipGradValue_(
  ...args:
    | [parameters: TensorOrTensors, clipValue: number, foreach?: boolean | null]
    | [parameters: TensorOrTensors, clipValue: number, opts: { foreach?: boolean | null }]
): void {
  const a = CLIP_VALUE.bind(args, CONV);
  const params = tensorList("clipGradValue_", a.parameters);
  withGradMode(false, () => {
    for (const p of params) peekGrad(p)?.clamp_({ min: -a.clipValue, max: a.clipValue });
  });
}

function checkDevice(params: Tensor[]): void {
  for (const p of params) {
    if (p.device !== params[0].device) {
      throw new TypeError("Found two parameters on different devices, this is currently not supported.");
    }
  }
}

/**
 * The parameters flattened and concatenated into one vector (recorded by
 * autograd, as PyTorch's).
 *
 * @example
 * ```ts
 * import { optim, torch } from "../../mod.ts";
 * console.log(optim.parametersToVector([torch.ones(2, 2), torch.zeros(3)]).shape); // [7]
 * ```
 */
export function parametersToVector(parameters: Iterable<Tensor>): Tensor {
  const params = tensorList("parametersToVector", parameters);
  checkDevice(params);
  return torch.cat(params.map((p) => p.reshape(-1)));
}

/**
 * Points each parameter's data at its slice of `vec` (the parameters then
 * share `vec`'s memory, as PyTorch's `param.data = vec[a:b].view_as(param)`).
 *
 * @example
 * ```ts
 * import { optim, torch } from "../../mod.ts";
 * const a = torch.zeros(2), b = torch.zeros(1);
 * optim.vectorToParameters(torch.tensor([1.0, 2.0, 3.0]), [a, b]);
 * console.log(a.tolist(), b.tolist()); // [1, 2] [3]
 * ```
 */
export function vectorToParameters(vec: Tensor, parameters: Iterable<Tensor>): void {
  if (!(vec instanceof Tensor)) {
    throw new TypeError(`expected torch.Tensor, but got: ${vec === null ? "null" : typeof vec}`);
  }
  const params = tensorList("vectorToParameters", parameters);
  checkDevice(params);
  const total = params.reduce((s, p) => s + p.numel(), 0);
  if (vec.ndim !== 1 || vec.numel() < total) {
    throw new RangeError(`vectorToParameters: a vector of ${total} elements is needed, got shape [${vec.shape}]`);
  }
  let at = 0;
  for (const p of params) {
    const n = p.numel();
    p.data = vec.narrow(0, at, n).viewAs(p).data;
    at += n;
  }
}
